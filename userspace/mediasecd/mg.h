/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The media gateway's contexts and terminations, and the execution of the
 * MGC's commands on them: Add, Modify, Subtract (with statistics) and
 * AuditValue of ephemeral terminations, with CHOOSE ("$") for context and
 * termination ids and local ports from the realm's pool.  The kernel is
 * reached through struct mg_ops (msobj in the daemon, a fake in the unit
 * test).  A command that fails leaves the gateway and the kernel exactly
 * as they were and gets an Error descriptor; later commands of its
 * transaction are not executed (H.248.1 section 8.2.2).
 */
#ifndef _MGD_MG_H
#define _MGD_MG_H

#include "config.h"
#include "h248.h"
#include "media.h"
#include "mikey_ticket.h"
#include "pool.h"
#include "sdp.h"

/* H.248.1 error codes the gateway answers with */
#define MG_ERR_UNKNOWN_CTX	411
#define MG_ERR_UNKNOWN_TERM	430
#define MG_ERR_NOT_IN_CTX	435	/* termination in another context */
#define MG_ERR_CTX_FULL		433	/* "TerminationID already in context" */
#define MG_ERR_TOO_MANY_TERMS	434	/* terminations in a context exceeded */
#define MG_ERR_UNKNOWN_PKG	440
#define MG_ERR_UNKNOWN_DESC	444	/* unsupported or unknown descriptor */
#define MG_ERR_UNKNOWN_PROP	445	/* unsupported or unknown property */
#define MG_ERR_UNSUPPORTED	449	/* unsupported or unknown value */
#define MG_ERR_NO_SUCH_PROP	450	/* no such property in this package */
#define MG_ERR_UNKNOWN_EVENT	451	/* no such event in this package */
#define MG_ERR_NO_SUCH_SIGNAL	452	/* no such signal in this package */
#define MG_ERR_NO_SUCH_STAT	453	/* no such statistic in this package */
#define MG_ERR_CANNOT_SIGNAL	513	/* unequipped to generate signals */
#define MG_ERR_BAD_MEDIA	515	/* unsupported media type */
#define MG_ERR_BAD_MODE		517	/* unsupported or invalid mode */
#define MG_ERR_TOPOLOGY		522	/* topology triple not supported */
#define MG_ERR_INTERNAL		500
#define MG_ERR_NOT_IMPL		501
#define MG_ERR_UNAVAILABLE	503	/* out of service by the MGC's word */
#define MG_ERR_NOT_REGISTERED	505	/* before our ServiceChange's reply */
#define MG_ERR_TOO_LARGE	533	/* the reply exceeds what one message holds */
#define MG_ERR_NO_RESOURCES	510

#define MG_TID_MAX	(MGD_NAME_MAX + 12)	/* "<realm>/<n>" */

/* adid/ipstop's dir: media from the remote, to it, or neither way. */
#define MG_IPSTOP_IN	0
#define MG_IPSTOP_OUT	1
#define MG_IPSTOP_BOTH	2
#define MG_SALT_LEN	16	/* of a termination's key fingerprints */
#define MG_IDS_PER_CTX	4	/* flow ids of context c: c * 4 .. c * 4 + 3 */

#define MG_PSK_ID_MAX	128	/* a TLS-PSK identity, with its NUL */
#define MG_PSK_MAX	64	/* a TLS-PSK key, bytes */
#define MG_PSK_MIN	16	/* and at least (128 bits) */

struct mg;
struct mg_ctx;

/*
 * What TLS an MSRP termination has (mg_msrp.c): none (TCP/MSRP), TLS the
 * gateway terminates, authenticated by the remote's certificate against
 * its a=fingerprint (RFC 8122) or by a pre-shared key (the MGC's
 * mstls/pskid and mstls/psk), or TLS the gateway relays unopened (e2e:
 * TCP/TLS/MSRP with neither).
 */
enum mg_tls {
	MG_TLS_NONE,
	MG_TLS_CERT,
	MG_TLS_PSK,
	MG_TLS_E2E,
};

