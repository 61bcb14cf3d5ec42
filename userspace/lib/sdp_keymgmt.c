// SPDX-License-Identifier: GPL-2.0
/*
 * Key management attributes (RFC 4567 3.1) and strict base64
 * (sdp_keymgmt.h):
 *
 *   key-mgmt-attribute = "key-mgmt:" 0*1SP prtcl-id SP keymgmt-data
 *   prtcl-id = KMPID = 1*(ALPHA / DIGIT)  ; case sensitive, "mikey"
 *   keymgmt-data = base64
 *
 * Only MIKEY's is kept (RFC 6043 7: a TRANSFER_INIT rides in it); those
 * of other protocols are counted and skipped, as RFC 4567 lets a
 * receiver pick the protocol it supports among several offered.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "sdp_keymgmt.h"
#include "textbuf.h"

static const char b64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_val(char ch)
{
	const char *p = ch ? strchr(b64_chars, ch) : NULL;

	return p ? (int)(p - b64_chars) : -1;
}

int b64_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t i, o = 0, pad = 0, len;
	uint32_t acc;
	int k, v;

	if (n == 0 || n % 4)
		return -EINVAL;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	len = n / 4 * 3 - pad;
	if (len > cap || len > 0x7fffffff)
		return -EINVAL;
	for (i = 0; i < n; i += 4) {
		acc = 0;
		for (k = 0; k < 4; k++) {
			if (i + k >= n - pad) {
				acc <<= 6;
				continue;
			}
			v = b64_val(s[i + k]);
			if (v < 0)
				return -EINVAL;
			acc = acc << 6 | (uint32_t)v;
		}
		/* Non-canonical: bits under the padding must be zero. */
		if ((pad == 1 && i + 4 == n && (acc & 0xff)) ||
		    (pad == 2 && i + 4 == n && (acc & 0xffff)))
			return -EINVAL;
		for (k = 2; k >= 0 && o < len; k--)
			out[o++] = (uint8_t)(acc >> (8 * k));
	}
	return (int)len;
}

size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i, o = 0;
	uint32_t acc;

	for (i = 0; i < n; i += 3) {
		acc = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			acc |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			acc |= in[i + 2];
		out[o++] = b64_chars[acc >> 18 & 63];
		out[o++] = b64_chars[acc >> 12 & 63];
		out[o++] = i + 1 < n ? b64_chars[acc >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64_chars[acc & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

int sdp_keymgmt_attr(struct sdp_keymgmt *k, const char *name,
		     const char *val, const char **msg)
{
	const char *id, *data;
	size_t idlen;
	int n;

	if (strcmp(name, "key-mgmt"))
		return 1;
	if (!val) {
		*msg = "a=key-mgmt without a value";
		return -EINVAL;
	}
	id = val + (*val == ' ');
	idlen = strcspn(id, " ");
	data = id + idlen;
	if (!idlen || *data != ' ' || !data[1]) {
		*msg = "a=key-mgmt is PROTOCOL DATA";
		return -EINVAL;
	}
	for (n = 0; (size_t)n < idlen; n++)
		if (!isalnum((unsigned char)id[n])) {
			*msg = "bad a=key-mgmt protocol id";
			return -EINVAL;
		}
	data++;
	if (idlen != 5 || strncmp(id, "mikey", 5)) {
		k->others++;
		return 0;
	}
	if (k->present) {
		*msg = "two a=key-mgmt:mikey at one level";
		return -EINVAL;
	}
	/* "$": H.248.1 CHOOSE (H.248.77 7.2 wildcarding in a Local) */
	if (!strcmp(data, "$")) {
		k->choose = true;
		k->present = true;
		k->len = 0;
		return 0;
	}
	n = b64_decode(data, strlen(data), k->data, sizeof(k->data));
	if (n < 0) {
		*msg = "bad a=key-mgmt:mikey base64";
		return -EINVAL;
	}
	k->len = (uint16_t)n;
	k->present = true;
	return 0;
}

void sdp_keymgmt_encode(struct textbuf *o, const struct sdp_keymgmt *k)
{
	size_t need = 4 * (((size_t)k->len + 2) / 3) + 1;

	if (!k->present)
		return;
	if (k->len > SDP_KEYMGMT_MAX) {
		o->err = o->err ? o->err : -EINVAL;
		return;
	}
	tb_printf(o, "a=key-mgmt:mikey ");
	if (k->choose) {
		tb_printf(o, "$\r\n");
		return;
	}
	if (o->err)
		return;
	if (o->cap - o->len < need) {
		o->err = -ENOSPC;
		return;
	}
	o->len += b64_encode(k->data, k->len, o->buf + o->len);
	tb_printf(o, "\r\n");
}
