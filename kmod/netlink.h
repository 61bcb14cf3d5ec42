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
extern const struct nla_policy ms_gate_policy[MEDIASEC_A_GATE_MAX + 1];
extern const struct nla_policy ms_police_policy[MEDIASEC_A_POLICE_MAX + 1];
extern const struct nla_policy ms_dev_policy[MEDIASEC_A_DEV_MAX + 1];
extern const struct nla_policy ms_relay_policy[MEDIASEC_A_RELAY_MAX + 1];

struct ms_flow;
struct ms_net;
struct ms_pol_cfg;

/**
 * struct ms_event - what a MEDIASEC_CMD_EVENT message says
 * @type: enum mediasec_event
 * @ctx_id: the context it concerns, or 0
 * @flow_id: the flow it concerns, or 0
 * @ifindex: the device it concerns, or 0
 * @mki: the key it concerns, or NULL
 * @count: packets it counts, or NULL
 * @family: AF_INET or AF_INET6, with @addr
 * @addr: an address (IPv4 mapped) and @port, or NULL
 * @port: with @addr
 * @relay_id: the relay it concerns, or 0
 * @reason: for a relay: enum mediasec_relay_end
 * @leg: for a relay: the leg that ended it, or -1
 */
struct ms_event {
	u32 type;
	u32 ctx_id;
	u32 flow_id;
	u32 ifindex;
	const u32 *mki;
	const u64 *count;
	u8 family;
	const struct in6_addr *addr;
	__be16 port;
	u32 relay_id;
	u8 reason;
	int leg;
};

void ms_nl_event(struct net *net, const struct ms_event *ev);

int ms_nl_parse_obj(struct genl_info *info, int type, int maxtype,
		    const struct nla_policy *policy, int id, struct nlattr **tb);

/* Writes one object of a dump as a message. */
typedef int (*ms_nl_fill_fn)(struct sk_buff *skb, void *obj, u32 portid,
			     u32 seq, int flags);
int ms_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		  struct ms_net *mn, struct xarray *xa, ms_nl_fill_fn fill);
/* Deletes the object @id of a namespace (its mutex held). */
typedef int (*ms_nl_del_fn)(struct ms_net *mn, u32 id,
			    struct netlink_ext_ack *extack);
int ms_nl_del_xa(struct genl_info *info, struct ms_net *mn, struct xarray *xa,
		 u32 id, ms_nl_fill_fn fill, ms_nl_del_fn del);

int ms_nl_ctx_new(struct sk_buff *skb, struct genl_info *info);
int ms_nl_ctx_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_key_add(struct sk_buff *skb, struct genl_info *info);
int ms_nl_key_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_ctx_get(struct sk_buff *skb, struct genl_info *info);
int ms_nl_ctx_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ms_nl_stats_reset(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_new(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_get(struct sk_buff *skb, struct genl_info *info);
int ms_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ms_nl_flow_set(struct sk_buff *skb, struct genl_info *info);
int ms_nl_addr(struct nlattr *attr, u8 family, struct in6_addr *out,
	       struct netlink_ext_ack *extack);
int ms_nl_pol_parse(struct nlattr **tb, u8 family, u8 kind,
		    struct ms_pol_cfg *cfg, struct netlink_ext_ack *extack);
int ms_nl_put_pol(struct sk_buff *skb, const struct ms_flow *f);
int ms_nl_dev_set(struct sk_buff *skb, struct genl_info *info);
int ms_nl_dev_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_dev_get(struct sk_buff *skb, struct genl_info *info);
int ms_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ms_nl_relay_new(struct sk_buff *skb, struct genl_info *info);
int ms_nl_relay_del(struct sk_buff *skb, struct genl_info *info);
int ms_nl_relay_get(struct sk_buff *skb, struct genl_info *info);
int ms_nl_relay_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _MS_NETLINK_H */
