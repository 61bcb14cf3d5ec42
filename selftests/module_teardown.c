// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec.ko's exit takes its netdevice notifier down before its generic
 * netlink family (issue 13, item 8): a device removed while the module
 * unloads makes the notifier send an event on the family, which must
 * still be there.  The order is watched from inside the unloading task
 * (selftests/progs/teardown_order.bpf.c), the module loaded again after.
 */
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "teardown_order.skel.h"
#include "kselftest_harness.h"
#include "ms_test.h"

TEST(notifier_goes_before_the_family)
{
	struct teardown_order *skel;
	int notifier_at, family_at;

	ASSERT_EQ(0, ms_test_load_module());
	skel = teardown_order__open_and_load();
	ASSERT_NE(NULL, skel);
	skel->bss->pid = getpid();
	ASSERT_EQ(0, teardown_order__attach(skel));
	ASSERT_EQ(0, syscall(SYS_delete_module, "mediasec", O_NONBLOCK))
		TH_LOG("delete_module: %m");
	notifier_at = skel->bss->notifier_at;
	family_at = skel->bss->family_at;
	teardown_order__destroy(skel);
	EXPECT_LT(0, notifier_at);
	EXPECT_LT(0, family_at);
	EXPECT_LT(notifier_at, family_at);
	EXPECT_EQ(0, ms_test_load_module());
}

TEST_HARNESS_MAIN
