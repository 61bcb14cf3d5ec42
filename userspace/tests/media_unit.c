// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's media planner: which SRTP contexts, keys and flows a pair
 * of terminations needs (e2ae both ways, SRTP on both legs with different
 * keys, e2e relay, plain RTP, RTCP on port + 1 or multiplexed), field by
 * field and key byte by key byte, and every combination it must refuse.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "media.h"
#include "kselftest_harness.h"

/* 0x00..0x1d, 0x64..0x91 (AES-256 + salt), 0x32..0x4d (GCM-128 + salt) */
#define K128	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
#define K256	"ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoOEhYaHiImKi4yNjo+QkQ=="
#define KGCM	"MjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTQ=="

static void ep(struct msobj_ep *e, const char *a, uint16_t port)
{
	memset(e, 0, sizeof(*e));
	e->alen = strchr(a, ':') ? 16 : 4;
	inet_pton(e->alen == 4 ? AF_INET : AF_INET6, a, e->addr);
	e->port = port;
}

static void side(struct mg_side *s, const char *laddr, uint16_t lport,
		 const char *raddr, uint16_t rport)
{
	memset(s, 0, sizeof(*s));
	ep(&s->local, laddr, lport);
	if (raddr) {
		s->has_remote = true;
		ep(&s->remote, raddr, rport);
	}
}

static void keys(struct mg_side *s, const char *peer, const char *own)
{
	const char *err;

	s->secure = true;
	if (!peer)
		return;
	s->has_peer = !sdes_parse(&s->peer, peer, &err);
	s->has_own = !sdes_parse(&s->own, own, &err);
}

static void expect_ep(struct __test_metadata *_metadata,
		      const struct msobj_ep *e, const char *a, uint16_t port)
{
	struct msobj_ep want;

	ep(&want, a, port);
	EXPECT_EQ(want.alen, e->alen);
	EXPECT_EQ(0, memcmp(want.addr, e->addr, want.alen));
	EXPECT_EQ(port, e->port);
}

TEST(e2ae_access_srtp_core_rtp)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;
	uint8_t mat[30];
	int i;

	side(&a, "192.0.2.1", 40000, "192.0.2.2", 6000);
	side(&b, "198.51.100.1", 30000, "198.51.100.2", 7000);
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128 "|2^20|1:4",
	     "1 AES_256_CM_HMAC_SHA1_32 inline:" K256
	     " UNENCRYPTED_SRTCP KDR=10 WSH=512");
	a.latch = true;
	ASSERT_TRUE(a.has_peer && a.has_own);
	ASSERT_EQ(0, mg_plan(&a, &b, 80, &p, &why));

	ASSERT_EQ(2U, p.nctx);
	EXPECT_EQ(80U, p.ctx[0].id);
	EXPECT_EQ(MEDIASEC_DIR_RX, p.ctx[0].dir);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, p.ctx[0].suite);
	EXPECT_EQ(4, p.ctx[0].mki_len);
	EXPECT_EQ(0U, p.ctx[0].flags);
	EXPECT_EQ(81U, p.ctx[1].id);
	EXPECT_EQ(MEDIASEC_DIR_TX, p.ctx[1].dir);
	EXPECT_EQ(MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32, p.ctx[1].suite);
	EXPECT_EQ(MEDIASEC_CTX_F_UNENCRYPTED_SRTCP, p.ctx[1].flags);
	EXPECT_EQ(1024U, p.ctx[1].kdr);
	EXPECT_EQ(512U, p.ctx[1].window);
	EXPECT_EQ(0, p.ctx[1].mki_len);

	ASSERT_EQ(2U, p.nkey);
	EXPECT_EQ(80U, p.key_ctx[0]);
	for (i = 0; i < 30; i++)
		mat[i] = (uint8_t)i;
	EXPECT_EQ(16, p.key[0].master_len);
	EXPECT_EQ(0, memcmp(p.key[0].master, mat, 16));
	EXPECT_EQ(14, p.key[0].salt_len);
	EXPECT_EQ(0, memcmp(p.key[0].salt, mat + 16, 14));
	EXPECT_TRUE(p.key[0].has_mki);
	EXPECT_EQ(1U, p.key[0].mki);
	EXPECT_EQ(1ULL << 20, p.key[0].lifetime);
	EXPECT_EQ(81U, p.key_ctx[1]);
	EXPECT_EQ(32, p.key[1].master_len);
	EXPECT_EQ(100, p.key[1].master[0]);
	EXPECT_EQ(132, p.key[1].salt[0]);
	EXPECT_FALSE(p.key[1].has_mki);

	ASSERT_EQ(4U, p.nflow);
	/* UE -> core: unprotect with the UE's key, latch on the UE. */
	EXPECT_EQ(80U, p.flow[0].id);
	EXPECT_EQ(81U, p.flow[0].reverse);
	EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_RTP, p.flow[0].action);
	EXPECT_EQ(MEDIASEC_KIND_RTP, p.flow[0].kind);
	EXPECT_EQ(80U, p.flow[0].rx_ctx);
	EXPECT_EQ(0U, p.flow[0].tx_ctx);
	EXPECT_EQ(MEDIASEC_FLOW_F_LATCH, p.flow[0].flags);
	expect_ep(_metadata, &p.flow[0].local, "192.0.2.1", 40000);
	expect_ep(_metadata, &p.flow[0].remote, "192.0.2.2", 6000);
	expect_ep(_metadata, &p.flow[0].out_src, "198.51.100.1", 30000);
	expect_ep(_metadata, &p.flow[0].out_dst, "198.51.100.2", 7000);
	/* core -> UE: protect with the gateway's key. */
	EXPECT_EQ(81U, p.flow[1].id);
	EXPECT_EQ(80U, p.flow[1].reverse);
	EXPECT_EQ(MEDIASEC_ACTION_RTP_TO_SRTP, p.flow[1].action);
	EXPECT_EQ(0U, p.flow[1].rx_ctx);
	EXPECT_EQ(81U, p.flow[1].tx_ctx);
	EXPECT_EQ(0U, p.flow[1].flags);
	expect_ep(_metadata, &p.flow[1].local, "198.51.100.1", 30000);
	expect_ep(_metadata, &p.flow[1].out_dst, "192.0.2.2", 6000);
	/* RTCP on port + 1, same contexts. */
	EXPECT_EQ(MEDIASEC_KIND_RTCP, p.flow[2].kind);
	EXPECT_EQ(83U, p.flow[2].reverse);
	EXPECT_EQ(80U, p.flow[2].rx_ctx);
	expect_ep(_metadata, &p.flow[2].local, "192.0.2.1", 40001);
	expect_ep(_metadata, &p.flow[2].out_dst, "198.51.100.2", 7001);
	EXPECT_EQ(MEDIASEC_KIND_RTCP, p.flow[3].kind);
	EXPECT_EQ(81U, p.flow[3].tx_ctx);
	expect_ep(_metadata, &p.flow[3].out_src, "192.0.2.1", 40001);
	mg_plan_wipe(&p);
	EXPECT_EQ(0, p.key[0].master[1]);
}

