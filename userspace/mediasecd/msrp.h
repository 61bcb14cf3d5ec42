/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connections of MSRP terminations (mg_msrp.c says what H.248 asks of
 * them): a listening socket or a connect per termination, the TLS
 * handshake the gateway terminates (GnuTLS, non-blocking, in the daemon's
 * poll loop), the traffic keys handed to kTLS, and both sockets of a
 * context handed to the kernel's relay (MEDIASEC_CMD_RELAY_NEW), which
 * moves the bytes from then on without the daemon.
 */
#ifndef _MGD_MSRP_H
#define _MGD_MSRP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include <gnutls/gnutls.h>

#include "mg.h"

/* A leg's progress. */
enum msrp_state {
	MSRP_IDLE,		/* nothing to do yet (no remote, no mstls/est) */
	MSRP_LISTEN,		/* passive: waiting for the remote */
	MSRP_CONNECT,		/* active: connect() under way */
	MSRP_HANDSHAKE,		/* TLS handshake under way */
	MSRP_READY,		/* connected (and kTLS keyed): waits for the other */
	MSRP_RELAYED,		/* the kernel has the socket */
	MSRP_FAILED,		/* said so (mstls/fail); waits for the MGC */
};

/**
 * struct msrp_leg - one MSRP termination's connection
 * @ctx: its context
 * @serial: its termination (struct mg_term.serial)
 * @state: how far it is
 * @cfg: what the termination asks (a copy: the PSK is wiped with the leg)
 * @local: the gateway's address and port for it
 * @fd: the connection, or -1
 * @lfd: the listening socket, or -1
 * @tls: the TLS session during the handshake, or NULL
 * @psk_s: TLS-PSK server credentials of the handshake, or NULL
 * @psk_c: TLS-PSK client credentials, or NULL
 * @why: what failed in the handshake ("fingerprint", "psk"), or NULL
 * @est_spent: the mstls/est an active leg connected on is used up (its
 *	next connection waits for another, mgd_msrp_sync())
 * @relay_leg: its leg of the relay (0 for A, 1 for B) once relayed
 * @deadline: when a connection not made by then fails (ms)
 * @in: octets from the remote through a relay that is gone
 * @out: octets to the remote likewise
 */
struct msrp_leg {
	uint32_t ctx;
	uint32_t serial;
	enum msrp_state state;
	struct mg_msrp cfg;
	struct msobj_ep local;
	int fd;
	int lfd;
	gnutls_session_t tls;
	gnutls_psk_server_credentials_t psk_s;
	gnutls_psk_client_credentials_t psk_c;
	const char *why;
	bool est_spent;
	unsigned int relay_leg;
	uint64_t deadline;
	uint64_t in, out;
};

/**
 * struct mgd_msrp - every MSRP leg of the gateway
 * @legs: the legs, unordered
 * @n: how many
 * @cap: room in @legs
 * @nl: the netlink socket of the relays
 * @cert: the gateway's certificate and key (tls-cert, tls-key), or NULL
 * @setup_ms: how long a connection and its handshake may take
 * @fail: called when a leg fails (the daemon's Notify of mstls/fail)
 * @arg: for @fail
 * @relays: relays created, for the log
 * @next_poll: the leg the next mgd_msrp_poll() starts from
 */
struct mgd_msrp {
	struct msrp_leg **legs;
	unsigned int n, cap;
	struct msnl *nl;
	gnutls_certificate_credentials_t cert;
	uint32_t setup_ms;
	void (*fail)(void *arg, uint32_t ctx, uint32_t serial,
		     const char *reason);
	void *arg;
	uint64_t relays;
	unsigned int next_poll;
};

/*
 * Loads the gateway's certificate and key (PEM files) and fills @fp with
 * the certificate's SHA-256 fingerprint.  0, or -1 with *@why said.
 */
int mgd_msrp_load_cert(struct mgd_msrp *m, const char *cert,
		       const char *key, struct sdp_fingerprint *fp,
		       const char **why);
void mgd_msrp_free(struct mgd_msrp *m);
/* Context @id of @g changed or went: its legs follow (mg_ops.msrp). */
void mgd_msrp_sync(struct mgd_msrp *m, const struct mg *g, uint32_t id,
		   uint64_t now);
/*
 * Context @id was taken back after a restart: its legs are relayed if the
 * kernel still has its relay, else made anew (as mgd_msrp_sync()).
 */
void mgd_msrp_adopt(struct mgd_msrp *m, const struct mg *g, uint32_t id,
		    uint64_t now);
/* Octets of termination @serial through its relay (mg_ops.relay_stats). */
int mgd_msrp_stats(struct mgd_msrp *m, uint32_t ctx, uint32_t serial,
		   uint64_t *in, uint64_t *out);
/* The descriptors to poll, at most @max, into @p; returns how many. */
unsigned int mgd_msrp_poll(struct mgd_msrp *m, struct pollfd *p,
			   unsigned int max, uint64_t now, uint64_t *next);
/* After poll(): the legs of @p[0 .. @n) move on; timeouts too. */
void mgd_msrp_run(struct mgd_msrp *m, const struct pollfd *p,
		  unsigned int n, uint64_t now);

/* msrp_tls.c: the handshake of a leg */
/* Whether @l has what its TLS needs (a PSK and identity; fingerprints). */
bool msrp_tls_armed(const struct mgd_msrp *m, const struct msrp_leg *l);
int msrp_tls_start(struct mgd_msrp *m, struct msrp_leg *l);
/* 1 done (kTLS keyed, session gone), 0 to wait, -1 failed (l->why). */
int msrp_tls_step(struct msrp_leg *l);
void msrp_tls_drop(struct msrp_leg *l);

#endif /* _MGD_MSRP_H */
