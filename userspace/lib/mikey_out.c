// SPDX-License-Identifier: GPL-2.0
/*
 * Writing MIKEY messages (mikey.h): one payload at a time, each written
 * with its Next payload 0 and named in the Next payload of the one before
 * (RFC 3830 5.2), so that the last one put ends the chain.  The layouts
 * are those mikey.c reads (RFC 3830 6, RFC 6043 6).  Running out of room
 * sets @overflow and writes nothing more: the caller checks it once.
 */
#include <string.h>

#include "mikey.h"

void mikey_out_init(struct mikey_out *o, uint8_t *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	o->next_at = -1;
	o->overflow = false;
}

static bool room(struct mikey_out *o, size_t n)
{
	if (o->overflow || o->cap - o->len < n) {
		o->overflow = true;
		return false;
	}
	return true;
}

static void put8(struct mikey_out *o, uint8_t v)
{
	if (room(o, 1))
		o->buf[o->len++] = v;
}

static void put16(struct mikey_out *o, uint16_t v)
{
	put8(o, (uint8_t)(v >> 8));
	put8(o, (uint8_t)v);
}

static void put32(struct mikey_out *o, uint32_t v)
{
	put16(o, (uint16_t)(v >> 16));
	put16(o, (uint16_t)v);
}

static void putb(struct mikey_out *o, const uint8_t *p, size_t n)
{
	if (n && room(o, n)) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	}
}

/* A payload of @type begins: the one before names it; its Next is 0. */
static void begin(struct mikey_out *o, uint8_t type)
{
	if (o->next_at >= 0 && !o->overflow)
		o->buf[o->next_at] = type;
	o->next_at = (long)o->len;
	put8(o, MIKEY_PT_LAST);
}

void mikey_put_hdr(struct mikey_out *o, const struct mikey_hdr *h)
{
	const struct mikey_cs *cs;
	unsigned int i;

	put8(o, MIKEY_VERSION);
	put8(o, h->data_type);
	o->next_at = (long)o->len;
	put8(o, MIKEY_PT_LAST);
	put8(o, (uint8_t)((h->v ? 0x80 : 0) | (h->prf & 0x7f)));
	put32(o, h->csb_id);
	put8(o, h->ncs < MIKEY_MAX_CS ? h->ncs : MIKEY_MAX_CS);
	put8(o, h->map_type);
	for (i = 0; i < h->ncs && i < MIKEY_MAX_CS; i++) {
		cs = &h->cs[i];
		if (h->map_type == MIKEY_MAP_SRTP_ID) {
			put8(o, cs->npol ? cs->pol[0] : 0);
			put32(o, cs->ssrc);
			put32(o, cs->roc);
		} else if (h->map_type == MIKEY_MAP_GENERIC_ID) {
			put8(o, cs->cs_id);
			put8(o, cs->prot);
			put8(o, (uint8_t)((cs->has_roc_seq ? 0x80 : 0) |
					  (cs->npol & 0x7f)));
			putb(o, cs->pol, cs->npol & 0x7f);
			if (cs->session.p) {
				put16(o, cs->session.len);
				putb(o, cs->session.p, cs->session.len);
			} else {
				/* SRTP: SSRC, and ROC and SEQ with S */
				put16(o, cs->has_roc_seq ? 10 : 4);
				put32(o, cs->ssrc);
				if (cs->has_roc_seq) {
					put32(o, cs->roc);
					put16(o, cs->seq);
				}
			}
			put8(o, cs->spi_len);
			putb(o, cs->spi, cs->spi_len);
		}
	}
}

void mikey_put_first(struct mikey_out *o)
{
	o->next_at = (long)o->len;
	put8(o, MIKEY_PT_LAST);
}

void mikey_put_t(struct mikey_out *o, uint8_t role, uint8_t ts_type,
		 const uint8_t *value)
{
	int len = mikey_ts_len(ts_type);

	begin(o, role ? MIKEY_PT_TR : MIKEY_PT_T);
	if (role)
		put8(o, role);
	put8(o, ts_type);
	putb(o, value, len > 0 ? (size_t)len : 0);
}

void mikey_put_rand(struct mikey_out *o, uint8_t role, const uint8_t *rand,
		    uint8_t len)
{
	begin(o, role ? MIKEY_PT_RANDR : MIKEY_PT_RAND);
	if (role)
		put8(o, role);
	put8(o, len);
	putb(o, rand, len);
}

void mikey_put_id(struct mikey_out *o, uint8_t pt, uint8_t role,
		  uint8_t id_type, const uint8_t *id, uint16_t len)
{
	begin(o, pt);
	if (pt == MIKEY_PT_IDR)
		put8(o, role);
	put8(o, id_type);
	put16(o, len);
	putb(o, id, len);
}

void mikey_put_sp(struct mikey_out *o, uint8_t no, uint8_t prot,
		  const uint8_t *params, uint16_t len)
{
	begin(o, MIKEY_PT_SP);
	put8(o, no);
	put8(o, prot);
	put16(o, len);
	putb(o, params, len);
}

void mikey_put_raw(struct mikey_out *o, uint8_t type, const uint8_t *body,
		   size_t len)
{
	begin(o, type);
	putb(o, body, len);
}

