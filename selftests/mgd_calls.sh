#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mediasecd driven over H.248 by a scripted MGC (selftests/mgd_mgc.py):
# registration (ServiceChange Restart), an e2ae call made with one
# transaction (Add of an access SRTP termination with the UE's key in its
# Remote, Add of a core RTP termination, CHOOSE for context and
# terminations), media both ways through the XDP path checked by the
# libsrtp2 endpoints with the key the gateway answered in its Local
# descriptor, Notify of authentication failures and media inactivity, a
# Move of the UE's termination to another core termination (same SRTP
# contexts, media to the new core), Subtract with statistics, and every
# refusal (400, 449, 430, 501, 510, 411, 500 when the kernel
# refuses half-way) with the kernel's contexts and flows compared before
# and after.  (mgd_megaco.sh: a call driven by Erlang/OTP megaco.)
#
#  ns ue                  ns gw: mediasecd, MGC on 127.0.0.1          ns core
#  ue0 192.0.2.2   <->   access0 192.0.2.1 | core0 198.51.100.1   <->  c0 198.51.100.2
. "$(dirname "$0")/lib.sh"

N=200
RATE=500
MGC="$(dirname "$0")/mgd_mgc.py"
MGD=$MS_O/userspace/mediasecd
. "$(dirname "$0")/dp_lib.sh"
trap 'kill $DPID 2>/dev/null; dp_cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $KSFT_SKIP; }
ms_plan 38
ms_load || exit 1
dp_topology

# The scripted MGC answers a Notify only while a check listens for it;
# an unanswered one would, after the long timer, be taken for a dead MGC
# (H.248.1 11.5, tested in mgd_iq.sh): the long timer outlasts this test.
mgd_conf <<CONF
realm tiny 198.51.100.1 31000-31001
metrics 127.0.0.1 9101
long-timer-ms 600000
pending-ms 10
rekey-grace-ms 1000
own-key-lifetime 1024
CONF
req() {	# the transaction on stdin, the reply on stdout
	ip netns exec $GW "$MGC" request 127.0.0.1 2944
}

# Before the MGC answers its ServiceChange, mediasecd refuses requests
# with 505 (H.248.8) instead of dropping them.  (Nobody listens for its
# ServiceChange yet: it retransmits until the MGC below answers.)
ip netns exec $GW "$MGD" -c "$T/mgd.conf" -v 2> "$T/mgd.log" &
DPID=$!
refused_505() {
	req > "$T/505.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 5 { Context = - { AuditValue = ROOT } }
MSG
	grep -qE "Error *= *505" "$T/505.txt"
}
ms_check "a request before registration: 505, not silence" \
	wait_until 60 refused_505
ip netns exec $GW "$MGC" register 127.0.0.1 2945 > "$T/sc.txt"
ms_check "mediasecd registers with its MGC (ServiceChange Restart)" \
	grep -q "Method *= *Restart" "$T/sc.txt"
ms_check "and says it is registered" \
	wait_until 30 grep -q "registered with MGC 1" "$T/mgd.log"

