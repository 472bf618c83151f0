"""Links to other datasets (Wikipedia, DBpedia, ISBN, IMDb, Wikidata) added by the ids helper, read on stored pages."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, OWL

from kgtool.namespaces import CU

from helpers import res

SCHEMA = Namespace("https://schema.org/")
WIKI = "https://en.wikipedia.org/wiki/"
DBPEDIA = "http://dbpedia.org/resource/"
IDENTIFIER_PROPERTIES = (FOAF.isPrimaryTopicOf, OWL.sameAs, SCHEMA.isbn, SCHEMA.sameAs, CU.imdbId, CU.wikidataId)


def isbn13_valid(value: str) -> bool:
    if len(value) != 13 or not value.isdigit() or not value.startswith(("978", "979")):
        return False
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(value)) % 10 == 0


def test_black_echo_isbn_and_wikipedia(dataset):
    g, book = dataset.graph, res("novel/the-black-echo")
    assert (book, SCHEMA.isbn, Literal("9780316153614")) in g
    assert (book, FOAF.isPrimaryTopicOf, URIRef(WIKI + "The_Black_Echo")) in g
    assert (book, OWL.sameAs, URIRef(DBPEDIA + "The_Black_Echo")) in g
    assert (book, DCTERMS_SOURCE, URIRef(WIKI + "The_Black_Echo")) in g


def test_isbns_read_on_publisher_review_pages(dataset):
    g = dataset.graph
    assert g.value(res("novel/trunk-music"), SCHEMA.isbn) == Literal("9780316152440")
    assert g.value(res("novel/the-drop"), SCHEMA.isbn) == Literal("9780316069410")
    assert g.value(res("novel/angels-flight"), SCHEMA.isbn) == Literal("9780316152198")
    assert g.value(res("novel/void-moon"), SCHEMA.isbn) == Literal("9780316154062")


def test_disambiguated_wikipedia_titles(dataset):
    g = dataset.graph
    assert (res("novel/city-of-bones"), FOAF.isPrimaryTopicOf, URIRef(WIKI + "City_of_Bones_(Connelly_novel)")) in g
    assert (res("novel/the-scarecrow"), OWL.sameAs, URIRef(DBPEDIA + "The_Scarecrow_(Connelly_novel)")) in g
    assert (res("film/the-lincoln-lawyer"), FOAF.isPrimaryTopicOf, URIRef(WIKI + "The_Lincoln_Lawyer_(film)")) in g
    assert (res("series/bosch"), FOAF.isPrimaryTopicOf, URIRef(WIKI + "Bosch_(TV_series)")) in g
    assert (res("series/the-lincoln-lawyer"), OWL.sameAs, URIRef(DBPEDIA + "The_Lincoln_Lawyer_(TV_series)")) in g
    # the film and the series are two entities with two distinct articles
    assert g.value(res("series/the-lincoln-lawyer"), FOAF.isPrimaryTopicOf) != g.value(
        res("film/the-lincoln-lawyer"), OWL.sameAs
    )


def test_mobile_wikipedia_urls_are_normalised(dataset):
    g = dataset.graph
    assert (res("series/bosch-legacy"), FOAF.isPrimaryTopicOf, URIRef(WIKI + "Bosch:_Legacy")) in g
    assert (
        res("film/the-lincoln-lawyer"),
        FOAF.isPrimaryTopicOf,
        URIRef("https://fr.wikipedia.org/wiki/La_D%C3%A9fense_Lincoln"),
    ) in g
    for _, _, page in g.triples((None, FOAF.isPrimaryTopicOf, None)):
        assert ".m.wikipedia.org" not in str(page)


def test_character_and_person_articles(dataset):
    g = dataset.graph
    assert (res("character/harry-bosch"), FOAF.isPrimaryTopicOf, URIRef(WIKI + "Harry_Bosch")) in g
    assert (
        res("person/michael-connelly"),
        FOAF.isPrimaryTopicOf,
        URIRef("https://fr.wikipedia.org/wiki/Michael_Connelly"),
    ) in g


def test_dbpedia_resource_matches_english_wikipedia_title(dataset):
    g = dataset.graph
    for entity, _, page in g.triples((None, FOAF.isPrimaryTopicOf, None)):
        if str(page).startswith(WIKI):
            title = str(page)[len(WIKI) :]
            assert (entity, OWL.sameAs, URIRef(DBPEDIA + title)) in g, entity
    for entity, _, same in g.triples((None, OWL.sameAs, None)):
        if str(same).startswith(DBPEDIA):
            assert (entity, FOAF.isPrimaryTopicOf, URIRef(WIKI + str(same)[len(DBPEDIA) :])) in g, entity


def test_every_isbn_is_a_valid_isbn13(dataset):
    isbns = list(dataset.graph.objects(None, SCHEMA.isbn))
    assert len(isbns) >= 20
    for value in isbns:
        assert isbn13_valid(str(value)), value


def test_identifier_pages_are_cited(dataset):
    g = dataset.graph
    for entity, _, _page in g.triples((None, FOAF.isPrimaryTopicOf, None)):
        assert list(g.objects(entity, DCTERMS_SOURCE)), entity


def test_no_identifier_is_shared_by_two_entities(dataset):
    owners = defaultdict(set)
    for prop in IDENTIFIER_PROPERTIES:
        for entity, _, value in dataset.graph.triples((None, prop, None)):
            owners[(prop, value)].add(entity)
    shared = {key: ents for key, ents in owners.items() if len(ents) > 1}
    assert not shared, shared


def test_imdb_and_wikidata_ids_are_well_formed(dataset):
    g = dataset.graph
    for entity, _, ident in g.triples((None, CU.imdbId, None)):
        kind = "title" if str(ident).startswith("tt") else "name"
        assert str(ident)[:2] in ("tt", "nm") and str(ident)[2:].isdigit()
        assert (entity, SCHEMA.sameAs, URIRef(f"https://www.imdb.com/{kind}/{ident}/")) in g
    for entity, _, qid in g.triples((None, CU.wikidataId, None)):
        assert str(qid)[0] == "Q" and str(qid)[1:].isdigit()
        assert (entity, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")) in g


DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
