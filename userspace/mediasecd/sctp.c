// SPDX-License-Identifier: GPL-2.0
/*
 * H.248 over SCTP (ITU-T H.248.4), beside Annex D.1 UDP, chosen per MGC
 * in the configuration ("mgc ADDRESS PORT sctp").  TS 29.334 recommends
 * SCTP for Iq.  What H.248.4 and the profile fix, as done here:
 *
 * - the gateway starts the association, to the MGC's port (2944 by
 *   default), one association with the MGC in question (link.c); it is
 *   started when a registration is due and given up when the MGC changes;
 * - each H.248 message is one SCTP user message, payload protocol
 *   identifier 7 (IANA's for H.248), on stream 0: the transactions keep
 *   their order, and tshark decodes them as H.248;
 * - SCTP delivers or tells: no application retransmission (the
 *   transaction layer's retransmissions are not sent over it; its long
 *   timer still bounds the wait for an answer);
 * - the association lost (COMM_LOST, SHUTDOWN, an error) is how the
 *   gateway notices a dead MGC here: registered, it registers again
 *   (Disconnected, link.c); registering, it tries the next MGC.
 *
 * The socket is one-to-one style (SOCK_STREAM), non-blocking; INIT is
 * retried a bounded number of times so that a dead MGC is given up in
 * seconds, not the default minutes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>

#include <openssl/crypto.h>

#include "daemon.h"
#include "log.h"

#define H248_PPID	7	/* IANA SCTP payload protocol id for H.248 */

static bool same_peer(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b)
{
	return !memcmp(a, b, mgd_sa_len(a)) && a->ss_family == b->ss_family;
}

bool mgd_sctp_wanted(const struct daemon *d)
{
	return d->cfg.mgc_sctp[d->link.mgc];
}

void mgd_sctp_close(struct daemon *d)
{
	if (d->sctp.fd >= 0)
		close(d->sctp.fd);
	d->sctp.fd = -1;
	d->sctp.up = false;
	d->sctp.have = 0;
}

/* Starts the association with @peer; 0 (under way or up) or -errno. */
static int sctp_connect(struct daemon *d, const struct sockaddr_storage *peer)
{
	struct sctp_initmsg init = {
		.sinit_num_ostreams = 1,
		.sinit_max_instreams = 1,
		.sinit_max_attempts = 4,	/* INIT: about 7 s at most */
		.sinit_max_init_timeo = 2000,
	};
	struct sctp_event_subscribe ev = {
		.sctp_data_io_event = 1,
		.sctp_association_event = 1,
		.sctp_shutdown_event = 1,
	};
	int fd;

	mgd_sctp_close(d);
	fd = socket(peer->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_SCTP);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init)) ||
	    setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev)) ||
	    (connect(fd, (const struct sockaddr *)peer, mgd_sa_len(peer)) &&
	     errno != EINPROGRESS)) {
		int err = -errno;

		close(fd);
		return err;
	}
	d->sctp.fd = fd;
	d->sctp.peer = *peer;
	return 0;
}

/*
 * Whether a message can go to the MGC now: over UDP always; over SCTP
 * once the association with it is up (started here when it is not).
 */
bool mgd_sctp_ready(struct daemon *d, uint64_t now)
{
	int ret;

	if (!mgd_sctp_wanted(d)) {
		mgd_sctp_close(d);
		return true;
	}
	if (d->sctp.fd >= 0 && same_peer(&d->sctp.peer, &d->link.peer))
		return d->sctp.up;
	ret = sctp_connect(d, &d->link.peer);
	if (ret) {
		mgd_log(LOG_ERR, "SCTP to MGC %u: %s",
			d->link.mgc + 1, strerror(-ret));
		mgd_link_lost(&d->link, now);
	}
	return false;
}

bool mgd_sctp_sends_to(const struct daemon *d,
		       const struct sockaddr_storage *peer)
{
	return d->sctp.up && same_peer(&d->sctp.peer, peer);
}

