// SPDX-License-Identifier: GPL-2.0
/*
 * Typed requests of the "mediasec" family: see msobj.h.
 */
#include <errno.h>
#include <string.h>

#include "msobj.h"

/* A request with one nest of type @nest; NULL when out of memory. */
struct nl_msg *msobj_req(struct msnl *nl, int cmd, int flags, int nest,
			 struct nlattr **n)
{
	struct nl_msg *msg = msnl_msg(nl, cmd, flags);

	if (!msg)
		return NULL;
	*n = nla_nest_start(msg, nest);
	if (!*n) {
		msnl_free(msg);
		return NULL;
	}
	return msg;
}

/* Ends the nest and sends; -ENOMEM if an attribute did not fit. */
int msobj_send(struct msnl *nl, struct nl_msg *msg, struct nlattr *n,
	       int put_err, msnl_reply_fn fn, void *arg)
{
	if (put_err) {
		msnl_free(msg);
		return -ENOMEM;
	}
	nla_nest_end(msg, n);
	return msnl_request(nl, msg, fn, arg);
}

static int by_id_flags(struct msnl *nl, int cmd, int flags, int nest,
		       int attr, uint32_t id, msnl_reply_fn fn, void *arg)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, cmd, flags, nest, &n);

	if (!msg)
		return -ENOMEM;
	return msobj_send(nl, msg, n, nla_put_u32(msg, attr, id), fn, arg);
}

static int by_id(struct msnl *nl, int cmd, int nest, int attr, uint32_t id,
		 msnl_reply_fn fn, void *arg)
{
	return by_id_flags(nl, cmd, 0, nest, attr, id, fn, arg);
}

int msobj_ctx_new(struct msnl *nl, const struct msobj_ctx *c)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_CTX_NEW, 0, MEDIASEC_A_CTX,
				 &n);
	int e;

	if (!msg)
		return -ENOMEM;
	e = nla_put_u32(msg, MEDIASEC_A_CTX_ID, c->id) ||
	    nla_put_u8(msg, MEDIASEC_A_CTX_DIR, c->dir) ||
	    nla_put_u32(msg, MEDIASEC_A_CTX_SUITE, c->suite) ||
	    (c->flags && nla_put_u32(msg, MEDIASEC_A_CTX_FLAGS, c->flags)) ||
	    (c->kdr && nla_put_u32(msg, MEDIASEC_A_CTX_KDR, c->kdr)) ||
	    (c->window && nla_put_u32(msg, MEDIASEC_A_CTX_WINDOW, c->window)) ||
	    (c->mki_len && nla_put_u8(msg, MEDIASEC_A_CTX_MKI_LEN, c->mki_len));
	return msobj_send(nl, msg, n, e, NULL, NULL);
}

int msobj_ctx_del(struct msnl *nl, uint32_t id)
{
	return by_id(nl, MEDIASEC_CMD_CTX_DEL, MEDIASEC_A_CTX,
		     MEDIASEC_A_CTX_ID, id, NULL, NULL);
}

int msobj_ctx_stats_parse(struct nlattr **tb, struct msobj_ctx_stats *s)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct nlattr *st[MEDIASEC_A_STATS_MAX + 1];
	int r;

	if (!tb[MEDIASEC_A_CTX] ||
	    nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX],
			     msnl_ctx_policy) ||
	    !ct[MEDIASEC_A_CTX_STATS] ||
	    nla_parse_nested(st, MEDIASEC_A_STATS_MAX, ct[MEDIASEC_A_CTX_STATS],
			     msnl_stats_policy))
		return 0;
	for (r = 0; r < __MEDIASEC_RESULT_MAX; r++)
		if (st[MEDIASEC_A_STATS_OK + r])
			s->n[r] = nla_get_u64(st[MEDIASEC_A_STATS_OK + r]);
	return 0;
}

static int on_ctx_stats(struct nlattr **tb, void *arg)
{
	return msobj_ctx_stats_parse(tb, arg);
}

