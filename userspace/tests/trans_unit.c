// SPDX-License-Identifier: GPL-2.0
/*
 * The H.248 transaction layer over UDP (Annex D.1), step by step on a
 * made-up clock: duplicates of requests under way get Pending, later ones
 * the stored reply, acknowledged ones nothing; replies expire with the long
 * timer; our requests are retransmitted with doubling intervals, stop on a
 * reply, wait on Pending, and time out; slow work is announced by
 * TransactionPending every pending ms while it lasts.
 */
#include <arpa/inet.h>
#include <string.h>

#include "trans.h"
#include "kselftest_harness.h"

struct log {
	int sent, replied, timeouts;
	uint64_t at[16];
	uint32_t last_id;
	char last[64];
};

static uint64_t clock_now;

static void on_send(const struct sockaddr_storage *peer, const char *msg,
		    size_t len, void *arg)
{
	struct log *l = arg;

	(void)peer;
	if (l->sent < 16)
		l->at[l->sent] = clock_now;
	l->sent++;
	snprintf(l->last, sizeof(l->last), "%.*s", (int)len, msg);
}

static void on_done(const struct sockaddr_storage *peer, uint32_t id,
		    enum mgd_out how, void *arg)
{
	struct log *l = arg;

	(void)peer;
	l->last_id = id;
	if (how == MGD_OUT_REPLIED)
		l->replied++;
	else
		l->timeouts++;
}

static struct sockaddr_storage peer(const char *a, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s = (struct sockaddr_in *)&ss;

	memset(&ss, 0, sizeof(ss));
	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	inet_pton(AF_INET, a, &s->sin_addr);
	return ss;
}

TEST(incoming_duplicates)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct sockaddr_storage other = peer("192.0.2.21", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(500, 30000, on_send, on_done, &l);
	const char *r = NULL;
	size_t len = 0;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, 7, 0, &r, &len));
	/* Under way: Pending for its duplicates; another peer's 7 is new. */
	EXPECT_EQ(MGD_IN_PENDING, mgd_tr_request(t, &mgc, 7, 10, &r, &len));
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &other, 7, 10, &r, &len));
	ASSERT_EQ(0, mgd_tr_replied(t, &mgc, 7, "P=7{C=1{A=a1}}", 14, 20));
	EXPECT_EQ(MGD_IN_RESEND, mgd_tr_request(t, &mgc, 7, 30, &r, &len));
	ASSERT_EQ(14U, len);
	EXPECT_EQ(0, memcmp(r, "P=7{C=1{A=a1}}", 14));
	/* Acknowledged: remembered, and duplicates ignored, not re-executed. */
	mgd_tr_acked(t, &mgc, 5, 9, 40);
	EXPECT_EQ(MGD_IN_IGNORE, mgd_tr_request(t, &mgc, 7, 50, &r, &len));
	/* An ack from someone else acknowledges nothing of ours. */
	ASSERT_EQ(0, mgd_tr_replied(t, &mgc, 8, "P=8{}", 5, 50));
	mgd_tr_acked(t, &other, 1, 100, 60);
	EXPECT_EQ(MGD_IN_RESEND, mgd_tr_request(t, &mgc, 8, 70, &r, &len));
	EXPECT_EQ(3U, mgd_tr_count(t));
	/* The long timer forgets them all (30 s after the last change). */
	mgd_tr_tick(t, 30050);
	EXPECT_EQ(0U, mgd_tr_count(t));
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, 7, 30060, &r, &len));
	EXPECT_EQ(0, l.sent);	/* replies to requests are the caller's */
	mgd_tr_free(t);
}

/*
 * A request that waits long (parked for the KMS) is kept while its
 * progress is asked about: a repeat after the long timer still gets
 * Pending, never a second execution; once no one asks, it goes.
 */
TEST(executing_request_kept_while_asked)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(500, 30000, on_send, on_done, &l);
	const char *r = NULL;
	size_t len = 0;
	uint64_t now;

	ASSERT_NE(NULL, t);
	mgd_tr_set_pending(t, 200);
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, 9, 0, &r, &len));
	for (now = 1000; now <= 45000; now += 1000) {
		mgd_tr_progress(t, &mgc, 9, now);
		mgd_tr_tick(t, now);
	}
	EXPECT_EQ(MGD_IN_PENDING, mgd_tr_request(t, &mgc, 9, 45500, &r, &len));
	mgd_tr_tick(t, 76000);
	EXPECT_EQ(0U, mgd_tr_count(t));
	mgd_tr_free(t);
}

