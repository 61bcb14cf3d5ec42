#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The relay's TLS against TLS stacks we did not write, every suite kTLS
# can carry, both versions, the gateway as TLS server and as TLS client:
#
#   peers:   openssl s_client / s_server (OpenSSL 3), gnutls-cli /
#            gnutls-serv --echo (GnuTLS)
#   suites:  AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305, AES-128-CCM
#   versions: TLS 1.3 and 1.2 (ECDHE-ECDSA)
#   roles:   the gateway terminates the phone's TLS (leg A, TLS server) or
#            opens TLS to the core (leg B, TLS client)
#
# The gateway is tls_gw (GnuTLS handshake forced to the suite, kTLS keyed,
# both sockets given to the module); the plain side is relay_peer.py.
# Each case carries 1 MB of MSRP frames each way and compares every byte
# at both ends, and checks the suite the relay's TLS leg reports.
# GnuTLS's tools drop a CR now and then (gnutls-cli where its stdin
# buffer ends, gnutls-serv --echo likewise), so with them the frames end
# their lines with LF; with OpenSSL with CRLF (RFC 4975 framing: the relay
# does not parse MSRP either way).  The plain side closes only once it
# has everything (a TLS tool ends at the close_notify the relay makes of
# its FIN, even with its own stdin not all sent).
#
# Then OpenSSL pads its TLS 1.3 records (RFC 8446 5.4): the relay has
# kTLS decrypt records straight into its pages, told to expect no
# padding (kmod/relay.c), so each padded record is decrypted a second
# time; the bytes are the same, and kTLS's TlsDecryptRetry counter shows
# that the zero-copy receive was tried.  Unpadded, only a TLS 1.3 alert
# (the phone's close_notify, whose type kTLS learns by decrypting it) is
# decrypted twice.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/relay_lib.sh"
trap 'kill $srv_pid 2>/dev/null; cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
SUITES="AES-128-GCM AES-256-GCM CHACHA20-POLY1305 AES-128-CCM"
ms_plan 34
ms_load || exit 1
modprobe tls || { echo "# no kTLS"; exit $KSFT_SKIP; }
topology
certificates

# frames FILE SEED [lf]: about 1 MB of MSRP SEND requests
frames() {
	python3 "$(dirname "$0")/msrp_frames.py" "$1" "$2" $((1 << 20)) ${3:-}
}
frames "$T/up" 1
frames "$T/down" 2
frames "$T/up_lf" 1 lf
frames "$T/down_lf" 2 lf

