#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install, idempotently, every Debian 12 package that the build, the tests,
# the demo and the benchmarks need.  Does nothing when all are present.
set -eu

PKGS="
build-essential make gcc libc6-dev pkg-config git
linux-image-amd64 linux-headers-amd64 linux-source-6.1 kmod
qemu-system-x86 busybox-static cpio xz-utils
clang llvm lld libclang-rt-14-dev
libbpf-dev bpftool dwarves libelf-dev zlib1g-dev flex bison bc python3
python3-cryptography python3-pylibsrtp libcurl4-openssl-dev
libnl-3-dev libnl-genl-3-dev libcap-dev libsctp-dev
libsrtp2-dev libsrtp2-1
gnutls-bin libgnutls28-dev openssl libssl-dev stunnel4 socat
libmicrohttpd-dev libsystemd-dev prometheus curl
debhelper dh-dkms dpkg-dev fakeroot lintian mmdebstrap
sparse perl groff-base
tshark tcpdump iproute2 ethtool iputils-ping procps
erlang-base erlang-megaco erlang-dev
"

CHECK_ONLY=
if [ "${1:-}" = --check ]; then CHECK_ONLY=1; fi
missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	[ -n "$CHECK_ONLY" ] || echo "deps: all $(echo $PKGS | wc -w) packages present"
	exit 0
fi
if [ -n "$CHECK_ONLY" ]; then
	echo "deps: missing:$missing" >&2
	exit 1
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing; run 'make deps' as root" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	debconf-set-selections
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
