// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP program calls the module's kfunc under BPF_PROG_TEST_RUN and the
 * packet comes back changed exactly as the kfunc documents; a range outside
 * the packet is refused and leaves the packet unchanged.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <string.h>

#include "kfunc_test.skel.h"
#include "kselftest_harness.h"
#include "ms_test.h"

#define PKT_LEN 128

FIXTURE(kfunc) {
	struct kfunc_test *skel;
	unsigned char in[PKT_LEN];
	unsigned char out[PKT_LEN + 256];
};

FIXTURE_SETUP(kfunc)
{
	int i;

	ASSERT_EQ(0, ms_test_load_module());
	self->skel = kfunc_test__open_and_load();
	ASSERT_NE(NULL, self->skel);
	for (i = 0; i < PKT_LEN; i++)
		self->in[i] = (unsigned char)(i * 7 + 3);
}

FIXTURE_TEARDOWN(kfunc)
{
	kfunc_test__destroy(self->skel);
}

static int run(struct __test_metadata *_metadata, FIXTURE_DATA(kfunc) *self,
	       __u32 off, __u32 len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = self->in,
		    .data_size_in = PKT_LEN,
		    .data_out = self->out,
		    .data_size_out = sizeof(self->out),
		    .repeat = 1);

	self->skel->bss->offset = off;
	self->skel->bss->len = len;
	self->skel->bss->ret = 1;
	memset(self->out, 0xa5, sizeof(self->out));
	EXPECT_EQ(0, bpf_prog_test_run_opts(
		bpf_program__fd(self->skel->progs.kfunc_test), &opts));
	EXPECT_EQ(XDP_PASS, (int)opts.retval);
	EXPECT_EQ(PKT_LEN, (int)opts.data_size_out);
	return self->skel->bss->ret;
}

TEST_F(kfunc, inverts_range)
{
	int i;

	ASSERT_EQ(0, run(_metadata, self, 14, 20));
	for (i = 0; i < PKT_LEN; i++) {
		unsigned char want = (i >= 14 && i < 34) ? ~self->in[i] :
							  self->in[i];
		ASSERT_EQ(want, self->out[i]) TH_LOG("byte %d", i);
	}
}

TEST_F(kfunc, whole_packet)
{
	int i;

	ASSERT_EQ(0, run(_metadata, self, 0, PKT_LEN));
	for (i = 0; i < PKT_LEN; i++)
		ASSERT_EQ((unsigned char)~self->in[i], self->out[i]);
}

TEST_F(kfunc, refuses_range_past_end)
{
	EXPECT_EQ(-EINVAL, run(_metadata, self, PKT_LEN - 4, 5));
	EXPECT_EQ(0, memcmp(self->in, self->out, PKT_LEN));
}

TEST_F(kfunc, refuses_wrapping_length)
{
	EXPECT_EQ(-EINVAL, run(_metadata, self, 1, 0xffffffffu));
	EXPECT_EQ(0, memcmp(self->in, self->out, PKT_LEN));
	EXPECT_EQ(-EINVAL, run(_metadata, self, PKT_LEN + 1, 0));
	EXPECT_EQ(0, memcmp(self->in, self->out, PKT_LEN));
}

TEST_HARNESS_MAIN
