// SPDX-License-Identifier: GPL-2.0
/*
 * The null context and ROOT, the termination that stands for the gateway
 * as a whole (H.248.1 6.1.2, 6.2.2).  Of the gateway's terminations only
 * ROOT is in the null context: its RTP terminations are ephemeral, in a
 * context or gone.  On ROOT the MGC may:
 *
 * - audit it (AuditValue, AuditCapabilities): the IMS-ALG's keepalive,
 *   "Context=-{AuditValue=ROOT{Audit{}}}" (TS 29.334 link supervision), is
 *   answered with ROOT alone; an Audit descriptor gets what it asks for
 *   (Events: it/ito; Packages);
 * - ask for the inactivity timer (Modify with Events it/ito, H.248.14):
 *   the daemon runs the timer (link.h), this file keeps what was asked;
 * - take the gateway out of service and back (ServiceChange, H.248.1
 *   7.2.8.1): Forced removes every context at once; Graceful refuses new
 *   calls (503) and, with a Delay, removes the contexts left when it runs
 *   out; Restart puts the gateway back in service; Handoff sends us to the
 *   MGC of MgcIdToTry once the reply is out.
 *
 * Other commands on ROOT: 501.  Other terminations in the null context:
 * 435 when the gateway holds them in a context, else 430.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link.h"
#include "mg_int.h"

/*
 * H.248.14's mit when the Events descriptor gives none: "provisioned"; 60 s
 * (6000 x 10 ms), the order of the long timer several times over.
 */
#define ITO_MIT_DEFAULT	6000

void mg_ctx_destroy(struct mg *g, struct mg_ctx *c)
{
	unsigned int i;

	mg_mark_dirty(g, c->id);
	if (c->installed)
		g->ops->remove(g->arg, &c->plan);
	c->installed = false;
	for (i = 0; i < c->nterm; i++)
		mg_free_term(g, c->term[i]);
	c->nterm = 0;
	mg_free_ctx(g, c);
}

/* Every context gone: their flows and SRTP contexts out of the kernel. */
static void destroy_all(struct mg *g)
{
	unsigned int i;

	for (i = 0; i < MG_BUCKETS; i++)
		while (g->ctx[i])
			mg_ctx_destroy(g, g->ctx[i]);
}

void mg_root_tick(struct mg *g, uint64_t now)
{
	if (!g->root.graceful_at || now < g->root.graceful_at)
		return;
	/* A Graceful's Delay ran out: what is left goes (7.2.8.1.1). */
	g->root.graceful_at = 0;
	g->root.out_of_service = true;
	destroy_all(g);
	mg_flush(g);
}

/* Modify of ROOT: its Events descriptor, it/ito only. */
static int modify_root(struct mg *g, const struct h248_cmd *cmd,
		       struct mg_fail *f)
{
	uint32_t mit = 0;
	unsigned int i, j;

	if (cmd->present & ~H248_D_EVENTS) {
		f->code = MG_ERR_NOT_IMPL;
		f->text = "on ROOT only the Events descriptor (it/ito)";
		return -EOPNOTSUPP;
	}
	if (!(cmd->present & H248_D_EVENTS))
		return 0;	/* nothing asked, nothing changed */
	for (i = 0; i < cmd->nevents; i++) {
		const struct h248_event *ev = &cmd->events[i];

		if (strcasecmp(ev->name, "it/ito")) {
			f->code = strncasecmp(ev->name, "it/", 3) ?
				  MG_ERR_UNKNOWN_PKG : MG_ERR_UNKNOWN_EVENT;
			f->text = "ROOT detects it/ito only";
			return -EOPNOTSUPP;
		}
		mit = ITO_MIT_DEFAULT;
		for (j = 0; j < ev->nparams; j++) {
			const struct h248_param *p = &ev->params[j];
			unsigned long v;
			char *end;

			if (strcasecmp(p->name, "mit") || !p->value ||
			    p->op != '=') {
				f->code = MG_ERR_UNSUPPORTED;
				f->text = "it/ito has one parameter, mit";
				return -EINVAL;
			}
			v = strtoul(p->value, &end, 10);
			if (end == p->value || *end || !v || v > 8640000) {
				f->code = MG_ERR_UNSUPPORTED;
				f->text = "mit is 1 .. 8640000 (10 ms units)";
				return -EINVAL;
			}
			mit = (uint32_t)v;
		}
	}
	g->root.ito_rid = cmd->events_rid;
	g->root.ito_mit = mit;
	g->root.ito_changed = true;
	return 0;
}

