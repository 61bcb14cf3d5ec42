// SPDX-License-Identifier: GPL-2.0
/*
 * The Iq media policies through H.248, against the fake kernel
 * (mg_fake.h): gm, tman, ds and ipnapt in LocalControl become the flows'
 * gate, policer, DS field and latching (TS 23.334 6.2.4 to 6.2.7), a
 * Modify changes them in place (FLOW_SET: no flow replaced), AuditValue
 * returns them, a value refused changes nothing; adid/ipstop's direction;
 * rtp/pl and rtp/jit from the kernel's RTP statistics, rtp/delay from its
 * round trips.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

/* Context 1's flows: from access/1's remote (4, RTCP 6), to it (5, 7). */
#define FROM_UE		4
#define TO_UE		5
#define FROM_UE_RTCP	6
#define TO_UE_RTCP	7

static const char add_policed[] =
	"MEGACO/3 [192.0.2.20]:2944\n"
	"Transaction = 1 { Context = $ {\n"
	" Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive,"
	" ipdc/realm = access, gm/saf = ON, gm/spf = ON, tman/pol = ON,"
	" tman/sdr = 8000, tman/mbs = 2000, ds/dscp = 46,"
	" ipnapt/latch = ON },\n"
	"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/AVP 96 0\n"
	"a=rtpmap:96 AMR-WB/16000\n} } } },\n"
	" Add = $ { Media { Stream = 1 { LocalControl { ipdc/realm = core },\n"
	"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n"
	"} } } }\n} }\n";

static const struct msobj_flow *flow(struct fake *k, uint32_t id)
{
	int i = f_find_flow(k, id);

	return i < 0 ? NULL : &k->flow[i];
}

/* A Modify of access/1 in context 1 with @what as its descriptors. */
static const struct h248_trans *modify(struct mg *g, struct run *r,
				       unsigned int trans, const char *what)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = %u { Context = 1 { Modify = access/1 { %s } }"
		 " }\n", trans, what);
	return exec(g, r, buf);
}

