// SPDX-License-Identifier: GPL-2.0
/*
 * Termination heartbeats: the Hanging Termination Detection package
 * (ITU-T H.248.36, "hangterm"), whose event thb TS 23.334 lists as
 * mandatory on Iq: every Add of a conformant IMS-ALG asks for it.  A
 * termination that asked for hangterm/thb with timerx = X seconds gets a
 * Notify of hangterm/thb after X seconds in which no command named it; the
 * timer starts again after every command on the termination and after
 * every such Notify, so the MGC hears of each termination it has forgotten
 * (it answers 411/430/435, or subtracts it), and of none it is working on.
 *
 * The gateway may hold a hundred thousand terminations: their timers live
 * in a wheel of one-second slots (struct mg: @hb), so that arming on every
 * command and firing cost O(1), and a second's work is its slot's.  Timers
 * are armed only once a command has succeeded (mg_hb_arm() from
 * mg_execute()'s loop): a refused command puts its termination back as it
 * was, links included, and the wheel has not moved meanwhile.
 */
#include <stdio.h>
#include <openssl/rand.h>

#include "mg_int.h"

#define HB_EVENT	"hangterm/thb"

void mg_hb_disarm(struct mg *g, struct mg_term *t)
{
	if (!t->hb_pprev)
		return;
	*t->hb_pprev = t->hb_next;
	if (t->hb_next)
		t->hb_next->hb_pprev = t->hb_pprev;
	t->hb_next = NULL;
	t->hb_pprev = NULL;
	g->nhb--;
}

/* @t's next heartbeat @after_ms from now (none if it asked for none). */
static void arm_after(struct mg *g, struct mg_term *t, uint64_t after_ms)
{
	struct mg_term **slot;

	mg_hb_disarm(g, t);
	if (!t->thb_s)
		return;
	if (!g->nhb)
		g->hb_sec = g->now / 1000;	/* nothing was waiting before */
	t->thb_due = g->now + after_ms;
	slot = &g->hb[(t->thb_due / 1000) % MG_HB_SLOTS];
	t->hb_next = *slot;
	if (*slot)
		(*slot)->hb_pprev = &t->hb_next;
	t->hb_pprev = slot;
	*slot = t;
	g->nhb++;
}

void mg_hb_arm(struct mg *g, struct mg_term *t)
{
	arm_after(g, t, (uint64_t)t->thb_s * 1000);
}

/*
 * After a restart the records do not say where in its period each
 * termination was: spread the first heartbeats over one period, at a
 * random point each, instead of sending them all at once, every period.
 */
void mg_hb_arm_spread(struct mg *g, struct mg_term *t)
{
	uint32_t r = 0;

	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = t->serial * 2654435761U;	/* spread anyway */
	arm_after(g, t, 1 + r % ((uint64_t)t->thb_s * 1000 + 1));
}

int mg_heartbeat(struct mg *g, uint64_t now, struct mg_notify *n)
{
	uint64_t sec = now / 1000, s;
	struct mg_term *t;

	if (!g->nhb)
		return 0;
	/* Asleep for longer than the wheel spans: each slot once. */
	if (sec >= MG_HB_SLOTS && g->hb_sec < sec - (MG_HB_SLOTS - 1))
		g->hb_sec = sec - (MG_HB_SLOTS - 1);
	for (s = g->hb_sec; s <= sec; s++) {
		for (t = g->hb[s % MG_HB_SLOTS]; t; t = t->hb_next) {
			if (t->thb_due > now)
				continue;	/* a later turn of the wheel */
			n->ctx = t->ctx->id;
			snprintf(n->tid, sizeof(n->tid), "%s", t->id);
			n->rid = t->ev_rid;
			n->event = HB_EVENT;
			n->nparam = 0;
			g->now = now;
			mg_hb_arm(g, t);
			return 1;
		}
		/* This second's slot is done unless it is the current one. */
		if (s < sec)
			g->hb_sec = s + 1;
	}
	return 0;
}
