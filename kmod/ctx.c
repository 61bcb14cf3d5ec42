// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP crypto contexts of a network namespace: the table, their master keys
 * and the lock that orders packet operations against key changes.
 *
 * Readers (the data path) find a context under RCU and take its spinlock
 * for the length of one packet operation.  Writers (netlink) are
 * serialized by the namespace's mutex; whatever may sleep (allocating
 * crypto transforms, freeing them) happens outside the spinlock, and only
 * publishing or withdrawing a prepared key happens under it.
 */

#include <linux/slab.h>
#include <linux/workqueue.h>

#include "budget.h"
#include "ctx.h"
#include "mediasec.h"
#include "netlink.h"

static enum ms_srtp_suite ms_suite_from_uapi(u32 s)
{
	static const enum ms_srtp_suite map[] = {
		[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80] = MS_SRTP_AES128_CM_SHA1_80,
		[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32] = MS_SRTP_AES128_CM_SHA1_32,
		[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80] = MS_SRTP_AES256_CM_SHA1_80,
		[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32] = MS_SRTP_AES256_CM_SHA1_32,
		[MEDIASEC_SUITE_AEAD_AES_128_GCM] = MS_SRTP_AEAD_AES_128_GCM,
		[MEDIASEC_SUITE_AEAD_AES_256_GCM] = MS_SRTP_AEAD_AES_256_GCM,
		[MEDIASEC_SUITE_NULL_HMAC_SHA1_80] = MS_SRTP_NULL_SHA1_80,
		[MEDIASEC_SUITE_NULL_HMAC_SHA1_32] = MS_SRTP_NULL_SHA1_32,
	};

	if (s >= ARRAY_SIZE(map))
		return 0;
	return map[s];
}

static u32 ms_flags_from_uapi(u32 f)
{
	u32 out = 0;

	if (f & MEDIASEC_CTX_F_UNENCRYPTED_SRTP)
		out |= MS_SRTP_F_UNENCRYPTED_SRTP;
	if (f & MEDIASEC_CTX_F_UNENCRYPTED_SRTCP)
		out |= MS_SRTP_F_UNENCRYPTED_SRTCP;
	if (f & MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP)
		out |= MS_SRTP_F_UNAUTHENTICATED_SRTP;
	return out;
}

/**
 * ms_ctx_suite_info() - key and salt lengths of a suite named by the UAPI
 * @suite: enum mediasec_suite
 *
 * Return: the engine's description, or NULL for an unknown suite.
 */
const struct ms_srtp_suite_info *ms_ctx_suite_info(u32 suite)
{
	enum ms_srtp_suite s = ms_suite_from_uapi(suite);

	return s ? ms_srtp_suite_info(s) : NULL;
}

/* Send what ms_ctx_note() collected; process context. */
static void ms_ctx_event_work(struct work_struct *work)
{
	struct ms_ctx *ctx = container_of(to_delayed_work(work), struct ms_ctx,
					  ev_work);
	struct net *net = read_pnet(&ctx->net);
	struct ms_event ev = {};
	u32 keys, soft_mki, hard_mki;
	u64 auth, replay;

	spin_lock_bh(&ctx->lock);
	keys = ctx->ev_keys;
	soft_mki = ctx->ev_soft_mki;
	hard_mki = ctx->ev_hard_mki;
	auth = ctx->ev_auth;
	replay = ctx->ev_replay;
	ctx->ev_keys = 0;
	ctx->ev_auth = 0;
	ctx->ev_replay = 0;
	if (auth || replay)
		ctx->ev_next = jiffies + HZ;
	spin_unlock_bh(&ctx->lock);

	ev.ctx_id = ctx->id;
	if (keys & MS_SRTP_EV_SOFT_EXPIRY) {
		ev.type = MEDIASEC_EVENT_KEY_SOFT;
		ev.mki = &soft_mki;
		ms_nl_event(net, &ev);
	}
	if (keys & MS_SRTP_EV_HARD_EXPIRY) {
		ev.type = MEDIASEC_EVENT_KEY_HARD;
		ev.mki = &hard_mki;
		ms_nl_event(net, &ev);
	}
	ev.mki = NULL;
	if (auth) {
		ev.type = MEDIASEC_EVENT_AUTH_FAIL;
		ev.count = &auth;
		ms_nl_event(net, &ev);
	}
	if (replay) {
		ev.type = MEDIASEC_EVENT_REPLAY;
		ev.count = &replay;
		ms_nl_event(net, &ev);
	}
}

