# SPDX-License-Identifier: GPL-2.0
#
# The data-path tests' topology and helpers (sourced after lib.sh):
#
#  ns ue                  ns gw (mediasec XDP on access0, core0)       ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
#      2001:db8:a::2             2001:db8:a::1 | 2001:db8:c::1             2001:db8:c::2
#
# With VLAN set, the access link carries VLAN 100: the addresses sit on
# ue0.100 and access0.100 and the tags are in the frames (no offload).
# With DP_MODE=tc the gateway runs the TC program instead of XDP, and no
# neighbour is resolved beforehand.  DP_QUEUES=N gives the access link N
# queues, CPU i sending on queue i.

MS=$MS_O/userspace/mediasec
EP=$MS_O/selftests/ms_endpoint
UE=ms-dp-ue-$$ GW=ms-dp-gw-$$ CORE=ms-dp-core-$$
VLAN=${VLAN:-}
T=$(mktemp -d)

dp_cleanup() {
	# Pinned XDP links hold the program, and it the module: unpin first.
	"$MS" -n $GW dev detach access0 2>/dev/null
	"$MS" -n $GW dev detach core0 2>/dev/null
	for n in $UE $GW $CORE; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}

dp_topology() {
	for n in $UE $GW $CORE; do ip netns add "$n"; ip -n "$n" link set lo up; done
	# DP_QUEUES: the access link's queues (several CPUs feeding one flow
	# through XDP need as many NAPI instances; XPS maps CPU i to queue i).
	local q=${DP_QUEUES:+numtxqueues $DP_QUEUES numrxqueues $DP_QUEUES}
	ip link add ue0 netns $UE $q type veth peer name access0 netns $GW $q
	if [ -n "${DP_QUEUES:-}" ]; then
		local i
		for i in $(seq 0 $((DP_QUEUES - 1))); do
			ip netns exec $UE sh -c "printf %x $((1 << i)) > \
				/sys/class/net/ue0/queues/tx-$i/xps_cpus"
		done
	fi
	ip link add core0 netns $GW type veth peer name c0 netns $CORE
	UEDEV=ue0 ACCDEV=access0
	if [ -n "$VLAN" ]; then
		ip -n $UE link add link ue0 name ue0.100 type vlan id 100
		ip -n $GW link add link access0 name access0.100 type vlan id 100
		# Tags in the frames, where XDP sees them.
		ip netns exec $UE ethtool -K ue0 txvlan off rxvlan off > /dev/null
		ip netns exec $GW ethtool -K access0 txvlan off rxvlan off > /dev/null
		ip -n $UE link set ue0.100 up
		ip -n $GW link set access0.100 up
		UEDEV=ue0.100 ACCDEV=access0.100
	fi
	ip -n $UE addr add 192.0.2.2/24 dev $UEDEV
	ip -n $UE addr add 2001:db8:a::2/64 dev $UEDEV nodad
	ip -n $GW addr add 192.0.2.1/24 dev $ACCDEV
	ip -n $GW addr add 2001:db8:a::1/64 dev $ACCDEV nodad
	ip -n $GW addr add 198.51.100.1/24 dev core0
	ip -n $GW addr add 2001:db8:c::1/64 dev core0 nodad
	ip -n $CORE addr add 198.51.100.2/24 dev c0
	ip -n $CORE addr add 2001:db8:c::2/64 dev c0 nodad
	for l in "$UE ue0" "$GW access0" "$GW core0" "$CORE c0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	[ -z "$VLAN" ] || ip -n $UE link set ue0.100 up
	[ -z "$VLAN" ] || ip -n $GW link set access0.100 up
	# The gateway is each side's router, for traffic of no flow.
	ip -n $UE route add default via 192.0.2.1
	ip -n $UE -6 route add default via 2001:db8:a::1
	ip -n $CORE route add default via 198.51.100.1
	ip -n $CORE -6 route add default via 2001:db8:c::1
	ip netns exec $GW sysctl -qw net.ipv4.ip_forward=1
	ip netns exec $GW sysctl -qw net.ipv6.conf.all.forwarding=1
	# XDP_REDIRECT into a veth needs NAPI on the receiving peer.
	ip netns exec $UE ethtool -K ue0 gro on
	ip netns exec $CORE ethtool -K c0 gro on
	if [ "${DP_MODE:-xdp}" = tc ]; then
		"$MS" -n $GW dev attach access0 mode tc
		"$MS" -n $GW dev attach core0 mode tc
		return
	fi
	"$MS" -n $GW dev attach access0
	"$MS" -n $GW dev attach core0
	# Neighbours known, so the FIB answers from the first packet (one
	# answered ping each; a busy machine may miss the first one's 2 s).
	for a in 192.0.2.2 198.51.100.2 2001:db8:a::2 2001:db8:c::2; do
		wait_until 30 ip netns exec $GW ping -c 1 -W 2 "$a" > /dev/null
	done
}

