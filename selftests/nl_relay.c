// SPDX-License-Identifier: GPL-2.0
/*
 * The relay API (MEDIASEC_CMD_RELAY_*) against hostile requests: what is
 * no established TCP socket of the caller's namespace, a socket with other
 * users or a half-keyed kTLS, the same socket twice, an unprivileged
 * caller; each refused with its errno, the descriptors left open and the
 * namespace's relays unchanged.  And what an accepted relay does with the
 * sockets it takes: the caller's descriptors closed, bytes carried (urgent
 * ones too), a RELAY_END event when both sides closed, a reset when it is
 * deleted.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "../userspace/lib/msobj.h"
#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

/* An established TCP connection over loopback: [0] client, [1] server. */
static int tcp_pair(int fds[2])
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(l, 1) || getsockname(l, (struct sockaddr *)&sa, &len))
		return -1;
	fds[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (fds[0] < 0 || connect(fds[0], (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	fds[1] = accept(l, NULL, NULL);
	close(l);
	return fds[1] < 0 ? -1 : 0;
}

static int relay_new(struct msnl *nl, unsigned int id, int a, int b)
{
	const struct a req[] = {
		U32(MEDIASEC_A_RELAY_ID, id),
		U32(MEDIASEC_A_RELAY_FD_A, a),
		U32(MEDIASEC_A_RELAY_FD_B, b),
		{ 0 },
	};

	return ms_req(nl, MEDIASEC_CMD_RELAY_NEW, MEDIASEC_A_RELAY, req);
}

static int relay_snap(struct msnl *nl, struct snap *s)
{
	return ms_snapshot(nl, MEDIASEC_CMD_RELAY_GET, MEDIASEC_A_RELAY, s);
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* Reads @len bytes within 10 s; 0 once they are all in. */
static int read_all(int fd, char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	while (got < len && poll(&p, 1, 10000) > 0) {
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return got == len ? 0 : -1;
}

FIXTURE(relay) {
	struct msnl nl;
	int p1[2], p2[2];	/* two connections; [1] is the gateway's */
	int other_ns[2];	/* a connection of the namespace before */
	struct snap before, after;
};

FIXTURE_SETUP(relay)
{
	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, system("modprobe tls"));
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_EQ(0, tcp_pair(self->other_ns));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_EQ(0, tcp_pair(self->p1));
	ASSERT_EQ(0, tcp_pair(self->p2));
	ASSERT_EQ(0, msnl_open(&self->nl));
	ASSERT_EQ(0, relay_snap(&self->nl, &self->before));
	ASSERT_EQ(0, self->before.n);
}

FIXTURE_TEARDOWN(relay)
{
	msnl_close(&self->nl);
}

TEST_F(relay, takes_the_sockets_and_carries_bytes)
{
	struct msobj_relay r;
	struct ms_evq q;
	struct nl_sock *ev = ms_listen_events(&q, 0);
	char buf[8];

	ASSERT_NE(NULL, ev);
	ASSERT_EQ(0, relay_new(&self->nl, 7, self->p1[1], self->p2[1]));
	/* The relay owns them now: the caller's descriptors are gone. */
	EXPECT_FALSE(is_open(self->p1[1]));
	EXPECT_FALSE(is_open(self->p2[1]));
	ASSERT_EQ(5, write(self->p1[0], "hello", 5));
	ASSERT_EQ(0, read_all(self->p2[0], buf, 5));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(3, write(self->p2[0], "bye", 3));
	ASSERT_EQ(0, read_all(self->p1[0], buf, 3));
	EXPECT_EQ(0, memcmp(buf, "bye", 3));
	ASSERT_EQ(0, msobj_relay_get(&self->nl, 7, &r));
	EXPECT_EQ(MEDIASEC_RELAY_END_NONE, r.end);
	EXPECT_EQ(MEDIASEC_LEG_TCP, r.legs[0].kind);
	EXPECT_EQ(5U, r.legs[0].rx_bytes);
	EXPECT_EQ(5U, r.legs[1].tx_bytes);
	EXPECT_EQ(3U, r.legs[1].rx_bytes);
	EXPECT_EQ(-EEXIST, relay_new(&self->nl, 7, self->p1[0], self->p2[0]));
	EXPECT_TRUE(is_open(self->p1[0]));

	/* Both sides close: the relay ends, says so, and stays listed. */
	close(self->p1[0]);
	close(self->p2[0]);
	ms_collect(ev, &q, 1, 10000);
	ASSERT_EQ(1, q.n);
	EXPECT_EQ((unsigned int)MEDIASEC_EVENT_RELAY_END, q.e[0].type);
	EXPECT_EQ(7U, q.e[0].relay);
	EXPECT_EQ((unsigned int)MEDIASEC_RELAY_END_CLOSED, q.e[0].reason);
	EXPECT_EQ(-1, q.e[0].leg);
	ASSERT_EQ(0, msobj_relay_get(&self->nl, 7, &r));
	EXPECT_EQ(MEDIASEC_RELAY_END_CLOSED, r.end);
	EXPECT_EQ(0, msobj_relay_del(&self->nl, 7));
	EXPECT_EQ(-ENOENT, msobj_relay_del(&self->nl, 7));
	nl_socket_free(ev);
}

TEST_F(relay, delete_resets_both_sides)
{
	char c;

	ASSERT_EQ(0, relay_new(&self->nl, 1, self->p1[1], self->p2[1]));
	ASSERT_EQ(0, msobj_relay_del(&self->nl, 1));
	EXPECT_EQ(-1, read(self->p1[0], &c, 1));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(-1, read(self->p2[0], &c, 1));
	EXPECT_EQ(ECONNRESET, errno);
}

/* A refused request: its errno, descriptors open, nothing changed. */
#define REFUSED(err, a, b) do {						\
	EXPECT_EQ(-(err), relay_new(&self->nl, 1, (a), (b)));		\
	EXPECT_TRUE(is_open(self->p1[1]));				\
	EXPECT_TRUE(is_open(self->p2[1]));				\
	ASSERT_EQ(0, relay_snap(&self->nl, &self->after));		\
	EXPECT_TRUE(ms_snap_equal(&self->before, &self->after));	\
} while (0)

TEST_F(relay, refuses_what_is_no_established_tcp_socket_of_ours)
{
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	int lsn = socket(AF_INET, SOCK_STREAM, 0);
	int unconnected = socket(AF_INET6, SOCK_STREAM, 0);
	int pipefd[2], dup1;

	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, listen(lsn, 1));
	REFUSED(EINVAL, udp, self->p2[1]);
	REFUSED(EINVAL, self->p1[1], lsn);
	REFUSED(EINVAL, unconnected, self->p2[1]);
	REFUSED(ENOTSOCK, pipefd[0], self->p2[1]);
	REFUSED(EBADF, 999, self->p2[1]);
	REFUSED(EINVAL, self->p1[1], self->p1[1]);
	REFUSED(EINVAL, self->other_ns[1], self->p2[1]);
	/* Another descriptor of the socket: the relay would not own it. */
	dup1 = dup(self->p1[1]);
	REFUSED(EBUSY, self->p1[1], self->p2[1]);
	EXPECT_TRUE(is_open(dup1));
	close(dup1);
	/* The tls upper layer without keys: no kTLS to relay with. */
	ASSERT_EQ(0, setsockopt(self->p1[1], IPPROTO_TCP, TCP_ULP, "tls",
				sizeof("tls")));
	REFUSED(EINVAL, self->p1[1], self->p2[1]);
}

/*
 * epoll lets go of a file at its last fput, and SIGIO goes to the owner
 * the file has: either would outlive the caller's descriptor, which the
 * relay closes, and wake the caller for the relay's traffic.
 */
TEST_F(relay, refuses_a_socket_watched_by_epoll_or_for_sigio)
{
	struct epoll_event e = { .events = EPOLLIN };
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->p1[1], &e));
	REFUSED(EBUSY, self->p1[1], self->p2[1]);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_DEL, self->p1[1], &e));
	close(ep);
	ASSERT_EQ(0, fcntl(self->p2[1], F_SETOWN, getpid()));
	ASSERT_EQ(0, fcntl(self->p2[1], F_SETFL, O_ASYNC));
	REFUSED(EBUSY, self->p1[1], self->p2[1]);
	ASSERT_EQ(0, fcntl(self->p2[1], F_SETFL, 0));
	EXPECT_EQ(0, relay_new(&self->nl, 1, self->p1[1], self->p2[1]));
}

