#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the guest: an IMS access gateway (IMS-AGW) carrying
# several calls at once, and an MSRP session (scripts/demo-msrp.sh).
#
#   ns ms-ue (the phones)    ns ms-gw (the IMS-AGW)                    ns ms-core
#   ue0 192.0.2.2   <-veth-> access0 192.0.2.1 | core0 198.51.100.1 <-veth-> c0 198.51.100.2
#       2001:db8:a::2                2001:db8:a::1 | 2001:db8:c::1            2001:db8:c::2
#
# mediasec.ko is loaded and its XDP data path attached to access0 and
# core0.  mediasecd, the H.248 media gateway, runs in ms-gw; Erlang/OTP's
# megaco application plays the IMS-ALG (the MGC, selftests/megaco/
# mgc.escript): it registers the gateway and sets up each call with one
# H.248 transaction (SDES keys in SDP, RFC 4568): an access termination
# with the phone's RTP/SAVP and key, a core one with RTP/AVP.  mediasecd
# chooses ports and its own key, answers them in the Local descriptors and
# installs the SRTP contexts and flows: SRTP from the phone becomes RTP
# towards the core, RTP from the core becomes SRTP towards the phone.  A
# libsrtp2 endpoint (selftests/ms_endpoint, "call": one socket that sends
# and receives, as a phone does) runs on each side of each call; every
# packet, byte for byte, is checked where it arrives.  dumpcap records the
# access link and the core link; tshark decodes them afterwards.
#
#   demo-guest.sh [OUTDIR]     OUTDIR keeps the two captures (pcapng)
#
# Exits 0 only if every call's media arrived complete and intact in both
# directions, through XDP, and both captures saw every packet.
set -eu
TOP=$(readlink -f "$(dirname "$0")/..")
export MEDIASEC_O=${MEDIASEC_O:-$TOP/build}
. "$TOP/selftests/lib.sh"
. "$TOP/scripts/demo-msrp.sh"
MS=$MS_O/userspace/mediasec
MGD=$MS_O/userspace/mediasecd
EP=$MS_O/selftests/ms_endpoint
KEEP=${1:-}
NS="ms-ue ms-gw ms-core"
N=250		# packets each way per call: 5 s of 20 ms voice frames
RATE=50
# call: family suite
CALLS="4 AES_CM_128_HMAC_SHA1_80
4 AEAD_AES_128_GCM
6 AES_256_CM_HMAC_SHA1_80
6 AES_CM_128_HMAC_SHA1_32"
NCALLS=$(echo "$CALLS" | wc -l)
umask 077
T=$(mktemp -d)
declare -A pid rc	# background processes, endpoints' exit status
declare -A CTX APORT CPORT	# per call: H.248 context, the gateway's ports

step() { printf '\n=== %s   [%ds]\n' "$*" $SECONDS; }
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	# Pinned XDP links hold the program, and it the module: unpin first.
	if ms_loaded; then
		"$MS" -n ms-gw dev detach access0 > /dev/null 2>&1 || true
		"$MS" -n ms-gw dev detach core0 > /dev/null 2>&1 || true
	fi
	for n in $NS; do ip netns del "$n" 2>/dev/null || true; done
	ms_unload 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT

key_len() {	# SUITE: bytes of master key + salt
	case $1 in
	AES_256*) echo 46 ;; AEAD_AES_128*) echo 28 ;; AEAD_AES_256*) echo 44 ;;
	*) echo 30 ;;
	esac
}
# call_info C: sets suite, fam and the addresses and ports of call C:
# the phone (ue:uport) <-> (gwa:aport) AGW (gwc:cport) <-> (core:mport).
call_info() {
	local i=$1
	# shellcheck disable=SC2046
	set -- $(echo "$CALLS" | sed -n "${i}p")
	fam=$1 suite=$2
	if [ "$fam" = 4 ]; then
		ue=192.0.2.2 gwa=192.0.2.1 gwc=198.51.100.1 core=198.51.100.2
	else
		ue=2001:db8:a::2 gwa=2001:db8:a::1 gwc=2001:db8:c::1 core=2001:db8:c::2
	fi
	uport=$((6000 + 2 * i)) mport=$((20000 + 2 * i))
	aport=${APORT[$i]:-} cport=${CPORT[$i]:-}	# mediasecd chose them
	# SSRCs: the phone's stream and the core's stream of call C.
	ph_ssrc=$(printf 0x1111%04x "$i") co_ssrc=$(printf 0x2222%04x "$i")
}
ep() {	# ADDR PORT: ADDR:PORT, IPv6 in brackets
	case $1 in *:*) echo "[$1]:$2" ;; *) echo "$1:$2" ;; esac
}
# The gateway's XDP_REDIRECT counter, summed over its devices.
xdp_redirects() {
	"$MS" -n ms-gw -j dev show | python3 -c '
import json, sys
print(sum(d["xdp"]["redirect"] for d in json.load(sys.stdin)))'
}
# bound NS COUNT: true once COUNT UDP sockets are bound in NS.
bound() { [ "$(ip netns exec "$1" ss -Hnul | wc -l)" -ge "$2" ]; }
# wait_for SECONDS CMD...: poll CMD every 0.2 s.
wait_for() {
	local t=$(($1 * 5))
	shift
	while ! "$@"; do
		t=$((t - 1))
		[ $t -gt 0 ] || return 1
		sleep 0.2
	done
}

