// SPDX-License-Identifier: GPL-2.0
/*
 * The KMS client's replay cache kept across restarts (RFC 3830 5.4): a
 * TRANSFER_INIT taken before a restart must still be refused after it,
 * or the same keys would go to a second termination.  Each message taken
 * is appended to "mikey-replay" in the state directory as one line,
 *   HEX-SHA-256 EXPIRY            (the cache entry: mikey_replay.h)
 * written with one write() so that mediasecd and the CLI ("mediasec mikey
 * add" with the same state-dir) can both append.  Each reads the lines
 * the other added before it resolves a message; mediasecd, the owner,
 * writes the file again at start with the entries not yet expired.  The
 * file is not fsync'ed: what it protects against is a replay after a
 * restart of the daemon; a host that loses power loses the kernel's
 * calls and keys with it.  Without a state directory the cache lives as
 * long as the process.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kms.h"

#define REPLAY_FILE	"mikey-replay"
#define REPLAY_TMP	"mikey-replay.tmp"
#define LINE_MAX_LEN	96

static int put_line(char *out, const uint8_t *hash, uint64_t at)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < 32; i++)
		n += sprintf(out + n, "%02x", hash[i]);
	return n + sprintf(out + n, " %llu\n", (unsigned long long)at);
}

static int nibble(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* One line, exactly 64 hex digits, a space, digits: 0 or -EINVAL. */
static int take_line(const char *line, size_t len, uint8_t *hash,
		     uint64_t *at)
{
	size_t i;

	if (len < 66 || line[64] != ' ')
		return -EINVAL;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)line[i]))
			return -EINVAL;
	for (i = 0; i < 32; i++)
		hash[i] = (uint8_t)(nibble(line[2 * i]) << 4 |
				    nibble(line[2 * i + 1]));
	*at = 0;
	for (i = 65; i < len; i++) {
		if (!isdigit((unsigned char)line[i]) || *at > UINT32_MAX)
			return -EINVAL;
		*at = *at * 10 + (uint64_t)(line[i] - '0');
	}
	return 0;
}

int mgd_kms_replay_catch_up(struct mikey_replay *c, int dirfd, uint64_t now,
			    off_t *off)
{
	char buf[4096];
	uint8_t hash[32];
	size_t have = 0, i, start;
	uint64_t at;
	ssize_t n;
	int fd;

	fd = openat(dirfd, REPLAY_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	for (;;) {
		n = pread(fd, buf + have, sizeof(buf) - have, *off + have);
		if (n <= 0)
			break;
		have += (size_t)n;
		/* whole lines only: a line being written waits */
		for (i = 0, start = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			if (!take_line(buf + start, i - start, hash, &at))
				mikey_replay_restore(c, hash, at, now);
			start = i + 1;
		}
		*off += (off_t)start;
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have == sizeof(buf))	/* not a line of ours */
			*off += (off_t)have, have = 0;
	}
	close(fd);
	return n < 0 ? -errno : 0;
}

int mgd_kms_replay_load(struct mikey_replay *c, int dirfd, uint64_t now,
			bool owner, off_t *off)
{
	char line[LINE_MAX_LEN];
	unsigned int i;
	int fd, ret, n;

	*off = 0;
	ret = mgd_kms_replay_catch_up(c, dirfd, now, off);
	if (ret || !owner)
		return ret;
	/* the owner: the entries still within the skew, alone, anew */
	unlinkat(dirfd, REPLAY_TMP, 0);
	fd = openat(dirfd, REPLAY_TMP, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	*off = 0;
	for (i = 0; i < c->n; i++) {
		unsigned int j = (c->first + i) % c->cap;

		n = put_line(line, c->seen[j].hash, c->seen[j].at);
		if (write(fd, line, (size_t)n) != n) {
			close(fd);
			unlinkat(dirfd, REPLAY_TMP, 0);
			return -EIO;
		}
		*off += n;
	}
	if (close(fd) || renameat(dirfd, REPLAY_TMP, dirfd, REPLAY_FILE))
		return -errno;
	return 0;
}

int mgd_kms_replay_save(const struct mikey_replay *c, int dirfd, off_t *off)
{
	char line[LINE_MAX_LEN];
	unsigned int j;
	off_t end;
	int fd, n;

	if (dirfd < 0 || !c->n)
		return 0;
	j = (c->first + c->n - 1) % c->cap;	/* the newest */
	n = put_line(line, c->seen[j].hash, c->seen[j].at);
	fd = openat(dirfd, REPLAY_FILE, O_WRONLY | O_CREAT | O_APPEND |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	/* one write: a whole line or, cut short, one no reader takes */
	if (write(fd, line, (size_t)n) != n) {
		close(fd);
		return -EIO;
	}
	end = lseek(fd, 0, SEEK_END);
	/* nobody else wrote meanwhile: our line need not be read back */
	if (end == *off + n)
		*off = end;
	return close(fd) ? -errno : 0;
}
