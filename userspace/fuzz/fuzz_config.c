// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for mediasecd's configuration file (userspace/
 * mediasecd/config.c): realms and their policies, MGCs, timers, and the
 * TLS certificate and key of MSRP terminations (tls-cert, tls-key,
 * msrp-setup-ms).  A file is accepted whole or refused with "line N:
 * why"; what is accepted holds only what its checks allow (every string
 * NUL-terminated within its field, paths absolute, a realm's range in
 * order).  Any failure of these properties aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_config: %s\n", what);
		abort();
	}
}

static void fz_path(const char *p, size_t size, const char *what)
{
	fz_check(memchr(p, '\0', size) != NULL, what);
	fz_check(!p[0] || p[0] == '/', what);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct mgd_config c;
	char err[256], *text;
	unsigned int i;
	int ret;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	ret = mgd_config_parse(&c, text, err, sizeof(err));
	free(text);
	if (ret) {
		fz_check(!strncmp(err, "line ", 5) || err[0], "a refusal says why");
		return 0;
	}
	fz_path(c.tls_cert, sizeof(c.tls_cert), "tls-cert");
	fz_path(c.tls_key, sizeof(c.tls_key), "tls-key");
	fz_path(c.state_dir, sizeof(c.state_dir), "state-dir");
	fz_check(c.msrp_setup_ms >= 100 && c.msrp_setup_ms <= 600000,
		 "msrp-setup-ms in range");
	fz_check(c.nrealm <= MGD_MAX_REALMS && c.nmgc <= MGD_MAX_MGCS,
		 "bounded tables");
	for (i = 0; i < c.nrealm; i++) {
		fz_check(memchr(c.realm[i].name, '\0',
				sizeof(c.realm[i].name)) != NULL, "realm name");
		fz_check(c.realm[i].lo <= c.realm[i].hi, "realm range");
		fz_check(c.realm[i].alen == 4 || c.realm[i].alen == 16,
			 "realm address");
	}
	fz_check(memchr(c.mid, '\0', sizeof(c.mid)) != NULL, "mid");
	return 0;
}
