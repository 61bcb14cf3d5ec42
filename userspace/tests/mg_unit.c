// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's command execution, driven by H.248 text as the MGC sends
 * it and answered in text that parses again, against a fake kernel
 * (mg_fake.h) that records what it is asked to install: an e2ae call
 * (access SRTP, core RTP) with the gateway's own key in the Local
 * descriptor, a lone termination keeping its contexts, Move, Subtract
 * with statistics, every refusal leaving the gateway and the kernel as
 * they were (411, 430, 449, 500, 510), the realm's security policy and
 * a=rtcp.  Keys and restarts: mg_keys_unit; events: mg_events_unit;
 * ROOT and Context=*: mg_root_unit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

TEST_F(mg, e2ae_call)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t rx0 = 0, tx0 = 0, rx1 = 0, tx1 = 0;
	const struct msobj_key *key;
	const struct h248_cmd *a, *b;
	struct sdp *s = calloc(1, sizeof(*s));
	uint8_t ours[30];
	char req[2048];
	int i, calls;

	ASSERT_NE(NULL, t);
	ASSERT_EQ(H248_TRANS_REPLY, t->kind);
	EXPECT_EQ(1U, t->id);
	ASSERT_EQ(1U, t->nactions);
	EXPECT_EQ(1U, t->actions[0].ctx);
	ASSERT_EQ(2U, t->actions[0].ncmds);
	a = &t->actions[0].cmds[0];
	b = &t->actions[0].cmds[1];
	EXPECT_STREQ("access/1", a->tid);
	EXPECT_STREQ("core/2", b->tid);
	ASSERT_EQ(1U, a->nstreams);
	ASSERT_NE(NULL, a->streams[0].local);

	/* The access Local: SAVP, our address and port, our own key. */
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	EXPECT_STREQ("192.0.2.1", s->conn.addr);
	EXPECT_EQ(40000, s->media[0].port);
	EXPECT_EQ(SDP_PROTO_RTP_SAVP, s->media[0].proto);
	EXPECT_STREQ("0 8", s->media[0].fmts);
	ASSERT_EQ(1U, s->media[0].ncrypto);
	EXPECT_EQ(7U, s->media[0].crypto[0].tag);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
		  s->media[0].crypto[0].suite);
	EXPECT_EQ(30, s->media[0].crypto[0].keys[0].mat_len);
	EXPECT_EQ(1, s->media[0].crypto[0].keys[0].mki_len);
	/* The kernel got: UE key to unprotect, ours to protect, 4 flows. */
	ASSERT_EQ(2U, self->k.nctx);
	key = f_key(&self->k, MEDIASEC_DIR_TX, &tx0);
	ASSERT_NE(NULL, key);
	EXPECT_EQ(0, memcmp(key->master, s->media[0].crypto[0].keys[0].mat,
			    16));
	key = f_key(&self->k, MEDIASEC_DIR_RX, &rx0);
	ASSERT_NE(NULL, key);
	EXPECT_EQ(1, key->master[1]);		/* KEY1 */
	ASSERT_EQ(4U, self->k.nflow);
	i = f_find_flow(&self->k, 4);		/* context 1: flows 4..7 */
	ASSERT_LE(0, i);
	EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_RTP, self->k.flow[i].action);
	EXPECT_EQ(rx0, self->k.flow[i].rx_ctx);
	EXPECT_EQ(7000, self->k.flow[i].out_dst.port);
	memcpy(ours, s->media[0].crypto[0].keys[0].mat, 30);
	sdp_free(s);

	/* The core Local: plain RTP. */
	ASSERT_EQ(0, sdp_parse(s, b->streams[0].local,
			       strlen(b->streams[0].local), NULL));
	EXPECT_EQ(SDP_PROTO_RTP_AVP, s->media[0].proto);
	EXPECT_EQ(30000, s->media[0].port);
	EXPECT_EQ(0U, s->media[0].ncrypto);
	sdp_free(s);

	/*
	 * Re-key: a new a=crypto from the UE under a new MKI.  The key is
	 * added to the UE's context by MKI, nothing else is touched (the
	 * flows, our context and our key in the Local stay), and the old
	 * key goes after the grace time.
	 */
	calls = self->k.calls;
	self->g.now = 1000;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 2, 6000, KEY2, 2));
	ASSERT_NE(NULL, t);
	ASSERT_EQ(1U, t->actions[0].ncmds);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present & H248_D_ERROR);
	EXPECT_EQ(calls + 1, self->k.calls);	/* one install: the key */
	ASSERT_EQ(2U, self->k.nctx);
	EXPECT_EQ(4U, self->k.nflow);
	key = f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	EXPECT_EQ(rx0, rx1);
	i = f_find_ctx(&self->k, rx1);
	ASSERT_EQ(2U, self->k.nkey[i]);
	EXPECT_EQ(1U, self->k.key[i][0].mki);
	EXPECT_EQ(1, self->k.key[i][0].master[1]);	/* KEY1 */
	EXPECT_EQ(2U, self->k.key[i][1].mki);
	EXPECT_EQ(0x32, self->k.key[i][1].master[0]);	/* KEY2 */
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(tx0, tx1);
	a = &t->actions[0].cmds[0];
	ASSERT_EQ(1U, a->nstreams);
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	ASSERT_EQ(1U, s->media[0].ncrypto);
	EXPECT_EQ(0, memcmp(ours, s->media[0].crypto[0].keys[0].mat, 30));
	sdp_free(s);
	EXPECT_EQ(1000 + self->cfg.rekey_grace_ms, mg_tick(&self->g, 1000));
	mg_tick(&self->g, 999 + self->cfg.rekey_grace_ms);
	EXPECT_EQ(2U, self->k.nkey[i]);
	EXPECT_EQ(UINT64_MAX, mg_tick(&self->g, 1000 + self->cfg.rekey_grace_ms));
	ASSERT_EQ(1U, self->k.nkey[i]);
	EXPECT_EQ(2U, self->k.key[i][0].mki);

	/*
	 * Another key under the MKI in use: the UE's context is made anew
	 * under a fresh id (no two keys under one MKI); ours stays.
	 */
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 4, 6000, KEY1, 2));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present & H248_D_ERROR);
	ASSERT_EQ(2U, self->k.nctx);
	key = f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	EXPECT_NE(rx0, rx1);
	EXPECT_EQ(1, key->master[1]);		/* KEY1 */
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(tx0, tx1);
	EXPECT_EQ(rx1, self->k.flow[f_find_flow(&self->k, 4)].rx_ctx);

	/* Hold (Inactive on the core side): no flows, the contexts stay
	 * with their replay state; back to SendReceive: the same ones.
	 */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 20 { Context = 1 { Modify = core/2 { Media {"
		 " Stream = 1 { LocalControl { Mode = Inactive } } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present & H248_D_ERROR);
	EXPECT_EQ(0U, self->k.nflow);
	EXPECT_EQ(2U, self->k.nctx);
	EXPECT_LE(0, f_find_ctx(&self->k, rx1));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 21 { Context = 1 { Modify = core/2 { Media {"
		 " Stream = 1 { LocalControl { Mode = ReceiveOnly } } } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U, self->k.nflow);	/* RTP and RTCP into the core */
	EXPECT_EQ(MEDIASEC_ACTION_RTP_TO_SRTP, self->k.flow[0].action);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 22 { Context = 1 { Modify = core/2 { Media {"
		 " Stream = 1 { LocalControl { Mode = SendReceive } } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(4U, self->k.nflow);
	EXPECT_LE(0, f_find_ctx(&self->k, rx1));
	EXPECT_LE(0, f_find_ctx(&self->k, tx1));

	/* Subtract both: statistics, everything removed, ports back. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Subtract = * } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U, t->actions[0].ncmds);
	a = &t->actions[0].cmds[0];
	ASSERT_TRUE(a->present & H248_D_STATS);
	ASSERT_EQ(6U, a->nstats);
	EXPECT_STREQ("rtp/pr", a->stats[0].name);
	EXPECT_STREQ("nt/dur", a->stats[4].name);
	EXPECT_STREQ("mssrtp/af", a->stats[5].name);
	EXPECT_STREQ("3", a->stats[5].value);
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	EXPECT_EQ(NULL, mg_find_ctx(&self->g, 1));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_EQ(0U, self->g.pool[0].used);
	EXPECT_EQ(0U, self->g.pool[1].used);
	free(s);
}

/*
 * A termination keeps its SRTP contexts while it waits for a peer: the
 * other side subtracted and a new one added, the UE's context is the same
 * kernel object (its replay window goes on: nothing captured before can
 * be replayed through the new pairing).
 */
TEST_F(mg, lone_termination_keeps_contexts)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t rx0 = 0, tx0 = 0, rx1 = 0, tx1 = 0;

	ASSERT_NE(NULL, t);
	ASSERT_NE(NULL, f_key(&self->k, MEDIASEC_DIR_RX, &rx0));
	f_key(&self->k, MEDIASEC_DIR_TX, &tx0);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Subtract = core/2 } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, self->k.nflow);
	EXPECT_EQ(2U, self->k.nctx);
	EXPECT_LE(0, f_find_ctx(&self->k, rx0));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = core }, Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.9\nm=audio 7100 RTP/AVP 0\n} } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(4U, self->k.nflow);
	ASSERT_EQ(2U, self->k.nctx);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(rx0, rx1);
	EXPECT_EQ(tx0, tx1);
	/* The last one out takes the contexts along. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Subtract = * } }\n");
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
}

/*
 * Move: the access termination leaves its context for one with another
 * core termination; its SRTP contexts go along as the same kernel
 * objects; refusals and a kernel failure change nothing.
 */
TEST_F(mg, move)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t rx0 = 0, tx0 = 0, rx1 = 0, tx1 = 0;
	struct fake before;
	int i;

	ASSERT_NE(NULL, t);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx0);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx0);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = core }, Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.9\nm=audio 7200 RTP/AVP 0\n} } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(2U, t->actions[0].ctx);
	before = self->k;

	/* Refused, nothing changed: unknown, already there, full. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 2 { Move = access/99 } }\n");
	EXPECT_EQ(430U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Move = access/1 } }\n");
	EXPECT_EQ(433U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Move = core/3 } }\n");
	EXPECT_EQ(434U, err_of(t));
	/* The kernel refuses the new flows: 500, the old ones are back. */
	self->k.fail_install = 1;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 6 { Context = 2 { Move = access/1 } }\n");
	EXPECT_EQ(500U, err_of(t));
	EXPECT_EQ(before.nctx, self->k.nctx);
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(0, memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)));
	i = f_find_flow(&self->k, 4);
	ASSERT_LE(0, i);
	EXPECT_EQ(rx0, self->k.flow[i].rx_ctx);
	EXPECT_EQ(7000, self->k.flow[i].out_dst.port);
	EXPECT_EQ(2U, mg_find_ctx(&self->g, 1)->nterm);

	/* Done: the flows of context 2 (ids 8..11), the same SRTP contexts. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 7 { Context = 2 { Move = access/1 } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_STREQ("access/1", t->actions[0].cmds[0].tid);
	ASSERT_EQ(2U, self->k.nctx);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(rx0, rx1);
	EXPECT_EQ(tx0, tx1);
	ASSERT_EQ(4U, self->k.nflow);
	EXPECT_EQ(-1, f_find_flow(&self->k, 4));
	for (i = 0; i < 4 && self->k.flow[i].rx_ctx != rx0; i++)
		;
	ASSERT_GT(4, i);
	EXPECT_LE(8U, self->k.flow[i].id);
	EXPECT_GE(11U, self->k.flow[i].id);
	EXPECT_EQ(7200, self->k.flow[i].out_dst.port);
	EXPECT_EQ(1U, mg_find_ctx(&self->g, 1)->nterm);
	EXPECT_EQ(2U, mg_find_ctx(&self->g, 2)->nterm);
	/* The last one out of context 1: it goes. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 8 { Context = $ { Move = core/2 } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(NULL, mg_find_ctx(&self->g, 1));
	EXPECT_EQ(2U, self->g.nctx);
}

/*
 * What the gateway does not realise is refused with its H.248.8 code and
 * changes nothing: items of realised packages it does not have (450),
 * values it cannot take (449: policing without its rate, mg_policy_unit
 * has the rest), unknown properties, signals, DigitMap, requested
 * statistics it does not count, Loopback, service states; what it does
 * realise is taken (ipdc/realm in TerminationState, Statistics it counts).
 */
