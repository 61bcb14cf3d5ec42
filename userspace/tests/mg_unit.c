// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's command execution, driven by H.248 text as the MGC sends
 * it and answered in text that parses again, against a fake kernel that
 * records what it is asked to install: an e2ae call (access SRTP, core
 * RTP) with the gateway's own key in the Local descriptor, a re-key by
 * Modify, Subtract with statistics, and every refusal leaving the gateway
 * and the kernel as they were (411, 430, 449, 500, 510); the records
 * kept for a restart (no key in them) and a restart that takes the
 * kernel's objects back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"
#include "sdp.h"
#include "state.h"
#include "kselftest_harness.h"

/* The fake kernel: the objects it holds, as the netlink family would. */
struct fake {
	int calls, fail_install, pass_first;	/* fail after pass_first */
	char msg[64];
	struct msobj_ctx ctx[16];
	struct msobj_key key[16][MEDIASEC_MAX_KEYS];	/* oldest first */
	unsigned int nkey[16];
	unsigned int nctx;
	struct msobj_flow flow[16];
	unsigned int nflow;
	/* the records kept for a restart, by context id */
	char rec[4][MG_STATE_MAX];
	uint32_t rec_id[4];
	unsigned int saves;
};

static int f_find_ctx(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < k->nctx; i++)
		if (k->ctx[i].id == id)
			return (int)i;
	return -1;
}

static int f_find_flow(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < k->nflow; i++)
		if (k->flow[i].id == id)
			return (int)i;
	return -1;
}

static int f_find_key(struct fake *k, int c, uint32_t mki)
{
	unsigned int i;

	for (i = 0; i < k->nkey[c]; i++)
		if (k->key[c][i].mki == mki)
			return (int)i;
	return -1;
}

static int f_install(void *arg, const struct mg_plan *p, const char **why)
{
	struct fake *k = arg, save = *k;
	unsigned int i;
	int c;

	k->calls++;
	strcpy(k->msg, "");		/* each request clears it, as msnl's */
	if (k->fail_install && k->pass_first) {
		k->pass_first--;
	} else if (k->fail_install) {
		k->fail_install--;
		strcpy(k->msg, "fake kernel refused");
		*why = k->msg;
		return -EIO;
	}
	/* All or nothing, like the msobj transaction. */
	for (i = 0; i < p->nctx; i++)
		if (f_find_ctx(k, p->ctx[i].id) >= 0)
			return -EEXIST;
	for (i = 0; i < p->nflow; i++)
		if (f_find_flow(k, p->flow[i].id) >= 0)
			return -EEXIST;
	for (i = 0; i < p->nctx; i++) {
		k->nkey[k->nctx] = 0;
		k->ctx[k->nctx++] = p->ctx[i];
	}
	for (i = 0; i < p->nkey; i++) {
		c = f_find_ctx(k, p->key_ctx[i]);
		if (c < 0 || f_find_key(k, c, p->key[i].mki) >= 0 ||
		    k->nkey[c] == MEDIASEC_MAX_KEYS ||
		    !!p->key[i].has_mki != !!k->ctx[c].mki_len) {
			*k = save;
			return c < 0 ? -ENOENT : -EEXIST;
		}
		k->key[c][k->nkey[c]++] = p->key[i];
	}
	for (i = 0; i < p->nflow; i++)
		k->flow[k->nflow++] = p->flow[i];
	return 0;
}

static int f_key_del(void *arg, uint32_t ctx, uint32_t mki)
{
	struct fake *k = arg;
	int c = f_find_ctx(k, ctx), i;

	k->calls++;
	if (c < 0 || (i = f_find_key(k, c, mki)) < 0)
		return -ENOENT;
	memmove(&k->key[c][i], &k->key[c][i + 1],
		(k->nkey[c] - i - 1) * sizeof(k->key[c][0]));
	memset(&k->key[c][--k->nkey[c]], 0, sizeof(k->key[c][0]));
	return 0;
}

static void f_remove(void *arg, const struct mg_plan *p)
{
	struct fake *k = arg;
	unsigned int i;
	int j;

	k->calls++;
	for (i = 0; i < p->nflow; i++) {
		j = f_find_flow(k, p->flow[i].id);
		if (j >= 0)
			k->flow[j] = k->flow[--k->nflow];
	}
	for (i = 0; i < p->nctx; i++) {
		j = f_find_ctx(k, p->ctx[i].id);
		if (j >= 0) {
			k->ctx[j] = k->ctx[--k->nctx];
			memcpy(k->key[j], k->key[k->nctx], sizeof(k->key[j]));
			k->nkey[j] = k->nkey[k->nctx];
			/* as if never there: slots past the end are zero */
			memset(k->key[k->nctx], 0, sizeof(k->key[j]));
			memset(&k->ctx[k->nctx], 0, sizeof(k->ctx[0]));
			k->nkey[k->nctx] = 0;
		}
	}
}

