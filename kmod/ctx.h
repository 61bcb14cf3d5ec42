/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP crypto contexts of a network namespace.
 */
#ifndef _MS_CTX_H
#define _MS_CTX_H

#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <uapi/linux/mediasec.h>

#include "netns.h"
#include "srtp.h"

/**
 * struct ms_ctx - one SRTP crypto context (one direction of a session)
 * @id: the caller's id, unique in the namespace
 * @dir: enum mediasec_dir
 * @suite: enum mediasec_suite, as configured
 * @flags: MEDIASEC_CTX_F_*, as configured
 * @users: flows that name it (under the namespace's mutex)
 * @lock: orders packet operations against key publication
 * @srtp: the engine's state: keys, per-SSRC ROC and replay, counters
 * @net: the namespace, for events
 * @dead: unlinked: raise no more events (under @lock)
 * @ev_keys: MS_SRTP_EV_* not yet sent (under @lock)
 * @ev_soft_mki: MKI for the pending soft expiry event
 * @ev_hard_mki: MKI for the pending hard expiry event
 * @ev_auth: authentication failures not yet reported (under @lock)
 * @ev_replay: replays not yet reported (under @lock)
 * @ev_next: no burst event before this time (jiffies)
 * @ev_work: sends the events, in process context
 * @free_work: frees the context a grace period after it was unlinked
 * @charge: what the context itself holds of the module's budget
 * @key_charge: what each of its keys holds (budget.h)
 */
struct ms_ctx {
	u32 id;
	u8 dir;
	u32 suite;
	u32 flags;
	u32 users;
	spinlock_t lock;	/* packet operations vs key changes */
	struct ms_srtp_ctx *srtp;
	possible_net_t net;
	bool dead;
	u32 ev_keys;
	u32 ev_soft_mki;
	u32 ev_hard_mki;
	u64 ev_auth;
	u64 ev_replay;
	unsigned long ev_next;
	struct delayed_work ev_work;
	struct rcu_work free_work;
	u32 charge;
	u32 key_charge;
};

/* What MEDIASEC_CMD_CTX_NEW asked for. */
struct ms_ctx_cfg {
	u32 id;
	u8 dir;
	u32 suite;
	u32 flags;
	u32 kdr;
	u32 window;
	u8 mki_len;
	u8 max_streams;
};

const struct ms_srtp_suite_info *ms_ctx_suite_info(u32 suite);
int ms_ctx_create(struct ms_net *mn, const struct ms_ctx_cfg *cfg,
		  struct netlink_ext_ack *extack);
int ms_ctx_delete(struct ms_net *mn, u32 id, struct netlink_ext_ack *extack);
void ms_ctx_flush(struct ms_net *mn);
int ms_ctx_key_add(struct ms_net *mn, struct ms_ctx *ctx,
		   const struct ms_srtp_key_params *kp,
		   struct netlink_ext_ack *extack);
int ms_ctx_key_del(struct ms_net *mn, struct ms_ctx *ctx, u32 mki,
		   struct netlink_ext_ack *extack);
void ms_ctx_note(struct ms_ctx *ctx, enum ms_srtp_result r);
void ms_ctx_stats_reset(struct ms_ctx *ctx);

#endif /* _MS_CTX_H */
