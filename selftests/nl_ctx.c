// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink API of SRTP contexts and keys: what is added shows in GET and
 * dumps exactly (keys never); every malformed request gets its own error
 * (-EINVAL, -ERANGE for values out of range, -EEXIST, -ENOENT, -ENOSPC),
 * an extack message or missing-attribute report, and changes nothing; unprivileged callers are
 * refused; each network namespace has its own state.
 */
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

#define KEY_BEGIN	NEST_BEGIN(MEDIASEC_A_KEY)
#define KEY_END		NEST_END

static int snapshot(struct msnl *nl, struct snap *s)
{
	return ms_snapshot(nl, MEDIASEC_CMD_CTX_GET, MEDIASEC_A_CTX, s);
}

static int req(struct msnl *nl, int cmd, const struct a *attrs)
{
	return ms_req(nl, cmd, MEDIASEC_A_CTX, attrs);
}

static unsigned char key32[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static unsigned char salt14[14] = { 0xa, 0xb, 0xc };

#define CTX_AES(id)						\
	U32(MEDIASEC_A_CTX_ID, id),				\
	U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_RX),		\
	U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80)

FIXTURE(ctx) {
	struct msnl nl;
	struct snap before, after;
};

FIXTURE_SETUP(ctx)
{
	const struct a c1[] = { CTX_AES(1), { 0 } };
	const struct a c2[] = {
		U32(MEDIASEC_A_CTX_ID, 2),
		U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_TX),
		U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AEAD_AES_256_GCM),
		U8(MEDIASEC_A_CTX_MKI_LEN, 2), { 0 } };
	const struct a k1[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
		BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END, { 0 } };

	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));	/* a clean namespace */
	ASSERT_EQ(0, msnl_open(&self->nl));
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_CTX_NEW, c1));
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_CTX_NEW, c2));
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_ADD, k1));
	ASSERT_EQ(0, snapshot(&self->nl, &self->before));
	ASSERT_EQ(2, self->before.n);
}

FIXTURE_TEARDOWN(ctx)
{
	msnl_close(&self->nl);
}

/* A request that must fail with @err, an extack message, and no change. */
static void refused(struct __test_metadata *_metadata,
		    FIXTURE_DATA(ctx) *self, int cmd, const struct a *attrs,
		    int err)
{
	EXPECT_EQ(err, req(&self->nl, cmd, attrs));
	if (err != -EPERM)
		EXPECT_NE(0, self->nl.errmsg[0]);
	TH_LOG("kernel said: %s", self->nl.errmsg);
	ASSERT_EQ(0, snapshot(&self->nl, &self->after));
	EXPECT_TRUE(ms_snap_equal(&self->before, &self->after));
}

struct ctx_info {
	__u32 id, suite, flags, kdr, window;
	__u8 dir, mki_len;
	int nkeys, has_secret, tx;
	__u32 mki;
};

static int on_info(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1], *k;
	struct nlattr *kt[MEDIASEC_A_KEY_MAX + 1];
	struct ctx_info *i = arg;
	int rem;

	if (nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX], NULL))
		return 0;
	i->id = nla_get_u32(ct[MEDIASEC_A_CTX_ID]);
	i->dir = nla_get_u8(ct[MEDIASEC_A_CTX_DIR]);
	i->suite = nla_get_u32(ct[MEDIASEC_A_CTX_SUITE]);
	i->flags = nla_get_u32(ct[MEDIASEC_A_CTX_FLAGS]);
	i->kdr = nla_get_u32(ct[MEDIASEC_A_CTX_KDR]);
	i->window = nla_get_u32(ct[MEDIASEC_A_CTX_WINDOW]);
	i->mki_len = nla_get_u8(ct[MEDIASEC_A_CTX_MKI_LEN]);
	nla_for_each_nested(k, ct[MEDIASEC_A_CTX_KEYS], rem) {
		nla_parse_nested(kt, MEDIASEC_A_KEY_MAX, k, NULL);
		i->nkeys++;
		i->mki = nla_get_u32(kt[MEDIASEC_A_KEY_MKI]);
		i->tx += !!kt[MEDIASEC_A_KEY_TX];
		i->has_secret += kt[MEDIASEC_A_KEY_MASTER] ||
				 kt[MEDIASEC_A_KEY_SALT];
	}
	return 0;
}

