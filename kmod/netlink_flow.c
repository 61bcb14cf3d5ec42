// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on flows (MEDIASEC_CMD_FLOW_*); the API is documented
 * in include/uapi/linux/mediasec.h.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/mediasec.h>

#include "ctx.h"
#include "flow.h"
#include "netlink.h"
#include "netns.h"

static struct netlink_range_validation ms_idle_range = {
	.min = 1,
	.max = 86400,
};

/* RTP clocks: 8 kHz audio to 90 kHz video, and room beyond (RFC 3551). */
static struct netlink_range_validation ms_clock_range = {
	.min = 1,
	.max = 10000000,
};

const struct nla_policy ms_flow_policy[MEDIASEC_A_FLOW_MAX + 1] = {
	[MEDIASEC_A_FLOW_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_FLOW_ACTION]	=
		NLA_POLICY_RANGE(NLA_U8, 1, MEDIASEC_ACTION_MAX),
	[MEDIASEC_A_FLOW_KIND]		=
		NLA_POLICY_RANGE(NLA_U8, 1, MEDIASEC_KIND_MAX),
	[MEDIASEC_A_FLOW_LOCAL_ADDR]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MEDIASEC_A_FLOW_LOCAL_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[MEDIASEC_A_FLOW_REMOTE_ADDR]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MEDIASEC_A_FLOW_REMOTE_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[MEDIASEC_A_FLOW_RX_CTX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_FLOW_TX_CTX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_FLOW_OUT_SADDR]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MEDIASEC_A_FLOW_OUT_SPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[MEDIASEC_A_FLOW_OUT_DADDR]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[MEDIASEC_A_FLOW_OUT_DPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[MEDIASEC_A_FLOW_OUT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_FLOW_FLAGS]		=
		NLA_POLICY_MASK(NLA_U32, MEDIASEC_FLOW_F_ALL),
	[MEDIASEC_A_FLOW_STATS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_FLOW_REVERSE]	= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_FLOW_IDLE_TIMEOUT]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_idle_range),
	[MEDIASEC_A_FLOW_GATE]		= NLA_POLICY_NESTED(ms_gate_policy),
	[MEDIASEC_A_FLOW_POLICE]	= NLA_POLICY_NESTED(ms_police_policy),
	[MEDIASEC_A_FLOW_DSCP]		=
		NLA_POLICY_MAX(NLA_U8, MEDIASEC_DSCP_COPY),
	[MEDIASEC_A_FLOW_CLOCK_RATE]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_clock_range),
	[MEDIASEC_A_FLOW_RTP]		= { .type = NLA_REJECT },
	[MEDIASEC_A_FLOW_IDLE]		= { .type = NLA_REJECT },
	[MEDIASEC_A_FLOW_RTT]		= NLA_POLICY_RANGE(NLA_U8, 1, 1),
	[MEDIASEC_A_FLOW_RTT_STATS]	= { .type = NLA_REJECT },
};

/**
 * ms_nl_addr() - an address attribute of a flow's family, IPv4 mapped
 * @attr: the attribute, 4 or 16 bytes
 * @family: the flow's family
 * @out: the address
 * @extack: where to say what is wrong
 *
 * Return: 0 or -EINVAL.
 */
int ms_nl_addr(struct nlattr *attr, u8 family, struct in6_addr *out,
	       struct netlink_ext_ack *extack)
{
	int len = family == AF_INET ? 4 : 16;

	if (nla_len(attr) != len) {
		if (nla_len(attr) == 4 || nla_len(attr) == 16)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "address family differs from the local address");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "an address is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	if (family == AF_INET) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(attr), out);
		return 0;
	}
	*out = nla_get_in6_addr(attr);
	/* IPv4 packets are matched as IPv4: a mapped address never would. */
	if (ipv6_addr_v4mapped(out)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "give IPv4 addresses in 4 bytes, not mapped");
		return -EINVAL;
	}
	return 0;
}

/* A local or destination address must name one host. */
static int ms_nl_unicast(struct nlattr *attr, const struct in6_addr *a,
			 struct netlink_ext_ack *extack)
{
	bool v4 = ipv6_addr_v4mapped(a);

	if ((v4 && (!a->s6_addr32[3] ||
		    ipv4_is_multicast(a->s6_addr32[3]) ||
		    ipv4_is_lbcast(a->s6_addr32[3]))) ||
	    (!v4 && (ipv6_addr_any(a) || ipv6_addr_is_multicast(a)))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "not a unicast address");
		return -EINVAL;
	}
	return 0;
}

