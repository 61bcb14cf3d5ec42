// SPDX-License-Identifier: GPL-2.0
/*
 * Connection and TLS attributes of SDP (sdp_tls.h).
 *
 * RFC 4145 4 and 5: a=setup:active|passive|actpass|holdconn and
 * a=connection:new|existing, once per level.  RFC 8122 5:
 * a=fingerprint:HASH FP, where FP is the hash's bytes as two hexadecimal
 * digits each, joined by ':' (uppercase in the RFC's grammar; lowercase is
 * accepted, uppercase is written), at session or media level, any number
 * of them; MD5 and MD2 "MUST NOT be used" (RFC 8122 5) and are ignored
 * like any hash we do not know, so that a peer listing several still
 * gets its certificate checked with one we trust.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sdp_tls.h"
#include "textbuf.h"

static const char *const setups[] = {
	[SDP_SETUP_ACTIVE] = "active",
	[SDP_SETUP_PASSIVE] = "passive",
	[SDP_SETUP_ACTPASS] = "actpass",
	[SDP_SETUP_HOLDCONN] = "holdconn",
};

static const char *const connections[] = {
	[SDP_CONNECTION_NEW] = "new",
	[SDP_CONNECTION_EXISTING] = "existing",
};

static const struct {
	const char *name;
	const char *evp;	/* OpenSSL's digest name */
	unsigned int len;
} hashes[] = {
	[SDP_HASH_SHA1] = { "sha-1", "SHA1", 20 },
	[SDP_HASH_SHA224] = { "sha-224", "SHA224", 28 },
	[SDP_HASH_SHA256] = { "sha-256", "SHA256", 32 },
	[SDP_HASH_SHA384] = { "sha-384", "SHA384", 48 },
	[SDP_HASH_SHA512] = { "sha-512", "SHA512", 64 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *sdp_hash_name(enum sdp_hash h)
{
	return h > SDP_HASH_NONE && h < NELEM(hashes) ? hashes[h].name : NULL;
}

static int lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)toupper((unsigned char)c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "HASH AB:CD:..." into @t; unknown and retired hashes are counted. */
static int parse_fingerprint(struct sdp_tls *t, const char *val,
			     const char **msg)
{
	struct sdp_fingerprint fp = { .hash = SDP_HASH_NONE };
	const char *sp = strchr(val, ' '), *p;
	size_t namelen, i;
	int hi, lo;

	if (!sp || sp == val) {
		*msg = "a=fingerprint is HASH FINGERPRINT";
		return -EINVAL;
	}
	namelen = (size_t)(sp - val);
	for (i = SDP_HASH_SHA1; i < NELEM(hashes); i++)
		if (strlen(hashes[i].name) == namelen &&
		    !strncasecmp(val, hashes[i].name, namelen))
			fp.hash = (enum sdp_hash)i;
	for (p = sp + 1; ; p += 3) {
		hi = hexval(p[0]);
		lo = hi < 0 ? -1 : hexval(p[1]);
		if (lo < 0 || fp.len == SDP_FINGERPRINT_MAX ||
		    (p[2] && p[2] != ':') || (p[2] == ':' && !p[3])) {
			*msg = "a=fingerprint bytes are hex pairs joined by ':'";
			return -EINVAL;
		}
		fp.value[fp.len++] = (uint8_t)(hi << 4 | lo);
		if (!p[2])
			break;
	}
	if (fp.hash == SDP_HASH_NONE) {
		t->ignored_fp++;
		return 0;
	}
	if (fp.len != hashes[fp.hash].len) {
		*msg = "a=fingerprint of the wrong length for its hash";
		return -EINVAL;
	}
	if (t->nfp == SDP_MAX_FINGERPRINTS) {
		*msg = "more than 4 a=fingerprint";
		return -E2BIG;
	}
	t->fp[t->nfp++] = fp;
	return 0;
}

int sdp_tls_attr(struct sdp_tls *t, bool media, const char *name,
		 const char *val, const char **msg)
{
	size_t i;
	int v;

	if (!strcmp(name, "setup")) {
		v = val ? lookup(setups, NELEM(setups), val) : -1;
		if (v < 0 || t->setup) {
			*msg = t->setup ? "two a=setup" : "bad a=setup";
			return -EINVAL;
		}
		t->setup = (enum sdp_setup)v;
		return 0;
	}
	if (!strcmp(name, "connection")) {
		v = val ? lookup(connections, NELEM(connections), val) : -1;
		if (v < 0 || t->connection) {
			*msg = t->connection ? "two a=connection" :
					       "bad a=connection";
			return -EINVAL;
		}
		t->connection = (enum sdp_connection)v;
		return 0;
	}
	if (!strcmp(name, "fingerprint")) {
		if (!val) {
			*msg = "a=fingerprint without a value";
			return -EINVAL;
		}
		return parse_fingerprint(t, val, msg);
	}
	if (!media)
		return 1;
	if (!strcmp(name, "path")) {
		if (!val || !*val || t->path[0]) {
			*msg = t->path[0] ? "two a=path" : "empty a=path";
			return -EINVAL;
		}
		if (strlen(val) >= SDP_PATH_MAX) {
			*msg = "a=path too long";
			return -E2BIG;
		}
		/* RFC 4975 9: URIs separated by spaces, printable. */
		for (i = 0; val[i]; i++)
			if (!isprint((unsigned char)val[i])) {
				*msg = "a=path holds a control character";
				return -EINVAL;
			}
		strcpy(t->path, val);
		return 0;
	}
	if (!strcmp(name, "msrp-cema")) {
		if (val) {
			*msg = "a=msrp-cema takes no value";
			return -EINVAL;
		}
		t->msrp_cema = true;
		return 0;
	}
	return 1;
}

void sdp_tls_encode(struct textbuf *o, const struct sdp_tls *t)
{
	unsigned int i, j;

	if (t->setup > SDP_SETUP_HOLDCONN ||
	    t->connection > SDP_CONNECTION_EXISTING ||
	    t->nfp > SDP_MAX_FINGERPRINTS ||
	    memchr(t->path, '\0', sizeof(t->path)) == NULL) {
		o->err = o->err ? o->err : -EINVAL;
		return;
	}
	if (t->path[0]) {
		for (i = 0; t->path[i]; i++)
			if (!isprint((unsigned char)t->path[i]))
				o->err = o->err ? o->err : -EINVAL;
		tb_printf(o, "a=path:%s\r\n", t->path);
	}
	if (t->setup)
		tb_printf(o, "a=setup:%s\r\n", setups[t->setup]);
	if (t->connection)
		tb_printf(o, "a=connection:%s\r\n", connections[t->connection]);
	for (i = 0; i < t->nfp; i++) {
		if (!sdp_hash_name(t->fp[i].hash) ||
		    t->fp[i].len != hashes[t->fp[i].hash].len) {
			o->err = o->err ? o->err : -EINVAL;
			return;
		}
		tb_printf(o, "a=fingerprint:%s ", hashes[t->fp[i].hash].name);
		for (j = 0; j < t->fp[i].len; j++)
			tb_printf(o, j ? ":%02X" : "%02X", t->fp[i].value[j]);
		tb_printf(o, "\r\n");
	}
	if (t->msrp_cema)
		tb_printf(o, "a=msrp-cema\r\n");
}

int sdp_fingerprint_of(const unsigned char *der, size_t len, enum sdp_hash h,
		       struct sdp_fingerprint *fp)
{
	unsigned int n = 0;

	if (!sdp_hash_name(h))
		return -EINVAL;
	memset(fp, 0, sizeof(*fp));
	if (!EVP_Digest(der, len, fp->value, &n,
			EVP_get_digestbyname(hashes[h].evp), NULL) ||
	    n != hashes[h].len)
		return -EIO;
	fp->hash = h;
	fp->len = (uint8_t)n;
	return 0;
}

/*
 * RFC 8122 section 5: "An endpoint MUST select the set of fingerprints
 * that use its most preferred hash function (out of those offered by the
 * peer) and verify that each certificate used matches one fingerprint out
 * of that set": ours is the strongest offered (enum sdp_hash goes from the
 * weakest up), so that a weaker hash beside it adds no way in.
 */
static bool matches_one(const struct sdp_tls *t, const unsigned char *der,
			size_t len)
{
	enum sdp_hash best = SDP_HASH_NONE;
	struct sdp_fingerprint got;
	bool match = false;
	unsigned int i;

	for (i = 0; i < t->nfp && i < SDP_MAX_FINGERPRINTS; i++)
		if (t->fp[i].hash > best && sdp_hash_name(t->fp[i].hash))
			best = t->fp[i].hash;
	for (i = 0; i < t->nfp && i < SDP_MAX_FINGERPRINTS; i++) {
		if (t->fp[i].hash != best ||
		    sdp_fingerprint_of(der, len, t->fp[i].hash, &got))
			continue;
		/* Every one compared, in constant time. */
		match |= got.len == t->fp[i].len &&
			 !CRYPTO_memcmp(got.value, t->fp[i].value, got.len);
	}
	return match;
}

bool sdp_fingerprint_matches(const struct sdp_tls *session,
			     const struct sdp_tls *media,
			     const unsigned char *der, size_t len)
{
	if (media && media->nfp)
		return matches_one(media, der, len);
	return session && matches_one(session, der, len);
}
