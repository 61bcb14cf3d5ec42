// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the H.248.1 v3 text codec: the RFC 3525 call flow in long
 * and short form with every decoded field checked, each syntax error path
 * (with its offset), limits, and encode/parse round trips.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "h248.h"
#include "h248_samples.h"
#include "kselftest_harness.h"

static struct h248_tree tree, tree2;
static struct h248_pool pool, pool2;
static struct h248_msg msg, msg2;
static struct h248_err err;
static char out[H248_MAX_MSG + 1];

static int parse(const char *s)
{
	return h248_parse(s, strlen(s), &tree, &msg, &pool, &err);
}

static const struct h248_param *param(const struct h248_param *p,
				      unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			return &p[i];
	return NULL;
}

#define EXPECT_PARAM(p, n, name, val) do {				\
	const struct h248_param *__p = param(p, n, name);		\
	ASSERT_NE(NULL, __p) { TH_LOG("no %s", name); }			\
	EXPECT_STREQ(val, __p->value);					\
} while (0)

static void check_sc_restart(struct __test_metadata *_metadata)
{
	const struct h248_cmd *c;

	EXPECT_EQ(3U, msg.version);
	EXPECT_STREQ("[124.124.124.222]:55555", msg.mid);
	EXPECT_EQ(H248_MID_IP4, msg.mid_kind);
	EXPECT_EQ(55555U, msg.mid_port);
	ASSERT_EQ(1U, msg.ntrans);
	EXPECT_EQ(H248_TRANS_REQUEST, msg.trans[0].kind);
	EXPECT_EQ(9998U, msg.trans[0].id);
	ASSERT_EQ(1U, msg.trans[0].nactions);
	EXPECT_EQ(H248_CTX_NULL, msg.trans[0].actions[0].ctx);
	ASSERT_EQ(1U, msg.trans[0].actions[0].ncmds);
	c = &msg.trans[0].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_SERVICE_CHANGE, c->kind);
	EXPECT_STREQ("ROOT", c->tid);
	EXPECT_EQ(H248_D_SERVICES, c->present);
	EXPECT_EQ(H248_SC_RESTART, c->svc.method);
	EXPECT_STREQ("55555", c->svc.address);
	EXPECT_STREQ("ResGW/1", c->svc.profile);
	EXPECT_STREQ("901 Cold Boot", c->svc.reason);
	EXPECT_EQ(3U, c->svc.version);
	EXPECT_FALSE(c->svc.has_delay);
	EXPECT_EQ(NULL, c->svc.mgc_id);
}

TEST(sc_restart_long)
{
	ASSERT_EQ(0, parse(h248_sc_restart)) { TH_LOG("%s at %zu",
						      err.reason, err.off); }
	check_sc_restart(_metadata);
}

TEST(sc_restart_short)
{
	ASSERT_EQ(0, parse(h248_sc_restart_short)) {
		TH_LOG("%s at %zu", err.reason, err.off);
	}
	check_sc_restart(_metadata);
}

TEST(sc_reply)
{
	const struct h248_cmd *c;

	ASSERT_EQ(0, parse(h248_sc_reply));
	EXPECT_STREQ("[123.123.123.4]:55555", msg.mid);
	ASSERT_EQ(1U, msg.ntrans);
	EXPECT_EQ(H248_TRANS_REPLY, msg.trans[0].kind);
	EXPECT_EQ(9998U, msg.trans[0].id);
	EXPECT_FALSE(msg.trans[0].imm_ack);
	EXPECT_FALSE(msg.trans[0].has_error);
	ASSERT_EQ(1U, msg.trans[0].nactions);
	ASSERT_EQ(1U, msg.trans[0].actions[0].ncmds);
	c = &msg.trans[0].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_SERVICE_CHANGE, c->kind);
	EXPECT_EQ(H248_SC_UNSET, c->svc.method);
	EXPECT_STREQ("55555", c->svc.address);
	EXPECT_STREQ("ResGW/1", c->svc.profile);
}

