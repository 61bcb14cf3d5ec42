// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SRTP engine: replay window sizes, index estimation
 * across wraps, key derivation rate, MKI and key changes, master key
 * lifetime, packet parsing, streams, counters and parameter checks.
 */
#include <openssl/evp.h>

#include "srtp_test.h"
#include "srtp_priv.h"
#include "srtp_crypto.h"
#include "kselftest_harness.h"

#define CAP 1500

static const u8 mkey[32] = {
	0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
	0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f,
	0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78,
	0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf0,
};
static const u8 msalt[14] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad,
};

static u32 mk_rtp(u8 *b, u32 ssrc, u16 seq, u32 plen)
{
	u32 i;

	memset(b, 0, 12);
	b[0] = 0x80;
	b[1] = 0x00;
	ms_put_be16(seq, b + 2);
	ms_put_be32(seq * 160U, b + 4);
	ms_put_be32(ssrc, b + 8);
	for (i = 0; i < plen; i++)
		b[12 + i] = (u8)(seq + i);
	return 12 + plen;
}

static u32 mk_rtcp(u8 *b, u32 ssrc)
{
	memset(b, 0x5a, 28);
	b[0] = 0x80;
	b[1] = 200;
	ms_put_be16(6, b + 2);
	ms_put_be32(ssrc, b + 4);
	return 28;
}

/* Protect seq on tx, return the packet in b and its length. */
static int tx_rtp(struct ms_srtp_ctx *tx, u8 *b, u32 *len, u32 ssrc, u16 seq)
{
	*len = mk_rtp(b, ssrc, seq, 40);
	return ms_srtp_protect_rtp(tx, b, len, CAP);
}

static struct ms_srtp_ctx *ctx_with(enum ms_srtp_suite suite, u32 window,
				    u32 kdr, u32 flags)
{
	struct ms_srtp_params p = {
		.suite = suite, .window = window, .kdr = kdr, .flags = flags,
	};

	return ms_test_ctx(&p, mkey, msalt, 0);
}

TEST(replay_window_sizes)
{
	static const u32 sizes[] = { 64, 128, 1000, 4096, 32768 };
	size_t s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		u32 w = sizes[s], len, i;
		struct ms_srtp_ctx *tx, *rx;
		static u8 pk[5000][80];
		static u32 pl[5000];
		u32 n = w + 200 > 5000 ? 5000 : w + 200;

		tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, w, 0,
			      MS_SRTP_F_ALLOW_REPEAT_TX);
		rx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, w, 0, 0);
		ASSERT_TRUE(tx && rx);
		for (i = 0; i < n; i++) {
			ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, pk[i], &len, 7,
						     (u16)(1000 + i)));
			pl[i] = len;
		}
		/* newest first: the last packet */
		len = pl[n - 1];
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, pk[n - 1],
							    &len));
		if (w < n) {
			/* exactly window-1 behind: accepted */
			len = pl[n - w];
			EXPECT_EQ(MS_SRTP_OK,
				  ms_srtp_unprotect_rtp(rx, pk[n - w], &len));
			/* window behind: too old */
			len = pl[n - 1 - w];
			EXPECT_EQ(MS_SRTP_TOO_OLD,
				  ms_srtp_unprotect_rtp(rx, pk[n - 1 - w],
							&len));
			/* again: replay */
			len = pl[n - w];
			EXPECT_EQ(MS_SRTP_REPLAY,
				  ms_srtp_unprotect_rtp(rx, pk[n - w], &len));
		}
		/* everything else inside the window, backwards: accepted once */
		for (i = n - 2; (int)i > (w < n ? (int)(n - w) : -1); i--) {
			len = pl[i];
			ASSERT_EQ(MS_SRTP_OK,
				  ms_srtp_unprotect_rtp(rx, pk[i], &len)) {
				TH_LOG("w %u i %u", w, i);
			}
		}
		EXPECT_EQ(w < n ? 1U : 0U,
			  (u32)rx->stats[MS_SRTP_OP_UNPROTECT_RTP]
					[MS_SRTP_REPLAY]);
		ms_srtp_ctx_destroy(tx);
		ms_srtp_ctx_destroy(rx);
	}
}

