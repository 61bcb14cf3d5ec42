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
 */

#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tls.h>
#include <uapi/linux/mediasec.h>

#include "compat.h"
#include "netlink.h"
#include "relay.h"

/* Steps of one run of the work before it yields the CPU and queues again. */
#define MS_RELAY_BUDGET		64

/* Record content types (RFC 8446 appendix B.1) and what the relay reads. */
#define MS_TLS_CHANGE_CIPHER_SPEC	20
#define MS_TLS_ALERT			21
#define MS_TLS_HANDSHAKE		22
#define MS_TLS_APPLICATION_DATA		23

/* Handshake message types (RFC 8446 appendix B.3). */
#define MS_TLS_NEW_SESSION_TICKET	4
#define MS_TLS_KEY_UPDATE		24

/* Alerts (RFC 8446 section 6). */
#define MS_TLS_ALERT_WARNING		1
#define MS_TLS_ALERT_FATAL		2
#define MS_TLS_CLOSE_NOTIFY		0
#define MS_TLS_UNEXPECTED_MESSAGE	10
#define MS_TLS_BAD_RECORD_MAC		20

static int ms_leg_send(struct ms_relay_leg *leg, void *buf, size_t len,
		       u8 record_type)
{
	union {
		struct cmsghdr hdr;
		u8 bytes[CMSG_SPACE(sizeof(u8))];
	} control = {};
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };

	if (record_type) {
		control.hdr.cmsg_level = SOL_TLS;
		control.hdr.cmsg_type = TLS_SET_RECORD_TYPE;
		control.hdr.cmsg_len = CMSG_LEN(sizeof(u8));
		*(u8 *)CMSG_DATA(&control.hdr) = record_type;
		msg.msg_control = &control;
		msg.msg_controllen = sizeof(control);
	}
	return kernel_sendmsg(leg->sock, &msg, &iov, 1, len);
}

/* Returns bytes read, 0 at the end of the stream, or an error. */
static int ms_leg_recv(struct ms_relay_leg *leg, void *buf, size_t len,
		       u8 *record_type)
{
	union {
		struct cmsghdr hdr;
		u8 bytes[CMSG_SPACE(sizeof(u8))];
	} control = {};
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};
	int n;

	if (leg->tls) {
		msg.msg_control = &control;
		msg.msg_controllen = sizeof(control);
	}
	n = kernel_recvmsg(leg->sock, &msg, &iov, 1, len, MSG_DONTWAIT);
	*record_type = MS_TLS_APPLICATION_DATA;
	if (n > 0 && leg->tls) {
		if (control.hdr.cmsg_level != SOL_TLS ||
		    control.hdr.cmsg_type != TLS_GET_RECORD_TYPE)
			return -EPROTO;
		*record_type = *(u8 *)CMSG_DATA(&control.hdr);
		leg->rx_records = ms_ktls_rec_seq(leg->sock->sk, true) -
				  leg->rx_seq0;
	}
	return n;
}

static int ms_leg_send_alert(struct ms_relay_leg *leg, u8 level, u8 desc)
{
	u8 alert[2] = { level, desc };
	int n;

	n = ms_leg_send(leg, alert, sizeof(alert), MS_TLS_ALERT);
	if (n > 0)
		leg->tx_records = ms_ktls_rec_seq(leg->sock->sk, false) -
				  leg->tx_seq0;
	return n < 0 ? n : 0;
}

/*
 * A handshake record after the handshake: NewSessionTickets (which
 * servers send a TLS 1.3 client whenever they like) are dropped, the
 * relay holding no session cache; anything else ends the relay.  A
 * message may continue into the next records (@dir->hs_skip).
 */
static int ms_relay_handshake(struct ms_relay_dir *dir,
			      struct ms_relay_leg *src, const u8 *p, u32 n)
{
	u32 off = min(dir->hs_skip, n), len;

	dir->hs_skip -= off;
	while (off < n) {
		if (p[off] == MS_TLS_KEY_UPDATE)
			return -MEDIASEC_RELAY_END_KEY_UPDATE;
		if (p[off] != MS_TLS_NEW_SESSION_TICKET ||
		    src->tls_version != TLS_1_3_VERSION)
			return -MEDIASEC_RELAY_END_RENEGOTIATION;
		if (n - off < 4) /* a header split across records */
			return -MEDIASEC_RELAY_END_PROTOCOL;
		len = (p[off + 1] << 16) | (p[off + 2] << 8) | p[off + 3];
		src->tickets_dropped++;
		if (len > n - off - 4) {
			dir->hs_skip = len - (n - off - 4);
			break;
		}
		off += 4 + len;
	}
	return 0;
}

