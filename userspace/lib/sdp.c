// SPDX-License-Identifier: GPL-2.0
/*
 * SDP for the H.248 media gateway: parse a Remote descriptor into
 * struct sdp, write the Local one from it.  See sdp.h for what is kept;
 * a=crypto goes to sdes.c.  Each line is copied into a stack buffer to be
 * parsed and that buffer is wiped before returning (it may hold a key).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <openssl/crypto.h>

#include "sdp.h"
#include "textbuf.h"

#define SDP_MAX_TOKENS	(3 + SDP_MAX_FMTS)

static const char *const sdp_dirs[] = {
	[SDP_DIR_SENDRECV] = "sendrecv",
	[SDP_DIR_SENDONLY] = "sendonly",
	[SDP_DIR_RECVONLY] = "recvonly",
	[SDP_DIR_INACTIVE] = "inactive",
};

struct sdp_parser {
	struct sdp *s;
	struct sdp_media *m;	/* current m= section, NULL for session */
	bool seen_v;
	const char *msg;
};

static int fail(struct sdp_parser *p, int ret, const char *msg)
{
	p->msg = msg;
	return ret;
}

/* Split @s in place at spaces and tabs; -1 if more than @max tokens. */
static int split(char *s, char **tok, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			return n;
		if (n == max)
			return -1;
		tok[n++] = s;
		s += strcspn(s, " \t");
	}
}

/* Decimal in 0..@max with at most 10 digits, all of @s. */
static int dec(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t r = 0;
	size_t n = strlen(s), i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		r = r * 10 + (uint64_t)(s[i] - '0');
	}
	if (r > max)
		return -1;
	*v = r;
	return 0;
}

static bool is_token(const char *s, const char *extra)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr(extra, *s))
			return false;
	return true;
}

static int copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

static int parse_conn(struct sdp_parser *p, struct sdp_conn *c, char *v)
{
	unsigned char bin[16];
	char *tok[3];

	if (c->present)
		return fail(p, -EINVAL, "two c= lines at one level");
	if (split(v, tok, 3) != 3)
		return fail(p, -EINVAL, "bad c= (IN IP4|IP6 address)");
	if (strcmp(tok[0], "IN"))
		return fail(p, -EOPNOTSUPP, "c= network type is not IN");
	if (!strcmp(tok[1], "IP4"))
		c->family = AF_INET;
	else if (!strcmp(tok[1], "IP6"))
		c->family = AF_INET6;
	else
		return fail(p, -EOPNOTSUPP, "c= address type is not IP4/IP6");
	c->present = true;
	if (!strcmp(tok[2], "$")) {
		c->flags = SDP_CHOOSE;
		return 0;
	}
	if (!strcmp(tok[2], "-")) {
		c->flags = SDP_UNSPEC;
		return 0;
	}
	if (!is_token(tok[2], ".:-/"))
		return fail(p, -EINVAL, "bad c= address");
	if (strlen(tok[2]) >= sizeof(c->addr) ||
	    inet_pton(c->family, tok[2], bin) != 1)
		return fail(p, -EOPNOTSUPP,
			    "c= address is not a numeric unicast address");
	strcpy(c->addr, tok[2]);
	return 0;
}

static int parse_port(struct sdp_media *m, char *s)
{
	char *slash = strchr(s, '/');
	uint64_t v;

	if (!strcmp(s, "$") || !strcmp(s, "-")) {
		m->port_flags = *s == '$' ? SDP_CHOOSE : SDP_UNSPEC;
		return 0;
	}
	if (slash) {
		*slash = '\0';
		if (dec(slash + 1, 65535, &v) || v == 0)
			return -1;
		m->nports = (uint16_t)v;
	}
	if (dec(s, 65535, &v))
		return -1;
	m->port = (uint16_t)v;
	return 0;
}

