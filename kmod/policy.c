// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies of a flow and its RTP reception statistics: what the
 * data path does with them, one packet at a time.  Each costs a flow that
 * does not use it one pointer load (datapath.c); a flow that does pays one
 * clock read and one lock a packet, whichever of them it has (the gate
 * and the policer's look are inline, policy.h).
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
	p->rate = cfg->rate;
	p->depth = (u64)cfg->burst * NSEC_PER_SEC;
	p->full_ns = div64_u64(p->depth, p->rate);
	if (cfg->peak_rate) {
		p->peak_rate = cfg->peak_rate;
		p->peak_depth = (u64)cfg->peak_burst * NSEC_PER_SEC;
		p->peak_full_ns = div64_u64(p->peak_depth, p->peak_rate);
	}
}

static bool ms_pol_any(const struct ms_pol_cfg *cfg)
{
	return cfg->has_gate || cfg->has_police ||
	       cfg->dscp != MEDIASEC_DSCP_COPY;
}

/**
 * ms_police_same() - whether a flow's policer is already what @cfg asks
 * @pol: the flow's policies, or NULL
 * @cfg: what a FLOW_SET asks for
 *
 * Return: true if both have no policer, or the same rates and bursts.
 */
bool ms_police_same(const struct ms_flow_pol *pol,
		    const struct ms_pol_cfg *cfg)
{
	const struct ms_police *p;

	if (!pol || !pol->has_police || !cfg->has_police)
		return (pol && pol->has_police) == cfg->has_police;
	p = &pol->police;
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
	       ms_police_same(pol, cfg);
}

/**
 * ms_pol_new() - the policies a flow is to have
 * @cfg: what was asked for, checked by netlink
 * @base_flags: the flow's own flags: with no policy and these flags, the
 *	flow needs no policies
 *
 * A policer's buckets are the flow's meter's (ms_meter_refill()).
 *
 * Return: the policies, NULL if @cfg asks for none (the data path then
 * skips them with one test), or ERR_PTR(-ENOMEM).
 */
struct ms_flow_pol *ms_pol_new(const struct ms_pol_cfg *cfg, u32 base_flags)
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
	pol->dscp = cfg->dscp;
	pol->flags = cfg->flags;
	return pol;
}

/**
 * ms_pol_cfg_of() - what a flow's policies were set to
 * @pol: the flow's policies, or NULL
 * @meter: the flow's meter, or NULL
 * @base_flags: the flow's own flags (those that apply without @pol)
 * @cfg: filled in
 *
 * Context: the namespace's mutex (no writer of @pol or the clock rate).
 */
