#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Calls through the XDP data path, end to end, with libsrtp2 endpoints
# (ms_endpoint) that check every payload byte, sequence number and
# timestamp.  For each suite, IPv4 and IPv6: SRTP from the UE arrives as RTP
# in the core, RTP from the core arrives as SRTP at the UE, nothing is lost
# at a steady rate, the flow counters match, and the packets took the XDP
# path (redirect counters).  Then duplicates, bit flips, truncations and
# packets behind the replay window injected on the access side are dropped,
# counted, and never reach the core.
#
#  ns ue                  ns gw (mediasec XDP on access0, core0)       ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
#      2001:db8:a::2             2001:db8:a::1 | 2001:db8:c::1             2001:db8:c::2
#
# With MEDIASEC_DP_VLAN=1 (dp_calls_vlan.sh) the access link carries VLAN
# 100: the addresses sit on ue0.100 and access0.100, the tag is in the
# frames (no offload), and the XDP program on access0 pops it towards the
# core and pushes it towards the UE.
. "$(dirname "$0")/lib.sh"

N=${MEDIASEC_DP_PACKETS:-300}
RATE=500
VLAN=${MEDIASEC_DP_VLAN:-}
SUITES=${MEDIASEC_DP_SUITES:-"AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80
AES_256_CM_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM NULL_HMAC_SHA1_80
NULL_HMAC_SHA1_32"}
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
NS=$(echo $SUITES | wc -w)
ms_plan $((NS * 2 * 2 + 4))
ms_load || exit 1
dp_topology

head -c 64 /dev/urandom > "$T/ue.key"	# the UE's key (UE -> AGW)
head -c 64 /dev/urandom > "$T/gw.key"	# the AGW's key (AGW -> UE)

# call SUITE FAMILY: contexts, keys and the two flows of one e2ae call.
call() {
	local s=$1 ue=$2 gwa=$3 gwc=$4 core=$5
	"$MS" -n $GW ctx add 1 dir rx suite "$s"
	"$MS" -n $GW key add ctx 1 key-file "$T/ue.key.$s"
	"$MS" -n $GW ctx add 2 dir tx suite "$s"
	"$MS" -n $GW key add ctx 2 key-file "$T/gw.key.$s"
	"$MS" -n $GW flow add 1 action srtp-to-rtp local "$gwa" lport 40000 \
		remote "$ue" rport 6000 rx-ctx 1 \
		saddr "$gwc" sport 30000 daddr "$core" dport 7000
	"$MS" -n $GW flow add 2 action rtp-to-srtp local "$gwc" lport 30000 \
		remote "$core" rport 7000 tx-ctx 2 \
		saddr "$gwa" sport 40000 daddr "$ue" dport 6000
}
hangup() {
	"$MS" -n $GW flow del 1
	"$MS" -n $GW flow del 2
	"$MS" -n $GW ctx del 1
	"$MS" -n $GW ctx del 2
}

key_len() {	# SUITE: bytes of key + salt
	case $1 in
	AES_256*) echo 46 ;; AEAD_AES_128*) echo 28 ;; AEAD_AES_256*) echo 44 ;;
	*) echo 30 ;;
	esac
}

