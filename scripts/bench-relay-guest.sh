#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The relay benchmark, inside the guest (make bench-relay; method and
# figures in docs/performance.md).  One boot, the relay tests' topology
# (selftests/relay_lib.sh), the same bytes each way through:
#
# - TLS from the phone ended at the gateway, plaintext to the core:
#   mediasec's kernel relay (tls_gw: GnuTLS handshake, kTLS, RELAY_NEW)
#   against stunnel4, the userspace TLS terminator, with the same suite;
# - TCP relayed unchanged (end-to-end TLS): the kernel relay against a
#   userspace relay moving the bytes with splice() (tcp_splice_relay),
#   and, on a comment line, against socat, the read()/write() relay an
#   operator would otherwise run (64 KB buffer, as the phone writes).
#
# The gateway's CPU: for the kernel relay, the time of the kernel's worker
# threads (kworker, where the relay's work runs) over the transfer; for
# stunnel4, socat and the splice relay, their own user and system time.  The
# gateway's own receive work runs in the peers' softirq, left out on both
# sides (the same packets); the peers' receive work runs, over veth, in
# the softirq of whoever sent to them, so it is counted on both sides
# unless pinned (below).  The TLS handshake is once per session.
#
# Where it runs: by default where the scheduler puts it, the gateway and
# both peers sharing the guest's 2 vCPUs.  MEDIASEC_BENCH_RELAY_PIN=1
# puts the peers on CPU 0 and the gateway on CPU 1 (stunnel4, socat and
# the splice relay by their affinity, the kernel relay's work by its
# workqueue's cpumask, which an operator sets the same way), and the
# peers' receive work on CPU 0 (RPS), as when the phone and the core are
# other machines: the splice relay then costs half as much, and the
# speedups fall (docs/performance.md).
set -u
TOP=$(readlink -f "$(dirname "$0")/..")
export MEDIASEC_O=${MEDIASEC_O:-$TOP/build}
ROUNDS=${MEDIASEC_BENCH_RELAY_ROUNDS:-7}
# Rounds run first and not counted: the first run of every kind was often
# its dearest (cold caches, the first handshakes, the peers' first start),
# by up to half again, stunnel4's as the kernel relay's.
WARMUP=${MEDIASEC_BENCH_RELAY_WARMUP:-1}
. "$TOP/selftests/lib.sh"
. "$TOP/selftests/relay_lib.sh"
trap cleanup EXIT
SPLICE=$MS_O/bench/tcp_splice_relay
RELAY_MB=${MEDIASEC_BENCH_RELAY_MB:-64}
# The transparent relays cost 20 times less per byte: 8 times the bytes,
# so that their CPU time is seconds too.
TCP_MB=$((RELAY_MB * 8))
PRIO="NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM"

# CPU time of all kworker threads, in ns: the scheduler's own sum of each
# thread's run time (/proc/PID/task/TID/schedstat, first field).  The
# utime and stime of /proc/PID/stat are that sum too, but each truncated
# to a clock tick (10 ms), which a dozen workers sharing 0.2 s of work
# turns into an error of tens of per cent.
kworker_ns() {
	kworker_sched | cut -d' ' -f1
}

