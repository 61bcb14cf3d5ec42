/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module-wide memory budget (budget.c).
 */
#ifndef _MS_BUDGET_H
#define _MS_BUDGET_H

#include <linux/types.h>

struct netlink_ext_ack;

/*
 * What one master key's crypto objects hold at most (SRTP and SRTCP
 * session keys, and the probes of a key derivation rate), by cipher.
 */
#define MS_KEY_CHARGE_CTR	(10 * 1024)
#define MS_KEY_CHARGE_GCM	(18 * 1024)
#define MS_KEY_CHARGE_NULL	(4 * 1024)

void ms_budget_init(void);
int ms_mem_charge(unsigned long bytes, struct netlink_ext_ack *extack);
void ms_mem_uncharge(unsigned long bytes);
unsigned long ms_mem_charged_bytes(void);

#endif /* _MS_BUDGET_H */
