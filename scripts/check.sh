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
#    They take longest and leave about one of the two cores idle (TCG
#    runs a vCPU per host thread, and most tests keep one vCPU busy), so
#    the guest starts first and the host's stages run beside it, niced,
#    on what it leaves:
# 2. style: checkpatch --strict, sparse, kernel-doc on kernel code
# 3. native tests (ASan/UBSan builds) on this machine
# 4. fuzz targets ($FUZZ_TARGETS), each for $MEDIASEC_FUZZ_SECONDS
# Each stage's output is shown once it is done, the guest's last.
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
guest_out=$O/guest/check
selftests/guest/vm.sh -t "${MEDIASEC_GUEST_TIMEOUT:-3600}" -o "$guest_out" -- \
	selftests/run_tests.sh -k -s kernel ${GUEST_TESTS:-} \
	> "$LOG/guest-run.log" 2>&1 &
guest_pid=$!

# The style checks, the fuzzers and the native tests run side by side
# with it (each check and each fuzzer is one process on one core; the
# fuzzers run for a fixed time; the tests bound their waits, not their
# speed), niced so that the guest keeps the CPU it uses.
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

wait $guest_pid
vrc=$?
echo "=== kernel tests in the guest"
cat "$LOG/guest-run.log"
cp "$guest_out/console.log" "$LOG/guest.log" 2>/dev/null
t=$(grep -a -E '^# totals: ' "$guest_out/console.log" 2>/dev/null | tail -n 1)
case $vrc in
124) problems+=("guest: HUNG (no result before the timeout)") ;;
125) problems+=("guest: KERNEL PANIC or guest died (see $guest_out/console.log)") ;;
126) problems+=("guest: could not be started") ;;
esac
if [ -n "$t" ]; then
	set -- $t
	total_p=$((total_p + $3)) total_f=$((total_f + $5)) total_s=$((total_s + $7))
	[ "$5" != 0 ] && problems+=("kernel tests: $5 failed (see $LOG/guest.log)")
else
	total_f=$((total_f + 1))
	[ "$vrc" -lt 124 ] && problems+=("kernel tests: no result (exit $vrc)")
fi
# A splat anywhere in the guest's log, also between tests, fails the run.
SPLAT='WARNING:|BUG:|Oops|Call Trace|general protection|unreferenced object|UBSAN:|KASAN:|refcount_t:|RCU stall|Kernel panic'
if [ -s "$guest_out/dmesg" ] && grep -qE "$SPLAT" "$guest_out/dmesg"; then
	total_f=$((total_f + 1))
	problems+=("guest dmesg: kernel splat (see $guest_out/dmesg)")
	grep -E -A10 "$SPLAT" "$guest_out/dmesg" | head -40
fi

echo
for p in "${problems[@]}"; do
	echo "FAILED: $p"
done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
