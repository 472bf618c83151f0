"""Facts touched by the credits6 helper (third pass on episode credits of The Lincoln Lawyer,
Bosch: Legacy and Ballard). Most of the brief's gaps were not found on any page (see
/work/staging/credits6-notes.md); what was added is a confirmation of Sharat Raju's
Bosch: Legacy director credits by The Hollywood Reporter and by his own blog."""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from kgtool.namespaces import CU

from helpers import res

BL = "series/bosch-legacy"
THR = URIRef("https://uk.news.yahoo.com/bosch-legacy-director-unpacks-gut-194052025.html")
BLOG = URIRef("https://sharatraju.wordpress.com/2022/05/")
RAJU = res("person/sharat-raju")


def test_raju_directed_season_2_premiere_two_parter(dataset):
    g = dataset.graph
    for e in (1, 2):
        ep = res(f"{BL}/season-2/episode-{e}")
        assert (ep, RDF.type, CU.Episode) in g
        assert (ep, CU.director, RAJU) in g
        assert (ep, DCTERMS.source, THR) in g
        assert int(g.value(ep, CU.episodeNumber)) == e


def test_raju_directed_season_1_episode_6(dataset):
    g = dataset.graph
    ep = res(f"{BL}/season-1/episode-6")
    assert (ep, CU.director, RAJU) in g
    assert (ep, DCTERMS.source, BLOG) in g
    assert g.value(ep, CU.episodeOf) == res(f"{BL}/season-1")


def test_raju_person_cites_both_confirmations(dataset):
    g = dataset.graph
    assert (RAJU, RDF.type, CU.Person) in g
    assert (RAJU, DCTERMS.source, THR) in g
    assert (RAJU, DCTERMS.source, BLOG) in g