TEST(srtp_both_legs_ipv6_mux)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;

	side(&a, "2001:db8::1", 40000, "2001:db8::2", 6000);
	side(&b, "2001:db8:c::1", 30000, "2001:db8:c::2", 7000);
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128,
	     "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	keys(&b, "2 AEAD_AES_128_GCM inline:" KGCM,
	     "2 AEAD_AES_128_GCM inline:" KGCM);
	a.mux = b.mux = true;
	ASSERT_EQ(0, mg_plan(&a, &b, 8, &p, &why));
	EXPECT_EQ(4U, p.nctx);
	EXPECT_EQ(10U, p.ctx[2].id);
	EXPECT_EQ(12, p.key[2].salt_len);
	ASSERT_EQ(2U, p.nflow);
	EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_SRTP, p.flow[0].action);
	EXPECT_EQ(8U, p.flow[0].rx_ctx);
	EXPECT_EQ(11U, p.flow[0].tx_ctx);
	EXPECT_EQ(10U, p.flow[1].rx_ctx);
	EXPECT_EQ(9U, p.flow[1].tx_ctx);
	EXPECT_EQ(MEDIASEC_KIND_MUX, p.flow[0].kind);
	EXPECT_EQ(MEDIASEC_KIND_MUX, p.flow[1].kind);
	EXPECT_EQ(16, p.flow[1].out_dst.alen);
	mg_plan_wipe(&p);
}

TEST(e2e_and_plain_relay)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;
	unsigned int i;

	side(&a, "192.0.2.1", 40000, "192.0.2.2", 6000);
	side(&b, "198.51.100.1", 30000, "198.51.100.2", 7000);
	keys(&a, NULL, NULL);	/* SAVP, no keys for the gateway */
	keys(&b, NULL, NULL);
	ASSERT_EQ(0, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_EQ(0U, p.nctx);
	ASSERT_EQ(4U, p.nflow);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(MEDIASEC_ACTION_FORWARD, p.flow[i].action);
	a.secure = b.secure = false;
	ASSERT_EQ(0, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_EQ(4U, p.nflow);
	EXPECT_EQ(MEDIASEC_ACTION_FORWARD, p.flow[1].action);
}

/*
 * a=rtcp (RFC 3605): RTCP from and to the remote's a=rtcp address and
 * port, not its RTP port + 1; even at RTP port 65535.
 */
TEST(rtcp_attribute)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;

	side(&a, "192.0.2.1", 40000, "192.0.2.2", 65535);
	side(&b, "198.51.100.1", 30000, "198.51.100.2", 7000);
	a.has_rtcp = true;
	ep(&a.rtcp, "192.0.2.9", 6100);
	ASSERT_EQ(0, mg_plan(&a, &b, 1, &p, &why)) TH_LOG("%s", why);
	ASSERT_EQ(4U, p.nflow);
	/* 3: RTCP from the UE's a=rtcp; 4: RTCP to it */
	EXPECT_EQ(MEDIASEC_KIND_RTCP, p.flow[2].kind);
	expect_ep(_metadata, &p.flow[2].local, "192.0.2.1", 40001);
	expect_ep(_metadata, &p.flow[2].remote, "192.0.2.9", 6100);
	expect_ep(_metadata, &p.flow[2].out_dst, "198.51.100.2", 7001);
	expect_ep(_metadata, &p.flow[3].remote, "198.51.100.2", 7001);
	expect_ep(_metadata, &p.flow[3].out_dst, "192.0.2.9", 6100);
	/* RTP as before */
	expect_ep(_metadata, &p.flow[0].remote, "192.0.2.2", 65535);
	expect_ep(_metadata, &p.flow[1].out_dst, "192.0.2.2", 65535);
}

