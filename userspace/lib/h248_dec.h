/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two halves of the H.248 decoder share (h248_msg.c: messages,
 * transactions, actions and commands; h248_desc.c: the descriptors of a
 * command).  Not an interface of the library: h248.h is.
 */
#ifndef MEDIASEC_H248_DEC_H
#define MEDIASEC_H248_DEC_H

#include <errno.h>
#include <string.h>

#include "h248.h"

struct h248_dec {
	struct h248_pool *p;
	struct h248_err *err;
	bool in_trans;
	bool in_request;
	uint32_t trans_id;
};

/*
 * Append one element to a list that must stay contiguous in its pool:
 * @base/@count describe the list, @used the pool's fill.  A list is
 * contiguous unless the same descriptor appears twice with something else
 * allocated in between, which we refuse.
 */
#define DEC_APPEND(d, n, pool_arr, used, max, base, count, out)		\
({									\
	int __r = 0;							\
	if ((used) >= (max)) {						\
		__r = h248_dec_fail(d, n, H248_ERR_SYNTAX_MSG,		\
			       "message too complex");			\
	} else if ((count) && (base) + (count) != &(pool_arr)[used]) {	\
		__r = h248_dec_fail(d, n, H248_ERR_SYNTAX_CMD,		\
			       "descriptor repeated");			\
	} else {							\
		if (!(count))						\
			(base) = &(pool_arr)[used];			\
		(out) = &(pool_arr)[(used)++];				\
		memset((out), 0, sizeof(*(out)));			\
		(count)++;						\
	}								\
	__r;								\
})

int h248_dec_fail(struct h248_dec *d, const struct h248_node *n, int code,
		  const char *reason);
enum h248_tok h248_dec_tok(const struct h248_node *n);
bool h248_dec_u32(const char *s, uint32_t *v);
int h248_dec_param(struct h248_dec *d, const struct h248_node *n,
		   struct h248_param **base, unsigned int *count);
int h248_dec_params(struct h248_dec *d, const struct h248_node *first,
		    struct h248_param **base, unsigned int *count);
int h248_dec_error(struct h248_dec *d, const struct h248_node *n,
		   struct h248_error *e);
int h248_dec_descriptor(struct h248_dec *d, const struct h248_node *n,
			struct h248_cmd *cmd);

#endif /* MEDIASEC_H248_DEC_H */