/**
 * struct mg_msrp - an MSRP termination's connection (m=message, RFC 4975)
 * @on: the termination carries MSRP (a TCP connection), not RTP
 * @proto_tls: TCP/TLS/MSRP (else TCP/MSRP)
 * @tls: what the gateway does with TLS
 * @active: the gateway opens the TCP connection (and is the TLS client);
 *	else it listens on its Local port (RFC 4145, RFC 6135)
 * @setup_given: the MGC's Local fixed @active
 * @establish: mstls/est was signalled: an active side connects
 * @est_gen: mstls/est signals taken; a new one retries a failed leg
 * @conn_gen: Remotes that asked for a new connection (RFC 4145 5,
 *	a=connection:new) of a termination that had a Remote already
 * @fail_asked: mstls/fail was asked for
 * @end_asked: mstls/end was asked for
 * @has_remote: @remote is known (a Remote with an address and a port)
 * @remote: the remote's address and TCP port
 * @remote_tls: the remote's a=fingerprint (media level, else session)
 * @psk_id: the TLS-PSK identity (MG_TLS_PSK)
 * @psk: its key (never logged; wiped with the termination)
 * @psk_len: bytes of @psk
 */
struct mg_msrp {
	bool on;
	bool proto_tls;
	enum mg_tls tls;
	bool active;
	bool setup_given;
	bool establish;
	unsigned int est_gen;
	unsigned int conn_gen;
	bool fail_asked;
	bool end_asked;
	bool has_remote;
	struct msobj_ep remote;
	struct sdp_tls remote_tls;
	char psk_id[MG_PSK_ID_MAX];
	uint8_t psk[MG_PSK_MAX];
	unsigned int psk_len;
};

/**
 * struct mg_ops - the kernel, as the gateway uses it
 * @install: install a plan whole, or nothing (-errno, *why set)
 * @remove: delete a plan's flows, then its contexts
 * @key_del: delete a context's key by MKI: 0, -ENOENT (gone already:
 *	no matter) or another -errno (to try again)
 * @flow_set: new policies and flags for a running flow, in place (FLOW_SET;
 *	optional: without it a flow whose policies change is replaced)
 * @flow_stats: a flow's counters
 * @ctx_stats: a context's counters
 * @save: keep @c's record for a restart (optional)
 * @forget: context @id is gone: its record too (optional)
 * @relay_stats: octets MSRP termination @serial of context @ctx received
 *	from its remote and sent to it, through the kernel's relay (optional)
 * @msrp: context @id changed (or went): its MSRP connections are brought
 *	in line with it once the transaction is answered (optional)
 * @kms_resolve: MIKEY-TICKET TRANSFER_INIT @ti resolved at the KMS into
 *	@res: how many keys, or -errno with *@code (the H.248 error) and
 *	*@why; NULL when no KMS is configured (kms.h)
 * @kms_settle: the command that called @kms_resolve ended; @taken: it
 *	succeeded (its TRANSFER_INIT cannot come again); called after every
 *	command (optional)
 * @kms_offer: a ticket requested from the KMS, and the TRANSFER_INIT of
 *	two crypto sessions under suite @suite offered with it (the
 *	gateway initiates: mgd_kms_offer()): its keys and the message in
 *	@res, 2, or -errno with *@code and *@why; NULL with no KMS
 */
struct mg_ops {
	int (*install)(void *arg, const struct mg_plan *p, const char **why);
	void (*remove)(void *arg, const struct mg_plan *p);
	int (*key_del)(void *arg, uint32_t ctx, uint32_t mki);
	int (*flow_set)(void *arg, const struct msobj_flow *f,
			const char **why);
	int (*flow_stats)(void *arg, uint32_t id, struct msobj_flow *f);
	int (*ctx_stats)(void *arg, uint32_t id, struct msobj_ctx_stats *s);
	void (*save)(void *arg, const struct mg *g, const struct mg_ctx *c);
	void (*forget)(void *arg, uint32_t id);
	int (*relay_stats)(void *arg, uint32_t ctx, uint32_t serial,
			   uint64_t *in, uint64_t *out);
	void (*msrp)(void *arg, const struct mg *g, uint32_t id);
	int (*kms_resolve)(void *arg, const uint8_t *ti, size_t len,
			   struct mikey_result *res, unsigned int *code,
			   const char **why);
	void (*kms_settle)(void *arg, bool taken);
	int (*kms_offer)(void *arg, uint16_t suite, struct mikey_result *res,
			 unsigned int *code, const char **why);
};

