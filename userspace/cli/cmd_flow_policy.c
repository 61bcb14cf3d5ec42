// SPDX-License-Identifier: GPL-2.0
/*
 * The media policies of a flow on the command line (TS 23.334 6.2.4 to
 * 6.2.7; the kernel's attributes in include/uapi/linux/mediasec.h):
 *
 *   gate-addr { ADDR[/LEN] | off }  remote source filtering (H.248.43 gm)
 *   gate-port LO[-HI]               source ports let in
 *   police-rate BYTES  police-burst BYTES          (H.248.53 tman sdr, mbs)
 *   [ peak-rate BYTES  peak-burst BYTES ]          (tman pdr)
 *   police off                      no policing (flow set)
 *   dscp { 0..63 | copy }           egress DS field (H.248.52 ds)
 *   clock-rate HZ                   RTP loss and jitter (RFC 3550)
 *   rtt on                          round trips timed from RTCP (6.4.1)
 *   latch { on | off }              (flow set; flow add takes "latch")
 *
 *   mediasec flow set ID POLICIES...
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/msnl.h"
#include "cli.h"
#include "cmd_flow.h"

/* ADDR[/LEN]; 0 or EXIT_USAGE. */
static int parse_prefix(const char *s, struct flow_pol_args *a)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	unsigned long long len;

	if (strlen(s) >= sizeof(buf))
		return invarg("not an ADDR[/LEN] prefix", s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, a->gate_addr) == 1)
		a->gate_alen = 4;
	else if (inet_pton(AF_INET6, buf, a->gate_addr) == 1)
		a->gate_alen = 16;
	else
		return invarg("not an ADDR[/LEN] prefix", s);
	a->gate_plen = -1;
	if (slash) {
		if (get_u32(slash + 1, &len) || len > a->gate_alen * 8ULL)
			return invarg("a prefix length is 0 .. 32 (IPv4) or 128",
				      s);
		a->gate_plen = (int)len;
	}
	a->has_gate_addr = true;
	return 0;
}

/* LO[-HI]; 0 or EXIT_USAGE. */
static int parse_ports(const char *s, struct flow_pol_args *a)
{
	unsigned long long lo, hi;
	char buf[16], *dash;

	if (strlen(s) >= sizeof(buf))
		return invarg("ports are LO[-HI], 1 .. 65535", s);
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (get_u32(buf, &lo) || !lo || lo > 65535)
		return invarg("ports are LO[-HI], 1 .. 65535", s);
	hi = lo;
	if (dash && (get_u32(dash + 1, &hi) || hi < lo || hi > 65535))
		return invarg("ports are LO[-HI], 1 .. 65535, LO <= HI", s);
	a->port_min = (uint16_t)lo;
	a->port_max = (uint16_t)hi;
	a->has_gate_port = true;
	return 0;
}

static int parse_u32_kw(const char *kw, const char *s, uint32_t *out)
{
	unsigned long long v;

	if (get_u32(s, &v) || !v)
		return invarg(kw, s);
	*out = (uint32_t)v;
	return 0;
}

void flow_pol_init(struct flow_pol_args *a)
{
	memset(a, 0, sizeof(*a));
	a->dscp = -1;
	a->latch = -1;
}

