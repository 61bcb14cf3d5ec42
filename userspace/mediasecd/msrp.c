// SPDX-License-Identifier: GPL-2.0
/*
 * MSRP legs: each MSRP termination gets its TCP connection, the way its
 * a=setup role says (RFC 4145, RFC 6135): passive, the gateway listens on
 * the termination's Local port and takes one connection, from the
 * remote's address only; active, it connects from its realm address once
 * the MGC signals mstls/est.  Then the TLS handshake (msrp_tls.c) if the
 * gateway terminates TLS, and when both legs of a context are ready, the
 * two sockets go to the kernel (MEDIASEC_CMD_RELAY_NEW, relay id = the
 * context id, leg A the termination added first).  A leg that cannot be
 * made by setup-timeout fails, and the MGC hears of it (mstls/fail) if it
 * asked.
 *
 * Everything here is non-blocking and runs in the daemon's poll loop;
 * the relay itself runs in the kernel, so the daemon may stop and start
 * again while sessions go on.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "msobj.h"
#include "msrp.h"
#include "log.h"

/* Most legs polled at once (the rest wait their turn: mgd_msrp_poll()). */
#define MSRP_POLL_MAX	1024
/* A listening leg's backlog: the remote's connection, and a few others. */
#define MSRP_BACKLOG	4

static struct msrp_leg *polled[MSRP_POLL_MAX];

static void sa_of(const struct msobj_ep *ep, uint16_t port,
		  struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (ep->alen == 4) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, ep->addr, 4);
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, ep->addr, 16);
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
	}
}

/* Whether @ss is the address of @ep (any port: RFC 4145 lets it vary). */
static bool from_remote(const struct sockaddr_storage *ss,
			const struct msobj_ep *ep)
{
	if (ss->ss_family == AF_INET && ep->alen == 4)
		return !memcmp(&((const struct sockaddr_in *)ss)->sin_addr,
			       ep->addr, 4);
	if (ss->ss_family == AF_INET6 && ep->alen == 16)
		return !memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr,
			       ep->addr, 16);
	return false;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Back to nothing: sockets closed, handshake dropped. */
static void leg_reset(struct msrp_leg *l)
{
	msrp_tls_drop(l);
	close_fd(&l->fd);
	close_fd(&l->lfd);
	l->state = MSRP_IDLE;
	l->why = NULL;
}

static void leg_fail(struct mgd_msrp *m, struct msrp_leg *l,
		     const char *reason)
{
	mgd_log(LOG_ERR, "MSRP context %u termination %u: %s",
		l->ctx, l->serial, reason);
	leg_reset(l);
	l->state = MSRP_FAILED;
	if (m->fail)
		m->fail(m->arg, l->ctx, l->serial, reason);
}

static struct msrp_leg *leg_of(struct mgd_msrp *m, uint32_t ctx,
			       uint32_t serial)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->legs[i]->ctx == ctx && m->legs[i]->serial == serial)
			return m->legs[i];
	return NULL;
}

/* The other leg of @l's context, or NULL. */
static struct msrp_leg *peer_of(struct mgd_msrp *m, const struct msrp_leg *l)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->legs[i]->ctx == l->ctx && m->legs[i] != l)
			return m->legs[i];
	return NULL;
}

/* A new idle leg of termination @serial of context @ctx, or NULL. */
static struct msrp_leg *leg_new(struct mgd_msrp *m, uint32_t ctx,
				uint32_t serial)
{
	struct msrp_leg *l, **more;

	if (m->n == m->cap) {
		more = reallocarray(m->legs, m->cap * 2 + 16, sizeof(*more));
		if (!more)
			return NULL;
		m->legs = more;
		m->cap = m->cap * 2 + 16;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->ctx = ctx;
	l->serial = serial;
	l->fd = l->lfd = -1;
	m->legs[m->n++] = l;
	return l;
}

static void leg_free(struct mgd_msrp *m, unsigned int i)
{
	struct msrp_leg *l = m->legs[i];

	leg_reset(l);
	OPENSSL_cleanse(l, sizeof(*l));
	free(l);
	m->legs[i] = m->legs[--m->n];
}

/* The relay of @l's context is gone: what it counted stays with the legs. */
static void relay_gone(struct mgd_msrp *m, uint32_t ctx)
{
	struct msobj_relay r;
	unsigned int i, leg;

	if (msobj_relay_get(m->nl, ctx, &r))
		memset(&r, 0, sizeof(r));	/* gone already: nothing counted */
	for (i = 0; i < m->n; i++) {
		struct msrp_leg *l = m->legs[i];

		if (l->ctx != ctx || l->state != MSRP_RELAYED)
			continue;
		leg = l->relay_leg;
		l->in += r.legs[leg].rx_bytes;
		l->out += r.legs[leg].tx_bytes;
		l->state = MSRP_IDLE;	/* its connection went with it */
	}
	if (msobj_relay_del(m->nl, ctx))
		mgd_log(LOG_WARNING, "relay %u: %s", ctx,
			m->nl->errmsg);
}

static int listen_on(struct msrp_leg *l)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;

	sa_of(&l->local, l->local.port, &ss, &len);
	l->lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
			SOCK_CLOEXEC, 0);
	if (l->lfd < 0 ||
	    setsockopt(l->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l->lfd, (struct sockaddr *)&ss, len) ||
	    listen(l->lfd, MSRP_BACKLOG))
		return -1;
	l->state = MSRP_LISTEN;
	return 0;
}

