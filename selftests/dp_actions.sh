#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flow actions and kinds through the XDP data path, with libsrtp2
# endpoints checking every byte (topology: dp_lib.sh): srtp-to-srtp with
# other keys and another suite on the core leg; forward (rewrite only);
# RTCP on the RTP port + 1 both ways (SRTCP <-> RTCP); RTP and RTCP
# multiplexed on one port (RFC 5761).  Then traffic of no flow - ping, TCP,
# other UDP - still crosses or reaches the gateway.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

N=200
A=AES_CM_128_HMAC_SHA1_80
G=AEAD_AES_128_GCM

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 9
ms_load || exit 1
dp_topology
head -c 30 /dev/urandom > "$T/a.key"
head -c 28 /dev/urandom > "$T/g.key"

# stream NAME NS_TX SADDR SPORT DADDR DPORT NS_RX RADDR RPORT [tx opts] -- [rx opts]
# N packets, paced, checked at the receiver; 0 if all arrived intact.
stream() {
	local ntx=$2 sa=$3 sp=$4 da=$5 dp=$6 nrx=$7 ra=$8 rp=$9 tx=() rx=()
	shift 9
	while [ $# -gt 0 ] && [ "$1" != -- ]; do tx+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	rx=("$@")
	ip netns exec "$nrx" "$EP" recv "$ra" "$rp" $N timeout 20 first-timeout 60 \
		"${rx[@]}" \
		> "$T/rx.out" &
	local rpid=$!
	wait_bound "$nrx" "$rp"
	ip netns exec "$ntx" "$EP" send "$sa" "$sp" "$da" "$dp" $N rate 400 \
		"${tx[@]}"
	wait $rpid
	local rc=$?
	sed 's/^/# /' "$T/rx.out"
	return $rc
}

# srtp-to-srtp: the UE's AES-CM key in, the gateway's GCM key out.
"$MS" -n $GW ctx add 1 dir rx suite $A
"$MS" -n $GW key add ctx 1 key-file "$T/a.key"
"$MS" -n $GW ctx add 2 dir tx suite $G
"$MS" -n $GW key add ctx 2 key-file "$T/g.key"
"$MS" -n $GW flow add 1 action srtp-to-srtp local 192.0.2.1 lport 40000 \
	rx-ctx 1 tx-ctx 2 saddr 198.51.100.1 sport 30000 \
	daddr 198.51.100.2 dport 7000
ms_check "srtp-to-srtp, $A in, $G out: $N of $N intact" \
	stream s2s $UE 192.0.2.2 6000 192.0.2.1 40000 \
	$CORE 198.51.100.2 7000 suite $A key-file "$T/a.key" -- \
	suite $G key-file "$T/g.key"
"$MS" -n $GW flow del 1

# forward: RTP, addresses and ports rewritten, nothing else.
"$MS" -n $GW flow add 3 action forward local 192.0.2.1 lport 40100 \
	saddr 198.51.100.1 sport 30100 daddr 198.51.100.2 dport 7100
ms_check "forward (e2e): $N of $N intact" \
	stream fwd $UE 192.0.2.2 6100 192.0.2.1 40100 \
	$CORE 198.51.100.2 7100

# RTCP on RTP port + 1: SRTCP from the UE becomes RTCP, and back.
"$MS" -n $GW flow add 4 action srtp-to-rtp kind rtcp local 192.0.2.1 \
	lport 40001 rx-ctx 1 saddr 198.51.100.1 sport 30001 \
	daddr 198.51.100.2 dport 7001
"$MS" -n $GW ctx add 5 dir tx suite $A
"$MS" -n $GW key add ctx 5 key-file "$T/a.key"
"$MS" -n $GW flow add 5 action rtp-to-srtp kind rtcp local 198.51.100.1 \
	lport 30001 tx-ctx 5 saddr 192.0.2.1 sport 40001 \
	daddr 192.0.2.2 dport 6001
ms_check "RTCP port: UE SRTCP -> core RTCP, $N of $N intact" \
	stream rtcp-up $UE 192.0.2.2 6001 192.0.2.1 40001 \
	$CORE 198.51.100.2 7001 rtcp 1 suite $A key-file "$T/a.key" -- rtcp 1
ms_check "RTCP port: core RTCP -> UE SRTCP, $N of $N intact" \
	stream rtcp-down $CORE 198.51.100.2 7001 198.51.100.1 30001 \
	$UE 192.0.2.2 6001 rtcp 1 -- rtcp 1 suite $A key-file "$T/a.key"

# RTP and RTCP on one port (RFC 5761): one flow, one context.
"$MS" -n $GW ctx add 6 dir rx suite $A
"$MS" -n $GW key add ctx 6 key-file "$T/a.key"
"$MS" -n $GW flow add 6 action srtp-to-rtp kind mux local 192.0.2.1 \
	lport 40200 rx-ctx 6 saddr 198.51.100.1 sport 30200 \
	daddr 198.51.100.2 dport 7200
ms_check "mux: SRTP on the shared port -> RTP, $N of $N intact" \
	stream mux-rtp $UE 192.0.2.2 6200 192.0.2.1 40200 \
	$CORE 198.51.100.2 7200 suite $A key-file "$T/a.key"
ms_check "mux: SRTCP on the same port -> RTCP, $N of $N intact" \
	stream mux-rtcp $UE 192.0.2.2 6200 192.0.2.1 40200 \
	$CORE 198.51.100.2 7200 rtcp 1 suite $A key-file "$T/a.key" -- rtcp 1

# Traffic of no flow.
ms_check "ping crosses the gateway" \
	ip netns exec $UE ping -c 3 -i 0.2 -W 2 198.51.100.2
ip netns exec $CORE python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.settimeout(20); s.bind(("198.51.100.2", 8080)); s.listen(1)
c, _ = s.accept(); c.settimeout(5)
c.sendall(c.recv(100)[::-1]); c.close()' &
tpid=$!
wait_bound_tcp() {
	for _ in $(seq 100); do
		ip netns exec $CORE ss -Hntl "sport = :8080" | grep -q . && return
		sleep 0.1
	done
}
wait_bound_tcp
ms_check "TCP crosses the gateway" sh -c "ip netns exec $UE python3 -c '
import socket
c = socket.create_connection((\"198.51.100.2\", 8080), timeout=5)
c.sendall(b\"mediasec\"); assert c.recv(100) == b\"cesaidem\"'"
wait $tpid
# The gateway's socket is bound before the UE sends (a condition); it
# answers every datagram, and the UE sends until it has an answer, at most
# 60 s.
udp_to_gateway() {
	ip netns exec $GW python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.1", 5353)); s.settimeout(60)
try:
    while True:
        d, a = s.recvfrom(100); print("#", d, flush=True); s.sendto(b"seen", a)
except socket.timeout:
    pass' &
	local gpid=$! rc=1
	if wait_bound $GW 5353; then
		ip netns exec $UE python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
for _ in range(60):
    s.sendto(b"not media", ("192.0.2.1", 5353))
    try:
        if s.recv(100) == b"seen":
            break
    except socket.timeout:
        pass
else:
    raise SystemExit(1)' && rc=0
	fi
	kill $gpid 2>/dev/null
	wait $gpid 2>/dev/null
	return $rc
}
ms_check "UDP to another port of the gateway reaches its socket" udp_to_gateway
ms_exit
