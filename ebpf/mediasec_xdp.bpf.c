// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec XDP classifier.
 *
 * Parses Ethernet (with at most one 802.1Q/802.1AD tag), IPv4 or IPv6 and
 * UDP, checking every header against data_end, and counts what it sees.
 * Media flows are steered into the module's crypto path by later stages;
 * anything else passes to the stack untouched (the default verdict).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "mediasec_xdp.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88A8
#define IPPROTO_UDP_	17

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MS_XDP_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ms_xdp_counters SEC(".maps");

static __always_inline void count(__u32 what)
{
	__u64 *c = bpf_map_lookup_elem(&ms_xdp_counters, &what);

	if (c)
		*c += 1;
}

static __always_inline int parse_udp(void *l4, void *end)
{
	struct udphdr *udp = l4;

	if ((void *)(udp + 1) > end) {
		count(MS_XDP_CNT_MALFORMED);
		return XDP_PASS;
	}
	count(MS_XDP_CNT_UDP);
	return XDP_PASS;
}

SEC("xdp")
int mediasec_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	void *l3 = eth + 1;
	__u16 proto;

	count(MS_XDP_CNT_RX);
	if (l3 > end)
		return XDP_PASS;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr_ *vh = l3;

		if ((void *)(vh + 1) > end)
			return XDP_PASS;
		proto = vh->proto;
		l3 = vh + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > end)
			return XDP_PASS;
		count(MS_XDP_CNT_IPV4);
		if (ip->ihl < 5 || ip->protocol != IPPROTO_UDP_ ||
		    (ip->frag_off & bpf_htons(0x3fff)))
			return XDP_PASS;
		return parse_udp(l3 + ip->ihl * 4, end);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end)
			return XDP_PASS;
		count(MS_XDP_CNT_IPV6);
		if (ip6->nexthdr != IPPROTO_UDP_)
			return XDP_PASS;
		return parse_udp(ip6 + 1, end);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
