/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * mediasec: media-plane security offload (SRTP/SRTCP, kTLS relay) for an
 * IMS access gateway.
 *
 * Generic netlink family "mediasec" (MEDIASEC_GENL_NAME), version
 * MEDIASEC_GENL_VERSION.  Resolve the family id with the generic netlink
 * controller (CTRL_CMD_GETFAMILY), then send one of the commands below.
 * Every attribute is validated against a policy; unknown attributes are
 * rejected (strict validation).  Errors carry an extended ack message.
 *
 * MEDIASEC_CMD_INFO_GET
 * ---------------------
 *
 * Query the module.  Any user may ask.  Takes no attributes.  Returns:
 *
 *    MEDIASEC_A_INFO_VERSION: NLA_NUL_STRING, module version ("1.2.3")
 *    MEDIASEC_A_INFO_API_VERSION: NLA_U32, MEDIASEC_GENL_VERSION
 *
 * Kfuncs for BPF programs
 * -----------------------
 *
 * The module registers kfuncs for BPF_PROG_TYPE_XDP programs; their
 * prototypes are in the module's BTF (/sys/kernel/btf/mediasec):
 *
 *    int bpf_mediasec_xdp_selftest(struct xdp_md *ctx, __u32 offset,
 *                                  __u32 len);
 *        Inverts @len bytes of the packet from @offset.  Returns 0, or
 *        -EINVAL (packet unchanged) if the range is not inside the packet.
 *        Used by the self-tests to check the kfunc plumbing end to end.
 */

#ifndef _UAPI_LINUX_MEDIASEC_H
#define _UAPI_LINUX_MEDIASEC_H

#define MEDIASEC_GENL_NAME	"mediasec"
#define MEDIASEC_GENL_VERSION	1

enum mediasec_cmd {
	MEDIASEC_CMD_UNSPEC,
	MEDIASEC_CMD_INFO_GET,

	__MEDIASEC_CMD_MAX
};

#define MEDIASEC_CMD_MAX (__MEDIASEC_CMD_MAX - 1)

enum mediasec_attr {
	MEDIASEC_A_UNSPEC,
	MEDIASEC_A_INFO_VERSION,
	MEDIASEC_A_INFO_API_VERSION,

	__MEDIASEC_A_MAX
};

#define MEDIASEC_A_MAX (__MEDIASEC_A_MAX - 1)

#endif /* _UAPI_LINUX_MEDIASEC_H */
