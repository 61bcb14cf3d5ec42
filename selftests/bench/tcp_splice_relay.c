// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace relay the kernel relay is measured against (make
 * bench-relay): accepts one connection, connects the other side, and
 * moves bytes both ways with splice() through a pipe per direction, the
 * cheapest a userspace relay can do (no copy into user memory), until
 * both directions have ended.
 *
 *   tcp_splice_relay LISTEN_PORT CONNECT_ADDR CONNECT_PORT
 *
 * At the end it prints "cpu SECONDS", its own user and system time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK	(1 << 20)

struct dir {
	int from, to, pipe[2];
	size_t in_pipe;
	int eof, done;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Moves what is ready; returns -1 on error. */
static int pump(struct dir *d)
{
	ssize_t n;

	if (!d->eof && d->in_pipe < CHUNK) {
		n = splice(d->from, NULL, d->pipe[1], NULL, CHUNK,
			   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n == 0)
			d->eof = 1;
		else if (n > 0)
			d->in_pipe += n;
		else if (errno != EAGAIN)
			return -1;
	}
	while (d->in_pipe) {
		n = splice(d->pipe[0], NULL, d->to, NULL, d->in_pipe,
			   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n > 0) {
			d->in_pipe -= n;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			return -1;
		break;
	}
	if (d->eof && !d->in_pipe && !d->done) {
		shutdown(d->to, SHUT_WR);
		d->done = 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in la = { .sin_family = AF_INET }, ca = la;
	struct dir d[2];
	int l, a, b, one = 1, i;

	if (argc != 4) {
		fprintf(stderr, "usage: tcp_splice_relay PORT ADDR PORT\n");
		return 1;
	}
	la.sin_port = htons(atoi(argv[1]));
	ca.sin_port = htons(atoi(argv[3]));
	if (inet_pton(AF_INET, argv[2], &ca.sin_addr) != 1)
		die("address");
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&la, sizeof(la)) || listen(l, 1))
		die("listen");
	printf("listening\n");
	fflush(stdout);
	a = accept(l, NULL, NULL);
	b = socket(AF_INET, SOCK_STREAM, 0);
	if (a < 0 || b < 0 || connect(b, (struct sockaddr *)&ca, sizeof(ca)))
		die("connect");
	fcntl(a, F_SETFL, O_NONBLOCK);
	fcntl(b, F_SETFL, O_NONBLOCK);
	memset(d, 0, sizeof(d));
	d[0].from = a, d[0].to = b;
	d[1].from = b, d[1].to = a;
	for (i = 0; i < 2; i++) {
		if (pipe(d[i].pipe))
			die("pipe");
		fcntl(d[i].pipe[0], F_SETPIPE_SZ, CHUNK);
	}
	while (!d[0].done || !d[1].done) {
		struct pollfd p[2] = {
			{ .fd = a, .events = (d[0].eof ? 0 : POLLIN) |
					     (d[1].in_pipe ? POLLOUT : 0) },
			{ .fd = b, .events = (d[1].eof ? 0 : POLLIN) |
					     (d[0].in_pipe ? POLLOUT : 0) },
		};

		if (poll(p, 2, 60000) <= 0)
			die("poll");
		for (i = 0; i < 2; i++)
			if (pump(&d[i]))
				die("splice");
	}
	{
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		printf("cpu %ld.%06ld\n",
		       (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000000,
		       (long)((ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) %
			      1000000));
	}
	return 0;
}
