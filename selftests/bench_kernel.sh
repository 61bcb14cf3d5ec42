#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel-engine benchmark's harness (make bench-kernel) keeps working:
# the test-only floor module loads, both engines protect and unprotect
# through their kfuncs without one refusal, the report has the form other
# tools read, and the floor unloads leaving nothing.  Timings are not
# judged here (make bench does that).
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
FLOOR_KO=$MS_O/kbuild-floor/mediasec_floor.ko
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
ms_plan 4
ms_load
ms_check "the floor module loads" insmod "$FLOOR_KO"
# One round of a few milliseconds per run: every run must succeed.  Its
# figures are noise on a busy machine (a difference of two timings can be
# negative, and its ratio too): the form is checked, not the values.
ms_check "both engines run every case" \
	"$MS_O/bench/ms_kbench" 1 2 > "$OUT"
sed 's/^/# /' "$OUT"
form='^bench: kernel engine (AES_CM_128_HMAC_SHA1_80|AEAD_AES_128_GCM) (protect|unprotect) (172|1200)B: ours -?[0-9]+ ns/pkt, kernel floor -?[0-9]+ ns/pkt, over-floor -?[0-9]+\.[0-9]{2}$'
ms_check "8 report lines of the exact form" \
	test "$(grep -cE "$form" "$OUT")" = 8
# The programs' hold on the module goes after an RCU grace period and a
# work item, once ms_kbench has exited: retry, bounded.
floor_gone() {
	local i
	for i in $(seq 100); do
		rmmod mediasec_floor 2>/dev/null && break
		sleep 0.1
	done
	[ ! -e /sys/module/mediasec_floor ] &&
		[ ! -e /sys/kernel/btf/mediasec_floor ]
}
ms_check "the floor unloads, nothing left" floor_gone
ms_exit
