// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the H.248 text codec.  Parse the input as a
 * message; on success encode it, long form and short form, and parse each
 * encoding again: it must parse and encode to the same text (the encoder
 * is a fixed point after one trip).  Any refusal must carry an error code
 * and an offset within the input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h248.h"

static struct h248_tree tree, tree2;
static struct h248_pool pool, pool2;
static struct h248_msg msg, msg2;
static char out[H248_MAX_MSG + 1], out2[H248_MAX_MSG + 1];

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct h248_err err;
	unsigned int flags, i, bad;
	int len, len2;

	if (h248_parse((const char *)data, size, &tree, &msg, &pool, &err)) {
		if (!err.code || !err.reason ||
		    (err.off > size && size <= H248_MAX_MSG)) {
			fprintf(stderr, "bad error: %d %zu %s\n", err.code,
				err.off, err.reason);
			abort();
		}
		return 0;
	}
	/* A request that failed alone carries its error, and no actions. */
	for (i = 0, bad = 0; i < msg.ntrans; i++) {
		const struct h248_trans *t = &msg.trans[i];

		if (t->kind != H248_TRANS_REQUEST || !t->has_error)
			continue;
		if (!t->error.code || !t->error.text || t->nactions) {
			fprintf(stderr, "bad request error: %u\n",
				t->error.code);
			abort();
		}
		bad++;
	}
	if (bad)
		return 0;	/* such a message is not encoded again */
	for (flags = 0; flags <= H248_ENC_COMPACT; flags++) {
		len = h248_encode(&msg, out, sizeof(out), flags);
		if (len == -ENOSPC || len == -EINVAL)
			continue;	/* e.g. an empty command list */
		if (len < 0 || (size_t)len != strlen(out))
			abort();
		if (h248_parse(out, (size_t)len, &tree2, &msg2, &pool2,
			       &err)) {
			fprintf(stderr, "re-parse failed: %s at %zu\n%s\n",
				err.reason, err.off, out);
			abort();
		}
		len2 = h248_encode(&msg2, out2, sizeof(out2), flags);
		if (len2 != len || memcmp(out, out2, (size_t)len)) {
			fprintf(stderr, "not a fixed point:\n%s\n--\n%s\n",
				out, out2);
			abort();
		}
	}
	return 0;
}
