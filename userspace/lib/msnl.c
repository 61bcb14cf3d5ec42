// SPDX-License-Identifier: GPL-2.0
/*
 * A small client for the "mediasec" generic netlink family, on libnl:
 * resolves the family, turns on extended acks and hands back the kernel's
 * errno and message.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <string.h>

#include "msnl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

int msnl_open(struct msnl *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk)) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -ECONNREFUSED;
	}
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	/* Errors do not echo the request back: it may hold a key. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, MEDIASEC_GENL_NAME);
	if (nl->family < 0) {
		msnl_close(nl);
		return -ENOENT;
	}
	return 0;
}

void msnl_close(struct msnl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *msnl_msg(struct msnl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags | NLM_F_ACK, cmd, MEDIASEC_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void msnl_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* Requests may carry keys: nothing of them stays in freed memory. */
	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

struct req {
	struct msnl *nl;
	msnl_reply_fn fn;
	void *arg;
	int done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct req *r = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX, msnl_top_policy))
		return NL_SKIP;
	if (r->fn && r->fn(tb, r->arg))
		return NL_STOP;
	return NL_OK;
}

/* The extack message of an error, from the TLVs after the echoed request. */
static void extack_msg(struct nlmsghdr *nlh, struct nlmsgerr *e, char *buf,
		       size_t len)
{
	struct nlattr *a;
	size_t off;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	a = (struct nlattr *)((char *)e + off);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(buf, len, "%.*s", nla_len(a),
				 (char *)nla_data(a));
		/* A required attribute was missing: say which. */
		if (nla_type(a) == NLMSGERR_ATTR_MISS_TYPE && !buf[0] &&
		    nla_len(a) == sizeof(uint32_t))
			snprintf(buf, len, "missing attribute %u",
				 nla_get_u32(a));
	}
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct req *r = arg;

	(void)who;
	r->nl->err = e->error;
	extack_msg(nlh, e, r->nl->errmsg, sizeof(r->nl->errmsg));
	r->done = 1;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

int msnl_request(struct msnl *nl, struct nl_msg *msg, msnl_reply_fn fn,
		 void *arg)
{
	struct req r = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	nl->err = 0;
	nl->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		msnl_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	ret = nl_send_auto(nl->sk, msg);
	msnl_free(msg);
	while (ret >= 0 && !r.done)
		ret = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (nl->err)
		return nl->err;
	return ret < 0 ? -EIO : 0;
}

static int on_api_version(struct nlattr **tb, void *arg)
{
	if (tb[MEDIASEC_A_INFO_API_VERSION])
		*(int *)arg = (int)nla_get_u32(tb[MEDIASEC_A_INFO_API_VERSION]);
	return 0;
}

int msnl_api_version(struct msnl *nl)
{
	struct nl_msg *msg = msnl_msg(nl, MEDIASEC_CMD_INFO_GET, 0);
	int ver = 0, ret;

	if (!msg)
		return -ENOMEM;
	ret = msnl_request(nl, msg, on_api_version, &ver);
	return ret ? ret : ver;
}

/* What is accepted in the kernel's replies and events: see msnl.h. */
#define U8	{ .type = NLA_U8 }
#define U16	{ .type = NLA_U16 }
#define U32	{ .type = NLA_U32 }
#define U64	{ .type = NLA_U64 }
#define NEST	{ .type = NLA_NESTED }
#define STR	{ .type = NLA_STRING }
#define ADDR	{ .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 }

const char *const msnl_result_names[__MEDIASEC_RESULT_MAX] = {
	[MEDIASEC_RESULT_OK] = "ok",
	[MEDIASEC_RESULT_AUTH_FAIL] = "auth_fail",
	[MEDIASEC_RESULT_REPLAY] = "replay",
	[MEDIASEC_RESULT_TOO_OLD] = "too_old",
	[MEDIASEC_RESULT_MALFORMED] = "malformed",
	[MEDIASEC_RESULT_KEY_EXPIRED] = "key_expired",
	[MEDIASEC_RESULT_UNKNOWN_MKI] = "unknown_mki",
	[MEDIASEC_RESULT_NO_ROOM] = "no_room",
	[MEDIASEC_RESULT_CRYPTO_ERROR] = "crypto_error",
	[MEDIASEC_RESULT_NO_STREAM] = "no_stream",
};

struct nla_policy msnl_top_policy[MEDIASEC_A_MAX + 1] = {
	[MEDIASEC_A_INFO_VERSION] = STR,
	[MEDIASEC_A_INFO_API_VERSION] = U32,
	[MEDIASEC_A_CTX] = NEST,
	[MEDIASEC_A_FLOW] = NEST,
	[MEDIASEC_A_INFO_CTXS] = U32,
	[MEDIASEC_A_INFO_FLOWS] = U32,
	[MEDIASEC_A_INFO_LIVE_CTXS] = U32,
	[MEDIASEC_A_INFO_LIVE_FLOWS] = U32,
	[MEDIASEC_A_EVENT] = NEST,
	[MEDIASEC_A_DEV] = NEST,
	[MEDIASEC_A_INFO_DEVS] = U32,
	[MEDIASEC_A_INFO_MEM_CHARGED] = U64,
	[MEDIASEC_A_RELAY] = NEST,
	[MEDIASEC_A_INFO_RELAYS] = U32,
	[MEDIASEC_A_INFO_LIVE_RELAYS] = U32,
};

