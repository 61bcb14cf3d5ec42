// SPDX-License-Identifier: GPL-2.0
/*
 * ms_endpoint: a media endpoint for the data-path tests, on libsrtp2 (the
 * reference SRTP implementation, not ours).  It sends an RTP or SRTP
 * stream whose every byte follows from its sequence number, or receives
 * one and checks every payload byte, sequence number and timestamp.
 *
 *   ms_endpoint send ADDR PORT DADDR DPORT COUNT [options]
 *   ms_endpoint recv ADDR PORT COUNT [options]
 *   ms_endpoint call ADDR PORT DADDR DPORT COUNT [options]
 *
 * options: suite SUITE key-file FILE (SRTP; else plain RTP)
 *          ssrc N, seq N (first sequence number), rate PPS (send),
 *          timeout SECONDS (recv, call): how long to wait for the next
 *          packet once one came (default 5)
 *          first-timeout SECONDS (recv, call): how long to wait for the
 *          first packet (default: timeout).  A receiver that expects
 *          packets gives a generous one (60): its sender may start late on
 *          a busy machine; one that expects none keeps it short.
 *          size BYTES (RTP packet, default 172)
 *          dup 1: send every packet twice (send)
 *          tamper K: before every K-th packet, send a copy with one bit
 *          flipped and one cut short by a byte (send)
 *          start-file FILE: send the first packet once FILE exists (send)
 *          progress-file FILE: recv keeps there, in shared memory, how
 *          many datagrams it has read; window W with it (send): at most W
 *          packets sent and not yet read, so a slow machine slows the
 *          stream down instead of losing it in a full queue (a veth ring
 *          holds 256; give W below that).  After 5 s without progress the
 *          sender goes on without a window: what was lost shows at the
 *          receiver.
 *          hold-file FILE, hold-at K: send packet K (and those after) only
 *          once FILE exists, waiting at most 60 s, then fail; the pace
 *          starts again at K (send).  A test stops the stream after a
 *          known count with it, changes something, then lets it go on.
 *          skip N: packet k is not sent when k % N == N - 1 (send): a
 *          known loss; jitter-us J: every odd packet leaves J us after its
 *          time (send): a known jitter; send-log FILE: a line "SEQ TS NS"
 *          per packet sent, NS its CLOCK_MONOTONIC time (send); tos N: the
 *          IPv4 TOS / IPv6 traffic class of what is sent
 *          rx-key-file FILE, rx-ssrc N: the stream received (call)
 *          mki LEN: keys carry an MKI of LEN bytes, the key file's key
 *          MKI 1 (mki-first M: MKI M); key2-file FILE: a second key, the
 *          MKI after, which the sender uses from packet switch-at K on
 *          (send, recv)
 *          rtcp 1: RTCP sender reports (PT 200, packet number in the
 *          NTP timestamp) instead of RTP, SRTCP with a suite (send, recv)
 *          calls N: N streams at once (send, recv), stream i on ports
 *          PORT + 2i and DPORT + 2i with SSRC ssrc + i; send sends packet
 *          k of every stream before packet k + 1 (rate counts them all);
 *          recv prints "received N of M, bad B, duplicates D, calls C of
 *          N complete"
 *
 * recv prints "received N of M, bad B, duplicates D" and exits 0 only if
 * all M arrived intact, in any order, each once.  It stops when all M
 * came, when a timeout passes, or on SIGTERM (for a receiver that expects
 * nothing, stopped once the test knows every packet was handled
 * elsewhere), and prints the line then.
 *
 * call is both on one socket, as a phone does (symmetric RTP, RFC 4961):
 * it sends COUNT packets to DADDR DPORT and at the same time receives
 * COUNT on ADDR PORT, with the suite, key-file and ssrc for what it sends
 * and the suite, rx-key-file and rx-ssrc (default: ssrc) for what it
 * receives; it prints the recv line and exits 0 only if both succeed.  A
 * separate send and recv on one port do not work: UDP hands each datagram
 * to one of the two sockets, usually the one bound last, the sender, which
 * never reads them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ms_tool.h"

#define MAXPKT 1600

struct opts {
	const char *suite, *key_file, *rx_key_file, *start_file, *key2_file;
	const char *hold_file, *progress_file;
	unsigned long long *progress;	/* progress-file, mapped */
	unsigned int window;
	unsigned int ssrc, seq0, rate, timeout, size, dup, tamper, rx_ssrc;
	unsigned int mki, mki_first, switch_at, calls, rtcp, first_timeout;
	unsigned int hold_at, skip, jitter_us, tos;
	const char *send_log;
};

