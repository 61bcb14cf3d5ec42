/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A context's record, kept by mediasecd in its state directory so that a
 * restarted daemon can take the kernel's flows and keys back (docs/
 * mediasecd.md, "Restart").  The kernel holds what forwards: flows, SRTP
 * contexts, keys.  The record holds what only H.248 knows: termination
 * ids, realms, modes, media formats, events asked for, and which kernel
 * SRTP context is whose.  It never holds a key: each key is written as
 * its fingerprint, HMAC-SHA-512 under a random salt of the termination,
 * cut to the key's length; that tells a key given again from a new one
 * and nothing else.
 *
 * Text, a line each:
 *
 *   mediasecd-state 1
 *   ctx ID
 *   kctx KERNEL-ID OWNER-SERIAL rx|tx      (the plan's SRTP contexts)
 *   retire KERNEL-ID MKI DUE-MS            (replaced keys still accepted)
 *   term TID REALM SERIAL MODE FLAGS TAG RID IPSTOP AF-TH [THB]
 *   local ALEN HEX-ADDR PORT
 *   remote ALEN HEX-ADDR PORT
 *   rtcp ALEN HEX-ADDR PORT                (the remote's a=rtcp, if any)
 *   salt HEX
 *   fmts TEXT
 *   peer TAG SUITE FLAGS KDR WSH           (then its keys)
 *   own TAG SUITE FLAGS KDR WSH
 *   key MAT-LEN MKI-LEN MKI LIFETIME HEX-FINGERPRINT
 *   mikey HEX-SHA-256                      (of the TRANSFER_INIT keyed from)
 *   mikey-msg LEN HEX                      (our TRANSFER_INIT, when the
 *                                           gateway initiated: no key)
 *   msrp FLAGS TLS                         (an MSRP termination)
 *   msrp-remote ALEN HEX-ADDR PORT         (its remote, if known)
 *   end
 *
 * An MSRP termination's record holds its role and TLS mode, not its
 * remote's fingerprints nor its PSK (a key never goes into a record): its
 * relay goes on in the kernel; a new connection needs them from the MGC
 * again.
 */
#ifndef _MGD_STATE_H
#define _MGD_STATE_H

#include "mg.h"

#define MG_STATE_MAX	8192	/* bytes of a record */

/* FLAGS of a term line */
#define MG_ST_SECURE	0x01
#define MG_ST_MUX	0x02
#define MG_ST_LATCH	0x04
#define MG_ST_NO_RECV	0x08
#define MG_ST_NO_SEND	0x10
#define MG_ST_REMOTE	0x20
#define MG_ST_PEER	0x40
#define MG_ST_OWN	0x80
#define MG_ST_KEXP	0x100	/* srtp/kexp requested */
#define MG_ST_MIKEY	0x200	/* keys from a=key-mgmt (its mikey line) */
#define MG_ST_MIKEY_INIT 0x400	/* the gateway initiated (mikey_init) */

/* FLAGS of an msrp line */
#define MG_STM_TLS	0x01	/* TCP/TLS/MSRP */
#define MG_STM_ACTIVE	0x02
#define MG_STM_SETUP	0x04	/* the role was the MGC's */
#define MG_STM_EST	0x08	/* mstls/est signalled */
#define MG_STM_FAIL	0x10	/* mstls/fail asked for */
#define MG_STM_REMOTE	0x20
#define MG_STM_END	0x40	/* mstls/end asked for */
#define MG_STM_ALL	0x7f	/* every flag above: what a record may hold */

/**
 * struct mg_state - a context's record, read back
 * @ctx: context id
 * @nterm: terminations
 * @term: them, keys as fingerprints (sealed)
 * @nkctx: SRTP contexts of the plan
 * @kctx: their kernel ids
 * @owner: the serial of the termination each is of
 * @dir: its direction (enum mediasec_dir): with @owner, which one it is
 * @nretire: replaced keys still accepted
 * @retire: them
 */
struct mg_state {
	uint32_t ctx;
	unsigned int nterm;
	struct mg_term term[2];
	unsigned int nkctx;
	uint32_t kctx[MG_PLAN_CTXS];
	uint32_t owner[MG_PLAN_CTXS];
	uint8_t dir[MG_PLAN_CTXS];
	unsigned int nretire;
	struct mg_retire retire[MG_PLAN_KEYS];
};

/* Replaces @k's material by its fingerprint under @salt (MG_SALT_LEN). */
int mg_seal_key(const uint8_t *salt, struct sdes_key *k);
/* @c's record into @buf: its length, or -ENOSPC / -EIO. */
int mg_state_encode(const struct mg *g, const struct mg_ctx *c, char *buf,
		    size_t cap);
/* A record into @s: 0, or -EINVAL with *@why saying what is wrong. */
int mg_state_parse(const char *buf, size_t len, struct mg_state *s,
		   const char **why);

#endif /* _MGD_STATE_H */
