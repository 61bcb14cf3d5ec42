// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's keys, against the fake kernel (mg_fake.h): a re-key by
 * Modify stays with its termination, a new party gets a new key, our own
 * key replaced at its soft lifetime and announced before it protects,
 * and a restart that takes the kernel's objects back with the keys
 * sealed (fingerprints in the records, never keys).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

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
	uint8_t ours[30], next[30];
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
	 * stays.  Ours cannot be told again: a next one (MKI 2) is
	 * announced, and the old one protects on for the grace time, so
	 * the UE, which learns the next from the answer, loses nothing.
	 */
	self->g.now = 1000;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 6, 6000, KEY1, 1));
	ASSERT_NE(NULL, t);
	a = &t->actions[0].cmds[0];
	EXPECT_EQ(0U, a->present & H248_D_ERROR);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx1);
	EXPECT_EQ(rx0, rx1);
	EXPECT_EQ(1U, self->k.nkey[f_find_ctx(&self->k, rx1)]);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(tx0, tx1);
	EXPECT_EQ(1U, self->k.nkey[f_find_ctx(&self->k, tx1)]);
	EXPECT_EQ(0, memcmp(f_key(&self->k, MEDIASEC_DIR_TX, &tx1)->master,
			    ours, 16));	/* the old key protects still */
	ASSERT_EQ(1U, a->nstreams);
	ASSERT_EQ(0, sdp_parse(s, a->streams[0].local,
			       strlen(a->streams[0].local), NULL));
	ASSERT_EQ(1U, s->media[0].ncrypto);
	ASSERT_EQ(1U, s->media[0].crypto[0].nkeys);
	EXPECT_EQ(2U, s->media[0].crypto[0].keys[0].mki);
	memcpy(next, s->media[0].crypto[0].keys[0].mat, 30);
	EXPECT_NE(0, memcmp(ours, next, 30));
	sdp_free(s);
	/* A grace time later the announced key protects, by its MKI. */
	mg_tick(&self->g, 1000 + self->cfg.rekey_grace_ms);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(tx0, tx1);
	ASSERT_EQ(2U, self->k.nkey[f_find_ctx(&self->k, tx1)]);
	EXPECT_EQ(2U, self->k.key[f_find_ctx(&self->k, tx1)][1].mki);
	EXPECT_EQ(0, memcmp(self->k.key[f_find_ctx(&self->k, tx1)][1].master,
			    next, 16));

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

/*
 * After a restart the UE re-keys (a new key, a new MKI) in the first
 * Modify: our key, sealed, still stays in the kernel for the grace time
 * and a next one is announced (mgd_megaco.sh found the gateway making a
 * new key of ours at once here, under the old key's MKI).
 */
TEST_F(mg, restart_then_new_ue_key_announces_ours)
{
	struct mg_state *st = calloc(1, sizeof(*st));
	struct sdp *s = calloc(1, sizeof(*s));
	const struct sdes_crypto *cr;
	const struct h248_trans *t;
	const struct msobj_key *k;
	const char *why = NULL;
	uint32_t tx0 = 0, tx1 = 0;
	uint8_t ours[30];
	char req[2048];

	ASSERT_NE(NULL, st);
	ASSERT_NE(NULL, s);
	t = exec(&self->g, self->r, add_pair);
	ASSERT_NE(NULL, t);
	k = f_key(&self->k, MEDIASEC_DIR_TX, &tx0);
	memcpy(ours, k->master, 16);
	ASSERT_EQ(0, mg_state_parse(self->k.rec[f_rec(&self->k, 1)],
				    strlen(self->k.rec[f_rec(&self->k, 1)]),
				    st, &why));
	mg_fini(&self->g);
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	ASSERT_EQ(0, mg_adopt(&self->g, st, f_check, &self->k, &why));

	self->g.now = 1000;
	t = exec(&self->g, self->r,
		 modify_ue(req, sizeof(req), 2, 6000, KEY2, 3));
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	k = f_key(&self->k, MEDIASEC_DIR_TX, &tx1);
	EXPECT_EQ(tx0, tx1);
	EXPECT_EQ(1U, self->k.nkey[f_find_ctx(&self->k, tx1)]);
	EXPECT_EQ(0, memcmp(k->master, ours, 16));	/* protects on */
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	ASSERT_EQ(1U, cr->nkeys);
	EXPECT_EQ(2U, cr->keys[0].mki);			/* the next one */
	EXPECT_NE(0, memcmp(cr->keys[0].mat, ours, 16));
	sdp_free(s);
	mg_tick(&self->g, 1000 + self->cfg.rekey_grace_ms);
	EXPECT_EQ(2U, self->k.nkey[f_find_ctx(&self->k, tx1)]);
	free(st);
	free(s);
}

TEST_HARNESS_MAIN
