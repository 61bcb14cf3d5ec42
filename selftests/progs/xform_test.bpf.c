// SPDX-License-Identifier: GPL-2.0
/*
 * Runs bpf_mediasec_xform() on the packet under test as the data path
 * does: grow the tail for the trailer before protecting, shrink it to the
 * packet's new length after.  Userspace sets @x before each run.
 */
#include "mediasec_bpf.h"

struct mediasec_xform x;
int ret;
__u32 out_len;

SEC("xdp")
int xform_test(struct xdp_md *ctx)
{
	struct mediasec_xform a = x;
	long have, want;

	if (a.op == MEDIASEC_OP_PROTECT_RTP ||
	    a.op == MEDIASEC_OP_PROTECT_RTCP) {
		if (bpf_xdp_adjust_tail(ctx, MEDIASEC_MAX_TRAILER)) {
			ret = -1000;
			return XDP_DROP;
		}
	}
	ret = bpf_mediasec_xform(ctx, &a, sizeof(a));
	out_len = a.len;
	have = (long)ctx->data_end - (long)ctx->data;
	want = (long)a.offset + a.len;
	if (want != have && bpf_xdp_adjust_tail(ctx, (int)(want - have)))
		ret = -1001;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
