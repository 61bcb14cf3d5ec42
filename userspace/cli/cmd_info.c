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
	unsigned int api;
};

static int on_info(struct nlattr **tb, void *arg)
{
	struct info *i = arg;

	if (tb[MEDIASEC_A_INFO_VERSION])
		snprintf(i->version, sizeof(i->version), "%s",
			 nla_get_string(tb[MEDIASEC_A_INFO_VERSION]));
	if (tb[MEDIASEC_A_INFO_API_VERSION])
		i->api = nla_get_u32(tb[MEDIASEC_A_INFO_API_VERSION]);
	return 0;
}

int cmd_info(int argc, char **argv)
{
	struct info i = { "", 0 };
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
	if (json)
		printf("{\"version\":\"%s\",\"api_version\":%u}\n", i.version,
		       i.api);
	else
		printf("mediasec %s api %u\n", i.version, i.api);
	return 0;
}
