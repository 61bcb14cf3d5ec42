#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The call-setup benchmark, inside the guest (make bench-mgd; method and
# figures in docs/performance.md): mediasecd driven over H.248 by a
# scripted MGC (selftests/bench/mgd_bench.py) against the same kernel
# objects made with the CLI, side by side in one boot, on the data-path
# tests' topology (selftests/dp_lib.sh).
set -u
TOP=$(readlink -f "$(dirname "$0")/..")
export MEDIASEC_O=${MEDIASEC_O:-$TOP/build}
CALLS=${MEDIASEC_BENCH_CALLS:-300}
ROUNDS=${MEDIASEC_BENCH_ROUNDS:-15}
. "$TOP/selftests/lib.sh"
. "$TOP/selftests/dp_lib.sh"
DPID=
trap '[ -n "$DPID" ] && kill $DPID; dp_cleanup' EXIT
ms_load || exit 1
dp_topology
mgd_conf < /dev/null
head -c 30 /dev/urandom > "$T/key"
ip netns exec $GW "$MS_O/userspace/mediasecd" -c "$T/mgd.conf" 2> "$T/mgd.log" &
DPID=$!
echo "# $CALLS calls made and cleared, $ROUNDS first-packet rounds, each way"
ip netns exec $GW env MS="$MS" python3 "$TOP/selftests/bench/mgd_bench.py" \
	mgc 2945 2944 $CORE $UE $CALLS $ROUNDS "$T/key"
rc=$?
kill $DPID
wait $DPID 2> /dev/null
DPID=
sed 's/^/# mediasecd: /' "$T/mgd.log"
[ $rc = 0 ] || exit $rc
# The same calls over SCTP (H.248.4), the same boot: mediasecd started
# again with its MGC over SCTP (it starts the association).
modprobe sctp || exit 1
MGC_TRANSPORT=sctp mgd_conf < /dev/null
ip netns exec $GW "$MS_O/userspace/mediasecd" -c "$T/mgd.conf" 2> "$T/mgd.log" &
DPID=$!
ip netns exec $GW python3 "$TOP/selftests/bench/mgd_bench.py" \
	mgc-sctp 2945 $CALLS "$T/key"
rc=$?
kill $DPID
wait $DPID 2> /dev/null
DPID=
sed 's/^/# mediasecd (sctp): /' "$T/mgd.log"
[ $rc = 0 ] || exit $rc
# Keys from a KMS (MIKEY-TICKET): mediasecd again, over UDP, with the
# reference KMS (selftests/kms) in its namespace; the TRANSFER_INITs made
# first (each a ticket of its own), all within the replay window.
. "$TOP/selftests/kms/kms_lib.sh"
trap '[ -n "$DPID" ] && kill $DPID; kms_down; dp_cleanup' EXIT
KCALLS=${MEDIASEC_BENCH_KMS_CALLS:-200}
kms_setup
kms_up || exit 1
kms_conf | mgd_conf
ip netns exec $GW "$MS_O/userspace/mediasecd" -c "$T/mgd.conf" 2> "$T/mgd.log" &
DPID=$!
ue_transfer_to "$T/tis.txt" --count $((KCALLS + ROUNDS)) || exit 1
echo "# $KCALLS calls keyed by the KMS, $ROUNDS first-packet rounds"
ip netns exec $GW env MS="$MS" python3 "$TOP/selftests/bench/mgd_bench.py" \
	mgc-kms 2945 2944 $CORE $UE "$T/tis.txt" $ROUNDS
rc=$?
kill $DPID
wait $DPID 2> /dev/null
DPID=
sed 's/^/# mediasecd (kms): /' "$T/mgd.log"
exit $rc
