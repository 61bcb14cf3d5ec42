// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP engine's crypto glue (srtp_crypto.h) over the kernel crypto API.
 *
 * Per session key, at key time: an skcipher ctr(aes) or an aead gcm(aes),
 * each twice - the internal SIMD implementation (AES-NI, by driver name,
 * CRYPTO_ALG_INTERNAL), used when crypto_simd_usable(), and a synchronous
 * generic one for the rare times it is not (the public SIMD wrappers would
 * hand off to cryptd, which XDP cannot wait for) - with their requests;
 * and a keyed hmac(sha1) shash, whose init restores the precomputed
 * inner/outer state.  Nothing is allocated per packet.
 */
#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/internal/simd.h>
#include <crypto/skcipher.h>
#include <asm/simd.h>
#include <linux/kmod.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "srtp_crypto.h"

struct ms_srtp_tfm {
	union {
		struct crypto_skcipher *sk;
		struct crypto_aead *aead;
	};
	union {
		struct skcipher_request *skreq;
		struct aead_request *areq;
	};
};

struct ms_srtp_cipher {
	enum ms_srtp_cipher_kind kind;
	struct ms_srtp_tfm simd;	/* internal SIMD driver, may be absent */
	struct ms_srtp_tfm sync;	/* synchronous fallback */
	u8 aad[64];			/* AAD in two parts, joined (SRTCP) */
};

struct ms_srtp_auth {
	struct crypto_shash *tfm;
};

struct ms_srtp_prf {
	struct crypto_aes_ctx aes;
};

/*
 * Drivers by name, best first.  Asking the crypto API for a driver it does
 * not have runs modprobe (request_module), a process per name, so the lists
 * are searched once, at the first key, among the drivers already loaded
 * (CRYPTO_NOLOAD); the entry found is kept in ms_srtp_*_pick.
 *
 * Internal SIMD drivers: 6.11 renamed and added GCM ones; 6.1 has the last
 * entry of each list.
 */
static const char * const ms_srtp_simd_ctr[] = {
	"__ctr-aes-aesni",
};

static const char * const ms_srtp_simd_gcm[] = {
	"__generic-gcm-vaes-avx10_512",
	"__generic-gcm-vaes-avx10_256",
	"__generic-gcm-aesni-avx",
	"__generic-gcm-aesni",
};

/*
 * HMAC over the SIMD SHA-1 drivers (sha1_ssse3): "hmac(sha1)" alone would
 * keep an instance over sha1-generic made before sha1_ssse3 was loaded.
 * The last entry is that fallback.
 */
static const char * const ms_srtp_sha1_drivers[] = {
	"sha1-ni", "sha1-avx2", "sha1-avx", "sha1-ssse3", "sha1",
};

static const char * const ms_srtp_hmac_names[] = {
	"hmac(sha1-ni)", "hmac(sha1-avx2)", "hmac(sha1-avx)",
	"hmac(sha1-ssse3)", "hmac(sha1)",
};

/* Which entry of each list to use, found at the first key; -1: not yet. */
static int ms_srtp_hmac_pick = -1;
static int ms_srtp_ctr_pick = -1;
static int ms_srtp_gcm_pick = -1;
static bool ms_srtp_simd_loaded;	/* request_module() done */

static bool ms_srtp_has_simd(bool ctr, const char *name, u32 noload)
{
	u32 type = ctr ? CRYPTO_ALG_TYPE_SKCIPHER : CRYPTO_ALG_TYPE_AEAD;

	return crypto_has_alg(name, type | CRYPTO_ALG_INTERNAL,
			      CRYPTO_ALG_TYPE_MASK | CRYPTO_ALG_INTERNAL |
			      CRYPTO_ALG_ASYNC | noload);
}