/* SIGTERM ends a receiver's wait; it is blocked but while in ppoll(). */
static volatile sig_atomic_t stopped;
static sigset_t wait_mask;

static void on_term(int sig)
{
	(void)sig;
	stopped = 1;
}

static void catch_term(void)
{
	struct sigaction sa = { .sa_handler = on_term };
	sigset_t term;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Wait for a packet on @p: first-timeout seconds while none came yet (@any
 * 0), timeout after; > 0 if one is there, else 0 (or -1: SIGTERM).
 */
static int wait_packet(const struct opts *o, struct pollfd *p, nfds_t n,
		       int any)
{
	struct timespec t = { any ? o->timeout : o->first_timeout, 0 };

	if (stopped)
		return 0;
	return ppoll(p, n, &t, &wait_mask);
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ms_endpoint send ADDR PORT DADDR DPORT COUNT [opts]\n"
		"       ms_endpoint recv ADDR PORT COUNT [opts]\n"
		"       ms_endpoint call ADDR PORT DADDR DPORT COUNT [opts]\n"
		"opts: suite S key-file F ssrc N seq N rate PPS timeout S size B\n"
		"      first-timeout S dup 1 tamper K start-file F\n"
		"      hold-file F hold-at K progress-file F window W\n"
		"      rx-key-file F rx-ssrc N\n"
		"      mki LEN mki-first M key2-file F switch-at K calls N\n"
		"      rtcp 1\n");
	return 2;
}

static size_t read_key(const char *file, unsigned char *key, size_t len)
{
	FILE *f = file ? fopen(file, "rb") : NULL;
	size_t n;

	if (!f) {
		fprintf(stderr, "ms_endpoint: cannot read the key file\n");
		exit(2);
	}
	n = fread(key, 1, len, f);
	fclose(f);
	return n;
}

/* SRTP session for @o, or NULL for plain RTP; exits on error. */
static srtp_t session(const struct opts *o, int inbound)
{
	unsigned char key[64], key2[64], mki1[4] = { 0 }, mki2[4] = { 0 };
	srtp_master_key_t mk[2] = { { key, mki1, 0 }, { key2, mki2, 0 } };
	srtp_master_key_t *mks[2] = { &mk[0], &mk[1] };
	srtp_policy_t pol;
	size_t n;

	if (!o->suite)
		return NULL;
	n = ms_srtp_policy_load("ms_endpoint", o->suite, o->key_file, inbound,
				&pol, key);
	pol.window_size = 1024;
	if (o->mki) {	/* MKI values M and M + 1, big-endian in o->mki bytes */
		unsigned int m = o->mki_first ? o->mki_first : 1, b;

		for (b = 0; b < o->mki; b++) {
			mki1[o->mki - 1 - b] = (unsigned char)(m >> (8 * b));
			mki2[o->mki - 1 - b] =
				(unsigned char)((m + 1) >> (8 * b));
		}
		mk[0].mki_size = mk[1].mki_size = o->mki;
		pol.key = NULL;
		pol.keys = mks;
		pol.num_master_keys = 1;
		if (o->key2_file) {
			if (read_key(o->key2_file, key2, sizeof(key2)) < n) {
				fprintf(stderr, "ms_endpoint: key2 too short\n");
				exit(2);
			}
			pol.num_master_keys = 2;
		}
	}
	return ms_srtp_session("ms_endpoint", &pol);
}

