# SPDX-License-Identifier: GPL-2.0
# Tools and inputs taken from Debian's linux-source-6.1 and the guest
# kernel image, built once and cached in $(O):
#   $(KSRC)                 scripts/, tools/ and uapi headers of the source tree
#   $(RESOLVE_BTFIDS)       tools/bpf/resolve_btfids
#   $(VMLINUX)              the guest kernel's vmlinux (with .BTF), extracted
#   $(O)/vmlinux.h          its types for BPF programs
#   $(KSFT)                 kselftest_harness.h and friends

KSRC		:= $(O)/ksrc
KSRC_STAMP	:= $(KSRC)/.extracted
KSFT		:= $(KSRC)/tools/testing/selftests
RESOLVE_BTFIDS	:= $(O)/tools/resolve_btfids/resolve_btfids
VMLINUX		:= $(O)/vmlinux-$(KVER)
CHECKPATCH	:= $(KSRC)/scripts/checkpatch.pl
KERNEL_DOC	:= $(KSRC)/scripts/kernel-doc

$(KSRC_STAMP): $(KSRC_TAR)
	rm -rf $(KSRC) && mkdir -p $(KSRC)
	tar -xJf $< -C $(KSRC) --strip-components=1 \
		linux-source-6.1/Makefile linux-source-6.1/scripts \
		linux-source-6.1/tools linux-source-6.1/include/uapi \
		linux-source-6.1/arch/x86/include/uapi
	touch $@

$(RESOLVE_BTFIDS): $(KSRC_STAMP)
	mkdir -p $(O)/tools/resolve_btfids
	$(MAKE) -s -C $(KSRC)/tools/bpf/resolve_btfids \
		O=$(O)/tools/resolve_btfids >/dev/null

$(VMLINUX): /boot/vmlinuz-$(KVER) $(KSRC_STAMP)
	sh $(KSRC)/scripts/extract-vmlinux $< > $@.tmp
	readelf -S $@.tmp | grep -q '\.BTF' || \
		{ echo "$<: no .BTF in the extracted vmlinux" >&2; exit 1; }
	mv $@.tmp $@

$(O)/vmlinux.h: $(VMLINUX)
	$(BPFTOOL) btf dump file $< format c > $@.tmp
	mv $@.tmp $@

ALL_TARGETS += $(KSRC_STAMP) $(RESOLVE_BTFIDS) $(VMLINUX) $(O)/vmlinux.h
