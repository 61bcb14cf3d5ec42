// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics a termination reports (H.248.1 Annex E: rtp/pr, rtp/ps,
 * nt/or, nt/os, nt/dur; mssrtp/af), against the fake kernel (mg_fake.h)
 * whose flows hold the counters a test writes: each counts what its
 * definition says for its own termination - RTP packets apart from RTCP,
 * refused packets not received media, octets as sent (an SRTP tag added
 * is sent) - and the second termination subtracted, in one command or
 * two, still reports what its flows counted before they went.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

/* The value of statistic @name in command reply @c, or -1. */
static long long stat_of(const struct h248_cmd *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nstats; i++)
		if (!strcmp(c->stats[i].name, name))
			return atoll(c->stats[i].value);
	return -1;
}

/*
 * The call's counters, as the data path would have them after 100 RTP
 * packets each way and a few RTCP: the UE's SRTP arrives as 182 bytes
 * (172 of RTP and an 80-bit tag) and leaves to the core as 172; the
 * core's 172 leave to the UE as 182; 5 of the UE's packets refused.
 */
static void traffic(struct fake *k)
{
	unsigned int i;

	for (i = 0; i < k->nflow; i++) {
		struct msobj_flow *f = &k->flow[i];
		/* the access realm's address: 192.0.2.1 */
		bool from_ue = f->local.addr[0] == 192;

		if (f->kind == MEDIASEC_KIND_RTCP) {
			f->packets = from_ue ? 3 : 2;
			f->bytes = from_ue ? 3 * 46 : 2 * 28;
			f->tx_bytes = from_ue ? 3 * 28 : 2 * 46;
		} else {
			f->packets = 100;
			f->bytes = from_ue ? 100 * 182 : 100 * 172;
			f->tx_bytes = from_ue ? 100 * 172 : 100 * 182;
			f->drops = from_ue ? 5 : 0;
		}
	}
}

static void expect_ue(struct __test_metadata *_metadata,
		      const struct h248_cmd *c)
{
	EXPECT_EQ(100, stat_of(c, "rtp/pr"));	/* not the 5 refused */
	EXPECT_EQ(100, stat_of(c, "rtp/ps"));	/* not RTCP */
	EXPECT_EQ(100 * 182 + 3 * 46, stat_of(c, "nt/or"));
	EXPECT_EQ(100 * 182 + 2 * 46, stat_of(c, "nt/os"));	/* as sent */
	EXPECT_EQ(2500, stat_of(c, "nt/dur"));
}

static void expect_core(struct __test_metadata *_metadata,
			const struct h248_cmd *c)
{
	EXPECT_EQ(100, stat_of(c, "rtp/pr"));
	EXPECT_EQ(100, stat_of(c, "rtp/ps"));
	EXPECT_EQ(100 * 172 + 2 * 28, stat_of(c, "nt/or"));
	EXPECT_EQ(100 * 172 + 3 * 28, stat_of(c, "nt/os"));
	EXPECT_EQ(-1, stat_of(c, "mssrtp/af"));	/* no SRTP to refuse */
}

TEST_F(mg, both_subtracted_in_one_command)
{
	const struct h248_trans *t;

	self->g.now = 1000;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	traffic(&self->k);
	self->g.now = 3500;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Subtract = * } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U, t->actions[0].ncmds);
	expect_ue(_metadata, &t->actions[0].cmds[0]);
	expect_core(_metadata, &t->actions[0].cmds[1]);
}

/* The second one, subtracted after its flows went, still tells them. */
TEST_F(mg, subtracted_one_by_one)
{
	const struct h248_trans *t;

	self->g.now = 1000;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	traffic(&self->k);
	self->g.now = 3500;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = 1 { Subtract = core/2 } }\n");
	ASSERT_NE(NULL, t);
	expect_core(_metadata, &t->actions[0].cmds[0]);
	EXPECT_EQ(0U, self->k.nflow);
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { Subtract = access/1 } }\n");
	ASSERT_NE(NULL, t);
	expect_ue(_metadata, &t->actions[0].cmds[0]);
	/* two commands of one action: the same */
	self->g.now = 1000;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	traffic(&self->k);
	self->g.now = 3500;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 4 { Context = 2 { Subtract = access/3,"
		 " Subtract = core/4 } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U, t->actions[0].ncmds);
	expect_ue(_metadata, &t->actions[0].cmds[0]);
	expect_core(_metadata, &t->actions[0].cmds[1]);
}

/* Flows replaced by a Modify: the counts go on, not from zero. */
TEST_F(mg, counts_survive_a_flow_replaced)
{
	const struct h248_trans *t;
	char buf[1024];

	self->g.now = 1000;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	traffic(&self->k);
	/* the UE moved: new remote port, its flows made again */
	t = exec(&self->g, self->r, modify_ue(buf, sizeof(buf), 2, 6100,
					       KEY1, 1));
	ASSERT_EQ(0U, err_of(t));
	self->g.now = 3500;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { AuditValue = access/1 {"
		 " Audit { Statistics } } } }\n");
	ASSERT_NE(NULL, t);
	expect_ue(_metadata, &t->actions[0].cmds[0]);
}

/* A Modify the kernel refuses puts the flows back: the counts stay. */
TEST_F(mg, counts_survive_a_refused_modify)
{
	const struct h248_trans *t;
	char buf[1024];

	self->g.now = 1000;
	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	traffic(&self->k);
	self->k.fail_install = 1;	/* the new flows: refused */
	t = exec(&self->g, self->r, modify_ue(buf, sizeof(buf), 2, 6100,
					       KEY1, 1));
	ASSERT_EQ(500U, err_of(t));
	self->g.now = 3500;
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 3 { Context = 1 { AuditValue = access/1 {"
		 " Audit { Statistics } } } }\n");
	ASSERT_NE(NULL, t);
	expect_ue(_metadata, &t->actions[0].cmds[0]);
}

TEST_HARNESS_MAIN
