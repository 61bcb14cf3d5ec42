/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mediasecd's log: one line a message on stderr, "mediasecd: " first.
 * Under systemd (JOURNAL_STREAM names our stderr), each line starts with
 * its syslog level as "<N>" (sd-daemon(3)), which the journal takes as the
 * message's priority (journalctl -p).  Nothing logged carries key
 * material: callers log ids, addresses and reasons only.
 */
#ifndef _MGD_LOG_H
#define _MGD_LOG_H

#include <syslog.h>

void mgd_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _MGD_LOG_H */
