#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module loads, shows up where it should (sysfs, module BTF, its
# generic netlink family), unloads and leaves nothing behind.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
[ -r "$MS_KO" ] || { echo "# $MS_KO not built"; exit 1; }

ms_plan 7
ms_unload
ms_check "module loads" insmod "$MS_KO"
ms_check "sysfs entry" test -d /sys/module/mediasec
ms_check "module BTF registered" test -s /sys/kernel/btf/mediasec
ms_check "kfunc in module BTF" sh -c \
	"bpftool btf dump file /sys/kernel/btf/mediasec | grep -q \"FUNC 'bpf_mediasec_xdp_selftest'\""
ms_check "genl family registered" sh -c \
	"genl ctrl get name mediasec 2>/dev/null | grep -q 'Name: mediasec'"
ms_check "module unloads" rmmod mediasec
ms_check "nothing left behind" ms_nothing_left
ms_exit
