// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec stats: the counters of contexts (packets by result) and flows
 * (packets, bytes, drops), and setting them back to zero.
 *
 *   mediasec stats [ show ] [ ctx ID | flow ID ]
 *   mediasec stats reset [ ctx ID | flow ID ]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msnl.h"
#include "cli.h"
#include "cmd_flow.h"

struct stats_state {
	int n;
};

static int on_ctx_stats(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *st[MEDIASEC_A_STATS_MAX + 1];
	struct stats_state *s = arg;
	unsigned int r;

	if (!tb[MEDIASEC_A_CTX] ||
	    nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX],
			     msnl_ctx_policy) ||
	    !ct[MEDIASEC_A_CTX_STATS] ||
	    nla_parse_nested(st, MEDIASEC_A_STATS_MAX, ct[MEDIASEC_A_CTX_STATS],
			     msnl_stats_policy))
		return 0;
	printf(json ? "%s{\"ctx\":%u" : "%sctx %u", json && s->n ? "," : "",
	       nla_get_u32(ct[MEDIASEC_A_CTX_ID]));
	for (r = 0; r < MS_NR_RESULTS; r++) {
		uint64_t v = st[MEDIASEC_A_STATS_OK + r] ?
			     nla_get_u64(st[MEDIASEC_A_STATS_OK + r]) : 0;

		printf(json ? ",\"%s\":%" PRIu64 : " %s %" PRIu64,
		       msnl_result_names[r], v);
	}
	printf(json ? "}" : "\n");
	s->n++;
	return 0;
}

static int on_flow_stats(struct nlattr **tb, void *arg)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct nlattr *st[MEDIASEC_A_FLOW_STATS_MAX + 1];
	struct stats_state *s = arg;

	if (!tb[MEDIASEC_A_FLOW] ||
	    nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW],
			     msnl_flow_policy) ||
	    !ft[MEDIASEC_A_FLOW_STATS] ||
	    nla_parse_nested(st, MEDIASEC_A_FLOW_STATS_MAX,
			     ft[MEDIASEC_A_FLOW_STATS], msnl_flow_stats_policy))
		return 0;
	printf(json ? "%s{\"flow\":%u,\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64
		      ",\"drops\":%" PRIu64 ",\"tx_bytes\":%" PRIu64
		      ",\"gate_drops\":%" PRIu64 ",\"police_drops\":%" PRIu64 :
		      "%sflow %u packets %" PRIu64 " bytes %" PRIu64
		      " drops %" PRIu64 " tx-bytes %" PRIu64
		      " gate-drops %" PRIu64 " police-drops %" PRIu64 "\n",
	       json && s->n ? "," : "", nla_get_u32(ft[MEDIASEC_A_FLOW_ID]),
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_PACKETS]),
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_BYTES]),
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_DROPS]),
	       st[MEDIASEC_A_FLOW_STATS_TX_BYTES] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_TX_BYTES]) : 0,
	       st[MEDIASEC_A_FLOW_STATS_GATE_DROPS] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_GATE_DROPS]) : 0,
	       st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS] ?
	       (uint64_t)nla_get_u64(st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS]) : 0);
	flow_rtp_print(ft);	/* loss and jitter (RFC 3550), if counted */
	if (json)
		printf("}");
	s->n++;
	return 0;
}

static int put_ctx_id(int argc, char **argv, struct nl_msg *msg)
{
	unsigned long long v;

	(void)argc;
	if (get_u32(argv[0], &v) || !v)
		return invarg("ctx is 1 .. 4294967295", argv[0]);
	return nla_put_u32(msg, MEDIASEC_A_CTX_ID, (uint32_t)v) ? EXIT_USAGE : 0;
}

static int put_flow_id(int argc, char **argv, struct nl_msg *msg)
{
	unsigned long long v;

	(void)argc;
	if (get_u32(argv[0], &v) || !v)
		return invarg("flow is 1 .. 4294967295", argv[0]);
	return nla_put_u32(msg, MEDIASEC_A_FLOW_ID, (uint32_t)v) ? EXIT_USAGE : 0;
}

/* [ ctx ID | flow ID ]: which object, or 0 for all. */
static int parse_which(int argc, char **argv, int *nest)
{
	*nest = 0;
	if (!argc)
		return 0;
	if (argc < 2)
		return missarg(argv[0]);
	if (argc > 2)
		return invarg("unexpected argument", argv[2]);
	if (!strcmp(argv[0], "ctx"))
		*nest = MEDIASEC_A_CTX;
	else if (!strcmp(argv[0], "flow"))
		*nest = MEDIASEC_A_FLOW;
	else
		return invarg("stats of \"ctx ID\" or \"flow ID\"", argv[0]);
	return 0;
}

static int stats_show(int argc, char **argv)
{
	struct stats_state s = { 0 };
	int nest, ret;

	ret = parse_which(argc, argv, &nest);
	if (ret)
		return ret;
	if (json)
		printf("[");
	if (nest == MEDIASEC_A_CTX)
		ret = ms_request(MEDIASEC_CMD_CTX_GET, 0, nest, put_ctx_id, 1,
				 argv + 1, on_ctx_stats, &s, "stats");
	else if (nest == MEDIASEC_A_FLOW)
		ret = ms_request(MEDIASEC_CMD_FLOW_GET, 0, nest, put_flow_id, 1,
				 argv + 1, on_flow_stats, &s, "stats");
	else {
		ret = ms_request(MEDIASEC_CMD_CTX_GET, NLM_F_DUMP, 0, NULL, 0,
				 NULL, on_ctx_stats, &s, "stats");
		if (!ret)
			ret = ms_request(MEDIASEC_CMD_FLOW_GET, NLM_F_DUMP, 0,
					 NULL, 0, NULL, on_flow_stats, &s,
					 "stats");
	}
	if (json)
		printf("]\n");
	return ret;
}

static int stats_reset(int argc, char **argv)
{
	int nest, ret;

	ret = parse_which(argc, argv, &nest);
	if (ret)
		return ret;
	return ms_request(MEDIASEC_CMD_STATS_RESET, 0, nest,
			  nest == MEDIASEC_A_CTX ? put_ctx_id :
			  nest == MEDIASEC_A_FLOW ? put_flow_id : NULL,
			  1, argv + 1, NULL, NULL, "stats reset");
}

int cmd_stats(int argc, char **argv)
{
	if (argc && !strcmp(argv[0], "reset"))
		return stats_reset(argc - 1, argv + 1);
	if (argc && !strcmp(argv[0], "show"))
		return stats_show(argc - 1, argv + 1);
	return stats_show(argc, argv);
}
