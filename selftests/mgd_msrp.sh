#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MSRP sessions set up by an MGC over H.248 (selftests/mgd_mgc.py drives
# mediasecd), carried by the kernel's relay (topology and peers:
# relay_lib.sh; the phone and the core are relay_peer.py, OpenSSL through
# Python's ssl, and gnutls-cli for TLS-PSK):
#
# - e2ae (and TLS on both legs, and e2e TLS relayed unopened): the
#   phone's TLS ends at the gateway (its certificate checked
#   against the a=fingerprint the MGC gives; the gateway's fingerprint
#   answered in Local), plain TCP to the core, which the gateway connects
#   to on mstls/est; 1 MB each way, every byte; Subtract's statistics;
# - a phone whose certificate does not match, or that has none: refused
#   in the handshake, mstls/fail (reason fingerprint) to the MGC, not a
#   byte to the core;
# - TLS-PSK (the MRFP case): the right key carries bytes, a wrong key
#   and an unknown identity are refused with mstls/fail (reason psk);
#   the PSK keyed by a MIKEY-TICKET instead (the reference KMS of
#   selftests/kms; its UE side derives the phone's PSK) carries bytes;
# - a termination Subtracted while its session runs: both legs reset,
#   the relay gone;
# - mediasecd killed (SIGKILL) and started again while a session runs:
#   the session goes on in the kernel, not a byte lost, and the new
#   mediasecd takes the context back from its record (Subtract answers
#   its statistics and deletes the relay).
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/relay_lib.sh"
. "$(dirname "$0")/kms/kms_lib.sh"
MGC="$(dirname "$0")/mgd_mgc.py"
MGD=$MS_O/userspace/mediasecd
trap 'kill $DPID 2>/dev/null; kms_down; cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 29
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates
for n in ue other; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$T/$n.key" -out "$T/$n.pem" -days 2 \
		-subj "/CN=$n" 2>/dev/null
done
fp_of() {	# PEM: its SHA-256 fingerprint as a=fingerprint writes it
	openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//'
}

cat > "$T/mgd.conf" <<CONF
mid [192.0.2.1]:2944
listen 127.0.0.1 2944
mgc 127.0.0.1 2945
realm access 192.0.2.1 40000-40999
realm core 198.51.100.1 30000-30999
retry-ms 200
long-timer-ms 600000
state-dir $T/state
tls-cert $T/gw.pem
tls-key $T/gw.key
msrp-setup-ms 20000
$(kms_setup; kms_conf)
CONF
kms_up
req() {	# the transaction on stdin, the reply on stdout
	ip netns exec $GW "$MGC" request 127.0.0.1 2944
}
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
ip netns exec $GW "$MGC" register 127.0.0.1 2945 > "$T/sc.txt"
ms_check "mediasecd registers with its MGC" \
	wait_until 30 grep -q "registered with MGC 1" "$T/mgd.log"

ctx_of() {	# FILE: the first context id of the reply in FILE
	sed -n 's/.*Context *= *\([0-9]*\).*/\1/p' "$1" | head -1
}
local_port() {	# FILE TID-PREFIX: the port of that termination's Local
	"$MGC" local "$2" < "$1" | cut -d' ' -f1
}
# add NAME UE-SDP-LINES [LOCALCONTROL [CORE-SDP-LINES]]: a context, the
# phone's termination and the core's, listening on 7000 (connected to on
# mstls/est; TCP/MSRP unless CORE-SDP-LINES); the reply in $T/NAME.txt
add() {
	req > "$T/$1.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = $((++trans)) { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive,
    ipdc/realm = access${3:+, $3} },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=message 5000 $2
a=path:msrps://192.0.2.2:5000/ue;tcp
} } }, Events = 7 { mstls/fail } },
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=message 7000 ${4:-TCP/MSRP *
a=setup:passive}
} } }, Signals { mstls/est } } } }
MSG
	sed 's/mstls\/psk *= *[0-9a-f]*/mstls\/psk = (key)/; s/^/# /' "$T/$1.txt"
}
subtract() {	# CTX: Subtract of both; the reply in $T/sub.txt
	req > "$T/sub.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = $((++trans)) { Context = $1 { Subtract = * } }
MSG
	sed 's/^/# /' "$T/sub.txt"
}
trans=100
observed() {	# REASON: the Notify in $T/notify.txt is mstls/fail for it
	tr -d ' \n' < "$T/notify.txt" | grep -q "mstls/fail{reason=\"\?$1\"\?}"
}

