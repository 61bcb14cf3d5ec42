// SPDX-License-Identifier: GPL-2.0
/*
 * Interop of the H.248 text codec with an implementation we did not
 * write: Erlang/OTP megaco (selftests/megaco/codec_interop.escript).
 *
 *   from_megaco_*   megaco's pretty and compact encoders write messages,
 *                   we decode them and check every field;
 *   to_megaco_*     we encode messages, long and short form, and megaco's
 *                   decoder must accept them (and show what we meant).
 *
 * Skipped, with a TAP skip, when escript is not installed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h248.h"
#include "kselftest_harness.h"

#ifndef H248_SRC
#define H248_SRC "."
#endif
#define ESCRIPT H248_SRC "/selftests/megaco/codec_interop.escript"

static struct h248_tree tree;
static struct h248_pool pool;
static struct h248_msg msg;
static struct h248_err err;
static char text[H248_MAX_MSG + 1];
static char dir[] = "/tmp/h248_interop.XXXXXX";
static bool encoded;		/* megaco's files are in dir */

static bool have_escript(void)
{
	return system("command -v escript >/dev/null 2>&1") == 0;
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "# could not remove %s\n", dir);
}

/*
 * Run megaco's encoder once, before the harness forks a child for each
 * test; the messages land in dir, removed when the harness exits.
 */
static void __attribute__((constructor)) megaco_files(void)
{
	char cmd[512];

	if (!have_escript() || !mkdtemp(dir))
		return;
	atexit(cleanup);
	snprintf(cmd, sizeof(cmd), "escript '%s' encode '%s'", ESCRIPT, dir);
	encoded = system(cmd) == 0;
}

static int load(const char *name, const char *ext)
{
	char path[256];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return h248_parse(text, n, &tree, &msg, &pool, &err);
}

#define NEED_MEGACO() do {						\
	if (!have_escript())						\
		SKIP(return, "escript (erlang-base) not installed");	\
	ASSERT_TRUE(encoded);						\
} while (0)

static const char *const forms[] = { "pretty", "compact" };

#define LOAD(name, i) ASSERT_EQ(0, load(name, forms[i])) {		\
	TH_LOG("%s.%s: %s at %zu\n%s", name, forms[i], err.reason,	\
	       err.off, text);						\
}

static const struct h248_cmd *only_cmd(struct __test_metadata *_metadata,
				       uint32_t id, uint32_t ctx)
{
	EXPECT_EQ(3U, msg.version);
	EXPECT_STREQ("[124.124.124.222]:55555", msg.mid);
	EXPECT_EQ(55555U, msg.mid_port);
	if (msg.ntrans != 1 || msg.trans[0].nactions != 1 ||
	    msg.trans[0].actions[0].ncmds < 1)
		return NULL;
	EXPECT_EQ(id, msg.trans[0].id);
	EXPECT_EQ(ctx, msg.trans[0].actions[0].ctx);
	return msg.trans[0].actions[0].cmds;
}

TEST(from_megaco_service_change)
{
	const struct h248_cmd *c;
	int i;

	NEED_MEGACO();
	for (i = 0; i < 2; i++) {
		LOAD("sc_restart", i);
		c = only_cmd(_metadata, 9998, H248_CTX_NULL);
		ASSERT_NE(NULL, c);
		EXPECT_EQ(H248_TRANS_REQUEST, msg.trans[0].kind);
		EXPECT_EQ(H248_CMD_SERVICE_CHANGE, c->kind);
		EXPECT_STREQ("root", c->tid);
		EXPECT_EQ(H248_SC_RESTART, c->svc.method);
		EXPECT_STREQ("55555", c->svc.address);
		EXPECT_STREQ("resgw/1", c->svc.profile);
		EXPECT_STREQ("901 Cold Boot", c->svc.reason);
		EXPECT_EQ(3U, c->svc.version);
	}
}

