/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the data-path test tools (ms_endpoint, and ms_blast and ms_relay of
 * the benchmark) share: addresses from the command line, and libsrtp2
 * sessions from a suite name and a key file.  They exit 2 on bad input.
 */
#ifndef _MS_TOOL_H
#define _MS_TOOL_H

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <sys/socket.h>

#include "srtp_policy.h"

/* ADDR and PORT into @ss; the family, or -1. */
static inline int ms_sockaddr_of(const char *a, const char *port,
				 struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(atoi(port));
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, a, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(atoi(port));
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -1;
}

/*
 * The policy of @suite with the key and salt of @key_file (read into @key,
 * 64 bytes), for any inbound or outbound SSRC; returns the bytes read.
 */
static inline size_t ms_srtp_policy_load(const char *prog, const char *suite,
					 const char *key_file, int inbound,
					 srtp_policy_t *pol, unsigned char *key)
{
	const struct ms_srtp_policy *pp;
	size_t n;
	FILE *f;

	pp = suite ? ms_srtp_policy(ms_srtp_policy_find(suite)) : NULL;
	f = key_file ? fopen(key_file, "rb") : NULL;
	if (!pp || !f) {
		fprintf(stderr, "%s: bad suite or key file\n", prog);
		exit(2);
	}
	n = fread(key, 1, 64, f);
	fclose(f);
	memset(pol, 0, sizeof(*pol));
	pp->rtp(&pol->rtp);
	pp->rtcp(&pol->rtcp);
	if (n < (size_t)pol->rtp.cipher_key_len) {
		fprintf(stderr, "%s: key file too short\n", prog);
		exit(2);
	}
	pol->ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
	pol->key = key;
	return n;
}

/* The session of @pol. */
static inline srtp_t ms_srtp_session(const char *prog,
				     const srtp_policy_t *pol)
{
	srtp_t s;

	if (srtp_init() || srtp_create(&s, pol)) {
		fprintf(stderr, "%s: libsrtp refused the policy\n", prog);
		exit(2);
	}
	return s;
}

#endif /* _MS_TOOL_H */
