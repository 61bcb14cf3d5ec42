// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's kernel operations (struct mg_ops) over the mediasec
 * netlink family: a plan is installed whole or not at all (msobj
 * transaction log), and removed flows first, then contexts.  Each
 * context's record (state.h) is written to the state directory when a
 * transaction changed it, and removed when the context goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "kern.h"
#include "kms.h"
#include "metrics.h"
#include "state.h"
#include "log.h"

_Static_assert(MSOBJ_TXN_MAX >= MG_PLAN_CTXS + MG_PLAN_KEYS + MG_PLAN_FLOWS,
	       "the undo log holds a whole plan");

static int k_install(void *arg, const struct mg_plan *p, const char **why)
{
	struct msnl *nl = ((struct mgd_kern *)arg)->nl;
	struct msobj_txn t = { 0 };
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < p->nctx; i++)
		ret = msobj_txn_ctx_new(nl, &t, &p->ctx[i]);
	for (i = 0; !ret && i < p->nkey; i++)
		ret = msobj_txn_key_add(nl, &t, p->key_ctx[i], &p->key[i]);
	for (i = 0; !ret && i < p->nflow; i++)
		ret = msobj_txn_flow_new(nl, &t, &p->flow[i]);
	if (ret) {
		msobj_txn_abort(nl, &t);
		*why = nl->errmsg[0] ? nl->errmsg : "the kernel refused";
	}
	return ret;
}

/*
 * A flow deleted; what it counted up to then into the metrics' totals, so
 * that they never go down (metrics.h).  The delete answers with it
 * (NLM_F_ECHO, API version 2); an older module still loaded after an
 * upgrade does not, and its counters are read just before instead (a
 * failed read costs the totals, never the delete).
 */
static int k_flow_retire(struct mgd_kern *k, uint32_t id)
{
	struct msobj_flow f;
	bool got;
	int ret;

	if (k->del_echo) {
		ret = msobj_flow_del_last(k->nl, id, &f);
		got = !ret;
	} else {
		got = k->metrics && !msobj_flow_get(k->nl, id, &f);
		ret = msobj_flow_del(k->nl, id);
	}
	if (got && k->metrics)
		mgd_metrics_flow_add(&k->metrics->retired, &f);
	return ret;
}

/* As k_flow_retire(), for a context and its SRTP counters. */
static int k_ctx_retire(struct mgd_kern *k, uint32_t id)
{
	struct msobj_ctx_stats cs;
	bool got;
	int ret;

	if (k->del_echo) {
		ret = msobj_ctx_del_last(k->nl, id, &cs);
		got = !ret;
	} else {
		got = k->metrics && !msobj_ctx_stats(k->nl, id, &cs);
		ret = msobj_ctx_del(k->nl, id);
	}
	if (got && k->metrics)
		mgd_metrics_srtp_add(k->metrics->retired_srtp, &cs);
	return ret;
}

/* Removed flows first, then contexts. */
static void k_remove(void *arg, const struct mg_plan *p)
{
	struct mgd_kern *k = arg;
	unsigned int i;

	for (i = 0; i < p->nflow; i++)
		if (k_flow_retire(k, p->flow[i].id))
			mgd_log(LOG_ERR, "flow %u: %s",
				p->flow[i].id, k->nl->errmsg);
	for (i = 0; i < p->nctx; i++)
		if (k_ctx_retire(k, p->ctx[i].id))
			mgd_log(LOG_ERR, "context %u: %s",
				p->ctx[i].id, k->nl->errmsg);
}

static int k_flow_set(void *arg, const struct msobj_flow *f, const char **why)
{
	struct msnl *nl = ((struct mgd_kern *)arg)->nl;
	int ret = msobj_flow_set(nl, f);

	if (ret)
		*why = nl->errmsg[0] ? nl->errmsg : "the kernel refused";
	return ret;
}

