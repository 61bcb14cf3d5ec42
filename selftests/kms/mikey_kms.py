#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A reference MIKEY-TICKET KMS (RFC 6043) for mediasec's tests.

Written from the RFC texts alone (RFC 3830 sections 4 and 6, RFC 6043
sections 4 to 6 and Appendix A), sharing nothing with mediasec's C codec,
so that the gateway is tested against a peer it did not write.  PSK modes
only: the Ticket Request (REQUEST_INIT_PSK / REQUEST_RESP) and the Ticket
Resolve (RESOLVE_INIT_PSK / RESOLVE_RESP) exchanges, MIKEY Base Tickets
(Appendix A) protected by a key only the KMS holds, no key forking.

    mikey_kms.py serve --listen 127.0.0.1:8080 --user ID=PSKHEX ...
                       [--tpk HEX] [--tls-cert PEM --tls-key PEM]
                       [--fault bad-mac|expired|wrong-responder|err=N|
                                no-rand|hold-resolve=PATH|reusable|
                                grant-f|extra-responder]
    mikey_kms.py transfer --kms URL --id ID --psk HEX --to ID
                       --ssrc N [--ssrc N] [--ca PEM] [--want-resp]
                       [--count N]
    mikey_kms.py check-resp --mpki HEX --ti B64 --resp B64
    mikey_kms.py resolve --kms URL --id ID --psk HEX --ti B64 [--ca PEM]

