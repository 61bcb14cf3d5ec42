# SPDX-License-Identifier: GPL-2.0
# The data-path benchmark (docs/performance.md, "Data path, in the guest"):
# mediasec's XDP path against the userspace relays a gateway would
# otherwise run, side by side in one guest boot.  Included by the top
# Makefile.
#
#   $(O)/bench/ms_relay    userspace UDP / libsrtp2 relay (recvmmsg/sendmmsg)
#   $(O)/bench/ms_blast    traffic generator (pre-built packets, sendmmsg)
#   $(O)/bpf/bench_sink.*  the sink (XDP_DROP of UDP, mk/bpf.mk builds it)
#   $(O)/bpf/bench_redirect.*  hands the generator's packets over as XDP frames
#
#   make bench-dp          boot the guest and run scripts/bench-dp-guest.sh
#   make bench-mgd         the same with scripts/bench-mgd-guest.sh
#   make bench-mem         kernel memory per call (selftests/bench/ms_memcall.c)
#   make bench-kernel      mediasec.ko's SRTP against the kernel crypto floor
#                          (selftests/bench/ms_kbench.c, selftests/floor/),
#                          and the media policies on and off (ms_pbench.c)

BENCH_OUT	:= $(O)/bench
BENCH_PROGS	:= $(BENCH_OUT)/ms_relay $(BENCH_OUT)/ms_blast \
		   $(BENCH_OUT)/ms_memcall $(BENCH_OUT)/ms_kbench \
		   $(BENCH_OUT)/ms_pbench

# The test-only floor module, built like mediasec.ko from a mirror of its
# folder, with BTF for its kfunc (mk/kmod.mk's module_btf).
FLOOR_DIR	:= $(O)/kbuild-floor
FLOOR_MODULE	:= $(FLOOR_DIR)/mediasec_floor.ko
FLOOR_SRCS	:= $(wildcard $(SRC)/selftests/floor/*.[ch] $(SRC)/selftests/floor/Kbuild) \
		   $(SRC)/kmod/srtp_crypto_pick.c $(SRC)/kmod/srtp_crypto_pick.h \
		   $(SRC)/kmod/compat.h

$(FLOOR_MODULE): $(FLOOR_SRCS) $(VMLINUX) $(RESOLVE_BTFIDS)
	$(call floor_mirror,$(FLOOR_DIR))
	$(MAKE) -C $(KDIR) O= M=$(FLOOR_DIR) MS_SRC=$(SRC) W=1 KCFLAGS=-Werror \
		modules 2>&1 | grep -v 'Skipping BTF generation' ; \
		exit $${PIPESTATUS[0]}
	$(call module_btf,$@)

$(BENCH_OUT)/ms_relay: $(SRC)/selftests/bench/ms_relay.c $(SRC)/selftests/ms_tool.h \
		$(SRC)/userspace/lib/srtp_policy.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib -o $@ $< -lsrtp2

$(BENCH_OUT)/ms_blast: $(SRC)/selftests/bench/ms_blast.c $(SRC)/selftests/ms_tool.h \
		$(SRC)/userspace/lib/srtp_policy.h $(O)/bpf/bench_redirect.skel.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib -o $@ $< -lsrtp2 -lbpf \
		-lelf -lz

$(BENCH_OUT)/ms_memcall: $(SRC)/selftests/bench/ms_memcall.c \
		$(MSOBJ_SRCS) $(SRC)/userspace/lib/msnl.c \
		$(SRC)/userspace/lib/msobj.h $(SRC)/userspace/lib/msnl.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib $(NL_CFLAGS) -o $@ $< \
		$(MSOBJ_SRCS) $(SRC)/userspace/lib/msnl.c \
		$(NL_LIBS)

# The kernel benchmarks run under BPF_PROG_TEST_RUN: one rule, each its
# own program's skeleton.
$(BENCH_OUT)/ms_kbench: $(SRC)/selftests/floor/floor_kfunc.h \
		$(O)/bpf/bench_xform.skel.h
$(BENCH_OUT)/ms_pbench: $(O)/bpf/bench_policy.skel.h

$(BENCH_OUT)/ms_kbench $(BENCH_OUT)/ms_pbench: $(BENCH_OUT)/%: \
		$(SRC)/selftests/bench/%.c $(SRC)/selftests/bench/bench_rounds.h \
		$(SRC)/ebpf/mediasec_kfunc.h \
		$(MSOBJ_SRCS) $(SRC)/userspace/lib/msnl.c \
		$(SRC)/userspace/lib/msobj.h $(SRC)/userspace/lib/msnl.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib -I$(SRC)/ebpf $(NL_CFLAGS) \
		-o $@ $< $(MSOBJ_SRCS) $(SRC)/userspace/lib/msnl.c \
		$(NL_LIBS) -lbpf -lelf -lz

# The relay's cost per byte against stunnel4, a userspace splice relay and
# socat (scripts/bench-relay-guest.sh; MEDIASEC_BENCH_RELAY_PIN=1 gives the
# gateway a CPU of its own).
$(BENCH_OUT)/tcp_splice_relay: $(SRC)/selftests/bench/tcp_splice_relay.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $<

.PHONY: bench-relay
bench-relay: $(BENCH_OUT)/tcp_splice_relay $(O)/selftests/tls_gw \
		$(MEDIASEC_CLI) $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" relay

.PHONY: bench-dp bench-mgd bench-mem bench-kernel
bench-dp: $(BENCH_PROGS) $(O)/bpf/bench_sink.bpf.o $(MEDIASEC_CLI) $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" dp

# Call setup: mediasecd over H.248 against the CLI (scripts/bench-mgd-guest.sh).
bench-mgd: $(MEDIASECD) $(MEDIASEC_CLI) $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" mgd

# Kernel memory per call (scripts/bench-mem-guest.sh).
bench-mem: $(BENCH_OUT)/ms_memcall $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" mem

# The module's crypto against the kernel's (scripts/bench-kernel-guest.sh).
bench-kernel: $(BENCH_OUT)/ms_kbench $(BENCH_OUT)/ms_pbench $(FLOOR_MODULE) \
		$(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" kernel

# selftests/bench_kernel.sh runs the harness once in 'make check'.
selftests: $(BENCH_OUT)/ms_kbench $(FLOOR_MODULE)

BENCH_TARGETS	+= bench-dp bench-mgd bench-mem bench-kernel bench-relay
ALL_TARGETS	+= $(BENCH_PROGS) $(FLOOR_MODULE) $(BENCH_OUT)/tcp_splice_relay
