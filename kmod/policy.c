// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies of a flow and its RTP reception statistics: what the
 * data path does with them, one packet at a time.  Each costs a flow that
 * does not use it one pointer load (datapath.c); a flow that does pays for
 * its own lock only.
 */

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include <net/ipv6.h>
#include <uapi/linux/mediasec.h>

#include "policy.h"

static void ms_police_init(struct ms_police *p, const struct ms_pol_cfg *cfg)
{
	spin_lock_init(&p->lock);
	p->rate = cfg->rate;
	p->depth = (u64)cfg->burst * NSEC_PER_SEC;
	p->full_ns = div64_u64(p->depth, p->rate);
	p->tokens = p->depth;
	if (cfg->peak_rate) {
		p->peak_rate = cfg->peak_rate;
		p->peak_depth = (u64)cfg->peak_burst * NSEC_PER_SEC;
		p->peak_full_ns = div64_u64(p->peak_depth, p->peak_rate);
		p->peak_tokens = p->peak_depth;
	}
	p->t_last = ktime_get_ns();
}

static bool ms_pol_any(const struct ms_pol_cfg *cfg)
{
	return cfg->has_gate || cfg->has_police ||
	       cfg->dscp != MEDIASEC_DSCP_COPY;
}

static bool ms_police_same(const struct ms_police *p,
			   const struct ms_pol_cfg *cfg)
{
	return p->rate == cfg->rate &&
	       p->depth == (u64)cfg->burst * NSEC_PER_SEC &&
	       p->peak_rate == cfg->peak_rate &&
	       p->peak_depth == (u64)cfg->peak_burst * NSEC_PER_SEC;
}

/**
 * ms_pol_same() - whether a flow's policies are already what @cfg asks
 * @pol: the flow's policies, or NULL
 * @cfg: what a FLOW_SET asks for (every policy, the flags in @cfg->flags)
 * @base_flags: the flow's own flags, which apply without @pol
 *
 * Return: true if replacing @pol would change nothing.
 */
bool ms_pol_same(const struct ms_flow_pol *pol, const struct ms_pol_cfg *cfg,
		 u32 base_flags)
{
	if (!pol)
		return !ms_pol_any(cfg) && cfg->flags == base_flags;
	return pol->flags == cfg->flags && pol->dscp == cfg->dscp &&
	       pol->has_gate == cfg->has_gate &&
	       (!cfg->has_gate || !memcmp(&pol->gate, &cfg->gate,
					  sizeof(cfg->gate))) &&
	       pol->has_police == cfg->has_police &&
	       (!cfg->has_police || ms_police_same(&pol->police, cfg));
}

/**
 * ms_pol_new() - the policies a flow is to have
 * @cfg: what was asked for, checked by netlink
 * @base_flags: the flow's own flags: with no policy and these flags, the
 *	flow needs no policies
 * @old: the policies they replace, or NULL: an unchanged policer keeps
 *	its buckets (a FLOW_SET that changes the DS field gives no burst)
 *
 * Return: the policies, NULL if @cfg asks for none (the data path then
 * skips them with one test), or ERR_PTR(-ENOMEM).
 */
struct ms_flow_pol *ms_pol_new(const struct ms_pol_cfg *cfg, u32 base_flags,
			       struct ms_flow_pol *old)
{
	struct ms_flow_pol *pol;

	if (!ms_pol_any(cfg) && cfg->flags == base_flags)
		return NULL;
	pol = kzalloc(sizeof(*pol), GFP_KERNEL_ACCOUNT);
	if (!pol)
		return ERR_PTR(-ENOMEM);
	pol->has_gate = cfg->has_gate;
	pol->gate = cfg->gate;
	pol->has_police = cfg->has_police;
	if (cfg->has_police)
		ms_police_init(&pol->police, cfg);
	if (cfg->has_police && old && old->has_police &&
	    ms_police_same(&old->police, cfg)) {
		spin_lock_bh(&old->police.lock);
		pol->police.tokens = old->police.tokens;
		pol->police.peak_tokens = old->police.peak_tokens;
		pol->police.t_last = old->police.t_last;
		spin_unlock_bh(&old->police.lock);
	}
	pol->dscp = cfg->dscp;
	pol->flags = cfg->flags;
	return pol;
}

