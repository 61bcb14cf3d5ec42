// SPDX-License-Identifier: GPL-2.0
/*
 * The Media descriptor of a command taken into a termination (mode, Remote
 * SDP) and the Local SDP the gateway answers with.  This is where a changed
 * Remote is judged to keep the gateway's key (the same key, or the same
 * party with a key that still fits) or to call for a new one: a key that
 * changes unasked breaks what the remote decrypts, one kept for a new party
 * gives it what was sent to the one before.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mg_int.h"
#include "state.h"

/*
 * Whether @c is the key @t's remote protects with now: the same a=crypto,
 * or, sealed, one whose keys have the same fingerprints (under any tag:
 * the tag is not the key).
 */
static bool same_peer(const struct mg_term *t, const struct sdes_crypto *c)
{
	struct sdes_crypto x = *c;
	unsigned int k;
	bool same;

	for (k = 0; t->sealed_peer && k < x.nkeys; k++)
		if (mg_seal_key(t->salt, &x.keys[k])) {
			OPENSSL_cleanse(&x, sizeof(x));
			return false;
		}
	if (t->sealed_peer)
		x.tag = t->side.peer.tag;
	same = !memcmp(&t->side.peer, &x, sizeof(x));
	OPENSSL_cleanse(&x, sizeof(x));
	return same;
}

/*
 * The Remote descriptor's SDP into @t: address, port, RTP/AVP or
 * RTP/SAVP, the first a=crypto the engine supports, rtcp-mux.
 */
/* Appends "@what:@v" as a line of @t's formats at *@n; -E2BIG if full. */
static int keep_line(struct mg_term *t, size_t *n, const char *what,
		     const char *v)
{
	int l = snprintf(t->formats + *n, sizeof(t->formats) - *n, "%s%s:%s",
			 *n ? "\n" : "", what, v);

	if (l < 0 || (size_t)l >= sizeof(t->formats) - *n)
		return -E2BIG;
	*n += (size_t)l;
	return 0;
}

/*
 * The payload's descriptions of @m (a=rtpmap, a=fmtp, a=ptime) into @t:
 * kept, to be answered in our Local.  -E2BIG when they do not fit
 * (refused, not cut short).
 */
static int keep_formats(struct mg_term *t, const struct sdp_media *m)
{
	unsigned int i;
	size_t n = 0;

	t->formats[0] = '\0';
	for (i = 0; i < m->rtpmap.count && i < SDP_MAX_KEPT; i++)
		if (keep_line(t, &n, "rtpmap", m->rtpmap.text[i]))
			return -E2BIG;
	for (i = 0; i < m->fmtp.count && i < SDP_MAX_KEPT; i++)
		if (keep_line(t, &n, "fmtp", m->fmtp.text[i]))
			return -E2BIG;
	t->ptime = m->ptime;
	return 0;
}

/*
 * Whether the realm's policy (realm-policy) lets a remote use @c: its
 * suite, and only session parameters it allows.  By default a UE cannot
 * switch encryption (NULL cipher suites, UNENCRYPTED_SRTP/SRTCP) or
 * authentication (UNAUTHENTICATED_SRTP) off on its word alone: with
 * latching, any spoofer would then take the call's media.
 */
bool mg_realm_allows(const struct mgd_realm *r, const struct sdes_crypto *c)
{
	unsigned int session = SDES_UNENCRYPTED_SRTP | SDES_UNENCRYPTED_SRTCP |
			       SDES_UNAUTHENTICATED_SRTP;

	return c->suite < 32 && (r->suites & (1U << c->suite)) &&
	       !(c->flags & session & ~r->params);
}

/*
 * Whether our key stays when the remote's new line is @c: a key still
 * fitting the remote (same suite and parameters; same MKI length while
 * one is in use) for the same remote.  No remote known before (@had
 * false): our key was offered first (Local-first, H.248.77's terminating
 * flow) to whoever answers: it stays if only the suite and parameters fit.
 */