ctx_of() {	# FILE: the first context id of the reply in FILE
	sed -n 's/.*Context *= *\([0-9]*\).*/\1/p' "$1" | head -1
}
head -c 30 /dev/urandom > "$T/ue.key"
UEKEY=$(base64 -w0 "$T/ue.key")
req > "$T/add.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 10 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$UEKEY
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { Mode = SendReceive, ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
sed 's/inline:[^ |]*/inline:(key)/; s/^/# /' "$T/add.txt"
set -- $("$MGC" local access/ < "$T/add.txt")
aport=${1:-} gwkey=${2:-}
set -- $("$MGC" local core/ < "$T/add.txt")
cport=${1:-}
ctx=$(ctx_of "$T/add.txt")
ms_check "Add, Add in a CHOOSE context: ports and the gateway's key answered" \
	test -n "$ctx" -a -n "$aport" -a -n "$cport" -a ${#gwkey} = 60
printf %s "$gwkey" | unhex > "$T/gw.key"
ms_check "the kernel holds 2 contexts and 4 flows" \
	test "$(kcount ctx) $(kcount flow)" = "2 4"

ue_to_core "$aport" $N "$T/core.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ue.key"
ms_check "UE SRTP -> core RTP: $N of $N intact" test $? = 0
core_to_ue "$cport" $N "$T/ue.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/gw.key"
ms_check "core RTP -> UE SRTP with the gateway's key: $N of $N intact" \
	test $? = 0

# Refused: an unknown context; the kernel unchanged.
"$MS" -n $GW -j flow show > "$T/before.json"
req > "$T/bad.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 11 { Context = 4242 { Modify = access/1 } }
MSG
sed 's/^/# /' "$T/bad.txt"
"$MS" -n $GW -j flow show > "$T/after.json"
ms_check "unknown context: error 411, kernel unchanged" sh -c \
	"grep -q 411 '$T/bad.txt' && cmp -s '$T/before.json' '$T/after.json'"

# Every refusal the H.248 way, the kernel exactly as it was: contexts and
# flows compared before and after each.
kstate() { "$MS" -n $GW -j ctx show; "$MS" -n $GW -j flow show; }
refused() {	# CODE WHAT: the request on stdin
	local code=$1 what=$2
	kstate > "$T/k-before.json"
	req > "$T/err.txt"
	kstate > "$T/k-after.json"
	sed -n 's/.*\(Error *= *[0-9]*.*\)/# \1/p' "$T/err.txt" | head -2
	ms_check "$what: error $code, the kernel as it was" sh -c \
		"grep -Eq '(Error|ER) *= *$code' '$T/err.txt' &&
		 cmp -s '$T/k-before.json' '$T/k-after.json'"
}
refused 400 "a syntax error" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 30 { Context = \$ { Add = \$ { Media { Stream = 1 { Remote {
MSG
refused 449 "an SRTP suite the engine does not have" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 31 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6002 RTP/SAVP 0
a=crypto:1 F8_128_HMAC_SHA1_80 inline:$UEKEY
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = core } } } } } }
MSG
refused 449 "a realm the gateway does not have" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 32 { Context = \$ { Add = \$ { Media { Stream = 1 {
  LocalControl { ipdc/realm = mars } } } } } }
MSG
refused 430 "an unknown termination" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 33 { Context = $ctx { Modify = core/99 } }
MSG
refused 501 "a command the gateway does not take (Notify)" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 34 { Context = $ctx { Notify = access/1 { ObservedEvents = 1 { nt/netfail } } } }
MSG
# The last pair of the "tiny" realm is taken: the next Add gets 510.
req > "$T/tiny.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 35 { Context = \$ { Add = \$ { Media { Stream = 1 {
  LocalControl { ipdc/realm = tiny }, Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7004 RTP/AVP 0
} } } } } }
MSG
tctx=$(ctx_of "$T/tiny.txt")
refused 510 "no port left in the realm" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 36 { Context = \$ { Add = \$ { Media { Stream = 1 {
  LocalControl { ipdc/realm = tiny } } } } } }
MSG
# The kernel refuses half-way: an access termination added to the tiny
# one's context gets its SRTP contexts and keys, then the flows meet a
# flow of ours that holds the tiny termination's port: 500 with the
# kernel's reason, and the contexts and keys already made are taken back.
"$MS" -n $GW flow add 100000 action forward local 198.51.100.1 lport 31000 \
	daddr 198.51.100.2 dport 9
refused 500 "the kernel refuses a flow half-way" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 37 { Context = $tctx {
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6002 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$UEKEY
} } } } } }
MSG
ms_check "and says why" grep -q "a flow has this local address and port" "$T/err.txt"
"$MS" -n $GW flow del 100000
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 38 { Context = $tctx { Subtract = * } }
MSG

