// SPDX-License-Identifier: GPL-2.0
/*
 * SDES (RFC 4568) a=crypto attributes: parse and write.  Grammar of
 * RFC 4568 section 9.1 with the SRTP key method and session parameters of
 * section 6; suites and their key sizes come from srtp_policy.h.
 *
 *   crypto  = tag 1*WSP suite 1*WSP key-params *(1*WSP session-param)
 *   key-params = key-param *(";" key-param)
 *   key-param  = "inline:" base64(key||salt) ["|" lifetime] ["|" mki]
 *   lifetime   = ["2^"] 1*DIGIT
 *   mki        = 1*DIGIT ":" 1*3DIGIT
 *
 * Base64 is checked strictly: padded to a multiple of four, "=" only as
 * padding, unused bits zero, decoded length exactly the suite's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>

#include "sdes.h"
#include "sdp_keymgmt.h"
#include "srtp_policy.h"
#include "textbuf.h"

#define SDES_TAG_MAX	999999999U
#define SDES_MAX_TOKENS	16

static bool sdes_aead(unsigned int suite)
{
	return suite == MEDIASEC_SUITE_AEAD_AES_128_GCM ||
	       suite == MEDIASEC_SUITE_AEAD_AES_256_GCM;
}

int sdes_suite_lengths(unsigned int suite, unsigned int *key_len,
		       unsigned int *salt_len)
{
	const struct ms_srtp_policy *pol = ms_srtp_policy(suite);
	srtp_crypto_policy_t p;
	unsigned int salt;

	if (!pol)
		return -EOPNOTSUPP;
	memset(&p, 0, sizeof(p));
	pol->rtp(&p);
	/* libsrtp2 counts the salt in the cipher key: 12 for GCM, else 14 */
	salt = sdes_aead(suite) ? 12 : 14;
	*key_len = p.cipher_key_len - salt;
	*salt_len = salt;
	return 0;
}

/* 1..@maxd decimal digits in [s, e) into @v (no sign, no overflow). */
static int parse_dec(const char *s, const char *e, unsigned int maxd,
		     uint64_t *v)
{
	uint64_t r = 0;

	if (e <= s || (size_t)(e - s) > maxd)
		return -EINVAL;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		r = r * 10 + (uint64_t)(*s - '0');
	}
	*v = r;
	return 0;
}

static int parse_lifetime(const char *s, const char *e, uint64_t *life,
			  const char **err)
{
	uint64_t v;

	*err = "bad key lifetime";
	if (e - s > 2 && s[0] == '2' && s[1] == '^') {
		if (parse_dec(s + 2, e, 2, &v) || v > 48)
			return -EINVAL;
		*life = 1ULL << v;
		return 0;
	}
	if (parse_dec(s, e, 15, &v) || v == 0 || v > SDES_LIFE_MAX)
		return -EINVAL;
	*life = v;
	return 0;
}

static int parse_mki(const char *s, const char *e, struct sdes_key *k,
		     const char **err)
{
	const char *colon = memchr(s, ':', e - s);
	uint64_t v, len;

	*err = "bad MKI (VALUE:LENGTH)";
	if (!colon || parse_dec(s, colon, 10, &v) ||
	    parse_dec(colon + 1, e, 3, &len) || len == 0 || len > 128)
		return -EINVAL;
	if (len > SDES_MKI_MAX) {
		*err = "MKI longer than 4 bytes";
		return -EOPNOTSUPP;
	}
	if (v >> (8 * len)) {
		*err = "MKI value does not fit its length";
		return -EINVAL;
	}
	k->mki = (uint32_t)v;
	k->mki_len = (uint8_t)len;
	return 0;
}

/* One "inline:..." key-param in [s, e) for a suite of @mat_len bytes. */
static int parse_key(const char *s, const char *e, unsigned int mat_len,
		     struct sdes_key *k, const char **err)
{
	const char *f[3], *fe[3];
	unsigned int nf = 0;
	int ret;

