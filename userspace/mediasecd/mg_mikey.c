// SPDX-License-Identifier: GPL-2.0
/*
 * An RTP termination keyed by MIKEY-TICKET (RFC 6043) instead of SDES:
 * its Remote carries the initiator's TRANSFER_INIT in a=key-mgmt:mikey
 * (RFC 4567 3.1), which the KMS resolves for the gateway (kms.c, through
 * mg_ops.kms_resolve); the crypto sessions' keys become the termination's
 * peer and own keys, and the Local answers no a=crypto.
 *
 * Which crypto session protects which direction: RFC 3830 6.1.1 and RFC
 * 6043 6.1.1 give each an SSRC but no direction, and TS 33.328, which
 * profiles this, was not at hand.  Our choice (docs/mikey.md): the
 * message has two SRTP crypto sessions; the first in the CS ID map is the
 * initiator's stream (the remote protects with it: our peer key), the
 * second the responder's (the gateway protects with it: our own key).
 *
 * An MSRP termination over TLS keyed the same way (the TLS-PSK case of TR
 * 29.cde): the message's one crypto session gives the PSK and its
 * identity (mikey_transfer_psk(), docs/mikey.md).
 *
 * A leg the gateway originates (the MGC's Local asks with
 * a=key-mgmt:mikey $): the gateway is the Initiator; it requests a ticket
 * for kms-responder and offers the TRANSFER_INIT in its Local.  The same
 * rule of directions holds: the first crypto session is the Initiator's
 * stream, here the gateway's own key, the second the remote's.  The
 * remote's answer carries no keys of its own (the ticket grants it none:
 * mikey_request_resp() refuses the M flag): a Remote without
 * a=key-mgmt, or with a TRANSFER_RESP of our bundle, keeps them; one with
 * a=crypto is refused (a downgrade to keys SDP shows), and another remote
 * than the one that answered gets a new ticket.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <linux/mediasec.h>

#include "mg_int.h"
#include "mikey_srtp.h"

static void drop(struct mikey_result *res)
{
	if (res) {
		OPENSSL_cleanse(res, sizeof(*res));
		free(res);
	}
}

/*
 * The TRANSFER_INIT of @km resolved at the KMS into *@res (allocated; the
 * caller wipes and frees it), or 1: the one @t was keyed by already (MGCs
 * repeat Remotes; it cannot be resolved twice), or -errno with @f.
 */
static int resolve(struct mg *g, const struct mg_term *t,
		   const struct sdp_keymgmt *km, bool psk, uint8_t *fp,
		   struct mikey_result **res, struct mg_fail *f)
{
	unsigned int code = MG_ERR_UNSUPPORTED;
	const char *why = NULL;
	int n;

	*res = NULL;
	SHA256(km->data, km->len, fp);
	if (t->mikey && !memcmp(fp, t->mikey_fp, SHA256_DIGEST_LENGTH))
		return 1;
	if (!g->ops->kms_resolve) {
		f->code = MG_ERR_NOT_IMPL;
		f->text = "a=key-mgmt:mikey, and no KMS configured";
		return -EOPNOTSUPP;
	}
	*res = calloc(1, sizeof(**res));
	if (!*res)
		return -ENOMEM;
	(*res)->want_psk = psk;
	n = g->ops->kms_resolve(g->arg, km->data, km->len, *res, &code, &why);
	if (n < 0) {
		snprintf(g->errbuf, sizeof(g->errbuf), "a=key-mgmt:mikey: %s",
			 why);
		f->code = code;
		f->text = g->errbuf;
		drop(*res);
		*res = NULL;
		return n;
	}
	return 0;
}

/* @t keyed by the TRANSFER_INIT of SHA-256 @fp, its answer in @res. */
static void keyed(struct mg_term *t, const uint8_t *fp,
		  const struct mikey_result *res)
{
	t->mikey = true;
	t->mikey_init = false;
	memcpy(t->mikey_fp, fp, sizeof(t->mikey_fp));
	memcpy(t->mikey_resp, res->resp, res->resp_len);
	t->mikey_resp_len = (uint16_t)res->resp_len;
}

