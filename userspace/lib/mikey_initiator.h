/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Initiator of MIKEY-TICKET (RFC 6043 4.2.1, 4.2.2) with a pre-shared
 * key with its KMS, for a leg the gateway originates: the
 * REQUEST_INIT_PSK that asks the KMS for a ticket; from the KMS's
 * REQUEST_RESP, the ticket, MPKi and the TGKs; with them, the
 * TRANSFER_INIT that carries the ticket to the Responder, and the SRTP
 * master keys and salts of its crypto sessions (RFC 6043 5.1.3), the same
 * ones the Responder derives once the KMS resolved the ticket for it.
 * The transport to the KMS is the caller's.  mikey_initiator_wipe()
 * clears the keys.
 */
#ifndef _MS_MIKEY_INITIATOR_H
#define _MS_MIKEY_INITIATOR_H

#include "mikey_ticket.h"

/**
 * struct mikey_initiator - one ticket requested and transferred
 * @k: the keys: @k.id (IDRi), @k.psk and @k.kms set by the caller as for
 *	a resolver; mikey_request_resp() fills MPKi, the TGKs and (in
 *	@k.req) the TICKET granted, as mikey_transfer_keys() needs them
 * @responder: the identity the ticket is for (IDRr in the TP; RFC 6043
 *	6.10: one Responder or a group of them)
 * @responder_len: its bytes
 * @want_resp: ask for a TRANSFER_RESP (the F flag)
 * @csb_id: the crypto session bundle (RFC 3830: random)
 * @randri: the RANDRi of the REQUEST_INIT
 * @flags: the granted Ticket Policy's flags (mikey_pl.flags)
 * @req: our REQUEST_INIT_PSK (the REQUEST_RESP's MAC covers it)
 * @req_len: its bytes
 */
struct mikey_initiator {
	struct mikey_resolver k;
	const uint8_t *responder;
	size_t responder_len;
	bool want_resp;
	uint32_t csb_id;
	uint8_t randri[16];
	uint16_t flags;
	uint8_t req[MIKEY_REQ_MAX];
	size_t req_len;
};

/*
 * The REQUEST_INIT_PSK (RFC 6043 4.2.1.1, 4.2.1.2), stamped @ntp_now,
 * into @in->req.  0, or -errno with *@why.
 */
int mikey_request_init(struct mikey_initiator *in, uint64_t ntp_now,
		       const char **why);
/*
 * The KMS's REQUEST_RESP (RFC 6043 4.2.1.5, 4.2.1.6): its MAC checked,
 * its KEMAC opened, the granted policy checked (what the Responder will
 * refuse is refused here: no RANDRi in the keys, a RANDRr, key forking).
 * -EBADMSG for a MAC that does not match, -EPROTO for an Error message
 * (*@err its first Error no), -EINVAL or -EOPNOTSUPP otherwise.
 */
int mikey_request_resp(struct mikey_initiator *in, const uint8_t *buf,
		       size_t len, int *err, const char **why);
/*
 * The TRANSFER_INIT (RFC 6043 4.2.2.1) with @ncs SRTP crypto sessions,
 * CS IDs 1 to @ncs, each under the SP of parameters @sp (@sp_len bytes;
 * RFC 3830 6.10.1) and a TGK (by SPI, in turn), with no Session Data (the
 * SSRCs are not the gateway's to choose: RFC 6043 6.1.1 lets the initial
 * message leave them out), stamped @ntp_now, into @out (@cap bytes); the
 * crypto sessions' SRTP keys into @keys (@ncs of them).  Its length, or
 * -errno with *@why.
 */
int mikey_transfer_init(struct mikey_initiator *in, unsigned int ncs,
			const uint8_t *sp, uint16_t sp_len, uint64_t ntp_now,
			uint8_t *out, size_t cap, struct mikey_srtp_key *keys,
			const char **why);
void mikey_initiator_wipe(struct mikey_initiator *in);

#endif /* _MS_MIKEY_INITIATOR_H */
