/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed requests of the "mediasec" family for programs that hold their
 * objects in C structures (mediasecd): contexts, keys and flows, and a
 * transaction log that takes back, in reverse order, what a failed
 * sequence of requests had made, so that nothing is left half installed.
 *
 * Every function returns 0 or the kernel's -errno (nl->errmsg then holds
 * its extack message), or -ENOMEM.  Ports are in host order, addresses in
 * network order (4 bytes for IPv4, 16 for IPv6).
 */
#ifndef _MSOBJ_H
#define _MSOBJ_H

#include <stdbool.h>
#include <stdint.h>

#include "msnl.h"

/**
 * struct msobj_ep - an address and UDP port
 * @alen: 4 (IPv4), 16 (IPv6), or 0 for none
 * @addr: the address, network order
 * @port: the port, host order; 0 for none
 */
struct msobj_ep {
	uint8_t alen;
	uint8_t addr[16];
	uint16_t port;
};

/**
 * struct msobj_ctx - an SRTP context (MEDIASEC_CMD_CTX_NEW)
 * @id: context id, not 0
 * @dir: enum mediasec_dir
 * @suite: enum mediasec_suite
 * @flags: MEDIASEC_CTX_F_*
 * @kdr: key derivation rate, 0 or a power of two
 * @window: replay window, 0 for the default
 * @mki_len: MKI length in bytes, 0 for none
 */
struct msobj_ctx {
	uint32_t id;
	uint8_t dir;
	uint32_t suite;
	uint32_t flags;
	uint32_t kdr;
	uint32_t window;
	uint8_t mki_len;
};

/**
 * struct msobj_key - a master key (MEDIASEC_CMD_KEY_ADD); wipe it after use
 * @master: master key
 * @master_len: its length (16 or 32)
 * @salt: master salt
 * @salt_len: its length (14, or 12 for AEAD suites)
 * @has_mki: @mki is given
 * @mki: MKI value
 * @lifetime: packets, 0 for the default
 */
struct msobj_key {
	uint8_t master[32];
	uint8_t master_len;
	uint8_t salt[14];
	uint8_t salt_len;
	bool has_mki;
	uint32_t mki;
	uint64_t lifetime;
};

/**
 * struct msobj_pol - a flow's media policies (TS 23.334 6.2.4 to 6.2.7)
 * @has_gate: remote source filtering
 * @gate: the sources' prefix (address, its length) and port range
 * @rate: policed bytes per second (tman/sdr), 0: no policing
 * @burst: bucket depth in bytes (tman/mbs)
 * @peak_rate: peak bytes per second (tman/pdr), or 0
 * @peak_burst: the peak bucket's depth
 * @has_dscp: @dscp is set on egress (else the DS field is copied)
 * @dscp: 0 .. 63
 * @clock_rate: RTP clock (Hz) for loss and jitter, or 0
 * @rtt: the round trip to the remote timed from the RTCP passing
 */
struct msobj_pol {
	bool has_gate;
	struct {
		struct msobj_ep ep;	/* no address, or no port: any */
		uint8_t prefix_len;
		uint16_t port_max;
	} gate;
	uint64_t rate;
	uint32_t burst;
	uint64_t peak_rate;
	uint32_t peak_burst;
	bool has_dscp;
	uint8_t dscp;
	uint32_t clock_rate;
	bool rtt;
};

/**
 * struct msobj_rtp - a flow's RTP reception statistics (FLOW_GET)
 * @valid: the kernel reported them
 * @ssrc: the source counted
 * @received: packets received (RFC 3550 A.3)
 * @expected: packets expected
 * @lost: @expected - @received
 * @jitter: interarrival jitter, timestamp units (RFC 3550 A.8)
 * @rtt_samples: round trips timed from RTCP (RFC 3550 6.4.1), or 0
 * @rtt_sum_us: their sum, microseconds
 * @rtt_last_us: the last
 * @rtt_min_us: the shortest
 * @rtt_max_us: the longest
 */
struct msobj_rtp {
	bool valid;
	uint32_t ssrc;
	uint64_t received;
	uint64_t expected;
	int64_t lost;
	uint32_t jitter;
	uint64_t rtt_samples;
	uint64_t rtt_sum_us;
	uint32_t rtt_last_us;
	uint32_t rtt_min_us;
	uint32_t rtt_max_us;
};

