// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text: the semantic layer.  Walks the tree h248_lex.c built
 * and fills struct h248_msg with transactions, actions, commands and the
 * descriptors mediasecd acts on (Media with its streams' LocalControl,
 * Local and Remote, Events, Signals, ObservedEvents, Audit, Statistics,
 * ServiceChange, Error).  Package properties and parameters are kept as
 * name/value strings; descriptors the gateway has no use for (DigitMap,
 * EventBuffer, Modem, Mux, Packages, Topology) are noted and skipped.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "h248.h"

struct h248_dec {
	struct h248_pool *p;
	struct h248_err *err;
	bool in_trans;
	bool in_request;
	uint32_t trans_id;
};

static int dec_fail(struct h248_dec *d, const struct h248_node *n, int code,
		    const char *reason)
{
	d->err->code = code;
	d->err->off = n ? n->off : 0;
	d->err->reason = reason;
	d->err->has_trans = d->in_trans;
	d->err->trans_request = d->in_trans && d->in_request;
	d->err->trans_id = d->trans_id;
	return -EINVAL;
}

static enum h248_tok dec_tok(const struct h248_node *n)
{
	if (n->flags & H248_N_QNAME)
		return H248_TOK_NONE;
	return h248_token_lookup(n->name, strlen(n->name));
}

