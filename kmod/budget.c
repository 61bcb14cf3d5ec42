// SPDX-License-Identifier: GPL-2.0
/*
 * The module-wide memory budget.  Limits per namespace (max_ctxs,
 * max_flows) keep one namespace from taking all of the module's room;
 * they do not bound the sum, and the root of any user namespace owns
 * network namespaces of its own.  So every object the module keeps for a
 * namespace is charged here, against one limit for all namespaces
 * together (mem_limit_mb, default a quarter of RAM at load), and refused
 * with -ENOSPC and an extack message once it is spent.
 *
 * Charges are what an object holds at most: the structures' sizes and,
 * for a master key, the crypto transforms' (MS_KEY_CHARGE_*, measured by
 * "make bench": see docs/performance.md).  The crypto API allocates its
 * transforms without __GFP_ACCOUNT, so the memory cgroup of the caller
 * does not see them: this budget is what bounds them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>

#include "budget.h"

static unsigned int ms_mem_limit_mb;
module_param_named(mem_limit_mb, ms_mem_limit_mb, uint, 0644);
MODULE_PARM_DESC(mem_limit_mb,
		 "most memory all namespaces' objects may hold, in MiB (default: a quarter of RAM)");

static atomic_long_t ms_mem_charged = ATOMIC_LONG_INIT(0);

/**
 * ms_budget_init() - set the default budget from the machine's memory
 */
void __init ms_budget_init(void)
{
	if (!ms_mem_limit_mb)
		ms_mem_limit_mb = (totalram_pages() >> (20 - PAGE_SHIFT)) / 4;
}

/**
 * ms_mem_charge() - take @bytes from the module-wide budget
 * @bytes: what the new object holds at most
 * @extack: where to say why not
 *
 * Return: 0, or -ENOSPC when the budget would be exceeded (nothing taken).
 */
int ms_mem_charge(unsigned long bytes, struct netlink_ext_ack *extack)
{
	unsigned long limit = (unsigned long)READ_ONCE(ms_mem_limit_mb) << 20;

	if (atomic_long_add_return(bytes, &ms_mem_charged) > limit) {
		atomic_long_sub(bytes, &ms_mem_charged);
		NL_SET_ERR_MSG(extack,
			       "the module's memory budget is spent (mem_limit_mb)");
		return -ENOSPC;
	}
	return 0;
}

/**
 * ms_mem_uncharge() - give back what ms_mem_charge() took
 * @bytes: the same amount
 */
void ms_mem_uncharge(unsigned long bytes)
{
	atomic_long_sub(bytes, &ms_mem_charged);
}

/**
 * ms_mem_charged_bytes() - what all namespaces' objects hold now
 *
 * Return: bytes charged.
 */
unsigned long ms_mem_charged_bytes(void)
{
	return atomic_long_read(&ms_mem_charged);
}
