// SPDX-License-Identifier: GPL-2.0
/*
 * Flows of a network namespace.  The data path finds a flow by the local
 * address and port a packet arrives at (an RCU hash table); netlink finds it
 * by id (an xarray).  Writers are serialized by the namespace's mutex.  A
 * flow holds a use of each context it names, so a context cannot go while
 * a flow can still reach it.
 */

#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <uapi/linux/mediasec.h>

#include "ctx.h"
#include "flow.h"
#include "mediasec.h"

static const struct rhashtable_params ms_flow_params = {
	.head_offset		= offsetof(struct ms_flow, node),
	.key_offset		= offsetof(struct ms_flow, key),
	.key_len		= sizeof(struct ms_flow_key),
	.automatic_shrinking	= true,
};

/**
 * ms_flow_table_init() - set up a namespace's flow tables
 * @mn: the namespace's state
 *
 * Return: 0 or -ENOMEM.
 */
int ms_flow_table_init(struct ms_net *mn)
{
	xa_init(&mn->flows);
	return rhashtable_init(&mn->flow_table, &ms_flow_params);
}

/**
 * ms_flow_table_destroy() - free a namespace's (empty) flow tables
 * @mn: the namespace's state, after ms_flow_flush()
 */
void ms_flow_table_destroy(struct ms_net *mn)
{
	rhashtable_destroy(&mn->flow_table);
	xa_destroy(&mn->flows);
}

/**
 * ms_flow_lookup() - the flow packets to @key belong to
 * @mn: the namespace's state
 * @key: local address and port
 *
 * Context: RCU read side.
 * Return: the flow, or NULL.
 */
struct ms_flow *ms_flow_lookup(struct ms_net *mn,
			       const struct ms_flow_key *key)
{
	return rhashtable_lookup(&mn->flow_table, key, ms_flow_params);
}

static void ms_flow_free_rcu(struct rcu_head *rcu)
{
	struct ms_flow *f = container_of(rcu, struct ms_flow, rcu);

	free_percpu(f->stats);
	kfree(f);
	atomic_dec(&ms_live_flows);
}

/* Find a context for a flow: it must exist and go the right way. */
static struct ms_ctx *ms_flow_ctx(struct ms_net *mn, u32 id, u8 dir,
				  struct netlink_ext_ack *extack, int *err)
{
	struct ms_ctx *ctx = xa_load(&mn->ctxs, id);

	if (!ctx) {
		NL_SET_ERR_MSG(extack, "no context with this id");
		*err = -ENOENT;
		return NULL;
	}
	if (ctx->dir != dir) {
		if (dir == MEDIASEC_DIR_RX)
			NL_SET_ERR_MSG(extack, "the RX context is a TX context");
		else
			NL_SET_ERR_MSG(extack, "the TX context is an RX context");
		*err = -EINVAL;
		return NULL;
	}
	return ctx;
}

/**
 * ms_flow_create() - add a flow to a namespace
 * @mn: the namespace's state; caller holds @mn->lock
 * @cfg: the flow as asked for (checked for consistency by the caller)
 * @extack: where to say what is wrong
 *
 * Return: 0, -EEXIST, -ENOENT, -EINVAL or -ENOMEM; on error nothing is left.
 */
int ms_flow_create(struct ms_net *mn, const struct ms_flow_cfg *cfg,
		   struct netlink_ext_ack *extack)
{
	struct ms_ctx *rx = NULL, *tx = NULL;
	struct ms_flow *f;
	int ret = 0;

	lockdep_assert_held(&mn->lock);
	if (xa_load(&mn->flows, cfg->f.id)) {
		NL_SET_ERR_MSG(extack, "a flow with this id exists");
		return -EEXIST;
	}
	if (mn->nflows >= READ_ONCE(ms_max_flows)) {
		NL_SET_ERR_MSG(extack,
			       "the namespace has its most flows (max_flows)");
		return -ENOSPC;
	}
	if (cfg->rx_id) {
		rx = ms_flow_ctx(mn, cfg->rx_id, MEDIASEC_DIR_RX, extack, &ret);
		if (!rx)
			return ret;
	}
	if (cfg->tx_id) {
		tx = ms_flow_ctx(mn, cfg->tx_id, MEDIASEC_DIR_TX, extack, &ret);
		if (!tx)
			return ret;
	}

