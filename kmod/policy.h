/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The media policies of a flow, as the IMS-ALG sets them over Iq (TS 23.334
 * 6.2.4 to 6.2.7): remote source filtering (the gate), policing, DiffServ
 * marking; and the RTP reception statistics of RFC 3550 (loss, jitter).
 */
#ifndef _MS_POLICY_H
#define _MS_POLICY_H

#include <linux/cache.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* Which sources a gate lets in; addresses IPv4 mapped, as flows keep them. */
struct ms_gate {
	struct in6_addr addr;	/* masked to @prefix_len */
	u8 prefix_len;		/* of the 128-bit (mapped) address; 0: any */
	u16 port_min;		/* host order, inclusive */
	u16 port_max;
};

/*
 * A token bucket (RFC 2216) with an optional peak bucket.  Tokens are kept
 * in byte-nanoseconds per second (bytes * NSEC_PER_SEC) so that a refill
 * is one multiplication, with no division on the data path.  The lock makes
 * the buckets exact when several CPUs feed one flow (a look without it,
 * ms_police_peek(), only estimates); flows without a policer never take
 * it.
 */
struct ms_police {
	spinlock_t lock;	/* the buckets and @t_last */
	u64 rate;		/* bytes per second */
	u64 depth;		/* bytes * NSEC_PER_SEC */
	u64 full_ns;		/* time an empty bucket takes to fill */
	u64 tokens;
	u64 peak_rate;		/* 0: no peak bucket */
	u64 peak_depth;
	u64 peak_full_ns;
	u64 peak_tokens;
	u64 t_last;		/* ktime_get_ns() of the last refill */
};

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
 * @police: the policer, on a cache line of its own (its CPUs write it)
 * @rcu: frees the policies after a grace period
 */
struct ms_flow_pol {
	bool has_gate;
	bool has_police;
	u8 dscp;
	u32 flags;
	struct ms_gate gate;
	struct ms_police police ____cacheline_aligned_in_smp;
	struct rcu_head rcu;
};

/*
 * Reception statistics of one RTP source (RFC 3550 A.1, A.3, A.8), under
 * a lock that only flows counting them take.
 */
struct ms_rtp_stats {
	spinlock_t lock;	/* everything below */
	u32 clock_rate;
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
	struct rcu_head rcu;
};

/* What FLOW_GET reports of &struct ms_rtp_stats. */
struct ms_rtp_report {
	u32 ssrc;
	u64 received;
	u64 expected;
	s64 lost;
	u32 jitter;
};

struct ms_flow_pol *ms_pol_new(const struct ms_pol_cfg *cfg, u32 base_flags,
			       struct ms_flow_pol *old);
bool ms_pol_same(const struct ms_flow_pol *pol, const struct ms_pol_cfg *cfg,
		 u32 base_flags);
void ms_pol_cfg_of(const struct ms_flow_pol *pol,
		   const struct ms_rtp_stats *rtp, u32 base_flags,
		   struct ms_pol_cfg *cfg);
bool ms_gate_pass(const struct ms_gate *g, const struct in6_addr *src,
		  __be16 sport);
bool ms_police_peek(struct ms_police *p, u32 len, u64 now);
bool ms_police_pass(struct ms_police *p, u32 len, u64 now);
struct ms_rtp_stats *ms_rtp_new(u32 clock_rate);
void ms_rtp_set_clock(struct ms_rtp_stats *s, u32 clock_rate);
void ms_rtp_count(struct ms_rtp_stats *s, const u8 *rtp, u32 len, u64 now);
bool ms_rtp_report(struct ms_rtp_stats *s, struct ms_rtp_report *r);

#endif /* _MS_POLICY_H */
