// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SDP / SDES library (userspace/lib/sdp.c, sdes.c): the
 * RFC 4568 examples with their keys checked against OpenSSL's base64, one
 * test per malformed input, H.248 "$" and "-", line ends, bounds, and
 * encode -> parse round trips of every suite.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <openssl/evp.h>

#include "sdp.h"
#include "srtp_policy.h"
#include "kselftest_harness.h"

/* RFC 4568 section 7.1.3 (offer and answer) and section 4. */
#define RFC_KEY1 "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
#define RFC_KEY2 "MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm"
#define RFC_KEY3 "QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5"
#define RFC_ANSWER "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"

static const char rfc_offer[] =
	"v=0\r\n"
	"o=sam 2890844526 2890842807 IN IP4 10.47.16.5\r\n"
	"s=SRTP Discussion\r\n"
	"i=A discussion of Secure RTP\r\n"
	"u=http://www.example.com/seminars/srtp.pdf\r\n"
	"e=marge@example.com (Marge Simpson)\r\n"
	"c=IN IP4 168.2.17.12\r\n"
	"t=2873397496 2873404696\r\n"
	"m=audio 49170 RTP/SAVP 0\r\n"
	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1 "|2^20|1:4\r\n"
	"a=crypto:2 F8_128_HMAC_SHA1_80 inline:" RFC_KEY2 "|2^20|1:4;"
	"inline:" RFC_KEY3 "|2^20|2:4 FEC_ORDER=FEC_SRTP\r\n";

static struct sdp sd;
static char out[8192];

/* The bytes OpenSSL decodes from @b64, independently of sdes.c. */
static int ref_decode(const char *b64, unsigned char *mat)
{
	unsigned char tmp[96];
	size_t n = strlen(b64);
	int len = EVP_DecodeBlock(tmp, (const unsigned char *)b64, (int)n);

	while (len > 0 && n && b64[--n] == '=')
		len--;
	memcpy(mat, tmp, len > 0 ? len : 0);
	return len;
}

static int parse(const char *text, struct sdp_error *e)
{
	return sdp_parse(&sd, text, strlen(text), e);
}

TEST(rfc4568_offer)
{
	struct sdp_error e;
	const struct sdp_media *m;
	unsigned char ref[64];

	ASSERT_EQ(0, parse(rfc_offer, &e));
	ASSERT_TRUE(sd.has_o);
	EXPECT_STREQ("sam 2890844526 2890842807 IN IP4 10.47.16.5", sd.origin);
	EXPECT_STREQ("SRTP Discussion", sd.name);
	EXPECT_EQ(AF_INET, sd.conn.family);
	EXPECT_STREQ("168.2.17.12", sd.conn.addr);
	EXPECT_EQ(2873397496ULL, sd.t_start);
	EXPECT_EQ(2873404696ULL, sd.t_stop);
	ASSERT_EQ(1, sd.nmedia);
	m = &sd.media[0];
	EXPECT_STREQ("audio", m->type);
	EXPECT_EQ(49170, m->port);
	EXPECT_EQ(SDP_PROTO_RTP_SAVP, m->proto);
	EXPECT_STREQ("0", m->fmts);
	ASSERT_EQ(2, m->ncrypto);

	EXPECT_EQ(NULL, m->crypto[0].unsupported);
	EXPECT_EQ(1, m->crypto[0].tag);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, m->crypto[0].suite);
	ASSERT_EQ(1, m->crypto[0].nkeys);
	ASSERT_EQ(30, ref_decode(RFC_KEY1, ref));
	ASSERT_EQ(30, m->crypto[0].keys[0].mat_len);
	EXPECT_EQ(0, memcmp(ref, m->crypto[0].keys[0].mat, 30));
	EXPECT_EQ(1ULL << 20, m->crypto[0].keys[0].lifetime);
	EXPECT_EQ(1, m->crypto[0].keys[0].mki);
	EXPECT_EQ(4, m->crypto[0].keys[0].mki_len);

	/* F8 is not ours: kept, marked, holding no key */
	ASSERT_NE(NULL, m->crypto[1].unsupported);
	EXPECT_STREQ("unsupported crypto suite", m->crypto[1].unsupported);
	EXPECT_EQ(0, m->crypto[1].nkeys);
	sdp_free(&sd);
	EXPECT_EQ(0, sd.media[0].crypto[0].keys[0].mat[0]);
}