TEST(modify_localcontrol_events)
{
	const struct h248_cmd *c;
	const struct h248_stream *st;

	ASSERT_EQ(0, parse(h248_modify)) { TH_LOG("%s at %zu", err.reason,
						  err.off); }
	EXPECT_EQ(9999U, msg.trans[0].id);
	c = &msg.trans[0].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_MODIFY, c->kind);
	EXPECT_STREQ("A4444", c->tid);
	EXPECT_EQ(H248_D_MEDIA | H248_D_EVENTS, c->present);
	ASSERT_EQ(1U, c->nstreams);
	st = &c->streams[0];
	EXPECT_EQ(1U, st->id);
	EXPECT_EQ(H248_MODE_SEND_RECV, st->mode);
	ASSERT_EQ(2U, st->nprops);
	EXPECT_PARAM(st->props, st->nprops, "tdmc/gain", "2");
	EXPECT_PARAM(st->props, st->nprops, "tdmc/ec", "on");
	EXPECT_EQ(NULL, st->local);
	EXPECT_EQ(NULL, st->remote);
	EXPECT_EQ(2222U, c->events_rid);
	ASSERT_EQ(1U, c->nevents);
	EXPECT_STREQ("al/of", c->events[0].name);
	EXPECT_EQ(NULL, c->events[0].timestamp);
	ASSERT_EQ(1U, c->events[0].nparams);
	EXPECT_STREQ("strict", c->events[0].params[0].name);
	EXPECT_STREQ("state", c->events[0].params[0].value);
}

TEST(notify_observed)
{
	const struct h248_cmd *c;

	ASSERT_EQ(0, parse(h248_notify));
	EXPECT_EQ(10000U, msg.trans[0].id);
	c = &msg.trans[0].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_NOTIFY, c->kind);
	EXPECT_STREQ("A4444", c->tid);
	EXPECT_EQ(H248_D_OBSERVED, c->present);
	EXPECT_EQ(2222U, c->observed_rid);
	ASSERT_EQ(1U, c->nobserved);
	EXPECT_STREQ("al/of", c->observed[0].name);
	EXPECT_STREQ("19990729T22000000", c->observed[0].timestamp);
	EXPECT_EQ(0U, c->observed[0].nparams);
}

static const char add_sdp[] =
	"v=0\nc=IN IP4 $\nm=audio $ RTP/AVP 4\na=ptime:30\n"
	"v=0\nc=IN IP4 $\nm=audio $ RTP/AVP 0";

static void check_add_choose(struct __test_metadata *_metadata)
{
	const struct h248_action *a;
	const struct h248_stream *st;

	EXPECT_EQ(10003U, msg.trans[0].id);
	a = &msg.trans[0].actions[0];
	EXPECT_EQ(H248_CTX_CHOOSE, a->ctx);
	ASSERT_EQ(2U, a->ncmds);
	EXPECT_EQ(H248_CMD_ADD, a->cmds[0].kind);
	EXPECT_STREQ("A4444", a->cmds[0].tid);
	EXPECT_EQ(0U, a->cmds[0].present);
	EXPECT_EQ(H248_CMD_ADD, a->cmds[1].kind);
	EXPECT_STREQ("$", a->cmds[1].tid);
	EXPECT_EQ(H248_D_MEDIA, a->cmds[1].present);
	ASSERT_EQ(1U, a->cmds[1].nstreams);
	st = &a->cmds[1].streams[0];
	EXPECT_EQ(1U, st->id);
	EXPECT_EQ(H248_MODE_RECV_ONLY, st->mode);
	ASSERT_EQ(1U, st->nprops);
	EXPECT_PARAM(st->props, st->nprops, "nt/jit", "40");
	EXPECT_STREQ(add_sdp, st->local);
	EXPECT_EQ(NULL, st->remote);
}

TEST(add_choose_long)
{
	ASSERT_EQ(0, parse(h248_add_choose));
	check_add_choose(_metadata);
}

TEST(add_choose_short)
{
	ASSERT_EQ(0, parse(h248_add_choose_short)) {
		TH_LOG("%s at %zu", err.reason, err.off);
	}
	check_add_choose(_metadata);
}

TEST(add_reply_local)
{
	const struct h248_action *a;

	ASSERT_EQ(0, parse(h248_add_reply));
	EXPECT_EQ(H248_TRANS_REPLY, msg.trans[0].kind);
	a = &msg.trans[0].actions[0];
	EXPECT_EQ(2000U, a->ctx);
	ASSERT_EQ(2U, a->ncmds);
	EXPECT_STREQ("A4444", a->cmds[0].tid);
	EXPECT_STREQ("A4445", a->cmds[1].tid);
	ASSERT_EQ(1U, a->cmds[1].nstreams);
	EXPECT_EQ(H248_MODE_UNSET, a->cmds[1].streams[0].mode);
	EXPECT_STREQ("v=0\no=- 2890844526 2890842807 IN IP4 124.124.124.222\n"
		     "s=-\nt= 0 0\nc=IN IP4 124.124.124.222\n"
		     "m=audio 2222 RTP/AVP 4\na=ptime:30\na=recvonly",
		     a->cmds[1].streams[0].local);
}

