// SPDX-License-Identifier: GPL-2.0
/*
 * Relays: the module takes two established TCP sockets from their owner
 * by file descriptor (as l2tp takes a tunnel's socket), hooks their
 * callbacks, and moves the bytes between them from a work item
 * (relay_pump.c) with no system call and no user space wake-up per
 * record.  MSRP over TLS (TS 33.328 7.x, RFC 4975/6714) is the user: the
 * controller runs the TLS handshake, programs kTLS on a leg, and hands the
 * sockets over; the controller may then restart while sessions go on.
 *
 * Lifetime: a relay holds its sockets' files until it ends (both
 * directions closed, an error, RELAY_DEL, the namespace or the module
 * going away); it stays, with its counters, until RELAY_DEL.  The
 * sockets' callbacks find their leg in sk_user_data under
 * sk_callback_lock, which the relay clears before it lets go of them, so
 * no callback queues the work of a relay that has ended.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <linux/slab.h>
#include <net/inet_connection_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tls.h>

#include "budget.h"
#include "compat.h"
#include "relay.h"

unsigned int ms_max_relays = 1 << 16;
module_param_named(max_relays, ms_max_relays, uint, 0644);
MODULE_PARM_DESC(max_relays, "most TCP/TLS relays per network namespace");

atomic_t ms_live_relays = ATOMIC_INIT(0);

/* TCP keepalive of a relay's legs: a dead peer is given up in 2 min. */
#define MS_RELAY_KEEPIDLE	60	/* s */
#define MS_RELAY_KEEPINTVL	10	/* s */
#define MS_RELAY_KEEPCNT	6

/* Runs the relays' work, unbound (ms_relay_init()). */
struct workqueue_struct *ms_relay_wq;

/*
 * The leg of a relay a socket is, or NULL; under sk_callback_lock.  A
 * relay tags sk_user_data with exactly SK_USER_DATA_NOCOPY: a psock
 * (NOCOPY | PSOCK) or any other user is not taken for a leg.
 */
static struct ms_relay_leg *ms_leg_of(struct sock *sk)
{
	uintptr_t ud = (uintptr_t)rcu_dereference_check(__sk_user_data(sk),
			lockdep_is_held(&sk->sk_callback_lock));

	if ((ud & ~SK_USER_DATA_PTRMASK) != SK_USER_DATA_NOCOPY)
		return NULL;
	return (struct ms_relay_leg *)(ud & SK_USER_DATA_PTRMASK);
}

/* The socket's own slot of callback @cb. */
static void (**ms_sk_callback(struct sock *sk, int cb))(struct sock *sk)
{
	switch (cb) {
	case MS_CB_DATA_READY:
		return &sk->sk_data_ready;
	case MS_CB_WRITE_SPACE:
		return &sk->sk_write_space;
	case MS_CB_STATE_CHANGE:
		return &sk->sk_state_change;
	default:
		return &sk->sk_error_report;
	}
}

static void ms_relay_data_ready(struct sock *sk);
static void ms_relay_write_space(struct sock *sk);
static void ms_relay_state_change(struct sock *sk);
static void ms_relay_error_report(struct sock *sk);

static void (*const ms_relay_callbacks[MS_CB_COUNT])(struct sock *sk) = {
	[MS_CB_DATA_READY]	= ms_relay_data_ready,
	[MS_CB_WRITE_SPACE]	= ms_relay_write_space,
	[MS_CB_STATE_CHANGE]	= ms_relay_state_change,
	[MS_CB_ERROR_REPORT]	= ms_relay_error_report,
};

/* Whether someone waits for room on @sk (a refused send set the flag). */
static bool ms_sock_nospace(struct sock *sk)
{
	struct socket *sock = READ_ONCE(sk->sk_socket);

	return sock && test_bit(SOCK_NOSPACE, &sock->flags);
}

/*
 * Whether callback @cb of @leg's socket @sk has something for the relay.
 *
 * - Data: not while what the leg sends waits for room on the other leg
 *   (that leg's write space brings the work).  From a kTLS leg even a
 *   part of a record wakes it: kTLS may finish the record from its own
 *   work, whose wake-up goes to the socket's readers only, and the relay's
 *   read parses what TCP holds itself.
 * - Room: TCP calls write_space while someone waits for room, and the
 *   stream's callback clears SOCK_NOSPACE once a third of the buffer is
 *   free (@nospace is the flag before it ran): the relay goes then, not
 *   at every acknowledgment before.
 */
