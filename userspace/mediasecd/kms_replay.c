// SPDX-License-Identifier: GPL-2.0
/*
 * The KMS client's replay cache kept across restarts (RFC 3830 5.4): a
 * TRANSFER_INIT taken before a restart must still be refused after it,
 * or the same keys would go to a second termination.  Each message taken
 * is appended to "mikey-replay" in the state directory as
 *   HEX-SHA-256 EXPIRY            (the cache entry: mikey_replay.h)
 * and a new run takes back the lines not yet expired, then writes the
 * file again with those alone.  Without a state directory the cache
 * lives as long as the process (the CLI).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kms.h"

#define REPLAY_FILE	"mikey-replay"
#define REPLAY_TMP	"mikey-replay.tmp"

static void put_line(FILE *f, const uint8_t *hash, uint64_t at)
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		fprintf(f, "%02x", hash[i]);
	fprintf(f, " %llu\n", (unsigned long long)at);
}

int mgd_kms_replay_load(struct mikey_replay *c, int dirfd, uint64_t now)
{
	char line[128];
	uint8_t hash[32];
	unsigned long long at;
	unsigned int i, kept = 0;
	FILE *in, *out;
	int fd;

	fd = openat(dirfd, REPLAY_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	in = fdopen(fd, "r");
	if (!in) {
		close(fd);
		return -ENOMEM;
	}
	while (fgets(line, sizeof(line), in)) {
		for (i = 0; i < 32; i++) {
			unsigned int b;

			if (sscanf(line + 2 * i, "%2x", &b) != 1)
				break;
			hash[i] = (uint8_t)b;
		}
		/* a line cut by a crash, or not ours: the rest is kept */
		if (i < 32 || sscanf(line + 64, " %llu", &at) != 1 ||
		    mikey_replay_restore(c, hash, at, now))
			continue;
	}
	fclose(in);
	/* the entries still within the skew, alone, in a new file */
	fd = openat(dirfd, REPLAY_TMP, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		return -ENOMEM;
	}
	for (i = 0; i < c->n; i++, kept++) {
		unsigned int j = (c->first + i) % c->cap;

		put_line(out, c->seen[j].hash, c->seen[j].at);
	}
	if (fclose(out) || renameat(dirfd, REPLAY_TMP, dirfd, REPLAY_FILE))
		return -errno;
	return (int)kept;
}

int mgd_kms_replay_save(const struct mikey_replay *c, int dirfd)
{
	unsigned int j;
	FILE *f;
	int fd;

	if (dirfd < 0 || !c->n)
		return 0;
	j = (c->first + c->n - 1) % c->cap;	/* the newest */
	fd = openat(dirfd, REPLAY_FILE, O_WRONLY | O_CREAT | O_APPEND |
		    O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "a");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	put_line(f, c->seen[j].hash, c->seen[j].at);
	return fclose(f) ? -errno : 0;
}