/**
 * struct mg_counts - what flows gone counted for a termination
 * @pr: RTP packets received from its remote (forwarded)
 * @ps: RTP packets sent to its remote
 * @o_in: octets received from its remote (RTP and RTCP, as received)
 * @o_out: octets sent to its remote (RTP and RTCP, as sent)
 */
struct mg_counts {
	uint64_t pr, ps, o_in, o_out;
};

/**
 * struct mg_term - an ephemeral termination
 * @id: its TerminationID ("<realm>/<n>")
 * @realm: index of its realm in the configuration
 * @mode: LocalControl Mode
 * @side: its media as negotiated (local port, remote, keys)
 * @fmts: the media formats of its m= line
 * @formats: the a=rtpmap and a=fmtp of its remote's m= section, as
 *	"rtpmap:..." and "fmtp:..." lines ('\n' between them): kept and
 *	answered in our Local (the payload goes through unchanged, so do
 *	its formats' descriptions)
 * @ptime: the remote's a=ptime (ms), 0 if none: answered too
 * @tag: the a=crypto tag answered
 * @serial: a number no other termination of this run has (it owns
 *	its SRTP contexts in the plans)
 * @ev_rid: RequestID of its Events descriptor
 * @ipstop_s: adid/ipstop requested: seconds without media, else 0
 * @ipstop_dir: its direction (H.248.40 dir): MG_IPSTOP_IN, _OUT, _BOTH
 * @ipstop_seen: for "both", the sides (bit 0, 1) whose flow went idle
 *	since the event was asked for
 * @ipstop_told: for "both", told of the time both are idle now
 * @af_th: srtp/af requested: authentication failures to report, else 0
 * @af_count: authentication failures counted towards @af_th
 * @kexp: srtp/kexp requested: key expiry reported
 * @thb_s: hangterm/thb requested: seconds without a command on the
 *	termination before a heartbeat Notify (H.248.36), else 0
 * @thb_due: when the next heartbeat is due (ms, the gateway's clock)
 * @hb_next: chain of the heartbeat slot the termination is in
 * @hb_pprev: what points to it there, or NULL when it is in none
 * @own_expiring: our key reached its soft lifetime: the next Modify with
 *	Media announces @own_next
 * @has_own_next: @own_next is announced (in our Local, after our key)
 * @own_next: our next key, under the next MKI: it protects from
 *	@own_next_due on (the remote has had time to take it)
 * @own_next_due: when (ms), 0 while not scheduled
 * @sealed_peer: @side.peer holds fingerprints, not keys: taken back
 *	after a restart, the keys are in the kernel only
 * @sealed_own: the same for @side.own
 * @remote_given: a Remote descriptor was taken (else our Local, if any,
 *	was offered first: H.248.77's terminating flow)
 * @added_at: when it was added (ms, the gateway's clock), for nt/dur
 * @gone: what its flows replaced or removed had counted (statistics go
 *	on across a Modify that replaces flows, a Move, the other side's
 *	Subtract)
 * @msrp: an MSRP termination's connection (else @msrp.on is false)
 * @mikey: @side's keys came from MIKEY-TICKET (mg_mikey.c), not
 *	a=crypto: the Local has no a=crypto
 * @mikey_init: the gateway initiated (its Local's a=key-mgmt:mikey $),
 *	else the remote's a=key-mgmt:mikey was resolved
 * @mikey_fp: the SHA-256 of that TRANSFER_INIT (the same one repeated
 *	keeps the keys; it cannot be resolved twice)
 * @mikey_resp: the TRANSFER_RESP its ticket asked for (RFC 6043 4.2.2.3),
 *	or the gateway's TRANSFER_INIT: the Local's a=key-mgmt:mikey
 * @mikey_resp_len: its bytes, 0 for none
 * @salt: for the fingerprints of its keys (state.h)
 * @ctx: the context it is in (bookkeeping, as @hnext: a copy put back
 *	within a command leaves them as they were)
 * @hnext: chain of the gateway's terminations by serial
 */
