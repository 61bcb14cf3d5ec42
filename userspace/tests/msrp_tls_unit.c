// SPDX-License-Identifier: GPL-2.0
/*
 * The TLS-PSK handshake of an MSRP leg (msrp_tls.c) against a GnuTLS
 * client of the test's own, over a socketpair, both non-blocking:
 *
 * - a leg without its credentials (a PSK termination taken back after a
 *   restart: records never hold a key; a certificate termination without
 *   the remote's fingerprints) is not started: an empty identity and key
 *   would make a TLS 1.2 PSK handshake anyone completes;
 * - the identity is compared as bytes with its length: "mrfp-1" followed
 *   by a NUL and more is another identity;
 * - the right identity and key complete the handshake (kTLS then fails:
 *   a socketpair is no TCP socket, so the leg reports "ktls" or "suite",
 *   not "psk").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msrp.h"

#define PSK_ID	"mrfp-1"

static const uint8_t key16[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

/* The phone: a GnuTLS client offering @id (@idlen bytes) and @key. */
struct phone {
	gnutls_session_t s;
	gnutls_psk_client_credentials_t cred;
};

static int phone_start(struct phone *p, int fd, const char *prio,
		       const void *id, unsigned int idlen,
		       const uint8_t *key, unsigned int keylen)
{
	gnutls_datum_t u = { (unsigned char *)id, idlen };
	gnutls_datum_t k = { (unsigned char *)key, keylen };
	uint8_t none = 0;

	if (!keylen)
		k.data = &none;	/* an empty key, not a missing one */
	if (gnutls_psk_allocate_client_credentials(&p->cred) ||
	    gnutls_psk_set_client_credentials2(p->cred, &u, &k,
					       GNUTLS_PSK_KEY_RAW) ||
	    gnutls_init(&p->s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) ||
	    gnutls_priority_set_direct(p->s, prio, NULL) ||
	    gnutls_credentials_set(p->s, GNUTLS_CRD_PSK, p->cred))
		return -1;
	gnutls_transport_set_int(p->s, fd);
	return 0;
}

static void phone_free(struct phone *p)
{
	if (p->s)
		gnutls_deinit(p->s);
	if (p->cred)
		gnutls_psk_free_client_credentials(p->cred);
}

/*
 * Both sides in turn until each is done, or one has failed and the other
 * has had what there was to read; returns the leg's last msrp_tls_step()
 * (1, -1 with l->why, or 0: still waiting).  *@phone_ret: the client's.
 */
static int handshake(struct msrp_leg *l, struct phone *p, int *phone_ret)
{
	int leg = 0, i, after = 0;

	*phone_ret = GNUTLS_E_AGAIN;
	for (i = 0; i < 1000 && after < 20 &&
	     (!leg || *phone_ret == GNUTLS_E_AGAIN); i++) {
		if (*phone_ret == GNUTLS_E_AGAIN)
			*phone_ret = gnutls_handshake(p->s);
		if (!leg)
			leg = msrp_tls_step(l);
		if (leg || *phone_ret != GNUTLS_E_AGAIN)
			after++;
	}
	return leg;
}

static const char *why(const struct msrp_leg *l)
{
	return l->why ? l->why : "(none)";
}

/* A passive (server) PSK leg on @fd with @id and @key. */
static void psk_leg(struct msrp_leg *l, int fd, const char *id,
		    const uint8_t *key, unsigned int keylen)
{
	memset(l, 0, sizeof(*l));
	l->fd = fd;
	l->lfd = -1;
	l->cfg.on = true;
	l->cfg.proto_tls = true;
	l->cfg.tls = MG_TLS_PSK;
	snprintf(l->cfg.psk_id, sizeof(l->cfg.psk_id), "%s", id);
	memcpy(l->cfg.psk, key, keylen);
	l->cfg.psk_len = keylen;
}

FIXTURE(pair) {
	int fd[2];
	struct mgd_msrp m;
	struct msrp_leg l;
	struct phone p;
};

FIXTURE_SETUP(pair)
{
	memset(&self->m, 0, sizeof(self->m));
	memset(&self->p, 0, sizeof(self->p));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
				self->fd));
}

FIXTURE_TEARDOWN(pair)
{
	msrp_tls_drop(&self->l);
	phone_free(&self->p);
	close(self->fd[0]);
	close(self->fd[1]);
}

#define PRIO12 KTLS_PRIORITY_PSK(":-VERS-TLS1.3")
#define KTLS_PRIORITY_PSK(x) \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:" \
	"+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:" \
	"-MAC-ALL:+AEAD:+PSK:+ECDHE-PSK:+DHE-PSK" x

TEST_F(pair, leg_without_credentials_not_started)
{
	/* a PSK termination taken back after a restart: no key, no id */
	psk_leg(&self->l, self->fd[0], "", key16, 0);
	EXPECT_FALSE(msrp_tls_armed(&self->m, &self->l));
	EXPECT_EQ(-1, msrp_tls_start(&self->m, &self->l));
	EXPECT_STREQ("psk", why(&self->l));
	EXPECT_EQ(NULL, self->l.tls);
	/* an identity and a key under 128 bits */
	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 8);
	EXPECT_EQ(-1, msrp_tls_start(&self->m, &self->l));
	/* a certificate termination without the remote's fingerprints */
	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
	self->l.cfg.tls = MG_TLS_CERT;
	EXPECT_FALSE(msrp_tls_armed(&self->m, &self->l));
	EXPECT_EQ(-1, msrp_tls_start(&self->m, &self->l));
	EXPECT_STREQ("fingerprint", why(&self->l));
	/* with them: armed */
	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
	EXPECT_TRUE(msrp_tls_armed(&self->m, &self->l));
}

