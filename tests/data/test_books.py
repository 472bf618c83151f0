"""Facts about the novels, book series and characters, across the whole bibliography."""

import pytest
from rdflib import RDF
from rdflib.namespace import RDFS

from kgtool.namespaces import CU

from helpers import res, rows


@pytest.fixture(scope="module")
def novels(dataset):
    return rows(dataset, "novels")


def _entry(novels, title, series):
    return next(row for row in novels if row["title"] == title and row["seriesName"] == series)


@pytest.mark.parametrize(
    "title, year, series, position, french",
    [
        ("The Black Echo", "1992", "Harry Bosch series", "1", "Les Égouts de Los Angeles"),
        ("The Poet", "1996", "Jack McEvoy series", "1", "Le Poète"),
        ("Blood Work", "1998", "Terry McCaleb series", "1", "Créance de sang"),
        ("The Lincoln Lawyer", "2005", "Mickey Haller series", "1", "La Défense Lincoln"),
        ("The Late Show", "2017", "Renée Ballard series", "1", "En attendant le jour"),
        ("Dark Sacred Night", "2018", "Harry Bosch series", "21", "Nuit sombre et sacrée"),
        ("The Dark Hours", "2021", "Renée Ballard series", "4", "Les Ténèbres et la Nuit"),
        ("Desert Star", "2022", "Renée Ballard series", "5", "L'Étoile du désert"),
        ("Resurrection Walk", "2023", "Mickey Haller series", "7", "Sans l'ombre d'un doute"),
    ],
)
def test_novel_year_series_position_and_french_title(novels, title, year, series, position, french):
    row = _entry(novels, title, series)
    assert (row["year"], row["position"], row["titleFr"]) == (year, position, french)


def test_crossovers_belong_to_both_series(novels):
    for title in ("Dark Sacred Night", "The Night Fire", "The Dark Hours", "Desert Star", "The Waiting"):
        series = {row["seriesName"] for row in novels if row["title"] == title}
        assert {"Harry Bosch series", "Renée Ballard series"} <= series, title


def test_series_filter_returns_the_series_in_order(dataset):
    bosch = rows(dataset, "novels", series="res:book-series/harry-bosch")
    numbered = [int(row["position"]) for row in bosch if row["position"]]
    assert numbered == list(range(1, len(numbered) + 1))
    assert bosch[0]["title"] == "The Black Echo"
    assert {row["seriesName"] for row in bosch} == {"Harry Bosch series"}


def test_every_book_has_connelly_as_author_and_one_year(dataset):
    graph = dataset.graph
    books = [s for cls in (CU.Novel, CU.Novella, CU.StoryCollection) for s in graph.subjects(RDF.type, cls)]
    assert len(books) >= 45
    for book in books:
        assert (book, CU.author, res("person/michael-connelly")) in graph, book
        assert len(list(graph.objects(book, CU.publicationYear))) == 1, book


def test_first_appearances(dataset):
    graph = dataset.graph
    expected = {
        "harry-bosch": "the-black-echo",
        "renee-ballard": "the-late-show",
        "mickey-haller": "the-lincoln-lawyer",
        "jack-mcevoy": "the-poet",
        "terry-mccaleb": "blood-work",
    }
    for character, novel in expected.items():
        assert graph.value(res(f"character/{character}"), CU.firstAppearance) == res(f"novel/{novel}"), character


def test_family_relations(dataset):
    graph = dataset.graph
    bosch, haller, maddie = res("character/harry-bosch"), res("character/mickey-haller"), res("character/maddie-bosch")
    assert (haller, CU.halfSiblingOf, bosch) in graph
    assert (bosch, CU.halfSiblingOf, haller) in graph
    assert (bosch, CU.parentOf, maddie) in graph
    assert (res("character/eleanor-wish"), CU.parentOf, maddie) in graph


def test_book_series_have_protagonists(dataset):
    graph = dataset.graph
    assert graph.value(res("book-series/renee-ballard"), CU.protagonist) == res("character/renee-ballard")
    assert graph.value(res("book-series/mickey-haller"), CU.protagonist) == res("character/mickey-haller")
    labels = {str(o) for o in graph.objects(res("book-series/harry-bosch"), RDFS.label)}
    assert "Harry Bosch series" in labels
