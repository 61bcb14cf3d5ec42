#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-style TAP runner for mediasec's tests, natively and in the guest.
#
#   run_tests.sh [-k] [-s SUITE] [-t SECONDS] TEST...
#
# Runs each TEST (an executable; kselftest conventions: exit 0 pass, 4 skip,
# anything else fail) with a timeout, indents its output with "# ", and
# prints one top-level TAP line per test.  Test cases inside a test are the
# TAP lines it prints itself ("ok N ...", "not ok N ...", "# SKIP"); they
# are what the totals count.  A test that fails without printing a failing
# case counts as one failure.
#
# With -k (kernel tests, in the guest) every test ends with the dmesg check:
# any WARN, BUG, Oops, "Call Trace", leak or sanitizer report that the
# kernel logged while the test ran fails the test, and says so.
#
# The last line is "# totals: P passed, F failed, S skipped".
set -u

KERNEL=
SUITE=mediasec
TMO=${MEDIASEC_TEST_TIMEOUT:-900}
while getopts "ks:t:" opt; do
	case $opt in
	k) KERNEL=1 ;;
	s) SUITE=$OPTARG ;;
	t) TMO=$OPTARG ;;
	*) echo "usage: run_tests.sh [-k] [-s SUITE] [-t SECONDS] TEST..." >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))

SPLAT='WARNING:|BUG:|Oops|Call Trace|general protection|kernel BUG|unreferenced object|UBSAN:|KASAN:|refcount_t:|list_(add|del) corruption|RCU stall|stack-protector|Kernel panic'

pass=0 fail=0 skip=0 n=0
echo "TAP version 13"
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t")
	out=$(mktemp)
	klines=0
	[ -n "$KERNEL" ] && klines=$(dmesg | wc -l)
	t0=$SECONDS
	timeout -k 10 "$TMO" "$t" > "$out" 2>&1 < /dev/null
	rc=$?
	sed 's/^/# /' "$out"
	# what each test costs the run (the CI's time budget)
	echo "# $name: $((SECONDS - t0)) s"
	p=$(grep -cE '^ *ok [0-9]+' "$out")
	s=$(grep -cE '^ *ok [0-9]+.*# *SKIP' "$out")
	f=$(grep -cE '^ *not ok [0-9]+' "$out")
	p=$((p - s))
	why=
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		why="timed out after ${TMO}s"
	elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && [ "$f" = 0 ]; then
		why="exit status $rc"
	fi
	[ -n "$why" ] && [ "$f" = 0 ] && f=1
	if [ -n "$KERNEL" ]; then
		splat=$(dmesg | tail -n +$((klines + 1)) | grep -E "$SPLAT")
		if [ -n "$splat" ]; then
			echo "# dmesg: kernel splat during $name:"
			dmesg | tail -n +$((klines + 1)) | grep -E -A20 "$SPLAT" |
				head -60 | sed 's/^/#   /'
			why="${why:+$why; }kernel splat in dmesg"
			f=$((f + 1))
		fi
	fi
	if [ "$rc" = 4 ] && [ "$f" = 0 ] && [ "$p" = 0 ]; then
		[ "$s" = 0 ] && s=1
		echo "ok $n selftests: $SUITE: $name # SKIP"
	elif [ "$f" -gt 0 ] || { [ "$rc" != 0 ] && [ "$rc" != 4 ]; }; then
		echo "not ok $n selftests: $SUITE: $name${why:+ # $why}"
	else
		[ "$p" = 0 ] && [ "$s" = 0 ] && p=1
		echo "ok $n selftests: $SUITE: $name"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	rm -f "$out"
done
echo "# totals: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
