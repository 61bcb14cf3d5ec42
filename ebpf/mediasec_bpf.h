/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every mediasec BPF program includes: the kernel's types, libbpf's
 * helpers, the UAPI (its constants), and the module's kfuncs and their
 * argument structs (mediasec_kfunc.h).
 */
#ifndef _MEDIASEC_BPF_H
#define _MEDIASEC_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* vmlinux.h has the __u32 family: keep <linux/types.h> out. */
#define _LINUX_TYPES_H
#include <linux/mediasec.h>
#include "mediasec_kfunc.h"

extern int bpf_mediasec_xform(struct xdp_md *ctx, struct mediasec_xform *x,
			      __u32 x__sz) __ksym;
extern int bpf_mediasec_skb_flow(struct __sk_buff *skb,
				 struct mediasec_xdp_md *m, __u32 m__sz) __ksym;
extern int bpf_mediasec_xdp_egress(struct xdp_md *ctx,
				   struct mediasec_xdp_egress *e,
				   __u32 e__sz) __ksym;
extern int bpf_mediasec_xdp_flow(struct xdp_md *ctx,
				 struct mediasec_xdp_md *m, __u32 m__sz) __ksym;
extern int bpf_mediasec_xdp_output(struct xdp_md *ctx, __u32 l3_off,
				   __u32 oif) __ksym;

#endif /* _MEDIASEC_BPF_H */
