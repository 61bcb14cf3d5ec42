// SPDX-License-Identifier: GPL-2.0
/*
 * The events a termination can ask for (adid/ipstop, mssrtp/af, mssrtp/kexp)
 * and the module's events matched to them.  The Events descriptor is taken
 * here and the kernel's reports (a flow gone idle, authentication failures,
 * a key at its lifetime) are turned into what the daemon sends as Notify,
 * so that a package's events are added in one place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mg_int.h"

#define IPSTOP_EVENT	"adid/ipstop"	/* H.248.40 IP flow stop detection */
#define IPSTOP_DEFAULT	30		/* seconds, without "dt" or config */
/*
 * mssrtp: mediasec's private package (docs/mediasecd.md, "Interface
 * profile"): H.248.77's "srtp" package has no such items, and a private
 * item must not squat a standard package's name.
 */
#define AF_EVENT	"mssrtp/af"	/* SRTP authentication failures */
#define KEXP_EVENT	"mssrtp/kexp"	/* SRTP master key expiry */
#define THB_EVENT	"hangterm/thb"	/* H.248.36 termination heartbeat */
/* mstls: the private stand-in for H.248.90's items (mg_msrp.c) */
#define TLS_FAIL_EVENT	"mstls/fail"	/* connection or TLS setup failed */
#define TLS_END_EVENT	"mstls/end"	/* the relay ended by itself */

/*
 * Parameter @name of @ev, @min .. @max, into *@v; 0, or -EINVAL if bad
 * with *@f the refusal (449, @why).
 */
static int event_param(const struct h248_event *ev, const char *name,
		       unsigned long min, unsigned long max, uint32_t *v,
		       struct mg_fail *f, const char *why)
{
	unsigned int j;

	for (j = 0; j < ev->nparams; j++) {
		const struct h248_param *pa = &ev->params[j];
		unsigned long x;
		char *end;

		if (strcasecmp(pa->name, name))
			continue;
		if (!pa->value || pa->op != '=')
			goto bad;
		x = strtoul(pa->value, &end, 10);
		if (end == pa->value || *end || x < min || x > max)
			goto bad;
		*v = (uint32_t)x;
	}
	return 0;
bad:
	f->code = MG_ERR_UNSUPPORTED;
	f->text = why;
	return -EINVAL;
}

/*
 * adid/ipstop's "dir" (H.248.40's direction; its text is not at hand, our
 * names, in docs/mediasecd.md): "in" media from the termination's remote
 * (the default, as before dir was taken), "out" media sent to it, "both"
 * neither way.  0, or -EINVAL with *@f the refusal (449).
 */
static int ipstop_dir(const struct h248_event *ev, uint32_t *dir,
		      struct mg_fail *f)
{
	static const char *const names[] = {
		[MG_IPSTOP_IN] = "in", [MG_IPSTOP_OUT] = "out",
		[MG_IPSTOP_BOTH] = "both",
	};
	unsigned int i, j;

	*dir = MG_IPSTOP_IN;
	for (j = 0; j < ev->nparams; j++) {
		const struct h248_param *pa = &ev->params[j];

		if (strcasecmp(pa->name, "dir"))
			continue;
		for (i = 0; pa->value && pa->op == '=' && i < 3; i++)
			if (!strcasecmp(pa->value, names[i]))
				break;
		if (!pa->value || pa->op != '=' || i == 3) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "dir is in, out or both";
			return -EINVAL;
		}
		*dir = i;
	}
	return 0;
}

/* Whether every parameter of @ev is one its event has. */
static bool params_known(const struct h248_event *ev)
{
	static const struct { const char *event, *p1, *p2; } known[] = {
		{ IPSTOP_EVENT, "dt", "dir" }, { THB_EVENT, "timerx", NULL },
		{ AF_EVENT, "th", NULL }, { KEXP_EVENT, NULL, NULL },
		{ TLS_FAIL_EVENT, NULL, NULL }, { TLS_END_EVENT, NULL, NULL },
	};
	unsigned int i, j;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcasecmp(ev->name, known[i].event))
			break;
	if (i == sizeof(known) / sizeof(known[0]))
		return true;	/* an unknown event: refused as such */
	for (j = 0; j < ev->nparams; j++) {
		const char *n = ev->params[j].name;

		if (!(known[i].p1 && !strcasecmp(n, known[i].p1)) &&
		    !(known[i].p2 && !strcasecmp(n, known[i].p2)))
			return false;
	}
	return true;
}

/*
 * The Events descriptor of @cmd on @t: what it asks replaces what was
 * asked (an empty one asks nothing).  The gateway detects:
 * adid/ipstop with "dt" (seconds without media; the configured
 * inactivity time when absent) and "dir" (which media: ipstop_dir()),
 * mssrtp/af with "th" (SRTP authentication failures
 * on packets from the remote, reported each time that many more were
 * refused; the configured auth-fail-threshold when absent), mssrtp/kexp,
 * and hangterm/thb with "timerx" (H.248.36: seconds without a command on
 * the termination before a heartbeat Notify; the configured
 * hangterm-timerx when absent, 0 for none: mg_heartbeat.c).
 */
