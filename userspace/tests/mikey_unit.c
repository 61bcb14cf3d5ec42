// SPDX-License-Identifier: GPL-2.0
/*
 * The MIKEY codec (userspace/lib/mikey.c, mikey_out.c): a message written
 * byte by byte from the layouts of RFC 3830 6 is read field by field; a
 * MIKEY-TICKET TRANSFER_INIT with every payload the codec writes (RFC
 * 6043 6: GENERIC-ID map, TR, IDR, RANDR, SP, TICKET with its TP Data,
 * KEMAC, V) reads back as written and writes again to the same bytes;
 * the key data of a KEMAC likewise; and what the RFCs do not allow is
 * refused with its reason: another version, unknown types and lengths, a
 * payload repeated, a message cut short at every length or followed by a
 * byte.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "mikey.h"

/* HDR (TRANSFER_INIT, no CS), T (NTP-UTC), RAND (16 bytes), V (SHA-1). */
static const uint8_t small[] = {
	0x01, 0x0e, 0x05, 0x81, 0x12, 0x34, 0x56, 0x78, 0x00, 0x01,
	0x0b, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,
	0x09, 0x10, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
	0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static struct mikey_msg m, m2;

TEST(small_message_read_field_by_field)
{
	const char *why = NULL;
	const struct mikey_pl *p;

	ASSERT_EQ(0, mikey_parse(small, sizeof(small), &m, &why)) TH_LOG("%s", why);
	EXPECT_EQ(MIKEY_DT_TRANSFER_INIT, m.hdr.data_type);
	EXPECT_TRUE(m.hdr.v);
	EXPECT_EQ(MIKEY_PRF_HMAC_SHA256, m.hdr.prf);
	EXPECT_EQ(0x12345678U, m.hdr.csb_id);
	EXPECT_EQ(0, m.hdr.ncs);
	EXPECT_EQ(MIKEY_MAP_EMPTY, m.hdr.map_type);
	ASSERT_EQ(3U, m.chain.n);
	p = &m.chain.pl[0];
	EXPECT_EQ(MIKEY_PT_T, p->type);
	EXPECT_EQ(MIKEY_TS_NTP_UTC, p->kind);
	EXPECT_EQ(8, p->data.len);
	EXPECT_EQ(8, p->data.p[7]);
	p = &m.chain.pl[1];
	EXPECT_EQ(MIKEY_PT_RAND, p->type);
	EXPECT_EQ(16, p->data.len);
	p = &m.chain.pl[2];
	EXPECT_EQ(MIKEY_PT_V, p->type);
	EXPECT_EQ(MIKEY_MAC_HMAC_SHA1_160, p->kind);
	EXPECT_EQ(20, p->mac.len);
	EXPECT_EQ(sizeof(small) - 20, p->mac_off);
	EXPECT_EQ(p, mikey_find(&m.chain, MIKEY_PT_V, 0));
	EXPECT_EQ(NULL, mikey_find(&m.chain, MIKEY_PT_KEMAC, 0));
}

static const uint8_t ts[8] = { 0xe9, 1, 2, 3, 4, 5, 6, 7 };
static const uint8_t rand_i[16] = { 0x52, 0x41, 0x4e, 0x44, 0x49 };
static const uint8_t spi1[4] = { 0, 0, 0, 1 };
static const uint8_t pols[2] = { 1, 2 };
static const uint8_t sp_params[] = { 0, 1, 1, 1, 1, 16, 2, 1, 1, 4, 1, 14 };
static const uint8_t encr[] = { 0xde, 0xad, 0xbe, 0xef, 0x01 };

/* TP Data: IDRkms, TRs, TRe, two IDRr (RFC 6043 6.10). */
static size_t tp_data(uint8_t *buf, size_t cap)
{
	struct mikey_out o;

	mikey_out_init(&o, buf, cap);
	mikey_put_first(&o);
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_KMS, 1,
		     (const uint8_t *)"kms.example", 11);
	mikey_put_t(&o, MIKEY_ROLE_R, MIKEY_TS_NTP_UTC_32, ts);
	mikey_put_t(&o, MIKEY_ROLE_KMS, MIKEY_TS_NTP_UTC_32, ts + 4);
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_R, 1,
		     (const uint8_t *)"sip:b@x", 7);
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_R, 1,
		     (const uint8_t *)"sip:mrfp@x", 10);
	return o.overflow ? 0 : o.len;
}