TEST_F(mg, unrealised_items_refused_with_their_codes)
{
	static const struct { const char *media; unsigned int code; } c[] = {
		{ "Media { Stream = 1 { LocalControl { tman/pol = ON } } }", 449 },
		{ "Media { Stream = 1 { LocalControl { gm/rsaf = 192.0.2.9 } } }",
		  450 },
		{ "Media { Stream = 1 { LocalControl { ds/dscp = 2E } } }", 449 },
		{ "Media { Stream = 1 { LocalControl { xyz/dscp = 1 } } }", 440 },
		{ "Media { Stream = 1 { LocalControl { ipdc/xyz = 1 } } }", 450 },
		{ "Media { Stream = 1 { LocalControl { Foo = 1 } } }", 445 },
		{ "Media { Stream = 1 { LocalControl { Mode = Loopback } } }",
		  517 },
		{ "Media { TerminationState { ServiceStates = OutOfService } }",
		  449 },
		{ "Media { TerminationState { EventBufferControl = LockStep } }",
		  449 },
		{ "Media { TerminationState { tman/pol = ON } }", 450 },
		{ "Media { TerminationState { xyz/pol = ON } }", 440 },
		{ "Signals { al/ri }", 513 },
		{ "Signals { rtp/xyz }", 452 },
		{ "DigitMap = dm1", 444 },
		{ "Statistics { nt/xyz }", 453 },
		{ "Statistics { foo/bar }", 440 },
		{ "Media { Stream = 1 { Statistics { rtp/xyz } } }", 453 },
		{ "Media { TerminationState { ipdc/realm = core } }", 449 },
		{ "Media { Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		  "m=video 6000 RTP/AVP 96\n} } }", 515 },
		{ "Media { Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		  "m=image 6000 udptl t38\n} } }", 515 },
		{ "Media { Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		  "m=audio 6000 RTP/AVP 0\nm=audio 6002 RTP/AVP 0\n} } }",
		  449 },
	};
	const struct h248_trans *t;
	struct fake before;
	char buf[512];
	unsigned int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	before = self->k;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(buf, sizeof(buf), "MEGACO/3 [192.0.2.20]:2944\n"
			 "Transaction = %u { Context = 1 { Modify = access/1"
			 " { %s } } }\n", 20 + i, c[i].media);
		t = exec(&self->g, self->r, buf);
		ASSERT_NE(NULL, t) TH_LOG("%s", c[i].media);
		EXPECT_EQ(c[i].code, err_of(t)) TH_LOG("%s", c[i].media);
		/* the kernel's objects as they were (records rewritten) */
		EXPECT_TRUE(before.nctx == self->k.nctx &&
			    before.nflow == self->k.nflow &&
			    !memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)) &&
			    !memcmp(before.key, self->k.key, sizeof(before.key)) &&
			    !memcmp(before.flow, self->k.flow,
				    sizeof(before.flow)))
			TH_LOG("%s", c[i].media);
	}
	/* Realised: an empty Signals, counted statistics, realm in TS. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 50 { Context = 1 { Modify = access/1 {"
		 " Signals { }, Statistics { rtp/pr, nt/os },"
		 " Media { Stream = 1 { Statistics { rtp/ps } } } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 51 { Context = $ { Add = $ { Media {"
		 " TerminationState { ipdc/realm = core,"
		 " ServiceStates = InService } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, strncmp(t->actions[0].cmds[0].tid, "core/", 5));
}

TEST_F(mg, refusals_change_nothing)
{
	const struct h248_trans *t;
	char req[2048];

	struct fake before;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	ASSERT_EQ(4U, self->k.nflow);
	before = self->k;

	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 99 { Subtract = * } }\n");
	EXPECT_EQ(411U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = core/77 } }\n");
	EXPECT_EQ(430U, err_of(t));
	/* A suite the engine does not have: 449, the old key stays. */
	snprintf(req, sizeof(req),
		 "MEGACO/3 [192.0.2.20]:2944\nTransaction = 6 { Context = 1 {"
		 " Modify = access/1 { Media { Stream = 1 { Remote {\nv=0\n"
		 "c=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		 "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" KEY1 "\n"
		 "} } } } } }\n");
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(before.calls, self->k.calls);	/* not asked at all */
	/* A remote of the other family than the realm's: 449 too. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 16 { Context = 1 { Modify = core/2 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP6 2001:db8::2\n"
		 "m=audio 7000 RTP/AVP 0\n} } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(before.calls, self->k.calls);
	/* The kernel refuses the change: 500, the old plan is put back. */
	self->k.fail_install = 1;
	snprintf(req, sizeof(req),
		 "MEGACO/3 [192.0.2.20]:2944\nTransaction = 7 { Context = 1 {"
		 " Modify = core/2 { Media { Stream = 1 { Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.3\nm=audio 7002 RTP/AVP 0\n"
		 "} } } } } }\n");
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(500U, err_of(t));
	/* The kernel's reason, although putting back asked it again. */
	EXPECT_STREQ("fake kernel refused",
		     t->actions[0].cmds[t->actions[0].ncmds - 1].error.text);
	/* Exactly as before: the same contexts, keys and flows. */
	self->k.calls = before.calls;
	EXPECT_EQ(before.nctx, self->k.nctx);
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(0, memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)));
	EXPECT_EQ(0, memcmp(before.key, self->k.key, sizeof(before.key)));
	EXPECT_EQ(7000, self->k.flow[f_find_flow(&self->k, 4)].out_dst.port);
	EXPECT_LE(0, f_find_flow(&self->k, 7));
	EXPECT_EQ(2U, self->g.pool[0].used + self->g.pool[1].used);

	/*
	 * A re-key (new MKI) with a new remote port: the key is added, then
	 * the kernel refuses the flows; the key goes again, the flows and
	 * the first key are as they were.
	 */
	self->k.fail_install = 1;
	self->k.pass_first = 1;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 8, 6002, KEY2, 2));
	EXPECT_EQ(500U, err_of(t));
	EXPECT_EQ(0, self->k.pass_first);
	EXPECT_EQ(before.nctx, self->k.nctx);
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(0, memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)));
	EXPECT_EQ(0, memcmp(before.nkey, self->k.nkey, sizeof(before.nkey)));
	EXPECT_EQ(0, memcmp(before.key, self->k.key, sizeof(before.key)));
	EXPECT_EQ(6000, self->k.flow[f_find_flow(&self->k, 5)].out_dst.port);
	EXPECT_EQ(UINT64_MAX, mg_tick(&self->g, 0));	/* nothing to retire */

	/* Ports run out in the core realm (two pairs): 510, nothing left. */
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(2U, self->g.nctx);
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(510U, err_of(t));
	/* The first Add of that transaction stays, as H.248 says; its
	 * context holds it alone.
	 */
	EXPECT_EQ(3U, self->g.nctx);
	EXPECT_EQ(3U, self->g.pool[0].used);
	EXPECT_EQ(2U, self->g.pool[1].used);
	/* Unknown realm: 449, and the context made for it goes away. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 9 { Context = $ { Add = $ { Media { Stream = 1"
		 " { LocalControl { ipdc/realm = mars } } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(3U, self->g.nctx);
	/* The reply does not name the context id freed: it is CHOOSE's. */
	EXPECT_EQ(H248_CTX_CHOOSE, t->actions[0].ctx);
}

