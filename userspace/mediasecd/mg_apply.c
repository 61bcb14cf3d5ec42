// SPDX-License-Identifier: GPL-2.0
/*
 * From a context's terminations to a plan for the kernel, and the kernel
 * brought in line with it.  The kernel's SRTP contexts carry replay windows
 * and rollover counters that must go on, so the plan is compared with what
 * is installed and only what changed is touched, in an order whose failure
 * can be undone whole: new contexts and keys first, flows swapped, what is
 * no longer used last.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mg_int.h"

/*
 * Takes context @j and its keys out of @p; the others keep their order
 * (a plan's order is that of the planner).
 */
void mg_plan_drop_ctx(struct mg_plan *p, unsigned int j)
{
	uint32_t id = p->ctx[j].id;
	unsigned int k, n = 0;

	for (k = 0; k < p->nkey; k++) {
		if (p->key_ctx[k] == id)
			continue;
		if (n != k) {
			p->key[n] = p->key[k];
			p->key_ctx[n] = p->key_ctx[k];
		}
		n++;
	}
	for (k = n; k < p->nkey; k++)
		OPENSSL_cleanse(&p->key[k], sizeof(p->key[k]));
	p->nkey = n;
	memmove(&p->ctx[j], &p->ctx[j + 1],
		(p->nctx - j - 1) * sizeof(p->ctx[0]));
	memmove(&p->ctx_owner[j], &p->ctx_owner[j + 1],
		(p->nctx - j - 1) * sizeof(p->ctx_owner[0]));
	p->nctx--;
}

/*
 * Whether context @i of @a and @j of @b are the same but for the id: the
 * same termination's, same settings, same keys.
 */
static bool same_ctx(const struct mg_plan *a, unsigned int i,
		     const struct mg_plan *b, unsigned int j)
{
	struct msobj_ctx x = a->ctx[i], y = b->ctx[j];
	unsigned int k, l = 0, n = 0;

	x.id = y.id = 0;
	if (a->ctx_owner[i] != b->ctx_owner[j] || memcmp(&x, &y, sizeof(x)))
		return false;
	for (k = 0; k < a->nkey; k++) {
		if (a->key_ctx[k] != a->ctx[i].id)
			continue;
		n++;
		while (l < b->nkey && b->key_ctx[l] != b->ctx[j].id)
			l++;
		if (l == b->nkey || memcmp(&a->key[k], &b->key[l],
					   sizeof(a->key[k])))
			return false;
		l++;
	}
	for (k = 0; k < b->nkey; k++)
		n -= b->key_ctx[k] == b->ctx[j].id;
	return n == 0;
}

/*
 * Whether @old's context @ctx has @k: 1 the same key under the same MKI,
 * -1 another key under that MKI, 0 not that MKI.
 */
static int has_key(const struct mg_plan *old, uint32_t ctx,
		   const struct msobj_key *k)
{
	unsigned int l;

	for (l = 0; l < old->nkey; l++)
		if (old->key_ctx[l] == ctx && old->key[l].mki == k->mki)
			return memcmp(&old->key[l], k, sizeof(*k)) ? -1 : 1;
	return 0;
}

/*
 * Whether context @i of @p can be @old's context @j with keys added (a
 * re-key without loss, RFC 3711 section 8.1: the receiver picks the key
 * by MKI, rollover counter and replay window go on): the same
 * termination's, the same but for the id and the keys, with MKIs, every
 * key of @p either one of @old's or under an MKI neither @old nor a key
 * still retiring uses, and room in the kernel's context for the old
 * keys, the new and those still retiring.
 */
