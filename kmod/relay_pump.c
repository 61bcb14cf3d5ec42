// SPDX-License-Identifier: GPL-2.0
/*
 * The work of a relay: reads what one leg has, writes it to the other, and
 * acts on TLS control records, from a work item that the sockets'
 * callbacks queue (relay.c).  All socket calls are non-blocking: a
 * direction whose destination is full keeps the bytes it read and reads
 * no more, so its source's receive window closes (back-pressure through
 * TCP itself), and the destination's write_space callback brings the work
 * back.
 *
 * TLS records (RFC 8446 section 5, RFC 5246 section 6.2) come from kTLS
 * with their type in a TLS_GET_RECORD_TYPE control message; kTLS has
 * already checked and removed the protection.  The relay decides on each
 * type (the rules are in include/uapi/linux/mediasec.h, RELAY_NEW).
 *
 * No copy on the way through but the one TCP to kTLS needs: a direction
 * reads into pages of its own and hands them to the destination as they
 * are (relay_io.c); a TCP to TCP direction hands on the received
 * segments' pages (ms_relay_splice()).
 *
 * Wake-ups: the callbacks queue the work when a leg has data for a
 * direction that can write, and when a refused send's destination has
 * room again (relay.c), but not while it runs and has yet to look at the
 * legs once more (ms_relay_kick()): each segment that came during a run
 * would otherwise queue a run that finds it moved already.  Two cases
 * may still stall without one, so the work arms a timer that queues it
 * again after MS_RELAY_RETRY: kTLS may finish parsing a record from its
 * own workqueue (tls_strp_work(), which wakes only readers of the
 * socket: retried while a TLS source has bytes in TCP), and a send
 * refused for lack of memory while nothing is in flight gets no
 * write_space (retried only then: with bytes in flight, their
 * acknowledgment brings write_space).
 */

#include <linux/highmem.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tls.h>
#include <uapi/linux/mediasec.h>

#include "compat.h"
#include "netlink.h"
#include "relay.h"

/* Steps of one run of the work before it yields the CPU and queues again. */
#define MS_RELAY_BUDGET		64

/* Handshake message types (RFC 8446 appendix B.3). */
#define MS_TLS_NEW_SESSION_TICKET	4
#define MS_TLS_KEY_UPDATE		24

/* Alerts (RFC 8446 section 6). */
#define MS_TLS_ALERT_WARNING		1
#define MS_TLS_ALERT_FATAL		2
#define MS_TLS_CLOSE_NOTIFY		0
#define MS_TLS_UNEXPECTED_MESSAGE	10
#define MS_TLS_BAD_RECORD_MAC		20
#define MS_TLS_INTERNAL_ERROR		80
#define MS_TLS_USER_CANCELED		90

/* How long a stalled relay waits before it looks again by itself. */
#define MS_RELAY_RETRY		(HZ / 10)

/* How long a clean end waits for the peers' FINs. */
#define MS_RELAY_LINGER		(5 * HZ)

/*
 * A send to @dst was refused: its write_space comes when what it has in
 * flight is acknowledged, but with nothing in flight (memory pressure)
 * none comes, so the work looks again later.
 */
static void ms_relay_retry_if_idle(struct ms_relay *r, struct ms_relay_leg *dst)
{
	if (!READ_ONCE(dst->sock->sk->sk_wmem_queued))
		r->retry = true;
}

/*
 * Direction @d waits for room on its destination, or no longer: shown to
 * userspace, and read by the source's data_ready (relay.c).
 */
static void ms_relay_stall(struct ms_relay *r, int d, bool stalled)
{
	if (stalled)
		r->legs[d].flags |= MEDIASEC_LEG_F_RX_STALLED;
	else
		r->legs[d].flags &= ~MEDIASEC_LEG_F_RX_STALLED;
	WRITE_ONCE(r->dirs[d].stalled, stalled);
}

/* Ends the relay at the next turn of the work, blaming leg @by (or -1). */
static int ms_relay_fail(struct ms_relay *r, u8 end, int by)
{
	r->end = end;
	r->end_leg = by < 0 ? 0 : by;
	r->fail_by = by;
	return -1;
}

