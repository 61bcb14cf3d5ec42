// SPDX-License-Identifier: GPL-2.0
/*
 * ms_blast: the traffic generator of the data-path benchmark.  Packets are
 * built (and SRTP-protected with libsrtp2) once, into a file, so sending
 * costs the generator one sendmmsg per burst and nothing else, and the
 * same stream can be offered to two gateways in turn (each with a fresh
 * SRTP context, so no packet is a replay).
 *
 *   ms_blast gen FILE COUNT [suite S key-file F] [ssrc N] [seq N] [size B]
 *       COUNT RTP packets of B bytes (default 172: 12-byte header and a
 *       160-byte payload), consecutive sequence numbers from N (default 0;
 *       the ROC follows the wraps), protected when a suite is given; the
 *       bytes are those of ms_endpoint's stream, so "ms_endpoint recv"
 *       checks them.
 *   ms_blast send ADDR PORT DADDR DPORT FILE [first N] [count N]
 *                 [rate PPS] [burst N]
 *       Sends packets first..first+count-1 of FILE (default: all) from
 *       ADDR:PORT to DADDR:DPORT in bursts of N (default 16) with
 *       sendmmsg, burst k leaving at k * N / PPS seconds; rate 0 (default)
 *       is as fast as possible.  Prints
 *       "blast: sent N in S s, R pps, cpu C ns".
 *   ms_blast redirect DEV TARGET
 *       Attaches bench_redirect (selftests/progs) to DEV in native mode:
 *       every frame DEV receives leaves through TARGET as an XDP frame.
 *       Sending into a veth whose peer is DEV therefore hands the gateway
 *       behind TARGET frames, as a NIC would, not locally built skbs.
 */
#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_redirect.skel.h"
#include "../ms_tool.h"

#define STRIDE		256	/* one record: u16 length, then the packet */
#define MAXBURST	256

static int usage(void)
{
	fprintf(stderr,
		"usage: ms_blast gen FILE COUNT [suite S key-file F] [ssrc N] [seq N]\n"
		"                     [size B]\n"
		"       ms_blast send ADDR PORT DADDR DPORT FILE [first N] [count N]\n"
		"                     [rate PPS] [burst N]\n"
		"       ms_blast redirect DEV TARGET\n");
	return 2;
}

static srtp_t session(const char *suite, const char *key_file)
{
	unsigned char key[64];
	srtp_policy_t pol;
	srtp_t s;

	ms_srtp_policy_load("ms_blast", suite, key_file, 0, &pol, key);
	s = ms_srtp_session("ms_blast", &pol);
	memset(key, 0, sizeof(key));
	return s;
}

static int do_gen(int argc, char **argv)
{
	const char *suite = NULL, *key_file = NULL;
	unsigned int size = 172, ssrc = 0x11223344, seq0 = 0, count, k, i;
	unsigned char rec[STRIDE];
	srtp_t s = NULL;
	FILE *f;
	int len;

	if (argc < 4)
		return usage();
	count = strtoul(argv[3], NULL, 0);
	for (i = 4; i + 1 < (unsigned int)argc; i += 2) {
		if (!strcmp(argv[i], "suite"))
			suite = argv[i + 1];
		else if (!strcmp(argv[i], "key-file"))
			key_file = argv[i + 1];
		else if (!strcmp(argv[i], "ssrc"))
			ssrc = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "seq"))
			seq0 = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "size"))
			size = strtoul(argv[i + 1], NULL, 0);
		else
			return usage();
	}
	if (i != (unsigned int)argc || size < 12 || size > STRIDE - 2 - 32)
		return usage();
	if (suite)
		s = session(suite, key_file);
	f = fopen(argv[2], "wb");
	if (!f) {
		perror("ms_blast: gen");
		return 2;
	}
	for (k = 0; k < count; k++) {
		unsigned char *b = rec + 2;
		unsigned int seq = (seq0 + k) & 0xffff, ts = 1000 + 160 * k;

		memset(rec, 0, sizeof(rec));
		b[0] = 0x80;
		b[1] = 0;		/* PT 0: PCMU */
		b[2] = seq >> 8;
		b[3] = seq;
		b[4] = ts >> 24;
		b[5] = ts >> 16;
		b[6] = ts >> 8;
		b[7] = ts;
		b[8] = ssrc >> 24;
		b[9] = ssrc >> 16;
		b[10] = ssrc >> 8;
		b[11] = ssrc;
		for (i = 12; i < size; i++)
			b[i] = (unsigned char)(i * 31 + k * 7 + ssrc);
		len = size;
		if (s && srtp_protect(s, b, &len) != srtp_err_status_ok) {
			fprintf(stderr, "ms_blast: srtp_protect failed\n");
			return 1;
		}
		rec[0] = len & 0xff;
		rec[1] = len >> 8;
		if (fwrite(rec, STRIDE, 1, f) != 1) {
			perror("ms_blast: gen");
			return 1;
		}
	}
	if (fclose(f)) {
		perror("ms_blast: gen");
		return 1;
	}
	if (s) {
		srtp_dealloc(s);
		srtp_shutdown();
	}
	return 0;
}