# Only the MGC controls the gateway: the same request from another
# address of the gateway's host gets nothing, and changes nothing (3 s
# of silence: a busy machine could only make this pass, not fail).
ip netns exec $GW "$MGC" request 127.0.0.1 2944 198.51.100.1 3 > "$T/x.txt" <<MSG
MEGACO/3 [198.51.100.1]:2944
Transaction = 13 { Context = $ctx { Subtract = * } }
MSG
"$MS" -n $GW -j flow show > "$T/after.json"
ms_check "a request from other than the MGC: ignored, kernel unchanged" sh -c \
	"grep -q 'no reply' '$T/x.txt' && test \$(python3 -c 'import json; print(len(json.load(open(\"$T/after.json\"))))') = 4"

# Notify: the MGC asks for media inactivity detection (H.248.40
# adid/ipstop, dt 1 s) and SRTP authentication failures (mssrtp/af, 5) on
# the UE's termination; the UE sends with tampered copies among its
# packets, then stops: mediasecd tells of both.  Whether an ipstop also
# comes before the UE's first packet depends on how long the UE takes to
# start (the flow was idle when the event was armed): the first listener
# answers and leaves out any ipstop, the second takes the first ipstop
# after the af (transaction ids grow), the one media stopping causes.
req > "$T/ev.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 40 { Context = $ctx { Modify = access/1 { Events = 21 {
  adid/ipstop { dt = 1 }, mssrtp/af { th = 5 } } } } }
MSG
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 20 1 mssrtp/af > "$T/notify.txt" &
npid=$!
wait_until 60 grep -q listening "$T/notify.txt"
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 20 seq 65200 timeout 5 first-timeout 60 > /dev/null &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" 20 \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$T/ue.key" rate $RATE seq 65200 \
	tamper 2
wait $rpid
ms_check "20 of 20 intact at the core, the tampered copies refused" test $? = 0
wait $npid
af_tid=$(sed -n 's/^Transaction = \([0-9]*\).*/\1/p' "$T/notify.txt")
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 20 1 adid/ipstop "${af_tid:-0}" \
	>> "$T/notify.txt"
sed 's/^/# /' "$T/notify.txt"
ms_check "Notify of mssrtp/af and, once media stops, adid/ipstop on access/1" sh -c \
	"! grep -q Error '$T/ev.txt' && test -n '$af_tid' &&
	 test \$(grep -Ec '(Notify|N) *= *access/1' '$T/notify.txt') = 2 &&
	 test \$(grep -Ec '(ObservedEvents|OE) *= *21' '$T/notify.txt') = 2 &&
	 grep -q 'adid/ipstop' '$T/notify.txt' && grep -q 'mssrtp/af' '$T/notify.txt'"
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 41 { Context = $ctx { Modify = access/1 { Events } } }
MSG

# adid/ipstop's direction (H.248.40 dir).  ipstop_dir EV DIR TRANS: a
# Modify asking for events EV (adid/ipstop, dt 1 s, DIR) in transaction
# TRANS (its reply in ev$EV.txt), the Notify of EV (notify$EV.txt: repeated
# by mediasecd until answered, so the MGC's listener, which takes the
# MGC's port after the Modify's reply, gets it however late it starts; a
# Notify of the events asked before, still unanswered, is answered and
# left out), and in WATCHED the RTP flows as (to the UE?, idle timeout).
ipstop_dir() {
	req > "$T/ev$1.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = $3 { Context = $ctx { Modify = access/1 { Events = $1 {
  adid/ipstop { dt = 1, dir = $2 } } } } }
MSG
	ip netns exec $GW "$MGC" notify 127.0.0.1 2945 20 1 \
		"(ObservedEvents|OE) *= *$1" > "$T/notify$1.txt" &
	local npid=$!
	"$MS" -n $GW -j flow show > "$T/idle.json"
	WATCHED=$(python3 -c "import json; print(sorted((f['daddr'] == '192.0.2.2',
	f.get('idle_timeout', 0)) for f in json.load(open('$T/idle.json'))
	if f['kind'] == 'rtp'))")
	wait $npid
	sed 's/^/# /' "$T/notify$1.txt"
	echo "# RTP flows (to the UE?, idle timeout): $WATCHED"
}

