#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An endpoint of the relay tests: a phone's or the core's MSRP peer.

Connects or listens over TCP, or TLS through Python's ssl (OpenSSL: a TLS
stack we did not write), sends a deterministic byte stream while it reads
the other side's, and checks what it read byte for byte.

  relay_peer.py (--listen PORT | --connect ADDR:PORT) [--tls client|server]
                [--cert F --key F] [--ca F] [--version 1.2|1.3]
                [--send N] [--seed S] [--expect N] [--expect-seed S]
                [--stall SECONDS] [--ready FILE]

The stream of seed S is random.Random(S).randbytes(N).  After sending, a
TCP peer half-closes (FIN); a TLS peer stops sending.  It reads until it
has N bytes (or EOF), then closes.  Exit 0 when what it read is exactly the
expected stream; it prints "peer: sent X received Y" either way.
"""
import argparse
import random
import socket
import ssl
import sys
import select
import time

CHUNK = 65536


def stream(seed, n):
    return random.Random(seed).randbytes(n)


def wrap(sock, args, server):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server
                         else ssl.PROTOCOL_TLS_CLIENT)
    if args.version:
        v = ssl.TLSVersion.TLSv1_3 if args.version == "1.3" \
            else ssl.TLSVersion.TLSv1_2
        ctx.minimum_version = ctx.maximum_version = v
    if args.cert:
        ctx.load_cert_chain(args.cert, args.key)
    if args.ca:
        ctx.load_verify_locations(args.ca)
        ctx.check_hostname = False
    elif not server:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx.wrap_socket(sock, server_side=server)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--listen", type=int)
    p.add_argument("--connect")
    p.add_argument("--tls", choices=["client", "server"])
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--ca")
    p.add_argument("--version", choices=["1.2", "1.3"])
    p.add_argument("--send", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--expect", type=int, default=0)
    p.add_argument("--expect-seed", type=int, default=2)
    p.add_argument("--stall", type=float, default=0,
                   help="read nothing for this long after connecting")
    p.add_argument("--ready", help="file written once listening")
    args = p.parse_args()

    if args.listen:
        ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("::", args.listen))
        ls.listen(1)
        if args.ready:
            open(args.ready, "w").close()
        sock, _ = ls.accept()
        ls.close()
    else:
        host, port = args.connect.rsplit(":", 1)
        sock = socket.create_connection((host, int(port)), timeout=120)
    sock.settimeout(120)
    if args.tls:
        sock = wrap(sock, args, args.tls == "server")

    out = stream(args.seed, args.send)
    got = bytearray()
    sent, eof, shut = 0, False, False
    # One thread, non-blocking: an SSL object is not safe to read and
    # write from two threads at once.
    sock.setblocking(False)
    stall_end = time.monotonic() + args.stall
    while sent < len(out) or (len(got) < args.expect and not eof):
        reading = len(got) < args.expect and not eof and \
            time.monotonic() >= stall_end
        r = [sock] if reading else []
        w = [sock] if sent < len(out) else []
        if reading and args.tls and sock.pending():
            rr, ww = [sock], []
        else:
            rr, ww, _ = select.select(r, w, [], 1 if args.stall else 120)
            if not rr and not ww and time.monotonic() >= stall_end:
                print("peer: timed out", file=sys.stderr)
                break
        if rr:
            try:
                b = sock.recv(min(CHUNK, args.expect - len(got)))
                if not b:
                    eof = True
                got += b
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError,
                    BlockingIOError):
                pass
        if ww:
            try:
                sent += sock.send(out[sent:sent + CHUNK])
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError,
                    BlockingIOError):
                pass
        if sent == len(out) and not shut and not args.tls:
            sock.shutdown(socket.SHUT_WR)
            shut = True
    print(f"peer: sent {sent} received {len(got)}")
    want = stream(args.expect_seed, args.expect)
    if bytes(got) != want:
        off = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                   min(len(got), len(want)))
        print(f"peer: stream differs at byte {off}", file=sys.stderr)
        return 1
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
