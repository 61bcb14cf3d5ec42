// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions that wait for the KMS without holding the daemon's loop.
 * A new request whose Remote carries a TRANSFER_INIT to resolve, or whose
 * Local asks the gateway for a ticket (a=key-mgmt:mikey $), has those
 * exchanges started (kms_async.c) and is parked, its message kept.  The
 * loop serves other transactions meanwhile: H.248.1 clause 8 treats the
 * transactions of a message, and of messages, as independent, with no
 * order implied; the MGC that needs one done before another waits for its
 * reply.  A repeat of the parked request gets TransactionPending (trans.c:
 * it is executing), and so does the MGC every pending-ms (Annex D.1.4).
 * Once its exchanges are done, the message is read again and the
 * transaction executed as it would have been at once: its commands take
 * the KMS's answers where they would have waited (mgd_kms_resolve(),
 * mgd_kms_offer()), and every check is made then, in order.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include <openssl/crypto.h>

#include "daemon.h"
#include "kms.h"
#include "sdp.h"
#include "log.h"

#define PARKED_MAX	256	/* transactions waiting for the KMS at once */

/**
 * struct mgd_parked - a request waiting for its KMS exchanges
 * @next: the daemon's list
 * @peer: who sent it
 * @id: its transaction id
 * @tag: its exchanges' (mgd_kms_start_resolve() ...)
 * @len: bytes of @msg
 * @msg: the message it came in (read again to execute it)
 */
struct mgd_parked {
	struct mgd_parked *next;
	struct sockaddr_storage peer;
	uint32_t id;
	uint64_t tag;
	size_t len;
	char msg[];
};

/* Termination @tid of context @ctx, or NULL (a new one, $ or ALL). */
static const struct mg_term *term_of(struct daemon *d, uint32_t ctx,
				     const char *tid)
{
	struct mg_ctx *c = mg_find_ctx(&d->mg, ctx);
	unsigned int i;

	for (i = 0; c && tid && i < c->nterm; i++)
		if (!strcmp(c->term[i]->id, tid))
			return c->term[i];
	return NULL;
}

/*
 * Whether Remote @s gives termination @t, keyed by a ticket of the
 * gateway's, another remote than the one that answered it: the command
 * then asks for a new ticket (mg_mikey_take_answer()).
 */
static bool new_party(const struct mg_term *t, const struct sdp *s)
{
	const struct sdp_media *m = &s->media[0];
	const struct sdp_conn *c = m->conn.present ? &m->conn : &s->conn;
	uint8_t addr[16] = { 0 };

	if (!t || !t->mikey || !t->mikey_init || !t->side.has_remote ||
	    !c->present || c->flags || m->port_flags || !m->port ||
	    inet_pton(c->family, c->addr, addr) != 1)
		return false;
	return m->port != t->side.remote.port ||
	       memcmp(addr, t->side.remote.addr, t->side.remote.alen);
}

/*
 * An exchange for one stream's Remote or Local SDP (@local) if the
 * command will need one; @t the termination as it is (NULL: new),
 * @unix_now the time for MIKEY's timestamps (Unix seconds).  1 if
 * started.  @s: room to read the SDP in.  What the command refuses
 * anyway (a replayed message, "$" beside a=crypto, on RTP/AVP, on MSRP)
 * asks nothing of the KMS.
 */
static int start_one(struct daemon *d, const char *text, bool local,
		     const struct mg_term *t, struct sdp *s, uint64_t tag,
		     uint64_t unix_now)
{
	const struct sdp_keymgmt *km = NULL;
	const struct sdp_media *m = &s->media[0];
	bool mikey_init = t && t->mikey && t->mikey_init;
	int ret = 0;

	/* most SDP needs none: not read twice for nothing */
	if (!text || (!strstr(text, "key-mgmt") && (local || !mikey_init)))
		return 0;
	if (sdp_parse(s, text, strlen(text), NULL) || s->nmedia != 1)
		goto out;
	km = m->keymgmt.present ? &m->keymgmt :
	     s->keymgmt.present ? &s->keymgmt : NULL;
	if (!local && km && !km->choose && km->len)
		ret = mgd_kms_start_resolve(d->kern.kms, km->data, km->len,
					    tag, unix_now);
	else if (!local && !km && !m->ncrypto && new_party(t, s))
		ret = mgd_kms_start_offer(d->kern.kms, tag, unix_now);
	else if (local && km && km->choose && !(t && t->mikey) &&
		 m->proto == SDP_PROTO_RTP_SAVP && !m->ncrypto &&
		 !strcmp(m->type, "audio"))
		ret = mgd_kms_start_offer(d->kern.kms, tag, unix_now);
out:
	sdp_free(s);
	return ret > 0;
}

