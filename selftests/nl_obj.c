// SPDX-License-Identifier: GPL-2.0
/*
 * The typed request layer mediasecd uses (userspace/lib/msobj.c): contexts,
 * keys and flows made from C structures read back field for field; a
 * sequence of requests that fails part way is taken back whole, leaving the
 * kernel's state exactly as it was (the H.248 rule: no half-installed
 * flow or key).
 */
#include <arpa/inet.h>
#include <sched.h>

#include "../userspace/lib/msobj.h"
#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

static void ep4(struct msobj_ep *ep, const char *a, uint16_t port)
{
	ep->alen = 4;
	inet_pton(AF_INET, a, ep->addr);
	ep->port = port;
}

static void ep6(struct msobj_ep *ep, const char *a, uint16_t port)
{
	ep->alen = 16;
	inet_pton(AF_INET6, a, ep->addr);
	ep->port = port;
}

static const struct msobj_ctx rx = {
	.id = 1, .dir = MEDIASEC_DIR_RX,
	.suite = MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, .mki_len = 1,
	.window = 256,
};

static struct msobj_key key(uint32_t mki)
{
	struct msobj_key k = { .master_len = 16, .salt_len = 14,
			       .has_mki = true, .mki = mki,
			       .lifetime = 1ULL << 31 };

	memset(k.master, 0x11 + mki, sizeof(k.master));
	memset(k.salt, 0x22, sizeof(k.salt));
	return k;
}

static struct msobj_flow flow(uint32_t id)
{
	struct msobj_flow f;

	/* Compared with memcmp(): no stray bytes in the padding. */
	memset(&f, 0, sizeof(f));
	f.id = id;
	f.action = MEDIASEC_ACTION_SRTP_TO_RTP;
	f.kind = MEDIASEC_KIND_MUX;
	f.rx_ctx = 1;
	f.reverse = id + 1;
	f.idle_timeout = 30;
	f.flags = MEDIASEC_FLOW_F_LATCH;
	ep4(&f.local, "192.0.2.1", (uint16_t)(40000 + 2 * id));
	ep4(&f.remote, "192.0.2.2", 6000);
	ep4(&f.out_src, "198.51.100.1", (uint16_t)(30000 + 2 * id));
	ep4(&f.out_dst, "198.51.100.2", 7000);
	return f;
}

FIXTURE(obj) {
	struct msnl nl;
	struct snap ctxs, flows;
};

FIXTURE_SETUP(obj)
{
	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, msnl_open(&self->nl));
}

FIXTURE_TEARDOWN(obj)
{
	msnl_close(&self->nl);
}

static int count_flow(const struct msobj_flow *f, void *arg)
{
	(void)f;
	++*(int *)arg;
	return 0;
}

TEST_F(obj, round_trip)
{
	struct msobj_key k = key(3);
	struct msobj_flow f = flow(5), g;
	struct msobj_ctx_stats st;
	int n = 0;

	ASSERT_EQ(0, msobj_ctx_new(&self->nl, &rx));
	ASSERT_EQ(0, msobj_key_add(&self->nl, 1, &k));
	ASSERT_EQ(0, msobj_flow_new(&self->nl, &f));
	ASSERT_EQ(0, msobj_flow_get(&self->nl, 5, &g));
	EXPECT_EQ(0, memcmp(&f, &g, sizeof(f)));
	ASSERT_EQ(0, msobj_ctx_stats(&self->nl, 1, &st));
	EXPECT_EQ(0ULL, st.n[MEDIASEC_RESULT_OK]);

	/* IPv6, forward, no remote, no source rewrite. */
	memset(&f, 0, sizeof(f));
	f.id = 9;
	f.action = MEDIASEC_ACTION_FORWARD;
	ep6(&f.local, "2001:db8::1", 5004);
	ep6(&f.out_dst, "2001:db8:c::2", 7004);
	ASSERT_EQ(0, msobj_flow_new(&self->nl, &f));
	ASSERT_EQ(0, msobj_flow_get(&self->nl, 9, &g));
	f.kind = MEDIASEC_KIND_RTP;	/* the default, filled in */
	EXPECT_EQ(0, memcmp(&f, &g, sizeof(f)));

	ASSERT_EQ(0, msobj_flow_dump(&self->nl, count_flow, &n));
	EXPECT_EQ(2, n);
	EXPECT_EQ(-EBUSY, msobj_ctx_del(&self->nl, 1));
	EXPECT_NE(0, self->nl.errmsg[0]);
	EXPECT_EQ(0, msobj_flow_del(&self->nl, 5));
	EXPECT_EQ(0, msobj_flow_del(&self->nl, 9));
	EXPECT_EQ(-ENOENT, msobj_flow_get(&self->nl, 9, &g));
	EXPECT_EQ(0, msobj_key_del(&self->nl, 1, 3));
	EXPECT_EQ(0, msobj_ctx_del(&self->nl, 1));
}

