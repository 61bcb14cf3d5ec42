/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the BPF_PROG_TEST_RUN benchmarks (ms_kbench, ms_pbench) schedule
 * their runs and take their figures: a repeat count calibrated on the
 * slowest run, rounds of every run side by side, each round starting one
 * run later (drift favours no run), and the median over the rounds (what
 * a round the host slowed down cannot move).
 */
#ifndef _MS_BENCH_ROUNDS_H
#define _MS_BENCH_ROUNDS_H

#include <stdlib.h>

/* Runs @run of a benchmark's @arg once: mean ns per repeat, or -1. */
typedef long long (*bench_run_fn)(void *arg, int run);

/*
 * The repeat count that makes run @slow take about @ms milliseconds, at
 * least 64, in *@repeat (which @fn reads); 0, or -1 if the probe failed.
 */
static inline int bench_calibrate(bench_run_fn fn, void *arg, int slow,
				  long long ms, unsigned int *repeat)
{
	long long probe;

	*repeat = 64;
	probe = fn(arg, slow);
	if (probe < 0)
		return -1;
	*repeat = (unsigned int)(ms * 1000000 / (probe > 0 ? probe : 1));
	if (*repeat < 64)
		*repeat = 64;
	return 0;
}

/*
 * Round @r: each of the @nruns runs once, from run @r modulo @nruns on;
 * their times in @t, by run.  0, or -1 if a run failed.
 */
static inline int bench_round(bench_run_fn fn, void *arg, int nruns, int r,
			      long long *t)
{
	int i, run;

	for (i = 0; i < nruns; i++) {
		run = (i + r) % nruns;
		t[run] = fn(arg, run);
		if (t[run] < 0)
			return -1;
	}
	return 0;
}

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

#endif /* _MS_BENCH_ROUNDS_H */
