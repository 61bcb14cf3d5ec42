// SPDX-License-Identifier: GPL-2.0
/*
 * An RTP termination keyed by MIKEY-TICKET through H.248 (mg_mikey.c,
 * kms.c) against the reference KMS over HTTPS on loopback, the kernel
 * faked: the KMS's UE makes a TRANSFER_INIT for the gateway; the MGC's
 * Add carries it in the Remote's a=key-mgmt:mikey; the gateway resolves
 * it and installs the UE's keys, byte for byte, with no a=crypto in its
 * Local.  The same Remote repeated keeps the keys; the same TRANSFER_INIT
 * in another call is a replay.  Each fault switch of the KMS, and a KMS
 * gone, gets its H.248 error (docs/mikey.md) and leaves the fake kernel
 * as it was.  The other way round, the gateway initiates: the MGC's Local
 * asks with a=key-mgmt:mikey $; the gateway requests a ticket for its
 * kms-responder and answers its TRANSFER_INIT in the Local; the KMS's
 * responding UE resolves it to the keys the gateway installed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "kms.h"
#include "kms_peer.h"
#include "mg_fake.h"
#include "state.h"

static struct mgd_kms *the_kms;

static int op_resolve(void *arg, const uint8_t *ti, size_t len,
		      struct mikey_result *res, unsigned int *code,
		      const char **why)
{
	return mgd_kms_h248(the_kms, ti, len, (uint64_t)time(NULL), res, code,
			    why);
}

static int op_offer(void *arg, uint16_t suite, struct mikey_result *res,
		    unsigned int *code, const char **why)
{
	return mgd_kms_offer_h248(the_kms, suite, (uint64_t)time(NULL), res,
				  code, why);
}

static void op_settle(void *arg, bool taken)
{
	mgd_kms_settle(the_kms, taken, (uint64_t)time(NULL));
}

FIXTURE(mk) {
	struct mgd_config cfg;
	struct mg_ops ops;
	struct fake k;
	struct mg g;
	struct run *r;
	struct kms kms;
	struct ue ue;
	char psk_file[96];
	char req[16384];
};

/*
 * The gateway's KMS client, for the KMS where it listens now, its replay
 * cache kept in state directory @dirfd (or none: -1).
 */
static int gw_kms_in(FIXTURE_DATA(mk) *self, int dirfd)
{
	char text[1024], url[64], err[128];

	mgd_kms_free(the_kms);
	snprintf(text, sizeof(text), "%skms %s\nkms-id " GW_ID "\n"
		 "kms-name " KMS_ID "\nkms-psk-file %s\nkms-ca %s/cert.pem\n"
		 "kms-timeout-ms 20000\nkms-responder " UE_ID "\n", conf,
		 kms_url(&self->kms, url, sizeof(url)), self->psk_file,
		 self->kms.dir);
	if (mgd_config_parse(&self->cfg, text, err, sizeof(err)))
		return -1;
	the_kms = mgd_kms_new(&self->cfg, dirfd, true, err, sizeof(err));
	return the_kms ? 0 : -1;
}

static int gw_kms(FIXTURE_DATA(mk) *self)
{
	return gw_kms_in(self, -1);
}

FIXTURE_SETUP(mk)
{
	FILE *f;

	memset(&self->kms, 0, sizeof(self->kms));
	self->ue.extra = NULL;
	ASSERT_EQ(0, kms_make_cert(&self->kms));
	snprintf(self->psk_file, sizeof(self->psk_file), "%s/gw.psk",
		 self->kms.dir);
	f = fopen(self->psk_file, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, GW_PSK "\n");
	fclose(f);
	ASSERT_EQ(0, chmod(self->psk_file, 0600));
	ASSERT_EQ(0, kms_start(&self->kms, NULL));
	ASSERT_EQ(0, ue_transfer(&self->kms, &self->ue));
	ASSERT_EQ(0, gw_kms(self));
	memset(&self->k, 0, sizeof(self->k));
	self->ops = fake_ops;
	self->ops.kms_resolve = op_resolve;
	self->ops.kms_settle = op_settle;
	self->ops.kms_offer = op_offer;
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &self->ops, &self->k));
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
}