/* A call set up part way, then refused: everything of it taken back. */
TEST_F(obj, failed_sequence_leaves_nothing)
{
	struct msobj_ctx tx = rx;
	struct msobj_key k = key(1);
	struct msobj_flow f = flow(1), bad = flow(2);
	struct msobj_txn t = { 0 };
	struct snap c1, f1;

	/* What exists before: one context with a key and one flow. */
	ASSERT_EQ(0, msobj_ctx_new(&self->nl, &rx));
	ASSERT_EQ(0, msobj_key_add(&self->nl, 1, &k));
	f.reverse = 0;
	ASSERT_EQ(0, msobj_flow_new(&self->nl, &f));
	ASSERT_EQ(0, ms_snapshot(&self->nl, MEDIASEC_CMD_CTX_GET,
				 MEDIASEC_A_CTX, &self->ctxs));
	ASSERT_EQ(0, ms_snapshot(&self->nl, MEDIASEC_CMD_FLOW_GET,
				 MEDIASEC_A_FLOW, &self->flows));

	/* New context, its key, a re-key of the old one, then a bad flow. */
	tx.id = 2;
	tx.dir = MEDIASEC_DIR_TX;
	ASSERT_EQ(0, msobj_txn_ctx_new(&self->nl, &t, &tx));
	k = key(2);
	ASSERT_EQ(0, msobj_txn_key_add(&self->nl, &t, 2, &k));
	ASSERT_EQ(0, msobj_txn_key_add(&self->nl, &t, 1, &k));
	bad.action = MEDIASEC_ACTION_RTP_TO_SRTP;
	bad.rx_ctx = 0;
	bad.tx_ctx = 7;		/* no such context */
	EXPECT_EQ(-ENOENT, msobj_txn_flow_new(&self->nl, &t, &bad));
	EXPECT_EQ(3U, t.n);
	msobj_txn_abort(&self->nl, &t);
	EXPECT_EQ(0U, t.n);
	/* The first error is what the caller reports. */
	EXPECT_EQ(-ENOENT, self->nl.err);
	EXPECT_NE(0, self->nl.errmsg[0]);

	ASSERT_EQ(0, ms_snapshot(&self->nl, MEDIASEC_CMD_CTX_GET,
				 MEDIASEC_A_CTX, &c1));
	ASSERT_EQ(0, ms_snapshot(&self->nl, MEDIASEC_CMD_FLOW_GET,
				 MEDIASEC_A_FLOW, &f1));
	EXPECT_TRUE(ms_snap_equal(&self->ctxs, &c1));
	EXPECT_TRUE(ms_snap_equal(&self->flows, &f1));
}

/* Keys of a length the kernel cannot take are refused before sending. */
TEST_F(obj, key_bounds)
{
	struct msobj_key k = key(1);

	ASSERT_EQ(0, msobj_ctx_new(&self->nl, &rx));
	k.master_len = 33;
	EXPECT_EQ(-EINVAL, msobj_key_add(&self->nl, 1, &k));
	k.master_len = 32;	/* AES-128 context: the kernel says no */
	EXPECT_EQ(-EINVAL, msobj_key_add(&self->nl, 1, &k));
	EXPECT_NE(0, self->nl.errmsg[0]);
}

TEST_HARNESS_MAIN