/**
 * struct msobj_flow - a flow (MEDIASEC_CMD_FLOW_NEW / FLOW_GET)
 * @id: flow id, not 0
 * @action: enum mediasec_action
 * @kind: enum mediasec_kind, 0 for the default (RTP)
 * @local: local address and port, required
 * @remote: remote address and port, or none
 * @out_src: source address and/or port packets leave with, or none
 * @out_dst: destination, required
 * @rx_ctx: context that unprotects, or 0
 * @tx_ctx: context that protects, or 0
 * @ifindex: egress device, or 0
 * @flags: MEDIASEC_FLOW_F_*
 * @reverse: flow of the other direction, or 0
 * @idle_timeout: seconds, or 0
 * @pol: media policies
 * @packets: (FLOW_GET) packets forwarded
 * @bytes: (FLOW_GET) their bytes
 * @drops: (FLOW_GET) packets dropped
 * @tx_bytes: (FLOW_GET) bytes sent
 * @gate_drops: (FLOW_GET) of @drops, by the gate
 * @police_drops: (FLOW_GET) of @drops, by the policer
 * @rtp: (FLOW_GET) RTP reception statistics and round trips
 * @idle: (FLOW_GET) idle since its last MEDIASEC_EVENT_FLOW_IDLE
 */
struct msobj_flow {
	uint32_t id;
	uint8_t action;
	uint8_t kind;
	struct msobj_ep local;
	struct msobj_ep remote;
	struct msobj_ep out_src;
	struct msobj_ep out_dst;
	uint32_t rx_ctx;
	uint32_t tx_ctx;
	uint32_t ifindex;
	uint32_t flags;
	uint32_t reverse;
	uint32_t idle_timeout;
	struct msobj_pol pol;
	uint64_t packets;
	uint64_t bytes;
	uint64_t drops;
	uint64_t tx_bytes;
	uint64_t gate_drops;
	uint64_t police_drops;
	struct msobj_rtp rtp;
	bool idle;
};

/**
 * struct msobj_ctx_stats - a context's packets by enum mediasec_result
 * @n: counts, indexed by result
 */
struct msobj_ctx_stats {
	uint64_t n[__MEDIASEC_RESULT_MAX];
};

int msobj_ctx_new(struct msnl *nl, const struct msobj_ctx *c);
int msobj_ctx_del(struct msnl *nl, uint32_t id);
int msobj_ctx_stats(struct msnl *nl, uint32_t id, struct msobj_ctx_stats *s);
/*
 * Delete, and have the kernel answer with what it deleted, read under the
 * lock that deletes it: the final counters (@last zero if it did not).
 */
int msobj_ctx_del_last(struct msnl *nl, uint32_t id,
		       struct msobj_ctx_stats *last);
int msobj_key_add(struct msnl *nl, uint32_t ctx, const struct msobj_key *k);
int msobj_key_del(struct msnl *nl, uint32_t ctx, uint32_t mki);
int msobj_flow_new(struct msnl *nl, const struct msobj_flow *f);
int msobj_flow_del(struct msnl *nl, uint32_t id);
int msobj_flow_del_last(struct msnl *nl, uint32_t id, struct msobj_flow *last);
/* New policies and flags for running flow @f->id (MEDIASEC_CMD_FLOW_SET). */
int msobj_flow_set(struct msnl *nl, const struct msobj_flow *f);
/* msobj_policy.c: @f's policy attributes into @msg, and back. */
struct nl_msg;
int msobj_put_pol(struct nl_msg *msg, const struct msobj_pol *p, bool set);
void msobj_parse_pol(struct nlattr **ft, struct msobj_flow *f);
int msobj_flow_get(struct msnl *nl, uint32_t id, struct msobj_flow *f);
/* Calls @fn for every flow of the namespace, in id order; @fn != 0 stops. */
/* Replies' attributes (as msnl_request() hands them) into structures. */
int msobj_flow_parse(struct nlattr **tb, struct msobj_flow *f);
int msobj_ctx_stats_parse(struct nlattr **tb, struct msobj_ctx_stats *s);
int msobj_flow_dump(struct msnl *nl,
		    int (*fn)(const struct msobj_flow *f, void *arg),
		    void *arg);
/* Calls @fn with the id of every SRTP context of the namespace. */
int msobj_ctx_dump_ids(struct msnl *nl, int (*fn)(uint32_t id, void *arg),
		       void *arg);
