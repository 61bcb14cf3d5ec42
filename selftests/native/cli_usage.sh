#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mediasec CLI's grammar, without a kernel: usage and its exit codes
# (0 help, 1 usage error), uniform messages on stderr.
. "$(dirname "$0")/../lib.sh"

MS=$MS_O/userspace/mediasec
ms_plan 11
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# expect CODE STDERR_PATTERN ARGS...: exit CODE and stderr matching.
expect() {
	local code=$1 pat=$2 err rc
	shift 2
	err=$("$MS" "$@" 2>&1 >/dev/null)
	rc=$?
	[ "$rc" = "$code" ] || { echo "# mediasec $*: exit $rc, want $code"; return 1; }
	[[ $err =~ $pat ]] || { echo "# mediasec $*: stderr '$err'"; return 1; }
}

ms_check "-h prints the synopsis, exit 0" sh -c \
	"'$MS' -h | grep -q '^Usage: mediasec' && '$MS' -h | grep -q 'dev { attach DEV'"
ms_check "no arguments: usage, exit 1" expect 1 'Usage: mediasec'
ms_check "unknown option, exit 1" expect 1 'Option "-x" is unknown' -x info
ms_check "unknown object, exit 1" expect 1 'Object "frob" is unknown' frob
ms_check "info takes no arguments, exit 1" expect 1 'argument "now" is wrong' info now
ms_check "dev attach without DEV, exit 1" expect 1 'DEV is missing' dev attach
ms_check "-n without NETNS, exit 1" expect 1 'NETNS is missing' -n
ms_check "-n unknown namespace, exit 1" expect 1 'Cannot open network namespace "nosuch-ns"' -n nosuch-ns info
ms_check "-b without FILE, exit 1" expect 1 'FILE is missing' -b
ms_check "-b unreadable file, exit 1" expect 1 'cannot open "/nonexistent/batch"' -b /nonexistent/batch
ms_check "-b stops at the first failing line and names it" sh -c \
	"printf '# comment\\n\\nflow add\\ninfo\\n' > '$T/b' &&
	 '$MS' -b '$T/b' 2> '$T/err'; test \$? != 0 && grep -q 'Command failed $T/b:3' '$T/err'"
ms_exit
