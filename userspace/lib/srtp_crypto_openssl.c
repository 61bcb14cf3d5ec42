// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP engine's crypto glue (kmod/srtp_crypto.h) over OpenSSL 3
 * libcrypto, for the native build of the engine (tests, fuzzing, bench).
 *
 * Contexts are keyed once and never re-keyed per packet.  AES-CTR is
 * AES-ECB (keyed once, no IV state) over a run of counter blocks, XORed
 * into the data: one EVP call per packet and no per-packet IV re-init,
 * which costs more than the AES itself on a short packet with OpenSSL 3.0.
 * AES-GCM sets only the new IV per packet.  HMAC-SHA1 runs from the inner
 * and outer SHA-1 states precomputed at key time.
 *
 * The whole file is empty unless MEDIASEC_NATIVE is defined, so that the
 * build of the CLI, which compiles every C file in userspace/lib, is not
 * affected.
 */
#ifdef MEDIASEC_NATIVE

#define OPENSSL_SUPPRESS_DEPRECATED	/* SHA1_Init & co. for HMAC states */

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "../../kmod/srtp_crypto.h"

#define MS_SRTP_CTR_CHUNK	1024	/* keystream bytes per ECB call */

struct ms_srtp_cipher {
	enum ms_srtp_cipher_kind kind;
	EVP_CIPHER_CTX *enc;	/* CTR: AES-ECB; GCM: AES-GCM encrypt */
	EVP_CIPHER_CTX *dec;	/* GCM only */
	const EVP_CIPHER *alg;
	u8 blocks[MS_SRTP_CTR_CHUNK];	/* CTR: counter blocks */
	u8 ks[MS_SRTP_CTR_CHUNK];	/* CTR: their encryption */
};

struct ms_srtp_auth {
	SHA_CTX inner;
	SHA_CTX outer;
};

struct ms_srtp_prf {
	EVP_CIPHER_CTX *ecb;
};

void *ms_srtp_zalloc(size_t size)
{
	return calloc(1, size);
}

void ms_srtp_free_sensitive(void *p, size_t size)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, size);
	free(p);
}

void ms_srtp_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

int ms_srtp_memneq(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) != 0;
}

static const EVP_CIPHER *ms_srtp_evp(enum ms_srtp_cipher_kind kind,
				     u32 key_len)
{
	if (kind == MS_SRTP_CIPHER_CTR)
		return key_len == 16 ? EVP_aes_128_ecb() :
		       key_len == 32 ? EVP_aes_256_ecb() : NULL;
	return key_len == 16 ? EVP_aes_128_gcm() :
	       key_len == 32 ? EVP_aes_256_gcm() : NULL;
}

int ms_srtp_cipher_setkey(struct ms_srtp_cipher *c, const u8 *key,
			  u32 key_len)
{
	const EVP_CIPHER *alg = ms_srtp_evp(c->kind, key_len);

	if (!alg)
		return -EINVAL;
	c->alg = alg;
	if (!EVP_EncryptInit_ex(c->enc, alg, NULL, key, NULL))
		return -EINVAL;
	if (c->kind == MS_SRTP_CIPHER_CTR &&
	    !EVP_CIPHER_CTX_set_padding(c->enc, 0))
		return -EINVAL;
	if (c->dec && !EVP_DecryptInit_ex(c->dec, alg, NULL, key, NULL))
		return -EINVAL;
	return 0;
}

int ms_srtp_cipher_alloc(struct ms_srtp_cipher **cp,
			 enum ms_srtp_cipher_kind kind,
			 const u8 *key, u32 key_len)
{
	struct ms_srtp_cipher *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	c->kind = kind;
	c->enc = EVP_CIPHER_CTX_new();
	if (kind == MS_SRTP_CIPHER_GCM)
		c->dec = EVP_CIPHER_CTX_new();
	if (!c->enc || (kind == MS_SRTP_CIPHER_GCM && !c->dec)) {
		ms_srtp_cipher_free(c);
		return -ENOMEM;
	}
	ret = ms_srtp_cipher_setkey(c, key, key_len);
	if (ret) {
		ms_srtp_cipher_free(c);
		return ret;
	}
	*cp = c;
	return 0;
}

