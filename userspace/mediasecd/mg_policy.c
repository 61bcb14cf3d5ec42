// SPDX-License-Identifier: GPL-2.0
/*
 * The Iq media policies a stream's LocalControl asks for (TS 23.334 6.2.4
 * to 6.2.7, TS 29.334), into the termination's side (media.h), which the
 * plan turns into the flows' gate, policer and DS field:
 *
 *   gm/saf, gm/sam, gm/spf, gm/spr   remote source filtering (H.248.43)
 *   tman/pol, tman/sdr, tman/mbs,    policing (H.248.53; RFC 2216 token
 *   tman/pdr, tman/dvt               bucket, r = sdr, b = mbs)
 *   ds/dscp                          DiffServ code point (H.248.52)
 *   ipnapt/latch                     latching (H.248.37)
 *
 * Values (H.248.43 and H.248.53 are not at hand; our choices, written in
 * docs/mediasecd.md): booleans ON or OFF; gm/sam an address with an
 * optional prefix length ("192.0.2.0/24"); gm/spr a port or a range
 * ("6000-6009"); rates in bytes per second, sizes in bytes, tman/dvt in
 * microseconds; ds/dscp a decimal code point 0 .. 63.  Properties persist
 * from command to command until changed (H.248.1 7.1.7: LocalControl
 * properties keep their values); a value the gateway cannot take is 449
 * and changes nothing.  The RTP clock (for rtp/pl and rtp/jit) comes from
 * the stream's first payload type.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mg_int.h"

#define BURST_MIN	64		/* the kernel's bucket bounds */
#define BURST_MAX	(1U << 26)
#define PEAK_BURST_MIN	1500		/* RFC 2216's M: an Ethernet MTU */

static int bad(struct mg_fail *f, const char *why)
{
	f->code = MG_ERR_UNSUPPORTED;
	f->text = why;
	return -EINVAL;
}

static int onoff(const char *v, bool *out)
{
	if (!strcasecmp(v, "ON"))
		*out = true;
	else if (!strcasecmp(v, "OFF"))
		*out = false;
	else
		return -1;
	return 0;
}

/*
 * @v without the quotes H.248 text may put around a value, into @buf of
 * @cap bytes; -1 if empty or too long.
 */
static int unquoted(const char *v, char *buf, size_t cap)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (!n || n >= cap)
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return 0;
}

/* A decimal number in [lo, hi], quoted or not. */
static int number(const char *v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char buf[24], *end;

	if (unquoted(v, buf, sizeof(buf)) || buf[0] < '0' || buf[0] > '9')
		return -1;
	*out = strtoull(buf, &end, 10);
	return *end || *out < lo || *out > hi ? -1 : 0;
}

/* gm/sam: ADDR[/LEN], quoted or not. */
static int prefix(const char *v, struct mg_side_pol *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	uint64_t len;

	if (unquoted(v, buf, sizeof(buf)))
		return -1;
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, p->sam.addr) == 1)
		p->sam.alen = 4;
	else if (inet_pton(AF_INET6, buf, p->sam.addr) == 1)
		p->sam.alen = 16;
	else
		return -1;
	len = p->sam.alen * 8;
	if (slash && number(slash, 0, p->sam.alen * 8, &len))
		return -1;
	p->sam_len = (uint8_t)len;
	p->has_sam = true;
	return 0;
}

/* gm/spr: PORT or LO-HI. */
static int port_range(const char *v, struct mg_side_pol *p)
{
	char buf[16], *dash;
	uint64_t lo, hi;

	if (unquoted(v, buf, sizeof(buf)))
		return -1;
	dash = strchr(buf, '-');
	if (dash)
		*dash++ = '\0';
	if (number(buf, 1, 65535, &lo))
		return -1;
	hi = lo;
	if (dash && number(dash, lo, 65535, &hi))
		return -1;
	p->spr_lo = (uint16_t)lo;
	p->spr_hi = (uint16_t)hi;
	p->has_spr = true;
	return 0;
}

/* What the tman properties asked, until the stream's properties are all read. */
struct tman {
	bool pol_given, pol;
	uint64_t sdr, mbs, pdr, dvt;
	bool sdr_given, mbs_given, pdr_given, dvt_given;
};