static int parse_media(struct sdp_parser *p, char *v)
{
	struct sdp *s = p->s;
	struct sdp_media *m;
	char *tok[SDP_MAX_TOKENS];
	size_t off = 0;
	uint64_t pt;
	int n, i;

	if (s->nmedia == SDP_MAX_MEDIA)
		return fail(p, -E2BIG, "more than 4 m= sections");
	n = split(v, tok, SDP_MAX_TOKENS);
	if (n < 0)
		return fail(p, -E2BIG, "more than 32 formats on m=");
	if (n < 4)
		return fail(p, -EINVAL, "bad m= (media port proto formats)");
	m = &s->media[s->nmedia++];
	p->m = m;
	if (!is_token(tok[0], "-_.") || copy_text(m->type, sizeof(m->type),
						  tok[0]))
		return fail(p, -EINVAL, "bad m= media type");
	if (parse_port(m, tok[1]))
		return fail(p, -EINVAL, "bad m= port");
	if (!is_token(tok[2], "/-_.") ||
	    copy_text(m->proto_text, sizeof(m->proto_text), tok[2]))
		return fail(p, -EINVAL, "bad m= proto");
	if (!strcmp(tok[2], "RTP/AVP"))
		m->proto = SDP_PROTO_RTP_AVP;
	else if (!strcmp(tok[2], "RTP/SAVP"))
		m->proto = SDP_PROTO_RTP_SAVP;
	for (i = 3; i < n; i++) {
		size_t len = strlen(tok[i]);

		if (m->proto != SDP_PROTO_OTHER ? dec(tok[i], 127, &pt) :
		    !is_token(tok[i], "-_./*:+"))
			return fail(p, -EINVAL, "bad m= format");
		if (off + len + 1 >= sizeof(m->fmts))
			return fail(p, -E2BIG, "m= formats too long");
		if (off)
			m->fmts[off++] = ' ';
		memcpy(m->fmts + off, tok[i], len + 1);
		off += len;
	}
	m->nfmts = n - 3;
	return 0;
}

static void keep(struct sdp_attrs *a, const char *text)
{
	/* Cut at SDP_ATTR_MAX - 1 bytes (snprintf: -O2 frowns on strncpy). */
	if (a->count < SDP_MAX_KEPT)
		snprintf(a->text[a->count], SDP_ATTR_MAX, "%.*s",
			 SDP_ATTR_MAX - 1, text);
	a->count++;
}

static int parse_dir(struct sdp_parser *p, enum sdp_dir *dir, const char *n)
{
	int d;

	for (d = SDP_DIR_SENDRECV; d <= SDP_DIR_INACTIVE; d++) {
		if (strcmp(n, sdp_dirs[d]))
			continue;
		if (*dir != SDP_DIR_NONE)
			return fail(p, -EINVAL, "two direction attributes");
		*dir = d;
		return 0;
	}
	return 1;
}

static int parse_crypto(struct sdp_parser *p, const char *v)
{
	struct sdp_media *m = p->m;
	struct sdes_crypto *c;
	unsigned int i;
	int ret;

	if (m->ncrypto == SDP_MAX_CRYPTO)
		return fail(p, -E2BIG, "more than 8 a=crypto in an m= section");
	c = &m->crypto[m->ncrypto++];
	ret = sdes_parse(c, v, &p->msg);
	if (ret == -EOPNOTSUPP) {
		c->unsupported = p->msg;
		return 0;
	}
	if (ret)
		return ret;
	for (i = 0; i + 1 < m->ncrypto; i++)
		if (m->crypto[i].tag == c->tag)
			return fail(p, -EINVAL, "two a=crypto with one tag");
	return 0;
}

/*
 * The address of a=rtcp (RFC 3605: "IN IP4|IP6 ADDRESS").  A numeric one
 * is kept; a domain name is not resolved here: the port alone is kept, as
 * before this was read, and the c= address applies.
 */
static int rtcp_address(struct sdp_parser *p, struct sdp_media *m, char *v)
{
	unsigned char bin[16];
	char *tok[3];

	if (split(v, tok, 3) != 3 || strcmp(tok[0], "IN") ||
	    (strcmp(tok[1], "IP4") && strcmp(tok[1], "IP6")))
		return fail(p, -EINVAL, "bad a=rtcp address");
	m->rtcp_conn.family = strcmp(tok[1], "IP4") ? AF_INET6 : AF_INET;
	if (strlen(tok[2]) >= sizeof(m->rtcp_conn.addr) ||
	    inet_pton(m->rtcp_conn.family, tok[2], bin) != 1) {
		if (!is_token(tok[2], ".-"))
			return fail(p, -EINVAL, "bad a=rtcp address");
		return 0;	/* a domain name */
	}
	strcpy(m->rtcp_conn.addr, tok[2]);
	m->rtcp_conn.present = true;
	return 0;
}