int flow_pol_arg(struct flow_pol_args *a, const char *kw, const char *val)
{
	unsigned long long v;

	if (!strcmp(kw, "gate-addr")) {
		if (!strcmp(val, "off")) {
			a->gate_off = true;
			return 0;
		}
		return parse_prefix(val, a);
	}
	if (!strcmp(kw, "gate-port"))
		return parse_ports(val, a);
	if (!strcmp(kw, "police")) {
		if (strcmp(val, "off"))
			return invarg("police takes off (police-rate ... to set)",
				      val);
		a->police_off = true;
		return 0;
	}
	if (!strcmp(kw, "police-rate") || !strcmp(kw, "peak-rate")) {
		uint32_t r = 0;
		int ret;

		ret = parse_u32_kw("a rate is 1 .. 2^32 - 1 bytes per second",
				   val, &r);
		*(!strcmp(kw, "police-rate") ? &a->rate : &a->peak_rate) = r;
		return ret;
	}
	if (!strcmp(kw, "police-burst") || !strcmp(kw, "peak-burst"))
		return parse_u32_kw("a burst is bytes, 64 .. 67108864", val,
				    !strcmp(kw, "police-burst") ?
				    &a->burst : &a->peak_burst);
	if (!strcmp(kw, "dscp")) {
		if (!strcmp(val, "copy")) {
			a->dscp = MEDIASEC_DSCP_COPY;
			return 0;
		}
		if (get_u32(val, &v) || v > 63)
			return invarg("dscp is 0 .. 63 or copy", val);
		a->dscp = (int)v;
		return 0;
	}
	if (!strcmp(kw, "clock-rate"))
		return parse_u32_kw("a clock rate is 1 .. 10000000 Hz", val,
				    &a->clock_rate);
	if (!strcmp(kw, "rtt")) {
		if (strcmp(val, "on"))
			return invarg("rtt takes on (timing, once on, stays)",
				      val);
		a->rtt = true;
		return 0;
	}
	if (!strcmp(kw, "latch")) {
		if (strcmp(val, "on") && strcmp(val, "off"))
			return invarg("latch is on or off", val);
		a->latch = !strcmp(val, "on");
		return 0;
	}
	return -1;
}

int flow_pol_put(struct nl_msg *msg, const struct flow_pol_args *a)
{
	struct nlattr *nest;

	if (a->gate_off && (a->has_gate_addr || a->has_gate_port))
		return invarg("gate-addr off goes alone", "gate-port");
	if (a->police_off && (a->rate || a->burst || a->peak_rate ||
			      a->peak_burst))
		return invarg("police off goes alone", "police-rate");
	if (a->gate_off || a->has_gate_addr || a->has_gate_port) {
		nest = nla_nest_start(msg, MEDIASEC_A_FLOW_GATE);
		if (!nest)
			return EXIT_USAGE;
		if (a->has_gate_addr)
			nla_put(msg, MEDIASEC_A_GATE_ADDR, a->gate_alen,
				a->gate_addr);
		if (a->has_gate_addr && a->gate_plen >= 0)
			nla_put_u8(msg, MEDIASEC_A_GATE_PREFIX_LEN,
				   (uint8_t)a->gate_plen);
		if (a->has_gate_port) {
			nla_put_u16(msg, MEDIASEC_A_GATE_PORT_MIN, a->port_min);
			nla_put_u16(msg, MEDIASEC_A_GATE_PORT_MAX, a->port_max);
		}
		nla_nest_end_keep_empty(msg, nest);	/* empty: off */
	}
	if (a->police_off || a->rate || a->burst || a->peak_rate ||
	    a->peak_burst) {
		nest = nla_nest_start(msg, MEDIASEC_A_FLOW_POLICE);
		if (!nest)
			return EXIT_USAGE;
		if (a->rate)
			nla_put_u64(msg, MEDIASEC_A_POLICE_RATE, a->rate);
		if (a->burst)
			nla_put_u32(msg, MEDIASEC_A_POLICE_BURST, a->burst);
		if (a->peak_rate)
			nla_put_u64(msg, MEDIASEC_A_POLICE_PEAK_RATE,
				    a->peak_rate);
		if (a->peak_burst)
			nla_put_u32(msg, MEDIASEC_A_POLICE_PEAK_BURST,
				    a->peak_burst);
		nla_nest_end_keep_empty(msg, nest);	/* empty: off */
	}
	if (a->dscp >= 0)
		nla_put_u8(msg, MEDIASEC_A_FLOW_DSCP, (uint8_t)a->dscp);
	if (a->clock_rate)
		nla_put_u32(msg, MEDIASEC_A_FLOW_CLOCK_RATE, a->clock_rate);
	if (a->rtt)
		nla_put_u8(msg, MEDIASEC_A_FLOW_RTT, 1);
	return 0;
}

