#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run one libFuzzer target for $MEDIASEC_FUZZ_SECONDS (default 30) from its
# seed corpus; one TAP case.  A crash, leak or sanitizer report fails it.
set -u
t=$1
name=$(basename "$t")
secs=${MEDIASEC_FUZZ_SECONDS:-30}
O=${MEDIASEC_O:-build}
corpus=$O/fuzz/corpus-$name
mkdir -p "$corpus"
seeds=$(dirname "$(readlink -f "$0")")/../userspace/fuzz/seeds/$name
echo "TAP version 13"
echo "1..1"
args=("$corpus")
[ -d "$seeds" ] && args+=("$seeds")
if "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 "${args[@]}" > "$O/fuzz/$name.log" 2>&1; then
	grep -E 'stat::number_of_executed_runs' "$O/fuzz/$name.log" | sed 's/^/# /'
	echo "ok 1 fuzz $name ${secs}s clean"
else
	grep -E -A30 'ERROR|==[0-9]+==|runtime error' "$O/fuzz/$name.log" | head -60 | sed 's/^/# /'
	echo "not ok 1 fuzz $name"
	exit 1
fi
