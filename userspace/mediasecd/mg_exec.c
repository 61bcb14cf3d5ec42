// SPDX-License-Identifier: GPL-2.0
/*
 * A request transaction executed action by action and command by command,
 * and its reply built in the caller's storage.  H.248.1 section 8.2.2 stops
 * a transaction at its first failed command (unless optional), and a
 * context left empty is gone: this file is where that holds for every
 * command, and where the contexts a transaction changed are noted so that
 * their records are written once the reply is out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mg_int.h"

const char *mg_save_text(struct mg_reply *o, const char *s, size_t n)
{
	char *p;

	if (o->used + n + 1 > sizeof(o->text)) {
		o->overflow = true;
		return NULL;
	}
	p = o->text + o->used;
	memcpy(p, s, n);
	p[n] = '\0';
	o->used += n + 1;
	return p;
}

const char *mg_save_str(struct mg_reply *o, const char *s)
{
	return mg_save_text(o, s, strlen(s));
}

/* @id's record is to be written (or removed) when the transaction ends. */
static void write_record(struct mg *g, uint32_t id)
{
	struct mg_ctx *c = mg_find_ctx(g, id);

	if (c && g->ops->save)
		g->ops->save(g->arg, g, c);
	else if (!c && g->ops->forget)
		g->ops->forget(g->arg, id);
	if (g->ops->msrp)
		g->ops->msrp(g->arg, g, id);
}

void mg_mark_dirty(struct mg *g, uint32_t id)
{
	uint32_t *more;
	unsigned int i;

	for (i = 0; i < g->ndirty; i++)
		if (g->dirty[i] == id)
			return;
	if (g->ndirty == g->dirty_cap) {
		more = reallocarray(g->dirty, g->dirty_cap * 2 + 64,
				    sizeof(*more));
		if (more) {
			g->dirty = more;
			g->dirty_cap = g->dirty_cap * 2 + 64;
		} else {
			/* no memory: the records so far written now */
			mg_flush(g);
			if (!g->dirty_cap) {
				write_record(g, id);	/* and this one */
				return;
			}
		}
	}
	g->dirty[g->ndirty++] = id;
}

struct h248_cmd *mg_reply_cmd(struct mg_reply *o,
			      const struct h248_cmd *req, const char *tid)
{
	struct h248_cmd *r;

	if (o->ncmds == H248_MAX_CMDS || !tid) {
		o->overflow = true;
		return NULL;
	}
	r = &o->cmds[o->ncmds++];
	memset(r, 0, sizeof(*r));
	r->kind = req->kind;
	r->tid = tid;
	return r;
}

void mg_reply_local(struct mg *g, struct mg_reply *o, struct h248_cmd *r,
		    const struct mg_term *t)
{
	struct h248_stream *st;

	if (o->nstreams == H248_MAX_STREAMS)
		return;
	st = &o->streams[o->nstreams++];
	memset(st, 0, sizeof(*st));
	st->id = 1;
	st->local = mg_local_sdp(g, t, o);
	r->streams = st;
	r->nstreams = 1;
	r->present |= H248_D_MEDIA;
}

/* The reply to a Modify or Move of @t: its Local when Media was given. */
void mg_reply_changed(struct mg *g, struct mg_reply *o,
		      const struct h248_cmd *cmd, const struct mg_term *t)
{
	struct h248_cmd *rep = mg_reply_cmd(o, cmd, mg_save_str(o, t->id));

	if (rep && (cmd->present & H248_D_MEDIA))
		mg_reply_local(g, o, rep, t);
}