/**
 * ms_ctx_note() - collect what a packet operation has to report
 * @ctx: the context; caller holds @ctx->lock
 * @r: the operation's result
 *
 * Key lifetime events are sent at once, bursts of refused packets at most
 * once a second; the sending happens later, in process context.
 */
void ms_ctx_note(struct ms_ctx *ctx, enum ms_srtp_result r)
{
	struct ms_srtp_ctx *s = ctx->srtp;
	unsigned long delay = 0;

	lockdep_assert_held(&ctx->lock);
	if (r == MS_SRTP_AUTH_FAIL)
		ctx->ev_auth++;
	else if (r == MS_SRTP_REPLAY || r == MS_SRTP_TOO_OLD)
		ctx->ev_replay++;
	if (s->events) {
		ctx->ev_keys |= s->events;
		if (s->events & MS_SRTP_EV_SOFT_EXPIRY)
			ctx->ev_soft_mki = s->soft_mki;
		if (s->events & MS_SRTP_EV_HARD_EXPIRY)
			ctx->ev_hard_mki = s->hard_mki;
		s->events = 0;
	}
	if (ctx->dead || !(ctx->ev_keys || ctx->ev_auth || ctx->ev_replay))
		return;
	if (ctx->ev_keys) {
		/* Now, even if a rate-limited burst event is waiting. */
		mod_delayed_work(ms_wq, &ctx->ev_work, 0);
		return;
	}
	if (time_before(jiffies, ctx->ev_next))
		delay = ctx->ev_next - jiffies;
	queue_delayed_work(ms_wq, &ctx->ev_work, delay);
}

static u32 ms_key_charge(const struct ms_srtp_ctx *s)
{
	switch (s->si->cipher) {
	case MS_SRTP_GCM:
		return MS_KEY_CHARGE_GCM;
	case MS_SRTP_CTR:
		return MS_KEY_CHARGE_CTR;
	default:
		return MS_KEY_CHARGE_NULL;
	}
}

/**
 * ms_ctx_create() - create a context and enter it in the namespace's table
 * @mn: the namespace's state; caller holds @mn->lock
 * @cfg: what CTX_NEW asked for (ids and enums already checked by policy)
 * @extack: where to say what is wrong
 *
 * Return: 0, -EEXIST, -EINVAL, -ENOSPC (a limit) or -ENOMEM.  On error
 * nothing is left.
 */
