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
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "mg_int.h"

/* SRTP policy (RFC 3830 6.10.1) to an SDES suite and its parameters. */
static int policy_crypto(const struct mikey_srtp_key *k,
			 struct sdes_crypto *c, const char **why)
{
	const struct mikey_srtp_pol *p = &k->pol;
	struct sdes_key *key = &c->keys[0];
	unsigned int i;

	memset(c, 0, sizeof(*c));
	if (p->encr != 1 || p->auth != 1 || p->auth_len != 20 || p->prf ||
	    p->fec || p->prefix_len || (p->tag_len != 10 && p->tag_len != 4))
		return *why = "SP: AES-CM with HMAC-SHA-1 (20-byte key, 4 or "
			      "10-byte tag), no prefix, only", -EOPNOTSUPP;
	if (k->key_len == 16)
		c->suite = p->tag_len == 10 ?
			   MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80 :
			   MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32;
	else if (k->key_len == 32)
		c->suite = p->tag_len == 10 ?
			   MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80 :
			   MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32;
	else
		return *why = "SP: a 128 or 256-bit key only", -EOPNOTSUPP;
	c->flags |= p->srtp_encr ? 0 : SDES_UNENCRYPTED_SRTP;
	c->flags |= p->srtcp_encr ? 0 : SDES_UNENCRYPTED_SRTCP;
	c->flags |= p->srtp_auth ? 0 : SDES_UNAUTHENTICATED_SRTP;
	/* RFC 3711 4.3.1: 0, or a power of two up to 2^24 */
	if (p->kdr) {
		for (i = 0; i <= 24 && p->kdr != 1U << i; i++)
			;
		if (i > 24)
			return *why = "SP: a key derivation rate SRTP does "
				      "not have", -EINVAL;
		c->flags |= SDES_HAS_KDR;
		c->kdr = (uint8_t)i;
	}
	/* RFC 3830 6.1.1: a crypto session not yet started has ROC 0 */
	if (k->roc)
		return *why = "a crypto session under way (ROC not 0) cannot "
			      "be taken over", -EOPNOTSUPP;
	c->tag = 1;
	c->nkeys = 1;
	memcpy(key->mat, k->key, k->key_len);
	memcpy(key->mat + k->key_len, k->salt, k->salt_len);
	key->mat_len = k->key_len + k->salt_len;
	/* RFC 6043 6.1.1: the SPI is the MKI */
	key->mki_len = k->mki_len;
	for (i = 0; i < k->mki_len; i++)
		key->mki = key->mki << 8 | k->mki[i];
	return 0;
}

int mg_mikey_take_remote(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	struct mikey_srtp_key keys[MIKEY_MAX_CS];
	struct sdes_crypto c[2];
	uint8_t fp[SHA256_DIGEST_LENGTH];
	unsigned int code = MG_ERR_UNSUPPORTED, i;
	const char *why = NULL;
	int n, ret = 0;

	SHA256(km->data, km->len, fp);
	/* MGCs repeat Remotes: the same TRANSFER_INIT keeps its keys */
	if (t->mikey && t->side.has_peer && t->side.has_own &&
	    !memcmp(fp, t->mikey_fp, sizeof(fp)))
		return 0;
	if (!g->ops->kms_resolve) {
		f->code = MG_ERR_NOT_IMPL;
		f->text = "a=key-mgmt:mikey, and no KMS configured";
		return -EOPNOTSUPP;
	}
	n = g->ops->kms_resolve(g->arg, km->data, km->len, keys,
				MIKEY_MAX_CS, &code, &why);
	if (n < 0) {
		snprintf(g->errbuf, sizeof(g->errbuf), "a=key-mgmt:mikey: %s",
			 why);
		f->code = code;
		f->text = g->errbuf;
		return n;
	}
	if (n != 2) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "a=key-mgmt:mikey: two crypto sessions, one each "
			  "way";
		ret = -EOPNOTSUPP;
		goto out;
	}
	for (i = 0; i < 2; i++) {
		ret = policy_crypto(&keys[i], &c[i], &why);
		if (!ret && !mg_realm_allows(realm, &c[i])) {
			why = "a suite or parameter the realm's policy "
			      "refuses";
			ret = -EOPNOTSUPP;
		}
		if (ret) {
			snprintf(g->errbuf, sizeof(g->errbuf),
				 "a=key-mgmt:mikey: %s", why);
			f->code = MG_ERR_UNSUPPORTED;
			f->text = g->errbuf;
			goto out;
		}
	}
	OPENSSL_cleanse(&t->side.peer, sizeof(t->side.peer));
	OPENSSL_cleanse(&t->side.own, sizeof(t->side.own));
	t->side.peer = c[0];
	t->side.own = c[1];
	t->side.has_peer = t->side.has_own = true;
	t->sealed_peer = t->sealed_own = false;
	t->has_own_next = false;
	t->own_expiring = false;
	t->tag = 1;
	t->mikey = true;
	memcpy(t->mikey_fp, fp, sizeof(fp));
out:
	OPENSSL_cleanse(keys, sizeof(keys));
	OPENSSL_cleanse(c, sizeof(c));
	return ret;
}
