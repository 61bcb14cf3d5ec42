// SPDX-License-Identifier: GPL-2.0
/*
 * What the gateway realises of the Iq profile, checked before a command
 * changes anything: every descriptor, property, signal and statistic an
 * Add, Modify or Move carries is one the gateway acts on, or the command
 * is refused with the code H.248.1 (H.248.8) gives for it.  Nothing is
 * acknowledged and then ignored: the gates (gm), policing (tman),
 * DiffServ marking (ds) and latching (ipnapt) an MGC asks for are the data
 * path's (mg_policy.c; docs/mediasecd.md, "Interface profile", lists what
 * is realised).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "mg_int.h"

/* Statistics the gateway counts (mg_audit.c), for a Statistics request. */
static const char *const stats_counted[] = {
	"rtp/pr", "rtp/ps", "rtp/pl", "rtp/jit", "rtp/delay", "nt/or", "nt/os",
	"nt/dur", "mssrtp/af",
};

/* Packages the gateway realises: a name of another one is 440. */
static const char *const packages[] = {
	"nt", "rtp", "ipdc", "hangterm", "adid", "srtp", "mssrtp", "it",
	"mstls", "gm", "tman", "ds", "ipnapt",
};

/* The media policies' properties (mg_policy.c). */
static const char *const policy_props[] = {
	"gm/saf", "gm/sam", "gm/spf", "gm/spr", "tman/pol", "tman/sdr",
	"tman/mbs", "tman/pdr", "tman/dvt", "ds/dscp", "ipnapt/latch",
};

static bool known_package(const char *name)
{
	const char *slash = strchr(name, '/');
	size_t n = slash ? (size_t)(slash - name) : strlen(name);
	unsigned int i;

	for (i = 0; i < sizeof(packages) / sizeof(packages[0]); i++)
		if (strlen(packages[i]) == n && !strncasecmp(name, packages[i], n))
			return true;
	return false;
}

static int refuse(struct mg_fail *f, unsigned int code, const char *why)
{
	f->code = code;
	f->text = why;
	return -EOPNOTSUPP;
}

/*
 * A package's property or statistic @name: 440 when its package is not
 * one the gateway realises (gm, tman, ds, ipnapt... until the data path
 * does them), @code_in_pkg when it is but has no such item.
 */
static int unknown_item(const char *name, unsigned int code_in_pkg,
			struct mg_fail *f)
{
	if (!strchr(name, '/'))
		return refuse(f, MG_ERR_UNKNOWN_PROP,
			      "a property the gateway does not know");
	if (!known_package(name))
		return refuse(f, MG_ERR_UNKNOWN_PKG,
			      "a package the gateway does not realise "
			      "(docs/mediasecd.md, interface profile)");
	return refuse(f, code_in_pkg, "no such item in the package");
}

/*
 * LocalControl properties: Mode is taken apart; ipdc/realm (H.248.41);
 * ReservedValue and ReservedGroup (H.248.1 7.1.7) say whether resources
 * are reserved for every alternative of Local/Remote: with one
 * alternative, the only one, both values mean the same here.
 */
static int check_local_control(const struct h248_stream *st,
			       struct mg_fail *f)
{
	unsigned int i, j;

	for (i = 0; i < st->nprops; i++) {
		const char *n = st->props[i].name;

		if (!strcasecmp(n, "ipdc/realm") ||
		    !strcasecmp(n, "mstls/pskid") ||
		    !strcasecmp(n, "mstls/psk") ||
		    !strcasecmp(n, "ReservedValue") || !strcasecmp(n, "RV") ||
		    !strcasecmp(n, "ReservedGroup") || !strcasecmp(n, "RG"))
			continue;
		for (j = 0; j < sizeof(policy_props) / sizeof(policy_props[0]);
		     j++)
			if (!strcasecmp(n, policy_props[j]))
				break;
		if (j < sizeof(policy_props) / sizeof(policy_props[0]))
			continue;
		return unknown_item(n, MG_ERR_NO_SUCH_PROP, f);
	}
	return 0;
}

/*
 * TerminationState: ipdc/realm (TS 29.334 gives the realm there),
 * ServiceStates InService (the others are the MGC's to set on ROOT with
 * ServiceChange), EventBufferControl Off (no event buffer: H.248.1
 * 7.1.9's LockStep would be one).
 */
static int check_termination_state(const struct h248_cmd *cmd,
				   struct mg_fail *f)
{
	unsigned int i;

	for (i = 0; i < cmd->ntstate; i++) {
		const struct h248_param *p = &cmd->tstate[i];
		const char *v = p->value ? p->value : "";

		if (!strcasecmp(p->name, "ipdc/realm"))
			continue;
		if (!strcasecmp(p->name, "ServiceStates") ||
		    !strcasecmp(p->name, "SI")) {
			if (strcasecmp(v, "InService") && strcasecmp(v, "IV"))
				return refuse(f, MG_ERR_UNSUPPORTED,
					      "ServiceStates: InService only");
			continue;
		}
		if (!strcasecmp(p->name, "EventBufferControl") ||
		    !strcasecmp(p->name, "BF")) {
			if (strcasecmp(v, "Off"))
				return refuse(f, MG_ERR_UNSUPPORTED,
					      "no event buffer: "
					      "EventBufferControl Off only");
			continue;
		}
		return unknown_item(p->name, MG_ERR_NO_SUCH_PROP, f);
	}
	return 0;
}

/* A Statistics request: only what the gateway counts. */
static int check_stats(const struct h248_param *p, unsigned int n,
		       struct mg_fail *f)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(stats_counted) / sizeof(stats_counted[0]);
		     j++)
			if (!strcasecmp(p[i].name, stats_counted[j]))
				break;
		if (j == sizeof(stats_counted) / sizeof(stats_counted[0]))
			return unknown_item(p[i].name, MG_ERR_NO_SUCH_STAT, f);
	}
	return 0;
}

int mg_check_profile(const struct h248_cmd *cmd, struct mg_fail *f)
{
	unsigned int i;
	int ret;

	/* Descriptors the gateway has nothing to do with: 444. */
	if (cmd->present & (H248_D_DIGIT_MAP | H248_D_EVENT_BUFFER |
			    H248_D_MODEM | H248_D_MUX | H248_D_TOPOLOGY))
		return refuse(f, MG_ERR_UNKNOWN_DESC,
			      "no DigitMap, EventBuffer, Modem or Mux here");
	/*
	 * Its one signal is mstls/est (mg_msrp.c); it plays none (an empty
	 * Signals descriptor stops none).
	 */
	for (i = 0; cmd->present & H248_D_SIGNALS && i < cmd->nsignals; i++)
		if (strcasecmp(cmd->signals[i].name, "mstls/est"))
			return refuse(f, known_package(cmd->signals[i].name) ?
					 MG_ERR_NO_SUCH_SIGNAL :
					 MG_ERR_CANNOT_SIGNAL,
				      "the gateway's one signal is mstls/est");
	ret = check_termination_state(cmd, f);
	if (!ret && cmd->present & H248_D_STATS)
		ret = check_stats(cmd->stats, cmd->nstats, f);
	for (i = 0; !ret && i < cmd->nstreams; i++) {
		const struct h248_stream *st = &cmd->streams[i];

		if (st->mode == H248_MODE_LOOPBACK)
			return refuse(f, MG_ERR_BAD_MODE,
				      "no loopback: media go between the two "
				      "terminations");
		ret = check_local_control(st, f);
		if (!ret && st->has_stats)
			ret = check_stats(st->stats, st->nstats, f);
	}
	return ret;
}
