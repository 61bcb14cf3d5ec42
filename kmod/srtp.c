// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP engine: suites, contexts, master keys and per-SSRC streams.
 * The packet transforms are in srtp_rtp.c and srtp_rtcp.c.
 */
#include "srtp_priv.h"
#include "srtp_crypto.h"

static const struct ms_srtp_suite_info ms_srtp_suites[MS_SRTP_NR_SUITES] = {
	[MS_SRTP_AES128_CM_SHA1_80] = {
		"AES_CM_128_HMAC_SHA1_80", MS_SRTP_CTR, 16, 14, 20, 10, 10 },
	[MS_SRTP_AES128_CM_SHA1_32] = {
		"AES_CM_128_HMAC_SHA1_32", MS_SRTP_CTR, 16, 14, 20, 4, 10 },
	[MS_SRTP_AES256_CM_SHA1_80] = {
		"AES_256_CM_HMAC_SHA1_80", MS_SRTP_CTR, 32, 14, 20, 10, 10 },
	[MS_SRTP_AES256_CM_SHA1_32] = {
		"AES_256_CM_HMAC_SHA1_32", MS_SRTP_CTR, 32, 14, 20, 4, 10 },
	[MS_SRTP_AEAD_AES_128_GCM] = {
		"AEAD_AES_128_GCM", MS_SRTP_GCM, 16, 12, 0, 16, 16 },
	[MS_SRTP_AEAD_AES_256_GCM] = {
		"AEAD_AES_256_GCM", MS_SRTP_GCM, 32, 12, 0, 16, 16 },
	[MS_SRTP_NULL_SHA1_80] = {
		"NULL_HMAC_SHA1_80", MS_SRTP_NULL_CIPHER, 16, 14, 20, 10, 10 },
	[MS_SRTP_NULL_SHA1_32] = {
		"NULL_HMAC_SHA1_32", MS_SRTP_NULL_CIPHER, 16, 14, 20, 4, 10 },
};

static const char * const ms_srtp_result_names[MS_SRTP_NR_RESULTS] = {
	[MS_SRTP_OK] = "ok",
	[MS_SRTP_AUTH_FAIL] = "auth-fail",
	[MS_SRTP_REPLAY] = "replay",
	[MS_SRTP_TOO_OLD] = "too-old",
	[MS_SRTP_MALFORMED] = "malformed",
	[MS_SRTP_KEY_EXPIRED] = "key-expired",
	[MS_SRTP_UNKNOWN_MKI] = "unknown-mki",
	[MS_SRTP_NO_ROOM] = "no-room",
	[MS_SRTP_CRYPTO_ERR] = "crypto-error",
	[MS_SRTP_NO_STREAM] = "no-stream",
};

/**
 * ms_srtp_suite_info() - sizes of a suite
 * @s: suite
 *
 * Return: the suite's sizes, or NULL for an unknown suite.
 */
const struct ms_srtp_suite_info *ms_srtp_suite_info(enum ms_srtp_suite s)
{
	if (s <= 0 || s >= MS_SRTP_NR_SUITES)
		return NULL;
	return &ms_srtp_suites[s];
}

/**
 * ms_srtp_result_name() - short name of a result, for logs and stats
 * @r: result
 *
 * Return: a static string.
 */
const char *ms_srtp_result_name(enum ms_srtp_result r)
{
	if (r < 0 || r >= MS_SRTP_NR_RESULTS)
		return "unknown";
	return ms_srtp_result_names[r];
}

static u32 ms_srtp_ring_bits(u32 window)
{
	u32 bits = 64;

	while (bits < window)
		bits <<= 1;
	return bits;
}

/*
 * The context, then its streams, then their replay rings (SRTP, SRTCP),
 * then the caller's private part: one allocation, for a gateway holds tens
 * of thousands of these.
 */
static size_t ms_srtp_ctx_size(u32 nstreams, u32 words)
{
	return sizeof(struct ms_srtp_ctx) +
	       nstreams * sizeof(struct ms_srtp_stream) +
	       2 * nstreams * words * sizeof(u64);
}

/**
 * ms_srtp_ctx_priv() - the caller's part of a context's allocation
 * @ctx: context created with a non-zero priv_size
 *
 * Return: priv_size zeroed bytes, aligned for any kernel structure.
 */
