// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the connection and TLS attributes of SDP
 * (userspace/lib/sdp_tls.c, through sdp.c): an MSRP over TLS offer as RFC
 * 4975, 6135 and 6714 write it; certificate fingerprints of every hash
 * checked against what the openssl command computes for a certificate it
 * made (a tool we did not write); one test per malformed attribute; and
 * encode -> parse round trips.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"
#include "textbuf.h"
#include "kselftest_harness.h"

static struct sdp sd;
static char out[8192];

static int parse(const char *text, struct sdp_error *e)
{
	memset(&sd, 0, sizeof(sd));
	return sdp_parse(&sd, text, strlen(text), e);
}

static const char offer[] =
	"v=0\r\n"
	"o=alice 2890844526 2890844527 IN IP4 192.0.2.2\r\n"
	"s=-\r\n"
	"c=IN IP4 192.0.2.2\r\n"
	"t=0 0\r\n"
	"a=setup:actpass\r\n"
	"m=message 7394 TCP/TLS/MSRP *\r\n"
	"a=accept-types:text/plain message/cpim\r\n"
	"a=path:msrps://192.0.2.2:7394/jshA7weztas;tcp\r\n"
	"a=connection:new\r\n"
	"a=fingerprint:SHA-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:"
	"19:E5:7C:AB:1C:4B:74:21:1F:75:81:4B:A1:6E:30:82\r\n"
	"a=fingerprint:md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
	"a=msrp-cema\r\n";

TEST(msrp_over_tls_offer)
{
	const struct sdp_media *m;
	struct sdp_error e;
	int n;

	ASSERT_EQ(0, parse(offer, &e)) TH_LOG("line %u: %s", e.line, e.msg);
	EXPECT_EQ(SDP_SETUP_ACTPASS, sd.tls.setup);
	ASSERT_EQ(1, sd.nmedia);
	m = &sd.media[0];
	EXPECT_STREQ("message", m->type);
	EXPECT_STREQ("TCP/TLS/MSRP", m->proto_text);
	EXPECT_STREQ("*", m->fmts);
	EXPECT_STREQ("msrps://192.0.2.2:7394/jshA7weztas;tcp", m->tls.path);
	EXPECT_EQ(SDP_CONNECTION_NEW, m->tls.connection);
	EXPECT_EQ(SDP_SETUP_NONE, m->tls.setup);
	ASSERT_EQ(1, m->tls.nfp);
	EXPECT_EQ(SDP_HASH_SHA256, m->tls.fp[0].hash);
	EXPECT_EQ(32, m->tls.fp[0].len);
	EXPECT_EQ(0x4A, m->tls.fp[0].value[0]);
	EXPECT_EQ(0x82, m->tls.fp[0].value[31]);
	EXPECT_EQ(1, m->tls.ignored_fp);	/* md5: RFC 8122 5 */
	EXPECT_TRUE(m->tls.msrp_cema);

	n = sdp_encode(&sd, out, sizeof(out));
	ASSERT_GT(n, 0);
	EXPECT_NE(NULL, strstr(out, "a=setup:actpass\r\nm=message"));
	EXPECT_NE(NULL, strstr(out, "a=path:msrps://192.0.2.2:7394/jshA7weztas;tcp\r\n"
				    "a=connection:new\r\n"
				    "a=fingerprint:sha-256 4A:AD:B9:"));
	EXPECT_NE(NULL, strstr(out, ":30:82\r\na=msrp-cema\r\n"));
	EXPECT_EQ(NULL, strstr(out, "md5"));
	sdp_free(&sd);
}

/* The message parse() gives for one a= line added to a minimal SDP. */
static const char *refused(const char *attr, int *ret)
{
	static char text[2048];
	struct sdp_error e = { 0 };

	snprintf(text, sizeof(text),
		 "v=0\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/MSRP *\r\n%s\r\n", attr);
	*ret = parse(text, &e);
	return e.msg ? e.msg : "";
}

