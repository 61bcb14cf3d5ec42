/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The media policies of a flow, as the IMS-ALG sets them over Iq (TS 23.334
 * 6.2.4 to 6.2.7): remote source filtering (the gate), policing, DiffServ
 * marking; and the RTP reception statistics of RFC 3550 (loss, jitter).
 */
#ifndef _MS_POLICY_H
#define _MS_POLICY_H

#include <linux/bits.h>
#include <linux/cache.h>
#include <linux/in6.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <net/ipv6.h>

/*
 * Which sources a gate lets in; addresses IPv4 mapped, as flows keep them.
 * The mask is kept beside the prefix length so that the data path compares
 * two 64-bit words, inline, with no loop over the prefix.
 */
struct ms_gate {
	struct in6_addr addr;	/* masked to @prefix_len */
	struct in6_addr mask;	/* @prefix_len ones */
	u8 prefix_len;		/* of the 128-bit (mapped) address; 0: any */
	u16 port_min;		/* host order, inclusive */
	u16 port_max;
};

/*
 * A token bucket (RFC 2216) with an optional peak bucket: what it was set
 * to.  Tokens are counted in byte-nanoseconds per second (bytes *
 * NSEC_PER_SEC) so that a refill is one multiplication, with no division
 * on the data path.  The buckets themselves are the flow's
 * (&struct ms_flow_meter): a FLOW_SET that leaves the policer as it was
 * leaves them as they are.
 */
struct ms_police {
	u64 rate;		/* bytes per second */
	u64 depth;		/* bytes * NSEC_PER_SEC */
	u64 full_ns;		/* time an empty bucket takes to fill */
	u64 peak_rate;		/* 0: no peak bucket */
	u64 peak_depth;
	u64 peak_full_ns;
};

/* The tokens of a policer's buckets, and when they were last filled. */
struct ms_buckets {
	u64 tokens;
	u64 peak_tokens;
	u64 t_last;		/* CLOCK_MONOTONIC ns of the last refill */
};

/* The largest burst a policer may have, bytes (netlink's range). */
#define MS_POLICE_BURST_MAX	BIT(26)

/* What netlink asked for; also what a flow's policies read back as. */
struct ms_pol_cfg {
	bool has_gate;
	bool has_police;
	struct ms_gate gate;
	u64 rate;
	u32 burst;
	u64 peak_rate;
	u32 peak_burst;
	u8 dscp;		/* 0 .. 63, or MEDIASEC_DSCP_COPY */
	u32 clock_rate;		/* Hz; 0: no RTP statistics */
	bool rtt;		/* round trips measured from RTCP */
	u32 flags;		/* MEDIASEC_FLOW_F_* */
};

/**
 * struct ms_flow_pol - the policies of a flow, replaced as a whole
 * @has_gate: @gate applies
 * @has_police: @police applies
 * @dscp: the code point set on egress, or MEDIASEC_DSCP_COPY
 * @flags: MEDIASEC_FLOW_F_*, in place of the flow's own: a packet sees the
 *	gate, the policer and latching of one FLOW_SET, never a mix
 * @gate: the sources let in
 * @police: the policer's rates and depths (read only: its buckets are the
 *	flow's meter's)
 * @rcu: frees the policies after a grace period
 */
struct ms_flow_pol {
	bool has_gate;
	bool has_police;
	u8 dscp;
	u32 flags;
	struct ms_gate gate;
	struct ms_police police;
	struct rcu_head rcu;
};

/*
 * Reception statistics of one RTP source (RFC 3550 A.1, A.3, A.8), under
 * the lock of the flow's meter.
 */
struct ms_rtp_stats {
	u32 clock_rate;		/* Hz; 0: not counted */
	u32 ts_mult;		/* ns to timestamp units: (ns * ts_mult) >> 32 */
	u32 ssrc;
	bool started;		/* @ssrc seen */
	bool has_transit;	/* @transit holds a packet's */
	u16 max_seq;
	u64 cycles;		/* shifted count of sequence number cycles */
	u32 base_seq;
	u32 bad_seq;
	u32 probation;
	u64 received;
	s32 transit;
	u64 jitter;		/* scaled by 16 (RFC 3550 A.8); no wrap */
};