static bool keeps_own(const struct mg_term *t, const struct sdes_crypto *c,
		      bool had, const struct msobj_ep *was)
{
	const struct sdes_crypto *own = &t->side.own;

	if (!had)
		return own->suite == c->suite &&
		       own->flags == (c->flags & (SDES_UNENCRYPTED_SRTP |
						  SDES_UNENCRYPTED_SRTCP |
						  SDES_UNAUTHENTICATED_SRTP));
	return mg_own_fits(own, c) && t->side.has_remote &&
	       !memcmp(was, &t->side.remote, sizeof(*was));
}

static int take_remote(struct mg *g, struct mg_term *t, const char *text,
		       struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	struct msobj_ep was = t->side.remote;
	bool had = t->side.has_remote;
	const struct sdp_keymgmt *km;
	const struct sdp_conn *conn;
	struct sdp_media *m;
	struct sdp_error err;
	struct sdp *s;
	unsigned int i;
	int ret = 0;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (sdp_parse(s, text, strlen(text), &err)) {
		f->code = H248_ERR_SYNTAX_CMD;
		f->text = err.msg;
		ret = -EINVAL;
		goto out;
	}
	t->remote_given = true;
	m = &s->media[0];
	/*
	 * One m= line: a stream of H.248 is one media line (H.248.1 7.1.8);
	 * more would be streams of their own, not lines to drop unread.
	 */
	if (s->nmedia != 1) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "one m= line per stream";
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (mg_msrp_media(m)) {
		ret = mg_msrp_take_remote(g, t, s, m, f);
		goto out;
	}
	if (t->msrp.on) {
		f->code = MG_ERR_BAD_MEDIA;
		f->text = "a termination keeps its media: MSRP, not RTP";
		ret = -EOPNOTSUPP;
		goto out;
	}
	/* 515 "Unsupported Media Type": audio over RTP/AVP or RTP/SAVP. */
	if (strcmp(m->type, "audio") ||
	    (m->proto != SDP_PROTO_RTP_AVP && m->proto != SDP_PROTO_RTP_SAVP)) {
		f->code = MG_ERR_BAD_MEDIA;
		f->text = "audio over RTP/AVP or RTP/SAVP only";
		ret = -EOPNOTSUPP;
		goto out;
	}
	snprintf(t->fmts, sizeof(t->fmts), "%s", m->fmts);
	if (keep_formats(t, m)) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "more a=rtpmap and a=fmtp than the gateway keeps";
		ret = -E2BIG;
		goto out;
	}
	/* no answer to the gateway's ticket turns SRTP off */
	if (t->mikey && t->mikey_init && m->proto != SDP_PROTO_RTP_SAVP) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "RTP/AVP in the answer to the gateway's ticket";
		ret = -EINVAL;
		goto out;
	}
	t->side.secure = m->proto == SDP_PROTO_RTP_SAVP;
	t->side.mux = m->rtcp_mux;
	conn = m->conn.present ? &m->conn : &s->conn;
	t->side.has_remote = false;
	if (conn->present && !conn->flags && !m->port_flags && m->port) {
		if ((conn->family == AF_INET ? 4 : 16) != t->side.local.alen) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "the remote's family is not the realm's";
			ret = -EOPNOTSUPP;
			goto out;
		}
		t->side.remote.alen = conn->family == AF_INET ? 4 : 16;
		inet_pton(conn->family, conn->addr, t->side.remote.addr);
		t->side.remote.port = m->port;
		t->side.has_remote = true;
	}
	/* RFC 3605: RTCP elsewhere than the RTP port + 1. */
	t->side.has_rtcp = false;
	if (t->side.has_remote && m->has_rtcp && !m->rtcp_mux) {
		const struct sdp_conn *rc = m->rtcp_conn.present ?
					    &m->rtcp_conn : conn;

		if ((rc->family == AF_INET ? 4 : 16) != t->side.local.alen) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "the remote's a=rtcp family is not the realm's";
			ret = -EOPNOTSUPP;
			goto out;
		}
		t->side.rtcp.alen = t->side.local.alen;
		inet_pton(rc->family, rc->addr, t->side.rtcp.addr);
		t->side.rtcp.port = m->rtcp_port;
		t->side.has_rtcp = true;
	}
	if (!t->side.secure) {
		t->side.has_peer = t->side.has_own = false;
		t->sealed_peer = false;
		t->sealed_own = false;
		t->mikey = false;
		t->mikey_init = false;
		goto out;
	}
	/*
	 * RFC 4567 3.1: MIKEY at media level, else at session level.  With
	 * a KMS, it goes before a=crypto (RFC 4568 offered beside it); with
	 * none, a=crypto is taken if there is one.
	 */
	km = m->keymgmt.present ? &m->keymgmt :
	     s->keymgmt.present ? &s->keymgmt : NULL;
	if (km && km->choose) {
		f->code = MG_ERR_UNSUPPORTED;
		f->text = "\"$\" in the Remote's a=key-mgmt: the remote's "
			  "message is its own";
		ret = -EINVAL;
		goto out;
	}
	if (t->mikey && t->mikey_init) {
		ret = mg_mikey_take_answer(g, t, km, m->ncrypto, had &&
					   memcmp(&was, &t->side.remote,
						  sizeof(was)), f);
		if (ret <= 0)
			goto out;	/* the answer to our ticket */
		ret = 0;		/* a ticket of the remote's own */
	}
	if (km && (g->ops->kms_resolve || !m->ncrypto)) {
		ret = mg_mikey_take_remote(g, t, km, f);
		goto out;
	}
	if (t->mikey) {		/* from MIKEY to SDES: a key of our own */
		t->side.has_peer = t->side.has_own = false;
		t->mikey = false;
		t->mikey_init = false;
	}
	for (i = 0; i < m->ncrypto; i++)
		if (m->crypto[i].choose) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "\"$\" in the Remote: the remote's key is "
				  "its own";
			ret = -EINVAL;
			goto out;
		}
	/* The first line (in the remote's order) we support and allow. */
	for (i = 0; i < m->ncrypto && (m->crypto[i].unsupported ||
				       !mg_realm_allows(realm, &m->crypto[i]));
	     i++)
		;
	if (m->ncrypto && i == m->ncrypto) {
		for (i = 0; i < m->ncrypto && m->crypto[i].unsupported; i++)
			;
		f->code = MG_ERR_UNSUPPORTED;
		f->text = i < m->ncrypto ?
			  "no a=crypto suite or session parameters the "
			  "realm's policy accepts" :
			  "no a=crypto suite or parameter the gateway supports";
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (i == m->ncrypto) {
		t->side.has_peer = t->side.has_own = false;	/* e2e */
		t->mikey = false;
		t->mikey_init = false;
		t->sealed_peer = false;
		t->sealed_own = false;
		goto out;
	}
	/*
	 * The same key as before: ours stays too (and the contexts).  A key
	 * sealed since a restart is compared by its fingerprint.
	 */
	if (t->side.has_peer && t->side.has_own &&
	    same_peer(t, &m->crypto[i])) {
		t->side.peer.tag = m->crypto[i].tag;
		t->side.own.tag = m->crypto[i].tag;
		t->tag = m->crypto[i].tag;
		goto out;
	}
	t->side.peer = m->crypto[i];
	t->side.has_peer = true;
	t->sealed_peer = false;
	t->tag = m->crypto[i].tag;
	/*
	 * The remote's new key leaves ours as it was if it still fits (the
	 * remote keeps decrypting what we send): same suite, parameters and
	 * MKI length, and the same remote - a new party (a transfer) never
	 * gets the key of what we sent to the one before.
	 */
	/*
	 * (Sealed since a restart, ours stays too: the kernel has it, and
	 * mg_take_media() announces the next one.)
	 */
	if (t->side.has_own && keeps_own(t, &m->crypto[i], had, &was)) {
		t->side.own.tag = m->crypto[i].tag;
		goto out;
	}
	if (mg_new_own(g, t, &m->crypto[i])) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		ret = -EIO;
	}
