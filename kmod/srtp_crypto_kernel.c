// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP engine's crypto glue (srtp_crypto.h) over the kernel crypto API,
 * lean in memory: a call holds tens of thousands of these.
 *
 * Per session key: one synchronous AES-CTR skcipher or AES-GCM aead (the
 * driver srtp_crypto_pick.c chooses for this architecture), the raw key
 * (32 bytes) for the fallback, and for HMAC-SHA1 only the two SHA-1 chaining
 * values after the inner and outer pads (2 x 20 bytes): one SHA-1 shash,
 * shared by all keys, resumes from them (crypto_shash_import() of a
 * struct sha1_state rebuilt on the stack: one block hashed, none
 * buffered).  Requests live in a
 * per-CPU scratch area, used with bottom halves off; nothing is allocated
 * per packet.
 *
 * Fallback: on x86 the SIMD drivers are the internal ones (AES-NI), which
 * must not run when crypto_simd_usable() is false (an interrupted kernel
 * FPU section); the public wrappers would hand off to cryptd, which XDP
 * cannot wait for.  Then AES-CTR and AES-GCM run here, constant time, from
 * the raw key: the AES library (lib/crypto/aes.c, table lookups spread over
 * the whole table) and a bitwise GHASH with masks, no table.  Rare and slow
 * by design.  The known-answer self-test runs every vector through both
 * paths at load; the module parameter crypto_fallback forces the fallback
 * for the tests that check it against libsrtp2.
 */
#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/internal/simd.h>
#include <crypto/sha1.h>
#include <crypto/skcipher.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <asm/simd.h>
#include <asm/unaligned.h>

#include "srtp_crypto.h"
#include "srtp_crypto_pick.h"

static bool ms_crypto_fallback;
module_param_named(crypto_fallback, ms_crypto_fallback, bool, 0644);
MODULE_PARM_DESC(crypto_fallback,
		 "tests only: run AES in the constant-time fallback even where SIMD is usable");

/* Requests and the fallback's key schedule: one per CPU, BH off. */
#define MS_REQ_MAX	512
struct ms_crypto_scratch {
	union {
		struct skcipher_request sk;
		struct aead_request aead;
		u8 bytes[MS_REQ_MAX];
	} req CRYPTO_MINALIGN_ATTR;
	struct crypto_aes_ctx aes;
	/*
	 * AAD in one piece for the GCM driver's scatterlist: kmalloc'ed,
	 * since per-CPU memory may lie in a vmalloc'ed chunk, which a
	 * scatterlist cannot describe.
	 */
	u8 *aad;
};

#define MS_AAD_MAX	64

static struct ms_crypto_scratch __percpu *ms_scratch;
static struct crypto_shash *ms_sha1;

struct ms_srtp_cipher {
	enum ms_srtp_cipher_kind kind;
	u8 key_len;
	bool fallback_ok;	/* the driver must not run without SIMD */
	union {
		struct crypto_skcipher *ctr;
		struct crypto_aead *gcm;
	};
	u8 key[AES_MAX_KEY_SIZE];
};

/* SHA-1 chaining values after one block of key ^ ipad, of key ^ opad. */
struct ms_srtp_auth {
	u32 ipad[SHA1_DIGEST_SIZE / 4];
	u32 opad[SHA1_DIGEST_SIZE / 4];
};

struct ms_srtp_prf {
	struct crypto_aes_ctx aes;
};

/**
 * ms_srtp_crypto_init() - the per-CPU scratch and the shared SHA-1
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_crypto_init(void)
{
	int cpu;

	ms_scratch = alloc_percpu(struct ms_crypto_scratch);
	if (!ms_scratch)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		u8 *aad = kmalloc_node(MS_AAD_MAX, GFP_KERNEL, cpu_to_node(cpu));

		if (!aad) {
			ms_sha1 = NULL;
			ms_srtp_crypto_exit();
			return -ENOMEM;
		}
		per_cpu_ptr(ms_scratch, cpu)->aad = aad;
	}
	ms_sha1 = ms_crypto_alloc_sha1();
	if (IS_ERR(ms_sha1)) {
		int ret = PTR_ERR(ms_sha1);

		ms_sha1 = NULL;
		ms_srtp_crypto_exit();
		return ret;
	}
	if (crypto_shash_statesize(ms_sha1) != sizeof(struct sha1_state)) {
		ms_srtp_crypto_exit();
		return -EINVAL;
	}
	return 0;
}

/**
 * ms_srtp_crypto_exit() - free what ms_srtp_crypto_init() made
 */
