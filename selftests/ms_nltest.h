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
#include <poll.h>
#include <string.h>

#include <netlink/genl/ctrl.h>

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

/* @cmd with nest @nest holding @attrs, not sent; NULL without memory. */
static inline struct nl_msg *ms_req_msg(struct msnl *nl, int cmd, int nest,
					const struct a *attrs)
{
	struct nl_msg *msg = msnl_msg(nl, cmd, 0);
	struct nlattr *outer, *inner = NULL;

	if (!msg)
		return NULL;
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
	return msg;
}

/* Send @cmd with nest @nest holding @attrs; 0 or -errno. */
static inline int ms_req(struct msnl *nl, int cmd, int nest,
			 const struct a *attrs)
{
	struct nl_msg *msg = ms_req_msg(nl, cmd, nest, attrs);

	return msg ? msnl_request(nl, msg, NULL, NULL) : -ENOMEM;
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

/* Events of the "events" group, as the tests read them. */
struct ms_ev {
	unsigned int type, ctx, flow, mki, port, relay, reason;
	int leg;			/* -1: none */
	unsigned long long count;
	unsigned char addr[16];
	int alen;
};

struct ms_evq {
	struct ms_ev e[64];
	int n;
	int flows_only;		/* keep flow events only */
};

static inline int ms_on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct nlattr *et[MEDIASEC_A_EVENT_MAX + 1];
	struct ms_evq *q = arg;
	struct ms_ev *e;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX,
			  msnl_top_policy) ||
	    !tb[MEDIASEC_A_EVENT] || q->n == 64 ||
	    nla_parse_nested(et, MEDIASEC_A_EVENT_MAX, tb[MEDIASEC_A_EVENT],
			     msnl_event_policy) || !et[MEDIASEC_A_EVENT_TYPE])
		return NL_SKIP;
	if (q->flows_only && !et[MEDIASEC_A_EVENT_FLOW_ID])
		return NL_SKIP;
	e = &q->e[q->n++];
	memset(e, 0, sizeof(*e));
	e->type = nla_get_u32(et[MEDIASEC_A_EVENT_TYPE]);
	if (et[MEDIASEC_A_EVENT_CTX_ID])
		e->ctx = nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]);
	if (et[MEDIASEC_A_EVENT_FLOW_ID])
		e->flow = nla_get_u32(et[MEDIASEC_A_EVENT_FLOW_ID]);
	if (et[MEDIASEC_A_EVENT_MKI])
		e->mki = nla_get_u32(et[MEDIASEC_A_EVENT_MKI]);
	if (et[MEDIASEC_A_EVENT_COUNT])
		e->count = nla_get_u64(et[MEDIASEC_A_EVENT_COUNT]);
	if (et[MEDIASEC_A_EVENT_PORT])
		e->port = nla_get_u16(et[MEDIASEC_A_EVENT_PORT]);
	if (et[MEDIASEC_A_EVENT_RELAY_ID])
		e->relay = nla_get_u32(et[MEDIASEC_A_EVENT_RELAY_ID]);
	if (et[MEDIASEC_A_EVENT_REASON])
		e->reason = nla_get_u32(et[MEDIASEC_A_EVENT_REASON]);
	e->leg = et[MEDIASEC_A_EVENT_LEG] ?
		 nla_get_u8(et[MEDIASEC_A_EVENT_LEG]) : -1;
	if (et[MEDIASEC_A_EVENT_ADDR]) {
		e->alen = nla_len(et[MEDIASEC_A_EVENT_ADDR]);
		memcpy(e->addr, nla_data(et[MEDIASEC_A_EVENT_ADDR]),
		       e->alen > 16 ? 16 : e->alen);
	}
	return NL_OK;
}

/* A socket in the events group, its messages collected into @q. */
static inline struct nl_sock *ms_listen_events(struct ms_evq *q,
					       int flows_only)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp;

	if (!sk)
		return NULL;
	grp = genl_connect(sk) ? -1 :
	      genl_ctrl_resolve_grp(sk, MEDIASEC_GENL_NAME,
				    MEDIASEC_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(sk, grp)) {
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_disable_seq_check(sk);
	memset(q, 0, sizeof(*q));
	q->flows_only = flows_only;
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, ms_on_event, q);
	return sk;
}

/* Collect events for up to @ms milliseconds, until @want arrived. */
static inline void ms_collect(struct nl_sock *sk, struct ms_evq *q, int want,
			      int ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };

	while (q->n < want && poll(&p, 1, ms) > 0)
		nl_recvmsgs_default(sk);
}

#endif /* _MS_NLTEST_H */
