// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec dev: attach the XDP data path to interfaces, detach it, show it.
 *
 * Each attached device gets a pinned BPF link and its counters map under
 * /sys/fs/bpf/mediasec/<netns inode>_<ifindex>/, so the attachment
 * outlives this process and survives an agent restart, and is entered in
 * the module's list of data-path devices (MEDIASEC_CMD_DEV_SET), which
 * "show" lists.  Use "-n NETNS" rather than "ip netns exec", whose private
 * /sys hides those pins.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../lib/msnl.h"
#include "cli.h"
#include "mediasec_xdp.h"
#include "mediasec_xdp.skel.h"

#define BPFFS "/sys/fs/bpf"
#define PIN_ROOT BPFFS "/mediasec"
#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

static unsigned long netns_ino(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) ? 0 : (unsigned long)st.st_ino;
}

static void pin_path(char *buf, size_t len, unsigned int ifindex,
		     const char *what)
{
	snprintf(buf, len, PIN_ROOT "/%lu_%u%s%s", netns_ino(), ifindex,
		 what ? "/" : "", what ? what : "");
}

/* Pins need the BPF file system; mount it where it is missing. */
static int bpffs_ready(void)
{
	struct statfs sf;

	if (!statfs(BPFFS, &sf) && sf.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS, "bpf", 0, "mode=0700"))
		return -errno;
	return 0;
}

/*
 * A device that went away while attached leaves its pins behind (the
 * kernel detached the program and dropped the device from its list):
 * remove those of this namespace.
 */
static void prune_pins(void)
{
	char name[IF_NAMESIZE], path[160];
	unsigned long ns = netns_ino();
	struct dirent *de;
	DIR *d;

	d = opendir(PIN_ROOT);
	while (d && (de = readdir(d))) {
		unsigned int ifindex;
		unsigned long ino;

		if (sscanf(de->d_name, "%lu_%u", &ino, &ifindex) != 2 ||
		    ino != ns || if_indextoname(ifindex, name))
			continue;
		pin_path(path, sizeof(path), ifindex, "xdp_link");
		unlink(path);
		pin_path(path, sizeof(path), ifindex, "counters");
		unlink(path);
		pin_path(path, sizeof(path), ifindex, "tc_prog");
		unlink(path);
		pin_path(path, sizeof(path), ifindex, "tc_counters");
		unlink(path);
		pin_path(path, sizeof(path), ifindex, "tc_qdisc");
		unlink(path);
		pin_path(path, sizeof(path), ifindex, NULL);
		rmdir(path);
	}
	if (d)
		closedir(d);
}

/* The MEDIASEC_A_DEV nest: argv[0] the ifindex, argv[1] the flags if any. */
static int fill_dev(int argc, char **argv, struct nl_msg *msg)
{
	unsigned long long v;

	if (get_u32(argv[0], &v) ||
	    nla_put_u32(msg, MEDIASEC_A_DEV_IFINDEX, (uint32_t)v))
		return EXIT_USAGE;
	if (argc > 1 && (get_u32(argv[1], &v) ||
			 nla_put_u32(msg, MEDIASEC_A_DEV_FLAGS, (uint32_t)v)))
		return EXIT_USAGE;
	return 0;
}

static int dev_request(int cmd, unsigned int ifindex, unsigned int flags,
		       const char *what)
{
	char idx[16], fl[16];
	char *args[] = { idx, fl };

	snprintf(idx, sizeof(idx), "%u", ifindex);
	snprintf(fl, sizeof(fl), "%u", flags);
	return ms_request(cmd, 0, MEDIASEC_A_DEV, fill_dev, flags ? 2 : 1,
			  args, NULL, NULL, what);
}

static int on_dev_flags(struct nlattr **tb, void *arg)
{
	struct nlattr *dt[MEDIASEC_A_DEV_MAX + 1];

	if (tb[MEDIASEC_A_DEV] &&
	    !nla_parse_nested(dt, MEDIASEC_A_DEV_MAX, tb[MEDIASEC_A_DEV],
			      msnl_dev_policy) && dt[MEDIASEC_A_DEV_FLAGS])
		*(unsigned int *)arg = nla_get_u32(dt[MEDIASEC_A_DEV_FLAGS]);
	return 0;
}

