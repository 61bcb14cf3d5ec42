// SPDX-License-Identifier: GPL-2.0
/*
 * GnuTLS session keys into kTLS (ktls.h).  The layout of each cipher's
 * struct tls12_crypto_info_* is <linux/tls.h>'s; what goes where:
 *
 * - key: the traffic key;
 * - salt: the implicit part of the nonce (RFC 5288 3 for TLS 1.2 GCM,
 *   RFC 6655 for CCM), or the first 4 bytes of the TLS 1.3 IV (RFC 8446
 *   5.3); ChaCha20 has none: its whole 12-byte IV goes in iv;
 * - iv: for TLS 1.2 GCM/CCM the first explicit nonce, which kTLS then
 *   counts up (the record sequence number, as GnuTLS itself does); for
 *   TLS 1.3 the rest of the IV;
 * - rec_seq: the next record's sequence number.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/tls.h>

#include "ktls.h"

#ifndef SOL_TLS
#define SOL_TLS 282
#endif

bool ktls_can_carry(gnutls_session_t session)
{
	gnutls_protocol_t v = gnutls_protocol_get_version(session);
	gnutls_cipher_algorithm_t c = gnutls_cipher_get(session);

	if (v != GNUTLS_TLS1_2 && v != GNUTLS_TLS1_3)
		return false;
	return c == GNUTLS_CIPHER_AES_128_GCM ||
	       c == GNUTLS_CIPHER_AES_256_GCM ||
	       c == GNUTLS_CIPHER_AES_128_CCM ||
	       c == GNUTLS_CIPHER_CHACHA20_POLY1305;
}

union ktls_crypto_info {
	struct tls_crypto_info info;
	struct tls12_crypto_info_aes_gcm_128 gcm128;
	struct tls12_crypto_info_aes_gcm_256 gcm256;
	struct tls12_crypto_info_aes_ccm_128 ccm128;
	struct tls12_crypto_info_chacha20_poly1305 chacha;
};

/* Where the fields of one cipher's crypto_info are. */
struct ktls_layout {
	unsigned int type, size, key_len, salt_len, iv_len;
	size_t key, salt, iv, rec_seq;
};

#define KTLS_LAYOUT(t, m, K, S, I) {					\
	.type = t, .size = sizeof(((union ktls_crypto_info *)0)->m),	\
	.key_len = K, .salt_len = S, .iv_len = I,			\
	.key = offsetof(union ktls_crypto_info, m.key),			\
	.salt = offsetof(union ktls_crypto_info, m.salt),		\
	.iv = offsetof(union ktls_crypto_info, m.iv),			\
	.rec_seq = offsetof(union ktls_crypto_info, m.rec_seq) }

static int ktls_layout_of(gnutls_cipher_algorithm_t c, struct ktls_layout *l)
{
	static const struct ktls_layout gcm128 =
		KTLS_LAYOUT(TLS_CIPHER_AES_GCM_128, gcm128, 16, 4, 8);
	static const struct ktls_layout gcm256 =
		KTLS_LAYOUT(TLS_CIPHER_AES_GCM_256, gcm256, 32, 4, 8);
	static const struct ktls_layout ccm128 =
		KTLS_LAYOUT(TLS_CIPHER_AES_CCM_128, ccm128, 16, 4, 8);
	static const struct ktls_layout chacha =
		KTLS_LAYOUT(TLS_CIPHER_CHACHA20_POLY1305, chacha, 32, 0, 12);

	switch (c) {
	case GNUTLS_CIPHER_AES_128_GCM:
		*l = gcm128;
		return 0;
	case GNUTLS_CIPHER_AES_256_GCM:
		*l = gcm256;
		return 0;
	case GNUTLS_CIPHER_AES_128_CCM:
		*l = ccm128;
		return 0;
	case GNUTLS_CIPHER_CHACHA20_POLY1305:
		*l = chacha;
		return 0;
	default:
		return -1;
	}
}

static int ktls_fill(gnutls_session_t session, int read,
		     const struct ktls_layout *l, union ktls_crypto_info *ci)
{
	gnutls_datum_t mac, iv, key;
	unsigned char seq[8];
	unsigned char *p = (unsigned char *)ci;
	bool tls13 = gnutls_protocol_get_version(session) == GNUTLS_TLS1_3;

	if (gnutls_record_get_state(session, read, &mac, &iv, &key, seq) < 0)
		return -1;
	if (key.size != l->key_len || iv.size != l->salt_len +
	    (tls13 || !l->salt_len ? l->iv_len : 0))
		return -1;
	memset(ci, 0, sizeof(*ci));
	ci->info.version = tls13 ? TLS_1_3_VERSION : TLS_1_2_VERSION;
	ci->info.cipher_type = l->type;
	memcpy(p + l->key, key.data, l->key_len);
	memcpy(p + l->salt, iv.data, l->salt_len);
	if (tls13 || !l->salt_len)
		memcpy(p + l->iv, iv.data + l->salt_len, l->iv_len);
	else
		memcpy(p + l->iv, seq, l->iv_len);
	memcpy(p + l->rec_seq, seq, sizeof(seq));
	return 0;
}

int ktls_install(gnutls_session_t session, int fd, const char **why)
{
	union ktls_crypto_info ci;
	struct ktls_layout l;
	int ret = -1, saved;

	if (!ktls_can_carry(session) ||
	    ktls_layout_of(gnutls_cipher_get(session), &l)) {
		*why = "the negotiated suite cannot be offloaded to kTLS";
		errno = EOPNOTSUPP;
		return -1;
	}
	if (gnutls_record_check_pending(session)) {
		*why = "GnuTLS holds application data read with the handshake";
		errno = EBUSY;
		return -1;
	}
	if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tls", sizeof("tls"))) {
		*why = "TCP_ULP tls (is the tls module loaded?)";
		return -1;
	}
	if (ktls_fill(session, 0, &l, &ci)) {
		*why = "the write keys of the session";
		errno = EINVAL;
		goto out_wipe;
	}
	if (setsockopt(fd, SOL_TLS, TLS_TX, &ci, l.size)) {
		*why = "TLS_TX";
		goto out_wipe;
	}
	if (ktls_fill(session, 1, &l, &ci)) {
		*why = "the read keys of the session";
		errno = EINVAL;
		goto out_wipe;
	}
	if (setsockopt(fd, SOL_TLS, TLS_RX, &ci, l.size)) {
		*why = "TLS_RX";
		goto out_wipe;
	}
	ret = 0;
out_wipe:
	saved = errno;
	explicit_bzero(&ci, sizeof(ci));
	errno = saved;
	return ret;
}
