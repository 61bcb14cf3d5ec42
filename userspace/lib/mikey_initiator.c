// SPDX-License-Identifier: GPL-2.0
/*
 * The MIKEY-TICKET Initiator with a PSK (mikey_initiator.h): RFC 6043
 * 4.2.1 (Ticket Request) and 4.2.2.1 (the TRANSFER_INIT), the keys of
 * 5.1.2 and 5.1.3, the MAC coverage of 5.5.  Choices where the RFC leaves
 * one (docs/mikey.md): PRF MIKEY-1 and HMAC-SHA-1-160 for our messages
 * (what every MIKEY implementation has); a ticket of the MIKEY Base
 * Ticket type (Appendix A) asked for, with RANDRi in the keys (H); the
 * validity period and the number of keys left to the KMS's policy; a
 * fresh RANDRi in the TRANSFER_INIT (the REQUEST_INIT's is the KMS's).
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mikey_crypto.h"
#include "mikey_initiator.h"

#define MIKEY_TP_DATA_MAX	300	/* First Payload and one IDRr */

static int bad(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

static void put_ntp(uint8_t *t, uint64_t ntp)
{
	int i;

	for (i = 0; i < 8; i++)
		t[i] = (uint8_t)(ntp >> (56 - 8 * i));
}

int mikey_request_init(struct mikey_initiator *in, uint64_t ntp_now,
		       const char **why)
{
	struct mikey_resolver *r = &in->k;
	struct mikey_hdr h = {
		.data_type = MIKEY_DT_REQUEST_INIT_PSK,
		.v = true,			/* RFC 6043 4.2.1.1 */
		.prf = MIKEY_PRF_MIKEY_1,
		.map_type = MIKEY_MAP_EMPTY,	/* and #CS 0 */
	};
	const struct mikey_bytes none = { NULL, 0 };
	const struct mikey_bytes ri = { in->randri, sizeof(in->randri) };
	uint8_t t[8], auth[20], tp_data[MIKEY_TP_DATA_MAX];
	struct mikey_bytes parts[3];
	struct mikey_pl tp = { 0 };
	struct mikey_out o, d;
	long mac_at;
	int ret;

	if (!in->responder_len || in->responder_len > 255 || !r->id_len)
		return bad(why, "no Initiator or Responder identity", -EINVAL);
	if (RAND_bytes(in->randri, sizeof(in->randri)) != 1 ||
	    RAND_bytes((uint8_t *)&in->csb_id, sizeof(in->csb_id)) != 1)
		return bad(why, "no random bytes", -EIO);
	h.csb_id = in->csb_id;
	put_ntp(t, ntp_now);
	/* TP Data (6.10): the Responder the ticket is for, (IDRr) */
	mikey_out_init(&d, tp_data, sizeof(tp_data));
	mikey_put_first(&d);
	mikey_put_id(&d, MIKEY_PT_IDR, MIKEY_ROLE_R, 1, in->responder,
		     (uint16_t)in->responder_len);
	/*
	 * The desired policy: a MIKEY Base Ticket (Ticket Type 1, Appendix
	 * A) made by the KMS (D), resolved there (E), RANDRi in the keys
	 * (H), an Initiator and a Responder that process it as RFC 6043 (N,
	 * O), a TRANSFER_RESP if asked (F).
	 */
	tp.ticket_type = 1;
	tp.subtype = 1;
	tp.version = 1;
	tp.tp_prf = MIKEY_PRF_HMAC_SHA256;
	tp.flags = MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_N |
		   MIKEY_TP_O | (in->want_resp ? MIKEY_TP_F : 0);
	tp.data = (struct mikey_bytes){ tp_data, (uint16_t)d.len };
	mikey_out_init(&o, in->req, sizeof(in->req));
	mikey_put_hdr(&o, &h);
	mikey_put_t(&o, 0, MIKEY_TS_NTP_UTC, t);
	/* IDRs before RANDRi: as mikey_resolve_init() has it, for tshark */
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_I, 1, r->id,
		     (uint16_t)r->id_len);
	if (r->kms_len)
		mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_KMS, 1, r->kms,
			     (uint16_t)r->kms_len);
	mikey_put_rand(&o, MIKEY_ROLE_I, in->randri, sizeof(in->randri));
	mikey_put_tp(&o, false, &tp);
	mac_at = mikey_put_v(&o, MIKEY_MAC_HMAC_SHA1_160);
	if (d.overflow || o.overflow || mac_at < 0)
		return bad(why, "REQUEST_INIT too long", -EMSGSIZE);
	in->req_len = o.len;
	/* 5.1.2 (initial, RANDRi), 5.5 (REQUEST_INIT || IDi || IDkms) */
	ret = mikey_msg_keys(h.prf, r->psk, r->psk_len, h.csb_id, false, &ri,
			     &none, NULL, 0, NULL, auth, sizeof(auth));
	if (ret)
		return bad(why, "PRF failed", ret);
	parts[0] = (struct mikey_bytes){ in->req, (uint16_t)mac_at };
	parts[1] = (struct mikey_bytes){ r->id, (uint16_t)r->id_len };
	parts[2] = (struct mikey_bytes){ r->kms, (uint16_t)r->kms_len };
	ret = mikey_mac(MIKEY_MAC_HMAC_SHA1_160, auth, sizeof(auth), parts, 3,
			in->req + mac_at);
	OPENSSL_cleanse(auth, sizeof(auth));
	return ret ? bad(why, "MAC failed", ret) : 0;
}