/*
 * A clean end (KeyUpdate, renegotiation) decided on what leg @by sent:
 * nothing more is relayed; what was read is written, then each leg is
 * half-closed as if the other had closed cleanly (close_notify to a TLS
 * leg once kTLS has sent all it holds, then a FIN), then what the peers
 * still send is read and dropped until their FIN, for at most
 * MS_RELAY_LINGER: a socket closed with unread data would reset, and the
 * reset would throw away the close_notify and what was written.
 */
static int ms_relay_drain(struct ms_relay *r, u8 end, int by)
{
	int d;

	ms_relay_fail(r, end, by);
	r->draining = true;
	r->linger_until = jiffies + MS_RELAY_LINGER;
	for (d = 0; d < 2; d++) {
		if (r->dirs[d].eof)
			continue;
		r->dirs[d].eof = true;
		r->dirs[d].notify = true;
	}
	return 1;
}

/* Draining, a leg's half-close sent: what its peer still sends, dropped. */
static int ms_relay_discard(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	u8 type;
	int n;

	if (src->flags & MEDIASEC_LEG_F_RX_CLOSED)
		return 0;
	n = ms_leg_recv(src, dir, &type);
	if (n == -EAGAIN || n == -ENOMEM)	/* the linger ends it */
		return 0;
	if (n < 0 || !type)	/* its FIN, or nothing more to be had */
		src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
	return 1;
}

/* The end a socket error of leg @by means (a negative errno). */
static int ms_relay_sock_fail(struct ms_relay *r, int err, int by)
{
	switch (err) {
	case -EBADMSG:
		r->legs[by].auth_fails++;
		return ms_relay_fail(r, MEDIASEC_RELAY_END_AUTH_FAIL, by);
	case -ECONNRESET:
	case -EPIPE:
		return ms_relay_fail(r, MEDIASEC_RELAY_END_RESET, by);
	default:
		return ms_relay_fail(r, MEDIASEC_RELAY_END_ERROR, by);
	}
}

/*
 * A handshake record after the handshake (RFC 8446 4.6): NewSessionTickets
 * (which a TLS 1.3 server sends its client whenever it likes) are dropped,
 * the relay keeping no session cache; a KeyUpdate, or any other message
 * (a TLS 1.2 renegotiation, a post-handshake CertificateRequest), ends
 * the relay.  Messages may be split across records (RFC 8446 5.1): the
 * header is gathered in @dir->hs_hdr, a ticket's body skipped with
 * @dir->hs_skip.  This takes @n bytes of a record, @p, which may be the
 * middle of one.
 */
static int ms_relay_handshake_bytes(struct ms_relay *r, int d, const u8 *p,
				    u32 n)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	u32 off = 0, take, len;

	while (off < n) {
		if (dir->hs_skip) {
			take = min(dir->hs_skip, n - off);
			dir->hs_skip -= take;
			off += take;
			continue;
		}
		take = min_t(u32, 4 - dir->hs_hdr_len, n - off);
		memcpy(dir->hs_hdr + dir->hs_hdr_len, p + off, take);
		dir->hs_hdr_len += take;
		off += take;
		if (dir->hs_hdr_len < 4)
			break;
		dir->hs_hdr_len = 0;
		if (dir->hs_hdr[0] == MS_TLS_KEY_UPDATE)
			return ms_relay_drain(r, MEDIASEC_RELAY_END_KEY_UPDATE, d);
		if (dir->hs_hdr[0] != MS_TLS_NEW_SESSION_TICKET ||
		    src->tls_version != TLS_1_3_VERSION)
			return ms_relay_drain(r, MEDIASEC_RELAY_END_RENEGOTIATION,
					      d);
		len = (dir->hs_hdr[1] << 16) | (dir->hs_hdr[2] << 8) |
		      dir->hs_hdr[3];
		src->tickets_dropped++;
		dir->hs_skip = len;
	}
	return 1;
}

