#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mediasecd's command line, without a kernel: help and version on stdout
# with exit 0, usage errors on stderr with exit 1 - each within a bound (it
# once spun at 100% CPU on -h).
. "$(dirname "$0")/../lib.sh"

MGD=$MS_O/userspace/mediasecd
ms_plan 6

# run CODE STREAM PATTERN ARGS...: exits CODE within 10 s, STREAM (out or
# err) matches PATTERN.
run() {
	local code=$1 stream=$2 pat=$3 out err rc
	shift 3
	out=$(mktemp) err=$(mktemp)
	timeout 10 "$MGD" "$@" > "$out" 2> "$err"
	rc=$?
	[ "$stream" = out ] && text=$(cat "$out") || text=$(cat "$err")
	rm -f "$out" "$err"
	[ "$rc" = "$code" ] || { echo "# mediasecd $*: exit $rc, want $code"; return 1; }
	[[ $text =~ $pat ]] || { echo "# mediasecd $*: std$stream '$text'"; return 1; }
}

ms_check "-h: usage on stdout, exit 0" run 0 out '^Usage: mediasecd -c CONFIG' -h
ms_check "--help: the same" run 0 out '--version' --help
ms_check "-V / --version: the version, exit 0" sh -c \
	"'$MGD' -V | grep -qE '^mediasecd [0-9]+\.[0-9]+\.[0-9]+$' &&
	 '$MGD' --version | grep -qE '^mediasecd [0-9]+\.[0-9]+\.[0-9]+$'"
ms_check "no arguments: usage on stderr, exit 1" run 1 err 'Usage: mediasecd'
ms_check "unknown option: named, exit 1" run 1 err "invalid option -- 'x'" -x
ms_check "-c without CONFIG: named, exit 1" run 1 err 'requires an argument' -c
ms_exit