static bool ms_relay_wanted(struct ms_relay_leg *leg, struct sock *sk,
			    int cb, bool nospace)
{
	struct ms_relay *r = leg->relay;

	switch (cb) {
	case MS_CB_DATA_READY:
		return !READ_ONCE(r->dirs[leg - r->legs].stalled);
	case MS_CB_WRITE_SPACE:
		return nospace && !ms_sock_nospace(sk);
	default:
		return true;
	}
}

/*
 * Every callback calls the one it replaced (kTLS's record parser and
 * transmit work, the wake-ups of anyone polling) and queues the relay's
 * work if there is something in it for the relay.  A callback entered
 * just as the relay let go finds no leg and calls what the socket has
 * now.
 */
static void ms_relay_callback(struct sock *sk, int cb)
{
	void (*prev)(struct sock *sk);
	struct ms_relay_leg *leg;
	bool nospace;

	read_lock_bh(&sk->sk_callback_lock);
	leg = ms_leg_of(sk);
	prev = leg ? leg->saved[cb] : *ms_sk_callback(sk, cb);
	nospace = cb == MS_CB_WRITE_SPACE && ms_sock_nospace(sk);
	if (prev != ms_relay_callbacks[cb])
		prev(sk);
	/*
	 * The socket's new state before the direction's stall flag and the
	 * work's bit are read: pairs with the work's clearing of the bit
	 * before its last look (ms_relay_kick(), ms_relay_work()).
	 */
	smp_mb();
	if (leg && ms_relay_wanted(leg, sk, cb, nospace))
		ms_relay_kick(leg->relay);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ms_relay_data_ready(struct sock *sk)
{
	ms_relay_callback(sk, MS_CB_DATA_READY);
}

static void ms_relay_write_space(struct sock *sk)
{
	ms_relay_callback(sk, MS_CB_WRITE_SPACE);
}

static void ms_relay_state_change(struct sock *sk)
{
	ms_relay_callback(sk, MS_CB_STATE_CHANGE);
}

static void ms_relay_error_report(struct sock *sk)
{
	ms_relay_callback(sk, MS_CB_ERROR_REPORT);
}

/* The addresses of an IPv4 socket are kept IPv4-mapped. */
static void ms_leg_addrs(struct ms_relay_leg *leg, struct sock *sk)
{
	leg->family = sk->sk_family;
	leg->lport = inet_sk(sk)->inet_sport;
	leg->pport = inet_sk(sk)->inet_dport;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		leg->laddr = sk->sk_v6_rcv_saddr;
		leg->paddr = sk->sk_v6_daddr;
		return;
	}
#endif
	ipv6_addr_set_v4mapped(inet_sk(sk)->inet_rcv_saddr, &leg->laddr);
	ipv6_addr_set_v4mapped(inet_sk(sk)->inet_daddr, &leg->paddr);
}

/*
 * Whether the socket's file is registered with an epoll instance, or for
 * SIGIO: neither goes away with the caller's descriptor (epoll lets go
 * of a file at its last fput), and the caller would be woken by the
 * relay's traffic on a descriptor it no longer has.
 */
static bool ms_file_watched(struct socket *sock)
{
	return ms_file_in_epoll(sock->file) ||
	       READ_ONCE(sock->wq.fasync_list);
}

/*
 * Checks what @fd names and fills @leg from it, without changing the
 * socket.  Holds the socket's file on success.
 */
static int ms_leg_take(struct ms_relay_leg *leg, struct net *net, int fd,
		       const struct socket *other,
		       struct netlink_ext_ack *extack)
{
	const struct inet_connection_sock *icsk;
	struct tls_context *tls;
	struct socket *sock;
	struct sock *sk;
	int ret;