# "out" watches the media sent to the UE, not the UE's; nothing goes to
# the UE now: Notify.
ipstop_dir 22 out 42
ms_check "adid/ipstop dir=out: the flow to the UE watched, not the UE's; Notify" \
	sh -c "! grep -q Error '$T/ev22.txt' &&
	 test \"$WATCHED\" = '[(False, 0), (True, 1)]' &&
	 grep -Eq '(ObservedEvents|OE) *= *22' '$T/notify22.txt' &&
	 grep -q 'adid/ipstop' '$T/notify22.txt'"

# "both": both RTP flows watched; nothing flows either way now, so the
# one Notify comes once both are idle (the later of the two tells).
ipstop_dir 23 both 43
ms_check "adid/ipstop dir=both: both flows watched; one Notify once both are idle" \
	sh -c "! grep -q Error '$T/ev23.txt' &&
	 test \"$WATCHED\" = '[(False, 1), (True, 1)]' &&
	 test \$(grep -Ec '(ObservedEvents|OE) *= *23' '$T/notify23.txt') = 1 &&
	 grep -q 'adid/ipstop' '$T/notify23.txt'"
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 44 { Context = $ctx { Modify = access/1 { Events } } }
MSG

# Move: the UE's termination goes to a context with another core
# termination (the call transferred); its SRTP contexts stay the same
# kernel objects, and its media now reaches the new core address.
req > "$T/ctx2.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 50 { Context = \$ { Add = \$ { Media { Stream = 1 {
  LocalControl { ipdc/realm = core }, Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7002 RTP/AVP 0
} } } } } }
MSG
ctx2=$(ctx_of "$T/ctx2.txt")
ctxids() { "$MS" -n $GW -j ctx show | python3 -c 'import json,sys; print(sorted(c["id"] for c in json.load(sys.stdin)))'; }
before=$(ctxids)
req > "$T/move.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 51 { Context = $ctx2 { Move = access/1 } }
MSG
sed 's/inline:[^ |]*/inline:(key)/; s/^/# /' "$T/move.txt"
ms_check "Move access/1 into context $ctx2: the same SRTP contexts ($before)" \
	sh -c "! grep -q Error '$T/move.txt' && test '$(ctxids)' = '$before'"
ip netns exec $CORE "$EP" recv 198.51.100.2 7002 $N seq 65300 timeout 20 \
	first-timeout 60 > "$T/core2.out" &
rpid=$!
wait_bound $CORE 7002
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$aport" $N \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$T/ue.key" rate $RATE seq 65300
wait $rpid
rc=$?
sed 's/^/# /' "$T/core2.out"
ms_check "after the Move, UE SRTP -> the new core: $N of $N intact" test $rc = 0
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 52 { Context = $ctx { Subtract = * } }
MSG

req > "$T/sub.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 12 { Context = $ctx2 { Subtract = * } }
MSG
sed 's/^/# /' "$T/sub.txt"
# rtp/pr: every RTP packet taken from the UE, before the Move and after
# (its statistics go with it), the tampered copies refused not among them.
ms_check "Subtract: rtp/pr counts the $((2 * N + 20)) packets taken from the UE, before and after the Move" \
	grep -qE "rtp/pr *= *$((2 * N + 20))\b" "$T/sub.txt"
ms_check "and nothing left in the kernel" \
	test "$(kcount ctx) $(kcount flow)" = "0 0"

