// SPDX-License-Identifier: GPL-2.0
/*
 * MIKEY's cryptography over OpenSSL libcrypto (mikey_crypto.h): the PRF of
 * RFC 3830 4.1.2 (MIKEY-1, HMAC-SHA-1) and RFC 6043 6.1
 * (PRF-HMAC-SHA-256), the labels its derivations feed it (RFC 3830
 * 4.1.3, 4.1.4; RFC 6043 5.1.1 to 5.1.3, Appendix A.2), the KEMAC's
 * AES-CM (RFC 3830 4.2.3, RFC 6043 6.2) and the MACs of KEMAC and V
 * (RFC 3830 4.2.4, RFC 6043 6.2), checked in constant time.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "mikey_crypto.h"

/* The digest of PRF @prf and its output bytes, or NULL. */
static const char *prf_digest(uint8_t prf, unsigned int *hlen)
{
	switch (prf) {
	case MIKEY_PRF_MIKEY_1:
		*hlen = 20;
		return "SHA1";
	case MIKEY_PRF_HMAC_SHA256:
		*hlen = 32;
		return "SHA256";
	}
	return NULL;
}

/* HMAC-@digest with @key over @parts in turn, into @out (*@olen bytes). */
static int hmac(const char *digest, const uint8_t *key, size_t key_len,
		const struct mikey_bytes *parts, unsigned int nparts,
		uint8_t *out, size_t *olen)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 (char *)digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	unsigned int i;
	int ret = -EIO;

	if (!ctx)
		goto out;
	if (!EVP_MAC_init(ctx, key, key_len, params))
		goto out;
	for (i = 0; i < nparts; i++)
		if (parts[i].len &&
		    !EVP_MAC_update(ctx, parts[i].p, parts[i].len))
			goto out;
	if (EVP_MAC_final(ctx, out, olen, EVP_MAX_MD_SIZE))
		ret = 0;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ret;
}

/*
 * P(s, label, m) of RFC 3830 4.1.2, XORed into @out (@len bytes):
 * A_0 = label, A_i = HMAC(s, A_(i-1)), output HMAC(s, A_i || label)...
 */
static int p_xor(const char *digest, const uint8_t *s, size_t slen,
		 const uint8_t *label, size_t label_len, uint8_t *out,
		 size_t len)
{
	uint8_t a[EVP_MAX_MD_SIZE], blk[EVP_MAX_MD_SIZE];
	struct mikey_bytes in[2] = { { label, (uint16_t)label_len } };
	size_t alen, blen, done = 0, i;
	int ret;

	ret = hmac(digest, s, slen, in, 1, a, &alen);
	while (!ret && done < len) {
		in[0] = (struct mikey_bytes){ a, (uint16_t)alen };
		in[1] = (struct mikey_bytes){ label, (uint16_t)label_len };
		ret = hmac(digest, s, slen, in, 2, blk, &blen);
		for (i = 0; !ret && i < blen && done < len; i++)
			out[done++] ^= blk[i];
		if (!ret && done < len)
			ret = hmac(digest, s, slen, in, 1, a, &alen);
	}
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(blk, sizeof(blk));
	return ret;
}

int mikey_prf(uint8_t prf, const uint8_t *inkey, size_t inkey_len,
	      const uint8_t *label, size_t label_len, uint8_t *out,
	      size_t out_len)
{
	unsigned int hlen;
	const char *digest = prf_digest(prf, &hlen);
	size_t at, chunk;
	int ret;

	if (!digest || !inkey_len || label_len > 0xffff)
		return -EINVAL;
	memset(out, 0, out_len);
	/* inkey in 256-bit pieces s_1 .. s_n, their P outputs XORed */
	for (at = 0; at < inkey_len; at += chunk) {
		chunk = inkey_len - at < 32 ? inkey_len - at : 32;
		ret = p_xor(digest, inkey + at, chunk, label, label_len, out,
			    out_len);
		if (ret) {
			OPENSSL_cleanse(out, out_len);
			return ret;
		}
	}
	return 0;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)(v >> 24);
	*p++ = (uint8_t)(v >> 16);
	*p++ = (uint8_t)(v >> 8);
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *put_rand(uint8_t *p, const struct mikey_bytes *r)
{
	*p++ = (uint8_t)r->len;
	if (r->len)
		memcpy(p, r->p, r->len);
	return p + r->len;
}

size_t mikey_label_3830(uint8_t *out, uint32_t constant, int cs_id,
			uint32_t csb_id, const struct mikey_bytes *rand)
{
	uint8_t *p = put32(out, constant);

	*p++ = cs_id < 0 ? 0xff : (uint8_t)cs_id;
	p = put32(p, csb_id);
	memcpy(p, rand->p, rand->len);
	return (size_t)(p - out) + rand->len;
}

