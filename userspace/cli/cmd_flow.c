// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec flow: one direction of one media stream through the gateway.
 *
 *   mediasec flow add ID action ACTION local ADDR lport PORT
 *                     [ remote ADDR rport PORT ] [ kind { rtp | rtcp | mux } ]
 *                     [ rx-ctx ID ] [ tx-ctx ID ] daddr ADDR dport PORT
 *                     [ saddr ADDR ] [ sport PORT ] [ dev IFNAME ] [ latch ]
 *                     [ reverse ID ] [ idle-timeout SECONDS ] [ POLICIES ]
 *   mediasec flow set ID POLICIES
 *   mediasec flow del ID
 *   mediasec flow show [ ID ]
 *
 * ACTION: forward, srtp-to-rtp, rtp-to-srtp, srtp-to-srtp.  POLICIES:
 * cmd_flow_policy.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msnl.h"
#include "cli.h"
#include "cmd_flow.h"

static const char *const action_names[] = {
	[MEDIASEC_ACTION_FORWARD] = "forward",
	[MEDIASEC_ACTION_SRTP_TO_RTP] = "srtp-to-rtp",
	[MEDIASEC_ACTION_RTP_TO_SRTP] = "rtp-to-srtp",
	[MEDIASEC_ACTION_SRTP_TO_SRTP] = "srtp-to-srtp",
};

static const char *const kind_names[] = {
	[MEDIASEC_KIND_RTP] = "rtp",
	[MEDIASEC_KIND_RTCP] = "rtcp",
	[MEDIASEC_KIND_MUX] = "mux",
};

#define NAMES(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static const char *name_of(const char *const *names, size_t n,
			   unsigned int v)
{
	return v && v < n && names[v] ? names[v] : "unknown";
}

/* An IPv4 or IPv6 address attribute; 0 or EXIT_USAGE. */
static int put_addr(struct nl_msg *msg, int type, const char *what,
		    const char *s)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, s, a) == 1)
		return nla_put(msg, type, 4, a) ? EXIT_USAGE : 0;
	if (inet_pton(AF_INET6, s, a) == 1)
		return nla_put(msg, type, 16, a) ? EXIT_USAGE : 0;
	return invarg(what, s);
}

static int put_port(struct nl_msg *msg, int type, const char *s)
{
	unsigned long long v;

	if (get_u32(s, &v) || !v || v > 65535)
		return invarg("a port is 1 .. 65535", s);
	return nla_put_u16(msg, type, (uint16_t)v) ? EXIT_USAGE : 0;
}

static int put_secs(struct nl_msg *msg, int type, const char *s)
{
	unsigned long long v;

	if (get_u32(s, &v) || !v || v > 86400)
		return invarg("seconds are 1 .. 86400", s);
	return nla_put_u32(msg, type, (uint32_t)v) ? EXIT_USAGE : 0;
}

