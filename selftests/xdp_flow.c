// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP data path program (ebpf/mediasec_xdp.bpf.c) and its flow kfunc,
 * under BPF_PROG_TEST_RUN: an SRTP packet made by libsrtp2 for an
 * srtp-to-rtp flow comes out as the original RTP with the flow's
 * addresses, ports, lengths and valid checksums (IPv4); an RTP packet for
 * an rtp-to-srtp flow comes out as SRTP that libsrtp2 unprotects (IPv6,
 * where the UDP checksum is mandatory); a tampered or replayed packet is
 * dropped and counted; a packet of no flow passes untouched.  Latching:
 * an srtp-to-rtp flow moves to the source of authentic packets only (not
 * of tampered or replayed ones) and takes its reverse flow's destination
 * along, a flow without keys learns its first source once; each move is an
 * event.  A flow with an idle timeout reports FLOW_IDLE once per silence.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <netlink/genl/ctrl.h>
#include <poll.h>
#include <sched.h>
#include <srtp2/srtp.h>

#include "kselftest_harness.h"
#include "mediasec_xdp.skel.h"
#include "ms_nltest.h"
#include "ms_test.h"
#include "../userspace/lib/msobj.h"

static unsigned char key[30] = {
	0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c,
	0x06, 0xde, 0x41, 0x39, 0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb,
	0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6 };
static unsigned char loc4[4] = { 192, 0, 2, 1 }, rem4[4] = { 192, 0, 2, 2 };
static unsigned char out_s4[4] = { 198, 51, 100, 1 };
static unsigned char out_d4[4] = { 198, 51, 100, 2 };
static unsigned char loc6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xa, [15] = 1 };
static unsigned char rem6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xa, [15] = 2 };
static unsigned char out_d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xc, [15] = 2 };

static uint16_t csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static uint32_t csum_add(uint32_t s, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (b[i] << 8) | b[i + 1];
	if (n & 1)
		s += b[n - 1] << 8;
	return s;
}

/* 0xffff when the UDP checksum over pseudo header and datagram holds. */
static uint16_t udp_sum(int v6, const void *src, const void *dst,
			const void *udp, size_t len)
{
	uint32_t s = 0;

	s = csum_add(s, src, v6 ? 16 : 4);
	s = csum_add(s, dst, v6 ? 16 : 4);
	s += IPPROTO_UDP + len;
	return csum_fold(csum_add(s, udp, len));
}

static size_t rtp_packet(uint8_t *b, uint16_t seq)
{
	size_t i;

	b[0] = 0x80;
	b[1] = 0x00;
	b[2] = seq >> 8;
	b[3] = seq;
	memset(b + 4, 0x22, 4);
	memcpy(b + 8, "\x0a\x0b\x0c\x0d", 4);
	for (i = 12; i < 172; i++)
		b[i] = (uint8_t)(i * 3 + seq);
	return 172;
}

/* Ethernet + IP + UDP around @pl; returns the frame length. */
static size_t frame(uint8_t *f, int v6, const void *src, const void *dst,
		    uint16_t sport, uint16_t dport, const void *pl, size_t n)
{
	struct ethhdr *eth = (struct ethhdr *)f;
	struct udphdr *uh;
	size_t l3 = sizeof(*eth), l4;

	memset(f, 0, 128);
	memset(eth->h_dest, 0x02, ETH_ALEN);
	memset(eth->h_source, 0x04, ETH_ALEN);
	if (v6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(f + l3);

		eth->h_proto = htons(ETH_P_IPV6);
		ip6->version = 6;
		ip6->nexthdr = IPPROTO_UDP;
		ip6->hop_limit = 9;
		ip6->payload_len = htons(sizeof(*uh) + n);
		memcpy(&ip6->saddr, src, 16);
		memcpy(&ip6->daddr, dst, 16);
		l4 = l3 + sizeof(*ip6);
	} else {
		struct iphdr *ip = (struct iphdr *)(f + l3);

		eth->h_proto = htons(ETH_P_IP);
		ip->version = 4;
		ip->ihl = 5;
		ip->ttl = 9;
		ip->protocol = IPPROTO_UDP;
		ip->tot_len = htons(sizeof(*ip) + sizeof(*uh) + n);
		memcpy(&ip->saddr, src, 4);
		memcpy(&ip->daddr, dst, 4);
		ip->check = htons(~csum_fold(csum_add(0, ip, sizeof(*ip))));
		l4 = l3 + sizeof(*ip);
	}
	uh = (struct udphdr *)(f + l4);
	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(sizeof(*uh) + n);
	memcpy(uh + 1, pl, n);
	return l4 + sizeof(*uh) + n;
}

