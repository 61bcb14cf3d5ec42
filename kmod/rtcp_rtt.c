// SPDX-License-Identifier: GPL-2.0
/*
 * Round trips to a flow's remote, timed from the RTCP passing through the
 * gateway (RFC 3550 6.4.1).  A sender report (SR) the gateway forwards to
 * the remote is noted with the time it passed; a report block that comes
 * back from the remote cites that SR (LSR: the middle 32 bits of its NTP
 * timestamp) and says how long the remote held it (DLSR, 1/65536 s).  The
 * round trip is then: arrival of the report - passage of the SR - DLSR,
 * all on the gateway's own clock: no NTP time of the endpoints is trusted.
 *
 * The state is the receiving flow's (struct ms_flow.rtt, the flow that
 * forwards the remote's RTCP); the SRs going the other way are noted in it
 * by the flow it names as its reverse, which sends to that remote.  Only
 * RTCP packets come here, read in the clear (after the flow unprotected
 * them, before it protects them) and counted once they are forwarded.
 * End-to-end SRTCP, which the gateway cannot read, gives no sample (its
 * SRs and blocks cite nothing known).  The figures rest on the remote's
 * DLSR, and, where RTCP is not authenticated, on whoever can send it to
 * the flow: samples beyond what a round trip can be are left out.
 */

#include "rtcp_rtt.h"

#define MS_RTCP_SR		200	/* RFC 3550 6.4.1 */
#define MS_RTCP_RR		201	/* RFC 3550 6.4.2 */
#define MS_RTCP_HDR		8	/* common header and sender's SSRC */
#define MS_RTCP_SR_INFO		20	/* NTP and RTP timestamps, counts */
#define MS_RTCP_BLOCK		24	/* one report block */

/**
 * ms_rtcp_read() - what an RTCP packet says about round trips
 * @p: the RTCP packet (compound or not), in the clear
 * @len: its length
 * @seen: filled in
 *
 * An SR counts as the first packet of a compound only (RFC 3550 6.1), so
 * that one packet notes one SR; of the report blocks of SRs and RRs, the
 * first MS_RTCP_BLOCKS.  The walk stops at the first header that is not
 * RTCP version 2 or whose length overruns @len.
 *
 * Context: the data path; built natively too (the fuzz target).
 */
void ms_rtcp_read(const u8 *p, u32 len, struct ms_rtcp_seen *seen)
{
	u32 off = 0;

	seen->has_sr = false;
	seen->nblocks = 0;
	while (len - off >= MS_RTCP_HDR && seen->nblocks < MS_RTCP_BLOCKS) {
		const u8 *h = p + off, *b;
		u32 plen = (ms_get_be16(h + 2) + 1) * 4;
		u32 blocks, n;

		if ((h[0] >> 6) != 2 || plen > len - off)
			break;
		if (h[1] == MS_RTCP_SR &&
		    plen >= MS_RTCP_HDR + MS_RTCP_SR_INFO) {
			if (!off) {
				seen->has_sr = true;
				seen->sr_ssrc = ms_get_be32(h + 4);
				seen->sr_ntp_mid = ms_get_be32(h + 10);
			}
			blocks = MS_RTCP_HDR + MS_RTCP_SR_INFO;
		} else if (h[1] == MS_RTCP_RR && plen >= MS_RTCP_HDR) {
			blocks = MS_RTCP_HDR;
		} else {
			blocks = plen;	/* none */
		}
		n = (plen - blocks) / MS_RTCP_BLOCK;
		if (n > (h[0] & 0x1f))
			n = h[0] & 0x1f;
		for (b = h + blocks; n && seen->nblocks < MS_RTCP_BLOCKS;
		     n--, b += MS_RTCP_BLOCK) {
			seen->block[seen->nblocks].ssrc = ms_get_be32(b);
			seen->block[seen->nblocks].lsr = ms_get_be32(b + 16);
			seen->block[seen->nblocks].dlsr = ms_get_be32(b + 20);
			seen->nblocks++;
		}
		off += plen;
	}
}

#ifndef MEDIASEC_NATIVE

#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/xarray.h>

#include "compat.h"
#include "flow.h"
#include "netns.h"

/*
 * DLSR is in 1/65536 s: a remote's rounding makes it exceed the time the
 * gateway saw by less than that; more is a broken or forged DLSR.
 */
#define MS_RTT_SLACK_NS		(16 * NSEC_PER_USEC)
/*
 * The longest an SR may have been held: RTCP's interval is seconds (RFC
 * 3550 6.2, 5 s minimum, randomised to 1.5 times); a report citing an SR
 * older than this is a replay or a broken remote.
 */
#define MS_RTT_MAX_HELD_NS	(60ULL * NSEC_PER_SEC)

/**
 * ms_rtt_new() - round-trip state for a flow, none measured yet
 *
 * Return: the state, or NULL without memory.
 */