/*
 * RFC 6043 4.2.1.6: the granted Ticket Policy is ours to accept.  What
 * this gateway, or the Responder's side of mikey_transfer_keys(), cannot
 * carry out is refused now, before the ticket goes to the Responder.
 */
static int granted(struct mikey_initiator *in, const struct mikey_pl *tk,
		   const char **why)
{
	const uint16_t need = MIKEY_TP_H | MIKEY_TP_N | MIKEY_TP_O;
	const uint16_t refused = MIKEY_TP_G | MIKEY_TP_I | MIKEY_TP_J |
				 MIKEY_TP_M |
				 (in->want_resp ? 0 : MIKEY_TP_F);
	struct mikey_chain *c;
	unsigned int i, named = 0;
	int ret = 0;

	/* 6.10: the type we asked for, and processing as RFC 6043 has it */
	if (tk->ticket_type != 1 || tk->subtype != 1 || tk->version != 1 ||
	    (tk->flags & need) != need)
		return bad(why, "a granted ticket that is not a MIKEY Base "
			   "Ticket processed as RFC 6043 (type, N, O, H)",
			   -EOPNOTSUPP);
	/*
	 * G: a RANDRr; I: key forking; J: a ticket used again (each leg
	 * gets its own); M: the Responder's own keys and F: a
	 * TRANSFER_RESP, which the gateway does not verify (it keeps no
	 * MPKi once the TRANSFER_INIT is signed) unless it asked for one.
	 */
	if (tk->flags & refused)
		return bad(why, "a granted ticket with a RANDRr (G), key "
			   "forking (I), reuse (J), the Responder's keys (M) "
			   "or a TRANSFER_RESP not asked for (F)",
			   -EOPNOTSUPP);
	if (!in->k.ntgk)
		return bad(why, "a granted ticket without a TGK", -EINVAL);
	c = OPENSSL_zalloc(sizeof(*c));
	if (!c)
		return bad(why, "no memory", -ENOMEM);
	/* TP Data: the responders allowed, exactly ours; no rekeying */
	ret = mikey_parse_chain(tk->data.p, tk->data.len, true, c, why);
	for (i = 0; !ret && i < c->n; i++) {
		const struct mikey_pl *p = &c->pl[i];

		if (p->type == MIKEY_PT_TR && p->role == MIKEY_ROLE_PSK)
			ret = bad(why, "a granted ticket with a rekeying "
				  "period (TRr): its keys are not rolled",
				  -EOPNOTSUPP);
		else if (p->type == MIKEY_PT_IDR && p->role == MIKEY_ROLE_R &&
			 (p->data.len != in->responder_len ||
			  memcmp(p->data.p, in->responder, p->data.len)))
			ret = bad(why, "a granted ticket for another "
				  "Responder than asked", -EPERM);
		else if (p->type == MIKEY_PT_IDR && p->role == MIKEY_ROLE_R)
			named++;
	}
	if (!ret && !named)
		ret = bad(why, "a granted ticket that names no Responder",
			  -EINVAL);
	OPENSSL_free(c);
	if (!ret)
		in->flags = tk->flags;
	return ret;
}