static bool rekey_ok(const struct mg *g, const struct mg_plan *p,
		     unsigned int i, const struct mg_plan *old, unsigned int j)
{
	struct msobj_ctx x = p->ctx[i], y = old->ctx[j];
	unsigned int k, n = 0;

	x.id = y.id = 0;
	if (p->ctx_owner[i] != old->ctx_owner[j] || !x.mki_len ||
	    memcmp(&x, &y, sizeof(x)))
		return false;
	for (k = 0; k < old->nkey; k++)
		n += old->key_ctx[k] == old->ctx[j].id;
	for (k = 0; k < p->nkey; k++) {
		if (p->key_ctx[k] != p->ctx[i].id)
			continue;
		switch (has_key(old, old->ctx[j].id, &p->key[k])) {
		case -1:
			return false;
		case 0:
			if (mg_retiring_mki(g, old->ctx[j].id, p->key[k].mki))
				return false;
			n++;
			break;
		}
	}
	return n + mg_retiring(g, old->ctx[j].id) <= MEDIASEC_MAX_KEYS;
}

/* @id through the map @from -> @to of @n entries. */
static uint32_t map_id(const uint32_t *from, const uint32_t *to,
		       unsigned int n, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (from[i] == id)
			return to[i];
	return id;
}

/*
 * @p's SRTP contexts get the ids @to, in place of @from (one each, in
 * order), and so do its keys and flows that name them.
 */
void mg_plan_renumber(struct mg_plan *p, const uint32_t *from,
		      const uint32_t *to)
{
	unsigned int i;

	for (i = 0; i < p->nctx; i++)
		p->ctx[i].id = to[i];
	for (i = 0; i < p->nkey; i++)
		p->key_ctx[i] = map_id(from, to, p->nctx, p->key_ctx[i]);
	for (i = 0; i < p->nflow; i++) {
		p->flow[i].rx_ctx = map_id(from, to, p->nctx,
					   p->flow[i].rx_ctx);
		p->flow[i].tx_ctx = map_id(from, to, p->nctx,
					   p->flow[i].tx_ctx);
	}
}

/*
 * Gives @p's contexts kernel ids: that of an identical installed context
 * of @old, which stays with its keys, rollover counters and replay
 * window; or that of one that takes the new keys by MKI (@rekey[i]);
 * else a fresh id (a context is never made again under the same key).
 * @fresh[i] says which of @p's are new, @kept[j] which of @old's stay.
 */
static void assign_ids(struct mg *g, struct mg_plan *p,
		       const struct mg_plan *old, bool installed, bool *fresh,
		       bool *kept, bool *rekey)
{
	uint32_t from[MG_PLAN_CTXS], to[MG_PLAN_CTXS];
	unsigned int i, j;

	for (i = 0; i < p->nctx; i++) {
		from[i] = p->ctx[i].id;
		fresh[i] = true;
		for (j = 0; installed && j < old->nctx; j++)
			if (!kept[j] && same_ctx(p, i, old, j)) {
				kept[j] = true;
				fresh[i] = false;
				to[i] = old->ctx[j].id;
				break;
			}
		for (j = 0; fresh[i] && installed && j < old->nctx; j++)
			if (!kept[j] && rekey_ok(g, p, i, old, j)) {
				kept[j] = true;
				fresh[i] = false;
				rekey[i] = true;
				to[i] = old->ctx[j].id;
			}
		if (fresh[i]) {
			to[i] = g->next_kid++;
			if (g->next_kid > 0x7fffffffU)
				g->next_kid = 1;
		}
	}
	mg_plan_renumber(p, from, to);
}

/* @why may be the netlink socket's message, which the next request
 * clears: keep a copy.
 */
static void kernel_error(struct mg *g, struct mg_fail *f, int err,
			 const char *why)
{
	f->code = err == -ENOSPC || err == -ENOMEM ? MG_ERR_NO_RESOURCES :
						    MG_ERR_INTERNAL;
	snprintf(g->errbuf, sizeof(g->errbuf), "%s",
		 why && why[0] ? why : "the kernel refused");
	f->text = g->errbuf;
}

/* Whether @p has flow @fl as it is. */
static bool has_flow(const struct mg_plan *p, const struct msobj_flow *fl)
{
	unsigned int i;

	for (i = 0; i < p->nflow; i++)
		if (!memcmp(&p->flow[i], fl, sizeof(*fl)))
			return true;
	return false;
}

