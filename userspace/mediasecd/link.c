// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's control association with its MGCs: see link.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"

static void set_reg(struct mgd_link *l, enum h248_sc_method method,
		    const char *reason)
{
	l->method = method;
	snprintf(l->reason, sizeof(l->reason), "%s", reason);
}

/* Registration with MGC @i of the list, due @at. */
static void try_mgc(struct mgd_link *l, unsigned int i, uint64_t at)
{
	l->mgc = i % l->cfg->nmgc;
	l->peer = l->cfg->mgc[l->mgc];
	l->version = H248_VERSION;
	l->state = MGD_LINK_IDLE;
	l->reg_id = 0;
	l->retry_at = at ? at : 1;
}

/*
 * When the next attempt is due: at once, or, after as many attempts as
 * the list has MGCs without a registration (no answer, refusals,
 * redirections), after a random wait of up to MWD (H.248.1 11.5; at
 * least retry-ms, so that a list that fails at once is no busy loop).
 */
static uint64_t next_attempt(struct mgd_link *l, uint64_t now)
{
	if (++l->unanswered < l->cfg->nmgc)
		return now;
	l->unanswered = 0;
	return now + (l->cfg->mwd_ms ? l->rand() % l->cfg->mwd_ms + 1 :
				       l->cfg->retry_ms);
}

/*
 * The MGC in question did not answer, or refused us: the next one of the
 * list.  A Handoff that failed is over: what follows is a registration
 * after contact was lost (Disconnected).
 */
static void next_mgc(struct mgd_link *l, uint64_t now)
{
	uint64_t at = next_attempt(l, now);

	if (l->method == H248_SC_HANDOFF)
		set_reg(l, H248_SC_DISCONNECTED, "900 Service Restored");
	try_mgc(l, l->mgc + 1, at);
}

void mgd_link_init(struct mgd_link *l, const struct mgd_config *cfg,
		   bool warm, uint32_t (*rand)(void))
{
	memset(l, 0, sizeof(*l));
	l->cfg = cfg;
	l->rand = rand;
	set_reg(l, H248_SC_RESTART, warm ? "902 Warm Boot" : "901 Cold Boot");
	try_mgc(l, 0, 1);
}

bool mgd_link_up(const struct mgd_link *l)
{
	return l->state == MGD_LINK_UP;
}

bool mgd_link_gone(const struct mgd_link *l)
{
	return l->state == MGD_LINK_GONE;
}

/*
 * The MGC is known by its address, not its port: it may answer from
 * another port than the one we send to (H.248.1 D.1.1 lets it).
 */
static bool same_host(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		       &((const struct sockaddr_in6 *)b)->sin6_addr, 16);
}

bool mgd_link_is_mgc(const struct mgd_link *l,
		     const struct sockaddr_storage *peer)
{
	return same_host(peer, &l->peer) ||
	       same_host(peer, &l->cfg->mgc[l->mgc]);
}

int mgd_link_due(struct mgd_link *l, uint64_t now, struct h248_svc *svc)
{
	if (l->state != MGD_LINK_IDLE || !l->retry_at || now < l->retry_at)
		return 0;
	memset(svc, 0, sizeof(*svc));
	svc->method = l->method;
	svc->reason = l->reason;
	svc->version = H248_VERSION;	/* the highest we speak */
	svc->profile = l->cfg->profile[0] ? l->cfg->profile : NULL;
	return 1;
}

void mgd_link_sent(struct mgd_link *l, uint32_t id, uint64_t now)
{
	if (!id && l->state == MGD_LINK_LEAVING) {
		l->state = MGD_LINK_GONE;	/* nothing to wait for */
		return;
	}
	if (!id) {		/* not sent: try again after retry_ms */
		l->retry_at = now + l->cfg->retry_ms;
		return;
	}
	l->reg_id = id;
	if (l->state == MGD_LINK_IDLE) {
		l->state = MGD_LINK_WAIT;
		l->since_id = id;	/* ours before it are of an earlier time */
	}
}