# e2e: RTP/SAVP on both sides and no a=crypto for the gateway: a
# transparent relay (no SRTP context, forward flows); the UE's SRTP
# reaches the core as it was sent, which decrypts it with the UE's key.
req > "$T/e2e.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 65 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = access },
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/SAVP 0
} } } } } }
MSG
set -- $("$MGC" local access/ < "$T/e2e.txt")
eport=${1:-} ekey=${2:-}
ectx=$(ctx_of "$T/e2e.txt")
actions=$("$MS" -n $GW -j flow show | python3 -c "
import json, sys
print(' '.join(sorted(set(f['action'] for f in json.load(sys.stdin)))))")
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 $N suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/ue.key" seq 4000 timeout 20 first-timeout 60 > "$T/e2e.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$eport" $N \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$T/ue.key" rate $RATE seq 4000
wait $rpid
rc=$?
sed 's/^/# /' "$T/e2e.out"
ms_check "e2e: SAVP both sides, no keys: forward flows only, the UE's SRTP decrypted at the core ($N of $N)" \
	sh -c "test '$ekey' = - -a '$actions' = forward -a $(kcount ctx) = 0 -a $rc = 0"
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 66 { Context = $ectx { Subtract = * } }
MSG

# Key expiry (mssrtp/kexp): keys of 2^10 packets, the UE's as its a=crypto
# says, ours by own-key-lifetime.  Ours reaches its soft lifetime (15/16)
# as the core sends: Notify; the next Modify announces our next key (MKI
# 2) after ours, which protects from rekey-grace-ms on, and the UE, which
# takes both, loses nothing.  The UE's key reaches its soft lifetime and
# then its lifetime: a Notify each, and the kernel refuses what follows.
SUITE1="suite AES_CM_128_HMAC_SHA1_80 mki 1"
head -c 30 /dev/urandom > "$T/ue5.key"
UE5=$(base64 -w0 "$T/ue5.key")
kx_remote="v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$UE5|2^10|1:1"
req > "$T/kx.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 70 { Context = \$ {
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = access },
    Remote {
$kx_remote
} } }, Events = 71 { mssrtp/kexp } },
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
set -- $("$MGC" local access/ < "$T/kx.txt")
kport=${1:-} kkey=${2:-}
set -- $("$MGC" local core/ < "$T/kx.txt")
kcport=${1:-}
kctx=$(ctx_of "$T/kx.txt")
ktid=$(grep -o 'access/[0-9]*' "$T/kx.txt" | head -1)
printf %s "$kkey" | unhex > "$T/gw5.key"
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 20 1 mssrtp/kexp > "$T/kx-n1.txt" &
npid=$!
wait_until 60 grep -q listening "$T/kx-n1.txt"
core_to_ue "$kcport" 1000 "$T/kx-ue1.out" $SUITE1 key-file "$T/gw5.key" \
	seq 1000
rc=$?
wait $npid
sed 's/^/# /' "$T/kx-ue1.out" "$T/kx-n1.txt"
ms_check "our key past 15/16 of 1024 packets: Notify mssrtp/kexp {dir=tx, type=soft}" \
	sh -c "test $rc = 0 && ! grep -q Error '$T/kx.txt' &&
	       grep -q 'Notify *= *$ktid' '$T/kx-n1.txt' &&
	       tr -d ' \n' < '$T/kx-n1.txt' | grep -q 'mssrtp/kexp{dir=tx,type=soft}'"
