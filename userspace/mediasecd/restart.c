// SPDX-License-Identifier: GPL-2.0
/*
 * The contexts of an earlier run taken back at start.  The kernel's flows
 * and SRTP contexts are read once and each record of the state directory is
 * matched against them (mg_adopt()); only once all records are read is what
 * the others left in the kernel deleted, so that a stale record never takes
 * what a good one names, and the kernel's objects that no record names are
 * left alone: they are somebody else's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "daemon.h"
#include "log.h"

static int kv_flow(const struct msobj_flow *f, void *arg)
{
	struct kview *v = arg;
	struct msobj_flow *n;

	if (v->nflow == v->flow_cap) {
		v->flow_cap = v->flow_cap ? 2 * v->flow_cap : 256;
		n = realloc(v->flow, v->flow_cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->flow = n;
	}
	v->flow[v->nflow++] = *f;
	return 0;
}

static int kv_ctx(uint32_t id, void *arg)
{
	struct kview *v = arg;
	uint32_t *n;

	if (v->nctx == v->ctx_cap) {
		v->ctx_cap = v->ctx_cap ? 2 * v->ctx_cap : 256;
		n = realloc(v->ctx, v->ctx_cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->ctx = n;
	}
	v->ctx[v->nctx++] = id;
	return 0;
}

/* Relays' ids: the context ids of MSRP sessions that run on. */
static int kv_relay(const struct msobj_relay *r, void *arg)
{
	struct kview *v = arg;
	uint32_t *n;

	if (v->nrelay == v->relay_cap) {
		v->relay_cap = v->relay_cap ? 2 * v->relay_cap : 64;
		n = realloc(v->relay, v->relay_cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->relay = n;
	}
	v->relay[v->nrelay++] = r->id;
	return 0;
}

static int cmp_flow(const void *a, const void *b)
{
	uint32_t x = ((const struct msobj_flow *)a)->id;
	uint32_t y = ((const struct msobj_flow *)b)->id;

	return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static long kv_find_flow(const struct kview *v, uint32_t id)
{
	struct msobj_flow key = { .id = id }, *f;

	f = v->nflow ? bsearch(&key, v->flow, v->nflow, sizeof(key),
			       cmp_flow) : NULL;
	return f ? f - v->flow : -1;
}

static long kv_find_ctx(const struct kview *v, uint32_t id)
{
	uint32_t *c = v->nctx ? bsearch(&id, v->ctx, v->nctx, sizeof(id),
					cmp_u32) : NULL;

	return c ? c - v->ctx : -1;
}

static bool same_ep(const struct msobj_ep *a, const struct msobj_ep *b)
{
	return a->alen == b->alen && a->port == b->port &&
	       !memcmp(a->addr, b->addr, a->alen);
}

/*
 * Whether @p's flow @w sends where a latching flow learnt to send: its
 * destination is the remote the reverse flow learnt, not the planned one.
 */
static bool latched(const struct mg_plan *p, const struct msobj_flow *w)
{
	unsigned int i;

	for (i = 0; i < p->nflow; i++)
		if (p->flow[i].reverse == w->id &&
		    (p->flow[i].flags & MEDIASEC_FLOW_F_LATCH))
			return true;
	return false;
}

/*
 * Whether the kernel holds context @ctx's plan @p as planned, nobody
 * else's: each SRTP context, each flow the same (id, action, kind, local
 * and out addresses, contexts, reverse; remotes may have been learnt,
 * and with them where the reverse flows send), no other flow under the
 * context's ids.  Claims them if so.
 */
static int kv_check(void *arg, uint32_t ctx, const struct mg_plan *p)
{
	struct kview *v = arg;
	long at[MG_PLAN_CTXS + MG_PLAN_FLOWS];
	uint32_t base = ctx * MG_IDS_PER_CTX;
	unsigned int i, k, n = 0;

	for (i = 0; i < p->nctx; i++) {
		at[n] = kv_find_ctx(v, p->ctx[i].id);
		if (at[n] < 0 || v->ctx_claimed[at[n]])
			return -ENOENT;
		n++;
	}
	for (i = 0; i < p->nflow; i++) {
		const struct msobj_flow *w = &p->flow[i], *f;
		long j = kv_find_flow(v, w->id);

		if (j < 0 || v->flow_claimed[j])
			return -ENOENT;
		f = &v->flow[j];
		if (f->action != w->action ||
		    (f->kind ? f->kind : MEDIASEC_KIND_RTP) !=
		    (w->kind ? w->kind : MEDIASEC_KIND_RTP) ||
		    !same_ep(&f->local, &w->local) ||
		    (!latched(p, w) && !same_ep(&f->out_dst, &w->out_dst)) ||
		    f->rx_ctx != w->rx_ctx || f->tx_ctx != w->tx_ctx ||
		    f->reverse != w->reverse)
			return -ESTALE;
	}
	/* No flow of its ids but those planned. */
	for (k = 0; k < MG_IDS_PER_CTX; k++) {
		for (i = 0; i < p->nflow && p->flow[i].id != base + k; i++)
			;
		if (i == p->nflow && kv_find_flow(v, base + k) >= 0)
			return -ESTALE;
	}
	for (i = 0; i < p->nctx; i++)
		v->ctx_claimed[at[i]] = true;
	for (i = 0; i < p->nflow; i++)
		v->flow_claimed[kv_find_flow(v, p->flow[i].id)] = true;
	return 0;
}

/* The kernel's flows and SRTP contexts into @v: 0, -EIO or -ENOMEM. */
int mgd_kv_load(struct daemon *d, struct kview *v)
{
	if (msobj_flow_dump(&d->nl, kv_flow, v) ||
	    msobj_ctx_dump_ids(&d->nl, kv_ctx, v) ||
	    msobj_relay_dump(&d->nl, kv_relay, v)) {
		mgd_log(LOG_ERR, "the kernel's flows, contexts and "
			"relays cannot be read");
		return -EIO;
	}
	qsort(v->flow, v->nflow, sizeof(*v->flow), cmp_flow);
	qsort(v->ctx, v->nctx, sizeof(*v->ctx), cmp_u32);
	v->flow_claimed = calloc(v->nflow + 1, sizeof(bool));
	v->ctx_claimed = calloc(v->nctx + 1, sizeof(bool));
	return v->flow_claimed && v->ctx_claimed ? 0 : -ENOMEM;
}

void mgd_kv_free(struct kview *v)
{
	free(v->flow);
	free(v->flow_claimed);
	free(v->ctx);
	free(v->ctx_claimed);
	free(v->relay);
}

/*
 * The kernel's flows and contexts stay, ours or not: their ids are not
 * handed out again (contexts without flows: a termination alone).
 */
void mgd_kv_skip_ids(struct mg *g, const struct kview *v)
{
	uint32_t c;
	size_t i;

	for (i = 0; i < v->nflow; i++) {
		c = v->flow[i].id / MG_IDS_PER_CTX + 1;
		if (c > g->next_ctx && c <= (1U << 29))
			g->next_ctx = c;
	}
	for (i = 0; i < v->nctx; i++)
		if (v->ctx[i] + 1 > g->next_kid && v->ctx[i] < 0x7fffffffU)
			g->next_kid = v->ctx[i] + 1;
	/* A relay's id is its context's: a new context never takes it. */
	for (i = 0; i < v->nrelay; i++)
		if (v->relay[i] + 1 > g->next_ctx && v->relay[i] < (1U << 29))
			g->next_ctx = v->relay[i] + 1;
}

/**
 * struct dropped - a record not taken back, cleared once all are read
 * @id: its context id
 * @nkctx: the kernel SRTP contexts it names
 * @kctx: them
 */
struct dropped {
	uint32_t id;
	unsigned int nkctx;
	uint32_t kctx[MG_PLAN_CTXS];
};

/* What is left in the kernel of record @r, not taken back by another. */
static void kv_clear(struct daemon *d, struct kview *v,
		     const struct dropped *r)
{
	uint32_t id;
	unsigned int i;
	long j;

	for (i = 0; i < MG_IDS_PER_CTX; i++) {
		id = r->id * MG_IDS_PER_CTX + i;
		j = kv_find_flow(v, id);
		if (j >= 0 && !v->flow_claimed[j] &&
		    !msobj_flow_del(&d->nl, id))
			v->flow_claimed[j] = true;	/* gone */
	}
	for (i = 0; i < r->nkctx; i++) {
		j = kv_find_ctx(v, r->kctx[i]);
		if (j >= 0 && !v->ctx_claimed[j] &&
		    !msobj_ctx_del(&d->nl, r->kctx[i]))
			v->ctx_claimed[j] = true;
	}
	/* An MSRP context's relay has its id: no one else's. */
	for (i = 0; i < v->nrelay; i++)
		if (v->relay[i] == r->id)
			msobj_relay_del(&d->nl, r->id);
}

/*
 * Reads record @name of the state directory into @s: 0, -EIO (it could
 * not be read: try again next time) or -EINVAL (not a good record).
 */
static int read_record(struct daemon *d, const char *name, struct mg_state *s,
		       const char **why)
{
	char *buf = malloc(MG_STATE_MAX);
	ssize_t n = -1;
	int fd, ret;

	*why = "cannot be read";
	if (!buf)
		return -EIO;
	fd = openat(d->kern.dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		n = read(fd, buf, MG_STATE_MAX);
		close(fd);
	}
	if (n == MG_STATE_MAX)
		*why = "too long";
	ret = n < 0 ? -EIO : n == MG_STATE_MAX ? -EINVAL :
	      mg_state_parse(buf, (size_t)n, s, why);
	OPENSSL_cleanse(buf, MG_STATE_MAX);
	free(buf);
	return ret;
}

/*
 * Takes back the contexts of the state directory's records that the
 * kernel still holds as recorded.  Once all are read, what is left in
 * the kernel of each other record is deleted, and the record too (a
 * record that could not be read, or memory that ran out, leaves both for
 * the next start).  Flows and contexts of the kernel that no record names
 * stay as they are (somebody else's).  @v: the kernel's, as read at
 * start (mgd_kv_load()).
 */
void mgd_adopt(struct daemon *d, struct kview *v)
{
	struct mg_state *s = calloc(1, sizeof(*s));
	unsigned int kept = 0, other = 0;
	struct dropped *drop = NULL, *nd;
	size_t i, ndrop = 0;
	struct dirent *e;
	const char *why;
	unsigned long id;
	char *end;
	DIR *dir;
	int fd, ret;

	fd = dup(d->kern.dirfd);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!s || !dir) {
		if (fd >= 0 && !dir)
			close(fd);
		mgd_log(LOG_ERR, "the state directory cannot be "
			"read: no context taken back");
		free(s);
		return;
	}
	d->mg.now = mgd_now_ms();
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "ctx-", 4))
			continue;
		id = strtoul(e->d_name + 4, &end, 10);
		if (*end || !id || id > (1U << 29)) {
			if (!strcmp(end, ".new"))	/* never renamed */
				unlinkat(d->kern.dirfd, e->d_name, 0);
			continue;
		}
		memset(s, 0, sizeof(*s));
		ret = read_record(d, e->d_name, s, &why);
		if (!ret && s->ctx != id) {
			ret = -EINVAL;
			why = "not the record of its name";
		}
		if (!ret)
			ret = mg_adopt(&d->mg, s, kv_check, v, &why);
		if (!ret) {
			d->adopted++;
			mgd_msrp_adopt(&d->msrp, &d->mg, (uint32_t)id,
				       d->mg.now);
			continue;
		}
		mgd_log(LOG_WARNING, "context %lu not taken back: %s",
			id, why);
		if (ret == -EIO || ret == -ENOMEM) {
			kept++;		/* the next start tries again */
			continue;
		}
		nd = realloc(drop, (ndrop + 1) * sizeof(*drop));
		if (!nd) {
			kept++;
			continue;
		}
		drop = nd;
		drop[ndrop].id = (uint32_t)id;
		drop[ndrop].nkctx = s->ctx == id ? s->nkctx : 0;
		memcpy(drop[ndrop].kctx, s->kctx, sizeof(s->kctx));
		ndrop++;
	}
	/* Only now: a stale record must not take what a good one names. */
	for (i = 0; i < ndrop; i++) {
		char name[32];

		kv_clear(d, v, &drop[i]);
		snprintf(name, sizeof(name), "ctx-%u", drop[i].id);
		unlinkat(d->kern.dirfd, name, 0);
	}
	for (i = 0; i < v->nflow; i++)
		other += !v->flow_claimed[i];
	mgd_log(LOG_NOTICE, "%u contexts taken back from the kernel, "
		"%zu records dropped, %u kept for the next start, %u flows "
		"not ours left as they are", d->adopted, ndrop, kept, other);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
	free(drop);
	closedir(dir);
}
