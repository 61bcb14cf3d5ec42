// SPDX-License-Identifier: GPL-2.0
/*
 * The null context, ROOT and Context=*, against the fake kernel
 * (mg_fake.h): the IMS-ALG's keepalive audit, the inactivity timer asked
 * on ROOT (H.248.14), the MGC's ServiceChange on ROOT (Forced, Graceful,
 * Restart, Handoff), audits that return what they ask for, wildcarded
 * TerminationIDs, Context=* audits and clean-up, and 533 for a reply
 * that does not fit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

/*
 * The IMS-ALG's keepalive, AuditValue of ROOT in the null context
 * (TS 29.334): answered with ROOT.  Other null-context commands are
 * refused with their codes, and a termination named in a context it is
 * not in gets 435 when the gateway has it elsewhere, 430 when not at all
 * (H.248.1 14.2); nothing changes in the kernel.
 */
TEST_F(mg, root_audit_and_termination_errors)
{
	const struct h248_trans *t;
	struct fake before;
	int i;

	for (i = 0; i < 2; i++)
		ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	before = self->k;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 9 { Context = - {"
		 " AuditValue = ROOT { Audit { } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(1U, t->nactions);
	EXPECT_EQ(0U, t->actions[0].ctx);
	EXPECT_FALSE(t->actions[0].has_error);
	ASSERT_EQ(1U, t->actions[0].ncmds);
	EXPECT_EQ(H248_CMD_AUDIT_VALUE, t->actions[0].cmds[0].kind);
	EXPECT_STREQ("ROOT", t->actions[0].cmds[0].tid);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 10 { Context = - { AuditValue = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));	/* it is in context 1 */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 16 { Context = - { AuditValue = access/77 } }\n");
	EXPECT_EQ(430U, err_of(t));
	/* An Audit that asks for ROOT's packages: they are told. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 17 { Context = - {"
		 " AuditValue = ROOT { Audit { Packages } } } }\n");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "Packages{it-1}"));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 11 { Context = - { Modify = ROOT {"
		 " Signals { } } } }\n");
	EXPECT_EQ(501U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 18 { Context = - { Add = ROOT } }\n");
	EXPECT_EQ(501U, err_of(t));
	/* access/1 is in context 1; access/3 in context 2. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 12 { Context = 2 { Modify = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 13 { Context = 2 { AuditValue = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 14 { Context = 2 { Subtract = access/1 } }\n");
	EXPECT_EQ(435U, err_of(t));
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 15 { Context = 1 { Modify = access/99 } }\n");
	EXPECT_EQ(430U, err_of(t));
	EXPECT_EQ(before.nctx, self->k.nctx);
	EXPECT_EQ(before.nflow, self->k.nflow);
	EXPECT_EQ(0, memcmp(before.ctx, self->k.ctx, sizeof(before.ctx)));
	EXPECT_EQ(0, memcmp(before.flow, self->k.flow, sizeof(before.flow)));
	EXPECT_EQ(2U, self->g.nctx);
}

/* Executes the text of one transaction's body: "Context = ...". */
static const struct h248_trans *req(struct mg *g, struct run *r,
				    const char *body)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 40 { %s }\n", body);
	return exec(g, r, buf);
}

/* The inactivity timer (H.248.14) asked on ROOT, audited, turned off. */
TEST_F(mg, inactivity_timer_on_root)
{
	const struct h248_trans *t;

	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 5 { it/ito { mit = 300 } } } }");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(300U, self->g.root.ito_mit);
	EXPECT_EQ(5U, self->g.root.ito_rid);
	EXPECT_TRUE(self->g.root.ito_changed);
	t = req(&self->g, self->r, "Context = - { AuditValue = ROOT {"
		" Audit { Events } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(self->r->text, "Events=5{it/ito{mit=300}}"));
	/* Refused, and what was asked stays. */
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 6 { it/xyz } } }");
	EXPECT_EQ(451U, err_of(t));
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 6 { foo/bar } } }");
	EXPECT_EQ(440U, err_of(t));
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 6 { it/ito { mit = soon } } } }");
	EXPECT_EQ(449U, err_of(t));
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 6 { it/ito { xyz = 1 } } } }");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(300U, self->g.root.ito_mit);
	/* Without mit: the provisioned 60 s; an empty Events: off. */
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 7 { it/ito } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(6000U, self->g.root.ito_mit);
	t = req(&self->g, self->r, "Context = - { Modify = ROOT {"
		" Events = 8 { } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0U, self->g.root.ito_mit);
}

/* No kernel object and no record left: what Forced and Subtract=* leave. */
static bool all_gone(struct fake *k)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (k->rec_id[i])
			return false;
	return !k->nctx && !k->nflow;
}

