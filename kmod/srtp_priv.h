/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP engine internals shared between srtp*.c.
 */
#ifndef _MS_SRTP_PRIV_H
#define _MS_SRTP_PRIV_H

#include "srtp.h"

/* RFC 3711 section 4.3.2 key derivation labels. */
#define MS_SRTP_LABEL_RTP_ENC		0x00
#define MS_SRTP_LABEL_RTP_AUTH		0x01
#define MS_SRTP_LABEL_RTP_SALT		0x02
#define MS_SRTP_LABEL_RTCP_ENC		0x03
#define MS_SRTP_LABEL_RTCP_AUTH		0x04
#define MS_SRTP_LABEL_RTCP_SALT		0x05

/* srtp_kdf.c */
int ms_srtp_kdf(struct ms_srtp_prf *prf, const u8 *master_salt, u8 label,
		u64 r, u8 *out, u32 len);
int ms_srtp_derive(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
		   bool rtcp, u64 index);
struct ms_srtp_auth *ms_srtp_auth_for(struct ms_srtp_ctx *ctx,
				      struct ms_srtp_mkey *k, bool rtcp,
				      u64 index);
int ms_srtp_adopt(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k, bool rtcp,
		  u64 index);

static inline int ms_srtp_rekey_for(struct ms_srtp_ctx *ctx,
				    struct ms_srtp_mkey *k, bool rtcp,
				    u64 index)
{
	struct ms_srtp_skeys *sk = rtcp ? &k->rtcp : &k->rtp;

	if (likely(!ctx->params.kdr))
		return 0;
	if (index >> ctx->kdr_shift == sk->r)
		return 0;
	return ms_srtp_derive(ctx, k, rtcp, index);
}

/* srtp_replay.c */
enum ms_srtp_result ms_srtp_rtp_estimate(const struct ms_srtp_replay *rp,
					 u16 seq, u64 *index);
enum ms_srtp_result ms_srtp_replay_check(const struct ms_srtp_ctx *ctx,
					 const struct ms_srtp_replay *rp,
					 u64 index);
void ms_srtp_replay_commit(const struct ms_srtp_ctx *ctx,
			   struct ms_srtp_replay *rp, u64 index);
void ms_srtp_replay_reset(const struct ms_srtp_ctx *ctx,
			  struct ms_srtp_replay *rp);

/* srtp.c */
struct ms_srtp_stream *ms_srtp_stream_find(struct ms_srtp_ctx *ctx, u32 ssrc,
					   struct ms_srtp_stream **victim);
void ms_srtp_stream_install(struct ms_srtp_ctx *ctx,
			    struct ms_srtp_stream *st, u32 ssrc);
struct ms_srtp_mkey *ms_srtp_key_by_mki(struct ms_srtp_ctx *ctx,
					const u8 *mki);
void ms_srtp_key_used(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
		      bool rtcp);
void ms_srtp_put_mki(const struct ms_srtp_ctx *ctx,
		     const struct ms_srtp_mkey *k, u8 *p);

static inline bool ms_srtp_key_spent(const struct ms_srtp_mkey *k, bool rtcp)
{
	return k->count[rtcp] >= k->limit[rtcp];
}

static inline enum ms_srtp_result ms_srtp_count(struct ms_srtp_ctx *ctx,
						enum ms_srtp_op op,
						enum ms_srtp_result r)
{
	ctx->stats[op][r]++;
	return r;
}

#endif /* _MS_SRTP_PRIV_H */
