// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink API of data-path devices (MEDIASEC_CMD_DEV_*): round trip,
 * one malformed request per attribute and rule (each refused with its own
 * error and an extack message, changing nothing), unprivileged callers
 * refused, and a device that goes away leaves the list.
 */
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "ms_nltest.h"
#include "ms_test.h"

#define IFX(v)	U32(MEDIASEC_A_DEV_IFINDEX, v)
#define FLG(v)	U32(MEDIASEC_A_DEV_FLAGS, v)

static int dev_req(struct msnl *nl, int cmd, const struct a *attrs)
{
	return ms_req(nl, cmd, MEDIASEC_A_DEV, attrs);
}

static int dev_snap(struct msnl *nl, struct snap *s)
{
	return ms_snapshot(nl, MEDIASEC_CMD_DEV_GET, MEDIASEC_A_DEV, s);
}

FIXTURE(dev) {
	struct msnl nl;
	unsigned int ifindex;
	struct snap before, after;
};

FIXTURE_SETUP(dev)
{
	struct a d[] = { IFX(0), FLG(MEDIASEC_DEV_F_XDP), { 0 } };

	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link add msv0 type veth peer name msv1"));
	self->ifindex = if_nametoindex("msv0");
	ASSERT_NE(0U, self->ifindex);
	ASSERT_EQ(0, msnl_open(&self->nl));
	d[0].val = self->ifindex;
	ASSERT_EQ(0, dev_req(&self->nl, MEDIASEC_CMD_DEV_SET, d));
	ASSERT_EQ(0, dev_snap(&self->nl, &self->before));
	ASSERT_EQ(1, self->before.n);
}

FIXTURE_TEARDOWN(dev)
{
	msnl_close(&self->nl);
}

struct dev_info {
	unsigned int ifindex, flags;
	char name[IF_NAMESIZE];
	int n;
};

static int on_dev(struct nlattr **tb, void *arg)
{
	struct nlattr *dt[MEDIASEC_A_DEV_MAX + 1];
	struct dev_info *d = arg;

	d->n++;
	if (!tb[MEDIASEC_A_DEV] ||
	    nla_parse_nested(dt, MEDIASEC_A_DEV_MAX, tb[MEDIASEC_A_DEV],
			     NULL) ||
	    !dt[MEDIASEC_A_DEV_IFINDEX] || !dt[MEDIASEC_A_DEV_FLAGS] ||
	    !dt[MEDIASEC_A_DEV_NAME])
		return 0;
	d->ifindex = nla_get_u32(dt[MEDIASEC_A_DEV_IFINDEX]);
	d->flags = nla_get_u32(dt[MEDIASEC_A_DEV_FLAGS]);
	snprintf(d->name, sizeof(d->name), "%s",
		 nla_get_string(dt[MEDIASEC_A_DEV_NAME]));
	return 0;
}

static int dev_get(struct msnl *nl, unsigned int ifindex, struct dev_info *d)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_DEV_GET, 0);
	struct nlattr *nest;

	memset(d, 0, sizeof(*d));
	nest = nla_nest_start(msg, MEDIASEC_A_DEV);
	nla_put_u32(msg, MEDIASEC_A_DEV_IFINDEX, ifindex);
	nla_nest_end(msg, nest);
	return msnl_request(nl, msg, on_dev, d);
}

TEST_F(dev, round_trip)
{
	const struct a d[] = {
		U32(MEDIASEC_A_DEV_IFINDEX, self->ifindex),
		U32(MEDIASEC_A_DEV_FLAGS,
		    MEDIASEC_DEV_F_XDP_GENERIC | MEDIASEC_DEV_F_TC),
		{ 0 } };
	const struct a del[] = {
		U32(MEDIASEC_A_DEV_IFINDEX, self->ifindex), { 0 } };
	struct dev_info i;

	ASSERT_EQ(0, dev_get(&self->nl, self->ifindex, &i));
	EXPECT_EQ(self->ifindex, i.ifindex);
	EXPECT_EQ((unsigned int)MEDIASEC_DEV_F_XDP, i.flags);
	EXPECT_STREQ("msv0", i.name);
	/* SET again replaces the flags. */
	ASSERT_EQ(0, dev_req(&self->nl, MEDIASEC_CMD_DEV_SET, d));
	ASSERT_EQ(0, dev_get(&self->nl, self->ifindex, &i));
	EXPECT_EQ(MEDIASEC_DEV_F_XDP_GENERIC | MEDIASEC_DEV_F_TC, i.flags);
	ASSERT_EQ(0, dev_snap(&self->nl, &self->after));
	EXPECT_EQ(1, self->after.n);
	/* The current name. */
	ASSERT_EQ(0, system("ip link set msv0 name msrenamed"));
	ASSERT_EQ(0, dev_get(&self->nl, self->ifindex, &i));
	EXPECT_STREQ("msrenamed", i.name);
	ASSERT_EQ(0, dev_req(&self->nl, MEDIASEC_CMD_DEV_DEL, del));
	ASSERT_EQ(0, dev_snap(&self->nl, &self->after));
	EXPECT_EQ(0, self->after.n);
	EXPECT_EQ(-ENOENT, dev_get(&self->nl, self->ifindex, &i));
}

