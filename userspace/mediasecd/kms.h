/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasecd and its KMS: a MIKEY-TICKET TRANSFER_INIT (RFC 6043 4.2.2)
 * resolved to the SRTP keys of its crypto sessions.  The ticket goes to
 * the KMS in a RESOLVE_INIT_PSK over HTTP(S) POST (libcurl), the KMS's
 * RESOLVE_RESP is verified, then the TRANSFER_INIT itself, whose (T,
 * RAND) the replay cache takes (RFC 3830 5.4).  Transport details TS
 * 33.328 fixes and we could not read are configuration (docs/mikey.md).
 */
#ifndef _MGD_KMS_H
#define _MGD_KMS_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "config.h"
#include "mikey_replay.h"
#include "mikey_srtp.h"
#include "mikey_ticket.h"

struct mgd_kms;

/**
 * enum mgd_kms_fail - why a resolution failed, as the MGC is told
 * @MGD_KMS_BAD_MESSAGE: the TRANSFER_INIT is not one we take (syntax,
 *	MAC, replay, outdated, a policy we cannot carry out)
 * @MGD_KMS_REFUSED: the KMS answered with an Error message (its Error no
 *	in *kms_err: RFC 6043 6.12's ticket and authorisation errors)
 * @MGD_KMS_UNREACHABLE: no answer from the KMS, or not HTTP 200
 * @MGD_KMS_BAD_ANSWER: the KMS's answer did not verify (its MAC)
 * @MGD_KMS_BUSY: the replay cache is full (RFC 3830 5.4: new messages
 *	wait until the oldest fall out of the skew)
 */
enum mgd_kms_fail {
	MGD_KMS_BAD_MESSAGE,
	MGD_KMS_REFUSED,
	MGD_KMS_UNREACHABLE,
	MGD_KMS_BAD_ANSWER,
	MGD_KMS_BUSY,
};

/*
 * The KMS of configuration @c (kms, kms-id, kms-psk-file, kms-ca,
 * kms-name, kms-timeout-ms), its replay cache kept in state directory
 * @dirfd (-1: none), of which mediasecd is the @owner (the CLI is not).  NULL with @err set if the PSK file cannot be read,
 * is readable by others, or is not 16 to 64 bytes in hex.
 */
struct mgd_kms *mgd_kms_new(const struct mgd_config *c, int dirfd,
			    bool owner, char *err, size_t errlen);
/* Frees @k, its PSK wiped. */
void mgd_kms_free(struct mgd_kms *k);

/*
 * TRANSFER_INIT @ti (@len bytes) resolved at @now (Unix seconds) into
 * @res (its keys, and the TRANSFER_RESP if its ticket asks for one: RFC
 * 6043 4.2.2.2).  Returns how many keys, or -errno with *@fail, *@kms_err
 * (MGD_KMS_REFUSED) and *@why set.  Blocks for kms-timeout-ms at most.
 */
int mgd_kms_resolve(struct mgd_kms *k, const uint8_t *ti, size_t len,
		    uint64_t now, struct mikey_result *res,
		    enum mgd_kms_fail *fail, int *kms_err, const char **why);

/*
 * As the Initiator (RFC 6043 4.2.1, 4.2.2.1), for a leg the gateway
 * originates: a ticket requested for kms-responder, and the TRANSFER_INIT
 * that carries it into @res->resp, with two SRTP crypto sessions under
 * SDES suite @suite, whose keys go into @res->keys: the first is the
 * gateway's stream, the second the Responder's (docs/mikey.md).  Returns
 * 2, or -errno with *@fail, *@kms_err and *@why set (-EOPNOTSUPP: no
 * kms-responder, or a suite MIKEY's SP cannot name).  Blocks for
 * kms-timeout-ms at most.
 */
int mgd_kms_offer(struct mgd_kms *k, uint16_t suite, uint64_t now,
		  struct mikey_result *res, enum mgd_kms_fail *fail,
		  int *kms_err, const char **why);

