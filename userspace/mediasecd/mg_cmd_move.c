// SPDX-License-Identifier: GPL-2.0
/*
 * Move (H.248.1 7.2.3): a termination taken from its context into another.
 * Its SRTP contexts go along as the same kernel objects, so that replay
 * windows and rollover counters go on; that needs bookkeeping between the
 * two contexts' plans, and an undo that hands them back, which no other
 * command has.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mg_int.h"
#include "log.h"

/*
 * Moves the SRTP contexts of termination @serial with their keys from
 * @from's plan to @to's: bookkeeping only, the kernel objects stay as
 * they are.  Cannot fail: @to holds at most one other termination's.
 */
static void hand_over(struct mg *g, uint32_t serial, struct mg_ctx *from,
		      struct mg_ctx *to)
{
	struct mg_plan *f = &from->plan, *t = &to->plan;
	unsigned int j = 0, k;

	while (j < f->nctx) {
		if (f->ctx_owner[j] != serial || t->nctx == MG_PLAN_CTXS) {
			j++;
			continue;
		}
		t->ctx_owner[t->nctx] = serial;
		t->ctx[t->nctx++] = f->ctx[j];
		for (k = 0; k < f->nkey && t->nkey < MG_PLAN_KEYS; k++)
			if (f->key_ctx[k] == f->ctx[j].id) {
				t->key[t->nkey] = f->key[k];
				t->key_ctx[t->nkey++] = f->key_ctx[k];
			}
		mg_plan_drop_ctx(f, j);
		to->installed = true;
	}
	mg_kid_index(g, from);
	mg_kid_index(g, to);
}

/* Puts @t at index @i of @c's terminations (the order makes flow ids). */
static void put_term(struct mg_ctx *c, struct mg_term *t, unsigned int i)
{
	if (i > c->nterm)
		i = c->nterm;
	memmove(&c->term[i + 1], &c->term[i],
		(c->nterm - i) * sizeof(c->term[0]));
	c->term[i] = t;
	c->nterm++;
	t->ctx = c;
}

/* Takes @t out of @c's terminations; returns where it was. */
static unsigned int take_term(struct mg_ctx *c, struct mg_term *t)
{
	unsigned int i;

	for (i = 0; i < c->nterm && c->term[i] != t; i++)
		;
	if (i < c->nterm) {
		memmove(&c->term[i], &c->term[i + 1],
			(c->nterm - i - 1) * sizeof(c->term[0]));
		c->nterm--;
	}
	return i;
}

/*
 * Whether the Move of @t into @c concerns an MSRP termination: refused.
 * An MSRP termination's TCP connection belongs to the kernel's relay once
 * both legs are up (mg_msrp.c), and a relay gives no socket back: taking
 * it out of its context would reset the UE's session, and pairing it
 * anew would need a connection the gateway no longer has.
 */
static bool msrp_involved(const struct mg_ctx *c, const struct mg_term *t)
{
	unsigned int i;

	if (t->msrp.on)
		return true;
	for (i = 0; i < c->nterm; i++)
		if (c->term[i]->msrp.on)
			return true;
	return false;
}

/*
 * Move (H.248.1 7.2.3): the termination leaves its context for this one,
 * with the command's descriptors applied.  Its SRTP contexts go along as
 * the same kernel objects (replay windows and rollover counters go on);
 * its old context's flows go, the new one's come.  A failure puts all
 * back as it was.
 */
int mg_cmd_move(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		struct mg_reply *o, struct mg_fail *f)
{
	struct mg_term *t, *old = NULL;
	struct mg_counts kept;
	struct mg_ctx *from;
	unsigned int at;
	struct mg_fail f2 = { 0 };
	int ret;

	from = mg_find_term_ctx(g, cmd->tid, &t);
	if (!from) {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "no such termination";
		return -ENOENT;
	}
	if (from == c) {
		f->code = MG_ERR_CTX_FULL;
		f->text = "the termination is in this context already";
		return -EEXIST;
	}
	if (!mg_room_for_one(c, f))
		return -ENOSPC;
	if (msrp_involved(c, t)) {
		f->code = MG_ERR_NOT_IMPL;
		f->text = "Move of an MSRP termination, or into a context with "
			  "one, is not supported";
		return -EOPNOTSUPP;
	}
	if (mg_realm_stays(g, t, cmd, f))
		return -EINVAL;
	old = mg_save_term(t, f);
	if (!old)
		return -ENOMEM;
	ret = mg_take_media(g, t, cmd, f);
	if (!ret)
		ret = mg_plan_check(c, t, f);	/* before anything is touched */
	if (ret)
		goto restore_term;
	mg_mark_dirty(g, from->id);
	hand_over(g, t->serial, from, c);
	/*
	 * 1. Out of the old context: its flows go, the other side stays;
	 * what they counted for @t goes with it, as they go.
	 */
	at = take_term(from, t);
	g->keep_also = t;
	ret = mg_apply(g, from, f);
	g->keep_also = NULL;
	if (ret) {
		put_term(from, t, at);
		goto hand_back;
	}
	/* 2. Into this one. */
	put_term(c, t, c->nterm);
	ret = mg_apply(g, c, f);
	if (ret) {
		take_term(c, t);
		kept = t->gone;
		*t = *old;
		t->gone = kept;	/* what flows gone counted stays counted */
		put_term(from, t, at);
		hand_over(g, t->serial, c, from);
		if (mg_apply(g, from, &f2))	/* its flows back */
			mgd_log(LOG_ERR, "context %u: %s", from->id,
				f2.text ? f2.text : "not restored");
		goto out;
	}
	if (!from->nterm)
		mg_free_ctx(g, from);
	goto out;

hand_back:
	hand_over(g, t->serial, c, from);
restore_term:
	kept = t->gone;
	*t = *old;
	t->gone = kept;
out:
	mg_forget_term(old);
	if (!ret) {
		mg_schedule_promote(g, c, t);
		mg_reply_changed(g, o, cmd, t);
	}
	return ret;
}
