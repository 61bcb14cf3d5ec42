// SPDX-License-Identifier: GPL-2.0
/*
 * What the gateway tells of a termination or of ROOT when the MGC audits
 * it (AuditValue, H.248.1 7.2.5) or subtracts it: the descriptors the
 * Audit descriptor asks for and nothing else (an empty or absent one asks
 * for the TerminationID alone, which is how an MGC checks what exists),
 * the statistics of H.248.1 Annex E the data path counts, and the
 * packages realised (docs/mediasecd.md, "Interface profile").  Wildcarded
 * TerminationIDs ("*", and a realm's "access/" followed by "*") are
 * matched here too.
 */
#include <stdio.h>
#include <string.h>

#include "mg_int.h"

/* Packages of an ephemeral RTP termination, "name-version". */
static const char *const term_packages[] = {
	"nt-1",		/* H.248.1 E.10 network: nt/or, nt/os */
	"rtp-1",	/* H.248.1 E.12 RTP: rtp/ps, rtp/pr */
	"ipdc-1",	/* H.248.41 IP domain connection: ipdc/realm */
	"hangterm-1",	/* H.248.36 termination heartbeat: hangterm/thb */
	"adid-1",	/* H.248.40 application data inactivity: adid/ipstop */
	"srtp-1",	/* H.248.77 SRTP: SDES in Local and Remote */
	"mssrtp-1",	/* mediasec's private package: mssrtp/af, mssrtp/kexp */
};

/* Packages of ROOT. */
static const char *const root_packages[] = {
	"it-1",		/* H.248.14 inactivity timer: it/ito */
};

bool mg_tid_match(const char *pattern, const char *tid)
{
	size_t n = strlen(pattern);

	if (!strcmp(pattern, "*"))
		return true;
	/* "realm/" then "*": every termination of the realm (H.248.1 6.2) */
	if (n >= 2 && !strcmp(pattern + n - 2, "/*"))
		return !strncmp(pattern, tid, n - 1);
	return !strcmp(pattern, tid);
}

bool mg_tid_wild(const char *tid)
{
	return strchr(tid, '*') != NULL;
}

static void add_stat_text(struct mg_reply *o, struct h248_cmd *r,
			  const char *name, const char *num)
{
	if (mg_reply_param(o, &r->stats, &r->nstats, name, num))
		r->present |= H248_D_STATS;
}

static void add_stat(struct mg_reply *o, struct h248_cmd *r, const char *name,
		     uint64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	add_stat_text(o, r, name, num);
}

/*
 * H.248.1 E.12 rtp/pl (packets lost, as a percentage of those expected)
 * and rtp/jit (interarrival jitter, milliseconds), doubles, from the
 * kernel's RFC 3550 reception statistics of the flow from @t's remote.
 */
static void add_rtp_quality(struct mg_reply *o, struct h248_cmd *r,
			    const struct msobj_flow *fl, uint32_t clock)
{
	char num[32];

	snprintf(num, sizeof(num), "%.2f", fl->rtp.expected ?
		 100.0 * (double)fl->rtp.lost / (double)fl->rtp.expected : 0.0);
	add_stat_text(o, r, "rtp/pl", num);
	snprintf(num, sizeof(num), "%.2f",
		 clock ? 1000.0 * fl->rtp.jitter / clock : 0.0);
	add_stat_text(o, r, "rtp/jit", num);
}

/*
 * H.248.1 E.12 rtp/delay, a double.  The text of E.12 is not at hand; our
 * choice, as the Iq profile asks (round-trip delay from RTCP): the mean
 * round trip between the gateway and @t's remote in milliseconds, over
 * the samples the kernel timed from the RTCP passing (RFC 3550 6.4.1:
 * the SRs sent to the remote against the report blocks citing them).
 * Absent while no RTCP gave a sample.
 */
static void add_rtp_delay(struct mg_reply *o, struct h248_cmd *r,
			  uint64_t samples, uint64_t sum_us)
{
	char num[32];

	if (!samples)
		return;
	snprintf(num, sizeof(num), "%.2f",
		 (double)sum_us / (double)samples / 1000.0);
	add_stat_text(o, r, "rtp/delay", num);
}

/* Whether flow @pf takes what @t's remote sends (RTP, or RTCP at +1). */
static bool flow_from(const struct msobj_flow *pf, const struct mg_term *t)
{
	return pf->local.alen == t->side.local.alen &&
	       !memcmp(pf->local.addr, t->side.local.addr, t->side.local.alen) &&
	       (pf->local.port == t->side.local.port ||
		pf->local.port == t->side.local.port + 1);
}

/*
 * Flow @pf's counters @fl into @t's: what it took from @t's remote, or,
 * for a flow of the other side, what it sent to it.  RTP packets count
 * for rtp/pr and rtp/ps, not RTCP (H.248.1 E.12 counts RTP packets;
 * a multiplexed flow cannot tell them apart and counts both); octets of
 * both for nt/or and nt/os (E.10: the network's); packets refused are
 * not received media (the kernel counts them apart: drops).
 */
