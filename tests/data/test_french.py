"""Facts added by the French-labels pass (helper `french`): French episode titles, season labels."""

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res


def _fr(g, node):
    return [str(x) for x in g.objects(node, RDFS.label) if x.language == "fr"]


NEW_TITLES = {
    # (episode IRI, French title, English title already there, a page recorded as source)
    ("series/bosch/season-1/episode-8", "Entre deux feux", "High Low", "https://connelly.fr/s01e08-entre-deux-feux"),
    (
        "series/bosch/season-5/episode-1",
        "Le Choix des vérités",
        "Two Kinds of Truth",
        "https://connelly.fr/s05e01-le-choix-des-verites",
    ),
    ("series/bosch/season-5/episode-5", "Œillères", "Tunnel Vision", "https://connelly.fr/s05e05-oeilleres"),
    (
        "series/bosch-legacy/season-3/episode-6",
        "Hors service",
        "Broken Order",
        "http://connelly.fr/s03e06-hors-service",
    ),
    (
        "series/ballard/season-1/episode-2",
        "Une aiguille dans une botte de foin",
        "Haystacks",
        "http://www.connelly.fr/s01e02-une-aiguille-dans-une-botte-de-foin",
    ),
    (
        "series/ballard/season-1/episode-6",
        "Sous la surface",
        "Beneath the Surface",
        "https://www.connelly.fr/s01e06-sous-la-surface",
    ),
}


def test_new_french_episode_titles(dataset):
    g = dataset.graph
    for iri, fr, en, url in NEW_TITLES:
        ep = res(iri)
        assert (ep, RDFS.label, Literal(fr, lang="fr")) in g, iri
        assert (ep, RDFS.label, Literal(en, lang="en")) in g, iri
        assert (ep, DCTERMS.source, URIRef(url)) in g, iri
        assert _fr(g, ep) == [fr], iri  # exactly one French label


def test_french_titles_matched_by_season_and_number(dataset):
    g = dataset.graph
    ep = res("series/bosch/season-5/episode-5")
    assert int(g.value(ep, CU.episodeNumber)) == 5
    assert g.value(ep, CU.episodeOf) == res("series/bosch/season-5")
    notes = " ".join(str(n) for n in g.objects(ep, SKOS.editorialNote))
    assert "Warning Shots" in notes  # the VO title connelly.fr gives is recorded as a discrepancy
    ballard = res("series/ballard/season-1/episode-2")
    assert int(g.value(ballard, CU.episodeNumber)) == 2
    assert g.value(ballard, CU.episodeOf) == res("series/ballard/season-1")


def test_french_title_counts_per_series(dataset):
    g = dataset.graph
    counts = {}
    for ep in g.subjects(CU.episodeOf, None):
        season = g.value(ep, CU.episodeOf)
        series = g.value(season, CU.seasonOf)
        if _fr(g, ep):
            counts[series] = counts.get(series, 0) + 1
    assert counts.get(res("series/bosch"), 0) >= 23
    assert counts.get(res("series/bosch-legacy"), 0) >= 6
    assert counts.get(res("series/the-lincoln-lawyer"), 0) >= 5
    assert counts.get(res("series/ballard"), 0) >= 2


def test_bosch_legacy_season_french_labels(dataset):
    g = dataset.graph
    for n in (1, 2, 3):
        season = res(f"series/bosch-legacy/season-{n}")
        assert (season, RDFS.label, Literal(f"Bosch: Legacy, saison {n}", lang="fr")) in g
    assert (
        res("series/bosch-legacy/season-3"),
        DCTERMS.source,
        URIRef(
            "https://leserigraphe.com/2025/02/28/"
            "bosch-legacy-saison-3-une-ultime-saison-sous-haute-tension-sur-prime-video"
        ),
    ) in g


def test_ballard_quebec_title_is_an_alternative_label(dataset):
    g = dataset.graph
    ballard = res("series/ballard")
    assert (ballard, SKOS.altLabel, Literal("Ballard : affaires non résolues", lang="fr")) in g
    assert (ballard, RDFS.label, Literal("Ballard", lang="fr")) in g
    assert (
        ballard,
        DCTERMS.source,
        URIRef("https://www.fugues.com/2025/08/27/ballard-une-serie-ou-son-heroine-fesse-dans-le-dash/"),
    ) in g
