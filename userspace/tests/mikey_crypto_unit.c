// SPDX-License-Identifier: GPL-2.0
/*
 * MIKEY's cryptography (userspace/lib/mikey_crypto.c) against OpenSSL
 * used another way: the PRF (RFC 3830 4.1.2, RFC 6043 6.1) against
 * OpenSSL's TLS1-PRF KDF, whose P_hash is the same P function (P_SHA1 and
 * P_SHA256 with the label as the seed), including an inkey longer than
 * 256 bits (the XOR of the pieces' outputs); the labels byte by byte from
 * the clauses; KEMAC AES-CM against EVP AES-CTR with the IV of RFC 3830
 * 4.2.3 computed here; MACs checked, and refused with a bit flipped.
 */
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "kselftest_harness.h"
#include "mikey_crypto.h"

/* OpenSSL's TLS1-PRF: P_<digest>(secret, seed) of @len bytes. */
static int tls1_prf(const char *digest, const uint8_t *secret, size_t slen,
		    const uint8_t *seed, size_t seedlen, uint8_t *out,
		    size_t len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 (char *)digest, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
						  (void *)secret, slen),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED,
						  (void *)seed, seedlen),
		OSSL_PARAM_construct_end(),
	};
	int ret = ctx && EVP_KDF_derive(ctx, out, len, p) == 1 ? 0 : -1;

	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ret;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

TEST(prf_is_p_hash_of_tls1_prf)
{
	static const size_t outs[] = { 16, 20, 30, 32, 64, 100 };
	static const struct { uint8_t prf; const char *digest; } prfs[] = {
		{ MIKEY_PRF_MIKEY_1, "SHA1" },
		{ MIKEY_PRF_HMAC_SHA256, "SHA256" },
	};
	uint8_t key[48], label[41], ours[100], theirs[100], second[100];
	unsigned int i, j;
	size_t k;

	fill(key, sizeof(key), 0x11);
	fill(label, sizeof(label), 0x2a);
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 6; j++) {
			/* inkeys of 16 and 32 bytes: one piece */
			ASSERT_EQ(0, mikey_prf(prfs[i].prf, key, 16, label,
					       sizeof(label), ours, outs[j]));
			ASSERT_EQ(0, tls1_prf(prfs[i].digest, key, 16, label,
					      sizeof(label), theirs, outs[j]));
			EXPECT_EQ(0, memcmp(ours, theirs, outs[j]))
				TH_LOG("%s, %zu bytes", prfs[i].digest, outs[j]);
			ASSERT_EQ(0, mikey_prf(prfs[i].prf, key, 32, label,
					       sizeof(label), ours, outs[j]));
			ASSERT_EQ(0, tls1_prf(prfs[i].digest, key, 32, label,
					      sizeof(label), theirs, outs[j]));
			EXPECT_EQ(0, memcmp(ours, theirs, outs[j]));
			/* 48 bytes: pieces of 32 and 16, outputs XORed */
			ASSERT_EQ(0, mikey_prf(prfs[i].prf, key, 48, label,
					       sizeof(label), ours, outs[j]));
			ASSERT_EQ(0, tls1_prf(prfs[i].digest, key + 32, 16,
					      label, sizeof(label), second,
					      outs[j]));
			for (k = 0; k < outs[j]; k++)
				theirs[k] ^= second[k];
			EXPECT_EQ(0, memcmp(ours, theirs, outs[j]));
		}
	}
	EXPECT_EQ(-EINVAL, mikey_prf(7, key, 16, label, 4, ours, 16));
	EXPECT_EQ(-EINVAL, mikey_prf(0, key, 0, label, 4, ours, 16));
}

