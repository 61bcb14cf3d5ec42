// SPDX-License-Identifier: GPL-2.0
/*
 * The module's kfuncs treat their arguments as hostile (issue 13, items 2
 * and 3): a NULL where a map value may be NULL is refused with -EINVAL
 * (not dereferenced in softirq), and the IP header the caller points at
 * must say what the offsets say (IPv4: IHL >= 5 and the UDP header right
 * after the options, UDP, no fragment; IPv6: no extension header), so
 * that nothing past the packet is read or checksummed.  Item 10: the flow
 * step keeps softirqs off itself, also when BPF_PROG_TEST_RUN calls it
 * from task context, so its per-CPU counters cannot race with traffic.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <linux/pkt_cls.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <string.h>

#include "mediasec_kfunc.h"	/* before the skeleton, which uses it */
#include "kfunc_args.skel.h"
#include "kselftest_harness.h"
#include "ms_test.h"

#define PKT_LEN 96

FIXTURE(kfunc) {
	struct kfunc_args *skel;
	unsigned char pkt[PKT_LEN];
	unsigned char out[PKT_LEN + 256];
};

FIXTURE_SETUP(kfunc)
{
	ASSERT_EQ(0, ms_test_load_module());
	self->skel = kfunc_args__open_and_load();
	ASSERT_NE(NULL, self->skel);
	memset(self->pkt, 0, sizeof(self->pkt));
}

FIXTURE_TEARDOWN(kfunc)
{
	kfunc_args__destroy(self->skel);
}

static int run(struct __test_metadata *_metadata, FIXTURE_DATA(kfunc) *self,
	       struct bpf_program *prog, __u32 len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = self->pkt,
		    .data_size_in = len,
		    .data_out = self->out,
		    .data_size_out = sizeof(self->out),
		    .repeat = 1);

	return bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
}

TEST_F(kfunc, null_map_values_refused)
{
	ASSERT_EQ(0, run(_metadata, self, self->skel->progs.null_args,
			 PKT_LEN));
	EXPECT_EQ(-EINVAL, self->skel->bss->ret_xform);
	EXPECT_EQ(-EINVAL, self->skel->bss->ret_flow);
	EXPECT_EQ(-EINVAL, self->skel->bss->ret_egress);
	ASSERT_EQ(0, run(_metadata, self, self->skel->progs.null_skb_args,
			 PKT_LEN));
	EXPECT_EQ(-EINVAL, self->skel->bss->ret_skb);
}

/* Ethernet, then an IPv4 header with @ihl words and UDP to port 9. */
static void ipv4(unsigned char *p, int ihl, int proto, int frag)
{
	p[12] = 0x08;
	p[14] = (unsigned char)(0x40 | ihl);
	p[16] = 0;
	p[17] = PKT_LEN - 14;
	p[20] = (unsigned char)(frag >> 8);
	p[21] = (unsigned char)frag;
	p[22] = 64;
	p[23] = (unsigned char)proto;
	memcpy(p + 26, "\xc0\x00\x02\x02\xc0\x00\x02\x01", 8);
}

static int step(struct __test_metadata *_metadata, FIXTURE_DATA(kfunc) *self,
		__u8 family, __u32 l3, __u32 l4)
{
	self->skel->bss->md.family = family;
	self->skel->bss->md.l3_off = l3;
	self->skel->bss->md.l4_off = l4;
	self->skel->bss->ret_flow = 1000;
	EXPECT_EQ(0, run(_metadata, self, self->skel->progs.flow_step,
			 PKT_LEN));
	return self->skel->bss->ret_flow;
}

/* Item 10: seen from inside, the flow step runs with softirqs off. */
TEST_F(kfunc, flow_step_keeps_softirqs_off)
{
	struct bpf_link *link;

	link = bpf_program__attach(self->skel->progs.flow_lookup_bh);
	ASSERT_NE(NULL, link);
	ipv4(self->pkt, 5, IPPROTO_UDP, 0);
	EXPECT_EQ(MEDIASEC_XDP_PASS, step(_metadata, self, AF_INET, 14, 34));
	bpf_link__destroy(link);
	EXPECT_LE(1, self->skel->bss->lookups);
	EXPECT_EQ(self->skel->bss->lookups, self->skel->bss->lookups_bh_off);
}