/* The context of direction @dir (one call at a time in these tests). */
static const struct msobj_key *f_key(struct fake *k, uint8_t dir,
				     uint32_t *id)
{
	unsigned int i;

	for (i = 0; i < k->nctx; i++)
		if (k->ctx[i].dir == dir) {
			*id = k->ctx[i].id;
			return &k->key[i][0];
		}
	return NULL;
}

static int f_flow_stats(void *arg, uint32_t id, struct msobj_flow *f)
{
	(void)arg;
	memset(f, 0, sizeof(*f));
	f->packets = 100 + id % 4;
	f->bytes = 17200;
	return 0;
}

static int f_ctx_stats(void *arg, uint32_t id, struct msobj_ctx_stats *s)
{
	(void)arg;
	(void)id;
	memset(s, 0, sizeof(*s));
	s->n[MEDIASEC_RESULT_AUTH_FAIL] = 3;
	return 0;
}

static int f_rec(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (k->rec_id[i] == id)
			return (int)i;
	return -1;
}

static void f_save(void *arg, const struct mg *g, const struct mg_ctx *c)
{
	struct fake *k = arg;
	int i = f_rec(k, c->id);

	if (i < 0)
		i = f_rec(k, 0);
	if (i < 0)
		return;
	k->saves++;
	k->rec_id[i] = mg_state_encode(g, c, k->rec[i], MG_STATE_MAX) > 0 ?
		       c->id : 0;
}

static void f_forget(void *arg, uint32_t id)
{
	struct fake *k = arg;
	int i = f_rec(k, id);

	if (i >= 0)
		k->rec_id[i] = 0;
}

/* Whether the fake kernel holds plan @p exactly (mg_adopt's check). */
static int f_check(void *arg, uint32_t ctx, const struct mg_plan *p)
{
	struct fake *k = arg;
	unsigned int i;
	int j;

	for (i = 0; i < 4; i++) {	/* nothing else under its flow ids */
		unsigned int m;

		for (m = 0; m < p->nflow && p->flow[m].id != ctx * 4 + i; m++)
			;
		if (m == p->nflow && f_find_flow(k, ctx * 4 + i) >= 0)
			return -ESTALE;
	}

	for (i = 0; i < p->nctx; i++) {
		j = f_find_ctx(k, p->ctx[i].id);
		if (j < 0 || memcmp(&k->ctx[j], &p->ctx[i], sizeof(p->ctx[i])))
			return -ENOENT;
	}
	for (i = 0; i < p->nflow; i++) {
		j = f_find_flow(k, p->flow[i].id);
		if (j < 0 ||
		    memcmp(&k->flow[j], &p->flow[i], sizeof(p->flow[i])))
			return -ENOENT;
	}
	return 0;
}

static const struct mg_ops fake_ops = {
	.install = f_install,
	.remove = f_remove,
	.key_del = f_key_del,
	.flow_stats = f_flow_stats,
	.ctx_stats = f_ctx_stats,
	.save = f_save,
	.forget = f_forget,
};

static const char conf[] =
	"mid [192.0.2.10]:2944\nmgc 192.0.2.20 2944\n"
	"realm access 192.0.2.1 40000-40999\n"
	"realm core 198.51.100.1 30000-30003\n";	/* two pairs */

#define KEY1 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
#define KEY2 "MjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5P"

static const char add_pair[] =
	"MEGACO/3 [192.0.2.20]:2944\n"
	"Transaction = 1 { Context = $ {\n"
	" Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive,"
	" ipdc/realm = access },\n"
	"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0 8\n"
	"a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "|1:1\n} } } },\n"
	" Add = $ { Media { Stream = 1 { LocalControl { ipdc/realm = core },\n"
	"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0 8\n"
	"} } } }\n} }\n";

/*
 * A Modify of access/1 in context 1 (transaction @trans): the UE at port
 * @port with key @key under MKI @mki (one byte), into @buf.
 */