	sock = sockfd_lookup(fd, &ret);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "the descriptor is not a socket");
		return ret;
	}
	sk = sock->sk;
	ret = -EINVAL;
	if (sock == other) {
		NL_SET_ERR_MSG(extack, "the two legs are one socket");
		goto err_put_sock;
	}
	if ((sk->sk_family != AF_INET && sk->sk_family != AF_INET6) ||
	    sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP) {
		NL_SET_ERR_MSG(extack, "not a TCP socket");
		goto err_put_sock;
	}
	if (!net_eq(sock_net(sk), net)) {
		NL_SET_ERR_MSG(extack, "the socket is in another namespace");
		goto err_put_sock;
	}
	/*
	 * The caller's descriptor and ours: the relay is to be the socket's
	 * only user (no dup, no fork, no SCM_RIGHTS in flight).  Checked
	 * before the socket lock, which a user of the socket (a recvmsg()
	 * faulting on a FUSE mapping...) could hold for as long as it likes
	 * while this request holds the family's lock.
	 */
	ret = -EBUSY;
	if (file_count(sock->file) != 2) {
		NL_SET_ERR_MSG(extack,
			       "the socket has other descriptors or users");
		goto err_put_sock;
	}
	if (ms_file_watched(sock)) {
		NL_SET_ERR_MSG(extack,
			       "the socket is watched by epoll or for SIGIO");
		goto err_put_sock;
	}
	ret = -EINVAL;

	lock_sock(sk);
	icsk = inet_csk(sk);
	/* CLOSE_WAIT: the peer has sent all it will, the relay passes
	 * that on (a FIN queued behind the data) and can still send.
	 */
	if (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_CLOSE_WAIT) {
		NL_SET_ERR_MSG(extack, "the connection is not established");
		goto err_release_sock;
	}
	if (icsk->icsk_ulp_ops && strcmp(icsk->icsk_ulp_ops->name, "tls")) {
		NL_SET_ERR_MSG(extack, "the socket has another upper layer");
		goto err_release_sock;
	}
	if (tcp_sk(sk)->repair) {
		NL_SET_ERR_MSG(extack, "the socket is in repair mode");
		goto err_release_sock;
	}
	if (sk->sk_shutdown) {
		NL_SET_ERR_MSG(extack, "the socket is shut down (a half)");
		goto err_release_sock;
	}
	/* What would fill an error queue nobody reads. */
	if (sk->sk_tsflags || sock_flag(sk, SOCK_ZEROCOPY)) {
		NL_SET_ERR_MSG(extack,
			       "the socket has timestamping or SO_ZEROCOPY on");
		goto err_release_sock;
	}
	if (icsk->icsk_ulp_ops) {
		/*
		 * Software kTLS only: with an offloaded one, what kTLS has
		 * not handed to TCP yet (a half-close waits for it) is not
		 * visible.
		 */
		tls = tls_get_ctx(sk);
		if (tls->tx_conf != TLS_SW || tls->rx_conf != TLS_SW) {
			NL_SET_ERR_MSG(extack,
				       "a TLS socket needs software TLS_TX and TLS_RX");
			goto err_release_sock;
		}
		leg->tls = true;
		leg->tls_version = tls->prot_info.version;
		leg->tls_cipher = tls->prot_info.cipher_type;
		leg->rx_seq0 = ms_ktls_rec_seq(sk, true);
		leg->tx_seq0 = ms_ktls_rec_seq(sk, false);
	}
	ms_leg_addrs(leg, sk);
	release_sock(sk);
	leg->sock = sock;
	return 0;

err_release_sock:
	release_sock(sk);
err_put_sock:
	sockfd_put(sock);
	return ret;
}

/*
 * Closes the caller's descriptor @fd, which named @ours when the request
 * began; false if another thread of the caller has since made @fd name
 * another file.  That file is closed too (the caller's own race,
 * documented in the UAPI), by fput() alone: its ->flush (FUSE, NFS) could
 * block this request, which holds the family's lock; its locks go with
 * its last reference.
 */
static bool ms_close_caller_fd(int fd, struct file *ours)
{
	struct file *file = ms_close_fd_get_file(fd);

	if (!file)	/* closed meanwhile: our reference holds the socket */
		return true;
	if (file != ours) {
		fput(file);
		return false;
	}
	filp_close(file, current->files);	/* a socket: no ->flush */
	return true;
}

