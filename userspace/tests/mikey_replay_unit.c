// SPDX-License-Identifier: GPL-2.0
/*
 * The replay cache (userspace/lib/mikey_replay.c, RFC 3830 5.4): a
 * timestamp outside the skew is outdated, before and after now; the same
 * (T, RAND) within the skew is a replay, another RAND or T is not; an
 * entry falls out once the skew has passed; a full cache refuses rather
 * than forgets.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mikey_replay.h"

#define NTP(s)	((uint64_t)(s) << 32)

static void t_of(uint8_t *t64, uint32_t s)
{
	memset(t64, 0, 8);
	t64[0] = (uint8_t)(s >> 24);
	t64[1] = (uint8_t)(s >> 16);
	t64[2] = (uint8_t)(s >> 8);
	t64[3] = (uint8_t)s;
}

TEST(replays_outdated_and_full)
{
	const uint32_t now = 3900000000U;
	uint8_t r1[16] = { 1 }, r2[16] = { 2 }, t[8];
	struct mikey_replay c;

	ASSERT_EQ(0, mikey_replay_init(&c, 2, MIKEY_REPLAY_SKEW));
	t_of(t, now - 61);
	EXPECT_EQ(-ETIME, mikey_replay_check(&c, t, r1, 16, NTP(now)));
	t_of(t, now + 61);
	EXPECT_EQ(-ETIME, mikey_replay_check(&c, t, r1, 16, NTP(now)));
	t_of(t, now - 60);
	EXPECT_EQ(0, mikey_replay_add(&c, t, r1, 16, NTP(now)));
	EXPECT_EQ(-EALREADY, mikey_replay_check(&c, t, r1, 16, NTP(now)));
	EXPECT_EQ(-EALREADY, mikey_replay_add(&c, t, r1, 16, NTP(now)));
	/* later, the same T is outdated before it is a replay */
	EXPECT_EQ(-ETIME, mikey_replay_check(&c, t, r1, 16, NTP(now + 30)));
	EXPECT_EQ(0, mikey_replay_check(&c, t, r2, 16, NTP(now)));
	t_of(t, now);
	EXPECT_EQ(0, mikey_replay_add(&c, t, r1, 16, NTP(now)));
	/* full: two messages within the skew; a third waits */
	t_of(t, now + 1);
	EXPECT_EQ(-EBUSY, mikey_replay_check(&c, t, r2, 16, NTP(now + 1)));
	/* still full a skew later: a copy stamped ahead could still come */
	t_of(t, now + 61);
	EXPECT_EQ(-EBUSY, mikey_replay_check(&c, t, r2, 16, NTP(now + 61)));
	/* two skews later: room again */
	t_of(t, now + 121);
	EXPECT_EQ(0, mikey_replay_add(&c, t, r2, 16, NTP(now + 121)));
	EXPECT_EQ(1U, c.n);
	mikey_replay_free(&c);
}

/*
 * A message stamped a whole skew ahead stays acceptable until a skew after
 * its stamp: its copy must be refused until then, not only for a skew
 * after it came.
 */
TEST(replay_of_a_message_from_ahead)
{
	const uint32_t now = 3900000000U;
	uint8_t r[16] = { 7 }, t[8];
	struct mikey_replay c;

	ASSERT_EQ(0, mikey_replay_init(&c, 4, 60));
	t_of(t, now + 60);
	ASSERT_EQ(0, mikey_replay_add(&c, t, r, 16, NTP(now)));
	EXPECT_EQ(-EALREADY, mikey_replay_check(&c, t, r, 16, NTP(now + 61)));
	EXPECT_EQ(-EALREADY, mikey_replay_check(&c, t, r, 16, NTP(now + 120)));
	EXPECT_EQ(-ETIME, mikey_replay_check(&c, t, r, 16, NTP(now + 121)));
	mikey_replay_free(&c);
}

/* What a run took, given to the next: its replays still refused. */
TEST(restored_after_a_restart)
{
	const uint32_t now = 3900000000U;
	uint8_t r1[16] = { 1 }, r2[16] = { 2 }, t[8], h[32] = { 9 };
	struct mikey_replay a, b;
	unsigned int i;

	ASSERT_EQ(0, mikey_replay_init(&a, 4, 60));
	ASSERT_EQ(0, mikey_replay_init(&b, 4, 60));
	t_of(t, now);
	ASSERT_EQ(0, mikey_replay_add(&a, t, r1, 16, NTP(now)));
	ASSERT_EQ(0, mikey_replay_add(&a, t, r2, 16, NTP(now + 10)));
	for (i = 0; i < a.n; i++)
		ASSERT_EQ(0, mikey_replay_restore(&b, a.seen[i].hash,
						  a.seen[i].at, NTP(now + 20)));
	EXPECT_EQ(-EALREADY, mikey_replay_check(&b, t, r1, 16, NTP(now + 20)));
	EXPECT_EQ(-EALREADY, mikey_replay_check(&b, t, r2, 16, NTP(now + 20)));
	/* from too far ahead: refused */
	EXPECT_EQ(-EINVAL, mikey_replay_restore(&b, a.seen[0].hash,
						now + 500, NTP(now + 20)));
	/* fallen out already: nothing to keep */
	EXPECT_EQ(0, mikey_replay_restore(&b, a.seen[0].hash, now - 200,
					  NTP(now + 20)));
	EXPECT_EQ(2U, b.n);
	/* out of order (a clock set back): kept as long as the one before */
	EXPECT_EQ(0, mikey_replay_restore(&b, h, a.seen[0].at - 5,
					  NTP(now + 20)));
	EXPECT_EQ(3U, b.n);
	EXPECT_EQ(a.seen[1].at, b.seen[2].at);
	mikey_replay_free(&a);
	mikey_replay_free(&b);
}

TEST_HARNESS_MAIN
