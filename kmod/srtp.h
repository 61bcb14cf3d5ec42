/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec SRTP/SRTCP engine (RFC 3711, RFC 4568 session parameters,
 * RFC 6188 AES-256, RFC 7714 AES-GCM).
 *
 * One context (struct ms_srtp_ctx) holds the master keys of one direction
 * of one media session and the per-SSRC state (ROC, highest index, replay
 * windows, SRTCP index) of the streams it carries.  Packets are protected
 * and unprotected in place in a buffer of a given capacity; nothing is
 * allocated on the packet path.
 *
 * Locking: the engine takes no locks.  The caller serialises all calls on
 * one context (packets, key changes, destruction).
 */
#ifndef _MS_SRTP_H
#define _MS_SRTP_H

#include "srtp_port.h"

struct ms_srtp_cipher;
struct ms_srtp_auth;
struct ms_srtp_prf;

enum ms_srtp_suite {
	MS_SRTP_AES128_CM_SHA1_80 = 1,
	MS_SRTP_AES128_CM_SHA1_32,
	MS_SRTP_AES256_CM_SHA1_80,
	MS_SRTP_AES256_CM_SHA1_32,
	MS_SRTP_AEAD_AES_128_GCM,
	MS_SRTP_AEAD_AES_256_GCM,
	MS_SRTP_NULL_SHA1_80,
	MS_SRTP_NULL_SHA1_32,
	MS_SRTP_NR_SUITES,
};

/* What a packet call returns; each is counted per context and operation. */
enum ms_srtp_result {
	MS_SRTP_OK = 0,
	MS_SRTP_AUTH_FAIL,
	MS_SRTP_REPLAY,
	MS_SRTP_TOO_OLD,
	MS_SRTP_MALFORMED,
	MS_SRTP_KEY_EXPIRED,
	MS_SRTP_UNKNOWN_MKI,
	MS_SRTP_NO_ROOM,	/* protect: capacity too small for the trailer */
	MS_SRTP_CRYPTO_ERR,	/* the crypto layer failed */
	MS_SRTP_NO_STREAM,	/* a new SSRC, and every stream slot is taken */
	MS_SRTP_NR_RESULTS,
};

enum ms_srtp_op {
	MS_SRTP_OP_PROTECT_RTP,
	MS_SRTP_OP_UNPROTECT_RTP,
	MS_SRTP_OP_PROTECT_RTCP,
	MS_SRTP_OP_UNPROTECT_RTCP,
	MS_SRTP_NR_OPS,
};

/* Session parameters (RFC 4568 section 6.3) and options. */
#define MS_SRTP_F_UNENCRYPTED_SRTP	BIT(0)
#define MS_SRTP_F_UNENCRYPTED_SRTCP	BIT(1)
#define MS_SRTP_F_UNAUTHENTICATED_SRTP	BIT(2)
#define MS_SRTP_F_ALLOW_REPEAT_TX	BIT(3)
#define MS_SRTP_F_ALL			(BIT(4) - 1)

/* Events, latched in ms_srtp_ctx.events until the caller clears them. */
#define MS_SRTP_EV_SOFT_EXPIRY		BIT(0)	/* a key nears its lifetime */
#define MS_SRTP_EV_HARD_EXPIRY		BIT(1)	/* a key reached it */

#define MS_SRTP_MAX_KEYS		4
#define MS_SRTP_MAX_MKI_LEN		4
#define MS_SRTP_MAX_KEY_LEN		32
#define MS_SRTP_MAX_SALT_LEN		14
#define MS_SRTP_WINDOW_DEFAULT		128
#define MS_SRTP_WINDOW_MIN		64
#define MS_SRTP_WINDOW_MAX		32768
#define MS_SRTP_STREAMS_DEFAULT		4
#define MS_SRTP_STREAMS_MAX		64
#define MS_SRTP_KDR_MAX			BIT(24)
#define MS_SRTP_SRTP_LIFETIME_MAX	BIT_ULL(48)
#define MS_SRTP_SRTCP_LIFETIME_MAX	BIT_ULL(31)
/* Worst-case bytes that protect adds: SRTCP E||index + MKI + GCM tag. */
#define MS_SRTP_MAX_TRAILER		(4 + MS_SRTP_MAX_MKI_LEN + 16)