TEST(outgoing_retransmission_and_reply)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(500, 30000, on_send, on_done, &l);
	uint32_t id = mgd_tr_next_id(t);
	uint64_t next;

	ASSERT_EQ(1U, id);
	EXPECT_EQ(2U, mgd_tr_next_id(t));
	ASSERT_EQ(0, mgd_tr_sent(t, &mgc, id, "T=1{SC}", 7, 0));
	EXPECT_EQ(-EEXIST, mgd_tr_sent(t, &mgc, id, "T=1{SC}", 7, 0));
	next = mgd_tr_tick(t, 0);
	EXPECT_EQ(500U, next);
	for (clock_now = 0; clock_now <= 9000; clock_now += 10)
		mgd_tr_tick(t, clock_now);
	/* Resent at 0.5, 1.5, 3.5, 7.5 s (500, 1000, 2000, 4000 apart). */
	ASSERT_EQ(4, l.sent);
	EXPECT_EQ(500U, l.at[0]);
	EXPECT_EQ(1500U, l.at[1]);
	EXPECT_EQ(3500U, l.at[2]);
	EXPECT_EQ(7500U, l.at[3]);
	EXPECT_STREQ("T=1{SC}", l.last);
	EXPECT_EQ(0, mgd_tr_answer(t, &mgc, id, 1, 9000));
	EXPECT_EQ(1, l.replied);
	EXPECT_EQ(id, l.last_id);
	EXPECT_EQ(-ENOENT, mgd_tr_answer(t, &mgc, id, 1, 9001));
	for (; clock_now <= 20000; clock_now += 10)
		mgd_tr_tick(t, clock_now);
	EXPECT_EQ(4, l.sent);
	EXPECT_EQ(0U, mgd_tr_count(t));
	mgd_tr_free(t);
}

TEST(outgoing_pending_then_timeout)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(100, 5000, on_send, on_done, &l);

	ASSERT_EQ(0, mgd_tr_sent(t, &mgc, 9, "T=9{N}", 6, 0));
	EXPECT_EQ(0, mgd_tr_answer(t, &mgc, 9, 0, 50));	/* Pending */
	for (clock_now = 0; clock_now < 5050; clock_now += 10)
		mgd_tr_tick(t, clock_now);
	EXPECT_EQ(0, l.sent);		/* no retransmission after Pending */
	EXPECT_EQ(0, l.timeouts);
	mgd_tr_tick(t, 5050);
	EXPECT_EQ(1, l.timeouts);
	EXPECT_EQ(9U, l.last_id);
	EXPECT_EQ(0U, mgd_tr_count(t));
	mgd_tr_free(t);
}

TEST(many_in_flight)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(500, 30000, on_send, on_done, &l);
	const char *r;
	size_t len;
	uint32_t i;

	for (i = 1; i <= 20000; i++) {
		ASSERT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, i, i, &r, &len));
		ASSERT_EQ(0, mgd_tr_replied(t, &mgc, i, "x", 1, i));
	}
	EXPECT_EQ(20000U, mgd_tr_count(t));
	for (i = 1; i <= 20000; i += 997)
		EXPECT_EQ(MGD_IN_RESEND,
			  mgd_tr_request(t, &mgc, i, 20001, &r, &len));
	mgd_tr_acked(t, &mgc, 1, 0xffffffffU, 20002);
	EXPECT_EQ(MGD_IN_IGNORE, mgd_tr_request(t, &mgc, 12345, 20003, &r,
						&len));
	mgd_tr_tick(t, 60000);
	EXPECT_EQ(0U, mgd_tr_count(t));
	mgd_tr_free(t);
}

TEST(pending_for_slow_work)
{
	struct sockaddr_storage mgc = peer("192.0.2.20", 2944);
	struct log l = { 0 };
	struct mgd_tr *t = mgd_tr_new(500, 30000, on_send, on_done, &l);
	const char *r = NULL;
	size_t len = 0;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 1000));	/* unknown */
	mgd_tr_set_pending(t, 200);
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, 3, 1000, &r, &len));
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 1000));
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 1199));
	EXPECT_EQ(1, mgd_tr_progress(t, &mgc, 3, 1200));	/* due */
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 1300));
	EXPECT_EQ(1, mgd_tr_progress(t, &mgc, 3, 1450));	/* again */
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 1600));
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 4, 9000));	/* not ours */
	ASSERT_EQ(0, mgd_tr_replied(t, &mgc, 3, "P=3{C=-{}}", 10, 1700));
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 3, 5000));	/* answered */
	/* 0: never */
	mgd_tr_set_pending(t, 0);
	EXPECT_EQ(MGD_IN_NEW, mgd_tr_request(t, &mgc, 5, 6000, &r, &len));
	EXPECT_EQ(0, mgd_tr_progress(t, &mgc, 5, 60000));
	EXPECT_EQ(0, l.sent);		/* the caller sends, not the layer */
	mgd_tr_free(t);
}

TEST_HARNESS_MAIN
