// SPDX-License-Identifier: GPL-2.0
/*
 * A MIKEY crypto session's SRTP policy and keys as the SDES terms the rest
 * of mediasec speaks (mikey_srtp.h): mediasecd's terminations and the
 * CLI's contexts take keys from a ticket as they take an a=crypto line.
 */
#include <errno.h>
#include <string.h>

#include <linux/mediasec.h>

#include "mikey_srtp.h"

int mikey_sdes_crypto(const struct mikey_srtp_key *k, struct sdes_crypto *c,
		      const char **why)
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

int mikey_sp_params(uint16_t suite, uint8_t *out, size_t cap)
{
	/* RFC 3830 Table 6.10.1.a: type, length, value */
	uint8_t sp[] = { 0, 1, 1,	/* encryption: AES-CM */
			 1, 1, 16,	/* its key length */
			 2, 1, 1,	/* authentication: HMAC-SHA-1 */
			 3, 1, 20,	/* its key length */
			 4, 1, 14,	/* salt length */
			 11, 1, 10 };	/* authentication tag length */

	switch (suite) {
	case MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80:
		break;
	case MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32:
		sp[17] = 4;
		break;
	case MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80:
		sp[5] = 32;
		break;
	case MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32:
		sp[5] = 32;
		sp[17] = 4;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (cap < sizeof(sp))
		return -EMSGSIZE;
	memcpy(out, sp, sizeof(sp));
	return (int)sizeof(sp);
}
