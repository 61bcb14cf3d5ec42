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

#endif /* _MEDIASEC_COMPAT_H */
