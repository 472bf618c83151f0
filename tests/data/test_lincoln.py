"""Facts about the Netflix series The Lincoln Lawyer added by the lincoln helper."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgtool.namespaces import CU

from helpers import res

SERIES = "series/the-lincoln-lawyer"


def ep(season: int, number: int) -> URIRef:
    return res(f"{SERIES}/season-{season}/episode-{number}")


def test_forty_episodes_ten_per_season(dataset):
    g = dataset.graph
    for season in (1, 2, 3, 4):
        eps = set(g.subjects(CU.episodeOf, res(f"{SERIES}/season-{season}")))
        assert len(eps) == 10
        assert {int(g.value(e, CU.episodeNumber)) for e in eps} == set(range(1, 11))
        assert all((e, RDF.type, CU.Episode) in g for e in eps)


def test_season_1_episode(dataset):
    g = dataset.graph
    e = ep(1, 10)
    assert (e, RDFS.label, Literal("The Brass Verdict", lang="en")) in g
    assert g.value(e, CU.releaseDate) == Literal("2022-05-13", datatype=XSD.date)
    assert (e, CU.director, res("person/david-grossman")) in g
    assert {res("person/ted-humphrey"), res("person/michael-connelly")} <= set(g.objects(e, CU.writer))


def test_season_2_two_part_release(dataset):
    g = dataset.graph
    assert g.value(ep(2, 1), CU.releaseDate) == Literal("2023-07-06", datatype=XSD.date)
    assert g.value(ep(2, 7), CU.releaseDate) == Literal("2023-08-03", datatype=XSD.date)
    assert (ep(2, 7), RDFS.label, Literal("Cui Bono", lang="en")) in g
    assert (ep(2, 7), CU.director, res("person/shana-stein")) in g
    assert (ep(2, 9), CU.director, res("person/ted-humphrey")) in g


def test_season_3_episode(dataset):
    g = dataset.graph
    e = ep(3, 8)
    assert (e, RDFS.label, Literal("Mystery Man", lang="en")) in g
    assert g.value(e, CU.releaseDate) == Literal("2024-10-17", datatype=XSD.date)
    assert (e, CU.director, res("person/jose-gilberto-molinari-rosaly")) in g
    assert {res("person/gladys-rodriguez"), res("person/jake-h-bernstein")} == set(g.objects(e, CU.writer))


def test_season_4_episode(dataset):
    g = dataset.graph
    e = ep(4, 1)
    assert (e, RDFS.label, Literal("7211956", lang="en")) in g
    assert g.value(e, CU.releaseDate) == Literal("2026-02-05", datatype=XSD.date)
    assert (e, CU.director, res("person/ted-humphrey")) in g
    assert {res("person/ted-humphrey"), res("person/dailyn-rodriguez")} == set(g.objects(e, CU.writer))


def test_renamed_screen_characters(dataset):
    g = dataset.graph
    assert (res("role/the-lincoln-lawyer/lorna-taylor"), CU.creditedAs, Literal("Lorna Crane")) in g
    assert (res("role/the-lincoln-lawyer/lisa-trammel"), CU.creditedAs, Literal("Lisa Trammell")) in g
    tenney = res("role/the-lincoln-lawyer/j-michael-haller-sr")
    assert g.value(tenney, CU.actor) == res("person/jon-tenney")
    assert (tenney, CU.creditedAs, Literal("Mickey Haller Sr.")) in g


def test_promotion_recurring_to_main(dataset):
    g = dataset.graph
    role = res("role/the-lincoln-lawyer/andrea-freemann")
    assert g.value(role, CU.castCategory) == CU.MainCast
    credits = {(g.value(c, CU.creditSeason), g.value(c, CU.creditCategory)) for c in g.objects(role, CU.seasonCredit)}
    assert credits == {
        (res(f"{SERIES}/season-2"), CU.RecurringCast),
        (res(f"{SERIES}/season-3"), CU.MainCast),
    }


def test_recurring_role_and_new_cast(dataset):
    g = dataset.graph
    assert g.value(res("role/the-lincoln-lawyer/david-siegel"), CU.castCategory) == CU.RecurringCast
    julian = res("role/the-lincoln-lawyer/julian-la-cosse")
    assert g.value(julian, CU.actor) == res("person/devon-graye")
    assert (julian, CU.inSeason, res(f"{SERIES}/season-3")) in g
    glory = res("role/the-lincoln-lawyer/gloria-dayton")
    assert {res(f"{SERIES}/season-{n}") for n in (1, 2, 3)} <= set(g.objects(glory, CU.inSeason))


def test_season_5_announced(dataset):
    g = dataset.graph
    s5 = res(f"{SERIES}/season-5")
    assert g.value(s5, CU.status) == CU.Announced
    assert g.value(s5, CU.premiereDate) is None
    assert g.value(res(SERIES), CU.numberOfEpisodes) == Literal(40)