struct mg_term {
	char id[MG_TID_MAX];
	unsigned int realm;
	enum h248_mode mode;
	struct mg_side side;
	char fmts[SDP_TEXT_MAX];
	char formats[2 * SDP_TEXT_MAX];
	uint32_t ptime;
	uint32_t tag;
	uint32_t serial;
	uint32_t ev_rid;
	uint32_t ipstop_s;
	uint32_t ipstop_dir;
	uint8_t ipstop_seen;
	bool ipstop_told;
	uint32_t af_th;
	uint64_t af_count;
	bool kexp;
	uint32_t thb_s;
	uint64_t thb_due;
	struct mg_term *hb_next, **hb_pprev;
	bool own_expiring;
	bool has_own_next;
	struct sdes_key own_next;
	uint64_t own_next_due;
	bool sealed_peer;
	bool sealed_own;
	bool remote_given;
	uint64_t added_at;
	struct mg_counts gone;
	struct mg_msrp msrp;
	bool mikey;
	bool mikey_init;
	uint8_t mikey_fp[32];
	uint8_t mikey_resp[MIKEY_RESP_MAX];
	uint16_t mikey_resp_len;
	uint8_t salt[MG_SALT_LEN];
	struct mg_ctx *ctx;
	struct mg_term *hnext;
};

/**
 * struct mg_kid - which context's plan holds a kernel SRTP context (a
 *	node of the index, in the context: no allocation)
 * @kid: the kernel id
 * @ctx: the H.248 context id
 * @next: hash chain
 */
struct mg_kid {
	uint32_t kid;
	uint32_t ctx;
	struct mg_kid *next;
};

/**
 * struct mg_ctx - a context: at most two terminations
 * @id: context id
 * @term: its terminations
 * @nterm: how many
 * @installed: @plan is in the kernel
 * @plan: what is installed for the pair
 * @kidn: the index's nodes for @plan's kernel contexts
 * @nkidn: how many are linked
 * @next: hash chain
 */
struct mg_ctx {
	uint32_t id;
	struct mg_term *term[2];
	unsigned int nterm;
	bool installed;
	struct mg_plan plan;
	struct mg_kid kidn[MG_PLAN_CTXS];
	unsigned int nkidn;
	struct mg_ctx *next;
};

#define MG_BUCKETS	4096
#define MG_HB_SLOTS	1024	/* seconds the heartbeat wheel spans */

/**
 * struct mg_retire - a key change due later
 * @ctx: kernel id of its context
 * @mki: the MKI of the key that goes (a replaced key, still accepted
 *	until @due)
 * @due: when (ms, the clock of mg_tick())
 * @promote: instead: the gateway's next key (own_next of the termination
 *	that owns @ctx) starts protecting at @due
 * @next: the next one due
 */
struct mg_retire {
	uint32_t ctx;
	uint32_t mki;
	uint64_t due;
	bool promote;
	struct mg_retire *next;
};

/**
 * struct mg_root - ROOT: the gateway as a whole, as the MGC set it
 * @ito_rid: RequestID of the Events descriptor that asked for it/ito
 * @ito_mit: it/ito's mit (H.248.14, 10 ms units), 0 when not asked
 * @ito_changed: a transaction changed @ito_*: the daemon takes them
 * @out_of_service: the MGC's ServiceChange Forced (or Graceful, once its
 *	Delay ran out) took the gateway out of service: Add is refused
 *	(503) until its ServiceChange Restart
 * @graceful: Graceful asked: no new Add, the calls up go on
 * @graceful_at: when (ms) a Graceful's Delay runs out, 0 for none
 * @handoff: the MGC's ServiceChange Handoff: the daemon registers with
 *	@handoff_to once the reply is out
 * @handoff_to: its MgcIdToTry
 */
struct mg_root {
	uint32_t ito_rid;
	uint32_t ito_mit;
	bool ito_changed;
	bool out_of_service;
	bool graceful;
	uint64_t graceful_at;
	bool handoff;
	char handoff_to[MGD_MID_MAX];
};