out:
	sdp_free(s);
	free(s);
	return ret;
}

/*
 * The suite the gateway offers when the MGC leaves it to choose and no
 * remote has chosen yet: the realm's first allowed in the order of
 * preference below (RFC 4568's mandatory suite first).
 */
static unsigned int offered_suite(const struct mgd_realm *r)
{
	static const unsigned int pref[] = {
		MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
		MEDIASEC_SUITE_AEAD_AES_128_GCM,
		MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80,
		MEDIASEC_SUITE_AEAD_AES_256_GCM,
		MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32,
		MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32,
	};
	unsigned int i;

	for (i = 0; i < sizeof(pref) / sizeof(pref[0]); i++)
		if (r->suites & (1U << pref[i]))
			return pref[i];
	return 0;
}

/*
 * Our key as the Local's a=crypto line @c asks, into @t: what it gives is
 * applied (a key given is the one we protect with: the MGC chose it);
 * what it leaves to us ("$") we choose, and a key we hold that fits what
 * is asked stays (a Modify repeating the Local never changes our key).
 * 1 if @c cannot be ours (suite or parameters refused), else 0 or -errno.
 */
static int local_crypto(struct mg *g, struct mg_term *t,
			const struct sdes_crypto *c)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	struct sdes_crypto want = *c;
	int ret = 0;

	if (c->unsupported)
		return 1;
	if (c->choose & SDES_CHOOSE_SUITE)
		want.suite = t->side.has_peer ? t->side.peer.suite :
			     t->side.has_own ? t->side.own.suite :
			     offered_suite(realm);
	if (c->choose & SDES_CHOOSE_TAG)
		want.tag = t->side.has_peer ? t->side.peer.tag :
			   t->side.has_own ? t->side.own.tag : 1;
	/* Never weaker than the realm allows, and of the remote's suite. */
	if (!want.suite || !mg_realm_allows(realm, &want) ||
	    (t->side.has_peer && want.suite != t->side.peer.suite)) {
		OPENSSL_cleanse(&want, sizeof(want));
		return 1;
	}
	if (c->choose & SDES_CHOOSE_KEY) {
		if (!t->side.has_own || t->sealed_own ||
		    t->side.own.suite != want.suite ||
		    t->side.own.flags != (want.flags & (SDES_UNENCRYPTED_SRTP |
							SDES_UNENCRYPTED_SRTCP |
							SDES_UNAUTHENTICATED_SRTP))) {
			/* with the remote's MKI length, if one is known */
			want.nkeys = 1;
			if (t->side.has_peer)
				want.keys[0].mki_len =
					t->side.peer.keys[0].mki_len;
			ret = mg_new_own(g, t, &want) ? -EIO : 0;
		}
		if (!ret)
			t->side.own.tag = want.tag;
	} else {
		/* The MGC's key for us: ours from now on (unless it is). */
		want.choose = 0;
		want.unsupported = NULL;
		if (!t->side.has_own ||
		    memcmp(&t->side.own, &want, sizeof(want))) {
			ret = mg_new_own(g, t, &want);	/* resets the next */
			if (!ret)
				t->side.own = want;
		}
	}
	OPENSSL_cleanse(&want, sizeof(want));
	return ret;
}

