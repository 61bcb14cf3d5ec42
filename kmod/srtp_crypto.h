/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The thin crypto glue under the SRTP engine.  Two implementations:
 * srtp_crypto_kernel.c (kernel crypto API) in the module and
 * userspace/lib/srtp_crypto_openssl.c (OpenSSL 3 libcrypto) natively.
 *
 * Every object is prepared once per session key (allocation, key schedule,
 * HMAC inner/outer state) and then used per packet without allocating.
 * An object is used by one caller at a time: the engine's caller
 * serialises packets per context.
 *
 * Buffers handed to the packet functions must be linear memory the
 * kernel can build a scatterlist over (no stack, no vmalloc).
 */
#ifndef _MS_SRTP_CRYPTO_H
#define _MS_SRTP_CRYPTO_H

#include "srtp_port.h"

#define MS_SRTP_GCM_TAG_LEN	16
#define MS_SRTP_SHA1_LEN	20

enum ms_srtp_cipher_kind {
	MS_SRTP_CIPHER_CTR,
	MS_SRTP_CIPHER_GCM,
};

struct ms_srtp_cipher;
struct ms_srtp_auth;
struct ms_srtp_prf;

/* Memory for engine objects: zeroed; freed after wiping @size bytes. */
void *ms_srtp_zalloc(size_t size);
void ms_srtp_free_sensitive(void *p, size_t size);

/* Wipe secrets so that the compiler cannot drop the stores. */
void ms_srtp_wipe(void *p, size_t len);

/* Constant-time inequality: 0 when equal, non-zero otherwise. */
int ms_srtp_memneq(const void *a, const void *b, size_t len);

/* AES-CTR (RFC 3711 AES-CM) or AES-GCM (RFC 7714), key of 16 or 32 bytes. */
int ms_srtp_cipher_alloc(struct ms_srtp_cipher **cp,
			 enum ms_srtp_cipher_kind kind,
			 const u8 *key, u32 key_len);
int ms_srtp_cipher_setkey(struct ms_srtp_cipher *c, const u8 *key,
			  u32 key_len);
void ms_srtp_cipher_free(struct ms_srtp_cipher *c);
const char *ms_srtp_cipher_driver(const struct ms_srtp_cipher *c);

/* XOR the AES-CTR keystream starting at counter block @iv into @buf. */
int ms_srtp_ctr_xor(struct ms_srtp_cipher *c, const u8 iv[16],
		    u8 *buf, u32 len);

/*
 * AES-GCM in place.  The associated data is @aad1 then @aad2 (either may
 * be empty); @buf holds @len bytes of plaintext or ciphertext; the 16-byte
 * tag is written to (seal) or read from (open) @tag.  Open returns
 * -EBADMSG when the tag does not verify, leaving @buf unspecified.
 */
int ms_srtp_gcm_seal(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, u8 *tag);
int ms_srtp_gcm_open(struct ms_srtp_cipher *c, const u8 iv[12],
		     const u8 *aad1, u32 aad1_len,
		     const u8 *aad2, u32 aad2_len,
		     u8 *buf, u32 len, const u8 *tag);

/* HMAC-SHA1 with the key's inner and outer states computed once. */
int ms_srtp_auth_alloc(struct ms_srtp_auth **ap, const u8 *key, u32 key_len);
int ms_srtp_auth_setkey(struct ms_srtp_auth *a, const u8 *key, u32 key_len);
void ms_srtp_auth_free(struct ms_srtp_auth *a);
const char *ms_srtp_auth_driver(const struct ms_srtp_auth *a);

/* HMAC-SHA1 over @d1 then @d2 (may be empty) into the 20 bytes at @out. */
int ms_srtp_hmac_sha1(struct ms_srtp_auth *a, const u8 *d1, u32 l1,
		      const u8 *d2, u32 l2, u8 *out);

/* Single AES blocks under a master key, for the key derivation PRF. */
int ms_srtp_prf_alloc(struct ms_srtp_prf **pp, const u8 *key, u32 key_len);
void ms_srtp_prf_free(struct ms_srtp_prf *p);
int ms_srtp_prf_block(struct ms_srtp_prf *p, const u8 in[16], u8 out[16]);

#ifndef MEDIASEC_NATIVE
/*
 * The kernel glue's shared state (per-CPU scratch, the SHA-1 transform),
 * before the first key and after the last; and its constant-time
 * fallback switched on for every cipher, for the self-test.
 */
int ms_srtp_crypto_init(void);
void ms_srtp_crypto_exit(void);
void ms_srtp_crypto_set_fallback(bool on);
#endif

#endif /* _MS_SRTP_CRYPTO_H */