int mikey_request_resp(struct mikey_initiator *in, const uint8_t *buf,
		       size_t len, int *err, const char **why)
{
	const struct mikey_bytes none = { NULL, 0 };
	const struct mikey_bytes ri = { in->randri, sizeof(in->randri) };
	const struct mikey_pl *tk;
	struct mikey_bytes tb;
	struct mikey_msg *m;
	int ret;

	if (!in->req_len)
		return bad(why, "no REQUEST_INIT", -EINVAL);
	m = OPENSSL_zalloc(sizeof(*m));
	if (!m)
		return bad(why, "no memory", -ENOMEM);
	/* 4.2.1.5: keys from the PSK, a response, RANDRi */
	ret = mikey_kms_answer(&in->k, buf, len, MIKEY_DT_REQUEST_RESP,
			       in->req, in->req_len, &ri, &none, m, err, why);
	if (ret)
		goto out;
	tk = mikey_find(&m->chain, MIKEY_PT_TICKET, 0);
	if (!tk) {
		ret = bad(why, "a REQUEST_RESP without a TICKET", -EINVAL);
	} else {
		tb = mikey_body_of(&m->chain, tk);
		ret = tb.len > sizeof(in->k.req) ?
		      bad(why, "a TICKET too long", -EMSGSIZE) :
		      granted(in, tk, why);
	}
	if (ret) {
		mikey_resolver_wipe(&in->k);
		goto out;
	}
	/* the TICKET as granted, for the TRANSFER_INIT (and its check) */
	memcpy(in->k.req, tb.p, tb.len);
	in->k.ticket_off = 0;
	in->k.ticket_len = tb.len;
	in->k.req_len = tb.len;
out:
	OPENSSL_free(m);
	return ret;
}

/* @m's V MAC (RFC 6043 5.5, as verify_ti() checks it) into its place. */
static int sign_ti(const struct mikey_initiator *in, struct mikey_msg *m,
		   uint8_t *out, const struct mikey_bytes *ri,
		   const char **why)
{
	const struct mikey_chain *c = &m->chain;
	const struct mikey_pl *v = mikey_find(c, MIKEY_PT_V, 0);
	const struct mikey_pl *tk = mikey_find(c, MIKEY_PT_TICKET, 0);
	const struct mikey_bytes none = { NULL, 0 };
	struct mikey_bytes parts[4];
	uint8_t auth[20];
	size_t skip;
	int ret;

	if (!v || !tk || tk->init_off >= v->off)
		return bad(why, "TRANSFER_INIT not written", -EINVAL);
	ret = mikey_msg_keys(m->hdr.prf, in->k.mpki, in->k.mpki_len,
			     m->hdr.csb_id, false, ri, &none, NULL, 0, NULL,
			     auth, sizeof(auth));
	if (ret)
		return bad(why, "PRF failed", ret);
	/* all but the TICKET's Initiator Data; IDi; IDr */
	skip = tk->init_off + 2 + tk->init.len;
	parts[0] = (struct mikey_bytes){ out, (uint16_t)tk->init_off };
	parts[1] = (struct mikey_bytes){ out + skip,
					 (uint16_t)(v->mac_off - skip) };
	parts[2] = (struct mikey_bytes){ in->k.id, (uint16_t)in->k.id_len };
	parts[3] = (struct mikey_bytes){ in->responder,
					 (uint16_t)in->responder_len };
	ret = mikey_mac(v->kind, auth, sizeof(auth), parts, 4,
			out + v->mac_off);
	OPENSSL_cleanse(auth, sizeof(auth));
	return ret ? bad(why, "MAC failed", ret) : 0;
}

