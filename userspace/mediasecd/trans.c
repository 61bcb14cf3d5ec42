// SPDX-License-Identifier: GPL-2.0
/*
 * The H.248 transaction layer over UDP: see trans.h.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"

#define NBUCKETS	4096
#define MAX_INTERVAL	4000	/* ms between retransmissions, at most */

enum ent_state {
	IN_EXEC,	/* being executed: duplicates get Pending */
	IN_REPLIED,	/* reply stored for duplicates */
	IN_ACKED,	/* reply acknowledged: duplicates ignored */
	OUT_WAIT,	/* ours, retransmitted until answered */
	OUT_PENDING,	/* ours, the peer said Pending */
};

struct ent {
	struct ent *hnext;
	struct ent *prev, *next;
	struct sockaddr_storage peer;
	uint32_t id;
	enum ent_state state;
	uint64_t expire;	/* long timer */
	/* next retransmission (OUT_WAIT), next TransactionPending (IN_EXEC) */
	uint64_t due;
	uint32_t interval;
	char *msg;
	size_t len;
};

struct mgd_tr {
	struct ent *bucket[NBUCKETS];
	struct ent *head;
	size_t n;
	uint32_t retry_ms, long_ms, pending_ms;
	uint32_t next_id;
	mgd_tr_send_fn send;
	mgd_tr_done_fn done;
	void *arg;
};

static int same_peer(const struct sockaddr_storage *a,
		     const struct sockaddr_storage *b)
{
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       !memcmp(&a6->sin6_addr, &b6->sin6_addr, 16);
}

static unsigned int hash(const struct sockaddr_storage *p, uint32_t id,
			 int out)
{
	const struct sockaddr_in *p4 = (const void *)p;
	uint32_t h = id * 2654435761U;

	h ^= (uint32_t)p4->sin_port << 16 | (uint32_t)out;
	if (p->ss_family == AF_INET)
		h ^= p4->sin_addr.s_addr * 2246822519U;
	else
		h ^= ((const struct sockaddr_in6 *)p)->sin6_addr.s6_addr32[3] *
		     2246822519U;
	return (h ^ (h >> 15)) % NBUCKETS;
}

static int is_out(const struct ent *e)
{
	return e->state == OUT_WAIT || e->state == OUT_PENDING;
}

static struct ent *find(struct mgd_tr *t, const struct sockaddr_storage *p,
			uint32_t id, int out)
{
	struct ent *e;

	for (e = t->bucket[hash(p, id, out)]; e; e = e->hnext)
		if (e->id == id && is_out(e) == out && same_peer(&e->peer, p))
			return e;
	return NULL;
}

static struct ent *add(struct mgd_tr *t, const struct sockaddr_storage *p,
		       uint32_t id, enum ent_state state, uint64_t now)
{
	struct ent *e = calloc(1, sizeof(*e));
	unsigned int b;

	if (!e)
		return NULL;
	e->peer = *p;
	e->id = id;
	e->state = state;
	e->expire = now + t->long_ms;
	b = hash(p, id, is_out(e));
	e->hnext = t->bucket[b];
	t->bucket[b] = e;
	e->next = t->head;
	if (t->head)
		t->head->prev = e;
	t->head = e;
	t->n++;
	return e;
}

static void drop(struct mgd_tr *t, struct ent *e)
{
	struct ent **pp = &t->bucket[hash(&e->peer, e->id, is_out(e))];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->prev)
		e->prev->next = e->next;
	else
		t->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	if (e->msg)
		explicit_bzero(e->msg, e->len);
	free(e->msg);
	free(e);
	t->n--;
}

struct mgd_tr *mgd_tr_new(uint32_t retry_ms, uint32_t long_timer_ms,
			  mgd_tr_send_fn send, mgd_tr_done_fn done, void *arg)
{
	struct mgd_tr *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->retry_ms = retry_ms;
	t->long_ms = long_timer_ms;
	t->send = send;
	t->done = done;
	t->arg = arg;
	t->next_id = 1;
	return t;
}

void mgd_tr_free(struct mgd_tr *t)
{
	if (!t)
		return;
	while (t->head)
		drop(t, t->head);
	free(t);
}

enum mgd_in mgd_tr_request(struct mgd_tr *t,
			   const struct sockaddr_storage *peer, uint32_t id,
			   uint64_t now, const char **reply, size_t *len)
{
	struct ent *e = find(t, peer, id, 0);

	if (!e) {
		/* Out of memory: execute it all the same, just not kept. */
		e = add(t, peer, id, IN_EXEC, now);
		if (e)
			e->due = now + t->pending_ms;
		return MGD_IN_NEW;
	}
	switch (e->state) {
	case IN_EXEC:
		return MGD_IN_PENDING;
	case IN_REPLIED:
		*reply = e->msg;
		*len = e->len;
		return MGD_IN_RESEND;
	default:
		return MGD_IN_IGNORE;
	}
}

