"""Run SPARQL on any SPARQL 1.1 endpoint (the SPARQL 1.1 Protocol, through SPARQLWrapper).

Answers come back as rdflib :class:`~rdflib.query.Result` objects, so :func:`kgtool.query.results.render_result`
renders a remote answer exactly like a local one: SELECT and ASK answers are read from the SPARQL 1.1
Query Results JSON format, CONSTRUCT and DESCRIBE answers from the RDF (Turtle) the endpoint sends.

A query sees one graph as its default graph: by default the named graph ``kgtool publish`` writes
(:data:`DEFAULT_GRAPH`), sent as the protocol's ``default-graph-uri``; ``--graph default`` leaves the
store's own default graph. Credentials come only from the environment (:data:`USER_ENV`,
:data:`PASSWORD_ENV`; HTTP Basic, or digest with :data:`AUTH_ENV` ``=digest``, as Virtuoso's
``/sparql-auth`` asks), never from a URL (user-info in a URL is refused: it would show in logs).
Every failure becomes one :class:`~kgtool.errors.EndpointError` that
names the URL and the cause; transient failures (a reset connection, HTTP 502, 503, 504, and the
statuses a :class:`Retry` adds, such as 429) are tried again with exponential backoff a bounded number of
times, waiting at least what a ``Retry-After`` header asks (:class:`Retry`). An :class:`Endpoint` can name
itself with its own User-Agent and call a ``throttle`` before every HTTP request (a rate limit).
"""

from __future__ import annotations

import email.utils
import io
import os
import re
import time
import urllib.error
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import SplitResult, urlsplit

from kgtool.defaults import DEFAULT_GRAPH, DEFAULT_TIMEOUT
from kgtool.errors import EndpointError, UsageError
from kgtool.namespaces import bind_prefixes
from kgtool.query import redirects
from kgtool.query.registry import bind_parameters, prepare
from kgtool.sparql_text import check_query
from kgtool.version import __version__

if TYPE_CHECKING:
    from rdflib.query import Result
    from SPARQLWrapper import SPARQLWrapper

    from kgtool.query.registry import SavedQuery

USER_ENV = "KGTOOL_ENDPOINT_USER"
PASSWORD_ENV = "KGTOOL_ENDPOINT_PASSWORD"
AUTH_ENV = "KGTOOL_ENDPOINT_AUTH"
"""``basic`` (the default: credentials sent with every request) or ``digest`` (answering the server's challenge)."""
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
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

T = TypeVar("T")


@dataclass(frozen=True)
class Retry:
    """How many times a request is tried in all, and the waits between tries (doubling, capped)."""

    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 4.0
    #: HTTP statuses tried again besides :data:`TRANSIENT_STATUSES` (429 Too Many Requests for public services)
    statuses: frozenset[int] = frozenset()
    #: the longest ``Retry-After`` honoured; a server asking for more fails at once
    max_retry_after: float = 60.0

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
    #: the User-Agent header sent (public services ask for the tool's name and a contact URL)
    agent: str = USER_AGENT
    #: called before every HTTP request, retries included (a rate limit); ``None``: no limit
    throttle: Callable[[], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        check_url(self.url)
        if self.update_url is not None:
            check_url(self.update_url)
        if not self.timeout > 0:
            raise UsageError(f"the timeout must be a positive number of seconds, not {self.timeout}")

    def query(self, text: str) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; return its answer as an rdflib ``Result``."""
        from SPARQLWrapper import JSON, TURTLE

        form = check_query(text, "the query")
        wrapper = self._wrapper()
        # SPARQLWrapper guesses the query form with a regular expression that comments can fool (and warns
        # when it finds none); rdflib's parser has told the real form.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        wrapper.queryType = form
        if self.graph is not None:
            wrapper.addDefaultGraph(self.graph)
        wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
        body, media = call_with_retries(
            lambda: _fetch(wrapper, self.throttle), "the SPARQL endpoint", self.url, self.timeout, self.retry
        )
        return parse_answer(body, media, form, self.url)

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update request on the update endpoint (the query endpoint when none is set)."""
        wrapper = self._wrapper()
        wrapper.setQuery(text)
        if not wrapper.isSparqlUpdateRequest():
            raise UsageError(f"a {wrapper.queryType} request is a query, not an update")
        call_with_retries(lambda: _fetch(wrapper), "the SPARQL update endpoint", self.updates, self.timeout, self.retry)

    @property
    def updates(self) -> str:
        """Where updates go: the update endpoint, or the query endpoint when the store takes both there."""
        return self.update_url or self.url

    def _wrapper(self) -> SPARQLWrapper:
        from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, updateEndpoint=self.updates, agent=self.agent)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        # setTimeout() truncates to whole seconds; the attribute takes the float urllib accepts.
        wrapper.timeout = self.timeout
        login = credentials()
        if login:
            if auth_scheme() == "digest":
                from SPARQLWrapper import DIGEST

                wrapper.setHTTPAuth(DIGEST)
            wrapper.setCredentials(*login)
        return wrapper


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


def auth_scheme() -> str:
    """``basic`` or ``digest``, from :data:`AUTH_ENV`."""
    scheme = os.environ.get(AUTH_ENV, "basic").strip().lower() or "basic"
    if scheme not in ("basic", "digest"):
        raise UsageError(f"{AUTH_ENV}={scheme!r}: expected 'basic' or 'digest'")
    return scheme


def redact(url: str) -> str:
    """``url`` without the credentials of its user-info part (``http://***@host/…``), safe to print."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()


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
            f"{redact(url)}: a URL must not hold credentials (they would show in logs and process lists); "
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
            transient = transient or error.status in retry.statuses
            failures += 1
            asked = retry_after(exc)
            if transient and asked is not None and asked > retry.max_retry_after:
                error = EndpointError(f"{error.message} (the server asks to wait {asked:g} s before trying again)")
                transient = False
            if not transient or failures >= retry.attempts:
                if failures > 1:
                    error = EndpointError(f"{error.message} (tried {failures} times)", error.status)
                raise error from None
        time.sleep(max(retry.delay(failures), asked or 0.0))


def retry_after(exc: BaseException) -> float | None:
    """The seconds an HTTP error's ``Retry-After`` header asks to wait (delay or HTTP date), or ``None``."""
    cause = exc if isinstance(exc, urllib.error.HTTPError) else exc.__context__
    if not isinstance(cause, urllib.error.HTTPError) or cause.headers is None:
        return None
    value = (cause.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def describe_failure(
    exc: BaseException, server: str, url: SplitResult, timeout: float
) -> tuple[EndpointError, bool] | None:
    """A clear error for a failed request and whether it is worth trying again; ``None`` if not a network error."""
    import http.client
    import socket

    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if isinstance(exc, SPARQLWrapperException):
        cause = exc.__context__
        status = cause.code if isinstance(cause, urllib.error.HTTPError) else 0
        return _http_error(server, status, _sparqlwrapper_body(exc)), status in TRANSIENT_STATUSES
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


def _sparqlwrapper_body(exc: Exception) -> bytes:
    """The server's answer, which SPARQLWrapper keeps only in its message (``…Response:\\nb'…'``)."""
    import ast

    _, sep, raw = str(exc).partition("\n\nResponse:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def _fetch(wrapper: SPARQLWrapper, throttle: Callable[[], None] | None = None) -> tuple[bytes, str]:
    """Send the request (after ``throttle()``); return the answer's bytes and media type (the whole body is read)."""
    if throttle is not None:
        throttle()
    redirects.install()  # credentials never follow a redirect to another origin
    result = wrapper.query()
    with result.response as response:
        return response.read(), response.headers.get_content_type()
