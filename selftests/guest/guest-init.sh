#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the guest after switch_root: mount the kernel file systems, run
# the command that vm.sh wrote to $ms_run/cmd, store its exit status and the
# kernel log in $ms_run, power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
# A private /tmp, but the paths vm.sh names in $ms_keep (the checkout, the
# build folder, the working directory) stay visible when they live in /tmp.
mkdir -p /run/host-tmp
mount --bind /tmp /run/host-tmp
mount -t tmpfs tmpfs /tmp
IFS=: read -r -a keep <<< "${ms_keep:-}"
for d in "${keep[@]}"; do
	case $d in
	/tmp/?*)
		mkdir -p "$d"
		mount --bind "/run/host-tmp/${d#/tmp/}" "$d"
		;;
	esac
done
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
ip link set lo up
hostname mediasec-guest
# What udev's coldplug does on a real machine: the modules for this CPU's
# features (AES-NI, SHA-NI/AVX2 SHA1, PCLMUL GHASH) and the RNG.
modprobe -qab "$(cat /sys/devices/system/cpu/modalias)" 2>/dev/null
modprobe -q virtio_rng 2>/dev/null
# mediasec.ko uses 8021q's exported VLAN accessors: modprobe would load it
# first; the tests insmod the module from the build tree.
modprobe -q 8021q 2>/dev/null

rc=126
if [ -r "$ms_run/cmd" ]; then
	bash "$ms_run/cmd" < /dev/null
	rc=$?
fi
dmesg > "$ms_run/dmesg"
echo "$rc" > "$ms_run/rc"
sync
echo o > /proc/sysrq-trigger
sleep 30
