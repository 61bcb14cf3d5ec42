#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mediasecd driven over H.248 by a scripted MGC (selftests/mgd_mgc.py):
# registration (ServiceChange Restart), an e2ae call made with one
# transaction (Add of an access SRTP termination with the UE's key in its
# Remote, Add of a core RTP termination, CHOOSE for context and
# terminations), media both ways through the XDP path checked by the
# libsrtp2 endpoints with the key the gateway answered in its Local
# descriptor, Subtract with statistics, and refusals that change nothing
# in the kernel.  (mgd_megaco.sh: the same driven by Erlang/OTP megaco.)
#
#  ns ue                  ns gw: mediasecd, MGC on 127.0.0.1          ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
. "$(dirname "$0")/lib.sh"

N=200
RATE=500
MGC="$(dirname "$0")/mgd_mgc.py"
MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
trap 'kill $DPID 2>/dev/null; dp_cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 10
ms_load || exit 1
dp_topology

cat > "$T/mgd.conf" <<CONF
mid [192.0.2.1]:2944
listen 127.0.0.1 2944
mgc 127.0.0.1 2945
realm access 192.0.2.1 40000-40999
realm core 198.51.100.1 30000-30999
retry-ms 200
CONF
ip netns exec $GW "$MGC" register 127.0.0.1 2945 > "$T/sc.txt" &
mpid=$!
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
wait $mpid
ms_check "mediasecd registers with its MGC (ServiceChange Restart)" \
	grep -q "Method *= *Restart" "$T/sc.txt"
sleep 0.5
ms_check "and says it is registered" grep -q "registered with MGC 1" "$T/mgd.log"

req() {	# the transaction on stdin, the reply on stdout
	ip netns exec $GW "$MGC" request 127.0.0.1 2944
}
head -c 30 /dev/urandom > "$T/ue.key"
UEKEY=$(base64 -w0 "$T/ue.key")
req > "$T/add.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 10 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$UEKEY
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
sed 's/inline:[^ |]*/inline:(key)/; s/^/# /' "$T/add.txt"
set -- $("$MGC" local access/ < "$T/add.txt")
aport=${1:-} gwkey=${2:-}
set -- $("$MGC" local core/ < "$T/add.txt")
cport=${1:-}
ctx=$(sed -n 's/.*Context *= *\([0-9]*\).*/\1/p' "$T/add.txt" | head -1)
ms_check "Add, Add in a CHOOSE context: ports and the gateway's key answered" \
	test -n "$ctx" -a -n "$aport" -a -n "$cport" -a ${#gwkey} = 60
python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))" "$gwkey" > "$T/gw.key"
ms_check "the kernel holds 2 contexts and 4 flows" sh -c \
	"test \$('$MS' -n $GW -j ctx show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') = 2 &&
	 test \$('$MS' -n $GW -j flow show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') = 4"

ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $N > "$T/core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" $N \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$T/ue.key" rate $RATE
wait $rpid
ms_check "UE SRTP -> core RTP: $N of $N intact" test $? = 0
ip netns exec $UE "$EP" recv 192.0.2.2 6000 $N suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/gw.key" ssrc 0x55667788 > "$T/ue.out" &
rpid=$!
wait_bound $UE 6000
ip netns exec $CORE "$EP" send 198.51.100.2 7000 198.51.100.1 "$cport" $N \
	rate $RATE ssrc 0x55667788
wait $rpid
ms_check "core RTP -> UE SRTP with the gateway's key: $N of $N intact" \
	test $? = 0

# Refused: an unknown context; the kernel unchanged.
"$MS" -n $GW -j flow show > "$T/before.json"
req > "$T/bad.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 11 { Context = 4242 { Modify = access/1 } }
MSG
sed 's/^/# /' "$T/bad.txt"
"$MS" -n $GW -j flow show > "$T/after.json"
ms_check "unknown context: error 411, kernel unchanged" sh -c \
	"grep -q 411 '$T/bad.txt' && cmp -s '$T/before.json' '$T/after.json'"

# Only the MGC controls the gateway: the same request from another
# address of the gateway's host gets nothing, and changes nothing.
ip netns exec $GW "$MGC" request 127.0.0.1 2944 198.51.100.1 > "$T/x.txt" <<MSG
MEGACO/3 [198.51.100.1]:2944
Transaction = 13 { Context = $ctx { Subtract = * } }
MSG
"$MS" -n $GW -j flow show > "$T/after.json"
ms_check "a request from other than the MGC: ignored, kernel unchanged" sh -c \
	"grep -q 'no reply' '$T/x.txt' && test \$(python3 -c 'import json; print(len(json.load(open(\"$T/after.json\"))))') = 4"

req > "$T/sub.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 12 { Context = $ctx { Subtract = * } }
MSG
sed 's/^/# /' "$T/sub.txt"
ms_check "Subtract: statistics with the $N packets received from the UE" \
	grep -q "rtp/pr *= *$N" "$T/sub.txt"
ms_check "and nothing left in the kernel" sh -c \
	"test \$('$MS' -n $GW -j flow show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') = 0 &&
	 test \$('$MS' -n $GW -j ctx show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') = 0"
kill $DPID
wait $DPID 2>/dev/null
sed 's/^/# mediasecd: /' "$T/mgd.log"
ms_exit
