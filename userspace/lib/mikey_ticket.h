/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The responder of MIKEY-TICKET (RFC 6043 4.2.2, 4.2.3) with a pre-shared
 * key with its KMS: from a TRANSFER_INIT, the RESOLVE_INIT_PSK that asks
 * the KMS for the ticket's keys; from the KMS's RESOLVE_RESP, those keys;
 * with them, the TRANSFER_INIT verified and the SRTP master keys and salts
 * of its crypto sessions derived.  The transport to the KMS is the
 * caller's.  Keys live in the caller's structures; mikey_resolver_wipe()
 * clears them.
 */
#ifndef _MS_MIKEY_TICKET_H
#define _MS_MIKEY_TICKET_H

#include "mikey.h"

#define MIKEY_REQ_MAX		4096	/* a RESOLVE_INIT we write */
#define MIKEY_KEY_MAX		32	/* bytes of an MPK, TGK or TEK */
#define MIKEY_RESP_MAX		1024	/* a TRANSFER_RESP or _INIT we write */
#define MIKEY_PSK_LEN		32	/* a TLS-PSK from a ticket (our choice) */
#define MIKEY_PSK_ID_MAX	32	/* "mikey-" CSB ID "-" SPI, hex */

/**
 * struct mikey_srtp_pol - an SRTP policy (SP payload, RFC 3830 6.10.1):
 *	each parameter the SP does not set has SRTP's default (RFC 3711 8.2)
 * @encr: encryption algorithm: 0 NULL, 1 AES-CM, 2 AES-F8
 * @encr_len: session encryption (and master) key bytes (16)
 * @auth: authentication algorithm: 0 NULL, 1 HMAC-SHA-1
 * @auth_len: session authentication key bytes (20)
 * @salt_len: session salt bytes (14)
 * @prf: SRTP PRF: 0 AES-CM
 * @kdr: key derivation rate (0: derive once)
 * @srtp_encr: SRTP encryption on (1)
 * @srtcp_encr: SRTCP encryption on (1)
 * @fec: sender's FEC order: 0 FEC, then SRTP
 * @srtp_auth: SRTP authentication on (1)
 * @tag_len: authentication tag bytes (10)
 * @prefix_len: SRTP prefix bytes (0)
 */
struct mikey_srtp_pol {
	uint32_t encr, encr_len, auth, auth_len, salt_len, prf, kdr;
	uint32_t srtp_encr, srtcp_encr, fec, srtp_auth, tag_len, prefix_len;
};

/**
 * struct mikey_srtp_key - the SRTP keys of one crypto session
 * @cs_id: its CS ID
 * @ssrc: its SSRC (GENERIC-ID session data)
 * @roc: its rollover counter
 * @key: the SRTP master key
 * @key_len: bytes of @key
 * @salt: the master salt
 * @salt_len: bytes of @salt
 * @mki: the MKI: the SPI of the crypto session (RFC 6043 6.1.1)
 * @mki_len: bytes of @mki
 * @pol: its SRTP policy
 */
struct mikey_srtp_key {
	uint8_t cs_id;
	uint32_t ssrc;
	uint32_t roc;
	uint8_t key[MIKEY_KEY_MAX];
	uint8_t key_len;
	uint8_t salt[14];
	uint8_t salt_len;
	uint8_t mki[4];
	uint8_t mki_len;
	struct mikey_srtp_pol pol;
};

/**
 * struct mikey_result - what a resolved TRANSFER_INIT gives the responder
 * @keys: its crypto sessions' SRTP keys
 * @nkeys: how many
 * @resp: the TRANSFER_RESP to answer, if its ticket asks for one (F flag);
 *	as the Initiator, the TRANSFER_INIT to offer
 * @resp_len: its bytes, 0 for none
 * @want_psk: (the caller's) a TLS-PSK for MSRP, not SRTP keys
 * @psk: that PSK (mikey_transfer_psk())
 * @psk_id: its identity
 */
struct mikey_result {
	struct mikey_srtp_key keys[MIKEY_MAX_CS];
	unsigned int nkeys;
	bool want_psk;
	uint8_t psk[MIKEY_PSK_LEN];
	char psk_id[MIKEY_PSK_ID_MAX];
	uint8_t resp[MIKEY_RESP_MAX];
	size_t resp_len;
};

/**
 * struct mikey_resolver - one resolution under way
 * @id: the gateway's identity (IDRr; a URI)
 * @id_len: its bytes
 * @psk: the key it shares with the KMS
 * @psk_len: its bytes
 * @kms: the KMS's identity (IDRkms) as the MACs cover it
 * @kms_len: its bytes
 * @randrr: the RANDRr of our RESOLVE_INIT
 * @req: our RESOLVE_INIT (the RESOLVE_RESP's MAC covers it); for an
 *	Initiator, the TICKET its REQUEST_RESP granted (mikey_initiator.h)
 * @req_len: its bytes
 * @ticket_off: where the TICKET's bytes (after Next payload) are in @req
 * @ticket_len: their length
 * @mpki: MPKi from the KMS
 * @mpki_len: its bytes
 * @ntgk: TGKs in @tgk
 * @tgk: the TGKs, each with its SPI
 */
struct mikey_resolver {
	const uint8_t *id;
	size_t id_len;
	const uint8_t *psk;
	size_t psk_len;
	const uint8_t *kms;
	size_t kms_len;
	uint8_t randrr[16];
	uint8_t req[MIKEY_REQ_MAX];
	size_t req_len;
	size_t ticket_off;
	size_t ticket_len;
	uint8_t mpki[MIKEY_KEY_MAX];
	uint8_t mpki_len;
	unsigned int ntgk;
	struct {
		uint8_t key[MIKEY_KEY_MAX];
		uint8_t len;
		uint8_t spi[4];
		uint8_t spi_len;
	} tgk[MIKEY_MAX_KEYS];
};