TEST(modify_remote_crypto)
{
	const struct h248_cmd *c;

	ASSERT_EQ(0, parse(h248_modify_remote));
	c = &msg.trans[0].actions[0].cmds[0];
	EXPECT_EQ(5000U, msg.trans[0].actions[0].ctx);
	EXPECT_STREQ("A5556", c->tid);
	ASSERT_EQ(1U, c->nstreams);
	EXPECT_EQ(H248_MODE_SEND_RECV, c->streams[0].mode);
	EXPECT_EQ(0U, c->streams[0].nprops);
	EXPECT_EQ(NULL, c->streams[0].local);
	EXPECT_NE(NULL, strstr(c->streams[0].remote,
			       "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
			       "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
			       "|2^20|1:32"));
}

static void check_subtract(struct __test_metadata *_metadata)
{
	const struct h248_action *a;
	const struct h248_cmd *c;

	EXPECT_STREQ("[125.125.125.111]:55555", msg.mid);
	EXPECT_EQ(H248_TRANS_REPLY, msg.trans[0].kind);
	EXPECT_EQ(50008U, msg.trans[0].id);
	a = &msg.trans[0].actions[0];
	EXPECT_EQ(5000U, a->ctx);
	ASSERT_EQ(2U, a->ncmds);
	c = &a->cmds[0];
	EXPECT_EQ(H248_CMD_SUBTRACT, c->kind);
	EXPECT_STREQ("A5555", c->tid);
	EXPECT_EQ(H248_D_STATS, c->present);
	ASSERT_EQ(2U, c->nstats);
	EXPECT_PARAM(c->stats, c->nstats, "nt/os", "45123");
	EXPECT_PARAM(c->stats, c->nstats, "nt/dur", "40");
	c = &a->cmds[1];
	EXPECT_STREQ("A5556", c->tid);
	ASSERT_EQ(7U, c->nstats);
	EXPECT_PARAM(c->stats, c->nstats, "rtp/ps", "1245");
	EXPECT_PARAM(c->stats, c->nstats, "nt/os", "62345");
	EXPECT_PARAM(c->stats, c->nstats, "rtp/pr", "780");
	EXPECT_PARAM(c->stats, c->nstats, "nt/or", "45123");
	EXPECT_PARAM(c->stats, c->nstats, "rtp/pl", "10");
	EXPECT_PARAM(c->stats, c->nstats, "rtp/jit", "27");
	EXPECT_PARAM(c->stats, c->nstats, "rtp/delay", "48");
}

TEST(subtract_statistics_long)
{
	ASSERT_EQ(0, parse(h248_subtract_reply));
	check_subtract(_metadata);
}

TEST(subtract_statistics_short)
{
	ASSERT_EQ(0, parse(h248_subtract_reply_short));
	check_subtract(_metadata);
}

TEST(misc_transactions)
{
	const struct h248_trans *t;
	const struct h248_cmd *c;

	ASSERT_EQ(0, parse(h248_misc)) { TH_LOG("%s at %zu", err.reason,
						err.off); }
	EXPECT_EQ(H248_MID_DOMAIN, msg.mid_kind);
	EXPECT_EQ(2944U, msg.mid_port);
	ASSERT_EQ(5U, msg.ntrans);
	t = msg.trans;
	EXPECT_EQ(H248_TRANS_PENDING, t[0].kind);
	EXPECT_EQ(17U, t[0].id);
	EXPECT_EQ(H248_TRANS_ACK, t[1].kind);
	ASSERT_EQ(2U, t[1].nacks);
	EXPECT_EQ(9U, t[1].acks[0].first);
	EXPECT_EQ(9U, t[1].acks[0].last);
	EXPECT_EQ(11U, t[1].acks[1].first);
	EXPECT_EQ(14U, t[1].acks[1].last);
	EXPECT_EQ(H248_TRANS_REPLY, t[2].kind);
	EXPECT_TRUE(t[2].imm_ack);
	EXPECT_TRUE(t[2].has_error);
	EXPECT_EQ(430U, t[2].error.code);
	EXPECT_STREQ("Unknown TerminationID", t[2].error.text);
	EXPECT_EQ(H248_CTX_ALL, t[3].actions[0].ctx);
	c = &t[3].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_AUDIT_VALUE, c->kind);
	EXPECT_STREQ("A*", c->tid);
	EXPECT_EQ(H248_D_AUDIT, c->present);
	EXPECT_EQ(H248_D_MEDIA | H248_D_STATS, c->audit);
	c = &t[4].actions[0].cmds[0];
	EXPECT_EQ(H248_CMD_SUBTRACT, c->kind);
	EXPECT_TRUE(c->optional);
	EXPECT_TRUE(c->wildcard);
	c++;
	EXPECT_EQ(H248_CMD_MOVE, c->kind);
	EXPECT_FALSE(c->optional);
	ASSERT_EQ(2U, c->nsignals);
	EXPECT_STREQ("cg/rt", c->signals[0].name);
	EXPECT_STREQ("al/ri", c->signals[1].name);
	ASSERT_EQ(1U, c->signals[1].nparams);
	EXPECT_STREQ("SignalType", c->signals[1].params[0].name);
	EXPECT_STREQ("brief", c->signals[1].params[0].value);
}