/* @t's keys: the remote's @peer, our @own; none announced or due. */
static void set_keys(struct mg_term *t, const struct sdes_crypto *peer,
		     const struct sdes_crypto *own)
{
	OPENSSL_cleanse(&t->side.peer, sizeof(t->side.peer));
	OPENSSL_cleanse(&t->side.own, sizeof(t->side.own));
	t->side.peer = *peer;
	t->side.own = *own;
	t->side.has_peer = t->side.has_own = true;
	t->sealed_peer = t->sealed_own = false;
	OPENSSL_cleanse(&t->own_next, sizeof(t->own_next));
	t->has_own_next = false;
	t->own_next_due = 0;
	t->own_expiring = false;
	t->tag = 1;
}

/*
 * Crypto sessions @res->keys (two) as @t's keys, the remote's from the
 * @peer'th: 0 if it initiated, 1 if we did.  0, or -errno with @f.
 */
static int take_keys(struct mg *g, struct mg_term *t,
		     const struct mikey_result *res, unsigned int peer,
		     struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	struct sdes_crypto c[2];
	const char *why = NULL;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < 2 && !ret; i++) {
		ret = mikey_sdes_crypto(&res->keys[i], &c[i], &why);
		if (!ret && !mg_realm_allows(realm, &c[i])) {
			why = "a suite or parameter the realm's policy "
			      "refuses";
			ret = -EOPNOTSUPP;
		}
	}
	if (ret) {
		snprintf(g->errbuf, sizeof(g->errbuf), "a=key-mgmt:mikey: %s",
			 why);
		f->code = MG_ERR_UNSUPPORTED;
		f->text = g->errbuf;
	} else {
		set_keys(t, &c[peer], &c[!peer]);
	}
	OPENSSL_cleanse(c, sizeof(c));
	return ret;
}

int mg_mikey_take_remote(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, struct mg_fail *f)
{
	uint8_t fp[SHA256_DIGEST_LENGTH];
	struct mikey_result *res;
	int ret;

	ret = resolve(g, t, km, false, fp, &res, f);
	if (ret)
		return ret > 0 ? 0 : ret;	/* the same: the keys stay */
	if (res->nkeys != 2) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "a=key-mgmt:mikey: two crypto sessions, one each "
			  "way";
		ret = -EOPNOTSUPP;
		goto out;
	}
	ret = take_keys(g, t, res, 0, f);
	if (!ret)
		keyed(t, fp, res);
out:
	drop(res);
	return ret;
}

int mg_mikey_take_psk(struct mg *g, struct mg_term *t,
		      const struct sdp_keymgmt *km, struct mg_fail *f)
{
	struct mg_msrp *ms = &t->msrp;
	uint8_t fp[SHA256_DIGEST_LENGTH];
	struct mikey_result *res;
	int ret;

	ret = resolve(g, t, km, true, fp, &res, f);
	if (ret > 0)
		return 0;	/* the same: the PSK stays (or is the kernel's) */
	if (ret)
		return ret;
	OPENSSL_cleanse(ms->psk, sizeof(ms->psk));
	memcpy(ms->psk, res->psk, sizeof(res->psk));
	ms->psk_len = sizeof(res->psk);
	snprintf(ms->psk_id, sizeof(ms->psk_id), "%s", res->psk_id);
	keyed(t, fp, res);
	drop(res);
	return 0;
}

/*
 * The suite of a ticket the gateway offers: the first the realm allows
 * of those MIKEY's SP names (AES-CM with HMAC-SHA-1, RFC 3830 6.10.1):
 * 128-bit keys first (every SRTP endpoint has them, RFC 3711), an 80-bit
 * tag before a 32-bit one (RFC 4568 6.2's preference).
 */
static int offer_suite(const struct mgd_realm *r)
{
	static const uint16_t pref[] = {
		MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
		MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80,
		MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32,
		MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32,
	};
	unsigned int i;

	for (i = 0; i < sizeof(pref) / sizeof(pref[0]); i++)
		if (r->suites & (1U << pref[i]))
			return pref[i];
	return -1;
}

