/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference KMS (selftests/kms/mikey_kms.py) as the native tests run
 * it: a server on loopback, HTTP or HTTPS, started with a fault switch or
 * none, and its client side, the initiating UE, whose TRANSFER_INIT and
 * SRTP keys a test takes.  Header-only: each test includes it once.
 */
#ifndef _KMS_PEER_H
#define _KMS_PEER_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define KMS		"selftests/kms/mikey_kms.py"
#define UE_ID		"sip:a@example.net"
#define UE_PSK		"000102030405060708090a0b0c0d0e0f"
#define GW_PSK		"101112131415161718191a1b1c1d1e1f"
#define GW_ID		"sip:gw@example.net"
#define KMS_ID		"kms.example.net"
#define TPK		"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"	/* the KMS's own */
#define UE_SSRC1	305419896U
#define UE_SSRC2	2271560481U

/**
 * struct kms - a reference KMS running
 * @pid: its process, 0 if none
 * @port: where it listens on 127.0.0.1
 * @tls: it serves HTTPS
 * @dir: where its certificate is (HTTPS), made by kms_make_cert()
 */
struct kms {
	pid_t pid;
	int port;
	bool tls;
	char dir[64];
};

/* A certificate for 127.0.0.1 and its key, in a new directory. */
static inline int kms_make_cert(struct kms *k)
{
	char cmd[512];

	snprintf(k->dir, sizeof(k->dir), "/tmp/kms-peer.XXXXXX");
	if (!mkdtemp(k->dir))
		return -1;
	snprintf(cmd, sizeof(cmd), "openssl req -x509 -newkey ec -pkeyopt "
		 "ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=kms "
		 "-addext subjectAltName=IP:127.0.0.1 -keyout %s/key.pem "
		 "-out %s/cert.pem 2>/dev/null", k->dir, k->dir);
	if (system(cmd))
		return -1;
	k->tls = true;
	return 0;
}

static inline void kms_drop_cert(struct kms *k)
{
	char path[96];

	if (!k->tls)
		return;
	snprintf(path, sizeof(path), "%s/key.pem", k->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cert.pem", k->dir);
	unlink(path);
	rmdir(k->dir);
	k->tls = false;
}

/* The KMS started with @fault (or none); its port once it listens. */
static inline int kms_start(struct kms *k, const char *fault)
{
	char line[128], cert[96], key[96];
	const char *argv[24];
	int fd[2], n = 0;
	FILE *f;

	snprintf(cert, sizeof(cert), "%s/cert.pem", k->dir);
	snprintf(key, sizeof(key), "%s/key.pem", k->dir);
	argv[n++] = "python3";
	argv[n++] = KMS;
	argv[n++] = "serve";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--name";
	argv[n++] = KMS_ID;
	argv[n++] = "--tpk";
	argv[n++] = TPK;
	argv[n++] = "--user";
	argv[n++] = UE_ID "=" UE_PSK;
	argv[n++] = "--user";
	argv[n++] = GW_ID "=" GW_PSK;
	if (fault) {
		argv[n++] = "--fault";
		argv[n++] = fault;
	}
	if (k->tls) {
		argv[n++] = "--tls-cert";
		argv[n++] = cert;
		argv[n++] = "--tls-key";
		argv[n++] = key;
	}
	argv[n] = NULL;
	if (pipe(fd))
		return -1;
	k->pid = fork();
	if (!k->pid) {
		/* gone with the test, even one that crashed */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fd[1], 1);
		close(fd[0]);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	/* a blocking read: the KMS says where it listens, or exits */
	if (!f || !fgets(line, sizeof(line), f) ||
	    sscanf(line, "kms: listening on 127.0.0.1:%d", &k->port) != 1)
		return -1;
	fclose(f);
	return 0;
}

static inline void kms_stop(struct kms *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGTERM);
		waitpid(k->pid, NULL, 0);
	}
	k->pid = 0;
}

/* The KMS's URL, into @url. */
static inline const char *kms_url(const struct kms *k, char *url, size_t n)
{
	snprintf(url, n, "%s://127.0.0.1:%d/", k->tls ? "https" : "http",
		 k->port);
	return url;
}

