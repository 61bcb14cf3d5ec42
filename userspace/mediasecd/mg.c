// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts, terminations and the MGC's commands: see mg.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mg.h"
#include "sdp.h"
#include "state.h"

#define REALM_PROP	"ipdc/realm"	/* H.248.41 IP domain connection */
#define IDS_PER_CTX	MG_IDS_PER_CTX	/* kernel ids of a context's plan */

/* A failed command: the H.248 code and the text of its Error descriptor. */
struct mg_fail {
	unsigned int code;
	const char *text;
};

static const char *save(struct mg_reply *o, const char *s, size_t n)
{
	char *p;

	if (o->used + n + 1 > sizeof(o->text))
		return NULL;
	p = o->text + o->used;
	memcpy(p, s, n);
	p[n] = '\0';
	o->used += n + 1;
	return p;
}

static const char *save_str(struct mg_reply *o, const char *s)
{
	return save(o, s, strlen(s));
}

static unsigned int bucket(uint32_t id)
{
	return (id * 2654435761U) % MG_BUCKETS;
}

struct mg_ctx *mg_find_ctx(struct mg *g, uint32_t id)
{
	struct mg_ctx *c;

	for (c = g->ctx[bucket(id)]; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

static struct mg_ctx *new_ctx(struct mg *g)
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
	b = bucket(c->id);
	c->next = g->ctx[b];
	g->ctx[b] = c;
	g->nctx++;
	return c;
}

/*
 * Takes context @j and its keys out of @p; the others keep their order
 * (a plan's order is that of the planner).
 */
static void plan_drop_ctx(struct mg_plan *p, unsigned int j)
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

/* Takes @c's nodes out of the index. */
static void kid_unindex(struct mg *g, struct mg_ctx *c)
{
	struct mg_kid **pp;
	unsigned int i;

	for (i = 0; i < c->nkidn; i++)
		for (pp = &g->kid[bucket(c->kidn[i].kid)]; *pp;
		     pp = &(*pp)->next)
			if (*pp == &c->kidn[i]) {
				*pp = c->kidn[i].next;
				break;
			}
	c->nkidn = 0;
}

/* The index holds @c's plan's kernel contexts (after each change). */
static void kid_index(struct mg *g, struct mg_ctx *c)
{
	struct mg_kid *k;
	unsigned int i;

	kid_unindex(g, c);
	for (i = 0; i < c->plan.nctx; i++) {
		k = &c->kidn[i];
		k->kid = c->plan.ctx[i].id;
		k->ctx = c->id;
		k->next = g->kid[bucket(k->kid)];
		g->kid[bucket(k->kid)] = k;
	}
	c->nkidn = c->plan.nctx;
}

/* The context whose plan holds @kid, and its index there; or NULL. */
static struct mg_ctx *kid_ctx(struct mg *g, uint32_t kid, unsigned int *idx)
{
	struct mg_kid *k;
	struct mg_ctx *c;
	unsigned int i;

	for (k = g->kid[bucket(kid)]; k && k->kid != kid; k = k->next)
		;
	c = k ? mg_find_ctx(g, k->ctx) : NULL;
	for (i = 0; c && i < c->plan.nctx; i++)
		if (c->plan.ctx[i].id == kid) {
			*idx = i;
			return c;
		}
	return NULL;
}

/* @id's record is to be written (or removed) when the transaction ends. */
static void mark_dirty(struct mg *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < g->ndirty; i++)
		if (g->dirty[i] == id)
			return;
	if (g->ndirty < sizeof(g->dirty) / sizeof(g->dirty[0]))
		g->dirty[g->ndirty++] = id;
}

static void free_ctx(struct mg *g, struct mg_ctx *c)
{
	struct mg_ctx **pp = &g->ctx[bucket(c->id)];

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	kid_unindex(g, c);
	mg_plan_wipe(&c->plan);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
	g->nctx--;
}

static void term_link(struct mg *g, struct mg_term *t)
{
	unsigned int b = bucket(t->serial);

	t->hnext = g->term[b];
	g->term[b] = t;
}

static void term_unlink(struct mg *g, struct mg_term *t)
{
	struct mg_term **pp = &g->term[bucket(t->serial)];

	for (; *pp; pp = &(*pp)->hnext)
		if (*pp == t) {
			*pp = t->hnext;
			return;
		}
}

/* The termination of serial @serial, or NULL. */
static struct mg_term *term_by_serial(struct mg *g, uint32_t serial)
{
	struct mg_term *t;

	for (t = g->term[bucket(serial)]; t && t->serial != serial;
	     t = t->hnext)
		;
	return t;
}

static void free_term(struct mg *g, struct mg_term *t)
{
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
				free_term(g, c->term[j]);
			free_ctx(g, c);
		}
	for (i = 0; i < g->cfg->nrealm; i++)
		ms_pool_fini(&g->pool[i]);
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

/* Puts @r in the retire list, in order of due time. */
static void retire_insert(struct mg *g, struct mg_retire *r)
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
	int ret;

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
			retire_insert(g, r);
			continue;
		}
		free(r);
	}
	return g->retire ? g->retire->due : UINT64_MAX;
}

/* Keys of kernel context @ctx waiting to be deleted. */
static unsigned int retiring(const struct mg *g, uint32_t ctx)
{
	const struct mg_retire *r;
	unsigned int n = 0;

	for (r = g->retire; r; r = r->next)
		n += r->ctx == ctx && !r->promote;
	return n;
}

