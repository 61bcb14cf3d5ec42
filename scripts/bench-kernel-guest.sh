#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make bench-kernel', in the guest: mediasec.ko's SRTP protect and
# unprotect through its kfunc against the same kernel crypto primitives
# alone (the test-only mediasec_floor.ko), measured by
# selftests/bench/ms_kbench (docs/performance.md, "The module's crypto, in
# the guest"); then the flow step with every media policy against none
# (selftests/bench/ms_pbench, "Media policies on and off").
set -u
O=${MEDIASEC_O:?}
ROUNDS=${MEDIASEC_BENCH_ROUNDS:-5}
MS=${MEDIASEC_BENCH_RUN_MS:-200}
die() { echo "bench-kernel: $*" >&2; exit 1; }

[ -d /sys/module/mediasec ] || insmod "$O/kbuild/kmod/mediasec.ko" ||
	die "cannot load mediasec.ko"
insmod "$O/kbuild-floor/mediasec_floor.ko" || die "cannot load mediasec_floor.ko"
dmesg | grep -o 'mediasec_floor: .*' | sed 's/^/# transforms: /'
"$O/bench/ms_kbench" "$ROUNDS" "$MS"
rc=$?
# The programs' hold on the floor goes after an RCU grace period: retry.
for _ in $(seq 100); do rmmod mediasec_floor 2>/dev/null && break; sleep 0.1; done
[ -d /sys/module/mediasec_floor ] && die "cannot unload mediasec_floor.ko"
[ $rc = 0 ] || die "ms_kbench failed ($rc)"
# The media policies' cost to the flow step (issue 17).
"$O/bench/ms_pbench" "${MEDIASEC_BENCH_POLICY_ROUNDS:-9}" "$MS" ||
	die "ms_pbench failed"
exit 0
