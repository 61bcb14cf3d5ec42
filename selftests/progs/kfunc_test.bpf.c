// SPDX-License-Identifier: GPL-2.0
/* Calls the module's self-test kfunc on the packet under test. */
#include "mediasec_bpf.h"

__u32 offset;
__u32 len;
int ret;

SEC("xdp")
int kfunc_test(struct xdp_md *ctx)
{
	ret = bpf_mediasec_xdp_selftest(ctx, offset, len);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