void ms_srtp_cipher_free(struct ms_srtp_cipher *c)
{
	if (!c)
		return;
	EVP_CIPHER_CTX_free(c->enc);	/* cleanses the key schedule */
	EVP_CIPHER_CTX_free(c->dec);
	ms_srtp_free_sensitive(c, sizeof(*c));
}

const char *ms_srtp_cipher_driver(const struct ms_srtp_cipher *c)
{
	return c->alg ? EVP_CIPHER_get0_name(c->alg) : "none";
}

static inline u64 ms_be64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static inline void ms_put64(u64 v, u8 *p)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

int ms_srtp_ctr_xor(struct ms_srtp_cipher *c, const u8 iv[16],
		    u8 *buf, u32 len)
{
	u64 hi = ms_be64(iv), lo = ms_be64(iv + 8), a, b;
	u32 n, nb, i;
	int out;

	while (len) {
		n = len < MS_SRTP_CTR_CHUNK ? len : MS_SRTP_CTR_CHUNK;
		nb = (n + 15) / 16;
		for (i = 0; i < nb; i++) {	/* 128-bit big-endian counter */
			ms_put64(hi, c->blocks + 16 * i);
			ms_put64(lo, c->blocks + 16 * i + 8);
			if (!++lo)
				hi++;
		}
		if (!EVP_EncryptUpdate(c->enc, c->ks, &out, c->blocks,
				       (int)(16 * nb)))
			return -EIO;
		for (i = 0; i + 8 <= n; i += 8) {
			memcpy(&a, buf + i, 8);
			memcpy(&b, c->ks + i, 8);
			a ^= b;
			memcpy(buf + i, &a, 8);
		}
		for (; i < n; i++)
			buf[i] ^= c->ks[i];
		buf += n;
		len -= n;
	}
	return 0;
}

/* The tag through the provider's parameter, cheaper than the ctrl. */
static int ms_srtp_gcm_tag(EVP_CIPHER_CTX *x, u8 *tag, bool set)
{
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
						 tag, MS_SRTP_GCM_TAG_LEN);
	p[1] = OSSL_PARAM_construct_end();
	return set ? EVP_CIPHER_CTX_set_params(x, p) :
		     EVP_CIPHER_CTX_get_params(x, p);
}

int ms_srtp_gcm_seal(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, u8 *tag)
{
	EVP_CIPHER_CTX *x = c->enc;
	int out;

	if (!EVP_EncryptInit_ex2(x, NULL, NULL, iv, NULL) ||
	    (aad1_len && !EVP_EncryptUpdate(x, NULL, &out, aad1,
					    (int)aad1_len)) ||
	    (aad2_len && !EVP_EncryptUpdate(x, NULL, &out, aad2,
					    (int)aad2_len)) ||
	    (len && !EVP_EncryptUpdate(x, buf, &out, buf, (int)len)) ||
	    !EVP_EncryptFinal_ex(x, buf + len, &out) ||
	    !ms_srtp_gcm_tag(x, tag, false))
		return -EIO;
	return 0;
}

int ms_srtp_gcm_open(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, const u8 *tag)
{
	EVP_CIPHER_CTX *x = c->dec;
	u8 t[MS_SRTP_GCM_TAG_LEN];
	int out;

	memcpy(t, tag, sizeof(t));
	if (!EVP_DecryptInit_ex2(x, NULL, NULL, iv, NULL) ||
	    (aad1_len && !EVP_DecryptUpdate(x, NULL, &out, aad1,
					    (int)aad1_len)) ||
	    (aad2_len && !EVP_DecryptUpdate(x, NULL, &out, aad2,
					    (int)aad2_len)) ||
	    (len && !EVP_DecryptUpdate(x, buf, &out, buf, (int)len)) ||
	    !ms_srtp_gcm_tag(x, t, true))
		return -EIO;
	/* The tag compare inside is constant time (CRYPTO_memcmp). */
	if (EVP_DecryptFinal_ex(x, buf + len, &out) <= 0)
		return -EBADMSG;
	return 0;
}

