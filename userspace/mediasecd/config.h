/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasecd's configuration file: one setting per line, "keyword value...",
 * '#' to the end of a line is a comment.  The keywords, their values and
 * defaults are documented in docs/mediasecd.md.
 */
#ifndef _MGD_CONFIG_H
#define _MGD_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/mediasec.h>
#include <sys/socket.h>

#define MGD_MAX_MGCS	8
#define MGD_MAX_REALMS	4
#define MGD_NAME_MAX	32
#define MGD_MID_MAX	128
#define MGD_PATH_MAX	256
#define MGD_PROFILE_MAX	64
#define MGD_URL_MAX	256
#define MGD_KMS_ID_MAX	128	/* an identity as MIKEY's ID payload holds */
/*
 * The Iq profile's name and version (TS 29.334 clause 5 names them; the
 * text was not at hand when this was written: docs/mediasecd.md says why
 * this value, and the "profile" setting changes it).
 */
#define MGD_PROFILE_DEFAULT	"threegIMSAGW/1"
#define MGD_STATE_DIR	"/run/mediasecd"	/* the default state-dir */

/**
 * struct mgd_realm - a network realm: where its terminations' media go
 * @name: "access", "core", or another name the MGC uses
 * @alen: 4 or 16
 * @addr: the gateway's media address in it, network order
 * @lo: first port of its range (even)
 * @hi: last port of its range
 */
struct mgd_realm {
	char name[MGD_NAME_MAX];
	uint8_t alen;
	uint8_t addr[16];
	uint16_t lo;
	uint16_t hi;
	uint32_t suites;
	unsigned int params;
};

/*
 * A realm's security policy (realm-policy): @suites has bit 1 << S for
 * each enum mediasec_suite S a remote's a=crypto may use (default: every
 * suite that encrypts: not the NULL cipher ones), @params the SDES session
 * parameters it may carry (SDES_UNENCRYPTED_SRTP...; default none).
 */
#define MGD_SUITES_DEFAULT \
	((1U << MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80) | \
	 (1U << MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32) | \
	 (1U << MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80) | \
	 (1U << MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32) | \
	 (1U << MEDIASEC_SUITE_AEAD_AES_128_GCM) | \
	 (1U << MEDIASEC_SUITE_AEAD_AES_256_GCM))

/**
 * struct mgd_config - everything the configuration file says
 * @mid: our H.248 message identifier, e.g. "[192.0.2.10]:2944"
 * @listen: local address and port of the H.248 socket
 * @mgc: the MGCs to register with, tried in order
 * @mgc_sctp: H.248 over SCTP (H.248.4) with that MGC, else UDP
 * @nmgc: entries of @mgc
 * @realm: the realms
 * @nrealm: entries of @realm
 * @netns: network namespace of the data path ("" for our own)
 * @inactivity: default media inactivity time, seconds (0: none)
 * @auth_fail_threshold: SRTP authentication failures reported by Notify
 * @hangterm_timerx: termination heartbeat interval, seconds, when the MGC
 *	asks for hangterm/thb without timerx (H.248.36: provisioned; 0 none)
 * @retry_ms: first ServiceChange/request retransmission interval
 * @pending_ms: TransactionPending when a reply is not ready by then
 * @long_timer_ms: how long replies are kept for duplicate requests
 * @rekey_grace_ms: how long a remote's replaced key is still accepted
 * @own_key_lifetime: packets the gateway's own keys protect, written in
 *	their a=crypto (0: the suite's maximum, not written)
 * @state_dir: where the contexts' records are kept for a restart ("":
 *	none kept)
 * @profile: the ServiceChangeProfile of our registrations, "name/version"
 *	("" for none)
 * @mwd_ms: MaxWaitDelay (H.248.1 11.5): the longest random wait before
 *	the list of MGCs is tried again after none answered
 * @tls_cert: the gateway's TLS certificate for MSRP (PEM), "" for none
 * @tls_key: its private key (PEM; never logged)
 * @msrp_setup_ms: how long an MSRP connection and its TLS handshake may
 *	take before mstls/fail
 * @kms_url: where the KMS takes MIKEY-TICKET requests (http:// or
 *	https://), "" for none: an a=key-mgmt is then refused
 * @kms_ca: CA certificates (PEM) the KMS's is checked against, "" for the
 *	system's
 * @kms_name: the KMS's identity (IDRkms), "" for the host of @kms_url
 * @kms_id: the gateway's identity with the KMS (IDRr), a URI
 * @kms_psk_file: the file holding the key the gateway shares with the KMS
 *	(hex; read at start, never logged)
 * @kms_timeout_ms: how long one exchange with the KMS may take
 * @kms_responder: who the tickets the gateway requests are for (IDRr of
 *	their policy: RFC 6043 6.10, a responder or a group), "" for none:
 *	a Local's a=key-mgmt:mikey $ is then refused
 */
struct mgd_config {
	char mid[MGD_MID_MAX];
	struct sockaddr_storage listen;
	struct sockaddr_storage mgc[MGD_MAX_MGCS];
	bool mgc_sctp[MGD_MAX_MGCS];
	unsigned int nmgc;
	struct mgd_realm realm[MGD_MAX_REALMS];
	unsigned int nrealm;
	char netns[MGD_NAME_MAX];
	uint32_t inactivity;
	uint32_t auth_fail_threshold;
	uint32_t hangterm_timerx;
	uint32_t retry_ms;
	uint32_t pending_ms;
	uint32_t long_timer_ms;
	uint32_t rekey_grace_ms;
	uint32_t own_key_lifetime;
	char state_dir[MGD_PATH_MAX];
	char profile[MGD_PROFILE_MAX];
	uint32_t mwd_ms;
	char tls_cert[MGD_PATH_MAX];
	char tls_key[MGD_PATH_MAX];
	uint32_t msrp_setup_ms;
	char kms_url[MGD_URL_MAX];
	char kms_ca[MGD_PATH_MAX];
	char kms_name[MGD_KMS_ID_MAX];
	char kms_id[MGD_KMS_ID_MAX];
	char kms_psk_file[MGD_PATH_MAX];
	uint32_t kms_timeout_ms;
	char kms_responder[MGD_KMS_ID_MAX];
	struct sockaddr_storage metrics;	/* ss_family 0: none */
	bool ready_registered;	/* sd_notify READY once registered */
};

/*
 * Parses @text (NUL-terminated) into @c, defaults first.  0, or -EINVAL
 * with "line N: why" in @err.
 */
int mgd_config_parse(struct mgd_config *c, const char *text, char *err,
		     size_t errlen);
/* The same from a file; -errno if it cannot be read. */
int mgd_config_load(struct mgd_config *c, const char *path, char *err,
		    size_t errlen);
/* The realm called @name, or NULL. */
const struct mgd_realm *mgd_config_realm(const struct mgd_config *c,
					 const char *name);

#endif /* _MGD_CONFIG_H */
