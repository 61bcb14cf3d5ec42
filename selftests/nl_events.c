// SPDX-License-Identifier: GPL-2.0
/*
 * Events on the "events" multicast group as packets go through the module:
 * a key's soft and hard lifetime (then packets are refused), bursts of
 * authentication failures with their count, and the same events seen by
 * "mediasec monitor".  Only CAP_NET_ADMIN may listen: events carry the
 * addresses and ports phones were latched at (issue 13, item 5).
 */
#include <netlink/genl/ctrl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/mediasec.h>

#include "../userspace/lib/msnl.h"
#include "srtp_module_shim.h"
#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

static u32 fill_rtp(u8 *b, u16 seq)
{
	u32 i;

	b[0] = 0x80;
	b[1] = 0;
	b[2] = seq >> 8;
	b[3] = seq;
	memset(b + 4, 0x11, 4);		/* timestamp */
	memcpy(b + 8, "\x12\x34\x56\x78", 4);
	for (i = 12; i < 172; i++)
		b[i] = (u8)(i + seq);
	return 172;
}

FIXTURE(events) {
	struct nl_sock *sk;
	struct ms_evq q;
};

FIXTURE_SETUP(events)
{
	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->sk = ms_listen_events(&self->q, 0);
	ASSERT_NE(NULL, self->sk);
}

FIXTURE_TEARDOWN(events)
{
	nl_socket_free(self->sk);
}

static struct ms_srtp_ctx *sender(u64 lifetime, u64 soft)
{
	static const u8 key[16] = { 1, 2, 3 }, salt[14] = { 4, 5, 6 };
	struct ms_srtp_params p = {
		.suite = MS_SRTP_AES128_CM_SHA1_80, .mki_len = 1,
	};
	struct ms_srtp_key_params kp = {
		.key = key, .salt = salt, .mki = 5,
		.lifetime = lifetime, .soft_lifetime = soft,
	};
	struct ms_srtp_ctx *ctx;

	if (ms_srtp_ctx_create(&ctx, &p) || ms_srtp_key_add(ctx, &kp))
		return NULL;
	return ctx;
}

TEST_F(events, key_soft_then_hard_lifetime)
{
	struct ms_srtp_ctx *tx = sender(10, 5);
	u8 b[300];
	u32 len;
	int i;

	ASSERT_NE(NULL, tx);
	for (i = 1; i <= 10; i++) {
		len = fill_rtp(b, i);
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtp(tx, b, &len,
							  sizeof(b)));
		if (i == 5) {
			ms_collect(self->sk, &self->q, 1, 3000);
			ASSERT_EQ(1, self->q.n);
			EXPECT_EQ(MEDIASEC_EVENT_KEY_SOFT, self->q.e[0].type);
			EXPECT_EQ(5U, self->q.e[0].mki);
			EXPECT_EQ(ms_shim_ctx_id(tx), self->q.e[0].ctx);
		}
	}
	ms_collect(self->sk, &self->q, 2, 3000);
	ASSERT_EQ(2, self->q.n);
	EXPECT_EQ(MEDIASEC_EVENT_KEY_HARD, self->q.e[1].type);
	EXPECT_EQ(5U, self->q.e[1].mki);
	/* The key is spent: the next packet is refused, no new event. */
	len = fill_rtp(b, 11);
	EXPECT_EQ(MS_SRTP_KEY_EXPIRED, ms_srtp_protect_rtp(tx, b, &len,
							   sizeof(b)));
	ms_collect(self->sk, &self->q, 3, 500);
	EXPECT_EQ(2, self->q.n);
	ms_srtp_ctx_destroy(tx);
}

TEST_F(events, auth_fail_burst_counted)
{
	static const u8 key[16] = { 7 }, salt[14] = { 8 };
	struct ms_srtp_params p = { .suite = MS_SRTP_AES128_CM_SHA1_80 };
	struct ms_srtp_key_params kp = { .key = key, .salt = salt };
	unsigned long long total = 0;
	struct ms_srtp_ctx *rx;
	u8 b[300];
	u32 len;
	int i;

	struct timespec t0, t1;
	int secs, seen = 0;

	ASSERT_EQ(0, ms_srtp_ctx_create(&rx, &p));
	ASSERT_EQ(0, ms_srtp_key_add(rx, &kp));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= 20; i++) {
		len = fill_rtp(b, i) + 10;	/* a tag that cannot be right */
		EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtp(rx, b, &len));
	}
	/* Every failure reported, in bursts at most once a second. */
	while (total < 20 && self->q.n < 64) {
		ms_collect(self->sk, &self->q, self->q.n + 1, 2500);
		if (self->q.n == seen)
			break;
		for (; seen < self->q.n; seen++) {
			EXPECT_EQ(MEDIASEC_EVENT_AUTH_FAIL, self->q.e[seen].type);
			EXPECT_EQ(ms_shim_ctx_id(rx), self->q.e[seen].ctx);
			total += self->q.e[seen].count;
		}
	}
	/*
	 * The bursts' pace is the kernel's tick (jiffies), which under
	 * emulation runs late and catches up against CLOCK_MONOTONIC: over
	 * the whole span, first failure to last event, at most one event a
	 * second, the first at once, and one more for the two clocks.
	 */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (int)(t1.tv_sec - t0.tv_sec) + 1;
	EXPECT_EQ(20ULL, total);
	ASSERT_GE(self->q.n, 1);
	EXPECT_LE(self->q.n, secs + 2) TH_LOG("%d events in %d s", self->q.n,
					       secs);
	EXPECT_EQ(20ULL, ms_srtp_stat(rx, MS_SRTP_OP_UNPROTECT_RTP,
				      MS_SRTP_AUTH_FAIL));
	ms_srtp_ctx_destroy(rx);
}