/* The RTP packet number @k: every byte follows from it. */
static int make_rtp(const struct opts *o, unsigned int k, unsigned char *b)
{
	unsigned int seq = (o->seq0 + k) & 0xffff, ts = 1000 + 160 * k;
	unsigned int i;

	if (o->rtcp) {	/* a sender report; RFC 3550 section 6.4.1 */
		b[0] = 0x80;
		b[1] = 200;
		b[2] = (o->size / 4 - 1) >> 8;
		b[3] = o->size / 4 - 1;
		b[4] = o->ssrc >> 24;
		b[5] = o->ssrc >> 16;
		b[6] = o->ssrc >> 8;
		b[7] = o->ssrc;
		b[8] = k >> 24;
		b[9] = k >> 16;
		b[10] = k >> 8;
		b[11] = k;
		for (i = 12; i < o->size; i++)
			b[i] = (unsigned char)(i * 29 + k * 5 + o->ssrc);
		return (int)o->size;
	}

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

/* SRTP or SRTCP, with MKI 1, or 2 from packet switch-at on; 0 if done. */
static int protect(const struct opts *o, srtp_t s, unsigned char *b,
		   int *len, unsigned int k)
{
	unsigned int idx = o->key2_file && k >= o->switch_at;

	if (o->rtcp)
		return o->mki ? srtp_protect_rtcp_mki(s, b, len, 1, idx) :
				srtp_protect_rtcp(s, b, len);
	return o->mki ? srtp_protect_mki(s, b, len, 1, idx) :
			srtp_protect(s, b, len);
}

static int unprotect(const struct opts *o, srtp_t s, unsigned char *b,
		     int *len)
{
	if (o->rtcp)
		return o->mki ? srtp_unprotect_rtcp_mki(s, b, len, 1) :
				srtp_unprotect_rtcp(s, b, len);
	return o->mki ? srtp_unprotect_mki(s, b, len, 1) :
			srtp_unprotect(s, b, len);
}

/* Which packet of the stream @b (at least 12 bytes) claims to be. */
static unsigned int packet_number(const struct opts *o, const unsigned char *b)
{
	if (o->rtcp)
		return (unsigned int)b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11];
	return (((b[2] << 8) | b[3]) - o->seq0) & 0xffff;
}

