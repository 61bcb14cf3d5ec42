// SPDX-License-Identifier: GPL-2.0
/*
 * The MIKEY codec (mikey.h): RFC 3830 section 6 (the payloads), RFC 4563
 * 5 (the Empty map), RFC 6043 section 6 (MIKEY-TICKET's data types, the
 * GENERIC-ID map, TR, IDR, RANDR, TP, TICKET and the new algorithm
 * values; RFC 6309 keeps them).  Strict: a length that does not fit its
 * payload or the message, a value whose length cannot be known (an
 * unknown MAC or TS type), an unknown payload, a payload that may come
 * once and comes twice, or bytes after the last payload: the message is
 * refused, with the reason.  DH (RFC 3830 6.4) and the DHHMAC / RSA-R
 * data types are not parsed: the gateway has no use for them.
 */
#include <errno.h>
#include <string.h>

#include "mikey.h"

struct rd {
	const uint8_t *b;
	size_t len;
	size_t pos;
};

static bool has(const struct rd *r, size_t n)
{
	return r->len - r->pos >= n;
}

static uint8_t u8(struct rd *r)
{
	return r->b[r->pos++];
}

static uint16_t u16(struct rd *r)
{
	uint16_t v = (uint16_t)(r->b[r->pos] << 8 | r->b[r->pos + 1]);

	r->pos += 2;
	return v;
}

static uint32_t u32(struct rd *r)
{
	uint32_t v = (uint32_t)r->b[r->pos] << 24 |
		     (uint32_t)r->b[r->pos + 1] << 16 |
		     (uint32_t)r->b[r->pos + 2] << 8 | r->b[r->pos + 3];

	r->pos += 4;
	return v;
}

/* @n bytes as a view, if there are as many. */
static bool bytes(struct rd *r, size_t n, struct mikey_bytes *out)
{
	if (!has(r, n))
		return false;
	out->p = r->b + r->pos;
	out->len = (uint16_t)n;
	r->pos += n;
	return true;
}

static int bad(const char **why, const char *what)
{
	*why = what;
	return -EINVAL;
}

int mikey_mac_len(uint8_t alg)
{
	switch (alg) {
	case MIKEY_MAC_NULL:
		return 0;
	case MIKEY_MAC_HMAC_SHA1_160:
		return 20;
	case MIKEY_MAC_HMAC_SHA256_256:
		return 32;
	}
	return -1;
}

int mikey_ts_len(uint8_t type)
{
	switch (type) {
	case MIKEY_TS_NTP_UTC:
	case MIKEY_TS_NTP:
		return 8;
	case MIKEY_TS_COUNTER:
	case MIKEY_TS_NTP_UTC_32:
		return 4;
	}
	return -1;
}

/* CHASH hash function (RFC 3830 6.8, RFC 6043 Table 6.12): its bytes. */
static int hash_len(uint8_t func)
{
	static const int len[] = { 20, 16, 32 };

	return func < 3 ? len[func] : -1;
}

static bool known_data_type(uint8_t dt)
{
	return dt <= MIKEY_DT_ERROR ||
	       (dt >= MIKEY_DT_REQUEST_INIT_PSK && dt <= MIKEY_DT_RESOLVE_RESP);
}

