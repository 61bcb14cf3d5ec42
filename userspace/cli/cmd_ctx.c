// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec ctx: SRTP crypto contexts (one direction of a media session).
 *
 *   mediasec ctx add ID dir { rx | tx } suite SUITE [ flags FLAG[,FLAG] ]
 *                    [ kdr N ] [ window N ] [ mki-len N ] [ streams N ]
 *   mediasec ctx del ID
 *   mediasec ctx show [ ID ]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/msnl.h"
#include "cli.h"

static const char *const suite_names[] = {
	[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80] = "AES_CM_128_HMAC_SHA1_80",
	[MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32] = "AES_CM_128_HMAC_SHA1_32",
	[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80] = "AES_256_CM_HMAC_SHA1_80",
	[MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32] = "AES_256_CM_HMAC_SHA1_32",
	[MEDIASEC_SUITE_AEAD_AES_128_GCM] = "AEAD_AES_128_GCM",
	[MEDIASEC_SUITE_AEAD_AES_256_GCM] = "AEAD_AES_256_GCM",
	[MEDIASEC_SUITE_NULL_HMAC_SHA1_80] = "NULL_HMAC_SHA1_80",
	[MEDIASEC_SUITE_NULL_HMAC_SHA1_32] = "NULL_HMAC_SHA1_32",
};

static const struct {
	const char *name;
	unsigned int flag;
} ctx_flags[] = {
	{ "UNENCRYPTED_SRTP", MEDIASEC_CTX_F_UNENCRYPTED_SRTP },
	{ "UNENCRYPTED_SRTCP", MEDIASEC_CTX_F_UNENCRYPTED_SRTCP },
	{ "UNAUTHENTICATED_SRTP", MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP },
};

int ms_suite_parse(const char *s)
{
	size_t i;

	for (i = 1; i < sizeof(suite_names) / sizeof(suite_names[0]); i++)
		if (!strcasecmp(s, suite_names[i]))
			return (int)i;
	return -1;
}

const char *ms_suite_name(unsigned int suite)
{
	if (suite && suite < sizeof(suite_names) / sizeof(suite_names[0]))
		return suite_names[suite];
	return "unknown";
}

static int parse_flags(const char *arg, unsigned int *out)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	size_t i;
	int ret = 0;

	if (!copy)
		return -1;
	*out = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(ctx_flags) / sizeof(ctx_flags[0]); i++)
			if (!strcasecmp(tok, ctx_flags[i].name))
				break;
		if (i == sizeof(ctx_flags) / sizeof(ctx_flags[0])) {
			ret = -1;
			break;
		}
		*out |= ctx_flags[i].flag;
	}
	free(copy);
	return ret;
}

static int parse_ctx_add(int argc, char **argv, struct nl_msg *msg)
{
	unsigned long long v;
	unsigned int flags;
	int suite, seen_dir = 0, seen_suite = 0;

	if (!argc)
		return missarg("ID");
	if (get_u32(argv[0], &v) || !v)
		return invarg("ID is 1 .. 4294967295", argv[0]);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, (uint32_t)v);
	for (argc--, argv++; argc; argc -= 2, argv += 2) {
		if (argc < 2)
			return missarg(argv[0]);
		if (!strcmp(argv[0], "dir")) {
			if (seen_dir++)
				return duparg("dir", argv[1]);
			if (!strcmp(argv[1], "rx"))
				nla_put_u8(msg, MEDIASEC_A_CTX_DIR,
					   MEDIASEC_DIR_RX);
			else if (!strcmp(argv[1], "tx"))
				nla_put_u8(msg, MEDIASEC_A_CTX_DIR,
					   MEDIASEC_DIR_TX);
			else
				return invarg("dir is rx or tx", argv[1]);
		} else if (!strcmp(argv[0], "suite")) {
			if (seen_suite++)
				return duparg("suite", argv[1]);
			suite = ms_suite_parse(argv[1]);
			if (suite < 0)
				return invarg("unknown suite", argv[1]);
			nla_put_u32(msg, MEDIASEC_A_CTX_SUITE, suite);
		} else if (!strcmp(argv[0], "flags")) {
			if (parse_flags(argv[1], &flags))
				return invarg("flags are UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP",
					      argv[1]);
			nla_put_u32(msg, MEDIASEC_A_CTX_FLAGS, flags);
		} else if (!strcmp(argv[0], "kdr")) {
			if (get_u32(argv[1], &v))
				return invarg("kdr is a number", argv[1]);
			nla_put_u32(msg, MEDIASEC_A_CTX_KDR, (uint32_t)v);
		} else if (!strcmp(argv[0], "window")) {
			if (get_u32(argv[1], &v))
				return invarg("window is a number", argv[1]);
			nla_put_u32(msg, MEDIASEC_A_CTX_WINDOW, (uint32_t)v);
		} else if (!strcmp(argv[0], "mki-len")) {
			if (get_u32(argv[1], &v) || v > 255)
				return invarg("mki-len is 0 .. 4", argv[1]);
			nla_put_u8(msg, MEDIASEC_A_CTX_MKI_LEN, (uint8_t)v);
		} else if (!strcmp(argv[0], "streams")) {
			if (get_u32(argv[1], &v) || v > 255)
				return invarg("streams is 1 .. 64", argv[1]);
			nla_put_u8(msg, MEDIASEC_A_CTX_MAX_STREAMS, (uint8_t)v);
		} else {
			return invarg("unknown keyword", argv[0]);
		}
	}
	if (!seen_dir)
		return missarg("dir");
	if (!seen_suite)
		return missarg("suite");
	return 0;
}

