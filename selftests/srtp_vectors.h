/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known-answer vectors for the SRTP engine, shared by the native tests
 * (userspace/tests/srtp_kat.c) and the in-module self-test.  Include
 * kmod/srtp.h first.  Byte strings are hex; whitespace is ignored.
 *
 * Sources: RFC 3711 Appendix B.2 and B.3; RFC 6188 section 7.1 and 7.2;
 * RFC 7714 sections 16 and 17; libsrtp's test/srtp_driver.c (the only
 * full AES-CM packet, as the RFCs give none).
 */
#ifndef _MS_SRTP_VECTORS_H
#define _MS_SRTP_VECTORS_H

/* The AES-CM PRF of RFC 3711 section 4.3.3, with r = 0 (kdr 0). */
struct ms_srtp_kdf_vector {
	const char *name;
	const char *master_key;
	const char *master_salt;
	unsigned char label;
	const char *out;
};

static const struct ms_srtp_kdf_vector ms_srtp_kdf_vectors[] = {
	{ "RFC 3711 B.3 cipher key",
	  "E1F97A0D3E018BE0D64FA32C06DE4139",
	  "0EC675AD498AFEEBB6960B3AABE6", 0x00,
	  "C61E7A93744F39EE10734AFE3FF7A087" },
	{ "RFC 3711 B.3 cipher salt",
	  "E1F97A0D3E018BE0D64FA32C06DE4139",
	  "0EC675AD498AFEEBB6960B3AABE6", 0x02,
	  "30CBBC08863D8C85D49DB34A9AE1" },
	{ "RFC 3711 B.3 auth key (94 bytes)",
	  "E1F97A0D3E018BE0D64FA32C06DE4139",
	  "0EC675AD498AFEEBB6960B3AABE6", 0x01,
	  "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
	  "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
	  "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2" },
	{ "RFC 6188 7.2 cipher key",
	  "F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6",
	  "3B04803DE51EE7C96423AB5B78D2", 0x00,
	  "5BA1064E30EC51613CAD926C5A28EF731EC7FB397F70A960653CAF06554CD8C4" },
	{ "RFC 6188 7.2 cipher salt",
	  "F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6",
	  "3B04803DE51EE7C96423AB5B78D2", 0x02,
	  "FA31791685CA444A9E07C6C64E93" },
	{ "RFC 6188 7.2 auth key",
	  "F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6",
	  "3B04803DE51EE7C96423AB5B78D2", 0x01,
	  "FD9C32D39ED5FBB5A9DC96B30818454D1313DC05" },
};

/*
 * AES-CM keystream: an RTP packet with SSRC 0 and index 0 whose payload
 * is @payload_len zero bytes; bytes @offset.. of the payload must be @ks.
 */
struct ms_srtp_keystream_vector {
	const char *name;
	int suite;
	const char *key;
	const char *salt;
	unsigned int payload_len;
	unsigned int offset;
	const char *ks;
};

static const struct ms_srtp_keystream_vector ms_srtp_keystream_vectors[] = {
	{ "RFC 3711 B.2 AES-128-CM first blocks", MS_SRTP_AES128_CM_SHA1_80,
	  "2B7E151628AED2A6ABF7158809CF4F3C",
	  "F0F1F2F3F4F5F6F7F8F9FAFBFCFD", 48, 0,
	  "E03EAD0935C95E80E166B16DD92B4EB4"
	  "D23513162B02D0F72A43A2FE4A5F97AB"
	  "41E95B3BB0A2E8DD477901E4FCA894C0" },
	{ "RFC 6188 7.1 AES-256-CM first blocks", MS_SRTP_AES256_CM_SHA1_80,
	  "57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
	  "F0F1F2F3F4F5F6F7F8F9FAFBFCFD", 48, 0,
	  "92bdd28a93c3f52511c677d08b5515a4"
	  "9da71b2378a854f67050756ded165bac"
	  "63c4868b7096d88421b563b8c94c9a31" },
	{ "RFC 6188 7.1 AES-256-CM last blocks", MS_SRTP_AES256_CM_SHA1_80,
	  "57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
	  "F0F1F2F3F4F5F6F7F8F9FAFBFCFD", 0xff02 * 16, 0xfeff * 16,
	  "cea518c90fd91ced9cbb18c078a54711"
	  "3dbc4814f4da5f00a08772b63c6a046d"
	  "6eb246913062a16891433e97dd01a57f" },
};

#define MS_SRTP_VEC_RTP		0
#define MS_SRTP_VEC_RTCP	1