int ms_srtp_auth_setkey(struct ms_srtp_auth *a, const u8 *key, u32 key_len)
{
	u8 pad[SHA_CBLOCK];
	u32 i;

	if (key_len > SHA_CBLOCK)
		return -EINVAL;
	memset(pad, 0x36, sizeof(pad));
	for (i = 0; i < key_len; i++)
		pad[i] ^= key[i];
	SHA1_Init(&a->inner);
	SHA1_Update(&a->inner, pad, sizeof(pad));
	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	SHA1_Init(&a->outer);
	SHA1_Update(&a->outer, pad, sizeof(pad));
	OPENSSL_cleanse(pad, sizeof(pad));
	return 0;
}

int ms_srtp_auth_alloc(struct ms_srtp_auth **ap, const u8 *key, u32 key_len)
{
	struct ms_srtp_auth *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return -ENOMEM;
	ret = ms_srtp_auth_setkey(a, key, key_len);
	if (ret) {
		ms_srtp_auth_free(a);
		return ret;
	}
	*ap = a;
	return 0;
}

void ms_srtp_auth_free(struct ms_srtp_auth *a)
{
	ms_srtp_free_sensitive(a, sizeof(*a));
}

const char *ms_srtp_auth_driver(const struct ms_srtp_auth *a)
{
	(void)a;
	return "openssl-sha1-hmac-precomputed";
}

int ms_srtp_hmac_sha1(struct ms_srtp_auth *a, const u8 *d1, u32 l1,
		      const u8 *d2, u32 l2, u8 *out)
{
	u8 md[SHA_DIGEST_LENGTH];
	SHA_CTX c = a->inner;

	SHA1_Update(&c, d1, l1);
	if (l2)
		SHA1_Update(&c, d2, l2);
	SHA1_Final(md, &c);
	c = a->outer;
	SHA1_Update(&c, md, sizeof(md));
	SHA1_Final(out, &c);
	/* The copies are key-equivalent: leave none on the stack. */
	OPENSSL_cleanse(&c, sizeof(c));
	OPENSSL_cleanse(md, sizeof(md));
	return 0;
}

int ms_srtp_prf_alloc(struct ms_srtp_prf **pp, const u8 *key, u32 key_len)
{
	struct ms_srtp_prf *p = calloc(1, sizeof(*p));
	const EVP_CIPHER *alg = key_len == 16 ? EVP_aes_128_ecb() :
				key_len == 32 ? EVP_aes_256_ecb() : NULL;

	if (!p)
		return -ENOMEM;
	p->ecb = EVP_CIPHER_CTX_new();
	if (!alg || !p->ecb ||
	    !EVP_EncryptInit_ex(p->ecb, alg, NULL, key, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(p->ecb, 0)) {
		ms_srtp_prf_free(p);
		return alg ? -ENOMEM : -EINVAL;
	}
	*pp = p;
	return 0;
}

void ms_srtp_prf_free(struct ms_srtp_prf *p)
{
	if (!p)
		return;
	EVP_CIPHER_CTX_free(p->ecb);
	free(p);
}

int ms_srtp_prf_block(struct ms_srtp_prf *p, const u8 in[16], u8 out[16])
{
	int n;

	if (!EVP_EncryptUpdate(p->ecb, out, &n, in, 16) || n != 16)
		return -EIO;
	return 0;
}

#endif /* MEDIASEC_NATIVE */
