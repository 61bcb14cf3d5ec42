# SPDX-License-Identifier: GPL-2.0
# Kernel selftests (selftests/Makefile lists them), built here into
# $(O)/selftests and run in the guest by 'make check'.

MEDIASEC_TOPLEVEL := 1
include $(SRC)/selftests/Makefile

ST_OUT := $(O)/selftests
ST_CFLAGS := $(USER_CFLAGS) -I$(KSFT) -I$(SRC)/selftests -I$(SRC)/ebpf \
	$(shell pkg-config --cflags libnl-genl-3.0) -Wno-unused-parameter

.SECONDEXPANSION:
$(ST_OUT)/%: $(SRC)/selftests/%.c $(wildcard $(SRC)/selftests/*.h) $(BPF_SKELS) \
		$(KSRC_STAMP) $$(addprefix $(SRC)/selftests/,$$($$*_SRCS)) \
		$(wildcard $(SRC)/userspace/lib/*.h $(SRC)/include/uapi/linux/*.h)
	@mkdir -p $(ST_OUT)
	$(CC) $(ST_CFLAGS) $(SAN_FLAGS) -o $@ $< \
		$(addprefix $(SRC)/selftests/,$($*_SRCS)) $($*_LIBS)

# The engine's libsrtp interop test, run through the module: the engine's
# calls go to netlink and the kfunc (selftests/srtp_module_shim.c).
$(ST_OUT)/srtp_interop_module: $(SRC)/userspace/tests/srtp_interop.c \
		$(SRC)/selftests/srtp_module_shim.c \
		$(SRC)/selftests/srtp_module_shim.h $(ENGINE_SAN_LIB) \
		$(ENGINE_HDRS) $(O)/bpf/xform_test.skel.h $(KSRC_STAMP)
	@mkdir -p $(ST_OUT)
	$(CC) $(ENGINE_TCFLAGS) -I$(SRC)/ebpf $(NL_CFLAGS) $(SAN_FLAGS) -Wno-sign-compare \
		-DTAMPER_EVERY=400 -DALL_BITS_EVERY=4000 \
		-DN_RTP=6000 -DN_RTCP=1500 -DWRAP_AT=2000 \
		-include $(SRC)/selftests/srtp_module_shim.h -o $@ $< \
		$(SRC)/selftests/srtp_module_shim.c $(SRC)/userspace/lib/msnl.c \
		$(ENGINE_SAN_LIB) -lsrtp2 $(NL_LIBS) -lbpf -lelf -lz \
		$(ENGINE_LIBS)

# Events, driven through the same shim.
$(ST_OUT)/nl_events: $(SRC)/selftests/nl_events.c \
		$(SRC)/selftests/srtp_module_shim.c \
		$(SRC)/selftests/srtp_module_shim.h $(ENGINE_SAN_LIB) \
		$(ENGINE_HDRS) $(O)/bpf/xform_test.skel.h $(KSRC_STAMP)
	@mkdir -p $(ST_OUT)
	$(CC) $(ENGINE_TCFLAGS) -I$(SRC)/ebpf $(NL_CFLAGS) $(SAN_FLAGS) -Wno-sign-compare \
		-o $@ $< $(SRC)/selftests/srtp_module_shim.c \
		$(SRC)/userspace/lib/msnl.c $(ENGINE_SAN_LIB) $(NL_LIBS) \
		-lbpf -lelf -lz $(ENGINE_LIBS)

# The libsrtp2 media endpoint that the data-path tests send and receive with.
$(ST_OUT)/ms_endpoint: $(SRC)/selftests/ms_endpoint.c $(SRC)/selftests/ms_tool.h \
		$(SRC)/userspace/lib/srtp_policy.h
	@mkdir -p $(ST_OUT)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib $(SAN_FLAGS) -o $@ $< \
		-lsrtp2

# The gateway of the relay tests: GnuTLS handshakes, kTLS, RELAY_NEW.
$(ST_OUT)/tls_gw: $(SRC)/selftests/tls_gw.c $(SRC)/userspace/lib/ktls.c \
		$(SRC)/userspace/lib/ktls.h $(MSLIB_SRCS) $(MSOBJ_SRCS) $(US_HDRS)
	@mkdir -p $(ST_OUT)
	$(CC) $(USER_CFLAGS) -I$(SRC)/userspace/lib $(NL_CFLAGS) $(SAN_FLAGS) \
		-o $@ $< $(SRC)/userspace/lib/ktls.c $(MSLIB_SRCS) $(MSOBJ_SRCS) \
		$(NL_LIBS) -lgnutls

.PHONY: selftests
selftests: $(addprefix $(ST_OUT)/,$(TEST_GEN_PROGS)) $(ST_OUT)/ms_endpoint \
	$(ST_OUT)/tls_gw

GUEST_TESTS := $(addprefix selftests/,$(TEST_PROGS)) \
	$(addprefix $(ST_OUT)/,$(TEST_GEN_PROGS)) \
	$(addprefix selftests/,$(TEST_PROGS_LAST))

ALL_TARGETS += selftests

# Native tests that need no kernel of ours.
NATIVE_TESTS += $(SRC)/selftests/native/cli_usage.sh \
	$(SRC)/selftests/native/mgd_usage.sh \
	$(SRC)/selftests/native/vm_harness.sh
