/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec flow: the media policies of a flow (cmd_flow_policy.c), shared
 * by "flow add", "flow set" and "flow show" (cmd_flow.c).
 */
#ifndef _MS_CMD_FLOW_H
#define _MS_CMD_FLOW_H

#include <stdbool.h>
#include <stdint.h>

struct nl_msg;
struct nlattr;

/* What the policy keywords of a command line asked for. */
struct flow_pol_args {
	bool gate_off;
	bool police_off;
	bool has_gate_addr;
	bool has_gate_port;
	unsigned char gate_addr[16];
	int gate_alen;
	int gate_plen;		/* -1: the whole address */
	uint16_t port_min;
	uint16_t port_max;
	uint64_t rate;
	uint32_t burst;
	uint64_t peak_rate;
	uint32_t peak_burst;
	int dscp;		/* -1: not given */
	uint32_t clock_rate;
	bool rtt;
	int latch;		/* -1: not given; flow set only */
};

void flow_pol_init(struct flow_pol_args *a);
/* KW VAL: 0 if taken, EXIT_USAGE for a bad value, -1 if not a policy. */
int flow_pol_arg(struct flow_pol_args *a, const char *kw, const char *val);
/* The attributes of what was asked for; 0 or EXIT_USAGE. */
int flow_pol_put(struct nl_msg *msg, const struct flow_pol_args *a);
/*
 * flow show: the policies (on the flow's line), the lines of the RTP
 * statistics and of the round trips.
 */
void flow_pol_print(struct nlattr **ft);
void flow_rtp_print(struct nlattr **ft);
int cmd_flow_set(int argc, char **argv);

#endif /* _MS_CMD_FLOW_H */