TEST(rfc4568_answer_and_two_keys)
{
	struct sdes_crypto c;
	const char *err;
	unsigned char ref[64];

	ASSERT_EQ(0, sdes_parse(&c, "1 AES_CM_128_HMAC_SHA1_80 inline:"
				RFC_ANSWER "|2^20|1:4", &err));
	ASSERT_EQ(30, ref_decode(RFC_ANSWER, ref));
	EXPECT_EQ(0, memcmp(ref, c.keys[0].mat, 30));

	ASSERT_EQ(0, sdes_parse(&c, "2 AES_CM_128_HMAC_SHA1_32 inline:"
				RFC_KEY2 "|2^20|1:4;inline:" RFC_KEY3
				"|2^20|2:4 FEC_ORDER=FEC_SRTP", &err));
	ASSERT_EQ(2, c.nkeys);
	ASSERT_EQ(30, ref_decode(RFC_KEY2, ref));
	EXPECT_EQ(0, memcmp(ref, c.keys[0].mat, 30));
	ASSERT_EQ(30, ref_decode(RFC_KEY3, ref));
	EXPECT_EQ(0, memcmp(ref, c.keys[1].mat, 30));
	EXPECT_EQ(2, c.keys[1].mki);
	EXPECT_EQ(SDES_FEC_FEC_SRTP, c.flags);
	sdes_wipe(&c);
}

/* Section 4's example has a 32-byte MKI: valid RFC 4568, not ours. */
TEST(rfc4568_mki_32_unsupported)
{
	struct sdes_crypto c;
	const char *err;

	EXPECT_EQ(-EOPNOTSUPP, sdes_parse(&c, "1 AES_CM_128_HMAC_SHA1_80 "
			"inline:" RFC_KEY1 "|2^20|1:32", &err));
	EXPECT_STREQ("MKI longer than 4 bytes", err);
}

TEST(session_params)
{
	struct sdes_crypto c;
	const char *err;

	ASSERT_EQ(0, sdes_parse(&c, "7 AES_CM_128_HMAC_SHA1_80 inline:"
			RFC_KEY1 "|1048576 KDR=24 UNENCRYPTED_SRTP "
			"UNENCRYPTED_SRTCP\tUNAUTHENTICATED_SRTP WSH=128 "
			"FEC_ORDER=SRTP_FEC FEC_KEY=inline:" RFC_KEY2, &err));
	EXPECT_EQ(7, c.tag);
	EXPECT_EQ(1048576, c.keys[0].lifetime);
	EXPECT_EQ(0, c.keys[0].mki_len);
	EXPECT_EQ(24, c.kdr);
	EXPECT_EQ(128, c.wsh);
	EXPECT_EQ(SDES_HAS_KDR | SDES_UNENCRYPTED_SRTP |
		  SDES_UNENCRYPTED_SRTCP | SDES_UNAUTHENTICATED_SRTP |
		  SDES_HAS_WSH | SDES_FEC_SRTP_FEC | SDES_HAS_FEC_KEY, c.flags);
	ASSERT_EQ(0, sdes_parse(&c, "999999999 AES_CM_128_HMAC_SHA1_80 "
				"inline:" RFC_KEY1 "|1:1", &err));
	EXPECT_EQ(999999999, c.tag);
	EXPECT_EQ(1, c.keys[0].mki_len);
	EXPECT_EQ(0, c.keys[0].lifetime);
}

