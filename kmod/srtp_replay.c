// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP packet index estimation (RFC 3711 section 3.3.1 and Appendix A) and
 * the replay window (section 3.3.2), sized per context (WSH, RFC 4568).
 *
 * The window remembers the indices top - window + 1 .. top in a ring of
 * ring_bits bits (a power of two >= window), bit i mod ring_bits for index
 * i; moving top forward clears the bits of the indices it passes.
 */
#include "srtp_priv.h"

/**
 * ms_srtp_rtp_estimate() - guess the 48-bit SRTP index of a sequence number
 * @rp: the stream's SRTP receive (or send) state
 * @seq: sequence number from the packet
 * @index: the estimate, ROC * 2^16 + @seq
 *
 * Before the first packet the ROC is that of @rp->top (0 unless set with
 * ms_srtp_set_roc()).  A packet that would need a ROC below 0 is too old;
 * one that would need a ROC above 2^32 - 1 needs a new master key.
 *
 * Return: MS_SRTP_OK, MS_SRTP_TOO_OLD or MS_SRTP_KEY_EXPIRED.
 */
enum ms_srtp_result ms_srtp_rtp_estimate(const struct ms_srtp_replay *rp,
					 u16 seq, u64 *index)
{
	u64 roc = rp->top >> 16;
	u32 s_l = (u32)(rp->top & 0xffff);

	if (!rp->seen) {
		*index = roc << 16 | seq;
		return MS_SRTP_OK;
	}
	if (s_l < 32768) {
		if ((u32)seq > s_l + 32768) {
			if (!roc)
				return MS_SRTP_TOO_OLD;
			roc--;
		}
	} else if (s_l - 32768 > seq) {
		if (roc == 0xffffffffULL)
			return MS_SRTP_KEY_EXPIRED;
		roc++;
	}
	*index = roc << 16 | seq;
	return MS_SRTP_OK;
}

static inline bool ms_srtp_ring_test(const struct ms_srtp_ctx *ctx,
				     const struct ms_srtp_replay *rp, u64 i)
{
	u32 b = (u32)(i & (ctx->ring_bits - 1));

	return rp->bits[b / 64] & (1ULL << (b % 64));
}

/**
 * ms_srtp_replay_check() - may a packet with this index be accepted
 * @ctx: context (window size)
 * @rp: stream state
 * @index: SRTP index or SRTCP index of the packet
 *
 * Changes nothing; call ms_srtp_replay_commit() once the packet is
 * authenticated.
 *
 * Return: MS_SRTP_OK, MS_SRTP_REPLAY or MS_SRTP_TOO_OLD.
 */
enum ms_srtp_result ms_srtp_replay_check(const struct ms_srtp_ctx *ctx,
					 const struct ms_srtp_replay *rp,
					 u64 index)
{
	if (!rp->seen || index > rp->top)
		return MS_SRTP_OK;
	if (rp->top - index >= ctx->params.window)
		return MS_SRTP_TOO_OLD;
	if (ms_srtp_ring_test(ctx, rp, index))
		return MS_SRTP_REPLAY;
	return MS_SRTP_OK;
}

/**
 * ms_srtp_replay_commit() - record an accepted index
 * @ctx: context (window size)
 * @rp: stream state
 * @index: index ms_srtp_replay_check() accepted
 */
void ms_srtp_replay_commit(const struct ms_srtp_ctx *ctx,
			   struct ms_srtp_replay *rp, u64 index)
{
	u32 words = ctx->ring_bits / 64;
	u32 b;
	u64 i;

	if (!rp->seen) {
		memset(rp->bits, 0, words * sizeof(u64));
		rp->top = index;
		rp->seen = true;
	} else if (index > rp->top) {
		if (index - rp->top >= ctx->ring_bits) {
			memset(rp->bits, 0, words * sizeof(u64));
		} else {
			/* Clear whole words where we can, bits at the ends. */
			for (i = rp->top + 1; i <= index; ) {
				b = (u32)(i & (ctx->ring_bits - 1));
				if (!(b % 64) && index - i >= 63) {
					rp->bits[b / 64] = 0;
					i += 64;
				} else {
					rp->bits[b / 64] &= ~(1ULL << (b % 64));
					i++;
				}
			}
		}
		rp->top = index;
	}
	b = (u32)(index & (ctx->ring_bits - 1));
	rp->bits[b / 64] |= 1ULL << (b % 64);
}

/**
 * ms_srtp_replay_reset() - forget every index
 * @ctx: context (ring size)
 * @rp: stream state
 */
void ms_srtp_replay_reset(const struct ms_srtp_ctx *ctx,
			  struct ms_srtp_replay *rp)
{
	memset(rp->bits, 0, ctx->ring_bits / 64 * sizeof(u64));
	rp->top = 0;
	rp->seen = false;
}
