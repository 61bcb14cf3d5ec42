/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SDP (RFC 8866) as H.248 carries it in Local and Remote descriptors: the
 * subset the media gateway needs, parsed into fixed-size structures and
 * written back.  Lines are "x=value" ended by LF or CRLF, may be indented
 * (H.248) and only printable ASCII is accepted.  H.248's CHOOSE ("$") and
 * unspecified ("-") are flags on addresses and ports.  v= is required;
 * o=, s= and t= are optional as H.248 allows.  a=crypto is SDES (sdes.h).
 *
 * Return codes: 0; -EINVAL for a syntax error (H.248 400); -EOPNOTSUPP
 * for valid SDP the gateway cannot use, e.g. a network type other than IN
 * or a host name (449/501); -E2BIG for more than the bounds below;
 * -ENOSPC for a full output buffer.
 */
#ifndef MEDIASEC_SDP_H
#define MEDIASEC_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sdes.h"
#include "sdp_keymgmt.h"
#include "sdp_tls.h"

#define SDP_MAX_MEDIA	4	/* m= sections */
#define SDP_MAX_CRYPTO	8	/* a=crypto per m= section */
#define SDP_MAX_KEPT	8	/* a=rtpmap, a=fmtp per m= section, other
				 * attributes kept per level
				 */
#define SDP_MAX_FMTS	32	/* formats on an m= line */
#define SDP_MAX_LINE	4096	/* bytes on a line (a=key-mgmt), without its end */
#define SDP_TEXT_MAX	256	/* o=, s=, formats */
#define SDP_ATTR_MAX	128	/* rtpmap and unknown attribute text */

/* Flags of an address or a port (H.248 section 7.1.8) */
#define SDP_CHOOSE	0x1	/* "$": the gateway chooses */
#define SDP_UNSPEC	0x2	/* "-": unspecified */

enum sdp_proto {
	SDP_PROTO_OTHER,	/* see sdp_media.proto_text */
	SDP_PROTO_RTP_AVP,
	SDP_PROTO_RTP_SAVP,
};

enum sdp_dir {
	SDP_DIR_NONE,		/* no attribute (sendrecv by default) */
	SDP_DIR_SENDRECV,
	SDP_DIR_SENDONLY,
	SDP_DIR_RECVONLY,
	SDP_DIR_INACTIVE,
};

/**
 * struct sdp_conn - a c= line
 * @present: the line was there
 * @flags: SDP_CHOOSE or SDP_UNSPEC instead of an address
 * @family: AF_INET (IP4) or AF_INET6 (IP6)
 * @addr: the numeric address as written, "" with @flags
 */
struct sdp_conn {
	bool present;
	unsigned int flags;
	int family;
	char addr[46];
};

/**
 * struct sdp_attrs - attributes kept as text
 * @count: how many there were
 * @text: the first SDP_MAX_KEPT of them, after "a=" (unknown ones) or
 *	"a=rtpmap:", unknown ones cut at SDP_ATTR_MAX - 1 bytes
 */
struct sdp_attrs {
	unsigned int count;
	char text[SDP_MAX_KEPT][SDP_ATTR_MAX];
};

/**
 * struct sdp_media - an m= section
 * @type: media type ("audio", ...)
 * @port: RTP port unless @port_flags
 * @port_flags: SDP_CHOOSE or SDP_UNSPEC
 * @nports: the "/count" of the port, 0 if absent
 * @proto: transport protocol
 * @proto_text: transport protocol as written
 * @fmts: formats, separated by one space
 * @nfmts: number of formats
 * @conn: media-level c=
 * @dir: direction attribute
 * @rtcp_mux: a=rtcp-mux
 * @has_rtcp: a=rtcp was there
 * @rtcp_port: the port of a=rtcp
 * @rtcp_conn: its address, when it gives one (RFC 3605: "a=rtcp:PORT IN
 *	IP4 ADDRESS"); else not present
 * @ptime: a=ptime in ms, 0 if absent
 * @rtpmap: a=rtpmap values ("96 telephone-event/8000")
 * @fmtp: a=fmtp values ("96 0-15"), written back as the rtpmap ones
 * @ncrypto: number of @crypto
 * @crypto: a=crypto attributes; those with sdes_crypto.unsupported set
 *	hold nothing else
 * @tls: a=setup, a=connection, a=fingerprint, a=path, a=msrp-cema
 * @keymgmt: a=key-mgmt:mikey (RFC 4567), decoded
 * @unknown: other attributes (never written back)
 */
