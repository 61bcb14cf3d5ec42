// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text: the semantic layer.  Walks the tree h248_lex.c built
 * and fills struct h248_msg with transactions, actions (with their
 * Topology and ContextAudit) and commands; each command's descriptors
 * are h248_desc.c's.  Package properties and parameters are kept as
 * name/value strings.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "h248_dec.h"

int h248_dec_fail(struct h248_dec *d, const struct h248_node *n, int code,
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

enum h248_tok h248_dec_tok(const struct h248_node *n)
{
	if (n->flags & H248_N_QNAME)
		return H248_TOK_NONE;
	return h248_token_lookup(n->name, strlen(n->name));
}

/* Decimal, no sign, no leading junk, fits 32 bits. */
bool h248_dec_u32(const char *s, uint32_t *v)
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


int h248_dec_param(struct h248_dec *d, const struct h248_node *n,
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
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD,
				"bad parameter");
	if (DEC_APPEND(d, n, d->p->params, d->p->nparams, H248_MAX_PARAMS,
		       *base, *count, pa))
		return -EINVAL;
	pa->name = n->name;
	pa->value = n->value;
	pa->op = n->op;
	return 0;
}

int h248_dec_params(struct h248_dec *d, const struct h248_node *first,
		      struct h248_param **base, unsigned int *count)
{
	const struct h248_node *c;

	for (c = first; c; c = c->next)
		if (h248_dec_param(d, c, base, count))
			return -EINVAL;
	return 0;
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
	else if (!h248_dec_u32(s, ctx) || *ctx >= H248_CTX_CHOOSE)
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
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad context id");
	for (c = n->child; c; c = c->next) {
		if (c->flags & H248_N_QNAME)
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_ACTION,
					"unexpected string");
		kind = dec_cmd_kind(c->name, &opt, &wild);
		if (kind < 0) {
			switch (h248_dec_tok(c)) {
			case H248_TOK_ERROR:
				if (!reply || a->has_error)
					break;
				a->has_error = true;
				if (h248_dec_error(d, c, &a->error))
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
				if (h248_dec_param(d, c, &a->props, &a->nprops))
					return -EINVAL;
				continue;
			default:
				break;
			}
			return h248_dec_fail(d, c, H248_ERR_UNKNOWN_CMD,
					"unknown command");
		}
		if (DEC_APPEND(d, c, d->p->cmds, d->p->ncmds, H248_MAX_CMDS,
			       a->cmds, a->ncmds, cmd))
			return -EINVAL;
		cmd->kind = (enum h248_cmd_kind)kind;
		cmd->optional = opt;
		cmd->wildcard = wild;
		if (c->op != '=' || !c->value || (c->flags & H248_N_QVALUE))
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_CMD,
					"bad termination id");
		cmd->tid = c->value;
		for (dn = c->child; dn; dn = dn->next)
			if (h248_dec_descriptor(d, dn, cmd))
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
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad topology");
	a->has_topology = true;
	for (c = n->child; c; c = c->next) {
		items++;
		switch (h248_dec_tok(c)) {
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
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_ACTION, "bad topology");
	return 0;
}

static int dec_actions(struct h248_dec *d, const struct h248_node *first,
		       struct h248_trans *tr, bool reply)
{
	const struct h248_node *c;
	struct h248_action *a = NULL;

	for (c = first; c; c = c->next) {
		if (h248_dec_tok(c) != H248_TOK_CONTEXT)
			return h248_dec_fail(d, c, reply ? H248_ERR_SYNTAX_TRANS :
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
	return h248_dec_u32(buf, id) ? 0 : -1;
}

static int dec_acks(struct h248_dec *d, const struct h248_node *n,
		    struct h248_trans *tr)
{
	const struct h248_node *c;
	char buf[24], *dash;

	if (!n->child)
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_MSG, "empty ack");
	for (c = n->child; c; c = c->next) {
		struct h248_ack_range *r = &tr->acks[tr->nacks];

		if (tr->nacks >= H248_MAX_ACKS)
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_MSG,
					"too many acks");
		if (c->op || c->child || strlen(c->name) >= sizeof(buf))
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_MSG, "bad ack");
		strcpy(buf, c->name);
		dash = strchr(buf, '-');
		if (dash)
			*dash++ = '\0';
		if (!h248_dec_u32(buf, &r->first) ||
		    !h248_dec_u32(dash ? dash : buf, &r->last) ||
		    r->last < r->first)
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_MSG, "bad ack");
		tr->nacks++;
	}
	return 0;
}

static int dec_trans(struct h248_dec *d, const struct h248_node *n,
		     struct h248_trans *tr)
{
	const struct h248_node *c = n->child;

	d->in_trans = false;
	switch (h248_dec_tok(n)) {
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
			return h248_dec_fail(d, n, H248_ERR_SYNTAX_MSG, "bad ack");
		return dec_acks(d, n, tr);
	default:
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_MSG,
				"expected a transaction");
	}
	if (n->op != '=' || (n->flags & H248_N_QVALUE) ||
	    dec_trans_id(n->value, &tr->id, tr->kind == H248_TRANS_REPLY))
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
				"bad transaction id");
	d->in_trans = true;
	d->in_request = tr->kind == H248_TRANS_REQUEST;
	d->trans_id = tr->id;
	switch (tr->kind) {
	case H248_TRANS_PENDING:
		if (c)
			return h248_dec_fail(d, c, H248_ERR_SYNTAX_TRANS,
					"pending with a body");
		return 0;
	case H248_TRANS_REQUEST:
		if (!c)
			return h248_dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
					"transaction without actions");
		return dec_actions(d, c, tr, false);
	default:
		break;
	}
	if (c && h248_dec_tok(c) == H248_TOK_IMM_ACK_REQUIRED && !c->op &&
	    !c->child) {
		tr->imm_ack = true;
		c = c->next;
	}
	if (c && h248_dec_tok(c) == H248_TOK_ERROR) {
		tr->has_error = true;
		if (c->next)
			return h248_dec_fail(d, c->next, H248_ERR_SYNTAX_TRANS,
					"reply error with actions");
		return h248_dec_error(d, c, &tr->error);
	}
	if (!c)
		return h248_dec_fail(d, n, H248_ERR_SYNTAX_TRANS,
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
	if (port && port[1] == ':' && h248_dec_u32(port + 2, &p) && p <= 65535)
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
		return h248_dec_fail(&d, NULL, H248_ERR_SYNTAX_MSG, "no message");
	m->version = t->version;
	m->mid = t->mid;
	dec_mid(m);
	if (m->version > H248_VERSION) {
		d.err->off = 0;
		return h248_dec_fail(&d, NULL, H248_ERR_VERSION,
				"version not supported");
	}
	if (h248_dec_tok(t->body) == H248_TOK_ERROR) {
		if (t->body->next)
			return h248_dec_fail(&d, t->body->next, H248_ERR_SYNTAX_MSG,
					"error with transactions");
		m->has_error = true;
		return h248_dec_error(&d, t->body, &m->error);
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
