// SPDX-License-Identifier: GPL-2.0
/*
 * The events a termination asks for, against the fake kernel
 * (mg_fake.h): media inactivity (adid/ipstop), SRTP authentication
 * failures (mssrtp/af) and the termination heartbeat (hangterm/thb,
 * H.248.36) on its timer wheel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

/*
 * Events: adid/ipstop on the access termination puts its detection time
 * on the RTP flow from the UE (not RTCP, not the other way); the kernel's
 * idle report on that flow becomes a Notify for the termination, with the
 * Events descriptor's RequestID; other events are refused (440, 451).
 */
TEST_F(mg, events_ipstop)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	struct mg_notify n;
	unsigned int i, timed = 0;

	ASSERT_NE(NULL, t);
	for (i = 0; i < self->k.nflow; i++)
		EXPECT_EQ(0U, self->k.flow[i].idle_timeout);
	EXPECT_EQ(0, mg_flow_idle(&self->g, 4, &n));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 {"
		 " Events = 77 { adid/ipstop { dt = 5, dir = in } } } } }\n");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	for (i = 0; i < self->k.nflow; i++) {
		const struct msobj_flow *fl = &self->k.flow[i];

		if (!fl->idle_timeout)
			continue;
		timed++;
		EXPECT_EQ(5U, fl->idle_timeout);
		EXPECT_EQ(MEDIASEC_ACTION_SRTP_TO_RTP, fl->action);
		EXPECT_EQ(MEDIASEC_KIND_RTP, fl->kind);
		EXPECT_EQ(4U, fl->id);
	}
	EXPECT_EQ(1U, timed);
	ASSERT_EQ(1, mg_flow_idle(&self->g, 4, &n));
	EXPECT_EQ(1U, n.ctx);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_EQ(77U, n.rid);
	EXPECT_STREQ("adid/ipstop", n.event);
	EXPECT_EQ(0, mg_flow_idle(&self->g, 5, &n));	/* the core's */
	EXPECT_EQ(0, mg_flow_idle(&self->g, 999, &n));
	/* Refused, nothing changed. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = access/1 {"
		 " Events = 78 { adid/ipstart } } } }\n");
	EXPECT_EQ(451U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 {"
		 " Events = 79 { al/of } } } }\n");
	EXPECT_EQ(440U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = access/1 {"
		 " Events = 80 { adid/ipstop { dt = 0 } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	ASSERT_EQ(1, mg_flow_idle(&self->g, 4, &n));
	EXPECT_EQ(77U, n.rid);
	/* An empty Events descriptor asks nothing any more. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 6 { Context = 1 { Modify = access/1 {"
		 " Events } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_flow_idle(&self->g, 4, &n));
	for (i = 0; i < self->k.nflow; i++)
		EXPECT_EQ(0U, self->k.flow[i].idle_timeout);
}

/*
 * mssrtp/af: the failures the kernel reports on the UE's context add up
 * until the threshold, then one Notify, then again from zero.
 */
TEST_F(mg, events_auth_fail)
{
	const struct h248_trans *t = exec(&self->g, self->r, add_pair);
	uint32_t rx = 0, tx = 0;
	struct mg_notify n;

	ASSERT_NE(NULL, t);
	f_key(&self->k, MEDIASEC_DIR_RX, &rx);
	f_key(&self->k, MEDIASEC_DIR_TX, &tx);
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 100, &n));	/* not asked */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Modify = access/1 {"
		 " Events = 30 { mssrtp/af { th = 5 } } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 3, &n));
	ASSERT_EQ(1, mg_auth_fail(&self->g, rx, 3, &n));
	EXPECT_EQ(1U, n.ctx);
	EXPECT_STREQ("access/1", n.tid);
	EXPECT_EQ(30U, n.rid);
	EXPECT_STREQ("mssrtp/af", n.event);
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, 4, &n));
	EXPECT_EQ(1, mg_auth_fail(&self->g, rx, 1, &n));
	EXPECT_EQ(0, mg_auth_fail(&self->g, tx, 100, &n));
	EXPECT_EQ(0, mg_auth_fail(&self->g, 4242, 100, &n));
	/* The configured threshold without th; a bad th refused. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Modify = access/1 {"
		 " Events = 31 { mssrtp/af } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0, mg_auth_fail(&self->g, rx, self->cfg.auth_fail_threshold - 1,
				  &n));
	EXPECT_EQ(1, mg_auth_fail(&self->g, rx, 1, &n));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 1 { Modify = access/1 {"
		 " Events = 32 { mssrtp/af { th = many } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 5 { Context = 1 { Modify = access/1 {"
		 " Events = 33 { mssrtp/xx } } } }\n");
	EXPECT_EQ(451U, err_of(t));
	/* Not in H.248.77's srtp package: the name is no longer squatted. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 6 { Context = 1 { Modify = access/1 {"
		 " Events = 34 { srtp/af } } } }\n");
	EXPECT_EQ(440U, err_of(t));
}

/* Heartbeats due at @now: how many for access/1, for core/2, others. */
static void beats(struct mg *g, uint64_t now, unsigned int *acc,
		  unsigned int *core, unsigned int *other)
{
	struct mg_notify n;

	*acc = *core = *other = 0;
	while (mg_heartbeat(g, now, &n)) {
		if (strcmp(n.event, "hangterm/thb") || n.nparam)
			++*other;
		else if (!strcmp(n.tid, "access/1") && n.rid == 2)
			++*acc;
		else if (!strcmp(n.tid, "core/2") && n.rid == 3)
			++*core;
		else
			++*other;
		if (*acc + *core + *other > 10)
			break;
	}
}