static const char *modify_ue(char *buf, size_t n, unsigned int trans,
			     unsigned int port, const char *key,
			     unsigned int mki)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = 1 { Modify = access/1 { Media { Stream = 1 {"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio %u RTP/SAVP 0 8\n"
		 "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:%s|%u:1\n"
		 "} } } } } }\n", trans, port, key, mki);
	return buf;
}

struct run {
	struct h248_tree tree;
	struct h248_pool pool;
	struct h248_msg msg;
	struct h248_trans rep;
	struct mg_reply out;
	char text[65536];
	/* the reply parsed back */
	struct h248_tree rtree;
	struct h248_pool rpool;
	struct h248_msg rmsg;
};

/* Executes @req; returns the reply parsed back from its text (or NULL). */
static const struct h248_trans *exec(struct mg *g, struct run *r,
				     const char *req)
{
	struct h248_msg m = { 0 };
	struct h248_err err;
	int n;

	if (h248_parse(req, strlen(req), &r->tree, &r->msg, &r->pool, &err))
		return NULL;
	mg_execute(g, &r->msg.trans[0], &r->rep, &r->out);
	mg_flush(g);
	m.version = 3;
	m.mid = "[192.0.2.10]:2944";
	m.mid_kind = H248_MID_IP4;
	m.mid_port = 2944;
	m.trans = &r->rep;
	m.ntrans = 1;
	n = h248_encode(&m, r->text, sizeof(r->text), 0);
	if (n < 0 ||
	    h248_parse(r->text, (size_t)n, &r->rtree, &r->rmsg, &r->rpool, &err))
		return NULL;
	return &r->rmsg.trans[0];
}

FIXTURE(mg) {
	struct mgd_config cfg;
	struct fake k;
	struct mg g;
	struct run *r;
};

FIXTURE_SETUP(mg)
{
	char err[128];

	ASSERT_EQ(0, mgd_config_parse(&self->cfg, conf, err, sizeof(err)));
	memset(&self->k, 0, sizeof(self->k));
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
}

FIXTURE_TEARDOWN(mg)
{
	mg_fini(&self->g);
	free(self->r);
}

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
	ASSERT_EQ(5U, a->nstats);
	EXPECT_STREQ("rtp/pr", a->stats[0].name);
	EXPECT_STREQ("mssrtp/af", a->stats[4].name);
	EXPECT_STREQ("3", a->stats[4].value);
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	EXPECT_EQ(NULL, mg_find_ctx(&self->g, 1));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_EQ(0U, self->g.pool[0].used);
	EXPECT_EQ(0U, self->g.pool[1].used);
	free(s);
}

/* The Error descriptor of the reply's last command, or 0. */
static unsigned int err_of(const struct h248_trans *t)
{
	const struct h248_action *a;

	if (!t || !t->nactions)
		return 0;
	a = &t->actions[t->nactions - 1];
	if (a->has_error)
		return a->error.code;
	if (!a->ncmds || !(a->cmds[a->ncmds - 1].present & H248_D_ERROR))
		return 0;
	return a->cmds[a->ncmds - 1].error.code;
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
 * Events: adid/ipstop on the access termination puts its detection time
 * on the RTP flow from the UE (not RTCP, not the other way); the kernel's
 * idle report on that flow becomes a Notify for the termination, with the
 * Events descriptor's RequestID; other events are refused (440, 451).
 */
TEST_F(mg, events_ipstop)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	struct mg_notify n;
	unsigned int i, timed = 0;

	ASSERT_NE(NULL, t);
	for (i = 0; i < self->k.nflow; i++)
		EXPECT_EQ(0U, self->k.flow[i].idle_timeout);
	EXPECT_EQ(0, mg_flow_idle(&self->g, 4, &n));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 {"
		 " Events = 77 { adid/ipstop { dt = 5, dir = in } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	for (i = 0; i < self->k.nflow; i++) {
		const struct msobj_flow *fl = &self->k.flow[i];

		if (!fl->idle_timeout)
			continue;
		timed++;
		EXPECT_EQ(5U, fl->idle_timeout);
		EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_RTP, fl->action);
		EXPECT_EQ(MEDIASEC_KIND_RTP, fl->kind);
		EXPECT_EQ(4U, fl->id);
	}
	EXPECT_EQ(1U, timed);
	ASSERT_EQ(1, mg_flow_idle(&self->g, 4, &n));
	EXPECT_EQ(1U, n.ctx);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_EQ(77U, n.rid);
	EXPECT_STREQ("adid/ipstop", n.event);
	EXPECT_EQ(0, mg_flow_idle(&self->g, 5, &n));	/* the core's */
	EXPECT_EQ(0, mg_flow_idle(&self->g, 999, &n));
	/* Refused, nothing changed. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = access/1 {"
		 " Events = 78 { adid/ipstart } } } }\n");
	EXPECT_EQ(451U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 {"
		 " Events = 79 { al/of } } } }\n");
	EXPECT_EQ(440U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = access/1 {"
		 " Events = 80 { adid/ipstop { dt = 0 } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	ASSERT_EQ(1, mg_flow_idle(&self->g, 4, &n));
	EXPECT_EQ(77U, n.rid);
	/* An empty Events descriptor asks nothing any more. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 6 { Context = 1 { Modify = access/1 {"
		 " Events } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_flow_idle(&self->g, 4, &n));
	for (i = 0; i < self->k.nflow; i++)
		EXPECT_EQ(0U, self->k.flow[i].idle_timeout);
}

/*
 * mssrtp/af: the failures the kernel reports on the UE's context add up
 * until the threshold, then one Notify, then again from zero.
 */
TEST_F(mg, events_auth_fail)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t rx = 0, tx = 0;
	struct mg_notify n;

	ASSERT_NE(NULL, t);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx);
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 100, &n));	/* not asked */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 {"
		 " Events = 30 { mssrtp/af { th = 5 } } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 3, &n));
	ASSERT_EQ(1, mg_auth_fail(&self->g, rx, 3, &n));
	EXPECT_EQ(1U, n.ctx);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_EQ(30U, n.rid);
	EXPECT_STREQ("mssrtp/af", n.event);
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 4, &n));
	EXPECT_EQ(1, mg_auth_fail(&self->g, rx, 1, &n));
	EXPECT_EQ(0, mg_auth_fail(&self->g, tx, 100, &n));
	EXPECT_EQ(0, mg_auth_fail(&self->g, 4242, 100, &n));
	/* The configured threshold without th; a bad th refused. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = access/1 {"
		 " Events = 31 { mssrtp/af } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, self->cfg.auth_fail_threshold - 1,
				  &n));
	EXPECT_EQ(1, mg_auth_fail(&self->g, rx, 1, &n));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 {"
		 " Events = 32 { mssrtp/af { th = many } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = access/1 {"
		 " Events = 33 { mssrtp/xx } } } }\n");
	EXPECT_EQ(451U, err_of(t));
	/* Not in H.248.77's srtp package: the name is no longer squatted. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 6 { Context = 1 { Modify = access/1 {"
		 " Events = 34 { srtp/af } } } }\n");
	EXPECT_EQ(440U, err_of(t));
}

#define KEY3 "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xd"

/* The key (first byte, MKI) of each key of context @id, in order. */
static int key_of(struct fake *k, uint32_t id, unsigned int n)
{
	int c = f_find_ctx(k, id);

	return c < 0 || n >= k->nkey[c] ? -1 : k->key[c][n].master[0];
}