/* Whether @ctx's key @mki is waiting to be deleted. */
static bool retiring_mki(const struct mg *g, uint32_t ctx, uint32_t mki)
{
	const struct mg_retire *r;

	for (r = g->retire; r; r = r->next)
		if (r->ctx == ctx && r->mki == mki && !r->promote)
			return true;
	return false;
}

/* @ctx's key @mki goes after the grace time (at once if it cannot wait). */
static void retire_key(struct mg *g, uint32_t ctx, uint32_t mki)
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
	retire_insert(g, r);
}

/* The realm a new termination asks for (ipdc/realm), else the first. */
static int realm_of(struct mg *g, const struct h248_cmd *cmd,
		    unsigned int *realm)
{
	unsigned int i, j;

	*realm = 0;
	for (i = 0; i < cmd->nstreams; i++)
		for (j = 0; j < cmd->streams[i].nprops; j++) {
			const struct h248_param *p = &cmd->streams[i].props[j];
			unsigned int r;

			if (strcmp(p->name, REALM_PROP))
				continue;
			for (r = 0; r < g->cfg->nrealm; r++)
				if (p->value &&
				    !strcmp(p->value, g->cfg->realm[r].name))
					break;
			if (r == g->cfg->nrealm)
				return -1;
			*realm = r;
		}
	return 0;
}

#define OWN_FLAGS	(SDES_UNENCRYPTED_SRTP | SDES_UNENCRYPTED_SRTCP | \
			 SDES_UNAUTHENTICATED_SRTP)

static bool own_fits(const struct sdes_crypto *own,
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
static int new_own(struct mg *g, struct mg_term *t,
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
static int next_own(struct mg *g, struct mg_term *t)
{
	struct sdes_key *k = &t->own_next;
	const struct sdes_key *cur = &t->side.own.keys[0];

	if (!cur->mki_len)
		return new_own(g, t, &t->side.peer);
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
 * Whether @c is the key @t's remote protects with now: the same a=crypto,
 * or, sealed, one whose keys have the same fingerprints (under any tag:
 * the tag is not the key).
 */
static bool same_peer(const struct mg_term *t, const struct sdes_crypto *c)
{
	struct sdes_crypto x = *c;
	unsigned int k;
	bool same;

	for (k = 0; t->sealed_peer && k < x.nkeys; k++)
		if (mg_seal_key(t->salt, &x.keys[k])) {
			OPENSSL_cleanse(&x, sizeof(x));
			return false;
		}
	if (t->sealed_peer)
		x.tag = t->side.peer.tag;
	same = !memcmp(&t->side.peer, &x, sizeof(x));
	OPENSSL_cleanse(&x, sizeof(x));
	return same;
}

/*
 * The Remote descriptor's SDP into @t: address, port, RTP/AVP or
 * RTP/SAVP, the first a=crypto the engine supports, rtcp-mux.
 */
static int take_remote(struct mg *g, struct mg_term *t, const char *text,
		       struct mg_fail *f)
{
	struct msobj_ep was = t->side.remote;
	bool had = t->side.has_remote;
	const struct sdp_conn *conn;
	struct sdp_media *m;
	struct sdp_error err;
	struct sdp *s;
	unsigned int i;
	int ret = 0;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (sdp_parse(s, text, strlen(text), &err)) {
		f->code = H248_ERR_SYNTAX_CMD;
		f->text = err.msg;
		ret = -EINVAL;
		goto out;
	}
	m = &s->media[0];
	if (!s->nmedia || strcmp(m->type, "audio") ||
	    (m->proto != SDP_PROTO_RTP_AVP && m->proto != SDP_PROTO_RTP_SAVP)) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "one audio stream over RTP/AVP or RTP/SAVP";
		ret = -EOPNOTSUPP;
		goto out;
	}
	snprintf(t->fmts, sizeof(t->fmts), "%s", m->fmts);
	t->side.secure = m->proto == SDP_PROTO_RTP_SAVP;
	t->side.mux = m->rtcp_mux;
	conn = m->conn.present ? &m->conn : &s->conn;
	t->side.has_remote = false;
	if (conn->present && !conn->flags && !m->port_flags && m->port) {
		if ((conn->family == AF_INET ? 4 : 16) != t->side.local.alen) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "the remote's family is not the realm's";
			ret = -EOPNOTSUPP;
			goto out;
		}
		t->side.remote.alen = conn->family == AF_INET ? 4 : 16;
		inet_pton(conn->family, conn->addr, t->side.remote.addr);
		t->side.remote.port = m->port;
		t->side.has_remote = true;
	}
	if (!t->side.secure) {
		t->side.has_peer = t->side.has_own = false;
		t->sealed_peer = false;
		t->sealed_own = false;
		goto out;
	}
	for (i = 0; i < m->ncrypto && m->crypto[i].unsupported; i++)
		;
	if (m->ncrypto && i == m->ncrypto) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "no a=crypto suite or parameter the gateway supports";
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (i == m->ncrypto) {
		t->side.has_peer = t->side.has_own = false;	/* e2e */
		t->sealed_peer = false;
		t->sealed_own = false;
		goto out;
	}
	/*
	 * The same key as before: ours stays too (and the contexts).  A key
	 * sealed since a restart is compared by its fingerprint.
	 */
	if (t->side.has_peer && t->side.has_own &&
	    same_peer(t, &m->crypto[i])) {
		t->side.peer.tag = m->crypto[i].tag;
		t->side.own.tag = m->crypto[i].tag;
		t->tag = m->crypto[i].tag;
		goto out;
	}
	t->side.peer = m->crypto[i];
	t->side.has_peer = true;
	t->sealed_peer = false;
	t->tag = m->crypto[i].tag;
	/*
	 * The remote's new key leaves ours as it was if it still fits (the
	 * remote keeps decrypting what we send): same suite, parameters and
	 * MKI length, and the same remote - a new party (a transfer) never
	 * gets the key of what we sent to the one before.
	 */
	if (t->side.has_own && own_fits(&t->side.own, &m->crypto[i]) &&
	    had && t->side.has_remote && !memcmp(&was, &t->side.remote,
						  sizeof(was))) {
		t->side.own.tag = m->crypto[i].tag;
		goto out;
	}
	if (new_own(g, t, &m->crypto[i])) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		ret = -EIO;
	}
out:
	sdp_free(s);
	free(s);
	return ret;
}

