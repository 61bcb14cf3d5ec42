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
#include <net/ipv6.h>
#include <linux/slab.h>
#include <uapi/linux/mediasec.h>

#include "budget.h"
#include "ctx.h"
#include "flow.h"
#include "mediasec.h"
#include "netlink.h"

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

/*
 * What a flow holds: itself, its per-CPU counters, two learned peers, its
 * meter and its round-trip state (charged whether used or not).
 * Its policies are charged apart, each object while it lives
 * (ms_pol_charge()): a FLOW_SET makes a new one before the old one goes
 * after a grace period.
 */
static unsigned long ms_flow_charge(void)
{
	return kmalloc_size_roundup(sizeof(struct ms_flow)) +
	       nr_cpu_ids * sizeof(struct ms_flow_stats) +
	       2 * kmalloc_size_roundup(sizeof(struct ms_peer)) +
	       kmalloc_size_roundup(sizeof(struct ms_flow_meter)) +
	       kmalloc_size_roundup(sizeof(struct ms_rtt));
}

static unsigned long ms_pol_charge(void)
{
	return kmalloc_size_roundup(sizeof(struct ms_flow_pol));
}

static void ms_pol_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct ms_flow_pol, rcu));
	ms_mem_uncharge(ms_pol_charge());
}

static void ms_flow_free_rcu(struct rcu_head *rcu)
{
	struct ms_flow *f = container_of(rcu, struct ms_flow, rcu);

	/* No reader is left, and no latch can find the flow any more. */
	kfree(rcu_dereference_protected(f->latched, 1));
	kfree(rcu_dereference_protected(f->dst, 1));
	if (rcu_access_pointer(f->pol)) {
		kfree(rcu_dereference_protected(f->pol, 1));
		ms_mem_uncharge(ms_pol_charge());
	}
	kfree(rcu_dereference_protected(f->meter, 1));
	kfree(rcu_dereference_protected(f->rtt, 1));
	free_percpu(f->stats);
	kfree(f);
	ms_mem_uncharge(ms_flow_charge());
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

static struct ms_peer *ms_peer_new(const struct in6_addr *addr, __be16 port,
				   gfp_t gfp)
{
	struct ms_peer *p = kmalloc(sizeof(*p), gfp);

	if (p) {
		p->addr = *addr;
		p->port = port;
	}
	return p;
}

/*
 * A new flow @f, just entered in the table by id, sends where the flow that
 * names it as reverse latched.  Under that flow's latch_lock: a latch
 * before this is copied here, one after finds @f and updates it.  Without
 * memory the next move of the remote sets it.
 */
static void ms_flow_seed_dst(struct ms_net *mn, struct ms_flow *f)
{
	struct ms_flow *g = xa_load(&mn->reverse_of, f->id);
	const struct ms_peer *p;
	struct ms_peer *q, *old;

	if (!g || g->key.family != f->key.family)
		return;
	spin_lock_bh(&g->latch_lock);
	p = rcu_dereference_protected(g->latched,
				      lockdep_is_held(&g->latch_lock));
	q = p ? ms_peer_new(&p->addr, p->port, GFP_ATOMIC) : NULL;
	if (q) {
		old = unrcu_pointer(xchg(&f->dst, RCU_INITIALIZER(q)));
		if (old)
			kfree_rcu(old, rcu);
	}
	spin_unlock_bh(&g->latch_lock);
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
	struct ms_flow_meter *meter = NULL;
	struct ms_rtt *rtt = NULL;
	struct ms_flow_pol *pol;
	struct ms_flow *f;
	int ret = 0;

	lockdep_assert_held(&mn->lock);
	if (xa_load(&mn->flows, cfg->f.id)) {
		NL_SET_ERR_MSG(extack, "a flow with this id exists");
		return -EEXIST;
	}
	if (cfg->f.reverse && xa_load(&mn->reverse_of, cfg->f.reverse)) {
		NL_SET_ERR_MSG(extack,
			       "another flow names this flow as its reverse");
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

	ret = ms_mem_charge(ms_flow_charge(), extack);
	if (ret)
		return ret;
	f = kmemdup(&cfg->f, sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f) {
		ret = -ENOMEM;
		goto err_uncharge;
	}
	f->rx = rx;
	f->tx = tx;
	f->latch_once = !rx || rx->flags & MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP;
	spin_lock_init(&f->latch_lock);
	pol = ms_pol_new(&cfg->pol, cfg->f.flags);
	if (IS_ERR(pol)) {
		ret = PTR_ERR(pol);
		goto err_free_flow;
	}
	if (pol) {
		ret = ms_mem_charge(ms_pol_charge(), extack);
		if (ret) {
			kfree(pol);
			goto err_free_flow;
		}
	}
	RCU_INIT_POINTER(f->pol, pol);
	if (cfg->pol.has_police || cfg->pol.clock_rate) {
		meter = ms_meter_new(&cfg->pol);
		if (!meter) {
			ret = -ENOMEM;
			goto err_free_pol;
		}
	}
	RCU_INIT_POINTER(f->meter, meter);
	if (cfg->pol.rtt) {
		rtt = ms_rtt_new();
		if (!rtt) {
			ret = -ENOMEM;
			goto err_free_meter;
		}
	}
	RCU_INIT_POINTER(f->rtt, rtt);
	f->stats = __netdev_alloc_pcpu_stats(struct ms_flow_stats,
					     GFP_KERNEL_ACCOUNT);
	if (!f->stats) {
		ret = -ENOMEM;
		goto err_free_rtt;
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
	if (f->reverse) {
		ret = xa_insert(&mn->reverse_of, f->reverse, f,
				GFP_KERNEL_ACCOUNT);
		if (ret)
			goto err_erase_id;
	}

	/* Its other direction may have learned the remote already. */
	ms_flow_seed_dst(mn, f);

	if (rx)
		rx->users++;
	if (tx)
		tx->users++;
	mn->nflows++;
	if (f->idle_timeout) {
		WRITE_ONCE(f->last_fwd, jiffies);
		if (list_empty(&mn->idle_flows))
			queue_delayed_work(ms_wq, &mn->idle_work, HZ);
		list_add_tail(&f->idle_node, &mn->idle_flows);
	}
	atomic_inc(&ms_live_flows);
	return 0;

err_erase_id:
	xa_erase(&mn->flows, f->id);
err_remove_hash:
	rhashtable_remove_fast(&mn->flow_table, &f->node, ms_flow_params);
	atomic_inc(&ms_live_flows);	/* the RCU callback counts it out */
	/* Lookups may have found it: free after a grace period. */
	call_rcu(&f->rcu, ms_flow_free_rcu);
	return ret;
err_free_stats:
	free_percpu(f->stats);
err_free_rtt:
	kfree(rtt);
err_free_meter:
	kfree(meter);
err_free_pol:
	kfree(pol);
	if (pol)
		ms_mem_uncharge(ms_pol_charge());
err_free_flow:
	kfree(f);
err_uncharge:
	ms_mem_uncharge(ms_flow_charge());
	return ret;
}

static void ms_flow_release(struct ms_net *mn, struct ms_flow *f)
{
	rhashtable_remove_fast(&mn->flow_table, &f->node, ms_flow_params);
	xa_erase(&mn->flows, f->id);
	if (f->reverse)
		xa_erase(&mn->reverse_of, f->reverse);
	if (f->rx)
		f->rx->users--;
	if (f->tx)
		f->tx->users--;
	mn->nflows--;
	if (f->idle_timeout)
		list_del(&f->idle_node);
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
		u64 packets, bytes, drops, tx_bytes, gate_drops, police_drops;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = s->packets;
			bytes = s->bytes;
			drops = s->drops;
			tx_bytes = s->tx_bytes;
			gate_drops = s->gate_drops;
			police_drops = s->police_drops;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->packets += packets;
		sum->bytes += bytes;
		sum->drops += drops;
		sum->tx_bytes += tx_bytes;
		sum->gate_drops += gate_drops;
		sum->police_drops += police_drops;
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
	sum->tx_bytes -= f->base.tx_bytes;
	sum->gate_drops -= f->base.gate_drops;
	sum->police_drops -= f->base.police_drops;
}

/**
 * ms_flow_set_pol() - new policies for a running flow (MEDIASEC_CMD_FLOW_SET)
 * @mn: the flow's namespace; caller holds its mutex
 * @f: the flow
 * @cfg: every policy the flow is to have and its flags, checked by netlink
 * @extack: where to say what is wrong
 *
 * The data path sees the old policies or the new ones as a whole, flags
 * included; the old ones go after a grace period.  Nothing is replaced
 * when nothing changes, and an unchanged policer keeps its buckets (a
 * FLOW_SET that changes the DS field gives no burst); a new one starts
 * with full buckets.  RTP statistics and round trips, once counted, stay;
 * a new clock rate applies to the jitter from the next packet.
 *
 * Return: 0, -ENOSPC (the module's memory budget) or -ENOMEM, and nothing
 * changed.
 */
int ms_flow_set_pol(struct ms_net *mn, struct ms_flow *f,
		    const struct ms_pol_cfg *cfg,
		    struct netlink_ext_ack *extack)
{
	struct ms_flow_meter *meter, *new_meter = NULL;
	struct ms_rtt *new_rtt = NULL;
	struct ms_flow_pol *pol = NULL, *old;
	bool police_same, pol_same;
	int ret = -ENOMEM;

	lockdep_assert_held(&mn->lock);
	meter = rcu_dereference_protected(f->meter,
					  lockdep_is_held(&mn->lock));
	old = rcu_dereference_protected(f->pol, lockdep_is_held(&mn->lock));
	police_same = ms_police_same(old, cfg);
	if ((cfg->has_police || cfg->clock_rate) && !meter) {
		new_meter = ms_meter_new(cfg);
		if (!new_meter)
			goto err_free_meter;
	}
	if (cfg->rtt && !rcu_access_pointer(f->rtt)) {
		new_rtt = ms_rtt_new();
		if (!new_rtt)
			goto err_free_meter;
	}
	pol_same = ms_pol_same(old, cfg, f->flags);
	if (!pol_same) {
		ret = ms_mem_charge(ms_pol_charge(), extack);
		if (ret)
			goto err_free_rtt;
		pol = ms_pol_new(cfg, f->flags);
		if (IS_ERR(pol)) {
			ms_mem_uncharge(ms_pol_charge());
			ret = -ENOMEM;
			goto err_free_rtt;
		}
		if (!pol)	/* the flow's own flags, no policy: none */
			ms_mem_uncharge(ms_pol_charge());
	}

	/* Nothing fails from here on.  The meter before the policies. */
	if (new_meter)
		rcu_assign_pointer(f->meter, new_meter);
	else if (meter && cfg->has_police && !police_same)
		ms_meter_refill(meter, cfg);
	if (!pol_same) {
		rcu_assign_pointer(f->pol, pol);
		if (old)
			call_rcu(&old->rcu, ms_pol_free_rcu);
	}
	if (meter && cfg->clock_rate &&
	    cfg->clock_rate != READ_ONCE(meter->rtp.clock_rate))
		ms_rtp_set_clock(meter, cfg->clock_rate);
	if (new_rtt)
		rcu_assign_pointer(f->rtt, new_rtt);
	return 0;

err_free_rtt:
	kfree(new_rtt);
err_free_meter:
	kfree(new_meter);
	if (ret == -ENOMEM)
		NL_SET_ERR_MSG(extack, "no memory for the flow's policies");
	return ret;
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

/**
 * ms_flow_remote() - the remote a flow takes packets from now
 * @f: the flow
 * @addr: its address (IPv4 mapped), or :: if the flow has none
 * @port: its port, or 0
 *
 * Context: any; the flow is kept alive by the caller.
 */
void ms_flow_remote(const struct ms_flow *f, struct in6_addr *addr,
		    __be16 *port)
{
	const struct ms_peer *p;

	rcu_read_lock();
	p = rcu_dereference(f->latched);
	if (p) {
		*addr = p->addr;
		*port = p->port;
	} else {
		*addr = f->remote;
		*port = f->rport;
	}
	rcu_read_unlock();
}

/**
 * ms_flow_dest() - where a flow sends its packets now
 * @f: the flow
 * @addr: the destination address (IPv4 mapped)
 * @port: the destination port
 *
 * Context: any; the flow is kept alive by the caller.
 */
void ms_flow_dest(const struct ms_flow *f, struct in6_addr *addr,
		  __be16 *port)
{
	const struct ms_peer *p;

	rcu_read_lock();
	p = rcu_dereference(f->dst);
	if (p) {
		*addr = p->addr;
		*port = p->port;
	} else {
		*addr = f->out_daddr;
		*port = f->out_dport;
	}
	rcu_read_unlock();
}

/* A source a flow may learn: a unicast host, not this one, a real port. */
static bool ms_latch_source_ok(const struct in6_addr *a, __be16 port)
{
	if (!port)
		return false;
	if (ipv6_addr_v4mapped(a)) {
		__be32 v4 = a->s6_addr32[3];

		return !ipv4_is_zeronet(v4) && !ipv4_is_multicast(v4) &&
		       !ipv4_is_lbcast(v4) && !ipv4_is_loopback(v4);
	}
	return !(ipv6_addr_type(a) & (IPV6_ADDR_ANY | IPV6_ADDR_MULTICAST |
				      IPV6_ADDR_LOOPBACK));
}

/**
 * ms_flow_latch() - a flow learned its remote from a packet
 * @mn: the namespace's state
 * @f: the flow (MEDIASEC_FLOW_F_LATCH)
 * @addr: the packet's source address (IPv4 mapped)
 * @port: its source port
 *
 * The new remote replaces the old one; the flow named as reverse, if it
 * exists, sends there from now on; listeners get MEDIASEC_EVENT_FLOW_LATCH.
 * A flow whose packets are not all authenticated (&struct ms_flow
 * latch_once) learns only once: the first packet wins.
 * Sources that are no unicast host are not learned.  Without memory
 * nothing changes, and the next packet tries again.
 *
 * Context: RCU read side, softirq (the data path).
 */
void ms_flow_latch(struct ms_net *mn, struct ms_flow *f,
		   const struct in6_addr *addr, __be16 port)
{
	struct ms_event ev = {
		.type = MEDIASEC_EVENT_FLOW_LATCH,
		.flow_id = f->id,
		.family = f->key.family,
		.addr = addr,
		.port = port,
	};
	struct ms_peer *p, *q, *old;
	struct ms_flow *rev;

	if (!ms_latch_source_ok(addr, port))
		return;
	p = ms_peer_new(addr, port, GFP_ATOMIC);
	q = f->reverse ? ms_peer_new(addr, port, GFP_ATOMIC) : NULL;
	if (!p || (f->reverse && !q))
		goto out_free;

	/* One learner at a time, so the flow and its reverse agree. */
	spin_lock_bh(&f->latch_lock);
	old = rcu_dereference_protected(f->latched,
					lockdep_is_held(&f->latch_lock));
	if (old && (f->latch_once || (ipv6_addr_equal(&old->addr, addr) &&
				      old->port == port))) {
		spin_unlock_bh(&f->latch_lock);
		goto out_free;	/* learned once, or by another CPU just now */
	}
	rcu_assign_pointer(f->latched, p);
	if (old)
		kfree_rcu(old, rcu);
	rev = q ? xa_load(&mn->flows, f->reverse) : NULL;
	if (rev && rev->key.family == f->key.family) {
		old = unrcu_pointer(xchg(&rev->dst, RCU_INITIALIZER(q)));
		if (old)
			kfree_rcu(old, rcu);
		q = NULL;
	}
	spin_unlock_bh(&f->latch_lock);
	kfree(q);
	ms_nl_event(mn->net, &ev);
	return;

out_free:
	kfree(p);
	kfree(q);
}

/**
 * ms_flow_idle_work() - report flows that forwarded nothing for a while
 * @work: &struct ms_net.idle_work
 *
 * Runs every second while the namespace has flows with an idle timeout.
 */
void ms_flow_idle_work(struct work_struct *work)
{
	struct ms_net *mn = container_of(to_delayed_work(work), struct ms_net,
					 idle_work);
	struct ms_event ev = { .type = MEDIASEC_EVENT_FLOW_IDLE };
	struct ms_flow *f;

	mutex_lock(&mn->lock);
	list_for_each_entry(f, &mn->idle_flows, idle_node) {
		if (READ_ONCE(f->idle) ||
		    time_before(jiffies, READ_ONCE(f->last_fwd) +
				(unsigned long)f->idle_timeout * HZ))
			continue;
		WRITE_ONCE(f->idle, true);
		ev.flow_id = f->id;
		ms_nl_event(mn->net, &ev);
	}
	if (!list_empty(&mn->idle_flows))
		queue_delayed_work(ms_wq, &mn->idle_work, HZ);
	mutex_unlock(&mn->lock);
}