int mikey_transfer_init(struct mikey_initiator *in, unsigned int ncs,
			const uint8_t *sp, uint16_t sp_len, uint64_t ntp_now,
			uint8_t *out, size_t cap, struct mikey_srtp_key *keys,
			const char **why)
{
	static const uint8_t policy_no = 1;
	const struct mikey_resolver *r = &in->k;
	struct mikey_hdr h = {
		.data_type = MIKEY_DT_TRANSFER_INIT,
		/* 4.2.2.1: the V flag agrees with the granted F flag */
		.v = in->flags & MIKEY_TP_F,
		.prf = MIKEY_PRF_MIKEY_1,
		.csb_id = in->csb_id,
		.map_type = MIKEY_MAP_GENERIC_ID,
	};
	uint8_t t[8], randri[16];
	const struct mikey_bytes ri = { randri, sizeof(randri) };
	struct mikey_msg *m;
	struct mikey_out o;
	unsigned int i;
	int ret;

	if (!r->ntgk || !r->mpki_len || !r->ticket_len)
		return bad(why, "no ticket granted", -EINVAL);
	if (!ncs || ncs > MIKEY_MAX_CS)
		return bad(why, "1 to 16 crypto sessions", -EINVAL);
	if (RAND_bytes(randri, sizeof(randri)) != 1)
		return bad(why, "no random bytes", -EIO);
	h.ncs = (uint8_t)ncs;
	for (i = 0; i < ncs; i++) {
		struct mikey_cs *cs = &h.cs[i];

		cs->cs_id = (uint8_t)(i + 1);
		cs->prot = 0;				/* SRTP */
		cs->npol = 1;
		cs->pol = &policy_no;
		/*
		 * 6.1.1: no Session Data yet (a length of 0: the writer
		 * needs a pointer to write none), an SPI: the TGK's
		 */
		cs->session = (struct mikey_bytes){ &policy_no, 0 };
		cs->spi = r->tgk[i % r->ntgk].spi;
		cs->spi_len = r->tgk[i % r->ntgk].spi_len;
	}
	put_ntp(t, ntp_now);
	mikey_out_init(&o, out, cap);
	mikey_put_hdr(&o, &h);
	mikey_put_t(&o, 0, MIKEY_TS_NTP_UTC, t);
	mikey_put_rand(&o, MIKEY_ROLE_I, randri, sizeof(randri));
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_I, 1, r->id,
		     (uint16_t)r->id_len);
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_R, 1, in->responder,
		     (uint16_t)in->responder_len);
	mikey_put_sp(&o, policy_no, 0, sp, sp_len);
	mikey_put_raw(&o, MIKEY_PT_TICKET, r->req + r->ticket_off,
		      r->ticket_len);
	if (mikey_put_v(&o, MIKEY_MAC_HMAC_SHA1_160) < 0 || o.overflow)
		return bad(why, "TRANSFER_INIT too long", -EMSGSIZE);
	m = OPENSSL_zalloc(sizeof(*m));
	if (!m)
		return bad(why, "no memory", -ENOMEM);
	/*
	 * Read back as the Responder reads it, signed, then verified and
	 * its keys derived by the Responder's own code: both ends agree by
	 * construction, and what we send parses.
	 */
	ret = mikey_parse(out, o.len, m, why) ?:
	      sign_ti(in, m, out, &ri, why);
	if (!ret) {
		ret = mikey_transfer_keys(r, m, keys, ncs, why);
		if (ret >= 0 && ret != (int)ncs) {
			OPENSSL_cleanse(keys, sizeof(*keys) * ncs);
			ret = bad(why, "crypto sessions without keys",
				  -EINVAL);
		}
	}
	OPENSSL_free(m);
	OPENSSL_cleanse(randri, sizeof(randri));
	return ret < 0 ? ret : (int)o.len;
}

void mikey_initiator_wipe(struct mikey_initiator *in)
{
	mikey_resolver_wipe(&in->k);
	OPENSSL_cleanse(in->randri, sizeof(in->randri));
}
