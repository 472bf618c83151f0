"""Every fact of the French article about Ballard that started the project (shared/seed) is in the graph."""

from rdflib import Literal
from rdflib.namespace import XSD

from kgtool.namespaces import CU

from helpers import SEED_ROLES, pairs, res, rows


def test_ballard_is_a_prime_video_series_that_premiered_on_9_july_2025_with_10_episodes(dataset):
    graph = dataset.graph
    ballard = res("series/ballard")
    assert (ballard, CU.platform, res("org/prime-video")) in graph
    assert graph.value(ballard, CU.premiereDate) == Literal("2025-07-09", datatype=XSD.date)
    assert graph.value(res("series/ballard/season-1"), CU.numberOfEpisodes).toPython() == 10


def test_bosch_ran_2014_to_2021_and_legacy_2022_to_2025(dataset):
    graph = dataset.graph
    for series, start, end in (("bosch", 2014, 2021), ("bosch-legacy", 2022, 2025)):
        assert graph.value(res(f"series/{series}"), CU.premiereDate).toPython().year == start
        assert graph.value(res(f"series/{series}"), CU.endDate).toPython().year == end


def test_ballard_is_the_second_spin_off_of_bosch(dataset):
    table = rows(dataset, "spinoffs")
    assert ("Bosch: Legacy", "Bosch") in pairs(table, "seriesTitle", "parentTitle")
    assert ("Ballard", "Bosch") in pairs(table, "seriesTitle", "parentTitle")
    children_of_bosch = [row["seriesTitle"] for row in table if row["parentTitle"] == "Bosch"]
    assert children_of_bosch == ["Bosch: Legacy", "Ballard"]  # ordered by premiere: Ballard is the second


def test_bosch_is_called_harry_bosch_in_french(dataset):
    assert rows(dataset, "spinoffs", lang="fr")[0]["parentTitle"] == "Harry Bosch"


def test_ballard_draws_on_les_tenebres_et_la_nuit_and_l_etoile_du_desert(dataset):
    english = rows(dataset, "adaptations", work="Ballard")
    assert {row["novelTitle"] for row in english} == {"The Dark Hours", "Desert Star"}
    french = rows(dataset, "adaptations", work="Ballard", lang="fr")
    assert {row["novelTitle"] for row in french} == {"Les Ténèbres et la Nuit", "L'Étoile du désert"}


def test_the_eleven_roles_of_the_article(dataset):
    cast = pairs(rows(dataset, "cast", series="Ballard"), "actorName", "characterName")
    for actor, character in SEED_ROLES:
        assert (actor, character) in cast, (actor, character)


def test_the_other_spelling_zamira_finds_samira_parker(dataset):
    # The article, the casting announcement and most reviews spell her Samira (the label); Wikipedia and
    # several recaps Zamira (an alternative label), which must still find her.
    table = rows(dataset, "appearances", character="Zamira Parker")
    assert ("Ballard", "series", "Courtney Taylor") in pairs(table, "workTitle", "workType", "actorName")


def test_titus_welliver_plays_the_same_harry_bosch_as_the_books(dataset):
    roles = pairs(rows(dataset, "roles", actor="Titus Welliver"), "workTitle", "characterName")
    assert {("Bosch", "Harry Bosch"), ("Bosch: Legacy", "Harry Bosch"), ("Ballard", "Harry Bosch")} <= roles
    appearances = rows(dataset, "appearances", character="Harry Bosch")
    assert {"novel", "series"} <= {row["workType"] for row in appearances}
