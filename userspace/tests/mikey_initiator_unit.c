// SPDX-License-Identifier: GPL-2.0
/*
 * The MIKEY-TICKET Initiator (userspace/lib/mikey_initiator.c) against
 * the reference KMS (selftests/kms/mikey_kms.py, written from the RFCs
 * apart from our codec), on loopback: the gateway requests a ticket for
 * the UE (REQUEST_INIT_PSK / REQUEST_RESP) and writes a TRANSFER_INIT;
 * the KMS's own responding UE resolves it (RESOLVE_INIT_PSK), verifies
 * its MAC and derives each crypto session's SRTP master key, salt and
 * MKI, which must be the gateway's byte for byte.  A responder the ticket
 * does not name, a TRANSFER_INIT changed in flight, and the KMS's fault
 * switches (a bad MAC, Error messages) are refused, and no key comes out.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <linux/mediasec.h>

#include "kselftest_harness.h"
#include "kms_peer.h"
#include "mikey_initiator.h"
#include "mikey_srtp.h"

static const uint8_t gw_psk[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

FIXTURE(initiator) {
	struct kms k;
	struct mikey_initiator in;
	uint8_t resp[8192];
	uint8_t ti[2048];
	int ti_len;
	struct mikey_srtp_key keys[2];
	struct ue ue;
};

FIXTURE_SETUP(initiator)
{
	memset(self, 0, sizeof(*self));
	self->in.k.id = (const uint8_t *)GW_ID;
	self->in.k.id_len = strlen(GW_ID);
	self->in.k.psk = gw_psk;
	self->in.k.psk_len = sizeof(gw_psk);
	self->in.k.kms = (const uint8_t *)KMS_ID;
	self->in.k.kms_len = strlen(KMS_ID);
	self->in.responder = (const uint8_t *)UE_ID;
	self->in.responder_len = strlen(UE_ID);
}

FIXTURE_TEARDOWN(initiator)
{
	kms_stop(&self->k);
	mikey_initiator_wipe(&self->in);
}

/*
 * A ticket requested from a KMS started with @fault: 0 and the
 * TRANSFER_INIT in @self->ti, or mikey_request_resp()'s error.
 */
static int request(struct __test_metadata *_metadata,
		   FIXTURE_DATA(initiator) *self, const char *fault, int *err)
{
	uint8_t sp[32];
	const char *why = NULL;
	int n, ret;

	ASSERT_EQ(0, kms_start(&self->k, fault));
	ASSERT_EQ(0, mikey_request_init(&self->in, kms_ntp_now(), &why))
		TH_LOG("%s", why);
	n = kms_post(&self->k, self->in.req, self->in.req_len, self->resp,
		     sizeof(self->resp));
	ASSERT_LT(0, n);
	ret = mikey_request_resp(&self->in, self->resp, (size_t)n, err, &why);
	if (ret) {
		TH_LOG("request: %d %s", ret, why);
		return ret;
	}
	n = mikey_sp_params(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, sp,
			    sizeof(sp));
	ASSERT_LT(0, n);
	self->ti_len = mikey_transfer_init(&self->in, 2, sp, (uint16_t)n,
					   kms_ntp_now(), self->ti,
					   sizeof(self->ti), self->keys, &why);
	ASSERT_LT(0, self->ti_len) TH_LOG("%s", why);
	TH_LOG("TRANSFER_INIT: %d bytes", self->ti_len);
	return 0;
}

