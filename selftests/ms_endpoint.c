// SPDX-License-Identifier: GPL-2.0
/*
 * ms_endpoint: a media endpoint for the data-path tests, on libsrtp2 (the
 * reference SRTP implementation, not ours).  It sends an RTP or SRTP
 * stream whose every byte follows from its sequence number, or receives
 * one and checks every payload byte, sequence number and timestamp.
 *
 *   ms_endpoint send ADDR PORT DADDR DPORT COUNT [options]
 *   ms_endpoint recv ADDR PORT COUNT [options]
 *
 * options: suite SUITE key-file FILE (SRTP; else plain RTP)
 *          ssrc N, seq N (first sequence number), rate PPS (send),
 *          timeout SECONDS (recv), size BYTES (RTP packet, default 172)
 *          dup 1: send every packet twice (send)
 *          tamper K: before every K-th packet, send a copy with one bit
 *          flipped and one cut short by a byte (send)
 *
 * recv prints "received N of M, bad B, duplicates D" and exits 0 only if
 * all M arrived intact, in any order, each once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "srtp_policy.h"

#define MAXPKT 1600

struct opts {
	const char *suite, *key_file;
	unsigned int ssrc, seq0, rate, timeout, size, dup, tamper;
};

static int usage(void)
{
	fprintf(stderr,
		"usage: ms_endpoint send ADDR PORT DADDR DPORT COUNT [opts]\n"
		"       ms_endpoint recv ADDR PORT COUNT [opts]\n"
		"opts: suite S key-file F ssrc N seq N rate PPS timeout S size B\n"
		"      dup 1 tamper K\n");
	return 2;
}

static int sockaddr_of(const char *a, const char *port,
		       struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(atoi(port));
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, a, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(atoi(port));
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -1;
}

/* SRTP session for @o, or NULL for plain RTP; exits on error. */
static srtp_t session(const struct opts *o, int inbound)
{
	unsigned char key[64];
	srtp_policy_t pol;
	const struct ms_srtp_policy *pp;
	srtp_t s;
	size_t n;
	FILE *f;

	if (!o->suite)
		return NULL;
	pp = ms_srtp_policy(ms_srtp_policy_find(o->suite));
	f = o->key_file ? fopen(o->key_file, "rb") : NULL;
	if (!pp || !f) {
		fprintf(stderr, "ms_endpoint: bad suite or key file\n");
		exit(2);
	}
	n = fread(key, 1, sizeof(key), f);
	fclose(f);
	memset(&pol, 0, sizeof(pol));
	pp->rtp(&pol.rtp);
	pp->rtcp(&pol.rtcp);
	if (n < (size_t)pol.rtp.cipher_key_len) {
		fprintf(stderr, "ms_endpoint: key file too short\n");
		exit(2);
	}
	pol.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
	pol.key = key;
	pol.window_size = 1024;
	if (srtp_init() || srtp_create(&s, &pol)) {
		fprintf(stderr, "ms_endpoint: libsrtp refused the policy\n");
		exit(2);
	}
	return s;
}

/* The RTP packet number @k: every byte follows from it. */
static int make_rtp(const struct opts *o, unsigned int k, unsigned char *b)
{
	unsigned int seq = (o->seq0 + k) & 0xffff, ts = 1000 + 160 * k;
	unsigned int i;

	b[0] = 0x80;
	b[1] = 0;		/* PT 0: PCMU */
	b[2] = seq >> 8;
	b[3] = seq;
	b[4] = ts >> 24;
	b[5] = ts >> 16;
	b[6] = ts >> 8;
	b[7] = ts;
	b[8] = o->ssrc >> 24;
	b[9] = o->ssrc >> 16;
	b[10] = o->ssrc >> 8;
	b[11] = o->ssrc;
	for (i = 12; i < o->size; i++)
		b[i] = (unsigned char)(i * 31 + k * 7 + o->ssrc);
	return (int)o->size;
}