/* The Local descriptor the gateway answers with. */
static const char *local_sdp(struct mg *g, const struct mg_term *t,
			     struct mg_reply *o)
{
	const struct mgd_realm *r = &g->cfg->realm[t->realm];
	struct sdp_media *m;
	const char *ret = NULL;
	struct sdp *s;
	char *buf;
	int n;

	s = calloc(1, sizeof(*s));
	buf = malloc(4096);
	if (!s || !buf)
		goto out;
	s->conn.present = true;
	s->conn.family = r->alen == 4 ? AF_INET : AF_INET6;
	inet_ntop(s->conn.family, r->addr, s->conn.addr, sizeof(s->conn.addr));
	s->nmedia = 1;
	m = &s->media[0];
	strcpy(m->type, "audio");
	m->port = t->side.local.port;
	m->proto = t->side.secure ? SDP_PROTO_RTP_SAVP : SDP_PROTO_RTP_AVP;
	strcpy(m->proto_text, t->side.secure ? "RTP/SAVP" : "RTP/AVP");
	snprintf(m->fmts, sizeof(m->fmts), "%s", t->fmts[0] ? t->fmts : "0");
	m->rtcp_mux = t->side.mux;
	if (t->side.has_own && !t->sealed_own) {	/* no fingerprint */
		m->ncrypto = 1;
		m->crypto[0] = t->side.own;
		if (t->has_own_next) {		/* announced: both, by MKI */
			m->crypto[0].keys[1] = t->own_next;
			m->crypto[0].nkeys = 2;
		}
	}
	n = sdp_encode(s, buf, 4096);
	if (n > 0)
		ret = save(o, buf, (size_t)n);
	OPENSSL_cleanse(buf, 4096);
out:
	if (s)
		sdp_free(s);
	free(s);
	free(buf);
	return ret;
}

/* @c's termination of serial @serial, or NULL. */
static struct mg_term *term_of(const struct mg_ctx *c, uint32_t serial)
{
	unsigned int i;

	for (i = 0; i < c->nterm; i++)
		if (c->term[i]->serial == serial)
			return c->term[i];
	return NULL;
}

static struct mg_term *find_term(struct mg_ctx *c, const char *tid)
{
	unsigned int i;

	for (i = 0; i < c->nterm; i++)
		if (!strcmp(c->term[i]->id, tid))
			return c->term[i];
	return NULL;
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
			if (retiring_mki(g, old->ctx[j].id, p->key[k].mki))
				return false;
			n++;
			break;
		}
	}
	return n + retiring(g, old->ctx[j].id) <= MEDIASEC_MAX_KEYS;
}

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
	for (i = 0; i < p->nctx; i++)
		p->ctx[i].id = to[i];
	for (i = 0; i < p->nkey; i++)
		p->key_ctx[i] = map_id(from, to, p->nctx, p->key_ctx[i]);
	for (i = 0; i < p->nflow; i++) {
		p->flow[i].rx_ctx = map_id(from, to, p->nctx, p->flow[i].rx_ctx);
		p->flow[i].tx_ctx = map_id(from, to, p->nctx, p->flow[i].tx_ctx);
	}
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