TEST_F(initiator, keys_equal_the_responders)
{
	char line[256], k[80], s[40], m[16];
	struct mikey_msg msg;
	const char *why;
	int err = -1, i;

	ASSERT_EQ(0, request(_metadata, self, NULL, &err));
	ASSERT_EQ(0, ue_resolve(&self->k, UE_ID, UE_PSK, self->ti,
				(size_t)self->ti_len, &self->ue));
	ASSERT_EQ(2U, self->ue.nkeys);
	for (i = 0; i < 2; i++) {
		hex(k, self->keys[i].key, self->keys[i].key_len);
		hex(s, self->keys[i].salt, self->keys[i].salt_len);
		hex(m, self->keys[i].mki, self->keys[i].mki_len);
		snprintf(line, sizeof(line), "srtp %d key %s salt %s mki %s",
			 i + 1, k, s, m);
		EXPECT_STREQ(self->ue.keys[i], line);
	}
	/* two sessions, two keys (one TGK: the CS ID is in the label) */
	EXPECT_NE(0, memcmp(self->keys[0].key, self->keys[1].key, 16));
	EXPECT_EQ(1U, self->keys[0].pol.encr);
	EXPECT_EQ(10U, self->keys[1].pol.tag_len);
	/* RFC 6043 4.2.2.1, 6.1.1: as the message says it */
	ASSERT_EQ(0, mikey_parse(self->ti, (size_t)self->ti_len, &msg, &why));
	EXPECT_EQ(MIKEY_DT_TRANSFER_INIT, msg.hdr.data_type);
	EXPECT_EQ(MIKEY_MAP_GENERIC_ID, msg.hdr.map_type);
	EXPECT_EQ(2, msg.hdr.ncs);
	EXPECT_EQ(0, msg.hdr.cs[0].session.len);	/* no SSRC of ours */
	EXPECT_EQ(self->in.csb_id, msg.hdr.csb_id);
	EXPECT_FALSE(msg.hdr.v);	/* no TRANSFER_RESP asked for */
	EXPECT_NE(NULL, mikey_find(&msg.chain, MIKEY_PT_IDR, MIKEY_ROLE_R));
}

/* RFC 6043 6.10: the ticket names the UE; another user is refused */
TEST_F(initiator, responder_the_ticket_does_not_name_refused)
{
	int err = -1;

	ASSERT_EQ(0, request(_metadata, self, NULL, &err));
	EXPECT_EQ(-1, ue_resolve(&self->k, GW_ID, GW_PSK, self->ti,
				 (size_t)self->ti_len, &self->ue));
	EXPECT_EQ(0U, self->ue.nkeys);
}

/* RFC 6043 5.5: every byte but the Initiator Data is under the MAC */
TEST_F(initiator, transfer_init_changed_in_flight_refused)
{
	int err = -1;

	ASSERT_EQ(0, request(_metadata, self, NULL, &err));
	self->ti[20] ^= 1;		/* in the CS ID map */
	EXPECT_EQ(-1, ue_resolve(&self->k, UE_ID, UE_PSK, self->ti,
				 (size_t)self->ti_len, &self->ue));
	EXPECT_EQ(0U, self->ue.nkeys);
}

/* RFC 6043 4.2.1.6: an answer whose MAC is not the PSK's gives nothing */
TEST_F(initiator, request_resp_with_a_bad_mac_refused)
{
	int err = -1;

	EXPECT_EQ(-EBADMSG, request(_metadata, self, "bad-mac", &err));
	EXPECT_EQ(0, self->in.k.ntgk);
	EXPECT_EQ(0, self->in.k.mpki_len);
	EXPECT_EQ(0U, self->in.k.ticket_len);
}

/* RFC 6043 5.4: an Error message named by its number */
TEST_F(initiator, kms_errors_reported)
{
	int err = -1;

	EXPECT_EQ(-EPROTO, request(_metadata, self, "err=7", &err));
	EXPECT_EQ(MIKEY_ERR_ID, err);
	EXPECT_EQ(0, self->in.k.ntgk);
}

/*
 * RFC 6043 4.2.1.6: a granted policy the gateway cannot carry out is
 * refused before the ticket goes anywhere: a reusable ticket (J), a
 * TRANSFER_RESP not asked for (F), more responders than asked.
 */
