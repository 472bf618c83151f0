"""Third identifier pass (helper ids3): Wikipedia, DBpedia and ISBN-13 links read on stored pages."""

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL

from helpers import res

SCHEMA_ISBN = URIRef("https://schema.org/isbn")


def _wiki(title, lang="en"):
    return URIRef(f"https://{lang}.wikipedia.org/wiki/{title}")


def _dbp(title):
    return URIRef(f"http://dbpedia.org/resource/{title}")


def test_novels_linked_to_english_wikipedia_and_dbpedia(dataset):
    g = dataset.graph
    for slug, title in [
        ("novel/the-brass-verdict", "The_Brass_Verdict"),
        ("novel/the-fifth-witness", "The_Fifth_Witness"),
        ("novel/the-drop", "The_Drop_(Connelly_novel)"),
        ("novel/the-black-box", "The_Black_Box_(novel)"),
        ("novel/the-gods-of-guilt", "The_Gods_of_Guilt"),
        ("novel/trunk-music", "Trunk_Music"),
        ("novel/the-lincoln-lawyer", "The_Lincoln_Lawyer"),
    ]:
        assert (res(slug), FOAF.isPrimaryTopicOf, _wiki(title)) in g, slug
        assert (res(slug), OWL.sameAs, _dbp(title)) in g, slug


def test_the_lincoln_lawyer_novel_film_and_series_have_distinct_articles(dataset):
    g = dataset.graph
    assert (res("novel/the-lincoln-lawyer"), FOAF.isPrimaryTopicOf, _wiki("The_Lincoln_Lawyer")) in g
    assert (res("film/the-lincoln-lawyer"), FOAF.isPrimaryTopicOf, _wiki("The_Lincoln_Lawyer")) not in g


def test_first_edition_isbns(dataset):
    g = dataset.graph
    assert (res("novel/the-brass-verdict"), SCHEMA_ISBN, Literal("9780316166294")) in g
    assert (res("novel/the-fifth-witness"), SCHEMA_ISBN, Literal("9780316069359")) in g
    assert (res("novel/blood-work"), SCHEMA_ISBN, Literal("9780316153997")) in g
    assert (res("novel/the-wrong-side-of-goodbye"), SCHEMA_ISBN, Literal("9780316225946")) in g


def test_new_isbns_have_valid_checksums(dataset):
    g = dataset.graph
    for slug in (
        "novel/the-brass-verdict",
        "novel/the-fifth-witness",
        "novel/blood-work",
        "novel/the-wrong-side-of-goodbye",
    ):
        for isbn in g.objects(res(slug), SCHEMA_ISBN):
            digits = [int(c) for c in str(isbn)]
            assert len(digits) == 13 and sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0, slug


def test_the_drop_keeps_the_hardcover_isbn(dataset):
    g = dataset.graph
    isbns = {str(o) for o in g.objects(res("novel/the-drop"), SCHEMA_ISBN)}
    assert isbns == {"9780316069410"}


def test_identifier_pages_are_cited(dataset):
    g = dataset.graph
    assert (
        res("novel/the-fifth-witness"),
        DCTERMS.source,
        URIRef("https://en.wikipedia.org/wiki/The_Fifth_Witness"),
    ) in g
    assert (
        res("novel/blood-work"),
        DCTERMS.source,
        URIRef("https://www.notesinthemargin.org/2002/03/01/blood-work-by-michael-connelly/"),
    ) in g
