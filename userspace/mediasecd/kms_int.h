/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the KMS client (kms.c, kms_async.c, kms_replay.c): the client
 * itself, and the exchanges started ahead of the command that needs them
 * (kms.h: mgd_kms_start()), so that the daemon's loop does not wait on
 * the KMS.
 */
#ifndef _MGD_KMS_INT_H
#define _MGD_KMS_INT_H

#include <stdbool.h>

#include <curl/curl.h>
#include <openssl/sha.h>

#include "kms.h"
#include "mikey_initiator.h"

#define KMS_RESP_MAX	8192	/* a RESOLVE_RESP or REQUEST_RESP we take */
#define KMS_JOBS_MAX	64	/* exchanges under way at once */
#define KMS_CONNS_MAX	16	/* connections to the KMS at once */
#define KMS_SOCKS_MAX	64	/* their sockets (happy eyeballs: two each) */
#define NTP_UNIX	2208988800ULL	/* 1900 to 1970, seconds */

/**
 * struct mgd_kms_job - one exchange with the KMS, under way or done
 * @next: the client's list
 * @tag: the transaction it was started for
 * @offer: a Ticket Request (for mgd_kms_offer()), else a Ticket Resolve
 * @done: its answer is in (or it failed: @rc, @status)
 * @fp: Ticket Resolve: the SHA-256 of its TRANSFER_INIT
 * @r: Ticket Resolve: the resolver and its RESOLVE_INIT
 * @in: Ticket Request: the initiator and its REQUEST_INIT
 * @easy: its transfer (a copy of the client's settings)
 * @rc: libcurl's result
 * @status: the HTTP status
 * @over: the answer did not fit in @resp
 * @resp: the answer
 * @resp_len: its bytes
 */
struct mgd_kms_job {
	struct mgd_kms_job *next;
	uint64_t tag;
	bool offer;
	bool done;
	uint8_t fp[SHA256_DIGEST_LENGTH];
	struct mikey_resolver *r;
	struct mikey_initiator *in;
	CURL *easy;
	CURLcode rc;
	long status;
	bool over;
	uint8_t resp[KMS_RESP_MAX];
	size_t resp_len;
};

/**
 * struct mgd_kms - the KMS as mediasecd reaches it
 * @curl: the HTTP(S) client (the blocking path; the jobs' template)
 * @hdrs: our request headers
 * @name: the KMS's identity (IDRkms)
 * @id: ours (IDRr as a Responder, IDRi as an Initiator)
 * @responder: whom the tickets we request are for ("" none)
 * @psk: the key we share with the KMS
 * @psk_len: its bytes
 * @replay: TRANSFER_INITs taken (RFC 3830 5.4)
 * @resp: the answer being received (the blocking path)
 * @resp_len: its bytes
 * @resp_over: it did not fit in @resp
 * @dirfd: the state directory (the replay cache kept there), or -1
 * @off: how far its replay file has been read
 * @pending: a TRANSFER_INIT resolved by the command under way: taken
 *	into @replay if the command succeeds (mgd_kms_settle())
 * @pending_t: its T (64-bit NTP)
 * @pending_rand: its RANDRi
 * @pending_rand_len: bytes of @pending_rand
 * @multi: the jobs' transfers
 * @jobs: the exchanges started ahead
 * @njobs: how many
 * @exec_tag: the transaction executing (mgd_kms_executing())
 * @socks: the sockets libcurl wants watched, and how (CURL_POLL_*)
 * @nsocks: how many
 * @timer_at: when libcurl wants its timeout action (ms), 0 for never
 */
struct mgd_kms {
	CURL *curl;
	struct curl_slist *hdrs;
	char name[MGD_KMS_ID_MAX];
	char id[MGD_KMS_ID_MAX];
	char responder[MGD_KMS_ID_MAX];
	uint8_t psk[64];
	size_t psk_len;
	struct mikey_replay replay;
	uint8_t resp[KMS_RESP_MAX];
	size_t resp_len;
	bool resp_over;
	int dirfd;
	off_t off;
	bool pending;
	uint8_t pending_t[8];
	uint8_t pending_rand[255];
	size_t pending_rand_len;
	CURLM *multi;
	struct mgd_kms_job *jobs;
	unsigned int njobs;
	uint64_t exec_tag;
	struct {
		curl_socket_t fd;
		int what;
	} socks[KMS_SOCKS_MAX];
	unsigned int nsocks;
	uint64_t timer_at;
};

/* kms.c: an HTTP exchange's outcome as ours: 0, or -errno with *@why. */
int mgd_kms_http_result(CURLcode rc, long status, bool over,
			const char **why);
/*
 * kms.c: whether the replay cache takes TRANSFER_INIT @m now (nothing
 * added to it): 0, or the command's refusal to come (-errno).
 */
int mgd_kms_replay_ok(struct mgd_kms *k, const struct mikey_msg *m,
		      uint64_t now);
/* kms.c: our identities and PSK into a resolver. */
void mgd_kms_fill(const struct mgd_kms *k, struct mikey_resolver *r);
/* kms.c: an initiator of ours (for kms-responder), or NULL. */
struct mikey_initiator *mgd_kms_initiator(const struct mgd_kms *k);

/*
 * kms_async.c: a finished job for what the command asks: a Ticket
 * Resolve of TRANSFER_INIT @fp (any transaction's), or (@offer) a Ticket
 * Request of the transaction executing.  Taken off the list: the caller
 * frees it (mgd_kms_job_free()).  NULL if none.
 */
struct mgd_kms_job *mgd_kms_job_take(struct mgd_kms *k, bool offer,
				     const uint8_t *fp);
void mgd_kms_job_free(struct mgd_kms *k, struct mgd_kms_job *j);
/* kms_async.c: the multi handle and its callbacks; 0 or -ENOMEM. */
int mgd_kms_async_init(struct mgd_kms *k);
void mgd_kms_async_free(struct mgd_kms *k);

#endif /* _MGD_KMS_INT_H */
