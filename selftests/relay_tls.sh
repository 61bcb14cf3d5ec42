#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's TCP/TLS relay (MEDIASEC_CMD_RELAY_*) with real peers:
#
#  ns ue                      ns gw                          ns core
#  ue0 192.0.2.2  <->  access0 192.0.2.1 | core0 198.51.100.1  <->  c0 198.51.100.2
#
# The phone and the core are relay_peer.py (OpenSSL through Python's ssl);
# the gateway is tls_gw (GnuTLS handshakes, kTLS keyed from them, both
# sockets handed to the module, its descriptors closed).  Each scenario
# of TS 33.328 for MSRP sends 1 MB each way and checks every byte at both
# ends, then the relay's counters and how it ended:
#
# - e2ae: TLS from the phone ends at the gateway, plain TCP to the core;
# - TLS on both legs, two sessions of their own;
# - e2e: TLS from the phone to the core, relayed unchanged (two plain legs).
. "$(dirname "$0")/lib.sh"

MS=$MS_O/userspace/mediasec
GWT=$MS_O/selftests/tls_gw
PEER=$(dirname "$0")/relay_peer.py
UE=ms-rl-ue-$$ GW=ms-rl-gw-$$ CORE=ms-rl-core-$$
T=$(mktemp -d)
MB=1048576

cleanup() {
	for n in $UE $GW $CORE; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

topology() {
	for n in $UE $GW $CORE; do ip netns add "$n"; ip -n "$n" link set lo up; done
	ip link add ue0 netns $UE type veth peer name access0 netns $GW
	ip link add core0 netns $GW type veth peer name c0 netns $CORE
	ip -n $UE addr add 192.0.2.2/24 dev ue0
	ip -n $GW addr add 192.0.2.1/24 dev access0
	ip -n $GW addr add 198.51.100.1/24 dev core0
	ip -n $CORE addr add 198.51.100.2/24 dev c0
	for l in "$UE ue0" "$GW access0" "$GW core0" "$CORE c0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
}

# wait_until SECONDS CMD...: CMD succeeds within SECONDS (a condition).
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

relay_field() {	# ID PYTHON-EXPRS over r (the relay's JSON object), printed
	"$MS" -n $GW -j relay show "$1" | python3 -c "
import json, sys
r = json.load(sys.stdin)[0]
print($2)"
}

relay_ended() {	# ID
	[ "$(relay_field "$1" "r['state']")" != running ]
}

# scenario NAME ID A B UE_TLS CORE_TLS: one session through the gateway.
scenario() {
	local name=$1 id=$2 a=$3 b=$4 ue_tls=$5 core_tls=$6 port=$((5000 + $2))
	local core_args=() ue_args=() gw_args=(-A "$a" -B "$b")

	[ "$a" = tls ] && gw_args+=(--cert "$T/gw.pem" --key "$T/gw.key")
	[ "$b" = tls ] && gw_args+=(--ca "$T/core.pem")
	[ "$core_tls" = yes ] &&
		core_args=(--tls server --cert "$T/core.pem" --key "$T/core.key")
	if [ "$ue_tls" = yes ]; then
		ue_args=(--tls client)
		# End to end the phone meets the core's certificate.
		[ "$a" = tcp ] && ue_args+=(--ca "$T/core.pem") ||
			ue_args+=(--ca "$T/gw.pem")
	fi
	rm -f "$T/core.ready"
	ip netns exec $CORE python3 "$PEER" --listen $port "${core_args[@]}" \
		--send $MB --seed $((id * 2 + 1)) --expect $MB \
		--expect-seed $((id * 2)) --ready "$T/core.ready" \
		> "$T/core.$id.out" 2>&1 &
	local core_pid=$!
	wait_until 30 test -e "$T/core.ready"
	ip netns exec $GW "$GWT" -l $port -c 198.51.100.2:$port -i "$id" \
		"${gw_args[@]}" > "$T/gw.$id.out" 2>&1 &
	local gw_pid=$!
	wait_until 30 grep -q listening "$T/gw.$id.out"
	ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port \
		"${ue_args[@]}" --send $MB --seed $((id * 2)) --expect $MB \
		--expect-seed $((id * 2 + 1)) > "$T/ue.$id.out" 2>&1
	local ue_rc=$?
	wait $core_pid
	local core_rc=$?
	wait $gw_pid
	local gw_rc=$?
	sed 's/^/# ue: /' "$T/ue.$id.out"
	sed 's/^/# core: /' "$T/core.$id.out"
	sed 's/^/# gw: /' "$T/gw.$id.out"
	ms_check "$name: 1 MB each way, every byte" \
		test "$ue_rc$core_rc$gw_rc" = 000
	wait_until 30 relay_ended "$id"
	"$MS" -n $GW relay show "$id" | sed 's/^/# /'
	# Plaintext counts on a TLS leg; end to end, TLS records both ways.
	local want="closed $MB $MB $MB $MB"
	[ "$a$b" = tcptcp ] && want=$(relay_field "$id" "'closed', r['b']['tx_bytes'], r['a']['tx_bytes'], r['b']['rx_bytes'], r['a']['rx_bytes']")
	ms_check "$name: the relay counted what it carried and ended closed" \
		test "$(relay_field "$id" "r['state'], r['a']['rx_bytes'], r['b']['rx_bytes'], r['a']['tx_bytes'], r['b']['tx_bytes']")" = "$want"
	ms_check "$name: the leg kinds" \
		test "$(relay_field "$id" "r['a']['kind'], r['b']['kind']")" = "$a $b"
	"$MS" -n $GW relay del "$id"
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 10
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
for n in gw core; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T/$n.key" -out "$T/$n.pem" -days 2 -subj "/CN=$n" \
		-addext "subjectAltName=IP:198.51.100.2,IP:192.0.2.1" 2>/dev/null
done

scenario "e2ae TLS to TCP" 1 tls tcp yes no
scenario "TLS on both legs" 2 tls tls yes yes
scenario "e2e TLS relayed unchanged" 3 tcp tcp yes yes
ms_check "no relay is left" test "$("$MS" -n $GW -j relay show)" = "[]"
ms_exit
