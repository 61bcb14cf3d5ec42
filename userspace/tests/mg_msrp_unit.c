// SPDX-License-Identifier: GPL-2.0
/*
 * MSRP terminations over H.248 (mg_msrp.c), against the fake kernel: an
 * e2ae context (TCP/TLS/MSRP with the UE's fingerprint, TCP/MSRP to the
 * core) answers Locals with the roles RFC 4145 gives and the gateway's
 * certificate fingerprint, installs nothing of RTP, and tells the daemon
 * (mg_ops.msrp) which contexts changed; the PSK of LocalControl, the
 * mstls/est signal and the mstls/fail event are taken; what cannot be
 * relayed (MSRP with RTP, end-to-end TLS on one side only) or is not
 * known is refused with its code and changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

#define UE_FP	"sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:" \
		"19:E5:7C:AB:3C:A8:E2:A2:81:33:80:E6:0F:E7:88:C0"

static const char e2ae[] =
	"MEGACO/3 [192.0.2.20]:2944\n"
	"Transaction = 1 { Context = $ {\n"
	" Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive,"
	" ipdc/realm = access },\n"
	"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=message 5000 TCP/TLS/MSRP *\n"
	"a=setup:active\na=fingerprint:" UE_FP "\n"
	"a=path:msrps://192.0.2.2:5000/s1;tcp\n} } },\n"
	"  Events = 7 { mstls/fail } },\n"
	" Add = $ { Media { Stream = 1 { LocalControl { ipdc/realm = core },\n"
	"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=message 7000 TCP/MSRP *\n"
	"a=setup:passive\n} } }, Signals { mstls/est } }\n} }\n";

static uint32_t changed[8];
static unsigned int nchanged;

static void on_msrp(void *arg, const struct mg *g, uint32_t id)
{
	(void)arg;
	(void)g;
	if (nchanged < 8)
		changed[nchanged++] = id;
}

static const char *local_of(const struct h248_trans *t, unsigned int cmd)
{
	return t->actions[0].cmds[cmd].nstreams ?
	       t->actions[0].cmds[cmd].streams[0].local : NULL;
}

static void with_msrp_ops(struct mg *g)
{
	static struct mg_ops ops;

	ops = fake_ops;
	ops.msrp = on_msrp;
	g->ops = &ops;
	g->own_fp.hash = SDP_HASH_SHA256;
	g->own_fp.len = 32;
	memset(g->own_fp.value, 0xab, 32);
	nchanged = 0;
}

TEST_F(mg, e2ae_context_answers_roles_and_fingerprint)
{
	const struct h248_trans *t;
	struct mg_ctx *c;
	const char *l;

	with_msrp_ops(&self->g);
	t = exec(&self->g, self->r, e2ae);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	/* The UE connects (it is active): we listen on our port, TLS. */
	l = local_of(t, 0);
	ASSERT_NE(NULL, l);
	EXPECT_TRUE(text_has(l, "m=message"));
	EXPECT_TRUE(text_has(l, "TCP/TLS/MSRP *"));
	EXPECT_TRUE(text_has(l, "a=setup:passive"));
	EXPECT_TRUE(text_has(l, "a=connection:new"));
	EXPECT_TRUE(text_has(l, "a=fingerprint:sha-256 AB:AB:AB"));
	EXPECT_FALSE(text_has(l, "m=message 9 "));
	/* The core listens: we connect, plain TCP, port 9, no fingerprint. */
	l = local_of(t, 1);
	ASSERT_NE(NULL, l);
	EXPECT_TRUE(text_has(l, "m=message 9 TCP/MSRP *"));
	EXPECT_TRUE(text_has(l, "a=setup:active"));
	EXPECT_FALSE(text_has(l, "a=fingerprint"));
	/* Nothing of RTP in the kernel; the daemon told of the context. */
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	mg_flush(&self->g);
	ASSERT_EQ(1U, nchanged);
	c = mg_find_ctx(&self->g, changed[0]);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(2U, c->nterm);
	EXPECT_TRUE(c->term[0]->msrp.on);
	EXPECT_EQ(MG_TLS_CERT, c->term[0]->msrp.tls);
	EXPECT_FALSE(c->term[0]->msrp.active);
	EXPECT_TRUE(c->term[0]->msrp.fail_asked);
	EXPECT_EQ(1U, c->term[0]->msrp.remote_tls.nfp);
	EXPECT_EQ(MG_TLS_NONE, c->term[1]->msrp.tls);
	EXPECT_TRUE(c->term[1]->msrp.active);
	EXPECT_TRUE(c->term[1]->msrp.establish);
	EXPECT_EQ(7000, c->term[1]->msrp.remote.port);
}