for fam in 4 6; do
	if [ $fam = 4 ]; then
		set -- 192.0.2.2 192.0.2.1 198.51.100.1 198.51.100.2
	else
		set -- 2001:db8:a::2 2001:db8:a::1 2001:db8:c::1 2001:db8:c::2
	fi
	ue=$1 gwa=$2 gwc=$3 core=$4
	for s in $SUITES; do
		head -c "$(key_len "$s")" "$T/ue.key" > "$T/ue.key.$s"
		head -c "$(key_len "$s")" "$T/gw.key" > "$T/gw.key.$s"
		call "$s" "$ue" "$gwa" "$gwc" "$core"
		red0=$(xdp_count redirect)

		ip netns exec $CORE "$EP" recv "$core" 7000 $N first-timeout 60 \
			> "$T/core.out" &
		rpid=$!
		wait_bound $CORE 7000
		ip netns exec $UE "$EP" send "$ue" 6000 "$gwa" 40000 $N \
			suite "$s" key-file "$T/ue.key.$s" rate $RATE
		wait $rpid
		rc=$?
		sed 's/^/# core: /' "$T/core.out"
		ms_check "${VLAN:+VLAN 100, }IPv$fam $s: UE SRTP -> core RTP, $N of $N intact" sh -c \
			"test $rc = 0 && test $(flow_stat 1 packets) = $N"

		ip netns exec $UE "$EP" recv "$ue" 6000 $N suite "$s" \
			key-file "$T/gw.key.$s" ssrc 0x55667788 first-timeout 60 \
			> "$T/ue.out" &
		rpid=$!
		wait_bound $UE 6000
		ip netns exec $CORE "$EP" send "$core" 7000 "$gwc" 30000 $N \
			rate $RATE ssrc 0x55667788
		wait $rpid
		rc=$?
		sed 's/^/# ue: /' "$T/ue.out"
		if [ -n "${MEDIASEC_DEBUG:-}" ]; then
			ip netns exec $UE nstat -az | grep -E 'UdpRcvbufErrors|UdpInErrors|Udp6RcvbufErrors|UdpInDatagrams|Udp6InDatagrams' | sed 's/^/# ue nstat: /'
			ip netns exec $GW ethtool -S access0 | sed 's/^/# access0: /'
			ip netns exec $UE ethtool -S ue0 | sed 's/^/# ue0: /'
			ip -n $UE -s link show ue0 | sed 's/^/# /'
		fi
		red1=$(xdp_count redirect)
		ms_check "${VLAN:+VLAN 100, }IPv$fam $s: core RTP -> UE SRTP, $N of $N intact, via XDP" sh -c \
			"test $rc = 0 && test $((red1 - red0)) -ge $((2 * N))"
		hangup
	done
done

# Attacks from the access side never reach the core.  The receiver waits
# up to 60 s for the first packet (its sender may start late on a busy
# machine), then 3 s for each next one.
s=AES_CM_128_HMAC_SHA1_80
ctx_stat() {	# FIELD: context 1's counter
	"$MS" -n $GW -j stats ctx 1 | python3 -c "
import json, sys
print(json.load(sys.stdin)[0]['$1'])"
}
call $s 192.0.2.2 192.0.2.1 198.51.100.1 198.51.100.2
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $N timeout 3 first-timeout 60 \
	> "$T/core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 40000 $N \
	suite $s key-file "$T/ue.key.$s" rate $RATE dup 1 tamper 10
wait $rpid
rc=$?
sed 's/^/# core: /' "$T/core.out"
ms_check "duplicates, bit flips and truncations: the core gets $N intact, nothing else" \
	test $rc = 0
# The last copies may still be on their way through the gateway when the
# core has its N: wait for them to be counted, then compare exactly.
wait_until 30 at_least $((N + 2 * N / 10)) flow_stat 1 drops
drops=$(flow_stat 1 drops)
echo "# flow 1 drops: $drops"
ms_check "each of them dropped and counted ($((N + 2 * N / 10)))" \
	test "$drops" = $((N + 2 * N / 10))
ms_check "context counted replays and authentication failures" sh -c \
	"'$MS' -n $GW -j stats ctx 1 | python3 -c '
import json, sys
c = json.load(sys.stdin)[0]
assert c[\"replay\"] == $N and c[\"auth_fail\"] + c[\"malformed\"] == $((2 * N / 10)), c'"

# The stream's first packets again, now behind the replay window (128).
# The core listens until the gateway has counted all 5 too old (then none
# can still be on its way), and is stopped then: its wait is a condition.
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 5 first-timeout 60 \
	> "$T/core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 40000 5 \
	suite $s key-file "$T/ue.key.$s" rate $RATE
wait_until 30 at_least 5 ctx_stat too_old
kill -TERM $rpid
wait $rpid
sed 's/^/# core: /' "$T/core.out"
too_old=$(ctx_stat too_old)
drops=$(flow_stat 1 drops)
echo "# too old: $too_old, flow 1 drops: $drops"
ms_check "packets behind the replay window: dropped, counted too old, none in the core" \
	sh -c "grep -q '^received 0 of 5' '$T/core.out' && test $too_old = 5 &&
	       test $drops = $((N + 2 * N / 10 + 5))"
hangup
ms_exit
