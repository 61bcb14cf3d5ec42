// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile arguments to the module's kfuncs, as a verified program can pass
 * them: map values that may be NULL (the maps stay empty, so every lookup
 * is NULL), and headers at offsets that do not match what they say.  And
 * a probe of the flow step's state: BPF_PROG_TEST_RUN calls it from task
 * context with only migrate_disable() (6.1), where its per-CPU counters
 * would race with real traffic unless it keeps softirqs off itself.
 */
#include "mediasec_bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mediasec_xform);
} xforms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mediasec_xdp_md);
} mds SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mediasec_xdp_egress);
} egresses SEC(".maps");

int ret_xform, ret_flow, ret_egress, ret_skb;
struct mediasec_xdp_md md;	/* flow_step's argument, set by the test */

/* No NULL check on purpose: 6.1's verifier accepts these. */
SEC("xdp")
int null_args(struct xdp_md *ctx)
{
	__u32 k = 0;

	ret_xform = bpf_mediasec_xform(ctx, bpf_map_lookup_elem(&xforms, &k),
				       sizeof(struct mediasec_xform));
	ret_flow = bpf_mediasec_xdp_flow(ctx, bpf_map_lookup_elem(&mds, &k),
					 sizeof(struct mediasec_xdp_md));
	ret_egress = bpf_mediasec_xdp_egress(ctx,
					     bpf_map_lookup_elem(&egresses, &k),
					     sizeof(struct mediasec_xdp_egress));
	return XDP_PASS;
}

SEC("tc")
int null_skb_args(struct __sk_buff *skb)
{
	__u32 k = 0;

	ret_skb = bpf_mediasec_skb_flow(skb, bpf_map_lookup_elem(&mds, &k),
					sizeof(struct mediasec_xdp_md));
	return 0;
}

SEC("xdp")
int flow_step(struct xdp_md *ctx)
{
	struct mediasec_xdp_md m = md;

	ret_flow = bpf_mediasec_xdp_flow(ctx, &m, sizeof(m));
	return XDP_PASS;
}

__u32 out_l3, out_oif;
int ret_output;

SEC("xdp")
int output(struct xdp_md *ctx)
{
	ret_output = bpf_mediasec_xdp_output(ctx, out_l3, out_oif);
	return XDP_PASS;
}

extern const int __preempt_count __ksym;
int lookups, lookups_bh_off;

/* The flow table lookup, in the middle of the flow step: softirqs off? */
SEC("fentry/ms_flow_lookup")
int flow_lookup_bh(void *ctx)
{
	const int *pc = bpf_this_cpu_ptr(&__preempt_count);

	lookups++;
	if (*pc & 0xff00)	/* SOFTIRQ_MASK: BH disabled or serving */
		lookups_bh_off++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
