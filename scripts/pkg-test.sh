#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-pkg: the packages as an operator installs them (issue 18).
#
# Builds the packages (make deb: dpkg-buildpackage, lintian), makes a clean
# Debian 12 root from the Debian archive (mmdebstrap: systemd, the guest's
# kernel image and headers, DKMS), installs the packages there with apt
# (DKMS builds the module for that kernel, dkms-btf gives it BTF), adds the
# test's topology, a test MGC and the checks as units
# (selftests/pkg/), boots that root in the guest with systemd as PID 1
# (selftests/guest/vm.sh -r) and reads what the checks found.  On the host
# afterwards: the call's media against libsrtp2 (selftests/pkg/
# srtp_files.py) and the scrape against promtool.
#
#   pkg-test.sh BUILD_DIR      ends with "# totals: P passed, F failed, S skipped"
set -u
O=${1:?usage: pkg-test.sh BUILD_DIR}
# Run from make: its variables (O=...) must not reach DKMS's make in the
# root, as they would through MAKEFLAGS.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
TOP=$(readlink -f "$(dirname "$0")/..")
cd "$TOP" || exit 1
export MEDIASEC_O=$O
KVER=$(scripts/kver.sh) || exit 1
ROOT=$O/pkgroot
W=$O/pkgtest
N=100
MIRROR=${MEDIASEC_DEBIAN_MIRROR:-http://deb.debian.org}
PY=/usr/bin/python3	# Debian's, with pylibsrtp (not a pyenv one)
n=0 fails=0

check() {	# WHAT CMD...
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $what"; else echo "not ok $n $what"; fails=$((fails + 1)); fi
}
finish() {
	echo "# totals: $((n - fails)) passed, $fails failed, 0 skipped"
	exit $((fails ? 1 : 0))
}

echo "TAP version 13"
rm -rf "$W" && mkdir -p "$W"
make --no-print-directory O="$O" deb > "$W/deb.log" 2>&1
rc=$?
grep -E '^(E|W|I): ' "$W/deb.log" | sed 's/^/# lintian: /'
check "make deb: the packages built, lintian without error or warning" test $rc = 0
[ $rc = 0 ] || { tail -20 "$W/deb.log" | sed 's/^/# /'; finish; }
DEB=$(ls "$O"/deb/mediasec_*_amd64.deb)
DKMS_DEB=$(ls "$O"/deb/mediasec-dkms_*_all.deb)

"$PY" selftests/pkg/srtp_files.py make "$W" $N
check "the call's media made with libsrtp2 (pylibsrtp)" test $? = 0
[ -s "$W/ue.srtp" ] || finish

# The root: Debian 12 from the archive, then our packages with apt.  The
# kernel is the guest's (no version is written in the packages: DKMS
# builds for whatever kernel has its headers there).
# (The guest boots with vm.sh's initramfs: the root needs none of its own,
# so update-initramfs is diverted to true before the kernel is installed.)
rm -rf "$ROOT"
mmdebstrap --variant=minbase \
	--essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
	--include=systemd-sysv,udev,dbus,kmod,iproute2,iputils-ping,ethtool,procps,curl,python3,man-db,linux-image-$KVER,linux-headers-$KVER \
	--customize-hook="cp '$DEB' '$DKMS_DEB' \"\$1/tmp/\"" \
	--customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/$(basename "$DEB") /tmp/$(basename "$DKMS_DEB") > '$W/install.log' 2>&1" \
	--customize-hook="rm -f \"\$1\"/tmp/*.deb" \
	bookworm "$ROOT" \
	"deb $MIRROR/debian bookworm main" \
	"deb $MIRROR/debian bookworm-updates main" \
	"deb $MIRROR/debian-security bookworm-security main" \
	> "$W/mmdebstrap.log" 2>&1
rc=$?
grep -iE 'dkms|mediasec' "$W/install.log" | grep -v '^Get:' | head -20 | sed 's/^/# install: /'
check "a Debian 12 root made, the packages installed there with apt" test $rc = 0
[ $rc = 0 ] || { tail -20 "$W/mmdebstrap.log" | sed 's/^/# /'; finish; }
ko=$(ls "$ROOT/lib/modules/$KVER/updates/dkms/"mediasec.ko* 2>/dev/null | head -1)
check "DKMS built the module for $KVER, with BTF" \
	sh -c "test -n '$ko' && readelf -S '$ko' | grep -qw '\\.BTF'"

# The test's configuration, topology, MGC and checks.
mkdir -p "$ROOT/pkgtest"
cp selftests/pkg/pkgtest.sh selftests/pkg/net.sh selftests/pkg/pkt.py \
	selftests/mgd_mgc.py "$W/ue.key" "$W/ue.srtp" "$W/core.rtp" \
	"$ROOT/pkgtest/"
cp selftests/pkg/mediasec-pkgtest*.service "$ROOT/etc/systemd/system/"
cat > "$ROOT/etc/mediasec/datapath.conf" <<CONF
DEVICES="access0 core0"
MODE=native
CONF
cat > "$ROOT/etc/mediasec/mediasecd.conf" <<CONF
mid [192.0.2.1]:2944
listen 127.0.0.1 2944
mgc 127.0.0.1 2945
realm access 192.0.2.1 40000-40999
realm core 198.51.100.1 30000-30999
retry-ms 200
metrics 127.0.0.1 9101
ready registered
CONF
chroot "$ROOT" systemctl enable -q mediasec-pkgtest-net.service \
	mediasec-pkgtest-mgc.service mediasec-pkgtest.service
chroot "$ROOT" systemctl mask -q serial-getty@ttyS0.service getty@tty1.service \
	systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer 2>/dev/null
echo mediasec-pkgtest > "$ROOT/etc/hostname"

selftests/guest/vm.sh -q -t "${MEDIASEC_PKG_TIMEOUT:-900}" -o "$W/guest" -r "$ROOT"
vrc=$?
if [ -s "$ROOT/pkgtest/out.tap" ]; then
	while read -r line; do
		case $line in
		"ok "*) n=$((n + 1)); echo "ok $n guest: ${line#ok [0-9]* }" ;;
		"not ok "*) n=$((n + 1)); fails=$((fails + 1))
			echo "not ok $n guest: ${line#not ok [0-9]* }" ;;
		"# totals"*) ;;
		*) echo "# $line" ;;
		esac
	done < "$ROOT/pkgtest/out.tap"
fi
check "the guest booted the root with systemd and ran every check (vm.sh $vrc)" \
	test "$vrc" = 0 -o "$vrc" = 1
"$PY" selftests/pkg/srtp_files.py check "$ROOT/pkgtest" $N
check "the call's media, checked with libsrtp2: both ways byte-exact" test $? = 0
promtool check metrics < "$ROOT/pkgtest/metrics.txt" > "$W/promtool.txt" 2>&1
prc=$?
sed 's/^/# promtool: /' "$W/promtool.txt"
check "the scrape of the packaged mediasecd: promtool check metrics clean" \
	test $prc = 0 -a -s "$ROOT/pkgtest/metrics.txt" -a ! -s "$W/promtool.txt"
SPLAT='WARNING:|BUG:|Oops|Call Trace|general protection|unreferenced object|UBSAN:|KASAN:|refcount_t:|RCU stall|Kernel panic'
check "the guest's kernel log: no splat" \
	sh -c "test -s '$W/guest/dmesg' && ! grep -qE '$SPLAT' '$W/guest/dmesg'"
finish
