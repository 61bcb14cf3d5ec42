// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec key: master keys of SRTP contexts.  Key material is read from a
 * file or standard input, never from the command line, and wiped from
 * memory once sent.
 *
 *   mediasec key add ctx ID key-file { FILE | - } [ mki N ]
 *                    [ lifetime N ] [ soft-lifetime N ]
 *   mediasec key del ctx ID [ mki N ]
 *
 * The file holds either the raw master key followed by the master salt, or
 * the RFC 4568 key-params text "inline:<base64 key||salt>[|lifetime]
 * [|MKI:length]" (lifetime as a number or 2^n).
 */
#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/msnl.h"
#include "cli.h"

#define KEY_FILE_MAX 512

struct key_req {
	uint32_t ctx;
	int have_mki, have_life, have_soft;
	uint32_t mki;
	uint64_t life, soft;
	uint8_t mat[64];	/* key || salt */
	size_t mat_len;
};

/* Key and salt lengths of a suite (RFC 4568, 6188, 7714). */
static int suite_lengths(unsigned int suite, size_t *key, size_t *salt)
{
	switch (suite) {
	case MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80:
	case MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32:
	case MEDIASEC_SUITE_NULL_HMAC_SHA1_80:
	case MEDIASEC_SUITE_NULL_HMAC_SHA1_32:
		*key = 16, *salt = 14;
		return 0;
	case MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80:
	case MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32:
		*key = 32, *salt = 14;
		return 0;
	case MEDIASEC_SUITE_AEAD_AES_128_GCM:
		*key = 16, *salt = 12;
		return 0;
	case MEDIASEC_SUITE_AEAD_AES_256_GCM:
		*key = 32, *salt = 12;
		return 0;
	}
	return -1;
}

static int parse_lifetime(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!strncmp(s, "2^", 2)) {
		v = strtoull(s + 2, &end, 10);
		if (*end || end == s + 2 || v > 63)
			return -1;
		*out = 1ULL << v;
		return 0;
	}
	return get_u64(s, out);
}

/* RFC 4568 inline key-params; the text is wiped by the caller. */
static int parse_inline(char *text, struct key_req *r)
{
	char *b64 = text + strlen("inline:"), *life, *mki, *colon;
	uint8_t out[96];
	size_t n = strcspn(b64, "|\r\n");
	int len;

	life = b64[n] == '|' ? b64 + n + 1 : NULL;
	b64[n] = '\0';
	if (n == 0 || n > 128 || n % 4)
		return invarg("inline key is not base64", "inline:...");
	len = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)n);
	if (len < 0)
		return invarg("inline key is not base64", "inline:...");
	while (n && b64[--n] == '=')
		len--;
	if ((size_t)len > sizeof(r->mat)) {
		OPENSSL_cleanse(out, sizeof(out));
		return invarg("inline key too long", "inline:...");
	}
	memcpy(r->mat, out, len);
	r->mat_len = len;
	OPENSSL_cleanse(out, sizeof(out));

	mki = NULL;
	if (life) {
		n = strcspn(life, "|\r\n");
		mki = life[n] == '|' ? life + n + 1 : NULL;
		life[n] = '\0';
		/* The lifetime is optional: "inline:KEY|1:4" has only MKI. */
		if (strchr(life, ':')) {
			mki = life;
		} else if (!r->have_life) {
			if (parse_lifetime(life, &r->life))
				return invarg("inline lifetime", life);
			r->have_life = 1;
		}
	}
	if (mki) {
		unsigned long long v;

		mki[strcspn(mki, "\r\n")] = '\0';
		colon = strchr(mki, ':');
		if (!colon)
			return invarg("inline MKI is VALUE:LENGTH", mki);
		*colon = '\0';
		if (get_u32(mki, &v))
			return invarg("inline MKI value", mki);
		if (!r->have_mki) {
			r->mki = (uint32_t)v;
			r->have_mki = 1;
		}
	}
	return 0;
}