int mgd_tr_replied(struct mgd_tr *t, const struct sockaddr_storage *peer,
		   uint32_t id, const char *reply, size_t len, uint64_t now)
{
	struct ent *e = find(t, peer, id, 0);

	if (!e)
		e = add(t, peer, id, IN_EXEC, now);
	if (!e)
		return -ENOMEM;
	if (e->msg)
		explicit_bzero(e->msg, e->len);
	free(e->msg);
	e->msg = malloc(len ? len : 1);
	if (!e->msg) {
		drop(t, e);
		return -ENOMEM;
	}
	memcpy(e->msg, reply, len);
	e->len = len;
	e->state = IN_REPLIED;
	e->expire = now + t->long_ms;
	return 0;
}

void mgd_tr_acked(struct mgd_tr *t, const struct sockaddr_storage *peer,
		  uint32_t first, uint32_t last, uint64_t now)
{
	struct ent *e;

	(void)now;
	/* Walk the entries, not the range: a range may be 2^32 wide. */
	for (e = t->head; e; e = e->next) {
		if (e->state != IN_REPLIED || e->id < first || e->id > last ||
		    !same_peer(&e->peer, peer))
			continue;
		explicit_bzero(e->msg, e->len);
		free(e->msg);
		e->msg = NULL;
		e->len = 0;
		e->state = IN_ACKED;
	}
}

void mgd_tr_set_pending(struct mgd_tr *t, uint32_t ms)
{
	t->pending_ms = ms;
}

int mgd_tr_progress(struct mgd_tr *t, const struct sockaddr_storage *peer,
		    uint32_t id, uint64_t now)
{
	struct ent *e = find(t, peer, id, 0);

	/*
	 * Still executing (parked for the KMS, mgc_park.c): kept as long
	 * as it is asked about, or a repeat after the long timer would be
	 * new and run a second time.
	 */
	if (e && e->state == IN_EXEC)
		e->expire = now + t->long_ms;
	if (!e || e->state != IN_EXEC || !t->pending_ms || now < e->due)
		return 0;
	e->due = now + t->pending_ms;
	return 1;
}

void mgd_tr_set_next_id(struct mgd_tr *t, uint32_t id)
{
	t->next_id = id && id != 0xffffffffU ? id : 1;
}

uint32_t mgd_tr_next_id(struct mgd_tr *t)
{
	uint32_t id = t->next_id++;

	/* 1 .. 2^32 - 2: 0 is not used, 0xffffffff is "all" in acks. */
	if (t->next_id == 0xffffffffU)
		t->next_id = 1;
	return id;
}

int mgd_tr_sent(struct mgd_tr *t, const struct sockaddr_storage *peer,
		uint32_t id, const char *msg, size_t len, uint64_t now)
{
	struct ent *e = find(t, peer, id, 1);

	if (e)
		return -EEXIST;
	e = add(t, peer, id, OUT_WAIT, now);
	if (!e)
		return -ENOMEM;
	e->msg = malloc(len ? len : 1);
	if (!e->msg) {
		drop(t, e);
		return -ENOMEM;
	}
	memcpy(e->msg, msg, len);
	e->len = len;
	e->interval = t->retry_ms;
	e->due = now + e->interval;
	return 0;
}

int mgd_tr_answer(struct mgd_tr *t, const struct sockaddr_storage *peer,
		  uint32_t id, int final, uint64_t now)
{
	struct ent *e = find(t, peer, id, 1);
	struct sockaddr_storage p;

	if (!e)
		return -ENOENT;
	if (!final) {
		e->state = OUT_PENDING;
		e->expire = now + t->long_ms;
		return 0;
	}
	p = e->peer;
	drop(t, e);
	if (t->done)
		t->done(&p, id, MGD_OUT_REPLIED, t->arg);
	return 0;
}

uint64_t mgd_tr_tick(struct mgd_tr *t, uint64_t now)
{
	uint64_t next = now + t->long_ms;
	struct sockaddr_storage p;
	struct ent *e, *n;
	uint32_t id;

	for (e = t->head; e; e = n) {
		n = e->next;
		if (now >= e->expire) {
			if (!is_out(e)) {
				drop(t, e);
				continue;
			}
			p = e->peer;
			id = e->id;
			drop(t, e);
			if (t->done)
				t->done(&p, id, MGD_OUT_TIMEOUT, t->arg);
			/* The callback may have sent: start over. */
			n = t->head;
			continue;
		}
		if (e->state == OUT_WAIT && now >= e->due) {
			if (t->send)
				t->send(&e->peer, e->msg, e->len, t->arg);
			e->interval = e->interval * 2 > MAX_INTERVAL ?
				      MAX_INTERVAL : e->interval * 2;
			e->due = now + e->interval;
		}
		if (e->expire < next)
			next = e->expire;
		if (e->state == OUT_WAIT && e->due < next)
			next = e->due;
	}
	return next;
}

size_t mgd_tr_count(const struct mgd_tr *t)
{
	return t->n;
}
