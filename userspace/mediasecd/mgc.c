// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's side of the H.248 link to the MGC: messages read and
 * written, transactions handed to the transaction layer (trans.c) and to
 * the gateway (mg.h), and what the association with the MGCs (link.c)
 * decides carried out: ServiceChange sent, the inactivity timer's Notify,
 * Handoff.  It holds what the MGC may see and when (only the MGC
 * registered with controls us; requests before the registration are
 * answered 505), apart from the loop that waits for messages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netinet/in.h>
#include <openssl/crypto.h>

#include "daemon.h"
#include "log.h"

socklen_t mgd_sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					  sizeof(struct sockaddr_in6);
}

/* A message to @peer: over the SCTP association when it is the MGC's. */
void mgd_send_to(const struct sockaddr_storage *peer, const char *msg,
		 size_t len, void *arg)
{
	struct daemon *d = arg;
	int ret = 0;

	if (mgd_sctp_sends_to(d, peer))
		ret = mgd_sctp_send(d, msg, len);
	else if (mgd_sctp_wanted(d) && mgd_link_is_mgc(&d->link, peer))
		ret = -ENOTCONN;	/* its transport is SCTP, never UDP */
	else if (sendto(d->fd, msg, len, 0, (const struct sockaddr *)peer,
			mgd_sa_len(peer)) < 0)
		ret = -errno;
	if (ret)
		mgd_log(LOG_ERR, "send: %s", strerror(-ret));
}

/*
 * The transaction layer's retransmission: over UDP only; SCTP delivers
 * or reports the association lost (H.248.4).
 */
void mgd_resend_to(const struct sockaddr_storage *peer, const char *msg,
		   size_t len, void *arg)
{
	struct daemon *d = arg;

	if (!mgd_sctp_sends_to(d, peer))
		mgd_send_to(peer, msg, len, arg);
}

/* Encodes one transaction (or a message-level error) and sends it. */
static int send_msg(struct daemon *d, const struct sockaddr_storage *peer,
		    struct h248_trans *t, const struct h248_error *merr)
{
	struct h248_msg m = { 0 };
	int n;

	m.version = d->link.version;	/* the one the MGC answered */
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
		mgd_log(LOG_ERR, "cannot encode a reply (%d)", n);
		return n;
	}
	mgd_send_to(peer, d->out, (size_t)n, d);
	return n;
}

/*
 * Sends our request of command @c in context @ctx to the MGC and keeps
 * it for retransmission: its transaction id, or 0 if it could not be
 * sent or kept.
 */
uint32_t mgd_send_request(struct daemon *d, uint32_t ctx,
			  struct h248_cmd *c, uint64_t now)
{
	struct h248_action a = { .ctx = ctx, .cmds = c, .ncmds = 1 };
	struct h248_trans t = { .kind = H248_TRANS_REQUEST, .actions = &a,
				.nactions = 1 };
	const struct sockaddr_storage *mgc = &d->link.peer;
	int n;

	t.id = mgd_tr_next_id(d->tr);
	n = send_msg(d, mgc, &t, NULL);
	if (n <= 0 || mgd_tr_sent(d->tr, mgc, t.id, d->out, (size_t)n, now))
		return 0;
	return t.id;
}

/* ServiceChange @svc on ROOT: its transaction id, or 0. */
static uint32_t send_service_change(struct daemon *d,
				    const struct h248_svc *svc, uint64_t now)
{
	struct h248_cmd c = { .kind = H248_CMD_SERVICE_CHANGE };
	uint32_t id;

	c.tid = "ROOT";
	c.present = H248_D_SERVICES;
	c.svc = *svc;
	id = mgd_send_request(d, H248_CTX_NULL, &c, now);
	if (d->verbose)
		mgd_log(LOG_INFO, "ServiceChange %u (%s) to MGC %u",
			id, svc->reason, d->link.mgc + 1);
	return id;
}

/*
 * What the association asks for @now: a registration due, the
 * inactivity timer's Notify (H.248.14: it/ito on ROOT, in the null
 * context).
 */
void mgd_link_work(struct daemon *d, uint64_t now)
{
	struct mg_notify n = { .ctx = H248_CTX_NULL, .event = "it/ito" };
	struct h248_svc svc;

	/* Over SCTP, the association first (the ServiceChange waits). */
	if (mgd_link_due(&d->link, now, &svc) && mgd_sctp_ready(d, now))
		mgd_link_sent(&d->link, send_service_change(d, &svc, now),
			      now);
	if (mgd_link_ito_due(&d->link, now)) {
		strcpy(n.tid, "ROOT");
		n.rid = d->link.ito_rid;
		mgd_notify(d, &n, now);
	}
}