static int run_command(struct mg *g, struct mg_ctx *c,
		       const struct h248_cmd *cmd, struct mg_reply *o,
		       struct mg_fail *f)
{
	if ((cmd->kind == H248_CMD_ADD || cmd->kind == H248_CMD_MODIFY ||
	     cmd->kind == H248_CMD_MOVE) && mg_check_profile(cmd, f))
		return -EOPNOTSUPP;
	switch (cmd->kind) {
	case H248_CMD_ADD:
		/*
		 * Out of service by the MGC's ServiceChange (mg_root.c): no
		 * call at all; Graceful: no new call, those up go on.
		 */
		if (g->root.out_of_service || (g->root.graceful && !c->nterm)) {
			f->code = MG_ERR_UNAVAILABLE;
			f->text = "out of service (the MGC's ServiceChange)";
			return -EAGAIN;
		}
		return mg_cmd_add(g, c, cmd, o, f);
	case H248_CMD_MODIFY:
		return mg_cmd_modify(g, c, cmd, o, f);
	case H248_CMD_SUBTRACT:
		return mg_cmd_subtract(g, c, cmd, o, f);
	case H248_CMD_MOVE:
		return mg_cmd_move(g, c, cmd, o, f);
	case H248_CMD_AUDIT_VALUE:
	case H248_CMD_AUDIT_CAP:
		return mg_cmd_audit(g, c, cmd, o, f);
	default:
		f->code = MG_ERR_NOT_IMPL;
		f->text = "command not implemented";
		return -EOPNOTSUPP;
	}
}

/*
 * A command, and what it did with a TRANSFER_INIT it resolved: taken if
 * it succeeded (the replay cache remembers it), else it may come again.
 */
static int command(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct mg_fail *f)
{
	int ret = run_command(g, c, cmd, o, f);

	if (g->ops->kms_settle)
		g->ops->kms_settle(g->arg, !ret);
	return ret;
}

/*
 * A command on a termination succeeded: its heartbeat timer (H.248.36)
 * starts again, with what the command asked.  The termination is the one
 * @cmd names (an Add of "$": the one it added, the context's last), found
 * apart from the reply, which may have run out of room.
 */
static void heartbeat_restart(struct mg *g, struct mg_ctx *c,
			      const struct h248_cmd *cmd)
{
	struct mg_term *t = NULL;

	if (strcmp(cmd->tid, "$"))
		t = mg_find_term(c, cmd->tid);
	else if (cmd->kind == H248_CMD_ADD && c->nterm)
		t = c->term[c->nterm - 1];
	if (t)
		mg_hb_arm(g, t);
}

/* The reply to a failed command @cmd: its Error descriptor. */
void mg_fail_reply(struct mg_reply *o, const struct h248_cmd *cmd,
		       const struct mg_fail *f)
{
	struct h248_cmd *r;

	r = mg_reply_cmd(o, cmd, cmd->tid);
	if (!r)
		return;
	r->present = H248_D_ERROR;
	r->error.code = f->code;
	/* @f->text may be the kernel's message: copy it. */
	r->error.text = f->text ? mg_save_str(o, f->text) : NULL;
}

/*
 * The commands of @a on context @c, their replies in @ra; false when one
 * failed (the transaction stops there).  @all: Context=*, where a
 * command runs only on the contexts that hold what it names.
 */
static bool run_cmds(struct mg *g, struct mg_ctx *c,
		     const struct h248_action *a, struct mg_reply *o,
		     struct h248_action *ra, bool all)
{
	struct mg_fail f = { 0 };
	unsigned int i;

	ra->ctx = c->id;
	ra->cmds = &o->cmds[o->ncmds];
	for (i = 0; i < a->ncmds; i++)
		if (a->cmds[i].kind != H248_CMD_AUDIT_VALUE &&
		    a->cmds[i].kind != H248_CMD_AUDIT_CAP)
			mg_mark_dirty(g, c->id);
	for (i = 0; i < a->ncmds; i++) {
		unsigned int before = o->ncmds;

		if (all && !mg_ctx_holds(c, a->cmds[i].tid))
			continue;
		if (g->progress)
			g->progress(g->progress_arg);
		if (!command(g, c, &a->cmds[i], o, &f)) {
			heartbeat_restart(g, c, &a->cmds[i]);
			continue;
		}
		if (a->cmds[i].optional)
			continue;	/* O-: its failure does not stop us */
		/* The failed command's reply: its Error descriptor. */
		if (o->ncmds == before)
			mg_fail_reply(o, &a->cmds[i], &f);
		ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
		if (!c->nterm) {
			/*
			 * Emptied, or never filled: gone.  A context CHOOSE
			 * made for this action never was: its id is not told
			 * (it may be given to the next one).
			 */
			if (a->ctx == H248_CTX_CHOOSE)
				ra->ctx = H248_CTX_CHOOSE;
			mg_free_ctx(g, c);
		}
		return false;
	}
	ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
	if (!c->nterm) {
		/* Emptied (or never filled): the context is gone. */
		mg_free_ctx(g, c);
	}
	return true;
}

