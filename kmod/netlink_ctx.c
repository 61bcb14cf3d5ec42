// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP contexts and keys of the "mediasec" family (CTX_NEW, CTX_DEL,
 * KEY_ADD, KEY_DEL, CTX_GET and its dump, STATS_RESET); the API is
 * documented in include/uapi/linux/mediasec.h.  Keys go in and never
 * come out: a reply names a key by its MKI only.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/mediasec.h>

#include "budget.h"
#include "compat.h"
#include "ctx.h"
#include "flow.h"
#include "mediasec.h"
#include "netlink.h"
#include "netns.h"
#include "srtp_crypto.h"

/* 6.1's NLA_POLICY_FULL_RANGE() takes a non-const pointer. */
static struct netlink_range_validation ms_kdr_range = {
	.min = 0,
	.max = 1U << 24,
};

static struct netlink_range_validation ms_window_range = {
	.min = 64,
	.max = 32768,
};

static struct netlink_range_validation ms_lifetime_range = {
	.min = 1,
	.max = 1ULL << 48,
};

static const struct nla_policy ms_key_policy[MEDIASEC_A_KEY_MAX + 1] = {
	[MEDIASEC_A_KEY_MKI]		= { .type = NLA_U32 },
	[MEDIASEC_A_KEY_MASTER]		= NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[MEDIASEC_A_KEY_SALT]		= NLA_POLICY_RANGE(NLA_BINARY, 12, 14),
	[MEDIASEC_A_KEY_LIFETIME]	=
		NLA_POLICY_FULL_RANGE(NLA_U64, &ms_lifetime_range),
	[MEDIASEC_A_KEY_SOFT_LIFETIME]	=
		NLA_POLICY_FULL_RANGE(NLA_U64, &ms_lifetime_range),
	[MEDIASEC_A_KEY_PACKETS]	= { .type = NLA_REJECT },
	[MEDIASEC_A_KEY_TX]		= { .type = NLA_REJECT },
};

static const struct nla_policy ms_ctx_policy[MEDIASEC_A_CTX_MAX + 1] = {
	[MEDIASEC_A_CTX_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_CTX_DIR]		=
		NLA_POLICY_RANGE(NLA_U8, MEDIASEC_DIR_RX, MEDIASEC_DIR_MAX),
	[MEDIASEC_A_CTX_SUITE]		=
		NLA_POLICY_RANGE(NLA_U32, 1, MEDIASEC_SUITE_MAX),
	[MEDIASEC_A_CTX_FLAGS]		=
		NLA_POLICY_MASK(NLA_U32, MEDIASEC_CTX_F_ALL),
	[MEDIASEC_A_CTX_KDR]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_kdr_range),
	[MEDIASEC_A_CTX_WINDOW]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_window_range),
	[MEDIASEC_A_CTX_MKI_LEN]	= NLA_POLICY_MAX(NLA_U8, 4),
	[MEDIASEC_A_CTX_MAX_STREAMS]	=
		NLA_POLICY_RANGE(NLA_U8, 1, MEDIASEC_MAX_STREAMS),
	[MEDIASEC_A_CTX_KEY]		= NLA_POLICY_NESTED(ms_key_policy),
	[MEDIASEC_A_CTX_KEYS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_CTX_STATS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_CTX_CIPHER_DRIVER]	= { .type = NLA_REJECT },
	[MEDIASEC_A_CTX_AUTH_DRIVER]	= { .type = NLA_REJECT },
};

/* The MEDIASEC_A_CTX nest of a request; it and its id are required. */
static int ms_nl_parse_ctx(struct genl_info *info, struct nlattr **tb)
{
	return ms_nl_parse_obj(info, MEDIASEC_A_CTX, MEDIASEC_A_CTX_MAX,
			       ms_ctx_policy, MEDIASEC_A_CTX_ID, tb);
}

/* The MEDIASEC_A_CTX nest and the MEDIASEC_A_KEY nest inside it. */
static int ms_nl_parse_key(struct genl_info *info, struct nlattr **tb,
			   struct nlattr **kt, struct nlattr **knest)
{
	int ret;

	ret = ms_nl_parse_ctx(info, tb);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[MEDIASEC_A_CTX], tb,
			      MEDIASEC_A_CTX_KEY))
		return -EINVAL;
	*knest = tb[MEDIASEC_A_CTX_KEY];
	return nla_parse_nested(kt, MEDIASEC_A_KEY_MAX, *knest, ms_key_policy,
				info->extack);
}

/* The context a request names, or NULL with an extack message. */
static struct ms_ctx *ms_nl_ctx(struct ms_net *mn, struct nlattr **tb,
				struct netlink_ext_ack *extack)
{
	struct ms_ctx *ctx = xa_load(&mn->ctxs,
				     nla_get_u32(tb[MEDIASEC_A_CTX_ID]));

