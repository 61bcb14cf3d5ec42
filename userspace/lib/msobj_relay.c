// SPDX-License-Identifier: GPL-2.0
/*
 * Typed requests on relays (MEDIASEC_CMD_RELAY_*): see msobj.h.
 */
#include <errno.h>
#include <string.h>

#include "msobj.h"

int msobj_relay_new(struct msnl *nl, uint32_t id, int fd_a, int fd_b)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_RELAY_NEW, 0,
				       MEDIASEC_A_RELAY, &n);

	if (!msg)
		return -ENOMEM;
	return msobj_send(nl, msg, n,
			  nla_put_u32(msg, MEDIASEC_A_RELAY_ID, id) ||
			  nla_put_u32(msg, MEDIASEC_A_RELAY_FD_A, fd_a) ||
			  nla_put_u32(msg, MEDIASEC_A_RELAY_FD_B, fd_b),
			  NULL, NULL);
}

int msobj_relay_del(struct msnl *nl, uint32_t id)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_RELAY_DEL, 0,
				       MEDIASEC_A_RELAY, &n);

	if (!msg)
		return -ENOMEM;
	return msobj_send(nl, msg, n, nla_put_u32(msg, MEDIASEC_A_RELAY_ID, id),
			  NULL, NULL);
}

static uint64_t u64_or0(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static int parse_leg(struct nlattr *nest, struct msobj_leg *l)
{
	struct nlattr *t[MEDIASEC_A_LEG_MAX + 1];

	if (!nest || nla_parse_nested(t, MEDIASEC_A_LEG_MAX, nest,
				      msnl_leg_policy) ||
	    !t[MEDIASEC_A_LEG_KIND])
		return -EINVAL;
	l->kind = nla_get_u8(t[MEDIASEC_A_LEG_KIND]);
	if (t[MEDIASEC_A_LEG_TLS_VERSION])
		l->tls_version = nla_get_u16(t[MEDIASEC_A_LEG_TLS_VERSION]);
	if (t[MEDIASEC_A_LEG_TLS_CIPHER])
		l->tls_cipher = nla_get_u16(t[MEDIASEC_A_LEG_TLS_CIPHER]);
	msobj_get_ep(t[MEDIASEC_A_LEG_LOCAL_ADDR], t[MEDIASEC_A_LEG_LOCAL_PORT],
	       &l->local);
	msobj_get_ep(t[MEDIASEC_A_LEG_PEER_ADDR], t[MEDIASEC_A_LEG_PEER_PORT],
	       &l->peer);
	l->rx_bytes = u64_or0(t[MEDIASEC_A_LEG_RX_BYTES]);
	l->rx_records = u64_or0(t[MEDIASEC_A_LEG_RX_RECORDS]);
	l->tx_bytes = u64_or0(t[MEDIASEC_A_LEG_TX_BYTES]);
	l->tx_records = u64_or0(t[MEDIASEC_A_LEG_TX_RECORDS]);
	l->tickets_dropped = u64_or0(t[MEDIASEC_A_LEG_TICKETS_DROPPED]);
	l->auth_fails = u64_or0(t[MEDIASEC_A_LEG_AUTH_FAILS]);
	if (t[MEDIASEC_A_LEG_ALERT])
		l->alert = nla_get_u16(t[MEDIASEC_A_LEG_ALERT]);
	if (t[MEDIASEC_A_LEG_FLAGS])
		l->flags = nla_get_u32(t[MEDIASEC_A_LEG_FLAGS]);
	return 0;
}

int msobj_relay_parse(struct nlattr **tb, struct msobj_relay *r)
{
	struct nlattr *t[MEDIASEC_A_RELAY_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (!tb[MEDIASEC_A_RELAY] ||
	    nla_parse_nested(t, MEDIASEC_A_RELAY_MAX, tb[MEDIASEC_A_RELAY],
			     msnl_relay_policy) ||
	    !t[MEDIASEC_A_RELAY_ID] || !t[MEDIASEC_A_RELAY_END])
		return -EINVAL;
	r->id = nla_get_u32(t[MEDIASEC_A_RELAY_ID]);
	r->end = nla_get_u8(t[MEDIASEC_A_RELAY_END]);
	if (t[MEDIASEC_A_RELAY_END_LEG])
		r->end_leg = nla_get_u8(t[MEDIASEC_A_RELAY_END_LEG]);
	if (parse_leg(t[MEDIASEC_A_RELAY_LEG_A], &r->legs[0]) ||
	    parse_leg(t[MEDIASEC_A_RELAY_LEG_B], &r->legs[1]))
		return -EINVAL;
	return 0;
}

static int on_relay(struct nlattr **tb, void *arg)
{
	return msobj_relay_parse(tb, arg);
}

int msobj_relay_get(struct msnl *nl, uint32_t id, struct msobj_relay *r)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_RELAY_GET, 0,
				       MEDIASEC_A_RELAY, &n);

	if (!msg)
		return -ENOMEM;
	return msobj_send(nl, msg, n, nla_put_u32(msg, MEDIASEC_A_RELAY_ID, id),
			  on_relay, r);
}

struct relay_walk {
	int (*fn)(const struct msobj_relay *r, void *arg);
	void *arg;
};

static int on_relay_dump(struct nlattr **tb, void *arg)
{
	struct relay_walk *w = arg;
	struct msobj_relay r;

	if (msobj_relay_parse(tb, &r))
		return -EINVAL;
	return w->fn(&r, w->arg);
}

int msobj_relay_dump(struct msnl *nl,
		     int (*fn)(const struct msobj_relay *r, void *arg),
		     void *arg)
{
	struct relay_walk w = { fn, arg };
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_RELAY_GET, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	return msnl_request(nl, msg, on_relay_dump, &w);
}
