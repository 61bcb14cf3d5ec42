// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's association with its MGCs (link.h), step by step on a
 * made-up clock: registration with Profile and Version, a lower Version
 * answered, ServiceChangeAddress, MgcIdToTry, the next MGC when one does
 * not answer or refuses, a random wait after a whole list, the MGC lost
 * (a request unanswered) and Disconnected re-registration, the H.248.14
 * inactivity timer, Handoff, and leaving with Graceful 905 / Forced 908.
 */
#include <arpa/inet.h>
#include <string.h>

#include "link.h"
#include "kselftest_harness.h"

static uint32_t fixed_rand(void)
{
	return 999;
}

static void mgc(struct mgd_config *c, const char *a, uint16_t port)
{
	struct sockaddr_in *s = (struct sockaddr_in *)&c->mgc[c->nmgc++];

	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	inet_pton(AF_INET, a, &s->sin_addr);
}

static const char *host(const struct sockaddr_storage *ss)
{
	static char buf[64];
	const struct sockaddr_in *s = (const struct sockaddr_in *)ss;

	inet_ntop(AF_INET, &s->sin_addr, buf, sizeof(buf));
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ":%u",
		 ntohs(s->sin_port));
	return buf;
}

FIXTURE(link) {
	struct mgd_config cfg;
	struct mgd_link l;
	struct h248_svc svc;
};

FIXTURE_SETUP(link)
{
	memset(&self->cfg, 0, sizeof(self->cfg));
	self->cfg.retry_ms = 500;
	self->cfg.mwd_ms = 5000;
	strcpy(self->cfg.profile, "threegIMSAGW/1");
	mgc(&self->cfg, "192.0.2.1", 2944);
	mgc(&self->cfg, "192.0.2.2", 2944);
	mgd_link_init(&self->l, &self->cfg, false, fixed_rand);
}

FIXTURE_TEARDOWN(link)
{
}

/* Registers with whatever MGC is in question; the reply's @svc given. */
static void up(struct mgd_link *l, struct h248_svc *svc, uint64_t now,
	       const struct h248_svc *answer)
{
	mgd_link_due(l, now, svc);
	mgd_link_sent(l, 7, now);
	mgd_link_reply(l, 7, answer, 0, now);
}

TEST_F(link, first_registration_says_restart_profile_and_version)
{
	ASSERT_EQ(1, mgd_link_due(&self->l, 1, &self->svc));
	EXPECT_EQ(H248_SC_RESTART, self->svc.method);
	EXPECT_STREQ("901 Cold Boot", self->svc.reason);
	EXPECT_STREQ("threegIMSAGW/1", self->svc.profile);
	EXPECT_EQ(3, self->svc.version);
	EXPECT_STREQ("192.0.2.1:2944", host(&self->l.peer));
	mgd_link_sent(&self->l, 7, 1);
	EXPECT_EQ(0, mgd_link_due(&self->l, 2, &self->svc));
	EXPECT_FALSE(mgd_link_up(&self->l));
	EXPECT_EQ(1, mgd_link_reply(&self->l, 7, NULL, 0, 3));
	EXPECT_TRUE(mgd_link_up(&self->l));
	EXPECT_EQ(3, self->l.version);
}

TEST_F(link, warm_boot_says_902)
{
	mgd_link_init(&self->l, &self->cfg, true, fixed_rand);
	ASSERT_EQ(1, mgd_link_due(&self->l, 1, &self->svc));
	EXPECT_STREQ("902 Warm Boot", self->svc.reason);
}

TEST_F(link, lower_version_answered_is_spoken)
{
	struct h248_svc answer = { .version = 2 };

	up(&self->l, &self->svc, 1, &answer);
	EXPECT_TRUE(mgd_link_up(&self->l));
	EXPECT_EQ(2, self->l.version);
}

TEST_F(link, higher_version_answered_is_refused)
{
	struct h248_svc answer = { .version = 4 };

	up(&self->l, &self->svc, 1, &answer);
	EXPECT_FALSE(mgd_link_up(&self->l));
	EXPECT_STREQ("192.0.2.2:2944", host(&self->l.peer));
}

