// SPDX-License-Identifier: GPL-2.0
/*
 * The order in which mediasec.ko's exit takes its parts down (issue 13,
 * item 8): the netdevice notifier must go before the generic netlink
 * family, since a device removed meanwhile makes the notifier send an
 * event on the family.  Counts the two calls made by the unloading task
 * (@pid, set by selftests/module_teardown.c) in the order they come.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

int pid;
int seq, notifier_at, family_at;

SEC("fentry/unregister_netdevice_notifier")
int BPF_PROG(notifier_gone, struct notifier_block *nb)
{
	if (bpf_get_current_pid_tgid() >> 32 != (__u32)pid)
		return 0;
	if (!notifier_at)
		notifier_at = ++seq;
	return 0;
}

SEC("fentry/genl_unregister_family")
int BPF_PROG(family_gone, const struct genl_family *family)
{
	static const char want[] = "mediasec";
	char name[sizeof(want)] = {};
	int i;

	if (bpf_get_current_pid_tgid() >> 32 != (__u32)pid)
		return 0;
	bpf_probe_read_kernel_str(name, sizeof(name), family->name);
	for (i = 0; i < (int)sizeof(want); i++)
		if (name[i] != want[i])
			return 0;
	if (!family_at)
		family_at = ++seq;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
