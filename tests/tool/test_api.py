"""The public Python API (``import kgtool``): load, query, query into pandas, validate, export."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from rdflib import BNode, Graph, Literal, URIRef

import kgtool
from kgtool import api
from kgtool.cli import main
from kgtool.errors import UsageError

from conftest import FIXTURES, ROOT
from helpers import load_copy

BALLARD_ROLE = URIRef("https://w3id.org/connelly/resource/role/ballard/renee-ballard")


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_the_api_is_listed_and_documented():
    assert set(kgtool.__all__) == {"__version__", "load_dataset", "run_query", "query_dataframe", "validate", "export"}
    for name in kgtool.__all__[1:]:
        function = getattr(kgtool, name)
        assert function.__doc__ and function.__module__ == "kgtool.api", name
        assert function.__doc__ == getattr(api, name).__doc__
    assert set(kgtool.__all__) <= set(dir(kgtool))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kgtool.nothing  # noqa: B018


def test_validate_and_export_are_functions_and_packages():
    """kgtool.validate and kgtool.export are API functions, and the subpackages of the same name stay reachable."""
    import kgtool.export.void as void
    import kgtool.validate.engine  # noqa: F401 - the import system sets kgtool.validate: it must stay callable

    assert callable(kgtool.validate) and callable(kgtool.export)
    assert kgtool.validate.engine is sys.modules["kgtool.validate.engine"]
    assert void is sys.modules["kgtool.export.void"] and kgtool.export.void is void
    assert "Validate the graph" in kgtool.validate.__doc__
    assert list(inspect.signature(kgtool.export).parameters)[:2] == ["fmt", "frame"]


def test_version_is_what_kgtool_version_prints(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith(f"kgtool {kgtool.__version__} (connelly-kg)\ngraph ")


def test_import_kgtool_imports_no_layer():
    """``import kgtool`` reads the version only: the API's layers are imported on first use."""
    code = "import sys, kgtool; print(sorted(m for m in sys.modules if m.startswith(('kgtool.', 'rdflib'))))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['kgtool.version']"


def test_the_parser_imports_no_rdf_library():
    """``kgtool --help`` and every command's parser import no RDF library: each command imports what it needs."""
    code = (
        "import sys, kgtool.cli; kgtool.cli.build_parser().format_help(); "
        "heavy = ('rdflib', 'pyshacl', 'SPARQLWrapper', 'pyoxigraph'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_load_dataset(dataset):
    loaded = kgtool.load_dataset(root=ROOT)
    assert len(loaded.graph) == len(dataset.graph)
    assert str(loaded.location(BALLARD_ROLE)).startswith("data/roles.ttl:")


def test_the_tests_copy_of_a_load_is_what_load_dataset_gives():
    """tests/helpers.load_copy (the project's files parsed once per test process, then copied) loads the same."""
    extra = [FIXTURES / "good" / "ballard-season-3.ttl"]
    loaded, copied = kgtool.load_dataset(extra=extra, root=ROOT), load_copy(extra=extra, root=ROOT)
    assert copied.files == loaded.files and copied.locations == loaded.locations
    assert list(copied.graph.namespaces()) == list(loaded.graph.namespaces())
    assert len(copied.graph) == len(loaded.graph)

    def ground(graph: Graph) -> set:
        return {triple for triple in graph if not any(isinstance(term, BNode) for term in triple)}

    assert ground(copied.graph) == ground(loaded.graph)
    again = load_copy(root=ROOT)
    assert again.graph is not copied.graph and len(again.graph) < len(copied.graph)


def test_run_query_returns_rows_of_terms():
    rows = kgtool.run_query("cast", series="Ballard")
    assert list(rows[0])[:7] == ["actorName", "characterName", "seasons", "castCategory", "actor", "character", "role"]
    [renee] = [row for row in rows if row["role"] == BALLARD_ROLE]
    assert renee["actorName"] == Literal("Maggie Q", lang="en")


def test_run_query_on_rdflib_and_oxigraph_agree():
    api = kgtool
    on_oxigraph = api.run_query("adaptations", work="Bosch", lang="fr")
    on_rdflib = api.run_query("adaptations", work="Bosch", lang="fr", engine="rdflib", root=ROOT)
    assert [{k: str(v) for k, v in r.items()} for r in on_oxigraph] == [
        {k: str(v) for k, v in r.items()} for r in on_rdflib
    ]


def test_run_query_ask_construct_and_keyword_parameters():
    api = kgtool
    assert api.run_query("is-adapted", novel="The Black Echo") is True
    assert api.run_query("is-adapted", novel="Void Moon") is False
    assert isinstance(api.run_query("neighbourhood", entity="res:series/ballard"), Graph)
    years = [int(str(r["when"])[:4]) for r in api.run_query("timeline", **{"from": 2000, "to": 2001})]
    assert years and all(2000 <= y <= 2001 for y in years)


def test_run_query_errors_are_kgtool_errors():
    api = kgtool
    with pytest.raises(UsageError, match="no-such-query"):
        api.run_query("no-such-query")
    with pytest.raises(UsageError, match="Balard"):
        api.run_query("cast", series="Balard")


def test_query_dataframe():
    pandas = pytest.importorskip("pandas")
    frame = kgtool.query_dataframe("book-series")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == [str(v) for v in kgtool.run_query("book-series")[0]]
    bosch = frame[frame["seriesName"] == "Harry Bosch series"]
    assert len(bosch) == 1 and int(bosch["books"].iloc[0]) == bosch["books"].iloc[0] > 20
    with pytest.raises(UsageError, match="SELECT"):
        kgtool.query_dataframe("is-adapted", novel="The Black Echo")


def test_query_dataframe_without_pandas_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'connelly-kg\[pandas\]'"):
        kgtool.query_dataframe("cast", series="Ballard")


def test_validate():
    api = kgtool  # one full validation: the shipped data's own is tests/tool/test_validate.py's
    report = api.validate([FIXTURES / "bad" / "typo-predicate.ttl"])
    assert not report.conforms()
    assert report.exit_code() == 1
    assert [f.check for f in report.findings] == ["unknown-term"]


def test_export():
    api = kgtool
    text = api.export("jsonld", entity="res:novel/the-black-echo")
    assert '"@id": "novel/the-black-echo"' in text
    assert "void:triples" in api.export(void=True)
