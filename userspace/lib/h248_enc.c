// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text: the encoder.  Writes a struct h248_msg either pretty
 * (long keywords, one item a line, indented) or compact (short keywords,
 * no layout), into the caller's buffer.  Nothing is written past @size;
 * a message that does not fit gives -ENOSPC.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "h248.h"

struct h248_enc {
	char *buf;
	size_t size;
	size_t pos;
	bool compact;
	bool nospc;
	unsigned int depth;
	unsigned int items[H248_MAX_DEPTH + 2];
};

static void e_raw(struct h248_enc *e, const char *s, size_t n)
{
	if (e->nospc || n >= e->size - e->pos) {
		e->nospc = true;
		return;
	}
	memcpy(e->buf + e->pos, s, n);
	e->pos += n;
	e->buf[e->pos] = '\0';
}

static void e_str(struct h248_enc *e, const char *s)
{
	e_raw(e, s, strlen(s));
}

static void e_fmt(struct h248_enc *e, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		e_raw(e, tmp, (size_t)n < sizeof(tmp) ? (size_t)n :
		      sizeof(tmp) - 1);
}

static void e_indent(struct h248_enc *e)
{
	unsigned int i;

	if (e->compact)
		return;
	e_raw(e, "\n", 1);
	for (i = 0; i < e->depth; i++)
		e_raw(e, "    ", 4);
}

/* Start an item of the current list: separator and layout. */
static void e_item(struct h248_enc *e)
{
	if (e->items[e->depth]++ && e->depth)
		e_raw(e, ",", 1);
	if (e->depth || e->items[0] > 1)
		e_indent(e);
}

static void e_tok(struct h248_enc *e, enum h248_tok tok)
{
	e_str(e, h248_token_name(tok, e->compact));
}

static void e_eq(struct h248_enc *e, char op)
{
	if (e->compact)
		e_raw(e, &op, 1);
	else
		e_fmt(e, " %c ", op);
}

static void e_open(struct h248_enc *e)
{
	e_str(e, e->compact ? "{" : " {");
	if (e->depth + 1 >= sizeof(e->items) / sizeof(e->items[0])) {
		e->nospc = true;	/* cannot happen with our nesting */
		return;
	}
	e->items[++e->depth] = 0;
}

static void e_close(struct h248_enc *e)
{
	bool had = e->items[e->depth];

	e->depth--;
	if (had)
		e_indent(e);
	e_raw(e, "}", 1);
}

static bool e_safe_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c && strchr("+-&!_/'?@^`~*$\\%|.:", c));
}

/* Whether the decoder would read @v back as one unquoted value. */
static bool e_safe(const char *v)
{
	if (!*v)
		return false;
	if (*v == '[' || *v == '<') {
		char close = *v == '[' ? ']' : '>';

		for (v++; *v && *v != close; v++)
			if (*v != '[' && *v != '<' && !e_safe_char(*v))
				return false;
		if (!*v++)
			return false;
	}
	for (; *v; v++)
		if (!e_safe_char(*v))
			return false;
	return true;
}

/*
 * quotedString = DQUOTE *(SafeChar / RestChar / LWSP / %x80-FF) DQUOTE
 * (H.248.1 B.2): no escape exists, so a DQUOTE of the text becomes an
 * apostrophe and a control character a space; the text stays readable
 * and the message parses.
 */
static void e_quoted(struct h248_enc *e, const char *v)
{
	char c;

	e_raw(e, "\"", 1);
	for (; *v; v++) {
		c = *v == '"' ? '\'' :
		    ((unsigned char)*v < 0x20 || *v == 0x7f) ? ' ' : *v;
		e_raw(e, &c, 1);
	}
	e_raw(e, "\"", 1);
}

static void e_value(struct h248_enc *e, const char *v, bool quote)
{
	if (quote || !e_safe(v)) {
		e_quoted(e, v);
	} else {
		e_str(e, v);
	}
}

/* Token = value (an item of the current list) */
static void e_tv(struct h248_enc *e, enum h248_tok tok, const char *v)
{
	e_item(e);
	e_tok(e, tok);
	e_eq(e, '=');
	e_value(e, v, false);
}

static void e_tu(struct h248_enc *e, enum h248_tok tok, unsigned long v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%lu", v);
	e_tv(e, tok, tmp);
}

static void e_params(struct h248_enc *e, const struct h248_param *p,
		     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		e_item(e);
		e_str(e, p[i].name);
		if (p[i].value) {
			e_eq(e, p[i].op ? p[i].op : '=');
			e_value(e, p[i].value, false);
		}
	}
}

