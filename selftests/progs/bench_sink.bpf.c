// SPDX-License-Identifier: GPL-2.0
/*
 * The data-path benchmark's sink: drops every UDP datagram (IPv4 or IPv6,
 * no VLAN) where it arrives, so receiving costs next to nothing; passes
 * the rest (ARP, neighbour discovery).  The veth counts what it dropped
 * (ethtool -S: rx_queue_N_xdp_drops), which is the count of packets that
 * arrived.
 */
#include "mediasec_bpf.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 proto;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return XDP_PASS;
		proto = ip->protocol;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_PASS;
		proto = ip6->nexthdr;
	} else {
		return XDP_PASS;
	}
	return proto == IPPROTO_UDP ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