# 1. e2ae: the UE's certificate matches its a=fingerprint.
core_listen 7000 --send $MB --seed 3 --expect $MB --expect-seed 2 \
	--until-end
add e2ae "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")"
ctx=$(ctx_of "$T/e2ae.txt")
aport=$(local_port "$T/e2ae.txt" access/)
ms_check "e2ae Add: the gateway listens (a=setup:passive) on an access port" \
	sh -c "test -n '$aport' && grep -q 'a=setup:passive' '$T/e2ae.txt'"
ms_check "its Local carries the gateway's certificate fingerprint" \
	grep -q "a=fingerprint:sha-256 $(fp_of "$T/gw.pem")" "$T/e2ae.txt"
# The MGC asks to hear how the relay ends (mstls/end).
atid=$(grep -o 'access/[0-9]*' "$T/e2ae.txt" | head -1)
req > "$T/mod.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = $((++trans)) { Context = $ctx {
  Modify = $atid { Events = 8 { mstls/fail, mstls/end } } } }
MSG
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 60 1 mstls/end \
	> "$T/notify.txt" &
npid=$!
wait_until 10 grep -q listening "$T/notify.txt"
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport --tls client \
	--cert "$T/ue.pem" --key "$T/ue.key" --send $MB --seed 2 \
	--expect $MB --expect-seed 3 > "$T/ue.out" 2>&1
ue_rc=$?
wait $core_pid
core_rc=$?
show_outputs
ms_check "e2ae: 1 MB each way through the relay, every byte" \
	test "$ue_rc$core_rc" = 00
ms_check "the relay is context $ctx's, TLS on leg A, TCP on leg B" \
	test "$(relay_field "$ctx" "r['a']['kind'], r['b']['kind']")" = "tls tcp"
wait $npid
sed 's/^/# /' "$T/notify.txt"
ms_check "the relay's clean end: Notify mstls/end{reason=closed, by=none}" \
	sh -c "tr -d ' \n\"' < '$T/notify.txt' |
	       grep -q 'mstls/end{reason=closed,by=none}'"
subtract "$ctx"
ms_check "Subtract: nt/or and nt/os of each termination are 1 MB" \
	test "$(tr -d ' \n' < "$T/sub.txt" | grep -o 'nt/o[rs]=[0-9]*' | sort -u)" \
	= "nt/or=$MB
nt/os=$MB"
ms_check "and the relay is gone with the context" \
	sh -c "! '$MS' -n $GW relay show $ctx > /dev/null 2>&1"

# 1b. TLS on both legs (two sessions: the gateway the core's TLS client,
# the core's certificate checked against its a=fingerprint), and e2e TLS
# the gateway relays unopened (no fingerprint, no PSK on either side).
both_legs() {	# NAME UE-SDP CORE-SDP UE-CA
	core_listen 7000 --tls server --cert "$T/core.pem" \
		--key "$T/core.key" --send $MB --seed 5 --expect $MB \
		--expect-seed 4
	add "$1" "$2" "" "$3"
	ctx=$(ctx_of "$T/$1.txt")
	aport=$(local_port "$T/$1.txt" access/)
	ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport \
		--tls client --cert "$T/ue.pem" --key "$T/ue.key" --ca "$4" \
		--send $MB --seed 4 --expect $MB --expect-seed 5 \
		> "$T/ue.out" 2>&1
	ue_rc=$?
	wait $core_pid
	core_rc=$?
	show_outputs
}
both_legs tls2 "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")" "TCP/TLS/MSRP *
a=setup:passive
a=fingerprint:sha-256 $(fp_of "$T/core.pem")" "$T/gw.pem"
ms_check "TLS on both legs: 1 MB each way, every byte, two TLS legs" \
	test "$ue_rc$core_rc/$(relay_field "$ctx" "r['a']['kind'], r['b']['kind']")" = "00/tls tls"
subtract "$ctx"
both_legs e2e "TCP/TLS/MSRP *
a=setup:active" "TCP/TLS/MSRP *
a=setup:passive" "$T/core.pem"
ms_check "e2e TLS relayed unopened: the phone meets the core's certificate, every byte" \
	test "$ue_rc$core_rc/$(relay_field "$ctx" "r['a']['kind'], r['b']['kind']")" = "00/tcp tcp"
subtract "$ctx"

# 2. A certificate that is not the one of the a=fingerprint.
core_listen 7000 --expect 0 --until-end
add mismatch "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")"
ctx=$(ctx_of "$T/mismatch.txt")
aport=$(local_port "$T/mismatch.txt" access/)
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 30 1 mstls/fail \
	> "$T/notify.txt" &
