// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd: the H.248 media gateway of mediasec (docs/mediasecd.md).
 *
 *   mediasecd -c CONFIG [-v]
 *
 * Takes back the contexts of an earlier run whose records (state-dir)
 * match the kernel's flows and SRTP contexts, registers with the first MGC
 * of the configuration that answers (ServiceChange Restart, "902 Warm
 * Boot" when contexts were taken back, else "901 Cold Boot";
 * retransmitted, then the next MGC), then executes the MGC's transactions
 * on the kernel's flows and keys.  Runs in the foreground; SIGINT/SIGTERM
 * end it (the kernel's flows stay: the data path does not depend on the
 * daemon).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include <netinet/in.h>
#include <netlink/genl/ctrl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "kern.h"
#include "state.h"
#include "trans.h"

#define MSG_MAX	H248_MAX_MSG

struct daemon {
	struct mgd_config cfg;
	struct msnl nl;
	struct mgd_kern kern;	/* the kernel and the state directory */
	unsigned int adopted;	/* contexts taken back at start */
	struct msnl ev;		/* the module's events (multicast) */
	int ev_fd;		/* its socket, or -1 */
	struct mg mg;
	struct mgd_tr *tr;
	int fd;
	int verbose;
	unsigned int mgc;	/* the MGC registering with, or registered */
	uint32_t reg_id;	/* our ServiceChange transaction, 0 if none */
	int registered;
	uint64_t retry_at;	/* when to try registering again */
	/* the request being executed, for TransactionPending */
	const struct sockaddr_storage *exec_peer;
	uint32_t exec_id;
	/* one message in, one out */
	char in[MSG_MAX + 1];
	char out[MSG_MAX + 1];
	struct h248_tree tree;
	struct h248_pool pool;
	struct h248_msg msg;
	struct mg_reply reply;
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static socklen_t sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					  sizeof(struct sockaddr_in6);
}

static void send_to(const struct sockaddr_storage *peer, const char *msg,
		    size_t len, void *arg)
{
	struct daemon *d = arg;

	if (sendto(d->fd, msg, len, 0, (const struct sockaddr *)peer,
		   sa_len(peer)) < 0)
		fprintf(stderr, "mediasecd: send: %s\n", strerror(errno));
}

/* Encodes one transaction (or a message-level error) and sends it. */
static int send_msg(struct daemon *d, const struct sockaddr_storage *peer,
		    struct h248_trans *t, const struct h248_error *merr)
{
	struct h248_msg m = { 0 };
	int n;

	m.version = H248_VERSION;
	m.mid = d->cfg.mid;
	m.mid_kind = d->cfg.mid[0] == '[' ? H248_MID_IP4 : H248_MID_DOMAIN;
	if (merr) {
		m.has_error = true;
		m.error = *merr;
	} else {
		m.trans = t;
		m.ntrans = 1;
	}
	n = h248_encode(&m, d->out, sizeof(d->out), 0);
	if (n < 0) {
		fprintf(stderr, "mediasecd: cannot encode a reply (%d)\n", n);
		return n;
	}
	send_to(peer, d->out, (size_t)n, d);
	return n;
}

/*
 * Sends our request of command @c in context @ctx to the MGC and keeps
 * it for retransmission: its transaction id, or 0 if it could not be
 * sent or kept.
 */
static uint32_t send_request(struct daemon *d, uint32_t ctx,
			     struct h248_cmd *c, uint64_t now)
{
	struct h248_action a = { .ctx = ctx, .cmds = c, .ncmds = 1 };
	struct h248_trans t = { .kind = H248_TRANS_REQUEST, .actions = &a,
				.nactions = 1 };
	const struct sockaddr_storage *mgc = &d->cfg.mgc[d->mgc];
	int n;

	t.id = mgd_tr_next_id(d->tr);
	n = send_msg(d, mgc, &t, NULL);
	if (n <= 0 || mgd_tr_sent(d->tr, mgc, t.id, d->out, (size_t)n, now))
		return 0;
	return t.id;
}

