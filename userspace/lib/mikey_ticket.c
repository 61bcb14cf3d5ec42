// SPDX-License-Identifier: GPL-2.0
/*
 * The MIKEY-TICKET responder with a PSK (mikey_ticket.h): RFC 6043 4.2.3
 * (Ticket Resolve) and 4.2.2 (the TRANSFER_INIT it answers), the keys of
 * 5.1.2 and 5.1.3, the MAC coverage of 5.5.  Choices where the RFC is
 * silent (docs/mikey.md): the RESOLVE_INIT carries the TRANSFER_INIT's
 * CSB ID and PRF MIKEY-1; a KEMAC's IV takes the T of the message that
 * carries it; a missing IDRi or IDRr adds no bytes to a MAC.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mikey_crypto.h"
#include "mikey_ticket.h"

static int bad(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

struct mikey_bytes mikey_body_of(const struct mikey_chain *c,
				 const struct mikey_pl *p)
{
	return (struct mikey_bytes){ c->buf + p->off + 1,
				     (uint16_t)(p->len - 1) };
}

int mikey_msg_keys(uint8_t prf, const uint8_t *inkey, size_t inkey_len,
		   uint32_t csb, bool response, const struct mikey_bytes *ri,
		   const struct mikey_bytes *rr, uint8_t *encr, size_t encr_len,
		   uint8_t *salt, uint8_t *auth, size_t auth_len)
{
	uint8_t label[MIKEY_LABEL_RAND_MAX];
	size_t n;
	int ret = 0;

	if (encr) {
		n = mikey_label_msg(label, MIKEY_C_ENCR, csb, response, ri,
				    rr);
		ret = mikey_prf(prf, inkey, inkey_len, label, n, encr,
				encr_len);
		n = mikey_label_msg(label, MIKEY_C_SALT, csb, response, ri,
				    rr);
		ret = ret ?: mikey_prf(prf, inkey, inkey_len, label, n, salt,
				       14);
	}
	n = mikey_label_msg(label, MIKEY_C_AUTH, csb, response, ri, rr);
	return ret ?: mikey_prf(prf, inkey, inkey_len, label, n, auth,
				auth_len);
}

int mikey_resolve_init(struct mikey_resolver *r, const struct mikey_msg *ti,
		       uint64_t ntp_now, const char **why)
{
	const struct mikey_pl *ticket = mikey_find(&ti->chain, MIKEY_PT_TICKET,
						   0);
	struct mikey_hdr h = {
		.data_type = MIKEY_DT_RESOLVE_INIT_PSK,
		.v = true,		/* RFC 6043 4.2.3.1 */
		.prf = MIKEY_PRF_MIKEY_1,
		.csb_id = ti->hdr.csb_id,
		.map_type = MIKEY_MAP_EMPTY,
	};
	const struct mikey_bytes none = { NULL, 0 };
	const struct mikey_bytes rr = { r->randrr, sizeof(r->randrr) };
	uint8_t t[8], auth[20];
	struct mikey_bytes parts[3], tb;
	struct mikey_out o;
	long mac_at;
	int i, ret;

	if (ti->hdr.data_type != MIKEY_DT_TRANSFER_INIT || !ticket)
		return bad(why, "not a TRANSFER_INIT with a TICKET", -EINVAL);
	if (RAND_bytes(r->randrr, sizeof(r->randrr)) != 1)
		return bad(why, "no random bytes", -EIO);
	for (i = 0; i < 8; i++)
		t[i] = (uint8_t)(ntp_now >> (56 - 8 * i));
	tb = mikey_body_of(&ti->chain, ticket);
	mikey_out_init(&o, r->req, sizeof(r->req));
	mikey_put_hdr(&o, &h);
	mikey_put_t(&o, 0, MIKEY_TS_NTP_UTC, t);
	/*
	 * IDRr and IDRkms before RANDRr: RFC 3830 5.2 makes the listed
	 * order a recommendation; this one lets Debian 12's tshark, which
	 * lacks RFC 6043's RANDR and stops there, decode the IDRs too.
	 */
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_R, 1, r->id,
		     (uint16_t)r->id_len);
	if (r->kms_len)
		mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_KMS, 1, r->kms,
			     (uint16_t)r->kms_len);
	mikey_put_rand(&o, MIKEY_ROLE_R, r->randrr, sizeof(r->randrr));
	/* the TICKET as it came: its MAC covers every byte of it */
	r->ticket_off = o.len + 1;
	r->ticket_len = tb.len;
	mikey_put_raw(&o, MIKEY_PT_TICKET, tb.p, tb.len);
	mac_at = mikey_put_v(&o, MIKEY_MAC_HMAC_SHA1_160);
	if (o.overflow || mac_at < 0)
		return bad(why, "RESOLVE_INIT too long", -EMSGSIZE);
	r->req_len = o.len;
	/* RFC 6043 5.1.2 (initial, RANDRr) and 5.5 (|| IDr || IDkms) */
	ret = mikey_msg_keys(h.prf, r->psk, r->psk_len, h.csb_id, false,
			     &none, &rr, NULL, 0, NULL, auth, sizeof(auth));
	if (ret)
		return bad(why, "PRF failed", ret);
	parts[0] = (struct mikey_bytes){ r->req, (uint16_t)mac_at };
	parts[1] = (struct mikey_bytes){ r->id, (uint16_t)r->id_len };
	parts[2] = (struct mikey_bytes){ r->kms, (uint16_t)r->kms_len };
	ret = mikey_mac(MIKEY_MAC_HMAC_SHA1_160, auth, sizeof(auth), parts, 3,
			r->req + mac_at);
	OPENSSL_cleanse(auth, sizeof(auth));
	return ret ? bad(why, "MAC failed", ret) : 0;
}

