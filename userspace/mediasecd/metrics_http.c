// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics' HTTP side: GET /metrics on the configured address, served
 * by libmicrohttpd from mediasecd's own poll loop (MHD_USE_EPOLL, no
 * thread of its own: a scrape reads the daemon's state between two
 * messages of the MGC, with no lock).  Each scrape reads the kernel's
 * counters of the contexts and flows there now, one netlink dump each.
 */
#include <errno.h>
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

static void read_now(struct daemon *d, struct mgd_metrics_now *now)
{
	const struct mg_ctx *c;
	unsigned int i;

	memset(now, 0, sizeof(*now));
	now->contexts = d->mg.nctx;
	for (i = 0; i < MG_BUCKETS; i++)
		for (c = d->mg.ctx[i]; c; c = c->next)
			now->terminations += c->nterm;
	now->registered = mgd_link_up(&d->link);
	/* A dump that fails leaves its figures at 0 for this scrape. */
	if (msobj_flow_dump(&d->nl, on_flow, now))
		memset(&now->flows, 0, sizeof(now->flows));
	if (msobj_ctx_stats_dump(&d->nl, on_ctx, now))
		memset(now->srtp, 0, sizeof(now->srtp));
	msobj_relay_dump(&d->nl, on_relay, now);
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
	struct mgd_metrics_now now;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *buf;
	int n;

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
	buf = malloc(SCRAPE_MAX);
	if (!buf)
		return MHD_NO;
	read_now(d, &now);
	n = mgd_metrics_render(&d->metrics, &now, buf, SCRAPE_MAX);
	if (n < 0) {
		free(buf);
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
			     "metrics: too long\n");
	}
	r = MHD_create_response_from_buffer((size_t)n, buf,
					    MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(buf);
		return MHD_NO;
	}
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
 * Return: 0 (serving, or not asked), or -1 with the reason logged.
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
			       MHD_OPTION_CONNECTION_TIMEOUT, 10U,
			       MHD_OPTION_END);
	info = mhd ? MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_EPOLL_FD) :
		     NULL;
	if (!info) {
		mgd_log(LOG_ERR, "metrics: cannot listen on the address "
			"configured (%s)", strerror(errno));
		if (mhd)
			MHD_stop_daemon(mhd);
		return -1;
	}
	d->metrics.http = mhd;
	d->metrics.fd = info->epoll_fd;
	return 0;
}

/* Serves what is ready on the metrics' descriptor. */
void mgd_metrics_run(struct daemon *d)
{
	if (d->metrics.http)
		MHD_run(d->metrics.http);
}

void mgd_metrics_stop(struct daemon *d)
{
	if (d->metrics.http)
		MHD_stop_daemon(d->metrics.http);
	d->metrics.http = NULL;
	d->metrics.fd = -1;
}