/* Decimal, no sign, no leading junk, fits 32 bits. */
static bool dec_u32(const char *s, uint32_t *v)
{
	uint64_t x = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
		if (x > 0xffffffffULL)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

/*
 * Append one element to a list that must stay contiguous in its pool:
 * @base/@count describe the list, @used the pool's fill.  A list is
 * contiguous unless the same descriptor appears twice with something else
 * allocated in between, which we refuse.
 */
#define DEC_APPEND(d, n, pool_arr, used, max, base, count, out)		\
({									\
	int __r = 0;							\
	if ((used) >= (max)) {						\
		__r = dec_fail(d, n, H248_ERR_SYNTAX_MSG,		\
			       "message too complex");			\
	} else if ((count) && (base) + (count) != &(pool_arr)[used]) {	\
		__r = dec_fail(d, n, H248_ERR_SYNTAX_CMD,		\
			       "descriptor repeated");			\
	} else {							\
		if (!(count))						\
			(base) = &(pool_arr)[used];			\
		(out) = &(pool_arr)[(used)++];				\
		memset((out), 0, sizeof(*(out)));			\
		(count)++;						\
	}								\
	__r;								\
})

static int dec_param(struct h248_dec *d, const struct h248_node *n,
		     struct h248_param **base, unsigned int *count)
{
	struct h248_param *pa = NULL;

	/*
	 * Parameters are name[op value]: no SDP, no quoted names, and no
	 * nested lists (embedded descriptors, NotifyCompletion sets), which
	 * we do not carry and so refuse rather than drop.
	 */
	if (n->flags & (H248_N_OCTET | H248_N_QNAME | H248_N_BRACES |
			H248_N_PARENS))
		return dec_fail(d, n, H248_ERR_SYNTAX_CMD,
				"bad parameter");
	if (DEC_APPEND(d, n, d->p->params, d->p->nparams, H248_MAX_PARAMS,
		       *base, *count, pa))
		return -EINVAL;
	pa->name = n->name;
	pa->value = n->value;
	pa->op = n->op;
	return 0;
}

static int dec_params(struct h248_dec *d, const struct h248_node *first,
		      struct h248_param **base, unsigned int *count)
{
	const struct h248_node *c;

	for (c = first; c; c = c->next)
		if (dec_param(d, c, base, count))
			return -EINVAL;
	return 0;
}

static int dec_error(struct h248_dec *d, const struct h248_node *n,
		     struct h248_error *e)
{
	uint32_t code;

	if (n->op != '=' || !dec_u32(n->value, &code) || code > 999)
		return dec_fail(d, n, H248_ERR_SYNTAX_MSG, "bad error code");
	e->code = code;
	e->text = NULL;
	if (n->child) {
		if (!(n->child->flags & H248_N_QNAME) || n->child->next)
			return dec_fail(d, n->child, H248_ERR_SYNTAX_MSG,
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
		return dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad stream mode");
	}
}

/* The LocalControl, Local and Remote items of one stream. */
static int dec_stream_item(struct h248_dec *d, const struct h248_node *n,
			   struct h248_stream *st)
{
	const struct h248_node *c;

	switch (dec_tok(n)) {
	case H248_TOK_LOCAL_CONTROL:
		for (c = n->child; c; c = c->next) {
			if (dec_tok(c) == H248_TOK_MODE) {
				if (dec_mode(d, c, &st->mode))
					return -EINVAL;
			} else if (dec_param(d, c, &st->props, &st->nprops)) {
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
		return dec_params(d, n->child, &st->stats, &st->nstats);
	default:
		break;
	}
	return dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad stream descriptor");
}

static int dec_new_stream(struct h248_dec *d, const struct h248_node *n,
			  struct h248_cmd *cmd, unsigned int id,
			  struct h248_stream **out)
{
	unsigned int i;

	for (i = 0; i < cmd->nstreams; i++)
		if (cmd->streams[i].id == id)
			return dec_fail(d, n, H248_ERR_SYNTAX_CMD,
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
		switch (dec_tok(c)) {
		case H248_TOK_STREAM:
			if (c->op != '=' || !dec_u32(c->value, &id) ||
			    id > 0xffff)
				return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
						"bad stream id");
			if (dec_new_stream(d, c, cmd, id, &st))
				return -EINVAL;
			for (i = c->child; i; i = i->next)
				if (dec_stream_item(d, i, st))
					return -EINVAL;
			break;
		case H248_TOK_TERMINATION_STATE:
			if (dec_params(d, c->child, &cmd->tstate,
				       &cmd->ntstate))
				return -EINVAL;
			break;
		case H248_TOK_STATISTICS:
			/* mediaParm's statisticsDescriptor: the command's */
			cmd->present |= H248_D_STATS;
			if (dec_params(d, c->child, &cmd->stats, &cmd->nstats))
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
			return dec_fail(d, c, H248_ERR_UNKNOWN_DESC,
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
			return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
					"bad event name");
		if (DEC_APPEND(d, c, d->p->events, d->p->nevents,
			       H248_MAX_EVENTS, *base, *count, ev))
			return -EINVAL;
		ev->name = c->name;
		ev->timestamp = c->stamp;
		if (dec_params(d, c->child, &ev->params, &ev->nparams))
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
	if (n->op != '=' || !dec_u32(n->value, rid))
		return dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad request id");
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
			if (dec_tok(c) == map[i].tok)
				break;
		if (i == sizeof(map) / sizeof(map[0]))
			return dec_fail(d, c, H248_ERR_UNKNOWN_DESC,
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
		return dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad method");
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
	return dec_fail(d, n, H248_ERR_SYNTAX_CMD, "bad method");
}

static int dec_services(struct h248_dec *d, const struct h248_node *n,
			struct h248_svc *svc)
{
	const struct h248_node *c;
	uint32_t v;

	for (c = n->child; c; c = c->next) {
		enum h248_tok t = dec_tok(c);

		if (t != H248_TOK_NONE && t != H248_TOK_SERVICE_CHANGE_INC &&
		    c->op != '=')
			return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
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
			if (!dec_u32(c->value, &svc->delay))
				return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
						"bad delay");
			svc->has_delay = true;
			break;
		case H248_TOK_VERSION:
			if (!dec_u32(c->value, &v) || v > 99)
				return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
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

static int dec_descriptor(struct h248_dec *d, const struct h248_node *n,
			  struct h248_cmd *cmd)
{
	enum h248_tok t = dec_tok(n);
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
		return dec_params(d, n->child, &cmd->stats, &cmd->nstats);
	case H248_TOK_SERVICES:
		cmd->present |= H248_D_SERVICES;
		return dec_services(d, n, &cmd->svc);
	case H248_TOK_ERROR:
		cmd->present |= H248_D_ERROR;
		return dec_error(d, n, &cmd->error);
	default:
		break;
	}
	for (i = 0; i < sizeof(dec_skipped) / sizeof(dec_skipped[0]); i++) {
		if (t == dec_skipped[i].tok) {
			cmd->present |= dec_skipped[i].bit;
			return 0;
		}
	}
	return dec_fail(d, n, H248_ERR_UNKNOWN_DESC, "unknown descriptor");
}

static const enum h248_tok dec_cmd_toks[H248_CMD_NR] = {
	[H248_CMD_ADD] = H248_TOK_ADD,
	[H248_CMD_MODIFY] = H248_TOK_MODIFY,
	[H248_CMD_SUBTRACT] = H248_TOK_SUBTRACT,
	[H248_CMD_MOVE] = H248_TOK_MOVE,
	[H248_CMD_AUDIT_VALUE] = H248_TOK_AUDIT_VALUE,
	[H248_CMD_AUDIT_CAP] = H248_TOK_AUDIT_CAP,
	[H248_CMD_NOTIFY] = H248_TOK_NOTIFY,
	[H248_CMD_SERVICE_CHANGE] = H248_TOK_SERVICE_CHANGE,
};

const char *h248_cmd_name(enum h248_cmd_kind kind, bool compact)
{
	if ((unsigned int)kind >= H248_CMD_NR)
		return "";
	return h248_token_name(dec_cmd_toks[kind], compact);
}

/* "O-W-Add" and the like: the command and its prefixes, or -1. */
static int dec_cmd_kind(const char *name, bool *opt, bool *wild)
{
	enum h248_tok t;
	int k;

	*opt = *wild = false;
	for (;;) {
		if (!strncasecmp(name, "O-", 2) && !*opt)
			*opt = true;
		else if (!strncasecmp(name, "W-", 2) && !*wild)
			*wild = true;
		else
			break;
		name += 2;
	}
	t = h248_token_lookup(name, strlen(name));
	for (k = 0; k < H248_CMD_NR; k++)
		if (t != H248_TOK_NONE && dec_cmd_toks[k] == t)
			return k;
	return -1;
}

static int dec_ctx_id(const char *s, uint32_t *ctx)
{
	if (!s)
		return -1;
	if (!strcmp(s, "-"))
		*ctx = H248_CTX_NULL;
	else if (!strcmp(s, "$"))
		*ctx = H248_CTX_CHOOSE;
	else if (!strcmp(s, "*"))
		*ctx = H248_CTX_ALL;
	else if (!dec_u32(s, ctx) || *ctx >= H248_CTX_CHOOSE)
		return -1;
	return 0;
}

static int dec_topology(struct h248_dec *d, const struct h248_node *n,
			struct h248_action *a);

static int dec_action(struct h248_dec *d, const struct h248_node *n,
		      struct h248_action *a, bool reply)
{
	const struct h248_node *c, *dn;
	struct h248_cmd *cmd = NULL;
	bool opt, wild;
	int kind;

	if (n->op != '=' || dec_ctx_id(n->value, &a->ctx))
		return dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad context id");
	for (c = n->child; c; c = c->next) {
		if (c->flags & H248_N_QNAME)
			return dec_fail(d, c, H248_ERR_SYNTAX_ACTION,
					"unexpected string");
		kind = dec_cmd_kind(c->name, &opt, &wild);
		if (kind < 0) {
			switch (dec_tok(c)) {
			case H248_TOK_ERROR:
				if (!reply || a->has_error)
					break;
				a->has_error = true;
				if (dec_error(d, c, &a->error))
					return -EINVAL;
				continue;
			case H248_TOK_TOPOLOGY:
				if (dec_topology(d, c, a))
					return -EINVAL;
				continue;
			case H248_TOK_CONTEXT_AUDIT:
				/* contextAudit (B.2): what to tell, as a list */
				a->context_audit = true;
				continue;
			case H248_TOK_PRIORITY:
			case H248_TOK_EMERGENCY:
			case H248_TOK_EMERGENCY_OFF:
			case H248_TOK_IEPS:
			case H248_TOK_CONTEXT_ATTR:
			case H248_TOK_CONTEXT_LIST:
				if (dec_param(d, c, &a->props, &a->nprops))
					return -EINVAL;
				continue;
			default:
				break;
			}
			return dec_fail(d, c, H248_ERR_UNKNOWN_CMD,
					"unknown command");
		}
		if (DEC_APPEND(d, c, d->p->cmds, d->p->ncmds, H248_MAX_CMDS,
			       a->cmds, a->ncmds, cmd))
			return -EINVAL;
		cmd->kind = (enum h248_cmd_kind)kind;
		cmd->optional = opt;
		cmd->wildcard = wild;
		if (c->op != '=' || !c->value || (c->flags & H248_N_QVALUE))
			return dec_fail(d, c, H248_ERR_SYNTAX_CMD,
					"bad termination id");
		cmd->tid = c->value;
		for (dn = c->child; dn; dn = dn->next)
			if (dec_descriptor(d, dn, cmd))
				return -EINVAL;
	}
	return 0;
}

/*
 * topologyDescriptor = TopologyToken LBRKT topologyTriple *(COMMA
 * topologyTriple) RBRKT; topologyTriple = terminationA COMMA terminationB
 * COMMA topologyDirection [COMMA eventStream] (H.248.1 B.2): the lexer
 * gives the items as one list; what matters here is each direction.
 */
static int dec_topology(struct h248_dec *d, const struct h248_node *n,
			struct h248_action *a)
{
	const struct h248_node *c;
	unsigned int items = 0;

	if (!(n->flags & H248_N_BRACES) || !n->child)
		return dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad topology");
	a->has_topology = true;
	for (c = n->child; c; c = c->next) {
		items++;
		switch (dec_tok(c)) {
		case H248_TOK_ISOLATE:
		case H248_TOK_ONEWAY:
		case H248_TOK_ONEWAY_EXTERNAL:
		case H248_TOK_ONEWAY_BOTH:
			a->topology_other = true;
			break;
		default:
			break;
		}
	}
	if (items < 3)
		return dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad topology");
	return 0;
}

static int dec_actions(struct h248_dec *d, const struct h248_node *first,
		       struct h248_trans *tr, bool reply)
{
	const struct h248_node *c;
	struct h248_action *a = NULL;

	for (c = first; c; c = c->next) {
		if (dec_tok(c) != H248_TOK_CONTEXT)
			return dec_fail(d, c, reply ? H248_ERR_SYNTAX_TRANS :
					H248_ERR_SYNTAX_TRANS,
					"expected a context");
		if (DEC_APPEND(d, c, d->p->actions, d->p->nactions,
			       H248_MAX_ACTIONS, tr->actions, tr->nactions, a))
			return -EINVAL;
		if (dec_action(d, c, a, reply))
			return -EINVAL;
	}
	return 0;
}

/* "Reply = 12", "Reply = 12/3" or "Reply = 12/3/END" (segments) */
static int dec_trans_id(const char *s, uint32_t *id, bool segments)
{
	char buf[16];
	size_t n;

	if (!s)
		return -1;
	n = strcspn(s, "/");
	if (s[n] && !segments)
		return -1;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return dec_u32(buf, id) ? 0 : -1;
}

static int dec_acks(struct h248_dec *d, const struct h248_node *n,
		    struct h248_trans *tr)
{
	const struct h248_node *c;
	char buf[24], *dash;

	if (!n->child)
		return dec_fail(d, n, H248_ERR_SYNTAX_MSG, "empty ack");
	for (c = n->child; c; c = c->next) {
		struct h248_ack_range *r = &tr->acks[tr->nacks];

		if (tr->nacks >= H248_MAX_ACKS)
			return dec_fail(d, c, H248_ERR_SYNTAX_MSG,
					"too many acks");
		if (c->op || c->child || strlen(c->name) >= sizeof(buf))
			return dec_fail(d, c, H248_ERR_SYNTAX_MSG, "bad ack");
		strcpy(buf, c->name);
		dash = strchr(buf, '-');
		if (dash)
			*dash++ = '\0';
		if (!dec_u32(buf, &r->first) ||
		    !dec_u32(dash ? dash : buf, &r->last) ||
		    r->last < r->first)
			return dec_fail(d, c, H248_ERR_SYNTAX_MSG, "bad ack");
		tr->nacks++;
	}
	return 0;
}

static int dec_trans(struct h248_dec *d, const struct h248_node *n,
		     struct h248_trans *tr)
{
	const struct h248_node *c = n->child;

	d->in_trans = false;
	switch (dec_tok(n)) {
	case H248_TOK_TRANSACTION:
		tr->kind = H248_TRANS_REQUEST;
		break;
	case H248_TOK_REPLY:
		tr->kind = H248_TRANS_REPLY;
		break;
	case H248_TOK_PENDING:
		tr->kind = H248_TRANS_PENDING;
		break;
	case H248_TOK_RESPONSE_ACK:
		tr->kind = H248_TRANS_ACK;
		if (n->op)
			return dec_fail(d, n, H248_ERR_SYNTAX_MSG, "bad ack");
		return dec_acks(d, n, tr);
	default:
		return dec_fail(d, n, H248_ERR_SYNTAX_MSG,
				"expected a transaction");
	}
	if (n->op != '=' || (n->flags & H248_N_QVALUE) ||
	    dec_trans_id(n->value, &tr->id, tr->kind == H248_TRANS_REPLY))
		return dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
				"bad transaction id");
	d->in_trans = true;
	d->in_request = tr->kind == H248_TRANS_REQUEST;
	d->trans_id = tr->id;
	switch (tr->kind) {
	case H248_TRANS_PENDING:
		if (c)
			return dec_fail(d, c, H248_ERR_SYNTAX_TRANS,
					"pending with a body");
		return 0;
	case H248_TRANS_REQUEST:
		if (!c)
			return dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
					"transaction without actions");
		return dec_actions(d, c, tr, false);
	default:
		break;
	}
	if (c && dec_tok(c) == H248_TOK_IMM_ACK_REQUIRED && !c->op &&
	    !c->child) {
		tr->imm_ack = true;
		c = c->next;
	}
	if (c && dec_tok(c) == H248_TOK_ERROR) {
		tr->has_error = true;
		if (c->next)
			return dec_fail(d, c->next, H248_ERR_SYNTAX_TRANS,
					"reply error with actions");
		return dec_error(d, c, &tr->error);
	}
	if (!c)
		return dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
				"reply without actions");
	return dec_actions(d, c, tr, true);
}

static void dec_mid(struct h248_msg *m)
{
	const char *s = m->mid, *port = NULL;
	uint32_t p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		m->mid_kind = close && memchr(s, ':', close - s) ?
			      H248_MID_IP6 : H248_MID_IP4;
		port = close;
	} else if (s[0] == '<') {
		m->mid_kind = H248_MID_DOMAIN;
		port = strchr(s, '>');
	} else if (!strncasecmp(s, "MTP{", 4)) {
		m->mid_kind = H248_MID_MTP;
	} else {
		m->mid_kind = H248_MID_DEVICE;
	}
	m->mid_port = 0;
	if (port && port[1] == ':' && dec_u32(port + 2, &p) && p <= 65535)
		m->mid_port = p;
}

int h248_decode(const struct h248_tree *t, struct h248_msg *m,
		struct h248_pool *pool, struct h248_err *err)
{
	struct h248_dec d = { .p = pool, .err = err };
	const struct h248_node *n;
	struct h248_trans *tr = NULL;

	memset(m, 0, sizeof(*m));
	pool->ntrans = pool->nactions = pool->ncmds = 0;
	pool->nstreams = pool->nevents = pool->nparams = 0;
	if (!t->body || !t->mid)
		return dec_fail(&d, NULL, H248_ERR_SYNTAX_MSG, "no message");
	m->version = t->version;
	m->mid = t->mid;
	dec_mid(m);
	if (m->version > H248_VERSION) {
		d.err->off = 0;
		return dec_fail(&d, NULL, H248_ERR_VERSION,
				"version not supported");
	}
	if (dec_tok(t->body) == H248_TOK_ERROR) {
		if (t->body->next)
			return dec_fail(&d, t->body->next, H248_ERR_SYNTAX_MSG,
					"error with transactions");
		m->has_error = true;
		return dec_error(&d, t->body, &m->error);
	}
	for (n = t->body; n; n = n->next) {
		d.in_trans = false;	/* not the one before's */
		if (DEC_APPEND(&d, n, pool->trans, pool->ntrans,
			       H248_MAX_TRANS, m->trans, m->ntrans, tr))
			return -EINVAL;
		if (!dec_trans(&d, n, tr))
			continue;
		/*
		 * A request that names its id but cannot be decoded is
		 * answered alone with its error; the others of the message
		 * still run (H.248.1 8.2.2: transactions are independent).
		 * Anything else spoils the message.
		 */
		if (!err->has_trans || tr->kind != H248_TRANS_REQUEST)
			return -EINVAL;
		tr->has_error = true;
		tr->error.code = (unsigned int)err->code;
		tr->error.text = err->reason;
		tr->actions = NULL;
		tr->nactions = 0;
	}
	return 0;
}

int h248_parse(const char *buf, size_t len, struct h248_tree *t,
	       struct h248_msg *m, struct h248_pool *pool,
	       struct h248_err *err)
{
	return h248_parse_tree(buf, len, t, err) ?:
	       h248_decode(t, m, pool, err);
}
