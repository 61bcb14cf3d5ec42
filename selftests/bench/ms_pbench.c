// SPDX-License-Identifier: GPL-2.0
/*
 * ms_pbench: what the media policies cost the data path (issue 17;
 * docs/performance.md, "Media policies on and off").  Needs mediasec.ko.
 *
 * One program (selftests/progs/bench_policy.bpf.c) runs under
 * BPF_PROG_TEST_RUN with a repeat count; the kernel reports the mean time
 * per repeat.  In a namespace of its own, four flows take the same stream
 * of 172-byte RTP packets (IPv4, 192.0.2.2:6000 to 192.0.2.1, in
 * sequence): two forward flows and two that protect to SRTP
 * (AES_CM_128_HMAC_SHA1_80), the gateway's work towards a UE; of each
 * pair, one has no policy, the other every one (a gate that lets the
 * source in, a policer far above any rate the loop reaches, DSCP 46, RTP
 * loss and jitter at 8 kHz).  Each round runs, side by side:
 *
 *   none  the harness alone (the headers written back)
 *   off   the flow step on the flow without policies
 *   on    the flow step on the flow with them all
 *
 * and the cost of the data path is (off - none) and (on - none); each
 * figure is the median over the rounds, a first round not counted, each
 * round starting one run later than the one before.
 *
 *   ms_pbench [ROUNDS [MS_PER_RUN [ONLY]]]
 *
 * ONLY (gate, police, dscp or rtp) puts that one policy alone on the
 * flows "with policies", to see what each costs.
 *
 * prints, for the SRTP flows (what a gateway carries),
 * "bench: policies on/off: on X ns/pkt cpu, off Y ns/pkt cpu, ratio R",
 * and the same figures for the forward flows (no crypto: the largest ratio
 * the policies can make) on a comment line.
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
#include "bench_policy.skel.h"

#define HDR_LEN		(14 + 20 + 8)
#define RTP_LEN		172
#define TAIL_ROOM	32	/* for the SRTP tag (MEDIASEC_MAX_TRAILER) */
#define MAX_ROUNDS	31

enum { RUN_NONE, RUN_OFF, RUN_ON, NR_RUNS };

/* The flows' local ports: forward or protecting, without or with policies. */
enum { PORT_FWD = 40000, PORT_SRTP = 40004 };

struct bench {
	struct bench_policy *skel;
	struct msnl nl;
	unsigned char frame[HDR_LEN + RTP_LEN + TAIL_ROOM];
	unsigned int repeat;
	unsigned int port;	/* PORT_FWD or PORT_SRTP; +2: with policies */
};

/* The frame to 192.0.2.1:@dport from 192.0.2.2:6000, one RTP packet. */
static void build_frame(unsigned char *p, unsigned int dport)
{
	static const unsigned char src[4] = { 192, 0, 2, 2 };
	static const unsigned char dst[4] = { 192, 0, 2, 1 };
	unsigned char *ip = p + 14, *udp = ip + 20, *rtp = udp + 8;
	unsigned int sum = 0, i;

	memset(p, 0, HDR_LEN + RTP_LEN + TAIL_ROOM);
	p[12] = ETH_P_IP >> 8;
	p[13] = ETH_P_IP & 0xff;
	ip[0] = 0x45;
	ip[2] = (20 + 8 + RTP_LEN) >> 8;
	ip[3] = (unsigned char)(20 + 8 + RTP_LEN);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	for (i = 0; i < 20; i += 2)
		sum += ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (unsigned char)(~sum >> 8);
	ip[11] = (unsigned char)~sum;
	udp[0] = 6000 >> 8;
	udp[1] = 6000 & 0xff;
	udp[2] = (unsigned char)(dport >> 8);
	udp[3] = (unsigned char)dport;
	udp[4] = (8 + RTP_LEN) >> 8;
	udp[5] = (unsigned char)(8 + RTP_LEN);
	rtp[0] = 0x80;
	rtp[1] = 0;	/* PCMU */
	rtp[3] = 1;
	rtp[8] = 0x12;	/* SSRC 0x12345678 */
	rtp[9] = 0x34;
	rtp[10] = 0x56;
	rtp[11] = 0x78;
	memset(rtp + 12, 0xd5, RTP_LEN - 12);
}

/* Runs @run @b->repeat times (a bench_run_fn); the mean ns, or -1. */
static long long run_once(void *arg, int run)
{
	struct bench *b = arg;
	struct bench_policy__bss *bss = b->skel->bss;
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = b->frame,
		.data_size_in = sizeof(b->frame),
		.repeat = b->repeat,
	);
	int ret;

	build_frame(b->frame, b->port + (run == RUN_ON ? 2 : 0));
	memcpy(bss->hdr, b->frame, HDR_LEN);
	bss->step = run != RUN_NONE;
	bss->errors = 0;
	ret = bpf_prog_test_run_opts(bpf_program__fd(b->skel->progs.bench_policy),
				     &opts);
	if (ret || opts.retval != 2 /* XDP_PASS */ || bss->errors) {
		fprintf(stderr, "ms_pbench: run %d: %s, XDP verdict %u, %u errors (last %d)\n",
			run, ret ? strerror(errno) : "ran", opts.retval,
			bss->errors, bss->last_error);
		return -1;
	}
	return opts.duration;
}

/* The context the SRTP flows protect with, and its key; 0 or -errno. */
static int set_ctx(struct bench *b)
{
	const struct msobj_ctx c = {
		.id = 1, .dir = MEDIASEC_DIR_TX,
		.suite = MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
	};
	struct msobj_key k = { .master_len = 16, .salt_len = 14 };
	int ret;

	memset(k.master, 0x2b, sizeof(k.master));	/* a bench, not a secret */
	memset(k.salt, 0x5c, sizeof(k.salt));
	ret = msobj_ctx_new(&b->nl, &c);
	return ret ?: msobj_key_add(&b->nl, 1, &k);
}

