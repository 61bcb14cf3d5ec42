#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mediasecd driven by an MGC we did not write: Erlang/OTP's megaco
# application (selftests/megaco/mgc.escript: its UDP transport, transaction
# layer and text encoder).  It registers the gateway, makes an e2ae call
# (Add of an access RTP/SAVP termination with the UE's key, Add of a core
# RTP/AVP one, CHOOSE context, both with the termination heartbeat of
# H.248.36 as a TS 23.334 IMS-ALG asks; megaco hears both heartbeats),
# media goes both ways through the XDP path as the libsrtp2 endpoints
# check, then a Modify re-keys the UE's side
# (new a=crypto, new MKI) while the UE sends, with no packet lost; after
# the grace time the old key is refused.  mediasecd is then restarted
# while the UE sends from another port than its SDP's (as behind a NAT:
# the flows latch to it): nothing is lost, it registers again with "902
# Warm Boot", takes the call back from the kernel (and drops a record the
# kernel no longer holds), media goes on both ways, AuditValue answers as
# before (but for its own key, which only the kernel has), and a Modify
# after the restart re-keys without loss, giving the UE a new key of the
# gateway's.
# Subtract returns the statistics and leaves nothing, records included.
# Every H.248 message is captured and decoded by tshark, both ways, with
# no malformed packet.
#
#  ns ue                  ns gw: mediasecd + megaco MGC on lo      ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
. "$(dirname "$0")/lib.sh"

