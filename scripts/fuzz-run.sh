#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run each libFuzzer target (arguments, else $FUZZ_TARGETS) for
# $MEDIASEC_FUZZ_SECONDS (default 30) from its corpus and seeds, one per
# core at a time; one TAP case per target.  A crash, leak, timeout or
# sanitizer report fails it.
set -u
secs=${MEDIASEC_FUZZ_SECONDS:-30}
O=${MEDIASEC_O:-build}
TOP=$(dirname "$(readlink -f "$0")")/..
[ $# -gt 0 ] || set -- ${FUZZ_TARGETS:-}
# run_one TARGET: fuzz it, leaving its exit status in its .rc file.
run_one() {
	local t=$1 name corpus seeds args
	name=$(basename "$t")
	corpus=$O/fuzz/corpus-$name
	seeds=$TOP/userspace/fuzz/seeds/$name
	mkdir -p "$corpus"
	args=("$corpus")
	[ -d "$seeds" ] && args+=("$seeds")
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "${args[@]}" > "$O/fuzz/$name.log" 2>&1
	echo $? > "$O/fuzz/$name.rc"
}

# Each target is one process on one core: as many at once as there are
# cores, so the stage takes its seconds once per core, not per target.
jobs_max=$(nproc)
for t in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
	run_one "$t" &
done
wait

echo "TAP version 13"
echo "1..$#"
n=0 failed=0
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t")
	log=$O/fuzz/$name.log
	if [ "$(cat "$O/fuzz/$name.rc" 2>/dev/null)" = 0 ]; then
		grep -E 'stat::number_of_executed_units' "$log" | sed 's/^/# /'
		echo "ok $n fuzz $name ${secs}s clean"
	else
		grep -E -A30 'ERROR|==[0-9]+==|runtime error' "$log" | head -60 |
			sed 's/^/# /'
		echo "not ok $n fuzz $name (see $log)"
		failed=1
	fi
done
exit $failed
