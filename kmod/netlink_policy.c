// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies of flows over netlink: the GATE and POLICE nests, the
 * DSCP, CLOCK_RATE and RTT attributes, the RTP statistics and round trips
 * a flow reports, and MEDIASEC_CMD_FLOW_SET, which changes them on a
 * running flow.  The API is documented in include/uapi/linux/mediasec.h.
 */

#include <linux/bits.h>
#include <linux/limits.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <uapi/linux/mediasec.h>

#include "flow.h"
#include "netlink.h"
#include "netns.h"
#include "policy.h"

#define MS_POLICE_BURST_MIN	64

static struct netlink_range_validation ms_rate_range = {
	.min = 1,
	.max = U32_MAX,
};

static struct netlink_range_validation ms_burst_range = {
	.min = MS_POLICE_BURST_MIN,
	.max = MS_POLICE_BURST_MAX,
};

const struct nla_policy ms_gate_policy[MEDIASEC_A_GATE_MAX + 1] = {
	[MEDIASEC_A_GATE_ADDR]		= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MEDIASEC_A_GATE_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[MEDIASEC_A_GATE_PORT_MIN]	= NLA_POLICY_MIN(NLA_U16, 1),
	[MEDIASEC_A_GATE_PORT_MAX]	= NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy ms_police_policy[MEDIASEC_A_POLICE_MAX + 1] = {
	[MEDIASEC_A_POLICE_RATE]	=
		NLA_POLICY_FULL_RANGE(NLA_U64, &ms_rate_range),
	[MEDIASEC_A_POLICE_BURST]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_burst_range),
	[MEDIASEC_A_POLICE_PEAK_RATE]	=
		NLA_POLICY_FULL_RANGE(NLA_U64, &ms_rate_range),
	[MEDIASEC_A_POLICE_PEAK_BURST]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_burst_range),
};

/* The gate of a GATE nest; an empty nest takes the gate away. */
static int ms_nl_gate(struct nlattr *nest, u8 family, struct ms_pol_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MEDIASEC_A_GATE_MAX + 1];
	u8 bits = family == AF_INET ? 32 : 128, plen = bits;
	struct ms_gate *g = &cfg->gate;
	struct in6_addr addr;
	int ret;

	ret = nla_parse_nested(tb, MEDIASEC_A_GATE_MAX, nest, ms_gate_policy,
			       extack);
	if (ret)
		return ret;
	if (!tb[MEDIASEC_A_GATE_ADDR] && !tb[MEDIASEC_A_GATE_PORT_MIN]) {
		if (tb[MEDIASEC_A_GATE_PREFIX_LEN] ||
		    tb[MEDIASEC_A_GATE_PORT_MAX]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "a gate needs an address or a lowest port");
			return -EINVAL;
		}
		cfg->has_gate = false;
		return 0;
	}
	memset(g, 0, sizeof(*g));
	if (tb[MEDIASEC_A_GATE_PREFIX_LEN]) {
		if (!tb[MEDIASEC_A_GATE_ADDR]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_GATE_PREFIX_LEN],
					    "a prefix length needs an address");
			return -EINVAL;
		}
		plen = nla_get_u8(tb[MEDIASEC_A_GATE_PREFIX_LEN]);
		if (plen > bits) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_GATE_PREFIX_LEN],
					    "longer than the address");
			return -EINVAL;
		}
		if (!plen && !tb[MEDIASEC_A_GATE_PORT_MIN]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_GATE_PREFIX_LEN],
					    "a gate that lets every source in: give none");
			return -EINVAL;
		}
	}
	if (tb[MEDIASEC_A_GATE_ADDR]) {
		ret = ms_nl_addr(tb[MEDIASEC_A_GATE_ADDR], family, &addr,
				 extack);
		if (ret)
			return ret;
		/*
		 * IPv4 is kept mapped: its prefix starts after 96 bits.  A
		 * prefix of 0 (with ports) is any address: kept as 0.
		 */
		g->prefix_len = plen ? plen + 128 - bits : 0;
		ipv6_addr_prefix(&g->addr, &addr, g->prefix_len);
	}
	g->port_max = U16_MAX;
	if (tb[MEDIASEC_A_GATE_PORT_MIN]) {
		g->port_min = nla_get_u16(tb[MEDIASEC_A_GATE_PORT_MIN]);
		g->port_max = tb[MEDIASEC_A_GATE_PORT_MAX] ?
			      nla_get_u16(tb[MEDIASEC_A_GATE_PORT_MAX]) :
			      g->port_min;
		if (g->port_max < g->port_min) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_GATE_PORT_MAX],
					    "below the lowest port");
			return -EINVAL;
		}
	} else if (tb[MEDIASEC_A_GATE_PORT_MAX]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_GATE_PORT_MAX],
				    "a highest port needs a lowest port");
		return -EINVAL;
	}
	ms_gate_mask(g);
	cfg->has_gate = true;
	return 0;
}