void ms_srtp_crypto_exit(void)
{
	int cpu;

	if (ms_sha1)
		crypto_free_shash(ms_sha1);
	for_each_possible_cpu(cpu) {
		struct ms_crypto_scratch *s = per_cpu_ptr(ms_scratch, cpu);

		kfree_sensitive(s->aad);
		memzero_explicit(s, sizeof(*s));
	}
	free_percpu(ms_scratch);
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

/**
 * ms_srtp_cipher_alloc() - prepare AES-CTR or AES-GCM for one session key
 * @cp: where the object goes
 * @kind: CTR or GCM
 * @key: AES key
 * @key_len: 16 or 32
 *
 * Sleeps.
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_cipher_alloc(struct ms_srtp_cipher **cp,
			 enum ms_srtp_cipher_kind kind,
			 const u8 *key, u32 key_len)
{
	struct ms_srtp_cipher *c;
	unsigned int reqsize;
	int ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	c->kind = kind;
	if (kind == MS_SRTP_CIPHER_CTR) {
		c->ctr = ms_crypto_alloc_ctr(&c->fallback_ok);
		ret = PTR_ERR_OR_ZERO(c->ctr);
		reqsize = ret ? 0 : sizeof(struct skcipher_request) +
				    crypto_skcipher_reqsize(c->ctr);
	} else {
		c->gcm = ms_crypto_alloc_gcm(&c->fallback_ok);
		ret = PTR_ERR_OR_ZERO(c->gcm);
		if (!ret)
			ret = crypto_aead_setauthsize(c->gcm,
						      MS_SRTP_GCM_TAG_LEN);
		reqsize = ret ? 0 : sizeof(struct aead_request) +
				    crypto_aead_reqsize(c->gcm);
	}
	if (ret) {
		c->ctr = NULL;
		goto err_free;
	}
	/* The request is built in the per-CPU scratch: it must fit. */
	ret = -EOPNOTSUPP;
	if (reqsize > MS_REQ_MAX)
		goto err_free;
	ret = ms_srtp_cipher_setkey(c, key, key_len);
	if (ret)
		goto err_free;
	*cp = c;
	return 0;

err_free:
	ms_srtp_cipher_free(c);
	return ret;
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

	if (key_len != AES_KEYSIZE_128 && key_len != AES_KEYSIZE_256)
		return -EINVAL;
	ret = c->kind == MS_SRTP_CIPHER_CTR ?
	      crypto_skcipher_setkey(c->ctr, key, key_len) :
	      crypto_aead_setkey(c->gcm, key, key_len);
	if (ret)
		return ret;
	memcpy(c->key, key, key_len);
	c->key_len = key_len;
	return 0;
}

/**
 * ms_srtp_cipher_free() - free a cipher and wipe its key
 * @c: cipher, may be NULL
 */
void ms_srtp_cipher_free(struct ms_srtp_cipher *c)
{
	if (!c)
		return;
	if (c->kind == MS_SRTP_CIPHER_CTR)
		crypto_free_skcipher(c->ctr);	/* NULL-safe; wipes its key */
	else
		crypto_free_aead(c->gcm);
	kfree_sensitive(c);
}

/**
 * ms_srtp_cipher_driver() - the driver packets normally go through
 * @c: cipher
 *
 * Return: its crypto driver name, e.g. "__ctr-aes-aesni".
 */
const char *ms_srtp_cipher_driver(const struct ms_srtp_cipher *c)
{
	if (c->kind == MS_SRTP_CIPHER_CTR)
		return crypto_tfm_alg_driver_name(crypto_skcipher_tfm(c->ctr));
	return crypto_tfm_alg_driver_name(crypto_aead_tfm(c->gcm));
}

/**
 * ms_srtp_crypto_set_fallback() - run every cipher in the fallback, or not
 * @on: force the fallback
 *
 * For the self-test at load (and the crypto_fallback parameter's tests).
 */
