// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink API of flows: round trips for IPv4 and IPv6 and every action;
 * one malformed request per attribute and rule, each refused with its own
 * error and no change; contexts in use cannot go; 100,000 flows added,
 * dumped completely and deleted, with the kernel memory each one takes.
 */
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

#define CTX(id, dir, suite)					\
	U32(MEDIASEC_A_CTX_ID, id), U8(MEDIASEC_A_CTX_DIR, dir),	\
	U32(MEDIASEC_A_CTX_SUITE, suite)

static unsigned char v4_local[4] = { 192, 0, 2, 1 };
static unsigned char v4_remote[4] = { 192, 0, 2, 2 };
static unsigned char v4_out_s[4] = { 198, 51, 100, 1 };
static unsigned char v4_out_d[4] = { 198, 51, 100, 2 };
static unsigned char v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static unsigned char v6_out_d[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xc, [15] = 2 };
static unsigned char five[5];
static unsigned char v4_mapped[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 };
static unsigned char v4_mcast[4] = { 224, 0, 0, 5 };
static unsigned char v4_any[4];

#define FLOW_MIN(id, port)					\
	U32(MEDIASEC_A_FLOW_ID, id),				\
	U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),	\
	BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),		\
	U16(MEDIASEC_A_FLOW_LOCAL_PORT, port),			\
	BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4),		\
	U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000)

static int flow_req(struct msnl *nl, int cmd, const struct a *attrs)
{
	return ms_req(nl, cmd, MEDIASEC_A_FLOW, attrs);
}

static int flow_snap(struct msnl *nl, struct snap *s)
{
	return ms_snapshot(nl, MEDIASEC_CMD_FLOW_GET, MEDIASEC_A_FLOW, s);
}

FIXTURE(flow) {
	struct msnl nl;
	struct snap before, after;
};

FIXTURE_SETUP(flow)
{
	const struct a rx[] = {
		CTX(1, MEDIASEC_DIR_RX, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80),
		{ 0 } };
	const struct a tx[] = {
		CTX(2, MEDIASEC_DIR_TX, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80),
		{ 0 } };
	const struct a f[] = { FLOW_MIN(1, 5004), { 0 } };

	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, msnl_open(&self->nl));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_NEW, MEDIASEC_A_CTX, rx));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_NEW, MEDIASEC_A_CTX, tx));
	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, f));
	ASSERT_EQ(0, flow_snap(&self->nl, &self->before));
	ASSERT_EQ(1, self->before.n);
}

FIXTURE_TEARDOWN(flow)
{
	msnl_close(&self->nl);
}

/* The nest of one FLOW_GET reply, raw. */
static int on_raw(struct nlattr **tb, void *arg)
{
	struct snap *s = arg;

	return ms_on_snap(tb, s);
}

static int get_raw(struct msnl *nl, __u32 id, struct snap *s)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_FLOW_GET, 0);
	struct nlattr *nest;

	memset(s, 0, sizeof(*s));
	s->nest = MEDIASEC_A_FLOW;
	nest = nla_nest_start(msg, MEDIASEC_A_FLOW);
	nla_put_u32(msg, MEDIASEC_A_FLOW_ID, id);
	nla_nest_end(msg, nest);
	return msnl_request(nl, msg, on_raw, s);
}

/* Every attribute of @want appears in the reply with the same bytes. */
static void same_attrs(struct __test_metadata *_metadata, struct msnl *nl,
		       __u32 id, const struct a *want)
{
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	struct snap *s = calloc(1, sizeof(*s));

	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, get_raw(nl, id, s));
	ASSERT_EQ(1, s->n);
	ASSERT_EQ(0, nla_parse_nested(tb, MEDIASEC_A_FLOW_MAX,
				      (struct nlattr *)s->buf, NULL));
	for (; want->type; want++) {
		const void *data = want->data ? want->data : &want->val;

		ASSERT_NE(NULL, tb[want->type]) TH_LOG("attr %d", want->type);
		EXPECT_EQ(want->len, nla_len(tb[want->type]));
		EXPECT_EQ(0, memcmp(nla_data(tb[want->type]), data, want->len))
			TH_LOG("attr %d differs", want->type);
	}
	EXPECT_NE(NULL, tb[MEDIASEC_A_FLOW_STATS]);
	free(s);
}

