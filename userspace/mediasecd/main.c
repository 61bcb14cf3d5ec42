// SPDX-License-Identifier: GPL-2.0
/*
 * mediasecd: the H.248 media gateway of mediasec (docs/mediasecd.md).
 *
 *   mediasecd -c CONFIG [-v]
 *
 * Takes back the contexts of an earlier run whose records (state-dir)
 * match the kernel's flows and SRTP contexts, registers with the first MGC
 * of the configuration that answers (ServiceChange Restart, "902 Warm
 * Boot" when contexts were taken back, else "901 Cold Boot";
 * retransmitted, then the next MGC), then executes the MGC's transactions
 * on the kernel's flows and keys.  Runs in the foreground; SIGINT/SIGTERM
 * end it (the kernel's flows stay: the data path does not depend on the
 * daemon).
 *
 * This file sets the daemon up and runs its loop; what each wakeup does
 * is in mgc.c (the MGC's messages), kevents.c (the module's events) and
 * restart.c (an earlier run's contexts), so that the loop stays short as
 * transports and kinds of termination are added.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <systemd/sd-daemon.h>

#include "daemon.h"
#include "kms.h"
#include "kms_int.h"
#include "log.h"

/* Stop signals received: the first leaves gracefully, a second at once. */
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	if (stopping < 2)
		stopping++;
}

static uint32_t random_u32(void)
{
	uint32_t r = 0;

	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = (uint32_t)mgd_now_ms();
	return r;
}

/*
 * The longest a stop waits for the MGC to answer our out-of-service
 * ServiceChange: an MGC answers at once; a dead one must not hold the
 * stop for a whole long timer.
 */
#define LEAVE_WAIT_MS	3000

uint64_t mgd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The state directory (made if missing), or -1: no records kept. */
static int state_dir(const char *path)
{
	int fd;

	if (!path[0])
		return -1;
	if (mkdir(path, 0700) && errno != EEXIST)
		goto fail;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
fail:
	mgd_log(LOG_WARNING, "state-dir %s: %s: contexts will not "
		"outlive a restart", path, strerror(errno));
	return -1;
}

static int enter_netns(const char *name)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return ret;
}

/* mstls/fail of an MSRP leg, to the MGC if the termination asked. */
static void msrp_failed(void *arg, uint32_t ctx, uint32_t serial,
			const char *reason)
{
	struct daemon *d = arg;
	struct mg_notify n = { 0 };

	if (mg_msrp_fail(&d->mg, ctx, serial, reason, &n))
		mgd_notify(d, &n, mgd_now_ms());
}

/* The MSRP legs: the certificate read (its key is never logged). */
static int msrp_setup(struct daemon *d)
{
	const char *why;

	d->msrp.nl = &d->nl;
	d->msrp.setup_ms = d->cfg.msrp_setup_ms;
	d->msrp.fail = msrp_failed;
	d->msrp.arg = d;
	if (!d->cfg.tls_cert[0])
		return 0;
	if (!d->cfg.tls_key[0] ||
	    mgd_msrp_load_cert(&d->msrp, d->cfg.tls_cert, d->cfg.tls_key,
			       &d->mg.own_fp, &why)) {
		mgd_log(LOG_ERR, "tls-cert %s, tls-key %s: %s",
			d->cfg.tls_cert, d->cfg.tls_key[0] ? d->cfg.tls_key :
			"(none)", d->cfg.tls_key[0] ? why : "both are needed");
		return -EINVAL;
	}
	return 0;
}