static long long mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int do_send(int argc, char **argv)
{
	static struct mmsghdr msg[MAXBURST];
	static struct iovec iov[MAXBURST];
	unsigned long long first = 0, count = ~0ULL, rate = 0, total, k;
	unsigned int burst = 16, i, n;
	struct sockaddr_storage me, dst;
	socklen_t mlen, dlen;
	long long t0, t1;
	struct rusage ru;
	unsigned char *map;
	struct stat st;
	int fd, ffd, fam, a, one = 1;

	if (argc < 7)
		return usage();
	for (a = 7; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "first"))
			first = strtoull(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "count"))
			count = strtoull(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "rate"))
			rate = strtoull(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "burst"))
			burst = strtoul(argv[a + 1], NULL, 0);
		else
			return usage();
	}
	if (a != argc || !burst || burst > MAXBURST)
		return usage();
	fam = ms_sockaddr_of(argv[2], argv[3], &me, &mlen);
	if (fam < 0 || ms_sockaddr_of(argv[4], argv[5], &dst, &dlen) != fam)
		return usage();
	ffd = open(argv[6], O_RDONLY);
	if (ffd < 0 || fstat(ffd, &st)) {
		perror("ms_blast: send");
		return 2;
	}
	total = st.st_size / STRIDE;
	if (first > total)
		first = total;
	if (count > total - first)
		count = total - first;
	map = mmap(NULL, st.st_size ? st.st_size : 1, PROT_READ,
		   MAP_PRIVATE | MAP_POPULATE, ffd, 0);
	if (map == MAP_FAILED) {
		perror("ms_blast: mmap");
		return 2;
	}
	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0)
		return 2;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a = 4 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &a, sizeof(a)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &a, sizeof(a));
	if (bind(fd, (struct sockaddr *)&me, mlen) ||
	    connect(fd, (struct sockaddr *)&dst, dlen)) {
		perror("ms_blast: bind/connect");
		return 2;
	}
	for (i = 0; i < burst; i++) {
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	t0 = mono_ns();
	for (k = 0; k < count; k += n) {
		n = count - k < burst ? count - k : burst;
		if (rate) {	/* this burst leaves at t0 + k / rate */
			long long due = t0 + (long long)(k * 1000000000ULL / rate);
			struct timespec d = { due / 1000000000LL,
					      due % 1000000000LL };

			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					       &d, NULL) == EINTR)
				;
		}
		for (i = 0; i < n; i++) {
			unsigned char *r = map + (first + k + i) * STRIDE;

			iov[i].iov_base = r + 2;
			iov[i].iov_len = r[0] | r[1] << 8;
		}
		for (i = 0; i < n; ) {
			int m = sendmmsg(fd, msg + i, n - i, 0);

			if (m < 0) {
				if (errno == EINTR || errno == ENOBUFS ||
				    errno == EAGAIN)
					continue;
				perror("ms_blast: sendmmsg");
				return 1;
			}
			i += m;
		}
	}
	t1 = mono_ns();
	getrusage(RUSAGE_SELF, &ru);
	printf("blast: sent %llu in %.3f s, %.0f pps, cpu %lld ns\n", count,
	       (t1 - t0) / 1e9, count * 1e9 / (t1 > t0 ? t1 - t0 : 1),
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL);
	return 0;
}

static int do_redirect(int argc, char **argv)
{
	struct bench_redirect *skel;
	unsigned int dev, target;
	int err;

	if (argc != 4)
		return usage();
	dev = if_nametoindex(argv[2]);
	target = if_nametoindex(argv[3]);
	if (!dev || !target)
		return usage();
	skel = bench_redirect__open();
	if (!skel)
		return 2;
	skel->rodata->target_ifindex = target;
	err = bench_redirect__load(skel);
	if (!err)
		err = bpf_xdp_attach(dev,
				     bpf_program__fd(skel->progs.bench_redirect),
				     XDP_FLAGS_DRV_MODE, NULL);
	if (err) {
		fprintf(stderr, "ms_blast: redirect: %s\n", strerror(-err));
		return 1;
	}
	/* The attachment outlives us; the program stays with it. */
	bench_redirect__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "gen"))
		return do_gen(argc, argv);
	if (!strcmp(argv[1], "send"))
		return do_send(argc, argv);
	if (!strcmp(argv[1], "redirect"))
		return do_redirect(argc, argv);
	return usage();
}
