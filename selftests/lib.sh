# SPDX-License-Identifier: GPL-2.0
# Helpers for mediasec's shell tests: TAP output and the module.
# Source it; $MEDIASEC_O is the build folder (default ../build).

MS_TOP=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
MS_O=${MEDIASEC_O:-$MS_TOP/build}
MS_KO=$MS_O/kbuild/kmod/mediasec.ko
KSFT_SKIP=4

ms_n=0
ms_failed=0
ms_plan() { echo "TAP version 13"; echo "1..$1"; }
ms_ok() { ms_n=$((ms_n + 1)); echo "ok $ms_n $*"; }
ms_fail() { ms_n=$((ms_n + 1)); ms_failed=$((ms_failed + 1)); echo "not ok $ms_n $*"; }
ms_skip() { ms_n=$((ms_n + 1)); echo "ok $ms_n $* # SKIP"; }
# ms_check NAME CMD...: one test case, passing when CMD succeeds; returns
# CMD's success, for what a failure should show.
ms_check() {
	local name=$1
	shift
	if "$@"; then ms_ok "$name"; else ms_fail "$name"; return 1; fi
}
ms_exit() { [ "$ms_failed" = 0 ] && exit 0; exit 1; }

# wait_until SECONDS CMD...: CMD succeeds within SECONDS, tried every 0.1 s
# (a condition, not a sleep); 1 if it never did.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

ms_loaded() { [ -d /sys/module/mediasec ]; }
ms_load() { ms_loaded || insmod "$MS_KO"; }
ms_unload() { ! ms_loaded || rmmod mediasec; }

# Everything the module creates is gone once it is unloaded.
ms_nothing_left() {
	local left=
	[ -e /sys/module/mediasec ] && left="$left /sys/module/mediasec"
	[ -e /sys/kernel/btf/mediasec ] && left="$left /sys/kernel/btf/mediasec"
	grep -q '^mediasec' /proc/slabinfo 2>/dev/null && left="$left slab caches"
	grep -qw mediasec /proc/net/genetlink 2>/dev/null && left="$left genl family"
	[ -n "$(ls -A /sys/fs/bpf/mediasec 2>/dev/null)" ] && left="$left pinned XDP links"
	if [ -n "$left" ]; then
		echo "# left behind after unload:$left"
		return 1
	fi
}