/* Whether the two legs are the two ends of one connection. */
static bool ms_legs_mirror(const struct ms_relay_leg *a,
			   const struct ms_relay_leg *b)
{
	return a->family == b->family && a->lport == b->pport &&
	       a->pport == b->lport && ipv6_addr_equal(&a->laddr, &b->paddr) &&
	       ipv6_addr_equal(&a->paddr, &b->laddr);
}

/* Whether another kernel user (a sockmap's psock...) has the socket. */
static bool ms_leg_claimed(struct ms_relay_leg *leg)
{
	struct sock *sk = leg->sock->sk;
	bool claimed;

	read_lock_bh(&sk->sk_callback_lock);
	claimed = sk->sk_user_data;
	read_unlock_bh(&sk->sk_callback_lock);
	return claimed;
}

/*
 * Hooks the callbacks, the socket now the relay's alone: what
 * ms_leg_take() checked is checked again under the socket lock, since
 * another thread of the caller could change the socket until its
 * descriptor was closed.  -EBUSY if another kernel user has the socket,
 * -EINVAL if it changed.
 */
static int ms_leg_hook(struct ms_relay_leg *leg)
{
	struct sock *sk = leg->sock->sk;
	int cb, ret = 0;

	/*
	 * A peer gone for good is noticed even when the session is idle
	 * (MSRP sessions may be idle for hours): the relay then ends with
	 * a reset and lets go of its sockets and their namespace.
	 */
	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, MS_RELAY_KEEPIDLE);
	tcp_sock_set_keepintvl(sk, MS_RELAY_KEEPINTVL);
	tcp_sock_set_keepcnt(sk, MS_RELAY_KEEPCNT);
	lock_sock(sk);
	if ((sk->sk_state != TCP_ESTABLISHED &&
	     sk->sk_state != TCP_CLOSE_WAIT) || tcp_sk(sk)->repair ||
	    sk->sk_shutdown || sk->sk_tsflags ||
	    sock_flag(sk, SOCK_ZEROCOPY) ||
	    !!inet_csk(sk)->icsk_ulp_ops != leg->tls)
		ret = -EINVAL;
	/* ICMP errors would end the relay as resets: TCP's own view only */
	inet_sk(sk)->recverr = 0;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6)
		inet6_sk(sk)->recverr = 0;
#endif
	skb_queue_purge(&sk->sk_error_queue);
	write_lock_bh(&sk->sk_callback_lock);
	if (!ret && sk->sk_user_data)
		ret = -EBUSY;
	if (ret) {
		write_unlock_bh(&sk->sk_callback_lock);
		release_sock(sk);
		return ret;
	}
	__rcu_assign_sk_user_data_with_flags(sk, leg, SK_USER_DATA_NOCOPY);
	for (cb = 0; cb < MS_CB_COUNT; cb++) {
		leg->saved[cb] = *ms_sk_callback(sk, cb);
		/* The stack reads them without the lock. */
		WRITE_ONCE(*ms_sk_callback(sk, cb), ms_relay_callbacks[cb]);
	}
	/* Woken for every byte, as the relay reads what there is. */
	WRITE_ONCE(sk->sk_rcvlowat, 1);
	/* An urgent byte is passed on as data (relay_pump.c). */
	if (!leg->tls)
		sock_set_flag(sk, SOCK_URGINLINE);
	write_unlock_bh(&sk->sk_callback_lock);
	release_sock(sk);
	return 0;
}

/*
 * kTLS decrypts TLS 1.3 records straight into the relay's pages
 * (relay_io.c) only when told that they carry no padding (RFC 8446 5.4
 * lets a sender pad, which no stack we know does by default); a padded
 * record is then decrypted a second time, into kTLS's own buffer: slower,
 * never wrong (a peer padding every record doubles only its own session's
 * decryption).  Set once the relay has the socket for good; not our
 * business to fail on.
 */
static void ms_leg_expect_no_pad(struct ms_relay_leg *leg)
{
	u32 one = 1;

	if (leg->tls && leg->tls_version == TLS_1_3_VERSION)
		leg->sock->ops->setsockopt(leg->sock, SOL_TLS,
					   TLS_RX_EXPECT_NO_PAD,
					   KERNEL_SOCKPTR(&one), sizeof(one));
}