FIXTURE_TEARDOWN(mk)
{
	mg_fini(&self->g);
	free(self->r);
	mgd_kms_free(the_kms);
	the_kms = NULL;
	kms_stop(&self->kms);
	unlink(self->psk_file);
	kms_drop_cert(&self->kms);
}

/* Transaction @trans: an Add of a UE keyed by @b64 and a core leg. */
static const char *add_call(FIXTURE_DATA(mk) *self, unsigned int trans,
			    const char *b64)
{
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = %u { Context = $ {\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " Mode = SendReceive, ipdc/realm = access },\n"
		 "  Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=key-mgmt:mikey %s\n} } } },\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = core },\n  Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n} } } }\n"
		 "} }\n", trans, b64);
	return self->req;
}

/*
 * The fake kernel's key @k as the UE prints it, "key K salt S mki M",
 * M in as many hex digits as the UE's line @ue has (the SPI's bytes).
 */
static void key_text(char *out, size_t n, const struct msobj_key *k,
		     const char *ue)
{
	const char *mki = strstr(ue, " mki ");
	char m[80], s[40];

	hex(m, k->master, k->master_len);
	hex(s, k->salt, k->salt_len);
	snprintf(out, n, "key %s salt %s mki %0*x", m, s,
		 mki ? (int)strlen(mki + 5) : 8, k->mki);
}

TEST_F(mk, keyed_by_the_ticket)
{
	const struct h248_trans *t;
	const struct msobj_key *rx, *tx;
	char want[160], got[160];
	struct sdp s;
	uint32_t id;

	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t));
	ASSERT_EQ(2U, self->ue.nkeys);
	/* the UE's first crypto session protects what it sends: rx */
	rx = f_key(&self->k, MEDIASEC_DIR_RX, &id);
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, rx);
	ASSERT_NE(NULL, tx);
	EXPECT_TRUE(rx->has_mki);
	key_text(got, sizeof(got), rx, self->ue.keys[0]);
	snprintf(want, sizeof(want), "%s", strstr(self->ue.keys[0], "key "));
	EXPECT_STREQ(want, got);
	key_text(got, sizeof(got), tx, self->ue.keys[1]);
	snprintf(want, sizeof(want), "%s", strstr(self->ue.keys[1], "key "));
	EXPECT_STREQ(want, got);
	EXPECT_EQ(NULL, local_crypto(t, &s));
}

/*
 * A ticket that asks for a TRANSFER_RESP (F flag): the Local answers it
 * in a=key-mgmt:mikey, and the UE (the KMS's client, not our codec)
 * verifies it.
 */
TEST_F(mk, transfer_resp_answered_in_the_local)
{
	const struct h248_trans *t;
	struct sdp s;

	self->ue.extra = "--want-resp";
	ASSERT_EQ(0, ue_transfer(&self->kms, &self->ue));
	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	EXPECT_EQ(NULL, local_crypto(t, &s));
	ASSERT_TRUE(s.media[0].keymgmt.present);
	EXPECT_EQ(0, ue_check_resp(&self->ue, s.media[0].keymgmt.data,
				   s.media[0].keymgmt.len));
}

/*
 * An MSRP termination over TLS keyed by a ticket (TR 29.cde's TLS-PSK
 * case): the PSK and identity the UE derived (the KMS's client, not our
 * code), no certificate fingerprint answered.
 */