TEST_F(flow, round_trip_v4_every_attribute)
{
	const struct a f[] = {
		U32(MEDIASEC_A_FLOW_ID, 7),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_SRTP),
		U8(MEDIASEC_A_FLOW_KIND, MEDIASEC_KIND_MUX),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40000),
		BIN(MEDIASEC_A_FLOW_REMOTE_ADDR, v4_remote, 4),
		U16(MEDIASEC_A_FLOW_REMOTE_PORT, 50000),
		U32(MEDIASEC_A_FLOW_RX_CTX, 1),
		U32(MEDIASEC_A_FLOW_TX_CTX, 2),
		BIN(MEDIASEC_A_FLOW_OUT_SADDR, v4_out_s, 4),
		U16(MEDIASEC_A_FLOW_OUT_SPORT, 30000),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30002),
		U32(MEDIASEC_A_FLOW_OUT_IFINDEX, 1),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH),
		U32(MEDIASEC_A_FLOW_REVERSE, 8),
		U32(MEDIASEC_A_FLOW_IDLE_TIMEOUT, 86400),
		{ 0 } };

	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, f));
	same_attrs(_metadata, &self->nl, 7, f);
}

TEST_F(flow, round_trip_v6_and_defaults)
{
	const struct a f[] = {
		U32(MEDIASEC_A_FLOW_ID, 8),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_RTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v6_local, 16),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40000),
		U32(MEDIASEC_A_FLOW_RX_CTX, 1),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, v6_out_d, 16),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 7000),
		{ 0 } };
	const struct a defaults[] = {
		U8(MEDIASEC_A_FLOW_KIND, MEDIASEC_KIND_RTP),
		U32(MEDIASEC_A_FLOW_FLAGS, 0),
		{ 0 } };
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	struct snap *s = calloc(1, sizeof(*s));

	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, f));
	same_attrs(_metadata, &self->nl, 8, f);
	same_attrs(_metadata, &self->nl, 8, defaults);
	/* Nothing that was not asked for. */
	ASSERT_EQ(0, get_raw(&self->nl, 8, s));
	nla_parse_nested(tb, MEDIASEC_A_FLOW_MAX, (struct nlattr *)s->buf,
			 NULL);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_REMOTE_ADDR]);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_TX_CTX]);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_OUT_SADDR]);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_OUT_IFINDEX]);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_REVERSE]);
	EXPECT_EQ(NULL, tb[MEDIASEC_A_FLOW_IDLE_TIMEOUT]);
	free(s);
}

TEST_F(flow, context_in_use)
{
	const struct a f[] = {
		U32(MEDIASEC_A_FLOW_ID, 9),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_RTP_TO_SRTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 9000),
		U32(MEDIASEC_A_FLOW_TX_CTX, 2),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 9000),
		{ 0 } };
	const struct a ctx2[] = { U32(MEDIASEC_A_CTX_ID, 2), { 0 } };
	const struct a f9[] = { U32(MEDIASEC_A_FLOW_ID, 9), { 0 } };

	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, f));
	EXPECT_EQ(-EBUSY, ms_req(&self->nl, MEDIASEC_CMD_CTX_DEL,
				 MEDIASEC_A_CTX, ctx2));
	EXPECT_STREQ("flows use this context", self->nl.errmsg);
	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_DEL, f9));
	EXPECT_EQ(-ENOENT, flow_req(&self->nl, MEDIASEC_CMD_FLOW_DEL, f9));
	EXPECT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_DEL, MEDIASEC_A_CTX,
			    ctx2));
}

struct bad {
	const char *what;
	int cmd;
	struct a attrs[16];
	int err;
};

#define FL(id)	U32(MEDIASEC_A_FLOW_ID, id)
#define ACT(a)	U8(MEDIASEC_A_FLOW_ACTION, a)
#define LOC4	BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4), \
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 6100)
#define OUT4	BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4), \
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000)