static void ms_leg_unhook(struct ms_relay_leg *leg)
{
	struct sock *sk = leg->sock->sk;
	int cb;

	write_lock_bh(&sk->sk_callback_lock);
	for (cb = 0; cb < MS_CB_COUNT; cb++)
		WRITE_ONCE(*ms_sk_callback(sk, cb), leg->saved[cb]);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
}

/**
 * ms_relay_release() - let go of a relay's sockets
 * @r: the relay, locked, running
 *
 * The callbacks are put back first, so nothing queues the work again.
 * Closing a socket whose peer still sends resets it; ms_relay_finish()
 * has shut the legs down before when it ends a relay.  The caller drops
 * the relay's module reference (module_put()) when it is done with the
 * module's other parts (the event, the lock).
 */
void ms_relay_release(struct ms_relay *r)
{
	int i;

	r->running = false;
	for (i = 0; i < 2; i++) {
		ms_leg_unhook(&r->legs[i]);
		sockfd_put(r->legs[i].sock);
		r->legs[i].sock = NULL;
		ms_relay_dir_free(&r->dirs[i]);
	}
	/* An ended relay holds only itself. */
	ms_mem_uncharge(MS_RELAY_CHARGE_RUNNING);
}

/**
 * ms_relay_create() - take two sockets and start relaying between them
 * @net: the caller's namespace
 * @id: the relay's id
 * @fds: the caller's descriptors of leg A and leg B
 * @extack: where to say why not
 *
 * Return: the running relay, or an ERR_PTR; on error the sockets are as
 * they were.
 */
struct ms_relay *ms_relay_create(struct net *net, u32 id, const int fds[2],
				 struct netlink_ext_ack *extack)
{
	struct ms_relay *r;
	bool changed;
	int ret, i, j;

	ret = ms_mem_charge(sizeof(*r) + MS_RELAY_CHARGE_RUNNING, extack);
	if (ret)
		return ERR_PTR(ret);
	ret = -ENOMEM;
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		goto err_uncharge;
	r->id = id;
	r->net = net;
	mutex_init(&r->lock);
	INIT_WORK(&r->work, ms_relay_work);
	timer_setup(&r->retry_timer, ms_relay_retry_timer, 0);

	for (i = 0; i < 2; i++) {
		r->legs[i].relay = r;
		ret = ms_leg_take(&r->legs[i], net, fds[i],
				  i ? r->legs[0].sock : NULL, extack);
		if (ret)
			goto err_put_legs;
	}

	/*
	 * The relay takes the sockets: the caller's descriptors are closed,
	 * so that nothing but the relay reads, writes or reconfigures them
	 * (a blocking send of the caller would hold kTLS's transmit lock; a
	 * listen() would copy the relay's callbacks into new sockets).  The
	 * counts were checked, and what can fail without a race is checked
	 * before; a descriptor duplicated, or a socket changed, meanwhile by
	 * another thread of the caller is refused after, its original closed.
	 */
	i = 2;
	if (ms_legs_mirror(&r->legs[0], &r->legs[1])) {
		/* each byte would go round for ever */
		NL_SET_ERR_MSG(extack,
			       "the two legs are the two ends of one connection");
		ret = -EINVAL;
		goto err_put_legs;
	}
	if (ms_leg_claimed(&r->legs[0]) || ms_leg_claimed(&r->legs[1])) {
		NL_SET_ERR_MSG(extack,
			       "the socket is in use by another kernel user");
		ret = -EBUSY;
		goto err_put_legs;
	}
	if (!try_module_get(THIS_MODULE)) {
		ret = -ENODEV;
		goto err_put_legs;
	}
	changed = false;
	for (i = 0; i < 2; i++)
		changed |= !ms_close_caller_fd(fds[i], r->legs[i].sock->file);
	i = 2;
	for (j = 0; j < 2; j++)
		changed |= file_count(r->legs[j].sock->file) != 1 ||
			   ms_file_watched(r->legs[j].sock);
	if (changed) {
		NL_SET_ERR_MSG(extack,
			       "a descriptor changed during the request");
		ret = -EBUSY;
		goto err_module_put;
	}