/*
 * The flow of @p that @fl would replace with new policies or flags only
 * (everything else the same): changed in place by FLOW_SET, with no packet
 * lost (H.248 Modify of gm, tman, ds, ipnapt); else NULL.
 */
static const struct msobj_flow *policy_only(const struct mg_plan *p,
					    const struct msobj_flow *fl)
{
	struct msobj_flow a, b;
	unsigned int i;

	for (i = 0; i < p->nflow; i++) {
		if (p->flow[i].id != fl->id)
			continue;
		a = p->flow[i];
		b = *fl;
		memset(&a.pol, 0, sizeof(a.pol));
		memset(&b.pol, 0, sizeof(b.pol));
		a.flags = b.flags = 0;
		return memcmp(&a, &b, sizeof(a)) ? NULL : &p->flow[i];
	}
	return NULL;
}

/* Puts the first @n flows of @set back as @old had them. */
static void unset_flows(struct mg *g, const struct mg_plan *old,
			const struct msobj_flow *set, unsigned int n)
{
	const char *why;
	unsigned int i;

	for (i = 0; i < n; i++)
		g->ops->flow_set(g->arg, policy_only(old, &set[i]), &why);
}

/* Deletes the keys that step 1 of mg_apply() added to kept contexts. */
static void undo_added(struct mg *g, const struct mg_plan *part)
{
	unsigned int k;

	for (k = 0; k < part->nkey; k++)
		if (part->key[k].has_mki)
			g->ops->key_del(g->arg, part->key_ctx[k],
					part->key[k].mki);
}

/*
 * What @c's terminations ask of the kernel, with planned context ids (not
 * yet the kernel's), each context tagged with its termination's serial.
 */
int mg_ctx_plan(const struct mg_ctx *c, struct mg_plan *p,
		struct mg_fail *f)
{
	const char *why = NULL;
	unsigned int i;
	int ret;

	if (c->nterm == 2) {
		ret = mg_msrp_check_pair(c->term[0], c->term[1], f);
		if (ret)
			return ret;
	}
	for (i = 0; i < c->nterm; i++) {
		const struct mg_term *t = c->term[i];
		const struct mg_side_pol *sp = &t->side.pol;

		/* Nothing acknowledged and then ignored (mg_profile.c). */
		if (t->msrp.on && (sp->saf || sp->spf || sp->rate ||
				   sp->has_dscp || t->side.latch)) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "gm, tman, ds and ipnapt apply to RTP "
				  "streams, not to MSRP";
			return -EOPNOTSUPP;
		}
		mg_pol_clock(c->term[i]);
	}
	if (c->nterm) {
		ret = c->nterm == 2 ?
		      mg_plan(&c->term[0]->side, &c->term[1]->side,
			      c->id * IDS_PER_CTX, p, &why) :
		      mg_plan_one(&c->term[0]->side, c->id * IDS_PER_CTX, p,
				  &why);
		if (ret) {
			f->code = ret == -EOPNOTSUPP ? MG_ERR_UNSUPPORTED :
						      H248_ERR_SYNTAX_CMD;
			f->text = why;
			return ret;
		}
	}
	/* Each context is its termination's (a Move hands them over). */
	for (i = 0; i < p->nctx; i++)
		p->ctx_owner[i] = c->term[p->ctx_owner[i]]->serial;
	/*
	 * Inactivity detection (adid/ipstop) on the RTP flows a termination's
	 * direction covers: from its remote (in), to it (out), both; a flow
	 * both terminations watch times out at the shorter time.
	 */
	for (i = 0; i < p->nflow; i++) {
		struct msobj_flow *fl = &p->flow[i];
		unsigned int side = (fl->id - c->id * IDS_PER_CTX) & 1, k;

		if (fl->kind == MEDIASEC_KIND_RTCP)
			continue;
		for (k = 0; k < c->nterm; k++) {
			const struct mg_term *t = c->term[k];
			bool in = side == k;

			if (!t->ipstop_s ||
			    (t->ipstop_dir == MG_IPSTOP_IN && !in) ||
			    (t->ipstop_dir == MG_IPSTOP_OUT && in))
				continue;
			if (!fl->idle_timeout || t->ipstop_s < fl->idle_timeout)
				fl->idle_timeout = t->ipstop_s;
		}
	}
	return 0;
}