TEST(labels_byte_by_byte)
{
	static const uint8_t ri[4] = { 0xa1, 0xa2, 0xa3, 0xa4 };
	static const uint8_t rr[2] = { 0xb1, 0xb2 };
	static const uint8_t id[3] = { 'b', '@', 'x' };
	struct mikey_bytes randri = { ri, 4 }, randrr = { rr, 2 },
			   none = { NULL, 0 }, idd = { id, 3 };
	/* RFC 6043 5.1.2, a response: constant 0xFF CSB 0x02 4 ri 2 rr */
	static const uint8_t msg[] = {
		0x2d, 0x22, 0xac, 0x75, 0xff, 0xca, 0xfe, 0x00, 0x01, 0x02,
		4, 0xa1, 0xa2, 0xa3, 0xa4, 2, 0xb1, 0xb2,
	};
	/* RFC 6043 5.1.3: constant CS 0xFFFFFFFF 0x03 4 ri 0 */
	static const uint8_t tgk[] = {
		0x2a, 0xd0, 0x1c, 0x64, 0x02, 0xff, 0xff, 0xff, 0xff, 0x03,
		4, 0xa1, 0xa2, 0xa3, 0xa4, 0,
	};
	/* RFC 6043 5.1.1: constant 0xFF 0xFFFFFFFF 0x00 0 3 id 2 rr */
	static const uint8_t fork[] = {
		0x2b, 0x28, 0x88, 0x56, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
		0, 3, 'b', '@', 'x', 2, 0xb1, 0xb2,
	};
	/* RFC 6043 A.2.2: constant 0xFF 0xFFFFFFFF 0x06 4 RAND */
	static const uint8_t mpk[] = {
		0x22, 0x0e, 0x99, 0xa2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x06,
		4, 0xa1, 0xa2, 0xa3, 0xa4,
	};
	/* RFC 3830 4.1.3: constant CS CSB RAND; 4.1.4: constant 0xFF ... */
	static const uint8_t r3830[] = {
		0x39, 0xa2, 0xc1, 0x4b, 0x01, 0xca, 0xfe, 0x00, 0x01,
		0xa1, 0xa2, 0xa3, 0xa4,
	};
	uint8_t out[64];

	ASSERT_EQ(sizeof(msg), mikey_label_msg(out, MIKEY_C_AUTH, 0xcafe0001,
					       true, &randri, &randrr));
	EXPECT_EQ(0, memcmp(out, msg, sizeof(msg)));
	ASSERT_EQ(sizeof(tgk), mikey_label_tgk(out, MIKEY_C_TEK, 2, &randri,
					       &none));
	EXPECT_EQ(0, memcmp(out, tgk, sizeof(tgk)));
	ASSERT_EQ(sizeof(fork), mikey_label_fork(out, MIKEY_C_FORK_MPKR, &idd,
						 &randrr));
	EXPECT_EQ(0, memcmp(out, fork, sizeof(fork)));
	ASSERT_EQ(sizeof(mpk), mikey_label_ticket(out, MIKEY_C_MPKI, 0x06,
						  &randri));
	EXPECT_EQ(0, memcmp(out, mpk, sizeof(mpk)));
	ASSERT_EQ(sizeof(r3830), mikey_label_3830(out, MIKEY_C_TGK_SALT, 1,
						  0xcafe0001, &randri));
	EXPECT_EQ(0, memcmp(out, r3830, sizeof(r3830)));
	ASSERT_EQ(sizeof(r3830), mikey_label_3830(out, MIKEY_C_SALT, -1,
						  0xcafe0001, &randri));
	EXPECT_EQ(0xff, out[4]);
}

/* EVP AES-CTR, the IV made here from RFC 3830 4.2.3. */
static void ctr(const EVP_CIPHER *c, const uint8_t *key, const uint8_t *salt,
		uint32_t csb, const uint8_t *t, const uint8_t *in, uint8_t *out,
		int len)
{
	uint8_t iv[16] = { 0 };
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int n, i;

	memcpy(iv, salt, 14);
	iv[2] ^= (uint8_t)(csb >> 24);
	iv[3] ^= (uint8_t)(csb >> 16);
	iv[4] ^= (uint8_t)(csb >> 8);
	iv[5] ^= (uint8_t)csb;
	for (i = 0; i < 8; i++)
		iv[6 + i] ^= t[i];
	EVP_EncryptInit_ex(x, c, NULL, key, iv);
	EVP_EncryptUpdate(x, out, &n, in, len);
	EVP_CIPHER_CTX_free(x);
}