/* What the end of a relay says for a socket error (a negative errno). */
static int ms_relay_sock_err(int err)
{
	switch (err) {
	case -EBADMSG:
		return -MEDIASEC_RELAY_END_AUTH_FAIL;
	case -ECONNRESET:
	case -EPIPE:
		return -MEDIASEC_RELAY_END_RESET;
	default:
		return -MEDIASEC_RELAY_END_ERROR;
	}
}

/* Reads one record or chunk from the source of @d and sorts it. */
static int ms_relay_read(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	u8 type;
	int n;

	if (!dir->buf) {
		dir->buf = kmalloc(MS_RELAY_BUF, GFP_KERNEL);
		if (!dir->buf)
			return -MEDIASEC_RELAY_END_ERROR;
	}
	n = ms_leg_recv(src, dir->buf, MS_RELAY_BUF, &type);
	if (n == -EAGAIN) {
		/* Idle: a relay that waits holds no buffer. */
		kfree(dir->buf);
		dir->buf = NULL;
		return 0;
	}
	if (n < 0) {
		if (n == -EBADMSG)
			src->auth_fails++;
		return ms_relay_sock_err(n);
	}
	if (!n) {
		/*
		 * A FIN: from a TCP leg it is that side's clean close, which a
		 * TLS leg says with close_notify; from a TLS leg it cuts the
		 * session short, and the other side sees just the same.
		 */
		dir->eof = true;
		dir->notify = !src->tls;
		src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
		return 1;
	}

	switch (type) {
	case MS_TLS_APPLICATION_DATA:
		if (dir->hs_skip)
			return -MEDIASEC_RELAY_END_PROTOCOL;
		dir->len = n;
		dir->off = 0;
		src->rx_bytes += n;
		return 1;
	case MS_TLS_ALERT:
		if (n != 2)
			return -MEDIASEC_RELAY_END_PROTOCOL;
		src->alert = dir->buf[0] << 8 | dir->buf[1];
		if (dir->buf[1] != MS_TLS_CLOSE_NOTIFY)
			return -MEDIASEC_RELAY_END_ALERT;
		dir->eof = true;
		dir->notify = true;
		src->flags |= MEDIASEC_LEG_F_RX_CLOSED;
		return 1;
	case MS_TLS_HANDSHAKE:
		n = ms_relay_handshake(dir, src, dir->buf, n);
		return n ? n : 1;
	default:
		return -MEDIASEC_RELAY_END_PROTOCOL;
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
		if (ms_ktls_tx_pending(dst->sock->sk))
			return 0;
		if (dir->notify) {
			ret = ms_leg_send_alert(dst, MS_TLS_ALERT_WARNING,
						MS_TLS_CLOSE_NOTIFY);
			if (ret == -EAGAIN)
				return 0;
			if (ret)
				return ms_relay_sock_err(ret);
			dir->notify = false;
			if (ms_ktls_tx_pending(dst->sock->sk))
				return 0;
		}
	}
	ret = kernel_sock_shutdown(dst->sock, SHUT_WR);
	if (ret && ret != -ENOTCONN)
		return ms_relay_sock_err(ret);
	kfree(dir->buf);
	dir->buf = NULL;
	dir->shut = true;
	dst->flags |= MEDIASEC_LEG_F_TX_CLOSED;
	return 1;
}

/*
 * One step of direction @d: write what is pending, or pass a half-close
 * on, or read.  Returns 1 after progress, 0 when it has to wait, or the
 * negated enum mediasec_relay_end that ends the relay.
 */
