// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP packets (RFC 3711 section 3, RFC 7714 sections 8-10): protect and
 * unprotect in place.
 *
 *   AES-CM/NULL: header | payload (encrypted) | MKI | tag
 *   AES-GCM:     header | payload (encrypted) | tag | MKI
 *
 * The header (fixed part, CSRCs and header extension) is authenticated and
 * never encrypted; RTP padding is part of the payload.
 */
#include "srtp_priv.h"
#include "srtp_crypto.h"

/* Length of the RTP header, CSRCs and extension, or 0 if malformed. */
static u32 ms_srtp_rtp_hdr_len(const u8 *buf, u32 len)
{
	u32 h;

	if (len < 12 || (buf[0] >> 6) != 2)
		return 0;
	h = 12 + 4 * (buf[0] & 0x0f);
	if (buf[0] & 0x10) {
		if (h + 4 > len)
			return 0;
		h += 4 + 4 * (u32)ms_get_be16(buf + h + 2);
	}
	return h <= len ? h : 0;
}

/* RFC 3711 section 4.1.1 counter block: salt*2^16 ^ SSRC*2^64 ^ i*2^16. */
static void ms_srtp_cm_iv(u8 iv[16], const u8 *salt, u32 ssrc, u64 index)
{
	int i;

	memset(iv, 0, 16);
	ms_put_be32(ssrc, iv + 4);
	ms_put_be16((u16)(index >> 32), iv + 8);
	ms_put_be32((u32)index, iv + 10);
	for (i = 0; i < 14; i++)
		iv[i] ^= salt[i];
}

/* RFC 7714 section 8.1 IV: 00 00 || SSRC || ROC || SEQ, XOR salt. */
static void ms_srtp_gcm_iv(u8 iv[12], const u8 *salt, u32 ssrc, u64 index)
{
	int i;

	iv[0] = 0;
	iv[1] = 0;
	ms_put_be32(ssrc, iv + 2);
	ms_put_be32((u32)(index >> 16), iv + 6);
	ms_put_be16((u16)index, iv + 10);
	for (i = 0; i < 12; i++)
		iv[i] ^= salt[i];
}

static u32 ms_srtp_rtp_tag_len(const struct ms_srtp_ctx *ctx)
{
	if (ctx->si->cipher == MS_SRTP_GCM)
		return MS_SRTP_GCM_TAG_LEN;
	if (ctx->params.flags & MS_SRTP_F_UNAUTHENTICATED_SRTP)
		return 0;
	return ctx->si->rtp_tag;
}

static bool ms_srtp_rtp_encrypts(const struct ms_srtp_ctx *ctx)
{
	return ctx->si->cipher != MS_SRTP_NULL_CIPHER &&
	       !(ctx->params.flags & MS_SRTP_F_UNENCRYPTED_SRTP);
}

/**
 * ms_srtp_protect_rtp() - turn an RTP packet into an SRTP packet in place
 * @ctx: context, with a key
 * @buf: packet
 * @len: its length; on success the SRTP length
 * @cap: bytes available at @buf (room for MKI and tag)
 *
 * Uses the newest key.  The sender's ROC follows the sequence numbers
 * (RFC 3711 section 3.3.1); a repeated index is refused unless
 * MS_SRTP_F_ALLOW_REPEAT_TX.
 *
 * Return: MS_SRTP_OK, or why the packet was not protected (then @buf and
 * @len are unchanged).
 */
enum ms_srtp_result ms_srtp_protect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					u32 *len, u32 cap)
{
	const enum ms_srtp_op op = MS_SRTP_OP_PROTECT_RTP;
	u32 n = *len, hlen, tag_len, mki_len = ctx->params.mki_len;
	struct ms_srtp_stream *st, *slot;
	struct ms_srtp_replay fresh = { 0 }, *rp;
	u8 iv[16], mac[MS_SRTP_SHA1_LEN], roc[4];
	enum ms_srtp_result res;
	struct ms_srtp_mkey *k;
	struct ms_srtp_skeys *sk;
	u64 index;
	u32 ssrc;
	int ret;

	hlen = ms_srtp_rtp_hdr_len(buf, n);
	if (!hlen)
		return ms_srtp_count(ctx, op, MS_SRTP_MALFORMED);
	if (ctx->tx < 0)
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);
	k = &ctx->keys[ctx->tx];
	if (ms_srtp_key_spent(k, false))
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);
	tag_len = ms_srtp_rtp_tag_len(ctx);
	if (n > cap || cap - n < tag_len + mki_len)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_ROOM);

	ssrc = ms_get_be32(buf + 8);
	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st && !slot)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_STREAM);
	rp = st ? &st->rtp : &fresh;
	res = ms_srtp_rtp_estimate(rp, ms_get_be16(buf + 2), &index);
	if (res == MS_SRTP_OK &&
	    !(ctx->params.flags & MS_SRTP_F_ALLOW_REPEAT_TX))
		res = ms_srtp_replay_check(ctx, rp, index);
	if (res != MS_SRTP_OK)
		return ms_srtp_count(ctx, op, res);
	if (ms_srtp_rekey_for(ctx, k, false, index))
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);
	sk = &k->rtp;

	if (ctx->si->cipher == MS_SRTP_GCM) {
		ms_srtp_gcm_iv(iv, sk->salt, ssrc, index);
		if (ms_srtp_rtp_encrypts(ctx))
			ret = ms_srtp_gcm_seal(sk->cipher, iv, buf, hlen, NULL,
					       0, buf + hlen, n - hlen,
					       buf + n);
		else
			ret = ms_srtp_gcm_seal(sk->cipher, iv, buf, n, NULL, 0,
					       buf + n, 0, buf + n);
		ms_srtp_put_mki(ctx, k, buf + n + tag_len);
	} else {
		ret = 0;
		if (ms_srtp_rtp_encrypts(ctx)) {
			ms_srtp_cm_iv(iv, sk->salt, ssrc, index);
			ret = ms_srtp_ctr_xor(sk->cipher, iv, buf + hlen,
					      n - hlen);
		}
		ms_srtp_put_mki(ctx, k, buf + n);
		if (!ret && tag_len) {
			ms_put_be32((u32)(index >> 16), roc);
			ret = ms_srtp_hmac_sha1(sk->auth, buf, n, roc, 4, mac);
			memcpy(buf + n + mki_len, mac, tag_len);
		}
	}
	if (ret)
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);

	if (!st) {
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	st->key_epoch = ctx->next_serial;
	ms_srtp_replay_commit(ctx, &st->rtp, index);
	ms_srtp_key_used(ctx, k, false);
	*len = n + tag_len + mki_len;
	return ms_srtp_count(ctx, op, MS_SRTP_OK);
}

