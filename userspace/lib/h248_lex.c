// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text: the message header and the tree of items.
 *
 * After "MEGACO/<version> <mId>" (or "!/<version>") a message is a list of
 * items, each   Name [op Value] [ { item, item, ... } | ( item, ... ) ]
 * where op is one of = # < >, Name and Value are runs of safe characters
 * (or quoted strings), and a Value may start with a bracketed address
 * ("[192.0.2.1]:2944", "<example.net>:2944").  Top-level items are not
 * separated by commas.  Whitespace and comments (";" to end of line) may
 * stand between any two tokens.  The body of a Local or Remote descriptor
 * is an octet string: every byte up to the first "}" not escaped as "\}",
 * kept as it is except that the escape is undone and the surrounding
 * whitespace trimmed.
 *
 * Every string is copied NUL-terminated into the tree's arena, so the
 * caller's buffer need not outlive the tree.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "h248.h"

struct h248_lexer {
	const char *s;
	size_t len;
	size_t pos;
	struct h248_tree *t;
	struct h248_err *err;
};

static int lx_fail(struct h248_lexer *lx, size_t off, const char *reason)
{
	lx->err->code = H248_ERR_SYNTAX_MSG;
	lx->err->off = off;
	lx->err->reason = reason;
	lx->err->has_trans = false;
	lx->err->trans_id = 0;
	return -EINVAL;
}

static int lx_peek(const struct h248_lexer *lx)
{
	return lx->pos < lx->len ? (unsigned char)lx->s[lx->pos] : -1;
}

/* ABNF SafeChar, less "(" and ")" (parameter lists), plus ":" (time stamps) */
static bool lx_safe(int c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c > 0 && strchr("+-&!_/'?@^`~*$\\%|.:", c);
}

static void lx_skip_ws(struct h248_lexer *lx)
{
	while (lx->pos < lx->len) {
		char c = lx->s[lx->pos];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			lx->pos++;
		} else if (c == ';') {
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n' &&
			       lx->s[lx->pos] != '\r')
				lx->pos++;
		} else {
			break;
		}
	}
}

/* Copy [from, from+n) into the arena; undo "\}" when @octet. */
static const char *lx_str(struct h248_lexer *lx, size_t from, size_t n,
			  bool octet)
{
	struct h248_tree *t = lx->t;
	char *d;
	size_t i;

	if (n + 1 > sizeof(t->strs) - t->nstrs) {
		lx_fail(lx, from, "message too large");
		return NULL;
	}
	d = t->strs + t->nstrs;
	for (i = 0; i < n; i++) {
		if (octet && lx->s[from + i] == '\\' && i + 1 < n &&
		    lx->s[from + i + 1] == '}')
			i++;
		*d++ = lx->s[from + i];
	}
	*d++ = '\0';
	d = t->strs + t->nstrs;
	t->nstrs += strlen(d) + 1;
	return d;
}

/* A run of safe characters; bracketed address parts allowed when @value. */
static const char *lx_word(struct h248_lexer *lx, bool value)
{
	size_t start = lx->pos;
	int c;

	if (value && (lx_peek(lx) == '[' || lx_peek(lx) == '<')) {
		char close = lx_peek(lx) == '[' ? ']' : '>';

		while (lx->pos < lx->len && lx->s[lx->pos] != close) {
			c = (unsigned char)lx->s[lx->pos];
			if (c != '[' && c != '<' && !lx_safe(c))
				break;
			lx->pos++;
		}
		if (lx_peek(lx) != close) {
			lx_fail(lx, lx->pos, "unterminated address");
			return NULL;
		}
		lx->pos++;
	}
	while (lx->pos < lx->len && lx_safe((unsigned char)lx->s[lx->pos]))
		lx->pos++;
	if (lx->pos == start) {
		lx_fail(lx, start, lx->pos < lx->len ? "expected a token" :
			"unexpected end of message");
		return NULL;
	}
	if (lx->pos - start > H248_MAX_TOKEN) {
		lx_fail(lx, start, "token too long");
		return NULL;
	}
	return lx_str(lx, start, lx->pos - start, false);
}

