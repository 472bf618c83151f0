"""Run SPARQL on any SPARQL 1.1 endpoint (the SPARQL 1.1 Protocol, over urllib).

Answers come back as rdflib :class:`~rdflib.query.Result` objects, so :func:`kgtool.query.results.render_result`
renders a remote answer exactly like a local one: SELECT and ASK answers are read from the SPARQL 1.1
Query Results JSON format, CONSTRUCT and DESCRIBE answers from the RDF (Turtle) the endpoint sends.

A query sees one graph as its default graph: by default the named graph ``kgtool publish`` writes
(:data:`DEFAULT_GRAPH`), sent as the protocol's ``default-graph-uri``; ``--graph default`` leaves the
store's own default graph. Credentials come only from the environment (:data:`USER_ENV`,
:data:`PASSWORD_ENV`; HTTP Basic). Every failure becomes one :class:`~kgtool.errors.EndpointError` that
names the URL and the cause; transient failures (a reset connection, HTTP 502, 503, 504) are tried
again with exponential backoff a bounded number of times (:class:`Retry`).
"""

from __future__ import annotations

import base64
import io
import math
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import SplitResult, urlencode, urlsplit

from kgtool import __version__
from kgtool.errors import EndpointError, UsageError
from kgtool.namespaces import bind_prefixes
from kgtool.query.registry import bind_parameters, prepare
from kgtool.sparql_text import check_query

if TYPE_CHECKING:
    from rdflib.query import Result

    from kgtool.query.registry import SavedQuery

DEFAULT_GRAPH = "https://w3id.org/connelly/graph"
DEFAULT_TIMEOUT = 30.0
USER_ENV = "KGTOOL_ENDPOINT_USER"
PASSWORD_ENV = "KGTOOL_ENDPOINT_PASSWORD"
USER_AGENT = f"kgtool/{__version__}"

TRANSIENT_STATUSES = frozenset({502, 503, 504})
JSON_RESULTS = frozenset({"application/sparql-results+json", "application/json"})
RDF_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/n3": "n3",
    "text/rdf+n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
FORM = "application/x-www-form-urlencoded"
JSON_ACCEPT = "application/sparql-results+json, application/json;q=0.5"
RDF_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

T = TypeVar("T")


@dataclass(frozen=True)
class Retry:
    """How many times a request is tried in all, and the waits between tries (doubling, capped)."""

    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 4.0

    def delay(self, failures: int) -> float:
        """The wait after the ``failures``-th failed try: 0.5 s, 1 s, 2 s, 4 s, 4 s…"""
        return min(self.max_delay, self.first_delay * 2 ** (failures - 1))


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint (and its update endpoint, where the store separates them).

    ``graph`` is the graph queries see as their default graph (``default-graph-uri``); ``None`` leaves
    the store's default graph.
    """

    url: str
    update_url: str | None = None
    graph: str | None = DEFAULT_GRAPH
    timeout: float = DEFAULT_TIMEOUT
    retry: Retry = field(default_factory=Retry)

    def __post_init__(self) -> None:
        check_url(self.url)
        if self.update_url is not None:
            check_url(self.update_url)
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise UsageError(f"the timeout must be a positive number of seconds, not {self.timeout}")

    def query(self, text: str, accept: str | None = None) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; return its answer as an rdflib ``Result``.

        ``accept`` overrides the media types asked for (``application/n-triples`` parses fastest)."""
        form = check_query(text, "the query")
        fields = [("query", text)]
        if self.graph is not None:
            fields.append(("default-graph-uri", self.graph))
        accept = accept or (JSON_ACCEPT if form in ("SELECT", "ASK") else RDF_ACCEPT)
        body, media = call_with_retries(
            lambda: request("POST", self.url, urlencode(fields).encode(), FORM, self.timeout, accept),
            "the SPARQL endpoint",
            self.url,
            self.timeout,
            self.retry,
        )
        return parse_answer(body, media, form, self.url)

    def update(self, text: str, retry: Retry | None = None) -> None:
        """Run a SPARQL 1.1 Update request on the update endpoint (the query endpoint when none is set).

        ``retry`` overrides the endpoint's retries (an update that is not idempotent must not be sent twice).
        """
        body = urlencode([("update", text)]).encode()
        call_with_retries(
            lambda: request("POST", self.updates, body, FORM, self.timeout),
            "the SPARQL update endpoint",
            self.updates,
            self.timeout,
            retry or self.retry,
        )

    @property
    def updates(self) -> str:
        """Where updates go: the update endpoint, or the query endpoint when the store takes both there."""
        return self.update_url or self.url


