// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer self-test of the SRTP engine as built into the module, over
 * the kernel crypto API: the same vectors as the native tests
 * (selftests/srtp_vectors.h: RFC 3711 B.2/B.3, RFC 6188 7, RFC 7714 16-17),
 * run when the module loads.  A wrong answer keeps the module from
 * loading: a gateway must not pass media through broken crypto.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mediasec.h"
#include "srtp.h"
#include "srtp_crypto.h"
#include "srtp_priv.h"
#include "srtp_vectors.h"

/* Vectors longer than this run only with selftest=2. */
#define MS_ST_LONG	4096

static int selftest = 1;
module_param(selftest, int, 0444);
MODULE_PARM_DESC(selftest,
		 "SRTP known-answer tests at load: 0 none, 1 all but the 1 MiB keystream vector (default), 2 all");

/* Decode hex, whitespace ignored.  Return: bytes, or -EINVAL. */
static int ms_unhex(const char *s, u8 *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s; s++) {
		if (isspace(*s))
			continue;
		v = hex_to_bin(*s);
		if (v < 0)
			return -EINVAL;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -EINVAL;
		out[n++] = (hi << 4) | v;
		hi = -1;
	}
	return hi < 0 ? n : -EINVAL;
}

static struct ms_srtp_ctx *ms_st_ctx(const struct ms_srtp_params *p,
				     const u8 *key, const u8 *salt)
{
	struct ms_srtp_key_params kp = { .key = key, .salt = salt };
	struct ms_srtp_ctx *ctx;

	if (ms_srtp_ctx_create(&ctx, p))
		return NULL;
	if (ms_srtp_key_add(ctx, &kp)) {
		ms_srtp_ctx_destroy(ctx);
		return NULL;
	}
	return ctx;
}

static bool ms_st_kdf(const struct ms_srtp_kdf_vector *v)
{
	u8 key[32], salt[14], want[128], got[128];
	struct ms_srtp_prf *prf;
	int kl, wl;
	bool ok;

	kl = ms_unhex(v->master_key, key, sizeof(key));
	wl = ms_unhex(v->out, want, sizeof(want));
	if (kl <= 0 || wl <= 0 ||
	    ms_unhex(v->master_salt, salt, sizeof(salt)) != sizeof(salt) ||
	    ms_srtp_prf_alloc(&prf, key, kl))
		return false;
	ok = !ms_srtp_kdf(prf, salt, v->label, 0, got, wl) &&
	     !memcmp(got, want, wl);
	ms_srtp_prf_free(prf);
	memzero_explicit(key, sizeof(key));
	return ok;
}

static bool ms_st_keystream(const struct ms_srtp_keystream_vector *v)
{
	struct ms_srtp_params p = {
		.suite = v->suite,
		.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP,
	};
	u8 key[32], salt[14], ks[64], zero[20] = { 0 };
	u32 len = 12 + v->payload_len, cap = len + MS_SRTP_MAX_TRAILER;
	struct ms_srtp_ctx *ctx;
	bool ok = false;
	int kl, kls;
	u8 *pkt;

	kl = ms_unhex(v->key, key, sizeof(key));
	kls = ms_unhex(v->ks, ks, sizeof(ks));
	if (kl <= 0 || kls <= 0 ||
	    ms_unhex(v->salt, salt, sizeof(salt)) != sizeof(salt))
		return false;
	ctx = ms_st_ctx(&p, key, salt);
	/* Linear memory: the crypto glue maps it with sg_init_one(). */
	pkt = kzalloc(cap, GFP_KERNEL | __GFP_NOWARN);
	if (!ctx || !pkt ||
	    ms_srtp_set_session_keys(ctx, false, key, salt, zero))
		goto out;
	pkt[0] = 0x80;		/* V=2, sequence 0, SSRC 0: index 0 */
	ok = ms_srtp_protect_rtp(ctx, pkt, &len, cap) == MS_SRTP_OK &&
	     len == 12 + v->payload_len &&
	     !memcmp(pkt + 12 + v->offset, ks, kls);
out:
	kfree(pkt);
	if (ctx)
		ms_srtp_ctx_destroy(ctx);
	memzero_explicit(key, sizeof(key));
	return ok;
}

static enum ms_srtp_result ms_st_run(struct ms_srtp_ctx *ctx, bool rtcp,
				     bool protect, u8 *buf, u32 *len, u32 cap)
{
	if (protect)
		return rtcp ? ms_srtp_protect_rtcp(ctx, buf, len, cap) :
			      ms_srtp_protect_rtp(ctx, buf, len, cap);
	return rtcp ? ms_srtp_unprotect_rtcp(ctx, buf, len) :
		      ms_srtp_unprotect_rtp(ctx, buf, len);
}

/*
 * Packets in vmalloc'ed memory, as an AF_XDP zero-copy umem is: no
 * scatterlist can describe it, the glue must see that and use the fallback.
 */
