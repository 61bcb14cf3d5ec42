#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The XDP data path when the gateway knows no neighbour yet (topology:
# dp_lib.sh): e2ae calls both ways over IPv4 and IPv6, and with VLAN 100
# on the access link, with the gateway's neighbour table flushed before
# the first packet, libsrtp2 endpoints checking every byte.  The XDP
# program cannot place those first packets (bpf_fib_lookup() answers
# NO_NEIGH); it passes them to the stack already transformed, marked in
# their metadata, and the TC fallback attached beside it sends them with
# bpf_redirect_neigh(), which queues them while ARP/ND runs.  Without it
# the stack drops them: their source is the gateway's own address (a
# martian, RFC 1812 5.3.7).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

N=100
S=AES_CM_128_HMAC_SHA1_80

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 7
ms_load || exit 1
dp_topology
head -c 30 /dev/urandom > "$T/ue.key"
head -c 30 /dev/urandom > "$T/gw.key"

unresolved_calls 4 "IPv4"
unresolved_calls 6 "IPv6"

dp_cleanup
VLAN=1 T=$(mktemp -d)
dp_topology
head -c 30 /dev/urandom > "$T/ue.key"
head -c 30 /dev/urandom > "$T/gw.key"
unresolved_calls 4 "VLAN 100, IPv4"

"$MS" -n $GW dev detach access0
ms_check "detach takes the fallback off with the XDP program" \
	sh -c "! tc -n $GW filter show dev access0 ingress | grep -q . &&
	       ! tc -n $GW qdisc show dev access0 | grep -q clsact"
ms_exit