/*
 * SRTP on both sides: a re-key of one side never lands in the other
 * side's context (a reused MKI makes a fresh context of its own), and a
 * re-key to an MKI still retiring makes a fresh context too.
 */
TEST_F(mg, rekey_stays_with_its_termination)
{
	const struct h248_trans *t;
	uint32_t ids[4];
	unsigned int i, n;
	char req[2048];
	int c;

	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ {\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = access }, Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY1 "|1:1\n} } } },\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = core }, Remote {\nv=0\nc=IN IP4 198.51.100.2\n"
		 "m=audio 7000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY3 "|5:1\n} } } } } }\n");
	ASSERT_EQ(0U, err_of(t));
	ASSERT_EQ(4U, self->k.nctx);
	for (i = 0; i < 4; i++)
		ids[i] = self->k.ctx[i].id;
	/* A new key for the UE under the MKI in use. */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY2 "|1:1\n} } } } } }\n");
	t = exec(&self->g, self->r, req);
	ASSERT_EQ(0U, err_of(t));
	ASSERT_EQ(4U, self->k.nctx);
	/* Every context holds the keys of one termination only. */
	for (i = 0, n = 0; i < 4; i++) {
		c = f_find_ctx(&self->k, self->k.ctx[i].id);
		if (self->k.ctx[i].dir != MEDIASEC_DIR_RX)
			continue;
		ASSERT_EQ(1U, self->k.nkey[c]);
		if (key_of(&self->k, self->k.ctx[i].id, 0) == 0x40) {	/* KEY3 */
			n++;
			/* the core's context is the one it had */
			EXPECT_TRUE(self->k.ctx[i].id == ids[0] ||
				    self->k.ctx[i].id == ids[1] ||
				    self->k.ctx[i].id == ids[2] ||
				    self->k.ctx[i].id == ids[3]);
		} else {
			EXPECT_EQ(0x32, key_of(&self->k, self->k.ctx[i].id, 0));
		}
	}
	EXPECT_EQ(1U, n);
	/* 1 -> 2 (added) -> 1 again while 1 is still retiring: fresh. */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY1 "|2:1\n} } } } } }\n");
	t = exec(&self->g, self->r, req);
	ASSERT_EQ(0U, err_of(t));
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY3 "|1:1\n} } } } } }\n");
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(0U, err_of(t));
}

