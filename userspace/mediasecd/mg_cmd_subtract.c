// SPDX-License-Identifier: GPL-2.0
/*
 * Subtract (its statistics: mg_audit.c).  Subtract cannot fail once the termination is found: when
 * planning what is left is not possible, the flows and the SRTP contexts of
 * those subtracted go anyway, so that no kernel object outlives its
 * termination and none is made again under a key already used.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mg_int.h"

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

	for (i = 0; i < c->nterm; i++)
		if (mg_tid_match(cmd->tid, c->term[i]->id))
			t[n++] = c->term[i];
	if (!n)
		return mg_fail_not_here(g, cmd->tid, f);
	for (i = 0; i < n; i++) {
		rep = mg_reply_cmd(o, cmd, mg_save_str(o, t[i]->id));
		if (rep && !(cmd->present & H248_D_AUDIT && !cmd->audit))
			mg_term_stats(g, c, t[i], o, rep);
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
		mg_stats_keep(g, c, gone.flow, gone.nflow, NULL);
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