static int do_send(int fd, const struct opts *o, unsigned int count,
		   const struct sockaddr_storage *dst, socklen_t dlen)
{
	unsigned char b[MAXPKT];
	struct timespec t0, now;
	srtp_t s = session(o, 0);
	unsigned int k;
	int len;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < count; k++) {
		len = make_rtp(o, k, b);
		if (s && srtp_protect(s, b, &len))
			break;
		if (o->tamper && k % o->tamper == 0) {
			unsigned char t[MAXPKT];

			memcpy(t, b, len);
			t[12 + k % (len - 12)] ^= 1 << (k % 8);
			sendto(fd, t, len, 0, (const struct sockaddr *)dst, dlen);
			sendto(fd, b, len - 1, 0, (const struct sockaddr *)dst,
			       dlen);
		}
		if (sendto(fd, b, len, 0, (const struct sockaddr *)dst, dlen) < 0 ||
		    (o->dup && sendto(fd, b, len, 0,
				      (const struct sockaddr *)dst, dlen) < 0)) {
			perror("sendto");
			break;
		}
		if (o->rate) {	/* pace: packet k leaves at t0 + k / rate */
			long long due = (long long)(k + 1) * 1000000000LL / o->rate;
			long long el;

			do {
				clock_gettime(CLOCK_MONOTONIC, &now);
				el = (now.tv_sec - t0.tv_sec) * 1000000000LL +
				     now.tv_nsec - t0.tv_nsec;
				if (el < due) {
					struct timespec d = { 0, due - el };

					nanosleep(&d, NULL);
				}
			} while (el < due);
		}
	}
	if (s) {
		srtp_dealloc(s);
		srtp_shutdown();
	}
	return k == count ? 0 : 1;
}

static int do_recv(int fd, const struct opts *o, unsigned int count)
{
	unsigned char b[MAXPKT], want[MAXPKT];
	unsigned char *seen = calloc(count, 1);
	unsigned int got = 0, bad = 0, dups = 0, k;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	srtp_t s = session(o, 1);
	int len;

	if (!seen)
		return 2;
	while (got < count && poll(&p, 1, o->timeout * 1000) > 0) {
		len = recv(fd, b, sizeof(b), 0);
		if (len < 12 || (s && srtp_unprotect(s, b, &len))) {
			bad++;
			continue;
		}
		k = (((b[2] << 8) | b[3]) - o->seq0) & 0xffff;
		if (k >= count || make_rtp(o, k, want) != len ||
		    memcmp(b, want, len)) {
			bad++;
			continue;
		}
		if (seen[k]++) {
			dups++;
			continue;
		}
		got++;
	}
	printf("received %u of %u, bad %u, duplicates %u\n", got, count, bad,
	       dups);
	free(seen);
	if (s) {
		srtp_dealloc(s);
		srtp_shutdown();
	}
	return got == count && !bad && !dups ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct opts o = { .ssrc = 0x11223344, .seq0 = 65000, .timeout = 5,
			  .size = 172 };
	struct sockaddr_storage me, dst;
	socklen_t mlen, dlen = 0;
	int send, fd, fam, i, nfixed, one = 1;
	unsigned int count;

	if (argc < 2)
		return usage();
	send = !strcmp(argv[1], "send");
	if (!send && strcmp(argv[1], "recv"))
		return usage();
	nfixed = send ? 7 : 5;
	if (argc < nfixed)
		return usage();
	for (i = nfixed; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "suite"))
			o.suite = argv[i + 1];
		else if (!strcmp(argv[i], "key-file"))
			o.key_file = argv[i + 1];
		else if (!strcmp(argv[i], "ssrc"))
			o.ssrc = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "seq"))
			o.seq0 = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "rate"))
			o.rate = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "timeout"))
			o.timeout = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "size"))
			o.size = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "dup"))
			o.dup = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "tamper"))
			o.tamper = strtoul(argv[i + 1], NULL, 0);
		else
			return usage();
	}
	if (i != argc || o.size < 12 || o.size > 1400)
		return usage();
	fam = sockaddr_of(argv[2], argv[3], &me, &mlen);
	if (fam < 0)
		return usage();
	fd = socket(fam, SOCK_DGRAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, mlen)) {
		perror("bind");
		return 2;
	}
	if (!send) {
		/*
		 * Frames redirected by XDP come with page-sized truesize: a
		 * default receive buffer holds few of them while the checker
		 * catches up.
		 */
		int rcvbuf = 16 << 20;

		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			       sizeof(rcvbuf)))
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				   sizeof(rcvbuf));
	}
	if (send) {
		if (sockaddr_of(argv[4], argv[5], &dst, &dlen) != fam)
			return usage();
		count = strtoul(argv[6], NULL, 0);
		return do_send(fd, &o, count, &dst, dlen);
	}
	count = strtoul(argv[4], NULL, 0);
	return do_recv(fd, &o, count);
}
