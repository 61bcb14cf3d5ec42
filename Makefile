# SPDX-License-Identifier: GPL-2.0
#
# mediasec top-level Makefile.  Everything is built out of tree into $(O).
#
#   make            build the module (with BTF), BPF programs, userspace, tests
#   make deps       install the Debian packages everything needs (root)
#   make check      all tests: native unit tests here, kernel tests in the guest
#   make demo       boot the guest and show the data path in place
#   make bench      benchmarks (see docs/performance.md)
#   make deb        Debian packages, lintian-checked (mk/deb.mk)
#   make clean      remove $(O)

SHELL	:= /bin/bash
SRC	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O	?= $(SRC)/build
override O := $(abspath $(O))

# Run 'make deps' first whenever a tool or header this build needs is
# missing, so that a fresh Debian 12 machine needs nothing but make.  (Not
# inside a package build: its Build-Depends are dpkg's to check.)
ifeq ($(filter deps clean,$(MAKECMDGOALS))$(MEDIASEC_NO_DEPS),)
NEED_DEPS := $(shell $(SRC)/scripts/deps.sh --check >/dev/null 2>&1 || echo yes)
ifeq ($(NEED_DEPS),yes)
$(info mediasec: installing missing packages (scripts/deps.sh))
DEPS_RC := $(shell $(SRC)/scripts/deps.sh >&2; echo $$?)
ifneq ($(DEPS_RC),0)
$(error scripts/deps.sh failed; run it as root)
endif
endif
endif

KVER	:= $(shell $(SRC)/scripts/kver.sh)
KDIR	?= /lib/modules/$(KVER)/build
KSRC_TAR ?= /usr/src/linux-source-6.1.tar.xz

CC	?= gcc
CLANG	?= clang
BPFTOOL	?= bpftool
PAHOLE	?= pahole

# PKG_CFLAGS, PKG_LDFLAGS: a package build's hardening (debian/rules).
USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
	-I$(SRC)/include/uapi -I$(O) -I$(O)/bpf $(PKG_CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# Test registries, filled by the mk/*.mk fragments:
#   NATIVE_TESTS  executables run on this machine by 'make check'
#   GUEST_TESTS   paths (relative to $(SRC)) run inside the guest
NATIVE_TESTS :=
GUEST_TESTS :=
FUZZ_TARGETS :=
BENCH_TARGETS :=
ALL_TARGETS :=

.PHONY: all deps check check-native check-guest check-style demo bench clean

all: build-all

include $(SRC)/mk/tools.mk
include $(SRC)/mk/kmod.mk
include $(SRC)/mk/bpf.mk
include $(SRC)/mk/userspace.mk
include $(SRC)/mk/engine.mk
include $(SRC)/mk/sdp.mk
include $(SRC)/mk/mikey.mk
include $(SRC)/mk/h248.mk
include $(SRC)/mk/mediasecd.mk
include $(SRC)/mk/selftests.mk
include $(SRC)/mk/bench.mk
include $(SRC)/mk/deb.mk

build-all: $(ALL_TARGETS)

deps:
	$(SRC)/scripts/deps.sh

# The build first, one job per core (the tests then run as check.sh says).
check:
	@$(MAKE) --no-print-directory -j$$(nproc) build-all
	GUEST_TESTS="$(GUEST_TESTS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" \
		$(SRC)/scripts/check.sh "$(O)" $(NATIVE_TESTS)

demo:
	@$(MAKE) --no-print-directory -j$$(nproc) build-all
	$(SRC)/scripts/demo.sh "$(O)"

# Each mk/*.mk fragment adds a phony target that runs one benchmark and
# prints 'bench: ...' lines (figures go to docs/performance.md).
bench: build-all
	@$(if $(BENCH_TARGETS),$(MAKE) --no-print-directory $(BENCH_TARGETS),echo "bench: no benchmarks yet")

clean:
	rm -rf "$(O)"