void mikey_put_err(struct mikey_out *o, uint8_t err)
{
	begin(o, MIKEY_PT_ERR);
	put8(o, err);
	put16(o, 0);		/* reserved */
}

void mikey_put_gext(struct mikey_out *o, uint8_t type, const uint8_t *data,
		    uint16_t len)
{
	begin(o, MIKEY_PT_GEXT);
	put8(o, type);
	put16(o, len);
	putb(o, data, len);
}

/* A MAC field of @alg, zeroed: its offset, or -1. */
static long zero_mac(struct mikey_out *o, uint8_t alg)
{
	int len = mikey_mac_len(alg);
	long at = (long)o->len;

	if (len < 0 || !room(o, (size_t)len))
		return -1;
	memset(o->buf + o->len, 0, (size_t)len);
	o->len += (size_t)len;
	return at;
}

long mikey_put_kemac(struct mikey_out *o, uint8_t encr_alg,
		     const uint8_t *encr, uint16_t len, uint8_t mac_alg)
{
	begin(o, MIKEY_PT_KEMAC);
	put8(o, encr_alg);
	put16(o, len);
	putb(o, encr, len);
	put8(o, mac_alg);
	return zero_mac(o, mac_alg);
}

long mikey_put_v(struct mikey_out *o, uint8_t alg)
{
	begin(o, MIKEY_PT_V);
	put8(o, alg);
	return zero_mac(o, alg);
}

void mikey_put_tp(struct mikey_out *o, bool ticket, const struct mikey_pl *p)
{
	begin(o, ticket ? MIKEY_PT_TICKET : MIKEY_PT_TP);
	put16(o, p->ticket_type);
	put8(o, p->subtype);
	put8(o, p->version);
	put8(o, (uint8_t)((p->tp_prf & 0x7f) << 1 |
			  ((p->flags & MIKEY_TP_D) ? 1 : 0)));
	put8(o, (uint8_t)(p->flags >> 3));
	put8(o, (uint8_t)((p->flags & 7) << 5));
	put16(o, p->data.len);
	putb(o, p->data.p, p->data.len);
	if (!ticket)
		return;
	put16(o, p->ticket.len);
	putb(o, p->ticket.p, p->ticket.len);
	put16(o, p->init.len);
	putb(o, p->init.p, p->init.len);
}

int mikey_put_chain(struct mikey_out *o, const struct mikey_chain *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		const struct mikey_pl *p = &c->pl[i];

		switch (p->type) {
		case MIKEY_PT_T:
		case MIKEY_PT_TR:
			mikey_put_t(o, p->role, p->kind, p->data.p);
			break;
		case MIKEY_PT_RAND:
		case MIKEY_PT_RANDR:
			mikey_put_rand(o, p->role, p->data.p,
				       (uint8_t)p->data.len);
			break;
		case MIKEY_PT_ID:
		case MIKEY_PT_CERT:
		case MIKEY_PT_IDR:
			mikey_put_id(o, p->type, p->role, p->kind, p->data.p,
				     p->data.len);
			break;
		case MIKEY_PT_SP:
			mikey_put_sp(o, p->no, p->kind, p->data.p,
				     p->data.len);
			break;
		case MIKEY_PT_ERR:
			mikey_put_err(o, p->kind);
			break;
		case MIKEY_PT_GEXT:
			mikey_put_gext(o, p->kind, p->data.p, p->data.len);
			break;
		case MIKEY_PT_TP:
		case MIKEY_PT_TICKET:
			mikey_put_tp(o, p->type == MIKEY_PT_TICKET, p);
			break;
		case MIKEY_PT_KEMAC:
			if (mikey_put_kemac(o, p->kind, p->data.p, p->data.len,
					    p->mac_alg) >= 0)
				memcpy(o->buf + o->len - p->mac.len, p->mac.p,
				       p->mac.len);
			break;
		case MIKEY_PT_V:
			if (mikey_put_v(o, p->kind) >= 0)
				memcpy(o->buf + o->len - p->mac.len, p->mac.p,
				       p->mac.len);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

void mikey_put_key(struct mikey_out *o, const struct mikey_key *k)
{
	begin(o, MIKEY_PT_KEY_DATA);
	put8(o, (uint8_t)(k->type << 4 | (k->kv & 0xf)));
	put16(o, k->key.len);
	putb(o, k->key.p, k->key.len);
	if (k->type == MIKEY_KEY_TGK_SALT || k->type == MIKEY_KEY_TEK_SALT ||
	    k->type == MIKEY_KEY_GTGK_SALT) {
		put16(o, k->salt.len);
		putb(o, k->salt.p, k->salt.len);
	}
	if (k->kv == MIKEY_KV_SPI) {
		put8(o, (uint8_t)k->spi.len);
		putb(o, k->spi.p, k->spi.len);
	} else if (k->kv == MIKEY_KV_INTERVAL) {
		put8(o, (uint8_t)k->from.len);
		putb(o, k->from.p, k->from.len);
		put8(o, (uint8_t)k->to.len);
		putb(o, k->to.p, k->to.len);
	}
}
