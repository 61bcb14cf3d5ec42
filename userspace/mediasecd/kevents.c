// SPDX-License-Identifier: GPL-2.0
/*
 * The module's events (its netlink multicast group) turned into Notify to
 * the MGC.  The gateway decides whether a termination asked to hear of an
 * event (mg_flow_idle(), mg_auth_fail(), mg_key_event()); this file only
 * reads the group and sends, so that a daemon without the group still
 * carries calls, only without Notify.
 */
#include <stdio.h>
#include <string.h>

#include <netlink/genl/ctrl.h>

#include "daemon.h"
#include "log.h"

/*
 * Notify (H.248.1 7.2.7) of an event a termination asked for: the
 * module's, here, and the heartbeats of the poll loop (main.c).
 */
void mgd_notify(struct daemon *d, const struct mg_notify *n, uint64_t now)
{
	struct h248_event ev = { .name = n->event };
	struct h248_param params[2];
	struct h248_cmd c = { .kind = H248_CMD_NOTIFY };
	uint32_t id;

	if (!mgd_link_up(&d->link)) {
		mgd_log(LOG_INFO, "%s on %s, no MGC to tell",
			n->event, n->tid);
		return;
	}
	memcpy(params, n->param, sizeof(params));
	ev.params = params;
	ev.nparams = n->nparam;
	c.tid = n->tid;
	c.present = H248_D_OBSERVED;
	c.observed_rid = n->rid;
	c.observed = &ev;
	c.nobserved = 1;
	id = mgd_send_request(d, n->ctx, &c, now);
	if (d->verbose)
		mgd_log(LOG_DEBUG, "Notify %u: %s on %s", id,
			n->event, n->tid);
}

/* One message of the module's events group. */
static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct nlattr *et[MEDIASEC_A_EVENT_MAX + 1];
	struct daemon *d = arg;
	struct mg_notify n = { 0 };
	unsigned int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEDIASEC_A_MAX,
			  msnl_top_policy) || !tb[MEDIASEC_A_EVENT] ||
	    nla_parse_nested(et, MEDIASEC_A_EVENT_MAX, tb[MEDIASEC_A_EVENT],
			     msnl_event_policy) || !et[MEDIASEC_A_EVENT_TYPE])
		return NL_SKIP;
	switch (nla_get_u32(et[MEDIASEC_A_EVENT_TYPE])) {
	case MEDIASEC_EVENT_FLOW_IDLE:
		if (et[MEDIASEC_A_EVENT_FLOW_ID] &&
		    mg_flow_idle(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_FLOW_ID]), &n))
			mgd_notify(d, &n, mgd_now_ms());
		break;
	case MEDIASEC_EVENT_KEY_SOFT:
	case MEDIASEC_EVENT_KEY_HARD:
		if (nla_get_u32(et[MEDIASEC_A_EVENT_TYPE]) ==
		    MEDIASEC_EVENT_KEY_HARD)
			d->metrics.key_hard++;
		else
			d->metrics.key_soft++;
		if (et[MEDIASEC_A_EVENT_CTX_ID] && et[MEDIASEC_A_EVENT_MKI] &&
		    mg_key_event(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]),
				 nla_get_u32(et[MEDIASEC_A_EVENT_MKI]),
				 nla_get_u32(et[MEDIASEC_A_EVENT_TYPE]) ==
				 MEDIASEC_EVENT_KEY_HARD, &n))
			mgd_notify(d, &n, mgd_now_ms());
		break;
	case MEDIASEC_EVENT_AUTH_FAIL:
		d->metrics.auth_fail_events++;
		if (et[MEDIASEC_A_EVENT_CTX_ID] && et[MEDIASEC_A_EVENT_COUNT] &&
		    mg_auth_fail(&d->mg,
				 nla_get_u32(et[MEDIASEC_A_EVENT_CTX_ID]),
				 nla_get_u64(et[MEDIASEC_A_EVENT_COUNT]), &n))
			mgd_notify(d, &n, mgd_now_ms());
		break;
	case MEDIASEC_EVENT_RELAY_END:
		/* mediasecd's relays have their context's id */
		if (!et[MEDIASEC_A_EVENT_RELAY_ID] || !et[MEDIASEC_A_EVENT_REASON])
			break;
		for (i = 0; mg_msrp_end(&d->mg,
					nla_get_u32(et[MEDIASEC_A_EVENT_RELAY_ID]),
					nla_get_u32(et[MEDIASEC_A_EVENT_REASON]),
					et[MEDIASEC_A_EVENT_LEG] ?
					nla_get_u8(et[MEDIASEC_A_EVENT_LEG]) : -1,
					i, &n); i++)
			mgd_notify(d, &n, mgd_now_ms());
		break;
	}
	return NL_OK;
}

/* Joins the events group; without it no Notify, but the rest works. */
void mgd_events_open(struct daemon *d)
{
	int grp;

	d->ev_fd = -1;
	if (msnl_open(&d->ev))
		return;
	grp = genl_ctrl_resolve_grp(d->ev.sk, MEDIASEC_GENL_NAME,
				    MEDIASEC_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(d->ev.sk, grp) ||
	    nl_socket_set_nonblocking(d->ev.sk)) {
		mgd_log(LOG_WARNING, "no events: no Notify");
		msnl_close(&d->ev);
		return;
	}
	nl_socket_disable_seq_check(d->ev.sk);
	nl_socket_modify_cb(d->ev.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, d);
	d->ev_fd = nl_socket_get_fd(d->ev.sk);
}
