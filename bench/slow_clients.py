#!/usr/bin/env python3
"""Benchmark helper (not a test): holds bad HTTP clients against a running daemon and times /healthz meanwhile.

    python3 bench/slow_clients.py HOST PORT KIND CLIENTS SECONDS

KIND is what each of the CLIENTS connections does, again and again (a client cut off by the server connects again,
as an attacker would):
  none      no bad client: the reference figure
  idle      connects and sends nothing
  half      sends half a request line ("GET /api/status HT") and waits
  slowloris sends a request line and a first header, then one more header line every 5 s, never the blank line

Meanwhile one /healthz probe a second, each on a new connection with a 10 s timeout (a probe's timeout is
usually 1-10 s). Prints one line: kind, clients, probes answered 200 / probes, median and max milliseconds of
the answered probes, and how many times the server cut a bad client off. Python 3 standard library only.
"""
import socket
import statistics
import sys
import threading
import time

PROBE_TIMEOUT = 10.0
REQUESTS = {
    "idle": b"",
    "half": b"GET /api/status HT",
    "slowloris": b"GET /api/status HTTP/1.1\r\nHost: bench\r\nX-a: 0\r\n",
}


def bad_client(host, port, kind, stop, cut_offs, lock):
    while not stop.is_set():
        try:
            s = socket.create_connection((host, port), timeout=30)
        except OSError:
            time.sleep(0.2)  # refused or the accept queue is full: try again, as an attacker would
            continue
        try:
            s.sendall(REQUESTS[kind])
            s.settimeout(1.0)
            n = 0
            while not stop.is_set():
                try:
                    if s.recv(4096) == b"":
                        break  # closed by the server
                except socket.timeout:
                    n += 1
                    if kind == "slowloris" and n % 5 == 0:
                        s.sendall(b"X-b%d: %d\r\n" % (n, n))
                    continue
            else:
                return
            with lock:
                cut_offs[0] += 1
        except OSError:
            with lock:
                cut_offs[0] += 1
        finally:
            s.close()


def probe(host, port):
    """Milliseconds until /healthz answered 200, or None (timeout, refused, other status)."""
    start = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT) as s:
            s.settimeout(max(0.1, PROBE_TIMEOUT - (time.monotonic() - start)))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(1024)
                if not chunk:
                    return None
                head += chunk
            if head.split(b"\r\n", 1)[0].split(b" ")[1:2] != [b"200"]:
                return None
            return (time.monotonic() - start) * 1000.0
    except OSError:
        return None


def main():
    if len(sys.argv) != 6 or sys.argv[3] not in ("none", "idle", "half", "slowloris"):
        sys.exit(__doc__)
    host, port, kind, clients, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    stop = threading.Event()
    cut_offs = [0]
    lock = threading.Lock()
    threads = []
    if kind != "none":
        for _ in range(clients):
            t = threading.Thread(target=bad_client, args=(host, port, kind, stop, cut_offs, lock), daemon=True)
            t.start()
            threads.append(t)
        time.sleep(2)  # every bad client connected and sent its bytes before the first probe
    times, probes = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.monotonic()
        probes += 1
        ms = probe(host, port)
        if ms is not None:
            times.append(ms)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
    stop.set()
    for t in threads:
        t.join(timeout=3)
    median = "%.0f" % statistics.median(times) if times else "-"
    worst = "%.0f" % max(times) if times else "-"
    print("kind=%s clients=%d healthz_ok=%d/%d median_ms=%s max_ms=%s cut_offs=%d"
          % (kind, clients if kind != "none" else 0, len(times), probes, median, worst, cut_offs[0]))


if __name__ == "__main__":
    main()
