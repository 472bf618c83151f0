"""The saved queries about identifiers, awards and the bibliography, on the fixture graph of this folder:
their exact columns and order, each identifier scheme, and the optional parameters."""

from __future__ import annotations

import pytest
from fixture_project import Runner, load_fixture_project, make_project

from kgtool.errors import UsageError
from kgtool.store.dataset import load_dataset, load_shapes
from kgtool.validate.engine import validate_dataset

from helpers import RES

NOVEL = f"{RES}novel/the-lincoln-lawyer"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Runner:
    return Runner(load_fixture_project(tmp_path_factory.mktemp("books")))


def cells(table: list[dict[str, str]], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(row[c] for c in columns) for row in table]


# --- identifiers ------------------------------------------------------------------------------------------


def test_identifiers_of_a_novel_in_every_book_scheme(run):
    columns, table = run("identifiers", entity="res:novel/the-lincoln-lawyer")
    assert columns[:4] == ["entityLabel", "scheme", "identifier", "url"]
    assert cells(table, "entityLabel", "scheme", "identifier", "url") == [
        ("The Lincoln Lawyer", "wikidata", "Q1218939", "http://www.wikidata.org/entity/Q1218939"),
        (
            "The Lincoln Lawyer",
            "wikipedia-en",
            "The_Lincoln_Lawyer",
            "https://en.wikipedia.org/wiki/The_Lincoln_Lawyer",
        ),
        (
            "The Lincoln Lawyer",
            "wikipedia-fr",
            "La_D%C3%A9fense_Lincoln",
            "https://fr.wikipedia.org/wiki/La_D%C3%A9fense_Lincoln",
        ),
        ("The Lincoln Lawyer", "dbpedia", "The_Lincoln_Lawyer", "http://dbpedia.org/resource/The_Lincoln_Lawyer"),
        ("The Lincoln Lawyer", "isbn13", "9780316734936", "https://openlibrary.org/isbn/9780316734936"),
    ]


def test_identifiers_of_imdb_titles_and_names(run):
    people = run("identifiers", entity="Michael Connelly")[1]
    assert cells(people, "scheme", "identifier", "url") == [
        ("wikidata", "Q356109", "http://www.wikidata.org/entity/Q356109"),  # id and owl:sameAs: one row
        ("imdb", "nm0175030", "https://www.imdb.com/name/nm0175030/"),  # id and schema:sameAs: one row
    ]
    film = run("identifiers", entity=f"{RES}film/the-lincoln-lawyer")[1]
    assert cells(film, "scheme", "identifier", "url") == [
        ("imdb", "tt1189340", "https://www.imdb.com/title/tt1189340/")
    ]


def test_identifiers_of_every_entity_by_label(run):
    table = run("identifiers")[1]
    assert [row["entityLabel"] for row in table] == sorted(row["entityLabel"] for row in table)
    assert {row["scheme"] for row in table} == {"wikidata", "wikipedia-en", "wikipedia-fr", "dbpedia", "imdb", "isbn13"}
    assert ("He Was a Friend of Mine", "imdb", "tt14022416") in cells(table, "entityLabel", "scheme", "identifier")
    assert ("Crime Beat", "isbn13", "9780316163941") in cells(table, "entityLabel", "scheme", "identifier")
    assert len(table) == 12


# --- awards -----------------------------------------------------------------------------------------------


def test_awards_columns_and_order(run):
    columns, table = run("awards")
    assert columns[:4] == ["workTitle", "awardName", "year", "result"]
    assert cells(table, "workTitle", "awardName", "year", "result") == [
        ("Crime Beat", "Anthony Award for Best Novel", "2005", "finalist"),
        ("The Lincoln Lawyer", "Anthony Award for Best Novel", "2006", "nominated"),
        ("The Lincoln Lawyer", "Shamus Award for Best Hardcover Novel", "2006", "won"),
        ("Michael Connelly", "Edgar Grand Master Award", "2025", "won"),
    ]


def test_awards_of_one_work_one_year_or_the_author(run):
    table = run("awards", lang="fr", work="res:novel/the-lincoln-lawyer", year="2006")[1]
    assert cells(table, "workTitle", "result", "awardee") == [
        ("La Défense Lincoln", "nominated", NOVEL),
        ("La Défense Lincoln", "won", NOVEL),
    ]
    with pytest.raises(UsageError, match="is ambiguous: it names"):  # the novel, the film and the series
        run("awards", work="The Lincoln Lawyer")
    assert run("awards", work=NOVEL, year="2005")[1] == []
    assert cells(run("awards", year="2025")[1], "workTitle", "awardName") == [
        ("Michael Connelly", "Edgar Grand Master Award")
    ]
    assert cells(run("awards", work="Michael Connelly")[1], "year", "result") == [("2025", "won")]


# --- bibliography -----------------------------------------------------------------------------------------


def test_bibliography_columns_and_order(run):
    columns, table = run("bibliography")
    assert columns[:6] == ["title", "kind", "year", "firstPublishedIn", "publisherName", "titleFr"]
    assert cells(table, "title", "kind", "year", "firstPublishedIn", "publisherName", "titleFr") == [
        ("Crime Beat", "non-fiction", "2004", "", "Little, Brown and Company", "Sur la brèche"),
        ("Mulholland Dive", "short-story", "2004", "Murder and All That Jazz", "", ""),
        ("The Lincoln Lawyer", "novel", "2005", "", "Little, Brown and Company", "La Défense Lincoln"),
        ("Mulholland Dive", "collection", "2012", "", "", ""),
        ("The Safe Man", "novella", "2012", "", "", ""),
    ]


@pytest.mark.parametrize(
    "kind, titles",
    [
        ("novel", ["The Lincoln Lawyer"]),
        ("novella", ["The Safe Man"]),
        ("short-story", ["Mulholland Dive"]),
        ("non-fiction", ["Crime Beat"]),
        ("collection", ["Mulholland Dive"]),
        ("Short-Story", ["Mulholland Dive"]),
        ("anthology", []),
    ],
)
def test_bibliography_of_one_kind(run, kind, titles):
    table = run("bibliography", kind=kind)[1]
    assert [row["title"] for row in table] == titles
    assert {row["kind"] for row in table} <= {kind.lower()}


# --- the fixture graph is good data ---------------------------------------------------------------------


def test_the_fixture_graph_conforms_to_the_shapes_and_checks(tmp_path):
    """Well-formed episodes, season credits, award results and identifiers (valid ISBN-13 checksums among
    them) raise nothing: the new shapes and checks fire on mistakes only (tests/fixtures/bad/ has those)."""
    root = make_project(tmp_path / "project")
    report = validate_dataset(load_dataset(root=root), load_shapes(root))
    assert [(f.check, f.message) for f in report.findings] == []
