#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mediasecd and the Iq procedures that concern the gateway as a whole
# (TS 23.334 clause 8, H.248.1 clause 11, H.248.14): registration with
# Profile and Version, MgcIdToTry, failover to the second MGC, the ROOT
# keepalive, the inactivity timer and Disconnected re-registration,
# Context=* audits and clean-up, the MGC's ServiceChange on ROOT (Forced,
# Restart, Handoff), stop (Graceful 905) and restart (902), each checked
# against the kernel's contexts and flows.  The MGC pair is scripted in
# raw text (selftests/mgd_iq.py), as the IMS-ALG writes it.
. "$(dirname "$0")/lib.sh"

MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
trap 'dp_cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_load || exit 1
dp_topology

mgd_conf <<CONF
mgc 127.0.0.2 2945
long-timer-ms 2000
mwd-ms 200
CONF
ip netns exec $GW python3 "$(dirname "$0")/mgd_iq.py" "$MGD" \
	"$T/mgd.conf" "$MS" "$T/mgd.log"
rc=$?
sed 's/^/# mediasecd: /' "$T/mgd.log" | grep -v "inline:" | tail -40
exit $rc
