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
#include <string.h>
#include <strings.h>

#include "mg_int.h"

const char *mg_save_text(struct mg_reply *o, const char *s, size_t n)
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

const char *mg_save_str(struct mg_reply *o, const char *s)
{
	return mg_save_text(o, s, strlen(s));
}

/* @id's record is to be written (or removed) when the transaction ends. */
void mg_mark_dirty(struct mg *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < g->ndirty; i++)
		if (g->dirty[i] == id)
			return;
	if (g->ndirty < sizeof(g->dirty) / sizeof(g->dirty[0]))
		g->dirty[g->ndirty++] = id;
}

struct h248_cmd *mg_reply_cmd(struct mg_reply *o,
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

static int command(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct mg_fail *f)
{
	switch (cmd->kind) {
	case H248_CMD_ADD:
		return mg_cmd_add(g, c, cmd, o, f);
	case H248_CMD_MODIFY:
		return mg_cmd_modify(g, c, cmd, o, f);
	case H248_CMD_SUBTRACT:
		return mg_cmd_subtract(g, c, cmd, o, f);
	case H248_CMD_MOVE:
		return mg_cmd_move(g, c, cmd, o, f);
	case H248_CMD_AUDIT_VALUE:
		return mg_cmd_audit(g, c, cmd, o, f);
	default:
		f->code = MG_ERR_NOT_IMPL;
		f->text = "command not implemented";
		return -EOPNOTSUPP;
	}
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
static void fail_reply(struct mg_reply *o, const struct h248_cmd *cmd,
		       const struct mg_fail *f)
{
	struct h248_cmd *r;

	if (o->ncmds == H248_MAX_CMDS)
		return;
	r = mg_reply_cmd(o, cmd, cmd->tid);
	r->present = H248_D_ERROR;
	r->error.code = f->code;
	/* @f->text may be the kernel's message: copy it. */
	r->error.text = f->text ? mg_save_str(o, f->text) : NULL;
}

/*
 * The null context (H.248.1 6.1.2).  Of the gateway's terminations only
 * ROOT is there: its RTP terminations are ephemeral, in a context or gone.
 * AuditValue of ROOT is how an IMS-ALG checks that the gateway is there
 * (TS 29.334 link supervision, "Context=-{AuditValue=ROOT{Audit{}}}"): the
 * answer names ROOT, with nothing more for an empty Audit descriptor; one
 * that asks for descriptors gets 501 until ROOT can report them (a later
 * step of issue 14), not an empty answer.  Other commands on ROOT: 501;
 * other terminations: 435 if in a context, else 430.
 */
static bool null_action(struct mg *g, struct h248_action *ra,
			const struct h248_action *a, struct mg_reply *o)
{
	unsigned int i;
	bool ok = true;

	ra->cmds = &o->cmds[o->ncmds];
	for (i = 0; i < a->ncmds && ok; i++) {
		const struct h248_cmd *cmd = &a->cmds[i];
		struct mg_fail f = { 0 };

		if (strcasecmp(cmd->tid, "ROOT")) {
			/* 435 if the gateway holds it in a context */
			mg_fail_not_here(g, cmd->tid, &f);
		} else if (cmd->kind != H248_CMD_AUDIT_VALUE) {
			f.code = MG_ERR_NOT_IMPL;
			f.text = "not implemented on ROOT";
		} else if (cmd->present & H248_D_AUDIT && cmd->audit) {
			/* Not an empty answer that says "none". */
			f.code = MG_ERR_NOT_IMPL;
			f.text = "auditing ROOT's descriptors is not implemented";
		} else if (mg_reply_cmd(o, cmd, "ROOT")) {
			continue;
		} else {
			f.code = MG_ERR_INTERNAL;
			f.text = "reply too large";
		}
		fail_reply(o, cmd, &f);
		ok = cmd->optional;	/* O-: its failure does not stop us */
	}
	ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
	return ok;
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
	if (a->ctx == H248_CTX_NULL)
		return null_action(g, ra, a, o);
	if (a->ctx == H248_CTX_CHOOSE) {
		c = mg_new_ctx(g);
		if (!c) {
			f.code = MG_ERR_NO_RESOURCES;
			f.text = "out of memory";
		}
	} else if (a->ctx != H248_CTX_ALL) {
		c = mg_find_ctx(g, a->ctx);
		if (!c) {
			f.code = MG_ERR_UNKNOWN_CTX;
			f.text = "unknown context";
		}
	} else {
		f.code = MG_ERR_NOT_IMPL;
		f.text = "the all context is not handled yet";
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
			mg_mark_dirty(g, c->id);
	for (i = 0; i < a->ncmds; i++) {
		unsigned int before = o->ncmds;

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
			fail_reply(o, &a->cmds[i], &f);
		ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
		if (!c->nterm)
			mg_free_ctx(g, c);	/* emptied, or never filled */
		return false;
	}
	ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
	if (!c->nterm) {
		/* Emptied (or never filled): the context is gone. */
		mg_free_ctx(g, c);
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