/* The MGC's ServiceChange on ROOT (H.248.1 7.2.8.1). */
static int service_change(struct mg *g, const struct h248_cmd *cmd,
			  struct mg_fail *f)
{
	const struct h248_svc *s = &cmd->svc;
	struct sockaddr_storage ss;

	switch (s->method) {
	case H248_SC_FORCED:
		g->root.out_of_service = true;
		g->root.graceful = false;
		g->root.graceful_at = 0;
		destroy_all(g);
		return 0;
	case H248_SC_GRACEFUL:
		g->root.graceful = true;
		g->root.graceful_at = s->has_delay && s->delay ?
				      g->now + (uint64_t)s->delay * 1000 : 0;
		return 0;
	case H248_SC_RESTART:
		g->root.out_of_service = false;
		g->root.graceful = false;
		g->root.graceful_at = 0;
		return 0;
	case H248_SC_HANDOFF:
		if (!s->mgc_id || strlen(s->mgc_id) >= MGD_MID_MAX ||
		    mgd_link_parse_addr(s->mgc_id, 2944, &ss)) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "Handoff needs a MgcIdToTry that is an "
				  "address";
			return -EINVAL;
		}
		strcpy(g->root.handoff_to, s->mgc_id);
		g->root.handoff = true;
		return 0;
	default:
		f->code = MG_ERR_NOT_IMPL;
		f->text = "ROOT takes Forced, Graceful, Restart and Handoff";
		return -EOPNOTSUPP;
	}
}

static int root_command(struct mg *g, const struct h248_cmd *cmd,
			struct mg_reply *o, struct mg_fail *f)
{
	struct h248_cmd *r;
	int ret = 0;

	switch (cmd->kind) {
	case H248_CMD_AUDIT_VALUE:
	case H248_CMD_AUDIT_CAP:
		break;
	case H248_CMD_MODIFY:
		ret = modify_root(g, cmd, f);
		break;
	case H248_CMD_SERVICE_CHANGE:
		ret = service_change(g, cmd, f);
		break;
	default:
		f->code = MG_ERR_NOT_IMPL;
		f->text = "not implemented on ROOT";
		return -EOPNOTSUPP;
	}
	if (ret)
		return ret;
	r = mg_reply_cmd(o, cmd, "ROOT");
	if (r && (cmd->kind == H248_CMD_AUDIT_VALUE ||
		  cmd->kind == H248_CMD_AUDIT_CAP))
		mg_audit_root(g, cmd, o, r);
	return 0;
}

bool mg_root_action(struct mg *g, struct h248_action *ra,
		    const struct h248_action *a, struct mg_reply *o)
{
	unsigned int i;
	bool ok = true;

	ra->cmds = &o->cmds[o->ncmds];
	for (i = 0; i < a->ncmds && ok; i++) {
		const struct h248_cmd *cmd = &a->cmds[i];
		struct mg_fail f = { 0 };

		if (strcasecmp(cmd->tid, "ROOT"))
			mg_fail_not_here(g, cmd->tid, &f);
		else if (!root_command(g, cmd, o, &f))
			continue;
		mg_fail_reply(o, cmd, &f);
		ok = cmd->optional;	/* O-: its failure does not stop us */
	}
	ra->ncmds = o->ncmds - (unsigned int)(ra->cmds - o->cmds);
	return ok;
}
