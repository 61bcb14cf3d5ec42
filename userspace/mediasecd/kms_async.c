// SPDX-License-Identifier: GPL-2.0
/*
 * The KMS's exchanges started ahead of the commands that need them (kms.h:
 * mgd_kms_start()), on libcurl's multi interface driven by the daemon's
 * poll loop (its socket and timer callbacks: no descriptor limit, no
 * thread), so that a transaction waits for the KMS while the daemon
 * serves the others.  A finished exchange waits for its command, which
 * takes it (mgd_kms_job_take()) where it would otherwise have blocked.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "kms_int.h"

/* The daemon's clock (mgd_now_ms()): monotonic, in ms. */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static size_t take_body(char *p, size_t size, size_t n, void *arg)
{
	struct mgd_kms_job *j = arg;

	n *= size;
	if (n > sizeof(j->resp) - j->resp_len) {
		j->over = true;
		return 0;			/* ends the transfer */
	}
	memcpy(j->resp + j->resp_len, p, n);
	j->resp_len += n;
	return n;
}

/* libcurl: watch @fd for @what (CURL_POLL_*), or no more (REMOVE). */
static int on_socket(CURL *easy, curl_socket_t fd, int what, void *arg,
		     void *sockp)
{
	struct mgd_kms *k = arg;
	unsigned int i;

	(void)easy;
	(void)sockp;
	for (i = 0; i < k->nsocks && k->socks[i].fd != fd; i++)
		;
	if (what == CURL_POLL_REMOVE) {
		if (i < k->nsocks)
			k->socks[i] = k->socks[--k->nsocks];
		return 0;
	}
	if (i == k->nsocks) {
		/*
		 * Never -1: libcurl would then fail every transfer of the
		 * handle from now on.  Not watched, the transfer ends by
		 * its timeout (the timer still fires); the connections are
		 * bounded well below this (KMS_CONNS_MAX).
		 */
		if (k->nsocks == KMS_SOCKS_MAX)
			return 0;
		k->nsocks++;
	}
	k->socks[i].fd = fd;
	k->socks[i].what = what;
	return 0;
}

/* libcurl: its timeout action due in @ms (-1: none). */
static int on_timer(CURLM *multi, long ms, void *arg)
{
	struct mgd_kms *k = arg;

	(void)multi;
	k->timer_at = ms < 0 ? 0 : mono_ms() + (uint64_t)ms;
	return 0;
}

int mgd_kms_async_init(struct mgd_kms *k)
{
	k->multi = curl_multi_init();
	if (!k->multi ||
	    curl_multi_setopt(k->multi, CURLMOPT_SOCKETFUNCTION, on_socket) ||
	    curl_multi_setopt(k->multi, CURLMOPT_SOCKETDATA, k) ||
	    curl_multi_setopt(k->multi, CURLMOPT_TIMERFUNCTION, on_timer) ||
	    curl_multi_setopt(k->multi, CURLMOPT_TIMERDATA, k) ||
	    /* more wait in libcurl's queue: each socket is one of ours */
	    curl_multi_setopt(k->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			      (long)KMS_CONNS_MAX)) {
		curl_multi_cleanup(k->multi);
		k->multi = NULL;
		return -ENOMEM;
	}
	return 0;
}

void mgd_kms_job_free(struct mgd_kms *k, struct mgd_kms_job *j)
{
	if (j->easy) {
		curl_multi_remove_handle(k->multi, j->easy);
		curl_easy_cleanup(j->easy);
	}
	if (j->r) {
		mikey_resolver_wipe(j->r);
		OPENSSL_cleanse(j->r, sizeof(*j->r));
		free(j->r);
	}
	if (j->in) {
		mikey_initiator_wipe(j->in);
		OPENSSL_cleanse(j->in, sizeof(*j->in));
		free(j->in);
	}
	OPENSSL_cleanse(j, sizeof(*j));
	free(j);
	k->njobs--;
}

void mgd_kms_async_free(struct mgd_kms *k)
{
	while (k->jobs) {
		struct mgd_kms_job *j = k->jobs;

		k->jobs = j->next;
		mgd_kms_job_free(k, j);
	}
	curl_multi_cleanup(k->multi);
	k->multi = NULL;
}

/* Job @j's request (@req, @len bytes) on its way, @j on the list. */
static int launch(struct mgd_kms *k, struct mgd_kms_job *j,
		  const uint8_t *req, size_t len)
{
	/* the client's settings: URL, CAs, no redirect or proxy, timeout */
	j->easy = curl_easy_duphandle(k->curl);
	if (!j->easy ||
	    curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, take_body) ||
	    curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, j) ||
	    curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j) ||
	    curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE, (long)len) ||
	    curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, req) ||
	    curl_multi_add_handle(k->multi, j->easy)) {
		if (j->easy)
			curl_easy_cleanup(j->easy);
		j->easy = NULL;
		return -ENOMEM;
	}
	j->next = k->jobs;
	k->jobs = j;
	return 0;
}

