"""Small helpers for asserting facts through the saved queries and SPARQL."""

from __future__ import annotations

from rdflib import URIRef

from kgtool.query.local import run_saved_query
from kgtool.query.registry import find_query
from kgtool.query.results import plain
from kgtool.store.dataset import Dataset

from conftest import ROOT

RES = "https://w3id.org/connelly/resource/"

SEED_ROLES = [
    ("Maggie Q", "Renée Ballard"),
    ("Courtney Taylor", "Samira Parker"),
    ("John Carroll Lynch", "Thomas Laffont"),
    ("Michael Mosley", "Ted Rawls"),
    ("Rebecca Field", "Colleen Hatteras"),
    ("Victoria Moroles", "Martina Castro"),
    ("Amy Hill", "Tutu"),
    ("Titus Welliver", "Harry Bosch"),
    ("Hector Hugo", "Captain Berchem"),
    ("Michael Cassidy", "Aaron"),
    ("Noah Bean", "Jake Pearlman"),
]
"""The eleven (actor, character) pairs of Ballard's cast that the seed article names."""


def rows(dataset: Dataset, name: str, lang: str | None = None, **params: str) -> list[dict[str, str]]:
    """Rows of a saved query as ``{column: lexical value}``."""
    result = run_saved_query(find_query(ROOT, name), params, lang=lang, dataset=dataset)
    return [{str(v): plain(row[i]) for i, v in enumerate(result.vars)} for row in result]


def pairs(table: list[dict[str, str]], *columns: str) -> set[tuple[str, ...]]:
    """The set of ``columns`` tuples of a result."""
    return {tuple(row[c] for c in columns) for row in table}


def res(path: str) -> URIRef:
    """A resource IRI from its path (``series/ballard``)."""
    return URIRef(RES + path)