/* Deletes the keys that step 1 of apply() added to kept contexts. */
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
static int plan_ctx(const struct mg_ctx *c, struct mg_plan *p,
		    struct mg_fail *f)
{
	const char *why = NULL;
	unsigned int i;
	int ret;

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
	/* Inactivity detection on the flows into a termination that asks. */
	for (i = 0; i < p->nflow; i++) {
		struct msobj_flow *fl = &p->flow[i];

		if (fl->kind != MEDIASEC_KIND_RTCP)
			fl->idle_timeout =
				c->term[(fl->id - c->id * IDS_PER_CTX) & 1]->ipstop_s;
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
	const struct mg_term *t = term_of(c, p->ctx_owner[i]);

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
static int apply(struct mg *g, struct mg_ctx *c, struct mg_fail *f)
{
	bool fresh[MG_PLAN_CTXS] = { 0 }, kept[MG_PLAN_CTXS] = { 0 };
	bool rekey[MG_PLAN_CTXS] = { 0 };
	struct mg_plan *p, *part, *added, *of;
	const struct mg_term *st;
	const char *why = NULL;
	unsigned int i;
	int ret = -ENOMEM;

	p = calloc(3, sizeof(*p));
	if (!p) {
		kernel_error(g, f, ret, "out of memory");
		return ret;
	}
	part = p + 1;
	added = p + 2;
	ret = plan_ctx(c, p, f);
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
	of = calloc(1, sizeof(*of));
	if (!of) {
		ret = -ENOMEM;
		kernel_error(g, f, ret, "out of memory");
		goto undo_ctxs;
	}
	memset(part, 0, sizeof(*part));
	for (i = 0; c->installed && i < c->plan.nflow; i++)
		if (!has_flow(p, &c->plan.flow[i]))
			of->flow[of->nflow++] = c->plan.flow[i];
	for (i = 0; i < p->nflow; i++)
		if (!c->installed || !has_flow(&c->plan, &p->flow[i]))
			part->flow[part->nflow++] = p->flow[i];
	if (of->nflow)
		g->ops->remove(g->arg, of);
	ret = part->nflow ? g->ops->install(g->arg, part, &why) : 0;
	if (ret) {
		kernel_error(g, f, ret, why);
		if (of->nflow)
			g->ops->install(g->arg, of, &why);	/* put back */
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
				retire_key(g, p->ctx[i].id, c->plan.key[k].mki);
	}
	mg_plan_wipe(&c->plan);
	c->plan = *p;
	c->installed = p->nctx || p->nflow;
	kid_index(g, c);
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

#define IPSTOP_EVENT	"adid/ipstop"	/* H.248.40 IP flow stop detection */
#define IPSTOP_DEFAULT	30		/* seconds, without "dt" or config */
#define AF_EVENT	"srtp/af"	/* SRTP authentication failures */
#define KEXP_EVENT	"srtp/kexp"	/* SRTP master key expiry */

/* Parameter @name of @ev, 1 .. @max, into *@v; 0, or -EINVAL if bad. */
static int event_param(const struct h248_event *ev, const char *name,
		       unsigned long max, uint32_t *v)
{
	unsigned int j;

	for (j = 0; j < ev->nparams; j++) {
		const struct h248_param *pa = &ev->params[j];
		unsigned long x;
		char *end;

		if (strcasecmp(pa->name, name))
			continue;
		if (!pa->value || pa->op != '=')
			return -EINVAL;
		x = strtoul(pa->value, &end, 10);
		if (*end || !x || x > max)
			return -EINVAL;
		*v = (uint32_t)x;
	}
	return 0;
}

/*
 * The Events descriptor of @cmd on @t: what it asks replaces what was
 * asked (an empty one asks nothing).  The gateway detects two events:
 * adid/ipstop with "dt" (seconds without media from the termination's
 * remote; the configured inactivity time when absent; "dir" is accepted,
 * both ways alike) and srtp/af with "th" (SRTP authentication failures
 * on packets from the remote, reported each time that many more were
 * refused; the configured auth-fail-threshold when absent).
 */
static int take_events(struct mg *g, struct mg_term *t,
		       const struct h248_cmd *cmd, struct mg_fail *f)
{
	uint32_t secs = 0, th = 0;
	bool kexp = false;
	unsigned int i;

	if (!(cmd->present & H248_D_EVENTS))
		return 0;
	for (i = 0; i < cmd->nevents; i++) {
		const struct h248_event *ev = &cmd->events[i];

		if (!strcasecmp(ev->name, IPSTOP_EVENT)) {
			secs = g->cfg->inactivity ? g->cfg->inactivity :
						    IPSTOP_DEFAULT;
			if (event_param(ev, "dt", 86400, &secs)) {
				f->code = MG_ERR_UNSUPPORTED;
				f->text = "dt is 1 .. 86400 seconds";
				return -EINVAL;
			}
		} else if (!strcasecmp(ev->name, KEXP_EVENT) && !ev->nparams) {
			kexp = true;
		} else if (!strcasecmp(ev->name, AF_EVENT)) {
			th = g->cfg->auth_fail_threshold;
			if (event_param(ev, "th", 1000000, &th)) {
				f->code = MG_ERR_UNSUPPORTED;
				f->text = "th is 1 .. 1000000 packets";
				return -EINVAL;
			}
		} else {
			f->code = strncasecmp(ev->name, "adid/", 5) &&
				  strncasecmp(ev->name, "srtp/", 5) ?
				  MG_ERR_UNKNOWN_PKG : MG_ERR_UNKNOWN_EVENT;
			f->text = "the gateway detects adid/ipstop, srtp/af "
				  "and srtp/kexp";
			return -EOPNOTSUPP;
		}
	}
	t->ev_rid = cmd->events_rid;
	t->ipstop_s = secs;
	t->af_th = th;
	t->af_count = 0;
	t->kexp = kexp;
	return 0;
}

/* Media and Events descriptor changes of @cmd on @t: mode and Remote. */
static int take_media(struct mg *g, struct mg_term *t,
		      const struct h248_cmd *cmd, struct mg_fail *f)
{
	unsigned int i;
	int ret;

	ret = take_events(g, t, cmd, f);
	if (ret)
		return ret;

	for (i = 0; i < cmd->nstreams; i++) {
		const struct h248_stream *st = &cmd->streams[i];

		if (st->id != 1) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "one stream per termination";
			return -EOPNOTSUPP;
		}
		if (st->mode != H248_MODE_UNSET) {
			if (st->mode == H248_MODE_LOOPBACK) {
				f->code = MG_ERR_UNSUPPORTED;
				f->text = "loopback mode";
				return -EOPNOTSUPP;
			}
			t->mode = st->mode;
			t->side.no_recv = st->mode == H248_MODE_SEND_ONLY ||
					  st->mode == H248_MODE_INACTIVE;
			t->side.no_send = st->mode == H248_MODE_RECV_ONLY ||
					  st->mode == H248_MODE_INACTIVE;
		}
		if (st->remote) {
			ret = take_remote(g, t, st->remote, f);
			if (ret)
				return ret;
		}
	}
	/*
	 * Our key answers in the Local descriptor of the reply: one sealed
	 * since a restart cannot be told, so the remote gets a new one.
	 */
	if (cmd->nstreams && t->side.has_own && t->sealed_own &&
	    new_own(g, t, &t->side.peer)) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		return -EIO;
	}
	/* Our key near its lifetime: the next one is announced now. */
	if (cmd->nstreams && t->side.has_own && t->own_expiring &&
	    !t->has_own_next && next_own(g, t)) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		return -EIO;
	}
	return 0;
}