int msobj_ctx_stats(struct msnl *nl, uint32_t id, struct msobj_ctx_stats *s)
{
	memset(s, 0, sizeof(*s));
	return by_id(nl, MEDIASEC_CMD_CTX_GET, MEDIASEC_A_CTX,
		     MEDIASEC_A_CTX_ID, id, on_ctx_stats, s);
}

/* NLM_F_ECHO: the kernel answers with the context as it deleted it. */
int msobj_ctx_del_last(struct msnl *nl, uint32_t id,
		       struct msobj_ctx_stats *last)
{
	memset(last, 0, sizeof(*last));
	return by_id_flags(nl, MEDIASEC_CMD_CTX_DEL, NLM_F_ECHO,
			   MEDIASEC_A_CTX, MEDIASEC_A_CTX_ID, id, on_ctx_stats,
			   last);
}

static int key_req(struct msnl *nl, int cmd, uint32_t ctx,
		   const struct msobj_key *k, uint32_t mki)
{
	struct nlattr *n, *kn;
	struct nl_msg *msg = msobj_req(nl, cmd, 0, MEDIASEC_A_CTX, &n);
	int e;

	if (!msg)
		return -ENOMEM;
	e = nla_put_u32(msg, MEDIASEC_A_CTX_ID, ctx);
	kn = e ? NULL : nla_nest_start(msg, MEDIASEC_A_KEY);
	e = !kn;
	if (!e && k)
		e = nla_put(msg, MEDIASEC_A_KEY_MASTER, k->master_len,
			    k->master) ||
		    nla_put(msg, MEDIASEC_A_KEY_SALT, k->salt_len, k->salt) ||
		    (k->has_mki && nla_put_u32(msg, MEDIASEC_A_KEY_MKI, k->mki)) ||
		    (k->lifetime &&
		     nla_put_u64(msg, MEDIASEC_A_KEY_LIFETIME, k->lifetime));
	else if (!e)
		e = nla_put_u32(msg, MEDIASEC_A_KEY_MKI, mki);
	if (!e)
		nla_nest_end(msg, kn);
	return msobj_send(nl, msg, n, e, NULL, NULL);
}

int msobj_key_add(struct msnl *nl, uint32_t ctx, const struct msobj_key *k)
{
	if (k->master_len > sizeof(k->master) || k->salt_len > sizeof(k->salt))
		return -EINVAL;
	return key_req(nl, MEDIASEC_CMD_KEY_ADD, ctx, k, 0);
}

int msobj_key_del(struct msnl *nl, uint32_t ctx, uint32_t mki)
{
	return key_req(nl, MEDIASEC_CMD_KEY_DEL, ctx, NULL, mki);
}

static int put_ep(struct nl_msg *msg, int aattr, int pattr,
		  const struct msobj_ep *ep)
{
	if (ep->alen && nla_put(msg, aattr, ep->alen, ep->addr))
		return -1;
	if (ep->port && nla_put_u16(msg, pattr, ep->port))
		return -1;
	return 0;
}