static void e_octet(struct h248_enc *e, enum h248_tok tok, const char *sdp)
{
	const char *s;

	e_item(e);
	e_tok(e, tok);
	e_str(e, e->compact ? "{\n" : " {\n");
	for (s = sdp; *s; s++) {
		if (*s == '}')
			e_raw(e, "\\", 1);
		e_raw(e, s, 1);
	}
	if (!e->compact)
		e_indent(e);
	else
		e_raw(e, "\n", 1);
	e_raw(e, "}", 1);
}

static const enum h248_tok e_modes[] = {
	[H248_MODE_SEND_RECV] = H248_TOK_SEND_RECV,
	[H248_MODE_SEND_ONLY] = H248_TOK_SEND_ONLY,
	[H248_MODE_RECV_ONLY] = H248_TOK_RECV_ONLY,
	[H248_MODE_INACTIVE] = H248_TOK_INACTIVE,
	[H248_MODE_LOOPBACK] = H248_TOK_LOOPBACK,
};

static void e_media(struct h248_enc *e, const struct h248_cmd *c)
{
	unsigned int i;

	e_item(e);
	e_tok(e, H248_TOK_MEDIA);
	e_open(e);
	if (c->ntstate) {
		e_item(e);
		e_tok(e, H248_TOK_TERMINATION_STATE);
		e_open(e);
		e_params(e, c->tstate, c->ntstate);
		e_close(e);
	}
	for (i = 0; i < c->nstreams; i++) {
		const struct h248_stream *st = &c->streams[i];

		e_item(e);
		e_tok(e, H248_TOK_STREAM);
		e_eq(e, '=');
		e_fmt(e, "%u", st->id);
		e_open(e);
		if (st->mode != H248_MODE_UNSET || st->nprops) {
			e_item(e);
			e_tok(e, H248_TOK_LOCAL_CONTROL);
			e_open(e);
			if (st->mode > H248_MODE_UNSET &&
			    st->mode <= H248_MODE_LOOPBACK) {
				e_item(e);
				e_tok(e, H248_TOK_MODE);
				e_eq(e, '=');
				e_tok(e, e_modes[st->mode]);
			}
			e_params(e, st->props, st->nprops);
			e_close(e);
		}
		if (st->local)
			e_octet(e, H248_TOK_LOCAL, st->local);
		if (st->remote)
			e_octet(e, H248_TOK_REMOTE, st->remote);
		if (st->has_stats) {
			e_item(e);
			e_tok(e, H248_TOK_STATISTICS);
			e_open(e);
			e_params(e, st->stats, st->nstats);
			e_close(e);
		}
		e_close(e);
	}
	e_close(e);
}

static void e_events(struct h248_enc *e, const struct h248_event *ev,
		     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		e_item(e);
		if (ev[i].timestamp) {
			e_str(e, ev[i].timestamp);
			e_raw(e, ":", 1);
		}
		e_str(e, ev[i].name);
		if (ev[i].nparams) {
			e_open(e);
			e_params(e, ev[i].params, ev[i].nparams);
			e_close(e);
		}
	}
}

static void e_evdesc(struct h248_enc *e, enum h248_tok tok, uint32_t rid,
		     const struct h248_event *ev, unsigned int n)
{
	e_item(e);
	e_tok(e, tok);
	if (!n)
		return;
	e_eq(e, '=');
	e_fmt(e, "%u", rid);
	e_open(e);
	e_events(e, ev, n);
	e_close(e);
}

static const struct { unsigned int bit; enum h248_tok tok; } e_audits[] = {
	{ H248_D_MEDIA, H248_TOK_MEDIA },
	{ H248_D_EVENTS, H248_TOK_EVENTS },
	{ H248_D_SIGNALS, H248_TOK_SIGNALS },
	{ H248_D_OBSERVED, H248_TOK_OBSERVED_EVENTS },
	{ H248_D_STATS, H248_TOK_STATISTICS },
	{ H248_D_DIGIT_MAP, H248_TOK_DIGIT_MAP },
	{ H248_D_EVENT_BUFFER, H248_TOK_EVENT_BUFFER },
	{ H248_D_MODEM, H248_TOK_MODEM },
	{ H248_D_MUX, H248_TOK_MUX },
	{ H248_D_PACKAGES, H248_TOK_PACKAGES },
};

