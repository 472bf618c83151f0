"""One version everywhere (package, ontology, dataset, void.ttl, CITATION.cff, CHANGELOG.md); the licence in
the data and in every export; kgtool --version; where the packaged graph's cache goes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

import kgtool
from kgtool.export.void import DATASET, ONTOLOGY
from kgtool.store import cache, packaged

from conftest import ROOT

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_package_version_is_0_2_0_and_the_tool_says_so():
    assert VERSION == kgtool.__version__ == "0.2.0"


def test_the_ontology_and_the_dataset_carry_the_package_version(dataset):
    assert dataset.graph.value(ONTOLOGY, OWL.versionInfo) == Literal(VERSION)
    assert dataset.graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"https://w3id.org/connelly/ontology/{VERSION}")
    assert dataset.graph.value(DATASET, OWL.versionInfo) == Literal(VERSION)
    void = Graph().parse(ROOT / "void.ttl")
    assert void.value(DATASET, OWL.versionInfo) == Literal(VERSION)
    assert str(void.value(DATASET, DCTERMS.issued)) <= str(void.value(DATASET, DCTERMS.modified))


def test_citation_and_changelog_name_the_same_release(dataset):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    modified = str(dataset.graph.value(DATASET, DCTERMS.modified))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == citation["preferred-citation"]["version"] == VERSION
    assert str(citation["date-released"]) == str(citation["preferred-citation"]["date-released"]) == modified
    assert citation["preferred-citation"]["license"] == "CC-BY-4.0"
    releases = re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d\d-\d\d)$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert releases[0] == (VERSION, modified), "CHANGELOG.md starts with this release and its date"
    assert ("0.1.0", str(dataset.graph.value(DATASET, DCTERMS.issued))) in releases


def test_citation_cff_is_valid_cff_1_2_0():
    cffconvert = shutil.which("cffconvert")
    if cffconvert is None:
        pytest.fail("cffconvert is not installed: pip install -e '.[test]'")
    done = subprocess.run([cffconvert, "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_data_states_its_licence(dataset):
    assert (DATASET, DCTERMS.license, CC_BY) in dataset.graph


@pytest.mark.parametrize(
    "args",
    [
        ("export",),
        ("export", "--format", "jsonld"),
        ("export", "--entity", "res:series/ballard"),
        ("export", "--entity", "res:series/ballard", "--format", "jsonld"),
        ("export", "--profile", "schema"),
        ("export", "--frame", "novel", "--entity", "The Black Echo"),
        ("export", "--void"),
    ],
    ids=lambda a: " ".join(a),
)
def test_every_export_carries_the_licence(kgtool, args):
    run = kgtool(*args)
    assert run.code == 0, run.err
    if "--frame" in args:
        document = json.loads(run.out)
        [node] = [n for n in document["@graph"] if n["@id"].endswith("void#dataset")]
        assert node["license"] == str(CC_BY)
        return
    fmt = "json-ld" if "jsonld" in args or "--profile" in args else "turtle"
    graph = Graph().parse(data=run.out, format=fmt, publicID=str(ROOT.as_uri()) + "/")
    licences = set(graph.objects(DATASET, DCTERMS.license)) | set(
        graph.objects(DATASET, URIRef("https://schema.org/license"))
    )
    assert CC_BY in licences


def test_version_output(capsys, monkeypatch):
    from kgtool.cli import main

    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"kgtool {VERSION} (connelly-kg)"
    assert re.match(rf"graph {VERSION}, \d+ triples, checkout \({re.escape(str(ROOT))}\)$", out.splitlines()[1])


def test_the_packaged_graph_is_cached_in_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("KGTOOL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(packaged, "PACKAGED_DIR", tmp_path / "site" / "kgtool" / "packaged_graph")
    assert packaged.packaged_root() is None  # nothing is packaged in a checkout
    if not packaged.sys.platform.startswith(("win", "darwin")):
        assert cache.cache_dir(packaged.PACKAGED_DIR) == tmp_path / "xdg" / "kgtool" / f"graph-{VERSION}"
    assert cache.cache_dir(ROOT) == ROOT / ".kgtool-cache"
    monkeypatch.setenv("KGTOOL_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir(packaged.PACKAGED_DIR) == tmp_path / "mine"