TEST_F(link, service_change_address_port_or_address)
{
	struct h248_svc answer = { .address = "2950" };

	up(&self->l, &self->svc, 1, &answer);
	EXPECT_STREQ("192.0.2.1:2950", host(&self->l.peer));
	answer.address = "[192.0.2.9]:2960";
	mgd_link_init(&self->l, &self->cfg, false, fixed_rand);
	up(&self->l, &self->svc, 1, &answer);
	EXPECT_STREQ("192.0.2.9:2960", host(&self->l.peer));
	/* its messages are ours, the list's MGC's too */
	EXPECT_TRUE(mgd_link_is_mgc(&self->l, &self->l.peer));
	EXPECT_TRUE(mgd_link_is_mgc(&self->l, &self->cfg.mgc[0]));
	EXPECT_FALSE(mgd_link_is_mgc(&self->l, &self->cfg.mgc[1]));
}

TEST_F(link, refused_with_mgc_id_to_try)
{
	struct h248_svc answer = { .mgc_id = "[192.0.2.7]:2944" };

	mgd_link_due(&self->l, 1, &self->svc);
	mgd_link_sent(&self->l, 7, 1);
	mgd_link_reply(&self->l, 7, &answer, 402, 2);
	EXPECT_FALSE(mgd_link_up(&self->l));
	ASSERT_EQ(1, mgd_link_due(&self->l, 2, &self->svc));
	EXPECT_STREQ("192.0.2.7:2944", host(&self->l.peer));
	EXPECT_EQ(H248_SC_RESTART, self->svc.method);
}

TEST_F(link, accepted_with_mgc_id_to_try_is_a_redirect)
{
	struct h248_svc answer = { .mgc_id = "[192.0.2.2]:2944" };

	up(&self->l, &self->svc, 1, &answer);
	EXPECT_FALSE(mgd_link_up(&self->l));
	ASSERT_EQ(1, mgd_link_due(&self->l, 2, &self->svc));
	EXPECT_STREQ("192.0.2.2:2944", host(&self->l.peer));
	EXPECT_EQ(1U, self->l.mgc);
}

TEST_F(link, no_answer_next_mgc_then_random_wait)
{
	mgd_link_due(&self->l, 1, &self->svc);
	mgd_link_sent(&self->l, 7, 1);
	mgd_link_timeout(&self->l, 7, 100);
	ASSERT_EQ(1, mgd_link_due(&self->l, 100, &self->svc));
	EXPECT_STREQ("192.0.2.2:2944", host(&self->l.peer));
	mgd_link_sent(&self->l, 8, 100);
	mgd_link_timeout(&self->l, 8, 200);
	/* the whole list: MWD's random wait (999 % 5000 + 1) */
	EXPECT_EQ(0, mgd_link_due(&self->l, 200, &self->svc));
	EXPECT_EQ(1200, mgd_link_next(&self->l));
	ASSERT_EQ(1, mgd_link_due(&self->l, 1200, &self->svc));
	EXPECT_STREQ("192.0.2.1:2944", host(&self->l.peer));
}

TEST_F(link, lost_mgc_registers_again_disconnected)
{
	up(&self->l, &self->svc, 1, NULL);
	mgd_link_timeout(&self->l, 99, 5000);	/* a Notify unanswered */
	EXPECT_FALSE(mgd_link_up(&self->l));
	ASSERT_EQ(1, mgd_link_due(&self->l, 5000, &self->svc));
	EXPECT_EQ(H248_SC_DISCONNECTED, self->svc.method);
	EXPECT_STREQ("900 Service Restored", self->svc.reason);
	EXPECT_STREQ("192.0.2.1:2944", host(&self->l.peer));
	mgd_link_sent(&self->l, 8, 5000);
	mgd_link_timeout(&self->l, 8, 6000);
	ASSERT_EQ(1, mgd_link_due(&self->l, 6000, &self->svc));
	EXPECT_EQ(H248_SC_DISCONNECTED, self->svc.method);
	EXPECT_STREQ("192.0.2.2:2944", host(&self->l.peer));
}

