// SPDX-License-Identifier: GPL-2.0
/*
 * tls_gw: the smallest gateway that uses the module's relay, for the
 * relay's tests: accepts leg A (the access side: TCP, or TLS with the
 * gateway as server), connects leg B (the core: TCP, or TLS with the
 * gateway as client), runs the TLS handshakes with GnuTLS, keys kTLS
 * (userspace/lib/ktls.c) and hands both sockets to a new relay, which
 * takes their descriptors.  mediasecd does the same under H.248 control.
 *
 *   tls_gw -l PORT -c ADDR:PORT [-A tcp|tls] [-B tcp|tls] [-i ID] [-n N]
 *          [--cert FILE --key FILE] [--ca FILE] [--prio STRING]
 *          [--psk-id ID --psk-hex HEX]
 *
 * Prints "relay ID: a KIND, b KIND" per session, exits 0 once N relays
 * run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "../userspace/lib/ktls.h"
#include "../userspace/lib/msobj.h"

struct gw_opts {
	const char *listen_port, *connect, *cert, *key, *ca, *prio;
	const char *psk_id, *psk_hex;
	int tls_a, tls_b;
	unsigned int id, n;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "tls_gw: %s: %s\n", what, why);
	exit(1);
}

static int listen_on(const char *port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int fd = socket(AF_INET6, SOCK_STREAM, 0), one = 1;

	sa.sin6_port = htons((uint16_t)atoi(port));
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
				 sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 128))
		die("listen", strerror(errno));
	return fd;
}

static int connect_to(const char *hostport)
{
	char host[128], *colon;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd;

	snprintf(host, sizeof(host), "%s", hostport);
	colon = strrchr(host, ':');
	if (!colon)
		die("connect", "ADDR:PORT");
	*colon = 0;
	if (getaddrinfo(host, colon + 1, &hints, &ai))
		die("connect", "address");
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen))
		die("connect", strerror(errno));
	freeaddrinfo(ai);
	return fd;
}

static int hex_key(const char *hex, gnutls_datum_t *key)
{
	gnutls_datum_t h = { (unsigned char *)hex, (unsigned int)strlen(hex) };

	return gnutls_hex_decode2(&h, key);
}

/* The one identity and key a PSK server knows. */
static const struct gw_opts *psk_opts;

static int psk_lookup(gnutls_session_t s, const char *id, gnutls_datum_t *key)
{
	(void)s;
	if (strcmp(id, psk_opts->psk_id))
		return -1;
	return hex_key(psk_opts->psk_hex, key);
}

