/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the native SRTP engine tests.
 */
#ifndef _MS_SRTP_TEST_H
#define _MS_SRTP_TEST_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srtp.h"

/* Decode hex (whitespace ignored) into @out; returns bytes or -1. */
static inline int ms_unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		v = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (int)n : -1;
}

static inline void ms_hexdump(const char *tag, const unsigned char *p,
			      size_t n)
{
	size_t i;

	fprintf(stderr, "%s:", tag);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", p[i]);
	fprintf(stderr, "\n");
}

/* Make a context with one key (MKI @mki when @p->mki_len). */
static inline struct ms_srtp_ctx *ms_test_ctx(const struct ms_srtp_params *p,
					      const u8 *key, const u8 *salt,
					      u32 mki)
{
	struct ms_srtp_key_params kp = { .key = key, .salt = salt, .mki = mki };
	struct ms_srtp_ctx *ctx;

	if (ms_srtp_ctx_create(&ctx, p))
		return NULL;
	if (ms_srtp_key_add(ctx, &kp)) {
		ms_srtp_ctx_destroy(ctx);
		return NULL;
	}
	return ctx;
}

#endif /* _MS_SRTP_TEST_H */
