/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kfunc of mediasec_floor.ko, the test-only module that gives the
 * kernel-engine benchmark (make bench-kernel) its floor: what protecting
 * and unprotecting an SRTP packet costs with the kernel's crypto
 * primitives alone.  Shared by the module and selftests/progs/
 * bench_xform.bpf.c.
 *
 *    int bpf_mediasec_floor(struct xdp_md *ctx, struct ms_floor_args *a,
 *                           __u32 a__sz);
 *        Runs a->op on the RTP packet at a->offset, a->len bytes long,
 *        in place (like bpf_mediasec_xform(): the bytes after it are room
 *        for the tag); a->len is set to the new length.  Returns 0,
 *        -EBADMSG (tag mismatch), -EBUSY (SIMD not usable here), -EINVAL.
 */
#ifndef _MS_FLOOR_KFUNC_H
#define _MS_FLOOR_KFUNC_H

#include <linux/types.h>

/* What the floor does to the packet, with the module's own random keys. */
enum ms_floor_op {
	/* AES-128-CTR over the payload, HMAC-SHA1 (80-bit tag) over all + ROC */
	MS_FLOOR_CM_PROTECT,
	/* the HMAC-SHA1 check, then AES-128-CTR */
	MS_FLOOR_CM_UNPROTECT,
	/* AES-128-GCM, the RTP header as associated data, 128-bit tag */
	MS_FLOOR_GCM_PROTECT,
	MS_FLOOR_GCM_UNPROTECT,
	__MS_FLOOR_OP_MAX,
};

/* The fixed RTP header the floor assumes (no CSRC, no extension). */
#define MS_FLOOR_RTP_HDR	12

struct ms_floor_args {
	__u32 op;	/* enum ms_floor_op */
	__u32 offset;	/* of the RTP header in the packet */
	__u32 len;	/* RTP packet length; set to the new one */
};

#endif /* _MS_FLOOR_KFUNC_H */
