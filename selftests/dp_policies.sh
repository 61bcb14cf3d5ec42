#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The media policies of a flow (TS 23.334 6.2.4 to 6.2.7) with real
# traffic from libsrtp2 endpoints, through XDP and then through TC
# (topology: dp_lib.sh, the access link with two queues so that two CPUs
# feed one flow in either mode):
#
# - the gate (H.248.43 gm): a source outside its prefix or ports dropped
#   and counted, before any crypto; what it lets in goes through intact;
# - policing (H.248.53 tman, RFC 2216): a UE sending at 3 times the policed
#   rate gets the policed rate through, within 5 %, the rest counted, from
#   one CPU and from two CPUs at once; a FLOW_SET of another policy gives
#   no new burst; a spoofer's packets that fail SRTP spend none of the
#   rate;
# - DiffServ marking (H.248.52 ds): tshark at the core sees the code point
#   on every packet, the ECN bits as sent, the IPv4 and UDP checksums
#   right (IPv4 and IPv6), and a code point changed by FLOW_SET on a
#   running stream, not one packet lost;
# - latching switched on and off by FLOW_SET (H.248.37 ipnapt);
# - RTP loss and jitter (RFC 3550 A.3, A.8): a stream with every 10th
#   packet skipped and every odd packet 8 ms late; the loss reported is
#   exact, the jitter within 10 % of A.8 over the sender's own send times;
# - a value the kernel refuses leaves the flow as it was.
. "$(dirname "$0")/lib.sh"
DP_QUEUES=2
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

S=AES_CM_128_HMAC_SHA1_80
PKT=200		# IPv4 length of the endpoint's packets: 20 + 8 + 172

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
command -v tshark > /dev/null || { echo "# no tshark"; exit $KSFT_SKIP; }
ms_plan 24
ms_load || exit 1
dp_topology
ip -n $UE addr add 192.0.2.3/24 dev ue0
ip -n $UE addr add 192.0.2.4/24 dev ue0
head -c 30 /dev/urandom > "$T/ue.key"
head -c 30 /dev/urandom > "$T/spoof.key"

flow_json() {	# ID EXPR: a field of flow ID's JSON (python expression on f)
	"$MS" -n $GW -j flow show "$1" | python3 -c "
import json, sys
f = json.load(sys.stdin)[0]
print(($2))"
}

# send SRC SPORT DPORT COUNT [opts]: the UE sends COUNT packets to the
# gateway's access port DPORT.
send() {
	local src=$1 sport=$2 dport=$3 n=$4
	shift 4
	ip netns exec $UE "$EP" send $src $sport 192.0.2.1 $dport $n "$@"
}

# recv_core PORT COUNT OUT: the core receives COUNT packets, in the
# background (its pid in RPID).
recv_core() {
	ip netns exec $CORE "$EP" recv 198.51.100.2 "$1" "$2" timeout 20 \
		first-timeout 60 > "$3" &
	RPID=$!
	wait_bound $CORE "$1"
}

fwd() {		# ID LPORT CPORT [opts]: a forward flow, access -> core
	local id=$1 lport=$2 cport=$3
	shift 3
	"$MS" -n $GW flow add $id action forward local 192.0.2.1 lport $lport \
		saddr 198.51.100.1 daddr 198.51.100.2 dport $cport "$@"
}

# within PCT GOT WANT: |GOT - WANT| <= PCT % of WANT.
within() {
	python3 -c "import sys; g, w = float(sys.argv[2]), float(sys.argv[3]); \
sys.exit(0 if abs(g - w) <= float(sys.argv[1]) / 100 * w else 1)" "$@"
}

# police_want RATE BURST LOG...: the bytes a policer of RATE and BURST
# lets through from the packets the send logs record: BURST plus RATE
# times the span from the first packet sent to the last.
police_want() {
	python3 - "$@" <<-'PY'
	import sys
	rate, burst = int(sys.argv[1]), int(sys.argv[2])
	ns = [int(l.split()[2]) for f in sys.argv[3:] for l in open(f)]
	print(int(burst + rate * (max(ns) - min(ns)) / 1e9))
	PY
}

