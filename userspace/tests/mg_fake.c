// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel of the gateway's unit tests: see mg_fake.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_fake.h"


int f_find_ctx(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < k->nctx; i++)
		if (k->ctx[i].id == id)
			return (int)i;
	return -1;
}

int f_find_flow(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < k->nflow; i++)
		if (k->flow[i].id == id)
			return (int)i;
	return -1;
}

int f_find_key(struct fake *k, int c, uint32_t mki)
{
	unsigned int i;

	for (i = 0; i < k->nkey[c]; i++)
		if (k->key[c][i].mki == mki)
			return (int)i;
	return -1;
}

static int f_install(void *arg, const struct mg_plan *p, const char **why)
{
	struct fake *k = arg, save = *k;
	unsigned int i;
	int c;

	k->calls++;
	strcpy(k->msg, "");		/* each request clears it, as msnl's */
	if (k->fail_install && k->pass_first) {
		k->pass_first--;
	} else if (k->fail_install) {
		k->fail_install--;
		strcpy(k->msg, "fake kernel refused");
		*why = k->msg;
		return -EIO;
	}
	/* All or nothing, like the msobj transaction. */
	for (i = 0; i < p->nctx; i++)
		if (f_find_ctx(k, p->ctx[i].id) >= 0)
			return -EEXIST;
	for (i = 0; i < p->nflow; i++)
		if (f_find_flow(k, p->flow[i].id) >= 0)
			return -EEXIST;
	for (i = 0; i < p->nctx; i++) {
		k->nkey[k->nctx] = 0;
		k->ctx[k->nctx++] = p->ctx[i];
	}
	for (i = 0; i < p->nkey; i++) {
		c = f_find_ctx(k, p->key_ctx[i]);
		if (c < 0 || f_find_key(k, c, p->key[i].mki) >= 0 ||
		    k->nkey[c] == MEDIASEC_MAX_KEYS ||
		    !!p->key[i].has_mki != !!k->ctx[c].mki_len) {
			*k = save;
			return c < 0 ? -ENOENT : -EEXIST;
		}
		k->key[c][k->nkey[c]++] = p->key[i];
	}
	for (i = 0; i < p->nflow; i++)
		k->flow[k->nflow++] = p->flow[i];
	return 0;
}

static int f_key_del(void *arg, uint32_t ctx, uint32_t mki)
{
	struct fake *k = arg;
	int c = f_find_ctx(k, ctx), i;

	k->calls++;
	if (c < 0 || (i = f_find_key(k, c, mki)) < 0)
		return -ENOENT;
	memmove(&k->key[c][i], &k->key[c][i + 1],
		(k->nkey[c] - i - 1) * sizeof(k->key[c][0]));
	memset(&k->key[c][--k->nkey[c]], 0, sizeof(k->key[c][0]));
	return 0;
}

static void f_remove(void *arg, const struct mg_plan *p)
{
	struct fake *k = arg;
	unsigned int i;
	int j;

	k->calls++;
	for (i = 0; i < p->nflow; i++) {
		j = f_find_flow(k, p->flow[i].id);
		if (j >= 0)
			k->flow[j] = k->flow[--k->nflow];
	}
	for (i = 0; i < p->nctx; i++) {
		j = f_find_ctx(k, p->ctx[i].id);
		if (j >= 0) {
			k->ctx[j] = k->ctx[--k->nctx];
			memcpy(k->key[j], k->key[k->nctx], sizeof(k->key[j]));
			k->nkey[j] = k->nkey[k->nctx];
			/* as if never there: slots past the end are zero */
			memset(k->key[k->nctx], 0, sizeof(k->key[j]));
			memset(&k->ctx[k->nctx], 0, sizeof(k->ctx[0]));
			k->nkey[k->nctx] = 0;
		}
	}
}

