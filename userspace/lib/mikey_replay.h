/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The responder's replay cache of RFC 3830 5.4 (mikey_replay.c): a message
 * whose timestamp is farther from now than the allowed clock skew is
 * outdated; one whose (T, RAND) was taken before within that skew is a
 * replay.  Only messages that were authenticated are added (5.3).  The
 * cache has a fixed size: when it is full of messages still within the
 * skew, new ones are refused until the oldest fall out of it (5.4: "it
 * rejects all incoming requests until the clock skew interval has
 * passed"), never let in by forgetting one that could still be replayed.
 */
#ifndef _MS_MIKEY_REPLAY_H
#define _MS_MIKEY_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#define MIKEY_REPLAY_SKEW	60	/* seconds, by default */

/**
 * struct mikey_replay - a replay cache
 * @skew: the allowed clock skew, in seconds
 * @cap: entries in @seen
 * @n: entries in use (the oldest first, from @first)
 * @first: the oldest entry
 * @seen: each message's arrival plus the skew (seconds of NTP era), kept
 *	a skew longer, and its SHA-256 of T || RAND
 */
struct mikey_replay {
	uint32_t skew;
	unsigned int cap;
	unsigned int n;
	unsigned int first;
	struct {
		uint64_t at;
		uint8_t hash[32];
	} *seen;
};

/* A cache of @cap messages within @skew seconds; 0 or -ENOMEM. */
int mikey_replay_init(struct mikey_replay *c, unsigned int cap,
		      uint32_t skew);
void mikey_replay_free(struct mikey_replay *c);
/*
 * Whether a message of timestamp @t (64-bit NTP, mikey_t64()) and @rand
 * may be taken at @now (64-bit NTP): 0; -ETIME outdated (or from the
 * future); -EALREADY a replay; -EBUSY the cache is full.
 */
int mikey_replay_check(struct mikey_replay *c, const uint8_t *t64,
		       const uint8_t *rand, size_t rand_len, uint64_t now);
/* The message was authenticated: it is remembered (after a check). */
int mikey_replay_add(struct mikey_replay *c, const uint8_t *t64,
		     const uint8_t *rand, size_t rand_len, uint64_t now);

/*
 * An entry a cache of an earlier run kept (its @hash and @at, in the order
 * they were added), taken back at @now: a restarted responder still knows
 * the messages it took within the skew.  0 (also for one fallen out
 * already; one out of order is kept as long as the one before it), or
 * -EINVAL for one too far ahead, or a full cache.
 */
int mikey_replay_restore(struct mikey_replay *c, const uint8_t *hash,
			 uint64_t at, uint64_t now);

#endif /* _MS_MIKEY_REPLAY_H */
