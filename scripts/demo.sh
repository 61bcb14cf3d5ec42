#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make demo': boot the guest kernel and run scripts/demo-guest.sh in it.
set -u
O=$1
TOP=$(readlink -f "$(dirname "$0")/..")
cd "$TOP" || exit 1
MEDIASEC_O=$O exec selftests/guest/vm.sh -t 600 -o "$O/guest/demo" -- \
	scripts/demo-guest.sh "$O/guest/demo"
