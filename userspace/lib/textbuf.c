// SPDX-License-Identifier: GPL-2.0
/*
 * Text written into a fixed buffer: see textbuf.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "textbuf.h"

void tb_printf(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->err = -ENOSPC;
	else
		t->len += (size_t)n;
}