bool mikey_v_last(const struct mikey_chain *c, const struct mikey_pl *v)
{
	return v && c->n && v == &c->pl[c->n - 1] && v->off + v->len == c->len;
}

int mikey_take_keys(struct mikey_resolver *r, const uint8_t *plain,
		    size_t len, const char **why)
{
	struct mikey_key k[MIKEY_MAX_KEYS];
	int n, i;

	n = mikey_parse_keys(plain, len, k, MIKEY_MAX_KEYS, why);
	if (n < 0)
		return n;
	if (!n || k[0].type != MIKEY_KEY_MPK || k[0].key.len > MIKEY_KEY_MAX)
		return bad(why, "the KEMAC's first key is not an MPK", -EINVAL);
	memcpy(r->mpki, k[0].key.p, k[0].key.len);
	r->mpki_len = (uint8_t)k[0].key.len;
	r->ntgk = 0;
	for (i = 1; i < n; i++) {
		if (k[i].type != MIKEY_KEY_TGK || k[i].kv != MIKEY_KV_SPI ||
		    k[i].key.len > MIKEY_KEY_MAX || k[i].spi.len > 4)
			return bad(why, "a key other than a TGK with an SPI",
				   -EOPNOTSUPP);
		memcpy(r->tgk[r->ntgk].key, k[i].key.p, k[i].key.len);
		r->tgk[r->ntgk].len = (uint8_t)k[i].key.len;
		memcpy(r->tgk[r->ntgk].spi, k[i].spi.p, k[i].spi.len);
		r->tgk[r->ntgk].spi_len = (uint8_t)k[i].spi.len;
		r->ntgk++;
	}
	return 0;
}


