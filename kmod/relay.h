/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Relays of a byte stream between two TCP sockets, plain or kTLS
 * (relay.c; the netlink side is netlink_relay.c).
 */
#ifndef _MS_RELAY_H
#define _MS_RELAY_H

#include <linux/in6.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct ms_net;
struct netlink_ext_ack;
struct sock;
struct socket;

/*
 * What one direction reads at once, in pages: four whole TLS records'
 * plaintext (2^14 bytes each, RFC 8446 5.1).  The pages go on to the
 * other leg as they are (sendpage, relay_io.c), and are read into again
 * once it has let go of them.  Four records rather than two: half the
 * reads, kTLS parser wake-ups and pushes per byte (what that was worth:
 * docs/performance.md).
 */
#define MS_RELAY_PAGES	DIV_ROUND_UP(4 * 16384, PAGE_SIZE)
#define MS_RELAY_BUF	(MS_RELAY_PAGES * PAGE_SIZE)

/* Record content types (RFC 8446 appendix B.1) and what the relay reads. */
#define MS_TLS_CHANGE_CIPHER_SPEC	20
#define MS_TLS_ALERT			21
#define MS_TLS_HANDSHAKE		22
#define MS_TLS_APPLICATION_DATA		23

/*
 * What a running relay is charged beyond itself: per direction, a buffer
 * and the pages it sent last, kept for reuse (struct ms_relay_dir).
 * Charged when the relay is made, not page by page as it reads: a relay
 * that was admitted never waits for budget, and a full gateway refuses
 * the new session (RELAY_NEW, the MGC's Add) rather than slowing the
 * running ones.  Idle relays hold no pages, so the budget is a
 * reservation, not what is in use.
 */
#define MS_RELAY_CHARGE_RUNNING	(2 * 2 * MS_RELAY_BUF)

/*
 * Bit of &struct ms_relay.flags: the work is queued or running, and will
 * look at both legs before it stops (ms_relay_kick()); or the relay
 * ended.
 */
#define MS_RELAY_LOOKING	0

struct ms_relay;

/* The socket callbacks a relay hooks. */
enum {
	MS_CB_DATA_READY,
	MS_CB_WRITE_SPACE,
	MS_CB_STATE_CHANGE,
	MS_CB_ERROR_REPORT,
	MS_CB_COUNT
};

/**
 * struct ms_relay_leg - one socket of a relay
 * @saved: the socket's callbacks before the relay's, by MS_CB_*
 * @sock: the socket, held by its file; NULL once the relay ended
 * @relay: the relay it belongs to
 * @tls: kTLS in both directions
 * @tls_version: TLS_1_2_VERSION or TLS_1_3_VERSION
 * @tls_cipher: TLS_CIPHER_* of <linux/tls.h>
 * @family: AF_INET or AF_INET6
 * @laddr: local address (IPv4 in the last four bytes)
 * @paddr: peer address
 * @lport: local port
 * @pport: peer port
 * @rx_seq0: the kTLS receive record sequence when the relay took it
 * @tx_seq0: the same for sending
 * @flags: MEDIASEC_LEG_F_*
 * @alert: the last alert received (level << 8 | description)
 * @rx_bytes: application bytes read
 * @rx_records: TLS records read
 * @tx_bytes: application bytes written
 * @tx_records: TLS records written
 * @tickets_dropped: NewSessionTickets read and dropped
 * @auth_fails: records that failed authentication
 */
struct ms_relay_leg {
	void (*saved[MS_CB_COUNT])(struct sock *sk);
	struct socket *sock;
	struct ms_relay *relay;
	bool tls;
	u16 tls_version;
	u16 tls_cipher;
	u8 family;
	struct in6_addr laddr;
	struct in6_addr paddr;
	__be16 lport;
	__be16 pport;
	u64 rx_seq0;
	u64 tx_seq0;
	u32 flags;
	u16 alert;
	u64 rx_bytes;
	u64 rx_records;
	u64 tx_bytes;
	u64 tx_records;
	u64 tickets_dropped;
	u64 auth_fails;
};

