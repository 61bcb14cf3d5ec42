// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for mediasecd's context records (userspace/mediasecd/
 * state.c), which a restarted daemon reads back.  The input is parsed as
 * a record; when that succeeds, the context it describes is written back
 * and that text must parse to the very same record and write back to the
 * very same text.  Any failure of these properties aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

static struct mg_state fz_a, fz_b;
static char fz_out1[MG_STATE_MAX], fz_out2[MG_STATE_MAX];

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_state: %s\n", what);
		abort();
	}
}

/* The record @s describes, written into @out. */
static int fz_encode(struct mg_state *s, char *out)
{
	struct mg_retire r[MG_PLAN_KEYS];
	struct mg_ctx c = { .id = s->ctx };
	struct mg g = { 0 };
	unsigned int i;

	for (i = 0; i < s->nterm; i++)
		c.term[c.nterm++] = &s->term[i];
	c.installed = s->nkctx > 0;
	c.plan.nctx = s->nkctx;
	for (i = 0; i < s->nkctx; i++) {
		c.plan.ctx[i].id = s->kctx[i];
		c.plan.ctx[i].dir = s->dir[i];
		c.plan.ctx_owner[i] = s->owner[i];
	}
	for (i = 0; i < s->nretire; i++) {
		r[i] = s->retire[i];
		r[i].next = i + 1 < s->nretire ? &r[i + 1] : NULL;
	}
	g.retire = s->nretire ? r : NULL;
	return mg_state_encode(&g, &c, out, MG_STATE_MAX);
}

/* What a record carries of @s: retire entries only of listed contexts,
 * in the order of those contexts.
 */
static void fz_norm(struct mg_state *s)
{
	struct mg_retire keep[MG_PLAN_KEYS];
	unsigned int i, j, n = 0;

	for (i = 0; i < s->nkctx; i++)
		for (j = 0; j < s->nretire && n < MG_PLAN_KEYS; j++)
			if (s->retire[j].ctx == s->kctx[i]) {
				keep[n] = s->retire[j];
				keep[n++].next = NULL;
			}
	memset(s->retire, 0, sizeof(s->retire));
	memcpy(s->retire, keep, n * sizeof(keep[0]));
	s->nretire = n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	int n1, n2;

	if (mg_state_parse((const char *)data, size, &fz_a, &why))
		return 0;
	n1 = fz_encode(&fz_a, fz_out1);
	if (n1 < 0)
		return 0;	/* more retire lines than a record holds */
	fz_check(!mg_state_parse(fz_out1, (size_t)n1, &fz_b, &why),
		 "a written record parses");
	fz_norm(&fz_a);
	fz_norm(&fz_b);
	fz_check(fz_a.ctx == fz_b.ctx && fz_a.nterm == fz_b.nterm &&
		 fz_a.nkctx == fz_b.nkctx && fz_a.nretire == fz_b.nretire,
		 "the same context");
	fz_check(!memcmp(fz_a.term, fz_b.term, sizeof(fz_a.term)),
		 "the same terminations");
	fz_check(!memcmp(fz_a.kctx, fz_b.kctx, sizeof(fz_a.kctx)) &&
		 !memcmp(fz_a.owner, fz_b.owner, sizeof(fz_a.owner)) &&
		 !memcmp(fz_a.dir, fz_b.dir, sizeof(fz_a.dir)) &&
		 !memcmp(fz_a.retire, fz_b.retire, sizeof(fz_a.retire)),
		 "the same kernel contexts");
	n2 = fz_encode(&fz_b, fz_out2);
	fz_check(n1 == n2 && !memcmp(fz_out1, fz_out2, (size_t)n1),
		 "written the same twice");
	return 0;
}
