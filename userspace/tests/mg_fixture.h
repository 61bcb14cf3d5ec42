/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test fixture every mg_*_unit file shares: a gateway of the fake
 * configuration (mg_fake.h) on the fake kernel, and a run to execute
 * requests in.  Included after kselftest_harness.h.
 */
#ifndef _MG_FIXTURE_H
#define _MG_FIXTURE_H

#include "mg_fake.h"

FIXTURE(mg) {
	struct mgd_config cfg;
	struct fake k;
	struct mg g;
	struct run *r;
};

FIXTURE_SETUP(mg)
{
	char err[128];

	ASSERT_EQ(0, mgd_config_parse(&self->cfg, conf, err, sizeof(err)));
	memset(&self->k, 0, sizeof(self->k));
	ASSERT_EQ(0, mg_init(&self->g, &self->cfg, &fake_ops, &self->k));
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
}

FIXTURE_TEARDOWN(mg)
{
	mg_fini(&self->g);
	free(self->r);
}

#endif /* _MG_FIXTURE_H */
