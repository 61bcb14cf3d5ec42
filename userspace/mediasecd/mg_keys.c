// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's own SRTP keys and the timing of key changes: a key made for
 * the suite the remote offers, a next key announced before it protects when
 * ours nears its lifetime, and replaced keys retired only after
 * rekey-grace-ms.  These decisions are what keep a re-key from losing a
 * packet, so they live together with the one due-list (mg_tick()) that
 * carries them out later.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mg_int.h"
#include "log.h"

/* Puts @r in the retire list, in order of due time. */
void mg_retire_insert(struct mg *g, struct mg_retire *r)
{
	struct mg_retire **pp = &g->retire;

	while (*pp && (*pp)->due <= r->due)
		pp = &(*pp)->next;
	r->next = *pp;
	*pp = r;
}

static void promote(struct mg *g, const struct mg_retire *r);

uint64_t mg_tick(struct mg *g, uint64_t now)
{
	struct mg_retire *r;
	uint64_t next;
	int ret;

	if (now != UINT64_MAX)
		mg_root_tick(g, now);	/* a Graceful's Delay */
	while ((r = g->retire) && r->due <= now) {
		g->retire = r->next;
		if (r->promote) {
			if (now != UINT64_MAX) {
				g->now = now;
				promote(g, r);
			}
			free(r);
			continue;
		}
		ret = g->ops->key_del(g->arg, r->ctx, r->mki);
		if (ret && ret != -ENOENT && now != UINT64_MAX) {
			r->due = now + 1000;	/* the key must go: again */
			mg_retire_insert(g, r);
			continue;
		}
		free(r);
	}
	next = g->retire ? g->retire->due : UINT64_MAX;
	if (g->root.graceful_at && g->root.graceful_at < next)
		next = g->root.graceful_at;
	return next;
}

/* Keys of kernel context @ctx waiting to be deleted. */
unsigned int mg_retiring(const struct mg *g, uint32_t ctx)
{
	const struct mg_retire *r;
	unsigned int n = 0;

	for (r = g->retire; r; r = r->next)
		n += r->ctx == ctx && !r->promote;
	return n;
}

/* Whether @ctx's key @mki is waiting to be deleted. */
bool mg_retiring_mki(const struct mg *g, uint32_t ctx, uint32_t mki)
{
	const struct mg_retire *r;

	for (r = g->retire; r; r = r->next)
		if (r->ctx == ctx && r->mki == mki && !r->promote)
			return true;
	return false;
}

/* @ctx's key @mki goes after the grace time (at once if it cannot wait). */
void mg_retire_key(struct mg *g, uint32_t ctx, uint32_t mki)
{
	struct mg_retire *r = NULL;

	if (g->cfg->rekey_grace_ms)
		r = calloc(1, sizeof(*r));
	if (!r) {
		g->ops->key_del(g->arg, ctx, mki);	/* at once, then */
		return;
	}
	r->ctx = ctx;
	r->mki = mki;
	r->due = g->now + g->cfg->rekey_grace_ms;
	mg_retire_insert(g, r);
}

#define OWN_FLAGS	(SDES_UNENCRYPTED_SRTP | SDES_UNENCRYPTED_SRTCP | \
			 SDES_UNAUTHENTICATED_SRTP)

bool mg_own_fits(const struct sdes_crypto *own,
		 const struct sdes_crypto *peer)
{
	return own->suite == peer->suite &&
	       own->flags == (peer->flags & OWN_FLAGS) &&
	       own->keys[0].mki_len == peer->keys[0].mki_len;
}

/* The gateway's own key for the suite of the remote's. */
static int own_key(struct mg_side *s, const struct sdes_crypto *peer,
		   uint64_t lifetime)
{
	unsigned int klen, slen;
	struct sdes_key *k;

	if (sdes_suite_lengths(peer->suite, &klen, &slen))
		return -EOPNOTSUPP;
	memset(&s->own, 0, sizeof(s->own));
	s->own.tag = peer->tag;
	s->own.suite = peer->suite;
	s->own.flags = peer->flags & OWN_FLAGS;
	s->own.nkeys = 1;
	k = &s->own.keys[0];
	k->mat_len = (uint8_t)(klen + slen);
	/* With MKI, so that later keys can be told apart. */
	k->mki_len = peer->keys[0].mki_len ? peer->keys[0].mki_len : 0;
	k->mki = 1;
	if (!k->mki_len)
		k->mki = 0;
	k->lifetime = lifetime;
	if (RAND_bytes(k->mat, k->mat_len) != 1)
		return -EIO;
	s->has_own = true;
	return 0;
}