/**
 * ms_pol_cfg_of() - what a flow's policies were set to
 * @pol: the flow's policies, or NULL
 * @rtp: the flow's RTP statistics, or NULL
 * @base_flags: the flow's own flags (those that apply without @pol)
 * @cfg: filled in
 *
 * Context: the namespace's mutex (no writer of @pol or the clock rate).
 */
void ms_pol_cfg_of(const struct ms_flow_pol *pol,
		   const struct ms_rtp_stats *rtp, u32 base_flags,
		   struct ms_pol_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dscp = MEDIASEC_DSCP_COPY;
	cfg->flags = base_flags;
	if (rtp)
		cfg->clock_rate = READ_ONCE(rtp->clock_rate);
	if (!pol)
		return;
	cfg->has_gate = pol->has_gate;
	cfg->gate = pol->gate;
	cfg->has_police = pol->has_police;
	if (pol->has_police) {
		cfg->rate = pol->police.rate;
		cfg->burst = div_u64(pol->police.depth, NSEC_PER_SEC);
		cfg->peak_rate = pol->police.peak_rate;
		cfg->peak_burst = div_u64(pol->police.peak_depth,
					  NSEC_PER_SEC);
	}
	cfg->dscp = pol->dscp;
	cfg->flags = pol->flags;
}

/**
 * ms_gate_pass() - whether a gate lets a source in (TS 23.334 6.2.4)
 * @g: the gate
 * @src: the packet's source address, IPv4 mapped
 * @sport: its source port
 *
 * Return: true if the source is within the gate's prefix and port range.
 */
bool ms_gate_pass(const struct ms_gate *g, const struct in6_addr *src,
		  __be16 sport)
{
	u16 port = ntohs(sport);

	if (port < g->port_min || port > g->port_max)
		return false;
	return !g->prefix_len || ipv6_prefix_equal(src, &g->addr,
						   g->prefix_len);
}

/* A bucket's tokens after @elapsed ns; the product cannot overflow. */
static u64 ms_bucket_fill(u64 tokens, u64 elapsed, u64 rate, u64 depth,
			  u64 full_ns)
{
	if (elapsed >= full_ns)
		return depth;
	/* elapsed * rate < depth + rate <= 2^26 * 10^9 + 2^32 */
	return min(tokens + elapsed * rate, depth);
}

/**
 * ms_police_peek() - whether a packet would conform, without the lock
 * @p: the flow's policer
 * @len: the packet's IP length
 * @now: ktime_get_ns() of the packet
 *
 * A flow that authenticates looks before the crypto (a packet over the
 * rate costs none) and pays after it (ms_police_pass()), so that packets
 * which fail authentication, a spoofer's, spend none of the remote's
 * rate.  The look reads the buckets as another CPU may be changing them:
 * an estimate, which the payment, exact under the lock, settles.
 *
 * Context: the data path.
 * Return: true if the packet may go on to the crypto.
 */
bool ms_police_peek(struct ms_police *p, u32 len, u64 now)
{
	u64 cost = (u64)len * NSEC_PER_SEC, t_last = READ_ONCE(p->t_last);
	u64 elapsed = now > t_last ? now - t_last : 0;

	if (ms_bucket_fill(READ_ONCE(p->tokens), elapsed, p->rate, p->depth,
			   p->full_ns) < cost)
		return false;
	return !p->peak_rate ||
	       ms_bucket_fill(READ_ONCE(p->peak_tokens), elapsed, p->peak_rate,
			      p->peak_depth, p->peak_full_ns) >= cost;
}

