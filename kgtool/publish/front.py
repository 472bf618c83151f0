"""The HTTP front of ``kgtool serve``: the static site, the saved-query API, and the guarded SPARQL endpoint.

One :class:`~http.server.ThreadingHTTPServer` answers every request:

- ``/query``: SPARQL 1.1 Query, passed to the Oxigraph server behind (on a private loopback port) and
  answered once complete, so that a query Oxigraph stops at ``--query-timeout`` is a clear 503, not a
  truncated 200. Each query runs on a query worker of its own (:mod:`kgtool.publish.workers`), killed when
  its client goes away or the timeout passes, so that an abandoned query stops at once.
- ``/update`` and the Graph Store's writes (``PUT``, ``POST``, ``DELETE`` on ``/store``): 403 unless
  ``--writable``, and 403 from another web origin even then.
- ``/api/queries``, ``/api/openapi.json``, ``/api/query/NAME?param=value``: the saved queries, bound as
  ``kgtool query`` binds them; a bad parameter is a 400 with the CLI's message. Each runs on a query worker
  too, stopped as a ``/query`` is.
- ``/resource/…`` without a suffix: content negotiation (303 to ``.ttl``, ``.jsonld`` or the page).
- anything else: a file of the built site.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import mimetypes
import select
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from kgtool.errors import EndpointError, KgError, UsageError
from kgtool.publish.openapi import FORMATS, listing, openapi
from kgtool.publish.workers import QueryWorkers, Worker
from kgtool.query.registry import SavedQuery

CANCELLED = b"The SPARQL operation has been cancelled"
WRITE_METHODS = ("PUT", "POST", "DELETE", "PATCH")
TYPES = {".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json", ".js": "text/javascript"}


@dataclass
class FrontConfig:
    """What the front serves: the Oxigraph server behind, the site folder, the saved queries, the rules."""

    backend: str  # http://127.0.0.1:PORT
    site: Path | None
    saved: dict[str, SavedQuery]
    writable: bool = False
    query_timeout: float = 30.0
    workers: QueryWorkers | None = None  # each query on a worker of its own, killed if abandoned


class FrontServer(ThreadingHTTPServer):
    """A threading server whose request threads do not keep the process alive, with a deep accept queue."""

    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], config: FrontConfig) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.config = config
        super().__init__(address, FrontHandler)


class FrontHandler(BaseHTTPRequestHandler):
    """Routes one request."""

    server: FrontServer
    protocol_version = "HTTP/1.1"
    server_version = "kgtool-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the terminal shows the URLs, not every request."""

    @property
    def config(self) -> FrontConfig:
        return self.server.config

    # dispatch ----------------------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._route("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._route("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._route("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._route("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path == "/query" or path.startswith("/api/"):
            self._send(
                204,
                b"",
                "text/plain",
                cors=True,
                extra={
                    "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                },
            )
        else:
            self._error(403, "cross-origin requests may only read: /query and /api/")

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        try:
            if path == "/query":
                if method not in ("GET", "HEAD", "POST"):
                    return self._error(405, "the query endpoint takes GET and POST")
                return self._proxy(method, parts.query)
            if path == "/update" or path == "/store" and method in WRITE_METHODS:
                return self._write(method, parts.query)
            if path == "/store":
                return self._proxy(method, parts.query)
            if method not in ("GET", "HEAD"):
                return self._error(405, f"{path} takes GET")
            if path == "/api/queries":
                return self._json(listing(self.config.saved))
            if path == "/api/openapi.json":
                return self._json(openapi(self.config.saved))
            if path.startswith("/api/query/"):
                return self._api(path.removeprefix("/api/query/"), parts.query)
            if path in ("/sparql", "/yasgui"):
                return self._redirect(302, "/sparql.html")
            return self._static(path, method)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # the SPARQL endpoint ------------------------------------------------------------------------------------
    def _write(self, method: str, query: str) -> None:
        if not self.config.writable:
            self._drain()
            return self._error(403, "this server is read-only: start kgtool serve --writable to allow updates")
        if self._cross_origin():
            self._drain()
            return self._error(403, "updates are refused from other web origins")
        self._proxy(method, query, cors=False, write=True)

    def _cross_origin(self) -> bool:
        origin = self.headers.get("Origin")
        if self.headers.get("Sec-Fetch-Site", "") in ("cross-site", "same-site"):
            return True
        if origin is None:
            return False
        host = self.headers.get("Host", "")
        return urlsplit(origin).netloc != host

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)

    def _proxy(self, method: str, query: str, cors: bool = True, write: bool = False) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        path = urlsplit(self.path).path + (f"?{query}" if query else "")
        worker: Worker | None = None
        if urlsplit(self.path).path == "/query" and self.config.workers is not None:
            try:
                worker = self.config.workers.acquire(timeout=self.config.query_timeout)
            except EndpointError as exc:
                return self._error(503, f"the query could not start: {exc.message}")
        target = urlsplit(worker.base if worker is not None else self.config.backend)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=self.config.query_timeout + 30)
        answer: dict[str, object] = {}
        done = threading.Event()

        def fetch() -> None:
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                answer["data"] = response.read()
                answer["status"] = response.status
                answer["media"] = response.getheader("Content-Type", "application/octet-stream")
            except (OSError, http.client.HTTPException) as exc:
                answer["error"] = exc
            finally:
                done.set()

        threading.Thread(target=fetch, name="kgtool-serve-query", daemon=True).start()
        outcome = self._wait(done)
        if write and self.config.workers is not None:
            done.wait(self.config.query_timeout + 30)  # even if its client has gone, the write goes on: wait for it
            self.config.workers.refresh()  # before answering: the client's next query must see its write
        if outcome != "done":
            if worker is not None:
                self.config.workers.discard(worker)  # the query stops with its process, its CPU is free at once
            _abort(connection)  # without a worker, the store stops the query at its timeout
            return self._timeout() if outcome == "timeout" else None
        connection.close()
        if worker is not None:
            (self.config.workers.discard if "error" in answer else self.config.workers.release)(worker)
        if "error" in answer:
            return self._error(502, f"the SPARQL store did not answer: {answer['error']}")
        data = answer["data"]
        if CANCELLED in data[-200:]:
            return self._timeout()
        self._send(answer["status"], data if method != "HEAD" else b"", answer["media"], cors=cors, length=len(data))

    def _wait(self, done: threading.Event) -> str:
        """``done`` once the store has answered; ``timeout`` past the query timeout; ``gone`` if the client left."""
        deadline = time.monotonic() + self.config.query_timeout + 1
        while not done.wait(0.25):
            if time.monotonic() > deadline:
                return "timeout"
            ready, _, _ = select.select([self.connection], [], [], 0)
            if ready:
                try:
                    gone = not self.connection.recv(1, socket.MSG_PEEK)
                except OSError:
                    gone = True
                if gone:
                    self.close_connection = True
                    return "gone"
        return "done"

    def _timeout(self) -> None:
        self._error(503, f"the query ran longer than {self.config.query_timeout:g} s and was stopped (--query-timeout)")

    # the API -----------------------------------------------------------------------------------------------
    def _api(self, name: str, query: str) -> None:
        from kgtool.query.endpoint import Endpoint, Retry, run_saved_query
        from kgtool.query.results import render_result

        saved = self.config.saved.get(name)
        if saved is None:
            return self._error(404, f"no saved query named {name!r} (GET /api/queries lists them)")
        params = dict(parse_qsl(query, keep_blank_values=True))
        fmt = params.pop("format", None) or self._accepted()
        lang = params.pop("lang", None) if saved.parameter("lang") else None
        if lang not in (None, "en", "fr"):
            return self._error(400, f"lang={lang!r}: expected en or fr")
        if fmt not in FORMATS:
            return self._error(400, f"format={fmt!r}: expected one of {', '.join(sorted(FORMATS))}")
        workers = self.config.workers
        worker: Worker | None = None
        if workers is not None:
            try:
                worker = workers.acquire(timeout=self.config.query_timeout)
            except EndpointError as exc:
                return self._error(503, f"the query could not start: {exc.message}")
        base = worker.base if worker is not None else self.config.backend
        endpoint = Endpoint(f"{base}/query", timeout=self.config.query_timeout + 5, retry=Retry(1))
        answer: dict[str, object] = {}
        done = threading.Event()

        def run() -> None:
            try:
                result = run_saved_query(saved, endpoint, params, lang=lang)
                if result.type in ("CONSTRUCT", "DESCRIBE"):
                    answer["text"] = render_result(result, "json" if fmt == "json" else "table")
                    answer["media"] = "application/ld+json" if fmt == "json" else "text/turtle; charset=utf-8"
                else:
                    answer["text"] = render_result(result, fmt)
                    answer["media"] = FORMATS[fmt] + ("; charset=utf-8" if fmt != "json" else "")
            except KgError as exc:
                answer["error"] = exc
            finally:
                done.set()

        started = time.monotonic()
        threading.Thread(target=run, name="kgtool-serve-api", daemon=True).start()
        outcome = self._wait(done)
        if outcome != "done":
            if worker is not None:
                workers.discard(worker)  # the query stops with its process (its thread then fails at once)
            return self._timeout() if outcome == "timeout" else None
        error = answer.get("error")
        if worker is not None:
            (workers.discard if isinstance(error, EndpointError) else workers.release)(worker)
        if isinstance(error, UsageError):
            return self._error(400, error.message)
        if isinstance(error, EndpointError):
            if time.monotonic() - started >= self.config.query_timeout - 0.5:
                return self._timeout()
            return self._error(502, error.message)
        if isinstance(error, KgError):
            return self._error(400, error.message)
        self._send(200, answer["text"].encode("utf-8"), answer["media"], cors=True)

    def _accepted(self) -> str:
        accept = self.headers.get("Accept", "")
        for fmt, media in FORMATS.items():
            if media in accept:
                return fmt
        if "text/turtle" in accept:
            return "tsv"
        return "json"

    # files -------------------------------------------------------------------------------------------------
    def _static(self, path: str, method: str) -> None:
        site = self.config.site
        if site is None:
            return self._without_site(path, method)
        if path.startswith("/resource/") and "." not in path.rsplit("/", 1)[-1]:
            return self._negotiate(path)
        relative = path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = (site / relative).resolve()
        if not target.is_relative_to(site.resolve()) or not target.is_file():
            return self._error(404, f"{path}: not found")
        media = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media.startswith("text/") and "charset" not in media:
            media += "; charset=utf-8"
        data = target.read_bytes()
        self._send(200, data if method == "GET" else b"", media, length=len(data))

    def _without_site(self, path: str, method: str) -> None:
        """With ``--no-site``: the query page (at ``/`` too) and its assets, from the package."""
        from importlib import resources

        from kgtool.site.build import ASSETS
        from kgtool.site.sparql_page import plain_sparql_page, sparql_page

        if path in ("/", "/sparql.html", "/sparql-plain.html"):
            page = plain_sparql_page if path == "/sparql-plain.html" else sparql_page
            data = page(self.config.saved).encode("utf-8")
            return self._send(200, data if method == "GET" else b"", "text/html; charset=utf-8", length=len(data))
        name = path.removeprefix("/assets/")
        if path.startswith("/assets/") and name in ASSETS:
            data = resources.files("kgtool.site").joinpath("assets", name).read_bytes()
            media = TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0] or "text/plain"
            return self._send(200, data if method == "GET" else b"", media, length=len(data))
        return self._error(404, f"{path}: not found (this server runs with --no-site)")

    def _negotiate(self, path: str) -> None:
        accept = self.headers.get("Accept", "")
        if "text/turtle" in accept or "application/x-turtle" in accept:
            suffix, prefix = ".ttl", ""
        elif "application/ld+json" in accept or "application/json" in accept:
            suffix, prefix = ".jsonld", ""
        else:
            french = self.headers.get("Accept-Language", "").lower().startswith("fr")
            suffix, prefix = ".html", "/fr" if french else ""
        if not (self.config.site / (path.lstrip("/") + suffix)).is_file():
            return self._error(404, f"{path}: no such resource")
        self._redirect(303, f"{prefix}{path}{suffix}")

    # answers -----------------------------------------------------------------------------------------------
    def _json(self, document: object) -> None:
        self._send(
            200, json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"), "application/json", cors=True
        )

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", "text/plain", extra={"Location": location, "Vary": "Accept, Accept-Language"})

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", cors=status != 403)

    def _send(
        self,
        status: int,
        data: bytes,
        media: str,
        cors: bool = False,
        extra: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("X-Content-Type-Options", "nosniff")
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if data:
            self.wfile.write(data)


def _abort(connection: http.client.HTTPConnection) -> None:
    """Close the connection to the store under the thread that waits on it."""
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()