static const char *modify_events(char *buf, size_t n, unsigned int trans,
				 const char *tid, const char *events)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = 1 { Modify = %s { %s } } }\n", trans, tid, events);
	return buf;
}

/*
 * hangterm/thb (H.248.36), in every Add of a TS 23.334 IMS-ALG: accepted;
 * one Notify per termination once timerx seconds (the configured 300
 * without it) pass with no command on it, then again timerx later; a
 * command on the termination starts its timer again; a bad timerx is
 * refused and changes nothing; timerx 0 and Subtract end it.
 */
TEST_F(mg, heartbeat_hangterm)
{
	static const char add_thb[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 1 { Context = $ {\n"
		" Add = $ { Events = 2 { hangterm/thb { timerx = 10 } },"
		" Media { Stream = 1 { LocalControl { Mode = SendReceive,"
		" ipdc/realm = access },\n"
		"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		"a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "|1:1\n"
		"} } } },\n"
		" Add = $ { Events = 3 { hangterm/thb }, Media { Stream = 1 {"
		" LocalControl { ipdc/realm = core },\n"
		"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n"
		"} } } }\n} }\n";
	const uint64_t t0 = 1000000;
	unsigned int acc, core, other;
	const struct h248_trans *t;
	char buf[512];

	self->g.now = t0;
	t = exec(&self->g, self->r, add_thb);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 9999, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	beats(&self->g, t0 + 10000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);	/* once: its timer started again */
	EXPECT_EQ(0U, core + other);
	beats(&self->g, t0 + 300000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);	/* late: one Notify, not one per period */
	EXPECT_EQ(1U, core);	/* the configured hangterm-timerx */
	EXPECT_EQ(0U, other);

	/* A command on access/1 starts its timer again. */
	self->g.now = t0 + 305000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 2,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 10 } }"));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 314999, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	beats(&self->g, t0 + 315000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* Refused, nothing changed: still every 10 s. */
	self->g.now = t0 + 316000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 3,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 86401 } }"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 4,
		 "access/1", "Events = 2 { hangterm/thb { timerx = ten } }"));
	EXPECT_EQ(449U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 5,
		 "access/1", "Events = 2 { hangterm/tho }"));
	EXPECT_EQ(451U, err_of(t));
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 51,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 5, x = 1 } }"));
	EXPECT_EQ(449U, err_of(t));
	beats(&self->g, t0 + 325000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* Longer than the wheel's turn: not on an earlier turn. */
	self->g.now = t0 + 326000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 6,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 2000 } }"));
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 326000 + 1024000, &acc, &core, &other);
	EXPECT_EQ(0U, acc);
	EXPECT_EQ(1U, core);
	beats(&self->g, t0 + 326000 + 2000000, &acc, &core, &other);
	EXPECT_EQ(1U, acc);

	/* timerx = 0: no heartbeat; Subtract: none for what is gone. */
	self->g.now = t0 + 2400000;
	t = exec(&self->g, self->r, modify_events(buf, sizeof(buf), 7,
		 "access/1", "Events = 2 { hangterm/thb { timerx = 0 } }"));
	EXPECT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 8 { Context = 1 { Subtract = core/2 } }\n");
	EXPECT_EQ(0U, err_of(t));
	beats(&self->g, t0 + 9000000, &acc, &core, &other);
	EXPECT_EQ(0U, acc + core + other);
	EXPECT_EQ(0U, self->g.nhb);
}

TEST_HARNESS_MAIN
