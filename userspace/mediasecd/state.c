// SPDX-License-Identifier: GPL-2.0
/*
 * A context's record for a restart: see state.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "state.h"
#include "textbuf.h"

#define MAGIC	"mediasecd-state 1"

/* HMAC, fetched once: a fetch per key would cost more than the MAC. */
static EVP_MAC *hmac(void)
{
	static EVP_MAC *mac;

	if (!mac)
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	return mac;
}

int mg_seal_key(const uint8_t *salt, struct sdes_key *k)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA512", 0),
		OSSL_PARAM_END
	};
	uint8_t md[EVP_MAX_MD_SIZE];
	EVP_MAC_CTX *ctx = hmac() ? EVP_MAC_CTX_new(hmac()) : NULL;
	size_t n = 0;
	int ret = -EIO;

	if (ctx && EVP_MAC_init(ctx, salt, MG_SALT_LEN, params) &&
	    EVP_MAC_update(ctx, k->mat, k->mat_len) &&
	    EVP_MAC_final(ctx, md, &n, sizeof(md)) && n >= k->mat_len) {
		memcpy(k->mat, md, k->mat_len);
		ret = 0;
	}
	EVP_MAC_CTX_free(ctx);
	OPENSSL_cleanse(md, sizeof(md));
	return ret;
}

static void put_hex(struct textbuf *o, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (o->err)
		return;
	if (o->cap - o->len <= 2 * n) {
		o->err = -ENOSPC;
		return;
	}
	for (i = 0; i < n; i++) {
		o->buf[o->len++] = digits[b[i] >> 4];
		o->buf[o->len++] = digits[b[i] & 15];
	}
	o->buf[o->len] = '\0';
}

static void put_crypto(struct textbuf *o, const char *what,
		       const struct sdes_crypto *c, bool sealed,
		       const uint8_t *salt)
{
	unsigned int i;

	tb_printf(o, "%s %u %u %u %u %u\n", what, c->tag, c->suite, c->flags,
		  c->kdr, c->wsh);
	for (i = 0; i < c->nkeys; i++) {
		struct sdes_key k = c->keys[i];

		if (!sealed && mg_seal_key(salt, &k))
			o->err = -EIO;
		tb_printf(o, "key %u %u %u %llu ", k.mat_len, k.mki_len, k.mki,
			  (unsigned long long)k.lifetime);
		put_hex(o, k.mat, k.mat_len);
		tb_printf(o, "\n");
		OPENSSL_cleanse(&k, sizeof(k));
	}
}

static void put_ep(struct textbuf *o, const char *what,
		   const struct msobj_ep *e)
{
	tb_printf(o, "%s %u ", what, e->alen);
	put_hex(o, e->addr, e->alen);
	tb_printf(o, " %u\n", e->port);
}

/* An MSRP termination's lines: its role and TLS, its remote. */
static void put_msrp(struct textbuf *o, const struct mg_msrp *m)
{
	unsigned int fl = 0;

	fl |= m->proto_tls ? MG_STM_TLS : 0;
	fl |= m->active ? MG_STM_ACTIVE : 0;
	fl |= m->setup_given ? MG_STM_SETUP : 0;
	fl |= m->establish ? MG_STM_EST : 0;
	fl |= m->fail_asked ? MG_STM_FAIL : 0;
	fl |= m->end_asked ? MG_STM_END : 0;
	fl |= m->has_remote ? MG_STM_REMOTE : 0;
	tb_printf(o, "msrp %u %u\n", fl, (unsigned int)m->tls);
	if (m->has_remote)
		put_ep(o, "msrp-remote", &m->remote);
}

/*
 * The media policies (mg_policy.c) and adid/ipstop's direction, when any
 * is set: "pol FLAGS SAM-ALEN SAM-LEN SAM-HEX SPR-LO SPR-HI RATE BURST
 * PEAK PEAK-BURST DSCP CLOCK IPSTOP-DIR", and DVT after them when FLAGS
 * has POL_DVT (records written before tman/dvt was kept have neither).
 */
#define POL_SAF		1
#define POL_SPF		2
#define POL_SAM		4
#define POL_SPR		8
#define POL_DSCP	16
#define POL_DVT		32

