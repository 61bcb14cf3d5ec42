// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies of a flow as netlink attributes (the UAPI header
 * documents them): the gate, the policer, the DS field, the RTP clock, the
 * round-trip timing; and the RTP reception statistics and round trips a
 * flow reports.
 */
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <string.h>

#include "msnl.h"
#include "msobj.h"

static int put_gate(struct nl_msg *msg, const struct msobj_pol *p)
{
	struct nlattr *g = nla_nest_start(msg, MEDIASEC_A_FLOW_GATE);

	if (!g)
		return -1;
	if (p->has_gate && p->gate.ep.alen &&
	    (nla_put(msg, MEDIASEC_A_GATE_ADDR, p->gate.ep.alen,
		     p->gate.ep.addr) ||
	     nla_put_u8(msg, MEDIASEC_A_GATE_PREFIX_LEN, p->gate.prefix_len)))
		return -1;
	if (p->has_gate && p->gate.ep.port &&
	    (nla_put_u16(msg, MEDIASEC_A_GATE_PORT_MIN, p->gate.ep.port) ||
	     nla_put_u16(msg, MEDIASEC_A_GATE_PORT_MAX,
			 p->gate.port_max ? p->gate.port_max :
					    p->gate.ep.port)))
		return -1;
	nla_nest_end_keep_empty(msg, g);	/* empty: no gate (libnl drops it else) */
	return 0;
}

static int put_police(struct nl_msg *msg, const struct msobj_pol *p)
{
	struct nlattr *n = nla_nest_start(msg, MEDIASEC_A_FLOW_POLICE);

	if (!n)
		return -1;
	if (p->rate &&
	    (nla_put_u64(msg, MEDIASEC_A_POLICE_RATE, p->rate) ||
	     nla_put_u32(msg, MEDIASEC_A_POLICE_BURST, p->burst) ||
	     (p->peak_rate &&
	      (nla_put_u64(msg, MEDIASEC_A_POLICE_PEAK_RATE, p->peak_rate) ||
	       nla_put_u32(msg, MEDIASEC_A_POLICE_PEAK_BURST,
			   p->peak_burst)))))
		return -1;
	nla_nest_end_keep_empty(msg, n);	/* empty: no policer */
	return 0;
}

/**
 * msobj_put_pol() - a flow's policies as attributes of its nest
 * @msg: the request, inside MEDIASEC_A_FLOW
 * @p: the policies
 * @set: for FLOW_SET: every policy is given, an absent one as an empty
 *	nest or the default (the kernel keeps what is not given); for
 *	FLOW_NEW only those that apply
 *
 * Return: 0, or -1 when @msg is full.
 */
int msobj_put_pol(struct nl_msg *msg, const struct msobj_pol *p, bool set)
{
	if ((p->has_gate || set) && put_gate(msg, p))
		return -1;
	if ((p->rate || set) && put_police(msg, p))
		return -1;
	if ((p->has_dscp || set) &&
	    nla_put_u8(msg, MEDIASEC_A_FLOW_DSCP,
		       p->has_dscp ? p->dscp : MEDIASEC_DSCP_COPY))
		return -1;
	if (p->clock_rate &&
	    nla_put_u32(msg, MEDIASEC_A_FLOW_CLOCK_RATE, p->clock_rate))
		return -1;
	if (p->rtt && nla_put_u8(msg, MEDIASEC_A_FLOW_RTT, 1))
		return -1;
	return 0;
}

static void parse_rtp(struct nlattr *a, struct msobj_rtp *r)
{
	struct nlattr *rt[MEDIASEC_A_RTP_MAX + 1];

	if (!a || nla_parse_nested(rt, MEDIASEC_A_RTP_MAX, a, msnl_rtp_policy) ||
	    !rt[MEDIASEC_A_RTP_SSRC] || !rt[MEDIASEC_A_RTP_RECEIVED] ||
	    !rt[MEDIASEC_A_RTP_EXPECTED] || !rt[MEDIASEC_A_RTP_LOST] ||
	    !rt[MEDIASEC_A_RTP_JITTER])
		return;
	r->valid = true;
	r->ssrc = nla_get_u32(rt[MEDIASEC_A_RTP_SSRC]);
	r->received = nla_get_u64(rt[MEDIASEC_A_RTP_RECEIVED]);
	r->expected = nla_get_u64(rt[MEDIASEC_A_RTP_EXPECTED]);
	r->lost = (int64_t)nla_get_u64(rt[MEDIASEC_A_RTP_LOST]);
	r->jitter = nla_get_u32(rt[MEDIASEC_A_RTP_JITTER]);
}