static void register_mgc(struct daemon *d, uint64_t now)
{
	struct h248_cmd c = { .kind = H248_CMD_SERVICE_CHANGE };

	c.tid = "ROOT";
	c.present = H248_D_SERVICES;
	c.svc.method = H248_SC_RESTART;
	/* H.248.8: a warm boot keeps the contexts, a cold one has none. */
	c.svc.reason = d->adopted ? "902 Warm Boot" : "901 Cold Boot";
	c.svc.version = H248_VERSION;
	d->reg_id = send_request(d, H248_CTX_NULL, &c, now);
	if (!d->reg_id)
		d->retry_at = now + d->cfg.retry_ms;
	if (d->verbose)
		fprintf(stderr, "mediasecd: ServiceChange %u to MGC %u\n",
			d->reg_id, d->mgc + 1);
}

/* Notify (H.248.1 7.2.7) of an event a termination asked for. */
static void notify(struct daemon *d, const struct mg_notify *n, uint64_t now)
{
	struct h248_event ev = { .name = n->event };
	struct h248_param params[2];
	struct h248_cmd c = { .kind = H248_CMD_NOTIFY };
	uint32_t id;

	if (!d->registered) {
		fprintf(stderr, "mediasecd: %s on %s, no MGC to tell\n",
			n->event, n->tid);
		return;
	}
	memcpy(params, n->param, sizeof(params));
	ev.params = params;
	ev.nparams = n->nparam;
	c.tid = n->tid;
	c.present = H248_D_OBSERVED;
	c.observed_rid = n->rid;
	c.observed = &ev;
	c.nobserved = 1;
	id = send_request(d, n->ctx, &c, now);
	if (d->verbose)
		fprintf(stderr, "mediasecd: Notify %u: %s on %s\n", id,
			n->event, n->tid);
}

/* One message of the module's events group. */
static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct nlattr *et[MEDIASEC_A_EVENT_MAX + 1];
	struct daemon *d = arg;
	struct mg_notify n = { 0 };

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX,
			  msnl_top_policy) || !tb[MEDIASEC_A_EVENT] ||
	    nla_parse_nested(et, MEDIASEC_A_EVENT_MAX, tb[MEDIASEC_A_EVENT],
			     msnl_event_policy) || !et[MEDIASEC_A_EVENT_TYPE])
		return NL_SKIP;
	switch (nla_get_u32(et[MEDIASEC_A_EVENT_TYPE])) {
	case MEDIASEC_EVENT_FLOW_IDLE:
		if (et[MEDIASEC_A_EVENT_FLOW_ID] &&
		    mg_flow_idle(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_FLOW_ID]), &n))
			notify(d, &n, now_ms());
		break;
	case MEDIASEC_EVENT_KEY_SOFT:
	case MEDIASEC_EVENT_KEY_HARD:
		if (et[MEDIASEC_A_EVENT_CTX_ID] && et[MEDIASEC_A_EVENT_MKI] &&
		    mg_key_event(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]),
				 nla_get_u32(et[MEDIASEC_A_EVENT_MKI]),
				 nla_get_u32(et[MEDIASEC_A_EVENT_TYPE]) ==
				 MEDIASEC_EVENT_KEY_HARD, &n))
			notify(d, &n, now_ms());
		break;
	case MEDIASEC_EVENT_AUTH_FAIL:
		if (et[MEDIASEC_A_EVENT_CTX_ID] && et[MEDIASEC_A_EVENT_COUNT] &&
		    mg_auth_fail(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]),
				 nla_get_u64(et[MEDIASEC_A_EVENT_COUNT]), &n))
			notify(d, &n, now_ms());
		break;
	}
	return NL_OK;
}