static int connect_out(struct msrp_leg *l)
{
	struct sockaddr_storage ss, to;
	socklen_t len, tolen;

	sa_of(&l->local, 0, &ss, &len);
	sa_of(&l->cfg.remote, l->cfg.remote.port, &to, &tolen);
	l->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
		       SOCK_CLOEXEC, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&ss, len))
		return -1;
	if (connect(l->fd, (struct sockaddr *)&to, tolen) &&
	    errno != EINPROGRESS)
		return -1;
	l->state = MSRP_CONNECT;
	return 0;
}

/* Connected: the handshake if the gateway terminates TLS, else ready. */
static void connected(struct mgd_msrp *m, struct msrp_leg *l)
{
	if (l->cfg.tls != MG_TLS_CERT && l->cfg.tls != MG_TLS_PSK) {
		l->state = MSRP_READY;
		return;
	}
	if (msrp_tls_start(m, l)) {
		leg_fail(m, l, "handshake");
		return;
	}
	l->state = MSRP_HANDSHAKE;
}

/* Both legs ready: the sockets to the kernel. */
static void try_relay(struct mgd_msrp *m, struct msrp_leg *l)
{
	struct msrp_leg *o = peer_of(m, l), *a, *b;

	if (!o || o->state != MSRP_READY || l->state != MSRP_READY)
		return;
	a = l->serial < o->serial ? l : o;
	b = a == l ? o : l;
	if (msobj_relay_new(m->nl, l->ctx, a->fd, b->fd)) {
		mgd_log(LOG_WARNING, "relay %u: %s", l->ctx,
			m->nl->errmsg);
		leg_fail(m, a, "relay");
		leg_fail(m, b, "relay");
		return;
	}
	a->fd = b->fd = -1;	/* the kernel closed them: they are its own */
	a->relay_leg = 0;
	b->relay_leg = 1;
	a->state = b->state = MSRP_RELAYED;
	m->relays++;
}

/*
 * What @l does next, from where it is.  A leg without the credentials its
 * TLS needs (msrp_tls_armed(): a PSK termination taken back after a
 * restart, whose record holds no key) opens nothing until the MGC gives
 * them again.
 */
static void advance(struct mgd_msrp *m, struct msrp_leg *l, uint64_t now)
{
	if (l->state == MSRP_IDLE && msrp_tls_armed(m, l)) {
		if (!l->cfg.active && l->local.port) {
			if (listen_on(l)) {
				leg_fail(m, l, "listen");
				return;
			}
			l->deadline = now + m->setup_ms;
		} else if (l->cfg.active && l->cfg.has_remote &&
			   l->cfg.establish && !l->est_spent) {
			l->est_spent = true;
			if (connect_out(l)) {
				leg_fail(m, l, "connect");
				return;
			}
			l->deadline = now + m->setup_ms;
		}
	}
	try_relay(m, l);
}

static bool same_fingerprints(const struct sdp_tls *a,
			      const struct sdp_tls *b)
{
	unsigned int i;

	if (a->nfp != b->nfp)
		return false;
	for (i = 0; i < a->nfp; i++)
		if (a->fp[i].hash != b->fp[i].hash ||
		    a->fp[i].len != b->fp[i].len ||
		    memcmp(a->fp[i].value, b->fp[i].value, a->fp[i].len))
			return false;
	return true;
}

/*
 * Whether the connection @l has (or is making) cannot serve @cfg: another
 * remote, role or TLS; other credentials than those its TLS session was
 * (or is being) authenticated with; or a new connection asked for (RFC
 * 4145 5).  A termination taken back after a restart has no credentials
 * in its record (keys are not kept): the MGC giving them again arms it,
 * it does not change it.
 */
