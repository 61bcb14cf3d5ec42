#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run one command inside the guest kernel and return its exit status.
#
#   vm.sh [-t SECONDS] [-o OUTDIR] [-m MEM_MB] [-c CPUS] [-q] -- COMMAND [ARG...]
#   vm.sh [-t SECONDS] [-o OUTDIR] [-m MEM_MB] [-c CPUS] [-q] -r ROOT
#
# The guest is Debian's own kernel (the one the module is built for,
# scripts/kver.sh), booted by QEMU from a small busybox initramfs that
# loads the virtio and 9p modules, mounts this machine's root filesystem
# over virtio-9p and switch_root's into it, so the guest sees this
# checkout, the build folder and every installed tool at the same paths.
# guest-init.sh then runs COMMAND (from the current directory) and powers
# off.  KVM is used only when a short probe boot works, else TCG.
#
# Writes OUTDIR/console.log (everything the guest printed), OUTDIR/dmesg
# (the guest's kernel log at the end) and OUTDIR/rc.  Exit status: that of
# COMMAND; 124 on timeout (hung guest); 125 on a guest kernel panic or a
# guest that died without reporting; 126 on a setup error.
#
# With -r, the guest's root is the directory ROOT (a Debian root of its
# own, e.g. mmdebstrap's), booted with its systemd as PID 1 and no
# COMMAND; what runs in it writes ROOT/.vm-result/rc (its status) and may
# write ROOT/.vm-result/dmesg, then powers off (scripts/pkg-test.sh).
set -u

SELF=$(readlink -f "$0")
HERE=$(dirname "$SELF")
TOP=$(readlink -f "$HERE/../..")
O=${MEDIASEC_O:-$TOP/build}
TIMEOUT=${MEDIASEC_VM_TIMEOUT:-1200}
OUT=
MEM=2048
CPUS=2
QUIET=
ROOT=

die() { echo "vm.sh: $*" >&2; exit 126; }

while getopts "t:o:m:c:qr:" opt; do
	case $opt in
	t) TIMEOUT=$OPTARG ;;
	o) OUT=$OPTARG ;;
	m) MEM=$OPTARG ;;
	c) CPUS=$OPTARG ;;
	q) QUIET=1 ;;
	r) ROOT=$(readlink -f "$OPTARG") ;;
	*) die "usage: vm.sh [-t SECONDS] [-o OUTDIR] [-m MB] [-c CPUS] [-q] { -r ROOT | -- CMD... }" ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ -n "$ROOT" ]; then
	[ -x "$ROOT/lib/systemd/systemd" ] || die "$ROOT: no systemd to boot"
	[ $# = 0 ] || die "-r takes no command"
	rm -rf "$ROOT/.vm-result"
else
	[ $# -gt 0 ] || die "no command given"
fi

KVER=$("$TOP/scripts/kver.sh") || exit 126
KERNEL=/boot/vmlinuz-$KVER
GDIR=$O/guest
INITRD=$GDIR/initramfs-$KVER.cpio.gz
mkdir -p "$GDIR" || die "cannot create $GDIR"
[ -n "$OUT" ] || OUT=$GDIR/last-run
mkdir -p "$OUT" && OUT=$(readlink -f "$OUT")
rm -f "$OUT/rc" "$OUT/dmesg" "$OUT/console.log"

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"
[ -x /bin/busybox ] || die "busybox missing (make deps: busybox-static)"

# --- initramfs: busybox + the modules needed to mount the root over 9p ---
build_initramfs() {
	local tmp mod line ko n=0
	tmp=$(mktemp -d) || return 1
	mkdir -p "$tmp/bin" "$tmp/mods" "$tmp/proc" "$tmp/sys" "$tmp/dev" \
		"$tmp/newroot"
	cp /bin/busybox "$tmp/bin/busybox"
	for a in sh mount umount insmod mkdir switch_root echo cat sleep; do
		ln -s busybox "$tmp/bin/$a"
	done
	for mod in virtio_pci 9pnet_virtio 9p; do
		while read -r line; do
			set -- $line
			[ "$1" = insmod ] || continue
			ko=$2
			[ -e "$tmp/mods/.$(basename "$ko")" ] && continue
			touch "$tmp/mods/.$(basename "$ko")"
			n=$((n + 1))
			case $ko in
			*.xz) xz -dc "$ko" ;;
			*.zst) zstd -dc "$ko" ;;
			*) cat "$ko" ;;
			esac > "$tmp/mods/$(printf %02d $n)-$(basename "${ko%.xz}")"
		done < <(modprobe -S "$KVER" --show-depends "$mod")
	done
	rm -f "$tmp/mods"/.*.ko* 2>/dev/null
	cp "$HERE/initramfs-init" "$tmp/init"
	chmod +x "$tmp/init"
	# (guests started side by side may both build it: each its own file)
	(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) > "$INITRD.$$" &&
		mv "$INITRD.$$" "$INITRD"
	rm -rf "$tmp"
}