static const char *lx_quoted(struct h248_lexer *lx)
{
	size_t start = ++lx->pos;

	while (lx->pos < lx->len && lx->s[lx->pos] != '"')
		lx->pos++;
	if (lx->pos >= lx->len) {
		lx_fail(lx, start - 1, "unterminated quoted string");
		return NULL;
	}
	if (lx->pos - start > H248_MAX_TOKEN) {
		lx_fail(lx, start - 1, "quoted string too long");
		return NULL;
	}
	lx->pos++;
	return lx_str(lx, start, lx->pos - 1 - start, false);
}

/* After "{" of a Local or Remote: the body up to the unescaped "}". */
static const char *lx_octet(struct h248_lexer *lx)
{
	size_t start = lx->pos, end;

	while (lx->pos < lx->len && lx->s[lx->pos] != '}') {
		if (lx->s[lx->pos] == '\\' && lx->pos + 1 < lx->len)
			lx->pos++;
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		lx_fail(lx, start, "unterminated octet string");
		return NULL;
	}
	end = lx->pos++;
	if (end - start > H248_MAX_OCTET) {
		lx_fail(lx, start, "octet string too long");
		return NULL;
	}
	while (start < end && strchr(" \t\r\n", lx->s[start]))
		start++;
	while (end > start && strchr(" \t\r\n", lx->s[end - 1]))
		end--;
	/* a trailing backslash would have escaped the closing brace */
	return lx_str(lx, start, end - start, true);
}

static struct h248_node *lx_node(struct h248_lexer *lx)
{
	struct h248_node *n;

