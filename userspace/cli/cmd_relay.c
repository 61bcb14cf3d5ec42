// SPDX-License-Identifier: GPL-2.0
/*
 * mediasec relay: the TCP/TLS relays of the namespace (MSRP sessions the
 * gateway carries in the kernel), their legs and counters.  Relays are
 * made by whoever owns the sockets (mediasecd): the CLI shows and deletes.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/tls.h>

#include "../lib/msnl.h"
#include "../lib/msobj.h"
#include "cli.h"

/**
 * relay_end_name() - the CLI's word for how a relay ended
 * @end: enum mediasec_relay_end
 *
 * Return: a constant string.
 */
const char *relay_end_name(unsigned int end)
{
	const char *name = msobj_relay_end_name(end);

	return name ? name : "unknown";
}

static const char *cipher_name(unsigned int c)
{
	switch (c) {
	case TLS_CIPHER_AES_GCM_128:
		return "aes-128-gcm";
	case TLS_CIPHER_AES_GCM_256:
		return "aes-256-gcm";
	case TLS_CIPHER_AES_CCM_128:
		return "aes-128-ccm";
	case TLS_CIPHER_CHACHA20_POLY1305:
		return "chacha20-poly1305";
	default:
		return "unknown";
	}
}

static void ep_str(const struct msobj_ep *ep, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (ep->alen == 4 || ep->alen == 16)
		inet_ntop(ep->alen == 4 ? AF_INET : AF_INET6, ep->addr, a,
			  sizeof(a));
	snprintf(buf, len, ep->alen == 16 ? "[%s]:%u" : "%s:%u", a, ep->port);
}

static void print_leg(const char *name, const struct msobj_leg *l, int first)
{
	char local[64], peer[64];

	ep_str(&l->local, local, sizeof(local));
	ep_str(&l->peer, peer, sizeof(peer));
	if (json) {
		printf("%s\"%s\":{\"kind\":\"%s\",\"local\":\"%s\",\"peer\":\"%s\","
		       "\"rx_bytes\":%" PRIu64 ",\"tx_bytes\":%" PRIu64
		       ",\"flags\":%u", first ? "" : ",", name,
		       l->kind == MEDIASEC_LEG_TLS ? "tls" : "tcp", local, peer,
		       l->rx_bytes, l->tx_bytes, l->flags);
		if (l->kind == MEDIASEC_LEG_TLS)
			printf(",\"version\":\"%s\",\"cipher\":\"%s\","
			       "\"rx_records\":%" PRIu64 ",\"tx_records\":%"
			       PRIu64 ",\"tickets_dropped\":%" PRIu64
			       ",\"auth_fails\":%" PRIu64 ",\"alert\":%u",
			       l->tls_version == TLS_1_3_VERSION ? "1.3" : "1.2",
			       cipher_name(l->tls_cipher), l->rx_records,
			       l->tx_records, l->tickets_dropped,
			       l->auth_fails, l->alert);
		printf("}");
		return;
	}
	printf("    leg %s %s local %s peer %s", name,
	       l->kind == MEDIASEC_LEG_TLS ? "tls" : "tcp", local, peer);
	if (l->kind == MEDIASEC_LEG_TLS)
		printf(" version %s cipher %s",
		       l->tls_version == TLS_1_3_VERSION ? "1.3" : "1.2",
		       cipher_name(l->tls_cipher));
	if (l->flags & MEDIASEC_LEG_F_RX_CLOSED)
		printf(" rx-closed");
	if (l->flags & MEDIASEC_LEG_F_TX_CLOSED)
		printf(" tx-closed");
	if (l->flags & MEDIASEC_LEG_F_RX_STALLED)
		printf(" stalled");
	printf("\n        rx-bytes %" PRIu64 " tx-bytes %" PRIu64, l->rx_bytes,
	       l->tx_bytes);
	if (l->kind == MEDIASEC_LEG_TLS) {
		printf(" rx-records %" PRIu64 " tx-records %" PRIu64
		       " tickets-dropped %" PRIu64 " auth-fails %" PRIu64,
		       l->rx_records, l->tx_records, l->tickets_dropped,
		       l->auth_fails);
		if (l->alert)
			printf(" alert %u.%u", l->alert >> 8, l->alert & 0xff);
	}
	printf("\n");
}

static int on_relay(struct nlattr **tb, void *arg)
{
	struct msobj_relay r;
	int *n = arg;

	if (msobj_relay_parse(tb, &r))
		return 0;
	if (json) {
		printf("%s{\"id\":%u,\"state\":\"%s\"", *n ? "," : "", r.id,
		       relay_end_name(r.end));
		if (r.end > MEDIASEC_RELAY_END_CLOSED)
			printf(",\"end_leg\":\"%c\"", 'a' + r.end_leg);
		print_leg("a", &r.legs[0], 0);
		print_leg("b", &r.legs[1], 0);
		printf("}");
	} else {
		printf("relay %u %s", r.id, relay_end_name(r.end));
		if (r.end > MEDIASEC_RELAY_END_CLOSED)
			printf(" by leg %c", 'a' + r.end_leg);
		printf("\n");
		print_leg("a", &r.legs[0], 1);
		print_leg("b", &r.legs[1], 1);
	}
	(*n)++;
	return 0;
}

static int parse_relay_id(int argc, char **argv, struct nl_msg *msg)
{
	if (!argc)
		return missarg("ID");
	if (argc > 1)
		return invarg("unexpected argument", argv[1]);
	return put_id(msg, MEDIASEC_A_RELAY_ID, argv[0]);
}

int cmd_relay(int argc, char **argv)
{
	int n = 0, ret;

	if (!argc || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (json)
			printf("[");
		if (argc > 1)
			ret = ms_request(MEDIASEC_CMD_RELAY_GET, 0,
					 MEDIASEC_A_RELAY, parse_relay_id,
					 argc - 1, argv + 1, on_relay, &n,
					 "relay show");
		else
			ret = ms_request(MEDIASEC_CMD_RELAY_GET, NLM_F_DUMP, 0,
					 NULL, 0, NULL, on_relay, &n,
					 "relay show");
		if (json)
			printf("]\n");
		return ret;
	}
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return ms_request(MEDIASEC_CMD_RELAY_DEL, 0, MEDIASEC_A_RELAY,
				  parse_relay_id, argc - 1, argv + 1, NULL,
				  NULL, "relay del");
	return invarg("relay command is show or del", argv[0]);
}
