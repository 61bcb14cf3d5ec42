// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's configuration file: see config.h and docs/mediasecd.md.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sdes.h"
#include "srtp_policy.h"

#define MGD_MAX_WORDS	8
#define MGD_LINE_MAX	512

static void defaults(struct mgd_config *c)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&c->listen;

	memset(c, 0, sizeof(*c));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(2944);
	c->auth_fail_threshold = 10;
	c->hangterm_timerx = 300;
	c->retry_ms = 500;
	c->pending_ms = 200;
	c->long_timer_ms = 30000;
	c->rekey_grace_ms = 10000;
	strcpy(c->state_dir, MGD_STATE_DIR);
	strcpy(c->profile, MGD_PROFILE_DEFAULT);
	c->mwd_ms = 3000;
	c->msrp_setup_ms = 30000;
	c->kms_timeout_ms = 3000;
}

static int fail(char *err, size_t errlen, unsigned int line, const char *fmt,
		...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "line %u: ", line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A decimal number in [lo, hi]. */
static int number(const char *s, unsigned long lo, unsigned long hi,
		  uint32_t *v)
{
	unsigned long n;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int address(const char *s, uint8_t *alen, uint8_t *addr)
{
	if (inet_pton(AF_INET, s, addr) == 1) {
		*alen = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*alen = 16;
		return 0;
	}
	return -1;
}

/* "ADDR PORT" into a socket address. */
static int sockaddr_of(const char *a, const char *p,
		       struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	uint8_t alen, addr[16];
	uint32_t port;

	if (address(a, &alen, addr) || number(p, 1, 65535, &port))
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (alen == 4) {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addr, 4);
		sin->sin_port = htons((uint16_t)port);
	} else {
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, addr, 16);
		sin6->sin6_port = htons((uint16_t)port);
	}
	return 0;
}

static int printable_word(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n >= max)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return 0;
	return 1;
}

/* "LO-HI": an even first port, a range of at least one pair. */
static int range(const char *s, uint16_t *lo, uint16_t *hi)
{
	char buf[16], *dash;
	uint32_t a, b;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (!dash)
		return -1;
	*dash = '\0';
	if (number(buf, 1024, 65534, &a) || number(dash + 1, 1025, 65535, &b) ||
	    (a & 1) || b <= a)
		return -1;
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}

/*
 * A realm's name starts its terminations' ids ("<realm>/<n>"): it must be
 * an H.248.1 B.2 NAME (ALPHA *63(ALPHA / DIGIT / "_")) for the id to be
 * a pathNAME the MGC's codec takes, and fit MGD_NAME_MAX.
 */
static bool realm_name(const char *s)
{
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return i < MGD_NAME_MAX;
}

static int realm(struct mgd_config *c, char **w, int n, char *err,
		 size_t errlen, unsigned int line)
{
	struct mgd_realm *r;
	unsigned int i;

	if (n != 4)
		return fail(err, errlen, line, "realm NAME ADDRESS LO-HI");
	if (c->nrealm == MGD_MAX_REALMS)
		return fail(err, errlen, line, "more than %d realms",
			    MGD_MAX_REALMS);
	if (!realm_name(w[1]))
		return fail(err, errlen, line,
			    "a realm name is a letter, then letters, digits "
			    "or _ (it starts TerminationIDs)");
	if (mgd_config_realm(c, w[1]))
		return fail(err, errlen, line, "realm %s given twice", w[1]);
	r = &c->realm[c->nrealm];
	strcpy(r->name, w[1]);
	r->suites = MGD_SUITES_DEFAULT;
	r->params = 0;
	if (address(w[2], &r->alen, r->addr))
		return fail(err, errlen, line, "bad address \"%s\"", w[2]);
	if (range(w[3], &r->lo, &r->hi))
		return fail(err, errlen, line,
			    "ports are LO-HI, LO even, 1024 .. 65535");
	for (i = 0; i < c->nrealm; i++)
		if (c->realm[i].alen == r->alen &&
		    !memcmp(c->realm[i].addr, r->addr, r->alen) &&
		    c->realm[i].lo <= r->hi && r->lo <= c->realm[i].hi)
			return fail(err, errlen, line,
				    "ports overlap those of realm %s",
				    c->realm[i].name);
	c->nrealm++;
	return 0;
}

