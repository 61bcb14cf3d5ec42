// SPDX-License-Identifier: GPL-2.0
/*
 * Planning the kernel objects of a termination pair: see media.h.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "media.h"

#define MAX_WINDOW	32768	/* MEDIASEC_A_CTX_WINDOW */

/* A context and its keys from an a=crypto attribute. */
static int plan_ctx(struct mg_plan *p, const struct sdes_crypto *c,
		    uint32_t id, uint8_t dir, uint32_t owner, const char **why)
{
	struct msobj_ctx *x = &p->ctx[p->nctx];
	unsigned int klen, slen, i;

	if (sdes_suite_lengths(c->suite, &klen, &slen)) {
		*why = "unsupported crypto suite";
		return -EOPNOTSUPP;
	}
	if (!c->nkeys) {
		*why = "a=crypto without a key";
		return -EINVAL;
	}
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->dir = dir;
	x->suite = c->suite;
	if (c->flags & SDES_UNENCRYPTED_SRTP)
		x->flags |= MEDIASEC_CTX_F_UNENCRYPTED_SRTP;
	if (c->flags & SDES_UNENCRYPTED_SRTCP)
		x->flags |= MEDIASEC_CTX_F_UNENCRYPTED_SRTCP;
	if (c->flags & SDES_UNAUTHENTICATED_SRTP)
		x->flags |= MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP;
	if (c->flags & SDES_HAS_KDR)
		x->kdr = 1U << c->kdr;	/* KDR=n is a rate of 2^n */
	if (c->flags & SDES_HAS_WSH) {
		if (c->wsh > MAX_WINDOW) {
			*why = "replay window (WSH) larger than 32768";
			return -EOPNOTSUPP;
		}
		x->window = c->wsh;
	}
	x->mki_len = c->keys[0].mki_len;
	for (i = 0; i < c->nkeys; i++) {
		const struct sdes_key *k = &c->keys[i];
		struct msobj_key *m = &p->key[p->nkey];

		if (k->mki_len != x->mki_len ||
		    (c->nkeys > 1 && !k->mki_len)) {
			*why = "keys of one a=crypto need MKIs of one length";
			return -EINVAL;
		}
		if (k->mat_len != klen + slen) {
			*why = "key length does not fit the suite";
			return -EINVAL;
		}
		memset(m, 0, sizeof(*m));
		memcpy(m->master, k->mat, klen);
		m->master_len = (uint8_t)klen;
		memcpy(m->salt, k->mat + klen, slen);
		m->salt_len = (uint8_t)slen;
		m->has_mki = k->mki_len != 0;
		m->mki = k->mki;
		m->lifetime = k->lifetime;
		p->key_ctx[p->nkey++] = id;
	}
	p->ctx_owner[p->nctx++] = owner;
	return 0;
}

/* Where @s's remote takes (and, symmetric, sends) RTCP. */
static struct msobj_ep rtcp_of(const struct mg_side *s)
{
	struct msobj_ep ep = s->remote;

	if (s->has_rtcp)
		return s->rtcp;
	ep.port++;
	return ep;
}

/* Packets that arrive at @in's local port, sent on from @out's. */
/*
 * The policies of flow @f from @in's remote to @out's: the gate, policer
 * and RTP clock of @in, the DS field of @out (TS 23.334 6.2.4, 6.2.5,
 * 6.2.7).  A gate without its own address or ports takes the remote's
 * (TS 23.334 6.2.4: the remote connection address is implied).  The
 * policer and the RTP statistics go on the RTP flow (with RTCP on it when
 * multiplexed); RTCP on its own port is not policed: a second bucket at
 * the stream's rate would police nothing.
 */
static void plan_pol(struct msobj_flow *f, const struct mg_side *in,
		     const struct mg_side *out, unsigned int rtcp)
{
	const struct mg_side_pol *ip = &in->pol;
	struct msobj_pol *p = &f->pol;

	if (ip->saf || ip->spf) {
		p->has_gate = true;
		if (ip->saf) {
			p->gate.ep.alen = ip->has_sam ? ip->sam.alen :
							f->remote.alen;
			memcpy(p->gate.ep.addr,
			       ip->has_sam ? ip->sam.addr : f->remote.addr,
			       p->gate.ep.alen);
			p->gate.prefix_len = ip->has_sam ? ip->sam_len :
					     (uint8_t)(p->gate.ep.alen * 8);
		}
		if (ip->spf) {
			p->gate.ep.port = ip->has_spr ? ip->spr_lo :
							f->remote.port;
			p->gate.port_max = ip->has_spr ? ip->spr_hi :
							 f->remote.port;
		}
	}
	if (!rtcp && ip->rate) {
		p->rate = ip->rate;
		p->burst = ip->burst;
		p->peak_rate = ip->peak_rate;
		p->peak_burst = ip->peak_burst;
	}
	if (!rtcp)
		p->clock_rate = ip->clock_rate;
	/*
	 * rtp/delay: the round trip to @in's remote, from its RTCP, where
	 * the gateway reads it (not end-to-end SRTCP).
	 */
	p->rtt = (rtcp || in->mux) && !(in->secure && !in->has_peer);
	p->has_dscp = out->pol.has_dscp;
	p->dscp = out->pol.dscp;
}

