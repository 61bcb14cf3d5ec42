#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data-path benchmark, inside the guest (make bench-dp; method and
# figures in docs/performance.md).  For each case, mediasec's XDP path
# ("ours": flows through the CLI, mediasec dev attach) and the userspace
# relay a gateway would otherwise run (ms_relay: recvmmsg/sendmmsg, on
# libsrtp2 for SRTP; no XDP attached), one after the other on the same
# topology, with the same pre-built 172-byte packets at the same offered
# load:
#
#  ns ue                  ns gw (the gateway)                          ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
#  gu1 (redirect to ue0)                                      gc1 (redirect to c0)
#   ^ ns genu: gu0 192.0.2.2 (ms_blast)       ns genc: gc0 198.51.100.2 (ms_blast) ^
#
# The generator sends from its own namespace into gu1 / gc1, whose XDP
# program redirects each frame out of ue0 / c0: the gateway receives XDP
# frames, as from a NIC (a datagram sent from a socket straight into ue0
# would reach access0 as a locally built skb, which veth copies into a new
# page before the gateway's XDP program may see it - a cost of the test
# rig, not of a gateway).
#
# Every veth has GRO on and threaded NAPI, so each receive queue is polled
# by its own kernel thread (napi/<dev>-<id>) instead of in the softirq of
# whichever task raised it.  The gateway's CPU time is then exactly
# (schedstat, ns) that of its threads: napi/access0-*, napi/core0-* and,
# for the userspace case, the relay process.  The generator (ms_blast, in
# ue or core) and the sink (an XDP program on ue0 / c0 that drops UDP,
# polled by napi/ue0-* / napi/c0-*) are not counted.
#
# The policies case (MEDIASEC_BENCH_CASES=policies; not by default): the
# srtp-to-rtp flow with every media policy on against none, ours only, in
# turn, as a comment line: the host's noise on the whole path is larger
# than the difference (docs/performance.md); the bench line "policies
# on/off" is ms_pbench's (make bench-kernel).
#
# Per case and contender: phase 1 offers RATE pps for SECS seconds in
# bursts of 16 (gateway CPU per forwarded packet); phase 2 sends the next
# MAXN packets as fast as the generator can (forwarded pps under overload).
set -u
TOP=$(readlink -f "$(dirname "$0")/..")
O=${MEDIASEC_O:-$TOP/build}
MS=$O/userspace/mediasec
BLAST=$O/bench/ms_blast
RELAY=$O/bench/ms_relay
SINK=$O/bpf/bench_sink.bpf.o
RATE=${MEDIASEC_BENCH_RATE:-5000}
SECS=${MEDIASEC_BENCH_SECONDS:-10}
MAXN=${MEDIASEC_BENCH_MAX_PACKETS:-60000}
BURST=${MEDIASEC_BENCH_BURST:-16}
CASES=${MEDIASEC_BENCH_CASES:-"forward srtp-to-rtp rtp-to-srtp"}
POLICY_ROUNDS=${MEDIASEC_BENCH_POLICY_ROUNDS:-3}
SUITE=AES_CM_128_HMAC_SHA1_80
UE=ms-bench-ue GW=ms-bench-gw CORE=ms-bench-core
GENU=ms-bench-genu GENC=ms-bench-genc
T=$(mktemp -d)
NPHASE1=$((RATE * SECS))

