// SPDX-License-Identifier: GPL-2.0
/*
 * H.248.1 v3 text keywords: case-insensitive lookup of the long and short
 * forms (the table itself is H248_TOKEN_LIST in h248_tokens.h).
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "h248_tokens.h"

struct h248_token_row {
	const char *lng;
	const char *shrt;
};

static const struct h248_token_row h248_rows[H248_TOK_NR] = {
#define H248_TOK_ROW(id, l, s) [H248_TOK_##id] = { l, s },
	H248_TOKEN_LIST(H248_TOK_ROW)
#undef H248_TOK_ROW
};

static int h248_tok_eq(const char *kw, const char *s, size_t len)
{
	return kw && strlen(kw) == len && !strncasecmp(kw, s, len);
}

enum h248_tok h248_token_lookup(const char *s, size_t len)
{
	int i;

	if (!s || !len)
		return H248_TOK_NONE;
	for (i = 1; i < H248_TOK_NR; i++) {
		if (!h248_tok_eq(h248_rows[i].lng, s, len) &&
		    !h248_tok_eq(h248_rows[i].shrt, s, len))
			continue;
		/* older spellings of the same keyword */
		if (i == H248_TOK_DIRECTION_OLD)
			return H248_TOK_DIRECTION;
		if (i == H248_TOK_REQUEST_ID_OLD)
			return H248_TOK_REQUEST_ID;
		return (enum h248_tok)i;
	}
	return H248_TOK_NONE;
}

const char *h248_token_name(enum h248_tok tok, int compact)
{
	if (tok <= H248_TOK_NONE || tok >= H248_TOK_NR)
		return "";
	return compact ? h248_rows[tok].shrt : h248_rows[tok].lng;
}

int h248_token_is(const char *name, enum h248_tok tok)
{
	return name && h248_token_lookup(name, strlen(name)) == tok;
}
