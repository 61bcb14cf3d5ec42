/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A MIKEY crypto session (mikey_ticket.h) as an SDES a=crypto (sdes.h).
 */
#ifndef _MS_MIKEY_SRTP_H
#define _MS_MIKEY_SRTP_H

#include "mikey_ticket.h"
#include "sdes.h"

/*
 * Crypto session @k's SRTP policy (RFC 3830 6.10.1) as an SDES suite,
 * session parameters and KDR exponent, and its key under its SPI as MKI
 * (RFC 6043 6.1.1), into @c (tag 1).  0, or -EOPNOTSUPP / -EINVAL with
 * *@why: what the engine does not have, a session under way (ROC not 0).
 */
int mikey_sdes_crypto(const struct mikey_srtp_key *k, struct sdes_crypto *c,
		      const char **why);

/*
 * The SP parameters (RFC 3830 6.10.1) of SDES suite @suite (one of the
 * AES-CM with HMAC-SHA-1 suites mikey_sdes_crypto() takes back), into
 * @out (@cap bytes): their length, or -EOPNOTSUPP for another suite.
 */
int mikey_sp_params(uint16_t suite, uint8_t *out, size_t cap);

#endif /* _MS_MIKEY_SRTP_H */
