// SPDX-License-Identifier: GPL-2.0
/*
 * The MSRP legs of mediasecd (msrp.c) as H.248 drives them, on loopback
 * sockets, the kernel's relay faked (the msobj_relay_*() calls below):
 *
 * - mstls/est is a request, not a state: a failed active leg tries again
 *   on a new mstls/est, not on any later Modify;
 * - a Remote asking for a new connection (RFC 4145 5, a=connection:new)
 *   ends the relayed one and makes it again; "existing" keeps it;
 * - the leg a Subtract leaves without its relay waits for a new mstls/est;
 * - other PSK credentials than those a handshake began with: the
 *   connection is made again; the same given again: it stays;
 * - a listening leg takes its remote's connection in one turn of the loop
 *   even behind a backlog of strangers' connections;
 * - with more legs than one poll() takes, each turn goes on where the last
 *   one stopped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mg_fake.h"
#include "msobj.h"
#include "msrp.h"

/* Both realms on loopback; the remotes at 127.0.0.2 (UE), 127.0.0.3. */
static const char loop_conf[] =
	"mid [192.0.2.10]:2944\nmgc 192.0.2.20 2944\n"
	"realm access 127.0.0.1 41000-41099\n"
	"realm core 127.0.0.1 31000-31099\n";

#define UE_ADDR		"127.0.0.2"
#define CORE_ADDR	"127.0.0.3"
#define STRANGER_ADDR	"127.0.0.9"

/* The fake kernel relay: one at a time, its sockets kept until deleted. */
static int relay_fd[2] = { -1, -1 };
static unsigned int relays_made, relays_deleted;

int msobj_relay_new(struct msnl *nl, uint32_t id, int fd_a, int fd_b)
{
	relay_fd[0] = fd_a;
	relay_fd[1] = fd_b;
	relays_made++;
	return 0;
}

int msobj_relay_del(struct msnl *nl, uint32_t id)
{
	if (relay_fd[0] >= 0)
		close(relay_fd[0]);
	if (relay_fd[1] >= 0)
		close(relay_fd[1]);
	relay_fd[0] = relay_fd[1] = -1;
	relays_deleted++;
	return 0;
}

int msobj_relay_get(struct msnl *nl, uint32_t id, struct msobj_relay *r)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	return relays_made > relays_deleted ? 0 : -ENOENT;
}

static struct mgd_msrp *legs_of;	/* the legs mg_ops.msrp brings in line */
static unsigned int fails;

static void on_msrp(void *arg, const struct mg *g, uint32_t id)
{
	mgd_msrp_sync(legs_of, g, id, 0);
}

static void on_fail(void *arg, uint32_t ctx, uint32_t serial,
		    const char *reason)
{
	fails++;
}

FIXTURE(legs) {
	struct mgd_config cfg;
	struct fake k;
	struct mg g;
	struct mg_ops ops;
	struct run *r;
	struct mgd_msrp m;
	int fds[8];
	unsigned int nfds;
};

FIXTURE_SETUP(legs)
{
	char err[128];

	ASSERT_EQ(0, mgd_config_parse(&self->cfg, loop_conf, err,
				      sizeof(err))) TH_LOG("%s", err);
	memset(&self->k, 0, sizeof(self->k));
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	self->ops = fake_ops;
	self->ops.msrp = on_msrp;
	self->g.ops = &self->ops;
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
	memset(&self->m, 0, sizeof(self->m));
	self->m.setup_ms = 60000;
	self->m.fail = on_fail;
	legs_of = &self->m;
	fails = relays_made = relays_deleted = 0;
	self->nfds = 0;
}

FIXTURE_TEARDOWN(legs)
{
	unsigned int i;

	mgd_msrp_free(&self->m);
	msobj_relay_del(NULL, 0);
	for (i = 0; i < self->nfds; i++)
		close(self->fds[i]);
	mg_fini(&self->g);
	free(self->r);
}