static int take_tman(const char *n, const char *v, struct tman *tm)
{
	if (!strcasecmp(n, "tman/pol")) {
		tm->pol_given = true;
		return onoff(v, &tm->pol);
	}
	if (!strcasecmp(n, "tman/sdr")) {
		tm->sdr_given = true;
		return number(v, 1, UINT32_MAX, &tm->sdr);
	}
	if (!strcasecmp(n, "tman/mbs")) {
		tm->mbs_given = true;
		return number(v, BURST_MIN, BURST_MAX, &tm->mbs);
	}
	if (!strcasecmp(n, "tman/pdr")) {
		tm->pdr_given = true;
		return number(v, 1, UINT32_MAX, &tm->pdr);
	}
	if (!strcasecmp(n, "tman/dvt")) {
		tm->dvt_given = true;
		return number(v, 0, 10000000, &tm->dvt);
	}
	return 1;
}

/*
 * The policer tman asked for, over what @p had: tman/pol ON needs the
 * sustainable rate and the burst (TS 23.334 6.2.5: the IMS-ALG provides
 * both); the peak bucket's depth is what the peak rate fills in tman/dvt,
 * at least one MTU.
 */
static int apply_tman(const struct tman *tm, struct mg_side_pol *p,
		      struct mg_fail *f)
{
	uint64_t peak_burst;

	if (tm->pol_given && !tm->pol) {
		p->rate = p->burst = 0;
		p->peak_rate = p->peak_burst = 0;
		p->has_dvt = false;
		p->dvt = 0;
		return 0;
	}
	if (!tm->pol_given && !p->rate &&
	    (tm->sdr_given || tm->mbs_given || tm->pdr_given))
		return bad(f, "tman/sdr, tman/mbs or tman/pdr without tman/pol ON");
	if (!tm->pol_given && !p->rate)
		return 0;
	if (tm->sdr_given)
		p->rate = tm->sdr;
	if (tm->mbs_given)
		p->burst = (uint32_t)tm->mbs;
	if (!p->rate || !p->burst)
		return bad(f, "tman/pol ON needs tman/sdr and tman/mbs");
	if (tm->pdr_given || (tm->dvt_given && p->peak_rate)) {
		if (tm->pdr_given)
			p->peak_rate = tm->pdr;
		if (tm->dvt_given) {
			p->has_dvt = true;	/* as given, for AuditValue */
			p->dvt = (uint32_t)tm->dvt;
		}
		peak_burst = p->peak_rate * (p->has_dvt ? p->dvt : 0) /
			     1000000;
		if (peak_burst < PEAK_BURST_MIN)
			peak_burst = PEAK_BURST_MIN;
		if (peak_burst > BURST_MAX)
			peak_burst = BURST_MAX;
		p->peak_burst = (uint32_t)peak_burst;
	}
	if (p->peak_rate && p->peak_rate < p->rate)
		return bad(f, "tman/pdr below tman/sdr");
	return 0;
}

/**
 * mg_take_policies() - a stream's LocalControl policies into @t
 * @t: the termination; changed only if every value is taken
 * @st: the stream
 * @f: the error, on failure (449)
 *
 * Return: 0 or -EINVAL.
 */
int mg_take_policies(struct mg_term *t, const struct h248_stream *st,
		     struct mg_fail *f)
{
	struct mg_side_pol p = t->side.pol;
	bool latch = t->side.latch, on;
	struct tman tm = { 0 };
	unsigned int i;
	uint64_t v;
	int r;

	for (i = 0; i < st->nprops; i++) {
		const char *n = st->props[i].name;
		const char *val = st->props[i].value ? st->props[i].value : "";

		r = take_tman(n, val, &tm);
		if (r < 0)
			return bad(f, "tman: a value out of range");
		if (!r)
			continue;
		if (!strcasecmp(n, "gm/saf") || !strcasecmp(n, "gm/spf")) {
			if (onoff(val, &on))
				return bad(f, "gm/saf and gm/spf are ON or OFF");
			*(strcasecmp(n, "gm/saf") ? &p.spf : &p.saf) = on;
		} else if (!strcasecmp(n, "gm/sam")) {
			if (prefix(val, &p))
				return bad(f, "gm/sam is an address/prefix length");
		} else if (!strcasecmp(n, "gm/spr")) {
			if (port_range(val, &p))
				return bad(f, "gm/spr is a port or a range LO-HI");
		} else if (!strcasecmp(n, "ds/dscp")) {
			if (number(val, 0, 63, &v))
				return bad(f, "ds/dscp is 0 .. 63");
			p.has_dscp = true;
			p.dscp = (uint8_t)v;
		} else if (!strcasecmp(n, "ipnapt/latch")) {
			if (onoff(val, &latch))
				return bad(f, "ipnapt/latch is ON or OFF");
		}
	}
	r = apply_tman(&tm, &p, f);
	if (r)
		return r;
	if (p.has_sam && t->side.local.alen && p.sam.alen != t->side.local.alen)
		return bad(f, "gm/sam of another IP version than the stream");
	t->side.pol = p;
	t->side.latch = latch;
	return 0;
}