/* Whether context @c holds a termination @tid names. */
bool mg_ctx_holds(const struct mg_ctx *c, const char *tid)
{
	unsigned int i;

	for (i = 0; i < c->nterm; i++)
		if (mg_tid_match(tid, c->term[i]->id))
			return true;
	return false;
}

/*
 * Context=* (H.248.1 6.1.1, "ALL"): the action's commands on every context
 * that holds what they name, each context's replies in an action of its
 * own.  What an MGC does with it after a restart of either side is audit
 * ("AuditValue=*") and clean up ("Subtract=*"); other commands are
 * refused (501).  A command written W- asks for a wildcarded response
 * (H.248.1 6.2.x): one reply for all, on Context=*.  A reply that does not
 * fit one message becomes 533 for the whole transaction (mg_execute()):
 * the MGC then asks again with W-.
 */
static bool all_action(struct mg *g, const struct h248_action *a,
		       struct mg_reply *o)
{
	struct h248_action *ra = &o->actions[o->nactions - 1];
	unsigned int i, n = 0, j, cmds0, params0, streams0, events0;
	bool wild = a->ncmds > 0, ok = true;
	struct mg_ctx *c;
	uint32_t *ids;
	size_t used0;

	for (i = 0; i < a->ncmds; i++) {
		if (a->cmds[i].kind != H248_CMD_AUDIT_VALUE &&
		    a->cmds[i].kind != H248_CMD_SUBTRACT) {
			ra->has_error = true;
			ra->error.code = MG_ERR_NOT_IMPL;
			ra->error.text = "on Context=*, AuditValue and Subtract";
			return false;
		}
		wild &= a->cmds[i].wildcard;
	}
	/* The ids first: the commands free contexts as they go. */
	ids = calloc(g->nctx + 1, sizeof(*ids));
	if (!ids) {
		ra->has_error = true;
		ra->error.code = MG_ERR_NO_RESOURCES;
		ra->error.text = "out of memory";
		return false;
	}
	for (i = 0; i < MG_BUCKETS; i++)
		for (c = g->ctx[i]; c; c = c->next)
			for (j = 0; j < a->ncmds; j++)
				if (mg_ctx_holds(c, a->cmds[j].tid)) {
					ids[n++] = c->id;
					break;
				}
	/*
	 * A Subtract told context by context that cannot fit: refused
	 * before anything goes (533), so that no call is cleared unreported;
	 * the MGC asks again with W-.
	 */
	for (i = 0; !wild && i < a->ncmds; i++)
		if (a->cmds[i].kind == H248_CMD_SUBTRACT &&
		    n > H248_MAX_ACTIONS - o->nactions) {
			free(ids);
			ra->has_error = true;
			ra->error.code = MG_ERR_TOO_LARGE;
			ra->error.text = "too many contexts to tell one by one: "
					 "ask with W-Subtract";
			return false;
		}
	o->nactions--;		/* the actions of the contexts instead */
	for (i = 0; i < n && ok; i++) {
		c = mg_find_ctx(g, ids[i]);
		if (!c)
			continue;
		cmds0 = o->ncmds;
		params0 = o->nparams;
		streams0 = o->nstreams;
		events0 = o->nevents;
		used0 = o->used;
		if (o->nactions == H248_MAX_ACTIONS)
			o->overflow = true;
		ra = &o->actions[o->nactions < H248_MAX_ACTIONS ?
				 o->nactions++ : H248_MAX_ACTIONS - 1];
		memset(ra, 0, sizeof(*ra));
		ok = run_cmds(g, c, a, o, ra, true);
		if (wild && ok) {
			/* Not told one by one: forget what was written. */
			o->nactions--;
			o->ncmds = cmds0;
			o->nparams = params0;
			o->nstreams = streams0;
			o->nevents = events0;
			o->used = used0;
		}
	}
	free(ids);
	if (ok && (wild || !n)) {
		/* One reply for all, or none matched: Context=* says so. */
		ra = &o->actions[o->nactions++];
		memset(ra, 0, sizeof(*ra));
		ra->ctx = H248_CTX_ALL;
		ra->cmds = &o->cmds[o->ncmds];
		for (i = 0; i < a->ncmds; i++)
			mg_reply_cmd(o, &a->cmds[i], a->cmds[i].tid);
		ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
		for (i = 0; i < ra->ncmds; i++)
			ra->cmds[i].wildcard = a->cmds[i].wildcard;
	}
	return ok;
}

