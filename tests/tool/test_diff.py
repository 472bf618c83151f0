"""kgtool diff: real pairs of commits of this repository, a renamed IRI in a temporary git repository, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from kgtool.cli import main
from kgtool.release.diff import diff_graphs
from kgtool.release.sources import load_version

from conftest import ROOT


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


def _entity(report: dict, curie: str) -> dict:
    [entity] = [e for e in report["entities"] if e["curie"] == curie]
    return entity


@pytest.fixture(scope="module")
def short_stories_commit(tmp_path_factory) -> dict:
    """The diff of the commit that added the short stories (f090940) against its parent, as JSON."""
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", "f090940^{commit}"]).returncode != 0:
        pytest.skip("this clone does not have the history of main")
    out = tmp_path_factory.mktemp("diff") / "diff.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert main(["diff", "f090940^", "f090940", "--format", "json", "-o", str(out)]) == 0
    return json.loads(out.read_text())


def test_a_new_entity_between_two_commits(short_stories_commit):
    story = _entity(short_stories_commit, "res:short-story/cielo-azul")
    assert story["status"] == "new" and story["label"] == "Cielo Azul"
    assert {"property": "rdf:type", "value": "cu:ShortStory"} in story["added"]
    assert not story["breaking"]


def test_a_changed_year_between_two_commits(short_stories_commit):
    safe_man = _entity(short_stories_commit, "res:novella/the-safe-man")
    assert safe_man["status"] == "changed" and safe_man["label"] == "The Safe Man"
    changed = {c["property"]: (c["old"], c["new"]) for c in safe_man["changed"]}
    assert changed["cu:publicationYear"] == ('"2012"^^xsd:gYear', '"2005"^^xsd:gYear')
    assert changed["rdf:type"] == ("cu:Novella", "cu:ShortStory")
    summary = short_stories_commit["summary"]
    assert summary["breaking"] == 0 and summary["deleted"] == 0 and summary["new"] > 16


def test_a_removed_triple_between_two_commits(kgtool):
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", "454f2ae^{commit}"]).returncode != 0:
        pytest.skip("this clone does not have the history of main")
    run = kgtool("diff", "454f2ae^", "454f2ae")
    assert run.code == 0, run.err
    block = run.out.split("res:role/bosch/julia-brasher (Annie Wersching as Julia Brasher in Bosch)", 1)[1]
    block = block.split("\n  res:", 1)[0]
    assert '- rdfs:comment "One Collider article on the season-7 trailer' in block
    assert "~ cu:castCategory cu:MainCast → cu:GuestCast" in block
    assert run.out.startswith("kgtool diff 454f2ae^ → 454f2ae: ")


@pytest.fixture
def history(tmp_path) -> Path:
    """A git repository built from copies of the real files: v1, then v2 renames The Narrows' IRI."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "ontology").mkdir()
    shutil.copy(ROOT / "ontology" / "connelly.ttl", repo / "ontology")
    for name in ("novels.ttl", "characters.ttl", "book-series.ttl"):
        shutil.copy(ROOT / "data" / name, repo / "data")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "v1", "--allow-empty")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "v1")
    _git(repo, "tag", "v1")
    for name in ("novels.ttl", "characters.ttl", "book-series.ttl"):
        path = repo / "data" / name
        path.write_text(path.read_text(encoding="utf-8").replace("<novel/the-narrows>", "<novel/narrows>"))
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "rename")
    _git(repo, "tag", "renamed")
    return repo