static const struct bad bad_requests[] = {
	{ "no id", MEDIASEC_CMD_FLOW_NEW,
	  { ACT(1), LOC4, OUT4 }, -EINVAL },
	{ "id 0", MEDIASEC_CMD_FLOW_NEW,
	  { FL(0), ACT(1), LOC4, OUT4 }, -ERANGE },
	{ "id as u8", MEDIASEC_CMD_FLOW_NEW,
	  { U8(MEDIASEC_A_FLOW_ID, 5), ACT(1), LOC4, OUT4 }, -EINVAL },
	{ "no action", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), LOC4, OUT4 }, -EINVAL },
	{ "action 0", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(0), LOC4, OUT4 }, -ERANGE },
	{ "action 9", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(9), LOC4, OUT4 }, -ERANGE },
	{ "kind 4", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), U8(MEDIASEC_A_FLOW_KIND, 4), LOC4, OUT4 }, -ERANGE },
	{ "no local address", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), U16(MEDIASEC_A_FLOW_LOCAL_PORT, 6100), OUT4 },
	  -EINVAL },
	{ "no local port", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),
	    OUT4 }, -EINVAL },
	{ "local port 0", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),
	    U16(MEDIASEC_A_FLOW_LOCAL_PORT, 0), OUT4 }, -ERANGE },
	{ "local address of 5 bytes", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, five, 5),
	    U16(MEDIASEC_A_FLOW_LOCAL_PORT, 6100), OUT4 }, -EINVAL },
	{ "no destination address", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000) },
	  -EINVAL },
	{ "no destination port", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4) },
	  -EINVAL },
	{ "IPv6 destination for an IPv4 flow", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, BIN(MEDIASEC_A_FLOW_OUT_DADDR, v6_out_d, 16),
	    U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000) }, -EINVAL },
	{ "remote address without port", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4,
	    BIN(MEDIASEC_A_FLOW_REMOTE_ADDR, v4_remote, 4) }, -EINVAL },
	{ "IPv4-mapped IPv6 local address", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_mapped, 16),
	    U16(MEDIASEC_A_FLOW_LOCAL_PORT, 6100),
	    BIN(MEDIASEC_A_FLOW_OUT_DADDR, v6_out_d, 16),
	    U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000) }, -EINVAL },
	{ "multicast local address", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_mcast, 4),
	    U16(MEDIASEC_A_FLOW_LOCAL_PORT, 6100), OUT4 }, -EINVAL },
	{ "unspecified destination address", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_any, 4),
	    U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000) }, -EINVAL },
	{ "IPv6 source for an IPv4 flow", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4,
	    BIN(MEDIASEC_A_FLOW_OUT_SADDR, v6_local, 16) }, -EINVAL },
	{ "unknown flag bit", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_FLAGS, 2) },
	  -EINVAL },
	{ "forward with an RX context", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(MEDIASEC_ACTION_FORWARD), LOC4, OUT4,
	    U32(MEDIASEC_A_FLOW_RX_CTX, 1) }, -EINVAL },
	{ "srtp-to-rtp without an RX context", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(MEDIASEC_ACTION_SRTP_TO_RTP), LOC4, OUT4 }, -EINVAL },
	{ "rtp-to-srtp without a TX context", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(MEDIASEC_ACTION_RTP_TO_SRTP), LOC4, OUT4 }, -EINVAL },
	{ "srtp-to-rtp with a TX context as RX", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(MEDIASEC_ACTION_SRTP_TO_RTP), LOC4, OUT4,
	    U32(MEDIASEC_A_FLOW_RX_CTX, 2) }, -EINVAL },
	{ "unknown RX context", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(MEDIASEC_ACTION_SRTP_TO_RTP), LOC4, OUT4,
	    U32(MEDIASEC_A_FLOW_RX_CTX, 99) }, -ENOENT },
	{ "unknown egress device", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4,
	    U32(MEDIASEC_A_FLOW_OUT_IFINDEX, 9999) }, -ENODEV },
	{ "read-only statistics", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_STATS, 0) },
	  -EINVAL },
	{ "unknown attribute", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_MAX + 1, 0) },
	  -EINVAL },
	{ "duplicate id", MEDIASEC_CMD_FLOW_NEW,
	  { FL(1), ACT(1), LOC4, OUT4 }, -EEXIST },
	{ "duplicate local address and port", MEDIASEC_CMD_FLOW_NEW,
	  { FLOW_MIN(5, 5004) }, -EEXIST },
	{ "reverse 0", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_REVERSE, 0) },
	  -ERANGE },
	{ "reverse as u16", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U16(MEDIASEC_A_FLOW_REVERSE, 6) },
	  -EINVAL },
	{ "a flow its own reverse", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_REVERSE, 5) },
	  -EINVAL },
	{ "idle timeout 0", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U32(MEDIASEC_A_FLOW_IDLE_TIMEOUT, 0) },
	  -ERANGE },
	{ "idle timeout over a day", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4,
	    U32(MEDIASEC_A_FLOW_IDLE_TIMEOUT, 86401) }, -ERANGE },
	{ "rtt 0 (1 is its only value)", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), U8(MEDIASEC_A_FLOW_KIND, MEDIASEC_KIND_RTCP), LOC4,
	    OUT4, U8(MEDIASEC_A_FLOW_RTT, 0) }, -ERANGE },
	{ "rtt on an RTP flow", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), LOC4, OUT4, U8(MEDIASEC_A_FLOW_RTT, 1) }, -EINVAL },
	{ "rtt as u32", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), U8(MEDIASEC_A_FLOW_KIND, MEDIASEC_KIND_RTCP), LOC4,
	    OUT4, U32(MEDIASEC_A_FLOW_RTT, 1) }, -EINVAL },
	{ "read-only round trips", MEDIASEC_CMD_FLOW_NEW,
	  { FL(5), ACT(1), U8(MEDIASEC_A_FLOW_KIND, MEDIASEC_KIND_RTCP), LOC4,
	    OUT4, U32(MEDIASEC_A_FLOW_RTT_STATS, 0) }, -EINVAL },
	{ "rtt 0 by FLOW_SET", MEDIASEC_CMD_FLOW_SET,
	  { FL(1), U8(MEDIASEC_A_FLOW_RTT, 0) }, -ERANGE },
	{ "delete unknown id", MEDIASEC_CMD_FLOW_DEL,
	  { FL(12345) }, -ENOENT },
	{ "delete without id", MEDIASEC_CMD_FLOW_DEL,
	  { ACT(1) }, -EINVAL },
};

