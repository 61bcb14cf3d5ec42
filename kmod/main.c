// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec: media-plane security offload for IMS access gateways.
 *
 * Module entry: brings the parts up in dependency order and down in the
 * reverse order.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/mediasec.h>

#include "mediasec.h"

static int __init mediasec_init(void)
{
	int ret;

	/* Kfunc sets live as long as the module's BTF: nothing to undo. */
	ret = ms_kfunc_init();
	if (ret)
		return ret;

	ret = ms_genl_init();
	if (ret)
		return ret;

	pr_info("version " MEDIASEC_VERSION " loaded\n");
	return 0;
}

static void __exit mediasec_exit(void)
{
	ms_genl_exit();
	pr_info("unloaded\n");
}

module_init(mediasec_init);
module_exit(mediasec_exit);

MODULE_DESCRIPTION("Media-plane security offload (SRTP/SRTCP, kTLS relay)");
MODULE_AUTHOR("The mediasec developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(MEDIASEC_VERSION);
MODULE_ALIAS_GENL_FAMILY(MEDIASEC_GENL_NAME);