/* A TCP socket bound to @addr (port @port, 0 for any): kept by the test. */
static int tcp_at(struct __test_metadata *_metadata, int *fds,
		  unsigned int *n, const char *addr, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	EXPECT_LE(0, fd);
	inet_pton(AF_INET, addr, &sin.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	EXPECT_EQ(0, bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
	if (*n < 8)
		fds[(*n)++] = fd;
	return fd;
}

#define TCP_AT(addr, port) tcp_at(_metadata, self->fds, &self->nfds, \
				  (addr), (port))

/* Connect @fd to the gateway's loopback port @port (blocking). */
static int to_gateway(int fd, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	return connect(fd, (struct sockaddr *)&sin, sizeof(sin));
}

/* A port on @addr nobody listens on: bound, then closed. */
static uint16_t dead_port(const char *addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	uint16_t port;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, addr, &sin.sin_addr);
	bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	getsockname(fd, (struct sockaddr *)&sin, &len);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	getsockname(fd, (struct sockaddr *)&sin, &len);
	return ntohs(sin.sin_port);
}

/* The leg of termination @serial of context 1. */
static struct msrp_leg *leg(struct mgd_msrp *m, uint32_t serial)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->legs[i]->ctx == 1 && m->legs[i]->serial == serial)
			return m->legs[i];
	return NULL;
}

/* One turn of the daemon's loop for the legs (poll() without waiting). */
static void turn(struct mgd_msrp *m, unsigned int max)
{
	struct pollfd p[16];
	uint64_t next = UINT64_MAX;
	unsigned int n;

	n = mgd_msrp_poll(m, p, max < 16 ? max : 16, 0, &next);
	if (poll(p, n, 0) >= 0)
		mgd_msrp_run(m, p, n, 0);
}

/* Turns until leg @l is in @state, at most @max turns of up to 10 ms. */
static bool reaches(struct mgd_msrp *m, struct msrp_leg *l,
		    enum msrp_state state, int max)
{
	struct pollfd p[16];
	uint64_t next = UINT64_MAX;
	unsigned int n;

	while (l->state != state && max-- > 0) {
		n = mgd_msrp_poll(m, p, 16, 0, &next);
		poll(p, n, 10);
		mgd_msrp_run(m, p, n, 0);
	}
	return l->state == state;
}

static const struct h248_trans *run(FIXTURE_DATA(legs) *self,
				    const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const struct h248_trans *run(FIXTURE_DATA(legs) *self,
				    const char *fmt, ...)
{
	static char req[4096];
	va_list ap;
	int n;

	n = snprintf(req, sizeof(req), "MEGACO/3 [192.0.2.20]:2944\n");
	va_start(ap, fmt);
	vsnprintf(req + n, sizeof(req) - n, fmt, ap);
	va_end(ap);
	return exec(&self->g, self->r, req);
}

/* An MSRP Remote at @addr:@port, with @extra attribute lines. */
#define REMOTE(addr) "Remote {\nv=0\nc=IN IP4 " addr "\n" \
		     "m=message %u TCP/MSRP *\n%s} "

TEST_F(legs, failed_leg_retries_on_a_new_est_only)
{
	struct msrp_leg *l;
	uint16_t dead = dead_port(CORE_ADDR);

	/* the core termination connects, to a port nobody listens on */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 1 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core }, " REMOTE(CORE_ADDR) "} },"
		" Events = 7 { mstls/fail }, Signals { mstls/est } } } }\n",
		dead, "a=setup:passive\n")));
	l = leg(&self->m, mg_find_ctx(&self->g, 1)->term[0]->serial);
	ASSERT_NE(NULL, l);
	ASSERT_TRUE(reaches(&self->m, l, MSRP_FAILED, 500));
	EXPECT_EQ(1U, fails);
	/* a Modify that asks nothing of the connection: it stays failed */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 2 { Context = 1 {"
		" Modify = core/1 { Events = 8 { mstls/fail } } } }\n")));
	EXPECT_EQ(MSRP_FAILED, l->state);
	/* mstls/est again: it connects again (and fails again) */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 3 { Context = 1 {"
		" Modify = core/1 { Signals { mstls/est } } } }\n")));
	EXPECT_NE(MSRP_FAILED, l->state);
	ASSERT_TRUE(reaches(&self->m, l, MSRP_FAILED, 500));
	EXPECT_EQ(2U, fails);
}

/*
 * An e2ae-like pair over plain TCP: the UE connects to the gateway
 * (access/1 listens), the gateway connects to the core (core/2).
 */
