/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of the media gateway (mg_*.c) share and nobody else
 * uses.  mg.h stays the one interface of the gateway to the daemon and
 * the tests; this header lets each concern live in a file of its own
 * without widening that interface.  The comments of the functions are at
 * their definitions.
 */
#ifndef _MGD_MG_INT_H
#define _MGD_MG_INT_H

#include "mg.h"

#define IDS_PER_CTX	MG_IDS_PER_CTX	/* kernel ids of a context's plan */

/* A failed command: the H.248 code and the text of its Error descriptor. */
struct mg_fail {
	unsigned int code;
	const char *text;
};

/* mg_store.c: contexts and terminations, and their indexes */
unsigned int mg_bucket(uint32_t id);
struct mg_ctx *mg_new_ctx(struct mg *g);
void mg_kid_index(struct mg *g, struct mg_ctx *c);
struct mg_ctx *mg_kid_ctx(struct mg *g, uint32_t kid, unsigned int *idx);
void mg_free_ctx(struct mg *g, struct mg_ctx *c);
void mg_term_link(struct mg *g, struct mg_term *t);
struct mg_term *mg_term_by_serial(struct mg *g, uint32_t serial);
void mg_free_term(struct mg *g, struct mg_term *t);
struct mg_term *mg_term_of(const struct mg_ctx *c, uint32_t serial);
struct mg_term *mg_find_term(struct mg_ctx *c, const char *tid);
int mg_fail_not_here(struct mg *g, const char *tid, struct mg_fail *f);
struct mg_ctx *mg_find_term_ctx(struct mg *g, const char *tid,
				struct mg_term **t);
bool mg_room_for_one(const struct mg_ctx *c, struct mg_fail *f);
struct mg_term *mg_save_term(const struct mg_term *t, struct mg_fail *f);
void mg_forget_term(struct mg_term *old);

/* mg_keys.c: our own keys; replaced keys retired, next keys promoted */
void mg_retire_insert(struct mg *g, struct mg_retire *r);
unsigned int mg_retiring(const struct mg *g, uint32_t ctx);
bool mg_retiring_mki(const struct mg *g, uint32_t ctx, uint32_t mki);
void mg_retire_key(struct mg *g, uint32_t ctx, uint32_t mki);
bool mg_own_fits(const struct sdes_crypto *own,
		 const struct sdes_crypto *peer);
int mg_new_own(struct mg *g, struct mg_term *t,
	       const struct sdes_crypto *peer);
int mg_next_own(struct mg *g, struct mg_term *t);
void mg_schedule_promote(struct mg *g, struct mg_ctx *c, struct mg_term *t);

/* mg_profile.c: what the gateway realises, checked before a command */
int mg_check_profile(const struct h248_cmd *cmd, struct mg_fail *f);

/* mg_sdp.c: the Media descriptor taken, the Local answered */
int mg_take_media(struct mg *g, struct mg_term *t,
		  const struct h248_cmd *cmd, struct mg_fail *f);
const char *mg_local_sdp(struct mg *g, const struct mg_term *t,
			 struct mg_reply *o);
bool mg_realm_address(const struct mgd_realm *r, const struct sdp_conn *c);
bool mg_realm_allows(const struct mgd_realm *r, const struct sdes_crypto *c);

/* mg_mikey.c: keys from the remote's a=key-mgmt:mikey (MIKEY-TICKET) */
int mg_mikey_take_remote(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, struct mg_fail *f);
int mg_mikey_take_psk(struct mg *g, struct mg_term *t,
		      const struct sdp_keymgmt *km, struct mg_fail *f);
/*
 * A Local's a=key-mgmt:mikey: "$" has the gateway initiate (a ticket for
 * kms-responder, our TRANSFER_INIT answered in the Local); a message is
 * not the MGC's to give there, and is not taken.
 */
int mg_mikey_take_local(struct mg *g, struct mg_term *t,
			const struct sdp_keymgmt *km, bool secure,
			unsigned int ncrypto, struct mg_fail *f);
/*
 * The Remote (its a=key-mgmt @km or NULL, @ncrypto a=crypto lines) of a
 * termination the gateway keyed by its own ticket: 0 when it answers it
 * (the keys stay; or, @new_party, a new ticket offered), 1 when it is a
 * TRANSFER_INIT of the remote's own (resolve it), -errno with @f.
 */
int mg_mikey_take_answer(struct mg *g, struct mg_term *t,
			 const struct sdp_keymgmt *km, unsigned int ncrypto,
			 bool new_party, struct mg_fail *f);

/* mg_policy.c: gates, policing, DiffServ, latching (TS 23.334 6.2.4-7) */
int mg_take_policies(struct mg_term *t, const struct h248_stream *st,
		     struct mg_fail *f);
void mg_pol_clock(struct mg_term *t);
void mg_pol_audit(const struct mg_term *t, struct mg_reply *o,
		  struct h248_stream *st);

/* mg_msrp.c: MSRP terminations (m=message over TCP or TLS) */
bool mg_msrp_media(const struct sdp_media *m);
int mg_msrp_take_remote(struct mg *g, struct mg_term *t, const struct sdp *s,
			const struct sdp_media *m, struct mg_fail *f);
int mg_msrp_take_local(struct mg *g, struct mg_term *t, const struct sdp *s,
		       const struct sdp_media *m, struct mg_fail *f);
const char *mg_msrp_local_sdp(struct mg *g, const struct mg_term *t,
			      struct mg_reply *o);
