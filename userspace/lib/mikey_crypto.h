/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MIKEY's cryptography (mikey_crypto.c, over OpenSSL libcrypto): the PRF
 * and the labels of the key derivations, the KEMAC's AES-CM, and the MACs
 * of KEMAC and V.  Keys are the caller's; what is derived here is wiped
 * on failure, and the caller wipes it after use.
 */
#ifndef _MS_MIKEY_CRYPTO_H
#define _MS_MIKEY_CRYPTO_H

#include "mikey.h"

/* Derivation constants (RFC 3830 4.1.3, 4.1.4; RFC 6043 5.1.1, A.2.2) */
#define MIKEY_C_TEK		0x2AD01C64U	/* from a TGK: the TEK */
#define MIKEY_C_TGK_AUTH	0x1B5C7973U
#define MIKEY_C_TGK_ENCR	0x15798CEFU
#define MIKEY_C_TGK_SALT	0x39A2C14BU	/* from a TGK: the salt */
#define MIKEY_C_ENCR		0x150533E1U	/* message keys: encr_key */
#define MIKEY_C_AUTH		0x2D22AC75U	/* auth_key */
#define MIKEY_C_SALT		0x29B88916U	/* salt_key */
#define MIKEY_C_FORK_MPKR	0x2B288856U	/* MPKr' */
#define MIKEY_C_FORK_TGK	0x1512B54AU	/* TGK' */
#define MIKEY_C_MPKI		0x220E99A2U
#define MIKEY_C_MPKR		0x1F4D675BU

/*
 * The longest label of RFC 3830 4.1.3/4.1.4, RFC 6043 5.1.2, 5.1.3 and
 * A.2 (constant, one byte, four bytes, one byte, two RANDs of up to 255
 * bytes with their lengths): what a label buffer for them holds.  The
 * forking label (5.1.1) carries an ID as well: its buffer is the caller's
 * to size (MIKEY_LABEL_RAND_MAX + 2 + the ID's length).
 */
#define MIKEY_LABEL_RAND_MAX	(4 + 1 + 4 + 1 + 2 * (1 + 255))

/*
 * PRF(inkey, label) of RFC 3830 4.1.2 (@prf MIKEY_PRF_MIKEY_1: P with
 * HMAC-SHA-1) or RFC 6043 6.1 (MIKEY_PRF_HMAC_SHA256): @out_len bytes.
 * 0, or -errno (@out wiped).
 */
int mikey_prf(uint8_t prf, const uint8_t *inkey, size_t inkey_len,
	      const uint8_t *label, size_t label_len, uint8_t *out,
	      size_t out_len);

/*
 * Labels into @out (room for the RAND and ID given), returning their
 * length:
 * - RFC 3830 4.1.3 (@cs_id >= 0: constant || CS ID || CSB ID || RAND)
 *   and 4.1.4 (@cs_id < 0: constant || 0xFF || CSB ID || RAND);
 * - RFC 6043 5.1.2, keys of MIKEY-TICKET messages: constant || 0xFF ||
 *   CSB ID || 0x01 (initial) or 0x02 (response) || len || RANDRi || len
 *   || RANDRr (a RAND not used: length 0);
 * - RFC 6043 5.1.3, keys from a TGK or GTGK: constant || CS ID ||
 *   0xFFFFFFFF || 0x03 || len || RANDRi || len || RANDRr;
 * - RFC 6043 5.1.1, key forking: constant || 0xFF || 0xFFFFFFFF || 0x00
 *   || 16-bit length || IDRr's ID Data || len || RANDRkms;
 * - RFC 6043 A.2.1 (@which 0x05, from the TPK) and A.2.2 (0x06, MPKi and
 *   MPKr from the MPK): constant || 0xFF || 0xFFFFFFFF || @which || len
 *   || RAND.
 */
size_t mikey_label_3830(uint8_t *out, uint32_t constant, int cs_id,
			uint32_t csb_id, const struct mikey_bytes *rand);
size_t mikey_label_msg(uint8_t *out, uint32_t constant, uint32_t csb_id,
		       bool response, const struct mikey_bytes *randri,
		       const struct mikey_bytes *randrr);
size_t mikey_label_tgk(uint8_t *out, uint32_t constant, uint8_t cs_id,
		       const struct mikey_bytes *randri,
		       const struct mikey_bytes *randrr);
size_t mikey_label_fork(uint8_t *out, uint32_t constant,
			const struct mikey_bytes *id,
			const struct mikey_bytes *randrkms);
size_t mikey_label_ticket(uint8_t *out, uint32_t constant, uint8_t which,
			  const struct mikey_bytes *rand);

/*
 * The KEMAC's AES-CM (RFC 3830 4.2.3; AES-CM-256, RFC 6043 6.2): @len
 * bytes of @in into @out, with @key (16 or 32 bytes), the 14-byte @salt
 * and the IV (S XOR (0x0000 || CSB ID || T)) || 0x0000, @t64 the 64-bit
 * timestamp (mikey_t64()).  Encrypting and decrypting are the same.
 */
int mikey_aes_cm(uint8_t alg, const uint8_t *key, const uint8_t *salt,
		 uint32_t csb_id, const uint8_t *t64, const uint8_t *in,
		 uint8_t *out, size_t len);
/*
 * A T or TR payload's value as 64 bits (RFC 3830 6.6: COUNTER padded with
 * leading zeros; RFC 6043 6.3: NTP-UTC-32 with a zero fraction).
 */
int mikey_t64(const struct mikey_pl *t, uint8_t *t64);

/* The MAC of @alg over @parts in turn, into @mac (mikey_mac_len bytes). */
int mikey_mac(uint8_t alg, const uint8_t *key, size_t key_len,
	      const struct mikey_bytes *parts, unsigned int nparts,
	      uint8_t *mac);
/* 0 if @mac is that MAC (compared in constant time), -EBADMSG if not. */
int mikey_mac_check(uint8_t alg, const uint8_t *key, size_t key_len,
		    const struct mikey_bytes *parts, unsigned int nparts,
		    const struct mikey_bytes *mac);

#endif /* _MS_MIKEY_CRYPTO_H */