/* One action; false when a command failed (the transaction stops). */
static bool action(struct mg *g, const struct h248_action *a,
		   struct mg_reply *o)
{
	struct h248_action *ra = &o->actions[o->nactions++];
	struct mg_ctx *c = NULL;

	memset(ra, 0, sizeof(*ra));
	ra->ctx = a->ctx;
	/*
	 * Topology (H.248.1 7.1.18): two terminations a context, media both
	 * ways between them (Bothway, the default); Isolate and the one-way
	 * directions are not realised: 522.  ContextAudit is answered with
	 * the context alone: it has no property of its own (no priority,
	 * emergency or topology other than the default is kept).
	 */
	if (a->topology_other) {
		ra->has_error = true;
		ra->error.code = MG_ERR_TOPOLOGY;
		ra->error.text = "only Bothway between a context's two "
				 "terminations";
		return false;
	}
	if (a->ctx == H248_CTX_NULL)
		return mg_root_action(g, ra, a, o);
	if (a->ctx == H248_CTX_ALL)
		return all_action(g, a, o);
	if (a->ctx == H248_CTX_CHOOSE) {
		c = mg_new_ctx(g);
		if (!c) {
			ra->error.code = MG_ERR_NO_RESOURCES;
			ra->error.text = "out of memory";
		}
	} else {
		c = mg_find_ctx(g, a->ctx);
		if (!c) {
			ra->error.code = MG_ERR_UNKNOWN_CTX;
			ra->error.text = "unknown context";
		}
	}
	if (!c) {
		ra->has_error = true;
		return false;
	}
	return run_cmds(g, c, a, o, ra, false);
}

void mg_execute(struct mg *g, const struct h248_trans *req,
		struct h248_trans *rep, struct mg_reply *out)
{
	unsigned int i;

	memset(rep, 0, sizeof(*rep));
	out->nactions = out->ncmds = out->nstreams = out->nparams = 0;
	out->nevents = 0;
	out->used = 0;
	out->overflow = false;
	rep->kind = H248_TRANS_REPLY;
	rep->id = req->id;
	rep->actions = out->actions;
	for (i = 0; i < req->nactions; i++) {
		if (out->nactions == H248_MAX_ACTIONS) {
			out->overflow = true;
			break;
		}
		if (!action(g, &req->actions[i], out))
			break;
	}
	rep->nactions = out->nactions;
	if (out->overflow) {
		/*
		 * H.248.1 533 "Response exceeds maximum transport PDU size":
		 * the commands ran, their reply does not fit.
		 */
		rep->nactions = 0;
		rep->has_error = true;
		rep->error.code = MG_ERR_TOO_LARGE;
		rep->error.text = "the reply does not fit one message: ask "
				  "again with W- or fewer terminations";
	}
}

void mg_flush(struct mg *g)
{
	unsigned int i;

	for (i = 0; i < g->ndirty; i++)
		write_record(g, g->dirty[i]);
	g->ndirty = 0;
}