/* Joins the events group; without it no Notify, but the rest works. */
static void events_open(struct daemon *d)
{
	int grp;

	d->ev_fd = -1;
	if (msnl_open(&d->ev))
		return;
	grp = genl_ctrl_resolve_grp(d->ev.sk, MEDIASEC_GENL_NAME,
				    MEDIASEC_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(d->ev.sk, grp) ||
	    nl_socket_set_nonblocking(d->ev.sk)) {
		fprintf(stderr, "mediasecd: no events: no Notify\n");
		msnl_close(&d->ev);
		return;
	}
	nl_socket_disable_seq_check(d->ev.sk);
	nl_socket_modify_cb(d->ev.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, d);
	d->ev_fd = nl_socket_get_fd(d->ev.sk);
}

static void on_done(const struct sockaddr_storage *peer, uint32_t id,
		    enum mgd_out how, void *arg)
{
	struct daemon *d = arg;

	(void)peer;
	if (id != d->reg_id || how != MGD_OUT_TIMEOUT)
		return;
	/* No answer: the next MGC of the list, at once. */
	fprintf(stderr, "mediasecd: MGC %u does not answer\n", d->mgc + 1);
	d->reg_id = 0;
	d->mgc = (d->mgc + 1) % d->cfg.nmgc;
	d->retry_at = 1;
}

/* TransactionPending for request @id of @peer. */
static void send_pending(struct daemon *d, const struct sockaddr_storage *peer,
			 uint32_t id)
{
	struct h248_trans rep = { .kind = H248_TRANS_PENDING, .id = id };

	send_msg(d, peer, &rep, NULL);
	if (d->verbose)
		fprintf(stderr, "mediasecd: TransactionPending %u\n", id);
}

/* Between commands: work slower than pending-ms is announced. */
static void on_progress(void *arg)
{
	struct daemon *d = arg;

	if (d->exec_peer &&
	    mgd_tr_progress(d->tr, d->exec_peer, d->exec_id, now_ms()))
		send_pending(d, d->exec_peer, d->exec_id);
}

static void on_request(struct daemon *d, const struct sockaddr_storage *peer,
		       const struct h248_trans *t, uint64_t now)
{
	struct h248_trans rep;
	const char *stored;
	size_t len;
	int n;

	switch (mgd_tr_request(d->tr, peer, t->id, now, &stored, &len)) {
	case MGD_IN_NEW:
		d->mg.now = now;
		d->exec_peer = peer;
		d->exec_id = t->id;
		mg_execute(&d->mg, t, &rep, &d->reply);
		d->exec_peer = NULL;
		n = send_msg(d, peer, &rep, NULL);
		if (n < 0) {
			/* Done, but too big to tell: say so, not nothing. */
			memset(&rep, 0, sizeof(rep));
			rep.kind = H248_TRANS_REPLY;
			rep.id = t->id;
			rep.has_error = true;
			rep.error.code = MG_ERR_INTERNAL;
			rep.error.text = "reply too large";
			n = send_msg(d, peer, &rep, NULL);
		}
		if (n > 0)
			mgd_tr_replied(d->tr, peer, t->id, d->out, (size_t)n,
				       now);
		OPENSSL_cleanse(d->reply.text, d->reply.used);
		mg_flush(&d->mg);	/* the records, once the MGC has its reply */
		break;
	case MGD_IN_PENDING:
		send_pending(d, peer, t->id);
		break;
	case MGD_IN_RESEND:
		send_to(peer, stored, len, d);
		break;
	case MGD_IN_IGNORE:
		break;
	}
}

static void on_reply(struct daemon *d, const struct sockaddr_storage *peer,
		     const struct h248_trans *t, uint64_t now)
{
	struct h248_trans ack = { .kind = H248_TRANS_ACK, .nacks = 1 };

	if (mgd_tr_answer(d->tr, peer, t->id, 1, now))
		return;		/* not ours, or answered already */
	if (t->imm_ack) {
		ack.acks[0].first = ack.acks[0].last = t->id;
		send_msg(d, peer, &ack, NULL);
	}
	if (t->id != d->reg_id)
		return;
	d->reg_id = 0;
	if (t->has_error || (t->nactions && t->actions[0].ncmds &&
			     (t->actions[0].cmds[0].present & H248_D_ERROR))) {
		fprintf(stderr, "mediasecd: MGC %u refused the registration\n",
			d->mgc + 1);
		d->mgc = (d->mgc + 1) % d->cfg.nmgc;
		d->retry_at = now + d->cfg.retry_ms;
		return;
	}
	d->registered = 1;
	fprintf(stderr, "mediasecd: registered with MGC %u\n", d->mgc + 1);
}

