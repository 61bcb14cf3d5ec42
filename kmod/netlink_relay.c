// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on relays (MEDIASEC_CMD_RELAY_*), and the relays of a
 * namespace; the API is documented in include/uapi/linux/mediasec.h.
 */

#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/mediasec.h>

#include "netlink.h"
#include "netns.h"
#include "relay.h"

/* A descriptor is an int. */
static struct netlink_range_validation ms_fd_range = {
	.min = 0,
	.max = INT_MAX,
};

const struct nla_policy ms_relay_policy[MEDIASEC_A_RELAY_MAX + 1] = {
	[MEDIASEC_A_RELAY_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_RELAY_FD_A]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_fd_range),
	[MEDIASEC_A_RELAY_FD_B]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ms_fd_range),
	[MEDIASEC_A_RELAY_END]		= { .type = NLA_REJECT },
	[MEDIASEC_A_RELAY_END_LEG]	= { .type = NLA_REJECT },
	[MEDIASEC_A_RELAY_LEG_A]	= { .type = NLA_REJECT },
	[MEDIASEC_A_RELAY_LEG_B]	= { .type = NLA_REJECT },
};

static int ms_nl_parse_relay(struct genl_info *info, struct nlattr **tb)
{
	return ms_nl_parse_obj(info, MEDIASEC_A_RELAY, MEDIASEC_A_RELAY_MAX,
			       ms_relay_policy, MEDIASEC_A_RELAY_ID, tb);
}

static int ms_nl_put_addr(struct sk_buff *skb, int type, u8 family,
			  const struct in6_addr *addr)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type, addr);
}

static int ms_nl_fill_leg(struct sk_buff *skb, int type,
			  const struct ms_relay_leg *leg)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u8(skb, MEDIASEC_A_LEG_KIND,
		       leg->tls ? MEDIASEC_LEG_TLS : MEDIASEC_LEG_TCP) ||
	    (leg->tls &&
	     (nla_put_u16(skb, MEDIASEC_A_LEG_TLS_VERSION, leg->tls_version) ||
	      nla_put_u16(skb, MEDIASEC_A_LEG_TLS_CIPHER, leg->tls_cipher) ||
	      nla_put_u64_64bit(skb, MEDIASEC_A_LEG_RX_RECORDS,
				leg->rx_records, MEDIASEC_A_LEG_PAD) ||
	      nla_put_u64_64bit(skb, MEDIASEC_A_LEG_TX_RECORDS,
				leg->tx_records, MEDIASEC_A_LEG_PAD) ||
	      nla_put_u64_64bit(skb, MEDIASEC_A_LEG_TICKETS_DROPPED,
				leg->tickets_dropped, MEDIASEC_A_LEG_PAD) ||
	      nla_put_u64_64bit(skb, MEDIASEC_A_LEG_AUTH_FAILS,
				leg->auth_fails, MEDIASEC_A_LEG_PAD) ||
	      (leg->alert &&
	       nla_put_u16(skb, MEDIASEC_A_LEG_ALERT, leg->alert)))) ||
	    nla_put_u8(skb, MEDIASEC_A_LEG_FAMILY, leg->family) ||
	    ms_nl_put_addr(skb, MEDIASEC_A_LEG_LOCAL_ADDR, leg->family,
			   &leg->laddr) ||
	    nla_put_u16(skb, MEDIASEC_A_LEG_LOCAL_PORT, ntohs(leg->lport)) ||
	    ms_nl_put_addr(skb, MEDIASEC_A_LEG_PEER_ADDR, leg->family,
			   &leg->paddr) ||
	    nla_put_u16(skb, MEDIASEC_A_LEG_PEER_PORT, ntohs(leg->pport)) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_LEG_RX_BYTES, leg->rx_bytes,
			      MEDIASEC_A_LEG_PAD) ||
	    nla_put_u64_64bit(skb, MEDIASEC_A_LEG_TX_BYTES, leg->tx_bytes,
			      MEDIASEC_A_LEG_PAD) ||
	    nla_put_u32(skb, MEDIASEC_A_LEG_FLAGS, leg->flags))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ms_nl_fill_relay(struct sk_buff *skb, void *obj, u32 portid,
			    u32 seq, int flags)
{
	struct ms_relay *r = obj;
	struct nlattr *nest;
	void *hdr;
	int ret = -EMSGSIZE;

	hdr = genlmsg_put(skb, portid, seq, &ms_genl_family, flags,
			  MEDIASEC_CMD_RELAY_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MEDIASEC_A_RELAY);
	if (!nest)
		goto err_cancel;
	/* The counters change under the relay's lock only. */
	mutex_lock(&r->lock);
	if (nla_put_u32(skb, MEDIASEC_A_RELAY_ID, r->id) ||
	    nla_put_u8(skb, MEDIASEC_A_RELAY_END, r->end) ||
	    (r->end > MEDIASEC_RELAY_END_CLOSED && r->fail_by >= 0 &&
	     nla_put_u8(skb, MEDIASEC_A_RELAY_END_LEG, r->end_leg)) ||
	    ms_nl_fill_leg(skb, MEDIASEC_A_RELAY_LEG_A, &r->legs[0]) ||
	    ms_nl_fill_leg(skb, MEDIASEC_A_RELAY_LEG_B, &r->legs[1]))
		ret = -EMSGSIZE;
	else
		ret = 0;
	mutex_unlock(&r->lock);
	if (ret)
		goto err_cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return ret;
}

