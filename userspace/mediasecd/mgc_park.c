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

#include <openssl/crypto.h>

#include "daemon.h"
#include "kms.h"
#include "sdp.h"

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

/*
 * An exchange for the a=key-mgmt:mikey of one stream's SDP @text (@local:
 * its Local), if it needs one: 1 if started.  @s: room to read it in.
 */
static int start_one(struct daemon *d, const char *text, bool local,
		     bool keyed, struct sdp *s, uint64_t tag, uint64_t now)
{
	const struct sdp_keymgmt *km = NULL;
	int ret = 0;

	/* most SDP has none: not read twice for nothing */
	if (!text || !strstr(text, "key-mgmt"))
		return 0;
	if (!sdp_parse(s, text, strlen(text), NULL) && s->nmedia == 1)
		km = s->media[0].keymgmt.present ? &s->media[0].keymgmt :
		     s->keymgmt.present ? &s->keymgmt : NULL;
	if (km && !local && !km->choose && km->len)
		ret = mgd_kms_start_resolve(d->kern.kms, km->data, km->len,
					    tag, now);
	else if (km && local && km->choose && !keyed)
		ret = mgd_kms_start_offer(d->kern.kms, tag, now);
	sdp_free(s);
	return ret > 0;
}

/*
 * Whether termination @tid of context @ctx is keyed by a ticket already:
 * its Local's "$" then asks nothing of the KMS (mg_mikey_take_local()).
 */
static bool keyed(struct daemon *d, uint32_t ctx, const char *tid)
{
	struct mg_ctx *c = mg_find_ctx(&d->mg, ctx);
	unsigned int i;

	for (i = 0; c && tid && i < c->nterm; i++)
		if (!strcmp(c->term[i]->id, tid))
			return c->term[i]->mikey;
	return false;
}

/* @t's exchanges with the KMS started under @tag: how many. */
static int start(struct daemon *d, const struct h248_trans *t, uint64_t tag,
		 uint64_t now)
{
	struct sdp *s = NULL;
	unsigned int i, j, k;
	int n = 0;

	for (i = 0; i < t->nactions; i++)
		for (j = 0; j < t->actions[i].ncmds; j++) {
			const struct h248_cmd *c = &t->actions[i].cmds[j];
			bool was = keyed(d, t->actions[i].ctx, c->tid);

			if (c->kind != H248_CMD_ADD &&
			    c->kind != H248_CMD_MODIFY &&
			    c->kind != H248_CMD_MOVE)
				continue;
			for (k = 0; k < c->nstreams; k++) {
				const struct h248_stream *st = &c->streams[k];

				if (!strstr(st->remote ? st->remote : "",
					    "key-mgmt") &&
				    !strstr(st->local ? st->local : "",
					    "key-mgmt"))
					continue;
				if (!s)
					s = calloc(1, sizeof(*s));
				if (!s)
					return n;
				n += start_one(d, st->remote, false, was, s,
					       tag, now);
				n += start_one(d, st->local, true, was, s,
					       tag, now);
			}
		}
	free(s);		/* wiped by sdp_free() */
	return n;
}

bool mgd_park(struct daemon *d, const struct sockaddr_storage *peer,
	      const struct h248_trans *t, uint64_t now)
{
	struct mgd_parked *p;
	uint64_t tag;

	if (!d->kern.kms || d->nparked >= PARKED_MAX)
		return false;
	tag = ++d->park_tag;
	if (start(d, t, tag, now) <= 0)
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
		fprintf(stderr, "mediasecd: request %u waits for the KMS\n",
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
		run_parked(d, p, now);
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