static int setup(struct daemon *d, const char *conf)
{
	struct kview v = { 0 };
	uint32_t first = 0;
	char err[256];
	int ret, one = 1;

	ret = mgd_config_load(&d->cfg, conf, err, sizeof(err));
	if (ret) {
		mgd_log(LOG_ERR, "%s", err);
		return ret;
	}
	if (d->cfg.netns[0]) {
		ret = enter_netns(d->cfg.netns);
		if (ret) {
			mgd_log(LOG_ERR, "netns %s: %s",
				d->cfg.netns, strerror(-ret));
			return ret;
		}
	}
	ret = msnl_open(&d->nl);
	if (ret) {
		mgd_log(LOG_ERR, "the mediasec module is not loaded");
		return ret;
	}
	d->kern.nl = &d->nl;
	d->kern.del_echo = msnl_api_version(&d->nl) >= 2;
	d->kern.dirfd = state_dir(d->cfg.state_dir);
	d->kern.msrp = &d->msrp;
	d->kern.metrics = &d->metrics;
	d->ops = mgd_kernel_ops;
	if (d->cfg.kms_url[0]) {
		d->kern.kms = mgd_kms_new(&d->cfg, d->kern.dirfd, true, err,
					  sizeof(err));
		if (!d->kern.kms) {
			mgd_log(LOG_ERR, "kms: %s", err);
			return -EINVAL;
		}
		if (d->kern.dirfd < 0)
			mgd_log(LOG_WARNING, "kms without a state-dir: "
				"a restart forgets the TRANSFER_INITs taken, "
				"which could then be replayed for a skew");
		d->ops.kms_resolve = mgd_kern_kms_resolve;
		d->ops.kms_settle = mgd_kern_kms_settle;
		d->ops.kms_offer = mgd_kern_kms_offer;
	}
	ret = mg_init(&d->mg, &d->cfg, &d->ops, &d->kern);
	if (ret)
		return ret;
	ret = msrp_setup(d);
	if (ret)
		return ret;
	d->mg.progress = mgd_on_progress;
	d->mg.progress_arg = d;
	mgd_events_open(d);
	d->mg.records = d->kern.dirfd >= 0;
	/* The kernel's objects, read once: calls taken back, ids skipped. */
	ret = mgd_kv_load(d, &v);
	if (!ret && d->mg.records)
		mgd_adopt(d, &v);
	if (ret && !d->mg.records)
		ret = 0;	/* nothing to take back: go on */
	if (!ret)
		mgd_kv_skip_ids(&d->mg, &v);
	mgd_kv_free(&v);
	if (ret)
		return ret;
	d->tr = mgd_tr_new(d->cfg.retry_ms, d->cfg.long_timer_ms,
			   mgd_resend_to, mgd_on_done, d);
	if (!d->tr)
		return -ENOMEM;
	mgd_tr_set_pending(d->tr, d->cfg.pending_ms);
	/* Our transaction ids: not those of an earlier run (1 .. 2^31). */
	if (RAND_bytes((unsigned char *)&first, sizeof(first)) == 1)
		mgd_tr_set_next_id(d->tr, (first & 0x7fffffffU) + 1);
	d->fd = socket(d->cfg.listen.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (d->fd < 0 ||
	    setsockopt(d->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(d->fd, (struct sockaddr *)&d->cfg.listen,
		 mgd_sa_len(&d->cfg.listen))) {
		ret = -errno;
		mgd_log(LOG_ERR, "H.248 socket: %s", strerror(errno));
		return ret;
	}
	return 0;
}

/*
 * Termination heartbeats due (hangterm/thb, H.248.36): each a Notify, or
 * only its timer started again while no MGC is there to tell.  The loop
 * wakes at least once a second (poll's bound below).
 */
#define HEARTBEATS_PER_PASS	256

/* Returns whether more are due (the loop then comes back at once). */
static bool heartbeats(struct daemon *d, uint64_t now)
{
	struct mg_notify n = { 0 };
	unsigned int i;

	/* A bounded burst per pass: the MGC's requests are served between. */
	for (i = 0; i < HEARTBEATS_PER_PASS; i++) {
		if (!mg_heartbeat(&d->mg, now, &n))
			return false;
		if (mgd_link_up(&d->link))
			mgd_notify(d, &n, now);
	}
	return true;
}

#define MSRP_POLLED	1024	/* MSRP legs polled at once */
#define KMS_POLLED	KMS_SOCKS_MAX	/* the KMS's sockets (kms_async.c) */

/*
 * sd_notify(3): READY once set up, or once registered with an MGC
 * ("ready registered"); STATUS says whether it is registered.  Without
 * systemd (NOTIFY_SOCKET unset) these do nothing.
 */
static void tell_systemd(struct daemon *d)
{
	bool up = mgd_link_up(&d->link);

	if (d->ready_told && up == d->link_told)
		return;
	if (!d->ready_told && d->cfg.ready_registered && !up)
		return;
	sd_notifyf(0, "%sSTATUS=%s", d->ready_told ? "" : "READY=1\n",
		   up ? "registered with an MGC" : "no MGC registration");
	d->ready_told = true;
	d->link_told = up;
}

static void run(struct daemon *d)
{
	static struct pollfd p[4 + MSRP_POLLED + KMS_POLLED];
	unsigned int nmsrp, nkms;
	struct sockaddr_storage peer;
	uint64_t now, next, due, leave_by = 0;
	int wait, left = 0;
	socklen_t plen;
	ssize_t n;

	for (;;) {
		now = mgd_now_ms();
		/*
		 * Stopping (7.2.8.1.1): Graceful 905 and its answer awaited,
		 * at most LEAVE_WAIT_MS; stopped again: Forced 908 at once.
		 */
		if (stopping > left) {
			if (!left)
				sd_notify(0, "STOPPING=1");
			left = stopping;
			if (!mgd_leave(d, left > 1, now))
				break;
			leave_by = now + LEAVE_WAIT_MS;
		}
		if (left && (mgd_link_gone(&d->link) || now >= leave_by))
			break;
		mgd_link_work(d, now);
		next = mgd_tr_tick(d->tr, now);
		due = mgd_link_next(&d->link);
		/* an association under way: its POLLOUT wakes us, not a timer */
		if (d->sctp.fd >= 0 && !d->sctp.up && due < now + 1000)
			due = now + 1000;
		if (due < next)
			next = due;
		due = mg_tick(&d->mg, now);
		if (due < next)
			next = due;
		if (heartbeats(d, now))
			next = now;
		/* MSRP connections and handshakes under way */
		nmsrp = mgd_msrp_poll(&d->msrp, p + 4, MSRP_POLLED, now, &next);
		/* the KMS's answers that parked transactions wait for */
		nkms = mgd_kms_poll(d->kern.kms, p + 4 + nmsrp, KMS_POLLED,
				    &next);
		tell_systemd(d);
		/* TransactionPending for them on time (pending-ms) */
		if (d->nparked && now + d->cfg.pending_ms < next)
			next = now + d->cfg.pending_ms;
		/* the metrics' connection timeouts */
		due = mgd_metrics_wait(d);
		if (next > now && due < next - now)
			next = now + due;
		wait = next > now ? (int)(next - now) : 0;
		p[0] = (struct pollfd){ .fd = d->fd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = d->ev_fd, .events = POLLIN };
		/* H.248.4: the SCTP association, while there is one */
		p[2].fd = d->sctp.fd;
		p[2].events = POLLIN | (d->sctp.up ? 0 : POLLOUT);
		p[2].revents = 0;
		/* the metrics' scrapes (a negative fd is not polled) */
		p[3] = (struct pollfd){ .fd = d->metrics.fd, .events = POLLIN };
		if (poll(p, 4 + nmsrp + nkms, wait > 1000 ? 1000 : wait) < 0)
			continue;
		/* first: the legs polled are those of before any command */
		mgd_msrp_run(&d->msrp, p + 4, nmsrp, mgd_now_ms());
		/* then the KMS's answers, and the transactions they let go */
		mgd_kms_run(d->kern.kms, p + 4 + nmsrp, nkms, mgd_now_ms());
		mgd_metrics_run(d);
		mgd_resume(d, mgd_now_ms());
		if (d->ev_fd >= 0 && (p[1].revents & POLLIN))
			nl_recvmsgs_default(d->ev.sk);	/* calls on_event() */
		if (p[2].fd >= 0 && p[2].revents)
			mgd_sctp_event(d, p[2].revents, mgd_now_ms());
		if (!(p[0].revents & POLLIN))
			continue;
		plen = sizeof(peer);
		n = recvfrom(d->fd, d->in, MSG_MAX, 0, (struct sockaddr *)&peer,
			     &plen);
		if (n > 0) {
			mgd_on_message(d, &peer, (size_t)n, false,
				       mgd_now_ms());
			/* Messages carry keys: none stays in the buffers. */
			OPENSSL_cleanse(d->in, (size_t)n);
			OPENSSL_cleanse(d->out, strnlen(d->out, sizeof(d->out)));
			OPENSSL_cleanse(d->tree.strs, d->tree.nstrs);
		}
	}
}

static const struct option options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: mediasecd -c CONFIG [-v]\n"
		"       mediasecd { -h | --help | -V | --version }\n"
		"  -c, --config CONFIG  the configuration file (mediasecd(8), "
		"docs/mediasecd.md)\n"
		"  -v, --verbose        every H.248 message and Notify on stderr\n");
}