static struct h248_cmd *reply_cmd(struct mg_reply *o,
				  const struct h248_cmd *req, const char *tid)
{
	struct h248_cmd *r;

	if (o->ncmds == H248_MAX_CMDS)
		return NULL;
	r = &o->cmds[o->ncmds++];
	memset(r, 0, sizeof(*r));
	r->kind = req->kind;
	r->tid = tid;
	return r;
}

static void reply_local(struct mg *g, struct mg_reply *o, struct h248_cmd *r,
			const struct mg_term *t)
{
	struct h248_stream *st;

	if (o->nstreams == H248_MAX_STREAMS)
		return;
	st = &o->streams[o->nstreams++];
	memset(st, 0, sizeof(*st));
	st->id = 1;
	st->local = local_sdp(g, t, o);
	r->streams = st;
	r->nstreams = 1;
	r->present |= H248_D_MEDIA;
}

/* Whether @c can take one more termination; else *@f says why (434). */
static bool room_for_one(const struct mg_ctx *c, struct mg_fail *f)
{
	if (c->nterm < 2)
		return true;
	f->code = MG_ERR_TOO_MANY_TERMS;
	f->text = "a context holds two terminations";
	return false;
}

/*
 * A copy of @t to put back if the command fails, or NULL (*@f says why).
 * It holds keys: forget_term() it.
 */
static struct mg_term *save_term(const struct mg_term *t, struct mg_fail *f)
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

static void forget_term(struct mg_term *old)
{
	OPENSSL_cleanse(old, sizeof(*old));
	free(old);
}

/* The reply to a Modify or Move of @t: its Local when Media was given. */
static void reply_changed(struct mg *g, struct mg_reply *o,
			  const struct h248_cmd *cmd, const struct mg_term *t)
{
	struct h248_cmd *rep = reply_cmd(o, cmd, save_str(o, t->id));

	if (rep && (cmd->present & H248_D_MEDIA))
		reply_local(g, o, rep, t);
}

static int cmd_add(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct mg_fail *f)
{
	const struct mgd_realm *r;
	struct h248_cmd *rep;
	struct mg_term *t;
	unsigned int realm;
	uint16_t port;
	int ret;

	if (strcmp(cmd->tid, "$")) {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "only ephemeral terminations ($) can be added";
		return -ENOENT;
	}
	if (!room_for_one(c, f))
		return -ENOSPC;
	if (realm_of(g, cmd, &realm)) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "unknown realm";
		return -EINVAL;
	}
	if (ms_pool_alloc(&g->pool[realm], &port)) {
		f->code = MG_ERR_NO_RESOURCES;
		f->text = "no free port in the realm";
		return -ENOSPC;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		ms_pool_free(&g->pool[realm], port);
		f->code = MG_ERR_NO_RESOURCES;
		f->text = "out of memory";
		return -ENOMEM;
	}
	r = &g->cfg->realm[realm];
	t->realm = realm;
	t->mode = H248_MODE_SEND_RECV;
	t->side.local.alen = r->alen;
	memcpy(t->side.local.addr, r->addr, r->alen);
	t->side.local.port = port;
	t->side.latch = !strcmp(r->name, "access");
	t->serial = g->next_term;
	snprintf(t->id, sizeof(t->id), "%s/%u", r->name, g->next_term++);
	if (RAND_bytes(t->salt, sizeof(t->salt)) != 1) {
		free_term(g, t);
		f->code = MG_ERR_INTERNAL;
		f->text = "no random";
		return -EIO;
	}
	ret = take_media(g, t, cmd, f);
	if (!ret) {
		c->term[c->nterm++] = t;
		t->ctx = c;
		ret = apply(g, c, f);
		if (ret)
			c->nterm--;
	}
	if (ret) {
		free_term(g, t);
		return ret;
	}
	term_link(g, t);
	rep = reply_cmd(o, cmd, save_str(o, t->id));
	if (rep)
		reply_local(g, o, rep, t);
	return 0;
}