FIXTURE(xdp) {
	struct msnl nl;
	struct mediasec_xdp *skel;
	srtp_t lib;		/* libsrtp, the UE's side */
	/* IP headers 4-byte aligned after the 14-byte Ethernet header. */
	uint8_t outbuf[2050] __attribute__((aligned(8)));
	uint8_t *out;
	__u32 out_len;
};

FIXTURE_SETUP(xdp)
{
	const struct a rx[] = {
		U32(MEDIASEC_A_CTX_ID, 1), U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_RX),
		U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80),
		{ 0 } };
	const struct a tx[] = {
		U32(MEDIASEC_A_CTX_ID, 2), U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_TX),
		U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80),
		{ 0 } };
	const struct a k1[] = { U32(MEDIASEC_A_CTX_ID, 1),
		NEST_BEGIN(MEDIASEC_A_KEY), BIN(MEDIASEC_A_KEY_MASTER, key, 16),
		BIN(MEDIASEC_A_KEY_SALT, key + 16, 14), NEST_END, { 0 } };
	const struct a k2[] = { U32(MEDIASEC_A_CTX_ID, 2),
		NEST_BEGIN(MEDIASEC_A_KEY), BIN(MEDIASEC_A_KEY_MASTER, key, 16),
		BIN(MEDIASEC_A_KEY_SALT, key + 16, 14), NEST_END, { 0 } };
	const struct a f1[] = {
		U32(MEDIASEC_A_FLOW_ID, 1),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_RTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40000),
		BIN(MEDIASEC_A_FLOW_REMOTE_ADDR, rem4, 4),
		U16(MEDIASEC_A_FLOW_REMOTE_PORT, 50000),
		U32(MEDIASEC_A_FLOW_RX_CTX, 1),
		BIN(MEDIASEC_A_FLOW_OUT_SADDR, out_s4, 4),
		U16(MEDIASEC_A_FLOW_OUT_SPORT, 30001),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30000), { 0 } };
	const struct a f2[] = {
		U32(MEDIASEC_A_FLOW_ID, 2),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_RTP_TO_SRTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc6, 16),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40002),
		U32(MEDIASEC_A_FLOW_TX_CTX, 2),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d6, 16),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 7000), { 0 } };
	srtp_policy_t pol;

	ASSERT_EQ(0, ms_test_load_module());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, msnl_open(&self->nl));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_NEW, MEDIASEC_A_CTX, rx));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_NEW, MEDIASEC_A_CTX, tx));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_KEY_ADD, MEDIASEC_A_CTX, k1));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_KEY_ADD, MEDIASEC_A_CTX, k2));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f1));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f2));
	self->out = self->outbuf + 2;
	self->skel = mediasec_xdp__open_and_load();
	ASSERT_NE(NULL, self->skel);

	ASSERT_EQ(0, (int)srtp_init());
	memset(&pol, 0, sizeof(pol));
	srtp_crypto_policy_set_rtp_default(&pol.rtp);
	srtp_crypto_policy_set_rtcp_default(&pol.rtcp);
	pol.ssrc.type = ssrc_any_outbound;
	pol.key = key;
	pol.window_size = 128;
	ASSERT_EQ(0, (int)srtp_create(&self->lib, &pol));
}

FIXTURE_TEARDOWN(xdp)
{
	srtp_dealloc(self->lib);
	srtp_shutdown();
	mediasec_xdp__destroy(self->skel);
	msnl_close(&self->nl);
}

