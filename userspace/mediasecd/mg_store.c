// SPDX-License-Identifier: GPL-2.0
/*
 * The contexts and terminations the gateway holds, and the indexes that
 * find them: contexts by id, terminations by serial, and kernel SRTP
 * contexts by the context whose plan holds them (the module's events name
 * kernel ids).  Every command, the events and the restart path look things
 * up, link and free them through this one file, so a context or termination
 * is never half-linked, and memory that held keys is cleansed before it is
 * freed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mg_int.h"

unsigned int mg_bucket(uint32_t id)
{
	return (id * 2654435761U) % MG_BUCKETS;
}

struct mg_ctx *mg_find_ctx(struct mg *g, uint32_t id)
{
	struct mg_ctx *c;

	for (c = g->ctx[mg_bucket(id)]; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

struct mg_ctx *mg_new_ctx(struct mg *g)
{
	struct mg_ctx *c = calloc(1, sizeof(*c));
	unsigned int b;

	if (!c)
		return NULL;
	/* 1 .. 2^29: four kernel ids each, below 2^31 */
	do {
		c->id = g->next_ctx++;
		if (g->next_ctx > (1U << 29))
			g->next_ctx = 1;
	} while (mg_find_ctx(g, c->id));
	b = mg_bucket(c->id);
	c->next = g->ctx[b];
	g->ctx[b] = c;
	g->nctx++;
	return c;
}

/* Takes @c's nodes out of the index. */
static void kid_unindex(struct mg *g, struct mg_ctx *c)
{
	struct mg_kid **pp;
	unsigned int i;

	for (i = 0; i < c->nkidn; i++)
		for (pp = &g->kid[mg_bucket(c->kidn[i].kid)]; *pp;
		     pp = &(*pp)->next)
			if (*pp == &c->kidn[i]) {
				*pp = c->kidn[i].next;
				break;
			}
	c->nkidn = 0;
}

/* The index holds @c's plan's kernel contexts (after each change). */
void mg_kid_index(struct mg *g, struct mg_ctx *c)
{
	struct mg_kid *k;
	unsigned int i;

	kid_unindex(g, c);
	for (i = 0; i < c->plan.nctx; i++) {
		k = &c->kidn[i];
		k->kid = c->plan.ctx[i].id;
		k->ctx = c->id;
		k->next = g->kid[mg_bucket(k->kid)];
		g->kid[mg_bucket(k->kid)] = k;
	}
	c->nkidn = c->plan.nctx;
}

/* The context whose plan holds @kid, and its index there; or NULL. */
struct mg_ctx *mg_kid_ctx(struct mg *g, uint32_t kid, unsigned int *idx)
{
	struct mg_kid *k;
	struct mg_ctx *c;
	unsigned int i;

	for (k = g->kid[mg_bucket(kid)]; k && k->kid != kid; k = k->next)
		;
	c = k ? mg_find_ctx(g, k->ctx) : NULL;
	for (i = 0; c && i < c->plan.nctx; i++)
		if (c->plan.ctx[i].id == kid) {
			*idx = i;
			return c;
		}
	return NULL;
}

void mg_free_ctx(struct mg *g, struct mg_ctx *c)
{
	struct mg_ctx **pp = &g->ctx[mg_bucket(c->id)];

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	kid_unindex(g, c);
	mg_plan_wipe(&c->plan);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
	g->nctx--;
}

void mg_term_link(struct mg *g, struct mg_term *t)
{
	unsigned int b = mg_bucket(t->serial);

	t->hnext = g->term[b];
	g->term[b] = t;
}

static void term_unlink(struct mg *g, struct mg_term *t)
{
	struct mg_term **pp = &g->term[mg_bucket(t->serial)];

	for (; *pp; pp = &(*pp)->hnext)
		if (*pp == t) {
			*pp = t->hnext;
			return;
		}
}

/* The termination of serial @serial, or NULL. */
struct mg_term *mg_term_by_serial(struct mg *g, uint32_t serial)
{
	struct mg_term *t;

	for (t = g->term[mg_bucket(serial)]; t && t->serial != serial;
	     t = t->hnext)
		;
	return t;
}

void mg_free_term(struct mg *g, struct mg_term *t)
{
	mg_hb_disarm(g, t);
	term_unlink(g, t);
	ms_pool_free(&g->pool[t->realm], t->side.local.port);
	OPENSSL_cleanse(t, sizeof(*t));
	free(t);
}