static bool ms_st_vmalloc;

/* Protect byte-exact, unprotect back, then the same packet is a replay. */
static bool ms_st_packet(const struct ms_srtp_packet_vector *v)
{
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(v->suite);
	struct ms_srtp_params p = { .suite = v->suite, .flags = v->flags };
	bool rtcp = v->type == MS_SRTP_VEC_RTCP;
	struct ms_srtp_ctx *tx = NULL, *rx = NULL;
	u8 key[32], salt[14] = { 0 }, zero[20] = { 0 };
	u8 *plain, *prot, *buf;
	bool ok = false;
	int pl, xl;
	u32 len;

	plain = ms_st_vmalloc ? vzalloc(3 * 512) : kzalloc(3 * 512, GFP_KERNEL);
	if (!plain || !si)
		goto out;
	prot = plain + 512;
	buf = prot + 512;
	pl = ms_unhex(v->plain, plain, 256);
	xl = ms_unhex(v->protected, prot, 256);
	if (ms_unhex(v->key, key, sizeof(key)) != si->key_len ||
	    ms_unhex(v->salt, salt, sizeof(salt)) != si->salt_len ||
	    pl <= 0 || xl <= pl)
		goto out;
	tx = ms_st_ctx(&p, key, salt);
	rx = ms_st_ctx(&p, key, salt);
	if (!tx || !rx)
		goto out;
	if (v->session &&
	    (ms_srtp_set_session_keys(tx, rtcp, key, salt, zero) ||
	     ms_srtp_set_session_keys(rx, rtcp, key, salt, zero)))
		goto out;
	if (rtcp && ms_srtp_set_srtcp_index(tx, ms_get_be32(plain + 4),
					    v->rtcp_index))
		goto out;

	memcpy(buf, plain, pl);
	len = pl;
	if (ms_st_run(tx, rtcp, true, buf, &len, 512) != MS_SRTP_OK ||
	    len != xl || memcmp(buf, prot, xl))
		goto out;
	memcpy(buf, prot, xl);
	if (ms_st_run(rx, rtcp, false, buf, &len, 512) != MS_SRTP_OK ||
	    len != pl || memcmp(buf, plain, pl))
		goto out;
	memcpy(buf, prot, xl);
	len = xl;
	ok = ms_st_run(rx, rtcp, false, buf, &len, 512) == MS_SRTP_REPLAY;
out:
	if (tx)
		ms_srtp_ctx_destroy(tx);
	if (rx)
		ms_srtp_ctx_destroy(rx);
	kvfree(plain);
	memzero_explicit(key, sizeof(key));
	return ok;
}

/* Every vector once; returns the number that gave a wrong answer. */
static unsigned int __init ms_selftest_pass(unsigned int *n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(ms_srtp_kdf_vectors); i++, (*n)++) {
		if (!ms_st_kdf(&ms_srtp_kdf_vectors[i])) {
			pr_err("self-test: %s: wrong answer\n",
			       ms_srtp_kdf_vectors[i].name);
			bad++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(ms_srtp_keystream_vectors); i++, (*n)++) {
		if (selftest < 2 &&
		    ms_srtp_keystream_vectors[i].payload_len > MS_ST_LONG) {
			(*n)--;
			continue;
		}
		if (!ms_st_keystream(&ms_srtp_keystream_vectors[i])) {
			pr_err("self-test: %s: wrong answer\n",
			       ms_srtp_keystream_vectors[i].name);
			bad++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(ms_srtp_packet_vectors); i++, (*n)++) {
		if (!ms_st_packet(&ms_srtp_packet_vectors[i])) {
			pr_err("self-test: %s: wrong answer\n",
			       ms_srtp_packet_vectors[i].name);
			bad++;
		}
	}
	return bad;
}

/**
 * ms_selftest() - run the SRTP known-answer tests
 *
 * Every vector runs three times: through the crypto drivers the packet
 * path uses, through the constant-time fallback they give way to when
 * SIMD is not usable, and with packets in vmalloc'ed memory.
 *
 * Return: 0 if every vector gave its answer (or the test is switched off
 * with selftest=0), else -EINVAL after naming each failing vector.
 */
int __init ms_selftest(void)
{
	unsigned int n = 0, bad;

	if (selftest <= 0)
		return 0;
	bad = ms_selftest_pass(&n);
	ms_srtp_crypto_set_fallback(true);
	n = 0;
	bad += ms_selftest_pass(&n);
	ms_srtp_crypto_set_fallback(false);
	ms_st_vmalloc = true;
	n = 0;
	bad += ms_selftest_pass(&n);
	ms_st_vmalloc = false;
	if (bad) {
		pr_err("self-test: %u of %u known-answer tests failed\n", bad,
		       3 * n);
		return -EINVAL;
	}
	pr_info("self-test: %u known-answer tests passed, through the drivers, the fallback and in vmalloc'ed memory\n",
		n);
	return 0;
}