/* A TRANSFER_INIT with every payload the codec writes. */
static size_t transfer_init(uint8_t *buf, size_t cap, long *v_at)
{
	uint8_t tp[128];
	struct mikey_hdr h = {
		.data_type = MIKEY_DT_TRANSFER_INIT,
		.prf = MIKEY_PRF_MIKEY_1,
		.csb_id = 0xcafe0001,
		.map_type = MIKEY_MAP_GENERIC_ID,
		.ncs = 2,
	};
	struct mikey_pl t = {
		.ticket_type = 1, .subtype = 1, .version = 1,
		.tp_prf = MIKEY_PRF_HMAC_SHA256,
		.flags = MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_N |
			 MIKEY_TP_O,
		.ticket = { (const uint8_t *)"opaque-ticket", 13 },
	};
	struct mikey_out o;

	h.cs[0] = (struct mikey_cs){ .cs_id = 1, .prot = 0, .npol = 1,
				     .pol = pols, .ssrc = 0x11223344 };
	h.cs[1] = (struct mikey_cs){ .cs_id = 2, .prot = 0, .npol = 2,
				     .pol = pols, .ssrc = 0x55667788,
				     .has_roc_seq = true, .roc = 7,
				     .seq = 0xfffe, .spi_len = 4,
				     .spi = spi1 };
	t.data.len = (uint16_t)tp_data(tp, sizeof(tp));
	t.data.p = tp;
	mikey_out_init(&o, buf, cap);
	mikey_put_hdr(&o, &h);
	mikey_put_t(&o, 0, MIKEY_TS_NTP_UTC, ts);
	mikey_put_rand(&o, MIKEY_ROLE_I, rand_i, sizeof(rand_i));
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_I, 1,
		     (const uint8_t *)"sip:a@x", 7);
	mikey_put_id(&o, MIKEY_PT_IDR, MIKEY_ROLE_R, 1,
		     (const uint8_t *)"sip:b@x", 7);
	mikey_put_sp(&o, 1, 0, sp_params, sizeof(sp_params));
	mikey_put_sp(&o, 2, 0, sp_params, 6);
	mikey_put_tp(&o, true, &t);
	mikey_put_kemac(&o, MIKEY_ENCR_AES_CM_128, encr, sizeof(encr),
			MIKEY_MAC_NULL);
	*v_at = mikey_put_v(&o, MIKEY_MAC_HMAC_SHA256_256);
	return o.overflow ? 0 : o.len;
}

/* @m written again from what was read. */
static size_t write_back(const struct mikey_msg *mm, uint8_t *buf, size_t cap)
{
	struct mikey_out o;

	mikey_out_init(&o, buf, cap);
	mikey_put_hdr(&o, &mm->hdr);
	if (mikey_put_chain(&o, &mm->chain))
		return 0;
	return o.overflow ? 0 : o.len;
}

TEST(transfer_init_reads_back_as_written)
{
	static uint8_t buf[1024], again[1024];
	const struct mikey_pl *p;
	struct mikey_chain tp;
	const char *why = NULL;
	size_t n;
	long v_at;

	n = transfer_init(buf, sizeof(buf), &v_at);
	ASSERT_LT(0U, n);
	ASSERT_EQ((long)n - 32, v_at);
	ASSERT_EQ(0, mikey_parse(buf, n, &m, &why)) TH_LOG("%s", why);
	EXPECT_EQ(0xcafe0001U, m.hdr.csb_id);
	ASSERT_EQ(2, m.hdr.ncs);
	EXPECT_EQ(1, m.hdr.cs[0].cs_id);
	EXPECT_EQ(0x11223344U, m.hdr.cs[0].ssrc);
	EXPECT_FALSE(m.hdr.cs[0].has_roc_seq);
	EXPECT_EQ(0, m.hdr.cs[0].spi_len);
	EXPECT_EQ(2, m.hdr.cs[1].npol);
	EXPECT_EQ(2, m.hdr.cs[1].pol[1]);
	EXPECT_EQ(7U, m.hdr.cs[1].roc);
	EXPECT_EQ(0xfffe, m.hdr.cs[1].seq);
	ASSERT_EQ(4, m.hdr.cs[1].spi_len);
	EXPECT_EQ(1, m.hdr.cs[1].spi[3]);
	ASSERT_EQ(9U, m.chain.n);
	p = mikey_find(&m.chain, MIKEY_PT_RANDR, MIKEY_ROLE_I);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, memcmp(p->data.p, rand_i, 16));
	p = mikey_find(&m.chain, MIKEY_PT_IDR, MIKEY_ROLE_R);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, memcmp(p->data.p, "sip:b@x", 7));
	p = mikey_find(&m.chain, MIKEY_PT_TICKET, 0);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(1, p->ticket_type);
	EXPECT_EQ(MIKEY_PRF_HMAC_SHA256, p->tp_prf);
	EXPECT_EQ(MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_N |
		  MIKEY_TP_O, p->flags);
	EXPECT_EQ(13, p->ticket.len);
	EXPECT_EQ(0, p->init.len);
	/* Initiator Data length, then KEMAC (10 bytes) and V (34) */
	EXPECT_EQ((uint32_t)(n - 2 - 10 - 34), p->init_off);
	/* the TP Data: IDRr twice is allowed there */
	ASSERT_EQ(0, mikey_parse_chain(p->data.p, p->data.len, true, &tp,
				       &why)) TH_LOG("%s", why);
	EXPECT_EQ(5U, tp.n);
	EXPECT_NE(NULL, mikey_find(&tp, MIKEY_PT_TR, MIKEY_ROLE_KMS));
	EXPECT_EQ(-EINVAL, mikey_parse_chain(p->data.p, p->data.len, false,
					     &tp, &why));
	p = mikey_find(&m.chain, MIKEY_PT_KEMAC, 0);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(5, p->data.len);
	EXPECT_EQ(0, p->mac.len);
	/* written again from what was read: the same bytes */
	ASSERT_EQ(n, write_back(&m, again, sizeof(again)));
	EXPECT_EQ(0, memcmp(buf, again, n));
}

