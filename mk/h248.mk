# SPDX-License-Identifier: GPL-2.0
# The H.248.1 v3 text codec (userspace/lib/h248*.c) mediasecd uses towards
# its MGC: a sanitized library for the tests, the tests and a libFuzzer
# target.  H248_SRCS/H248_HDRS are for the daemon's own rules.
#
#   $(O)/native/h248_unit      examples of RFC 3525, errors, round trips (TAP)
#   $(O)/native/h248_interop   against Erlang/OTP megaco's encoders (TAP)
#   $(O)/fuzz/fuzz_h248        libFuzzer: parse, encode, parse again

H248_OUT	:= $(O)/native
H248_SRCS	:= $(addprefix $(SRC)/userspace/lib/,h248_tokens.c h248_lex.c \
		   h248_msg.c h248_desc.c h248_enc.c)
H248_HDRS	:= $(addprefix $(SRC)/userspace/lib/,h248.h h248_tokens.h \
		   h248_dec.h)
H248_CFLAGS	:= $(USER_CFLAGS) -I$(SRC)/userspace/lib
H248_TCFLAGS	:= $(H248_CFLAGS) -I$(KSFT) -I$(SRC)/userspace/tests \
		   -Wno-unused-parameter -Wno-sign-compare \
		   -Wno-missing-field-initializers
H248_TEST_HDRS	:= $(SRC)/userspace/tests/h248_samples.h

H248_SAN_OBJS	:= $(patsubst %.c,$(H248_OUT)/h248-san/%.o,$(notdir $(H248_SRCS)))
H248_SAN_LIB	:= $(H248_OUT)/libh248-san.a

$(H248_OUT)/h248-san/%.o: $(SRC)/userspace/lib/%.c $(H248_HDRS)
	@mkdir -p $(@D)
	$(CC) $(H248_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(H248_SAN_LIB): $(H248_SAN_OBJS)
	rm -f $@ && ar rcs $@ $^

H248_TESTS	:= $(H248_OUT)/h248_unit $(H248_OUT)/h248_interop

$(H248_TESTS): $(H248_OUT)/%: $(SRC)/userspace/tests/%.c $(H248_SAN_LIB) \
		$(H248_HDRS) $(H248_TEST_HDRS) $(KSRC_STAMP)
	$(CC) $(H248_TCFLAGS) -DH248_SRC='"$(SRC)"' $(SAN_FLAGS) -o $@ $< \
		$(H248_SAN_LIB)

FUZZ_H248	:= $(O)/fuzz/fuzz_h248

$(FUZZ_H248): $(SRC)/userspace/fuzz/fuzz_h248.c $(H248_SRCS) $(H248_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/userspace/lib -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(H248_SRCS)

NATIVE_TESTS	+= $(H248_TESTS)
FUZZ_TARGETS	+= $(FUZZ_H248)
ALL_TARGETS	+= $(H248_TESTS) $(FUZZ_H248)