static void plan_flow(struct mg_plan *p, const struct mg_side *in,
		      const struct mg_side *out, uint32_t id, uint32_t reverse,
		      uint32_t rx_ctx, uint32_t tx_ctx, uint8_t kind, int rtcp)
{
	struct msobj_flow *f;

	/* The modes: media in from @in's remote, out to @out's. */
	if (in->no_recv || out->no_send)
		return;
	f = &p->flow[p->nflow++];

	memset(f, 0, sizeof(*f));
	f->id = id;
	f->reverse = reverse;
	f->action = rx_ctx ? (tx_ctx ? MEDIASEC_ACTION_SRTP_TO_SRTP :
				       MEDIASEC_ACTION_SRTP_TO_RTP) :
			     (tx_ctx ? MEDIASEC_ACTION_RTP_TO_SRTP :
				       MEDIASEC_ACTION_FORWARD);
	f->kind = kind;
	f->rx_ctx = rx_ctx;
	f->tx_ctx = tx_ctx;
	f->local = in->local;
	f->local.port += rtcp;
	f->remote = rtcp ? rtcp_of(in) : in->remote;
	f->out_src = out->local;
	f->out_src.port += rtcp;
	f->out_dst = rtcp ? rtcp_of(out) : out->remote;
	if (in->latch)
		f->flags |= MEDIASEC_FLOW_F_LATCH;
	plan_pol(f, in, out, rtcp);
}

/*
 * Our key offered before the remote's is known (a Local first: H.248.77's
 * terminating flow): nothing of the pair can be installed until it is.
 */
static bool offered(const struct mg_side *s)
{
	return s->secure && s->has_own && !s->has_peer;
}

/* Whether a side's keys make sense: all or nothing for a secure side. */
static int check_side(const struct mg_side *s, const char **why)
{
	if (!s->secure && (s->has_peer || s->has_own)) {
		*why = "keys for RTP/AVP media";
		return -EINVAL;
	}
	if (s->secure && s->has_peer && !s->has_own) {
		*why = "RTP/SAVP needs the remote's key and the gateway's";
		return -EINVAL;
	}
	return 0;
}

int mg_plan(const struct mg_side *a, const struct mg_side *b,
	    uint32_t id_base, struct mg_plan *p, const char **why)
{
	uint32_t a_rx = 0, a_tx = 0, b_rx = 0, b_tx = 0;
	uint8_t kind = MEDIASEC_KIND_RTP;
	int ret;

	memset(p, 0, sizeof(*p));
	*why = NULL;
	ret = check_side(a, why);
	if (!ret)
		ret = check_side(b, why);
	if (ret || offered(a) || offered(b))
		return ret;	/* offered: the pair waits for the answer */
	/* SRTP relayed e2e on one leg cannot be terminated on the other. */
	if ((a->secure && !a->has_peer) != (b->secure && !b->has_peer)) {
		*why = "end-to-end SRTP on one side only";
		return -EOPNOTSUPP;
	}
	if (a->local.alen != b->local.alen) {
		*why = "IPv4 on one side and IPv6 on the other";
		return -EOPNOTSUPP;
	}
	if (a->mux != b->mux) {
		*why = "rtcp-mux on one side only";
		return -EOPNOTSUPP;
	}
	if (a->has_peer) {
		a_rx = id_base;
		a_tx = id_base + 1;
		ret = plan_ctx(p, &a->peer, a_rx, MEDIASEC_DIR_RX, 0, why);
		if (!ret)
			ret = plan_ctx(p, &a->own, a_tx, MEDIASEC_DIR_TX, 0, why);
	}
	if (!ret && b->has_peer) {
		b_rx = id_base + 2;
		b_tx = id_base + 3;
		ret = plan_ctx(p, &b->peer, b_rx, MEDIASEC_DIR_RX, 1, why);
		if (!ret)
			ret = plan_ctx(p, &b->own, b_tx, MEDIASEC_DIR_TX, 1, why);
	}
	if (ret) {
		mg_plan_wipe(p);
		return ret;
	}
	if (!a->has_remote || !b->has_remote)
		return 0;	/* contexts ready, flows when both are known */
	if (a->remote.alen != a->local.alen ||
	    b->remote.alen != b->local.alen) {
		*why = "remote and local of different families";
		mg_plan_wipe(p);
		return -EOPNOTSUPP;
	}
	if (!a->mux && ((!a->has_rtcp && a->remote.port == 65535) ||
			(!b->has_rtcp && b->remote.port == 65535))) {
		*why = "no port after the remote's RTP port for RTCP";
		mg_plan_wipe(p);
		return -EOPNOTSUPP;
	}
	if (a->mux)
		kind = MEDIASEC_KIND_MUX;
	plan_flow(p, a, b, id_base, id_base + 1, a_rx, b_tx, kind, 0);
	plan_flow(p, b, a, id_base + 1, id_base, b_rx, a_tx, kind, 0);
	if (!a->mux) {
		plan_flow(p, a, b, id_base + 2, id_base + 3, a_rx, b_tx,
			  MEDIASEC_KIND_RTCP, 1);
		plan_flow(p, b, a, id_base + 3, id_base + 2, b_rx, a_tx,
			  MEDIASEC_KIND_RTCP, 1);
	}
	return 0;
}

int mg_plan_one(const struct mg_side *a, uint32_t id_base,
		struct mg_plan *p, const char **why)
{
	int ret;

	memset(p, 0, sizeof(*p));
	*why = NULL;
	ret = check_side(a, why);
	if (ret || !a->has_peer)
		return ret;	/* no key, or ours offered only */
	ret = plan_ctx(p, &a->peer, id_base, MEDIASEC_DIR_RX, 0, why);
	if (!ret)
		ret = plan_ctx(p, &a->own, id_base + 1, MEDIASEC_DIR_TX, 0,
			       why);
	if (ret)
		mg_plan_wipe(p);
	return ret;
}

void mg_plan_wipe(struct mg_plan *p)
{
	OPENSSL_cleanse(p->key, sizeof(p->key));
}