static void put_pol(struct textbuf *o, const struct mg_term *t)
{
	const struct mg_side_pol *p = &t->side.pol;
	unsigned int fl = 0;
	size_t i;

	fl |= p->saf ? POL_SAF : 0;
	fl |= p->spf ? POL_SPF : 0;
	fl |= p->has_sam ? POL_SAM : 0;
	fl |= p->has_spr ? POL_SPR : 0;
	fl |= p->has_dscp ? POL_DSCP : 0;
	fl |= p->has_dvt ? POL_DVT : 0;
	for (i = 0; i < sizeof(p->sam.addr) && !p->sam.addr[i]; i++)
		;
	if (!fl && i == sizeof(p->sam.addr) && !p->sam.alen && !p->sam_len &&
	    !p->spr_lo && !p->spr_hi && !p->rate && !p->burst &&
	    !p->peak_rate && !p->peak_burst && !p->dscp && !p->clock_rate &&
	    !t->ipstop_dir)
		return;		/* nothing set: no line (older records) */
	tb_printf(o, "pol %u %u %u ", fl, p->sam.alen, p->sam_len);
	put_hex(o, p->sam.addr, sizeof(p->sam.addr));
	tb_printf(o, " %u %u %llu %u %llu %u %u %u %u", p->spr_lo,
		  p->spr_hi, (unsigned long long)p->rate, p->burst,
		  (unsigned long long)p->peak_rate, p->peak_burst, p->dscp,
		  p->clock_rate, t->ipstop_dir);
	if (p->has_dvt)
		tb_printf(o, " %u", p->dvt);
	tb_printf(o, "\n");
}

int mg_state_encode(const struct mg *g, const struct mg_ctx *c, char *buf,
		    size_t cap)
{
	struct textbuf o = { .buf = buf, .cap = cap };
	const struct mg_retire *r;
	unsigned int i, j;

	if (!cap)
		return -ENOSPC;
	buf[0] = '\0';
	tb_printf(&o, MAGIC "\nctx %u\n", c->id);
	for (i = 0; c->installed && i < c->plan.nctx; i++) {
		tb_printf(&o, "kctx %u %u %s\n", c->plan.ctx[i].id,
			  c->plan.ctx_owner[i],
			  c->plan.ctx[i].dir == MEDIASEC_DIR_TX ? "tx" : "rx");
		for (r = g->retire; r; r = r->next)
			if (r->ctx == c->plan.ctx[i].id && !r->promote)
				tb_printf(&o, "retire %u %u %llu\n", r->ctx,
					  r->mki, (unsigned long long)r->due);
	}
	for (j = 0; j < c->nterm; j++) {
		const struct mg_term *t = c->term[j];
		const struct mg_side *s = &t->side;
		unsigned int fl = 0;

		fl |= s->secure ? MG_ST_SECURE : 0;
		fl |= s->mux ? MG_ST_MUX : 0;
		fl |= s->latch ? MG_ST_LATCH : 0;
		fl |= s->no_recv ? MG_ST_NO_RECV : 0;
		fl |= s->no_send ? MG_ST_NO_SEND : 0;
		fl |= s->has_remote ? MG_ST_REMOTE : 0;
		fl |= s->has_peer ? MG_ST_PEER : 0;
		fl |= s->has_own ? MG_ST_OWN : 0;
		fl |= t->kexp ? MG_ST_KEXP : 0;
		fl |= t->mikey ? MG_ST_MIKEY : 0;
		fl |= t->mikey && t->mikey_init ? MG_ST_MIKEY_INIT : 0;
		/* thb only when asked for: older mediasecd reads the rest */
		tb_printf(&o, "term %s %u %u %u %u %u %u %u %u", t->id,
			  t->realm, t->serial, (unsigned int)t->mode, fl,
			  t->tag, t->ev_rid, t->ipstop_s, t->af_th);
		if (t->thb_s)
			tb_printf(&o, " %u", t->thb_s);
		tb_printf(&o, "\n");
		put_ep(&o, "local", &s->local);
		if (s->has_remote)
			put_ep(&o, "remote", &s->remote);
		if (s->has_rtcp)
			put_ep(&o, "rtcp", &s->rtcp);
		tb_printf(&o, "salt ");
		put_hex(&o, t->salt, MG_SALT_LEN);
		tb_printf(&o, "\nfmts %s\n", t->fmts);
		if (s->has_peer)
			put_crypto(&o, "peer", &s->peer, t->sealed_peer,
				   t->salt);
		if (s->has_own)
			put_crypto(&o, "own", &s->own, t->sealed_own, t->salt);
		if (t->mikey) {
			tb_printf(&o, "mikey ");
			put_hex(&o, t->mikey_fp, sizeof(t->mikey_fp));
			tb_printf(&o, "\n");
		}
		/*
		 * Our TRANSFER_INIT (no key in it: MACs, a sealed ticket),
		 * for the Local after a restart; written for the gateway's
		 * own tickets alone, which an older mediasecd never made.
		 */
		if (t->mikey && t->mikey_init && t->mikey_resp_len) {
			tb_printf(&o, "mikey-msg %u ", t->mikey_resp_len);
			put_hex(&o, t->mikey_resp, t->mikey_resp_len);
			tb_printf(&o, "\n");
		}
		if (t->msrp.on)
			put_msrp(&o, &t->msrp);
		put_pol(&o, t);
	}
	tb_printf(&o, "end\n");
	return o.err ? o.err : (int)o.len;
}

