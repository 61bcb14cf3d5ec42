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

BENCH_OUT	:= $(O)/bench
BENCH_PROGS	:= $(BENCH_OUT)/ms_relay $(BENCH_OUT)/ms_blast \
		   $(BENCH_OUT)/ms_memcall

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
		$(SRC)/userspace/lib/msobj.c $(SRC)/userspace/lib/msnl.c \
		$(SRC)/userspace/lib/msobj.h $(SRC)/userspace/lib/msnl.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib $(NL_CFLAGS) -o $@ $< \
		$(SRC)/userspace/lib/msobj.c $(SRC)/userspace/lib/msnl.c \
		$(NL_LIBS)

.PHONY: bench-dp bench-mgd bench-mem
bench-dp: $(BENCH_PROGS) $(O)/bpf/bench_sink.bpf.o $(MEDIASEC_CLI) $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" dp

# Call setup: mediasecd over H.248 against the CLI (scripts/bench-mgd-guest.sh).
bench-mgd: $(MEDIASECD) $(MEDIASEC_CLI) $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" mgd

# Kernel memory per call (scripts/bench-mem-guest.sh).
bench-mem: $(BENCH_OUT)/ms_memcall $(MODULE)
	$(SRC)/scripts/bench-guest.sh "$(O)" mem

BENCH_TARGETS	+= bench-dp bench-mgd bench-mem
ALL_TARGETS	+= $(BENCH_PROGS)
