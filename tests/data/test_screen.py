"""Facts about the TV series, seasons, films and cast."""

from rdflib import Literal
from rdflib.namespace import XSD

from kgtool.namespaces import CU

from helpers import pairs, res, rows


def _sources(dataset, work, season):
    return {row["novelTitle"] for row in rows(dataset, "adaptations", work=work) if row["seasonNumber"] == str(season)}


def test_season_source_novels(dataset):
    assert _sources(dataset, "Bosch", 1) == {"City of Bones", "Echo Park", "The Concrete Blonde"}
    assert _sources(dataset, "Bosch", 2) == {"Trunk Music", "The Drop", "The Last Coyote"}
    assert _sources(dataset, "Bosch: Legacy", 2) == {"The Crossing"}
    assert _sources(dataset, "Bosch: Legacy", 3) == {"Desert Star", "The Black Ice"}
    assert _sources(dataset, "res:series/the-lincoln-lawyer", 1) == {"The Brass Verdict"}
    assert _sources(dataset, "res:series/the-lincoln-lawyer", 2) == {"The Fifth Witness"}


def test_films_are_based_on_their_novels(dataset):
    table = rows(dataset, "adaptations", work="res:film/blood-work")
    assert pairs(table, "workTitle", "seasonNumber", "novelTitle") == {("Blood Work", "", "Blood Work")}
    graph = dataset.graph
    assert (res("film/blood-work"), CU.director, res("person/clint-eastwood")) in graph
    assert str(graph.value(res("film/blood-work"), CU.releaseYear)) == "2002"
    assert str(graph.value(res("film/the-lincoln-lawyer"), CU.releaseYear)) == "2011"


def test_a_cast_role_in_each_series_and_film(dataset):
    expected = {
        "Bosch": ("Jamie Hector", "Jerry Edgar"),
        "Bosch: Legacy": ("Mimi Rogers", "Honey Chandler"),
        "Ballard": ("Courtney Taylor", "Samira Parker"),
        "res:series/the-lincoln-lawyer": ("Manuel Garcia-Rulfo", "Mickey Haller"),
        "res:film/the-lincoln-lawyer": ("Matthew McConaughey", "Mickey Haller"),
        "res:film/blood-work": ("Clint Eastwood", "Terry McCaleb"),
    }
    for work, role in expected.items():
        assert role in pairs(rows(dataset, "cast", series=work), "actorName", "characterName"), work


def test_maggie_q_appears_first_in_bosch_legacy_season_3(dataset):
    table = rows(dataset, "roles", actor="Maggie Q")
    assert pairs(table, "workTitle", "characterName", "seasons") >= {
        ("Bosch: Legacy", "Renée Ballard", "3"),
        ("Ballard", "Renée Ballard", "1, 2"),
    }


def test_bosch_legacy_moved_from_freevee_to_prime_video(dataset):
    graph = dataset.graph
    platforms = {n: graph.value(res(f"series/bosch-legacy/season-{n}"), CU.platform) for n in (1, 2, 3)}
    assert platforms == {1: res("org/amazon-freevee"), 2: res("org/amazon-freevee"), 3: res("org/prime-video")}


def test_spin_off_chain(dataset):
    table = pairs(rows(dataset, "spinoffs"), "seriesTitle", "parentTitle")
    assert table == {("Bosch: Legacy", "Bosch"), ("Ballard", "Bosch"), ("Ballard", "Bosch: Legacy")}


def test_lincoln_lawyer_series_is_on_netflix_since_2022(dataset):
    graph = dataset.graph
    series = res("series/the-lincoln-lawyer")
    assert (series, CU.platform, res("org/netflix")) in graph
    assert graph.value(series, CU.premiereDate) == Literal("2022-05-13", datatype=XSD.date)


def test_counts_of_seasons_and_episodes_must_match_the_seasons(kgtool):
    # an invented eighth season of Bosch contradicts the series' 7 seasons and 68 episodes
    run = kgtool("check", "tests/fixtures/episode-count-mismatch.ttl")
    assert run.code == 1
    assert "data/series.ttl:" in run.out and ": Bosch <" in run.out
    assert "cu:numberOfEpisodes says 68 but the released seasons described in the graph add up to 78" in run.out
    assert "cu:numberOfSeasons says 7 but the graph describes 8 released seasons" in run.out