static int run(FIXTURE_DATA(xdp) *self, const uint8_t *in, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len,
		    .data_out = self->out,
		    .data_size_out = sizeof(self->outbuf) - 2,
		    .repeat = 1);

	if (bpf_prog_test_run_opts(
		    bpf_program__fd(self->skel->progs.mediasec_xdp), &o))
		return -1;
	self->out_len = o.data_size_out;
	return (int)o.retval;
}

struct flow_stats {
	unsigned long long packets, bytes, drops, tx_bytes;
};

static int on_fstats(struct nlattr **tb, void *arg)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct nlattr *st[MEDIASEC_A_FLOW_STATS_MAX + 1];
	struct flow_stats *s = arg;

	nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW], NULL);
	nla_parse_nested(st, MEDIASEC_A_FLOW_STATS_MAX,
			 ft[MEDIASEC_A_FLOW_STATS], NULL);
	s->packets = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_PACKETS]);
	s->bytes = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_BYTES]);
	s->drops = nla_get_u64(st[MEDIASEC_A_FLOW_STATS_DROPS]);
	s->tx_bytes = st[MEDIASEC_A_FLOW_STATS_TX_BYTES] ?
		      nla_get_u64(st[MEDIASEC_A_FLOW_STATS_TX_BYTES]) : ~0ULL;
	return 0;
}

static struct flow_stats fstats(struct msnl *nl, __u32 id)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_FLOW_GET, 0);
	struct flow_stats s = { 0, 0, 0, 0 };
	struct nlattr *nest = nla_nest_start(msg, MEDIASEC_A_FLOW);

	nla_put_u32(msg, MEDIASEC_A_FLOW_ID, id);
	nla_nest_end(msg, nest);
	msnl_request(nl, msg, on_fstats, &s);
	return s;
}

TEST_F(xdp, srtp_to_rtp_ipv4)
{
	uint8_t rtp[256], srtp[256], inb[516] __attribute__((aligned(8)));
	uint8_t *in = inb + 2;
	const struct iphdr *ip = (const void *)(self->out + ETH_HLEN);
	const struct udphdr *uh = (const void *)(ip + 1);
	struct flow_stats s;
	int slen, n;
	size_t flen;

	n = (int)rtp_packet(rtp, 1000);
	memcpy(srtp, rtp, n);
	slen = n;
	ASSERT_EQ(0, (int)srtp_protect(self->lib, srtp, &slen));
	ASSERT_EQ(n + 10, slen);
	flen = frame(in, 0, rem4, loc4, 50000, 40000, srtp, slen);

	/*
	 * No route in this namespace (nor its source address): transformed,
	 * then to the stack, which bpf_mediasec_xdp_output() leaves it to.
	 */
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	ASSERT_EQ(ETH_HLEN + 20 + 8 + n, (int)self->out_len);
	EXPECT_EQ(0, memcmp(&ip->saddr, out_s4, 4));
	EXPECT_EQ(0, memcmp(&ip->daddr, out_d4, 4));
	EXPECT_EQ(20 + 8 + n, ntohs(ip->tot_len));
	EXPECT_EQ(64, ip->ttl);
	EXPECT_EQ(0xffff, csum_fold(csum_add(0, ip, 20)));
	EXPECT_EQ(30001, ntohs(uh->source));
	EXPECT_EQ(30000, ntohs(uh->dest));
	EXPECT_EQ(8 + n, ntohs(uh->len));
	EXPECT_EQ(0xffff, udp_sum(0, &ip->saddr, &ip->daddr, uh, 8 + n));
	EXPECT_EQ(0, memcmp(uh + 1, rtp, n));
	s = fstats(&self->nl, 1);
	EXPECT_EQ(1ULL, s.packets);
	EXPECT_EQ((unsigned long long)slen, s.bytes);
	/* as sent: the RTP packet, its tag taken off (nt/os of H.248) */
	EXPECT_EQ((unsigned long long)n, s.tx_bytes);

	/* The same packet again is a replay: dropped, counted. */
	EXPECT_EQ(XDP_DROP, run(self, in, flen));
	/* One bit flipped: dropped. */
	n = (int)rtp_packet(rtp, 1001);
	memcpy(srtp, rtp, n);
	slen = n;
	ASSERT_EQ(0, (int)srtp_protect(self->lib, srtp, &slen));
	srtp[20] ^= 0x10;
	flen = frame(in, 0, rem4, loc4, 50000, 40000, srtp, slen);
	EXPECT_EQ(XDP_DROP, run(self, in, flen));
	s = fstats(&self->nl, 1);
	EXPECT_EQ(1ULL, s.packets);
	EXPECT_EQ(2ULL, s.drops);
}