/*
 * @t's next key, just announced in a reply, protects a grace time later
 * (the remote has it by then): by then, its context takes it by MKI.
 */
static void schedule_promote(struct mg *g, struct mg_ctx *c, struct mg_term *t)
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
	retire_insert(g, r);
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

	c = kid_ctx(g, r->ctx, &i);
	t = c ? term_of(c, c->plan.ctx_owner[i]) : NULL;
	if (!t || !t->has_own_next || t->own_next_due != r->due ||
	    t->own_next.mki != r->mki)
		return;		/* replaced or gone since */
	old = save_term(t, &f);
	if (!old)
		return;
	t->side.own.keys[0] = t->own_next;
	OPENSSL_cleanse(&t->own_next, sizeof(t->own_next));
	t->has_own_next = false;
	t->own_next_due = 0;
	if (apply(g, c, &f)) {
		fprintf(stderr, "mediasecd: %s: its next key: %s\n", t->id,
			f.text ? f.text : "refused");
		*t = *old;
		t->own_next_due = 0;
	}
	forget_term(old);
	if (g->ops->save)
		g->ops->save(g->arg, g, c);
}

static int cmd_modify(struct mg *g, struct mg_ctx *c,
		      const struct h248_cmd *cmd, struct mg_reply *o,
		      struct mg_fail *f)
{
	struct mg_term *t = find_term(c, cmd->tid), *old;
	int ret;

	if (!t) {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "no such termination in the context";
		return -ENOENT;
	}
	old = save_term(t, f);
	if (!old)
		return -ENOMEM;
	ret = take_media(g, t, cmd, f);
	if (!ret)
		ret = apply(g, c, f);
	if (ret)
		*t = *old;		/* as it was, keys included */
	forget_term(old);
	if (!ret) {
		schedule_promote(g, c, t);
		reply_changed(g, o, cmd, t);
	}
	return ret;
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

int mg_flow_idle(struct mg *g, uint32_t flow, struct mg_notify *n)
{
	struct mg_ctx *c = mg_find_ctx(g, flow / IDS_PER_CTX);
	struct mg_term *t;
	unsigned int i;

	if (!c || c->nterm != 2)
		return 0;
	for (i = 0; i < c->plan.nflow && c->plan.flow[i].id != flow; i++)
		;
	if (i == c->plan.nflow || !c->plan.flow[i].idle_timeout)
		return 0;	/* not (or no longer) one of ours */
	t = c->term[(flow - c->id * IDS_PER_CTX) & 1];
	if (!t->ipstop_s)
		return 0;
	return tell(n, c, t, IPSTOP_EVENT);
}

int mg_auth_fail(struct mg *g, uint32_t kctx, uint64_t count,
		 struct mg_notify *n)
{
	struct mg_term *t = NULL;
	struct mg_ctx *c;
	unsigned int i;

	/* The termination whose remote's key the receiving context holds. */
	c = kid_ctx(g, kctx, &i);
	if (c && c->plan.ctx[i].dir == MEDIASEC_DIR_RX)
		t = term_of(c, c->plan.ctx_owner[i]);
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

	c = kid_ctx(g, kctx, &i);
	if (c) {
		t = term_of(c, c->plan.ctx_owner[i]);
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

/*
 * The context that holds termination @tid, and the termination: by the
 * serial its id ends with.
 */
static struct mg_ctx *find_term_ctx(struct mg *g, const char *tid,
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
	*t = term_by_serial(g, (uint32_t)serial);
	if (!*t || strcmp((*t)->id, tid)) {
		*t = NULL;
		return NULL;
	}
	return (*t)->ctx;
}

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
		plan_drop_ctx(f, j);
		to->installed = true;
	}
	kid_index(g, from);
	kid_index(g, to);
}

/*
 * Whether @t can join @c's terminations as far as planning tells (the
 * refusals apply() would give before touching the kernel).
 */
static int plan_check(struct mg_ctx *c, const struct mg_term *t,
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
	ret = c->nterm ? mg_plan(&c->term[0]->side, &t->side, 0, p, &why) :
			 mg_plan_one(&t->side, 0, p, &why);
	if (ret) {
		f->code = ret == -EOPNOTSUPP ? MG_ERR_UNSUPPORTED :
					      H248_ERR_SYNTAX_CMD;
		f->text = why;
	}
	mg_plan_wipe(p);
	free(p);
	return ret;
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
 * Move (H.248.1 7.2.3): the termination leaves its context for this one,
 * with the command's descriptors applied.  Its SRTP contexts go along as
 * the same kernel objects (replay windows and rollover counters go on);
 * its old context's flows go, the new one's come.  A failure puts all
 * back as it was.
 */
static int cmd_move(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		    struct mg_reply *o, struct mg_fail *f)
{
	struct mg_term *t, *old = NULL;
	struct mg_ctx *from;
	unsigned int at;
	struct mg_fail f2 = { 0 };
	int ret;

	from = find_term_ctx(g, cmd->tid, &t);
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
	if (!room_for_one(c, f))
		return -ENOSPC;
	old = save_term(t, f);
	if (!old)
		return -ENOMEM;
	ret = take_media(g, t, cmd, f);
	if (!ret)
		ret = plan_check(c, t, f);	/* before anything is touched */
	if (ret)
		goto restore_term;
	mark_dirty(g, from->id);
	hand_over(g, t->serial, from, c);
	/* 1. Out of the old context: its flows go, the other side stays. */
	at = take_term(from, t);
	ret = apply(g, from, f);
	if (ret) {
		put_term(from, t, at);
		goto hand_back;
	}
	/* 2. Into this one. */
	put_term(c, t, c->nterm);
	ret = apply(g, c, f);
	if (ret) {
		take_term(c, t);
		*t = *old;
		put_term(from, t, at);
		hand_over(g, t->serial, c, from);
		if (apply(g, from, &f2))	/* its flows back */
			fprintf(stderr, "mediasecd: context %u: %s\n", from->id,
				f2.text ? f2.text : "not restored");
		goto out;
	}
	if (!from->nterm)
		free_ctx(g, from);
	goto out;

hand_back:
	hand_over(g, t->serial, c, from);
restore_term:
	*t = *old;
out:
	forget_term(old);
	if (!ret) {
		schedule_promote(g, c, t);
		reply_changed(g, o, cmd, t);
	}
	return ret;
}

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
	p->value = save_str(o, num);
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
	add_stat(o, r, "srtp/af", fail);
}

static void drop_term(struct mg *g, struct mg_ctx *c, struct mg_term *t)
{
	unsigned int i;

	for (i = 0; i < c->nterm && c->term[i] != t; i++)
		;
	c->term[i] = c->term[--c->nterm];
	free_term(g, t);
}

static int cmd_subtract(struct mg *g, struct mg_ctx *c,
			const struct h248_cmd *cmd, struct mg_reply *o,
			struct mg_fail *f)
{
	struct mg_term *t[2];
	unsigned int n = 0, i;
	struct h248_cmd *rep;

