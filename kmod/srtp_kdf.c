// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP key derivation (RFC 3711 section 4.3, RFC 6188 section 6, RFC 7714
 * section 11): the AES-CM PRF keyed with the master key, with any key
 * derivation rate.
 */
#include "srtp_priv.h"
#include "srtp_crypto.h"

static int ms_srtp_derive_keys(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
			       bool rtcp, u64 index, bool auth_too);

/**
 * ms_srtp_kdf() - derive one session key, salt or authentication key
 * @prf: AES keyed with the master key
 * @master_salt: 14 bytes (a 12-byte GCM salt zero-padded on the right)
 * @label: RFC 3711 label, 0x00 to 0x05
 * @r: packet index DIV key derivation rate (0 when the rate is 0)
 * @out: where the @len bytes go
 * @len: bytes wanted
 *
 * x = (label || r) XOR master_salt, aligned on the right of the 112-bit
 * salt; the output is the AES-CM keystream from counter block x * 2^16.
 *
 * Return: 0 or a negative errno from the crypto layer.
 */
int ms_srtp_kdf(struct ms_srtp_prf *prf, const u8 *master_salt, u8 label,
		u64 r, u8 *out, u32 len)
{
	u8 iv[16], ks[16];
	u32 done = 0, n;
	u16 ctr = 0;
	int i, ret = 0;

	memcpy(iv, master_salt, MS_SRTP_MAX_SALT_LEN);
	iv[7] ^= label;
	for (i = 0; i < 6; i++)
		iv[13 - i] ^= (u8)(r >> (8 * i));
	while (done < len) {
		ms_put_be16(ctr++, iv + 14);
		ret = ms_srtp_prf_block(prf, iv, ks);
		if (ret)
			break;
		n = len - done < 16 ? len - done : 16;
		memcpy(out + done, ks, n);
		done += n;
	}
	ms_srtp_wipe(ks, sizeof(ks));
	ms_srtp_wipe(iv, sizeof(iv));
	return ret;
}

/**
 * ms_srtp_derive() - (re)derive a master key's SRTP or SRTCP session keys
 * @ctx: context the key belongs to
 * @k: master key, with its PRF still present
 * @rtcp: the SRTCP keys (labels 3-5) rather than the SRTP ones (0-2)
 * @index: packet index the keys are for (selects r when kdr != 0)
 *
 * The crypto objects are re-keyed in place: no allocation.
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_derive(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
		   bool rtcp, u64 index)
{
	return ms_srtp_derive_keys(ctx, k, rtcp, index, true);
}

/* Derive an HMAC key for period @r into @auth. */
static int ms_srtp_derive_auth(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
			       bool rtcp, u64 r, struct ms_srtp_auth *auth)
{
	u8 base = rtcp ? MS_SRTP_LABEL_RTCP_ENC : MS_SRTP_LABEL_RTP_ENC;
	u8 key[MS_SRTP_SHA1_LEN];
	int ret;

	ret = ms_srtp_kdf(k->prf, k->master_salt, base + 1, r, key,
			  ctx->si->auth_key_len);
	if (!ret)
		ret = ms_srtp_auth_setkey(auth, key, ctx->si->auth_key_len);
	ms_srtp_wipe(key, sizeof(key));
	return ret;
}

/**
 * ms_srtp_auth_for() - the HMAC that verifies a received packet
 * @ctx: context
 * @k: the key the packet names
 * @rtcp: an SRTCP packet
 * @index: its index
 *
 * Without a key derivation rate, or in the current key period, the
 * session's HMAC.  In another period, the key's probe HMAC, keyed for that
 * period if it is not yet: the current session keys stay as they are until
 * the packet authenticates (ms_srtp_adopt()), so a forgery cannot make the
 * next genuine packet derive its keys back (RFC 3711 section 4.3.1 says
 * what to derive, not when).
 *
 * Return: the HMAC, or NULL if the crypto layer failed.
 */