TEST(from_megaco_add_choose)
{
	const struct h248_cmd *c;
	int i;

	NEED_MEGACO();
	for (i = 0; i < 2; i++) {
		LOAD("add_choose", i);
		c = only_cmd(_metadata, 10003, H248_CTX_CHOOSE);
		ASSERT_NE(NULL, c);
		ASSERT_EQ(2U, msg.trans[0].actions[0].ncmds);
		EXPECT_EQ(H248_CMD_ADD, c[0].kind);
		EXPECT_STREQ("a4444", c[0].tid);
		EXPECT_EQ(0U, c[0].present);
		EXPECT_EQ(H248_CMD_ADD, c[1].kind);
		EXPECT_STREQ("$", c[1].tid);
		ASSERT_EQ(1U, c[1].nstreams);
		EXPECT_EQ(1U, c[1].streams[0].id);
		EXPECT_EQ(H248_MODE_RECV_ONLY, c[1].streams[0].mode);
		ASSERT_EQ(1U, c[1].streams[0].nprops);
		EXPECT_STREQ("nt/jit", c[1].streams[0].props[0].name);
		EXPECT_STREQ("40", c[1].streams[0].props[0].value);
		/* megaco ends SDP lines with CRLF: kept as they are */
		EXPECT_STREQ("v=0\r\nc=IN IP4 $\r\nm=audio $ RTP/SAVP 0",
			     c[1].streams[0].local);
		EXPECT_STREQ("v=0\r\nc=IN IP4 124.124.124.222\r\n"
			     "m=audio 2222 RTP/SAVP 0\r\n"
			     "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
			     "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
			     c[1].streams[0].remote);
	}
}

TEST(from_megaco_modify_subtract)
{
	const struct h248_cmd *c;
	int i;

	NEED_MEGACO();
	for (i = 0; i < 2; i++) {
		LOAD("modify", i);
		c = only_cmd(_metadata, 10005, 2000);
		ASSERT_NE(NULL, c);
		EXPECT_EQ(H248_CMD_MODIFY, c->kind);
		EXPECT_STREQ("a4445", c->tid);
		ASSERT_EQ(1U, c->nstreams);
		EXPECT_EQ(H248_MODE_SEND_RECV, c->streams[0].mode);
		EXPECT_EQ(NULL, c->streams[0].local);

		LOAD("subtract", i);
		c = only_cmd(_metadata, 50007, 5000);
		ASSERT_NE(NULL, c);
		EXPECT_EQ(H248_CMD_SUBTRACT, c->kind);
		EXPECT_STREQ("a5556", c->tid);
		EXPECT_EQ(0U, c->present);
	}
}

TEST(from_megaco_reply_statistics)
{
	const struct h248_cmd *c;
	int i;

	NEED_MEGACO();
	for (i = 0; i < 2; i++) {
		LOAD("reply_stats", i);
		c = only_cmd(_metadata, 50008, 5000);
		ASSERT_NE(NULL, c);
		EXPECT_EQ(H248_TRANS_REPLY, msg.trans[0].kind);
		EXPECT_EQ(H248_CMD_SUBTRACT, c->kind);
		EXPECT_EQ(H248_D_STATS, c->present);
		ASSERT_EQ(2U, c->nstats);
		EXPECT_STREQ("nt/os", c->stats[0].name);
		EXPECT_STREQ("62345", c->stats[0].value);
		EXPECT_STREQ("rtp/pl", c->stats[1].name);
		EXPECT_STREQ("10", c->stats[1].value);
	}
}

/*
 * Encode @m both ways into dir, have megaco decode the files, and look for
 * @want (strings of its record dump) in what it printed.
 */
static void to_megaco(struct __test_metadata *_metadata, const char *name,
		      const struct h248_msg *m, const char *const *want)
{
	static char dump[1 << 16];
	char path[2][256], cmd[1024];
	size_t n = 0, r;
	int logged = 0;
	unsigned int f;
	FILE *p;
	int len;

	for (f = 0; f < 2; f++) {
		len = h248_encode(m, text, sizeof(text),
				  f ? H248_ENC_COMPACT : 0);
		ASSERT_LT(0, len);
		snprintf(path[f], sizeof(path[f]), "%s/ours_%s.%s", dir, name,
			 forms[f]);
		p = fopen(path[f], "w");
		ASSERT_NE(NULL, p);
		ASSERT_EQ((size_t)len, fwrite(text, 1, (size_t)len, p));
		fclose(p);
	}
	snprintf(cmd, sizeof(cmd), "escript '%s' decode '%s' '%s' 2>&1",
		 ESCRIPT, path[0], path[1]);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	while ((r = fread(dump + n, 1, sizeof(dump) - 1 - n, p)) > 0)
		n += r;
	dump[n] = '\0';
	EXPECT_EQ(0, pclose(p)) {
		TH_LOG("megaco refused %s:\n%s", name, dump);
		h248_encode(m, text, sizeof(text), 0);
		TH_LOG("ours:\n%s", text);
	}
	for (; want && *want; want++) {
		const char *hit = strstr(dump, *want);

		/* once for each of the two files */
		EXPECT_TRUE(hit && strstr(hit + 1, *want)) {
			TH_LOG("%s: no \"%s\"", name, *want);
			if (!logged++)
				TH_LOG("megaco decoded:\n%s", dump);
		}
	}
}