/* Whether @peer is the address of the MGC we registered with. */
static int from_mgc(const struct daemon *d, const struct sockaddr_storage *peer)
{
	const struct sockaddr_storage *m = &d->cfg.mgc[d->mgc];

	if (peer->ss_family != m->ss_family)
		return 0;
	if (m->ss_family == AF_INET)
		return ((const struct sockaddr_in *)peer)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)m)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)peer)->sin6_addr,
		       &((const struct sockaddr_in6 *)m)->sin6_addr, 16);
}

static void on_message(struct daemon *d, const struct sockaddr_storage *peer,
		       size_t len, uint64_t now)
{
	struct h248_error e;
	struct h248_err err;
	unsigned int i, j;

	/* Only the MGC of the list we registered with may control us. */
	if (!from_mgc(d, peer)) {
		if (d->verbose)
			fprintf(stderr, "mediasecd: ignored a message from "
				"other than the MGC\n");
		return;
	}

	if (h248_parse(d->in, len, &d->tree, &d->msg, &d->pool, &err)) {
		e.code = (unsigned int)err.code;
		e.text = err.reason;
		if (err.has_trans) {
			struct h248_trans rep = {
				.kind = H248_TRANS_REPLY, .id = err.trans_id,
				.has_error = true, .error = e,
			};

			send_msg(d, peer, &rep, NULL);
		} else {
			send_msg(d, peer, NULL, &e);
		}
		return;
	}
	for (i = 0; i < d->msg.ntrans; i++) {
		const struct h248_trans *t = &d->msg.trans[i];

		switch (t->kind) {
		case H248_TRANS_REQUEST:
			if (d->registered)
				on_request(d, peer, t, now);
			break;
		case H248_TRANS_REPLY:
			on_reply(d, peer, t, now);
			break;
		case H248_TRANS_PENDING:
			mgd_tr_answer(d->tr, peer, t->id, 0, now);
			break;
		case H248_TRANS_ACK:
			for (j = 0; j < t->nacks; j++)
				mgd_tr_acked(d->tr, peer, t->acks[j].first,
					     t->acks[j].last, now);
			break;
		}
	}
}

/*
 * The kernel's flows and SRTP contexts at start, sorted by id, each
 * claimed by at most one context taken back.
 */
struct kview {
	struct msobj_flow *flow;
	bool *flow_claimed;
	size_t nflow, flow_cap;
	uint32_t *ctx;
	bool *ctx_claimed;
	size_t nctx, ctx_cap;
};