/* How the module lists the device now; 0 if not (or on any error). */
static unsigned int dev_flags(unsigned int ifindex)
{
	unsigned int flags = 0;
	struct nlattr *nest;
	struct nl_msg *msg;
	struct msnl nl;

	if (msnl_open(&nl))
		return 0;
	msg = msnl_msg(&nl, MEDIASEC_CMD_DEV_GET, 0);
	if (msg) {
		nest = nla_nest_start(msg, MEDIASEC_A_DEV);
		nla_put_u32(msg, MEDIASEC_A_DEV_IFINDEX, ifindex);
		nla_nest_end(msg, nest);
		msnl_request(&nl, msg, on_dev_flags, &flags);
	}
	msnl_close(&nl);
	return flags;
}

#define MS_TC_HANDLE	0x6d73	/* "ms" */
#define MS_TC_PRIO	1

/* The TC program on clsact ingress; its counters and itself pinned. */
static int dev_attach_tc(const char *dev, unsigned int ifindex)
{
	char dir[128], prog_pin[160], map_pin[160], qdisc_pin[160];
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = MS_TC_HANDLE,
		    .priority = MS_TC_PRIO);
	struct mediasec_xdp *skel;
	bool made_qdisc;
	int ret;

	pin_path(dir, sizeof(dir), ifindex, NULL);
	pin_path(qdisc_pin, sizeof(qdisc_pin), ifindex, "tc_qdisc");
	pin_path(prog_pin, sizeof(prog_pin), ifindex, "tc_prog");
	pin_path(map_pin, sizeof(map_pin), ifindex, "tc_counters");
	ret = bpffs_ready();
	if (ret)
		return kerr("mounting " BPFFS, ret, NULL);
	prune_pins();
	if (!access(prog_pin, F_OK)) {
		fprintf(stderr, "Error: %s: TC data path already attached\n",
			dev);
		return EXIT_KERNEL;
	}
	skel = mediasec_xdp__open_and_load();
	if (!skel)
		return kerr("loading the TC program", -errno, NULL);
	ret = bpf_tc_hook_create(&hook);
	if (ret && ret != -EEXIST)
		goto err_destroy_skel;
	made_qdisc = !ret;
	opts.prog_fd = bpf_program__fd(skel->progs.mediasec_tc);
	ret = bpf_tc_attach(&hook, &opts);
	if (ret)
		goto err_destroy_hook;
	if ((mkdir(PIN_ROOT, 0700) && errno != EEXIST) ||
	    (mkdir(dir, 0700) && errno != EEXIST)) {
		ret = -errno;
		goto err_detach;
	}
	ret = bpf_map__pin(skel->maps.ms_xdp_counters, map_pin);
	if (ret)
		goto err_rmdir;
	/* A second pin of the map marks the clsact qdisc as ours. */
	if (made_qdisc) {
		ret = bpf_obj_pin(bpf_map__fd(skel->maps.ms_xdp_counters),
				  qdisc_pin);
		if (ret)
			goto err_unpin_map;
	}
	ret = bpf_program__pin(skel->progs.mediasec_tc, prog_pin);
	if (ret)
		goto err_unpin_qdisc;
	ret = dev_request(MEDIASEC_CMD_DEV_SET, ifindex,
			  dev_flags(ifindex) | MEDIASEC_DEV_F_TC, dev);
	if (ret)
		goto err_unpin_prog;
	mediasec_xdp__destroy(skel);
	return 0;

err_unpin_prog:
	unlink(prog_pin);
err_unpin_qdisc:
	unlink(qdisc_pin);
err_unpin_map:
	unlink(map_pin);
err_rmdir:
	rmdir(dir);
