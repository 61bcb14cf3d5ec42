#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Back-pressure through the relay (topology and peers: relay_lib.sh): the
# phone sends 50 MB over TLS while the core reads nothing for 10 s.  The
# relay stops reading the phone once the core's socket is full, so the
# phone's TCP window closes; nothing is lost (every byte checked at the
# core), and the kernel's TCP memory stays within what the two sockets'
# buffers may hold (tcp_rmem and tcp_wmem maxima), measured and printed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/relay_lib.sh"
trap cleanup EXIT

SIZE=$((50 * 1048576))
STALL=10

tcp_mem_pages() {	# the TCP memory of all sockets, in pages (sockstat)
	awk '/^TCP:/ { for (i = 1; i < NF; i++) if ($i == "mem") print $(i + 1) }' \
		/proc/net/sockstat
}

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 4
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates

port=5200
core_listen $port --expect $SIZE --expect-seed 3 --stall $STALL --send 1024 \
	--seed 4 --keep-open
gw_start $port 1 -A tls -B tcp --cert "$T/gw.pem" --key "$T/gw.key"
base=$(tcp_mem_pages)
ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port --tls client \
	--send $SIZE --seed 3 --expect 1024 --expect-seed 4 > "$T/ue.out" 2>&1 &
ue_pid=$!

# During the stall: the relay holds back, and the memory is sampled.
peak=0 stalled=no
while kill -0 $core_pid 2>/dev/null && ! grep -q received "$T/core.out"; do
	m=$(tcp_mem_pages)
	[ "$m" -gt "$peak" ] && peak=$m
	flags=$(relay_field 1 "r['a']['flags']" 2>/dev/null)
	[ -n "$flags" ] && [ $((flags & 4)) != 0 ] && stalled=yes
	sleep 0.2
done
wait $ue_pid
ue_rc=$?
wait $core_pid
core_rc=$?
wait $gw_pid
show_outputs

read -r _ _ rmem_max < /proc/sys/net/ipv4/tcp_rmem
read -r _ _ wmem_max < /proc/sys/net/ipv4/tcp_wmem
page=$(getconf PAGESIZE)
# Two sockets of the gateway, each with both buffers full, one record
# per direction in the relay, and the peers' own sockets (four in all).
bound=$(( (4 * (rmem_max + wmem_max)) / page ))
echo "# TCP memory: $base pages before, peak $((peak - base)) more during the stall, bound $bound (4 sockets at tcp_rmem/tcp_wmem max)"
ms_check "50 MB through a 10 s stall of the core, every byte" \
	test "$ue_rc$core_rc" = 00
ms_check "the relay stopped reading the phone while the core was full" \
	test $stalled = yes
ms_check "kernel TCP memory stayed within the sockets' buffers" \
	test $((peak - base)) -le $bound
wait_until 30 relay_ended 1
"$MS" -n $GW relay show 1 | sed 's/^/# /'
ms_check "the relay ended closed, 50 MB counted" \
	test "$(relay_field 1 "r['state'], r['a']['rx_bytes'], r['b']['tx_bytes']")" = \
	"closed $SIZE $SIZE"
ms_exit
