// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's side of the H.248 link to the MGC: messages read and
 * written, transactions handed to the transaction layer (trans.c) and to
 * the gateway (mg.h), and the ServiceChange registration with its move to
 * the next MGC of the list.  It holds what the MGC may see and when (only
 * the MGC registered with controls us; requests before the registration
 * are not executed), apart from the loop that waits for messages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netinet/in.h>
#include <openssl/crypto.h>

#include "daemon.h"

socklen_t mgd_sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					  sizeof(struct sockaddr_in6);
}

void mgd_send_to(const struct sockaddr_storage *peer, const char *msg,
		 size_t len, void *arg)
{
	struct daemon *d = arg;

	if (sendto(d->fd, msg, len, 0, (const struct sockaddr *)peer,
		   mgd_sa_len(peer)) < 0)
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
	const struct sockaddr_storage *mgc = &d->cfg.mgc[d->mgc];
	int n;

	t.id = mgd_tr_next_id(d->tr);
	n = send_msg(d, mgc, &t, NULL);
	if (n <= 0 || mgd_tr_sent(d->tr, mgc, t.id, d->out, (size_t)n, now))
		return 0;
	return t.id;
}

void mgd_register_mgc(struct daemon *d, uint64_t now)
{
	struct h248_cmd c = { .kind = H248_CMD_SERVICE_CHANGE };

	c.tid = "ROOT";
	c.present = H248_D_SERVICES;
	c.svc.method = H248_SC_RESTART;
	/* H.248.8: a warm boot keeps the contexts, a cold one has none. */
	c.svc.reason = d->adopted ? "902 Warm Boot" : "901 Cold Boot";
	c.svc.version = H248_VERSION;
	d->reg_id = mgd_send_request(d, H248_CTX_NULL, &c, now);
	if (!d->reg_id)
		d->retry_at = now + d->cfg.retry_ms;
	if (d->verbose)
		fprintf(stderr, "mediasecd: ServiceChange %u to MGC %u\n",
			d->reg_id, d->mgc + 1);
}

void mgd_on_done(const struct sockaddr_storage *peer, uint32_t id,
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
void mgd_on_progress(void *arg)
{
	struct daemon *d = arg;

	if (d->exec_peer &&
	    mgd_tr_progress(d->tr, d->exec_peer, d->exec_id, mgd_now_ms()))
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
		mgd_send_to(peer, stored, len, d);
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
		fprintf(stderr, "mediasecd: request %u before registration: "
			"505\n", t->id);
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
		fprintf(stderr, "mediasecd: request %u not decoded: %u %s\n",
			t->id, t->error.code, t->error.text);
}

void mgd_on_message(struct daemon *d, const struct sockaddr_storage *peer,
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
			if (!d->registered)
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
