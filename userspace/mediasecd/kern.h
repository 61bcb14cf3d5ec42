/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gateway's kernel operations over the mediasec netlink family; their
 * argument is an open struct msnl.
 */
#ifndef _MGD_KERN_H
#define _MGD_KERN_H

#include "mg.h"

extern const struct mg_ops mgd_kernel_ops;

#endif /* _MGD_KERN_H */
