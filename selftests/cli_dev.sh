#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The mediasec CLI: info, attaching the XDP data path to a veth in a
# namespace and detaching it, counters, JSON output, the module's list of
# data-path devices (a device that goes away leaves it, with an event), and
# its exit codes (1 usage error, 2 kernel/system error).
#
#   ns ms-cli-a: va <-veth-> vb :ns ms-cli-b
. "$(dirname "$0")/lib.sh"

MS=$MS_O/userspace/mediasec
A=ms-cli-a-$$
B=ms-cli-b-$$
T=$(mktemp -d)
cleanup() {
	rm -rf "$T"
	"$MS" -n "$A" dev detach va 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 19
ms_load || exit 1

ip netns add "$A" && ip netns add "$B"
ip link add va netns "$A" type veth peer name vb netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev va
ip -n "$B" addr add 192.0.2.2/24 dev vb
ip -n "$A" link set va up
ip -n "$B" link set vb up

ms_check "info prints version and api" sh -c \
	"'$MS' info | grep -qx 'mediasec 0.1.0 api 2'"
ms_check "info -j is JSON" sh -c \
	"'$MS' -j info | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"api_version\"]==2'"
"$MS" bogus 2>/dev/null
ms_check "unknown object exits 1" test $? = 1
"$MS" -n "$A" dev attach nosuchdev 2>/dev/null
ms_check "unknown device exits 1" test $? = 1
"$MS" -n "$A" dev attach va mode turbo 2>/dev/null
ms_check "bad mode exits 1" test $? = 1
ms_check "attach native" "$MS" -n "$A" dev attach va
ms_check "listed by the module, mode xdp" sh -c \
	"'$MS' -n '$A' -j dev show | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==1 and d[0][\"ifname\"]==\"va\" and d[0][\"mode\"]==[\"xdp\"], d' &&
	 '$MS' -n '$A' -j info | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"devs\"]==1'"
ms_check "program on the device" sh -c \
	"ip -n '$A' -d link show va | grep -q 'prog/xdp.*name mediasec_xdp'"
"$MS" -n "$A" dev attach va 2>/dev/null
ms_check "second attach exits 2" test $? = 2
ip netns exec "$B" ping -c 4 -i 0.1 -W 2 192.0.2.1 > /dev/null
ms_check "counters count the pings" sh -c \
	"'$MS' -n '$A' -j dev show | python3 -c 'import json,sys; d=json.load(sys.stdin); c=d[0][\"xdp\"]; assert c[\"ipv4\"]>=4 and c[\"rx\"]>=c[\"ipv4\"], c'"
ms_check "other namespace sees nothing" sh -c \
	"test \"\$('$MS' -n '$B' -j dev show)\" = '[]'"
ms_check "detach" "$MS" -n "$A" dev detach va
ms_check "program gone from the device" sh -c \
	"! ip -n '$A' -d link show va | grep -q prog/xdp"
"$MS" -n "$A" dev detach va 2>/dev/null
ms_check "second detach exits 2" test $? = 2
ms_check "generic mode attach and detach" sh -c \
	"'$MS' -n '$A' dev attach va mode generic &&
	 ip -n '$A' -d link show va | grep -q xdpgeneric &&
	 '$MS' -n '$A' dev show | grep -q 'va: mode xdp-generic' &&
	 '$MS' -n '$A' dev detach va"
ms_check "detached: the module's list is empty" sh -c \
	"test \"\$('$MS' -n '$A' -j dev show)\" = '[]'"

# A device that goes away while attached.
ip -n "$A" link add vc type veth peer name vd
ip -n "$A" link set vc up
vc=$(ip netns exec "$A" cat /sys/class/net/vc/ifindex)
"$MS" -n "$A" dev attach vc
ip netns exec "$A" "$MS" monitor > "$T/mon" 2> "$T/mon.err" &
mon=$!
for _ in $(seq 50); do grep -q listening "$T/mon.err" && break; sleep 0.1; done
ip -n "$A" link del vc
for _ in $(seq 50); do grep -q dev-gone "$T/mon" && break; sleep 0.1; done
kill $mon; wait $mon 2>/dev/null
ms_check "monitor shows the device gone" grep -qx "dev-gone ifindex $vc" "$T/mon"
ms_check "and the module's list forgot it" sh -c \
	"test \"\$('$MS' -n '$A' -j dev show)\" = '[]'"
ms_check "its pins went with it" sh -c "! ls /sys/fs/bpf/mediasec 2>/dev/null | grep -q '_$vc\$'"
ms_exit
