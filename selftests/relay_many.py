#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Many TLS sessions at once through the relay, and what tshark saw.

  relay_many.py server PORT CERT KEY N     TLS echo server for N sessions
  relay_many.py client ADDR:PORT N BYTES   N sessions at once, each sends
                                           BYTES (its own stream) and
                                           checks the echo, byte for byte
  relay_many.py compare A.PCAP B.PCAP      the TCP payload of every
                                           connection, each way, in both
                                           captures: the same byte streams

The client and the server are Python's ssl (OpenSSL).  compare reads the
captures with tshark and orders each connection's segments by sequence
number; it prints "compare: N connections, X bytes, identical" or what
differs, and exits 0 only when every stream of one capture is a stream
of the other.
"""
import hashlib
import random
import socket
import ssl
import subprocess
import sys
import threading


def server(port, cert, key, n):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("::", int(port)))
    ls.listen(int(n))
    print("listening", flush=True)

    def echo(conn):
        with ctx.wrap_socket(conn, server_side=True) as s:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                s.sendall(b)

    threads = []
    for _ in range(int(n)):
        conn, _ = ls.accept()
        conn.settimeout(300)
        t = threading.Thread(target=echo, args=(conn,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return 0


def client(addr, n, size):
    host, port = addr.rsplit(":", 1)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ok = [False] * int(n)

    def one(i):
        data = random.Random(i).randbytes(int(size))
        raw = socket.create_connection((host, int(port)), timeout=300)
        with ctx.wrap_socket(raw) as s:
            s.sendall(data)
            got = bytearray()
            while len(got) < len(data):
                b = s.recv(65536)
                if not b:
                    break
                got += b
            ok[i] = bytes(got) == data
            s.unwrap()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(int(n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"client: {sum(ok)} of {n} sessions echoed byte for byte")
    return 0 if all(ok) else 1


def streams(pcap):
    """{(client port side, direction): bytes} of a capture, by sequence."""
    out = subprocess.run(
        ["tshark", "-r", pcap, "-Y", "tcp.len > 0 && tcp.port != 5401",
         "-T", "fields",
         "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.dstport",
         "-e", "tcp.seq", "-e", "tcp.payload"],
        capture_output=True, text=True, check=True).stdout
    segs = {}
    for line in out.splitlines():
        stream, sport, dport, seq, payload = line.split("\t")
        segs.setdefault((stream, sport, dport), []).append(
            (int(seq), bytes.fromhex(payload)))
    return sorted(hashlib.sha256(s).hexdigest() + f":{len(s)}"
                  for s in (reassemble(v) for v in segs.values()))


def reassemble(segments):
    """The byte stream of one direction from its (seq, payload) segments.

    A retransmission may start at the sequence number of an earlier segment
    and carry fewer or more bytes (TCP re-segments what it resends), so
    every segment is placed by its sequence number and overlaps are cut;
    keeping one segment per sequence number would lose bytes. A hole (a
    segment the capture did not see) is not filled: the stream comes out
    shorter and differs."""
    data, next_seq = bytearray(), None
    for seq, chunk in sorted(segments, key=lambda s: (s[0], -len(s[1]))):
        if next_seq is not None and seq < next_seq:
            chunk = chunk[next_seq - seq:]
            if not chunk:
                continue
            seq = next_seq
        if next_seq is not None and seq > next_seq:
            return bytes(data)
        data += chunk
        next_seq = seq + len(chunk)
    return bytes(data)


def check_reassemble():
    """The cases a capture under load shows, against known streams."""
    whole = bytes(range(256)) * 40
    cases = [
        [(0, whole)],
        [(0, whole[:5792]), (5792, whole[5792:]), (0, whole[:1448])],
        [(0, whole[:1448]), (1448, whole[1448:]),
         (0, whole[:4344]), (4344, whole[4344:5000])],
        [(1448, whole[1448:]), (0, whole[:2000])],
    ]
    bad = [i for i, c in enumerate(cases) if reassemble(c) != whole]
    hole = reassemble([(0, whole[:100]), (200, whole[200:])])
    print(f"reassemble: {len(cases) - len(bad)} of {len(cases)} streams "
          f"whole, hole {'kept' if hole == whole[:100] else 'wrong'}")
    return 1 if bad or hole != whole[:100] else 0


def compare(a, b):
    sa, sb = streams(a), streams(b)
    total = sum(int(x.split(":")[1]) for x in sa)
    if sa == sb:
        print(f"compare: {len(sa) // 2} connections, {total} bytes, "
              "identical")
        return 0
    print(f"compare: {len(sa)} streams in one, {len(sb)} in the other, "
          f"{len(set(sa) ^ set(sb))} differ")
    for x in sorted(set(sa) ^ set(sb)):
        print(f"compare: only in {'the first' if x in sa else 'the second'}"
              f": {x}")
    return 1


if __name__ == "__main__":
    cmd = sys.argv[1]
    sys.exit({"server": server, "client": client,
              "compare": compare, "check": check_reassemble}[cmd](*sys.argv[2:]))