/* The policer of a POLICE nest; an empty nest takes the policer away. */
static int ms_nl_police(struct nlattr *nest, struct ms_pol_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MEDIASEC_A_POLICE_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, MEDIASEC_A_POLICE_MAX, nest,
			       ms_police_policy, extack);
	if (ret)
		return ret;
	if (!nla_len(nest)) {
		cfg->has_police = false;
		return 0;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_POLICE_RATE) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_POLICE_BURST))
		return -EINVAL;
	if (!tb[MEDIASEC_A_POLICE_PEAK_RATE] !=
	    !tb[MEDIASEC_A_POLICE_PEAK_BURST]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a peak rate needs a peak burst, and the reverse");
		return -EINVAL;
	}
	cfg->rate = nla_get_u64(tb[MEDIASEC_A_POLICE_RATE]);
	cfg->burst = nla_get_u32(tb[MEDIASEC_A_POLICE_BURST]);
	cfg->peak_rate = 0;
	cfg->peak_burst = 0;
	if (tb[MEDIASEC_A_POLICE_PEAK_RATE]) {
		cfg->peak_rate = nla_get_u64(tb[MEDIASEC_A_POLICE_PEAK_RATE]);
		cfg->peak_burst = nla_get_u32(tb[MEDIASEC_A_POLICE_PEAK_BURST]);
		if (cfg->peak_rate < cfg->rate) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[MEDIASEC_A_POLICE_PEAK_RATE],
					    "a peak rate below the sustainable rate");
			return -EINVAL;
		}
	}
	cfg->has_police = true;
	return 0;
}

/**
 * ms_nl_pol_parse() - apply a request's policy attributes to @cfg
 * @tb: the MEDIASEC_A_FLOW nest's attributes
 * @family: the flow's address family
 * @kind: the flow's kind (enum mediasec_kind)
 * @cfg: the policies so far (defaults, or the flow's); what is absent in
 *	@tb stays
 * @extack: where to say what is wrong
 *
 * Return: 0 or -EINVAL; on error @cfg may be half changed (the caller
 * drops it).
 */
int ms_nl_pol_parse(struct nlattr **tb, u8 family, u8 kind,
		    struct ms_pol_cfg *cfg, struct netlink_ext_ack *extack)
{
	int ret;

	if (tb[MEDIASEC_A_FLOW_CLOCK_RATE] && kind == MEDIASEC_KIND_RTCP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_CLOCK_RATE],
				    "an RTCP flow carries no RTP to count");
		return -EINVAL;
	}
	if (tb[MEDIASEC_A_FLOW_RTT] && kind == MEDIASEC_KIND_RTP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_RTT],
				    "an RTP flow carries no RTCP to time");
		return -EINVAL;
	}
	if (tb[MEDIASEC_A_FLOW_FLAGS])
		cfg->flags = nla_get_u32(tb[MEDIASEC_A_FLOW_FLAGS]);

	if (tb[MEDIASEC_A_FLOW_GATE]) {
		ret = ms_nl_gate(tb[MEDIASEC_A_FLOW_GATE], family, cfg, extack);
		if (ret)
			return ret;
	}
	if (tb[MEDIASEC_A_FLOW_POLICE]) {
		ret = ms_nl_police(tb[MEDIASEC_A_FLOW_POLICE], cfg, extack);
		if (ret)
			return ret;
	}
	if (tb[MEDIASEC_A_FLOW_DSCP])
		cfg->dscp = nla_get_u8(tb[MEDIASEC_A_FLOW_DSCP]);
	if (tb[MEDIASEC_A_FLOW_CLOCK_RATE])
		cfg->clock_rate = nla_get_u32(tb[MEDIASEC_A_FLOW_CLOCK_RATE]);
	if (tb[MEDIASEC_A_FLOW_RTT])
		cfg->rtt = true;	/* 1, the policy's only value */
	return 0;
}

