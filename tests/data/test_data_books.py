"""Facts added by the books helper: short stories, anthologies, Crime Beat, translators and awards."""

from rdflib import RDF, Literal
from rdflib.namespace import RDFS, XSD

from kgtool.namespaces import CU

from helpers import res


def _year(graph, subject):
    return str(graph.value(subject, CU.publicationYear))


def test_the_safe_man_first_appeared_in_2005_in_an_anthology(dataset):
    g = dataset.graph
    safe = res("novella/the-safe-man")
    assert (safe, RDF.type, CU.ShortStory) in g
    assert (safe, RDF.type, CU.Novella) not in g
    assert _year(g, safe) == "2005"
    anthology = g.value(safe, CU.firstPublishedIn)
    assert anthology == res("anthology/the-secret-society-of-demolition-writers")
    assert g.value(anthology, CU.editor) == res("person/marc-parent")
    assert _year(g, anthology) == "2005"


def test_short_stories_first_publication_and_collection(dataset):
    g = dataset.graph
    expected = {
        "two-bagger": ("murderers-row", "2001", "mulholland-dive"),
        "mulholland-dive": ("los-angeles-noir", "2007", "mulholland-dive"),
        "cielo-azul": ("dangerous-women", "2005", "suicide-run"),
        "one-dollar-jackpot": ("dead-mans-hand", "2007", "suicide-run"),
        "fathers-day": ("the-blue-religion", "2008", "angle-of-investigation"),
    }
    for story, (anthology, year, collection) in expected.items():
        s = res(f"short-story/{story}")
        assert (s, RDF.type, CU.ShortStory) in g, story
        assert g.value(s, CU.firstPublishedIn) == res(f"anthology/{anthology}"), story
        assert _year(g, s) == year, story
        assert (s, CU.collectedIn, res(f"collection/{collection}")) in g, story


def test_avalon_and_its_anthology(dataset):
    g = dataset.graph
    avalon = res("short-story/avalon")
    anthology = res("anthology/when-a-stranger-comes-to-town")
    assert g.value(avalon, CU.firstPublishedIn) == anthology
    assert _year(g, avalon) == "2021"
    assert g.value(anthology, CU.editor) == res("person/michael-koryta")
    assert (anthology, RDF.type, CU.Anthology) in g


def test_story_characters(dataset):
    g = dataset.graph
    assert (res("short-story/cielo-azul"), CU.features, res("character/terry-mccaleb")) in g
    assert (res("short-story/blue-on-black"), CU.features, res("character/rachel-walling")) in g
    assert (res("short-story/fathers-day"), CU.features, res("character/ignacio-ferras")) in g
    assert g.value(res("anthology/the-blue-religion"), CU.editor) == res("person/michael-connelly")


def test_crime_beat(dataset):
    g = dataset.graph
    book = res("nonfiction/crime-beat")
    assert (book, RDF.type, CU.NonFictionBook) in g
    assert _year(g, book) == "2006"
    assert g.value(book, CU.publisher) == res("org/little-brown")
    assert Literal("Chroniques du crime", lang="fr") in set(g.objects(book, RDFS.label))


def test_translators_and_french_publisher(dataset):
    g = dataset.graph
    assert g.value(res("novel/the-black-echo"), CU.translator) == res("person/jean-esch")
    assert g.value(res("novel/the-black-echo"), CU.frenchPublisher) == res("org/seuil")
    for novel in ("the-overlook", "the-gods-of-guilt", "the-waiting", "the-crossing"):
        assert g.value(res(f"novel/{novel}"), CU.translator) == res("person/robert-pepin"), novel


def test_the_hollow_is_announced(dataset):
    g = dataset.graph
    assert g.value(res("novel/the-hollow"), CU.status) == CU.Announced
    assert g.value(res("novel/the-hollow"), CU.publicationDate) is None


def _result(g, slug):
    node = res(f"award-result/{slug}")
    return (
        str(g.value(node, CU.award)).rsplit("/", 1)[1],
        str(g.value(node, CU.awardee)).split("resource/")[1],
        g.value(node, CU.awardYear),
        g.value(node, CU.awardOutcome),
    )


def test_award_results(dataset):
    g = dataset.graph
    year = lambda y: Literal(y, datatype=XSD.gYear)  # noqa: E731
    assert _result(g, "the-black-echo-edgar-best-first-novel-1993") == (
        "edgar-best-first-novel",
        "novel/the-black-echo",
        year("1993"),
        CU.Won,
    )
    assert _result(g, "the-poet-anthony-best-novel-1997") == (
        "anthony-best-novel",
        "novel/the-poet",
        year("1997"),
        CU.Won,
    )
    assert _result(g, "the-lincoln-lawyer-edgar-best-novel-2006") == (
        "edgar-best-novel",
        "novel/the-lincoln-lawyer",
        year("2006"),
        CU.Nominated,
    )
    assert _result(g, "lost-light-maltese-falcon-award-2006") == (
        "maltese-falcon-award",
        "novel/lost-light",
        year("2006"),
        CU.Won,
    )
    assert _result(g, "michael-connelly-mwa-grand-master-2023") == (
        "mwa-grand-master",
        "person/michael-connelly",
        year("2023"),
        CU.Won,
    )
    assert _result(g, "michael-connelly-cwa-diamond-dagger-2018")[2:] == (year("2018"), CU.Won)
    assert _result(g, "red-eye-edgar-best-short-story-2015")[1:] == ("short-story/red-eye", year("2015"), CU.Nominated)
    assert g.value(res("award/edgar-best-first-novel"), CU.presenter) == res("org/mystery-writers-of-america")
    assert g.value(res("award/cwa-diamond-dagger"), CU.presenter) == res("org/crime-writers-association")


def test_every_award_result_is_complete(dataset):
    g = dataset.graph
    results = list(g.subjects(RDF.type, CU.AwardResult))
    assert len(results) >= 25
    for node in results:
        for prop in (CU.award, CU.awardee, CU.awardYear, CU.awardOutcome, RDFS.label):
            assert g.value(node, prop) is not None, (node, prop)
        assert (g.value(node, CU.award), RDF.type, CU.Award) in g, node