TEST(keys_of_a_kemac_read_back)
{
	static const uint8_t tgk[16] = { 1 }, salt[14] = { 2 }, mpk[32] = { 3 };
	static const uint8_t spi[2] = { 0xab, 0xcd }, from[6], to[6] = { 9 };
	struct mikey_key in[3] = {
		{ .type = MIKEY_KEY_TGK_SALT, .kv = MIKEY_KV_SPI,
		  .key = { tgk, 16 }, .salt = { salt, 14 },
		  .spi = { spi, 2 } },
		{ .type = MIKEY_KEY_MPK, .kv = MIKEY_KV_SPI,
		  .key = { mpk, 32 }, .spi = { spi, 1 } },
		{ .type = MIKEY_KEY_TEK, .kv = MIKEY_KV_INTERVAL,
		  .key = { tgk, 16 }, .from = { from, 6 }, .to = { to, 6 } },
	};
	struct mikey_key out[4];
	const char *why = NULL;
	uint8_t buf[256];
	struct mikey_out o;
	unsigned int i;

	mikey_out_init(&o, buf, sizeof(buf));
	for (i = 0; i < 3; i++)
		mikey_put_key(&o, &in[i]);
	ASSERT_FALSE(o.overflow);
	/* Next payload: Key data (20) twice, then Last (0) */
	EXPECT_EQ(MIKEY_PT_KEY_DATA, buf[0]);
	EXPECT_EQ(0x11, buf[1]);		/* TGK+SALT, SPI */
	ASSERT_EQ(3, mikey_parse_keys(buf, o.len, out, 4, &why))
		TH_LOG("%s", why);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(in[i].type, out[i].type);
		EXPECT_EQ(in[i].kv, out[i].kv);
		EXPECT_EQ(in[i].key.len, out[i].key.len);
		EXPECT_EQ(0, memcmp(in[i].key.p, out[i].key.p, in[i].key.len));
		EXPECT_EQ(in[i].salt.len, out[i].salt.len);
		EXPECT_EQ(in[i].spi.len, out[i].spi.len);
		EXPECT_EQ(in[i].to.len, out[i].to.len);
	}
	EXPECT_EQ(9, out[2].to.p[0]);
	EXPECT_EQ(-EINVAL, mikey_parse_keys(buf, o.len, out, 2, &why));
	EXPECT_STREQ("too many keys", why);
	EXPECT_EQ(-EINVAL, mikey_parse_keys(buf, o.len - 1, out, 4, &why));
}

/* @msg with byte @at set to @v must be refused with @reason. */
static void refused(struct __test_metadata *_metadata, const uint8_t *msg,
		    size_t len, size_t at, uint8_t v, const char *reason)
{
	uint8_t buf[64];
	const char *why = NULL;

	memcpy(buf, msg, len);
	buf[at] = v;
	EXPECT_EQ(-EINVAL, mikey_parse(buf, len, &m2, &why));
	EXPECT_STREQ(reason, why ? why : "(accepted)");
}

