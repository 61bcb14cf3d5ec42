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
 * RTCP packets come here, on their plaintext: after the flow unprotected
 * them and before it protects them.  End-to-end SRTCP, which the gateway
 * cannot read, gives no sample (its SRs and blocks cite nothing known).
 */

#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/xarray.h>
#include <asm/unaligned.h>

#include "compat.h"
#include "flow.h"
#include "netns.h"
#include "rtcp_rtt.h"

#define MS_RTCP_SR		200	/* RFC 3550 6.4.1 */
#define MS_RTCP_RR		201	/* RFC 3550 6.4.2 */
#define MS_RTCP_HDR		8	/* common header and sender's SSRC */
#define MS_RTCP_SR_INFO		20	/* NTP and RTP timestamps, counts */
#define MS_RTCP_BLOCK		24	/* one report block */

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

/* An SR forwarded to the remote, now: the oldest noted one makes room. */
static void ms_rtt_note_sr(struct ms_rtt *r, u32 ssrc, u32 ntp_mid, u64 now)
{
	spin_lock(&r->lock);
	r->sr[r->sr_next].ssrc = ssrc;
	r->sr[r->sr_next].ntp_mid = ntp_mid;
	r->sr[r->sr_next].t_ns = now;
	r->sr_next = (r->sr_next + 1) % MS_RTT_SRS;
	spin_unlock(&r->lock);
}

/* A report block from the remote: a sample if it cites an SR we noted. */
static void ms_rtt_block(struct ms_rtt *r, const u8 *b, u64 now)
{
	u32 ssrc = get_unaligned_be32(b);
	u32 lsr = get_unaligned_be32(b + 16);
	/* DLSR is in 1/65536 s: 10^9 / 65536 = 1953125 / 128 ns. */
	u64 dlsr_ns = ((u64)get_unaligned_be32(b + 20) * 1953125) >> 7;
	u64 held, rtt_us;
	unsigned int i;

	if (!lsr)		/* no SR received yet (RFC 3550 6.4.1) */
		return;
	spin_lock(&r->lock);
	for (i = 0; i < MS_RTT_SRS; i++)
		if (r->sr[i].t_ns && r->sr[i].ssrc == ssrc &&
		    r->sr[i].ntp_mid == lsr)
			break;
	if (i == MS_RTT_SRS || now < r->sr[i].t_ns)
		goto out_unlock;
	held = now - r->sr[i].t_ns;
	/* DLSR's rounding may make it exceed what we saw: no time, then. */
	rtt_us = held > dlsr_ns ? div_u64(held - dlsr_ns, NSEC_PER_USEC) : 0;
	rtt_us = min_t(u64, rtt_us, U32_MAX);
	r->last_us = rtt_us;
	if (!r->samples || rtt_us < r->min_us)
		r->min_us = rtt_us;
	if (rtt_us > r->max_us)
		r->max_us = rtt_us;
	r->sum_us += rtt_us;
	r->samples++;
out_unlock:
	spin_unlock(&r->lock);
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
 * ms_rtcp_seen() - time what an RTCP packet carries, before it is forwarded
 * @mn: the flow's namespace
 * @f: the flow forwarding it
 * @p: the RTCP packet (compound or not), in the clear
 * @len: its length
 *
 * Notes each SR for the round trip to @f's destination, and takes a
 * sample from each report block that cites an SR noted for @f's remote.
 * The walk stops at the first header that is not RTCP version 2 or whose
 * length overruns @len: what comes after it is not read.
 *
 * Context: the data path (RCU, BH off).
 */
void ms_rtcp_seen(struct ms_net *mn, const struct ms_flow *f, const u8 *p,
		  u32 len)
{
	struct ms_rtt *mine = rcu_dereference(f->rtt);
	struct ms_rtt *theirs = NULL;
	bool looked = false;
	u64 now = 0;
	u32 off = 0;

	while (len - off >= MS_RTCP_HDR) {
		const u8 *h = p + off;
		u32 plen = (get_unaligned_be16(h + 2) + 1) * 4;
		u32 blocks, nblocks, i;

		if ((h[0] >> 6) != 2 || plen > len - off)
			break;
		off += plen;
		if (h[1] == MS_RTCP_SR) {
			if (plen < MS_RTCP_HDR + MS_RTCP_SR_INFO)
				continue;
			if (!looked) {
				theirs = ms_rtt_of_return(mn, f);
				looked = true;
			}
			blocks = MS_RTCP_HDR + MS_RTCP_SR_INFO;
		} else if (h[1] == MS_RTCP_RR && plen >= MS_RTCP_HDR) {
			blocks = MS_RTCP_HDR;
		} else {
			continue;
		}
		nblocks = min_t(u32, h[0] & 0x1f,
				(plen - blocks) / MS_RTCP_BLOCK);
		if (!(h[1] == MS_RTCP_SR && theirs) && !(mine && nblocks))
			continue;
		if (!now)
			now = ktime_get_ns();
		if (h[1] == MS_RTCP_SR && theirs)
			ms_rtt_note_sr(theirs, get_unaligned_be32(h + 4),
				       get_unaligned_be32(h + 10), now);
		for (i = 0; mine && i < nblocks; i++)
			ms_rtt_block(mine, h + blocks + i * MS_RTCP_BLOCK, now);
	}
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