# The counters from the CLI's text with awk, not its JSON with python:
# under emulation a python start costs a second or more, and these run
# around every stream.
xdp_count() {	# NAME [tc]: the gateway's XDP (or TC) counter, all devices
	"$MS" -n $GW dev show | awk -v l="${2:-xdp}" -v k="$1" '
$1 == l { for (i = 2; i < NF; i += 2) if ($i == k) s += $(i + 1) }
END { print s + 0 }'
}
# dp_vlan_topology: the topology again, with VLAN 100 on the access link.
dp_vlan_topology() {
	dp_cleanup
	VLAN=1 T=$(mktemp -d)
	dp_topology
}

# unresolved_calls FAMILY LABEL: one e2ae call each way with the gateway's
# neighbours flushed before each, so the first packets wait for ARP/ND (the
# UE and the core know the gateway for good, so that no probe of theirs
# teaches the gateway their address in between); two
# checks, each N of N intact ($N packets, suite $S, new keys in
# $T/ue.key and $T/gw.key).  Each also checks how the packets left: under TC
# (DP_MODE=tc) by the program's bpf_redirect_neigh(), all of them (the
# second check); under XDP, those the FIB could not place yet through the
# stack's output (bpf_mediasec_xdp_output(), counted "output"): at least
# the first of each direction.
unresolved_calls() {
	local ue gwa gwc core rc mode=${DP_MODE:-xdp} label=XDP
	local red0 red1 out0 out1 out2
	[ $mode = tc ] && label=TC
	if [ $1 = 4 ]; then
		ue=192.0.2.2 gwa=192.0.2.1 gwc=198.51.100.1 core=198.51.100.2
	else
		ue=2001:db8:a::2 gwa=2001:db8:a::1 gwc=2001:db8:c::1 core=2001:db8:c::2
	fi
	head -c 30 /dev/urandom > "$T/ue.key"
	head -c 30 /dev/urandom > "$T/gw.key"
	"$MS" -n $GW ctx add 1 dir rx suite $S
	"$MS" -n $GW key add ctx 1 key-file "$T/ue.key"
	"$MS" -n $GW ctx add 2 dir tx suite $S
	"$MS" -n $GW key add ctx 2 key-file "$T/gw.key"
	"$MS" -n $GW flow add 1 action srtp-to-rtp local $gwa lport 40000 \
		remote $ue rport 6000 rx-ctx 1 saddr $gwc sport 30000 \
		daddr $core dport 7000
	"$MS" -n $GW flow add 2 action rtp-to-srtp local $gwc lport 30000 \
		remote $core rport 7000 tx-ctx 2 saddr $gwa sport 40000 \
		daddr $ue dport 6000
	ip -n $UE neigh replace $gwa dev $UEDEV nud permanent lladdr \
		"$(ip -n $GW -br link show $ACCDEV | awk '{ print $3 }')"
	ip -n $CORE neigh replace $gwc dev c0 nud permanent lladdr \
		"$(ip -n $GW -br link show core0 | awk '{ print $3 }')"
	# Nothing resolved: the first packets wait for ARP/ND.
	ip -n $GW neigh flush all
	red0=$(xdp_count redirect $mode)
	out0=$(xdp_count output)

	ip netns exec $CORE "$EP" recv $core 7000 $N timeout 20 first-timeout 60 > "$T/out" &
	rpid=$!
	wait_bound $CORE 7000
	ip netns exec $UE "$EP" send $ue 6000 $gwa 40000 $N rate 400 \
		suite $S key-file "$T/ue.key"
	wait $rpid
	rc=$?
	out1=$(xdp_count output)
	if [ $mode = tc ]; then
		ms_check "$label, $2: UE SRTP -> core RTP, $N of $N intact" test $rc = 0
	else
		ms_check "$label, $2: UE SRTP -> core RTP, $N of $N intact, the first through the stack's output" \
			sh -c "test $rc = 0 && test $((out1 - out0)) -ge 1"
	fi
	sed 's/^/# /' "$T/out"

	ip netns exec $UE "$EP" recv $ue 6000 $N timeout 20 first-timeout 60 suite $S \
		key-file "$T/gw.key" > "$T/out" &
	rpid=$!
	wait_bound $UE 6000
	ip -n $GW neigh flush all
	ip netns exec $CORE "$EP" send $core 7000 $gwc 30000 $N rate 400
	wait $rpid
	rc=$?
	sed 's/^/# /' "$T/out"
	red1=$(xdp_count redirect $mode)
	out2=$(xdp_count output)
	echo "# $label redirects: $((red1 - red0)), through the stack's output: $((out1 - out0)) and $((out2 - out1))"
	if [ $mode = tc ]; then
		ms_check "$label, $2: core RTP -> UE SRTP, $N of $N intact, via TC" \
			sh -c "test $rc = 0 && test $((red1 - red0)) -ge $((2 * N))"
	else
		ms_check "$label, $2: core RTP -> UE SRTP, $N of $N intact, the first through the stack's output" \
			sh -c "test $rc = 0 && test $((out2 - out1)) -ge 1"
	fi
	"$MS" -n $GW flow del 1
	"$MS" -n $GW flow del 2
	"$MS" -n $GW ctx del 1
	"$MS" -n $GW ctx del 2
}

