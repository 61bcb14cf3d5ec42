// SPDX-License-Identifier: GPL-2.0
/*
 * The data-path benchmark's injector: redirects every frame it receives
 * out of the device @target_ifindex (ms_blast redirect sets it), so the
 * generator's datagrams reach the gateway as XDP frames, as from a NIC,
 * rather than as locally built skbs (which veth would copy into a page
 * for the gateway's XDP program).
 */
#include "mediasec_bpf.h"

const volatile __u32 target_ifindex;

SEC("xdp")
int bench_redirect(struct xdp_md *ctx)
{
	return bpf_redirect(target_ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
