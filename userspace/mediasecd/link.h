/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gateway's control association with its MGCs (H.248.1 clause 11):
 * which MGC controls us, and what the gateway says to it about itself.
 * Without sockets or clocks, as trans.h: the caller passes the time in ms,
 * sends the ServiceChange this layer asks for and tells it how that and
 * every other request of ours ended, so that each procedure can be tested
 * step by step (link_unit).
 *
 * - Registration (11.2, 11.3): ServiceChange Restart on ROOT, "901 Cold
 *   Boot" or "902 Warm Boot", with our Profile and Version; the MGC's
 *   answer may lower the Version (we then speak that one), name a
 *   ServiceChangeAddress (our messages go there from then on) or, refusing
 *   us, a MgcIdToTry (we register there instead).  No answer, or a
 *   refusal without MgcIdToTry: the next MGC of the list (11.5).  A whole
 *   list without an answer: a random wait of up to retry-max-ms (H.248.1
 *   11.5 and 7.2.8.1.1: the MGs of a restarted site must not all come
 *   back at once), then the list again.
 * - Supervision: any request of ours that times out (a Notify, an
 *   inactivity report) means the MGC is gone (H.248.1 11.5).  We register
 *   again with Method Disconnected, "900 Service Restored" (11.3:
 *   "Disconnected" tells the MGC that our state may have changed while
 *   contact was lost): first with the same MGC, then with the next ones.
 * - The inactivity timer (H.248.14, package "it", event "ito" with its
 *   "mit" in units of 10 ms) requested on ROOT: when nothing has come
 *   from the MGC for mit, we Notify it/ito; that Notify unanswered is the
 *   loss above.
 * - Handoff (11.5): the MGC's ServiceChange Handoff with MgcIdToTry; once
 *   answered, we register with that MGC, Method Handoff, "903 MGC
 *   Directed Change".
 * - Leaving (7.2.8.1.1): mediasecd stopping says ServiceChange Graceful,
 *   "905 Termination taken out of service", and waits for the answer (the
 *   transaction layer's long timer bounds the wait); stopped again while
 *   it waits, or told to stop at once, Forced, "908 MG Impending Failure",
 *   without waiting.
 */
#ifndef _MGD_LINK_H
#define _MGD_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config.h"
#include "h248.h"

enum mgd_link_state {
	MGD_LINK_IDLE,		/* a registration is due at retry_at */
	MGD_LINK_WAIT,		/* our ServiceChange is out: no answer yet */
	MGD_LINK_UP,		/* registered: the MGC controls us */
	MGD_LINK_LEAVING,	/* our out-of-service ServiceChange is out */
	MGD_LINK_GONE,		/* stopped: nothing more to send */
};

#define MGD_LINK_REASON_MAX	48

/**
 * struct mgd_link - the association with the MGCs
 * @cfg: the configuration (the MGCs, timers, profile)
 * @state: where the procedures above stand
 * @mgc: index of the MGC in question in @cfg->mgc
 * @peer: where our messages go: that MGC, a MgcIdToTry or Handoff
 *	address not in the list, or the ServiceChangeAddress it answered
 * @version: the protocol version spoken (the MGC's answer may lower it)
 * @method: the Method of the next registration
 * @reason: its Reason
 * @reg_id: our ServiceChange in flight (registration or leaving), or 0
 * @retry_at: when the next registration is due (MGD_LINK_IDLE)
 * @since_id: the transaction id of our registration: our requests
 *	before it tell nothing of the MGC registered with since
 * @reg_to: the address we registered at (a loss brings us back there)
 * @unanswered: MGCs of the list that did not answer in a row
 * @ito_ms: the inactivity timer on ROOT (H.248.14), 0 when not asked
 * @ito_rid: the RequestID of the Events descriptor that asked for it
 * @heard_at: when a message last came from the MGC (or the timer was
 *	last started)
 * @handoff: Handoff asked: register with @handoff_to once the reply to
 *	the MGC that asked has gone
 * @handoff_to: that MGC's address
 * @rand: random numbers for the waits (the caller's; tests give theirs)
 */
struct mgd_link {
	const struct mgd_config *cfg;
	enum mgd_link_state state;
	unsigned int mgc;
	struct sockaddr_storage peer;
	unsigned int version;
	enum h248_sc_method method;
	char reason[MGD_LINK_REASON_MAX];
	uint32_t reg_id;
	uint64_t retry_at;
	uint32_t since_id;
	struct sockaddr_storage reg_to;
	unsigned int unanswered;
	uint32_t ito_ms;
	uint32_t ito_rid;
	uint64_t heard_at;
	bool handoff;
	struct sockaddr_storage handoff_to;
	uint32_t (*rand)(void);
};

/* Starts with the first MGC, a registration due at once (warm: 902). */
void mgd_link_init(struct mgd_link *l, const struct mgd_config *cfg,
		   bool warm, uint32_t (*rand)(void));
bool mgd_link_up(const struct mgd_link *l);
/* Whether @peer (an address the message came from) is our MGC. */
bool mgd_link_is_mgc(const struct mgd_link *l,
		     const struct sockaddr_storage *peer);

/*
 * The ServiceChange due @now (registration), if any: 1 with @svc filled
 * (its strings live in @l), else 0.  Then mgd_link_sent() with its
 * transaction id, or 0 when it could not be sent.
 */
int mgd_link_due(struct mgd_link *l, uint64_t now, struct h248_svc *svc);
void mgd_link_sent(struct mgd_link *l, uint32_t id, uint64_t now);
/*
 * The reply to our request @id: @svc its ServiceChange parameters (NULL
 * if none), @error its error code (0 if none).  Returns 1 when it was our
 * ServiceChange, else 0.
 */
int mgd_link_reply(struct mgd_link *l, uint32_t id,
		   const struct h248_svc *svc, unsigned int error,
		   uint64_t now);
/*
 * The transport to the MGC is gone (an SCTP association lost, or never
 * made): registered, we register again (Disconnected); registering, the
 * next MGC.
 */
void mgd_link_lost(struct mgd_link *l, uint64_t now);
/* Our request @id was not answered within the long timer. */
void mgd_link_timeout(struct mgd_link *l, uint32_t id, uint64_t now);
/* A message came from the MGC: the inactivity timer starts again. */
void mgd_link_heard(struct mgd_link *l, uint64_t now);

/* ROOT's it/ito (H.248.14): @mit_10ms 0 turns it off. */
void mgd_link_set_ito(struct mgd_link *l, uint32_t rid, uint32_t mit_10ms,
		      uint64_t now);
/* 1 when it/ito is to be notified @now (the timer starts again), else 0. */
int mgd_link_ito_due(struct mgd_link *l, uint64_t now);

/*
 * The MGC asked for a Handoff to @mgc_id ("[addr]:port" or "addr"): 0,
 * or -EINVAL when @mgc_id is not an address we can reach (the caller
 * answers 449 then).
 */
int mgd_link_handoff(struct mgd_link *l, const char *mgc_id);
/* The reply that asked for it is out: the Handoff registration starts. */
void mgd_link_handoff_go(struct mgd_link *l, uint64_t now);

/*
 * mediasecd is stopping: 1 with @svc filled when an out-of-service
 * ServiceChange is to be sent (then mgd_link_sent()), 0 when nothing is
 * (not registered, or @forced: then it is gone once sent).
 */
int mgd_link_leave(struct mgd_link *l, bool forced, struct h248_svc *svc);
bool mgd_link_gone(const struct mgd_link *l);

/* When the link next needs the caller (ms), UINT64_MAX if never. */
uint64_t mgd_link_next(const struct mgd_link *l);

/* "[192.0.2.1]:2944", "192.0.2.1", "[2001:db8::1]:2944": 0 or -EINVAL. */
int mgd_link_parse_addr(const char *s, uint16_t default_port,
			struct sockaddr_storage *ss);

#endif /* _MGD_LINK_H */
