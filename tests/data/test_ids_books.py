"""Books pass (helper ids-books): authors of the short stories, French translators and first-edition ISBNs,
each read on stored pages."""

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kgtool.namespaces import CU, SCHEMA

from helpers import res

CONNELLY = res("person/michael-connelly")
ESCH = res("person/jean-esch")
PEPIN = res("person/robert-pepin")


def test_cu_author_is_widened_to_works(dataset):
    g = dataset.graph
    assert (CU.author, RDFS.domain, CU.Work) in g
    assert (CU.author, RDFS.domain, CU.Book) not in g


def test_every_short_story_has_an_author(dataset):
    g = dataset.graph
    stories = set(g.subjects(RDF.type, CU.ShortStory))
    assert len(stories) == 16
    for story in stories:
        assert (story, CU.author, CONNELLY) in g, story


def test_red_eye_is_co_written_with_dennis_lehane(dataset):
    g = dataset.graph
    lehane = res("person/dennis-lehane")
    assert (res("short-story/red-eye"), CU.author, lehane) in g
    assert (lehane, RDF.type, CU.Person) in g
    assert (lehane, RDFS.label, Literal("Dennis Lehane", lang="en")) in g
    assert set(g.objects(res("short-story/red-eye"), CU.author)) == {CONNELLY, lehane}


def test_the_safe_man_author_restored_with_a_source(dataset):
    g = dataset.graph
    safe_man = res("novella/the-safe-man")
    assert (safe_man, CU.author, CONNELLY) in g
    assert (
        safe_man,
        DCTERMS.source,
        URIRef("https://samquixote.blogspot.com/2020/05/the-safe-man-by-michael-connelly-review.html"),
    ) in g


def test_french_translators(dataset):
    g = dataset.graph
    for slug in ["the-black-ice", "the-concrete-blonde", "the-last-coyote", "the-poet", "trunk-music", "angels-flight"]:
        assert (res(f"novel/{slug}"), CU.translator, ESCH) in g, slug
    for slug in [
        "a-darkness-more-than-night",
        "chasing-the-dime",
        "city-of-bones",
        "lost-light",
        "the-closers",
        "the-brass-verdict",
        "nine-dragons",
        "the-scarecrow",
        "the-drop",
        "the-fifth-witness",
        "the-black-box",
        "the-burning-room",
        "the-late-show",
        "two-kinds-of-truth",
        "dark-sacred-night",
        "the-law-of-innocence",
        "the-dark-hours",
        "blood-work",
        "the-narrows",
        "desert-star",
    ]:
        assert (res(f"novel/{slug}"), CU.translator, PEPIN) in g, slug
    assert (res("nonfiction/crime-beat"), CU.translator, PEPIN) in g


def test_first_edition_isbns(dataset):
    g = dataset.graph
    for slug, isbn in [
        ("novel/the-black-ice", "9780316153829"),
        ("novel/the-law-of-innocence", "9780316485623"),
        ("novel/dark-sacred-night", "9780316484800"),
    ]:
        assert (res(slug), SCHEMA.isbn, Literal(isbn)) in g, slug