static bool needs_new_connection(const struct msrp_leg *l,
				 const struct mg_msrp *cfg)
{
	const struct mg_msrp *was = &l->cfg;

	if (was->active != cfg->active || was->tls != cfg->tls ||
	    memcmp(&was->remote, &cfg->remote, sizeof(was->remote)))
		return true;
	if (l->state == MSRP_LISTEN)
		return false;	/* no connection yet: the new cfg is used */
	if (was->conn_gen != cfg->conn_gen)
		return true;
	if (was->tls == MG_TLS_PSK && was->psk_len && cfg->psk_len &&
	    (was->psk_len != cfg->psk_len || strcmp(was->psk_id, cfg->psk_id) ||
	     CRYPTO_memcmp(was->psk, cfg->psk, cfg->psk_len)))
		return true;
	return was->tls == MG_TLS_CERT && was->remote_tls.nfp &&
	       cfg->remote_tls.nfp &&
	       !same_fingerprints(&was->remote_tls, &cfg->remote_tls);
}

/*
 * Context @id of @g changed or went: its legs follow.  First every leg
 * takes its termination's configuration (a leg whose connection cannot
 * serve it is reset, and with it the context's relay, which holds both
 * connections); then every leg of the context moves on from where it is.
 *
 * mstls/est is a request, used up by the connection it makes: an active
 * leg whose connection ended (its relay deleted by the other's Subtract,
 * say) waits for the next one, and a failed leg tries again on the next
 * one.  A change the MGC makes that needs new connections (another
 * remote, role, TLS, credentials, or a=connection:new) is such a request
 * for every leg of the context.
 */
void mgd_msrp_sync(struct mgd_msrp *m, const struct mg *g, uint32_t id,
		   uint64_t now)
{
	struct mg_ctx *c = mg_find_ctx((struct mg *)g, id);
	bool stays, remade = false;
	struct msrp_leg *l;
	unsigned int i, j;

	/* Legs of terminations gone: their relay (both sides) goes too. */
	for (i = 0; i < m->n; ) {
		l = m->legs[i];
		stays = false;
		for (j = 0; c && j < c->nterm; j++)
			stays |= c->term[j]->serial == l->serial &&
				 c->term[j]->msrp.on;
		if (l->ctx != id || stays) {
			i++;
			continue;
		}
		if (l->state == MSRP_RELAYED)
			relay_gone(m, id);
		leg_free(m, i);
	}
	for (j = 0; c && j < c->nterm; j++) {
		const struct mg_term *t = c->term[j];

		if (!t->msrp.on)
			continue;
		l = leg_of(m, id, t->serial);
		if (!l) {
			l = leg_new(m, id, t->serial);
			if (!l)
				continue;	/* no memory: no leg */
		} else if (l->state != MSRP_IDLE &&
			   needs_new_connection(l, &t->msrp)) {
			if (l->state == MSRP_RELAYED)
				relay_gone(m, id);
			leg_reset(l);
			remade = true;
		}
		/*
		 * mstls/est again: a leg with no connection under way takes
		 * it; one connecting has its connection from the last one.
		 */
		if (l->cfg.est_gen != t->msrp.est_gen &&
		    (l->state == MSRP_IDLE || l->state == MSRP_FAILED)) {
			l->est_spent = false;
			if (l->state == MSRP_FAILED)
				leg_reset(l);
		}
		OPENSSL_cleanse(&l->cfg, sizeof(l->cfg));
		l->cfg = t->msrp;
		l->local = t->side.local;
	}
	for (i = 0; i < m->n; i++) {
		l = m->legs[i];
		if (l->ctx != id)
			continue;
		if (remade)
			l->est_spent = false;
		advance(m, l, now);
	}
}

void mgd_msrp_adopt(struct mgd_msrp *m, const struct mg *g, uint32_t id,
		    uint64_t now)
{
	struct mg_ctx *c = mg_find_ctx((struct mg *)g, id);
	struct msobj_relay r;
	struct msrp_leg *l;
	unsigned int j;

	if (!c)
		return;
	/* No relay of its own in the kernel: connections made anew. */
	if (msobj_relay_get(m->nl, id, &r)) {
		mgd_msrp_sync(m, g, id, now);
		return;
	}
	/* It runs (or ended, its counters kept): the legs are relayed. */
	for (j = 0; j < c->nterm; j++) {
		const struct mg_term *t = c->term[j];

		if (!t->msrp.on || !(l = leg_new(m, id, t->serial)))
			continue;
		l->cfg = t->msrp;
		l->local = t->side.local;
		l->state = MSRP_RELAYED;
		l->est_spent = true;
		l->relay_leg = mg_msrp_relay_leg(c, t);
	}
}

int mgd_msrp_stats(struct mgd_msrp *m, uint32_t ctx, uint32_t serial,
		   uint64_t *in, uint64_t *out)
{
	struct msrp_leg *l = leg_of(m, ctx, serial);
	struct msobj_relay r;
	unsigned int leg;

	if (!l)
		return -ENOENT;
	*in = l->in;
	*out = l->out;
	if (l->state == MSRP_RELAYED && !msobj_relay_get(m->nl, ctx, &r)) {
		leg = l->relay_leg;
		*in += r.legs[leg].rx_bytes;
		*out += r.legs[leg].tx_bytes;
	}
	return 0;
}