TEST_F(initiator, granted_policy_checked)
{
	static const char *const faults[] = { "reusable", "grant-f",
					      "extra-responder" };
	static const int errs[] = { -EOPNOTSUPP, -EOPNOTSUPP, -EPERM };
	unsigned int i;
	int err = -1;

	for (i = 0; i < 3; i++) {
		kms_stop(&self->k);
		EXPECT_EQ(errs[i], request(_metadata, self, faults[i], &err))
			TH_LOG("%s", faults[i]);
		EXPECT_EQ(0, self->in.k.ntgk);
		EXPECT_EQ(0U, self->in.k.ticket_len);
	}
}

/* the F flag asked for is granted, and the TRANSFER_INIT's V agrees */
TEST_F(initiator, transfer_resp_asked_for)
{
	struct mikey_msg msg;
	const char *why;
	int err = -1;

	self->in.want_resp = true;
	ASSERT_EQ(0, request(_metadata, self, NULL, &err));
	EXPECT_TRUE(self->in.flags & MIKEY_TP_F);
	ASSERT_EQ(0, mikey_parse(self->ti, (size_t)self->ti_len, &msg, &why));
	EXPECT_TRUE(msg.hdr.v);
	EXPECT_TRUE(mikey_wants_resp(&msg));
}

/*
 * tshark reads our REQUEST_INIT as MIKEY: the Common Header and T decoded,
 * no malformed-packet warning (it knows neither RFC 6043's data types nor
 * RANDR, and stops after T: docs/mikey.md).  Of the TRANSFER_INIT it
 * reads the Common Header only: Debian 12's tshark 4.0 does not know the
 * GENERIC-ID CS ID map (RFC 6043 6.1.1, "CS ID map type: Unknown (2)"),
 * so it cannot skip the map and reads its bytes as payloads.
 */
TEST_F(initiator, messages_read_by_tshark)
{
	struct tshark_read rd;
	int err = -1;

	ASSERT_EQ(0, request(_metadata, self, NULL, &err));
	ASSERT_EQ(0, tshark_read(self->in.req, self->in.req_len, &rd));
	EXPECT_TRUE(rd.version && rd.csb && rd.ts);
	EXPECT_EQ(2U, rd.idr);		/* IDRi, IDRkms */
	EXPECT_FALSE(rd.malformed);
	ASSERT_EQ(0, tshark_read(self->ti, (size_t)self->ti_len, &rd));
	EXPECT_TRUE(rd.version && rd.csb);
}

/* what the SP says: the suites the engine has, in RFC 3830's terms */
TEST(sp_params_of_suites)
{
	static const uint8_t aes256_32[] = { 0, 1, 1, 1, 1, 32, 2, 1, 1,
					     3, 1, 20, 4, 1, 14, 11, 1, 4 };
	struct mikey_srtp_key k = { .key_len = 32, .salt_len = 14,
				    .mki_len = 1 };
	struct mikey_chain c = { .n = 1 };
	struct sdes_crypto cr;
	uint8_t sp[32];
	const char *why;
	int n;

	n = mikey_sp_params(MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32, sp,
			    sizeof(sp));
	ASSERT_EQ((int)sizeof(aes256_32), n);
	EXPECT_EQ(0, memcmp(sp, aes256_32, sizeof(aes256_32)));
	/* read back, it is the same suite */
	c.pl[0] = (struct mikey_pl){ .type = MIKEY_PT_SP, .no = 1,
				     .data = { sp, (uint16_t)n } };
	ASSERT_EQ(0, mikey_srtp_policy(&c, 1, &k.pol));
	ASSERT_EQ(0, mikey_sdes_crypto(&k, &cr, &why));
	EXPECT_EQ(MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32, cr.suite);
	EXPECT_EQ(-EOPNOTSUPP,
		  mikey_sp_params(MEDIASEC_SUITE_AEAD_AES_128_GCM, sp,
				  sizeof(sp)));
	EXPECT_EQ(-EMSGSIZE,
		  mikey_sp_params(MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80, sp,
				  4));
}

TEST_HARNESS_MAIN
