#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel code style gates, as TAP: checkpatch --strict on every kernel and
# BPF source, kernel-doc warnings, sparse over the module.
set -u
TOP=$(readlink -f "$(dirname "$0")/..")
O=${MEDIASEC_O:-$TOP/build}
KSRC=$O/ksrc
cd "$TOP" || exit 1

files=$(ls kmod/*.[ch] include/uapi/linux/*.h ebpf/*.[ch] selftests/floor/*.[ch] \
	2>/dev/null)
echo "TAP version 13"
pages=$(ls docs/*.8)
echo "1..$(($(echo $files $pages | wc -w) + 2))"
n=0 failed=0
for f in $files; do
	n=$((n + 1))
	extra=
	# BPF programs: SEC(), map definitions and __ksym externs are BPF idiom.
	case $f in ebpf/*) extra="--ignore SPDX_LICENSE_TAG,COMPLEX_MACRO,AVOID_EXTERNS" ;; esac
	# shellcheck disable=SC2086
	out=$(perl "$KSRC/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--show-types $extra -f "$f" 2>&1)
	if [ -n "$out" ]; then
		echo "$out" | sed 's/^/# /'
		echo "not ok $n checkpatch $f"
		failed=1
	else
		echo "ok $n checkpatch $f"
	fi
done

n=$((n + 1))
out=$(perl "$KSRC/scripts/kernel-doc" -none kmod/*.c selftests/floor/*.c 2>&1)
if [ -n "$out" ]; then
	echo "$out" | sed 's/^/# /'
	echo "not ok $n kernel-doc kmod/*.c selftests/floor/*.c"
	failed=1
else
	echo "ok $n kernel-doc kmod/*.c selftests/floor/*.c"
fi

for p in $pages; do
	n=$((n + 1))
	out=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
	if [ -n "$out" ]; then
		echo "$out" | sed 's/^/# /'
		echo "not ok $n man page $p"
		failed=1
	else
		echo "ok $n man page $p"
	fi
done

n=$((n + 1))
if make -s -C "$TOP" O="$O" sparse > "$O/sparse.out" 2>&1; then
	echo "ok $n sparse mediasec.ko, mediasec_floor.ko"
else
	sed 's/^/# /' "$O/sparse.out" | head -50
	echo "not ok $n sparse mediasec.ko, mediasec_floor.ko"
	failed=1
fi
exit $failed