TEST_F(link, inactivity_timer_h248_14)
{
	up(&self->l, &self->svc, 1, NULL);
	EXPECT_EQ(UINT64_MAX, mgd_link_next(&self->l));
	mgd_link_set_ito(&self->l, 55, 300, 1000);	/* 3 s */
	EXPECT_EQ(4000, mgd_link_next(&self->l));
	EXPECT_EQ(0, mgd_link_ito_due(&self->l, 3999));
	mgd_link_heard(&self->l, 3000);
	EXPECT_EQ(0, mgd_link_ito_due(&self->l, 5999));
	EXPECT_EQ(1, mgd_link_ito_due(&self->l, 6000));
	EXPECT_EQ(55, self->l.ito_rid);
	EXPECT_EQ(0, mgd_link_ito_due(&self->l, 6001));
	EXPECT_EQ(9000, mgd_link_next(&self->l));
	mgd_link_set_ito(&self->l, 55, 0, 7000);
	EXPECT_EQ(0, mgd_link_ito_due(&self->l, 100000));
}

TEST_F(link, handoff_after_the_reply)
{
	up(&self->l, &self->svc, 1, NULL);
	EXPECT_EQ(-EINVAL, mgd_link_handoff(&self->l, "mgc.example.net"));
	ASSERT_EQ(0, mgd_link_handoff(&self->l, "[192.0.2.2]:2944"));
	EXPECT_TRUE(mgd_link_up(&self->l));	/* until the reply is out */
	mgd_link_handoff_go(&self->l, 10);
	ASSERT_EQ(1, mgd_link_due(&self->l, 10, &self->svc));
	EXPECT_EQ(H248_SC_HANDOFF, self->svc.method);
	EXPECT_STREQ("903 MGC Directed Change", self->svc.reason);
	EXPECT_STREQ("192.0.2.2:2944", host(&self->l.peer));
	EXPECT_EQ(1, self->l.mgc);
}

TEST_F(link, leave_graceful_905_then_gone_on_reply)
{
	up(&self->l, &self->svc, 1, NULL);
	ASSERT_EQ(1, mgd_link_leave(&self->l, false, &self->svc));
	EXPECT_EQ(H248_SC_GRACEFUL, self->svc.method);
	EXPECT_STREQ("905 Termination taken out of service", self->svc.reason);
	mgd_link_sent(&self->l, 9, 2);
	EXPECT_FALSE(mgd_link_gone(&self->l));
	EXPECT_EQ(1, mgd_link_reply(&self->l, 9, NULL, 0, 3));
	EXPECT_TRUE(mgd_link_gone(&self->l));
}

TEST_F(link, leave_twice_is_forced_908)
{
	up(&self->l, &self->svc, 1, NULL);
	ASSERT_EQ(1, mgd_link_leave(&self->l, false, &self->svc));
	mgd_link_sent(&self->l, 9, 2);
	/* the second stop, as main.c asks for it: forced */
	ASSERT_EQ(1, mgd_link_leave(&self->l, true, &self->svc));
	EXPECT_EQ(H248_SC_FORCED, self->svc.method);
	EXPECT_STREQ("908 MG Impending Failure", self->svc.reason);
	EXPECT_TRUE(mgd_link_gone(&self->l));
}

TEST_F(link, leave_unanswered_is_gone_after_the_long_timer)
{
	up(&self->l, &self->svc, 1, NULL);
	mgd_link_leave(&self->l, false, &self->svc);
	mgd_link_sent(&self->l, 9, 2);
	mgd_link_timeout(&self->l, 9, 30000);
	EXPECT_TRUE(mgd_link_gone(&self->l));
}

TEST_F(link, leave_unregistered_sends_nothing)
{
	EXPECT_EQ(0, mgd_link_leave(&self->l, false, &self->svc));
	EXPECT_TRUE(mgd_link_gone(&self->l));
}

/* A request of before this registration timing out says nothing of it. */
TEST_F(link, stale_timeout_ignored)
{
	mgd_link_due(&self->l, 1, &self->svc);
	mgd_link_sent(&self->l, 50, 1);
	mgd_link_reply(&self->l, 50, NULL, 0, 2);
	ASSERT_TRUE(mgd_link_up(&self->l));
	mgd_link_timeout(&self->l, 40, 3);	/* sent before: ignored */
	EXPECT_TRUE(mgd_link_up(&self->l));
	mgd_link_timeout(&self->l, 51, 4);	/* since: the MGC is gone */
	EXPECT_FALSE(mgd_link_up(&self->l));
}

