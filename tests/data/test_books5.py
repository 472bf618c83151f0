"""books5 (December 2026): first-US-edition dates, French translators, ISBN-13s and
recurring characters added to the novels. Pages: /work/staging/books5-notes.md and the
entities' editorial notes."""

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgtool.namespaces import CU

from helpers import res

ISBN = URIRef("https://schema.org/isbn")


def _date(g, book):
    return g.value(res(book), CU.publicationDate)


def test_publication_dates(dataset):
    g = dataset.graph
    expected = {
        "novel/the-black-echo": "1992-01-21",  # en.wikipedia infobox
        "novel/the-last-coyote": "1995-06-01",  # en.wikipedia infobox
        "novel/lost-light": "2003-04-01",  # Wikipedia (Kiwix) + BookBrowse
        "novel/the-narrows": "2004-04-30",  # en.wikipedia (reviews: May 2004)
        "novel/echo-park": "2006-10-09",  # Book Help Web, 11 Oct 2006
        "novel/the-scarecrow": "2009-05-26",  # US date (UK 12 May)
        "novel/nine-dragons": "2009-10-13",  # US date (UK 1 Oct)
        "novel/the-drop": "2011-11-22",  # LibraryThing
        "novel/the-black-box": "2012-11-26",  # en.wikipedia
    }
    for book, day in expected.items():
        assert _date(g, book) == Literal(day, datatype=XSD.date), book


def test_dates_match_years(dataset):
    g = dataset.graph
    for book in g.subjects(CU.publicationDate, None):
        d = str(g.value(book, CU.publicationDate))
        y = g.value(book, CU.publicationYear)
        if y is not None:
            assert d[:4] == str(y), book


def test_translators_added(dataset):
    g = dataset.graph
    pepin = res("person/robert-pepin")
    for book in (
        "novel/the-lincoln-lawyer",
        "novel/echo-park",
        "novel/the-reversal",
        "novel/the-night-fire",
        "novel/resurrection-walk",
        "novel/fair-warning",
    ):
        assert (res(book), CU.translator, pepin) in g, book


def test_isbns_added(dataset):
    g = dataset.graph
    expected = {
        "novel/echo-park": "9780316734950",
        "novel/the-proving-ground": "9780316563826",
        "novel/the-night-fire": "9780316485616",
        "novel/the-poet": "9780316153980",
        "novel/a-darkness-more-than-night": "9780316154079",
    }
    for book, isbn in expected.items():
        assert g.value(res(book), ISBN) == Literal(isbn), book
        digits = [int(c) for c in isbn]
        assert sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def test_recurring_characters_added(dataset):
    g = dataset.graph
    pairs = [
        ("novel/the-narrows", "cassie-black"),
        ("novel/the-narrows", "kiz-rider"),
        ("novel/the-narrows", "eleanor-wish"),
        ("novel/the-brass-verdict", "jack-mcevoy"),
        ("novel/the-last-coyote", "harvey-pounds"),
    ]
    for book, ch in pairs:
        assert (res(book), CU.features, res(f"character/{ch}")) in g, (book, ch)