/**
 * struct ue - the UE's output
 * @ti: its TRANSFER_INIT
 * @ti_len: bytes of @ti
 * @b64: the same in base64, as a=key-mgmt:mikey carries it
 * @keys: the "srtp N ssrc X key K salt S mki M" lines it printed
 * @nkeys: how many
 * @extra: more options of the UE's (a fault of its own), or NULL
 * @mpki: its MPKi in hex, when it asked for a TRANSFER_RESP
 * @psk: "psk-id ID psk HEX", its TLS-PSK from the ticket (--msrp)
 */
struct ue {
	uint8_t ti[4096];
	size_t ti_len;
	char b64[6000];
	char keys[4][160];
	unsigned int nkeys;
	const char *extra;
	char mpki[72];
	char psk[160];
};

static inline int ue_transfer(const struct kms *k, struct ue *u)
{
	char cmd[640], line[6100], url[64], ca[96] = "";
	int ret = -1, n;
	FILE *f;

	if (k->tls)
		snprintf(ca, sizeof(ca), " --ca %s/cert.pem", k->dir);
	snprintf(cmd, sizeof(cmd), "python3 " KMS " transfer --kms %s "
		 "--kms-name " KMS_ID " --id " UE_ID " --psk " UE_PSK
		 " --to " GW_ID " --ssrc %u --ssrc %u%s %s",
		 kms_url(k, url, sizeof(url)), UE_SSRC1, UE_SSRC2, ca,
		 u->extra ? u->extra : "");
	f = popen(cmd, "r");
	if (!f)
		return -1;
	u->nkeys = 0;
	u->mpki[0] = '\0';
	u->psk[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "transfer-init ", 14)) {
			if (strlen(line + 14) >= sizeof(u->b64))
				break;
			strcpy(u->b64, line + 14);
			n = EVP_DecodeBlock(u->ti, (uint8_t *)line + 14,
					    (int)strlen(line + 14));
			if (n < 0)
				break;
			u->ti_len = (size_t)n - (line[strlen(line) - 1] == '=') -
				    (line[strlen(line) - 2] == '=');
			ret = 0;
		} else if (!strncmp(line, "psk-id ", 7) &&
			   strlen(line) < sizeof(u->psk)) {
			strcpy(u->psk, line);
		} else if (!strncmp(line, "mpki ", 5) &&
			   strlen(line + 5) < sizeof(u->mpki)) {
			strcpy(u->mpki, line + 5);
		} else if (!strncmp(line, "srtp ", 5) && u->nkeys < 4) {
			size_t n = strlen(line);

			if (n >= sizeof(u->keys[0]))
				break;
			memcpy(u->keys[u->nkeys++], line, n + 1);
		}
	}
	return pclose(f) ? -1 : ret;
}

/*
 * The UE checks TRANSFER_RESP @resp (@len bytes) against its
 * TRANSFER_INIT with its MPKi (mikey_kms.py check-resp): 0 if it verifies.
 */
static inline int ue_check_resp(const struct ue *u, const uint8_t *resp,
				size_t len)
{
	char b64[1400], cmd[8192], line[128] = "";
	FILE *f;
	int ok;

	if (len > 1024)
		return -1;
	EVP_EncodeBlock((uint8_t *)b64, resp, (int)len);
	snprintf(cmd, sizeof(cmd), "python3 " KMS " check-resp --mpki %s "
		 "--ti %s --resp %s 2>&1", u->mpki, u->b64, b64);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	ok = !strcmp(line, "transfer-resp ok\n");
	return pclose(f) || !ok ? -1 : 0;
}

/* HTTP/1.0 POST of @req to the KMS; the response body, or -1. */
static inline int kms_post(const struct kms *k, const uint8_t *req,
			   size_t len, uint8_t *resp, size_t cap)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)k->port) };
	static char buf[16384];
	size_t got = 0;
	char *body;
	ssize_t n;
	int fd, blen;

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return -1;
	n = snprintf(buf, sizeof(buf), "POST / HTTP/1.0\r\nContent-Type: "
		     "application/mikey\r\nContent-Length: %zu\r\n\r\n", len);
	if (write(fd, buf, (size_t)n) != n ||
	    write(fd, req, len) != (ssize_t)len)
		return -1;
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = 0;
	body = strstr(buf, "\r\n\r\n");
	if (!body)
		return -1;
	body += 4;
	blen = (int)(got - (size_t)(body - buf));
	if (blen < 0 || (size_t)blen > cap)
		return -1;
	memcpy(resp, body, (size_t)blen);
	return blen;
}