req > "$T/kx-mod.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 72 { Context = $kctx { Modify = $ktid { Media { Stream = 1 {
  Remote {
$kx_remote
} } } } } }
MSG
set -- $("$MGC" local access/ < "$T/kx-mod.txt")
echo "# Modify: port ${1:-} keys: ${2:+ours} ${3:+next}"
ms_check "the next Modify: our key, then our next one (MKI 2)" \
	test "${1:-}" = "$kport" -a "${2:-}" = "$kkey" -a ${#3} = 60 -a "${3:-}" != "$kkey"
printf %s "${3:-}" | unhex > "$T/gw6.key"
# After rekey-grace-ms our next key protects, alone: wait for that.
next_key_alone() {
	"$MS" -n $GW -j ctx show | python3 -c "
import json, sys
sys.exit(0 if any(c['dir'] == 'tx' and
                  [k['mki'] for k in c.get('keys', [])] == [2]
                  for c in json.load(sys.stdin)) else 1)"
}
wait_until 30 next_key_alone
core_to_ue "$kcport" 500 "$T/kx-ue2.out" $SUITE1 key-file "$T/gw5.key" \
	key2-file "$T/gw6.key" seq 2000
rc=$?
sed 's/^/# /' "$T/kx-ue2.out"
"$MS" -n $GW -j ctx show | python3 -c "
import json, sys
for c in json.load(sys.stdin):
    print('#', c['id'], c['dir'], [(k['mki'], k['packets'], k['tx']) for k in c.get('keys', [])])
" > "$T/kx-ctx.txt"
cat "$T/kx-ctx.txt"
ms_check "core RTP -> UE under our next key: 500 of 500, our old key gone" \
	sh -c "test $rc = 0 && grep -q \"tx \[(2, 500, True)\]\" '$T/kx-ctx.txt'"
ip netns exec $GW "$MGC" notify 127.0.0.1 2945 20 2 'dir = rx' > "$T/kx-n2.txt" &
npid=$!
wait_until 60 grep -q listening "$T/kx-n2.txt"
ip netns exec $CORE "$EP" recv 198.51.100.2 7000 1100 timeout 3 first-timeout 60 > "$T/kx-core.out" &
rpid=$!
wait_bound $CORE 7000
ip netns exec $UE "$EP" send 192.0.2.2 6000 192.0.2.1 "$kport" 1100 \
	$SUITE1 key-file "$T/ue5.key" rate $RATE
wait $rpid
wait $npid
sed 's/^/# /' "$T/kx-core.out" "$T/kx-n2.txt"
ms_check "the UE's key: Notify soft, then hard; 1024 of 1100 through, no more" \
	sh -c "grep -q '^received 1024 of 1100' '$T/kx-core.out' &&
	       tr -d ' \n' < '$T/kx-n2.txt' | grep -q 'mssrtp/kexp{dir=rx,type=soft}' &&
	       tr -d ' \n' < '$T/kx-n2.txt' | grep -q 'mssrtp/kexp{dir=rx,type=hard}'"
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 73 { Context = $kctx { Subtract = * } }
MSG

# The terminating flow (TS 23.334; H.248.77 CHOOSE): the IMS-ALG asks for
# our Local first, its key goes into the offer to the UE; the UE's answer
# comes as the Remote later.  Media both ways with the key offered first.
req > "$T/tf-add.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 80 { Context = \$ {
  Add = \$ { Media { TerminationState { ipdc/realm = access },
    Stream = 1 { LocalControl { Mode = SendReceive }, Local {
v=0
c=IN IP4 \$
m=audio \$ RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\$
} } } },
  Add = \$ { Media { Stream = 1 { LocalControl { ipdc/realm = core },
    Remote {
v=0
c=IN IP4 198.51.100.2
m=audio 7000 RTP/AVP 0
} } } } } }
MSG
set -- $("$MGC" local access/ < "$T/tf-add.txt")
tport=${1:-} tkey=${2:-}
set -- $("$MGC" local core/ < "$T/tf-add.txt")
tcport=${1:-}
tctx=$(ctx_of "$T/tf-add.txt")
tid=$(sed -n 's/.*Add *= *\(access\/[0-9]*\).*/\1/p' "$T/tf-add.txt" | head -1)
ms_check "Local first: our key offered (inline:\$ chosen), port $tport" \
	test -n "$tctx" -a -n "$tport" -a ${#tkey} = 60 -a -n "$tid"
printf %s "$tkey" | unhex > "$T/tf-gw.key"
head -c 30 /dev/urandom > "$T/tf-ue.key"
req > "$T/tf-mod.txt" <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 81 { Context = $tctx { Modify = $tid { Media { Stream = 1 {
    Remote {
v=0
c=IN IP4 192.0.2.2
m=audio 6000 RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$(base64 -w0 "$T/tf-ue.key")
} } } } } }
MSG
set -- $("$MGC" local access/ < "$T/tf-mod.txt")
ms_check "the UE's answer as the Remote: our offered key kept" \
	test "${2:-}" = "$tkey"
core_to_ue "$tcport" $N "$T/tf-ue.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/tf-gw.key"
ms_check "core RTP -> UE SRTP with the key offered first: $N of $N intact" \
	test $? = 0
ue_to_core "$tport" $N "$T/tf-core.out" suite AES_CM_128_HMAC_SHA1_80 \
	key-file "$T/tf-ue.key"
ms_check "UE SRTP -> core RTP: $N of $N intact" test $? = 0
req > /dev/null <<MSG
MEGACO/3 [127.0.0.1]:2945
Transaction = 82 { Context = $tctx { Subtract = * } }
MSG

# Slow work: 40 calls in one transaction (each an access termination with
# the UE's key: SRTP contexts and keys in the kernel, a record written)
# take longer than pending-ms (10 ms here): TransactionPending comes
# first, then the reply with all 40.
{
	echo "MEGACO/3 [127.0.0.1]:2945"
	printf 'Transaction = 60 {'
	for i in $(seq 40); do
		[ $i = 1 ] || printf ','
		printf ' Context = $ { Add = $ { Media { Stream = 1 {
  LocalControl { ipdc/realm = access }, Remote {
v=0
c=IN IP4 192.0.2.2
m=audio %d RTP/SAVP 0
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s
} } } } }' $((8000 + 2 * i)) "$UEKEY"
	done
	echo ' }'
} > "$T/big.txt"
t0=$(date +%s%N)
req < "$T/big.txt" > "$T/big-reply.txt" 2> "$T/big-pending.txt"
ms=$((($(date +%s%N) - t0) / 1000000))
sed 's/^/# /' "$T/big-pending.txt"
ms_check "40 calls in one transaction ($ms ms): TransactionPending, then the reply" \
	sh -c "grep -q '^pending 60\$' '$T/big-pending.txt' &&
	       test \$(grep -c 'Add *= *access/' '$T/big-reply.txt') = 40 &&
	       ! grep -q Error '$T/big-reply.txt'"
{
	echo "MEGACO/3 [127.0.0.1]:2945"
	printf 'Transaction = 61 {'
	sed -n 's/.*Context *= *\([0-9][0-9]*\).*/\1/p' "$T/big-reply.txt" |
		sed 's/.*/ Context = & { Subtract = * }/' | paste -sd,
	echo ' }'
} | req > "$T/big-sub.txt" 2> /dev/null
ms_check "and Subtract of all 40 leaves nothing" sh -c \
	"! grep -q Error '$T/big-sub.txt' && test $(kcount ctx) = 0"

