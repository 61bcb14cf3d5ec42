// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP engine's API, served by the kernel module: see
 * srtp_module_shim.h.  A context becomes a kernel context (netlink
 * CTX_NEW) at its first packet, as a sender (MEDIASEC_DIR_TX) or a
 * receiver (MEDIASEC_DIR_RX); keys given before that are installed then.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mediasec.h>
#include "mediasec_kfunc.h"

#include "../userspace/lib/msnl.h"
#include "ms_test.h"
#include "srtp.h"
#include "xform_test.skel.h"

#define SHIM_HDR	14	/* dummy link header: XDP wants >= ETH_HLEN */
#define SHIM_MAX	2048

struct shim_key {
	u8 key[MS_SRTP_MAX_KEY_LEN];
	u8 salt[MS_SRTP_MAX_SALT_LEN];
	u32 mki;
	u64 lifetime;
	u64 soft;
};

struct shim_ctx {
	struct ms_srtp_params p;
	u32 id;
	int dir;		/* 0 until the first packet */
	int nkeys;
	struct shim_key keys[MS_SRTP_MAX_KEYS];
};

static struct msnl nl;
static struct xform_test *skel;
static u32 next_id = 1000;

static int shim_init(void)
{
	if (skel)
		return 0;
	if (ms_test_load_module() || msnl_open(&nl))
		return -1;
	skel = xform_test__open_and_load();
	return skel ? 0 : -1;
}

static int nl_key_add(struct shim_ctx *c, const struct shim_key *k)
{
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(c->p.suite);
	struct nl_msg *msg = msnl_msg(&nl, MEDIASEC_CMD_KEY_ADD, 0);
	struct nlattr *ctx, *key;

	if (!msg)
		return -ENOMEM;
	ctx = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id);
	key = nla_nest_start(msg, MEDIASEC_A_KEY);
	nla_put(msg, MEDIASEC_A_KEY_MASTER, si->key_len, k->key);
	nla_put(msg, MEDIASEC_A_KEY_SALT, si->salt_len, k->salt);
	if (c->p.mki_len)
		nla_put_u32(msg, MEDIASEC_A_KEY_MKI, k->mki);
	if (k->lifetime)
		nla_put_u64(msg, MEDIASEC_A_KEY_LIFETIME, k->lifetime);
	if (k->soft)
		nla_put_u64(msg, MEDIASEC_A_KEY_SOFT_LIFETIME, k->soft);
	nla_nest_end(msg, key);
	nla_nest_end(msg, ctx);
	return msnl_request(&nl, msg, NULL, NULL);
}

/* The kernel context, created on first use in direction @dir. */
static int shim_kernel_ctx(struct shim_ctx *c, int dir)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int i, ret;

	if (c->dir)
		return c->dir == dir ? 0 : -EPERM;
	if (shim_init())
		return -ENODEV;
	msg = msnl_msg(&nl, MEDIASEC_CMD_CTX_NEW, 0);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id);
	nla_put_u8(msg, MEDIASEC_A_CTX_DIR, dir);
	/* The engine's suite numbers are the UAPI's. */
	nla_put_u32(msg, MEDIASEC_A_CTX_SUITE, c->p.suite);
	nla_put_u32(msg, MEDIASEC_A_CTX_FLAGS, c->p.flags);
	nla_put_u32(msg, MEDIASEC_A_CTX_KDR, c->p.kdr);
	if (c->p.window)
		nla_put_u32(msg, MEDIASEC_A_CTX_WINDOW, c->p.window);
	nla_put_u8(msg, MEDIASEC_A_CTX_MKI_LEN, c->p.mki_len);
	if (c->p.max_streams)
		nla_put_u8(msg, MEDIASEC_A_CTX_MAX_STREAMS, c->p.max_streams);
	nla_nest_end(msg, nest);
	ret = msnl_request(&nl, msg, NULL, NULL);
	if (ret) {
		fprintf(stderr, "# CTX_NEW: %s: %s\n", strerror(-ret),
			nl.errmsg);
		return ret;
	}
	c->dir = dir;
	for (i = 0; i < c->nkeys; i++) {
		ret = nl_key_add(c, &c->keys[i]);
		if (ret) {
			fprintf(stderr, "# KEY_ADD: %s: %s\n", strerror(-ret),
				nl.errmsg);
			return ret;
		}
	}
	return 0;
}