TEST(what_the_rfcs_do_not_allow_is_refused)
{
	uint8_t buf[128];
	const char *why;
	size_t n;

	refused(_metadata, small, sizeof(small), 0, 2, "not MIKEY version 1");
	refused(_metadata, small, sizeof(small), 1, 7,
		"data type not supported");
	refused(_metadata, small, sizeof(small), 3, 0x05, "unknown PRF");
	refused(_metadata, small, sizeof(small), 9, 9,
		"unknown CS ID map type");
	refused(_metadata, small, sizeof(small), 2, 30, "unknown payload");
	refused(_metadata, small, sizeof(small), 2, MIKEY_PT_DH,
		"DH payloads are not supported");
	refused(_metadata, small, sizeof(small), 11, 4, "unknown TS type");
	refused(_metadata, small, sizeof(small), 21, 0, "RAND empty or cut short");
	refused(_metadata, small, sizeof(small), 39, 3,
		"unknown V auth algorithm");
	/* a second T */
	{
		struct mikey_hdr h = { .data_type = MIKEY_DT_TRANSFER_INIT,
				       .map_type = MIKEY_MAP_EMPTY };
		struct mikey_out o;

		mikey_out_init(&o, buf, sizeof(buf));
		mikey_put_hdr(&o, &h);
		mikey_put_t(&o, 0, MIKEY_TS_COUNTER, ts);
		mikey_put_t(&o, 0, MIKEY_TS_COUNTER, ts);
		ASSERT_FALSE(o.overflow);
		EXPECT_EQ(-EINVAL, mikey_parse(buf, o.len, &m2, &why));
		EXPECT_STREQ("a payload that comes once came again", why);
	}
	/* cut short at every length, and a byte too many */
	for (n = 0; n < sizeof(small); n++) {
		why = NULL;
		EXPECT_EQ(-EINVAL, mikey_parse(small, n, &m2, &why));
		EXPECT_NE(NULL, why);
	}
	memcpy(buf, small, sizeof(small));
	buf[sizeof(small)] = 0;
	EXPECT_EQ(-EINVAL, mikey_parse(buf, sizeof(small) + 1, &m2, &why));
	EXPECT_STREQ("bytes after the last payload", why);
}

TEST(roles_sp_parameters_and_repeats)
{
	uint8_t buf[128];
	struct mikey_hdr h = { .data_type = MIKEY_DT_RESOLVE_RESP,
			       .map_type = MIKEY_MAP_EMPTY };
	static const uint8_t badp[] = { 0, 1, 1, 1, 5 };
	struct mikey_out o;
	const char *why = NULL;

	/* two RANDR of other roles: fine; an unassigned role: refused */
	mikey_out_init(&o, buf, sizeof(buf));
	mikey_put_hdr(&o, &h);
	mikey_put_rand(&o, MIKEY_ROLE_R, rand_i, 16);
	mikey_put_rand(&o, MIKEY_ROLE_KMS, rand_i, 16);
	ASSERT_FALSE(o.overflow);
	EXPECT_EQ(0, mikey_parse(buf, o.len, &m2, &why)) TH_LOG("%s", why);
	buf[10 + 19 + 1] = 4;		/* the second RANDR's role */
	EXPECT_EQ(-EINVAL, mikey_parse(buf, o.len, &m2, &why));
	EXPECT_STREQ("unknown role", why);
	buf[10 + 19 + 1] = MIKEY_ROLE_R;
	EXPECT_EQ(-EINVAL, mikey_parse(buf, o.len, &m2, &why));
	EXPECT_STREQ("a payload that comes once came again", why);
	/* SP parameters that overrun their length */
	mikey_out_init(&o, buf, sizeof(buf));
	mikey_put_hdr(&o, &h);
	mikey_put_sp(&o, 1, 0, badp, sizeof(badp));
	EXPECT_EQ(-EINVAL, mikey_parse(buf, o.len, &m2, &why));
	EXPECT_STREQ("SP parameters do not fit their length", why);
	/* the same Policy no twice */
	mikey_out_init(&o, buf, sizeof(buf));
	mikey_put_hdr(&o, &h);
	mikey_put_sp(&o, 1, 0, sp_params, 3);
	mikey_put_sp(&o, 1, 0, sp_params, 3);
	EXPECT_EQ(-EINVAL, mikey_parse(buf, o.len, &m2, &why));
	/* a writer out of room says so */
	mikey_out_init(&o, buf, 12);
	mikey_put_hdr(&o, &h);
	mikey_put_rand(&o, MIKEY_ROLE_R, rand_i, 16);
	EXPECT_TRUE(o.overflow);
}

TEST_HARNESS_MAIN