static int kv_flow(const struct msobj_flow *f, void *arg)
{
	struct kview *v = arg;
	struct msobj_flow *n;

	if (v->nflow == v->flow_cap) {
		v->flow_cap = v->flow_cap ? 2 * v->flow_cap : 256;
		n = realloc(v->flow, v->flow_cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->flow = n;
	}
	v->flow[v->nflow++] = *f;
	return 0;
}

static int kv_ctx(uint32_t id, void *arg)
{
	struct kview *v = arg;
	uint32_t *n;

	if (v->nctx == v->ctx_cap) {
		v->ctx_cap = v->ctx_cap ? 2 * v->ctx_cap : 256;
		n = realloc(v->ctx, v->ctx_cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->ctx = n;
	}
	v->ctx[v->nctx++] = id;
	return 0;
}

static int cmp_flow(const void *a, const void *b)
{
	uint32_t x = ((const struct msobj_flow *)a)->id;
	uint32_t y = ((const struct msobj_flow *)b)->id;

	return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static long kv_find_flow(const struct kview *v, uint32_t id)
{
	struct msobj_flow key = { .id = id }, *f;

	f = v->nflow ? bsearch(&key, v->flow, v->nflow, sizeof(key),
			       cmp_flow) : NULL;
	return f ? f - v->flow : -1;
}

static long kv_find_ctx(const struct kview *v, uint32_t id)
{
	uint32_t *c = v->nctx ? bsearch(&id, v->ctx, v->nctx, sizeof(id),
					cmp_u32) : NULL;

	return c ? c - v->ctx : -1;
}

static bool same_ep(const struct msobj_ep *a, const struct msobj_ep *b)
{
	return a->alen == b->alen && a->port == b->port &&
	       !memcmp(a->addr, b->addr, a->alen);
}

/*
 * Whether @p's flow @w sends where a latching flow learnt to send: its
 * destination is the remote the reverse flow learnt, not the planned one.
 */
static bool latched(const struct mg_plan *p, const struct msobj_flow *w)
{
	unsigned int i;

	for (i = 0; i < p->nflow; i++)
		if (p->flow[i].reverse == w->id &&
		    (p->flow[i].flags & MEDIASEC_FLOW_F_LATCH))
			return true;
	return false;
}

/*
 * Whether the kernel holds context @ctx's plan @p as planned, nobody
 * else's: each SRTP context, each flow the same (id, action, kind, local
 * and out addresses, contexts, reverse; remotes may have been learnt,
 * and with them where the reverse flows send), no other flow under the
 * context's ids.  Claims them if so.
 */
static int kv_check(void *arg, uint32_t ctx, const struct mg_plan *p)
{
	struct kview *v = arg;
	long at[MG_PLAN_CTXS + MG_PLAN_FLOWS];
	uint32_t base = ctx * MG_IDS_PER_CTX;
	unsigned int i, k, n = 0;

	for (i = 0; i < p->nctx; i++) {
		at[n] = kv_find_ctx(v, p->ctx[i].id);
		if (at[n] < 0 || v->ctx_claimed[at[n]])
			return -ENOENT;
		n++;
	}
	for (i = 0; i < p->nflow; i++) {
		const struct msobj_flow *w = &p->flow[i], *f;
		long j = kv_find_flow(v, w->id);

		if (j < 0 || v->flow_claimed[j])
			return -ENOENT;
		f = &v->flow[j];
		if (f->action != w->action ||
		    (f->kind ? f->kind : MEDIASEC_KIND_RTP) !=
		    (w->kind ? w->kind : MEDIASEC_KIND_RTP) ||
		    !same_ep(&f->local, &w->local) ||
		    (!latched(p, w) && !same_ep(&f->out_dst, &w->out_dst)) ||
		    f->rx_ctx != w->rx_ctx || f->tx_ctx != w->tx_ctx ||
		    f->reverse != w->reverse)
			return -ESTALE;
	}
	/* No flow of its ids but those planned. */
	for (k = 0; k < MG_IDS_PER_CTX; k++) {
		for (i = 0; i < p->nflow && p->flow[i].id != base + k; i++)
			;
		if (i == p->nflow && kv_find_flow(v, base + k) >= 0)
			return -ESTALE;
	}
	for (i = 0; i < p->nctx; i++)
		v->ctx_claimed[at[i]] = true;
	for (i = 0; i < p->nflow; i++)
		v->flow_claimed[kv_find_flow(v, p->flow[i].id)] = true;
	return 0;
}

/* The kernel's flows and SRTP contexts into @v: 0, -EIO or -ENOMEM. */
static int kv_load(struct daemon *d, struct kview *v)
{
	if (msobj_flow_dump(&d->nl, kv_flow, v) ||
	    msobj_ctx_dump_ids(&d->nl, kv_ctx, v)) {
		fprintf(stderr, "mediasecd: the kernel's flows and contexts "
			"cannot be read\n");
		return -EIO;
	}
	qsort(v->flow, v->nflow, sizeof(*v->flow), cmp_flow);
	qsort(v->ctx, v->nctx, sizeof(*v->ctx), cmp_u32);
	v->flow_claimed = calloc(v->nflow + 1, sizeof(bool));
	v->ctx_claimed = calloc(v->nctx + 1, sizeof(bool));
	return v->flow_claimed && v->ctx_claimed ? 0 : -ENOMEM;
}

static void kv_free(struct kview *v)
{
	free(v->flow);
	free(v->flow_claimed);
	free(v->ctx);
	free(v->ctx_claimed);
}

/*
 * The kernel's flows and contexts stay, ours or not: their ids are not
 * handed out again (contexts without flows: a termination alone).
 */
static void kv_skip_ids(struct mg *g, const struct kview *v)
{
	uint32_t c;
	size_t i;

	for (i = 0; i < v->nflow; i++) {
		c = v->flow[i].id / MG_IDS_PER_CTX + 1;
		if (c > g->next_ctx && c <= (1U << 29))
			g->next_ctx = c;
	}
	for (i = 0; i < v->nctx; i++)
		if (v->ctx[i] + 1 > g->next_kid && v->ctx[i] < 0x7fffffffU)
			g->next_kid = v->ctx[i] + 1;
}

/**
 * struct dropped - a record not taken back, cleared once all are read
 * @id: its context id
 * @nkctx: the kernel SRTP contexts it names
 * @kctx: them
 */
struct dropped {
	uint32_t id;
	unsigned int nkctx;
	uint32_t kctx[MG_PLAN_CTXS];
};

/* What is left in the kernel of record @r, not taken back by another. */
static void kv_clear(struct daemon *d, struct kview *v,
		     const struct dropped *r)
{
	uint32_t id;
	unsigned int i;
	long j;

	for (i = 0; i < MG_IDS_PER_CTX; i++) {
		id = r->id * MG_IDS_PER_CTX + i;
		j = kv_find_flow(v, id);
		if (j >= 0 && !v->flow_claimed[j] &&
		    !msobj_flow_del(&d->nl, id))
			v->flow_claimed[j] = true;	/* gone */
	}
	for (i = 0; i < r->nkctx; i++) {
		j = kv_find_ctx(v, r->kctx[i]);
		if (j >= 0 && !v->ctx_claimed[j] &&
		    !msobj_ctx_del(&d->nl, r->kctx[i]))
			v->ctx_claimed[j] = true;
	}
}

/*
 * Reads record @name of the state directory into @s: 0, -EIO (it could
 * not be read: try again next time) or -EINVAL (not a good record).
 */
static int read_record(struct daemon *d, const char *name, struct mg_state *s,
		       const char **why)
{
	char *buf = malloc(MG_STATE_MAX);
	ssize_t n = -1;
	int fd, ret;

	*why = "cannot be read";
	if (!buf)
		return -EIO;
	fd = openat(d->kern.dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		n = read(fd, buf, MG_STATE_MAX);
		close(fd);
	}
	if (n == MG_STATE_MAX)
		*why = "too long";
	ret = n < 0 ? -EIO : n == MG_STATE_MAX ? -EINVAL :
	      mg_state_parse(buf, (size_t)n, s, why);
	OPENSSL_cleanse(buf, MG_STATE_MAX);
	free(buf);
	return ret;
}

/*
 * Takes back the contexts of the state directory's records that the
 * kernel still holds as recorded.  Once all are read, what is left in
 * the kernel of each other record is deleted, and the record too (a
 * record that could not be read, or memory that ran out, leaves both for
 * the next start).  Flows and contexts of the kernel that no record names
 * stay as they are (somebody else's).  @v: the kernel's, as read at
 * start (kv_load()).
 */
static void adopt(struct daemon *d, struct kview *v)
{
	struct mg_state *s = calloc(1, sizeof(*s));
	unsigned int kept = 0, other = 0;
	struct dropped *drop = NULL, *nd;
	size_t i, ndrop = 0;
	struct dirent *e;
	const char *why;
	unsigned long id;
	char *end;
	DIR *dir;
	int fd, ret;

	fd = dup(d->kern.dirfd);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!s || !dir) {
		if (fd >= 0 && !dir)
			close(fd);
		fprintf(stderr, "mediasecd: the state directory cannot be "
			"read: no context taken back\n");
		free(s);
		return;
	}
	d->mg.now = now_ms();
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "ctx-", 4))
			continue;
		id = strtoul(e->d_name + 4, &end, 10);
		if (*end || !id || id > (1U << 29)) {
			if (!strcmp(end, ".new"))	/* never renamed */
				unlinkat(d->kern.dirfd, e->d_name, 0);
			continue;
		}
		memset(s, 0, sizeof(*s));
		ret = read_record(d, e->d_name, s, &why);
		if (!ret && s->ctx != id) {
			ret = -EINVAL;
			why = "not the record of its name";
		}
		if (!ret)
			ret = mg_adopt(&d->mg, s, kv_check, v, &why);
		if (!ret) {
			d->adopted++;
			continue;
		}
		fprintf(stderr, "mediasecd: context %lu not taken back: %s\n",
			id, why);
		if (ret == -EIO || ret == -ENOMEM) {
			kept++;		/* the next start tries again */
			continue;
		}
		nd = realloc(drop, (ndrop + 1) * sizeof(*drop));
		if (!nd) {
			kept++;
			continue;
		}
		drop = nd;
		drop[ndrop].id = (uint32_t)id;
		drop[ndrop].nkctx = s->ctx == id ? s->nkctx : 0;
		memcpy(drop[ndrop].kctx, s->kctx, sizeof(s->kctx));
		ndrop++;
	}
	/* Only now: a stale record must not take what a good one names. */
	for (i = 0; i < ndrop; i++) {
		char name[32];

		kv_clear(d, v, &drop[i]);
		snprintf(name, sizeof(name), "ctx-%u", drop[i].id);
		unlinkat(d->kern.dirfd, name, 0);
	}
	for (i = 0; i < v->nflow; i++)
		other += !v->flow_claimed[i];
	fprintf(stderr, "mediasecd: %u contexts taken back from the kernel, "
		"%zu records dropped, %u kept for the next start, %u flows "
		"not ours left as they are\n", d->adopted, ndrop, kept, other);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
	free(drop);
	closedir(dir);
}