void *ms_srtp_ctx_priv(struct ms_srtp_ctx *ctx)
{
	return (u8 *)ctx + ms_srtp_ctx_size(ctx->params.max_streams,
					    ctx->ring_bits / 64);
}

/**
 * ms_srtp_ctx_create() - allocate a context with no key yet
 * @ctxp: where the context goes
 * @p: suite, session parameters, window, MKI length, streams
 *
 * May sleep.  Add keys with ms_srtp_key_add() before passing packets.
 *
 * Return: 0, -EINVAL for parameters out of range, -ENOMEM.
 */
int ms_srtp_ctx_create(struct ms_srtp_ctx **ctxp,
		       const struct ms_srtp_params *p)
{
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(p->suite);
	u32 window = p->window ? p->window : MS_SRTP_WINDOW_DEFAULT;
	u32 nstreams = p->max_streams ? p->max_streams :
		       MS_SRTP_STREAMS_DEFAULT;
	struct ms_srtp_ctx *ctx;
	u32 words, i;

	if (!si || p->flags & ~MS_SRTP_F_ALL ||
	    p->mki_len > MS_SRTP_MAX_MKI_LEN ||
	    window < MS_SRTP_WINDOW_MIN || window > MS_SRTP_WINDOW_MAX ||
	    nstreams > MS_SRTP_STREAMS_MAX ||
	    p->kdr > MS_SRTP_KDR_MAX || (p->kdr & (p->kdr - 1)))
		return -EINVAL;
	/*
	 * RFC 7714: an AEAD always authenticates.  A key derivation rate
	 * re-keys on the packet path, and the kernel's generic gcm(aes)
	 * setkey allocates (may sleep): AEAD contexts derive once.
	 */
	if (si->cipher == MS_SRTP_GCM &&
	    (p->flags & MS_SRTP_F_UNAUTHENTICATED_SRTP || p->kdr))
		return -EINVAL;

	words = ms_srtp_ring_bits(window) / 64;
	ctx = ms_srtp_zalloc(ms_srtp_ctx_size(nstreams, words) + p->priv_size);
	if (!ctx)
		return -ENOMEM;
	ctx->params = *p;
	ctx->params.window = window;
	ctx->params.max_streams = nstreams;
	ctx->si = si;
	ctx->tx = -1;
	while (p->kdr && (1U << ctx->kdr_shift) < p->kdr)
		ctx->kdr_shift++;
	ctx->ring_bits = words * 64;
	ctx->streams = (struct ms_srtp_stream *)(ctx + 1);
	ctx->ring = (u64 *)(ctx->streams + nstreams);
	for (i = 0; i < nstreams; i++) {
		ctx->streams[i].rtp.bits = ctx->ring + (2 * i) * words;
		ctx->streams[i].rtcp.bits = ctx->ring + (2 * i + 1) * words;
	}
	*ctxp = ctx;
	return 0;
}

static void ms_srtp_skeys_free(struct ms_srtp_skeys *sk)
{
	ms_srtp_cipher_free(sk->cipher);
	ms_srtp_auth_free(sk->auth);
	ms_srtp_wipe(sk, sizeof(*sk));
}

static void ms_srtp_mkey_free(struct ms_srtp_mkey *k)
{
	ms_srtp_skeys_free(&k->rtp);
	ms_srtp_skeys_free(&k->rtcp);
	ms_srtp_auth_free(k->probe[0]);
	ms_srtp_auth_free(k->probe[1]);
	ms_srtp_prf_free(k->prf);
	ms_srtp_wipe(k, sizeof(*k));
}

/**
 * ms_srtp_ctx_destroy() - wipe and free a context and its keys
 * @ctx: context, may be NULL
 *
 * Its private part (ms_srtp_ctx_priv()) goes with it.
 */
void ms_srtp_ctx_destroy(struct ms_srtp_ctx *ctx)
{
	u32 i, words;

	if (!ctx)
		return;
	for (i = 0; i < MS_SRTP_MAX_KEYS; i++)
		if (ctx->keys[i].used)
			ms_srtp_mkey_free(&ctx->keys[i]);
	words = ctx->ring_bits / 64;
	ms_srtp_free_sensitive(ctx, ms_srtp_ctx_size(ctx->params.max_streams,
						     words) +
			       ctx->params.priv_size);
}