/* Index of the internal SIMD driver to use, or the list size for none. */
static int ms_srtp_simd_pick(bool ctr)
{
	const char * const *names = ctr ? ms_srtp_simd_ctr : ms_srtp_simd_gcm;
	int n = ctr ? ARRAY_SIZE(ms_srtp_simd_ctr) :
		ARRAY_SIZE(ms_srtp_simd_gcm);
	int *pick = ctr ? &ms_srtp_ctr_pick : &ms_srtp_gcm_pick;
	int i = READ_ONCE(*pick);

	if (i >= 0)
		return i;
	for (i = 0; i < n; i++)
		if (ms_srtp_has_simd(ctr, names[i], CRYPTO_NOLOAD))
			break;
	/*
	 * None loaded.  The internal drivers have no module alias of their
	 * own; aesni-intel answers to "aes": ask for it once.
	 */
	if (i == n && !xchg(&ms_srtp_simd_loaded, true)) {
		request_module("crypto-aes");
		for (i = 0; i < n; i++)
			if (ms_srtp_has_simd(ctr, names[i], CRYPTO_NOLOAD))
				break;
	}
	/* Remember a driver; "none" is looked for again at the next key. */
	if (i < n)
		WRITE_ONCE(*pick, i);
	return i;
}

static int ms_srtp_sha1_pick(void)
{
	int i = READ_ONCE(ms_srtp_hmac_pick);
	int n = ARRAY_SIZE(ms_srtp_sha1_drivers);

	if (i >= 0)
		return i;
	/* Load sha1_ssse3 if it is not (no-op when loaded or no SSSE3). */
	crypto_has_shash("sha1-ssse3", 0, 0);
	for (i = 0; i < n - 1; i++)
		if (crypto_has_shash(ms_srtp_sha1_drivers[i], 0, CRYPTO_NOLOAD))
			break;
	WRITE_ONCE(ms_srtp_hmac_pick, i);
	return i;
}

void *ms_srtp_zalloc(size_t size)
{
	/* Charged to the memory cgroup of whoever configures the context. */
	return kzalloc(size, GFP_KERNEL_ACCOUNT);
}

void ms_srtp_free_sensitive(void *p, size_t size)
{
	kfree_sensitive(p);
}

void ms_srtp_wipe(void *p, size_t len)
{
	memzero_explicit(p, len);
}

int ms_srtp_memneq(const void *a, const void *b, size_t len)
{
	return crypto_memneq(a, b, len) != 0;
}

static int ms_srtp_tfm_alloc(struct ms_srtp_tfm *t,
			     enum ms_srtp_cipher_kind kind, const char *name,
			     u32 type, u32 mask)
{
	if (kind == MS_SRTP_CIPHER_CTR) {
		t->sk = crypto_alloc_skcipher(name, type, mask);
		if (IS_ERR(t->sk)) {
			int ret = PTR_ERR(t->sk);

			t->sk = NULL;
			return ret;
		}
		t->skreq = skcipher_request_alloc(t->sk, GFP_KERNEL_ACCOUNT);
		if (!t->skreq)
			return -ENOMEM;
		skcipher_request_set_callback(t->skreq, 0, NULL, NULL);
		return 0;
	}
	t->aead = crypto_alloc_aead(name, type, mask);
	if (IS_ERR(t->aead)) {
		int ret = PTR_ERR(t->aead);

		t->aead = NULL;
		return ret;
	}
	if (crypto_aead_setauthsize(t->aead, MS_SRTP_GCM_TAG_LEN) ||
	    crypto_aead_ivsize(t->aead) != 12)
		return -EINVAL;
	t->areq = aead_request_alloc(t->aead, GFP_KERNEL_ACCOUNT);
	if (!t->areq)
		return -ENOMEM;
	aead_request_set_callback(t->areq, 0, NULL, NULL);
	return 0;
}

static void ms_srtp_tfm_free(struct ms_srtp_tfm *t,
			     enum ms_srtp_cipher_kind kind)
{
	if (kind == MS_SRTP_CIPHER_CTR) {
		skcipher_request_free(t->skreq);
		crypto_free_skcipher(t->sk);
	} else {
		aead_request_free(t->areq);
		crypto_free_aead(t->aead);
	}
	t->sk = NULL;
	t->skreq = NULL;
}