/**
 * ms_police_pass() - whether a packet conforms (RFC 2216 token bucket)
 * @p: the flow's policer
 * @len: the packet's IP length
 * @now: ktime_get_ns() of the packet
 *
 * A conforming packet takes its length from both buckets; one that does
 * not takes nothing (it is dropped).
 *
 * Context: the data path (BH off).
 * Return: true if the packet may pass.
 */
bool ms_police_pass(struct ms_police *p, u32 len, u64 now)
{
	u64 cost = (u64)len * NSEC_PER_SEC, elapsed;
	bool ok;

	spin_lock(&p->lock);
	/* Another CPU may have read a later clock and refilled already. */
	elapsed = now > p->t_last ? now - p->t_last : 0;
	if (elapsed)
		WRITE_ONCE(p->t_last, now);
	WRITE_ONCE(p->tokens, ms_bucket_fill(p->tokens, elapsed, p->rate,
					     p->depth, p->full_ns));
	ok = p->tokens >= cost;
	if (p->peak_rate) {
		WRITE_ONCE(p->peak_tokens,
			   ms_bucket_fill(p->peak_tokens, elapsed,
					  p->peak_rate, p->peak_depth,
					  p->peak_full_ns));
		ok = ok && p->peak_tokens >= cost;
	}
	if (ok) {
		WRITE_ONCE(p->tokens, p->tokens - cost);
		if (p->peak_rate)
			WRITE_ONCE(p->peak_tokens, p->peak_tokens - cost);
	}
	spin_unlock(&p->lock);
	return ok;
}

/*
 * The multiplier that turns nanoseconds into timestamp units with a shift
 * of 32 instead of a division per packet: at most 10 MHz * 2^32 / 10^9,
 * within 32 bits.  Its rounding (2e-5 at 8 kHz, less at higher clocks;
 * RTP clocks are 8 kHz and up, RFC 3551) only scales the arrival times,
 * whose differences the jitter takes.
 */
static u32 ms_rtp_mult(u32 clock_rate)
{
	return (u32)div_u64(((u64)clock_rate << 32) + NSEC_PER_SEC / 2,
			    NSEC_PER_SEC);
}

/**
 * ms_rtp_new() - RTP reception statistics for a flow
 * @clock_rate: the RTP clock, Hz, not 0
 *
 * Return: the statistics, or NULL without memory.
 */
struct ms_rtp_stats *ms_rtp_new(u32 clock_rate)
{
	struct ms_rtp_stats *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);

	if (s) {
		spin_lock_init(&s->lock);
		s->clock_rate = clock_rate;
		s->ts_mult = ms_rtp_mult(clock_rate);
	}
	return s;
}

/**
 * ms_rtp_set_clock() - a new clock rate for the jitter to come
 * @s: the flow's statistics
 * @clock_rate: Hz, not 0
 *
 * The jitter so far stays; the next packet starts a new transit time.
 */
void ms_rtp_set_clock(struct ms_rtp_stats *s, u32 clock_rate)
{
	spin_lock_bh(&s->lock);
	WRITE_ONCE(s->clock_rate, clock_rate);
	s->ts_mult = ms_rtp_mult(clock_rate);
	s->has_transit = false;
	spin_unlock_bh(&s->lock);
}

#define MS_RTP_SEQ_MOD		BIT(16)
#define MS_RTP_MAX_DROPOUT	3000	/* RFC 3550 A.1 */
#define MS_RTP_MAX_MISORDER	100
#define MS_RTP_MIN_SEQUENTIAL	2

/* RFC 3550 A.1 init_seq(). */
static void ms_rtp_init_seq(struct ms_rtp_stats *s, u16 seq)
{
	s->base_seq = seq;
	s->max_seq = seq;
	s->bad_seq = MS_RTP_SEQ_MOD + 1;	/* matches no sequence number */
	s->cycles = 0;
	s->received = 0;
}

/*
 * RFC 3550 A.1 update_seq(): whether the packet counts; a new source must
 * first send MIN_SEQUENTIAL packets in sequence.  The RFC's "seq ==
 * max_seq + 1" is taken modulo 2^16 here, so that a source whose probation
 * spans the wrap is not held in probation.
 */