struct nla_policy msnl_ctx_policy[MEDIASEC_A_CTX_MAX + 1] = {
	[MEDIASEC_A_CTX_ID] = U32,
	[MEDIASEC_A_CTX_DIR] = U8,
	[MEDIASEC_A_CTX_SUITE] = U32,
	[MEDIASEC_A_CTX_FLAGS] = U32,
	[MEDIASEC_A_CTX_KDR] = U32,
	[MEDIASEC_A_CTX_WINDOW] = U32,
	[MEDIASEC_A_CTX_MKI_LEN] = U8,
	[MEDIASEC_A_CTX_MAX_STREAMS] = U8,
	[MEDIASEC_A_CTX_KEY] = NEST,
	[MEDIASEC_A_CTX_KEYS] = NEST,
	[MEDIASEC_A_CTX_STATS] = NEST,
	[MEDIASEC_A_CTX_CIPHER_DRIVER] = STR,
	[MEDIASEC_A_CTX_AUTH_DRIVER] = STR,
};

struct nla_policy msnl_key_policy[MEDIASEC_A_KEY_MAX + 1] = {
	[MEDIASEC_A_KEY_MKI] = U32,
	[MEDIASEC_A_KEY_LIFETIME] = U64,
	[MEDIASEC_A_KEY_SOFT_LIFETIME] = U64,
	[MEDIASEC_A_KEY_PACKETS] = U64,
	[MEDIASEC_A_KEY_TX] = { .type = NLA_FLAG },
};

struct nla_policy msnl_stats_policy[MEDIASEC_A_STATS_MAX + 1] = {
	[MEDIASEC_A_STATS_OK] = U64,
	[MEDIASEC_A_STATS_AUTH_FAIL] = U64,
	[MEDIASEC_A_STATS_REPLAY] = U64,
	[MEDIASEC_A_STATS_TOO_OLD] = U64,
	[MEDIASEC_A_STATS_MALFORMED] = U64,
	[MEDIASEC_A_STATS_KEY_EXPIRED] = U64,
	[MEDIASEC_A_STATS_UNKNOWN_MKI] = U64,
	[MEDIASEC_A_STATS_NO_ROOM] = U64,
	[MEDIASEC_A_STATS_CRYPTO_ERROR] = U64,
	[MEDIASEC_A_STATS_NO_STREAM] = U64,
};

struct nla_policy msnl_flow_policy[MEDIASEC_A_FLOW_MAX + 1] = {
	[MEDIASEC_A_FLOW_ID] = U32,
	[MEDIASEC_A_FLOW_ACTION] = U8,
	[MEDIASEC_A_FLOW_KIND] = U8,
	[MEDIASEC_A_FLOW_LOCAL_ADDR] = ADDR,
	[MEDIASEC_A_FLOW_LOCAL_PORT] = U16,
	[MEDIASEC_A_FLOW_REMOTE_ADDR] = ADDR,
	[MEDIASEC_A_FLOW_REMOTE_PORT] = U16,
	[MEDIASEC_A_FLOW_RX_CTX] = U32,
	[MEDIASEC_A_FLOW_TX_CTX] = U32,
	[MEDIASEC_A_FLOW_OUT_SADDR] = ADDR,
	[MEDIASEC_A_FLOW_OUT_SPORT] = U16,
	[MEDIASEC_A_FLOW_OUT_DADDR] = ADDR,
	[MEDIASEC_A_FLOW_OUT_DPORT] = U16,
	[MEDIASEC_A_FLOW_OUT_IFINDEX] = U32,
	[MEDIASEC_A_FLOW_FLAGS] = U32,
	[MEDIASEC_A_FLOW_STATS] = NEST,
	[MEDIASEC_A_FLOW_REVERSE] = U32,
	[MEDIASEC_A_FLOW_IDLE_TIMEOUT] = U32,
	[MEDIASEC_A_FLOW_GATE] = NEST,
	[MEDIASEC_A_FLOW_POLICE] = NEST,
	[MEDIASEC_A_FLOW_DSCP] = U8,
	[MEDIASEC_A_FLOW_CLOCK_RATE] = U32,
	[MEDIASEC_A_FLOW_RTP] = NEST,
	[MEDIASEC_A_FLOW_IDLE] = U8,
	[MEDIASEC_A_FLOW_RTT] = U8,
	[MEDIASEC_A_FLOW_RTT_STATS] = NEST,
};

struct nla_policy msnl_gate_policy[MEDIASEC_A_GATE_MAX + 1] = {
	[MEDIASEC_A_GATE_ADDR] = ADDR,
	[MEDIASEC_A_GATE_PREFIX_LEN] = U8,
	[MEDIASEC_A_GATE_PORT_MIN] = U16,
	[MEDIASEC_A_GATE_PORT_MAX] = U16,
};

