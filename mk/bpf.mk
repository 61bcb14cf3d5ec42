# SPDX-License-Identifier: GPL-2.0
# BPF programs: clang -> bpftool gen object (static link) -> bpftool gen
# skeleton.  ebpf/*.bpf.c are the data path; selftests/progs/*.bpf.c are
# test programs.  Skeletons land in $(O)/bpf/<name>.skel.h.

# BPF programs include the UAPI header through ebpf/mediasec_bpf.h.
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	-I$(O) -I$(SRC)/ebpf -I$(SRC)/include/uapi

BPF_SRCS := $(wildcard $(SRC)/ebpf/*.bpf.c $(SRC)/selftests/progs/*.bpf.c)
BPF_OBJS := $(patsubst %.bpf.c,$(O)/bpf/%.bpf.o,$(notdir $(BPF_SRCS)))
BPF_SKELS := $(BPF_OBJS:.bpf.o=.skel.h)

vpath %.bpf.c $(SRC)/ebpf $(SRC)/selftests/progs

$(O)/bpf/%.bpf.o: %.bpf.c $(O)/vmlinux.h $(wildcard $(SRC)/ebpf/*.h) \
		$(wildcard $(SRC)/include/uapi/linux/*.h)
	@mkdir -p $(O)/bpf
	$(CLANG) $(BPF_CFLAGS) -c $< -o $(O)/bpf/$*.tmp.o
	$(BPFTOOL) gen object $@.part $(O)/bpf/$*.tmp.o
	@mv $@.part $@
	@rm -f $(O)/bpf/$*.tmp.o

$(O)/bpf/%.skel.h: $(O)/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@.tmp
	mv $@.tmp $@

ALL_TARGETS += $(BPF_OBJS) $(BPF_SKELS)
