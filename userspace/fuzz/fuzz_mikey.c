// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MIKEY codec (userspace/lib/mikey.c,
 * mikey_out.c).  The input is parsed as a MIKEY message; when that
 * succeeds, it is written again from what was read: that must take as
 * many bytes, parse again to the same payloads, and write again to the
 * very same bytes (reserved bits aside, which the writer zeroes).  The
 * TP Data and Initiator Data of TP and TICKET payloads are parsed as
 * chains, and the input is also parsed as the key data of a KEMAC.  Any
 * failure of these properties aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mikey.h"

#define FZ_OUT	(128 * 1024)

static struct mikey_msg fz_a, fz_b;
static struct mikey_chain fz_c;
static uint8_t fz_out1[FZ_OUT], fz_out2[FZ_OUT];

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_mikey: %s\n", what);
		abort();
	}
}

static size_t fz_write(const struct mikey_msg *m, uint8_t *out, bool *skip)
{
	struct mikey_out o;

	mikey_out_init(&o, out, FZ_OUT);
	mikey_put_hdr(&o, &m->hdr);
	*skip = mikey_put_chain(&o, &m->chain) != 0;
	fz_check(!o.overflow, "write overflowed");
	return o.len;
}

static void fz_same(const struct mikey_msg *a, const struct mikey_msg *b)
{
	unsigned int i;

	fz_check(a->hdr.data_type == b->hdr.data_type &&
		 a->hdr.csb_id == b->hdr.csb_id &&
		 a->hdr.ncs == b->hdr.ncs && a->chain.n == b->chain.n,
		 "read again: another header or payload count");
	for (i = 0; i < a->chain.n; i++) {
		const struct mikey_pl *p = &a->chain.pl[i];
		const struct mikey_pl *q = &b->chain.pl[i];

		fz_check(p->type == q->type && p->len == q->len &&
			 p->role == q->role && p->kind == q->kind &&
			 p->data.len == q->data.len &&
			 (!p->data.len ||
			  !memcmp(p->data.p, q->data.p, p->data.len)),
			 "read again: another payload");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mikey_key keys[MIKEY_MAX_KEYS];
	const char *why = NULL;
	size_t n1, n2;
	unsigned int i;
	bool skip;

	mikey_parse_keys(data, size, keys, MIKEY_MAX_KEYS, &why);
	mikey_parse_chain(data, size, true, &fz_c, &why);
	if (mikey_parse(data, size, &fz_a, &why)) {
		fz_check(why != NULL, "refused without a reason");
		return 0;
	}
	for (i = 0; i < fz_a.chain.n; i++) {
		const struct mikey_pl *p = &fz_a.chain.pl[i];

		if (p->type == MIKEY_PT_TP || p->type == MIKEY_PT_TICKET)
			mikey_parse_chain(p->data.p, p->data.len, true, &fz_c,
					  &why);
		if (p->type == MIKEY_PT_TICKET)
			mikey_parse_chain(p->init.p, p->init.len, false,
					  &fz_c, &why);
	}
	n1 = fz_write(&fz_a, fz_out1, &skip);
	if (skip)
		return 0;	/* a payload the writer does not write */
	fz_check(n1 == size, "written again: another length");
	fz_check(!mikey_parse(fz_out1, n1, &fz_b, &why),
		 "written again: not read again");
	fz_same(&fz_a, &fz_b);
	n2 = fz_write(&fz_b, fz_out2, &skip);
	fz_check(n1 == n2 && !memcmp(fz_out1, fz_out2, n1),
		 "written twice: other bytes");
	return 0;
}