/* A handshake record of @n bytes, read into the pages of direction @d. */
static int ms_relay_handshake(struct ms_relay *r, int d, u32 n)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	u32 off, chunk;
	int ret = 1;
	u8 *p;

	if (!n)	/* RFC 8446 5.1: no empty handshake records */
		return ms_relay_fail(r, MEDIASEC_RELAY_END_PROTOCOL, d);
	for (off = 0; off < n && ret == 1 && !r->draining; off += chunk) {
		chunk = min_t(u32, PAGE_SIZE, n - off);
		p = kmap_local_page(dir->pages[off >> PAGE_SHIFT]);
		ret = ms_relay_handshake_bytes(r, d, p, chunk);
		kunmap_local(p);
	}
	return ret;
}

/* An alert (RFC 8446 6): close_notify is a half-close, user_canceled is
 * only a notice (a close_notify follows it), anything else ends it all.
 */
static int ms_relay_alert(struct ms_relay *r, int d, u32 n)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	u8 *p;

	if (n != 2)
		return ms_relay_fail(r, MEDIASEC_RELAY_END_PROTOCOL, d);
	p = kmap_local_page(dir->pages[0]);
	src->alert = p[0] << 8 | p[1];
	kunmap_local(p);
	if ((src->alert & 0xff) == MS_TLS_USER_CANCELED)
		return 1;
	if ((src->alert & 0xff) != MS_TLS_CLOSE_NOTIFY)
		return ms_relay_fail(r, MEDIASEC_RELAY_END_ALERT, d);
	dir->eof = true;
	dir->notify = true;
	src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
	return 1;
}

/*
 * The source of @dir had nothing: the direction keeps its pages (the
 * buffer and the spare ones) for MS_RELAY_RETRY, then gives them back, a
 * relay that waits holding no buffer.  A stream pauses between most runs
 * of the work, and new pages cost (zeroed, init_on_alloc): a stream that
 * goes on reads into the same pages again.
 */
static void ms_relay_dir_cool(struct ms_relay *r, struct ms_relay_dir *dir)
{
	if (!ms_relay_dir_holds(dir))
		return;
	if (!dir->cooling) {
		dir->cooling = true;
		dir->idle_since = jiffies;
	}
	if (time_before(jiffies, dir->idle_since + MS_RELAY_RETRY))
		r->retry = true;	/* a look again then */
	else
		ms_relay_dir_free(dir);
}

/* Reads one record or chunk from the source of @d and sorts it. */
static int ms_relay_read(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	bool idle = ms_leg_idle(src);
	u8 type;
	int n;

	if (!idle)
		dir->cooling = false;
	n = idle ? -EAGAIN : ms_leg_recv(src, dir, &type);
	if (n == -ENOMEM) {
		/* no pages now: the bytes wait in TCP, the work looks later */
		r->retry = true;
		return 0;
	}
	if (n == -EAGAIN) {
		/*
		 * Urgent data has no place in TLS (RFC 8446 5: records only);
		 * kTLS's parser stops at it for good.
		 */
		if (src->tls && READ_ONCE(tcp_sk(src->sock->sk)->urg_data))
			return ms_relay_fail(r, MEDIASEC_RELAY_END_PROTOCOL, d);
		if (idle) {
			ms_relay_dir_cool(r, dir);
			return 0;
		}
		/*
		 * Part of a record: the pages stay for the rest.  kTLS may
		 * parse the record in its own work, which wakes only the
		 * socket's readers: look again a little later.
		 */
		if (src->tls)
			r->retry = true;
		return 0;
	}
	if (n < 0)
		return ms_relay_sock_fail(r, n, d);
	if (!type) {
		/*
		 * A FIN: from a TCP leg that side's clean close, which a TLS
		 * leg says with close_notify.  From a TLS leg without
		 * close_notify it cuts the session short; a TCP leg can only
		 * be told so with a reset, which would throw away what it
		 * has not sent yet: the FIN is passed on, the leg marked.
		 */
		dir->eof = true;
		dir->notify = !src->tls;
		src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
		if (src->tls)
			src->flags |= MEDIASEC_LEG_F_TRUNCATED;
		return 1;
	}

	switch (type) {
	case MS_TLS_APPLICATION_DATA:
		if (dir->hs_skip || dir->hs_hdr_len)	/* RFC 8446 5.1 */
			return ms_relay_fail(r, MEDIASEC_RELAY_END_PROTOCOL, d);
		dir->len = n;
		dir->off = 0;
		src->rx_bytes += n;
		return 1;
	case MS_TLS_ALERT:
		return ms_relay_alert(r, d, n);
	case MS_TLS_HANDSHAKE:
		return ms_relay_handshake(r, d, n);
	default:
		return ms_relay_fail(r, MEDIASEC_RELAY_END_PROTOCOL, d);
	}
}