/**
 * struct ms_flow_meter - what a flow's packets write of its policies
 * @lock: @buckets and @rtp: one lock a packet for the policer's payment
 *	and the RTP statistics together; a flow never given either has no
 *	meter, one whose policer and clock rate went keeps it unused
 * @buckets: the policer's, when the flow's policies have one
 * @rtp: the RTP reception statistics, when @rtp.clock_rate is set
 *
 * Made when a flow is first given a policer or RTP statistics, and kept
 * as long as the flow (policies come and go with FLOW_SET; what was
 * counted stays).  On a cache line of its own: the CPUs that feed the flow
 * write it, while they only read the flow.
 */
struct ms_flow_meter {
	spinlock_t lock;	/* @buckets and @rtp */
	struct ms_buckets buckets;
	struct ms_rtp_stats rtp;
} ____cacheline_aligned_in_smp;

/* What FLOW_GET reports of &struct ms_rtp_stats. */
struct ms_rtp_report {
	u32 ssrc;
	u64 received;
	u64 expected;
	s64 lost;
	u32 jitter;
};

struct ms_flow_pol *ms_pol_new(const struct ms_pol_cfg *cfg, u32 base_flags);
bool ms_pol_same(const struct ms_flow_pol *pol, const struct ms_pol_cfg *cfg,
		 u32 base_flags);
bool ms_police_same(const struct ms_flow_pol *pol,
		    const struct ms_pol_cfg *cfg);
void ms_pol_cfg_of(const struct ms_flow_pol *pol,
		   const struct ms_flow_meter *meter, u32 base_flags,
		   struct ms_pol_cfg *cfg);
void ms_gate_mask(struct ms_gate *g);
struct ms_flow_meter *ms_meter_new(const struct ms_pol_cfg *cfg);
void ms_meter_refill(struct ms_flow_meter *m, const struct ms_pol_cfg *cfg);
void ms_rtp_set_clock(struct ms_flow_meter *m, u32 clock_rate);
bool ms_meter_pass(struct ms_flow_meter *m, const struct ms_police *p,
		   u32 ip_len, const u8 *rtp, u32 rtp_len, u64 now);
bool ms_rtp_report(struct ms_flow_meter *m, struct ms_rtp_report *r);

/**
 * ms_gate_pass() - whether a gate lets a source in (TS 23.334 6.2.4)
 * @g: the gate
 * @src: the packet's source address, IPv4 mapped
 * @sport: its source port
 *
 * Inline: it runs on every packet of a gated flow.
 *
 * Return: true if the source is within the gate's prefix and port range.
 */
static inline bool ms_gate_pass(const struct ms_gate *g,
				const struct in6_addr *src, __be16 sport)
{
	u16 port = ntohs(sport);

	return port >= g->port_min && port <= g->port_max &&
	       !ipv6_masked_addr_cmp(src, &g->mask, &g->addr);
}

/* A bucket's tokens after @elapsed ns; the product cannot overflow. */
static inline u64 ms_bucket_fill(u64 tokens, u64 elapsed, u64 rate,
				 u64 depth, u64 full_ns)
{
	if (elapsed >= full_ns)
		return depth;
	/* elapsed * rate < depth + rate <= 2^26 * 10^9 + 2^32 */
	return min(tokens + elapsed * rate, depth);
}

/**
 * ms_police_peek() - whether a packet would conform, without the lock
 * @p: the flow's policer
 * @b: its buckets
 * @len: the packet's IP length
 * @now: the packet's arrival, CLOCK_MONOTONIC ns
 *
 * A flow that transforms looks before the crypto (a packet over the rate
 * costs none) and pays after it (ms_meter_pass()), so that packets which
 * fail authentication, a spoofer's, spend none of the remote's rate.  The
 * look reads the buckets as another CPU may be changing them: an estimate,
 * which the payment, exact under the lock, settles.
 *
 * Context: the data path.
 * Return: true if the packet may go on to the crypto.
 */
static inline bool ms_police_peek(const struct ms_police *p,
				  const struct ms_buckets *b, u32 len, u64 now)
{
	u64 cost = (u64)len * NSEC_PER_SEC, t_last = READ_ONCE(b->t_last);
	u64 elapsed = now > t_last ? now - t_last : 0;

	if (ms_bucket_fill(READ_ONCE(b->tokens), elapsed, p->rate, p->depth,
			   p->full_ns) < cost)
		return false;
	return !p->peak_rate ||
	       ms_bucket_fill(READ_ONCE(b->peak_tokens), elapsed, p->peak_rate,
			      p->peak_depth, p->peak_full_ns) >= cost;
}

#endif /* _MS_POLICY_H */