/* The gateway initiates: a ticket, and its TRANSFER_INIT for the Local. */
static int offer(struct mg *g, struct mg_term *t, struct mg_fail *f)
{
	int suite = offer_suite(&g->cfg->realm[t->realm]);
	uint8_t fp[SHA256_DIGEST_LENGTH];
	unsigned int code = MG_ERR_INTERNAL;
	struct mikey_result *res;
	const char *why = NULL;
	int ret;

	f->code = MG_ERR_NOT_IMPL;
	if (!g->ops->kms_offer) {
		f->text = "a=key-mgmt:mikey $, and no KMS configured";
		return -EOPNOTSUPP;
	}
	if (suite < 0) {
		f->text = "a=key-mgmt:mikey $: the realm allows no AES-CM "
			  "with HMAC-SHA-1 suite, the only ones MIKEY names";
		return -EOPNOTSUPP;
	}
	res = calloc(1, sizeof(*res));
	if (!res) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no memory";
		return -ENOMEM;
	}
	ret = g->ops->kms_offer(g->arg, (uint16_t)suite, res, &code, &why);
	if (ret < 0) {
		snprintf(g->errbuf, sizeof(g->errbuf), "a=key-mgmt:mikey $: "
			 "%s", why);
		f->code = code;
		f->text = g->errbuf;
		goto out;
	}
	ret = take_keys(g, t, res, 1, f);
	if (ret)
		goto out;
	SHA256(res->resp, res->resp_len, fp);
	keyed(t, fp, res);
	t->mikey_init = true;
out:
	drop(res);
	return ret;
}

int mg_mikey_take_local(struct mg *g, struct mg_term *t,
			const struct sdp_keymgmt *km, bool secure,
			unsigned int ncrypto, struct mg_fail *f)
{
	/*
	 * A message in the Local is not the MGC's to give: what the Local
	 * answers is the gateway's (an MGC repeating our Local is not
	 * refused for it).
	 */
	if (!km->choose)
		return 0;
	f->code = MG_ERR_UNSUPPORTED;
	if (!secure || ncrypto) {
		f->text = "a=key-mgmt:mikey $ in the Local: on RTP/SAVP, "
			  "without a=crypto";
		return -EINVAL;
	}
	if (t->mikey)		/* keyed already, either way: keys stay */
		return 0;
	if (t->side.has_peer) {
		f->text = "a=key-mgmt:mikey $ in the Local of a termination "
			  "keyed by a=crypto";
		return -EINVAL;
	}
	return offer(g, t, f);
}

int mg_mikey_take_answer(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, unsigned int ncrypto,
			 bool new_party, struct mg_fail *f)
{
	f->code = MG_ERR_UNSUPPORTED;
	/* our offer had no a=crypto: an answer with one is not its answer */
	if (ncrypto && !km) {
		f->text = "a=crypto in the answer to the gateway's ticket: "
			  "its keys are the ticket's";
		return -EINVAL;
	}
	/* the remote initiates anew with a ticket of its own: resolved */
	if (km && km->len >= 2 && km->data[1] == MIKEY_DT_TRANSFER_INIT)
		return 1;
	/*
	 * RFC 6043 4.2.2.3: a TRANSFER_RESP of our CSB ID (HDR bytes 4-7).
	 * Not verified (MPKi is gone): the F flag is refused when the
	 * ticket is granted, so none is asked for, and the M flag too, so
	 * it carries no key; it changes nothing.
	 */
	if (km && !(km->len >= 10 && km->data[1] == MIKEY_DT_TRANSFER_RESP &&
		    t->mikey_resp_len >= 10 &&
		    !memcmp(km->data + 4, t->mikey_resp + 4, 4))) {
		f->text = "a=key-mgmt in the answer to the gateway's ticket: "
			  "neither a TRANSFER_RESP of it nor a TRANSFER_INIT";
		return -EINVAL;
	}
	/*
	 * Another remote than the one the ticket was answered by (a
	 * transfer): a new ticket, so that a new party never holds the
	 * keys of what was sent to the one before (as keeps_own() has it
	 * for SDES); the Local carries its TRANSFER_INIT.
	 */
	if (new_party) {
		t->mikey = false;
		return offer(g, t, f);
	}
	return 0;
}
