// SPDX-License-Identifier: GPL-2.0
/*
 * SRTCP packets (RFC 3711 section 3.4, RFC 7714 sections 9 and 17):
 * protect and unprotect in place.
 *
 *   AES-CM/NULL: header(8) | rest (encrypted if E) | E||index | MKI | tag
 *   AES-GCM:     header(8) | rest (encrypted if E) | tag | E||index | MKI
 *
 * The SRTCP index is 31 bits, explicit, per sending SSRC; E says whether
 * the rest of the compound packet is encrypted.
 */
#include "srtp_priv.h"
#include "srtp_crypto.h"

#define MS_SRTCP_E_BIT		0x80000000U
#define MS_SRTCP_INDEX_MASK	0x7fffffffU

static void ms_srtcp_cm_iv(u8 iv[16], const u8 *salt, u32 ssrc, u32 index)
{
	int i;

	memset(iv, 0, 16);
	ms_put_be32(ssrc, iv + 4);
	ms_put_be32(index, iv + 10);
	for (i = 0; i < 14; i++)
		iv[i] ^= salt[i];
}

/* RFC 7714 section 9.1: 00 00 || SSRC || 00 00 || 0 || index, XOR salt. */
static void ms_srtcp_gcm_iv(u8 iv[12], const u8 *salt, u32 ssrc, u32 index)
{
	int i;

	iv[0] = 0;
	iv[1] = 0;
	ms_put_be32(ssrc, iv + 2);
	iv[6] = 0;
	iv[7] = 0;
	ms_put_be32(index & MS_SRTCP_INDEX_MASK, iv + 8);
	for (i = 0; i < 12; i++)
		iv[i] ^= salt[i];
}

static bool ms_srtcp_encrypts(const struct ms_srtp_ctx *ctx)
{
	return ctx->si->cipher != MS_SRTP_NULL_CIPHER &&
	       !(ctx->params.flags & MS_SRTP_F_UNENCRYPTED_SRTCP);
}

/**
 * ms_srtp_protect_rtcp() - turn a compound RTCP packet into SRTCP in place
 * @ctx: context, with a key
 * @buf: packet; the sender SSRC is at bytes 4-7
 * @len: its length; on success the SRTCP length
 * @cap: bytes available at @buf (E||index, MKI and tag are appended)
 *
 * Uses the newest key and the next SRTCP index of the sender SSRC.
 *
 * Return: MS_SRTP_OK, or why the packet was not protected (then @buf and
 * @len are unchanged).
 */
enum ms_srtp_result ms_srtp_protect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					 u32 *len, u32 cap)
{
	const enum ms_srtp_op op = MS_SRTP_OP_PROTECT_RTCP;
	u32 n = *len, tag_len = ctx->si->rtcp_tag;
	u32 mki_len = ctx->params.mki_len;
	struct ms_srtp_stream *st, *slot;
	u8 iv[16], mac[MS_SRTP_SHA1_LEN];
	bool enc = ms_srtcp_encrypts(ctx);
	struct ms_srtp_mkey *k;
	struct ms_srtp_skeys *sk;
	u32 ssrc, index, e_pos;
	int ret = 0;

	if (n < 8 || (buf[0] >> 6) != 2)
		return ms_srtp_count(ctx, op, MS_SRTP_MALFORMED);
	if (ctx->tx < 0)
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);
	k = &ctx->keys[ctx->tx];
	if (ms_srtp_key_spent(k, true))
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);
	if (n > cap || cap - n < 4 + tag_len + mki_len)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_ROOM);

	ssrc = ms_get_be32(buf + 4);
	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st && !slot)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_STREAM);
	index = st ? st->rtcp_next : 0;
	if (index > MS_SRTCP_INDEX_MASK)
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);
	if (ms_srtp_rekey_for(ctx, k, true, index))
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);
	sk = &k->rtcp;

	if (ctx->si->cipher == MS_SRTP_GCM) {
		e_pos = n + tag_len;
		ms_put_be32(index | (enc ? MS_SRTCP_E_BIT : 0), buf + e_pos);
		ms_srtcp_gcm_iv(iv, sk->salt, ssrc, index);
		if (enc)
			ret = ms_srtp_gcm_seal(sk->cipher, iv, buf, 8,
					       buf + e_pos, 4, buf + 8, n - 8,
					       buf + n);
		else
			ret = ms_srtp_gcm_seal(sk->cipher, iv, buf, n,
					       buf + e_pos, 4, buf + n, 0,
					       buf + n);
		ms_srtp_put_mki(ctx, k, buf + e_pos + 4);
	} else {
		e_pos = n;
		if (enc) {
			ms_srtcp_cm_iv(iv, sk->salt, ssrc, index);
			ret = ms_srtp_ctr_xor(sk->cipher, iv, buf + 8, n - 8);
		}
		ms_put_be32(index | (enc ? MS_SRTCP_E_BIT : 0), buf + e_pos);
		ms_srtp_put_mki(ctx, k, buf + e_pos + 4);
		if (!ret)
			ret = ms_srtp_hmac_sha1(sk->auth, buf, e_pos + 4, NULL,
						0, mac);
		if (!ret)
			memcpy(buf + e_pos + 4 + mki_len, mac, tag_len);
	}
	if (ret)
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);

	if (!st) {
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	st->key_epoch = ctx->next_serial;
	st->rtcp_next = index + 1;
	ms_srtp_key_used(ctx, k, true);
	*len = n + 4 + tag_len + mki_len;
	return ms_srtp_count(ctx, op, MS_SRTP_OK);
}

