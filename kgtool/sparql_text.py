"""Small, lexical operations on SPARQL text: checking its syntax and binding parameters with VALUES.

Parameters are never pasted into the query as text: each value is first turned into an RDF term
(an IRI or a literal), written with rdflib's own N3 serialisation (which escapes quotes), and placed in
a ``VALUES`` block at the start of the outermost group pattern. The same text runs on rdflib and on any
SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.errors import InputError, UsageError, read_text

if TYPE_CHECKING:
    from rdflib.term import Node

_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def check_query(text: str, origin: str) -> str:
    """Raise a clear error unless ``text`` is a SPARQL query; return its form (SELECT, ASK…).

    A syntax error names ``origin:line:column``; an update (INSERT, DELETE, DROP…) is refused.
    """
    from pyparsing import ParseException  # imported here: only checking a query pays for the SPARQL parser
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return _query_form(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise InputError(f"{origin}:{exc.lineno}:{exc.column}: SPARQL syntax error: {exc.msg}") from None
        raise UsageError(f"{origin} is a SPARQL update; only SELECT, ASK, CONSTRUCT and DESCRIBE queries run") from None
    except Exception as exc:  # rdflib raises other errors for semantically wrong queries
        raise InputError(f"{origin}: invalid SPARQL query: {exc}") from None


@functools.lru_cache(maxsize=128)
def _query_form(text: str) -> str:
    """The form of a query (rdflib's parser takes tens of milliseconds: a text is parsed once per process)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text).algebra.name.replace("Query", "").upper()


def bind_values(text: str, bindings: dict[str, Node]) -> str:
    """``text`` with ``VALUES (?k …) { (v …) }`` inserted at the start of its outermost WHERE group."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return insert_in_outer_group(text, f"\n  VALUES ({names}) {{ ({values}) }}\n")


def insert_in_outer_group(text: str, block: str) -> str:
    """``text`` with ``block`` inserted at the start of its outermost WHERE group pattern."""
    position = _outer_group_start(text)
    return text[:position] + block + text[position:]


def _outer_group_start(text: str) -> int:
    """The index just after the ``{`` that opens the outermost WHERE group pattern."""
    code = _mask_comments_and_strings(text)
    where = _WHERE.search(code)
    start = where.end() if where else 0
    brace = code.find("{", start)
    if brace < 0:
        raise UsageError("cannot bind parameters: the query has no WHERE { … } group")
    return brace + 1


def _mask_comments_and_strings(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length), so keywords can be found."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            end = i + len(quote)
            while end < n and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            end = min(n, end + len(quote))
        elif ch == "<" and (match := re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])):
            end = i + match.end()
        else:
            i += 1
            continue
        out[i:end] = " " * (end - i)
        i = end
    return "".join(out)


def read_query_file(path: Path) -> str:
    """The text of a ``.rq`` file, or an :class:`InputError` naming the file."""
    return read_text(path, what="query file")