TEST_F(pair, empty_identity_and_key_refused)
{
	int pr;

	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
	ASSERT_EQ(0, msrp_tls_start(&self->m, &self->l));
	ASSERT_EQ(0, phone_start(&self->p, self->fd[1], PRIO12, "", 0,
				 NULL, 0));
	/* GnuTLS's client may not even send it; never authenticated */
	EXPECT_NE(1, handshake(&self->l, &self->p, &pr));
	EXPECT_GT(0, pr);
}

TEST_F(pair, identity_with_a_nul_is_another)
{
	static const char id[] = PSK_ID "\0junk";
	int pr;

	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
	ASSERT_EQ(0, msrp_tls_start(&self->m, &self->l));
	ASSERT_EQ(0, phone_start(&self->p, self->fd[1], PRIO12, id,
				 sizeof(id) - 1, key16, 16));
	EXPECT_EQ(-1, handshake(&self->l, &self->p, &pr));
	EXPECT_STREQ("psk", why(&self->l));
	EXPECT_GT(0, pr);
}

TEST_F(pair, right_identity_and_key_complete)
{
	const char *prios[] = { PRIO12, KTLS_PRIORITY_PSK("") };
	unsigned int i;
	int pr;

	for (i = 0; i < 2; i++) {
		psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
		ASSERT_EQ(0, msrp_tls_start(&self->m, &self->l));
		ASSERT_EQ(0, phone_start(&self->p, self->fd[1], prios[i],
					 PSK_ID, strlen(PSK_ID), key16, 16));
		EXPECT_EQ(-1, handshake(&self->l, &self->p, &pr));
		/* authenticated: only kTLS, on a socketpair, fails */
		EXPECT_EQ(0, pr) TH_LOG("%s", gnutls_strerror(pr));
		EXPECT_TRUE(!strcmp(why(&self->l), "ktls") ||
			    !strcmp(why(&self->l), "suite"))
			TH_LOG("why %s", why(&self->l));
		msrp_tls_drop(&self->l);
		phone_free(&self->p);
		memset(&self->p, 0, sizeof(self->p));
		close(self->fd[0]);
		close(self->fd[1]);
		ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK,
					0, self->fd));
	}
}

/* The core's side, a GnuTLS server that knows PSK_ID and key16 only. */
static int core_key(gnutls_session_t s, const gnutls_datum_t *id,
		    gnutls_datum_t *key)
{
	int *seen = gnutls_session_get_ptr(s);

	*seen = id->size == strlen(PSK_ID) &&
		!memcmp(id->data, PSK_ID, id->size);
	if (!*seen)
		return -1;
	key->data = gnutls_malloc(sizeof(key16));
	if (!key->data)
		return -1;
	memcpy(key->data, key16, sizeof(key16));
	key->size = sizeof(key16);
	return 0;
}

/* The gateway as the TLS-PSK client (an active leg): its identity and key. */
TEST_F(pair, active_leg_offers_its_identity_and_key)
{
	gnutls_psk_server_credentials_t cred;
	gnutls_session_t core;
	int seen = 0, leg = 0, cr = GNUTLS_E_AGAIN, i;

	psk_leg(&self->l, self->fd[0], PSK_ID, key16, 16);
	self->l.cfg.active = true;
	ASSERT_EQ(0, msrp_tls_start(&self->m, &self->l));
	ASSERT_EQ(0, gnutls_psk_allocate_server_credentials(&cred));
	gnutls_psk_set_server_credentials_function2(cred, core_key);
	ASSERT_EQ(0, gnutls_init(&core, GNUTLS_SERVER | GNUTLS_NONBLOCK));
	ASSERT_EQ(0, gnutls_priority_set_direct(core, KTLS_PRIORITY_PSK(""),
						NULL));
	ASSERT_EQ(0, gnutls_credentials_set(core, GNUTLS_CRD_PSK, cred));
	gnutls_session_set_ptr(core, &seen);
	gnutls_transport_set_int(core, self->fd[1]);
	for (i = 0; i < 1000 && (!leg || cr == GNUTLS_E_AGAIN); i++) {
		if (cr == GNUTLS_E_AGAIN)
			cr = gnutls_handshake(core);
		if (!leg)
			leg = msrp_tls_step(&self->l);
	}
	EXPECT_EQ(1, seen);
	EXPECT_EQ(0, cr) TH_LOG("%s", gnutls_strerror(cr));
	/* authenticated: only kTLS, on a socketpair, fails */
	EXPECT_EQ(-1, leg);
	EXPECT_TRUE(!strcmp(why(&self->l), "ktls") ||
		    !strcmp(why(&self->l), "suite"))
		TH_LOG("why %s", why(&self->l));
	gnutls_deinit(core);
	gnutls_psk_free_server_credentials(cred);
}

TEST_HARNESS_MAIN