static int parse_flow_add(int argc, char **argv, struct nl_msg *msg)
{
	static const struct {
		const char *kw;
		int type;
		int (*put)(struct nl_msg *, int, const char *);
	} simple[] = {
		{ "lport", MEDIASEC_A_FLOW_LOCAL_PORT, put_port },
		{ "rport", MEDIASEC_A_FLOW_REMOTE_PORT, put_port },
		{ "dport", MEDIASEC_A_FLOW_OUT_DPORT, put_port },
		{ "sport", MEDIASEC_A_FLOW_OUT_SPORT, put_port },
		{ "rx-ctx", MEDIASEC_A_FLOW_RX_CTX, put_id },
		{ "tx-ctx", MEDIASEC_A_FLOW_TX_CTX, put_id },
		{ "reverse", MEDIASEC_A_FLOW_REVERSE, put_id },
		{ "idle-timeout", MEDIASEC_A_FLOW_IDLE_TIMEOUT, put_secs },
	};
	static const struct {
		const char *kw;
		int type;
	} addrs[] = {
		{ "local", MEDIASEC_A_FLOW_LOCAL_ADDR },
		{ "remote", MEDIASEC_A_FLOW_REMOTE_ADDR },
		{ "daddr", MEDIASEC_A_FLOW_OUT_DADDR },
		{ "saddr", MEDIASEC_A_FLOW_OUT_SADDR },
	};
	unsigned int flags = 0, ifindex;
	struct flow_pol_args pol;
	int v, ret;
	size_t i;

	flow_pol_init(&pol);
	if (!argc)
		return missarg("ID");
	ret = put_id(msg, MEDIASEC_A_FLOW_ID, argv[0]);
	if (ret)
		return ret;
	for (argc--, argv++; argc; argc -= 2, argv += 2) {
		if (!strcmp(argv[0], "latch")) {
			flags |= MEDIASEC_FLOW_F_LATCH;
			argc++, argv--;	/* a keyword without value */
			continue;
		}
		if (argc < 2)
			return missarg(argv[0]);
		for (i = 0; i < NAMES(simple); i++)
			if (!strcmp(argv[0], simple[i].kw))
				break;
		if (i < NAMES(simple)) {
			ret = simple[i].put(msg, simple[i].type, argv[1]);
			if (ret)
				return ret;
			continue;
		}
		for (i = 0; i < NAMES(addrs); i++)
			if (!strcmp(argv[0], addrs[i].kw))
				break;
		if (i < NAMES(addrs)) {
			ret = put_addr(msg, addrs[i].type,
				       "not an IPv4 or IPv6 address", argv[1]);
			if (ret)
				return ret;
			continue;
		}
		if (!strcmp(argv[0], "action")) {
			v = lookup(action_names, NAMES(action_names), argv[1]);
			if (v < 0)
				return invarg("action is forward, srtp-to-rtp, rtp-to-srtp or srtp-to-srtp",
					      argv[1]);
			nla_put_u8(msg, MEDIASEC_A_FLOW_ACTION, v);
		} else if (!strcmp(argv[0], "kind")) {
			v = lookup(kind_names, NAMES(kind_names), argv[1]);
			if (v < 0)
				return invarg("kind is rtp, rtcp or mux", argv[1]);
			nla_put_u8(msg, MEDIASEC_A_FLOW_KIND, v);
		} else if (!strcmp(argv[0], "dev")) {
			ifindex = if_nametoindex(argv[1]);
			if (!ifindex)
				return invarg("no such device", argv[1]);
			nla_put_u32(msg, MEDIASEC_A_FLOW_OUT_IFINDEX, ifindex);
		} else {
			ret = flow_pol_arg(&pol, argv[0], argv[1]);
			if (ret < 0)
				return invarg("unknown keyword", argv[0]);
			if (ret)
				return ret;
		}
	}
	if (flags)
		nla_put_u32(msg, MEDIASEC_A_FLOW_FLAGS, flags);
	return flow_pol_put(msg, &pol);
}

static int parse_flow_id(int argc, char **argv, struct nl_msg *msg)
{
	if (!argc)
		return missarg("ID");
	if (argc > 1)
		return invarg("unexpected argument", argv[1]);
	return put_id(msg, MEDIASEC_A_FLOW_ID, argv[0]);
}

static void addr_str(struct nlattr *a, char *buf, size_t len)
{
	if (nla_len(a) == 4 || nla_len(a) == 16)
		inet_ntop(nla_len(a) == 4 ? AF_INET : AF_INET6, nla_data(a),
			  buf, len);
	else
		snprintf(buf, len, "?");
}