int mg_take_events(struct mg *g, struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_fail *f)
{
	uint32_t secs = 0, th = 0, thb = 0, dir = MG_IPSTOP_IN;
	bool kexp = false, tls_fail = false, tls_end = false;
	unsigned int i;

	if (!(cmd->present & H248_D_EVENTS))
		return 0;
	for (i = 0; i < cmd->nevents; i++) {
		const struct h248_event *ev = &cmd->events[i];

		if (!params_known(ev)) {
			/* H.248.8 449: not taken silently */
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "an event parameter the event does not have";
			return -EINVAL;
		}
		if (!strcasecmp(ev->name, IPSTOP_EVENT)) {
			secs = g->cfg->inactivity ? g->cfg->inactivity :
						    IPSTOP_DEFAULT;
			if (event_param(ev, "dt", 1, 86400, &secs, f,
					"dt is 1 .. 86400 seconds") ||
			    ipstop_dir(ev, &dir, f))
				return -EINVAL;
		} else if (!strcasecmp(ev->name, THB_EVENT)) {
			/*
			 * H.248.36 timerx: seconds; absent, the provisioned
			 * value (hangterm-timerx).  0 turns the heartbeat off.
			 */
			thb = g->cfg->hangterm_timerx;
			if (event_param(ev, "timerx", 0, 86400, &thb, f,
					"timerx is 0 .. 86400 seconds"))
				return -EINVAL;
		} else if (!strcasecmp(ev->name, KEXP_EVENT)) {
			kexp = true;
		} else if (!strcasecmp(ev->name, TLS_FAIL_EVENT)) {
			tls_fail = true;
		} else if (!strcasecmp(ev->name, TLS_END_EVENT)) {
			tls_end = true;
		} else if (!strcasecmp(ev->name, AF_EVENT)) {
			th = g->cfg->auth_fail_threshold;
			if (event_param(ev, "th", 1, 1000000, &th, f,
					"th is 1 .. 1000000 packets"))
				return -EINVAL;
		} else {
			f->code = strncasecmp(ev->name, "adid/", 5) &&
				  strncasecmp(ev->name, "mssrtp/", 7) &&
				  strncasecmp(ev->name, "mstls/", 6) &&
				  strncasecmp(ev->name, "hangterm/", 9) ?
				  MG_ERR_UNKNOWN_PKG : MG_ERR_UNKNOWN_EVENT;
			f->text = "the gateway detects adid/ipstop, mssrtp/af, "
				  "mssrtp/kexp, mstls/fail, mstls/end and "
				  "hangterm/thb";
			return -EOPNOTSUPP;
		}
	}
	t->ev_rid = cmd->events_rid;
	t->ipstop_s = secs;
	t->ipstop_dir = dir;
	t->ipstop_seen = 0;
	t->ipstop_told = false;
	t->af_th = th;
	t->af_count = 0;
	t->kexp = kexp;
	t->msrp.fail_asked = tls_fail;
	t->msrp.end_asked = tls_end;
	t->thb_s = thb;		/* armed once the command has succeeded */
	return 0;
}

/* Fills @n: @event on @t of @c, for its Events descriptor; returns 1. */
static int tell(struct mg_notify *n, const struct mg_ctx *c,
		const struct mg_term *t, const char *event)
{
	n->ctx = c->id;
	snprintf(n->tid, sizeof(n->tid), "%s", t->id);
	n->rid = t->ev_rid;
	n->event = event;
	return 1;
}

/*
 * Whether the RTP flow of @c's plan with parity @side (0: from term[0]'s
 * remote, 1: from term[1]'s) is idle now (the kernel's word).
 */
static bool flow_idle(struct mg *g, const struct mg_ctx *c, unsigned int side)
{
	struct msobj_flow fl;
	unsigned int i;

	for (i = 0; i < c->plan.nflow; i++) {
		const struct msobj_flow *pf = &c->plan.flow[i];

		if (pf->kind != MEDIASEC_KIND_RTCP &&
		    ((pf->id - c->id * IDS_PER_CTX) & 1) == side)
			return !g->ops->flow_stats(g->arg, pf->id, &fl) &&
			       fl.idle;
	}
	return true;	/* no such flow (Mode): nothing flows that way */
}

/*
 * Flow @flow went idle: the termination whose adid/ipstop covers it is
 * told, if its direction is: the flow from its remote ("in"), the flow to
 * it ("out"), or, for "both", once the other way is idle too, once a
 * time: the kernel may report both flows in one pass (each then sees the
 * other idle), and reports a flow idle again only after it forwarded
 * since, which is when a new time of both idle can begin.
 */
