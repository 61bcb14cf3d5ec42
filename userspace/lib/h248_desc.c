// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text: the descriptors of a command (h248_msg.c walks the
 * message down to them).  Media with its streams' LocalControl, Local,
 * Remote and Statistics, Events, Signals, ObservedEvents, Audit,
 * Statistics, ServiceChange parameters, Error; descriptors the gateway has
 * no use for are noted and skipped.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "h248_dec.h"

int h248_dec_error(struct h248_dec *d, const struct h248_node *n,
		     struct h248_error *e)
{
	uint32_t code;

	if (n->op != '=' || !h248_dec_u32(n->value, &code) || code > 999)
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_MSG, "bad error code");
	e->code = code;
	e->text = NULL;
	if (n->child) {
		if (!(n->child->flags & H248_N_QNAME) || n->child->next)
			return h248_dec_fail(d, n->child, H248_ERR_SYNTAX_MSG,
					"bad error text");
		e->text = n->child->name;
	}
	return 0;
}

static int dec_mode(struct h248_dec *d, const struct h248_node *n,
		    enum h248_mode *mode)
{
	switch (n->value ? h248_token_lookup(n->value, strlen(n->value)) :
		H248_TOK_NONE) {
	case H248_TOK_SEND_RECV:
		*mode = H248_MODE_SEND_RECV;
		return 0;
	case H248_TOK_SEND_ONLY:
		*mode = H248_MODE_SEND_ONLY;
		return 0;
	case H248_TOK_RECV_ONLY:
		*mode = H248_MODE_RECV_ONLY;
		return 0;
	case H248_TOK_INACTIVE:
		*mode = H248_MODE_INACTIVE;
		return 0;
	case H248_TOK_LOOPBACK:
		*mode = H248_MODE_LOOPBACK;
		return 0;
	default:
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad stream mode");
	}
}

/* The LocalControl, Local and Remote items of one stream. */
static int dec_stream_item(struct h248_dec *d, const struct h248_node *n,
			   struct h248_stream *st)
{
	const struct h248_node *c;

	switch (h248_dec_tok(n)) {
	case H248_TOK_LOCAL_CONTROL:
		for (c = n->child; c; c = c->next) {
			if (h248_dec_tok(c) == H248_TOK_MODE) {
				if (dec_mode(d, c, &st->mode))
					return -EINVAL;
			} else if (h248_dec_param(d, c, &st->props, &st->nprops)) {
				return -EINVAL;
			}
		}
		return 0;
	case H248_TOK_LOCAL:
		if (!(n->flags & H248_N_OCTET) || st->local)
			break;
		st->local = n->value;
		return 0;
	case H248_TOK_REMOTE:
		if (!(n->flags & H248_N_OCTET) || st->remote)
			break;
		st->remote = n->value;
		return 0;
	case H248_TOK_STATISTICS:
		/* streamParm's statisticsDescriptor (H.248.1 v3, B.2) */
		if (st->has_stats)
			break;
		st->has_stats = true;
		return h248_dec_params(d, n->child, &st->stats, &st->nstats);
	default:
		break;
	}
	return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad stream descriptor");
}

static int dec_new_stream(struct h248_dec *d, const struct h248_node *n,
			  struct h248_cmd *cmd, unsigned int id,
			  struct h248_stream **out)
{
	unsigned int i;

	for (i = 0; i < cmd->nstreams; i++)
		if (cmd->streams[i].id == id)
			return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD,
					"stream repeated");
	if (DEC_APPEND(d, n, d->p->streams, d->p->nstreams, H248_MAX_STREAMS,
		       cmd->streams, cmd->nstreams, *out))
		return -EINVAL;
	(*out)->id = id;
	return 0;
}

static int dec_media(struct h248_dec *d, const struct h248_node *n,
		     struct h248_cmd *cmd)
{
	struct h248_stream *implicit = NULL, *st;
	const struct h248_node *c, *i;
	uint32_t id;

