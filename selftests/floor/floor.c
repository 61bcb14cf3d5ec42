// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec_floor.ko: a test-only module, never installed, that gives the
 * kernel-engine benchmark its floor (make bench-kernel, docs/
 * performance.md "The module's crypto, in the guest").  Its one kfunc
 * protects or unprotects an RTP packet with the kernel crypto primitives
 * alone - the transforms mediasec.ko runs on, chosen by the same code
 * (srtp_crypto_pick.c): AES-CTR with HMAC-SHA1 from a keyed state
 * ("hmac(sha1)" over the same SHA-1 driver: the template resumes from the
 * chaining values after the pads, as mediasec.ko does), or AES-GCM.
 * Nothing else: no header parsing, no replay window, no index, no stream,
 * no lock, no statistics.  What mediasec.ko costs above this is what its
 * own code adds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/internal/simd.h>
#include <crypto/sha1.h>
#include <crypto/skcipher.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <net/xdp.h>
#include <asm/simd.h>

#include "compat.h"
#include "floor_kfunc.h"
#include "srtp_crypto_pick.h"

#define MS_FLOOR_KEY	16	/* AES-128 */
#define MS_FLOOR_AUTH	20	/* HMAC-SHA1 key */
#define MS_FLOOR_TAG_CM	10	/* HMAC-SHA1-80 */
#define MS_FLOOR_TAG_GCM 16
#define MS_FLOOR_REQ	512

struct ms_floor_req {
	union {
		struct skcipher_request sk;
		struct aead_request aead;
		u8 bytes[MS_FLOOR_REQ];
	} req CRYPTO_MINALIGN_ATTR;
};

static struct crypto_skcipher *ms_floor_ctr;
static struct crypto_aead *ms_floor_gcm;
static struct crypto_shash *ms_floor_hmac;
static struct ms_floor_req __percpu *ms_floor_reqs;
/* The x86 internal SIMD drivers must not run without SIMD (as in mediasec). */
static bool ms_floor_ctr_simd, ms_floor_gcm_simd;

/* The counter block of RFC 3711 4.1.1 without the salt: index << 16. */
static void ms_floor_cm_iv(u8 iv[16], const u8 *rtp)
{
	memset(iv, 0, 16);
	iv[12] = rtp[2];
	iv[13] = rtp[3];
}

static int ms_floor_ctr_run(struct skcipher_request *req, u8 *payload,
			    u32 len, const u8 *rtp)
{
	struct scatterlist sg;
	u8 iv[16];

	ms_floor_cm_iv(iv, rtp);
	sg_init_one(&sg, payload, len);
	skcipher_request_set_tfm(req, ms_floor_ctr);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	/* CTR: encryption and decryption are the same keystream XOR. */
	return crypto_skcipher_encrypt(req);
}

static int ms_floor_mac(const u8 *buf, u32 len, u8 out[SHA1_DIGEST_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ms_floor_hmac);
	static const u8 roc[4];
	int ret;

	desc->tfm = ms_floor_hmac;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, buf, len) ?:
	      crypto_shash_update(desc, roc, sizeof(roc)) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

static int ms_floor_cm(struct ms_floor_req *r, bool protect, u8 *buf,
		       u32 *len, u32 cap)
{
	u8 tag[SHA1_DIGEST_SIZE];
	u32 n = *len;
	int ret;

	if (protect) {
		if (n < MS_FLOOR_RTP_HDR || cap - n < MS_FLOOR_TAG_CM)
			return -EINVAL;
		ret = ms_floor_ctr_run(&r->req.sk, buf + MS_FLOOR_RTP_HDR,
				       n - MS_FLOOR_RTP_HDR, buf);
		if (ret)
			return ret;
		ret = ms_floor_mac(buf, n, tag);
		if (ret)
			return ret;
		memcpy(buf + n, tag, MS_FLOOR_TAG_CM);
		*len = n + MS_FLOOR_TAG_CM;
		return 0;
	}
	if (n < MS_FLOOR_RTP_HDR + MS_FLOOR_TAG_CM)
		return -EINVAL;
	n -= MS_FLOOR_TAG_CM;
	ret = ms_floor_mac(buf, n, tag);
	if (ret)
		return ret;
	if (crypto_memneq(tag, buf + n, MS_FLOOR_TAG_CM))
		return -EBADMSG;
	*len = n;
	return ms_floor_ctr_run(&r->req.sk, buf + MS_FLOOR_RTP_HDR,
				n - MS_FLOOR_RTP_HDR, buf);
}

static int ms_floor_aead(struct ms_floor_req *r, bool protect, u8 *buf,
			 u32 *len, u32 cap)
{
	struct aead_request *req = &r->req.aead;
	u32 n = *len, out;
	struct scatterlist sg;
	u8 iv[12] = {};
	int ret;

	if (protect ? n < MS_FLOOR_RTP_HDR || cap - n < MS_FLOOR_TAG_GCM :
		      n < MS_FLOOR_RTP_HDR + MS_FLOOR_TAG_GCM)
		return -EINVAL;
	out = protect ? n + MS_FLOOR_TAG_GCM : n - MS_FLOOR_TAG_GCM;
	iv[10] = buf[2];
	iv[11] = buf[3];
	sg_init_one(&sg, buf, max(n, out));
	aead_request_set_tfm(req, ms_floor_gcm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, MS_FLOOR_RTP_HDR);
	aead_request_set_crypt(req, &sg, &sg, n - MS_FLOOR_RTP_HDR, iv);
	ret = protect ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	if (!ret)
		*len = out;
	return ret;
}

