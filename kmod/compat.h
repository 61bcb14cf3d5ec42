/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernel APIs of 6.1 (where mediasec is tested)
 * and 6.12 that mediasec meets, in one place.
 */
#ifndef _MEDIASEC_COMPAT_H
#define _MEDIASEC_COMPAT_H

#include <linux/version.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

/*
 * 6.4 added __bpf_kfunc; before, a kfunc only had to stay out of line.
 * Kfuncs are declared in mediasec.h, so neither the compiler nor sparse
 * needs 6.7's __bpf_kfunc_start_defs() silencing.
 */
#ifndef __bpf_kfunc
#define __bpf_kfunc noinline
#endif

/* 6.9 wants kfunc id sets marked as such (BTF_SET8_KFUNCS). */
#ifndef BTF_KFUNCS_START
#define BTF_KFUNCS_START(name) BTF_SET8_START(name)
#define BTF_KFUNCS_END(name) BTF_SET8_END(name)
#endif

/*
 * KF_TRUSTED_ARGS (6.0 on): from 6.3 the verifier refuses a maybe-NULL
 * pointer for such a kfunc's arguments; on 6.1 it only asks pointers to
 * kernel objects (not our map values or stack copies) to be referenced.
 * The kfuncs check every pointer for NULL themselves on every version.
 */
#ifndef KF_TRUSTED_ARGS
#define KF_TRUSTED_ARGS 0
#endif

/*
 * The events multicast group carries subscriber data (latched addresses
 * and ports): only CAP_NET_ADMIN may join it.  6.8 added the flag, and
 * 6.1.y (Debian 12's 6.1.0) and 6.6.y have it backported; without it any
 * process could listen, so refuse to build.
 */
#include <net/genetlink.h>
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "mediasec needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.8, or 6.1.y/6.6.y stable)"
#endif

/*
 * What a relay needs to know of a kTLS socket beyond the socket API: the
 * record sequence numbers (its record counters), and whether kTLS still
 * holds records that TCP did not take (a FIN must wait for them).  Both
 * live in the TLS context of include/net/tls.h on 6.1; the caller makes
 * sure the socket is a kTLS one in software mode.
 */
#include <net/tls.h>

static inline u64 ms_ktls_rec_seq(struct sock *sk, bool rx)
{
	struct tls_context *ctx = tls_get_ctx(sk);

	__be64 seq;

	memcpy(&seq, rx ? ctx->rx.rec_seq : ctx->tx.rec_seq, sizeof(seq));
	return be64_to_cpu(seq);
}

static inline bool ms_ktls_tx_pending(struct sock *sk)
{
	struct tls_context *ctx = tls_get_ctx(sk);
	bool pending;

	if (ctx->tx_conf != TLS_SW)
		return false;
	lock_sock(sk);
	/*
	 * An open record holding data sets pending_open_record_frags; an
	 * empty one (left by a send refused for room) is no data to wait for.
	 */
	pending = ctx->partially_sent_record ||
		  ctx->pending_open_record_frags ||
		  !list_empty(&tls_sw_ctx_tx(ctx)->tx_list);
	if (pending)	/* the write_space callback will say when it moved */
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	release_sock(sk);
	return pending;
}

/*
 * Taking a descriptor out of the caller's table, with the file it named:
 * close_fd_get_file() on 6.1 (6.8 renamed it file_close_fd(); a port
 * changes this line).  And whether a file is in an epoll instance
 * (struct file's f_ep since 5.16).
 */
#include <linux/fdtable.h>
#include <linux/fs.h>

static inline struct file *ms_close_fd_get_file(unsigned int fd)
{
	return close_fd_get_file(fd);
}

static inline bool ms_file_in_epoll(struct file *file)
{
#ifdef CONFIG_EPOLL
	return READ_ONCE(file->f_ep);
#else
	return false;
#endif
}

/*
 * Handing a page to a socket without a copy (TCP sends it, kTLS encrypts
 * from it): sendpage until 6.5, then sendmsg() with MSG_SPLICE_PAGES,
 * where MSG_MORE says what MSG_SENDPAGE_NOTLAST said; 6.5 removed both
 * sendpage and that flag (6.1.y has MSG_SPLICE_PAGES defined, not
 * handled by TCP).  Non-blocking.
 */
#include <linux/bvec.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>

#ifndef MSG_SENDPAGE_NOTLAST
/* The message that hands @len bytes at @offset of @page over (6.5 on). */
static inline void ms_splice_msg(struct msghdr *msg, struct bio_vec *bvec,
				 struct page *page, int offset, size_t len,
				 bool more)
{
	msg->msg_flags = MSG_SPLICE_PAGES | MSG_DONTWAIT | MSG_NOSIGNAL |
			 (more ? MSG_MORE : 0);
	bvec_set_page(bvec, page, len, offset);
	iov_iter_bvec(&msg->msg_iter, ITER_SOURCE, bvec, 1, len);
}
#endif

static inline int ms_sendpage(struct socket *sock, struct page *page,
			      int offset, size_t len, bool more)
{
#ifdef MSG_SENDPAGE_NOTLAST
	return kernel_sendpage(sock, page, offset, len,
			       MSG_DONTWAIT | MSG_NOSIGNAL |
			       (more ? MSG_SENDPAGE_NOTLAST : 0));
#else
	struct msghdr msg = {};
	struct bio_vec bvec;

	ms_splice_msg(&msg, &bvec, page, offset, len, more);
	return sock_sendmsg(sock, &msg);
#endif
}

/*
 * The same for a socket whose lock the caller holds (the relay's TCP to
 * TCP splice, relay_pump.c), as __skb_send_sock() does it in each version.
 */
static inline int ms_sendpage_locked(struct sock *sk, struct page *page,
				     int offset, size_t len, bool more)
{
#ifdef MSG_SENDPAGE_NOTLAST
	return kernel_sendpage_locked(sk, page, offset, len,
				      MSG_DONTWAIT | MSG_NOSIGNAL |
				      (more ? MSG_SENDPAGE_NOTLAST : 0));
#else
	struct socket *sock = sk->sk_socket;
	struct msghdr msg = {};
	struct bio_vec bvec;

	if (!sock || !sock->ops->sendmsg_locked)
		return -EINVAL;
	ms_splice_msg(&msg, &bvec, page, offset, len, more);
	return sock->ops->sendmsg_locked(sk, &msg, len);
#endif
}

#endif /* _MEDIASEC_COMPAT_H */