/*
 * FLOW_DEL and CTX_DEL with NLM_F_ECHO answer with what they deleted: the
 * counters up to the deletion, which mediasecd's totals keep.  Without
 * the flag, nothing but the acknowledgment (the CLI's and older callers').
 */
TEST_F(xdp, deletes_echo_the_last_counters)
{
	uint8_t rtp[256], srtp[256], inb[516] __attribute__((aligned(8)));
	uint8_t *in = inb + 2;
	struct msobj_ctx_stats cs;
	struct msobj_flow f;
	int slen, n;
	size_t flen;

	n = (int)rtp_packet(rtp, 2000);
	memcpy(srtp, rtp, n);
	slen = n;
	ASSERT_EQ(0, (int)srtp_protect(self->lib, srtp, &slen));
	flen = frame(in, 0, rem4, loc4, 50000, 40000, srtp, slen);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	ASSERT_EQ(XDP_DROP, run(self, in, flen));	/* its replay */

	/* A context a flow names stays, and echoes nothing. */
	memset(&cs, 0xff, sizeof(cs));
	EXPECT_EQ(-EBUSY, msobj_ctx_del_last(&self->nl, 1, &cs));
	EXPECT_EQ(0ULL, cs.n[MEDIASEC_RESULT_OK]);
	ASSERT_EQ(0, msobj_flow_del_last(&self->nl, 1, &f));
	EXPECT_EQ(1U, f.id);
	EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_RTP, f.action);
	EXPECT_EQ(1ULL, f.packets);
	EXPECT_EQ((unsigned long long)slen, f.bytes);
	EXPECT_EQ((unsigned long long)n, f.tx_bytes);
	EXPECT_EQ(1ULL, f.drops);
	EXPECT_EQ(-ENOENT, msobj_flow_get(&self->nl, 1, &f));
	EXPECT_EQ(-ENOENT, msobj_flow_del_last(&self->nl, 1, &f));

	ASSERT_EQ(0, msobj_ctx_del_last(&self->nl, 1, &cs));
	EXPECT_EQ(1ULL, cs.n[MEDIASEC_RESULT_OK]);
	EXPECT_EQ(1ULL, cs.n[MEDIASEC_RESULT_REPLAY]);
	EXPECT_EQ(-ENOENT, msobj_ctx_stats(&self->nl, 1, &cs));

	/* No echo asked: deleted all the same. */
	ASSERT_EQ(0, msobj_flow_del(&self->nl, 2));
	ASSERT_EQ(0, msobj_ctx_del(&self->nl, 2));
	EXPECT_EQ(-ENOENT, msobj_ctx_stats(&self->nl, 2, &cs));
}

TEST_F(xdp, not_a_flow_passes_untouched)
{
	uint8_t rtp[256], inb[516] __attribute__((aligned(8)));
	uint8_t *in = inb + 2;
	size_t n = rtp_packet(rtp, 5), flen;

	/* Another port, then the flow's port from another remote. */
	flen = frame(in, 0, rem4, loc4, 50000, 40010, rtp, n);
	EXPECT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(flen, self->out_len);
	EXPECT_EQ(0, memcmp(in, self->out, flen));
	flen = frame(in, 0, loc4, loc4, 50000, 40000, rtp, n);
	EXPECT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, memcmp(in, self->out, flen));
	EXPECT_EQ(0ULL, fstats(&self->nl, 1).drops);
}

