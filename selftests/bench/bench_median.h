/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The median of a benchmark's per-round figures (ms_kbench, ms_pbench):
 * what a round the host slowed down cannot move.
 */
#ifndef _MS_BENCH_MEDIAN_H
#define _MS_BENCH_MEDIAN_H

#include <stdlib.h>

static int bench_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The median of @v's @n values (sorts @v). */
static inline long long bench_median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_ll);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif /* _MS_BENCH_MEDIAN_H */
