/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crypto drivers the SRTP engine runs on, per architecture
 * (srtp_crypto_pick.c).
 */
#ifndef _MS_SRTP_CRYPTO_PICK_H
#define _MS_SRTP_CRYPTO_PICK_H

#include <linux/types.h>

struct crypto_skcipher;
struct crypto_aead;
struct crypto_shash;

struct crypto_skcipher *ms_crypto_alloc_ctr(bool *fallback);
struct crypto_aead *ms_crypto_alloc_gcm(bool *fallback);
struct crypto_shash *ms_crypto_alloc_sha1(void);

#endif /* _MS_SRTP_CRYPTO_PICK_H */