int msobj_flow_new(struct msnl *nl, const struct msobj_flow *f)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_FLOW_NEW, 0, MEDIASEC_A_FLOW,
				 &n);
	int e;

	if (!msg)
		return -ENOMEM;
	e = nla_put_u32(msg, MEDIASEC_A_FLOW_ID, f->id) ||
	    nla_put_u8(msg, MEDIASEC_A_FLOW_ACTION, f->action) ||
	    (f->kind && nla_put_u8(msg, MEDIASEC_A_FLOW_KIND, f->kind)) ||
	    put_ep(msg, MEDIASEC_A_FLOW_LOCAL_ADDR, MEDIASEC_A_FLOW_LOCAL_PORT,
		   &f->local) ||
	    put_ep(msg, MEDIASEC_A_FLOW_REMOTE_ADDR,
		   MEDIASEC_A_FLOW_REMOTE_PORT, &f->remote) ||
	    put_ep(msg, MEDIASEC_A_FLOW_OUT_SADDR, MEDIASEC_A_FLOW_OUT_SPORT,
		   &f->out_src) ||
	    put_ep(msg, MEDIASEC_A_FLOW_OUT_DADDR, MEDIASEC_A_FLOW_OUT_DPORT,
		   &f->out_dst) ||
	    (f->rx_ctx && nla_put_u32(msg, MEDIASEC_A_FLOW_RX_CTX, f->rx_ctx)) ||
	    (f->tx_ctx && nla_put_u32(msg, MEDIASEC_A_FLOW_TX_CTX, f->tx_ctx)) ||
	    (f->ifindex &&
	     nla_put_u32(msg, MEDIASEC_A_FLOW_OUT_IFINDEX, f->ifindex)) ||
	    (f->flags && nla_put_u32(msg, MEDIASEC_A_FLOW_FLAGS, f->flags)) ||
	    (f->reverse &&
	     nla_put_u32(msg, MEDIASEC_A_FLOW_REVERSE, f->reverse)) ||
	    (f->idle_timeout &&
	     nla_put_u32(msg, MEDIASEC_A_FLOW_IDLE_TIMEOUT, f->idle_timeout)) ||
	    msobj_put_pol(msg, &f->pol, false);
	return msobj_send(nl, msg, n, e, NULL, NULL);
}

int msobj_flow_set(struct msnl *nl, const struct msobj_flow *f)
{
	struct nlattr *n;
	struct nl_msg *msg = msobj_req(nl, MEDIASEC_CMD_FLOW_SET, 0,
				       MEDIASEC_A_FLOW, &n);
	int e;

	if (!msg)
		return -ENOMEM;
	e = nla_put_u32(msg, MEDIASEC_A_FLOW_ID, f->id) ||
	    nla_put_u32(msg, MEDIASEC_A_FLOW_FLAGS, f->flags) ||
	    msobj_put_pol(msg, &f->pol, true);
	return msobj_send(nl, msg, n, e, NULL, NULL);
}

int msobj_flow_del(struct msnl *nl, uint32_t id)
{
	return by_id(nl, MEDIASEC_CMD_FLOW_DEL, MEDIASEC_A_FLOW,
		     MEDIASEC_A_FLOW_ID, id, NULL, NULL);
}

void msobj_get_ep(struct nlattr *a, struct nlattr *p, struct msobj_ep *ep)
{
	if (a && (nla_len(a) == 4 || nla_len(a) == 16)) {
		ep->alen = (uint8_t)nla_len(a);
		memcpy(ep->addr, nla_data(a), ep->alen);
	}
	if (p)
		ep->port = nla_get_u16(p);
}