/* Whether @c (a Local's c=, not "$") is the realm's own address. */
bool mg_realm_address(const struct mgd_realm *r, const struct sdp_conn *c)
{
	uint8_t a[16];

	return (c->family == AF_INET ? 4 : 16) == r->alen &&
	       inet_pton(c->family, c->addr, a) == 1 &&
	       !memcmp(a, r->addr, r->alen);
}

/*
 * The Local descriptor the MGC gives (H.248.1 7.1.8; H.248.77 clause 7;
 * TS 29.334): what it fixes is applied or refused (449), what it leaves
 * to the gateway ("$") the gateway chooses.  The address is the realm's;
 * a port may be fixed when the termination is added (free and in the
 * realm's range), not changed later; RTP/SAVP with an a=crypto line
 * gives our key (local_crypto()), also before any Remote is known - the
 * terminating flow, where our Local goes into the offer to the UE first;
 * a=key-mgmt:mikey $ has the gateway key the leg by a ticket instead
 * (mg_mikey_take_local()).
 */
static int take_local(struct mg *g, struct mg_term *t, const char *text,
		      struct mg_fail *f)
{
	const struct mgd_realm *realm = &g->cfg->realm[t->realm];
	const struct sdp_keymgmt *km;
	const struct sdp_conn *conn;
	struct sdp_media *m;
	struct sdp_error err;
	struct sdp *s;
	unsigned int i;
	uint16_t port;
	bool secure;
	int ret = 0;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	f->code = MG_ERR_UNSUPPORTED;
	if (sdp_parse(s, text, strlen(text), &err)) {
		f->code = H248_ERR_SYNTAX_CMD;
		f->text = err.msg;
		ret = -EINVAL;
		goto out;
	}
	m = &s->media[0];
	if (s->nmedia != 1) {
		f->text = "one m= line per stream";
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (mg_msrp_media(m)) {
		ret = mg_msrp_take_local(g, t, s, m, f);
		goto out;
	}
	if (strcmp(m->type, "audio") || t->msrp.on ||
	    (m->proto != SDP_PROTO_RTP_AVP && m->proto != SDP_PROTO_RTP_SAVP)) {
		f->code = MG_ERR_BAD_MEDIA;
		f->text = "audio over RTP/AVP or RTP/SAVP only";
		ret = -EOPNOTSUPP;
		goto out;
	}
	conn = m->conn.present ? &m->conn : &s->conn;
	if (conn->present && !(conn->flags & SDP_CHOOSE) &&
	    !mg_realm_address(realm, conn)) {
		f->text = "the Local address is the realm's";
		ret = -EINVAL;
		goto out;
	}
	port = !m->port_flags && m->port && m->port != t->side.local.port ?
	       m->port : 0;
	if (port && t->ctx) {
		f->text = "the port of a termination stays";
		ret = -EINVAL;
		goto out;
	}
	secure = m->proto == SDP_PROTO_RTP_SAVP;
	if (t->remote_given && secure != t->side.secure) {
		f->text = "the Local and the Remote disagree on RTP/SAVP";
		ret = -EINVAL;
		goto out;
	}
	if (!t->remote_given) {
		t->side.secure = secure;
		if (strcmp(m->fmts, "$"))
			snprintf(t->fmts, sizeof(t->fmts), "%s", m->fmts);
		if (keep_formats(t, m)) {
			f->text = "more a=rtpmap and a=fmtp than the gateway "
				  "keeps";
			ret = -E2BIG;
			goto out;
		}
		if (!secure) {
			t->side.has_own = false;
			OPENSSL_cleanse(&t->side.own, sizeof(t->side.own));
		}
	}
	/* MIKEY gave both keys: an a=crypto of ours would contradict it */
	if (t->mikey && m->ncrypto) {
		f->text = "a=crypto in the Local of a termination keyed by "
			  "a=key-mgmt";
		ret = -EINVAL;
		goto out;
	}
	km = m->keymgmt.present ? &m->keymgmt :
	     s->keymgmt.present ? &s->keymgmt : NULL;
	if (km) {
		ret = mg_mikey_take_local(g, t, km, secure, m->ncrypto, f);
		if (ret)
			goto out;
	}
	/* The first line (in the MGC's order) that can be ours. */
	for (i = 0; secure && i < m->ncrypto; i++) {
		ret = local_crypto(g, t, &m->crypto[i]);
		if (ret <= 0)
			break;
	}
	if (ret > 0) {
		f->text = "no a=crypto in the Local that the realm's policy "
			  "and the remote's suite allow";
		ret = -EOPNOTSUPP;
		goto out;
	} else if (ret) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		goto out;
	}
	/*
	 * A port fixed while adding, last (nothing after can fail): the
	 * caller's undo puts the termination back, not the pool.
	 */
	if (port) {
		if (ms_pool_reserve(&g->pool[t->realm], port)) {
			f->text = "that Local port is not free in the realm's "
				  "range";
			ret = -EINVAL;
			goto out;
		}
		ms_pool_free(&g->pool[t->realm], t->side.local.port);
		t->side.local.port = port;
	}
out:
	sdp_free(s);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
	return ret;
}