	for (c = n->child; c; c = c->next) {
		switch (h248_dec_tok(c)) {
		case H248_TOK_STREAM:
			if (c->op != '=' || !h248_dec_u32(c->value, &id) ||
			    id > 0xffff)
				return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
						"bad stream id");
			if (dec_new_stream(d, c, cmd, id, &st))
				return -EINVAL;
			for (i = c->child; i; i = i->next)
				if (dec_stream_item(d, i, st))
					return -EINVAL;
			break;
		case H248_TOK_TERMINATION_STATE:
			if (h248_dec_params(d, c->child, &cmd->tstate,
				       &cmd->ntstate))
				return -EINVAL;
			break;
		case H248_TOK_STATISTICS:
			/* mediaParm's statisticsDescriptor: the command's */
			cmd->present |= H248_D_STATS;
			if (h248_dec_params(d, c->child, &cmd->stats, &cmd->nstats))
				return -EINVAL;
			break;
		case H248_TOK_LOCAL_CONTROL:
		case H248_TOK_LOCAL:
		case H248_TOK_REMOTE:
			if (!implicit && dec_new_stream(d, c, cmd, 1,
							&implicit))
				return -EINVAL;
			if (dec_stream_item(d, c, implicit))
				return -EINVAL;
			break;
		default:
			return h248_dec_fail(d, c, H248_ERR_UNKNOWN_DESC,
					"bad media descriptor item");
		}
	}
	return 0;
}

/* Events, signals and observed events: name, optional stamp, parameters. */
static int dec_events(struct h248_dec *d, const struct h248_node *first,
		      struct h248_event **base, unsigned int *count,
		      bool observed)
{
	const struct h248_node *c;
	struct h248_event *ev = NULL;

	/*
	 * name [{ parameters }] with no value; L and R would be read back
	 * as SDP bodies, so they are no event names.
	 */
	for (c = first; c; c = c->next) {
		if ((c->flags & (H248_N_QNAME | H248_N_OCTET)) || c->op ||
		    h248_token_is(c->name, H248_TOK_LOCAL) ||
		    h248_token_is(c->name, H248_TOK_REMOTE) ||
		    (c->stamp && !observed))
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
					"bad event name");
		if (DEC_APPEND(d, c, d->p->events, d->p->nevents,
			       H248_MAX_EVENTS, *base, *count, ev))
			return -EINVAL;
		ev->name = c->name;
		ev->timestamp = c->stamp;
		if (h248_dec_params(d, c->child, &ev->params, &ev->nparams))
			return -EINVAL;
	}
	return 0;
}

static int dec_rid(struct h248_dec *d, const struct h248_node *n,
		   uint32_t *rid)
{
	*rid = 0;
	if (!n->op && !n->child)
		return 0;	/* "Events" alone: none requested */
	if (n->op != '=' || !h248_dec_u32(n->value, rid))
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad request id");
	return 0;
}

static int dec_audit(struct h248_dec *d, const struct h248_node *n,
		     unsigned int *mask)
{
	static const struct { enum h248_tok tok; unsigned int bit; } map[] = {
		{ H248_TOK_MEDIA, H248_D_MEDIA },
		{ H248_TOK_EVENTS, H248_D_EVENTS },
		{ H248_TOK_SIGNALS, H248_D_SIGNALS },
		{ H248_TOK_OBSERVED_EVENTS, H248_D_OBSERVED },
		{ H248_TOK_STATISTICS, H248_D_STATS },
		{ H248_TOK_DIGIT_MAP, H248_D_DIGIT_MAP },
		{ H248_TOK_EVENT_BUFFER, H248_D_EVENT_BUFFER },
		{ H248_TOK_MODEM, H248_D_MODEM },
		{ H248_TOK_MUX, H248_D_MUX },
		{ H248_TOK_PACKAGES, H248_D_PACKAGES },
	};
	const struct h248_node *c;
	size_t i;

	for (c = n->child; c; c = c->next) {
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (h248_dec_tok(c) == map[i].tok)
				break;
		if (i == sizeof(map) / sizeof(map[0]))
			return h248_dec_fail(d, c, H248_ERR_UNKNOWN_DESC,
					"bad audit item");
		*mask |= map[i].bit;
	}
	return 0;
}

static int dec_method(struct h248_dec *d, const struct h248_node *n,
		      struct h248_svc *svc)
{
	static const struct { enum h248_tok tok; enum h248_sc_method m; }
	map[] = {
		{ H248_TOK_FAILOVER, H248_SC_FAILOVER },
		{ H248_TOK_FORCED, H248_SC_FORCED },
		{ H248_TOK_GRACEFUL, H248_SC_GRACEFUL },
		{ H248_TOK_RESTART, H248_SC_RESTART },
		{ H248_TOK_DISCONNECTED, H248_SC_DISCONNECTED },
		{ H248_TOK_HANDOFF, H248_SC_HANDOFF },
	};
	enum h248_tok t;
	size_t i;