int mgd_sctp_send(struct daemon *d, const char *msg, size_t len)
{
	if (sctp_sendmsg(d->sctp.fd, msg, len, NULL, 0, htonl(H248_PPID), 0,
			 0, 0, 0) < 0)
		return -errno;
	return 0;
}

/* The association is gone: the link hears of it once. */
static void lost(struct daemon *d, const char *why, uint64_t now)
{
	OPENSSL_cleanse(d->sctp.buf, d->sctp.have);	/* a message begun */
	mgd_log(LOG_WARNING, "SCTP association with MGC %u lost: %s",
		d->link.mgc + 1, why);
	mgd_sctp_close(d);
	mgd_link_lost(&d->link, now);
}

/* A notification: only the end of the association matters here. */
static void notification(struct daemon *d, const union sctp_notification *n,
			 size_t len, uint64_t now)
{
	if (len < sizeof(n->sn_header))
		return;
	if (n->sn_header.sn_type == SCTP_SHUTDOWN_EVENT) {
		lost(d, "shut down by the MGC", now);
		return;
	}
	if (n->sn_header.sn_type != SCTP_ASSOC_CHANGE ||
	    len < sizeof(n->sn_assoc_change))
		return;
	switch (n->sn_assoc_change.sac_state) {
	case SCTP_COMM_UP:
	case SCTP_RESTART:
		d->sctp.up = true;
		break;
	case SCTP_COMM_LOST:
	case SCTP_SHUTDOWN_COMP:
	case SCTP_CANT_STR_ASSOC:
		lost(d, "communication lost", now);
		break;
	default:
		break;
	}
}

void mgd_sctp_event(struct daemon *d, short revents, uint64_t now)
{
	struct sctp_sndrcvinfo info;
	int flags = 0, err = 0;
	socklen_t elen = sizeof(err);
	ssize_t n;

	if (!d->sctp.up && (revents & (POLLOUT | POLLERR | POLLHUP))) {
		if (getsockopt(d->sctp.fd, SOL_SOCKET, SO_ERROR, &err, &elen) ||
		    err) {
			lost(d, strerror(err ? err : errno), now);
			return;
		}
		d->sctp.up = true;
		mgd_log(LOG_NOTICE, "SCTP association with MGC %u up",
			d->link.mgc + 1);
	}
	if (!(revents & POLLIN))
		return;
	n = sctp_recvmsg(d->sctp.fd, d->sctp.buf + d->sctp.have,
			 sizeof(d->sctp.buf) - 1 - d->sctp.have, NULL, NULL,
			 &info, &flags);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		lost(d, n ? strerror(errno) : "closed", now);
		return;
	}
	if (flags & MSG_NOTIFICATION) {
		/* read after a message begun: it is where it was read to */
		if (flags & MSG_EOR)
			notification(d, (const void *)(d->sctp.buf +
						       d->sctp.have),
				     (size_t)n, now);
		return;
	}
	d->sctp.have += (size_t)n;
	if (!(flags & MSG_EOR)) {
		if (d->sctp.have < sizeof(d->sctp.buf) - 1)
			return;		/* more of the message to come */
		lost(d, "a message larger than H.248's 64 KiB", now);
		return;
	}
	memcpy(d->in, d->sctp.buf, d->sctp.have);
	n = (ssize_t)d->sctp.have;
	d->sctp.have = 0;
	mgd_on_message(d, &d->sctp.peer, (size_t)n, true, now);
	/* Messages carry keys: none stays in the buffers (as for UDP). */
	OPENSSL_cleanse(d->sctp.buf, (size_t)n);
	OPENSSL_cleanse(d->in, (size_t)n);
	OPENSSL_cleanse(d->out, strnlen(d->out, sizeof(d->out)));
	OPENSSL_cleanse(d->tree.strs, d->tree.nstrs);
}
