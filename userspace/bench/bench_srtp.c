// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP benchmark: the native engine, Debian's libsrtp2 and the crypto
 * floor (the same OpenSSL primitives alone over the same bytes: AES-CTR
 * as AES-ECB over counter blocks, then HMAC-SHA1 from a precomputed key
 * state; or AES-GCM with only the IV set per packet), in the same
 * run, for every suite, protect and unprotect, 172- and 1,200-byte RTP
 * packets.  One line per case:
 *
 *   bench: <case>: ours <ns/pkt>, libsrtp <ns/pkt>, floor <ns/pkt>,
 *          ratio <ours/libsrtp>, over-floor <ours/floor>
 *
 * Each contender runs batches of BATCH distinct packets (distinct buffers,
 * increasing sequence numbers, so no replay refusal), the three
 * interleaved in rotating order; the figure is the median batch.  Usage: bench_srtp [ms]
 * (time per case and contender, default 150).
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <srtp2/srtp.h>

#include "srtp.h"
#include "srtp_policy.h"

#define BATCH	256
#define ROOM	64
#define SSRC	0x11223344U

/* The engine numbers its suites as the UAPI does (srtp_policy.h). */
_Static_assert((int)MS_SRTP_NULL_SHA1_32 ==
	       (int)MEDIASEC_SUITE_NULL_HMAC_SHA1_32, "suite numbering");

struct suite {
	enum ms_srtp_suite ours;
};

static const struct suite suites[] = {
	{ MS_SRTP_AES128_CM_SHA1_80 }, { MS_SRTP_AES128_CM_SHA1_32 },
	{ MS_SRTP_AES256_CM_SHA1_80 }, { MS_SRTP_AES256_CM_SHA1_32 },
	{ MS_SRTP_AEAD_AES_128_GCM }, { MS_SRTP_AEAD_AES_256_GCM },
	{ MS_SRTP_NULL_SHA1_80 }, { MS_SRTP_NULL_SHA1_32 },
};

static u8 master[64];

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_srtp: %s\n", what);
	exit(1);
}

/* ---- the floor: the primitives alone ---------------------------------- */

struct floor {
	const struct ms_srtp_suite_info *si;
	EVP_CIPHER_CTX *enc, *dec;
	SHA_CTX inner, outer;
	u8 iv[16];
	u8 ctr[1200 + 16], ks[1200 + 16];
};

/*
 * AES-CTR the cheapest way OpenSSL 3.0 offers per packet: AES-ECB keyed
 * once over the counter blocks, XORed in (re-initialising an EVP CTR
 * context with a new IV costs more than the AES of a 172-byte packet).
 */
static void floor_ctr(struct floor *f, u8 *p, u32 n)
{
	u32 nb = (n + 15) / 16, i;
	u64 a, b;
	int out;

	for (i = 0; i < nb; i++) {
		memcpy(f->ctr + 16 * i, f->iv, 14);
		f->ctr[16 * i + 14] = (u8)(i >> 8);
		f->ctr[16 * i + 15] = (u8)i;
	}
	EVP_EncryptUpdate(f->enc, f->ks, &out, f->ctr, (int)(16 * nb));
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&a, p + i, 8);
		memcpy(&b, f->ks + i, 8);
		a ^= b;
		memcpy(p + i, &a, 8);
	}
	for (; i < n; i++)
		p[i] ^= f->ks[i];
}

static void floor_tag(EVP_CIPHER_CTX *x, u8 *tag, bool set)
{
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
						 tag, 16);
	p[1] = OSSL_PARAM_construct_end();
	if (set)
		EVP_CIPHER_CTX_set_params(x, p);
	else
		EVP_CIPHER_CTX_get_params(x, p);
}