static int ms_srtp_skeys_alloc(struct ms_srtp_ctx *ctx,
			       struct ms_srtp_skeys *sk)
{
	static const u8 zero[MS_SRTP_MAX_KEY_LEN];
	const struct ms_srtp_suite_info *si = ctx->si;
	int ret;

	/* Keyed with zeros here; ms_srtp_derive() sets the real keys. */
	if (si->cipher != MS_SRTP_NULL_CIPHER) {
		ret = ms_srtp_cipher_alloc(&sk->cipher, si->cipher == MS_SRTP_GCM ?
					   MS_SRTP_CIPHER_GCM : MS_SRTP_CIPHER_CTR,
					   zero, si->key_len);
		if (ret)
			return ret;
	}
	if (si->auth_key_len) {
		ret = ms_srtp_auth_alloc(&sk->auth, zero, si->auth_key_len);
		if (ret)
			return ret;
	}
	sk->r = U64_MAX;
	return 0;
}

/* With a key derivation rate: see &struct ms_srtp_mkey.probe. */
static int ms_srtp_probes_alloc(struct ms_srtp_ctx *ctx,
				struct ms_srtp_mkey *k)
{
	static const u8 zero[MS_SRTP_SHA1_LEN];
	int i, ret;

	for (i = 0; i < 2; i++) {
		k->probe_r[i] = U64_MAX;
		if (!ctx->params.kdr || !ctx->si->auth_key_len)
			continue;
		ret = ms_srtp_auth_alloc(&k->probe[i], zero,
					 ctx->si->auth_key_len);
		if (ret)
			return ret;
	}
	return 0;
}

static void ms_srtp_limits(struct ms_srtp_mkey *k,
			   const struct ms_srtp_key_params *kp)
{
	static const u64 max[2] = {
		MS_SRTP_SRTP_LIFETIME_MAX, MS_SRTP_SRTCP_LIFETIME_MAX
	};
	int i;

	for (i = 0; i < 2; i++) {
		k->limit[i] = kp->lifetime && kp->lifetime < max[i] ?
			      kp->lifetime : max[i];
		if (kp->soft_lifetime && kp->soft_lifetime < k->limit[i])
			k->soft[i] = kp->soft_lifetime;
		else
			k->soft[i] = k->limit[i] - k->limit[i] / 16;
	}
}

/**
 * ms_srtp_key_prepare() - build a master key in a free slot, unpublished
 * @ctx: context
 * @kp: key, salt, MKI, lifetime
 * @slot: set to the slot that holds the key
 *
 * Derives the session keys now (index 0 when kdr != 0) and prepares every
 * crypto object, so the packet path never allocates.  The packet path does
 * not see the key until ms_srtp_key_publish().  Without MKI a context holds
 * one key.  May sleep; callers serialize key changes.
 *
 * Return: 0, -EEXIST (MKI in use), -ENOSPC (no free slot), -EINVAL,
 * -ENOMEM or another error from the crypto layer.
 */
int ms_srtp_key_prepare(struct ms_srtp_ctx *ctx,
			const struct ms_srtp_key_params *kp, int *slot)
{
	const struct ms_srtp_suite_info *si = ctx->si;
	u32 mki_max = ctx->params.mki_len == 4 ? 0xffffffffU :
		      (1U << (8 * ctx->params.mki_len)) - 1;
	struct ms_srtp_mkey *k = NULL;
	int i, ret;

	if (!kp->key || !kp->salt || kp->mki > mki_max)
		return -EINVAL;
	if (!ctx->params.mki_len && ctx->nkeys)
		return -ENOSPC;
	for (i = 0; i < MS_SRTP_MAX_KEYS; i++) {
		if (!ctx->keys[i].used) {
			if (!k)
				k = &ctx->keys[i];
			continue;
		}
		if (ctx->keys[i].mki == kp->mki)
			return -EEXIST;
	}
	if (!k)
		return -ENOSPC;

	memset(k, 0, sizeof(*k));
	k->mki = kp->mki;
	k->serial = ctx->next_serial;
	memcpy(k->master_salt, kp->salt, si->salt_len);
	ms_srtp_limits(k, kp);
	ret = ms_srtp_prf_alloc(&k->prf, kp->key, si->key_len);
	if (!ret)
		ret = ms_srtp_skeys_alloc(ctx, &k->rtp);
	if (!ret)
		ret = ms_srtp_skeys_alloc(ctx, &k->rtcp);
	if (!ret)
		ret = ms_srtp_probes_alloc(ctx, k);
	if (!ret)
		ret = ms_srtp_derive(ctx, k, false, 0);
	if (!ret)
		ret = ms_srtp_derive(ctx, k, true, 0);
	if (ret) {
		ms_srtp_mkey_free(k);
		return ret;
	}
	if (!ctx->params.kdr) {
		/* Derived once and for all: drop the master key. */
		ms_srtp_prf_free(k->prf);
		k->prf = NULL;
		ms_srtp_wipe(k->master_salt, sizeof(k->master_salt));
	}
	*slot = (int)(k - ctx->keys);
	return 0;
}

