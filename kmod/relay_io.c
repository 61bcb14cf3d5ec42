// SPDX-License-Identifier: GPL-2.0
/*
 * How a relay's bytes go in and out of its legs (relay_pump.c decides
 * what to do with them).  A direction reads into pages of its own (a
 * bvec, into which kTLS decrypts a record straight away) and hands those
 * pages to the destination with sendpage (TCP sends them, kTLS encrypts
 * from them).  kTLS on 6.1 has no read_sock, and its splice_read refuses
 * control records, so this is the nearest thing to a splice.  TCP to
 * TCP, the received segments' own pages go on (ms_leg_splice()).  All
 * calls are non-blocking.
 */

#include <linux/bvec.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tls.h>

#include "compat.h"
#include "relay.h"

/* Most bytes one step moves from TCP to TCP. */
#define MS_RELAY_SPLICE_MAX	(256 * 1024)

/*
 * Less than this is copied to the destination, not handed on as a page
 * reference: TCP charges a socket for the bytes it queues, not for the
 * pages behind them, so a peer sending tiny records or segments would
 * otherwise pin a page each in the other leg's send queue, far beyond its
 * buffer.  A page pinned is at least half charged.
 */
#define MS_RELAY_COPY_BELOW	(PAGE_SIZE / 2)

/**
 * ms_relay_dir_free() - give back the pages a direction holds
 * @dir: the direction, idle or of an ended relay
 *
 * Pages handed to the destination are held by its socket until sent and
 * acknowledged; what the direction drops is its own reference.
 */
void ms_relay_dir_free(struct ms_relay_dir *dir)
{
	int i;

	for (i = 0; i < MS_RELAY_PAGES; i++) {
		if (dir->pages[i])
			put_page(dir->pages[i]);
		dir->pages[i] = NULL;
	}
	while (dir->nspare)
		put_page(dir->spare[--dir->nspare]);
	dir->cooling = false;
}

/**
 * ms_relay_dir_holds() - whether a direction holds pages
 * @dir: the direction
 *
 * Return: true if it has a buffer or spare pages.
 */
bool ms_relay_dir_holds(const struct ms_relay_dir *dir)
{
	int i;

	for (i = 0; i < MS_RELAY_PAGES; i++)
		if (dir->pages[i])
			return true;
	return dir->nspare > 0;
}

/*
 * A page the direction sent, kept to be read into again (@dir->spare);
 * beyond MS_RELAY_PAGES of them, let go.
 */
static void ms_relay_spare_keep(struct ms_relay_dir *dir, struct page *page)
{
	BUILD_BUG_ON(MS_RELAY_PAGES > U8_MAX);	/* @dir->nspare */
	if (dir->nspare < MS_RELAY_PAGES)
		dir->spare[dir->nspare++] = page;
	else
		put_page(page);
}

/*
 * A spare page that only the direction holds now: the destination (TCP,
 * or kTLS once it has encrypted from it) has dropped its references, so
 * nothing reads it any more, and no one else keeps a pointer through
 * which a lasting reference could be taken (a scanner of physical pages
 * may take a passing one: the page is then skipped this time).  It is
 * page_pool's test (__page_pool_put_page()): the holders' put_page() is
 * fully ordered, so their accesses come before the count we read, and
 * our writes depend on the test.  Taking it again spares the page
 * allocator, and the zeroing of every new page that Debian's kernels do
 * (init_on_alloc).
 */
static struct page *ms_relay_spare_take(struct ms_relay_dir *dir)
{
	struct page *page;
	int i;

	for (i = 0; i < dir->nspare; i++) {
		page = dir->spare[i];
		if (page_ref_count(page) != 1)
			continue;
		dir->spare[i] = dir->spare[--dir->nspare];
		return page;
	}
	return NULL;
}

/*
 * Pages in every empty slot of @dir, spare ones first; false without
 * memory.  The bulk allocator fills only the empty slots, and gives up
 * early (a page or none) when free memory is low or the per-CPU lists
 * are being drained: what it leaves, page by page.
 */
