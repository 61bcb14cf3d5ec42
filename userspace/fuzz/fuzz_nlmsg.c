// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what user space reads from the kernel: the input
 * is a stream of netlink messages as a recvmsg() would return it; each
 * generic netlink message is parsed as the CLI and mediasecd parse replies
 * and events (msnl.c's policies, msobj's flow and context parsers, the
 * event attributes).  Must not read outside the input, whatever it holds.
 */
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "msnl.h"
#include "msobj.h"

static void event(struct nlattr *a)
{
	struct nlattr *et[MEDIASEC_A_EVENT_MAX + 1];
	volatile uint64_t sink = 0;
	int i;

	if (nla_parse_nested(et, MEDIASEC_A_EVENT_MAX, a, msnl_event_policy))
		return;
	for (i = 0; i <= MEDIASEC_A_EVENT_MAX; i++) {
		if (!et[i])
			continue;
		switch (msnl_event_policy[i].type) {
		case NLA_U16:
			sink += nla_get_u16(et[i]);
			break;
		case NLA_U32:
			sink += nla_get_u32(et[i]);
			break;
		case NLA_U64:
			sink += nla_get_u64(et[i]);
			break;
		default:
			sink += ((const uint8_t *)nla_data(et[i]))[nla_len(et[i]) - 1];
			break;
		}
	}
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlattr *tb[MEDIASEC_A_MAX + 1];
	struct msobj_ctx_stats st;
	struct msobj_flow f;
	struct nlmsghdr *nlh;
	void *buf;
	int len;

	if (size > 65536)
		return 0;
	/* An exact-size, aligned copy: ASan sees every byte past the end. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	len = (int)size;
	for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		if (!genlmsg_valid_hdr(nlh, 0) ||
		    genlmsg_parse(nlh, 0, tb, MEDIASEC_A_MAX, msnl_top_policy))
			continue;
		msobj_flow_parse(tb, &f);
		msobj_ctx_stats_parse(tb, &st);
		if (tb[MEDIASEC_A_EVENT])
			event(tb[MEDIASEC_A_EVENT]);
	}
	free(buf);
	return 0;
}