TEST(malformed_attributes)
{
	static const struct {
		const char *attr, *msg;
		int ret;
	} bad[] = {
		{ "a=setup:sideways", "bad a=setup", -EINVAL },
		{ "a=setup", "bad a=setup", -EINVAL },
		{ "a=setup:active\r\na=setup:passive", "two a=setup", -EINVAL },
		{ "a=connection:old", "bad a=connection", -EINVAL },
		{ "a=connection:new\r\na=connection:new", "two a=connection",
		  -EINVAL },
		{ "a=fingerprint", "a=fingerprint without a value", -EINVAL },
		{ "a=fingerprint:sha-256", "a=fingerprint is HASH FINGERPRINT",
		  -EINVAL },
		{ "a=fingerprint:sha-1 A:BC", "a=fingerprint bytes are hex pairs "
		  "joined by ':'", -EINVAL },
		{ "a=fingerprint:sha-1 AB:", "a=fingerprint bytes are hex pairs "
		  "joined by ':'", -EINVAL },
		{ "a=fingerprint:sha-1 AB;CD", "a=fingerprint bytes are hex "
		  "pairs joined by ':'", -EINVAL },
		{ "a=fingerprint:sha-1 AB:CD", "a=fingerprint of the wrong "
		  "length for its hash", -EINVAL },
		{ "a=path:", "empty a=path", -EINVAL },
		{ "a=path:msrp://a:1/x;tcp\r\na=path:msrp://b:1/y;tcp",
		  "two a=path", -EINVAL },
		{ "a=msrp-cema:yes", "a=msrp-cema takes no value", -EINVAL },
		/* found by fuzz_sdp: a tab cannot be written back */
		{ "a=path:msrp://a:1/x;tcp\tmsrp://b:1/y;tcp",
		  "a=path holds a control character", -EINVAL },
	};
	char fp[128], many[1024] = "", path[700] = "a=path:";
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_STREQ(bad[i].msg, refused(bad[i].attr, &ret))
			TH_LOG("%s", bad[i].attr);
		EXPECT_EQ(bad[i].ret, ret) TH_LOG("%s", bad[i].attr);
	}
	/* Five SHA-1 fingerprints: one too many. */
	fp[0] = '\0';
	for (i = 0; i < 20; i++)
		sprintf(fp + strlen(fp), i ? ":%02X" : "%02X", i);
	for (i = 0; i < 5; i++)
		sprintf(many + strlen(many), "%sa=fingerprint:sha-1 %s",
			i ? "\r\n" : "", fp);
	EXPECT_STREQ("more than 4 a=fingerprint", refused(many, &ret));
	EXPECT_EQ(-E2BIG, ret);
	memset(path + 7, 'x', 600);
	path[607] = '\0';
	EXPECT_STREQ("a=path too long", refused(path, &ret));
	EXPECT_EQ(-E2BIG, ret);
	/* Only session and media level know fingerprints; a=path is media's. */
	ASSERT_EQ(0, parse("v=0\r\ns=-\r\nt=0 0\r\na=path:msrp://a:1/x;tcp\r\n",
			   NULL));
	EXPECT_EQ(1, sd.unknown.count);
}

/* What "openssl x509 -fingerprint -HASH" prints for @pem: "AB:CD:...". */
static int openssl_fingerprint(const char *pem, const char *hash, char *buf,
			       size_t len)
{
	char cmd[512], *eq;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "openssl x509 -in %s -noout -fingerprint -%s",
		 pem, hash);
	f = popen(cmd, "r");
	if (!f || !fgets(buf, (int)len, f))
		return -1;
	pclose(f);
	eq = strchr(buf, '=');
	if (!eq)
		return -1;
	memmove(buf, eq + 1, strlen(eq));
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

