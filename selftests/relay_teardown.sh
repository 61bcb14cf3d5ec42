#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Taking a relay's world away while data flows (topology and peers:
# relay_lib.sh); the run's dmesg check and the final unload check that
# nothing was left behind:
#
# - unloading the module under traffic is refused (a running relay holds
#   it) and the session goes on;
# - a relay deleted under traffic resets both sides;
# - the gateway's namespace deleted under traffic: the session, whose
#   sockets hold the namespace, completes byte for byte; once its peers
#   close, the relay and the namespace are freed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/relay_lib.sh"
trap cleanup EXIT

live_relays() {	# relays in all namespaces, not yet freed
	"$MS" -j info | python3 -c "import json, sys; print(json.load(sys.stdin)['live_relays'])"
}

no_live_relays() {
	[ "$(live_relays)" = 0 ]
}

flowing() {	# ID: leg a has given the relay more than 1 MB
	[ "$(relay_field "$1" "r['a']['rx_bytes'] > 1048576" 2>/dev/null)" = True ]
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 7
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates
BIG=$((400 * 1048576))

# 1. Unload refused, then the relay deleted, under traffic.
core_listen 5301 --expect $BIG --zeros --until-end --keep-open
gw_start 5301 1 -A tls -B tcp --cert "$T/gw.pem" --key "$T/gw.key"
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:5301 --tls client \
	--send $BIG --zeros --until-end > "$T/ue.out" 2>&1 &
ue_pid=$!
wait_until 60 flowing 1
ms_check "unloading the module under traffic is refused" \
	sh -c '! rmmod mediasec 2> /dev/null && test -d /sys/module/mediasec'
ms_check "the session goes on after the refused unload" \
	test "$(relay_field 1 "r['state']")" = running
"$MS" -n $GW relay del 1
wait $ue_pid
wait $core_pid
wait $gw_pid
show_outputs
# OpenSSL reports the reset under a TLS session as an EOF without
# close_notify, or as the reset itself.
ms_check "a relay deleted under traffic cuts the phone's side short" \
	grep -qE "end (reset|alert eof occurred in violation of protocol)" \
	"$T/ue.out"
ms_check "a relay deleted under traffic resets the core's side" \
	grep -q "end reset" "$T/core.out"

# 2. The gateway's namespace deleted under traffic (TLS end to end).
N=$((20 * 1048576))
core_listen 5302 --tls server --cert "$T/core.pem" --key "$T/core.key" \
	--send $N --seed 7 --expect $N --expect-seed 8
gw_start 5302 2 -A tcp -B tcp
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:5302 --tls client \
	--send $N --seed 8 --expect $N --expect-seed 7 > "$T/ue.out" 2>&1 &
ue_pid=$!
wait_until 60 flowing 2
ip netns del $GW
wait $ue_pid
ue_rc=$?
wait $core_pid
core_rc=$?
wait $gw_pid
show_outputs
ms_check "namespace deleted under traffic: 20 MB each way, every byte" \
	test "$ue_rc$core_rc" = 00
ms_check "the relay and its namespace are freed once the peers closed" \
	wait_until 60 no_live_relays
ms_check "the module unloads once no relay runs" \
	sh -c 'rmmod mediasec && ! test -d /sys/module/mediasec'
ms_exit
