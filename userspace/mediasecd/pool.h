/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local UDP ports of a network realm (access, core), handed out to
 * terminations in pairs: an even RTP port and the odd RTCP port after it
 * (RFC 3550 section 11).  Next-fit, so a port just released is the last
 * to be reused: late packets of an ended call do not reach a new one.
 */
#ifndef _MS_POOL_H
#define _MS_POOL_H

#include <stdint.h>

/**
 * struct ms_pool - the port pairs of one realm
 * @lo: first RTP port (even)
 * @pairs: number of pairs: RTP ports @lo, @lo + 2, ...
 * @used: pairs handed out
 * @next: where the next search starts (pair index)
 * @bits: one bit per pair, set when used
 */
struct ms_pool {
	uint16_t lo;
	uint32_t pairs;
	uint32_t used;
	uint32_t next;
	uint64_t *bits;
};

/* Ports @lo .. @hi (lo even, hi > lo); 0, -EINVAL or -ENOMEM. */
int ms_pool_init(struct ms_pool *p, uint16_t lo, uint16_t hi);
void ms_pool_fini(struct ms_pool *p);
/* An RTP port (RTCP is +1); 0 or -ENOSPC when all are used. */
int ms_pool_alloc(struct ms_pool *p, uint16_t *port);
/* Marks @port used (rebuilding state); 0, -ERANGE or -EEXIST. */
int ms_pool_reserve(struct ms_pool *p, uint16_t port);
/* Gives @port back; -ERANGE if not the pool's, -ENOENT if not used. */
int ms_pool_free(struct ms_pool *p, uint16_t port);
/* Whether @port (RTP or RTCP) belongs to the pool. */
int ms_pool_owns(const struct ms_pool *p, uint16_t port);

#endif /* _MS_POOL_H */
