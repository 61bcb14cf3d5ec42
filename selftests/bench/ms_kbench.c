// SPDX-License-Identifier: GPL-2.0
/*
 * ms_kbench: what mediasec.ko's SRTP protect and unprotect cost against the
 * kernel crypto primitives alone (issue 13; docs/performance.md, "The
 * module's crypto, in the guest").  Needs mediasec.ko and the test-only
 * mediasec_floor.ko loaded.
 *
 * One program (selftests/progs/bench_xform.bpf.c) runs under
 * BPF_PROG_TEST_RUN with a repeat count; the kernel reports the mean time
 * per repeat.  Per suite and packet size, each round runs, side by side:
 *
 *   none   the harness alone (sequence number, tail grown and shrunk)
 *   ours   bpf_mediasec_xform() protect;      ours+rt   protect, unprotect
 *   floor  bpf_mediasec_floor() protect;      floor+rt  protect, unprotect
 *   none+rt  the harness of a round trip alone
 *
 * protect = (ours - none), unprotect = (ours+rt - none+rt) - protect, the
 * same for the floor; each figure is the median over the rounds of its
 * per-round value.  A first round warms up and is not counted; each round
 * starts one run later than the one before.
 *
 *   ms_kbench [ROUNDS [MS_PER_RUN]]
 *
 * prints per suite, operation and size
 * "bench: kernel engine SUITE OP NB: ours X ns/pkt, kernel floor Y ns/pkt,
 * over-floor R".
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <linux/if_ether.h>
#include <linux/mediasec.h>

#include "bench_rounds.h"
#include "msobj.h"
#include "mediasec_kfunc.h"	/* before the skeleton, which uses them */
#include "../floor/floor_kfunc.h"
#include "bench_xform.skel.h"

#define RTP_OFF		(14 + 20 + 8)
#define MAX_ROUNDS	31

enum { ENGINE_NONE, ENGINE_OURS, ENGINE_FLOOR };

/* One measured configuration: engine, protect only or round trip. */
enum { RUN_NONE, RUN_OURS, RUN_FLOOR, RUN_NONE_RT, RUN_OURS_RT, RUN_FLOOR_RT,
       NR_RUNS };

static const struct {
	const char *name;
	unsigned int id, key, salt;
	unsigned int floor_tx, floor_rx;
} suites[] = {
	{ "AES_CM_128_HMAC_SHA1_80", MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
	  16, 14, MS_FLOOR_CM_PROTECT, MS_FLOOR_CM_UNPROTECT },
	{ "AEAD_AES_128_GCM", MEDIASEC_SUITE_AEAD_AES_128_GCM, 16, 12,
	  MS_FLOOR_GCM_PROTECT, MS_FLOOR_GCM_UNPROTECT },
};

static const unsigned int sizes[] = { 172, 1200 };

struct bench {
	struct bench_xform *skel;
	struct msnl nl;
	unsigned char frame[RTP_OFF + 1500];
	unsigned int rtp_len;
	uint16_t seq[NR_RUNS];	/* the next run's first index, per run */
	unsigned int repeat;
};

static void build_frame(struct bench *b, unsigned int rtp_len)
{
	unsigned char *p = b->frame, *rtp = p + RTP_OFF;
	unsigned int ip_len = 20 + 8 + rtp_len;

	memset(p, 0, sizeof(b->frame));
	p[12] = ETH_P_IP >> 8;
	p[13] = ETH_P_IP & 0xff;
	p += 14;
	p[0] = 0x45;
	p[2] = (unsigned char)(ip_len >> 8);
	p[3] = (unsigned char)ip_len;
	p[8] = 64;
	p[9] = 17;	/* UDP; addresses and checksums play no part */
	p += 20;
	p[0] = 0x9c;	/* 40000 -> 40002 */
	p[1] = 0x40;
	p[2] = 0x9c;
	p[3] = 0x42;
	p[4] = (unsigned char)((8 + rtp_len) >> 8);
	p[5] = (unsigned char)(8 + rtp_len);
	rtp[0] = 0x80;
	rtp[1] = 0;	/* PCMU */
	rtp[8] = 0x12;	/* SSRC 0x12345678 */
	rtp[9] = 0x34;
	rtp[10] = 0x56;
	rtp[11] = 0x78;
	memset(rtp + 12, 0xd5, rtp_len - 12);
	b->rtp_len = rtp_len;
}

/* Runs @run @b->repeat times (a bench_run_fn); the mean ns, or -1. */
static long long run_once(void *arg, int run)
{
	struct bench *b = arg;
	static const unsigned int engines[NR_RUNS] = {
		ENGINE_NONE, ENGINE_OURS, ENGINE_FLOOR,
		ENGINE_NONE, ENGINE_OURS, ENGINE_FLOOR,
	};
	struct bench_xform__bss *bss = b->skel->bss;
	unsigned char *rtp = b->frame + RTP_OFF;
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = b->frame,
		.data_size_in = RTP_OFF + b->rtp_len,
		.repeat = b->repeat,
	);
	int ret;

	/* The program numbers from seq + 1: every index is new to the key. */
	rtp[2] = (unsigned char)(b->seq[run] >> 8);
	rtp[3] = (unsigned char)b->seq[run];
	/* Context 1 protects alone; 2 and 3 make the round trip. */
	bss->ours_tx.ctx_id = run == RUN_OURS ? 1 : 2;
	bss->ours_rx.ctx_id = 3;
	bss->engine = engines[run];
	bss->round_trip = run >= RUN_NONE_RT;
	bss->rtp_len = b->rtp_len;
	bss->errors = 0;
	ret = bpf_prog_test_run_opts(bpf_program__fd(b->skel->progs.bench_xform),
				     &opts);
	if (ret || opts.retval != 2 /* XDP_PASS */ || bss->errors) {
		fprintf(stderr, "ms_kbench: run %d: %s, XDP verdict %u, %u errors (last %d)\n",
			run, ret ? strerror(errno) : "ran", opts.retval,
			bss->errors, bss->last_error);
		return -1;
	}
	b->seq[run] = (uint16_t)(b->seq[run] + b->repeat);
	return opts.duration;
}

