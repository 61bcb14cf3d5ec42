#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'make bench-mem', in the guest: the kernel memory an e2ae call costs
# (2 SRTP contexts with a key each, 4 flows), for AES-CM and AES-GCM,
# measured by selftests/bench/ms_memcall (docs/performance.md, "Memory
# per call").
set -u
O=${MEDIASEC_O:?}
CALLS=${MEDIASEC_BENCH_CALLS:-10000}
die() { echo "bench-mem: $*" >&2; exit 1; }

[ -d /sys/module/mediasec ] || insmod "$O/kbuild/kmod/mediasec.ko" ||
	die "cannot load mediasec.ko"
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	"$O/bench/ms_memcall" "$s" "$CALLS" || die "ms_memcall $s failed"
done
exit 0