void ms_srtp_crypto_set_fallback(bool on)
{
	WRITE_ONCE(ms_crypto_fallback, on);
}

/* Run the driver, or the fallback? */
/*
 * The fallback also runs on memory a scatterlist cannot describe: a packet
 * in vmalloc'ed memory (an AF_XDP zero-copy umem is vmap()'ed in 6.1), where
 * virt_to_page() would name another page.  It works on virtual addresses.
 */
static bool ms_use_fallback(const struct ms_srtp_cipher *c, const u8 *buf)
{
	if (unlikely(!virt_addr_valid(buf)))
		return true;
	return c->fallback_ok &&
	       (READ_ONCE(ms_crypto_fallback) || !crypto_simd_usable());
}

static void ms_ctr_inc(u8 ctr[AES_BLOCK_SIZE])
{
	int i;

	for (i = AES_BLOCK_SIZE - 1; i >= 0 && !++ctr[i]; i--)
		;
}

/* AES-CTR from @ctr over @buf with the AES library; BH off. */
static void ms_fallback_ctr(const struct crypto_aes_ctx *aes, u8 *ctr,
			    u8 *buf, u32 len, bool inc32)
{
	u8 ks[AES_BLOCK_SIZE];
	u32 n, i;

	while (len) {
		aes_encrypt(aes, ks, ctr);
		n = min_t(u32, len, AES_BLOCK_SIZE);
		for (i = 0; i < n; i++)
			buf[i] ^= ks[i];
		buf += n;
		len -= n;
		if (inc32)	/* GCM: the last 32 bits only (SP 800-38D) */
			put_unaligned_be32(get_unaligned_be32(ctr + 12) + 1,
					   ctr + 12);
		else
			ms_ctr_inc(ctr);
	}
	memzero_explicit(ks, sizeof(ks));
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
	struct ms_crypto_scratch *s;
	struct scatterlist sg;
	u8 ctr[AES_BLOCK_SIZE];
	int ret = 0;

	if (!len)
		return 0;
	memcpy(ctr, iv, sizeof(ctr));
	local_bh_disable();
	s = this_cpu_ptr(ms_scratch);
	if (ms_use_fallback(c, buf)) {
		ret = aes_expandkey(&s->aes, c->key, c->key_len);
		if (!ret)
			ms_fallback_ctr(&s->aes, ctr, buf, len, false);
		memzero_explicit(&s->aes, sizeof(s->aes));
	} else {
		sg_init_one(&sg, buf, len);
		skcipher_request_set_tfm(&s->req.sk, c->ctr);
		skcipher_request_set_callback(&s->req.sk, 0, NULL, NULL);
		skcipher_request_set_crypt(&s->req.sk, &sg, &sg, len, ctr);
		ret = crypto_skcipher_encrypt(&s->req.sk);
	}
	local_bh_enable();
	return ret == -EINPROGRESS || ret == -EBUSY ? -EIO : ret;
}

/*
 * X = X * H in GF(2^128), GCM's bit order (SP 800-38D, algorithm 1), in
 * constant time: every bit of X and every reduction is a mask, not a
 * branch or a table index.
 */
static void ms_gf128_mul(u8 x[16], const u8 h[16])
{
	u64 zh = 0, zl = 0, vh = get_unaligned_be64(h);
	u64 vl = get_unaligned_be64(h + 8), m;
	int i;

	for (i = 0; i < 128; i++) {
		m = -(u64)((x[i / 8] >> (7 - i % 8)) & 1);
		zh ^= vh & m;
		zl ^= vl & m;
		m = -(vl & 1);
		vl = (vl >> 1) | (vh << 63);
		vh = (vh >> 1) ^ (0xe100000000000000ULL & m);
	}
	put_unaligned_be64(zh, x);
	put_unaligned_be64(zl, x + 8);
}

/*
 * GHASH of the string @d1 || @d2, zero-padded to a whole block at its end
 * only (the AAD of SRTCP comes in two pieces: header, then E and index).
 */
