// SPDX-License-Identifier: GPL-2.0
/*
 * The TLS handshake of an MSRP leg the gateway terminates (TS 33.328
 * e2ae, RFC 4975 section 14, RFC 4976), with GnuTLS, non-blocking:
 *
 * - the passive side is the TLS server, the active side the client
 *   (RFC 4975 14.1: the endpoint that opens the connection is the TLS
 *   client; RFC 8122 section 6 likewise);
 * - with a certificate, both sides present one and the remote's must
 *   match one of its a=fingerprint (RFC 8122 5, compared in constant
 *   time); there is no CA: the fingerprint, which came through signalling
 *   the IMS-ALG trusts, is the authentication (TS 33.328 7.x);
 * - with a PSK (the MGC's mstls/pskid and mstls/psk: the KMS's key of TR
 *   29.cde's MRFP case), the identity must be the one given;
 * - only what kTLS can carry is offered (KTLS_PRIORITY, and the PSK key
 *   exchanges with (EC)DHE: RFC 8446 psk_dhe_ke, forward secrecy), no
 *   session ticket is issued, and once the handshake is done the traffic
 *   keys go to kTLS (ktls.c) and the session is freed;
 * - a leg whose credentials are missing (a PSK termination taken back
 *   after a restart: records never hold a PSK; a certificate one without
 *   the remote's fingerprints) is not started: an empty key and identity
 *   would make a handshake anyone can complete.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/x509.h>
#include <openssl/crypto.h>

#include "ktls.h"
#include "msrp.h"
#include "sdp_tls.h"
#include "log.h"

/*
 * What kTLS carries, with the PSK key exchanges that add (EC)DHE (RFC 8446
 * 4.2.9 psk_dhe_ke; TLS 1.2 (EC)DHE-PSK, RFC 5489): a PSK learnt later
 * does not open what was recorded.
 */
#define MSRP_PSK_PRIORITY \
	KTLS_PRIORITY ":+ECDHE-PSK:+DHE-PSK"

