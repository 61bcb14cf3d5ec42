#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data path while things change, with libsrtp2 endpoints checking every
# byte (topology: dp_lib.sh):
#
# - re-keying with MKI in the middle of a stream, both directions: the UE
#   switches to a key the gateway learned meanwhile, the gateway switches to
#   its new key at once; no packet is lost, both keys carried packets;
# - a flow deleted in the middle of its stream: the packets before went
#   through, the rest of the stream goes to the stack (UDP "no port"
#   counter), none to the core, no crash, nothing leaks (dmesg and unload
#   are checked after the test);
# - 1,000 bidirectional calls (2,000 contexts and flows, set up with one
#   "mediasec -b" batch), media in both directions at once, every stream
#   complete and intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

CALLS=${MEDIASEC_DP_CALLS:-1000}
S=AES_CM_128_HMAC_SHA1_80

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 8
ms_load || exit 1
dp_topology
for k in ue1 ue2 gw1 gw2; do head -c 30 /dev/urandom > "$T/$k.key"; done

both_keys() {	# CTX N: keys MKI 1 and 2 both used, N packets together
	"$MS" -n $GW -j ctx show "$1" | python3 -c "
import json, sys
k = {x['mki']: x['packets'] for x in json.load(sys.stdin)[0]['keys']}
print('# key packets by MKI:', k)
assert k[1] > 0 and k[2] > 0 and k[1] + k[2] == $2, k"
}
key_packets() {	# CTX MKI: packets the key carried
	"$MS" -n $GW -j ctx show "$1" | python3 -c "
import json, sys
print({x['mki']: x['packets'] for x in json.load(sys.stdin)[0]['keys']}.get($2, 0))"
}

# --- re-keying with MKI, mid-stream -------------------------------------
"$MS" -n $GW ctx add 1 dir rx suite $S mki-len 1
"$MS" -n $GW key add ctx 1 key-file "$T/ue1.key" mki 1
"$MS" -n $GW ctx add 2 dir tx suite $S mki-len 1
"$MS" -n $GW key add ctx 2 key-file "$T/gw1.key" mki 1
"$MS" -n $GW flow add 1 action srtp-to-rtp local 192.0.2.1 lport 40000 \
	remote 192.0.2.2 rport 6000 rx-ctx 1 \
	saddr 198.51.100.1 sport 30000 daddr 198.51.100.2 dport 7000
"$MS" -n $GW flow add 2 action rtp-to-srtp local 198.51.100.1 lport 30000 \
	remote 198.51.100.2 rport 7000 tx-ctx 2 \
	saddr 192.0.2.1 sport 40000 daddr 192.0.2.2 dport 6000

# UE -> core: the UE switches at packet 400 to MKI 2, which the gateway
# learns (as from a re-INVITE) while the first 400 flow, once some came.
# The UE holds packet 400 until the key is in: on a busy machine adding it
# may take longer than the 400 take, and that is not what is tested.
# Receivers wait up to 60 s for the first packet, 10 s between packets.
N=800
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $N timeout 10 first-timeout 60 \
	> "$T/core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 40000 $N rate 200 \
	suite $S key-file "$T/ue1.key" mki 1 key2-file "$T/ue2.key" \
	switch-at 400 hold-at 400 hold-file "$T/ue-rekeyed" &
spid=$!
wait_until 30 at_least 1 key_packets 1 1
"$MS" -n $GW key add ctx 1 key-file "$T/ue2.key" mki 2
touch "$T/ue-rekeyed"
wait $spid
wait $rpid
rc=$?
sed 's/^/# core: /' "$T/core.out"
ms_check "UE switches to MKI 2 mid-stream: $N of $N intact in the core" \
	test $rc = 0
ms_check "both keys checked packets" both_keys 1 $N

