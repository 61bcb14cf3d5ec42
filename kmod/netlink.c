// SPDX-License-Identifier: GPL-2.0
/*
 * The "mediasec" generic netlink family; its API is documented in
 * include/uapi/linux/mediasec.h.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/mediasec.h>

#include "budget.h"
#include "compat.h"
#include "ctx.h"
#include "flow.h"
#include "mediasec.h"
#include "netlink.h"
#include "netns.h"
#include "relay.h"
#include "srtp_crypto.h"

#define MS_EVENT_SIZE	128	/* the largest event: nest, 6 attributes */

static const struct nla_policy ms_policy[MEDIASEC_A_MAX + 1] = {
	[MEDIASEC_A_INFO_VERSION]	= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_API_VERSION]	= { .type = NLA_REJECT },
	/*
	 * Parsed (strictly, with ms_ctx_policy) by the handlers rather than
	 * before them: a request refused by policy still reaches
	 * ms_nl_post_doit(), which wipes the key bytes it carried.
	 */
	[MEDIASEC_A_CTX]		= { .type = NLA_NESTED },
	[MEDIASEC_A_FLOW]		= NLA_POLICY_NESTED(ms_flow_policy),
	[MEDIASEC_A_INFO_CTXS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_FLOWS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_LIVE_CTXS]	= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_LIVE_FLOWS]	= { .type = NLA_REJECT },
	[MEDIASEC_A_EVENT]		= { .type = NLA_REJECT },
	[MEDIASEC_A_DEV]		= NLA_POLICY_NESTED(ms_dev_policy),
	[MEDIASEC_A_INFO_DEVS]		= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_PAD]		= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_MEM_CHARGED]	= { .type = NLA_REJECT },
	[MEDIASEC_A_RELAY]		= NLA_POLICY_NESTED(ms_relay_policy),
	[MEDIASEC_A_INFO_RELAYS]	= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_LIVE_RELAYS]	= { .type = NLA_REJECT },
};

/*
 * The family is registered: events may be sent.  Read and acted on inside
 * one RCU read-side section; ms_genl_exit() clears it and waits a grace
 * period before unregistering, so no event is sent on a family going away.
 */
static bool ms_genl_up;

/* Events name subscribers' addresses and ports: admins only (compat.h). */
static const struct genl_multicast_group ms_mcgrps[] = {
	{ .name = MEDIASEC_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

/* Build and multicast one event; caller holds RCU, the family is up. */
static void ms_nl_event_send(struct net *net, const struct ms_event *ev)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(MS_EVENT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ms_genl_family, 0, MEDIASEC_CMD_EVENT);
	if (!hdr)
		goto err_free_msg;
	nest = nla_nest_start(msg, MEDIASEC_A_EVENT);
	if (!nest ||
	    nla_put_u32(msg, MEDIASEC_A_EVENT_TYPE, ev->type) ||
	    (ev->ctx_id &&
	     nla_put_u32(msg, MEDIASEC_A_EVENT_CTX_ID, ev->ctx_id)) ||
	    (ev->flow_id &&
	     nla_put_u32(msg, MEDIASEC_A_EVENT_FLOW_ID, ev->flow_id)) ||
	    (ev->ifindex &&
	     nla_put_u32(msg, MEDIASEC_A_EVENT_IFINDEX, ev->ifindex)) ||
	    (ev->mki && nla_put_u32(msg, MEDIASEC_A_EVENT_MKI, *ev->mki)) ||
	    (ev->count &&
	     nla_put_u64_64bit(msg, MEDIASEC_A_EVENT_COUNT, *ev->count,
			       MEDIASEC_A_EVENT_PAD)) ||
	    (ev->addr && ev->family == AF_INET &&
	     nla_put_in_addr(msg, MEDIASEC_A_EVENT_ADDR,
			     ev->addr->s6_addr32[3])) ||
	    (ev->addr && ev->family == AF_INET6 &&
	     nla_put_in6_addr(msg, MEDIASEC_A_EVENT_ADDR, ev->addr)) ||
	    (ev->addr &&
	     nla_put_u16(msg, MEDIASEC_A_EVENT_PORT, ntohs(ev->port))) ||
	    (ev->relay_id &&
	     (nla_put_u32(msg, MEDIASEC_A_EVENT_RELAY_ID, ev->relay_id) ||
	      nla_put_u32(msg, MEDIASEC_A_EVENT_REASON, ev->reason) ||
	      (ev->leg >= 0 &&
	       nla_put_u8(msg, MEDIASEC_A_EVENT_LEG, ev->leg)))))
		goto err_free_msg;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ms_genl_family, net, msg, 0, 0, GFP_ATOMIC);
	return;

err_free_msg:
	nlmsg_free(msg);
}