TEST(modes)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;

	side(&a, "192.0.2.1", 40000, "192.0.2.2", 6000);
	side(&b, "198.51.100.1", 30000, "198.51.100.2", 7000);
	b.no_send = true;		/* core ReceiveOnly: from the core only */
	ASSERT_EQ(0, mg_plan(&a, &b, 4, &p, &why));
	ASSERT_EQ(2U, p.nflow);		/* A->B would need B to send */
	EXPECT_EQ(5U, p.flow[0].id);	/* core -> access, RTP and RTCP */
	EXPECT_EQ(7U, p.flow[1].id);
	b.no_send = false;
	b.no_recv = true;		/* core SendOnly */
	ASSERT_EQ(0, mg_plan(&a, &b, 4, &p, &why));
	ASSERT_EQ(2U, p.nflow);
	EXPECT_EQ(4U, p.flow[0].id);	/* access -> core, RTP and RTCP */
	EXPECT_EQ(6U, p.flow[1].id);
	EXPECT_EQ(5U, p.flow[0].reverse);
	a.no_recv = a.no_send = true;	/* access Inactive */
	ASSERT_EQ(0, mg_plan(&a, &b, 4, &p, &why));
	EXPECT_EQ(0U, p.nflow);
}

TEST(no_remote_yet)
{
	struct mg_side a, b;
	struct mg_plan p;
	const char *why;

	side(&a, "192.0.2.1", 40000, "192.0.2.2", 6000);
	side(&b, "198.51.100.1", 30000, NULL, 0);
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128,
	     "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	ASSERT_EQ(0, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_EQ(2U, p.nctx);
	EXPECT_EQ(0U, p.nflow);
	mg_plan_wipe(&p);
}

TEST(refused)
{
	struct mg_side a, b, a0, b0;
	struct mg_plan p;
	const char *why;

	side(&a0, "192.0.2.1", 40000, "192.0.2.2", 6000);
	side(&b0, "198.51.100.1", 30000, "198.51.100.2", 7000);

	/* e2e SRTP on the access side, RTP on the core side */
	a = a0, b = b0;
	keys(&a, NULL, NULL);
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_STREQ("end-to-end SRTP on one side only", why);
	/* keys on one SAVP side, none on the other */
	a = a0, b = b0;
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128,
	     "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	keys(&b, NULL, NULL);
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* the remote's key without the gateway's */
	a = a0, b = b0;
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128,
	     "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	a.has_own = false;
	EXPECT_EQ(-EINVAL, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_STREQ("RTP/SAVP needs the remote's key and the gateway's", why);
	/* keys on AVP */
	a.has_own = true;
	a.secure = false;
	EXPECT_EQ(-EINVAL, mg_plan(&a, &b, 1, &p, &why));
	/* IPv4 and IPv6 */
	a = a0, b = b0;
	side(&b, "2001:db8:c::1", 30000, "2001:db8:c::2", 7000);
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* a remote of the other family */
	a = a0, b = b0;
	ep(&a.remote, "2001:db8::2", 6000);
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* RTCP would need port 65536 */
	a = a0, b = b0;
	b.remote.port = 65535;
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* mux on one side */
	a = a0, b = b0;
	a.mux = true;
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* a replay window the kernel cannot have */
	a = a0, b = b0;
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128 " WSH=65536",
	     "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	ASSERT_TRUE(a.has_peer);
	EXPECT_EQ(-EOPNOTSUPP, mg_plan(&a, &b, 1, &p, &why));
	/* keys with MKIs of different lengths (sdes_parse refuses them too) */
	a = a0, b = b0;
	keys(&a, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128 "|1:1;inline:" K128
	     "|2:2", "1 AES_CM_128_HMAC_SHA1_80 inline:" K128);
	EXPECT_FALSE(a.has_peer);
	a.has_peer = true;
	sdes_parse(&a.peer, "1 AES_CM_128_HMAC_SHA1_80 inline:" K128 "|1:1;"
		   "inline:" K128 "|2:1", &why);
	ASSERT_EQ(2U, a.peer.nkeys);
	a.peer.keys[1].mki_len = 2;
	EXPECT_EQ(-EINVAL, mg_plan(&a, &b, 1, &p, &why));
	EXPECT_STREQ("keys of one a=crypto need MKIs of one length", why);
	EXPECT_EQ(0, p.key[0].master[1]);	/* wiped */
}

TEST_HARNESS_MAIN
