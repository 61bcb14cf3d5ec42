#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""MSRP SEND requests (RFC 4975 7.1) to carry through the relay.

  msrp_frames.py FILE SEED [BYTES [lf]]

Writes about BYTES (default 1 MiB) of complete SEND requests, their text
from random.Random(SEED), lines ended with CRLF (RFC 4975), or with LF
when "lf" is given (for tools that change a CR: relay_matrix.sh).
"""
import random
import sys


def main():
    path, seed = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 1 << 20
    eol = "\n" if len(sys.argv) > 4 and sys.argv[4] == "lf" else "\r\n"
    r = random.Random(seed)
    out, n, i = [], 0, 0
    while n < size:
        body = "".join(r.choice("abcdefghijklmnopqrstuvwxyz ")
                       for _ in range(400))
        f = eol.join(["MSRP t%08d SEND" % i,
                      "To-Path: msrp://198.51.100.2:7394/core;tcp",
                      "From-Path: msrp://192.0.2.2:5000/ue;tcp",
                      "Message-ID: m%d" % i, "Byte-Range: 1-400/400",
                      "Content-Type: text/plain", "", body,
                      "-------t%08d$" % i, ""])
        out.append(f)
        n += len(f)
        i += 1
    with open(path, "w", newline="") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
