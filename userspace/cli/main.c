// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec: configure the mediasec offload over generic netlink.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/msnl.h"
#include "cli.h"

bool json;
const char *prog = "mediasec";

static const struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis;
} subcommands[] = {
	{ "info", cmd_info, "info" },
	{ "ctx", cmd_ctx,
	  "ctx { add ID dir { rx | tx } suite SUITE [ flags FLAG[,FLAG] ] [ kdr N ]\n"
	  "                [ window N ] [ mki-len N ] [ streams N ] | del ID | show [ ID ] }" },
	{ "key", cmd_key,
	  "key { add ctx ID key-file { FILE | - } [ mki N ] [ lifetime N ]\n"
	  "                [ soft-lifetime N ] | del ctx ID [ mki N ] }" },
	{ "mikey", cmd_mikey,
	  "mikey { add rx-ctx ID tx-ctx ID ti-file { FILE | - } KMS\n"
	  "                [ state-dir { DIR | none } ] [ allow-weak ] |\n"
	  "                offer rx-ctx ID tx-ctx ID responder ID KMS\n"
	  "                [ suite SUITE ] [ allow-weak ] }\n"
	  "                KMS := kms URL kms-id ID kms-psk-file FILE\n"
	  "                [ kms-ca FILE ] [ kms-name NAME ] [ kms-timeout-ms N ]" },
	{ "flow", cmd_flow,
	  "flow { add ID action ACTION local ADDR lport PORT\n"
	  "                [ remote ADDR rport PORT ] [ kind { rtp | rtcp | mux } ]\n"
	  "                [ rx-ctx ID ] [ tx-ctx ID ] daddr ADDR dport PORT\n"
	  "                [ saddr ADDR ] [ sport PORT ] [ dev IFNAME ] [ latch ]\n"
	  "                [ reverse ID ] [ idle-timeout SECONDS ]\n"
	  "              | del ID | show [ ID ] }" },
	{ "stats", cmd_stats,
	  "stats [ show | reset ] [ ctx ID | flow ID ]" },
	{ "monitor", cmd_monitor, "monitor" },
	{ "relay", cmd_relay, "relay { show [ ID ] | del ID }" },
	{ "dev", cmd_dev,
	  "dev { attach DEV [ mode { native | generic | tc } ] | detach DEV | show }" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [ -j ] [ -n NETNS ] OBJECT COMMAND...\n"
		   "       %s [ -j ] [ -n NETNS ] -b FILE\n", prog, prog);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "       %s %s\n", prog, subcommands[i].synopsis);
	fprintf(f, "Options: -j        JSON output\n"
		   "         -n NETNS  run in network namespace NETNS (as ip -n)\n"
		   "         -b FILE   run the commands of FILE (- for stdin), one\n"
		   "                   per line, stopping at the first that fails\n");
}

int put_id(struct nl_msg *msg, int type, const char *s)
{
	unsigned long long v;

	if (get_u32(s, &v) || !v)
		return invarg("an id is 1 .. 4294967295", s);
	return nla_put_u32(msg, type, (uint32_t)v) ? EXIT_USAGE : 0;
}

int invarg(const char *what, const char *arg)
{
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, what);
	return EXIT_USAGE;
}

int duparg(const char *what, const char *arg)
{
	fprintf(stderr, "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		what, arg);
	return EXIT_USAGE;
}

int get_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return *end || errno ? -1 : 0;
}

int get_u32(const char *s, unsigned long long *out)
{
	uint64_t v;

	if (get_u64(s, &v) || v > 0xffffffffULL)
		return -1;
	*out = v;
	return 0;
}

int ms_request(int cmd, int flags, int nest_type,
	       int (*fill)(int argc, char **argv, struct nl_msg *msg),
	       int argc, char **argv, msnl_reply_fn fn, void *arg,
	       const char *what)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	struct msnl nl;
	int ret;

	ret = msnl_open(&nl);
	if (ret)
		return kerr("mediasec module not loaded (genl family)", ret,
			    NULL);
	msg = msnl_msg(&nl, cmd, flags);
	if (!msg) {
		msnl_close(&nl);
		return kerr(what, -ENOMEM, NULL);
	}
	if (fill) {
		nest = nla_nest_start(msg, nest_type);
		ret = fill(argc, argv, msg);
		if (ret) {
			msnl_free(msg);
			msnl_close(&nl);
			return ret;
		}
		nla_nest_end(msg, nest);
	}
	ret = msnl_request(&nl, msg, fn, arg);
	if (ret)
		ret = kerr(what, ret, nl.errmsg);
	msnl_close(&nl);
	return ret;
}

int missarg(const char *what)
{
	fprintf(stderr, "Error: %s is missing.\n", what);
	return EXIT_USAGE;
}

int kerr(const char *what, int err, const char *msg)
{
	if (msg && *msg)
		fprintf(stderr, "Error: %s: %s (%s)\n", what, msg,
			strerror(-err));
	else
		fprintf(stderr, "Error: %s: %s\n", what, strerror(-err));
	return EXIT_KERNEL;
}

/* Enter a named network namespace, keeping our mount namespace. */
static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		return invarg("namespace name", name);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return EXIT_USAGE;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	return 0;
}

static int run(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[0], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "Object \"%s\" is unknown, try \"%s -h\".\n", argv[0],
		prog);
	return EXIT_USAGE;
}

/* As "ip -batch": one command per line, '#' starts a comment. */
bool batch_stdin;

static int batch(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	unsigned int lineno = 0;
	char line[4096];
	int ret = 0;

	if (!f) {
		fprintf(stderr, "Error: cannot open \"%s\": %s\n", file,
			strerror(errno));
		return EXIT_USAGE;
	}
	batch_stdin = f == stdin;
	while (fgets(line, sizeof(line), f)) {
		char *args[128], *save = NULL, *t;
		int n = 0;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, "Error: %s:%u: line too long\n", file,
				lineno);
			ret = EXIT_USAGE;
			break;
		}
		t = strchr(line, '#');
		if (t)
			*t = 0;
		for (t = strtok_r(line, " \t\r\n", &save); t && n < 128;
		     t = strtok_r(NULL, " \t\r\n", &save))
			args[n++] = t;
		if (!n)
			continue;
		if (t) {
			fprintf(stderr, "Error: %s:%u: too many words\n", file,
				lineno);
			ret = EXIT_USAGE;
			break;
		}
		ret = run(n, args);
		fflush(stdout);
		if (ret) {
			fprintf(stderr, "Command failed %s:%u\n", file, lineno);
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	int ret;

	argc--, argv++;
	while (argc && argv[0][0] == '-') {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "-json")) {
			json = true;
		} else if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "-help") ||
			   !strcmp(argv[0], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[0], "-n") ||
			   !strcmp(argv[0], "-netns")) {
			if (argc < 2)
				return missarg("NETNS");
			ret = enter_netns(argv[1]);
			if (ret)
				return ret;
			argc--, argv++;
		} else if (!strcmp(argv[0], "-b") ||
			   !strcmp(argv[0], "-batch")) {
			if (argc < 2)
				return missarg("FILE");
			if (argc > 2)
				return invarg("nothing follows -b FILE",
					      argv[2]);
			return batch(argv[1]);
		} else {
			fprintf(stderr, "Option \"%s\" is unknown.\n", argv[0]);
			usage(stderr);
			return EXIT_USAGE;
		}
		argc--, argv++;
	}
	if (!argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return run(argc, argv);
}
