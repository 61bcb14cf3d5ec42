// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's configuration file: a full file read back field by field,
 * defaults, and every error with its line number.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "sdes.h"
#include "kselftest_harness.h"

static const char good[] =
	"# the gateway of the demo\n"
	"mid [192.0.2.10]:2944\n"
	"listen 192.0.2.10 2944\n"
	"mgc 192.0.2.20 2944   # the primary\n"
	"mgc 2001:db8::20 2944\n"
	"\trealm access 192.0.2.1 40000-40999\r\n"
	"realm core 2001:db8:c::1 30000-30999\n"
	"netns ms-gw\n"
	"inactivity 30\n"
	"auth-fail-threshold 5\n"
	"state-dir /var/lib/mgd\n"
	"own-key-lifetime 1048576\n"
	"\n";

TEST(full_file)
{
	struct mgd_config c;
	const struct mgd_realm *r;
	struct sockaddr_in6 *m2;
	uint8_t a[16];
	char err[128] = "";

	ASSERT_EQ(0, mgd_config_parse(&c, good, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_STREQ("[192.0.2.10]:2944", c.mid);
	EXPECT_EQ(AF_INET, c.listen.ss_family);
	EXPECT_EQ(2U, c.nmgc);
	m2 = (struct sockaddr_in6 *)&c.mgc[1];
	EXPECT_EQ(AF_INET6, m2->sin6_family);
	EXPECT_EQ(2944, ntohs(m2->sin6_port));
	EXPECT_EQ(2U, c.nrealm);
	r = mgd_config_realm(&c, "access");
	ASSERT_NE(NULL, r);
	EXPECT_EQ(4, r->alen);
	inet_pton(AF_INET, "192.0.2.1", a);
	EXPECT_EQ(0, memcmp(a, r->addr, 4));
	EXPECT_EQ(40000, r->lo);
	EXPECT_EQ(40999, r->hi);
	r = mgd_config_realm(&c, "core");
	ASSERT_NE(NULL, r);
	EXPECT_EQ(16, r->alen);
	EXPECT_EQ(NULL, mgd_config_realm(&c, "other"));
	EXPECT_STREQ("ms-gw", c.netns);
	EXPECT_EQ(30U, c.inactivity);
	EXPECT_EQ(5U, c.auth_fail_threshold);
	EXPECT_STREQ("/var/lib/mgd", c.state_dir);
	EXPECT_EQ(1048576U, c.own_key_lifetime);
	/* Defaults */
	EXPECT_EQ(500U, c.retry_ms);
	EXPECT_EQ(200U, c.pending_ms);
	EXPECT_EQ(30000U, c.long_timer_ms);
	EXPECT_EQ(10000U, c.rekey_grace_ms);
	ASSERT_EQ(0, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n"
				      "realm a 192.0.2.1 40000-40009\n", err,
				      sizeof(err)));
	EXPECT_STREQ("/run/mediasecd", c.state_dir);
	EXPECT_EQ(0U, c.own_key_lifetime);
	ASSERT_EQ(0, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n"
				      "realm a 192.0.2.1 40000-40009\n"
				      "state-dir none\n", err, sizeof(err)));
	EXPECT_STREQ("", c.state_dir);		/* no records kept */
}

TEST(from_file)
{
	char path[] = "/tmp/mgd-conf-XXXXXX", err[128];
	struct mgd_config c;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(good), write(fd, good, strlen(good)));
	close(fd);
	EXPECT_EQ(0, mgd_config_load(&c, path, err, sizeof(err)));
	unlink(path);
	EXPECT_EQ(-ENOENT, mgd_config_load(&c, path, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, path));
}

static const char base[] =
	"mid gw1:2944\nmgc 192.0.2.20 2944\nrealm access 192.0.2.1 40000-40999\n";

