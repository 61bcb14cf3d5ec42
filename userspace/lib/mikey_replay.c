// SPDX-License-Identifier: GPL-2.0
/*
 * The replay cache of RFC 3830 5.4 (mikey_replay.h).  Entries are kept in
 * the order they were added, in a ring; those older than the skew fall
 * out first.  A gateway's rate (hundreds of calls a second) against a
 * few thousand entries is a linear scan that costs less than the HMAC
 * that comes with each message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mikey_replay.h"

int mikey_replay_init(struct mikey_replay *c, unsigned int cap,
		      uint32_t skew)
{
	memset(c, 0, sizeof(*c));
	c->seen = calloc(cap ? cap : 1, sizeof(*c->seen));
	if (!c->seen)
		return -ENOMEM;
	c->cap = cap ? cap : 1;
	c->skew = skew;
	return 0;
}

void mikey_replay_free(struct mikey_replay *c)
{
	free(c->seen);
	memset(c, 0, sizeof(*c));
}

static uint64_t secs(const uint8_t *t64)
{
	return (uint64_t)t64[0] << 24 | (uint64_t)t64[1] << 16 |
	       (uint64_t)t64[2] << 8 | t64[3];
}

/* Entries out of the skew window at @now fall out. */
static void expire(struct mikey_replay *c, uint64_t now_s)
{
	while (c->n && c->seen[c->first].at + c->skew < now_s) {
		c->first = (c->first + 1) % c->cap;
		c->n--;
	}
}

static int hash(const uint8_t *t64, const uint8_t *rand, size_t rand_len,
		uint8_t *out)
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	int ok = x && EVP_DigestInit_ex(x, EVP_sha256(), NULL) &&
		 EVP_DigestUpdate(x, t64, 8) &&
		 EVP_DigestUpdate(x, rand, rand_len) &&
		 EVP_DigestFinal_ex(x, out, NULL);

	EVP_MD_CTX_free(x);
	return ok ? 0 : -EIO;
}

/* mikey_replay_check(), the message's hash left in @h for an add. */
static int check(struct mikey_replay *c, const uint8_t *t64,
		 const uint8_t *rand, size_t rand_len, uint64_t now,
		 uint8_t *h)
{
	uint64_t t = secs(t64), now_s = now >> 32;
	unsigned int i;

	if (t + c->skew < now_s || t > now_s + c->skew)
		return -ETIME;
	expire(c, now_s);
	if (hash(t64, rand, rand_len, h))
		return -EIO;
	for (i = 0; i < c->n; i++)
		if (!memcmp(c->seen[(c->first + i) % c->cap].hash, h, 32))
			return -EALREADY;
	return c->n == c->cap ? -EBUSY : 0;
}

int mikey_replay_check(struct mikey_replay *c, const uint8_t *t64,
		       const uint8_t *rand, size_t rand_len, uint64_t now)
{
	uint8_t h[32];

	return check(c, t64, rand, rand_len, now, h);
}

int mikey_replay_add(struct mikey_replay *c, const uint8_t *t64,
		     const uint8_t *rand, size_t rand_len, uint64_t now)
{
	uint8_t h[32];
	int ret = check(c, t64, rand, rand_len, now, h);
	unsigned int at;

	if (ret)
		return ret;
	at = (c->first + c->n) % c->cap;
	/*
	 * A copy could come until T + skew, and T is at most now + skew:
	 * kept until now + 2 * skew (expire() drops it a skew after @at).
	 * Entries stay in the order of @at.
	 */
	c->seen[at].at = (now >> 32) + c->skew;
	memcpy(c->seen[at].hash, h, sizeof(h));
	c->n++;
	return 0;
}

int mikey_replay_restore(struct mikey_replay *c, const uint8_t *hash,
			 uint64_t at, uint64_t now)
{
	unsigned int i = (c->first + c->n) % c->cap;

	if (at + c->skew < (now >> 32))
		return 0;			/* fallen out already */
	if (c->n == c->cap || at > (now >> 32) + 2 * (uint64_t)c->skew)
		return -EINVAL;
	/* kept in order: one out of it (a clock set back) is kept longer */
	if (c->n && at < c->seen[(i + c->cap - 1) % c->cap].at)
		at = c->seen[(i + c->cap - 1) % c->cap].at;
	c->seen[i].at = at;
	memcpy(c->seen[i].hash, hash, sizeof(c->seen[i].hash));
	c->n++;
	return 0;
}
