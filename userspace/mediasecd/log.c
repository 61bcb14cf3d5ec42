// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd's log (log.h).  Whether stderr goes to the journal is decided
 * once, as sd_journal_stream_fd(3) describes: JOURNAL_STREAM holds the
 * device and inode of the stream systemd connected, which stderr must
 * still be (a shell redirect in between is not the journal).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "log.h"

static int journal = -1;	/* unknown yet */

static int to_journal(void)
{
	unsigned long long dev, ino;
	const char *e = getenv("JOURNAL_STREAM");
	struct stat st;

	if (!e || sscanf(e, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(2, &st))
		return 0;
	return st.st_dev == (dev_t)dev && st.st_ino == (ino_t)ino;
}

void mgd_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (journal < 0)
		journal = to_journal();
	if (journal)
		fprintf(stderr, "<%d>", level & LOG_PRIMASK);
	fputs("mediasecd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