static const struct h248_trans *audit(struct mg *g, struct run *r,
				      unsigned int trans, const char *what)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = %u { Context = 1 { AuditValue = access/1 {"
		 " Audit { %s } } } }\n", trans, what);
	return exec(g, r, buf);
}

/*
 * An Add's policies on the flows: the gate (the remote's address and
 * port, its RTCP port for RTCP) and policer on what comes from the UE,
 * the DS field on what goes to it, latching asked for; the RTP clock of
 * the first payload type's a=rtpmap.  The core side has none.
 */
TEST_F(mg, policies_of_an_add_on_the_flows)
{
	const struct msobj_flow *f;
	const struct h248_trans *t;

	t = exec(&self->g, self->r, add_policed);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	f = flow(&self->k, FROM_UE);
	ASSERT_NE(NULL, f);
	EXPECT_TRUE(f->pol.has_gate);
	EXPECT_EQ(4, f->pol.gate.ep.alen);
	EXPECT_EQ(0, memcmp(f->pol.gate.ep.addr, "\xc0\x00\x02\x02", 4));
	EXPECT_EQ(32, f->pol.gate.prefix_len);
	EXPECT_EQ(6000, f->pol.gate.ep.port);
	EXPECT_EQ(6000, f->pol.gate.port_max);
	EXPECT_EQ(8000U, f->pol.rate);
	EXPECT_EQ(2000U, f->pol.burst);
	EXPECT_EQ(16000U, f->pol.clock_rate);
	EXPECT_TRUE(f->flags & MEDIASEC_FLOW_F_LATCH);
	EXPECT_FALSE(f->pol.has_dscp);
	f = flow(&self->k, FROM_UE_RTCP);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(6001, f->pol.gate.ep.port);
	EXPECT_EQ(0U, f->pol.rate);	/* RTCP apart is not policed */
	EXPECT_EQ(0U, f->pol.clock_rate);
	f = flow(&self->k, TO_UE);
	ASSERT_NE(NULL, f);
	EXPECT_TRUE(f->pol.has_dscp);
	EXPECT_EQ(46, f->pol.dscp);
	EXPECT_FALSE(f->pol.has_gate);
	EXPECT_EQ(0U, f->pol.rate);
	EXPECT_FALSE(f->flags & MEDIASEC_FLOW_F_LATCH);	/* core: not asked */
	EXPECT_EQ(8000U, f->pol.clock_rate);	/* PT 0: RFC 3551 */
	EXPECT_TRUE(flow(&self->k, TO_UE_RTCP)->pol.has_dscp);
}

/*
 * A Modify of policies only changes the running flows in place (no flow
 * replaced: no packet lost), AuditValue returns what applies, and a
 * FLOW_SET the kernel refuses puts back what was set.
 */
TEST_F(mg, modify_changes_policies_in_place)
{
	struct fake before;
	const struct h248_trans *t;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_policed));
	before = self->k;
	t = modify(&self->g, self->r, 2, "Media { Stream = 1 { LocalControl {"
		   " ds/dscp = 10, gm/sam = \"192.0.2.0/24\" } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(4U, self->k.sets);	/* the two gates, the two DS fields */
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(24, flow(&self->k, FROM_UE)->pol.gate.prefix_len);
	EXPECT_EQ(0, memcmp(flow(&self->k, FROM_UE)->pol.gate.ep.addr,
			    "\xc0\x00\x02\x00", 4));
	EXPECT_EQ(10, flow(&self->k, TO_UE)->pol.dscp);
	EXPECT_EQ(8000U, flow(&self->k, FROM_UE)->pol.rate);	/* kept */

	t = audit(&self->g, self->r, 3, "Media");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "gm/saf=ON")) TH_LOG("%s",
								 self->r->text);
	EXPECT_TRUE(text_has(self->r->text, "gm/sam=192.0.2.0/24"));
	EXPECT_TRUE(text_has(self->r->text, "tman/sdr=8000"));
	EXPECT_TRUE(text_has(self->r->text, "tman/mbs=2000"));
	EXPECT_TRUE(text_has(self->r->text, "ds/dscp=10"));
	EXPECT_TRUE(text_has(self->r->text, "ipnapt/latch=ON"));

	/*
	 * A peak bucket: its depth what pdr fills in dvt; dvt returned as
	 * given by AuditValue and kept in the restart record.
	 */
	t = modify(&self->g, self->r, 30, "Media { Stream = 1 { LocalControl {"
		   " tman/pdr = 16000, tman/dvt = 250000 } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(16000U, flow(&self->k, FROM_UE)->pol.peak_rate);
	EXPECT_EQ(4000U, flow(&self->k, FROM_UE)->pol.peak_burst);
	audit(&self->g, self->r, 31, "Media");
	EXPECT_TRUE(text_has(self->r->text, "tman/pdr=16000"));
	EXPECT_TRUE(text_has(self->r->text, "tman/dvt=250000"));
	EXPECT_TRUE(strstr(self->k.rec[0], " 250000\n") ||
		    strstr(self->k.rec[1], " 250000\n")) TH_LOG("%s",
								 self->k.rec[0]);

	/* The kernel refuses: the flows and the termination as they were. */
	before = self->k;
	self->k.fail_set = 1;
	t = modify(&self->g, self->r, 4, "Media { Stream = 1 { LocalControl {"
		   " ds/dscp = 20, ipnapt/latch = OFF } } }");
	EXPECT_EQ(500U, err_of(t));
	EXPECT_EQ(10, flow(&self->k, TO_UE)->pol.dscp);
	EXPECT_TRUE(flow(&self->k, FROM_UE)->flags & MEDIASEC_FLOW_F_LATCH);
	audit(&self->g, self->r, 5, "Media");
	EXPECT_TRUE(text_has(self->r->text, "ds/dscp=10"));

	/* Policing and latching off. */
	t = modify(&self->g, self->r, 6, "Media { Stream = 1 { LocalControl {"
		   " tman/pol = OFF, ipnapt/latch = OFF, gm/saf = OFF,"
		   " gm/spf = OFF } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0U, flow(&self->k, FROM_UE)->pol.rate);
	EXPECT_FALSE(flow(&self->k, FROM_UE)->pol.has_gate);
	EXPECT_FALSE(flow(&self->k, FROM_UE)->flags & MEDIASEC_FLOW_F_LATCH);
	audit(&self->g, self->r, 7, "Media");
	EXPECT_FALSE(text_has(self->r->text, "tman/"));
	EXPECT_FALSE(text_has(self->r->text, "ipnapt/latch"));
}

/* Values the gateway cannot take: 449 (450 for no such item), nothing
 * changed in the kernel or in what AuditValue says. */
TEST_F(mg, refused_policy_values_change_nothing)
{
	static const struct { const char *lc; unsigned int code; } c[] = {
		{ "tman/sdr = 0", 449 },
		{ "tman/mbs = 10", 449 },		/* below 64 bytes */
		{ "tman/pdr = 100", 449 },		/* below sdr */
		{ "ds/dscp = 64", 449 },
		{ "ds/dscp = 2E", 449 },		/* decimal */
		{ "gm/saf = maybe", 449 },
		{ "gm/sam = \"2001:db8::/64\"", 449 },	/* IPv4 stream */
		{ "gm/sam = \"192.0.2.0/33\"", 449 },
		{ "gm/spr = \"7000-6000\"", 449 },
		{ "ipnapt/latch = 1", 449 },
		{ "gm/rsaf = ON", 450 },
		{ "tman/xyz = 1", 450 },
	};
	const struct h248_trans *t;
	struct fake before;
	char buf[256];
	unsigned int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_policed));
	before = self->k;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(buf, sizeof(buf),
			 "Media { Stream = 1 { LocalControl { %s } } }",
			 c[i].lc);
		t = modify(&self->g, self->r, 10 + i, buf);
		EXPECT_EQ(c[i].code, err_of(t)) TH_LOG("%s", c[i].lc);
		EXPECT_EQ(0, memcmp(before.flow, self->k.flow,
				    sizeof(before.flow)))
			TH_LOG("%s", c[i].lc);
	}
	EXPECT_EQ(0U, self->k.sets);
	audit(&self->g, self->r, 30, "Media");
	EXPECT_TRUE(text_has(self->r->text, "tman/sdr=8000"));
	EXPECT_TRUE(text_has(self->r->text, "ds/dscp=46"));
	/* tman/pol ON without its rate and burst */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 31 { Context = $ { Add = $ { Media { Stream = 1"
		 " { LocalControl { ipdc/realm = access, tman/pol = ON } } } }"
		 " } }\n");
	EXPECT_EQ(449U, err_of(t));
}

/*
 * adid/ipstop's direction: "in" watches the flow from the termination's
 * remote, "out" the flow to it, "both" both (and tells only once both
 * are idle); another value is 449.
 */
TEST_F(mg, ipstop_direction_picks_the_flows)
{
	int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_policed));
	EXPECT_EQ(0U, err_of(modify(&self->g, self->r, 2,
		"Events = 5 { adid/ipstop { dt = 10, dir = out } }")));
	EXPECT_EQ(0U, flow(&self->k, FROM_UE)->idle_timeout);
	EXPECT_EQ(10U, flow(&self->k, TO_UE)->idle_timeout);
	EXPECT_EQ(0U, err_of(modify(&self->g, self->r, 3,
		"Events = 6 { adid/ipstop { dt = 12, dir = both } }")));
	EXPECT_EQ(12U, flow(&self->k, FROM_UE)->idle_timeout);
	EXPECT_EQ(12U, flow(&self->k, TO_UE)->idle_timeout);
	EXPECT_EQ(0U, flow(&self->k, FROM_UE_RTCP)->idle_timeout);
	audit(&self->g, self->r, 4, "Events");
	EXPECT_TRUE(text_has(self->r->text, "dir=both")) TH_LOG("%s",
								self->r->text);
	/* both: one direction idle is not enough, both are */
	{
		struct mg_notify n = { 0 };

		i = f_find_flow(&self->k, TO_UE);
		self->k.flow[i].idle = false;
		EXPECT_EQ(0, mg_flow_idle(&self->g, FROM_UE, &n));
		self->k.flow[i].idle = true;
		EXPECT_EQ(1, mg_flow_idle(&self->g, FROM_UE, &n));
		EXPECT_STREQ("access/1", n.tid);
		/* the other's report of the same time: told once only */
		i = f_find_flow(&self->k, FROM_UE);
		self->k.flow[i].idle = true;
		EXPECT_EQ(0, mg_flow_idle(&self->g, TO_UE, &n));
		/* the UE's flow forwarded and went idle again: a new time */
		EXPECT_EQ(1, mg_flow_idle(&self->g, FROM_UE, &n));
	}
	EXPECT_EQ(449U, err_of(modify(&self->g, self->r, 5,
		"Events = 7 { adid/ipstop { dt = 10, dir = sideways } }")));
	EXPECT_EQ(12U, flow(&self->k, TO_UE)->idle_timeout);
}

