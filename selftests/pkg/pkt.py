#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An RTP peer of the package test's guest, from and to files (the Python
standard library only: the root holds nothing else).

  pkt.py peer ADDR PORT SENDFILE DST DPORT RECVFILE COUNT [SECS]

On one socket bound to ADDR:PORT (the address and port its SDP gave, so
the gateway's flows take its packets and send it theirs): prints "bound",
waits for "go" on stdin, sends each packet of SENDFILE to DST:DPORT (200 a
second) while COUNT packets are received into RECVFILE, or what came
within SECS (30).

Files: each packet a 2-byte big-endian length, then its bytes."""
import socket
import struct
import sys
import threading
import time


def packets(path):
    data = open(path, 'rb').read()
    i = 0
    while i + 2 <= len(data):
        n = struct.unpack('!H', data[i:i + 2])[0]
        yield data[i + 2:i + 2 + n]
        i += 2 + n


def receive(s, count, path, end):
    with open(path, 'wb') as f:
        for _ in range(int(count)):
            left = end - time.monotonic()
            if left <= 0:
                break
            s.settimeout(left)
            try:
                p = s.recv(65535)
            except socket.timeout:
                break
            f.write(struct.pack('!H', len(p)) + p)


def peer(addr, port, sendfile, dst, dport, recvfile, count, secs=30):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    print('bound', flush=True)
    sys.stdin.readline()
    end = time.monotonic() + float(secs)
    rx = threading.Thread(target=receive, args=(s, count, recvfile, end))
    rx.start()
    for p in packets(sendfile):
        s.sendto(p, (dst, int(dport)))
        time.sleep(0.005)
    rx.join()


if __name__ == '__main__':
    if len(sys.argv) in (9, 10) and sys.argv[1] == 'peer':
        peer(*sys.argv[2:])
    else:
        sys.exit(__doc__)