/**
 * ms_nl_event() - send an event to a namespace's "events" group
 * @net: the namespace
 * @ev: the event
 *
 * Does nothing without listeners, or once the family is going away.
 * Any context; allocates atomically (events are small and rare).
 */
void ms_nl_event(struct net *net, const struct ms_event *ev)
{
	rcu_read_lock();
	if (READ_ONCE(ms_genl_up) &&
	    genl_has_listeners(&ms_genl_family, net, 0))
		ms_nl_event_send(net, ev);
	rcu_read_unlock();
}

static int ms_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &ms_genl_family, 0,
				MEDIASEC_CMD_INFO_GET);
	if (!hdr)
		goto err_free_msg;

	if (nla_put_string(msg, MEDIASEC_A_INFO_VERSION, MEDIASEC_VERSION) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_API_VERSION,
			MEDIASEC_GENL_VERSION) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_CTXS, READ_ONCE(mn->nctxs)) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_FLOWS, READ_ONCE(mn->nflows)) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_DEVS, READ_ONCE(mn->ndevs)) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_RELAYS, READ_ONCE(mn->nrelays)))
		goto err_cancel_msg;
	/* Module-wide counts only for the initial namespace's admin. */
	if (netlink_capable(skb, CAP_NET_ADMIN) &&
	    (nla_put_u32(msg, MEDIASEC_A_INFO_LIVE_CTXS,
			 atomic_read(&ms_live_ctxs)) ||
	     nla_put_u32(msg, MEDIASEC_A_INFO_LIVE_FLOWS,
			 atomic_read(&ms_live_flows)) ||
	     nla_put_u32(msg, MEDIASEC_A_INFO_LIVE_RELAYS,
			 atomic_read(&ms_live_relays)) ||
	     nla_put_u64_64bit(msg, MEDIASEC_A_INFO_MEM_CHARGED,
			       ms_mem_charged_bytes(), MEDIASEC_A_INFO_PAD)))
		goto err_cancel_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_cancel_msg:
	genlmsg_cancel(msg, hdr);
err_free_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * ms_nl_parse_obj() - parse the object nest of a request
 * @info: the request
 * @type: the nest, MEDIASEC_A_CTX or MEDIASEC_A_FLOW; required
 * @maxtype: its highest attribute
 * @policy: its policy
 * @id: its id attribute; required
 * @tb: the parsed attributes
 *
 * Return: 0 or -EINVAL/-ERANGE with the extack filled in.
 */
int ms_nl_parse_obj(struct genl_info *info, int type, int maxtype,
		    const struct nla_policy *policy, int id, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[type];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	ret = nla_parse_nested(tb, maxtype, nest, policy, info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, id))
		return -EINVAL;
	return 0;
}

/**
 * ms_nl_del_xa() - delete one object, with NLM_F_ECHO its last state first
 * @info: the request
 * @mn: the namespace's state (its mutex is taken)
 * @xa: the objects by id
 * @id: the object to delete
 * @fill: writes the object as a message (as its GET does)
 * @del: deletes it
 *
 * The echo carries the object as read under the mutex that deletes it:
 * its final counters, for a caller that keeps totals.  The message is
 * allocated before anything is deleted, so a failure leaves the object.
 *
 * Return: 0 once deleted (even if the echo could not be delivered), or a
 * negative errno and nothing deleted (what @del returns, -ENOMEM,
 * -EMSGSIZE).
 */
int ms_nl_del_xa(struct genl_info *info, struct ms_net *mn, struct xarray *xa,
		 u32 id, ms_nl_fill_fn fill, ms_nl_del_fn del)
{
	struct sk_buff *msg = NULL;
	void *obj;
	int ret = 0;

	if (info->nlhdr->nlmsg_flags & NLM_F_ECHO) {
		msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
	}
	mutex_lock(&mn->lock);
	obj = xa_load(xa, id);
	if (obj && msg)
		ret = fill(msg, obj, info->snd_portid, info->snd_seq, 0);
	if (!ret)
		ret = del(mn, id, info->extack);
	mutex_unlock(&mn->lock);
	if (!msg)
		return ret;
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	/*
	 * Deleted: a reply that cannot be delivered (the caller's receive
	 * buffer full) must not turn into an error for a delete that was done.
	 */
	genlmsg_reply(msg, info);
	return 0;
}

