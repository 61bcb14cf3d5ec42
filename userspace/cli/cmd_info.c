// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec info: the module's version and API version.
 */
#include <errno.h>
#include <stdio.h>

#include "../lib/msnl.h"
#include "cli.h"

struct info {
	char version[64];
	unsigned int api, ctxs, flows, devs, relays;
	int live;		/* module-wide counts present */
	unsigned int live_ctxs, live_flows, live_relays;
};

static int on_info(struct nlattr **tb, void *arg)
{
	struct info *i = arg;

	if (tb[MEDIASEC_A_INFO_VERSION])
		snprintf(i->version, sizeof(i->version), "%s",
			 nla_get_string(tb[MEDIASEC_A_INFO_VERSION]));
	if (tb[MEDIASEC_A_INFO_API_VERSION])
		i->api = nla_get_u32(tb[MEDIASEC_A_INFO_API_VERSION]);
	if (tb[MEDIASEC_A_INFO_CTXS])
		i->ctxs = nla_get_u32(tb[MEDIASEC_A_INFO_CTXS]);
	if (tb[MEDIASEC_A_INFO_FLOWS])
		i->flows = nla_get_u32(tb[MEDIASEC_A_INFO_FLOWS]);
	if (tb[MEDIASEC_A_INFO_DEVS])
		i->devs = nla_get_u32(tb[MEDIASEC_A_INFO_DEVS]);
	if (tb[MEDIASEC_A_INFO_RELAYS])
		i->relays = nla_get_u32(tb[MEDIASEC_A_INFO_RELAYS]);
	if (tb[MEDIASEC_A_INFO_LIVE_RELAYS])
		i->live_relays = nla_get_u32(tb[MEDIASEC_A_INFO_LIVE_RELAYS]);
	if (tb[MEDIASEC_A_INFO_LIVE_CTXS] && tb[MEDIASEC_A_INFO_LIVE_FLOWS]) {
		i->live = 1;
		i->live_ctxs = nla_get_u32(tb[MEDIASEC_A_INFO_LIVE_CTXS]);
		i->live_flows = nla_get_u32(tb[MEDIASEC_A_INFO_LIVE_FLOWS]);
	}
	return 0;
}

int cmd_info(int argc, char **argv)
{
	struct info i = { .version = "" };
	struct nl_msg *msg;
	struct msnl nl;
	int ret;

	if (argc)
		return invarg("\"info\" takes no arguments", argv[0]);
	ret = msnl_open(&nl);
	if (ret)
		return kerr("mediasec module not loaded (genl family)", ret,
			    NULL);
	msg = msnl_msg(&nl, MEDIASEC_CMD_INFO_GET, 0);
	ret = msg ? msnl_request(&nl, msg, on_info, &i) : -ENOMEM;
	if (ret) {
		ret = kerr("info", ret, nl.errmsg);
		msnl_close(&nl);
		return ret;
	}
	msnl_close(&nl);
	if (json) {
		printf("{\"version\":\"%s\",\"api_version\":%u,\"ctxs\":%u,"
		       "\"flows\":%u,\"devs\":%u,\"relays\":%u", i.version,
		       i.api, i.ctxs, i.flows, i.devs, i.relays);
		if (i.live)
			printf(",\"live_ctxs\":%u,\"live_flows\":%u,"
			       "\"live_relays\":%u", i.live_ctxs, i.live_flows,
			       i.live_relays);
		printf("}\n");
	} else {
		printf("mediasec %s api %u\n", i.version, i.api);
		printf("    ctxs %u flows %u devs %u relays %u", i.ctxs, i.flows,
		       i.devs, i.relays);
		if (i.live)
			printf(" (all namespaces, not yet freed: ctxs %u flows %u relays %u)",
			       i.live_ctxs, i.live_flows, i.live_relays);
		printf("\n");
	}
	return 0;
}
