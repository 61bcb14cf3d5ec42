#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The TC (clsact) data path, for where XDP cannot be used, with libsrtp2
# endpoints checking every byte (topology: dp_lib.sh, DP_MODE=tc): e2ae
# calls both ways over IPv4 and IPv6 with no neighbour resolved before the
# first packet (bpf_redirect_neigh resolves it), the same with VLAN 100 on
# the access link, and media that a process of the gateway itself sends,
# taken by the TC program on lo.
. "$(dirname "$0")/lib.sh"
DP_MODE=tc
. "$(dirname "$0")/dp_lib.sh"
trap 'dp_cleanup; "$MS" -n $GW dev detach lo 2>/dev/null' EXIT

N=200
S=AES_CM_128_HMAC_SHA1_80

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 11
ms_load || exit 1
dp_topology

unresolved_calls 4 "IPv4"
unresolved_calls 6 "IPv6"

# The same with VLAN 100 on the access link.
dp_vlan_topology
unresolved_calls 4 "VLAN 100, IPv4"

# Media from a process of the gateway: lo delivers it to the TC program.
"$MS" -n $GW dev attach lo mode tc
"$MS" -n $GW flow add 9 action forward local 192.0.2.1 lport 40500 \
	saddr 198.51.100.1 sport 30500 daddr 198.51.100.2 dport 7500
ip netns exec $CORE "$EP" recv 198.51.100.2 7500 $N timeout 20 first-timeout 60 > "$T/out" &
rpid=$!
wait_bound $CORE 7500
ip netns exec $GW "$EP" send 192.0.2.1 6500 192.0.2.1 40500 $N rate 400
wait $rpid
rc=$?
sed 's/^/# /' "$T/out"
ms_check "local media through TC on lo: $N of $N intact in the core" \
	sh -c "test $rc = 0 && test \$('$MS' -n $GW -j flow show 9 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"stats\"][\"packets\"])') = $N"
ms_check "TC detaches" "$MS" -n $GW dev detach lo
ms_check "the clsact qdisc it made goes with it" \
	sh -c "! tc -n $GW qdisc show dev lo | grep -q clsact"
# One made by the operator stays, with the operator's filters; while ours
# is attached before them, they still see every packet that is not ours.
tc -n $GW qdisc add dev lo clsact
tc -n $GW filter add dev lo ingress prio 9 matchall action pass
"$MS" -n $GW dev attach lo mode tc
op_pkts() {	# what the operator's filter's action has seen
	tc -s -n $GW filter show dev lo ingress |
		awk '$1 == "Sent" { s += $4 } END { print s + 0 }'
}
p0=$(op_pkts)
ip netns exec $GW ping -c 3 -i 0.2 -W 2 127.0.0.1 > /dev/null
p1=$(op_pkts)
echo "# the operator's filter: $((p1 - p0)) packets while ours was attached"
ms_check "an operator's filter after ours sees what is not ours (6 of 6 ping packets)" \
	test $((p1 - p0)) -ge 6
"$MS" -n $GW dev detach lo
ms_check "an operator's clsact and filter stay after attach and detach" \
	sh -c "tc -n $GW qdisc show dev lo | grep -q clsact &&
	       tc -n $GW filter show dev lo ingress | grep -q matchall &&
	       ! tc -n $GW filter show dev lo ingress | grep -q mediasec"
ms_exit