/**
 * ms_nl_dump_xa() - dump the objects of an xarray, resumable
 * @skb: the dump's message
 * @cb: the dump; cb->args[0] is the next id to send
 * @mn: the namespace's state (its mutex is taken)
 * @xa: the objects by id
 * @fill: writes one object as a message
 *
 * Return: the length of @skb, 0 when done, or a negative errno.
 */
int ms_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		  struct ms_net *mn, struct xarray *xa, ms_nl_fill_fn fill)
{
	unsigned long id = cb->args[0];
	void *obj;
	int ret = 0;

	mutex_lock(&mn->lock);
	xa_for_each_start(xa, id, obj, id) {
		ret = fill(skb, obj, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret)
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&mn->lock);
	/* A full skb ends this part of the dump; the next one resumes. */
	if (ret == -EMSGSIZE && skb->len)
		ret = 0;
	return ret ? ret : skb->len;
}

/*
 * After every request, whatever it was and however it ended: no copy of a
 * key stays in the request, nor in an error's echo of it.  Wipes every
 * MEDIASEC_A_CTX_KEY nest whole (key, salt, and what else came with them).
 */
static void ms_nl_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	struct nlattr *ctx = info->attrs[MEDIASEC_A_CTX], *a;
	int rem;

	if (!ctx)
		return;
	nla_for_each_nested(a, ctx, rem)
		if (nla_type(a) == MEDIASEC_A_CTX_KEY)
			memzero_explicit(nla_data(a), nla_len(a));
}

static const struct genl_ops ms_genl_ops[] = {
	{
		.cmd = MEDIASEC_CMD_INFO_GET,
		.doit = ms_nl_info_get,
	},
	{
		.cmd = MEDIASEC_CMD_CTX_NEW,
		.doit = ms_nl_ctx_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_CTX_DEL,
		.doit = ms_nl_ctx_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_CTX_GET,
		.doit = ms_nl_ctx_get,
		.dumpit = ms_nl_ctx_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_KEY_ADD,
		.doit = ms_nl_key_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_KEY_DEL,
		.doit = ms_nl_key_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_FLOW_NEW,
		.doit = ms_nl_flow_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_FLOW_DEL,
		.doit = ms_nl_flow_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_FLOW_GET,
		.doit = ms_nl_flow_get,
		.dumpit = ms_nl_flow_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_FLOW_SET,
		.doit = ms_nl_flow_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_STATS_RESET,
		.doit = ms_nl_stats_reset,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_DEV_SET,
		.doit = ms_nl_dev_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_DEV_DEL,
		.doit = ms_nl_dev_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_DEV_GET,
		.doit = ms_nl_dev_get,
		.dumpit = ms_nl_dev_dump,
	},
	{
		.cmd = MEDIASEC_CMD_RELAY_NEW,
		.doit = ms_nl_relay_new,
		/*
		 * The initial user namespace's CAP_NET_ADMIN: a relay pins
		 * its sockets and their namespace, which a user namespace's
		 * own admin could make unreachable (and two relays can pass
		 * a byte round for ever).
		 */
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_RELAY_DEL,
		.doit = ms_nl_relay_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MEDIASEC_CMD_RELAY_GET,
		.doit = ms_nl_relay_get,
		.dumpit = ms_nl_relay_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

struct genl_family ms_genl_family __ro_after_init = {
	.name		= MEDIASEC_GENL_NAME,
	.version	= MEDIASEC_GENL_VERSION,
	.maxattr	= MEDIASEC_A_MAX,
	.policy		= ms_policy,
	.post_doit	= ms_nl_post_doit,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= ms_genl_ops,
	.n_ops		= ARRAY_SIZE(ms_genl_ops),
	.mcgrps		= ms_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ms_mcgrps),
	.resv_start_op	= MEDIASEC_CMD_INFO_GET,
};

int __init ms_genl_init(void)
{
	int ret = genl_register_family(&ms_genl_family);

	WRITE_ONCE(ms_genl_up, !ret);
	return ret;
}

void ms_genl_exit(void)
{
	/* Events being sent finish before the family goes; later ones see
	 * it down (ms_nl_event()).
	 */
	WRITE_ONCE(ms_genl_up, false);
	synchronize_rcu();
	genl_unregister_family(&ms_genl_family);
}