/*
 * The source of @d closed and everything it sent was written: pass the
 * half-close on, once kTLS has handed all its records to TCP (a FIN
 * queued before them would cut them off).
 */
static int ms_relay_half_close(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *dst = &r->legs[!d];
	int ret;

	if (dst->tls) {
		/*
		 * kTLS sends what it holds from its own work, after room
		 * comes; that work may not run (room that came while TCP was
		 * being written to): look again later too.
		 */
		if (ms_ktls_tx_pending(dst->sock->sk)) {
			r->retry = true;
			return 0;
		}
		if (dir->notify) {
			ret = ms_leg_send_alert(dst, MS_TLS_ALERT_WARNING,
						MS_TLS_CLOSE_NOTIFY);
			if (ret == -EAGAIN) {
				ms_relay_retry_if_idle(r, dst);
				return 0;
			}
			if (ret)
				return ms_relay_sock_fail(r, ret, !d);
			dir->notify = false;
			if (ms_ktls_tx_pending(dst->sock->sk)) {
				r->retry = true;
				return 0;
			}
		}
	}
	ret = kernel_sock_shutdown(dst->sock, SHUT_WR);
	if (ret && ret != -ENOTCONN)
		return ms_relay_sock_fail(r, ret, !d);
	ms_relay_dir_free(dir);
	ms_relay_stall(r, d, false);
	dir->shut = true;
	dst->flags |= MEDIASEC_LEG_F_TX_CLOSED;
	return 1;
}

/*
 * TCP to TCP (end-to-end TLS): the received segments' pages are handed to
 * the destination as they are (ms_leg_splice()), with no copy; what the
 * destination does not take stays in the source's receive queue, so
 * back-pressure is the same.  Both sockets are the
 * relay's, locked source first.
 */
static int ms_relay_splice(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	struct ms_relay_leg *dst = &r->legs[!d];
	struct sock *ssk = src->sock->sk, *dsk = dst->sock->sk;
	const struct tcp_sock *stp = tcp_sk(ssk);
	int n, err = 0, ret;

	if (ms_leg_idle(src)) {
		/* pages an urgent byte's read took (below) go in time */
		ms_relay_dir_cool(r, dir);
		return 0;
	}
	lock_sock(ssk);
	lock_sock_nested(dsk, SINGLE_DEPTH_NESTING);
	n = ms_leg_splice(ssk, dsk);
	release_sock(dsk);
	if (n <= 0 && stp->urg_data && stp->urg_seq == stp->copied_seq) {
		/*
		 * tcp_read_sock() stops at the urgent mark (RFC 9293 3.8.5):
		 * the urgent byte is copied, inline (SOCK_URGINLINE, set
		 * when the leg was hooked), with what follows it.
		 */
		release_sock(ssk);
		return ms_relay_read(r, d);
	}
	if (n > 0) {
		src->rx_bytes += n;
		dst->tx_bytes += n;
		ms_relay_stall(r, d, false);
		ret = 1;
	} else if (n < 0 && n != -EAGAIN) {
		ret = ms_relay_sock_fail(r, n, !d);
	} else if (tcp_inq(ssk)) {
		/* The destination is full: its write_space brings us back. */
		ms_relay_stall(r, d, true);
		ms_relay_retry_if_idle(r, dst);
		ret = 0;
	} else if (ssk->sk_err) {
		err = sock_error(ssk);
		ret = 1;
	} else if (ssk->sk_shutdown & RCV_SHUTDOWN) {
		dir->eof = true;
		dir->notify = true;
		src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
		ret = 1;
	} else {
		ret = 0;
	}
	release_sock(ssk);
	if (err)
		return ms_relay_sock_fail(r, err, d);
	return ret;
}