def test_a_renamed_iri_is_a_breaking_change(history, capsys, monkeypatch):
    monkeypatch.chdir(history)  # the refs are the temporary repository's
    assert main(["diff", "v1", "renamed", "--format", "json", "-o", "diff.json"]) == 0
    report = json.loads((history / "diff.json").read_text())
    narrows = _entity(report, "res:novel/the-narrows")
    assert narrows["status"] == "renamed" and narrows["newIri"].endswith("/novel/narrows")
    assert narrows["breaking"] and report["summary"]["breaking"] == 1
    assert all(e["curie"] != "res:novel/narrows" for e in report["entities"]), "the new IRI is the rename, not new"
    capsys.readouterr()
    assert main(["diff", "v1", "renamed", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### ⚠️ Breaking changes" in markdown
    assert "- `res:novel/the-narrows` (The Narrows): renamed to res:novel/narrows" in markdown


def test_a_renamed_iri_deprecated_with_is_replaced_by_is_not_breaking(history, monkeypatch):
    novels = history / "data" / "novels.ttl"
    novels.write_text(
        novels.read_text(encoding="utf-8")
        + "\n<novel/the-narrows> owl:deprecated true ;\n    dcterms:isReplacedBy <novel/narrows> .\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(history)
    old, new = load_version("v1"), load_version(".")
    diff = diff_graphs(old.graph, new.graph, "v1", ".")
    [narrows] = [c for c in diff.entities if c.iri.endswith("/novel/the-narrows")]
    assert narrows.status == "deprecated" and narrows.new_iri.endswith("/novel/narrows")
    assert not diff.breaking
    assert any(c.iri.endswith("/novel/narrows") and c.status == "new" for c in diff.entities)


def test_blank_nodes_are_compared_by_content_not_label(tmp_path):
    base = "@prefix cu: <https://w3id.org/connelly/ontology#> .\n@base <https://w3id.org/connelly/resource/> .\n"
    old = tmp_path / "old.ttl"
    new = tmp_path / "new.ttl"
    old.write_text(base + "<novel/x> cu:seriesEntry _:a .\n_:a cu:inSeries <book-series/b> ; cu:position 3 .\n")
    new.write_text(base + "<novel/x> cu:seriesEntry [ cu:position 3 ; cu:inSeries <book-series/b> ] .\n")
    assert diff_graphs(Graph().parse(old), Graph().parse(new)).empty
    new.write_text(base + "<novel/x> cu:seriesEntry [ cu:position 4 ; cu:inSeries <book-series/b> ] .\n")
    diff = diff_graphs(Graph().parse(old), Graph().parse(new))
    [change] = diff.entities
    assert change.changed == [
        (
            "cu:seriesEntry",
            '[ cu:inSeries res:book-series/b ; cu:position "3"^^xsd:integer ]',
            '[ cu:inSeries res:book-series/b ; cu:position "4"^^xsd:integer ]',
        )
    ]
    assert diff.triples_added == diff.triples_removed >= 1  # rdflib.compare.graph_diff on canonical graphs


def test_two_folders_and_two_files(kgtool, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copytree(ROOT / "ontology", copy / "ontology")
    same = kgtool("diff", str(ROOT), str(copy))
    assert same.code == 0 and same.out.startswith("kgtool diff") and ": no changes" in same.out
    films = copy / "data" / "films.ttl"
    films.write_text(films.read_text(encoding="utf-8").replace('"2002"^^xsd:gYear', '"2003"^^xsd:gYear', 1))
    run = kgtool("diff", str(ROOT / "data" / "films.ttl"), str(films), "--format", "json")
    assert run.code == 0, run.err
    [change] = json.loads(run.out)["entities"]
    assert change["changed"][0]["old"] == '"2002"^^xsd:gYear' and change["changed"][0]["new"] == '"2003"^^xsd:gYear'


def test_an_unknown_ref_is_a_clear_error(kgtool):
    run = kgtool("diff", "no-such-ref-or-file", "HEAD")
    assert run.code == 2 and run.out == ""
    assert run.err.strip().startswith("kgtool: error: no-such-ref-or-file: not a file, a folder or a git ref")
    assert "Traceback" not in run.err


def test_an_unreadable_file_is_a_clear_error(kgtool, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix cu: <https://w3id.org/connelly/ontology#> .\n<a> cu:b "unclosed .\n')
    run = kgtool("diff", str(bad), str(ROOT / "data" / "films.ttl"))
    assert run.code == 2 and "bad.ttl:" in run.err and "Turtle syntax error" in run.err
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello")
    run = kgtool("diff", str(unknown), str(ROOT / "data" / "films.ttl"))
    assert run.code == 2 and "unknown RDF file type '.txt'" in run.err


def test_a_folder_outside_git_without_rdf_files(kgtool, tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    run = kgtool("diff", str(tmp_path / "empty"), str(ROOT / "data" / "films.ttl"))
    assert run.code == 2 and "holds no ontology/connelly.ttl" in run.err