TEST_F(xdp, rtp_to_srtp_ipv6)
{
	uint8_t rtp[256], got[512], inb[516] __attribute__((aligned(8)));
	uint8_t *in = inb + 2;
	const struct ipv6hdr *ip6 = (const void *)(self->out + ETH_HLEN);
	const struct udphdr *uh = (const void *)(ip6 + 1);
	srtp_policy_t pol;
	srtp_t ue;
	size_t n = rtp_packet(rtp, 7), flen;
	int len;

	flen = frame(in, 1, rem6, loc6, 6000, 40002, rtp, n);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	ASSERT_EQ(ETH_HLEN + 40 + 8 + n + 10, (size_t)self->out_len);
	EXPECT_EQ(0, memcmp(&ip6->saddr, rem6, 16));	/* source kept */
	EXPECT_EQ(0, memcmp(&ip6->daddr, out_d6, 16));
	EXPECT_EQ(8 + n + 10, ntohs(ip6->payload_len));
	EXPECT_EQ(7000, ntohs(uh->dest));
	EXPECT_EQ(0xffff, udp_sum(1, &ip6->saddr, &ip6->daddr, uh,
				  8 + n + 10));

	/* The UE, with libsrtp, gets back the RTP that was sent. */
	memset(&pol, 0, sizeof(pol));
	srtp_crypto_policy_set_rtp_default(&pol.rtp);
	srtp_crypto_policy_set_rtcp_default(&pol.rtcp);
	pol.ssrc.type = ssrc_any_inbound;
	pol.key = key;
	pol.window_size = 128;
	ASSERT_EQ(0, (int)srtp_create(&ue, &pol));
	len = (int)(n + 10);
	memcpy(got, uh + 1, len);
	EXPECT_EQ(0, (int)srtp_unprotect(ue, got, &len));
	EXPECT_EQ((int)n, len);
	EXPECT_EQ(0, memcmp(got, rtp, n));
	srtp_dealloc(ue);
	/* bytes as received (RTP), as sent (SRTP: the 80-bit tag added) */
	EXPECT_EQ((unsigned long long)n, fstats(&self->nl, 2).bytes);
	EXPECT_EQ((unsigned long long)n + 10, fstats(&self->nl, 2).tx_bytes);
}

struct peer {
	unsigned char raddr[16], daddr[16];
	unsigned int rport, dport;
	int has_remote;
};

static int on_peer(struct nlattr **tb, void *arg)
{
	struct nlattr *ft[MEDIASEC_A_FLOW_MAX + 1];
	struct peer *p = arg;

	memset(p, 0, sizeof(*p));
	nla_parse_nested(ft, MEDIASEC_A_FLOW_MAX, tb[MEDIASEC_A_FLOW], NULL);
	if (ft[MEDIASEC_A_FLOW_REMOTE_ADDR]) {
		p->has_remote = 1;
		memcpy(p->raddr, nla_data(ft[MEDIASEC_A_FLOW_REMOTE_ADDR]),
		       nla_len(ft[MEDIASEC_A_FLOW_REMOTE_ADDR]));
		p->rport = nla_get_u16(ft[MEDIASEC_A_FLOW_REMOTE_PORT]);
	}
	memcpy(p->daddr, nla_data(ft[MEDIASEC_A_FLOW_OUT_DADDR]),
	       nla_len(ft[MEDIASEC_A_FLOW_OUT_DADDR]));
	p->dport = nla_get_u16(ft[MEDIASEC_A_FLOW_OUT_DPORT]);
	return 0;
}

static struct peer fpeer(struct msnl *nl, __u32 id)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_FLOW_GET, 0);
	struct nlattr *nest = nla_nest_start(msg, MEDIASEC_A_FLOW);
	struct peer p;

	memset(&p, 0, sizeof(p));
	nla_put_u32(msg, MEDIASEC_A_FLOW_ID, id);
	nla_nest_end(msg, nest);
	msnl_request(nl, msg, on_peer, &p);
	return p;
}

/* An SRTP frame for flow 3 (loc4:40010) from @src:@sport. */
static size_t srtp_frame(FIXTURE_DATA(xdp) *self, uint8_t *in,
			 const void *src, uint16_t sport, uint16_t seq,
			 int flip)
{
	uint8_t b[256];
	int len = (int)rtp_packet(b, seq);

	if (srtp_protect(self->lib, b, &len))
		return 0;
	if (flip)
		b[30] ^= 1;
	return frame(in, 0, src, loc4, sport, 40010, b, len);
}

