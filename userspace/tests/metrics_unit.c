// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's metrics (metrics.c): what a transaction and its reply count
 * (commands by kind, every Error descriptor by code, codes beyond the
 * bound as "other"), totals that keep what removed objects counted, and
 * the exposition text, line for line where it matters.
 */
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "kselftest_harness.h"

static char text[64 * 1024];

static int has_line(const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

TEST(commands_and_errors_counted)
{
	struct h248_cmd rq[3] = { { .kind = H248_CMD_ADD },
				  { .kind = H248_CMD_ADD },
				  { .kind = H248_CMD_MODIFY } };
	struct h248_cmd rp[3] = { { .kind = H248_CMD_ADD },
				  { .kind = H248_CMD_ADD,
				    .present = H248_D_ERROR,
				    .error = { .code = 510 } } };
	struct h248_action ra = { .cmds = rq, .ncmds = 3 };
	struct h248_action pa = { .cmds = rp, .ncmds = 2 };
	struct h248_trans req = { .actions = &ra, .nactions = 1 };
	struct h248_trans rep = { .actions = &pa, .nactions = 1 };
	struct h248_trans bad = { .has_error = true, .error = { .code = 400 } };
	struct mgd_metrics m = { 0 };
	struct mgd_metrics_now now = { .contexts = 2, .terminations = 3,
				       .registered = 1 };
	unsigned int i;

	mgd_metrics_count(&m, &req, &rep);
	mgd_metrics_count(&m, &req, &bad);
	ASSERT_EQ(2, m.transactions);
	ASSERT_EQ(4, m.commands[H248_CMD_ADD]);
	ASSERT_EQ(2, m.commands[H248_CMD_MODIFY]);
	ASSERT_LT(0, mgd_metrics_render(&m, &now, text, sizeof(text)));
	ASSERT_TRUE(has_line("mediasec_h248_transactions_total 2"));
	ASSERT_TRUE(has_line("mediasec_h248_commands_total{command=\"add\"} 4"));
	ASSERT_TRUE(has_line("mediasec_h248_commands_total{command=\"modify\"} 2"));
	ASSERT_TRUE(has_line("mediasec_h248_commands_total{command=\"subtract\"} 0"));
	ASSERT_TRUE(has_line("mediasec_h248_errors_total{code=\"510\"} 1"));
	ASSERT_TRUE(has_line("mediasec_h248_errors_total{code=\"400\"} 1"));
	ASSERT_TRUE(has_line("mediasec_h248_errors_total{code=\"other\"} 0"));
	ASSERT_TRUE(has_line("mediasec_h248_contexts 2"));
	ASSERT_TRUE(has_line("mediasec_h248_terminations 3"));
	ASSERT_TRUE(has_line("mediasec_mgc_registered 1"));
	ASSERT_TRUE(has_line("# TYPE mediasec_h248_errors_total counter"));
	ASSERT_TRUE(has_line("# TYPE mediasec_h248_contexts gauge"));

	/* Codes beyond the bound: one "other" label, not a new series each. */
	for (i = 0; i < 2 * MGD_METRICS_CODES; i++) {
		bad.error.code = 401 + i;
		mgd_metrics_count(&m, &req, &bad);
	}
	ASSERT_EQ(MGD_METRICS_CODES, m.nerr);
	ASSERT_EQ(MGD_METRICS_CODES + 2, m.err_other);
}

TEST(totals_keep_what_removed_objects_counted)
{
	struct msobj_flow gone = { .packets = 10, .bytes = 1600,
				   .tx_bytes = 1700, .drops = 7,
				   .gate_drops = 2, .police_drops = 1 };
	struct msobj_flow live = { .packets = 5, .bytes = 800,
				   .tx_bytes = 850, .drops = 1 };
	struct msobj_ctx_stats s = { .n = { [MEDIASEC_RESULT_OK] = 9,
					    [MEDIASEC_RESULT_AUTH_FAIL] = 3 } };
	struct mgd_metrics m = { 0 };
	struct mgd_metrics_now now = { .kernel_flows = 1 };

	mgd_metrics_flow_add(&m.retired, &gone);
	mgd_metrics_srtp_add(m.retired_srtp, &s);
	mgd_metrics_flow_add(&now.flows, &live);
	mgd_metrics_srtp_add(now.srtp, &s);
	m.key_hard = 1;
	ASSERT_LT(0, mgd_metrics_render(&m, &now, text, sizeof(text)));
	ASSERT_TRUE(has_line("mediasec_forwarded_packets_total 15"));
	ASSERT_TRUE(has_line("mediasec_received_bytes_total 2400"));
	ASSERT_TRUE(has_line("mediasec_sent_bytes_total 2550"));
	ASSERT_TRUE(has_line("mediasec_dropped_packets_total{reason=\"gate\"} 2"));
	ASSERT_TRUE(has_line("mediasec_dropped_packets_total{reason=\"police\"} 1"));
	ASSERT_TRUE(has_line("mediasec_dropped_packets_total{reason=\"refused\"} 5"));
	ASSERT_TRUE(has_line("mediasec_srtp_packets_total{result=\"ok\"} 18"));
	ASSERT_TRUE(has_line("mediasec_srtp_packets_total{result=\"auth_fail\"} 6"));
	ASSERT_TRUE(has_line("mediasec_srtp_packets_total{result=\"no_stream\"} 0"));
	ASSERT_TRUE(has_line("mediasec_key_events_total{limit=\"hard\"} 1"));
	ASSERT_TRUE(has_line("mediasec_kernel_flows 1"));
}

TEST(too_small_a_buffer_is_refused)
{
	struct mgd_metrics m = { 0 };
	struct mgd_metrics_now now = { 0 };
	char small[100];

	ASSERT_EQ(-1, mgd_metrics_render(&m, &now, small, sizeof(small)));
	ASSERT_EQ(-1, mgd_metrics_render(&m, &now, small, 0));
}

TEST_HARNESS_MAIN
