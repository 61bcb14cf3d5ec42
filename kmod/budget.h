/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module-wide memory budget (budget.c).
 */
#ifndef _MS_BUDGET_H
#define _MS_BUDGET_H

#include <linux/types.h>

struct netlink_ext_ack;

/*
 * What one master key's crypto objects hold at most, by cipher: for SRTP
 * and SRTCP each, the transform (a 1 KiB slab object with the AES key
 * schedule), the raw key and the HMAC pad states; and the probes and PRF
 * of a key derivation rate.  "make bench-mem" measures a call.
 */
#define MS_KEY_CHARGE_CTR	(4 * 1024)
#define MS_KEY_CHARGE_GCM	(4 * 1024)
#define MS_KEY_CHARGE_NULL	(2 * 1024)

void ms_budget_init(void);
int ms_mem_charge(unsigned long bytes, struct netlink_ext_ack *extack);
void ms_mem_uncharge(unsigned long bytes);
unsigned long ms_mem_charged_bytes(void);

#endif /* _MS_BUDGET_H */
