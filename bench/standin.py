#!/usr/bin/env python3
"""Loopback stand-in of WisGate's OpenAI-compatible image API, for the driftwatch benchmarks.

Standard library only. Usage: BENCH_KEY=... python3 bench/standin.py PORT
PORT 0 picks a free port; the port actually bound is printed as the first line on stdout.

Answers, after checking "Authorization: Bearer $BENCH_KEY" (401 error envelope otherwise):
  GET  /v1/models                -> 200 model list (gpt-image-2, gpt-image-1)
  POST /v1/images/generations    -> 400 error envelope when n < 1 (what the free endpoint check sends),
                                    else 200 with n base64 PNGs of exactly the requested size
  GET  /, /models, /studio/image, /topics/gpt-image-2-prompts -> the docs pages of checks.yaml
  GET  /openai/openapi.yaml      -> OpenAI's published spec (fixture f85dbe2, data required; SPEC_PAD_MB pads it)
Anything else is 404 in the same error envelope. Binds 127.0.0.1 only.
"""
import base64
import json
import os
import pathlib
import re
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = {
    "object": "list",
    "data": [
        {"id": "gpt-image-2", "object": "model", "created": 1776729600, "owned_by": "wisgate"},
        {"id": "gpt-image-1", "object": "model", "created": 1745000000, "owned_by": "wisgate"},
    ],
}
MAX_BODY = 1 << 20            # requests larger than 1 MiB are refused
MAX_SIDE = 8192               # largest image side the stand-in will draw
SIZE_RE = re.compile(r"^([1-9][0-9]{0,4})x([1-9][0-9]{0,4})$")

_png_cache = {}
_png_lock = threading.Lock()
_request_seq = 0
_seq_lock = threading.Lock()


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def black_png_b64(width, height):
    """Base64 of a real all-black 8-bit RGB PNG of width x height, built by hand and cached per size."""
    key = (width, height)
    with _png_lock:
        cached = _png_cache.get(key)
        if cached is not None:
            return cached
        row = b"\x00" + b"\x00" * (3 * width)        # filter type 0, then RGB pixels
        ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
               + _chunk(b"IDAT", zlib.compress(row * height, 9)) + _chunk(b"IEND", b""))
        encoded = base64.b64encode(png).decode("ascii")
        _png_cache[key] = encoded
        return encoded


def error_body(message, type_="invalid_request_error", param=None, code=None):
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


# The docs pages of the shipped checks.yaml, as the test suite's fixtures show them; no ETag, so
# every run reads them in full.
_FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "docs-pages" / "wisgate"
DOCS_PAGES = {
    "/": _FIXTURES / "home.html",
    "/models": _FIXTURES / "models.html",
    "/studio/image": _FIXTURES / "studio-image.html",
    "/topics/gpt-image-2-prompts": _FIXTURES / "gpt-image-2-prompts.html",
}


# OpenAI's published spec as of 2026-08-21 (the test suite's fixture), with `data` required in the images response
# again as it was until April 2025, so the shipped contract holds against it, and without the dated model this
# stand-in's /v1/models does not list; SPEC_PAD_MB pads it with other paths
# to the size of OpenAI's whole document (about 3 MB). Served at /openai/openapi.yaml, always in full (200, no ETag).
_SPEC_FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "openai-openapi" / "f85dbe2.yaml"


def healthy_spec(pad_mb=0.0):
    text = _SPEC_FIXTURE.read_text(encoding="utf-8").replace("\n            - gpt-image-2-2026-04-21\n", "\n", 1)
    at = text.index("      required:\n      - created\n", text.index("    ImagesResponse:"))
    text = text[:at] + "      required:\n      - created\n      - data\n" + text[at + len("      required:\n      - created\n"):]
    if pad_mb > 0:
        filler, i = [], 0
        size = 0
        while size < pad_mb * 1_000_000:
            entry = ("  /filler-%d:\n    get:\n      description: %s\n      responses:\n        '200':\n"
                     "          description: ok\n") % (i, "lorem ipsum " * 20)
            filler.append(entry)
            size += len(entry)
            i += 1
        cut = text.index("paths:\n") + len("paths:\n")
        text = text[:cut] + "".join(filler) + text[cut:]
    return text.encode("utf-8")