static void ms_ghash(u8 y[16], const u8 h[16], const u8 *d1, u32 l1,
		     const u8 *d2, u32 l2)
{
	u32 i, pos = 0;

	for (i = 0; i < l1 + l2; i++) {
		y[pos++] ^= i < l1 ? d1[i] : d2[i - l1];
		if (pos == 16) {
			ms_gf128_mul(y, h);
			pos = 0;
		}
	}
	if (pos)
		ms_gf128_mul(y, h);
}

/* AES-GCM with the AES library and the bitwise GHASH; BH off. */
static int ms_fallback_gcm(struct ms_srtp_cipher *c,
			   struct ms_crypto_scratch *s, bool seal,
			   const u8 iv[12], const u8 *aad, u32 aad_len,
			   const u8 *aad2, u32 aad2_len, u8 *buf, u32 len,
			   u8 *tag)
{
	u8 h[16] = { 0 }, j0[16], y[16] = { 0 }, lens[16], ek0[16];
	int ret;

	ret = aes_expandkey(&s->aes, c->key, c->key_len);
	if (ret)
		goto out;
	aes_encrypt(&s->aes, h, h);
	memcpy(j0, iv, 12);
	put_unaligned_be32(1, j0 + 12);
	aes_encrypt(&s->aes, ek0, j0);
	put_unaligned_be32(2, j0 + 12);
	/* GHASH over the AAD (both parts, one string), then the text. */
	ms_ghash(y, h, aad, aad_len, aad2, aad2_len);
	aad_len += aad2_len;
	if (!seal)
		ms_ghash(y, h, buf, len, NULL, 0);
	put_unaligned_be64((u64)aad_len * 8, lens);
	put_unaligned_be64((u64)len * 8, lens + 8);
	if (seal) {
		ms_fallback_ctr(&s->aes, j0, buf, len, true);
		ms_ghash(y, h, buf, len, NULL, 0);
	}
	ms_ghash(y, h, lens, 16, NULL, 0);
	crypto_xor(y, ek0, 16);
	ret = 0;
	if (seal)
		memcpy(tag, y, 16);
	else if (crypto_memneq(y, tag, 16))
		ret = -EBADMSG;
	else
		ms_fallback_ctr(&s->aes, j0, buf, len, true);
out:
	memzero_explicit(&s->aes, sizeof(s->aes));
	memzero_explicit(h, sizeof(h));
	memzero_explicit(ek0, sizeof(ek0));
	memzero_explicit(y, sizeof(y));
	return ret;
}

/*
 * The scatterlist of one GCM request, in @sg[4].  SRTP (RFC 7714 8.1):
 * header, payload and tag lie in one piece: one entry, one step of the
 * driver's walk.  Else the AES-NI GCM driver copies AAD that spans
 * entries into a buffer it allocates per request: give it one piece when
 * the AAD is short (SRTCP: header and index).  Only unencrypted SRTCP with
 * a long packet as AAD still comes in two.
 */