TEST(replay_ring_jumps)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AES128_CM_SHA1_80,
				    .window = 200 };
	struct ms_srtp_replay r = { 0 };
	struct ms_srtp_ctx *ctx;
	u64 i, jumps[] = { 1, 63, 64, 65, 127, 200, 255, 256, 257, 1000 };
	u64 done[16];
	size_t j, d, nd = 0;

	ctx = ms_test_ctx(&p, mkey, msalt, 0);
	ASSERT_NE(NULL, ctx);
	r.bits = calloc(ctx->ring_bits / 64, 8);
	ms_srtp_replay_commit(ctx, &r, 5000);
	done[nd++] = 5000;
	for (j = 0; j < ARRAY_SIZE(jumps); j++) {
		u64 top = r.top + jumps[j];

		ms_srtp_replay_commit(ctx, &r, top);
		done[nd++] = top;
		for (i = top - 199; i <= top; i++) {
			int want = MS_SRTP_OK;

			for (d = 0; d < nd; d++)
				if (done[d] == i)
					want = MS_SRTP_REPLAY;
			ASSERT_EQ(want, (int)ms_srtp_replay_check(ctx, &r, i)) {
				TH_LOG("jump %llu index %llu",
				       (unsigned long long)jumps[j],
				       (unsigned long long)i);
			}
		}
		EXPECT_EQ(MS_SRTP_TOO_OLD,
			  ms_srtp_replay_check(ctx, &r, top - 200));
	}
	free(r.bits);
	ms_srtp_ctx_destroy(ctx);
}

TEST(index_estimation)
{
	struct ms_srtp_replay r = { 0 };
	u64 idx;

	/* first packet: ROC 0 whatever the sequence number */
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_rtp_estimate(&r, 65000, &idx));
	EXPECT_EQ(65000ULL, idx);
	r.seen = true;
	r.top = 65000;
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_rtp_estimate(&r, 10, &idx));
	EXPECT_EQ(65536ULL + 10, idx);		/* wrapped */
	r.top = 65536 + 10;
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_rtp_estimate(&r, 65530, &idx));
	EXPECT_EQ(65530ULL, idx);		/* late, before the wrap */
	r.top = 100;
	EXPECT_EQ(MS_SRTP_TOO_OLD, ms_srtp_rtp_estimate(&r, 60000, &idx));
	r.top = 0xffffffffULL << 16 | 40000;
	EXPECT_EQ(MS_SRTP_KEY_EXPIRED, ms_srtp_rtp_estimate(&r, 1, &idx));
}

/* Wrap the sender and receiver across several ROCs, with a late packet. */
TEST(roc_multiple_wraps)
{
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP], late[CAP];
	u32 len, late_len = 0, i;

	tx = ctx_with(MS_SRTP_AEAD_AES_128_GCM, 0, 0, 0);
	rx = ctx_with(MS_SRTP_AEAD_AES_128_GCM, 0, 0, 0);
	ASSERT_TRUE(tx && rx);
	for (i = 0; i < 3 * 65536 + 100; i += 7) {
		ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 9, (u16)i));
		if ((u16)i == 65530) {
			memcpy(late, b, len);
			late_len = len;
			continue;
		}
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len)) {
			TH_LOG("i %u", i);
		}
		if (late_len && (u16)i > 20 && (u16)i < 40) {
			len = late_len;
			ASSERT_EQ(MS_SRTP_OK,
				  ms_srtp_unprotect_rtp(rx, late, &len));
			late_len = 0;
		}
	}
	EXPECT_EQ(3ULL, rx->streams[0].rtp.top >> 16);
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(set_roc)
{
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP];
	u32 len;

	tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0, 0);
	rx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0, 0);
	ASSERT_TRUE(tx && rx);
	ASSERT_EQ(0, ms_srtp_set_roc(tx, 5, 7, 100));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 5, 101));
	/* a receiver that assumes ROC 0 cannot authenticate it */
	EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtp(rx, b, &len));
	ASSERT_EQ(0, ms_srtp_set_roc(rx, 5, 7, 90));
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

/* The KDF with r != 0, computed independently with OpenSSL. */
static void ref_kdf(const u8 *key, int klen, const u8 *salt, u8 label, u64 r,
		    u8 *out, int len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	u8 iv[16] = { 0 }, zero[64] = { 0 };
	int i, n;

	memcpy(iv, salt, 14);
	iv[7] ^= label;
	for (i = 0; i < 6; i++)
		iv[13 - i] ^= (u8)(r >> (8 * i));
	EVP_EncryptInit_ex(c, klen == 16 ? EVP_aes_128_ctr() :
			   EVP_aes_256_ctr(), NULL, key, iv);
	EVP_EncryptUpdate(c, out, &n, zero, len);
	EVP_CIPHER_CTX_free(c);
}

