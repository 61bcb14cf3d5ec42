#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dp_calls.sh with VLAN 100 on the access link: every suite, IPv4 and
# IPv6, both directions, the tag popped towards the core and pushed
# towards the UE by the XDP program.
MEDIASEC_DP_VLAN=1 exec "$(dirname "$0")/dp_calls.sh"
