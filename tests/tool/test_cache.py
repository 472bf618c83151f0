"""The on-disk cache of the loaded graph (kgtool.store.cache) and the Oxigraph query engine (kgtool.query.local)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgtool.cli import main
from kgtool.query.local import to_rdflib
from kgtool.store.cache import cache_dir, open_store, source_digest
from kgtool.store.dataset import source_files

from conftest import ROOT

BALLARD_ACTOR = "https://w3id.org/connelly/resource/person/maggie-q"
ASK_NEW = f'ASK {{ <{BALLARD_ACTOR}> <http://www.w3.org/2000/01/rdf-schema#label> "Cache test"@en }}'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's ontology, data, queries and checks, with its own cache."""
    for name in ("ontology", "data", "queries", "checks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def fresh_process(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A fresh ``kgtool`` process on ``project`` (where a new process is what is tested)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KGTOOL_")}
    environment.update(KGTOOL_ROOT=str(project), **env)
    return subprocess.run(
        [sys.executable, "-m", "kgtool", *args], capture_output=True, text=True, env=environment, cwd=project
    )


@pytest.fixture
def cli(monkeypatch, capsys):
    """``kgtool ARGS…`` run in-process on a project, with ``KGTOOL_ROOT`` and the given environment."""

    def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
        for key in [k for k in os.environ if k.startswith("KGTOOL_")]:
            monkeypatch.delenv(key)
        for key, value in {"KGTOOL_ROOT": str(project), **env}.items():
            monkeypatch.setenv(key, value)
        monkeypatch.chdir(project)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)

    return run


def stores(project: Path) -> list[Path]:
    return sorted((project / ".kgtool-cache").glob("store-*"))


def test_the_first_query_builds_the_cache_and_a_changed_file_replaces_it(project):
    files = source_files(project)
    store = open_store(project, files)
    assert len(store) == len(open_store(project, files)) > 3000
    assert not store.query(ASK_NEW)
    [first] = stores(project)
    assert first.name == f"store-{source_digest(files)}"

    with (project / "data" / "people.ttl").open("a", encoding="utf-8") as data:
        data.write('\n<https://w3id.org/connelly/resource/person/maggie-q> rdfs:label "Cache test"@en .\n')
    assert source_digest(files) not in first.name
    assert open_store(project, files).query(ASK_NEW)
    [second] = stores(project)
    assert second != first, "the store of the old files is removed"


def test_a_new_data_file_changes_the_answer_of_a_fresh_process(project):
    before = fresh_process(project, "query", "roles", "--param", "actor=Maggie Q", "--format", "json")
    assert before.returncode == 0, before.stderr
    (project / "data" / "extra.ttl").write_text(
        "@prefix cu: <https://w3id.org/connelly/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/connelly/resource/person/maggie-q> rdfs:label "Maggie Q (cache test)"@fr .\n',
        encoding="utf-8",
    )
    after = fresh_process(project, "query", "roles", "--param", "actor=Maggie Q (cache test)", "--format", "json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert len(stores(project)) == 1


def test_a_corrupt_cache_falls_back_to_parsing_and_is_rebuilt(project, cli):
    files = source_files(project)
    expected = len(open_store(project, files))
    [store] = stores(project)
    for path in store.iterdir():
        if path.is_file():
            path.write_bytes(b"not a rocksdb file")
    assert len(open_store(project, files)) == expected
    result = cli(project, "query", "cast", "--param", "series=Ballard", "--format", "csv")
    assert result.returncode == 0 and result.stderr == ""
    assert "Maggie Q" in result.stdout


def test_an_unwritable_cache_falls_back_silently(project, cli):
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    result = cli(project, "query", "cast", "--param", "series=Ballard", KGTOOL_CACHE_DIR=str(blocker / "cache"))
    assert result.returncode == 0 and result.stderr == ""
    assert "Maggie Q" in result.stdout and result.stdout.rstrip().endswith(" rows)")
    assert not (project / ".kgtool-cache").exists()


def test_the_cache_can_be_turned_off(project, monkeypatch):
    monkeypatch.setenv("KGTOOL_CACHE_DIR", "off")
    assert cache_dir(project) is None
    assert len(open_store(project, source_files(project))) > 3000
    assert not (project / ".kgtool-cache").exists()


def test_a_syntax_error_reads_the_same_on_both_engines(project, cli):
    with (project / "data" / "people.ttl").open("a", encoding="utf-8") as data:
        data.write('\n<person/broken> rdfs:label "unterminated .\n')
    outputs = {
        engine: cli(project, "query", "cast", "--param", "series=Ballard", "--engine", engine)
        for engine in ("rdflib", "oxigraph")
    }
    for result in outputs.values():
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.startswith("kgtool: error: data/people.ttl:")
    assert outputs["rdflib"].stderr == outputs["oxigraph"].stderr
    assert not stores(project), "no half-built store is left behind"


def test_data_only_rdflib_parses_strictly_is_still_queried_on_oxigraph(project, cli):
    with (project / "data" / "people.ttl").open("a", encoding="utf-8") as data:
        data.write('\n<person/maggie-q> rdfs:comment "a malformed language tag"@e .\n')
    store = open_store(project, source_files(project))
    assert store.query(f'ASK {{ <{BALLARD_ACTOR}> ?p ?o FILTER (STR(?o) = "a malformed language tag") }}')
    answers = [
        cli(project, "query", "cast", "--param", "series=Ballard", "--engine", e) for e in ("oxigraph", "rdflib")
    ]
    assert answers[0].returncode == 0 and answers[0].stdout == answers[1].stdout


@pytest.mark.parametrize("fmt", ["json", "tsv"])
def test_both_engines_print_the_same_answer_through_the_cli(kgtool, fmt):
    ours = kgtool("query", "cast", "--param", "series=Ballard", "--format", fmt, "--engine", "oxigraph")
    reference = kgtool("query", "cast", "--param", "series=Ballard", "--format", fmt, "--engine", "rdflib")
    assert ours.code == reference.code == 0
    assert ours.out == reference.out and BALLARD_ACTOR in ours.out


def test_an_unknown_engine_is_a_usage_error(kgtool, monkeypatch):
    monkeypatch.setenv("KGTOOL_ENGINE", "blazegraph")
    result = kgtool("query", "cast", "--param", "series=Ballard")
    assert result.code == 2
    assert result.err == (
        "kgtool: error: unknown query engine 'blazegraph'; choose one of oxigraph, rdflib (--engine, KGTOOL_ENGINE)\n"
    )


def test_the_engine_option_is_for_local_queries_only(kgtool):
    result = kgtool("query", "cast", "--param", "series=Ballard", "--engine", "rdflib", "--endpoint", "http://x/query")
    assert result.code == 2 and result.out == ""
    assert result.err == "kgtool: error: --engine chooses the local query engine: it does not go with --endpoint URL\n"


def test_updates_and_bad_queries_are_refused_alike_by_both_engines(kgtool, tmp_path):
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL")
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x ?y }")
    errors = {}
    for path in (update, broken):
        results = [kgtool("query", str(path), "--engine", engine) for engine in ("oxigraph", "rdflib")]
        assert results[0].code == results[1].code == 2
        assert results[0].err == results[1].err
        errors[path.name] = results[0].err
    assert "is a SPARQL update" in errors["drop.rq"]
    assert "broken.rq:1:" in errors["broken.rq"] and "SPARQL syntax error" in errors["broken.rq"]