static uint32_t u32_or0(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int msobj_flow_parse(struct nlattr **tb, struct msobj_flow *f)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct nlattr *st[MEDIASEC_A_FLOW_STATS_MAX + 1];

	memset(f, 0, sizeof(*f));
	if (!tb[MEDIASEC_A_FLOW] ||
	    nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW],
			     msnl_flow_policy) || !ft[MEDIASEC_A_FLOW_ID])
		return -1;
	f->id = nla_get_u32(ft[MEDIASEC_A_FLOW_ID]);
	if (ft[MEDIASEC_A_FLOW_ACTION])
		f->action = nla_get_u8(ft[MEDIASEC_A_FLOW_ACTION]);
	if (ft[MEDIASEC_A_FLOW_KIND])
		f->kind = nla_get_u8(ft[MEDIASEC_A_FLOW_KIND]);
	msobj_get_ep(ft[MEDIASEC_A_FLOW_LOCAL_ADDR], ft[MEDIASEC_A_FLOW_LOCAL_PORT],
	       &f->local);
	msobj_get_ep(ft[MEDIASEC_A_FLOW_REMOTE_ADDR], ft[MEDIASEC_A_FLOW_REMOTE_PORT],
	       &f->remote);
	msobj_get_ep(ft[MEDIASEC_A_FLOW_OUT_SADDR], ft[MEDIASEC_A_FLOW_OUT_SPORT],
	       &f->out_src);
	msobj_get_ep(ft[MEDIASEC_A_FLOW_OUT_DADDR], ft[MEDIASEC_A_FLOW_OUT_DPORT],
	       &f->out_dst);
	f->rx_ctx = u32_or0(ft[MEDIASEC_A_FLOW_RX_CTX]);
	f->tx_ctx = u32_or0(ft[MEDIASEC_A_FLOW_TX_CTX]);
	f->ifindex = u32_or0(ft[MEDIASEC_A_FLOW_OUT_IFINDEX]);
	f->flags = u32_or0(ft[MEDIASEC_A_FLOW_FLAGS]);
	f->reverse = u32_or0(ft[MEDIASEC_A_FLOW_REVERSE]);
	f->idle_timeout = u32_or0(ft[MEDIASEC_A_FLOW_IDLE_TIMEOUT]);
	if (ft[MEDIASEC_A_FLOW_STATS] &&
	    !nla_parse_nested(st, MEDIASEC_A_FLOW_STATS_MAX,
			      ft[MEDIASEC_A_FLOW_STATS], msnl_flow_stats_policy)) {
		if (st[MEDIASEC_A_FLOW_STATS_PACKETS])
			f->packets = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_PACKETS]);
		if (st[MEDIASEC_A_FLOW_STATS_BYTES])
			f->bytes = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_BYTES]);
		if (st[MEDIASEC_A_FLOW_STATS_DROPS])
			f->drops = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_DROPS]);
		if (st[MEDIASEC_A_FLOW_STATS_TX_BYTES])
			f->tx_bytes =
				nla_get_u64(st[MEDIASEC_A_FLOW_STATS_TX_BYTES]);
		if (st[MEDIASEC_A_FLOW_STATS_GATE_DROPS])
			f->gate_drops =
				nla_get_u64(st[MEDIASEC_A_FLOW_STATS_GATE_DROPS]);
		if (st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS])
			f->police_drops =
				nla_get_u64(st[MEDIASEC_A_FLOW_STATS_POLICE_DROPS]);
	}
	msobj_parse_pol(ft, f);
	return 0;
}

static int on_flow(struct nlattr **tb, void *arg)
{
	msobj_flow_parse(tb, arg);
	return 0;
}

int msobj_flow_get(struct msnl *nl, uint32_t id, struct msobj_flow *f)
{
	memset(f, 0, sizeof(*f));
	return by_id(nl, MEDIASEC_CMD_FLOW_GET, MEDIASEC_A_FLOW,
		     MEDIASEC_A_FLOW_ID, id, on_flow, f);
}

/* As msobj_ctx_del_last(): the flow as the kernel deleted it. */
int msobj_flow_del_last(struct msnl *nl, uint32_t id, struct msobj_flow *last)
{
	memset(last, 0, sizeof(*last));
	return by_id_flags(nl, MEDIASEC_CMD_FLOW_DEL, NLM_F_ECHO,
			   MEDIASEC_A_FLOW, MEDIASEC_A_FLOW_ID, id, on_flow,
			   last);
}

struct dump {
	int (*fn)(const struct msobj_flow *f, void *arg);
	void *arg;
	int stop;
};

static int on_dump(struct nlattr **tb, void *arg)
{
	struct dump *d = arg;
	struct msobj_flow f;

	if (d->stop || msobj_flow_parse(tb, &f))
		return 0;
	d->stop = d->fn(&f, d->arg);
	return 0;	/* read the dump to its end all the same */
}

int msobj_flow_dump(struct msnl *nl,
		    int (*fn)(const struct msobj_flow *f, void *arg),
		    void *arg)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_FLOW_GET, NLM_F_DUMP);
	struct dump d = { .fn = fn, .arg = arg };

	if (!msg)
		return -ENOMEM;
	return msnl_request(nl, msg, on_dump, &d);
}