def run_saved_query(
    query: SavedQuery, endpoint: Endpoint, params: dict[str, str] | None = None, lang: str | None = None
) -> Result:
    """Run a saved query on ``endpoint`` with the same parameters (labels resolved there) as locally."""

    bindings = bind_parameters(query, params or {}, endpoint.query, lang=lang)
    return endpoint.query(prepare(query, bindings))


def parse_answer(body: bytes, media: str, form: str, url: str) -> Result:
    """An endpoint's answer as an rdflib ``Result``; anything that is not a SPARQL answer is an error."""
    from rdflib import Graph
    from rdflib.query import Result

    hint = "is it the SPARQL query URL (for Oxigraph, http://HOST:PORT/query)?"
    if form in ("SELECT", "ASK"):
        if media not in JSON_RESULTS:
            raise EndpointError(f"the SPARQL endpoint {url} answered with {media}, not SPARQL JSON results: {hint}")
        try:
            return Result.parse(io.BytesIO(body), format="json")
        except Exception as exc:  # rdflib raises several types for a malformed document
            raise EndpointError(
                f"the SPARQL endpoint {url} answered {media} that is not SPARQL results: {exc}"
            ) from None
    rdf_format = RDF_MEDIA_TYPES.get(media)
    if rdf_format is None:
        raise EndpointError(f"the SPARQL endpoint {url} answered a {form} query with {media}, not RDF: {hint}")
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=body, format=rdf_format)
    except Exception as exc:  # rdflib raises several types for malformed RDF
        raise EndpointError(f"the SPARQL endpoint {url} answered {media} that does not parse: {exc}") from None
    result = Result(form)
    result.graph = graph
    return result


def send(method: str, url: str, body: bytes, content_type: str, timeout: float, retry: Retry, what: str) -> None:
    """One HTTP request with a body (a Graph Store Protocol PUT or POST), with the same errors and retries."""
    call_with_retries(lambda: request(method, url, body, content_type, timeout), what, url, timeout, retry)


def request(
    method: str, url: str, body: bytes | None, content_type: str | None, timeout: float, accept: str | None = None
) -> tuple[bytes, str]:
    """One HTTP request, whole answer read within ``timeout`` seconds; return the body and its media type.

    ``timeout`` is a deadline for the whole request (connecting, sending, every byte of the answer), not
    only for each read. Credentials (from the environment) go only to ``url``'s own origin: a redirect to
    another scheme, host or port is followed without them (see :class:`_Redirects`).
    """
    headers = {"User-Agent": USER_AGENT}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers)
    login = credentials()
    if login:  # an unredirected header: urllib never copies it onto a redirected request
        token = base64.b64encode(":".join(login).encode()).decode()
        prepared.add_unredirected_header("Authorization", f"Basic {token}")
    opener = urllib.request.build_opener(_Redirects())

    def attempt() -> tuple[bytes, str]:
        with opener.open(prepared, timeout=timeout) as response:
            return response.read(), response.headers.get_content_type()

    return within(timeout, attempt)


def within(seconds: float, action: Callable[[], T]) -> T:
    """``action()``, or :class:`TimeoutError` once ``seconds`` have passed (the action is then abandoned: its
    own socket timeout ends it)."""
    import threading

    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"no complete answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, only to http(s), and with the credentials only within the same origin."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(redact(newurl), code, "redirect to a non-HTTP URL refused", headers, fp)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) == _origin(req.full_url):
            for name, value in req.unredirected_hdrs.items():
                if name.lower() == "authorization":
                    new.add_unredirected_header(name, value)
        return new