TEST_F(mk, msrp_tls_psk_from_the_ticket)
{
	const struct h248_trans *t;
	char req[8192], line[256], k[72];
	struct mg_ctx *c;

	self->ue.extra = "--msrp";
	ASSERT_EQ(0, ue_transfer(&self->kms, &self->ue));
	ASSERT_NE('\0', self->ue.psk[0]);
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { Mode = SendReceive, ipdc/realm = access },\n"
		 "  Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=message 5000 TCP/TLS/MSRP *\na=setup:actpass\n"
		 "a=key-mgmt:mikey %s\n} } } } } }\n", self->ue.b64);
	t = exec(&self->g, self->r, req);
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	c = mg_find_ctx(&self->g, 1);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(MG_TLS_PSK, c->term[0]->msrp.tls);
	ASSERT_EQ(32U, c->term[0]->msrp.psk_len);
	hex(k, c->term[0]->msrp.psk, 32);
	snprintf(line, sizeof(line), "psk-id %s psk %s",
		 c->term[0]->msrp.psk_id, k);
	EXPECT_STREQ(self->ue.psk, line);
	EXPECT_FALSE(text_has(self->r->text, "a=fingerprint"));
	/* TLS with a certificate and a ticket at once: refused */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = access },\n"
		 "  Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=message 5002 TCP/MSRP *\na=key-mgmt:mikey %s\n"
		 "} } } } } }\n", self->ue.b64);
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(449U, err_of(t));
	/* the MGC's PSK on it as well: refused, the ticket's stays */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = %s { Media {"
		 " Stream = 1 { LocalControl { mstls/pskid = \"x\", mstls/psk ="
		 " 000102030405060708090a0b0c0d0e0f } } } } } }\n",
		 c->term[0]->id);
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(32U, c->term[0]->msrp.psk_len);
	/* a Remote without the ticket: its PSK goes, TLS is relayed e2e */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = %s { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=message 5000 TCP/TLS/MSRP *\na=setup:actpass\n"
		 "} } } } } }\n", c->term[0]->id);
	t = exec(&self->g, self->r, req);
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	EXPECT_EQ(0U, c->term[0]->msrp.psk_len);
	EXPECT_FALSE(c->term[0]->mikey);
	EXPECT_EQ(MG_TLS_E2E, c->term[0]->msrp.tls);
}

TEST_F(mk, same_remote_again_keeps_its_keys)
{
	const struct h248_trans *t;
	const struct msobj_key *rx;
	uint8_t before[32];
	uint32_t id;
	char req[8192];

	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t));
	rx = f_key(&self->k, MEDIASEC_DIR_RX, &id);
	ASSERT_NE(NULL, rx);
	memcpy(before, rx->master, sizeof(before));
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=key-mgmt:mikey %s\n} } } } } }\n",
		 self->ue.b64);
	t = exec(&self->g, self->r, req);
	ASSERT_EQ(0U, err_of(t));
	rx = f_key(&self->k, MEDIASEC_DIR_RX, &id);
	ASSERT_NE(NULL, rx);
	EXPECT_EQ(0, memcmp(before, rx->master, sizeof(before)));
}

/*
 * A restart: the record says the keys came from MIKEY (and from which
 * TRANSFER_INIT) and holds no key; taken back, the termination answers
 * the MGC's repeated Remote without a key of its own and without a new
 * resolution, the kernel untouched.
 */
TEST_F(mk, restart_keeps_the_ticket_keys)
{
	struct mg_state *st = calloc(1, sizeof(*st));
	const struct h248_trans *t;
	const struct msobj_key *rx;
	const char *why = NULL;
	char req[8192], mat[80];
	struct sdp s;
	uint32_t id;
	int r, calls;

	ASSERT_NE(NULL, st);
	self->g.records = true;
	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t));
	rx = f_key(&self->k, MEDIASEC_DIR_RX, &id);
	ASSERT_NE(NULL, rx);
	hex(mat, rx->master, rx->master_len);
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(self->k.rec[r], "\nmikey "));
	EXPECT_EQ(NULL, strstr(self->k.rec[r], mat));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	EXPECT_TRUE(st->term[0].mikey);
	mg_fini(&self->g);
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &self->ops, &self->k));
	ASSERT_EQ(0, mg_adopt(&self->g, st, f_check, &self->k, &why))
		TH_LOG("%s", why);
	calls = self->k.calls;
	/* (resolved again, the TRANSFER_INIT would be a replay: 449) */
	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=key-mgmt:mikey %s\n} } } } } }\n",
		 self->ue.b64);
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	EXPECT_EQ(NULL, local_crypto(t, &s));
	EXPECT_EQ(calls, self->k.calls);
	free(st);
}