/**
 * struct ms_srtp_params - how a context protects packets
 * @suite: crypto suite
 * @flags: MS_SRTP_F_* session parameters
 * @kdr: key derivation rate: 0 (derive once) or a power of two up to 2^24;
 *	0 for the AEAD suites
 * @window: replay window in packets (WSH); 0 means 128
 * @mki_len: MKI length in bytes, 0 (no MKI, one key) to 4
 * @max_streams: SSRCs tracked at once, 1 to MS_SRTP_STREAMS_MAX; 0 means
 *	MS_SRTP_STREAMS_DEFAULT.  A stream's state is never dropped while a
 *	key that saw it lives (see ms_srtp_stream_find()).
 * @priv_size: bytes for the caller after the context, in the same
 *	allocation (ms_srtp_ctx_priv()), zeroed; freed with the context
 */
struct ms_srtp_params {
	enum ms_srtp_suite suite;
	u32 flags;
	u32 kdr;
	u32 window;
	u8 mki_len;
	u8 max_streams;
	u16 priv_size;
};

/**
 * struct ms_srtp_key_params - one master key
 * @key: master key, 16 or 32 bytes as the suite says
 * @salt: master salt, 14 bytes (12 for the GCM suites)
 * @mki: MKI value, sent big-endian in the context's mki_len bytes
 * @lifetime: packets this key may protect (SRTP and SRTCP each); 0 means
 *	the maximum (2^48 SRTP, 2^31 SRTCP), larger values are capped there
 * @soft_lifetime: packets after which MS_SRTP_EV_SOFT_EXPIRY is raised;
 *	0 means 15/16 of the lifetime
 */
struct ms_srtp_key_params {
	const u8 *key;
	const u8 *salt;
	u32 mki;
	u64 lifetime;
	u64 soft_lifetime;
};

/* The session keys of one master key for SRTP or for SRTCP. */
struct ms_srtp_skeys {
	struct ms_srtp_cipher *cipher;
	struct ms_srtp_auth *auth;
	u64 r;			/* index DIV kdr they were derived for */
	u8 salt[MS_SRTP_MAX_SALT_LEN];
};

struct ms_srtp_mkey {
	bool used;
	bool soft_hit;
	bool hard_hit;
	u32 mki;
	u64 serial;		/* ctx->next_serial when published; newest sends */
	u64 count[2];		/* packets protected/verified: SRTP, SRTCP */
	u64 limit[2];
	u64 soft[2];
	struct ms_srtp_prf *prf;	/* kept while kdr != 0 */
	/*
	 * kdr != 0, authenticated suites: for SRTP and SRTCP, an HMAC keyed
	 * for another key period (probe_r), so that a packet of that period
	 * is verified before any key of the current one changes.
	 */
	struct ms_srtp_auth *probe[2];
	u64 probe_r[2];
	u8 master_salt[MS_SRTP_MAX_SALT_LEN];
	struct ms_srtp_skeys rtp;
	struct ms_srtp_skeys rtcp;
};

struct ms_srtp_replay {
	u64 top;		/* highest index accepted */
	bool seen;		/* any index accepted yet */
	u64 *bits;		/* ring of the context's ring_bits bits */
};

/*
 * The state of one SSRC.  @key_epoch is the context's next_serial at the
 * stream's last packet: every key that ever protected or verified one of
 * its packets has a serial below it.
 */
struct ms_srtp_stream {
	u32 ssrc;
	bool used;
	u64 key_epoch;
	struct ms_srtp_replay rtp;
	struct ms_srtp_replay rtcp;
	u32 rtcp_next;		/* sender: next SRTCP index */
};

