#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The XDP data path when the gateway knows no neighbour yet (topology:
# dp_lib.sh): e2ae calls both ways over IPv4 and IPv6, and with VLAN 100
# on the access link, with the gateway's neighbour table flushed before
# the first packet, libsrtp2 endpoints checking every byte.  The XDP
# program cannot place those first packets (bpf_fib_lookup() answers
# NO_NEIGH); the module sends them through the stack's output, whose
# neighbour layer queues them while ARP/ND runs
# (bpf_mediasec_xdp_output()).  Passed to the stack's input instead, IPv4
# dropped them: their source is the gateway's own address (a martian, RFC
# 1812 5.3.7).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dp_lib.sh"
trap dp_cleanup EXIT

N=100
S=AES_CM_128_HMAC_SHA1_80

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 8
ms_load || exit 1
dp_topology

unresolved_calls 4 "IPv4"
unresolved_calls 6 "IPv6"
ms_check "IPv4 and IPv6: no flow's packet was left to the stack's input" \
	test "$(xdp_count to_stack)" = 0

dp_vlan_topology
unresolved_calls 4 "VLAN 100, IPv4"

ms_check "VLAN: no flow's packet was left to the stack's input" \
	test "$(xdp_count to_stack)" = 0
ms_exit
