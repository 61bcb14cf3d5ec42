// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests of the SRTP engine, byte-exact against RFC 3711
 * Appendix B.2/B.3, RFC 6188 section 7 and RFC 7714 sections 16-17
 * (selftests/srtp_vectors.h).
 */
#include "srtp_test.h"
#include "srtp_priv.h"
#include "srtp_crypto.h"
#include "srtp_vectors.h"
#include "kselftest_harness.h"

TEST(kdf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ms_srtp_kdf_vectors); i++) {
		const struct ms_srtp_kdf_vector *v = &ms_srtp_kdf_vectors[i];
		u8 key[32], salt[14], want[128], got[128];
		struct ms_srtp_prf *prf;
		int kl, sl, wl;

		kl = ms_unhex(v->master_key, key, sizeof(key));
		sl = ms_unhex(v->master_salt, salt, sizeof(salt));
		wl = ms_unhex(v->out, want, sizeof(want));
		ASSERT_TRUE(kl > 0 && sl == 14 && wl > 0);
		ASSERT_EQ(0, ms_srtp_prf_alloc(&prf, key, kl));
		ASSERT_EQ(0, ms_srtp_kdf(prf, salt, v->label, 0, got, wl));
		ms_srtp_prf_free(prf);
		if (memcmp(got, want, wl)) {
			ms_hexdump("got", got, wl);
			ms_hexdump("want", want, wl);
		}
		EXPECT_EQ(0, memcmp(got, want, wl)) {
			TH_LOG("%s", v->name);
		}
	}
}

/* The same B.3 / 6188 keys through a whole context: session keys match. */
TEST(kdf_in_context)
{
	static const struct {
		int suite;
		int kdf_first;
	} cases[] = {
		{ MS_SRTP_AES128_CM_SHA1_80, 0 },
		{ MS_SRTP_AES256_CM_SHA1_80, 3 },
	};
	size_t c;

	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		const struct ms_srtp_kdf_vector *v =
			&ms_srtp_kdf_vectors[cases[c].kdf_first];
		struct ms_srtp_params p = { .suite = cases[c].suite };
		u8 key[32], salt[14], want[32];
		struct ms_srtp_ctx *ctx;
		int kl, wl;

		kl = ms_unhex(v->master_key, key, sizeof(key));
		ms_unhex(v->master_salt, salt, sizeof(salt));
		ASSERT_TRUE(kl > 0);
		ctx = ms_test_ctx(&p, key, salt, 0);
		ASSERT_NE(NULL, ctx);
		/* Session salt (label 2) is kept in the clear in the key. */
		wl = ms_unhex(v[1].out, want, sizeof(want));
		EXPECT_EQ(0, memcmp(ctx->keys[ctx->tx].rtp.salt, want, wl));
		ms_srtp_ctx_destroy(ctx);
	}
}

TEST(keystream)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ms_srtp_keystream_vectors); i++) {
		const struct ms_srtp_keystream_vector *v =
			&ms_srtp_keystream_vectors[i];
		struct ms_srtp_params p = {
			.suite = v->suite,
			.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP,
		};
		u8 key[32], salt[14], ks[64], zero[32] = { 0 };
		u32 len = 12 + v->payload_len, cap = len + 32;
		struct ms_srtp_ctx *ctx;
		int kl, kls;
		u8 *pkt;

		kl = ms_unhex(v->key, key, sizeof(key));
		ASSERT_EQ(14, ms_unhex(v->salt, salt, sizeof(salt)));
		kls = ms_unhex(v->ks, ks, sizeof(ks));
		ASSERT_TRUE(kl > 0 && kls > 0);
		ctx = ms_test_ctx(&p, key, salt, 0);
		ASSERT_NE(NULL, ctx);
		ASSERT_EQ(0, ms_srtp_set_session_keys(ctx, false, key, salt,
						      zero));
		pkt = calloc(1, cap);
		ASSERT_NE(NULL, pkt);
		pkt[0] = 0x80;	/* V=2, seq 0, SSRC 0: index 0 */
		ASSERT_EQ(MS_SRTP_OK, (int)ms_srtp_protect_rtp(ctx, pkt, &len,
							  cap));
		ASSERT_EQ(12 + v->payload_len, len);
		EXPECT_EQ(0, memcmp(pkt + 12 + v->offset, ks, kls)) {
			TH_LOG("%s", v->name);
			ms_hexdump("got", pkt + 12 + v->offset, kls);
		}
		free(pkt);
		ms_srtp_ctx_destroy(ctx);
	}
}

