# SPDX-License-Identifier: GPL-2.0
# mediasecd, the H.248 media gateway (issue 7; in progress), and its parts
# tested natively.  Included by the top Makefile after h248.mk.
#
#   $(O)/userspace/mediasecd   the daemon
#   $(O)/native/pool_unit      port pairs of a realm (TAP)
#   $(O)/native/config_unit    the configuration file (TAP)
#   $(O)/native/trans_unit     the H.248 transaction layer (TAP)
#   $(O)/native/link_unit      registration and supervision of the MGCs
#   $(O)/native/media_unit     a termination pair to contexts, keys, flows
#   $(O)/native/mg_unit        H.248 commands against a fake kernel
#   $(O)/native/mg_keys_unit   the gateway's keys, re-keys and restarts
#   $(O)/native/mg_root_unit   ROOT, the null context and Context=*
#   $(O)/native/mg_events_unit the events terminations ask for
#   $(O)/native/mg_local_unit  the Local the MGC gives (H.248.77)
#   $(O)/native/mg_stats_unit  the statistics a termination reports
#   $(O)/native/mg_policy_unit gates, policing, DiffServ, latching, ipstop
#   $(O)/native/msrp_tls_unit  the TLS-PSK handshake of an MSRP leg
#   $(O)/native/msrp_leg_unit  MSRP legs as H.248 drives them (loopback)

