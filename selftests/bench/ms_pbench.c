// SPDX-License-Identifier: GPL-2.0
/*
 * ms_pbench: what the media policies cost the data path (issue 17;
 * docs/performance.md, "Media policies on and off").  Needs mediasec.ko.
 *
 * One program (selftests/progs/bench_policy.bpf.c) runs under
 * BPF_PROG_TEST_RUN with a repeat count; the kernel reports the mean time
 * per repeat.  In a namespace of its own, two forward flows take the same
 * 172-byte RTP packet (IPv4, 192.0.2.2:6000 to 192.0.2.1): port 40000 has
 * no policy, port 40002 every one (a gate that lets the source in, a
 * policer far above any rate the loop reaches, DSCP 46, RTP loss and
 * jitter at 8 kHz).  Each round runs, side by side:
 *
 *   none  the harness alone (the headers written back)
 *   off   the flow step on the flow without policies
 *   on    the flow step on the flow with them all
 *
 * and the cost of the data path is (off - none) and (on - none); each
 * figure is the median over the rounds, a first round not counted, each
 * round starting one run later than the one before.  A forward flow is
 * the cheapest the data path has (no crypto), so the ratio is the largest
 * the policies can make.
 *
 *   ms_pbench [ROUNDS [MS_PER_RUN]]
 *
 * prints "bench: policies on/off: on X ns/pkt cpu, off Y ns/pkt cpu,
 * ratio R".
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

#include "bench_median.h"
#include "msobj.h"
#include "mediasec_kfunc.h"	/* before the skeleton, which uses them */
#include "bench_policy.skel.h"

#define HDR_LEN		(14 + 20 + 8)
#define RTP_LEN		172
#define MAX_ROUNDS	31

enum { RUN_NONE, RUN_OFF, RUN_ON, NR_RUNS };

struct bench {
	struct bench_policy *skel;
	struct msnl nl;
	unsigned char frame[HDR_LEN + RTP_LEN];
	unsigned int repeat;
};

/* The frame to 192.0.2.1:@dport from 192.0.2.2:6000, one RTP packet. */
static void build_frame(unsigned char *p, unsigned int dport)
{
	static const unsigned char src[4] = { 192, 0, 2, 2 };
	static const unsigned char dst[4] = { 192, 0, 2, 1 };
	unsigned char *ip = p + 14, *udp = ip + 20, *rtp = udp + 8;
	unsigned int sum = 0, i;

	memset(p, 0, HDR_LEN + RTP_LEN);
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

/* Runs @run @b->repeat times; the mean ns per repeat, or -1. */
static long long run_once(struct bench *b, int run)
{
	struct bench_policy__bss *bss = b->skel->bss;
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = b->frame,
		.data_size_in = sizeof(b->frame),
		.repeat = b->repeat,
	);
	int ret;

	build_frame(b->frame, run == RUN_ON ? 40002 : 40000);
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

/* The two flows; 0 or -errno. */
static int set_flows(struct bench *b)
{
	struct msobj_flow f = {
		.id = 1, .action = MEDIASEC_ACTION_FORWARD,
		.local = { .alen = 4, .addr = { 192, 0, 2, 1 }, .port = 40000 },
		.out_src = { .alen = 4, .addr = { 198, 51, 100, 1 },
			     .port = 30000 },
		.out_dst = { .alen = 4, .addr = { 198, 51, 100, 2 },
			     .port = 7000 },
	};
	int ret;

	ret = msobj_flow_new(&b->nl, &f);
	if (ret)
		goto out;
	f.id = 2;
	f.local.port = 40002;
	f.out_src.port = 30002;
	f.pol = (struct msobj_pol){
		.has_gate = true,
		.gate = { .ep = { .alen = 4, .addr = { 192, 0, 2, 2 },
				  .port = 6000 },
			  .prefix_len = 32, .port_max = 6000 },
		.rate = 4000000000U, .burst = 1U << 26,
		.has_dscp = true, .dscp = 46, .clock_rate = 8000,
	};
	ret = msobj_flow_new(&b->nl, &f);
out:
	if (ret)
		fprintf(stderr, "ms_pbench: flows: %s (%s)\n", strerror(-ret),
			b->nl.errmsg);
	return ret;
}

static int bench(struct bench *b, int rounds, long long ms)
{
	long long t[NR_RUNS], on[MAX_ROUNDS], off[MAX_ROUNDS], probe, m_on, m_off;
	int i, r;

	/* Calibrate on the slowest run: about @ms milliseconds each. */
	b->repeat = 64;
	probe = run_once(b, RUN_ON);
	if (probe < 0)
		return -1;
	b->repeat = (unsigned int)(ms * 1000000 / (probe > 0 ? probe : 1));
	if (b->repeat < 64)
		b->repeat = 64;
	/* A round not counted: cold caches, TCG's first translations. */
	for (i = 0; i < NR_RUNS; i++)
		if (run_once(b, i) < 0)
			return -1;
	for (r = 0; r < rounds; r++) {
		/* Each round starts one run later: drift favours no run. */
		for (i = 0; i < NR_RUNS; i++) {
			int run = (i + r) % NR_RUNS;

			t[run] = run_once(b, run);
			if (t[run] < 0)
				return -1;
		}
		off[r] = t[RUN_OFF] - t[RUN_NONE];
		on[r] = t[RUN_ON] - t[RUN_NONE];
		printf("# policies round %d (x%u): none %lld, off %lld, on %lld ns\n",
		       r + 1, b->repeat, t[RUN_NONE], t[RUN_OFF], t[RUN_ON]);
	}
	m_on = bench_median(on, rounds);
	m_off = bench_median(off, rounds);
	printf("bench: policies on/off: on %lld ns/pkt cpu, off %lld ns/pkt cpu, ratio %.2f\n",
	       m_on, m_off, m_off > 0 ? (double)m_on / (double)m_off : 0.0);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 9;
	long long ms = argc > 2 ? atoll(argv[2]) : 200;
	struct bench b = { 0 };
	int ret;

	if (argc > 3 || rounds < 1 || rounds > MAX_ROUNDS || ms < 1) {
		fprintf(stderr, "usage: ms_pbench [ROUNDS (1-%d) [MS_PER_RUN]]\n",
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
	ret = set_flows(&b) ?: bench(&b, rounds, ms);
	msobj_flow_del(&b.nl, 1);
	msobj_flow_del(&b.nl, 2);
	bench_policy__destroy(b.skel);
	msnl_close(&b.nl);
	return ret ? 1 : 0;
}
