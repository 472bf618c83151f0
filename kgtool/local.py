"""Run saved queries on the in-memory graph (rdflib)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from kgtool.dataset import Dataset, load_dataset
from kgtool.queries import SavedQuery, bind_parameters, prepare


def run_saved_query(
    query: SavedQuery,
    params: dict[str, str] | None = None,
    lang: str | None = None,
    dataset: Dataset | None = None,
) -> Result:
    """Run ``query`` with ``params`` (labels, CURIEs or IRIs) on the loaded graph."""
    graph = (dataset or load_dataset()).graph
    bindings = bind_parameters(query, params or {}, lambda text: graph.query(text), lang=lang)
    return run_text(graph, prepare(query, bindings))


def run_text(graph: Graph, text: str) -> Result:
    """Run SPARQL text on ``graph``."""
    return graph.query(text)