if [ ! -s "$INITRD" ] || [ "$INITRD" -ot "$HERE/initramfs-init" ] ||
   [ "$INITRD" -ot "$SELF" ]; then
	build_initramfs || die "initramfs build failed"
fi

# --- the command, as a script the guest runs from the same directory ---
{
	echo "cd $(printf %q "$PWD") || exit 126"
	for v in $(compgen -e | grep '^MEDIASEC_') ASAN_OPTIONS \
		 UBSAN_OPTIONS; do
		[ -n "${!v:-}" ] && echo "export $v=$(printf %q "${!v}")"
	done
	printf '%q ' "$@"
	echo
} > "$OUT/cmd"

qemu_run() {		# ACCEL TIMEOUT OUTDIR
	local accel=$1 t=$2 out=$3 cpu=max
	[ "$accel" = kvm ] && cpu=host
	[ "$accel" = tcg ] && accel=tcg,thread=multi
	local share=/ boot="ms_init=$HERE/guest-init.sh ms_run=$out ms_keep=$KEEP"
	[ -n "$ROOT" ] && share=$ROOT boot=ms_sysinit=/lib/systemd/systemd
	timeout -k 10 "$t" qemu-system-x86_64 \
		-accel "$accel" -cpu "$cpu" -smp "$CPUS" -m "$MEM" \
		-display none -monitor none -serial stdio -no-reboot \
		-nic none -device virtio-rng-pci \
		-kernel "$KERNEL" -initrd "$INITRD" \
		-virtfs "local,path=$share,mount_tag=rootfs,security_model=passthrough,multidevs=remap,id=rootfs" \
		-append "console=ttyS0 panic=-1 loglevel=4 mitigations=off tsc=reliable $boot" \
		< /dev/null 2>&1 | tr -d '\r' | tee "$out/console.log" |
		if [ -n "$QUIET" ]; then cat > /dev/null; else cat; fi
	return "${PIPESTATUS[0]}"
}

# Paths the guest must see even if they are under /tmp (a private tmpfs
# there); bind mounts are made in order, so parents come first.
KEEP=$(printf '%s\n' "$TOP" "$O" "$PWD" "$OUT" | sort -u | paste -sd:)
case $KEEP in *" "*) die "paths with spaces are not supported: $KEEP" ;; esac

# --- KVM or TCG: a short probe boot, cached per kernel ---
ACCEL_FILE=$GDIR/accel-$KVER
if [ ! -s "$ACCEL_FILE" ]; then
	accel=tcg
	if [ -w /dev/kvm ]; then
		probe=$(mktemp -d "$GDIR/probe.XXXXXX")
		echo "true" > "$probe/cmd"
		ROOT= QUIET=1 qemu_run kvm 20 "$probe" >/dev/null 2>&1
		[ "$(cat "$probe/rc" 2>/dev/null)" = 0 ] && accel=kvm
		rm -rf "$probe"
	fi
	echo "$accel" > "$ACCEL_FILE.$$" && mv "$ACCEL_FILE.$$" "$ACCEL_FILE"
fi
ACCEL=$(cat "$ACCEL_FILE")

qemu_run "$ACCEL" "$TIMEOUT" "$OUT"
qrc=$?
if [ -n "$ROOT" ]; then
	cp "$ROOT/.vm-result/rc" "$ROOT/.vm-result/dmesg" "$OUT/" 2>/dev/null
fi

[ -s "$OUT/dmesg" ] && cp "$OUT/dmesg" "$GDIR/last-dmesg.txt"
if grep -q "Kernel panic - not syncing" "$OUT/console.log"; then
	echo "vm.sh: GUEST KERNEL PANIC; see $OUT/console.log:" >&2
	grep -A3 "Kernel panic" "$OUT/console.log" | head -5 >&2
	exit 125
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm.sh: GUEST HUNG: no result within ${TIMEOUT}s; killed ($OUT/console.log)" >&2
	exit 124
fi
if [ ! -s "$OUT/rc" ]; then
	echo "vm.sh: GUEST DIED without reporting a result (qemu exit $qrc); see $OUT/console.log" >&2
	exit 125
fi
exit "$(cat "$OUT/rc")"