/**
 * ms_srtp_key_publish() - let packets use a prepared key; it protects now
 * @ctx: context
 * @slot: from ms_srtp_key_prepare()
 *
 * Quick and non-sleeping: call it under the lock that serializes packet
 * operations on @ctx.
 */
void ms_srtp_key_publish(struct ms_srtp_ctx *ctx, int slot)
{
	/* Callers serialize key changes: no key was published meanwhile. */
	ctx->next_serial = ctx->keys[slot].serial + 1;
	ctx->keys[slot].used = true;
	ctx->nkeys++;
	ctx->tx = (s8)slot;
}

/**
 * ms_srtp_key_add() - install a master key; the newest key protects
 * @ctx: context
 * @kp: key, salt, MKI, lifetime
 *
 * ms_srtp_key_prepare() then ms_srtp_key_publish(), for callers with no
 * concurrent packet operations.  May sleep.
 *
 * Return: as ms_srtp_key_prepare().
 */
int ms_srtp_key_add(struct ms_srtp_ctx *ctx,
		    const struct ms_srtp_key_params *kp)
{
	int slot, ret;

	ret = ms_srtp_key_prepare(ctx, kp, &slot);
	if (!ret)
		ms_srtp_key_publish(ctx, slot);
	return ret;
}

/**
 * ms_srtp_key_withdraw() - stop packets from using the key with this MKI
 * @ctx: context
 * @mki: its MKI (0 without MKI)
 *
 * The newest remaining key protects from now on.  Quick and non-sleeping:
 * call it under the lock that serializes packet operations on @ctx, then
 * free the slot with ms_srtp_key_free_slot() outside it.
 *
 * Return: the key's slot, or -ENOENT.
 */
int ms_srtp_key_withdraw(struct ms_srtp_ctx *ctx, u32 mki)
{
	int i, slot, tx = -1;

	for (slot = 0; slot < MS_SRTP_MAX_KEYS; slot++)
		if (ctx->keys[slot].used && ctx->keys[slot].mki == mki)
			break;
	if (slot == MS_SRTP_MAX_KEYS)
		return -ENOENT;
	ctx->keys[slot].used = false;
	ctx->nkeys--;
	for (i = 0; i < MS_SRTP_MAX_KEYS; i++)
		if (ctx->keys[i].used &&
		    (tx < 0 || ctx->keys[i].serial > ctx->keys[tx].serial))
			tx = i;
	ctx->tx = (s8)tx;
	return slot;
}

/**
 * ms_srtp_key_free_slot() - free and wipe a withdrawn key
 * @ctx: context
 * @slot: from ms_srtp_key_withdraw()
 *
 * May sleep.
 */
void ms_srtp_key_free_slot(struct ms_srtp_ctx *ctx, int slot)
{
	ms_srtp_mkey_free(&ctx->keys[slot]);
}

/**
 * ms_srtp_key_del() - remove the master key with this MKI
 * @ctx: context
 * @mki: its MKI (0 without MKI)
 *
 * ms_srtp_key_withdraw() then ms_srtp_key_free_slot(), for callers with no
 * concurrent packet operations.
 *
 * Return: 0 or -ENOENT.
 */
int ms_srtp_key_del(struct ms_srtp_ctx *ctx, u32 mki)
{
	int slot = ms_srtp_key_withdraw(ctx, mki);

	if (slot < 0)
		return slot;
	ms_srtp_key_free_slot(ctx, slot);
	return 0;
}