/* One GENERIC-ID block (RFC 6043 6.1.1). */
static int generic_cs(struct rd *r, struct mikey_cs *cs, const char **why)
{
	struct mikey_bytes b;
	uint16_t sdl;
	uint8_t s_np;

	if (!has(r, 3))
		return bad(why, "GENERIC-ID map cut short");
	cs->cs_id = u8(r);
	cs->prot = u8(r);
	s_np = u8(r);
	cs->has_roc_seq = s_np & 0x80;
	cs->npol = s_np & 0x7f;
	if (!bytes(r, cs->npol, &b))
		return bad(why, "GENERIC-ID policies cut short");
	cs->pol = b.p;
	if (!has(r, 2))
		return bad(why, "GENERIC-ID map cut short");
	sdl = u16(r);
	if (!bytes(r, sdl, &cs->session))
		return bad(why, "GENERIC-ID session data cut short");
	b = cs->session;
	if (cs->prot == 0 && sdl) {
		/* SRTP: SSRC, then ROC and SEQ if S says so */
		struct rd sd = { .b = b.p, .len = b.len };

		if (sdl != (cs->has_roc_seq ? 10 : 4))
			return bad(why, "GENERIC-ID SRTP session data is "
				   "4 bytes, or 10 with S");
		cs->ssrc = u32(&sd);
		if (cs->has_roc_seq) {
			cs->roc = u32(&sd);
			cs->seq = u16(&sd);
		}
	}
	if (!has(r, 1))
		return bad(why, "GENERIC-ID map cut short");
	cs->spi_len = u8(r);
	if (!bytes(r, cs->spi_len, &b))
		return bad(why, "GENERIC-ID SPI cut short");
	cs->spi = b.p;
	return 0;
}

static int parse_hdr(struct rd *r, struct mikey_hdr *h, const char **why)
{
	unsigned int i;
	uint8_t vprf;

	if (!has(r, 10))
		return bad(why, "shorter than a Common Header");
	if (u8(r) != MIKEY_VERSION)
		return bad(why, "not MIKEY version 1");
	h->data_type = u8(r);
	if (!known_data_type(h->data_type))
		return bad(why, "data type not supported");
	h->next = u8(r);
	vprf = u8(r);
	h->v = vprf & 0x80;
	h->prf = vprf & 0x7f;
	if (h->prf > MIKEY_PRF_HMAC_SHA256)
		return bad(why, "unknown PRF");
	h->csb_id = u32(r);
	h->ncs = u8(r);
	h->map_type = u8(r);
	if (h->map_type > MIKEY_MAP_GENERIC_ID)
		return bad(why, "unknown CS ID map type");
	if (h->ncs > MIKEY_MAX_CS)
		return bad(why, "too many crypto sessions");
	for (i = 0; i < h->ncs; i++) {
		struct mikey_cs *cs = &h->cs[i];

		switch (h->map_type) {
		case MIKEY_MAP_SRTP_ID:	/* RFC 3830 6.1.1 */
			if (!has(r, 9))
				return bad(why, "SRTP-ID map cut short");
			cs->cs_id = (uint8_t)(i + 1);
			cs->npol = 1;
			cs->pol = r->b + r->pos;
			r->pos++;
			cs->ssrc = u32(r);
			cs->roc = u32(r);
			break;
		case MIKEY_MAP_EMPTY:	/* RFC 4563 5: nothing in MIKEY */
			cs->cs_id = (uint8_t)(i + 1);
			break;
		case MIKEY_MAP_GENERIC_ID:
			if (generic_cs(r, cs, why))
				return -EINVAL;
			break;
		}
	}
	return 0;
}

/* A role of a TR, IDR or RANDR that RFC 6043 assigns. */
static bool known_role(uint8_t type, uint8_t role)
{
	switch (type) {
	case MIKEY_PT_TR:
		return role >= MIKEY_ROLE_I && role <= MIKEY_ROLE_PSK;
	case MIKEY_PT_IDR:
		return role >= MIKEY_ROLE_I && role <= MIKEY_ROLE_APP;
	case MIKEY_PT_RANDR:
		return role >= MIKEY_ROLE_I && role <= MIKEY_ROLE_KMS;
	}
	return true;
}

/* SP's policy parameters: type-length-value triplets, exactly. */
static bool sp_params_fit(const struct mikey_bytes *p)
{
	size_t at = 0;

	while (at < p->len) {
		if (p->len - at < 2 || p->len - at - 2 < p->p[at + 1])
			return false;
		at += 2 + p->p[at + 1];
	}
	return true;
}

