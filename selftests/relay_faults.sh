#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How the relay ends a session, e2ae (TLS from the phone, TCP to the core;
# topology and peers: relay_lib.sh).  After 256 KiB each way, byte-exact:
#
# - a record with a bit flipped on the way fails authentication: counted,
#   a bad_record_mac alert to the phone, the core's connection closed;
# - close_notify from the phone is a half-close: the core reads a FIN and
#   closes, and the phone gets close_notify back;
# - a reset from the phone resets the core's connection.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/relay_lib.sh"
trap cleanup EXIT

N=262144

# fault NAME ID FAULT: the phone's peer with --fault FAULT.
fault() {
	local id=$2 port=$((5100 + $2))

	# The core keeps its side open: what ends the session is the fault.
	core_listen $port --send $N --seed 1 --expect $N --expect-seed 2 \
		--until-end --keep-open
	gw_start $port "$id" -A tls -B tcp --cert "$T/gw.pem" --key "$T/gw.key"
	ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port \
		--fault "$3" --send $N --seed 2 --expect $N --expect-seed 1 \
		> "$T/ue.out" 2>&1
	ue_rc=$?
	wait $core_pid
	core_rc=$?
	wait $gw_pid
	wait_until 30 relay_ended "$id"
	show_outputs
	"$MS" -n $GW relay show "$id" | sed 's/^/# /'
	ms_check "$1: both ends read every byte before it" \
		test "$ue_rc$core_rc" = 00
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 11
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates

fault "bit flipped" 1 flip
ms_check "bit flipped: the relay ended on an authentication failure of leg a" \
	test "$(relay_field 1 "r['state'], r['end_leg'], r['a']['auth_fails']")" = \
	"auth-fail a 1"
ms_check "bit flipped: the phone got bad_record_mac" \
	grep -q "end alert .*bad_record_mac" "$T/ue.out"
ms_check "bit flipped: the core's connection was closed" \
	grep -q "end eof" "$T/core.out"

fault "close_notify" 2 close-notify
ms_check "close_notify: the core read a FIN, the phone close_notify back" \
	test "$(grep -h 'peer: end' "$T/core.out" "$T/ue.out" | tr '\n' ' ')" = \
	"peer: end eof peer: end close-notify "
ms_check "close_notify: the relay ended closed" \
	test "$(relay_field 2 "r['state']")" = closed

fault "reset" 3 rst
ms_check "reset: the core's connection was reset" \
	grep -q "end reset" "$T/core.out"
ms_check "reset: the relay ended on a reset of leg a" \
	test "$(relay_field 3 "r['state'], r['end_leg']")" = "reset a"

for id in 1 2 3; do "$MS" -n $GW relay del $id; done
ms_check "no relay is left" test "$("$MS" -n $GW -j relay show)" = "[]"
ms_exit