static void count_flow(const struct msobj_flow *pf,
		       const struct msobj_flow *fl, const struct mg_term *t,
		       struct mg_counts *n)
{
	bool rtp = pf->kind != MEDIASEC_KIND_RTCP;

	if (flow_from(pf, t)) {
		n->pr += rtp ? fl->packets : 0;
		n->o_in += fl->bytes;
	} else {
		n->ps += rtp ? fl->packets : 0;
		n->o_out += fl->tx_bytes;
	}
}

void mg_stats_keep(struct mg *g, struct mg_ctx *c,
		   const struct msobj_flow *flows, unsigned int n,
		   struct mg_term *only)
{
	struct msobj_flow fl;
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		if (g->ops->flow_stats(g->arg, flows[i].id, &fl))
			continue;
		for (j = 0; j < c->nterm; j++)
			if (!only || c->term[j] == only)
				count_flow(&flows[i], &fl, c->term[j],
					   &c->term[j]->gone);
		if (!only && g->keep_also)
			count_flow(&flows[i], &fl, g->keep_also,
				   &g->keep_also->gone);
	}
}

void mg_term_stats(struct mg *g, struct mg_ctx *c, struct mg_term *t,
		   struct mg_reply *o, struct h248_cmd *r)
{
	struct mg_counts n = t->gone;
	struct msobj_flow fl, rtp = { 0 };
	uint64_t rtt_n = 0, rtt_sum = 0;
	struct msobj_ctx_stats cs;
	uint32_t clock = 0;
	uint64_t fail = 0;
	unsigned int i;

	for (i = 0; c->installed && i < c->plan.nflow; i++) {
		const struct msobj_flow *pf = &c->plan.flow[i];

		if (g->ops->flow_stats(g->arg, pf->id, &fl))
			continue;
		count_flow(pf, &fl, t, &n);
		if (flow_from(pf, t) && fl.rtp.valid) {
			rtp = fl;
			clock = pf->pol.clock_rate;
		}
		if (flow_from(pf, t)) {
			rtt_n += fl.rtp.rtt_samples;
			rtt_sum += fl.rtp.rtt_sum_us;
		}
		/* RTP and RTCP flows share the context: once. */
		if (flow_from(pf, t) && pf->rx_ctx &&
		    pf->kind != MEDIASEC_KIND_RTCP &&
		    !g->ops->ctx_stats(g->arg, pf->rx_ctx, &cs))
			fail += cs.n[MEDIASEC_RESULT_AUTH_FAIL];
	}
	if (t->msrp.on && g->ops->relay_stats)	/* bytes, as TCP carried them */
		g->ops->relay_stats(g->arg, c->id, t->serial, &n.o_in,
				    &n.o_out);
	add_stat(o, r, "rtp/pr", n.pr);
	add_stat(o, r, "rtp/ps", n.ps);
	add_stat(o, r, "nt/or", n.o_in);
	add_stat(o, r, "nt/os", n.o_out);
	if (rtp.rtp.valid)
		add_rtp_quality(o, r, &rtp, clock);
	add_rtp_delay(o, r, rtt_n, rtt_sum);
	/* E.10 nt/dur: ms since it was added (since a restart took it back) */
	add_stat(o, r, "nt/dur", g->now - t->added_at);
	/* SRTP refusals only where the termination has SRTP to refuse. */
	if (t->side.has_peer)
		add_stat(o, r, "mssrtp/af", fail);
}

static void add_param_text(struct mg_reply *o, struct h248_event *ev,
			   const char *name, const char *num)
{
	mg_reply_param(o, &ev->params, &ev->nparams, name, num);
}

static void add_param(struct mg_reply *o, struct h248_event *ev,
		      const char *name, uint32_t v)
{
	char num[12];

	snprintf(num, sizeof(num), "%u", v);
	add_param_text(o, ev, name, num);
}