static void ms_gcm_sg(struct scatterlist *sg, struct ms_crypto_scratch *s,
		      const u8 *aad1, u32 aad1_len, const u8 *aad2,
		      u32 aad2_len, u8 *buf, u32 len, u8 *tag)
{
	unsigned int n = 0;

	if (!aad2_len && aad1 + aad1_len == buf && buf + len == tag) {
		sg_init_one(sg, aad1, aad1_len + len + MS_SRTP_GCM_TAG_LEN);
		return;
	}
	sg_init_table(sg, 4);
	if (aad2_len && aad1_len + aad2_len <= MS_AAD_MAX) {
		memcpy(s->aad, aad1, aad1_len);
		memcpy(s->aad + aad1_len, aad2, aad2_len);
		sg_set_buf(&sg[n++], s->aad, aad1_len + aad2_len);
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
}

static int ms_srtp_gcm(struct ms_srtp_cipher *c, bool seal, const u8 iv[12],
		       const u8 *aad1, u32 aad1_len,
		       const u8 *aad2, u32 aad2_len,
		       u8 *buf, u32 len, u8 *tag)
{
	struct ms_crypto_scratch *s;
	struct scatterlist sg[4];
	u8 nonce[16];
	int ret;

	local_bh_disable();
	s = this_cpu_ptr(ms_scratch);
	if (ms_use_fallback(c, aad1_len ? aad1 : buf)) {
		ret = ms_fallback_gcm(c, s, seal, iv, aad1, aad1_len, aad2,
				      aad2_len, buf, len, tag);
		goto out;
	}
	ms_gcm_sg(sg, s, aad1, aad1_len, aad2, aad2_len, buf, len, tag);
	memcpy(nonce, iv, 12);
	aead_request_set_tfm(&s->req.aead, c->gcm);
	aead_request_set_callback(&s->req.aead, 0, NULL, NULL);
	aead_request_set_crypt(&s->req.aead, sg, sg,
			       len + (seal ? 0 : MS_SRTP_GCM_TAG_LEN), nonce);
	aead_request_set_ad(&s->req.aead, aad1_len + aad2_len);
	ret = seal ? crypto_aead_encrypt(&s->req.aead) :
		     crypto_aead_decrypt(&s->req.aead);
out:
	local_bh_enable();
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
	struct ms_srtp_auth *a;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
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

/* SHA-1 of one block, @pad: the chaining value to resume from. */
static int ms_sha1_pad_state(struct shash_desc *desc, const u8 *pad,
			     u32 *h)
{
	struct sha1_state st;
	int ret;

	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, pad, SHA1_BLOCK_SIZE) ?:
	      crypto_shash_export(desc, &st);
	if (!ret)
		memcpy(h, st.state, SHA1_DIGEST_SIZE);
	memzero_explicit(&st, sizeof(st));
	return ret;
}

/* Resume SHA-1 after one block whose chaining value is @h. */
static int ms_sha1_resume(struct shash_desc *desc, const u32 *h,
			  struct sha1_state *st)
{
	memset(st, 0, sizeof(*st));
	memcpy(st->state, h, SHA1_DIGEST_SIZE);
	st->count = SHA1_BLOCK_SIZE;
	return crypto_shash_import(desc, st);
}

/**
 * ms_srtp_auth_setkey() - change the HMAC key (RFC 2104 pad states)
 * @a: HMAC
 * @key: key, at most one SHA-1 block (SRTP's are 20 bytes)
 * @key_len: its length
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_auth_setkey(struct ms_srtp_auth *a, const u8 *key, u32 key_len)
{
	SHASH_DESC_ON_STACK(desc, ms_sha1);
	u8 pad[SHA1_BLOCK_SIZE];
	int i, ret;

	if (key_len > SHA1_BLOCK_SIZE)
		return -EINVAL;
	desc->tfm = ms_sha1;
	memset(pad, 0, sizeof(pad));
	memcpy(pad, key, key_len);
	for (i = 0; i < SHA1_BLOCK_SIZE; i++)
		pad[i] ^= 0x36;
	ret = ms_sha1_pad_state(desc, pad, a->ipad);
	for (i = 0; i < SHA1_BLOCK_SIZE; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	if (!ret)
		ret = ms_sha1_pad_state(desc, pad, a->opad);
	memzero_explicit(pad, sizeof(pad));
	shash_desc_zero(desc);
	return ret;
}

/**
 * ms_srtp_auth_free() - wipe and free an HMAC
 * @a: HMAC, may be NULL
 */
void ms_srtp_auth_free(struct ms_srtp_auth *a)
{
	kfree_sensitive(a);
}

/**
 * ms_srtp_auth_driver() - the SHA-1 driver every HMAC runs on
 * @a: HMAC
 *
 * Return: its crypto driver name, e.g. "sha1-ni".
 */
const char *ms_srtp_auth_driver(const struct ms_srtp_auth *a)
{
	return crypto_tfm_alg_driver_name(crypto_shash_tfm(ms_sha1));
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
	SHASH_DESC_ON_STACK(desc, ms_sha1);
	u8 inner[SHA1_DIGEST_SIZE];
	struct sha1_state st;
	int ret;

	desc->tfm = ms_sha1;
	ret = ms_sha1_resume(desc, a->ipad, &st) ?:
	      crypto_shash_update(desc, d1, l1) ?:
	      (l2 ? crypto_shash_update(desc, d2, l2) : 0) ?:
	      crypto_shash_final(desc, inner) ?:
	      ms_sha1_resume(desc, a->opad, &st) ?:
	      crypto_shash_finup(desc, inner, sizeof(inner), out);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(&st, sizeof(st));
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
