// SPDX-License-Identifier: GPL-2.0
/*
 * MSRP terminations (TS 23.334 5.19 "MSRP handling", TS 29.334): an
 * m=message line over TCP/MSRP or TCP/TLS/MSRP (RFC 4975, RFC 4976).  The
 * gateway is MSRP-agnostic (RFC 6714 CEMA): it never reads MSRP, it gives
 * the bytes of one termination's TCP connection to the other's, through
 * the kernel's relay, after the TLS handshakes it terminates (mediasecd's
 * msrp.c does the connections; this file is what H.248 says of them).
 *
 * What the MGC's descriptors mean here (H.248.89 and H.248.90, the TCP and
 * TLS connection control packages TS 29.334 names, were not at hand: the
 * private package "mstls" stands for their items, docs/mediasecd.md):
 *
 * - Remote: the remote's address and port, its a=setup (RFC 4145: the
 *   gateway takes the other role; "actpass" or none makes the gateway
 *   active, the answerer's role in RFC 4975 and RFC 6135), and its
 *   a=fingerprint (RFC 8122; media level, else session level): with
 *   TCP/TLS/MSRP, a fingerprint means the gateway terminates TLS and the
 *   remote's certificate must match it; a PSK given (mstls/pskid and
 *   mstls/psk in LocalControl) means TLS-PSK termination; neither means
 *   end-to-end TLS the gateway relays unopened.
 * - Local: "$" or the realm's address, a=setup:active or passive to fix
 *   the gateway's role.  The answer: the realm's address, the port (9
 *   when active, RFC 4145 section 4), a=setup, a=connection:new and, when
 *   it terminates TLS with a certificate, the SHA-256 a=fingerprint of its
 *   certificate (the "local certificate fingerprint").
 * - Signal mstls/est: an active side connects (as the "establish TCP
 *   connection" / "establish TLS session" signals), once per signal
 *   (est_gen counts them; msrp.c's mgd_msrp_sync() says when a leg
 *   connects again); a passive side listens from the Add on.
 * - Event mstls/fail: the connection or the TLS session could not be
 *   established (a "reason" parameter says why).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "mg_int.h"

#define EST_SIGNAL	"mstls/est"
#define PSKID_PROP	"mstls/pskid"
#define PSK_PROP	"mstls/psk"

int mg_msrp_relay_leg(const struct mg_ctx *c, const struct mg_term *t)
{
	unsigned int j;

	for (j = 0; j < c->nterm; j++)
		if (c->term[j]->msrp.on && c->term[j]->serial < t->serial)
			return 1;
	return 0;
}

static int fail(struct mg_fail *f, unsigned int code, const char *why)
{
	f->code = code;
	f->text = why;
	return -EOPNOTSUPP;
}

/* TCP/MSRP (0), TCP/TLS/MSRP (1), or neither (-1). */
static int msrp_proto(const struct sdp_media *m)
{
	if (!strcasecmp(m->proto_text, "TCP/MSRP"))
		return 0;
	if (!strcasecmp(m->proto_text, "TCP/TLS/MSRP"))
		return 1;
	return -1;
}

bool mg_msrp_media(const struct sdp_media *m)
{
	return !strcmp(m->type, "message");
}

/*
 * What TLS @t has, from its protocol, the fingerprints and a PSK.  A PSK
 * termination stays one: taken back after a restart its record holds no
 * key, and an MGC repeating its Remote does not give the key again (the
 * relay it has would be reset if it became end-to-end).
 */
static enum mg_tls tls_mode(const struct mg_msrp *ms)
{
	if (!ms->proto_tls)
		return MG_TLS_NONE;
	if (ms->remote_tls.nfp)
		return MG_TLS_CERT;
	if (ms->psk_len || ms->tls == MG_TLS_PSK)
		return MG_TLS_PSK;
	return MG_TLS_E2E;
}

/* An RTP termination (its formats known) stays one. */
static int kind_stays(const struct mg_term *t, struct mg_fail *f)
{
	if (!t->msrp.on && t->fmts[0])
		return fail(f, MG_ERR_BAD_MEDIA,
			    "a termination keeps its media: RTP, not MSRP");
	return 0;
}