static int parse_attr(struct sdp_parser *p, char *v)
{
	struct sdp_media *m = p->m;
	char *val = strchr(v, ':'), *sp, *rest;
	uint64_t n;
	int ret;

	if (val)
		*val++ = '\0';
	if (!is_token(v, "-_."))
		return fail(p, -EINVAL, "bad attribute name");
	ret = parse_dir(p, m ? &m->dir : &p->s->dir, v);
	if (ret <= 0) {
		if (!ret && val)
			return fail(p, -EINVAL, "direction takes no value");
		return ret;
	}
	ret = sdp_tls_attr(m ? &m->tls : &p->s->tls, m != NULL, v, val,
			   &p->msg);
	if (ret <= 0)
		return ret;
	ret = sdp_keymgmt_attr(m ? &m->keymgmt : &p->s->keymgmt, v, val,
			       &p->msg);
	if (ret <= 0)
		return ret;
	if (!m) {
		if (val)
			val[-1] = ':';
		keep(&p->s->unknown, v);
		return 0;
	}
	if (!strcmp(v, "crypto"))
		return parse_crypto(p, val ? val : "");
	if (!strcmp(v, "rtcp-mux") && !val) {
		m->rtcp_mux = true;
		return 0;
	}
	if (!strcmp(v, "rtcp") && val) {
		/* RFC 3605: a=rtcp:PORT [IN IP4|IP6 ADDRESS] */
		sp = val + strcspn(val, " \t");
		rest = *sp ? sp + 1 : NULL;
		*sp = '\0';
		if (m->has_rtcp || dec(val, 65535, &n) || !n)
			return fail(p, -EINVAL, "bad a=rtcp");
		m->has_rtcp = true;
		m->rtcp_port = (uint16_t)n;
		if (rest)
			rest += strspn(rest, " \t");
		if (rest && *rest)
			return rtcp_address(p, m, rest);
		return 0;
	}
	if (!strcmp(v, "ptime") && val) {
		if (strchr(val, '.'))
			return fail(p, -EOPNOTSUPP, "fractional a=ptime");
		if (m->ptime || dec(val, 100000, &n) || n == 0)
			return fail(p, -EINVAL, "bad a=ptime");
		m->ptime = (uint32_t)n;
		return 0;
	}
	if (!strcmp(v, "rtpmap") && val) {
		if (m->rtpmap.count == SDP_MAX_KEPT)
			return fail(p, -E2BIG, "more than 8 a=rtpmap");
		if (strlen(val) >= SDP_ATTR_MAX)
			return fail(p, -E2BIG, "a=rtpmap too long");
		keep(&m->rtpmap, val);
		return 0;
	}
	/* RFC 4566 6: a format's parameters, kept with its rtpmap */
	if (!strcmp(v, "fmtp") && val) {
		if (m->fmtp.count == SDP_MAX_KEPT)
			return fail(p, -E2BIG, "more than 8 a=fmtp");
		if (strlen(val) >= SDP_ATTR_MAX)
			return fail(p, -E2BIG, "a=fmtp too long");
		keep(&m->fmtp, val);
		return 0;
	}
	if (val)
		val[-1] = ':';
	keep(&m->unknown, v);
	return 0;
}

