#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the release of the guest kernel that mediasec builds against and
# boots: the newest kernel that has both its image in /boot and its headers
# under /lib/modules/<release>/build.  $MEDIASEC_KVER overrides.
set -eu
if [ -n "${MEDIASEC_KVER:-}" ]; then
	echo "$MEDIASEC_KVER"
	exit 0
fi
best=
for d in /lib/modules/*/build; do
	[ -e "$d/Makefile" ] || continue
	v=${d#/lib/modules/}
	v=${v%/build}
	[ -r "/boot/vmlinuz-$v" ] || continue
	best=$(printf '%s\n%s\n' "$best" "$v" | sed '/^$/d' | sort -V | tail -n 1)
done
if [ -z "$best" ]; then
	echo "kver.sh: no kernel with both /boot/vmlinuz-<ver> and headers; run 'make deps'" >&2
	exit 1
fi
echo "$best"