static struct h248_event *add_event(struct mg_reply *o, struct h248_cmd *r,
				    const char *name)
{
	struct h248_event *ev;

	if (o->nevents == H248_MAX_EVENTS) {
		o->overflow = true;
		return NULL;
	}
	ev = &o->events[o->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->name = name;
	if (!r->events)
		r->events = ev;
	r->nevents++;
	return ev;
}

/* The Events descriptor @t asked for, as it stands. */
static void term_events(const struct mg_term *t, struct mg_reply *o,
			struct h248_cmd *r)
{
	struct h248_event *ev;

	r->present |= H248_D_EVENTS;
	r->events_rid = t->ev_rid;
	if (t->ipstop_s && (ev = add_event(o, r, "adid/ipstop"))) {
		add_param(o, ev, "dt", t->ipstop_s);
		if (t->ipstop_dir != MG_IPSTOP_IN)
			add_param_text(o, ev, "dir",
				       t->ipstop_dir == MG_IPSTOP_OUT ?
				       "out" : "both");
	}
	if (t->thb_s && (ev = add_event(o, r, "hangterm/thb")))
		add_param(o, ev, "timerx", t->thb_s);
	if (t->af_th && (ev = add_event(o, r, "mssrtp/af")))
		add_param(o, ev, "th", t->af_th);
	if (t->kexp)
		add_event(o, r, "mssrtp/kexp");
}

static void packages(struct h248_cmd *r, const char *const *p, unsigned int n)
{
	r->present |= H248_D_PACKAGES;
	r->packages = p;
	r->npackages = n;
}

/* What an Audit descriptor asks for: none when it is empty or absent. */
static unsigned int asked(const struct h248_cmd *cmd)
{
	return cmd->present & H248_D_AUDIT ? cmd->audit : 0;
}

/*
 * AuditCapabilities (H.248.1 7.2.6): what the termination could do, not
 * what it does: the events it can detect, the statistics it counts (by
 * name), its packages; Media answers its Local as for AuditValue (the
 * one way of media the gateway offers).
 */
static void term_capabilities(struct mg *g, struct mg_ctx *c,
			      struct mg_term *t, unsigned int want,
			      struct mg_reply *o, struct h248_cmd *r)
{
	static const char *const events[] = {
		"adid/ipstop", "hangterm/thb", "mssrtp/af", "mssrtp/kexp",
	};
	static const char *const stats[] = {
		"rtp/pr", "rtp/ps", "rtp/pl", "rtp/jit", "rtp/delay", "nt/or",
		"nt/os", "nt/dur", "mssrtp/af",
	};
	struct h248_param *p;
	unsigned int i;

	(void)c;
	if (want & H248_D_MEDIA)
		mg_reply_local(g, o, r, t);
	if (want & H248_D_EVENTS) {
		r->present |= H248_D_EVENTS;
		for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
			add_event(o, r, events[i]);
	}
	if (want & H248_D_SIGNALS)
		r->present |= H248_D_SIGNALS;
	for (i = 0; want & H248_D_STATS && i < sizeof(stats) / sizeof(stats[0]);
	     i++) {
		if (o->nparams == sizeof(o->params) / sizeof(o->params[0])) {
			o->overflow = true;
			break;
		}
		p = &o->params[o->nparams++];
		memset(p, 0, sizeof(*p));
		p->name = stats[i];
		if (!r->stats)
			r->stats = p;
		r->nstats++;
		r->present |= H248_D_STATS;
	}
	if (want & H248_D_PACKAGES)
		packages(r, term_packages,
			 sizeof(term_packages) / sizeof(term_packages[0]));
}

void mg_audit_term(struct mg *g, struct mg_ctx *c, struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_reply *o,
		   struct h248_cmd *r)
{
	unsigned int want = asked(cmd);

	if (cmd->kind == H248_CMD_AUDIT_CAP) {
		term_capabilities(g, c, t, want, o, r);
		return;
	}

	if (want & H248_D_MEDIA) {
		mg_reply_local(g, o, r, t);
		if (r->nstreams) {
			r->streams[0].mode = t->mode;
			mg_pol_audit(t, o, &r->streams[0]);
		}
	}
	if (want & H248_D_EVENTS)
		term_events(t, o, r);
	if (want & H248_D_SIGNALS)
		r->present |= H248_D_SIGNALS;	/* none: it plays none */
	if (want & H248_D_STATS)
		mg_term_stats(g, c, t, o, r);
	if (want & H248_D_PACKAGES)
		packages(r, term_packages,
			 sizeof(term_packages) / sizeof(term_packages[0]));
}

void mg_audit_root(struct mg *g, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct h248_cmd *r)
{
	unsigned int want = asked(cmd);
	struct h248_event *ev;

	if (want & H248_D_EVENTS) {
		r->present |= H248_D_EVENTS;
		r->events_rid = g->root.ito_rid;
		if (g->root.ito_mit && (ev = add_event(o, r, "it/ito")))
			add_param(o, ev, "mit", g->root.ito_mit);
	}
	if (want & H248_D_SIGNALS)
		r->present |= H248_D_SIGNALS;
	if (want & H248_D_PACKAGES)
		packages(r, root_packages,
			 sizeof(root_packages) / sizeof(root_packages[0]));
	/* ROOT has no statistics and no media of its own: nothing to say. */
}

int mg_cmd_audit(struct mg *g, struct mg_ctx *c,
		 const struct h248_cmd *cmd, struct mg_reply *o,
		 struct mg_fail *f)
{
	struct mg_term *t[2];
	unsigned int n = 0, i;
	struct h248_cmd *r;

	for (i = 0; i < c->nterm; i++)
		if (mg_tid_match(cmd->tid, c->term[i]->id))
			t[n++] = c->term[i];
	if (!n)
		return mg_fail_not_here(g, cmd->tid, f);
	for (i = 0; i < n; i++) {
		r = mg_reply_cmd(o, cmd, mg_save_str(o, t[i]->id));
		if (r)
			mg_audit_term(g, c, t[i], cmd, o, r);
	}
	return 0;
}
