// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec XDP data path.
 *
 * Parses Ethernet (with at most one 802.1Q/802.1AD tag), IPv4 or IPv6 and
 * UDP, checking every header against data_end.  UDP packets go to the
 * module's flow step (bpf_mediasec_xdp_flow): it finds the flow, runs the
 * SRTP transform in place and rewrites the headers.  Then the FIB gives the
 * next hop and the packet is redirected (or sent back out, XDP_TX).
 * A packet that leaves on a VLAN device gets its tag here and goes out on
 * the device under it (one tag in, one tag out, any combination).
 *
 * mediasec_tc is the same for TC (clsact ingress), where XDP cannot be
 * used: devices without XDP, traffic of local processes (attached to lo).
 * There the stack has taken any VLAN tag off already, and
 * bpf_redirect_neigh() resolves a missing neighbour and sends on VLAN
 * devices itself.
 * Anything that is not a flow's passes to the stack untouched.  A flow's
 * packet that the FIB cannot place yet (no neighbour entry) is already
 * transformed, and its source is the gateway's own address, which the
 * stack's input would drop as a martian (RFC 1812 5.3.7): the module
 * sends a copy through the stack's output, where the neighbour layer
 * queues it while ARP/ND runs (bpf_mediasec_xdp_output()), and the
 * original is dropped.  Only a packet the module cannot send so (a
 * source kept from the sender, no route) passes to the stack.
 */
#include "mediasec_bpf.h"
#include "mediasec_xdp.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88A8
#define IPPROTO_UDP_	17
#define AF_INET_	2
#define AF_INET6_	10
#define ETH_ALEN_	6
/*
 * uapi/linux/pkt_cls.h, not in vmlinux.h.  What is not ours to send goes
 * on as UNSPEC, not OK: in direct-action mode OK ends the classification,
 * and the filters an operator put after ours on the same hook would never
 * see the packet.
 */
#define TC_ACT_UNSPEC	(-1)
#define TC_ACT_SHOT	2

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ms_xdp_counters);
} ms_xdp_counters SEC(".maps");

/* This CPU's counters: looked up once per packet. */
static __always_inline struct ms_xdp_counters *counters(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&ms_xdp_counters, &zero);
}

static __always_inline void count(struct ms_xdp_counters *c, __u32 what)
{
	if (c)
		c->n[what]++;
}

/* Where the headers are; 0 on success. */
struct ms_parsed {
	__u32 l3_off;
	__u32 l4_off;
	__u8 family;
	__u8 vlan;
};

static __always_inline int parse(void *data, void *end, struct ms_parsed *p,
				 struct ms_xdp_counters *c)
{
	struct ethhdr *eth = data;
	void *l3 = eth + 1;
	__u16 proto;

	if (l3 > end)
		return -1;
	proto = eth->h_proto;
	p->vlan = 0;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr_ *vh = l3;

		if ((void *)(vh + 1) > end)
			return -1;
		proto = vh->proto;
		l3 = vh + 1;
		p->vlan = 1;
	}
	p->l3_off = l3 - data;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > end)
			return -1;
		count(c, MS_XDP_CNT_IPV4);
		if (ip->ihl < 5 || ip->protocol != IPPROTO_UDP_ ||
		    (ip->frag_off & bpf_htons(0x3fff)))
			return -1;
		p->family = AF_INET_;
		p->l4_off = p->l3_off + ip->ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end)
			return -1;
		count(c, MS_XDP_CNT_IPV6);
		if (ip6->nexthdr != IPPROTO_UDP_)
			return -1;
		p->family = AF_INET6_;
		p->l4_off = p->l3_off + sizeof(*ip6);
	} else {
		return -1;
	}
	if (data + p->l4_off + sizeof(struct udphdr) > end) {
		count(c, MS_XDP_CNT_MALFORMED);
		return -1;
	}
	count(c, MS_XDP_CNT_UDP);
	return 0;
}

/*
 * The FIB question for the rewritten packet: its addresses, from the
 * ingress device or, when the flow names one, out of @oif.  Returns the
 * lookup flags, or -1 if the IP header is not inside the packet.
 */
static __always_inline int fib_request(struct bpf_fib_lookup *fib, void *data,
				       void *end, const struct ms_parsed *p,
				       __u32 ingress, __u32 oif)
{
	if (p->family == AF_INET_) {
		struct iphdr *ip = data + (p->l3_off & 0xff);

		if ((void *)(ip + 1) > end)
			return -1;
		fib->family = AF_INET_;
		fib->tos = ip->tos;
		fib->ipv4_src = ip->saddr;
		fib->ipv4_dst = ip->daddr;
		fib->tot_len = bpf_ntohs(ip->tot_len);
	} else {
		struct ipv6hdr *ip6 = data + (p->l3_off & 0xff);

		if ((void *)(ip6 + 1) > end)
			return -1;
		fib->family = AF_INET6_;
		__builtin_memcpy(fib->ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(fib->ipv6_dst, &ip6->daddr, 16);
		fib->tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
	}
	fib->l4_protocol = IPPROTO_UDP_;
	fib->ifindex = oif ? oif : ingress;
	return oif ? BPF_FIB_LOOKUP_OUTPUT : 0;
}

/* Next hop of the rewritten packet; XDP_PASS lets the stack do it. */
static __always_inline int route(struct xdp_md *ctx, const struct ms_parsed *p,
				 __u32 oif, struct ms_xdp_counters *c)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct mediasec_xdp_egress eg = {};
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = data;
	int flags;
	long rc;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	flags = fib_request(&fib, data, end, p, ctx->ingress_ifindex, oif);
	if (flags < 0)
		return XDP_PASS;
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), flags);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		goto to_stack;
	eg.ifindex = fib.ifindex;
	if (bpf_mediasec_xdp_egress(ctx, &eg, sizeof(eg)))
		goto to_stack;
	/* The tag: pop it, push one, or keep the slot (and its priority). */
	if (p->vlan && !eg.vlan_proto) {
		if (bpf_xdp_adjust_head(ctx, (int)sizeof(struct vlan_hdr_)))
			goto to_stack;
	} else if (!p->vlan && eg.vlan_proto) {
		if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vlan_hdr_)))
			goto to_stack;
	}
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) + sizeof(struct vlan_hdr_) > end)
		return XDP_DROP;
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN_);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN_);
	if (eg.vlan_proto) {
		struct vlan_hdr_ *vh = (void *)(eth + 1);

		eth->h_proto = eg.vlan_proto;
		vh->tci = (p->vlan ? vh->tci & bpf_htons(0xe000) : 0) |
			  eg.vlan_tci;
	}
	if (eg.ifindex == ctx->ingress_ifindex) {
		count(c, MS_XDP_CNT_TX);
		return XDP_TX;
	}
	count(c, MS_XDP_CNT_REDIRECT);
	return bpf_redirect(eg.ifindex, 0);