/*
 * A new remote (another party) gets a new key of the gateway's; a Move
 * that planning refuses touches nothing in the kernel.
 */
TEST_F(mg, new_party_new_key_and_early_move_refusal)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t tx0 = 0, tx1 = 0;
	int calls;

	ASSERT_EQ(0U, err_of(t));
	f_key(&self->k, MEDIASEC_DIR_TX, &tx0);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.3\n"
		 "m=audio 6000 RTP/SAVP 0\na=crypto:7 AES_CM_128_HMAC_SHA1_80"
		 " inline:" KEY2 "|2:1\n} } } } } }\n");
	ASSERT_EQ(0U, err_of(t));
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_NE(tx0, tx1);
	/* A core termination with rtcp-mux cannot pair with the UE's. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = core }, Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.9\nm=audio 7200 RTP/AVP 0\n"
		 "a=rtcp-mux\n} } } } } }\n");
	ASSERT_EQ(0U, err_of(t));
	calls = self->k.calls;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 2 { Move = access/1 } }\n");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(calls, self->k.calls);
	EXPECT_EQ(2U, mg_find_ctx(&self->g, 1)->nterm);
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

/* The a=crypto of @tid's Local in reply @t, into @s. */
static const struct sdes_crypto *local_crypto(const struct h248_trans *t,
					      struct sdp *s)
{
	const struct h248_cmd *a = &t->actions[0].cmds[0];

	if (a->nstreams != 1 || !a->streams[0].local ||
	    sdp_parse(s, a->streams[0].local, strlen(a->streams[0].local),
		      NULL) || s->media[0].ncrypto != 1)
		return NULL;
	return &s->media[0].crypto[0];
}

/*
 * Key expiry: mssrtp/kexp reports the soft and hard lifetime of the
 * remote's key and ours; ours near its lifetime makes the next Modify
 * announce the next key (next MKI) after ours, which protects a grace
 * time later, the old one retired a grace time after that.
 */
TEST_F(mg, key_expiry_and_our_next_key)
{
	const struct sdes_crypto *cr;
	struct sdp *s = calloc(1, sizeof(*s));
	const struct h248_trans *t;
	struct mg_notify n = { 0 };
	uint32_t rx = 0, tx = 0, id;
	uint8_t next[30];
	char req[2048];
	unsigned int grace;
	int i;

	ASSERT_NE(NULL, s);
	self->cfg.own_key_lifetime = 1024;
	grace = self->cfg.rekey_grace_ms;
	t = exec(&self->g, self->r, add_pair);
	ASSERT_NE(NULL, t);
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ(1024U, cr->keys[0].lifetime);
	EXPECT_EQ(1U, cr->keys[0].mki);
	sdp_free(s);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 {"
		 " Events = 9 { mssrtp/kexp } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));

	ASSERT_EQ(1, mg_key_event(&self->g, rx, 1, false, &n));
	EXPECT_STREQ("mssrtp/kexp", n.event);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_EQ(9U, n.rid);
	ASSERT_EQ(2U, n.nparam);
	EXPECT_STREQ("rx", n.param[0].value);
	EXPECT_STREQ("soft", n.param[1].value);
	EXPECT_EQ(0, mg_key_event(&self->g, rx, 7, false, &n));	/* no */
	EXPECT_EQ(0, mg_key_event(&self->g, 4242, 1, false, &n));
	ASSERT_EQ(1, mg_key_event(&self->g, tx, 1, false, &n));
	EXPECT_STREQ("tx", n.param[0].value);

	/* The next Modify with Media: both keys, ours then the next. */
	self->g.now = 1000;
	i = self->k.calls;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 3, 6000, KEY1, 1));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(i, self->k.calls);		/* the kernel untouched */
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	ASSERT_EQ(2U, cr->nkeys);
	EXPECT_EQ(1U, cr->keys[0].mki);
	EXPECT_EQ(2U, cr->keys[1].mki);
	EXPECT_EQ(1024U, cr->keys[1].lifetime);
	memcpy(next, cr->keys[1].mat, 30);
	sdp_free(s);
	id = (uint32_t)f_find_ctx(&self->k, tx);
	EXPECT_EQ(1U, self->k.nkey[id]);

	/* A grace time later it protects (the newest key of the context). */
	EXPECT_EQ(1000 + grace, mg_tick(&self->g, 999 + grace));
	EXPECT_EQ(1U, self->k.nkey[id]);
	mg_tick(&self->g, 1000 + grace);
	EXPECT_EQ(tx, self->k.ctx[f_find_ctx(&self->k, tx)].id);
	id = (uint32_t)f_find_ctx(&self->k, tx);
	ASSERT_EQ(2U, self->k.nkey[id]);
	EXPECT_EQ(2U, self->k.key[id][1].mki);
	EXPECT_EQ(0, memcmp(self->k.key[id][1].master, next, 16));
	EXPECT_NE(NULL, strstr(self->k.rec[f_rec(&self->k, 1)], "key 30 1 2 "));
	/* Our Local now: the one key. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { AuditValue = access/1 {"
		 " Audit { Media } } } }\n");
	ASSERT_NE(NULL, t);
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	ASSERT_EQ(1U, cr->nkeys);
	EXPECT_EQ(2U, cr->keys[0].mki);
	EXPECT_EQ(0, memcmp(cr->keys[0].mat, next, 30));
	sdp_free(s);
	/* And the old one goes a grace time after. */
	mg_tick(&self->g, 1000 + 2 * grace);
	id = (uint32_t)f_find_ctx(&self->k, tx);
	ASSERT_EQ(1U, self->k.nkey[id]);
	EXPECT_EQ(2U, self->k.key[id][0].mki);
	EXPECT_EQ(0, mg_key_event(&self->g, tx, 1, true, &n));	/* gone */
	ASSERT_EQ(1, mg_key_event(&self->g, tx, 2, true, &n));
	EXPECT_STREQ("hard", n.param[1].value);
	free(s);
}

