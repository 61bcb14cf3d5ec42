#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An endpoint of the relay tests: a phone's or the core's MSRP peer.

Connects or listens over TCP, or TLS through Python's ssl (OpenSSL: a TLS
stack we did not write), sends a deterministic byte stream while it reads
the other side's, and checks what it read byte for byte.

  relay_peer.py (--listen PORT | --connect ADDR:PORT) [--tls client|server]
                [--cert F --key F] [--ca F] [--version 1.2|1.3]
                [--send N] [--seed S] [--expect N] [--expect-seed S]
                [--send-file F] [--expect-file F]
                [--stall SECONDS] [--ready FILE]
                [--fault flip|close-notify|rst]

The stream of seed S is random.Random(S).randbytes(N).  After sending, a
peer half-closes (FIN, or close_notify over TLS) unless --keep-open.  It reads until it
has N bytes (or EOF), then closes.  Exit 0 when what it read is exactly the
expected stream; it prints "peer: sent X received Y" either way.

Faults, after the stream is sent (a TLS client runs through memory BIOs
then, so that it sees its own records): "flip" sends one more record with
a bit of its tag flipped on the way; "close-notify" sends a close_notify
alert and goes on reading; "rst" closes with SO_LINGER 0 (a reset).  What
the peer then reads ("peer: end ...") is printed for the test to check.
"""
import argparse
import random
import resource
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
    return ctx.wrap_socket(sock, server_side=server,
                           suppress_ragged_eofs=False)


def bio_client(sock, args):
    """A TLS client whose records pass through our hands: --fault."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if args.version:
        v = ssl.TLSVersion.TLSv1_3 if args.version == "1.3" \
            else ssl.TLSVersion.TLSv1_2
        ctx.minimum_version = ctx.maximum_version = v
    inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(inc, outg)

    def flush():
        data = outg.read()
        if data:
            sock.sendall(data)

    def pump_in():
        b = sock.recv(CHUNK)
        if not b:
            inc.write_eof()
        else:
            inc.write(b)
        return b

    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            flush()
            pump_in()
    flush()
    out = stream(args.seed, args.send)
    for i in range(0, len(out), 16384):
        tls.write(out[i:i + 16384])
        flush()
    got = bytearray()
    while len(got) < args.expect:
        try:
            got += tls.read(CHUNK)
        except ssl.SSLWantReadError:
            if not pump_in():
                break
    if args.fault == "flip":
        tls.write(b"x" * 100)
        rec = bytearray(outg.read())
        rec[-1] ^= 1
        sock.sendall(rec)
    elif args.fault == "close-notify":
        try:
            tls.unwrap()
        except ssl.SSLError:
            pass
        flush()
    elif args.fault == "rst":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
        print(f"peer: sent {len(out)} received {len(got)}")
        print("peer: end reset-sent")
        return got
    # What comes back: an alert, a close_notify, FIN or a reset.
    end = "eof"
    try:
        while True:
            try:
                b = tls.read(CHUNK)
                if not b:
                    end = "close-notify"
                    break
                got += b
            except ssl.SSLWantReadError:
                if not pump_in():
                    end = "eof"
                    break
    except ssl.SSLZeroReturnError:
        end = "close-notify"
    except ssl.SSLError as e:
        end = "alert " + (e.reason or str(e)).lower()
    except ConnectionResetError:
        end = "reset"
    print(f"peer: sent {len(out)} received {len(got)}")
    print(f"peer: end {end}")
    return got


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
    p.add_argument("--send-file", help="send this file's bytes instead")
    p.add_argument("--expect-file", help="expect this file's bytes")
    p.add_argument("--stall", type=float, default=0,
                   help="read nothing for this long after connecting")
    p.add_argument("--ready", help="file written once listening")
    p.add_argument("--fault", choices=["flip", "close-notify", "rst"])
    p.add_argument("--zeros", action="store_true",
                   help="send zeros, do not check what is read (a load)")
    p.add_argument("--reply", action="store_true",
                   help="send only once the expected bytes are in")
    p.add_argument("--keep-open", action="store_true",
                   help="a TCP peer does not half-close after sending")
    p.add_argument("--until-end", action="store_true",
                   help="after the expected bytes, read on to the end")
    args = p.parse_args()
    files = {}
    if args.send_file:
        files["send"] = open(args.send_file, "rb").read()
        args.send = len(files["send"])
    if args.expect_file:
        files["expect"] = open(args.expect_file, "rb").read()
        args.expect = len(files["expect"])

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
    if args.fault:
        got = bio_client(sock, args)
        return 0 if bytes(got[:args.expect]) == \
            stream(args.expect_seed, args.expect) else 1
    if args.tls:
        sock = wrap(sock, args, args.tls == "server")

    out = bytes(args.send) if args.zeros else \
        files.get("send") or stream(args.seed, args.send)
    got = bytearray()
    sent, eof, shut = 0, False, False
    # One thread, non-blocking: an SSL object is not safe to read and
    # write from two threads at once.
    sock.setblocking(False)
    stall_end = time.monotonic() + args.stall
    nread = 0

    def received():
        return nread if args.zeros else len(got)

    def want_more():
        return not eof and (args.until_end or received() < args.expect)

    end = "eof"
    while sent < len(out) or want_more():
        reading = want_more() and time.monotonic() >= stall_end
        r = [sock] if reading else []
        w = [sock] if sent < len(out) and \
            (not args.reply or received() >= args.expect) else []
        if reading and args.tls and sock.pending():
            rr, ww = [sock], []
        else:
            stalled = time.monotonic() < stall_end
            rr, ww, _ = select.select(r, w, [], 1 if stalled else 120)
            if not rr and not ww and not stalled and (r or w):
                print("peer: timed out", file=sys.stderr)
                break
        if rr:
            try:
                b = sock.recv(max(1, min(CHUNK, args.expect - len(got)))
                              if not args.until_end else CHUNK)
                if not b:
                    eof = True
                    end = "close-notify" if args.tls else "eof"
                if args.zeros:
                    nread += len(b)
                else:
                    got += b
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError,
                    BlockingIOError):
                pass
            except ssl.SSLEOFError:
                eof = True
            except ssl.SSLError as e:
                end = "alert " + (e.reason or str(e)).lower()
                eof = True
            except ConnectionResetError:
                end = "reset"
                eof = True
        if ww:
            try:
                sent += sock.send(out[sent:sent + CHUNK])
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError,
                    BlockingIOError):
                pass
            except (ConnectionResetError, BrokenPipeError):
                end = "reset"
                eof = True
                out = out[:sent]
            except ssl.SSLError as e:
                end = "alert " + (e.reason or str(e)).lower()
                eof = True
                out = out[:sent]
        if sent == len(out) and not shut and not args.keep_open:
            shut = True
            if not args.tls:
                try:
                    sock.shutdown(socket.SHUT_WR)
                except OSError:		# reset meanwhile: said above
                    pass
    print(f"peer: sent {sent} received {received()}")
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(f"peer: cpu {ru.ru_utime + ru.ru_stime:.3f}")
    if args.until_end:
        print(f"peer: end {end}")
    if args.zeros:
        return 0 if nread == args.expect else 1
    elif args.tls and not eof:
        # Both streams are complete: close_notify each way, so that no
        # record is left unread (which would make the close a reset).
        sock.setblocking(True)
        try:
            sock.unwrap()
            print("peer: end close-notify")
        except (ssl.SSLError, OSError) as e:
            print(f"peer: end {e}")
    want = files.get("expect") or stream(args.expect_seed, args.expect)
    if bytes(got) != want:
        off = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                   min(len(got), len(want)))
        print(f"peer: stream differs at byte {off}", file=sys.stderr)
        return 1
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