static int get(struct msnl *nl, __u32 id, struct ctx_info *i)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_CTX_GET, 0);
	struct nlattr *nest;

	memset(i, 0, sizeof(*i));
	nest = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, id);
	nla_nest_end(msg, nest);
	return msnl_request(nl, msg, on_info, i);
}

TEST_F(ctx, round_trip)
{
	unsigned char key16[16] = { 9 }, s14[14] = { 8 };
	const struct a c[] = {
		U32(MEDIASEC_A_CTX_ID, 77),
		U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_TX),
		U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32),
		U32(MEDIASEC_A_CTX_FLAGS, MEDIASEC_CTX_F_UNENCRYPTED_SRTCP),
		U32(MEDIASEC_A_CTX_KDR, 1 << 16),
		U32(MEDIASEC_A_CTX_WINDOW, 4096),
		U8(MEDIASEC_A_CTX_MKI_LEN, 4), { 0 } };
	const struct a k[] = { U32(MEDIASEC_A_CTX_ID, 77), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, key16, 16),
		BIN(MEDIASEC_A_KEY_SALT, s14, 14),
		U32(MEDIASEC_A_KEY_MKI, 0xdeadbeef),
		U64(MEDIASEC_A_KEY_LIFETIME, 1000), KEY_END, { 0 } };
	const struct a d[] = { U32(MEDIASEC_A_CTX_ID, 77), { 0 } };
	struct ctx_info i;

	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_CTX_NEW, c));
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_ADD, k));
	ASSERT_EQ(0, get(&self->nl, 77, &i));
	EXPECT_EQ(77, (int)i.id);
	EXPECT_EQ(MEDIASEC_DIR_TX, i.dir);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32, (int)i.suite);
	EXPECT_EQ((int)MEDIASEC_CTX_F_UNENCRYPTED_SRTCP, (int)i.flags);
	EXPECT_EQ(1 << 16, (int)i.kdr);
	EXPECT_EQ(4096, (int)i.window);
	EXPECT_EQ(4, i.mki_len);
	EXPECT_EQ(1, i.nkeys);
	EXPECT_EQ(0xdeadbeef, i.mki);
	EXPECT_EQ(1, i.tx);
	EXPECT_EQ(0, i.has_secret);

	/* Defaults are filled in. */
	ASSERT_EQ(0, get(&self->nl, 1, &i));
	EXPECT_EQ(128, (int)i.window);
	EXPECT_EQ(0, (int)i.kdr);
	EXPECT_EQ(0, (int)i.flags);
	EXPECT_EQ(0, i.mki_len);
	EXPECT_EQ(1, i.nkeys);

	/* Delete what was added: back to the fixture's state. */
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_CTX_DEL, d));
	EXPECT_EQ(-ENOENT, get(&self->nl, 77, &i));
	ASSERT_EQ(0, snapshot(&self->nl, &self->after));
	EXPECT_EQ(0, memcmp(self->before.buf, self->after.buf,
			    self->before.len));
}

TEST_F(ctx, key_rotation_by_mki)
{
	unsigned char k32[32] = { 3 }, s12[12] = { 4 };
	const struct a add1[] = { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, k32, 32),
		BIN(MEDIASEC_A_KEY_SALT, s12, 12),
		U32(MEDIASEC_A_KEY_MKI, 1), KEY_END, { 0 } };
	const struct a add2[] = { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, k32, 32),
		BIN(MEDIASEC_A_KEY_SALT, s12, 12),
		U32(MEDIASEC_A_KEY_MKI, 2), KEY_END, { 0 } };
	const struct a del1[] = { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
		U32(MEDIASEC_A_KEY_MKI, 1), KEY_END, { 0 } };
	struct ctx_info i;

	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_ADD, add1));
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_ADD, add2));
	ASSERT_EQ(0, get(&self->nl, 2, &i));
	EXPECT_EQ(2, i.nkeys);
	EXPECT_EQ(1, i.tx);
	ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_DEL, del1));
	ASSERT_EQ(0, get(&self->nl, 2, &i));
	EXPECT_EQ(1, i.nkeys);
	EXPECT_EQ(2, (int)i.mki);
	EXPECT_EQ(-ENOENT, req(&self->nl, MEDIASEC_CMD_KEY_DEL, del1));
}

/* One malformed request per attribute and rule. */
struct bad {
	const char *what;
	int cmd;
	struct a attrs[12];
	int err;
};