def redact(url: str) -> str:
    """``url`` without the credentials of its user-info part (``http://***@host/…``), safe to print."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"***@{host}").geturl()


def credentials() -> tuple[str, str] | None:
    """``(user, password)`` from the environment, or ``None``; never from the command line."""
    user, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
    if not user and not password:
        return None
    if not user or not password:
        raise UsageError(f"set both {USER_ENV} and {PASSWORD_ENV} (or neither)")
    return user, password


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else a :class:`UsageError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{redact(url)!r} is not an http(s) URL (for example http://127.0.0.1:7878/query)")
    if "@" in parts.netloc:
        raise UsageError(
            f"{redact(url)}: a URL must not hold credentials (they would show in logs); "
            f"set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    return url


def parse_graph(value: str | None) -> str | None:
    """A ``--graph`` option: ``None`` → :data:`DEFAULT_GRAPH`, ``default`` → the store's default graph (None)."""
    if value is None:
        return DEFAULT_GRAPH
    if value == "default":
        return None
    if not _IRI.match(value):
        raise UsageError(f"--graph {value!r}: expected an absolute IRI (such as {DEFAULT_GRAPH}) or 'default'")
    return value


def graph_name(graph: str | None) -> str:
    """``<IRI>`` for a named graph, ``the default graph`` otherwise."""
    return "the default graph" if graph is None else f"<{graph}>"


def call_with_retries(action: Callable[[], T], what: str, url: str, timeout: float, retry: Retry) -> T:
    """``action()``, tried again after transient failures; a failure becomes an :class:`EndpointError`.

    ``what`` and ``url`` name the server in the message (``the SPARQL endpoint http://…``).
    """
    failures = 0
    while True:
        try:
            return action()
        except Exception as exc:
            described = describe_failure(exc, f"{what} {redact(url)}", urlsplit(url), timeout)
            if described is None:
                raise
            error, transient = described
            failures += 1
            if not transient or failures >= retry.attempts:
                if failures > 1:
                    error = EndpointError(f"{error.message} (tried {failures} times)", error.status)
                raise error from None
        time.sleep(retry.delay(failures))


def describe_failure(
    exc: BaseException, server: str, url: SplitResult, timeout: float
) -> tuple[EndpointError, bool] | None:
    """A clear error for a failed request and whether it is worth trying again; ``None`` if not a network error."""
    import http.client
    import socket

    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read()
        except OSError:
            body = b""
        return _http_error(server, exc.code, body), exc.code in TRANSIENT_STATUSES
    if isinstance(exc, urllib.error.URLError):
        if isinstance(exc.reason, BaseException):
            return describe_failure(exc.reason, server, url, timeout)
        return EndpointError(f"{server}: cannot connect: {exc.reason}"), False
    if isinstance(exc, socket.gaierror):
        return EndpointError(f"{server}: cannot resolve the host name {url.hostname!r} (DNS: {exc.strerror})"), False
    if isinstance(exc, TimeoutError):
        return EndpointError(f"{server}: no answer within {timeout:g} s (timed out; --timeout sets the limit)"), False
    if isinstance(exc, ConnectionRefusedError):
        return EndpointError(
            f"{server}: connection refused: nothing listens at {url.netloc} (is the server running?)"
        ), False
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.IncompleteRead)):
        return EndpointError(f"{server}: the connection was dropped ({type(exc).__name__})"), True
    if isinstance(exc, http.client.HTTPException):
        return EndpointError(f"{server}: the answer is not HTTP ({type(exc).__name__}): is this the right port?"), False
    if isinstance(exc, OSError):
        return EndpointError(f"{server}: cannot connect: {exc.strerror or exc}"), False
    return None


def _http_error(what: str, status: int, body: bytes) -> EndpointError:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "error"
    message = server_message(body)
    said = f": {message}" if message else " (no message)"
    if status in (401, 403):
        said += f"; the credentials come from {USER_ENV} and {PASSWORD_ENV}"
    elif status == 404:
        said += "; is this the right URL?"
    kind = "failed with a server error" if status >= 500 else "refused the request"
    return EndpointError(f"{what} {kind} (HTTP {status} {phrase}){said}", status)


def server_message(body: bytes, limit: int = 500) -> str:
    """A server's error text on one line: HTML tags dropped, whitespace collapsed, cut at ``limit``."""
    text = body.decode("utf-8", errors="replace")
    if "<" in text and re.search(r"</?(html|body|p|pre|h\d|title)\b", text, re.IGNORECASE):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
