#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's TCP/TLS relay (MEDIASEC_CMD_RELAY_*) with real peers:
#
# Topology and peers: relay_lib.sh.  Each scenario of TS 33.328 for MSRP
# sends 1 MB each way and checks every byte at both ends, then the relay's
# counters and how it ended:
#
# - e2ae: TLS from the phone ends at the gateway, plain TCP to the core;
# - TLS on both legs, two sessions of their own;
# - e2e: TLS from the phone to the core, relayed unchanged (two plain legs).
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/relay_lib.sh"
trap cleanup EXIT

# A TCP peer reads on to the FIN; a TLS peer ends with close_notify.
until_end() {	# TLS
	[ "$1" = yes ] || echo --until-end
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
	core_listen $port "${core_args[@]}" --send $MB --seed $((id * 2 + 1)) \
		--expect $MB --expect-seed $((id * 2)) $(until_end "$core_tls")
	gw_start $port "$id" "${gw_args[@]}"
	ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port \
		"${ue_args[@]}" --send $MB --seed $((id * 2)) --expect $MB \
		--expect-seed $((id * 2 + 1)) $(until_end "$ue_tls") > "$T/ue.out" 2>&1
	local ue_rc=$?
	wait $core_pid
	local core_rc=$?
	wait $gw_pid
	local gw_rc=$?
	show_outputs
	ms_check "$name: 1 MB each way, every byte" \
		test "$ue_rc$core_rc$gw_rc" = 000
	wait_until 30 relay_ended "$id"
	"$MS" -n $GW relay show "$id" | sed 's/^/# /'
	# Plaintext counts on a TLS leg; end to end, TLS records both ways.
	local want="closed $MB $MB $MB $MB"
	[ "$a$b" = tcptcp ] && want=$(relay_field "$id" "'closed', r['b']['tx_bytes'], r['a']['tx_bytes'], r['b']['rx_bytes'], r['a']['rx_bytes']")
	ms_check "$name: the relay counted what it carried and ended closed" \
		test "$(relay_field "$id" "r['state'], r['a']['rx_bytes'], r['b']['rx_bytes'], r['a']['tx_bytes'], r['b']['tx_bytes']")" = "$want"
	[ "$b" = tls ] && ms_check "$name: the core's TLS 1.3 NewSessionTickets dropped" \
		test "$(relay_field "$id" "r['b']['tickets_dropped'] > 0")" = True
	ms_check "$name: the leg kinds" \
		test "$(relay_field "$id" "r['a']['kind'], r['b']['kind']")" = "$a $b"
	"$MS" -n $GW relay del "$id"
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 11
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates

scenario "e2ae TLS to TCP" 1 tls tcp yes no
scenario "TLS on both legs" 2 tls tls yes yes
scenario "e2e TLS relayed unchanged" 3 tcp tcp yes yes
ms_check "no relay is left" test "$("$MS" -n $GW -j relay show)" = "[]"
ms_exit