	f = kmemdup(&cfg->f, sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	f->rx = rx;
	f->tx = tx;
	f->stats = netdev_alloc_pcpu_stats(struct ms_flow_stats);
	if (!f->stats) {
		ret = -ENOMEM;
		goto err_free_flow;
	}

	ret = rhashtable_lookup_insert_fast(&mn->flow_table, &f->node,
					    ms_flow_params);
	if (ret) {
		if (ret == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "a flow has this local address and port");
		goto err_free_stats;
	}
	ret = xa_insert(&mn->flows, f->id, f, GFP_KERNEL_ACCOUNT);
	if (ret)
		goto err_remove_hash;

	if (rx)
		rx->users++;
	if (tx)
		tx->users++;
	mn->nflows++;
	atomic_inc(&ms_live_flows);
	return 0;

err_remove_hash:
	rhashtable_remove_fast(&mn->flow_table, &f->node, ms_flow_params);
	atomic_inc(&ms_live_flows);	/* the RCU callback counts it out */
	/* Lookups may have found it: free after a grace period. */
	call_rcu(&f->rcu, ms_flow_free_rcu);
	return ret;
err_free_stats:
	free_percpu(f->stats);
err_free_flow:
	kfree(f);
	return ret;
}

static void ms_flow_release(struct ms_net *mn, struct ms_flow *f)
{
	rhashtable_remove_fast(&mn->flow_table, &f->node, ms_flow_params);
	xa_erase(&mn->flows, f->id);
	if (f->rx)
		f->rx->users--;
	if (f->tx)
		f->tx->users--;
	mn->nflows--;
	call_rcu(&f->rcu, ms_flow_free_rcu);
}

/**
 * ms_flow_delete() - remove a flow; it is freed after a grace period
 * @mn: the namespace's state; caller holds @mn->lock
 * @id: flow id
 * @extack: where to say what is wrong
 *
 * Return: 0 or -ENOENT.
 */
int ms_flow_delete(struct ms_net *mn, u32 id, struct netlink_ext_ack *extack)
{
	struct ms_flow *f;

	lockdep_assert_held(&mn->lock);
	f = xa_load(&mn->flows, id);
	if (!f) {
		NL_SET_ERR_MSG(extack, "no flow with this id");
		return -ENOENT;
	}
	ms_flow_release(mn, f);
	return 0;
}

/**
 * ms_flow_flush() - remove every flow of a namespace
 * @mn: the namespace's state; caller holds @mn->lock
 */
void ms_flow_flush(struct ms_net *mn)
{
	struct ms_flow *f;
	unsigned long id;

	lockdep_assert_held(&mn->lock);
	xa_for_each(&mn->flows, id, f)
		ms_flow_release(mn, f);
}

/* The per-CPU counters added up, since the flow was made. */
static void ms_flow_stats_sum(const struct ms_flow *f, struct ms_flow_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ms_flow_stats *s = per_cpu_ptr(f->stats, cpu);
		u64 packets, bytes, drops;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = s->packets;
			bytes = s->bytes;
			drops = s->drops;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->packets += packets;
		sum->bytes += bytes;
		sum->drops += drops;
	}
}

/**
 * ms_flow_stats_read() - a flow's counters since the last reset
 * @f: the flow; caller holds the namespace's mutex
 * @sum: the totals (its syncp is not used)
 */
void ms_flow_stats_read(const struct ms_flow *f, struct ms_flow_stats *sum)
{
	ms_flow_stats_sum(f, sum);
	sum->packets -= f->base.packets;
	sum->bytes -= f->base.bytes;
	sum->drops -= f->base.drops;
}

/**
 * ms_flow_stats_reset() - count a flow's packets from zero again
 * @f: the flow; caller holds the namespace's mutex
 *
 * The data path's per-CPU counters keep running; reads subtract what they
 * held now.
 */
void ms_flow_stats_reset(struct ms_flow *f)
{
	ms_flow_stats_sum(f, &f->base);
}