TEST(kdr)
{
	static const u32 rates[] = { 1, 16, 1U << 24 };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(rates); k++) {
		struct ms_srtp_ctx *tx, *rx, *ref;
		u8 b[CAP], c[CAP], want[32], ek[16], ak[20], sk[14];
		u32 len, clen, i, kdr = rates[k];
		u64 r;

		tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, kdr, 0);
		rx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, kdr, 0);
		ref = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0, 0);
		ASSERT_TRUE(tx && rx && ref);
		for (i = 0; i < 300; i++) {
			u16 seq = (u16)(65400 + i);	/* wraps */
			u64 index = 65400 + i;

			ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 3, seq));
			r = index / kdr;
			EXPECT_EQ(r, tx->keys[tx->tx].rtp.r);
			ref_kdf(mkey, 16, msalt, 2, r, want, 14);
			EXPECT_EQ(0, memcmp(tx->keys[tx->tx].rtp.salt, want,
					    14));
			/* same bytes as a KDR-0 context given r's keys */
			ref_kdf(mkey, 16, msalt, 0, r, ek, 16);
			ref_kdf(mkey, 16, msalt, 1, r, ak, 20);
			ref_kdf(mkey, 16, msalt, 2, r, sk, 14);
			ASSERT_EQ(0, ms_srtp_set_session_keys(ref, false, ek,
							      sk, ak));
			ASSERT_EQ(0, ms_srtp_set_roc(ref, 3,
						     (u32)((index - 1) >> 16),
						     (u16)(index - 1)));
			clen = mk_rtp(c, 3, seq, 40);
			ASSERT_EQ(MS_SRTP_OK,
				  ms_srtp_protect_rtp(ref, c, &clen, CAP));
			ASSERT_EQ(len, clen);
			EXPECT_EQ(0, memcmp(b, c, len)) {
				TH_LOG("kdr %u index %llu", kdr,
				       (unsigned long long)index);
			}
			if (i % 5 == 4)	/* lose some, deliver the rest */
				continue;
			EXPECT_EQ(MS_SRTP_OK,
				  ms_srtp_unprotect_rtp(rx, b, &len));
		}
		/* SRTCP: r from the SRTCP index */
		ASSERT_EQ(0, ms_srtp_set_srtcp_index(tx, 3, 40));
		len = mk_rtcp(b, 3);
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, b, &len, CAP));
		EXPECT_EQ(40ULL / kdr, tx->keys[tx->tx].rtcp.r);
		EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtcp(rx, b, &len));
		ms_srtp_ctx_destroy(tx);
		ms_srtp_ctx_destroy(rx);
		ms_srtp_ctx_destroy(ref);
	}
}

/*
 * Issue 13, item 7: with a key derivation rate, a forged packet whose
 * index lies in another key period is refused without changing the keys
 * derived for the current one; genuine packets of both periods verify.
 */