# core -> UE: the gateway protects with its newest key from the moment it
# is added (once the old one protected some); the UE knows both.  The core
# holds its packet 400 until the key is in: both keys carry packets.
ip netns exec $UE "$EP" recv 192.0.2.2 6000 $N timeout 10 first-timeout 60 \
	suite $S key-file "$T/gw1.key" mki 1 key2-file "$T/gw2.key" \
	ssrc 0x55667788 > "$T/ue.out" &
rpid=$!
wait_bound $UE 6000
ip netns exec $CORE "$EP" send 198.51.100.2 7000 198.51.100.1 30000 $N \
	rate 200 ssrc 0x55667788 hold-at 400 hold-file "$T/gw-rekeyed" &
spid=$!
wait_until 30 at_least 1 key_packets 2 1
"$MS" -n $GW key add ctx 2 key-file "$T/gw2.key" mki 2
touch "$T/gw-rekeyed"
wait $spid
wait $rpid
rc=$?
sed 's/^/# ue: /' "$T/ue.out"
ms_check "gateway switches to MKI 2 mid-stream: $N of $N intact at the UE" \
	test $rc = 0
ms_check "both gateway keys protected packets" both_keys 2 $N

# --- a flow deleted in the middle of its stream -------------------------
# Deterministic, whatever the machine's speed: the UE sends K of its N
# packets and holds; the core receives exactly those K; the flow is
# deleted; the UE sends the rest of the same stream (same SRTP session,
# sequence numbers going on), which the gateway's own stack now gets: its
# UDP "no port" counter grows by exactly N - K.  A second receiver in the
# core, listening until then, gets none of them.
noports() {
	ip netns exec $GW nstat -az UdpNoPorts | awk '/UdpNoPorts/ { print $2 }'
}
"$MS" -n $GW stats reset flow 1
N=1000 K=300
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $K first-timeout 60 ssrc 0x99 \
	> "$T/core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 40000 $N rate 500 \
	suite $S key-file "$T/ue1.key" mki 1 key2-file "$T/ue2.key" \
	switch-at 0 ssrc 0x99 hold-at $K hold-file "$T/flow-deleted" &
spid=$!
wait $rpid	# the first K, all of them (or its timeout)
rc1=$?
sed 's/^/# core, first: /' "$T/core.out"
"$MS" -n $GW flow show 1 | sed 's/^/# before: /'
"$MS" -n $GW stats ctx 1 | sed 's/^/# before: /'
ms_check "flow deleted in the middle of its stream, after $K packets" \
	"$MS" -n $GW flow del 1
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $N first-timeout 60 ssrc 0x99 \
	> "$T/core2.out" &
rpid=$!
wait_bound $CORE 7000
np0=$(noports)
touch "$T/flow-deleted"
wait $spid
src=$?
wait_until 30 at_least $((np0 + N - K)) noports
kill -TERM $rpid	# every packet is counted at the gateway: none to come
wait $rpid
sed 's/^/# core, then: /' "$T/core2.out"
np1=$(noports)
echo "# gateway UDP no-port: $((np1 - np0)) of the last $((N - K))"
ms_check "the first $K went through, the other $((N - K)) to the gateway's stack, none to the core" \
	sh -c "test $rc1 = 0 && test $src = 0 && test $((np1 - np0)) = $((N - K)) &&
	       grep -q '^received 0 of $N, bad 0,' '$T/core2.out'"
"$MS" -n $GW flow del 2
"$MS" -n $GW ctx del 1
"$MS" -n $GW ctx del 2