TEST_F(xdp, latching)
{
	static unsigned char nat4[4] = { 203, 0, 113, 7 };
	static unsigned char evil4[4] = { 203, 0, 113, 66 };
	const struct a f3[] = {
		U32(MEDIASEC_A_FLOW_ID, 3),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_RTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40010),
		BIN(MEDIASEC_A_FLOW_REMOTE_ADDR, rem4, 4),
		U16(MEDIASEC_A_FLOW_REMOTE_PORT, 50000),
		U32(MEDIASEC_A_FLOW_RX_CTX, 1),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30010),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH),
		U32(MEDIASEC_A_FLOW_REVERSE, 4), { 0 } };
	const struct a f4[] = {
		U32(MEDIASEC_A_FLOW_ID, 4),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_RTP_TO_SRTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, out_s4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 30011),
		U32(MEDIASEC_A_FLOW_TX_CTX, 2),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, rem4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 50000), { 0 } };
	const struct a f5[] = {
		U32(MEDIASEC_A_FLOW_ID, 5),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40020),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30020),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH), { 0 } };
	uint8_t inb[516] __attribute__((aligned(8))), *in = inb + 2;
	const struct iphdr *ip = (const void *)(self->out + ETH_HLEN);
	const struct udphdr *uh = (const void *)(ip + 1);
	uint8_t rtp[256];
	struct nl_sock *sk;
	struct ms_evq q;
	struct peer p;
	size_t flen;

	sk = ms_listen_events(&q, 1);
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f3));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f4));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f5));

	/* From the signalled remote: taken, and learned. */
	flen = srtp_frame(self, in, rem4, 50000, 100, 0);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, memcmp(&ip->daddr, out_d4, 4));
	/* The phone moves behind a NAT: its next authentic packet moves us. */
	flen = srtp_frame(self, in, nat4, 41234, 101, 0);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(30010, ntohs(uh->dest));
	p = fpeer(&self->nl, 3);
	EXPECT_EQ(0, memcmp(p.raddr, nat4, 4));
	EXPECT_EQ(41234U, p.rport);
	p = fpeer(&self->nl, 4);
	EXPECT_EQ(0, memcmp(p.daddr, nat4, 4));
	EXPECT_EQ(41234U, p.dport);

	/* Forged, or replayed from elsewhere: dropped, nothing moves. */
	flen = srtp_frame(self, in, evil4, 666, 102, 1);
	EXPECT_EQ(XDP_DROP, run(self, in, flen));
	flen = srtp_frame(self, in, nat4, 41234, 103, 0);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	memcpy(rtp, in + ETH_HLEN + 20 + 8, flen - ETH_HLEN - 20 - 8);
	flen = frame(in, 0, evil4, loc4, 666, 40010, rtp,
		     flen - ETH_HLEN - 20 - 8);	/* the same, from elsewhere */
	EXPECT_EQ(XDP_DROP, run(self, in, flen));
	p = fpeer(&self->nl, 3);
	EXPECT_EQ(0, memcmp(p.raddr, nat4, 4));
	EXPECT_EQ(41234U, p.rport);

	/* The reverse flow sends to where the phone is now. */
	rtp_packet(rtp, 7);
	flen = frame(in, 0, out_d4, out_s4, 30010, 30011, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, memcmp(&ip->daddr, nat4, 4));
	EXPECT_EQ(41234, ntohs(uh->dest));

	/* A flow without keys learns its first source, once. */
	flen = frame(in, 0, nat4, loc4, 5555, 40020, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(30020, ntohs(uh->dest));
	flen = frame(in, 0, evil4, loc4, 5555, 40020, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, memcmp(self->out, in, flen)) TH_LOG("left untouched");
	p = fpeer(&self->nl, 5);
	EXPECT_EQ(0, memcmp(p.raddr, nat4, 4));
	EXPECT_EQ(5555U, p.rport);
	EXPECT_EQ(1ULL, fstats(&self->nl, 5).packets);

	/* Three moves, three events, in order. */
	ms_collect(sk, &q, 3, 2000);
	ASSERT_EQ(3, q.n);
	EXPECT_EQ((unsigned int)MEDIASEC_EVENT_FLOW_LATCH, q.e[0].type);
	EXPECT_EQ(3U, q.e[0].flow);
	EXPECT_EQ(0, memcmp(q.e[0].addr, rem4, 4));
	EXPECT_EQ(50000U, q.e[0].port);
	EXPECT_EQ(3U, q.e[1].flow);
	EXPECT_EQ(4, q.e[1].alen);
	EXPECT_EQ(0, memcmp(q.e[1].addr, nat4, 4));
	EXPECT_EQ(41234U, q.e[1].port);
	EXPECT_EQ(5U, q.e[2].flow);
	EXPECT_EQ(0, memcmp(q.e[2].addr, nat4, 4));
	EXPECT_EQ(5555U, q.e[2].port);
	nl_socket_free(sk);
}