TEST(kdr_forgery_derives_nothing)
{
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP], f[CAP], late[CAP];
	u32 len, flen, llen, i;
	struct ms_srtp_mkey *k;

	tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 1U << 16, 0);
	rx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 1U << 16, 0);
	ASSERT_TRUE(tx && rx);
	k = &rx->keys[rx->tx];
	for (i = 65400; i < 65530; i++) {
		ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 3, (u16)i));
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	}
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, late, &llen, 3, 65531));
	EXPECT_EQ(0ULL, k->rtp.r);
	/* seq 10 after 65529 is index 65546: period 1 */
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 3, 10));
	memcpy(f, b, len);
	flen = len;
	f[flen - 1] ^= 0x40;
	EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtp(rx, f, &flen));
	EXPECT_EQ(0ULL, k->rtp.r);
	/* the same for SRTCP, its index in period 1 */
	ASSERT_EQ(0, ms_srtp_set_srtcp_index(tx, 3, 70000));
	flen = mk_rtcp(f, 3);
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, f, &flen, CAP));
	f[flen - 1] ^= 0x40;
	EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtcp(rx, f, &flen));
	EXPECT_EQ(0ULL, k->rtcp.r);
	/* genuine packets: period 1, then a late one of period 0 */
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	EXPECT_EQ(1ULL, k->rtp.r);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, late, &llen));
	flen = mk_rtcp(f, 3);
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, f, &flen, CAP));
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtcp(rx, f, &flen));
	EXPECT_EQ(1ULL, k->rtcp.r);
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(mki_keys)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AES256_CM_SHA1_32,
				    .mki_len = 3 };
	struct ms_srtp_key_params k1 = { .key = mkey, .salt = msalt,
					 .mki = 0x010203 };
	struct ms_srtp_key_params k2 = { .key = msalt, .salt = mkey,
					 .mki = 0x0a0b0c };
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP], old[CAP];
	u32 len, old_len;

	ASSERT_EQ(0, ms_srtp_ctx_create(&tx, &p));
	ASSERT_EQ(0, ms_srtp_ctx_create(&rx, &p));
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k1));
	ASSERT_EQ(-EEXIST, ms_srtp_key_add(tx, &k1));
	k1.mki = 0x1000000;	/* does not fit 3 bytes */
	ASSERT_EQ(-EINVAL, ms_srtp_key_add(rx, &k1));
	k1.mki = 0x010203;
	ASSERT_EQ(0, ms_srtp_key_add(rx, &k1));

	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, old, &old_len, 1, 1));
	EXPECT_EQ(12U + 40 + 3 + 4, old_len);
	EXPECT_EQ(0x01, old[52]);
	EXPECT_EQ(0x03, old[54]);
	/* new key at the sender: newest sends, receiver does not know it */
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k2));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 2));
	EXPECT_EQ(0x0a, b[52]);
	EXPECT_EQ(MS_SRTP_UNKNOWN_MKI, ms_srtp_unprotect_rtp(rx, b, &len));
	/* receiver learns it; old and new packets both pass */
	ASSERT_EQ(0, ms_srtp_key_add(rx, &k2));
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, old, &old_len));
	/* the old key goes: its packets are unknown MKI */
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 3));
	ASSERT_EQ(0, ms_srtp_key_del(rx, 0x010203));
	ASSERT_EQ(-ENOENT, ms_srtp_key_del(rx, 0x010203));
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	ASSERT_EQ(0, ms_srtp_key_del(tx, 0x0a0b0c));	/* back to k1 */
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 4));
	EXPECT_EQ(MS_SRTP_UNKNOWN_MKI, ms_srtp_unprotect_rtp(rx, b, &len));
	EXPECT_EQ(2U, (u32)rx->stats[MS_SRTP_OP_UNPROTECT_RTP]
				    [MS_SRTP_UNKNOWN_MKI]);
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(one_key_without_mki)
{
	struct ms_srtp_ctx *ctx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0,
					   0);
	struct ms_srtp_key_params k = { .key = mkey, .salt = msalt };

	ASSERT_NE(NULL, ctx);
	EXPECT_EQ(-ENOSPC, ms_srtp_key_add(ctx, &k));
	ms_srtp_ctx_destroy(ctx);
}

