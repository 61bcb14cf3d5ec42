#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How the relay ends a session, e2ae (TLS from the phone, TCP to the core;
# topology and peers: relay_lib.sh).  After 256 KiB each way, byte-exact:
#
# - a record with a bit flipped on the way fails authentication: counted,
#   a bad_record_mac alert to the phone, the core's connection reset (an
#   aborted session must not look like a clean end);
# - close_notify from the phone is a half-close: the core reads a FIN and
#   closes, and the phone gets close_notify back;
# - a reset from the phone resets the core's connection;
# - a TLS 1.3 KeyUpdate (gnutls-cli's inline command ^rekey1^) and a TLS
#   1.2 renegotiation (^renegotiate^) end the session: kTLS on 6.1 cannot
#   re-key.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/relay_lib.sh"
trap cleanup EXIT

N=262144

# fault NAME ID FAULT: the phone's peer with --fault FAULT.
fault() {
	local id=$2 port=$((5100 + $2))

	# The core keeps its side open: what ends the session is the fault.
	# It answers once it has all the phone sent, so the phone's fault
	# comes after the relay has passed every byte.
	core_listen $port --send $N --seed 1 --expect $N --expect-seed 2 \
		--until-end --keep-open --reply
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

relay_read() {	# ID BYTES: leg a has given that many bytes to the relay
	[ "$(relay_field "$1" "r['a']['rx_bytes']" 2>/dev/null)" = "$2" ]
}

# client_command ID PORT VERSION COMMAND [CORE-ARGS...]: GnuTLS's client
# sends a line, then its inline COMMAND, and stays until the relay has
# ended.
client_command() {
	local id=$1 port=$2
	core_listen $port --expect 6 --expect-seed 2 --until-end --keep-open \
		"${@:5}"
	gw_start $port "$id" -A tls -B tcp --cert "$T/gw.pem" --key "$T/gw.key"
	{
		printf 'hello\n'
		wait_until 60 relay_read "$id" 6
		printf '^%s^\n' "$4"
		wait_until 60 relay_ended "$id"
	} |
		ip netns exec $UE gnutls-cli --insecure --inline-commands \
			--priority "NORMAL:-VERS-ALL:+VERS-TLS$3" -p $port \
			192.0.2.1 > "$T/ue.out" 2>&1
	wait $core_pid
	wait $gw_pid
	show_outputs
	"$MS" -n $GW relay show "$id" | sed 's/^/# /'
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 15
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
ms_check "bit flipped: the core's connection was reset" \
	grep -q "end reset" "$T/core.out"

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

# The core sends all along: the clean end drops what it still sends,
# reads it to its FIN, and closes without a reset.
client_command 4 5104 1.3 rekey1 --zeros --send $((32 * MB))
ms_check "KeyUpdate: the relay ended it" \
	test "$(relay_field 4 "r['state'], r['end_leg']")" = "key-update a"
ms_check "KeyUpdate: the line before it reached the core" \
	grep -q "received 6" "$T/core.out"
ms_check "KeyUpdate: a clean end for the core, which sent on: a FIN, no reset" \
	sh -c "grep -q 'sent $((32 * MB)) ' '$T/core.out' &&
	       grep -q 'end eof' '$T/core.out'"

client_command 5 5105 1.2 renegotiate
ms_check "renegotiation: the relay ended it" \
	test "$(relay_field 5 "r['state'], r['end_leg']")" = "renegotiation a"

for id in 1 2 3 4 5; do "$MS" -n $GW relay del $id; done
ms_check "no relay is left" test "$("$MS" -n $GW -j relay show)" = "[]"
ms_exit
