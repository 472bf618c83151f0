"""Facts added by the episode gaps pass (directors and writers of Ballard season 1, Bosch: Legacy 3.5)."""

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res

BALLARD = "series/ballard/season-1"
TRR = "http://www.tv-recaps-reviews.com/2025/07/ballard-{}-reviews.html"


def _people(graph, episode, prop):
    return set(graph.objects(res(f"{BALLARD}/episode-{episode}"), prop))


def test_ballard_episode_1_credits(dataset):
    g = dataset.graph
    episode = res(f"{BALLARD}/episode-1")
    assert (episode, RDFS.label, Literal("Library of Lost Souls", lang="en")) in g
    assert int(g.value(episode, CU.episodeNumber)) == 1
    assert _people(g, 1, CU.director) == {res("person/jet-wilkinson")}
    assert _people(g, 1, CU.writer) == {res("person/michael-alaimo"), res("person/kendall-sherwood")}
    assert (episode, DCTERMS.source, URIRef(TRR.format("101-102"))) in g


def test_ballard_episode_3_credits(dataset):
    g = dataset.graph
    assert _people(g, 3, CU.director) == {res("person/patrick-cady")}
    assert _people(g, 3, CU.writer) == {res("person/thania-st-john")}
    assert (res(f"{BALLARD}/episode-3"), DCTERMS.source, URIRef(TRR.format("103-104"))) in g


def test_ballard_episode_5_credits_follow_the_better_supported_form(dataset):
    g = dataset.graph
    episode = res(f"{BALLARD}/episode-5")
    assert _people(g, 5, CU.director) == {res("person/tori-garrett")}
    assert _people(g, 5, CU.writer) == {res("person/brandi-nicole")}
    notes = " ".join(str(n) for n in g.objects(episode, SKOS.editorialNote))
    assert "Decider" in notes and "TV Recaps & Reviews" in notes
    assert (episode, DCTERMS.source, URIRef(TRR.format("105-106"))) in g


def test_ballard_episode_7_credits_and_title_confirmed(dataset):
    g = dataset.graph
    episode = res(f"{BALLARD}/episode-7")
    assert (episode, RDFS.label, Literal("Fork in the Road", lang="en")) in g
    assert _people(g, 7, CU.director) == {res("person/jon-huertas")}
    assert _people(g, 7, CU.writer) == {res("person/john-coveny")}
    assert (episode, DCTERMS.source, URIRef(TRR.format("107-108"))) in g


def test_new_crew_people_are_sourced_persons(dataset):
    g = dataset.graph
    labels = {"thania-st-john": "Thania St. John", "john-coveny": "John Coveny", "jon-huertas": "Jon Huertas"}
    for slug, label in labels.items():
        person = res(f"person/{slug}")
        assert (person, RDF.type, CU.Person) in g
        assert (person, RDFS.label, Literal(label, lang="en")) in g
        assert g.value(person, DCTERMS.source) is not None


def test_ballard_season_1_still_counts_ten_episodes_with_nine_described(dataset):
    g = dataset.graph
    season = res(BALLARD)
    assert int(g.value(season, CU.numberOfEpisodes)) == 10
    episodes = set(g.subjects(CU.episodeOf, season))
    assert len(episodes) == 9
    credited = {e for e in episodes if g.value(e, CU.director) is not None and g.value(e, CU.writer) is not None}
    assert {int(g.value(e, CU.episodeNumber)) for e in credited} == {1, 3, 5, 7}


def test_bosch_legacy_3_5_title_confirmed_by_show_snob(dataset):
    g = dataset.graph
    episode = res("series/bosch-legacy/season-3/episode-5")
    assert (episode, RDFS.label, Literal("F***ing Politics", lang="en")) in g
    assert (episode, DCTERMS.source, URIRef("https://showsnob.com/bosch-legacy-season-3-episode-5-recap")) in g