step "load mediasec.ko"
ms_load
lsmod | grep -E '^(Module|mediasec)'
"$MS" info

step "namespaces: the phones (ms-ue), the gateway (ms-gw), the core (ms-core)"
for n in $NS; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add ue0 netns ms-ue type veth peer name access0 netns ms-gw
ip link add core0 netns ms-gw type veth peer name c0 netns ms-core
ip -n ms-ue addr add 192.0.2.2/24 dev ue0
ip -n ms-ue addr add 2001:db8:a::2/64 dev ue0 nodad
ip -n ms-gw addr add 192.0.2.1/24 dev access0
ip -n ms-gw addr add 2001:db8:a::1/64 dev access0 nodad
ip -n ms-gw addr add 198.51.100.1/24 dev core0
ip -n ms-gw addr add 2001:db8:c::1/64 dev core0 nodad
ip -n ms-core addr add 198.51.100.2/24 dev c0
ip -n ms-core addr add 2001:db8:c::2/64 dev c0 nodad
for l in "ms-ue ue0" "ms-gw access0" "ms-gw core0" "ms-core c0"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip netns exec ms-gw sysctl -qw net.ipv4.ip_forward=1
ip netns exec ms-gw sysctl -qw net.ipv6.conf.all.forwarding=1
# XDP_REDIRECT into a veth delivers to the peer's NAPI, which exists only
# with GRO (or an XDP program) on the peer: without it the frames are lost.
ip netns exec ms-ue ethtool -K ue0 gro on
ip netns exec ms-core ethtool -K c0 gro on
for l in "ms-ue ue0" "ms-gw access0" "ms-gw core0" "ms-core c0"; do
	set -- $l
	ip -n "$1" -br addr show dev "$2" | sed "s/^/$1: /"
done

step "attach the XDP data path to the gateway's access and core links"
"$MS" -n ms-gw dev attach access0
"$MS" -n ms-gw dev attach core0
ip -n ms-gw -d link show | grep -E '^[0-9]+:|prog/xdp'
# Neighbours known, so the FIB answers from the first packet.
for a in 192.0.2.2 198.51.100.2 2001:db8:a::2 2001:db8:c::2; do
	ip netns exec ms-gw ping -c 1 -W 2 "$a" > /dev/null
done

step "mediasecd, the H.248 media gateway, and Erlang/OTP megaco as the IMS-ALG (MGC)"
msrp_certs
cat > "$T/mgd.conf" <<CONF
mid [192.0.2.1]:2944
listen 127.0.0.1 2944
mgc 127.0.0.1 2945
realm access 192.0.2.1 40000-40999
realm core 198.51.100.1 30000-30999
realm access6 2001:db8:a::1 40000-40999
realm core6 2001:db8:c::1 30000-30999
state-dir $T/state
tls-cert $T/gw.pem
tls-key $T/gw.key
CONF
echo "\$ cat mgd.conf"
cat "$T/mgd.conf"
# The MGC: one command per line in, one answer line out (keys travel on
# its standard input, never on a command line).
coproc MGC { ip netns exec ms-gw escript "$TOP/selftests/megaco/mgc.escript" 2945 2> "$T/mgc.err"; }
mgc() {
	local line=
	echo "$*" >&"${MGC[1]}"
	read -r -t 120 line <&"${MGC[0]}" || true
	echo "$line"
}
unhex() {
	python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))'
}
ip netns exec ms-gw "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
pid[mgd]=$!
reg=$(mgc register)
echo "megaco: $reg"
[ "$reg" = "registered restart 901" ] ||
	{ cat "$T/mgd.log" "$T/mgc.err"; echo "demo: no registration"; exit 1; }

