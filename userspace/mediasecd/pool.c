// SPDX-License-Identifier: GPL-2.0
/*
 * Port pairs of a realm: see pool.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

int ms_pool_init(struct ms_pool *p, uint16_t lo, uint16_t hi)
{
	memset(p, 0, sizeof(*p));
	if ((lo & 1) || lo == 0 || hi <= lo)
		return -EINVAL;
	p->lo = lo;
	p->pairs = ((uint32_t)hi - lo + 1) / 2;
	p->bits = calloc((p->pairs + 63) / 64, sizeof(*p->bits));
	return p->bits ? 0 : -ENOMEM;
}

void ms_pool_fini(struct ms_pool *p)
{
	free(p->bits);
	memset(p, 0, sizeof(*p));
}

static int test_bit(const struct ms_pool *p, uint32_t i)
{
	return !!(p->bits[i / 64] & (1ULL << (i % 64)));
}

int ms_pool_alloc(struct ms_pool *p, uint16_t *port)
{
	uint32_t i, n;

	if (p->used == p->pairs)
		return -ENOSPC;
	for (n = 0, i = p->next; n < p->pairs; n++, i = (i + 1) % p->pairs) {
		/* A whole word in use: skip to the next one. */
		if (!(i % 64) && p->bits[i / 64] == ~0ULL &&
		    p->pairs - i >= 64) {
			n += 63;
			i += 63;
			continue;
		}
		if (!test_bit(p, i))
			break;
	}
	if (n >= p->pairs)
		return -ENOSPC;
	p->bits[i / 64] |= 1ULL << (i % 64);
	p->used++;
	p->next = (i + 1) % p->pairs;
	*port = (uint16_t)(p->lo + 2 * i);
	return 0;
}

/* The pair index of RTP port @port, or -ERANGE. */
static int64_t pair_of(const struct ms_pool *p, uint16_t port)
{
	if (port < p->lo || (port & 1) || (uint32_t)(port - p->lo) / 2 >= p->pairs)
		return -ERANGE;
	return (port - p->lo) / 2;
}

int ms_pool_reserve(struct ms_pool *p, uint16_t port)
{
	int64_t i = pair_of(p, port);

	if (i < 0)
		return (int)i;
	if (test_bit(p, (uint32_t)i))
		return -EEXIST;
	p->bits[i / 64] |= 1ULL << (i % 64);
	p->used++;
	return 0;
}

int ms_pool_free(struct ms_pool *p, uint16_t port)
{
	int64_t i = pair_of(p, port);

	if (i < 0)
		return (int)i;
	if (!test_bit(p, (uint32_t)i))
		return -ENOENT;
	p->bits[i / 64] &= ~(1ULL << (i % 64));
	p->used--;
	return 0;
}

int ms_pool_owns(const struct ms_pool *p, uint16_t port)
{
	return pair_of(p, port & ~1) >= 0;
}
