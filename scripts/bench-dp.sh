#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make bench-dp': boot the guest once and run scripts/bench-dp-guest.sh in
# it; print its result lines ('bench: ...' and '# ...' comments).
set -u
O=$1
TOP=$(readlink -f "$(dirname "$0")/..")
OUT=$O/guest/bench-dp
cd "$TOP" || exit 1
MEDIASEC_O=$O selftests/guest/vm.sh -q -t "${MEDIASEC_BENCH_TIMEOUT:-1500}" \
	-o "$OUT" -- scripts/bench-dp-guest.sh
rc=$?
grep -E '^(bench:|# |bench-dp:)' "$OUT/console.log"
[ $rc = 0 ] || echo "bench-dp: guest run failed ($rc); see $OUT/console.log" >&2
exit $rc