/* The MGC's Forced takes every call down; Restart brings service back. */
TEST_F(mg, service_change_forced_then_restart)
{
	const struct h248_trans *t;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	ASSERT_EQ(2U, self->g.nctx);
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Forced,"
		" Reason = \"905 Termination taken out of service\" } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_TRUE(all_gone(&self->k));
	EXPECT_EQ(0U, self->g.pool[0].used + self->g.pool[1].used);
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(503U, err_of(t));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_EQ(0U, self->k.nctx);
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Restart, Reason = 900 } } }");
	EXPECT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(1U, self->g.nctx);
}

/* Graceful: no new call; with a Delay, what is left goes when it ends. */
TEST_F(mg, service_change_graceful_with_delay)
{
	const struct h248_trans *t;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	self->g.now = 1000;
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Graceful, Delay = 5,"
		" Reason = \"905 Termination taken out of service\" } } }");
	EXPECT_EQ(0U, err_of(t));
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(503U, err_of(t));
	EXPECT_EQ(1U, self->g.nctx);
	/* The call up goes on, and may be changed. */
	t = req(&self->g, self->r, "Context = 1 { Modify = core/2 {"
		" Media { Stream = 1 { LocalControl { Mode = RecvOnly } } } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(6000U, mg_tick(&self->g, 5999));
	EXPECT_EQ(1U, self->g.nctx);
	mg_tick(&self->g, 6000);
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_TRUE(all_gone(&self->k));
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(503U, err_of(t));
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Restart, Reason = 900 } } }");
	t = exec(&self->g, self->r, add_pair);
	EXPECT_EQ(0U, err_of(t));
}

/* Handoff is kept for the daemon; a method ROOT does not take: 501. */
TEST_F(mg, service_change_handoff)
{
	const struct h248_trans *t;

	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Handoff, Reason = 903 } } }");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_FALSE(self->g.root.handoff);
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Handoff, Reason = 903,"
		" MgcIdToTry = [192.0.2.30]:2944 } } }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_TRUE(self->g.root.handoff);
	EXPECT_STREQ("[192.0.2.30]:2944", self->g.root.handoff_to);
	t = req(&self->g, self->r, "Context = - { ServiceChange = ROOT {"
		" Services { Method = Failover, Reason = 909 } } }");
	EXPECT_EQ(501U, err_of(t));
}

/* Context=*: audits and clean-up after a restart of either side. */
TEST_F(mg, context_all_audit_and_subtract)
{
	const struct h248_trans *t;
	unsigned int i;

	t = req(&self->g, self->r, "Context = * { AuditValue = * }");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(1U, t->nactions);	/* none: Context=* says so */
	EXPECT_EQ(H248_CTX_ALL, t->actions[0].ctx);
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	t = req(&self->g, self->r, "Context = * { AuditValue = * }");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U, t->nactions);
	for (i = 0; i < 2; i++) {
		EXPECT_NE(H248_CTX_ALL, t->actions[i].ctx);
		EXPECT_EQ(2U, t->actions[i].ncmds);
		EXPECT_EQ(0U, t->actions[i].cmds[0].present);
	}
	t = req(&self->g, self->r, "Context = * { AuditValue = access/* }");
	ASSERT_EQ(2U, t->nactions);
	EXPECT_EQ(1U, t->actions[0].ncmds);
	EXPECT_EQ(0, strncmp(t->actions[0].cmds[0].tid, "access/", 7));
	t = req(&self->g, self->r, "Context = * { W-AuditValue = * }");
	ASSERT_EQ(1U, t->nactions);
	EXPECT_EQ(H248_CTX_ALL, t->actions[0].ctx);
	EXPECT_TRUE(t->actions[0].cmds[0].wildcard);
	t = req(&self->g, self->r, "Context = * { Modify = * }");
	EXPECT_EQ(501U, err_of(t));
	/* The access sides go; the core sides stay, each in its context. */
	t = req(&self->g, self->r, "Context = * { Subtract = access/* {"
		" Audit { } } }");
	ASSERT_EQ(2U, t->nactions);
	EXPECT_EQ(2U, self->g.nctx);
	EXPECT_EQ(0U, self->g.pool[0].used);
	t = req(&self->g, self->r, "Context = * { Subtract = * }");
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_TRUE(all_gone(&self->k));
}

