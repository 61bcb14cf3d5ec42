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
exit $rc