TEST(lifetime)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AES128_CM_SHA1_80 };
	struct ms_srtp_key_params k = { .key = mkey, .salt = msalt,
					.lifetime = 100, .soft_lifetime = 90 };
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP];
	u32 len, i;

	ASSERT_EQ(0, ms_srtp_ctx_create(&tx, &p));
	ASSERT_EQ(0, ms_srtp_ctx_create(&rx, &p));
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k));
	k.lifetime = 0;	/* receiver: maximum */
	k.soft_lifetime = 0;
	ASSERT_EQ(0, ms_srtp_key_add(rx, &k));
	for (i = 1; i <= 100; i++) {
		ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 2, (u16)i));
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
		if (i == 89)
			EXPECT_EQ(0U, tx->events);
		if (i == 90)
			EXPECT_EQ(MS_SRTP_EV_SOFT_EXPIRY, tx->events);
		if (i == 99)
			EXPECT_FALSE(tx->events & MS_SRTP_EV_HARD_EXPIRY);
	}
	EXPECT_TRUE(tx->events & MS_SRTP_EV_HARD_EXPIRY);
	EXPECT_EQ(MS_SRTP_KEY_EXPIRED, tx_rtp(tx, b, &len, 2, 101));
	/* SRTCP is counted apart and is still allowed its 100 */
	len = mk_rtcp(b, 2);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, b, &len, CAP));
	EXPECT_EQ(0U, rx->events);
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);

	/* the receiver stops too, at its own count */
	k.lifetime = 3;
	k.soft_lifetime = 0;
	ASSERT_EQ(0, ms_srtp_ctx_create(&tx, &p));
	ASSERT_EQ(0, ms_srtp_ctx_create(&rx, &p));
	k.lifetime = 0;
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k));
	k.lifetime = 3;
	ASSERT_EQ(0, ms_srtp_key_add(rx, &k));
	for (i = 1; i <= 4; i++) {
		ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 2, (u16)i));
		EXPECT_EQ(i <= 3 ? MS_SRTP_OK : MS_SRTP_KEY_EXPIRED,
			  ms_srtp_unprotect_rtp(rx, b, &len));
	}
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(malformed_and_room)
{
	struct ms_srtp_ctx *ctx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0,
					   0);
	u8 b[CAP];
	u32 len;

	ASSERT_NE(NULL, ctx);
	len = mk_rtp(b, 1, 1, 10);
	b[0] = 0x40;				/* version 1 */
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	len = mk_rtp(b, 1, 1, 10);
	b[0] = 0x8f;				/* 15 CSRCs, 22 bytes */
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	len = mk_rtp(b, 1, 1, 10);
	b[0] = 0x90;				/* extension */
	ms_put_be16(3, b + 14);			/* 12 bytes > 6 left */
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	len = 11;
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	len = mk_rtp(b, 1, 1, 10);
	EXPECT_EQ(MS_SRTP_NO_ROOM, ms_srtp_protect_rtp(ctx, b, &len, 31));
	EXPECT_EQ(22U, len);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_protect_rtp(ctx, b, &len, 32));
	/* an empty payload with header only is fine */
	len = mk_rtp(b, 1, 2, 0);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	EXPECT_EQ(22U, len);
	/* too short to unprotect */
	len = 21;
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_unprotect_rtp(ctx, b, &len));
	len = 7;
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_protect_rtcp(ctx, b, &len, CAP));
	len = 8 + 4 + 10 - 1;
	EXPECT_EQ(MS_SRTP_MALFORMED, ms_srtp_unprotect_rtcp(ctx, b, &len));
	EXPECT_EQ(4U, (u32)ctx->stats[MS_SRTP_OP_PROTECT_RTP]
				     [MS_SRTP_MALFORMED]);
	EXPECT_EQ(1U, (u32)ctx->stats[MS_SRTP_OP_PROTECT_RTP]
				     [MS_SRTP_NO_ROOM]);
	EXPECT_EQ(2U, (u32)ctx->stats[MS_SRTP_OP_PROTECT_RTP][MS_SRTP_OK]);
	ms_srtp_ctx_destroy(ctx);
}

/* A forged packet changes no state: the genuine one still passes. */
TEST(auth_fail_keeps_state)
{
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP], f[CAP];
	u32 len, flen;

	tx = ctx_with(MS_SRTP_AES128_CM_SHA1_32, 0, 0, 0);
	rx = ctx_with(MS_SRTP_AES128_CM_SHA1_32, 0, 0, 0);
	ASSERT_TRUE(tx && rx);
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 4, 100));
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 4, 30000));
	memcpy(f, b, len);
	flen = len;
	f[len - 1] ^= 1;
	EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtp(rx, f, &flen));
	EXPECT_EQ(100ULL, rx->streams[0].rtp.top);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(streams_have_own_roc)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AEAD_AES_256_GCM,
				    .max_streams = 2 };
	struct ms_srtp_ctx *tx, *rx;
	u8 b[CAP];
	u32 len;

	tx = ms_test_ctx(&p, mkey, msalt, 0);
	rx = ms_test_ctx(&p, mkey, msalt, 0);
	ASSERT_TRUE(tx && rx);
	ASSERT_EQ(0, ms_srtp_set_roc(tx, 0xa, 5, 10));
	ASSERT_EQ(0, ms_srtp_set_roc(rx, 0xa, 5, 10));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xa, 11));
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xb, 11));
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	EXPECT_EQ(5ULL << 16 | 11, tx->streams[0].rtp.top);
	EXPECT_EQ(11ULL, tx->streams[1].rtp.top);
	/* full: a third SSRC is refused, nobody's state is dropped */
	EXPECT_EQ(MS_SRTP_NO_STREAM, tx_rtp(tx, b, &len, 0xc, 1));
	EXPECT_EQ(-ENOSPC, ms_srtp_set_roc(tx, 0xc, 0, 0));
	EXPECT_EQ(-ENOSPC, ms_srtp_set_srtcp_index(tx, 0xc, 0));
	EXPECT_EQ(1ULL, ms_srtp_stat(tx, MS_SRTP_OP_PROTECT_RTP,
				      MS_SRTP_NO_STREAM));
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

