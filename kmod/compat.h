/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernel APIs of 6.1 (where mediasec is tested)
 * and 6.12 that mediasec meets, in one place.
 */
#ifndef _MEDIASEC_COMPAT_H
#define _MEDIASEC_COMPAT_H

#include <linux/version.h>
#include <linux/btf_ids.h>

/*
 * 6.4 added __bpf_kfunc; before, a kfunc only had to stay out of line.
 * Kfuncs are declared in mediasec.h, so neither the compiler nor sparse
 * needs 6.7's __bpf_kfunc_start_defs() silencing.
 */
#ifndef __bpf_kfunc
#define __bpf_kfunc noinline
#endif

/* 6.9 wants kfunc id sets marked as such (BTF_SET8_KFUNCS). */
#ifndef BTF_KFUNCS_START
#define BTF_KFUNCS_START(name) BTF_SET8_START(name)
#define BTF_KFUNCS_END(name) BTF_SET8_END(name)
#endif

/*
 * KF_TRUSTED_ARGS (6.0 on): from 6.3 the verifier refuses a maybe-NULL
 * pointer for such a kfunc's arguments; on 6.1 it only asks pointers to
 * kernel objects (not our map values or stack copies) to be referenced.
 * The kfuncs check every pointer for NULL themselves on every version.
 */
#ifndef KF_TRUSTED_ARGS
#define KF_TRUSTED_ARGS 0
#endif

/*
 * The events multicast group carries subscriber data (latched addresses
 * and ports): only CAP_NET_ADMIN may join it.  6.8 added the flag, and
 * 6.1.y (Debian 12's 6.1.0) and 6.6.y have it backported; without it any
 * process could listen, so refuse to build.
 */
#include <net/genetlink.h>
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "mediasec needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.8, or 6.1.y/6.6.y stable)"
#endif

#endif /* _MEDIASEC_COMPAT_H */
