/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink helpers for mediasec's API tests: requests written as attribute
 * lists (so a malformed one is one line), and state snapshots (every
 * object of a dump, byte for byte) to prove a refused request changed
 * nothing.
 */
#ifndef _MS_NLTEST_H
#define _MS_NLTEST_H

#include <errno.h>
#include <string.h>

#include "../userspace/lib/msnl.h"

/* Attributes of a request, written in order; type 0 ends the list. */
struct a {
	int type;		/* -1 opens the nest @len, -2 closes it */
	int len;		/* bytes of val or data */
	unsigned long long val;	/* an integer, host order */
	const void *data;	/* bytes (BIN); then val is unused */
};

#define U8(t, v)	{ (t), 1, (v), NULL }
#define U16(t, v)	{ (t), 2, (v), NULL }
#define U32(t, v)	{ (t), 4, (v), NULL }
#define U64(t, v)	{ (t), 8, (v), NULL }
#define BIN(t, p, l)	{ (t), (l), 0, (p) }
#define NEST_BEGIN(t)	{ -1, (t), 0, NULL }
#define NEST_END	{ -2, 0, 0, NULL }

/* Send @cmd with nest @nest holding @attrs; 0 or -errno. */
static inline int ms_req(struct msnl *nl, int cmd, int nest,
			 const struct a *attrs)
{
	struct nl_msg *msg = msnl_msg(nl, cmd, 0);
	struct nlattr *outer, *inner = NULL;

	if (!msg)
		return -ENOMEM;
	outer = nla_nest_start(msg, nest);
	for (; attrs->type; attrs++) {
		unsigned char v[8];

		if (attrs->type == -1) {
			inner = nla_nest_start(msg, attrs->len);
		} else if (attrs->type == -2) {
			nla_nest_end(msg, inner);
		} else if (attrs->data) {
			nla_put(msg, attrs->type, attrs->len, attrs->data);
		} else {
			memcpy(v, &attrs->val, attrs->len);	/* LE host */
			nla_put(msg, attrs->type, attrs->len, v);
		}
	}
	nla_nest_end(msg, outer);
	return msnl_request(nl, msg, NULL, NULL);
}

/* One state snapshot: nest @nest of every message of a dump, raw. */
struct snap {
	int nest;
	unsigned char buf[1 << 16];
	size_t len;
	int n;
};

static inline int ms_on_snap(struct nlattr **tb, void *arg)
{
	struct snap *s = arg;
	size_t l;

	if (!tb[s->nest])
		return 0;
	l = nla_total_size(nla_len(tb[s->nest]));
	if (s->len + l <= sizeof(s->buf)) {
		memcpy(s->buf + s->len, tb[s->nest], l);
		s->len += l;
	}
	s->n++;
	return 0;
}

static inline int ms_snapshot(struct msnl *nl, int cmd, int nest,
			      struct snap *s)
{
	struct nl_msg *msg = msnl_msg(nl, cmd, NLM_F_DUMP);

	memset(s, 0, sizeof(*s));
	s->nest = nest;
	return msg ? msnl_request(nl, msg, ms_on_snap, s) : -ENOMEM;
}

static inline int ms_snap_equal(const struct snap *a, const struct snap *b)
{
	return a->n == b->n && a->len == b->len &&
	       !memcmp(a->buf, b->buf, a->len);
}

#endif /* _MS_NLTEST_H */