static void addr_of(struct nlattr *attr, char *buf, size_t len)
{
	if (nla_len(attr) == 4 || nla_len(attr) == 16)
		inet_ntop(nla_len(attr) == 4 ? AF_INET : AF_INET6,
			  nla_data(attr), buf, len);
	else
		snprintf(buf, len, "?");
}

void flow_pol_print(struct nlattr **ft)
{
	struct nlattr *gt[MEDIASEC_A_GATE_MAX + 1];
	struct nlattr *pt[MEDIASEC_A_POLICE_MAX + 1];
	char a[INET6_ADDRSTRLEN];

	if (ft[MEDIASEC_A_FLOW_GATE] &&
	    !nla_parse_nested(gt, MEDIASEC_A_GATE_MAX, ft[MEDIASEC_A_FLOW_GATE],
			      msnl_gate_policy)) {
		if (gt[MEDIASEC_A_GATE_ADDR]) {
			addr_of(gt[MEDIASEC_A_GATE_ADDR], a, sizeof(a));
			printf(json ? ",\"gate_addr\":\"%s/%u\"" :
				      " gate-addr %s/%u", a,
			       nla_get_u8(gt[MEDIASEC_A_GATE_PREFIX_LEN]));
		}
		if (gt[MEDIASEC_A_GATE_PORT_MIN])
			printf(json ? ",\"gate_port\":\"%u-%u\"" :
				      " gate-port %u-%u",
			       nla_get_u16(gt[MEDIASEC_A_GATE_PORT_MIN]),
			       nla_get_u16(gt[MEDIASEC_A_GATE_PORT_MAX]));
	}
	if (ft[MEDIASEC_A_FLOW_POLICE] &&
	    !nla_parse_nested(pt, MEDIASEC_A_POLICE_MAX,
			      ft[MEDIASEC_A_FLOW_POLICE], msnl_police_policy)) {
		printf(json ? ",\"police_rate\":%" PRIu64 ",\"police_burst\":%u" :
			      " police-rate %" PRIu64 " police-burst %u",
		       (uint64_t)nla_get_u64(pt[MEDIASEC_A_POLICE_RATE]),
		       nla_get_u32(pt[MEDIASEC_A_POLICE_BURST]));
		if (pt[MEDIASEC_A_POLICE_PEAK_RATE])
			printf(json ? ",\"peak_rate\":%" PRIu64 ",\"peak_burst\":%u" :
				      " peak-rate %" PRIu64 " peak-burst %u",
			       (uint64_t)nla_get_u64(pt[MEDIASEC_A_POLICE_PEAK_RATE]),
			       nla_get_u32(pt[MEDIASEC_A_POLICE_PEAK_BURST]));
	}
	if (ft[MEDIASEC_A_FLOW_DSCP])
		printf(json ? ",\"dscp\":%u" : " dscp %u",
		       nla_get_u8(ft[MEDIASEC_A_FLOW_DSCP]));
	if (ft[MEDIASEC_A_FLOW_CLOCK_RATE])
		printf(json ? ",\"clock_rate\":%u" : " clock-rate %u",
		       nla_get_u32(ft[MEDIASEC_A_FLOW_CLOCK_RATE]));
	if (ft[MEDIASEC_A_FLOW_RTT] && nla_get_u8(ft[MEDIASEC_A_FLOW_RTT]))
		printf(json ? ",\"rtt\":true" : " rtt on");
}