/*
 * Issue 13, item 1, as reproduced from outside: core RTP with SSRC A,
 * sequence numbers 1..50, one packet each from four other SSRCs, then A
 * again with 1..50 and other payloads.  Whatever the SSRCs, no (SSRC,
 * index) or (SSRC, SRTCP index) is protected twice under one key, and no
 * packet is accepted twice.
 */
static void no_index_twice(struct __test_metadata *_metadata,
			   enum ms_srtp_suite suite)
{
	struct ms_srtp_params p = { .suite = suite };
	static u8 first[50][CAP];
	static u32 flen[50];
	struct ms_srtp_ctx *tx, *rx;
	u32 len, i, ok = 0;
	u8 b[CAP];

	tx = ms_test_ctx(&p, mkey, msalt, 0);
	rx = ms_test_ctx(&p, mkey, msalt, 0);
	ASSERT_TRUE(tx && rx);
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, first[i], &flen[i], 0xa,
					     (u16)(i + 1)));
		len = flen[i];
		memcpy(b, first[i], len);
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	}
	len = mk_rtcp(b, 0xa);
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, b, &len, CAP));
	for (i = 0; i < 4; i++) {	/* fills the 4 slots, or is refused */
		int r = tx_rtp(tx, b, &len, 0x100 + i, 1);

		EXPECT_TRUE(r == MS_SRTP_OK || r == MS_SRTP_NO_STREAM);
		if (r == MS_SRTP_OK)
			ms_srtp_unprotect_rtp(rx, b, &len);
		len = mk_rtcp(b, 0x100 + i);
		ms_srtp_protect_rtcp(tx, b, &len, CAP);
	}
	EXPECT_EQ(1ULL, ms_srtp_stat(tx, MS_SRTP_OP_PROTECT_RTP,
				      MS_SRTP_NO_STREAM));
	for (i = 0; i < 50; i++) {
		len = mk_rtp(b, 0xa, (u16)(i + 1), 40);
		b[20] ^= 0x55;		/* other payload, same index */
		if (ms_srtp_protect_rtp(tx, b, &len, CAP) == MS_SRTP_OK)
			ok++;
	}
	EXPECT_EQ(0U, ok);
	/* A's next SRTCP index is 1, not 0 again */
	len = mk_rtcp(b, 0xa);
	ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, b, &len, CAP));
	EXPECT_EQ(1U, ms_get_be32(b + len - 4 -
				  (suite == MS_SRTP_AEAD_AES_128_GCM ? 0 :
				   tx->si->rtcp_tag)) & 0x7fffffff);
	/* and the receiver accepts none of A's packets again */
	for (i = 0; i < 50; i++) {
		len = flen[i];
		memcpy(b, first[i], len);
		EXPECT_NE(MS_SRTP_OK, ms_srtp_unprotect_rtp(rx, b, &len));
	}
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

TEST(no_index_protected_twice_aes_cm)
{
	no_index_twice(_metadata, MS_SRTP_AES128_CM_SHA1_80);
}

TEST(no_index_protected_twice_gcm)
{
	no_index_twice(_metadata, MS_SRTP_AEAD_AES_128_GCM);
}