TEST(message_error_ipv6)
{
	ASSERT_EQ(0, parse(h248_msg_error));
	EXPECT_EQ(H248_MID_IP6, msg.mid_kind);
	EXPECT_EQ(2944U, msg.mid_port);
	EXPECT_TRUE(msg.has_error);
	EXPECT_EQ(406U, msg.error.code);
	EXPECT_STREQ("Version Not Supported", msg.error.text);
	EXPECT_EQ(0U, msg.ntrans);
}

struct bad_case {
	const char *text;
	int code;
	const char *reason;
	long off;		/* -1: anywhere */
	bool in_trans;
};

static const struct bad_case bad_cases[] = {
	{ "", 400, "expected MEGACO/version", 0 },
	{ "MEGACO/3", 400, "expected separator after version", 8 },
	{ "MEGACOX/3 [1.2.3.4]:2944 T=1{C=-{N=A}}", 400,
	  "expected MEGACO/version", 0 },
	{ "MEGACO/x [1.2.3.4]:2944 T=1{C=-{N=A}}", 400, "bad version", 7 },
	{ "MEGACO/3 [1.2.3.4:2944 T=1{}", 400, "unterminated address", 22 },
	{ "MEGACO/3 [1.2.3.4]:2944{ T=1{}", 400, "bad message identifier",
	  23 },
	{ "MEGACO/3 [1.2.3.4]:2944\n", 400, "empty message body", 24 },
	{ "MEGACO/4 [1.2.3.4]:2944 T=1{C=-{N=A}}", 406,
	  "version not supported", 0 },
	{ "MEGACO/3 m T=1{C=-{N=A}", 400, "unbalanced '{'", 14 },
	{ "MEGACO/3 m T=1{C=-{N=A}}}", 400, "unbalanced closing bracket", 24 },
	{ "MEGACO/3 m T=1{C=-{N=A{E=1{al/of(x=1}}}}", 400,
	  "expected ',' or ')'", 36 },
	{ "MEGACO/3 m T=1{C=-{N=A B}}", 400, "expected ',' or '}'", 23 },
	{ "MEGACO/3 m T=1{C=-{N=\"A}}", 400, "unterminated quoted string",
	  21 },
	{ "MEGACO/3 m T=1{C=-{A=A{M{L{v=0", 400,
	  "unterminated octet string", 27 },
	{ "MEGACO/3 m T=1{C=-{N=A,=}}", 400, "expected a token", 23 },
	{ "MEGACO/3 m T=x1{C=-{N=A}}", 403, "bad transaction id", 11 },
	{ "MEGACO/3 m T=99999999999{C=-{N=A}}", 403, "bad transaction id",
	  11 },
	{ "MEGACO/3 m T=1/2{C=-{N=A}}", 403, "bad transaction id", 11 },
	{ "MEGACO/3 m T=1", 403, "transaction without actions", 11, true },
	{ "MEGACO/3 m Foo=1{C=-{N=A}}", 400, "expected a transaction", 11 },
	{ "MEGACO/3 m T=1{C=-{Frobnicate=A}}", 443, "unknown command", 19,
	  true },
	{ "MEGACO/3 m T=1{C=-{N}}", 442, "bad termination id", 19, true },
	{ "MEGACO/3 m T=1{C=x{N=A}}", 422, "bad context id", 15, true },
	{ "MEGACO/3 m T=1{N=A}", 403, "expected a context", 15, true },
	{ "MEGACO/3 m T=1{C=-{N=A{Bogus}}}", 444, "unknown descriptor", 23,
	  true },
	{ "MEGACO/3 m T=1{C=-{MF=A{M{ST=1{O{MO=Sideways}}}}}}", 442,
	  "bad stream mode", 33, true },
	{ "MEGACO/3 m T=1{C=-{MF=A{M{ST=x}}}}", 442, "bad stream id", 26,
	  true },
	{ "MEGACO/3 m T=1{C=-{SC=ROOT{SV{MT=Nap}}}}", 442, "bad method", 30,
	  true },
	{ "MEGACO/3 m T=1{C=-{SC=ROOT{SV{DL=soon}}}}", 442, "bad delay", 30,
	  true },
	{ "MEGACO/3 m P=1{ER=4000}", 400, "bad error code", 15, true },
	{ "MEGACO/3 m P=1{ER=400{x}}", 400, "bad error text", 22, true },
	{ "MEGACO/3 m K{1,5-3}", 400, "bad ack", 15 },
	{ "MEGACO/3 m PN=1{C=-{N=A}}", 403, "pending with a body", 16, true },
	{ "MEGACO/3 m ER=400 T=1{C=-{N=A}}", 400, "error with transactions",
	  18 },
	{ "MEGACO/3 m T=1{C=-{MF=A{M{ST=1{L{x}},ST=1{R{y}}}}}}", 442,
	  "stream repeated", 37, true },
	/* what the codec cannot carry is refused, never dropped */
	{ "MEGACO/3 m T=1{C=-{MF=A{SG{R{x}}}}}", 442, "bad event name", 27,
	  true },
	{ "MEGACO/3 m T=1{C=-{MF=A{SG{L(x)}}}}", 442, "bad event name", 27,
	  true },
	{ "MEGACO/3 m T=1{C=-{MF=A{SG{S=1{x}}}}}", 442, "bad event name", 27,
	  true },
	{ "MEGACO/3 m T=1{C=-{MF=A{E=1{al/of{EM{SG{x}}}}}}}", 442,
	  "bad parameter", 34, true },
	{ "MEGACO/3 m T=1{C=-{MF=A{SG{cg/rt{NC={TO}}}}}}", 442,
	  "bad parameter", 33, true },
	{ "MEGACO/3 m T=1{C=-{N=A}}\0", 400, "NUL byte in message", -1 },
};