/* Whether @hay holds the bytes @b as lower-case hex. */
static bool has_hex(const char *hay, const uint8_t *b, size_t n)
{
	char hex[2 * SDES_MAT_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", b[i]);
	return strstr(hay, hex) != NULL;
}

/*
 * A restart: the record of a call holds no key; a new gateway takes the
 * context back from it when the kernel holds its objects, answers an
 * audit (no a=crypto: our key is in the kernel only), knows the UE's key
 * again by its fingerprint (its context stays), gives the UE a new key
 * of ours, re-keys without loss, hands out neither the ports nor the ids
 * taken back, and Subtract leaves nothing, record included.
 */
TEST_F(mg, restart_takes_the_kernel_back)
{
	static const uint8_t key1[30] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					   11, 12, 13, 14, 15, 16, 17 };
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	struct mg_state *st = calloc(1, sizeof(*st));
	struct sdp *s = calloc(1, sizeof(*s));
	uint32_t rx0 = 0, tx0 = 0, rx1 = 0, tx1 = 0;
	const struct h248_cmd *a;
	const char *why = NULL;
	uint8_t ours[30];
	char req[2048];
	int r, calls;

	ASSERT_NE(NULL, t);
	ASSERT_NE(NULL, st);
	ASSERT_NE(NULL, s);
	a = &t->actions[0].cmds[0];
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	memcpy(ours, s->media[0].crypto[0].keys[0].mat, 30);
	sdp_free(s);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx0);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx0);

	/* The record: the context, neither key. */
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(self->k.rec[r], "term access/1 0 1 1 "));
	EXPECT_NE(NULL, strstr(self->k.rec[r], "fmts 0 8\n"));
	EXPECT_FALSE(has_hex(self->k.rec[r], key1, 16));
	EXPECT_FALSE(has_hex(self->k.rec[r], ours, 16));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why));
	EXPECT_EQ(1U, st->ctx);
	EXPECT_EQ(2U, st->nterm);
	EXPECT_EQ(2U, st->nkctx);
	EXPECT_TRUE(st->term[0].sealed_peer);
	/* Broken records are refused, not half read. */
	EXPECT_EQ(-EINVAL, mg_state_parse(self->k.rec[r],
					  strlen(self->k.rec[r]) - 4, st,
					  &why));
	EXPECT_EQ(-EINVAL, mg_state_parse("mediasecd-state 1\nctx 1\n", 23,
					  st, &why));
	EXPECT_EQ(-EINVAL, mg_state_parse("mediasecd-state 1\nctx 1\nend\n",
					  27, st, &why));	/* no term */
	EXPECT_NE(NULL, strstr(self->k.rec[r], " 1 rx\n"));
	EXPECT_NE(NULL, strstr(self->k.rec[r], " 1 tx\n"));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why));

	/* The daemon goes; the kernel stays.  A new one takes it back. */
	mg_fini(&self->g);
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	self->k.flow[0].out_dst.port++;		/* not as recorded: refused */
	EXPECT_NE(0, mg_adopt(&self->g, st, f_check, &self->k, &why));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_EQ(0U, self->g.pool[0].used);
	self->k.flow[0].out_dst.port--;
	calls = self->k.calls;
	ASSERT_EQ(0, mg_adopt(&self->g, st, f_check, &self->k, &why));
	EXPECT_EQ(calls, self->k.calls);	/* the kernel untouched */
	EXPECT_EQ(-EEXIST, mg_adopt(&self->g, st, f_check, &self->k, &why));
	EXPECT_EQ(1U, self->g.nctx);
	EXPECT_EQ(1U, self->g.pool[0].used);

	/* Audit: the termination as it was, without a key to tell. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { AuditValue = access/1 {"
		 " Audit { Media } } } }\n");
	ASSERT_NE(NULL, t);
	a = &t->actions[0].cmds[0];
	EXPECT_EQ(0U, a->present & H248_D_ERROR);
	ASSERT_EQ(1U, a->nstreams);
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	EXPECT_EQ(40000, s->media[0].port);
	EXPECT_EQ(SDP_PROTO_RTP_SAVP, s->media[0].proto);
	EXPECT_STREQ("0 8", s->media[0].fmts);
	EXPECT_EQ(0U, s->media[0].ncrypto);
	sdp_free(s);

	/*
	 * The same UE key again: known by its fingerprint, its context
	 * stays; ours is told again, so it is a new one (a new context).
	 */
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 6, 6000, KEY1, 1));
	ASSERT_NE(NULL, t);
	a = &t->actions[0].cmds[0];
	EXPECT_EQ(0U, a->present & H248_D_ERROR);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	EXPECT_EQ(rx0, rx1);
	EXPECT_EQ(1U, self->k.nkey[f_find_ctx(&self->k, rx1)]);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_NE(tx0, tx1);
	EXPECT_LT(f_find_ctx(&self->k, tx0), 0);
	ASSERT_EQ(1U, a->nstreams);
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	ASSERT_EQ(1U, s->media[0].ncrypto);
	EXPECT_NE(0, memcmp(ours, s->media[0].crypto[0].keys[0].mat, 30));
	EXPECT_EQ(0, memcmp(f_key(&self->k, MEDIASEC_DIR_TX, &tx1)->master,
			    s->media[0].crypto[0].keys[0].mat, 16));
	sdp_free(s);

	/* A new UE key under a new MKI: added to the same context. */
	self->g.now = 5000;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 7, 6000, KEY2, 2));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present & H248_D_ERROR);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	EXPECT_EQ(rx0, rx1);
	EXPECT_EQ(2U, self->k.nkey[f_find_ctx(&self->k, rx1)]);
	/* The key being retired is in the record too. */
	EXPECT_NE(NULL, strstr(self->k.rec[f_rec(&self->k, 1)], "retire "));

	/* Neither a port nor a termination id taken back is handed out. */
	t = exec(&self->g, self->r, add_pair);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(2U, t->actions[0].ctx);
	EXPECT_STREQ("access/3", t->actions[0].cmds[0].tid);
	EXPECT_EQ(2U, self->g.pool[0].used);

	/* Subtract: nothing left of context 1, its record included. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 8 { Context = 1 { Subtract = * } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present & H248_D_ERROR);
	EXPECT_LT(f_rec(&self->k, 1), 0);
	EXPECT_LE(0, f_rec(&self->k, 2));
	EXPECT_EQ(1U, self->g.nctx);
	free(st);
	free(s);
}

/* Heartbeats due at @now: how many for access/1, for core/2, others. */
static void beats(struct mg *g, uint64_t now, unsigned int *acc,
		  unsigned int *core, unsigned int *other)
{
	struct mg_notify n;

	*acc = *core = *other = 0;
	while (mg_heartbeat(g, now, &n)) {
		if (strcmp(n.event, "hangterm/thb") || n.nparam)
			++*other;
		else if (!strcmp(n.tid, "access/1") && n.rid == 2)
			++*acc;
		else if (!strcmp(n.tid, "core/2") && n.rid == 3)
			++*core;
		else
			++*other;
		if (*acc + *core + *other > 10)
			break;
	}
}