int mg_msrp_take_remote(struct mg *g, struct mg_term *t, const struct sdp *s,
			const struct sdp_media *m, struct mg_fail *f)
{
	const struct sdp_conn *conn = m->conn.present ? &m->conn : &s->conn;
	const struct sdp_keymgmt *km;
	struct mg_msrp *ms = &t->msrp;
	enum sdp_setup setup;
	int proto = msrp_proto(m);
	bool asked_new;

	if (kind_stays(t, f))
		return -EOPNOTSUPP;
	if (proto < 0)
		return fail(f, MG_ERR_BAD_MEDIA,
			    "message over TCP/MSRP or TCP/TLS/MSRP only");
	if (ms->on && ms->has_remote && ms->proto_tls != !!proto)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "a termination keeps TCP/MSRP or TCP/TLS/MSRP");
	/*
	 * RFC 4145 5: a=connection:new in a Remote that replaces one asks
	 * for a new connection; "existing", or none, keeps the one there is
	 * (MGCs repeat a Remote in a Modify that changes something else).
	 */
	asked_new = t->remote_given &&
		    (m->tls.connection ? m->tls.connection :
		     s->tls.connection) == SDP_CONNECTION_NEW;
	if (asked_new)
		ms->conn_gen++;
	ms->on = true;
	ms->proto_tls = proto;
	ms->has_remote = false;
	if (conn->present && !conn->flags && !m->port_flags && m->port) {
		if ((conn->family == AF_INET ? 4 : 16) != t->side.local.alen)
			return fail(f, MG_ERR_UNSUPPORTED,
				    "the remote's family is not the realm's");
		ms->remote.alen = conn->family == AF_INET ? 4 : 16;
		inet_pton(conn->family, conn->addr, ms->remote.addr);
		ms->remote.port = m->port;
		ms->has_remote = true;
	}
	setup = m->tls.setup ? m->tls.setup : s->tls.setup;
	if (setup == SDP_SETUP_HOLDCONN)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "a=setup:holdconn: no connection to make");
	if (!ms->setup_given)
		ms->active = setup != SDP_SETUP_ACTIVE;
	else if ((setup == SDP_SETUP_ACTIVE && ms->active) ||
		 (setup == SDP_SETUP_PASSIVE && !ms->active))
		return fail(f, MG_ERR_UNSUPPORTED,
			    "the remote's a=setup takes the gateway's role");
	/* RFC 8122 5: media-level fingerprints, else the session's. */
	ms->remote_tls = m->tls.nfp ? m->tls : s->tls;
	if (!proto)
		ms->remote_tls.nfp = 0;
	/* a TLS-PSK from a ticket (RFC 4567 3.1: media, else session) */
	km = m->keymgmt.present ? &m->keymgmt :
	     s->keymgmt.present ? &s->keymgmt : NULL;
	if (km && km->choose)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "\"$\" in the Remote's a=key-mgmt: the remote's "
			    "message is its own");
	if (km && (!proto || ms->remote_tls.nfp))
		return fail(f, MG_ERR_UNSUPPORTED,
			    "a=key-mgmt keys TLS without a=fingerprint only");
	if (km && ms->psk_len && !t->mikey)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "mstls/psk and a=key-mgmt: one PSK or the other");
	if (km) {
		int ret = mg_mikey_take_psk(g, t, km, f);

		if (ret)
			return ret;
		/* taken back after a restart: the record kept no PSK */
		if (!ms->psk_len && asked_new)
			return fail(f, MG_ERR_UNSUPPORTED,
				    "a new connection needs a new "
				    "TRANSFER_INIT (its PSK is not kept "
				    "across a restart)");
	} else if (t->mikey) {
		/* no ticket any more: its PSK and answer go */
		OPENSSL_cleanse(ms->psk, sizeof(ms->psk));
		ms->psk_len = 0;
		ms->psk_id[0] = '\0';
		t->mikey = false;
		t->mikey_init = false;
		t->mikey_resp_len = 0;
		ms->tls = MG_TLS_NONE;		/* tls_mode() anew */
	}
	ms->tls = tls_mode(ms);
	if (ms->tls == MG_TLS_CERT && g->own_fp.hash == SDP_HASH_NONE)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "TLS with a certificate: the gateway has none "
			    "(tls-cert)");
	t->remote_given = true;
	/* Nothing of RTP: mg_plan() makes no flow for this termination. */
	memset(&t->side.remote, 0, sizeof(t->side.remote));
	t->side.has_remote = false;
	t->side.secure = false;
	t->side.has_peer = t->side.has_own = false;
	return 0;
}