/* A slot is given to another SSRC only once every key that saw it is gone. */
TEST(stream_slot_freed_with_its_keys)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AES128_CM_SHA1_80,
				    .mki_len = 1, .max_streams = 1 };
	struct ms_srtp_key_params k2 = { .key = mkey + 16, .salt = msalt,
					 .mki = 2 };
	struct ms_srtp_key_params k3 = { .key = mkey + 8, .salt = msalt,
					 .mki = 3 };
	struct ms_srtp_ctx *tx;
	u8 b[CAP];
	u32 len;

	tx = ms_test_ctx(&p, mkey, msalt, 1);
	ASSERT_TRUE(tx != NULL);
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xa, 1));
	EXPECT_EQ(MS_SRTP_NO_STREAM, tx_rtp(tx, b, &len, 0xb, 1));
	/* a new key: key 1 still lives, A's state stays */
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k2));
	EXPECT_EQ(MS_SRTP_NO_STREAM, tx_rtp(tx, b, &len, 0xb, 1));
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xa, 2));	/* under key 2 */
	ASSERT_EQ(0, ms_srtp_key_del(tx, 1));
	EXPECT_EQ(MS_SRTP_NO_STREAM, tx_rtp(tx, b, &len, 0xb, 1));
	/* key 2 saw A too: only when it goes may B have the slot */
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k3));
	ASSERT_EQ(0, ms_srtp_key_del(tx, 2));
	EXPECT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xb, 1));
	EXPECT_EQ(0xbU, tx->streams[0].ssrc);
	/* without MKI: a key replaced by another frees the slot too */
	ms_srtp_ctx_destroy(tx);
	p.mki_len = 0;
	tx = ms_test_ctx(&p, mkey, msalt, 0);
	ASSERT_TRUE(tx != NULL);
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xa, 1));
	EXPECT_EQ(MS_SRTP_NO_STREAM, tx_rtp(tx, b, &len, 0xb, 1));
	ASSERT_EQ(0, ms_srtp_key_del(tx, 0));
	k2.mki = 0;
	ASSERT_EQ(0, ms_srtp_key_add(tx, &k2));
	EXPECT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 0xb, 1));
	ms_srtp_ctx_destroy(tx);
}

TEST(params_checked)
{
	struct ms_srtp_params p = { .suite = MS_SRTP_AEAD_AES_128_GCM };
	struct ms_srtp_ctx *ctx;
	u8 b[CAP];
	u32 len;

	p.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.flags = 0;
	p.kdr = 16;			/* AEAD derives once */
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.suite = MS_SRTP_AES128_CM_SHA1_80;
	p.kdr = 3;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.kdr = 1U << 25;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.kdr = 0;
	p.window = 63;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.window = 0;
	p.mki_len = 5;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.mki_len = 0;
	p.suite = 0;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	p.suite = MS_SRTP_NR_SUITES;
	EXPECT_EQ(-EINVAL, ms_srtp_ctx_create(&ctx, &p));
	/* no key: nothing is protected */
	p.suite = MS_SRTP_NULL_SHA1_80;
	ASSERT_EQ(0, ms_srtp_ctx_create(&ctx, &p));
	len = mk_rtp(b, 1, 1, 10);
	EXPECT_EQ(MS_SRTP_KEY_EXPIRED, ms_srtp_protect_rtp(ctx, b, &len, CAP));
	EXPECT_EQ(MS_SRTP_UNKNOWN_MKI, ms_srtp_unprotect_rtp(ctx, b, &len));
	ms_srtp_ctx_destroy(ctx);
}

TEST(repeat_tx)
{
	struct ms_srtp_ctx *tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0, 0);
	u8 b[CAP];
	u32 len;

	ASSERT_NE(NULL, tx);
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 9));
	EXPECT_EQ(MS_SRTP_REPLAY, tx_rtp(tx, b, &len, 1, 9));
	ms_srtp_ctx_destroy(tx);
	tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0,
		      MS_SRTP_F_ALLOW_REPEAT_TX);
	ASSERT_NE(NULL, tx);
	ASSERT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 9));
	EXPECT_EQ(MS_SRTP_OK, tx_rtp(tx, b, &len, 1, 9));
	ms_srtp_ctx_destroy(tx);
}

TEST(srtcp_index_exhausted)
{
	struct ms_srtp_ctx *tx = ctx_with(MS_SRTP_AES128_CM_SHA1_80, 0, 0, 0);
	u8 b[CAP];
	u32 len;

	ASSERT_NE(NULL, tx);
	ASSERT_EQ(0, ms_srtp_set_srtcp_index(tx, 1, 0x7fffffff));
	EXPECT_EQ(-EINVAL, ms_srtp_set_srtcp_index(tx, 1, 0x80000000));
	len = mk_rtcp(b, 1);
	EXPECT_EQ(MS_SRTP_OK, ms_srtp_protect_rtcp(tx, b, &len, CAP));
	len = mk_rtcp(b, 1);
	EXPECT_EQ(MS_SRTP_KEY_EXPIRED, ms_srtp_protect_rtcp(tx, b, &len, CAP));
	ms_srtp_ctx_destroy(tx);
}

TEST_HARNESS_MAIN