	/* Callbacks from here on only queue the work, which waits for
	 * r->lock and does nothing until the relay runs.
	 */
	mutex_lock(&r->lock);
	for (i = 0; i < 2; i++) {
		ret = ms_leg_hook(&r->legs[i]);
		if (ret == -EBUSY)
			NL_SET_ERR_MSG(extack,
				       "the socket is in use by another kernel user");
		else if (ret)
			NL_SET_ERR_MSG(extack,
				       "the socket changed during the request");
		if (ret)
			goto err_unhook;
	}
	for (i = 0; i < 2; i++)
		ms_leg_expect_no_pad(&r->legs[i]);
	r->running = true;
	mutex_unlock(&r->lock);
	atomic_inc(&ms_live_relays);
	/* What arrived before the callbacks were ours. */
	queue_work(ms_relay_wq, &r->work);
	return r;

err_unhook:
	while (--i >= 0)
		ms_leg_unhook(&r->legs[i]);
	mutex_unlock(&r->lock);
	cancel_work_sync(&r->work);
	i = 2;
err_module_put:
	module_put(THIS_MODULE);
err_put_legs:
	while (--i >= 0)
		sockfd_put(r->legs[i].sock);
	mutex_destroy(&r->lock);
	kfree(r);
err_uncharge:
	ms_mem_uncharge(sizeof(*r) + MS_RELAY_CHARGE_RUNNING);
	return ERR_PTR(ret);
}

/**
 * ms_relay_destroy() - end a relay if it runs, and free it
 * @r: the relay, unlinked from its namespace
 *
 * A running relay's legs are reset: their peers see the session cut,
 * not a clean end.
 */
void ms_relay_destroy(struct ms_relay *r)
{
	bool was_running = false;
	int i;

	mutex_lock(&r->lock);
	if (r->running) {
		for (i = 0; i < 2; i++)
			sock_no_linger(r->legs[i].sock->sk);
		ms_relay_release(r);
		was_running = true;
	}
	mutex_unlock(&r->lock);
	/*
	 * Armed or queued before the relay ended: the work finds it ended
	 * and arms nothing, so the timer first, then the work it queued.
	 */
	del_timer_sync(&r->retry_timer);
	cancel_work_sync(&r->work);
	mutex_destroy(&r->lock);
	kfree(r);
	ms_mem_uncharge(sizeof(*r));
	atomic_dec(&ms_live_relays);
	if (was_running)
		module_put(THIS_MODULE);
}

/*
 * Unbound: a relay's work runs on a CPU the scheduler finds free, not on
 * the one whose softirq queued it, where it would preempt the sender of
 * the very bytes it moves after each segment (what that was worth:
 * docs/performance.md).  WQ_SYSFS lets an operator confine the relays to
 * some CPUs (/sys/devices/virtual/workqueue/mediasec_relay/cpumask), away
 * from those the data path's XDP runs on.
 */
int __init ms_relay_init(void)
{
	ms_relay_wq = alloc_workqueue("mediasec_relay", WQ_UNBOUND | WQ_SYSFS,
				      0);
	if (!ms_relay_wq) {
		/* also when another module registered the name in sysfs */
		pr_err("cannot create workqueue mediasec_relay\n");
		return -ENOMEM;
	}
	return 0;
}

void ms_relay_exit(void)
{
	/*
	 * Every relay was destroyed with its namespace: no callback of ours
	 * is installed, but one may still be returning.  From softirq, it
	 * ran with bottom halves off: synchronize_rcu() waits for it.  In
	 * process context, beside the relay's own work, it runs from kTLS's
	 * parser and transmit work, which take in a leg's backlog at
	 * release_sock(), preemptible.  Closing a kTLS socket cancels those
	 * works and waits for them, but a relay ended from its work item
	 * closes its sockets from a kernel thread, where fput() leaves the
	 * close to a delayed work: done here, before the module goes.
	 */
	flush_delayed_fput();
	synchronize_rcu();
	destroy_workqueue(ms_relay_wq);
}
