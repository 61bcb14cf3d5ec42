/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the XDP program and userspace: the counters of the
 * programs, one per-CPU array entry (key 0) holding them all, so that a
 * packet costs one map lookup.
 */
#ifndef _MEDIASEC_XDP_H
#define _MEDIASEC_XDP_H

enum ms_xdp_counter {
	MS_XDP_CNT_RX,		/* every packet the program saw */
	MS_XDP_CNT_IPV4,
	MS_XDP_CNT_IPV6,
	MS_XDP_CNT_UDP,		/* UDP over IPv4/IPv6, header complete */
	MS_XDP_CNT_MALFORMED,	/* UDP header cut short */
	MS_XDP_CNT_FLOW,	/* a flow's packet, transformed and rewritten */
	MS_XDP_CNT_DROP,	/* a flow's packet, refused */
	MS_XDP_CNT_TX,		/* sent back out the same device */
	MS_XDP_CNT_REDIRECT,	/* redirected to another device */
	MS_XDP_CNT_TO_STACK,	/* a flow's packet the stack must route */
	MS_XDP_CNT_OUTPUT,	/* not placed yet: out by the stack's output */
	MS_XDP_CNT_MAX
};

struct ms_xdp_counters {
	__u64 n[MS_XDP_CNT_MAX];
};

#endif /* _MEDIASEC_XDP_H */
