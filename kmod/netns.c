// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: created with the namespace (or at module
 * load for existing ones), flushed and freed when it goes away.
 */

#include <linux/moduleparam.h>
#include <net/netns/generic.h>

#include "ctx.h"
#include "flow.h"
#include "mediasec.h"
#include "netns.h"
#include "relay.h"

static unsigned int ms_net_id __read_mostly;

/*
 * 131,072 e2ae calls (2 contexts, 4 flows each) per namespace; all
 * namespaces together are bounded by the memory budget (budget.c).
 */
unsigned int ms_max_ctxs = 1 << 18;
module_param_named(max_ctxs, ms_max_ctxs, uint, 0644);
MODULE_PARM_DESC(max_ctxs, "most SRTP contexts per network namespace");

unsigned int ms_max_flows = 1 << 19;
module_param_named(max_flows, ms_max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows, "most flows per network namespace");

/**
 * ms_net() - mediasec's state of a network namespace
 * @net: the namespace
 *
 * Return: the state; it exists as long as @net does.
 */
struct ms_net *ms_net(const struct net *net)
{
	return net_generic(net, ms_net_id);
}

static int __net_init ms_net_init(struct net *net)
{
	struct ms_net *mn = ms_net(net);

	mutex_init(&mn->lock);
	xa_init(&mn->ctxs);
	xa_init(&mn->devs);
	xa_init(&mn->relays);
	xa_init(&mn->reverse_of);
	INIT_LIST_HEAD(&mn->idle_flows);
	INIT_DELAYED_WORK(&mn->idle_work, ms_flow_idle_work);
	mn->net = net;
	return ms_flow_table_init(mn);
}

static void __net_exit ms_net_exit(struct net *net)
{
	struct ms_net *mn = ms_net(net);

	mutex_lock(&mn->lock);
	ms_relay_flush(mn);
	ms_flow_flush(mn);	/* flows hold uses of contexts */
	ms_ctx_flush(mn);
	xa_destroy(&mn->devs);
	mn->ndevs = 0;
	mutex_unlock(&mn->lock);
	/* No flow has an idle timeout now: the work does not come back. */
	cancel_delayed_work_sync(&mn->idle_work);
	ms_flow_table_destroy(mn);
	xa_destroy(&mn->reverse_of);
	xa_destroy(&mn->ctxs);
	xa_destroy(&mn->relays);
}

static struct pernet_operations ms_net_ops = {
	.init	= ms_net_init,
	.exit	= ms_net_exit,
	.id	= &ms_net_id,
	.size	= sizeof(struct ms_net),
};

int __init ms_netns_init(void)
{
	return register_pernet_subsys(&ms_net_ops);
}

void ms_netns_exit(void)
{
	unregister_pernet_subsys(&ms_net_ops);
}
