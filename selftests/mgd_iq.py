#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The Iq procedures of TS 23.334 / TS 29.334 that concern the gateway as a
whole, run against mediasecd by a strict scripted MGC pair (the raw-text
style of mgd_mgc.py), in the gateway's namespace:

  mgd_iq.py MEDIASECD CONF MEDIASEC-CLI LOG

MGC 1 listens on 127.0.0.1:2945, MGC 2 on 127.0.0.2:2945 (the CONF lists
both, in that order, with a short long-timer).  Prints TAP; exits 1 if a
check failed.  What is run, in order:

  registration: MGC 1 silent -> MGC 2 (Restart 901, Profile, Version 3);
  MGC 2 answers MgcIdToTry -> MGC 1, which answers Version 2 (spoken from
  then on); the ROOT keepalive audit; it/ito (H.248.14) notified, then
  left unanswered -> Disconnected 900; calls; Context=* audits and
  clean-up with the kernel compared; the MGC's Forced (calls gone, Add
  503) and Restart; the terminating flow; the media policies (gm, tman,
  ds, ipnapt) set and changed by Modify, in the kernel and AuditValue, and
  what is refused; an Add with every policy; Handoff to MGC 2 (903); mediasecd stopped (Graceful
  905) and restarted (902 Warm Boot, the call kept); stopped with no MGC
  to answer: it still ends.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

MGD, CONF, CLI, LOG = sys.argv[1:5]
GW = ('127.0.0.1', 2944)
n_checks = 0
failed = 0


def check(ok, what, detail=''):
    global n_checks, failed
    n_checks += 1
    if not ok:
        failed += 1
        for line in str(detail).splitlines():
            print('# ' + line)
    print('%sok %d %s' % ('' if ok else 'not ', n_checks, what), flush=True)


class Mgc:
    def __init__(self, addr):
        self.addr = addr
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind((addr, 2945))
        self.tid = 100 if addr.endswith('.1') else 500

    def drain(self):
        """Forgets what came before (retransmissions of what is done)."""
        self.s.setblocking(False)
        try:
            while self.s.recvfrom(65535):
                pass
        except BlockingIOError:
            pass
        self.s.setblocking(True)

    def recv(self, secs, pattern, answer_others=False):
        """The first message from mediasecd matching pattern within secs
        (the others answered, when answer_others, else left out)."""
        end = time.monotonic() + secs
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                data, _ = self.s.recvfrom(65535)
            except socket.timeout:
                return None
            text = data.decode()
            if re.search(pattern, text, re.S):
                return text
            if answer_others:
                self.answer(text)

    def answer(self, text, body=None):
        t = re.search(r'(?:Transaction|T)\s*=\s*(\d+)', text)
        c = re.search(r'(?:Context|C)\s*=\s*([-\d]+)', text)
        cmd = re.search(r'\b(ServiceChange|SC|Notify|N)\s*=\s*([^\s{]+)',
                        text)
        if not (t and c and cmd):
            return
        if body is None:
            body = '%s = %s' % (cmd.group(1), cmd.group(2))
        self.s.sendto(('MEGACO/3 [%s]:2945\nReply = %s { Context = %s { %s }'
                       ' }\n' % (self.addr, t.group(1), c.group(1), body))
                      .encode(), GW)

    def request(self, body, secs=5):
        """Sends a transaction to mediasecd; its reply's text, or ''."""
        self.tid += 1
        msg = 'MEGACO/3 [%s]:2945\nTransaction = %d { %s }\n' % (
            self.addr, self.tid, body)
        self.s.sendto(msg.encode(), GW)
        return self.recv(secs, r'\b(?:Reply|P)\s*=\s*%d\b' % self.tid,
                         answer_others=True) or ''


def kstate():
    """The kernel's SRTP contexts and flows, as the CLI dumps them."""
    return [subprocess.run([CLI, '-j', w, 'show'], capture_output=True,
                           text=True).stdout for w in ('ctx', 'flow')]


def before_flows(state):
    return len(json.loads(state[1] or '[]'))


def kernel(what):
    out = subprocess.run([CLI, '-j', what, 'show'], capture_output=True,
                         text=True).stdout
    return len(json.loads(out or '[]'))


def start():
    log = open(LOG, 'a')
    return subprocess.Popen([MGD, '-c', CONF, '-v'], stderr=log)


def stopped(p, secs):
    try:
        p.wait(timeout=secs)
        return True
    except subprocess.TimeoutExpired:
        return False


KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd'
CALL = ('Context = $ { Add = $ { Media { Stream = 1 { LocalControl {'
        ' Mode = SendReceive, ipdc/realm = access }, Remote {\n'
        'v=0\nc=IN IP4 192.0.2.2\nm=audio %d RTP/SAVP 0\n'
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + KEY + '\n} } } },'
        ' Add = $ { Media { Stream = 1 { LocalControl {'
        ' Mode = SendReceive, ipdc/realm = core }, Remote {\n'
        'v=0\nc=IN IP4 198.51.100.2\nm=audio %d RTP/AVP 0\n} } } } }')


LOCAL_FIRST = (
    'Context = $ { Add = $ { Media { TerminationState { ipdc/realm = access'
    ' }, Stream = 1 { LocalControl { Mode = SendReceive }, Local {\n'
    'v=0\nc=IN IP4 $\nm=audio $ RTP/SAVP 0\n'
    'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:$\n} } } },'
    ' Add = $ { Media { TerminationState { ipdc/realm = core },'
    ' Stream = 1 { Remote {\nv=0\nc=IN IP4 198.51.100.2\n'
    'm=audio 7010 RTP/AVP 0\n} } } } }')
UE_ANSWER = (
    'Context = %s { Modify = %s { Media { Stream = 1 { Remote {\n'
    'v=0\nc=IN IP4 192.0.2.2\nm=audio 6010 RTP/SAVP 0\n'
    'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' + KEY + '|1:1\n}%s'
    ' } } } }')
POLICIES = ('Context = %s { Modify = %s { Media { Stream = 1 {'
            ' LocalControl { gm/saf = ON, gm/spf = ON, tman/pol = ON,'
            ' tman/sdr = 8000, tman/mbs = 2000, ds/dscp = 46,'
            ' ipnapt/latch = ON } } } } }')


ADD_ALL = (
    'Context = $ { Add = $ { Media { Stream = 1 { LocalControl {'
    ' Mode = SendReceive, ipdc/realm = access, gm/saf = ON,'
    ' gm/sam = "192.0.2.0/24", gm/spf = ON, gm/spr = "6020-6030",'
    ' tman/pol = ON, tman/sdr = 9000, tman/mbs = 3000, tman/pdr = 20000,'
    ' tman/dvt = 200000, ds/dscp = 34, ipnapt/latch = ON }, Remote {\n'
    'v=0\nc=IN IP4 192.0.2.2\nm=audio 6020 RTP/AVP 0\n} } } },'
    ' Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive,'
    ' ipdc/realm = core, ds/dscp = 46 }, Remote {\n'
    'v=0\nc=IN IP4 198.51.100.2\nm=audio 7020 RTP/AVP 0\n} } } } }')


def rtcp_flow_from(remote, port):
    """The kernel's RTCP flow from @remote:@port (its RTP port + 1)."""
    out = subprocess.run([CLI, '-j', 'flow', 'show'], capture_output=True,
                         text=True).stdout
    fl = [f for f in json.loads(out or '[]') if f.get('kind') == 'rtcp' and
          f.get('remote') == remote and f.get('rport') == port + 1]
    return fl[0] if fl else None


def flows_of(remote, port):
    """The kernel's RTP flows from and to @remote:@port, as the CLI shows."""
    out = subprocess.run([CLI, '-j', 'flow', 'show'], capture_output=True,
                         text=True).stdout
    fl = [f for f in json.loads(out or '[]') if f.get('kind') == 'rtp']
    src = [f for f in fl
           if f.get('remote') == remote and f.get('rport') == port]
    dst = [f for f in fl
           if f.get('daddr') == remote and f.get('dport') == port]
    return (src[0] if src else None, dst[0] if dst else None)


REFUSALS = [
    ('Context = %s { Modify = %s { Media { Stream = 1 {'
     ' LocalControl { gm/rsaf = 192.0.2.9 } } } } }', 450),
    ('Context = %s { Modify = %s { Media { Stream = 1 {'
     ' LocalControl { xyz/rsaf = 192.0.2.9 } } } } }', 440),
    ('Context = %s { Modify = %s { Media { Stream = 1 {'
     ' LocalControl { tman/pol = ON } } } } }', 449),
    ('Context = %s { Modify = %s { Media { Stream = 1 {'
     ' LocalControl { ds/dscp = 64 } } } } }', 449),
    ('Context = %s { Modify = %s { Signals { al/ri } } }', 513),
    ('Context = %s { Modify = %s { Media { Stream = 1 {'
     ' LocalControl { Mode = Loopback } } } } }', 517),
    ('Context = %s { Modify = %s { Media { Stream = 1 { Remote {\n'
     'v=0\nc=IN IP4 192.0.2.2\nm=video 6010 RTP/AVP 96\n} } } } }', 515),
    ('Context = %s { Topology { access/1, core/2, isolate },'
     ' Modify = %s }', 522),
    ('Context = %s { Modify = %s { Statistics { nt/xyz } } }', 453),
]


