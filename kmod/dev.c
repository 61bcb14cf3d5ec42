// SPDX-License-Identifier: GPL-2.0
/*
 * The devices of a namespace that the data path is attached to
 * (MEDIASEC_CMD_DEV_*): user space attaches the BPF programs and records
 * here how; the module forgets a device when it is unregistered or leaves
 * the namespace.  The list is an xarray by ifindex whose values are the
 * MEDIASEC_DEV_F_* flags, changed under the namespace's mutex.
 */

#include <linux/netdevice.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/mediasec.h>

#include "netlink.h"
#include "netns.h"

const struct nla_policy ms_dev_policy[MEDIASEC_A_DEV_MAX + 1] = {
	[MEDIASEC_A_DEV_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[MEDIASEC_A_DEV_FLAGS]		=
		NLA_POLICY_MASK(NLA_U32, MEDIASEC_DEV_F_ALL),
	[MEDIASEC_A_DEV_NAME]		= { .type = NLA_REJECT },
};

static int ms_nl_parse_dev(struct genl_info *info, struct nlattr **tb)
{
	return ms_nl_parse_obj(info, MEDIASEC_A_DEV, MEDIASEC_A_DEV_MAX,
			       ms_dev_policy, MEDIASEC_A_DEV_IFINDEX, tb);
}

int ms_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[MEDIASEC_A_DEV_MAX + 1];
	struct ms_net *mn = ms_net(net);
	u32 ifindex, flags;
	void *old;
	int ret;

	ret = ms_nl_parse_dev(info, tb);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[MEDIASEC_A_DEV], tb,
			      MEDIASEC_A_DEV_FLAGS))
		return -EINVAL;
	ifindex = nla_get_u32(tb[MEDIASEC_A_DEV_IFINDEX]);
	flags = nla_get_u32(tb[MEDIASEC_A_DEV_FLAGS]);
	if (!flags) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_DEV_FLAGS],
				    "say how the data path is attached");
		return -EINVAL;
	}
	if ((flags & MEDIASEC_DEV_F_XDP) && (flags & MEDIASEC_DEV_F_XDP_GENERIC)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_DEV_FLAGS],
				    "XDP runs in driver or generic mode, not both");
		return -EINVAL;
	}

	mutex_lock(&mn->lock);
	/* Under the mutex: the notifier's erase cannot pass this check. */
	rcu_read_lock();
	if (!dev_get_by_index_rcu(net, ifindex)) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_DEV_IFINDEX],
				    "no device with this index");
		ret = -ENODEV;
		goto out_unlock;
	}
	rcu_read_unlock();
	old = xa_store(&mn->devs, ifindex, xa_mk_value(flags),
		       GFP_KERNEL_ACCOUNT);
	if (xa_is_err(old)) {
		ret = xa_err(old);
		goto out_unlock;
	}
	if (!old)
		mn->ndevs++;
out_unlock:
	mutex_unlock(&mn->lock);
	return ret;
}

int ms_nl_dev_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ms_net *mn = ms_net(genl_info_net(info));
	struct nlattr *tb[MEDIASEC_A_DEV_MAX + 1];
	int ret;

	ret = ms_nl_parse_dev(info, tb);
	if (ret)
		return ret;
	mutex_lock(&mn->lock);
	if (xa_erase(&mn->devs, nla_get_u32(tb[MEDIASEC_A_DEV_IFINDEX]))) {
		mn->ndevs--;
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_DEV_IFINDEX],
				    "the data path has no such device");
		ret = -ENOENT;
	}
	mutex_unlock(&mn->lock);
	return ret;
}

static int ms_nl_fill_dev(struct sk_buff *skb, struct net *net, u32 ifindex,
			  u32 flags, u32 portid, u32 seq, int nlflags)
{
	char name[IFNAMSIZ] = "";
	struct net_device *dev;
	struct nlattr *nest;
	void *hdr;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev)
		strscpy(name, dev->name, sizeof(name));
	rcu_read_unlock();
	hdr = genlmsg_put(skb, portid, seq, &ms_genl_family, nlflags,
			  MEDIASEC_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MEDIASEC_A_DEV);
	if (!nest ||
	    nla_put_u32(skb, MEDIASEC_A_DEV_IFINDEX, ifindex) ||
	    nla_put_u32(skb, MEDIASEC_A_DEV_FLAGS, flags) ||
	    nla_put_string(skb, MEDIASEC_A_DEV_NAME, name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

int ms_nl_dev_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[MEDIASEC_A_DEV_MAX + 1];
	struct ms_net *mn = ms_net(net);
	struct sk_buff *msg;
	u32 ifindex;
	void *v;
	int ret;

	ret = ms_nl_parse_dev(info, tb);
	if (ret)
		return ret;
	ifindex = nla_get_u32(tb[MEDIASEC_A_DEV_IFINDEX]);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&mn->lock);
	v = xa_load(&mn->devs, ifindex);
	mutex_unlock(&mn->lock);
	if (!v) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MEDIASEC_A_DEV_IFINDEX],
				    "the data path has no such device");
		nlmsg_free(msg);
		return -ENOENT;
	}
	ret = ms_nl_fill_dev(msg, net, ifindex, xa_to_value(v),
			     info->snd_portid, info->snd_seq, 0);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int ms_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	unsigned long ifindex = cb->args[0];
	struct ms_net *mn = ms_net(net);
	int ret = 0;
	void *v;

	mutex_lock(&mn->lock);
	xa_for_each_start(&mn->devs, ifindex, v, ifindex) {
		ret = ms_nl_fill_dev(skb, net, ifindex, xa_to_value(v),
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret)
			break;
		cb->args[0] = ifindex + 1;
	}
	mutex_unlock(&mn->lock);
	if (ret == -EMSGSIZE && skb->len)
		ret = 0;
	return ret ? ret : skb->len;
}

/* A device leaves its namespace (unregistered, or moved): forget it. */
static int ms_dev_event(struct notifier_block *nb, unsigned long event,
			void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ms_net *mn;
	struct ms_event ev = {
		.type = MEDIASEC_EVENT_DEV_GONE,
		.ifindex = dev->ifindex,
	};
	bool gone;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	mn = ms_net(dev_net(dev));
	mutex_lock(&mn->lock);
	gone = !!xa_erase(&mn->devs, dev->ifindex);
	if (gone)
		mn->ndevs--;
	mutex_unlock(&mn->lock);
	if (gone)
		ms_nl_event(dev_net(dev), &ev);
	return NOTIFY_DONE;
}

static struct notifier_block ms_dev_notifier = {
	.notifier_call = ms_dev_event,
};

/**
 * ms_dev_init() - start following device removals
 *
 * Return: 0 or a negative error.
 */
int __init ms_dev_init(void)
{
	return register_netdevice_notifier(&ms_dev_notifier);
}

/**
 * ms_dev_exit() - stop following them (the lists are emptied meanwhile)
 */
void ms_dev_exit(void)
{
	unregister_netdevice_notifier(&ms_dev_notifier);
}