/* @t's exchanges with the KMS started under @tag: how many. */
static int start(struct daemon *d, const struct h248_trans *t, uint64_t tag)
{
	struct sdp *s = NULL;
	unsigned int i, j, k;
	int n = 0;

	for (i = 0; i < t->nactions; i++)
		for (j = 0; j < t->actions[i].ncmds; j++) {
			const struct h248_cmd *c = &t->actions[i].cmds[j];
			const struct mg_term *term;

			/* (a Move's termination is in another context) */
			if (c->kind != H248_CMD_ADD &&
			    c->kind != H248_CMD_MODIFY)
				continue;
			term = term_of(d, t->actions[i].ctx, c->tid);
			for (k = 0; k < c->nstreams; k++) {
				const struct h248_stream *st = &c->streams[k];

				if (!st->remote && !st->local)
					continue;
				if (!s)
					s = calloc(1, sizeof(*s));
				if (!s)
					return n;
				n += start_one(d, st->remote, false, term, s,
					       tag, (uint64_t)time(NULL));
				n += start_one(d, st->local, true, term, s,
					       tag, (uint64_t)time(NULL));
			}
		}
	free(s);		/* wiped by sdp_free() */
	return n;
}

/* Whether request @id of @peer is parked already. */
static bool parked(const struct daemon *d, const struct sockaddr_storage *peer,
		   uint32_t id)
{
	const struct mgd_parked *p;

	for (p = d->parked; p; p = p->next)
		if (p->id == id && !memcmp(&p->peer, peer, sizeof(*peer)))
			return true;
	return false;
}

bool mgd_park(struct daemon *d, const struct sockaddr_storage *peer,
	      const struct h248_trans *t)
{
	struct mgd_parked *p;
	uint64_t tag;

	if (!d->kern.kms || d->nparked >= PARKED_MAX ||
	    parked(d, peer, t->id))
		return false;
	tag = ++d->park_tag;
	if (start(d, t, tag) <= 0)
		return false;
	p = malloc(sizeof(*p) + d->in_len + 1);
	if (!p) {
		mgd_kms_forget(d->kern.kms, tag);	/* it blocks instead */
		return false;
	}
	p->peer = *peer;
	p->id = t->id;
	p->tag = tag;
	p->len = d->in_len;
	memcpy(p->msg, d->in, d->in_len);
	p->msg[d->in_len] = '\0';
	p->next = d->parked;
	d->parked = p;
	d->nparked++;
	if (d->verbose)
		mgd_log(LOG_DEBUG, "request %u waits for the KMS",
			t->id);
	return true;
}

/* @p, its exchanges done: executed from its message read again. */
static void run_parked(struct daemon *d, struct mgd_parked *p, uint64_t now)
{
	const struct h248_trans *t = NULL;
	struct h248_err err;
	unsigned int i;

	memcpy(d->in, p->msg, p->len + 1);
	if (!h248_parse(d->in, p->len, &d->tree, &d->msg, &d->pool, &err))
		for (i = 0; i < d->msg.ntrans && !t; i++)
			if (d->msg.trans[i].kind == H248_TRANS_REQUEST &&
			    d->msg.trans[i].id == p->id)
				t = &d->msg.trans[i];
	mgd_kms_executing(d->kern.kms, p->tag);
	if (t) {
		mgd_execute(d, &p->peer, t, now);
	} else {
		/* read once, it reads again: not reached, but answered */
		mgd_answer_error(d, &p->peer, p->id, MG_ERR_INTERNAL,
				 "the request could not be read again", now);
	}
	mgd_kms_executing(d->kern.kms, 0);
	mgd_kms_forget(d->kern.kms, p->tag);
	/* messages carry keys: none stays in the buffers */
	OPENSSL_cleanse(d->in, p->len);
	OPENSSL_cleanse(d->out, strnlen(d->out, sizeof(d->out)));
	OPENSSL_cleanse(d->tree.strs, d->tree.nstrs);
}

void mgd_resume(struct daemon *d, uint64_t now)
{
	struct mgd_parked **pp, *p;

	for (pp = &d->parked; (p = *pp); ) {
		if (mgd_kms_waiting(d->kern.kms, p->tag)) {
			if (mgd_tr_progress(d->tr, &p->peer, p->id, now))
				mgd_send_pending(d, &p->peer, p->id);
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		d->nparked--;
		/*
		 * The MGC that sent it is no longer ours (the link lost,
		 * a handoff): not executed; the new one sends its own.
		 */
		if (!mgd_link_up(&d->link) ||
		    !mgd_link_is_mgc(&d->link, &p->peer))
			mgd_log(LOG_ERR, "request %u dropped: its "
				"MGC went while it waited for the KMS",
				p->id);
		else
			run_parked(d, p, now);
		mgd_kms_forget(d->kern.kms, p->tag);
		OPENSSL_cleanse(p, sizeof(*p) + p->len + 1);
		free(p);
	}
}

void mgd_park_free(struct daemon *d)
{
	while (d->parked) {
		struct mgd_parked *p = d->parked;

		d->parked = p->next;
		mgd_kms_forget(d->kern.kms, p->tag);
		OPENSSL_cleanse(p, sizeof(*p) + p->len + 1);
		free(p);
	}
	d->nparked = 0;
}
