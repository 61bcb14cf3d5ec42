#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Media keyed by a KMS (MIKEY-TICKET, RFC 6043), terminated at the gateway
# (TR 33.828 4.5-4.7): the reference KMS (selftests/kms/mikey_kms.py) serves
# HTTPS in the gateway's namespace; its UE side requests a ticket for the
# gateway and writes a TRANSFER_INIT; the MGC passes it to mediasecd in the
# Remote SDP of an Add (a=key-mgmt:mikey, RFC 4567); mediasecd resolves it
# at the KMS and installs the keys; a libsrtp2 endpoint protecting with the
# UE's keys sends through the gateway and the core receives RTP intact;
# the core's RTP reaches the UE as SRTP under the UE's second crypto
# session.  The other way round, the gateway initiates: the MGC's Local
# asks with a=key-mgmt:mikey $; mediasecd requests a ticket for the UE and
# answers its TRANSFER_INIT; the UE resolves it at the KMS, and its
# libsrtp2 endpoint exchanges media with the core under those keys.
# Then each fault switch of the KMS, a replayed TRANSFER_INIT
# and a KMS gone: the H.248 error of docs/mikey.md, the reason in
# mediasecd's log, the kernel's contexts and flows as they were.
#
#  ns ue                  ns gw: mediasecd, MGC, KMS on 127.0.0.1      ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
. "$(dirname "$0")/lib.sh"

N=200
RATE=500
MGC="$(dirname "$0")/mgd_mgc.py"
MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
. "$(dirname "$0")/kms/kms_lib.sh"
trap 'kill $DPID $KPID 2>/dev/null; dp_cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
command -v python3 > /dev/null && python3 -c 'import cryptography' ||
	{ echo "# needs python3-cryptography"; exit $KSFT_SKIP; }
ms_plan 32
ms_load || exit 1
dp_topology

kms_setup
ue_transfer() { ue_transfer_to "$T/ue.txt"; }
cli_mikey() {	# RX TX [UE-FILE]: exit status of mikey add with the UE's
	sed -n 's/^transfer-init //p' "${3:-$T/ue.txt}" > "$T/ti.b64"
	"$MS" -n $GW mikey add rx-ctx $1 tx-ctx $2 ti-file "$T/ti.b64" \
		kms https://127.0.0.1:8443/ kms-id sip:agw@example.net \
		kms-name kms.example.net kms-psk-file "$T/gw.psk" \
		kms-ca "$T/kms.pem" state-dir "$T/state" 2> "$T/cli.err"
}
ue_key() {	# N FILE: crypto session N's key || salt, raw, into FILE
	awk -v n="$1" '$1 == "srtp" && $2 == n { print $6 $8 }' "$T/ue.txt" |
		unhex > "$2"
}

{ echo long-timer-ms 600000; kms_conf; } | mgd_conf
req() {	# the transaction on stdin, the reply on stdout
	ip netns exec $GW "$MGC" request 127.0.0.1 2944
}
kms_up
ms_check "the reference KMS serves HTTPS" test -n "$KPID"
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
ip netns exec $GW "$MGC" register 127.0.0.1 2945 > "$T/sc.txt"
ms_check "mediasecd registers with its MGC" \
	wait_until 30 grep -q "registered with MGC 1" "$T/mgd.log"

ue_transfer
ms_check "the UE has a ticket, a TRANSFER_INIT and two crypto sessions" \
	test "$(grep -c '^srtp ' "$T/ue.txt")" = 2 -a \
	-n "$(sed -n 's/^transfer-init //p' "$T/ue.txt")"
add() {	# TRANSACTION: an Add pair, the UE's TRANSFER_INIT in its Remote
	cat <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = $1 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=key-mgmt:mikey $(sed -n 's/^transfer-init //p' "$T/ue.txt")
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
}
add 10 | req > "$T/add.txt"
sed 's/mikey .*/mikey (ticket)/; s/^/# /' "$T/add.txt"
set -- $("$MGC" local access/ < "$T/add.txt")
aport=${1:-} gwkey=${2:-}
set -- $("$MGC" local core/ < "$T/add.txt")
cport=${1:-}
ms_check "Add with a=key-mgmt:mikey: resolved, ports answered, no a=crypto" \
	test -n "$aport" -a -n "$cport" -a "$gwkey" = -
