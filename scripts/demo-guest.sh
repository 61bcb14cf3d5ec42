#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the guest.  Topology:
#
#   ns ms-ue                 ns ms-gw (the IMS-AGW)              ns ms-core
#   ue0 192.0.2.2   <-veth-> access0 192.0.2.1
#       2001:db8:a::2            2001:db8:a::1
#                            core0 198.51.100.1   <-veth->  core0 198.51.100.2
#                                  2001:db8:c::1                2001:db8:c::2
#
# mediasec.ko is loaded and its XDP program attached to access0 and core0;
# traffic from the UE side crosses the gateway and the program's counters
# show what it saw.
set -eu
TOP=$(readlink -f "$(dirname "$0")/..")
O=${MEDIASEC_O:-$TOP/build}
MS=$O/userspace/mediasec
NS="ms-ue ms-gw ms-core"

step() { printf '\n=== %s\n' "$*"; }
cleanup() {
	for n in $NS; do ip netns del "$n" 2>/dev/null || true; done
	rmmod mediasec 2>/dev/null || true
}
trap cleanup EXIT

step "load mediasec.ko"
insmod "$O/kbuild/kmod/mediasec.ko"
lsmod | grep -E '^(Module|mediasec)'
"$MS" info

step "namespaces: UE, gateway, core"
for n in $NS; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add ue0 netns ms-ue type veth peer name access0 netns ms-gw
ip link add core0 netns ms-gw type veth peer name core0 netns ms-core
ip -n ms-ue addr add 192.0.2.2/24 dev ue0
ip -n ms-ue addr add 2001:db8:a::2/64 dev ue0 nodad
ip -n ms-gw addr add 192.0.2.1/24 dev access0
ip -n ms-gw addr add 2001:db8:a::1/64 dev access0 nodad
ip -n ms-gw addr add 198.51.100.1/24 dev core0
ip -n ms-gw addr add 2001:db8:c::1/64 dev core0 nodad
ip -n ms-core addr add 198.51.100.2/24 dev core0
ip -n ms-core addr add 2001:db8:c::2/64 dev core0 nodad
for l in "ms-ue ue0" "ms-gw access0" "ms-gw core0" "ms-core core0"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n ms-ue route add default via 192.0.2.1
ip -n ms-ue route add default via 2001:db8:a::1
ip -n ms-core route add default via 198.51.100.1
ip -n ms-core route add default via 2001:db8:c::1
ip netns exec ms-gw sysctl -qw net.ipv4.ip_forward=1
ip netns exec ms-gw sysctl -qw net.ipv6.conf.all.forwarding=1

step "attach the XDP data path to the gateway's access and core links"
"$MS" -n ms-gw dev attach access0
"$MS" -n ms-gw dev attach core0 mode native
ip -n ms-gw -d link show access0 | grep -E 'access0|prog/xdp'
ip netns exec ms-gw bpftool net show

step "traffic UE -> core through the gateway (ping v4/v6, UDP)"
ip netns exec ms-ue ping -c 3 -i 0.2 -W 2 198.51.100.2 | tail -2
ip netns exec ms-ue ping -6 -c 3 -i 0.2 -W 2 2001:db8:c::2 | tail -2
ip netns exec ms-ue python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(50):
    s.sendto(bytes(172), ("198.51.100.2", 40000))
print("sent 50 UDP datagrams of 172 bytes to 198.51.100.2:40000")
PY

step "per-device counters of the XDP program"
"$MS" -n ms-gw dev show
"$MS" -n ms-gw -j dev show

step "detach and unload"
"$MS" -n ms-gw dev detach access0
"$MS" -n ms-gw dev detach core0
for n in $NS; do ip netns del "$n"; done
rmmod mediasec
echo "module unloaded; demo done"