npid=$!
wait_until 10 grep -q listening "$T/notify.txt"
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport --tls client \
	--cert "$T/other.pem" --key "$T/other.key" --send 1000 --until-end \
	> "$T/ue.out" 2>&1
wait $npid
sed 's/^/# /' "$T/notify.txt"
# TLS 1.3: the client's handshake ends before the server has checked
# its certificate; the refusal comes after (an alert, or a reset).
ms_check "wrong certificate: the phone's session is refused, nothing read" \
	sh -c "grep -q 'received 0' '$T/ue.out' &&
	       ! grep -q 'end close-notify' '$T/ue.out'"
ms_check "the MGC gets mstls/fail, reason fingerprint" observed fingerprint
ms_check "no relay made" sh -c "! '$MS' -n $GW relay show $ctx > /dev/null 2>&1"
subtract "$ctx"
wait $core_pid
show_outputs
ms_check "not a byte reached the core" grep -q "received 0" "$T/core.out"

# 2b. A phone that presents no certificate at all.
core_listen 7000 --expect 0 --until-end
add nocert "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")"
ctx=$(ctx_of "$T/nocert.txt")
aport=$(local_port "$T/nocert.txt" access/)
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 30 1 mstls/fail \
	> "$T/notify.txt" &
npid=$!
wait_until 10 grep -q listening "$T/notify.txt"
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport --tls client \
	--send 1000 --until-end > "$T/ue.out" 2>&1
wait $npid
sed 's/^/# /' "$T/notify.txt"
nothing_read_and() { grep -q 'received 0' "$T/ue.out" && observed "$1"; }
ms_check "no certificate: refused, mstls/fail reason fingerprint" \
	nothing_read_and fingerprint
subtract "$ctx"
wait $core_pid
show_outputs
ms_check "not a byte reached the core" grep -q "received 0" "$T/core.out"

# 3. TLS-PSK: the gateway is the TLS server of a PSK the MGC gives.
PSK=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
psk_try() {	# NAME ID KEY: gnutls-cli as the phone sends a line
	core_listen 7000 --expect ${4:-0} --expect-seed 0 --until-end \
		--keep-open
	add "$1" "TCP/TLS/MSRP *
a=setup:active" "mstls/pskid = \"mrfp-1\", mstls/psk = $PSK"
	ctx=$(ctx_of "$T/$1.txt")
	aport=$(local_port "$T/$1.txt" access/)
	ip netns exec $GW "$MGC" notify 127.0.0.1 2945 60 1 mstls/fail \
		> "$T/notify.txt" &
	npid=$!
	wait_until 10 grep -q listening "$T/notify.txt"
	# in the background: with the right key it waits for an answer the
	# core never sends, and is stopped once the core has the line
	printf 'MSRP a786hjs2 SEND\r\n' | ip netns exec $UE timeout 60 \
		gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:+PSK:+ECDHE-PSK:+DHE-PSK' \
		--pskusername "$2" --pskkey "$3" -p "$aport" 192.0.2.1 \
		> "$T/ue.out" 2>&1 &
	cli_pid=$!
}
psk_try psk_right mrfp-1 $PSK 20
# bounds, not guesses: a busy host takes its time over the handshakes
wait_until 60 grep -q "received 20" "$T/core.out"
kill $cli_pid $npid 2>/dev/null
wait $cli_pid 2>/dev/null
ms_check "TLS-PSK, the right key: the phone's line reaches the core" \
	grep -q "received 20" "$T/core.out"
subtract "$ctx"
wait $core_pid
psk_try psk_wrong mrfp-1 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
wait $npid
wait $cli_pid
sed 's/^/# /' "$T/notify.txt"
ms_check "a wrong key: mstls/fail, reason psk" observed psk
subtract "$ctx"
wait $core_pid
ms_check "and not a byte to the core" grep -q "received 0" "$T/core.out"
psk_try psk_unknown someone-else $PSK
wait $npid
wait $cli_pid
sed 's/^/# /' "$T/notify.txt"
ms_check "an unknown identity: mstls/fail, reason psk" observed psk
subtract "$ctx"
wait $core_pid
ms_check "and not a byte to the core" grep -q "received 0" "$T/core.out"

