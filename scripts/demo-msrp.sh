# SPDX-License-Identifier: GPL-2.0
#
# The demo's MSRP session (sourced by demo-guest.sh, which has the
# namespaces, mediasecd and the megaco MGC running): the MGC sets up one
# MSRP session over H.248 (TS 23.334 5.19: an Add of the phone's
# TCP/TLS/MSRP termination with its certificate's a=fingerprint, an Add of
# the core's TCP/MSRP one with Signals mstls/est); mediasecd answers its
# own certificate's fingerprint, accepts the phone's TLS connection and
# checks its certificate, connects to the core, keys kTLS and hands both
# sockets to the kernel's relay.  The phone (OpenSSL, Python's ssl) and
# the core (plain TCP) each send 256 KB of MSRP SEND requests and check
# every byte they get; dumpcap records both links and tshark shows TLS
# records on the access link and the same MSRP requests in the clear on
# the core link.

# msrp_certs: self-signed certificates of the gateway and of the phone
# (before mediasecd starts: its configuration names the gateway's).
msrp_certs() {
	for n in gw ue; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout "$T/$n.key" -out "$T/$n.pem" -days 2 \
			-subj "/CN=$n" 2> /dev/null
	done
}

msrp_fp() {	# PEM: its SHA-256 fingerprint, as a=fingerprint writes it
	openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//'
}

# msrp_session: the session, its checks; sets fail=1 on a failure.
msrp_session() {
	local peer=$TOP/selftests/relay_peer.py line mctx maport gwfp
	local ue_rc core_rc p l

	step "an MSRP session over H.248: TLS from the phone ends at the gateway, MSRP in the clear to the core"
	modprobe tls
	python3 "$TOP/selftests/msrp_frames.py" "$T/msrp.up" 1 $((256 << 10))
	python3 "$TOP/selftests/msrp_frames.py" "$T/msrp.down" 2 $((256 << 10))
	for l in "ms-ue ue0 access" "ms-core c0 core"; do
		set -- $l
		ip netns exec "$1" dumpcap -i "$2" -f tcp -a duration:120 \
			-w "$T/msrp.$3.pcapng" > "$T/msrp.$3.cap.log" 2>&1 &
		pid[mcap.$3]=$!
	done
	wait_for 60 grep -q '^File:' "$T/msrp.access.cap.log"
	wait_for 60 grep -q '^File:' "$T/msrp.core.cap.log"
	ip netns exec ms-core python3 "$peer" --listen 7394 --keep-open \
		--send-file "$T/msrp.down" --expect-file "$T/msrp.up" \
		--ready "$T/msrp.ready" > "$T/msrp.core.out" 2>&1 &
	pid[mcore]=$!
	wait_for 30 test -e "$T/msrp.ready"
	line=$(mgc msrp access 192.0.2.2 5000 "$(msrp_fp "$T/ue.pem")" \
		core 198.51.100.2 7394)
	echo "megaco: $line"
	# shellcheck disable=SC2086
	set -- $line
	if [ "${1:-}" != msrp-added ]; then
		cat "$T/mgd.log"
		echo "demo: MSRP Add refused"
		fail=1
		return
	fi
	mctx=$2 maport=$4 gwfp=$5
	echo "context $mctx: the phone connects to 192.0.2.1:$maport (a=setup:passive)"
	echo "gateway's a=fingerprint in Local: sha-256 $gwfp"
	[ "$gwfp" = "$(msrp_fp "$T/gw.pem")" ] ||
		{ echo "demo: that is not the gateway's certificate"; fail=1; }
	ip netns exec ms-ue python3 "$peer" --connect 192.0.2.1:"$maport" \
		--tls client --cert "$T/ue.pem" --key "$T/ue.key" --keep-open \
		--send-file "$T/msrp.up" --expect-file "$T/msrp.down" \
		> "$T/msrp.ue.out" 2>&1 && ue_rc=0 || ue_rc=$?
	wait "${pid[mcore]}" && core_rc=0 || core_rc=$?
	echo "phone: $(tr '\n' ' ' < "$T/msrp.ue.out")"
	echo "core:  $(tr '\n' ' ' < "$T/msrp.core.out")"
	[ "$ue_rc$core_rc" = 00 ] ||
		{ echo "demo: the MSRP session lost or changed bytes"; fail=1; }
	echo "\$ mediasec -n ms-gw relay show"
	"$MS" -n ms-gw relay show
	line=$(mgc subtract "$mctx")
	echo "hang up: ${line:0:300}"
	case $line in
	subtracted*"nt/or=$(stat -c %s "$T/msrp.up") "*) ;;
	*) fail=1 ;;
	esac
	for p in mcap.access mcap.core; do
		kill -INT "${pid[$p]}" 2> /dev/null || true
		wait "${pid[$p]}" 2> /dev/null || true
	done

	step "tshark, access link (ue0): TLS records, the MSRP inside unseen"
	tshark -n -r "$T/msrp.access.pcapng" -Y tls.record -T fields \
		-E separator=' ' -e ip.src -e tcp.srcport -e ip.dst \
		-e tcp.dstport -e tls.record.version -e tls.record.content_type \
		-e tls.record.length 2> /dev/null > "$T/msrp.access.txt" || fail=1
	head -8 "$T/msrp.access.txt" | sed 's/^/  /'
	echo "  ... $(wc -l < "$T/msrp.access.txt") TCP segments with TLS records"
	step "tshark, core link (c0): the same MSRP requests in the clear (RFC 4975)"
	tshark -n -r "$T/msrp.core.pcapng" -d tcp.port==7394,msrp -Y msrp \
		-T fields -E separator='|' -e ip.src -e ip.dst \
		-e msrp.request.line -e msrp.messageid 2> /dev/null \
		> "$T/msrp.core.txt" || fail=1
	head -6 "$T/msrp.core.txt" | sed 's/^/  /'
	echo "  ... $(wc -l < "$T/msrp.core.txt") MSRP messages decoded"
	grep -q "MSRP t00000000 SEND" "$T/msrp.core.txt" ||
		{ echo "demo: tshark found no MSRP on the core link"; fail=1; }
	p=$(tshark -n -r "$T/msrp.access.pcapng" -Y 'frame contains "MSRP t0"' \
		2> /dev/null | wc -l)
	echo "frames of the access link with MSRP in the clear: $p"
	[ "$p" = 0 ] || fail=1
	return 0
}