MGD_SRC		:= $(SRC)/userspace/mediasecd
MGD_HDRS	:= $(wildcard $(MGD_SRC)/*.h)
# One version for the module and the daemon: kmod/mediasec.h's.
MS_VERSION	:= $(shell sed -n 's/^\#define MEDIASEC_VERSION "\(.*\)"/\1/p' \
		     $(SRC)/kmod/mediasec.h)
MGD_CFLAGS	:= $(USER_CFLAGS) -I$(MGD_SRC) -I$(SRC)/userspace/lib $(NL_CFLAGS) \
		   -DMEDIASEC_VERSION='"$(MS_VERSION)"'

POOL_UNIT	:= $(O)/native/pool_unit

$(POOL_UNIT): $(SRC)/userspace/tests/pool_unit.c $(MGD_SRC)/pool.c \
		$(MGD_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/pool.c

CONFIG_UNIT	:= $(O)/native/config_unit

$(CONFIG_UNIT): $(SRC)/userspace/tests/config_unit.c $(MGD_SRC)/config.c \
		$(MGD_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/config.c \
		$(SDP_LIBS)

METRICS_UNIT	:= $(O)/native/metrics_unit

$(METRICS_UNIT): $(SRC)/userspace/tests/metrics_unit.c $(MGD_SRC)/metrics.c \
		$(SRC)/userspace/lib/textbuf.c $(MSLIB_SRCS) \
		$(MGD_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/metrics.c \
		$(SRC)/userspace/lib/textbuf.c $(MSLIB_SRCS) $(NL_LIBS)

TRANS_UNIT	:= $(O)/native/trans_unit

$(TRANS_UNIT): $(SRC)/userspace/tests/trans_unit.c $(MGD_SRC)/trans.c \
		$(MGD_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/trans.c

LINK_UNIT	:= $(O)/native/link_unit

$(LINK_UNIT): $(SRC)/userspace/tests/link_unit.c $(MGD_SRC)/link.c \
		$(MGD_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/link.c

MEDIA_UNIT	:= $(O)/native/media_unit

$(MEDIA_UNIT): $(SRC)/userspace/tests/media_unit.c $(MGD_SRC)/media.c \
		$(MGD_HDRS) $(SDP_SAN_LIB) $(SDP_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/media.c \
		$(SDP_SAN_LIB) $(SDP_LIBS)

MG_UNIT		:= $(O)/native/mg_unit
MG_KEYS_UNIT	:= $(O)/native/mg_keys_unit
MG_ROOT_UNIT	:= $(O)/native/mg_root_unit
MG_EVENTS_UNIT	:= $(O)/native/mg_events_unit
MG_LOCAL_UNIT	:= $(O)/native/mg_local_unit
MG_STATS_UNIT	:= $(O)/native/mg_stats_unit
MG_MSRP_UNIT	:= $(O)/native/mg_msrp_unit
MG_POLICY_UNIT	:= $(O)/native/mg_policy_unit
MG_SRCS		:= $(wildcard $(MGD_SRC)/mg_*.c) \
		   $(addprefix $(MGD_SRC)/,media.c pool.c config.c state.c link.c log.c)

$(MG_UNIT) $(MG_KEYS_UNIT) $(MG_ROOT_UNIT) $(MG_EVENTS_UNIT) \
		$(MG_LOCAL_UNIT) $(MG_STATS_UNIT) $(MG_MSRP_UNIT) \
		$(MG_POLICY_UNIT): $(O)/native/%: \
		$(SRC)/userspace/tests/%.c $(SRC)/userspace/tests/mg_fake.c \
		$(SRC)/userspace/tests/mg_fake.h \
		$(SRC)/userspace/tests/mg_fixture.h $(MG_SRCS) $(MGD_HDRS) \
		$(SDP_SAN_LIB) $(SDP_HDRS) $(H248_SAN_LIB) $(H248_HDRS) \
		$(MIKEY_SAN_LIB) $(MIKEY_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< \
		$(SRC)/userspace/tests/mg_fake.c $(MG_SRCS) \
		$(H248_SAN_LIB) $(SDP_SAN_LIB) $(MIKEY_SAN_LIB) $(SDP_LIBS)

MSRP_TLS_UNIT	:= $(O)/native/msrp_tls_unit

$(MSRP_TLS_UNIT): $(SRC)/userspace/tests/msrp_tls_unit.c \
		$(MGD_SRC)/msrp_tls.c $(SRC)/userspace/lib/ktls.c \
		$(MGD_HDRS) $(SDP_SAN_LIB) $(SDP_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/msrp_tls.c $(MGD_SRC)/log.c \
		$(SRC)/userspace/lib/ktls.c $(SDP_SAN_LIB) $(SDP_LIBS) -lgnutls

MSRP_LEG_UNIT	:= $(O)/native/msrp_leg_unit

$(MSRP_LEG_UNIT): $(SRC)/userspace/tests/msrp_leg_unit.c \
		$(MGD_SRC)/msrp.c $(MGD_SRC)/msrp_tls.c \
		$(SRC)/userspace/lib/ktls.c $(SRC)/userspace/tests/mg_fake.c \
		$(SRC)/userspace/tests/mg_fake.h $(MG_SRCS) $(MGD_HDRS) \
		$(SDP_SAN_LIB) $(SDP_HDRS) $(H248_SAN_LIB) $(H248_HDRS) \
		$(MIKEY_SAN_LIB) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/msrp.c \
		$(MGD_SRC)/msrp_tls.c $(SRC)/userspace/lib/ktls.c \
		$(SRC)/userspace/tests/mg_fake.c $(MG_SRCS) \
		$(H248_SAN_LIB) $(SDP_SAN_LIB) $(MIKEY_SAN_LIB) $(SDP_LIBS) \
		-lgnutls

MG_MIKEY_UNIT	:= $(O)/native/mg_mikey_unit

$(MG_MIKEY_UNIT): $(SRC)/userspace/tests/mg_mikey_unit.c \
		$(SRC)/userspace/tests/kms_peer.h $(MGD_SRC)/kms.c \
		$(MGD_SRC)/kms_replay.c $(MGD_SRC)/kms_async.c \
		$(SRC)/userspace/tests/mg_fake.c \
		$(SRC)/userspace/tests/mg_fake.h $(MG_SRCS) $(MGD_HDRS) \
		$(SDP_SAN_LIB) $(SDP_HDRS) $(H248_SAN_LIB) $(H248_HDRS) \
		$(MIKEY_SAN_LIB) $(MIKEY_HDRS) $(KSRC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) -I$(KSFT) -Wno-unused-parameter \
		-Wno-sign-compare $(SAN_FLAGS) -o $@ $< $(MGD_SRC)/kms.c \
		$(MGD_SRC)/kms_replay.c $(MGD_SRC)/kms_async.c \
		$(SRC)/userspace/tests/mg_fake.c $(MG_SRCS) \
		$(H248_SAN_LIB) $(SDP_SAN_LIB) $(MIKEY_SAN_LIB) $(SDP_LIBS) \
		-lcurl

NATIVE_TESTS	+= $(MG_MIKEY_UNIT)
ALL_TARGETS	+= $(MG_MIKEY_UNIT)

NATIVE_TESTS	+= $(POOL_UNIT) $(CONFIG_UNIT) $(METRICS_UNIT) $(TRANS_UNIT) $(LINK_UNIT) \
		   $(MEDIA_UNIT) $(MG_UNIT) $(MG_KEYS_UNIT) $(MG_ROOT_UNIT) \
		   $(MG_EVENTS_UNIT) $(MG_LOCAL_UNIT) $(MG_STATS_UNIT) \
		   $(MG_MSRP_UNIT) $(MG_POLICY_UNIT) $(MSRP_TLS_UNIT) \
		   $(MSRP_LEG_UNIT)
ALL_TARGETS	+= $(POOL_UNIT) $(CONFIG_UNIT) $(METRICS_UNIT) $(TRANS_UNIT) $(LINK_UNIT) \
		   $(MEDIA_UNIT) $(MG_UNIT) $(MG_KEYS_UNIT) $(MG_ROOT_UNIT) \
		   $(MG_EVENTS_UNIT) $(MG_LOCAL_UNIT) $(MG_STATS_UNIT) \
		   $(MG_MSRP_UNIT) $(MG_POLICY_UNIT) $(MSRP_TLS_UNIT) \
		   $(MSRP_LEG_UNIT)

MEDIASECD	:= $(O)/userspace/mediasecd
MGD_ALL_SRCS	:= $(wildcard $(MGD_SRC)/*.c) $(SDP_SRCS) $(H248_SRCS) \
		   $(SRC)/userspace/lib/msnl.c $(MSOBJ_SRCS) \
		   $(SRC)/userspace/lib/ktls.c $(MIKEY_SRCS)

$(MEDIASECD): $(MGD_ALL_SRCS) $(MGD_HDRS) $(SDP_HDRS) $(H248_HDRS) \
		$(MIKEY_HDRS) $(US_HDRS) $(SRC)/kmod/mediasec.h
	@mkdir -p $(@D)
	$(CC) $(MGD_CFLAGS) $(PKG_LDFLAGS) -o $@ $(MGD_ALL_SRCS) $(NL_LIBS) \
		$(SDP_LIBS) -lsctp -lgnutls -lcurl -lcrypto -lmicrohttpd \
		-lsystemd

ALL_TARGETS	+= $(MEDIASECD)

FUZZ_STATE	:= $(O)/fuzz/fuzz_state

$(FUZZ_STATE): $(SRC)/userspace/fuzz/fuzz_state.c $(MGD_SRC)/state.c \
		$(MGD_HDRS) $(SDP_SRCS) $(SDP_HDRS) $(H248_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/include/uapi -I$(MGD_SRC) -I$(SRC)/userspace/lib \
		$(NL_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(MGD_SRC)/state.c \
		$(SDP_SRCS) $(SDP_LIBS)

FUZZ_TARGETS	+= $(FUZZ_STATE)
ALL_TARGETS	+= $(FUZZ_STATE)

FUZZ_POLICY	:= $(O)/fuzz/fuzz_policy

$(FUZZ_POLICY): $(SRC)/userspace/fuzz/fuzz_policy.c $(MGD_SRC)/mg_policy.c \
		$(MGD_HDRS) $(SDP_HDRS) $(H248_HDRS)
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/include/uapi -I$(MGD_SRC) -I$(SRC)/userspace/lib \
		$(NL_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(MGD_SRC)/mg_policy.c

FUZZ_TARGETS	+= $(FUZZ_POLICY)
ALL_TARGETS	+= $(FUZZ_POLICY)

FUZZ_CONFIG	:= $(O)/fuzz/fuzz_config

$(FUZZ_CONFIG): $(SRC)/userspace/fuzz/fuzz_config.c $(MGD_SRC)/config.c \
		$(MGD_SRC)/config.h
	@mkdir -p $(@D)
	$(CLANG) -g -O1 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE \
		-I$(SRC)/include/uapi -I$(MGD_SRC) -I$(SRC)/userspace/lib \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(MGD_SRC)/config.c $(SDP_LIBS)

FUZZ_TARGETS	+= $(FUZZ_CONFIG)
ALL_TARGETS	+= $(FUZZ_CONFIG)
