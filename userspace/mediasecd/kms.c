// SPDX-License-Identifier: GPL-2.0
/*
 * The KMS client of mediasecd (kms.h): one libcurl easy handle, kept so
 * that its connection (and TLS session) to the KMS is reused, and the
 * responder's replay cache.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "kms_int.h"
#include "mg.h"
#include "mikey_crypto.h"
#include "mikey_initiator.h"
#include "mikey_replay.h"
#include "log.h"

#define KMS_REPLAY_CAP	65536	/* TRANSFER_INITs within the skew */

void mgd_kms_settle(struct mgd_kms *k, bool taken, uint64_t now)
{
	if (!k || !k->pending)
		return;
	k->pending = false;
	if (!taken)
		return;
	/* checked when resolved, and nothing else was taken since */
	if (mikey_replay_add(&k->replay, k->pending_t, k->pending_rand,
			     k->pending_rand_len, (now + NTP_UNIX) << 32))
		mgd_log(LOG_ERR, "a TRANSFER_INIT taken but not "
			"remembered: the replay cache is full");
	else if (mgd_kms_replay_save(&k->replay, k->dirfd, &k->off))
		mgd_log(LOG_ERR, "the replay cache could not be "
			"written to the state directory: a restart forgets "
			"this TRANSFER_INIT");
}

const char *mgd_kms_err_name(int no)
{
	/* RFC 3830 6.12 Table 6.12.a, RFC 6043 6.12 (14, 15) */
	static const char *const names[] = {
		"Auth failure", "Invalid TS", "Invalid PRF", "Invalid MAC",
		"Invalid EA", "Invalid HA", "Invalid DH", "Invalid ID",
		"Invalid Cert", "Invalid SP", "Invalid SPpar", "Invalid DT",
		"Unspecified error", "Unsupported message type",
		"Invalid Ticket", "Invalid TPpar",
	};

	return no >= 0 && no < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[no] : "an Error no RFC 3830 and 6043 do not define";
}

/*
 * The PSK file: hex digits, white space around them ignored; readable by
 * its owner alone (it is a key).
 */
static int read_psk(struct mgd_kms *k, const char *path, char *err,
		    size_t errlen)
{
	char text[512], *p;
	struct stat st;
	size_t n, i;
	FILE *f;
	int ret = -EINVAL;

	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	if (fstat(fileno(f), &st) || (st.st_mode & 077)) {
		fclose(f);
		snprintf(err, errlen, "%s: readable by others than its owner "
			 "(chmod 600)", path);
		return -EPERM;
	}
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (n == sizeof(text)) {
		snprintf(err, errlen, "%s: not 16 to 64 bytes in hex", path);
		goto out;
	}
	text[n] = '\0';
	p = text + strspn(text, " \t\r\n");
	n = strspn(p, "0123456789abcdefABCDEF");
	if (n % 2 || n < 32 || n > 128 || strspn(p + n, " \t\r\n") !=
	    strlen(p + n)) {
		snprintf(err, errlen, "%s: not 16 to 64 bytes in hex", path);
		goto out;
	}
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		sscanf(p + 2 * i, "%2x", &b);
		k->psk[i] = (uint8_t)b;
	}
	k->psk_len = n / 2;
	ret = 0;
out:
	OPENSSL_cleanse(text, sizeof(text));
	return ret;
}

/* The KMS's identity by default: the host of its URL, as libcurl reads it. */
static int url_host(const char *url, char *out, size_t n)
{
	CURLU *u = curl_url();
	char *host = NULL;
	int ret = -EINVAL;

	if (u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0) &&
	    strlen(host) < n) {
		strcpy(out, host);
		ret = 0;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return ret;
}

static size_t take_body(char *p, size_t size, size_t n, void *arg)
{
	struct mgd_kms *k = arg;

	n *= size;
	if (n > sizeof(k->resp) - k->resp_len) {
		k->resp_over = true;
		return 0;			/* ends the transfer */
	}
	memcpy(k->resp + k->resp_len, p, n);
	k->resp_len += n;
	return n;
}