/* RFC 3551 6's static payload types and their clock rates. */
static uint32_t static_clock(unsigned int pt)
{
	switch (pt) {
	case 0: case 3: case 4: case 5: case 7: case 8: case 9: case 12:
	case 13: case 15: case 18:
		return 8000;
	case 6:
		return 16000;
	case 10: case 11:
		return 44100;
	case 16:
		return 11025;
	case 17:
		return 22050;
	case 14: case 25: case 26: case 28: case 31: case 32: case 33:
	case 34:
		return 90000;
	}
	return 0;
}

/**
 * mg_pol_clock() - the RTP clock of @t's stream, for its statistics
 * @t: the termination, its m= line formats and a=rtpmap lines taken
 *
 * The first payload type of the m= line (RFC 3264: the preferred one):
 * its a=rtpmap's clock (RFC 4566 6), else RFC 3551's for a static type,
 * else the clock kept (0 if none: no loss or jitter counted).
 */
void mg_pol_clock(struct mg_term *t)
{
	unsigned int pt, rpt;
	unsigned long rate;
	const char *l;
	char name[32];

	if (sscanf(t->fmts, "%u", &pt) != 1 || pt > 127)
		return;
	for (l = t->formats; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
		if (sscanf(l, "rtpmap:%u %31[^/]/%lu", &rpt, name, &rate) == 3 &&
		    rpt == pt && rate && rate <= 10000000) {
			t->side.pol.clock_rate = (uint32_t)rate;
			return;
		}
	/*
	 * A static type's; else what the record kept: a restarted mediasecd
	 * has the formats of the m= line, not their a=rtpmap lines.
	 */
	if (static_clock(pt))
		t->side.pol.clock_rate = static_clock(pt);
}

/* One LocalControl property of an audit's stream; false when full. */
static bool audit_prop(struct mg_reply *o, struct h248_stream *st,
		       const char *name, const char *value)
{
	return mg_reply_param(o, &st->props, &st->nprops, name, value);
}

/**
 * mg_pol_audit() - the policies @t has, as LocalControl properties
 * @t: the termination
 * @o: the reply
 * @st: its Media descriptor's stream (AuditValue)
 *
 * Only what applies: a policy off (latching included) is not reported.
 */
void mg_pol_audit(const struct mg_term *t, struct mg_reply *o,
		  struct h248_stream *st)
{
	const struct mg_side_pol *p = &t->side.pol;
	char v[INET6_ADDRSTRLEN + 8], a[INET6_ADDRSTRLEN];

	if (p->saf && !audit_prop(o, st, "gm/saf", "ON"))
		return;
	if (p->has_sam) {
		inet_ntop(p->sam.alen == 4 ? AF_INET : AF_INET6, p->sam.addr,
			  a, sizeof(a));
		snprintf(v, sizeof(v), "%s/%u", a, p->sam_len);
		if (!audit_prop(o, st, "gm/sam", v))
			return;
	}
	if (p->spf && !audit_prop(o, st, "gm/spf", "ON"))
		return;
	if (p->has_spr) {
		snprintf(v, sizeof(v), "%u-%u", p->spr_lo, p->spr_hi);
		if (!audit_prop(o, st, "gm/spr", v))
			return;
	}
	if (p->rate) {
		if (!audit_prop(o, st, "tman/pol", "ON"))
			return;
		snprintf(v, sizeof(v), "%llu", (unsigned long long)p->rate);
		if (!audit_prop(o, st, "tman/sdr", v))
			return;
		snprintf(v, sizeof(v), "%u", p->burst);
		if (!audit_prop(o, st, "tman/mbs", v))
			return;
		snprintf(v, sizeof(v), "%llu",
			 (unsigned long long)p->peak_rate);
		if (p->peak_rate && !audit_prop(o, st, "tman/pdr", v))
			return;
		snprintf(v, sizeof(v), "%u", p->dvt);
		if (p->peak_rate && p->has_dvt &&
		    !audit_prop(o, st, "tman/dvt", v))
			return;
	}
	snprintf(v, sizeof(v), "%u", p->dscp);
	if (p->has_dscp && !audit_prop(o, st, "ds/dscp", v))
		return;
	if (t->side.latch)
		audit_prop(o, st, "ipnapt/latch", "ON");
}
