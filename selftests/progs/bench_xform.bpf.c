// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-engine benchmark's program (selftests/bench/ms_kbench.c):
 * run under BPF_PROG_TEST_RUN with a repeat count, on an Ethernet/IPv4/UDP
 * frame carrying one RTP packet.  Each run: the next RTP sequence number
 * (a packet index never protected before), the tail grown by the largest
 * trailer, then per @engine nothing (the harness's own cost), mediasec.ko's
 * bpf_mediasec_xform() or mediasec_floor.ko's bpf_mediasec_floor():
 * protect, and with @round_trip unprotect the result, and the tail shrunk
 * back.  The buffer carries over from one repeat to the next, so protect-
 * only runs encrypt the last ciphertext again (under a new index).
 */
#include "mediasec_bpf.h"
#include "../floor/floor_kfunc.h"

extern int bpf_mediasec_floor(struct xdp_md *ctx, struct ms_floor_args *a,
			      __u32 a__sz) __ksym;

#define RTP_OFF	(14 + 20 + 8)

enum { ENGINE_NONE, ENGINE_OURS, ENGINE_FLOOR };

__u32 engine;
__u32 round_trip;
__u32 rtp_len;
struct mediasec_xform ours_tx, ours_rx;	/* ctx_id and op set by userspace */
__u32 floor_tx_op, floor_rx_op;
__u32 errors;
int last_error;

static __always_inline int run(struct xdp_md *ctx, bool protect)
{
	struct mediasec_xform x = protect ? ours_tx : ours_rx;
	struct ms_floor_args f = {
		.op = protect ? floor_tx_op : floor_rx_op,
		.offset = RTP_OFF,
	};
	__u32 len = protect ? rtp_len : 0;
	int r = 0;

	if (!protect)
		len = (__u32)bpf_xdp_get_buff_len(ctx) - RTP_OFF;
	if (engine == ENGINE_OURS) {
		x.offset = RTP_OFF;
		x.len = len;
		r = bpf_mediasec_xform(ctx, &x, sizeof(x));
		len = x.len;
	} else if (engine == ENGINE_FLOOR) {
		f.len = len;
		r = bpf_mediasec_floor(ctx, &f, sizeof(f));
		len = f.len;
	}
	if (r) {
		errors++;
		last_error = r;
		return -1;
	}
	/* Protected: the packet ends after its trailer. */
	if (protect && round_trip &&
	    bpf_xdp_adjust_tail(ctx, (int)(RTP_OFF + len) -
				(int)bpf_xdp_get_buff_len(ctx)))
		return -1;
	return 0;
}

SEC("xdp")
int bench_xform(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *rtp = data + RTP_OFF;
	__u16 seq;

	if ((void *)(rtp + 12) > end)
		return XDP_ABORTED;
	seq = (__u16)((rtp[2] << 8 | rtp[3]) + 1);
	rtp[2] = seq >> 8;
	rtp[3] = (__u8)seq;
	if (bpf_xdp_adjust_tail(ctx, MEDIASEC_MAX_TRAILER))
		return XDP_ABORTED;
	if (run(ctx, true) || (round_trip && run(ctx, false)))
		return XDP_DROP;
	/* Back to the packet's own length for the next repeat. */
	if (bpf_xdp_adjust_tail(ctx, (int)(RTP_OFF + rtp_len) -
				(int)bpf_xdp_get_buff_len(ctx)))
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