static int ms_srtp_tfm_setkey(struct ms_srtp_tfm *t,
			      enum ms_srtp_cipher_kind kind,
			      const u8 *key, u32 key_len)
{
	if (!t->sk)
		return 0;
	if (kind == MS_SRTP_CIPHER_CTR)
		return crypto_skcipher_setkey(t->sk, key, key_len);
	return crypto_aead_setkey(t->aead, key, key_len);
}

/**
 * ms_srtp_cipher_alloc() - prepare AES-CTR or AES-GCM for one session key
 * @cp: where the object goes
 * @kind: CTR or GCM
 * @key: AES key
 * @key_len: 16 or 32
 *
 * Sleeps.  The internal SIMD driver is optional; the synchronous generic
 * one is not.
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_cipher_alloc(struct ms_srtp_cipher **cp,
			 enum ms_srtp_cipher_kind kind,
			 const u8 *key, u32 key_len)
{
	bool ctr = kind == MS_SRTP_CIPHER_CTR;
	const char * const *names = ctr ? ms_srtp_simd_ctr : ms_srtp_simd_gcm;
	int n = ctr ? ARRAY_SIZE(ms_srtp_simd_ctr) :
		ARRAY_SIZE(ms_srtp_simd_gcm);
	struct ms_srtp_cipher *c;
	int i, ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	c->kind = kind;
	i = ms_srtp_simd_pick(ctr);
	if (i < n &&
	    ms_srtp_tfm_alloc(&c->simd, kind, names[i], CRYPTO_ALG_INTERNAL,
			      CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC))
		ms_srtp_tfm_free(&c->simd, kind);	/* fallback only */
	ret = ms_srtp_tfm_alloc(&c->sync, kind,
				kind == MS_SRTP_CIPHER_CTR ? "ctr(aes)" :
							     "gcm(aes)",
				0, CRYPTO_ALG_ASYNC);
	if (!ret)
		ret = ms_srtp_cipher_setkey(c, key, key_len);
	if (ret) {
		ms_srtp_cipher_free(c);
		return ret;
	}
	*cp = c;
	return 0;
}

/**
 * ms_srtp_cipher_setkey() - change the key (key derivation rate != 0)
 * @c: cipher
 * @key: AES key
 * @key_len: 16 or 32
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_cipher_setkey(struct ms_srtp_cipher *c, const u8 *key,
			  u32 key_len)
{
	int ret;

	ret = ms_srtp_tfm_setkey(&c->simd, c->kind, key, key_len);
	if (!ret)
		ret = ms_srtp_tfm_setkey(&c->sync, c->kind, key, key_len);
	return ret;
}

/**
 * ms_srtp_cipher_free() - free a cipher; the crypto API wipes the keys
 * @c: cipher, may be NULL
 */
void ms_srtp_cipher_free(struct ms_srtp_cipher *c)
{
	if (!c)
		return;
	ms_srtp_tfm_free(&c->simd, c->kind);
	ms_srtp_tfm_free(&c->sync, c->kind);
	kfree_sensitive(c);
}

/**
 * ms_srtp_cipher_driver() - the driver packets normally go through
 * @c: cipher
 *
 * Return: the crypto driver name of the SIMD tfm, else the fallback's.
 */
const char *ms_srtp_cipher_driver(const struct ms_srtp_cipher *c)
{
	const struct ms_srtp_tfm *t = c->simd.sk ? &c->simd : &c->sync;

	if (c->kind == MS_SRTP_CIPHER_CTR)
		return crypto_tfm_alg_driver_name(crypto_skcipher_tfm(t->sk));
	return crypto_tfm_alg_driver_name(crypto_aead_tfm(t->aead));
}

static struct ms_srtp_tfm *ms_srtp_pick(struct ms_srtp_cipher *c)
{
	if (c->simd.sk && crypto_simd_usable())
		return &c->simd;
	return &c->sync;
}