static int ms_nl_put_gate(struct sk_buff *skb, u8 family,
			  const struct ms_gate *g)
{
	u8 extra = family == AF_INET ? 96 : 0;
	struct nlattr *nest = nla_nest_start(skb, MEDIASEC_A_FLOW_GATE);

	if (!nest)
		return -EMSGSIZE;
	if (g->prefix_len &&
	    ((family == AF_INET ?
	      nla_put_in_addr(skb, MEDIASEC_A_GATE_ADDR, g->addr.s6_addr32[3]) :
	      nla_put_in6_addr(skb, MEDIASEC_A_GATE_ADDR, &g->addr)) ||
	     nla_put_u8(skb, MEDIASEC_A_GATE_PREFIX_LEN,
			g->prefix_len - extra)))
		return -EMSGSIZE;
	if (g->port_min &&
	    (nla_put_u16(skb, MEDIASEC_A_GATE_PORT_MIN, g->port_min) ||
	     nla_put_u16(skb, MEDIASEC_A_GATE_PORT_MAX, g->port_max)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_put_police(struct sk_buff *skb, const struct ms_pol_cfg *c)
{
	struct nlattr *nest = nla_nest_start(skb, MEDIASEC_A_FLOW_POLICE);

	if (!nest ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_POLICE_RATE, c->rate,
			      MEDIASEC_A_POLICE_PAD) ||
	    nla_put_u32(skb, MEDIASEC_A_POLICE_BURST, c->burst) ||
	    (c->peak_rate &&
	     (nla_put_u64_64bit(skb, MEDIASEC_A_POLICE_PEAK_RATE, c->peak_rate,
				MEDIASEC_A_POLICE_PAD) ||
	      nla_put_u32(skb, MEDIASEC_A_POLICE_PEAK_BURST, c->peak_burst))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_put_rtp(struct sk_buff *skb, struct ms_flow_meter *meter)
{
	struct ms_rtp_report r;
	struct nlattr *nest;

	if (!ms_rtp_report(meter, &r))
		return 0;
	nest = nla_nest_start(skb, MEDIASEC_A_FLOW_RTP);
	if (!nest ||
	    nla_put_u32(skb, MEDIASEC_A_RTP_SSRC, r.ssrc) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_RTP_RECEIVED, r.received,
			      MEDIASEC_A_RTP_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_RTP_EXPECTED, r.expected,
			      MEDIASEC_A_RTP_PAD) ||
	    nla_put_s64(skb, MEDIASEC_A_RTP_LOST, r.lost, MEDIASEC_A_RTP_PAD) ||
	    nla_put_u32(skb, MEDIASEC_A_RTP_JITTER, r.jitter))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_put_rtt(struct sk_buff *skb, struct ms_rtt *rtt)
{
	struct ms_rtt_report r;
	struct nlattr *nest;

	if (nla_put_u8(skb, MEDIASEC_A_FLOW_RTT, 1))
		return -EMSGSIZE;
	if (!ms_rtt_report(rtt, &r))
		return 0;
	nest = nla_nest_start(skb, MEDIASEC_A_FLOW_RTT_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_RTT_SAMPLES, r.samples,
			      MEDIASEC_A_RTT_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_RTT_SUM, r.sum_us,
			      MEDIASEC_A_RTT_PAD) ||
	    nla_put_u32(skb, MEDIASEC_A_RTT_LAST, r.last_us) ||
	    nla_put_u32(skb, MEDIASEC_A_RTT_MIN, r.min_us) ||
	    nla_put_u32(skb, MEDIASEC_A_RTT_MAX, r.max_us))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * ms_nl_put_pol() - a flow's flags, policies, RTP statistics and round trips
 * @skb: the message, inside the MEDIASEC_A_FLOW nest
 * @f: the flow; caller holds the namespace's mutex
 *
 * Return: 0 or -EMSGSIZE.
 */
int ms_nl_put_pol(struct sk_buff *skb, const struct ms_flow *f)
{
	struct ms_flow_meter *meter;
	struct ms_pol_cfg cfg;
	struct ms_rtt *rtt;
	int ret = -EMSGSIZE;

	rcu_read_lock();
	meter = rcu_dereference(f->meter);
	rtt = rcu_dereference(f->rtt);
	ms_pol_cfg_of(rcu_dereference(f->pol), meter, f->flags, &cfg);
	if (nla_put_u32(skb, MEDIASEC_A_FLOW_FLAGS, cfg.flags) ||
	    (cfg.has_gate && ms_nl_put_gate(skb, f->key.family, &cfg.gate)) ||
	    (cfg.has_police && ms_nl_put_police(skb, &cfg)) ||
	    (cfg.dscp != MEDIASEC_DSCP_COPY &&
	     nla_put_u8(skb, MEDIASEC_A_FLOW_DSCP, cfg.dscp)) ||
	    (cfg.clock_rate && (nla_put_u32(skb, MEDIASEC_A_FLOW_CLOCK_RATE,
					    cfg.clock_rate) ||
				ms_nl_put_rtp(skb, meter))) ||
	    (rtt && ms_nl_put_rtt(skb, rtt)))
		goto out_unlock;
	ret = 0;
out_unlock:
	rcu_read_unlock();
	return ret;
}

/* What FLOW_SET may change: the rest of a flow is its identity. */
static const int ms_flow_set_attrs[] = {
	MEDIASEC_A_FLOW_ID, MEDIASEC_A_FLOW_GATE, MEDIASEC_A_FLOW_POLICE,
	MEDIASEC_A_FLOW_DSCP, MEDIASEC_A_FLOW_CLOCK_RATE, MEDIASEC_A_FLOW_FLAGS,
	MEDIASEC_A_FLOW_RTT,
};

static int ms_nl_flow_set_only(struct nlattr **tb,
			       struct netlink_ext_ack *extack)
{
	int type, i;

	for (type = 1; type <= MEDIASEC_A_FLOW_MAX; type++) {
		if (!tb[type])
			continue;
		for (i = 0; i < ARRAY_SIZE(ms_flow_set_attrs); i++)
			if (ms_flow_set_attrs[i] == type)
				break;
		if (i == ARRAY_SIZE(ms_flow_set_attrs)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[type],
					    "FLOW_SET changes policies and flags only");
			return -EINVAL;
		}
	}
	return 0;
}

int ms_nl_flow_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	struct ms_pol_cfg cfg;
	struct ms_flow *f;
	int ret;

	ret = ms_nl_parse_obj(info, MEDIASEC_A_FLOW, MEDIASEC_A_FLOW_MAX,
			      ms_flow_policy, MEDIASEC_A_FLOW_ID, tb) ?:
	      ms_nl_flow_set_only(tb, info->extack);
	if (ret)
		return ret;
	mutex_lock(&mn->lock);
	f = xa_load(&mn->flows, nla_get_u32(tb[MEDIASEC_A_FLOW_ID]));
	if (!f) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_FLOW_ID],
				    "no flow with this id");
		ret = -ENOENT;
		goto out_unlock;
	}
	ms_pol_cfg_of(rcu_dereference_protected(f->pol,
						lockdep_is_held(&mn->lock)),
		      rcu_dereference_protected(f->meter,
						lockdep_is_held(&mn->lock)),
		      f->flags, &cfg);
	cfg.rtt = !!rcu_dereference_protected(f->rtt,
					      lockdep_is_held(&mn->lock));
	ret = ms_nl_pol_parse(tb, f->key.family, f->kind, &cfg,
			      info->extack) ?:
	      ms_flow_set_pol(mn, f, &cfg, info->extack);
out_unlock:
	mutex_unlock(&mn->lock);
	return ret;
}
