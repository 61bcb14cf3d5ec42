/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (-include) into the SRTP engine's tests to run them
 * through the kernel module instead of the native engine: contexts and
 * keys go over netlink, packets through bpf_mediasec_xform() under
 * BPF_PROG_TEST_RUN.  The engine library still provides what has no
 * kernel state (suite descriptions).
 */
#ifndef _MS_SRTP_MODULE_SHIM_H
#define _MS_SRTP_MODULE_SHIM_H

#include "srtp.h"

#define ms_srtp_ctx_create	ms_shim_ctx_create
#define ms_srtp_ctx_destroy	ms_shim_ctx_destroy
#define ms_srtp_key_add		ms_shim_key_add
#define ms_srtp_key_del		ms_shim_key_del
#define ms_srtp_protect_rtp	ms_shim_protect_rtp
#define ms_srtp_unprotect_rtp	ms_shim_unprotect_rtp
#define ms_srtp_protect_rtcp	ms_shim_protect_rtcp
#define ms_srtp_unprotect_rtcp	ms_shim_unprotect_rtcp
#define ms_srtp_set_srtcp_index	ms_shim_set_srtcp_index
#define ms_srtp_set_roc		ms_shim_set_roc
#define ms_srtp_stat		ms_shim_stat

int ms_shim_ctx_create(struct ms_srtp_ctx **ctxp,
		       const struct ms_srtp_params *p);
void ms_shim_ctx_destroy(struct ms_srtp_ctx *ctx);
int ms_shim_key_add(struct ms_srtp_ctx *ctx,
		    const struct ms_srtp_key_params *kp);
int ms_shim_key_del(struct ms_srtp_ctx *ctx, u32 mki);
enum ms_srtp_result ms_shim_protect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					u32 *len, u32 cap);
enum ms_srtp_result ms_shim_unprotect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					  u32 *len);
enum ms_srtp_result ms_shim_protect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					 u32 *len, u32 cap);
enum ms_srtp_result ms_shim_unprotect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					   u32 *len);
int ms_shim_set_srtcp_index(struct ms_srtp_ctx *ctx, u32 ssrc, u32 index);
int ms_shim_set_roc(struct ms_srtp_ctx *ctx, u32 ssrc, u32 roc, u16 seq);
/* The kernel context id behind a context (0 before its first packet). */
u32 ms_shim_ctx_id(const struct ms_srtp_ctx *ctx);
u64 ms_shim_stat(const struct ms_srtp_ctx *ctx, enum ms_srtp_op op,
		 enum ms_srtp_result r);

#endif /* _MS_SRTP_MODULE_SHIM_H */