	if (!ctx)
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_CTX_ID],
				    "no context with this id");
	return ctx;
}

int ms_nl_ctx_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *nest = info->attrs[MEDIASEC_A_CTX];
	struct ms_ctx_cfg cfg = { .window = 128 };
	int ret;

	ret = ms_nl_parse_ctx(info, tb);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MEDIASEC_A_CTX_DIR) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, MEDIASEC_A_CTX_SUITE))
		return -EINVAL;
	if (tb[MEDIASEC_A_CTX_KEY]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_CTX_KEY],
				    "add keys with KEY_ADD");
		return -EINVAL;
	}

	cfg.id = nla_get_u32(tb[MEDIASEC_A_CTX_ID]);
	cfg.dir = nla_get_u8(tb[MEDIASEC_A_CTX_DIR]);
	cfg.suite = nla_get_u32(tb[MEDIASEC_A_CTX_SUITE]);
	if (tb[MEDIASEC_A_CTX_FLAGS])
		cfg.flags = nla_get_u32(tb[MEDIASEC_A_CTX_FLAGS]);
	if (tb[MEDIASEC_A_CTX_KDR])
		cfg.kdr = nla_get_u32(tb[MEDIASEC_A_CTX_KDR]);
	if (tb[MEDIASEC_A_CTX_WINDOW])
		cfg.window = nla_get_u32(tb[MEDIASEC_A_CTX_WINDOW]);
	if (tb[MEDIASEC_A_CTX_MKI_LEN])
		cfg.mki_len = nla_get_u8(tb[MEDIASEC_A_CTX_MKI_LEN]);
	if (tb[MEDIASEC_A_CTX_MAX_STREAMS])
		cfg.max_streams = nla_get_u8(tb[MEDIASEC_A_CTX_MAX_STREAMS]);

	mutex_lock(&mn->lock);
	ret = ms_ctx_create(mn, &cfg, info->extack);
	mutex_unlock(&mn->lock);
	return ret;
}

int ms_nl_key_add(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *kt[MEDIASEC_A_KEY_MAX + 1];
	const struct ms_srtp_suite_info *si;
	struct ms_srtp_key_params kp = {};
	struct nlattr *knest;
	struct ms_ctx *ctx;
	int ret;

	ret = ms_nl_parse_key(info, tb, kt, &knest);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, knest, kt, MEDIASEC_A_KEY_MASTER) ||
	    NL_REQ_ATTR_CHECK(info->extack, knest, kt, MEDIASEC_A_KEY_SALT))
		return -EINVAL;

	mutex_lock(&mn->lock);
	ctx = ms_nl_ctx(mn, tb, info->extack);
	if (!ctx) {
		ret = -ENOENT;
		goto out_unlock;
	}
	si = ms_ctx_suite_info(ctx->suite);
	ret = -EINVAL;
	if (nla_len(kt[MEDIASEC_A_KEY_MASTER]) != si->key_len) {
		NL_SET_ERR_MSG_ATTR(info->extack, kt[MEDIASEC_A_KEY_MASTER],
				    "master key length does not match the suite");
		goto out_unlock;
	}
	if (nla_len(kt[MEDIASEC_A_KEY_SALT]) != si->salt_len) {
		NL_SET_ERR_MSG_ATTR(info->extack, kt[MEDIASEC_A_KEY_SALT],
				    "master salt length does not match the suite");
		goto out_unlock;
	}
	if (ctx->srtp->params.mki_len && !kt[MEDIASEC_A_KEY_MKI]) {
		NL_SET_ERR_MSG_ATTR(info->extack, knest,
				    "the context uses MKI: key needs an MKI");
		goto out_unlock;
	}
	if (!ctx->srtp->params.mki_len && kt[MEDIASEC_A_KEY_MKI]) {
		NL_SET_ERR_MSG_ATTR(info->extack, kt[MEDIASEC_A_KEY_MKI],
				    "the context has no MKI");
		goto out_unlock;
	}
	if (kt[MEDIASEC_A_KEY_MKI] && ctx->srtp->params.mki_len < 4 &&
	    nla_get_u32(kt[MEDIASEC_A_KEY_MKI]) >>
	    (8 * ctx->srtp->params.mki_len)) {
		NL_SET_ERR_MSG_ATTR(info->extack, kt[MEDIASEC_A_KEY_MKI],
				    "MKI does not fit the context's MKI length");
		goto out_unlock;
	}
	kp.key = nla_data(kt[MEDIASEC_A_KEY_MASTER]);
	kp.salt = nla_data(kt[MEDIASEC_A_KEY_SALT]);
	if (kt[MEDIASEC_A_KEY_MKI])
		kp.mki = nla_get_u32(kt[MEDIASEC_A_KEY_MKI]);
	if (kt[MEDIASEC_A_KEY_LIFETIME])
		kp.lifetime = nla_get_u64(kt[MEDIASEC_A_KEY_LIFETIME]);
	if (kt[MEDIASEC_A_KEY_SOFT_LIFETIME])
		kp.soft_lifetime = nla_get_u64(kt[MEDIASEC_A_KEY_SOFT_LIFETIME]);
	if (kp.lifetime && kp.soft_lifetime > kp.lifetime) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    kt[MEDIASEC_A_KEY_SOFT_LIFETIME],
				    "soft lifetime beyond the lifetime");
		goto out_unlock;
	}
	ret = ms_ctx_key_add(mn, ctx, &kp, info->extack);