TEST_F(kfunc, ipv4_header_checked)
{
	ipv4(self->pkt, 5, IPPROTO_UDP, 0);
	EXPECT_EQ(MEDIASEC_XDP_PASS, step(_metadata, self, AF_INET, 14, 34));
	/* IHL 15 says 60 bytes of header: the UDP header is not at 34 */
	ipv4(self->pkt, 15, IPPROTO_UDP, 0);
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, 14, 34));
	/* ...and 74 + 8 is inside the packet, 74 + 60 is not: refused */
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, 40, 60));
	ipv4(self->pkt, 4, IPPROTO_UDP, 0);
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, 14, 30));
	ipv4(self->pkt, 5, IPPROTO_UDP, 0);
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, 14, 38));
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, PKT_LEN, PKT_LEN));
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET6, 14, 34));
	ipv4(self->pkt, 5, IPPROTO_TCP, 0);
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET, 14, 34));
	/* a fragment has no UDP header of its own: the stack's */
	ipv4(self->pkt, 5, IPPROTO_UDP, 0x2000);
	EXPECT_EQ(MEDIASEC_XDP_PASS, step(_metadata, self, AF_INET, 14, 34));
	ipv4(self->pkt, 5, IPPROTO_UDP, 0x0010);
	EXPECT_EQ(MEDIASEC_XDP_PASS, step(_metadata, self, AF_INET, 14, 34));
	EXPECT_EQ(-EINVAL, step(_metadata, self, 7, 14, 34));
}

TEST_F(kfunc, ipv6_header_checked)
{
	self->pkt[12] = 0x86;
	self->pkt[13] = 0xdd;
	self->pkt[14] = 0x60;
	self->pkt[19] = 8;
	self->pkt[20] = IPPROTO_UDP;
	self->pkt[21] = 64;
	EXPECT_EQ(MEDIASEC_XDP_PASS, step(_metadata, self, AF_INET6, 14, 54));
	/* a hop-by-hop header before UDP: payload_len would be rewritten
	 * as the UDP length
	 */
	self->pkt[20] = 0;
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET6, 14, 62));
	self->pkt[20] = IPPROTO_UDP;
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET6, 14, 62));
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET6, 60, 80));
	self->pkt[14] = 0x40;
	EXPECT_EQ(-EINVAL, step(_metadata, self, AF_INET6, 14, 54));
}

static int output(struct __test_metadata *_metadata,
		  FIXTURE_DATA(kfunc) *self, __u32 l3, __u32 oif)
{
	self->skel->bss->out_l3 = l3;
	self->skel->bss->out_oif = oif;
	self->skel->bss->ret_output = 1000;
	EXPECT_EQ(0, run(_metadata, self, self->skel->progs.output, PKT_LEN));
	return self->skel->bss->ret_output;
}

/*
 * bpf_mediasec_xdp_output() sends nothing but a whole IP packet whose
 * header matches the frame, from one of the namespace's own addresses.
 */
TEST_F(kfunc, output_checks_its_packet)
{
	ipv4(self->pkt, 5, IPPROTO_UDP, 0);
	/* 192.0.2.2 is no address of this namespace: no route out from it */
	EXPECT_EQ(-ENETUNREACH, output(_metadata, self, 14, 0));
	EXPECT_EQ(-ENETUNREACH, output(_metadata, self, 14, 0x7fffffff));
	/* the header elsewhere than where its length says it ends */
	EXPECT_EQ(-EINVAL, output(_metadata, self, 18, 0));
	EXPECT_EQ(-EINVAL, output(_metadata, self, 10, 0));
	EXPECT_EQ(-EINVAL, output(_metadata, self, PKT_LEN, 0));
	EXPECT_EQ(-EINVAL, output(_metadata, self, 0xffffffff, 0));
	ipv4(self->pkt, 4, IPPROTO_UDP, 0);
	EXPECT_EQ(-EINVAL, output(_metadata, self, 14, 0));
	self->pkt[14] = 0x75;
	EXPECT_EQ(-EINVAL, output(_metadata, self, 14, 0));

	/* IPv6: the source must be the namespace's own */
	memset(self->pkt, 0, PKT_LEN);
	self->pkt[12] = 0x86;
	self->pkt[13] = 0xdd;
	self->pkt[14] = 0x60;
	self->pkt[19] = PKT_LEN - 14 - 40;
	self->pkt[20] = IPPROTO_UDP;
	self->pkt[21] = 64;
	memcpy(self->pkt + 22, "\x20\x01\x0d\xb8", 4);
	memcpy(self->pkt + 38, "\x20\x01\x0d\xb8", 4);
	self->pkt[37] = 2;
	self->pkt[53] = 1;
	EXPECT_EQ(-EADDRNOTAVAIL, output(_metadata, self, 14, 0));
	self->pkt[19]++;
	EXPECT_EQ(-EINVAL, output(_metadata, self, 14, 0));
}

TEST_HARNESS_MAIN
