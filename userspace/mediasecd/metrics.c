// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's metrics: counting, and the Prometheus text exposition format
 * (version 0.0.4: "# HELP", "# TYPE", one sample a line).  Names follow
 * Prometheus' conventions: a "mediasec_" prefix, counters ending in
 * "_total", units in the name.  Labels are bounded: H.248 command kinds,
 * at most MGD_METRICS_CODES error codes (the rest "other"), SRTP results,
 * drop reasons; no per-call series.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "msnl.h"
#include "textbuf.h"

_Static_assert(H248_CMD_NR == 8, "a name for every H.248 command kind");
_Static_assert(__MEDIASEC_RESULT_MAX == 10, "a name for every SRTP result");

static const char *const cmd_names[H248_CMD_NR] = {
	[H248_CMD_ADD] = "add",
	[H248_CMD_MODIFY] = "modify",
	[H248_CMD_SUBTRACT] = "subtract",
	[H248_CMD_MOVE] = "move",
	[H248_CMD_AUDIT_VALUE] = "audit_value",
	[H248_CMD_AUDIT_CAP] = "audit_capabilities",
	[H248_CMD_NOTIFY] = "notify",
	[H248_CMD_SERVICE_CHANGE] = "service_change",
};

static void count_error(struct mgd_metrics *m, unsigned int code)
{
	unsigned int i;

	for (i = 0; i < m->nerr; i++)
		if (m->err_code[i] == code) {
			m->err_count[i]++;
			return;
		}
	if (m->nerr == MGD_METRICS_CODES || code > 999) {
		m->err_other++;
		return;
	}
	m->err_code[m->nerr] = (uint16_t)code;
	m->err_count[m->nerr++] = 1;
}

/**
 * mgd_metrics_count() - count an executed request and its reply
 * @m: the counters
 * @req: the request transaction
 * @rep: its reply: every Error descriptor in it (the transaction's, an
 *	action's, a command's) counts once under its code
 */
void mgd_metrics_count(struct mgd_metrics *m, const struct h248_trans *req,
		       const struct h248_trans *rep)
{
	unsigned int a, c;

	m->transactions++;
	for (a = 0; a < req->nactions; a++)
		for (c = 0; c < req->actions[a].ncmds; c++)
			if (req->actions[a].cmds[c].kind < H248_CMD_NR)
				m->commands[req->actions[a].cmds[c].kind]++;
	if (rep->has_error)
		count_error(m, rep->error.code);
	for (a = 0; a < rep->nactions; a++) {
		if (rep->actions[a].has_error)
			count_error(m, rep->actions[a].error.code);
		for (c = 0; c < rep->actions[a].ncmds; c++)
			if (rep->actions[a].cmds[c].present & H248_D_ERROR)
				count_error(m,
					    rep->actions[a].cmds[c].error.code);
	}
}

/*
 * Adds a flow's counters to @t.  The kernel's per-CPU counters are read
 * without a snapshot of all of them at once (64-bit counters, no seqcount):
 * a drop may be seen in @f->gate_drops before @f->drops.  The refused ones
 * are what is left, never below 0.
 */
void mgd_metrics_flow_add(struct mgd_flow_totals *t,
			  const struct msobj_flow *f)
{
	uint64_t named = f->gate_drops + f->police_drops;

	t->packets += f->packets;
	t->bytes += f->bytes;
	t->tx_bytes += f->tx_bytes;
	t->refused += f->drops > named ? f->drops - named : 0;
	t->gate_drops += f->gate_drops;
	t->police_drops += f->police_drops;
}

/* Adds an SRTP context's packets by result to @sum. */
void mgd_metrics_srtp_add(uint64_t *sum, const struct msobj_ctx_stats *s)
{
	unsigned int r;

	for (r = 0; r < __MEDIASEC_RESULT_MAX; r++)
		sum[r] += s->n[r];
}

