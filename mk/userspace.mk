# SPDX-License-Identifier: GPL-2.0
# Userspace: the mediasec CLI (and, later, mediasecd) and their library.

US_OUT := $(O)/userspace
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)

MSLIB_SRCS := $(SRC)/userspace/lib/msnl.c
MSOBJ_SRCS := $(SRC)/userspace/lib/msobj.c $(SRC)/userspace/lib/msobj_relay.c \
	      $(SRC)/userspace/lib/msobj_policy.c
CLI_SRCS := $(wildcard $(SRC)/userspace/cli/*.c)
US_HDRS := $(wildcard $(SRC)/userspace/lib/*.h $(SRC)/userspace/cli/*.h \
	$(SRC)/ebpf/*.h $(SRC)/include/uapi/linux/*.h)

MEDIASEC_CLI := $(US_OUT)/mediasec

$(MEDIASEC_CLI): $(CLI_SRCS) $(MSLIB_SRCS) $(MSOBJ_SRCS) $(US_HDRS) \
		$(O)/bpf/mediasec_xdp.skel.h
	@mkdir -p $(US_OUT)
	$(CC) $(USER_CFLAGS) -I$(SRC)/ebpf -I$(SRC)/userspace/lib \
		-I$(SRC)/userspace/mediasecd $(NL_CFLAGS) $(PKG_LDFLAGS) -o $@ \
		$(CLI_SRCS) $(MSLIB_SRCS) $(MSOBJ_SRCS) $(MIKEY_SRCS) \
		$(SRC)/userspace/mediasecd/kms.c \
		$(SRC)/userspace/mediasecd/kms_replay.c \
		$(SRC)/userspace/mediasecd/kms_async.c \
		$(SRC)/userspace/mediasecd/log.c $(NL_LIBS) -lbpf -lelf -lz \
		-lcurl -lcrypto

ALL_TARGETS += $(MEDIASEC_CLI)

# libFuzzer on what user space parses from the kernel (replies, events).
FUZZ_NLMSG := $(O)/fuzz/fuzz_nlmsg

$(FUZZ_NLMSG): $(SRC)/userspace/fuzz/fuzz_nlmsg.c $(MSLIB_SRCS) \
		$(MSOBJ_SRCS) $(US_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/include/uapi -I$(SRC)/userspace/lib $(NL_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(MSLIB_SRCS) $(MSOBJ_SRCS) $(NL_LIBS)

FUZZ_TARGETS += $(FUZZ_NLMSG)
ALL_TARGETS += $(FUZZ_NLMSG)