int mgd_kms_start_resolve(struct mgd_kms *k, const uint8_t *ti, size_t len,
			  uint64_t tag, uint64_t now)
{
	uint8_t fp[SHA256_DIGEST_LENGTH];
	struct mgd_kms_job *j;
	struct mikey_msg *m;
	const char *why;
	int ret;

	if (!k || k->njobs >= KMS_JOBS_MAX)
		return 0;	/* the command blocks, as it would have */
	SHA256(ti, len, fp);
	for (j = k->jobs; j; j = j->next)
		if (!j->offer && !memcmp(j->fp, fp, sizeof(fp)))
			return 0;
	j = calloc(1, sizeof(*j));
	m = calloc(1, sizeof(*m));
	if (j)
		j->r = calloc(1, sizeof(*j->r));
	if (!j || !m || !j->r) {
		free(m);
		if (j)
			free(j->r);
		free(j);
		return -ENOMEM;
	}
	k->njobs++;
	j->tag = tag;
	memcpy(j->fp, fp, sizeof(fp));
	mgd_kms_fill(k, j->r);
	/*
	 * A message that does not parse, or that the replay cache refuses
	 * now (not taken into it: the command judges again, in order), is
	 * the command's to refuse, with its reason: the KMS is not asked.
	 */
	ret = mikey_parse(ti, len, m, &why) ?:
	      mgd_kms_replay_ok(k, m, now) ?:
	      mikey_resolve_init(j->r, m, (now + NTP_UNIX) << 32, &why) ?:
	      launch(k, j, j->r->req, j->r->req_len);
	OPENSSL_cleanse(m, sizeof(*m));
	free(m);
	if (ret) {
		mgd_kms_job_free(k, j);
		return ret;
	}
	return 1;
}

int mgd_kms_start_offer(struct mgd_kms *k, uint64_t tag, uint64_t now)
{
	struct mgd_kms_job *j;
	const char *why;
	int ret;

	if (!k || k->njobs >= KMS_JOBS_MAX || !k->responder[0])
		return 0;	/* the command blocks, or says why */
	j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	k->njobs++;
	j->tag = tag;
	j->offer = true;
	j->in = mgd_kms_initiator(k);
	ret = !j->in ? -ENOMEM :
	      mikey_request_init(j->in, (now + NTP_UNIX) << 32, &why) ?:
	      launch(k, j, j->in->req, j->in->req_len);
	if (ret) {
		mgd_kms_job_free(k, j);
		return ret;
	}
	return 1;
}

bool mgd_kms_waiting(const struct mgd_kms *k, uint64_t tag)
{
	const struct mgd_kms_job *j;

	for (j = k ? k->jobs : NULL; j; j = j->next)
		if (j->tag == tag && !j->done)
			return true;
	return false;
}

void mgd_kms_executing(struct mgd_kms *k, uint64_t tag)
{
	if (k)
		k->exec_tag = tag;
}

void mgd_kms_forget(struct mgd_kms *k, uint64_t tag)
{
	struct mgd_kms_job **pp, *j;

	if (!k)
		return;
	for (pp = &k->jobs; (j = *pp); ) {
		if (j->tag == tag) {
			*pp = j->next;
			mgd_kms_job_free(k, j);
		} else {
			pp = &j->next;
		}
	}
}

struct mgd_kms_job *mgd_kms_job_take(struct mgd_kms *k, bool offer,
				     const uint8_t *fp)
{
	struct mgd_kms_job **pp, *j;

	for (pp = &k->jobs; (j = *pp); pp = &j->next) {
		if (!j->done || j->offer != offer)
			continue;
		if (offer ? j->tag == k->exec_tag :
		    !memcmp(j->fp, fp, sizeof(j->fp))) {
			*pp = j->next;
			return j;
		}
	}
	return NULL;
}

unsigned int mgd_kms_poll(struct mgd_kms *k, struct pollfd *p,
			  unsigned int max, uint64_t *next)
{
	unsigned int i, n = 0;

	if (!k || !k->njobs)
		return 0;
	for (i = 0; i < k->nsocks && n < max; i++) {
		int w = k->socks[i].what;

		p[n].fd = k->socks[i].fd;
		p[n].events = (w & CURL_POLL_IN ? POLLIN : 0) |
			      (w & CURL_POLL_OUT ? POLLOUT : 0);
		p[n++].revents = 0;
	}
	if (k->timer_at && k->timer_at < *next)
		*next = k->timer_at;
	return n;
}

void mgd_kms_run(struct mgd_kms *k, const struct pollfd *p, unsigned int n,
		 uint64_t now)
{
	struct mgd_kms_job *j;
	unsigned int i;
	CURLMsg *msg;
	int running, left;

	if (!k || !k->njobs)
		return;
	for (i = 0; i < n; i++) {
		int ev = (p[i].revents & POLLIN ? CURL_CSELECT_IN : 0) |
			 (p[i].revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
			 (p[i].revents & (POLLERR | POLLHUP) ?
			  CURL_CSELECT_ERR : 0);

		if (ev)
			curl_multi_socket_action(k->multi, p[i].fd, ev,
						 &running);
	}
	if (k->timer_at && now >= k->timer_at) {
		k->timer_at = 0;
		curl_multi_socket_action(k->multi, CURL_SOCKET_TIMEOUT, 0,
					 &running);
	}
	while ((msg = curl_multi_info_read(k->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
				  (char **)&j);
		j->rc = msg->data.result;
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &j->status);
		curl_multi_remove_handle(k->multi, j->easy);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		j->done = true;
	}
}
