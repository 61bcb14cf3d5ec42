// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies' benchmark program (selftests/bench/ms_pbench.c): run
 * under BPF_PROG_TEST_RUN with a repeat count on an Ethernet/IPv4/UDP
 * frame carrying one RTP packet.  Each run writes the frame's headers
 * back (the flow step rewrote them the run before: addresses, ports,
 * checksums, TTL, DS field) and the next RTP sequence number and
 * timestamp (a stream in order, 20 ms of 8 kHz audio a packet), then,
 * unless @step is 0 (the harness's own cost), calls
 * bpf_mediasec_xdp_flow() on the flow the headers name: forward or
 * RTP-to-SRTP, with every policy or with none.  The frame has room after
 * the packet for the SRTP tag; the program leaves the tail as it is.
 */
#include "mediasec_bpf.h"

#define HDR_LEN	(14 + 20 + 8)
#define AF_INET_	2	/* not in vmlinux.h */

unsigned char hdr[HDR_LEN];	/* set by userspace */
__u32 step;
__u32 seq;
__u32 errors;
int last_error;

SEC("xdp")
int bench_policy(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct mediasec_xdp_md m = {
		.l3_off = 14, .l4_off = 14 + 20, .family = AF_INET_,
	};
	int r;

	if (data + HDR_LEN + 12 > end)
		return XDP_ABORTED;
	__builtin_memcpy(data, hdr, HDR_LEN);
	seq++;
	*(__be16 *)(data + HDR_LEN + 2) = bpf_htons((__u16)seq);
	*(__be32 *)(data + HDR_LEN + 4) = bpf_htonl(seq * 160);
	if (!step)
		return XDP_PASS;
	r = bpf_mediasec_xdp_flow(ctx, &m, sizeof(m));
	if (r != MEDIASEC_XDP_FWD) {
		errors++;
		last_error = r;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