/* STATS_RESET: counters from zero; the key's lifetime count stays. */
TEST_F(events, stats_reset)
{
	static const u8 key[16] = { 9 }, salt[14] = { 9 };
	struct ms_srtp_params p = { .suite = MS_SRTP_AES128_CM_SHA1_80 };
	struct ms_srtp_key_params kp = { .key = key, .salt = salt };
	struct ms_srtp_ctx *rx;
	struct nlattr *nest;
	struct nl_msg *msg;
	struct msnl nl;
	u8 b[300];
	u32 len;
	int i;

	ASSERT_EQ(0, ms_srtp_ctx_create(&rx, &p));
	ASSERT_EQ(0, ms_srtp_key_add(rx, &kp));
	for (i = 1; i <= 3; i++) {
		len = fill_rtp(b, i) + 10;
		EXPECT_EQ(MS_SRTP_AUTH_FAIL, ms_srtp_unprotect_rtp(rx, b, &len));
	}
	EXPECT_EQ(3ULL, ms_srtp_stat(rx, MS_SRTP_OP_UNPROTECT_RTP,
				     MS_SRTP_AUTH_FAIL));
	ASSERT_EQ(0, msnl_open(&nl));
	msg = msnl_msg(&nl, MEDIASEC_CMD_STATS_RESET, 0);
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, ms_shim_ctx_id(rx));
	nla_nest_end(msg, nest);
	ASSERT_EQ(0, msnl_request(&nl, msg, NULL, NULL));
	EXPECT_EQ(0ULL, ms_srtp_stat(rx, MS_SRTP_OP_UNPROTECT_RTP,
				     MS_SRTP_AUTH_FAIL));
	msg = msnl_msg(&nl, MEDIASEC_CMD_STATS_RESET, 0);
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, 424242);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-ENOENT, msnl_request(&nl, msg, NULL, NULL));
	msnl_close(&nl);
	ms_srtp_ctx_destroy(rx);
}

/* Exit 0 if joining the events group is refused. */
static int try_listen(void)
{
	struct ms_evq q;
	struct nl_sock *sk = ms_listen_events(&q, 0);

	if (sk) {
		nl_socket_free(sk);
		return 1;
	}
	return 0;
}

static int in_child(int (*drop)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(drop() ? 20 : try_listen());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int to_nobody(void)
{
	return setgid(65534) || setuid(65534);
}

/* Root of a user namespace that does not own the network namespace. */
static int to_userns_root(void)
{
	return unshare(CLONE_NEWUSER);
}

TEST_F(events, unprivileged_cannot_listen)
{
	EXPECT_EQ(0, in_child(to_nobody));
	EXPECT_EQ(0, in_child(to_userns_root));
}

TEST_F(events, monitor_prints_them)
{
	char cmd[512], line[256] = "";
	const char *o = getenv("MEDIASEC_O");
	struct ms_srtp_ctx *tx;
	int found = 0, i;
	u8 b[300];
	u32 len;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "exec %s/userspace/mediasec -j monitor 2>&1",
		 o ? o : "build");
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	EXPECT_STREQ("monitor: listening\n", line);
	tx = sender(100, 3);
	ASSERT_NE(NULL, tx);
	for (i = 1; i <= 3; i++) {
		len = fill_rtp(b, i);
		ASSERT_EQ(MS_SRTP_OK, ms_srtp_protect_rtp(tx, b, &len,
							  sizeof(b)));
	}
	snprintf(cmd, sizeof(cmd),
		 "{\"event\":\"key-soft-expiry\",\"ctx\":%u,\"mki\":5}\n",
		 ms_shim_ctx_id(tx));
	if (fgets(line, sizeof(line), f))
		found = !strcmp(line, cmd);
	EXPECT_TRUE(found) TH_LOG("monitor printed: %s", line);
	system("pkill -INT -x mediasec");
	EXPECT_EQ(0, pclose(f));
	ms_srtp_ctx_destroy(tx);
}

TEST_HARNESS_MAIN