/*
 * mediasecd is stopping (@forced: at once): the out-of-service
 * ServiceChange, when registered.  1 while its answer is awaited.
 */
int mgd_leave(struct daemon *d, bool forced, uint64_t now)
{
	struct h248_svc svc;

	if (mgd_link_leave(&d->link, forced, &svc))
		mgd_link_sent(&d->link, send_service_change(d, &svc, now),
			      now);
	return !mgd_link_gone(&d->link);
}

void mgd_on_done(const struct sockaddr_storage *peer, uint32_t id,
		 enum mgd_out how, void *arg)
{
	struct daemon *d = arg;
	bool was_up = mgd_link_up(&d->link);

	(void)peer;
	if (how != MGD_OUT_TIMEOUT)
		return;
	mgd_link_timeout(&d->link, id, mgd_now_ms());
	if (was_up && !mgd_link_up(&d->link))
		mgd_log(LOG_WARNING, "MGC %u does not answer: "
			"registering again", d->link.mgc + 1);
	else if (!was_up)
		mgd_log(LOG_WARNING, "no answer from the MGC");
}

/* TransactionPending for request @id of @peer. */
void mgd_send_pending(struct daemon *d, const struct sockaddr_storage *peer,
		      uint32_t id)
{
	struct h248_trans rep = { .kind = H248_TRANS_PENDING, .id = id };

	send_msg(d, peer, &rep, NULL);
	if (d->verbose)
		mgd_log(LOG_DEBUG, "TransactionPending %u", id);
}

/* Between commands: work slower than pending-ms is announced. */
void mgd_on_progress(void *arg)
{
	struct daemon *d = arg;

	if (d->exec_peer &&
	    mgd_tr_progress(d->tr, d->exec_peer, d->exec_id, mgd_now_ms()))
		mgd_send_pending(d, d->exec_peer, d->exec_id);
}

/*
 * What the MGC asked of ROOT (mg_root.c) that the association carries
 * out, once the reply is out: the inactivity timer, a Handoff.
 */
static void root_changed(struct daemon *d, uint64_t now)
{
	struct mg_root *r = &d->mg.root;

	if (r->ito_changed) {
		r->ito_changed = false;
		mgd_link_set_ito(&d->link, r->ito_rid, r->ito_mit, now);
	}
	if (r->handoff) {
		r->handoff = false;
		if (!mgd_link_handoff(&d->link, r->handoff_to)) {
			mgd_log(LOG_NOTICE, "Handoff to %s",
				r->handoff_to);
			mgd_link_handoff_go(&d->link, now);
		}
	}
}

/* Request @t of @peer, new: executed, its reply sent and kept. */
void mgd_execute(struct daemon *d, const struct sockaddr_storage *peer,
		 const struct h248_trans *t, uint64_t now)
{
	struct h248_trans rep;
	int n;

	d->mg.now = now;
	d->exec_peer = peer;
	d->exec_id = t->id;
	mg_execute(&d->mg, t, &rep, &d->reply);
	d->exec_peer = NULL;
	mgd_metrics_count(&d->metrics, t, &rep);
	n = send_msg(d, peer, &rep, NULL);
	if (n < 0) {
		/* Done, but too big to tell: say so, not nothing. */
		memset(&rep, 0, sizeof(rep));
		rep.kind = H248_TRANS_REPLY;
		rep.id = t->id;
		rep.has_error = true;
		rep.error.code = MG_ERR_TOO_LARGE;
		rep.error.text = "reply too large for one message";
		n = send_msg(d, peer, &rep, NULL);
	}
	if (n > 0)
		mgd_tr_replied(d->tr, peer, t->id, d->out, (size_t)n, now);
	OPENSSL_cleanse(d->reply.text, d->reply.used);
	mg_flush(&d->mg);	/* the records, once the MGC has its reply */
	root_changed(d, now);
}

void mgd_answer_error(struct daemon *d, const struct sockaddr_storage *peer,
		      uint32_t id, unsigned int code, const char *text,
		      uint64_t now)
{
	struct h248_trans rep = {
		.kind = H248_TRANS_REPLY, .id = id, .has_error = true,
		.error = { .code = code, .text = text },
	};
	int n = send_msg(d, peer, &rep, NULL);

	if (n > 0)
		mgd_tr_replied(d->tr, peer, id, d->out, (size_t)n, now);
}