static void count_progress(void *arg)
{
	(*(unsigned int *)arg)++;
}

/* The caller hears of each command before it runs (TransactionPending). */
TEST_F(mg, progress_before_each_command)
{
	unsigned int n = 0;

	self->g.progress = count_progress;
	self->g.progress_arg = &n;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	EXPECT_EQ(2U, n);
	ASSERT_NE(NULL, exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
			     "Transaction = 2 { Context = 1 { Subtract = * },"
			     " Context = 4242 { Subtract = * } }\n"));
	EXPECT_EQ(3U, n);	/* none for the unknown context */
}

/* An Add of the UE's termination with the a=crypto lines @crypto. */
static const char *add_ue(char *buf, size_t n, unsigned int trans,
			  const char *crypto)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = $ { Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = access }, Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\n%s} } } } } }\n", trans, crypto);
	return buf;
}

/*
 * A realm's security policy: by default a UE cannot turn encryption or
 * authentication off on its word (NULL cipher suites, UNENCRYPTED_SRTP/
 * SRTCP, UNAUTHENTICATED_SRTP): refused with 449 and nothing installed;
 * of several lines the first the policy accepts is taken, and our own
 * key carries no parameter the remote's line did not.  What realm-policy
 * allows is taken, and answered as RFC 4568 6.3 asks.
 */