struct ms_srtp_auth *ms_srtp_auth_for(struct ms_srtp_ctx *ctx,
				      struct ms_srtp_mkey *k, bool rtcp,
				      u64 index)
{
	struct ms_srtp_skeys *sk = rtcp ? &k->rtcp : &k->rtp;
	u64 r;

	if (likely(!ctx->params.kdr))
		return sk->auth;
	r = index >> ctx->kdr_shift;
	if (r == sk->r)
		return sk->auth;
	if (!k->probe[rtcp])	/* not prepared: derive now (no probe) */
		return ms_srtp_derive(ctx, k, rtcp, index) ? NULL : sk->auth;
	if (k->probe_r[rtcp] != r) {
		k->probe_r[rtcp] = U64_MAX;
		if (ms_srtp_derive_auth(ctx, k, rtcp, r, k->probe[rtcp]))
			return NULL;
		k->probe_r[rtcp] = r;
	}
	return k->probe[rtcp];
}

/**
 * ms_srtp_adopt() - make an authentic packet's key period the current one
 * @ctx: context
 * @k: the key
 * @rtcp: SRTCP rather than SRTP
 * @index: the packet's index, verified with ms_srtp_auth_for()
 *
 * The probe's HMAC becomes the session's and the session's the probe
 * (late packets of the period just left still verify cheaply); the cipher
 * key and salt are derived for the new period.
 *
 * Return: 0 or a negative errno.
 */
int ms_srtp_adopt(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k, bool rtcp,
		  u64 index)
{
	struct ms_srtp_skeys *sk = rtcp ? &k->rtcp : &k->rtp;
	struct ms_srtp_auth *a;
	u64 r;

	if (likely(!ctx->params.kdr))
		return 0;
	r = index >> ctx->kdr_shift;
	if (r == sk->r)
		return 0;
	if (!k->probe[rtcp] || k->probe_r[rtcp] != r)
		return ms_srtp_derive(ctx, k, rtcp, index);
	a = sk->auth;
	sk->auth = k->probe[rtcp];
	k->probe[rtcp] = a;
	k->probe_r[rtcp] = sk->r;
	return ms_srtp_derive_keys(ctx, k, rtcp, index, false);
}

/* ms_srtp_derive(), the HMAC key too if @auth. */
static int ms_srtp_derive_keys(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
			       bool rtcp, u64 index, bool auth_too)
{
	const struct ms_srtp_suite_info *si = ctx->si;
	struct ms_srtp_skeys *sk = rtcp ? &k->rtcp : &k->rtp;
	u8 base = rtcp ? MS_SRTP_LABEL_RTCP_ENC : MS_SRTP_LABEL_RTP_ENC;
	u8 key[MS_SRTP_MAX_KEY_LEN];
	u8 auth[MS_SRTP_SHA1_LEN];
	u64 r = ctx->params.kdr ? index >> ctx->kdr_shift : 0;
	int ret;

	if (!k->prf)
		return -EINVAL;
	ret = ms_srtp_kdf(k->prf, k->master_salt, base + 2, r, sk->salt,
			  si->salt_len);
	if (!ret && sk->cipher) {
		ret = ms_srtp_kdf(k->prf, k->master_salt, base, r, key,
				  si->key_len);
		if (!ret)
			ret = ms_srtp_cipher_setkey(sk->cipher, key,
						    si->key_len);
	}
	if (!ret && sk->auth && auth_too) {
		ret = ms_srtp_kdf(k->prf, k->master_salt, base + 1, r, auth,
				  si->auth_key_len);
		if (!ret)
			ret = ms_srtp_auth_setkey(sk->auth, auth,
						  si->auth_key_len);
	}
	ms_srtp_wipe(key, sizeof(key));
	ms_srtp_wipe(auth, sizeof(auth));
	sk->r = ret ? U64_MAX : r;
	return ret;
}