/* The Local descriptor the gateway answers with. */
const char *mg_local_sdp(struct mg *g, const struct mg_term *t,
			 struct mg_reply *o)
{
	const struct mgd_realm *r = &g->cfg->realm[t->realm];
	struct sdp_media *m;
	const char *ret = NULL, *p;
	struct sdp *s;
	char *buf;
	int n;

	if (t->msrp.on)
		return mg_msrp_local_sdp(g, t, o);
	s = calloc(1, sizeof(*s));
	buf = malloc(4096);
	if (!s || !buf)
		goto out;
	s->conn.present = true;
	s->conn.family = r->alen == 4 ? AF_INET : AF_INET6;
	inet_ntop(s->conn.family, r->addr, s->conn.addr, sizeof(s->conn.addr));
	s->nmedia = 1;
	m = &s->media[0];
	strcpy(m->type, "audio");
	m->port = t->side.local.port;
	m->proto = t->side.secure ? SDP_PROTO_RTP_SAVP : SDP_PROTO_RTP_AVP;
	strcpy(m->proto_text, t->side.secure ? "RTP/SAVP" : "RTP/AVP");
	snprintf(m->fmts, sizeof(m->fmts), "%s", t->fmts[0] ? t->fmts : "0");
	m->rtcp_mux = t->side.mux;
	/* the formats' descriptions, as the remote gave them */
	for (p = t->formats; *p; ) {
		size_t l = strcspn(p, "\n");
		bool fmtp = !strncmp(p, "fmtp:", 5);
		struct sdp_attrs *a = fmtp ? &m->fmtp : &m->rtpmap;
		size_t skip = fmtp ? 5 : 7;	/* "fmtp:", "rtpmap:" */

		if (a->count < SDP_MAX_KEPT && l >= skip)
			snprintf(a->text[a->count++], SDP_ATTR_MAX, "%.*s",
				 (int)(l - skip), p + skip);
		p += l + (p[l] == '\n');
	}
	m->ptime = t->ptime;
	if (t->mikey) {
		/*
		 * Keyed by the remote's MIKEY: no a=crypto; the TRANSFER_RESP
		 * its ticket asked for (RFC 4567 3.1: at media level).
		 */
		if (t->mikey_resp_len) {
			m->keymgmt.present = true;
			m->keymgmt.len = t->mikey_resp_len;
			memcpy(m->keymgmt.data, t->mikey_resp,
			       t->mikey_resp_len);
		}
	} else if (t->side.has_own && !t->sealed_own) {	/* no fingerprint */
		m->ncrypto = 1;
		m->crypto[0] = t->side.own;
		if (t->has_own_next) {		/* announced: both, by MKI */
			m->crypto[0].keys[1] = t->own_next;
			m->crypto[0].nkeys = 2;
		}
	} else if (t->side.has_own && t->has_own_next) {
		/* sealed since a restart: the next key alone can be told */
		m->ncrypto = 1;
		m->crypto[0] = t->side.own;
		m->crypto[0].keys[0] = t->own_next;
		m->crypto[0].nkeys = 1;
	}
	n = sdp_encode(s, buf, 4096);
	if (n > 0)
		ret = mg_save_text(o, buf, (size_t)n);
	OPENSSL_cleanse(buf, 4096);
out:
	if (s)
		sdp_free(s);
	free(s);
	free(buf);
	return ret;
}

