"""Independent audit (December 2026): facts re-verified on pages found by new searches.

One fact was corrected (test_corrected_sam_scales_seasons). Each other
test below pins a fact that was re-checked on a page other than (or in addition to) the one
already cited, so that a later edit cannot silently break it. Pages: see
docs/curation/research-audit.md.
"""

from rdflib import Literal
from rdflib.namespace import RDFS, XSD

from kgtool.namespaces import CU

from helpers import res

B = "series/bosch"
BL = "series/bosch-legacy"
LL = "series/the-lincoln-lawyer"


def _entry(g, book, series):
    for b in g.objects(res(book), CU.seriesEntry):
        if g.value(b, CU.inSeries) == res(f"book-series/{series}"):
            return g.value(b, CU.position)
    return None


def test_bosch_positions_reverified(dataset):
    # harrybosch.fandom "Harry Bosch series" list and bookseriesinorder.com
    g = dataset.graph
    expected = {"novel/nine-dragons": 14, "novel/the-drop": 15, "novel/the-black-box": 16}
    for book, pos in expected.items():
        assert int(_entry(g, book, "harry-bosch")) == pos


def test_french_years_reverified(dataset):
    # ray-pedoussaut.fr (Incendie nocturne, Calmann-Lévy 2020); atlantico.fr (Les Ténèbres
    # et la Nuit, October 2022); Libération 2 June 2025 (Sous les eaux d'Avalon)
    g = dataset.graph
    expected = {
        "novel/the-night-fire": ("Incendie nocturne", "2020"),
        "novel/the-dark-hours": ("Les Ténèbres et la Nuit", "2022"),
        "novel/nightshade": ("Sous les eaux d'Avalon", "2025"),
    }
    for book, (title, year) in expected.items():
        assert (res(book), RDFS.label, Literal(title, lang="fr")) in g
        assert str(g.value(res(book), CU.frenchPublicationYear)) == year


def test_crime_beat_trade_edition_kept(dataset):
    # Publishers Weekly (Little, Brown, May 8); michaelconnelly.com "Crime Beat (2006)"
    g = dataset.graph
    assert g.value(res("nonfiction/crime-beat"), CU.publicationDate) == Literal("2006-05-08", datatype=XSD.date)


def test_season_sources_reverified(dataset):
    g = dataset.graph
    # Bosch: Legacy season 3: Collider review, tvseriesfinale, novelsuspects
    assert {res("novel/desert-star"), res("novel/the-black-ice")} <= set(g.objects(res(f"{BL}/season-3"), CU.basedOn))
    # Bosch: Legacy season 2: English Wikipedia (mobile) "Based on The Crossing"
    assert res("novel/the-crossing") in set(g.objects(res(f"{BL}/season-2"), CU.basedOn))
    # Bosch season 7: USA Today network (marconews), Collider trailer article
    assert res("novel/the-burning-room") in set(g.objects(res(f"{B}/season-7"), CU.basedOn))


def test_season_dates_reverified(dataset):
    g = dataset.graph
    # movieplayer.it and Basement Rejects: pilot 6 Feb 2014, season 13 Feb 2015
    assert str(g.value(res(f"{B}/season-1"), CU.premiereDate)) == "2014-02-06"
    assert str(g.value(res(f"{B}/season-1/episode-2"), CU.releaseDate)) == "2015-02-13"
    # Level 9: michaelconnelly.com (nine episodes aired), Cult Times (first run 27 Oct 2000)
    assert int(g.value(res("series/level-9/season-1"), CU.numberOfEpisodes)) == 9
    assert str(g.value(res("series/level-9/season-1"), CU.premiereDate)) == "2000-10-27"