static void relayed_pair(struct __test_metadata *_metadata,
			 FIXTURE_DATA(legs) *self, int *ue, int *core_l)
{
	struct msrp_leg *a, *b;
	uint16_t gw_port;

	*core_l = TCP_AT(CORE_ADDR, 0);
	ASSERT_EQ(0, listen(*core_l, 4));
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 1 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, " REMOTE(UE_ADDR) "} } },"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core }, " REMOTE(CORE_ADDR) "} },"
		" Signals { mstls/est } } } }\n",
		5000, "a=setup:active\na=connection:new\n",
		port_of(*core_l), "a=setup:passive\na=connection:new\n")));
	a = leg(&self->m, mg_find_ctx(&self->g, 1)->term[0]->serial);
	b = leg(&self->m, mg_find_ctx(&self->g, 1)->term[1]->serial);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(MSRP_LISTEN, a->state);
	gw_port = mg_find_ctx(&self->g, 1)->term[0]->side.local.port;
	*ue = TCP_AT(UE_ADDR, 0);
	ASSERT_EQ(0, to_gateway(*ue, gw_port));
	ASSERT_TRUE(reaches(&self->m, a, MSRP_RELAYED, 500));
	EXPECT_EQ(MSRP_RELAYED, b->state);
	EXPECT_EQ(1U, relays_made);
}

TEST_F(legs, connection_new_makes_the_connection_again)
{
	struct msrp_leg *a;
	int ue, core_l;
	char c;

	relayed_pair(_metadata, self, &ue, &core_l);
	a = leg(&self->m, mg_find_ctx(&self->g, 1)->term[0]->serial);
	/* the same Remote, "existing": the relay goes on */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 2 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { "
		REMOTE(UE_ADDR) "} } } } }\n",
		5000, "a=setup:active\na=connection:existing\n")));
	EXPECT_EQ(MSRP_RELAYED, a->state);
	EXPECT_EQ(0U, relays_deleted);
	/* "new": the relay (both connections) ends, the legs start again */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 3 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { "
		REMOTE(UE_ADDR) "} } } } }\n",
		5000, "a=setup:active\na=connection:new\n")));
	EXPECT_EQ(1U, relays_deleted);
	EXPECT_EQ(MSRP_LISTEN, a->state);
	EXPECT_EQ(0, recv(ue, &c, 1, 0));	/* the UE's connection closed */
	/* the core's went with the relay: made again, no mstls/est needed */
	EXPECT_EQ(MSRP_CONNECT,
		  leg(&self->m, mg_find_ctx(&self->g, 1)->term[1]->serial)->state);
}

TEST_F(legs, leg_left_by_a_subtract_waits_for_est)
{
	struct msrp_leg *b;
	int ue, core_l;

	relayed_pair(_metadata, self, &ue, &core_l);
	b = leg(&self->m, mg_find_ctx(&self->g, 1)->term[1]->serial);
	/* the UE's termination goes: the relay, with both connections */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 2 { Context = 1 {"
		" Subtract = access/1 } }\n")));
	EXPECT_EQ(1U, relays_deleted);
	EXPECT_EQ(1U, self->m.n);
	EXPECT_EQ(MSRP_IDLE, b->state);
	/* its mstls/est was used up: a new one connects */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 3 { Context = 1 {"
		" Modify = core/2 { Signals { mstls/est } } } }\n")));
	EXPECT_EQ(MSRP_CONNECT, b->state);
}

