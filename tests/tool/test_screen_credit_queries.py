"""The saved queries about episodes and screen credits (episodes, episode-credits, filmography, and the
creditedAs column of cast and roles), on the fixture graph of this folder: their exact columns and order,
the writers joined with ", ", and the resolution of a label that names a series and a film."""

from __future__ import annotations

import pytest
from fixture_project import Runner, load_fixture_project

from kgtool.errors import UsageError

from helpers import RES

SERIES = f"{RES}series/the-lincoln-lawyer"
FILM = f"{RES}film/the-lincoln-lawyer"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Runner:
    return Runner(load_fixture_project(tmp_path_factory.mktemp("screen")))


def cells(table: list[dict[str, str]], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(row[c] for c in columns) for row in table]


# --- episodes ---------------------------------------------------------------------------------------------


def test_episodes_columns_and_order(run):
    columns, table = run("episodes", series="res:series/the-lincoln-lawyer")
    assert columns[:6] == ["seasonNumber", "episodeNumber", "title", "releaseDate", "directorName", "writerNames"]
    assert cells(table, "seasonNumber", "episodeNumber", "title", "releaseDate", "directorName", "writerNames") == [
        ("1", "1", "He Was a Friend of Mine", "2022-05-13", "Zoe Adams", "David E. Kelley, Ted Humphrey"),
        ("1", "2", "The Magic Bullet", "2022-05-13", "Zoe Adams", "Ted Humphrey"),
        ("2", "1", "The Rules of the Game", "2023-07-06", "Ted Humphrey", "Ted Humphrey"),
    ]


def test_episodes_of_one_season_in_french(run):
    _, table = run("episodes", lang="fr", series="La Défense Lincoln", season="1")
    assert cells(table, "seasonNumber", "episodeNumber", "title") == [
        ("1", "1", "He Was a Friend of Mine"),  # no French title: the English one
        ("1", "2", "La Balle magique"),
    ]
    assert run("episodes", series=SERIES, season="3")[1] == []


def test_a_series_parameter_names_the_series_not_the_film_or_novel_of_the_same_label(run):
    # The fixture graph has a novel, a film and a series called "The Lincoln Lawyer": the episodes
    # query's parameter is of class cu:TVSeries, so the label names the series.
    by_label = run("episodes", series="the lincoln lawyer")[1]
    assert by_label == run("episodes", series=SERIES)[1]
    assert {row["episode"].rsplit("/", 2)[0] for row in by_label} == {SERIES}


def test_a_label_naming_a_series_and_a_film_is_ambiguous_where_both_are_allowed(run):
    with pytest.raises(UsageError) as error:
        run("cast", series="The Lincoln Lawyer")
    message = str(error.value)
    assert message.startswith("series='The Lincoln Lawyer' is ambiguous: it names ")
    assert SERIES in message and FILM in message
    assert f"{RES}novel/" not in message  # a novel is not a cu:TVSeries or cu:Film


def test_an_ambiguous_label_suggests_the_curies_to_use(run):
    with pytest.raises(UsageError) as error:
        run("cast", series="The Lincoln Lawyer")
    assert "series=res:series/the-lincoln-lawyer" in str(error.value)
    assert "series=res:film/the-lincoln-lawyer" in str(error.value)


# --- cast and roles: creditedAs ---------------------------------------------------------------------------


def test_cast_has_credited_as_after_its_columns(run):
    columns, table = run("cast", series="res:series/the-lincoln-lawyer")
    assert columns == [
        "actorName",
        "characterName",
        "seasons",
        "castCategory",
        "actor",
        "character",
        "role",
        "creditedAs",
    ]
    assert cells(table, "actorName", "characterName", "creditedAs", "seasons") == [
        ("Becki Newton", "Lorna Taylor", "Lorna Crane", "1, 2"),
        ("Manuel Garcia-Rulfo", "Mickey Haller", "", "1, 2"),
    ]


def test_roles_has_credited_as_after_its_columns(run):
    columns, table = run("roles", actor="Becki Newton")
    assert columns == ["workTitle", "characterName", "seasons", "workType", "work", "character", "creditedAs"]
    assert cells(table, "workTitle", "characterName", "creditedAs") == [
        ("The Lincoln Lawyer", "Lorna Taylor", "Lorna Crane")
    ]
    assert run("roles", actor="Manuel Garcia-Rulfo")[1][0]["creditedAs"] == ""


# --- filmography and episode-credits ----------------------------------------------------------------------


def test_filmography_lists_every_credit_with_seasons_and_episode_counts(run):
    columns, table = run("filmography", person="ted humphrey")
    assert columns[:5] == ["workTitle", "workType", "credit", "seasons", "episodes"]
    assert cells(table, "workTitle", "workType", "credit", "seasons", "episodes") == [
        ("The Lincoln Lawyer", "film", "actor", "", ""),
        ("The Lincoln Lawyer", "series", "showrunner", "", ""),
        ("The Lincoln Lawyer", "series", "director", "2", "1"),
        ("The Lincoln Lawyer", "series", "writer", "1, 2", "3"),
    ]
    assert [row["work"] for row in table] == [FILM, SERIES, SERIES, SERIES]


def test_filmography_of_an_actor_a_creator_and_a_film_crew(run):
    assert cells(run("filmography", person="Becki Newton")[1], "workType", "credit", "seasons", "episodes") == [
        ("series", "actor", "1, 2", "")
    ]
    assert cells(run("filmography", person="David E. Kelley")[1], "credit", "seasons", "episodes") == [
        ("creator", "", ""),
        ("writer", "1", "1"),
    ]
    assert cells(run("filmography", person="Brad Furman")[1], "workType", "credit") == [("film", "director")]
    assert cells(run("filmography", person="John Romano")[1], "workType", "credit") == [("film", "writer")]
    assert run("filmography", person="Otto Penzler")[1] == []


def test_episode_credits_columns_and_order(run):
    columns, table = run("episode-credits", person="res:person/ted-humphrey")
    assert columns[:6] == ["seriesTitle", "seasonNumber", "episodeNumber", "title", "releaseDate", "credit"]
    assert cells(table, "seriesTitle", "seasonNumber", "episodeNumber", "title", "releaseDate", "credit") == [
        ("The Lincoln Lawyer", "1", "1", "He Was a Friend of Mine", "2022-05-13", "writer"),
        ("The Lincoln Lawyer", "1", "2", "The Magic Bullet", "2022-05-13", "writer"),
        ("The Lincoln Lawyer", "2", "1", "The Rules of the Game", "2023-07-06", "director"),
        ("The Lincoln Lawyer", "2", "1", "The Rules of the Game", "2023-07-06", "writer"),
    ]
    french = run("episode-credits", lang="fr", person="Zoe Adams")[1]
    assert cells(french, "seriesTitle", "title", "credit") == [
        ("La Défense Lincoln", "He Was a Friend of Mine", "director"),
        ("La Défense Lincoln", "La Balle magique", "director"),
    ]
