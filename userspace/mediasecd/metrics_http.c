// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics' HTTP side: GET /metrics on the configured address, served
 * by libmicrohttpd from mediasecd's own poll loop (MHD_USE_EPOLL, no
 * thread of its own: a scrape reads the daemon's state between two
 * messages of the MGC, with no lock).  A scrape reads the kernel's
 * counters of the contexts and flows there now, one netlink dump each;
 * scrapes within a second get the same text, so that no client can keep
 * the loop dumping.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "daemon.h"
#include "log.h"
#include "metrics.h"

#define SCRAPE_MAX	(64 * 1024)	/* bounded labels: a few kB */

static int on_flow(const struct msobj_flow *f, void *arg)
{
	struct mgd_metrics_now *now = arg;

	now->kernel_flows++;
	mgd_metrics_flow_add(&now->flows, f);
	return 0;
}

static void on_ctx(const struct msobj_ctx_stats *s, void *arg)
{
	struct mgd_metrics_now *now = arg;

	now->kernel_ctxs++;
	mgd_metrics_srtp_add(now->srtp, s);
}

static int on_relay(const struct msobj_relay *r, void *arg)
{
	struct mgd_metrics_now *now = arg;

	if (r->end == MEDIASEC_RELAY_END_NONE)
		now->relays++;
	return 0;
}

/*
 * The figures of now; -1 if a dump failed: no text then, rather than
 * totals without the live calls' part, which would go down.
 */
static int read_now(struct daemon *d, struct mgd_metrics_now *now)
{
	const struct mg_ctx *c;
	unsigned int i;

	memset(now, 0, sizeof(*now));
	now->contexts = d->mg.nctx;
	for (i = 0; i < MG_BUCKETS; i++)
		for (c = d->mg.ctx[i]; c; c = c->next)
			now->terminations += c->nterm;
	now->registered = mgd_link_up(&d->link);
	if (msobj_flow_dump(&d->nl, on_flow, now) ||
	    msobj_ctx_stats_dump(&d->nl, on_ctx, now) ||
	    msobj_relay_dump(&d->nl, on_relay, now))
		return -1;
	return 0;
}

/* The text of a scrape, made again at most once a second. */
static int scrape(struct daemon *d)
{
	struct mgd_metrics *m = &d->metrics;
	struct mgd_metrics_now now;
	uint64_t t = mgd_now_ms();
	int n;

	if (m->cache_len && t - m->cache_at < 1000)
		return 0;
	m->cache_len = 0;
	if (!m->cache) {
		m->cache = malloc(SCRAPE_MAX);
		if (!m->cache)
			return -1;
	}
	if (read_now(d, &now))
		return -1;
	n = mgd_metrics_render(m, &now, m->cache, SCRAPE_MAX);
	if (n < 0)
		return -1;
	m->cache_len = (size_t)n;
	m->cache_at = t;
	return 0;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int code,
			     const char *text)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
					    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_len, void **state)
{
	struct daemon *d = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
			     "GET /metrics only\n");
	if (*upload_len)
		return MHD_NO;
	if (!*state) {		/* the headers: wait for the end */
		*state = d;
		return MHD_YES;
	}
	if (strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, "GET /metrics\n");
	if (scrape(d))
		return reply(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
			     "metrics: the kernel's counters could not be read\n");
	/* Copied: the cache may be made again before this is sent. */
	r = MHD_create_response_from_buffer(d->metrics.cache_len,
					    d->metrics.cache,
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/**
 * mgd_metrics_start() - serve the metrics, if the configuration asks
 * @d: the daemon; @d->cfg.metrics is the address
 *
 * An address that cannot be listened on is logged and the gateway goes
 * on without metrics: they must not keep it from carrying calls.
 *
 * Return: 0.
 */
int mgd_metrics_start(struct daemon *d)
{
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *mhd;
	unsigned int flags = MHD_USE_EPOLL;

	d->metrics.fd = -1;
	if (!d->cfg.metrics.ss_family)
		return 0;
	if (d->cfg.metrics.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, d,
			       MHD_OPTION_SOCK_ADDR,
			       (struct sockaddr *)&d->cfg.metrics,
			       MHD_OPTION_CONNECTION_LIMIT, 16U,
			       MHD_OPTION_PER_IP_CONNECTION_LIMIT, 4U,
			       MHD_OPTION_CONNECTION_TIMEOUT, 10U,
			       MHD_OPTION_END);
	info = mhd ? MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_EPOLL_FD) :
		     NULL;
	if (!info) {
		mgd_log(LOG_ERR, "metrics: cannot listen on the address "
			"configured (%s): going on without metrics",
			strerror(errno));
		if (mhd)
			MHD_stop_daemon(mhd);
		return 0;
	}
	d->metrics.http = mhd;
	d->metrics.fd = info->epoll_fd;
	return 0;
}

/*
 * Serves what is ready and what is due (connection timeouts): called on
 * every pass of the loop, as MHD_run() wants within MHD_get_timeout().
 */
void mgd_metrics_run(struct daemon *d)
{
	if (d->metrics.http)
		MHD_run(d->metrics.http);
}

/* The longest the loop may wait before mgd_metrics_run(), ms. */
uint64_t mgd_metrics_wait(struct daemon *d)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (!d->metrics.http ||
	    MHD_get_timeout(d->metrics.http, &ms) != MHD_YES)
		return UINT64_MAX;
	return ms;
}

void mgd_metrics_stop(struct daemon *d)
{
	if (d->metrics.http)
		MHD_stop_daemon(d->metrics.http);
	d->metrics.http = NULL;
	d->metrics.fd = -1;
	free(d->metrics.cache);
	d->metrics.cache = NULL;
	d->metrics.cache_len = 0;
}
