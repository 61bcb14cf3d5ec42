// SPDX-License-Identifier: GPL-2.0
/*
 * Which kernel crypto drivers the SRTP engine runs on, per architecture,
 * in one place.
 *
 * The rule: the packet path runs in softirq and cannot wait, so it needs a
 * synchronous transform; it should be SIMD.
 *
 * - x86: the SIMD drivers (AES-NI, VAES) are registered as internal,
 *   synchronous algorithms ("__ctr-aes-aesni", "__generic-gcm-aesni"...)
 *   behind asynchronous public wrappers that defer to cryptd when SIMD is
 *   not usable.  Take the internal one, and run the constant-time
 *   fallback of srtp_crypto_kernel.c whenever crypto_simd_usable() is
 *   false (*@fallback set).  6.11 renamed and added GCM drivers: the lists
 *   name each, best first; 6.1 has the last entry of each.
 * - everywhere else (arm64's ctr-aes-ce and gcm-aes-ce, ...): the best
 *   synchronous "ctr(aes)" / "gcm(aes)" is already the SIMD one and falls
 *   back by itself; take it as it is.
 *
 * Drivers are looked for among those loaded (CRYPTO_NOLOAD: asking for a
 * missing driver by name runs modprobe, a process per name); the module
 * soft-depends on aesni-intel, ghash-clmulni-intel and sha1-ssse3, and
 * asks once for "crypto-aes" when none is loaded.
 */
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/kmod.h>

#include "srtp_crypto_pick.h"

#ifdef CONFIG_X86
static const char * const ms_simd_ctr[] = {
	"__ctr-aes-aesni",
};

static const char * const ms_simd_gcm[] = {
	"__generic-gcm-vaes-avx10_512",
	"__generic-gcm-vaes-avx10_256",
	"__generic-gcm-aesni-avx",
	"__generic-gcm-aesni",
};

static bool ms_simd_loaded;	/* request_module() done */

static bool ms_has_internal(bool ctr, const char *name)
{
	u32 type = ctr ? CRYPTO_ALG_TYPE_SKCIPHER : CRYPTO_ALG_TYPE_AEAD;

	return crypto_has_alg(name, type | CRYPTO_ALG_INTERNAL,
			      CRYPTO_ALG_TYPE_MASK | CRYPTO_ALG_INTERNAL |
			      CRYPTO_ALG_ASYNC | CRYPTO_NOLOAD);
}

/* The internal SIMD driver's name, or NULL for none. */
static const char *ms_simd_name(bool ctr)
{
	const char * const *names = ctr ? ms_simd_ctr : ms_simd_gcm;
	int n = ctr ? ARRAY_SIZE(ms_simd_ctr) : ARRAY_SIZE(ms_simd_gcm);
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++)
			if (ms_has_internal(ctr, names[i]))
				return names[i];
		/* aesni-intel has no alias of its own; it answers to "aes". */
		if (xchg(&ms_simd_loaded, true))
			break;
		request_module("crypto-aes");
	}
	return NULL;
}
#endif

static struct crypto_skcipher *ms_sync_ctr(void)
{
	return crypto_alloc_skcipher("ctr(aes)", 0, CRYPTO_ALG_ASYNC);
}

static struct crypto_aead *ms_sync_gcm(void)
{
	return crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
}

/**
 * ms_crypto_alloc_ctr() - a synchronous AES-CTR transform for a session key
 * @fallback: set when the transform must not run without SIMD
 *
 * Return: the transform or an ERR_PTR().
 */
struct crypto_skcipher *ms_crypto_alloc_ctr(bool *fallback)
{
#ifdef CONFIG_X86
	const char *name = ms_simd_name(true);

	*fallback = name;
	if (name)
		return crypto_alloc_skcipher(name, CRYPTO_ALG_INTERNAL,
					     CRYPTO_ALG_INTERNAL |
					     CRYPTO_ALG_ASYNC);
#else
	*fallback = false;
#endif
	return ms_sync_ctr();
}

/**
 * ms_crypto_alloc_gcm() - a synchronous AES-GCM transform for a session key
 * @fallback: set when the transform must not run without SIMD
 *
 * Return: the transform or an ERR_PTR().
 */
struct crypto_aead *ms_crypto_alloc_gcm(bool *fallback)
{
#ifdef CONFIG_X86
	const char *name = ms_simd_name(false);

	*fallback = name;
	if (name)
		return crypto_alloc_aead(name, CRYPTO_ALG_INTERNAL,
					 CRYPTO_ALG_INTERNAL |
					 CRYPTO_ALG_ASYNC);
#else
	*fallback = false;
#endif
	return ms_sync_gcm();
}

/**
 * ms_crypto_alloc_sha1() - the SHA-1 every HMAC of the module runs on
 *
 * The highest priority synchronous "sha1": on x86 sha1-ni, -avx2, -avx or
 * -ssse3 (each falls back to the generic code when SIMD is not usable).
 * Asking for "sha1-ssse3" first loads sha1_ssse3 if it is not.
 *
 * Return: the transform or an ERR_PTR().
 */
struct crypto_shash *ms_crypto_alloc_sha1(void)
{
#ifdef CONFIG_X86
	crypto_has_shash("sha1-ssse3", 0, 0);
#endif
	return crypto_alloc_shash("sha1", 0, CRYPTO_ALG_ASYNC);
}