int mg_init(struct mg *g, const struct mgd_config *cfg,
	    const struct mg_ops *ops, void *arg)
{
	unsigned int i;
	int ret;

	memset(g, 0, sizeof(*g));
	g->cfg = cfg;
	g->ops = ops;
	g->arg = arg;
	g->next_ctx = 1;
	g->next_term = 1;
	g->next_kid = 1;
	for (i = 0; i < cfg->nrealm; i++) {
		ret = ms_pool_init(&g->pool[i], cfg->realm[i].lo,
				   cfg->realm[i].hi);
		if (ret) {
			while (i--)
				ms_pool_fini(&g->pool[i]);
			return ret;
		}
	}
	return 0;
}

void mg_fini(struct mg *g)
{
	unsigned int i, j;

	for (i = 0; i < MG_BUCKETS; i++)
		while (g->ctx[i]) {
			struct mg_ctx *c = g->ctx[i];

			for (j = 0; j < c->nterm; j++)
				mg_free_term(g, c->term[j]);
			mg_free_ctx(g, c);
		}
	for (i = 0; i < g->cfg->nrealm; i++)
		ms_pool_fini(&g->pool[i]);
	free(g->dirty);
	g->dirty = NULL;
	g->ndirty = g->dirty_cap = 0;
	if (!g->records) {
		mg_tick(g, UINT64_MAX);	/* no old key outlives us */
		return;
	}
	while (g->retire) {		/* the records have them */
		struct mg_retire *r = g->retire;

		g->retire = r->next;
		free(r);
	}
}

/* @c's termination of serial @serial, or NULL. */
struct mg_term *mg_term_of(const struct mg_ctx *c, uint32_t serial)
{
	unsigned int i;

	for (i = 0; i < c->nterm; i++)
		if (c->term[i]->serial == serial)
			return c->term[i];
	return NULL;
}

struct mg_term *mg_find_term(struct mg_ctx *c, const char *tid)
{
	unsigned int i;

	for (i = 0; i < c->nterm; i++)
		if (!strcmp(c->term[i]->id, tid))
			return c->term[i];
	return NULL;
}

/* Whether @c can take one more termination; else *@f says why (434). */
bool mg_room_for_one(const struct mg_ctx *c, struct mg_fail *f)
{
	if (c->nterm < 2)
		return true;
	f->code = MG_ERR_TOO_MANY_TERMS;
	f->text = "a context holds two terminations";
	return false;
}

/*
 * A copy of @t to put back if the command fails, or NULL (*@f says why).
 * It holds keys: mg_forget_term() it.
 */
struct mg_term *mg_save_term(const struct mg_term *t, struct mg_fail *f)
{
	struct mg_term *old = malloc(sizeof(*old));

	if (!old) {
		f->code = MG_ERR_NO_RESOURCES;
		f->text = "out of memory";
		return NULL;
	}
	*old = *t;
	return old;
}

void mg_forget_term(struct mg_term *old)
{
	OPENSSL_cleanse(old, sizeof(*old));
	free(old);
}

/*
 * The context that holds termination @tid, and the termination: by the
 * serial its id ends with.
 */
struct mg_ctx *mg_find_term_ctx(struct mg *g, const char *tid,
				struct mg_term **t)
{
	const char *slash = strrchr(tid, '/');
	unsigned long serial;
	char *end;

	*t = NULL;
	if (!slash || slash[1] < '0' || slash[1] > '9')
		return NULL;
	serial = strtoul(slash + 1, &end, 10);
	if (*end || serial > UINT32_MAX)
		return NULL;
	*t = mg_term_by_serial(g, (uint32_t)serial);
	if (!*t || strcmp((*t)->id, tid)) {
		*t = NULL;
		return NULL;
	}
	return (*t)->ctx;
}

/*
 * Why @tid is not in the context a command named: 435 when the gateway
 * holds it in another context, else 430 (H.248.1 14.2: "Termination ID is
 * not in specified Context" / "Unknown TerminationID").  Returns -ENOENT.
 */
int mg_fail_not_here(struct mg *g, const char *tid, struct mg_fail *f)
{
	struct mg_term *t;

	if (mg_find_term_ctx(g, tid, &t)) {
		f->code = MG_ERR_NOT_IN_CTX;
		f->text = "the termination is in another context";
	} else {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "no such termination";
	}
	return -ENOENT;
}