/* The loop wakes by @deadline (at once if past), or earlier (*@next). */
static void wake_by(uint64_t deadline, uint64_t now, uint64_t *next)
{
	if (deadline < *next)
		*next = deadline > now ? deadline : now;
}

unsigned int mgd_msrp_poll(struct mgd_msrp *m, struct pollfd *p,
			   unsigned int max, uint64_t now, uint64_t *next)
{
	unsigned int i, k, n = 0;
	int dir;

	/*
	 * More legs than can be polled at once: each turn starts where the
	 * last one stopped, so that every leg is polled in its turn (all of
	 * them time out by their deadline in mgd_msrp_run() in any case).
	 */
	if (m->next_poll >= m->n)
		m->next_poll = 0;
	for (k = 0; k < m->n && n < max && n < MSRP_POLL_MAX; k++) {
		struct msrp_leg *l;

		i = (m->next_poll + k) % m->n;
		l = m->legs[i];

		switch (l->state) {
		case MSRP_LISTEN:
			/*
			 * Connections are taken once the Remote is known: its
			 * address is the only one accepted, and with it the
			 * TLS the leg speaks is settled (a fingerprint means
			 * the gateway terminates TLS).  Until then they wait
			 * in the listen backlog.
			 */
			if (!l->cfg.has_remote) {
				wake_by(l->deadline, now, next);
				continue;
			}
			p[n] = (struct pollfd){ .fd = l->lfd, .events = POLLIN };
			break;
		case MSRP_CONNECT:
			p[n] = (struct pollfd){ .fd = l->fd, .events = POLLOUT };
			break;
		case MSRP_HANDSHAKE:
			dir = gnutls_record_get_direction(l->tls);
			p[n] = (struct pollfd){ .fd = l->fd,
						.events = dir ? POLLOUT : POLLIN };
			break;
		default:
			continue;
		}
		wake_by(l->deadline, now, next);
		polled[n++] = l;
	}
	m->next_poll = m->n ? (m->next_poll + k) % m->n : 0;
	return n;
}

/*
 * The remote's connection from the listen backlog.  Connections from
 * other addresses are closed, as many as the backlog holds (listen_on())
 * and one more in one turn, so that a stranger's connections queued ahead
 * do not delay the remote's by a turn of the loop each.
 */
static void accept_remote(struct mgd_msrp *m, struct msrp_leg *l)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, tries;

	for (tries = 0; tries <= MSRP_BACKLOG; tries++) {
		len = sizeof(ss);
		fd = accept4(l->lfd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			/*
			 * Out of descriptors or memory: the connection stays
			 * queued and the listening socket readable; polling
			 * it again would spin until the deadline.  The MGC
			 * hears of it.
			 */
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				leg_fail(m, l, "listen");
			return;
		}
		/* Only the remote the MGC named (mgd_msrp_poll()). */
		if (l->cfg.has_remote && from_remote(&ss, &l->cfg.remote))
			break;
		close(fd);
	}
	if (tries > MSRP_BACKLOG)
		return;		/* more strangers: the next turn goes on */
	close_fd(&l->lfd);
	l->fd = fd;
	connected(m, l);
}

static void step(struct mgd_msrp *m, struct msrp_leg *l, short revents)
{
	socklen_t len = sizeof(int);
	int err = 0, ret;

	switch (l->state) {
	case MSRP_LISTEN:
		accept_remote(m, l);
		break;
	case MSRP_CONNECT:
		if (getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
			leg_fail(m, l, "connect");
			return;
		}
		if (!(revents & POLLOUT))
			return;
		connected(m, l);
		break;
	default:
		break;
	}
	if (l->state == MSRP_HANDSHAKE) {
		ret = msrp_tls_step(l);
		if (ret < 0) {
			leg_fail(m, l, l->why ? l->why : "handshake");
			return;
		}
		if (ret > 0)
			l->state = MSRP_READY;
	}
	try_relay(m, l);
}

void mgd_msrp_run(struct mgd_msrp *m, const struct pollfd *p,
		  unsigned int n, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (p[i].revents)
			step(m, polled[i], p[i].revents);
	for (i = 0; i < m->n; i++) {
		struct msrp_leg *l = m->legs[i];

		if ((l->state == MSRP_LISTEN || l->state == MSRP_CONNECT ||
		     l->state == MSRP_HANDSHAKE) && now >= l->deadline)
			leg_fail(m, l, "timeout");
	}
}

void mgd_msrp_free(struct mgd_msrp *m)
{
	/* The relays stay in the kernel: the next run finds them there. */
	while (m->n)
		leg_free(m, 0);
	free(m->legs);
	m->legs = NULL;
	m->cap = 0;
	if (m->cert)
		gnutls_certificate_free_credentials(m->cert);
	m->cert = NULL;
}