/*
 * One step of direction @d: write what is pending, or pass a half-close
 * on, or read.  Returns 1 after progress, 0 when it has to wait, or -1
 * when the relay is to end (ms_relay_fail() said how).
 */
static int ms_relay_step(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	struct ms_relay_leg *dst = &r->legs[!d];
	int n;

	if (dir->shut)
		return r->draining ? ms_relay_discard(r, d) : 0;
	if (dir->off < dir->len) {
		n = ms_leg_send_pages(dst, dir);
		if (n == -EAGAIN) {
			ms_relay_stall(r, d, true);
			ms_relay_retry_if_idle(r, dst);
			return 0;
		}
		if (n < 0)
			return ms_relay_sock_fail(r, n, !d);
		ms_relay_stall(r, d, false);
		dst->tx_bytes += n;
		return 1;
	}
	if (dir->eof)
		return ms_relay_half_close(r, d);
	if (!src->tls && !dst->tls)
		return ms_relay_splice(r, d);
	return ms_relay_read(r, d);
}

/*
 * A leg that has sent all it will still has to be watched for a reset:
 * its socket error is left for ms_relay_finish() to see.
 */
static int ms_relay_check_reset(struct ms_relay *r)
{
	int i;

	for (i = 0; i < 2; i++)
		if (r->dirs[i].eof && READ_ONCE(r->legs[i].sock->sk->sk_err))
			return ms_relay_fail(r, MEDIASEC_RELAY_END_RESET, i);
	return 0;
}

/* The alert that tells leg @by, which ended the relay, why. */
static u8 ms_relay_alert_for(u8 end)
{
	switch (end) {
	case MEDIASEC_RELAY_END_AUTH_FAIL:
		return MS_TLS_BAD_RECORD_MAC;
	case MEDIASEC_RELAY_END_PROTOCOL:
		return MS_TLS_UNEXPECTED_MESSAGE;
	default:
		return MS_TLS_INTERNAL_ERROR;
	}
}

/*
 * Ends @r as r->end says: the goodbyes on each leg, the sockets closed,
 * an event.
 *
 * - KeyUpdate, renegotiation: a clean close both ways (close_notify to
 *   each TLS leg, a FIN to each), the way a TLS stack that cannot re-key
 *   declines;
 * - a reset of one leg: the other is reset;
 * - an authentication failure, an alert, a protocol error, an error: the
 *   leg it came from gets a fatal alert (bad_record_mac, unexpected_message,
 *   internal_error; none after the peer's own alert) and is shut down; the
 *   other is reset, so that its peer does not take the end for a clean one.
 */
static void ms_relay_finish(struct ms_relay *r)
{
	struct ms_event ev = {
		.type = MEDIASEC_EVENT_RELAY_END,
		.relay_id = r->id,
		.reason = r->end,
		.leg = r->fail_by,
	};
	bool clean = r->end == MEDIASEC_RELAY_END_KEY_UPDATE ||
		     r->end == MEDIASEC_RELAY_END_RENEGOTIATION;
	struct ms_relay_leg *leg;
	struct sock *sk;
	int i;

	for (i = 0; i < 2 && r->end != MEDIASEC_RELAY_END_CLOSED; i++) {
		leg = &r->legs[i];
		sk = leg->sock->sk;
		if (i != r->fail_by && !clean) {
			sock_no_linger(sk);	/* closed with a reset */
			continue;
		}
		if (r->end == MEDIASEC_RELAY_END_RESET)
			continue;
		if (leg->tls && !(leg->flags & MEDIASEC_LEG_F_TX_CLOSED)) {
			/* kTLS's error, which we read: the alert still
			 * goes out under the sending keys.
			 */
			if (r->end == MEDIASEC_RELAY_END_AUTH_FAIL)
				sock_error(sk);
			if (clean)
				ms_leg_send_alert(leg, MS_TLS_ALERT_WARNING,
						  MS_TLS_CLOSE_NOTIFY);
			else if (r->end != MEDIASEC_RELAY_END_ALERT)
				ms_leg_send_alert(leg, MS_TLS_ALERT_FATAL,
						  ms_relay_alert_for(r->end));
		}
		kernel_sock_shutdown(leg->sock, SHUT_RDWR);
		leg->flags |= MEDIASEC_LEG_F_TX_CLOSED;
	}
	ms_relay_release(r);
	ms_nl_event(r->net, &ev);
}