/* TP and TICKET (RFC 6043 6.10): @ticket for the latter. */
static int take_tp(struct rd *r, struct mikey_pl *pl, bool ticket,
		   const char **why)
{
	uint8_t b5, b6, b7;

	if (!has(r, 9))
		return bad(why, "TP or TICKET cut short");
	pl->ticket_type = u16(r);
	pl->subtype = u8(r);
	pl->version = u8(r);
	b5 = u8(r);
	b6 = u8(r);
	b7 = u8(r);
	pl->tp_prf = b5 >> 1;
	pl->flags = (uint16_t)((b5 & 1) << 11 | b6 << 3 | b7 >> 5);
	if (!has(r, 2) || !bytes(r, u16(r), &pl->data))
		return bad(why, "TP Data cut short");
	if (!ticket)
		return 0;
	if (!has(r, 2) || !bytes(r, u16(r), &pl->ticket))
		return bad(why, "Ticket Data cut short");
	pl->init_off = (uint32_t)r->pos;
	if (!has(r, 2) || !bytes(r, u16(r), &pl->init))
		return bad(why, "Initiator Data cut short");
	return 0;
}

/*
 * The payload of @type at @r's position into @pl; its Next payload into
 * *@next.  0, or -EINVAL.
 */
static int take(struct rd *r, uint8_t type, struct mikey_pl *pl,
		uint8_t *next, const char **why)
{
	uint16_t n;
	int len;

	memset(pl, 0, sizeof(*pl));
	pl->type = type;
	pl->off = (uint32_t)r->pos;
	if (type == MIKEY_PT_SIGN) {	/* no Next payload: always last */
		if (!has(r, 2))
			return bad(why, "SIGN cut short");
		n = u16(r);
		pl->kind = n >> 12;
		if (!bytes(r, n & 0xfff, &pl->data))
			return bad(why, "SIGN cut short");
		*next = MIKEY_PT_LAST;
		goto done;
	}
	if (!has(r, 2))
		return bad(why, "a payload cut short");
	*next = u8(r);
	switch (type) {
	case MIKEY_PT_KEMAC:
		pl->kind = u8(r);
		if (pl->kind > MIKEY_ENCR_AES_CM_256)
			return bad(why, "unknown KEMAC encryption");
		if (!has(r, 2) || !bytes(r, u16(r), &pl->data) || !has(r, 1))
			return bad(why, "KEMAC cut short");
		pl->mac_alg = u8(r);
		len = mikey_mac_len(pl->mac_alg);
		if (len < 0)
			return bad(why, "unknown KEMAC MAC");
		pl->mac_off = (uint32_t)r->pos;
		if (!bytes(r, (size_t)len, &pl->mac))
			return bad(why, "KEMAC MAC cut short");
		break;
	case MIKEY_PT_PKE:	/* C (2 bits) and length (14 bits) */
		if (!has(r, 2))
			return bad(why, "PKE cut short");
		n = u16(r);
		pl->kind = n >> 14;
		if (!bytes(r, n & 0x3fff, &pl->data))
			return bad(why, "PKE cut short");
		break;
	case MIKEY_PT_T:
	case MIKEY_PT_TR:
		if (type == MIKEY_PT_TR) {
			pl->role = u8(r);
			if (!has(r, 1))
				return bad(why, "TR cut short");
		}
		pl->kind = u8(r);
		len = mikey_ts_len(pl->kind);
		if (len < 0)
			return bad(why, "unknown TS type");
		if (!bytes(r, (size_t)len, &pl->data))
			return bad(why, "timestamp cut short");
		break;
	case MIKEY_PT_ID:
	case MIKEY_PT_CERT:
	case MIKEY_PT_IDR:
		if (type == MIKEY_PT_IDR)
			pl->role = u8(r);
		if (!has(r, 3))
			return bad(why, "ID cut short");
		pl->kind = u8(r);
		if (!bytes(r, u16(r), &pl->data))
			return bad(why, "ID data cut short");
		if ((type == MIKEY_PT_CERT && pl->kind > 3) ||
		    (type != MIKEY_PT_CERT && pl->kind > 2))
			return bad(why, "unknown ID or certificate type");
		break;
	case MIKEY_PT_CHASH:
		pl->kind = u8(r);
		len = hash_len(pl->kind);
		if (len < 0)
			return bad(why, "unknown CHASH hash");
		if (!bytes(r, (size_t)len, &pl->data))
			return bad(why, "CHASH cut short");
		break;
	case MIKEY_PT_V:
		pl->kind = u8(r);
		len = mikey_mac_len(pl->kind);
		if (len < 0)
			return bad(why, "unknown V auth algorithm");
		pl->mac_off = (uint32_t)r->pos;
		if (!bytes(r, (size_t)len, &pl->mac))
			return bad(why, "V cut short");
		break;
	case MIKEY_PT_SP:
		if (!has(r, 4))
			return bad(why, "SP cut short");
		pl->no = u8(r);
		pl->kind = u8(r);
		if (!bytes(r, u16(r), &pl->data))
			return bad(why, "SP parameters cut short");
		if (!sp_params_fit(&pl->data))
			return bad(why, "SP parameters do not fit their length");
		break;
	case MIKEY_PT_RAND:
	case MIKEY_PT_RANDR:
		if (type == MIKEY_PT_RANDR) {
			pl->role = u8(r);
			if (!has(r, 1))
				return bad(why, "RANDR cut short");
		}
		if (!bytes(r, u8(r), &pl->data) || !pl->data.len)
			return bad(why, "RAND empty or cut short");
		break;
	case MIKEY_PT_ERR:
		if (!has(r, 3))
			return bad(why, "ERR cut short");
		pl->kind = u8(r);
		r->pos += 2;	/* reserved */
		break;
	case MIKEY_PT_TP:
	case MIKEY_PT_TICKET:
		if (take_tp(r, pl, type == MIKEY_PT_TICKET, why))
			return -EINVAL;
		break;
	case MIKEY_PT_GEXT:
		if (!has(r, 3))
			return bad(why, "general extension cut short");
		pl->kind = u8(r);
		if (!bytes(r, u16(r), &pl->data))
			return bad(why, "general extension cut short");
		break;
	case MIKEY_PT_DH:
		return bad(why, "DH payloads are not supported");
	default:
		return bad(why, "unknown payload");
	}
	if (!known_role(type, pl->role))
		return bad(why, "unknown role");
done:
	pl->len = (uint32_t)(r->pos - pl->off);
	return 0;
}