TEST_F(mg, realm_policy_refuses_weakened_crypto)
{
	static const char conf2[] =
		"mid [192.0.2.10]:2944\nmgc 192.0.2.20 2944\n"
		"realm access 192.0.2.1 40000-40999\n"
		"realm-policy access params UNENCRYPTED_SRTCP\n";
	const struct sdes_crypto *cr;
	const struct h248_trans *t;
	char buf[1024], err[128];
	struct sdp *sdp = calloc(1, sizeof(*sdp));

	ASSERT_NE(NULL, sdp);
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 1,
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1
		 " UNAUTHENTICATED_SRTP\n"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 2,
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1
		 " UNENCRYPTED_SRTP\n"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 3,
		 "a=crypto:1 NULL_HMAC_SHA1_80 inline:" KEY1 "\n"));
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	EXPECT_EQ(0U, self->g.nctx);

	/* The first acceptable line; ours without the other's weakening. */
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 4,
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1
		 " UNENCRYPTED_SRTCP\n"
		 "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" KEY2 "\n"));
	ASSERT_EQ(0U, err_of(t));
	cr = local_crypto(t, sdp);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ(2U, cr->tag);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32, cr->suite);
	EXPECT_EQ(0U, cr->flags);
	ASSERT_EQ(2U, self->k.nctx);
	EXPECT_EQ(0U, self->k.ctx[0].flags);
	EXPECT_EQ(0U, self->k.ctx[1].flags);
	sdp_free(sdp);

	/* A realm that allows UNENCRYPTED_SRTCP takes it, both ways. */
	mg_fini(&self->g);
	memset(&self->k, 0, sizeof(self->k));
	ASSERT_EQ(0, mgd_config_parse(&self->cfg, conf2, err, sizeof(err)));
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 5,
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1
		 " UNENCRYPTED_SRTCP\n"));
	ASSERT_EQ(0U, err_of(t));
	memset(sdp, 0, sizeof(*sdp));
	cr = local_crypto(t, sdp);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ((unsigned int)SDES_UNENCRYPTED_SRTCP, cr->flags);
	ASSERT_EQ(2U, self->k.nctx);
	EXPECT_EQ(MEDIASEC_CTX_F_UNENCRYPTED_SRTCP, self->k.ctx[0].flags);
	EXPECT_EQ(MEDIASEC_CTX_F_UNENCRYPTED_SRTCP, self->k.ctx[1].flags);
	t = exec(&self->g, self->r, add_ue(buf, sizeof(buf), 6,
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1
		 " UNAUTHENTICATED_SRTP\n"));
	EXPECT_EQ(449U, err_of(t));
	sdp_free(sdp);
	free(sdp);
}

