"""A small project folder for the tests of tests/tool/: the real ontology, shapes and checks, and
fixture-graph.ttl as its only data file; and a runner of saved queries on it, on both engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph

from kgtool.query.local import run_saved_query, run_saved_query_on_store
from kgtool.query.registry import find_query
from kgtool.query.results import plain
from kgtool.store.dataset import Dataset, load_dataset

from conftest import ROOT

FIXTURE_GRAPH = Path(__file__).with_name("fixture-graph.ttl")


def make_project(folder: Path, data: Path = FIXTURE_GRAPH) -> Path:
    """``folder`` as a kgtool project holding ``data`` as ``data/fixture.ttl``."""
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    shutil.copytree(ROOT / "checks", folder / "checks")
    (folder / "data").mkdir()
    shutil.copy(data, folder / "data" / "fixture.ttl")
    return folder


class Runner:
    """Runs a saved query of the real ``queries/`` on a dataset, on rdflib and on Oxigraph."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.store = pyoxigraph.Store()
        self.store.load(dataset.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)

    def __call__(self, name: str, lang: str | None = None, **params: str) -> tuple[list[str], list[dict[str, str]]]:
        """The columns and the rows (``{column: lexical value}``, '' when unbound) of query ``name``;
        Oxigraph must give the same columns and rows, in the same order."""
        query = find_query(ROOT, name)
        tables = []
        for result in (
            run_saved_query(query, params, lang=lang, dataset=self.dataset),
            run_saved_query_on_store(query, params, lang, store=self.store),
        ):
            columns = [str(v) for v in result.vars]
            tables.append((columns, [dict(zip(columns, map(plain, row), strict=True)) for row in result]))
        assert tables[0] == tables[1], f"{name}: rdflib and Oxigraph differ"
        return tables[0]


def load_fixture_project(folder: Path) -> Dataset:
    """The dataset of a project made by :func:`make_project` in ``folder``."""
    return load_dataset(root=make_project(folder))