SPEC = healthy_spec(float(os.environ.get("SPEC_PAD_MB", "0")))


# LATENCY_MS: how long the API takes to answer, as a provider far away would (the docs and the spec answer at once).
LATENCY = float(os.environ.get("LATENCY_MS", "0")) / 1000.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Answers go out at once: without TCP_NODELAY a reused connection waits ~40 ms for a delayed ACK per answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self):
        return "wisgate-standin/1"

    def log_message(self, fmt, *args):  # quiet: the benchmark times driftwatch, not our logging
        pass

    def _send(self, status, obj):
        global _request_seq
        body = json.dumps(obj, separators=(",", ":")).encode("utf-8")
        with _seq_lock:
            _request_seq += 1
            rid = "req_bench_%06d" % _request_seq
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", rid)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorized(self):
        expected = os.environ.get("BENCH_KEY", "")
        got = self.headers.get("Authorization", "")
        if expected and got == "Bearer " + expected:
            return True
        self._send(401, error_body("Incorrect API key provided.", param=None, code="invalid_api_key"))
        return False

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            raise ValueError("request body too large")
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/v1/models":
            if LATENCY:
                time.sleep(LATENCY)
            if self._authorized():
                self._send(200, MODELS)
            return
        if path == "/openai/openapi.yaml":
            body = SPEC
            if os.environ.get("SPEC_VARY") == "1":
                # Another part of the document edited on every request: the pinned part stays the same.
                global _request_seq
                with _seq_lock:
                    _request_seq += 1
                    body = SPEC + (b"# served %d\n" % _request_seq)
            self.send_response(200)
            self.send_header("Content-Type", "application/yaml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        page = DOCS_PAGES.get(path)
        if page is not None:
            html = page.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)
            return
        self._send(404, error_body("Unknown request URL: GET %s." % path, code="unknown_url"))

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        if LATENCY:
            time.sleep(LATENCY)
        try:
            raw = self._read_body()
        except ValueError as e:
            self.close_connection = True
            self._send(413, error_body(str(e)))
            return
        if path != "/v1/images/generations":
            self._send(404, error_body("Unknown request URL: POST %s." % path, code="unknown_url"))
            return
        if not self._authorized():
            return
        try:
            req = json.loads(raw.decode("utf-8") or "null")
            if not isinstance(req, dict):
                raise ValueError
        except ValueError:
            self._send(400, error_body("We could not parse the JSON body of your request.", code="invalid_json"))
            return
        n = req.get("n", 1)
        if not isinstance(n, int) or isinstance(n, bool):
            self._send(400, error_body("Invalid type for 'n': expected an integer.", param="n", code="invalid_type"))
            return
        if n < 1:
            self._send(400, error_body("Invalid value for 'n': %d is less than the minimum of 1." % n,
                                       param="n", code="invalid_value"))
            return
        if n > 10:
            self._send(400, error_body("Invalid value for 'n': %d is greater than the maximum of 10." % n,
                                       param="n", code="invalid_value"))
            return
        size = req.get("size", "1024x1024")
        if size == "auto":
            size = "1024x1024"
        m = SIZE_RE.match(size) if isinstance(size, str) else None
        if not m or int(m.group(1)) > MAX_SIDE or int(m.group(2)) > MAX_SIDE:
            self._send(400, error_body("Invalid value for 'size': %r." % (size,), param="size", code="invalid_value"))
            return
        image = black_png_b64(int(m.group(1)), int(m.group(2)))
        self._send(200, {"created": int(time.time()), "data": [{"b64_json": image} for _ in range(n)]})


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    black_png_b64(1024, 1024)   # warm the cache for the shipped request's size
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