/* Each bad line after a good base: refused, and the message names it. */
TEST(errors)
{
	static const struct {
		const char *line, *says;
	} bad[] = {
		{ "frobnicate 1", "line 4: unknown keyword \"frobnicate\"" },
		{ "mid", "line 4: mid NAME" },
		{ "mid a b", "line 4: mid NAME" },
		{ "listen 192.0.2.1", "line 4: listen ADDRESS PORT" },
		{ "listen 192.0.2.300 2944", "line 4: listen ADDRESS PORT" },
		{ "listen 192.0.2.1 0", "line 4: listen ADDRESS PORT" },
		{ "mgc 192.0.2.1 65536", "line 4: mgc ADDRESS PORT [udp|sctp]" },
		{ "mgc 192.0.2.1 2944 tcp",
		  "line 4: mgc ADDRESS PORT [udp|sctp]" },
		{ "profile threeg", "line 4: profile NAME/VERSION, or none" },
		{ "mwd-ms 600001", "line 4: mwd-ms is 0 .. 600000" },
		{ "realm core 198.51.100.1 30001-30999",
		  "line 4: ports are LO-HI, LO even, 1024 .. 65535" },
		{ "realm core 198.51.100.1 30000-30000",
		  "line 4: ports are LO-HI, LO even, 1024 .. 65535" },
		{ "realm core 198.51.100.1 30000", "line 4: ports are LO-HI" },
		{ "realm core 198.51.100.1 100-200", "line 4: ports are LO-HI" },
		{ "realm core x 30000-30999", "line 4: bad address \"x\"" },
		{ "realm access 198.51.100.1 30000-30999",
		  "line 4: realm access given twice" },
		{ "realm core 192.0.2.1 40998-41999",
		  "line 4: ports overlap those of realm access" },
		{ "realm core 198.51.100.1", "line 4: realm NAME ADDRESS LO-HI" },
		{ "netns a/b", "line 4: netns NAME" },
		{ "realm my-core 198.51.100.1 30000-30999",
		  "line 4: a realm name is a letter, then letters, digits or _ "
		  "(it starts TerminationIDs)" },
		{ "realm 5g 198.51.100.1 30000-30999",
		  "line 4: a realm name is a letter, then letters, digits or _ "
		  "(it starts TerminationIDs)" },
		{ "inactivity -1", "line 4: inactivity is 0 .. 86400" },
		{ "inactivity 86401", "line 4: inactivity is 0 .. 86400" },
		{ "retry-ms 5", "line 4: retry-ms is 10 .. 60000" },
		{ "auth-fail-threshold 0", "line 4: auth-fail-threshold is 1" },
		{ "state-dir run/mgd", "line 4: state-dir /PATH, or none" },
		{ "state-dir", "line 4: state-dir /PATH, or none" },
		{ "own-key-lifetime 2147483649",
		  "line 4: own-key-lifetime is 0 .. 2147483648" },
		{ "a b c d e f g h i", "line 4: too many words" },
		{ "mid caf\xc3\xa9", "line 4: not printable text" },
		{ "realm-policy mars suites AES_CM_128_HMAC_SHA1_80",
		  "line 4: realm-policy REALM" },
		{ "realm-policy access", "line 4: realm-policy REALM" },
		{ "realm-policy access suites F8_128_HMAC_SHA1_80",
		  "line 4: suites: names of srtp_policy.h" },
		{ "realm-policy access params WEAK",
		  "line 4: params: UNENCRYPTED_SRTP" },
		{ "realm-policy access colours red",
		  "line 4: realm-policy takes suites and params" },
	};
	char text[1024], err[128];
	struct mgd_config c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s\n", base, bad[i].line);
		err[0] = '\0';
		EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)))
			TH_LOG("accepted: %s", bad[i].line);
		EXPECT_EQ(0, strncmp(err, bad[i].says, strlen(bad[i].says)))
			TH_LOG("%s: said \"%s\"", bad[i].line, err);
	}
}

/*
 * realm-policy: by default every suite that encrypts and no session
 * parameter; the line replaces what it names.
 */
TEST(realm_policy)
{
	char text[1024], err[128];
	struct mgd_config c;
	const struct mgd_realm *r;

	snprintf(text, sizeof(text), "%s", base);
	ASSERT_EQ(0, mgd_config_parse(&c, text, err, sizeof(err)));
	r = mgd_config_realm(&c, "access");
	ASSERT_NE(NULL, r);
	EXPECT_EQ(MGD_SUITES_DEFAULT, r->suites);
	EXPECT_EQ(0U, r->suites & (1U << MEDIASEC_SUITE_NULL_HMAC_SHA1_80));
	EXPECT_EQ(0U, r->params);
	snprintf(text, sizeof(text), "%srealm-policy access suites "
		 "AEAD_AES_128_GCM,NULL_HMAC_SHA1_80 params "
		 "UNENCRYPTED_SRTCP,UNAUTHENTICATED_SRTP\n", base);
	ASSERT_EQ(0, mgd_config_parse(&c, text, err, sizeof(err)))
		TH_LOG("%s", err);
	r = mgd_config_realm(&c, "access");
	EXPECT_EQ((1U << MEDIASEC_SUITE_AEAD_AES_128_GCM) |
		  (1U << MEDIASEC_SUITE_NULL_HMAC_SHA1_80), r->suites);
	EXPECT_EQ((unsigned int)(SDES_UNENCRYPTED_SRTCP |
				 SDES_UNAUTHENTICATED_SRTP), r->params);
}

