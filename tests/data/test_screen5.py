"""Facts added by the screen-works pass (screen5): producers, creators and showrunners of the series, seasons and films."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kgtool.namespaces import CU

from helpers import res


def _people(g, subject, prop):
    return set(g.objects(subject, prop))


def test_bosch_showrunners_by_season(dataset):
    g = dataset.graph
    overmyer, pyne = res("person/eric-overmyer"), res("person/daniel-pyne")
    expected = {
        1: {overmyer},
        2: {overmyer},
        3: {overmyer},
        4: {pyne},
        5: {overmyer, pyne},
        6: {overmyer, pyne},
        7: {overmyer},
    }
    for season, runners in expected.items():
        assert _people(g, res(f"series/bosch/season-{season}"), CU.showrunner) == runners


def test_bosch_executive_producers(dataset):
    g = dataset.graph
    producers = _people(g, res("series/bosch"), CU.producer)
    for name in ("james-baker", "bo-stehmeier", "elle-johnson", "john-mankiewicz", "henrik-pabst", "jan-david-frouman"):
        assert res(f"person/{name}") in producers
        assert (res(f"person/{name}"), RDF.type, CU.Person) in g


def test_lincoln_lawyer_series_creators_and_showrunners(dataset):
    g = dataset.graph
    series = res("series/the-lincoln-lawyer")
    humphrey, rodriguez = res("person/ted-humphrey"), res("person/dailyn-rodriguez")
    assert _people(g, series, CU.creator) == {res("person/david-e-kelley"), humphrey}
    assert {humphrey, res("person/ross-fineman")} <= _people(g, series, CU.producer)
    assert _people(g, res("series/the-lincoln-lawyer/season-1"), CU.showrunner) == {humphrey}
    for season in (2, 3, 4):
        assert _people(g, res(f"series/the-lincoln-lawyer/season-{season}"), CU.showrunner) == {humphrey, rodriguez}


def test_lincoln_lawyer_film_producers_and_release(dataset):
    g = dataset.graph
    film = res("film/the-lincoln-lawyer")
    assert _people(g, film, CU.producer) == {
        res(f"person/{p}")
        for p in ("sidney-kimmel", "tom-rosenberg", "gary-lucchesi", "richard-wright", "scott-steindorff")
    }
    assert g.value(film, CU.premiereDate) == Literal("2011-03-18", datatype=XSD.date)
    assert g.value(res("person/richard-wright"), SKOS.altLabel) == Literal("Richard S. Wright", lang="en")


def test_blood_work_producers(dataset):
    g = dataset.graph
    film = res("film/blood-work")
    assert _people(g, film, CU.producer) == {res("person/clint-eastwood"), res("person/judie-hoyt")}
    assert _people(g, film, CU.writer) == {res("person/brian-helgeland")}
    assert g.value(film, CU.premiereDate) == Literal("2002-08-09", datatype=XSD.date)


def test_announced_and_abandoned_films(dataset):
    g = dataset.graph
    fair = res("film/fair-warning")
    assert _people(g, fair, CU.writer) == {res("person/michael-connelly")}
    assert _people(g, fair, CU.producer) == {
        res(f"person/{p}") for p in ("michael-connelly", "denis-osullivan", "jeff-kalligheri", "jeffrey-pollack")
    }
    assert g.value(fair, CU.status) == CU.Announced
    assert g.value(res("person/denis-osullivan"), RDFS.label) == Literal("Denis O'Sullivan", lang="en")
    void = res("film/void-moon")
    assert _people(g, void, CU.producer) == {res("person/bill-gerber"), res("person/avi-lerner")}
    assert g.value(void, CU.status) == CU.Cancelled


def test_new_people_have_sources(dataset):
    g = dataset.graph
    from rdflib.namespace import DCTERMS

    for name in ("ross-fineman", "judie-hoyt", "jeffrey-pollack", "avi-lerner", "sidney-kimmel"):
        assert g.value(res(f"person/{name}"), DCTERMS.source) is not None


def test_spin_off_and_other_series_producers(dataset):
    g = dataset.graph
    assert {res("person/pieter-jan-brugge"), res("person/zetna-fuentes")} <= _people(
        g, res("series/bosch-legacy"), CU.producer
    )
    assert {res("person/michael-alaimo"), res("person/kendall-sherwood")} <= _people(
        g, res("series/ballard"), CU.producer
    )
    assert {res("person/john-sacret-young"), res("person/peter-m-lenkov")} <= _people(
        g, res("series/level-9"), CU.producer
    )
    avalon = _people(g, res("series/avalon"), CU.producer)
    for name in (
        "dana-calvo",
        "ross-fineman",
        "matthew-tinker",
        "barry-jossen",
        "tana-jamieson",
        "david-e-kelley",
        "michael-connelly",
    ):
        assert res(f"person/{name}") in avalon
    assert g.value(res("series/avalon"), CU.status) == CU.Cancelled