static const struct bad bad_requests[] = {
	{ "CTX_NEW without id", MEDIASEC_CMD_CTX_NEW,
	  { U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, 1) }, -EINVAL },
	{ "CTX_NEW id 0", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 0), U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, 1) }, -ERANGE },
	{ "CTX_NEW id as u16", MEDIASEC_CMD_CTX_NEW,
	  { { MEDIASEC_A_CTX_ID, 2, 9, NULL }, U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, 1) }, -EINVAL },
	{ "CTX_NEW without dir", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9),
	    U32(MEDIASEC_A_CTX_SUITE, 1) }, -EINVAL },
	{ "CTX_NEW dir 3", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 3),
	    U32(MEDIASEC_A_CTX_SUITE, 1) }, -ERANGE },
	{ "CTX_NEW without suite", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 1) }, -EINVAL },
	{ "CTX_NEW suite 0", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, 0) }, -ERANGE },
	{ "CTX_NEW suite 99", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, 99) }, -ERANGE },
	{ "CTX_NEW unknown flag bit", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_FLAGS, 1 << 7) }, -EINVAL },
	{ "CTX_NEW GCM unauthenticated", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AEAD_AES_128_GCM),
	    U32(MEDIASEC_A_CTX_FLAGS, MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP) },
	  -EINVAL },
	{ "CTX_NEW GCM with a KDR", MEDIASEC_CMD_CTX_NEW,
	  { U32(MEDIASEC_A_CTX_ID, 9), U8(MEDIASEC_A_CTX_DIR, 1),
	    U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AEAD_AES_128_GCM),
	    U32(MEDIASEC_A_CTX_KDR, 1 << 10) }, -EINVAL },
	{ "CTX_NEW kdr 3", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_KDR, 3) }, -EINVAL },
	{ "CTX_NEW kdr 2^25", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_KDR, 1 << 25) }, -ERANGE },
	{ "CTX_NEW window 32", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_WINDOW, 32) }, -ERANGE },
	{ "CTX_NEW window 65536", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_WINDOW, 65536) }, -ERANGE },
	{ "CTX_NEW mki-len 5", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U8(MEDIASEC_A_CTX_MKI_LEN, 5) }, -ERANGE },
	{ "CTX_NEW read-only attribute", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_STATS, 0) }, -EINVAL },
	{ "CTX_NEW unknown attribute", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(9), U32(MEDIASEC_A_CTX_MAX + 1, 0) }, -EINVAL },
	{ "CTX_NEW duplicate id", MEDIASEC_CMD_CTX_NEW,
	  { CTX_AES(1) }, -EEXIST },
	{ "CTX_DEL unknown id", MEDIASEC_CMD_CTX_DEL,
	  { U32(MEDIASEC_A_CTX_ID, 12345) }, -ENOENT },
	{ "CTX_DEL without id", MEDIASEC_CMD_CTX_DEL,
	  { U32(MEDIASEC_A_CTX_WINDOW, 128) }, -EINVAL },
	{ "KEY_ADD unknown ctx", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 12345), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END }, -ENOENT },
	{ "KEY_ADD without key", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 1) }, -EINVAL },
	{ "KEY_ADD without master", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -EINVAL },
	{ "KEY_ADD without salt", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -EINVAL },
	{ "KEY_ADD 15-byte master", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 15),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -ERANGE },
	{ "KEY_ADD 16-byte master for AES-256", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -EINVAL },
	{ "KEY_ADD 14-byte salt for GCM", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 14),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -EINVAL },
	{ "KEY_ADD MKI missing on an MKI context", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12), KEY_END }, -EINVAL },
	{ "KEY_ADD MKI too wide for mki-len 2", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 0x10000), KEY_END }, -EINVAL },
	{ "KEY_ADD MKI on a context without", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 14),
	    U32(MEDIASEC_A_KEY_MKI, 1), KEY_END }, -EINVAL },
	{ "KEY_ADD second key without MKI", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END }, -ENOSPC },
	{ "KEY_ADD lifetime 0", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1),
	    U64(MEDIASEC_A_KEY_LIFETIME, 0), KEY_END }, -ERANGE },
	{ "KEY_ADD lifetime 2^48 + 1", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1),
	    U64(MEDIASEC_A_KEY_LIFETIME, (1ULL << 48) + 1), KEY_END },
	  -ERANGE },
	{ "KEY_ADD soft lifetime beyond lifetime", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1),
	    U64(MEDIASEC_A_KEY_LIFETIME, 100),
	    U64(MEDIASEC_A_KEY_SOFT_LIFETIME, 101), KEY_END }, -EINVAL },
	{ "KEY_ADD read-only packets", MEDIASEC_CMD_KEY_ADD,
	  { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
	    BIN(MEDIASEC_A_KEY_MASTER, key32, 32),
	    BIN(MEDIASEC_A_KEY_SALT, salt14, 12),
	    U32(MEDIASEC_A_KEY_MKI, 1),
	    U64(MEDIASEC_A_KEY_PACKETS, 5), KEY_END }, -EINVAL },
	{ "KEY_DEL unknown MKI", MEDIASEC_CMD_KEY_DEL,
	  { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
	    U32(MEDIASEC_A_KEY_MKI, 3), KEY_END }, -ENOENT },
	{ "KEY_DEL without MKI", MEDIASEC_CMD_KEY_DEL,
	  { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN, KEY_END }, -EINVAL },
};

