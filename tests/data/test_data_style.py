"""The data files are in the canonical style of kgtool.style.formatter: grouped, sorted, diff-friendly."""

import shutil

import pytest
import rdflib

from kgtool.style.formatter import format_data_files
from kgtool.style.layout import FILES, file_for

from conftest import ROOT

DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_data_file_is_in_canonical_style(dataset, path):
    assert path.name in FILES, f"{path.name} is not a data file of kgtool.style.layout.FILES"
    assert format_data_files(dataset.graph, [path], check=True) == []


def test_every_entity_lives_in_the_file_of_its_class(dataset):
    for path in DATA_FILES:
        graph = rdflib.Graph().parse(path, format="turtle")
        subjects = {s for s in graph.subjects() if isinstance(s, rdflib.URIRef)}
        assert {file_for(dataset.graph, s) for s in subjects} == {path.name}


def test_kgtool_format_fixes_a_file_out_of_style(tmp_path, kgtool, dataset):
    """A contributor's edit out of style is reported by --check (exit 1) and fixed by one command."""
    target = tmp_path / "films.ttl"
    shutil.copy(ROOT / "data" / "films.ttl", target)
    messy = target.read_text(encoding="utf-8").replace("\n\n<film/", "\n<film/", 1) + "\n\n\n"
    target.write_text(messy, encoding="utf-8")
    checked = kgtool("format", "--check", str(target))
    assert checked.code == 1 and "would reformat" in checked.out
    assert target.read_text(encoding="utf-8") == messy
    assert kgtool("format", str(target)).code == 0
    assert target.read_text(encoding="utf-8") == (ROOT / "data" / "films.ttl").read_text(encoding="utf-8")
    assert kgtool("format", "--check", str(target)).code == 0


def test_kgtool_format_refuses_a_missing_file(kgtool):
    result = kgtool("format", "data/no-such-file.ttl")
    assert result.code == 2 and "no such data file" in result.err