/*
 * Urgent data (RFC 9293 3.8.5) on a transparent relay: the byte at the
 * urgent mark goes on inline with the rest, and the relay does not stop
 * there (tcp_read_sock() does).
 */
TEST_F(relay, carries_urgent_data_inline)
{
	char buf[5];

	ASSERT_EQ(0, relay_new(&self->nl, 3, self->p1[1], self->p2[1]));
	ASSERT_EQ(2, send(self->p1[0], "ab", 2, 0));
	ASSERT_EQ(0, read_all(self->p2[0], buf, 2));
	ASSERT_EQ(1, send(self->p1[0], "!", 1, MSG_OOB));
	ASSERT_EQ(2, send(self->p1[0], "cd", 2, 0));
	ASSERT_EQ(0, read_all(self->p2[0], buf + 2, 3));
	EXPECT_EQ(0, memcmp(buf, "ab!cd", 5));
}

static int try_relay(int a, int b)
{
	struct msnl nl;
	struct msobj_relay r;

	if (msnl_open(&nl))
		return 10;
	if (relay_new(&nl, 1, a, b) != -EPERM)
		return 11;
	if (msobj_relay_get(&nl, 1, &r) != -EPERM)
		return 12;	/* relays are subscriber data */
	return 0;
}

static int in_child(int (*fn)(int, int), int a, int b, int userns)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (userns ? unshare(CLONE_NEWUSER) :
			     setgid(65534) || setuid(65534))
			_exit(20);
		_exit(fn(a, b));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * In a user and network namespace of its own, anyone is CAP_NET_ADMIN:
 * a relay there would pin sockets and a namespace no one else can reach
 * (and two relays can pass a byte round for ever).  Relays need
 * CAP_NET_ADMIN in the initial user namespace.
 */