static const char *modify_events(char *buf, size_t n, unsigned int trans,
				 const char *tid, const char *events)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = 1 { Modify = %s { %s } } }\n", trans, tid, events);
	return buf;
}

/*
 * hangterm/thb (H.248.36), in every Add of a TS 23.334 IMS-ALG: accepted;
 * one Notify per termination once timerx seconds (the configured 300
 * without it) pass with no command on it, then again timerx later; a
 * command on the termination starts its timer again; a bad timerx is
 * refused and changes nothing; timerx 0 and Subtract end it.
 */
TEST_F(mg, heartbeat_hangterm)
{
	static const char add_thb[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 1 { Context = $ {\n"
		" Add = $ { Events = 2 { hangterm/thb { timerx = 10 } },"
		" Media { Stream = 1 { LocalControl { Mode = SendReceive,"
		" ipdc/realm = access },\n"
		"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		"a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "|1:1\n"
		"} } } },\n"
		" Add = $ { Events = 3 { hangterm/thb }, Media { Stream = 1 {"
		" LocalControl { ipdc/realm = core },\n"
		"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n"
		"} } } }\n} }\n";
	const uint64_t t0 = 1000000;
	unsigned int acc, core, other;
	const struct h248_trans *t;
	char buf[512];

	self->g.now = t0;
	t = exec(&self->g, self->r, add_thb);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 9999, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	beats(&self->g, t0 + 10000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);	/* once: its timer started again */
	EXPECT_EQ(0U, core + other);
	beats(&self->g, t0 + 300000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);	/* late: one Notify, not one per period */
	EXPECT_EQ(1U, core);	/* the configured hangterm-timerx */
	EXPECT_EQ(0U, other);

	/* A command on access/1 starts its timer again. */
	self->g.now = t0 + 305000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 2,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 10 } }"));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 314999, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	beats(&self->g, t0 + 315000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* Refused, nothing changed: still every 10 s. */
	self->g.now = t0 + 316000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 3,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 86401 } }"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 4,
		 "access/1", "Events = 2 { hangterm/thb { timerx = ten } }"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 5,
		 "access/1", "Events = 2 { hangterm/tho }"));
	EXPECT_EQ(451U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 51,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 5, x = 1 } }"));
	EXPECT_EQ(449U, err_of(t));
	beats(&self->g, t0 + 325000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* Longer than the wheel's turn: not on an earlier turn. */
	self->g.now = t0 + 326000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 6,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 2000 } }"));
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 326000 + 1024000, &acc, &core, &other);
	EXPECT_EQ(0U, acc);
	EXPECT_EQ(1U, core);
	beats(&self->g, t0 + 326000 + 2000000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* timerx = 0: no heartbeat; Subtract: none for what is gone. */
	self->g.now = t0 + 2400000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 7,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 0 } }"));
	EXPECT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 8 { Context = 1 { Subtract = core/2 } }\n");
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 9000000, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	EXPECT_EQ(0U, self->g.nhb);
}