/* The round trips to the remote timed from RTCP (RFC 3550 6.4.1). */
static void flow_rtt_print(struct nlattr **ft)
{
	struct nlattr *rt[MEDIASEC_A_RTT_MAX + 1];
	uint64_t n;

	if (!ft[MEDIASEC_A_FLOW_RTT_STATS] ||
	    nla_parse_nested(rt, MEDIASEC_A_RTT_MAX,
			     ft[MEDIASEC_A_FLOW_RTT_STATS], msnl_rtt_policy) ||
	    !rt[MEDIASEC_A_RTT_SAMPLES] || !rt[MEDIASEC_A_RTT_SUM] ||
	    !rt[MEDIASEC_A_RTT_LAST] || !rt[MEDIASEC_A_RTT_MIN] ||
	    !rt[MEDIASEC_A_RTT_MAX])
		return;
	n = nla_get_u64(rt[MEDIASEC_A_RTT_SAMPLES]);
	printf(json ? ",\"rtt_us\":{\"samples\":%" PRIu64 ",\"last\":%u"
		      ",\"min\":%u,\"max\":%u,\"avg\":%" PRIu64 "}" :
		      "    rtt samples %" PRIu64 " last %u us min %u us"
		      " max %u us avg %" PRIu64 " us\n",
	       n, nla_get_u32(rt[MEDIASEC_A_RTT_LAST]),
	       nla_get_u32(rt[MEDIASEC_A_RTT_MIN]),
	       nla_get_u32(rt[MEDIASEC_A_RTT_MAX]),
	       n ? (uint64_t)nla_get_u64(rt[MEDIASEC_A_RTT_SUM]) / n : 0);
}

void flow_rtp_print(struct nlattr **ft)
{
	struct nlattr *rt[MEDIASEC_A_RTP_MAX + 1];
	uint32_t jitter, rate;

	flow_rtt_print(ft);
	if (!ft[MEDIASEC_A_FLOW_RTP] || !ft[MEDIASEC_A_FLOW_CLOCK_RATE] ||
	    nla_parse_nested(rt, MEDIASEC_A_RTP_MAX, ft[MEDIASEC_A_FLOW_RTP],
			     msnl_rtp_policy))
		return;
	jitter = nla_get_u32(rt[MEDIASEC_A_RTP_JITTER]);
	rate = nla_get_u32(ft[MEDIASEC_A_FLOW_CLOCK_RATE]);
	printf(json ? ",\"rtp\":{\"ssrc\":%u,\"received\":%" PRIu64
		      ",\"expected\":%" PRIu64 ",\"lost\":%" PRId64
		      ",\"jitter\":%u,\"jitter_us\":%" PRIu64 "}" :
		      "    rtp ssrc 0x%08x received %" PRIu64 " expected %" PRIu64
		      " lost %" PRId64 " jitter %u (%" PRIu64 " us)\n",
	       nla_get_u32(rt[MEDIASEC_A_RTP_SSRC]),
	       (uint64_t)nla_get_u64(rt[MEDIASEC_A_RTP_RECEIVED]),
	       (uint64_t)nla_get_u64(rt[MEDIASEC_A_RTP_EXPECTED]),
	       (int64_t)nla_get_s64(rt[MEDIASEC_A_RTP_LOST]), jitter,
	       (uint64_t)jitter * 1000000 / rate);
}

static int parse_flow_set(int argc, char **argv, struct nl_msg *msg)
{
	struct flow_pol_args a;
	int ret;

	flow_pol_init(&a);
	if (!argc)
		return missarg("ID");
	ret = put_id(msg, MEDIASEC_A_FLOW_ID, argv[0]);
	if (ret)
		return ret;
	for (argc--, argv++; argc; argc -= 2, argv += 2) {
		if (argc < 2)
			return missarg(argv[0]);
		ret = flow_pol_arg(&a, argv[0], argv[1]);
		if (ret < 0)
			return invarg("unknown keyword", argv[0]);
		if (ret)
			return ret;
	}
	if (a.latch >= 0)
		nla_put_u32(msg, MEDIASEC_A_FLOW_FLAGS,
			    a.latch ? MEDIASEC_FLOW_F_LATCH : 0);
	return flow_pol_put(msg, &a);
}

int cmd_flow_set(int argc, char **argv)
{
	return ms_request(MEDIASEC_CMD_FLOW_SET, 0, MEDIASEC_A_FLOW,
			  parse_flow_set, argc, argv, NULL, NULL, "flow set");
}
