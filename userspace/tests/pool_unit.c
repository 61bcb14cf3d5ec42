// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's port pools: pairs handed out even/odd, next-fit order (a
 * released pair is the last reused), exhaustion, reservation when state
 * is rebuilt from the kernel, and bad ports refused.
 */
#include <errno.h>

#include "pool.h"
#include "kselftest_harness.h"

TEST(pairs_in_order_and_exhaustion)
{
	struct ms_pool p;
	uint16_t port;
	int i;

	ASSERT_EQ(0, ms_pool_init(&p, 40000, 40009));	/* 5 pairs */
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(0, ms_pool_alloc(&p, &port));
		EXPECT_EQ(40000 + 2 * i, port);
	}
	EXPECT_EQ(-ENOSPC, ms_pool_alloc(&p, &port));
	EXPECT_EQ(5U, p.used);
	ms_pool_fini(&p);
}

TEST(released_pair_is_reused_last)
{
	struct ms_pool p;
	uint16_t a, b, c;

	ASSERT_EQ(0, ms_pool_init(&p, 30000, 30005));	/* 3 pairs */
	ASSERT_EQ(0, ms_pool_alloc(&p, &a));
	ASSERT_EQ(0, ms_pool_free(&p, a));
	ASSERT_EQ(0, ms_pool_alloc(&p, &b));
	ASSERT_EQ(0, ms_pool_alloc(&p, &c));
	EXPECT_EQ(30002, b);
	EXPECT_EQ(30004, c);
	ASSERT_EQ(0, ms_pool_alloc(&p, &c));
	EXPECT_EQ(30000, c);	/* wrapped round to the freed one */
	ms_pool_fini(&p);
}

TEST(large_pool_skips_full_words)
{
	struct ms_pool p;
	uint16_t port;
	int i;

	ASSERT_EQ(0, ms_pool_init(&p, 2, 65535));
	EXPECT_EQ(32767U, p.pairs);
	for (i = 0; i < 32767; i++)
		ASSERT_EQ(0, ms_pool_alloc(&p, &port));
	EXPECT_EQ(65534, port);
	EXPECT_EQ(-ENOSPC, ms_pool_alloc(&p, &port));
	ASSERT_EQ(0, ms_pool_free(&p, 20000));
	ASSERT_EQ(0, ms_pool_alloc(&p, &port));
	EXPECT_EQ(20000, port);
	ms_pool_fini(&p);
}

TEST(reserve_free_and_bad_ports)
{
	struct ms_pool p;
	uint16_t port;

	EXPECT_EQ(-EINVAL, ms_pool_init(&p, 40001, 40010));
	EXPECT_EQ(-EINVAL, ms_pool_init(&p, 40000, 40000));
	EXPECT_EQ(-EINVAL, ms_pool_init(&p, 0, 10));
	ASSERT_EQ(0, ms_pool_init(&p, 40000, 40009));
	EXPECT_EQ(0, ms_pool_reserve(&p, 40000));
	EXPECT_EQ(-EEXIST, ms_pool_reserve(&p, 40000));
	EXPECT_EQ(-ERANGE, ms_pool_reserve(&p, 40001));	/* RTCP port */
	EXPECT_EQ(-ERANGE, ms_pool_reserve(&p, 40010));
	EXPECT_EQ(-ERANGE, ms_pool_reserve(&p, 39998));
	EXPECT_EQ(-ERANGE, ms_pool_free(&p, 50000));
	EXPECT_EQ(-ENOENT, ms_pool_free(&p, 40002));
	EXPECT_TRUE(ms_pool_owns(&p, 40009));
	EXPECT_FALSE(ms_pool_owns(&p, 40010));
	ASSERT_EQ(0, ms_pool_alloc(&p, &port));
	EXPECT_EQ(40002, port);		/* 40000 was reserved */
	EXPECT_EQ(2U, p.used);
	EXPECT_EQ(0, ms_pool_free(&p, 40000));
	EXPECT_EQ(1U, p.used);
	ms_pool_fini(&p);
}

TEST_HARNESS_MAIN