int ms_ctx_create(struct ms_net *mn, const struct ms_ctx_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct ms_srtp_params p = {
		.suite = ms_suite_from_uapi(cfg->suite),
		.flags = ms_flags_from_uapi(cfg->flags),
		.kdr = cfg->kdr,
		.window = cfg->window,
		.mki_len = cfg->mki_len,
		.max_streams = cfg->max_streams,
		/* struct ms_ctx lives in the engine context's allocation. */
		.priv_size = sizeof(struct ms_ctx),
	};
	struct ms_srtp_ctx *srtp;
	struct ms_ctx *ctx;
	int ret;

	lockdep_assert_held(&mn->lock);
	if (!p.suite) {
		NL_SET_ERR_MSG(extack, "unknown SRTP suite");
		return -EINVAL;
	}
	if (cfg->kdr & (cfg->kdr - 1)) {
		NL_SET_ERR_MSG(extack, "KDR must be 0 or a power of two");
		return -EINVAL;
	}
	if (xa_load(&mn->ctxs, cfg->id)) {
		NL_SET_ERR_MSG(extack, "a context with this id exists");
		return -EEXIST;
	}
	if (mn->nctxs >= READ_ONCE(ms_max_ctxs)) {
		NL_SET_ERR_MSG(extack,
			       "the namespace has its most contexts (max_ctxs)");
		return -ENOSPC;
	}

	ret = ms_srtp_ctx_create(&srtp, &p);
	if (ret) {
		if (ret == -EINVAL)
			NL_SET_ERR_MSG(extack,
				       "session parameters not valid for this suite");
		return ret;
	}
	ctx = ms_srtp_ctx_priv(srtp);
	ctx->srtp = srtp;
	ctx->id = cfg->id;
	ctx->dir = cfg->dir;
	ctx->suite = cfg->suite;
	ctx->flags = cfg->flags;
	spin_lock_init(&ctx->lock);
	write_pnet(&ctx->net, mn->net);
	INIT_DELAYED_WORK(&ctx->ev_work, ms_ctx_event_work);
	ctx->charge = ksize(srtp);
	ctx->key_charge = ms_key_charge(ctx->srtp);
	ret = ms_mem_charge(ctx->charge, extack);
	if (ret)
		goto err_destroy_srtp;

	ret = xa_insert(&mn->ctxs, ctx->id, ctx, GFP_KERNEL_ACCOUNT);
	if (ret)
		goto err_uncharge;
	mn->nctxs++;
	atomic_inc(&ms_live_ctxs);
	return 0;

err_uncharge:
	ms_mem_uncharge(ctx->charge);
err_destroy_srtp:
	ms_srtp_ctx_destroy(srtp);	/* and ctx with it */
	return ret;
}

static void ms_ctx_free_work(struct work_struct *work)
{
	struct ms_ctx *ctx = container_of(to_rcu_work(work), struct ms_ctx,
					  free_work);

	ms_mem_uncharge(ctx->charge + ctx->srtp->nkeys * ctx->key_charge);
	/*
	 * Frees the crypto transforms, wipes every key, and frees @ctx, which
	 * lives in the engine context's allocation (a work item may free
	 * itself).
	 */
	ms_srtp_ctx_destroy(ctx->srtp);
	atomic_dec(&ms_live_ctxs);
}

/* Unlink @ctx; it is freed once no reader can hold it (RCU). */
static void ms_ctx_release(struct ms_net *mn, struct ms_ctx *ctx)
{
	/* No event may reach a namespace that may be going away. */
	spin_lock_bh(&ctx->lock);
	ctx->dead = true;
	spin_unlock_bh(&ctx->lock);
	cancel_delayed_work_sync(&ctx->ev_work);
	xa_erase(&mn->ctxs, ctx->id);
	mn->nctxs--;
	INIT_RCU_WORK(&ctx->free_work, ms_ctx_free_work);
	queue_rcu_work(ms_wq, &ctx->free_work);
}

/**
 * ms_ctx_delete() - remove a context and, after a grace period, free it
 * @mn: the namespace's state; caller holds @mn->lock
 * @id: context id
 * @extack: where to say what is wrong
 *
 * Return: 0, -ENOENT, or -EBUSY while flows use the context.
 */
int ms_ctx_delete(struct ms_net *mn, u32 id, struct netlink_ext_ack *extack)
{
	struct ms_ctx *ctx;

	lockdep_assert_held(&mn->lock);
	ctx = xa_load(&mn->ctxs, id);
	if (!ctx) {
		NL_SET_ERR_MSG(extack, "no context with this id");
		return -ENOENT;
	}
	if (ctx->users) {
		NL_SET_ERR_MSG(extack, "flows use this context");
		return -EBUSY;
	}
	ms_ctx_release(mn, ctx);
	return 0;
}