static int read_key_file(const char *path, struct key_req *r)
{
	char buf[KEY_FILE_MAX + 1];
	FILE *f;
	size_t n;
	int ret = 0;

	if (!strcmp(path, "-") && batch_stdin) {
		fprintf(stderr, "Error: the batch is read from stdin: give the key in a file\n");
		return EXIT_USAGE;
	}
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;

	if (!f) {
		fprintf(stderr, "Error: cannot open key file \"%s\": %s\n", path,
			strerror(errno));
		return EXIT_USAGE;
	}
	n = fread(buf, 1, KEY_FILE_MAX + 1, f);
	if (f != stdin)
		fclose(f);
	if (n > KEY_FILE_MAX) {
		ret = invarg("key file too long", path);
	} else if (n >= 7 && !memcmp(buf, "inline:", 7)) {
		buf[n] = '\0';
		ret = parse_inline(buf, r);
	} else if (n > sizeof(r->mat)) {
		ret = invarg("raw key file longer than key and salt", path);
	} else {
		memcpy(r->mat, buf, n);
		r->mat_len = n;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

static int on_suite(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[MEDIASEC_A_CTX_MAX + 1];

	if (tb[MEDIASEC_A_CTX] &&
	    !nla_parse_nested(ct, MEDIASEC_A_CTX_MAX, tb[MEDIASEC_A_CTX],
			      msnl_ctx_policy) && ct[MEDIASEC_A_CTX_SUITE])
		*(unsigned int *)arg = nla_get_u32(ct[MEDIASEC_A_CTX_SUITE]);
	return 0;
}

static int key_send(struct key_req *r, int cmd)
{
	struct nlattr *ctx, *key;
	size_t klen = 0, slen = 0;
	unsigned int suite = 0;
	struct nl_msg *msg;
	struct msnl nl;
	int ret;

	ret = msnl_open(&nl);
	if (ret)
		return kerr("mediasec module not loaded (genl family)", ret,
			    NULL);
	if (cmd == MEDIASEC_CMD_KEY_ADD) {
		/* The context's suite says where the key ends. */
		msg = msnl_msg(&nl, MEDIASEC_CMD_CTX_GET, 0);
		ret = -ENOMEM;
		if (msg) {
			ctx = nla_nest_start(msg, MEDIASEC_A_CTX);
			nla_put_u32(msg, MEDIASEC_A_CTX_ID, r->ctx);
			nla_nest_end(msg, ctx);
			ret = msnl_request(&nl, msg, on_suite, &suite);
		}
		if (ret) {
			ret = kerr("key add", ret, nl.errmsg);
			goto out;
		}
		if (suite_lengths(suite, &klen, &slen) ||
		    r->mat_len != klen + slen) {
			fprintf(stderr,
				"Error: key material is %zu bytes; %s takes a %zu-byte key and a %zu-byte salt\n",
				r->mat_len, ms_suite_name(suite), klen, slen);
			ret = EXIT_USAGE;
			goto out;
		}
	}
	msg = msnl_msg(&nl, cmd, 0);
	if (!msg) {
		ret = kerr("key", -ENOMEM, NULL);
		goto out;
	}
	ctx = nla_nest_start(msg, MEDIASEC_A_CTX);
	nla_put_u32(msg, MEDIASEC_A_CTX_ID, r->ctx);
	key = nla_nest_start(msg, MEDIASEC_A_KEY);
	if (cmd == MEDIASEC_CMD_KEY_ADD) {
		nla_put(msg, MEDIASEC_A_KEY_MASTER, klen, r->mat);
		nla_put(msg, MEDIASEC_A_KEY_SALT, slen, r->mat + klen);
		if (r->have_life)
			nla_put_u64(msg, MEDIASEC_A_KEY_LIFETIME, r->life);
		if (r->have_soft)
			nla_put_u64(msg, MEDIASEC_A_KEY_SOFT_LIFETIME, r->soft);
	}
	if (r->have_mki || cmd == MEDIASEC_CMD_KEY_DEL)
		nla_put_u32(msg, MEDIASEC_A_KEY_MKI, r->mki);
	nla_nest_end(msg, key);
	nla_nest_end(msg, ctx);
	ret = msnl_request(&nl, msg, NULL, NULL);
	if (ret)
		ret = kerr(cmd == MEDIASEC_CMD_KEY_ADD ? "key add" : "key del",
			   ret, nl.errmsg);
out:
	msnl_close(&nl);
	return ret;
}

static int key_cmd(int argc, char **argv, int cmd)
{
	const char *file = NULL;
	unsigned long long v;
	struct key_req r;
	int ret;

	memset(&r, 0, sizeof(r));
	for (; argc; argc -= 2, argv += 2) {
		if (argc < 2)
			return missarg(argv[0]);
		if (!strcmp(argv[0], "ctx")) {
			if (get_u32(argv[1], &v) || !v)
				return invarg("ctx is 1 .. 4294967295", argv[1]);
			r.ctx = (uint32_t)v;
		} else if (!strcmp(argv[0], "mki")) {
			if (get_u32(argv[1], &v))
				return invarg("mki is a number", argv[1]);
			r.mki = (uint32_t)v;
			r.have_mki = 1;
		} else if (cmd == MEDIASEC_CMD_KEY_ADD &&
			   !strcmp(argv[0], "key-file")) {
			file = argv[1];
		} else if (cmd == MEDIASEC_CMD_KEY_ADD &&
			   !strcmp(argv[0], "lifetime")) {
			if (parse_lifetime(argv[1], &r.life))
				return invarg("lifetime is a number or 2^N",
					      argv[1]);
			r.have_life = 1;
		} else if (cmd == MEDIASEC_CMD_KEY_ADD &&
			   !strcmp(argv[0], "soft-lifetime")) {
			if (parse_lifetime(argv[1], &r.soft))
				return invarg("soft-lifetime is a number or 2^N",
					      argv[1]);
			r.have_soft = 1;
		} else {
			return invarg("unknown keyword", argv[0]);
		}
	}
	if (!r.ctx)
		return missarg("ctx");
	if (cmd == MEDIASEC_CMD_KEY_ADD) {
		if (!file)
			return missarg("key-file");
		ret = read_key_file(file, &r);
		if (ret) {
			OPENSSL_cleanse(&r, sizeof(r));
			return ret;
		}
	}
	ret = key_send(&r, cmd);
	OPENSSL_cleanse(&r, sizeof(r));
	return ret;
}

int cmd_key(int argc, char **argv)
{
	if (!argc)
		return missarg("key command");
	if (!strcmp(argv[0], "add"))
		return key_cmd(argc - 1, argv + 1, MEDIASEC_CMD_KEY_ADD);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return key_cmd(argc - 1, argv + 1, MEDIASEC_CMD_KEY_DEL);
	return invarg("key command is add or del", argv[0]);
}