TEST_F(mk, replayed_in_another_call_refused)
{
	const struct h248_trans *t;
	unsigned int nctx;

	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t));
	nctx = self->k.nctx;
	t = exec(&self->g, self->r, add_call(self, 2, self->ue.b64));
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "TRANSFER_INIT replayed"));
	EXPECT_EQ(nctx, self->k.nctx);
}

/*
 * A command that fails does not use its TRANSFER_INIT up: the MGC's
 * corrected Add with the same one is keyed.
 */
TEST_F(mk, failed_command_leaves_the_message_usable)
{
	const struct h248_trans *t;
	char req[16384];

	snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = access },\n  Local {\nv=0\n"
		 "c=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$\n},\n"
		 "  Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\na=key-mgmt:mikey %s\n} } } } } }\n",
		 self->ue.b64);
	t = exec(&self->g, self->r, req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "keyed by a=key-mgmt"));
	EXPECT_EQ(0U, self->k.nctx);
	t = exec(&self->g, self->r, add_call(self, 2, self->ue.b64));
	EXPECT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	EXPECT_EQ(2U, self->k.nctx);
}

/*
 * The replay cache outlives the daemon: a TRANSFER_INIT taken before a
 * restart is still a replay after it (the state directory keeps it).
 */
TEST_F(mk, replay_cache_kept_across_a_restart)
{
	char dir[] = "/tmp/mg-mikey-state.XXXXXX", cmd[96];
	const struct h248_trans *t;
	int fd;

	ASSERT_NE(NULL, mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gw_kms_in(self, fd));
	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	ASSERT_EQ(0U, err_of(t));
	/* the daemon again: a new client on the same directory */
	ASSERT_EQ(0, gw_kms_in(self, fd));
	t = exec(&self->g, self->r, add_call(self, 2, self->ue.b64));
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "TRANSFER_INIT replayed"));
	close(fd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	EXPECT_EQ(0, system(cmd));
}

/* A key file others can read is refused: the gateway does not start. */
TEST_F(mk, psk_file_readable_by_others_refused)
{
	char err[128];

	ASSERT_EQ(0, chmod(self->psk_file, 0640));
	EXPECT_EQ(NULL, mgd_kms_new(&self->cfg, -1, true, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "chmod 600"));
}

/*
 * The KMS restarted with @fault (the same ticket key): a new UE message
 * refused with @code and @text, the fake kernel left empty.
 */
static void refused(struct __test_metadata *_metadata,
		    FIXTURE_DATA(mk) *self, const char *made,
		    const char *fault, unsigned int code, const char *text)
{
	const struct h248_trans *t;

	kms_stop(&self->kms);
	ASSERT_EQ(0, kms_start(&self->kms, made));
	ASSERT_EQ(0, ue_transfer(&self->kms, &self->ue));
	kms_stop(&self->kms);
	if (fault) {
		ASSERT_EQ(0, kms_start(&self->kms, !strcmp(fault, "none") ?
				       NULL : fault));
	}
	ASSERT_EQ(0, gw_kms(self));
	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	EXPECT_EQ(code, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, text))
		TH_LOG("%s", self->r->text);
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
}

TEST_F(mk, kms_answer_with_a_bad_mac_is_500)
{
	refused(_metadata, self, NULL, "bad-mac", 500,
		"RESOLVE_RESP MAC does not match");
}

TEST_F(mk, expired_ticket_is_449)
{
	refused(_metadata, self, "expired", "none", 449,
		"the KMS refused: Invalid Ticket (Error no 14)");
}

TEST_F(mk, responder_not_named_is_449)
{
	refused(_metadata, self, NULL, "wrong-responder", 449,
		"the KMS refused: Invalid ID (Error no 7)");
}

