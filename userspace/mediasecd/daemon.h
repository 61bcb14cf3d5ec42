/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's state and what its files (main.c, mgc.c, kevents.c,
 * restart.c) call of each other.  One struct daemon is shared by all of
 * them, as before they were apart: the split is by concern, not by
 * ownership of state, so that a transport or a kind of termination added
 * later touches the file of its concern and this header only.
 */
#ifndef _MGD_DAEMON_H
#define _MGD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>

#include <netinet/in.h>

#include "kern.h"
#include "link.h"
#include "metrics.h"
#include "state.h"
#include "trans.h"

#define MSG_MAX	H248_MAX_MSG

/**
 * struct mgd_sctp - the SCTP association with the MGC (sctp.c)
 * @fd: its socket, -1 when none
 * @up: established
 * @peer: the MGC's address
 * @have: bytes of a message begun in @buf
 * @buf: a message as it arrives
 */
struct mgd_sctp {
	int fd;
	bool up;
	struct sockaddr_storage peer;
	size_t have;
	char buf[MSG_MAX + 1];
};

struct mgd_parked;

struct daemon {
	struct mgd_config cfg;
	struct msnl nl;
	struct mgd_kern kern;	/* the kernel and the state directory */
	struct mg_ops ops;	/* the kernel's, and the KMS's if configured */
	struct mgd_msrp msrp;	/* MSRP terminations' connections */
	unsigned int adopted;	/* contexts taken back at start */
	struct msnl ev;		/* the module's events (multicast) */
	int ev_fd;		/* its socket, or -1 */
	struct mg mg;
	struct mgd_tr *tr;
	int fd;
	int verbose;
	struct mgd_link link;	/* which MGC controls us (link.h) */
	struct mgd_sctp sctp;	/* H.248.4: when that MGC is over SCTP */
	/* the request being executed, for TransactionPending */
	const struct sockaddr_storage *exec_peer;
	uint32_t exec_id;
	/* requests waiting for the KMS (mgc_park.c) */
	struct mgd_parked *parked;
	unsigned int nparked;
	uint64_t park_tag;
	size_t in_len;		/* bytes of the message in @in */
	/* one message in, one out */
	char in[MSG_MAX + 1];
	char out[MSG_MAX + 1];
	struct h248_tree tree;
	struct h248_pool pool;
	struct h248_msg msg;
	struct mg_reply reply;
	struct mgd_metrics metrics;	/* metrics.h */
	bool ready_told;		/* sd_notify READY sent */
	bool link_told;			/* the registration STATUS said */
};

/*
 * The kernel's flows and SRTP contexts at start, sorted by id, each
 * claimed by at most one context taken back; and its relays' ids.
 */
struct kview {
	struct msobj_flow *flow;
	bool *flow_claimed;
	size_t nflow, flow_cap;
	uint32_t *ctx;
	bool *ctx_claimed;
	size_t nctx, ctx_cap;
	uint32_t *relay;
	size_t nrelay, relay_cap;
};

/* main.c */
uint64_t mgd_now_ms(void);

/* mgc.c: the H.248 link to the MGC */
socklen_t mgd_sa_len(const struct sockaddr_storage *ss);
void mgd_send_to(const struct sockaddr_storage *peer, const char *msg,
		 size_t len, void *arg);
void mgd_resend_to(const struct sockaddr_storage *peer, const char *msg,
		   size_t len, void *arg);
uint32_t mgd_send_request(struct daemon *d, uint32_t ctx,
			  struct h248_cmd *c, uint64_t now);
void mgd_link_work(struct daemon *d, uint64_t now);
int mgd_leave(struct daemon *d, bool forced, uint64_t now);
void mgd_on_done(const struct sockaddr_storage *peer, uint32_t id,
		 enum mgd_out how, void *arg);
void mgd_on_progress(void *arg);
void mgd_on_message(struct daemon *d, const struct sockaddr_storage *peer,
		    size_t len, bool over_sctp, uint64_t now);
void mgd_execute(struct daemon *d, const struct sockaddr_storage *peer,
		 const struct h248_trans *t, uint64_t now);
void mgd_send_pending(struct daemon *d, const struct sockaddr_storage *peer,
		      uint32_t id);
/* Request @id of @peer answered with error @code, the reply kept. */
void mgd_answer_error(struct daemon *d, const struct sockaddr_storage *peer,
		      uint32_t id, unsigned int code, const char *text,
		      uint64_t now);

/*
 * mgc_park.c: a new request whose SDP needs the KMS has its exchanges
 * started and waits without holding the loop (true: parked, else execute
 * it now); mgd_resume() executes those whose exchanges are done and keeps
 * the MGC told (TransactionPending) about the others.
 */
bool mgd_park(struct daemon *d, const struct sockaddr_storage *peer,
	      const struct h248_trans *t);
void mgd_resume(struct daemon *d, uint64_t now);
void mgd_park_free(struct daemon *d);

/* sctp.c: H.248 over SCTP (H.248.4) */
bool mgd_sctp_wanted(const struct daemon *d);
bool mgd_sctp_ready(struct daemon *d, uint64_t now);
bool mgd_sctp_sends_to(const struct daemon *d,
		       const struct sockaddr_storage *peer);
int mgd_sctp_send(struct daemon *d, const char *msg, size_t len);
void mgd_sctp_event(struct daemon *d, short revents, uint64_t now);
void mgd_sctp_close(struct daemon *d);

/* kevents.c: the module's events */
void mgd_notify(struct daemon *d, const struct mg_notify *n, uint64_t now);
void mgd_events_open(struct daemon *d);

/* metrics_http.c: GET /metrics (metrics.h) */
int mgd_metrics_start(struct daemon *d);
void mgd_metrics_run(struct daemon *d);
uint64_t mgd_metrics_wait(struct daemon *d);
void mgd_metrics_stop(struct daemon *d);

/* restart.c: the contexts of an earlier run */
int mgd_kv_load(struct daemon *d, struct kview *v);
void mgd_kv_free(struct kview *v);
void mgd_kv_skip_ids(struct mg *g, const struct kview *v);
void mgd_adopt(struct daemon *d, struct kview *v);

#endif /* _MGD_DAEMON_H */
