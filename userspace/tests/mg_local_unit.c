// SPDX-License-Identifier: GPL-2.0
/*
 * The Local descriptor the MGC gives (H.248.77 clause 7, TS 29.334),
 * against the fake kernel (mg_fake.h): the terminating flow, where the
 * IMS-ALG asks for our Local first ("$": the gateway chooses suite and
 * key) and gives the UE's Remote later, keeps the key it offered; a
 * re-INVITE that repeats the Local changes nothing; a key the MGC fixes
 * is the one we protect with; what cannot be honoured is refused (449,
 * 515) and changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mg_fixture.h"

/* The terminating flow: Local first, our key offered; the UE's later. */
static const char local_first[] =
	"MEGACO/3 [192.0.2.20]:2944\n"
	"Transaction = 1 { Context = $ {\n"
	" Add = $ { Media { TerminationState { ipdc/realm = access },"
	" Stream = 1 { LocalControl { Mode = SendReceive },\n"
	"  Local {\nv=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$\n} } } },\n"
	" Add = $ { Media { Stream = 1 { LocalControl { ipdc/realm = core },\n"
	"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0\n"
	"} } } }\n} }\n";

/* The UE's answer, with @extra in the stream (a Local repeated). */
static const char *answer(char *buf, size_t n, unsigned int trans,
			  const char *extra)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = 1 { Modify = access/1 { Media { Stream = 1 {"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "|1:1\n"
		 "}%s } } } } }\n", trans, extra);
	return buf;
}

TEST_F(mg, terminating_flow_keeps_the_offered_key)
{
	const struct sdes_crypto *cr;
	const struct msobj_key *key;
	uint8_t offered[30];
	char buf[2048], again[1024];
	const struct h248_trans *t;
	struct sdp *s = calloc(1, sizeof(*s));
	uint32_t tx;
	int calls;

	ASSERT_NE(NULL, s);
	t = exec(&self->g, self->r, local_first);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ(1U, cr->tag);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, cr->suite);
	ASSERT_EQ(30, cr->keys[0].mat_len);
	memcpy(offered, cr->keys[0].mat, 30);
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "c=IN IP4 192.0.2.1"));
	/* Nothing to install before the UE's key is known. */
	EXPECT_EQ(0U, self->k.nctx);
	EXPECT_EQ(0U, self->k.nflow);
	sdp_free(s);

	/* The UE answers: our offered key protects what goes to it. */
	t = exec(&self->g, self->r, answer(buf, sizeof(buf), 2, ""));
	ASSERT_EQ(0U, err_of(t));
	EXPECT_EQ(2U, self->k.nctx);
	EXPECT_EQ(4U, self->k.nflow);
	key = f_key(&self->k, MEDIASEC_DIR_TX, &tx);
	ASSERT_NE(NULL, key);
	EXPECT_EQ(0, memcmp(key->master, offered, 16));
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ(0, memcmp(cr->keys[0].mat, offered, 30));
	sdp_free(s);

	/* A re-INVITE repeating our Local as answered: nothing changes. */
	calls = self->k.calls;
	snprintf(again, sizeof(again), ", Local {\n%s}",
		 t->actions[0].cmds[0].streams[0].local);
	t = exec(&self->g, self->r, answer(buf, sizeof(buf), 3, again));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(calls, self->k.calls);
	/* Nor one that leaves the key to us again. */
	t = exec(&self->g, self->r, answer(buf, sizeof(buf), 4, ", Local {\n"
		 "v=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		 "a=crypto:$ $ inline:$\n}"));
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0U, err_of(t));
	EXPECT_EQ(calls, self->k.calls);
	cr = local_crypto(t, s);
	ASSERT_NE(NULL, cr);
	EXPECT_EQ(0, memcmp(cr->keys[0].mat, offered, 30));
	sdp_free(s);
	free(s);
}

