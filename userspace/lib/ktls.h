/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handing a TLS session from GnuTLS to kernel TLS (kTLS,
 * Documentation/networking/tls.rst): after the handshake, the traffic keys
 * GnuTLS holds go to the socket's TLS_TX and TLS_RX, and the socket can be
 * given to the mediasec relay.  Debian 12's GnuTLS has no kTLS of its own;
 * gnutls_record_get_state() is how its keys come out.
 */
#ifndef _MS_KTLS_H
#define _MS_KTLS_H

#include <stdbool.h>
#include <gnutls/gnutls.h>

/*
 * The GnuTLS priority string of what kTLS can carry: TLS 1.3 and 1.2 with
 * AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305 and AES-128-CCM (AEAD only),
 * no static RSA key exchange in TLS 1.2 (forward secrecy: ECDHE or DHE;
 * RFC 7525 4.1), and no renegotiation.
 */
#define KTLS_PRIORITY \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:" \
	"+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:" \
	"-MAC-ALL:+AEAD:-RSA:%SAFE_RENEGOTIATION"

/* Whether kTLS can carry what @session negotiated. */
bool ktls_can_carry(gnutls_session_t session);

/*
 * Keys kTLS on @fd, both directions, from @session after its handshake.
 * GnuTLS must hold no record it read and did not hand out
 * (gnutls_record_check_pending()), or it would be lost.  The copies of
 * the keys made here are wiped.  Returns 0, or -1 with *@why saying what
 * failed (errno set).
 */
int ktls_install(gnutls_session_t session, int fd, const char **why);

#endif /* _MS_KTLS_H */
