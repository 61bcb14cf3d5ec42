// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs: the module's entry points for the XDP and TC programs of ebpf/.
 * They are found by BPF programs through the module's BTF.
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <net/xdp.h>

#include "compat.h"
#include "mediasec.h"

/**
 * bpf_mediasec_xdp_selftest() - invert a range of bytes of an XDP packet
 * @ctx: XDP context of the calling program
 * @offset: first byte to invert, counted from the start of the packet
 * @len: number of bytes to invert
 *
 * Checks the kfunc path end to end (BTF, registration, packet access)
 * for the self-tests: the effect is visible in the packet that
 * BPF_PROG_TEST_RUN returns.  Only the linear part of the packet counts.
 *
 * Return: 0, or -EINVAL with the packet unchanged if the range does not
 * lie inside the packet.
 */
__bpf_kfunc int bpf_mediasec_xdp_selftest(struct xdp_md *ctx, u32 offset,
					  u32 len)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	u32 size = xdp->data_end - xdp->data;
	u8 *p = xdp->data;
	u32 i;

	if (offset > size || len > size - offset)
		return -EINVAL;

	for (i = 0; i < len; i++)
		p[offset + i] = ~p[offset + i];
	return 0;
}

BTF_KFUNCS_START(ms_xdp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mediasec_xdp_selftest)
BTF_KFUNCS_END(ms_xdp_kfunc_ids)

static const struct btf_kfunc_id_set ms_xdp_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &ms_xdp_kfunc_ids,
};

int __init ms_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &ms_xdp_kfunc_set);
}