/*
 * A Local or Remote with alternatives (H.248.1 7.1.8: several session
 * descriptions, each from its v= line): the first that @take accepts is
 * the one; the others leave @t as it was.  The gateway reserves nothing
 * for the others (ReservedGroup/ReservedValue: one alternative is used),
 * and answers the one it took.  The error is the first alternative's.
 */
static int take_alternatives(struct mg *g, struct mg_term *t,
			     const char *text,
			     int (*take)(struct mg *g, struct mg_term *t,
					 const char *text, struct mg_fail *f),
			     struct mg_fail *f)
{
	const char *p = text, *next;
	struct mg_fail first = { 0 };
	char keep[sizeof(g->errbuf)];
	struct mg_term *was = NULL;
	char *one;
	int ret = -EINVAL, r;

	/* One description (the usual case): as it is. */
	next = strstr(text + 1, "\nv=");
	if (!next)
		return take(g, t, text, f);
	was = malloc(sizeof(*was));
	if (!was)
		return -ENOMEM;
	*was = *t;
	for (; p && *p; p = next ? next + 1 : NULL) {
		next = strstr(p + 1, "\nv=");
		one = strndup(p, next ? (size_t)(next - p + 1) : strlen(p));
		if (!one) {
			ret = -ENOMEM;
			break;
		}
		r = take(g, t, one, f);
		OPENSSL_cleanse(one, strlen(one));
		free(one);
		if (!r) {
			ret = 0;
			break;
		}
		if (p == text) {
			first = *f;
			ret = r;
			/* its text, if in errbuf, outlives the next ones */
			if (first.text == g->errbuf)
				memcpy(keep, g->errbuf, sizeof(keep));
		}
		*t = *was;	/* as it was, for the next one */
	}
	if (ret && first.code) {
		*f = first;
		if (first.text == g->errbuf)
			memcpy(g->errbuf, keep, sizeof(keep));
	}
	OPENSSL_cleanse(was, sizeof(*was));
	free(was);
	return ret;
}

