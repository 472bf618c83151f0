"""Facts added by the cast3 helper (more cast roles for The Lincoln Lawyer, Ballard and Bosch)."""

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kgtool.namespaces import CU

from helpers import res

LL = "series/the-lincoln-lawyer"


def _role(g, path, actor, character, seasons):
    role = res(path)
    assert (role, RDF.type, CU.CastRole) in g
    assert g.value(role, CU.actor) == res(f"person/{actor}")
    assert g.value(role, CU.character) == res(f"character/{character}")
    got = set(g.objects(role, CU.inSeason))
    work = path.split("/")[1]
    assert got == {res(f"series/{work}/season-{s}") for s in seasons}
    return role


def test_lincoln_lawyer_season_1_prosecutor_and_judge(dataset):
    g = dataset.graph
    _role(g, "role/the-lincoln-lawyer/jeff-golantz", "michael-graziadei", "jeff-golantz", [1])
    _role(g, "role/the-lincoln-lawyer/judge-medina", "marlene-forte", "judge-medina", [1])
    assert (res("person/michael-graziadei"), RDFS.label, Literal("Michael Graziadei", lang="en")) in g


def test_lincoln_lawyer_season_2_case(dataset):
    g = dataset.graph
    _role(g, "role/the-lincoln-lawyer/mitchell-bondurant", "clint-carmichael", "mitchell-bondurant", [2])
    _role(g, "role/the-lincoln-lawyer/howard-obrien", "darien-sills-evans", "howard-obrien", [2])
    _role(g, "role/the-lincoln-lawyer/elena", "angelica-maria", "elena", [2])
    assert (res("person/angelica-maria"), RDFS.label, Literal("Angélica María", lang="en")) in g


def test_series_jesus_menendez_reuses_the_novel_character(dataset):
    g = dataset.graph
    role = _role(g, "role/the-lincoln-lawyer/jesus-menendez", "saul-huezo", "jesus-menendez", [2])
    assert g.value(role, CU.creditedAs) is None
    # the film role of the same character keeps its renamed credit
    assert str(g.value(res("role/film-the-lincoln-lawyer/jesus-menendez"), CU.creditedAs)) == "Jesus Martinez"


def test_lincoln_lawyer_season_3_roles(dataset):
    g = dataset.graph
    _role(g, "role/the-lincoln-lawyer/deborah-glass", "rebekah-kennedy", "deborah-glass", [3])
    role = _role(g, "role/the-lincoln-lawyer/sly-funaro-jr", "christian-antidormi", "sly-funaro-jr", [3])
    assert str(g.value(role, CU.creditedAs)) == "Sly Jr."


def test_lincoln_lawyer_season_4_guests_and_new_cast(dataset):
    g = dataset.graph
    for slug, actor in [("dawn-ruth", "sasha-alexander"), ("celeste-baker", "kyle-richards")]:
        role = _role(g, f"role/the-lincoln-lawyer/{slug}", actor, slug, [4])
        assert g.value(role, CU.castCategory) == CU.GuestCast
    _role(g, "role/the-lincoln-lawyer/lionel-stone", "scott-lawrence", "lionel-stone", [4])
    _role(g, "role/the-lincoln-lawyer/yannick-bamba", "marcus-henderson", "yannick-bamba", [4])
    _role(g, "role/the-lincoln-lawyer/grace", "gigi-zumbado", "grace", [4])
    _role(g, "role/the-lincoln-lawyer/jeanine-ferrigno", "emmanuelle-chriqui", "jeanine-ferrigno", [4])
    # Dana Berg: a 10-episode guest arc
    assert g.value(res("role/the-lincoln-lawyer/dana-berg"), CU.castCategory) == CU.GuestCast


def test_ballard_roles(dataset):
    g = dataset.graph
    _role(g, "role/ballard/leo", "jim-rash", "leo", [1])
    _role(g, "role/ballard/damani", "sharif-atkins", "damani", [1])
    role = _role(g, "role/ballard/chris-alexander", "hamish-linklater", "chris-alexander", [2])
    assert g.value(role, CU.castCategory) == CU.RecurringCast


def test_bosch_season_4_task_force_and_sheehan(dataset):
    g = dataset.graph
    _role(g, "role/bosch/amy-snyder", "winter-ave-zoli", "amy-snyder", [4])
    _role(g, "role/bosch/gabriella-lincoln", "tamberla-perry", "gabriella-lincoln", [4])
    role = _role(g, "role/bosch/frank-sheehan", "jamie-mcshane", "frank-sheehan", [4])
    assert str(g.value(role, CU.creditedAs)) == "Francis Sheehan"
    # same actor and character as the Bosch: Legacy role
    legacy = res("role/bosch-legacy/frank-sheehan")
    assert g.value(legacy, CU.actor) == g.value(role, CU.actor)
