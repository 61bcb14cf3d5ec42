# SPDX-License-Identifier: GPL-2.0
# mediasec.ko, built against the guest kernel's headers from a mirror of
# the source tree in $(O)/kbuild (Kbuild writes objects beside sources),
# then given module BTF so that BPF programs can call its kfuncs.

KBUILD_DIR	:= $(O)/kbuild
MODULE		:= $(KBUILD_DIR)/kmod/mediasec.ko
KMOD_SRCS	:= $(wildcard $(SRC)/kmod/*.[ch] $(SRC)/kmod/Kbuild) \
		   $(wildcard $(SRC)/include/uapi/linux/*.h) $(SRC)/Kbuild \
		   $(SRC)/ebpf/mediasec_kfunc.h

SPARSE_DIR	:= $(O)/kbuild-sparse

.PHONY: kbuild-mirror sparse-mirror module sparse

# mirror DIR: symlink the module sources into DIR.
define mirror
	@mkdir -p $(1)/kmod
	@find $(1) -xtype l -delete
	@ln -sfn $(SRC)/Kbuild $(1)/Kbuild
	@ln -sfn $(SRC)/include $(1)/include
	@ln -sfn $(SRC)/selftests $(1)/selftests
	@ln -sfn $(SRC)/ebpf $(1)/ebpf
	@for f in $(SRC)/kmod/*.[ch] $(SRC)/kmod/Kbuild; do \
		ln -sfn $$f $(1)/kmod/; done
endef

# floor_mirror DIR: the same for the test-only floor module (selftests/floor).
define floor_mirror
	@mkdir -p $(1)
	@for f in $(SRC)/selftests/floor/*.[ch] $(SRC)/selftests/floor/Kbuild; do \
		ln -sfn $$f $(1)/; done
endef

kbuild-mirror:
	$(call mirror,$(KBUILD_DIR))

sparse-mirror:
	$(call mirror,$(SPARSE_DIR))

# module_btf KO: give a module built here its BTF (split on vmlinux's) and
# resolve its BTF ids, as the kernel's own build does with CONFIG_DEBUG_INFO_BTF.
define module_btf
	$(PAHOLE) -J --btf_gen_floats -j --lang_exclude=rust \
		--btf_base $(VMLINUX) $(1)
	$(RESOLVE_BTFIDS) -b $(VMLINUX) $(1)
	@readelf -S $(1) | grep -qw '\.BTF' || { echo "$(1): no BTF" >&2; exit 1; }
endef

$(MODULE): $(KMOD_SRCS) $(VMLINUX) $(RESOLVE_BTFIDS) | kbuild-mirror
	$(MAKE) -C $(KDIR) O= M=$(KBUILD_DIR) W=1 KCFLAGS=-Werror modules 2>&1 | \
		grep -v 'Skipping BTF generation' ; exit $${PIPESTATUS[0]}
	$(call module_btf,$@)

module: $(MODULE)

# sparse over every module source, in a separate tree so that the real
# module (with BTF) is never relinked behind make's back; any warning fails.
# The test-only floor module (selftests/floor, mk/bench.mk) too.
sparse: | sparse-mirror
	$(MAKE) -C $(KDIR) O= M=$(SPARSE_DIR) C=2 CHECK=sparse \
		CF="-D__CHECK_ENDIAN__" modules > $(O)/sparse.log 2>&1 || \
		{ cat $(O)/sparse.log; exit 1; }
	$(call floor_mirror,$(SPARSE_DIR)-floor)
	$(MAKE) -C $(KDIR) O= M=$(SPARSE_DIR)-floor MS_SRC=$(SRC) C=2 \
		CHECK=sparse CF="-D__CHECK_ENDIAN__" modules >> $(O)/sparse.log \
		2>&1 || { cat $(O)/sparse.log; exit 1; }
	@if grep -E '(warning|error):' $(O)/sparse.log | \
		grep -v 'Skipping BTF'; then exit 1; fi

ALL_TARGETS += $(MODULE)