static const enum h248_tok e_methods[] = {
	[H248_SC_FAILOVER] = H248_TOK_FAILOVER,
	[H248_SC_FORCED] = H248_TOK_FORCED,
	[H248_SC_GRACEFUL] = H248_TOK_GRACEFUL,
	[H248_SC_RESTART] = H248_TOK_RESTART,
	[H248_SC_DISCONNECTED] = H248_TOK_DISCONNECTED,
	[H248_SC_HANDOFF] = H248_TOK_HANDOFF,
};

static void e_services(struct h248_enc *e, const struct h248_svc *s)
{
	e_item(e);
	e_tok(e, H248_TOK_SERVICES);
	e_open(e);
	if (s->method_ext) {
		e_tv(e, H248_TOK_METHOD, s->method_ext);
	} else if (s->method > H248_SC_UNSET && s->method <= H248_SC_HANDOFF) {
		e_item(e);
		e_tok(e, H248_TOK_METHOD);
		e_eq(e, '=');
		e_tok(e, e_methods[s->method]);
	}
	if (s->address)
		e_tv(e, H248_TOK_SERVICE_CHANGE_ADDRESS, s->address);
	if (s->mgc_id)
		e_tv(e, H248_TOK_MGC_ID, s->mgc_id);
	if (s->reason) {
		e_item(e);
		e_tok(e, H248_TOK_REASON);
		e_eq(e, '=');
		e_value(e, s->reason, true);
	}
	if (s->has_delay)
		e_tu(e, H248_TOK_DELAY, s->delay);
	if (s->profile)
		e_tv(e, H248_TOK_PROFILE, s->profile);
	if (s->version)
		e_tu(e, H248_TOK_VERSION, s->version);
	e_close(e);
}

/*
 * errorDescriptor = ErrorToken EQUAL ErrorCode LBRKT [quotedString] RBRKT
 * (H.248.1 Annex B): the braces even without a text.
 */
static void e_error(struct h248_enc *e, const struct h248_error *err)
{
	e_tu(e, H248_TOK_ERROR, err->code);
	e_open(e);
	if (err->text) {
		e_item(e);
		e_value(e, err->text, true);
	}
	e_close(e);
}

static void e_cmd(struct h248_enc *e, const struct h248_cmd *c)
{
	unsigned int d = c->present, i;

	e_item(e);
	if (c->optional)
		e_str(e, "O-");
	if (c->wildcard)
		e_str(e, "W-");
	e_str(e, h248_cmd_name(c->kind, e->compact));
	e_eq(e, '=');
	e_str(e, c->tid);
	/* a Packages descriptor is decoded without its items: none to tell */
	if (!c->npackages)
		d &= ~H248_D_PACKAGES;
	if (!(d & (H248_D_MEDIA | H248_D_EVENTS | H248_D_SIGNALS |
		   H248_D_OBSERVED | H248_D_AUDIT | H248_D_STATS |
		   H248_D_SERVICES | H248_D_ERROR | H248_D_PACKAGES)))
		return;
	e_open(e);
	if (d & H248_D_ERROR)
		e_error(e, &c->error);
	if (d & H248_D_SERVICES)
		e_services(e, &c->svc);
	if (d & H248_D_MEDIA)
		e_media(e, c);
	if (d & H248_D_EVENTS)
		e_evdesc(e, H248_TOK_EVENTS, c->events_rid, c->events,
			 c->nevents);
	if (d & H248_D_SIGNALS) {
		e_item(e);
		e_tok(e, H248_TOK_SIGNALS);
		if (c->nsignals) {
			e_open(e);
			e_events(e, c->signals, c->nsignals);
			e_close(e);
		}
	}
	if (d & H248_D_OBSERVED)
		e_evdesc(e, H248_TOK_OBSERVED_EVENTS, c->observed_rid,
			 c->observed, c->nobserved);
	if (d & H248_D_AUDIT) {
		e_item(e);
		e_tok(e, H248_TOK_AUDIT);
		e_open(e);
		for (i = 0; i < sizeof(e_audits) / sizeof(e_audits[0]); i++) {
			if (c->audit & e_audits[i].bit) {
				e_item(e);
				e_tok(e, e_audits[i].tok);
			}
		}
		e_close(e);
	}
	if (d & H248_D_STATS) {
		e_item(e);
		e_tok(e, H248_TOK_STATISTICS);
		e_open(e);
		e_params(e, c->stats, c->nstats);
		e_close(e);
	}
	/* packagesDescriptor = PackagesToken LBRKT packagesItem ... RBRKT */
	if (d & H248_D_PACKAGES && c->npackages) {
		e_item(e);
		e_tok(e, H248_TOK_PACKAGES);
		e_open(e);
		for (i = 0; i < c->npackages; i++) {
			e_item(e);
			e_str(e, c->packages[i]);
		}
		e_close(e);
	}
	e_close(e);
}

