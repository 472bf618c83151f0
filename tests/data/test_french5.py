"""Facts checked by the fifth French-titles pass (helper `french5`).

The pass found no new French episode title in the stored pages (see /work/staging/french5-notes.md); it
added one corroborating French source to an existing title. These tests pin that addition and the French
titles the pass re-read on French pages.
"""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res

STARS_ACTU_2020_02_02 = "https://www.stars-actu.fr/2020/02/harry-bosch-du-2-fevrier-2020-ce-soir-4-episodes-de-la-saison-2-sur-france-3-video/"


def _fr(g, node):
    return {str(x) for x in g.objects(node, RDFS.label) if x.language == "fr"}


def test_bosch_2_6_crise_cardiaque_has_the_france_3_programme_as_source(dataset):
    g = dataset.graph
    ep = res("series/bosch/season-2/episode-6")
    assert _fr(g, ep) == {"Crise cardiaque"}
    assert int(g.value(ep, CU.episodeNumber)) == 6
    sources = {str(s) for s in g.objects(ep, DCTERMS.source)}
    assert STARS_ACTU_2020_02_02 in sources
    assert "https://tv-programme.com/harry-bosch_serie/s02e06-crise-cardiaque_e642362" in sources
    notes = " ".join(str(n) for n in g.objects(ep, SKOS.editorialNote))
    assert "Stars Actu" in notes and "2 February 2020" in notes


def test_french_titles_reread_on_french_pages(dataset):
    """Titles already in the graph that this pass read again on the cited French pages."""
    g = dataset.graph
    expected = {
        ("series/bosch/season-2/episode-5", "Transaction", STARS_ACTU_2020_02_02),
        ("series/bosch/season-2/episode-7", "Fin de parcours", STARS_ACTU_2020_02_02),
        ("series/bosch/season-6/episode-1", "À genoux", "http://connelly.fr/s06e01-a-genoux"),
        (
            "series/the-lincoln-lawyer/season-3/episode-2",
            "Des circonstances toutes particulières",
            "http://connelly.fr/s03e02-des-circonstances-toutes-particulieres",
        ),
        (
            "series/bosch-legacy/season-1/episode-4",
            "Fers à cheval et grenades à main",
            "https://bis.vodkaster.com/series-tv/bosch-legacy/69673/s01e04",
        ),
    }
    for iri, title, source in expected:
        ep = res(iri)
        assert title in _fr(g, ep), iri
        assert URIRef(source) in set(g.objects(ep, DCTERMS.source)), iri