def main():
    m1, m2 = Mgc('127.0.0.1'), Mgc('127.0.0.2')
    print('TAP version 13\n1..42', flush=True)
    mgd = start()

    # Registration: MGC 1 silent, MGC 2 redirects, MGC 1 lowers Version.
    sc = m1.recv(10, r'ServiceChange|SC\s*=')
    check(sc and re.search(r'Method\s*=\s*Restart|MT\s*=\s*RS', sc) and
          '901' in sc and re.search(r'threegIMSAGW/1', sc) and
          re.search(r'(?:Version|V)\s*=\s*3', sc),
          'ServiceChange Restart 901 with Profile and Version 3', sc)
    sc = m2.recv(15, r'ServiceChange|SC\s*=')
    check(sc is not None, 'MGC 1 silent: the next MGC of the list', sc)
    m1.drain()		# the first ServiceChange's retransmissions
    if sc:
        m2.answer(sc, 'ServiceChange = ROOT { Services {'
                  ' MgcIdToTry = [127.0.0.1]:2945 } }')
    sc = m1.recv(10, r'ServiceChange|SC\s*=')
    check(sc is not None, 'MgcIdToTry answered: registers there', sc)
    if sc:
        m1.answer(sc, 'ServiceChange = ROOT { Services { Version = 2 } }')
    r = m1.request('Context = - { AuditValue = ROOT { Audit { } } }')
    check(r.startswith('MEGACO/2') and re.search(r'AuditValue\s*=\s*ROOT|'
                                                 r'AV\s*=\s*ROOT', r),
          'keepalive answered, in the Version the MGC answered', r)

    # H.248.14: it/ito, then a silent MGC: Disconnected.
    r = m1.request('Context = - { Modify = ROOT { Events = 9 {'
                   ' it/ito { mit = 100 } } } }')
    check('Error' not in r and r, 'Modify ROOT it/ito accepted', r)
    n = m1.recv(10, r'it/ito')
    check(n and re.search(r'(?:Context|C)\s*=\s*-', n),
          'silence of 1 s: Notify it/ito on ROOT', n)
    if n:
        m1.answer(n)
    sc = m1.recv(20, r'ServiceChange|SC\s*=')	# next it/ito unanswered
    check(sc and re.search(r'Disconnected|MT\s*=\s*DC', sc) and '900' in sc,
          'its Notify unanswered: ServiceChange Disconnected 900', sc)
    if sc:
        m1.answer(sc)
    r = m1.request('Context = - { Modify = ROOT { Events = 10 { } } }')
    check('Error' not in r and r, 'registered again: it/ito turned off', r)

    # Calls, then Context=* audits and clean-up.
    r1 = m1.request(CALL % (6000, 7000))
    r2 = m1.request(CALL % (6002, 7002))
    check(kernel('ctx') == 4 and kernel('flow') == 8,
          'two calls: 4 SRTP contexts and 8 flows in the kernel', r1 + r2)
    r = m1.request('Context = * { AuditValue = * }')
    ctxs = re.findall(r'(?:Context|C)\s*=\s*(\d+)', r)
    check(len(ctxs) == 2 and len(re.findall(r'access/\d+', r)) == 2 and
          len(re.findall(r'core/\d+', r)) == 2,
          'Context=*{AuditValue=*}: both contexts, their terminations', r)
    r = m1.request('Context = * { W-AuditValue = * }')
    check(re.search(r'W-(?:AuditValue|AV)\s*=\s*\*', r),
          'W-AuditValue: one wildcarded response', r)
    r = m1.request('Context = * { Subtract = * { Audit { } } }')
    check(kernel('ctx') == 0 and kernel('flow') == 0 and 'Error' not in r,
          'Context=*{Subtract=*}: the kernel empty', r)

    # The MGC's ServiceChange on ROOT: Forced, Restart.
    m1.request(CALL % (6004, 7004))
    r = m1.request('Context = - { ServiceChange = ROOT { Services {'
                   ' Method = Forced, Reason = 905 } } }')
    check(kernel('ctx') == 0 and kernel('flow') == 0 and 'Error' not in r,
          'MGC Forced on ROOT: every call gone from the kernel', r)
    r = m1.request(CALL % (6006, 7006))
    check(re.search(r'(?:Error|ER)\s*=\s*503', r) and kernel('flow') == 0,
          'out of service: Add refused with 503, nothing installed', r)
    m1.request('Context = - { ServiceChange = ROOT { Services {'
               ' Method = Restart, Reason = 900 } } }')
    r = m1.request(CALL % (6008, 7008))
    check(kernel('ctx') == 2 and kernel('flow') == 4,
          'MGC Restart on ROOT: calls again', r)

    # The terminating flow (TS 23.334: the IMS-ALG asks for our Local
    # first, H.248.77 CHOOSE), the UE's answer later, a re-INVITE that
    # repeats our Local: the key offered is the one kept.
    before = kstate()
    r = m1.request(LOCAL_FIRST)
    ctx = re.search(r'(?:Context|C)\s*=\s*(\d+)', r)
    offered = re.search(r'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:(\S+)',
                        r)
    check(ctx and offered and kstate() == before,
          'Local first: our key offered, nothing in the kernel yet', r)
    ctx = ctx.group(1) if ctx else '0'
    tid = re.search(r'(access/\d+)', r)
    tid = tid.group(1) if tid else 'access/0'
    r = m1.request(UE_ANSWER % (ctx, tid, ''))
    kept = re.search(r'inline:(\S+)', r)
    check(offered and kept and kept.group(1) == offered.group(1) and
          kernel('flow') == before_flows(before) + 4,
          'the UE answers: the offered key kept, the call installed', r)
    after = kstate()
    local = re.search(r'(?:Local|L)\s*\{(.*?)\}', r, re.S)
    r = m1.request(UE_ANSWER % (ctx, tid, ', Local {%s}' % (
        local.group(1) if local else '')))
    kept = re.search(r'inline:(\S+)', r)
    check(offered and kept and kept.group(1) == offered.group(1) and
          kstate() == after,
          're-INVITE repeating our Local: key and kernel unchanged', r)
    # The media policies (TS 23.334 6.2.4-6.2.7) set by Modify: in the
    # kernel's flows, changed in place (the same flows), in AuditValue.
    r = m1.request(POLICIES % (ctx, tid))
    ue, to_ue = flows_of('192.0.2.2', 6010)
    check('Error' not in r and ue and to_ue and
          ue.get('gate_addr') == '192.0.2.2/32' and
          ue.get('gate_port') == '6010-6010' and
          ue.get('police_rate') == 8000 and ue.get('police_burst') == 2000 and
          ue.get('latch') is True and to_ue.get('dscp') == 46 and
          kernel('flow') == before_flows(after),
          'gm, tman, ds, ipnapt by Modify: the flows\' gate, policer, '
          'DSCP, latching', r + json.dumps([ue, to_ue]))
    r = m1.request('Context = %s { AuditValue = %s { Audit { Media } } }'
                   % (ctx, tid))
    check(all(re.search(p, r) for p in (
        r'gm/saf\s*=\s*ON', r'gm/spf\s*=\s*ON', r'tman/pol\s*=\s*ON',
        r'tman/sdr\s*=\s*8000', r'tman/mbs\s*=\s*2000',
        r'ds/dscp\s*=\s*46', r'ipnapt/latch\s*=\s*ON')),
          'AuditValue returns the policies set', r)
    r = m1.request('Context = %s { Modify = %s { Media { Stream = 1 {'
                   ' LocalControl { ds/dscp = 10, tman/pol = OFF } } } } }'
                   % (ctx, tid))
    ue, to_ue = flows_of('192.0.2.2', 6010)
    check('Error' not in r and to_ue and to_ue.get('dscp') == 10 and
          ue and 'police_rate' not in ue and
          ue.get('gate_addr') == '192.0.2.2/32',
          'Modify: DSCP 10, policing off, the gate kept', r)
    after = kstate()
    # What the gateway does not realise: refused, the kernel unchanged.
    for body, code in REFUSALS:
        r = m1.request(body % (ctx, tid))
        check(re.search(r'(?:Error|ER)\s*=\s*%d\b' % code, r) and
              kstate() == after, 'refused with %d, kernel unchanged: %s'
              % (code, body.split('{', 2)[-1].strip()[:40]), r)
    m1.request('Context = %s { Subtract = * }' % ctx)

    # Every policy set by an Add (H.248.43 gm with mask and port range,
    # H.248.53 tman with the peak bucket, H.248.52 ds on both sides,
    # H.248.37 ipnapt): the kernel's flows as asked, AuditValue the same.
    r = m1.request(ADD_ALL)
    actx = re.search(r'(?:Context|C)\s*=\s*(\d+)', r)
    atid = re.search(r'(access/\d+)', r)
    ue, to_ue = flows_of('192.0.2.2', 6020)
    core, to_core = flows_of('198.51.100.2', 7020)
    rtcp = rtcp_flow_from('192.0.2.2', 6020)
    check('Error' not in r and actx and atid and ue and to_ue and rtcp and
          to_core and ue.get('gate_addr') == '192.0.2.0/24' and
          ue.get('gate_port') == '6020-6030' and
          ue.get('police_rate') == 9000 and ue.get('police_burst') == 3000 and
          ue.get('peak_rate') == 20000 and ue.get('peak_burst') == 4000 and
          ue.get('latch') is True and ue.get('clock_rate') == 8000 and
          to_ue.get('dscp') == 34 and to_core.get('dscp') == 46 and
          rtcp.get('gate_addr') == '192.0.2.0/24' and
          rtcp.get('gate_port') == '6020-6030' and rtcp.get('rtt') is True and
          'police_rate' not in rtcp,
          'an Add with every policy: gate (mask, ports), policer with peak '
          '(dvt 200 ms: 4000 bytes), DSCP both ways, latching, RTP clock, '
          'RTCP timed', r + json.dumps([ue, to_ue, to_core, rtcp]))
    r = m1.request('Context = %s { AuditValue = %s { Audit { Media } } }'
                   % (actx.group(1) if actx else '0',
                      atid.group(1) if atid else 'access/0'))
    check(all(re.search(p, r) for p in (
        r'gm/saf\s*=\s*ON', r'gm/sam\s*=\s*"?192\.0\.2\.0/24',
        r'gm/spf\s*=\s*ON', r'gm/spr\s*=\s*"?6020-6030',
        r'tman/pol\s*=\s*ON', r'tman/sdr\s*=\s*9000',
        r'tman/mbs\s*=\s*3000', r'tman/pdr\s*=\s*20000',
        r'tman/dvt\s*=\s*200000', r'ds/dscp\s*=\s*34',
        r'ipnapt/latch\s*=\s*ON')),
          'AuditValue returns every policy the Add set', r)
    m1.request('Context = %s { Subtract = * }'
               % (actx.group(1) if actx else '0'))

    # Handoff to MGC 2.
    m2.drain()
    r = m1.request('Context = - { ServiceChange = ROOT { Services {'
                   ' Method = Handoff, Reason = 903,'
                   ' MgcIdToTry = [127.0.0.2]:2945 } } }')
    check('Error' not in r and r, 'Handoff answered', r)
    sc = m2.recv(10, r'ServiceChange|SC\s*=')
    check(sc and re.search(r'HandOff|MT\s*=\s*HO', sc, re.I) and '903' in sc,
          'registers with MGC 2: ServiceChange Handoff 903', sc)
    if sc:
        m2.answer(sc)
    r = m2.request('Context = - { AuditValue = ROOT }')
    check(re.search(r'(?:AuditValue|AV)\s*=\s*ROOT', r),
          'MGC 2 controls the gateway', r)

    # Stopped: Graceful 905; restarted: 902 with the call kept.
    mgd.send_signal(signal.SIGTERM)
    sc = m2.recv(10, r'ServiceChange|SC\s*=')
    check(sc and re.search(r'Graceful|MT\s*=\s*GR', sc) and '905' in sc,
          'stopped: ServiceChange Graceful 905', sc)
    if sc:
        m2.answer(sc)
    check(stopped(mgd, 10), 'and ends once the MGC has answered')
    check(kernel('ctx') == 2 and kernel('flow') == 4,
          'the call stays in the kernel while mediasecd is away')
    m1.drain()
    mgd = start()
    sc = m1.recv(15, r'ServiceChange|SC\s*=')
    check(sc and re.search(r'Restart|MT\s*=\s*RS', sc) and '902' in sc,
          'restarted: ServiceChange Restart 902 Warm Boot to MGC 1', sc)
    if sc:
        m1.answer(sc)
    r = m1.request('Context = * { AuditValue = * }')
    check(len(re.findall(r'access/\d+', r)) == 1,
          'the call taken back: Context=* audit lists it', r)
    # Nobody answers the Graceful: mediasecd still ends, bounded.
    mgd.send_signal(signal.SIGTERM)
    check(stopped(mgd, 15), 'stopped with no MGC answering: ends anyway')
    check(kernel('ctx') == 2, 'and the call is still in the kernel')
    if mgd.poll() is None:
        mgd.kill()
    return 1 if failed or n_checks != 42 else 0


if __name__ == '__main__':
    sys.exit(main())
