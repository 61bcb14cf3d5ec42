/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text written into a caller's buffer of fixed size: the writers of SDP,
 * a=crypto and mediasecd's records append with tb_printf() and look
 * at @err once at the end.
 */
#ifndef MEDIASEC_TEXTBUF_H
#define MEDIASEC_TEXTBUF_H

#include <stddef.h>

/**
 * struct textbuf - a buffer being written
 * @buf: the buffer, always NUL-terminated once written to
 * @cap: its size
 * @len: bytes written
 * @err: 0, or the first error: -ENOSPC when the text did not fit (a
 *	writer may set its own); once set, nothing more is written
 */
struct textbuf {
	char *buf;
	size_t cap, len;
	int err;
};

/* Appends printf-style text, or sets @t->err to -ENOSPC. */
void tb_printf(struct textbuf *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* MEDIASEC_TEXTBUF_H */