	if (!strcmp(cmd->tid, "*")) {
		for (i = 0; i < c->nterm; i++)
			t[n++] = c->term[i];
	} else if ((t[0] = find_term(c, cmd->tid))) {
		n = 1;
	}
	if (!n) {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "no such termination in the context";
		return -ENOENT;
	}
	for (i = 0; i < n; i++) {
		rep = reply_cmd(o, cmd, save_str(o, t[i]->id));
		if (rep && !(cmd->present & H248_D_AUDIT && !cmd->audit))
			term_stats(g, c, t[i], o, rep);
	}
	for (i = 0; i < n; i++)
		drop_term(g, c, t[i]);
	/*
	 * The one left keeps its SRTP contexts (apply() drops the flows and
	 * the others' contexts).  With none left everything goes; with no
	 * memory to plan, the flows and the contexts of those subtracted go,
	 * and the one left keeps its own (never made again under its keys).
	 * Removing cannot fail.
	 */
	if (c->nterm && !apply(g, c, f))
		return 0;
	if (c->nterm) {
		struct mg_plan gone = { 0 };	/* no keys: nothing to wipe */

		memcpy(gone.flow, c->plan.flow, sizeof(gone.flow));
		gone.nflow = c->plan.nflow;
		c->plan.nflow = 0;
		for (i = 0; i < c->plan.nctx; )
			if (c->plan.ctx_owner[i] != c->term[0]->serial) {
				gone.ctx[gone.nctx++] = c->plan.ctx[i];
				plan_drop_ctx(&c->plan, i);
			} else {
				i++;
			}
		kid_index(g, c);
		g->ops->remove(g->arg, &gone);
		return 0;
	}
	if (c->installed)
		g->ops->remove(g->arg, &c->plan);
	c->installed = false;
	mg_plan_wipe(&c->plan);
	memset(&c->plan, 0, sizeof(c->plan));
	kid_index(g, c);
	return 0;
}

static int cmd_audit(struct mg *g, struct mg_ctx *c,
		     const struct h248_cmd *cmd, struct mg_reply *o,
		     struct mg_fail *f)
{
	struct mg_term *t = find_term(c, cmd->tid);
	struct h248_cmd *rep;

	if (!t) {
		f->code = MG_ERR_UNKNOWN_TERM;
		f->text = "no such termination in the context";
		return -ENOENT;
	}
	rep = reply_cmd(o, cmd, save_str(o, t->id));
	if (rep) {
		reply_local(g, o, rep, t);
		term_stats(g, c, t, o, rep);
	}
	return 0;
}

static int command(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct mg_fail *f)
{
	switch (cmd->kind) {
	case H248_CMD_ADD:
		return cmd_add(g, c, cmd, o, f);
	case H248_CMD_MODIFY:
		return cmd_modify(g, c, cmd, o, f);
	case H248_CMD_SUBTRACT:
		return cmd_subtract(g, c, cmd, o, f);
	case H248_CMD_MOVE:
		return cmd_move(g, c, cmd, o, f);
	case H248_CMD_AUDIT_VALUE:
		return cmd_audit(g, c, cmd, o, f);
	default:
		f->code = MG_ERR_NOT_IMPL;
		f->text = "command not implemented";
		return -EOPNOTSUPP;
	}
}

/* One action; false when a command failed (the transaction stops). */
static bool action(struct mg *g, const struct h248_action *a,
		   struct mg_reply *o)
{
	struct h248_action *ra = &o->actions[o->nactions++];
	struct mg_fail f = { 0 };
	struct mg_ctx *c = NULL;
	unsigned int i;