int mgd_link_parse_addr(const char *s, uint16_t default_port,
			struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN + 1];
	unsigned long port = default_port;
	const char *end, *p = s;
	char *e;
	size_t n;

	if (*p == '[') {
		end = strchr(++p, ']');
		if (!end)
			return -EINVAL;
		n = (size_t)(end - p);
		end++;
	} else {
		/* a bare IPv4 address, maybe with ":port" */
		end = strchr(p, ':');
		if (!end || strchr(end + 1, ':'))
			end = p + strlen(p);
		n = (size_t)(end - p);
	}
	if (!n || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, p, n);
	host[n] = '\0';
	if (*end == ':') {
		port = strtoul(end + 1, &e, 10);
		if (e == end + 1 || *e || !port || port > 65535)
			return -EINVAL;
	} else if (*end) {
		return -EINVAL;
	}
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return 0;
	}
	return -EINVAL;		/* a domain name: not resolved here */
}

/* The port our messages to the MGC go to, for addresses without one. */
static uint16_t mgc_port(const struct mgd_link *l)
{
	return ntohs(((const struct sockaddr_in *)&l->peer)->sin_port);
}

/*
 * Our ServiceChange answered with MgcIdToTry: the MGC it names, the same
 * one when it is of the list (its index then says where the list goes
 * on), else only for this registration.
 */
static int redirect(struct mgd_link *l, const char *mgc_id, uint64_t now)
{
	struct sockaddr_storage ss;
	unsigned int i;

	if (mgd_link_parse_addr(mgc_id, mgc_port(l), &ss))
		return -EINVAL;
	for (i = 0; i < l->cfg->nmgc; i++)
		if (same_host(&ss, &l->cfg->mgc[i]))
			break;
	/* counted as an attempt: two MGCs sending us to each other wait */
	try_mgc(l, i < l->cfg->nmgc ? i : l->mgc, next_attempt(l, now));
	l->peer = ss;
	return 0;
}

static void registered(struct mgd_link *l, const struct h248_svc *svc,
		       uint64_t now)
{
	struct sockaddr_storage ss;

	l->state = MGD_LINK_UP;
	l->unanswered = 0;
	l->heard_at = now;
	l->reg_to = l->peer;	/* where to come back to after a loss */
	/* 11.3: a lower Version answered is the one we speak from now on. */
	if (svc && svc->version && svc->version < l->version)
		l->version = svc->version;
	/*
	 * ServiceChangeAddress: an address, or only a port (7.2.8.1.5).
	 * Over SCTP the association is the MGC's address: not followed.
	 */
	if (svc && svc->address && !l->cfg->mgc_sctp[l->mgc]) {
		char *e;
		unsigned long port = strtoul(svc->address, &e, 10);

		if (!*e && port && port < 65536)
			((struct sockaddr_in *)&l->peer)->sin_port =
				htons((uint16_t)port);
		else if (!mgd_link_parse_addr(svc->address, mgc_port(l), &ss))
			l->peer = ss;
	}
	/* Later registrations (after a loss of contact) say Disconnected. */
	set_reg(l, H248_SC_DISCONNECTED, "900 Service Restored");
}

int mgd_link_reply(struct mgd_link *l, uint32_t id,
		   const struct h248_svc *svc, unsigned int error,
		   uint64_t now)
{
	if (!id || id != l->reg_id)
		return 0;
	l->reg_id = 0;
	if (l->state == MGD_LINK_LEAVING) {
		l->state = MGD_LINK_GONE;
		return 1;
	}
	if (l->state != MGD_LINK_WAIT)
		return 1;
	/*
	 * MgcIdToTry answered, refused or not (H.248.1 7.2.8.1.7): we are
	 * to register with that MGC instead.
	 */
	if (svc && svc->mgc_id && !redirect(l, svc->mgc_id, now))
		return 1;
	if (!error && svc && svc->version > H248_VERSION)
		error = H248_ERR_VERSION;	/* cannot speak what it asks */
	if (!error) {
		registered(l, svc, now);
		return 1;
	}
	next_mgc(l, now);	/* refused: the next of the list */
	return 1;
}

/*
 * Contact with the MGC we are registered with is lost.  Tell it first
 * that our state may have changed (Disconnected), at the address we
 * registered with, in case only contact was lost; then the others of the
 * list.
 */