/*
 * The command that resolved a TRANSFER_INIT ended: taken (@taken), its
 * (T, RAND) goes into the replay cache (and the state directory); not
 * taken, it may come again.  @now: Unix seconds.
 */
void mgd_kms_settle(struct mgd_kms *k, bool taken, uint64_t now);

/*
 * kms_replay.c: the replay cache in the state directory.  load: the file
 * read (and, by its @owner, mediasecd, written again with what is still
 * within the skew), *@off where reading stopped; catch_up: the lines
 * others appended since *@off; save: the newest entry appended.  @now is
 * 64-bit NTP.  0 or -errno.
 */
int mgd_kms_replay_load(struct mikey_replay *c, int dirfd, uint64_t now,
			bool owner, off_t *off);
int mgd_kms_replay_catch_up(struct mikey_replay *c, int dirfd, uint64_t now,
			    off_t *off);
int mgd_kms_replay_save(const struct mikey_replay *c, int dirfd, off_t *off);

/*
 * mgd_kms_resolve() as a command is answered (mg_ops.kms_resolve): on
 * failure *@code is the H.248 error (docs/mikey.md: 449 for a message or
 * ticket not taken, 500 for a KMS out of reach or not verified) and
 * *@why its text, also logged.
 */
int mgd_kms_h248(struct mgd_kms *k, const uint8_t *ti, size_t len,
		 uint64_t now, struct mikey_result *res, unsigned int *code,
		 const char **why);
/*
 * kms_async.c: exchanges started ahead of the command that needs them, for
 * transaction @tag (not 0), so that the daemon's loop does not wait on the
 * KMS: a Ticket Resolve of TRANSFER_INIT @ti (@len bytes), a Ticket
 * Request (for a Local's a=key-mgmt:mikey $), at @now (Unix seconds, for
 * MIKEY's timestamps and the replay cache).  1 when started, 0 when not
 * (the command then blocks as it would have: too many under way, no
 * kms-responder, one for the same message under way), -errno.  A message
 * that does not parse starts nothing (the command refuses it).
 */
int mgd_kms_start_resolve(struct mgd_kms *k, const uint8_t *ti, size_t len,
			  uint64_t tag, uint64_t now);
int mgd_kms_start_offer(struct mgd_kms *k, uint64_t tag, uint64_t now);
/* Whether an exchange of transaction @tag is still under way. */
bool mgd_kms_waiting(const struct mgd_kms *k, uint64_t tag);
/*
 * Transaction @tag executes now (0: one started nothing ahead): its
 * Ticket Requests are the ones mgd_kms_offer() takes.
 */
void mgd_kms_executing(struct mgd_kms *k, uint64_t tag);
/* Transaction @tag executed: what it did not take is dropped (wiped). */
void mgd_kms_forget(struct mgd_kms *k, uint64_t tag);
/*
 * The daemon's loop: the sockets the exchanges wait on into @p (at most
 * @max), *@next lowered to libcurl's next timeout (ms, the daemon's
 * monotonic clock); then, after poll(), their events run.
 */
unsigned int mgd_kms_poll(struct mgd_kms *k, struct pollfd *p,
			  unsigned int max, uint64_t *next);
void mgd_kms_run(struct mgd_kms *k, const struct pollfd *p, unsigned int n,
		 uint64_t now);

/*
 * mgd_kms_offer() as a command is answered (mg_ops.kms_offer): 501 when
 * the gateway cannot initiate (no kms-responder, no suite for it), 500
 * when the KMS is out of reach, refuses or does not verify.
 */
int mgd_kms_offer_h248(struct mgd_kms *k, uint16_t suite, uint64_t now,
		       struct mikey_result *res, unsigned int *code,
		       const char **why);
/* The name RFC 3830 6.12 (or RFC 6043 6.12) gives Error no @no. */
const char *mgd_kms_err_name(int no);

#endif /* _MGD_KMS_H */