/*
 * Issue 13, item 6: an RX context with UNAUTHENTICATED_SRTP accepts any
 * packet, so its flow learns its remote once; a spoofer's packet from
 * elsewhere does not move the flow nor its reverse.
 */
TEST_F(xdp, unauthenticated_rx_latches_once)
{
	static unsigned char ue4[4] = { 203, 0, 113, 20 };
	static unsigned char evil4[4] = { 203, 0, 113, 66 };
	const struct a rx[] = {
		U32(MEDIASEC_A_CTX_ID, 30),
		U8(MEDIASEC_A_CTX_DIR, MEDIASEC_DIR_RX),
		U32(MEDIASEC_A_CTX_SUITE, MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80),
		U32(MEDIASEC_A_CTX_FLAGS, MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP),
		{ 0 } };
	const struct a k[] = { U32(MEDIASEC_A_CTX_ID, 30),
		NEST_BEGIN(MEDIASEC_A_KEY), BIN(MEDIASEC_A_KEY_MASTER, key, 16),
		BIN(MEDIASEC_A_KEY_SALT, key + 16, 14), NEST_END, { 0 } };
	const struct a f[] = {
		U32(MEDIASEC_A_FLOW_ID, 30),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_SRTP_TO_RTP),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40030),
		U32(MEDIASEC_A_FLOW_RX_CTX, 30),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30030),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH),
		U32(MEDIASEC_A_FLOW_REVERSE, 31), { 0 } };
	const struct a r[] = {
		U32(MEDIASEC_A_FLOW_ID, 31),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, out_s4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 30031),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, rem4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 50000), { 0 } };
	uint8_t inb[516] __attribute__((aligned(8))), *in = inb + 2;
	uint8_t rtp[256];
	struct peer p;
	size_t flen;
	int i;

	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_CTX_NEW, MEDIASEC_A_CTX, rx));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_KEY_ADD, MEDIASEC_A_CTX, k));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f));
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, r));
	for (i = 0; i < 3; i++) {	/* the UE's packets: learned */
		rtp_packet(rtp, (uint16_t)(100 + i));
		flen = frame(in, 0, ue4, loc4, 41000, 40030, rtp, 172);
		ASSERT_EQ(XDP_PASS, run(self, in, flen));
	}
	/* anyone's packet passes an unauthenticated context... */
	rtp_packet(rtp, 200);
	flen = frame(in, 0, evil4, loc4, 666, 40030, rtp, 172);
	run(self, in, flen);
	/* ...but does not move the flow, nor where the core's media go */
	p = fpeer(&self->nl, 30);
	EXPECT_EQ(0, memcmp(p.raddr, ue4, 4));
	EXPECT_EQ(41000U, p.rport);
	p = fpeer(&self->nl, 31);
	EXPECT_EQ(0, memcmp(p.daddr, ue4, 4));
	EXPECT_EQ(41000U, p.dport);
}

