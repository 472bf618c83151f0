"""Facts added by the cast4 helper (cast depth across Bosch, Ballard, The Lincoln Lawyer and Blood Work)."""

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kgtool.namespaces import CU

from helpers import res


def _season(work, n):
    return res(f"series/{work}/season-{n}")


def _credits(g, role):
    return {
        (g.value(node, CU.creditSeason), g.value(node, CU.creditCategory)) for node in g.objects(role, CU.seasonCredit)
    }


def test_bosch_johnny_stokes_is_shawn_hatosy_in_season_1(dataset):
    g = dataset.graph
    role = res("role/bosch/johnny-stokes")
    assert (role, RDF.type, CU.CastRole) in g
    assert g.value(role, CU.actor) == res("person/shawn-hatosy")
    assert g.value(role, CU.character) == res("character/johnny-stokes")
    assert set(g.objects(role, CU.inSeason)) == {_season("bosch", 1)}
    assert g.value(role, CU.castCategory) == CU.RecurringCast
    assert (res("character/johnny-stokes"), RDFS.label, Literal("Johnny Stokes", lang="en")) in g


def test_bosch_maddie_now_spans_all_seven_seasons(dataset):
    g = dataset.graph
    role = res("role/bosch/maddie-bosch")
    assert set(g.objects(role, CU.inSeason)) == {_season("bosch", n) for n in range(1, 8)}
    assert g.value(role, CU.castCategory) == CU.MainCast


def test_bosch_season_2_irving_family_and_oshea(dataset):
    g = dataset.graph
    for path, actor, character in [
        ("role/bosch/george-irving", "robbie-jones", "george-irving"),
        ("role/bosch/connie-irving", "erika-alexander", "connie-irving"),
        ("role/bosch/chilton-hardy", "brad-carter", "chilton-hardy"),
        ("role/bosch/patricia-oshea", "leslie-stevens", "patricia-oshea"),
    ]:
        role = res(path)
        assert g.value(role, CU.actor) == res(f"person/{actor}")
        assert g.value(role, CU.character) == res(f"character/{character}")
        assert set(g.objects(role, CU.inSeason)) == {_season("bosch", 2)}
        assert g.value(role, CU.work) == res("series/bosch")


def test_neve_campbell_category_changes_by_season(dataset):
    g = dataset.graph
    role = res("role/the-lincoln-lawyer/maggie-mcpherson")
    assert _credits(g, role) == {
        (_season("the-lincoln-lawyer", 1), CU.MainCast),
        (_season("the-lincoln-lawyer", 2), CU.RecurringCast),
        (_season("the-lincoln-lawyer", 3), CU.RecurringCast),
        (_season("the-lincoln-lawyer", 4), CU.MainCast),
    }
    assert g.value(role, CU.castCategory) == CU.MainCast


def test_ballard_regulars_return_in_season_2(dataset):
    g = dataset.graph
    for role in ["colleen-hatteras", "martina-castro", "thomas-laffont", "tutu", "zamira-parker"]:
        r = res(f"role/ballard/{role}")
        assert _season("ballard", 2) in set(g.objects(r, CU.inSeason)), role
        assert g.value(r, CU.castCategory) == CU.MainCast
    # Michael Mosley is not named among the returning regulars: no season 2 added.
    assert _season("ballard", 2) not in set(g.objects(res("role/ballard/ted-rawls"), CU.inSeason))


def test_blood_work_supporting_roles(dataset):
    g = dataset.graph
    for path, actor, character, label in [
        ("role/film-blood-work/mrs-cordell", "alix-koromzay", "mrs-cordell", "Mrs. Cordell"),
        ("role/film-blood-work/juliette-loveland", "beverly-leech", "juliette-loveland", "Juliette Loveland"),
    ]:
        role = res(path)
        assert g.value(role, CU.work) == res("film/blood-work")
        assert g.value(role, CU.actor) == res(f"person/{actor}")
        assert (res(f"character/{character}"), RDFS.label, Literal(label, lang="en")) in g
        assert (role, CU.inSeason, None) not in g


def test_honey_chandler_becomes_a_bosch_regular_in_season_7(dataset):
    g = dataset.graph
    role = res("role/bosch/honey-chandler")
    assert set(g.objects(role, CU.inSeason)) == {_season("bosch", n) for n in range(1, 8)}
    credits = _credits(g, role)
    assert (_season("bosch", 7), CU.MainCast) in credits
    assert (_season("bosch", 2), CU.RecurringCast) in credits
    assert len(credits) == 7
    assert g.value(role, CU.castCategory) == CU.MainCast


def test_carl_rogers_is_recast_between_bosch_and_legacy(dataset):
    g = dataset.graph
    bosch = res("role/bosch/carl-rogers")
    legacy = res("role/bosch-legacy/carl-rogers")
    assert g.value(bosch, CU.character) == g.value(legacy, CU.character) == res("character/carl-rogers")
    assert g.value(bosch, CU.actor) == res("person/max-e-williams")
    assert g.value(legacy, CU.actor) == res("person/michael-rose")
    assert set(g.objects(bosch, CU.inSeason)) == {_season("bosch", 7)}


def test_adam_j_harrington_plays_jeff_trammell_in_lincoln_lawyer_season_2(dataset):
    g = dataset.graph
    role = res("role/the-lincoln-lawyer/jeff-trammell")
    assert g.value(role, CU.actor) == res("person/adam-j-harrington")
    assert set(g.objects(role, CU.inSeason)) == {_season("the-lincoln-lawyer", 2)}
    # the same person also plays Jack Brenner in Bosch
    assert g.value(res("role/bosch/jack-brenner"), CU.actor) == res("person/adam-j-harrington")
