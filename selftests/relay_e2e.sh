#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end TLS through the gateway (TS 33.328 e2e MSRP: the gateway holds
# no key and relays the TLS bytes unchanged), 100 sessions at once
# (topology: relay_lib.sh; peers: relay_many.py, OpenSSL through Python):
# every session's echo is checked byte for byte at the phone, and tshark
# finds the same TCP byte streams, each way, on the access and the core
# link.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/relay_lib.sh"
MANY=$(dirname "$0")/relay_many.py
trap 'kill $dump_pids 2> /dev/null; cleanup' EXIT

N=100
BYTES=65536
PORT=5400
MARK=5401	# a connection refused on each link once the sessions are done:
		# when tcpdump has written it, it has written all before it

marked() {	# DEV: the capture holds the marker
	tshark -r "$T/$1.pcap" -Y "tcp.port == $MARK" 2> /dev/null | grep -q .
}

ended_closed() {	# how many relays ended closed
	"$MS" -n $GW -j relay show | python3 -c "
import json, sys
print(sum(r['state'] == 'closed' for r in json.load(sys.stdin)))"
}
all_closed() { [ "$(ended_closed)" = $N ]; }

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 5
ms_load || exit 1
# The comparison below rebuilds each stream from the capture; a busy
# machine retransmits, re-segmented, and that must not read as a difference.
ms_check "capture reassembly: re-segmented retransmissions, holes" \
	python3 "$MANY" check
topology
certificates

dump_pids=
for dev in access0 core0; do
	ip netns exec $GW tcpdump -i $dev -s 0 -B 65536 -U -w "$T/$dev.pcap" \
		"tcp port $PORT or tcp port $MARK" 2> "$T/$dev.dump" &
	dump_pids="$dump_pids $!"
	wait_until 30 grep -q listening "$T/$dev.dump"
done
ip netns exec $CORE python3 "$MANY" server $PORT "$T/core.pem" \
	"$T/core.key" $N > "$T/core.out" 2>&1 &
core_pid=$!
wait_until 30 grep -q listening "$T/core.out"
gw_start $PORT 1 -A tcp -B tcp -n $N
ip netns exec $UE python3 "$MANY" client 192.0.2.1:$PORT $N $BYTES \
	> "$T/ue.out" 2>&1
ue_rc=$?
wait $core_pid
wait $gw_pid
show_outputs
ms_check "$N TLS sessions at once, each echoed byte for byte" test $ue_rc = 0
ms_check "$N relays, all ended closed" wait_until 60 all_closed
ip netns exec $UE bash -c "echo > /dev/tcp/192.0.2.1/$MARK" 2> /dev/null
ip netns exec $CORE bash -c "echo > /dev/tcp/198.51.100.1/$MARK" 2> /dev/null
wait_until 120 marked access0
wait_until 120 marked core0
kill -INT $dump_pids
wait $dump_pids 2> /dev/null
dump_pids=
python3 "$MANY" compare "$T/access0.pcap" "$T/core0.pcap" > "$T/cmp.out" 2>&1
cmp_rc=$?
# Kept for a look when they differ.
[ $cmp_rc = 0 ] || cp "$T/access0.pcap" "$T/core0.pcap" "$MS_O/guest/" 2>/dev/null
sed 's/^/# /' "$T/cmp.out"
grep -h dropped "$T"/*.dump | sed 's/^/# tcpdump: /'
ms_check "tshark: the same TLS bytes on both links, each way" test $cmp_rc = 0
ms_check "tshark: all $N connections seen" \
	grep -q "compare: $N connections" "$T/cmp.out"
ms_exit
