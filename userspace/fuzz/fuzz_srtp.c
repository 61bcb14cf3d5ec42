// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SRTP engine's unprotect path (RTP and RTCP, all
 * suites, with MKI, session parameters and a key derivation rate).
 *
 * Input: byte 0 picks the suite and variant, byte 1 the mode, the rest is
 * the packet.  Modes:
 *   0  unprotect the bytes as they are (must not crash, must refuse or
 *      return a length within the input);
 *   1  protect them, then unprotect: must succeed and give them back;
 *   2  protect them, flip the bit byte 2 names, unprotect: must be refused
 *      (suites that authenticate).
 * Buffers are exactly as long as the engine may touch, so ASan sees any
 * byte read or written out of bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srtp.h"

static const u8 fz_key[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};
static const u8 fz_salt[14] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
	0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
};

#define FZ_VARIANTS 5

static struct ms_srtp_ctx *fz_ctx(int suite, int variant)
{
	struct ms_srtp_params p = { .suite = suite, .window = 64 };
	struct ms_srtp_key_params k = { .key = fz_key, .salt = fz_salt };
	const struct ms_srtp_suite_info *si = ms_srtp_suite_info(suite);
	struct ms_srtp_ctx *ctx;

	switch (variant) {
	case 1:
		p.mki_len = 2;
		break;
	case 2:
		p.flags = MS_SRTP_F_UNENCRYPTED_SRTP |
			  MS_SRTP_F_UNENCRYPTED_SRTCP;
		break;
	case 3:
		if (si->cipher != MS_SRTP_GCM)
			p.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP;
		break;
	case 4:
		if (si->cipher != MS_SRTP_GCM)
			p.kdr = 16;
		p.mki_len = 1;
		break;
	}
	if (ms_srtp_ctx_create(&ctx, &p))
		abort();
	if (ms_srtp_key_add(ctx, &k))
		abort();
	if (p.mki_len) {
		k.mki = 0x42;
		k.key = fz_salt;	/* a second, different key */
		k.salt = fz_key;
		if (ms_srtp_key_add(ctx, &k))
			abort();
	}
	return ctx;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ms_srtp_ctx *tx, *rx;
	int suite, variant, mode, rtcp, r;
	u32 len, n, flip = 0;
	u8 *buf;

	if (size < 3 || size > 4096)
		return 0;
	suite = 1 + data[0] % (MS_SRTP_NR_SUITES - 1);
	variant = (data[0] >> 3) % FZ_VARIANTS;
	mode = data[1] % 3;
	rtcp = (data[1] >> 2) & 1;
	flip = data[2];
	data += 3;
	n = (u32)(size - 3);

	rx = fz_ctx(suite, variant);
	if (mode == 0) {
		buf = malloc(n ? n : 1);
		memcpy(buf, data, n);
		len = n;
		r = rtcp ? ms_srtp_unprotect_rtcp(rx, buf, &len) :
			   ms_srtp_unprotect_rtp(rx, buf, &len);
		if (r >= MS_SRTP_NR_RESULTS || len > n)
			abort();
		free(buf);
		ms_srtp_ctx_destroy(rx);
		return 0;
	}

	tx = fz_ctx(suite, variant);
	buf = malloc(n + MS_SRTP_MAX_TRAILER);
	memcpy(buf, data, n);
	len = n;
	r = rtcp ? ms_srtp_protect_rtcp(tx, buf, &len, n + MS_SRTP_MAX_TRAILER) :
		   ms_srtp_protect_rtp(tx, buf, &len, n + MS_SRTP_MAX_TRAILER);
	if (r == MS_SRTP_OK) {
		u8 *pkt = malloc(len);
		u32 plen = len;
		bool auth = rtcp || !(rx->params.flags &
				      MS_SRTP_F_UNAUTHENTICATED_SRTP);

		memcpy(pkt, buf, len);
		if (mode == 2)
			pkt[(flip / 8) % plen] ^= (u8)(1 << (flip % 8));
		r = rtcp ? ms_srtp_unprotect_rtcp(rx, pkt, &plen) :
			   ms_srtp_unprotect_rtp(rx, pkt, &plen);
		if (mode == 1 && (r != MS_SRTP_OK || plen != n ||
				  memcmp(pkt, data, n))) {
			fprintf(stderr, "round trip failed: %s\n",
				ms_srtp_result_name(r));
			abort();
		}
		if (mode == 2 && auth && r == MS_SRTP_OK) {
			fprintf(stderr, "flipped bit %u accepted\n", flip);
			abort();
		}
		free(pkt);
	} else if (r != MS_SRTP_MALFORMED && r != MS_SRTP_TOO_OLD) {
		fprintf(stderr, "protect: %s\n", ms_srtp_result_name(r));
		abort();
	}
	free(buf);
	ms_srtp_ctx_destroy(tx);
	ms_srtp_ctx_destroy(rx);
	return 0;
}
