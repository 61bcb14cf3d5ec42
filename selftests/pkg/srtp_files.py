#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The media of scripts/pkg-test.sh's call, made and checked on the host
with libsrtp2 (pylibsrtp: a peer we did not write); the packaged gateway,
in the guest, only carries it.

  srtp_files.py make DIR N      DIR/ue.key (30 bytes), DIR/ue.srtp (N SRTP
                                packets the UE sends, under ue.key) and
                                DIR/core.rtp (N RTP packets the core sends)
  srtp_files.py check DIR N     DIR/at_core.bin must hold the UE's N packets
                                unprotected, byte for byte; DIR/at_ue.bin
                                the core's N packets as SRTP that the
                                gateway's key (DIR/gw.key, hex) unprotects
                                to them.  Exit 0 if both hold.

Packet files: each packet a 2-byte big-endian length, then its bytes.
"""
import os
import struct
import sys

from pylibsrtp import Policy, Session

PROF = Policy.SRTP_PROFILE_AES128_CM_SHA1_80


def rtp(seq, ssrc):
    hdr = struct.pack('!BBHII', 0x80, 0, seq, seq * 160, ssrc)
    return hdr + bytes((seq + i) & 0xff for i in range(160))


def write(path, pkts):
    with open(path, 'wb') as f:
        for p in pkts:
            f.write(struct.pack('!H', len(p)) + p)


def read(path):
    data = open(path, 'rb').read() if os.path.exists(path) else b''
    out, i = [], 0
    while i + 2 <= len(data):
        n = struct.unpack('!H', data[i:i + 2])[0]
        out.append(data[i + 2:i + 2 + n])
        i += 2 + n
    return out


def make(d, n):
    key = os.urandom(30)
    open(os.path.join(d, 'ue.key'), 'wb').write(key)
    ue = Session(policy=Policy(key=key, ssrc_type=Policy.SSRC_ANY_OUTBOUND,
                               srtp_profile=PROF))
    write(os.path.join(d, 'ue.srtp'),
          [ue.protect(rtp(s, 0x11223344)) for s in range(1, n + 1)])
    write(os.path.join(d, 'core.rtp'),
          [rtp(s, 0x55667788) for s in range(1, n + 1)])


def check(d, n):
    ok = True
    want = set(rtp(s, 0x11223344) for s in range(1, n + 1))
    got = read(os.path.join(d, 'at_core.bin'))
    same = len(want & set(got))
    print('# UE SRTP -> core RTP: %d received, %d of %d byte-exact'
          % (len(got), same, n))
    ok &= len(got) == n and same == n
    key = bytes.fromhex(open(os.path.join(d, 'gw.key')).read().strip())
    ue_in = Session(policy=Policy(key=key[:30],
                                  ssrc_type=Policy.SSRC_ANY_INBOUND,
                                  srtp_profile=PROF))
    want = set(rtp(s, 0x55667788) for s in range(1, n + 1))
    got, seen = read(os.path.join(d, 'at_ue.bin')), set()
    for p in got:
        try:
            seen.add(ue_in.unprotect(p))
        except Exception:	# not authentic, or a replay
            pass
    good = len(want & seen)
    print('# core RTP -> UE SRTP: %d received, %d of %d authentic and '
          'byte-exact under the gateway\'s key' % (len(got), good, n))
    ok &= len(got) == n and good == n
    return ok


if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in ('make', 'check'):
        sys.exit(__doc__)
    if sys.argv[1] == 'make':
        make(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(0 if check(sys.argv[2], int(sys.argv[3])) else 1)