static int on_flow(struct nlattr **tb, void *arg)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct nlattr *st[MEDIASEC_A_FLOW_STATS_MAX + 1];
	char a[INET6_ADDRSTRLEN], dev[IF_NAMESIZE];
	int *n = arg;

	if (!tb[MEDIASEC_A_FLOW] ||
	    nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW],
			     msnl_flow_policy) ||
	    nla_parse_nested(st, MEDIASEC_A_FLOW_STATS_MAX,
			     ft[MEDIASEC_A_FLOW_STATS], msnl_flow_stats_policy))
		return 0;
	addr_str(ft[MEDIASEC_A_FLOW_LOCAL_ADDR], a, sizeof(a));
	printf(json ? "%s{\"id\":%u,\"action\":\"%s\",\"kind\":\"%s\","
		      "\"local\":\"%s\",\"lport\":%u" :
		      "%sflow %u action %s kind %s local %s lport %u",
	       json && *n ? "," : "", nla_get_u32(ft[MEDIASEC_A_FLOW_ID]),
	       name_of(action_names, NAMES(action_names),
		       nla_get_u8(ft[MEDIASEC_A_FLOW_ACTION])),
	       name_of(kind_names, NAMES(kind_names),
		       nla_get_u8(ft[MEDIASEC_A_FLOW_KIND])),
	       a, nla_get_u16(ft[MEDIASEC_A_FLOW_LOCAL_PORT]));
	if (ft[MEDIASEC_A_FLOW_REMOTE_ADDR]) {
		addr_str(ft[MEDIASEC_A_FLOW_REMOTE_ADDR], a, sizeof(a));
		printf(json ? ",\"remote\":\"%s\",\"rport\":%u" :
			      " remote %s rport %u",
		       a, nla_get_u16(ft[MEDIASEC_A_FLOW_REMOTE_PORT]));
	}
	if (ft[MEDIASEC_A_FLOW_RX_CTX])
		printf(json ? ",\"rx_ctx\":%u" : " rx-ctx %u",
		       nla_get_u32(ft[MEDIASEC_A_FLOW_RX_CTX]));
	if (ft[MEDIASEC_A_FLOW_TX_CTX])
		printf(json ? ",\"tx_ctx\":%u" : " tx-ctx %u",
		       nla_get_u32(ft[MEDIASEC_A_FLOW_TX_CTX]));
	addr_str(ft[MEDIASEC_A_FLOW_OUT_DADDR], a, sizeof(a));
	printf(json ? ",\"daddr\":\"%s\",\"dport\":%u" : " daddr %s dport %u",
	       a, nla_get_u16(ft[MEDIASEC_A_FLOW_OUT_DPORT]));
	if (ft[MEDIASEC_A_FLOW_OUT_SADDR]) {
		addr_str(ft[MEDIASEC_A_FLOW_OUT_SADDR], a, sizeof(a));
		printf(json ? ",\"saddr\":\"%s\"" : " saddr %s", a);
	}
	if (ft[MEDIASEC_A_FLOW_OUT_SPORT])
		printf(json ? ",\"sport\":%u" : " sport %u",
		       nla_get_u16(ft[MEDIASEC_A_FLOW_OUT_SPORT]));
	if (ft[MEDIASEC_A_FLOW_OUT_IFINDEX]) {
		if (!if_indextoname(nla_get_u32(ft[MEDIASEC_A_FLOW_OUT_IFINDEX]),
				    dev))
			snprintf(dev, sizeof(dev), "if%u",
				 nla_get_u32(ft[MEDIASEC_A_FLOW_OUT_IFINDEX]));
		printf(json ? ",\"dev\":\"%s\"" : " dev %s", dev);
	}
	if (nla_get_u32(ft[MEDIASEC_A_FLOW_FLAGS]) & MEDIASEC_FLOW_F_LATCH)
		printf(json ? ",\"latch\":true" : " latch");
	if (ft[MEDIASEC_A_FLOW_REVERSE])
		printf(json ? ",\"reverse\":%u" : " reverse %u",
		       nla_get_u32(ft[MEDIASEC_A_FLOW_REVERSE]));
	if (ft[MEDIASEC_A_FLOW_IDLE_TIMEOUT])
		printf(json ? ",\"idle_timeout\":%u" : " idle-timeout %u",
		       nla_get_u32(ft[MEDIASEC_A_FLOW_IDLE_TIMEOUT]));
	flow_pol_print(ft);
	printf(json ? ",\"stats\":{\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64
		      ",\"drops\":%" PRIu64 ",\"tx_bytes\":%" PRIu64
		      ",\"gate_drops\":%" PRIu64 ",\"police_drops\":%" PRIu64 "}" :
		      "\n    packets %" PRIu64 " bytes %" PRIu64
		      " drops %" PRIu64 " tx-bytes %" PRIu64
		      " gate-drops %" PRIu64 " police-drops %" PRIu64 "\n",
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_PACKETS]),
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_BYTES]),
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_DROPS]),
	       st[MEDIASEC_A_FLOW_STATS_TX_BYTES] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_TX_BYTES]) : 0,
	       st[MEDIASEC_A_FLOW_STATS_GATE_DROPS] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_GATE_DROPS]) : 0,
	       st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS]) : 0);
	flow_rtp_print(ft);
	if (json)
		printf("}");
	(*n)++;
	return 0;
}

int cmd_flow(int argc, char **argv)
{
	int n = 0, ret;

	if (!argc || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (json)
			printf("[");
		if (argc > 1)
			ret = ms_request(MEDIASEC_CMD_FLOW_GET, 0,
					 MEDIASEC_A_FLOW, parse_flow_id,
					 argc - 1, argv + 1, on_flow, &n,
					 "flow show");
		else
			ret = ms_request(MEDIASEC_CMD_FLOW_GET, NLM_F_DUMP, 0,
					 NULL, 0, NULL, on_flow, &n,
					 "flow show");
		if (json)
			printf("]\n");
		return ret;
	}
	if (!strcmp(argv[0], "add"))
		return ms_request(MEDIASEC_CMD_FLOW_NEW, 0, MEDIASEC_A_FLOW,
				  parse_flow_add, argc - 1, argv + 1, NULL,
				  NULL, "flow add");
	if (!strcmp(argv[0], "set"))
		return cmd_flow_set(argc - 1, argv + 1);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return ms_request(MEDIASEC_CMD_FLOW_DEL, 0, MEDIASEC_A_FLOW,
				  parse_flow_id, argc - 1, argv + 1, NULL,
				  NULL, "flow del");
	return invarg("flow command is add, set, del or show", argv[0]);
}
