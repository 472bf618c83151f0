"""The review of the candidates (an aligned table, CSV or JSON) and the Turtle of the accepted links."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from kgtool.errors import UsageError
from kgtool.namespaces import CU, WD
from kgtool.query.results import table, to_csv
from kgtool.reconcile.scoring import NONE, Review
from kgtool.style.formatter import HEADER, format_subject
from kgtool.text import curie

FORMATS = ("table", "csv", "json")
COLUMNS = ["entity", "qid", "label", "score", "status", "why"]
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


def rows(reviews: list[Review], limit: int, missing: bool = False) -> list[dict]:
    """One row per candidate (at most ``limit`` per entity, best first); with ``missing``, one row for each entity
    without any."""
    out: list[dict] = []
    for item in reviews:
        entity = item.entity
        if not item.candidates and missing:
            out.append(
                {
                    "entity": str(entity.iri),
                    "entityLabel": entity.label,
                    "kind": entity.kind,
                    "qid": None,
                    "label": None,
                    "score": None,
                    "status": NONE,
                    "why": ["no item of a known class has these labels"],
                }
            )
        for scored in item.candidates[:limit]:
            out.append(
                {
                    "entity": str(entity.iri),
                    "entityLabel": entity.label,
                    "kind": entity.kind,
                    "qid": scored.candidate.qid,
                    "label": scored.candidate.label,
                    "score": scored.score,
                    "status": scored.status,
                    "why": list(scored.reasons),
                }
            )
    return out


def render(reviews: list[Review], fmt: str, limit: int, missing: bool = False) -> str:
    """The review in ``fmt``: ``table`` (aligned), ``csv`` (RFC 4180) or ``json`` (a list of objects)."""
    found = rows(reviews, limit, missing)
    if fmt == "json":
        return json.dumps(found, indent=2, ensure_ascii=False)
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    terms = [
        (
            URIRef(r["entity"]),
            Literal(r["qid"] or ""),
            Literal(r["label"] or ""),
            Literal("" if r["score"] is None else str(r["score"])),
            Literal(r["status"]),
            Literal("; ".join(r["why"])),
        )
        for r in found
    ]
    return table(COLUMNS, terms) if fmt == "table" else to_csv(COLUMNS, terms)


def links_graph(reviews: list[Review]) -> Graph:
    """The accepted links: ``cu:wikidataId``, ``owl:sameAs`` the item and ``dcterms:source`` its page."""
    graph = Graph()
    for item in reviews:
        accepted = item.accepted
        if accepted is None:
            continue
        qid = accepted.candidate.qid
        graph.add((item.entity.iri, CU.wikidataId, Literal(qid)))
        graph.add((item.entity.iri, OWL.sameAs, WD[qid]))
        graph.add((item.entity.iri, DCTERMS.source, URIRef(WIKIDATA_PAGE + qid)))
    return graph


def links_turtle(reviews: list[Review], endpoint: str, min_score: int) -> str:
    """The accepted links as Turtle in the data files' style, each under a comment with its score and why."""
    graph = links_graph(reviews)
    parts = [
        f"# Wikidata links proposed by 'kgtool reconcile' from {endpoint} (score >= {min_score}, one best\n"
        "# candidate per entity, ties left out). Check each one, then move its triples into the entity's data\n"
        "# file (data/novels.ttl, data/people.ttl...) in a pull request.\n",
        HEADER,
    ]
    for item in reviews:
        accepted = item.accepted
        if accepted is None:
            continue
        why = " ".join(
            f"{curie(str(item.entity.iri))} -> {accepted.candidate.qid} "
            f"({accepted.candidate.label}), score {accepted.score}: {accepted.why}".split()
        )
        parts.append(f"\n# {why}\n" + format_subject(graph, item.entity.iri))
    return "".join(parts)


def check_write_path(path: Path, root: Path) -> None:
    """Refuse to write links into the project's ``data/`` folder: they go to a review file first."""
    data = (root / "data").resolve()
    target = path.resolve()
    if target == data or data in target.parents:
        raise UsageError(
            f"--write {path}: refusing to write into data/; write the links to a file outside data/ "
            "(for example wikidata-links.ttl), review them, then move them into the data files in a pull request"
        )
