"""kgtool validate --changed BASE: delta validation of a git working tree against a base commit.

The tests run on a real git repository made in a temporary folder from a copy of the project's
ontology, checks and data, committed once; each test edits the working tree and restores it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reference_delta import candidate_delta, changed_delta, validate_delta

from kgtool.cli import main
from kgtool.validate.delta import check_files, validate_changed
from kgtool.validate.engine import validate_dataset
from kgtool.validate.report import summary

from conftest import FIXTURES, ROOT
from helpers import load_copy

GIT = ["git", "-c", "user.name=kgtool tests", "-c", "user.email=tests@example.org"]
GOOD = FIXTURES / "good" / "ballard-season-3.ttl"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository holding the project's ontology, checks and data, committed on one commit."""
    folder = tmp_path_factory.mktemp("repo")
    for name in ("ontology", "checks", "data"):
        shutil.copytree(ROOT / name, folder / name)
    subprocess.run([*GIT, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "base"], cwd=folder, check=True)
    return folder


@pytest.fixture
def work(repo, monkeypatch):
    """The repository as the current project (clean again after the test) and a runner of kgtool in it."""
    monkeypatch.chdir(repo)
    monkeypatch.delenv("KGTOOL_ROOT", raising=False)
    yield repo
    subprocess.run([*GIT, "checkout", "-q", "--", "."], cwd=repo, check=True)
    subprocess.run([*GIT, "clean", "-q", "-fd"], cwd=repo, check=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_adds_nothing_and_checks_nothing(work, capsys):
    code, out = _validate(capsys, "--changed", "HEAD")
    assert (code, out) == (0, "+0 triples, \u22120 triples, 0 new entities, 0 violations (0 entities checked)\n")


def test_a_new_season_with_cast_is_counted_and_passes(work, capsys):
    with (work / "data" / "series.ttl").open("a", encoding="utf-8") as stream:
        stream.write(GOOD.read_text(encoding="utf-8"))
    code, out = _validate(capsys, "--changed", "HEAD")
    assert code == 0
    assert out.startswith("+11 triples, \u22120 triples, 1 new entity, 0 violations (")


@pytest.mark.slow
def test_a_removed_triple_is_reported_where_the_entity_is_written(work, capsys, shapes):
    edit(
        work / "data" / "series.ttl",
        "    cu:seasonNumber 1 ;\n    cu:seasonOf <series/ballard> ;",
        "    cu:seasonOf <series/ballard> ;",
    )
    code, out = _validate(capsys, "--changed", "HEAD")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("data/series.ttl:") and lines[0].endswith(
        "Ballard, season 1 <https://w3id.org/connelly/resource/series/ballard/season-1>"
    )
    assert "A season needs exactly one cu:seasonNumber, a positive integer." in lines[1]
    assert lines[-1].startswith("+0 triples, \u22121 triple, 0 new entities, 1 violation in 1 entity (data/series.ttl)")

    dataset, delta, whole = changed_delta("HEAD", root=work)
    assert not whole
    full = validate_dataset(load_copy(root=work), shapes)
    assert validate_delta(dataset, shapes, delta).findings == [f for f in full.findings if f.entity in delta.focus]


def test_rewriting_a_blank_node_without_changing_it_is_no_change(work, capsys):
    edit(
        work / "data" / "novels.ttl",
        "cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 1 ]",
        "cu:seriesEntry [ cu:position 1 ; cu:inSeries <book-series/harry-bosch> ]",
    )
    assert _validate(capsys, "--changed", "HEAD")[1].startswith("+0 triples, \u22120 triples, 0 new entities")


def test_a_changed_series_entry_counts_its_blank_node_triples(work, capsys):
    edit(
        work / "data" / "novels.ttl",
        "cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 1 ]",
        "cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 2 ]",
    )
    code, out = _validate(capsys, "--changed", "HEAD")
    assert code == 1
    assert "Two books share position 2 in this book series" in out
    assert out.splitlines()[-1].startswith("+3 triples, \u22123 triples, 0 new entities, 1 violation in 1 entity")


def test_a_new_untracked_data_file_is_part_of_the_change(work, capsys):
    shutil.copy(FIXTURES / "bad" / "typo-predicate.ttl", work / "data" / "new.ttl")
    code, out = _validate(capsys, "--changed", "HEAD")
    assert code == 1
    assert out.startswith("data/new.ttl:8: Ballard, season 3")
    assert "Did you mean cu:basedOn?" in out


def test_candidate_files_count_as_added(work, capsys):
    code, out = _validate(capsys, "--changed", "HEAD", str(GOOD))
    assert code == 0
    assert out.startswith("+11 triples, \u22120 triples, 1 new entity, 0 violations (")


def test_a_changed_check_validates_the_whole_graph(work, capsys):
    with (work / "checks" / "missing-type.rq").open("a", encoding="utf-8") as stream:
        stream.write("# a comment\n")
    code, out = _validate(capsys, "--changed", "HEAD")
    assert (code, out) == (
        0,
        "+0 triples, \u22120 triples, 0 new entities, 0 violations "
        "(the ontology, shapes or checks changed, so the whole graph was checked)\n",
    )


def test_an_unknown_ref_is_a_usage_error(work, capsys):
    code = main(["validate", "--changed", "no-such-branch"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert (
        err
        == f"kgtool: error: --changed no-such-branch: no such commit, branch or tag in the git repository at {work}\n"
    )


def test_outside_a_git_checkout_is_a_usage_error(tmp_path, kgtool, monkeypatch):
    for name in ("ontology", "checks", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("KGTOOL_ROOT", str(tmp_path))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = kgtool("validate", "--changed", "HEAD")
    assert run.code == 2
    assert run.err == f"kgtool: error: --changed needs a git checkout, and {tmp_path} is not in one\n"


def _validate(capsys, *args: str) -> tuple[int, str]:
    """Run ``kgtool validate ARGS`` in-process from the current folder; return its exit code and stdout."""
    code = main(["validate", *args])
    return code, capsys.readouterr().out


CANDIDATES = sorted(
    p for folder in ("bad", "good") for p in (FIXTURES / folder).glob("*.ttl") if p.name != "broken-turtle.ttl"
)


@pytest.mark.parametrize("candidate", CANDIDATES, ids=lambda p: p.stem)
def test_check_on_the_cached_store_reports_what_the_whole_rdflib_graph_gives(candidate, shapes):
    """``kgtool check`` never loads the shipped graph into rdflib; the rdflib path is the reference."""

    def facts(report) -> set[tuple]:
        return {(f.entity, f.path, f.value, f.check, f.message, f.severity, f.location) for f in report.findings}

    fast = check_files([candidate], root=ROOT)
    dataset, delta = candidate_delta([candidate], root=ROOT)
    reference = validate_delta(dataset, shapes, delta)
    assert facts(fast) == facts(reference)
    assert summary(fast) == summary(reference)


@pytest.mark.slow
def test_changed_on_the_cached_store_reports_what_the_whole_rdflib_graph_gives(work, shapes):
    """``kgtool validate --changed`` never loads the working graph into rdflib; the rdflib path is the reference."""
    edit(
        work / "data" / "series.ttl",
        "    cu:seasonNumber 1 ;\n    cu:seasonOf <series/ballard> ;",
        "    cu:seasonOf <series/ballard> ;",
    )
    edit(
        work / "data" / "novels.ttl",
        "cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 1 ]",
        "cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 2 ]",
    )
    shutil.copy(FIXTURES / "bad" / "typo-predicate.ttl", work / "data" / "new.ttl")
    fast = validate_changed("HEAD", root=work)
    dataset, delta, _ = changed_delta("HEAD", root=work)
    reference = validate_delta(dataset, shapes, delta)

    def facts(report) -> set[tuple]:
        return {(f.entity, f.path, f.value, f.check, f.message, f.severity, f.location) for f in report.findings}

    assert len(fast.findings) >= 3
    assert facts(fast) == facts(reference)
    assert summary(fast) == summary(reference)
