/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small client for the "mediasec" generic netlink family, on libnl.
 */
#ifndef _MSNL_H
#define _MSNL_H

#include <netlink/genl/genl.h>
#include <linux/mediasec.h>

struct msnl {
	struct nl_sock *sk;
	int family;
	int err;		/* kernel's errno of the last request, <= 0 */
	char errmsg[256];	/* kernel's extack message, if any */
};

/* Callback for each reply message: attributes parsed by family policy. */
typedef int (*msnl_reply_fn)(struct nlattr **tb, void *arg);

int msnl_open(struct msnl *nl);
void msnl_close(struct msnl *nl);
struct nl_msg *msnl_msg(struct msnl *nl, int cmd, int flags);
/* Wipes and frees a message that was not sent (it may hold a key). */
void msnl_free(struct nl_msg *msg);
/* Sends @msg (consumed, wiped); calls @fn per reply.  0, or -errno. */
int msnl_request(struct msnl *nl, struct nl_msg *msg, msnl_reply_fn fn,
		 void *arg);

/* The loaded module's MEDIASEC_GENL_VERSION (INFO_GET), or -errno. */
int msnl_api_version(struct msnl *nl);

/*
 * What user space accepts in the kernel's replies and events: one libnl
 * policy per attribute set, so that no parser reads an attribute shorter
 * than its type (or a string without its NUL), whoever sent the message.
 */
extern struct nla_policy msnl_top_policy[MEDIASEC_A_MAX + 1];
/* The names of enum mediasec_result (the SRTP counters), for people. */
extern const char *const msnl_result_names[__MEDIASEC_RESULT_MAX];
extern struct nla_policy msnl_ctx_policy[MEDIASEC_A_CTX_MAX + 1];
extern struct nla_policy msnl_key_policy[MEDIASEC_A_KEY_MAX + 1];
extern struct nla_policy msnl_stats_policy[MEDIASEC_A_STATS_MAX + 1];
extern struct nla_policy msnl_flow_policy[MEDIASEC_A_FLOW_MAX + 1];
extern struct nla_policy msnl_flow_stats_policy[MEDIASEC_A_FLOW_STATS_MAX + 1];
extern struct nla_policy msnl_gate_policy[MEDIASEC_A_GATE_MAX + 1];
extern struct nla_policy msnl_police_policy[MEDIASEC_A_POLICE_MAX + 1];
extern struct nla_policy msnl_rtp_policy[MEDIASEC_A_RTP_MAX + 1];
extern struct nla_policy msnl_rtt_policy[MEDIASEC_A_RTT_MAX + 1];
extern struct nla_policy msnl_dev_policy[MEDIASEC_A_DEV_MAX + 1];
extern struct nla_policy msnl_event_policy[MEDIASEC_A_EVENT_MAX + 1];
extern struct nla_policy msnl_relay_policy[MEDIASEC_A_RELAY_MAX + 1];
extern struct nla_policy msnl_leg_policy[MEDIASEC_A_LEG_MAX + 1];

#endif /* _MSNL_H */