/* A refused request: its code, and the gateway as it was. */
#define REFUSED(code, req) do {						\
	const struct h248_trans *t_ = exec(&self->g, self->r, (req));	\
	ASSERT_NE(NULL, t_);						\
	EXPECT_EQ((code), err_of(t_));					\
	EXPECT_EQ(0U, self->g.nctx);					\
	EXPECT_EQ(0U, self->k.nctx);					\
} while (0)

static const char *one(char *buf, size_t n, const char *sdp,
		       const char *extra)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access%s },"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\n%s} } } } } }\n",
		 extra, sdp);
	return buf;
}

TEST_F(mg, refusals_change_nothing)
{
	char buf[2048];

	with_msrp_ops(&self->g);
	/* Not MSRP's protocols: 515. */
	REFUSED(MG_ERR_BAD_MEDIA,
		one(buf, sizeof(buf), "m=message 5000 UDP/MSRP *\n", ""));
	/* holdconn: no connection to make. */
	REFUSED(MG_ERR_UNSUPPORTED,
		one(buf, sizeof(buf), "m=message 5000 TCP/MSRP *\n"
		    "a=setup:holdconn\n", ""));
	/* A PSK needs its identity; a short key is refused. */
	REFUSED(MG_ERR_UNSUPPORTED,
		one(buf, sizeof(buf), "m=message 5000 TCP/TLS/MSRP *\n",
		    ", mstls/psk = 00112233445566778899aabbccddeeff"));
	REFUSED(MG_ERR_UNSUPPORTED,
		one(buf, sizeof(buf), "m=message 5000 TCP/TLS/MSRP *\n",
		    ", mstls/pskid = \"ue\", mstls/psk = 0011"));
	/* A fingerprint with no certificate of ours to answer it. */
	memset(&self->g.own_fp, 0, sizeof(self->g.own_fp));
	REFUSED(MG_ERR_UNSUPPORTED,
		one(buf, sizeof(buf), "m=message 5000 TCP/TLS/MSRP *\n"
		    "a=fingerprint:" UE_FP "\n", ""));
	/* Another signal, on an MSRP termination: 452 (a known package). */
	REFUSED(MG_ERR_NO_SUCH_SIGNAL,
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 5 { Context = $ { Add = $ { Media { Stream = 1 {"
		" LocalControl { ipdc/realm = access }, Remote {\nv=0\n"
		"c=IN IP4 192.0.2.2\nm=message 5000 TCP/MSRP *\n} } },"
		" Signals { mstls/go } } } }\n");
	/* Told of contexts that are gone, if any: nothing to connect. */
	mg_flush(&self->g);
	while (nchanged)
		EXPECT_EQ(NULL, mg_find_ctx(&self->g, changed[--nchanged]));
}

/*
 * MSRP with RTP, and end-to-end TLS with terminated TLS: the second Add
 * is refused (the first, a command of its own, stays: H.248.1 8.2.2).
 */
#define SECOND_REFUSED(code, req) do {					\
	const struct h248_trans *t_ = exec(&self->g, self->r, (req));	\
	struct mg_ctx *c_;						\
	ASSERT_NE(NULL, t_);						\
	EXPECT_EQ((code), err_of(t_));					\
	c_ = mg_find_ctx(&self->g, t_->actions[0].ctx);			\
	ASSERT_NE(NULL, c_);						\
	EXPECT_EQ(1U, c_->nterm);					\
	EXPECT_EQ(0U, self->k.nflow);					\
} while (0)

TEST_F(mg, what_cannot_be_relayed_is_refused)
{
	with_msrp_ops(&self->g);
	SECOND_REFUSED(MG_ERR_BAD_MEDIA,
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 3 { Context = $ {\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		"m=message 5000 TCP/MSRP *\n} } } },\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core }, Remote {\nv=0\nc=IN IP4 198.51.100.2\n"
		"m=audio 7000 RTP/AVP 0\n} } } } } }\n");
	SECOND_REFUSED(MG_ERR_UNSUPPORTED,
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 4 { Context = $ {\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		"m=message 5000 TCP/TLS/MSRP *\n} } } },\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core }, Remote {\nv=0\nc=IN IP4 198.51.100.2\n"
		"m=message 7000 TCP/TLS/MSRP *\na=fingerprint:" UE_FP "\n"
		"} } } } } }\n");
}

/*
 * Move (H.248.1 7.2.3) of an MSRP termination, or of any termination into
 * a context holding one: 501, nothing moved.  The termination's
 * connection belongs to the kernel's relay once both legs are up, and a
 * relay cannot hand a socket back; taking it out of its context would
 * reset the UE's session.
 */
TEST_F(mg, move_of_msrp_terminations_refused)
{
	const struct h248_trans *t;
	struct mg_ctx *c1, *c2;
	char buf[2048];

	with_msrp_ops(&self->g);
	t = exec(&self->g, self->r, e2ae);
	ASSERT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r,
		 one(buf, sizeof(buf), "m=message 5002 TCP/MSRP *\n", ""));
	ASSERT_EQ(0U, err_of(t));
	c1 = mg_find_ctx(&self->g, 1);
	c2 = mg_find_ctx(&self->g, 2);
	ASSERT_NE(NULL, c1);
	ASSERT_NE(NULL, c2);
	ASSERT_EQ(2U, c1->nterm);
	ASSERT_EQ(1U, c2->nterm);
	/* the UE's termination of context 1 into context 2 */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 9 { Context = 2 { Move = access/1 } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(MG_ERR_NOT_IMPL, err_of(t));
	/* context 2's into context 1 would make three: 434 comes first */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 10 { Context = 1 { Move = access/3 } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(MG_ERR_TOO_MANY_TERMS, err_of(t));
	c1 = mg_find_ctx(&self->g, 1);
	c2 = mg_find_ctx(&self->g, 2);
	ASSERT_NE(NULL, c1);
	ASSERT_NE(NULL, c2);
	EXPECT_EQ(2U, c1->nterm);
	EXPECT_EQ(1U, c2->nterm);
	EXPECT_STREQ("access/1", c1->term[0]->id);
	EXPECT_EQ(c1, c1->term[0]->ctx);
	EXPECT_STREQ("access/3", c2->term[0]->id);
}

TEST_F(mg, psk_termination_and_failure_event)
{
	const struct h248_trans *t;
	struct mg_notify n = { 0 };
	struct mg_ctx *c;
	char buf[2048];

	with_msrp_ops(&self->g);
	t = exec(&self->g, self->r,
		 one(buf, sizeof(buf), "m=message 5000 TCP/TLS/MSRP *\n"
		     "a=setup:actpass\n",
		     ", mstls/pskid = \"mrfp-1\", mstls/psk = "
		     "000102030405060708090a0b0c0d0e0f"));
	ASSERT_EQ(0U, err_of(t));
	/* PSK: no certificate fingerprint; actpass makes us active. */
	EXPECT_FALSE(text_has(local_of(t, 0), "a=fingerprint"));
	EXPECT_TRUE(text_has(local_of(t, 0), "a=setup:active"));
	c = mg_find_ctx(&self->g, 1);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(MG_TLS_PSK, c->term[0]->msrp.tls);
	EXPECT_STREQ("mrfp-1", c->term[0]->msrp.psk_id);
	EXPECT_EQ(16U, c->term[0]->msrp.psk_len);
	EXPECT_EQ(0x0f, c->term[0]->msrp.psk[15]);
	/* Not asked for: no Notify. */
	EXPECT_EQ(0, mg_msrp_fail(&self->g, 1, c->term[0]->serial, "psk",
				  &n));
	t = exec(&self->g, self->r,
		 "MEGACO/3 [192.0.2.20]:2944\nTransaction = 6 { Context = 1 {"
		 " Modify = access/1 { Events = 9 { mstls/fail } } } }\n");
	ASSERT_EQ(0U, err_of(t));
	ASSERT_EQ(1, mg_msrp_fail(&self->g, 1, c->term[0]->serial, "psk",
				  &n));
	EXPECT_STREQ("mstls/fail", n.event);
	EXPECT_EQ(9U, n.rid);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_STREQ("reason", n.param[0].name);
	EXPECT_STREQ("psk", n.param[0].value);
}

/*
 * A relay that ends by itself (the kernel's RELAY_END): each MSRP
 * termination that asked for mstls/end hears why, and whether its own
 * remote ended it; one that did not ask hears nothing.
 */
TEST_F(mg, relay_end_told_to_the_terminations_that_asked)
{
	const struct h248_trans *t;
	struct mg_notify n = { 0 };
	struct mg_ctx *c;

	with_msrp_ops(&self->g);
	t = exec(&self->g, self->r, e2ae);
	ASSERT_EQ(0U, err_of(t));
	c = mg_find_ctx(&self->g, 1);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(0, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_RESET, 1, 0,
				 &n));	/* none asked */
	t = exec(&self->g, self->r,
		 "MEGACO/3 [192.0.2.20]:2944\nTransaction = 6 { Context = 1 {"
		 " Modify = core/2 { Events = 11 { mstls/end } } } }\n");
	ASSERT_EQ(0U, err_of(t));
	/* leg B (the higher serial: core/2) was reset by its remote */
	ASSERT_EQ(1, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_RESET, 1, 0,
				 &n));
	EXPECT_STREQ("mstls/end", n.event);
	EXPECT_STREQ("core/2", n.tid);
	EXPECT_EQ(11U, n.rid);
	ASSERT_EQ(2U, n.nparam);
	EXPECT_STREQ("reason", n.param[0].name);
	EXPECT_STREQ("reset", n.param[0].value);
	EXPECT_STREQ("by", n.param[1].name);
	EXPECT_STREQ("remote", n.param[1].value);
	EXPECT_EQ(0, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_RESET, 1, 1,
				 &n));	/* access/1 did not ask */
	t = exec(&self->g, self->r,
		 "MEGACO/3 [192.0.2.20]:2944\nTransaction = 7 { Context = 1 {"
		 " Modify = access/1 { Events = 12 { mstls/end, mstls/fail } }"
		 " } }\n");
	ASSERT_EQ(0U, err_of(t));
	ASSERT_EQ(1, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_KEY_UPDATE,
				 0, 0, &n));
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_STREQ("key-update", n.param[0].value);
	EXPECT_STREQ("remote", n.param[1].value);
	ASSERT_EQ(1, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_KEY_UPDATE,
				 0, 1, &n));
	EXPECT_STREQ("core/2", n.tid);
	EXPECT_STREQ("other", n.param[1].value);
	/* a clean close by both: "none" */
	ASSERT_EQ(1, mg_msrp_end(&self->g, 1, MEDIASEC_RELAY_END_CLOSED, -1,
				 0, &n));
	EXPECT_STREQ("closed", n.param[0].value);
	EXPECT_STREQ("none", n.param[1].value);
	/* an unknown reason, an unknown context: nothing */
	EXPECT_EQ(0, mg_msrp_end(&self->g, 1, 200, 0, 0, &n));
	EXPECT_EQ(0, mg_msrp_end(&self->g, 9, MEDIASEC_RELAY_END_RESET, 0, 0,
				 &n));
}

/*
 * The record of an MSRP context (state.h) keeps what a restart needs:
 * roles, TLS, remotes, the events asked; never the PSK.  A gateway
 * restarted takes the context back from it (mg_adopt()).
 */
TEST_F(mg, msrp_context_recorded_and_taken_back)
{
	struct mg_state *st = calloc(1, sizeof(*st));
	const struct h248_trans *t;
	struct mg_ctx *c;
	struct mg g2;
	const char *why;
	int r;

	ASSERT_NE(NULL, st);
	with_msrp_ops(&self->g);
	self->g.records = true;
	t = exec(&self->g, self->r, e2ae);
	ASSERT_EQ(0U, err_of(t));
	mg_flush(&self->g);
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	/* TLS, mstls/fail asked, a remote (0x31); a certificate (1) */
	EXPECT_NE(NULL, strstr(self->k.rec[r], "\nmsrp 49 1\n"));
	EXPECT_NE(NULL, strstr(self->k.rec[r],
			       "\nmsrp-remote 4 c6336402 7000\n"));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	ASSERT_EQ(2U, st->nterm);
	EXPECT_TRUE(st->term[0].msrp.on);
	EXPECT_EQ(MG_TLS_CERT, st->term[0].msrp.tls);
	EXPECT_FALSE(st->term[0].msrp.active);
	EXPECT_TRUE(st->term[0].msrp.fail_asked);
	EXPECT_EQ(7U, st->term[0].ev_rid);
	EXPECT_TRUE(st->term[1].msrp.active);
	EXPECT_TRUE(st->term[1].msrp.establish);
	EXPECT_EQ(7000, st->term[1].msrp.remote.port);

	/* A PSK is never written. */
	ASSERT_EQ(0U, err_of(exec(&self->g, self->r,
		"MEGACO/3 [192.0.2.20]:2944\nTransaction = 3 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { LocalControl {"
		" mstls/pskid = \"x\", mstls/psk = "
		"a1a2a3a4a5a6a7a8a9aaabacadaeafb0 } } } } } }\n")));
	mg_flush(&self->g);
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_EQ(NULL, strstr(self->k.rec[r], "a1a2a3a4"));

	/* Another gateway takes the context back. */
	ASSERT_EQ(0, mg_init(&g2, &self->cfg, &fake_ops, &self->k));
	ASSERT_EQ(0, mg_adopt(&g2, st, f_check, &self->k, &why))
		TH_LOG("%s", why);
	c = mg_find_ctx(&g2, 1);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(2U, c->nterm);
	EXPECT_TRUE(c->term[0]->msrp.on);
	EXPECT_EQ(MG_TLS_CERT, c->term[0]->msrp.tls);
	EXPECT_EQ(7000, c->term[1]->msrp.remote.port);
	mg_fini(&g2);

	/* mstls/end asked too (0x40): the record still reads back. */
	ASSERT_EQ(0U, err_of(exec(&self->g, self->r,
		"MEGACO/3 [192.0.2.20]:2944\nTransaction = 4 { Context = 1 {"
		" Modify = access/1 { Events = 8 { mstls/fail, mstls/end } }"
		" } }\n")));
	mg_flush(&self->g);
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(self->k.rec[r], "\nmsrp 113 1\n"));
	memset(st, 0, sizeof(*st));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	EXPECT_TRUE(st->term[0].msrp.end_asked);
	EXPECT_TRUE(st->term[0].msrp.fail_asked);
	memset(st, 0, sizeof(*st));
	free(st);
}

/*
 * A PSK termination taken back after a restart has no PSK in its record.
 * A Modify that repeats its Remote (the MGC does not give the PSK again)
 * must not turn it into end-to-end TLS: its relay would be reset.
 * Fingerprints in a Remote still make it a certificate termination.
 */
TEST_F(mg, taken_back_psk_termination_stays_psk)
{
	struct mg_state *st = calloc(1, sizeof(*st));
	static const char remote[] =
		"MEGACO/3 [192.0.2.20]:2944\nTransaction = 5 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { Remote {\nv=0\n"
		"c=IN IP4 192.0.2.2\nm=message 5000 TCP/TLS/MSRP *\n"
		"a=setup:actpass\n%s} } } } } }\n";
	struct mg_ctx *c;
	char buf[2048];
	struct mg g2;
	const char *why;
	int r;

	ASSERT_NE(NULL, st);
	with_msrp_ops(&self->g);
	self->g.records = true;
	ASSERT_EQ(0U, err_of(exec(&self->g, self->r,
		one(buf, sizeof(buf), "m=message 5000 TCP/TLS/MSRP *\n"
		    "a=setup:actpass\n", ", mstls/pskid = \"mrfp-1\", "
		    "mstls/psk = 000102030405060708090a0b0c0d0e0f"))));
	mg_flush(&self->g);
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	ASSERT_EQ(0, mg_init(&g2, &self->cfg, &fake_ops, &self->k));
	g2.ops = self->g.ops;
	g2.own_fp = self->g.own_fp;
	ASSERT_EQ(0, mg_adopt(&g2, st, f_check, &self->k, &why))
		TH_LOG("%s", why);
	c = mg_find_ctx(&g2, 1);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(MG_TLS_PSK, c->term[0]->msrp.tls);
	EXPECT_EQ(0U, c->term[0]->msrp.psk_len);
	/* the Remote again, no PSK given */
	snprintf(buf, sizeof(buf), remote, "");
	ASSERT_EQ(0U, err_of(exec(&g2, self->r, buf)));
	EXPECT_EQ(MG_TLS_PSK, c->term[0]->msrp.tls);
	/* with a fingerprint: a certificate termination now */
	snprintf(buf, sizeof(buf), remote, "a=fingerprint:" UE_FP "\n");
	ASSERT_EQ(0U, err_of(exec(&g2, self->r, buf)));
	EXPECT_EQ(MG_TLS_CERT, c->term[0]->msrp.tls);
	mg_fini(&g2);
	free(st);
}

TEST_HARNESS_MAIN