TEST_F(dev, unregistered_device_leaves_the_list)
{
	ASSERT_EQ(0, system("ip link del msv0"));
	ASSERT_EQ(0, dev_snap(&self->nl, &self->after));
	EXPECT_EQ(0, self->after.n);
}

struct bad {
	const char *what;
	int cmd;
	struct a attrs[4];
	int err;
};

TEST_F(dev, malformed_requests)
{
	const struct bad bad[] = {
		{ "no ifindex", MEDIASEC_CMD_DEV_SET, { FLG(1) }, -EINVAL },
		{ "ifindex 0", MEDIASEC_CMD_DEV_SET, { IFX(0), FLG(1) },
		  -ERANGE },
		{ "ifindex as u16", MEDIASEC_CMD_DEV_SET,
		  { U16(MEDIASEC_A_DEV_IFINDEX, 1), FLG(1) }, -EINVAL },
		{ "no flags", MEDIASEC_CMD_DEV_SET, { IFX(self->ifindex) },
		  -EINVAL },
		{ "flags 0", MEDIASEC_CMD_DEV_SET,
		  { IFX(self->ifindex), FLG(0) }, -EINVAL },
		{ "driver and generic XDP at once", MEDIASEC_CMD_DEV_SET,
		  { IFX(self->ifindex), FLG(3) }, -EINVAL },
		{ "unknown flag bit", MEDIASEC_CMD_DEV_SET,
		  { IFX(self->ifindex), FLG(8) }, -EINVAL },
		{ "no such device", MEDIASEC_CMD_DEV_SET,
		  { IFX(9999), FLG(1) }, -ENODEV },
		{ "read-only name", MEDIASEC_CMD_DEV_SET,
		  { IFX(self->ifindex), FLG(1),
		    U32(MEDIASEC_A_DEV_NAME, 0) }, -EINVAL },
		{ "unknown attribute", MEDIASEC_CMD_DEV_SET,
		  { IFX(self->ifindex), FLG(1),
		    U32(MEDIASEC_A_DEV_MAX + 1, 0) }, -EINVAL },
		{ "delete a device not listed", MEDIASEC_CMD_DEV_DEL,
		  { IFX(9999) }, -ENOENT },
		{ "delete without ifindex", MEDIASEC_CMD_DEV_DEL,
		  { FLG(1) }, -EINVAL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(bad[i].err, dev_req(&self->nl, bad[i].cmd,
					      bad[i].attrs))
			TH_LOG("%s", bad[i].what);
		EXPECT_NE(0, self->nl.errmsg[0])
			TH_LOG("%s: no message", bad[i].what);
		ASSERT_EQ(0, dev_snap(&self->nl, &self->after));
		EXPECT_TRUE(ms_snap_equal(&self->before, &self->after))
			TH_LOG("%s changed the state", bad[i].what);
	}
}

static int in_child(int (*fn)(unsigned int), unsigned int ifindex)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(fn(ifindex));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int try_changes(unsigned int ifindex)
{
	const struct a set[] = { IFX(ifindex), FLG(MEDIASEC_DEV_F_TC),
				 { 0 } };
	const struct a del[] = { IFX(ifindex), { 0 } };
	struct dev_info i;
	struct msnl nl;

	if (msnl_open(&nl))
		return 10;
	if (dev_req(&nl, MEDIASEC_CMD_DEV_SET, set) != -EPERM)
		return 11;
	if (dev_req(&nl, MEDIASEC_CMD_DEV_DEL, del) != -EPERM)
		return 12;
	if (dev_get(&nl, ifindex, &i) || i.flags != MEDIASEC_DEV_F_XDP)
		return 13;	/* reading works */
	return 0;
}

static int as_nobody(unsigned int ifindex)
{
	if (setgid(65534) || setuid(65534))
		return 20;
	return try_changes(ifindex);
}

static int as_userns_root(unsigned int ifindex)
{
	if (unshare(CLONE_NEWUSER))
		return 21;
	return try_changes(ifindex);
}

TEST_F(dev, unprivileged_refused)
{
	EXPECT_EQ(0, in_child(as_nobody, self->ifindex));
	EXPECT_EQ(0, in_child(as_userns_root, self->ifindex));
	ASSERT_EQ(0, dev_snap(&self->nl, &self->after));
	EXPECT_TRUE(ms_snap_equal(&self->before, &self->after));
}

TEST_HARNESS_MAIN
