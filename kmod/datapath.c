// SPDX-License-Identifier: GPL-2.0
/*
 * The flow step of the XDP data path: find the flow a UDP packet belongs
 * to, run its SRTP transform in place, rewrite addresses, ports, lengths
 * and checksums, and tell the BPF program what to do next (FIB lookup and
 * redirect are its part).  One pass over the packet, no allocation.
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/xdp.h>
#include <uapi/linux/mediasec.h>

#include "mediasec_kfunc.h"

#include "compat.h"
#include "ctx.h"
#include "flow.h"
#include "mediasec.h"
#include "netns.h"
#include "policy.h"

#define MS_TTL	64	/* packets leave as the gateway's own */

/* RFC 5761 section 4: RTCP packet types 192-223 look like PT 64-95. */
static bool ms_is_rtcp(const u8 *p, u32 len)
{
	return len >= 2 && (p[1] & 0x7f) >= 64 && (p[1] & 0x7f) <= 95;
}

/* One SRTP operation under the context's lock; the caller holds RCU. */
static enum ms_srtp_result ms_dp_op(struct ms_ctx *c, bool protect,
				    bool rtcp, u8 *buf, u32 *len, u32 cap)
{
	enum ms_srtp_result r;

	spin_lock_bh(&c->lock);
	if (protect)
		r = rtcp ? ms_srtp_protect_rtcp(c->srtp, buf, len, cap) :
			   ms_srtp_protect_rtp(c->srtp, buf, len, cap);
	else
		r = rtcp ? ms_srtp_unprotect_rtcp(c->srtp, buf, len) :
			   ms_srtp_unprotect_rtp(c->srtp, buf, len);
	if (unlikely(r != MS_SRTP_OK || c->srtp->events))
		ms_ctx_note(c, r);
	spin_unlock_bh(&c->lock);
	return r;
}

/*
 * Every kfunc brackets its work with these.  RCU: the kfuncs find contexts
 * and flows under RCU whatever their caller holds (drivers run XDP with
 * BH off, not all under rcu_read_lock()).  BH off: the per-CPU counters are
 * updated without atomics, and BPF_PROG_TEST_RUN calls in task context
 * with only migration disabled, where a softirq carrying real traffic on
 * the same CPU could interleave with an update.  Both nest and are cheap
 * where the caller already holds them (NAPI).
 */
static inline void ms_dp_enter(void)
{
	local_bh_disable();
	rcu_read_lock();
}

static inline void ms_dp_leave(void)
{
	rcu_read_unlock();
	local_bh_enable();
}

/* Why a flow's packet was dropped, for its counters. */
enum ms_dp_drop {
	MS_DP_PASSED,
	MS_DP_DROP,		/* malformed, or refused by SRTP */
	MS_DP_DROP_GATE,	/* a source the gate does not let in */
	MS_DP_DROP_POLICE,	/* over the policed rate */
};

static void ms_dp_count(struct ms_flow *f, u64 bytes, u64 tx_bytes,
			enum ms_dp_drop drop)
{
	struct ms_flow_stats *s = this_cpu_ptr(f->stats);

	if (!drop && f->idle_timeout) {
		unsigned long now = jiffies;

		/* One cache line shared by the CPUs: write it rarely. */
		if (READ_ONCE(f->last_fwd) != now)
			WRITE_ONCE(f->last_fwd, now);
		if (unlikely(READ_ONCE(f->idle)))
			WRITE_ONCE(f->idle, false);
	}

	u64_stats_update_begin(&s->syncp);
	if (drop) {
		s->drops++;
		if (drop == MS_DP_DROP_GATE)
			s->gate_drops++;
		else if (drop == MS_DP_DROP_POLICE)
			s->police_drops++;
	} else {
		s->packets++;
		s->bytes += bytes;
		s->tx_bytes += tx_bytes;
	}
	u64_stats_update_end(&s->syncp);
}

/*
 * New addresses, ports, lengths, TTL, DS field (@dscp, or
 * MEDIASEC_DSCP_COPY; the ECN bits stay, RFC 3168) and checksums.
 */