static int parse_line(struct sdp_parser *p, char type, char *v)
{
	struct sdp *s = p->s;
	uint64_t a, b;
	char *tok[2];

	if (!p->seen_v && type != 'v')
		return fail(p, -EINVAL, "missing v= (first line)");
	switch (type) {
	case 'v':
		if (p->seen_v)
			return fail(p, -EINVAL, "two v= lines");
		if (strcmp(v, "0"))
			return fail(p, -EINVAL, "v= is not 0");
		p->seen_v = true;
		return 0;
	case 'o':
	case 's':
		if (p->m)
			return fail(p, -EINVAL, "o= or s= in an m= section");
		if (type == 'o' ? s->has_o : s->has_s)
			return fail(p, -EINVAL, "two o= or s= lines");
		if (copy_text(type == 'o' ? s->origin : s->name,
			      SDP_TEXT_MAX, v))
			return fail(p, -E2BIG, "o= or s= too long");
		*(type == 'o' ? &s->has_o : &s->has_s) = true;
		return 0;
	case 'c':
		return parse_conn(p, p->m ? &p->m->conn : &s->conn, v);
	case 't':
		if (p->m)
			return fail(p, -EINVAL, "t= in an m= section");
		if (split(v, tok, 2) != 2 || dec(tok[0], UINT64_MAX, &a) ||
		    dec(tok[1], UINT64_MAX, &b))
			return fail(p, -EINVAL, "bad t= (start stop)");
		if (!s->has_t) {
			s->has_t = true;
			s->t_start = a;
			s->t_stop = b;
		}
		return 0;
	case 'm':
		return parse_media(p, v);
	case 'a':
		return parse_attr(p, v);
	}
	return 0;	/* i= u= e= p= b= z= k= r=: not needed */
}