/*
 * Whole packets.  With @session set, @key/@salt/@auth are session keys
 * (the RFC 7714 vectors); otherwise master key and salt.  @flags are
 * MS_SRTP_F_*; @rtcp_index is the sender's SRTCP index.
 */
struct ms_srtp_packet_vector {
	const char *name;
	int suite;
	int type;
	int session;
	unsigned int flags;
	unsigned int rtcp_index;
	const char *key;
	const char *salt;
	const char *plain;
	const char *protected;
};

#define MS_RFC7714_K128	"000102030405060708090a0b0c0d0e0f"
#define MS_RFC7714_K256	"000102030405060708090a0b0c0d0e0f" \
			"101112131415161718191a1b1c1d1e1f"
#define MS_RFC7714_SALT	"517569642070726f2071756f"
#define MS_RFC7714_RTP	"8040f17b 8041f8d3 5501a0b2 47616c6c" \
			"69612065 7374206f 6d6e6973 20646976" \
			"69736120 696e2070 61727465 73207472" \
			"6573"
#define MS_RFC7714_RTCP	"81c8000d 4d617273 4e545031 4e545032" \
			"52545020 0000042a 0000e930 4c756e61" \
			"deadbeef deadbeef deadbeef deadbeef" \
			"deadbeef"

static const struct ms_srtp_packet_vector ms_srtp_packet_vectors[] = {
	{ "libsrtp srtp_driver AES_CM_128_HMAC_SHA1_80 RTP",
	  MS_SRTP_AES128_CM_SHA1_80, MS_SRTP_VEC_RTP, 0, 0, 0,
	  "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6",
	  "800f1234decafbadcafebabe abababababababababababababababab",
	  "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402"
	  "b78d6acc99ea179b8dbb" },
	{ "RFC 7714 16.1 AEAD_AES_128_GCM RTP",
	  MS_SRTP_AEAD_AES_128_GCM, MS_SRTP_VEC_RTP, 1, 0, 0,
	  MS_RFC7714_K128, MS_RFC7714_SALT, MS_RFC7714_RTP,
	  "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca"
	  "be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1"
	  "6a9152cf 765ee439 0cce" },
	{ "RFC 7714 17.1 AEAD_AES_256_GCM RTP",
	  MS_SRTP_AEAD_AES_256_GCM, MS_SRTP_VEC_RTP, 1, 0, 0,
	  MS_RFC7714_K256, MS_RFC7714_SALT, MS_RFC7714_RTP,
	  "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa"
	  "b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff"
	  "d6b0f9bb 7878d7a7 6c13" },
	{ "RFC 7714 16.2 AEAD_AES_128_GCM SRTCP encrypted",
	  MS_SRTP_AEAD_AES_128_GCM, MS_SRTP_VEC_RTCP, 1, 0, 0x5d4,
	  MS_RFC7714_K128, MS_RFC7714_SALT, MS_RFC7714_RTCP,
	  "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7"
	  "6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458"
	  "96cf4d2f c5abf872 45d9eade 800005d4" },
	{ "RFC 7714 16.2 AEAD_AES_128_GCM SRTCP unencrypted",
	  MS_SRTP_AEAD_AES_128_GCM, MS_SRTP_VEC_RTCP, 1,
	  MS_SRTP_F_UNENCRYPTED_SRTCP, 0x5d4,
	  MS_RFC7714_K128, MS_RFC7714_SALT, MS_RFC7714_RTCP,
	  MS_RFC7714_RTCP "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4" },
	{ "RFC 7714 17.2 AEAD_AES_256_GCM SRTCP encrypted",
	  MS_SRTP_AEAD_AES_256_GCM, MS_SRTP_VEC_RTCP, 1, 0, 0x5d4,
	  MS_RFC7714_K256, MS_RFC7714_SALT, MS_RFC7714_RTCP,
	  "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d"
	  "bffe0a50 a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c"
	  "4446839f 57ff6f6c b26ac3be 800005d4" },
	{ "RFC 7714 17.2 AEAD_AES_256_GCM SRTCP unencrypted",
	  MS_SRTP_AEAD_AES_256_GCM, MS_SRTP_VEC_RTCP, 1,
	  MS_SRTP_F_UNENCRYPTED_SRTCP, 0x5d4,
	  MS_RFC7714_K256, MS_RFC7714_SALT, MS_RFC7714_RTCP,
	  MS_RFC7714_RTCP "91db4afb feee5a97 8fab4393 ed2615fe 000005d4" },
};

#endif /* _MS_SRTP_VECTORS_H */