TEST_F(xdp, reverse_made_after_latching_and_bad_sources)
{
	static unsigned char nat4[4] = { 203, 0, 113, 9 };
	static unsigned char lo4[4] = { 127, 0, 0, 1 };
	const struct a f10[] = {
		U32(MEDIASEC_A_FLOW_ID, 10),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40040),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30040),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH),
		U32(MEDIASEC_A_FLOW_REVERSE, 11), { 0 } };
	const struct a f11[] = {
		U32(MEDIASEC_A_FLOW_ID, 11),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, out_s4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 30041),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, rem4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 50000), { 0 } };
	const struct a f12[] = {
		U32(MEDIASEC_A_FLOW_ID, 12),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40042),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30042),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH),
		U32(MEDIASEC_A_FLOW_REVERSE, 11), { 0 } };
	const struct a f12b[] = {
		U32(MEDIASEC_A_FLOW_ID, 12),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40042),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30042),
		U32(MEDIASEC_A_FLOW_FLAGS, MEDIASEC_FLOW_F_LATCH), { 0 } };
	uint8_t inb[516] __attribute__((aligned(8))), *in = inb + 2;
	uint8_t rtp[256];
	struct peer p;
	size_t flen;

	rtp_packet(rtp, 3);
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f10));
	flen = frame(in, 0, nat4, loc4, 6000, 40040, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	/* Made after the latch: it sends to the learned remote at once. */
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f11));
	p = fpeer(&self->nl, 11);
	EXPECT_EQ(0, memcmp(p.daddr, nat4, 4));
	EXPECT_EQ(6000U, p.dport);
	/* One flow per reverse. */
	EXPECT_EQ(-EEXIST, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW,
				  MEDIASEC_A_FLOW, f12));
	/* Sources that are no unicast host are not learned. */
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f12b));
	flen = frame(in, 0, lo4, loc4, 6000, 40042, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, fpeer(&self->nl, 12).has_remote);
	flen = frame(in, 0, nat4, loc4, 0, 40042, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	EXPECT_EQ(0, fpeer(&self->nl, 12).has_remote);
	flen = frame(in, 0, nat4, loc4, 6002, 40042, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	p = fpeer(&self->nl, 12);
	EXPECT_EQ(1, p.has_remote);
	EXPECT_EQ(6002U, p.rport);
}

TEST_F(xdp, idle_flow_reported_once_per_silence)
{
	const struct a f6[] = {
		U32(MEDIASEC_A_FLOW_ID, 6),
		U8(MEDIASEC_A_FLOW_ACTION, MEDIASEC_ACTION_FORWARD),
		BIN(MEDIASEC_A_FLOW_LOCAL_ADDR, loc4, 4),
		U16(MEDIASEC_A_FLOW_LOCAL_PORT, 40030),
		BIN(MEDIASEC_A_FLOW_OUT_DADDR, out_d4, 4),
		U16(MEDIASEC_A_FLOW_OUT_DPORT, 30030),
		U32(MEDIASEC_A_FLOW_IDLE_TIMEOUT, 1), { 0 } };
	uint8_t inb[516] __attribute__((aligned(8))), *in = inb + 2;
	uint8_t rtp[256];
	struct nl_sock *sk;
	struct ms_evq q;
	size_t flen;

	sk = ms_listen_events(&q, 1);
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, ms_req(&self->nl, MEDIASEC_CMD_FLOW_NEW, MEDIASEC_A_FLOW, f6));
	ms_collect(sk, &q, 1, 5000);
	ASSERT_EQ(1, q.n);
	EXPECT_EQ((unsigned int)MEDIASEC_EVENT_FLOW_IDLE, q.e[0].type);
	EXPECT_EQ(6U, q.e[0].flow);
	/* Still silent: no second report. */
	ms_collect(sk, &q, 2, 2500);
	EXPECT_EQ(1, q.n);
	/* Media again, then silence again: reported again. */
	rtp_packet(rtp, 1);
	flen = frame(in, 0, rem4, loc4, 5000, 40030, rtp, 172);
	ASSERT_EQ(XDP_PASS, run(self, in, flen));
	ms_collect(sk, &q, 2, 5000);
	ASSERT_EQ(2, q.n);
	EXPECT_EQ((unsigned int)MEDIASEC_EVENT_FLOW_IDLE, q.e[1].type);
	EXPECT_EQ(6U, q.e[1].flow);
	nl_socket_free(sk);
}

TEST_HARNESS_MAIN
