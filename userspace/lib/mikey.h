/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MIKEY messages (RFC 3830, with RFC 4563 and MIKEY-TICKET, RFC 6043):
 * the codec.  mikey_parse() takes a message apart into views of its
 * payloads (pointers into the caller's bytes, nothing copied), with every
 * length checked against what the payload's type says and against the
 * message; the writer (struct mikey_out) builds one payload at a time,
 * chaining the "Next payload" fields.  What the payloads mean (keys, MACs,
 * the exchanges) is for the callers; docs/mikey.md says which clause
 * gives each field.
 */
#ifndef _MS_MIKEY_H
#define _MS_MIKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MIKEY_VERSION		1

/* HDR data type (RFC 3830 Table 6.1.a, RFC 6043 Table 6.1) */
enum mikey_data_type {
	MIKEY_DT_PSK_INIT = 0,
	MIKEY_DT_PSK_RESP = 1,
	MIKEY_DT_PK_INIT = 2,
	MIKEY_DT_PK_RESP = 3,
	MIKEY_DT_DH_INIT = 4,
	MIKEY_DT_DH_RESP = 5,
	MIKEY_DT_ERROR = 6,
	MIKEY_DT_REQUEST_INIT_PSK = 11,
	MIKEY_DT_REQUEST_INIT_PK = 12,
	MIKEY_DT_REQUEST_RESP = 13,
	MIKEY_DT_TRANSFER_INIT = 14,
	MIKEY_DT_TRANSFER_RESP = 15,
	MIKEY_DT_RESOLVE_INIT_PSK = 16,
	MIKEY_DT_RESOLVE_INIT_PK = 17,
	MIKEY_DT_RESOLVE_RESP = 18,
};

/* Next payload (RFC 3830 Table 6.1.b, RFC 6043 Table 6.2) */
enum mikey_pt {
	MIKEY_PT_LAST = 0,
	MIKEY_PT_KEMAC = 1,
	MIKEY_PT_PKE = 2,
	MIKEY_PT_DH = 3,
	MIKEY_PT_SIGN = 4,
	MIKEY_PT_T = 5,
	MIKEY_PT_ID = 6,
	MIKEY_PT_CERT = 7,
	MIKEY_PT_CHASH = 8,
	MIKEY_PT_V = 9,
	MIKEY_PT_SP = 10,
	MIKEY_PT_RAND = 11,
	MIKEY_PT_ERR = 12,
	MIKEY_PT_TR = 13,
	MIKEY_PT_IDR = 14,
	MIKEY_PT_RANDR = 15,
	MIKEY_PT_TP = 16,
	MIKEY_PT_TICKET = 17,
	MIKEY_PT_KEY_DATA = 20,
	MIKEY_PT_GEXT = 21,
};

/* PRF func (RFC 3830 Table 6.1.c, RFC 6043 Table 6.3) */
enum mikey_prf {
	MIKEY_PRF_MIKEY_1 = 0,		/* P_SHA1 (RFC 3830 4.1.2) */
	MIKEY_PRF_HMAC_SHA256 = 1,	/* P_SHA256 */
};

/* CS ID map type (RFC 3830 Table 6.1.d, RFC 4563 5, RFC 6043 6.1.1) */
enum mikey_map {
	MIKEY_MAP_SRTP_ID = 0,
	MIKEY_MAP_EMPTY = 1,
	MIKEY_MAP_GENERIC_ID = 2,
};

/* KEMAC encryption (RFC 3830 Table 6.2.a, RFC 6043 Table 6.5) */
enum mikey_encr {
	MIKEY_ENCR_NULL = 0,
	MIKEY_ENCR_AES_CM_128 = 1,
	MIKEY_ENCR_AES_KW_128 = 2,
	MIKEY_ENCR_AES_CM_256 = 3,
};

/* MAC / V auth alg (RFC 3830 Table 6.2.b, RFC 6043 Table 6.6) */
enum mikey_mac {
	MIKEY_MAC_NULL = 0,
	MIKEY_MAC_HMAC_SHA1_160 = 1,
	MIKEY_MAC_HMAC_SHA256_256 = 2,
};

/* TS type (RFC 3830 6.6, RFC 6043 Table 6.8) */
enum mikey_ts {
	MIKEY_TS_NTP_UTC = 0,
	MIKEY_TS_NTP = 1,
	MIKEY_TS_COUNTER = 2,
	MIKEY_TS_NTP_UTC_32 = 3,
};

/* Key data type and KV (RFC 3830 6.13, RFC 6043 Table 6.7) */
enum mikey_key_type {
	MIKEY_KEY_TGK = 0,
	MIKEY_KEY_TGK_SALT = 1,
	MIKEY_KEY_TEK = 2,
	MIKEY_KEY_TEK_SALT = 3,
	MIKEY_KEY_GTGK = 4,
	MIKEY_KEY_GTGK_SALT = 5,
	MIKEY_KEY_MPK = 6,
};

enum mikey_kv {
	MIKEY_KV_NULL = 0,
	MIKEY_KV_SPI = 1,
	MIKEY_KV_INTERVAL = 2,
};

/* Roles of TR, IDR and RANDR (RFC 6043 Tables 6.9, 6.11, 6.13) */
enum mikey_role {
	MIKEY_ROLE_NONE = 0,		/* T, ID, RAND: no role */
	MIKEY_ROLE_I = 1,		/* Initiator; TR: time of issue */
	MIKEY_ROLE_R = 2,		/* Responder; TR: start of validity */
	MIKEY_ROLE_KMS = 3,		/* KMS; TR: end of validity */
	MIKEY_ROLE_PSK = 4,		/* IDR: pre-shared key; TR: rekeying */
	MIKEY_ROLE_APP = 5,		/* IDR: application */
};

/* Error no (RFC 3830 6.12, RFC 4738 3.9.2, RFC 6043 Table 6.14) */
enum mikey_err {
	MIKEY_ERR_AUTH = 0,
	MIKEY_ERR_TS = 1,
	MIKEY_ERR_PRF = 2,
	MIKEY_ERR_MAC = 3,
	MIKEY_ERR_EA = 4,
	MIKEY_ERR_HA = 5,
	MIKEY_ERR_DH = 6,
	MIKEY_ERR_ID = 7,
	MIKEY_ERR_CERT = 8,
	MIKEY_ERR_SP = 9,
	MIKEY_ERR_SPPAR = 10,
	MIKEY_ERR_DT = 11,
	MIKEY_ERR_UNSPEC = 12,
	MIKEY_ERR_MSG_TYPE = 13,
	MIKEY_ERR_TICKET = 14,
	MIKEY_ERR_TPPAR = 15,
};

#define MIKEY_MAX_CS		16	/* crypto sessions of one message */
#define MIKEY_MAX_PL		32	/* payloads of one chain */

/* A run of bytes of the message. */
struct mikey_bytes {
	const uint8_t *p;
	uint16_t len;
};

/**
 * struct mikey_cs - one crypto session of the HDR's CS ID map
 * @cs_id: its CS ID (SRTP-ID: its 1-based place in the map)
 * @prot: its security protocol (0: SRTP)
 * @has_roc_seq: GENERIC-ID's S flag: @roc and @seq were given
 * @npol: policies in @pol (SRTP-ID: one)
 * @pol: the SP payloads' Policy no it uses
 * @ssrc: the SRTP stream's SSRC
 * @roc: its rollover counter
 * @seq: its sequence number (GENERIC-ID with S)
 * @spi_len: bytes of @spi (GENERIC-ID; 0 none)
 * @spi: the SPI (MKI) of its key, in the message
 * @session: GENERIC-ID's Session Data as read (the writer writes it as it
 *	is if set, else composes it from @ssrc, @roc and @seq)
 */
struct mikey_cs {
	uint8_t cs_id;
	uint8_t prot;
	bool has_roc_seq;
	uint8_t npol;
	const uint8_t *pol;
	uint32_t ssrc;
	uint32_t roc;
	uint16_t seq;
	uint8_t spi_len;
	const uint8_t *spi;
	struct mikey_bytes session;
};

/**
 * struct mikey_hdr - the Common Header (RFC 3830 6.1)
 * @data_type: enum mikey_data_type
 * @next: the type of the first payload
 * @v: the V flag (a response is expected)
 * @prf: enum mikey_prf
 * @csb_id: the crypto session bundle
 * @map_type: enum mikey_map
 * @ncs: crypto sessions in @cs
 * @cs: the CS ID map
 */
struct mikey_hdr {
	uint8_t data_type;
	uint8_t next;
	bool v;
	uint8_t prf;
	uint32_t csb_id;
	uint8_t map_type;
	uint8_t ncs;
	struct mikey_cs cs[MIKEY_MAX_CS];
};

/**
 * struct mikey_pl - one payload of a chain, as a view of its bytes
 * @type: enum mikey_pt
 * @off: where it starts in the chain's buffer
 * @len: its bytes
 * @role: TR, IDR, RANDR: enum mikey_role (0 for T, ID, RAND)
 * @kind: T/TR: TS type; ID/IDR/CERT: ID or Cert type; KEMAC: Encr alg;
 *	V: Auth alg; SP: Prot type; ERR: Error no; GEXT: its type;
 *	CHASH: Hash func; PKE: the C bits; SIGN: S type
 * @no: SP: Policy no
 * @data: T/TR: TS value; RAND/RANDR: RAND; ID/IDR/CERT: the data;
 *	KEMAC: Encr data; SP: the policy parameters; GEXT: its data;
 *	CHASH: the hash; PKE: its data; SIGN: the signature; TP/TICKET: TP Data
 * @mac_alg: KEMAC: MAC alg
 * @mac: KEMAC, V: the MAC (@mac_off: where it starts in the buffer)
 * @mac_off: see @mac
 * @ticket_type: TP/TICKET: Ticket Type
 * @subtype: TP/TICKET: Subtype
 * @version: TP/TICKET: Version
 * @tp_prf: TP/TICKET: PRF Func
 * @flags: TP/TICKET: the flags D..O, D as bit 11 down to O as bit 0
 * @ticket: TICKET: Ticket Data
 * @init: TICKET: Initiator Data (@init_off: where its length field starts)
 * @init_off: see @init
 */
struct mikey_pl {
	uint8_t type;
	uint32_t off;
	uint32_t len;
	uint8_t role;
	uint8_t kind;
	uint8_t no;
	struct mikey_bytes data;
	uint8_t mac_alg;
	struct mikey_bytes mac;
	uint32_t mac_off;
	uint16_t ticket_type;
	uint8_t subtype;
	uint8_t version;
	uint8_t tp_prf;
	uint16_t flags;
	struct mikey_bytes ticket;
	struct mikey_bytes init;
	uint32_t init_off;
};

/* TP / TICKET flags (RFC 6043 6.10), as in mikey_pl.flags */
#define MIKEY_TP_D	(1U << 11)	/* ticket made by the KMS */
#define MIKEY_TP_E	(1U << 10)	/* Ticket Resolve mandatory */
#define MIKEY_TP_F	(1U << 9)	/* TRANSFER_RESP sent */
#define MIKEY_TP_G	(1U << 8)	/* Responder makes RANDRr */
#define MIKEY_TP_H	(1U << 7)	/* RANDRi in keys from TGK */
#define MIKEY_TP_I	(1U << 6)	/* key forking */
#define MIKEY_TP_J	(1U << 5)	/* ticket may be reused */
#define MIKEY_TP_K	(1U << 4)	/* KMS changed the policy */
#define MIKEY_TP_L	(1U << 3)	/* Initiator may supply keys */
#define MIKEY_TP_M	(1U << 2)	/* Responder may supply keys */
#define MIKEY_TP_N	(1U << 1)	/* Initiator can send it */
#define MIKEY_TP_O	(1U << 0)	/* Responder can process it */

/**
 * struct mikey_chain - payloads of a chain (a message after its HDR, TP
 *	Data, Ticket Data, Initiator Data)
 * @buf: the bytes the offsets count from
 * @len: their length
 * @n: payloads in @pl
 * @pl: the payloads in order
 */
struct mikey_chain {
	const uint8_t *buf;
	size_t len;
	unsigned int n;
	struct mikey_pl pl[MIKEY_MAX_PL];
};

/**
 * struct mikey_msg - a message taken apart
 * @hdr: its Common Header
 * @chain: its payloads after the HDR
 */
struct mikey_msg {
	struct mikey_hdr hdr;
	struct mikey_chain chain;
};

/**
 * struct mikey_key - a Key data sub-payload (RFC 3830 6.13)
 * @type: enum mikey_key_type
 * @kv: enum mikey_kv
 * @key: the key
 * @salt: its salt (the +SALT types; else empty)
 * @spi: KV SPI: the SPI (MKI)
 * @from: KV Interval: Valid From
 * @to: KV Interval: Valid To
 */
struct mikey_key {
	uint8_t type;
	uint8_t kv;
	struct mikey_bytes key;
	struct mikey_bytes salt;
	struct mikey_bytes spi;
	struct mikey_bytes from;
	struct mikey_bytes to;
};

#define MIKEY_MAX_KEYS		8

/*
 * Parse @len bytes as a whole MIKEY message; 0, or -EINVAL with *@why
 * saying what is wrong (an unknown or repeated payload, a length that does
 * not fit, bytes after the last payload...).
 */
int mikey_parse(const uint8_t *buf, size_t len, struct mikey_msg *m,
		const char **why);
/*
 * Parse a chain of payloads whose first byte is the type of its first
 * payload (TP Data and Initiator Data, RFC 6043 6.10).  @repeat_roles:
 * IDRr and IDRapp may repeat (TP Data's {IDRapp} and (IDRr)).
 */
int mikey_parse_chain(const uint8_t *buf, size_t len, bool repeat_roles,
		      struct mikey_chain *c, const char **why);
/* The Key data sub-payloads of a decrypted KEMAC; how many, or -EINVAL. */
int mikey_parse_keys(const uint8_t *buf, size_t len, struct mikey_key *keys,
		     unsigned int max, const char **why);
/* The first payload of @type (and @role, for TR, IDR, RANDR), or NULL. */
const struct mikey_pl *mikey_find(const struct mikey_chain *c, uint8_t type,
				  uint8_t role);
/* Bytes of a MAC of @alg (enum mikey_mac), or -1 for an unknown one. */
int mikey_mac_len(uint8_t alg);
/* Bytes of a TS value of @type (enum mikey_ts), or -1. */
int mikey_ts_len(uint8_t type);

/**
 * struct mikey_out - a message or chain being written
 * @buf: where
 * @cap: its size
 * @len: bytes written
 * @next_at: the offset of the last payload's Next payload field, or -1
 * @overflow: @cap was too small: the message is incomplete
 */
struct mikey_out {
	uint8_t *buf;
	size_t cap;
	size_t len;
	long next_at;
	bool overflow;
};

void mikey_out_init(struct mikey_out *o, uint8_t *buf, size_t cap);
/* The HDR; its "next payload" is filled by the first payload put. */
void mikey_put_hdr(struct mikey_out *o, const struct mikey_hdr *h);
/* A chain's first byte (TP Data, Initiator Data): the first type. */
void mikey_put_first(struct mikey_out *o);
/* T (@role 0) or TR; the value as long as @ts_type says (mikey_ts_len). */
void mikey_put_t(struct mikey_out *o, uint8_t role, uint8_t ts_type,
		 const uint8_t *value);
/* RAND (@role 0) or RANDR. */
void mikey_put_rand(struct mikey_out *o, uint8_t role, const uint8_t *rand,
		    uint8_t len);
/* ID or CERT (@pt, @role 0), or IDR (@pt MIKEY_PT_IDR). */
void mikey_put_id(struct mikey_out *o, uint8_t pt, uint8_t role,
		  uint8_t id_type, const uint8_t *id, uint16_t len);
void mikey_put_sp(struct mikey_out *o, uint8_t no, uint8_t prot,
		  const uint8_t *params, uint16_t len);
void mikey_put_err(struct mikey_out *o, uint8_t err);
/* A payload of @type whose bytes after Next payload are @body, as is. */
void mikey_put_raw(struct mikey_out *o, uint8_t type, const uint8_t *body,
		   size_t len);
void mikey_put_gext(struct mikey_out *o, uint8_t type, const uint8_t *data,
		    uint16_t len);
/*
 * KEMAC with @encr (@len bytes) and a zeroed MAC of @mac_alg; V with a
 * zeroed MAC.  Both return the offset of the MAC field (to be filled once
 * the message is whole), or -1.
 */
long mikey_put_kemac(struct mikey_out *o, uint8_t encr_alg,
		     const uint8_t *encr, uint16_t len, uint8_t mac_alg);
long mikey_put_v(struct mikey_out *o, uint8_t alg);
/*
 * TP (@ticket NULL) or TICKET: @p's fixed fields, @p->data as TP Data,
 * @p->ticket and @p->init.
 */
void mikey_put_tp(struct mikey_out *o, bool ticket, const struct mikey_pl *p);
/*
 * The payloads of a chain read by mikey_parse(), written again; -1 for a
 * payload the writer does not write (PKE, SIGN, CHASH).
 */
int mikey_put_chain(struct mikey_out *o, const struct mikey_chain *c);
/* A Key data sub-payload (in the plaintext of a KEMAC). */
void mikey_put_key(struct mikey_out *o, const struct mikey_key *k);

#endif /* _MS_MIKEY_H */