TEST_F(mk, kms_error_payload_is_449)
{
	refused(_metadata, self, NULL, "err=15", 449,
		"the KMS refused: Invalid TPpar (Error no 15)");
}

TEST_F(mk, kms_gone_is_500)
{
	refused(_metadata, self, NULL, NULL, 500, "a=key-mgmt:mikey: ");
}

TEST_F(mk, no_kms_configured_is_501)
{
	const struct h248_trans *t;

	self->ops.kms_resolve = NULL;
	t = exec(&self->g, self->r, add_call(self, 1, self->ue.b64));
	EXPECT_EQ(501U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "no KMS configured"));
	EXPECT_EQ(0U, self->k.nctx);
}

/*
 * Transaction @trans: the Add of a leg the gateway originates, keyed by
 * a ticket of its own (Local a=key-mgmt:mikey $, no Remote yet), and a
 * core leg.
 */
static const char *add_offer(FIXTURE_DATA(mk) *self, unsigned int trans)
{
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = %u { Context = $ {\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " Mode = SendReceive, ipdc/realm = access },\n"
		 "  Local {\nv=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		 "a=key-mgmt:mikey $\n} } } },\n"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = core },\n  Remote {\nv=0\n"
		 "c=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n} } } }\n"
		 "} }\n", trans);
	return self->req;
}

/* The Modify of access/1 with the UE's answer: @extra in its SDP. */
static const char *answer(FIXTURE_DATA(mk) *self, unsigned int trans,
			  const char *extra)
{
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = %u { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\n%s} } } } } }\n", trans, extra);
	return self->req;
}

/* The a=key-mgmt:mikey of reply @t's first Local, into @s. */
static const struct sdp_keymgmt *local_keymgmt(const struct h248_trans *t,
					       struct sdp *s)
{
	local_crypto(t, s);
	return s->media[0].keymgmt.present ? &s->media[0].keymgmt : NULL;
}

/* The MGC asks "$" again: the Local answers TRANSFER_INIT @ti again. */
static void same_offer(struct __test_metadata *_metadata,
		       FIXTURE_DATA(mk) *self, const uint8_t *ti,
		       size_t ti_len)
{
	const struct sdp_keymgmt *km;
	const struct h248_trans *t;
	struct sdp s;

	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Local {\nv=0\nc=IN IP4 $\n"
		 "m=audio $ RTP/SAVP 0\na=key-mgmt:mikey $\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	EXPECT_EQ(ti_len, km->len);
	EXPECT_EQ(0, memcmp(ti, km->data, ti_len));
}

TEST_F(mk, gateway_initiates_and_the_ue_resolves)
{
	const struct msobj_key *rx, *tx;
	const struct sdp_keymgmt *km;
	const struct h248_trans *t;
	char want[160], got[160];
	uint8_t ti[1024];
	size_t ti_len;
	struct sdp s;
	uint32_t id;

	t = exec(&self->g, self->r, add_offer(self, 1));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	/* our TRANSFER_INIT in the Local, no a=crypto */
	EXPECT_EQ(NULL, local_crypto(t, &s));
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	EXPECT_FALSE(km->choose);
	EXPECT_EQ(MIKEY_DT_TRANSFER_INIT, km->data[1]);
	ti_len = km->len;
	memcpy(ti, km->data, ti_len);
	/* the UE's answer: no keys of its own; the offer's are installed */
	t = exec(&self->g, self->r, answer(self, 2, ""));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	ASSERT_EQ(0, ue_resolve(&self->kms, UE_ID, UE_PSK, ti, ti_len,
				&self->ue));
	ASSERT_EQ(2U, self->ue.nkeys);
	/* the first crypto session is the Initiator's stream: ours, tx */
	rx = f_key(&self->k, MEDIASEC_DIR_RX, &id);
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, rx);
	ASSERT_NE(NULL, tx);
	key_text(got, sizeof(got), tx, self->ue.keys[0]);
	snprintf(want, sizeof(want), "%s", strstr(self->ue.keys[0], "key "));
	EXPECT_STREQ(want, got);
	key_text(got, sizeof(got), rx, self->ue.keys[1]);
	snprintf(want, sizeof(want), "%s", strstr(self->ue.keys[1], "key "));
	EXPECT_STREQ(want, got);
	/* the MGC repeats "$": the same ticket */
	same_offer(_metadata, self, ti, ti_len);
}

