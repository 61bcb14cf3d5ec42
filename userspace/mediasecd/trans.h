/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The H.248 transaction layer over UDP (H.248.1 Annex D.1), without
 * sockets or clocks of its own (the caller passes the time in ms and
 * sends what it is told to), so that it can be tested step by step.
 *
 * Requests we receive: a new transaction is executed once; a duplicate
 * that arrives while it is still queued or executing is answered with
 * TransactionPending; one that arrives after the reply gets the stored
 * reply again, until the MGC acknowledges the reply (TransactionResponseAck)
 * or the long timer expires.  An acknowledged transaction is remembered
 * (and its duplicates ignored) until the long timer expires too.  Work
 * that takes longer than pending ms is announced by TransactionPending
 * (mgd_tr_progress(), asked between commands), after which the MGC waits
 * up to its long timer.
 *
 * Requests we send (ServiceChange, Notify): retransmitted with doubling
 * intervals from retry_ms (at most 4 s apart) until a reply arrives; a
 * TransactionPending stops retransmission until the long timer; after the
 * long timer the request has failed.
 */
#ifndef _MGD_TRANS_H
#define _MGD_TRANS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* What to do with a request that came in. */
enum mgd_in {
	MGD_IN_NEW,		/* execute it, then mgd_tr_replied() */
	MGD_IN_PENDING,		/* a duplicate under way: send Pending */
	MGD_IN_RESEND,		/* a duplicate: send the stored reply */
	MGD_IN_IGNORE,		/* a duplicate of an acknowledged reply */
};

/* How a request we sent ended. */
enum mgd_out {
	MGD_OUT_REPLIED,
	MGD_OUT_TIMEOUT,
};

struct mgd_tr;

/* Sends @len bytes of @msg to @peer (a retransmission). */
typedef void (*mgd_tr_send_fn)(const struct sockaddr_storage *peer,
			       const char *msg, size_t len, void *arg);
/* A request we sent ended: replied or timed out. */
typedef void (*mgd_tr_done_fn)(const struct sockaddr_storage *peer,
			       uint32_t id, enum mgd_out how, void *arg);

struct mgd_tr *mgd_tr_new(uint32_t retry_ms, uint32_t long_timer_ms,
			  mgd_tr_send_fn send, mgd_tr_done_fn done,
			  void *arg);
void mgd_tr_free(struct mgd_tr *t);

/* Incoming requests */
enum mgd_in mgd_tr_request(struct mgd_tr *t,
			   const struct sockaddr_storage *peer, uint32_t id,
			   uint64_t now, const char **reply, size_t *len);
/* The reply to a request mgd_tr_request() called new; 0 or -ENOMEM. */
int mgd_tr_replied(struct mgd_tr *t, const struct sockaddr_storage *peer,
		   uint32_t id, const char *reply, size_t len, uint64_t now);
/* TransactionPending every @ms while a request executes (0: never). */
void mgd_tr_set_pending(struct mgd_tr *t, uint32_t ms);
/*
 * Whether TransactionPending is due @now for request @id of @peer, still
 * executing: first pending ms after it came in, then every pending ms.
 * 1: send it (the next is counted from @now), else 0.  Asking keeps the
 * request from the long timer (one that waits long, for the KMS, is not
 * taken for new when repeated).
 */
int mgd_tr_progress(struct mgd_tr *t, const struct sockaddr_storage *peer,
		    uint32_t id, uint64_t now);
/* TransactionResponseAck for ids @first .. @last from @peer. */
void mgd_tr_acked(struct mgd_tr *t, const struct sockaddr_storage *peer,
		  uint32_t first, uint32_t last, uint64_t now);

/* Outgoing requests */
/*
 * Our next request's transaction id is @id (1 .. 2^32 - 2): a restarted
 * daemon starts elsewhere than its earlier run, whose ids the MGC may
 * still hold replies for.
 */
void mgd_tr_set_next_id(struct mgd_tr *t, uint32_t id);
uint32_t mgd_tr_next_id(struct mgd_tr *t);
/* @msg (request @id) was sent once; keep it for retransmission. */
int mgd_tr_sent(struct mgd_tr *t, const struct sockaddr_storage *peer,
		uint32_t id, const char *msg, size_t len, uint64_t now);
/* A reply (1) or Pending (0) to one of ours; -ENOENT if not ours. */
int mgd_tr_answer(struct mgd_tr *t, const struct sockaddr_storage *peer,
		  uint32_t id, int final, uint64_t now);

/* Retransmits and expires what is due; returns the next deadline. */
uint64_t mgd_tr_tick(struct mgd_tr *t, uint64_t now);
/* Entries held (for tests and statistics). */
size_t mgd_tr_count(const struct mgd_tr *t);

#endif /* _MGD_TRANS_H */