/**
 * ms_srtp_ctr_xor() - XOR the AES-CTR keystream into a buffer, in place
 * @c: cipher
 * @iv: initial counter block
 * @buf: data (linear kernel memory)
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_ctr_xor(struct ms_srtp_cipher *c, const u8 iv[16],
		    u8 *buf, u32 len)
{
	struct ms_srtp_tfm *t = ms_srtp_pick(c);
	struct scatterlist sg;
	u8 ctr[16];
	int ret;

	if (!len)
		return 0;
	memcpy(ctr, iv, sizeof(ctr));
	sg_init_one(&sg, buf, len);
	skcipher_request_set_crypt(t->skreq, &sg, &sg, len, ctr);
	ret = crypto_skcipher_encrypt(t->skreq);
	return ret == -EINPROGRESS || ret == -EBUSY ? -EIO : ret;
}

static int ms_srtp_gcm(struct ms_srtp_cipher *c, bool seal, const u8 iv[12],
		       const u8 *aad1, u32 aad1_len,
		       const u8 *aad2, u32 aad2_len,
		       u8 *buf, u32 len, u8 *tag)
{
	struct ms_srtp_tfm *t = ms_srtp_pick(c);
	struct scatterlist sg[4];
	unsigned int n = 0;
	u8 nonce[16];
	int ret;

	sg_init_table(sg, ARRAY_SIZE(sg));
	/*
	 * The AES-NI GCM driver copies AAD that spans scatterlist entries
	 * into a buffer it allocates per request: give it one piece when
	 * the AAD is short (SRTCP: header and index).  Only unencrypted SRTCP
	 * with a long packet as AAD still comes in two.
	 */
	if (aad2_len && aad1_len + aad2_len <= sizeof(c->aad)) {
		memcpy(c->aad, aad1, aad1_len);
		memcpy(c->aad + aad1_len, aad2, aad2_len);
		sg_set_buf(&sg[n++], c->aad, aad1_len + aad2_len);
	} else {
		if (aad1_len)
			sg_set_buf(&sg[n++], aad1, aad1_len);
		if (aad2_len)
			sg_set_buf(&sg[n++], aad2, aad2_len);
	}
	if (len)
		sg_set_buf(&sg[n++], buf, len);
	sg_set_buf(&sg[n++], tag, MS_SRTP_GCM_TAG_LEN);
	sg_mark_end(&sg[n - 1]);
	memcpy(nonce, iv, 12);
	aead_request_set_crypt(t->areq, sg, sg,
			       len + (seal ? 0 : MS_SRTP_GCM_TAG_LEN), nonce);
	aead_request_set_ad(t->areq, aad1_len + aad2_len);
	ret = seal ? crypto_aead_encrypt(t->areq) :
		     crypto_aead_decrypt(t->areq);
	return ret == -EINPROGRESS || ret == -EBUSY ? -EIO : ret;
}

/**
 * ms_srtp_gcm_seal() - AES-GCM encrypt in place and write the tag
 * @c: cipher
 * @iv: 12-byte IV
 * @aad1: first part of the associated data
 * @aad1_len: its length
 * @aad2: second part
 * @aad2_len: its length
 * @buf: plaintext, becomes ciphertext
 * @len: its length
 * @tag: 16 bytes
 *
 * All buffers must be linear kernel memory (not the stack).
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_gcm_seal(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, u8 *tag)
{
	return ms_srtp_gcm(c, true, iv, aad1, aad1_len, aad2, aad2_len,
			   buf, len, tag);
}

/**
 * ms_srtp_gcm_open() - verify the tag and AES-GCM decrypt in place
 * @c: cipher
 * @iv: 12-byte IV
 * @aad1: first part of the associated data
 * @aad1_len: its length
 * @aad2: second part
 * @aad2_len: its length
 * @buf: ciphertext, becomes plaintext
 * @len: its length
 * @tag: 16 bytes
 *
 * Return: 0, -EBADMSG for a wrong tag, or another negative errno.
 */
