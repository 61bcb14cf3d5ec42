// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SDP / SDES library (userspace/lib/sdp.c,
 * sdes.c).  The input is parsed as an SDP; when that succeeds it is
 * written back, the text must parse again with the same usable a=crypto
 * attributes and must write back to the very same text.  The input is
 * also given to sdes_parse() as one a=crypto value, with the same round
 * trip.  Any failure of these properties aborts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"

#define FZ_OUT (64 * 1024)

static struct sdp fz_a, fz_b;
static char fz_out1[FZ_OUT], fz_out2[FZ_OUT];

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_sdp: %s\n", what);
		abort();
	}
}

/* The attributes sdp_encode() writes: same tag, suite, keys, params. */
static int fz_same_crypto(const struct sdes_crypto *a,
			  const struct sdes_crypto *b)
{
	return a->tag == b->tag && a->suite == b->suite &&
	       a->choose == b->choose &&
	       (a->flags & ~SDES_HAS_FEC_KEY) == b->flags &&
	       a->kdr == b->kdr && a->wsh == b->wsh && a->nkeys == b->nkeys &&
	       !memcmp(a->keys, b->keys, sizeof(a->keys));
}

/* What sdp_encode() writes of the TLS attributes (not the ignored count). */
static int fz_same_tls(const struct sdp_tls *a, const struct sdp_tls *b)
{
	unsigned int i;

	if (a->setup != b->setup || a->connection != b->connection ||
	    a->nfp != b->nfp || a->msrp_cema != b->msrp_cema ||
	    strcmp(a->path, b->path))
		return 0;
	for (i = 0; i < a->nfp; i++)
		if (a->fp[i].hash != b->fp[i].hash ||
		    a->fp[i].len != b->fp[i].len ||
		    memcmp(a->fp[i].value, b->fp[i].value, a->fp[i].len))
			return 0;
	return 1;
}

/* MIKEY's a=key-mgmt comes back the same (other protocols' are not kept) */
static bool fz_same_keymgmt(const struct sdp_keymgmt *a,
			    const struct sdp_keymgmt *b)
{
	return a->present == b->present && a->len == b->len &&
	       !memcmp(a->data, b->data, a->len);
}

static void fz_sdp(const uint8_t *data, size_t size)
{
	struct sdp_error e;
	unsigned int i, j, k;
	int n1, n2;

	if (sdp_parse(&fz_a, (const char *)data, size, &e)) {
		fz_check(e.msg != NULL, "error without a message");
		return;
	}
	n1 = sdp_encode(&fz_a, fz_out1, sizeof(fz_out1));
	fz_check(n1 > 0 && (size_t)n1 == strlen(fz_out1), "encode failed");
	fz_check(!sdp_parse(&fz_b, fz_out1, n1, &e), "re-parse failed");
	fz_check(fz_a.nmedia == fz_b.nmedia, "m= count changed");
	fz_check(fz_same_tls(&fz_a.tls, &fz_b.tls),
		 "session a=setup/fingerprint changed");
	fz_check(fz_same_keymgmt(&fz_a.keymgmt, &fz_b.keymgmt),
		 "session a=key-mgmt changed");
	for (i = 0; i < fz_a.nmedia; i++) {
		const struct sdp_media *ma = &fz_a.media[i];
		const struct sdp_media *mb = &fz_b.media[i];

		for (j = 0, k = 0; j < ma->ncrypto; j++) {
			if (ma->crypto[j].unsupported)
				continue;
			fz_check(k < mb->ncrypto, "a=crypto lost");
			fz_check(fz_same_crypto(&ma->crypto[j], &mb->crypto[k++]),
				 "a=crypto changed");
		}
		fz_check(k == mb->ncrypto, "a=crypto added");
		fz_check(ma->port == mb->port &&
			 ma->port_flags == mb->port_flags &&
			 ma->dir == mb->dir && ma->rtcp_mux == mb->rtcp_mux &&
			 !strcmp(ma->fmts, mb->fmts), "m= section changed");
		fz_check(fz_same_tls(&ma->tls, &mb->tls),
			 "a=setup/connection/fingerprint/path changed");
		fz_check(fz_same_keymgmt(&ma->keymgmt, &mb->keymgmt),
			 "a=key-mgmt:mikey changed");
	}
	n2 = sdp_encode(&fz_b, fz_out2, sizeof(fz_out2));
	fz_check(n1 == n2 && !memcmp(fz_out1, fz_out2, n1),
		 "second encoding differs");
	sdp_free(&fz_a);
	sdp_free(&fz_b);
}

static void fz_sdes(const uint8_t *data, size_t size)
{
	struct sdes_crypto a, b;
	char text[SDES_LINE_MAX + 2];
	const char *err;
	int n;

	if (size > SDES_LINE_MAX + 1)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	if (sdes_parse(&a, text, &err)) {
		fz_check(err != NULL, "sdes error without a message");
		return;
	}
	n = sdes_encode(&a, fz_out1, sizeof(fz_out1));
	fz_check(n > 0, "sdes encode failed");
	fz_check(!sdes_parse(&b, fz_out1, &err), "sdes re-parse failed");
	fz_check(fz_same_crypto(&a, &b), "sdes round trip changed");
	sdes_wipe(&a);
	sdes_wipe(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_sdp(data, size);
	fz_sdes(data, size);
	return 0;
}