static inline uint64_t kms_ntp_now(void)
{
	return ((uint64_t)time(NULL) + 2208988800ULL) << 32;
}

/*
 * The responding UE (mikey_kms.py resolve) as identity @id with @psk: the
 * ticket of TRANSFER_INIT @ti (@len bytes) resolved at the KMS, and the
 * "srtp N key K salt S mki M" lines it printed into @u->keys.  0, or -1
 * if it refused (the KMS did, or a MAC did not match).
 */
static inline int ue_resolve(const struct kms *k, const char *id,
			     const char *psk, const uint8_t *ti, size_t len,
			     struct ue *u)
{
	char url[64], ca[96] = "", line[256];
	static char b64[6000], cmd[6400];
	FILE *f;

	if (len > 4096)
		return -1;
	if (k->tls)
		snprintf(ca, sizeof(ca), " --ca %s/cert.pem", k->dir);
	EVP_EncodeBlock((uint8_t *)b64, ti, (int)len);
	snprintf(cmd, sizeof(cmd), "python3 " KMS " resolve --kms %s "
		 "--kms-name " KMS_ID " --id %s --psk %s --ti %s%s 2>/dev/null",
		 kms_url(k, url, sizeof(url)), id, psk, b64, ca);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	u->nkeys = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "srtp ", 5) && u->nkeys < 4 &&
		    strlen(line) < sizeof(u->keys[0]))
			strcpy(u->keys[u->nkeys++], line);
	}
	return pclose(f) ? -1 : 0;
}

/**
 * struct tshark_read - what tshark said of a MIKEY message
 * @version: "Version: 1" (the Common Header read)
 * @csb: its CSB ID, as in the message
 * @ts: a T payload of type NTP-UTC read
 * @idr: IDR payloads read (their ID Role and data)
 * @malformed: a malformed-packet warning
 */
struct tshark_read {
	bool version, csb, ts, malformed;
	unsigned int idr;
};

/*
 * tshark (Debian 12's 4.0) reads MIKEY message @m (@len bytes) on UDP
 * port 2269 (text2pcap makes the packet).  0, or -1 if it could not run.
 */
static inline int tshark_read(const uint8_t *m, size_t len,
			      struct tshark_read *rd)
{
	char dir[] = "/tmp/mikey-tshark.XXXXXX", cmd[512], line[512];
	char want_csb[32];
	size_t i;
	FILE *f;

	memset(rd, 0, sizeof(*rd));
	if (len < 8 || !mkdtemp(dir))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/m.txt", dir);
	f = fopen(cmd, "w");
	if (!f)
		return -1;
	/* text2pcap reads one offset per line */
	for (i = 0; i < len; i++)
		fprintf(f, "%02x%s", m[i],
			i % 16 == 15 ? "\n" : " ");
	fprintf(f, "\n");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && awk 'NF { printf \"%%06x %%s\\n\", "
		 "(NR - 1) * 16, $0 }' m.txt > m2.txt && text2pcap -q -u "
		 "2269,2269 m2.txt m.pcap && tshark -r m.pcap -V -O mikey 2>&1",
		 dir);
	snprintf(want_csb, sizeof(want_csb), "CSB ID: 0x%02x%02x%02x%02x",
		 m[4], m[5], m[6], m[7]);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		rd->version |= strstr(line, "Version: 1") != NULL;
		rd->csb |= strstr(line, want_csb) != NULL;
		rd->ts |= strstr(line, "TS type: NTP-UTC (0)") != NULL;
		rd->idr += strstr(line, "ID role:") != NULL;
		rd->malformed |= strstr(line, "Malformed") != NULL;
	}
	pclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? -1 : 0;
}

static inline void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = 0;
}

#endif /* _KMS_PEER_H */