TEST_F(ctx, malformed_requests)
{
	size_t i;

	for (i = 0; i < sizeof(bad_requests) / sizeof(bad_requests[0]); i++) {
		TH_LOG("%s", bad_requests[i].what);
		refused(_metadata, self, bad_requests[i].cmd,
			bad_requests[i].attrs, bad_requests[i].err);
	}
}

TEST_F(ctx, key_slots_run_out)
{
	unsigned char k32[32] = { 5 }, s12[12] = { 6 };
	struct a add[] = { U32(MEDIASEC_A_CTX_ID, 2), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, k32, 32),
		BIN(MEDIASEC_A_KEY_SALT, s12, 12),
		U32(MEDIASEC_A_KEY_MKI, 0), KEY_END, { 0 } };
	int i;

	for (i = 0; i < MEDIASEC_MAX_KEYS; i++) {
		add[4].val = i + 10;
		ASSERT_EQ(0, req(&self->nl, MEDIASEC_CMD_KEY_ADD, add));
	}
	ASSERT_EQ(0, snapshot(&self->nl, &self->before));
	add[4].val = 99;
	refused(_metadata, self, MEDIASEC_CMD_KEY_ADD, add, -ENOSPC);
	add[4].val = 10;
	refused(_metadata, self, MEDIASEC_CMD_KEY_ADD, add, -EEXIST);
}

/*
 * Send @cmd with @attrs on a socket whose errors echo the request, and say
 * whether the echo still holds the 16 bytes of @pattern: a refused request
 * must not keep a copy of the key it carried (issue 13, item 9).
 */
static int echoes_key(struct __test_metadata *_metadata, int cmd,
		      const struct a *attrs, const unsigned char *pattern)
{
	static unsigned char buf[65536];
	struct nl_msg *msg;
	struct msnl nl;
	int zero = 0, n, i, found = 0;

	if (msnl_open(&nl))
		return -1;
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, 10 /* CAP_ACK */,
		   &zero, sizeof(zero));
	msg = ms_req_msg(&nl, cmd, MEDIASEC_A_CTX, attrs);
	ASSERT_NE(NULL, msg);
	EXPECT_LT(0, nl_send_auto(nl.sk, msg));
	nlmsg_free(msg);
	n = (int)recv(nl_socket_get_fd(nl.sk), buf, sizeof(buf), 0);
	EXPECT_LT(0, n);
	for (i = 0; i + 16 <= n; i++)
		if (!memcmp(buf + i, pattern, 16))
			found = 1;
	msnl_close(&nl);
	return found;
}

