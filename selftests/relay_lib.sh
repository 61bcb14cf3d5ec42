# SPDX-License-Identifier: GPL-2.0
#
# The relay tests' topology and helpers (sourced after lib.sh):
#
#  ns ue                      ns gw                          ns core
#  ue0 192.0.2.2  <->  access0 192.0.2.1 | core0 198.51.100.1  <->  c0 198.51.100.2
#
# The phone and the core are relay_peer.py (OpenSSL through Python's ssl);
# the gateway is tls_gw (GnuTLS handshakes, kTLS keyed from them, both
# sockets handed to the module, its descriptors closed).

MS=$MS_O/userspace/mediasec
GWT=$MS_O/selftests/tls_gw
PEER=$(dirname "${BASH_SOURCE[0]}")/relay_peer.py
UE=ms-rl-ue-$$ GW=ms-rl-gw-$$ CORE=ms-rl-core-$$
T=$(mktemp -d)
MB=1048576

cleanup() {
	for n in $UE $GW $CORE; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}

topology() {
	for n in $UE $GW $CORE; do ip netns add "$n"; ip -n "$n" link set lo up; done
	ip link add ue0 netns $UE type veth peer name access0 netns $GW
	ip link add core0 netns $GW type veth peer name c0 netns $CORE
	ip -n $UE addr add 192.0.2.2/24 dev ue0
	ip -n $GW addr add 192.0.2.1/24 dev access0
	ip -n $GW addr add 198.51.100.1/24 dev core0
	ip -n $CORE addr add 198.51.100.2/24 dev c0
	for l in "$UE ue0" "$GW access0" "$GW core0" "$CORE c0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
}

relay_field() {	# ID PYTHON-EXPRS over r (the relay's JSON object), printed
	"$MS" -n $GW -j relay show "$1" | python3 -c "
import json, sys
r = json.load(sys.stdin)[0]
print($2)"
}

relay_ended() {	# ID: the relay exists and has ended
	case $(relay_field "$1" "r['state']" 2>/dev/null) in
	running | "") return 1 ;;
	esac
}

# certificates: a self-signed one each for the gateway and the core.
certificates() {
	for n in gw core; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout "$T/$n.key" -out "$T/$n.pem" -days 2 \
			-subj "/CN=$n" 2>/dev/null
	done
}

# core_listen PORT ARGS...: the core's peer, listening; waits until it is.
core_listen() {
	local port=$1
	shift
	rm -f "$T/core.ready"
	ip netns exec $CORE python3 "$PEER" --listen "$port" "$@" \
		--ready "$T/core.ready" > "$T/core.out" 2>&1 &
	core_pid=$!
	wait_until 30 test -e "$T/core.ready"
}

# gw_start PORT ID ARGS...: tls_gw for one session, listening.
gw_start() {
	local port=$1 id=$2
	shift 2
	ip netns exec $GW "$GWT" -l "$port" -c 198.51.100.2:"$port" -i "$id" \
		"$@" > "$T/gw.out" 2>&1 &
	gw_pid=$!
	wait_until 30 grep -q listening "$T/gw.out"
}

# show_outputs: what the peers and the gateway printed, as TAP comments.
# (the last lines, cut short, printable: a peer may have written what it
# received, megabytes of it, binary)
show_outputs() {
	for f in ue core gw; do
		[ -e "$T/$f.out" ] &&
			tail -c 4096 "$T/$f.out" | tr -c '[:print:]\n' '?' |
			cut -c 1-300 | tail -n 20 | sed "s/^/# $f: /"
	done
	return 0
}
