/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keys SDP carries in base64: the key management attribute of RFC 4567
 * (a=key-mgmt:PROTOCOL DATA, at session or media level; mediasec keeps
 * MIKEY's, decoded), and the base64 itself (RFC 4648 4, the alphabet with
 * "+" and "/", padded), strict as SDP's grammar has it (RFC 4566 9, RFC
 * 8866 9: no white space, no line breaks), which SDES inline keys (RFC
 * 4568) use too.
 */
#ifndef _MS_SDP_KEYMGMT_H
#define _MS_SDP_KEYMGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SDP_KEYMGMT_MAX	2048	/* bytes of a decoded MIKEY message */

/**
 * struct sdp_keymgmt - the a=key-mgmt:mikey of one level
 * @present: there was one
 * @choose: its data was "$" (H.248.1 CHOOSE, as H.248.77 7.2 uses it: a
 *	Local asks the gateway for a MIKEY message of its own), @len 0
 * @others: a=key-mgmt lines of other protocols (not kept)
 * @len: bytes of @data
 * @data: the MIKEY message, decoded
 */
struct sdp_keymgmt {
	bool present;
	bool choose;
	unsigned int others;
	uint16_t len;
	uint8_t data[SDP_KEYMGMT_MAX];
};

/*
 * Attribute @name with value @val (NULL if none): 1 if it is not
 * a=key-mgmt, 0 when taken into @k, or -EINVAL with *@msg (a bad protocol
 * id or base64, MIKEY twice at one level, more than SDP_KEYMGMT_MAX
 * bytes).
 */
int sdp_keymgmt_attr(struct sdp_keymgmt *k, const char *name,
		     const char *val, const char **msg);

struct textbuf;
/* a=key-mgmt:mikey with @k's message in base64, if @k is present. */
void sdp_keymgmt_encode(struct textbuf *o, const struct sdp_keymgmt *k);

/*
 * @n characters at @s into @out (room for @cap bytes): the number of
 * bytes, or -EINVAL (a length not a multiple of 4, a character out of
 * the alphabet, padding that is not at the end, bits under the padding
 * that are not zero, more than @cap bytes).
 */
int b64_decode(const char *s, size_t n, uint8_t *out, size_t cap);
/* @n bytes into @out (room for 4 * ((n + 2) / 3) + 1); its length. */
size_t b64_encode(const uint8_t *in, size_t n, char *out);

#endif /* _MS_SDP_KEYMGMT_H */
