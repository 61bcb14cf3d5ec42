# SPDX-License-Identifier: GPL-2.0
# Kernel selftests (selftests/Makefile lists them), built here into
# $(O)/selftests and run in the guest by 'make check'.

MEDIASEC_TOPLEVEL := 1
include $(SRC)/selftests/Makefile

ST_OUT := $(O)/selftests
ST_CFLAGS := $(USER_CFLAGS) -I$(KSFT) -I$(SRC)/selftests \
	$(shell pkg-config --cflags libnl-genl-3.0) -Wno-unused-parameter

$(ST_OUT)/%: $(SRC)/selftests/%.c $(SRC)/selftests/ms_test.h $(BPF_SKELS) \
		$(KSRC_STAMP)
	@mkdir -p $(ST_OUT)
	$(CC) $(ST_CFLAGS) $(SAN_FLAGS) -o $@ $< $($*_LIBS)

.PHONY: selftests
selftests: $(addprefix $(ST_OUT)/,$(TEST_GEN_PROGS))

GUEST_TESTS := $(addprefix selftests/,$(TEST_PROGS)) \
	$(addprefix $(ST_OUT)/,$(TEST_GEN_PROGS)) \
	$(addprefix selftests/,$(TEST_PROGS_LAST))

ALL_TARGETS += selftests

# Native tests that need no kernel of ours.
NATIVE_TESTS += $(SRC)/selftests/native/cli_usage.sh \
	$(SRC)/selftests/native/vm_harness.sh