static void lost_up(struct mgd_link *l, uint64_t now)
{
	struct sockaddr_storage to = l->reg_to;

	l->unanswered = 0;
	try_mgc(l, l->mgc, now);
	l->peer = to;
}

void mgd_link_timeout(struct mgd_link *l, uint32_t id, uint64_t now)
{
	switch (l->state) {
	case MGD_LINK_WAIT:
		if (id == l->reg_id)
			next_mgc(l, now);	/* no answer: the next MGC */
		break;
	case MGD_LINK_UP:
		/*
		 * A request of ours since this registration unanswered: the
		 * MGC is gone (11.5).  (One of before - to an MGC we left, or
		 * sent before a loss - says nothing of this one.)
		 */
		if ((int32_t)(id - l->since_id) > 0)
			lost_up(l, now);
		break;
	case MGD_LINK_LEAVING:
		if (id == l->reg_id)
			l->state = MGD_LINK_GONE;
		break;
	default:
		break;
	}
}

void mgd_link_lost(struct mgd_link *l, uint64_t now)
{
	switch (l->state) {
	case MGD_LINK_UP:
		lost_up(l, now);
		break;
	case MGD_LINK_IDLE:
	case MGD_LINK_WAIT:
		next_mgc(l, now);
		break;
	case MGD_LINK_LEAVING:
		l->state = MGD_LINK_GONE;
		break;
	default:
		break;
	}
}

void mgd_link_heard(struct mgd_link *l, uint64_t now)
{
	l->heard_at = now;
}

void mgd_link_set_ito(struct mgd_link *l, uint32_t rid, uint32_t mit_10ms,
		      uint64_t now)
{
	l->ito_rid = rid;
	l->ito_ms = mit_10ms > UINT32_MAX / 10 ? UINT32_MAX : mit_10ms * 10;
	l->heard_at = now;
}

int mgd_link_ito_due(struct mgd_link *l, uint64_t now)
{
	if (l->state != MGD_LINK_UP || !l->ito_ms ||
	    now < l->heard_at + l->ito_ms)
		return 0;
	l->heard_at = now;	/* H.248.14: the timer starts again */
	return 1;
}

int mgd_link_handoff(struct mgd_link *l, const char *mgc_id)
{
	if (!mgc_id || mgd_link_parse_addr(mgc_id, mgc_port(l),
					   &l->handoff_to))
		return -EINVAL;
	l->handoff = true;
	return 0;
}

void mgd_link_handoff_go(struct mgd_link *l, uint64_t now)
{
	struct sockaddr_storage to = l->handoff_to;
	unsigned int i;

	if (!l->handoff || l->state != MGD_LINK_UP)
		return;
	l->handoff = false;
	for (i = 0; i < l->cfg->nmgc; i++)
		if (same_host(&to, &l->cfg->mgc[i]))
			break;
	try_mgc(l, i < l->cfg->nmgc ? i : l->mgc, now);
	l->peer = to;
	set_reg(l, H248_SC_HANDOFF, "903 MGC Directed Change");
}

int mgd_link_leave(struct mgd_link *l, bool forced, struct h248_svc *svc)
{
	if (l->state == MGD_LINK_LEAVING)
		forced = true;	/* asked twice: at once */
	else if (l->state != MGD_LINK_UP) {
		l->state = MGD_LINK_GONE;
		return 0;
	}
	memset(svc, 0, sizeof(*svc));
	svc->method = forced ? H248_SC_FORCED : H248_SC_GRACEFUL;
	svc->reason = forced ? "908 MG Impending Failure" :
			       "905 Termination taken out of service";
	l->state = forced ? MGD_LINK_GONE : MGD_LINK_LEAVING;
	l->reg_id = 0;
	return 1;
}

uint64_t mgd_link_next(const struct mgd_link *l)
{
	uint64_t next = UINT64_MAX;

	if (l->state == MGD_LINK_IDLE && l->retry_at)
		next = l->retry_at;
	if (l->state == MGD_LINK_UP && l->ito_ms)
		next = l->heard_at + l->ito_ms;
	return next;
}
