/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel facilities the SRTP engine uses, so that the same sources
 * build in the module and, with MEDIASEC_NATIVE defined, natively in
 * userspace (unit tests, fuzzing, benchmarks).  Everything that differs
 * beyond this lives in the crypto glue (srtp_crypto.h).
 */
#ifndef _MS_SRTP_PORT_H
#define _MS_SRTP_PORT_H

#ifdef MEDIASEC_NATIVE

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef __INT8_TYPE__ s8;
typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define U64_MAX		__UINT64_MAX__
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#else /* !MEDIASEC_NATIVE */

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/types.h>

#endif /* MEDIASEC_NATIVE */

/*
 * Big-endian loads and stores at any alignment, the same in both builds
 * (no header moves between kernel versions); compilers turn them into
 * single byte-swapping loads and stores.
 */
static inline u16 ms_get_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 ms_get_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void ms_put_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void ms_put_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

#endif /* _MS_SRTP_PORT_H */