struct ms_rtt *ms_rtt_new(void)
{
	struct ms_rtt *r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);

	if (r)
		spin_lock_init(&r->lock);
	return r;
}

/* An SR forwarded to the remote, now; the same SR again moves its time. */
static void ms_rtt_note_sr(struct ms_rtt *r, u32 ssrc, u32 ntp_mid, u64 now)
{
	unsigned int i, slot;

	spin_lock(&r->lock);
	slot = r->sr_next;
	for (i = 0; i < MS_RTT_SRS; i++)
		if (r->sr[i].t_ns && r->sr[i].ssrc == ssrc &&
		    r->sr[i].ntp_mid == ntp_mid)
			break;
	if (i < MS_RTT_SRS)
		slot = i;
	else
		r->sr_next = (r->sr_next + 1) % MS_RTT_SRS;
	r->sr[slot].ssrc = ssrc;
	r->sr[slot].ntp_mid = ntp_mid;
	r->sr[slot].t_ns = now;
	spin_unlock(&r->lock);
}

/* A report block from the remote: a sample if it cites an SR we noted. */
static void ms_rtt_block(struct ms_rtt *r, u32 ssrc, u32 lsr, u32 dlsr,
			 u64 now)
{
	/* 10^9 / 65536 = 1953125 / 128 ns */
	u64 dlsr_ns = ((u64)dlsr * 1953125) >> 7;
	u64 held, rtt_us;
	unsigned int i, k;

	if (!lsr)		/* no SR received yet (RFC 3550 6.4.1) */
		return;
	/* Newest first: the remote cites the last SR it received. */
	for (k = 1; k <= MS_RTT_SRS; k++) {
		i = (r->sr_next + MS_RTT_SRS - k) % MS_RTT_SRS;
		if (r->sr[i].t_ns && r->sr[i].ssrc == ssrc &&
		    r->sr[i].ntp_mid == lsr)
			break;
	}
	if (k > MS_RTT_SRS || now < r->sr[i].t_ns)
		return;
	held = now - r->sr[i].t_ns;
	if (held > MS_RTT_MAX_HELD_NS || dlsr_ns > held + MS_RTT_SLACK_NS)
		return;
	rtt_us = held > dlsr_ns ? div_u64(held - dlsr_ns, NSEC_PER_USEC) : 0;
	r->last_us = rtt_us;
	if (!r->samples || rtt_us < r->min_us)
		r->min_us = rtt_us;
	if (rtt_us > r->max_us)
		r->max_us = rtt_us;
	r->sum_us += rtt_us;
	r->samples++;
}

/*
 * The state SRs going to @f's destination are noted in: that of the flow
 * that takes the destination's RTCP back, the one naming @f its reverse.
 */
static struct ms_rtt *ms_rtt_of_return(struct ms_net *mn,
				       const struct ms_flow *f)
{
	struct ms_flow *g = xa_load(&mn->reverse_of, f->id);

	return g ? rcu_dereference(g->rtt) : NULL;
}

/**
 * ms_rtcp_commit() - time what a forwarded RTCP packet carried
 * @mn: the flow's namespace
 * @f: the flow that forwarded it
 * @seen: what ms_rtcp_read() found in it
 *
 * Notes its SR for the round trip to @f's destination, and takes a sample
 * from each of its report blocks that cites an SR noted for @f's remote.
 *
 * Context: the data path (RCU, BH off).
 */
void ms_rtcp_commit(struct ms_net *mn, const struct ms_flow *f,
		    const struct ms_rtcp_seen *seen)
{
	struct ms_rtt *mine = seen->nblocks ? rcu_dereference(f->rtt) : NULL;
	struct ms_rtt *theirs = seen->has_sr ? ms_rtt_of_return(mn, f) : NULL;
	unsigned int i;
	u64 now;

	if (!mine && !theirs)
		return;
	now = ktime_get_ns();
	if (theirs)
		ms_rtt_note_sr(theirs, seen->sr_ssrc, seen->sr_ntp_mid, now);
	if (!mine)
		return;
	spin_lock(&mine->lock);
	for (i = 0; i < seen->nblocks; i++)
		ms_rtt_block(mine, seen->block[i].ssrc, seen->block[i].lsr,
			     seen->block[i].dlsr, now);
	spin_unlock(&mine->lock);
}

/**
 * ms_rtt_report() - the round trips measured so far
 * @r: a flow's state
 * @out: filled in
 *
 * Return: false if none was measured yet.
 */
bool ms_rtt_report(struct ms_rtt *r, struct ms_rtt_report *out)
{
	bool any;

	spin_lock_bh(&r->lock);
	any = r->samples;
	if (any) {
		out->samples = r->samples;
		out->sum_us = r->sum_us;
		out->last_us = r->last_us;
		out->min_us = r->min_us;
		out->max_us = r->max_us;
	}
	spin_unlock_bh(&r->lock);
	return any;
}

#endif /* !MEDIASEC_NATIVE */