struct nla_policy msnl_police_policy[MEDIASEC_A_POLICE_MAX + 1] = {
	[MEDIASEC_A_POLICE_RATE] = U64,
	[MEDIASEC_A_POLICE_BURST] = U32,
	[MEDIASEC_A_POLICE_PEAK_RATE] = U64,
	[MEDIASEC_A_POLICE_PEAK_BURST] = U32,
};

struct nla_policy msnl_rtp_policy[MEDIASEC_A_RTP_MAX + 1] = {
	[MEDIASEC_A_RTP_SSRC] = U32,
	[MEDIASEC_A_RTP_RECEIVED] = U64,
	[MEDIASEC_A_RTP_EXPECTED] = U64,
	[MEDIASEC_A_RTP_LOST] = U64,
	[MEDIASEC_A_RTP_JITTER] = U32,
};

struct nla_policy msnl_rtt_policy[MEDIASEC_A_RTT_MAX + 1] = {
	[MEDIASEC_A_RTT_SAMPLES] = U64,
	[MEDIASEC_A_RTT_SUM] = U64,
	[MEDIASEC_A_RTT_LAST] = U32,
	[MEDIASEC_A_RTT_MIN] = U32,
	[MEDIASEC_A_RTT_MAX] = U32,
};

struct nla_policy msnl_flow_stats_policy[MEDIASEC_A_FLOW_STATS_MAX + 1] = {
	[MEDIASEC_A_FLOW_STATS_PACKETS] = U64,
	[MEDIASEC_A_FLOW_STATS_BYTES] = U64,
	[MEDIASEC_A_FLOW_STATS_DROPS] = U64,
	[MEDIASEC_A_FLOW_STATS_TX_BYTES] = U64,
	[MEDIASEC_A_FLOW_STATS_GATE_DROPS] = U64,
	[MEDIASEC_A_FLOW_STATS_POLICE_DROPS] = U64,
};

struct nla_policy msnl_dev_policy[MEDIASEC_A_DEV_MAX + 1] = {
	[MEDIASEC_A_DEV_IFINDEX] = U32,
	[MEDIASEC_A_DEV_FLAGS] = U32,
	[MEDIASEC_A_DEV_NAME] = STR,
};

struct nla_policy msnl_event_policy[MEDIASEC_A_EVENT_MAX + 1] = {
	[MEDIASEC_A_EVENT_TYPE] = U32,
	[MEDIASEC_A_EVENT_CTX_ID] = U32,
	[MEDIASEC_A_EVENT_MKI] = U32,
	[MEDIASEC_A_EVENT_COUNT] = U64,
	[MEDIASEC_A_EVENT_FLOW_ID] = U32,
	[MEDIASEC_A_EVENT_ADDR] = ADDR,
	[MEDIASEC_A_EVENT_PORT] = U16,
	[MEDIASEC_A_EVENT_IFINDEX] = U32,
	[MEDIASEC_A_EVENT_RELAY_ID] = U32,
	[MEDIASEC_A_EVENT_REASON] = U32,
	[MEDIASEC_A_EVENT_LEG] = U8,
};

struct nla_policy msnl_relay_policy[MEDIASEC_A_RELAY_MAX + 1] = {
	[MEDIASEC_A_RELAY_ID] = U32,
	[MEDIASEC_A_RELAY_END] = U8,
	[MEDIASEC_A_RELAY_END_LEG] = U8,
	[MEDIASEC_A_RELAY_LEG_A] = NEST,
	[MEDIASEC_A_RELAY_LEG_B] = NEST,
};

struct nla_policy msnl_leg_policy[MEDIASEC_A_LEG_MAX + 1] = {
	[MEDIASEC_A_LEG_KIND] = U8,
	[MEDIASEC_A_LEG_TLS_VERSION] = U16,
	[MEDIASEC_A_LEG_TLS_CIPHER] = U16,
	[MEDIASEC_A_LEG_FAMILY] = U8,
	[MEDIASEC_A_LEG_LOCAL_ADDR] = ADDR,
	[MEDIASEC_A_LEG_LOCAL_PORT] = U16,
	[MEDIASEC_A_LEG_PEER_ADDR] = ADDR,
	[MEDIASEC_A_LEG_PEER_PORT] = U16,
	[MEDIASEC_A_LEG_RX_BYTES] = U64,
	[MEDIASEC_A_LEG_RX_RECORDS] = U64,
	[MEDIASEC_A_LEG_TX_BYTES] = U64,
	[MEDIASEC_A_LEG_TX_RECORDS] = U64,
	[MEDIASEC_A_LEG_TICKETS_DROPPED] = U64,
	[MEDIASEC_A_LEG_AUTH_FAILS] = U64,
	[MEDIASEC_A_LEG_ALERT] = U16,
	[MEDIASEC_A_LEG_FLAGS] = U32,
};