static bool ms_relay_dir_fill(struct ms_relay_dir *dir)
{
	int i;

	for (i = 0; i < MS_RELAY_PAGES; i++) {
		if (dir->pages[i])
			continue;
		dir->pages[i] = ms_relay_spare_take(dir);
		if (!dir->pages[i])
			break;
	}
	if (i == MS_RELAY_PAGES ||
	    alloc_pages_bulk_array(GFP_KERNEL, MS_RELAY_PAGES,
				   dir->pages) == MS_RELAY_PAGES)
		return true;
	for (i = 0; i < MS_RELAY_PAGES; i++) {
		if (!dir->pages[i])
			dir->pages[i] = alloc_page(GFP_KERNEL);
		if (!dir->pages[i])
			return false;
	}
	return true;
}

/*
 * Copies @len bytes at @offset of @page to @leg, for a page too empty to
 * be handed on (MS_RELAY_COPY_BELOW).
 */
static int ms_leg_send_copy(struct ms_relay_leg *leg, struct page *page,
			    u32 offset, u32 len, bool more)
{
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	struct kvec iov;
	int n;

	iov.iov_base = kmap_local_page(page) + offset;
	iov.iov_len = len;
	n = kernel_sendmsg(leg->sock, &msg, &iov, 1, len);
	kunmap_local(iov.iov_base);
	return n;
}

/**
 * ms_leg_send_pages() - send what a direction holds to its destination
 * @leg: the destination
 * @dir: the direction, from @dir->off to @dir->len
 *
 * The pages themselves go (sendpage), with no copy; TCP (or kTLS, which
 * encrypts from them) keeps a reference until it is done with them, so
 * a page that was sent is not written again before that
 * (ms_relay_spare_take()).  Less than MS_RELAY_COPY_BELOW is copied
 * (ms_leg_send_copy()).
 *
 * Return: the bytes sent, or an error if none were.
 */
int ms_leg_send_pages(struct ms_relay_leg *leg, struct ms_relay_dir *dir)
{
	struct page *page;
	u32 chunk, poff;
	int sent = 0, n;
	bool more;

	while (dir->off < dir->len) {
		page = dir->pages[dir->off >> PAGE_SHIFT];
		poff = offset_in_page(dir->off);
		chunk = min_t(u32, PAGE_SIZE - poff, dir->len - dir->off);
		/* kTLS closes a record, TCP pushes, after the last page */
		more = dir->off + chunk < dir->len;
		if (chunk < MS_RELAY_COPY_BELOW)
			n = ms_leg_send_copy(leg, page, poff, chunk, more);
		else
			n = ms_sendpage(leg->sock, page, poff, chunk, more);
		if (n <= 0) {
			if (!sent)
				sent = n;
			break;
		}
		sent += n;
		dir->off += n;
	}
	if (sent > 0 && leg->tls)
		leg->tx_records = ms_ktls_rec_seq(leg->sock->sk, false) -
				  leg->tx_seq0;
	if (dir->off == dir->len) {
		/*
		 * Every page that carried data is the destination's now,
		 * until it lets go (ms_relay_spare_take()).
		 */
		for (n = 0; n < DIV_ROUND_UP(dir->len, PAGE_SIZE); n++) {
			ms_relay_spare_keep(dir, dir->pages[n]);
			dir->pages[n] = NULL;
		}
		dir->len = 0;
		dir->off = 0;
	}
	return sent;
}

/**
 * ms_leg_recv() - read what a source has into a direction's pages
 * @leg: the source
 * @dir: the direction, whose pages are filled first
 * @record_type: the type of what was read; 0 at the end of the stream
 *	(a FIN)
 *
 * From a kTLS leg, application data records are decrypted straight into
 * the pages (kTLS's zero-copy receive, which a bvec destination allows
 * and a kvec one does not), a record of another type comes alone.
 *
 * Return: bytes read (0 for an empty record, whose type is then set), or
 * an error (-ENOMEM without pages).
 */