static int set_ctxs(struct bench *b, unsigned int s, unsigned int base)
{
	struct msobj_key k = { .master_len = (uint8_t)suites[s].key,
			       .salt_len = (uint8_t)suites[s].salt };
	/* base: protect only; base + 1, + 2: the round trip's pair */
	struct msobj_ctx c[3] = {
		{ .id = base, .dir = MEDIASEC_DIR_TX, .suite = suites[s].id },
		{ .id = base + 1, .dir = MEDIASEC_DIR_TX, .suite = suites[s].id },
		{ .id = base + 2, .dir = MEDIASEC_DIR_RX, .suite = suites[s].id },
	};
	int i, ret = 0;

	memset(k.master, 0x2b, sizeof(k.master));
	memset(k.salt, 0x7e, sizeof(k.salt));
	for (i = 0; i < 3 && !ret; i++)
		ret = msobj_ctx_new(&b->nl, &c[i]) ?:
		      msobj_key_add(&b->nl, c[i].id, &k);
	memset(&k, 0, sizeof(k));
	if (ret) {
		fprintf(stderr, "ms_kbench: contexts: %s (%s)\n", strerror(-ret),
			b->nl.errmsg);
		return ret;
	}
	b->skel->bss->ours_tx.op = MEDIASEC_OP_PROTECT_RTP;
	b->skel->bss->ours_rx.op = MEDIASEC_OP_UNPROTECT_RTP;
	b->skel->bss->floor_tx_op = suites[s].floor_tx;
	b->skel->bss->floor_rx_op = suites[s].floor_rx;
	return 0;
}

static void report(const char *suite, const char *op, unsigned int size,
		   long long ours, long long floor)
{
	printf("bench: kernel engine %s %s %uB: ours %lld ns/pkt, kernel floor %lld ns/pkt, over-floor %.2f\n",
	       suite, op, size, ours, floor,
	       floor > 0 ? (double)ours / (double)floor : 0.0);
}

static int bench_case(struct bench *b, unsigned int s, unsigned int size,
		      int rounds, long long ms)
{
	long long t[NR_RUNS], v[4][MAX_ROUNDS];
	int r;

	build_frame(b, size);
	/*
	 * About @ms milliseconds a run; then a round not counted: first runs
	 * pay for cold caches (and TCG's translation of code not yet run).
	 */
	if (bench_calibrate(run_once, b, RUN_OURS_RT, ms, &b->repeat) ||
	    bench_round(run_once, b, NR_RUNS, 0, t))
		return -1;
	for (r = 0; r < rounds; r++) {
		if (bench_round(run_once, b, NR_RUNS, r, t))
			return -1;
		v[0][r] = t[RUN_OURS] - t[RUN_NONE];
		v[1][r] = t[RUN_FLOOR] - t[RUN_NONE];
		v[2][r] = (t[RUN_OURS_RT] - t[RUN_NONE_RT]) - v[0][r];
		v[3][r] = (t[RUN_FLOOR_RT] - t[RUN_NONE_RT]) - v[1][r];
		printf("# %s %uB round %d (x%u): none %lld, ours %lld, floor %lld, none+rt %lld, ours+rt %lld, floor+rt %lld ns\n",
		       suites[s].name, size, r + 1, b->repeat, t[RUN_NONE],
		       t[RUN_OURS], t[RUN_FLOOR], t[RUN_NONE_RT],
		       t[RUN_OURS_RT], t[RUN_FLOOR_RT]);
	}
	report(suites[s].name, "protect", size, bench_median(v[0], rounds),
	       bench_median(v[1], rounds));
	report(suites[s].name, "unprotect", size, bench_median(v[2], rounds),
	       bench_median(v[3], rounds));
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	long long ms = argc > 2 ? atoll(argv[2]) : 200;
	struct bench b = { 0 };
	unsigned int s, z;
	int ret = 0;

	if (argc > 3 || rounds < 1 || rounds > MAX_ROUNDS || ms < 1) {
		fprintf(stderr, "usage: ms_kbench [ROUNDS (1-%d) [MS_PER_RUN]]\n",
			MAX_ROUNDS);
		return 2;
	}
	/* Contexts and the test runs in a namespace of their own. */
	if (unshare(CLONE_NEWNET) || msnl_open(&b.nl)) {
		perror("ms_kbench: namespace or netlink");
		return 1;
	}
	b.skel = bench_xform__open_and_load();
	if (!b.skel) {
		fprintf(stderr, "ms_kbench: cannot load bench_xform (mediasec.ko and mediasec_floor.ko loaded?)\n");
		return 1;
	}
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]) && !ret; s++) {
		for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]) && !ret; z++) {
			ret = set_ctxs(&b, s, 1);
			if (!ret) {
				memset(b.seq, 0, sizeof(b.seq));
				ret = bench_case(&b, s, sizes[z], rounds, ms);
			}
			msobj_ctx_del(&b.nl, 1);
			msobj_ctx_del(&b.nl, 2);
			msobj_ctx_del(&b.nl, 3);
		}
	}
	bench_xform__destroy(b.skel);
	msnl_close(&b.nl);
	return ret ? 1 : 0;
}
