"""HTTP redirects that never carry credentials to another origin (scheme, host, port), for every request kgtool
makes with credentials: SPARQLWrapper's queries and the requests of ``kgtool publish``."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of ``url``, the port made explicit."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, only to http(s) URLs, with an ``Authorization`` header only within the same origin
    (urllib itself copies an ordinary header, SPARQLWrapper's Basic credentials among them, to any host)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        """The redirected request (see :class:`urllib.request.HTTPRedirectHandler`), its credentials dropped
        unless ``newurl`` has the origin of the request."""
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(
                urlsplit(newurl)._replace(netloc="", query="").geturl(),
                code,
                "a redirect to a non-HTTP URL, refused",
                headers,
                fp,
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is None:
            return None
        if origin(newurl) == origin(req.full_url):
            for name, value in req.unredirected_hdrs.items():
                if name.lower() == "authorization":
                    new.add_unredirected_header(name, value)
        else:
            new.remove_header("Authorization")
        return new


def install() -> None:
    """Make :class:`SameOriginRedirects` urllib's handler for :func:`urllib.request.urlopen`, which SPARQLWrapper
    calls (with digest authentication SPARQLWrapper installs its own opener, whose password is bound to the
    endpoint's URL: it never answers another origin's challenge)."""
    urllib.request.install_opener(urllib.request.build_opener(SameOriginRedirects()))
