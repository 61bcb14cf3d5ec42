/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SDP attributes of connection-oriented media and TLS, as MSRP over
 * TCP and TLS uses them (RFC 4975, RFC 6135 "COMEDIA for MSRP", RFC 6714
 * "CEMA"): a=setup and a=connection (RFC 4145), a=fingerprint (RFC 8122,
 * which replaces RFC 4572), a=path (RFC 4975 8.1), a=msrp-cema (RFC 6714).
 * Parsed by sdp.c at session and media level; the certificate checks
 * against a fingerprint are here too.
 */
#ifndef MEDIASEC_SDP_TLS_H
#define MEDIASEC_SDP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SDP_MAX_FINGERPRINTS	4
#define SDP_FINGERPRINT_MAX	64	/* SHA-512 */
#define SDP_PATH_MAX		512	/* a=path value, with its NUL */

enum sdp_setup {
	SDP_SETUP_NONE,		/* no a=setup */
	SDP_SETUP_ACTIVE,	/* it opens the TCP connection */
	SDP_SETUP_PASSIVE,	/* it accepts it */
	SDP_SETUP_ACTPASS,	/* either, the answer decides */
	SDP_SETUP_HOLDCONN,	/* not yet */
};

enum sdp_connection {
	SDP_CONNECTION_NONE,
	SDP_CONNECTION_NEW,
	SDP_CONNECTION_EXISTING,
};

/*
 * The hash functions of RFC 8122 section 5 that are still fit for it,
 * weakest first (sdp_fingerprint_matches() uses only the strongest offered).
 */
enum sdp_hash {
	SDP_HASH_NONE,
	SDP_HASH_SHA1,
	SDP_HASH_SHA224,
	SDP_HASH_SHA256,
	SDP_HASH_SHA384,
	SDP_HASH_SHA512,
};

/**
 * struct sdp_fingerprint - one a=fingerprint
 * @hash: its hash function
 * @len: bytes in @value (the hash's size)
 * @value: the certificate's hash
 */
struct sdp_fingerprint {
	enum sdp_hash hash;
	uint8_t len;
	uint8_t value[SDP_FINGERPRINT_MAX];
};

/**
 * struct sdp_tls - the connection and TLS attributes of one level
 * @setup: a=setup
 * @connection: a=connection
 * @nfp: fingerprints kept in @fp
 * @fp: a=fingerprint with a hash function of enum sdp_hash
 * @ignored_fp: a=fingerprint with another one (md5, md2, unknown)
 * @path: a=path, the MSRP URIs as written ("" if none)
 * @msrp_cema: a=msrp-cema
 */
struct sdp_tls {
	enum sdp_setup setup;
	enum sdp_connection connection;
	unsigned int nfp;
	struct sdp_fingerprint fp[SDP_MAX_FINGERPRINTS];
	unsigned int ignored_fp;
	char path[SDP_PATH_MAX];
	bool msrp_cema;
};

struct textbuf;

/*
 * One attribute @name with value @val (NULL if it has none) at session
 * (@media false) or media level.  Returns 1 if it is none of these, 0
 * when parsed into @t, or a negative errno with *@msg saying why.
 */
int sdp_tls_attr(struct sdp_tls *t, bool media, const char *name,
		 const char *val, const char **msg);

/* Writes @t's attributes as SDP lines; errors go to @o->err. */
void sdp_tls_encode(struct textbuf *o, const struct sdp_tls *t);

/* The name RFC 8122 gives @h ("sha-256"), or NULL. */
const char *sdp_hash_name(enum sdp_hash h);

/*
 * The fingerprint with hash @h of the DER certificate @der.  Returns 0
 * or a negative errno.
 */
int sdp_fingerprint_of(const unsigned char *der, size_t len, enum sdp_hash h,
		       struct sdp_fingerprint *fp);

/*
 * Whether the DER certificate @der matches a fingerprint of @media, or,
 * if the media level has none, of @session (RFC 8122 5: either level).
 * Every fingerprint of a supported hash is compared in constant time; one
 * match is enough.  False when there is no fingerprint to compare with.
 */
bool sdp_fingerprint_matches(const struct sdp_tls *session,
			     const struct sdp_tls *media,
			     const unsigned char *der, size_t len);

#endif /* MEDIASEC_SDP_TLS_H */