static void ms_kat_packet(struct __test_metadata *_metadata,
			  const struct ms_srtp_packet_vector *v)
{
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(v->suite);
	struct ms_srtp_params p = { .suite = v->suite, .flags = v->flags };
	u8 key[32], salt[14] = { 0 }, plain[256], prot[256], buf[300];
	u8 zero[20] = { 0 };
	struct ms_srtp_ctx *tx, *rx;
	int r;
	int pl, xl;
	u32 len;
	bool rtcp = v->type == MS_SRTP_VEC_RTCP;
	u32 ssrc;

	ASSERT_EQ(si->key_len, ms_unhex(v->key, key, sizeof(key)));
	ASSERT_EQ(si->salt_len, ms_unhex(v->salt, salt, sizeof(salt)));
	pl = ms_unhex(v->plain, plain, sizeof(plain));
	xl = ms_unhex(v->protected, prot, sizeof(prot));
	ASSERT_TRUE(pl > 0 && xl > pl);

	tx = ms_test_ctx(&p, key, salt, 0);
	rx = ms_test_ctx(&p, key, salt, 0);
	ASSERT_TRUE(tx && rx);
	if (v->session) {
		ASSERT_EQ(0, ms_srtp_set_session_keys(tx, rtcp, key, salt,
						      zero));
		ASSERT_EQ(0, ms_srtp_set_session_keys(rx, rtcp, key, salt,
						      zero));
	}
	ssrc = ms_get_be32(plain + (rtcp ? 4 : 8));
	if (rtcp)
		ASSERT_EQ(0, ms_srtp_set_srtcp_index(tx, ssrc, v->rtcp_index));

	/* protect: byte-exact */
	memcpy(buf, plain, pl);
	len = pl;
	r = rtcp ? ms_srtp_protect_rtcp(tx, buf, &len, sizeof(buf)) :
		   ms_srtp_protect_rtp(tx, buf, &len, sizeof(buf));
	ASSERT_EQ(MS_SRTP_OK, r);
	ASSERT_EQ((u32)xl, len);
	if (memcmp(buf, prot, xl)) {
		ms_hexdump("got", buf, xl);
		ms_hexdump("want", prot, xl);
	}
	EXPECT_EQ(0, memcmp(buf, prot, xl));

	/* unprotect: back to the plaintext */
	memcpy(buf, prot, xl);
	len = xl;
	r = rtcp ? ms_srtp_unprotect_rtcp(rx, buf, &len) :
		   ms_srtp_unprotect_rtp(rx, buf, &len);
	ASSERT_EQ(MS_SRTP_OK, r);
	ASSERT_EQ((u32)pl, len);
	EXPECT_EQ(0, memcmp(buf, plain, pl));

	/* the same packet again is a replay */
	memcpy(buf, prot, xl);
	len = xl;
	r = rtcp ? ms_srtp_unprotect_rtcp(rx, buf, &len) :
		   ms_srtp_unprotect_rtp(rx, buf, &len);
	EXPECT_EQ(MS_SRTP_REPLAY, r);

	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
}

FIXTURE(packet) {
};

FIXTURE_VARIANT(packet) {
	int idx;
};

FIXTURE_SETUP(packet)
{
}

FIXTURE_TEARDOWN(packet)
{
}

FIXTURE_VARIANT_ADD(packet, libsrtp_aes_cm_128_80) { .idx = 0 };
FIXTURE_VARIANT_ADD(packet, rfc7714_16_1_rtp_gcm128) { .idx = 1 };
FIXTURE_VARIANT_ADD(packet, rfc7714_17_1_rtp_gcm256) { .idx = 2 };
FIXTURE_VARIANT_ADD(packet, rfc7714_16_2_rtcp_gcm128) { .idx = 3 };
FIXTURE_VARIANT_ADD(packet, rfc7714_16_2_rtcp_gcm128_unenc) { .idx = 4 };
FIXTURE_VARIANT_ADD(packet, rfc7714_17_2_rtcp_gcm256) { .idx = 5 };
FIXTURE_VARIANT_ADD(packet, rfc7714_17_2_rtcp_gcm256_unenc) { .idx = 6 };

TEST_F(packet, protect_unprotect)
{
	ASSERT_LT((size_t)variant->idx, ARRAY_SIZE(ms_srtp_packet_vectors));
	TH_LOG("%s", ms_srtp_packet_vectors[variant->idx].name);
	ms_kat_packet(_metadata, &ms_srtp_packet_vectors[variant->idx]);
}

TEST_HARNESS_MAIN