step "set up $NCALLS calls over H.248 (an Add of each side in a new context, SDES keys in SDP)"
for c in $(seq "$NCALLS"); do
	call_info "$c"
	head -c "$(key_len "$suite")" /dev/urandom > "$T/call$c.ue.key"
	r=""; [ "$fam" = 6 ] && r=6
	line=$(mgc add access$r $ue $uport "$suite" "$(base64 -w0 "$T/call$c.ue.key")" - \
		core$r $core $mport)
	# shellcheck disable=SC2086
	set -- $line
	[ "${1:-}" = added ] ||
		{ echo "megaco: ${line:0:300}"; cat "$T/mgd.log"; echo "demo: Add refused"; exit 1; }
	CTX[$c]=$2 APORT[$c]=$4 CPORT[$c]=$7
	printf %s "$5" | unhex > "$T/call$c.gw.key"
	call_info "$c"
	printf 'call %d  IPv%s  %-24s context %s: %s %s, %s %s\n' "$c" "$fam" "$suite" \
		"$2" "$3" "$(ep $gwa $aport)" "$6" "$(ep $gwc $cport)"
	printf '        phone %s <-SRTP-> %s AGW %s <-RTP-> %s core\n' \
		"$(ep $ue $uport)" "$(ep $gwa $aport)" "$(ep $gwc $cport)" "$(ep $core $mport)"
done
echo
echo "mediasecd's log (keys never appear in it):"
sed 's/^/  /' "$T/mgd.log"
echo "\$ mediasec -n ms-gw ctx show    (keys are write-only: never shown)"
"$MS" -n ms-gw ctx show
echo "\$ mediasec -n ms-gw flow show    (RTP and RTCP flows of each call)"
"$MS" -n ms-gw flow show

step "capture: dumpcap on ue0 (access link, in ms-ue) and c0 (core link, in ms-core)"
# On the gateway's side of either link nothing could be seen: frames that
# XDP redirects never enter access0's or core0's stack, and a frame sent by
# ndo_xdp_xmit passes no packet tap.  The far ends see them all: ue0 and c0
# tap what they send, and what XDP redirects to them they receive through
# their NAPI and stack.  dumpcap, not tshark, captures: tshark needs ~20 s
# of emulated CPU to load its dissectors before it opens the interface.
CAPN=$((2 * NCALLS * N))
for l in "ms-ue ue0 access" "ms-core c0 core"; do
	set -- $l
	ip netns exec "$1" dumpcap -i "$2" -f udp -a packets:$CAPN \
		-a duration:120 -w "$T/$3.pcapng" > "$T/$3.cap.log" 2>&1 &
	pid[cap.$3]=$!
done
# "File:" comes once the capture socket is open and filtering.
wait_for 60 grep -q '^File:' "$T/access.cap.log" ||
	{ cat "$T/access.cap.log"; echo "demo: the capture did not start"; exit 1; }
wait_for 60 grep -q '^File:' "$T/core.cap.log" ||
	{ cat "$T/core.cap.log"; echo "demo: the capture did not start"; exit 1; }
cat "$T/access.cap.log" "$T/core.cap.log"

step "media: $NCALLS calls at once, $N packets each way per call at $RATE packets/s"
for c in $(seq "$NCALLS"); do
	call_info "$c"
	ip netns exec ms-ue "$EP" call $ue $uport $gwa $aport $N rate $RATE \
		suite "$suite" key-file "$T/call$c.ue.key" ssrc $ph_ssrc \
		rx-key-file "$T/call$c.gw.key" rx-ssrc $co_ssrc \
		timeout 20 start-file "$T/go" > "$T/call$c.phone.out" 2>&1 &
	pid[phone.$c]=$!
	ip netns exec ms-core "$EP" call $core $mport $gwc $cport $N rate $RATE \
		ssrc $co_ssrc rx-ssrc $ph_ssrc \
		timeout 20 start-file "$T/go" > "$T/call$c.core.out" 2>&1 &
	pid[core.$c]=$!
done
# Every endpoint listens before any sends.
wait_for 60 bound ms-ue "$NCALLS" && wait_for 60 bound ms-core "$NCALLS" ||
	{ echo "demo: endpoints did not start"; exit 1; }