/* The context of direction @dir (one call at a time in these tests). */
const struct msobj_key *f_key(struct fake *k, uint8_t dir, uint32_t *id)
{
	unsigned int i;

	for (i = 0; i < k->nctx; i++)
		if (k->ctx[i].dir == dir) {
			*id = k->ctx[i].id;
			return &k->key[i][0];
		}
	return NULL;
}

/* The counters a test wrote into the fake's flow (zero unless set). */
static int f_flow_stats(void *arg, uint32_t id, struct msobj_flow *f)
{
	struct fake *k = arg;
	int i = f_find_flow(k, id);

	if (i < 0)
		return -ENOENT;
	*f = k->flow[i];
	return 0;
}

/* FLOW_SET: the flow keeps its counters, takes the policies and flags. */
static int f_flow_set(void *arg, const struct msobj_flow *fl,
		      const char **why)
{
	struct fake *k = arg;
	int j = f_find_flow(k, fl->id);

	k->calls++;
	if (j < 0 || k->fail_set) {
		if (k->fail_set)
			k->fail_set--;
		strcpy(k->msg, "fake kernel refused the policies");
		*why = k->msg;
		return j < 0 ? -ENOENT : -EIO;
	}
	k->sets++;
	k->flow[j].pol = fl->pol;
	k->flow[j].flags = fl->flags;
	return 0;
}

static int f_ctx_stats(void *arg, uint32_t id, struct msobj_ctx_stats *s)
{
	(void)arg;
	(void)id;
	memset(s, 0, sizeof(*s));
	s->n[MEDIASEC_RESULT_AUTH_FAIL] = 3;
	return 0;
}

int f_rec(struct fake *k, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (k->rec_id[i] == id)
			return (int)i;
	return -1;
}

static void f_save(void *arg, const struct mg *g, const struct mg_ctx *c)
{
	struct fake *k = arg;
	int i = f_rec(k, c->id);

	if (i < 0)
		i = f_rec(k, 0);
	if (i < 0)
		return;
	k->saves++;
	k->rec_id[i] = mg_state_encode(g, c, k->rec[i], MG_STATE_MAX) > 0 ?
		       c->id : 0;
}

static void f_forget(void *arg, uint32_t id)
{
	struct fake *k = arg;
	int i = f_rec(k, id);

	if (i >= 0)
		k->rec_id[i] = 0;
}

/* Whether the fake kernel holds plan @p exactly (mg_adopt's check). */
int f_check(void *arg, uint32_t ctx, const struct mg_plan *p)
{
	struct fake *k = arg;
	unsigned int i;
	int j;

	for (i = 0; i < 4; i++) {	/* nothing else under its flow ids */
		unsigned int m;

		for (m = 0; m < p->nflow && p->flow[m].id != ctx * 4 + i; m++)
			;
		if (m == p->nflow && f_find_flow(k, ctx * 4 + i) >= 0)
			return -ESTALE;
	}

	for (i = 0; i < p->nctx; i++) {
		j = f_find_ctx(k, p->ctx[i].id);
		if (j < 0 || memcmp(&k->ctx[j], &p->ctx[i], sizeof(p->ctx[i])))
			return -ENOENT;
	}
	for (i = 0; i < p->nflow; i++) {
		j = f_find_flow(k, p->flow[i].id);
		if (j < 0 ||
		    memcmp(&k->flow[j], &p->flow[i], sizeof(p->flow[i])))
			return -ENOENT;
	}
	return 0;
}

const struct mg_ops fake_ops = {
	.install = f_install,
	.remove = f_remove,
	.key_del = f_key_del,
	.flow_set = f_flow_set,
	.flow_stats = f_flow_stats,
	.ctx_stats = f_ctx_stats,
	.save = f_save,
	.forget = f_forget,
};

const char conf[] =
	"mid [192.0.2.10]:2944\nmgc 192.0.2.20 2944\n"
	"realm access 192.0.2.1 40000-40999\n"
	"realm core 198.51.100.1 30000-30003\n";	/* two pairs */