int mikey_kms_answer(struct mikey_resolver *r, const uint8_t *buf,
		     size_t len, uint8_t type, const uint8_t *req,
		     size_t req_len, const struct mikey_bytes *ri,
		     const struct mikey_bytes *rr, struct mikey_msg *m,
		     int *err, const char **why)
{
	uint8_t encr[32], salt[14], auth[32], t64[8], plain[1024];
	uint32_t csb = (uint32_t)req[4] << 24 | (uint32_t)req[5] << 16 |
		       (uint32_t)req[6] << 8 | req[7];
	const struct mikey_pl *v, *kemac, *t, *e;
	struct mikey_bytes parts[2];
	int ret, mlen;

	ret = mikey_parse(buf, len, m, why);
	if (ret)
		return ret;
	if (m->hdr.csb_id != csb)
		return bad(why, "another CSB ID", -EINVAL);
	/*
	 * An Error message: its number is a hint for the log and the
	 * caller's own error, nothing is taken from it (it is not MACed
	 * with a key we hold: RFC 6043 5.4 uses the failed message's).
	 */
	if (m->hdr.data_type == MIKEY_DT_ERROR) {
		e = mikey_find(&m->chain, MIKEY_PT_ERR, 0);
		*err = e ? e->kind : MIKEY_ERR_UNSPEC;
		return bad(why, "the KMS answered with an Error message",
			   -EPROTO);
	}
	v = mikey_find(&m->chain, MIKEY_PT_V, 0);
	kemac = mikey_find(&m->chain, MIKEY_PT_KEMAC, 0);
	t = mikey_find(&m->chain, MIKEY_PT_T, 0);
	if (m->hdr.data_type != type || !v || !kemac || !t)
		return bad(why, "not the answer asked for, with T, KEMAC and "
			   "V", -EINVAL);
	if (!mikey_v_last(&m->chain, v))
		return bad(why, "V is not the last payload", -EINVAL);
	mlen = mikey_mac_len(v->kind);
	if (mlen <= 0 || kemac->mac_alg != MIKEY_MAC_NULL ||
	    (kemac->kind != MIKEY_ENCR_AES_CM_128 &&
	     kemac->kind != MIKEY_ENCR_AES_CM_256) ||
	    kemac->data.len > sizeof(plain))
		return bad(why, "algorithms not supported", -EOPNOTSUPP);
	/* 5.1.2: keys of a response, from the PSK */
	ret = mikey_msg_keys(m->hdr.prf, r->psk, r->psk_len, m->hdr.csb_id,
			     true, ri, rr, encr,
			     kemac->kind == MIKEY_ENCR_AES_CM_256 ? 32 : 16,
			     salt, auth, (size_t)mlen);
	if (ret) {
		*why = "PRF failed";
		goto out;
	}
	/* 5.5: the answer || the request */
	parts[0] = (struct mikey_bytes){ buf, (uint16_t)v->mac_off };
	parts[1] = (struct mikey_bytes){ req, (uint16_t)req_len };
	ret = mikey_mac_check(v->kind, auth, (size_t)mlen, parts, 2, &v->mac);
	if (ret) {
		*why = type == MIKEY_DT_RESOLVE_RESP ?
		       "RESOLVE_RESP MAC does not match" :
		       "REQUEST_RESP MAC does not match";
		goto out;
	}
	ret = mikey_t64(t, t64) ?:
	      mikey_aes_cm(kemac->kind, encr, salt, m->hdr.csb_id, t64,
			   kemac->data.p, plain, kemac->data.len);
	if (!ret)
		ret = mikey_take_keys(r, plain, kemac->data.len, why);
	else
		*why = "KEMAC not decrypted";
	if (ret)
		mikey_resolver_wipe(r);
out:
	OPENSSL_cleanse(encr, sizeof(encr));
	OPENSSL_cleanse(salt, sizeof(salt));
	OPENSSL_cleanse(auth, sizeof(auth));
	OPENSSL_cleanse(plain, sizeof(plain));
	return ret;
}

