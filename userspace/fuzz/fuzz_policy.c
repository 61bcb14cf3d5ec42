// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the media policies mediasecd takes from a
 * stream's LocalControl (userspace/mediasecd/mg_policy.c: gm, tman, ds,
 * ipnapt values), the RTP clock it reads from the m= line and a=rtpmap,
 * and the LocalControl an AuditValue returns.  Input: lines "NAME=VALUE"
 * (the properties), then a line "fmts ..." and "rtpmap:..." lines.  What
 * is taken holds only what the kernel takes (a policer with its rate and
 * burst in range, a peak not below the rate, a prefix within its address,
 * ports in order, a code point of 6 bits); a refusal changes nothing.
 * Any failure of these properties aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_int.h"

#define FZ_PROPS	16

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_policy: %s\n", what);
		abort();
	}
}

/* The reply's strings (mg_exec.c's, without the rest of the gateway). */
const char *mg_save_str(struct mg_reply *o, const char *s)
{
	size_t n = strlen(s) + 1;

	if (o->used + n > sizeof(o->text))
		return "";
	memcpy(o->text + o->used, s, n);
	o->used += n;
	return o->text + o->used - n;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct mg_term t, before;
	static struct mg_reply o;
	struct h248_param props[FZ_PROPS];
	struct h248_stream st = { .props = props };
	const struct mg_side_pol *p = &t.side.pol;
	struct mg_fail f = { 0 };
	char *text, *line, *save = NULL, *eq;
	size_t fl = 0;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&t, 0, sizeof(t));
	t.side.local.alen = 4;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "fmts ", 5)) {
			snprintf(t.fmts, sizeof(t.fmts), "%s", line + 5);
		} else if (!strncmp(line, "rtpmap:", 7)) {
			fl += (size_t)snprintf(t.formats + fl,
					       sizeof(t.formats) - fl, "%s%s",
					       fl ? "\n" : "", line);
			if (fl >= sizeof(t.formats))
				fl = sizeof(t.formats) - 1;
		} else if ((eq = strchr(line, '=')) && st.nprops < FZ_PROPS) {
			*eq = '\0';
			props[st.nprops++] = (struct h248_param){
				.name = line, .value = eq + 1, .op = '=' };
		}
	}
	before = t;
	if (mg_take_policies(&t, &st, &f)) {
		fz_check(f.code == 449 && f.text, "a refusal is 449, with why");
		fz_check(!memcmp(&t, &before, sizeof(t)),
			 "a refusal changes nothing");
	} else {
		fz_check(!p->rate || (p->rate <= UINT32_MAX &&
				      p->burst >= 64 && p->burst <= 1U << 26),
			 "a policer's rate and burst");
		fz_check(!p->peak_rate || (p->peak_rate >= p->rate &&
					   p->peak_burst >= 1500 &&
					   p->peak_burst <= 1U << 26),
			 "a peak bucket");
		fz_check(!p->has_sam || (p->sam.alen == 4 &&
					 p->sam_len <= 32),
			 "a prefix of the stream's family, within it");
		fz_check(!p->has_spr || (p->spr_lo && p->spr_lo <= p->spr_hi),
			 "a port range in order");
		fz_check(p->dscp <= 63, "a 6-bit code point");
	}
	mg_pol_clock(&t);
	fz_check(p->clock_rate <= 10000000, "a clock the kernel takes");
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	mg_pol_audit(&t, &o, &st);
	fz_check(st.nprops <= sizeof(o.params) / sizeof(o.params[0]),
		 "the audit's properties in the reply");
	free(text);
	return 0;
}