# jitter_want CLOCK LOG: RFC 3550 A.8 over the send log's times, from its
# second packet on (the kernel counts a source from its second packet,
# A.1's probation), in timestamp units.
jitter_want() {
	python3 - "$@" <<-'PY'
	import sys
	clock = int(sys.argv[1])
	rows = [l.split() for l in open(sys.argv[2])][1:]
	j, prev = 0.0, None
	for seq, ts, ns in rows:
	    transit = int(ns) * clock / 1e9 - int(ts)
	    if prev is not None:
	        j += (abs(transit - prev) - j) / 16
	    prev = transit
	print(round(j, 1))
	PY
}

# dscp_seen PCAP FAMILY: "DSCP ECN" of each packet, then the IPv4 header's
# and the UDP checksum's status (1: good), from tshark, once per capture
# and family (tshark is slow to start under emulation).
dscp_seen() {
	local f out="$1.$2.txt"
	if [ "$2" = 4 ]; then
		f=(-e ip.dsfield.dscp -e ip.dsfield.ecn -e ip.checksum.status
		   -e udp.checksum.status)
	else
		f=(-e ipv6.tclass.dscp -e ipv6.tclass.ecn -e udp.checksum.status)
	fi
	[ -s "$out" ] ||
		tshark -n -r "$1" -o ip.check_checksum:TRUE \
			-o udp.check_checksum:TRUE -Y 'udp && !icmp && !icmpv6' \
			-T fields "${f[@]}" > "$out" 2> /dev/null
	cat "$out"
}

# pcap_count PCAP PROTO: frames of IP protocol PROTO (17 UDP, 1 ICMP) in a
# libpcap file being written (whole records only).
pcap_count() {
	python3 - "$@" <<-'PY'
	import struct, sys
	try:
	    b = open(sys.argv[1], 'rb').read()
	except OSError:
	    b = b''
	proto, n, off = int(sys.argv[2]), 0, 24
	while off + 16 <= len(b):
	    incl = struct.unpack_from('<I', b, off + 8)[0]
	    fr = b[off + 16:off + 16 + incl]
	    off += 16 + incl
	    if len(fr) < incl or len(fr) < 34:
	        break
	    et = fr[12] << 8 | fr[13]
	    if (et == 0x0800 and fr[23] == proto) or \
	       (et == 0x86dd and len(fr) > 20 and fr[20] == proto):
	        n += 1
	print(n)
	PY
}

# capture_start PCAP: dumpcap on the core's link (libpcap format), capturing
# for sure: the gateway's pings to the core are in the file before it
# returns.
capture_start() {
	ip netns exec $CORE dumpcap -q -P -i c0 -f "udp or icmp" -w "$1" \
		2> "$T/dumpcap.log" &
	CPID=$!
	wait_until 60 capturing "$1"
}
capturing() {
	ip netns exec $GW ping -c 1 -W 1 198.51.100.2 > /dev/null
	[ "$(pcap_count "$1" 1)" -gt 0 ]
}
# capture_stop PCAP N: stops once the file holds N UDP packets (bounded).
capture_stop() {
	wait_until 60 at_least "$2" pcap_count "$1" 17
	kill $CPID
	wait $CPID 2> /dev/null
}

