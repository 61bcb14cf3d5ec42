/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gateway's kernel operations over the mediasec netlink family, and
 * the records of its contexts in the state directory; their argument is
 * a struct mgd_kern.
 */
#ifndef _MGD_KERN_H
#define _MGD_KERN_H

#include "mg.h"
#include "msrp.h"

/**
 * struct mgd_kern - what the kernel operations work on
 * @nl: an open netlink socket of the family
 * @dirfd: the state directory, or -1 (no records kept)
 * @msrp: the MSRP legs (msrp.c)
 * @kms: the KMS (kms.c), NULL when none is configured
 */
struct mgd_kern {
	struct msnl *nl;
	int dirfd;
	struct mgd_msrp *msrp;
	struct mgd_kms *kms;
	struct mgd_metrics *metrics;	/* what removed objects counted */
	bool del_echo;			/* the module answers NLM_F_ECHO deletes */
};

extern const struct mg_ops mgd_kernel_ops;
/* mg_ops.kms_resolve over @arg's kms: set when a KMS is configured */
int mgd_kern_kms_resolve(void *arg, const uint8_t *ti, size_t len,
			 struct mikey_result *res, unsigned int *code,
			 const char **why);
void mgd_kern_kms_settle(void *arg, bool taken);
int mgd_kern_kms_offer(void *arg, uint16_t suite, struct mikey_result *res,
		       unsigned int *code, const char **why);

#endif /* _MGD_KERN_H */