/*
 * The RESOLVE_INIT_PSK for TRANSFER_INIT @ti (read by mikey_parse() from
 * @ti_buf), into @r->req.  0, or -errno with *@why.
 */
int mikey_resolve_init(struct mikey_resolver *r, const struct mikey_msg *ti,
		       uint64_t ntp_now, const char **why);
/*
 * The KMS's answer: its MAC checked, its KEMAC opened, MPKi and the TGKs
 * kept in @r.  -EBADMSG for a MAC that does not match, -EPROTO for an
 * Error message (*@err its first Error no), -EINVAL otherwise.
 */
int mikey_resolve_resp(struct mikey_resolver *r, const uint8_t *buf,
		       size_t len, int *err, const char **why);
/*
 * TRANSFER_INIT @ti (@ti_buf, @ti_len) verified with MPKi (RFC 6043 5.5:
 * the message but its TICKET's Initiator Data, then IDRi's and IDRr's ID
 * Data) and its crypto sessions' SRTP keys derived from their TGKs (RFC
 * 6043 5.1.3; lengths from the SP the session names, else 16 and 14).
 * Returns the number of keys, or -errno with *@why.
 */
int mikey_transfer_keys(const struct mikey_resolver *r,
			const struct mikey_msg *ti, struct mikey_srtp_key *keys,
			unsigned int max, const char **why);
void mikey_resolver_wipe(struct mikey_resolver *r);
/*
 * For an MSRP session over TLS-PSK keyed by a ticket (docs/mikey.md, our
 * choice: TS 33.328's rule was not at hand): @ti verified as for
 * mikey_transfer_keys(); its one crypto session's TEK (RFC 6043 5.1.3),
 * @psk_len bytes, is the PSK, "mikey-" CSB ID "-" SPI (hex) its identity
 * into @id.  0, or -errno with *@why.
 */
int mikey_transfer_psk(const struct mikey_resolver *r,
		       const struct mikey_msg *ti, uint8_t *psk, size_t psk_len,
		       char *id, size_t id_cap, const char **why);
/* Whether @ti's ticket has the Responder answer (F flag, RFC 6043 6.10). */
bool mikey_wants_resp(const struct mikey_msg *ti);
/*
 * The TRANSFER_RESP that answers @ti (RFC 6043 4.2.2.3; its V keyed from
 * MPKi as a response, 5.1.2; covering it and @ti, 5.5), stamped @ntp_now,
 * into @out (@cap bytes).  Its length, or -errno with *@why.  Call after
 * mikey_transfer_keys() verified @ti.
 */
int mikey_transfer_resp(const struct mikey_resolver *r,
			const struct mikey_msg *ti, uint64_t ntp_now,
			uint8_t *out, size_t cap, const char **why);
/*
 * SP payload @no of chain @c (RFC 3830 6.10.1; what it leaves out has
 * SRTP's default) into @pol.  0; -EINVAL for a value longer than 4 bytes or a Policy no that
 * is not there; -EOPNOTSUPP for a parameter type RFC 3830 does not define.
 */
int mikey_srtp_policy(const struct mikey_chain *c, uint8_t no,
		      struct mikey_srtp_pol *pol);

/*
 * Shared with the Initiator (mikey_initiator.c).  mikey_body_of: the bytes
 * of payload @p after its Next payload field.  mikey_msg_keys: a message's
 * auth_key and, unless @encr is NULL (no KEMAC to open), its encr_key and
 * salt_key (RFC 6043 5.1.2).  mikey_v_last: whether V is @c's last
 * payload (RFC 6043 4.2.1.2, 4.2.2.1, 4.2.3.5: "The last payload SHALL be
 * V"), its MAC then covering every byte before it.  mikey_take_keys: the
 * key data of a KEMAC (MPKi, then TGKs with their SPI) into @r.
 */
struct mikey_bytes mikey_body_of(const struct mikey_chain *c,
				 const struct mikey_pl *p);
int mikey_msg_keys(uint8_t prf, const uint8_t *inkey, size_t inkey_len,
		   uint32_t csb, bool response, const struct mikey_bytes *ri,
		   const struct mikey_bytes *rr, uint8_t *encr, size_t encr_len,
		   uint8_t *salt, uint8_t *auth, size_t auth_len);
bool mikey_v_last(const struct mikey_chain *c, const struct mikey_pl *v);
/*
 * The KMS's answer @buf (@len bytes) of data type @type to our request
 * @req: read into @m; an Error message (-EPROTO, *@err its Error no);
 * its V last, its MAC over it then @req checked (5.5, -EBADMSG), its
 * KEMAC opened with the response keys from @r's PSK and RAND @ri or @rr
 * (5.1.2), MPKi and the TGKs taken into @r (wiped on failure).
 */
int mikey_kms_answer(struct mikey_resolver *r, const uint8_t *buf,
		     size_t len, uint8_t type, const uint8_t *req,
		     size_t req_len, const struct mikey_bytes *ri,
		     const struct mikey_bytes *rr, struct mikey_msg *m,
		     int *err, const char **why);
int mikey_take_keys(struct mikey_resolver *r, const uint8_t *plain,
		    size_t len, const char **why);

#endif /* _MS_MIKEY_TICKET_H */