to_stack:
	if (!bpf_mediasec_xdp_output(ctx, p->l3_off, oif)) {
		count(c, MS_XDP_CNT_OUTPUT);
		return XDP_DROP;
	}
	count(c, MS_XDP_CNT_TO_STACK);
	return XDP_PASS;
}

SEC("xdp")
int mediasec_xdp(struct xdp_md *ctx)
{
	struct ms_xdp_counters *c = counters();
	struct mediasec_xdp_md m = {};
	struct ms_parsed p;
	int v;

	count(c, MS_XDP_CNT_RX);
	if (parse((void *)(long)ctx->data, (void *)(long)ctx->data_end, &p, c))
		return XDP_PASS;
	m.l3_off = p.l3_off;
	m.l4_off = p.l4_off;
	m.family = p.family;
	v = bpf_mediasec_xdp_flow(ctx, &m, sizeof(m));
	if (v == MEDIASEC_XDP_ROOM) {
		if (bpf_xdp_adjust_tail(ctx, m.tail))
			goto drop;
		v = bpf_mediasec_xdp_flow(ctx, &m, sizeof(m));
	}
	if (v == MEDIASEC_XDP_PASS || v < 0)
		return XDP_PASS;
	if (v != MEDIASEC_XDP_FWD)
		goto drop;
	count(c, MS_XDP_CNT_FLOW);
	if (m.tail && bpf_xdp_adjust_tail(ctx, m.tail))
		goto drop;
	return route(ctx, &p, m.ifindex, c);

drop:
	count(c, MS_XDP_CNT_DROP);
	return XDP_DROP;
}

/* Next hop from TC: the FIB's device, the neighbour resolved if need be. */
static __always_inline int route_tc(struct __sk_buff *skb,
				    const struct ms_parsed *p, __u32 oif,
				    struct ms_xdp_counters *c)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct bpf_fib_lookup fib = {};
	int flags;
	long rc;

	flags = fib_request(&fib, data, end, p, skb->ingress_ifindex, oif);
	if (flags < 0)
		return TC_ACT_UNSPEC;
	rc = bpf_fib_lookup(skb, &fib, sizeof(fib), flags);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS && rc != BPF_FIB_LKUP_RET_NO_NEIGH) {
		count(c, MS_XDP_CNT_TO_STACK);
		return TC_ACT_UNSPEC;
	}
	count(c, MS_XDP_CNT_REDIRECT);
	return bpf_redirect_neigh(fib.ifindex, NULL, 0, 0);
}

SEC("tc")
int mediasec_tc(struct __sk_buff *skb)
{
	struct ms_xdp_counters *c = counters();
	struct mediasec_xdp_md m = {};
	struct ms_parsed p;
	int v;

	count(c, MS_XDP_CNT_RX);
	if (parse((void *)(long)skb->data, (void *)(long)skb->data_end, &p, c))
		return TC_ACT_UNSPEC;
	/*
	 * A tag still in the frame (QinQ, or TC on a VLAN device) is not
	 * ours to handle here; GSO packets the kfunc refuses anyway.
	 */
	if (p.vlan || skb->gso_size)
		return TC_ACT_UNSPEC;
	/* The kfunc works on one linear, writable buffer. */
	if (bpf_skb_pull_data(skb, skb->len))
		return TC_ACT_UNSPEC;
	m.l3_off = p.l3_off;
	m.l4_off = p.l4_off;
	m.family = p.family;
	v = bpf_mediasec_skb_flow(skb, &m, sizeof(m));
	if (v == MEDIASEC_XDP_ROOM) {
		if (bpf_skb_change_tail(skb, skb->len + m.tail, 0))
			goto drop;
		v = bpf_mediasec_skb_flow(skb, &m, sizeof(m));
	}
	if (v == MEDIASEC_XDP_PASS || v < 0)
		return TC_ACT_UNSPEC;
	if (v != MEDIASEC_XDP_FWD)
		goto drop;
	count(c, MS_XDP_CNT_FLOW);
	if (m.tail && bpf_skb_change_tail(skb, skb->len + m.tail, 0))
		goto drop;
	/* The ingress VLAN, if any, is not the egress one. */
	if (skb->vlan_present && bpf_skb_vlan_pop(skb))
		goto drop;
	return route_tc(skb, &p, m.ifindex, c);

drop:
	count(c, MS_XDP_CNT_DROP);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
