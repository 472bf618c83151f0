"""Facts added by the gaps2 helper (second pass on The Lincoln Lawyer and Bosch: Legacy)."""

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kgtool.namespaces import CU

from helpers import res

LL = "series/the-lincoln-lawyer"
BL = "series/bosch-legacy"


def test_lincoln_lawyer_titles_filled(dataset):
    g = dataset.graph
    expected = {
        (2, 5): "Suspicious Minds",
        (2, 10): "Bury Your Past",
        (3, 7): "Relevance",
        (4, 9): "October Surprise",
        (4, 10): "The Law of Innocence",
    }
    for (s, e), title in expected.items():
        ep = res(f"{LL}/season-{s}/episode-{e}")
        assert (ep, RDFS.label, Literal(title, lang="en")) in g
        assert int(g.value(ep, CU.episodeNumber)) == e
        assert g.value(ep, CU.episodeOf) == res(f"{LL}/season-{s}")


def test_no_placeholder_label_for_filled_titles(dataset):
    g = dataset.graph
    for s, e in ((2, 5), (2, 10), (3, 7), (4, 9), (4, 10)):
        ep = res(f"{LL}/season-{s}/episode-{e}")
        labels = [str(label) for label in g.objects(ep, RDFS.label)]
        assert not any(x.startswith("The Lincoln Lawyer, season") for x in labels)
        notes = [str(n) for n in g.objects(ep, SKOS.editorialNote)]
        assert not any("label is descriptive" in n for n in notes)


def test_andrea_freemann_promotion(dataset):
    g = dataset.graph
    role = res(f"role/{LL[7:]}/andrea-freemann")
    assert g.value(role, CU.castCategory) == CU.MainCast
    credits = {(g.value(c, CU.creditSeason), g.value(c, CU.creditCategory)) for c in g.objects(role, CU.seasonCredit)}
    assert (res(f"{LL}/season-2"), CU.RecurringCast) in credits
    assert (res(f"{LL}/season-3"), CU.MainCast) in credits


def test_recurring_roles_season_3(dataset):
    g = dataset.graph
    for r in ("gloria-dayton", "julian-la-cosse", "j-michael-haller-sr"):
        assert g.value(res(f"role/the-lincoln-lawyer/{r}"), CU.castCategory) == CU.RecurringCast
    # renamed screen character kept: Jon Tenney credited as Mickey Haller Sr.
    role = res("role/the-lincoln-lawyer/j-michael-haller-sr")
    assert g.value(role, CU.creditedAs) == Literal("Mickey Haller Sr.")


def test_bosch_legacy_season_3_show_snob_titles_not_alt_labels(dataset):
    g = dataset.graph
    for e, title in ((1, "Goes Where It Goes"), (2, "Bosching Bosch"), (3, "Blankie"), (4, "Whippoorwills")):
        ep = res(f"{BL}/season-3/episode-{e}")
        assert (ep, RDFS.label, Literal(title, lang="en")) in g
        assert list(g.objects(ep, SKOS.altLabel)) == []


def test_bosch_legacy_la_zona_rosa_two_sources(dataset):
    g = dataset.graph
    ep = res(f"{BL}/season-3/episode-8")
    assert (ep, RDFS.label, Literal("La Zona Rosa", lang="en")) in g
    srcs = {str(s) for s in g.objects(ep, DCTERMS.source)}
    assert any("sportskeeda.com" in s for s in srcs)
    assert any("showsnob.com" in s for s in srcs)


def test_french_titles(dataset):
    g = dataset.graph
    expected = {
        f"{LL}/season-1/episode-9": "La vallée de l’étrange",
        f"{LL}/season-2/episode-2": "Les obligations",
        f"{LL}/season-2/episode-7": "À qui profite…",
        f"{LL}/season-3/episode-2": "Des circonstances toutes particulières",
        f"{LL}/season-3/episode-10": "Les dieux du verdict",
        f"{BL}/season-1/episode-4": "Fers à cheval et grenades à main",
    }
    for iri, title in expected.items():
        assert (res(iri), RDFS.label, Literal(title, lang="fr")) in g


def test_season_3_finale_title_and_date(dataset):
    g = dataset.graph
    ep = res(f"{LL}/season-3/episode-10")
    assert (ep, RDFS.label, Literal("The Gods of Guilt", lang="en")) in g
    assert str(g.value(ep, CU.releaseDate)) == "2024-10-17"
