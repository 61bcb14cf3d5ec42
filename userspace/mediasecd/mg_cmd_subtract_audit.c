// SPDX-License-Identifier: GPL-2.0
/*
 * Subtract and AuditValue, and the statistics both report of a
 * termination.  Subtract cannot fail once the termination is found: when
 * planning what is left is not possible, the flows and the SRTP contexts of
 * those subtracted go anyway, so that no kernel object outlives its
 * termination and none is made again under a key already used.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mg_int.h"

static void add_stat(struct mg_reply *o, struct h248_cmd *r, const char *name,
		     uint64_t v)
{
	struct h248_param *p;
	char num[24];

	if (o->nparams == sizeof(o->params) / sizeof(o->params[0]))
		return;
	p = &o->params[o->nparams++];
	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	p->name = name;
	p->value = mg_save_str(o, num);
	p->op = '=';
	if (!r->stats)
		r->stats = p;
	r->nstats++;
	r->present |= H248_D_STATS;
}

/* Statistics of @t: what its flows received and sent, and SRTP refusals. */
static void term_stats(struct mg *g, struct mg_ctx *c, struct mg_term *t,
		       struct mg_reply *o, struct h248_cmd *r)
{
	uint64_t in = 0, out = 0, oin = 0, oout = 0, fail = 0;
	struct msobj_ctx_stats cs;
	struct msobj_flow fl;
	unsigned int i;

	for (i = 0; c->installed && i < c->plan.nflow; i++) {
		const struct msobj_flow *pf = &c->plan.flow[i];

		if (g->ops->flow_stats(g->arg, pf->id, &fl))
			continue;
		if (pf->local.alen == t->side.local.alen &&
		    !memcmp(pf->local.addr, t->side.local.addr,
			    t->side.local.alen) &&
		    (pf->local.port == t->side.local.port ||
		     pf->local.port == t->side.local.port + 1)) {
			in += fl.packets + fl.drops;
			oin += fl.bytes;
			/* RTP and RTCP flows share the context: once. */
			if (pf->rx_ctx && pf->kind != MEDIASEC_KIND_RTCP &&
			    !g->ops->ctx_stats(g->arg, pf->rx_ctx, &cs))
				fail += cs.n[MEDIASEC_RESULT_AUTH_FAIL];
		} else {
			out += fl.packets;
			oout += fl.bytes;
		}
	}
	add_stat(o, r, "rtp/pr", in);
	add_stat(o, r, "rtp/ps", out);
	add_stat(o, r, "nt/or", oin);
	add_stat(o, r, "nt/os", oout);
	/* SRTP refusals only where the termination has SRTP to refuse. */
	if (t->side.has_peer)
		add_stat(o, r, "mssrtp/af", fail);
}

static void drop_term(struct mg *g, struct mg_ctx *c, struct mg_term *t)
{
	unsigned int i;

	for (i = 0; i < c->nterm && c->term[i] != t; i++)
		;
	c->term[i] = c->term[--c->nterm];
	mg_free_term(g, t);
}

int mg_cmd_subtract(struct mg *g, struct mg_ctx *c,
		    const struct h248_cmd *cmd, struct mg_reply *o,
		    struct mg_fail *f)
{
	struct mg_term *t[2];
	unsigned int n = 0, i;
	struct h248_cmd *rep;

	if (!strcmp(cmd->tid, "*")) {
		for (i = 0; i < c->nterm; i++)
			t[n++] = c->term[i];
	} else if ((t[0] = mg_find_term(c, cmd->tid))) {
		n = 1;
	}
	if (!n)
		return mg_fail_not_here(g, cmd->tid, f);
	for (i = 0; i < n; i++) {
		rep = mg_reply_cmd(o, cmd, mg_save_str(o, t[i]->id));
		if (rep && !(cmd->present & H248_D_AUDIT && !cmd->audit))
			term_stats(g, c, t[i], o, rep);
	}
	for (i = 0; i < n; i++)
		drop_term(g, c, t[i]);
	/*
	 * The one left keeps its SRTP contexts (mg_apply() drops the flows and
	 * the others' contexts).  With none left everything goes; with no
	 * memory to plan, the flows and the contexts of those subtracted go,
	 * and the one left keeps its own (never made again under its keys).
	 * Removing cannot fail.
	 */
	if (c->nterm && !mg_apply(g, c, f))
		return 0;
	if (c->nterm) {
		struct mg_plan gone = { 0 };	/* no keys: nothing to wipe */

		memcpy(gone.flow, c->plan.flow, sizeof(gone.flow));
		gone.nflow = c->plan.nflow;
		c->plan.nflow = 0;
		for (i = 0; i < c->plan.nctx; )
			if (c->plan.ctx_owner[i] != c->term[0]->serial) {
				gone.ctx[gone.nctx++] = c->plan.ctx[i];
				mg_plan_drop_ctx(&c->plan, i);
			} else {
				i++;
			}
		mg_kid_index(g, c);
		g->ops->remove(g->arg, &gone);
		return 0;
	}
	if (c->installed)
		g->ops->remove(g->arg, &c->plan);
	c->installed = false;
	mg_plan_wipe(&c->plan);
	memset(&c->plan, 0, sizeof(c->plan));
	mg_kid_index(g, c);
	return 0;
}

int mg_cmd_audit(struct mg *g, struct mg_ctx *c,
		 const struct h248_cmd *cmd, struct mg_reply *o,
		 struct mg_fail *f)
{
	struct mg_term *t = mg_find_term(c, cmd->tid);
	struct h248_cmd *rep;

	if (!t)
		return mg_fail_not_here(g, cmd->tid, f);
	rep = mg_reply_cmd(o, cmd, mg_save_str(o, t->id));
	if (rep) {
		mg_reply_local(g, o, rep, t);
		term_stats(g, c, t, o, rep);
	}
	return 0;
}