/* AuditValue tells what its Audit descriptor asks for, and only that. */
TEST_F(mg, audit_returns_what_is_asked)
{
	const struct h248_trans *t;
	const struct h248_cmd *c;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	t = req(&self->g, self->r, "Context = 1 { AuditValue = access/1 }");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, t->actions[0].cmds[0].present);
	t = req(&self->g, self->r, "Context = 1 { AuditValue = access/1 {"
		" Audit { } } }");
	EXPECT_EQ(0U, t->actions[0].cmds[0].present);
	t = req(&self->g, self->r, "Context = 1 { AuditValue = access/1 {"
		" Audit { Statistics } } }");
	c = &t->actions[0].cmds[0];
	EXPECT_EQ(H248_D_STATS, c->present);
	EXPECT_EQ(6U, c->nstats);	/* rtp/pr, ps, nt/or, os, dur, mssrtp/af */
	t = req(&self->g, self->r, "Context = 1 { AuditValue = core/2 {"
		" Audit { Media, Events, Packages } } }");
	c = &t->actions[0].cmds[0];
	EXPECT_EQ(H248_D_MEDIA | H248_D_EVENTS | H248_D_PACKAGES, c->present);
	ASSERT_EQ(1U, c->nstreams);
	EXPECT_NE(NULL, c->streams[0].local);
	EXPECT_TRUE(text_has(self->r->text, "hangterm-1"));
	/* AuditCapabilities: what it could do, not what it does. */
	t = req(&self->g, self->r, "Context = 1 { AuditCapability = access/1 {"
		" Audit { Events, Statistics, Packages } } }");
	ASSERT_NE(NULL, t);
	c = &t->actions[0].cmds[0];
	EXPECT_EQ(0U, c->present & H248_D_ERROR);
	EXPECT_EQ(4U, c->nevents);
	EXPECT_EQ(9U, c->nstats);	/* with rtp/pl, rtp/jit, rtp/delay */
	EXPECT_EQ(NULL, c->stats[0].value);
	EXPECT_TRUE(text_has(self->r->text, "mssrtp/kexp"));
	/* A wildcard in the context: both. */
	t = req(&self->g, self->r, "Context = 1 { AuditValue = * }");
	EXPECT_EQ(2U, t->actions[0].ncmds);
	t = req(&self->g, self->r, "Context = 1 { AuditValue = nowhere/* }");
	EXPECT_EQ(430U, err_of(t));
}

/* A reply that does not fit one message: 533; W- asks for one reply. */
TEST_F(mg, reply_too_large_533)
{
	static const char big[] =
		"mid [192.0.2.10]:2944\nmgc 192.0.2.20 2944\n"
		"realm core 198.51.100.1 30000-30999\n";
	const struct h248_trans *t;
	char err[128];
	unsigned int i;

	mg_fini(&self->g);
	ASSERT_EQ(0, mgd_config_parse(&self->cfg, big, err, sizeof(err)));
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	for (i = 0; i < H248_MAX_ACTIONS + 6; i++) {
		t = req(&self->g, self->r, "Context = $ { Add = $ { Media {"
			" Stream = 1 { LocalControl { ipdc/realm = core } } } } }");
		ASSERT_EQ(0U, err_of(t));
	}
	t = req(&self->g, self->r, "Context = * { AuditValue = * }");
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(t->has_error);
	EXPECT_EQ(533U, t->error.code);
	/* A Subtract that could not be told: refused before it clears. */
	t = req(&self->g, self->r, "Context = * { Subtract = * }");
	ASSERT_NE(NULL, t);
	EXPECT_EQ(533U, t->actions[0].error.code);
	EXPECT_EQ(H248_MAX_ACTIONS + 6U, self->g.nctx);
	t = req(&self->g, self->r, "Context = * { W-Subtract = * }");
	ASSERT_NE(NULL, t);
	EXPECT_FALSE(t->has_error);
	EXPECT_EQ(1U, t->nactions);
	EXPECT_EQ(0U, self->g.nctx);
	EXPECT_EQ(0U, self->g.pool[0].used);
}

/* Topology (H.248.1 7.1.18): Bothway taken, the rest 522; ContextAudit. */
TEST_F(mg, topology_and_context_audit)
{
	const struct h248_trans *t;
	struct fake before;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	before = self->k;
	t = req(&self->g, self->r, "Context = 1 { Topology { access/1, core/2,"
		" isolate }, Modify = access/1 }");
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(t->actions[0].has_error);
	EXPECT_EQ(522U, t->actions[0].error.code);
	t = req(&self->g, self->r, "Context = 1 { Topology { access/1, core/2,"
		" oneway }, Modify = access/1 }");
	EXPECT_EQ(522U, t->actions[0].error.code);
	EXPECT_EQ(0, memcmp(before.flow, self->k.flow, sizeof(before.flow)));
	t = req(&self->g, self->r, "Context = 1 { Topology { access/1, core/2,"
		" bothway }, Modify = access/1 }");
	EXPECT_FALSE(t->actions[0].has_error);
	EXPECT_EQ(0U, err_of(t));
	t = req(&self->g, self->r, "Context = 1 { ContextAudit { Topology } }");
	ASSERT_NE(NULL, t);
	EXPECT_FALSE(t->actions[0].has_error);
	EXPECT_EQ(1U, t->actions[0].ctx);
}

TEST_HARNESS_MAIN