err_detach:
	opts.prog_fd = opts.prog_id = opts.flags = 0;
	bpf_tc_detach(&hook, &opts);
err_destroy_hook:
	if (made_qdisc) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
err_destroy_skel:
	mediasec_xdp__destroy(skel);
	/* dev_request() has said what went wrong already. */
	return ret > 0 ? ret : kerr(dev, ret, NULL);
}

static int count_msg(struct nl_msg *msg, void *arg)
{
	(void)msg;
	++*(int *)arg;
	return NL_OK;
}

/* TC filters on the device's clsact hooks (both), or -errno. */
static int tc_filters(unsigned int ifindex)
{
	static const __u32 parents[] = { TC_H_MIN_INGRESS, TC_H_MIN_EGRESS };
	struct nl_sock *sk = nl_socket_alloc();
	int n = 0, ret = -ENOMEM;
	unsigned int i;

	if (!sk)
		return ret;
	ret = nl_connect(sk, NETLINK_ROUTE);
	if (ret)
		goto out;
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, count_msg, &n);
	for (i = 0; i < 2 && !ret; i++) {
		struct tcmsg tc = {
			.tcm_family = AF_UNSPEC,
			.tcm_ifindex = (int)ifindex,
			.tcm_parent = TC_H_MAKE(TC_H_CLSACT, parents[i]),
		};

		ret = nl_send_simple(sk, RTM_GETTFILTER, NLM_F_DUMP, &tc,
				     sizeof(tc));
		if (ret >= 0)
			ret = nl_recvmsgs_default(sk);
	}
out:
	nl_socket_free(sk);
	return ret < 0 ? -EIO : n;
}

/* Take the TC program off; 0, or -ENOENT if it was not attached. */
static int dev_detach_tc(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = MS_TC_HANDLE,
		    .priority = MS_TC_PRIO);
	char path[160];

	pin_path(path, sizeof(path), ifindex, "tc_prog");
	if (unlink(path))
		return -ENOENT;
	bpf_tc_detach(&hook, &opts);
	pin_path(path, sizeof(path), ifindex, "tc_counters");
	unlink(path);
	/* The clsact qdisc goes too if we made it and it is empty now. */
	pin_path(path, sizeof(path), ifindex, "tc_qdisc");
	if (!unlink(path) && !tc_filters(ifindex)) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
	return 0;
}

static int dev_attach(int argc, char **argv)
{
	char dir[128], link_pin[160], map_pin[160];
	struct mediasec_xdp *skel;
	unsigned int ifindex;
	__u32 flags = XDP_FLAGS_DRV_MODE;
	int link_fd;
	const char *dev;
	int ret;

	if (!argc)
		return missarg("DEV");
	dev = argv[0];
	ifindex = if_nametoindex(dev);
	if (!ifindex)
		return invarg("no such device", dev);
	for (argc--, argv++; argc; argc -= 2, argv += 2) {
		if (strcmp(argv[0], "mode"))
			return invarg("unknown keyword", argv[0]);
		if (argc < 2)
			return missarg("mode");
		if (!strcmp(argv[1], "native"))
			flags = XDP_FLAGS_DRV_MODE;
		else if (!strcmp(argv[1], "generic"))
			flags = XDP_FLAGS_SKB_MODE;
		else if (!strcmp(argv[1], "tc"))
			flags = 0;
		else
			return invarg("mode is native, generic or tc",
				      argv[1]);
	}
	if (!flags)
		return dev_attach_tc(dev, ifindex);

	pin_path(dir, sizeof(dir), ifindex, NULL);
	pin_path(link_pin, sizeof(link_pin), ifindex, "xdp_link");
	pin_path(map_pin, sizeof(map_pin), ifindex, "counters");
	ret = bpffs_ready();
	if (ret)
		return kerr("mounting " BPFFS, ret, NULL);
	prune_pins();
	if (!access(link_pin, F_OK)) {
		fprintf(stderr, "Error: %s: data path already attached\n", dev);
		return EXIT_KERNEL;
	}

	skel = mediasec_xdp__open_and_load();
	if (!skel)
		return kerr("loading the XDP program", -errno, NULL);
	{
		LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);

		link_fd = bpf_link_create(
			bpf_program__fd(skel->progs.mediasec_xdp), ifindex,
			BPF_XDP, &opts);
	}
	if (link_fd < 0) {
		ret = -errno;
		goto err_destroy_skel;
	}
	if (mkdir(PIN_ROOT, 0700) && errno != EEXIST) {
		ret = -errno;
		goto err_close_link;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		ret = -errno;
		goto err_close_link;
	}
	ret = bpf_map__pin(skel->maps.ms_xdp_counters, map_pin);
	if (ret)
		goto err_rmdir;
	if (bpf_obj_pin(link_fd, link_pin)) {
		ret = -errno;
		goto err_unpin_map;
	}
	ret = dev_request(MEDIASEC_CMD_DEV_SET, ifindex,
			  dev_flags(ifindex) |
			  (flags == XDP_FLAGS_SKB_MODE ?
			   MEDIASEC_DEV_F_XDP_GENERIC : MEDIASEC_DEV_F_XDP),
			  dev);
	if (ret) {
		unlink(link_pin);
		unlink(map_pin);
		rmdir(dir);
		close(link_fd);
		mediasec_xdp__destroy(skel);
		return ret;
	}
	close(link_fd);
	mediasec_xdp__destroy(skel);
	return 0;