/**
 * struct ms_relay_dir - one direction of a relay, from legs[i] to legs[!i]
 * @pages: what was read and not yet all written, from the first page on;
 *	no pages once idle for a while (ms_relay_dir_cool())
 * @spare: pages handed to the destination before, whose reference the
 *	direction keeps to read into them again once the destination has
 *	let go (ms_relay_dir_fill())
 * @nspare: pages in @spare
 * @cooling: the source had nothing at the last look, since @idle_since
 * @idle_since: when it had nothing first
 * @len: bytes in @pages
 * @off: of which written
 * @hs_skip: bytes of a dropped handshake message still to come in the
 *	next records
 * @hs_hdr: a handshake message header split across records
 * @hs_hdr_len: bytes of it so far
 * @stalled: what was read waits for room on the destination: the
 *	source's data_ready need not wake the work (read without the lock)
 * @eof: the source closed (FIN, or close_notify with @notify)
 * @notify: the source sent close_notify: pass one on
 * @shut: the destination was shut down for writing
 */
struct ms_relay_dir {
	struct page *pages[MS_RELAY_PAGES];
	struct page *spare[MS_RELAY_PAGES];
	unsigned long idle_since;
	u32 len;
	u32 off;
	u32 hs_skip;
	u8 hs_hdr[4];
	u8 hs_hdr_len;
	u8 nspare;
	bool cooling;
	bool stalled;
	bool eof;
	bool notify;
	bool shut;
};

/**
 * struct ms_relay - a relay between two sockets
 * @id: its id in the namespace
 * @net: the namespace (the relay is freed before it)
 * @lock: serializes the work with RELAY_DEL, RELAY_GET and the end
 * @work: moves data; queued when the relay is made, by the sockets'
 *	callbacks (ms_relay_kick()), by itself when its budget is spent,
 *	and by @retry_timer
 * @retry_timer: queues @work a little later when a wake-up might not
 *	come (see relay_pump.c)
 * @legs: A (index 0) and B
 * @dirs: A to B (index 0) and B to A
 * @flags: MS_RELAY_LOOKING
 * @running: set once both legs are taken, cleared when it ends
 * @retry: a wake-up may not come: look again a little later
 * @linger_until: when a clean end stops waiting for the peers' FINs
 * @draining: a clean end (@end) was decided: nothing more is read, what
 *	was read is written, then the legs are closed
 * @end: enum mediasec_relay_end
 * @end_leg: the leg that ended it (0 if none)
 * @fail_by: the leg that ended it, or -1
 */
struct ms_relay {
	u32 id;
	struct net *net;
	struct mutex lock;	/* see above */
	struct work_struct work;
	struct timer_list retry_timer;
	struct ms_relay_leg legs[2];
	struct ms_relay_dir dirs[2];
	unsigned long flags;
	bool running;
	bool retry;
	bool draining;
	unsigned long linger_until;
	u8 end;
	u8 end_leg;
	int fail_by;
};

/* Most relays per namespace (module parameter max_relays). */
extern unsigned int ms_max_relays;
extern atomic_t ms_live_relays;

extern struct workqueue_struct *ms_relay_wq;

int ms_relay_init(void);
void ms_relay_exit(void);
struct ms_relay *ms_relay_create(struct net *net, u32 id, const int fds[2],
				 struct netlink_ext_ack *extack);
void ms_relay_destroy(struct ms_relay *r);
void ms_relay_flush(struct ms_net *mn);

/* Between relay.c and relay_pump.c. */
void ms_relay_work(struct work_struct *work);
void ms_relay_kick(struct ms_relay *r);
void ms_relay_release(struct ms_relay *r);
void ms_relay_retry_timer(struct timer_list *t);

/* Between relay_pump.c and relay_io.c. */
void ms_relay_dir_free(struct ms_relay_dir *dir);
bool ms_relay_dir_holds(const struct ms_relay_dir *dir);
int ms_leg_send_pages(struct ms_relay_leg *leg, struct ms_relay_dir *dir);
int ms_leg_recv(struct ms_relay_leg *leg, struct ms_relay_dir *dir,
		u8 *record_type);
int ms_leg_send_alert(struct ms_relay_leg *leg, u8 level, u8 desc);
int ms_leg_splice(struct sock *ssk, struct sock *dsk);
bool ms_leg_idle(struct ms_relay_leg *leg);

#endif /* _MS_RELAY_H */
