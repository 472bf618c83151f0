"""Facts added by the ballard data helper: Ballard's episodes and seasons, Level 9, and the film casts."""

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS, XSD

from kgtool.namespaces import CU

from helpers import res


def _en(graph, subject, predicate=RDFS.label):
    return {str(o) for o in graph.objects(subject, predicate) if getattr(o, "language", None) == "en"}


def test_ballard_season_1_episodes_released_on_9_july_2025(dataset):
    graph = dataset.graph
    season = res("series/ballard/season-1")
    episodes = set(graph.subjects(CU.episodeOf, season))
    assert graph.value(season, CU.numberOfEpisodes).toPython() == 10
    # episode 9: title not found on any page, not described yet
    assert {graph.value(e, CU.episodeNumber).toPython() for e in episodes} == set(range(1, 11)) - {9}
    for episode in episodes:
        assert graph.value(episode, CU.releaseDate) == Literal("2025-07-09", datatype=XSD.date)


def test_ballard_episode_titles_and_the_credits_of_episode_5(dataset):
    graph = dataset.graph
    titles = {1: "Library of Lost Souls", 2: "Haystacks", 3: "BYOB", 8: "Last Call", 10: "End of the Line"}
    for number, title in titles.items():
        assert _en(graph, res(f"series/ballard/season-1/episode-{number}")) == {title}
    episode_5 = res("series/ballard/season-1/episode-5")
    assert _en(graph, episode_5) == {"What's Done in the Dark"}
    # Episode gaps pass: TV Recaps & Reviews and kwavesandbeyond credit Tori Garrett as director and
    # Brandi Nicole as writer (Decider had them the other way round); see the note on the episode.
    assert graph.value(episode_5, CU.director) == res("person/tori-garrett")
    assert graph.value(episode_5, CU.writer) == res("person/brandi-nicole")


def test_courtney_taylor_plays_samira_parker_also_spelled_zamira(dataset):
    graph = dataset.graph
    character = res("character/zamira-parker")
    assert _en(graph, character) == {"Samira Parker"}
    assert _en(graph, character, SKOS.altLabel) == {"Zamira Parker"}
    assert graph.value(character, SKOS.editorialNote) is not None
    role = res("role/ballard/zamira-parker")
    assert graph.value(role, CU.castCategory) == CU.MainCast
    assert _en(graph, role) == {"Courtney Taylor as Samira Parker in Ballard"}


def test_ballard_season_2_is_renewed_but_not_released(dataset):
    graph = dataset.graph
    series, season = res("series/ballard"), res("series/ballard/season-2")
    assert graph.value(season, CU.seasonOf) == series
    assert graph.value(season, CU.seasonNumber).toPython() == 2
    assert graph.value(season, CU.premiereDate) is None
    assert graph.value(series, CU.status) == CU.Renewed
    assert graph.value(series, CU.numberOfSeasons).toPython() == 1
    assert graph.value(series, CU.numberOfEpisodes).toPython() == 10
    assert season in set(graph.objects(res("role/ballard/renee-ballard"), CU.inSeason))


def test_rosanna_arquette_plays_renees_mother_renamed_jenny(dataset):
    graph = dataset.graph
    role = res("role/ballard/jenny-ballard")
    assert graph.value(role, CU.actor) == res("person/rosanna-arquette")
    assert graph.value(role, CU.character) == res("character/makani")
    assert str(graph.value(role, CU.creditedAs)) == "Jenny Ballard"
    assert graph.value(role, CU.inSeason) == res("series/ballard/season-2")


def test_mo_bassi_guest_stars_in_ballard(dataset):
    role = res("role/ballard/maurice-bassi")
    assert dataset.graph.value(role, CU.castCategory) == CU.GuestCast
    assert dataset.graph.value(role, CU.character) == res("character/maurice-bassi")


def test_level_9_was_a_cancelled_upn_series_co_created_by_connelly(dataset):
    graph = dataset.graph
    series, season = res("series/level-9"), res("series/level-9/season-1")
    assert (series, CU.platform, res("org/upn")) in graph
    assert (res("org/upn"), RDFS.label, Literal("UPN", lang="en")) in graph
    assert res("person/michael-connelly") in set(graph.objects(series, CU.creator))
    assert res("person/john-sacret-young") in set(graph.objects(series, CU.creator))
    assert graph.value(series, CU.premiereDate) == Literal("2000-10-27", datatype=XSD.date)
    assert graph.value(series, CU.status) == CU.Cancelled
    assert graph.value(season, CU.seasonOf) == series
    assert graph.value(season, CU.numberOfEpisodes).toPython() == 9
    assert "13" in str(graph.value(series, SKOS.editorialNote))


def test_level_9_main_cast(dataset):
    graph = dataset.graph
    role = res("role/level-9/annie-price")
    assert graph.value(role, CU.actor) == res("person/kate-hodge")
    assert graph.value(role, CU.castCategory) == CU.MainCast
    assert graph.value(role, CU.inSeason) == res("series/level-9/season-1")
    assert len(set(graph.subjects(CU.work, res("series/level-9")))) == 8


def test_the_lincoln_lawyer_film_renames_levin_and_menendez(dataset):
    graph = dataset.graph
    levin = res("role/film-the-lincoln-lawyer/raul-levin")
    assert str(graph.value(levin, CU.creditedAs)) == "Frank Levin"
    martinez = res("role/film-the-lincoln-lawyer/jesus-menendez")
    assert graph.value(martinez, CU.actor) == res("person/michael-pena")
    assert graph.value(martinez, CU.character) == res("character/jesus-menendez")
    assert str(graph.value(martinez, CU.creditedAs)) == "Jesus Martinez"
    cranston = res("role/film-the-lincoln-lawyer/detective-lankford")
    assert graph.value(cranston, CU.actor) == res("person/bryan-cranston")
    leguizamo = res("role/film-the-lincoln-lawyer/val-valenzuela")
    assert graph.value(leguizamo, CU.character) == res("character/val-valenzuela")
    assert graph.value(res("film/the-lincoln-lawyer"), CU.writer) == res("person/john-romano")


def test_blood_work_cast_and_screenplay(dataset):
    graph = dataset.graph
    film = res("film/blood-work")
    assert graph.value(film, CU.writer) == res("person/brian-helgeland")
    arrango = res("role/film-blood-work/ronaldo-arrango")
    assert graph.value(arrango, CU.actor) == res("person/paul-rodriguez")
    assert graph.value(arrango, CU.work) == film
    graciela = res("role/film-blood-work/graciela-rivers")
    assert str(graph.value(graciela, CU.creditedAs)) == "Graciella Rivers"
    assert graph.value(res("role/film-blood-work/terry-mccaleb"), CU.castCategory) == CU.MainCast