out_unlock:
	mutex_unlock(&mn->lock);
	return ret;	/* ms_nl_post_doit() wipes the key */
}

int ms_nl_key_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *kt[MEDIASEC_A_KEY_MAX + 1];
	struct nlattr *knest;
	struct ms_ctx *ctx;
	int ret;

	ret = ms_nl_parse_key(info, tb, kt, &knest);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, knest, kt, MEDIASEC_A_KEY_MKI))
		return -EINVAL;

	mutex_lock(&mn->lock);
	ctx = ms_nl_ctx(mn, tb, info->extack);
	ret = ctx ? ms_ctx_key_del(mn, ctx, nla_get_u32(kt[MEDIASEC_A_KEY_MKI]),
				   info->extack) : -ENOENT;
	mutex_unlock(&mn->lock);
	return ret;
}

/* Caller holds ctx->lock: keys and counters are read consistently. */
static int ms_nl_put_keys(struct sk_buff *skb, const struct ms_srtp_ctx *s)
{
	struct nlattr *keys, *key;
	int i;

	keys = nla_nest_start(skb, MEDIASEC_A_CTX_KEYS);
	if (!keys)
		return -EMSGSIZE;
	for (i = 0; i < MS_SRTP_MAX_KEYS; i++) {
		const struct ms_srtp_mkey *k = &s->keys[i];

		if (!k->used)
			continue;
		key = nla_nest_start(skb, MEDIASEC_A_KEY);
		if (!key ||
		    nla_put_u32(skb, MEDIASEC_A_KEY_MKI, k->mki) ||
		    nla_put_u64_64bit(skb, MEDIASEC_A_KEY_LIFETIME, k->limit[0],
				      MEDIASEC_A_KEY_PAD) ||
		    nla_put_u64_64bit(skb, MEDIASEC_A_KEY_SOFT_LIFETIME,
				      k->soft[0], MEDIASEC_A_KEY_PAD) ||
		    nla_put_u64_64bit(skb, MEDIASEC_A_KEY_PACKETS, k->count[0],
				      MEDIASEC_A_KEY_PAD) ||
		    (i == s->tx && nla_put_flag(skb, MEDIASEC_A_KEY_TX)))
			return -EMSGSIZE;
		nla_nest_end(skb, key);
	}
	nla_nest_end(skb, keys);
	return 0;
}

