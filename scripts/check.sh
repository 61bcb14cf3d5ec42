#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make check': every test mediasec has, ending with one line
#   N passed, N failed, N skipped
#
#   check.sh BUILD_DIR [NATIVE_TEST...]
#
# 1. kernel tests in the guest ($GUEST_TESTS), each followed by the dmesg
#    check; a guest panic, hang or splat fails the run and says which.
#    They take longest.  On a machine of 4 cores or more they are split
#    between guests that run side by side ($MEDIASEC_GUEST_SHARDS: one
#    per 2 cores), each ending with the unload check (the last of
#    $GUEST_TESTS).  The host's stages run beside them, niced:
# 2. style: checkpatch --strict, sparse, kernel-doc on kernel code
# 3. native tests (ASan/UBSan builds) on this machine
# 4. fuzz targets ($FUZZ_TARGETS), each for $MEDIASEC_FUZZ_SECONDS
# Each stage's output is shown once it is done, the guests' last.
set -u
O=$1
shift
TOP=$(readlink -f "$(dirname "$0")/..")
cd "$TOP" || exit 1
export MEDIASEC_O=$O
FUZZ_SECONDS=${MEDIASEC_FUZZ_SECONDS:-30}
LOG=$O/check
mkdir -p "$LOG"

total_p=0 total_f=0 total_s=0
problems=()

# tally NAME LOGFILE RC: add up the totals a stage left in LOGFILE.
tally() {
	local name=$1 log=$2 rc=$3 t
	t=$(grep -a -E '^# totals: ' "$log" | tail -n 1)
	if [ -z "$t" ]; then
		total_f=$((total_f + 1))
		problems+=("$name: no result (exit $rc)")
		return
	fi
	set -- $t
	total_p=$((total_p + $3)) total_f=$((total_f + $5)) total_s=$((total_s + $7))
	[ "$5" != 0 ] && problems+=("$name: $5 failed (see $log)")
	[ "$rc" != 0 ] && [ "$5" = 0 ] && { total_f=$((total_f + 1)); problems+=("$name: exit $rc"); }
}

# stage NAME LOGFILE CMD...: run CMD, show its output, add up its totals.
stage() {
	local name=$1 log=$2 rc
	shift 2
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	tally "$name" "$log" "$rc"
}