/*
 * Every MSRP leg holds a descriptor until the kernel's relay takes it: a
 * gateway setting up many sessions at once needs more than the usual soft
 * limit (1024), and may use up to the hard one (systemd's LimitNOFILE).
 */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			mgd_log(LOG_WARNING, "setrlimit(RLIMIT_NOFILE): %s",
				strerror(errno));
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *conf = NULL;
	struct daemon *d;
	int opt, ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->fd = -1;
	d->ev_fd = -1;
	d->sctp.fd = -1;
	d->kern.dirfd = -1;
	d->metrics.fd = -1;
	while ((opt = getopt_long(argc, argv, "c:vhV", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			conf = optarg;
			break;
		case 'v':
			d->verbose = 1;
			break;
		case 'h':
			usage(stdout);
			free(d);
			return 0;
		case 'V':
			printf("mediasecd %s\n", MEDIASEC_VERSION);
			free(d);
			return 0;
		default:		/* getopt_long() said what was wrong */
			usage(stderr);
			free(d);
			return 1;
		}
	}
	if (!conf || optind != argc) {
		usage(stderr);
		free(d);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	ret = setup(d, conf);
	if (!ret)
		ret = mgd_metrics_start(d);
	if (!ret) {
		mgd_link_init(&d->link, &d->cfg, d->adopted > 0, random_u32);
		mgd_log(LOG_NOTICE, "ready, mid %s", d->cfg.mid);
		run(d);
	}
	sd_notify(0, "STOPPING=1");
	mgd_metrics_stop(d);
	if (d->fd >= 0)
		close(d->fd);
	mgd_sctp_close(d);
	mgd_park_free(d);
	mgd_tr_free(d->tr);
	mgd_msrp_free(&d->msrp);
	mgd_kms_free(d->kern.kms);
	if (d->mg.cfg)
		mg_fini(&d->mg);
	if (d->ev_fd >= 0)
		msnl_close(&d->ev);
	msnl_close(&d->nl);
	if (d->kern.dirfd >= 0)
		close(d->kern.dirfd);
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
	return ret ? 1 : 0;
}