TEST(syntax_errors)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *b = &bad_cases[i];
		size_t len = strlen(b->text);
		/* a request ("MEGACO/3 m T=..."): it fails alone */
		bool req = b->in_trans && !strncmp(b->text + 11, "T=", 2);

		if (b->off < 0)		/* the NUL case: include it */
			len++;
		memset(&err, 0, sizeof(err));
		/*
		 * A request that fails alone is kept with its error; the
		 * message decodes (its other transactions would run).
		 */
		EXPECT_EQ(req ? 0 : -EINVAL,
			  h248_parse(b->text, len, &tree, &msg, &pool, &err)) {
			TH_LOG("case %zu: %s", i, b->text);
			continue;
		}
		if (req) {
			ASSERT_EQ(1U, msg.ntrans) { TH_LOG("case %zu", i); }
			EXPECT_TRUE(msg.trans[0].has_error);
			EXPECT_EQ((unsigned int)b->code,
				  msg.trans[0].error.code);
			EXPECT_STREQ(b->reason, msg.trans[0].error.text);
			EXPECT_EQ(0U, msg.trans[0].nactions);
		}
		EXPECT_EQ(b->code, err.code) { TH_LOG("case %zu", i); }
		EXPECT_STREQ(b->reason, err.reason) { TH_LOG("case %zu", i); }
		if (b->off >= 0)
			EXPECT_EQ((size_t)b->off, err.off) {
				TH_LOG("case %zu: %s", i, err.reason);
			}
		EXPECT_EQ(b->in_trans, err.has_trans) { TH_LOG("case %zu", i); }
		if (b->in_trans)
			EXPECT_EQ(1U, err.trans_id);
	}
}