void ms_pol_cfg_of(const struct ms_flow_pol *pol,
		   const struct ms_flow_meter *meter, u32 base_flags,
		   struct ms_pol_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dscp = MEDIASEC_DSCP_COPY;
	cfg->flags = base_flags;
	if (meter)
		cfg->clock_rate = READ_ONCE(meter->rtp.clock_rate);
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
 * ms_gate_mask() - set a gate's mask from its prefix length
 * @g: the gate, @g->prefix_len set
 */
void ms_gate_mask(struct ms_gate *g)
{
	struct in6_addr ones;

	/* Not in place: ipv6_addr_prefix() clears its result first. */
	memset(&ones, 0xff, sizeof(ones));
	ipv6_addr_prefix(&g->mask, &ones, g->prefix_len);
}

/* The policer's payment (RFC 2216): false if the packet does not conform. */
static bool ms_police_pay(const struct ms_police *p, struct ms_buckets *b,
			  u32 len, u64 now)
{
	u64 cost = (u64)len * NSEC_PER_SEC, elapsed;
	bool ok;

	/* Another CPU may have read a later clock and refilled already. */
	elapsed = now > b->t_last ? now - b->t_last : 0;
	if (elapsed)
		WRITE_ONCE(b->t_last, now);
	WRITE_ONCE(b->tokens, ms_bucket_fill(b->tokens, elapsed, p->rate,
					     p->depth, p->full_ns));
	ok = b->tokens >= cost;
	if (p->peak_rate) {
		WRITE_ONCE(b->peak_tokens,
			   ms_bucket_fill(b->peak_tokens, elapsed,
					  p->peak_rate, p->peak_depth,
					  p->peak_full_ns));
		ok = ok && b->peak_tokens >= cost;
	}
	/* A packet that does not conform takes nothing: it is dropped. */
	if (ok) {
		WRITE_ONCE(b->tokens, b->tokens - cost);
		if (p->peak_rate)
			WRITE_ONCE(b->peak_tokens, b->peak_tokens - cost);
	}
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

/* The buckets of a policer set or changed: full (RFC 2216), from now. */
static void ms_buckets_fill(struct ms_buckets *b, const struct ms_pol_cfg *cfg)
{
	WRITE_ONCE(b->tokens, (u64)cfg->burst * NSEC_PER_SEC);
	/*
	 * Without a peak bucket, packets still on the policies this replaces
	 * may look at one: full to any depth (ms_bucket_fill() caps it).
	 */
	WRITE_ONCE(b->peak_tokens, (u64)(cfg->peak_rate ? cfg->peak_burst :
					 MS_POLICE_BURST_MAX) * NSEC_PER_SEC);
	WRITE_ONCE(b->t_last, ktime_get_mono_fast_ns());
}

/**
 * ms_meter_new() - the meter of a flow that is to have a policer or count
 *	RTP
 * @cfg: the flow's policies: the policer's buckets start full, the RTP
 *	statistics are counted if @cfg->clock_rate is set
 *
 * Return: the meter, or NULL without memory.
 */
struct ms_flow_meter *ms_meter_new(const struct ms_pol_cfg *cfg)
{
	struct ms_flow_meter *m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);

	if (!m)
		return NULL;
	spin_lock_init(&m->lock);
	if (cfg->has_police)
		ms_buckets_fill(&m->buckets, cfg);
	if (cfg->clock_rate) {
		m->rtp.clock_rate = cfg->clock_rate;
		m->rtp.ts_mult = ms_rtp_mult(cfg->clock_rate);
	}
	return m;
}

/**
 * ms_meter_refill() - full buckets for a policer set or changed
 * @m: the flow's meter
 * @cfg: the new policer
 *
 * Packets that still see the old policer meanwhile pay from these
 * buckets, which its depth bounds.
 */
void ms_meter_refill(struct ms_flow_meter *m, const struct ms_pol_cfg *cfg)
{
	spin_lock_bh(&m->lock);
	ms_buckets_fill(&m->buckets, cfg);
	spin_unlock_bh(&m->lock);
}

/**
 * ms_rtp_set_clock() - count RTP statistics, or a new clock rate for the
 *	jitter to come
 * @m: the flow's meter
 * @clock_rate: Hz, not 0
 *
 * The jitter so far stays; the next packet starts a new transit time.
 */
void ms_rtp_set_clock(struct ms_flow_meter *m, u32 clock_rate)
{
	spin_lock_bh(&m->lock);
	WRITE_ONCE(m->rtp.clock_rate, clock_rate);
	m->rtp.ts_mult = ms_rtp_mult(clock_rate);
	m->rtp.has_transit = false;
	spin_unlock_bh(&m->lock);
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

/*
 * Counts an RTP packet that passed: sequence numbers give loss (RFC 3550
 * A.1, A.3); the arrival time (@now, CLOCK_MONOTONIC ns) against the RTP
 * timestamp gives the interarrival jitter (A.8).  A packet of another SSRC
 * starts the statistics again for that source.  Under the meter's lock.
 */
static void ms_rtp_count(struct ms_rtp_stats *s, const u8 *rtp, u32 len,
			 u64 now)
{
	u32 ssrc, ts, arrival;
	s32 transit, d;
	u16 seq;

	if (!s->clock_rate || len < 12 || (rtp[0] >> 6) != 2)
		return;
	seq = get_unaligned_be16(rtp + 2);
	ts = get_unaligned_be32(rtp + 4);
	ssrc = get_unaligned_be32(rtp + 8);

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
}

/**
 * ms_meter_pass() - a packet's payment to the policer, and its RTP
 *	statistics, under one lock
 * @m: the flow's meter
 * @p: the flow's policer, or NULL
 * @ip_len: the packet's IP length, header and options included
 * @rtp: the RTP packet to count, from its header, or NULL (RTCP, or no
 *	RTP statistics)
 * @rtp_len: its length
 * @now: the packet's arrival, CLOCK_MONOTONIC ns
 *
 * A packet over the rate takes nothing from the buckets and is not
 * counted: it is dropped.
 *
 * Context: the data path (BH off), after the crypto.
 * Return: true if the packet may pass.
 */
bool ms_meter_pass(struct ms_flow_meter *m, const struct ms_police *p,
		   u32 ip_len, const u8 *rtp, u32 rtp_len, u64 now)
{
	bool ok = true;

	spin_lock(&m->lock);
	if (p)
		ok = ms_police_pay(p, &m->buckets, ip_len, now);
	if (ok && rtp)
		ms_rtp_count(&m->rtp, rtp, rtp_len, now);
	spin_unlock(&m->lock);
	return ok;
}

/**
 * ms_rtp_report() - a flow's RTP reception statistics now
 * @m: the flow's meter
 * @r: filled in
 *
 * Return: false if no source has been counted yet.
 */
bool ms_rtp_report(struct ms_flow_meter *m, struct ms_rtp_report *r)
{
	struct ms_rtp_stats *s = &m->rtp;
	bool any;

	spin_lock_bh(&m->lock);
	any = s->clock_rate && s->started && !s->probation;
	if (any) {
		r->ssrc = s->ssrc;
		r->received = s->received;
		r->expected = s->cycles + s->max_seq - s->base_seq + 1;
		r->lost = (s64)r->expected - (s64)r->received;
		r->jitter = min_t(u64, s->jitter >> 4, U32_MAX);
	}
	spin_unlock_bh(&m->lock);
	return any;
}