/* One a=crypto value that sdes_parse() must refuse with @code. */
#define BAD_CRYPTO(name, code, text)					\
TEST(crypto_##name)							\
{									\
	struct sdes_crypto c;						\
	const char *err = NULL;						\
									\
	memset(&c, 0x5a, sizeof(c));					\
	EXPECT_EQ(code, sdes_parse(&c, text, &err));			\
	EXPECT_NE(NULL, err);						\
	EXPECT_EQ(0, c.keys[0].mat[0]);	/* wiped */			\
}

#define S80 "1 AES_CM_128_HMAC_SHA1_80 "
BAD_CRYPTO(bad_base64_char, -EINVAL,
	   S80 "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!")
BAD_CRYPTO(bad_base64_length, -EINVAL,
	   S80 "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB")
BAD_CRYPTO(bad_base64_no_padding, -EINVAL,
	   "1 AEAD_AES_128_GCM inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
BAD_CRYPTO(bad_base64_pad_inside, -EINVAL,
	   S80 "inline:PS1uQCVeeCFCanVm=jkpPywjNWhcYD0mXXtxaVBR")
BAD_CRYPTO(bad_base64_noncanonical, -EINVAL,
	   "1 AEAD_AES_128_GCM inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB==")
BAD_CRYPTO(wrong_key_length, -EINVAL,
	   "1 AES_256_CM_HMAC_SHA1_80 inline:" RFC_KEY1)
BAD_CRYPTO(lifetime_zero, -EINVAL, S80 "inline:" RFC_KEY1 "|0")
BAD_CRYPTO(lifetime_pow_too_big, -EINVAL, S80 "inline:" RFC_KEY1 "|2^49")
BAD_CRYPTO(lifetime_pow_empty, -EINVAL, S80 "inline:" RFC_KEY1 "|2^")
BAD_CRYPTO(lifetime_letters, -EINVAL, S80 "inline:" RFC_KEY1 "|2^2x")
BAD_CRYPTO(lifetime_too_big, -EINVAL,
	   S80 "inline:" RFC_KEY1 "|281474976710657")
BAD_CRYPTO(mki_too_long, -EOPNOTSUPP, S80 "inline:" RFC_KEY1 "|1:5")
BAD_CRYPTO(mki_length_zero, -EINVAL, S80 "inline:" RFC_KEY1 "|1:0")
BAD_CRYPTO(mki_length_129, -EINVAL, S80 "inline:" RFC_KEY1 "|1:129")
BAD_CRYPTO(mki_value_too_big, -EINVAL, S80 "inline:" RFC_KEY1 "|256:1")
BAD_CRYPTO(mki_no_length, -EINVAL, S80 "inline:" RFC_KEY1 "|2^20|7")
BAD_CRYPTO(too_many_bars, -EINVAL, S80 "inline:" RFC_KEY1 "|2^20|1:4|1")
BAD_CRYPTO(two_keys_without_mki, -EINVAL,
	   S80 "inline:" RFC_KEY1 ";inline:" RFC_KEY2)
BAD_CRYPTO(two_keys_one_mki, -EINVAL,
	   S80 "inline:" RFC_KEY1 "|1:4;inline:" RFC_KEY2 "|1:4")
BAD_CRYPTO(empty_key_param, -EINVAL, S80 "inline:" RFC_KEY1 "|1:4;")
BAD_CRYPTO(too_many_keys, -EINVAL,
	   S80 "inline:" RFC_KEY1 "|1:1;inline:" RFC_KEY1 "|2:1;inline:"
	   RFC_KEY1 "|3:1;inline:" RFC_KEY1 "|4:1;inline:" RFC_KEY1 "|5:1")
BAD_CRYPTO(unknown_suite, -EOPNOTSUPP,
	   "1 AES_CM_128_HMAC_SHA1_81 inline:" RFC_KEY1)
BAD_CRYPTO(suite_wrong_case, -EOPNOTSUPP,
	   "1 aes_cm_128_hmac_sha1_80 inline:" RFC_KEY1)
BAD_CRYPTO(unknown_key_method, -EOPNOTSUPP, S80 "uri:http://x/key")
BAD_CRYPTO(unknown_session_param, -EOPNOTSUPP,
	   S80 "inline:" RFC_KEY1 " FOO=1")
BAD_CRYPTO(kdr_25, -EINVAL, S80 "inline:" RFC_KEY1 " KDR=25")
BAD_CRYPTO(kdr_empty, -EINVAL, S80 "inline:" RFC_KEY1 " KDR=")
BAD_CRYPTO(wsh_63, -EINVAL, S80 "inline:" RFC_KEY1 " WSH=63")
BAD_CRYPTO(fec_order_bad, -EINVAL, S80 "inline:" RFC_KEY1 " FEC_ORDER=X")
BAD_CRYPTO(fec_key_bad, -EINVAL, S80 "inline:" RFC_KEY1 " FEC_KEY=inline:x")
BAD_CRYPTO(aead_unauthenticated, -EINVAL,
	   "1 AEAD_AES_128_GCM inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA== "
	   "UNAUTHENTICATED_SRTP")
BAD_CRYPTO(tag_0, -EINVAL, "0 AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1)
BAD_CRYPTO(tag_10_digits, -EINVAL,
	   "1000000000 AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1)
BAD_CRYPTO(tag_not_number, -EINVAL,
	   "x AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1)
BAD_CRYPTO(missing_key_params, -EINVAL, "1 AES_CM_128_HMAC_SHA1_80")
BAD_CRYPTO(missing_all, -EINVAL, "")
BAD_CRYPTO(leading_space, -EINVAL, " " S80 "inline:" RFC_KEY1)
BAD_CRYPTO(inline_empty, -EINVAL, S80 "inline:")
BAD_CRYPTO(control_char, -EINVAL, S80 "inline:" RFC_KEY1 "\r")

/* One SDP that sdp_parse() must refuse with @code at line @line. */
#define BAD_SDP(name, code, line_no, text)				\
TEST(sdp_##name)							\
{									\
	struct sdp_error e;						\
									\
	EXPECT_EQ(code, parse(text, &e));				\
	EXPECT_EQ(line_no, e.line);					\
	EXPECT_NE(NULL, e.msg);						\
	EXPECT_EQ(0, sd.nmedia);	/* wiped */			\
}

#define M0 "m=audio 4000 RTP/SAVP 0\n"
#define CRY(t) "a=crypto:" #t " AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1 "\n"
BAD_SDP(empty, -EINVAL, 0, "")
BAD_SDP(missing_v, -EINVAL, 1, "o=- 1 1 IN IP4 1.2.3.4\nv=0\n")
BAD_SDP(v_1, -EINVAL, 1, "v=1\n")
BAD_SDP(two_v, -EINVAL, 2, "v=0\nv=0\n")
BAD_SDP(not_type_value, -EINVAL, 2, "v=0\nhello\n")
BAD_SDP(upper_type, -EINVAL, 2, "v=0\nM=audio 1 RTP/AVP 0\n")
BAD_SDP(non_printable, -EINVAL, 2, "v=0\ns=a\x01z\n")
BAD_SDP(high_byte, -EINVAL, 2, "v=0\ns=caf\xc3\xa9\n")
BAD_SDP(bare_cr, -EINVAL, 2, "v=0\ns=a\rb\n")
BAD_SDP(line_too_long, -E2BIG, 2, "v=0\ns="
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"\n")
BAD_SDP(c_missing_address, -EINVAL, 2, "v=0\nc=IN IP4\n")
BAD_SDP(c_bad_address, -EINVAL, 2, "v=0\nc=IN IP4 1.2.3.4!\n")
BAD_SDP(c_not_ip4, -EOPNOTSUPP, 2, "v=0\nc=IN IP4 1.2.3.256\n")
BAD_SDP(c_hostname, -EOPNOTSUPP, 2, "v=0\nc=IN IP4 host.example.com\n")
BAD_SDP(c_multicast_ttl, -EOPNOTSUPP, 2, "v=0\nc=IN IP4 224.2.1.1/127\n")
BAD_SDP(c_nettype, -EOPNOTSUPP, 2, "v=0\nc=ATM NSAP 1\n")
BAD_SDP(c_addrtype, -EOPNOTSUPP, 2, "v=0\nc=IN IPX 1\n")
BAD_SDP(c_twice, -EINVAL, 3, "v=0\nc=IN IP4 $\nc=IN IP4 $\n")
BAD_SDP(t_bad, -EINVAL, 2, "v=0\nt=0\n")
BAD_SDP(m_no_formats, -EINVAL, 2, "v=0\nm=audio 4000 RTP/AVP\n")
BAD_SDP(m_bad_port, -EINVAL, 2, "v=0\nm=audio 65536 RTP/AVP 0\n")
BAD_SDP(m_bad_count, -EINVAL, 2, "v=0\nm=audio 4000/0 RTP/AVP 0\n")
BAD_SDP(m_bad_pt, -EINVAL, 2, "v=0\nm=audio 4000 RTP/AVP 128\n")
BAD_SDP(m_choose_count, -EINVAL, 2, "v=0\nm=audio $/2 RTP/AVP 0\n")
BAD_SDP(m_too_many, -E2BIG, 6, "v=0\n" M0 M0 M0 M0 M0)
BAD_SDP(m_too_many_formats, -E2BIG, 2, "v=0\nm=audio 1 RTP/AVP"
	" 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23"
	" 24 25 26 27 28 29 30 31 32\n")
BAD_SDP(too_many_crypto, -E2BIG, 11, "v=0\n" M0 CRY(1) CRY(2) CRY(3)
	CRY(4) CRY(5) CRY(6) CRY(7) CRY(8) CRY(9))
BAD_SDP(crypto_syntax, -EINVAL, 3, "v=0\n" M0 "a=crypto:1 X\n")
BAD_SDP(crypto_no_value, -EINVAL, 3, "v=0\n" M0 "a=crypto\n")
BAD_SDP(crypto_same_tag, -EINVAL, 4, "v=0\n" M0 CRY(1) CRY(1))
BAD_SDP(two_directions, -EINVAL, 4, "v=0\n" M0 "a=sendonly\na=recvonly\n")
BAD_SDP(direction_value, -EINVAL, 3, "v=0\n" M0 "a=sendonly:1\n")
BAD_SDP(rtcp_bad, -EINVAL, 3, "v=0\n" M0 "a=rtcp:x\n")
BAD_SDP(rtcp_port_0, -EINVAL, 3, "v=0\n" M0 "a=rtcp:0\n")
BAD_SDP(rtcp_addr_bad, -EINVAL, 3, "v=0\n" M0 "a=rtcp:4001 IN IP4\n")
BAD_SDP(rtcp_addr_choose, -EINVAL, 3, "v=0\n" M0 "a=rtcp:4001 IN IP4 $\n")

/* a=rtcp with trailing blanks, or a domain name: the port, no address. */
TEST(rtcp_port_only_forms)
{
	static const char *const forms[] = {
		"a=rtcp:4001 \n", "a=rtcp:4001 IN IP4 rtcp.example.net\n",
	};
	struct sdp *s = calloc(1, sizeof(*s));
	char text[256];
	size_t i;

	ASSERT_NE(NULL, s);
	for (i = 0; i < 2; i++) {
		snprintf(text, sizeof(text), "v=0\n" M0 "%s", forms[i]);
		memset(s, 0, sizeof(*s));
		ASSERT_EQ(0, sdp_parse(s, text, strlen(text), NULL))
			TH_LOG("%s", forms[i]);
		EXPECT_TRUE(s->media[0].has_rtcp);
		EXPECT_EQ(4001, s->media[0].rtcp_port);
		EXPECT_FALSE(s->media[0].rtcp_conn.present);
		sdp_free(s);
	}
	free(s);
}
BAD_SDP(ptime_bad, -EINVAL, 3, "v=0\n" M0 "a=ptime:0\n")
BAD_SDP(ptime_fraction, -EOPNOTSUPP, 3, "v=0\n" M0 "a=ptime:22.5\n")
BAD_SDP(attr_name, -EINVAL, 3, "v=0\n" M0 "a=:x\n")
BAD_SDP(o_in_media, -EINVAL, 3, "v=0\n" M0 "o=x\n")

TEST(sdp_nul_byte)
{
	static const char text[] = "v=0\ns=a\0b\n";
	struct sdp_error e;

	EXPECT_EQ(-EINVAL, sdp_parse(&sd, text, sizeof(text) - 1, &e));
	EXPECT_EQ(2, e.line);
	EXPECT_STREQ("byte that is not printable ASCII", e.msg);
}

TEST(crlf_lf_and_h248_layout)
{
	static const char lf[] =
		"v=0\nc=IN IP4 $\nm=audio $ RTP/AVP 0\n";
	static const char crlf[] =
		"v=0\r\nc=IN IP4 $\r\nm=audio $ RTP/AVP 0\r\n";
	static const char h248[] =
		"\n    v=0\r\n\t c=IN IP4 $\n\n  m=audio $ RTP/AVP 0";
	const char *const texts[] = { lf, crlf, h248 };
	struct sdp_error e;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, parse(texts[i], &e)) TH_LOG("%u: %s", i, e.msg);
		EXPECT_TRUE(sd.conn.present);
		EXPECT_EQ(SDP_CHOOSE, sd.conn.flags);
		EXPECT_STREQ("", sd.conn.addr);
		ASSERT_EQ(1, sd.nmedia);
		EXPECT_EQ(SDP_CHOOSE, sd.media[0].port_flags);
		EXPECT_EQ(SDP_PROTO_RTP_AVP, sd.media[0].proto);
		EXPECT_FALSE(sd.has_o);
	}
}

TEST(unspecified_and_ip6)
{
	struct sdp_error e;

	ASSERT_EQ(0, parse("v=0\nc=IN IP6 -\nm=audio - RTP/AVP 8\n"
			   "c=IN IP6 2001:db8::1\n", &e));
	EXPECT_EQ(SDP_UNSPEC, sd.conn.flags);
	EXPECT_EQ(AF_INET6, sd.conn.family);
	EXPECT_EQ(SDP_UNSPEC, sd.media[0].port_flags);
	EXPECT_STREQ("2001:db8::1", sd.media[0].conn.addr);
	EXPECT_EQ(0, sd.media[0].conn.flags);
}

TEST(two_media_and_attributes)
{
	static const char text[] =
		"v=0\n"
		"o=- 1 1 IN IP4 192.0.2.1\n"
		"s=-\n"
		"c=IN IP4 192.0.2.1\n"
		"t=0 0\n"
		"a=recvonly\n"
		"a=group:BUNDLE a v\n"
		"m=audio 4000/2 RTP/SAVP 0 8 101\n"
		"a=rtpmap:101 telephone-event/8000\n"
		"a=ptime:20\n"
		"a=rtcp:4001 IN IP4 192.0.2.1\n"
		"a=rtcp-mux\n"
		"a=sendonly\n"
		"a=label:1\n"
		"a=crypto:3 AEAD_AES_256_GCM inline:"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
		"m=image 5000 udptl t38\n"
		"c=IN IP4 198.51.100.7\n"
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1 "\n"
		"a=inactive\n";
	const struct sdp_media *a = &sd.media[0], *i = &sd.media[1];
	struct sdp_error e;

	ASSERT_EQ(0, parse(text, &e)) TH_LOG("line %u: %s", e.line, e.msg);
	EXPECT_EQ(SDP_DIR_RECVONLY, sd.dir);
	EXPECT_EQ(1, sd.unknown.count);
	EXPECT_STREQ("group:BUNDLE a v", sd.unknown.text[0]);
	ASSERT_EQ(2, sd.nmedia);
	EXPECT_EQ(4000, a->port);
	EXPECT_EQ(2, a->nports);
	EXPECT_STREQ("0 8 101", a->fmts);
	EXPECT_EQ(3, a->nfmts);
	EXPECT_EQ(1, a->rtpmap.count);
	EXPECT_STREQ("101 telephone-event/8000", a->rtpmap.text[0]);
	EXPECT_EQ(20, a->ptime);
	EXPECT_TRUE(a->has_rtcp);
	EXPECT_EQ(4001, a->rtcp_port);
	EXPECT_TRUE(a->rtcp_conn.present);	/* RFC 3605's address */
	EXPECT_EQ(AF_INET, a->rtcp_conn.family);
	EXPECT_STREQ("192.0.2.1", a->rtcp_conn.addr);
	EXPECT_TRUE(a->rtcp_mux);
	EXPECT_EQ(SDP_DIR_SENDONLY, a->dir);
	EXPECT_EQ(1, a->unknown.count);
	EXPECT_STREQ("label:1", a->unknown.text[0]);
	ASSERT_EQ(1, a->ncrypto);
	EXPECT_EQ(MEDIASEC_SUITE_AEAD_AES_256_GCM, a->crypto[0].suite);
	EXPECT_EQ(44, a->crypto[0].keys[0].mat_len);

	EXPECT_STREQ("image", i->type);
	EXPECT_EQ(SDP_PROTO_OTHER, i->proto);
	EXPECT_STREQ("udptl", i->proto_text);
	EXPECT_STREQ("t38", i->fmts);
	EXPECT_STREQ("198.51.100.7", i->conn.addr);
	EXPECT_EQ(SDP_DIR_INACTIVE, i->dir);
	EXPECT_EQ(1, i->ncrypto);
	sdp_free(&sd);
}

static void fill_media(struct sdp_media *m, unsigned int suite,
		       unsigned int variant)
{
	struct sdes_crypto *c = &m->crypto[0];
	unsigned int kl, sl, i, k;

	strcpy(m->type, "audio");
	m->port = 40000 + suite;
	m->proto = SDP_PROTO_RTP_SAVP;
	strcpy(m->proto_text, "RTP/SAVP");
	strcpy(m->fmts, "0 101");
	m->nfmts = 2;
	m->rtcp_mux = true;
	m->dir = SDP_DIR_SENDRECV;
	m->ncrypto = 1;
	c->tag = suite;
	c->suite = suite;
	c->nkeys = variant == 2 ? 2 : 1;
	sdes_suite_lengths(suite, &kl, &sl);
	for (k = 0; k < c->nkeys; k++) {
		c->keys[k].mat_len = kl + sl;
		for (i = 0; i < kl + sl; i++)
			c->keys[k].mat[i] = (uint8_t)(i * 37 + suite + k * 11);
	}
	if (variant == 1) {
		c->keys[0].lifetime = 1ULL << 31;
		c->keys[0].mki = 0xfffffffe;
		c->keys[0].mki_len = 4;
		c->flags = SDES_HAS_KDR | SDES_UNENCRYPTED_SRTCP;
		c->kdr = 16;
	}
	if (variant == 2) {
		c->keys[0].lifetime = 1000;
		c->keys[0].mki = 1;
		c->keys[0].mki_len = 2;
		c->keys[1].mki = 2;
		c->keys[1].mki_len = 2;
		c->flags = SDES_HAS_WSH;
		c->wsh = 1024;
	}
}

TEST(round_trip_every_suite)
{
	static struct sdp in;
	struct sdp_error e;
	unsigned int suite, v, k;
	int n;

	for (suite = 1; suite <= MEDIASEC_SUITE_MAX; suite++) {
		for (v = 0; v < 3; v++) {
			memset(&in, 0, sizeof(in));
			in.conn.present = true;
			in.conn.family = AF_INET;
			strcpy(in.conn.addr, "192.0.2.10");
			in.nmedia = 2;
			fill_media(&in.media[0], suite, v);
			fill_media(&in.media[1], suite, (v + 1) % 3);
			in.media[1].port_flags = SDP_CHOOSE;
			n = sdp_encode(&in, out, sizeof(out));
			ASSERT_GT(n, 0) TH_LOG("suite %u: %d", suite, n);
			ASSERT_EQ(strlen(out), (size_t)n);
			ASSERT_EQ(0, parse(out, &e))
				TH_LOG("suite %u line %u: %s", suite, e.line,
				       e.msg);
			ASSERT_EQ(2, sd.nmedia);
			EXPECT_EQ(SDP_CHOOSE, sd.media[1].port_flags);
			for (k = 0; k < 2; k++) {
				const struct sdes_crypto *a, *b;

				a = &in.media[k].crypto[0];
				b = &sd.media[k].crypto[0];
				ASSERT_EQ(1, sd.media[k].ncrypto);
				EXPECT_EQ(NULL, b->unsupported);
				EXPECT_EQ(a->tag, b->tag);
				EXPECT_EQ(a->suite, b->suite);
				EXPECT_EQ(a->flags, b->flags);
				EXPECT_EQ(a->kdr, b->kdr);
				EXPECT_EQ(a->wsh, b->wsh);
				ASSERT_EQ(a->nkeys, b->nkeys);
				EXPECT_EQ(0, memcmp(a->keys, b->keys,
						    sizeof(a->keys)));
				EXPECT_TRUE(sd.media[k].rtcp_mux);
				EXPECT_EQ(SDP_DIR_SENDRECV, sd.media[k].dir);
				EXPECT_STREQ("0 101", sd.media[k].fmts);
			}
			EXPECT_NE(NULL, strstr(out, ms_srtp_policy(suite)->name));
		}
	}
	sdp_free(&in);
	sdp_free(&sd);
	OPENSSL_cleanse(out, sizeof(out));
}

TEST(encode_exact_text)
{
	static struct sdp in;
	static const char want[] =
		"v=0\r\ns=-\r\nc=IN IP4 $\r\nt=0 0\r\n"
		"m=audio $ RTP/SAVP 0\r\n"
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFC_KEY1
		"|2^20|1:4\r\n"
		"a=rtcp-mux\r\na=sendrecv\r\n";
	struct sdes_crypto *c = &in.media[0].crypto[0];
	const char *err;

	in.conn.present = true;
	in.conn.family = AF_INET;
	in.conn.flags = SDP_CHOOSE;
	in.nmedia = 1;
	strcpy(in.media[0].type, "audio");
	in.media[0].port_flags = SDP_CHOOSE;
	strcpy(in.media[0].proto_text, "RTP/SAVP");
	strcpy(in.media[0].fmts, "0");
	in.media[0].rtcp_mux = true;
	in.media[0].dir = SDP_DIR_SENDRECV;
	in.media[0].ncrypto = 1;
	ASSERT_EQ(0, sdes_parse(c, "1 AES_CM_128_HMAC_SHA1_80 inline:"
				RFC_KEY1 "|1048576|1:4", &err));
	ASSERT_EQ((int)strlen(want), sdp_encode(&in, out, sizeof(out)));
	EXPECT_STREQ(want, out);
	sdp_free(&in);
}

TEST(encode_enospc_wipes)
{
	static struct sdp in;
	char small[512];
	size_t cap;
	int n, full;

	fill_media(&in.media[0], MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80, 1);
	in.nmedia = 1;
	full = sdp_encode(&in, out, sizeof(out));
	ASSERT_GT(full, 0);
	ASSERT_LT(full, (int)sizeof(small));
	for (cap = 0; cap <= (size_t)full; cap++) {
		memset(small, 'Q', sizeof(small));
		n = sdp_encode(&in, small, cap);
		ASSERT_EQ(-ENOSPC, n) TH_LOG("cap %zu", cap);
		if (cap)
			EXPECT_EQ(NULL, memmem(small, cap, "inline:", 7));
	}
	EXPECT_EQ(full, sdp_encode(&in, small, full + 1));
	sdp_free(&in);
}

TEST(encode_refuses_bad_input)
{
	static struct sdp in;

	fill_media(&in.media[0], MEDIASEC_SUITE_AEAD_AES_128_GCM, 0);
	in.nmedia = 1;
	in.media[0].crypto[0].keys[0].mat_len = 30;	/* GCM wants 28 */
	EXPECT_EQ(-EINVAL, sdp_encode(&in, out, sizeof(out)));
	fill_media(&in.media[0], MEDIASEC_SUITE_AEAD_AES_128_GCM, 0);
	strcpy(in.media[0].fmts, "0\r\na=evil");
	EXPECT_EQ(-EINVAL, sdp_encode(&in, out, sizeof(out)));
	fill_media(&in.media[0], MEDIASEC_SUITE_AEAD_AES_128_GCM, 0);
	in.media[0].crypto[0].tag = 0;
	EXPECT_EQ(-EINVAL, sdp_encode(&in, out, sizeof(out)));
	sdp_free(&in);
}

TEST(unknown_attributes_not_echoed)
{
	struct sdp_error e;
	int n;

	ASSERT_EQ(0, parse("v=0\nm=audio 1 RTP/AVP 0\na=x-secret:1\n"
			   "a=crypto:1 FOO inline:zz\n", &e));
	EXPECT_EQ(1, sd.media[0].unknown.count);
	EXPECT_NE(NULL, sd.media[0].crypto[0].unsupported);
	n = sdp_encode(&sd, out, sizeof(out));
	ASSERT_GT(n, 0);
	EXPECT_EQ(NULL, strstr(out, "x-secret"));
	EXPECT_EQ(NULL, strstr(out, "a=crypto"));
}

/*
 * H.248.77 7.2 wildcarding in a Local: "$" for the tag, the suite or the
 * key-params ("$" or "inline:$"), kept as such and written back as such;
 * a key with the suite left open is refused.
 */
TEST(crypto_choose_fields)
{
	struct sdp_error e;
	const struct sdes_crypto *c;
	int n;

	ASSERT_EQ(0, parse("v=0\nm=audio $ RTP/SAVP 0\n"
			   "a=crypto:$ $ inline:$\n"
			   "a=crypto:2 AES_CM_128_HMAC_SHA1_32 $ "
			   "UNENCRYPTED_SRTCP\n", &e)) TH_LOG("%s", e.msg);
	ASSERT_EQ(2U, sd.media[0].ncrypto);
	c = &sd.media[0].crypto[0];
	EXPECT_EQ(SDES_CHOOSE_TAG | SDES_CHOOSE_SUITE | SDES_CHOOSE_KEY,
		  c->choose);
	EXPECT_EQ(0U, c->nkeys);
	c = &sd.media[0].crypto[1];
	EXPECT_EQ((unsigned int)SDES_CHOOSE_KEY, c->choose);
	EXPECT_EQ(2U, c->tag);
	EXPECT_EQ(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32, c->suite);
	EXPECT_TRUE(c->flags & SDES_UNENCRYPTED_SRTCP);
	n = sdp_encode(&sd, out, sizeof(out));
	ASSERT_GT(n, 0);
	EXPECT_NE(NULL, strstr(out, "a=crypto:$ $ inline:$\r\n"));
	EXPECT_NE(NULL, strstr(out, "a=crypto:2 AES_CM_128_HMAC_SHA1_32 "
				    "inline:$ UNENCRYPTED_SRTCP\r\n"));
	EXPECT_NE(0, parse("v=0\nm=audio 1 RTP/SAVP 0\n"
			   "a=crypto:1 $ inline:" "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
			   "\n", &e));
}

/* a=fmtp (RFC 4566 6): kept per m= section and written back. */
TEST(fmtp_kept)
{
	struct sdp_error e;
	int n;

	ASSERT_EQ(0, parse("v=0\nm=audio 1 RTP/AVP 97\n"
			   "a=rtpmap:97 telephone-event/8000\n"
			   "a=fmtp:97 0-15\n", &e));
	ASSERT_EQ(1U, sd.media[0].fmtp.count);
	EXPECT_STREQ("97 0-15", sd.media[0].fmtp.text[0]);
	EXPECT_EQ(0U, sd.media[0].unknown.count);
	n = sdp_encode(&sd, out, sizeof(out));
	ASSERT_GT(n, 0);
	EXPECT_NE(NULL, strstr(out, "a=fmtp:97 0-15\r\n"));
}

TEST_HARNESS_MAIN