/* Actions and the contexts they need. */
static int ms_nl_flow_ctxs(struct nlattr **tb, u8 action,
			   struct netlink_ext_ack *extack)
{
	bool need_rx = action == MEDIASEC_ACTION_SRTP_TO_RTP ||
		       action == MEDIASEC_ACTION_SRTP_TO_SRTP;
	bool need_tx = action == MEDIASEC_ACTION_RTP_TO_SRTP ||
		       action == MEDIASEC_ACTION_SRTP_TO_SRTP;

	if (need_rx && !tb[MEDIASEC_A_FLOW_RX_CTX]) {
		NL_SET_ERR_MSG(extack, "this action needs an RX context");
		return -EINVAL;
	}
	if (!need_rx && tb[MEDIASEC_A_FLOW_RX_CTX]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_RX_CTX],
				    "this action takes no RX context");
		return -EINVAL;
	}
	if (need_tx && !tb[MEDIASEC_A_FLOW_TX_CTX]) {
		NL_SET_ERR_MSG(extack, "this action needs a TX context");
		return -EINVAL;
	}
	if (!need_tx && tb[MEDIASEC_A_FLOW_TX_CTX]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_TX_CTX],
				    "this action takes no TX context");
		return -EINVAL;
	}
	return 0;
}

/* The MEDIASEC_A_FLOW nest of a request; it and its id are required. */
static int ms_nl_parse_flow(struct genl_info *info, struct nlattr **tb)
{
	return ms_nl_parse_obj(info, MEDIASEC_A_FLOW, MEDIASEC_A_FLOW_MAX,
			       ms_flow_policy, MEDIASEC_A_FLOW_ID, tb);
}

static int ms_nl_flow_cfg(struct genl_info *info, struct nlattr **tb,
			  struct ms_flow_cfg *cfg)
{
	struct nlattr *nest = info->attrs[MEDIASEC_A_FLOW];
	struct netlink_ext_ack *extack = info->extack;
	struct ms_flow *f = &cfg->f;
	int ret;

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_FLOW_ACTION) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_FLOW_LOCAL_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_FLOW_LOCAL_PORT) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_FLOW_OUT_DADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, MEDIASEC_A_FLOW_OUT_DPORT))
		return -EINVAL;

	memset(cfg, 0, sizeof(*cfg));
	cfg->pol.dscp = MEDIASEC_DSCP_COPY;
	f->id = nla_get_u32(tb[MEDIASEC_A_FLOW_ID]);
	f->action = nla_get_u8(tb[MEDIASEC_A_FLOW_ACTION]);
	f->kind = tb[MEDIASEC_A_FLOW_KIND] ?
		  nla_get_u8(tb[MEDIASEC_A_FLOW_KIND]) : MEDIASEC_KIND_RTP;
	if (tb[MEDIASEC_A_FLOW_FLAGS])
		f->flags = nla_get_u32(tb[MEDIASEC_A_FLOW_FLAGS]);

	switch (nla_len(tb[MEDIASEC_A_FLOW_LOCAL_ADDR])) {
	case 4:
		f->key.family = AF_INET;
		break;
	case 16:
		f->key.family = AF_INET6;
		break;
	default:
		NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_LOCAL_ADDR],
				    "an address is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	ret = ms_nl_addr(tb[MEDIASEC_A_FLOW_LOCAL_ADDR], f->key.family,
			 &f->key.addr, extack) ?:
	      ms_nl_unicast(tb[MEDIASEC_A_FLOW_LOCAL_ADDR], &f->key.addr,
			    extack);
	if (ret)
		return ret;
	f->key.port = htons(nla_get_u16(tb[MEDIASEC_A_FLOW_LOCAL_PORT]));

	if (!tb[MEDIASEC_A_FLOW_REMOTE_ADDR] != !tb[MEDIASEC_A_FLOW_REMOTE_PORT]) {
		NL_SET_ERR_MSG(extack, "a remote needs both address and port");
		return -EINVAL;
	}
	if (tb[MEDIASEC_A_FLOW_REMOTE_ADDR]) {
		ret = ms_nl_addr(tb[MEDIASEC_A_FLOW_REMOTE_ADDR], f->key.family,
				 &f->remote, extack);
		if (ret)
			return ret;
		f->rport = htons(nla_get_u16(tb[MEDIASEC_A_FLOW_REMOTE_PORT]));
		f->has_remote = true;
	}

	ret = ms_nl_addr(tb[MEDIASEC_A_FLOW_OUT_DADDR], f->key.family,
			 &f->out_daddr, extack) ?:
	      ms_nl_unicast(tb[MEDIASEC_A_FLOW_OUT_DADDR], &f->out_daddr,
			    extack);
	if (ret)
		return ret;
	f->out_dport = htons(nla_get_u16(tb[MEDIASEC_A_FLOW_OUT_DPORT]));
	if (tb[MEDIASEC_A_FLOW_OUT_SADDR]) {
		ret = ms_nl_addr(tb[MEDIASEC_A_FLOW_OUT_SADDR], f->key.family,
				 &f->out_saddr, extack);
		if (ret)
			return ret;
		f->has_saddr = true;
	}
	if (tb[MEDIASEC_A_FLOW_OUT_SPORT]) {
		f->out_sport = htons(nla_get_u16(tb[MEDIASEC_A_FLOW_OUT_SPORT]));
		f->has_sport = true;
	}
	if (tb[MEDIASEC_A_FLOW_OUT_IFINDEX])
		f->out_ifindex = nla_get_u32(tb[MEDIASEC_A_FLOW_OUT_IFINDEX]);
	if (tb[MEDIASEC_A_FLOW_REVERSE]) {
		f->reverse = nla_get_u32(tb[MEDIASEC_A_FLOW_REVERSE]);
		if (f->reverse == f->id) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MEDIASEC_A_FLOW_REVERSE],
					    "a flow is not its own reverse");
			return -EINVAL;
		}
	}
	if (tb[MEDIASEC_A_FLOW_IDLE_TIMEOUT])
		f->idle_timeout =
			nla_get_u32(tb[MEDIASEC_A_FLOW_IDLE_TIMEOUT]);

	cfg->pol.flags = f->flags;
	ret = ms_nl_flow_ctxs(tb, f->action, extack) ?:
	      ms_nl_pol_parse(tb, f->key.family, f->kind, &cfg->pol, extack);
	if (ret)
		return ret;
	if (tb[MEDIASEC_A_FLOW_RX_CTX])
		cfg->rx_id = nla_get_u32(tb[MEDIASEC_A_FLOW_RX_CTX]);
	if (tb[MEDIASEC_A_FLOW_TX_CTX])
		cfg->tx_id = nla_get_u32(tb[MEDIASEC_A_FLOW_TX_CTX]);
	return 0;
}