int ms_leg_recv(struct ms_relay_leg *leg, struct ms_relay_dir *dir,
		u8 *record_type)
{
	union {
		struct cmsghdr hdr;
		u8 bytes[CMSG_SPACE(sizeof(u8))];
	} control = {};
	struct bio_vec bvec[MS_RELAY_PAGES];
	struct msghdr msg = {};
	int i, n;

	if (!ms_relay_dir_fill(dir))
		return -ENOMEM;
	for (i = 0; i < MS_RELAY_PAGES; i++) {
		bvec[i].bv_page = dir->pages[i];
		bvec[i].bv_offset = 0;
		bvec[i].bv_len = PAGE_SIZE;
	}
	iov_iter_bvec(&msg.msg_iter, ITER_DEST, bvec, MS_RELAY_PAGES,
		      MS_RELAY_BUF);
	if (leg->tls) {
		msg.msg_control = &control;
		msg.msg_controllen = sizeof(control);
	}
	n = sock_recvmsg(leg->sock, &msg, MSG_DONTWAIT);
	if (n < 0)
		return n;
	*record_type = n ? MS_TLS_APPLICATION_DATA : 0;
	if (leg->tls && control.hdr.cmsg_len) {
		if (control.hdr.cmsg_level != SOL_TLS ||
		    control.hdr.cmsg_type != TLS_GET_RECORD_TYPE)
			return -EPROTO;
		*record_type = *(u8 *)CMSG_DATA(&control.hdr);
		leg->rx_records = ms_ktls_rec_seq(leg->sock->sk, true) -
				  leg->rx_seq0;
	}
	return n;
}

/* Copies @len bytes at @p to @dsk, whose lock the caller holds. */
static int ms_send_copy_locked(struct sock *dsk, void *p, u32 len, bool more)
{
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	struct kvec kv = { .iov_base = p, .iov_len = len };

	return kernel_sendmsg_locked(dsk, &msg, &kv, 1, len);
}

/*
 * Sends @len bytes at @off of @frag to @dsk.  Less than
 * MS_RELAY_COPY_BELOW is copied, not handed on (the page behind a
 * fragment is a driver's page, or a sender's 32 KiB page fragment).  A
 * copy stops at the end of a page; the caller sends the rest.
 */
static int ms_frag_send(struct sock *dsk, const skb_frag_t *frag, u32 off,
			u32 len, bool more)
{
	struct page *page;
	u32 chunk;
	void *p;
	int n;

	off += skb_frag_off(frag);
	if (len >= MS_RELAY_COPY_BELOW)
		return ms_sendpage_locked(dsk, skb_frag_page(frag), off, len,
					  more);
	page = skb_frag_page(frag) + (off >> PAGE_SHIFT);
	off = offset_in_page(off);
	chunk = min_t(u32, len, PAGE_SIZE - off);
	p = kmap_local_page(page);
	n = ms_send_copy_locked(dsk, p + off, chunk, more || chunk < len);
	kunmap_local(p);
	return n;
}

/*
 * Sends @len bytes at @offset of @skb (its head, its page fragments, and
 * the fragments of the skbs on its frag_list, as __skb_send_sock() walks
 * them) to @dsk, whose lock the caller holds.  Every piece but the last
 * goes with "more", and the last too if @more: TCP then builds full
 * segments and pushes once, at the end of what the source had, where
 * skb_send_sock_locked() made TCP push after every fragment (a small
 * segment each time, a transmit and a wake-up of the peer each).
 *
 * Return: bytes sent, or an error if none were.
 */
static int ms_skb_send(struct sock *dsk, struct sk_buff *skb, u32 offset,
		       u32 len, bool more)
{
	struct sk_buff *head = skb;
	u32 left = len, slen;
	skb_frag_t *frag;
	int i, n;

next_skb:
	while (left && offset < skb_headlen(skb)) {
		slen = min(left, skb_headlen(skb) - offset);
		n = ms_send_copy_locked(dsk, skb->data + offset, slen,
					more || slen < left);
		if (n <= 0)
			goto out;
		offset += n;
		left -= n;
	}
	offset -= min(offset, skb_headlen(skb));
	for (i = 0; left && i < skb_shinfo(skb)->nr_frags; i++) {
		frag = &skb_shinfo(skb)->frags[i];
		if (offset >= skb_frag_size(frag)) {
			offset -= skb_frag_size(frag);
			continue;
		}
		slen = min(left, skb_frag_size(frag) - offset);
		n = ms_frag_send(dsk, frag, offset, slen, more || slen < left);
		if (n <= 0)
			goto out;
		left -= n;
		offset += n;
		if (n < slen) {		/* the rest of this fragment again */
			i--;
			continue;
		}
		offset = 0;
	}
	if (left) {
		skb = skb == head ? skb_shinfo(skb)->frag_list : skb->next;
		if (skb)
			goto next_skb;
	}
	n = 0;
out:
	return left == len ? n : len - left;
}