flow_stat() {	# ID FIELD (packets, bytes, drops, tx_bytes, gate_drops...)
	"$MS" -n $GW flow show "$1" | awk -v k="${2//_/-}" '
$1 == "packets" { for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }'
}

# kcount WHAT: how many contexts (ctx) or flows (flow) the gateway's
# kernel holds.
kcount() {
	"$MS" -n $GW -j "$1" show | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# flow_keys: the gateway's flows as (id, rx context, tx context), sorted.
flow_keys() {
	"$MS" -n $GW -j flow show | python3 -c "
import json, sys
print(sorted((x['id'], x.get('rx_ctx'), x.get('tx_ctx')) for x in json.load(sys.stdin)))"
}

# mgd_conf: mediasecd's configuration for this topology into $T/mgd.conf:
# H.248 on the gateway's loopback, the MGC on port 2945 (UDP, or
# $MGC_TRANSPORT: sctp), the access and core realms, records in $T/state;
# stdin's lines added.
mgd_conf() {
	{
		cat <<-CONF
		mid [192.0.2.1]:2944
		listen 127.0.0.1 2944
		mgc 127.0.0.1 2945${MGC_TRANSPORT:+ $MGC_TRANSPORT}
		realm access 192.0.2.1 40000-40999
		realm core 198.51.100.1 30000-30999
		retry-ms 200
		state-dir $T/state
		CONF
		cat
	} > "$T/mgd.conf"
}

# core_to_ue CPORT COUNT OUT [OPTS...]: the core (198.51.100.2:7000) sends
# COUNT RTP packets, SSRC 0x55667788 at $RATE, to the gateway's core port
# CPORT; the UE (192.0.2.2, port $UE_PORT or 6000) receives them as SRTP
# with OPTS (suite, keys; a "seq N" there is the sender's too).  The UE's
# line goes to OUT; returns its status (0: all intact).  The receiver waits
# up to 60 s for the first packet (the sender may start late on a busy
# machine), then its usual timeout.
core_to_ue() {
	local cport=$1 n=$2 out=$3 seq=65000 prev= a rpid
	local uport=${UE_PORT:-6000}
	shift 3
	for a in "$@"; do [ "$prev" = seq ] && seq=$a; prev=$a; done
	ip netns exec $UE "$EP" recv 192.0.2.2 "$uport" "$n" first-timeout 60 \
		"$@" ssrc 0x55667788 > "$out" &
	rpid=$!
	wait_bound $UE "$uport"
	ip netns exec $CORE "$EP" send 198.51.100.2 7000 198.51.100.1 "$cport" \
		"$n" rate $RATE ssrc 0x55667788 seq "$seq"
	wait $rpid
}

# ue_to_core APORT COUNT OUT [OPTS...]: the UE sends COUNT SRTP packets
# with OPTS (suite, keys, MKIs; a "seq N" there is the receiver's too) at
# $RATE to the gateway's access port APORT; the core receives them as
# RTP, its line to OUT; returns its status (first packet: as core_to_ue).
ue_to_core() {
	local aport=$1 n=$2 out=$3 seq=65000 prev= a rpid
	shift 3
	for a in "$@"; do [ "$prev" = seq ] && seq=$a; prev=$a; done
	ip netns exec $CORE "$EP" recv 198.51.100.2 7000 "$n" seq "$seq" \
		timeout 20 first-timeout 60 > "$out" &
	rpid=$!
	wait_bound $CORE 7000
	ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" "$n" \
		"$@" rate $RATE
	wait $rpid
}

# unhex: hex on stdin to bytes on stdout (keys stay off argv).
unhex() {
	python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))'
}

# wait_bound NS PORT: a receiver's socket is bound (starting one under
# emulation takes a while; a fixed sleep is not a readiness check).  Up to
# 60 s; 1 if it never was.
udp_bound() {	# NS PORT
	ip netns exec "$1" ss -Hnul "sport = :$2" | grep -q .
}
wait_bound() {
	wait_until 60 udp_bound "$1" "$2"
}

# progress_of FILE: the count a receiver keeps in its progress-file (the
# datagrams it has read); fails while the receiver has not made it yet.
progress_of() {
	[ -s "$1" ] && od -An -tu8 -N8 "$1" | tr -d ' '
}

# refused_sum RESULT: packets the gateway's contexts refused for RESULT
# (a counter of "mediasec stats show": unknown_mki, auth_fail...), summed;
# nothing if the CLI or its JSON fails.
refused_sum() {
	"$MS" -n $GW -j stats show | python3 -c '
import json, sys
print(sum(x[sys.argv[1]] for x in json.load(sys.stdin) if "ctx" in x))' "$1"
}

# at_least N CMD...: CMD prints a number of at least N (for wait_until).
at_least() {
	local v
	v=$("${@:2}") && [ "$v" -ge "$1" ] 2>/dev/null
}
