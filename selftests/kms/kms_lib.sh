# SPDX-License-Identifier: GPL-2.0
#
# The reference KMS (mikey_kms.py) in the gateway's namespace, for the
# guest tests and benchmarks (selftests/mgd_kms.sh, scripts/bench-mgd-
# guest.sh): HTTPS on 127.0.0.1:8443 with a certificate made here, the
# UE (sip:ue@example.net) and the gateway (sip:agw@example.net) its users.
# Sourced after lib.sh and dp_lib.sh ($T, $GW, wait_until).

KMS=$(dirname "${BASH_SOURCE[0]}")/mikey_kms.py
UE_PSK=000102030405060708090a0b0c0d0e0f
GW_PSK=101112131415161718191a1b1c1d1e1f
TPK=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
KPID=

# The KMS's certificate, for 127.0.0.1, and the gateway's PSK file.
kms_setup() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-days 1 -subj /CN=kms -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$T/kms.key" -out "$T/kms.pem" 2> /dev/null
	printf '%s\n' $GW_PSK > "$T/gw.psk"
	chmod 600 "$T/gw.psk"
}

# mediasecd's configuration lines for this KMS.
kms_conf() {
	cat <<-CONF
	kms https://127.0.0.1:8443/mikey
	kms-ca $T/kms.pem
	kms-name kms.example.net
	kms-id sip:agw@example.net
	kms-psk-file $T/gw.psk
	kms-responder sip:ue@example.net
	CONF
}

kms_up() {	# [FAULT]: the KMS (re)started, listening
	[ -z "$KPID" ] || { kill $KPID; wait $KPID 2>/dev/null; }
	ip netns exec $GW python3 "$KMS" serve --listen 127.0.0.1:8443 \
		--name kms.example.net --tpk $TPK \
		--user sip:ue@example.net=$UE_PSK \
		--user sip:agw@example.net=$GW_PSK \
		--tls-cert "$T/kms.pem" --tls-key "$T/kms.key" \
		${1:+--fault $1} > "$T/kms.log" 2>&1 &
	KPID=$!
	wait_until 30 grep -q "listening" "$T/kms.log"
}
# ue_resolve_to OUT B64: the UE as the Responder of the gateway's
# TRANSFER_INIT B64: "srtp N key K salt S mki M" per crypto session into
# OUT, or a failed status if the KMS or a MAC refused.
ue_resolve_to() {
	ip netns exec $GW python3 "$KMS" resolve --kms https://127.0.0.1:8443/ \
		--kms-name kms.example.net --id sip:ue@example.net \
		--psk $UE_PSK --ti "$2" --ca "$T/kms.pem" > "$1"
}
kms_down() { [ -z "$KPID" ] || { kill $KPID; wait $KPID 2>/dev/null; }; KPID=; }

# ue_transfer_to OUT [OPTS]: the UE's ticket and TRANSFER_INIT: "transfer-init
# B64" and, per crypto session, "srtp N ssrc X key K salt S mki M" into
# OUT.  The sessions' SSRCs are the endpoints' streams: the UE's
# (ms_endpoint's default), then the core's (core_to_ue's).  OPTS: more of
# the client's options (--count N: N of them).
ue_transfer_to() {
	local out=$1
	shift
	ip netns exec $GW python3 "$KMS" transfer --kms https://127.0.0.1:8443/ \
		--kms-name kms.example.net --id sip:ue@example.net \
		--psk $UE_PSK --to sip:agw@example.net --ssrc 287454020 \
		--ssrc 1432778632 --ca "$T/kms.pem" "$@" > "$out"
}