/*
 * a=rtcp (RFC 3605) in the UE's Remote: RTCP from and to that address
 * and port, not RTP port + 1; kept in the record, and taken back from it.
 */
TEST_F(mg, rtcp_attribute_honoured)
{
	static const char add_rtcp[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 1 { Context = $ {\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access },\n"
		"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		"a=rtcp:6100 IN IP4 192.0.2.9\n"
		"a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "\n"
		"} } } },\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core },\n"
		"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n"
		"a=rtcp:7301\n} } } }\n} }\n";
	struct mg_state *st = calloc(1, sizeof(*st));
	const struct h248_trans *t;
	const char *why;
	int i, r;

	ASSERT_NE(NULL, st);
	t = exec(&self->g, self->r, add_rtcp);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	i = f_find_flow(&self->k, 6);		/* RTCP from the UE */
	ASSERT_LE(0, i);
	EXPECT_EQ(MEDIASEC_KIND_RTCP, self->k.flow[i].kind);
	EXPECT_EQ(6100, self->k.flow[i].remote.port);
	EXPECT_EQ(0, memcmp("\xc0\x00\x02\x09", self->k.flow[i].remote.addr,
			    4));
	EXPECT_EQ(7301, self->k.flow[i].out_dst.port);
	i = f_find_flow(&self->k, 7);		/* RTCP to the UE */
	ASSERT_LE(0, i);
	EXPECT_EQ(6100, self->k.flow[i].out_dst.port);
	EXPECT_EQ(0, memcmp("\xc0\x00\x02\x09", self->k.flow[i].out_dst.addr,
			    4));
	EXPECT_EQ(7301, self->k.flow[i].remote.port);
	/* The record keeps it for a restart. */
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(self->k.rec[r], "\nrtcp 4 c0000209 6100\n"));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	EXPECT_TRUE(st->term[0].side.has_rtcp);
	EXPECT_EQ(6100, st->term[0].side.rtcp.port);
	EXPECT_TRUE(st->term[1].side.has_rtcp);
	EXPECT_EQ(7301, st->term[1].side.rtcp.port);
	memset(st, 0, sizeof(*st));	/* fingerprints only, no keys */
	free(st);
}

TEST_HARNESS_MAIN

