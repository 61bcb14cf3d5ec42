// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec monitor: print the module's events as they happen, one line
 * each (JSON objects with -j), until interrupted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netlink/genl/ctrl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msnl.h"
#include "cli.h"

static const char *const event_names[] = {
	[MEDIASEC_EVENT_KEY_SOFT] = "key-soft-expiry",
	[MEDIASEC_EVENT_KEY_HARD] = "key-hard-expiry",
	[MEDIASEC_EVENT_AUTH_FAIL] = "auth-fail",
	[MEDIASEC_EVENT_REPLAY] = "replay",
	[MEDIASEC_EVENT_FLOW_LATCH] = "flow-latch",
	[MEDIASEC_EVENT_FLOW_IDLE] = "flow-idle",
	[MEDIASEC_EVENT_DEV_GONE] = "dev-gone",
	[MEDIASEC_EVENT_RELAY_END] = "relay-end",
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct nlattr *et[MEDIASEC_A_EVENT_MAX + 1];
	unsigned int type;
	const char *name;

	(void)arg;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX, msnl_top_policy) ||
	    !tb[MEDIASEC_A_EVENT] ||
	    nla_parse_nested(et, MEDIASEC_A_EVENT_MAX, tb[MEDIASEC_A_EVENT],
			     msnl_event_policy) || !et[MEDIASEC_A_EVENT_TYPE])
		return NL_SKIP;
	type = nla_get_u32(et[MEDIASEC_A_EVENT_TYPE]);
	name = type < sizeof(event_names) / sizeof(event_names[0]) &&
	       event_names[type] ? event_names[type] : "unknown";
	printf(json ? "{\"event\":\"%s\"" : "%s", name);
	if (et[MEDIASEC_A_EVENT_CTX_ID])
		printf(json ? ",\"ctx\":%u" : " ctx %u",
		       nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]));
	if (et[MEDIASEC_A_EVENT_MKI])
		printf(json ? ",\"mki\":%u" : " mki %u",
		       nla_get_u32(et[MEDIASEC_A_EVENT_MKI]));
	if (et[MEDIASEC_A_EVENT_COUNT])
		printf(json ? ",\"count\":%" PRIu64 : " count %" PRIu64,
		       (uint64_t)nla_get_u64(et[MEDIASEC_A_EVENT_COUNT]));
	if (et[MEDIASEC_A_EVENT_FLOW_ID])
		printf(json ? ",\"flow\":%u" : " flow %u",
		       nla_get_u32(et[MEDIASEC_A_EVENT_FLOW_ID]));
	if (et[MEDIASEC_A_EVENT_ADDR] && et[MEDIASEC_A_EVENT_PORT] &&
	    (nla_len(et[MEDIASEC_A_EVENT_ADDR]) == 4 ||
	     nla_len(et[MEDIASEC_A_EVENT_ADDR]) == 16)) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(nla_len(et[MEDIASEC_A_EVENT_ADDR]) == 4 ? AF_INET :
			  AF_INET6, nla_data(et[MEDIASEC_A_EVENT_ADDR]), a,
			  sizeof(a));
		printf(json ? ",\"remote\":\"%s\",\"rport\":%u" :
			      " remote %s rport %u",
		       a, nla_get_u16(et[MEDIASEC_A_EVENT_PORT]));
	}
	if (et[MEDIASEC_A_EVENT_RELAY_ID])
		printf(json ? ",\"relay\":%u" : " relay %u",
		       nla_get_u32(et[MEDIASEC_A_EVENT_RELAY_ID]));
	if (et[MEDIASEC_A_EVENT_REASON])
		printf(json ? ",\"reason\":\"%s\"" : " reason %s",
		       relay_end_name(nla_get_u32(et[MEDIASEC_A_EVENT_REASON])));
	if (et[MEDIASEC_A_EVENT_LEG])
		printf(json ? ",\"leg\":\"%c\"" : " leg %c",
		       'a' + nla_get_u8(et[MEDIASEC_A_EVENT_LEG]));
	if (et[MEDIASEC_A_EVENT_IFINDEX])
		printf(json ? ",\"ifindex\":%u" : " ifindex %u",
		       nla_get_u32(et[MEDIASEC_A_EVENT_IFINDEX]));
	printf(json ? "}\n" : "\n");
	fflush(stdout);
	return NL_OK;
}

int cmd_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct msnl nl;
	int grp, ret;

	if (argc)
		return invarg("\"monitor\" takes no arguments", argv[0]);
	ret = msnl_open(&nl);
	if (ret)
		return kerr("mediasec module not loaded (genl family)", ret,
			    NULL);
	grp = genl_ctrl_resolve_grp(nl.sk, MEDIASEC_GENL_NAME,
				    MEDIASEC_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(nl.sk, grp)) {
		msnl_close(&nl);
		return kerr("joining the events group", -ENOENT, NULL);
	}
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Say when we listen, so that scripts can start the traffic. */
	fprintf(stderr, "monitor: listening\n");
	/* libnl retries reads on EINTR: wait in poll(), which does not. */
	while (!stop) {
		struct pollfd p = { .fd = nl_socket_get_fd(nl.sk),
				    .events = POLLIN };

		if (poll(&p, 1, -1) <= 0)
			continue;
		ret = nl_recvmsgs_default(nl.sk);
		if (ret < 0 && ret != -NLE_INTR && ret != -NLE_AGAIN)
			break;
	}
	msnl_close(&nl);
	return 0;
}
