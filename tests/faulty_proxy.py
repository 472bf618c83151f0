"""A small HTTP proxy on 127.0.0.1 that forwards to a real server and fails, delays or drops chosen requests.

``rule(request)`` is asked for each request (a :class:`Seen`: its number, method, path and body) and
returns what to do: ``None`` forwards it; ``("fail", status)`` answers that status without forwarding;
``("delay", seconds)`` waits, then forwards; ``("drop", None)`` forwards it and closes the connection
without answering (the request took effect, its answer is lost); ``("cut", None)`` closes the connection
without forwarding; ``("call", function)`` calls ``function()`` (for example: kill the server), then cuts.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Seen:
    """A request the proxy received."""

    number: int
    method: str
    path: str
    body: bytes


Rule = Callable[[Seen], "tuple[str, object] | None"]


class _Proxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, upstream: str, rule: Rule) -> None:
        super().__init__(address, handler)
        self.upstream = upstream
        self.rule = rule
        self.seen: list[Seen] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def _any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        with self.server.lock:
            seen = Seen(len(self.server.seen) + 1, self.command, self.path, body)
            self.server.seen.append(seen)
        action = self.server.rule(seen)
        kind, value = action if action else ("forward", None)
        if kind == "fail":
            message = b"refused by the test proxy"
            self.send_response(int(value))
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)
            return
        if kind in ("cut", "call"):
            if kind == "call":
                value()
            self.close_connection = True
            return
        if kind == "delay":
            import time

            time.sleep(float(value))
        if kind == "rewrite":
            body = value(body)
        status, headers, answer = self._forward(body)
        if kind == "drop":
            self.close_connection = True
            return
        self.send_response(status)
        for name, header in headers:
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, header)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(self.server.upstream)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815 (the standard library's names)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def faulty_proxy(upstream: str, rule: Rule) -> Iterator[_Proxy]:
    """A proxy to ``upstream`` (``http://127.0.0.1:PORT``) applying ``rule``; its ``base`` URL is ``proxy.base``."""
    proxy = _Proxy(("127.0.0.1", 0), _Handler, upstream, rule)
    proxy.base = f"http://127.0.0.1:{proxy.server_address[1]}"
    thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