static void on_request(struct daemon *d, const struct sockaddr_storage *peer,
		       const struct h248_trans *t, uint64_t now)
{
	const char *stored;
	size_t len;

	switch (mgd_tr_request(d->tr, peer, t->id, now, &stored, &len)) {
	case MGD_IN_NEW:
		/* one that waits for the KMS leaves the loop free */
		if (!mgd_park(d, peer, t))
			mgd_execute(d, peer, t, now);
		break;
	case MGD_IN_PENDING:
		mgd_send_pending(d, peer, t->id);
		break;
	case MGD_IN_RESEND:
		mgd_send_to(peer, stored, len, d);
		break;
	case MGD_IN_IGNORE:
		break;
	}
}

/* The ServiceChange parameters of reply @t, and its error code. */
static const struct h248_svc *reply_svc(const struct h248_trans *t,
					unsigned int *error)
{
	const struct h248_cmd *c;

	*error = t->has_error ? t->error.code : 0;
	if (!t->nactions || !t->actions[0].ncmds)
		return NULL;
	if (t->actions[0].has_error && !*error)
		*error = t->actions[0].error.code;
	c = &t->actions[0].cmds[0];
	if (c->present & H248_D_ERROR && !*error)
		*error = c->error.code;
	return c->present & H248_D_SERVICES ? &c->svc : NULL;
}

static void on_reply(struct daemon *d, const struct sockaddr_storage *peer,
		     const struct h248_trans *t, uint64_t now)
{
	struct h248_trans ack = { .kind = H248_TRANS_ACK, .nacks = 1 };
	const struct h248_svc *svc;
	unsigned int error;
	bool was_up = mgd_link_up(&d->link);

	if (mgd_tr_answer(d->tr, peer, t->id, 1, now))
		return;		/* not ours, or answered already */
	if (t->imm_ack) {
		ack.acks[0].first = ack.acks[0].last = t->id;
		send_msg(d, peer, &ack, NULL);
	}
	svc = reply_svc(t, &error);
	if (!mgd_link_reply(&d->link, t->id, svc, error, now))
		return;
	if (mgd_link_up(&d->link) && !was_up)
		mgd_log(LOG_NOTICE, "registered with MGC %u "
			"(version %u)", d->link.mgc + 1, d->link.version);
	else if (error)
		mgd_log(LOG_WARNING, "MGC refused the ServiceChange "
			"(%u)", error);
}

/*
 * A request before the MGC answered our ServiceChange: 505 (H.248.8,
 * "Transaction received before a ServiceChangeReply has been received"),
 * not silence, so that the MGC knows to register us first.
 */
static void refuse_unregistered(struct daemon *d,
				const struct sockaddr_storage *peer,
				const struct h248_trans *t)
{
	struct h248_trans rep = {
		.kind = H248_TRANS_REPLY, .id = t->id, .has_error = true,
		.error = { .code = MG_ERR_NOT_REGISTERED,
			   .text = "not registered: no ServiceChangeReply yet" },
	};

	send_msg(d, peer, &rep, NULL);
	if (d->verbose)
		mgd_log(LOG_WARNING, "request %u before registration: "
			"505", t->id);
}

/*
 * A request of the message that could not be decoded: its error alone
 * (the codec's code, e.g. 401 or 442), the others of the message run.
 */
static void refuse_undecodable(struct daemon *d,
			       const struct sockaddr_storage *peer,
			       const struct h248_trans *t)
{
	struct h248_trans rep = {
		.kind = H248_TRANS_REPLY, .id = t->id, .has_error = true,
		.error = t->error,
	};

	send_msg(d, peer, &rep, NULL);
	if (d->verbose)
		mgd_log(LOG_WARNING, "request %u not decoded: %u %s",
			t->id, t->error.code, t->error.text);
}

void mgd_on_message(struct daemon *d, const struct sockaddr_storage *peer,
		    size_t len, bool over_sctp, uint64_t now)
{
	struct h248_error e;
	struct h248_err err;
	unsigned int i, j;

	/*
	 * Only the MGC of the list we registered with may control us, and
	 * only over its transport: with SCTP, a UDP datagram from its
	 * address (easily forged) is not it.
	 */
	if (!mgd_link_is_mgc(&d->link, peer) ||
	    over_sctp != mgd_sctp_wanted(d)) {
		if (d->verbose)
			mgd_log(LOG_INFO, "ignored a message from "
				"other than the MGC");
		return;
	}

	mgd_link_heard(&d->link, now);	/* H.248.14: any message */
	d->in_len = len;		/* kept if a request is parked */
	if (h248_parse(d->in, len, &d->tree, &d->msg, &d->pool, &err)) {
		e.code = (unsigned int)err.code;
		e.text = err.reason;
		/* A TransactionReply answers a request, never a reply. */
		if (err.has_trans && err.trans_request) {
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
			if (!mgd_link_up(&d->link))
				refuse_unregistered(d, peer, t);
			else if (t->has_error)
				refuse_undecodable(d, peer, t);
			else
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
