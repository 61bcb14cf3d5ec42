# SPDX-License-Identifier: GPL-2.0
# The MIKEY codec (RFC 3830, RFC 4563, RFC 6043 MIKEY-TICKET) of
# mediasecd's key management: a sanitized library for its unit test, and
# a libFuzzer target.  Included by the top Makefile after sdp.mk.
#
#   $(O)/native/mikey_unit     layouts, round trips, refusals (TAP)
#   $(O)/native/mikey_crypto_unit  PRF against OpenSSL's TLS1-PRF, labels,
#                              KEMAC AES-CM against AES-CTR, MACs (TAP)
#   $(O)/native/mikey_ticket_unit  the responder against the reference KMS
#                              (selftests/kms/mikey_kms.py) on loopback
#   $(O)/native/mikey_replay_unit  the replay cache of RFC 3830 5.4
#   $(O)/native/mikey_initiator_unit  the initiator: a ticket requested
#                              from the reference KMS, resolved by its UE
#   $(O)/fuzz/fuzz_mikey       libFuzzer: parse, write, parse again

MIKEY_SRCS	:= $(SRC)/userspace/lib/mikey.c $(SRC)/userspace/lib/mikey_out.c \
		   $(SRC)/userspace/lib/mikey_crypto.c \
		   $(SRC)/userspace/lib/mikey_ticket.c \
		   $(SRC)/userspace/lib/mikey_initiator.c \
		   $(SRC)/userspace/lib/mikey_replay.c \
		   $(SRC)/userspace/lib/mikey_srtp.c
MIKEY_HDRS	:= $(SRC)/userspace/lib/mikey.h \
		   $(SRC)/userspace/lib/mikey_srtp.h \
		   $(SRC)/userspace/lib/mikey_crypto.h \
		   $(SRC)/userspace/lib/mikey_ticket.h \
		   $(SRC)/userspace/lib/mikey_initiator.h \
		   $(SRC)/userspace/lib/mikey_replay.h
MIKEY_SAN_OBJS	:= $(patsubst %.c,$(O)/native/san/%.o,$(notdir $(MIKEY_SRCS)))
MIKEY_SAN_LIB	:= $(O)/native/libmikey-san.a

$(MIKEY_SAN_OBJS): $(O)/native/san/%.o: $(SRC)/userspace/lib/%.c $(MIKEY_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SDP_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(MIKEY_SAN_LIB): $(MIKEY_SAN_OBJS)
	rm -f $@ && ar rcs $@ $^

MIKEY_UNIT	:= $(O)/native/mikey_unit
MIKEY_CRYPTO_UNIT := $(O)/native/mikey_crypto_unit
MIKEY_TICKET_UNIT := $(O)/native/mikey_ticket_unit
MIKEY_REPLAY_UNIT := $(O)/native/mikey_replay_unit
MIKEY_INITIATOR_UNIT := $(O)/native/mikey_initiator_unit
MIKEY_UNITS	:= $(MIKEY_UNIT) $(MIKEY_CRYPTO_UNIT) $(MIKEY_TICKET_UNIT) \
		   $(MIKEY_REPLAY_UNIT) $(MIKEY_INITIATOR_UNIT)

$(MIKEY_UNITS): $(O)/native/%: \
		$(SRC)/userspace/tests/%.c $(MIKEY_SAN_LIB) $(MIKEY_HDRS) \
		$(SRC)/userspace/tests/kms_peer.h \
		$(KSRC_STAMP)
	$(CC) $(SDP_CFLAGS) -I$(KSFT) -Wno-unused-parameter -Wno-sign-compare \
		$(SAN_FLAGS) -o $@ $< $(MIKEY_SAN_LIB) -lcrypto

FUZZ_MIKEY	:= $(O)/fuzz/fuzz_mikey

$(FUZZ_MIKEY): $(SRC)/userspace/fuzz/fuzz_mikey.c $(MIKEY_SRCS) $(MIKEY_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/userspace/lib -I$(SRC)/include/uapi \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(MIKEY_SRCS) -lcrypto

NATIVE_TESTS	+= $(MIKEY_UNITS)
FUZZ_TARGETS	+= $(FUZZ_MIKEY)
ALL_TARGETS	+= $(MIKEY_UNITS) $(FUZZ_MIKEY)

# The CLI's "mikey add" resolves with mediasecd's KMS client (mk/userspace.mk
# links them; its prerequisites are known only from here on).
$(MEDIASEC_CLI): $(MIKEY_SRCS) $(MIKEY_HDRS) \
		$(SRC)/userspace/mediasecd/kms.c $(SRC)/userspace/mediasecd/kms.h \
		$(SRC)/userspace/mediasecd/kms_replay.c \
		$(SRC)/userspace/mediasecd/kms_async.c