TEST_F(flow, malformed_requests)
{
	size_t i;

	for (i = 0; i < sizeof(bad_requests) / sizeof(bad_requests[0]); i++) {
		const struct bad *b = &bad_requests[i];

		EXPECT_EQ(b->err, flow_req(&self->nl, b->cmd, b->attrs))
			TH_LOG("%s", b->what);
		EXPECT_NE(0, self->nl.errmsg[0]) TH_LOG("%s: no message", b->what);
		ASSERT_EQ(0, flow_snap(&self->nl, &self->after));
		EXPECT_TRUE(ms_snap_equal(&self->before, &self->after))
			TH_LOG("%s changed the state", b->what);
	}
}

/* Kernel memory in use, from /proc/meminfo: slab and per-CPU, in bytes. */
static long long kmem(void)
{
	char line[128];
	long long kb, sum = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %lld kB", &kb) == 1 ||
		    sscanf(line, "Percpu: %lld kB", &kb) == 1)
			sum += kb;
	fclose(f);
	return sum * 1024;
}

struct count {
	int n;
	int bad;
};

static int on_count(struct nlattr **tb, void *arg)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct count *c = arg;
	__u32 id;

	if (nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW],
			     NULL))
		return 0;
	id = nla_get_u32(ft[MEDIASEC_A_FLOW_ID]);
	/* Dumps come in id order, each flow once, as added. */
	if (id != (__u32)c->n + 100 ||
	    nla_get_u16(ft[MEDIASEC_A_FLOW_LOCAL_PORT]) != 1 + id % 60000)
		c->bad++;
	c->n++;
	return 0;
}

#define MANY 100000

TEST_F_TIMEOUT(flow, hundred_thousand, 900)
{
	const struct a del1[] = { U32(MEDIASEC_A_FLOW_ID, 1), { 0 } };
	struct a f[] = {
		U32(MEDIASEC_A_FLOW_ID, 0),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_RTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, v4_local, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 0),
		U32(MEDIASEC_A_FLOW_RX_CTX, 1),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, v4_out_d, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 6000),
		{ 0 } };
	unsigned char addr[MANY / 60000 + 1][4];
	struct count c = { 0, 0 };
	long long m0, m1, m2;
	struct nl_msg *msg;
	int i;

	ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_DEL, del1));
	m0 = kmem();
	for (i = 0; i < MANY; i++) {
		__u32 id = 100 + i;

		addr[id / 60000][0] = 10;
		addr[id / 60000][1] = 0;
		addr[id / 60000][2] = 0;
		addr[id / 60000][3] = id / 60000;
		f[0].val = id;
		f[2].data = addr[id / 60000];
		f[3].val = 1 + id % 60000;
		ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, f))
			TH_LOG("flow %u: %s", id, self->nl.errmsg);
	}
	m1 = kmem();

	msg = msnl_msg(&self->nl, MEDIASEC_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, msnl_request(&self->nl, msg, on_count, &c));
	EXPECT_EQ(MANY, c.n);
	EXPECT_EQ(0, c.bad);

	for (i = 0; i < MANY; i++) {
		f[0].val = 100 + i;
		f[1].type = 0;		/* the id alone */
		ASSERT_EQ(0, flow_req(&self->nl, MEDIASEC_CMD_FLOW_DEL, f));
		f[1].type = MEDIASEC_A_FLOW_ACTION;
	}
	ASSERT_EQ(0, flow_snap(&self->nl, &self->after));
	EXPECT_EQ(0, self->after.n);
	m2 = kmem();
	printf("# %d flows: kernel memory %lld bytes per flow (slab + percpu, %d CPUs); %lld bytes not returned after deleting them\n",
	       MANY, (m1 - m0) / MANY, (int)sysconf(_SC_NPROCESSORS_CONF),
	       m2 - m0);
	fflush(stdout);	/* the harness ends a test with _exit() */
}

TEST_HARNESS_MAIN
