"""Second identifier pass and removal of pirated sources (helper ids2)."""

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from kgtool.namespaces import CU

from helpers import res

SCHEMA_ISBN = URIRef("https://schema.org/isbn")

PIRATE_HOSTS = re.compile(
    r"theallfreenovel|enjoyreadinghour|kostenlosonlinelesen|vsebooks\.ru|rulit\.me|freenovelread|lightnovelsonl"
    r"|bookreadfree|58freebook|ynovels|readonlinefree|litlife\.club|bookfreevampire|100freebooksonline"
    r"|vampirenovels|fb2\.top|readingonlinenovel|booksonline\.com\.ua|trantor\.is|thenovelorange|silo\.pub"
    r"|6booksy|camarotto|ebooks\.ashwood|dianahicksbooks|whosread\.com"
)


def test_no_source_is_a_pirated_copy(dataset):
    cited = {str(o) for o in dataset.graph.objects(None, DCTERMS.source)}
    assert not [u for u in cited if PIRATE_HOSTS.search(u)]


def test_facts_read_only_on_pirated_copies_are_gone(dataset):
    g = dataset.graph
    assert (res("novel/the-law-of-innocence"), CU.features, res("character/dana-berg")) not in g
    assert (res("novel/the-law-of-innocence"), CU.features, res("character/lisa-trammel")) not in g
    assert (res("novel/desert-star"), CU.features, res("character/keisha-russell")) not in g
    assert (res("novel/resurrection-walk"), CU.features, res("character/lorna-taylor")) not in g
    assert (res("novel/a-darkness-more-than-night"), CU.features, res("character/jaye-winston")) not in g


def test_facts_kept_with_a_reputable_source(dataset):
    g = dataset.graph
    fifth = res("novel/the-fifth-witness")
    assert (fifth, CU.features, res("character/lisa-trammel")) in g
    assert (
        fifth,
        DCTERMS.source,
        URIRef("https://www.kirkusreviews.com/book-reviews/michael-connelly/fifth-witness/"),
    ) in g
    echo = res("novel/the-black-echo")
    assert (echo, CU.features, res("character/irvin-irving")) in g
    assert (
        echo,
        DCTERMS.source,
        URIRef("http://moonlightreader.booklikes.com/post/1658304/welcome-to-the-harry-bosch-universe"),
    ) in g
    stone = res("character/hannah-stone")
    assert g.value(stone, CU.firstAppearance) == res("novel/the-drop")
    assert (stone, DCTERMS.source, URIRef("http://bookloons.com/cgi-bin/Review.asp?bookid=14607")) in g
    assert (res("novel/trunk-music"), CU.features, res("character/kiz-rider")) in g


def test_resurrection_walk_isbn(dataset):
    g = dataset.graph
    walk = res("novel/resurrection-walk")
    assert g.value(walk, SCHEMA_ISBN) == Literal("9780316563765")
    digits = [int(c) for c in "9780316563765"]
    assert sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def test_no_two_entities_share_an_isbn(dataset):
    seen = {}
    for s, o in dataset.graph.subject_objects(SCHEMA_ISBN):
        assert seen.setdefault(str(o), s) == s, o
