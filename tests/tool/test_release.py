"""kgtool release: deterministic artefacts, SHA256SUMS, the diff against the previous tag (none for the first)."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL

from kgtool.export.void import DATASET
from kgtool.release.artefacts import build_release, previous_tag

from conftest import ROOT

VERSION = "0.2.0"
BASE = f"connelly-kg-{VERSION}"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The release of the real graph built twice, into two folders."""
    first, second = tmp_path_factory.mktemp("release-1"), tmp_path_factory.mktemp("release-2")
    build_release(first, root=ROOT, first=True)
    build_release(second, root=ROOT, first=True)
    return first, second


def test_two_builds_give_identical_files_and_sums(two_builds):
    first, second = two_builds
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert names == ["SHA256SUMS", f"{BASE}.jsonld", f"{BASE}.nt.gz", f"{BASE}.ttl", f"{BASE}.void.ttl"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_sums_are_right(two_builds):
    folder = two_builds[0]
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == 4
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder, check=True)


def test_the_dumps_hold_the_whole_graph_with_a_fixed_gzip_time(two_builds, dataset):
    folder = two_builds[0]
    data = (folder / f"{BASE}.nt.gz").read_bytes()
    assert int.from_bytes(data[4:8], "little") == 1796601600  # 2026-12-07, the dataset's dcterms:modified
    nt = Graph().parse(data=gzip.decompress(data).decode(), format="nt")
    assert len(nt) == len(dataset.graph)
    assert len(Graph().parse(folder / f"{BASE}.ttl")) == len(dataset.graph)
    assert len(Graph().parse(folder / f"{BASE}.jsonld", format="json-ld")) == len(dataset.graph)
    void = Graph().parse(folder / f"{BASE}.void.ttl")
    assert void.value(DATASET, OWL.versionInfo) == Literal(VERSION)


@pytest.fixture
def tagged(tmp_path) -> Path:
    """A git repository with a tag v0.1.0 (The Narrows in 2004) and a later commit (The Narrows in 2005)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", repo / "ontology")
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copytree(ROOT / "queries", repo / "queries")
    shutil.copytree(ROOT / "checks", repo / "checks")
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), *identity, "commit", "-qm", "0.1.0"], check=True)
    subprocess.run(["git", "-C", str(repo), "tag", "v0.1.0"], check=True)
    subprocess.run(["git", "-C", str(repo), "tag", "v0.3.0"], check=True)  # a later release: never the previous
    novels = repo / "data" / "novels.ttl"
    text = novels.read_text(encoding="utf-8")
    start = text.index("<novel/the-narrows>")
    end = text.index("\n\n", start)
    block = text[start:end]
    year = block.split('cu:publicationYear "', 1)[1][:4]
    changed = block.replace(f'cu:publicationYear "{year}"^^xsd:gYear', 'cu:publicationYear "1900"^^xsd:gYear', 1)
    novels.write_text(text[:start] + changed + text[end:])
    subprocess.run(["git", "-C", str(repo), *identity, "commit", "-qam", "0.2.0"], check=True)
    return repo


def test_the_diff_against_the_previous_tag(tagged, tmp_path):
    assert previous_tag(tagged, VERSION) == "v0.1.0"
    out = tmp_path / "out"
    release = build_release(out, root=tagged)
    assert release.previous == "v0.1.0"
    changes = json.loads((out / f"{BASE}.changes.json").read_text())
    [narrows] = [e for e in changes["entities"] if e["curie"] == "res:novel/the-narrows"]
    assert narrows["changed"][0]["property"] == "cu:publicationYear"
    assert narrows["changed"][0]["new"] == '"1900"^^xsd:gYear'
    assert "## Changes from `v0.1.0` to `v0.2.0`" in (out / f"{BASE}.changes.md").read_text()
    assert f"{BASE}.changes.md" in (out / "SHA256SUMS").read_text()


def test_the_first_release_has_no_diff(tmp_path, kgtool):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", repo / "ontology")
    shutil.copytree(ROOT / "data", repo / "data")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert previous_tag(repo, VERSION) is None
    assert previous_tag(tmp_path / "not-a-repo", VERSION) is None


def test_bad_previous_ref_and_bad_folder(kgtool, tmp_path):
    run = kgtool("release", "-o", str(tmp_path / "out"), "--previous", "no-such-tag")
    assert run.code == 2 and "no-such-tag: not a file, a folder or a git ref" in run.err
    afile = tmp_path / "file"
    afile.write_text("")
    run = kgtool("release", "-o", str(afile), "--no-previous")
    assert run.code == 2 and "not a folder" in run.err
    run = kgtool("release", "-o", str(tmp_path / "x"), "--no-previous", "--previous", "HEAD")
    assert run.code == 2 and "exclude each other" in run.err