/* The transport per MGC, the profile and MaxWaitDelay, with defaults. */
TEST(mgc_transport_profile_mwd)
{
	struct mgd_config c;
	char err[128];

	ASSERT_EQ(0, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n"
				      "mgc 192.0.2.2 2944 sctp\n"
				      "mgc 192.0.2.3 2944 udp\n"
				      "realm core 198.51.100.1 30000-30999\n",
				      err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_FALSE(c.mgc_sctp[0]);
	EXPECT_TRUE(c.mgc_sctp[1]);
	EXPECT_FALSE(c.mgc_sctp[2]);
	EXPECT_STREQ("threegIMSAGW/1", c.profile);
	EXPECT_EQ(3000U, c.mwd_ms);
	ASSERT_EQ(0, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n"
				      "profile none\nmwd-ms 0\n"
				      "realm core 198.51.100.1 30000-30999\n",
				      err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_STREQ("", c.profile);
	EXPECT_EQ(0U, c.mwd_ms);
	ASSERT_EQ(0, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n"
				      "profile vendorX/2\n"
				      "realm core 198.51.100.1 30000-30999\n",
				      err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_STREQ("vendorX/2", c.profile);
}

/* MIKEY-TICKET's KMS: none by default; its identity and key required */
TEST(kms_settings)
{
	static const char base[] = "mid x\nmgc 192.0.2.1 2944\n"
				   "realm core 198.51.100.1 30000-30999\n";
	struct mgd_config c;
	char err[128], text[512];

	ASSERT_EQ(0, mgd_config_parse(&c, base, err, sizeof(err)));
	EXPECT_STREQ("", c.kms_url);
	EXPECT_EQ(3000U, c.kms_timeout_ms);
	snprintf(text, sizeof(text), "%skms https://kms.example.net:8443/mikey\n"
		 "kms-id sip:agw@example.net\nkms-psk-file /etc/m/kms.psk\n"
		 "kms-ca /etc/m/ca.pem\nkms-name kms.example.net\n"
		 "kms-timeout-ms 500\n", base);
	ASSERT_EQ(0, mgd_config_parse(&c, text, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_STREQ("https://kms.example.net:8443/mikey", c.kms_url);
	EXPECT_STREQ("sip:agw@example.net", c.kms_id);
	EXPECT_STREQ("/etc/m/kms.psk", c.kms_psk_file);
	EXPECT_STREQ("/etc/m/ca.pem", c.kms_ca);
	EXPECT_STREQ("kms.example.net", c.kms_name);
	EXPECT_EQ(500U, c.kms_timeout_ms);
	snprintf(text, sizeof(text), "%skms https://k/\n", base);
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "kms needs kms-id and kms-psk-file"));
	snprintf(text, sizeof(text), "%skms ftp://k/\n", base);
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "kms https://"));
	snprintf(text, sizeof(text), "%skms-psk-file kms.psk\n", base);
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)));
}

TEST(metrics_and_ready)
{
	static const char base[] = "mid x\nmgc 192.0.2.1 2944\n"
				   "realm core 198.51.100.1 30000-30999\n";
	const struct sockaddr_in *sin;
	struct mgd_config c;
	char err[128], text[512];

	ASSERT_EQ(0, mgd_config_parse(&c, base, err, sizeof(err)));
	EXPECT_EQ(0, c.metrics.ss_family);	/* no metrics unless asked */
	EXPECT_FALSE(c.ready_registered);	/* READY once set up */
	snprintf(text, sizeof(text), "%smetrics 127.0.0.1 9101\n"
		 "ready registered\n", base);
	ASSERT_EQ(0, mgd_config_parse(&c, text, err, sizeof(err)))
		TH_LOG("%s", err);
	sin = (const struct sockaddr_in *)&c.metrics;
	EXPECT_EQ(AF_INET, sin->sin_family);
	EXPECT_EQ(9101, ntohs(sin->sin_port));
	EXPECT_EQ(htonl(INADDR_LOOPBACK), sin->sin_addr.s_addr);
	EXPECT_TRUE(c.ready_registered);
	snprintf(text, sizeof(text), "%smetrics 127.0.0.1\n", base);
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)));
	EXPECT_STREQ("line 4: metrics ADDRESS PORT", err);
	snprintf(text, sizeof(text), "%sready soon\n", base);
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, text, err, sizeof(err)));
	EXPECT_STREQ("line 4: ready start|registered", err);
}

TEST(required_settings)
{
	struct mgd_config c;
	char err[128];

	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, "", err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "no mid given"));
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, "mid x\n", err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "no mgc given"));
	EXPECT_EQ(-EINVAL, mgd_config_parse(&c, "mid x\nmgc 192.0.2.1 2944\n",
					    err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "no realm given"));
}

TEST_HARNESS_MAIN