# The metrics (docs/operations.md): a scrape in Prometheus' text format,
# checked by Prometheus' own promtool, with the counters of what this test
# did, those of removed calls kept: the 40 calls' Adds and Subtracts, the
# 449 and 510 refusals, the media both ways and the UE's forged packets
# (their contexts gone since), no context left.
metric() {	# NAME{LABELS}: its value in the scrape
	awk -v m="$1" '$1 == m { print $2 }' "$T/metrics.txt"
}
ip netns exec $GW curl -sf http://127.0.0.1:9101/metrics > "$T/metrics.txt"
grep -E '^mediasec_(h248_(commands|errors)|forwarded|srtp_packets|kernel)' \
	"$T/metrics.txt" | sed 's/^/# /'
promtool check metrics < "$T/metrics.txt" > "$T/promtool.txt" 2>&1
prc=$?
sed 's/^/# promtool: /' "$T/promtool.txt"
ms_check "GET /metrics: Prometheus text that promtool accepts, no lint" \
	test $prc = 0 -a -s "$T/metrics.txt" -a ! -s "$T/promtool.txt"
ms_check "the metrics count the 40 calls, both refusals, media and forged packets, no context left" \
	test "$(metric 'mediasec_h248_commands_total{command="add"}')" -ge 42 -a \
	     "$(metric 'mediasec_h248_commands_total{command="subtract"}')" -ge 40 -a \
	     "$(metric 'mediasec_h248_errors_total{code="449"}')" -ge 1 -a \
	     "$(metric 'mediasec_h248_errors_total{code="510"}')" -ge 1 -a \
	     "$(metric mediasec_forwarded_packets_total)" -ge $((2 * N)) -a \
	     "$(metric 'mediasec_srtp_packets_total{result="auth_fail"}')" -ge 5 -a \
	     "$(metric mediasec_kernel_srtp_contexts)" = 0 -a \
	     "$(metric mediasec_mgc_registered)" = 1
kill $DPID
wait $DPID 2>/dev/null
sed 's/^/# mediasecd: /' "$T/mgd.log"
ms_exit
