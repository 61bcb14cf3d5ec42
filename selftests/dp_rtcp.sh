#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Round trips timed from the RTCP passing through the data path (RFC 3550
# 6.4.1; rtp/delay of H.248.1 E.12), through XDP and then through TC
# (topology: dp_lib.sh).  The core's sender reports go in the clear to the
# gateway, which protects them (SRTCP) to the UE; the UE's receiver reports
# come back protected and leave in the clear.  Both ends are libsrtp2
# (pylibsrtp, rtcp_peer.py), which checks every report byte for byte.  The
# flow from the UE ("rtt on") reports, for each block citing an SR the
# gateway forwarded, the report's arrival minus the SR's passage minus the
# UE's DLSR, which must lie between the UE's own hold and the core's round
# trip (less DLSR) as the peers measured them on the same clock; a block
# citing an SR never sent gives none, nor one whose DLSR exceeds the time
# the gateway saw.  FLOW_SET switches the timing on for a running flow.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

S=AES_CM_128_HMAC_SHA1_80
PEER="$(dirname "$0")/rtcp_peer.py"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
/usr/bin/python3 -c 'import pylibsrtp' 2> /dev/null ||
	{ echo "# no pylibsrtp (python3-pylibsrtp)"; exit $KSFT_SKIP; }
ms_plan 11
ms_load || exit 1
dp_topology
head -c 30 /dev/urandom > "$T/ue.key"
head -c 30 /dev/urandom > "$T/gw.key"

rtt_json() {	# ID: flow ID's round trips, "samples min max sum last"
	"$MS" -n $GW -j flow show "$1" | python3 -c "
import json, sys
f = json.load(sys.stdin)[0]
r = f.get('rtt_us', {})
print(f.get('rtt', False), r.get('samples', 0), r.get('min', 0), r.get('max', 0), r.get('last', 0), r.get('avg', 0))"
}

# The RTCP flows of one SRTP call: 1 from the UE (unprotects), 2 to it.
call() {
	"$MS" -n $GW ctx add 1 dir rx suite $S
	"$MS" -n $GW key add ctx 1 key-file "$T/ue.key"
	"$MS" -n $GW ctx add 2 dir tx suite $S
	"$MS" -n $GW key add ctx 2 key-file "$T/gw.key"
	"$MS" -n $GW flow add 1 kind rtcp action srtp-to-rtp local 192.0.2.1 \
		lport 20001 remote 192.0.2.2 rport 6001 rx-ctx 1 \
		saddr 198.51.100.1 sport 30001 daddr 198.51.100.2 dport 7001 \
		reverse 2 "$@"
	"$MS" -n $GW flow add 2 kind rtcp action rtp-to-srtp local 198.51.100.1 \
		lport 30001 remote 198.51.100.2 rport 7001 tx-ctx 2 \
		saddr 192.0.2.1 sport 20001 daddr 192.0.2.2 dport 6001 reverse 1
}
hangup() {
	"$MS" -n $GW flow del 1
	"$MS" -n $GW flow del 2
	"$MS" -n $GW ctx del 1
	"$MS" -n $GW ctx del 2
}

# peer OUT ROUND...: the RTCP exchanges, their bounds in OUT.
peer() {
	local out=$1
	shift
	/usr/bin/python3 "$PEER" $CORE $UE "$T/ue.key" "$T/gw.key" "$@" \
		> "$out" 2> "$out.err"
	local rc=$?
	sed 's/^/# /' "$out" "$out.err"
	return $rc
}

run_mode() {	# NAME
	local m=$1
	call rtt on
	# Three rounds citing the SR (DLSR 1000/65536 s, the UE holding
	# 30 ms), one citing an SR never sent.
	peer "$T/$m.1" sr:1000:30 sr:1000:30 sr:1000:30 other:1000:1
	ms_check "$m: SRs protected to the UE and RRs unprotected to the core, byte for byte (libsrtp2)" \
		test $? = 0
	read -r on n min max last avg <<< "$(rtt_json 1)"
	echo "# $m: rtt $on samples $n min $min max $max last $last avg $avg us"
	ms_check "$m: three samples (the block citing an unknown SR gives none), each within the peers' bounds" \
		python3 -c "
import sys
b = [(int(l.split()[3]), int(l.split()[5])) for l in open('$T/$m.1')][:3]
n, mn, mx = $n, $min, $max
sys.exit(0 if n == 3 and mn >= min(lo for lo, _ in b) and
	 mx <= max(hi for _, hi in b) and mn <= mx else 1)"
	ms_check "$m: the flow to the UE, not asked to, times nothing" \
		test "$(rtt_json 2)" = "False 0 0 0 0 0"
	# A DLSR of 10 s, longer than the time the gateway saw: none.  (A new
	# call: the peers' SRTCP indexes start again, which the gateway's
	# replay protection would rightly refuse in the same one.)
	hangup
	call rtt on
	peer "$T/$m.2" sr:655360:1 sr:0:1
	read -r on n min max last avg <<< "$(rtt_json 1)"
	ms_check "$m: a DLSR longer than the round trip gives no sample (the next one does)" \
		test "$n" = 1
	hangup
	# FLOW_SET: timing switched on for a running flow.
	call
	"$MS" -n $GW flow set 1 rtt on
	peer "$T/$m.3" sr:0:1
	read -r on n min max last avg <<< "$(rtt_json 1)"
	ms_check "$m: rtt on by FLOW_SET: the next exchange timed" \
		test "$on $n" = "True 1"
	hangup
}

run_mode XDP
for d in access0 core0; do
	"$MS" -n $GW dev detach $d
	"$MS" -n $GW dev attach $d mode tc
done
run_mode TC

ms_check "an RTP flow takes no rtt (it carries no RTCP)" \
	sh -c "! '$MS' -n $GW flow add 9 action forward local 192.0.2.1 lport 20009 \
		daddr 198.51.100.2 dport 7009 rtt on 2> '$T/err'"
sed 's/^/# /' "$T/err"
ms_exit