# --- 1,000 bidirectional calls at once -----------------------------------
# Call i: UE 192.0.2.2:(10000+2i) -> gw 192.0.2.1:(20000+2i) |
#         gw 198.51.100.1:(30000+2i) -> core 198.51.100.2:(44000+2i), and
#         core 198.51.100.2:(40000+2i) -> gw 198.51.100.1:(30000+2i) |
#         gw 192.0.2.1:(20000+2i) -> UE 192.0.2.2:(14000+2i).
# Senders and receivers have ports of their own: two sockets bound to one
# port do not share its datagrams.  Each sender keeps at most 128 packets
# on their way to its receiver (window, progress-file): a veth ring holds
# 256, and 2,000 packets/s each way overflow it when a busy machine slows
# the gateway's guest down.
for i in $(seq 0 $((CALLS - 1))); do
	rx=$((1000 + 2 * i)) tx=$((1001 + 2 * i))
	echo "ctx add $rx dir rx suite $S"
	echo "key add ctx $rx key-file $T/ue1.key"
	echo "ctx add $tx dir tx suite $S"
	echo "key add ctx $tx key-file $T/gw1.key"
	echo "flow add $rx action srtp-to-rtp local 192.0.2.1 lport $((20000 + 2 * i))" \
	     "remote 192.0.2.2 rport $((10000 + 2 * i)) rx-ctx $rx" \
	     "saddr 198.51.100.1 sport $((30000 + 2 * i))" \
	     "daddr 198.51.100.2 dport $((44000 + 2 * i))"
	echo "flow add $tx action rtp-to-srtp local 198.51.100.1 lport $((30000 + 2 * i))" \
	     "remote 198.51.100.2 rport $((40000 + 2 * i)) tx-ctx $tx" \
	     "saddr 192.0.2.1 sport $((20000 + 2 * i))" \
	     "daddr 192.0.2.2 dport $((14000 + 2 * i))"
done > "$T/calls.batch"
ms_check "$CALLS calls set up with one batch" "$MS" -n $GW -b "$T/calls.batch"
P=20	# packets per stream and direction
red0=$(xdp_count redirect)
ip netns exec $CORE "$EP" recv 198.51.100.2 44000 $P calls $CALLS timeout 10 \
	first-timeout 60 progress-file "$T/core.progress" > "$T/core.out" &
cpid=$!
ip netns exec $UE "$EP" recv 192.0.2.2 14000 $P calls $CALLS timeout 10 \
	first-timeout 60 suite $S key-file "$T/gw1.key" ssrc 0x7000000 \
	progress-file "$T/ue.progress" > "$T/ue.out" &
upid=$!
wait_bound $CORE $((44000 + 2 * (CALLS - 1)))
wait_bound $UE $((14000 + 2 * (CALLS - 1)))
ip netns exec $UE "$EP" send 192.0.2.2 10000 192.0.2.1 20000 $P calls $CALLS \
	rate 2000 suite $S key-file "$T/ue1.key" \
	window 128 progress-file "$T/core.progress" &
s1=$!
ip netns exec $CORE "$EP" send 198.51.100.2 40000 198.51.100.1 30000 $P \
	calls $CALLS rate 2000 ssrc 0x7000000 \
	window 128 progress-file "$T/ue.progress" &
s2=$!
wait $s1 $s2
wait $cpid
crc=$?
wait $upid
urc=$?
red1=$(xdp_count redirect)
sed 's/^/# core: /' "$T/core.out"
sed 's/^/# ue: /' "$T/ue.out"
echo "# XDP redirects: $((red1 - red0)) of $((2 * CALLS * P))"
if [ -n "${MEDIASEC_DEBUG:-}" ]; then
	ip netns exec $CORE nstat -az | grep -E '^Udp' | sed 's/^/# core nstat: /'
	ip netns exec $UE nstat -az | grep -E '^Udp' | sed 's/^/# ue nstat: /'
	"$MS" -n $GW flow show 1000 | sed 's/^/# /'
	ip netns exec $CORE ethtool -S c0 | sed 's/^/# c0: /'
	# Dropped before the gateway: its rings full (the window's job).
	ip -n $CORE -s link show c0 | sed 's/^/# c0: /'
	ip -n $UE -s link show ue0 | sed 's/^/# ue0: /'
fi
ms_check "$CALLS calls, both directions at once: every stream complete, intact, via XDP" \
	sh -c "test $crc = 0 && test $urc = 0 &&
	       test $((red1 - red0)) -ge $((2 * CALLS * P))"
ms_exit