/*
 * The IMS-ALG's keepalive, AuditValue of ROOT in the null context
 * (TS 29.334): answered with ROOT.  Other null-context commands are
 * refused with their codes, and a termination named in a context it is
 * not in gets 435 when the gateway has it elsewhere, 430 when not at all
 * (H.248.1 14.2); nothing changes in the kernel.
 */
TEST_F(mg, root_audit_and_termination_errors)
{
	const struct h248_trans *t;
	struct fake before;
	int i;

	for (i = 0; i < 2; i++)
		ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	before = self->k;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 9 { Context = - {"
		 " AuditValue = ROOT { Audit { } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(1U, t->nactions);
	EXPECT_EQ(0U, t->actions[0].ctx);
	EXPECT_FALSE(t->actions[0].has_error);
	ASSERT_EQ(1U, t->actions[0].ncmds);
	EXPECT_EQ(H248_CMD_AUDIT_VALUE, t->actions[0].cmds[0].kind);
	EXPECT_STREQ("ROOT", t->actions[0].cmds[0].tid);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 10 { Context = - { AuditValue = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));	/* it is in context 1 */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 16 { Context = - { AuditValue = access/77 } }\n");
	EXPECT_EQ(430U, err_of(t));
	/* An Audit that asks for descriptors: 501, not an empty "none". */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 17 { Context = - {"
		 " AuditValue = ROOT { Audit { Packages } } } }\n");
	EXPECT_EQ(501U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 11 { Context = - { Modify = ROOT } }\n");
	EXPECT_EQ(501U, err_of(t));
	/* access/1 is in context 1; access/3 in context 2. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 12 { Context = 2 { Modify = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 13 { Context = 2 { AuditValue = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 14 { Context = 2 { Subtract = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 15 { Context = 1 { Modify = access/99 } }\n");
	EXPECT_EQ(430U, err_of(t));
	EXPECT_EQ(before.nctx, self->k.nctx);
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(0, memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)));
	EXPECT_EQ(0, memcmp(before.flow, self->k.flow, sizeof(before.flow)));
	EXPECT_EQ(2U, self->g.nctx);
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