# 3b. TLS-PSK keyed by a ticket (issue 16, TR 29.cde's MRFP case): the
# UE's TRANSFER_INIT in the Remote (a=key-mgmt:mikey), mediasecd resolves
# it at the KMS; the phone uses the PSK and identity its own side of the
# KMS derived from the same ticket (docs/mikey.md).
ue_transfer_to "$T/msrp-ti.txt" --msrp
set -- $(grep '^psk-id ' "$T/msrp-ti.txt")
tid=${2:-} tkey=${4:-}
core_listen 7000 --expect 20 --expect-seed 0 --until-end --keep-open
add psk_ticket "TCP/TLS/MSRP *
a=setup:active
a=key-mgmt:mikey $(sed -n 's/^transfer-init //p' "$T/msrp-ti.txt")"
ctx=$(ctx_of "$T/psk_ticket.txt")
aport=$(local_port "$T/psk_ticket.txt" access/)
printf 'MSRP a786hjs2 SEND\r\n' | ip netns exec $UE timeout 60 \
	gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:+PSK:+ECDHE-PSK:+DHE-PSK' \
	--pskusername "$tid" --pskkey "$tkey" -p "$aport" 192.0.2.1 \
	> "$T/ue.out" 2>&1 &
cli_pid=$!
wait_until 60 grep -q "received 20" "$T/core.out"
kill $cli_pid 2>/dev/null
wait $cli_pid 2>/dev/null
ms_check "TLS-PSK from a ticket: the phone's line reaches the core" \
	grep -q "received 20" "$T/core.out"
subtract "$ctx"
wait $core_pid

# 4. Subtract while the session runs: both legs reset, nothing left.
core_listen 7000 --send $((64 * MB)) --zeros --expect 0 --until-end
add running "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")"
ctx=$(ctx_of "$T/running.txt")
aport=$(local_port "$T/running.txt" access/)
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport --tls client \
	--cert "$T/ue.pem" --key "$T/ue.key" --zeros --expect $((64 * MB)) \
	--until-end > "$T/ue.out" 2>&1 &
ue_pid=$!
wait_until 30 "$MS" -n $GW relay show "$ctx" > /dev/null 2>&1
subtract "$ctx"
wait $ue_pid
wait $core_pid
show_outputs
# (cut: a reset, which Python's ssl may report as an EOF without
# close_notify, before the 64 MB the core would have sent)
ms_check "Subtract under traffic: the phone's session is cut" \
	sh -c "! grep -q 'received $((64 * MB))' '$T/ue.out' &&
	       grep -q 'end \(reset\|eof\|alert\)' '$T/ue.out'"
ms_check "no relay left" test -z "$("$MS" -n $GW -j relay show | tr -d '[] \n')"
# 5. mediasecd killed and started again while a session runs.
core_listen 7000 --stall 3 --send $((8 * MB)) --seed 5 \
	--expect $((8 * MB)) --expect-seed 4 --until-end
add restart "TCP/TLS/MSRP *
a=setup:active
a=fingerprint:sha-256 $(fp_of "$T/ue.pem")"
ctx=$(ctx_of "$T/restart.txt")
aport=$(local_port "$T/restart.txt" access/)
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$aport --tls client \
	--cert "$T/ue.pem" --key "$T/ue.key" --send $((8 * MB)) --seed 4 \
	--expect $((8 * MB)) --expect-seed 5 > "$T/ue.out" 2>&1 &
ue_pid=$!
wait_until 30 "$MS" -n $GW relay show "$ctx" > /dev/null 2>&1
kill -KILL $DPID
wait $DPID 2>/dev/null
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd2.log" &
DPID=$!
ip netns exec $GW "$MGC" register 127.0.0.1 2945 > "$T/sc.txt"
wait_until 30 grep -q "registered with MGC 1" "$T/mgd2.log"
ms_check "mediasecd restarted under traffic takes the MSRP context back" \
	grep -q "mediasecd: 1 contexts taken back" "$T/mgd2.log"
wait $ue_pid
ue_rc=$?
wait $core_pid
core_rc=$?
show_outputs
ms_check "the session went on: 8 MB each way, every byte" \
	test "$ue_rc$core_rc" = 00
subtract "$ctx"
ms_check "Subtract after the restart: nt/or and nt/os are 8 MB" \
	test "$(tr -d ' \n' < "$T/sub.txt" | grep -o 'nt/o[rs]=[0-9]*' | sort -u)" \
	= "nt/or=$((8 * MB))
nt/os=$((8 * MB))"
ms_check "and the relay is gone" \
	sh -c "! '$MS' -n $GW relay show $ctx > /dev/null 2>&1"
ms_check "mediasecd logged no key" \
	sh -c "! cat '$T/mgd.log' '$T/mgd2.log' |
	       grep -qi '$PSK\|BEGIN .*PRIVATE'"
kill $DPID
wait $DPID
sed 's/^/# mgd: /' "$T/mgd2.log" | tail -20
ms_exit