int mgd_msrp_load_cert(struct mgd_msrp *m, const char *cert,
		       const char *key, struct sdp_fingerprint *fp,
		       const char **why)
{
	gnutls_x509_crt_t *crts = NULL;
	unsigned int ncrt = 0, i;
	gnutls_datum_t der = { 0 }, pem = { 0 };
	int ret;

	if (gnutls_certificate_allocate_credentials(&m->cert)) {
		*why = "out of memory";
		return -1;
	}
	ret = gnutls_certificate_set_x509_key_file2(m->cert, cert, key,
						    GNUTLS_X509_FMT_PEM,
						    NULL, 0);
	if (ret < 0) {
		*why = gnutls_strerror(ret);
		goto err_free;
	}
	/* The fingerprint of the leaf: the first certificate of the file. */
	ret = gnutls_load_file(cert, &pem);
	if (!ret)
		ret = gnutls_x509_crt_list_import2(&crts, &ncrt, &pem,
						   GNUTLS_X509_FMT_PEM, 0);
	if (!ret && ncrt)
		ret = gnutls_x509_crt_export2(crts[0], GNUTLS_X509_FMT_DER,
					      &der);
	for (i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	gnutls_free(pem.data);
	if (ret < 0 || !ncrt ||
	    sdp_fingerprint_of(der.data, der.size, SDP_HASH_SHA256, fp)) {
		*why = "the certificate cannot be read";
		gnutls_free(der.data);
		goto err_free;
	}
	gnutls_free(der.data);
	return 0;

err_free:
	gnutls_certificate_free_credentials(m->cert);
	m->cert = NULL;
	return -1;
}

/* RFC 8122: the peer's certificate against the remote's a=fingerprint. */
static int verify_fingerprint(gnutls_session_t s)
{
	struct msrp_leg *l = gnutls_session_get_ptr(s);
	static const struct sdp_tls none;
	const gnutls_datum_t *chain;
	unsigned int n = 0;

	chain = gnutls_certificate_get_peers(s, &n);
	if (!chain || !n ||
	    !sdp_fingerprint_matches(&none, &l->cfg.remote_tls,
				     chain[0].data, chain[0].size)) {
		l->why = "fingerprint";
		return GNUTLS_E_CERTIFICATE_ERROR;	/* bad_certificate */
	}
	return 0;
}

/*
 * A copy of the leg's key for GnuTLS, which wipes and frees it
 * (_gnutls_free_key_datum()); a key set once in client credentials would
 * be freed without being wiped.
 */
static int psk_copy(const struct msrp_leg *l, gnutls_datum_t *key)
{
	if (l->cfg.psk_len < MG_PSK_MIN || l->cfg.psk_len > MG_PSK_MAX)
		return -1;
	key->data = gnutls_malloc(l->cfg.psk_len);
	if (!key->data)
		return -1;
	memcpy(key->data, l->cfg.psk, l->cfg.psk_len);
	key->size = l->cfg.psk_len;
	return 0;
}

/*
 * The server's key for the client's identity: the one given, only,
 * compared as bytes with its length (a TLS 1.2 identity may hold a NUL,
 * a TLS 1.3 one comes without one).
 */
static int psk_of(gnutls_session_t s, const gnutls_datum_t *id,
		  gnutls_datum_t *key)
{
	struct msrp_leg *l = gnutls_session_get_ptr(s);
	size_t n = strlen(l->cfg.psk_id);

	if (!n || id->size != n || memcmp(id->data, l->cfg.psk_id, n)) {
		l->why = "psk";
		return -1;	/* unknown_psk_identity */
	}
	return psk_copy(l, key);
}

/* The client's identity and key: copies, freed (the key wiped) by GnuTLS. */
static int psk_mine(gnutls_session_t s, gnutls_datum_t *id,
		    gnutls_datum_t *key)
{
	struct msrp_leg *l = gnutls_session_get_ptr(s);
	size_t n = strlen(l->cfg.psk_id);

	if (!n || psk_copy(l, key))
		return -1;
	id->data = gnutls_malloc(n + 1);
	if (!id->data) {
		gnutls_memset(key->data, 0, key->size);
		gnutls_free(key->data);
		key->data = NULL;
		return -1;
	}
	memcpy(id->data, l->cfg.psk_id, n + 1);
	id->size = n;
	return 0;
}

bool msrp_tls_armed(const struct mgd_msrp *m, const struct msrp_leg *l)
{
	switch (l->cfg.tls) {
	case MG_TLS_PSK:
		return l->cfg.psk_len >= MG_PSK_MIN && l->cfg.psk_id[0];
	case MG_TLS_CERT:
		return m->cert && l->cfg.remote_tls.nfp > 0;
	default:
		return true;
	}
}

int msrp_tls_start(struct mgd_msrp *m, struct msrp_leg *l)
{
	bool server = !l->cfg.active, psk = l->cfg.tls == MG_TLS_PSK;
	int ret;

	if (!msrp_tls_armed(m, l)) {
		l->why = psk ? "psk" : "fingerprint";
		return -1;
	}
	if (gnutls_init(&l->tls, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
			GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS))
		return -1;
	gnutls_session_set_ptr(l->tls, l);
	ret = gnutls_priority_set_direct(l->tls, psk ? MSRP_PSK_PRIORITY :
					 KTLS_PRIORITY, NULL);
	if (ret)
		goto err;
	if (psk && server) {
		ret = gnutls_psk_allocate_server_credentials(&l->psk_s);
		if (ret)
			goto err;
		gnutls_psk_set_server_credentials_function2(l->psk_s, psk_of);
		ret = gnutls_credentials_set(l->tls, GNUTLS_CRD_PSK, l->psk_s);
	} else if (psk) {
		ret = gnutls_psk_allocate_client_credentials(&l->psk_c);
		if (!ret)
			gnutls_psk_set_client_credentials_function2(l->psk_c,
								    psk_mine);
		if (!ret)
			ret = gnutls_credentials_set(l->tls, GNUTLS_CRD_PSK,
						     l->psk_c);
	} else {
		ret = gnutls_credentials_set(l->tls, GNUTLS_CRD_CERTIFICATE,
					     m->cert);
		if (server)
			gnutls_certificate_server_set_request(l->tls,
							      GNUTLS_CERT_REQUIRE);
		/* Our check, during the handshake: a failure is an alert. */
		gnutls_session_set_verify_function(l->tls, verify_fingerprint);
	}
	if (ret)
		goto err;
	gnutls_handshake_set_timeout(l->tls, 0);	/* ours: setup-timeout */
	gnutls_transport_set_int(l->tls, l->fd);
	return 0;
err:
	msrp_tls_drop(l);
	return -1;
}

int msrp_tls_step(struct msrp_leg *l)
{
	const char *why;
	int ret;

	ret = gnutls_handshake(l->tls);
	if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
		return 0;
	if (ret < 0) {
		/*
		 * A PSK handshake that fails is the identity or the key (a
		 * wrong key fails the binder, RFC 8446 4.2.11, or Finished).
		 */
		if (!l->why && l->cfg.tls == MG_TLS_PSK)
			l->why = "psk";
		else if (!l->why && (ret == GNUTLS_E_NO_CERTIFICATE_FOUND ||
				     ret == GNUTLS_E_CERTIFICATE_REQUIRED))
			l->why = "fingerprint";	/* no certificate to match */
		else if (!l->why && ret == GNUTLS_E_FATAL_ALERT_RECEIVED &&
			 l->cfg.tls == MG_TLS_CERT &&
			 gnutls_alert_get(l->tls) == GNUTLS_A_BAD_CERTIFICATE)
			l->why = "fingerprint";	/* ours, as the peer saw it */
		mgd_log(LOG_WARNING, "TLS handshake: %s",
			gnutls_strerror(ret));
		/* The peer is told why (bad_certificate...), best effort. */
		if (ret != GNUTLS_E_FATAL_ALERT_RECEIVED)
			gnutls_alert_send_appropriate(l->tls, ret);
		msrp_tls_drop(l);
		return -1;
	}
	if (ktls_install(l->tls, l->fd, &why)) {
		int err = errno;

		mgd_log(LOG_ERR, "kTLS: %s: %s", why,
			strerror(err));
		l->why = err == EOPNOTSUPP ? "suite" : "ktls";
		msrp_tls_drop(l);
		return -1;
	}
	msrp_tls_drop(l);	/* the keys are the kernel's now */
	return 1;
}

void msrp_tls_drop(struct msrp_leg *l)
{
	if (l->tls)
		gnutls_deinit(l->tls);
	l->tls = NULL;
	if (l->psk_s)
		gnutls_psk_free_server_credentials(l->psk_s);
	l->psk_s = NULL;
	if (l->psk_c)
		gnutls_psk_free_client_credentials(l->psk_c);
	l->psk_c = NULL;
}
