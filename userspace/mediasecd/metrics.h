/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasecd's metrics in the Prometheus text format (docs/operations.md,
 * "Monitoring"): what it counts itself (H.248 transactions, commands and
 * errors by code, the module's events), the kernel's counters of the
 * objects it removed (so that totals never go down while it runs), and
 * the figures of the moment it reads at each scrape.  metrics.c counts
 * and writes the text; metrics_http.c serves it and reads the kernel.
 */
#ifndef _MGD_METRICS_H
#define _MGD_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include <linux/mediasec.h>

#include "h248.h"
#include "msobj.h"

#define MGD_METRICS_CODES	32	/* error codes kept apart, then "other" */

/* What flows counted: forwarded and dropped packets, bytes. */
struct mgd_flow_totals {
	uint64_t packets;
	uint64_t bytes;
	uint64_t tx_bytes;
	uint64_t refused;	/* drops neither the gate's nor the policer's */
	uint64_t gate_drops;
	uint64_t police_drops;
};

/**
 * struct mgd_metrics - what mediasecd counts while it runs
 * @transactions: H.248 requests executed
 * @commands: their commands, by enum h248_cmd_kind
 * @err_code: error codes replied, in the order first seen
 * @err_count: how many of each
 * @nerr: codes in @err_code
 * @err_other: errors of codes beyond MGD_METRICS_CODES (bounded labels)
 * @key_soft: the module's key lifetime events (soft limit)
 * @key_hard: the module's key expiry events (hard limit)
 * @auth_fail_events: the module's authentication failure events
 * @retired: counters of the flows mediasecd removed
 * @retired_srtp: packets by enum mediasec_result of the SRTP contexts it
 *	removed
 * @http: the HTTP server (metrics_http.c), or NULL
 * @fd: its descriptor to poll, or -1
 * @cache: the last scrape's text, served again within a second
 * @cache_len: its length, 0 for none
 * @cache_at: when it was made (mgd_now_ms())
 */
struct mgd_metrics {
	uint64_t transactions;
	uint64_t commands[H248_CMD_NR];
	uint16_t err_code[MGD_METRICS_CODES];
	uint64_t err_count[MGD_METRICS_CODES];
	unsigned int nerr;
	uint64_t err_other;
	uint64_t key_soft;
	uint64_t key_hard;
	uint64_t auth_fail_events;
	struct mgd_flow_totals retired;
	uint64_t retired_srtp[__MEDIASEC_RESULT_MAX];
	void *http;
	int fd;
	char *cache;
	size_t cache_len;
	uint64_t cache_at;
};

/* The figures of the moment, read at each scrape. */
struct mgd_metrics_now {
	unsigned int contexts;		/* H.248 contexts */
	unsigned int terminations;	/* their terminations */
	int registered;			/* with an MGC: 1, else 0 */
	unsigned int kernel_ctxs;	/* SRTP contexts in the kernel */
	unsigned int kernel_flows;
	unsigned int relays;		/* MSRP TCP/TLS sessions relayed */
	struct mgd_flow_totals flows;	/* of the flows there now */
	uint64_t srtp[__MEDIASEC_RESULT_MAX];	/* of the contexts there now */
};

void mgd_metrics_count(struct mgd_metrics *m, const struct h248_trans *req,
		       const struct h248_trans *rep);
void mgd_metrics_flow_add(struct mgd_flow_totals *t,
			  const struct msobj_flow *f);
void mgd_metrics_srtp_add(uint64_t *sum, const struct msobj_ctx_stats *s);
/* The text of a scrape in @buf; its length, or -1 if @cap is too small. */
int mgd_metrics_render(const struct mgd_metrics *m,
		       const struct mgd_metrics_now *now, char *buf,
		       size_t cap);

#endif /* _MGD_METRICS_H */