/* "A,B,C": each a name of @names (NULL-ended), into the bits @bit[]. */
static int name_list(char *s, const char *const *names,
		     const unsigned int *bit, unsigned int *mask)
{
	char *tok, *save = NULL;
	unsigned int i;

	*mask = 0;
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; names[i] && strcmp(names[i], tok); i++)
			;
		if (!names[i])
			return -1;
		*mask |= bit[i];
	}
	return 0;
}

/*
 * realm-policy NAME [suites S,S...] [params P,P...]: what a remote's
 * a=crypto may use in realm NAME (after its realm line).  The defaults
 * (every suite that encrypts, no session parameter) keep a UE from
 * turning encryption or authentication off on its word alone.
 */
static int realm_policy(struct mgd_config *c, char **w, int n, char *err,
			size_t errlen, unsigned int line)
{
	static const char *const params[] = {
		"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP",
		NULL,
	};
	static const unsigned int param_bits[] = {
		SDES_UNENCRYPTED_SRTP, SDES_UNENCRYPTED_SRTCP,
		SDES_UNAUTHENTICATED_SRTP,
	};
	const char *suites[__MEDIASEC_SUITE_MAX];
	unsigned int suite_bits[__MEDIASEC_SUITE_MAX], ns = 0, mask, s;
	struct mgd_realm *r = NULL;
	int i;

	for (i = 0; n >= 2 && i < (int)c->nrealm; i++)
		if (!strcmp(c->realm[i].name, w[1]))
			r = &c->realm[i];
	if (n < 4 || n % 2 || !r)
		return fail(err, errlen, line, "realm-policy REALM "
			    "[suites SUITE,...] [params PARAM,...] "
			    "(after the realm)");
	for (s = 1; s < __MEDIASEC_SUITE_MAX; s++) {
		suites[ns] = ms_srtp_policy(s) ? ms_srtp_policy(s)->name : "";
		suite_bits[ns++] = 1U << s;
	}
	suites[ns] = NULL;
	for (i = 2; i < n; i += 2) {
		if (!strcmp(w[i], "suites")) {
			if (name_list(w[i + 1], suites, suite_bits, &mask) ||
			    !mask)
				return fail(err, errlen, line,
					    "suites: names of srtp_policy.h");
			r->suites = mask;
		} else if (!strcmp(w[i], "params")) {
			if (!strcmp(w[i + 1], "none"))
				mask = 0;
			else if (name_list(w[i + 1], params, param_bits, &mask))
				return fail(err, errlen, line,
					    "params: UNENCRYPTED_SRTP, "
					    "UNENCRYPTED_SRTCP, "
					    "UNAUTHENTICATED_SRTP or none");
			r->params = mask;
		} else {
			return fail(err, errlen, line,
				    "realm-policy takes suites and params");
		}
	}
	return 0;
}