TEST(fingerprints_match_what_openssl_computes)
{
	static const struct {
		const char *openssl, *sdp;
	} h[] = {
		{ "sha1", "sha-1" }, { "sha224", "sha-224" },
		{ "sha256", "sha-256" }, { "sha384", "sha-384" },
		{ "sha512", "sha-512" },
	};
	char dir[] = "/tmp/sdp-tls-XXXXXX", cmd[512], pem[64], derf[64];
	char fp[256], text[1024];
	unsigned char der[4096];
	struct sdp_error e;
	size_t derlen;
	unsigned int i;
	FILE *f;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(pem, sizeof(pem), "%s/c.pem", dir);
	snprintf(derf, sizeof(derf), "%s/c.der", dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
		 "-nodes -keyout %s/k.pem -out %s -days 1 -subj /CN=t "
		 "2>/dev/null && openssl x509 -in %s -outform DER -out %s",
		 dir, pem, pem, derf);
	ASSERT_EQ(0, system(cmd));
	f = fopen(derf, "rb");
	ASSERT_NE(NULL, f);
	derlen = fread(der, 1, sizeof(der), f);
	fclose(f);
	ASSERT_GT(derlen, 100);

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		ASSERT_EQ(0, openssl_fingerprint(pem, h[i].openssl, fp,
						 sizeof(fp)));
		snprintf(text, sizeof(text),
			 "v=0\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/TLS/MSRP *\r\n"
			 "a=fingerprint:%s %s\r\n", h[i].sdp, fp);
		ASSERT_EQ(0, parse(text, &e)) TH_LOG("%s: %s", text, e.msg);
		EXPECT_TRUE(sdp_fingerprint_matches(&sd.tls, &sd.media[0].tls,
						    der, derlen))
			TH_LOG("%s", h[i].sdp);
		/* One bit of the certificate changed: no match. */
		der[derlen / 2] ^= 1;
		EXPECT_FALSE(sdp_fingerprint_matches(&sd.tls,
						     &sd.media[0].tls, der,
						     derlen));
		der[derlen / 2] ^= 1;
		/* One bit of the fingerprint changed: no match. */
		sd.media[0].tls.fp[0].value[3] ^= 0x10;
		EXPECT_FALSE(sdp_fingerprint_matches(&sd.tls,
						     &sd.media[0].tls, der,
						     derlen));
	}
	/* At session level, for a media level without one. */
	ASSERT_EQ(0, openssl_fingerprint(pem, "sha256", fp, sizeof(fp)));
	snprintf(text, sizeof(text),
		 "v=0\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 %s\r\n"
		 "m=message 9 TCP/TLS/MSRP *\r\n", fp);
	ASSERT_EQ(0, parse(text, &e));
	EXPECT_TRUE(sdp_fingerprint_matches(&sd.tls, &sd.media[0].tls, der,
					    derlen));
	/*
	 * RFC 8122 5: only the fingerprints of the strongest hash offered
	 * count.  A matching sha-1 beside a sha-256 of another certificate
	 * (an attacker's second-preimage on the weaker one) matches nothing.
	 */
	{
		char fp1[256], other[256];

		ASSERT_EQ(0, openssl_fingerprint(pem, "sha1", fp1,
						 sizeof(fp1)));
		snprintf(other, sizeof(other), "%s", fp);	/* sha-256 */
		other[0] = other[0] == '0' ? '1' : '0';
		snprintf(text, sizeof(text),
			 "v=0\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/TLS/MSRP *\r\n"
			 "a=fingerprint:sha-1 %s\r\n"
			 "a=fingerprint:sha-256 %s\r\n", fp1, other);
		ASSERT_EQ(0, parse(text, &e)) TH_LOG("%s", e.msg);
		EXPECT_FALSE(sdp_fingerprint_matches(&sd.tls,
						     &sd.media[0].tls, der,
						     derlen));
		/* the sha-256 right too: a match */
		snprintf(text, sizeof(text),
			 "v=0\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/TLS/MSRP *\r\n"
			 "a=fingerprint:sha-256 %s\r\n"
			 "a=fingerprint:sha-1 %s\r\n", fp, fp1);
		ASSERT_EQ(0, parse(text, &e)) TH_LOG("%s", e.msg);
		EXPECT_TRUE(sdp_fingerprint_matches(&sd.tls,
						    &sd.media[0].tls, der,
						    derlen));
	}
	/* No fingerprint at all: nothing matches. */
	ASSERT_EQ(0, parse("v=0\r\ns=-\r\nt=0 0\r\n"
			   "m=message 9 TCP/TLS/MSRP *\r\n", &e));
	EXPECT_FALSE(sdp_fingerprint_matches(&sd.tls, &sd.media[0].tls, der,
					     derlen));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	EXPECT_EQ(0, system(cmd));
}