/**
 * struct ms_srtp_ctx - one direction of an SRTP session
 * @params: as created
 * @si: sizes of @params.suite
 * @ring_bits: replay ring size in bits (power of two >= window)
 * @kdr_shift: log2 of @params.kdr
 * @nkeys: master keys installed
 * @tx: index in @keys of the key used to protect (the newest)
 * @next_serial: the serial the next published key gets (never reused)
 * @events: MS_SRTP_EV_* latched, cleared by the caller
 * @soft_mki: MKI of the key that raised the last MS_SRTP_EV_SOFT_EXPIRY
 * @hard_mki: MKI of the key that raised the last MS_SRTP_EV_HARD_EXPIRY
 * @stats: packets by operation and result
 * @keys: master keys
 * @streams: per-SSRC state, @params.max_streams entries
 * @ring: replay bitmaps of all streams
 */
struct ms_srtp_ctx {
	struct ms_srtp_params params;
	const struct ms_srtp_suite_info *si;
	u32 ring_bits;
	u8 kdr_shift;
	u8 nkeys;
	s8 tx;
	u64 next_serial;
	u32 events;
	u32 soft_mki;
	u32 hard_mki;
	u64 stats[MS_SRTP_NR_OPS][MS_SRTP_NR_RESULTS];
	struct ms_srtp_mkey keys[MS_SRTP_MAX_KEYS];
	struct ms_srtp_stream *streams;
	u64 *ring;
};

/**
 * struct ms_srtp_suite_info - sizes of a suite
 * @name: RFC 4568 / RFC 7714 name
 * @cipher: 0 for NULL, else 1 + enum ms_srtp_cipher_kind
 * @key_len: master and session cipher key length
 * @salt_len: master and session salt length
 * @auth_key_len: HMAC-SHA1 key length (0 for AEAD)
 * @rtp_tag: SRTP tag length
 * @rtcp_tag: SRTCP tag length
 */
struct ms_srtp_suite_info {
	const char *name;
	u8 cipher;
	u8 key_len;
	u8 salt_len;
	u8 auth_key_len;
	u8 rtp_tag;
	u8 rtcp_tag;
};

#define MS_SRTP_NULL_CIPHER	0
#define MS_SRTP_CTR		1
#define MS_SRTP_GCM		2

const struct ms_srtp_suite_info *ms_srtp_suite_info(enum ms_srtp_suite s);
const char *ms_srtp_result_name(enum ms_srtp_result r);

int ms_srtp_ctx_create(struct ms_srtp_ctx **ctxp,
		       const struct ms_srtp_params *p);
void ms_srtp_ctx_destroy(struct ms_srtp_ctx *ctx);
void *ms_srtp_ctx_priv(struct ms_srtp_ctx *ctx);
int ms_srtp_key_add(struct ms_srtp_ctx *ctx,
		    const struct ms_srtp_key_params *kp);
int ms_srtp_key_del(struct ms_srtp_ctx *ctx, u32 mki);
u64 ms_srtp_stat(const struct ms_srtp_ctx *ctx, enum ms_srtp_op op,
		 enum ms_srtp_result r);
int ms_srtp_key_prepare(struct ms_srtp_ctx *ctx,
			const struct ms_srtp_key_params *kp, int *slot);
void ms_srtp_key_publish(struct ms_srtp_ctx *ctx, int slot);
int ms_srtp_key_withdraw(struct ms_srtp_ctx *ctx, u32 mki);
void ms_srtp_key_free_slot(struct ms_srtp_ctx *ctx, int slot);
int ms_srtp_set_roc(struct ms_srtp_ctx *ctx, u32 ssrc, u32 roc, u16 seq);
int ms_srtp_set_srtcp_index(struct ms_srtp_ctx *ctx, u32 ssrc, u32 index);

enum ms_srtp_result ms_srtp_protect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					u32 *len, u32 cap);
enum ms_srtp_result ms_srtp_unprotect_rtp(struct ms_srtp_ctx *ctx, u8 *buf,
					  u32 *len);
enum ms_srtp_result ms_srtp_protect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					 u32 *len, u32 cap);
enum ms_srtp_result ms_srtp_unprotect_rtcp(struct ms_srtp_ctx *ctx, u8 *buf,
					   u32 *len);

/* Test hook: replace a key's session keys (RFC vectors give those). */
int ms_srtp_set_session_keys(struct ms_srtp_ctx *ctx, bool rtcp,
			     const u8 *key, const u8 *salt, const u8 *auth);

#endif /* _MS_SRTP_H */