/**
 * ms_srtp_unprotect_rtp() - verify and decrypt an SRTP packet in place
 * @ctx: context
 * @buf: packet
 * @len: its length; on success the RTP length (MKI and tag removed)
 *
 * The key is chosen by MKI.  Index estimation and the replay check come
 * first, then authentication (constant time), then decryption; the stream
 * state changes only for an authentic packet.
 *
 * Return: MS_SRTP_OK, or why the packet must be dropped (then @buf may
 * have been changed but @len is unchanged).
 */
enum ms_srtp_result ms_srtp_unprotect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					  u32 *len)
{
	const enum ms_srtp_op op = MS_SRTP_OP_UNPROTECT_RTP;
	u32 n = *len, hlen, end, tag_pos, mki_pos, tag_len;
	u32 mki_len = ctx->params.mki_len;
	struct ms_srtp_stream *st, *slot;
	struct ms_srtp_replay fresh = { 0 }, *rp;
	u8 iv[16], mac[MS_SRTP_SHA1_LEN], roc[4];
	enum ms_srtp_result res;
	struct ms_srtp_mkey *k;
	struct ms_srtp_skeys *sk;
	bool gcm = ctx->si->cipher == MS_SRTP_GCM;
	u64 index;
	u32 ssrc;
	int ret;

	tag_len = ms_srtp_rtp_tag_len(ctx);
	if (n < 12 + tag_len + mki_len)
		return ms_srtp_count(ctx, op, MS_SRTP_MALFORMED);
	if (gcm) {
		mki_pos = n - mki_len;
		tag_pos = mki_pos - tag_len;
		end = tag_pos;
	} else {
		tag_pos = n - tag_len;
		mki_pos = tag_pos - mki_len;
		end = mki_pos;
	}
	hlen = ms_srtp_rtp_hdr_len(buf, end);
	if (!hlen)
		return ms_srtp_count(ctx, op, MS_SRTP_MALFORMED);
	k = ms_srtp_key_by_mki(ctx, buf + mki_pos);
	if (!k)
		return ms_srtp_count(ctx, op, MS_SRTP_UNKNOWN_MKI);
	if (ms_srtp_key_spent(k, false))
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);

	ssrc = ms_get_be32(buf + 8);
	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st && !slot)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_STREAM);
	rp = st ? &st->rtp : &fresh;
	res = ms_srtp_rtp_estimate(rp, ms_get_be16(buf + 2), &index);
	if (res == MS_SRTP_OK)
		res = ms_srtp_replay_check(ctx, rp, index);
	if (res != MS_SRTP_OK)
		return ms_srtp_count(ctx, op, res);
	sk = &k->rtp;

	if (gcm) {
		ms_srtp_gcm_iv(iv, sk->salt, ssrc, index);
		if (ms_srtp_rtp_encrypts(ctx))
			ret = ms_srtp_gcm_open(sk->cipher, iv, buf, hlen, NULL,
					       0, buf + hlen, end - hlen,
					       buf + tag_pos);
		else
			ret = ms_srtp_gcm_open(sk->cipher, iv, buf, end, NULL,
					       0, buf + end, 0, buf + tag_pos);
		if (ret == -EBADMSG)
			return ms_srtp_count(ctx, op, MS_SRTP_AUTH_FAIL);
	} else {
		/* Verified before any key changes (ms_srtp_auth_for()). */
		ret = 0;
		if (tag_len) {
			struct ms_srtp_auth *a;

			a = ms_srtp_auth_for(ctx, k, false, index);
			if (!a)
				return ms_srtp_count(ctx, op,
						     MS_SRTP_CRYPTO_ERR);
			ms_put_be32((u32)(index >> 16), roc);
			ret = ms_srtp_hmac_sha1(a, buf, end, roc, 4, mac);
			if (!ret && ms_srtp_memneq(mac, buf + tag_pos,
						   tag_len))
				return ms_srtp_count(ctx, op,
						     MS_SRTP_AUTH_FAIL);
		}
		if (!ret)
			ret = ms_srtp_adopt(ctx, k, false, index);
		if (!ret && ms_srtp_rtp_encrypts(ctx)) {
			ms_srtp_cm_iv(iv, sk->salt, ssrc, index);
			ret = ms_srtp_ctr_xor(sk->cipher, iv, buf + hlen,
					      end - hlen);
		}
	}
	if (ret)
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);

	if (!st) {
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	st->key_epoch = ctx->next_serial;
	ms_srtp_replay_commit(ctx, &st->rtp, index);
	ms_srtp_key_used(ctx, k, false);
	*len = end;
	return ms_srtp_count(ctx, op, MS_SRTP_OK);
}