err_unpin_map:
	unlink(map_pin);
err_rmdir:
	rmdir(dir);
err_close_link:
	close(link_fd);
err_destroy_skel:
	mediasec_xdp__destroy(skel);
	return kerr(dev, ret, NULL);
}

static int dev_detach(int argc, char **argv)
{
	char dir[128], link_pin[160], map_pin[160];
	unsigned int ifindex;

	if (!argc)
		return missarg("DEV");
	if (argc > 1)
		return invarg("unexpected argument", argv[1]);
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex)
		return invarg("no such device", argv[0]);
	pin_path(dir, sizeof(dir), ifindex, NULL);
	pin_path(link_pin, sizeof(link_pin), ifindex, "xdp_link");
	pin_path(map_pin, sizeof(map_pin), ifindex, "counters");
	/* Every way the data path is attached: XDP, TC or both. */
	if (unlink(link_pin) && dev_detach_tc(ifindex)) {
		fprintf(stderr, "Error: %s: data path not attached\n", argv[0]);
		return EXIT_KERNEL;
	}
	dev_detach_tc(ifindex);
	unlink(map_pin);
	rmdir(dir);
	return dev_request(MEDIASEC_CMD_DEV_DEL, ifindex, 0, argv[0]);
}

static const char *const counter_names[MS_XDP_CNT_MAX] = {
	[MS_XDP_CNT_RX] = "rx",
	[MS_XDP_CNT_IPV4] = "ipv4",
	[MS_XDP_CNT_IPV6] = "ipv6",
	[MS_XDP_CNT_UDP] = "udp",
	[MS_XDP_CNT_MALFORMED] = "malformed",
	[MS_XDP_CNT_FLOW] = "flow",
	[MS_XDP_CNT_DROP] = "drop",
	[MS_XDP_CNT_TX] = "tx",
	[MS_XDP_CNT_REDIRECT] = "redirect",
	[MS_XDP_CNT_TO_STACK] = "to_stack",
	[MS_XDP_CNT_OUTPUT] = "output",
};

static const char *const mode_names[] = { "xdp", "xdp-generic", "tc" };

/*
 * The counters of the program pinned as @pin, as "@label".  The map may
 * be an older program's, left attached across an upgrade, with fewer
 * counters: its own value size gives the per-CPU stride and how many
 * there are.
 */