# A bound on a hung guest, not a guess at its speed: the tests take about
# 25 minutes under TCG on an idle 2-core machine, and a busy machine may
# take twice that (each test bounds its own waits; run_tests.sh bounds
# each test).
#
# The split: longest test first, each to the guest with the least work
# so far, by the seconds selftests/guest/test-seconds gives (30 for a
# test it does not list); in each guest the tests keep their order.
# Every guest boots its own kernel and loads the module itself, so each
# ends with the last test (module_unload.sh: nothing left behind).
#
# On 2 cores, one guest: two of 2 vCPUs each took as long as one, and
# the heavier tests ran 2 to 3 times slower (TCG's vCPU threads, 4 on 2
# cores, wait for each other's locks in the guest's kernel).
SHARDS=${MEDIASEC_GUEST_SHARDS:-$(($(nproc) / 2))}
[ "$SHARDS" -ge 1 ] || SHARDS=1
read -r -a gtests <<< "${GUEST_TESTS:-}"
declare -A secs=()
while read -r name sec; do
	[[ -z $name || $name == \#* ]] || secs[$name]=$sec
done < selftests/guest/test-seconds
last=
[ ${#gtests[@]} -gt 0 ] && last=${gtests[-1]}
declare -a shard_of=() load=()
for ((g = 0; g < SHARDS; g++)); do load[g]=0; done
while read -r sec i; do
	best=0
	for ((g = 1; g < SHARDS; g++)); do
		[ "${load[g]}" -lt "${load[best]}" ] && best=$g
	done
	shard_of[i]=$best
	load[best]=$((load[best] + sec))
done < <(for ((i = 0; i < ${#gtests[@]} - 1; i++)); do
		n=$(basename "${gtests[i]}")
		echo "${secs[$n]:-30} $i"
	done | sort -k1,1nr -k2,2n)
guest_pids=()
for ((g = 0; g < SHARDS; g++)); do
	list=()
	for ((i = 0; i < ${#gtests[@]} - 1; i++)); do
		[ "${shard_of[i]}" = "$g" ] && list+=("${gtests[i]}")
	done
	[ -n "$last" ] && list+=("$last")
	selftests/guest/vm.sh -t "${MEDIASEC_GUEST_TIMEOUT:-3600}" \
		-o "$O/guest/check$g" -- \
		selftests/run_tests.sh -k -s kernel "${list[@]}" \
		> "$LOG/guest$g-run.log" 2>&1 &
	guest_pids[g]=$!
done

# The style checks, the fuzzers and the native tests run side by side
# with them (each check and each fuzzer is one process on one core; the
# fuzzers run for a fixed time; the tests bound their waits, not their
# speed), niced so that the guests keep the CPU they use.
style_name="style (checkpatch, sparse, kernel-doc)"
nice -n 10 selftests/run_tests.sh -s style scripts/style-check.sh \
	> "$LOG/style.log" 2>&1 &
style_pid=$!

fuzz_pid=
if [ -n "${FUZZ_TARGETS:-}" ]; then
	nfuzz=$(echo $FUZZ_TARGETS | wc -w)
	export FUZZ_TARGETS
	fuzz_name="fuzzing (${FUZZ_SECONDS}s each)"
	nice -n 10 selftests/run_tests.sh -s fuzz \
		-t $(((FUZZ_SECONDS + 30) * nfuzz + 60)) \
		scripts/fuzz-run.sh > "$LOG/fuzz.log" 2>&1 &
	fuzz_pid=$!
fi

if [ $# -gt 0 ]; then
	stage "native tests" "$LOG/native.log" \
		nice -n 10 selftests/run_tests.sh -s native "$@"
fi

wait $style_pid
src=$?
echo "=== $style_name"
cat "$LOG/style.log"
tally "$style_name" "$LOG/style.log" $src

if [ -n "$fuzz_pid" ]; then
	wait $fuzz_pid
	frc=$?
	echo "=== $fuzz_name"
	cat "$LOG/fuzz.log"
	tally "$fuzz_name" "$LOG/fuzz.log" $frc
fi

# Each guest's result: its tests' totals, how it ended, its dmesg, where
# a splat anywhere, also between tests, fails the run.
SPLAT='WARNING:|BUG:|Oops|Call Trace|general protection|unreferenced object|UBSAN:|KASAN:|refcount_t:|RCU stall|Kernel panic'
: > "$LOG/guest.log"
for ((g = 0; g < SHARDS; g++)); do
	wait "${guest_pids[g]}"
	vrc=$?
	gname="guest $((g + 1)) of $SHARDS"
	guest_out=$O/guest/check$g
	echo "=== kernel tests in the guest ($((g + 1)) of $SHARDS)"
	cat "$LOG/guest$g-run.log"
	cat "$guest_out/console.log" >> "$LOG/guest.log" 2>/dev/null
	t=$(grep -a -E '^# totals: ' "$guest_out/console.log" 2>/dev/null | tail -n 1)
	case $vrc in
	124) problems+=("$gname: HUNG (no result before the timeout)") ;;
	125) problems+=("$gname: KERNEL PANIC or guest died (see $guest_out/console.log)") ;;
	126) problems+=("$gname: could not be started") ;;
	esac
	if [ -n "$t" ]; then
		set -- $t
		total_p=$((total_p + $3)) total_f=$((total_f + $5)) total_s=$((total_s + $7))
		[ "$5" != 0 ] && problems+=("kernel tests, $gname: $5 failed (see $guest_out/console.log)")
	else
		total_f=$((total_f + 1))
		[ "$vrc" -lt 124 ] && problems+=("kernel tests, $gname: no result (exit $vrc)")
	fi
	if [ -s "$guest_out/dmesg" ] && grep -qE "$SPLAT" "$guest_out/dmesg"; then
		total_f=$((total_f + 1))
		problems+=("$gname dmesg: kernel splat (see $guest_out/dmesg)")
		grep -E -A10 "$SPLAT" "$guest_out/dmesg" | head -40
	fi
done
echo
for p in "${problems[@]}"; do
	echo "FAILED: $p"
done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