static bool ms_nl_dev_exists(struct net *net, int ifindex)
{
	bool ok;

	rcu_read_lock();
	ok = !!dev_get_by_index_rcu(net, ifindex);
	rcu_read_unlock();
	return ok;
}

int ms_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	struct ms_net *mn = ms_net(net);
	struct ms_flow_cfg *cfg;
	int ret;

	ret = ms_nl_parse_flow(info, tb);
	if (ret)
		return ret;
	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return -ENOMEM;
	ret = ms_nl_flow_cfg(info, tb, cfg);
	if (ret)
		goto out_free_cfg;
	if (cfg->f.out_ifindex && !ms_nl_dev_exists(net, cfg->f.out_ifindex)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[MEDIASEC_A_FLOW_OUT_IFINDEX],
				    "no device with this index");
		ret = -ENODEV;
		goto out_free_cfg;
	}
	mutex_lock(&mn->lock);
	ret = ms_flow_create(mn, cfg, info->extack);
	mutex_unlock(&mn->lock);
out_free_cfg:
	kfree(cfg);
	return ret;
}

static int ms_nl_put_addr(struct sk_buff *skb, int type, u8 family,
			  const struct in6_addr *a)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, a->s6_addr32[3]);
	return nla_put_in6_addr(skb, type, a);
}