/*
 * A clean end's drain is done: both legs half-closed, and both peers'
 * FINs read, or the linger is over.
 */
static bool ms_relay_drained(struct ms_relay *r)
{
	if (!r->dirs[0].shut || !r->dirs[1].shut)
		return false;
	if ((r->legs[0].flags & r->legs[1].flags & MEDIASEC_LEG_F_RX_CLOSED) ||
	    time_after_eq(jiffies, r->linger_until))
		return true;
	r->retry = true;	/* a look at the linger again */
	return false;
}

/**
 * ms_relay_kick() - have a relay's work look at its legs
 * @r: the relay
 *
 * Queues the work, unless it is queued or running and has yet to look:
 * a work item running is queued again by queue_work(), and that run,
 * after one that had moved what came, would find nothing.  The work
 * clears MS_RELAY_LOOKING before its last look at the legs
 * (ms_relay_work()).  The caller orders what it saw (a socket's new
 * state) before this with smp_mb(), pairing with that clear: either the
 * last look sees the new state, or this sees the bit clear and queues.
 */
void ms_relay_kick(struct ms_relay *r)
{
	/* the common case while a stream flows: no atomic write */
	if (test_bit(MS_RELAY_LOOKING, &r->flags))
		return;
	if (!test_and_set_bit(MS_RELAY_LOOKING, &r->flags))
		queue_work(ms_relay_wq, &r->work);
}

/**
 * ms_relay_retry_timer() - queue a relay's work again, later
 * @t: &struct ms_relay.retry_timer
 */
void ms_relay_retry_timer(struct timer_list *t)
{
	struct ms_relay *r = from_timer(r, t, retry_timer);

	queue_work(ms_relay_wq, &r->work);
}

/**
 * ms_relay_work() - move what the legs of a relay have, both ways
 * @work: &struct ms_relay.work
 *
 * The relay's module reference is dropped last, after the event, the
 * end of the relay's use of the module's other parts.
 */
void ms_relay_work(struct work_struct *work)
{
	struct ms_relay *r = container_of(work, struct ms_relay, work);
	int budget = MS_RELAY_BUDGET, progress, ret, d;
	bool ended = false, last_look = false;

	mutex_lock(&r->lock);
	if (!r->running)
		goto out_unlock;
	r->retry = false;
	/* callbacks from here on need not queue this again (ms_relay_kick()) */
	set_bit(MS_RELAY_LOOKING, &r->flags);
	do {
		progress = 0;
		for (d = 0; d < 2; d++) {
			ret = ms_relay_step(r, d);
			if (ret < 0) {
				ms_relay_finish(r);
				ended = true;
				goto out_unlock;
			}
			progress |= ret;
		}
		if (progress && last_look) {
			/* there was more: callbacks need not queue us again */
			set_bit(MS_RELAY_LOOKING, &r->flags);
			last_look = false;
		} else if (!progress && !last_look &&
			   test_and_clear_bit(MS_RELAY_LOOKING, &r->flags)) {
			/*
			 * Callbacks queue the work again from here on: one
			 * more look, for what they did not queue it for.
			 */
			progress = 1;
			last_look = true;
		}
		cond_resched();
		/* the switch to the last look costs no budget */
	} while (progress && (last_look || --budget));

	if (r->draining) {
		ended = ms_relay_drained(r);
	} else if (r->dirs[0].shut && r->dirs[1].shut) {
		r->end = MEDIASEC_RELAY_END_CLOSED;
		r->fail_by = -1;
		ended = true;
	} else if (ms_relay_check_reset(r)) {
		ended = true;
	}
	if (ended)
		ms_relay_finish(r);
	if (ended)
		goto out_unlock;
	if (!budget)
		queue_work(ms_relay_wq, &r->work);
	else if (r->retry && !timer_pending(&r->retry_timer))
		mod_timer(&r->retry_timer, jiffies + MS_RELAY_RETRY);
out_unlock:
	mutex_unlock(&r->lock);
	if (ended)
		module_put(THIS_MODULE);
}
