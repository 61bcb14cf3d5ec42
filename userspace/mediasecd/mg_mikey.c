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
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "mg_int.h"
#include "mikey_srtp.h"

int mg_mikey_take_remote(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	struct mikey_result *res;
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
	res = calloc(1, sizeof(*res));
	if (!res)
		return -ENOMEM;
	n = g->ops->kms_resolve(g->arg, km->data, km->len, res, &code, &why);
	if (n < 0) {
		snprintf(g->errbuf, sizeof(g->errbuf), "a=key-mgmt:mikey: %s",
			 why);
		f->code = code;
		f->text = g->errbuf;
		ret = n;
		goto out;
	}
	if (n != 2) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "a=key-mgmt:mikey: two crypto sessions, one each "
			  "way";
		ret = -EOPNOTSUPP;
		goto out;
	}
	for (i = 0; i < 2; i++) {
		ret = mikey_sdes_crypto(&res->keys[i], &c[i], &why);
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
	OPENSSL_cleanse(&t->own_next, sizeof(t->own_next));
	t->has_own_next = false;
	t->own_next_due = 0;
	t->own_expiring = false;
	t->tag = 1;
	t->mikey = true;
	memcpy(t->mikey_fp, fp, sizeof(fp));
	memcpy(t->mikey_resp, res->resp, res->resp_len);
	t->mikey_resp_len = (uint16_t)res->resp_len;
out:
	OPENSSL_cleanse(res, sizeof(*res));
	free(res);
	OPENSSL_cleanse(c, sizeof(c));
	return ret;
}