TEST_F(ctx, refused_key_requests_wiped)
{
	static const unsigned char marked[32] = {
		0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a,
		0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a,
		0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a,
		0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a,
	};
	const struct a no_salt[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, marked, 16), KEY_END, { 0 } };
	const struct a bad_salt[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, marked, 16),
		BIN(MEDIASEC_A_KEY_SALT, marked, 15), KEY_END, { 0 } };
	const struct a bad_id[] = { U32(MEDIASEC_A_CTX_ID, 0), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, marked, 16),
		BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END, { 0 } };
	const struct a wrong_len[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, marked, 32),
		BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END, { 0 } };
	const struct a on_del[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		U32(MEDIASEC_A_KEY_MKI, 7),
		BIN(MEDIASEC_A_KEY_MASTER, marked, 16), KEY_END, { 0 } };
	const struct a on_new[] = { CTX_AES(60), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, marked, 16), KEY_END, { 0 } };

	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_KEY_ADD, no_salt,
				marked));
	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_KEY_ADD, bad_salt,
				marked));
	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_KEY_ADD, bad_id,
				marked));
	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_KEY_ADD, wrong_len,
				marked));
	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_KEY_DEL, on_del,
				marked));
	EXPECT_EQ(0, echoes_key(_metadata, MEDIASEC_CMD_CTX_NEW, on_new,
				marked));
	ASSERT_EQ(0, snapshot(&self->nl, &self->after));
	EXPECT_TRUE(ms_snap_equal(&self->before, &self->after));
}

/* The module parameter max_ctxs bounds a namespace's contexts. */
TEST_F(ctx, namespace_limit)
{
	const char *param = "/sys/module/mediasec/parameters/max_ctxs";
	const struct a c3[] = { CTX_AES(3), { 0 } };
	char old[32] = "";
	FILE *f = fopen(param, "r+");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	f = fopen(param, "w");
	ASSERT_NE(NULL, f);
	fputs("2", f);		/* the fixture made two */
	fclose(f);
	refused(_metadata, self, MEDIASEC_CMD_CTX_NEW, c3, -ENOSPC);
	f = fopen(param, "w");
	fputs(old, f);
	fclose(f);
	EXPECT_EQ(0, req(&self->nl, MEDIASEC_CMD_CTX_NEW, c3));
}

static int in_child(int (*fn)(void));

/* The module parameter @name as a number; -1 if unreadable. */
static long param_get(const char *name)
{
	char path[128], v[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/mediasec/parameters/%s",
		 name);
	f = fopen(path, "r");
	if (!f || !fgets(v, sizeof(v), f))
		v[0] = 0;
	if (f)
		fclose(f);
	return v[0] ? strtol(v, NULL, 10) : -1;
}

static int param_set(const char *name, long val)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/mediasec/parameters/%s",
		 name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld", val);
	return fclose(f);
}

static int on_charged(struct nlattr **tb, void *arg)
{
	if (tb[MEDIASEC_A_INFO_MEM_CHARGED])
		*(long long *)arg = (long long)nla_get_u64(
			tb[MEDIASEC_A_INFO_MEM_CHARGED]);
	return 0;
}

/* Bytes the module's objects hold, all namespaces (initial admin only). */
static long long charged(struct msnl *nl)
{
	long long v = -1;

	if (msnl_request(nl, msnl_msg(nl, MEDIASEC_CMD_INFO_GET, 0),
			 on_charged, &v))
		return -1;
	return v;
}

static long mem_available_kb(void)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/*
 * Root of its own user and network namespace (no privilege over the
 * host's) makes contexts with keys until refused: exit 0 if that happened
 * after some were made, with the budget's extack, and the host kept its
 * memory (issue 13, item 4).
 */
static int fill_budget(void)
{
	const struct a k[] = { U32(MEDIASEC_A_CTX_ID, 0), KEY_BEGIN,
		BIN(MEDIASEC_A_KEY_MASTER, key32, 16),
		BIN(MEDIASEC_A_KEY_SALT, salt14, 14), KEY_END, { 0 } };
	long before = mem_available_kb(), after;
	struct a c[] = { CTX_AES(0), { 0 } }, kk[8];
	struct msnl nl;
	int i, err = 0;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) || msnl_open(&nl))
		return 30;
	memcpy(kk, k, sizeof(k));
	for (i = 1; i < 1000000 && !err; i++) {
		c[0].val = (unsigned long long)i;
		kk[0].val = (unsigned long long)i;
		err = req(&nl, MEDIASEC_CMD_CTX_NEW, c);
		if (!err)
			err = req(&nl, MEDIASEC_CMD_KEY_ADD, kk);
	}
	after = mem_available_kb();
	printf("# %d contexts with a key, then %d: %s; MemAvailable %ld -> %ld kB\n",
	       i - 2, err, nl.errmsg, before, after);
	fflush(stdout);
	if (err != -ENOSPC || !strstr(nl.errmsg, "memory budget"))
		return 31;
	if (i < 20)
		return 32;
	if (before - after > 64 * 1024)
		return 33;	/* far more than the budget and slack */
	return 0;
}