/* A new own key for @t: whatever was sealed, expiring or next goes. */
int mg_new_own(struct mg *g, struct mg_term *t,
	       const struct sdes_crypto *peer)
{
	struct sdes_crypto p = *peer;	/* may be t's own peer */
	int ret = own_key(&t->side, &p, g->cfg->own_key_lifetime);

	OPENSSL_cleanse(&p, sizeof(p));
	t->sealed_own = false;
	t->own_expiring = false;
	t->has_own_next = false;
	t->own_next_due = 0;
	OPENSSL_cleanse(&t->own_next, sizeof(t->own_next));
	return ret;
}

/*
 * Our key near its lifetime: the next one, under the next MKI, to be
 * announced after it (the remote takes both) and to protect from a grace
 * time later.  Without MKI the two cannot be told apart: a new key now.
 */
int mg_next_own(struct mg *g, struct mg_term *t)
{
	struct sdes_key *k = &t->own_next;
	const struct sdes_key *cur = &t->side.own.keys[0];

	if (!cur->mki_len)
		return mg_new_own(g, t, &t->side.peer);
	*k = *cur;
	k->mki = cur->mki + 1;
	if (cur->mki_len < 4)
		k->mki &= (1U << (8 * cur->mki_len)) - 1;
	if (RAND_bytes(k->mat, k->mat_len) != 1) {
		OPENSSL_cleanse(k, sizeof(*k));
		return -EIO;
	}
	t->has_own_next = true;
	t->own_next_due = 0;
	t->own_expiring = false;
	return 0;
}

/*
 * @t's next key, just announced in a reply, protects a grace time later
 * (the remote has it by then): by then, its context takes it by MKI.
 */
void mg_schedule_promote(struct mg *g, struct mg_ctx *c, struct mg_term *t)
{
	struct mg_retire *r;
	unsigned int i;

	if (!t->has_own_next || t->own_next_due)
		return;
	for (i = 0; i < c->plan.nctx; i++)
		if (c->plan.ctx_owner[i] == t->serial &&
		    c->plan.ctx[i].dir == MEDIASEC_DIR_TX)
			break;
	r = i < c->plan.nctx ? calloc(1, sizeof(*r)) : NULL;
	if (!r)
		return;		/* the next Modify tries again */
	r->ctx = c->plan.ctx[i].id;
	r->mki = t->own_next.mki;
	r->due = g->now + g->cfg->rekey_grace_ms;
	r->promote = true;
	t->own_next_due = r->due;
	mg_retire_insert(g, r);
}

/*
 * Our next key protects from now on: it becomes our key, added to our
 * context by MKI (the newest protects), the old one retired after the
 * grace time.  If the kernel refuses, all stays as it was and the next
 * Modify announces again.
 */
static void promote(struct mg *g, const struct mg_retire *r)
{
	struct mg_fail f = { 0 };
	struct mg_term *t, *old;
	struct mg_ctx *c;
	unsigned int i;

	c = mg_kid_ctx(g, r->ctx, &i);
	t = c ? mg_term_of(c, c->plan.ctx_owner[i]) : NULL;
	if (!t || !t->has_own_next || t->own_next_due != r->due ||
	    t->own_next.mki != r->mki)
		return;		/* replaced or gone since */
	old = mg_save_term(t, &f);
	if (!old)
		return;
	t->side.own.keys[0] = t->own_next;
	t->side.own.nkeys = 1;
	t->sealed_own = false;	/* a key we hold, told from now on */
	OPENSSL_cleanse(&t->own_next, sizeof(t->own_next));
	t->has_own_next = false;
	t->own_next_due = 0;
	if (mg_apply(g, c, &f)) {
		mgd_log(LOG_ERR, "%s: its next key: %s", t->id,
			f.text ? f.text : "refused");
		*t = *old;
		t->own_next_due = 0;
	}
	mg_forget_term(old);
	if (g->ops->save)
		g->ops->save(g->arg, g, c);
}
