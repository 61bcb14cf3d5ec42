/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec CLI: shared declarations.  One file per subcommand.
 */
#ifndef _MS_CLI_H
#define _MS_CLI_H

#include <stdbool.h>

/* Exit codes, as iproute2: 1 usage or parse error, 2 kernel error. */
#define EXIT_USAGE	1
#define EXIT_KERNEL	2

extern bool json;
extern const char *prog;

int cmd_info(int argc, char **argv);
int cmd_dev(int argc, char **argv);

/* Uniform messages; each returns EXIT_USAGE. */
int invarg(const char *what, const char *arg);
int missarg(const char *what);
/* Report a kernel error (errno and extack message); returns EXIT_KERNEL. */
int kerr(const char *what, int err, const char *msg);

#endif /* _MS_CLI_H */
