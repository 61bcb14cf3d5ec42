/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The round trip between the gateway and a flow's remote, from the RTCP
 * that passes through (RFC 3550 6.4.1): the gateway does not send RTCP of
 * its own, it times the sender reports it forwards to the remote and the
 * report blocks that come back from it.
 */
#ifndef _MS_RTCP_RTT_H
#define _MS_RTCP_RTT_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

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
 * @rcu: frees it with its flow
 */
struct ms_rtt {
	spinlock_t lock;	/* everything below */
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
	struct rcu_head rcu;
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
void ms_rtcp_seen(struct ms_net *mn, const struct ms_flow *f, const u8 *p,
		  u32 len);
bool ms_rtt_report(struct ms_rtt *r, struct ms_rtt_report *out);

#endif /* _MS_RTCP_RTT_H */
