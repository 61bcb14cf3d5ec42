// SPDX-License-Identifier: GPL-2.0
/*
 * ms_relay: the userspace media relay the data-path benchmark compares
 * mediasec's XDP path with - what a gateway without mediasec runs.  It
 * reads datagrams on the gateway's local address and port in batches
 * (recvmmsg), transforms them in place and sends the batch on (sendmmsg)
 * from the configured source address and port to the configured
 * destination.
 *
 *   ms_relay ACTION LADDR LPORT SADDR SPORT DADDR DPORT [options]
 *
 * ACTION: forward (no crypto), srtp-to-rtp (srtp_unprotect),
 *         rtp-to-srtp (srtp_protect); the SRTP ones on libsrtp2 with the
 *         suite and key file given (the key file holds master key and
 *         salt, as for the CLI's key-file; keys never come from argv).
 * options: suite SUITE, key-file FILE, batch N (1..256, default 64)
 *
 * Runs until SIGTERM or SIGINT, then prints
 * "relay: received N, sent N, refused N" on stdout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../ms_tool.h"

#define MAXBATCH	256
#define BUFSZ		2048

enum action { FORWARD, SRTP_TO_RTP, RTP_TO_SRTP };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ms_relay forward|srtp-to-rtp|rtp-to-srtp LADDR LPORT SADDR SPORT\n"
		"                DADDR DPORT [suite S key-file F] [batch N]\n");
	return 2;
}

/* A UDP socket of @fam bound to @a, or -1. */
static int bound_socket(int fam, const struct sockaddr_storage *a,
			socklen_t len)
{
	int fd = socket(fam, SOCK_DGRAM, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)a, len)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The libsrtp2 session for @act with @suite and the key in @key_file. */
static srtp_t session(enum action act, const char *suite,
		      const char *key_file)
{
	unsigned char key[64];
	srtp_policy_t pol;
	srtp_t s;

	ms_srtp_policy_load("ms_relay", suite, key_file, act == SRTP_TO_RTP,
			    &pol, key);
	s = ms_srtp_session("ms_relay", &pol);
	memset(key, 0, sizeof(key));
	return s;
}

int main(int argc, char **argv)
{
	static unsigned char buf[MAXBATCH][BUFSZ];
	struct mmsghdr in[MAXBATCH], out[MAXBATCH];
	struct iovec iin[MAXBATCH], iout[MAXBATCH];
	struct sockaddr_storage la, sa, da;
	unsigned long long rcvd = 0, sent = 0, refused = 0;
	const char *suite = NULL, *key_file = NULL;
	unsigned int batch = 64;
	struct sigaction sig;
	socklen_t ll, sl, dl;
	int rfd, tfd, fam, i, n, m, len;
	enum action act;
	srtp_t s = NULL;

	if (argc < 8)
		return usage();
	if (!strcmp(argv[1], "forward"))
		act = FORWARD;
	else if (!strcmp(argv[1], "srtp-to-rtp"))
		act = SRTP_TO_RTP;
	else if (!strcmp(argv[1], "rtp-to-srtp"))
		act = RTP_TO_SRTP;
	else
		return usage();
	for (i = 8; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "suite"))
			suite = argv[i + 1];
		else if (!strcmp(argv[i], "key-file"))
			key_file = argv[i + 1];
		else if (!strcmp(argv[i], "batch"))
			batch = strtoul(argv[i + 1], NULL, 0);
		else
			return usage();
	}
	if (i != argc || !batch || batch > MAXBATCH)
		return usage();
	fam = ms_sockaddr_of(argv[2], argv[3], &la, &ll);
	if (fam < 0 || ms_sockaddr_of(argv[4], argv[5], &sa, &sl) != fam ||
	    ms_sockaddr_of(argv[6], argv[7], &da, &dl) != fam)
		return usage();
	if (act != FORWARD)
		s = session(act, suite, key_file);

	rfd = bound_socket(fam, &la, ll);
	tfd = bound_socket(fam, &sa, sl);
	if (rfd < 0 || tfd < 0 ||
	    connect(tfd, (const struct sockaddr *)&da, dl)) {
		perror("ms_relay: socket");
		return 2;
	}
	len = 4 << 20;
	if (setsockopt(rfd, SOL_SOCKET, SO_RCVBUFFORCE, &len, sizeof(len)))
		setsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &len, sizeof(len));

	memset(&sig, 0, sizeof(sig));
	sig.sa_handler = on_signal;	/* no SA_RESTART: recvmmsg returns */
	sigaction(SIGTERM, &sig, NULL);
	sigaction(SIGINT, &sig, NULL);

	memset(in, 0, sizeof(in));
	memset(out, 0, sizeof(out));
	for (i = 0; i < (int)batch; i++) {
		iin[i].iov_base = buf[i];
		iin[i].iov_len = BUFSZ - 64;	/* room for a tag */
		in[i].msg_hdr.msg_iov = &iin[i];
		in[i].msg_hdr.msg_iovlen = 1;
		out[i].msg_hdr.msg_iov = &iout[i];
		out[i].msg_hdr.msg_iovlen = 1;
	}
	printf("relay: ready\n");
	fflush(stdout);

	while (!stop) {
		n = recvmmsg(rfd, in, batch, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("ms_relay: recvmmsg");
			return 1;
		}
		rcvd += n;
		for (i = 0, m = 0; i < n; i++) {
			len = in[i].msg_len;
			if (act == SRTP_TO_RTP &&
			    srtp_unprotect(s, buf[i], &len) != srtp_err_status_ok) {
				refused++;
				continue;
			}
			if (act == RTP_TO_SRTP &&
			    srtp_protect(s, buf[i], &len) != srtp_err_status_ok) {
				refused++;
				continue;
			}
			iout[m].iov_base = buf[i];
			iout[m].iov_len = len;
			m++;
		}
		for (i = 0; i < m; ) {
			n = sendmmsg(tfd, out + i, m - i, 0);
			if (n < 0) {
				if (errno == EINTR && !stop)
					continue;
				/* ENOBUFS and the like: the batch is lost */
				refused += m - i;
				break;
			}
			sent += n;
			i += n;
		}
	}
	printf("relay: received %llu, sent %llu, refused %llu\n", rcvd, sent,
	       refused);
	if (s) {
		srtp_dealloc(s);
		srtp_shutdown();
	}
	return 0;
}
