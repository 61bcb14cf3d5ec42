// SPDX-License-Identifier: GPL-2.0
/*
 * A context taken back from its record after a restart.  The record is
 * trusted only as far as the configuration and the kernel agree with it
 * (realm, address, ids, port, and a kernel that holds exactly the plan its
 * terminations make), since a call wrongly taken back would send media with
 * keys the gateway no longer knows; the keys stay sealed (fingerprints)
 * until the MGC gives them again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mg_int.h"
#include "state.h"

int mg_adopt(struct mg *g, const struct mg_state *s,
	     int (*check)(void *arg, uint32_t ctx, const struct mg_plan *p),
	     void *arg, const char **why)
{
	uint32_t from[MG_PLAN_CTXS], to[MG_PLAN_CTXS];
	char tid[MG_TID_MAX + 16];
	struct mg_fail f = { 0 };
	struct mg_retire *r;
	struct mg_ctx *c;
	struct mg_plan *p;
	struct mg_term *t;
	unsigned int i, j;
	int ret = -ENOMEM;

	*why = "out of memory";
	if (!s->ctx || s->ctx > (1U << 29) || mg_find_ctx(g, s->ctx)) {
		*why = "context id out of range or in use";
		return -EEXIST;
	}
	c = calloc(1, sizeof(*c));
	p = calloc(1, sizeof(*p));
	if (!c || !p)
		goto out_free;
	c->id = s->ctx;
	for (i = 0; i < s->nterm; i++) {
		const struct mg_term *st = &s->term[i];
		const struct mgd_realm *rl;

		ret = -EINVAL;
		if (st->realm >= g->cfg->nrealm) {
			*why = "its realm is no longer configured";
			goto undo_terms;
		}
		rl = &g->cfg->realm[st->realm];
		if (st->side.local.alen != rl->alen ||
		    memcmp(st->side.local.addr, rl->addr, rl->alen)) {
			*why = "its realm has another address now";
			goto undo_terms;
		}
		snprintf(tid, sizeof(tid), "%s/%u", rl->name, st->serial);
		if (strcmp(tid, st->id) || mg_term_by_serial(g, st->serial) ||
		    (c->nterm && c->term[0]->serial == st->serial)) {
			*why = "a termination id not its own, or in use";
			goto undo_terms;
		}
		if (ms_pool_reserve(&g->pool[st->realm], st->side.local.port)) {
			*why = "its port is not free in the realm's pool";
			goto undo_terms;
		}
		t = malloc(sizeof(*t));
		if (!t) {
			ms_pool_free(&g->pool[st->realm], st->side.local.port);
			ret = -ENOMEM;
			*why = "out of memory";
			goto undo_terms;
		}
		*t = *st;
		t->hb_next = NULL;	/* in no list until linked below */
		t->hb_pprev = NULL;
		t->sealed_peer = t->side.has_peer;
		t->sealed_own = t->side.has_own;
		t->remote_given = true;	/* taken back from a call set up */
		t->added_at = g->now;	/* nt/dur: since taken back */
		t->af_count = 0;
		t->ctx = c;
		t->hnext = NULL;
		c->term[c->nterm++] = t;
	}
	ret = mg_ctx_plan(c, p, &f);
	if (ret) {
		*why = f.text;
		goto wipe;
	}
	/* Each planned context is the record's of its owner and direction. */
	ret = -EINVAL;
	*why = "its SRTP contexts are not those of its terminations";
	if (p->nctx != s->nkctx)
		goto wipe;
	for (i = 0; i < p->nctx; i++) {
		for (j = 0; j < s->nkctx; j++)
			if (s->owner[j] == p->ctx_owner[i] &&
			    s->dir[j] == p->ctx[i].dir)
				break;
		if (j == s->nkctx)
			goto wipe;
		from[i] = p->ctx[i].id;
		to[i] = s->kctx[j];
	}
	mg_plan_renumber(p, from, to);
	ret = check(arg, c->id, p);
	if (ret) {
		*why = "the kernel does not hold its flows and contexts";
		goto wipe;
	}
	/* Taken: linked in, its ids and serials not handed out again. */
	for (i = 0; i < c->nterm; i++) {
		mg_term_link(g, c->term[i]);
		mg_hb_arm_spread(g, c->term[i]);	/* from the restart on */
	}
	c->plan = *p;
	c->installed = p->nctx || p->nflow;
	mg_kid_index(g, c);
	c->next = g->ctx[mg_bucket(c->id)];
	g->ctx[mg_bucket(c->id)] = c;
	g->nctx++;
	if (c->id >= g->next_ctx && c->id < (1U << 29))
		g->next_ctx = c->id + 1;
	for (i = 0; i < c->nterm; i++)
		if (c->term[i]->serial >= g->next_term)
			g->next_term = c->term[i]->serial + 1;
	for (i = 0; i < p->nctx; i++)
		if (p->ctx[i].id >= g->next_kid && p->ctx[i].id < 0x7fffffffU)
			g->next_kid = p->ctx[i].id + 1;
	/* Replaced keys of its contexts go when they were due. */
	for (i = 0; i < s->nretire; i++) {
		for (j = 0; j < p->nctx && p->ctx[j].id != s->retire[i].ctx;
		     j++)
			;
		if (j == p->nctx || mg_retiring_mki(g, s->retire[i].ctx,
						    s->retire[i].mki))
			continue;
		r = calloc(1, sizeof(*r));
		if (!r) {
			g->ops->key_del(g->arg, s->retire[i].ctx,
					s->retire[i].mki);
			continue;
		}
		*r = s->retire[i];
		mg_retire_insert(g, r);
	}
	mg_plan_wipe(p);
	free(p);
	return 0;

wipe:
	mg_plan_wipe(p);
undo_terms:
	while (c->nterm)
		mg_free_term(g, c->term[--c->nterm]);
out_free:
	free(p);
	if (c)
		OPENSSL_cleanse(c, sizeof(*c));
	free(c);
	return ret;
}