static int parse_ctx_id(int argc, char **argv, struct nl_msg *msg)
{
	unsigned long long v;

	if (!argc)
		return missarg("ID");
	if (argc > 1)
		return invarg("unexpected argument", argv[1]);
	if (get_u32(argv[0], &v) || !v)
		return invarg("ID is 1 .. 4294967295", argv[0]);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, (uint32_t)v);
	return 0;
}

struct show_state {
	int n;
};

static void print_keys(struct nlattr *keys)
{
	struct nlattr *k, *kt[MEDIASEC_A_KEY_MAX + 1];
	int rem, first = 1;

	if (json)
		printf(",\"keys\":[");
	nla_for_each_nested(k, keys, rem) {
		if (nla_parse_nested(kt, MEDIASEC_A_KEY_MAX, k, msnl_key_policy))
			continue;
		if (json) {
			printf("%s{\"mki\":%u,\"lifetime\":%" PRIu64
			       ",\"soft_lifetime\":%" PRIu64
			       ",\"packets\":%" PRIu64 ",\"tx\":%s}",
			       first ? "" : ",",
			       nla_get_u32(kt[MEDIASEC_A_KEY_MKI]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_LIFETIME]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_SOFT_LIFETIME]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_PACKETS]),
			       kt[MEDIASEC_A_KEY_TX] ? "true" : "false");
		} else {
			printf("    key mki %u lifetime %" PRIu64
			       " soft-lifetime %" PRIu64 " packets %" PRIu64
			       "%s\n", nla_get_u32(kt[MEDIASEC_A_KEY_MKI]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_LIFETIME]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_SOFT_LIFETIME]),
			       (uint64_t)nla_get_u64(kt[MEDIASEC_A_KEY_PACKETS]),
			       kt[MEDIASEC_A_KEY_TX] ? " tx" : "");
		}
		first = 0;
	}
	if (json)
		printf("]");
}

static void print_stats(struct nlattr *stats)
{
	struct nlattr *st[MEDIASEC_A_STATS_MAX + 1];
	unsigned int r;

	if (nla_parse_nested(st, MEDIASEC_A_STATS_MAX, stats, msnl_stats_policy))
		return;
	printf(json ? ",\"stats\":{" : "    stats");
	for (r = 0; r < MS_NR_RESULTS; r++) {
		uint64_t v = st[MEDIASEC_A_STATS_OK + r] ?
			     nla_get_u64(st[MEDIASEC_A_STATS_OK + r]) : 0;

		if (json)
			printf("%s\"%s\":%" PRIu64, r ? "," : "",
			       msnl_result_names[r], v);
		else
			printf(" %s %" PRIu64, msnl_result_names[r], v);
	}
	printf(json ? "}" : "\n");
}