static int setting(struct mgd_config *c, char **w, int n, char *err,
		   size_t errlen, unsigned int line)
{
	static const struct {
		const char *name;
		size_t off;
		unsigned long lo, hi;
	} nums[] = {
		{ "inactivity", offsetof(struct mgd_config, inactivity),
		  0, 86400 },
		{ "auth-fail-threshold",
		  offsetof(struct mgd_config, auth_fail_threshold), 1, 1000000 },
		{ "hangterm-timerx",
		  offsetof(struct mgd_config, hangterm_timerx), 0, 86400 },
		{ "retry-ms", offsetof(struct mgd_config, retry_ms), 10, 60000 },
		{ "pending-ms", offsetof(struct mgd_config, pending_ms),
		  10, 60000 },
		{ "long-timer-ms", offsetof(struct mgd_config, long_timer_ms),
		  1000, 600000 },
		{ "rekey-grace-ms", offsetof(struct mgd_config, rekey_grace_ms),
		  0, 600000 },
		{ "own-key-lifetime",
		  offsetof(struct mgd_config, own_key_lifetime), 0, 1UL << 31 },
		{ "mwd-ms", offsetof(struct mgd_config, mwd_ms), 0, 600000 },
		{ "msrp-setup-ms", offsetof(struct mgd_config, msrp_setup_ms),
		  100, 600000 },
		{ "kms-timeout-ms", offsetof(struct mgd_config, kms_timeout_ms),
		  100, 60000 },
	};
	size_t i;

	if (!strcmp(w[0], "realm"))
		return realm(c, w, n, err, errlen, line);
	if (!strcmp(w[0], "realm-policy"))
		return realm_policy(c, w, n, err, errlen, line);
	if (!strcmp(w[0], "mid")) {
		if (n != 2 || !printable_word(w[1], MGD_MID_MAX))
			return fail(err, errlen, line, "mid NAME");
		strcpy(c->mid, w[1]);
		return 0;
	}
	if (!strcmp(w[0], "profile")) {
		/* "name/version" (H.248.1 B.2 serviceChangeProfile), or none */
		if (n != 2 || !printable_word(w[1], MGD_PROFILE_MAX) ||
		    (strcmp(w[1], "none") && !strchr(w[1], '/')))
			return fail(err, errlen, line,
				    "profile NAME/VERSION, or none");
		strcpy(c->profile, strcmp(w[1], "none") ? w[1] : "");
		return 0;
	}
	if (!strcmp(w[0], "netns")) {
		if (n != 2 || !printable_word(w[1], MGD_NAME_MAX) ||
		    strchr(w[1], '/'))
			return fail(err, errlen, line, "netns NAME");
		strcpy(c->netns, w[1]);
		return 0;
	}
	if (!strcmp(w[0], "state-dir")) {
		if (n != 2 || !printable_word(w[1], MGD_PATH_MAX) ||
		    (w[1][0] != '/' && strcmp(w[1], "none")))
			return fail(err, errlen, line,
				    "state-dir /PATH, or none");
		strcpy(c->state_dir, strcmp(w[1], "none") ? w[1] : "");
		return 0;
	}
	/* The gateway's TLS certificate and its key (PEM): read at start. */
	if (!strcmp(w[0], "tls-cert") || !strcmp(w[0], "tls-key")) {
		char *to = w[0][4] == 'c' ? c->tls_cert : c->tls_key;

		if (n != 2 || !printable_word(w[1], MGD_PATH_MAX) ||
		    w[1][0] != '/')
			return fail(err, errlen, line, "%s /PATH", w[0]);
		strcpy(to, w[1]);
		return 0;
	}
	/* MIKEY-TICKET's KMS (docs/mikey.md) */
	if (!strcmp(w[0], "kms")) {
		if (n != 2 || !printable_word(w[1], MGD_URL_MAX) ||
		    (strncmp(w[1], "https://", 8) &&
		     strncmp(w[1], "http://", 7)))
			return fail(err, errlen, line,
				    "kms https://HOST[:PORT]/PATH");
		strcpy(c->kms_url, w[1]);
		return 0;
	}
	if (!strcmp(w[0], "kms-ca") || !strcmp(w[0], "kms-psk-file")) {
		char *to = w[0][4] == 'c' ? c->kms_ca : c->kms_psk_file;

		if (n != 2 || !printable_word(w[1], MGD_PATH_MAX) ||
		    w[1][0] != '/')
			return fail(err, errlen, line, "%s /PATH", w[0]);
		strcpy(to, w[1]);
		return 0;
	}
	if (!strcmp(w[0], "kms-name") || !strcmp(w[0], "kms-id") ||
	    !strcmp(w[0], "kms-responder")) {
		char *to = w[0][4] == 'n' ? c->kms_name :
			   w[0][4] == 'r' ? c->kms_responder : c->kms_id;

		if (n != 2 || !printable_word(w[1], MGD_KMS_ID_MAX))
			return fail(err, errlen, line, "%s IDENTITY", w[0]);
		strcpy(to, w[1]);
		return 0;
	}
	if (!strcmp(w[0], "listen")) {
		if (n != 3 || sockaddr_of(w[1], w[2], &c->listen))
			return fail(err, errlen, line, "listen ADDRESS PORT");
		return 0;
	}
	if (!strcmp(w[0], "metrics")) {
		if (n != 3 || sockaddr_of(w[1], w[2], &c->metrics))
			return fail(err, errlen, line, "metrics ADDRESS PORT");
		return 0;
	}
	if (!strcmp(w[0], "ready")) {
		if (n != 2 || (strcmp(w[1], "start") &&
			       strcmp(w[1], "registered")))
			return fail(err, errlen, line,
				    "ready start|registered");
		c->ready_registered = !strcmp(w[1], "registered");
		return 0;
	}
	if (!strcmp(w[0], "mgc")) {
		/* H.248.1 D.1 UDP, or H.248.4 SCTP (TS 29.334's choice) */
		if ((n != 3 && n != 4) ||
		    (n == 4 && strcmp(w[3], "udp") && strcmp(w[3], "sctp")))
			return fail(err, errlen, line,
				    "mgc ADDRESS PORT [udp|sctp]");
		if (c->nmgc == MGD_MAX_MGCS)
			return fail(err, errlen, line, "more than %d MGCs",
				    MGD_MAX_MGCS);
		if (sockaddr_of(w[1], w[2], &c->mgc[c->nmgc]))
			return fail(err, errlen, line,
				    "mgc ADDRESS PORT [udp|sctp]");
		c->mgc_sctp[c->nmgc] = n == 4 && !strcmp(w[3], "sctp");
		c->nmgc++;
		return 0;
	}
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strcmp(w[0], nums[i].name))
			continue;
		if (n != 2 || number(w[1], nums[i].lo, nums[i].hi,
				     (uint32_t *)((char *)c + nums[i].off)))
			return fail(err, errlen, line, "%s is %lu .. %lu",
				    nums[i].name, nums[i].lo, nums[i].hi);
		return 0;
	}
	return fail(err, errlen, line, "unknown keyword \"%s\"", w[0]);
}