# The OpenSSL names of a suite: "-ciphersuites X" (1.3) or "-cipher X" (1.2)
ossl_suite() {	# VERSION SUITE
	case $1/$2 in
	1.3/AES-128-GCM) echo -ciphersuites TLS_AES_128_GCM_SHA256 ;;
	1.3/AES-256-GCM) echo -ciphersuites TLS_AES_256_GCM_SHA384 ;;
	1.3/CHACHA20-POLY1305) echo -ciphersuites TLS_CHACHA20_POLY1305_SHA256 ;;
	1.3/AES-128-CCM) echo -ciphersuites TLS_AES_128_CCM_SHA256 ;;
	1.2/AES-128-GCM) echo -cipher ECDHE-ECDSA-AES128-GCM-SHA256 ;;
	1.2/AES-256-GCM) echo -cipher ECDHE-ECDSA-AES256-GCM-SHA384 ;;
	1.2/CHACHA20-POLY1305) echo -cipher ECDHE-ECDSA-CHACHA20-POLY1305 ;;
	1.2/AES-128-CCM) echo -cipher ECDHE-ECDSA-AES128-CCM ;;
	esac
}
gnutls_prio() {	# VERSION SUITE
	echo "NORMAL:-VERS-ALL:+VERS-TLS$1:-CIPHER-ALL:+$2:-MAC-ALL:+AEAD"
}
size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }
# stdin_until FILE OUT: FILE, then stdin stays open until OUT has as many
# bytes as WANT (a tool that ends at its stdin's EOF must not end early)
stdin_until() {
	cat "$1"
	wait_until 60 test "$(size_of "$2")" -ge "$WANT"
}
bound() {	# NS PORT: a TCP listener on PORT in NS
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

tls_stat() {	# NAME: a counter of kTLS in the gateway's namespace (the sum)
	ip netns exec $GW awk -v n="$1" '$1 == n { print $2 }' /proc/net/tls_stat
}

id=0
phone_retries=0	# TlsDecryptRetry in the cases where only phones send TLS
# one PEER ROLE VERSION SUITE
one() {
	local peer=$1 role=$2 ver=$3 suite=$4 port rc=1 got_suite
	local name="$peer, gateway as TLS $role, TLS $ver $suite"
	local extra=${OSSL_EXTRA:-}	# more options of s_client

	[ -z "$extra" ] || name="$name, $extra"
	local up=$T/up down=$T/down

	id=$((id + 1))
	port=$((6000 + id))
	rm -f "$T"/peer.out "$T"/peer.err "$T"/ue.out "$T"/core.out
	[ $peer = gnutls ] && up=$T/up_lf down=$T/down_lf
	if [ $role = server ]; then
		# the phone is the TLS client; the core is plain TCP
		core_listen $port --send-file "$down" --expect-file "$up" \
			--keep-open
		gw_start $port $id -A tls -B tcp --cert "$T/gw.pem" \
			--key "$T/gw.key" --prio "$(gnutls_prio $ver $suite)"
		WANT=$(size_of "$down")
		retries=$(tls_stat TlsDecryptRetry)
		if [ $peer = openssl ]; then
			ip netns exec $UE timeout 60 openssl s_client -quiet \
				-connect 192.0.2.1:$port -tls${ver/./_} \
				$(ossl_suite $ver $suite) $extra < "$up" \
				> "$T/peer.out" 2> "$T/peer.err"
		else
			stdin_until "$up" "$T/peer.out" |
				ip netns exec $UE timeout 60 gnutls-cli \
				--logfile="$T/peer.err" --insecure -p $port \
				--priority "$(gnutls_prio $ver $suite)" \
				192.0.2.1 > "$T/peer.out"
		fi
		wait $core_pid && wait $gw_pid &&
			cmp -s "$T/peer.out" "$down" && rc=0
		got_suite=$(relay_field $id "r['a']['version'], r['a']['cipher']")
		# a TLS 1.3 alert (the phone's close_notify) is decrypted
		# again: its type is known only once it is decrypted
		retries=$(($(tls_stat TlsDecryptRetry) - retries))
		echo "# records decrypted twice: $retries"
		local once=0
		[ $ver = 1.3 ] && once=1
		[ -n "$extra" ] || [ $retries -le $once ] ||
			phone_retries=$((phone_retries + 1))
	else
		# the core is the TLS server; the phone is plain TCP
		local back=$down
		if [ $peer = openssl ]; then
			WANT=$(size_of "$up")
			stdin_until "$down" "$T/peer.out" |
				ip netns exec $CORE timeout 60 openssl s_server \
				-quiet -naccept 1 -accept $port \
				-cert "$T/core.pem" -key "$T/core.key" \
				-tls${ver/./_} $(ossl_suite $ver $suite) \
				> "$T/peer.out" 2> "$T/peer.err" &
		else
			back=$up	# an echo
			ip netns exec $CORE timeout 60 gnutls-serv --echo \
				-p $port --x509certfile "$T/core.pem" \
				--x509keyfile "$T/core.key" \
				--priority "$(gnutls_prio $ver $suite)" \
				> "$T/peer.err" 2>&1 &
		fi
		srv_pid=$!
		wait_until 30 bound $CORE $port
		gw_start $port $id -A tcp -B tls --ca "$T/core.pem" \
			--prio "$(gnutls_prio $ver $suite)"
		ip netns exec $UE python3 "$PEER" --connect 192.0.2.1:$port \
			--send-file "$up" --expect-file "$back" --keep-open \
			> "$T/ue.out" 2>&1 && wait $gw_pid && rc=0
		if [ $peer = openssl ]; then
			wait $srv_pid && cmp -s "$T/peer.out" "$up" || rc=1
		else
			kill $srv_pid 2>/dev/null
			wait $srv_pid 2>/dev/null
		fi
		got_suite=$(relay_field $id "r['b']['version'], r['b']['cipher']")
	fi
	echo "# $name: relay leg $got_suite"
	[ $rc = 0 ] || { show_outputs; sed 's/^/# peer: /' "$T/peer.err" | tail -5; }
	ms_check "$name: 1 MB each way, every byte" \
		test "$rc/$got_suite" = "0/$ver $(echo $suite | tr A-Z a-z)"
}

for peer in openssl gnutls; do
	for role in server client; do
		for ver in 1.3 1.2; do
			for suite in $SUITES; do
				one $peer $role $ver $suite
			done
		done
	done
done

ms_check "the phones' records (none padded) were decrypted once, but a 1.3 alert" \
	test "$phone_retries" = 0	# cases with more than their alert
retries=$(tls_stat TlsDecryptRetry)
OSSL_EXTRA="-record_padding 512" one openssl server 1.3 AES-128-GCM
ms_check "padded records: decrypted again by kTLS (TlsDecryptRetry)" \
	test "$(tls_stat TlsDecryptRetry)" -gt "$retries"
ms_exit
