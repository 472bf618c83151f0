"""Small helpers for asserting facts through the saved queries and SPARQL."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kgtool.query.local import run_saved_query
from kgtool.query.registry import find_query
from kgtool.query.results import plain
from kgtool.store.dataset import Dataset, find_root, load_dataset, parse_file, source_files
from kgtool.text import display_path

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


def award_result(graph: Graph, slug: str) -> tuple:
    """(award, awardee, year, outcome) of the award result ``award-result/SLUG``, which must be one."""
    from rdflib.namespace import RDF

    from kgtool.namespaces import CU

    node = res(f"award-result/{slug}")
    assert (node, RDF.type, CU.AwardResult) in graph, slug
    return (
        graph.value(node, CU.award),
        graph.value(node, CU.awardee),
        str(graph.value(node, CU.awardYear)),
        graph.value(node, CU.awardOutcome),
    )


_LOADED: dict[tuple, Dataset] = {}


def load_copy(extra: list[Path] | None = None, root: Path | None = None) -> Dataset:
    """What ``load_dataset(extra, root)`` returns, sooner: the project's own files are parsed once per test process
    while they are unchanged (and the current folder, which locations are shown relative to, is the same), then
    copied; only the ``extra`` files are parsed at each call. For tests of what is done with a loaded graph;
    ``load_dataset`` itself is tested as it is (``tests/tool/test_api.py``, the ``dataset`` fixture)."""
    root = root or find_root()
    files = source_files(root)
    added = source_files(root, extra)[len(files) :]
    if len(added) != len(extra or []):  # an extra file that is also a project file: load_dataset locates it first
        return load_dataset(extra=extra, root=root)
    key = (root.resolve(), Path.cwd(), tuple((f, f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    base = _LOADED.get(key)
    if base is None:
        _LOADED.clear()  # one project at a time: a graph takes tens of megabytes
        base = _LOADED[key] = load_dataset(root=root)
    graph = Graph()
    for prefix, namespace in base.graph.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph += base.graph
    dataset = Dataset(graph=graph, root=root, files=list(base.files), locations=dict(base.locations))
    for path in added:
        _, where = parse_file(path, display_path(path), into=graph)
        dataset.locations.update(where)
        dataset.files.append(path)
    return dataset