struct sdp_media {
	char type[16];
	uint16_t port;
	unsigned int port_flags;
	uint16_t nports;
	enum sdp_proto proto;
	char proto_text[32];
	char fmts[SDP_TEXT_MAX];
	unsigned int nfmts;
	struct sdp_conn conn;
	enum sdp_dir dir;
	bool rtcp_mux;
	bool has_rtcp;
	uint16_t rtcp_port;
	struct sdp_conn rtcp_conn;
	uint32_t ptime;
	struct sdp_attrs rtpmap;
	struct sdp_attrs fmtp;
	unsigned int ncrypto;
	struct sdes_crypto crypto[SDP_MAX_CRYPTO];
	struct sdp_tls tls;
	struct sdp_keymgmt keymgmt;
	struct sdp_attrs unknown;
};

/**
 * struct sdp - a session description
 * @has_o: o= was there
 * @has_s: s= was there
 * @has_t: t= was there (the first is kept)
 * @origin: o= value
 * @name: s= value
 * @conn: session-level c=
 * @t_start: t= start time
 * @t_stop: t= stop time
 * @dir: session-level direction attribute
 * @tls: session-level a=setup, a=connection, a=fingerprint
 * @keymgmt: session-level a=key-mgmt:mikey (RFC 4567), decoded
 * @unknown: other session-level attributes (never written back)
 * @nmedia: number of @media
 * @media: m= sections
 */
struct sdp {
	bool has_o;
	bool has_s;
	bool has_t;
	char origin[SDP_TEXT_MAX];
	char name[SDP_TEXT_MAX];
	struct sdp_conn conn;
	uint64_t t_start;
	uint64_t t_stop;
	enum sdp_dir dir;
	struct sdp_tls tls;
	struct sdp_keymgmt keymgmt;
	struct sdp_attrs unknown;
	unsigned int nmedia;
	struct sdp_media media[SDP_MAX_MEDIA];
};

/**
 * struct sdp_error - where parsing stopped
 * @line: 1-based line number, 0 if not about one line
 * @msg: constant text of the error (never key material)
 */
struct sdp_error {
	unsigned int line;
	const char *msg;
};

/**
 * sdp_parse() - parse a session description
 * @s: result; on error it is wiped
 * @text: the SDP, not necessarily NUL-terminated
 * @len: bytes in @text
 * @err: where and why it failed (may be NULL)
 *
 * An a=crypto attribute that is valid but unusable (-EOPNOTSUPP from
 * sdes_parse()) does not fail the parse: it is kept with
 * sdes_crypto.unsupported set, so the gateway can pick another one.
 *
 * Return: 0, -EINVAL, -EOPNOTSUPP or -E2BIG.
 */
int sdp_parse(struct sdp *s, const char *text, size_t len,
	      struct sdp_error *err);

/**
 * sdp_encode() - write a session description, lines ended by CRLF
 * @s: the description; a=crypto attributes with sdes_crypto.unsupported
 *	and the unknown attributes are not written
 * @buf: output, NUL-terminated; holds key material, the caller wipes it
 * @cap: size of @buf
 *
 * Writes v=0, o= if @s has one, s= ("-" if none), the session c=, t= (0 0
 * if none), the session direction, then per m= section its m= and c=
 * lines, a=rtpmap, a=fmtp, a=ptime, a=crypto, a=rtcp, a=rtcp-mux and
 * direction.
 *
 * Return: the length written (without the NUL), -EINVAL for a field that
 * cannot be written, or -ENOSPC (then @buf is wiped).
 */
int sdp_encode(const struct sdp *s, char *buf, size_t cap);

/**
 * sdp_free() - wipe a session description and its key material
 * @s: the description
 */
void sdp_free(struct sdp *s);

#endif /* MEDIASEC_SDP_H */