TEST(kemac_aes_cm_is_aes_ctr_with_the_rfc_iv)
{
	uint8_t key[32], salt[14], t[8], in[100], ours[100], theirs[100];

	fill(key, sizeof(key), 1);
	fill(salt, sizeof(salt), 2);
	fill(t, sizeof(t), 3);
	fill(in, sizeof(in), 4);
	ASSERT_EQ(0, mikey_aes_cm(MIKEY_ENCR_AES_CM_128, key, salt, 0xdeadbeef,
				  t, in, ours, sizeof(in)));
	ctr(EVP_aes_128_ctr(), key, salt, 0xdeadbeef, t, in, theirs, 100);
	EXPECT_EQ(0, memcmp(ours, theirs, sizeof(in)));
	ASSERT_EQ(0, mikey_aes_cm(MIKEY_ENCR_AES_CM_256, key, salt, 0xdeadbeef,
				  t, in, ours, sizeof(in)));
	ctr(EVP_aes_256_ctr(), key, salt, 0xdeadbeef, t, in, theirs, 100);
	EXPECT_EQ(0, memcmp(ours, theirs, sizeof(in)));
	/* decrypting is encrypting again */
	ASSERT_EQ(0, mikey_aes_cm(MIKEY_ENCR_AES_CM_256, key, salt, 0xdeadbeef,
				  t, ours, theirs, sizeof(in)));
	EXPECT_EQ(0, memcmp(in, theirs, sizeof(in)));
	EXPECT_EQ(-EINVAL, mikey_aes_cm(MIKEY_ENCR_AES_KW_128, key, salt, 0,
					t, in, ours, 16));
}

TEST(timestamps_as_64_bits)
{
	static const uint8_t v4[4] = { 1, 2, 3, 4 };
	struct mikey_pl t = { .kind = MIKEY_TS_COUNTER, .data = { v4, 4 } };
	static const uint8_t counter[8] = { 0, 0, 0, 0, 1, 2, 3, 4 };
	static const uint8_t ntp32[8] = { 1, 2, 3, 4, 0, 0, 0, 0 };
	uint8_t t64[8];

	ASSERT_EQ(0, mikey_t64(&t, t64));
	EXPECT_EQ(0, memcmp(t64, counter, 8));
	t.kind = MIKEY_TS_NTP_UTC_32;
	ASSERT_EQ(0, mikey_t64(&t, t64));
	EXPECT_EQ(0, memcmp(t64, ntp32, 8));
	t.kind = MIKEY_TS_NTP;
	EXPECT_EQ(-EINVAL, mikey_t64(&t, t64));
}

TEST(macs_checked_in_full)
{
	static const uint8_t key[20] = { 9 };
	const struct mikey_bytes parts[2] = {
		{ (const uint8_t *)"the message", 11 },
		{ (const uint8_t *)"sip:a@x", 7 },
	};
	const struct mikey_bytes whole = { (const uint8_t *)"the messagesip:a@x",
					   18 };
	uint8_t mac[32], one[32];
	struct mikey_bytes m = { mac, 20 };

	ASSERT_EQ(0, mikey_mac(MIKEY_MAC_HMAC_SHA1_160, key, 20, parts, 2,
			       mac));
	ASSERT_EQ(0, mikey_mac(MIKEY_MAC_HMAC_SHA1_160, key, 20, &whole, 1,
			       one));
	EXPECT_EQ(0, memcmp(mac, one, 20));	/* parts in turn */
	EXPECT_EQ(0, mikey_mac_check(MIKEY_MAC_HMAC_SHA1_160, key, 20, parts,
				     2, &m));
	mac[19] ^= 1;
	EXPECT_EQ(-EBADMSG, mikey_mac_check(MIKEY_MAC_HMAC_SHA1_160, key, 20,
					    parts, 2, &m));
	m.len = 19;
	EXPECT_EQ(-EINVAL, mikey_mac_check(MIKEY_MAC_HMAC_SHA1_160, key, 20,
					   parts, 2, &m));
	ASSERT_EQ(0, mikey_mac(MIKEY_MAC_HMAC_SHA256_256, key, 20, parts, 2,
			       mac));
	m.len = 32;
	EXPECT_EQ(0, mikey_mac_check(MIKEY_MAC_HMAC_SHA256_256, key, 20, parts,
				     2, &m));
	m.len = 0;
	EXPECT_EQ(-EINVAL, mikey_mac_check(MIKEY_MAC_NULL, key, 20, parts, 2,
					   &m));
}

TEST_HARNESS_MAIN