TEST(limits)
{
	static char big[H248_MAX_MSG + 64];
	size_t n, i;

	/* nesting one past the limit */
	n = (size_t)sprintf(big, "MEGACO/3 m T=1");
	for (i = 0; i <= H248_MAX_DEPTH; i++)
		big[n++] = '{', big[n++] = 'x';
	for (i = 0; i <= H248_MAX_DEPTH; i++)
		big[n++] = '}';
	EXPECT_EQ(-EINVAL, h248_parse_tree(big, n, &tree, &err));
	EXPECT_STREQ("nesting too deep", err.reason);
	EXPECT_EQ(400, err.code);

	/* oversized message */
	memset(big, ' ', sizeof(big));
	memcpy(big, "MEGACO/3 m T=1{C=-{N=A}}", 24);
	EXPECT_EQ(-EINVAL, h248_parse_tree(big, H248_MAX_MSG + 1, &tree,
					   &err));
	EXPECT_STREQ("message too large", err.reason);

	/* a token too long */
	n = (size_t)sprintf(big, "MEGACO/3 m T=1{C=-{N=");
	memset(big + n, 'a', H248_MAX_TOKEN + 1);
	n += H248_MAX_TOKEN + 1;
	n += (size_t)sprintf(big + n, "}}");
	EXPECT_EQ(-EINVAL, h248_parse_tree(big, n, &tree, &err));
	EXPECT_STREQ("token too long", err.reason);
	EXPECT_EQ(21U, err.off);

	/* too many items */
	n = (size_t)sprintf(big, "MEGACO/3 m T=1{C=-{N=A{SA{");
	for (i = 0; i < H248_MAX_NODES; i++)
		n += (size_t)sprintf(big + n, "a,");
	n += (size_t)sprintf(big + n, "a}}}}");
	EXPECT_EQ(-EINVAL, h248_parse_tree(big, n, &tree, &err));
	EXPECT_STREQ("too many items", err.reason);

	/* more parameters than the pool: the tree parses, decoding refuses */
	n = (size_t)sprintf(big, "MEGACO/3 m T=1{C=-{N=A{SA{");
	for (i = 0; i < H248_MAX_PARAMS; i++)
		n += (size_t)sprintf(big + n, "a,");
	n += (size_t)sprintf(big + n, "a}}}}");
	EXPECT_EQ(0, h248_parse(big, n, &tree, &msg, &pool, &err));
	EXPECT_STREQ("message too complex", err.reason);
	ASSERT_EQ(1U, msg.ntrans);
	EXPECT_TRUE(msg.trans[0].has_error);
	EXPECT_STREQ("message too complex", msg.trans[0].error.text);
}

/*
 * One bad request in a message does not take the others with it (H.248.1
 * 8.2.2): each is answered on its own.
 */
TEST(bad_request_alone)
{
	static const char text[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 1 { Context = - { AuditValue = ROOT } }\n"
		"Transaction = 2 { Context = - { Frobnicate = ROOT } }\n"
		"Transaction = 3 { Context = 7 { Subtract = * } }\n";

	memset(&err, 0, sizeof(err));
	ASSERT_EQ(0, h248_parse(text, sizeof(text) - 1, &tree, &msg, &pool,
				&err));
	ASSERT_EQ(3U, msg.ntrans);
	EXPECT_FALSE(msg.trans[0].has_error);
	EXPECT_EQ(1U, msg.trans[0].nactions);
	EXPECT_TRUE(msg.trans[1].has_error);
	EXPECT_EQ(2U, msg.trans[1].id);
	EXPECT_EQ(H248_TRANS_REQUEST, msg.trans[1].kind);
	EXPECT_NE(0U, msg.trans[1].error.code);
	EXPECT_FALSE(msg.trans[2].has_error);
	ASSERT_EQ(1U, msg.trans[2].nactions);
	EXPECT_EQ(7U, msg.trans[2].actions[0].ctx);
	EXPECT_EQ(H248_CMD_SUBTRACT, msg.trans[2].actions[0].cmds[0].kind);
}

/*
 * What spoils a message is attributed to what it is: a bad reply is not a
 * request to answer, and too many transactions are not the last good
 * one's fault.
 */
TEST(message_errors_attributed)
{
	static const char reply[] =
		"MEGACO/3 [192.0.2.20]:2944\n"
		"Transaction = 1 { Context = - { AuditValue = ROOT } }\n"
		"Reply = 9 { Frobnicate }\n";
	static char many[H248_MAX_TRANS * 64 + 128];
	size_t n;
	int i;

	memset(&err, 0, sizeof(err));
	EXPECT_EQ(-EINVAL, h248_parse(reply, sizeof(reply) - 1, &tree, &msg,
				      &pool, &err));
	EXPECT_TRUE(err.has_trans);
	EXPECT_FALSE(err.trans_request);
	EXPECT_EQ(9U, err.trans_id);

	n = (size_t)sprintf(many, "MEGACO/3 [192.0.2.20]:2944\n");
	for (i = 1; i <= H248_MAX_TRANS + 1; i++)
		n += (size_t)sprintf(many + n, "T=%d{C=-{AV=ROOT}}\n", i);
	memset(&err, 0, sizeof(err));
	EXPECT_EQ(-EINVAL, h248_parse(many, n, &tree, &msg, &pool, &err));
	EXPECT_FALSE(err.has_trans);
}

static void expect_same(struct __test_metadata *_metadata,
			const struct h248_msg *a, const struct h248_msg *b);

static const char *const samples[] = {
	h248_sc_restart, h248_sc_restart_short, h248_sc_reply, h248_modify,
	h248_notify, h248_add_choose, h248_add_choose_short, h248_add_reply,
	h248_modify_remote, h248_subtract_reply, h248_subtract_reply_short,
	h248_misc, h248_msg_error,
};

TEST(round_trip)
{
	unsigned int flags;
	size_t i;
	int len, short_len;

	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		for (flags = 0; flags <= H248_ENC_COMPACT; flags++) {
			ASSERT_EQ(0, parse(samples[i]));
			len = h248_encode(&msg, out, sizeof(out), flags);
			ASSERT_LT(0, len) { TH_LOG("sample %zu", i); }
			EXPECT_EQ((size_t)len, strlen(out));
			ASSERT_EQ(0, h248_parse(out, (size_t)len, &tree2,
						&msg2, &pool2, &err)) {
				TH_LOG("sample %zu flags %u: %s at %zu\n%s",
				       i, flags, err.reason, err.off, out);
			}
			expect_same(_metadata, &msg, &msg2);
			/* every shorter buffer: -ENOSPC, still terminated */
			for (short_len = 1; short_len <= len; short_len++) {
				ASSERT_EQ(-ENOSPC,
					  h248_encode(&msg, out,
						      (size_t)short_len,
						      flags));
				ASSERT_EQ('\0', out[strlen(out)]);
				ASSERT_GT((size_t)short_len, strlen(out));
			}
		}
	}
}