static void ms_dp_rewrite(const struct ms_flow *f, u8 *l3, struct udphdr *uh,
			  u32 udp_len, u8 dscp)
{
	const struct ms_peer *dst = rcu_dereference(f->dst);
	const struct in6_addr *daddr = dst ? &dst->addr : &f->out_daddr;
	__wsum csum;

	if (f->has_sport)
		uh->source = f->out_sport;
	uh->dest = dst ? dst->port : f->out_dport;
	uh->len = htons(udp_len);
	uh->check = 0;
	csum = csum_partial(uh, udp_len, 0);

	if (f->key.family == AF_INET) {
		struct iphdr *iph = (struct iphdr *)l3;

		if (f->has_saddr)
			iph->saddr = f->out_saddr.s6_addr32[3];
		iph->daddr = daddr->s6_addr32[3];
		iph->tot_len = htons(iph->ihl * 4 + udp_len);
		iph->ttl = MS_TTL;
		if (dscp != MEDIASEC_DSCP_COPY)
			iph->tos = (iph->tos & INET_ECN_MASK) | (dscp << 2);
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
		uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr, udp_len,
					      IPPROTO_UDP, csum);
	} else {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)l3;

		if (f->has_saddr)
			ip6->saddr = f->out_saddr;
		ip6->daddr = *daddr;
		ip6->payload_len = htons(udp_len);
		ip6->hop_limit = MS_TTL;
		if (dscp != MEDIASEC_DSCP_COPY)
			ipv6_change_dsfield(ip6, INET_ECN_MASK, dscp << 2);
		uh->check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, udp_len,
					    IPPROTO_UDP, csum);
	}
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

/*
 * The flow a packet is for, from its destination and source.  *@latch is
 * set when the flow is to learn the packet's source, once the packet went
 * through (MEDIASEC_FLOW_F_LATCH; see the UAPI header).  *@gated is set
 * when the flow's gate does not let the source in: the gate comes first,
 * so that what it keeps out is dropped and counted, whatever the remote.
 */
static struct ms_flow *ms_dp_flow(struct ms_net *mn, u8 family, const u8 *l3,
				  const struct udphdr *uh,
				  struct in6_addr *src, bool *latch,
				  bool *gated, struct ms_flow_pol **polp)
{
	struct ms_flow_key key = { .port = uh->dest, .family = family };
	const struct ms_peer *p;
	struct ms_flow_pol *pol;
	struct ms_flow *f;
	u32 flags;
	bool match;

	if (family == AF_INET) {
		const struct iphdr *iph = (const struct iphdr *)l3;

		ipv6_addr_set_v4mapped(iph->daddr, &key.addr);
		ipv6_addr_set_v4mapped(iph->saddr, src);
	} else {
		const struct ipv6hdr *ip6 = (const struct ipv6hdr *)l3;

		key.addr = ip6->daddr;
		*src = ip6->saddr;
	}
	f = ms_flow_lookup(mn, &key);
	if (!f)
		return NULL;
	/* Read once: the gate, policer, DS field and flags of one FLOW_SET. */
	pol = rcu_dereference(f->pol);
	*polp = pol;
	if (unlikely(pol && pol->has_gate) &&
	    !ms_gate_pass(&pol->gate, src, uh->source)) {
		*gated = true;
		return f;
	}

	p = rcu_dereference(f->latched);
	if (p)
		match = ipv6_addr_equal(src, &p->addr) && uh->source == p->port;
	else
		match = !f->has_remote || (ipv6_addr_equal(src, &f->remote) &&
					   uh->source == f->rport);
	flags = pol ? pol->flags : f->flags;
	if (likely(!(flags & MEDIASEC_FLOW_F_LATCH)))
		return match ? f : NULL;	/* bound to a remote, or not */
	if (p && match)
		return f;
	if (p && f->latch_once)
		return NULL;	/* learned once, from an unauthenticated packet */
	*latch = true;		/* once it went through */
	return f;
}

/*
 * The headers a kfunc caller says it found, checked again here: a verified
 * program can pass any offsets, and the checksum and length rewrites trust
 * what passes.  IPv4: version 4, IHL >= 5 and the UDP header right after
 * the options, UDP, and no fragment (a non-first fragment has no UDP
 * header: the stack reassembles); IPv6: no extension header (the UDP
 * length is rewritten as the payload length).
 *
 * Return: 0, 1 for a fragment (the stack's), or -EINVAL.
 */