"serve" answers HTTP (HTTPS with --tls-cert) POSTs of MIKEY messages (Content-Type
application/mikey; TS 33.328 gives the real transport, not at hand here).
"transfer" is the initiating UE: it requests a ticket for the responder
and prints a TRANSFER_INIT (base64, as RFC 4567 a=key-mgmt:mikey carries
it) and, per crypto session, the SRTP master key and salt it derives from
the ticket's TGK (RFC 6043 5.1.3), for a libsrtp2 endpoint.
"resolve" is the responding UE: it has the KMS resolve the ticket of a
TRANSFER_INIT (the gateway's, when the gateway initiates) and prints the
keys of its crypto sessions the same way.
"""
import argparse
import base64
import hashlib
import hmac
import os
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# RFC 3830 Table 6.1.b, RFC 6043 Table 6.2
KEMAC, T, V, SP, RAND, ERR = 1, 5, 9, 10, 11, 12
TR, IDR, RANDR, TP, TICKET, KEYDATA = 13, 14, 15, 16, 17, 20
# data types (RFC 6043 Table 6.1)
REQUEST_INIT_PSK, REQUEST_RESP, TRANSFER_INIT, TRANSFER_RESP = 11, 13, 14, 15
RESOLVE_INIT_PSK, RESOLVE_RESP, ERROR = 16, 18, 6
# roles (RFC 6043 Tables 6.9, 6.11, 6.13)
ROLE_I, ROLE_R, ROLE_KMS, ROLE_PSK = 1, 2, 3, 4
TR_START, TR_END = 2, 3
NTP_UTC, NTP_UTC_32 = 0, 3
NTP_EPOCH = 2208988800          # 1900 to 1970, seconds

C_ENCR, C_AUTH, C_SALT = 0x150533E1, 0x2D22AC75, 0x29B88916
C_TEK, C_TGK_SALT = 0x2AD01C64, 0x39A2C14B
C_MPKI, C_MPKR = 0x220E99A2, 0x1F4D675B


class MikeyError(Exception):
    """A message refused; .err is the RFC 3830 / 6043 Error no."""

    def __init__(self, err, why):
        super().__init__(why)
        self.err = err


# ---- the PRF and its labels (RFC 3830 4.1.2, RFC 6043 5.1, A.2)

def prf(prf_func, inkey, label, nbytes):
    """PRF(inkey, label): P with HMAC-SHA-1 (0) or HMAC-SHA-256 (1)."""
    digest = hashlib.sha1 if prf_func == 0 else hashlib.sha256
    out = bytearray(nbytes)
    for at in range(0, len(inkey), 32):        # 256-bit pieces
        s = inkey[at:at + 32]
        a, blocks = label, b''
        while len(blocks) < nbytes:
            a = hmac.new(s, a, digest).digest()
            blocks += hmac.new(s, a + label, digest).digest()
        for i in range(nbytes):
            out[i] ^= blocks[i]
    return bytes(out)


def rand_field(r):
    return bytes([len(r)]) + r


def label_msg(const, csb, response, randri=b'', randrr=b''):
    """RFC 6043 5.1.2: keys protecting a message of an exchange."""
    return (struct.pack('>IBIB', const, 0xff, csb, 2 if response else 1) +
            rand_field(randri) + rand_field(randrr))


def label_tgk(const, cs_id, randri=b'', randrr=b''):
    """RFC 6043 5.1.3: keys from a TGK for crypto session cs_id."""
    return (struct.pack('>IBIB', const, cs_id, 0xffffffff, 3) +
            rand_field(randri) + rand_field(randrr))


def label_ticket(const, which, rand):
    """RFC 6043 A.2.1 (0x05, keys from the TPK), A.2.2 (0x06, MPKi/r)."""
    return struct.pack('>IBIB', const, 0xff, 0xffffffff, which) + \
        rand_field(rand)


def msg_keys(prf_func, inkey, label_of):
    return (prf(prf_func, inkey, label_of(C_ENCR), 16),
            prf(prf_func, inkey, label_of(C_AUTH), 20),
            prf(prf_func, inkey, label_of(C_SALT), 14))


def aes_cm(key, salt, csb, t64, data):
    """RFC 3830 4.2.3: IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000."""
    x = b'\0\0' + struct.pack('>I', csb) + t64
    iv = bytes(a ^ b for a, b in zip(salt, x)) + b'\0\0'
    c = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return c.update(data) + c.finalize()


def now_ntp():
    t = time.time() + NTP_EPOCH
    return struct.pack('>II', int(t) & 0xffffffff,
                       int((t % 1) * (1 << 32)))


# ---- writing (RFC 3830 6, RFC 6043 6)

def hdr(dtype, csb, ncs=0, maptype=1, mapinfo=b'', v=False, prf_func=0):
    """Common Header; the first payload's type is patched in by msg()."""
    return bytes([1, dtype, 0, (0x80 if v else 0) | prf_func]) + \
        struct.pack('>IBB', csb, ncs, maptype) + mapinfo


def chain(payloads, first_byte=False):
    """(type, body) list into bytes, each body after its Next payload."""
    out = bytes([payloads[0][0]]) if first_byte and payloads else b''
    for i, (_, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += bytes([nxt]) + body
    return out


def msg(header, payloads):
    return header[:2] + bytes([payloads[0][0]]) + header[3:] + \
        chain(payloads)


def p_t(value, ts_type=NTP_UTC):
    return (T, bytes([ts_type]) + value)


def p_tr(role, value, ts_type=NTP_UTC_32):
    return (TR, bytes([role, ts_type]) + value)


def p_randr(role, r):
    return (RANDR, bytes([role, len(r)]) + r)


def p_rand(r):
    return (RAND, bytes([len(r)]) + r)


def p_idr(role, ident, id_type=1):
    return (IDR, bytes([role, id_type]) + struct.pack('>H', len(ident)) +
            ident)


def p_kemac(encr, encr_alg=1):
    return (KEMAC, bytes([encr_alg]) + struct.pack('>H', len(encr)) + encr +
            b'\0')                                  # MAC alg NULL


def p_v_empty():
    return (V, bytes([1]))          # HMAC-SHA-1-160, MAC appended later


def p_err(err):
    return (ERR, bytes([err, 0, 0]))


def key_data(keys):
    """Key data sub-payloads: (type, key, spi); KV SPI (RFC 6043 6.2.1)."""
    out = b''
    for i, (ktype, key, spi) in enumerate(keys):
        nxt = KEYDATA if i + 1 < len(keys) else 0
        out += bytes([nxt, ktype << 4 | 1]) + struct.pack('>H', len(key)) + \
            key + bytes([len(spi)]) + spi
    return out


def sign_v(data, auth_key, extra=b''):
    """data ends with a V payload's Auth alg: its MAC appended."""
    return data + hmac.new(auth_key, data + extra, hashlib.sha1).digest()


# ---- reading

def parse(buf, start=10, first=None):
    """Payload chain into [(type, fields)], every length checked."""
    pos, typ, out = start, (buf[2] if first is None else first), []
    if first is None:
        if len(buf) < 10 or buf[0] != 1:
            raise MikeyError(12, 'not a MIKEY message')
        pos = 10 + (buf[8] * 9 if buf[9] == 0 else 0)
        if buf[9] == 2:     # GENERIC-ID (RFC 6043 6.1.1): skipped
            for _ in range(buf[8]):
                if pos + 3 > len(buf):
                    raise MikeyError(12, 'cut short')
                pos += 3 + (buf[pos + 2] & 0x7f)
                if pos + 2 > len(buf):
                    raise MikeyError(12, 'cut short')
                pos += 2 + struct.unpack('>H', buf[pos:pos + 2])[0]
                if pos + 1 > len(buf):
                    raise MikeyError(12, 'cut short')
                pos += 1 + buf[pos]

    def need(n):
        if pos + n > len(buf):
            raise MikeyError(12, 'cut short')
    while typ:
        at = pos
        need(2)
        nxt = buf[pos]
        pos += 1
        if typ in (T, TR):
            role = 0
            if typ == TR:
                role = buf[pos]
                pos += 1
            need(1)
            tst = buf[pos]
            n = {0: 8, 1: 8, 2: 4, 3: 4}.get(tst)
            if n is None:
                raise MikeyError(1, 'TS type')
            need(1 + n)
            f = {'role': role, 'ts_type': tst, 'value': buf[pos + 1:pos + 1 + n]}
            pos += 1 + n
        elif typ in (RAND, RANDR):
            role = 0
            if typ == RANDR:
                role = buf[pos]
                pos += 1
            need(1)
            n = buf[pos]
            need(1 + n)
            f = {'role': role, 'value': buf[pos + 1:pos + 1 + n]}
            pos += 1 + n
        elif typ == IDR:
            need(4)
            role, idt, n = buf[pos], buf[pos + 1], \
                struct.unpack('>H', buf[pos + 2:pos + 4])[0]
            need(4 + n)
            f = {'role': role, 'type': idt, 'value': buf[pos + 4:pos + 4 + n]}
            pos += 4 + n
        elif typ in (TP, TICKET):
            need(9)
            f = {'ttype': struct.unpack('>H', buf[pos:pos + 2])[0],
                 'flags': buf[pos + 4:pos + 7], 'start': at}
            pos += 7
            fields = ['tp'] + (['data', 'init'] if typ == TICKET else [])
            for name in fields:
                need(2)
                n = struct.unpack('>H', buf[pos:pos + 2])[0]
                if name == 'init':
                    f['init_at'] = pos
                need(2 + n)
                f[name] = buf[pos + 2:pos + 2 + n]
                pos += 2 + n
            f['end'] = pos
        elif typ == KEMAC:
            need(3)
            alg, n = buf[pos], struct.unpack('>H', buf[pos + 1:pos + 3])[0]
            need(3 + n + 1)
            f = {'alg': alg, 'encr': buf[pos + 3:pos + 3 + n]}
            pos += 3 + n
            if buf[pos] != 0:
                raise MikeyError(3, 'KEMAC MAC not NULL')
            pos += 1
        elif typ == V:
            need(1 + 20)
            if buf[pos] != 1:
                raise MikeyError(3, 'V not HMAC-SHA-1-160')
            f = {'mac_at': pos + 1, 'mac': buf[pos + 1:pos + 21]}
            pos += 21
        elif typ == SP:
            need(4)
            n = struct.unpack('>H', buf[pos + 2:pos + 4])[0]
            need(4 + n)
            f = {'no': buf[pos]}
            pos += 4 + n
        else:
            raise MikeyError(13, 'payload %d not expected' % typ)
        out.append((typ, f))
        typ = nxt
    if pos != len(buf):
        raise MikeyError(12, 'bytes after the last payload')
    return out


def find(pls, typ, role=None):
    for t, f in pls:
        if t == typ and (role is None or f.get('role') == role):
            return f
    return None


def ident(pls, role):
    f = find(pls, IDR, role)
    return f['value'] if f else b''


# ---- the KMS

class Kms:
    def __init__(self, name, users, fault=None, tpk=None):
        self.name = name.encode()
        self.users = users                  # identity (bytes) -> PSK
        # the key only the KMS holds (given: a restarted KMS keeps it)
        self.tpk = tpk or os.urandom(16)
        self.fault = fault
        self.validity = 3600

    def error(self, req, err):
        """Error message (RFC 6043 5.4): HDR, T, ERR; not MACed here."""
        csb = struct.unpack('>I', req[4:8])[0] if len(req) >= 8 else 0
        return msg(hdr(ERROR, csb), [p_t(now_ntp()), p_err(err)])

    def verify_init(self, req, pls, psk, randri, randrr, id_a, id_b):
        """V of an initial PSK message (RFC 6043 5.1.2, 5.5)."""
        csb = struct.unpack('>I', req[4:8])[0]
        _, auth, _ = msg_keys(req[3] & 0x7f, psk, lambda c: label_msg(
            c, csb, False, randri, randrr))
        v = find(pls, V)
        mac = hmac.new(auth, req[:v['mac_at']] + id_a + id_b,
                       hashlib.sha1).digest()
        if not hmac.compare_digest(mac, v['mac']):
            raise MikeyError(0, 'authentication failure')

    def response(self, dtype, req, pls, psk, randri, randrr, payloads):
        """A response: KEMAC under the PSK's keys, V over it || request."""
        csb = struct.unpack('>I', req[4:8])[0]
        prf_func = req[3] & 0x7f
        encr, auth, salt = msg_keys(prf_func, psk, lambda c: label_msg(
            c, csb, True, randri, randrr))
        t = now_ntp()
        body = []
        for typ, f in payloads:
            if typ == KEMAC:
                f = p_kemac(aes_cm(encr, salt, csb, t, f))[1]
            body.append((typ, f))
        out = msg(hdr(dtype, csb, prf_func=prf_func),
                  [p_t(t)] + body + [p_v_empty()])
        if self.fault == 'bad-mac':
            auth = bytes(20)
        return sign_v(out, auth, req)

    def make_ticket(self, id_i, responders, tgks, want_f=False):
        """A MIKEY Base Ticket (Appendix A) with its granted policy."""
        mpk, rnd, t = os.urandom(16), os.urandom(16), now_ntp()
        if self.fault == 'extra-responder':     # more than was asked for
            responders = responders + [b'sip:eve@example.net']
        start = int(time.time()) + NTP_EPOCH
        if self.fault == 'expired':
            start -= 2 * self.validity
        tp = chain([p_idr(ROLE_KMS, self.name), p_idr(ROLE_I, id_i),
                    p_tr(TR_START, struct.pack('>I', start & 0xffffffff)),
                    p_tr(TR_END, struct.pack('>I', (start + self.validity)
                                             & 0xffffffff))] +
                   [p_idr(ROLE_R, r) for r in responders], True)
        encr, auth, salt = msg_keys(1, self.tpk, lambda c: label_ticket(
            c, 5, rnd))
        keys = key_data([(6, mpk, b'\0')] + tgks)   # MPK, then the TGKs
        thdr = struct.pack('>BH', T, 0)             # THDR, empty
        data = thdr + chain([p_t(t), p_rand(rnd), p_kemac(
            aes_cm(encr, salt, 0xffffffff, t, keys)), p_v_empty()])
        # TICKET: Ticket Type 1, subtype 1, version 1, PRF 1 (SHA-256);
        # D (by the KMS), E (resolve mandatory), H (RANDRi in the keys),
        # N, O (RFC 6043 processing)
        flags6 = 0x80 | (0 if self.fault == 'no-rand' else 0x10) | \
            (0x40 if want_f or self.fault == 'grant-f' else 0) | \
            (0x04 if self.fault == 'reusable' else 0)      # J
        fixed = struct.pack('>HBBBBB', 1, 1, 1, 1 << 1 | 1, flags6,
                            0x40 | 0x20)
        body = fixed + struct.pack('>H', len(tp)) + tp + \
            struct.pack('>H', len(data) + 20) + data
        # V over the TICKET but its Next payload, Initiator Data (A.1)
        mac = hmac.new(auth, body, hashlib.sha1).digest()
        return body + mac + struct.pack('>H', 0), mpk, rnd

    def open_ticket(self, ticket):
        """The keys of a ticket this KMS made, its MAC and window checked."""
        tp_len = struct.unpack('>H', ticket['tp_raw'][7:9])[0]
        body = ticket['tp_raw'][:9 + tp_len + 2 + len(ticket['data'])]
        data = ticket['data']
        if data[0] != T or len(data) < 3:
            raise MikeyError(14, 'not one of our tickets')
        thdr_len = struct.unpack('>H', data[1:3])[0]
        pls = parse(data, 3 + thdr_len, data[0])
        rnd = find(pls, RAND)['value']
        t = find(pls, T)['value']
        encr, auth, salt = msg_keys(1, self.tpk, lambda c: label_ticket(
            c, 5, rnd))
        v = find(pls, V)
        mac = hmac.new(auth, body[:len(body) - 20], hashlib.sha1).digest()
        if not hmac.compare_digest(mac, v['mac']):
            raise MikeyError(0, 'ticket authentication failure')
        keys = aes_cm(encr, salt, 0xffffffff, t, find(pls, KEMAC)['encr'])
        policy = parse(ticket['tp'], 1, ticket['tp'][0])
        now = (int(time.time()) + NTP_EPOCH) & 0xffffffff
        start = struct.unpack('>I', find(policy, TR, TR_START)['value'])[0]
        end = struct.unpack('>I', find(policy, TR, TR_END)['value'])[0]
        if not start <= now <= end:
            raise MikeyError(14, 'ticket expired')
        mpk_len = struct.unpack('>H', keys[2:4])[0]
        return keys, keys[4:4 + mpk_len], rnd, policy

    def handle(self, req):
        if self.fault and self.fault.startswith('err='):
            return self.error(req, int(self.fault[4:]))
        try:
            pls = parse(req)
            if req[1] == REQUEST_INIT_PSK:
                return self.request(req, pls)
            if req[1] == RESOLVE_INIT_PSK:
                return self.resolve(req, pls)
            raise MikeyError(11, 'data type not served')
        except MikeyError as e:
            print('kms: refused:', e, file=sys.stderr)
            return self.error(req, e.err)

    def request(self, req, pls):
        """REQUEST_INIT_PSK -> REQUEST_RESP (RFC 6043 4.2.1)."""
        id_i = ident(pls, ROLE_I)
        psk = self.users.get(id_i)
        if psk is None:
            raise MikeyError(7, 'unknown initiator')
        randri = find(pls, RANDR, ROLE_I)['value']
        self.verify_init(req, pls, psk, randri, b'', id_i, self.name)
        asked = parse(find(pls, TP)['tp'], 1, find(pls, TP)['tp'][0])
        responders = [f['value'] for t, f in asked
                      if t == IDR and f['role'] == ROLE_R]
        tgks = [(0, os.urandom(16), bytes([i + 1]))
                for i in range(max(1, int(os.environ.get('KMS_TGKS', 1))))]
        # the F flag (TRANSFER_RESP) granted when asked for
        want_f = bool(find(pls, TP)['flags'][1] & 0x40)
        ticket, mpk, rnd = self.make_ticket(id_i, responders, tgks, want_f)
        mpki = prf(1, mpk, label_ticket(C_MPKI, 6, rnd), len(mpk))
        return self.response(REQUEST_RESP, req, pls, psk, randri, b'', [
            p_idr(ROLE_KMS, self.name), (TICKET, ticket),
            (KEMAC, key_data([(6, mpki, b'\0')] + tgks))])

    def resolve(self, req, pls):
        """RESOLVE_INIT_PSK -> RESOLVE_RESP (RFC 6043 4.2.3)."""
        id_r = ident(pls, ROLE_R)
        psk = self.users.get(id_r)
        if psk is None:
            raise MikeyError(7, 'unknown responder')
        randrr = find(pls, RANDR, ROLE_R)['value']
        self.verify_init(req, pls, psk, b'', randrr, id_r, self.name)
        ticket = find(pls, TICKET)
        ticket['tp_raw'] = req[ticket['start'] + 1:]
        keys, mpk, rnd, policy = self.open_ticket(ticket)
        allowed = [f['value'] for t, f in policy
                   if t == IDR and f['role'] == ROLE_R]
        if self.fault == 'wrong-responder' or id_r not in allowed:
            raise MikeyError(7, 'responder not in the ticket')
        mpki = prf(1, mpk, label_ticket(C_MPKI, 6, rnd), len(mpk))
        tgks = keys[4 + len(mpk) + 2:]          # after MPK's SPI (1 byte)
        mpki_kd = key_data([(6, mpki, b'\0')])     # then the TGKs
        return self.response(RESOLVE_RESP, req, pls, psk, b'', randrr, [
            p_idr(ROLE_KMS, self.name),
            (KEMAC, bytes([KEYDATA]) + mpki_kd[1:] + tgks)])


def serve(args):
    users = {}
    for u in args.user:
        name, key = u.split('=', 1)
        users[name.encode()] = bytes.fromhex(key)
    kms = Kms(args.name, users, args.fault,
              bytes.fromhex(args.tpk) if args.tpk else None)
    host, port = args.listen.rsplit(':', 1)
    lock = threading.Lock()             # one message at a time

    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'   # a client's connection is kept

        def setup(self):
            super().setup()
            # headers and body are two writes: no Nagle wait between them
            self.connection.setsockopt(socket.IPPROTO_TCP,
                                       socket.TCP_NODELAY, 1)

        def do_POST(self):
            n = int(self.headers.get('Content-Length', 0))
            req = self.rfile.read(n)
            hold = (kms.fault or '').startswith('hold-resolve=') and \
                len(req) > 1 and req[1] == RESOLVE_INIT_PSK
            if hold:    # a slow KMS, as long as the test wants it
                path = kms.fault.split('=', 1)[1]
                print('kms: holding a RESOLVE_INIT until', path,
                      flush=True)
                end = time.monotonic() + 120
                while not os.path.exists(path) and time.monotonic() < end:
                    time.sleep(0.05)
            with lock:
                body = kms.handle(req)
            self.send_response(200)
            self.send_header('Content-Type', 'application/mikey')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    # a thread per connection: clients keep theirs open (HTTP/1.1)
    srv = ThreadingHTTPServer((host, int(port)), Handler)
    srv.daemon_threads = True
    if args.tls_cert:                   # HTTPS
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print('kms: listening on %s:%d' % srv.server_address, flush=True)
    srv.serve_forever()


def post(url, body, ca=None):
    r = urllib.request.Request(url, body, {'Content-Type':
                                           'application/mikey'})
    ctx = ssl.create_default_context(cafile=ca) if ca else None
    with urllib.request.urlopen(r, timeout=10, context=ctx) as f:
        return f.read()


def keys_of(plain):
    """Key data sub-payloads into [(type, key, spi)]."""
    out, pos, nxt = [], 0, KEYDATA
    while nxt == KEYDATA:
        nxt, tkv = plain[pos], plain[pos + 1]
        n = struct.unpack('>H', plain[pos + 2:pos + 4])[0]
        key = plain[pos + 4:pos + 4 + n]
        pos += 4 + n
        m = plain[pos]
        out.append((tkv >> 4, key, plain[pos + 1:pos + 1 + m]))
        pos += 1 + m
    return out


def transfer(args):
    """The initiating UE: a ticket, then a TRANSFER_INIT with it."""
    id_i, id_r, psk = args.id.encode(), args.to.encode(), \
        bytes.fromhex(args.psk)
    kms = args.kms_name.encode()
    csb, randri = struct.unpack('>I', os.urandom(4))[0], os.urandom(16)
    tp = chain([p_idr(ROLE_R, id_r)], True)
    tp_pl = struct.pack('>HBBBBB', 1, 1, 1, 1 << 1,
                        0x40 if args.want_resp else 0, 0x60) + \
        struct.pack('>H', len(tp)) + tp
    req = msg(hdr(REQUEST_INIT_PSK, csb, v=True),
              [p_t(now_ntp()), p_randr(ROLE_I, randri), p_idr(ROLE_I, id_i),
               p_idr(ROLE_KMS, kms), (TP, tp_pl), p_v_empty()])
    _, auth, _ = msg_keys(0, psk, lambda c: label_msg(c, csb, False,
                                                       randri))
    req = sign_v(req, auth, id_i + kms)
    resp = post(args.kms, req, args.ca)
    if resp[1] == ERROR:
        sys.exit('transfer: the KMS refused (error %d)' % resp[-3])
    pls = parse(resp)
    encr, auth, salt = msg_keys(0, psk, lambda c: label_msg(c, csb, True,
                                                             randri))
    v = find(pls, V)
    if not hmac.compare_digest(v['mac'], hmac.new(
            auth, resp[:v['mac_at']] + req, hashlib.sha1).digest()):
        sys.exit('transfer: REQUEST_RESP MAC wrong')
    keys = keys_of(aes_cm(encr, salt, csb, find(pls, T)['value'],
                          find(pls, KEMAC)['encr']))
    mpki, tgks = keys[0][1], keys[1:]
    ticket = resp[find(pls, TICKET)['start'] + 1:find(pls, TICKET)['end']]
    # TRANSFER_INIT: a GENERIC-ID crypto session per SSRC, its TGK's SPI
    mapinfo = b''
    for i, ssrc in enumerate(args.ssrc):
        spi = tgks[i % len(tgks)][2]
        cs_id = 1 if args.same_cs_id else i + 1     # a fault: one CS ID
        mapinfo += bytes([cs_id, 0, 1, 1]) + struct.pack('>HI', 4, ssrc) + \
            bytes([len(spi)]) + spi
    sp = bytes([0, 1, 1, 1, 1, 16, 2, 1, 1, 3, 1, 20, 4, 1, 14, 11, 1, 10])
    sps = [(SP, bytes([1, 0]) + struct.pack('>H', len(sp)) + sp)]
    ncs = len(args.ssrc)
    if args.msrp:   # one crypto session, no SRTP: for a TLS-PSK
        spi = tgks[0][2]
        mapinfo = bytes([1, 0, 0]) + struct.pack('>H', 0) + \
            bytes([len(spi)]) + spi
        sps, ncs = [], 1
    # the V flag agrees with the ticket's F flag (RFC 6043 4.2.2.1)
    ti = msg(hdr(TRANSFER_INIT, csb, ncs, 2, mapinfo, v=args.want_resp),
             [p_t(now_ntp()), p_randr(ROLE_I, randri), p_idr(ROLE_I, id_i),
              p_idr(ROLE_R, id_r)] + sps +
             [(TICKET, ticket), p_v_empty()])
    _, auth, _ = msg_keys(0, mpki, lambda c: label_msg(c, csb, False,
                                                        randri))
    # the MAC skips the TICKET's Initiator Data length (RFC 6043 5.5)
    init_at = len(ti) - 2 - 2
    mac = hmac.new(auth, ti[:init_at] + ti[init_at + 2:] + id_i + id_r,
                   hashlib.sha1).digest()
    print('transfer-init', base64.b64encode(ti + mac).decode())
    if args.want_resp:      # for check-resp: this UE's own MPKi
        print('mpki', mpki.hex())
    if args.msrp:
        # mediasec's choice (docs/mikey.md): the session's TEK, 32 bytes,
        # is the TLS PSK; "mikey-" CSB ID "-" SPI its identity
        psk = prf(0, tgks[0][1], label_tgk(C_TEK, 1, randri), 32)
        print('psk-id mikey-%08x-%s psk %s' % (csb, tgks[0][2].hex(),
                                               psk.hex()))
        return
    for i, ssrc in enumerate(args.ssrc):
        tgk = tgks[i % len(tgks)][1]
        tek = prf(0, tgk, label_tgk(C_TEK, i + 1, randri), 16)
        salt = prf(0, tgk, label_tgk(C_TGK_SALT, i + 1, randri), 14)
        print('srtp %d ssrc %u key %s salt %s mki %s' % (
            i + 1, ssrc, tek.hex(), salt.hex(), tgks[i % len(tgks)][2].hex()))


def cs_map(buf):
    """A GENERIC-ID CS ID map (RFC 6043 6.1.1) into [(CS ID, SPI)]."""
    if buf[9] != 2:
        raise MikeyError(12, 'not a GENERIC-ID map')
    pos, out = 10, []
    for _ in range(buf[8]):
        cs_id, np = buf[pos], buf[pos + 2] & 0x7f
        pos += 3 + np
        pos += 2 + struct.unpack('>H', buf[pos:pos + 2])[0]
        out.append((cs_id, buf[pos + 1:pos + 1 + buf[pos]]))
        pos += 1 + buf[pos]
    return out


def resolve(args):
    """The responding UE: a TRANSFER_INIT's ticket resolved at the KMS
    (RESOLVE_INIT_PSK, RFC 6043 4.2.3), the TRANSFER_INIT verified with
    MPKi (5.5), and per crypto session the SRTP master key and salt of
    its TGK (5.1.3; 16 and 14 bytes, the SP's AES-CM-128 defaults)."""
    ti = base64.b64decode(args.ti)
    id_r, psk, kms = args.id.encode(), bytes.fromhex(args.psk), \
        args.kms_name.encode()
    pls = parse(ti)
    csb = struct.unpack('>I', ti[4:8])[0]
    tk = find(pls, TICKET)
    randrr = os.urandom(16)
    req = msg(hdr(RESOLVE_INIT_PSK, csb, v=True),
              [p_t(now_ntp()), p_randr(ROLE_R, randrr), p_idr(ROLE_R, id_r),
               p_idr(ROLE_KMS, kms), (TICKET, ti[tk['start'] + 1:tk['end']]),
               p_v_empty()])
    _, auth, _ = msg_keys(0, psk, lambda c: label_msg(c, csb, False, b'',
                                                       randrr))
    req = sign_v(req, auth, id_r + kms)
    resp = post(args.kms, req, args.ca)
    if resp[1] == ERROR:
        sys.exit('resolve: the KMS refused (error %d)' % resp[-3])
    rp = parse(resp)
    encr, auth, salt = msg_keys(resp[3] & 0x7f, psk, lambda c: label_msg(
        c, csb, True, b'', randrr))
    v = find(rp, V)
    if not hmac.compare_digest(v['mac'], hmac.new(
            auth, resp[:v['mac_at']] + req, hashlib.sha1).digest()):
        sys.exit('resolve: RESOLVE_RESP MAC wrong')
    keys = keys_of(aes_cm(encr, salt, csb, find(rp, T)['value'],
                          find(rp, KEMAC)['encr']))
    mpki, tgks = keys[0][1], keys[1:]
    randri = find(pls, RANDR, ROLE_I)['value']
    _, auth, _ = msg_keys(ti[3] & 0x7f, mpki, lambda c: label_msg(
        c, csb, False, randri))
    v = find(pls, V)
    skip = tk['init_at'] + 2 + len(tk['init'])
    mac = hmac.new(auth, ti[:tk['init_at']] + ti[skip:v['mac_at']] +
                   ident(pls, ROLE_I) + ident(pls, ROLE_R),
                   hashlib.sha1).digest()
    if not hmac.compare_digest(mac, v['mac']):
        sys.exit('resolve: TRANSFER_INIT MAC wrong')
    print('initiator', ident(pls, ROLE_I).decode())
    for cs_id, spi in cs_map(ti):
        tgk = [k for t, k, s in tgks if s == spi]
        if not tgk:
            sys.exit('resolve: crypto session %d has no TGK' % cs_id)
        tek = prf(ti[3] & 0x7f, tgk[0], label_tgk(C_TEK, cs_id, randri), 16)
        salt = prf(ti[3] & 0x7f, tgk[0], label_tgk(C_TGK_SALT, cs_id,
                                                   randri), 14)
        print('srtp %d key %s salt %s mki %s' % (cs_id, tek.hex(),
                                                  salt.hex(), spi.hex()))


def check_resp(args):
    """The initiating UE verifies the Responder's TRANSFER_RESP (RFC 6043
    4.2.2.4): its type and CSB ID, and its V MAC over TRANSFER_RESP ||
    TRANSFER_INIT (5.5) under MPKi's response auth_key (5.1.2)."""
    ti, resp = base64.b64decode(args.ti), base64.b64decode(args.resp)
    mpki = bytes.fromhex(args.mpki)
    pls_i, pls_r = parse(ti), parse(resp)
    if resp[1] != TRANSFER_RESP or resp[4:8] != ti[4:8]:
        sys.exit('check-resp: not a TRANSFER_RESP of this CSB')
    csb = struct.unpack('>I', ti[4:8])[0]
    randri = find(pls_i, RANDR, ROLE_I)['value']
    _, auth, _ = msg_keys(ti[3] & 0x7f, mpki,
                          lambda c: label_msg(c, csb, True, randri))
    v = find(pls_r, V)
    if not hmac.compare_digest(v['mac'], hmac.new(
            auth, resp[:v['mac_at']] + ti, hashlib.sha1).digest()):
        sys.exit('check-resp: TRANSFER_RESP MAC wrong')
    print('transfer-resp ok')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('serve')
    s.add_argument('--listen', default='127.0.0.1:8080')
    s.add_argument('--name', default='kms.example.net')
    s.add_argument('--user', action='append', default=[])
    s.add_argument('--fault')
    s.add_argument('--tpk', help='the ticket protection key (hex)')
    s.add_argument('--tls-cert', help='serve HTTPS with this (PEM)')
    s.add_argument('--tls-key', help='and its key (PEM)')
    c = sub.add_parser('transfer')
    c.add_argument('--kms', required=True)
    c.add_argument('--kms-name', default='kms.example.net')
    c.add_argument('--id', required=True)
    c.add_argument('--psk', required=True)
    c.add_argument('--to', required=True)
    c.add_argument('--ssrc', type=int, action='append', required=True)
    c.add_argument('--ca', help='CA certificates of an https:// KMS')
    c.add_argument('--count', type=int, default=1,
                   help='that many tickets and TRANSFER_INITs')
    c.add_argument('--same-cs-id', action='store_true',
                   help='a fault: every crypto session with CS ID 1')
    c.add_argument('--msrp', action='store_true',
                   help='one crypto session for an MSRP TLS-PSK')
    c.add_argument('--want-resp', action='store_true',
                   help='ask for a TRANSFER_RESP (F flag, V flag)')
    v = sub.add_parser('resolve')
    v.add_argument('--kms', required=True)
    v.add_argument('--kms-name', default='kms.example.net')
    v.add_argument('--id', required=True)
    v.add_argument('--psk', required=True)
    v.add_argument('--ti', required=True, help='the TRANSFER_INIT, base64')
    v.add_argument('--ca', help='CA certificates of an https:// KMS')
    r = sub.add_parser('check-resp')
    r.add_argument('--mpki', required=True)
    r.add_argument('--ti', required=True)
    r.add_argument('--resp', required=True)
    args = ap.parse_args()
    if args.cmd == 'check-resp':
        check_resp(args)
    elif args.cmd == 'resolve':
        resolve(args)
    elif args.cmd == 'serve':
        serve(args)
    else:
        for _ in range(args.count):
            transfer(args)


if __name__ == '__main__':
    main()