/*
 * rtp/pl (percent of the packets expected) and rtp/jit (ms) from the
 * kernel's RFC 3550 statistics of the flow from the termination's
 * remote, on AuditValue and on Subtract.
 */
TEST_F(mg, rtp_loss_and_jitter_statistics)
{
	const struct h248_trans *t;
	int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_policed));
	i = f_find_flow(&self->k, FROM_UE);
	ASSERT_LE(0, i);
	self->k.flow[i].rtp = (struct msobj_rtp){
		.valid = true, .ssrc = 1, .received = 190, .expected = 200,
		.lost = 10, .jitter = 80,
	};
	t = audit(&self->g, self->r, 2, "Statistics");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "rtp/pl=5.00")) TH_LOG("%s",
								   self->r->text);
	EXPECT_TRUE(text_has(self->r->text, "rtp/jit=5.00"));	/* 80/16 kHz */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Subtract = access/1 } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "rtp/pl=5.00"));
}

/*
 * rtp/delay: the RTCP flows from each remote time the round trip (the RTP
 * flows carry no RTCP to time); the mean of the samples of the flow from
 * the termination's remote, in ms, absent before the first.
 */
TEST_F(mg, rtp_delay_from_rtcp_round_trips)
{
	const struct h248_trans *t;
	int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_policed));
	EXPECT_TRUE(flow(&self->k, FROM_UE_RTCP)->pol.rtt);
	EXPECT_TRUE(flow(&self->k, TO_UE_RTCP)->pol.rtt);	/* the core's */
	EXPECT_FALSE(flow(&self->k, FROM_UE)->pol.rtt);
	t = audit(&self->g, self->r, 2, "Statistics");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_FALSE(text_has(self->r->text, "rtp/delay"));
	i = f_find_flow(&self->k, FROM_UE_RTCP);
	ASSERT_LE(0, i);
	self->k.flow[i].rtp.rtt_samples = 4;
	self->k.flow[i].rtp.rtt_sum_us = 250000;
	/* the core's round trips are not the UE's */
	i = f_find_flow(&self->k, TO_UE_RTCP);
	self->k.flow[i].rtp.rtt_samples = 1;
	self->k.flow[i].rtp.rtt_sum_us = 9000000;
	t = audit(&self->g, self->r, 3, "Statistics");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "rtp/delay=62.50")) TH_LOG("%s",
								       self->r->text);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Subtract = access/1 } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "rtp/delay=62.50"));
}

/* Policies on an MSRP termination: refused (449), not taken and ignored. */
TEST_F(mg, policies_refused_on_msrp)
{
	static const char add[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = %u { Context = $ {\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = access%s },\n"
		"  Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		"m=message 5000 TCP/MSRP *\na=setup:active\n"
		"a=path:msrp://192.0.2.2:5000/s1;tcp\n} } } },\n"
		" Add = $ { Media { Stream = 1 { LocalControl {"
		" ipdc/realm = core },\n"
		"  Remote {\nv=0\nc=IN IP4 198.51.100.2\n"
		"m=message 7000 TCP/MSRP *\na=setup:passive\n} } } }\n} }\n";
	char buf[1024];

	snprintf(buf, sizeof(buf), add, 1, "");
	EXPECT_EQ(0U, err_of(exec(&self->g, self->r, buf)));
	snprintf(buf, sizeof(buf), add, 2, ", gm/saf = ON");
	EXPECT_EQ(449U, err_of(exec(&self->g, self->r, buf)));
	snprintf(buf, sizeof(buf), add, 3, ", ds/dscp = 46");
	EXPECT_EQ(449U, err_of(exec(&self->g, self->r, buf)));
}

TEST_HARNESS_MAIN