static bool ms_rtp_update_seq(struct ms_rtp_stats *s, u16 seq)
{
	u16 udelta = seq - s->max_seq;

	if (s->probation) {
		if (seq == (u16)(s->max_seq + 1)) {
			s->probation--;
			s->max_seq = seq;
			if (!s->probation) {
				ms_rtp_init_seq(s, seq);
				s->received++;
				return true;
			}
		} else {
			s->probation = MS_RTP_MIN_SEQUENTIAL - 1;
			s->max_seq = seq;
		}
		return false;
	}
	if (udelta < MS_RTP_MAX_DROPOUT) {
		if (seq < s->max_seq)
			s->cycles += MS_RTP_SEQ_MOD;	/* wrapped */
		s->max_seq = seq;
	} else if (udelta <= MS_RTP_SEQ_MOD - MS_RTP_MAX_MISORDER) {
		/* A very large jump: twice in a row is a restarted source. */
		if (seq != s->bad_seq) {
			s->bad_seq = (seq + 1) & (MS_RTP_SEQ_MOD - 1);
			return false;
		}
		ms_rtp_init_seq(s, seq);
	}
	/* else a duplicate or a reordered packet: counted, RFC 3550 A.3 */
	s->received++;
	return true;
}

/**
 * ms_rtp_count() - count an RTP packet that passed
 * @s: the flow's statistics
 * @rtp: the packet, from its RTP header
 * @len: its length
 * @now: ktime_get_ns() of its arrival
 *
 * Sequence numbers give loss (RFC 3550 A.1, A.3); the arrival time against
 * the RTP timestamp gives the interarrival jitter (A.8).  A packet of
 * another SSRC starts the statistics again for that source.
 *
 * Context: the data path (BH off).
 */
void ms_rtp_count(struct ms_rtp_stats *s, const u8 *rtp, u32 len, u64 now)
{
	u32 ssrc, ts, arrival;
	s32 transit, d;
	u16 seq;

	if (len < 12 || (rtp[0] >> 6) != 2)
		return;
	seq = get_unaligned_be16(rtp + 2);
	ts = get_unaligned_be32(rtp + 4);
	ssrc = get_unaligned_be32(rtp + 8);

	spin_lock(&s->lock);
	/* The arrival in timestamp units; only differences matter. */
	arrival = (u32)mul_u64_u32_shr(now, s->ts_mult, 32);
	if (!s->started || ssrc != s->ssrc) {
		s->started = true;
		s->ssrc = ssrc;
		s->has_transit = false;
		s->jitter = 0;
		ms_rtp_init_seq(s, seq);
		s->max_seq = seq - 1;
		s->probation = MS_RTP_MIN_SEQUENTIAL;
	}
	if (ms_rtp_update_seq(s, seq)) {
		transit = (s32)(arrival - ts);
		if (s->has_transit) {
			d = transit - s->transit;
			if (d < 0)
				d = -d;
			s->jitter = s->jitter + (u32)d -
				    ((s->jitter + 8) >> 4);
		}
		s->transit = transit;
		s->has_transit = true;
	}
	spin_unlock(&s->lock);
}

/**
 * ms_rtp_report() - a flow's RTP reception statistics now
 * @s: the flow's statistics
 * @r: filled in
 *
 * Return: false if no source has been counted yet.
 */
bool ms_rtp_report(struct ms_rtp_stats *s, struct ms_rtp_report *r)
{
	bool any;

	spin_lock_bh(&s->lock);
	any = s->started && !s->probation;
	if (any) {
		r->ssrc = s->ssrc;
		r->received = s->received;
		r->expected = s->cycles + s->max_seq - s->base_seq + 1;
		r->lost = (s64)r->expected - (s64)r->received;
		r->jitter = min_t(u64, s->jitter >> 4, U32_MAX);
	}
	spin_unlock_bh(&s->lock);
	return any;
}