red0=$(xdp_redirects)
t0=$(date +%s.%N)
touch "$T/go"
fail=0
for e in "${!pid[@]}"; do
	case $e in phone.* | core.*) wait "${pid[$e]}" && rc[$e]=0 || rc[$e]=$? ;; esac
done
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "all endpoints done after %.1f s\n\n", b - a }'
printf '%-6s %-5s %-24s %-42s %s\n' call fam suite \
	"phone -> core (RTP, checked in the core)" \
	"core -> phone (SRTP, checked by the phone)"
for c in $(seq "$NCALLS"); do
	call_info "$c"
	verdict=ok
	[ "${rc[phone.$c]}" = 0 ] && [ "${rc[core.$c]}" = 0 ] ||
		{ verdict=FAILED; fail=1; }
	printf '%-6s %-5s %-24s %-42s %s  %s\n' "$c" "IPv$fam" "$suite" \
		"$(tr '\n' ' ' < "$T/call$c.core.out" | sed 's/ $//')" \
		"$(tr '\n' ' ' < "$T/call$c.phone.out" | sed 's/ $//')" "$verdict"
done

step "the gateway's statistics (mediasec stats, flow show, dev show)"
echo "\$ mediasec -n ms-gw stats"
"$MS" -n ms-gw stats
echo "\$ mediasec -n ms-gw flow show"
"$MS" -n ms-gw flow show
echo "\$ mediasec -n ms-gw dev show"
"$MS" -n ms-gw dev show
# Each flow carried its N packets and dropped none, and all took the XDP
# path (XDP_REDIRECT), not the kernel's stack.
bad_flows=$("$MS" -n ms-gw -j flow show | python3 -c "
import json, sys
print(' '.join(str(f['id']) for f in json.load(sys.stdin) if f['kind'] == 'rtp'
               and (f['stats']['packets'] != $N or f['stats']['drops'] != 0)))")
red=$(($(xdp_redirects) - red0))
echo
if [ -z "$bad_flows" ]; then
	echo "every RTP flow: $N packets, 0 drops (no RTCP was sent)"
else
	echo "RTP flows without exactly $N packets and 0 drops: $bad_flows"
	fail=1
fi
echo "XDP redirects during the calls: $red of $CAPN packets"
[ "$red" = $CAPN ] || fail=1

step "the captures"
for l in access core; do
	p=${pid[cap.$l]}
	wait_for 20 sh -c "! kill -0 $p 2>/dev/null" || kill -INT "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
done
for l in "access ue0 ms-ue" "core c0 ms-core"; do
	set -- $l
	got=$(tr '\r' '\n' < "$T/$1.cap.log" | sed -n 's/^Packets captured: //p')
	drops=$(sed -n 's|^Packets received/dropped on interface [^:]*: [0-9]*/\([0-9]*\) .*|\1|p' \
		"$T/$1.cap.log")
	echo "$1 link ($2 in $3): ${got:-0} of $CAPN UDP packets captured, ${drops:-?} dropped by the capture"
	[ "${got:-0}" = $CAPN ] || fail=1
done
if [ -n "$KEEP" ] && mkdir -p "$KEEP" 2>/dev/null; then
	cp "$T/access.pcapng" "$T/core.pcapng" "$KEEP/" &&
		chmod 644 "$KEEP/access.pcapng" "$KEEP/core.pcapng" &&
		echo "kept as $KEEP/access.pcapng and $KEEP/core.pcapng"
fi
# One tshark pass over both captures merged (tshark needs a long time of
# emulated CPU to start).  The media ports are decoded as RTP: SRTP keeps
# the RTP header in the clear.
mergecap -w "$T/both.pcapng" "$T/access.pcapng" "$T/core.pcapng"
tshark -n -r "$T/both.pcapng" -d udp.port==6002-6098,rtp \
	-d udp.port==20002-20098,rtp -T fields -E separator='|' \
	-e frame.interface_name -e ip.src -e ipv6.src -e udp.srcport \
	-e ip.dst -e ipv6.dst -e udp.dstport -e udp.length -e rtp.ssrc \
	-e rtp.seq -e rtp.payload -z rtp,streams \
	> "$T/tshark.out" 2> "$T/tshark.err" || { cat "$T/tshark.err"; fail=1; }
# show IFNAME NET: the first packet of each stream captured on IFNAME, in
# call order, then the streams from or to NET as tshark's RTP analysis
# counts them (packets, and lost by sequence number).
show() {
	echo "first packet of each stream (each call: the phone's, then the core's):"
	awk -F'|' -v i="$1" '
	function ep(a, p) { return (index(a, ":") ? "[" a "]" : a) ":" p }
	NF == 11 && $1 == i && $9 != "" && !seen[$9]++ {
		p = $11; gsub(":", "", p)
		# calls in order; in each, the phone (0x1111....) before the core
		printf "%s%d\t  %-22s -> %-22s udp %3d  ssrc %s  seq %5d  payload %s...\n",
			substr($9, 7), substr($9, 3, 4) != "1111",
			ep($2 $3, $4), ep($5 $6, $7), $8, $9, $10, substr(p, 1, 24)
	}' "$T/tshark.out" | sort | cut -f2-
	echo "tshark -z rtp,streams:"
	streams "$2" | awk '{
		src = (index($3, ":") ? "[" $3 "]" : $3) ":" $4
		dst = (index($5, ":") ? "[" $5 "]" : $5) ":" $6
		printf "%s%d\t  %-22s -> %-22s ssrc %s  %s packets, %s lost\n",
			substr($7, 7), substr($7, 3, 4) != "1111", src, dst, $7, $9, $10
	}' | sort | cut -f2-
}
# streams NET: tshark's lines for the RTP streams from NET (a regex).
streams() {
	awk -v net="$1" '
	/RTP Streams/ { on = 1; next }
	on && /^=+$/ { exit }
	on && $1 ~ /^[0-9.]+$/ && ($3 ~ net || $5 ~ net)' "$T/tshark.out"
}
ACCESS_NET='^(192[.]0[.]2[.]|2001:db8:a:)'
CORE_NET='^(198[.]51[.]100[.]|2001:db8:c:)'
step "tshark, access link (ue0): SRTP"
echo "The RTP header is in the clear; the payload is ciphertext followed by the"
echo "authentication tag: UDP length 190 (80-bit tag), 196 (GCM, 16-byte tag),"
echo "184 (32-bit tag), against 180 for the same packets as RTP on the core link."
show ue0 "$ACCESS_NET"
step "tshark, core link (c0): RTP, the same media in the clear"
show c0 "$CORE_NET"
# Every stream complete on both links, as tshark sees it.
for l in "access $ACCESS_NET" "core $CORE_NET"; do
	set -- $l
	full=$(streams "$2" | awk -v n=$N '$9 == n && $10 == 0 { k++ }
		END { print k + 0 }')
	[ "$full" = $((2 * NCALLS)) ] ||
		{ echo "tshark: $full of $((2 * NCALLS)) streams complete on the $1 link"; fail=1; }
done
call_info 1
echo
echo "call 1, the phone's first packet (ssrc $ph_ssrc, seq 65000) on both links:"
for l in "access ue0" "core c0"; do
	set -- $l
	awk -F'|' -v s="$ph_ssrc" -v i="$2" -v l="$1" \
		'$1 == i && $9 == s && $10 == 65000 {
		p = $11; gsub(":", "", p)
		printf "  %-6s udp %3d  payload %s...\n", l, $8, substr(p, 1, 48)
		exit }' "$T/tshark.out"
done
echo "(on the core link: the phone's bytes, which the core endpoint checked one by one)"

msrp_session

step "hang up: Subtract over H.248, with each side's statistics; detach, unload"
for c in $(seq "$NCALLS"); do
	line=$(mgc subtract "${CTX[$c]}")
	echo "call $c: ${line:0:300}"
	case $line in subtracted*"rtp/pr=$N "*) ;; *) fail=1 ;; esac
done
left=$("$MS" -n ms-gw -j flow show | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
echo "flows left in the kernel: $left"
[ "$left" = 0 ] || fail=1
mgc quit > /dev/null
kill "${pid[mgd]}"
wait "${pid[mgd]}" 2>/dev/null || true
"$MS" -n ms-gw dev detach access0
"$MS" -n ms-gw dev detach core0
for n in $NS; do ip netns del "$n"; done
ms_unload
ms_nothing_left && echo "module unloaded, nothing left behind"

echo
if [ "$fail" = 0 ]; then
	echo "demo: PASSED: $NCALLS calls, $N packets each way, all intact, all through XDP;"
	echo "      an MSRP session, TLS on the access link, MSRP in the clear on the core link"
	exit 0
fi
echo "demo: FAILED (see above)"
exit 1