ms_check "the kernel holds 2 contexts and 4 flows" \
	test "$(kcount ctx) $(kcount flow)" = "2 4"
ue_key 1 "$T/ue1.key"
ue_key 2 "$T/ue2.key"
cp "$T/ue.txt" "$T/ue-call.txt"
mki=$(awk '$1 == "srtp" && $2 == 1 { print $10 }' "$T/ue.txt")
ue_to_core "$aport" $N "$T/core.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ue1.key" mki $((${#mki} / 2)) mki-first $((16#$mki))
ms_check "UE SRTP under the ticket's keys -> core RTP: $N of $N intact" \
	test $? = 0
core_to_ue "$cport" $N "$T/ue.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ue2.key" mki $((${#mki} / 2)) mki-first $((16#$mki))
ms_check "core RTP -> UE SRTP under the second crypto session: $N of $N intact" \
	test $? = 0

# The gateway initiates: its Local asks for a ticket ("$"), the answer
# from the UE carries no keys (RFC 6043 4.2.2: the ticket has them).
req > "$T/offer.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 11 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = access },
    Local {
v=0
c=IN IP4 \$
m=audio \$ RTP/SAVP 0
a=key-mgmt:mikey \$
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
offer=$(sed -n 's/.*a=key-mgmt:mikey \([A-Za-z0-9+/=]*\).*/\1/p' "$T/offer.txt")
ctx=$(sed -n 's/.*Context *= *\([0-9]*\).*/\1/p' "$T/offer.txt" | head -1)
set -- $("$MGC" local access/ < "$T/offer.txt")
aport=${1:-} gwkey=${2:-}
set -- $("$MGC" local core/ < "$T/offer.txt")
cport=${1:-}
atid=$(grep -o 'access/[0-9]*' "$T/offer.txt" | head -1)
ms_check "Add with a Local a=key-mgmt:mikey \$: a TRANSFER_INIT, no a=crypto" \
	test -n "$offer" -a -n "$aport" -a -n "$ctx" -a "$gwkey" = -
req > "$T/answer.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 12 { Context = $ctx { Modify = $atid { Media { Stream = 1 {
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
} } } } } }
MSG
ue_resolve_to "$T/ue-b.txt" "$offer"
ms_check "the UE resolves the gateway's ticket: two crypto sessions" sh -c \
	"test \$(grep -c '^srtp ' '$T/ue-b.txt') = 2 && ! grep -q Error '$T/answer.txt'"
ue_rkey() {	# RESOLVED N FILE: session N of a ticket the UE resolved
	awk -v n="$2" '$1 == "srtp" && $2 == n { print $4 $6 }' "$1" |
		unhex > "$3"
}
ue_rkey "$T/ue-b.txt" 1 "$T/ueb1.key"
ue_rkey "$T/ue-b.txt" 2 "$T/ueb2.key"
mki=$(awk '$1 == "srtp" && $2 == 2 { print $8 }' "$T/ue-b.txt")
ue_to_core "$aport" $N "$T/core-b.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ueb2.key" mki $((${#mki} / 2)) mki-first $((16#$mki))
ms_check "UE SRTP under the gateway's second session -> core RTP: $N of $N intact" \
	test $? = 0
mki=$(awk '$1 == "srtp" && $2 == 1 { print $8 }' "$T/ue-b.txt")
core_to_ue "$cport" $N "$T/ue-b.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ueb1.key" mki $((${#mki} / 2)) mki-first $((16#$mki))
ms_check "core RTP -> UE SRTP under the gateway's first session: $N of $N intact" \
	test $? = 0

# A transaction that waits for the KMS does not hold the others (H.248.1
# clause 8: transactions are independent, no order implied): the KMS
# holds its answer to the first until the test lets it go; the second is
# answered meanwhile, the first gets TransactionPending, then its reply.
ue_transfer
kms_up hold-resolve="$T/release"
add 13 | req > "$T/held.txt" 2> "$T/held.err" &
HPID=$!
wait_until 60 grep -q "holding" "$T/kms.log"
req > "$T/other.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 14 { Context = \$ { Add = \$ { Media { Stream = 1 {
    LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7002 RTP/AVP 0
} } } } } }
MSG
ms_check "while a transaction waits for the KMS, another is answered" sh -c \
	"grep -q Reply '$T/other.txt' && ! grep -q Error '$T/other.txt' &&
	 test ! -s '$T/held.txt'"
wait_until 60 grep -q pending "$T/held.err"
touch "$T/release"
wait $HPID
set -- $("$MGC" local access/ < "$T/held.txt")
ms_check "the one that waited: TransactionPending, then keyed by the ticket" \
	sh -c "grep -q pending '$T/held.err' && test -n '${1:-}' &&
	       ! grep -q Error '$T/held.txt'" ||
	{ tail -n 5 "$T/held.err" "$T/held.txt" "$T/kms.log"
	  grep -a "13\b" "$T/mgd.log" | tail -n 10; } | sed 's/^/# /'
kms_up

# Refusals: the error, the reason logged, the kernel as it was.
kstate() { "$MS" -n $GW -j ctx show; "$MS" -n $GW -j flow show; }
refused() {	# CODE WHAT LOGGED: an Add with the UE's latest TRANSFER_INIT
	local code=$1 what=$2 logged=$3
	kstate > "$T/k-before.json"
	add $((tr += 1)) | req > "$T/err.txt"
	kstate > "$T/k-after.json"
	sed -n 's/.*\(Error *= *[0-9]*.*\)/# \1/p' "$T/err.txt" | head -2
	ms_check "$what: error $code, logged, the kernel as it was" sh -c \
		"grep -Eq '(Error|ER) *= *$code' '$T/err.txt' &&
		 grep -q '$logged' '$T/mgd.log' &&
		 cmp -s '$T/k-before.json' '$T/k-after.json'"
}
tr=20
refused 449 "the same TRANSFER_INIT in another call (a replay)" \
	"not resolved: TRANSFER_INIT replayed"
# the replay file is mediasecd's: what it took, the CLI refuses too
kstate > "$T/k-before.json"
cli_mikey 9003 9004 "$T/ue-call.txt"
rc=$?
kstate > "$T/k-after.json"
ms_check "mediasec mikey add of what mediasecd took: exit 3, replayed" \
	sh -c "test $rc = 3 && grep -q replayed '$T/cli.err' &&
	       cmp -s '$T/k-before.json' '$T/k-after.json'"
ue_transfer
kms_up bad-mac
refused 500 "a KMS answer whose MAC does not verify" \
	"RESOLVE_RESP MAC does not match"
kms_up expired
ue_transfer
kms_up
refused 449 "an expired ticket" "Invalid Ticket (Error no 14)"
kms_up wrong-responder
ue_transfer
refused 449 "a ticket that does not name the gateway" \
	"Invalid ID (Error no 7)"
kms_up
ue_transfer
kms_up err=12
refused 449 "the KMS's Error payload" "Unspecified error (Error no 12)"
kms_up
ue_transfer
kms_down
refused 500 "a KMS out of reach" "not resolved: Could.*connect"
kms_up

# The CLI: "mediasec mikey add" makes the call's two contexts from a
# TRANSFER_INIT with the same KMS client; flows added by hand carry media.
ue_transfer
cli_mikey 9001 9002
ms_check "mediasec mikey add: exit 0, the RX and TX contexts made" sh -c \
	"test $? = 0 && '$MS' -n $GW ctx show 9001 | grep -q 'dir rx' &&
	 '$MS' -n $GW ctx show 9002 | grep -q 'dir tx'"
ue_key 1 "$T/ue1.key"
ue_key 2 "$T/ue2.key"
# hand_call RX TX APORT CPORT UPKEY DOWNKEY MKI WHAT: flows RX (the UE's
# SRTP on APORT to the core) and TX (the core's RTP on CPORT to the UE)
# added by hand on contexts RX and TX; media both ways, UPKEY and DOWNKEY
# the UE's keys, MKI (hex) theirs.
hand_call() {
	local rx=$1 tx=$2 aport=$3 cport=$4 up=$5 down=$6 mki=$7 what=$8
	"$MS" -n $GW flow add $rx action srtp-to-rtp local 192.0.2.1 \
		lport $aport remote 192.0.2.2 rport 6000 rx-ctx $rx \
		saddr 198.51.100.1 sport $cport daddr 198.51.100.2 dport 7000
	"$MS" -n $GW flow add $tx action rtp-to-srtp local 198.51.100.1 \
		lport $cport remote 198.51.100.2 rport 7000 tx-ctx $tx \
		saddr 192.0.2.1 sport $aport daddr 192.0.2.2 dport 6000
	ue_to_core $aport $N "$T/core-$rx.out" suite AES_CM_128_HMAC_SHA1_80 \
		key-file "$up" mki $((${#mki} / 2)) mki-first $((16#$mki))
	ms_check "$what: UE SRTP -> core RTP: $N of $N intact" test $? = 0
	core_to_ue $cport $N "$T/ue-$tx.out" suite AES_CM_128_HMAC_SHA1_80 \
		key-file "$down" mki $((${#mki} / 2)) mki-first $((16#$mki))
	ms_check "$what: core RTP -> UE SRTP: $N of $N intact" test $? = 0
}
mki=$(awk '$1 == "srtp" && $2 == 1 { print $10 }' "$T/ue.txt")
hand_call 9001 9002 40100 30100 "$T/ue1.key" "$T/ue2.key" $mki CLI-keyed
# "mediasec mikey offer": the CLI initiates, prints its TRANSFER_INIT;
# the UE resolves it; flows added by hand carry media both ways.
"$MS" -n $GW mikey offer rx-ctx 9005 tx-ctx 9006 responder sip:ue@example.net \
	kms https://127.0.0.1:8443/ kms-id sip:agw@example.net \
	kms-name kms.example.net kms-psk-file "$T/gw.psk" \
	kms-ca "$T/kms.pem" > "$T/cli-offer.txt" 2> "$T/cli.err"
rc=$?
ue_resolve_to "$T/ue-c.txt" "$(sed -n 's/^transfer-init //p' "$T/cli-offer.txt")"
ms_check "mediasec mikey offer: exit 0, the UE resolves its TRANSFER_INIT" \
	sh -c "test $rc = 0 && test \$(grep -c '^srtp ' '$T/ue-c.txt') = 2"
ue_rkey "$T/ue-c.txt" 1 "$T/uec1.key"
ue_rkey "$T/ue-c.txt" 2 "$T/uec2.key"
# (one TGK: both sessions under its SPI)
mki=$(awk '$1 == "srtp" && $2 == 2 { print $8 }' "$T/ue-c.txt")
hand_call 9005 9006 40102 30102 "$T/uec2.key" "$T/uec1.key" $mki CLI-offered
cli_refused() {	# EXIT WHAT [RX TX [UE-FILE]]: mikey add, refused
	local code=$1 what=$2 rc
	kstate > "$T/k-before.json"
	cli_mikey ${3:-9003} ${4:-9004} ${5:-}
	rc=$?
	kstate > "$T/k-after.json"
	sed 's/^/# /' "$T/cli.err"
	ms_check "mediasec mikey add, $what: exit $code, the kernel as it was" \
		sh -c "test $rc = $code && cmp -s '$T/k-before.json' '$T/k-after.json'"
}
ue_transfer
kms_up bad-mac
cli_refused 4 "a KMS answer whose MAC does not verify"
kms_up expired
ue_transfer
kms_up
cli_refused 3 "an expired ticket"
kms_up wrong-responder
ue_transfer
cli_refused 3 "a ticket that does not name the gateway"
ue_transfer
kms_down
cli_refused 4 "a KMS out of reach"
kms_up
# A TX context the kernel refuses (its id taken): the RX one taken back.
ue_transfer
cli_refused 2 "the second context refused by the kernel" 9003 9001
kill $DPID
wait $DPID
ms_check "mediasecd stops, with no key in its log" sh -c \
	"! grep -Eqi '$GW_PSK|$UE_PSK|$(od -An -tx1 "$T/ue1.key" | tr -d ' \n')' '$T/mgd.log'"
sed "s/^/# mediasecd: /" "$T/mgd.log"
ms_exit
