/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SDES: the RFC 4568 "a=crypto" attribute of SDP, as the H.248 media
 * gateway reads it from a Remote descriptor and writes it into its Local
 * one.  Suites are those of srtp_policy.h (enum mediasec_suite); the key
 * material is held decoded in struct sdes_crypto, which the caller wipes
 * with sdes_wipe() (or sdp_free() for a whole SDP).  Nothing here logs.
 *
 * Return codes: 0; -EINVAL for a syntax error (H.248 400); -EOPNOTSUPP for
 * a valid attribute this gateway cannot use, e.g. an unknown suite, key
 * method or session parameter (H.248 449/501); -ENOSPC for a full buffer.
 */
#ifndef MEDIASEC_SDES_H
#define MEDIASEC_SDES_H

#include <stddef.h>
#include <stdint.h>

#define SDES_MAX_KEYS	4	/* key-params per a=crypto line */
#define SDES_MAT_MAX	46	/* AES_256_CM key (32) || salt (14) */
#define SDES_LIFE_MAX	(1ULL << 48)	/* RFC 3711 SRTP limit */
#define SDES_MKI_MAX	4	/* MKI length in bytes */
#define SDES_LINE_MAX	1024

/* struct sdes_crypto.flags */
#define SDES_UNENCRYPTED_SRTP		0x01
#define SDES_UNENCRYPTED_SRTCP		0x02
#define SDES_UNAUTHENTICATED_SRTP	0x04
#define SDES_HAS_KDR			0x08
#define SDES_HAS_WSH			0x10
#define SDES_FEC_SRTP_FEC		0x20	/* FEC_ORDER=SRTP_FEC */
#define SDES_FEC_FEC_SRTP		0x40	/* FEC_ORDER=FEC_SRTP */
#define SDES_HAS_FEC_KEY		0x80	/* validated, then wiped */

/*
 * struct sdes_crypto choose: fields written "$", left to the gateway to
 * choose (H.248.1 7.1.8 CHOOSE in a Local descriptor; H.248.77 7.2
 * wildcarding of SRTP parameters).  Never in a Remote (the gateway
 * refuses it there).
 */
#define SDES_CHOOSE_TAG		0x01
#define SDES_CHOOSE_SUITE	0x02
#define SDES_CHOOSE_KEY		0x04	/* "$" or "inline:$": no @keys */

/**
 * struct sdes_key - one inline key-param
 * @mat: master key followed by master salt
 * @mat_len: bytes in @mat, the suite's key plus salt length
 * @lifetime: master key lifetime in packets, 0 if not given
 * @mki: MKI value
 * @mki_len: MKI length in bytes (1..4), 0 if no MKI
 */
struct sdes_key {
	uint8_t mat[SDES_MAT_MAX];
	uint8_t mat_len;
	uint8_t mki_len;
	uint32_t mki;
	uint64_t lifetime;
};

/**
 * struct sdes_crypto - one a=crypto attribute
 * @tag: 1..999999999
 * @suite: enum mediasec_suite
 * @flags: SDES_* session parameters
 * @kdr: key derivation rate exponent (0..24) if SDES_HAS_KDR
 * @wsh: SRTP replay window size (>= 64) if SDES_HAS_WSH
 * @nkeys: number of @keys
 * @keys: the inline keys
 * @unsupported: set by sdp_parse() on an attribute it kept but cannot
 *	use (reason; @keys are then empty), NULL otherwise
 * @choose: SDES_CHOOSE_* fields written "$" (@tag, @suite 0, no @keys);
 *	encoded back as "$" (sdes_encode())
 */
struct sdes_crypto {
	uint32_t tag;
	unsigned int suite;
	unsigned int flags;
	uint8_t kdr;
	uint32_t wsh;
	unsigned int nkeys;
	struct sdes_key keys[SDES_MAX_KEYS];
	const char *unsupported;
	unsigned int choose;
};

/**
 * sdes_suite_lengths() - key and salt lengths of a suite
 * @suite: enum mediasec_suite
 * @key_len: master key length out
 * @salt_len: master salt length out
 *
 * Return: 0, or -EOPNOTSUPP for a suite srtp_policy.h does not know.
 */
int sdes_suite_lengths(unsigned int suite, unsigned int *key_len,
		       unsigned int *salt_len);

/**
 * sdes_parse() - parse the value of an a=crypto attribute
 * @c: result; wiped on error
 * @value: NUL-terminated text after "a=crypto:", no line end
 * @err: a constant message for the error (never key material)
 *
 * Return: 0, -EINVAL (syntax) or -EOPNOTSUPP (unsupported suite, key
 * method, MKI length or session parameter).
 */
int sdes_parse(struct sdes_crypto *c, const char *value, const char **err);

/**
 * sdes_encode() - write the value of an a=crypto attribute
 * @c: tag, suite, flags and keys to write (lifetimes that are powers of
 *	two as "2^n")
 * @buf: output, NUL-terminated; holds key material, the caller wipes it
 * @cap: size of @buf
 *
 * Return: the length written (without the NUL), -EINVAL for a @c that
 * sdes_parse() would refuse, or -ENOSPC (then @buf is wiped).
 */
int sdes_encode(const struct sdes_crypto *c, char *buf, size_t cap);

/**
 * sdes_wipe() - erase an attribute and its key material
 * @c: the attribute
 */
void sdes_wipe(struct sdes_crypto *c);

#endif /* MEDIASEC_SDES_H */