int mikey_resolve_resp(struct mikey_resolver *r, const uint8_t *buf,
		       size_t len, int *err, const char **why)
{
	const struct mikey_bytes none = { NULL, 0 };
	const struct mikey_bytes rr = { r->randrr, sizeof(r->randrr) };
	struct mikey_msg m;
	int ret;

	ret = mikey_kms_answer(r, buf, len, MIKEY_DT_RESOLVE_RESP, r->req,
			       r->req_len, &none, &rr, &m, err, why);
	if (ret)
		return ret;
	/*
	 * RFC 6043 4.2.2.3: an IDRr or RANDRkms from the KMS must be echoed
	 * in the TRANSFER_RESP; they come with key forking (5.1.1), which
	 * is not supported: refused rather than left out.
	 */
	if (mikey_find(&m.chain, MIKEY_PT_IDR, MIKEY_ROLE_R) ||
	    mikey_find(&m.chain, MIKEY_PT_RANDR, MIKEY_ROLE_KMS)) {
		mikey_resolver_wipe(r);
		return bad(why, "an IDRr or RANDRkms from the KMS (key "
			   "forking) is not supported", -EOPNOTSUPP);
	}
	return 0;
}

int mikey_srtp_policy(const struct mikey_chain *c, uint8_t no,
		      struct mikey_srtp_pol *pol)
{
	/* in the order of RFC 3830 Table 6.10.1.a */
	uint32_t *val[] = { &pol->encr, &pol->encr_len, &pol->auth,
			    &pol->auth_len, &pol->salt_len, &pol->prf,
			    &pol->kdr, &pol->srtp_encr, &pol->srtcp_encr,
			    &pol->fec, &pol->srtp_auth, &pol->tag_len,
			    &pol->prefix_len };
	const struct mikey_pl *p = NULL;
	unsigned int i, at, k;

	/* RFC 3711 8.2's defaults */
	*pol = (struct mikey_srtp_pol){ .encr = 1, .encr_len = 16, .auth = 1,
					.auth_len = 20, .salt_len = 14,
					.srtp_encr = 1, .srtcp_encr = 1,
					.srtp_auth = 1, .tag_len = 10 };
	for (i = 0; i < c->n && !p; i++)
		if (c->pl[i].type == MIKEY_PT_SP && c->pl[i].no == no)
			p = &c->pl[i];
	if (!p)
		return -EINVAL;
	if (p->kind != 0)			/* Prot type: SRTP */
		return -EOPNOTSUPP;
	/* the parse checked that the triplets fill the payload exactly */
	for (at = 0; at + 2 <= p->data.len; at += 2 + p->data.p[at + 1]) {
		uint8_t type = p->data.p[at], len = p->data.p[at + 1];
		uint32_t v = 0;

		if (type >= sizeof(val) / sizeof(val[0]))
			return -EOPNOTSUPP;
		if (!len || len > 4)
			return -EINVAL;
		for (k = 0; k < len; k++)
			v = v << 8 | p->data.p[at + 2 + k];
		*val[type] = v;
	}
	return 0;
}

/*
 * TRANSFER_INIT @ti verified with MPKi (RFC 6043 5.5: the message but its
 * TICKET's Initiator Data, then IDRi's and IDRr's ID Data), after the
 * checks that come first; its RANDRi into *@randri for the keys (5.1.3).
 */
