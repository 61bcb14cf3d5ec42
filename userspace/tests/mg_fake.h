/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake kernel the gateway's unit tests (mg_unit, mg_root_unit) run
 * against, and their H.248 helpers: a request executed from its text and
 * its reply parsed back, as the MGC would read it.
 */
#ifndef _MG_FAKE_H
#define _MG_FAKE_H

#include "mg.h"
#include "sdp.h"
#include "state.h"

/* The fake kernel: the objects it holds, as the netlink family would. */
struct fake {
	int calls, fail_install, pass_first;	/* fail after pass_first */
	char msg[64];
	struct msobj_ctx ctx[16];
	struct msobj_key key[16][MEDIASEC_MAX_KEYS];	/* oldest first */
	unsigned int nkey[16];
	unsigned int nctx;
	struct msobj_flow flow[16];
	unsigned int nflow;
	/* the records kept for a restart, by context id */
	char rec[4][MG_STATE_MAX];
	uint32_t rec_id[4];
	unsigned int saves;
	unsigned int sets;	/* FLOW_SETs: policies changed in place */
	int fail_set;		/* FLOW_SETs to refuse */
};

struct run {
	struct h248_tree tree;
	struct h248_pool pool;
	struct h248_msg msg;
	struct h248_trans rep;
	struct mg_reply out;
	char text[65536];
	/* the reply parsed back */
	struct h248_tree rtree;
	struct h248_pool rpool;
	struct h248_msg rmsg;
};

#define KEY1 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
#define KEY2 "MjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5P"
#define KEY3 "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xd"

extern const struct mg_ops fake_ops;
extern const char conf[];
extern const char add_pair[];

int f_find_ctx(struct fake *k, uint32_t id);
int f_find_flow(struct fake *k, uint32_t id);
int f_find_key(struct fake *k, int c, uint32_t mki);
const struct msobj_key *f_key(struct fake *k, uint8_t dir, uint32_t *id);
int f_rec(struct fake *k, uint32_t id);
int f_check(void *arg, uint32_t ctx, const struct mg_plan *p);
const char *modify_ue(char *buf, size_t n, unsigned int trans,
		      unsigned int port, const char *key, unsigned int mki);
const struct h248_trans *exec(struct mg *g, struct run *r, const char *req);
/* The error code of the reply's last command or action, or 0. */
unsigned int err_of(const struct h248_trans *t);
/* Whether @hay holds @needle, white space in either aside. */
bool text_has(const char *hay, const char *needle);
/* The a=crypto of the first Local in reply @t, parsed into @s. */
const struct sdes_crypto *local_crypto(const struct h248_trans *t,
				       struct sdp *s);

#endif /* _MG_FAKE_H */
