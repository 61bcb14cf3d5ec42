/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of mediasec.
 */
#ifndef _MS_NETNS_H
#define _MS_NETNS_H

#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/rhashtable-types.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

/**
 * struct ms_net - mediasec's state in one network namespace
 * @lock: serializes every change (netlink commands, namespace exit)
 * @ctxs: SRTP contexts by id; readers use RCU
 * @nctxs: number of contexts
 * @flows: flows by id
 * @flow_table: flows by local address and port; readers use RCU
 * @nflows: number of flows
 * @idle_flows: the flows with an idle timeout (&struct ms_flow.idle_node)
 * @idle_work: looks for idle flows every second while there are some
 * @reverse_of: flows by the id of the flow they name as reverse
 * @devs: data-path devices by ifindex, their MEDIASEC_DEV_F_* as values
 * @ndevs: number of them
 * @relays: TCP/TLS relays by id
 * @nrelays: number of them
 * @net: the namespace this state belongs to
 */
struct ms_net {
	struct mutex lock;	/* serializes every change */
	struct xarray ctxs;
	u32 nctxs;
	struct xarray flows;
	struct rhashtable flow_table;
	u32 nflows;
	struct list_head idle_flows;
	struct delayed_work idle_work;
	struct xarray reverse_of;
	struct xarray devs;
	u32 ndevs;
	struct xarray relays;
	u32 nrelays;
	struct net *net;
};

/* Limits per namespace (module parameters max_ctxs, max_flows). */
extern unsigned int ms_max_ctxs;
extern unsigned int ms_max_flows;

struct ms_net *ms_net(const struct net *net);
int ms_netns_init(void);
void ms_netns_exit(void);
int ms_dev_init(void);
void ms_dev_exit(void);

#endif /* _MS_NETNS_H */
