"""Facts added by the Bosch (TV series) data pass: episodes, crew and cast, through the shipped graph."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kgtool.namespaces import CU

from helpers import res


def _ep(s: int, n: int):
    return res(f"series/bosch/season-{s}/episode-{n}")


def test_every_season_has_as_many_episodes_as_announced(dataset):
    g = dataset.graph
    for s in range(1, 8):
        season = res(f"series/bosch/season-{s}")
        eps = set(g.subjects(CU.episodeOf, season))
        assert len(eps) == int(g.value(season, CU.numberOfEpisodes))
        assert {int(g.value(e, CU.episodeNumber)) for e in eps} == set(range(1, len(eps) + 1))
        for e in eps:
            assert (e, RDF.type, CU.Episode) in g
            assert g.value(e, CU.releaseDate) is not None


def test_pilot_date_director_writers(dataset):
    g = dataset.graph
    pilot = _ep(1, 1)
    assert Literal("'Tis the Season", lang="en") in set(g.objects(pilot, RDFS.label))
    assert Literal("La Cité des ossements", lang="fr") in set(g.objects(pilot, RDFS.label))
    assert g.value(pilot, CU.releaseDate) == Literal("2014-02-06", datatype=XSD.date)
    assert set(g.objects(pilot, CU.director)) == {res("person/jim-mckay")}
    assert set(g.objects(pilot, CU.writer)) == {res("person/michael-connelly"), res("person/eric-overmyer")}
    assert g.value(_ep(1, 2), CU.releaseDate) == Literal("2015-02-13", datatype=XSD.date)


def test_one_episode_per_season(dataset):
    g = dataset.graph
    cases = {
        (1, 4): ("Fugazi", "ernest-dickerson", {"george-pelecanos", "michael-connelly"}, "2015-02-13"),
        (2, 3): ("Victim of the Night", "pieter-jan-brugge", {"diane-frolov", "andrew-schneider"}, "2016-03-11"),
        (3, 5): ("Blood Under the Bridge", "sarah-pia-anderson", {"jeffrey-alan-fiskin"}, "2017-04-21"),
        (5, 1): (
            "Two Kinds of Truth",
            "alex-zakrzewski",
            {"michael-connelly", "eric-overmyer", "daniel-pyne"},
            "2019-04-19",
        ),
        (7, 6): ("The Greater Good", "patrick-cady", {"alex-meenehan", "jessica-kivnik"}, "2021-06-25"),
    }
    for (s, n), (title, director, writers, date) in cases.items():
        e = _ep(s, n)
        assert Literal(title, lang="en") in set(g.objects(e, RDFS.label))
        assert set(g.objects(e, CU.director)) == {res(f"person/{director}")}
        assert set(g.objects(e, CU.writer)) == {res(f"person/{w}") for w in writers}
        assert g.value(e, CU.releaseDate) == Literal(date, datatype=XSD.date)
    assert Literal("Ask the Dust", lang="en") in set(g.objects(_ep(4, 1), RDFS.label))
    assert Literal("The Overlook", lang="en") in set(g.objects(_ep(6, 1), RDFS.label))
    assert Literal("Pomme pourrie", lang="fr") in set(g.objects(_ep(4, 3), RDFS.label))


def test_director_reused_across_seasons(dataset):
    g = dataset.graph
    zak = res("person/alex-zakrzewski")
    seasons = {int(g.value(g.value(e, CU.episodeOf), CU.seasonNumber)) for e in g.subjects(CU.director, zak)}
    assert {1, 2, 3, 5, 7} <= seasons


def test_writer_alt_label(dataset):
    g = dataset.graph
    assert Literal("Jeffrey Fiskin", lang="en") in set(g.objects(res("person/jeffrey-alan-fiskin"), SKOS.altLabel))
    assert Literal("Eric Ellis Overmyer", lang="en") in set(g.objects(res("person/eric-overmyer"), SKOS.altLabel))


def test_recurring_roles(dataset):
    g = dataset.graph
    role = res("role/bosch/rudy-tafero")
    assert g.value(role, CU.actor) == res("person/arnold-vosloo")
    assert g.value(role, CU.castCategory) == CU.RecurringCast
    assert set(g.objects(role, CU.inSeason)) == {res("series/bosch/season-3")}
    goshen = res("role/bosch/luke-goshen")
    assert set(g.objects(goshen, CU.inSeason)) == {res("series/bosch/season-2"), res("series/bosch/season-3")}
    # an existing character reused for the screen role
    assert g.value(res("role/bosch/kiz-rider"), CU.character) == res("character/kiz-rider")


def test_brasher_main_then_guest(dataset):
    g = dataset.graph
    role = res("role/bosch/julia-brasher")
    assert g.value(role, CU.castCategory) == CU.GuestCast
    credits = {(g.value(c, CU.creditSeason), g.value(c, CU.creditCategory)) for c in g.objects(role, CU.seasonCredit)}
    assert (res("series/bosch/season-1"), CU.MainCast) in credits
    assert (res("series/bosch/season-7"), CU.GuestCast) in credits


def test_existing_roles_completed(dataset):
    g = dataset.graph
    barrel = set(g.objects(res("role/bosch/barrel-johnson"), CU.inSeason))
    assert {res(f"series/bosch/season-{s}") for s in range(1, 8)} <= barrel
    assert res("series/bosch/season-7") in set(g.objects(res("role/bosch/santiago-robertson"), CU.inSeason))
