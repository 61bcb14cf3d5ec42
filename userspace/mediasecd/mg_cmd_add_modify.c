// SPDX-License-Identifier: GPL-2.0
/*
 * Add and Modify: an ephemeral termination made with a port of its realm,
 * or one changed in place.  Both end alike (the kernel brought in line,
 * the Local answered) and both leave everything as it was when they fail:
 * Add by freeing what it made, Modify by putting back a copy of the
 * termination taken before, keys included.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "mg_int.h"

#define REALM_PROP	"ipdc/realm"	/* H.248.41 IP domain connection */

/* @p names a realm of the configuration: 0 with *@realm, else -1. */
static int realm_named(struct mg *g, const struct h248_param *p,
		       unsigned int *realm)
{
	unsigned int r;

	for (r = 0; r < g->cfg->nrealm; r++)
		if (p->value && !strcmp(p->value, g->cfg->realm[r].name)) {
			*realm = r;
			return 0;
		}
	return -1;
}

/*
 * The realm @cmd asks for (ipdc/realm, H.248.41: in TerminationState as
 * TS 29.334 gives it, or in a stream's LocalControl) into *@realm (else
 * the first): 1 if it names one, 0 if not, -1 for a realm not configured.
 */
int mg_realm_asked(struct mg *g, const struct h248_cmd *cmd,
		   unsigned int *realm)
{
	unsigned int i, j;
	int named = 0;

	*realm = 0;
	for (i = 0; i < cmd->ntstate; i++)
		if (!strcasecmp(cmd->tstate[i].name, REALM_PROP)) {
			if (realm_named(g, &cmd->tstate[i], realm))
				return -1;
			named = 1;
		}
	for (i = 0; i < cmd->nstreams; i++)
		for (j = 0; j < cmd->streams[i].nprops; j++) {
			const struct h248_param *p = &cmd->streams[i].props[j];

			if (!strcasecmp(p->name, REALM_PROP)) {
				if (realm_named(g, p, realm))
					return -1;
				named = 1;
			}
		}
	return named;
}

/*
 * A Modify or Move that names a realm: the termination's own (its port,
 * address and id are the realm's: it does not change realm), else 449.
 */
int mg_realm_stays(struct mg *g, const struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_fail *f)
{
	unsigned int realm;
	int named = mg_realm_asked(g, cmd, &realm);

	if (!named || (named > 0 && realm == t->realm))
		return 0;
	f->code = MG_ERR_UNSUPPORTED;
	f->text = "a termination stays in its realm";
	return -EINVAL;
}

int mg_cmd_add(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
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
	if (!mg_room_for_one(c, f))
		return -ENOSPC;
	if (mg_realm_asked(g, cmd, &realm) < 0) {
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
	/* Latching only as the MGC asks: ipnapt/latch (mg_policy.c). */
	t->added_at = g->now;
	t->serial = g->next_term;
	snprintf(t->id, sizeof(t->id), "%s/%u", r->name, g->next_term++);
	if (RAND_bytes(t->salt, sizeof(t->salt)) != 1) {
		mg_free_term(g, t);
		f->code = MG_ERR_INTERNAL;
		f->text = "no random";
		return -EIO;
	}
	ret = mg_take_media(g, t, cmd, f);
	if (!ret) {
		c->term[c->nterm++] = t;
		t->ctx = c;
		ret = mg_apply(g, c, f);
		if (ret)
			c->nterm--;
	}
	if (ret) {
		mg_free_term(g, t);
		return ret;
	}
	mg_term_link(g, t);
	rep = mg_reply_cmd(o, cmd, mg_save_str(o, t->id));
	if (rep)
		mg_reply_local(g, o, rep, t);
	return 0;
}

int mg_cmd_modify(struct mg *g, struct mg_ctx *c,
		  const struct h248_cmd *cmd, struct mg_reply *o,
		  struct mg_fail *f)
{
	struct mg_term *t = mg_find_term(c, cmd->tid), *old;
	int ret;

	if (!t)
		return mg_fail_not_here(g, cmd->tid, f);
	if (mg_realm_stays(g, t, cmd, f))
		return -EINVAL;
	old = mg_save_term(t, f);
	if (!old)
		return -ENOMEM;
	ret = mg_take_media(g, t, cmd, f);
	if (!ret)
		ret = mg_apply(g, c, f);
	if (ret) {
		struct mg_counts kept = t->gone;

		*t = *old;		/* as it was, keys included */
		t->gone = kept;		/* not what flows gone counted */
	}
	mg_forget_term(old);
	if (!ret) {
		mg_schedule_promote(g, c, t);
		mg_reply_changed(g, o, cmd, t);
	}
	return ret;
}