/* Parsing: one line at a time, each field checked. */

struct in {
	const char *p, *end;	/* the rest of the current line */
};

static bool word(struct in *in, const char **w, size_t *n)
{
	const char *s = in->p;

	while (in->p < in->end && *in->p != ' ')
		in->p++;
	*w = s;
	*n = (size_t)(in->p - s);
	if (in->p < in->end)
		in->p++;		/* the space */
	return *n > 0;
}

static bool num(struct in *in, uint64_t max, uint64_t *v)
{
	const char *w;
	size_t n, i;

	if (!word(in, &w, &n) || n > 20)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9' ||
		    *v > (UINT64_MAX - (uint64_t)(w[i] - '0')) / 10)
			return false;
		*v = *v * 10 + (uint64_t)(w[i] - '0');
	}
	return *v <= max;
}

static bool num32(struct in *in, uint32_t max, uint32_t *v)
{
	uint64_t x;

	if (!num(in, max, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool hex(struct in *in, uint8_t *b, size_t len)
{
	const char *w;
	size_t n, i;

	if (!word(in, &w, &n) || n != 2 * len)
		return false;
	for (i = 0; i < len; i++) {
		int hi = hexval(w[2 * i]), lo = hexval(w[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static bool done(const struct in *in)
{
	return in->p == in->end;
}

static bool ep(struct in *in, struct msobj_ep *e)
{
	uint32_t alen, port;

	if (!num32(in, 16, &alen) || (alen != 4 && alen != 16) ||
	    !hex(in, e->addr, alen) || !num32(in, 65535, &port) || !port)
		return false;
	e->alen = (uint8_t)alen;
	e->port = (uint16_t)port;
	return done(in);
}

static bool crypto(struct in *in, struct sdes_crypto *c)
{
	uint32_t kdr;

	memset(c, 0, sizeof(*c));
	if (!num32(in, UINT32_MAX, &c->tag) || !num32(in, 255, &c->suite) ||
	    !num32(in, 0xff, &c->flags) || !num32(in, 24, &kdr) ||
	    !num32(in, UINT32_MAX, &c->wsh))
		return false;
	c->kdr = (uint8_t)kdr;
	return done(in);
}

static bool key(struct in *in, struct sdes_crypto *c)
{
	unsigned int klen, slen;
	uint32_t mat_len, mki_len;
	struct sdes_key *k;

	if (c->nkeys == SDES_MAX_KEYS ||
	    sdes_suite_lengths(c->suite, &klen, &slen))
		return false;
	k = &c->keys[c->nkeys];
	if (!num32(in, SDES_MAT_MAX, &mat_len) || mat_len != klen + slen ||
	    !num32(in, SDES_MKI_MAX, &mki_len) ||
	    !num32(in, mki_len == 4 ? UINT32_MAX :
		   (1U << (8 * mki_len)) - 1, &k->mki) ||
	    !num(in, SDES_LIFE_MAX, &k->lifetime) ||
	    !hex(in, k->mat, mat_len) || !done(in))
		return false;
	k->mat_len = (uint8_t)mat_len;
	k->mki_len = (uint8_t)mki_len;
	c->nkeys++;
	return true;
}

static bool printable(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] < 0x20 || w[i] > 0x7e)
			return false;
	return true;
}

/* A "pol" line (put_pol()); every value within what mg_policy.c takes. */
static bool pol(struct in *in, struct mg_term *t)
{
	struct mg_side_pol *p = &t->side.pol;
	uint32_t fl, alen, len, lo, hi, burst, pburst, dscp, clock, dir;
	uint32_t dvt = 0;
	uint64_t rate, peak;

	if (!num32(in, 63, &fl) || !num32(in, 16, &alen) ||
	    (alen != 0 && alen != 4 && alen != 16) ||
	    !num32(in, alen * 8, &len) ||
	    !hex(in, p->sam.addr, sizeof(p->sam.addr)) ||
	    !num32(in, 65535, &lo) || !num32(in, 65535, &hi) ||
	    !num(in, UINT32_MAX, &rate) || !num32(in, 1U << 26, &burst) ||
	    !num(in, UINT32_MAX, &peak) || !num32(in, 1U << 26, &pburst) ||
	    !num32(in, 63, &dscp) || !num32(in, 10000000, &clock) ||
	    !num32(in, MG_IPSTOP_BOTH, &dir) ||
	    ((fl & POL_DVT) && !num32(in, 10000000, &dvt)) || !done(in) ||
	    !!(fl & POL_SAM) != !!alen || lo > hi)
		return false;
	p->saf = fl & POL_SAF;
	p->spf = fl & POL_SPF;
	p->has_sam = fl & POL_SAM;
	p->has_spr = fl & POL_SPR;
	p->has_dscp = fl & POL_DSCP;
	p->has_dvt = fl & POL_DVT;
	p->dvt = dvt;
	p->sam.alen = (uint8_t)alen;
	p->sam_len = (uint8_t)len;
	p->spr_lo = (uint16_t)lo;
	p->spr_hi = (uint16_t)hi;
	p->rate = rate;
	p->burst = burst;
	p->peak_rate = peak;
	p->peak_burst = pburst;
	p->dscp = (uint8_t)dscp;
	p->clock_rate = clock;
	t->ipstop_dir = dir;
	return true;
}

static bool term(struct in *in, struct mg_term *t)
{
	uint32_t mode, fl;
	const char *w;
	size_t n;

	memset(t, 0, sizeof(*t));
	if (!word(in, &w, &n) || n >= sizeof(t->id) || !printable(w, n))
		return false;
	memcpy(t->id, w, n);
	if (!num32(in, MGD_MAX_REALMS - 1, &t->realm) ||
	    !num32(in, UINT32_MAX, &t->serial) ||
	    !num32(in, H248_MODE_INACTIVE, &mode) || !mode ||
	    !num32(in, 0x7ff, &fl) || !num32(in, UINT32_MAX, &t->tag) ||
	    !num32(in, UINT32_MAX, &t->ev_rid) ||
	    !num32(in, 86400, &t->ipstop_s) ||
	    !num32(in, 1000000, &t->af_th))
		return false;
	/* hangterm/thb's timerx: absent from records written before it. */
	if (!done(in) && (!num32(in, 86400, &t->thb_s) || !done(in)))
		return false;
	t->mode = (enum h248_mode)mode;
	t->side.secure = fl & MG_ST_SECURE;
	t->side.mux = fl & MG_ST_MUX;
	t->side.latch = fl & MG_ST_LATCH;
	t->side.no_recv = fl & MG_ST_NO_RECV;
	t->side.no_send = fl & MG_ST_NO_SEND;
	t->side.has_remote = fl & MG_ST_REMOTE;
	t->side.has_peer = fl & MG_ST_PEER;
	t->side.has_own = fl & MG_ST_OWN;
	t->kexp = fl & MG_ST_KEXP;
	t->mikey = fl & MG_ST_MIKEY;
	t->mikey_init = t->mikey && (fl & MG_ST_MIKEY_INIT);
	t->sealed_peer = t->side.has_peer;
	t->sealed_own = t->side.has_own;
	return true;
}

/* What a term's lines gave: each once, in order, as its flags say. */
enum {
	SEEN_LOCAL = 1,
	SEEN_REMOTE = 2,
	SEEN_SALT = 4,
	SEEN_FMTS = 8,
	SEEN_PEER = 16,
	SEEN_OWN = 32,
	SEEN_RTCP = 64,
	SEEN_MSRP = 128,
	SEEN_MSRP_REMOTE = 256,
	SEEN_MIKEY = 512,
	SEEN_MIKEY_MSG = 1024,
	SEEN_POL = 2048,
};

static bool term_whole(const struct mg_term *t, unsigned int seen)
{
	const struct mg_side *s = &t->side;

	return (seen & (SEEN_LOCAL | SEEN_SALT | SEEN_FMTS)) ==
	       (SEEN_LOCAL | SEEN_SALT | SEEN_FMTS) &&
	       !!(seen & SEEN_REMOTE) == s->has_remote &&
	       !!(seen & SEEN_PEER) == s->has_peer &&
	       !!(seen & SEEN_OWN) == s->has_own &&
	       (!s->has_peer || s->peer.nkeys) &&
	       (!s->has_own || s->own.nkeys) &&
	       (s->secure || (!s->has_peer && !s->has_own)) &&
	       (!s->has_remote || s->remote.alen == s->local.alen) &&
	       (!s->has_rtcp || (s->has_remote &&
				 s->rtcp.alen == s->local.alen)) &&
	       !!(seen & SEEN_MIKEY) == t->mikey &&
	       (!(seen & SEEN_MIKEY_MSG) || t->mikey_init) &&
	       (!t->mikey_init || (seen & SEEN_MIKEY_MSG)) &&
	       (!t->mikey || t->msrp.on || (s->has_peer && s->has_own)) &&
	       !!(seen & SEEN_MSRP) == t->msrp.on &&
	       !!(seen & SEEN_MSRP_REMOTE) == t->msrp.has_remote &&
	       (!t->msrp.has_remote ||
		t->msrp.remote.alen == s->local.alen) &&
	       (!t->msrp.on || (!s->secure && !s->has_remote));
}

/* An msrp line into @m. */
static bool msrp(struct in *in, struct mg_msrp *m)
{
	uint32_t fl, tls;

	if (!num32(in, MG_STM_ALL, &fl) || !num32(in, MG_TLS_E2E, &tls) ||
	    !done(in))
		return false;
	m->on = true;
	m->proto_tls = fl & MG_STM_TLS;
	m->active = fl & MG_STM_ACTIVE;
	m->setup_given = fl & MG_STM_SETUP;
	m->establish = fl & MG_STM_EST;
	m->est_gen = m->establish;	/* given once: a leg made anew connects */
	m->fail_asked = fl & MG_STM_FAIL;
	m->end_asked = fl & MG_STM_END;
	m->has_remote = fl & MG_STM_REMOTE;
	m->tls = (enum mg_tls)tls;
	return m->proto_tls ? m->tls != MG_TLS_NONE : m->tls == MG_TLS_NONE;
}

int mg_state_parse(const char *buf, size_t len, struct mg_state *s,
		   const char **why)
{
	const char *p = buf, *end = buf + len, *nl, *w;
	struct sdes_crypto *keys_of = NULL;
	struct mg_term *t = NULL;
	unsigned int seen = 0, line = 0;
	bool has_ctx = false, ended = false;
	struct in in;
	size_t n;

	memset(s, 0, sizeof(*s));
	*why = "bad record";
	for (; p < end && !ended; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			*why = "a record ends with a newline";
			return -EINVAL;
		}
		in.p = p;
		in.end = nl;
		if (line++ == 0) {
			if ((size_t)(nl - p) != strlen(MAGIC) ||
			    memcmp(p, MAGIC, strlen(MAGIC))) {
				*why = "not a mediasecd record";
				return -EINVAL;
			}
			continue;
		}
		if (!word(&in, &w, &n))
			return -EINVAL;
#define IS(x)	(n == strlen(x) && !memcmp(w, x, n))
		if (IS("ctx") && !has_ctx) {
			if (!num32(&in, 1U << 29, &s->ctx) || !s->ctx ||
			    !done(&in))
				return -EINVAL;
			has_ctx = true;
		} else if (IS("kctx") && has_ctx && !t) {
			unsigned int i, k = s->nkctx;

			if (k == MG_PLAN_CTXS ||
			    !num32(&in, 0x7fffffffU, &s->kctx[k]) ||
			    !s->kctx[k] ||
			    !num32(&in, UINT32_MAX, &s->owner[k]) ||
			    !word(&in, &w, &n) || !done(&in))
				return -EINVAL;
			if (IS("rx"))
				s->dir[k] = MEDIASEC_DIR_RX;
			else if (IS("tx"))
				s->dir[k] = MEDIASEC_DIR_TX;
			else
				return -EINVAL;
			/* Each kernel context once, each of a termination's. */
			for (i = 0; i < k; i++)
				if (s->kctx[i] == s->kctx[k] ||
				    (s->owner[i] == s->owner[k] &&
				     s->dir[i] == s->dir[k]))
					return -EINVAL;
			s->nkctx++;
		} else if (IS("retire") && has_ctx && !t) {
			struct mg_retire *r = &s->retire[s->nretire];

			if (s->nretire == MG_PLAN_KEYS ||
			    !num32(&in, 0x7fffffffU, &r->ctx) ||
			    !num32(&in, UINT32_MAX, &r->mki) ||
			    !num(&in, UINT64_MAX, &r->due) || !done(&in))
				return -EINVAL;
			s->nretire++;
		} else if (IS("term") && has_ctx) {
			if ((t && !term_whole(t, seen)) || s->nterm == 2)
				return -EINVAL;
			t = &s->term[s->nterm++];
			if (!term(&in, t))
				return -EINVAL;
			seen = 0;
			keys_of = NULL;
		} else if (IS("local") && t && !(seen & SEEN_LOCAL)) {
			if (!ep(&in, &t->side.local))
				return -EINVAL;
			seen |= SEEN_LOCAL;
		} else if (IS("remote") && t && !(seen & SEEN_REMOTE)) {
			if (!ep(&in, &t->side.remote))
				return -EINVAL;
			seen |= SEEN_REMOTE;
		} else if (IS("rtcp") && t && !(seen & SEEN_RTCP)) {
			/* a=rtcp (RFC 3605); absent from older records */
			if (!ep(&in, &t->side.rtcp))
				return -EINVAL;
			t->side.has_rtcp = true;
			seen |= SEEN_RTCP;
		} else if (IS("salt") && t && !(seen & SEEN_SALT)) {
			if (!hex(&in, t->salt, MG_SALT_LEN) || !done(&in))
				return -EINVAL;
			seen |= SEEN_SALT;
		} else if (IS("fmts") && t && !(seen & SEEN_FMTS)) {
			n = (size_t)(in.end - in.p);
			if (n >= sizeof(t->fmts) || !printable(in.p, n))
				return -EINVAL;
			memcpy(t->fmts, in.p, n);
			t->fmts[n] = '\0';
			seen |= SEEN_FMTS;
		} else if (IS("peer") && t && !(seen & SEEN_PEER)) {
			keys_of = &t->side.peer;
			if (!crypto(&in, keys_of))
				return -EINVAL;
			seen |= SEEN_PEER;
		} else if (IS("own") && t && !(seen & SEEN_OWN)) {
			keys_of = &t->side.own;
			if (!crypto(&in, keys_of))
				return -EINVAL;
			seen |= SEEN_OWN;
		} else if (IS("mikey") && t && !(seen & SEEN_MIKEY)) {
			if (!hex(&in, t->mikey_fp, sizeof(t->mikey_fp)) ||
			    !done(&in))
				return -EINVAL;
			seen |= SEEN_MIKEY;
			keys_of = NULL;
		} else if (IS("mikey-msg") && t && !(seen & SEEN_MIKEY_MSG)) {
			uint32_t n;

			if (!num32(&in, sizeof(t->mikey_resp), &n) || !n ||
			    !hex(&in, t->mikey_resp, n) || !done(&in))
				return -EINVAL;
			t->mikey_resp_len = (uint16_t)n;
			seen |= SEEN_MIKEY_MSG;
			keys_of = NULL;
		} else if (IS("msrp") && t && !(seen & SEEN_MSRP)) {
			if (!msrp(&in, &t->msrp))
				return -EINVAL;
			seen |= SEEN_MSRP;
		} else if (IS("msrp-remote") && t && (seen & SEEN_MSRP) &&
			   !(seen & SEEN_MSRP_REMOTE)) {
			if (!ep(&in, &t->msrp.remote))
				return -EINVAL;
			seen |= SEEN_MSRP_REMOTE;
		} else if (IS("pol") && t && !(seen & SEEN_POL)) {
			if (!pol(&in, t))
				return -EINVAL;
			seen |= SEEN_POL;
			keys_of = NULL;
		} else if (IS("key") && keys_of) {
			if (!key(&in, keys_of))
				return -EINVAL;
		} else if (IS("end") && has_ctx && done(&in)) {
			ended = true;
		} else {
			return -EINVAL;
		}
#undef IS
	}
	if (!ended || p != end || !t || !term_whole(t, seen)) {
		*why = "a record is whole, a termination or two, up to its "
		       "end line";
		return -EINVAL;
	}
	return 0;
}
