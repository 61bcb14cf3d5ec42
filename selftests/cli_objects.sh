#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CLI's contexts, keys and flows: what is added shows in "show" and
# "-j show" exactly (keys never), keys come from files or stdin (raw or
# RFC 4568 inline:), deleting works, a namespace's state is freed with it,
# and unloading the module with state in place frees everything.
#
#   ns ms-obj-a (state)   ns ms-obj-b (deleted with its state)
. "$(dirname "$0")/lib.sh"

MS=$MS_O/userspace/mediasec
A=ms-obj-a-$$
B=ms-obj-b-$$
T=$(mktemp -d)
cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 17
ms_load || exit 1
ip netns add "$A" && ip netns add "$B"
ip -n "$A" link set lo up

m() { "$MS" -n "$A" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

head -c 30 /dev/urandom > "$T/raw"
printf 'inline:%s|2^20|7:2\n' "$(head -c 44 /dev/urandom | base64 -w0)" > "$T/inline"

ms_check "ctx add (rx, AES_CM_128_HMAC_SHA1_80)" \
	m ctx add 10 dir rx suite AES_CM_128_HMAC_SHA1_80 window 1024
ms_check "ctx add (tx, AEAD_AES_256_GCM, flags, mki-len)" \
	m ctx add 11 dir tx suite aead_aes_256_gcm mki-len 2 flags UNENCRYPTED_SRTCP
ms_check "key add from a raw file" m key add ctx 10 key-file "$T/raw"
ms_check "key add inline: from stdin" sh -c "'$MS' -n '$A' key add ctx 11 key-file - < '$T/inline'"
ms_check "ctx show: exactly what was added" sh -c "
	'$MS' -n '$A' ctx show 11 | head -1 | grep -qx 'ctx 11 dir tx suite AEAD_AES_256_GCM flags UNENCRYPTED_SRTCP kdr 0 window 128 mki-len 2 streams 4' &&
	'$MS' -n '$A' ctx show 10 | grep -qx '    key mki 0 lifetime 281474976710656 soft-lifetime 263882790666240 packets 0 tx'"
ms_check "ctx -j show: exactly what was added" sh -c "
	'$MS' -n '$A' -j ctx show | python3 -c '
import json, sys
d = {c[\"id\"]: c for c in json.load(sys.stdin)}
c = d[11]
assert (c[\"dir\"], c[\"suite\"], c[\"flags\"], c[\"window\"], c[\"mki_len\"]) == (\"tx\", \"AEAD_AES_256_GCM\", [\"UNENCRYPTED_SRTCP\"], 128, 2), c
assert [(k[\"mki\"], k[\"lifetime\"], k[\"tx\"]) for k in c[\"keys\"]] == [(7, 1 << 20, True)], c
assert d[10][\"window\"] == 1024 and d[10][\"suite\"] == \"AES_CM_128_HMAC_SHA1_80\"
'"
# No key material anywhere in the output.
KEYHEX=$(od -An -tx1 -N8 "$T/raw" | tr -d ' \n')
ms_check "keys never shown" sh -c "
	! ( '$MS' -n '$A' ctx show; '$MS' -n '$A' -j ctx show ) | tr -d ' ' | grep -qi '$KEYHEX'"
ms_check "flow add (srtp-to-rtp, IPv4, every option)" \
	m flow add 20 action srtp-to-rtp local 192.0.2.1 lport 40000 \
		remote 192.0.2.2 rport 50000 kind mux rx-ctx 10 \
		daddr 198.51.100.2 dport 30002 saddr 198.51.100.1 sport 30000 \
		dev lo latch reverse 21 idle-timeout 30
ms_check "flow add (rtp-to-srtp, IPv6)" \
	m flow add 21 action rtp-to-srtp local 2001:db8::1 lport 40002 \
		tx-ctx 11 daddr 2001:db8:c::2 dport 7000
ms_check "flow show: exactly what was added" sh -c "
	'$MS' -n '$A' flow show 20 | head -1 | grep -qx 'flow 20 action srtp-to-rtp kind mux local 192.0.2.1 lport 40000 remote 192.0.2.2 rport 50000 rx-ctx 10 daddr 198.51.100.2 dport 30002 saddr 198.51.100.1 sport 30000 dev lo latch reverse 21 idle-timeout 30' &&
	'$MS' -n '$A' flow show 21 | head -1 | grep -qx 'flow 21 action rtp-to-srtp kind rtp local 2001:db8::1 lport 40002 tx-ctx 11 daddr 2001:db8:c::2 dport 7000'"
ms_check "flow -j show and stats -j" sh -c "
	'$MS' -n '$A' -j flow show | python3 -c '
import json, sys
d = {f[\"id\"]: f for f in json.load(sys.stdin)}
assert d[21][\"local\"] == \"2001:db8::1\" and d[21][\"tx_ctx\"] == 11 and d[20][\"latch\"], d
assert d[20][\"reverse\"] == 21 and d[20][\"idle_timeout\"] == 30, d
' && '$MS' -n '$A' -j stats | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert {x.get(\"ctx\") for x in s} >= {10, 11} and {x.get(\"flow\") for x in s} >= {20, 21}, s
' && '$MS' -n '$A' stats reset && '$MS' -n '$A' stats reset flow 20 && '$MS' -n '$A' stats reset ctx 10"
"$MS" -n "$A" ctx del 10 2>"$T/err"
ms_check "ctx in use by a flow: exit 2 with the kernel's reason" sh -c \
	"test $? = 2 && grep -q 'flows use this context' '$T/err'"
ms_check "flow del, then ctx del, key del" sh -c "
	'$MS' -n '$A' flow del 20 && '$MS' -n '$A' flow del 21 &&
	'$MS' -n '$A' ctx del 10 && '$MS' -n '$A' key del ctx 11 mki 7 &&
	test \"\$('$MS' -n '$A' -j flow show)\" = '[]'"

# State in namespace B goes with it.
live() { "$MS" -j info | json "print(d['live_ctxs'], d['live_flows'])"; }
before=$(live)
"$MS" -n "$B" ctx add 1 dir rx suite AES_CM_128_HMAC_SHA1_80
"$MS" -n "$B" key add ctx 1 key-file "$T/raw"
"$MS" -n "$B" flow add 1 action srtp-to-rtp local 192.0.2.9 lport 1000 rx-ctx 1 daddr 192.0.2.8 dport 1000
ms_check "namespace B holds one context and one flow" sh -c \
	"test \"\$('$MS' -n '$B' -j info | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"ctxs\"], d[\"flows\"])')\" = '1 1'"
ip netns del "$B"
ok=0
for _ in $(seq 50); do
	[ "$(live)" = "$before" ] && { ok=1; break; }
	sleep 0.1
done
ms_check "deleting namespace B freed its state" test $ok = 1

# Unloading with state in place (namespace A: ctx 11, a key, a flow).
"$MS" -n "$A" key add ctx 11 key-file - < "$T/inline"
"$MS" -n "$A" flow add 30 action forward local 192.0.2.1 lport 1234 daddr 192.0.2.3 dport 1234
ms_check "unload with contexts, keys and flows in place" sh -c \
	"rmmod mediasec && ! dmesg | tail -n 20 | grep -q WARNING"
ms_check "nothing left behind" ms_nothing_left
ms_exit
