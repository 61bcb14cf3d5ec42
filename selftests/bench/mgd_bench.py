#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The call-setup benchmark of mediasecd (make bench-mgd, in the guest).

  mgd_bench.py mgc MGC_PORT MGD_PORT NS_CORE NS_UE CALLS ROUNDS KEYFILE
      in the gateway's namespace: answer mediasecd's ServiceChange, then
      (1) CALLS times an e2ae call made and cleared over H.248: Add of an
          access RTP/SAVP termination (the UE's key from KEYFILE) and a
          core RTP/AVP one in a CHOOSE context, then Subtract = *, one
          transaction each, the next sent when the reply is in;
      (2) ROUNDS times: a core source already sending plain RTP to the
          port the next Add will get, the UE sink waiting; the Add sent;
          the time until the first packet reaches the UE (through the
          flow rtp-to-srtp, so the SRTP context and key are in too);
      then the same two with one CLI process (mediasec -b -, the same
      contexts, keys and flows fed on its standard input: the netlink
      requests alone) in place of mediasecd, and prints the bench: lines.
  mgd_bench.py mgc-sctp MGC_PORT CALLS KEYFILE
      the same (1) over SCTP (H.248.4): listen on 127.0.0.1:MGC_PORT,
      take mediasecd's association, answer its ServiceChange, then
      CALLS calls made and cleared; prints the "over sctp" bench: line
  mgd_bench.py mgc-kms MGC_PORT MGD_PORT NS_CORE NS_UE TI_FILE ROUNDS
      the same with the UE's keys from a KMS (MIKEY-TICKET): mediasecd
      configured with the reference KMS; TI_FILE holds TRANSFER_INITs
      ("transfer-init B64" lines, one per call): (1) all but ROUNDS of
      them each in an Add (a=key-mgmt:mikey; mediasecd resolves it at the
      KMS) and its Subtract, one after the other; (2) ROUNDS first-packet
      rounds with the rest, and as many with an a=crypto key in the same
      run; prints the "kms" bench: lines
  mgd_bench.py source ADDR PORT   send 172-byte RTP from the core's
                                  198.51.100.2:7000 to ADDR:PORT until killed
  mgd_bench.py sink ADDR PORT     print the CLOCK_MONOTONIC time of the
                                  first datagram on ADDR:PORT, then exit
"""
import os
import re
import socket
import struct
import subprocess
import sys
import time

GW_ACCESS, GW_CORE = '192.0.2.1', '198.51.100.1'
UE, CORE = '192.0.2.2', '198.51.100.2'
MS = os.environ.get('MS', 'mediasec')


def source(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((CORE, 7000))	# the core's remote in the Add: flows check it
    pkt = bytearray(172)
    pkt[0] = 0x80
    seq = 0
    first = True
    while True:
        pkt[2], pkt[3] = seq >> 8, seq & 0xff
        pkt[8:12] = (0x55667788).to_bytes(4, 'big')
        seq = (seq + 1) & 0xffff
        # the send time, 0.1 ms units, in the RTP timestamp (the header
        # stays clear in SRTP)
        pkt[4:8] = struct.pack('>I', int(time.monotonic() * 1e4) & 0xffffffff)
        s.sendto(pkt, (addr, int(port)))
        if first:
            print('ready', flush=True)
            first = False
        time.sleep(0.0002)


def sink(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    print('ready', flush=True)
    pkt = s.recv(2048)
    t = time.monotonic()
    ts = struct.unpack('>I', pkt[4:8])[0]
    transit = ((int(t * 1e4) - ts) & 0xffffffff) / 1e4
    print(repr(t), repr(t - transit), flush=True)


class Mgc:
    def __init__(self, port, mgd_port):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(('127.0.0.1', int(port)))
        self.s.settimeout(30)
        self.mgd = ('127.0.0.1', int(mgd_port))
        self.tid = 100
        self.port = port

    def send(self, data, peer):
        self.s.sendto(data, peer)

    def recv(self):
        return self.s.recvfrom(65535)

    def register(self):
        data, peer = self.recv()
        text = data.decode()
        m = re.search(r'(?:Transaction|T)\s*=\s*(\d+)', text)
        self.send(('MEGACO/3 [127.0.0.1]:%s\nReply = %s { Context = - '
                   '{ ServiceChange = ROOT } }\n'
                   % (self.port, m.group(1))).encode(), peer)
        time.sleep(0.3)
        self.s.settimeout(0.05)
        try:
            while True:		# drop retransmissions
                self.recv()
        except socket.timeout:
            pass
        self.s.settimeout(30)

    def request(self, body):
        self.tid += 1
        msg = ('MEGACO/3 [127.0.0.1]:%s\nTransaction = %d { %s }\n'
               % (self.port, self.tid, body))
        self.send(msg.encode(), self.mgd)
        while True:
            text = self.recv()[0].decode()
            if re.search(r'\b(Pending|PN)\s*=', text):
                continue
            if 'Error' in text or 'ER=' in text:
                sys.exit('mediasecd refused: ' + text)
            return text

    def add_keyed(self, key_line, ue_port):
        """An e2ae call: the UE's RTP/SAVP termination, its key given by
        the SDP line @key_line, and a core RTP/AVP one; its context."""
        rep = self.request(
            'Context = $ {\n'
            ' Add = $ { Media { Stream = 1 { LocalControl { Mode = '
            'SendReceive, ipdc/realm = access },\n  Remote {\nv=0\n'
            'c=IN IP4 %s\nm=audio %d RTP/SAVP 0\n%s\n} } } },\n'
            ' Add = $ { Media { Stream = 1 { LocalControl { Mode = '
            'SendReceive, ipdc/realm = core },\n  Remote {\nv=0\n'
            'c=IN IP4 %s\nm=audio 7000 RTP/AVP 0\n} } } } }'
            % (UE, ue_port, key_line, CORE))
        return int(re.search(r'Context\s*=\s*(\d+)', rep).group(1))

    def add(self, key_b64, ue_port):
        return self.add_keyed('a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:' +
                              key_b64, ue_port)

    def add_kms(self, ti_b64, ue_port):
        return self.add_keyed('a=key-mgmt:mikey ' + ti_b64, ue_port)

    def subtract(self, ctx):
        self.request('Context = %d { Subtract = * }' % ctx)


class SctpMgc(Mgc):
    """The MGC end of H.248.4: one SCTP association that mediasecd
    starts; each message one SCTP message, payload protocol id 7."""
    SCTP_DEFAULT_SEND_PARAM = 10

    def __init__(self, port):
        lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM,
                            socket.IPPROTO_SCTP)
        lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lsn.bind(('127.0.0.1', int(port)))
        lsn.listen(1)
        lsn.settimeout(30)
        self.s, _ = lsn.accept()
        lsn.close()
        # struct sctp_sndrcvinfo: stream 0, ppid 7 in network order
        self.s.setsockopt(socket.IPPROTO_SCTP, self.SCTP_DEFAULT_SEND_PARAM,
                          struct.pack('=HHH2xIIIIIi', 0, 0, 0,
                                      socket.htonl(7), 0, 0, 0, 0, 0))
        self.s.settimeout(30)
        self.mgd = None
        self.tid = 100
        self.port = port

    def send(self, data, peer):
        self.s.send(data)

    def recv(self):
        return self.s.recv(65535), None


def sctp_main(port, calls, keyfile):
    import base64
    calls = int(calls)
    key_b64 = base64.b64encode(open(keyfile, 'rb').read()).decode()
    m = SctpMgc(port)
    m.register()
    t0 = time.monotonic()
    for i in range(calls):
        m.subtract(m.add(key_b64, 6000))
    tps = 2 * calls / (time.monotonic() - t0)
    print('bench: h248 add+subtract e2ae over sctp: mediasecd %.0f '
          'transactions/s (%.0f calls/s)' % (tps, tps / 2))


def cli_cmds(i, keyfile, ue_port, cport, aport, delete):
    """The CLI commands for the kernel objects of one e2ae call, as
    mediasecd makes them (or their deletion)."""
    c, f = 1000 + 2 * i, 1000 + 4 * i
    if delete:
        cmds = ['flow del %d' % (f + j) for j in range(4)]
        cmds += ['ctx del %d' % c, 'ctx del %d' % (c + 1)]
    else:
        cmds = [
            'ctx add %d dir rx suite AES_CM_128_HMAC_SHA1_80' % c,
            'key add ctx %d key-file %s' % (c, keyfile),
            'ctx add %d dir tx suite AES_CM_128_HMAC_SHA1_80' % (c + 1),
            'key add ctx %d key-file %s' % (c + 1, keyfile),
            'flow add %d action srtp-to-rtp local %s lport %d remote %s '
            'rport %d rx-ctx %d daddr %s dport 7000 saddr %s sport %d '
            'latch reverse %d' % (f, GW_ACCESS, aport, UE, ue_port, c, CORE,
                                 GW_CORE, cport, f + 1),
            'flow add %d action rtp-to-srtp local %s lport %d remote %s '
            'rport 7000 tx-ctx %d daddr %s dport %d saddr %s sport %d '
            'reverse %d' % (f + 1, GW_CORE, cport, CORE, c + 1, UE, ue_port,
                            GW_ACCESS, aport, f),
            'flow add %d action srtp-to-rtp kind rtcp local %s lport %d '
            'remote %s rport %d rx-ctx %d daddr %s dport 7001 saddr %s '
            'sport %d latch reverse %d'
            % (f + 2, GW_ACCESS, aport + 1, UE, ue_port + 1, c, CORE,
               GW_CORE, cport + 1, f + 3),
            'flow add %d action rtp-to-srtp kind rtcp local %s lport %d '
            'remote %s rport 7001 tx-ctx %d daddr %s dport %d saddr %s '
            'sport %d reverse %d'
            % (f + 3, GW_CORE, cport + 1, CORE, c + 1, UE, ue_port + 1,
               GW_ACCESS, aport + 1, f + 2),
        ]
    return ''.join(c + '\n' for c in cmds)


def cli():
    """One CLI process for the whole run, fed on its standard input."""
    return subprocess.Popen([MS, '-b', '-'], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)


def cli_send(p, text):
    p.stdin.write(text)
    p.stdin.flush()


def first_packet(ns_core, ns_ue, cport, ue_port, start):
    """Runs start() with a source on cport and a sink on ue_port; returns
    the seconds from start() to the first packet at the UE."""
    me = os.path.abspath(__file__)
    sk = subprocess.Popen(['ip', 'netns', 'exec', ns_ue, sys.executable, me,
                           'sink', UE, str(ue_port)],
                          stdout=subprocess.PIPE, text=True)
    sk.stdout.readline()
    src = subprocess.Popen(['ip', 'netns', 'exec', ns_core, sys.executable,
                            me, 'source', GW_CORE, str(cport)],
                           stdout=subprocess.PIPE, text=True)
    src.stdout.readline()	# it is sending, into no flow yet
    time.sleep(0.05)
    t0 = time.monotonic()
    ret = start()
    t1, sent = map(float, sk.stdout.readline().split())
    sk.wait()
    src.kill()
    src.wait()
    print('# round: %.2f ms, packet sent %.2f ms after the start, '
          'transit %.2f ms' % ((t1 - t0) * 1e3, (sent - t0) * 1e3,
                               (t1 - sent) * 1e3))
    return t1 - t0, ret


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def mgc_main(port, mgd_port, ns_core, ns_ue, calls, rounds, keyfile):
    import base64
    calls, rounds = int(calls), int(rounds)
    key_b64 = base64.b64encode(open(keyfile, 'rb').read()).decode()
    m = Mgc(port, mgd_port)
    m.register()
    # (1) call setup and teardown over H.248
    t0 = time.monotonic()
    for i in range(calls):
        m.subtract(m.add(key_b64, 6000))
    t_h248 = time.monotonic() - t0
    # the pool is next-fit: the next Add gets the pair after the last one
    aport, cport = 40000 + 2 * calls, 30000 + 2 * calls
    lat_h248 = []
    for i in range(rounds):
        dt, ctx = first_packet(ns_core, ns_ue, cport + 2 * i, 6100 + 2 * i,
                               lambda: m.add(key_b64, 6100 + 2 * i))
        m.subtract(ctx)
        lat_h248.append(dt)
    # (2) the same kernel objects through one CLI process (mediasec -b -):
    # the netlink requests without H.248, SDP, planning or pools
    p = cli()
    t0 = time.monotonic()
    for i in range(calls):
        cli_send(p, cli_cmds(i, keyfile, 6000, 31000, 41000, False) +
                 cli_cmds(i, keyfile, 6000, 31000, 41000, True))
    p.stdin.close()
    if p.wait():
        sys.exit('the CLI failed')
    t_cli = time.monotonic() - t0
    lat_cli = []
    p = cli()
    for i in range(rounds):
        dt, _ = first_packet(ns_core, ns_ue, 31000 + 2 * i, 6300 + 2 * i,
                             lambda: cli_send(p, cli_cmds(
                                 i, keyfile, 6300 + 2 * i, 31000 + 2 * i,
                                 41000 + 2 * i, False)))
        cli_send(p, cli_cmds(i, keyfile, 0, 0, 0, True))
        lat_cli.append(dt)
    p.stdin.close()
    if p.wait():
        sys.exit('the CLI failed')
    tps, tps_cli = 2 * calls / t_h248, 2 * calls / t_cli
    print('bench: h248 add+subtract e2ae: mediasecd %.0f transactions/s '
          '(%.0f calls/s), cli %.0f calls/s, ratio %.2f'
          % (tps, tps / 2, tps_cli / 2, tps / tps_cli))
    lh, lc = median(lat_h248) * 1e3, median(lat_cli) * 1e3
    print('bench: add to first forwarded packet: mediasecd %.2f ms, '
          'cli %.2f ms, ratio %.2f (median of %d)'
          % (lh, lc, lh / lc, rounds))


def kms_main(port, mgd_port, ns_core, ns_ue, ti_file, rounds):
    import base64
    rounds = int(rounds)
    tis = [line.split()[1] for line in open(ti_file)
           if line.startswith('transfer-init ')]
    calls = len(tis) - rounds
    if calls < 1:
        sys.exit('fewer TRANSFER_INITs than rounds')
    key_b64 = base64.b64encode(os.urandom(30)).decode()
    m = Mgc(port, mgd_port)
    m.register()
    # (1) resolutions: each Add resolves its own TRANSFER_INIT at the KMS
    t0 = time.monotonic()
    for i in range(calls):
        m.subtract(m.add_kms(tis[i], 6000))
    t_kms = time.monotonic() - t0
    # (2) first packet, KMS-keyed then SDES-keyed, alternating rounds
    cport = 30000 + 2 * calls
    lat_kms, lat_sdes = [], []
    for i in range(rounds):
        ti = tis[calls + i]
        dt, ctx = first_packet(ns_core, ns_ue, cport, 6100 + 2 * i,
                               lambda: m.add_kms(ti, 6100 + 2 * i))
        m.subtract(ctx)
        lat_kms.append(dt)
        dt, ctx = first_packet(ns_core, ns_ue, cport + 2, 6500 + 2 * i,
                               lambda: m.add(key_b64, 6500 + 2 * i))
        m.subtract(ctx)
        lat_sdes.append(dt)
        cport += 4
    print('# %d calls made and cleared, each resolving its ticket, in '
          '%.2f s' % (calls, t_kms))
    print('bench: kms resolve: mediasecd %.0f resolutions/s'
          % (calls / t_kms))
    lk, ls = median(lat_kms) * 1e3, median(lat_sdes) * 1e3
    print('bench: add to first forwarded packet (kms): mediasecd %.2f ms'
          % lk)
    print('# the same with an a=crypto key, same run: %.2f ms; ratio '
          'kms/sdes %.2f (median of %d)' % (ls, lk / ls, rounds))


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'source':
        source(*args)
    elif cmd == 'sink':
        sink(*args)
    elif cmd == 'mgc':
        mgc_main(*args)
    elif cmd == 'mgc-sctp':
        sctp_main(*args)
    elif cmd == 'mgc-kms':
        kms_main(*args)
    else:
        sys.exit(__doc__)