/**
 * ms_srtp_set_session_keys() - replace the session keys of the sending key
 * @ctx: context with kdr 0 and one key
 * @rtcp: the SRTCP keys rather than the SRTP ones
 * @key: session cipher key (ignored for the NULL cipher)
 * @salt: session salt
 * @auth: session authentication key (ignored for AEAD)
 *
 * For known-answer tests whose vectors start from session keys.
 *
 * Return: 0, -EINVAL or an error from the crypto layer.
 */
int ms_srtp_set_session_keys(struct ms_srtp_ctx *ctx, bool rtcp,
			     const u8 *key, const u8 *salt, const u8 *auth)
{
	struct ms_srtp_skeys *sk;
	int ret = 0;

	if (ctx->tx < 0 || ctx->params.kdr)
		return -EINVAL;
	sk = rtcp ? &ctx->keys[ctx->tx].rtcp : &ctx->keys[ctx->tx].rtp;
	memcpy(sk->salt, salt, ctx->si->salt_len);
	if (sk->cipher)
		ret = ms_srtp_cipher_setkey(sk->cipher, key, ctx->si->key_len);
	if (!ret && sk->auth)
		ret = ms_srtp_auth_setkey(sk->auth, auth,
					  ctx->si->auth_key_len);
	return ret;
}

/**
 * ms_srtp_key_by_mki() - the key a received packet names
 * @ctx: context
 * @mki: the packet's MKI field (ignored without MKI)
 *
 * Return: the key, or NULL when no key has this MKI.
 */
struct ms_srtp_mkey *ms_srtp_key_by_mki(struct ms_srtp_ctx *ctx,
					const u8 *mki)
{
	u32 v = 0;
	int i;

	if (!ctx->params.mki_len)
		return ctx->tx >= 0 ? &ctx->keys[ctx->tx] : NULL;
	for (i = 0; i < ctx->params.mki_len; i++)
		v = v << 8 | mki[i];
	for (i = 0; i < MS_SRTP_MAX_KEYS; i++)
		if (ctx->keys[i].used && ctx->keys[i].mki == v)
			return &ctx->keys[i];
	return NULL;
}

/**
 * ms_srtp_put_mki() - write a key's MKI field
 * @ctx: context (MKI length)
 * @k: key
 * @p: where the mki_len bytes go
 */
void ms_srtp_put_mki(const struct ms_srtp_ctx *ctx,
		     const struct ms_srtp_mkey *k, u8 *p)
{
	int i, n = ctx->params.mki_len;

	for (i = 0; i < n; i++)
		p[i] = (u8)(k->mki >> (8 * (n - 1 - i)));
}

/**
 * ms_srtp_key_used() - count a packet against a key's lifetime
 * @ctx: context (events)
 * @k: key
 * @rtcp: an SRTCP packet rather than an SRTP one
 */
void ms_srtp_key_used(struct ms_srtp_ctx *ctx, struct ms_srtp_mkey *k,
		      bool rtcp)
{
	u64 n = ++k->count[rtcp];

	if (unlikely(n >= k->soft[rtcp]) && !k->soft_hit) {
		k->soft_hit = true;
		ctx->events |= MS_SRTP_EV_SOFT_EXPIRY;
		ctx->soft_mki = k->mki;
	}
	if (unlikely(n >= k->limit[rtcp]) && !k->hard_hit) {
		k->hard_hit = true;
		ctx->events |= MS_SRTP_EV_HARD_EXPIRY;
		ctx->hard_mki = k->mki;
	}
}

/*
 * May @st's slot go to another SSRC?  Only once no key that saw its SSRC
 * is left: every key of the context was published after the stream's
 * last packet.  Until then its ROC, SRTCP index and replay windows are what
 * keeps the context from protecting an index twice under one key (a
 * two-time pad for AES-CM, a repeated nonce for GCM) or from accepting a
 * packet twice; afterwards a packet from the old keys does not verify.
 */
static bool ms_srtp_stream_spent(const struct ms_srtp_ctx *ctx,
				 const struct ms_srtp_stream *st)
{
	int i;

	for (i = 0; i < MS_SRTP_MAX_KEYS; i++)
		if (ctx->keys[i].used && ctx->keys[i].serial < st->key_epoch)
			return false;
	return true;
}