def test_episode_credits_reverified(dataset):
    g = dataset.graph
    expected = {
        # TV Tropes and harrybosch.fandom recaps
        f"{B}/season-2/episode-1": ("alex-zakrzewski", {"eric-overmyer"}),
        f"{B}/season-3/episode-1": ("adam-davidson", {"eric-overmyer"}),
        f"{B}/season-3/episode-5": ("sarah-pia-anderson", {"jeffrey-alan-fiskin"}),
        f"{B}/season-3/episode-6": ("ernest-dickerson", {"daniel-pyne"}),
        f"{B}/season-4/episode-1": ("aaron-lipstadt", {"daniel-pyne", "john-mankiewicz"}),
        # tv-recaps-reviews.com reviews
        f"{BL}/season-1/episode-9": ("kate-woods", {"eric-overmyer"}),
        f"{BL}/season-2/episode-7": ("haifaa-al-mansour", {"benjamin-pitts"}),
        f"{LL}/season-4/episode-1": ("ted-humphrey", {"ted-humphrey", "dailyn-rodriguez"}),
        f"{LL}/season-4/episode-7": (
            "dailyn-rodriguez",
            {"gladys-rodriguez", "jake-h-bernstein"},
        ),
        f"{B}/season-7/episode-4": ("patrick-cady", {"lolis-eric-elie"}),
        f"{B}/season-7/episode-7": ("alex-zakrzewski", {"elle-johnson", "mitzi-roberts"}),
        f"{B}/season-7/episode-6": ("patrick-cady", {"alex-meenehan", "jessica-kivnik"}),
        # somanyshows.com case files
        f"{LL}/season-2/episode-9": ("ted-humphrey", {"katy-erin"}),
        f"{LL}/season-1/episode-3": ("erin-feeley", {"ted-humphrey"}),
        f"{LL}/season-3/episode-2": ("alonso-alvarez-barreda", {"gladys-rodriguez"}),
        f"{LL}/season-3/episode-6": ("ben-hernandez-bray", {"katy-erin"}),
        f"{LL}/season-3/episode-8": (
            "jose-gilberto-molinari-rosaly",
            {"gladys-rodriguez", "jake-h-bernstein"},
        ),
        f"{BL}/season-1/episode-8": ("ernest-dickerson", {"osokwe-vasquez"}),
    }
    for ep, (director, writers) in expected.items():
        assert g.value(res(ep), CU.director) == res(f"person/{director}"), ep
        assert set(g.objects(res(ep), CU.writer)) == {res(f"person/{w}") for w in writers}, ep


def test_level_9_cast_reverified(dataset):
    # Cult Times "Instant Guide to Level 9"
    g = dataset.graph
    role = res("role/level-9/wilbert-thibodeaux")
    assert g.value(role, CU.actor) == res("person/michael-kelly")
    assert g.value(role, CU.character) == res("character/wilbert-thibodeaux")


def test_awards_reverified(dataset):
    # awardannals.com annals (1997 Anthony, 1999 Macavity); Booklist blog 2006 (Macavity)
    g = dataset.graph
    for key, work, year in (
        ("the-poet-anthony-best-novel-1997", "novel/the-poet", 1997),
        ("blood-work-macavity-best-novel-1999", "novel/blood-work", 1999),
        ("the-lincoln-lawyer-macavity-best-novel-2006", "novel/the-lincoln-lawyer", 2006),
    ):
        r = res(f"award-result/{key}")
        assert g.value(r, CU.awardee) == res(work)
        assert int(g.value(r, CU.awardYear)) == year
        assert g.value(r, CU.awardOutcome) == CU.Won


def test_corrected_sam_scales_seasons(dataset):
    # Correction: the role was in season 4 only; Collider and CinemaBlend place Sam Scales
    # (Christopher Thornton) in season 3, The Direct and the Mirror (todaycnews copy) in season 1.
    g = dataset.graph
    role = res("role/the-lincoln-lawyer/sam-scales")
    assert g.value(role, CU.actor) == res("person/christopher-thornton")
    assert {res(f"{LL}/season-{n}") for n in (1, 3, 4)} <= set(g.objects(role, CU.inSeason))
