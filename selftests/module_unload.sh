#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs last: the module, used by the tests before it, unloads cleanly and
# leaves nothing behind.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 2
ms_load
ms_check "module unloads after use" rmmod mediasec
ms_check "nothing left behind" ms_nothing_left
ms_exit