int ms_srtp_gcm_open(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, const u8 *tag)
{
	return ms_srtp_gcm(c, false, iv, aad1, aad1_len, aad2, aad2_len,
			   buf, len, (u8 *)tag);
}

/**
 * ms_srtp_auth_alloc() - prepare HMAC-SHA1 for one session key
 * @ap: where the object goes
 * @key: HMAC key
 * @key_len: its length
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_auth_alloc(struct ms_srtp_auth **ap, const u8 *key, u32 key_len)
{
	int i = ms_srtp_sha1_pick(), ret;
	struct ms_srtp_auth *a;

	a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
	if (!a)
		return -ENOMEM;
	a->tfm = crypto_alloc_shash(ms_srtp_hmac_names[i], 0, CRYPTO_NOLOAD);
	if (IS_ERR(a->tfm))
		a->tfm = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(a->tfm)) {
		ret = PTR_ERR(a->tfm);
		kfree(a);
		return ret;
	}
	ret = ms_srtp_auth_setkey(a, key, key_len);
	if (ret) {
		ms_srtp_auth_free(a);
		return ret;
	}
	*ap = a;
	return 0;
}

/**
 * ms_srtp_auth_setkey() - change the HMAC key (computes the pad states)
 * @a: HMAC
 * @key: key
 * @key_len: its length
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_auth_setkey(struct ms_srtp_auth *a, const u8 *key, u32 key_len)
{
	return crypto_shash_setkey(a->tfm, key, key_len);
}

/**
 * ms_srtp_auth_free() - free an HMAC; the crypto API wipes its state
 * @a: HMAC, may be NULL
 */
void ms_srtp_auth_free(struct ms_srtp_auth *a)
{
	if (!a)
		return;
	crypto_free_shash(a->tfm);
	kfree_sensitive(a);
}

/**
 * ms_srtp_auth_driver() - the HMAC driver
 * @a: HMAC
 *
 * Return: its crypto driver name, e.g. "hmac(sha1-ni)".
 */
const char *ms_srtp_auth_driver(const struct ms_srtp_auth *a)
{
	return crypto_tfm_alg_driver_name(crypto_shash_tfm(a->tfm));
}

/**
 * ms_srtp_hmac_sha1() - HMAC-SHA1 over two pieces
 * @a: HMAC
 * @d1: first piece
 * @l1: its length
 * @d2: second piece, may be NULL when @l2 is 0
 * @l2: its length
 * @out: 20 bytes
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_hmac_sha1(struct ms_srtp_auth *a, const u8 *d1, u32 l1,
		      const u8 *d2, u32 l2, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, a->tfm);
	int ret;

	desc->tfm = a->tfm;
	ret = crypto_shash_init(desc);
	if (!ret)
		ret = crypto_shash_update(desc, d1, l1);
	if (!ret && l2)
		ret = crypto_shash_update(desc, d2, l2);
	if (!ret)
		ret = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/**
 * ms_srtp_prf_alloc() - expand a master key for the key derivation PRF
 * @pp: where the object goes
 * @key: master key
 * @key_len: 16 or 32
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_prf_alloc(struct ms_srtp_prf **pp, const u8 *key, u32 key_len)
{
	struct ms_srtp_prf *p;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	ret = aes_expandkey(&p->aes, key, key_len);
	if (ret) {
		kfree_sensitive(p);
		return ret;
	}
	*pp = p;
	return 0;
}

/**
 * ms_srtp_prf_free() - wipe and free a PRF
 * @p: PRF, may be NULL
 */
void ms_srtp_prf_free(struct ms_srtp_prf *p)
{
	kfree_sensitive(p);
}

/**
 * ms_srtp_prf_block() - one AES block under the master key
 * @p: PRF
 * @in: 16 bytes
 * @out: 16 bytes
 *
 * Return: 0.
 */
int ms_srtp_prf_block(struct ms_srtp_prf *p, const u8 in[16], u8 out[16])
{
	aes_encrypt(&p->aes, out, in);
	return 0;
}
