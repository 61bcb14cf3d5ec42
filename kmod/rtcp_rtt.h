/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The round trip between the gateway and a flow's remote, from the RTCP
 * that passes through (RFC 3550 6.4.1): the gateway does not send RTCP of
 * its own, it times the sender reports it forwards to the remote and the
 * report blocks that come back from it.  The walk over a packet,
 * ms_rtcp_read(), also builds natively (MEDIASEC_NATIVE) for fuzzing.
 */
#ifndef _MS_RTCP_RTT_H
#define _MS_RTCP_RTT_H

#include "srtp_port.h"

/* The report blocks of one packet that are timed (RFC 3550 allows 31). */
#define MS_RTCP_BLOCKS	8

/**
 * struct ms_rtcp_seen - what an RTCP packet carries for the round trips
 * @has_sr: it starts with a sender report
 * @nblocks: report blocks in @block
 * @sr_ssrc: the SR's sender
 * @sr_ntp_mid: the middle 32 bits of its NTP timestamp
 * @block: report blocks: the source reported on, LSR and DLSR
 *
 * Read from the packet in the clear, kept while its fate is decided:
 * only a packet that is forwarded counts (ms_rtcp_commit()).
 */
struct ms_rtcp_seen {
	bool has_sr;
	u8 nblocks;
	u32 sr_ssrc;
	u32 sr_ntp_mid;
	struct {
		u32 ssrc;
		u32 lsr;
		u32 dlsr;
	} block[MS_RTCP_BLOCKS];
};

void ms_rtcp_read(const u8 *p, u32 len, struct ms_rtcp_seen *seen);

#ifndef MEDIASEC_NATIVE

#include <linux/spinlock.h>

struct ms_flow;
struct ms_net;

/* The sender reports forwarded to the remote that its reports may cite. */
#define MS_RTT_SRS	4

/**
 * struct ms_rtt - round trips to a flow's remote
 * @lock: everything below; only RTCP packets take it
 * @sr: sender reports forwarded to the remote: the sender's SSRC, the
 *	middle 32 bits of its NTP timestamp (what the remote returns as
 *	LSR), and when it passed (ktime_get_ns())
 * @sr_next: the slot the next one takes
 * @samples: round trips measured
 * @sum_us: their sum, microseconds
 * @last_us: the last one
 * @min_us: the shortest
 * @max_us: the longest
 */
struct ms_rtt {
	spinlock_t lock;	/* see @lock */
	struct {
		u32 ssrc;
		u32 ntp_mid;
		u64 t_ns;
	} sr[MS_RTT_SRS];
	unsigned int sr_next;
	u64 samples;
	u64 sum_us;
	u32 last_us;
	u32 min_us;
	u32 max_us;
};

/* What FLOW_GET reports of &struct ms_rtt. */
struct ms_rtt_report {
	u64 samples;
	u64 sum_us;
	u32 last_us;
	u32 min_us;
	u32 max_us;
};

struct ms_rtt *ms_rtt_new(void);
void ms_rtcp_commit(struct ms_net *mn, const struct ms_flow *f,
		    const struct ms_rtcp_seen *seen);
bool ms_rtt_report(struct ms_rtt *r, struct ms_rtt_report *out);

#endif /* !MEDIASEC_NATIVE */

#endif /* _MS_RTCP_RTT_H */