static void print_counters(unsigned int ifindex, const char *pin,
			   const char *label)
{
	int ncpu = libbpf_num_possible_cpus(), fd, c;
	struct bpf_map_info info = { 0 };
	__u32 k, n, stride, zero = 0, ilen = sizeof(info);
	char map_pin[160];
	__u64 *vals, sum;

	pin_path(map_pin, sizeof(map_pin), ifindex, pin);
	fd = bpf_obj_get(map_pin);
	if (fd < 0)
		return;
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen) ||
	    info.value_size % sizeof(__u64) || !info.value_size) {
		close(fd);
		return;
	}
	stride = info.value_size / sizeof(__u64);
	n = stride < MS_XDP_CNT_MAX ? stride : MS_XDP_CNT_MAX;
	vals = ncpu > 0 ? calloc(ncpu, info.value_size) : NULL;
	if (vals) {
		printf(json ? ",\"%s\":{" : "\n    %s", label);
		if (bpf_map_lookup_elem(fd, &zero, vals))
			memset(vals, 0, (size_t)ncpu * info.value_size);
		for (k = 0; k < n; k++) {
			sum = 0;
			for (c = 0; c < ncpu; c++)
				sum += vals[(size_t)c * stride + k];
			printf(json ? "%s\"%s\":%llu" : " %s%s %llu",
			       k && json ? "," : "", counter_names[k],
			       (unsigned long long)sum);
		}
		printf(json ? "}" : "");
		free(vals);
	}
	close(fd);
}

/* One device of the kernel's list, with its programs' counters. */
static int on_dev(struct nlattr **tb, void *arg)
{
	struct nlattr *dt[MEDIASEC_A_DEV_MAX + 1];
	unsigned int ifindex, flags, i;
	bool first = true;
	int *n = arg;

	if (!tb[MEDIASEC_A_DEV] ||
	    nla_parse_nested(dt, MEDIASEC_A_DEV_MAX, tb[MEDIASEC_A_DEV],
			     msnl_dev_policy) ||
	    !dt[MEDIASEC_A_DEV_IFINDEX] || !dt[MEDIASEC_A_DEV_FLAGS] ||
	    !dt[MEDIASEC_A_DEV_NAME])
		return 0;
	ifindex = nla_get_u32(dt[MEDIASEC_A_DEV_IFINDEX]);
	flags = nla_get_u32(dt[MEDIASEC_A_DEV_FLAGS]);
	if (json) {
		const char *c = nla_get_string(dt[MEDIASEC_A_DEV_NAME]);

		/* Device names may hold '"' and '\\'. */
		printf("%s{\"ifname\":\"", *n ? "," : "");
		for (; *c; c++)
			printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
		printf("\",\"ifindex\":%u,\"mode\":[", ifindex);
	}
	else
		printf("%u: %s: mode", ifindex,
		       nla_get_string(dt[MEDIASEC_A_DEV_NAME]));
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++) {
		if (!(flags & (1U << i)))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", json ? (first ? "" : ",") :
		       (first ? " " : ","), mode_names[i]);
		first = false;
	}
	printf(json ? "]" : "");
	(*n)++;

	print_counters(ifindex, "counters", "xdp");
	print_counters(ifindex, "tc_counters", "tc");
	printf(json ? "}" : "\n");
	return 0;
}

static int dev_show(int argc, char **argv)
{
	int n = 0, ret;

	if (argc)
		return invarg("unexpected argument", argv[0]);
	prune_pins();
	if (json)
		printf("[");
	ret = ms_request(MEDIASEC_CMD_DEV_GET, NLM_F_DUMP, 0, NULL, 0, NULL,
			 on_dev, &n, "dev show");
	if (json)
		printf("]\n");
	return ret;
}

int cmd_dev(int argc, char **argv)
{
	if (!argc || !strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return dev_show(argc ? argc - 1 : 0, argv + 1);
	if (!strcmp(argv[0], "attach"))
		return dev_attach(argc - 1, argv + 1);
	if (!strcmp(argv[0], "detach"))
		return dev_detach(argc - 1, argv + 1);
	return invarg("dev command is attach, detach or show", argv[0]);
}