static int ms_nl_put_stats(struct sk_buff *skb, const struct ms_srtp_ctx *s)
{
	struct nlattr *nest;
	int op, r;

	nest = nla_nest_start(skb, MEDIASEC_A_CTX_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (r = 0; r < MS_SRTP_NR_RESULTS; r++) {
		u64 sum = 0;

		for (op = 0; op < MS_SRTP_NR_OPS; op++)
			sum += s->stats[op][r];
		if (nla_put_u64_64bit(skb, MEDIASEC_A_STATS_OK + r, sum,
				      MEDIASEC_A_STATS_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_put_drivers(struct sk_buff *skb, const struct ms_srtp_ctx *s)
{
	const struct ms_srtp_mkey *k;
	const char *name;

	if (s->tx < 0)
		return 0;
	k = &s->keys[s->tx];
	name = k->rtp.cipher ? ms_srtp_cipher_driver(k->rtp.cipher) : NULL;
	if (name && nla_put_string(skb, MEDIASEC_A_CTX_CIPHER_DRIVER, name))
		return -EMSGSIZE;
	name = k->rtp.auth ? ms_srtp_auth_driver(k->rtp.auth) : NULL;
	if (name && nla_put_string(skb, MEDIASEC_A_CTX_AUTH_DRIVER, name))
		return -EMSGSIZE;
	return 0;
}

static int ms_nl_fill_ctx(struct sk_buff *skb, struct ms_ctx *ctx,
			  u32 portid, u32 seq, int flags)
{
	const struct ms_srtp_params *p = &ctx->srtp->params;
	struct nlattr *nest;
	void *hdr;
	int ret;

	hdr = genlmsg_put(skb, portid, seq, &ms_genl_family, flags,
			  MEDIASEC_CMD_CTX_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MEDIASEC_A_CTX);
	if (!nest)
		goto err_cancel;
	if (nla_put_u32(skb, MEDIASEC_A_CTX_ID, ctx->id) ||
	    nla_put_u8(skb, MEDIASEC_A_CTX_DIR, ctx->dir) ||
	    nla_put_u32(skb, MEDIASEC_A_CTX_SUITE, ctx->suite) ||
	    nla_put_u32(skb, MEDIASEC_A_CTX_FLAGS, ctx->flags) ||
	    nla_put_u32(skb, MEDIASEC_A_CTX_KDR, p->kdr) ||
	    nla_put_u32(skb, MEDIASEC_A_CTX_WINDOW, p->window) ||
	    nla_put_u8(skb, MEDIASEC_A_CTX_MKI_LEN, p->mki_len) ||
	    nla_put_u8(skb, MEDIASEC_A_CTX_MAX_STREAMS, p->max_streams))
		goto err_cancel;

	spin_lock_bh(&ctx->lock);
	ret = ms_nl_put_keys(skb, ctx->srtp);
	if (!ret)
		ret = ms_nl_put_stats(skb, ctx->srtp);
	if (!ret)
		ret = ms_nl_put_drivers(skb, ctx->srtp);
	spin_unlock_bh(&ctx->lock);
	if (ret)
		goto err_cancel;

	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ms_nl_ctx_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_CTX_MAX + 1];
	struct sk_buff *msg;
	struct ms_ctx *ctx;
	int ret;

	ret = ms_nl_parse_ctx(info, tb);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mn->lock);
	ctx = ms_nl_ctx(mn, tb, info->extack);
	ret = ctx ? ms_nl_fill_ctx(msg, ctx, info->snd_portid, info->snd_seq,
				   0) : -ENOENT;
	mutex_unlock(&mn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int ms_nl_fill_ctx_obj(struct sk_buff *skb, void *obj, u32 portid,
			      u32 seq, int flags)
{
	return ms_nl_fill_ctx(skb, obj, portid, seq, flags);
}

/* With NLM_F_ECHO the context as deleted goes back first (ms_nl_del_xa()). */
int ms_nl_ctx_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_CTX_MAX + 1];
	int ret;

	ret = ms_nl_parse_ctx(info, tb);
	if (ret)
		return ret;
	return ms_nl_del_xa(info, mn, &mn->ctxs,
			    nla_get_u32(tb[MEDIASEC_A_CTX_ID]),
			    ms_nl_fill_ctx_obj, ms_ctx_delete);
}

int ms_nl_ctx_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ms_net *mn = ms_net(sock_net(skb->sk));

	return ms_nl_dump_xa(skb, cb, mn, &mn->ctxs, ms_nl_fill_ctx_obj);
}

int ms_nl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct ms_flow *f;
	struct ms_ctx *ctx;
	unsigned long id;
	int ret = 0;

	if (info->attrs[MEDIASEC_A_CTX] && info->attrs[MEDIASEC_A_FLOW]) {
		NL_SET_ERR_MSG(info->extack, "a context or a flow, not both");
		return -EINVAL;
	}
	if (info->attrs[MEDIASEC_A_CTX]) {
		ret = ms_nl_parse_ctx(info, ct);
		if (ret)
			return ret;
	}
	if (info->attrs[MEDIASEC_A_FLOW]) {
		ret = ms_nl_parse_obj(info, MEDIASEC_A_FLOW,
				      MEDIASEC_A_FLOW_MAX, ms_flow_policy,
				      MEDIASEC_A_FLOW_ID, ft);
		if (ret)
			return ret;
	}

	mutex_lock(&mn->lock);
	if (info->attrs[MEDIASEC_A_CTX]) {
		ctx = ms_nl_ctx(mn, ct, info->extack);
		if (ctx)
			ms_ctx_stats_reset(ctx);
		else
			ret = -ENOENT;
	} else if (info->attrs[MEDIASEC_A_FLOW]) {
		f = xa_load(&mn->flows, nla_get_u32(ft[MEDIASEC_A_FLOW_ID]));
		if (f) {
			ms_flow_stats_reset(f);
		} else {
			NL_SET_ERR_MSG_ATTR(info->extack, ft[MEDIASEC_A_FLOW_ID],
					    "no flow with this id");
			ret = -ENOENT;
		}
	} else {
		xa_for_each(&mn->ctxs, id, ctx)
			ms_ctx_stats_reset(ctx);
		xa_for_each(&mn->flows, id, f)
			ms_flow_stats_reset(f);
	}
	mutex_unlock(&mn->lock);
	return ret;
}