def test_oxigraph_terms_become_the_terms_rdflib_parses():
    import pyoxigraph

    assert to_rdflib(pyoxigraph.NamedNode("https://example.org/a")) == URIRef("https://example.org/a")
    plain = to_rdflib(pyoxigraph.Literal("Bosch"))
    assert plain == Literal("Bosch") and plain.datatype is None and plain.language is None
    french = to_rdflib(pyoxigraph.Literal("La Blonde en béton", language="fr"))
    assert french.language == "fr" and str(french) == "La Blonde en béton"
    year = to_rdflib(pyoxigraph.Literal("1994", datatype=pyoxigraph.NamedNode(str(XSD.gYear))))
    assert year.datatype == XSD.gYear and year == Literal("1994", datatype=XSD.gYear)
    assert to_rdflib(pyoxigraph.Literal("3", datatype=pyoxigraph.NamedNode(str(XSD.integer)))).toPython() == 3
    assert isinstance(to_rdflib(pyoxigraph.BlankNode("b1")), BNode)


# The Oxigraph engine's answer to every saved query, in rdflib terms, is compared with rdflib's in
# tests/tool/test_saved_queries.py (test_rdflib_and_oxigraph_give_the_same_answer), which runs each saved
# query on rdflib once for both comparisons.


def test_a_checkpoint_takes_changes_without_touching_the_cache_and_old_abandoned_ones_go(project, cli):
    import time

    from pyoxigraph import Literal as OxLiteral
    from pyoxigraph import NamedNode, Quad

    from kgtool.store.cache import writable_store

    files = source_files(project)
    cli(project, "query", "cast", "--param", "series=Ballard")  # builds the cache
    abandoned = project / ".kgtool-cache" / ".scratch-killed"
    recent = project / ".kgtool-cache" / ".scratch-running"
    for folder in (abandoned, recent):
        folder.mkdir()
    os.utime(abandoned, (time.time() - 7200, time.time() - 7200))
    store, discard = writable_store(project, files)
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(Quad(NamedNode(BALLARD_ACTOR), label, OxLiteral("Cache test", language="en")))
    assert store.query(ASK_NEW)
    assert not open_store(project, files).query(ASK_NEW), "the cached store is never written to"
    assert not abandoned.exists() and recent.exists()
    discard()
    assert sorted(p.name for p in (project / ".kgtool-cache").iterdir() if p.name.startswith(".scratch-")) == [
        ".scratch-running"
    ]