int mgd_config_parse(struct mgd_config *c, const char *text, char *err,
		     size_t errlen)
{
	char buf[MGD_LINE_MAX], *w[MGD_MAX_WORDS], *p, *save;
	unsigned int line = 0;
	const char *s = text;
	size_t len;
	int n, ret;

	defaults(c);
	while (*s) {
		line++;
		len = strcspn(s, "\n");
		if (len >= sizeof(buf))
			return fail(err, errlen, line, "line too long");
		memcpy(buf, s, len);
		buf[len] = '\0';
		s += len + (s[len] == '\n');
		p = strchr(buf, '#');
		if (p)
			*p = '\0';
		for (p = buf; *p; p++)
			if ((*p < ' ' && *p != '\t' && *p != '\r') || *p > '~')
				return fail(err, errlen, line,
					    "not printable text");
		n = 0;
		for (p = strtok_r(buf, " \t\r", &save); p;
		     p = strtok_r(NULL, " \t\r", &save)) {
			if (n == MGD_MAX_WORDS)
				return fail(err, errlen, line, "too many words");
			w[n++] = p;
		}
		if (!n)
			continue;
		ret = setting(c, w, n, err, errlen, line);
		if (ret)
			return ret;
	}
	if (!c->mid[0])
		return fail(err, errlen, line, "no mid given");
	if (!c->nmgc)
		return fail(err, errlen, line, "no mgc given");
	if (!c->nrealm)
		return fail(err, errlen, line, "no realm given");
	if (c->kms_url[0] && (!c->kms_id[0] || !c->kms_psk_file[0]))
		return fail(err, errlen, line,
			    "kms needs kms-id and kms-psk-file");
	return 0;
}

int mgd_config_load(struct mgd_config *c, const char *path, char *err,
		    size_t errlen)
{
	char *text;
	size_t n;
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	text = calloc(1, 65537);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(text, 1, 65536, f);
	if (n == 65536 || ferror(f) || memchr(text, '\0', n)) {
		snprintf(err, errlen, "%s: not a text file of at most 64 KiB",
			 path);
		ret = -EINVAL;
	} else {
		ret = mgd_config_parse(c, text, err, errlen);
	}
	free(text);
	fclose(f);
	return ret;
}

const struct mgd_realm *mgd_config_realm(const struct mgd_config *c,
					 const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nrealm; i++)
		if (!strcmp(c->realm[i].name, name))
			return &c->realm[i];
	return NULL;
}