TEST(own_fingerprint_encodes_and_parses_back)
{
	static const unsigned char der[] = "not really a certificate";
	struct sdp_error e;
	enum sdp_hash h;
	int n;

	for (h = SDP_HASH_SHA1; h <= SDP_HASH_SHA512; h++) {
		memset(&sd, 0, sizeof(sd));
		sd.nmedia = 1;
		strcpy(sd.media[0].type, "message");
		strcpy(sd.media[0].proto_text, "TCP/TLS/MSRP");
		strcpy(sd.media[0].fmts, "*");
		sd.media[0].port = 7000;
		sd.media[0].tls.setup = SDP_SETUP_PASSIVE;
		ASSERT_EQ(0, sdp_fingerprint_of(der, sizeof(der), h,
						&sd.media[0].tls.fp[0]));
		sd.media[0].tls.nfp = 1;
		n = sdp_encode(&sd, out, sizeof(out));
		ASSERT_GT(n, 0);
		ASSERT_EQ(0, parse(out, &e)) TH_LOG("%s", e.msg);
		EXPECT_TRUE(sdp_fingerprint_matches(NULL, &sd.media[0].tls, der,
						    sizeof(der)));
		EXPECT_EQ(SDP_SETUP_PASSIVE, sd.media[0].tls.setup);
	}
}

/*
 * RFC 4567 3.1: a=key-mgmt:mikey DATA at session and media level, the
 * MIKEY message decoded (the first bytes of RFC 4567's own example:
 * version 1, data type 0, next payload T); other protocols counted and
 * skipped; bad ones refused.
 */
TEST(key_management_attributes)
{
	static const uint8_t head[] = { 0x01, 0x00, 0x05, 0x80, 0xcd, 0x17,
					0x7e, 0x50, 0x01, 0x00 };
	static char text[6000], big[4000];
	struct sdp_error e = { 0 };
	int ret;

	snprintf(text, sizeof(text), "v=0\r\ns=-\r\nt=0 0\r\n"
		 "a=key-mgmt:mikey AQAFgM0XflABAAAA\r\n"
		 "a=key-mgmt:keyp1 727gkdOs\r\n"
		 "m=audio 5000 RTP/SAVP 0\r\n"
		 "a=key-mgmt: mikey AQAFgM0XflAB\r\n");
	ASSERT_EQ(0, parse(text, &e)) TH_LOG("%s", e.msg);
	ASSERT_TRUE(sd.keymgmt.present);
	ASSERT_EQ(12, sd.keymgmt.len);
	EXPECT_EQ(0, memcmp(sd.keymgmt.data, head, sizeof(head)));
	EXPECT_EQ(1U, sd.keymgmt.others);
	ASSERT_TRUE(sd.media[0].keymgmt.present);
	EXPECT_EQ(9, sd.media[0].keymgmt.len);
	/* a message of 2,000 bytes: a line of 2,684 characters */
	memset(big, 'A', 2668);
	big[2668] = 0;
	snprintf(text, sizeof(text), "v=0\r\ns=-\r\nt=0 0\r\n"
		 "m=audio 5000 RTP/SAVP 0\r\na=key-mgmt:mikey %s\r\n", big);
	ASSERT_EQ(0, parse(text, &e)) TH_LOG("%s", e.msg);
	EXPECT_EQ(2001, sd.media[0].keymgmt.len);
	EXPECT_STREQ("bad a=key-mgmt:mikey base64",
		     refused("a=key-mgmt:mikey AQAFgM0XflABAAA", &ret));
	EXPECT_EQ(-EINVAL, ret);
	EXPECT_STREQ("bad a=key-mgmt:mikey base64",
		     refused("a=key-mgmt:mikey AQAF gM0X", &ret));
	EXPECT_STREQ("a=key-mgmt is PROTOCOL DATA",
		     refused("a=key-mgmt:mikey", &ret));
	EXPECT_STREQ("bad a=key-mgmt protocol id",
		     refused("a=key-mgmt:mi-key AQAF", &ret));
	EXPECT_STREQ("two a=key-mgmt:mikey at one level",
		     refused("a=key-mgmt:mikey AQAF\r\na=key-mgmt:mikey AQAF",
			     &ret));
}

TEST_HARNESS_MAIN