static const char ip_mid[] = "[192.0.2.10]:2944";

TEST(to_megaco_service_change_request)
{
	struct h248_cmd c = {
		.kind = H248_CMD_SERVICE_CHANGE, .tid = "ROOT",
		.present = H248_D_SERVICES,
		.svc = { .method = H248_SC_RESTART, .reason = "901 Cold Boot",
			 .address = "2944", .profile = "ResGW/1",
			 .version = 3, .has_delay = true, .delay = 10 },
	};
	struct h248_action a = { .ctx = H248_CTX_NULL, .cmds = &c,
				 .ncmds = 1 };
	struct h248_trans t = { .kind = H248_TRANS_REQUEST, .id = 1,
				.actions = &a, .nactions = 1 };
	struct h248_msg m = { .version = 3, .mid = ip_mid, .trans = &t,
			      .ntrans = 1 };
	static const char *const want[] = {
		"{serviceChangeReq,", "{'ServiceChangeParm',restart,"
		"{portNumber,2944},3,{'ServiceChangeProfile',\"resgw\",1},"
		"[\"901 Cold Boot\"],10,", "{'IP4Address',[192,0,2,10],2944}",
		NULL,
	};

	NEED_MEGACO();
	to_megaco(_metadata, "sc", &m, want);
}

TEST(to_megaco_notify_request)
{
	struct h248_param par = { "cause", "1", '=' };
	struct h248_event ev = { .name = "al/of",
				 .timestamp = "19990729T22000000",
				 .params = &par, .nparams = 1 };
	struct h248_cmd c = {
		.kind = H248_CMD_NOTIFY, .tid = "A4444",
		.present = H248_D_OBSERVED, .observed_rid = 2222,
		.observed = &ev, .nobserved = 1,
	};
	struct h248_action a = { .ctx = 12, .cmds = &c, .ncmds = 1 };
	struct h248_trans t = { .kind = H248_TRANS_REQUEST, .id = 2,
				.actions = &a, .nactions = 1 };
	struct h248_msg m = { .version = 3, .mid = ip_mid, .trans = &t,
			      .ntrans = 1 };
	static const char *const want[] = {
		"{notifyReq,", "{'ObservedEventsDescriptor',2222,"
		"[{'ObservedEvent',\"al/of\",asn1_NOVALUE,"
		"[{'EventParameter',\"cause\",[\"1\"],asn1_NOVALUE}],"
		"{'TimeNotation',\"19990729\",\"22000000\"}}]}", NULL,
	};

	NEED_MEGACO();
	to_megaco(_metadata, "notify", &m, want);
}