TEST_F(ctx, module_budget_bounds_user_namespaces)
{
	long old = param_get("mem_limit_mb");
	long long base = charged(&self->nl), now = -1;
	int i;

	ASSERT_LT(0, old);
	ASSERT_LE(0, base);
	/* 2 MiB more than what all namespaces hold now (some 300 contexts) */
	ASSERT_EQ(0, param_set("mem_limit_mb", (long)(base >> 20) + 2));
	EXPECT_EQ(0, in_child(fill_budget));
	ASSERT_EQ(0, param_set("mem_limit_mb", old));
	/*
	 * The namespace went with the child: its objects are given back
	 * (freed after RCU grace periods; objects of earlier tests may go
	 * meanwhile too).
	 */
	for (i = 0; i < 1000; i++) {
		now = charged(&self->nl);
		if (now <= base)
			break;
		usleep(10000);
	}
	EXPECT_LE(now, base);
}

/* Run @fn in a child with fewer privileges; its exit status is returned. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Exit 0 if every change, and every read of a context (subscriber data:
 * issue 13, item 5), is refused with EPERM.
 */
static int try_changes(void)
{
	const struct a c[] = { CTX_AES(50), { 0 } };
	const struct a d[] = { U32(MEDIASEC_A_CTX_ID, 1), { 0 } };
	const struct a k[] = { U32(MEDIASEC_A_CTX_ID, 1), KEY_BEGIN,
		U32(MEDIASEC_A_KEY_MKI, 0), KEY_END, { 0 } };
	struct ctx_info i;
	struct snap s;
	struct msnl nl;

	if (msnl_open(&nl))
		return 10;
	if (req(&nl, MEDIASEC_CMD_CTX_NEW, c) != -EPERM)
		return 11;
	if (req(&nl, MEDIASEC_CMD_CTX_DEL, d) != -EPERM)
		return 12;
	if (req(&nl, MEDIASEC_CMD_KEY_DEL, k) != -EPERM)
		return 13;
	/* Flows and counters are changes too. */
	if (ms_req(&nl, MEDIASEC_CMD_FLOW_DEL, MEDIASEC_A_FLOW, d) != -EPERM)
		return 15;
	if (ms_req(&nl, MEDIASEC_CMD_STATS_RESET, MEDIASEC_A_CTX, d) != -EPERM)
		return 16;
	if (get(&nl, 1, &i) != -EPERM)
		return 14;
	if (snapshot(&nl, &s) != -EPERM)
		return 17;	/* nor a dump */
	return 0;
}

static int as_nobody(void)
{
	if (setgid(65534) || setuid(65534))
		return 20;
	return try_changes();
}

static int as_userns_root(void)
{
	if (unshare(CLONE_NEWUSER))
		return 21;
	return try_changes();
}

TEST_F(ctx, unprivileged_refused)
{
	EXPECT_EQ(0, in_child(as_nobody));
	EXPECT_EQ(0, in_child(as_userns_root));
	ASSERT_EQ(0, snapshot(&self->nl, &self->after));
	EXPECT_EQ(0, memcmp(self->before.buf, self->after.buf,
			    self->before.len));
}

/* Root of a new user namespace owns a new network namespace: its own state. */
static int own_netns(void)
{
	const struct a c[] = { CTX_AES(1), { 0 } };
	struct snap *s = calloc(1, sizeof(*s));
	struct msnl nl;

	if (!s || unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return 30;
	if (msnl_open(&nl))
		return 31;
	if (snapshot(&nl, s) || s->n != 0)
		return 32;	/* the parent's contexts are invisible */
	if (req(&nl, MEDIASEC_CMD_CTX_NEW, c))
		return 33;	/* id 1 is free here */
	if (snapshot(&nl, s) || s->n != 1)
		return 34;
	return 0;		/* the namespace and its state go away */
}

TEST_F(ctx, netns_isolation)
{
	EXPECT_EQ(0, in_child(own_netns));
	ASSERT_EQ(0, snapshot(&self->nl, &self->after));
	EXPECT_EQ(self->before.len, self->after.len);
	EXPECT_EQ(0, memcmp(self->before.buf, self->after.buf,
			    self->before.len));
}

TEST_HARNESS_MAIN