static int ms_relay_step(struct ms_relay *r, int d)
{
	struct ms_relay_dir *dir = &r->dirs[d];
	struct ms_relay_leg *src = &r->legs[d];
	struct ms_relay_leg *dst = &r->legs[!d];
	int n;

	if (dir->shut)
		return 0;
	if (dir->off < dir->len) {
		n = ms_leg_send(dst, dir->buf + dir->off, dir->len - dir->off,
				0);
		if (n == -EAGAIN) {
			src->flags |= MEDIASEC_LEG_F_RX_STALLED;
			return 0;
		}
		if (n < 0)
			return ms_relay_sock_err(n);
		src->flags &= ~MEDIASEC_LEG_F_RX_STALLED;
		dst->tx_bytes += n;
		if (dst->tls)
			dst->tx_records = ms_ktls_rec_seq(dst->sock->sk,
							  false) -
					  dst->tx_seq0;
		dir->off += n;
		return 1;
	}
	if (dir->eof)
		return ms_relay_half_close(r, d);
	return ms_relay_read(r, d);
}

/*
 * A leg both of whose directions are done still has to be watched for a
 * reset: its socket error is left for the end to see.
 */
static int ms_relay_check_reset(struct ms_relay *r)
{
	int i;

	for (i = 0; i < 2; i++)
		if (r->dirs[i].eof && READ_ONCE(r->legs[i].sock->sk->sk_err))
			return i;
	return -1;
}

/* Ends @r: the goodbyes on each leg, the sockets closed, an event. */
static void ms_relay_finish(struct ms_relay *r, u8 end, int by)
{
	struct ms_event ev = {
		.type = MEDIASEC_EVENT_RELAY_END,
		.relay_id = r->id,
		.reason = end,
		.leg = by,
	};
	struct ms_relay_leg *leg;
	int i;

	r->end = end;
	r->end_leg = by < 0 ? 0 : by;
	for (i = 0; i < 2 && end != MEDIASEC_RELAY_END_CLOSED; i++) {
		leg = &r->legs[i];
		if (end == MEDIASEC_RELAY_END_RESET) {
			/* Pass a reset on as a reset. */
			if (i != by)
				sock_no_linger(leg->sock->sk);
			continue;
		}
		if (leg->tls && !(leg->flags & MEDIASEC_LEG_F_TX_CLOSED)) {
			if (i != by)
				ms_leg_send_alert(leg, MS_TLS_ALERT_WARNING,
						  MS_TLS_CLOSE_NOTIFY);
			else if (end == MEDIASEC_RELAY_END_AUTH_FAIL &&
				 sock_error(leg->sock->sk) == -EBADMSG)
				/* kTLS's error, which we read: the alert
				 * still goes out under the sending keys.
				 */
				ms_leg_send_alert(leg, MS_TLS_ALERT_FATAL,
						  MS_TLS_BAD_RECORD_MAC);
			else if (end != MEDIASEC_RELAY_END_ALERT)
				ms_leg_send_alert(leg, MS_TLS_ALERT_FATAL,
						  MS_TLS_UNEXPECTED_MESSAGE);
		}
		kernel_sock_shutdown(leg->sock, SHUT_RDWR);
		leg->flags |= MEDIASEC_LEG_F_TX_CLOSED;
	}
	ms_relay_release(r);
	ms_nl_event(r->net, &ev);
}

/**
 * ms_relay_work() - move what the legs of a relay have, both ways
 * @work: &struct ms_relay.work
 */
void ms_relay_work(struct work_struct *work)
{
	struct ms_relay *r = container_of(work, struct ms_relay, work);
	int budget = MS_RELAY_BUDGET, progress, ret, d, by = -1;

	mutex_lock(&r->lock);
	if (!r->running)
		goto out_unlock;
	do {
		progress = 0;
		for (d = 0; d < 2; d++) {
			ret = ms_relay_step(r, d);
			if (ret < 0) {
				by = d;
				/* A write failed: the destination ended it. */
				if (r->dirs[d].off < r->dirs[d].len &&
				    ret != -MEDIASEC_RELAY_END_ERROR)
					by = !d;
				ms_relay_finish(r, -ret, by);
				goto out_unlock;
			}
			progress |= ret;
		}
	} while (progress && --budget);

	if (r->dirs[0].shut && r->dirs[1].shut) {
		ms_relay_finish(r, MEDIASEC_RELAY_END_CLOSED, -1);
	} else {
		by = ms_relay_check_reset(r);
		if (by >= 0)
			ms_relay_finish(r, MEDIASEC_RELAY_END_RESET, by);
		else if (!budget)
			queue_work(ms_relay_wq, &r->work);
	}
out_unlock:
	mutex_unlock(&r->lock);
}