int ms_shim_ctx_create(struct ms_srtp_ctx **ctxp,
		       const struct ms_srtp_params *p)
{
	struct shim_ctx *c;

	if (p->flags & ~(u32)MEDIASEC_CTX_F_ALL)
		return -EOPNOTSUPP;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->p = *p;
	c->id = next_id++;
	*ctxp = (struct ms_srtp_ctx *)c;
	return 0;
}

void ms_shim_ctx_destroy(struct ms_srtp_ctx *ctx)
{
	struct shim_ctx *c = (struct shim_ctx *)ctx;
	struct nl_msg *msg;
	struct nlattr *nest;

	if (c->dir) {
		msg = msnl_msg(&nl, MEDIASEC_CMD_CTX_DEL, 0);
		if (msg) {
			nest = nla_nest_start(msg, MEDIASEC_A_CTX);
			nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id);
			nla_nest_end(msg, nest);
			msnl_request(&nl, msg, NULL, NULL);
		}
	}
	memset(c, 0, sizeof(*c));
	free(c);
}

int ms_shim_key_add(struct ms_srtp_ctx *ctx,
		    const struct ms_srtp_key_params *kp)
{
	const struct ms_srtp_suite_info *si;
	struct shim_ctx *c = (struct shim_ctx *)ctx;
	struct shim_key k = { .mki = kp->mki, .lifetime = kp->lifetime,
			      .soft = kp->soft_lifetime };

	si = ms_srtp_suite_info(c->p.suite);
	memcpy(k.key, kp->key, si->key_len);
	memcpy(k.salt, kp->salt, si->salt_len);
	if (c->dir)
		return nl_key_add(c, &k);
	if (c->nkeys == MS_SRTP_MAX_KEYS)
		return -ENOSPC;
	c->keys[c->nkeys++] = k;
	return 0;
}

int ms_shim_key_del(struct ms_srtp_ctx *ctx, u32 mki)
{
	struct shim_ctx *c = (struct shim_ctx *)ctx;
	struct nl_msg *msg;
	struct nlattr *nest, *key;
	int i;

	if (!c->dir) {
		for (i = 0; i < c->nkeys; i++)
			if (c->keys[i].mki == mki) {
				c->keys[i] = c->keys[--c->nkeys];
				return 0;
			}
		return -ENOENT;
	}
	msg = msnl_msg(&nl, MEDIASEC_CMD_KEY_DEL, 0);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id);
	key = nla_nest_start(msg, MEDIASEC_A_KEY);
	nla_put_u32(msg, MEDIASEC_A_KEY_MKI, mki);
	nla_nest_end(msg, key);
	nla_nest_end(msg, nest);
	return msnl_request(&nl, msg, NULL, NULL);
}