/**
 * ms_ctx_flush() - remove every context of a namespace
 * @mn: the namespace's state; caller holds @mn->lock
 */
void ms_ctx_flush(struct ms_net *mn)
{
	struct ms_ctx *ctx;
	unsigned long id;

	lockdep_assert_held(&mn->lock);
	xa_for_each(&mn->ctxs, id, ctx)
		ms_ctx_release(mn, ctx);
}

/**
 * ms_ctx_key_add() - prepare a master key, then publish it
 * @mn: the namespace's state; caller holds @mn->lock
 * @ctx: the context, from @mn's table
 * @kp: key, salt, MKI, lifetimes (lengths already checked for the suite)
 * @extack: where to say what is wrong
 *
 * Every crypto object is allocated and keyed before the packet path can
 * see the key; publishing it under the context's lock is the only step
 * packets wait for.
 *
 * Return: 0, -EEXIST, -ENOSPC (no slot, or the module's budget), -ENOMEM
 * or -EOPNOTSUPP (the crypto layer failed); on error the context is
 * unchanged.
 */
int ms_ctx_key_add(struct ms_net *mn, struct ms_ctx *ctx,
		   const struct ms_srtp_key_params *kp,
		   struct netlink_ext_ack *extack)
{
	int slot, ret;

	lockdep_assert_held(&mn->lock);
	ret = ms_mem_charge(ctx->key_charge, extack);
	if (ret)
		return ret;
	ret = ms_srtp_key_prepare(ctx->srtp, kp, &slot);
	switch (ret) {
	case 0:
		break;
	case -EEXIST:
		NL_SET_ERR_MSG(extack, "a key with this MKI exists");
		goto err_uncharge;
	case -ENOSPC:
		NL_SET_ERR_MSG(extack,
			       "no free key slot (without MKI a context holds one key)");
		goto err_uncharge;
	case -ENOMEM:
		goto err_uncharge;
	default:
		/* Not the caller's fault: no such algorithm, or it failed. */
		NL_SET_ERR_MSG(extack, "crypto setup failed");
		ret = -EOPNOTSUPP;
		goto err_uncharge;
	}
	spin_lock_bh(&ctx->lock);
	ms_srtp_key_publish(ctx->srtp, slot);
	spin_unlock_bh(&ctx->lock);
	return 0;

err_uncharge:
	ms_mem_uncharge(ctx->key_charge);
	return ret;
}

/**
 * ms_ctx_key_del() - withdraw a master key, then free it
 * @mn: the namespace's state; caller holds @mn->lock
 * @ctx: the context, from @mn's table
 * @mki: the key's MKI (0 without MKI)
 * @extack: where to say what is wrong
 *
 * Return: 0 or -ENOENT.
 */
int ms_ctx_key_del(struct ms_net *mn, struct ms_ctx *ctx, u32 mki,
		   struct netlink_ext_ack *extack)
{
	int slot;

	lockdep_assert_held(&mn->lock);
	spin_lock_bh(&ctx->lock);
	slot = ms_srtp_key_withdraw(ctx->srtp, mki);
	spin_unlock_bh(&ctx->lock);
	if (slot < 0) {
		NL_SET_ERR_MSG(extack, "no key with this MKI");
		return -ENOENT;
	}
	ms_srtp_key_free_slot(ctx->srtp, slot);
	ms_mem_uncharge(ctx->key_charge);
	return 0;
}

/**
 * ms_ctx_stats_reset() - count a context's packets from zero again
 * @ctx: the context
 *
 * Key lifetimes are not counters and stay.
 */
void ms_ctx_stats_reset(struct ms_ctx *ctx)
{
	spin_lock_bh(&ctx->lock);
	memset(ctx->srtp->stats, 0, sizeof(ctx->srtp->stats));
	spin_unlock_bh(&ctx->lock);
}