	if (e - s < 7 || strncasecmp(s, "inline:", 7)) {
		*err = memchr(s, ':', e - s) ? "unsupported key method" :
			"bad key-param";
		return memchr(s, ':', e - s) ? -EOPNOTSUPP : -EINVAL;
	}
	s += 7;
	while (nf < 3) {
		const char *bar = memchr(s, '|', e - s);

		f[nf] = s;
		fe[nf] = bar ? bar : e;
		nf++;
		if (!bar)
			break;
		s = bar + 1;
	}
	if (fe[nf - 1] != e) {
		*err = "too many '|' fields in key-param";
		return -EINVAL;
	}
	k->mat_len = (uint8_t)mat_len;
	if (b64_decode(f[0], (size_t)(fe[0] - f[0]), k->mat, mat_len) !=
	    (int)mat_len) {
		*err = "key is not base64 of the suite's key||salt length";
		return -EINVAL;
	}
	if (nf == 3) {
		ret = parse_lifetime(f[1], fe[1], &k->lifetime, err);
		return ret ? ret : parse_mki(f[2], fe[2], k, err);
	}
	if (nf == 2) {
		if (memchr(f[1], ':', fe[1] - f[1]))
			return parse_mki(f[1], fe[1], k, err);
		return parse_lifetime(f[1], fe[1], &k->lifetime, err);
	}
	return 0;
}

