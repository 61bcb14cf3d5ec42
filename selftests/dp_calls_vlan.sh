#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dp_calls.sh with VLAN 100 on the access link: IPv4 and IPv6, both
# directions, the tag popped towards the core and pushed towards the UE by
# the XDP program.  The tag does not depend on the suite, only on the
# frame's length: two suites, the shortest SRTP trailer with a tag
# (AES-CM, HMAC-SHA1-80: 10 bytes) and the longest (AES-256-GCM: 16), stand
# for all eight, which dp_calls.sh runs without the tag.
MEDIASEC_DP_VLAN=1 \
MEDIASEC_DP_SUITES=${MEDIASEC_DP_SUITES:-"AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM"} \
	exec "$(dirname "$0")/dp_calls.sh"
