#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the guest booted from the package test's root (scripts/pkg-test.sh),
# run by mediasec-pkgtest.service once mediasecd is up: what an operator's
# machine must show after "apt install" of the packages and a boot.  Each
# check one TAP line in /pkgtest/out.tap; the media files and the scrape
# are checked again on the host (libsrtp2, promtool).  Ends with the
# packages purged, then powers off.
set -u
D=/pkgtest
N=100
MGC="python3 $D/mgd_mgc.py"
exec > "$D/out.tap" 2>&1
n=0 fails=0
check() {	# WHAT CMD...
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $what"; else echo "not ok $n $what"; fails=$((fails + 1)); fi
}
wait_until() {	# SECS CMD...: CMD succeeds within SECS
	local end=$((SECONDS + $1))
	shift
	until "$@"; do [ $SECONDS -lt $end ] || return 1; sleep 0.2; done
}
metric() { curl -sf http://127.0.0.1:9101/metrics | awk -v m="$1" '$1 == m { print $2 }'; }

check "the module is loaded, with its BTF (DKMS and dkms-btf)" \
	test -d /sys/module/mediasec -a -e /sys/kernel/btf/mediasec
check "it is DKMS's build for this kernel" \
	sh -c "ls /lib/modules/$(uname -r)/updates/dkms/mediasec.ko* > /dev/null"
mediasec dev show | sed 's/^/# /'
check "the data path is attached to access0 and core0 (datapath.conf)" \
	sh -c "mediasec dev show | grep -q access0 && mediasec dev show | grep -q core0"
check "mediasecd is active" systemctl is-active -q mediasecd
systemd-analyze verify /lib/systemd/system/mediasecd.service \
	/lib/systemd/system/mediasec-datapath.service > "$D/verify.txt" 2>&1
vrc=$?
sed 's/^/# verify: /' "$D/verify.txt"
check "systemd-analyze verify: both packaged units clean" \
	test $vrc = 0 -a ! -s "$D/verify.txt"
# This unit runs once mediasecd is active, which "ready registered" holds
# back until the MGC took the registration: registered now, no wait.
status=$(systemctl show -p StatusText --value mediasecd)
echo "# mediasecd's STATUS: $status"
check "registered with the test MGC as it became active (READY once registered)" \
	test "$(metric mediasec_mgc_registered)" = 1 -a \
	     "$status" = "registered with an MGC"

UEKEY=$(base64 -w0 "$D/ue.key")
$MGC request 127.0.0.1 2944 > "$D/add.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 10 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$UEKEY
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
set -- $($MGC local access/ < "$D/add.txt")
aport=${1:-} gwkey=${2:-}
set -- $($MGC local core/ < "$D/add.txt")
cport=${1:-}
ctx=$(sed -n 's/.*Context *= *\([0-9]*\).*/\1/p' "$D/add.txt" | head -1)
printf '%s\n' "$gwkey" > "$D/gw.key"
check "a call set up by the MGC (Add, Add): ports and the gateway's key" \
	test -n "$ctx" -a -n "$aport" -a -n "$cport" -a ${#gwkey} = 60

# The media both ways, as the host made it; the host checks what came.
# Neighbours known, so the data path's FIB lookup answers from the first
# packet (one answered ping each, as selftests/dp_lib.sh does).
pings() {
	local a
	for a in 192.0.2.2 198.51.100.2; do
		wait_until 30 ping -c 1 -W 2 "$a" > /dev/null 2>&1 || return 1
	done
}
check "the gateway reaches the phone and the core (their neighbours known)" pings
# (fifos in /run: the 9p root cannot hold one)
G=/run/pkgtest
mkdir -p $G
mkfifo $G/go1 $G/go2
ip netns exec ms-ue python3 "$D/pkt.py" peer 192.0.2.2 6000 "$D/ue.srtp" \
	192.0.2.1 "$aport" "$D/at_ue.bin" $N < $G/go1 > $G/r1 2>&1 &
r1=$!
ip netns exec ms-core python3 "$D/pkt.py" peer 198.51.100.2 7000 "$D/core.rtp" \
	198.51.100.1 "$cport" "$D/at_core.bin" $N < $G/go2 > $G/r2 2>&1 &
r2=$!
exec 7> $G/go1 8> $G/go2
wait_until 30 grep -q bound $G/r1
wait_until 30 grep -q bound $G/r2
echo go >&7
echo go >&8
exec 7>&- 8>&-
wait $r1 $r2
sed 's/^/# /' $G/r1 $G/r2 | grep -v bound
mediasec dev show | sed 's/^/# /'
check "the call carried: $N packets each way arrived (bytes checked on the host)" \
	test "$(stat -c %s "$D/at_core.bin")" = $((N * (2 + 172))) -a \
	     "$(stat -c %s "$D/at_ue.bin")" = $((N * (2 + 182)))

curl -sf http://127.0.0.1:9101/metrics > "$D/metrics.txt"
check "/metrics answers with the call's counters" \
	test "$(metric mediasec_forwarded_packets_total)" -ge $((2 * N)) -a \
	     "$(metric 'mediasec_h248_commands_total{command="add"}')" = 2 -a \
	     "$(metric mediasec_h248_contexts)" = 1 -a \
	     "$(metric mediasec_kernel_flows)" = 4

$MGC request 127.0.0.1 2944 > "$D/sub.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 11 { Context = $ctx { Subtract = * } }
MSG
flows=$(mediasec flow show) || flows="(mediasec flow show failed)"
check "Subtract: the call cleared, no flow left" \
	sh -c "grep -Eq 'Subtract|SC|S *=' '$D/sub.txt' && ! grep -q Error '$D/sub.txt' && test -z '$flows'"
# (a scrape is made again at most once a second: wait for a new one)
ended() {
	test "$(metric mediasec_forwarded_packets_total)" -ge $((2 * N)) -a \
	     "$(metric mediasec_h248_contexts)" = 0 -a \
	     "$(metric mediasec_kernel_flows)" = 0
}
check "the totals keep the call once it ended" wait_until 10 ended

# The journal: mediasecd's lines with their priorities, and no key.
journalctl -u mediasecd -o cat --no-pager > "$D/journal.txt"
journalctl -u mediasecd -p notice -o cat --no-pager > "$D/journal-notice.txt"
sed 's/^/# journal: /' "$D/journal.txt" | head -20
ue_hex=$(od -An -tx1 "$D/ue.key" | tr -d ' \n')
check "the journal has mediasecd's registration at priority notice" \
	grep -q "registered with MGC 1" "$D/journal-notice.txt"
# Every field of every entry of the unit (journalctl's export format),
# not only the message texts: grep must find none (status 1, not 2).
journalctl -u mediasecd -o export --no-pager > "$D/journal.export"
grep -aqiF -e "$UEKEY" -e "$ue_hex" -e "$gwkey" "$D/journal.export"
jrc=$?
check "the journal holds no key (the UE's or the gateway's, base64 or hex)" \
	test $jrc = 1 -a -s "$D/journal.export"

# Removal: the units stop (the data path detached, the module unloaded),
# DKMS removes its build, nothing of mediasec is left.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q mediasec mediasec-dkms > "$D/purge.txt" 2>&1
check "apt-get purge of both packages succeeds" test $? = 0
check "the module is unloaded" test ! -d /sys/module/mediasec
check "nothing of mediasec is left (module, source, units, configuration, pins)" \
	sh -c "! ls -d /lib/modules/*/updates/dkms/mediasec.ko* /usr/src/mediasec-* /etc/mediasec /usr/lib/mediasec /usr/sbin/mediasec /usr/sbin/mediasecd /var/lib/dkms/mediasec /lib/systemd/system/mediasec*.service /etc/systemd/system/multi-user.target.wants/mediasec-datapath.service /etc/systemd/system/multi-user.target.wants/mediasecd.service /sys/fs/bpf/mediasec/* 2>/dev/null | grep -q ."

echo "# totals: $((n - fails)) passed, $fails failed, 0 skipped"
mkdir -p /.vm-result
dmesg > /.vm-result/dmesg
echo $((fails ? 1 : 0)) > /.vm-result/rc
sync
systemctl poweroff
