"""The HTTP requests of ``kgtool publish`` (SPARQL 1.1 Graph Store Protocol, Update and the checks), on urllib.

Queries elsewhere go through SPARQLWrapper (:mod:`kgtool.query.endpoint`), which has no Graph Store
Protocol; publishing needs PUT and POST of N-Triples, one ``MOVE`` that must never be sent twice, and the
store's answer as N-Triples, so its few requests are made here, with the same errors and retries
(:func:`kgtool.query.endpoint.call_with_retries`). Three rules keep credentials and time in bounds:

* credentials (from the environment only, :func:`kgtool.query.endpoint.credentials`) go only to the URL's own
  origin: HTTP Basic as a header urllib never copies onto a redirected request (put back only when the
  redirect stays on the same scheme, host and port: :class:`kgtool.query.redirects.SameOriginRedirects`),
  HTTP digest (``KGTOOL_ENDPOINT_AUTH=digest``) answered
  only for the URLs it was registered for; a redirect to anything but http(s) is refused;
* a URL holding user-info (``http://user:secret@host/``) is refused before any request
  (:func:`kgtool.query.endpoint.check_url`), and URLs are printed without it
  (:func:`kgtool.query.endpoint.redact`);
* ``timeout`` is a deadline for the whole request (connecting, sending, every byte of the answer), not only
  for each read: a server trickling its answer cannot hold publish forever.
"""

from __future__ import annotations

import base64
import threading
import urllib.request
from collections.abc import Callable
from typing import TypeVar

from kgtool.query.endpoint import USER_AGENT, Retry, auth_scheme, call_with_retries, credentials
from kgtool.query.redirects import SameOriginRedirects

T = TypeVar("T")


def request(
    method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float, retry: Retry, what: str
) -> tuple[bytes, str]:
    """One HTTP request with the environment's credentials, tried again after transient failures; the answer's
    bytes and media type. A failure is an :class:`~kgtool.errors.EndpointError` naming ``what`` and ``url``."""
    return call_with_retries(lambda: fetch(method, url, body, headers, timeout), what, url, timeout, retry)


def fetch(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> tuple[bytes, str]:
    """One try of :func:`request`: the whole answer within ``timeout`` seconds, or :class:`TimeoutError`."""
    prepared = urllib.request.Request(url, data=body, method=method, headers={**headers, "User-Agent": USER_AGENT})
    handlers: list[urllib.request.BaseHandler] = [SameOriginRedirects()]
    login = credentials()
    if login and auth_scheme() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *login)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    elif login:  # an unredirected header: urllib never copies it onto a redirected request
        token = base64.b64encode(":".join(login).encode("utf-8")).decode("ascii")
        prepared.add_unredirected_header("Authorization", f"Basic {token}")
    opener = urllib.request.build_opener(*handlers)

    def attempt() -> tuple[bytes, str]:
        with opener.open(prepared, timeout=timeout) as response:
            return response.read(), response.headers.get_content_type()

    return within(timeout, attempt)


def within(seconds: float, action: Callable[[], T]) -> T:
    """``action()``, or :class:`TimeoutError` once ``seconds`` have passed (the action is then abandoned in its
    thread, which its own socket timeout ends)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kgtool-publish-request", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"no complete answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