/* RFC 6043 4.2.2.3: the UE's TRANSFER_RESP of our bundle keeps the keys */
TEST_F(mk, transfer_resp_of_our_bundle_keeps_the_keys)
{
	const struct sdp_keymgmt *km;
	const struct h248_trans *t;
	uint8_t resp[64] = { 1, MIKEY_DT_TRANSFER_RESP, 0, 0 };
	char line[256], b64[128];
	const struct msobj_key *tx;
	uint8_t before[32];
	struct sdp s;
	uint32_t id;

	t = exec(&self->g, self->r, add_offer(self, 1));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	memcpy(resp + 4, km->data + 4, 4);		/* its CSB ID */
	EVP_EncodeBlock((uint8_t *)b64, resp, 12);
	snprintf(line, sizeof(line), "a=key-mgmt:mikey %s\n", b64);
	t = exec(&self->g, self->r, answer(self, 2, ""));
	ASSERT_EQ(0U, err_of(t));
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, tx);
	memcpy(before, tx->master, sizeof(before));
	t = exec(&self->g, self->r, answer(self, 3, line));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, tx);
	EXPECT_EQ(0, memcmp(before, tx->master, sizeof(before)));
	/* "$" is the MGC's to write in a Local only */
	t = exec(&self->g, self->r, answer(self, 4, "a=key-mgmt:mikey $\n"));
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "the remote's message is its own"));
}

/*
 * Our offer had no a=crypto: an answer with one, or with RTP/AVP, would
 * turn the ticket's keys into keys SDP shows, or none: refused, the keys
 * as they were.  Another remote than the one that answered (a transfer)
 * gets a new ticket: a new party never holds the keys of what was sent
 * to the one before.
 */
TEST_F(mk, answers_to_our_ticket)
{
	const struct sdp_keymgmt *km;
	const struct h248_trans *t;
	const struct msobj_key *tx;
	uint8_t before[32], ti[1024];
	size_t ti_len;
	struct sdp s;
	uint32_t id;

	t = exec(&self->g, self->r, add_offer(self, 1));
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	t = exec(&self->g, self->r, answer(self, 2, ""));
	ASSERT_EQ(0U, err_of(t));
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	ti_len = km->len;
	memcpy(ti, km->data, ti_len);
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, tx);
	memcpy(before, tx->master, sizeof(before));
	t = exec(&self->g, self->r, answer(self, 3, "a=crypto:1 "
		 "AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "\n"));
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "a=crypto in the answer"));
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/AVP 0\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	EXPECT_EQ(449U, err_of(t));
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, tx);
	EXPECT_EQ(0, memcmp(before, tx->master, sizeof(before)));
	/* a transfer: the new party's answer gets a new ticket */
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = access/1 { Media {"
		 " Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.3\n"
		 "m=audio 6000 RTP/SAVP 0\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	ASSERT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	EXPECT_FALSE(ti_len == km->len && !memcmp(ti, km->data, ti_len));
	tx = f_key(&self->k, MEDIASEC_DIR_TX, &id);
	ASSERT_NE(NULL, tx);
	EXPECT_NE(0, memcmp(before, tx->master, sizeof(before)));
	ASSERT_EQ(0, ue_resolve(&self->kms, UE_ID, UE_PSK, km->data, km->len,
				&self->ue));
	EXPECT_EQ(2U, self->ue.nkeys);
}

/*
 * A restart: the record keeps the gateway's TRANSFER_INIT (no key is in
 * it) and that the gateway initiated; taken back, the UE's answer keeps
 * the keys and the MGC's "$" gets the same message, the kernel untouched.
 */
TEST_F(mk, restart_keeps_the_offer)
{
	struct mg_state *st = calloc(1, sizeof(*st));
	const struct sdp_keymgmt *km;
	const struct h248_trans *t;
	const char *why = NULL;
	uint8_t ti[1024];
	size_t ti_len;
	struct sdp s;
	int r, calls;

	ASSERT_NE(NULL, st);
	self->g.records = true;
	t = exec(&self->g, self->r, add_offer(self, 1));
	ASSERT_EQ(0U, err_of(t));
	km = local_keymgmt(t, &s);
	ASSERT_NE(NULL, km);
	ti_len = km->len;
	memcpy(ti, km->data, ti_len);
	t = exec(&self->g, self->r, answer(self, 2, ""));
	ASSERT_EQ(0U, err_of(t));
	r = f_rec(&self->k, 1);
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(self->k.rec[r], "\nmikey-msg "));
	ASSERT_EQ(0, mg_state_parse(self->k.rec[r], strlen(self->k.rec[r]),
				    st, &why)) TH_LOG("%s", why);
	EXPECT_TRUE(st->term[0].mikey_init);
	mg_fini(&self->g);
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &self->ops, &self->k));
	ASSERT_EQ(0, mg_adopt(&self->g, st, f_check, &self->k, &why))
		TH_LOG("%s", why);
	calls = self->k.calls;
	t = exec(&self->g, self->r, answer(self, 3, ""));
	EXPECT_EQ(0U, err_of(t)) TH_LOG("%s", self->r->text);
	same_offer(_metadata, self, ti, ti_len);
	EXPECT_EQ(calls, self->k.calls);
	free(st);
}

