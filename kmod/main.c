// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec: media-plane security offload for IMS access gateways.
 *
 * Module entry: brings the parts up in dependency order and down in the
 * reverse order.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include <uapi/linux/mediasec.h>

#include "budget.h"
#include "mediasec.h"
#include "netns.h"
#include "relay.h"
#include "srtp_crypto.h"

/* Frees contexts a grace period after they were unlinked (may sleep). */
struct workqueue_struct *ms_wq;

atomic_t ms_live_ctxs = ATOMIC_INIT(0);
atomic_t ms_live_flows = ATOMIC_INIT(0);

static int __init mediasec_init(void)
{
	int ret;

	ret = ms_srtp_crypto_init();
	if (ret)
		return ret;

	/* Refuse to carry media through crypto that gives wrong answers. */
	ret = ms_selftest();
	if (ret)
		goto err_crypto_exit;

	ms_budget_init();
	ms_wq = alloc_workqueue("mediasec", WQ_UNBOUND, 0);
	if (!ms_wq) {
		ret = -ENOMEM;
		goto err_crypto_exit;
	}

	ret = ms_relay_init();
	if (ret)
		goto err_destroy_wq;

	ret = ms_netns_init();
	if (ret)
		goto err_relay_exit;

	ret = ms_genl_init();
	if (ret)
		goto err_netns_exit;

	/* Sends DEV_GONE events: after the family, before it goes. */
	ret = ms_dev_init();
	if (ret)
		goto err_genl_exit;

	/* Kfunc sets live as long as the module's BTF: nothing to undo. */
	ret = ms_kfunc_init();
	if (ret)
		goto err_dev_exit;

	pr_info("version " MEDIASEC_VERSION " loaded\n");
	return 0;

err_dev_exit:
	ms_dev_exit();
err_genl_exit:
	ms_genl_exit();
err_netns_exit:
	ms_netns_exit();
err_relay_exit:
	ms_relay_exit();
err_destroy_wq:
	rcu_barrier();
	destroy_workqueue(ms_wq);
err_crypto_exit:
	ms_srtp_crypto_exit();
	return ret;
}

static void __exit mediasec_exit(void)
{
	ms_dev_exit();
	ms_genl_exit();
	ms_netns_exit();
	ms_relay_exit();
	/* Contexts unlinked above are freed after a grace period: wait. */
	rcu_barrier();
	destroy_workqueue(ms_wq);
	ms_srtp_crypto_exit();
	WARN_ON(atomic_read(&ms_live_ctxs) || atomic_read(&ms_live_flows) ||
		atomic_read(&ms_live_relays) || ms_mem_charged_bytes());
	pr_info("unloaded\n");
}

module_init(mediasec_init);
module_exit(mediasec_exit);

MODULE_DESCRIPTION("Media-plane security offload (SRTP/SRTCP, kTLS relay)");
MODULE_AUTHOR("The mediasec developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(MEDIASEC_VERSION);
MODULE_ALIAS_GENL_FAMILY(MEDIASEC_GENL_NAME);
/* The SIMD crypto drivers the packet path prefers (udev usually loads them). */
MODULE_SOFTDEP("pre: aesni-intel ghash-clmulni-intel sha1-ssse3");
