"""Small, lexical operations on SPARQL text: checking its syntax and binding parameters with VALUES.

Parameters are never pasted into the query as text: each value is first turned into an RDF term
(an IRI or a literal), written with rdflib's own N3 serialisation (which escapes quotes), and placed in
a ``VALUES`` block at the start of the outermost group pattern, and of each sub-SELECT that names the
parameter: a sub-SELECT sees only what it projects, and there too the parameter has its value, as grlc's
text substitution gives it (so that the engine starts there). The same text runs on rdflib and on any
SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.errors import InputError, UsageError, read_text

if TYPE_CHECKING:
    from rdflib.term import Node

# rdflib's SPARQL parser (pyparsing) is not thread-safe: concurrent parses fail at random (kgtool serve's
# API runs saved queries from several request threads). Parsing is serialised; running queries is not.
_PARSER_LOCK = threading.RLock()
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)


def check_query(text: str, origin: str) -> str:
    """Raise a clear error unless ``text`` is a SPARQL query; return its form (SELECT, ASK…).

    A syntax error names ``origin:line:column``; an update (INSERT, DELETE, DROP…) is refused.
    """
    from pyparsing import ParseException  # imported here: only checking a query pays for the SPARQL parser
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSER_LOCK:
            return _query_form(text)
    except ParseException as exc:
        try:
            with _PARSER_LOCK:
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
    """``text`` with ``VALUES (?k …) { (v …) }`` inserted at the start of its outermost WHERE group, and at
    the start of the WHERE group of each sub-SELECT whose own text names some of the variables (those)."""
    if not bindings:
        return text
    code = _mask_comments_and_strings(text)
    for group, own_text in reversed(_subselect_groups(code)):  # from the end: the earlier indices stay valid
        named = {name: term for name, term in bindings.items() if _names_variable(own_text, name)}
        if named:
            text = text[:group] + _values_block(named) + text[group:]
    return insert_in_outer_group(text, _values_block(bindings))


def _values_block(bindings: dict[str, Node]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(sparql_term(term) for term in bindings.values())
    return f"\n  VALUES ({names}) {{ ({values}) }}\n"


def sparql_term(term: Node) -> str:
    """``term`` in SPARQL syntax that every engine reads back as exactly ``term``.

    A literal's text is escaped by hand: SPARQL engines expand ``\\uXXXX`` escapes before they parse
    (rdflib anywhere in the text), so a value holding a backslash followed by ``u`` (``a\\u0022b``) would
    change; that ``u`` is written ``\\U00000075`` (eight digits: rdflib reads up to eight after ``\\u``), which
    every engine reads as ``u`` whichever way it expands. A tab is written ``\\t``.
    """
    from rdflib import Literal

    if not isinstance(term, Literal):
        return term.n3()
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace("\t", "\\t")  # rdflib's parser (pyparsing) would expand a raw tab into spaces
    text = re.sub(r"(?<=\\\\)([uU])", lambda m: "\\U00000075" if m.group(1) == "u" else "\\U00000055", text)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _names_variable(code: str, name: str) -> bool:
    return re.search(rf"[?$]{re.escape(name)}(?![\w\u00b7])", code) is not None


def _subselect_groups(code: str) -> list[tuple[int, str]]:
    """For each sub-SELECT of masked ``code``, in order: the index just after the ``{`` of its WHERE group,
    and its own text (that group and its solution modifiers, the sub-SELECTs nested in it blanked out)."""
    found = []  # the "{" of each WHERE group, and the "}" and "{" of the "{ SELECT … }" around it
    for select in _SELECT.finditer(code):
        wrapper = code.rfind("{", 0, select.start())
        if wrapper < 0 or code[wrapper + 1 : select.start()].strip():
            continue  # the query's own SELECT: a sub-SELECT is all that its { … } holds
        group = _group_after(code, select.end())
        if group >= 0:  # none: a syntax error, which the engine or check_query reports
            found.append((group, _matching_brace(code, wrapper), wrapper))
    groups = []
    for group, end, _ in found:
        own = list(code[group:end])
        for _, inner_end, inner in found:
            if group < inner and inner_end <= end:
                own[inner - group : inner_end - group] = " " * (inner_end - inner)
        groups.append((group + 1, "".join(own)))
    return groups


def _group_after(code: str, start: int) -> int:
    """The first ``{`` after ``start`` outside parentheses (a projection may hold ``EXISTS { … }``), or -1."""
    depth = 0
    for index in range(start, len(code)):
        if code[index] in "()":
            depth += 1 if code[index] == "(" else -1
        elif code[index] == "{" and depth == 0:
            return index
    return -1


def _matching_brace(code: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening`` (the end of ``code`` when none does)."""
    depth = 0
    for index in range(opening, len(code)):
        if code[index] in "{}":
            depth += 1 if code[index] == "{" else -1
            if depth == 0:
                return index
    return len(code)


def variables_in_order(text: str) -> list[str] | None:
    """For a ``SELECT *`` query, its variables in the order they first appear; None for any other query."""
    code = _mask_comments_and_strings(text)
    if not re.search(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", code, re.IGNORECASE):
        return None
    seen: dict[str, None] = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)", code):
        seen.setdefault(match.group(1), None)
    return list(seen)


def mentions_keyword(text: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs in ``text`` as a word outside comments, strings and IRIs."""
    return re.search(rf"\b{keyword}\b", _mask_comments_and_strings(text), re.IGNORECASE) is not None


def insert_in_outer_group(text: str, block: str) -> str:
    """``text`` with ``block`` inserted at the start of its outermost WHERE group pattern."""
    position = _outer_group_start(text)
    return text[:position] + block + text[position:]


def insert_in_select_group(text: str, block: str) -> str:
    """``block`` inserted at the start of the outermost group of the SELECT query ``text``: its first ``{``, with or
    without the optional ``WHERE`` keyword (the caller makes sure no projection expression holds a group)."""
    position = _mask_comments_and_strings(text).find("{")
    if position < 0:
        raise UsageError("the query has no WHERE { … } group")
    return text[: position + 1] + block + text[position + 1 :]


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