static void floor_init(struct floor *f, const struct ms_srtp_suite_info *si)
{
	const EVP_CIPHER *c = NULL;
	u8 pad[64];
	int i;

	memset(f, 0, sizeof(*f));
	f->si = si;
	if (si->cipher == MS_SRTP_CTR)
		c = si->key_len == 16 ? EVP_aes_128_ecb() : EVP_aes_256_ecb();
	else if (si->cipher == MS_SRTP_GCM)
		c = si->key_len == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
	if (c) {
		f->enc = EVP_CIPHER_CTX_new();
		f->dec = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(f->enc, c, NULL, master, NULL);
		EVP_DecryptInit_ex(f->dec, c, NULL, master, NULL);
		EVP_CIPHER_CTX_set_padding(f->enc, 0);
	}
	memset(pad, 0x36, sizeof(pad));
	for (i = 0; i < 20; i++)
		pad[i] ^= master[i];
	SHA1_Init(&f->inner);
	SHA1_Update(&f->inner, pad, 64);
	for (i = 0; i < 64; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	SHA1_Init(&f->outer);
	SHA1_Update(&f->outer, pad, 64);
}

static void floor_hmac(struct floor *f, const u8 *d, u32 n, const u8 *roc,
		       u8 *out)
{
	SHA_CTX c = f->inner;
	u8 md[20];

	SHA1_Update(&c, d, n);
	SHA1_Update(&c, roc, 4);
	SHA1_Final(md, &c);
	c = f->outer;
	SHA1_Update(&c, md, 20);
	SHA1_Final(out, &c);
}

/* Protect: returns the new length.  @seq only varies the IV. */
static u32 floor_protect(struct floor *f, u8 *b, u32 n, u32 seq)
{
	static const u8 roc[4];
	u8 mac[20];
	int out;

	memcpy(f->iv + 8, &seq, 4);
	if (f->si->cipher == MS_SRTP_GCM) {
		EVP_EncryptInit_ex2(f->enc, NULL, NULL, f->iv, NULL);
		EVP_EncryptUpdate(f->enc, NULL, &out, b, 12);
		EVP_EncryptUpdate(f->enc, b + 12, &out, b + 12, n - 12);
		EVP_EncryptFinal_ex(f->enc, b + n, &out);
		floor_tag(f->enc, b + n, false);
		return n + 16;
	}
	if (f->si->cipher == MS_SRTP_CTR)
		floor_ctr(f, b + 12, n - 12);
	floor_hmac(f, b, n, roc, mac);
	memcpy(b + n, mac, f->si->rtp_tag);
	return n + f->si->rtp_tag;
}

static int floor_unprotect(struct floor *f, u8 *b, u32 n, u32 seq)
{
	static const u8 roc[4];
	u32 t = f->si->cipher == MS_SRTP_GCM ? 16 : f->si->rtp_tag;
	u8 mac[20];
	int out;

	memcpy(f->iv + 8, &seq, 4);
	if (f->si->cipher == MS_SRTP_GCM) {
		EVP_DecryptInit_ex2(f->dec, NULL, NULL, f->iv, NULL);
		EVP_DecryptUpdate(f->dec, NULL, &out, b, 12);
		EVP_DecryptUpdate(f->dec, b + 12, &out, b + 12, n - t - 12);
		floor_tag(f->dec, b + n - t, true);
		return EVP_DecryptFinal_ex(f->dec, b + n - t, &out) > 0;
	}
	floor_hmac(f, b, n - t, roc, mac);
	if (CRYPTO_memcmp(mac, b + n - t, t))
		return 0;
	if (f->si->cipher == MS_SRTP_CTR)
		floor_ctr(f, b + 12, n - t - 12);
	return 1;
}

/* ---- the three contenders ------------------------------------------- */

struct bench {
	const struct suite *s;
	const struct ms_srtp_suite_info *si;
	u32 size;
	struct ms_srtp_ctx *otx, *orx;
	srtp_t ltx, lrx;
	struct floor fl;
	u16 seq_o, seq_l, seq_f;
	u8 (*buf)[1200 + ROOM];
	u32 len[BATCH];
};

static srtp_t lib_session(const struct suite *s, bool inbound)
{
	srtp_policy_t pol;
	srtp_t t;

	memset(&pol, 0, sizeof(pol));
	ms_srtp_policy(s->ours)->rtp(&pol.rtp);
	ms_srtp_policy(s->ours)->rtcp(&pol.rtcp);
	pol.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
	pol.key = master;
	pol.window_size = 128;
	if (srtp_create(&t, &pol) != srtp_err_status_ok)
		fail("srtp_create");
	return t;
}

static struct ms_srtp_ctx *our_ctx(const struct suite *s,
				   const struct ms_srtp_suite_info *si)
{
	struct ms_srtp_params p = { .suite = s->ours };
	struct ms_srtp_key_params k = { .key = master,
					.salt = master + si->key_len };
	struct ms_srtp_ctx *ctx;

	if (ms_srtp_ctx_create(&ctx, &p) || ms_srtp_key_add(ctx, &k))
		fail("ms_srtp_ctx_create");
	return ctx;
}

static void fill(struct bench *b, u16 *seq)
{
	u32 i;

	for (i = 0; i < BATCH; i++) {
		u8 *p = b->buf[i];

		memset(p, 0xab, b->size);
		p[0] = 0x80;
		p[1] = 0;
		ms_put_be16((*seq)++, p + 2);
		ms_put_be32(0, p + 4);
		ms_put_be32(SSRC, p + 8);
		b->len[i] = b->size;
	}
}

enum { OURS, LIB, FLOOR };

/* One batch of one contender; returns ns per packet. */
static double batch(struct bench *b, int who, bool unprotect)
{
	u16 *seq = who == OURS ? &b->seq_o : who == LIB ? &b->seq_l :
		   &b->seq_f;
	u16 first = *seq;
	double t0, t1;
	u32 i;
	int l;

	fill(b, seq);
	if (unprotect) {	/* untimed: make BATCH packets to open */
		for (i = 0; i < BATCH; i++) {
			if (who == OURS) {
				if (ms_srtp_protect_rtp(b->otx, b->buf[i],
							&b->len[i],
							b->size + ROOM))
					fail("protect");
			} else if (who == LIB) {
				l = (int)b->len[i];
				if (srtp_protect(b->ltx, b->buf[i], &l))
					fail("srtp_protect");
				b->len[i] = (u32)l;
			} else {
				b->len[i] = floor_protect(&b->fl, b->buf[i],
							  b->len[i],
							  first + i);
			}
		}
	}
	t0 = now_ns();
	for (i = 0; i < BATCH; i++) {
		u8 *p = b->buf[i];

		if (who == OURS) {
			if (unprotect ?
			    ms_srtp_unprotect_rtp(b->orx, p, &b->len[i]) :
			    ms_srtp_protect_rtp(b->otx, p, &b->len[i],
						b->size + ROOM))
				fail("ours");
		} else if (who == LIB) {
			l = (int)b->len[i];
			if (unprotect ? srtp_unprotect(b->lrx, p, &l) :
					srtp_protect(b->ltx, p, &l))
				fail("libsrtp");
			b->len[i] = (u32)l;
		} else if (unprotect) {
			if (!floor_unprotect(&b->fl, p, b->len[i], first + i))
				fail("floor");
		} else {
			b->len[i] = floor_protect(&b->fl, p, b->len[i],
						  first + i);
		}
	}
	t1 = now_ns();
	return (t1 - t0) / BATCH;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

#define MAXROUNDS 4096

static void run_case(const struct suite *s, u32 size, bool unprotect,
		     double budget_ns)
{
	static double t[3][MAXROUNDS];
	struct bench b = { .s = s, .size = size };
	double start, ours, lib, fl;
	int r = 0, w;

	b.si = ms_srtp_suite_info(s->ours);
	b.buf = malloc(BATCH * sizeof(*b.buf));
	b.otx = our_ctx(s, b.si);
	b.orx = our_ctx(s, b.si);
	b.ltx = lib_session(s, false);
	b.lrx = lib_session(s, true);
	floor_init(&b.fl, b.si);
	/* warm up, then rounds of the three interleaved */
	for (w = 0; w < 3; w++)
		batch(&b, w, unprotect);
	start = now_ns();
	while (r < MAXROUNDS && (r < 5 || now_ns() - start < 3 * budget_ns)) {
		/* rotate who goes first: cache state favours no one */
		for (w = 0; w < 3; w++)
			t[(r + w) % 3][r] = batch(&b, (r + w) % 3, unprotect);
		r++;
	}
	ours = median(t[OURS], r);
	lib = median(t[LIB], r);
	fl = median(t[FLOOR], r);
	printf("bench: %s %s %uB: ours %.0f ns/pkt, libsrtp %.0f ns/pkt, "
	       "floor %.0f ns/pkt, ratio %.3f, over-floor %.2f\n",
	       b.si->name, unprotect ? "unprotect" : "protect", size,
	       ours, lib, fl, ours / lib, ours / fl);
	fflush(stdout);
	ms_srtp_ctx_destroy(b.otx);
	ms_srtp_ctx_destroy(b.orx);
	srtp_dealloc(b.ltx);
	srtp_dealloc(b.lrx);
	EVP_CIPHER_CTX_free(b.fl.enc);
	EVP_CIPHER_CTX_free(b.fl.dec);
	free(b.buf);
}

/*
 * The cost of a forgery against that of a genuine packet (issue 13): a
 * receiving context that accepted sequence number 40000 unprotects, in
 * alternating timed batches, BATCH genuine 172-byte packets (40001 on)
 * and BATCH forged ones (a tag bit flipped).  With @kdr 2^16 the forged
 * ones carry sequence numbers 0 on, whose index (2^16 + seq) lies in the
 * next key period.  A fresh context each round; the figure is the median
 * batch.
 */
static void forgery_case(enum ms_srtp_suite suite, u32 kdr, double budget_ns)
{
	static double t[2][MAXROUNDS];
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(suite);
	struct ms_srtp_params p = { .suite = suite, .kdr = kdr };
	struct ms_srtp_key_params k = { .key = master,
					.salt = master + si->key_len };
	static u8 good[BATCH][172 + ROOM], bad[BATCH][172 + ROOM];
	u32 glen[BATCH], blen[BATCH], i, len;
	struct ms_srtp_ctx *tx, *rx;
	double start, t0, forged, valid;
	int r = 0, w;
	u8 first[172 + ROOM];

	start = now_ns();
	while (r < MAXROUNDS && (r < 5 || now_ns() - start < budget_ns)) {
		if (ms_srtp_ctx_create(&tx, &p) || ms_srtp_key_add(tx, &k) ||
		    ms_srtp_ctx_create(&rx, &p) || ms_srtp_key_add(rx, &k))
			fail("forgery: contexts");
		for (i = 0; i <= 2 * BATCH; i++) {
			u16 seq = i <= BATCH ? (u16)(40000 + i) :
				  (u16)(i - BATCH - 1);
			u8 *b = i == 0 ? first : i <= BATCH ? good[i - 1] :
				bad[i - BATCH - 1];

			memset(b, 0xab, 172);
			b[0] = 0x80;
			b[1] = 0;
			ms_put_be16(seq, b + 2);
			ms_put_be32(0, b + 4);
			ms_put_be32(SSRC, b + 8);
			len = 172;
			if (ms_srtp_protect_rtp(tx, b, &len, sizeof(first)))
				fail("forgery: protect");
			if (i == 0 && ms_srtp_unprotect_rtp(rx, b, &len))
				fail("forgery: first");
			else if (i && i <= BATCH)
				glen[i - 1] = len;
			else if (i > BATCH) {
				b[len - 1] ^= 0x10;
				blen[i - BATCH - 1] = len;
			}
		}
		for (w = 0; w < 2; w++) {
			int forge = (r + w) % 2;

			t0 = now_ns();
			for (i = 0; i < BATCH; i++) {
				int res = forge ?
					ms_srtp_unprotect_rtp(rx, bad[i],
							      &blen[i]) :
					ms_srtp_unprotect_rtp(rx, good[i],
							      &glen[i]);

				if ((res == MS_SRTP_OK) == forge)
					fail("forgery: verdict");
			}
			t[forge][r] = (now_ns() - t0) / BATCH;
		}
		ms_srtp_ctx_destroy(tx);
		ms_srtp_ctx_destroy(rx);
		r++;
	}
	forged = median(t[1], r);
	valid = median(t[0], r);
	printf("bench: forgery cost %s kdr %u: forged %.0f ns/pkt, valid %.0f ns/pkt, ratio %.2f\n",
	       si->name, kdr, forged, valid, forged / valid);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 172, 1200 };
	double budget = (argc > 1 ? atof(argv[1]) : 150) * 1e6;
	size_t s, z;
	int u, i;

	for (i = 0; i < 64; i++)
		master[i] = (u8)(i * 37 + 11);
	if (srtp_init() != srtp_err_status_ok)
		fail("srtp_init");
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		for (z = 0; z < 2; z++)
			for (u = 0; u < 2; u++)
				run_case(&suites[s], sizes[z], u, budget);
	forgery_case(MS_SRTP_AES128_CM_SHA1_80, 0, budget);
	forgery_case(MS_SRTP_AES128_CM_SHA1_80, 1U << 16, budget);
	forgery_case(MS_SRTP_AEAD_AES_128_GCM, 0, budget);
	srtp_shutdown();
	return 0;
}