const char add_pair[] =
	"MEGACO/3 [192.0.2.20]:2944\n"
	"Transaction = 1 { Context = $ {\n"
	" Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive,"
	" ipdc/realm = access },\n"
	"  Remote {\nv=0\nc=IN IP4 192.0.2.2\nm=audio 6000 RTP/SAVP 0 8\n"
	"a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" KEY1 "|1:1\n} } } },\n"
	" Add = $ { Media { Stream = 1 { LocalControl { ipdc/realm = core },\n"
	"  Remote {\nv=0\nc=IN IP4 198.51.100.2\nm=audio 7000 RTP/AVP 0 8\n"
	"} } } }\n} }\n";

/*
 * A Modify of access/1 in context 1 (transaction @trans): the UE at port
 * @port with key @key under MKI @mki (one byte), into @buf.
 */
const char *modify_ue(char *buf, size_t n, unsigned int trans,
			     unsigned int port, const char *key,
			     unsigned int mki)
{
	snprintf(buf, n, "MEGACO/3 [192.0.2.20]:2944\nTransaction = %u {"
		 " Context = 1 { Modify = access/1 { Media { Stream = 1 {"
		 " Remote {\nv=0\nc=IN IP4 192.0.2.2\n"
		 "m=audio %u RTP/SAVP 0 8\n"
		 "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:%s|%u:1\n"
		 "} } } } } }\n", trans, port, key, mki);
	return buf;
}

/* Executes @req; returns the reply parsed back from its text (or NULL). */
const struct h248_trans *exec(struct mg *g, struct run *r, const char *req)
{
	struct h248_msg m = { 0 };
	struct h248_err err;
	int n;

	if (h248_parse(req, strlen(req), &r->tree, &r->msg, &r->pool, &err))
		return NULL;
	mg_execute(g, &r->msg.trans[0], &r->rep, &r->out);
	mg_flush(g);
	m.version = 3;
	m.mid = "[192.0.2.10]:2944";
	m.mid_kind = H248_MID_IP4;
	m.mid_port = 2944;
	m.trans = &r->rep;
	m.ntrans = 1;
	n = h248_encode(&m, r->text, sizeof(r->text), 0);
	if (n < 0 ||
	    h248_parse(r->text, (size_t)n, &r->rtree, &r->rmsg, &r->rpool, &err))
		return NULL;
	return &r->rmsg.trans[0];
}


unsigned int err_of(const struct h248_trans *t)
{
	const struct h248_action *a;

	if (!t || !t->nactions)
		return 0;
	a = &t->actions[t->nactions - 1];
	if (a->has_error)
		return a->error.code;
	if (!a->ncmds || !(a->cmds[a->ncmds - 1].present & H248_D_ERROR))
		return 0;
	return a->cmds[a->ncmds - 1].error.code;
}

/* The a=crypto of the first Local in reply @t, into @s. */
const struct sdes_crypto *local_crypto(const struct h248_trans *t,
					      struct sdp *s)
{
	const struct h248_cmd *a = &t->actions[0].cmds[0];

	if (a->nstreams != 1 || !a->streams[0].local ||
	    sdp_parse(s, a->streams[0].local, strlen(a->streams[0].local),
		      NULL) || s->media[0].ncrypto != 1)
		return NULL;
	return &s->media[0].crypto[0];
}

bool text_has(const char *hay, const char *needle)
{
	static char a[65536], b[1024];
	size_t i, n = 0, m = 0;

	for (i = 0; hay[i] && n < sizeof(a) - 1; i++)
		if (!isspace((unsigned char)hay[i]))
			a[n++] = hay[i];
	a[n] = '\0';
	for (i = 0; needle[i] && m < sizeof(b) - 1; i++)
		if (!isspace((unsigned char)needle[i]))
			b[m++] = needle[i];
	b[m] = '\0';
	return strstr(a, b) != NULL;
}
