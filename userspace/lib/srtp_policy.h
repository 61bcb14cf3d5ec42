/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our SRTP suites as libsrtp2 crypto policies, in one place for every
 * userspace program that talks to libsrtp2 (the interop test, the engine
 * benchmark, the test endpoint, the benchmark relay).  Indexed by
 * enum mediasec_suite (the same numbering as the engine's enum
 * ms_srtp_suite); names are the CLI's (RFC 4568 / RFC 6188 / RFC 7714).
 */
#ifndef MEDIASEC_SRTP_POLICY_H
#define MEDIASEC_SRTP_POLICY_H

#include <string.h>
#include <srtp2/srtp.h>
#include <linux/mediasec.h>

static inline void ms_policy_null_sha1_32(srtp_crypto_policy_t *p)
{
	srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p);
	p->auth_tag_len = 4;
}

struct ms_srtp_policy {
	const char *name;
	void (*rtp)(srtp_crypto_policy_t *p);
	void (*rtcp)(srtp_crypto_policy_t *p);
};

static const struct ms_srtp_policy ms_srtp_policies[] = {
	[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80] = {
		"AES_CM_128_HMAC_SHA1_80",
		srtp_crypto_policy_set_rtp_default,
		srtp_crypto_policy_set_rtcp_default },
	[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32] = {
		"AES_CM_128_HMAC_SHA1_32",
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32,
		srtp_crypto_policy_set_rtcp_default },
	[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80] = {
		"AES_256_CM_HMAC_SHA1_80",
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80,
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32] = {
		"AES_256_CM_HMAC_SHA1_32",
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32,
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	[MEDIASEC_SUITE_AEAD_AES_128_GCM] = {
		"AEAD_AES_128_GCM",
		srtp_crypto_policy_set_aes_gcm_128_16_auth,
		srtp_crypto_policy_set_aes_gcm_128_16_auth },
	[MEDIASEC_SUITE_AEAD_AES_256_GCM] = {
		"AEAD_AES_256_GCM",
		srtp_crypto_policy_set_aes_gcm_256_16_auth,
		srtp_crypto_policy_set_aes_gcm_256_16_auth },
	[MEDIASEC_SUITE_NULL_HMAC_SHA1_80] = {
		"NULL_HMAC_SHA1_80",
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80,
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
	[MEDIASEC_SUITE_NULL_HMAC_SHA1_32] = {
		"NULL_HMAC_SHA1_32",
		ms_policy_null_sha1_32,
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
};

/* The policy of @suite (enum mediasec_suite), or NULL. */
static inline const struct ms_srtp_policy *ms_srtp_policy(unsigned int suite)
{
	if (suite == MEDIASEC_SUITE_UNSPEC || suite > MEDIASEC_SUITE_MAX)
		return NULL;
	return &ms_srtp_policies[suite];
}

/* The suite (enum mediasec_suite) called @name, or 0. */
static inline unsigned int ms_srtp_policy_find(const char *name)
{
	unsigned int s;

	for (s = 1; s <= MEDIASEC_SUITE_MAX; s++)
		if (!strcmp(ms_srtp_policies[s].name, name))
			return s;
	return 0;
}

#endif /* MEDIASEC_SRTP_POLICY_H */