/* lo up without exec (an exec would drop the namespace's capabilities). */
static int lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	ret = fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) ? -1 : 0;
	ifr.ifr_flags |= IFF_UP;
	if (!ret)
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int try_relay_own_ns(int a, int b)
{
	struct msnl nl;
	int p1[2], p2[2];

	(void)a;
	(void)b;
	if (unshare(CLONE_NEWNET) || lo_up() ||
	    tcp_pair(p1) || tcp_pair(p2) || msnl_open(&nl))
		return 10;
	return relay_new(&nl, 1, p1[1], p2[1]) == -EPERM ? 0 : 11;
}

TEST_F(relay, a_user_namespace_of_its_own_refused)
{
	EXPECT_EQ(0, in_child(try_relay_own_ns, -1, -1, 1));
}

/* The two ends of one connection: each byte would go round for ever. */
TEST_F(relay, refuses_the_two_ends_of_one_connection)
{
	REFUSED(EINVAL, self->p1[0], self->p1[1]);
}

TEST_F(relay, unprivileged_refused)
{
	EXPECT_EQ(0, in_child(try_relay, self->p1[1], self->p2[1], 0));
	EXPECT_EQ(0, in_child(try_relay, self->p1[1], self->p2[1], 1));
	EXPECT_TRUE(is_open(self->p1[1]));
	ASSERT_EQ(0, relay_snap(&self->nl, &self->after));
	EXPECT_TRUE(ms_snap_equal(&self->before, &self->after));
}

TEST_HARNESS_MAIN
