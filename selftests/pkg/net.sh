#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The package test's topology: the gateway is the root namespace (where
# the packaged units run), with access0 towards the phones (ms-ue) and
# core0 towards the core (ms-core), as in selftests/dp_lib.sh.
set -e
ip link set lo up
for n in ms-ue ms-core; do ip netns add $n; ip -n $n link set lo up; done
ip link add ue0 netns ms-ue type veth peer name access0
ip link add core0 type veth peer name c0 netns ms-core
ip -n ms-ue addr add 192.0.2.2/24 dev ue0
ip addr add 192.0.2.1/24 dev access0
ip addr add 198.51.100.1/24 dev core0
ip -n ms-core addr add 198.51.100.2/24 dev c0
ip -n ms-ue link set ue0 up
ip link set access0 up
ip link set core0 up
ip -n ms-core link set c0 up
ip -n ms-ue route add default via 192.0.2.1
ip -n ms-core route add default via 198.51.100.1
sysctl -qw net.ipv4.ip_forward=1
# XDP_REDIRECT into a veth needs NAPI on the receiving peer.
ip netns exec ms-ue ethtool -K ue0 gro on
ip netns exec ms-core ethtool -K c0 gro on
