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
 */
struct mgd_kern {
	struct msnl *nl;
	int dirfd;
	struct mgd_msrp *msrp;
};

extern const struct mg_ops mgd_kernel_ops;

#endif /* _MGD_KERN_H */