static void parse_rtt(struct nlattr *a, struct msobj_rtp *r)
{
	struct nlattr *rt[MEDIASEC_A_RTT_MAX + 1];

	if (!a || nla_parse_nested(rt, MEDIASEC_A_RTT_MAX, a, msnl_rtt_policy) ||
	    !rt[MEDIASEC_A_RTT_SAMPLES] || !rt[MEDIASEC_A_RTT_SUM] ||
	    !rt[MEDIASEC_A_RTT_LAST] || !rt[MEDIASEC_A_RTT_MIN] ||
	    !rt[MEDIASEC_A_RTT_MAX])
		return;
	r->rtt_samples = nla_get_u64(rt[MEDIASEC_A_RTT_SAMPLES]);
	r->rtt_sum_us = nla_get_u64(rt[MEDIASEC_A_RTT_SUM]);
	r->rtt_last_us = nla_get_u32(rt[MEDIASEC_A_RTT_LAST]);
	r->rtt_min_us = nla_get_u32(rt[MEDIASEC_A_RTT_MIN]);
	r->rtt_max_us = nla_get_u32(rt[MEDIASEC_A_RTT_MAX]);
}

/**
 * msobj_parse_pol() - a FLOW_GET reply's policies and RTP statistics
 * @ft: the attributes of its MEDIASEC_A_FLOW nest
 * @f: filled in (pol, rtp)
 */
void msobj_parse_pol(struct nlattr **ft, struct msobj_flow *f)
{
	struct nlattr *gt[MEDIASEC_A_GATE_MAX + 1];
	struct nlattr *pt[MEDIASEC_A_POLICE_MAX + 1];
	struct msobj_pol *p = &f->pol;

	if (ft[MEDIASEC_A_FLOW_GATE] &&
	    !nla_parse_nested(gt, MEDIASEC_A_GATE_MAX, ft[MEDIASEC_A_FLOW_GATE],
			      msnl_gate_policy)) {
		p->has_gate = true;
		msobj_get_ep(gt[MEDIASEC_A_GATE_ADDR], gt[MEDIASEC_A_GATE_PORT_MIN],
			     &p->gate.ep);
		if (gt[MEDIASEC_A_GATE_PREFIX_LEN])
			p->gate.prefix_len =
				nla_get_u8(gt[MEDIASEC_A_GATE_PREFIX_LEN]);
		if (gt[MEDIASEC_A_GATE_PORT_MAX])
			p->gate.port_max =
				nla_get_u16(gt[MEDIASEC_A_GATE_PORT_MAX]);
	}
	if (ft[MEDIASEC_A_FLOW_POLICE] &&
	    !nla_parse_nested(pt, MEDIASEC_A_POLICE_MAX,
			      ft[MEDIASEC_A_FLOW_POLICE], msnl_police_policy) &&
	    pt[MEDIASEC_A_POLICE_RATE] && pt[MEDIASEC_A_POLICE_BURST]) {
		p->rate = nla_get_u64(pt[MEDIASEC_A_POLICE_RATE]);
		p->burst = nla_get_u32(pt[MEDIASEC_A_POLICE_BURST]);
		if (pt[MEDIASEC_A_POLICE_PEAK_RATE] &&
		    pt[MEDIASEC_A_POLICE_PEAK_BURST]) {
			p->peak_rate = nla_get_u64(pt[MEDIASEC_A_POLICE_PEAK_RATE]);
			p->peak_burst =
				nla_get_u32(pt[MEDIASEC_A_POLICE_PEAK_BURST]);
		}
	}
	if (ft[MEDIASEC_A_FLOW_DSCP] &&
	    nla_get_u8(ft[MEDIASEC_A_FLOW_DSCP]) != MEDIASEC_DSCP_COPY) {
		p->has_dscp = true;
		p->dscp = nla_get_u8(ft[MEDIASEC_A_FLOW_DSCP]);
	}
	if (ft[MEDIASEC_A_FLOW_CLOCK_RATE])
		p->clock_rate = nla_get_u32(ft[MEDIASEC_A_FLOW_CLOCK_RATE]);
	p->rtt = ft[MEDIASEC_A_FLOW_RTT] && nla_get_u8(ft[MEDIASEC_A_FLOW_RTT]);
	parse_rtp(ft[MEDIASEC_A_FLOW_RTP], &f->rtp);
	parse_rtt(ft[MEDIASEC_A_FLOW_RTT_STATS], &f->rtp);
	f->idle = ft[MEDIASEC_A_FLOW_IDLE] &&
		  nla_get_u8(ft[MEDIASEC_A_FLOW_IDLE]);
}