/*
 * Whether @pl may stand beside the payloads before it: most payloads come
 * once (TR, IDR, RANDR once per role); SP once per Policy no, ERR once per
 * Error no, a general extension once per type, CERT any number of times,
 * and with @repeat_roles IDRr and IDRapp too (RFC 6043 6.10's TP Data).
 */
static bool may_repeat(const struct mikey_chain *c, const struct mikey_pl *pl,
		       bool repeat_roles)
{
	unsigned int i;

	if (pl->type == MIKEY_PT_CERT)
		return true;
	if (pl->type == MIKEY_PT_IDR && repeat_roles &&
	    (pl->role == MIKEY_ROLE_R || pl->role == MIKEY_ROLE_APP))
		return true;
	for (i = 0; i < c->n; i++) {
		const struct mikey_pl *o = &c->pl[i];

		if (o->type != pl->type)
			continue;
		switch (pl->type) {
		case MIKEY_PT_TR:
		case MIKEY_PT_IDR:
		case MIKEY_PT_RANDR:
			if (o->role == pl->role)
				return false;
			break;
		case MIKEY_PT_SP:
			if (o->no == pl->no)
				return false;
			break;
		case MIKEY_PT_ERR:
		case MIKEY_PT_GEXT:
			if (o->kind == pl->kind)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static int chain(struct rd *r, uint8_t type, bool repeat_roles,
		 struct mikey_chain *c, const char **why)
{
	uint8_t next;

	c->buf = r->b;
	c->len = r->len;
	c->n = 0;
	while (type != MIKEY_PT_LAST) {
		struct mikey_pl *pl = &c->pl[c->n];

		if (c->n == MIKEY_MAX_PL)
			return bad(why, "too many payloads");
		if (take(r, type, pl, &next, why))
			return -EINVAL;
		if (!may_repeat(c, pl, repeat_roles))
			return bad(why, "a payload that comes once came again");
		c->n++;
		type = next;
	}
	if (r->pos != r->len)
		return bad(why, "bytes after the last payload");
	return 0;
}

int mikey_parse(const uint8_t *buf, size_t len, struct mikey_msg *m,
		const char **why)
{
	struct rd r = { .b = buf, .len = len };

	memset(&m->hdr, 0, sizeof(m->hdr));
	m->chain.n = 0;
	/* the views' lengths are 16-bit: no message is longer */
	if (len > 0xffff)
		return bad(why, "longer than 65535 bytes");
	if (parse_hdr(&r, &m->hdr, why))
		return -EINVAL;
	return chain(&r, m->hdr.next, false, &m->chain, why);
}

int mikey_parse_chain(const uint8_t *buf, size_t len, bool repeat_roles,
		      struct mikey_chain *c, const char **why)
{
	struct rd r = { .b = buf, .len = len };

	c->n = 0;
	if (!len || len > 0xffff)
		return bad(why, "an empty chain, or longer than 65535 bytes");
	r.pos = 1;
	return chain(&r, buf[0], repeat_roles, c, why);
}

/* KV data (RFC 3830 6.14) of @k. */
static int key_validity(struct rd *r, struct mikey_key *k, const char **why)
{
	switch (k->kv) {
	case MIKEY_KV_NULL:
		return 0;
	case MIKEY_KV_SPI:
		if (!has(r, 1) || !bytes(r, u8(r), &k->spi) || !k->spi.len)
			return bad(why, "key SPI empty or cut short");
		return 0;
	case MIKEY_KV_INTERVAL:
		if (!has(r, 1) || !bytes(r, u8(r), &k->from) || !has(r, 1) ||
		    !bytes(r, u8(r), &k->to))
			return bad(why, "key validity interval cut short");
		return 0;
	}
	return bad(why, "unknown key validity type");
}

int mikey_parse_keys(const uint8_t *buf, size_t len, struct mikey_key *keys,
		     unsigned int max, const char **why)
{
	struct rd r = { .b = buf, .len = len };
	uint8_t next = MIKEY_PT_KEY_DATA, tkv;
	unsigned int n = 0;

	while (next == MIKEY_PT_KEY_DATA) {
		struct mikey_key *k = &keys[n];

		if (n == max)
			return bad(why, "too many keys");
		memset(k, 0, sizeof(*k));
		if (!has(&r, 4))
			return bad(why, "key data cut short");
		next = u8(&r);
		tkv = u8(&r);
		k->type = tkv >> 4;
		k->kv = tkv & 0xf;
		if (k->type > MIKEY_KEY_MPK)
			return bad(why, "unknown key type");
		if (!bytes(&r, u16(&r), &k->key) || !k->key.len)
			return bad(why, "key empty or cut short");
		if (k->type == MIKEY_KEY_TGK_SALT ||
		    k->type == MIKEY_KEY_TEK_SALT ||
		    k->type == MIKEY_KEY_GTGK_SALT) {
			if (!has(&r, 2) || !bytes(&r, u16(&r), &k->salt) ||
			    !k->salt.len)
				return bad(why, "salt empty or cut short");
		}
		if (key_validity(&r, k, why))
			return -EINVAL;
		n++;
	}
	if (next != MIKEY_PT_LAST)
		return bad(why, "a KEMAC holds key data only");
	if (r.pos != r.len)
		return bad(why, "bytes after the last key");
	return (int)n;
}

const struct mikey_pl *mikey_find(const struct mikey_chain *c, uint8_t type,
				  uint8_t role)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (c->pl[i].type == type && c->pl[i].role == role)
			return &c->pl[i];
	return NULL;
}