static void e_ctx(struct h248_enc *e, uint32_t ctx)
{
	if (ctx == H248_CTX_NULL)
		e_raw(e, "-", 1);
	else if (ctx == H248_CTX_CHOOSE)
		e_raw(e, "$", 1);
	else if (ctx == H248_CTX_ALL)
		e_raw(e, "*", 1);
	else
		e_fmt(e, "%u", ctx);
}

static void e_action(struct h248_enc *e, const struct h248_action *a)
{
	unsigned int i;

	e_item(e);
	e_tok(e, H248_TOK_CONTEXT);
	e_eq(e, '=');
	e_ctx(e, a->ctx);
	e_open(e);
	e_params(e, a->props, a->nprops);
	for (i = 0; i < a->ncmds; i++)
		e_cmd(e, &a->cmds[i]);
	if (a->has_error)
		e_error(e, &a->error);
	e_close(e);
}

static int e_trans(struct h248_enc *e, const struct h248_trans *t)
{
	static const enum h248_tok toks[] = {
		[H248_TRANS_REQUEST] = H248_TOK_TRANSACTION,
		[H248_TRANS_REPLY] = H248_TOK_REPLY,
		[H248_TRANS_PENDING] = H248_TOK_PENDING,
		[H248_TRANS_ACK] = H248_TOK_RESPONSE_ACK,
	};
	unsigned int i;

	if ((unsigned int)t->kind > H248_TRANS_ACK)
		return -EINVAL;
	e_item(e);
	e_tok(e, toks[t->kind]);
	if (t->kind != H248_TRANS_ACK) {
		e_eq(e, '=');
		e_fmt(e, "%u", t->id);
	}
	e_open(e);
	switch (t->kind) {
	case H248_TRANS_ACK:
		if (!t->nacks || t->nacks > H248_MAX_ACKS)
			return -EINVAL;
		for (i = 0; i < t->nacks; i++) {
			e_item(e);
			e_fmt(e, "%u", t->acks[i].first);
			if (t->acks[i].last != t->acks[i].first)
				e_fmt(e, "-%u", t->acks[i].last);
		}
		break;
	case H248_TRANS_REPLY:
		if (t->imm_ack) {
			e_item(e);
			e_tok(e, H248_TOK_IMM_ACK_REQUIRED);
		}
		if (t->has_error) {
			e_error(e, &t->error);
			break;
		}
		__attribute__((fallthrough));
	case H248_TRANS_REQUEST:
		for (i = 0; i < t->nactions; i++)
			e_action(e, &t->actions[i]);
		break;
	default:
		break;
	}
	e_close(e);
	return 0;
}

/* Every string the encoder will write must be there. */
static int e_check(const struct h248_msg *m)
{
	unsigned int i, j, k;

	if (!m->mid || !*m->mid || !m->version || m->version > 99)
		return -EINVAL;
	for (i = 0; i < m->ntrans; i++) {
		const struct h248_trans *t = &m->trans[i];

		for (j = 0; j < t->nactions; j++) {
			const struct h248_action *a = &t->actions[j];

			for (k = 0; k < a->ncmds; k++)
				if (!a->cmds[k].tid || !*a->cmds[k].tid ||
				    (unsigned int)a->cmds[k].kind >= H248_CMD_NR)
					return -EINVAL;
		}
	}
	return 0;
}

int h248_encode(const struct h248_msg *m, char *buf, size_t size,
		unsigned int flags)
{
	struct h248_enc e = {
		.buf = buf, .size = size,
		.compact = flags & H248_ENC_COMPACT,
	};
	unsigned int i;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (e_check(m) || (!m->has_error && !m->ntrans))
		return -EINVAL;
	e_str(&e, e.compact ? "!/" : "MEGACO/");
	e_fmt(&e, "%u ", m->version);
	e_str(&e, m->mid);
	e_raw(&e, "\n", 1);
	if (m->has_error) {
		e_error(&e, &m->error);
	} else {
		for (i = 0; i < m->ntrans; i++)
			if (e_trans(&e, &m->trans[i]))
				return -EINVAL;
	}
	e_raw(&e, "\n", 1);
	if (e.nospc)
		return -ENOSPC;
	return (int)e.pos;
}