/* Runs one side's handshake on @fd and keys kTLS; dies on failure. */
static void tls_leg(const struct gw_opts *o, int fd, int server)
{
	gnutls_certificate_credentials_t x509 = NULL;
	gnutls_psk_server_credentials_t psk_s = NULL;
	gnutls_psk_client_credentials_t psk_c = NULL;
	gnutls_session_t s;
	gnutls_datum_t key = { NULL, 0 };
	const char *why;
	int ret;

	if (gnutls_init(&s, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
			GNUTLS_NO_TICKETS))
		die("gnutls_init", "failed");
	ret = gnutls_priority_set_direct(s, o->prio ? o->prio : KTLS_PRIORITY,
					 NULL);
	if (ret)
		die("priority", gnutls_strerror(ret));
	if (o->psk_id) {
		if (hex_key(o->psk_hex, &key))
			die("psk", "not hex");
		if (server) {
			gnutls_psk_allocate_server_credentials(&psk_s);
			psk_opts = o;
			gnutls_psk_set_server_credentials_function(psk_s,
								   psk_lookup);
			gnutls_credentials_set(s, GNUTLS_CRD_PSK, psk_s);
		} else {
			gnutls_psk_allocate_client_credentials(&psk_c);
			gnutls_psk_set_client_credentials(psk_c, o->psk_id, &key,
							  GNUTLS_PSK_KEY_RAW);
			gnutls_credentials_set(s, GNUTLS_CRD_PSK, psk_c);
		}
	} else {
		gnutls_certificate_allocate_credentials(&x509);
		if (o->cert && gnutls_certificate_set_x509_key_file(x509,
				o->cert, o->key, GNUTLS_X509_FMT_PEM) < 0)
			die("cert", o->cert);
		if (o->ca && gnutls_certificate_set_x509_trust_file(x509,
				o->ca, GNUTLS_X509_FMT_PEM) < 0)
			die("ca", o->ca);
		gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, x509);
		if (!server && o->ca)
			gnutls_session_set_verify_cert(s, NULL, 0);
	}
	gnutls_transport_set_int(s, fd);
	do {
		ret = gnutls_handshake(s);
	} while (ret < 0 && !gnutls_error_is_fatal(ret));
	if (ret < 0)
		die("handshake", gnutls_strerror(ret));
	if (ktls_install(s, fd, &why))
		die(why, strerror(errno));
	fprintf(stderr, "tls_gw: %s %s %s\n", server ? "server" : "client",
		gnutls_protocol_get_name(gnutls_protocol_get_version(s)),
		gnutls_cipher_get_name(gnutls_cipher_get(s)));
	/* kTLS has the keys now: GnuTLS's copies go with the session. */
	gnutls_deinit(s);
	if (x509)
		gnutls_certificate_free_credentials(x509);
	if (psk_c)
		gnutls_psk_free_client_credentials(psk_c);
	if (psk_s)
		gnutls_psk_free_server_credentials(psk_s);
	if (key.data) {
		explicit_bzero(key.data, key.size);
		gnutls_free(key.data);
	}
}

static int kind(const char *s)
{
	if (!strcmp(s, "tls"))
		return 1;
	if (!strcmp(s, "tcp"))
		return 0;
	die("leg kind", s);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "cert", required_argument, NULL, 'C' },
		{ "key", required_argument, NULL, 'K' },
		{ "ca", required_argument, NULL, 'T' },
		{ "prio", required_argument, NULL, 'P' },
		{ "psk-id", required_argument, NULL, 'I' },
		{ "psk-hex", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct gw_opts o = { .id = 1, .n = 1 };
	struct msnl nl;
	unsigned int i;
	int c, lfd, a, b, ret;

	while ((c = getopt_long(argc, argv, "l:c:A:B:i:n:", lopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.listen_port = optarg; break;
		case 'c': o.connect = optarg; break;
		case 'A': o.tls_a = kind(optarg); break;
		case 'B': o.tls_b = kind(optarg); break;
		case 'i': o.id = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'n': o.n = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'C': o.cert = optarg; break;
		case 'K': o.key = optarg; break;
		case 'T': o.ca = optarg; break;
		case 'P': o.prio = optarg; break;
		case 'I': o.psk_id = optarg; break;
		case 'H': o.psk_hex = optarg; break;
		default: die("usage", "see the comment at the top of tls_gw.c");
		}
	}
	if (!o.listen_port || !o.connect)
		die("usage", "-l PORT and -c ADDR:PORT are needed");
	if (msnl_open(&nl))
		die("netlink", "is the module loaded?");
	lfd = listen_on(o.listen_port);
	printf("listening\n");
	fflush(stdout);
	for (i = 0; i < o.n; i++) {
		a = accept(lfd, NULL, NULL);
		if (a < 0)
			die("accept", strerror(errno));
		b = connect_to(o.connect);
		if (o.tls_a)
			tls_leg(&o, a, 1);
		if (o.tls_b)
			tls_leg(&o, b, 0);
		/* The relay takes the sockets: their descriptors are gone. */
		ret = msobj_relay_new(&nl, o.id + i, a, b);
		if (ret)
			die("relay", nl.errmsg[0] ? nl.errmsg : strerror(-ret));
		printf("relay %u: a %s, b %s\n", o.id + i, o.tls_a ? "tls" : "tcp",
		       o.tls_b ? "tls" : "tcp");
		fflush(stdout);
	}
	close(lfd);
	msnl_close(&nl);
	return 0;
}
