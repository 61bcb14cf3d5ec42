/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP crypto contexts of a network namespace.
 */
#ifndef _MS_CTX_H
#define _MS_CTX_H

#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
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
 * @free_work: frees the context a grace period after it was unlinked
 */
struct ms_ctx {
	u32 id;
	u8 dir;
	u32 suite;
	u32 flags;
	u32 users;
	spinlock_t lock;	/* packet operations vs key changes */
	struct ms_srtp_ctx *srtp;
	struct rcu_work free_work;
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

#endif /* _MS_CTX_H */