/**
 * struct mg_reply - storage for a transaction's reply
 * @actions: actions
 * @cmds: command replies
 * @streams: media streams of the replies
 * @params: statistics, event parameters
 * @events: audited Events descriptors
 * @text: strings (SDP, ids, error texts)
 * @used: bytes of @text used
 * @overflow: a reply did not fit: the transaction answers 533
 *
 * Sized so that what one message can carry (H248_MAX_MSG) fits: every
 * command's statistics, any text that could be sent.  What overflows
 * could not have been sent either (533 is then the answer H.248.1 gives).
 */
struct mg_reply {
	struct h248_action actions[H248_MAX_ACTIONS];
	struct h248_cmd cmds[H248_MAX_CMDS];
	struct h248_stream streams[H248_MAX_STREAMS];
	struct h248_param params[H248_MAX_CMDS * 8];
	struct h248_event events[H248_MAX_EVENTS];
	char text[H248_MAX_MSG];
	size_t used;
	unsigned int nactions, ncmds, nstreams, nparams, nevents;
	bool overflow;
};

/**
 * struct mg - the gateway
 * @cfg: configuration
 * @pool: local ports per realm
 * @ctx: contexts by id
 * @nctx: how many
 * @next_ctx: next context id to try
 * @next_term: next termination number
 * @next_kid: next kernel id for an SRTP context
 * @errbuf: the kernel's message of the last refusal, kept for the reply
 * @now: the time of the command being executed, ms (set by the caller)
 * @term: the terminations by serial (their ids are "<realm>/<serial>")
 * @kid: kernel SRTP context ids to the contexts whose plans hold them
 *	(the module's events name kernel contexts)
 * @retire: replaced keys, soonest due first
 * @hb: terminations with a heartbeat, by the second it is due in, modulo
 *	MG_HB_SLOTS (a timer wheel: arming and disarming are O(1))
 * @hb_sec: the first second whose slot has not been gone through
 * @nhb: terminations with a heartbeat
 * @keep_also: a termination leaving a context (Move): the flows that go
 *	count for it too (mg_stats_keep())
 * @root: ROOT's state
 * @dirty: contexts a transaction changed (their records are written
 *	when it ends)
 * @ndirty: how many
 * @dirty_cap: room in @dirty (it grows: Context=* reaches every context)
 * @ops: the kernel
 * @arg: for @ops
 * @records: contexts' records are kept (ops->save): keys still retiring
 *	at exit stay for the next run, which deletes them when due
 * @progress: called before each command a transaction executes (the
 *	caller's chance to send TransactionPending), or NULL
 * @progress_arg: for @progress
 * @own_fp: the SHA-256 fingerprint of the gateway's TLS certificate
 *	(answered in an MSRP termination's Local), hash SDP_HASH_NONE when
 *	no certificate is configured
 */
struct mg {
	const struct mgd_config *cfg;
	struct ms_pool pool[MGD_MAX_REALMS];
	struct mg_ctx *ctx[MG_BUCKETS];
	unsigned int nctx;
	uint32_t next_ctx;
	uint32_t next_term;
	uint32_t next_kid;
	char errbuf[256];
	uint64_t now;
	struct mg_term *term[MG_BUCKETS];
	struct mg_kid *kid[MG_BUCKETS];
	struct mg_retire *retire;
	struct mg_term *hb[MG_HB_SLOTS];
	uint64_t hb_sec;
	unsigned int nhb;
	struct mg_term *keep_also;
	struct mg_root root;
	uint32_t *dirty;
	unsigned int ndirty, dirty_cap;
	const struct mg_ops *ops;
	void *arg;
	bool records;
	void (*progress)(void *arg);
	void *progress_arg;
	struct sdp_fingerprint own_fp;
};

int mg_init(struct mg *g, const struct mgd_config *cfg,
	    const struct mg_ops *ops, void *arg);
void mg_fini(struct mg *g);
/* Executes a request transaction; its reply is written into @rep/@out. */
void mg_execute(struct mg *g, const struct h248_trans *req,
		struct h248_trans *rep, struct mg_reply *out);
