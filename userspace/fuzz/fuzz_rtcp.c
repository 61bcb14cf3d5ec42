// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the kernel's walk over RTCP packets
 * (kmod/rtcp_rtt.c, ms_rtcp_read(): the round trips of rtp/delay), built
 * natively as the module builds it.  The input is one packet as the data
 * path hands it over, in the clear; the buffer is exactly as long, so
 * ASan sees any byte read past it.  What the walk returns must hold: no
 * more blocks than it keeps, an SR only from a packet long enough for
 * one, and each block's bytes within the packet (checked by finding the
 * block's SSRC in it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtcp_rtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_rtcp_seen seen;
	uint8_t *p;
	unsigned int i;

	if (size > 65536)
		return 0;
	p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	memset(&seen, 0xa5, sizeof(seen));
	ms_rtcp_read(p, (u32)size, &seen);
	if (seen.nblocks > MS_RTCP_BLOCKS)
		abort();
	if (seen.has_sr && (size < 28 || p[1] != 200 || (p[0] >> 6) != 2))
		abort();
	for (i = 0; i < seen.nblocks; i++) {
		const uint8_t *s = p;
		size_t left = size;
		int found = 0;

		/* the block's SSRC stands somewhere in the packet */
		while (left >= 4 && !found) {
			found = ms_get_be32(s) == seen.block[i].ssrc;
			s++;
			left--;
		}
		if (!found)
			abort();
	}
	free(p);
	return 0;
}
