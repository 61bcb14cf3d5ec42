/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasec CLI: shared declarations.  One file per subcommand.
 */
#ifndef _MS_CLI_H
#define _MS_CLI_H

#include <stdbool.h>
#include <stdint.h>

/* Exit codes, as iproute2: 1 usage or parse error, 2 kernel error. */
#define EXIT_USAGE	1
#define EXIT_KERNEL	2

extern bool json;
/* The commands come from stdin (-b -): keys cannot. */
extern bool batch_stdin;
extern const char *prog;

int cmd_info(int argc, char **argv);
int cmd_dev(int argc, char **argv);
int cmd_ctx(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_flow(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_relay(int argc, char **argv);
int cmd_mikey(int argc, char **argv);
/* The CLI's word for an enum mediasec_relay_end (cmd_relay.c). */
const char *relay_end_name(unsigned int end);

struct nl_msg;
struct nlattr;
/*
 * One request: @fill (if any) writes the attributes of the nest @nest_type;
 * @fn gets each reply.  Returns 0, the usage error of @fill, or EXIT_KERNEL
 * after printing the kernel's error about @what.
 */
int ms_request(int cmd, int flags, int nest_type,
	       int (*fill)(int argc, char **argv, struct nl_msg *msg),
	       int argc, char **argv,
	       int (*fn)(struct nlattr **tb, void *arg), void *arg,
	       const char *what);

/* Suite names as RFC 4568 writes them (cmd_ctx.c). */
int ms_suite_parse(const char *s);
const char *ms_suite_name(unsigned int suite);

#define MS_NR_RESULTS __MEDIASEC_RESULT_MAX

/* Numbers: decimal or 0x hex, whole string, in range; 0 or -1. */
int get_u32(const char *s, unsigned long long *out);
int get_u64(const char *s, uint64_t *out);

/* An object id attribute (1 .. 2^32 - 1); 0 or EXIT_USAGE. */
int put_id(struct nl_msg *msg, int type, const char *s);

/* Uniform messages; each returns EXIT_USAGE. */
int invarg(const char *what, const char *arg);
int missarg(const char *what);
int duparg(const char *what, const char *arg);
/* Report a kernel error (errno and extack message); returns EXIT_KERNEL. */
int kerr(const char *what, int err, const char *msg);

#endif /* _MS_CLI_H */