	if (n->op != '=' || !n->value)
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad method");
	t = h248_token_lookup(n->value, strlen(n->value));
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (t == map[i].tok) {
			svc->method = map[i].m;
			return 0;
		}
	}
	if (!strncasecmp(n->value, "X-", 2) || !strncasecmp(n->value, "X+", 2)) {
		svc->method_ext = n->value;
		return 0;
	}
	return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad method");
}

static int dec_services(struct h248_dec *d, const struct h248_node *n,
			struct h248_svc *svc)
{
	const struct h248_node *c;
	uint32_t v;

	for (c = n->child; c; c = c->next) {
		enum h248_tok t = h248_dec_tok(c);

		if (t != H248_TOK_NONE && t != H248_TOK_SERVICE_CHANGE_INC &&
		    c->op != '=')
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
					"bad service change parameter");
		switch (t) {
		case H248_TOK_METHOD:
			if (dec_method(d, c, svc))
				return -EINVAL;
			break;
		case H248_TOK_REASON:
			svc->reason = c->value;
			break;
		case H248_TOK_SERVICE_CHANGE_ADDRESS:
			svc->address = c->value;
			break;
		case H248_TOK_MGC_ID:
			svc->mgc_id = c->value;
			break;
		case H248_TOK_PROFILE:
			svc->profile = c->value;
			break;
		case H248_TOK_DELAY:
			if (!h248_dec_u32(c->value, &svc->delay))
				return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
						"bad delay");
			svc->has_delay = true;
			break;
		case H248_TOK_VERSION:
			if (!h248_dec_u32(c->value, &v) || v > 99)
				return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
						"bad version");
			svc->version = v;
			break;
		default:
			/* time stamp, ServiceChangeInc, extensions: ignored */
			break;
		}
	}
	return 0;
}

static const struct { enum h248_tok tok; unsigned int bit; } dec_skipped[] = {
	{ H248_TOK_DIGIT_MAP, H248_D_DIGIT_MAP },
	{ H248_TOK_EVENT_BUFFER, H248_D_EVENT_BUFFER },
	{ H248_TOK_MODEM, H248_D_MODEM },
	{ H248_TOK_MUX, H248_D_MUX },
	{ H248_TOK_PACKAGES, H248_D_PACKAGES },
	{ H248_TOK_TOPOLOGY, H248_D_TOPOLOGY },
};

int h248_dec_descriptor(struct h248_dec *d, const struct h248_node *n,
			  struct h248_cmd *cmd)
{
	enum h248_tok t = h248_dec_tok(n);
	size_t i;

	switch (t) {
	case H248_TOK_MEDIA:
		cmd->present |= H248_D_MEDIA;
		return dec_media(d, n, cmd);
	case H248_TOK_EVENTS:
		cmd->present |= H248_D_EVENTS;
		return dec_rid(d, n, &cmd->events_rid) ?:
		       dec_events(d, n->child, &cmd->events, &cmd->nevents,
				  false);
	case H248_TOK_SIGNALS:
		cmd->present |= H248_D_SIGNALS;
		return dec_events(d, n->child, &cmd->signals, &cmd->nsignals,
				  false);
	case H248_TOK_OBSERVED_EVENTS:
		cmd->present |= H248_D_OBSERVED;
		return dec_rid(d, n, &cmd->observed_rid) ?:
		       dec_events(d, n->child, &cmd->observed,
				  &cmd->nobserved, true);
	case H248_TOK_AUDIT:
		cmd->present |= H248_D_AUDIT;
		return dec_audit(d, n, &cmd->audit);
	case H248_TOK_STATISTICS:
		cmd->present |= H248_D_STATS;
		return h248_dec_params(d, n->child, &cmd->stats, &cmd->nstats);
	case H248_TOK_SERVICES:
		cmd->present |= H248_D_SERVICES;
		return dec_services(d, n, &cmd->svc);
	case H248_TOK_ERROR:
		cmd->present |= H248_D_ERROR;
		return h248_dec_error(d, n, &cmd->error);
	default:
		break;
	}
	for (i = 0; i < sizeof(dec_skipped) / sizeof(dec_skipped[0]); i++) {
		if (t == dec_skipped[i].tok) {
			cmd->present |= dec_skipped[i].bit;
			return 0;
		}
	}
	return h248_dec_fail(d, n, H248_ERR_UNKNOWN_DESC, "unknown descriptor");
}