TEST(to_megaco_replies)
{
	struct h248_param stats[] = {
		{ "nt/os", "62345", '=' }, { "rtp/pl", "10", '=' },
	};
	struct h248_stream st = {
		.id = 1, .mode = H248_MODE_UNSET,
		.local = "v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\nt=0 0\n"
			 "c=IN IP4 192.0.2.10\nm=audio 40000 RTP/SAVP 0\n"
			 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
			 "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
	};
	struct h248_cmd c[] = {
		{ .kind = H248_CMD_ADD, .tid = "A4444" },
		{ .kind = H248_CMD_ADD, .tid = "rtp/1", .present = H248_D_MEDIA,
		  .streams = &st, .nstreams = 1 },
		{ .kind = H248_CMD_MODIFY, .tid = "A5555" },
		{ .kind = H248_CMD_MOVE, .tid = "A5556" },
		{ .kind = H248_CMD_SUBTRACT, .tid = "rtp/2",
		  .present = H248_D_STATS, .stats = stats, .nstats = 2 },
		{ .kind = H248_CMD_NOTIFY, .tid = "A4444" },
	};
	struct h248_cmd sc = {
		.kind = H248_CMD_SERVICE_CHANGE, .tid = "ROOT",
		.present = H248_D_SERVICES,
		.svc = { .address = "2944", .version = 3 },
	};
	struct h248_action a[] = {
		{ .ctx = 2000, .cmds = c, .ncmds = 6 },
		{ .ctx = H248_CTX_NULL, .cmds = &sc, .ncmds = 1 },
	};
	struct h248_trans t[] = {
		{ .kind = H248_TRANS_REPLY, .id = 10003, .actions = a,
		  .nactions = 1 },
		{ .kind = H248_TRANS_REPLY, .id = 10004, .imm_ack = true,
		  .actions = &a[1], .nactions = 1 },
		{ .kind = H248_TRANS_REPLY, .id = 10005, .has_error = true,
		  .error = { 430, "Unknown TerminationID" } },
		{ .kind = H248_TRANS_PENDING, .id = 10006 },
		{ .kind = H248_TRANS_ACK, .nacks = 2,
		  .acks = { { 7, 7 }, { 9, 12 } } },
	};
	struct h248_msg m = { .version = 3, .mid = ip_mid, .trans = t,
			      .ntrans = 5 };
	static const char *const want[] = {
		"{'TransactionReply',10003,asn1_NOVALUE,{actionReplies,"
		"[{'ActionReply',2000,",
		"{addReply,{'AmmsReply',[{megaco_term_id,false,[\"a4444\"]}],"
		"asn1_NOVALUE}}",
		"{addReply,{'AmmsReply',[{megaco_term_id,false,[\"rtp\",\"1\"]}],"
		"[{mediaDescriptor,",
		"{'PropertyParm',\"a\",[\"crypto:1 AES_CM_128_HMAC_SHA1_80 "
		"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\"]",
		"{modReply,{'AmmsReply',[{megaco_term_id,false,[\"a5555\"]}]",
		"{moveReply,{'AmmsReply',[{megaco_term_id,false,[\"a5556\"]}]",
		"{subtractReply,{'AmmsReply',[{megaco_term_id,false,"
		"[\"rtp\",\"2\"]}],[{statisticsDescriptor,"
		"[{'StatisticsParameter',\"nt/os\",[\"62345\"]},"
		"{'StatisticsParameter',\"rtp/pl\",[\"10\"]}]}]}}",
		"{notifyReply,{'NotifyReply',[{megaco_term_id,false,[\"a4444\"]}]",
		"{'TransactionReply',10004,'NULL',",
		"{serviceChangeResParms,{'ServiceChangeResParm',asn1_NOVALUE,"
		"{portNumber,2944},3,",
		"{transactionError,{'ErrorDescriptor',430,"
		"\"Unknown TerminationID\"}}",
		"{transactionPending,{'TransactionPending',10006}}",
		"{transactionResponseAck,[{'TransactionAck',7,asn1_NOVALUE},"
		"{'TransactionAck',9,12}]}",
		NULL,
	};

	NEED_MEGACO();
	to_megaco(_metadata, "replies", &m, want);
}

TEST(to_megaco_message_error)
{
	struct h248_msg m = { .version = 3, .mid = "<mg1.example.net>:2944",
			      .has_error = true,
			      .error = { 400, "Syntax error in message" } };
	static const char *const want[] = {
		"{domainName,{'DomainName',\"mg1.example.net\",2944}},"
		"{messageError,{'ErrorDescriptor',400,"
		"\"Syntax error in message\"}}", NULL,
	};

	NEED_MEGACO();
	to_megaco(_metadata, "error", &m, want);
}

/*
 * What mediasecd answers since issue 14: a transaction error without a
 * text (Error=505{}: the braces are not optional in Annex B) and the
 * keepalive's AuditValue of ROOT with nothing audited.
 */
TEST(to_megaco_bare_error_and_root_audit)
{
	struct h248_cmd root = { .kind = H248_CMD_AUDIT_VALUE, .tid = "ROOT" };
	struct h248_cmd bad = { .kind = H248_CMD_MODIFY, .tid = "access/1",
				.present = H248_D_ERROR,
				.error = { 435, NULL } };
	struct h248_action a[] = {
		{ .ctx = H248_CTX_NULL, .cmds = &root, .ncmds = 1 },
		{ .ctx = 2, .cmds = &bad, .ncmds = 1 },
	};
	struct h248_trans t[] = {
		{ .kind = H248_TRANS_REPLY, .id = 20, .has_error = true,
		  .error = { 505, NULL } },
		{ .kind = H248_TRANS_REPLY, .id = 21, .actions = &a[0],
		  .nactions = 1 },
		{ .kind = H248_TRANS_REPLY, .id = 22, .actions = &a[1],
		  .nactions = 1 },
	};
	struct h248_msg m = { .version = 3, .mid = ip_mid, .trans = t,
			      .ntrans = 3 };
	static const char *const want[] = {
		"{transactionError,{'ErrorDescriptor',505,asn1_NOVALUE}}",
		"{'TransactionReply',21,asn1_NOVALUE,{actionReplies,"
		"[{'ActionReply',0,",
		"{auditValueReply,{auditResult,{'AuditResult',"
		"{megaco_term_id,false,[\"root\"]},[]}}}",
		"{'ErrorDescriptor',435,asn1_NOVALUE}",
		NULL,
	};

	NEED_MEGACO();
	to_megaco(_metadata, "bare", &m, want);
}

TEST_HARNESS_MAIN