static enum ms_srtp_result shim_xform(struct ms_srtp_ctx *ctx, int op,
				      u8 *buf, u32 *len, u32 cap)
{
	struct shim_ctx *c = (struct shim_ctx *)ctx;
	bool protect = op == MEDIASEC_OP_PROTECT_RTP ||
		       op == MEDIASEC_OP_PROTECT_RTCP;
	static u8 in[SHIM_MAX], out[SHIM_MAX + 256];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = in,
		    .data_size_in = SHIM_HDR + *len,
		    .data_out = out,
		    .data_size_out = sizeof(out),
		    .repeat = 1);
	int ret;

	if (*len > SHIM_MAX - SHIM_HDR ||
	    shim_kernel_ctx(c, protect ? MEDIASEC_DIR_TX : MEDIASEC_DIR_RX))
		return MS_SRTP_CRYPTO_ERR;
	memset(in, 0, SHIM_HDR);
	memcpy(in + SHIM_HDR, buf, *len);
	skel->bss->x.ctx_id = c->id;
	skel->bss->x.op = op;
	skel->bss->x.offset = SHIM_HDR;
	skel->bss->x.len = *len;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xform_test),
				   &opts))
		return MS_SRTP_CRYPTO_ERR;
	ret = skel->bss->ret;
	if (ret < 0) {
		fprintf(stderr, "# bpf_mediasec_xform: %d\n", ret);
		return MS_SRTP_CRYPTO_ERR;
	}
	if (ret == MS_SRTP_OK) {
		if (opts.data_size_out != SHIM_HDR + skel->bss->out_len ||
		    skel->bss->out_len > cap)
			return MS_SRTP_CRYPTO_ERR;
		*len = skel->bss->out_len;
		memcpy(buf, out + SHIM_HDR, *len);
	}
	return (enum ms_srtp_result)ret;
}

enum ms_srtp_result ms_shim_protect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					u32 *len, u32 cap)
{
	return shim_xform(ctx, MEDIASEC_OP_PROTECT_RTP, buf, len, cap);
}

enum ms_srtp_result ms_shim_unprotect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					  u32 *len)
{
	return shim_xform(ctx, MEDIASEC_OP_UNPROTECT_RTP, buf, len, SHIM_MAX);
}

enum ms_srtp_result ms_shim_protect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					 u32 *len, u32 cap)
{
	return shim_xform(ctx, MEDIASEC_OP_PROTECT_RTCP, buf, len, cap);
}

enum ms_srtp_result ms_shim_unprotect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					   u32 *len)
{
	return shim_xform(ctx, MEDIASEC_OP_UNPROTECT_RTCP, buf, len, SHIM_MAX);
}

/* No per-SSRC state setting over netlink (yet): senders start at 0. */
int ms_shim_set_srtcp_index(struct ms_srtp_ctx *ctx, u32 ssrc, u32 index)
{
	(void)ctx;
	(void)ssrc;
	(void)index;
	return -EOPNOTSUPP;
}

int ms_shim_set_roc(struct ms_srtp_ctx *ctx, u32 ssrc, u32 roc, u16 seq)
{
	(void)ctx;
	(void)ssrc;
	(void)roc;
	(void)seq;
	return -EOPNOTSUPP;
}

struct shim_stat {
	int result;
	u64 value;
};

static int on_stat(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *st[MEDIASEC_A_STATS_MAX + 1];
	struct shim_stat *s = arg;
	int type = MEDIASEC_A_STATS_OK + s->result;

	if (!tb[MEDIASEC_A_CTX] ||
	    nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX], NULL) ||
	    !ct[MEDIASEC_A_CTX_STATS] ||
	    nla_parse_nested(st, MEDIASEC_A_STATS_MAX, ct[MEDIASEC_A_CTX_STATS],
			     NULL) || !st[type])
		return 0;
	s->value = nla_get_u64(st[type]);
	return 0;
}

/* The kernel counts per result, RTP and RTCP together. */
u64 ms_shim_stat(const struct ms_srtp_ctx *ctx, enum ms_srtp_op op,
		 enum ms_srtp_result r)
{
	const struct shim_ctx *c = (const struct shim_ctx *)ctx;
	struct shim_stat s = { .result = r };
	struct nl_msg *msg;
	struct nlattr *nest;

	(void)op;
	if (!c->dir)
		return 0;
	msg = msnl_msg(&nl, MEDIASEC_CMD_CTX_GET, 0);
	if (!msg)
		return 0;
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id);
	nla_nest_end(msg, nest);
	msnl_request(&nl, msg, on_stat, &s);
	return s.value;
}

u32 ms_shim_ctx_id(const struct ms_srtp_ctx *ctx)
{
	const struct shim_ctx *c = (const struct shim_ctx *)ctx;

	return c->dir ? c->id : 0;
}