/* A key the MGC fixes in the Local is the one the gateway protects with. */
TEST_F(mg, local_key_given_is_applied)
{
	const struct msobj_key *key;
	const struct h248_trans *t;
	uint32_t tx;

	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access },\n"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0\n"
		 "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "\n},\n"
		 " Local {\nv=0\nc=IN IP4 192.0.2.1\nm=audio 40100 RTP/SAVP 0\n"
		 "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY2 "\n} } } },"
		 " Add = $ { Media { Stream = 1 { LocalControl {"
		 " ipdc/realm = core }, Remote {\nv=0\nc=IN IP4 198.51.100.2\n"
		 "m=audio 7000 RTP/AVP 0\n} } } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "m=audio 40100 RTP/SAVP 0"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY2));
	key = f_key(&self->k, MEDIASEC_DIR_TX, &tx);
	ASSERT_NE(NULL, key);
	/* KEY2 is base64 of the bytes 0x32, 0x33, ... */
	EXPECT_EQ(0x32, key->master[0]);
	EXPECT_EQ(0x41, key->master[15]);
	/* That port is taken now: another Local asking for it is refused. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access },\n"
		 " Local {\nv=0\nc=IN IP4 $\nm=audio 40100 RTP/AVP 0\n} } } } } }\n");
	EXPECT_EQ(449U, err_of(t));
	EXPECT_EQ(1U, self->g.nctx);
}

/* What a Local asks that cannot be honoured: refused, nothing changed. */
TEST_F(mg, local_refusals_change_nothing)
{
	static const struct { const char *local; unsigned int code; } c[] = {
		{ "v=0\nc=IN IP4 10.9.9.9\nm=audio $ RTP/SAVP 0\n", 449 },
		{ "v=0\nc=IN IP4 $\nm=audio $ RTP/AVP 0\n", 449 },
		{ "v=0\nc=IN IP4 $\nm=video $ RTP/SAVP 96\n", 515 },
		{ "v=0\nc=IN IP4 $\nm=audio 40200 RTP/SAVP 0\n", 449 },
		{ "v=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		  "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:$\n", 449 },
		{ "v=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n"
		  "a=crypto:1 $ inline:$ UNAUTHENTICATED_SRTP\n", 449 },
	};
	const struct h248_trans *t;
	struct fake before;
	char buf[1024];
	unsigned int i;

	ASSERT_NE(NULL, exec(&self->g, self->r, add_pair));
	before = self->k;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(buf, sizeof(buf), "MEGACO/3 [192.0.2.20]:2944\n"
			 "Transaction = %u { Context = 1 { Modify = access/1 {"
			 " Media { Stream = 1 { Local {\n%s} } } } } }\n",
			 10 + i, c[i].local);
		t = exec(&self->g, self->r, buf);
		ASSERT_NE(NULL, t);
		EXPECT_EQ(c[i].code, err_of(t)) TH_LOG("%s", c[i].local);
		EXPECT_TRUE(!memcmp(before.key, self->k.key,
				    sizeof(before.key)) &&
			    !memcmp(before.flow, self->k.flow,
				    sizeof(before.flow)))
			TH_LOG("%s", c[i].local);
	}
	/* A "$" in the Remote: the remote's key is its own to give. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 20 { Context = 1 { Modify = access/1 {"
		 " Media { Stream = 1 { Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio 6000 RTP/SAVP 0\n"
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$\n} } } } } }\n");
	EXPECT_EQ(449U, err_of(t)) TH_LOG("%s", self->r->text);
	EXPECT_EQ(0, memcmp(before.key, self->k.key, sizeof(before.key)));
}

/*
 * Alternatives (H.248.1 7.1.8: several session descriptions, each from
 * its v= line): the first the gateway can take is the one; it answers it.
 */
TEST_F(mg, remote_alternatives_first_taken)
{
	const struct h248_trans *t;

	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access },\n"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=video 6000 RTP/AVP 96\n"
		 "v=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 8\n"
		 "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "\n} } } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "m=audio 40000 RTP/SAVP 8"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=crypto:3 AES_CM_128_HMAC_SHA1_80"));
	/* None takeable: the first one's error. */
	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 2 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access },\n"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=video 6000 RTP/AVP 96\n"
		 "v=0\nc=IN IP4 192.0.2.2\nm=image 6000 udptl t38\n"
		 "} } } } } }\n");
	EXPECT_EQ(515U, err_of(t));
	EXPECT_EQ(1U, self->g.nctx);
	EXPECT_EQ(1U, self->g.pool[0].used);
}

/* The payload's descriptions (a=rtpmap, a=ptime) are answered, not lost. */
TEST_F(mg, formats_described_in_our_local)
{
	const struct h248_trans *t;

	t = exec(&self->g, self->r, "MEGACO/3 [192.0.2.20]:2944\n"
		 "Transaction = 1 { Context = $ { Add = $ { Media {"
		 " Stream = 1 { LocalControl { ipdc/realm = access },\n"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/AVP 96 97\n"
		 "a=rtpmap:96 AMR-WB/16000/1\na=rtpmap:97 telephone-event/16000\n"
		 "a=fmtp:97 0-15\na=ptime:20\n} } } } } }\n");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(0U, err_of(t));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "m=audio 40000 RTP/AVP 96 97"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=rtpmap:96 AMR-WB/16000/1"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=rtpmap:97 telephone-event/16000"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=ptime:20"));
	EXPECT_TRUE(text_has(t->actions[0].cmds[0].streams[0].local,
			     "a=fmtp:97 0-15"));
}

TEST_HARNESS_MAIN