struct ctx_dump {
	int (*fn)(uint32_t id, void *arg);
	void *arg;
	int stop;
};

static int on_ctx_dump(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct ctx_dump *d = arg;

	if (d->stop || !tb[MEDIASEC_A_CTX] ||
	    nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX],
			     msnl_ctx_policy) || !ct[MEDIASEC_A_CTX_ID])
		return 0;
	d->stop = d->fn(nla_get_u32(ct[MEDIASEC_A_CTX_ID]), d->arg);
	return 0;
}

int msobj_ctx_dump_ids(struct msnl *nl, int (*fn)(uint32_t id, void *arg),
		       void *arg)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_CTX_GET, NLM_F_DUMP);
	struct ctx_dump d = { .fn = fn, .arg = arg };

	if (!msg)
		return -ENOMEM;
	return msnl_request(nl, msg, on_ctx_dump, &d);
}

struct stats_dump {
	void (*fn)(const struct msobj_ctx_stats *s, void *arg);
	void *arg;
};

static int on_stats_dump(struct nlattr **tb, void *arg)
{
	struct stats_dump *d = arg;
	struct msobj_ctx_stats s = { 0 };

	msobj_ctx_stats_parse(tb, &s);
	d->fn(&s, d->arg);
	return 0;
}

int msobj_ctx_stats_dump(struct msnl *nl,
			 void (*fn)(const struct msobj_ctx_stats *s, void *arg),
			 void *arg)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_CTX_GET, NLM_F_DUMP);
	struct stats_dump d = { .fn = fn, .arg = arg };

	if (!msg)
		return -ENOMEM;
	return msnl_request(nl, msg, on_stats_dump, &d);
}

static int txn_note(struct msobj_txn *t, char kind, uint32_t id,
		    uint32_t mki)
{
	t->undo[t->n].kind = kind;
	t->undo[t->n].id = id;
	t->undo[t->n].mki = mki;
	t->n++;
	return 0;
}

int msobj_txn_ctx_new(struct msnl *nl, struct msobj_txn *t,
		      const struct msobj_ctx *c)
{
	int ret;

	if (t->n == MSOBJ_TXN_MAX)
		return -ENOSPC;
	ret = msobj_ctx_new(nl, c);
	return ret ? ret : txn_note(t, 'c', c->id, 0);
}

int msobj_txn_key_add(struct msnl *nl, struct msobj_txn *t, uint32_t ctx,
		      const struct msobj_key *k)
{
	int ret;

	if (t->n == MSOBJ_TXN_MAX)
		return -ENOSPC;
	ret = msobj_key_add(nl, ctx, k);
	return ret ? ret : txn_note(t, 'k', ctx, k->has_mki ? k->mki : 0);
}

int msobj_txn_flow_new(struct msnl *nl, struct msobj_txn *t,
		       const struct msobj_flow *f)
{
	int ret;

	if (t->n == MSOBJ_TXN_MAX)
		return -ENOSPC;
	ret = msobj_flow_new(nl, f);
	return ret ? ret : txn_note(t, 'f', f->id, 0);
}

void msobj_txn_abort(struct msnl *nl, struct msobj_txn *t)
{
	char msg[sizeof(nl->errmsg)];
	int err = nl->err;

	memcpy(msg, nl->errmsg, sizeof(msg));
	while (t->n) {
		t->n--;
		switch (t->undo[t->n].kind) {
		case 'c':
			msobj_ctx_del(nl, t->undo[t->n].id);
			break;
		case 'k':
			msobj_key_del(nl, t->undo[t->n].id, t->undo[t->n].mki);
			break;
		default:
			msobj_flow_del(nl, t->undo[t->n].id);
			break;
		}
	}
	nl->err = err;
	memcpy(nl->errmsg, msg, sizeof(msg));
}