int mg_msrp_take_control(struct mg_term *t, const struct h248_stream *st,
			 struct mg_fail *f);
int mg_msrp_take_signals(struct mg_term *t, const struct h248_cmd *cmd,
			 struct mg_fail *f);
int mg_msrp_check_pair(const struct mg_term *a, const struct mg_term *b,
		       struct mg_fail *f);

/* mg_apply.c: a context's plan, and the kernel brought in line with it */
void mg_plan_drop_ctx(struct mg_plan *p, unsigned int j);
void mg_plan_renumber(struct mg_plan *p, const uint32_t *from,
		      const uint32_t *to);
int mg_ctx_plan(const struct mg_ctx *c, struct mg_plan *p,
		struct mg_fail *f);
int mg_plan_check(struct mg_ctx *c, const struct mg_term *t,
		  struct mg_fail *f);
int mg_apply(struct mg *g, struct mg_ctx *c, struct mg_fail *f);

/* mg_events.c: the Events descriptor (the kernel's events: in mg.h) */
int mg_take_events(struct mg *g, struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_fail *f);

/* mg_heartbeat.c: H.248.36 termination heartbeats (firing: in mg.h) */
void mg_hb_arm(struct mg *g, struct mg_term *t);
void mg_hb_arm_spread(struct mg *g, struct mg_term *t);
void mg_hb_disarm(struct mg *g, struct mg_term *t);

/* mg_exec.c: transactions executed, their replies */
const char *mg_save_text(struct mg_reply *o, const char *s, size_t n);
const char *mg_save_str(struct mg_reply *o, const char *s);

/*
 * One NAME=VALUE parameter of the reply (a statistic, an event's
 * parameter, a LocalControl property), added to the list that starts at
 * *@first and counts *@n: the reply's parameters are one array, each
 * list a run of it.  False, with the reply marked overflowing, when full.
 */
static inline bool mg_reply_param(struct mg_reply *o,
				  struct h248_param **first, unsigned int *n,
				  const char *name, const char *value)
{
	struct h248_param *p;

	if (o->nparams == sizeof(o->params) / sizeof(o->params[0])) {
		o->overflow = true;
		return false;
	}
	p = &o->params[o->nparams++];
	p->name = name;
	p->value = mg_save_str(o, value);
	p->op = '=';
	if (!*first)
		*first = p;
	(*n)++;
	return true;
}
void mg_mark_dirty(struct mg *g, uint32_t id);
bool mg_ctx_holds(const struct mg_ctx *c, const char *tid);
struct h248_cmd *mg_reply_cmd(struct mg_reply *o,
			      const struct h248_cmd *req, const char *tid);
void mg_reply_local(struct mg *g, struct mg_reply *o, struct h248_cmd *r,
		    const struct mg_term *t);
void mg_fail_reply(struct mg_reply *o, const struct h248_cmd *cmd,
		   const struct mg_fail *f);
void mg_reply_changed(struct mg *g, struct mg_reply *o,
		      const struct h248_cmd *cmd, const struct mg_term *t);

/* mg_audit.c: what an audit or a Subtract tells; wildcards */
bool mg_tid_match(const char *pattern, const char *tid);
bool mg_tid_wild(const char *tid);
void mg_term_stats(struct mg *g, struct mg_ctx *c, struct mg_term *t,
		   struct mg_reply *o, struct h248_cmd *r);
void mg_stats_keep(struct mg *g, struct mg_ctx *c,
		   const struct msobj_flow *flows, unsigned int n,
		   struct mg_term *only);
void mg_audit_term(struct mg *g, struct mg_ctx *c, struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_reply *o,
		   struct h248_cmd *r);
void mg_audit_root(struct mg *g, const struct h248_cmd *cmd,
		   struct mg_reply *o, struct h248_cmd *r);

/* mg_root.c: the null context and ROOT */
bool mg_root_action(struct mg *g, struct h248_action *ra,
		    const struct h248_action *a, struct mg_reply *o);
void mg_ctx_destroy(struct mg *g, struct mg_ctx *c);
void mg_root_tick(struct mg *g, uint64_t now);

/* mg_cmd_add_modify.c: the realm a command names */
int mg_realm_asked(struct mg *g, const struct h248_cmd *cmd,
		   unsigned int *realm);
int mg_realm_stays(struct mg *g, const struct mg_term *t,
		   const struct h248_cmd *cmd, struct mg_fail *f);

/* The commands: mg_cmd_add_modify.c, mg_cmd_move.c, mg_cmd_subtract.c,
 * mg_audit.c */
int mg_cmd_add(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
	       struct mg_reply *o, struct mg_fail *f);
int mg_cmd_modify(struct mg *g, struct mg_ctx *c,
		  const struct h248_cmd *cmd, struct mg_reply *o,
		  struct mg_fail *f);
int mg_cmd_move(struct mg *g, struct mg_ctx *c, const struct h248_cmd *cmd,
		struct mg_reply *o, struct mg_fail *f);
int mg_cmd_subtract(struct mg *g, struct mg_ctx *c,
		    const struct h248_cmd *cmd, struct mg_reply *o,
		    struct mg_fail *f);
int mg_cmd_audit(struct mg *g, struct mg_ctx *c,
		 const struct h248_cmd *cmd, struct mg_reply *o,
		 struct mg_fail *f);

#endif /* _MGD_MG_INT_H */
