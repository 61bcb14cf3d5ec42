// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec mikey add: the two SRTP contexts of a call keyed by a
 * MIKEY-TICKET (RFC 6043) made from the CLI, as mediasecd makes them from
 * an H.248 Remote (docs/mikey.md): the UE's TRANSFER_INIT (base64, as
 * a=key-mgmt:mikey carries it) resolved at the KMS by mediasecd's own
 * client (userspace/mediasecd/kms.c), the first crypto session the RX
 * context, the second the TX context.  Both are made, or neither: a
 * failure after the first takes it back.  Keys never go on argv: each
 * reaches "key add" through a pipe.  The replay cache is mediasecd's, in
 * its state directory (state-dir; the default's if it exists), so that a
 * message taken by either is refused by the other.  A policy that turns
 * encryption or authentication off is refused unless allow-weak is given
 * (mediasecd asks the realm's policy).
 *
 * mediasec mikey offer: the other way round (mediasecd's Local
 * a=key-mgmt:mikey $): a ticket requested for the responder, the
 * TRANSFER_INIT printed for the operator to send on, its first crypto
 * session (ours: the Initiator's stream) the TX context, its second the
 * RX context.
 *
 * Exit codes: 0; 1 usage; 2 the kernel refused; 3 the message or its
 * ticket refused (H.248 449 in mediasecd); 4 the KMS out of reach, its
 * answer not verified, or (offer) its refusal (500).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <linux/mediasec.h>

#include "cli.h"
#include "kms.h"

#define EXIT_REFUSED	3
#define EXIT_KMS	4
#define TI_TEXT_MAX	6000	/* base64 of a TRANSFER_INIT we take */

struct mikey_args {
	const char *rx, *tx, *ti_file, *state_dir;
	bool allow_weak, offer;
	uint16_t suite;
	struct mgd_config cfg;
};

/* A suite by its SDES name (the engine's), 0 for none. */
static uint16_t suite_of(const char *name)
{
	unsigned int s;

	for (s = 1; strcmp(ms_suite_name(s), "unknown"); s++)
		if (!strcmp(ms_suite_name(s), name))
			return (uint16_t)s;
	return 0;
}

static int parse(int argc, char **argv, struct mikey_args *a, bool offer)
{
	unsigned long long v;

	memset(a, 0, sizeof(*a));
	a->offer = offer;
	a->suite = MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80;
	a->cfg.kms_timeout_ms = 3000;
	for (; argc; argc -= 2, argv += 2) {
		const char *k = argv[0], *val = argv[1];
		char *to = NULL;
		size_t cap = 0;

		if (!strcmp(k, "allow-weak")) {
			a->allow_weak = true;
			argc++, argv--;		/* a keyword alone */
			continue;
		}
		if (argc < 2)
			return missarg(k);
		if (!strcmp(k, "state-dir")) {
			a->state_dir = val;
			continue;
		}
		if (!strcmp(k, "rx-ctx") || !strcmp(k, "tx-ctx")) {
			if (get_u32(val, &v) || !v)
				return invarg("ID is 1 .. 4294967295", val);
			*(k[0] == 'r' ? &a->rx : &a->tx) = val;
			continue;
		}
		if (!strcmp(k, "ti-file") && !offer) {
			a->ti_file = val;
			continue;
		}
		if (!strcmp(k, "suite") && offer) {
			a->suite = suite_of(val);
			if (!a->suite)
				return invarg("unknown suite", val);
			continue;
		}
		if (!strcmp(k, "kms-timeout-ms")) {
			if (get_u32(val, &v) || v < 100 || v > 60000)
				return invarg("kms-timeout-ms is 100 .. 60000",
					      val);
			a->cfg.kms_timeout_ms = (uint32_t)v;
			continue;
		}
		if (!strcmp(k, "kms")) {
			to = a->cfg.kms_url, cap = sizeof(a->cfg.kms_url);
			if (strncmp(val, "https://", 8) &&
			    strncmp(val, "http://", 7))
				return invarg("kms is https://HOST[:PORT]/PATH",
					      val);
		} else if (!strcmp(k, "kms-id")) {
			to = a->cfg.kms_id, cap = sizeof(a->cfg.kms_id);
		} else if (!strcmp(k, "kms-name")) {
			to = a->cfg.kms_name, cap = sizeof(a->cfg.kms_name);
		} else if (!strcmp(k, "kms-psk-file")) {
			to = a->cfg.kms_psk_file,
			cap = sizeof(a->cfg.kms_psk_file);
		} else if (!strcmp(k, "kms-ca")) {
			to = a->cfg.kms_ca, cap = sizeof(a->cfg.kms_ca);
		} else if (!strcmp(k, "responder") && offer) {
			to = a->cfg.kms_responder,
			cap = sizeof(a->cfg.kms_responder);
		} else {
			return invarg("unknown keyword", k);
		}
		if (strlen(val) >= cap)
			return invarg("too long", k);
		strcpy(to, val);
	}
	if (!a->rx)
		return missarg("rx-ctx");
	if (!a->tx)
		return missarg("tx-ctx");
	if (!strcmp(a->rx, a->tx))
		return invarg("rx-ctx and tx-ctx are two contexts", a->tx);
	if (!a->ti_file && !offer)
		return missarg("ti-file");
	if (!a->cfg.kms_responder[0] && offer)
		return missarg("responder");
	if (!a->cfg.kms_url[0])
		return missarg("kms");
	if (!a->cfg.kms_id[0])
		return missarg("kms-id");
	if (!a->cfg.kms_psk_file[0])
		return missarg("kms-psk-file");
	return 0;
}

/* The TRANSFER_INIT: one line of base64, into @ti; its length or -1. */
static int read_ti(const char *path, uint8_t *ti, size_t cap)
{
	char text[TI_TEXT_MAX + 2];
	size_t n;
	FILE *f;
	int len;

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		fprintf(stderr, "Error: cannot open \"%s\": %s\n", path,
			strerror(errno));
		return -1;
	}
	n = fread(text, 1, TI_TEXT_MAX + 1, f);
	if (f != stdin)
		fclose(f);
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	text[n] = '\0';
	if (!n || n > TI_TEXT_MAX || n % 4 || strspn(text,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
	    != n || (n / 4) * 3 > cap) {
		fprintf(stderr, "Error: \"%s\" is not a TRANSFER_INIT in "
			"base64\n", path);
		return -1;
	}
	len = EVP_DecodeBlock(ti, (const unsigned char *)text, (int)n);
	if (len < 0)
		return -1;
	len -= (text[n - 1] == '=') + (text[n - 2] == '=');
	return len;
}

static void del_ctx(const char *id)
{
	char *argv[] = { "del", (char *)id };

	if (cmd_ctx(2, argv))
		fprintf(stderr, "Error: context %s could not be taken back\n",
			id);
}

/*
 * One context of the call: made, then its key given through a pipe; a
 * key refused takes the context back.
 */
static int make_ctx(const char *id, const char *dir,
		    const struct sdes_crypto *c)
{
	const unsigned int weak = SDES_UNENCRYPTED_SRTP |
				  SDES_UNENCRYPTED_SRTCP |
				  SDES_UNAUTHENTICATED_SRTP;
	char suite[40], flags[80] = "", kdr[16], mki_len[4], mki[16], fd[32];
	char *ctx_argv[16] = { "add", (char *)id, "dir", (char *)dir,
			       "suite", suite };
	char *key_argv[8] = { "add", "ctx", (char *)id, "key-file", fd };
	int n = 6, m = 5, p[2], ret;

	snprintf(suite, sizeof(suite), "%s", ms_suite_name(c->suite));
	if (c->flags & weak) {
		snprintf(flags, sizeof(flags), "%s%s%s",
			 c->flags & SDES_UNENCRYPTED_SRTP ?
			 "UNENCRYPTED_SRTP," : "",
			 c->flags & SDES_UNENCRYPTED_SRTCP ?
			 "UNENCRYPTED_SRTCP," : "",
			 c->flags & SDES_UNAUTHENTICATED_SRTP ?
			 "UNAUTHENTICATED_SRTP," : "");
		flags[strlen(flags) - 1] = '\0';	/* the last comma */
		ctx_argv[n++] = "flags";
		ctx_argv[n++] = flags;
	}
	if (c->flags & SDES_HAS_KDR) {
		snprintf(kdr, sizeof(kdr), "%u", 1U << c->kdr);
		ctx_argv[n++] = "kdr";
		ctx_argv[n++] = kdr;
	}
	snprintf(mki_len, sizeof(mki_len), "%u", c->keys[0].mki_len);
	ctx_argv[n++] = "mki-len";
	ctx_argv[n++] = mki_len;
	ret = cmd_ctx(n, ctx_argv);
	if (ret)
		return ret;
	if (c->keys[0].mki_len) {
		snprintf(mki, sizeof(mki), "%u", c->keys[0].mki);
		key_argv[m++] = "mki";
		key_argv[m++] = mki;
	}
	/* the key through a pipe: it holds far more than 46 bytes */
	if (pipe(p)) {
		ret = kerr("key add", -errno, NULL);
		goto undo;
	}
	snprintf(fd, sizeof(fd), "/proc/self/fd/%d", p[0]);
	if (write(p[1], c->keys[0].mat, c->keys[0].mat_len) !=
	    (ssize_t)c->keys[0].mat_len)
		ret = kerr("key add", -EIO, NULL);
	close(p[1]);
	if (!ret)
		ret = cmd_key(m, key_argv);
	close(p[0]);
undo:
	if (ret)
		del_ctx(id);
	return ret;
}

/*
 * The replay cache's directory: @dir, or mediasecd's default if it exists;
 * -1 for none ("none"), -2 after an error said.
 */
static int open_state(const char *dir)
{
	int fd;

	if (dir && !strcmp(dir, "none"))
		return -1;
	fd = open(dir ? dir : MGD_STATE_DIR, O_RDONLY | O_DIRECTORY |
		  O_CLOEXEC);
	if (fd >= 0)
		return fd;
	fprintf(stderr, "Error: state-dir %s: %s (mediasecd's replay cache; "
		"\"state-dir none\" for none)\n", dir ? dir : MGD_STATE_DIR,
		strerror(errno));
	return -2;
}

/*
 * The call's contexts from crypto sessions @rx and @tx: both, or
 * neither.  0, or the exit code.
 */
static int make_call(const struct mikey_args *a,
		     const struct mikey_srtp_key *rx,
		     const struct mikey_srtp_key *tx)
{
	const struct mikey_srtp_key *k[2] = { rx, tx };
	struct sdes_crypto c[2];
	const char *why = NULL;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < 2; i++)
		if (mikey_sdes_crypto(k[i], &c[i], &why)) {
			fprintf(stderr, "Error: %s\n", why);
			ret = EXIT_REFUSED;
		} else if ((c[i].flags & (SDES_UNENCRYPTED_SRTP |
					  SDES_UNENCRYPTED_SRTCP |
					  SDES_UNAUTHENTICATED_SRTP)) &&
			   !a->allow_weak) {
			fprintf(stderr, "Error: the ticket's policy turns "
				"encryption or authentication off (allow-weak "
				"to take it)\n");
			ret = EXIT_REFUSED;
		}
	if (!ret) {
		ret = make_ctx(a->rx, "rx", &c[0]);
		if (!ret) {
			ret = make_ctx(a->tx, "tx", &c[1]);
			if (ret)
				del_ctx(a->rx);	/* both or neither */
		}
	}
	OPENSSL_cleanse(c, sizeof(c));
	return ret;
}

/* mikey offer: a ticket of ours, its TRANSFER_INIT printed. */
static int offer(struct mikey_args *a)
{
	static struct mikey_result res;
	static char b64[4 * (MIKEY_RESP_MAX / 3 + 1) + 1];
	enum mgd_kms_fail fail;
	const char *why = NULL;
	struct mgd_kms *kms;
	int ret, kms_err;
	char err[256];

	kms = mgd_kms_new(&a->cfg, -1, false, err, sizeof(err));
	if (!kms) {
		fprintf(stderr, "Error: kms: %s\n", err);
		return EXIT_USAGE;
	}
	ret = mgd_kms_offer(kms, a->suite, (uint64_t)time(NULL), &res, &fail,
			    &kms_err, &why);
	mgd_kms_free(kms);
	if (ret < 0) {
		if (fail == MGD_KMS_REFUSED)
			fprintf(stderr, "Error: the KMS refused: %s (Error no "
				"%d)\n", mgd_kms_err_name(kms_err), kms_err);
		else
			fprintf(stderr, "Error: %s\n", why);
		return fail == MGD_KMS_BAD_MESSAGE ? EXIT_USAGE : EXIT_KMS;
	}
	/* the first crypto session is ours (docs/mikey.md): tx */
	ret = make_call(a, &res.keys[1], &res.keys[0]);
	if (!ret) {
		EVP_EncodeBlock((unsigned char *)b64, res.resp,
				(int)res.resp_len);
		printf("transfer-init %s\n", b64);
	}
	OPENSSL_cleanse(&res, sizeof(res));
	return ret;
}

int cmd_mikey(int argc, char **argv)
{
	static struct mikey_result res;
	static uint8_t ti[TI_TEXT_MAX];
	static char b64[4 * (MIKEY_RESP_MAX / 3 + 1) + 1];
	struct mikey_args a;
	enum mgd_kms_fail fail;
	const char *why = NULL;
	struct mgd_kms *kms;
	int ret, n, kms_err, len, dirfd;
	char err[256];

	if (!argc || (strcmp(argv[0], "add") && strcmp(argv[0], "offer")))
		return invarg("mikey command is add or offer",
			      argc ? argv[0] : "");
	ret = parse(argc - 1, argv + 1, &a, argv[0][0] == 'o');
	if (ret)
		return ret;
	if (a.offer)
		return offer(&a);
	len = read_ti(a.ti_file, ti, sizeof(ti));
	if (len < 0)
		return EXIT_USAGE;
	dirfd = open_state(a.state_dir);
	if (dirfd == -2)
		return EXIT_USAGE;
	kms = mgd_kms_new(&a.cfg, dirfd, false, err, sizeof(err));
	if (!kms) {
		fprintf(stderr, "Error: kms: %s\n", err);
		if (dirfd >= 0)
			close(dirfd);
		return EXIT_USAGE;
	}
	n = mgd_kms_resolve(kms, ti, (size_t)len, (uint64_t)time(NULL), &res,
			    &fail, &kms_err, &why);
	if (n < 0) {
		mgd_kms_free(kms);
		if (dirfd >= 0)
			close(dirfd);
		if (fail == MGD_KMS_REFUSED)
			fprintf(stderr, "Error: the KMS refused: %s (Error no "
				"%d)\n", mgd_kms_err_name(kms_err), kms_err);
		else
			fprintf(stderr, "Error: %s\n", why);
		return fail == MGD_KMS_UNREACHABLE ||
		       fail == MGD_KMS_BAD_ANSWER ? EXIT_KMS : EXIT_REFUSED;
	}
	if (n != 2) {
		fprintf(stderr, "Error: two crypto sessions, one each way, "
			"not %d\n", n);
		ret = EXIT_REFUSED;
	} else {
		/* the first crypto session is the Initiator's, the UE's: rx */
		ret = make_call(&a, &res.keys[0], &res.keys[1]);
	}
	/* taken: remembered (in mediasecd's replay file too), else not */
	mgd_kms_settle(kms, !ret, (uint64_t)time(NULL));
	mgd_kms_free(kms);
	if (dirfd >= 0)
		close(dirfd);
	/* the TRANSFER_RESP the ticket asks for: the operator sends it on */
	if (!ret && res.resp_len) {
		EVP_EncodeBlock((unsigned char *)b64, res.resp,
				(int)res.resp_len);
		printf("transfer-resp %s\n", b64);
	}
	OPENSSL_cleanse(&res, sizeof(res));
	return ret;
}