/* The KMS refuses the gateway's request: 500, nothing installed */
TEST_F(mk, kms_refusing_our_request_is_500)
{
	const struct h248_trans *t;

	kms_stop(&self->kms);
	ASSERT_EQ(0, kms_start(&self->kms, "err=7"));
	ASSERT_EQ(0, gw_kms(self));
	t = exec(&self->g, self->r, add_offer(self, 1));
	EXPECT_EQ(500U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "a=key-mgmt:mikey $: the KMS "
			     "refused: Invalid ID (Error no 7)"))
		TH_LOG("%s", self->r->text);
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	self->ops.kms_offer = NULL;
	t = exec(&self->g, self->r, add_offer(self, 2));
	EXPECT_EQ(501U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "no KMS configured"));
	EXPECT_EQ(0U, self->k.nctx);
}

/* A Local asks "$" beside a=crypto: contradictory, refused */
TEST_F(mk, choose_beside_a_crypto_refused)
{
	const struct h248_trans *t;

	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = access },\n  Local {\nv=0\n"
		 "c=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$\n"
		 "a=key-mgmt:mikey $\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "on RTP/SAVP, without a=crypto"))
		TH_LOG("%s", self->r->text);
	EXPECT_EQ(0U, self->k.nctx);
	/* MSRP: the gateway does not initiate; "$" is no remote's message */
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = access },\n  Local {\nv=0\n"
		 "c=IN IP4 $\nm=message $ TCP/TLS/MSRP *\n"
		 "a=key-mgmt:mikey $\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "a=key-mgmt:mikey $ on MSRP"))
		TH_LOG("%s", self->r->text);
	snprintf(self->req, sizeof(self->req), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = $ { Add = $ { Media { Stream = 1 {"
		 " LocalControl { ipdc/realm = access },\n  Remote {\nv=0\n"
		 "c=IN IP4 192.0.2.2\nm=message 5000 TCP/TLS/MSRP *\n"
		 "a=setup:actpass\na=key-mgmt:mikey $\n} } } } } }\n");
	t = exec(&self->g, self->r, self->req);
	EXPECT_EQ(449U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "the remote's message is its own"))
		TH_LOG("%s", self->r->text);
}

TEST_HARNESS_MAIN