/* What the actor sends to, and the source, whose last bytes are pushed. */
struct ms_splice_ctx {
	struct sock *ssk;
	struct sock *dsk;
};

static int ms_splice_actor(read_descriptor_t *desc, struct sk_buff *skb,
			   unsigned int offset, size_t len)
{
	struct ms_splice_ctx *ctx = desc->arg.data;
	bool more;
	int n;

	if (!desc->count)
		return 0;
	/*
	 * The last piece of what the source holds now, or of what this step
	 * takes, goes without "more": TCP pushes there.  So does a piece cut
	 * short at an urgent mark, or followed by a bare FIN, where
	 * tcp_read_sock() stops before the source's end.
	 */
	more = len < desc->count && offset + len == skb->len &&
	       !skb_queue_is_last(&ctx->ssk->sk_receive_queue, skb) &&
	       skb->next->len && !READ_ONCE(tcp_sk(ctx->ssk)->urg_data);
	n = ms_skb_send(ctx->dsk, skb, offset, min(len, desc->count), more);
	if (n > 0)
		desc->count -= n;
	return n;
}

/**
 * ms_leg_splice() - move what a TCP source holds to a TCP destination
 * @ssk: the source, locked
 * @dsk: the destination, locked
 *
 * The received segments' pages are handed on as they are, as sockmap's
 * skb_send_sock_locked() does, but with TCP told that more follows until
 * the last piece (ms_skb_send()).  At most MS_RELAY_SPLICE_MAX bytes.
 *
 * Return: bytes moved, or an error if none were (-EAGAIN: no room).
 */
int ms_leg_splice(struct sock *ssk, struct sock *dsk)
{
	struct ms_splice_ctx ctx = { .ssk = ssk, .dsk = dsk };
	read_descriptor_t desc = {
		.arg.data = &ctx,
		.count = MS_RELAY_SPLICE_MAX,
	};

	return tcp_read_sock(ssk, &desc, ms_splice_actor);
}

/**
 * ms_leg_send_alert() - send an alert record (RFC 8446 6)
 * @leg: a kTLS leg
 * @level: 1 (warning) or 2 (fatal)
 * @desc: the alert description
 *
 * Return: 0, or an error.
 */
int ms_leg_send_alert(struct ms_relay_leg *leg, u8 level, u8 desc)
{
	union {
		struct cmsghdr hdr;
		u8 bytes[CMSG_SPACE(sizeof(u8))];
	} control = {};
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
		.msg_control = &control,
		.msg_controllen = sizeof(control),
	};
	u8 alert[2] = { level, desc };
	struct kvec iov = { .iov_base = alert, .iov_len = sizeof(alert) };
	int n;

	control.hdr.cmsg_level = SOL_TLS;
	control.hdr.cmsg_type = TLS_SET_RECORD_TYPE;
	control.hdr.cmsg_len = CMSG_LEN(sizeof(u8));
	*(u8 *)CMSG_DATA(&control.hdr) = MS_TLS_ALERT;
	n = kernel_sendmsg(leg->sock, &msg, &iov, 1, sizeof(alert));
	if (n < 0)
		return n;
	leg->tx_records = ms_ktls_rec_seq(leg->sock->sk, false) - leg->tx_seq0;
	return 0;
}

/**
 * ms_leg_idle() - whether a source has nothing for the relay to read
 * @leg: the source
 *
 * No bytes in TCP, no record kTLS holds, no end, no error.  Read without
 * the socket lock: what comes after brings the work back through
 * data_ready.  Spares the idle direction of each turn of the work its
 * socket locks and pages.
 *
 * Return: true if there is nothing to read.
 */
bool ms_leg_idle(struct ms_relay_leg *leg)
{
	struct sock *sk = leg->sock->sk;

	return !tcp_inq(sk) && !(leg->tls && sk_is_readable(sk)) &&
	       !READ_ONCE(sk->sk_err) &&
	       !(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}
