"""kgtool diagram: the franchise picture says what the graph says, in Mermaid and DOT."""

from __future__ import annotations

import re

import pytest
from rdflib.namespace import RDF

from kgtool.export.diagram import franchise, mermaid
from kgtool.namespaces import CU

from conftest import ROOT

NODE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def key(iri: object) -> str:
    """The diagram id of a resource IRI."""
    path = str(iri).removeprefix("https://w3id.org/connelly/resource/")
    return re.sub(r"[^A-Za-z0-9]", "_", path)


@pytest.fixture(scope="module")
def chart(dataset) -> str:
    """The Mermaid chart with the crossing characters."""
    return mermaid(franchise(dataset.graph, characters=True))


def test_every_adaptation_and_spin_off_is_drawn(dataset, chart):
    arrows = set(re.findall(r"^  (\w+) --> (\w+)$", chart, re.M))
    assert arrows == {(key(w), key(b)) for w, b in dataset.graph.subject_objects(CU.basedOn)}
    spin_offs = set(re.findall(r"^  (\w+) -\.->\|spin-off of\| (\w+)$", chart, re.M))
    assert spin_offs == {(key(s), key(p)) for s, p in dataset.graph.subject_objects(CU.spinOffOf)}
    assert ("series_ballard", "series_bosch_legacy") in spin_offs


def test_each_series_holds_its_seasons(dataset, chart):
    for series in dataset.graph.subjects(RDF.type, CU.TVSeries):
        seasons = list(dataset.graph.subjects(CU.seasonOf, series))
        if seasons:
            block = re.search(rf"^  subgraph {key(series)}\[.*?\n((?:    .*\n)*)  end$", chart, re.M)
            assert block, series
            assert set(re.findall(r"^    (\w+)\[", block.group(1), re.M)) == {key(s) for s in seasons}
        else:
            assert re.search(rf"^  {key(series)}\[", chart, re.M), series
    assert 'series_bosch_season_1["season 1 (2014)"]' in chart


def test_characters_are_those_who_cross_between_works(dataset, chart):
    links = re.findall(r"^  (character_\w+) -\.- (\w+)$", chart, re.M)
    works: dict[str, set[str]] = {}
    for character, work in links:
        works.setdefault(character, set()).add(work)
    assert works["character_harry_bosch"] == {"series_bosch", "series_bosch_legacy", "series_ballard"}
    assert works["character_mickey_haller"] == {"series_the_lincoln_lawyer", "film_the_lincoln_lawyer"}
    assert all(len(w) > 1 for w in works.values())
    assert "character_" not in mermaid(franchise(dataset.graph))


def test_ids_are_safe_and_labels_quoted(chart):
    ids = re.findall(r"^\s+(\w+)(?:\[|\(|\{)", chart, re.M)
    assert ids and all(NODE_ID.match(i) for i in ids)
    assert len(ids) == len(set(ids))
    assert chart.startswith("flowchart LR\n")


def test_dot_output(kgtool):
    run = kgtool("diagram", "--format", "dot", "--characters")
    assert run.code == 0, run.err
    assert run.out.startswith("digraph connelly {") and run.out.rstrip().endswith("}")
    assert run.out.count("{") == run.out.count("}")
    assert 'series_bosch_legacy -> series_bosch [style=dashed, label="spin-off of"];' in run.out
    assert "subgraph cluster_series_ballard {" in run.out


def test_the_manual_shows_the_current_diagram(kgtool):
    readme = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- kgtool diagram --characters -->\n```mermaid\n(.*?)```", readme, re.S)
    assert shown, "docs/export.md has no diagram block after '<!-- kgtool diagram --characters -->'"
    assert shown.group(1) == kgtool("diagram", "--characters").out, (
        "docs/export.md's diagram is out of date: replace its mermaid block with 'kgtool diagram --characters'"
    )