/* Calls @fn with the counters of every SRTP context, one dump. */
int msobj_ctx_stats_dump(struct msnl *nl,
			 void (*fn)(const struct msobj_ctx_stats *s, void *arg),
			 void *arg);

#define MSOBJ_TXN_MAX	32

/**
 * struct msobj_txn - what a sequence of requests made, to take back
 * @n: entries used
 * @undo: the objects made, in order
 * @undo.kind: what it is: 'c' context, 'k' key, 'f' flow
 * @undo.id: context or flow id
 * @undo.mki: the key's MKI
 */
struct msobj_txn {
	unsigned int n;
	struct {
		char kind;
		uint32_t id;
		uint32_t mki;
	} undo[MSOBJ_TXN_MAX];
};

/* The same requests, recorded in @t when they succeed. */
int msobj_txn_ctx_new(struct msnl *nl, struct msobj_txn *t,
		      const struct msobj_ctx *c);
int msobj_txn_key_add(struct msnl *nl, struct msobj_txn *t, uint32_t ctx,
		      const struct msobj_key *k);
int msobj_txn_flow_new(struct msnl *nl, struct msobj_txn *t,
		       const struct msobj_flow *f);
/* Deletes what @t recorded, newest first; keeps the first error's message. */
void msobj_txn_abort(struct msnl *nl, struct msobj_txn *t);

/* A TCP/TLS relay (MEDIASEC_CMD_RELAY_*) and one of its legs. */
struct msobj_leg {
	uint8_t kind;			/* enum mediasec_leg_kind */
	uint16_t tls_version;
	uint16_t tls_cipher;
	struct msobj_ep local;
	struct msobj_ep peer;
	uint64_t rx_bytes, rx_records, tx_bytes, tx_records;
	uint64_t tickets_dropped, auth_fails;
	uint16_t alert;
	uint32_t flags;			/* MEDIASEC_LEG_F_* */
};

struct msobj_relay {
	uint32_t id;
	uint8_t end;			/* enum mediasec_relay_end */
	uint8_t end_leg;
	struct msobj_leg legs[2];
};

/*
 * The word for how a relay ended (enum mediasec_relay_end: "running"
 * while it runs, "closed", "reset", "auth-fail"...), the CLI's and the
 * reason of mediasecd's mstls/end; NULL for a value it does not know.
 */
static inline const char *msobj_relay_end_name(unsigned int end)
{
	static const char *const names[] = {
		[MEDIASEC_RELAY_END_NONE] = "running",
		[MEDIASEC_RELAY_END_CLOSED] = "closed",
		[MEDIASEC_RELAY_END_RESET] = "reset",
		[MEDIASEC_RELAY_END_AUTH_FAIL] = "auth-fail",
		[MEDIASEC_RELAY_END_ALERT] = "alert",
		[MEDIASEC_RELAY_END_KEY_UPDATE] = "key-update",
		[MEDIASEC_RELAY_END_RENEGOTIATION] = "renegotiation",
		[MEDIASEC_RELAY_END_PROTOCOL] = "protocol",
		[MEDIASEC_RELAY_END_ERROR] = "error",
	};

	return end < sizeof(names) / sizeof(names[0]) ? names[end] : NULL;
}

/* Hands the sockets @fd_a and @fd_b to a new relay @id; on success the
 * kernel has closed both descriptors.
 */
int msobj_relay_new(struct msnl *nl, uint32_t id, int fd_a, int fd_b);
int msobj_relay_del(struct msnl *nl, uint32_t id);
int msobj_relay_get(struct msnl *nl, uint32_t id, struct msobj_relay *r);
int msobj_relay_parse(struct nlattr **tb, struct msobj_relay *r);
/* Calls @fn for every relay of the namespace; @fn != 0 stops. */
int msobj_relay_dump(struct msnl *nl,
		     int (*fn)(const struct msobj_relay *r, void *arg),
		     void *arg);

/* Between msobj.c and msobj_relay.c. */
struct nl_msg *msobj_req(struct msnl *nl, int cmd, int flags, int nest,
			 struct nlattr **n);
int msobj_send(struct msnl *nl, struct nl_msg *msg, struct nlattr *n,
	       int put_err, msnl_reply_fn fn, void *arg);
/* An address and port attribute pair, either may be absent. */
void msobj_get_ep(struct nlattr *a, struct nlattr *p, struct msobj_ep *ep);

#endif /* _MSOBJ_H */
