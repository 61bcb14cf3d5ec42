/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec module internals shared between its files.
 */
#ifndef _MEDIASEC_H
#define _MEDIASEC_H

#include <linux/types.h>

#define MEDIASEC_VERSION "0.1.0"

int ms_genl_init(void);
void ms_genl_exit(void);

int ms_kfunc_init(void);

/* Kfuncs (kfunc.c), called by BPF programs only. */
struct xdp_md;
int bpf_mediasec_xdp_selftest(struct xdp_md *ctx, u32 offset, u32 len);

#endif /* _MEDIASEC_H */