cleanup() {
	[ -n "${RPID:-}" ] && kill "$RPID" 2>/dev/null
	"$MS" -n $GW dev detach access0 2>/dev/null
	"$MS" -n $GW dev detach core0 2>/dev/null
	for n in $UE $GW $CORE $GENU $GENC; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
die() { echo "bench-dp: $*" >&2; exit 1; }

[ -d /sys/module/mediasec ] || insmod "$O/kbuild/kmod/mediasec.ko" ||
	die "cannot load mediasec.ko"

# --- topology (that of selftests/dp_calls.sh, IPv4) ---
for n in $UE $GW $CORE; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add ue0 netns $UE type veth peer name access0 netns $GW
ip link add core0 netns $GW type veth peer name c0 netns $CORE
ip -n $UE addr add 192.0.2.2/24 dev ue0
ip -n $GW addr add 192.0.2.1/24 dev access0
ip -n $GW addr add 198.51.100.1/24 dev core0
ip -n $CORE addr add 198.51.100.2/24 dev c0
for l in "$UE ue0" "$GW access0" "$GW core0" "$CORE c0"; do
	set -- $l
	ip -n "$1" link set "$2" up
	ip netns exec "$1" ethtool -K "$2" gro on
	ip netns exec "$1" sh -c "echo 1 > /sys/class/net/$2/threaded" ||
		die "no threaded NAPI on $2"
done
ip netns exec $GW sysctl -qw net.ipv4.ip_forward=1
for a in 192.0.2.2 198.51.100.2; do
	ip netns exec $GW ping -c 1 -W 2 "$a" > /dev/null || die "no route to $a"
done
ip netns exec $UE ping -c 1 -W 2 192.0.2.1 > /dev/null
ip netns exec $CORE ping -c 1 -W 2 198.51.100.1 > /dev/null
ip -n $UE link set dev ue0 xdpdrv obj "$SINK" sec xdp || die "sink on ue0"
ip -n $CORE link set dev c0 xdpdrv obj "$SINK" sec xdp || die "sink on c0"
# The generators' namespaces, and the injectors.
inject() {	# GENNS DEV ADDR/LEN NS PEER DEV2 GWADDR GWDEV
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
	# Full UDP checksums in the packets: an XDP frame carries no
	# "checksum partial" state, and the gateway's stack checks them.
	ip netns exec "$1" ethtool -K "$2" tx off > /dev/null
	ip -n "$1" neigh replace "$7" dev "$2" nud permanent lladdr \
		"$(ip netns exec $GW cat "/sys/class/net/$8/address")"
	ip netns exec "$4" "$BLAST" redirect "$5" "$6" || die "injector $5"
}
inject $GENU gu0 192.0.2.2/24 $UE gu1 ue0 192.0.2.1 access0
inject $GENC gc0 198.51.100.2/24 $CORE gc1 c0 198.51.100.1 core0
sysctl -qw kernel.bpf_stats_enabled=1

head -c 30 /dev/urandom > "$T/ue.key"	# the UE's key (UE -> gateway)
head -c 30 /dev/urandom > "$T/gw.key"	# the gateway's key (gateway -> UE)

# --- measuring ---
threads() {	# DEV...: the pids of the NAPI threads of these devices
	local p c d
	for p in /proc/[0-9]*; do
		c=$(cat "$p/comm" 2>/dev/null) || continue
		for d in "$@"; do
			case $c in "napi/$d-"*) echo "${p#/proc/}" ;; esac
		done
	done
}
cpu_ns() {	# PID...: their CPU time in ns, summed (exact: schedstat)
	local p s=0 v
	for p in "$@"; do
		read -r v _ < "/proc/$p/schedstat" && s=$((s + v))
	done
	echo $s
}
busy_ns() {	# the guest's busy time, all CPUs: elapsed x CPUs - idle
	local _c u n s i w up
	read -r _c u n s i w _ < /proc/stat
	read -r up _ < /proc/uptime
	echo $(( (${up/./} * $(nproc) - i - w) * 10000000 ))
}
sink_count() {	# NS DEV: UDP packets the sink dropped, i.e. that arrived
	ip netns exec "$1" ethtool -S "$2" |
		awk '/rx_queue_[0-9]+_xdp_drops:/ { s += $2 } END { print s + 0 }'
}
xdp_stats() {	# run_time_ns run_cnt of the mediasec XDP programs
	bpftool -j prog show | python3 -c "
import json, sys
t = c = 0
for p in json.load(sys.stdin):
    if p.get('name', '').startswith('mediasec'):
        t += p.get('run_time_ns', 0); c += p.get('run_cnt', 0)
print(t, c)"
}

