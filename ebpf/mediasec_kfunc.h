/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kfuncs mediasec.ko registers for the XDP and TC programs of ebpf/,
 * and their argument structures: shared by the module and the BPF
 * programs built with it.  Kfuncs are no stable API (they follow the
 * module); the netlink API is include/uapi/linux/mediasec.h.
 *
 * The module registers kfuncs for BPF_PROG_TYPE_XDP programs, and one for
 * BPF_PROG_TYPE_SCHED_CLS; their prototypes are in the module's BTF
 * (/sys/kernel/btf/mediasec):
 *
 *    int bpf_mediasec_xform(struct xdp_md *ctx, struct mediasec_xform *x,
 *                           __u32 x__sz);
 *        Runs x->op (enum mediasec_op) with context x->ctx_id of the
 *        packet's network namespace on the RTP or RTCP packet at
 *        x->offset, x->len bytes long, in place.  The bytes from its end
 *        to the end of the XDP buffer are room for the trailer (grow the
 *        tail by MEDIASEC_MAX_TRAILER before protecting, shrink it after);
 *        x->len is set to the new length.  @x__sz is sizeof(*x).
 *        Returns an enum mediasec_result (MEDIASEC_RESULT_OK or why the
 *        packet must be dropped; counted in the context's statistics), or
 *        -EINVAL (bad arguments, range outside the packet), -ENOENT (no
 *        such context), -EPERM (op does not match the context's direction).
 *
 *    int bpf_mediasec_xdp_flow(struct xdp_md *ctx,
 *                              struct mediasec_xdp_md *m, __u32 m__sz);
 *        The flow step of the data path, for a UDP packet whose IP header
 *        is at m->l3_off and UDP header at m->l4_off (family m->family;
 *        IPv4 without fragment, the UDP header right after the IPv4
 *        options or the IPv6 header, else -EINVAL; an IPv4 fragment is
 *        PASS): finds the
 *        flow by destination address and port (and remote, if the flow
 *        has one), unprotects and/or protects the RTP or RTCP payload with
 *        the flow's contexts, rewrites addresses, ports, lengths, TTL and
 *        checksums, counts the packet.  Returns enum mediasec_xdp_verdict:
 *        PASS (not a flow's packet), DROP (a flow's, refused), ROOM (grow
 *        the tail by m->tail bytes and call again), FWD (adjust the tail by
 *        m->tail; send to m->ifindex, or where the FIB says when 0); or
 *        -EINVAL for bad arguments.
 *
 *    int bpf_mediasec_xdp_egress(struct xdp_md *ctx,
 *                                struct mediasec_xdp_egress *e,
 *                                __u32 e__sz);
 *        For the device e->ifindex of the packet's namespace (the FIB's
 *        answer): if it is a VLAN device, the device under it and the tag
 *        to push (e->vlan_proto, e->vlan_tci, network order), else the
 *        device itself and no tag.  Returns 0, -ENODEV (no such device),
 *        -ENETDOWN (it or the device under it is down) or -EOPNOTSUPP
 *        (VLAN over VLAN), -EINVAL for bad arguments: then pass the packet
 *        to the stack.
 *
 *    int bpf_mediasec_xdp_output(struct xdp_md *ctx, __u32 l3_off,
 *                                __u32 oif);
 *        For a flow's packet after bpf_mediasec_xdp_flow() that the FIB
 *        cannot place yet (no neighbour entry): a copy of the IP packet at
 *        l3_off (to the frame's end, its exact length) goes out through
 *        the stack's output as the gateway's own (out of oif if not 0),
 *        queued while the neighbour is resolved; drop the original.  Its
 *        source must be a local address.  Returns 0 (taken), or a
 *        negative errno with nothing sent (-EINVAL, -ENETUNREACH or
 *        another routing error, -EADDRNOTAVAIL for a source not local,
 *        -ENOMEM): then pass the packet to the stack.
 *
 *    int bpf_mediasec_skb_flow(struct __sk_buff *skb,
 *                              struct mediasec_xdp_md *m, __u32 m__sz);
 *        (SCHED_CLS) bpf_mediasec_xdp_flow() on a socket buffer the
 *        caller made linear and writable with bpf_skb_pull_data() of its
 *        whole length; ROOM and FWD tails are applied with
 *        bpf_skb_change_tail().  -EINVAL also for a GSO or non-linear
 *        buffer, or a cloned one whose data is not writable (pass it to
 *        the stack).
 *
 * Every pointer argument may be NULL or point to memory others write to
 * (a map value): the kfuncs check it and read it once; offsets are
 * checked against the packet and the headers they name against what
 * they say.
 */
#ifndef _MEDIASEC_KFUNC_H
#define _MEDIASEC_KFUNC_H

#include <linux/types.h>

/* Most bytes protecting adds: SRTCP E+index, MKI, tag. */
#define MEDIASEC_MAX_TRAILER	(4 + 4 + 16)

/* Packet operations of the bpf_mediasec_xform() kfunc. */
enum mediasec_op {
	MEDIASEC_OP_PROTECT_RTP,
	MEDIASEC_OP_UNPROTECT_RTP,
	MEDIASEC_OP_PROTECT_RTCP,
	MEDIASEC_OP_UNPROTECT_RTCP,

	__MEDIASEC_OP_MAX
};

struct mediasec_xform {
	__u32 ctx_id;	/* in: context id */
	__u32 op;	/* in: enum mediasec_op */
	__u32 offset;	/* in: first byte of the RTP/RTCP packet */
	__u32 len;	/* in: its length; out: its new length */
};

/* The flow step of the XDP data path: bpf_mediasec_xdp_flow(). */
struct mediasec_xdp_md {
	__u32 l3_off;	/* in: offset of the IPv4/IPv6 header */
	__u32 l4_off;	/* in: offset of the UDP header */
	__u8 family;	/* in: AF_INET or AF_INET6 */
	__u8 pad[3];
	__s32 tail;	/* out: bytes to grow (ROOM) or to adjust (FWD) */
	__u32 ifindex;	/* out: egress device, 0 for the FIB's choice */
	__u32 flow_id;	/* out: the flow (FWD) */
};

/* Where a packet leaves: bpf_mediasec_xdp_egress(). */
struct mediasec_xdp_egress {
	__u32 ifindex;		/* in: the FIB's device; out: the one to send on */
	__be16 vlan_proto;	/* out: 802.1Q/802.1AD tag to carry, or 0 */
	__be16 vlan_tci;	/* out: its VLAN id */
};

enum mediasec_xdp_verdict {
	MEDIASEC_XDP_PASS,
	MEDIASEC_XDP_DROP,
	MEDIASEC_XDP_ROOM,
	MEDIASEC_XDP_FWD,
};

#endif /* _MEDIASEC_KFUNC_H */
