"""Currency pass (December 2026): the newest end of the graph, 2024-2026 books and screen works."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from kgtool.namespaces import CU

from helpers import res

DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")


def _notes(graph, node):
    return " ".join(str(note) for note in graph.objects(node, SKOS.editorialNote))


def test_books_2024_2025_are_published_with_their_dates(dataset):
    graph = dataset.graph
    for book, date in (
        ("novel/the-waiting", "2024-10-15"),
        ("novel/nightshade", "2025-05-20"),
        ("novel/the-proving-ground", "2025-10-21"),
    ):
        assert graph.value(res(book), CU.publicationDate) == Literal(date, datatype=XSD.date), book
        assert graph.value(res(book), CU.status) is None, book  # published: no production status
        assert graph.value(res(book), CU.publisher) == res("org/little-brown"), book


def test_the_hollow_is_still_only_announced(dataset):
    graph = dataset.graph
    hollow = res("novel/the-hollow")
    assert graph.value(hollow, CU.status) == CU.Announced
    assert graph.value(hollow, CU.publicationYear) == Literal("2026", datatype=XSD.gYear)
    assert graph.value(hollow, CU.publicationDate) is None
    assert res("character/mickey-haller") in set(graph.objects(hollow, CU.features))


def test_stilwell_series_has_one_book_and_is_confirmed_as_a_series(dataset):
    graph = dataset.graph
    series = res("book-series/stilwell")
    assert URIRef(
        "https://bleedingcool.com/tv/bosch-creator-michael-connelly-confirms-nightshade-begins-new-series/"
    ) in set(graph.objects(series, DCTERMS_SOURCE))
    entries = [
        book for book, entry in graph.subject_objects(CU.seriesEntry) if graph.value(entry, CU.inSeries) == series
    ]
    assert entries == [res("novel/nightshade")]
    assert "same world" in _notes(graph, res("character/stilwell"))


def test_ballard_season_2_is_announced_with_a_french_label(dataset):
    graph = dataset.graph
    season = res("series/ballard/season-2")
    assert graph.value(season, CU.status) == CU.Announced
    assert Literal("Ballard, saison 2", lang="fr") in set(graph.objects(season, RDFS.label))
    assert graph.value(season, CU.premiereDate) is None
    assert graph.value(res("series/ballard"), CU.status) == CU.Renewed


def test_lincoln_lawyer_season_4_released_and_season_5_announced(dataset):
    graph = dataset.graph
    s4, s5 = res("series/the-lincoln-lawyer/season-4"), res("series/the-lincoln-lawyer/season-5")
    assert graph.value(s4, CU.premiereDate) == Literal("2026-02-05", datatype=XSD.date)
    assert graph.value(s4, CU.basedOn) == res("novel/the-law-of-innocence")
    assert graph.value(s5, CU.status) == CU.Announced
    assert graph.value(s5, CU.basedOn) == res("novel/resurrection-walk")
    assert graph.value(s5, CU.premiereDate) is None
    assert URIRef("https://www.gameblog.fr/geek/ed/news/netflix-serie-defense-lincoln-saison-5-710481") in set(
        graph.objects(s5, DCTERMS_SOURCE)
    )


def test_bosch_legacy_ended_and_the_reporter_series_is_in_development(dataset):
    graph = dataset.graph
    legacy = res("series/bosch-legacy")
    assert graph.value(legacy, CU.status) == CU.Ended
    assert graph.value(legacy, CU.endDate) == Literal("2025-04-17", datatype=XSD.date)
    reporter = res("series/untitled-michael-connelly-crime-reporter-series")
    assert graph.value(reporter, CU.status) == CU.Announced
    assert graph.value(res("film/fair-warning"), CU.status) == CU.Announced


def test_no_poet_series_entity_only_a_note(dataset):
    graph = dataset.graph
    adaptations = set(graph.subjects(CU.basedOn, res("novel/the-poet")))
    assert adaptations == set()
    assert "upcoming TV series adaptation" in _notes(graph, res("novel/the-poet"))


def test_the_hollow_note_no_longer_claims_a_screen_work_domain(dataset):
    notes = _notes(dataset.graph, res("novel/the-hollow"))
    assert "7 December 2026" in notes
    assert "out of date" in notes


def test_the_proving_ground_eighth_haller_case_per_publishers_weekly(dataset):
    graph = dataset.graph
    book = res("novel/the-proving-ground")
    pw = URIRef("https://www.publishersweekly.com/pw/print/20251103/98999-this-week-s-bestsellers-november-3-2025.html")
    assert pw in set(graph.objects(book, DCTERMS_SOURCE))
    positions = [
        graph.value(entry, CU.position).toPython()
        for entry in graph.objects(book, CU.seriesEntry)
        if graph.value(entry, CU.inSeries) == res("book-series/mickey-haller")
    ]
    assert positions == [8]


def test_lincoln_lawyer_season_4_french_label_has_a_french_source(dataset):
    graph = dataset.graph
    s4 = res("series/the-lincoln-lawyer/season-4")
    assert Literal("La Défense Lincoln, saison 4", lang="fr") in set(graph.objects(s4, RDFS.label))
    assert URIRef("https://www.gameblog.fr/geek/ed/news/netflix-serie-defense-lincoln-saison-5-710481") in set(
        graph.objects(s4, DCTERMS_SOURCE)
    )


def test_reporter_series_working_name_is_an_alternative_label(dataset):
    graph = dataset.graph
    reporter = res("series/untitled-michael-connelly-crime-reporter-series")
    assert Literal("Untitled Florida Task Force drama", lang="en") in set(graph.objects(reporter, SKOS.altLabel))
    assert res("person/jim-leonard") in set(graph.objects(reporter, CU.showrunner))
    assert graph.value(reporter, CU.premiereDate) is None