TEST(encode_reply_escapes)
{
	struct h248_stream st = {
		.id = 2, .mode = H248_MODE_SEND_ONLY,
		.local = "v=0\na=x:{weird}\\",
	};
	struct h248_param stat = { "nt/os", "1 2", '=' };
	struct h248_cmd cmd = {
		.kind = H248_CMD_ADD, .tid = "rtp/7", .present =
		H248_D_MEDIA | H248_D_STATS, .streams = &st, .nstreams = 1,
		.stats = &stat, .nstats = 1,
	};
	struct h248_action act = { .ctx = 77, .cmds = &cmd, .ncmds = 1 };
	struct h248_trans tr = {
		.kind = H248_TRANS_REPLY, .id = 4294967295U, .imm_ack = true,
		.actions = &act, .nactions = 1,
	};
	struct h248_msg m = {
		.version = 3, .mid = "[192.0.2.1]:2944", .trans = &tr,
		.ntrans = 1,
	};
	const struct h248_stream *got;

	ASSERT_LT(0, h248_encode(&m, out, sizeof(out), 0));
	EXPECT_NE(NULL, strstr(out, "a=x:{weird\\}"));
	ASSERT_EQ(0, parse(out)) { TH_LOG("%s at %zu\n%s", err.reason,
					  err.off, out); }
	EXPECT_EQ(4294967295U, msg.trans[0].id);
	EXPECT_TRUE(msg.trans[0].imm_ack);
	got = &msg.trans[0].actions[0].cmds[0].streams[0];
	EXPECT_EQ(2U, got->id);
	EXPECT_EQ(H248_MODE_SEND_ONLY, got->mode);
	/* the encoder ends the body with a newline: a last "\\" survives */
	EXPECT_STREQ(st.local, got->local);
	EXPECT_STREQ("1 2", msg.trans[0].actions[0].cmds[0].stats[0].value);
	cmd.tid = NULL;
	EXPECT_EQ(-EINVAL, h248_encode(&m, out, sizeof(out), 0));
}

/*
 * A quoted string has no escape (H.248.1 B.2): an Error text with a DQUOTE
 * or a control character still makes a message that parses (the first
 * failed before: "\"$\" in the Remote" ended the string early).
 */
TEST(encode_quoted_text)
{
	struct h248_cmd cmd = {
		.kind = H248_CMD_MODIFY, .tid = "access/1",
		.present = H248_D_ERROR,
		.error = { 449, "\"$\" in the Remote\nsecond line" },
	};
	struct h248_action act = { .ctx = 1, .cmds = &cmd, .ncmds = 1 };
	struct h248_trans tr = {
		.kind = H248_TRANS_REPLY, .id = 20, .actions = &act,
		.nactions = 1,
	};
	struct h248_msg m = {
		.version = 3, .mid = "[192.0.2.1]:2944", .trans = &tr,
		.ntrans = 1,
	};

	ASSERT_LT(0, h248_encode(&m, out, sizeof(out), 0));
	ASSERT_EQ(0, parse(out)) { TH_LOG("%s at %zu\n%s", err.reason,
					  err.off, out); }
	EXPECT_STREQ("'$' in the Remote second line",
		     msg.trans[0].actions[0].cmds[0].error.text);
}

#define SAME_STR(x, y) do {						\
	if ((x) || (y)) {						\
		ASSERT_TRUE((x) && (y));				\
		EXPECT_STREQ(x, y);					\
	}								\
} while (0)

