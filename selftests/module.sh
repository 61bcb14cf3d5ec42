#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module loads, shows up where it should (sysfs, module BTF, its
# generic netlink family), unloads and leaves nothing behind.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
[ -r "$MS_KO" ] || { echo "# $MS_KO not built"; exit 1; }

ms_plan 10
ms_unload
ms_check "module loads" insmod "$MS_KO"
kat_passed() {
	dmesg | grep -qE "mediasec: self-test: [0-9]+ known-answer tests passed, through the drivers, the fallback and in vmalloc'ed memory"
}
ms_check "SRTP known-answer self-test passed at load (drivers, fallback, vmalloc'ed packets)" \
	kat_passed
ms_check "no known-answer test failed" sh -c \
	"! dmesg | grep -q 'mediasec: self-test:.*failed'"
ms_check "sysfs entry" test -d /sys/module/mediasec
ms_check "module BTF registered" test -s /sys/kernel/btf/mediasec
ms_check "kfunc in module BTF" sh -c \
	"bpftool btf dump file /sys/kernel/btf/mediasec | grep -q \"FUNC 'bpf_mediasec_xform'\""
ms_check "genl family registered" sh -c \
	"genl ctrl get name mediasec 2>/dev/null | grep -q 'Name: mediasec'"
ms_check "module unloads" rmmod mediasec
ms_check "nothing left behind" ms_nothing_left
# selftest=2 adds the 1 MiB keystream vector of RFC 6188 7.1.
ms_check "full self-test (selftest=2) at load" sh -c \
	"insmod '$MS_KO' selftest=2 && dmesg | tail -n 5 | grep -qE 'self-test: 16 known-answer tests passed' && rmmod mediasec"
ms_exit