/* "key-param *(";" key-param)" in [s, e) into @keys, @n out. */
static int parse_keys(const char *s, const char *e, unsigned int suite,
		      struct sdes_key *keys, unsigned int *n,
		      const char **err)
{
	unsigned int kl, sl, i, j;
	int ret;

	if (sdes_suite_lengths(suite, &kl, &sl))
		return -EOPNOTSUPP;
	*n = 0;
	while (s < e) {
		const char *semi = memchr(s, ';', e - s);
		const char *ke = semi ? semi : e;

		if (*n == SDES_MAX_KEYS) {
			*err = "too many key-params";
			return -EINVAL;
		}
		ret = parse_key(s, ke, kl + sl, &keys[*n], err);
		if (ret)
			return ret;
		(*n)++;
		s = semi ? semi + 1 : e;
		if (semi && s == e) {
			*err = "empty key-param";
			return -EINVAL;
		}
	}
	if (*n == 0) {
		*err = "missing key-params";
		return -EINVAL;
	}
	/* Several keys: each with an MKI of one length, all different. */
	for (i = 0; *n > 1 && i < *n; i++) {
		if (!keys[i].mki_len || keys[i].mki_len != keys[0].mki_len) {
			*err = "several keys need MKIs of one length";
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (keys[j].mki == keys[i].mki) {
				*err = "two keys with one MKI";
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int parse_session_param(struct sdes_crypto *c, const char *s,
			       const char *e, const char **err)
{
	size_t n = e - s;
	uint64_t v;

	if (n == 16 && !memcmp(s, "UNENCRYPTED_SRTP", n)) {
		c->flags |= SDES_UNENCRYPTED_SRTP;
	} else if (n == 17 && !memcmp(s, "UNENCRYPTED_SRTCP", n)) {
		c->flags |= SDES_UNENCRYPTED_SRTCP;
	} else if (n == 20 && !memcmp(s, "UNAUTHENTICATED_SRTP", n)) {
		c->flags |= SDES_UNAUTHENTICATED_SRTP;
	} else if (n >= 4 && !memcmp(s, "KDR=", 4)) {
		*err = "bad KDR (0..24)";
		if (c->flags & SDES_HAS_KDR || parse_dec(s + 4, e, 2, &v) ||
		    v > 24)
			return -EINVAL;
		c->kdr = (uint8_t)v;
		c->flags |= SDES_HAS_KDR;
	} else if (n >= 4 && !memcmp(s, "WSH=", 4)) {
		*err = "bad WSH (>= 64)";
		if (c->flags & SDES_HAS_WSH || parse_dec(s + 4, e, 9, &v) ||
		    v < 64)
			return -EINVAL;
		c->wsh = (uint32_t)v;
		c->flags |= SDES_HAS_WSH;
	} else if (n == 18 && !memcmp(s, "FEC_ORDER=FEC_SRTP", n)) {
		c->flags |= SDES_FEC_FEC_SRTP;
	} else if (n == 18 && !memcmp(s, "FEC_ORDER=SRTP_FEC", n)) {
		c->flags |= SDES_FEC_SRTP_FEC;
	} else if (n >= 8 && !memcmp(s, "FEC_KEY=", 8)) {
		struct sdes_key fec[SDES_MAX_KEYS];
		unsigned int nfec;
		int ret;

		ret = parse_keys(s + 8, e, c->suite, fec, &nfec, err);
		OPENSSL_cleanse(fec, sizeof(fec));
		if (ret)
			return ret;
		c->flags |= SDES_HAS_FEC_KEY;
	} else if (n >= 9 && !memcmp(s, "FEC_ORDER", 9)) {
		*err = "bad FEC_ORDER";
		return -EINVAL;
	} else {
		*err = "unsupported session parameter";
		return -EOPNOTSUPP;
	}
	return 0;
}

/* "$": H.248.1 CHOOSE (H.248.77 7.2 wildcarding in a Local). */
static bool is_choose(const char *s, const char *e)
{
	return e - s == 1 && *s == '$';
}

static int sdes_parse_tokens(struct sdes_crypto *c, const char *value,
			     const char **err)
{
	const char *tok[SDES_MAX_TOKENS], *end[SDES_MAX_TOKENS], *p;
	char suite[32];
	unsigned int nt = 0, i;
	uint64_t v;
	int ret = 0;

	for (p = value; *p; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t') {
			*err = "control character in a=crypto";
			return -EINVAL;
		}
		if ((unsigned char)*p > 0x7e) {
			*err = "non-ASCII byte in a=crypto";
			return -EINVAL;
		}
	}
	if (p - value > SDES_LINE_MAX) {
		*err = "a=crypto too long";
		return -EINVAL;
	}
	for (p = value; *p;) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (nt == SDES_MAX_TOKENS) {
			*err = "too many session parameters";
			return -EINVAL;
		}
		tok[nt] = p;
		p += strcspn(p, " \t");
		end[nt++] = p;
	}
	if (nt < 3 || tok[0] != value) {
		*err = "a=crypto needs a tag, a suite and key-params";
		return -EINVAL;
	}
	*err = "bad crypto tag (1..999999999)";
	if (is_choose(tok[0], end[0]))
		c->choose |= SDES_CHOOSE_TAG;
	else if (parse_dec(tok[0], end[0], 9, &v) || v == 0)
		return -EINVAL;
	else
		c->tag = (uint32_t)v;

	*err = "unsupported crypto suite";
	if ((size_t)(end[1] - tok[1]) >= sizeof(suite))
		return -EOPNOTSUPP;
	memcpy(suite, tok[1], end[1] - tok[1]);
	suite[end[1] - tok[1]] = '\0';
	if (is_choose(tok[1], end[1]))
		c->choose |= SDES_CHOOSE_SUITE;
	else if (!(c->suite = ms_srtp_policy_find(suite)))
		return -EOPNOTSUPP;

	/* "$" or "inline:$": the key is the gateway's to choose */
	if (is_choose(tok[2], end[2]) ||
	    (end[2] - tok[2] == 8 && !memcmp(tok[2], "inline:$", 8)))
		c->choose |= SDES_CHOOSE_KEY;
	else if (c->choose & SDES_CHOOSE_SUITE)
		ret = -EINVAL;	/* a key for a suite not named */
	else
		ret = parse_keys(tok[2], end[2], c->suite, c->keys, &c->nkeys,
				 err);
	if (ret == -EINVAL && c->choose & SDES_CHOOSE_SUITE)
		*err = "a key given with the suite left to choose";
	for (i = 3; !ret && i < nt; i++)
		ret = parse_session_param(c, tok[i], end[i], err);
	if (ret)
		return ret;
	if (!(c->choose & SDES_CHOOSE_SUITE) && sdes_aead(c->suite) &&
	    c->flags & SDES_UNAUTHENTICATED_SRTP) {
		*err = "UNAUTHENTICATED_SRTP with an AEAD suite";
		return -EINVAL;
	}
	if ((c->flags & SDES_FEC_FEC_SRTP) && (c->flags & SDES_FEC_SRTP_FEC)) {
		*err = "two FEC_ORDER";
		return -EINVAL;
	}
	*err = NULL;
	return 0;
}

int sdes_parse(struct sdes_crypto *c, const char *value, const char **err)
{
	int ret;

	memset(c, 0, sizeof(*c));
	ret = sdes_parse_tokens(c, value, err);
	if (ret)
		sdes_wipe(c);
	return ret;
}

static int sdes_check(const struct sdes_crypto *c)
{
	unsigned int kl = 0, sl = 0, i;

	/* "$" fields (a Local's CHOOSE) stand for what they leave open */
	if (c->choose & ~(SDES_CHOOSE_TAG | SDES_CHOOSE_SUITE |
			  SDES_CHOOSE_KEY) ||
	    (c->choose & SDES_CHOOSE_SUITE && !(c->choose & SDES_CHOOSE_KEY)))
		return -EINVAL;
	if (!(c->choose & SDES_CHOOSE_TAG) &&
	    (!c->tag || c->tag > SDES_TAG_MAX))
		return -EINVAL;
	if (!(c->choose & SDES_CHOOSE_SUITE) &&
	    sdes_suite_lengths(c->suite, &kl, &sl))
		return -EINVAL;
	if (c->choose & SDES_CHOOSE_KEY)
		return c->nkeys ? -EINVAL : 0;
	if (!c->nkeys || c->nkeys > SDES_MAX_KEYS)
		return -EINVAL;
	if ((c->flags & SDES_HAS_KDR && c->kdr > 24) ||
	    (c->flags & SDES_HAS_WSH && c->wsh < 64))
		return -EINVAL;
	for (i = 0; i < c->nkeys; i++) {
		const struct sdes_key *k = &c->keys[i];

		if (k->mat_len != kl + sl || k->mki_len > SDES_MKI_MAX ||
		    k->lifetime > SDES_LIFE_MAX ||
		    (k->mki_len && (uint64_t)k->mki >> (8 * k->mki_len)) ||
		    (c->nkeys > 1 && k->mki_len != c->keys[0].mki_len) ||
		    (c->nkeys > 1 && !k->mki_len))
			return -EINVAL;
	}
	return 0;
}

int sdes_encode(const struct sdes_crypto *c, char *buf, size_t cap)
{
	struct textbuf o = { .buf = buf, .cap = cap };
	char b64[(SDES_MAT_MAX + 2) / 3 * 4 + 1];
	unsigned int i;

	if (!cap)
		return -ENOSPC;
	buf[0] = '\0';
	if (sdes_check(c))
		return -EINVAL;
	if (c->choose & SDES_CHOOSE_TAG)
		tb_printf(&o, "$ ");
	else
		tb_printf(&o, "%" PRIu32 " ", c->tag);
	tb_printf(&o, "%s ", c->choose & SDES_CHOOSE_SUITE ? "$" :
			     ms_srtp_policy(c->suite)->name);
	if (c->choose & SDES_CHOOSE_KEY)
		tb_printf(&o, "inline:$");
	for (i = 0; i < c->nkeys; i++) {
		const struct sdes_key *k = &c->keys[i];
		uint64_t life = k->lifetime;

		b64_encode(k->mat, k->mat_len, b64);
		tb_printf(&o, "%sinline:%s", i ? ";" : "", b64);
		if (life && !(life & (life - 1)))
			tb_printf(&o, "|2^%d", __builtin_ctzll(life));
		else if (life)
			tb_printf(&o, "|%" PRIu64, life);
		if (k->mki_len)
			tb_printf(&o, "|%" PRIu32 ":%u", k->mki, k->mki_len);
	}
	OPENSSL_cleanse(b64, sizeof(b64));
	if (c->flags & SDES_HAS_KDR)
		tb_printf(&o, " KDR=%u", c->kdr);
	if (c->flags & SDES_UNENCRYPTED_SRTP)
		tb_printf(&o, " UNENCRYPTED_SRTP");
	if (c->flags & SDES_UNENCRYPTED_SRTCP)
		tb_printf(&o, " UNENCRYPTED_SRTCP");
	if (c->flags & SDES_UNAUTHENTICATED_SRTP)
		tb_printf(&o, " UNAUTHENTICATED_SRTP");
	if (c->flags & SDES_FEC_FEC_SRTP)
		tb_printf(&o, " FEC_ORDER=FEC_SRTP");
	if (c->flags & SDES_FEC_SRTP_FEC)
		tb_printf(&o, " FEC_ORDER=SRTP_FEC");
	if (c->flags & SDES_HAS_WSH)
		tb_printf(&o, " WSH=%" PRIu32, c->wsh);
	if (o.err) {
		OPENSSL_cleanse(buf, cap);
		buf[0] = '\0';
		return o.err;
	}
	return (int)o.len;
}

void sdes_wipe(struct sdes_crypto *c)
{
	OPENSSL_cleanse(c, sizeof(*c));
}