run_mode() {	# MODE: every check through the XDP or TC data path
	local m=$1 b=$2 out n sent gd want got j jw rc

	# The gate: 192.0.2.2/31 (.2 and .3), port 6000 only.
	fwd $((b + 1)) $((40000 + b)) $((7000 + b)) gate-addr 192.0.2.2/31 \
		gate-port 6000
	recv_core $((7000 + b)) 100 "$T/rx.out"
	send 192.0.2.2 6000 $((40000 + b)) 100 rate 400
	wait $RPID
	rc=$?
	sed 's/^/# /' "$T/rx.out"
	send 192.0.2.3 6000 $((40000 + b)) 20 rate 400
	send 192.0.2.4 6000 $((40000 + b)) 50 rate 400
	send 192.0.2.2 6001 $((40000 + b)) 50 rate 400
	gd=$(flow_stat $((b + 1)) gate_drops)
	n=$(flow_stat $((b + 1)) packets)
	ms_check "$m: a /31 gate lets its sources' 120 of 120 through ($n), drops and counts 100 from outside ($gd)" \
		test $rc = 0 -a "$gd" = 100 -a "$n" = 120

	# Policing from one CPU: 150 packets/s of 200 bytes against 10 kB/s.
	fwd $((b + 2)) $((40002 + b)) $((7002 + b)) police-rate 10000 police-burst 2000
	taskset -c 0 ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 \
		$((40002 + b)) 900 rate 150 send-log "$T/p1.log"
	sent=$(wc -l < "$T/p1.log")
	want=$(police_want 10000 2000 "$T/p1.log")
	got=$(( $(flow_stat $((b + 2)) packets) * PKT ))
	n=$(flow_stat $((b + 2)) police_drops)
	echo "# $m: policed one CPU: sent $sent, passed $got bytes, want $want, dropped $n"
	ms_check "$m: one CPU at 3x the rate: the policed rate through within 5 %, the rest counted" \
		eval 'within 5 $got $want && [ $((got / PKT + n)) = $sent ]'

	# The same from two CPUs at once, 75 packets/s each.
	fwd $((b + 3)) $((40004 + b)) $((7004 + b)) police-rate 10000 police-burst 2000
	taskset -c 0 ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 \
		$((40004 + b)) 450 rate 75 send-log "$T/p2a.log" &
	local spid=$!
	taskset -c 1 ip netns exec $UE "$EP" send 192.0.2.2 6002 192.0.2.1 \
		$((40004 + b)) 450 rate 75 send-log "$T/p2b.log"
	wait $spid
	sent=$(cat "$T/p2a.log" "$T/p2b.log" | wc -l)
	want=$(police_want 10000 2000 "$T/p2a.log" "$T/p2b.log")
	got=$(( $(flow_stat $((b + 3)) packets) * PKT ))
	n=$(flow_stat $((b + 3)) police_drops)
	echo "# $m: policed two CPUs: sent $sent, passed $got bytes, want $want, dropped $n"
	ms_check "$m: two CPUs on one flow: the policed rate through within 5 %, the rest counted" \
		eval 'within 5 $got $want && [ $((got / PKT + n)) = $sent ]'

	# A FLOW_SET that changes the DS field keeps the policer's buckets:
	# two bursts of 20 against a 2000-byte bucket filling at 1000 B/s let
	# through the bucket and what filled in between, not two buckets.
	fwd $((b + 8)) $((40014 + b)) $((7014 + b)) police-rate 1000 \
		police-burst 2000
	send 192.0.2.2 6000 $((40014 + b)) 20 rate 1000 send-log "$T/k1.log"
	"$MS" -n $GW flow set $((b + 8)) dscp 5
	send 192.0.2.2 6000 $((40014 + b)) 20 rate 1000 seq 20 \
		send-log "$T/k2.log"
	got=$(( $(flow_stat $((b + 8)) packets) * PKT ))
	want=$(police_want 1000 2000 "$T/k1.log" "$T/k2.log")
	echo "# $m: FLOW_SET between two bursts: passed $got bytes, at most $want + one packet"
	ms_check "$m: a FLOW_SET of the DS field gives the policed flow no new burst" \
		test "$got" -le $((want + PKT))

	# A spoofer's packets, which fail SRTP, spend none of the UE's rate:
	# the UE at 40 packets/s (8.4 kB/s) under a 10 kB/s policer, the
	# spoofer at 150/s with another key, at the same time.
	"$MS" -n $GW ctx add $((b + 3)) dir rx suite $S
	"$MS" -n $GW key add ctx $((b + 3)) key-file "$T/ue.key"
	"$MS" -n $GW flow add $((b + 9)) action srtp-to-rtp local 192.0.2.1 \
		lport $((40016 + b)) rx-ctx $((b + 3)) saddr 198.51.100.1 \
		daddr 198.51.100.2 dport $((7016 + b)) police-rate 10000 \
		police-burst 2000
	recv_core $((7016 + b)) 100 "$T/rx.out"
	send 192.0.2.3 6000 $((40016 + b)) 300 rate 150 suite $S \
		key-file "$T/spoof.key" &
	local xpid=$!
	send 192.0.2.2 6000 $((40016 + b)) 100 rate 40 suite $S \
		key-file "$T/ue.key"
	wait $xpid
	wait $RPID
	rc=$?
	sed 's/^/# /' "$T/rx.out"
	n=$(flow_stat $((b + 9)) police_drops)
	echo "# $m: spoofed and policed: UE's packets through: $(flow_stat $((b + 9)) packets), refused $(flow_stat $((b + 9)) drops), police drops $n"
	ms_check "$m: 300 spoofed SRTP packets refused, the UE's 100 of 100 through the policer" \
		test $rc = 0 -a "$n" = 0 -a "$(flow_stat $((b + 9)) drops)" = 300

	# DiffServ, IPv4 and IPv6; the UE sends ECN ECT(1) (TOS 0x01).
	fwd $((b + 4)) $((40006 + b)) $((7006 + b)) dscp 46
	"$MS" -n $GW flow add $((b + 5)) action forward local 2001:db8:a::1 \
		lport $((40008 + b)) saddr 2001:db8:c::1 daddr 2001:db8:c::2 dport $((7008 + b)) \
		dscp 34
	capture_start "$T/ds-$m.pcap"
	send 192.0.2.2 6000 $((40006 + b)) 50 rate 400 tos 1
	ip netns exec $UE "$EP" send 2001:db8:a::2 6000 2001:db8:a::1 $((40008 + b)) 50 \
		rate 400 tos 1
	capture_stop "$T/ds-$m.pcap" 100
	dscp_seen "$T/ds-$m.pcap" 4 | sort | uniq -c | sed 's/^/# IPv4: /'
	dscp_seen "$T/ds-$m.pcap" 6 | sort | uniq -c | sed 's/^/# IPv6: /'
	n=$(dscp_seen "$T/ds-$m.pcap" 4 | grep -c '^46	1	1	1$')
	echo "# $m: IPv4 packets with DSCP 46, ECN 1, good checksums: $n"
	ms_check "$m: IPv4: DSCP 46 on 50 of 50, ECN kept, checksums good" \
		test "$n" = 50
	n=$(dscp_seen "$T/ds-$m.pcap" 6 | grep -c '^34	1	1$')
	ms_check "$m: IPv6: DSCP 34 on 50 of 50, ECN kept, UDP checksum good" \
		test "$n" = 50

	# A code point changed on a running stream: nothing lost.
	capture_start "$T/ds2-$m.pcap"
	recv_core $((7006 + b)) 200 "$T/rx.out"
	send 192.0.2.2 6000 $((40006 + b)) 200 rate 200 hold-file "$T/go" hold-at 100 &
	local hpid=$!
	wait_until 60 at_least 150 flow_stat $((b + 4)) packets
	"$MS" -n $GW flow set $((b + 4)) dscp 10
	touch "$T/go"
	wait $hpid
	wait $RPID
	rc=$?
	rm -f "$T/go"
	capture_stop "$T/ds2-$m.pcap" 200
	echo "# $m: $(dscp_seen "$T/ds2-$m.pcap" 4 | cut -f1 | uniq -c | tr '\n' ' ')"
	ms_check "$m: FLOW_SET on a running stream: 200 of 200 intact, DSCP 46 then 10" \
		test $rc = 0 -a "$(dscp_seen "$T/ds2-$m.pcap" 4 | cut -f1 | uniq | tr '\n' ' ')" = "46 10 "

	# Latching switched by FLOW_SET, on an SRTP flow (which follows every
	# source that authenticates while latching is on).
	"$MS" -n $GW ctx add $((b + 1)) dir rx suite $S
	"$MS" -n $GW key add ctx $((b + 1)) key-file "$T/ue.key"
	"$MS" -n $GW flow add $((b + 6)) action srtp-to-rtp local 192.0.2.1 \
		lport $((40010 + b)) remote 192.0.2.2 rport 6000 rx-ctx $((b + 1)) \
		saddr 198.51.100.1 daddr 198.51.100.2 dport $((7010 + b))
	send 192.0.2.3 6000 $((40010 + b)) 20 rate 400 suite $S key-file "$T/ue.key" seq 100
	local before=$(flow_stat $((b + 6)) packets)
	"$MS" -n $GW flow set $((b + 6)) latch on
	send 192.0.2.3 6000 $((40010 + b)) 20 rate 400 suite $S key-file "$T/ue.key" seq 200
	local moved=$(flow_json $((b + 6)) "f['remote']")
	"$MS" -n $GW flow set $((b + 6)) latch off
	send 192.0.2.2 6000 $((40010 + b)) 20 rate 400 suite $S key-file "$T/ue.key" seq 300
	echo "# $m: latch off: $before packets from elsewhere; on: remote $moved; off again: remote $(flow_json $((b + 6)) "f['remote']"), $(flow_stat $((b + 6)) packets) packets"
	ms_check "$m: latching off, on, off by FLOW_SET: the remote moves only while on" \
		test "$before" = 0 -a "$moved" = 192.0.2.3 -a \
		"$(flow_json $((b + 6)) "f['remote'], f.get('latch', False)")" = "('192.0.2.3', False)" -a \
		"$(flow_stat $((b + 6)) packets)" = 20

	# Loss and jitter: 301 SRTP packets at 50/s, 8 kHz timestamps, every
	# 10th skipped (30 between the second packet and the last), every odd
	# one 8 ms late.
	"$MS" -n $GW ctx add $((b + 2)) dir rx suite $S
	"$MS" -n $GW key add ctx $((b + 2)) key-file "$T/ue.key"
	"$MS" -n $GW flow add $((b + 7)) action srtp-to-rtp local 192.0.2.1 \
		lport $((40012 + b)) rx-ctx $((b + 2)) saddr 198.51.100.1 \
		daddr 198.51.100.2 dport $((7012 + b)) clock-rate 8000
	send 192.0.2.2 6000 $((40012 + b)) 301 rate 50 skip 10 jitter-us 8000 \
		suite $S key-file "$T/ue.key" send-log "$T/jit.log"
	"$MS" -n $GW flow show $((b + 7)) | sed 's/^/# /'
	got=$(flow_json $((b + 7)) "f['rtp']['lost'], f['rtp']['expected'], f['rtp']['received']")
	echo "# $m: rtp lost, expected, received: $got"
	ms_check "$m: rtp/pl: 30 lost of 300 expected (270 received), exact" \
		test "$got" = "(30, 300, 270)"
	j=$(flow_json $((b + 7)) "f['rtp']['jitter']")
	jw=$(jitter_want 8000 "$T/jit.log")
	echo "# $m: jitter $j timestamp units, A.8 over the send times $jw"
	ms_check "$m: rtp/jit within 10 % of the sender's schedule" within 10 "$j" "$jw"
}

run_mode XDP 0
for d in access0 core0; do
	"$MS" -n $GW dev detach $d
	"$MS" -n $GW dev attach $d mode tc
done
run_mode TC 100

# A value the kernel refuses (a peak rate below the rate) changes nothing.
before=$(flow_json 102 "f['police_rate'], f['police_burst'], f.get('peak_rate')")
"$MS" -n $GW flow set 102 police-rate 20000 police-burst 3000 peak-rate 10000 \
	peak-burst 1500 2> "$T/err"
rc=$?
sed 's/^/# /' "$T/err"
ms_check "a refused FLOW_SET (peak below rate) fails and leaves the flow as it was" \
	test $rc != 0 -a "$(flow_json 102 "f['police_rate'], f['police_burst'], f.get('peak_rate')")" = "$before"

# Policing and the gate taken away (empty nests), the rest kept.
"$MS" -n $GW flow set 102 police off
"$MS" -n $GW flow set 101 gate-addr off
ms_check "police off and gate-addr off: gone from the flows" \
	test "$(flow_json 102 "'police_rate' in f")" = False -a \
	"$(flow_json 101 "'gate_addr' in f or 'gate_port' in f")" = False

ms_exit
