#!/usr/bin/env python3
"""Holds idle and slow connections open against a server and probes /healthz meanwhile.

    slow_clients.py --port P [--idle 500] [--slow 100] [--drip-seconds 3] [--probe-ms 200]

Idle sockets send nothing; slow ones send one byte of a request whose headers never end every
--drip-seconds. Any socket the server closes is reopened at once (as an attacker would). A
probe thread opens a fresh connection every --probe-ms and times GET /healthz. Runs until
SIGTERM/SIGINT, then prints one line: key=value pairs (probes, failed, p50_ms, p99_ms, max_ms,
reopened, open_at_end). Issue 22's bar: /healthz within 50 ms with 500 idle + 100 slow open.
"""
import argparse
import resource
import signal
import socket
import threading
import time


def open_socket(port):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.setblocking(False)
        return s
    except OSError:
        return None


def closed_by_server(s):
    try:
        data = s.recv(512)
        return data == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def probe_healthz(port, timeout_s):
    """Seconds one GET /healthz took on a fresh connection, or None when it failed."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            reply = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
        if not reply.startswith(b"HTTP/1.1 200"):
            return None
        return time.monotonic() - start
    except OSError:
        return None


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--idle", type=int, default=500)
    ap.add_argument("--slow", type=int, default=100)
    ap.add_argument("--drip-seconds", type=float, default=3.0)
    ap.add_argument("--probe-ms", type=float, default=200.0)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    latencies, failed = [], [0]

    def prober():
        while not stop.is_set():
            took = probe_healthz(args.port, 10.0)
            if took is None:
                failed[0] += 1
            else:
                latencies.append(took * 1000.0)
            stop.wait(args.probe_ms / 1000.0)

    idle = [open_socket(args.port) for _ in range(args.idle)]
    slow = [open_socket(args.port) for _ in range(args.slow)]
    sent = [0] * args.slow
    drip = b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 100000
    reopened = 0
    probe_thread = threading.Thread(target=prober)
    probe_thread.start()
    next_drip = time.monotonic()
    while not stop.is_set():
        for i, s in enumerate(idle):
            if s is None or closed_by_server(s):
                if s is not None:
                    s.close()
                idle[i] = open_socket(args.port)
                reopened += 1
        if time.monotonic() >= next_drip:
            for i, s in enumerate(slow):
                if s is None or closed_by_server(s):
                    if s is not None:
                        s.close()
                    s = slow[i] = open_socket(args.port)
                    sent[i] = 0
                    reopened += 1
                if s is not None:
                    try:
                        if s.send(drip[sent[i]:sent[i] + 1]) == 1:
                            sent[i] += 1
                    except OSError:
                        pass
            next_drip = time.monotonic() + args.drip_seconds
        stop.wait(0.05)
    probe_thread.join()
    open_at_end = sum(1 for s in idle + slow if s is not None and not closed_by_server(s))
    lat = sorted(latencies)
    print("probes=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f reopened=%d open_at_end=%d" % (
        len(lat), failed[0], percentile(lat, 50), percentile(lat, 99),
        lat[-1] if lat else float("nan"), reopened, open_at_end), flush=True)


if __name__ == "__main__":
    main()
