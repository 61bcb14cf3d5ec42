// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP data path's way out for a packet it cannot place yet.
 *
 * After the flow step a packet is the gateway's own: its source is one of
 * the gateway's addresses.  When bpf_fib_lookup() has no next hop for it
 * yet (most often NO_NEIGH: the neighbour's link-layer address is not
 * known), XDP cannot send it, and passing it to the stack does not help
 * either: IPv4 input drops a received packet whose source is a local
 * address (a martian, RFC 1812 5.3.7), so every packet was lost until
 * something else resolved the neighbour.  Here a copy goes out the way a
 * local UDP socket's datagram does (ip_local_out()/ip6_local_out(): the
 * routing, netfilter's OUTPUT and POSTROUTING, fragmentation, and the
 * neighbour layer, which queues it while ARP or ND resolves the next hop),
 * and the program drops the original.  Only the slow path pays for the
 * copy; once the neighbour is known the FIB answers and XDP redirects.
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/xdp.h>

#include "compat.h"
#include "mediasec.h"

/*
 * A copy of the IP packet at @l3, @len bytes, made first: what is checked
 * and routed is the copy, which no one else writes (an AF_XDP frame's
 * bytes may change under us).  The headroom is the usual link-layer
 * maximum; ip_finish_output2() makes more if a device needs it.
 */
static struct sk_buff *ms_out_copy(const void *l3, unsigned int len)
{
	struct sk_buff *skb;

	if (len > IP_MAX_MTU)
		return NULL;
	skb = alloc_skb(LL_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_put_data(skb, l3, len);
	skb_reset_network_header(skb);
	/* The flow step wrote complete checksums. */
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

/*
 * Routed without xfrm (__ip_route_output_key(), ip6_route_output()): the
 * XDP fast path applies no IPsec policy either, and a flow's first
 * packets must not leave differently from the rest.
 */
static int ms_out_v4(struct net *net, struct sk_buff *skb, u32 oif)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct flowi4 fl4 = {};
	struct rtable *rt;

	if (skb->len < sizeof(*iph) || iph->version != 4 || iph->ihl < 5 ||
	    ntohs(iph->tot_len) != skb->len || iph->ihl * 4 > skb->len)
		return -EINVAL;
	skb->protocol = htons(ETH_P_IP);
	skb_set_transport_header(skb, iph->ihl * 4);
	fl4.flowi4_oif = oif;
	fl4.flowi4_tos = RT_TOS(iph->tos);
	fl4.flowi4_proto = iph->protocol;
	fl4.daddr = iph->daddr;
	fl4.saddr = iph->saddr;
	/* A source that is not the gateway's own fails here (-ENETUNREACH). */
	rt = __ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	skb_dst_set(skb, &rt->dst);
	ip_local_out(net, NULL, skb);
	return 0;
}

static int ms_out_v6(struct net *net, struct sk_buff *skb, u32 oif)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	struct flowi6 fl6 = {};
	struct dst_entry *dst;
	int err;

	if (skb->len < sizeof(*ip6) || ip6->version != 6 ||
	    ntohs(ip6->payload_len) != skb->len - sizeof(*ip6))
		return -EINVAL;
	/* Booted with ipv6.disable=1: no IPv6 routing to ask. */
	if (!ipv6_mod_enabled())
		return -EAFNOSUPPORT;
	/* IPv6 routing takes any source: only the gateway's own goes out. */
	if (!ipv6_chk_addr(net, &ip6->saddr, NULL, 0))
		return -EADDRNOTAVAIL;
	skb->protocol = htons(ETH_P_IPV6);
	skb_set_transport_header(skb, sizeof(*ip6));
	fl6.flowi6_oif = oif;
	fl6.flowi6_proto = ip6->nexthdr;
	fl6.daddr = ip6->daddr;
	fl6.saddr = ip6->saddr;
	dst = ip6_route_output(net, NULL, &fl6);
	err = dst->error;
	if (err) {
		dst_release(dst);
		return err;
	}
	skb_dst_set(skb, dst);
	ip6_local_out(net, NULL, skb);
	return 0;
}

/**
 * bpf_mediasec_xdp_output() - send a packet the FIB cannot place yet
 * @ctx: XDP context of the calling program
 * @l3_off: where the packet's IP header is
 * @oif: the flow's output device, 0 for the route's
 *
 * For a flow's packet after bpf_mediasec_xdp_flow(), whose FIB lookup
 * gave no next hop: a copy of the IP packet (from @l3_off to the end of
 * the frame, which must be exactly its length) goes out through the
 * stack's output as the gateway's own, queued by the neighbour layer
 * while the next hop is resolved.  Its source must be one of the
 * namespace's own addresses (a flow that keeps the sender's address
 * forwards nothing the stack would refuse: leave it to the stack).  The
 * caller drops the original once this returns 0.
 *
 * Return: 0 (taken: sent, queued, or dropped by the output path, as
 * netfilter's OUTPUT chain or a full neighbour queue may; counted there),
 * or a negative errno and nothing sent: -EINVAL (bad arguments, a header
 * that does not match the frame), -EADDRNOTAVAIL or a routing error
 * (-ENETUNREACH also for a source that is not local), -ENOMEM.
 */
__bpf_kfunc int bpf_mediasec_xdp_output(struct xdp_md *ctx, u32 l3_off,
					u32 oif)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	unsigned int size = xdp->data_end - xdp->data;
	struct sk_buff *skb;
	struct net *net;
	int err;

	if (unlikely(!xdp->rxq || !xdp->rxq->dev) || l3_off >= size ||
	    xdp_buff_has_frags(xdp))
		return -EINVAL;
	net = dev_net(xdp->rxq->dev);
	skb = ms_out_copy((const u8 *)xdp->data + l3_off, size - l3_off);
	if (!skb)
		return -ENOMEM;
	switch (skb->data[0] >> 4) {
	case 4:
		err = ms_out_v4(net, skb, oif);
		break;
	case 6:
		err = ms_out_v6(net, skb, oif);
		break;
	default:
		err = -EINVAL;
	}
	/* Sent (the output path took the copy), or refused and freed. */
	if (err)
		kfree_skb(skb);
	return err;
}
