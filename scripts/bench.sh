#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make bench': run every benchmark registered in $BENCH_TARGETS (each
# prints 'bench: ...' lines).  Results are recorded in docs/performance.md.
set -u
O=$1
TOP=$(readlink -f "$(dirname "$0")/..")
cd "$TOP" || exit 1
if [ -z "${BENCH_TARGETS:-}" ]; then
	echo "bench: no benchmarks yet"
	exit 0
fi
rc=0
for b in $BENCH_TARGETS; do
	"$b" || rc=1
done
exit $rc