TEST_F(legs, other_psk_makes_the_connection_again)
{
	static const char psk1[] = "000102030405060708090a0b0c0d0e0f";
	static const char psk2[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
	gnutls_psk_client_credentials_t cred;
	gnutls_datum_t id = { (unsigned char *)"ue-1", 4 };
	uint8_t key[16] = { 0 };
	gnutls_datum_t k = { key, 16 };
	gnutls_session_t s;
	struct msrp_leg *l;
	int ue, i;
	char c;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 1 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access, mstls/pskid = \"ue-1\","
		" mstls/psk = %s }, Remote {\nv=0\nc=IN IP4 " UE_ADDR "\n"
		"m=message 5000 TCP/TLS/MSRP *\na=setup:active\n} } } } } }\n",
		psk1)));
	l = leg(&self->m, mg_find_ctx(&self->g, 1)->term[0]->serial);
	ASSERT_NE(NULL, l);
	ASSERT_EQ(MSRP_LISTEN, l->state);
	/* the UE connects and says its ClientHello; the gateway answers */
	ue = TCP_AT(UE_ADDR, 0);
	ASSERT_EQ(0, to_gateway(ue, mg_find_ctx(&self->g, 1)->term[0]->side.local.port));
	ASSERT_EQ(0, gnutls_psk_allocate_client_credentials(&cred));
	ASSERT_EQ(0, gnutls_psk_set_client_credentials2(cred, &id, &k,
							GNUTLS_PSK_KEY_RAW));
	ASSERT_EQ(0, gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NONBLOCK));
	ASSERT_EQ(0, gnutls_priority_set_direct(s, "NORMAL:+PSK:+ECDHE-PSK",
						NULL));
	ASSERT_EQ(0, gnutls_credentials_set(s, GNUTLS_CRD_PSK, cred));
	gnutls_transport_set_int(s, ue);
	ASSERT_TRUE(reaches(&self->m, l, MSRP_HANDSHAKE, 500));
	/* the ClientHello goes; the gateway reads it and answers */
	ASSERT_EQ(0, fcntl(ue, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(GNUTLS_E_AGAIN, gnutls_handshake(s));
	turn(&self->m, 16);
	EXPECT_EQ(MSRP_HANDSHAKE, l->state);
	/* the same key and identity again: the handshake goes on */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 2 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { LocalControl {"
		" mstls/pskid = \"ue-1\", mstls/psk = %s } } } } } }\n",
		psk1)));
	EXPECT_EQ(MSRP_HANDSHAKE, l->state);
	/* another key: that connection is not the one the MGC keyed */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 3 { Context = 1 {"
		" Modify = access/1 { Media { Stream = 1 { LocalControl {"
		" mstls/pskid = \"ue-1\", mstls/psk = %s } } } } } }\n",
		psk2)));
	EXPECT_EQ(MSRP_LISTEN, l->state);
	/* the UE's connection closed (after what the gateway had sent) */
	ASSERT_EQ(0, fcntl(ue, F_SETFL, 0));
	while ((i = (int)recv(ue, &c, 1, 0)) > 0)
		;
	EXPECT_GE(0, i);
	gnutls_deinit(s);
	gnutls_psk_free_client_credentials(cred);
}

TEST_F(legs, remote_taken_behind_strangers_in_one_turn)
{
	struct msrp_leg *l;
	uint16_t gw_port;
	int i, ue;

	ASSERT_EQ(0U, err_of(run(self, "Transaction = 1 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, " REMOTE(UE_ADDR) "} } } } }\n",
		5000, "a=setup:active\n")));
	l = leg(&self->m, mg_find_ctx(&self->g, 1)->term[0]->serial);
	ASSERT_NE(NULL, l);
	ASSERT_EQ(MSRP_LISTEN, l->state);
	gw_port = mg_find_ctx(&self->g, 1)->term[0]->side.local.port;
	/* four connections from elsewhere first, established and queued */
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, to_gateway(TCP_AT(STRANGER_ADDR, 0), gw_port));
	ue = TCP_AT(UE_ADDR, 0);
	ASSERT_EQ(0, to_gateway(ue, gw_port));
	turn(&self->m, 16);
	EXPECT_EQ(MSRP_READY, l->state);
}

TEST_F(legs, polling_goes_round_when_legs_exceed_a_poll)
{
	struct pollfd p[1];
	uint64_t next = UINT64_MAX;
	int first, second;

	/* two contexts of one listening termination each */
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 1 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, " REMOTE(UE_ADDR) "} } } } }\n",
		5000, "a=setup:active\n")));
	ASSERT_EQ(0U, err_of(run(self, "Transaction = 2 { Context = $ {"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access }, " REMOTE(UE_ADDR) "} } } } }\n",
		5001, "a=setup:active\n")));
	ASSERT_EQ(2U, self->m.n);
	/* one descriptor a turn: the first turn's leg, then the other */
	ASSERT_EQ(1U, mgd_msrp_poll(&self->m, p, 1, 0, &next));
	first = p[0].fd;
	ASSERT_EQ(1U, mgd_msrp_poll(&self->m, p, 1, 0, &next));
	second = p[0].fd;
	EXPECT_NE(first, second);
	ASSERT_EQ(1U, mgd_msrp_poll(&self->m, p, 1, 0, &next));
	EXPECT_EQ(first, p[0].fd);
}

TEST_HARNESS_MAIN