# run WHO GENNS GENARGS...: one contender's two phases.  Sets R_NS (gateway
# CPU ns per forwarded packet), R_PPS (forwarded pps in phase 2), R_LINE
# (a comment line).
run() {
	local who=$1 gns=$2 sns=$3 sdev=$4
	shift 4
	local gen=("$@") gw_pids sink_pids c0 c1 s0 s1 b0 b1 k0 k1 x0 x1 out
	local gen_ns fw sent2 t2 out2 f2 xdp=

	gw_pids="$(threads access0 core0) ${RPID:-}"
	sink_pids=$(threads ue0 c0)
	x0=($(xdp_stats))
	s0=$(sink_count "$sns" "$sdev")
	k0=$(cpu_ns $sink_pids)
	c0=$(cpu_ns $gw_pids)
	b0=$(busy_ns)
	out=$(ip netns exec "$gns" "$BLAST" send "${gen[@]}" count $NPHASE1 \
		rate $RATE burst $BURST)
	sleep 0.5
	b1=$(busy_ns)
	c1=$(cpu_ns $gw_pids)
	k1=$(cpu_ns $sink_pids)
	s1=$(sink_count "$sns" "$sdev")
	x1=($(xdp_stats))
	fw=$((s1 - s0))
	[ $fw -gt 0 ] || die "$who: nothing arrived ($out)"
	gen_ns=$(echo "$out" | sed -n 's/.*cpu \([0-9]*\) ns.*/\1/p')
	R_NS=$(((c1 - c0) / fw))
	[ "$who" = ours ] && [ $((x1[1] - x0[1])) -gt 0 ] &&
		xdp="; XDP program $(((x1[0] - x0[0]) / (x1[1] - x0[1]))) ns/run (bpf_stats)"
	R_LINE="$who: forwarded $fw of $NPHASE1 at $RATE pps, gateway $((
		(c1 - c0) / 1000000)) ms cpu, $R_NS ns/pkt; cross-check:\
 guest busy - generator - sink = $(((b1 - b0 - gen_ns - (k1 - k0)) / fw))\
 ns/pkt$xdp"

	s0=$(sink_count "$sns" "$sdev")
	c0=$(cpu_ns $gw_pids)
	out2=$(ip netns exec "$gns" "$BLAST" send "${gen[@]}" first $NPHASE1 \
		count $MAXN burst $BURST)
	sleep 0.5
	c1=$(cpu_ns $gw_pids)
	s1=$(sink_count "$sns" "$sdev")
	sent2=$(echo "$out2" | sed -n 's/.*sent \([0-9]*\) in.*/\1/p')
	t2=$(echo "$out2" | sed -n 's/.* in \([0-9.]*\) s,.*/\1/p')
	f2=$((s1 - s0))
	[ $f2 -gt 0 ] || die "$who: nothing arrived under overload ($out2)"
	R_PPS=$(python3 -c "print(round($f2 / $t2))")
	R_OFFER=$(python3 -c "print(round($sent2 / $t2))")
	R_LINE="$R_LINE; overload: forwarded $f2 of $sent2 offered at\
 $R_OFFER pps, $R_PPS pps, gateway $(((c1 - c0) / f2)) ns/pkt"
}

attach() {
	"$MS" -n $GW dev attach access0 mode native &&
		"$MS" -n $GW dev attach core0 mode native || die "attach"
}
detach() {
	"$MS" -n $GW dev detach access0
	"$MS" -n $GW dev detach core0
}
relay_start() {	# ARGS...
	ip netns exec $GW "$RELAY" "$@" > "$T/relay.out" &
	RPID=$!
	for _ in $(seq 50); do
		grep -q ready "$T/relay.out" 2>/dev/null && return
		sleep 0.1
	done
	die "relay did not start"
}
relay_stop() {
	kill "$RPID"
	wait "$RPID"
	RPID=
	sed 's/^/# /' "$T/relay.out"
}

NTOTAL=$((NPHASE1 + MAXN))
"$BLAST" gen "$T/rtp.bin" $NTOTAL || die "gen"
"$BLAST" gen "$T/srtp.bin" $NTOTAL suite $SUITE key-file "$T/ue.key" ||
	die "gen"
echo "# offered load $RATE pps for ${SECS} s, then $MAXN packets unpaced;" \
	"172-byte RTP, $SUITE"

UE_TX="192.0.2.2 6000 192.0.2.1 40000"
CORE_TX="198.51.100.2 7000 198.51.100.1 30000"

# policies_flow on|off: the srtp-to-rtp flow, with every media policy (a
# gate that lets the UE in, a policer far above the offered load, a DS
# code point, RTP loss and jitter counted) or none; a new context each
# time (the same packets again would be replays).
policies_flow() {
	local pol=()
	[ "$1" = on ] && pol=(gate-addr 192.0.2.2/32 gate-port 6000
		police-rate 100000000 police-burst 1000000 dscp 46
		clock-rate 8000)
	"$MS" -n $GW ctx add 1 dir rx suite $SUITE &&
	"$MS" -n $GW key add ctx 1 key-file "$T/ue.key" &&
	"$MS" -n $GW flow add 1 action srtp-to-rtp local 192.0.2.1 \
		lport 40000 remote 192.0.2.2 rport 6000 rx-ctx 1 \
		saddr 198.51.100.1 sport 30000 daddr 198.51.100.2 \
		dport 7000 "${pol[@]}" || die "flow"
}

