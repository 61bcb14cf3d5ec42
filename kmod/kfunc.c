// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs: the module's entry points for the XDP and TC programs of ebpf/.
 * They are found by BPF programs through the module's BTF.
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/netdevice.h>
#include <net/xdp.h>
#include <uapi/linux/mediasec.h>

#include "mediasec_kfunc.h"

#include "compat.h"
#include "ctx.h"
#include "mediasec.h"
#include "netns.h"

static_assert((int)MEDIASEC_OP_PROTECT_RTP == (int)MS_SRTP_OP_PROTECT_RTP);
static_assert((int)MEDIASEC_OP_UNPROTECT_RTCP == (int)MS_SRTP_OP_UNPROTECT_RTCP);
static_assert((int)MEDIASEC_RESULT_NO_STREAM == (int)MS_SRTP_NO_STREAM);
static_assert((int)__MEDIASEC_RESULT_MAX == (int)MS_SRTP_NR_RESULTS);
static_assert(MEDIASEC_MAX_STREAMS == MS_SRTP_STREAMS_MAX);
static_assert(MEDIASEC_STREAMS_DEFAULT == MS_SRTP_STREAMS_DEFAULT);
static_assert(MEDIASEC_MAX_TRAILER >= MS_SRTP_MAX_TRAILER);

/* Runs @op on @buf under the context's lock (BH off); the caller holds RCU. */
static int ms_xform(struct ms_ctx *ctx, u32 op, u8 *buf, u32 *len, u32 cap)
{
	enum ms_srtp_result r;

	/* BPF_PROG_TEST_RUN calls in task context: keep softirqs out. */
	spin_lock_bh(&ctx->lock);
	switch (op) {
	case MEDIASEC_OP_PROTECT_RTP:
		r = ms_srtp_protect_rtp(ctx->srtp, buf, len, cap);
		break;
	case MEDIASEC_OP_UNPROTECT_RTP:
		r = ms_srtp_unprotect_rtp(ctx->srtp, buf, len);
		break;
	case MEDIASEC_OP_PROTECT_RTCP:
		r = ms_srtp_protect_rtcp(ctx->srtp, buf, len, cap);
		break;
	default:
		r = ms_srtp_unprotect_rtcp(ctx->srtp, buf, len);
		break;
	}
	if (unlikely(r != MS_SRTP_OK || ctx->srtp->events))
		ms_ctx_note(ctx, r);
	spin_unlock_bh(&ctx->lock);
	return r;
}

/**
 * bpf_mediasec_xform() - protect or unprotect an RTP/RTCP packet in place
 * @ctx: XDP context of the calling program
 * @x: what to do: context id, operation, where the packet lies
 * @x__sz: sizeof(*x)
 *
 * The packet lies at @x->offset for @x->len bytes; everything after it up
 * to the end of the buffer is room for the trailer.  Runs in the caller's
 * (softirq) context without allocating; the context's lock is held for the
 * one operation.  The context is looked up in the network namespace of the
 * receiving device.
 *
 * Return: an enum mediasec_result, with @x->len set to the new length on
 * MEDIASEC_RESULT_OK; -EINVAL for bad arguments or a range outside the
 * packet, -ENOENT for an unknown context, -EPERM when @x->op does not
 * match the context's direction.
 */
__bpf_kfunc int bpf_mediasec_xform(struct xdp_md *ctx, struct mediasec_xform *x,
				   u32 x__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	u32 size = xdp->data_end - xdp->data;
	struct mediasec_xform a;
	struct ms_ctx *c;
	bool protect;
	int r;

	/* 6.1's verifier lets a maybe-NULL map value through as @x. */
	if (!x || x__sz != sizeof(*x))
		return -EINVAL;
	/* @x may be memory others write to: read it once, check the copy. */
	memcpy(&a, x, sizeof(a));
	barrier();
	if (a.op >= __MEDIASEC_OP_MAX || a.offset > size ||
	    a.len > size - a.offset)
		return -EINVAL;
	if (unlikely(!xdp->rxq || !xdp->rxq->dev))
		return -EINVAL;
	/* Whatever the caller holds: see ms_dp_enter(). */
	rcu_read_lock();
	c = xa_load(&ms_net(dev_net(xdp->rxq->dev))->ctxs, a.ctx_id);
	protect = a.op == MEDIASEC_OP_PROTECT_RTP ||
		  a.op == MEDIASEC_OP_PROTECT_RTCP;
	if (!c)
		r = -ENOENT;
	else if (protect != (c->dir == MEDIASEC_DIR_TX))
		r = -EPERM;
	else
		r = ms_xform(c, a.op, (u8 *)xdp->data + a.offset, &a.len,
			     size - a.offset);
	rcu_read_unlock();
	if (r == MEDIASEC_RESULT_OK)
		WRITE_ONCE(x->len, a.len);
	return r;
}

BTF_KFUNCS_START(ms_xdp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mediasec_xform, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mediasec_xdp_flow, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mediasec_xdp_egress, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mediasec_xdp_output, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(ms_xdp_kfunc_ids)

static const struct btf_kfunc_id_set ms_xdp_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &ms_xdp_kfunc_ids,
};

BTF_KFUNCS_START(ms_tc_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mediasec_skb_flow, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(ms_tc_kfunc_ids)

static const struct btf_kfunc_id_set ms_tc_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &ms_tc_kfunc_ids,
};

int __init ms_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &ms_xdp_kfunc_set) ?:
	       register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS,
					 &ms_tc_kfunc_set);
}