int ms_nl_relay_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MEDIASEC_A_RELAY_MAX + 1];
	struct net *net = genl_info_net(info);
	struct ms_net *mn = ms_net(net);
	struct ms_relay *r;
	int fds[2], ret;
	u32 id;

	ret = ms_nl_parse_relay(info, tb);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[MEDIASEC_A_RELAY], tb,
			      MEDIASEC_A_RELAY_FD_A) ||
	    NL_REQ_ATTR_CHECK(info->extack, info->attrs[MEDIASEC_A_RELAY], tb,
			      MEDIASEC_A_RELAY_FD_B))
		return -EINVAL;
	id = nla_get_u32(tb[MEDIASEC_A_RELAY_ID]);
	fds[0] = nla_get_u32(tb[MEDIASEC_A_RELAY_FD_A]);
	fds[1] = nla_get_u32(tb[MEDIASEC_A_RELAY_FD_B]);

	mutex_lock(&mn->lock);
	if (xa_load(&mn->relays, id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_RELAY_ID],
				    "a relay with this id exists");
		ret = -EEXIST;
		goto out_unlock;
	}
	if (mn->nrelays >= READ_ONCE(ms_max_relays)) {
		NL_SET_ERR_MSG(info->extack,
			       "the namespace has its most relays (max_relays)");
		ret = -ENOSPC;
		goto out_unlock;
	}
	/* Room for it first: once created, a relay moves data. */
	ret = xa_reserve(&mn->relays, id, GFP_KERNEL_ACCOUNT);
	if (ret)
		goto out_unlock;
	r = ms_relay_create(net, id, fds, info->extack);
	if (IS_ERR(r)) {
		ret = PTR_ERR(r);
		xa_release(&mn->relays, id);
		goto out_unlock;
	}
	xa_store(&mn->relays, id, r, GFP_KERNEL);
	mn->nrelays++;
out_unlock:
	mutex_unlock(&mn->lock);
	return ret;
}

int ms_nl_relay_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MEDIASEC_A_RELAY_MAX + 1];
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct ms_relay *r;
	int ret;

	ret = ms_nl_parse_relay(info, tb);
	if (ret)
		return ret;
	mutex_lock(&mn->lock);
	r = xa_erase(&mn->relays, nla_get_u32(tb[MEDIASEC_A_RELAY_ID]));
	if (r)
		mn->nrelays--;
	mutex_unlock(&mn->lock);
	if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_RELAY_ID],
				    "no relay with this id");
		return -ENOENT;
	}
	ms_relay_destroy(r);
	return 0;
}

int ms_nl_relay_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MEDIASEC_A_RELAY_MAX + 1];
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct ms_relay *r;
	struct sk_buff *msg;
	int ret;

	ret = ms_nl_parse_relay(info, tb);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&mn->lock);
	r = xa_load(&mn->relays, nla_get_u32(tb[MEDIASEC_A_RELAY_ID]));
	if (r) {
		ret = ms_nl_fill_relay(msg, r, info->snd_portid, info->snd_seq,
				       0);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_RELAY_ID],
				    "no relay with this id");
		ret = -ENOENT;
	}
	mutex_unlock(&mn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int ms_nl_relay_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ms_net *mn = ms_net(sock_net(skb->sk));

	return ms_nl_dump_xa(skb, cb, mn, &mn->relays, ms_nl_fill_relay);
}

/**
 * ms_relay_flush() - end and free every relay of a namespace
 * @mn: the namespace's state, its mutex held
 */
void ms_relay_flush(struct ms_net *mn)
{
	struct ms_relay *r;
	unsigned long id;

	xa_for_each(&mn->relays, id, r) {
		xa_erase(&mn->relays, id);
		ms_relay_destroy(r);
	}
	mn->nrelays = 0;
}