static int parse_all(struct sdp_parser *p, const char *text, size_t len,
		     char *line, unsigned int *lineno)
{
	const char *cur = text, *end = text + len;
	int ret;

	while (cur < end) {
		const char *nl = memchr(cur, '\n', end - cur);
		const char *e = nl ? nl : end;
		size_t n, i;

		++*lineno;
		if (e > cur && e[-1] == '\r')
			e--;
		while (cur < e && (*cur == ' ' || *cur == '\t'))
			cur++;
		n = e - cur;
		if (n > SDP_MAX_LINE)
			return fail(p, -E2BIG, "line longer than 4096 bytes");
		for (i = 0; i < n; i++)
			if ((cur[i] < 0x20 && cur[i] != '\t') || cur[i] > 0x7e)
				return fail(p, -EINVAL,
					    "byte that is not printable ASCII");
		memcpy(line, cur, n);
		line[n] = '\0';
		cur = nl ? nl + 1 : end;
		if (!n)
			continue;	/* blank line */
		if (n < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
			return fail(p, -EINVAL, "line is not x=value");
		ret = parse_line(p, line[0], line + 2);
		if (ret)
			return ret;
	}
	*lineno = 0;
	if (!p->seen_v)
		return fail(p, -EINVAL, "missing v= (first line)");
	return 0;
}

int sdp_parse(struct sdp *s, const char *text, size_t len,
	      struct sdp_error *err)
{
	struct sdp_parser p = { .s = s };
	char line[SDP_MAX_LINE + 1];
	unsigned int lineno = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = parse_all(&p, text, len, line, &lineno);
	OPENSSL_cleanse(line, sizeof(line));
	if (ret)
		sdp_free(s);
	if (err) {
		err->line = ret ? lineno : 0;
		err->msg = ret ? p.msg : NULL;
	}
	return ret;
}

/* Text we write must not end the line early or carry control bytes. */
static bool printable(const char *s, bool spaces)
{
	for (; *s; s++)
		if ((*s < 0x21 || *s > 0x7e) &&
		    !(spaces && (*s == ' ' || *s == '\t')))
			return false;
	return true;
}

static void put_conn(struct textbuf *o, const struct sdp_conn *c)
{
	if (!c->present)
		return;
	if ((c->family != AF_INET && c->family != AF_INET6) ||
	    (!c->flags && !is_token(c->addr, ".:"))) {
		o->err = o->err ? o->err : -EINVAL;
		return;
	}
	tb_printf(o, "c=IN %s %s\r\n", c->family == AF_INET ? "IP4" : "IP6",
		  c->flags & SDP_CHOOSE ? "$" : c->flags & SDP_UNSPEC ? "-" :
		  c->addr);
}

static void put_crypto(struct textbuf *o, const struct sdes_crypto *c)
{
	int n;

	tb_printf(o, "a=crypto:");
	if (o->err)
		return;
	n = sdes_encode(c, o->buf + o->len, o->cap - o->len);
	if (n < 0) {
		o->err = n;
		return;
	}
	o->len += n;
	tb_printf(o, "\r\n");
}

static void put_media(struct textbuf *o, const struct sdp_media *m)
{
	unsigned int i;

	if (!printable(m->type, false) || !printable(m->proto_text, false) ||
	    !printable(m->fmts, true) || !m->type[0] || !m->proto_text[0] ||
	    !m->fmts[0] || m->rtpmap.count > SDP_MAX_KEPT ||
	    m->fmtp.count > SDP_MAX_KEPT ||
	    m->ncrypto > SDP_MAX_CRYPTO || m->dir > SDP_DIR_INACTIVE) {
		o->err = o->err ? o->err : -EINVAL;
		return;
	}
	tb_printf(o, "m=%s ", m->type);
	if (m->port_flags)
		tb_printf(o, "%s", m->port_flags & SDP_CHOOSE ? "$" : "-");
	else if (m->nports)
		tb_printf(o, "%u/%u", m->port, m->nports);
	else
		tb_printf(o, "%u", m->port);
	tb_printf(o, " %s %s\r\n", m->proto_text, m->fmts);
	put_conn(o, &m->conn);
	for (i = 0; i < m->rtpmap.count; i++) {
		if (!printable(m->rtpmap.text[i], true))
			o->err = o->err ? o->err : -EINVAL;
		tb_printf(o, "a=rtpmap:%s\r\n", m->rtpmap.text[i]);
	}
	for (i = 0; i < m->fmtp.count && i < SDP_MAX_KEPT; i++) {
		if (!printable(m->fmtp.text[i], true))
			o->err = o->err ? o->err : -EINVAL;
		tb_printf(o, "a=fmtp:%s\r\n", m->fmtp.text[i]);
	}
	if (m->ptime)
		tb_printf(o, "a=ptime:%" PRIu32 "\r\n", m->ptime);
	for (i = 0; i < m->ncrypto; i++)
		if (!m->crypto[i].unsupported)
			put_crypto(o, &m->crypto[i]);
	if (m->has_rtcp && m->rtcp_conn.present)
		tb_printf(o, "a=rtcp:%u IN %s %s\r\n", m->rtcp_port,
			  m->rtcp_conn.family == AF_INET ? "IP4" : "IP6",
			  m->rtcp_conn.addr);
	else if (m->has_rtcp)
		tb_printf(o, "a=rtcp:%u\r\n", m->rtcp_port);
	if (m->rtcp_mux)
		tb_printf(o, "a=rtcp-mux\r\n");
	if (m->dir != SDP_DIR_NONE)
		tb_printf(o, "a=%s\r\n", sdp_dirs[m->dir]);
	sdp_tls_encode(o, &m->tls);
	sdp_keymgmt_encode(o, &m->keymgmt);
}

int sdp_encode(const struct sdp *s, char *buf, size_t cap)
{
	struct textbuf o = { .buf = buf, .cap = cap };
	unsigned int i;

	if (!cap)
		return -ENOSPC;
	buf[0] = '\0';
	if (s->nmedia > SDP_MAX_MEDIA || s->dir > SDP_DIR_INACTIVE ||
	    (s->has_o && !printable(s->origin, true)) ||
	    (s->has_s && !printable(s->name, true)))
		return -EINVAL;
	tb_printf(&o, "v=0\r\n");
	if (s->has_o)
		tb_printf(&o, "o=%s\r\n", s->origin);
	tb_printf(&o, "s=%s\r\n", s->has_s ? s->name : "-");
	put_conn(&o, &s->conn);
	tb_printf(&o, "t=%" PRIu64 " %" PRIu64 "\r\n", s->t_start, s->t_stop);
	if (s->dir != SDP_DIR_NONE)
		tb_printf(&o, "a=%s\r\n", sdp_dirs[s->dir]);
	sdp_tls_encode(&o, &s->tls);
	sdp_keymgmt_encode(&o, &s->keymgmt);
	for (i = 0; i < s->nmedia; i++)
		put_media(&o, &s->media[i]);
	if (o.err) {
		OPENSSL_cleanse(buf, cap);
		buf[0] = '\0';
		return o.err;
	}
	return (int)o.len;
}

void sdp_free(struct sdp *s)
{
	OPENSSL_cleanse(s, sizeof(*s));
}