/**
 * ms_srtp_stream_find() - the state of an SSRC
 * @ctx: context
 * @ssrc: SSRC
 * @slot: when not found, the slot to install it in once a packet is
 *	accepted: a free one, else one whose keys are all gone; NULL when
 *	every slot holds an SSRC that a live key saw (the packet must then
 *	be refused with MS_SRTP_NO_STREAM)
 *
 * Streams are never evicted while a key that saw them lives: forgetting a
 * sender's ROC or SRTCP index would make it protect the same index again.
 *
 * Return: the stream, or NULL when the SSRC has none yet.
 */
struct ms_srtp_stream *ms_srtp_stream_find(struct ms_srtp_ctx *ctx, u32 ssrc,
					   struct ms_srtp_stream **slot)
{
	struct ms_srtp_stream *st, *spent = NULL;
	u32 i;

	*slot = NULL;
	for (i = 0; i < ctx->params.max_streams; i++) {
		st = &ctx->streams[i];
		if (!st->used) {
			if (!*slot)
				*slot = st;
			continue;
		}
		if (st->ssrc == ssrc)
			return st;
	}
	if (*slot)
		return NULL;
	/* Full: the rare path, at most max_streams * MS_SRTP_MAX_KEYS. */
	for (i = 0; i < ctx->params.max_streams && !spent; i++)
		if (ms_srtp_stream_spent(ctx, &ctx->streams[i]))
			spent = &ctx->streams[i];
	*slot = spent;
	return NULL;
}

/**
 * ms_srtp_stream_install() - give a slot to a new SSRC
 * @ctx: context
 * @st: slot from ms_srtp_stream_find()
 * @ssrc: SSRC
 */
void ms_srtp_stream_install(struct ms_srtp_ctx *ctx,
			    struct ms_srtp_stream *st, u32 ssrc)
{
	ms_srtp_replay_reset(ctx, &st->rtp);
	ms_srtp_replay_reset(ctx, &st->rtcp);
	st->rtcp_next = 0;
	st->ssrc = ssrc;
	st->used = true;
	st->key_epoch = ctx->next_serial;
}

/**
 * ms_srtp_set_roc() - set an SSRC's rollover counter and sequence number
 * @ctx: context
 * @ssrc: SSRC (a slot is taken for it if it has none)
 * @roc: rollover counter
 * @seq: sequence number of the last packet (the next one is estimated
 *	against it, RFC 3711 Appendix A)
 *
 * For streams joined mid-session (e.g. ROC signalled out of band).  Clears
 * the SSRC's SRTP replay window.
 *
 * Return: 0, or -ENOSPC when the SSRC has no slot and none is free.
 */
int ms_srtp_set_roc(struct ms_srtp_ctx *ctx, u32 ssrc, u32 roc, u16 seq)
{
	struct ms_srtp_stream *st, *slot;

	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st) {
		if (!slot)
			return -ENOSPC;
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	ms_srtp_replay_reset(ctx, &st->rtp);
	st->rtp.top = (u64)roc << 16 | seq;
	st->rtp.seen = true;
	return 0;
}

/**
 * ms_srtp_set_srtcp_index() - set the next SRTCP index an SSRC sends with
 * @ctx: context
 * @ssrc: sender SSRC (a slot is taken for it if it has none)
 * @index: next SRTCP index, below 2^31
 *
 * Return: 0, -EINVAL, or -ENOSPC when the SSRC has no slot and none is
 * free.
 */
int ms_srtp_set_srtcp_index(struct ms_srtp_ctx *ctx, u32 ssrc, u32 index)
{
	struct ms_srtp_stream *st, *slot;

	if (index > 0x7fffffffU)
		return -EINVAL;
	st = ms_srtp_stream_find(ctx, ssrc, &slot);
	if (!st) {
		if (!slot)
			return -ENOSPC;
		st = slot;
		ms_srtp_stream_install(ctx, st, ssrc);
	}
	st->rtcp_next = index;
	return 0;
}

/**
 * ms_srtp_stat() - how many packets of one operation had one result
 * @ctx: context
 * @op: the operation
 * @r: the result
 *
 * Return: the counter.
 */
u64 ms_srtp_stat(const struct ms_srtp_ctx *ctx, enum ms_srtp_op op,
		 enum ms_srtp_result r)
{
	return ctx->stats[op][r];
}
