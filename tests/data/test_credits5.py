"""Facts checked or added by the Bosch credits pass (helper `credits5`).

Season-5 credits from the Harry Bosch Wiki season table (a fan wiki; its rows for 5.1, 5.3, 5.7, 5.9 agree with
Fan Fest and 5.10's writers with episode.ninja), four French titles of season-3 episodes (connelly.fr), and a
re-check of season-3/4 credits against TV Tropes recap headers.
"""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res


def _fr(g, node):
    return [str(x) for x in g.objects(node, RDFS.label) if getattr(x, "language", None) == "fr"]


NEW_FRENCH = [
    # (episode, French title, English title, source)
    (
        "series/bosch/season-3/episode-2",
        "Dieu te voit",
        "The Four Last Things",
        "https://connelly.fr/s03e02-dieu-te-voit",
    ),
    ("series/bosch/season-3/episode-5", "Sharkey", "Blood Under the Bridge", "https://connelly.fr/s03e05-sharkey"),
    (
        "series/bosch/season-3/episode-6",
        "Ce que les gens pensent",
        "Birdland",
        "https://connelly.fr/s03e06-ce-que-les-gens-pensent",
    ),
    ("series/bosch/season-3/episode-8", "Le Son d’un fusil", "Aye Papi", "https://connelly.fr/s03e08-le-son-dun-fusil"),
]


def test_new_french_titles(dataset):
    g = dataset.graph
    for iri, fr, en, src in NEW_FRENCH:
        ep = res(iri)
        assert _fr(g, ep) == [fr], iri
        assert any(str(x) == en and x.language == "en" for x in g.objects(ep, RDFS.label)), iri
        assert (ep, DCTERMS.source, URIRef(src)) in g, iri
        assert (ep, SKOS.editorialNote, None) in g, iri


def test_weak_french_title_is_flagged(dataset):
    g = dataset.graph
    notes = " ".join(str(n) for n in g.objects(res("series/bosch/season-3/episode-2"), SKOS.editorialNote))
    assert "Weakly attested" in notes and "God Sees" in notes


def test_season3_credits_match_tv_tropes_headers(dataset):
    # Re-checked against the TV Tropes recap headers read in this pass (unchanged).
    g = dataset.graph
    expected = {
        1: ("adam-davidson", {"eric-overmyer"}),
        3: ("alex-zakrzewski", {"tom-bernardo"}),
        5: ("sarah-pia-anderson", {"jeffrey-alan-fiskin"}),
        8: ("ernest-dickerson", {"elle-johnson"}),
        10: ("ernest-dickerson", {"daniel-pyne", "michael-connelly"}),
    }
    for n, (director, writers) in expected.items():
        ep = res(f"series/bosch/season-3/episode-{n}")
        assert set(g.objects(ep, CU.director)) == {res(f"person/{director}")}, n
        assert set(g.objects(ep, CU.writer)) == {res(f"person/{w}") for w in writers}, n


def test_season4_premiere_credits_unchanged(dataset):
    g = dataset.graph
    ep = res("series/bosch/season-4/episode-1")
    assert set(g.objects(ep, CU.director)) == {res("person/aaron-lipstadt")}
    assert set(g.objects(ep, CU.writer)) == {res("person/daniel-pyne"), res("person/john-mankiewicz")}


WIKI_S5 = URIRef("https://harrybosch.fandom.com/wiki/Season_5")

SEASON5 = {
    # episode: (director, writers)
    2: ("alex-zakrzewski", {"eric-overmyer"}),
    4: ("laura-belsey", {"tom-bernardo"}),
    5: ("patrick-cady", {"jeffrey-alan-fiskin"}),
    6: ("neema-barnette", {"shaz-bennett"}),
    8: ("ernest-dickerson", {"tom-bernardo"}),
    10: ("ernest-dickerson", {"daniel-pyne", "katie-pyne"}),
}


def test_season5_credits_from_wiki_table(dataset):
    g = dataset.graph
    for n, (director, writers) in SEASON5.items():
        ep = res(f"series/bosch/season-5/episode-{n}")
        assert set(g.objects(ep, CU.director)) == {res(f"person/{director}")}, n
        assert set(g.objects(ep, CU.writer)) == {res(f"person/{w}") for w in writers}, n
        assert (ep, DCTERMS.source, WIKI_S5) in g, n
        notes = " ".join(str(x) for x in g.objects(ep, SKOS.editorialNote))
        assert "fan wiki" in notes, n


def test_new_season5_people(dataset):
    g = dataset.graph
    for slug, label in (
        ("laura-belsey", "Laura Belsey"),
        ("neema-barnette", "Neema Barnette"),
        ("shaz-bennett", "Shaz Bennett"),
    ):
        person = res(f"person/{slug}")
        assert (person, RDF.type, CU.Person) in g, slug
        assert [str(x) for x in g.objects(person, RDFS.label)] == [label], slug
        assert (person, DCTERMS.source, WIKI_S5) in g, slug


def test_season5_first_episode_keeps_three_writers(dataset):
    # The wiki table (like Fan Fest) credits Daniel Pyne alone; it.wikipedia's fuller credit is kept.
    g = dataset.graph
    ep = res("series/bosch/season-5/episode-1")
    assert set(g.objects(ep, CU.writer)) == {
        res("person/daniel-pyne"),
        res("person/eric-overmyer"),
        res("person/michael-connelly"),
    }
    assert (ep, DCTERMS.source, WIKI_S5) in g