static int k_key_del(void *arg, uint32_t ctx, uint32_t mki)
{
	struct msnl *nl = ((struct mgd_kern *)arg)->nl;
	int ret = msobj_key_del(nl, ctx, mki);

	if (ret && ret != -ENOENT)	/* the context went first: fine */
		mgd_log(LOG_ERR, "context %u key %u: %s", ctx,
			mki, nl->errmsg);
	return ret;
}

static int k_flow_stats(void *arg, uint32_t id, struct msobj_flow *f)
{
	return msobj_flow_get(((struct mgd_kern *)arg)->nl, id, f);
}

static int k_ctx_stats(void *arg, uint32_t id, struct msobj_ctx_stats *s)
{
	return msobj_ctx_stats(((struct mgd_kern *)arg)->nl, id, s);
}

/* Written whole, then renamed: a record is the old one or the new one. */
static void k_save(void *arg, const struct mg *g, const struct mg_ctx *c)
{
	struct mgd_kern *k = arg;
	char buf[MG_STATE_MAX], tmp[32], name[32];
	ssize_t w = -1;
	int n, fd;

	if (k->dirfd < 0)
		return;
	n = mg_state_encode(g, c, buf, sizeof(buf));
	snprintf(tmp, sizeof(tmp), "ctx-%u.new", c->id);
	snprintf(name, sizeof(name), "ctx-%u", c->id);
	fd = n < 0 ? -1 : openat(k->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC |
				 O_CLOEXEC, 0600);
	if (fd >= 0) {
		w = write(fd, buf, (size_t)n);
		if (close(fd))
			w = -1;
	}
	if (w != n || renameat(k->dirfd, tmp, k->dirfd, name)) {
		mgd_log(LOG_ERR, "context %u: its record is not "
			"written: a restart will not take it back", c->id);
		unlinkat(k->dirfd, tmp, 0);
		unlinkat(k->dirfd, name, 0);
	}
	OPENSSL_cleanse(buf, sizeof(buf));
}

static void k_forget(void *arg, uint32_t id)
{
	struct mgd_kern *k = arg;
	char name[32];

	if (k->dirfd < 0)
		return;
	snprintf(name, sizeof(name), "ctx-%u", id);
	unlinkat(k->dirfd, name, 0);
}

static int k_relay_stats(void *arg, uint32_t ctx, uint32_t serial,
			 uint64_t *in, uint64_t *out)
{
	return mgd_msrp_stats(((struct mgd_kern *)arg)->msrp, ctx, serial, in,
			      out);
}

static void k_msrp(void *arg, const struct mg *g, uint32_t id)
{
	mgd_msrp_sync(((struct mgd_kern *)arg)->msrp, g, id, g->now);
}

int mgd_kern_kms_resolve(void *arg, const uint8_t *ti, size_t len,
			 struct mikey_result *res, unsigned int *code,
			 const char **why)
{
	return mgd_kms_h248(((struct mgd_kern *)arg)->kms, ti, len,
			    (uint64_t)time(NULL), res, code, why);
}

int mgd_kern_kms_offer(void *arg, uint16_t suite, struct mikey_result *res,
		       unsigned int *code, const char **why)
{
	return mgd_kms_offer_h248(((struct mgd_kern *)arg)->kms, suite,
				  (uint64_t)time(NULL), res, code, why);
}

void mgd_kern_kms_settle(void *arg, bool taken)
{
	mgd_kms_settle(((struct mgd_kern *)arg)->kms, taken,
		       (uint64_t)time(NULL));
}

const struct mg_ops mgd_kernel_ops = {
	.install = k_install,
	.remove = k_remove,
	.key_del = k_key_del,
	.flow_set = k_flow_set,
	.flow_stats = k_flow_stats,
	.ctx_stats = k_ctx_stats,
	.save = k_save,
	.forget = k_forget,
	.relay_stats = k_relay_stats,
	.msrp = k_msrp,
};
