#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make bench-NAME': boot the guest once and run scripts/bench-NAME-guest.sh
# in it; print its result lines ('bench: ...' and '# ...' comments).
#
#   bench-guest.sh BUILD_DIR NAME
set -u
O=$1
NAME=$2
TOP=$(readlink -f "$(dirname "$0")/..")
OUT=$O/guest/bench-$NAME
cd "$TOP" || exit 1
MEDIASEC_O=$O selftests/guest/vm.sh -q -t "${MEDIASEC_BENCH_TIMEOUT:-1500}" \
	-o "$OUT" -- "scripts/bench-$NAME-guest.sh"
rc=$?
grep -E "^(bench:|# |bench-$NAME:)" "$OUT/console.log"
[ $rc = 0 ] || echo "bench-$NAME: guest run failed ($rc); see $OUT/console.log" >&2
exit $rc
