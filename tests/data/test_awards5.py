"""Facts added by the awards5 helper: further award results of Connelly's books, of Connelly and of the Blood Work film."""

from rdflib import RDF
from rdflib.namespace import DCTERMS

from kgtool.namespaces import CU

from helpers import award_result, res

EXPECTED = {
    "the-dark-hours-macavity-best-novel-2022": ("macavity-best-novel", "novel/the-dark-hours", "2022", CU.Nominated),
    "the-dark-hours-barry-award-2022": ("barry-award", "novel/the-dark-hours", "2022", CU.Nominated),
    "the-late-show-anthony-best-novel-2018": ("anthony-best-novel", "novel/the-late-show", "2018", CU.Nominated),
    "two-kinds-of-truth-anthony-bill-crider-best-novel-in-series-2018": (
        "anthony-bill-crider-best-novel-in-series",
        "novel/two-kinds-of-truth",
        "2018",
        CU.Nominated,
    ),
    "the-drop-anthony-best-novel-2012": ("anthony-best-novel", "novel/the-drop", "2012", CU.Nominated),
    "the-last-coyote-anthony-best-novel-1996": ("anthony-best-novel", "novel/the-last-coyote", "1996", CU.Nominated),
    "the-lincoln-lawyer-anthony-best-novel-2006": (
        "anthony-best-novel",
        "novel/the-lincoln-lawyer",
        "2006",
        CU.Nominated,
    ),
    "the-gods-of-guilt-goodreads-choice-mystery-thriller-2014": (
        "goodreads-choice-mystery-thriller",
        "novel/the-gods-of-guilt",
        "2014",
        CU.Nominated,
    ),
    "the-late-show-la-times-book-prize-mystery-thriller-2017": (
        "la-times-book-prize-mystery-thriller",
        "novel/the-late-show",
        "2017",
        CU.Finalist,
    ),
    "film-blood-work-future-film-festival-digital-award-2002": (
        "future-film-festival-digital-award",
        "film/blood-work",
        "2002",
        CU.Won,
    ),
    "the-lincoln-lawyer-cwa-ian-fleming-steel-dagger-2006": (
        "cwa-ian-fleming-steel-dagger",
        "novel/the-lincoln-lawyer",
        "2006",
        CU.Finalist,
    ),
    "the-brass-verdict-cwa-ian-fleming-steel-dagger-2009": (
        "cwa-ian-fleming-steel-dagger",
        "novel/the-brass-verdict",
        "2009",
        CU.Shortlisted,
    ),
    "the-reversal-harper-lee-prize-2011": ("harper-lee-prize", "novel/the-reversal", "2011", CU.Finalist),
    "michael-connelly-la-times-book-prizes-2021": (
        "la-times-book-prizes",
        "person/michael-connelly",
        "2021",
        CU.Finalist,
    ),
    "fair-warning-audie-award-mystery-2021": ("audie-award-mystery", "novel/fair-warning", "2021", CU.Finalist),
    "michael-connelly-theakston-outstanding-contribution-to-crime-fiction-2022": (
        "theakston-outstanding-contribution-to-crime-fiction",
        "person/michael-connelly",
        "2022",
        CU.Won,
    ),
}


def test_new_award_results(dataset):
    g = dataset.graph
    for slug, (award, awardee, year, outcome) in EXPECTED.items():
        assert award_result(g, slug) == (res(f"award/{award}"), res(awardee), year, outcome), slug
        assert (res(f"award/{award}"), RDF.type, CU.Award) in g, award
        assert g.value(res(f"award-result/{slug}"), DCTERMS.source) is not None, slug


def test_city_of_bones_macavity_2003_is_a_nomination(dataset):
    g = dataset.graph
    node = res("award-result/city-of-bones-macavity-best-novel-2003")
    assert g.value(node, CU.awardOutcome) == CU.Nominated
    assert str(g.value(node, CU.awardYear)) == "2003"


def test_steel_dagger_presented_by_the_cwa(dataset):
    g = dataset.graph
    assert g.value(res("award/cwa-ian-fleming-steel-dagger"), CU.presenter) == res("org/crime-writers-association")


def test_echo_park_won_the_2006_la_times_book_prize(dataset):
    g = dataset.graph
    node = res("award-result/echo-park-la-times-book-prize-mystery-thriller-2006")
    assert g.value(node, CU.awardOutcome) == CU.Won
    assert g.value(node, CU.awardee) == res("novel/echo-park")