static int ms_dp_check_l3(const u8 *data, u32 size, u8 family, u32 l3_off,
			  u32 l4_off)
{
	if (family == AF_INET) {
		const struct iphdr *iph = (const struct iphdr *)(data + l3_off);

		if (l3_off > size || size - l3_off < sizeof(*iph) ||
		    iph->version != 4 || iph->ihl < 5 ||
		    l4_off != l3_off + iph->ihl * 4 ||
		    iph->protocol != IPPROTO_UDP)
			return -EINVAL;
		return ip_is_fragment(iph) ? 1 : 0;
	}
	if (family == AF_INET6) {
		const struct ipv6hdr *ip6 =
			(const struct ipv6hdr *)(data + l3_off);

		if (l3_off > size || size - l3_off < sizeof(*ip6) ||
		    ip6->version != 6 || l4_off != l3_off + sizeof(*ip6) ||
		    ip6->nexthdr != IPPROTO_UDP)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

/*
 * The flow step on a packet of @size bytes at @data (the frame and the
 * room after it) in namespace @net: see bpf_mediasec_xdp_flow().
 */
static int ms_dp_step(struct net *net, u8 *data, u32 size,
		      struct mediasec_xdp_md *m)
{
	u32 l3_off, l4_off, udp_len, len, cap, ip_len;
	u64 now;
	bool rtcp, protect_only, ok = true, count_rtp;
	bool latch = false, gated = false;
	const struct ms_police *police = NULL;
	struct ms_flow_pol *pol = NULL;
	struct ms_flow_meter *meter;
	struct ms_rtcp_seen seen;
	enum ms_srtp_result r;
	struct in6_addr src;
	struct udphdr *uh;
	u8 *payload, family;
	struct ms_net *mn;
	struct ms_flow *f;
	int ret;

	/* @m may be written by others meanwhile: read it once. */
	l3_off = READ_ONCE(m->l3_off);
	l4_off = READ_ONCE(m->l4_off);
	family = READ_ONCE(m->family);
	ret = ms_dp_check_l3(data, size, family, l3_off, l4_off);
	if (ret)
		return ret < 0 ? ret : MEDIASEC_XDP_PASS;
	if (l4_off > size || size - l4_off < sizeof(*uh))
		return -EINVAL;

	uh = (struct udphdr *)(data + l4_off);
	mn = ms_net(net);
	f = ms_dp_flow(mn, family, data + l3_off, uh, &src, &latch, &gated,
		       &pol);
	if (!f)
		return MEDIASEC_XDP_PASS;
	if (unlikely(gated)) {
		ms_dp_count(f, 0, 0, MS_DP_DROP_GATE);
		return MEDIASEC_XDP_DROP;
	}

	/* The UDP length, not the frame's: Ethernet may pad short frames. */
	udp_len = ntohs(uh->len);
	if (udp_len < sizeof(*uh) || udp_len > size - l4_off) {
		ms_dp_count(f, 0, 0, MS_DP_DROP);
		return MEDIASEC_XDP_DROP;
	}
	payload = (u8 *)(uh + 1);
	len = udp_len - sizeof(*uh);
	cap = size - l4_off - sizeof(*uh);
	rtcp = f->kind == MEDIASEC_KIND_RTCP ||
	       (f->kind == MEDIASEC_KIND_MUX && ms_is_rtcp(payload, len));

	protect_only = f->action == MEDIASEC_ACTION_RTP_TO_SRTP;
	if ((protect_only || f->action == MEDIASEC_ACTION_SRTP_TO_SRTP) &&
	    cap - len < MEDIASEC_MAX_TRAILER) {
		WRITE_ONCE(m->tail, MEDIASEC_MAX_TRAILER);
		return MEDIASEC_XDP_ROOM;
	}

	/*
	 * Policing after the room check (a packet comes here once more after
	 * its tail grew: it must not pay twice), on the IP length: header,
	 * options included, and the UDP datagram.  A flow that transforms
	 * looks before the crypto (a packet over the rate costs none); every
	 * flow pays after it, with its RTP statistics, under one lock: a
	 * spoofer's packets, which fail authentication, spend nothing of the
	 * remote's rate.  A policer set on a running flow applies from the
	 * first packet that sees the flow's meter as well.
	 */
	/*
	 * FLOW_SET publishes a flow's meter before the policies that need
	 * it: read in that order too (pairs with rcu_assign_pointer()).
	 */
	smp_rmb();
	meter = rcu_dereference(f->meter);
	if (unlikely(pol && pol->has_police && meter))
		police = &pol->police;
	count_rtp = meter && !rtcp && READ_ONCE(meter->rtp.clock_rate);
	/*
	 * One clock read for the policer and the jitter, the one BPF
	 * programs read per packet (bpf_ktime_get_ns()): CLOCK_MONOTONIC
	 * from the fast timekeeper, with no retry on the timekeeper's own
	 * sequence count.  Across an update, and between CPUs, it may step
	 * back by a few ns: the policer takes a step back as no time passed,
	 * the jitter as a transit time that much shorter.
	 */
	now = police || count_rtp ? ktime_get_mono_fast_ns() : 0;
	ip_len = l4_off - l3_off + udp_len;
	if (police && (f->rx || f->tx) &&
	    !ms_police_peek(police, &meter->buckets, ip_len, now)) {
		ms_dp_count(f, 0, 0, MS_DP_DROP_POLICE);
		return MEDIASEC_XDP_DROP;
	}

	if (f->rx) {
		r = ms_dp_op(f->rx, false, rtcp, payload, &len, cap);
		ok = r == MS_SRTP_OK;
	}
	/* RTCP in the clear: after unprotecting, before protecting. */
	if (unlikely(rtcp) && ok)
		ms_rtcp_read(payload, len, &seen);
	if (ok && f->tx) {
		r = ms_dp_op(f->tx, true, rtcp, payload, &len, cap);
		ok = r == MS_SRTP_OK;
	}
	if (!ok) {
		ms_dp_count(f, 0, 0, MS_DP_DROP);
		return MEDIASEC_XDP_DROP;
	}
	if ((police || count_rtp) &&
	    !ms_meter_pass(meter, police, ip_len, count_rtp ? payload : NULL,
			   len, now)) {
		ms_dp_count(f, 0, 0, MS_DP_DROP_POLICE);
		return MEDIASEC_XDP_DROP;
	}
	ms_dp_count(f, udp_len - sizeof(*uh), len, MS_DP_PASSED);
	/* Forwarded: what its RTCP said counts now, not before. */
	if (unlikely(rtcp))
		ms_rtcp_commit(mn, f, &seen);
	if (unlikely(latch))
		ms_flow_latch(mn, f, &src, uh->source);

	ms_dp_rewrite(f, data + l3_off, uh, len + sizeof(*uh),
		      pol ? pol->dscp : MEDIASEC_DSCP_COPY);
	WRITE_ONCE(m->tail, (s32)(l4_off + sizeof(*uh) + len) - (s32)size);
	WRITE_ONCE(m->ifindex, f->out_ifindex);
	WRITE_ONCE(m->flow_id, f->id);
	return MEDIASEC_XDP_FWD;
}

/**
 * bpf_mediasec_xdp_flow() - the flow step of the XDP data path
 * @ctx: XDP context of the calling program
 * @m: in: where the IP and UDP headers are and the family; out: what to do
 * @m__sz: sizeof(*m)
 *
 * Finds the flow of a UDP packet by its destination address and port;
 * drops a source its gate keeps out and a packet over its policed rate;
 * unprotects and/or protects its RTP or RTCP payload in place with the
 * flow's contexts; counts its RTP reception statistics and times the
 * round trips RTCP reports show; rewrites
 * addresses, ports, lengths, TTL, the DS field and checksums; counts it.
 * The caller checked the headers against the packet's end and does the
 * FIB lookup and redirect.
 *
 * Return: MEDIASEC_XDP_PASS (not a flow's: leave it to the stack),
 * MEDIASEC_XDP_DROP (a flow's, refused and counted), MEDIASEC_XDP_ROOM
 * (grow the tail by @m->tail bytes and call again), MEDIASEC_XDP_FWD (done:
 * adjust the tail by @m->tail, then route to @m->ifindex or by the FIB),
 * or -EINVAL for bad arguments.
 */
__bpf_kfunc int bpf_mediasec_xdp_flow(struct xdp_md *ctx,
				      struct mediasec_xdp_md *m, u32 m__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	int v;

	/* 6.1's verifier lets a maybe-NULL map value through as @m. */
	if (!m || m__sz != sizeof(*m) || unlikely(!xdp->rxq || !xdp->rxq->dev))
		return -EINVAL;
	ms_dp_enter();
	v = ms_dp_step(dev_net(xdp->rxq->dev), xdp->data,
		       xdp->data_end - xdp->data, m);
	ms_dp_leave();
	return v;
}

/**
 * bpf_mediasec_skb_flow() - the flow step of the TC data path
 * @ctx: the packet of the calling SCHED_CLS program
 * @m: as for bpf_mediasec_xdp_flow()
 * @m__sz: sizeof(*m)
 *
 * As bpf_mediasec_xdp_flow(), on a socket buffer that the caller made
 * linear and writable (bpf_skb_pull_data() of its whole length) and whose
 * tail it grows and shrinks with bpf_skb_change_tail().  The checksums
 * written are complete, so a forwarded packet is CHECKSUM_NONE.  GSO
 * packets are not handled.
 *
 * Return: as bpf_mediasec_xdp_flow(); -EINVAL also for a packet that is
 * not linear, not writable, or GSO (pass it to the stack).
 */
__bpf_kfunc int bpf_mediasec_skb_flow(struct __sk_buff *ctx,
				      struct mediasec_xdp_md *m, u32 m__sz)
{
	struct sk_buff *skb = (struct sk_buff *)ctx;
	int v;

	if (!m || m__sz != sizeof(*m) || !skb->dev || skb_is_nonlinear(skb) ||
	    skb_is_gso(skb) ||
	    (skb_cloned(skb) && !skb_clone_writable(skb, skb->len)))
		return -EINVAL;
	ms_dp_enter();
	v = ms_dp_step(dev_net(skb->dev), skb->data, skb->len, m);
	ms_dp_leave();
	if (v == MEDIASEC_XDP_FWD)
		skb->ip_summed = CHECKSUM_NONE;
	return v;
}

/* bpf_mediasec_xdp_egress() under RCU. */
static int ms_dp_egress(struct net *net, struct mediasec_xdp_egress *e)
{
	struct net_device *dev;
	__be16 proto = 0, tci = 0;

	dev = dev_get_by_index_rcu(net, READ_ONCE(e->ifindex));
	if (!dev)
		return -ENODEV;
	if (is_vlan_dev(dev)) {
		if (!netif_running(dev))
			return -ENETDOWN;
		/* Exported by 8021q, which every VLAN device loaded already. */
		proto = vlan_dev_vlan_proto(dev);
		tci = htons(vlan_dev_vlan_id(dev));
		dev = vlan_dev_real_dev(dev);
		/* A VLAN device may live in another namespace than its own. */
		if (is_vlan_dev(dev) || !net_eq(dev_net(dev), net))
			return -EOPNOTSUPP;
	}
	if (!netif_running(dev))
		return -ENETDOWN;
	WRITE_ONCE(e->ifindex, dev->ifindex);
	WRITE_ONCE(e->vlan_proto, proto);
	WRITE_ONCE(e->vlan_tci, tci);
	return 0;
}

/**
 * bpf_mediasec_xdp_egress() - the device and VLAN tag a packet leaves with
 * @ctx: XDP context of the calling program
 * @e: in: the device the FIB chose; out: the device to send on and the tag
 * @e__sz: sizeof(*e)
 *
 * XDP frames cannot be sent on a VLAN device: for one, the caller pushes
 * the tag this returns and sends on the device under it.
 *
 * Return: 0, -ENODEV, -ENETDOWN, -EOPNOTSUPP (VLAN over VLAN), or -EINVAL
 * for bad arguments.
 */
__bpf_kfunc int bpf_mediasec_xdp_egress(struct xdp_md *ctx,
					struct mediasec_xdp_egress *e,
					u32 e__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	int ret;

	if (!e || e__sz != sizeof(*e) || unlikely(!xdp->rxq || !xdp->rxq->dev))
		return -EINVAL;
	rcu_read_lock();
	ret = ms_dp_egress(dev_net(xdp->rxq->dev), e);
	rcu_read_unlock();
	return ret;
}