# The kworkers' three schedstat sums: run time and time waiting for a CPU
# (ns), and runs; for the per-run trace.
kworker_sched() {
	local t comm ns wait n sum=0 wsum=0 nsum=0
	for t in /proc/[0-9]*/task/*; do
		read -r comm < "$t/comm" 2> /dev/null || continue
		[[ $comm == kworker* ]] || continue
		read -r ns wait n < "$t/schedstat" 2> /dev/null || continue
		sum=$((sum + ns)) wsum=$((wsum + wait)) nsum=$((nsum + n))
	done
	echo $sum $wsum $nsum
}

# kTLS's counters in the gateway's namespace, "name value" lines.
tls_stat() {
	ip netns exec $GW cat /proc/net/tls_stat 2> /dev/null
}

# trace_run KIND CPU_NS WAIT_NS RUNS: one line on a run of the kernel
# relay, with what may tell one run from another: the kworkers' wait for
# a CPU and their runs, and kTLS's second decryptions and errors.
trace_run() {
	printf '%s: %d ns/KB, kworkers waited %d ms, ran %d times;' "$1" \
		$(($2 * 1024 / SIZE)) $(($3 / 1000000)) "$4"
	awk 'NR == FNR { a[$1] = $2; next }
	     $1 ~ /DecryptRetry|NoPad|DecryptError/ {
		printf " %s +%d", $1, $2 - a[$1] }' "$T/tls0" "$T/tls1"
	echo
}

# All CPUs' busy time in the guest (user, nice, system, irq, softirq,
# steal), in USER_HZ ticks: the gateway, both peers and the network stack
# wherever it ran, a check that what the gateway saves is not only moved
# elsewhere.
guest_busy() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# The command a userspace gateway runs under: it, then its user and
# system time (with its threads') on a last line "cpu USER SYSTEM", once
# it has ended, by itself (socat, after its one connection) or by a
# signal (stunnel4, ended by pkill -P).
TIMED='TIMEFORMAT="cpu %3U %3S"; time "$@"'

# run KIND PORT: one transfer through the gateway of KIND; prints the
# gateway's CPU in ns per KB, the throughput in MB/s, and the whole
# guest's CPU in ns per KB.
run() {
	local kind=$1 port=$2 ue_args=() t0 t1 b0 b1 SIZE=$((RELAY_MB * 1048576))
	case $kind in ours-tcp|splice|socat) SIZE=$((TCP_MB * 1048576)) ;; esac
	core_listen "$port" --expect $SIZE --zeros --keep-open
	case $kind in
	ours-tls)
		gw_start "$port" "$port" -A tls -B tcp --cert "$T/gw.pem" \
			--key "$T/gw.key" --prio "$PRIO"
		ue_args=(--tls client) ;;
	stunnel)
		cat > "$T/stunnel.conf" <<-CONF
		foreground = yes
		pid =
		[msrp]
		accept = 192.0.2.1:$port
		connect = 198.51.100.2:$port
		cert = $T/gw.pem
		key = $T/gw.key
		sslVersionMin = TLSv1.3
		ciphersuites = TLS_AES_128_GCM_SHA256
		CONF
		"${GW_CPU[@]}" ip netns exec $GW bash -c "$TIMED" _ \
			stunnel4 "$T/stunnel.conf" > "$T/gw.out" 2>&1 &
		gw_pid=$!
		wait_until 30 ip netns exec $GW ss -Hltn "sport = :$port" | grep -q .
		ue_args=(--tls client) ;;
	ours-tcp)
		gw_start "$port" "$port" -A tcp -B tcp ;;
	splice)
		"${GW_CPU[@]}" ip netns exec $GW "$SPLICE" "$port" \
			198.51.100.2 "$port" > "$T/gw.out" 2>&1 &
		gw_pid=$!
		wait_until 30 grep -q listening "$T/gw.out" ;;
	socat)
		"${GW_CPU[@]}" ip netns exec $GW bash -c "$TIMED" _ \
			socat -b 65536 TCP4-LISTEN:$port,bind=192.0.2.1,reuseaddr \
			TCP4:198.51.100.2:$port > "$T/gw.out" 2>&1 &
		gw_pid=$!
		wait_until 30 ip netns exec $GW ss -Hltn "sport = :$port" | grep -q . ;;
	esac
	# tls_gw, the handshake of the kernel relay, beside the gateway's work
	case $kind in
	ours-*) [ ${#GW_CPU[@]} = 0 ] || taskset -pc 1 "$gw_pid" > /dev/null ;;
	esac
	read -r k0 kw0 kn0 <<< "$(kworker_sched)"
	tls_stat > "$T/tls0"
	g0=$(guest_busy)
	t0=$(date +%s%N)
	ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port \
		"${ue_args[@]}" --send $SIZE --zeros --until-end > "$T/ue.out" 2>&1
	wait $core_pid
	t1=$(date +%s%N)
	g1=$(guest_busy)
	read -r k1 kw1 kn1 <<< "$(kworker_sched)"
	tls_stat > "$T/tls1"
	case $kind in
	ours-*)
		cpu=$((k1 - k0))
		trace_run "$kind" "$cpu" $((kw1 - kw0)) $((kn1 - kn0)) \
			>> "$T/trace" ;;
	esac
	# A gateway still waiting for its phone (a failed run) goes too.
	case $kind in
	ours-*) kill $gw_pid 2> /dev/null ;;
	stunnel|socat) pkill -P $gw_pid 2> /dev/null ;;
	esac
	wait $gw_pid 2> /dev/null
	# "cpu SECONDS" (the splice relay's) or "cpu USER SYSTEM" (TIMED's)
	case $kind in
	ours-*) ;;
	*) cpu=$(awk '/^cpu / { for (i = 2; i <= NF; i++) s += $i
				print s * 1e9 }' "$T/gw.out") ;;
	esac
	grep -q "received $SIZE" "$T/core.out" || {
		echo "bench-relay: $kind did not carry $SIZE bytes" >&2
		show_outputs >&2
		exit 1
	}
	python3 - "$cpu" "$SIZE" "$t0" "$t1" $((g1 - g0)) \
		"$(getconf CLK_TCK)" <<-'PY'
	import sys
	cpu, size, t0, t1, busy, hz = sys.argv[1:]
	kb = int(size) / 1024
	print(f"{float(cpu) / kb:.0f}",
	      f"{int(size) / 1048576 / ((int(t1) - int(t0)) / 1e9):.1f}",
	      f"{int(busy) * 1e9 / int(hz) / kb:.0f}")
	PY
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ms_load || exit 1
modprobe tls || exit 1
GW_CPU=()
PLACEMENT="the scheduler's"
if [ "${MEDIASEC_BENCH_RELAY_PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
	PLACEMENT="peers on CPU 0, gateway on CPU 1"
	taskset -pc 0 $$ > /dev/null || exit 1	# the peers inherit it
	echo 2 > /sys/devices/virtual/workqueue/mediasec_relay/cpumask ||
		exit 1
	GW_CPU=(taskset -c 1)
fi
topology
certificates
if [ ${#GW_CPU[@]} -gt 0 ]; then
	# The peers' receive work on their own CPU (RPS), as on their own
	# machines: veth hands a packet to its peer in the sender's softirq,
	# which would charge the phone's and the core's TCP receive to the
	# gateway that sent to them.
	for l in "$UE ue0" "$CORE c0"; do
		set -- $l
		ip netns exec "$1" sh -c \
			"echo 1 > /sys/class/net/$2/queues/rx-0/rps_cpus" || exit 1
	done
	PLACEMENT="$PLACEMENT, the peers' receive work on CPU 0 (RPS)"
fi
KINDS="ours-tls stunnel ours-tcp splice socat"
echo "# $RELAY_MB MB (TLS), $TCP_MB MB (TCP) phone -> core per run, median of $ROUNDS runs after $WARMUP not counted, the kinds in turn; gateway CPU: kworkers (ours), the process (stunnel4, splice relay, socat); placement: $PLACEMENT"
for kind in $KINDS; do : > "$T/$kind.runs"; done
port=6000
# Round after round, each kind once: a machine that slows down or speeds
# up during the run weighs on every kind alike.
for r in $(seq $((WARMUP + ROUNDS))); do
	for kind in $KINDS; do
		port=$((port + 1))
		out=$T/$kind.runs
		[ "$r" -le "$WARMUP" ] && out=$T/warmup
		run "$kind" "$port" >> "$out" || exit 1
		"$MS" -n $GW relay del "$port" 2> /dev/null
	done
	[ "$r" -le "$WARMUP" ] && : > "$T/trace"
done
for kind in $KINDS; do
	echo "# $kind: ns/KB, MB/s, whole guest ns/KB per run: $(tr '\n' ';' < "$T/$kind.runs")"
done
sed 's/^/# run of /' "$T/trace"
ns() { cut -d' ' -f1 "$T/$1.runs" | median; }
mbs() { cut -d' ' -f2 "$T/$1.runs" | median; }
echo "# throughput (median MB/s): ours-tls $(mbs ours-tls), stunnel $(mbs stunnel), ours-tcp $(mbs ours-tcp), splice $(mbs splice), socat $(mbs socat)"
guest() { cut -d' ' -f3 "$T/$1.runs" | median; }
echo "# whole guest (median ns/KB, both peers included): ours-tls $(guest ours-tls), stunnel $(guest stunnel), ours-tcp $(guest ours-tcp), splice $(guest splice), socat $(guest socat)"
echo "# tcp relay against socat (read/write): ours $(ns ours-tcp) ns/KB cpu, socat $(ns socat) ns/KB cpu, speedup $(awk -v o="$(ns ours-tcp)" -v s="$(ns socat)" 'BEGIN { printf "%.2f", o ? s / o : 0 }')"
python3 - "$(ns ours-tls)" "$(ns stunnel)" "$(ns ours-tcp)" "$(ns splice)" <<'PY'
import sys
ot, st, oc, sp = (float(x) for x in sys.argv[1:])
print(f"bench: tls relay aes-128-gcm: ours {ot:.0f} ns/KB cpu, "
      f"stunnel {st:.0f} ns/KB cpu, speedup {st / ot if ot else 0:.2f}")
print(f"bench: tcp relay: ours {oc:.0f} ns/KB cpu, "
      f"userspace {sp:.0f} ns/KB cpu, speedup {sp / oc if oc else 0:.2f}")
PY