static int ms_nl_put_flow_stats(struct sk_buff *skb, const struct ms_flow *f)
{
	struct ms_flow_stats sum;
	struct nlattr *nest;

	ms_flow_stats_read(f, &sum);
	nest = nla_nest_start(skb, MEDIASEC_A_FLOW_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_PACKETS, sum.packets,
			      MEDIASEC_A_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_BYTES, sum.bytes,
			      MEDIASEC_A_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_DROPS, sum.drops,
			      MEDIASEC_A_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_TX_BYTES, sum.tx_bytes,
			      MEDIASEC_A_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_GATE_DROPS,
			      sum.gate_drops, MEDIASEC_A_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_FLOW_STATS_POLICE_DROPS,
			      sum.police_drops, MEDIASEC_A_FLOW_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_fill_flow(struct sk_buff *skb, const struct ms_flow *f,
			   u32 portid, u32 seq, int flags)
{
	struct in6_addr remote, daddr;
	u8 fam = f->key.family;
	__be16 rport, dport;
	struct nlattr *nest;
	bool has_remote;
	void *hdr;

	ms_flow_remote(f, &remote, &rport);
	has_remote = !!rport;
	ms_flow_dest(f, &daddr, &dport);

	hdr = genlmsg_put(skb, portid, seq, &ms_genl_family, flags,
			  MEDIASEC_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MEDIASEC_A_FLOW);
	if (!nest ||
	    nla_put_u32(skb, MEDIASEC_A_FLOW_ID, f->id) ||
	    nla_put_u8(skb, MEDIASEC_A_FLOW_ACTION, f->action) ||
	    nla_put_u8(skb, MEDIASEC_A_FLOW_KIND, f->kind) ||
	    ms_nl_put_addr(skb, MEDIASEC_A_FLOW_LOCAL_ADDR, fam, &f->key.addr) ||
	    nla_put_u16(skb, MEDIASEC_A_FLOW_LOCAL_PORT, ntohs(f->key.port)) ||
	    (has_remote &&
	     (ms_nl_put_addr(skb, MEDIASEC_A_FLOW_REMOTE_ADDR, fam, &remote) ||
	      nla_put_u16(skb, MEDIASEC_A_FLOW_REMOTE_PORT, ntohs(rport)))) ||
	    (f->rx && nla_put_u32(skb, MEDIASEC_A_FLOW_RX_CTX, f->rx->id)) ||
	    (f->tx && nla_put_u32(skb, MEDIASEC_A_FLOW_TX_CTX, f->tx->id)) ||
	    (f->has_saddr &&
	     ms_nl_put_addr(skb, MEDIASEC_A_FLOW_OUT_SADDR, fam,
			    &f->out_saddr)) ||
	    (f->has_sport &&
	     nla_put_u16(skb, MEDIASEC_A_FLOW_OUT_SPORT, ntohs(f->out_sport))) ||
	    ms_nl_put_addr(skb, MEDIASEC_A_FLOW_OUT_DADDR, fam, &daddr) ||
	    nla_put_u16(skb, MEDIASEC_A_FLOW_OUT_DPORT, ntohs(dport)) ||
	    (f->out_ifindex &&
	     nla_put_u32(skb, MEDIASEC_A_FLOW_OUT_IFINDEX, f->out_ifindex)) ||
	    (f->reverse &&
	     nla_put_u32(skb, MEDIASEC_A_FLOW_REVERSE, f->reverse)) ||
	    (f->idle_timeout &&
	     (nla_put_u32(skb, MEDIASEC_A_FLOW_IDLE_TIMEOUT, f->idle_timeout) ||
	      nla_put_u8(skb, MEDIASEC_A_FLOW_IDLE, READ_ONCE(f->idle)))) ||
	    ms_nl_put_pol(skb, f) ||
	    ms_nl_put_flow_stats(skb, f))
		goto err_cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ms_nl_flow_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	struct sk_buff *msg;
	struct ms_flow *f;
	int ret;

	ret = ms_nl_parse_flow(info, tb);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&mn->lock);
	f = xa_load(&mn->flows, nla_get_u32(tb[MEDIASEC_A_FLOW_ID]));
	if (f) {
		ret = ms_nl_fill_flow(msg, f, info->snd_portid, info->snd_seq,
				      0);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_FLOW_ID],
				    "no flow with this id");
		ret = -ENOENT;
	}
	mutex_unlock(&mn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int ms_nl_fill_flow_obj(struct sk_buff *skb, void *obj, u32 portid,
			       u32 seq, int flags)
{
	return ms_nl_fill_flow(skb, obj, portid, seq, flags);
}

/* With NLM_F_ECHO the flow as deleted goes back first (ms_nl_del_xa()). */
int ms_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_FLOW_MAX + 1];
	int ret;

	ret = ms_nl_parse_flow(info, tb);
	if (ret)
		return ret;
	return ms_nl_del_xa(info, mn, &mn->flows,
			    nla_get_u32(tb[MEDIASEC_A_FLOW_ID]),
			    ms_nl_fill_flow_obj, ms_flow_delete);
}

int ms_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ms_net *mn = ms_net(sock_net(skb->sk));

	return ms_nl_dump_xa(skb, cb, mn, &mn->flows, ms_nl_fill_flow_obj);
}
