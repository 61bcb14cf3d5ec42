/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec module internals shared between its files.
 */
#ifndef _MEDIASEC_H
#define _MEDIASEC_H

#include <linux/atomic.h>
#include <linux/types.h>

#define MEDIASEC_VERSION "0.1.0"

struct workqueue_struct;
extern struct workqueue_struct *ms_wq;

/* Objects allocated and not yet freed, in all namespaces. */
extern atomic_t ms_live_ctxs;
extern atomic_t ms_live_flows;

int ms_selftest(void);
int ms_genl_init(void);
void ms_genl_exit(void);

int ms_kfunc_init(void);

/* Kfuncs (kfunc.c), called by BPF programs only. */
struct xdp_md;
struct mediasec_xform;
int bpf_mediasec_xform(struct xdp_md *ctx, struct mediasec_xform *x,
		       u32 x__sz);
struct mediasec_xdp_md;
int bpf_mediasec_xdp_flow(struct xdp_md *ctx, struct mediasec_xdp_md *m,
			  u32 m__sz);
struct __sk_buff;
int bpf_mediasec_skb_flow(struct __sk_buff *ctx, struct mediasec_xdp_md *m,
			  u32 m__sz);
struct mediasec_xdp_egress;
int bpf_mediasec_xdp_egress(struct xdp_md *ctx, struct mediasec_xdp_egress *e,
			    u32 e__sz);
int bpf_mediasec_xdp_output(struct xdp_md *ctx, u32 l3_off, u32 oif);

#endif /* _MEDIASEC_H */