/* A metric's HELP and TYPE lines. */
static void head(struct textbuf *o, const char *name, const char *type,
		 const char *help)
{
	tb_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(struct textbuf *o, const char *name, const char *type,
		const char *help, uint64_t v)
{
	head(o, name, type, help);
	tb_printf(o, "%s %" PRIu64 "\n", name, v);
}

/**
 * mgd_metrics_render() - a scrape's text
 * @m: what mediasecd counted
 * @now: the figures of the moment
 * @buf: where the text goes
 * @cap: its size
 *
 * Return: the text's length, or -1 if it does not fit.
 */
int mgd_metrics_render(const struct mgd_metrics *m,
		       const struct mgd_metrics_now *now, char *buf,
		       size_t cap)
{
	const struct mgd_flow_totals *r = &m->retired, *f = &now->flows;
	struct textbuf o = { .buf = buf, .cap = cap };
	unsigned int i;

	if (!cap)
		return -1;
	buf[0] = '\0';
	head(&o, "mediasec_build_info", "gauge",
	     "mediasecd's version, as a label");
	tb_printf(&o, "mediasec_build_info{version=\"%s\"} 1\n", MEDIASEC_VERSION);
	one(&o, "mediasec_mgc_registered", "gauge",
	    "1 while an MGC has taken the gateway's registration",
	    (uint64_t)now->registered);
	one(&o, "mediasec_h248_contexts", "gauge",
	    "H.248 contexts (calls) in use", now->contexts);
	one(&o, "mediasec_h248_terminations", "gauge",
	    "H.248 terminations in use", now->terminations);
	one(&o, "mediasec_h248_transactions_total", "counter",
	    "H.248 requests from the MGC executed", m->transactions);
	head(&o, "mediasec_h248_commands_total", "counter",
	     "H.248 commands executed, by command");
	for (i = 0; i < H248_CMD_NR; i++)
		tb_printf(&o, "mediasec_h248_commands_total{command=\"%s\"} %" PRIu64
		    "\n", cmd_names[i], m->commands[i]);
	head(&o, "mediasec_h248_errors_total", "counter",
	     "H.248 Error descriptors replied, by error code");
	for (i = 0; i < m->nerr; i++)
		tb_printf(&o, "mediasec_h248_errors_total{code=\"%u\"} %" PRIu64 "\n",
		    m->err_code[i], m->err_count[i]);
	tb_printf(&o, "mediasec_h248_errors_total{code=\"other\"} %" PRIu64 "\n",
	    m->err_other);
	one(&o, "mediasec_kernel_srtp_contexts", "gauge",
	    "SRTP contexts in the kernel", now->kernel_ctxs);
	one(&o, "mediasec_kernel_flows", "gauge",
	    "media flows in the kernel", now->kernel_flows);
	one(&o, "mediasec_tls_sessions", "gauge",
	    "MSRP TCP and TLS sessions relayed by the kernel", now->relays);
	one(&o, "mediasec_forwarded_packets_total", "counter",
	    "packets the data path forwarded", r->packets + f->packets);
	one(&o, "mediasec_received_bytes_total", "counter",
	    "UDP payload bytes of the packets forwarded, as they came",
	    r->bytes + f->bytes);
	one(&o, "mediasec_sent_bytes_total", "counter",
	    "UDP payload bytes of the packets forwarded, as they left",
	    r->tx_bytes + f->tx_bytes);
	head(&o, "mediasec_dropped_packets_total", "counter",
	     "packets of the gateway's flows the data path dropped, by reason");
	tb_printf(&o, "mediasec_dropped_packets_total{reason=\"gate\"} %" PRIu64
	    "\n", r->gate_drops + f->gate_drops);
	tb_printf(&o, "mediasec_dropped_packets_total{reason=\"police\"} %" PRIu64
	    "\n", r->police_drops + f->police_drops);
	/* the rest: malformed, or refused by SRTP (by result below) */
	tb_printf(&o, "mediasec_dropped_packets_total{reason=\"refused\"} %" PRIu64
	    "\n", r->refused + f->refused);
	head(&o, "mediasec_srtp_packets_total", "counter",
	     "SRTP and SRTCP packets transformed or refused, by result");
	for (i = 0; i < __MEDIASEC_RESULT_MAX; i++)
		tb_printf(&o, "mediasec_srtp_packets_total{result=\"%s\"} %" PRIu64
		    "\n", msnl_result_names[i], m->retired_srtp[i] + now->srtp[i]);
	head(&o, "mediasec_key_events_total", "counter",
	     "SRTP master keys at their soft or hard packet limit");
	tb_printf(&o, "mediasec_key_events_total{limit=\"soft\"} %" PRIu64 "\n",
	    m->key_soft);
	tb_printf(&o, "mediasec_key_events_total{limit=\"hard\"} %" PRIu64 "\n",
	    m->key_hard);
	one(&o, "mediasec_auth_fail_events_total", "counter",
	    "authentication failure reports of the module",
	    m->auth_fail_events);
	return o.err ? -1 : (int)o.len;
}
