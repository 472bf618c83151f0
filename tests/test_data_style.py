"""The data files are in the canonical style of kgtool.formatter: grouped, sorted, diff-friendly."""

import pytest
import rdflib

from kgtool.formatter import format_graph
from kgtool.layout import FILES, file_for, group_key

from conftest import ROOT


@pytest.mark.parametrize("name", sorted(FILES))
def test_data_file_is_in_canonical_style(dataset, name):
    path = ROOT / "data" / name
    graph = rdflib.Graph().parse(path, format="turtle")
    assert format_graph(graph, dataset.graph, FILES[name][0], group_key) == path.read_text(encoding="utf-8")


def test_every_entity_lives_in_the_file_of_its_class(dataset):
    for name in FILES:
        graph = rdflib.Graph().parse(ROOT / "data" / name, format="turtle")
        subjects = {s for s in graph.subjects() if isinstance(s, rdflib.URIRef)}
        assert {file_for(dataset.graph, s) for s in subjects} == {name}