/* progress-file, mapped: the receiver's count (zeroed by the receiver). */
static unsigned long long *progress_map(const char *file, int rx)
{
	int fd = open(file, rx ? O_RDWR | O_CREAT | O_TRUNC : O_RDWR, 0644);
	void *m;

	if (fd < 0 || (rx && ftruncate(fd, sizeof(unsigned long long)))) {
		perror(file);
		exit(2);
	}
	m = mmap(NULL, sizeof(unsigned long long), PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return m;
}

static void progress_set(const struct opts *o, unsigned long long n)
{
	if (o->progress)
		__atomic_store_n(o->progress, n, __ATOMIC_RELEASE);
}

/*
 * Before sending one more after @sent: wait while window packets are on
 * their way (sent, not read).  After 5 s without progress (packets lost,
 * the receiver gone) the window is off for good: *@off.
 */
static void window_wait(const struct opts *o, unsigned long long sent,
			int *off)
{
	unsigned long long seen, last = ~0ULL;
	struct timespec t0 = { 0 }, now;

	if (!o->progress || !o->window || *off)
		return;
	while ((seen = __atomic_load_n(o->progress, __ATOMIC_ACQUIRE)) +
	       o->window <= sent) {
		struct timespec d = { 0, 100000 };

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (seen != last) {
			last = seen;
			t0 = now;
		} else if ((now.tv_sec - t0.tv_sec) * 1000000000LL +
			   now.tv_nsec - t0.tv_nsec >= 5000000000LL) {
			fprintf(stderr,
				"ms_endpoint: %llu of %llu read after 5 s: window off\n",
				seen, sent);
			*off = 1;
			return;
		}
		nanosleep(&d, NULL);
	}
}

/* Wait until @file exists, at most @seconds (0: no bound); 0 if it does. */
static int wait_file(const char *file, unsigned int seconds)
{
	unsigned long long n;

	for (n = 0; access(file, F_OK); n++) {
		struct timespec d = { 0, 10000000 };

		if (seconds && n >= seconds * 100ULL) {
			fprintf(stderr, "ms_endpoint: no %s after %u s\n",
				file, seconds);
			return 1;
		}
		nanosleep(&d, NULL);
	}
	return 0;
}

static int do_send(int fd, const struct opts *o, unsigned int count,
		   const struct sockaddr_storage *dst, socklen_t dlen)
{
	FILE *log = o->send_log ? fopen(o->send_log, "w") : NULL;
	unsigned char b[MAXPKT];
	struct timespec t0, now;
	srtp_t s = session(o, 0);
	unsigned int k, k0 = 0;
	int len, off = 0;

	if (o->send_log && !log) {
		perror(o->send_log);
		return 1;
	}
	if (o->start_file)
		wait_file(o->start_file, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < count; k++) {
		if (o->hold_file && k == o->hold_at) {
			if (wait_file(o->hold_file, 60))
				break;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			k0 = k;	/* no burst to catch up: the pace starts anew */
		}
		window_wait(o, k, &off);
		if (o->skip && k % o->skip == o->skip - 1)
			goto pace;	/* a packet lost on the way */
		len = make_rtp(o, k, b);
		if (s && protect(o, s, b, &len, k))
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
		if (log) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			fprintf(log, "%u %u %lld\n", (o->seq0 + k) & 0xffff,
				1000 + 160 * k,
				now.tv_sec * 1000000000LL + now.tv_nsec);
		}
pace:
		if (o->rate) {	/* pace: packet k leaves at t0 + k / rate */
			long long due = (long long)(k - k0 + 1) * 1000000000LL /
					o->rate +
					((k + 1) & 1) * o->jitter_us * 1000LL;
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
	if (log)
		fclose(log);
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
	while (got < count && wait_packet(o, &p, 1, got + bad + dups) > 0) {
		len = recv(fd, b, sizeof(b), 0);
		progress_set(o, got + bad + dups + 1);
		if (len < 12 || (s && unprotect(o, s, b, &len))) {
			bad++;
			continue;
		}
		k = packet_number(o, b);
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

static void set_port(struct sockaddr_storage *a, unsigned int add)
{
	in_port_t *p = a->ss_family == AF_INET ?
		       &((struct sockaddr_in *)a)->sin_port :
		       &((struct sockaddr_in6 *)a)->sin6_port;

	*p = htons(ntohs(*p) + add);
}

/* One socket per stream, on ports PORT + 2i; NULL on error. */
static int *stream_sockets(const struct opts *o,
			   const struct sockaddr_storage *me, socklen_t mlen,
			   int rx)
{
	int *fd = calloc(o->calls, sizeof(*fd)), one = 1, rcvbuf = 1 << 20;
	struct rlimit rl = { o->calls + 64, o->calls + 64 };
	unsigned int i;

	if (!fd)
		return NULL;
	setrlimit(RLIMIT_NOFILE, &rl);
	for (i = 0; i < o->calls; i++) {
		struct sockaddr_storage a = *me;

		set_port(&a, 2 * i);
		fd[i] = socket(a.ss_family, SOCK_DGRAM, 0);
		if (fd[i] < 0) {
			perror("socket");
			return NULL;
		}
		setsockopt(fd[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (rx && setsockopt(fd[i], SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				     sizeof(rcvbuf)))
			setsockopt(fd[i], SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				   sizeof(rcvbuf));
		if (bind(fd[i], (struct sockaddr *)&a, mlen)) {
			perror("bind");
			return NULL;
		}
	}
	return fd;
}

static void pace(const struct opts *o, const struct timespec *t0,
		 unsigned long long n)
{
	long long due = (long long)n * 1000000000LL / o->rate, el;
	struct timespec now;

	do {
		clock_gettime(CLOCK_MONOTONIC, &now);
		el = (now.tv_sec - t0->tv_sec) * 1000000000LL +
		     now.tv_nsec - t0->tv_nsec;
		if (el < due) {
			struct timespec d = { 0, due - el };

			nanosleep(&d, NULL);
		}
	} while (el < due);
}

static void end_session(srtp_t s)
{
	if (s) {
		srtp_dealloc(s);
		srtp_shutdown();
	}
}

static int do_send_calls(const struct opts *o, unsigned int count,
			 const struct sockaddr_storage *me, socklen_t mlen,
			 const struct sockaddr_storage *dst, socklen_t dlen)
{
	int *fd = stream_sockets(o, me, mlen, 0);
	srtp_t s = session(o, 0);
	unsigned char b[MAXPKT];
	unsigned long long n = 0;
	struct timespec t0;
	unsigned int k, i;
	int len, rc = 0, off = 0;

	if (!fd)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < count && !rc; k++) {
		for (i = 0; i < o->calls; i++) {
			struct sockaddr_storage d = *dst;
			struct opts oi = *o;

			oi.ssrc = o->ssrc + i;
			set_port(&d, 2 * i);
			window_wait(o, (unsigned long long)k * o->calls + i, &off);
			len = make_rtp(&oi, k, b);
			if ((s && protect(o, s, b, &len, k)) ||
			    sendto(fd[i], b, len, 0, (struct sockaddr *)&d,
				   dlen) < 0) {
				perror("sendto");
				rc = 1;
				break;
			}
			if (o->rate)
				pace(o, &t0, ++n);
		}
	}
	for (i = 0; i < o->calls; i++)
		close(fd[i]);
	free(fd);
	end_session(s);
	return rc;
}

static int do_recv_calls(const struct opts *o, unsigned int count,
			 const struct sockaddr_storage *me, socklen_t mlen)
{
	unsigned int got = 0, bad = 0, dups = 0, done = 0, i, k;
	int *fd = stream_sockets(o, me, mlen, 1);
	unsigned char *seen = calloc((size_t)o->calls * count, 1);
	unsigned int *per = calloc(o->calls, sizeof(*per));
	struct pollfd *p = calloc(o->calls, sizeof(*p));
	srtp_t s = session(o, 1);
	unsigned char b[MAXPKT], want[MAXPKT];
	int len, r;

	if (!fd || !seen || !per || !p)
		return 2;
	for (i = 0; i < o->calls; i++) {
		p[i].fd = fd[i];
		p[i].events = POLLIN;
	}
	while (got < o->calls * count &&
	       (r = wait_packet(o, p, o->calls, got + bad + dups)) > 0) {
		for (i = 0; i < o->calls; i++) {
			struct opts oi = *o;

			if (!(p[i].revents & POLLIN))
				continue;
			len = recv(fd[i], b, sizeof(b), MSG_DONTWAIT);
			progress_set(o, got + bad + dups + 1);
			if (len < 12 || (s && unprotect(o, s, b, &len))) {
				bad++;
				continue;
			}
			oi.ssrc = o->ssrc + i;
			k = packet_number(o, b);
			if (k >= count || make_rtp(&oi, k, want) != len ||
			    memcmp(b, want, len)) {
				bad++;
				continue;
			}
			if (seen[(size_t)i * count + k]++) {
				dups++;
				continue;
			}
			got++;
			if (++per[i] == count)
				done++;
		}
	}
	printf("received %u of %u, bad %u, duplicates %u, calls %u of %u complete\n",
	       got, o->calls * count, bad, dups, done, o->calls);
	for (i = 0; i < o->calls; i++)
		close(fd[i]);
	free(fd);
	free(seen);
	free(per);
	free(p);
	end_session(s);
	return done == o->calls && !bad && !dups ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct opts o = { .ssrc = 0x11223344, .seq0 = 65000, .timeout = 5,
			  .size = 172 }, rx;
	struct sockaddr_storage me, dst;
	socklen_t mlen, dlen = 0;
	int send, call, fd, fam, i, nfixed, one = 1, rx_ssrc_set = 0, rc, st;
	int first_set = 0;
	unsigned int count;
	pid_t pid;

	if (argc < 2)
		return usage();
	call = !strcmp(argv[1], "call");
	send = call || !strcmp(argv[1], "send");
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
		else if (!strcmp(argv[i], "first-timeout")) {
			o.first_timeout = strtoul(argv[i + 1], NULL, 0);
			first_set = 1;
		} else if (!strcmp(argv[i], "hold-file"))
			o.hold_file = argv[i + 1];
		else if (!strcmp(argv[i], "hold-at"))
			o.hold_at = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "progress-file"))
			o.progress_file = argv[i + 1];
		else if (!strcmp(argv[i], "window"))
			o.window = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "size"))
			o.size = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "dup"))
			o.dup = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "tamper"))
			o.tamper = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "start-file"))
			o.start_file = argv[i + 1];
		else if (!strcmp(argv[i], "mki"))
			o.mki = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "mki-first"))
			o.mki_first = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "key2-file"))
			o.key2_file = argv[i + 1];
		else if (!strcmp(argv[i], "rtcp"))
			o.rtcp = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "calls"))
			o.calls = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "switch-at"))
			o.switch_at = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "rx-key-file"))
			o.rx_key_file = argv[i + 1];
		else if (!strcmp(argv[i], "skip"))
			o.skip = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "jitter-us"))
			o.jitter_us = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "send-log"))
			o.send_log = argv[i + 1];
		else if (!strcmp(argv[i], "tos"))
			o.tos = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "rx-ssrc")) {
			o.rx_ssrc = strtoul(argv[i + 1], NULL, 0);
			rx_ssrc_set = 1;
		} else
			return usage();
	}
	if (i != argc || o.size < 12 || o.size > 1400 || o.mki > 4 ||
	    (call && o.suite && !o.rx_key_file))
		return usage();
	if (!first_set)
		o.first_timeout = o.timeout;
	if (o.progress_file) {
		if (call)	/* whose progress?  Not meaningful there. */
			return usage();
		o.progress = progress_map(o.progress_file, !send);
	}
	fam = ms_sockaddr_of(argv[2], argv[3], &me, &mlen);
	if (fam < 0)
		return usage();
	if (o.calls > 1 && !call) {
		if (!send) {
			catch_term();
			return do_recv_calls(&o, strtoul(argv[4], NULL, 0),
					     &me, mlen);
		}
		if (ms_sockaddr_of(argv[4], argv[5], &dst, &dlen) != fam)
			return usage();
		return do_send_calls(&o, strtoul(argv[6], NULL, 0), &me, mlen,
				     &dst, dlen);
	}
	fd = socket(fam, SOCK_DGRAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (o.tos)
		setsockopt(fd, fam == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
			   fam == AF_INET ? IP_TOS : IPV6_TCLASS, &o.tos,
			   sizeof(o.tos));
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, mlen)) {
		perror("bind");
		return 2;
	}
	if (!send || call) {
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
		if (ms_sockaddr_of(argv[4], argv[5], &dst, &dlen) != fam)
			return usage();
		count = strtoul(argv[6], NULL, 0);
		if (!call)
			return do_send(fd, &o, count, &dst, dlen);
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (!pid)	/* the sending half, on the same socket */
			_exit(do_send(fd, &o, count, &dst, dlen));
		rx = o;
		rx.key_file = o.rx_key_file;
		if (rx_ssrc_set)
			rx.ssrc = o.rx_ssrc;
		catch_term();
		rc = do_recv(fd, &rx, count);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st)) {
			printf("sending failed\n");
			rc = rc ? rc : 1;
		}
		return rc;
	}
	count = strtoul(argv[4], NULL, 0);
	catch_term();
	return do_recv(fd, &o, count);
}