/* The state directory (made if missing), or -1: no records kept. */
static int state_dir(const char *path)
{
	int fd;

	if (!path[0])
		return -1;
	if (mkdir(path, 0700) && errno != EEXIST)
		goto fail;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
fail:
	fprintf(stderr, "mediasecd: state-dir %s: %s: contexts will not "
		"outlive a restart\n", path, strerror(errno));
	return -1;
}

static int enter_netns(const char *name)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return ret;
}

static int setup(struct daemon *d, const char *conf)
{
	struct kview v = { 0 };
	uint32_t first = 0;
	char err[256];
	int ret, one = 1;

	ret = mgd_config_load(&d->cfg, conf, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mediasecd: %s\n", err);
		return ret;
	}
	if (d->cfg.netns[0]) {
		ret = enter_netns(d->cfg.netns);
		if (ret) {
			fprintf(stderr, "mediasecd: netns %s: %s\n",
				d->cfg.netns, strerror(-ret));
			return ret;
		}
	}
	ret = msnl_open(&d->nl);
	if (ret) {
		fprintf(stderr, "mediasecd: the mediasec module is not loaded\n");
		return ret;
	}
	d->kern.nl = &d->nl;
	d->kern.dirfd = state_dir(d->cfg.state_dir);
	ret = mg_init(&d->mg, &d->cfg, &mgd_kernel_ops, &d->kern);
	if (ret)
		return ret;
	d->mg.progress = on_progress;
	d->mg.progress_arg = d;
	events_open(d);
	d->mg.records = d->kern.dirfd >= 0;
	/* The kernel's objects, read once: calls taken back, ids skipped. */
	ret = kv_load(d, &v);
	if (!ret && d->mg.records)
		adopt(d, &v);
	if (ret && !d->mg.records)
		ret = 0;	/* nothing to take back: go on */
	if (!ret)
		kv_skip_ids(&d->mg, &v);
	kv_free(&v);
	if (ret)
		return ret;
	d->tr = mgd_tr_new(d->cfg.retry_ms, d->cfg.long_timer_ms, send_to,
			   on_done, d);
	if (!d->tr)
		return -ENOMEM;
	mgd_tr_set_pending(d->tr, d->cfg.pending_ms);
	/* Our transaction ids: not those of an earlier run (1 .. 2^31). */
	if (RAND_bytes((unsigned char *)&first, sizeof(first)) == 1)
		mgd_tr_set_next_id(d->tr, (first & 0x7fffffffU) + 1);
	d->fd = socket(d->cfg.listen.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (d->fd < 0 ||
	    setsockopt(d->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(d->fd, (struct sockaddr *)&d->cfg.listen,
		 sa_len(&d->cfg.listen))) {
		ret = -errno;
		fprintf(stderr, "mediasecd: H.248 socket: %s\n", strerror(errno));
		return ret;
	}
	return 0;
}

static void run(struct daemon *d)
{
	struct pollfd p[2] = { { .fd = d->fd, .events = POLLIN },
			       { .fd = d->ev_fd, .events = POLLIN } };
	struct sockaddr_storage peer;
	uint64_t now, next, due;
	socklen_t plen;
	ssize_t n;
	int wait;

	d->retry_at = 1;
	while (!stopping) {
		now = now_ms();
		if (!d->registered && !d->reg_id && d->retry_at &&
		    now >= d->retry_at) {
			d->retry_at = 0;
			register_mgc(d, now);
		}
		next = mgd_tr_tick(d->tr, now);
		if (d->retry_at && d->retry_at < next)
			next = d->retry_at;
		due = mg_tick(&d->mg, now);
		if (due < next)
			next = due;
		wait = next > now ? (int)(next - now) : 0;
		if (poll(p, d->ev_fd >= 0 ? 2 : 1,
			 wait > 1000 ? 1000 : wait) <= 0)
			continue;
		if (d->ev_fd >= 0 && (p[1].revents & POLLIN))
			nl_recvmsgs_default(d->ev.sk);	/* calls on_event() */
		if (!(p[0].revents & POLLIN))
			continue;
		plen = sizeof(peer);
		n = recvfrom(d->fd, d->in, MSG_MAX, 0, (struct sockaddr *)&peer,
			     &plen);
		if (n > 0) {
			on_message(d, &peer, (size_t)n, now_ms());
			/* Messages carry keys: none stays in the buffers. */
			OPENSSL_cleanse(d->in, (size_t)n);
			OPENSSL_cleanse(d->out, strnlen(d->out, sizeof(d->out)));
			OPENSSL_cleanse(d->tree.strs, d->tree.nstrs);
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *conf = NULL;
	struct daemon *d;
	int opt, ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->fd = -1;
	d->ev_fd = -1;
	d->kern.dirfd = -1;
	while ((opt = getopt(argc, argv, "c:v")) != -1) {
		switch (opt) {
		case 'c':
			conf = optarg;
			break;
		case 'v':
			d->verbose = 1;
			break;
		default:
			conf = NULL;
			optind = argc + 1;
			break;
		}
	}
	if (!conf || optind != argc) {
		fprintf(stderr, "Usage: mediasecd -c CONFIG [-v]\n");
		free(d);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	ret = setup(d, conf);
	if (!ret) {
		fprintf(stderr, "mediasecd: ready, mid %s\n", d->cfg.mid);
		run(d);
	}
	if (d->fd >= 0)
		close(d->fd);
	mgd_tr_free(d->tr);
	if (d->mg.cfg)
		mg_fini(&d->mg);
	if (d->ev_fd >= 0)
		msnl_close(&d->ev);
	msnl_close(&d->nl);
	if (d->kern.dirfd >= 0)
		close(d->kern.dirfd);
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
	return ret ? 1 : 0;
}