/* Two MGCs sending us to each other: the MWD wait, not a busy loop. */
TEST_F(link, redirect_ping_pong_waits)
{
	struct h248_svc to2 = { .mgc_id = "[192.0.2.2]:2944" };
	struct h248_svc to1 = { .mgc_id = "[192.0.2.1]:2944" };

	mgd_link_due(&self->l, 1, &self->svc);
	mgd_link_sent(&self->l, 7, 1);
	mgd_link_reply(&self->l, 7, &to2, 0, 1);
	ASSERT_EQ(1, mgd_link_due(&self->l, 1, &self->svc));
	mgd_link_sent(&self->l, 8, 1);
	mgd_link_reply(&self->l, 8, &to1, 0, 1);
	EXPECT_EQ(0, mgd_link_due(&self->l, 1, &self->svc));
	EXPECT_EQ(1001U, mgd_link_next(&self->l));	/* 999 % 5000 + 1 */
}

/* A Handoff whose MGC does not answer: the list, as after a loss. */
TEST_F(link, failed_handoff_registers_disconnected)
{
	up(&self->l, &self->svc, 1, NULL);
	ASSERT_EQ(0, mgd_link_handoff(&self->l, "[192.0.2.9]:2944"));
	mgd_link_handoff_go(&self->l, 10);
	ASSERT_EQ(1, mgd_link_due(&self->l, 10, &self->svc));
	EXPECT_EQ(H248_SC_HANDOFF, self->svc.method);
	mgd_link_sent(&self->l, 20, 10);
	mgd_link_timeout(&self->l, 20, 100);
	ASSERT_EQ(1, mgd_link_due(&self->l, 100, &self->svc));
	EXPECT_EQ(H248_SC_DISCONNECTED, self->svc.method);
	EXPECT_STREQ("900 Service Restored", self->svc.reason);
}

/* Lost after registering at an MGC off the list: back to that one first. */
TEST_F(link, loss_returns_to_the_mgc_registered_at)
{
	struct h248_svc to = { .mgc_id = "[192.0.2.7]:2944" };

	mgd_link_due(&self->l, 1, &self->svc);
	mgd_link_sent(&self->l, 7, 1);
	mgd_link_reply(&self->l, 7, &to, 0, 1);
	up(&self->l, &self->svc, 2, NULL);
	ASSERT_TRUE(mgd_link_up(&self->l));
	mgd_link_lost(&self->l, 3);
	ASSERT_EQ(1, mgd_link_due(&self->l, 3, &self->svc));
	EXPECT_STREQ("192.0.2.7:2944", host(&self->l.peer));
	EXPECT_EQ(H248_SC_DISCONNECTED, self->svc.method);
}

/* mwd-ms 0: the list again after retry-ms, not at once. */
TEST_F(link, no_mwd_still_waits_retry_ms)
{
	self->cfg.mwd_ms = 0;
	mgd_link_lost(&self->l, 10);		/* registering: next MGC */
	mgd_link_lost(&self->l, 10);		/* the whole list */
	EXPECT_EQ(510U, mgd_link_next(&self->l));
}

TEST(parse_addr)
{
	struct sockaddr_storage ss;

	EXPECT_EQ(0, mgd_link_parse_addr("[192.0.2.3]:2945", 2944, &ss));
	EXPECT_STREQ("192.0.2.3:2945", host(&ss));
	EXPECT_EQ(0, mgd_link_parse_addr("192.0.2.3", 2944, &ss));
	EXPECT_STREQ("192.0.2.3:2944", host(&ss));
	EXPECT_EQ(0, mgd_link_parse_addr("[2001:db8::1]:2944", 1, &ss));
	EXPECT_EQ(AF_INET6, ss.ss_family);
	EXPECT_EQ(-EINVAL, mgd_link_parse_addr("<mgc.example>:2944", 1, &ss));
	EXPECT_EQ(-EINVAL, mgd_link_parse_addr("[192.0.2.3]:0", 1, &ss));
	EXPECT_EQ(-EINVAL, mgd_link_parse_addr("[192.0.2.3", 1, &ss));
	EXPECT_EQ(-EINVAL, mgd_link_parse_addr("", 1, &ss));
}

TEST_HARNESS_MAIN
