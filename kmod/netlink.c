// SPDX-License-Identifier: GPL-2.0
/*
 * The "mediasec" generic netlink family; its API is documented in
 * include/uapi/linux/mediasec.h.
 */

#include <net/genetlink.h>
#include <uapi/linux/mediasec.h>

#include "mediasec.h"

static const struct nla_policy ms_policy[MEDIASEC_A_MAX + 1] = {
	[MEDIASEC_A_INFO_VERSION]	= { .type = NLA_REJECT },
	[MEDIASEC_A_INFO_API_VERSION]	= { .type = NLA_REJECT },
};

static struct genl_family ms_genl_family;

static int ms_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &ms_genl_family, 0,
				MEDIASEC_CMD_INFO_GET);
	if (!hdr)
		goto err_free_msg;

	if (nla_put_string(msg, MEDIASEC_A_INFO_VERSION, MEDIASEC_VERSION) ||
	    nla_put_u32(msg, MEDIASEC_A_INFO_API_VERSION,
			MEDIASEC_GENL_VERSION))
		goto err_cancel_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_cancel_msg:
	genlmsg_cancel(msg, hdr);
err_free_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops ms_genl_ops[] = {
	{
		.cmd = MEDIASEC_CMD_INFO_GET,
		.doit = ms_nl_info_get,
	},
};

static struct genl_family ms_genl_family __ro_after_init = {
	.name		= MEDIASEC_GENL_NAME,
	.version	= MEDIASEC_GENL_VERSION,
	.maxattr	= MEDIASEC_A_MAX,
	.policy		= ms_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= ms_genl_ops,
	.n_ops		= ARRAY_SIZE(ms_genl_ops),
	.resv_start_op	= MEDIASEC_CMD_INFO_GET,
};

int __init ms_genl_init(void)
{
	return genl_register_family(&ms_genl_family);
}

void ms_genl_exit(void)
{
	genl_unregister_family(&ms_genl_family);
}
