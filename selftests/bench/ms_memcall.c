// SPDX-License-Identifier: GPL-2.0
/*
 * ms_memcall: the kernel memory one call costs (issue 13).  Installs N
 * e2ae calls - 2 SRTP contexts with a key each and 4 flows (RTP and RTCP,
 * both ways) - in a fresh network namespace, and prints the growth of the
 * kernel's Slab + Percpu + VmallocUsed (/proc/meminfo) per call, then
 * removes them.
 *
 *   ms_memcall SUITE CALLS
 *
 * prints "bench: kernel memory per call SUITE: B bytes (N calls, 2
 * contexts + 4 flows each)".
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/mediasec.h>

#include "msobj.h"

static long long meminfo_bytes(void)
{
	static const char *const keys[] = {
		"Slab:", "Percpu:", "VmallocUsed:",
	};
	char line[128], name[32];
	long long sum = 0, v;
	FILE *f = fopen("/proc/meminfo", "r");
	size_t i;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31s %lld", name, &v) != 2)
			continue;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(name, keys[i]))
				sum += v * 1024;
	}
	if (f)
		fclose(f);
	return sum;
}

static int settle(void)
{
	FILE *f;

	sync();
	f = fopen("/proc/sys/vm/drop_caches", "w");
	if (!f)
		return -1;
	fputs("2\n", f);	/* slab caches that can go */
	return fclose(f);
}

static const struct { const char *name; unsigned int id, key, salt; } suites[] = {
	{ "AES_CM_128_HMAC_SHA1_80", MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,
	  16, 14 },
	{ "AEAD_AES_128_GCM", MEDIASEC_SUITE_AEAD_AES_128_GCM, 16, 12 },
	{ "AES_256_CM_HMAC_SHA1_80", MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80,
	  32, 14 },
	{ "AEAD_AES_256_GCM", MEDIASEC_SUITE_AEAD_AES_256_GCM, 32, 12 },
};

static void ep(struct msobj_ep *e, unsigned int call, unsigned int side,
	       uint16_t port)
{
	e->alen = 4;
	e->addr[0] = side ? 10 : 172;
	e->addr[1] = (uint8_t)(call >> 16);
	e->addr[2] = (uint8_t)(call >> 8);
	e->addr[3] = (uint8_t)call;
	e->port = port;
}

static int add_call(struct msnl *nl, unsigned int i, unsigned int s)
{
	struct msobj_ctx rx = { .id = 2 * i - 1, .dir = MEDIASEC_DIR_RX,
				.suite = suites[s].id };
	struct msobj_ctx tx = { .id = 2 * i, .dir = MEDIASEC_DIR_TX,
				.suite = suites[s].id };
	struct msobj_key k = { .master_len = (uint8_t)suites[s].key,
			       .salt_len = (uint8_t)suites[s].salt };
	struct msobj_flow f;
	unsigned int j;
	int ret;

	memset(k.master, (int)i, sizeof(k.master));
	memset(k.salt, (int)(i >> 8), sizeof(k.salt));
	ret = msobj_ctx_new(nl, &rx) ?: msobj_key_add(nl, rx.id, &k) ?:
	      msobj_ctx_new(nl, &tx) ?: msobj_key_add(nl, tx.id, &k);
	for (j = 0; j < 4 && !ret; j++) {
		memset(&f, 0, sizeof(f));
		f.id = 4 * i - 3 + j;
		f.action = j & 1 ? MEDIASEC_ACTION_RTP_TO_SRTP :
				   MEDIASEC_ACTION_SRTP_TO_RTP;
		f.kind = j < 2 ? MEDIASEC_KIND_RTP : MEDIASEC_KIND_RTCP;
		ep(&f.local, i, j & 1, (uint16_t)(40000 + j));
		ep(&f.out_dst, i, !(j & 1), (uint16_t)(50000 + j));
		if (j & 1)
			f.tx_ctx = tx.id;
		else
			f.rx_ctx = rx.id;
		ret = msobj_flow_new(nl, &f);
	}
	memset(&k, 0, sizeof(k));
	return ret;
}

int main(int argc, char **argv)
{
	unsigned int n, i, s;
	long long before, after;
	struct msnl nl;
	int ret = 0;

	if (argc != 3)
		goto usage;
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		if (!strcmp(argv[1], suites[s].name))
			break;
	n = (unsigned int)strtoul(argv[2], NULL, 0);
	if (s == sizeof(suites) / sizeof(suites[0]) || !n || n > 1000000)
		goto usage;
	if (unshare(CLONE_NEWNET) || msnl_open(&nl)) {
		perror("ms_memcall: namespace or netlink");
		return 1;
	}
	settle();
	before = meminfo_bytes();
	for (i = 1; i <= n && !ret; i++)
		ret = add_call(&nl, i, s);
	if (ret) {
		fprintf(stderr, "ms_memcall: call %u: %s (%s)\n", i - 1,
			strerror(-ret), nl.errmsg);
		return 1;
	}
	settle();
	after = meminfo_bytes();
	printf("bench: kernel memory per call %s: %lld bytes (%u calls, 2 contexts + 4 flows each)\n",
	       suites[s].name, (after - before) / n, n);
	for (i = 1; i <= n; i++) {
		msobj_flow_del(&nl, 4 * i - 3);
		msobj_flow_del(&nl, 4 * i - 2);
		msobj_flow_del(&nl, 4 * i - 1);
		msobj_flow_del(&nl, 4 * i);
		msobj_ctx_del(&nl, 2 * i - 1);
		msobj_ctx_del(&nl, 2 * i);
	}
	msnl_close(&nl);
	printf("# %s: %lld kB of slab, per-CPU and vmalloc before, %lld kB with the calls\n",
	       suites[s].name, before / 1024, after / 1024);
	return 0;

usage:
	fprintf(stderr, "usage: ms_memcall SUITE CALLS\n");
	return 2;
}