	memset(ra, 0, sizeof(*ra));
	ra->ctx = a->ctx;
	if (a->ctx == H248_CTX_CHOOSE) {
		c = new_ctx(g);
		if (!c) {
			f.code = MG_ERR_NO_RESOURCES;
			f.text = "out of memory";
		}
	} else if (a->ctx != H248_CTX_NULL && a->ctx != H248_CTX_ALL) {
		c = mg_find_ctx(g, a->ctx);
		if (!c) {
			f.code = MG_ERR_UNKNOWN_CTX;
			f.text = "unknown context";
		}
	} else {
		f.code = MG_ERR_NOT_IMPL;
		f.text = "null and all contexts are not handled";
	}
	if (!c) {
		ra->has_error = true;
		ra->error.code = f.code;
		ra->error.text = f.text;
		return false;
	}
	ra->ctx = c->id;
	ra->cmds = &o->cmds[o->ncmds];
	for (i = 0; i < a->ncmds; i++)
		if (a->cmds[i].kind != H248_CMD_AUDIT_VALUE)
			mark_dirty(g, c->id);
	for (i = 0; i < a->ncmds; i++) {
		unsigned int before = o->ncmds;

		if (g->progress)
			g->progress(g->progress_arg);
		if (!command(g, c, &a->cmds[i], o, &f))
			continue;
		if (a->cmds[i].optional)
			continue;	/* O-: its failure does not stop us */
		/* The failed command's reply: its Error descriptor. */
		if (o->ncmds == before && o->ncmds < H248_MAX_CMDS) {
			struct h248_cmd *r = reply_cmd(o, &a->cmds[i],
						       a->cmds[i].tid);

			r->present = H248_D_ERROR;
			r->error.code = f.code;
			/* @f.text may be the kernel's message: copy it. */
			r->error.text = f.text ? save_str(o, f.text) : NULL;
		}
		ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
		if (!c->nterm)
			free_ctx(g, c);		/* emptied, or never filled */
		return false;
	}
	ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
	if (!c->nterm) {
		/* Emptied (or never filled): the context is gone. */
		free_ctx(g, c);
	}
	return true;
}

void mg_execute(struct mg *g, const struct h248_trans *req,
		struct h248_trans *rep, struct mg_reply *out)
{
	unsigned int i;

	memset(rep, 0, sizeof(*rep));
	out->nactions = out->ncmds = out->nstreams = out->nparams = 0;
	out->used = 0;
	rep->kind = H248_TRANS_REPLY;
	rep->id = req->id;
	rep->actions = out->actions;
	for (i = 0; i < req->nactions && out->nactions < H248_MAX_ACTIONS;
	     i++) {
		if (!action(g, &req->actions[i], out))
			break;
	}
	rep->nactions = out->nactions;
}

void mg_flush(struct mg *g)
{
	unsigned int i;

	for (i = 0; i < g->ndirty; i++) {
		struct mg_ctx *c = mg_find_ctx(g, g->dirty[i]);

		if (c && g->ops->save)
			g->ops->save(g->arg, g, c);
		else if (!c && g->ops->forget)
			g->ops->forget(g->arg, g->dirty[i]);
	}
	g->ndirty = 0;
}

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
		if (strcmp(tid, st->id) || term_by_serial(g, st->serial) ||
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
		t->sealed_peer = t->side.has_peer;
		t->sealed_own = t->side.has_own;
		t->af_count = 0;
		t->ctx = c;
		t->hnext = NULL;
		c->term[c->nterm++] = t;
	}
	ret = plan_ctx(c, p, &f);
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
		p->ctx[i].id = to[i];
	}
	for (i = 0; i < p->nkey; i++)
		p->key_ctx[i] = map_id(from, to, p->nctx, p->key_ctx[i]);
	for (i = 0; i < p->nflow; i++) {
		p->flow[i].rx_ctx = map_id(from, to, p->nctx,
					   p->flow[i].rx_ctx);
		p->flow[i].tx_ctx = map_id(from, to, p->nctx,
					   p->flow[i].tx_ctx);
	}
	ret = check(arg, c->id, p);
	if (ret) {
		*why = "the kernel does not hold its flows and contexts";
		goto wipe;
	}
	/* Taken: linked in, its ids and serials not handed out again. */
	for (i = 0; i < c->nterm; i++)
		term_link(g, c->term[i]);
	c->plan = *p;
	c->installed = p->nctx || p->nflow;
	kid_index(g, c);
	c->next = g->ctx[bucket(c->id)];
	g->ctx[bucket(c->id)] = c;
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
		if (j == p->nctx || retiring_mki(g, s->retire[i].ctx,
						 s->retire[i].mki))
			continue;
		r = calloc(1, sizeof(*r));
		if (!r) {
			g->ops->key_del(g->arg, s->retire[i].ctx,
					s->retire[i].mki);
			continue;
		}
		*r = s->retire[i];
		retire_insert(g, r);
	}
	mg_plan_wipe(p);
	free(p);
	return 0;

wipe:
	mg_plan_wipe(p);
undo_terms:
	while (c->nterm)
		free_term(g, c->term[--c->nterm]);
out_free:
	free(p);
	if (c)
		OPENSSL_cleanse(c, sizeof(*c));
	free(c);
	return ret;
}