struct mgd_kms *mgd_kms_new(const struct mgd_config *c, int dirfd,
			    bool owner, char *err, size_t errlen)
{
	struct mgd_kms *k;
	int ret;

	k = calloc(1, sizeof(*k));
	if (!k) {
		snprintf(err, errlen, "no memory");
		return NULL;
	}
	k->dirfd = dirfd;
	if (read_psk(k, c->kms_psk_file, err, errlen))
		goto free_kms;
	if (mikey_replay_init(&k->replay, KMS_REPLAY_CAP, MIKEY_REPLAY_SKEW)) {
		snprintf(err, errlen, "no memory");
		goto wipe_psk;
	}
	if (dirfd >= 0) {
		ret = mgd_kms_replay_load(&k->replay, dirfd,
					  ((uint64_t)time(NULL) + NTP_UNIX) << 32,
					  owner, &k->off);
		if (ret < 0) {
			snprintf(err, errlen, "the replay cache in the state "
				 "directory: %s", strerror(-ret));
			goto free_replay;
		}
	}
	snprintf(k->id, sizeof(k->id), "%s", c->kms_id);
	snprintf(k->responder, sizeof(k->responder), "%s", c->kms_responder);
	if (c->kms_name[0]) {
		snprintf(k->name, sizeof(k->name), "%s", c->kms_name);
	} else if (url_host(c->kms_url, k->name, sizeof(k->name))) {
		snprintf(err, errlen, "no host in %s: give kms-name",
			 c->kms_url);
		goto free_replay;
	}
	k->curl = curl_easy_init();
	k->hdrs = curl_slist_append(NULL, "Content-Type: application/mikey");
	if (!k->curl || !k->hdrs) {
		snprintf(err, errlen, "libcurl did not start");
		goto free_curl;
	}
	/*
	 * No redirect, no proxy from the environment, HTTP(S) only; with
	 * kms-ca, its CAs alone (not also the system's directory).
	 */
	if (curl_easy_setopt(k->curl, CURLOPT_URL, c->kms_url) ||
	    curl_easy_setopt(k->curl, CURLOPT_HTTPHEADER, k->hdrs) ||
	    curl_easy_setopt(k->curl, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(k->curl, CURLOPT_FOLLOWLOCATION, 0L) ||
	    curl_easy_setopt(k->curl, CURLOPT_PROXY, "") ||
	    curl_easy_setopt(k->curl, CURLOPT_NOPROXY, "*") ||
	    curl_easy_setopt(k->curl, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(k->curl, CURLOPT_TIMEOUT_MS,
			     (long)c->kms_timeout_ms) ||
	    curl_easy_setopt(k->curl, CURLOPT_WRITEFUNCTION, take_body) ||
	    curl_easy_setopt(k->curl, CURLOPT_WRITEDATA, k) ||
	    (c->kms_ca[0] &&
	     (curl_easy_setopt(k->curl, CURLOPT_CAINFO, c->kms_ca) ||
	      curl_easy_setopt(k->curl, CURLOPT_CAPATH, NULL)))) {
		snprintf(err, errlen, "libcurl refused the KMS settings");
		goto free_curl;
	}
	if (mgd_kms_async_init(k)) {
		snprintf(err, errlen, "no memory");
		goto free_curl;
	}
	return k;
free_curl:
	curl_slist_free_all(k->hdrs);
	curl_easy_cleanup(k->curl);
free_replay:
	mikey_replay_free(&k->replay);
wipe_psk:
	OPENSSL_cleanse(k->psk, sizeof(k->psk));
free_kms:
	free(k);
	return NULL;
}

void mgd_kms_free(struct mgd_kms *k)
{
	if (!k)
		return;
	mgd_kms_async_free(k);
	curl_slist_free_all(k->hdrs);
	curl_easy_cleanup(k->curl);
	mikey_replay_free(&k->replay);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

int mgd_kms_http_result(CURLcode rc, long status, bool over,
			const char **why)
{
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return *why = "the KMS did not answer in time", -ETIMEDOUT;
	if (over)
		return *why = "the KMS's answer is too long", -EMSGSIZE;
	if (rc != CURLE_OK) {
		*why = curl_easy_strerror(rc);	/* static text */
		return -ECONNREFUSED;
	}
	if (status != 200)
		return *why = "the KMS answered with an HTTP error", -EPROTO;
	return 0;
}

void mgd_kms_fill(const struct mgd_kms *k, struct mikey_resolver *r)
{
	r->id = (const uint8_t *)k->id;
	r->id_len = strlen(k->id);
	r->psk = k->psk;
	r->psk_len = k->psk_len;
	r->kms = (const uint8_t *)k->name;
	r->kms_len = strlen(k->name);
}

/*
 * POSTs MIKEY message @req (@len bytes), blocking for kms-timeout-ms at
 * most (no exchange was started ahead: kms_async.c); the answer in
 * @k->resp.  0 or -errno.
 */
static int post(struct mgd_kms *k, const uint8_t *req, size_t len,
		const char **why)
{
	long status = 0;
	CURLcode rc;

	k->resp_len = 0;
	k->resp_over = false;
	if (curl_easy_setopt(k->curl, CURLOPT_POSTFIELDS, req) ||
	    curl_easy_setopt(k->curl, CURLOPT_POSTFIELDSIZE, (long)len))
		return *why = "libcurl refused the request", -EIO;
	rc = curl_easy_perform(k->curl);
	/* the request is freed after: the handle keeps no pointer to it */
	curl_easy_setopt(k->curl, CURLOPT_POSTFIELDS, NULL);
	curl_easy_getinfo(k->curl, CURLINFO_RESPONSE_CODE, &status);
	return mgd_kms_http_result(rc, status, k->resp_over, why);
}

/*
 * TRANSFER_INIT @m against the replay cache (RFC 3830 5.4), what the CLI
 * (or a daemon before) appended taken in first, nothing added: its T into
 * @t64 and its RANDRi into *@rand.  0, or -errno with *@why: -EINVAL not
 * a TRANSFER_INIT with an NTP T and a RANDRi, -ETIME outdated, -EALREADY
 * replayed, -EBUSY the cache full, -EIO the state directory unreadable.
 */
static int replay_check(struct mgd_kms *k, const struct mikey_msg *m,
			uint64_t now, uint8_t *t64,
			const struct mikey_pl **rand, const char **why)
{
	uint64_t ntp = (now + NTP_UNIX) << 32;
	const struct mikey_pl *t;
	int ret;

	if (m->hdr.data_type != MIKEY_DT_TRANSFER_INIT)
		return *why = "not a TRANSFER_INIT", -EINVAL;
	t = mikey_find(&m->chain, MIKEY_PT_T, 0);
	*rand = mikey_find(&m->chain, MIKEY_PT_RANDR, MIKEY_ROLE_I);
	if (!t || !*rand || mikey_t64(t, t64))
		return *why = "TRANSFER_INIT without an NTP T or RANDRi",
		       -EINVAL;
	if (k->dirfd >= 0 &&
	    mgd_kms_replay_catch_up(&k->replay, k->dirfd, ntp, &k->off))
		return *why = "the replay cache could not be read", -EIO;
	ret = mikey_replay_check(&k->replay, t64, (*rand)->data.p,
				 (*rand)->data.len, ntp);
	if (ret)
		*why = ret == -ETIME ? "TRANSFER_INIT outdated" :
		       ret == -EALREADY ? "TRANSFER_INIT replayed" :
		       ret == -EBUSY ? "too many TRANSFER_INITs within the "
				       "clock skew" : "replay cache failed";
	return ret;
}

int mgd_kms_replay_ok(struct mgd_kms *k, const struct mikey_msg *m,
		      uint64_t now)
{
	const struct mikey_pl *rand;
	const char *why;
	uint8_t t64[8];

	return replay_check(k, m, now, t64, &rand, &why);
}

int mgd_kms_resolve(struct mgd_kms *k, const uint8_t *ti, size_t len,
		    uint64_t now, struct mikey_result *res,
		    enum mgd_kms_fail *fail, int *kms_err, const char **why)
{
	const struct mikey_pl *rand;
	uint64_t ntp = (now + NTP_UNIX) << 32;
	uint8_t t64[8], fp[SHA256_DIGEST_LENGTH];
	struct mikey_resolver *r = NULL;
	struct mgd_kms_job *job;
	struct mikey_msg msg;
	bool answered;
	int ret;

	*fail = MGD_KMS_BAD_MESSAGE;
	*kms_err = -1;
	ret = mikey_parse(ti, len, &msg, why);
	if (ret)
		return ret;
	/* one resolution per command: each could take kms-timeout-ms */
	if (k->pending && msg.hdr.data_type == MIKEY_DT_TRANSFER_INIT)
		return *why = "one a=key-mgmt resolution per command",
		       -EALREADY;
	ret = replay_check(k, &msg, now, t64, &rand, why);
	if (ret) {
		if (ret == -EBUSY || ret == -EIO)
			*fail = MGD_KMS_BUSY;
		return ret;
	}
	/* exchanged ahead (kms_async.c), or now, blocking */
	SHA256(ti, len, fp);
	job = mgd_kms_job_take(k, false, fp);
	if (job) {
		r = job->r;
		job->r = NULL;
		ret = mgd_kms_http_result(job->rc, job->status, job->over,
					  why);
		answered = !ret;
		if (answered)
			ret = mikey_resolve_resp(r, job->resp, job->resp_len,
						 kms_err, why);
		mgd_kms_job_free(k, job);
	} else {
		r = calloc(1, sizeof(*r));
		if (!r)
			return *why = "no memory", -ENOMEM;
		mgd_kms_fill(k, r);
		ret = mikey_resolve_init(r, &msg, ntp, why);
		if (ret)
			goto out;
		ret = post(k, r->req, r->req_len, why);
		answered = !ret;
		if (answered)
			ret = mikey_resolve_resp(r, k->resp, k->resp_len,
						 kms_err, why);
		OPENSSL_cleanse(k->resp, sizeof(k->resp));
	}
	if (ret) {
		*fail = !answered ? MGD_KMS_UNREACHABLE : ret == -EPROTO ?
			MGD_KMS_REFUSED : MGD_KMS_BAD_ANSWER;
		goto out;
	}
	*fail = MGD_KMS_BAD_MESSAGE;
	res->nkeys = 0;
	res->resp_len = 0;
	if (res->want_psk)
		ret = mikey_transfer_psk(r, &msg, res->psk, sizeof(res->psk),
					 res->psk_id, sizeof(res->psk_id),
					 why) ?: 1;
	else
		ret = mikey_transfer_keys(r, &msg, res->keys, MIKEY_MAX_CS,
					  why);
	/* RFC 6043 4.2.2.2: the F flag asks for a TRANSFER_RESP */
	if (ret > 0 && mikey_wants_resp(&msg)) {
		int n = mikey_transfer_resp(r, &msg, ntp, res->resp,
					    sizeof(res->resp), why);

		if (n < 0) {
			OPENSSL_cleanse(res->keys, sizeof(res->keys));
			OPENSSL_cleanse(res->psk, sizeof(res->psk));
			ret = n;
		} else {
			res->resp_len = (size_t)n;
		}
	}
	if (ret > 0) {
		/* remembered once the command succeeds (settle) */
		res->nkeys = res->want_psk ? 0 : (unsigned int)ret;
		memcpy(k->pending_t, t64, sizeof(t64));
		memcpy(k->pending_rand, rand->data.p, rand->data.len);
		k->pending_rand_len = rand->data.len;
		k->pending = true;
	}
out:
	mikey_resolver_wipe(r);
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
	return ret;
}

struct mikey_initiator *mgd_kms_initiator(const struct mgd_kms *k)
{
	struct mikey_initiator *in = calloc(1, sizeof(*in));

	if (!in)
		return NULL;
	mgd_kms_fill(k, &in->k);
	in->responder = (const uint8_t *)k->responder;
	in->responder_len = strlen(k->responder);
	return in;
}

int mgd_kms_offer(struct mgd_kms *k, uint16_t suite, uint64_t now,
		  struct mikey_result *res, enum mgd_kms_fail *fail,
		  int *kms_err, const char **why)
{
	uint64_t ntp = (now + NTP_UNIX) << 32;
	struct mikey_initiator *in;
	struct mgd_kms_job *job;
	bool answered;
	uint8_t sp[32];
	int ret, n;

	*fail = MGD_KMS_BAD_MESSAGE;
	*kms_err = -1;
	if (!k->responder[0])
		return *why = "no kms-responder configured", -EOPNOTSUPP;
	n = mikey_sp_params(suite, sp, sizeof(sp));
	if (n < 0)
		return *why = "the realm allows no suite a MIKEY SP can name "
			      "(AES-CM with HMAC-SHA-1)", n;
	/* requested ahead (kms_async.c), or now, blocking */
	job = mgd_kms_job_take(k, true, NULL);
	if (job) {
		in = job->in;
		job->in = NULL;
		ret = mgd_kms_http_result(job->rc, job->status, job->over,
					  why);
		answered = !ret;
		if (answered)
			ret = mikey_request_resp(in, job->resp, job->resp_len,
						 kms_err, why);
		mgd_kms_job_free(k, job);
	} else {
		in = mgd_kms_initiator(k);
		if (!in)
			return *why = "no memory", -ENOMEM;
		ret = mikey_request_init(in, ntp, why);
		if (ret)
			goto out;
		ret = post(k, in->req, in->req_len, why);
		answered = !ret;
		if (answered)
			ret = mikey_request_resp(in, k->resp, k->resp_len,
						 kms_err, why);
		OPENSSL_cleanse(k->resp, sizeof(k->resp));
	}
	if (ret) {
		*fail = !answered ? MGD_KMS_UNREACHABLE : ret == -EPROTO ?
			MGD_KMS_REFUSED : MGD_KMS_BAD_ANSWER;
		goto out;
	}
	/* two sessions: ours first (we initiate: docs/mikey.md), then the UE's */
	ret = mikey_transfer_init(in, 2, sp, (uint16_t)n, ntp, res->resp,
				  sizeof(res->resp), res->keys, why);
	if (ret < 0) {
		*fail = MGD_KMS_BAD_ANSWER;
		goto out;
	}
	res->resp_len = (size_t)ret;
	res->nkeys = 2;
	ret = 2;
out:
	mikey_initiator_wipe(in);
	OPENSSL_cleanse(in, sizeof(*in));
	free(in);
	return ret;
}

/*
 * docs/mikey.md: what the MGC is told.  449: the value of the Remote's
 * a=key-mgmt is not one the gateway can take (the message, or the ticket
 * as the KMS judged it); 500: the gateway could not do its part (the KMS
 * out of reach, an answer that does not verify); 510: the replay cache is
 * full.
 */
static unsigned int h248_code(enum mgd_kms_fail fail)
{
	return fail == MGD_KMS_UNREACHABLE || fail == MGD_KMS_BAD_ANSWER ?
	       MG_ERR_INTERNAL : fail == MGD_KMS_BUSY ? MG_ERR_NO_RESOURCES :
	       MG_ERR_UNSUPPORTED;
}

/* The KMS's Error no in words, for the MGC and the log. */
static const char *refused(int kms_err)
{
	static char text[128];		/* the daemon has one thread */

	snprintf(text, sizeof(text), "the KMS refused: %s (Error no %d)",
		 mgd_kms_err_name(kms_err), kms_err);
	return text;
}

int mgd_kms_offer_h248(struct mgd_kms *k, uint16_t suite, uint64_t now,
		       struct mikey_result *res, unsigned int *code,
		       const char **why)
{
	enum mgd_kms_fail fail;
	int ret, kms_err;

	ret = mgd_kms_offer(k, suite, now, res, &fail, &kms_err, why);
	if (ret >= 0)
		return ret;
	/* a KMS that refuses the gateway's own request: the gateway's fault */
	*code = fail == MGD_KMS_BAD_MESSAGE ? MG_ERR_NOT_IMPL :
		MG_ERR_INTERNAL;
	if (fail == MGD_KMS_REFUSED)
		*why = refused(kms_err);
	mgd_log(LOG_ERR, "no ticket for a=key-mgmt:mikey $: %s",
		*why);
	return ret;
}

int mgd_kms_h248(struct mgd_kms *k, const uint8_t *ti, size_t len,
		 uint64_t now, struct mikey_result *res, unsigned int *code,
		 const char **why)
{
	enum mgd_kms_fail fail;
	int ret, kms_err;

	ret = mgd_kms_resolve(k, ti, len, now, res, &fail, &kms_err, why);
	if (ret >= 0)
		return ret;
	*code = h248_code(fail);
	if (fail == MGD_KMS_REFUSED)
		*why = refused(kms_err);
	mgd_log(LOG_ERR, "a TRANSFER_INIT not resolved: %s",
		*why);
	return ret;
}
