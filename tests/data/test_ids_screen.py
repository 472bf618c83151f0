"""Screen identifiers (helper ids-screen): Wikipedia, DBpedia and IMDb links of screen people and characters,
each read on a page returned by the search tool."""

import re

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, OWL

from kgtool.namespaces import CU

from helpers import res

SCHEMA_SAMEAS = URIRef("https://schema.org/sameAs")

EN_ARTICLES = [
    ("person/eric-overmyer", "Eric_Overmyer"),
    ("person/madison-lintz", "Madison_Lintz"),
    ("person/lance-reddick", "Lance_Reddick"),
    ("person/manuel-garcia-rulfo", "Manuel_Garcia-Rulfo"),
    ("person/brian-helgeland", "Brian_Helgeland"),
    ("person/john-romano", "John_Romano_(writer)"),
    ("person/john-carroll-lynch", "John_Carroll_Lynch"),
    ("person/marisa-tomei", "Marisa_Tomei"),
    ("person/josh-lucas", "Josh_Lucas"),
    ("person/scott-wilson", "Scott_Wilson_(actor)"),
    ("person/ernest-dickerson", "Ernest_Dickerson"),
    ("person/stephen-gyllenhaal", "Stephen_Gyllenhaal"),
    ("person/george-pelecanos", "George_Pelecanos"),
    ("person/clark-johnson", "Clark_Johnson"),
    ("person/elliott-gould", "Elliott_Gould"),
    ("person/frances-fisher", "Frances_Fisher"),
    ("person/dylan-walsh", "Dylan_Walsh"),
    ("person/tina-lifford", "Tina_Lifford"),
]


def test_screen_people_linked_to_english_wikipedia_and_dbpedia(dataset):
    g = dataset.graph
    for slug, title in EN_ARTICLES:
        article = URIRef(f"https://en.wikipedia.org/wiki/{title}")
        assert (res(slug), FOAF.isPrimaryTopicOf, article) in g, slug
        assert (res(slug), OWL.sameAs, URIRef(f"http://dbpedia.org/resource/{title}")) in g, slug
        # the article URL is cited as a source of the entity
        assert (res(slug), URIRef("http://purl.org/dc/terms/source"), article) in g, slug


def test_harry_bosch_has_english_and_french_articles(dataset):
    g = dataset.graph
    bosch = res("character/harry-bosch")
    assert (bosch, FOAF.isPrimaryTopicOf, URIRef("https://fr.wikipedia.org/wiki/Harry_Bosch")) in g
    assert (bosch, FOAF.isPrimaryTopicOf, URIRef("https://en.wikipedia.org/wiki/Harry_Bosch")) in g
    # the series Bosch keeps its own French article
    assert (res("series/bosch"), FOAF.isPrimaryTopicOf, URIRef("https://fr.wikipedia.org/wiki/Harry_Bosch")) not in g


def test_mimi_rogers_imdb_name_id(dataset):
    g = dataset.graph
    person = res("person/mimi-rogers")
    assert (person, CU.imdbId, Literal("nm0000211")) in g
    assert (person, SCHEMA_SAMEAS, URIRef("https://www.imdb.com/name/nm0000211/")) in g
    assert (person, URIRef("http://purl.org/dc/terms/source"), URIRef("https://ca.wikipedia.org/wiki/Mimi_Rogers")) in g


def test_imdb_ids_are_well_formed_and_unshared(dataset):
    g = dataset.graph
    seen = {}
    for entity, value in g.subject_objects(CU.imdbId):
        value = str(value)
        assert re.fullmatch(r"(tt|nm)[0-9]{7,}", value), value
        assert value not in seen, (value, entity, seen.get(value))
        seen[value] = entity
        # a person's IMDb id is a name id
        if "/person/" in str(entity):
            assert value.startswith("nm"), (entity, value)
        page = f"https://www.imdb.com/{'name' if value.startswith('nm') else 'title'}/{value}/"
        assert (entity, SCHEMA_SAMEAS, URIRef(page)) in g, entity


def test_no_wikipedia_article_shared_by_two_entities(dataset):
    g = dataset.graph
    owners = {}
    for entity, article in g.subject_objects(FOAF.isPrimaryTopicOf):
        if "wikipedia.org/wiki/" in str(article):
            assert article not in owners, (article, entity, owners.get(article))
            owners[article] = entity