static int on_ctx(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];
	struct show_state *s = arg;
	unsigned int flags, dir, streams;
	size_t i;
	int fl = 0;

	if (!tb[MEDIASEC_A_CTX] ||
	    nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX],
			     msnl_ctx_policy))
		return 0;
	flags = nla_get_u32(ct[MEDIASEC_A_CTX_FLAGS]);
	dir = nla_get_u8(ct[MEDIASEC_A_CTX_DIR]);
	streams = ct[MEDIASEC_A_CTX_MAX_STREAMS] ?
		  nla_get_u8(ct[MEDIASEC_A_CTX_MAX_STREAMS]) : 0;
	if (json) {
		printf("%s{\"id\":%u,\"dir\":\"%s\",\"suite\":\"%s\","
		       "\"flags\":[", s->n ? "," : "",
		       nla_get_u32(ct[MEDIASEC_A_CTX_ID]),
		       dir == MEDIASEC_DIR_TX ? "tx" : "rx",
		       ms_suite_name(nla_get_u32(ct[MEDIASEC_A_CTX_SUITE])));
		for (i = 0; i < sizeof(ctx_flags) / sizeof(ctx_flags[0]); i++)
			if (flags & ctx_flags[i].flag)
				printf("%s\"%s\"", fl++ ? "," : "",
				       ctx_flags[i].name);
		printf("],\"kdr\":%u,\"window\":%u,\"mki_len\":%u,"
		       "\"streams\":%u",
		       nla_get_u32(ct[MEDIASEC_A_CTX_KDR]),
		       nla_get_u32(ct[MEDIASEC_A_CTX_WINDOW]),
		       nla_get_u8(ct[MEDIASEC_A_CTX_MKI_LEN]), streams);
		if (ct[MEDIASEC_A_CTX_CIPHER_DRIVER])
			printf(",\"cipher_driver\":\"%s\"",
			       nla_get_string(ct[MEDIASEC_A_CTX_CIPHER_DRIVER]));
		if (ct[MEDIASEC_A_CTX_AUTH_DRIVER])
			printf(",\"auth_driver\":\"%s\"",
			       nla_get_string(ct[MEDIASEC_A_CTX_AUTH_DRIVER]));
	} else {
		printf("ctx %u dir %s suite %s", nla_get_u32(ct[MEDIASEC_A_CTX_ID]),
		       dir == MEDIASEC_DIR_TX ? "tx" : "rx",
		       ms_suite_name(nla_get_u32(ct[MEDIASEC_A_CTX_SUITE])));
		for (i = 0; i < sizeof(ctx_flags) / sizeof(ctx_flags[0]); i++)
			if (flags & ctx_flags[i].flag)
				printf("%s%s", fl++ ? "," : " flags ",
				       ctx_flags[i].name);
		printf(" kdr %u window %u mki-len %u streams %u\n",
		       nla_get_u32(ct[MEDIASEC_A_CTX_KDR]),
		       nla_get_u32(ct[MEDIASEC_A_CTX_WINDOW]),
		       nla_get_u8(ct[MEDIASEC_A_CTX_MKI_LEN]), streams);
		if (ct[MEDIASEC_A_CTX_CIPHER_DRIVER] ||
		    ct[MEDIASEC_A_CTX_AUTH_DRIVER])
			printf("    crypto %s %s\n",
			       ct[MEDIASEC_A_CTX_CIPHER_DRIVER] ?
			       nla_get_string(ct[MEDIASEC_A_CTX_CIPHER_DRIVER]) : "-",
			       ct[MEDIASEC_A_CTX_AUTH_DRIVER] ?
			       nla_get_string(ct[MEDIASEC_A_CTX_AUTH_DRIVER]) : "-");
	}
	if (ct[MEDIASEC_A_CTX_KEYS])
		print_keys(ct[MEDIASEC_A_CTX_KEYS]);
	if (ct[MEDIASEC_A_CTX_STATS])
		print_stats(ct[MEDIASEC_A_CTX_STATS]);
	if (json)
		printf("}");
	s->n++;
	return 0;
}

static int ctx_show(int argc, char **argv)
{
	struct show_state s = { 0 };
	int ret;

	if (json)
		printf("[");
	if (argc)
		ret = ms_request(MEDIASEC_CMD_CTX_GET, 0, MEDIASEC_A_CTX,
				 parse_ctx_id, argc, argv, on_ctx, &s,
				 "ctx show");
	else
		ret = ms_request(MEDIASEC_CMD_CTX_GET, NLM_F_DUMP, 0, NULL,
				 0, NULL, on_ctx, &s, "ctx show");
	if (json)
		printf("]\n");
	return ret;
}

int cmd_ctx(int argc, char **argv)
{
	if (!argc || !strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return ctx_show(argc ? argc - 1 : 0, argv + 1);
	if (!strcmp(argv[0], "add"))
		return ms_request(MEDIASEC_CMD_CTX_NEW, 0, MEDIASEC_A_CTX,
				  parse_ctx_add, argc - 1, argv + 1, NULL, NULL,
				  "ctx add");
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return ms_request(MEDIASEC_CMD_CTX_DEL, 0, MEDIASEC_A_CTX,
				  parse_ctx_id, argc - 1, argv + 1, NULL, NULL,
				  "ctx del");
	return invarg("ctx command is add, del or show", argv[0]);
}