static int verify_ti(const struct mikey_resolver *r, const struct mikey_msg *ti,
		     struct mikey_bytes *randri, const char **why)
{
	const struct mikey_chain *c = &ti->chain;
	const struct mikey_pl *v = mikey_find(c, MIKEY_PT_V, 0);
	const struct mikey_pl *ri = mikey_find(c, MIKEY_PT_RANDR, MIKEY_ROLE_I);
	const struct mikey_pl *idi = mikey_find(c, MIKEY_PT_IDR, MIKEY_ROLE_I);
	const struct mikey_pl *idr = mikey_find(c, MIKEY_PT_IDR, MIKEY_ROLE_R);
	const struct mikey_pl *tk = mikey_find(c, MIKEY_PT_TICKET, 0);
	const struct mikey_bytes none = { NULL, 0 };
	struct mikey_bytes parts[4];
	uint8_t auth[32];
	int ret, mlen;
	size_t skip;
	if (ti->hdr.data_type != MIKEY_DT_TRANSFER_INIT || !v || !ri || !tk ||
	    ti->hdr.map_type != MIKEY_MAP_GENERIC_ID)
		return bad(why, "TRANSFER_INIT without V, RANDRi, TICKET or "
			   "GENERIC-ID map", -EINVAL);
	if (!mikey_v_last(c, v) || tk->init_off >= v->off)
		return bad(why, "V is not the last payload, after the TICKET",
			   -EINVAL);
	/* the ticket the KMS resolved for us, not another */
	if (tk->len - 1 != r->ticket_len || !r->req_len ||
	    memcmp(c->buf + tk->off + 1, r->req + r->ticket_off,
		   r->ticket_len))
		return bad(why, "not the TICKET that was resolved", -EINVAL);
	if (tk->flags & MIKEY_TP_G)
		return bad(why, "a RANDRr of ours (G flag) is not supported",
			   -EOPNOTSUPP);
	/* RFC 6043 5.1.3: one RAND at least; 6.10: NOT H => G */
	if (!(tk->flags & MIKEY_TP_H))
		return bad(why, "a ticket that puts no RAND in the keys (H, G)",
			   -EINVAL);
	mlen = mikey_mac_len(v->kind);
	if (mlen <= 0)
		return bad(why, "V without a MAC", -EINVAL);
	*randri = ri->data;
	/* no KEMAC is opened here: the auth_key only */
	ret = mikey_msg_keys(ti->hdr.prf, r->mpki, r->mpki_len,
			     ti->hdr.csb_id, false, randri, &none, NULL, 0,
			     NULL, auth, (size_t)mlen);
	if (ret)
		return bad(why, "PRF failed", ret);
	/* RFC 6043 5.5: all but the TICKET's Initiator Data; IDi; IDr */
	skip = tk->init_off + 2 + tk->init.len;
	parts[0] = (struct mikey_bytes){ c->buf, (uint16_t)tk->init_off };
	parts[1] = (struct mikey_bytes){ c->buf + skip,
					 (uint16_t)(v->mac_off - skip) };
	/* checked above: the TICKET's end <= V's start < its MAC */
	parts[2] = idi ? idi->data : none;
	parts[3] = idr ? idr->data : none;
	ret = mikey_mac_check(v->kind, auth, (size_t)mlen, parts, 4, &v->mac);
	OPENSSL_cleanse(auth, sizeof(auth));
	if (ret)
		return bad(why, "TRANSFER_INIT MAC does not match", ret);
	return 0;
}