int mg_msrp_take_local(struct mg *g, struct mg_term *t, const struct sdp *s,
		       const struct sdp_media *m, struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	const struct sdp_conn *conn = m->conn.present ? &m->conn : &s->conn;
	struct mg_msrp *ms = &t->msrp;
	enum sdp_setup setup = m->tls.setup ? m->tls.setup : s->tls.setup;
	int proto = msrp_proto(m);

	if (kind_stays(t, f))
		return -EOPNOTSUPP;
	if (proto < 0)
		return fail(f, MG_ERR_BAD_MEDIA,
			    "message over TCP/MSRP or TCP/TLS/MSRP only");
	/* the gateway initiates for RTP/SAVP only (mg_mikey.c) */
	if ((m->keymgmt.present && m->keymgmt.choose) ||
	    (s->keymgmt.present && s->keymgmt.choose))
		return fail(f, MG_ERR_UNSUPPORTED,
			    "a=key-mgmt:mikey $ on MSRP: the gateway keys "
			    "RTP/SAVP legs it originates only");
	if (t->remote_given && ms->proto_tls != !!proto)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "the Local and the Remote disagree on TLS");
	if (conn->present && !(conn->flags & SDP_CHOOSE) &&
	    !mg_realm_address(realm, conn))
		return fail(f, MG_ERR_UNSUPPORTED,
			    "the Local address is the realm's");
	if (!m->port_flags && m->port && m->port != t->side.local.port)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "an MSRP termination's Local port is the "
			    "gateway's choice");
	if (setup == SDP_SETUP_ACTIVE || setup == SDP_SETUP_PASSIVE) {
		ms->active = setup == SDP_SETUP_ACTIVE;
		ms->setup_given = true;
	} else if (setup != SDP_SETUP_NONE && setup != SDP_SETUP_ACTPASS) {
		return fail(f, MG_ERR_UNSUPPORTED,
			    "the gateway's a=setup is active or passive");
	}
	if (!t->remote_given) {
		/* Local first (the terminating flow): the remote answers. */
		ms->on = true;
		ms->proto_tls = proto;
		if (!ms->setup_given)
			ms->active = false;	/* it offers actpass: we listen */
	}
	ms->tls = tls_mode(ms);
	return 0;
}

const char *mg_msrp_local_sdp(struct mg *g, const struct mg_term *t,
			      struct mg_reply *o)
{
	const struct mgd_realm *r = &g->cfg->realm[t->realm];
	const struct mg_msrp *ms = &t->msrp;
	const char *ret = NULL;
	struct sdp_media *m;
	struct sdp *s;
	char *buf;
	int n;

	s = calloc(1, sizeof(*s));
	buf = malloc(4096);
	if (!s || !buf)
		goto out;
	s->conn.present = true;
	s->conn.family = r->alen == 4 ? AF_INET : AF_INET6;
	inet_ntop(s->conn.family, r->addr, s->conn.addr, sizeof(s->conn.addr));
	s->nmedia = 1;
	m = &s->media[0];
	strcpy(m->type, "message");
	m->port = ms->active ? 9 : t->side.local.port;
	m->proto = SDP_PROTO_OTHER;
	strcpy(m->proto_text, ms->proto_tls ? "TCP/TLS/MSRP" : "TCP/MSRP");
	strcpy(m->fmts, "*");
	m->tls.setup = ms->active ? SDP_SETUP_ACTIVE : SDP_SETUP_PASSIVE;
	m->tls.connection = SDP_CONNECTION_NEW;
	if (ms->tls == MG_TLS_CERT ||
	    (ms->proto_tls && !t->remote_given && !ms->psk_len &&
	     g->own_fp.hash != SDP_HASH_NONE)) {
		m->tls.fp[0] = g->own_fp;
		m->tls.nfp = 1;
	}
	/* the TRANSFER_RESP a ticket asked for (mg_mikey.c) */
	if (t->mikey && t->mikey_resp_len) {
		m->keymgmt.present = true;
		m->keymgmt.len = t->mikey_resp_len;
		memcpy(m->keymgmt.data, t->mikey_resp, t->mikey_resp_len);
	}
	n = sdp_encode(s, buf, 4096);
	if (n > 0)
		ret = mg_save_text(o, buf, (size_t)n);
out:
	if (s)
		sdp_free(s);
	free(s);
	free(buf);
	return ret;
}

