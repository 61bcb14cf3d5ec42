// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's kernel operations (struct mg_ops) over the mediasec
 * netlink family: a plan is installed whole or not at all (msobj
 * transaction log), and removed flows first, then contexts.
 */
#include <errno.h>
#include <stdio.h>

#include "kern.h"

_Static_assert(MSOBJ_TXN_MAX >= MG_PLAN_CTXS + MG_PLAN_KEYS + MG_PLAN_FLOWS,
	       "the undo log holds a whole plan");

static int k_install(void *arg, const struct mg_plan *p, const char **why)
{
	struct msnl *nl = arg;
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

static void k_remove(void *arg, const struct mg_plan *p)
{
	struct msnl *nl = arg;
	unsigned int i;

	for (i = 0; i < p->nflow; i++)
		if (msobj_flow_del(nl, p->flow[i].id))
			fprintf(stderr, "mediasecd: flow %u: %s\n",
				p->flow[i].id, nl->errmsg);
	for (i = 0; i < p->nctx; i++)
		if (msobj_ctx_del(nl, p->ctx[i].id))
			fprintf(stderr, "mediasecd: context %u: %s\n",
				p->ctx[i].id, nl->errmsg);
}

static int k_key_del(void *arg, uint32_t ctx, uint32_t mki)
{
	struct msnl *nl = arg;
	int ret = msobj_key_del(nl, ctx, mki);

	if (ret && ret != -ENOENT)	/* the context went first: fine */
		fprintf(stderr, "mediasecd: context %u key %u: %s\n", ctx,
			mki, nl->errmsg);
	return ret;
}

static int k_flow_stats(void *arg, uint32_t id, struct msobj_flow *f)
{
	return msobj_flow_get(arg, id, f);
}

static int k_ctx_stats(void *arg, uint32_t id, struct msobj_ctx_stats *s)
{
	return msobj_ctx_stats(arg, id, s);
}

const struct mg_ops mgd_kernel_ops = {
	.install = k_install,
	.remove = k_remove,
	.key_del = k_key_del,
	.flow_stats = k_flow_stats,
	.ctx_stats = k_ctx_stats,
};
