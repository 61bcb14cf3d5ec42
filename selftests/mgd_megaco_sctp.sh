#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mediasecd driven by Erlang/OTP megaco over SCTP (H.248.4, TS 29.334's
# recommended Iq transport): megaco's transaction layer and text encoder
# on an SCTP transport of selftests/megaco/mgc.escript (gen_sctp, payload
# protocol id 7).  The gateway starts the association and registers;
# an e2ae call with the termination heartbeat on, media both ways through
# the XDP path with the key the gateway answered; Subtract; the MGC
# killed: the association's loss is how the gateway notices, and it
# registers again (Disconnected, 900) with the MGC once it is back; the
# call goes on in the kernel meanwhile.  tshark decodes every SCTP DATA
# chunk as H.248, none malformed.
#
#  ns ue                  ns gw: mediasecd + megaco MGC on lo (SCTP)  ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
. "$(dirname "$0")/lib.sh"

N=200
RATE=500
ESC="$(dirname "$(readlink -f "$0")")/megaco/mgc.escript"
MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
DPID= CPID=
cleanup() {
	[ -n "$DPID" ] && kill $DPID 2>/dev/null
	[ -n "$CPID" ] && kill $CPID 2>/dev/null
	wait 2>/dev/null
	dp_cleanup
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
command -v escript > /dev/null || { echo "# no escript (erlang-megaco)"; exit $KSFT_SKIP; }
command -v tshark > /dev/null || { echo "# no tshark"; exit $KSFT_SKIP; }
modprobe sctp 2> /dev/null || { echo "# no SCTP in this kernel"; exit $KSFT_SKIP; }
ms_plan 12
ms_load || exit 1
dp_topology

ip netns exec $GW dumpcap -q -i lo -f sctp -w "$T/h248.pcap" \
	2> "$T/dumpcap.log" &
CPID=$!
for i in $(seq 100); do [ -s "$T/h248.pcap" ] && break; sleep 0.1; done

MGC_TRANSPORT=sctp mgd_conf <<CONF
long-timer-ms 5000
CONF

start_mgc() {
	coproc MGC { ip netns exec $GW escript "$ESC" 2945 sctp 2>> "$T/mgc.err"; }
}
mgc() {
	local line=
	echo "$*" >&"${MGC[1]}"
	read -r -t 60 line <&"${MGC[0]}"
	echo "$line"
}
start_mgc
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
reg=$(mgc register)
echo "# megaco: $reg"
ms_check "over SCTP, megaco registers mediasecd (ServiceChange Restart)" \
	test "$reg" = "registered restart 901"
ms_check "the gateway started the association" \
	wait_until 30 grep -q "SCTP association with MGC 1 up" "$T/mgd.log"
wait_until 30 grep -q "registered with MGC 1" "$T/mgd.log"
line=$(mgc keepalive)
ms_check "keepalive over SCTP" test "$line" = "alive ROOT"

head -c 30 /dev/urandom > "$T/ue.key"
line=$(mgc add access 192.0.2.2 6000 AES_CM_128_HMAC_SHA1_80 \
	"$(base64 -w0 "$T/ue.key")" 1 core 198.51.100.2 7000)
set -- $line
ctx=${2:-} atid=${3:-} aport=${4:-} gwkey=${5:-} cport=${7:-}
echo "# megaco: ${1:-} ctx $ctx $atid port $aport (key) ${6:-} port $cport"
ms_check "Add, Add over SCTP: ports and the gateway's key answered" \
	test "${1:-}" = added -a ${#gwkey} = 60 -a -n "$cport"
printf %s "$gwkey" | unhex > "$T/gw.key"
hb_both() {
	local l
	l=$(mgc heartbeats)
	echo "$l" | grep -qE "(^| )$atid=[1-9]" &&
		echo "$l" | grep -qE "(^| )core/[0-9]+=[1-9]"
}
ms_check "megaco hears both terminations' heartbeats over SCTP" \
	wait_until 60 hb_both

SUITE="suite AES_CM_128_HMAC_SHA1_80 mki 1"
ue_to_core "$aport" $N "$T/core.out" $SUITE key-file "$T/ue.key" seq 1000
ms_check "UE SRTP -> core RTP: $N of $N intact" test $? = 0
core_to_ue "$cport" $N "$T/ue.out" $SUITE key-file "$T/gw.key"
ms_check "core RTP -> UE SRTP with the gateway's key: $N of $N intact" \
	test $? = 0

# The MGC dies: the association goes, the gateway notices and registers
# again once an MGC listens; the call stays in the kernel meanwhile.
mgc quit > /dev/null
wait $MGC_PID 2> /dev/null
ms_check "the MGC gone: the gateway notices the association's loss" \
	wait_until 30 grep -q "SCTP association with MGC 1 lost" "$T/mgd.log"
ms_check "and the call stays in the kernel" \
	test "$(kcount ctx) $(kcount flow)" = "2 4"
start_mgc
reg=$(mgc register)
echo "# megaco: $reg"
ms_check "it registers again: ServiceChange Disconnected, 900" \
	test "$reg" = "registered disconnected 900"
reg_twice() { [ "$(grep -c "registered with MGC 1" "$T/mgd.log")" -ge 2 ]; }
wait_until 30 reg_twice
line=$(mgc subtract "$ctx")
echo "# megaco: ${line:0:300}"
subtracted() {
	echo "$line" | grep -q "rtp/pr=$N" &&
		test "$(kcount ctx) $(kcount flow)" = "0 0"
}
ms_check "Subtract over the new association: statistics, kernel empty" \
	subtracted
mgc quit > /dev/null
kill $DPID
wait $DPID 2> /dev/null
DPID=
kill $CPID
wait $CPID 2> /dev/null
CPID=
grep -v inline: "$T/mgd.log" | sed 's/^/# mediasecd: /' | tail -30
sed 's/^/# megaco: /' "$T/mgc.err"

# tshark: every SCTP DATA chunk (PPID 7) decoded as H.248, none malformed.
TS="tshark -n -r $T/h248.pcap"
ndata=$($TS -Y "sctp.data_payload_proto_id == 7" 2> /dev/null | wc -l)
nother=$($TS -Y "sctp.data_payload_proto_id && sctp.data_payload_proto_id != 7" 2> /dev/null | wc -l)
nmeg=$($TS -Y megaco 2> /dev/null | wc -l)
nbad=$($TS -Y "_ws.malformed || _ws.expert.severity >= warning" 2> /dev/null | wc -l)
$TS -Y megaco -T fields -e frame.number -e sctp.srcport -e megaco.transaction \
	-e megaco.command 2> /dev/null | sed 's/^/# tshark: /'
$TS -Y "_ws.malformed || _ws.expert.severity >= warning" -V 2> /dev/null |
	head -40 | sed 's/^/# tshark: /'
ms_check "tshark: all $ndata SCTP messages PPID 7 ($nother other), decoded as H.248 ($nmeg), none malformed ($nbad)" \
	test "$ndata" -ge 8 -a "$nother" = 0 -a "$ndata" = "$nmeg" -a "$nbad" = 0
ms_exit
