#!/usr/bin/env python3
"""Serves the pages of bench/docs_pages.py on 127.0.0.1, for the driftwatch docs benchmarks.

Standard library only. Usage: python3 bench/docs_server.py DIR [PORT]
PORT 0 (the default) picks a free port; the port actually bound is printed as the first line on
stdout. Binds 127.0.0.1 only.

GET /<name>.html answers 200 with the file, "Content-Type: text/html; charset=utf-8", an exact
Content-Length and "Cache-Control: no-store". Deliberately no ETag and no Last-Modified, and
If-None-Match / If-Modified-Since are ignored: no client can get a 304, so every fetch of every run
transfers and processes the whole page (driftwatch and urlwatch both send conditional requests
when the previous response allowed them). The marker @@LAST_UPDATED@@ in a page is replaced by the
current UTC time ("November 22, 2026 01:23:45 UTC"), like an SSR page rendering "now": the text
changes on every fetch unless the watcher masks it as volatile.

Files are read once at start, into memory; the served count is printed to stderr on exit.
Anything else is 404. GET /_count answers the number of pages served so far (text/plain).
"""
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MARKER = b"@@LAST_UPDATED@@"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

PAGES = {}
_served = 0
_lock = threading.Lock()


def now_text():
    t = time.gmtime()
    return ("%s %d, %d %02d:%02d:%02d UTC" % (MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_year,
                                               t.tm_hour, t.tm_min, t.tm_sec)).encode("ascii")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "docs-bench/1"

    def log_message(self, fmt, *args):  # quiet: the benchmark measures the clients
        pass

    def _send(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        global _served
        path = self.path.split("?", 1)[0]
        if path == "/_count":
            with _lock:
                n = _served
            self._send(200, b"%d\n" % n, "text/plain; charset=utf-8")
            return
        parts = PAGES.get(path.lstrip("/"))
        if parts is None:
            self._send(404, b"<!DOCTYPE html><title>404</title><p>Not found</p>", "text/html; charset=utf-8")
            return
        body = now_text().join(parts)
        with _lock:
            _served += 1
        self._send(200, body, "text/html; charset=utf-8")

    do_HEAD = do_GET


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: docs_server.py DIR [PORT]")
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    for name in sorted(os.listdir(directory)):
        if name.endswith(".html"):
            with open(os.path.join(directory, name), "rb") as f:
                PAGES[name] = f.read().split(MARKER)
    if not PAGES:
        sys.exit("docs_server.py: no .html files in %s" % directory)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        print("docs_server: %d pages served" % _served, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