__bpf_kfunc int bpf_mediasec_floor(struct xdp_md *ctx,
				   struct ms_floor_args *a, u32 a__sz);

/**
 * bpf_mediasec_floor() - the crypto of SRTP protect or unprotect, alone
 * @ctx: XDP context of the calling program
 * @a: what to do and where the RTP packet lies (floor_kfunc.h)
 * @a__sz: sizeof(*a)
 *
 * Return: 0 with @a->len the new length, -EBADMSG for a tag mismatch,
 * -EBUSY when the transform needs SIMD and SIMD is not usable, -EINVAL for
 * bad arguments.
 */
__bpf_kfunc int bpf_mediasec_floor(struct xdp_md *ctx,
				   struct ms_floor_args *a, u32 a__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	u32 size = xdp->data_end - xdp->data;
	struct ms_floor_args c;
	bool protect;
	u8 *buf;
	int ret;

	if (!a || a__sz != sizeof(*a))
		return -EINVAL;
	memcpy(&c, a, sizeof(c));
	barrier();
	if (c.op >= __MS_FLOOR_OP_MAX || c.offset > size ||
	    c.len > size - c.offset)
		return -EINVAL;
	buf = (u8 *)xdp->data + c.offset;
	protect = c.op == MS_FLOOR_CM_PROTECT || c.op == MS_FLOOR_GCM_PROTECT;
	/* The per-CPU request: keep softirqs (real traffic) out. */
	local_bh_disable();
	if ((c.op <= MS_FLOOR_CM_UNPROTECT ? ms_floor_ctr_simd :
					     ms_floor_gcm_simd) &&
	    !crypto_simd_usable())
		ret = -EBUSY;
	else if (c.op <= MS_FLOOR_CM_UNPROTECT)
		ret = ms_floor_cm(this_cpu_ptr(ms_floor_reqs), protect, buf,
				  &c.len, size - c.offset);
	else
		ret = ms_floor_aead(this_cpu_ptr(ms_floor_reqs), protect, buf,
				    &c.len, size - c.offset);
	local_bh_enable();
	if (!ret)
		WRITE_ONCE(a->len, c.len);
	return ret;
}

BTF_KFUNCS_START(ms_floor_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mediasec_floor, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(ms_floor_kfunc_ids)

static const struct btf_kfunc_id_set ms_floor_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &ms_floor_kfunc_ids,
};

static void ms_floor_free(void)
{
	free_percpu(ms_floor_reqs);
	if (!IS_ERR_OR_NULL(ms_floor_hmac))
		crypto_free_shash(ms_floor_hmac);
	if (!IS_ERR_OR_NULL(ms_floor_gcm))
		crypto_free_aead(ms_floor_gcm);
	if (!IS_ERR_OR_NULL(ms_floor_ctr))
		crypto_free_skcipher(ms_floor_ctr);
}

static int __init ms_floor_init(void)
{
	struct crypto_shash *sha1;
	u8 key[MS_FLOOR_AUTH];
	int ret;

	/* The SHA-1 under "hmac(sha1)" is then the one mediasec.ko takes. */
	sha1 = ms_crypto_alloc_sha1();
	if (!IS_ERR(sha1))
		crypto_free_shash(sha1);
	ms_floor_ctr = ms_crypto_alloc_ctr(&ms_floor_ctr_simd);
	ms_floor_gcm = ms_crypto_alloc_gcm(&ms_floor_gcm_simd);
	ms_floor_hmac = crypto_alloc_shash("hmac(sha1)", 0, CRYPTO_ALG_ASYNC);
	ms_floor_reqs = alloc_percpu(struct ms_floor_req);
	ret = PTR_ERR_OR_ZERO(ms_floor_ctr) ?: PTR_ERR_OR_ZERO(ms_floor_gcm) ?:
	      PTR_ERR_OR_ZERO(ms_floor_hmac);
	if (!ret && !ms_floor_reqs)
		ret = -ENOMEM;
	if (!ret &&
	    (sizeof(struct skcipher_request) +
	     crypto_skcipher_reqsize(ms_floor_ctr) > MS_FLOOR_REQ ||
	     sizeof(struct aead_request) +
	     crypto_aead_reqsize(ms_floor_gcm) > MS_FLOOR_REQ))
		ret = -EOVERFLOW;
	if (ret)
		goto free_crypto;
	get_random_bytes(key, sizeof(key));
	ret = crypto_skcipher_setkey(ms_floor_ctr, key, MS_FLOOR_KEY) ?:
	      crypto_aead_setkey(ms_floor_gcm, key + 4, MS_FLOOR_KEY) ?:
	      crypto_aead_setauthsize(ms_floor_gcm, MS_FLOOR_TAG_GCM) ?:
	      crypto_shash_setkey(ms_floor_hmac, key, MS_FLOOR_AUTH);
	memzero_explicit(key, sizeof(key));
	if (ret)
		goto free_crypto;
	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &ms_floor_kfunc_set);
	if (ret)
		goto free_crypto;
	pr_info("%s, %s, %s\n",
		crypto_skcipher_driver_name(ms_floor_ctr),
		crypto_aead_driver_name(ms_floor_gcm),
		crypto_shash_driver_name(ms_floor_hmac));
	return 0;

free_crypto:
	ms_floor_free();
	return ret;
}

static void __exit ms_floor_exit(void)
{
	/* Kfunc sets stay registered until the module's BTF goes. */
	ms_floor_free();
}

module_init(ms_floor_init);
module_exit(ms_floor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mediasec tests: the kernel crypto floor of SRTP");