/* "0a1b..." into @out; the length, or -1. */
static int unhex(const char *v, uint8_t *out, size_t max)
{
	size_t n = strlen(v), i;
	unsigned int b;

	if (n % 2 || !n || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(v + 2 * i, "%2x", &b) != 1 ||
		    !strchr("0123456789abcdefABCDEF", v[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", v[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)b;
	}
	return (int)(n / 2);
}

/* A quoted string's value without its quotes. */
static const char *unquote(const char *v, char *buf, size_t len)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		snprintf(buf, len, "%.*s", (int)(n - 2), v + 1);
		return buf;
	}
	return v;
}

/*
 * LocalControl's mstls/pskid (a quoted string) and mstls/psk (the key in
 * hexadecimal, 16 to 64 bytes): both or neither.
 */
int mg_msrp_take_control(struct mg_term *t, const struct h248_stream *st,
			 struct mg_fail *f)
{
	struct mg_msrp *ms = &t->msrp;
	const char *id = NULL, *key = NULL;
	char idbuf[MG_PSK_ID_MAX + 2];
	uint8_t psk[MG_PSK_MAX];
	unsigned int i;
	int n;

	for (i = 0; i < st->nprops; i++) {
		const struct h248_param *p = &st->props[i];

		if (!strcasecmp(p->name, PSKID_PROP))
			id = p->value;
		else if (!strcasecmp(p->name, PSK_PROP))
			key = p->value;
		else
			continue;
		if (!p->value || p->op != '=')
			return fail(f, MG_ERR_UNSUPPORTED,
				    "mstls/pskid and mstls/psk are set with =");
	}
	if (!id && !key)
		return 0;
	if (!id || !key)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "mstls/pskid and mstls/psk go together");
	if (t->mikey)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "mstls/psk on a termination keyed by a ticket");
	id = unquote(id, idbuf, sizeof(idbuf));
	if (!*id || strlen(id) >= sizeof(ms->psk_id))
		return fail(f, MG_ERR_UNSUPPORTED,
			    "mstls/pskid is 1 .. 127 characters");
	n = unhex(key, psk, sizeof(psk));
	if (n < MG_PSK_MIN) {
		OPENSSL_cleanse(psk, sizeof(psk));
		return fail(f, MG_ERR_UNSUPPORTED,
			    "mstls/psk is 16 .. 64 bytes in hexadecimal");
	}
	snprintf(ms->psk_id, sizeof(ms->psk_id), "%s", id);
	memcpy(ms->psk, psk, (size_t)n);
	ms->psk_len = (unsigned int)n;
	OPENSSL_cleanse(psk, sizeof(psk));
	ms->tls = tls_mode(ms);
	return 0;
}

/* Signals of @cmd on @t: mstls/est alone, on an MSRP termination. */
int mg_msrp_take_signals(struct mg_term *t, const struct h248_cmd *cmd,
			 struct mg_fail *f)
{
	unsigned int i;

	if (!(cmd->present & H248_D_SIGNALS))
		return 0;
	for (i = 0; i < cmd->nsignals; i++) {
		if (strcasecmp(cmd->signals[i].name, EST_SIGNAL))
			return fail(f, MG_ERR_NO_SUCH_SIGNAL,
				    "the gateway's one signal is mstls/est");
		if (cmd->signals[i].nparams)
			return fail(f, MG_ERR_UNSUPPORTED,
				    "mstls/est has no parameter");
		if (!t->msrp.on)
			return fail(f, MG_ERR_UNSUPPORTED,
				    "mstls/est is for an MSRP termination");
		t->msrp.establish = true;
		t->msrp.est_gen++;
	}
	return 0;
}

/*
 * Whether two terminations can be relayed: MSRP with MSRP, and TLS the
 * gateway relays unopened (e2e) only with the same on the other side
 * (it cannot open one side's TLS and not the other's: it has no key).
 */
int mg_msrp_check_pair(const struct mg_term *a, const struct mg_term *b,
		       struct mg_fail *f)
{
	if (!a->msrp.on && !b->msrp.on)
		return 0;
	if (!a->msrp.on || !b->msrp.on) {
		/* the other's media is RTP once a Remote said so */
		if ((a->msrp.on ? b : a)->remote_given)
			return fail(f, MG_ERR_BAD_MEDIA,
				    "an MSRP termination is relayed to an "
				    "MSRP termination only");
		return 0;
	}
	if ((a->msrp.tls == MG_TLS_E2E) != (b->msrp.tls == MG_TLS_E2E) &&
	    a->remote_given && b->remote_given)
		return fail(f, MG_ERR_UNSUPPORTED,
			    "end-to-end TLS on one side only: the gateway "
			    "cannot open one side's TLS and relay the other's");
	return 0;
}
