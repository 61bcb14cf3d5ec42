/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the XDP program and userspace: the slots of the
 * ms_xdp_counters per-CPU array.
 */
#ifndef _MEDIASEC_XDP_H
#define _MEDIASEC_XDP_H

enum ms_xdp_counter {
	MS_XDP_CNT_RX,		/* every packet the program saw */
	MS_XDP_CNT_IPV4,
	MS_XDP_CNT_IPV6,
	MS_XDP_CNT_UDP,		/* UDP over IPv4/IPv6, header complete */
	MS_XDP_CNT_MALFORMED,	/* UDP header cut short */
	MS_XDP_CNT_MAX
};

#endif /* _MEDIASEC_XDP_H */
