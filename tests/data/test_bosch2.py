"""Facts of the second Bosch (TV series) pass: season-6 titles, crew, French titles and cast, in the shipped graph."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res


def _ep(s: int, n: int):
    return res(f"series/bosch/season-{s}/episode-{n}")


def _labels(g, s, lang="en"):
    return {str(o) for o in g.objects(s, RDFS.label) if getattr(o, "language", None) == lang}


def test_season_6_titles_replace_placeholders(dataset):
    g = dataset.graph
    expected = {
        4: "Part of the Deal",
        5: "Money, Honey",
        6: "The Ace Hotel",
        7: "Hard Feelings",
        8: "Copy Cat",
        9: "Dark Sacred Night",
        10: "Some Measure of Justice",
    }
    for n, title in expected.items():
        e = _ep(6, n)
        assert _labels(g, e) == {title}
        assert int(g.value(e, CU.episodeNumber)) == n
        for note in g.objects(e, SKOS.editorialNote):
            assert "Placeholder" not in str(note)
    for n in range(1, 11):
        assert not any(lbl.startswith("Bosch, season 6") for lbl in _labels(g, _ep(6, n)))


def test_season_6_finale_credits(dataset):
    g = dataset.graph
    finale = _ep(6, 10)
    assert set(g.objects(finale, CU.director)) == {res("person/ernest-dickerson")}
    assert set(g.objects(finale, CU.writer)) == {res("person/michael-connelly")}


def test_new_directors_and_writers(dataset):
    g = dataset.graph
    assert set(g.objects(_ep(3, 6), CU.director)) == {res("person/ernest-dickerson")}
    assert set(g.objects(_ep(3, 6), CU.writer)) == {res("person/daniel-pyne")}
    assert set(g.objects(_ep(3, 9), CU.director)) == {res("person/stephen-gyllenhaal")}
    assert set(g.objects(_ep(3, 10), CU.director)) == {res("person/ernest-dickerson")}
    assert set(g.objects(_ep(4, 1), CU.director)) == {res("person/aaron-lipstadt")}
    assert set(g.objects(_ep(4, 1), CU.writer)) == {res("person/daniel-pyne"), res("person/john-mankiewicz")}
    assert set(g.objects(_ep(5, 3), CU.director)) == {res("person/daisy-von-scherler-mayer")}
    assert set(g.objects(_ep(5, 3), CU.writer)) == {res("person/elle-johnson")}
    assert set(g.objects(_ep(5, 7), CU.director)) == {res("person/aaron-lipstadt")}
    assert set(g.objects(_ep(5, 9), CU.writer)) == {res("person/eric-overmyer")}
    # the screenwriter is a person, distinct from the series' character of the same name
    assert (res("person/john-mankiewicz"), RDFS.label, Literal("John Mankiewicz", lang="en")) in g
    assert res("person/john-mankiewicz") != res("character/john-mankiewicz")
    assert Literal("Daisy Von Scherler Mayer", lang="en") in set(
        g.objects(res("person/daisy-von-scherler-mayer"), SKOS.altLabel)
    )


def test_french_titles(dataset):
    g = dataset.graph
    assert "Brut de décoffrage" in _labels(g, _ep(2, 1), "fr")
    assert "La Reine des martyrs" in _labels(g, _ep(2, 9), "fr")
    assert "Ceux qui tombent" in _labels(g, _ep(3, 1), "fr")
    assert "Pour Daisy" in _labels(g, _ep(5, 8), "fr")
    assert "À genoux" in _labels(g, _ep(6, 1), "fr")
    assert "Compromis" in _labels(g, _ep(7, 2), "fr")


def test_season_6_recurring_cast(dataset):
    g = dataset.graph
    for slug, actor in (("alicia-kent", "lynn-collins"), ("sylvia-reece", "julie-ann-emery")):
        role = res(f"role/bosch/{slug}")
        assert g.value(role, CU.actor) == res(f"person/{actor}")
        assert g.value(role, CU.character) == res(f"character/{slug}")
        assert g.value(role, CU.castCategory) == CU.RecurringCast
        assert set(g.objects(role, CU.inSeason)) == {res("series/bosch/season-6")}
        assert g.value(role, CU.work) == res("series/bosch")


def test_recurring_roles_across_seasons(dataset):
    g = dataset.graph
    jun = res("role/bosch/jun-park")
    assert g.value(jun, CU.actor) == res("person/linda-park")
    assert {res(f"series/bosch/season-{s}") for s in (3, 4, 6, 7)} <= set(g.objects(jun, CU.inSeason))
    clayton = res("role/bosch/elizabeth-clayton")
    assert g.value(clayton, CU.actor) == res("person/jamie-anne-allman")
    assert {res("series/bosch/season-5"), res("series/bosch/season-6")} <= set(g.objects(clayton, CU.inSeason))
    assert g.value(res("role/bosch/howard-elias"), CU.castCategory) == CU.GuestCast


def test_regulars_seasons_completed(dataset):
    g = dataset.graph
    assert res("series/bosch/season-5") in set(g.objects(res("role/bosch/robert-moore"), CU.inSeason))
    pierce = set(g.objects(res("role/bosch/rondell-pierce"), CU.inSeason))
    assert {res(f"series/bosch/season-{s}") for s in (3, 4, 5)} <= pierce
    assert res("series/bosch/season-4") in set(g.objects(res("role/bosch/john-mankiewicz"), CU.inSeason))


def test_series_finale_credits(dataset):
    g = dataset.graph
    finale = _ep(7, 8)
    assert set(g.objects(finale, CU.director)) == {res("person/patrick-cady")}
    assert set(g.objects(finale, CU.writer)) == {res("person/eric-overmyer"), res("person/michael-connelly")}
