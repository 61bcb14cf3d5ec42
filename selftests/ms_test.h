/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by mediasec's C tests (kselftest_harness based).
 */
#ifndef _MS_TEST_H
#define _MS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Load mediasec.ko from the build folder ($MEDIASEC_O, else ./build) unless
 * it is loaded already.  Returns 0 or a negative errno.
 */
static inline int ms_test_load_module(void)
{
	const char *o = getenv("MEDIASEC_O");
	char path[PATH_MAX];
	struct stat st;
	int fd, ret;

	if (stat("/sys/module/mediasec", &st) == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/kbuild/kmod/mediasec.ko",
		 o ? o : "build");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (ret && errno != EEXIST)
		ret = -errno;
	else
		ret = 0;
	close(fd);
	return ret;
}

#endif /* _MS_TEST_H */