# The data path's cost with every policy on against none, the same
# traffic, in turn, POLICY_ROUNDS rounds: the medians.
policies_case() {
	local r mode on=() off=()
	for r in $(seq "$POLICY_ROUNDS"); do
		for mode in off on; do
			policies_flow $mode
			attach
			run ours $GENU $CORE c0 $UE_TX "$T/srtp.bin"
			echo "# policies $mode, round $r: $R_LINE"
			[ $mode = on ] && on+=($R_NS) || off+=($R_NS)
			detach
			"$MS" -n $GW flow del 1
			"$MS" -n $GW ctx del 1
		done
	done
	python3 - "${on[*]}" "${off[*]}" <<-'PY'
	import statistics, sys
	on = statistics.median(int(x) for x in sys.argv[1].split())
	off = statistics.median(int(x) for x in sys.argv[2].split())
	print(f"# whole path, policies on/off: on {on:.0f} ns/pkt cpu, "
	      f"off {off:.0f} ns/pkt cpu, ratio {on / max(off, 1):.2f}")
	PY
}

for c in $CASES; do
	if [ "$c" = policies ]; then
		policies_case
		continue
	fi
	case $c in
	forward)
		"$MS" -n $GW flow add 1 action forward local 192.0.2.1 \
			lport 40000 remote 192.0.2.2 rport 6000 \
			saddr 198.51.100.1 sport 30000 daddr 198.51.100.2 \
			dport 7000 || die "flow"
		gns=$GENU sns=$CORE sdev=c0 gen="$UE_TX $T/rtp.bin"
		rargs="forward 192.0.2.1 40000 198.51.100.1 30000 198.51.100.2 7000"
		;;
	srtp-to-rtp)
		"$MS" -n $GW ctx add 1 dir rx suite $SUITE &&
		"$MS" -n $GW key add ctx 1 key-file "$T/ue.key" &&
		"$MS" -n $GW flow add 1 action srtp-to-rtp local 192.0.2.1 \
			lport 40000 remote 192.0.2.2 rport 6000 rx-ctx 1 \
			saddr 198.51.100.1 sport 30000 daddr 198.51.100.2 \
			dport 7000 || die "flow"
		gns=$GENU sns=$CORE sdev=c0 gen="$UE_TX $T/srtp.bin"
		rargs="srtp-to-rtp 192.0.2.1 40000 198.51.100.1 30000 198.51.100.2 7000 suite $SUITE key-file $T/ue.key"
		;;
	rtp-to-srtp)
		"$MS" -n $GW ctx add 2 dir tx suite $SUITE &&
		"$MS" -n $GW key add ctx 2 key-file "$T/gw.key" &&
		"$MS" -n $GW flow add 2 action rtp-to-srtp local 198.51.100.1 \
			lport 30000 remote 198.51.100.2 rport 7000 tx-ctx 2 \
			saddr 192.0.2.1 sport 40000 daddr 192.0.2.2 \
			dport 6000 || die "flow"
		gns=$GENC sns=$UE sdev=ue0 gen="$CORE_TX $T/rtp.bin"
		rargs="rtp-to-srtp 198.51.100.1 30000 192.0.2.1 40000 192.0.2.2 6000 suite $SUITE key-file $T/gw.key"
		;;
	*) die "unknown case $c" ;;
	esac

	attach
	run ours $gns $sns $sdev $gen
	ours_ns=$R_NS ours_pps=$R_PPS
	echo "# $c $R_LINE"
	detach
	"$MS" -n $GW flow del 1 2>/dev/null
	"$MS" -n $GW flow del 2 2>/dev/null
	"$MS" -n $GW ctx del 1 2>/dev/null
	"$MS" -n $GW ctx del 2 2>/dev/null

	relay_start $rargs
	run userspace $gns $sns $sdev $gen
	us_ns=$R_NS us_pps=$R_PPS
	echo "# $c $R_LINE"
	relay_stop

	echo "bench: $c: ours $ours_ns ns/pkt cpu, userspace $us_ns ns/pkt cpu," \
		"speedup $(python3 -c "print('%.1f' % ($us_ns / max($ours_ns, 1)))")"
	echo "# $c: ours $ours_pps pps, userspace $us_pps pps (forwarded under" \
		"overload, generator unpaced)"
done
