# SPDX-License-Identifier: GPL-2.0
# The SRTP engine (kmod/srtp*.c) built natively over OpenSSL: a sanitized
# library for the unit, known-answer and interop tests, a plain -O2 one for
# the benchmark, and a libFuzzer target.  Included by the top Makefile.
#
#   $(O)/native/srtp_kat       RFC known answers (TAP)
#   $(O)/native/srtp_unit      replay, ROC, KDR, MKI, lifetime, parsing (TAP)
#   $(O)/native/srtp_interop   against Debian's libsrtp2 (TAP)
#   $(O)/native/bench_srtp     ours vs libsrtp vs the OpenSSL floor
#   $(O)/fuzz/fuzz_srtp        libFuzzer on unprotect
#   $(O)/fuzz/fuzz_rtcp        libFuzzer on the kernel's RTCP walk
#
#   make bench-engine          run the benchmark

ENGINE_OUT	:= $(O)/native
ENGINE_SRCS	:= $(addprefix $(SRC)/kmod/,srtp.c srtp_kdf.c srtp_replay.c \
		   srtp_rtp.c srtp_rtcp.c) \
		   $(SRC)/userspace/lib/srtp_crypto_openssl.c
ENGINE_HDRS	:= $(wildcard $(SRC)/kmod/srtp*.h) $(SRC)/selftests/srtp_vectors.h \
		   $(SRC)/userspace/tests/srtp_test.h \
		   $(SRC)/userspace/lib/srtp_policy.h
ENGINE_CFLAGS	:= $(USER_CFLAGS) -DMEDIASEC_NATIVE -I$(SRC)/kmod \
		   -I$(SRC)/selftests -I$(SRC)/userspace/tests \
		   -I$(SRC)/userspace/lib
ENGINE_TCFLAGS	:= $(ENGINE_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		   -Wno-sign-compare
ENGINE_LIBS	:= -lcrypto

ENGINE_SAN_OBJS	:= $(patsubst %.c,$(ENGINE_OUT)/san/%.o,$(notdir $(ENGINE_SRCS)))
ENGINE_OPT_OBJS	:= $(patsubst %.c,$(ENGINE_OUT)/opt/%.o,$(notdir $(ENGINE_SRCS)))
ENGINE_SAN_LIB	:= $(ENGINE_OUT)/libmssrtp-san.a
ENGINE_OPT_LIB	:= $(ENGINE_OUT)/libmssrtp.a

vpath srtp%.c $(SRC)/kmod $(SRC)/userspace/lib

$(ENGINE_OUT)/san/%.o: %.c $(ENGINE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ENGINE_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(ENGINE_OUT)/opt/%.o: %.c $(ENGINE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ENGINE_CFLAGS) -DNDEBUG -c -o $@ $<

$(ENGINE_SAN_LIB): $(ENGINE_SAN_OBJS)
	rm -f $@ && ar rcs $@ $^

$(ENGINE_OPT_LIB): $(ENGINE_OPT_OBJS)
	rm -f $@ && ar rcs $@ $^

ENGINE_TESTS	:= $(ENGINE_OUT)/srtp_kat $(ENGINE_OUT)/srtp_unit \
		   $(ENGINE_OUT)/srtp_interop

$(ENGINE_OUT)/srtp_kat $(ENGINE_OUT)/srtp_unit: $(ENGINE_OUT)/%: \
		$(SRC)/userspace/tests/%.c $(ENGINE_SAN_LIB) $(ENGINE_HDRS) \
		$(KSRC_STAMP)
	$(CC) $(ENGINE_TCFLAGS) $(SAN_FLAGS) -o $@ $< $(ENGINE_SAN_LIB) \
		$(ENGINE_LIBS)

$(ENGINE_OUT)/srtp_interop: $(SRC)/userspace/tests/srtp_interop.c \
		$(ENGINE_SAN_LIB) $(ENGINE_HDRS) $(KSRC_STAMP)
	$(CC) $(ENGINE_TCFLAGS) $(SAN_FLAGS) -o $@ $< $(ENGINE_SAN_LIB) \
		-lsrtp2 $(ENGINE_LIBS)

BENCH_SRTP	:= $(ENGINE_OUT)/bench_srtp

$(BENCH_SRTP): $(SRC)/userspace/bench/bench_srtp.c $(ENGINE_OPT_LIB) \
		$(ENGINE_HDRS)
	$(CC) $(ENGINE_CFLAGS) -DNDEBUG -o $@ $< $(ENGINE_OPT_LIB) \
		-lsrtp2 $(ENGINE_LIBS)

.PHONY: bench-engine
bench-engine: $(BENCH_SRTP)
	$(BENCH_SRTP)

FUZZ_SRTP	:= $(O)/fuzz/fuzz_srtp

$(FUZZ_SRTP): $(SRC)/userspace/fuzz/fuzz_srtp.c $(ENGINE_SRCS) $(ENGINE_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -DMEDIASEC_NATIVE \
		-I$(SRC)/kmod -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(ENGINE_SRCS) $(ENGINE_LIBS)

# The kernel's RTCP walk (rtp/delay's round trips), built the same way.
FUZZ_RTCP	:= $(O)/fuzz/fuzz_rtcp

$(FUZZ_RTCP): $(SRC)/userspace/fuzz/fuzz_rtcp.c $(SRC)/kmod/rtcp_rtt.c \
		$(SRC)/kmod/rtcp_rtt.h $(SRC)/kmod/srtp_port.h
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -DMEDIASEC_NATIVE \
		-I$(SRC)/kmod -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(SRC)/kmod/rtcp_rtt.c

NATIVE_TESTS	+= $(ENGINE_TESTS)
FUZZ_TARGETS	+= $(FUZZ_SRTP) $(FUZZ_RTCP)
BENCH_TARGETS	+= bench-engine
ALL_TARGETS	+= $(ENGINE_TESTS) $(BENCH_SRTP) $(FUZZ_SRTP) $(FUZZ_RTCP)
