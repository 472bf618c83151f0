"""Every season of the four series has its episodes, each with title, date and credits, through the contract
query ``episodes`` (one episode with its director per season, as the sources give them)."""

import pytest

from helpers import rows

SEASON_SAMPLES = [
    ("Bosch", "1", "1", "'Tis the Season", "2014-02-06", "Jim McKay", "Eric Overmyer, Michael Connelly"),
    ("Bosch", "2", "1", "Trunk Music", "2016-03-11", "Alex Zakrzewski", "Eric Overmyer"),
    ("Bosch", "3", "1", "The Smog Cutter", "2017-04-21", "Adam Davidson", "Eric Overmyer"),
    ("Bosch", "4", "1", "Ask the Dust", "2018-04-13", "Aaron Lipstadt", "Daniel Pyne, John Mankiewicz"),
    (
        "Bosch",
        "5",
        "1",
        "Two Kinds of Truth",
        "2019-04-19",
        "Alex Zakrzewski",
        "Daniel Pyne, Eric Overmyer, Michael Connelly",
    ),
    ("Bosch", "6", "10", "Some Measure of Justice", "2020-04-16", "Ernest Dickerson", "Michael Connelly"),
    ("Bosch", "7", "1", "Brazen", "2021-06-25", "Alex Zakrzewski", "Eric Overmyer"),
    (
        "Bosch: Legacy",
        "1",
        "1",
        "The Wrong Side of Goodbye",
        "2022-05-06",
        "Zetna Fuentes",
        "Eric Overmyer, Michael Connelly",
    ),
    ("Bosch: Legacy", "2", "1", "The Lady Vanishes", "2023-10-20", "Sharat Raju", "Tom Bernardo"),
    ("Bosch: Legacy", "3", "1", "Goes Where It Goes", "2025-03-27", "Sharat Raju", "Eric Overmyer"),
    # director and writer as TV Recaps & Reviews and kwavesandbeyond give them (Decider had them swapped)
    ("Ballard", "1", "5", "What's Done in the Dark", "2025-07-09", "Tori Garrett", "Brandi Nicole"),
    ("The Lincoln Lawyer", "1", "2", "The Magic Bullet", "2022-05-13", "Erin Feeley", "Ted Humphrey"),
    (
        "The Lincoln Lawyer",
        "2",
        "1",
        "The Rules of Professional Conduct",
        "2023-07-06",
        "Rob Seidenglanz",
        "Ted Humphrey",
    ),
    (
        "The Lincoln Lawyer",
        "3",
        "2",
        "Special Circumstances",
        "2024-10-17",
        "Alonso Alvarez-Barreda",
        "Gladys Rodriguez",
    ),
    ("The Lincoln Lawyer", "4", "1", "7211956", "2026-02-05", "Ted Humphrey", "Dailyn Rodriguez, Ted Humphrey"),
]


@pytest.mark.parametrize(("series", "season", "number", "title", "date", "director", "writers"), SEASON_SAMPLES)
def test_an_episode_of_each_season(dataset, series, season, number, title, date, director, writers):
    table = rows(dataset, "episodes", series=series, season=season)
    episode = next(r for r in table if r["episodeNumber"] == number)
    assert (episode["title"], episode["releaseDate"]) == (title, date)
    assert (episode["directorName"], episode["writerNames"]) == (director, writers)


@pytest.mark.parametrize(
    ("series", "counts"),
    [
        ("Bosch", {"1": 10, "2": 10, "3": 10, "4": 10, "5": 10, "6": 10, "7": 8}),
        ("Bosch: Legacy", {"1": 10, "2": 10, "3": 10}),
        ("The Lincoln Lawyer", {"1": 10, "2": 10, "3": 10, "4": 10}),
    ],
)
def test_every_released_episode_is_there_in_order(dataset, series, counts):
    table = rows(dataset, "episodes", series=series)
    per_season = {}
    for row in table:
        per_season.setdefault(row["seasonNumber"], []).append(int(row["episodeNumber"]))
    assert {season: len(numbers) for season, numbers in per_season.items()} == counts
    for numbers in per_season.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_the_lincoln_lawyer_names_the_series_in_a_series_query(dataset):
    """The label names a novel, a film and a series: the episodes query takes the series."""
    assert len(rows(dataset, "episodes", series="The Lincoln Lawyer")) == 40


def test_a_director_and_writer_of_episodes(dataset):
    credits = rows(dataset, "episode-credits", person="Michael Connelly")
    assert {r["seriesTitle"] for r in credits} >= {"Bosch", "Bosch: Legacy"}
    assert all(r["credit"] in {"director", "writer"} for r in credits)
    zetna = rows(dataset, "episode-credits", person="Zetna Fuentes")
    assert ("Bosch: Legacy", "1", "1", "director") in {
        (r["seriesTitle"], r["seasonNumber"], r["episodeNumber"], r["credit"]) for r in zetna
    }


def test_the_contract_queries_answer_with_the_screen_names(dataset):
    """A question about the series answers with the series' name; the character still finds every portrayal."""
    lorna = [
        r for r in rows(dataset, "cast", series="res:series/the-lincoln-lawyer") if r["actorName"] == "Becki Newton"
    ]
    assert [(r["characterName"], r["creditedAs"]) for r in lorna] == [("Lorna Taylor", "Lorna Crane")]
    macy = rows(dataset, "roles", actor="William H. Macy")
    assert [(r["characterName"], r["creditedAs"]) for r in macy] == [("Raul Levin", "Frank Levin")]
    welliver = rows(dataset, "roles", actor="Titus Welliver")
    assert all(r["creditedAs"] == "" for r in welliver)


def test_filmography_of_an_actor_and_writer(dataset):
    table = rows(dataset, "filmography", person="Titus Welliver")
    credits = {(r["workTitle"], r["credit"]) for r in table}
    assert {("Bosch", "actor"), ("Bosch: Legacy", "actor"), ("Ballard", "actor")} <= credits
    bosch = next(r for r in table if (r["workTitle"], r["credit"]) == ("Bosch", "actor"))
    assert bosch["seasons"] == "1, 2, 3, 4, 5, 6, 7"