/* Media and Events descriptor changes of @cmd on @t: mode and Remote. */
int mg_take_media(struct mg *g, struct mg_term *t,
		  const struct h248_cmd *cmd, struct mg_fail *f)
{
	unsigned int i;
	int ret;

	ret = mg_take_events(g, t, cmd, f);
	if (ret)
		return ret;

	for (i = 0; i < cmd->nstreams; i++) {
		const struct h248_stream *st = &cmd->streams[i];

		if (st->id != 1) {
			f->code = MG_ERR_UNSUPPORTED;
			f->text = "one stream per termination";
			return -EOPNOTSUPP;
		}
		ret = mg_msrp_take_control(t, st, f) ?:
		      mg_take_policies(t, st, f);
		if (ret)
			return ret;
		if (st->mode != H248_MODE_UNSET) {
			/* Loopback: refused by mg_check_profile() */
			t->mode = st->mode;
			t->side.no_recv = st->mode == H248_MODE_SEND_ONLY ||
					  st->mode == H248_MODE_INACTIVE;
			t->side.no_send = st->mode == H248_MODE_RECV_ONLY ||
					  st->mode == H248_MODE_INACTIVE;
		}
		if (st->remote) {
			ret = take_alternatives(g, t, st->remote, take_remote,
						f);
			if (ret)
				return ret;
		}
		/* After the Remote: our key must be of its suite. */
		if (st->local) {
			ret = take_alternatives(g, t, st->local, take_local, f);
			if (ret)
				return ret;
		}
	}
	ret = mg_msrp_take_signals(t, cmd, f);
	if (ret)
		return ret;
	/*
	 * Our key answers in the Local descriptor of the reply: one sealed
	 * since a restart cannot be told.  With an MKI, a next key is
	 * announced and protects only a grace time later (as at a key's
	 * lifetime, mg_keys.c): the remote, which learns it from the
	 * answer to its re-INVITE, loses nothing meanwhile.  Without one,
	 * the two keys cannot be told apart: a new key at once.
	 */
	if (cmd->nstreams && t->side.has_own && t->sealed_own &&
	    !t->has_own_next && !t->mikey &&
	    (t->side.own.keys[0].mki_len ? mg_next_own(g, t) :
					   mg_new_own(g, t, &t->side.peer))) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		return -EIO;
	}
	/* Our key near its lifetime: the next one is announced now. */
	if (cmd->nstreams && t->side.has_own && t->own_expiring &&
	    !t->has_own_next && !t->mikey && mg_next_own(g, t)) {
		f->code = MG_ERR_INTERNAL;
		f->text = "no key";
		return -EIO;
	}
	return 0;
}
