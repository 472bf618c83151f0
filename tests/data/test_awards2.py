"""Facts added by the awards2 helper: further award results, City of Bones' publisher, The Last Coyote in French."""

from rdflib import RDF
from rdflib.namespace import SKOS

from kgtool.namespaces import CU

from helpers import award_result, res


def test_new_award_results(dataset):
    g = dataset.graph
    expected = {
        "the-fifth-witness-harper-lee-prize-2012": ("harper-lee-prize", "novel/the-fifth-witness", "2012", CU.Won),
        "the-black-box-premio-rba-novela-negra-2012": (
            "premio-rba-novela-negra",
            "novel/the-black-box",
            "2012",
            CU.Won,
        ),
        "the-brass-verdict-anthony-best-novel-2009": ("anthony-best-novel", "novel/the-brass-verdict", "2009", CU.Won),
        "desert-star-barry-award-2023": ("barry-award", "novel/desert-star", "2023", CU.Nominated),
        "angels-flight-deutscher-krimi-preis-international-2001": (
            "deutscher-krimi-preis-international",
            "novel/angels-flight",
            "2001",
            CU.Won,
        ),
        "echo-park-la-times-book-prize-mystery-thriller-2006": (
            "la-times-book-prize-mystery-thriller",
            "novel/echo-park",
            "2006",
            CU.Won,
        ),
        "michael-connelly-premio-pepe-carvalho-2009": (
            "premio-pepe-carvalho",
            "person/michael-connelly",
            "2009",
            CU.Won,
        ),
        "michael-connelly-raymond-chandler-award-2010": (
            "raymond-chandler-award",
            "person/michael-connelly",
            "2010",
            CU.Won,
        ),
    }
    for slug, (award, awardee, year, outcome) in expected.items():
        got = award_result(g, slug)
        assert got == (res(f"award/{award}"), res(awardee), year, outcome), slug
        assert (res(f"award/{award}"), RDF.type, CU.Award) in g


def test_city_of_bones_edgar_nomination_confirmed_and_publisher(dataset):
    g = dataset.graph
    node = res("award-result/city-of-bones-edgar-best-novel-2003")
    note = str(g.value(node, SKOS.editorialNote))
    assert "official site" in note
    assert g.value(res("novel/city-of-bones"), CU.publisher) == res("org/little-brown")


def test_the_last_coyote_french_publisher(dataset):
    g = dataset.graph
    assert g.value(res("novel/the-last-coyote"), CU.frenchPublisher) == res("org/seuil")