int mikey_transfer_keys(const struct mikey_resolver *r,
			const struct mikey_msg *ti, struct mikey_srtp_key *keys,
			unsigned int max, const char **why)
{
	const struct mikey_chain *c = &ti->chain;
	const struct mikey_pl *tk = mikey_find(c, MIKEY_PT_TICKET, 0);
	const struct mikey_bytes none = { NULL, 0 };
	uint8_t label[MIKEY_LABEL_RAND_MAX];
	struct mikey_bytes randri;
	unsigned int i, j, d, n = 0;
	int ret;

	ret = verify_ti(r, ti, &randri, why);
	if (ret)
		return ret;
	for (i = 0; i < ti->hdr.ncs && n < max; i++) {
		const struct mikey_cs *cs = &ti->hdr.cs[i];
		struct mikey_srtp_key *k = &keys[n];
		const struct mikey_bytes *rand_i =
			(tk->flags & MIKEY_TP_H) ? &randri : &none;

		for (j = 0; j < r->ntgk; j++)
			if (r->tgk[j].spi_len == cs->spi_len &&
			    !memcmp(r->tgk[j].spi, cs->spi, cs->spi_len))
				break;
		if (j == r->ntgk || cs->prot != 0 || !cs->npol ||
		    cs->spi_len > sizeof(k->mki)) {
			ret = bad(why, "a crypto session without its TGK",
				  -EINVAL);
			goto fail;
		}
		/*
		 * Policies to choose from (RFC 6043 6.1.1) need the choice
		 * told in a TRANSFER_RESP; and a CS ID twice would give two
		 * streams one key (a reflection).
		 */
		if (cs->npol != 1) {
			ret = bad(why, "a crypto session with a choice of "
				  "policies", -EOPNOTSUPP);
			goto fail;
		}
		for (d = 0; d < i; d++)
			if (ti->hdr.cs[d].cs_id == cs->cs_id)
				break;
		if (d < i) {
			ret = bad(why, "a CS ID twice", -EINVAL);
			goto fail;
		}
		memset(k, 0, sizeof(*k));
		k->cs_id = cs->cs_id;
		k->ssrc = cs->ssrc;
		k->roc = cs->roc;
		ret = mikey_srtp_policy(c, cs->pol[0], &k->pol);
		if (ret) {
			bad(why, ret == -EINVAL ? "a crypto session's SP is "
			    "missing or malformed" : "an SP parameter RFC "
			    "3830 6.10.1 does not define", ret);
			goto fail;
		}
		/* the AES key sizes, and SRTP's 112-bit salt only */
		if ((k->pol.encr_len != 16 && k->pol.encr_len != 24 &&
		     k->pol.encr_len != 32) || k->pol.salt_len != 14) {
			ret = bad(why, "SP key lengths not supported",
				  -EOPNOTSUPP);
			goto fail;
		}
		k->key_len = (uint8_t)k->pol.encr_len;
		k->salt_len = (uint8_t)k->pol.salt_len;
		/* RFC 6043 5.1.3: TEK and salt from the TGK */
		ret = mikey_prf(ti->hdr.prf, r->tgk[j].key, r->tgk[j].len,
				label, mikey_label_tgk(label, MIKEY_C_TEK,
						       cs->cs_id, rand_i,
						       &none),
				k->key, k->key_len) ?:
		      mikey_prf(ti->hdr.prf, r->tgk[j].key, r->tgk[j].len,
				label, mikey_label_tgk(label, MIKEY_C_TGK_SALT,
						       cs->cs_id, rand_i,
						       &none),
				k->salt, k->salt_len);
		if (ret) {
			bad(why, "PRF failed", ret);
			goto fail;
		}
		memcpy(k->mki, cs->spi, cs->spi_len);
		k->mki_len = cs->spi_len;
		n++;
	}
	return (int)n;
fail:
	OPENSSL_cleanse(keys, sizeof(*keys) * max);
	return ret;
}

int mikey_transfer_psk(const struct mikey_resolver *r,
		       const struct mikey_msg *ti, uint8_t *psk, size_t psk_len,
		       char *id, size_t id_cap, const char **why)
{
	const struct mikey_bytes none = { NULL, 0 };
	const struct mikey_cs *cs = &ti->hdr.cs[0];
	uint8_t label[MIKEY_LABEL_RAND_MAX];
	struct mikey_bytes randri;
	unsigned int j, k;
	size_t n;
	int ret;

	ret = verify_ti(r, ti, &randri, why);
	if (ret)
		return ret;
	/* one session, one policy or none (a TRANSFER_RESP copies it) */
	if (ti->hdr.ncs != 1 || cs->npol > 1)
		return bad(why, "a TLS-PSK from a ticket: one crypto session",
			   -EINVAL);
	for (j = 0; j < r->ntgk; j++)
		if (r->tgk[j].spi_len == cs->spi_len &&
		    !memcmp(r->tgk[j].spi, cs->spi, cs->spi_len))
			break;
	if (j == r->ntgk || !cs->spi_len)
		return bad(why, "a crypto session without its TGK", -EINVAL);
	/* docs/mikey.md: "mikey-" CSB ID "-" SPI, in hex */
	n = (size_t)snprintf(id, id_cap, "mikey-%08x-", ti->hdr.csb_id);
	for (k = 0; k < cs->spi_len && n + 3 <= id_cap; k++)
		n += (size_t)snprintf(id + n, id_cap - n, "%02x", cs->spi[k]);
	if (k < cs->spi_len)
		return bad(why, "a PSK identity too long", -EINVAL);
	/* TGK j's TEK for the session (RFC 6043 5.1.3; H: RANDRi in it) */
	ret = mikey_prf(ti->hdr.prf, r->tgk[j].key, r->tgk[j].len, label,
			mikey_label_tgk(label, MIKEY_C_TEK, cs->cs_id, &randri,
					&none), psk, psk_len);
	if (ret) {
		OPENSSL_cleanse(psk, psk_len);
		return bad(why, "PRF failed", ret);
	}
	return 0;
}

