// SPDX-License-Identifier: GPL-2.0
/*
 * The floor must run on the very transforms mediasec.ko runs on: the same
 * choice, compiled in (nothing of it is exported from mediasec.ko).
 */
#include "srtp_crypto_pick.c"