/*
 * Whether context @i of @p would be made, or given keys, from a sealed
 * key (a fingerprint, after a restart): never installed.
 */
static const struct mg_term *sealed_key(const struct mg_ctx *c,
					const struct mg_plan *p,
					unsigned int i)
{
	const struct mg_term *t = mg_term_of(c, p->ctx_owner[i]);

	if (t && (p->ctx[i].dir == MEDIASEC_DIR_RX ? t->sealed_peer :
						     t->sealed_own))
		return t;
	return NULL;
}

/*
 * Brings the kernel in line with the context's terminations: new
 * contexts and keys first (and new keys added by MKI to contexts that
 * stay), then the flows replaced, then contexts no longer used deleted
 * and replaced keys retired after the grace time.  On failure the old
 * flows are put back on the old contexts, which keep their old keys:
 * the kernel is as it was.
 */
int mg_apply(struct mg *g, struct mg_ctx *c, struct mg_fail *f)
{
	bool fresh[MG_PLAN_CTXS] = { 0 }, kept[MG_PLAN_CTXS] = { 0 };
	bool rekey[MG_PLAN_CTXS] = { 0 };
	struct mg_plan *p, *part, *added, *of, *set;
	const struct mg_term *st;
	const char *why = NULL;
	unsigned int i, nset;
	int ret = -ENOMEM;

	p = calloc(3, sizeof(*p));
	if (!p) {
		kernel_error(g, f, ret, "out of memory");
		return ret;
	}
	part = p + 1;
	added = p + 2;
	ret = mg_ctx_plan(c, p, f);
	if (ret)
		goto out;
	assign_ids(g, p, &c->plan, c->installed, fresh, kept, rekey);
	for (i = 0; i < p->nctx; i++) {
		if (!fresh[i] && !rekey[i])
			continue;
		st = sealed_key(c, p, i);
		if (st) {
			snprintf(g->errbuf, sizeof(g->errbuf),
				 "%s: its key is known to the kernel only since"
				 " the gateway restarted: give it again",
				 st->id);
			f->code = MG_ERR_INTERNAL;
			f->text = g->errbuf;
			ret = -EKEYREJECTED;
			goto out;
		}
	}

	/* 1. The new contexts and their keys; new keys of kept contexts. */
	for (i = 0; i < p->nctx; i++) {
		unsigned int k;

		if (fresh[i])
			part->ctx[part->nctx++] = p->ctx[i];
		for (k = 0; k < p->nkey; k++) {
			if (p->key_ctx[k] != p->ctx[i].id ||
			    (!fresh[i] && (!rekey[i] ||
			     has_key(&c->plan, p->ctx[i].id, &p->key[k]))))
				continue;
			part->key[part->nkey] = p->key[k];
			part->key_ctx[part->nkey++] = p->key_ctx[k];
			if (fresh[i])
				continue;
			added->key[added->nkey] = p->key[k];
			added->key_ctx[added->nkey++] = p->key_ctx[k];
		}
	}
	ret = part->nctx || part->nkey ?
	      g->ops->install(g->arg, part, &why) : 0;
	if (ret) {
		kernel_error(g, f, ret, why);
		goto out;
	}
	/*
	 * 2. The flows that change: the old ones out, the new ones in.
	 * Those that stay as they are are not touched (no packet misses
	 * the data path while a key is added or the other side changes).
	 */
	of = calloc(2, sizeof(*of));
	if (!of) {
		ret = -ENOMEM;
		kernel_error(g, f, ret, "out of memory");
		goto undo_ctxs;
	}
	set = of + 1;
	memset(part, 0, sizeof(*part));
	for (i = 0; c->installed && i < c->plan.nflow; i++)
		if (!has_flow(p, &c->plan.flow[i]) &&
		    !(g->ops->flow_set && policy_only(p, &c->plan.flow[i])))
			of->flow[of->nflow++] = c->plan.flow[i];
	for (i = 0; i < p->nflow; i++) {
		if (c->installed && has_flow(&c->plan, &p->flow[i]))
			continue;
		if (c->installed && g->ops->flow_set &&
		    policy_only(&c->plan, &p->flow[i]))
			set->flow[set->nflow++] = p->flow[i];
		else
			part->flow[part->nflow++] = p->flow[i];
	}
	/* Policies changed in place first: nothing else is touched yet. */
	for (nset = 0; nset < set->nflow; nset++) {
		ret = g->ops->flow_set(g->arg, &set->flow[nset], &why);
		if (ret) {
			kernel_error(g, f, ret, why);
			unset_flows(g, &c->plan, set->flow, nset);
			free(of);
			goto undo_ctxs;
		}
	}
	if (of->nflow) {
		/* what they counted stays with the terminations */
		mg_stats_keep(g, c, of->flow, of->nflow, NULL);
		g->ops->remove(g->arg, of);
	}
	ret = part->nflow ? g->ops->install(g->arg, part, &why) : 0;
	if (ret) {
		kernel_error(g, f, ret, why);
		if (of->nflow)
			g->ops->install(g->arg, of, &why);	/* put back */
		unset_flows(g, &c->plan, set->flow, set->nflow);
		free(of);
		goto undo_ctxs;
	}
	free(of);
	/* 3. Contexts no longer used; keys replaced, after the grace. */
	memset(part, 0, sizeof(*part));
	for (i = 0; c->installed && i < c->plan.nctx; i++)
		if (!kept[i])
			part->ctx[part->nctx++] = c->plan.ctx[i];
	if (part->nctx)
		g->ops->remove(g->arg, part);
	for (i = 0; i < p->nctx; i++) {
		unsigned int k;

		for (k = 0; rekey[i] && k < c->plan.nkey; k++)
			if (c->plan.key_ctx[k] == p->ctx[i].id &&
			    has_key(p, p->ctx[i].id, &c->plan.key[k]) != 1)
				mg_retire_key(g, p->ctx[i].id,
					      c->plan.key[k].mki);
	}
	mg_plan_wipe(&c->plan);
	c->plan = *p;
	c->installed = p->nctx || p->nflow;
	mg_kid_index(g, c);
	ret = 0;
	goto out;

undo_ctxs:
	undo_added(g, added);
	memset(part, 0, sizeof(*part));
	for (i = 0; i < p->nctx; i++)
		if (fresh[i])
			part->ctx[part->nctx++] = p->ctx[i];
	g->ops->remove(g->arg, part);
out:
	mg_plan_wipe(p);
	mg_plan_wipe(part);
	mg_plan_wipe(added);
	free(p);
	return ret;
}

/*
 * Whether @t can join @c's terminations as far as planning tells (the
 * refusals mg_apply() would give before touching the kernel).
 */
int mg_plan_check(struct mg_ctx *c, const struct mg_term *t,
		  struct mg_fail *f)
{
	struct mg_plan *p = calloc(1, sizeof(*p));
	const char *why = NULL;
	int ret;

	if (!p) {
		f->code = MG_ERR_NO_RESOURCES;
		f->text = "out of memory";
		return -ENOMEM;
	}
	if (c->nterm) {
		ret = mg_msrp_check_pair(c->term[0], t, f);
		if (ret)
			goto out;
	}
	ret = c->nterm ? mg_plan(&c->term[0]->side, &t->side, 0, p, &why) :
			 mg_plan_one(&t->side, 0, p, &why);
	if (ret) {
		f->code = ret == -EOPNOTSUPP ? MG_ERR_UNSUPPORTED :
					      H248_ERR_SYNTAX_CMD;
		f->text = why;
	}
out:
	mg_plan_wipe(p);
	free(p);
	return ret;
}
