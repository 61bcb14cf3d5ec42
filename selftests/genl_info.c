// SPDX-License-Identifier: GPL-2.0
/*
 * The "mediasec" generic netlink family resolves and answers INFO_GET;
 * attributes that the command does not take are refused.
 */
#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <string.h>

#include <linux/mediasec.h>

#include "kselftest_harness.h"
#include "ms_test.h"

struct reply {
	int err;
	char version[64];
	__u32 api;
	int got;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct reply *r = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX, NULL))
		return NL_SKIP;
	if (tb[MEDIASEC_A_INFO_VERSION])
		snprintf(r->version, sizeof(r->version), "%s",
			 nla_get_string(tb[MEDIASEC_A_INFO_VERSION]));
	if (tb[MEDIASEC_A_INFO_API_VERSION])
		r->api = nla_get_u32(tb[MEDIASEC_A_INFO_API_VERSION]);
	r->got++;
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)nla;
	r->err = e->error;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_STOP;
}

FIXTURE(genl) {
	struct nl_sock *sk;
	int family;
};

FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, ms_test_load_module());
	self->sk = nl_socket_alloc();
	ASSERT_NE(NULL, self->sk);
	ASSERT_EQ(0, genl_connect(self->sk));
	self->family = genl_ctrl_resolve(self->sk, MEDIASEC_GENL_NAME);
	ASSERT_GT(self->family, 0);
}

FIXTURE_TEARDOWN(genl)
{
	nl_socket_free(self->sk);
}

/* Send @cmd, with a string attribute @attr unless it is 0; collect the reply. */
static int request(struct nl_sock *sk, int family, int cmd, int attr,
		   struct reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct nl_msg *msg = nlmsg_alloc();
	int ret = -ENOMEM;

	memset(r, 0, sizeof(*r));
	if (!cb || !msg)
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			 NLM_F_ACK, cmd, MEDIASEC_GENL_VERSION))
		goto out;
	if (attr && nla_put_string(msg, attr, "1.2.3"))
		goto out;
	ret = nl_send_auto(sk, msg);
	/* A reply, then the ack; or just an error. */
	while (ret >= 0 && !r->err) {
		ret = nl_recvmsgs(sk, cb);
		if (ret >= 0 && (r->got || r->err))
			break;
	}
	if (ret >= 0 && r->got && !r->err)
		ret = nl_recvmsgs(sk, cb);	/* the ack */
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	/* libnl reports the kernel's error as its own; r->err has it. */
	if (r->err)
		return 0;
	return ret < 0 ? ret : 0;
}

TEST_F(genl, family_version)
{
	struct genl_family *fam;
	struct nl_cache *cache;

	ASSERT_EQ(0, genl_ctrl_alloc_cache(self->sk, &cache));
	fam = genl_ctrl_search_by_name(cache, MEDIASEC_GENL_NAME);
	ASSERT_NE(NULL, fam);
	EXPECT_EQ(MEDIASEC_GENL_VERSION, (int)genl_family_get_version(fam));
	EXPECT_EQ(MEDIASEC_A_MAX, (int)genl_family_get_maxattr(fam));
	genl_family_put(fam);
	nl_cache_free(cache);
}

TEST_F(genl, info_get)
{
	struct reply r;

	ASSERT_EQ(0, request(self->sk, self->family, MEDIASEC_CMD_INFO_GET,
			     0, &r));
	EXPECT_EQ(0, r.err);
	EXPECT_EQ(1, r.got);
	EXPECT_EQ(MEDIASEC_GENL_VERSION, (int)r.api);
	EXPECT_STREQ("0.1.0", r.version);
}

TEST_F(genl, info_get_rejects_attribute)
{
	struct reply r;

	ASSERT_EQ(0, request(self->sk, self->family, MEDIASEC_CMD_INFO_GET,
			     MEDIASEC_A_INFO_VERSION, &r));
	EXPECT_EQ(-EINVAL, r.err);
	EXPECT_EQ(0, r.got);
}

TEST_F(genl, unknown_command)
{
	struct reply r;

	ASSERT_EQ(0, request(self->sk, self->family, MEDIASEC_CMD_MAX + 1,
			     0, &r));
	EXPECT_EQ(-EOPNOTSUPP, r.err);
	EXPECT_EQ(0, r.got);
}

TEST_HARNESS_MAIN
