/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flows of a network namespace: one direction of one media stream each.
 */
#ifndef _MS_FLOW_H
#define _MS_FLOW_H

#include <linux/in6.h>
#include <linux/netlink.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>

#include "netns.h"
#include "policy.h"
#include "rtcp_rtt.h"

struct ms_ctx;

/* Where packets arrive: the table's key.  IPv4 as ::ffff:a.b.c.d. */
struct ms_flow_key {
	struct in6_addr addr;
	__be16 port;
	u8 family;
	u8 pad;
} __packed;

/* A remote learned by latching; replaced as a whole, freed after RCU. */
struct ms_peer {
	struct in6_addr addr;
	__be16 port;
	struct rcu_head rcu;
};

struct ms_flow_stats {
	u64 packets;
	u64 bytes;
	u64 drops;
	u64 tx_bytes;
	u64 gate_drops;
	u64 police_drops;
	struct u64_stats_sync syncp;
};

/**
 * struct ms_flow - one direction of one media stream
 * @node: in the namespace's table of flows by @key
 * @key: local address and port the packets arrive at
 * @id: the caller's id
 * @action: enum mediasec_action
 * @kind: enum mediasec_kind
 * @flags: MEDIASEC_FLOW_F_* as FLOW_NEW gave them; @pol's replace them
 * @latch_once: with MEDIASEC_FLOW_F_LATCH, learn the first source and keep
 *	it: the flow's packets are not all authenticated (no RX context, or
 *	one with UNAUTHENTICATED_SRTP), so a later source may be a spoofer
 * @has_remote: only packets from @remote/@rport are the flow's
 * @remote: remote address (IPv4 mapped)
 * @rport: remote port
 * @rx: context that unprotects, or NULL
 * @tx: context that protects, or NULL
 * @has_saddr: rewrite the source address to @out_saddr
 * @has_sport: rewrite the source port to @out_sport
 * @out_saddr: new source address
 * @out_daddr: new destination address
 * @out_sport: new source port
 * @out_dport: new destination port
 * @out_ifindex: egress device, or 0 for the FIB's choice
 * @reverse: id of the flow that sends back to our remote, or 0
 * @idle_timeout: seconds without a packet forwarded before FLOW_IDLE, or 0
 * @last_fwd: jiffies of the last packet forwarded (with @idle_timeout)
 * @idle: FLOW_IDLE was sent and no packet came since
 * @idle_node: in &struct ms_net.idle_flows, with @idle_timeout
 * @latch_lock: serializes learning a remote (@latched, and the reverse
 *	flow's @dst), a rare path
 * @latched: the remote learned by latching, replacing @remote
 * @dst: the destination learned by the reverse flow, replacing @out_daddr
 * @pol: gate, policer and DiffServ marking, or NULL (none of them)
 * @meter: the policer's buckets and the RTP reception statistics, or NULL
 *	(the flow never had either); once set, kept as long as the flow
 * @rtt: round trips to the remote from the RTCP passing, or NULL (not
 *	measured)
 * @stats: per-CPU counters
 * @base: what @stats held at the last reset (under the namespace's mutex)
 * @rcu: frees the flow after a grace period
 */
struct ms_flow {
	struct rhash_head node;
	struct ms_flow_key key;
	u32 id;
	u8 action;
	u8 kind;
	u32 flags;
	bool latch_once;
	bool has_remote;
	struct in6_addr remote;
	__be16 rport;
	struct ms_ctx *rx;
	struct ms_ctx *tx;
	bool has_saddr;
	bool has_sport;
	struct in6_addr out_saddr;
	struct in6_addr out_daddr;
	__be16 out_sport;
	__be16 out_dport;
	u32 out_ifindex;
	u32 reverse;
	u32 idle_timeout;
	unsigned long last_fwd;
	bool idle;
	struct list_head idle_node;
	spinlock_t latch_lock;	/* see @latch_lock above */
	struct ms_peer __rcu *latched;
	struct ms_peer __rcu *dst;
	struct ms_flow_pol __rcu *pol;
	struct ms_flow_meter __rcu *meter;
	struct ms_rtt __rcu *rtt;
	struct ms_flow_stats __percpu *stats;
	struct ms_flow_stats base;
	struct rcu_head rcu;
};

/* What MEDIASEC_CMD_FLOW_NEW asked for: @f filled but not linked. */
struct ms_flow_cfg {
	struct ms_flow f;
	u32 rx_id;
	u32 tx_id;
	struct ms_pol_cfg pol;
};

int ms_flow_table_init(struct ms_net *mn);
void ms_flow_table_destroy(struct ms_net *mn);
int ms_flow_create(struct ms_net *mn, const struct ms_flow_cfg *cfg,
		   struct netlink_ext_ack *extack);
int ms_flow_delete(struct ms_net *mn, u32 id, struct netlink_ext_ack *extack);
void ms_flow_flush(struct ms_net *mn);
struct ms_flow *ms_flow_lookup(struct ms_net *mn,
			       const struct ms_flow_key *key);
void ms_flow_stats_read(const struct ms_flow *f, struct ms_flow_stats *sum);
void ms_flow_stats_reset(struct ms_flow *f);
int ms_flow_set_pol(struct ms_net *mn, struct ms_flow *f,
		    const struct ms_pol_cfg *cfg,
		    struct netlink_ext_ack *extack);
void ms_flow_latch(struct ms_net *mn, struct ms_flow *f,
		   const struct in6_addr *addr, __be16 port);
void ms_flow_idle_work(struct work_struct *work);
void ms_flow_remote(const struct ms_flow *f, struct in6_addr *addr,
		    __be16 *port);
void ms_flow_dest(const struct ms_flow *f, struct in6_addr *addr,
		  __be16 *port);

#endif /* _MS_FLOW_H */