size_t mikey_label_msg(uint8_t *out, uint32_t constant, uint32_t csb_id,
		       bool response, const struct mikey_bytes *randri,
		       const struct mikey_bytes *randrr)
{
	uint8_t *p = put32(out, constant);

	*p++ = 0xff;
	p = put32(p, csb_id);
	*p++ = response ? 0x02 : 0x01;
	p = put_rand(p, randri);
	p = put_rand(p, randrr);
	return (size_t)(p - out);
}

size_t mikey_label_tgk(uint8_t *out, uint32_t constant, uint8_t cs_id,
		       const struct mikey_bytes *randri,
		       const struct mikey_bytes *randrr)
{
	uint8_t *p = put32(out, constant);

	*p++ = cs_id;
	p = put32(p, 0xffffffff);
	*p++ = 0x03;
	p = put_rand(p, randri);
	p = put_rand(p, randrr);
	return (size_t)(p - out);
}

size_t mikey_label_fork(uint8_t *out, uint32_t constant,
			const struct mikey_bytes *id,
			const struct mikey_bytes *randrkms)
{
	uint8_t *p = put32(out, constant);

	*p++ = 0xff;
	p = put32(p, 0xffffffff);
	*p++ = 0x00;
	*p++ = (uint8_t)(id->len >> 8);
	*p++ = (uint8_t)id->len;
	memcpy(p, id->p, id->len);
	p += id->len;
	p = put_rand(p, randrkms);
	return (size_t)(p - out);
}

size_t mikey_label_ticket(uint8_t *out, uint32_t constant, uint8_t which,
			  const struct mikey_bytes *rand)
{
	uint8_t *p = put32(out, constant);

	*p++ = 0xff;
	p = put32(p, 0xffffffff);
	*p++ = which;
	p = put_rand(p, rand);
	return (size_t)(p - out);
}

int mikey_aes_cm(uint8_t alg, const uint8_t *key, const uint8_t *salt,
		 uint32_t csb_id, const uint8_t *t64, const uint8_t *in,
		 uint8_t *out, size_t len)
{
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;
	uint8_t iv[16];
	int n = 0, i, ret = -EIO;

	if (alg == MIKEY_ENCR_AES_CM_128)
		c = EVP_aes_128_ctr();
	else if (alg == MIKEY_ENCR_AES_CM_256)
		c = EVP_aes_256_ctr();
	else
		return -EINVAL;
	/* IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000 (RFC 3830 4.2.3) */
	memcpy(iv, salt, 14);
	iv[14] = iv[15] = 0;
	for (i = 0; i < 4; i++)
		iv[2 + i] ^= (uint8_t)(csb_id >> (24 - 8 * i));
	for (i = 0; i < 8; i++)
		iv[6 + i] ^= t64[i];
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	if (EVP_DecryptInit_ex(ctx, c, NULL, key, iv) &&
	    EVP_DecryptUpdate(ctx, out, &n, in, (int)len) &&
	    (size_t)n == len)
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(iv, sizeof(iv));
	return ret;
}

int mikey_t64(const struct mikey_pl *t, uint8_t *t64)
{
	memset(t64, 0, 8);
	if (t->data.len == 8)
		memcpy(t64, t->data.p, 8);
	else if (t->kind == MIKEY_TS_COUNTER && t->data.len == 4)
		memcpy(t64 + 4, t->data.p, 4);	/* leading zeros */
	else if (t->kind == MIKEY_TS_NTP_UTC_32 && t->data.len == 4)
		memcpy(t64, t->data.p, 4);	/* zero fraction */
	else
		return -EINVAL;
	return 0;
}

int mikey_mac(uint8_t alg, const uint8_t *key, size_t key_len,
	      const struct mikey_bytes *parts, unsigned int nparts,
	      uint8_t *mac)
{
	size_t mlen = 0;
	const char *digest;

	if (alg == MIKEY_MAC_HMAC_SHA1_160)
		digest = "SHA1";
	else if (alg == MIKEY_MAC_HMAC_SHA256_256)
		digest = "SHA256";
	else
		return -EINVAL;
	if (hmac(digest, key, key_len, parts, nparts, mac, &mlen) ||
	    (int)mlen != mikey_mac_len(alg))
		return -EIO;
	return 0;
}

int mikey_mac_check(uint8_t alg, const uint8_t *key, size_t key_len,
		    const struct mikey_bytes *parts, unsigned int nparts,
		    const struct mikey_bytes *mac)
{
	uint8_t want[EVP_MAX_MD_SIZE];
	int ret;

	if (mikey_mac_len(alg) <= 0 || mac->len != mikey_mac_len(alg))
		return -EINVAL;
	ret = mikey_mac(alg, key, key_len, parts, nparts, want);
	if (!ret && CRYPTO_memcmp(want, mac->p, mac->len))
		ret = -EBADMSG;
	OPENSSL_cleanse(want, sizeof(want));
	return ret;
}