N=200
NK=1500		# the re-key run: 3 s at RATE, the UE switches at packet SW
SW=1000
RATE=500
GRACE=5000	# ms the old key stays after the Modify: beyond the switch
NR=1500		# the restart run, both ways: 3 s at RATE
ESC="$(dirname "$(readlink -f "$0")")/megaco/mgc.escript"
MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
DPID= CPID=
cleanup() {
	[ -n "$DPID" ] && kill $DPID 2>/dev/null
	[ -n "$CPID" ] && kill $CPID 2>/dev/null
	[ -n "${MGC_PID:-}" ] && kill $MGC_PID 2>/dev/null
	wait 2>/dev/null
	dp_cleanup
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
command -v escript > /dev/null || { echo "# no escript (erlang-megaco)"; exit $KSFT_SKIP; }
command -v tshark > /dev/null || { echo "# no tshark"; exit $KSFT_SKIP; }
ms_plan 29
ms_load || exit 1
dp_topology

# Every H.248 message on the gateway's loopback, both ways.
ip netns exec $GW dumpcap -q -i lo -f "udp port 2944 or udp port 2945" \
	-w "$T/h248.pcap" 2> "$T/dumpcap.log" &
CPID=$!
for i in $(seq 100); do [ -s "$T/h248.pcap" ] && break; sleep 0.1; done

mgd_conf <<CONF
rekey-grace-ms $GRACE
CONF

# The MGC: commands in, one answer line each out.
coproc MGC { ip netns exec $GW escript "$ESC" 2945 2> "$T/mgc.err"; }
mgc() {
	local line=
	echo "$*" >&"${MGC[1]}"
	read -r -t 60 line <&"${MGC[0]}"
	echo "$line"
}
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
reg=$(mgc register)
echo "# megaco: $reg"
ms_check "megaco registers mediasecd (ServiceChange Restart)" \
	test "$reg" = "registered restart 901"
# megaco has answered the ServiceChange; mediasecd must have read the
# answer before a request comes (else 505, rightly): wait for that.
wait_until 30 grep -q "registered with MGC 1" "$T/mgd.log"
line=$(mgc keepalive)
echo "# megaco: $line"
ms_check "AuditValue of ROOT in the null context, the IMS-ALG's keepalive" \
	test "$line" = "alive ROOT"

head -c 30 /dev/urandom > "$T/ue.key"
head -c 30 /dev/urandom > "$T/ue2.key"
line=$(mgc add access 192.0.2.2 6000 AES_CM_128_HMAC_SHA1_80 \
	"$(base64 -w0 "$T/ue.key")" 1 core 198.51.100.2 7000)
set -- $line
if [ "${1:-}" = added ]; then
	echo "# megaco: added ctx $2 $3 port $4 (key) $6 port $7"
else
	echo "# megaco: ${line:0:400}"
fi
ctx=${2:-} atid=${3:-} aport=${4:-} gwkey=${5:-} cport=${7:-}
ms_check "Add, Add in a CHOOSE context: ports and the gateway's key answered" \
	test "${1:-}" = added -a ${#gwkey} = 60 -a -n "$cport"
printf %s "$gwkey" | unhex > "$T/gw.key"
ms_check "the kernel holds 2 contexts and 4 flows" \
	test "$(kcount ctx) $(kcount flow)" = "2 4"
# Each Add asked for the termination heartbeat (hangterm/thb, timerx 2 s):
# megaco hears it for both terminations.
hb_both() {
	local l
	l=$(mgc heartbeats)
	echo "$l" | grep -qE "(^| )$atid=[1-9]" &&
		echo "$l" | grep -qE "(^| )core/[0-9]+=[1-9]"
}
ms_check "megaco hears the heartbeat of both terminations (hangterm/thb)" \
	wait_until 60 hb_both
echo "# megaco: $(mgc heartbeats)"

SUITE="suite AES_CM_128_HMAC_SHA1_80 mki 1"
ue_to_core "$aport" $N "$T/core.out" $SUITE key-file "$T/ue.key" seq 1000
ms_check "UE SRTP -> core RTP: $N of $N intact" test $? = 0
core_to_ue "$cport" $N "$T/ue.out" $SUITE key-file "$T/gw.key"
ms_check "core RTP -> UE SRTP with the gateway's key: $N of $N intact" \
	test $? = 0

# Re-key while the UE sends: it switches to the new key (MKI 2) at
# packet SW, after the Modify; nothing may be lost on either side of it.
# (Sequence numbers go on from one run to the next: one SRTP stream.)
flow_keys > "$T/rk-before.txt"
# rx_mki1: "yes" if the kernel's receiving context holds a key with MKI 1,
# "no" if not, nothing if the CLI or its JSON fails.
rx_mki1() {
	"$MS" -n $GW -j ctx show | python3 -c '
import json, sys
print("yes" if any(k.get("mki") == 1 for c in json.load(sys.stdin)
                   if c["dir"] == "rx" for k in c.get("keys", [])) else "no")'
}
old_key_gone() { [ "$(rx_mki1)" = no ]; }

# The Modify comes once the core has 100 packets, and the UE holds packet
# SW (its first with the new key) until the Modify is answered: conditions
# both sides see, not the machine's speed.
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $NK timeout 60 \
	first-timeout 60 seq 2000 progress-file "$T/rekey.progress" \
	> "$T/rekey.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" $NK \
	$SUITE key-file "$T/ue.key" key2-file "$T/ue2.key" switch-at $SW \
	hold-at $SW hold-file "$T/rekeyed" rate $RATE seq 2000 &
spid=$!
wait_until 60 at_least 100 progress_of "$T/rekey.progress"
t0=$(date +%s%N)
line=$(mgc modify "$ctx" "$atid" 192.0.2.2 6000 AES_CM_128_HMAC_SHA1_80 \
	"$(base64 -w0 "$T/ue2.key")" 2)
set -- $line
if [ "${1:-}" = modified ]; then
	echo "# megaco: modified port $2 (key $([ "$3" = "$gwkey" ] && echo same || echo changed)) in $((($(date +%s%N) - t0) / 1000000)) ms"
else
	echo "# megaco: ${line:0:400}"
fi
ms_check "Modify with a new a=crypto (MKI 2): the same port and gateway key" \
	test "${1:-}" = modified -a "${2:-}" = "$aport" -a "${3:-}" = "$gwkey"
mki1_after_modify=$(rx_mki1)
touch "$T/rekeyed"
wait $spid
wait $rpid
rc=$?
sed 's/^/# /' "$T/rekey.out"
"$MS" -n $GW stats show | sed 's/^/# /'
ms_check "re-key during the stream: $NK of $NK intact, old key then new" \
	test $rc = 0
flow_keys > "$T/rk-after.txt"
ms_check "the flows were not replaced (same ids and contexts)" \
	cmp -s "$T/rk-before.txt" "$T/rk-after.txt"

# The old key stays for the grace time after the Modify (checked right
# after the answer, above), then goes: the kernel's receiving context holds
# MKI 1 no more, not before GRACE ms after the Modify was sent; 20 packets
# under it are then all refused (counted by the gateway) with none
# reaching the core, whose receiver is stopped once the gateway has
# counted them.
gone_ms=
wait_until $((GRACE / 1000 + 60)) old_key_gone &&
	gone_ms=$(($(date +%s%N) / 1000000))
echo "# old key: there after the Modify: $mki1_after_modify; gone after ${gone_ms:+$((gone_ms - t0 / 1000000))} ms"
ms_check "the old key stays for the grace time, then leaves the kernel" \
	test "$mki1_after_modify" = yes -a -n "$gone_ms" -a \
	"$((${gone_ms:-0} - t0 / 1000000))" -ge $GRACE
r0=$(refused_sum unknown_mki)
counted=no
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 20 timeout 60 seq 5000 \
	> "$T/old.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" 20 \
	$SUITE key-file "$T/ue.key" rate $RATE seq 5000
[ -n "$r0" ] && wait_until 60 at_least $((r0 + 20)) refused_sum unknown_mki &&
	counted=yes
kill -TERM $rpid
wait $rpid
sed 's/^/# /' "$T/old.out"
echo "# the gateway counted 20 packets of an unknown MKI: $counted (from ${r0:-none})"
old_key_refused() {
	[ $counted = yes ] && grep -q "^received 0 of 20" "$T/old.out"
}
ms_check "after the grace time the old key is refused: 20 counted, none through" \
	old_key_refused

# Restart while the UE sends, from another port than its SDP says (behind
# a NAT): the access flow latches to it, and so does where the gateway
# sends to the UE; the restarted gateway must take that call back too.
line=$(mgc audit "$ctx" "$atid")
echo "# megaco: $line"
set -- $line
ms_check "AuditValue: the access termination, its port and the gateway's key" \
	test "${1:-}" = audited -a "${2:-}" = "$atid" -a "${3:-}" = "$aport" \
	-a "${4:-}" = "$gwkey"
flow_keys > "$T/flows-before.txt"
# A record of a context the kernel does not hold (any more).
cat > "$T/state/ctx-77" <<REC
mediasecd-state 1
ctx 77
kctx 9999 5 rx
term core/5 1 5 1 32 0 0 0 0
local 4 c6336401 30998
remote 4 c6336402 7000
salt 000102030405060708090a0b0c0d0e0f
fmts 0
end
REC
# mediasecd is stopped once the core has 100 packets; the UE goes on
# sending until its last 300, which it holds until the new mediasecd has
# registered: the restart always falls inside the stream.
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $NR timeout 60 \
	first-timeout 60 seq 7000 progress-file "$T/rs.progress" \
	> "$T/rs-core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6100 192.0.2.1 "$aport" $NR \
	$SUITE mki-first 2 key-file "$T/ue2.key" rate $RATE seq 7000 \
	hold-at $((NR - 300)) hold-file "$T/restarted" &
spid=$!
wait_until 60 at_least 100 progress_of "$T/rs.progress"
kill $DPID
wait $DPID 2>/dev/null
sed 's/^/# mediasecd (first run): /' "$T/mgd.log"
left=$(mgc left)
ms_check "stopped, mediasecd leaves: ServiceChange Graceful, 905" \
	test "$left" = "left graceful 905"
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
reg=$(mgc register)
echo "# megaco: $reg"
ms_check "restarted, mediasecd registers again: ServiceChange Restart, 902 Warm Boot" \
	test "$reg" = "registered restart 902"
touch "$T/restarted"
wait $spid
wait $rpid
rc=$?
sed 's/^/# /' "$T/rs-core.out"
ms_check "UE SRTP (from port 6100) -> core RTP across the restart: $NR of $NR intact" \
	test $rc = 0
UE_PORT=6100 core_to_ue "$cport" $N "$T/rs-ue.out" $SUITE key-file "$T/gw.key" \
	seq 65200
rc=$?
sed 's/^/# /' "$T/rs-ue.out"
ms_check "core RTP -> UE SRTP at the latched port, the same key: $N of $N intact" \
	test $rc = 0
grep "taken back\|not taken back" "$T/mgd.log" | sed 's/^/# /'
ms_check "it takes the call back from the kernel and drops the stale record" \
	sh -c "grep -q '1 contexts taken back from the kernel, 1 records dropped' '$T/mgd.log' &&
	       grep -q 'context 77 not taken back' '$T/mgd.log' &&
	       test ! -e '$T/state/ctx-77' -a -e '$T/state/ctx-$ctx'"
flow_keys > "$T/flows-after.txt"
ms_check "the kernel's flows are those of before the restart" \
	cmp -s "$T/flows-before.txt" "$T/flows-after.txt"
line=$(mgc audit "$ctx" "$atid")
echo "# megaco: $line"
set -- $line
ms_check "AuditValue after the restart: the same termination and port, no key told" \
	test "${1:-}" = audited -a "${2:-}" = "$atid" -a "${3:-}" = "$aport" \
	-a "${4:-}" = - -a -n "${5:-}"

# Re-key after the restart: the UE switches from its MKI 2 key to a new
# one (MKI 3) while it sends; the gateway announces a next key of its own
# (MKI 2: the old one cannot be told again) and protects with the old one
# for the grace time, so that the UE, which learns the next key from the
# answer, loses nothing (the same as when a key reaches its lifetime).
head -c 30 /dev/urandom > "$T/ue3.key"
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $NK timeout 60 \
	first-timeout 60 seq 9000 progress-file "$T/rekey2.progress" \
	> "$T/rekey2.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" $NK \
	$SUITE mki-first 2 key-file "$T/ue2.key" key2-file "$T/ue3.key" \
	switch-at $SW hold-at $SW hold-file "$T/rekeyed2" rate $RATE seq 9000 &
spid=$!
wait_until 60 at_least 100 progress_of "$T/rekey2.progress"
line=$(mgc modify "$ctx" "$atid" 192.0.2.2 6000 AES_CM_128_HMAC_SHA1_80 \
	"$(base64 -w0 "$T/ue3.key")" 3)
set -- $line
echo "# megaco: ${1:-} ${2:-} (key $([ "${3:-}" = "$gwkey" ] && echo same || echo changed))"
gwkey2=${3:-}
touch "$T/rekeyed2"
wait $spid
wait $rpid
rc=$?
sed 's/^/# /' "$T/rekey2.out"
ms_check "Modify after the restart: new UE key (MKI 3) with $NK of $NK intact" \
	test "${1:-}" = modified -a $rc = 0
ms_check "and a next key of the gateway's in its Local" \
	test ${#gwkey2} = 60 -a "$gwkey2" != "$gwkey"
printf %s "$gwkey2" | unhex > "$T/gw2.key"
# The UE holds both keys (it had the old, the answer gave the next): what
# the core sends reaches it whichever protects.  The sending context is
# the same one as before the restart (nothing lost, nothing reset): the
# core's sequence numbers go on from the last run's 65200 + 200 (the
# kernel refuses to protect an index it protected already), 100 of them
# here, so that the next run's receiver starts before the wrap (it knows
# the rollover counter from the wrap it sees).
core_to_ue "$cport" 100 "$T/ue2o.out" $SUITE key-file "$T/gw.key" \
	key2-file "$T/gw2.key" seq 65400
rc=$?
sed 's/^/# /' "$T/ue2o.out"
ms_check "core RTP -> UE SRTP across the announcement: 100 of 100 intact" \
	test $rc = 0
# tx_mki2: the kernel's sending context holds the next key (MKI 2): the
# grace time is over and it protects (the newest key of a context does).
tx_mki2() {
	"$MS" -n $GW -j ctx show | python3 -c '
import json, sys
sys.exit(0 if any(k.get("mki") == 2 for c in json.load(sys.stdin)
                  if c["dir"] == "tx" for k in c.get("keys", [])) else 1)'
}
ms_check "after the grace time the next key is in the kernel" \
	wait_until 60 tx_mki2
core_to_ue "$cport" $N "$T/ue2.out" $SUITE mki-first 2 key-file "$T/gw2.key" \
	seq 65500
rc=$?
sed 's/^/# /' "$T/ue2.out"
ms_check "core RTP -> UE SRTP with the gateway's next key alone: $N of $N intact" \
	test $rc = 0

line=$(mgc subtract "$ctx")
set -- $line
echo "# megaco: ${line:0:400}"
# rtp/pr: what was taken from the UE, not the 20 refused under the old key.
ms_check "Subtract: rtp/pr counts every packet taken from the UE, not those refused" \
	sh -c "echo '$*' | grep -qE 'rtp/pr=$((N + NK + NR + NK))( |\$)'"
ms_check "and nothing left in the kernel" \
	test "$(kcount ctx) $(kcount flow)" = "0 0"
ms_check "nor a record in the state directory" \
	test -z "$(ls -A "$T/state")"
mgc quit > /dev/null
kill $DPID
wait $DPID 2>/dev/null
DPID=
# dumpcap writes what it captured when stopped (the check below asks for
# at least the 8 messages of registration and the call).
kill $CPID
wait $CPID 2>/dev/null
CPID=
sed 's/^/# mediasecd: /' "$T/mgd.log"
sed 's/^/# megaco: /' "$T/mgc.err"

# tshark: every message decoded as H.248, none malformed.
TS="tshark -n -r $T/h248.pcap -d udp.port==2945,megaco -d udp.port==2944,megaco"
nudp=$($TS -Y udp 2> /dev/null | wc -l)
nmeg=$($TS -Y megaco 2> /dev/null | wc -l)
nbad=$($TS -Y "_ws.malformed || _ws.expert.severity >= warning" 2> /dev/null | wc -l)
$TS -Y megaco -T fields -e frame.number -e udp.srcport -e megaco.transaction \
	-e megaco.command 2> /dev/null | sed 's/^/# tshark: /'
$TS -Y "_ws.malformed || _ws.expert.severity >= warning" -V 2> /dev/null |
	head -40 | sed 's/^/# tshark: /'
ms_check "tshark decodes all $nudp H.248 messages ($nmeg), none malformed ($nbad)" \
	test "$nudp" -ge 8 -a "$nudp" = "$nmeg" -a "$nbad" = 0
ms_exit