/**
 * ms_srtp_unprotect_rtcp() - verify and decrypt an SRTCP packet in place
 * @ctx: context
 * @buf: packet
 * @len: its length; on success the RTCP length (trailer removed)
 *
 * The key is chosen by MKI; the SRTCP index goes through the sender's
 * replay window; the E flag (authenticated) says whether to decrypt.
 *
 * Return: MS_SRTP_OK, or why the packet must be dropped (then @buf may
 * have been changed but @len is unchanged).
 */
enum ms_srtp_result ms_srtp_unprotect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					   u32 *len)
{
	const enum ms_srtp_op op = MS_SRTP_OP_UNPROTECT_RTCP;
	u32 n = *len, tag_len = ctx->si->rtcp_tag;
	u32 mki_len = ctx->params.mki_len;
	u32 e_pos, tag_pos, mki_pos, end, eidx, ssrc;
	struct ms_srtp_stream *st, *slot;
	struct ms_srtp_replay fresh = { 0 }, *rp;
	bool gcm = ctx->si->cipher == MS_SRTP_GCM;
	u8 iv[16], mac[MS_SRTP_SHA1_LEN];
	enum ms_srtp_result res;
	struct ms_srtp_mkey *k;
	struct ms_srtp_skeys *sk;
	int ret = 0;

	if (n < 8 + 4 + tag_len + mki_len || (buf[0] >> 6) != 2)
		return ms_srtp_count(ctx, op, MS_SRTP_MALFORMED);
	if (gcm) {
		mki_pos = n - mki_len;
		e_pos = mki_pos - 4;
		tag_pos = e_pos - tag_len;
		end = tag_pos;
	} else {
		tag_pos = n - tag_len;
		mki_pos = tag_pos - mki_len;
		e_pos = mki_pos - 4;
		end = e_pos;
	}
	k = ms_srtp_key_by_mki(ctx, buf + mki_pos);
	if (!k)
		return ms_srtp_count(ctx, op, MS_SRTP_UNKNOWN_MKI);
	if (ms_srtp_key_spent(k, true))
		return ms_srtp_count(ctx, op, MS_SRTP_KEY_EXPIRED);

	eidx = ms_get_be32(buf + e_pos);
	ssrc = ms_get_be32(buf + 4);
	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st && !slot)
		return ms_srtp_count(ctx, op, MS_SRTP_NO_STREAM);
	rp = st ? &st->rtcp : &fresh;
	res = ms_srtp_replay_check(ctx, rp, eidx & MS_SRTCP_INDEX_MASK);
	if (res != MS_SRTP_OK)
		return ms_srtp_count(ctx, op, res);
	sk = &k->rtcp;

	if (gcm) {
		ms_srtcp_gcm_iv(iv, sk->salt, ssrc, eidx);
		if (eidx & MS_SRTCP_E_BIT)
			ret = ms_srtp_gcm_open(sk->cipher, iv, buf, 8,
					       buf + e_pos, 4, buf + 8, end - 8,
					       buf + tag_pos);
		else
			ret = ms_srtp_gcm_open(sk->cipher, iv, buf, end,
					       buf + e_pos, 4, buf + end, 0,
					       buf + tag_pos);
		if (ret == -EBADMSG)
			return ms_srtp_count(ctx, op, MS_SRTP_AUTH_FAIL);
	} else {
		u32 index = eidx & MS_SRTCP_INDEX_MASK;
		/* Verified before any key changes (ms_srtp_auth_for()). */
		struct ms_srtp_auth *a = ms_srtp_auth_for(ctx, k, true, index);

		if (!a)
			return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);
		ret = ms_srtp_hmac_sha1(a, buf, e_pos + 4, NULL, 0, mac);
		if (!ret && ms_srtp_memneq(mac, buf + tag_pos, tag_len))
			return ms_srtp_count(ctx, op, MS_SRTP_AUTH_FAIL);
		if (!ret)
			ret = ms_srtp_adopt(ctx, k, true, index);
		if (!ret && (eidx & MS_SRTCP_E_BIT) && sk->cipher) {
			ms_srtcp_cm_iv(iv, sk->salt, ssrc, index);
			ret = ms_srtp_ctr_xor(sk->cipher, iv, buf + 8, end - 8);
		}
	}
	if (ret)
		return ms_srtp_count(ctx, op, MS_SRTP_CRYPTO_ERR);

	if (!st) {
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	st->key_epoch = ctx->next_serial;
	ms_srtp_replay_commit(ctx, &st->rtcp, eidx & MS_SRTCP_INDEX_MASK);
	ms_srtp_key_used(ctx, k, true);
	*len = end;
	return ms_srtp_count(ctx, op, MS_SRTP_OK);
}
