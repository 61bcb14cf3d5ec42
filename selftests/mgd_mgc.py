#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A scripted H.248 peer for the mediasecd tests (the MGC side).

  mgd_mgc.py register ADDR PORT [SECS]
                                    wait up to SECS (20) for mediasecd's
                                    ServiceChange on ADDR:PORT, answer
                                    it, print its text
  mgd_mgc.py request ADDR PORT [SRC [SECS]]
                                    send stdin's message to mediasecd at
                                    ADDR:PORT (from address SRC), again
                                    every 3 s until answered, print the
                                    reply (after any TransactionPending:
                                    "pending ID" on stderr for each), or
                                    "no reply" after SECS (30) without one
  mgd_mgc.py notify ADDR PORT SECS [COUNT [REGEX [AFTER]]]
                                    wait on ADDR:PORT up to SECS for
                                    COUNT (1) Notify from mediasecd (that
                                    match REGEX and whose transaction id
                                    is above AFTER: others are answered
                                    and left out), answer each, print
                                    their texts (or "no notify")
  mgd_mgc.py local TID              from a reply on stdin: the Local SDP
                                    of termination TID, as shell words
                                    (port, then the hex of each key of
                                    its a=crypto, or -)
"""
import base64
import re
import socket
import sys
import time


def register(addr, port, secs=20):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    s.settimeout(float(secs))
    data, peer = s.recvfrom(65535)
    text = data.decode()
    m = re.search(r'(?:Transaction|T)\s*=\s*(\d+)', text)
    if not m or not re.search(r'ServiceChange|SC\s*=', text):
        sys.exit('not a ServiceChange: ' + text)
    reply = ('MEGACO/3 [%s]:%s\nReply = %s { Context = - '
             '{ ServiceChange = ROOT } }\n' % (addr, port, m.group(1)))
    s.sendto(reply.encode(), peer)
    print(text)


def notify(addr, port, secs, count=1, match=None, after=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    end = time.monotonic() + float(secs)
    print('listening', flush=True)
    seen = set()
    while len(seen) < int(count):
        s.settimeout(max(end - time.monotonic(), 0.01))
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            print('no notify')
            return
        tid, text = notify_one(s, addr, port, data, peer)
        if (match and not re.search(match, text)) or int(tid) <= int(after):
            continue
        if tid not in seen:		# retransmissions count once
            print(text, flush=True)
        seen.add(tid)


def notify_one(s, addr, port, data, peer):
    text = data.decode()
    t = re.search(r'(?:Transaction|T)\s*=\s*(\d+)', text)
    c = re.search(r'(?:Context|C)\s*=\s*(\d+)', text)
    n = re.search(r'(?:Notify|N)\s*=\s*([^\s{]+)', text)
    if not (t and c and n):
        sys.exit('not a Notify: ' + text)
    s.sendto(('MEGACO/3 [%s]:%s\nReply = %s { Context = %s { Notify = %s } }\n'
              % (addr, port, t.group(1), c.group(1), n.group(1))).encode(),
             peer)
    return t.group(1), text


def request(addr, port, src=None, secs=30):
    """Send the transaction on stdin, print its reply (or "no reply").

    As an MGC over UDP does (H.248.1 D.1.4): sent again every 3 s while
    nothing came back (mediasecd answers a repeated transaction from its
    memory of it, not twice), not while TransactionPending says it is
    being worked on; given up after @secs without a reply.  A busy machine
    delays the answer, it does not lose it.
    """
    msg = sys.stdin.read()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if src:
        s.bind((src, 0))
    end = time.monotonic() + float(secs)
    pending_seen = False
    s.sendto(msg.encode(), (addr, int(port)))
    while True:
        s.settimeout(max(min(3, end - time.monotonic()), 0.01))
        try:
            data, _ = s.recvfrom(65535)
        except socket.timeout:
            if time.monotonic() >= end:
                print('no reply')
                return
            if not pending_seen:
                s.sendto(msg.encode(), (addr, int(port)))
            continue
        text = data.decode()
        pending = re.search(r'\b(?:Pending|PN)\s*=\s*(\d+)', text)
        if not pending:
            print(text)
            return
        pending_seen = True
        end = time.monotonic() + float(secs)	# worked on: wait again
        print('pending', pending.group(1), file=sys.stderr)


def local(tid):
    text = sys.stdin.read()
    i = text.find(tid)
    m = re.search(r'(?:Local|L)\s*\{(.*?)\}', text[i:], re.S)
    if i < 0 or not m:
        sys.exit('no Local for ' + tid)
    sdp = m.group(1)
    port = re.search(r"m=(?:audio|message) (\d+)", sdp).group(1)
    k = re.search(r'a=crypto:\d+ \S+ (inline:\S+)', sdp)
    keys = [base64.b64decode(m).hex() for m in
            re.findall(r'inline:([A-Za-z0-9+/=]+)', k.group(1))] if k else []
    print(port, ' '.join(keys) if keys else '-')


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'register':
        register(*sys.argv[2:5])
    elif cmd == 'request':
        request(sys.argv[2], sys.argv[3], *sys.argv[4:6])
    elif cmd == 'notify':
        notify(*sys.argv[2:8])
    elif cmd == 'local':
        local(sys.argv[2])
    else:
        sys.exit(__doc__)
