/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel must hold for two terminations of one context to carry
 * media between them: the SRTP contexts and keys and the flows, computed
 * from each termination's negotiated media (its local port, its remote
 * from the Remote SDP, RTP/AVP or RTP/SAVP, the a=crypto keys).  Pure: the
 * caller installs the plan (msobj transactions) and can test it without
 * a kernel.
 *
 * Keys: a termination's "peer" key is the one its remote protects with
 * (from a=crypto in the Remote descriptor: the gateway unprotects with it,
 * an RX context); its "own" key is the one the gateway chose and returned
 * in the Local descriptor (the gateway protects with it, a TX context).
 *
 *   A (SAVP, keys) <-> B (AVP):         A->B srtp-to-rtp, B->A rtp-to-srtp
 *   A (SAVP, keys) <-> B (SAVP, keys):  srtp-to-srtp both ways
 *   A (SAVP, none) <-> B (SAVP, none):  forward both ways (e2e)
 *   A (AVP)        <-> B (AVP):         forward both ways
 * RTCP goes on port + 1 with the same contexts, or on the RTP port when
 * both sides multiplex (RFC 5761).
 */
#ifndef _MGD_MEDIA_H
#define _MGD_MEDIA_H

#include <stdbool.h>
#include <stdint.h>

#include "msobj.h"
#include "sdes.h"

/**
 * struct mg_side_pol - the media policies of a termination (TS 23.334
 *	6.2.4 to 6.2.7), as its LocalControl asked (mg_policy.c)
 * @saf: remote source address filtering (gm/saf)
 * @has_sam: @sam/@sam_len is the filter (gm/sam), else the remote's address
 * @sam: the sources' address
 * @sam_len: its prefix length
 * @spf: remote source port filtering (gm/spf)
 * @has_spr: @spr_lo .. @spr_hi is the filter (gm/spr), else the remote's
 *	port (its RTCP port for RTCP)
 * @spr_lo: lowest port let in
 * @spr_hi: highest
 * @rate: policing (tman/pol): sustainable bytes per second (tman/sdr); 0
 *	without policing
 * @burst: its bucket (tman/mbs)
 * @peak_rate: peak bytes per second (tman/pdr), or 0
 * @peak_burst: the peak bucket, from tman/dvt
 * @has_dscp: @dscp on what leaves towards the remote (ds/dscp), else the
 *	DS field copied
 * @dscp: 0 .. 63
 * @clock_rate: the RTP clock of the stream's codec (SDP a=rtpmap or RFC
 *	3551's static payload types), for loss and jitter; 0 unknown
 */
struct mg_side_pol {
	bool saf;
	bool has_sam;
	struct msobj_ep sam;
	uint8_t sam_len;
	bool spf;
	bool has_spr;
	uint16_t spr_lo;
	uint16_t spr_hi;
	uint64_t rate;
	uint32_t burst;
	uint64_t peak_rate;
	uint32_t peak_burst;
	bool has_dvt;
	uint32_t dvt;
	bool has_dscp;
	uint8_t dscp;
	uint32_t clock_rate;
};

/**
 * struct mg_side - a termination's media, as negotiated
 * @local: the gateway's address and RTP port for it
 * @has_remote: @remote is known (a Remote descriptor with an address)
 * @remote: the remote's address and RTP port
 * @has_rtcp: @rtcp is where the remote takes RTCP (its a=rtcp, RFC 3605);
 *	else its RTP port + 1
 * @rtcp: that address and port
 * @secure: RTP/SAVP
 * @mux: RTP and RTCP on one port (a=rtcp-mux on both sides)
 * @latch: learn the remote from the packets (symmetric RTP)
 * @no_recv: takes no media from its remote (Mode SendOnly, Inactive)
 * @no_send: sends no media to its remote (Mode ReceiveOnly, Inactive)
 * @has_peer: @peer holds the key the remote protects with
 * @peer: that a=crypto (suite, session parameters, keys)
 * @has_own: @own holds the key the gateway protects with
 * @own: that a=crypto
 * @pol: its media policies: the gate, policer and RTP clock apply to what
 *	comes from its remote, the DS field to what goes to it
 */
struct mg_side {
	struct msobj_ep local;
	bool has_remote;
	struct msobj_ep remote;
	bool has_rtcp;
	struct msobj_ep rtcp;
	bool secure;
	bool mux;
	bool latch;
	bool no_recv;
	bool no_send;
	bool has_peer;
	struct sdes_crypto peer;
	bool has_own;
	struct sdes_crypto own;
	struct mg_side_pol pol;
};

#define MG_PLAN_CTXS	4
#define MG_PLAN_KEYS	(MG_PLAN_CTXS * SDES_MAX_KEYS)
#define MG_PLAN_FLOWS	4

/**
 * struct mg_plan - what to install, in this order; wipe it after use
 * @ctx: SRTP contexts
 * @ctx_owner: whose each context is: side 0 (a) or 1 (b) as planned;
 *	the caller may put its own tag there (mediasecd: the termination)
 * @nctx: how many
 * @key: master keys
 * @key_ctx: the context each key goes to
 * @nkey: how many
 * @flow: flows (each names its reverse)
 * @nflow: how many
 */
struct mg_plan {
	struct msobj_ctx ctx[MG_PLAN_CTXS];
	uint32_t ctx_owner[MG_PLAN_CTXS];
	unsigned int nctx;
	struct msobj_key key[MG_PLAN_KEYS];
	uint32_t key_ctx[MG_PLAN_KEYS];
	unsigned int nkey;
	struct msobj_flow flow[MG_PLAN_FLOWS];
	unsigned int nflow;
};

/*
 * Plans the kernel objects for sides @a and @b, with object ids from
 * @id_base (contexts and flows @id_base .. @id_base + 3).  A plan without
 * flows (a side without a remote yet) is valid: nothing to install yet.
 * Returns 0, -EINVAL (mixed families; a secure side without the key it
 * needs) or -EOPNOTSUPP (keys on one secure side only: the gateway cannot
 * relay e2e on one leg and terminate on the other), with *@why saying so.
 */
int mg_plan(const struct mg_side *a, const struct mg_side *b,
	    uint32_t id_base, struct mg_plan *p, const char **why);
/*
 * The contexts of side @a alone, as mg_plan() makes them for it (ids
 * @id_base, @id_base + 1), and no flows: a termination keeps its SRTP
 * contexts (replay window, rollover counter) while it waits for a peer.
 */
int mg_plan_one(const struct mg_side *a, uint32_t id_base,
		struct mg_plan *p, const char **why);
/* Wipes the plan's keys. */
void mg_plan_wipe(struct mg_plan *p);

#endif /* _MGD_MEDIA_H */