/*
 * Flows 1 to 4 at ports 40000 to 40006: forward, forward with policies,
 * protecting, protecting with policies; 0 or -errno.
 */
static int set_flows(struct bench *b, const char *only)
{
	struct msobj_pol all = {
		.has_gate = true,
		.gate = { .ep = { .alen = 4, .addr = { 192, 0, 2, 2 },
				  .port = 6000 },
			  .prefix_len = 32, .port_max = 6000 },
		.rate = 4000000000U, .burst = 1U << 26,
		.has_dscp = true, .dscp = 46, .clock_rate = 8000,
	};
	struct msobj_flow f = {
		.local = { .alen = 4, .addr = { 192, 0, 2, 1 } },
		.out_src = { .alen = 4, .addr = { 198, 51, 100, 1 } },
		.out_dst = { .alen = 4, .addr = { 198, 51, 100, 2 },
			     .port = 7000 },
	};
	int ret = set_ctx(b);
	unsigned int i;

	if (only && strcmp(only, "gate"))
		all.has_gate = false;
	if (only && strcmp(only, "police"))
		all.rate = all.burst = 0;
	if (only && strcmp(only, "dscp"))
		all.has_dscp = false;
	if (only && strcmp(only, "rtp"))
		all.clock_rate = 0;

	for (i = 0; !ret && i < 4; i++) {
		f.id = i + 1;
		f.action = i < 2 ? MEDIASEC_ACTION_FORWARD :
				   MEDIASEC_ACTION_RTP_TO_SRTP;
		f.tx_ctx = i < 2 ? 0 : 1;
		f.local.port = (uint16_t)(PORT_FWD + 2 * i);
		f.out_src.port = (uint16_t)(30000 + 2 * i);
		memset(&f.pol, 0, sizeof(f.pol));
		if (i & 1)
			f.pol = all;
		ret = msobj_flow_new(&b->nl, &f);
	}
	if (ret)
		fprintf(stderr, "ms_pbench: flows: %s (%s)\n", strerror(-ret),
			b->nl.errmsg);
	return ret;
}

/* One pair of flows (@b->port); the medians on and off, or -1. */
static int bench(struct bench *b, int rounds, long long ms,
		 long long *m_on, long long *m_off)
{
	long long t[NR_RUNS], on[MAX_ROUNDS], off[MAX_ROUNDS];
	int r;

	/* About @ms milliseconds a run; a round not counted (cold caches). */
	if (bench_calibrate(run_once, b, RUN_ON, ms, &b->repeat) ||
	    bench_round(run_once, b, NR_RUNS, 0, t))
		return -1;
	for (r = 0; r < rounds; r++) {
		if (bench_round(run_once, b, NR_RUNS, r, t))
			return -1;
		off[r] = t[RUN_OFF] - t[RUN_NONE];
		on[r] = t[RUN_ON] - t[RUN_NONE];
		printf("# policies %s round %d (x%u): none %lld, off %lld, on %lld ns\n",
		       b->port == PORT_FWD ? "forward" : "srtp", r + 1,
		       b->repeat, t[RUN_NONE], t[RUN_OFF], t[RUN_ON]);
	}
	*m_on = bench_median(on, rounds);
	*m_off = bench_median(off, rounds);
	return 0;
}

static double ratio(long long on, long long off)
{
	return off > 0 ? (double)on / (double)off : 0.0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 9;
	long long ms = argc > 2 ? atoll(argv[2]) : 200;
	long long fwd_on = 0, fwd_off = 0, srtp_on = 0, srtp_off = 0;
	struct bench b = { 0 };
	uint32_t i;
	int ret;

	if (argc > 4 || rounds < 1 || rounds > MAX_ROUNDS || ms < 1) {
		fprintf(stderr, "usage: ms_pbench [ROUNDS (1-%d) [MS_PER_RUN [gate|police|dscp|rtp]]]\n",
			MAX_ROUNDS);
		return 2;
	}
	/* The flows and the test runs in a namespace of their own. */
	if (unshare(CLONE_NEWNET) || msnl_open(&b.nl)) {
		perror("ms_pbench: namespace or netlink");
		return 1;
	}
	b.skel = bench_policy__open_and_load();
	if (!b.skel) {
		fprintf(stderr, "ms_pbench: cannot load bench_policy (mediasec.ko loaded?)\n");
		return 1;
	}
	ret = set_flows(&b, argc > 3 ? argv[3] : NULL);
	b.port = PORT_FWD;
	if (!ret)
		ret = bench(&b, rounds, ms, &fwd_on, &fwd_off);
	b.port = PORT_SRTP;
	if (!ret)
		ret = bench(&b, rounds, ms, &srtp_on, &srtp_off);
	if (!ret) {
		printf("# forward flows (no crypto): on %lld ns/pkt cpu, off %lld ns/pkt cpu, ratio %.2f\n",
		       fwd_on, fwd_off, ratio(fwd_on, fwd_off));
		printf("bench: policies on/off: on %lld ns/pkt cpu, off %lld ns/pkt cpu, ratio %.2f\n",
		       srtp_on, srtp_off, ratio(srtp_on, srtp_off));
		fflush(stdout);
	}
	for (i = 1; i <= 4; i++)
		msobj_flow_del(&b.nl, i);
	msobj_ctx_del(&b.nl, 1);
	bench_policy__destroy(b.skel);
	msnl_close(&b.nl);
	return ret ? 1 : 0;
}
