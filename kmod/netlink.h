/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The genl family's handlers, shared between netlink.c (the family,
 * contexts, keys) and netlink_flow.c (flows).
 */
#ifndef _MS_NETLINK_H
#define _MS_NETLINK_H

#include <net/genetlink.h>
#include <uapi/linux/mediasec.h>

extern struct genl_family ms_genl_family;
extern const struct nla_policy ms_flow_policy[MEDIASEC_A_FLOW_MAX + 1];

struct ms_net;

int ms_nl_parse_obj(struct genl_info *info, int type, int maxtype,
		    const struct nla_policy *policy, int id, struct nlattr **tb);

/* Writes one object of a dump as a message. */
typedef int (*ms_nl_fill_fn)(struct sk_buff *skb, void *obj, u32 portid,
			     u32 seq, int flags);
int ms_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		  struct ms_net *mn, struct xarray *xa, ms_nl_fill_fn fill);

int ms_nl_flow_new(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_get(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _MS_NETLINK_H */