	if (lx->t->nnodes >= H248_MAX_NODES) {
		lx_fail(lx, lx->pos, "too many items");
		return NULL;
	}
	n = &lx->t->nodes[lx->t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->off = (uint32_t)lx->pos;
	return n;
}

/* "yyyymmddThhmmssss:name": split the time stamp off the name. */
static void lx_split_stamp(struct h248_node *n)
{
	char *s = (char *)n->name;
	int i;

	if (strlen(s) < 19 || s[17] != ':' || (s[8] != 'T' && s[8] != 't'))
		return;
	for (i = 0; i < 17; i++)
		if (i != 8 && (s[i] < '0' || s[i] > '9'))
			return;
	s[17] = '\0';
	n->stamp = s;
	n->name = s + 18;
}

static bool lx_is_octet_name(const char *name)
{
	return !strcasecmp(name, "Local") || !strcasecmp(name, "L") ||
	       !strcasecmp(name, "Remote") || !strcasecmp(name, "R");
}

static int lx_list(struct h248_lexer *lx, struct h248_node **first,
		   char close, unsigned int depth);

static int lx_item(struct h248_lexer *lx, struct h248_node **out,
		   unsigned int depth)
{
	struct h248_node *n = lx_node(lx);
	int c;

	if (!n)
		return -EINVAL;
	if (lx_peek(lx) == '"') {
		n->name = lx_quoted(lx);
		n->flags |= H248_N_QNAME;
	} else {
		n->name = lx_word(lx, false);
		if (n->name)
			lx_split_stamp(n);
	}
	if (!n->name)
		return -EINVAL;
	lx_skip_ws(lx);
	c = lx_peek(lx);
	if (c == '=' || c == '#' || c == '<' || c == '>') {
		n->op = (char)c;
		lx->pos++;
		lx_skip_ws(lx);
		c = lx_peek(lx);
		if (c == '"') {
			n->value = lx_quoted(lx);
			n->flags |= H248_N_QVALUE;
		} else if (c != '{') {
			n->value = lx_word(lx, true);
		}
		if (c != '{' && !n->value)
			return -EINVAL;
		lx_skip_ws(lx);
		c = lx_peek(lx);
	}
	if (c == '{' && !n->op && !(n->flags & H248_N_QNAME) &&
	    lx_is_octet_name(n->name)) {
		lx->pos++;
		n->value = lx_octet(lx);
		n->flags |= H248_N_OCTET;
		if (!n->value)
			return -EINVAL;
	} else if (c == '{' || c == '(') {
		if (depth >= H248_MAX_DEPTH)
			return lx_fail(lx, lx->pos, "nesting too deep");
		lx->pos++;
		n->flags |= c == '{' ? H248_N_BRACES : H248_N_PARENS;
		if (lx_list(lx, &n->child, c == '{' ? '}' : ')', depth + 1))
			return -EINVAL;
	}
	*out = n;
	return 0;
}

/* Items separated by commas up to @close (a trailing comma is tolerated). */
static int lx_list(struct h248_lexer *lx, struct h248_node **first,
		   char close, unsigned int depth)
{
	struct h248_node **link = first;
	size_t open = lx->pos - 1;

	for (;;) {
		lx_skip_ws(lx);
		if (lx_peek(lx) == close) {
			lx->pos++;
			return 0;
		}
		if (lx_peek(lx) < 0)
			return lx_fail(lx, open, close == '}' ?
				       "unbalanced '{'" : "unbalanced '('");
		if (lx_item(lx, link, depth))
			return -EINVAL;
		link = &(*link)->next;
		lx_skip_ws(lx);
		if (lx_peek(lx) == ',') {
			lx->pos++;
		} else if (lx_peek(lx) != close) {
			if (lx_peek(lx) < 0)
				return lx_fail(lx, open, close == '}' ?
					       "unbalanced '{'" :
					       "unbalanced '('");
			return lx_fail(lx, lx->pos, close == '}' ?
				       "expected ',' or '}'" :
				       "expected ',' or ')'");
		}
	}
}

/* "MEGACO/3 " or "!/3 ", then the mId and at least one separator. */
static int lx_header(struct h248_lexer *lx)
{
	struct h248_tree *t = lx->t;
	size_t start, v;

	lx_skip_ws(lx);
	start = lx->pos;
	if (lx->len - lx->pos >= 7 && !strncasecmp(lx->s + lx->pos,
						   "MEGACO/", 7))
		lx->pos += 7;
	else if (lx->len - lx->pos >= 2 && !strncmp(lx->s + lx->pos, "!/", 2))
		lx->pos += 2;
	else
		return lx_fail(lx, start, "expected MEGACO/version");
	v = lx->pos;
	t->version = 0;
	while (lx->pos < lx->len && lx->s[lx->pos] >= '0' &&
	       lx->s[lx->pos] <= '9' && lx->pos - v < 2)
		t->version = t->version * 10 + (lx->s[lx->pos++] - '0');
	if (lx->pos == v || t->version == 0)
		return lx_fail(lx, v, "bad version");
	if (lx->pos >= lx->len || !strchr(" \t\r\n", lx->s[lx->pos]))
		return lx_fail(lx, lx->pos, "expected separator after version");
	lx_skip_ws(lx);
	t->mid_off = (uint32_t)lx->pos;
	if (lx->len - lx->pos > 4 && !strncasecmp(lx->s + lx->pos, "MTP{", 4)) {
		start = lx->pos;
		while (lx->pos < lx->len && lx->s[lx->pos] != '}')
			lx->pos++;
		if (lx->pos >= lx->len || lx->pos - start > H248_MAX_TOKEN)
			return lx_fail(lx, start, "bad MTP address");
		lx->pos++;
		t->mid = lx_str(lx, start, lx->pos - start, false);
	} else {
		t->mid = lx_word(lx, true);
	}
	if (!t->mid)
		return -EINVAL;
	if (lx->pos < lx->len && !strchr(" \t\r\n;", lx->s[lx->pos]))
		return lx_fail(lx, lx->pos, "bad message identifier");
	return 0;
}

int h248_parse_tree(const char *buf, size_t len, struct h248_tree *t,
		    struct h248_err *err)
{
	struct h248_lexer lx = { .s = buf, .len = len, .t = t, .err = err };
	struct h248_node **link = &t->body;

	t->nnodes = 0;
	t->nstrs = 0;
	t->body = NULL;
	t->mid = NULL;
	if (len > H248_MAX_MSG)
		return lx_fail(&lx, H248_MAX_MSG, "message too large");
	if (memchr(buf, '\0', len))
		return lx_fail(&lx, (const char *)memchr(buf, '\0', len) - buf,
			       "NUL byte in message");
	if (lx_header(&lx))
		return -EINVAL;
	for (;;) {
		lx_skip_ws(&lx);
		if (lx.pos >= len)
			break;
		if (buf[lx.pos] == '}' || buf[lx.pos] == ')')
			return lx_fail(&lx, lx.pos, "unbalanced closing bracket");
		if (lx_item(&lx, link, 0))
			return -EINVAL;
		link = &(*link)->next;
	}
	if (!t->body)
		return lx_fail(&lx, len, "empty message body");
	return 0;
}
