"""Render query results: ``table`` for people, ``csv``/``tsv``/``json`` per the W3C SPARQL 1.1 formats.

SELECT results are rows of RDF terms; ASK results a boolean; CONSTRUCT and DESCRIBE results a graph
(written as Turtle for ``table`` and as JSON-LD for ``json``).
"""

from __future__ import annotations

import csv
import io
import json
import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kgtool.errors import UsageError
from kgtool.namespaces import PREFIXES, bind_prefixes

FORMATS = ("table", "csv", "tsv", "json")
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
_SHORT_NUMBERS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
}
"""Numbers the TSV format may write in Turtle's short form: those whose lexical form Turtle reads as such."""
_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def render_result(result: Result, fmt: str) -> str:
    """``result`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown result format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(row) for row in result]
        return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](variables, rows)
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}, indent=2)
        return "true" if answer else "false"
    return render_graph(result.graph, fmt)


def render_graph(graph: Graph, fmt: str) -> str:
    """A CONSTRUCT or DESCRIBE result: Turtle for ``table`` (with the project's prefixes), JSON-LD for ``json``."""
    if fmt == "table":
        return bind_prefixes(graph).serialize(format="turtle")
    if fmt == "json":
        return graph.serialize(format="json-ld", indent=2)
    raise UsageError(
        f"a CONSTRUCT or DESCRIBE result is a graph: use --format table (Turtle) or json (JSON-LD), not {fmt}"
    )


def plain(term: Node | None) -> str:
    """A term as the SPARQL CSV format writes it: an IRI, a literal's lexical form, ``_:label``, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def short(term: Node | None) -> str:
    """For people: the lexical form, with project IRIs shortened to CURIEs (``res:series/ballard``)."""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if str(term).startswith(str(namespace)):
                return f"{prefix}:{str(term)[len(str(namespace)) :]}"
    return plain(term)


def table(variables: list[str], rows: list[tuple]) -> str:
    """An aligned text table with a header and a row count; IRIs shown as CURIEs."""
    cells = [[short(t) for t in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def to_csv(variables: list[str], rows: list[tuple]) -> str:
    """SPARQL 1.1 Query Results CSV: lexical forms, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([plain(t) for t in row] for row in rows)
    return buffer.getvalue().rstrip("\r\n")


def to_tsv(variables: list[str], rows: list[tuple]) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, tab-separated."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines)


def _tsv_term(term: Node) -> str:
    """A term in the SPARQL TSV format: Turtle syntax; a number in its short form when its lexical form is
    one Turtle reads as that datatype; an ``xsd:string`` as a simple literal; tabs and line ends escaped."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    datatype = str(term.datatype) if term.datatype else None
    short = _SHORT_NUMBERS.get(datatype or "")
    if short is not None and short.fullmatch(text):
        return text
    quoted = '"' + "".join(_TSV_ESCAPES.get(ch, ch) for ch in text) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if datatype and datatype != XSD_STRING:
        return f"{quoted}^^<{datatype}>"
    return quoted


def to_json(variables: list[str], rows: list[tuple]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows:
        bindings.append({v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None})
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and str(term.datatype) != XSD_STRING:  # a simple literal is an xsd:string (RDF 1.1)
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}