int mg_flow_idle(struct mg *g, uint32_t flow, struct mg_notify *n)
{
	struct mg_ctx *c = mg_find_ctx(g, flow / IDS_PER_CTX);
	unsigned int i, side, k;

	if (!c || c->nterm != 2)
		return 0;
	for (i = 0; i < c->plan.nflow && c->plan.flow[i].id != flow; i++)
		;
	if (i == c->plan.nflow || !c->plan.flow[i].idle_timeout)
		return 0;	/* not (or no longer) one of ours */
	side = (flow - c->id * IDS_PER_CTX) & 1;
	for (k = 0; k < 2; k++) {
		struct mg_term *t = c->term[k];

		if (!t->ipstop_s)
			continue;
		if (t->ipstop_dir == MG_IPSTOP_IN && side == k)
			return tell(n, c, t, IPSTOP_EVENT);
		if (t->ipstop_dir == MG_IPSTOP_OUT && side != k)
			return tell(n, c, t, IPSTOP_EVENT);
		if (t->ipstop_dir != MG_IPSTOP_BOTH)
			continue;
		if (t->ipstop_seen & (1U << side))
			t->ipstop_told = false;	/* it forwarded since */
		t->ipstop_seen |= 1U << side;
		if (!t->ipstop_told && flow_idle(g, c, !side)) {
			t->ipstop_told = true;
			return tell(n, c, t, IPSTOP_EVENT);
		}
	}
	return 0;
}

int mg_auth_fail(struct mg *g, uint32_t kctx, uint64_t count,
		 struct mg_notify *n)
{
	struct mg_term *t = NULL;
	struct mg_ctx *c;
	unsigned int i;

	/* The termination whose remote's key the receiving context holds. */
	c = mg_kid_ctx(g, kctx, &i);
	if (c && c->plan.ctx[i].dir == MEDIASEC_DIR_RX)
		t = mg_term_of(c, c->plan.ctx_owner[i]);
	if (!t || !t->af_th)
		return 0;
	t->af_count += count;
	if (t->af_count < t->af_th)
		return 0;
	t->af_count = 0;
	return tell(n, c, t, AF_EVENT);
}

int mg_key_event(struct mg *g, uint32_t kctx, uint32_t mki, bool hard,
		 struct mg_notify *n)
{
	const struct sdes_crypto *cr;
	struct mg_term *t = NULL;
	struct mg_ctx *c;
	unsigned int i, k;
	bool tx = false;

	c = mg_kid_ctx(g, kctx, &i);
	if (c) {
		t = mg_term_of(c, c->plan.ctx_owner[i]);
		tx = c->plan.ctx[i].dir == MEDIASEC_DIR_TX;
	}
	if (!t || !(tx ? t->side.has_own : t->side.has_peer))
		return 0;
	cr = tx ? &t->side.own : &t->side.peer;
	for (k = 0; k < cr->nkeys; k++)
		if ((cr->keys[k].mki_len ? cr->keys[k].mki : 0) == mki)
			break;
	if (k == cr->nkeys)
		return 0;	/* a key replaced already */
	if (tx && !t->has_own_next)
		t->own_expiring = true;
	if (!t->kexp)
		return 0;
	n->param[0] = (struct h248_param){ .name = "dir",
					   .value = tx ? "tx" : "rx",
					   .op = '=' };
	n->param[1] = (struct h248_param){ .name = "type",
					   .value = hard ? "hard" : "soft",
					   .op = '=' };
	n->nparam = 2;
	return tell(n, c, t, KEXP_EVENT);
}

int mg_msrp_fail(struct mg *g, uint32_t ctx, uint32_t serial,
		 const char *reason, struct mg_notify *n)
{
	struct mg_ctx *c = mg_find_ctx(g, ctx);
	struct mg_term *t = c ? mg_term_of(c, serial) : NULL;

	if (!t || !t->msrp.fail_asked)
		return 0;
	n->param[0] = (struct h248_param){ .name = "reason", .value = reason,
					   .op = '=' };
	n->nparam = 1;
	return tell(n, c, t, TLS_FAIL_EVENT);
}

int mg_msrp_end(struct mg *g, uint32_t ctx, uint32_t reason, int leg,
		unsigned int i, struct mg_notify *n)
{
	struct mg_ctx *c = mg_find_ctx(g, ctx);
	unsigned int j, k = 0;
	struct mg_term *t;

	if (!c || reason == MEDIASEC_RELAY_END_NONE ||
	    !msobj_relay_end_name(reason))
		return 0;
	for (j = 0; j < c->nterm; j++) {
		t = c->term[j];
		if (!t->msrp.on || !t->msrp.end_asked || k++ != i)
			continue;
		n->param[0] = (struct h248_param){
			.name = "reason", .value = msobj_relay_end_name(reason),
			.op = '=' };
		/* "by": whether this termination's side ended it */
		n->param[1] = (struct h248_param){
			.name = "by",
			.value = leg < 0 ? "none" :
				 mg_msrp_relay_leg(c, t) == leg ? "remote" : "other",
			.op = '=' };
		n->nparam = 2;
		return tell(n, c, t, TLS_END_EVENT);
	}
	return 0;
}