bool mikey_wants_resp(const struct mikey_msg *ti)
{
	const struct mikey_pl *tk = mikey_find(&ti->chain, MIKEY_PT_TICKET, 0);

	return tk && (tk->flags & MIKEY_TP_F);
}

int mikey_transfer_resp(const struct mikey_resolver *r,
			const struct mikey_msg *ti, uint64_t ntp_now,
			uint8_t *out, size_t cap, const char **why)
{
	const struct mikey_chain *c = &ti->chain;
	const struct mikey_pl *v = mikey_find(c, MIKEY_PT_V, 0);
	const struct mikey_pl *ri = mikey_find(c, MIKEY_PT_RANDR, MIKEY_ROLE_I);
	const struct mikey_bytes none = { NULL, 0 };
	struct mikey_bytes parts[2];
	struct mikey_hdr h = ti->hdr;
	uint8_t t[8], auth[32];
	struct mikey_out o;
	int i, ret, mlen;
	long mac_at;

	if (!v || !ri || !r->mpki_len || c->len > UINT16_MAX)
		return bad(why, "no TRANSFER_INIT resolved to answer", -EINVAL);
	mlen = mikey_mac_len(v->kind);
	if (mlen <= 0)
		return bad(why, "V without a MAC", -EINVAL);
	/*
	 * RFC 6043 4.2.2.3: the TRANSFER_INIT's version, PRF, CSB ID and
	 * CS ID map (each session has one policy: mikey_transfer_keys()
	 * refused others; Session Data and SPI as the Initiator gave them),
	 * V flag 0, a fresh NTP timestamp; no RANDRr (G is refused), no
	 * IDRr (the KMS sent none), no SP or KEMAC of ours; V last.
	 */
	h.data_type = MIKEY_DT_TRANSFER_RESP;
	h.v = false;
	for (i = 0; i < 8; i++)
		t[i] = (uint8_t)(ntp_now >> (56 - 8 * i));
	mikey_out_init(&o, out, cap);
	mikey_put_hdr(&o, &h);
	mikey_put_t(&o, 0, MIKEY_TS_NTP_UTC, t);
	mac_at = mikey_put_v(&o, v->kind);
	if (o.overflow || mac_at < 0)
		return bad(why, "TRANSFER_RESP too long", -EMSGSIZE);
	/* 5.1.2: a response, from MPKi (no forking), RANDRi alone */
	ret = mikey_msg_keys(h.prf, r->mpki, r->mpki_len, h.csb_id, true,
			     &ri->data, &none, NULL, 0, NULL, auth,
			     (size_t)mlen);
	if (ret)
		return bad(why, "PRF failed", ret);
	/* 5.5: TRANSFER_RESP || TRANSFER_INIT */
	parts[0] = (struct mikey_bytes){ out, (uint16_t)mac_at };
	parts[1] = (struct mikey_bytes){ c->buf, (uint16_t)c->len };
	ret = mikey_mac(v->kind, auth, (size_t)mlen, parts, 2, out + mac_at);
	OPENSSL_cleanse(auth, sizeof(auth));
	return ret ? bad(why, "MAC failed", ret) : (int)o.len;
}

void mikey_resolver_wipe(struct mikey_resolver *r)
{
	OPENSSL_cleanse(r->mpki, sizeof(r->mpki));
	OPENSSL_cleanse(r->tgk, sizeof(r->tgk));
	r->ntgk = 0;
	r->mpki_len = 0;
}
