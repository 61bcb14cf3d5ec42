# SPDX-License-Identifier: GPL-2.0
# The SDP / SDES (RFC 4568 a=crypto) library of the H.248 media gateway:
# a sanitized library for its unit test, and a libFuzzer target.  Other
# fragments reuse $(SDP_SRCS), $(SDP_HDRS), $(SDP_CFLAGS) and $(SDP_LIBS).
# Included by the top Makefile after engine.mk.
#
#   $(O)/native/sdp_unit       parsing, errors, encode round trips (TAP)
#   $(O)/native/sdp_tls_unit   a=setup/connection/fingerprint/path, with
#                              fingerprints checked against openssl
#   $(O)/fuzz/fuzz_sdp         libFuzzer on parse, encode, re-parse

SDP_OUT		:= $(O)/native
SDP_SRCS	:= $(SRC)/userspace/lib/sdp.c $(SRC)/userspace/lib/sdes.c \
		   $(SRC)/userspace/lib/sdp_tls.c \
		   $(SRC)/userspace/lib/sdp_keymgmt.c $(SRC)/userspace/lib/textbuf.c
SDP_HDRS	:= $(SRC)/userspace/lib/sdp.h $(SRC)/userspace/lib/sdes.h \
		   $(SRC)/userspace/lib/sdp_tls.h \
		   $(SRC)/userspace/lib/sdp_keymgmt.h \
		   $(SRC)/userspace/lib/textbuf.h \
		   $(SRC)/userspace/lib/srtp_policy.h \
		   $(SRC)/include/uapi/linux/mediasec.h
SDP_CFLAGS	:= $(USER_CFLAGS) -I$(SRC)/userspace/lib
SDP_LIBS	:= -lsrtp2 -lcrypto

SDP_SAN_OBJS	:= $(patsubst %.c,$(SDP_OUT)/san/%.o,$(notdir $(SDP_SRCS)))
SDP_SAN_LIB	:= $(SDP_OUT)/libmssdp-san.a

$(SDP_SAN_OBJS): $(SDP_OUT)/san/%.o: $(SRC)/userspace/lib/%.c $(SDP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SDP_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(SDP_SAN_LIB): $(SDP_SAN_OBJS)
	rm -f $@ && ar rcs $@ $^

SDP_UNIT	:= $(SDP_OUT)/sdp_unit

$(SDP_UNIT): $(SRC)/userspace/tests/sdp_unit.c $(SDP_SAN_LIB) $(SDP_HDRS) \
		$(KSRC_STAMP)
	$(CC) $(SDP_CFLAGS) -I$(KSFT) -Wno-unused-parameter -Wno-sign-compare \
		$(SAN_FLAGS) -o $@ $< $(SDP_SAN_LIB) $(SDP_LIBS)

SDP_TLS_UNIT	:= $(SDP_OUT)/sdp_tls_unit

$(SDP_TLS_UNIT): $(SRC)/userspace/tests/sdp_tls_unit.c $(SDP_SAN_LIB) \
		$(SDP_HDRS) $(KSRC_STAMP)
	$(CC) $(SDP_CFLAGS) -I$(KSFT) -Wno-unused-parameter -Wno-sign-compare \
		$(SAN_FLAGS) -o $@ $< $(SDP_SAN_LIB) $(SDP_LIBS)

FUZZ_SDP	:= $(O)/fuzz/fuzz_sdp

$(FUZZ_SDP): $(SRC)/userspace/fuzz/fuzz_sdp.c $(SDP_SRCS) $(SDP_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/include/uapi -I$(SRC)/userspace/lib \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(SDP_SRCS) $(SDP_LIBS)

NATIVE_TESTS	+= $(SDP_UNIT) $(SDP_TLS_UNIT)
FUZZ_TARGETS	+= $(FUZZ_SDP)
ALL_TARGETS	+= $(SDP_UNIT) $(SDP_TLS_UNIT) $(FUZZ_SDP)
