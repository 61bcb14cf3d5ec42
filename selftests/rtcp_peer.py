#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""RTCP round trips through the gateway, for dp_rtcp.sh.

  rtcp_peer.py CORE_NS UE_NS UE_KEY GW_KEY ROUNDS...

One process, two sockets: the core's (198.51.100.2:7001, in network
namespace CORE_NS) and the UE's (192.0.2.2:6001, in UE_NS).  Each ROUND is
LSR_KIND:DLSR:HOLD_MS.  The core sends a sender report (RFC 3550 6.4.1) in
the clear to the gateway (198.51.100.1:30001), which protects it to the UE
(SRTCP, the gateway's key GW_KEY); the UE unprotects it with libsrtp2
(pylibsrtp: a peer we did not write) and checks it byte for byte, holds it
HOLD_MS, and answers with a receiver report whose block cites the SR (LSR
the SR's NTP middle 32 bits; LSR_KIND "other" cites an SR never sent) and
says DLSR (1/65536 s), protected with UE_KEY to the gateway
(192.0.2.1:20001), which unprotects it to the core, where it must arrive
byte for byte as the UE wrote it.

Prints one line per round: "round N lo LO hi HI" in microseconds, the
bounds the gateway's sample must lie in, from this process's own clock
(CLOCK_MONOTONIC, the kernel's ktime_get_ns()): at least the UE's hold
minus DLSR, at most the core's round trip minus DLSR.
"""
import ctypes
import os
import socket
import struct
import sys
import time

from pylibsrtp import Policy, Session

CLONE_NEWNET = 0x40000000
SSRC_CORE = 0xC0DE0001
SSRC_UE = 0x0E000001


def socket_in(ns, addr, port):
    """A UDP socket bound in network namespace NS (kept after setns)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open('/run/netns/' + ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            sys.exit('setns %s: %s' % (ns, os.strerror(ctypes.get_errno())))
    finally:
        os.close(fd)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    s.settimeout(30)
    return s


def sender_report(n):
    """An SR of the core (RFC 3550 6.4.1), no report block, sent now."""
    ntp = int((time.time() + 2208988800) * (1 << 32))	# NTP's era 0
    body = struct.pack('!IQIII', SSRC_CORE, ntp, 160 * n, n, 172 * n)
    return struct.pack('!BBH', 0x80, 200, len(body) // 4) + body, \
        (ntp >> 16) & 0xFFFFFFFF


def receiver_report(lsr, dlsr):
    """An RR of the UE with one block about the core's SSRC (6.4.2)."""
    block = struct.pack('!IIIIII', SSRC_CORE, 0, 1000, 0, lsr, dlsr)
    body = struct.pack('!I', SSRC_UE) + block
    return struct.pack('!BBH', 0x81, 201, len(body) // 4) + body


def main():
    core_ns, ue_ns, ue_key, gw_key = sys.argv[1:5]
    core = socket_in(core_ns, '198.51.100.2', 7001)
    ue = socket_in(ue_ns, '192.0.2.2', 6001)
    prof = Policy.SRTP_PROFILE_AES128_CM_SHA1_80
    ue_out = Session(policy=Policy(key=open(ue_key, 'rb').read()[:30],
                                   ssrc_type=Policy.SSRC_ANY_OUTBOUND,
                                   srtp_profile=prof))
    ue_in = Session(policy=Policy(key=open(gw_key, 'rb').read()[:30],
                                  ssrc_type=Policy.SSRC_ANY_INBOUND,
                                  srtp_profile=prof))
    for n, spec in enumerate(sys.argv[5:], 1):
        kind, dlsr, hold = spec.split(':')
        dlsr, hold = int(dlsr), int(hold)
        sr, lsr = sender_report(n)
        t_core_send = time.monotonic_ns()
        core.sendto(sr, ('198.51.100.1', 30001))
        data = ue.recv(2048)
        t_ue_recv = time.monotonic_ns()
        if ue_in.unprotect_rtcp(data) != sr:
            sys.exit('round %d: the SR the UE unprotected is not the core\'s'
                     % n)
        time.sleep(hold / 1000)
        rr = receiver_report(lsr if kind == 'sr' else lsr ^ 0x5A5A0000, dlsr)
        t_ue_send = time.monotonic_ns()
        ue.sendto(ue_out.protect_rtcp(rr), ('192.0.2.1', 20001))
        if core.recv(2048) != rr:
            sys.exit('round %d: the RR at the core is not the UE\'s' % n)
        t_core_recv = time.monotonic_ns()
        dlsr_ns = dlsr * 1953125 >> 7		# 1/65536 s, as the kernel
        print('round %d lo %d hi %d' % (
            n, max(t_ue_send - t_ue_recv - dlsr_ns, 0) // 1000,
            -(-max(t_core_recv - t_core_send - dlsr_ns, 0) // 1000)),
            flush=True)


if __name__ == '__main__':
    main()