/*
 * Writes (or removes) the records of the contexts the transactions
 * executed since the last call changed (ops->save, ops->forget): once
 * the reply is sent, off the MGC's wait.
 */
void mg_flush(struct mg *g);
struct mg_ctx *mg_find_ctx(struct mg *g, uint32_t id);
struct mg_state;
/*
 * Takes context @s back from a record after a restart: its terminations,
 * their ports, and the plan they make with the kernel ids of the record,
 * if @check(@arg, context id, plan) says the kernel holds that plan and
 * nothing else under the context's flow ids (0).  The keys stay sealed
 * (fingerprints) until the MGC gives them again.  0, or -errno with
 * *@why saying why, nothing taken.
 */
int mg_adopt(struct mg *g, const struct mg_state *s,
	     int (*check)(void *arg, uint32_t ctx, const struct mg_plan *p),
	     void *arg, const char **why);
/*
 * Deletes the replaced keys due by @now; returns when the next one is
 * due, or UINT64_MAX.
 */
uint64_t mg_tick(struct mg *g, uint64_t now);

/**
 * struct mg_notify - an event to report to the MGC (Notify)
 * @ctx: context id
 * @tid: termination id
 * @rid: RequestID of the Events descriptor that asked for it
 * @event: event name
 * @param: its parameters
 * @nparam: how many
 */
struct mg_notify {
	uint32_t ctx;
	char tid[MG_TID_MAX];
	uint32_t rid;
	const char *event;
	struct h248_param param[2];
	unsigned int nparam;
};

/*
 * The connection or TLS session of MSRP termination @serial of context
 * @ctx could not be made (@reason: "connect", "timeout", "handshake",
 * "fingerprint", "psk", "suite", "relay"): fills @n and returns 1 when it
 * asked for mstls/fail, else 0.
 */
int mg_msrp_fail(struct mg *g, uint32_t ctx, uint32_t serial,
		 const char *reason, struct mg_notify *n);
/*
 * The kernel relay's leg of MSRP termination @t of @c: A (0) is the
 * termination with the lower serial (the one added first), B (1) the
 * other; msrp.c hands the sockets in that order.
 */
int mg_msrp_relay_leg(const struct mg_ctx *c, const struct mg_term *t);
/*
 * The kernel's relay of context @ctx ended by itself (@reason: enum
 * mediasec_relay_end), ended by leg @leg (0 or 1, -1 for neither): fills
 * @n for the @i-th MSRP termination of @ctx that asked for mstls/end and
 * returns 1, else 0 (no more).
 */
int mg_msrp_end(struct mg *g, uint32_t ctx, uint32_t reason, int leg,
		unsigned int i, struct mg_notify *n);
/*
 * The kernel saw no packet on flow @flow for its idle timeout: fills @n
 * and returns 1 when a termination asked for that (adid/ipstop), else 0.
 */
int mg_flow_idle(struct mg *g, uint32_t flow, struct mg_notify *n);
/*
 * The kernel refused @count packets of SRTP context @kctx for failed
 * authentication: fills @n and returns 1 when the termination that
 * receives with that context asked to hear of it (srtp/af) and the
 * failures since the last Notify reached its threshold, else 0.
 */
int mg_auth_fail(struct mg *g, uint32_t kctx, uint64_t count,
		 struct mg_notify *n);
/*
 * Key @mki of SRTP context @kctx reached its soft lifetime (@hard false)
 * or its lifetime: our own key is replaced at the next Modify with Media;
 * fills @n and returns 1 when the termination asked to hear of it
 * (srtp/kexp, with dir = tx for our key, rx for the remote's, and type =
 * soft or hard), else 0.
 */
int mg_key_event(struct mg *g, uint32_t kctx, uint32_t mki, bool hard,
		 struct mg_notify *n);

/*
 * The next termination whose heartbeat (hangterm/thb, H.248.36) is due at
 * @now into @n, its timer started again; 1, or 0 when none is due.  Call
 * until 0, at least once a second.
 */
int mg_heartbeat(struct mg *g, uint64_t now, struct mg_notify *n);

#endif /* _MGD_MG_H */