static void same_params(struct __test_metadata *_metadata,
			const struct h248_param *a, unsigned int na,
			const struct h248_param *b, unsigned int nb)
{
	unsigned int i;

	ASSERT_EQ(na, nb);
	for (i = 0; i < na; i++) {
		EXPECT_STREQ(a[i].name, b[i].name);
		SAME_STR(a[i].value, b[i].value);
		EXPECT_EQ(a[i].op, b[i].op);
	}
}

static void same_events(struct __test_metadata *_metadata,
			const struct h248_event *a, unsigned int na,
			const struct h248_event *b, unsigned int nb)
{
	unsigned int i;

	ASSERT_EQ(na, nb);
	for (i = 0; i < na; i++) {
		EXPECT_STREQ(a[i].name, b[i].name);
		SAME_STR(a[i].timestamp, b[i].timestamp);
		same_params(_metadata, a[i].params, a[i].nparams,
			    b[i].params, b[i].nparams);
	}
}

static void same_cmd(struct __test_metadata *_metadata,
		     const struct h248_cmd *a, const struct h248_cmd *b)
{
	unsigned int i;

	EXPECT_EQ(a->kind, b->kind);
	EXPECT_EQ(a->optional, b->optional);
	EXPECT_EQ(a->wildcard, b->wildcard);
	EXPECT_STREQ(a->tid, b->tid);
	EXPECT_EQ(a->present, b->present);
	ASSERT_EQ(a->nstreams, b->nstreams);
	for (i = 0; i < a->nstreams; i++) {
		EXPECT_EQ(a->streams[i].id, b->streams[i].id);
		EXPECT_EQ(a->streams[i].mode, b->streams[i].mode);
		same_params(_metadata, a->streams[i].props,
			    a->streams[i].nprops, b->streams[i].props,
			    b->streams[i].nprops);
		SAME_STR(a->streams[i].local, b->streams[i].local);
		SAME_STR(a->streams[i].remote, b->streams[i].remote);
	}
	same_params(_metadata, a->tstate, a->ntstate, b->tstate, b->ntstate);
	EXPECT_EQ(a->events_rid, b->events_rid);
	same_events(_metadata, a->events, a->nevents, b->events, b->nevents);
	same_events(_metadata, a->signals, a->nsignals, b->signals,
		    b->nsignals);
	EXPECT_EQ(a->observed_rid, b->observed_rid);
	same_events(_metadata, a->observed, a->nobserved, b->observed,
		    b->nobserved);
	EXPECT_EQ(a->audit, b->audit);
	same_params(_metadata, a->stats, a->nstats, b->stats, b->nstats);
	EXPECT_EQ(a->svc.method, b->svc.method);
	SAME_STR(a->svc.reason, b->svc.reason);
	SAME_STR(a->svc.address, b->svc.address);
	SAME_STR(a->svc.profile, b->svc.profile);
	EXPECT_EQ(a->svc.version, b->svc.version);
	EXPECT_EQ(a->error.code, b->error.code);
	SAME_STR(a->error.text, b->error.text);
}

static void expect_same(struct __test_metadata *_metadata,
			const struct h248_msg *a, const struct h248_msg *b)
{
	unsigned int i, j, k;

	EXPECT_EQ(a->version, b->version);
	EXPECT_STREQ(a->mid, b->mid);
	EXPECT_EQ(a->has_error, b->has_error);
	EXPECT_EQ(a->error.code, b->error.code);
	SAME_STR(a->error.text, b->error.text);
	ASSERT_EQ(a->ntrans, b->ntrans);
	for (i = 0; i < a->ntrans; i++) {
		const struct h248_trans *x = &a->trans[i], *y = &b->trans[i];

		EXPECT_EQ(x->kind, y->kind);
		EXPECT_EQ(x->id, y->id);
		EXPECT_EQ(x->imm_ack, y->imm_ack);
		EXPECT_EQ(x->has_error, y->has_error);
		EXPECT_EQ(x->error.code, y->error.code);
		ASSERT_EQ(x->nacks, y->nacks);
		EXPECT_EQ(0, memcmp(x->acks, y->acks,
				    x->nacks * sizeof(x->acks[0])));
		ASSERT_EQ(x->nactions, y->nactions);
		for (j = 0; j < x->nactions; j++) {
			EXPECT_EQ(x->actions[j].ctx, y->actions[j].ctx);
			ASSERT_EQ(x->actions[j].ncmds, y->actions[j].ncmds);
			for (k = 0; k < x->actions[j].ncmds; k++)
				same_cmd(_metadata, &x->actions[j].cmds[k],
					 &y->actions[j].cmds[k]);
		}
	}
}

TEST_HARNESS_MAIN
