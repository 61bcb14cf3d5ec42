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

/*
 * One write a message, so that lines of two writers do not mix; control
 * characters (a newline in a string the MGC sent) become spaces, so that
 * a message stays one line with its priority.
 */
void mgd_log(int level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	size_t i;
	int n;

	if (journal < 0)
		journal = to_journal();
	n = journal ? snprintf(line, sizeof(line), "<%d>", level & LOG_PRIMASK)
		    : 0;
	n += snprintf(line + n, sizeof(line) - n, "mediasecd: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	for (i = (size_t)n; line[i]; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	fprintf(stderr, "%s\n", line);
}
