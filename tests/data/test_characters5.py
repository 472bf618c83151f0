"""Facts about characters added by the characters5 helper."""

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kgtool.namespaces import CU

from helpers import res


def test_irving_is_george_irvings_father(dataset):
    g = dataset.graph
    assert (res("character/irvin-irving"), CU.parentOf, res("character/george-irving")) in g
    assert g.value(res("character/george-irving"), RDFS.comment) is not None


def test_makani_is_renee_ballards_mother(dataset):
    g = dataset.graph
    assert (res("character/makani"), CU.parentOf, res("character/renee-ballard")) in g


def test_jerry_edgar_full_name(dataset):
    g = dataset.graph
    assert g.value(res("character/jerry-edgar"), CU.fullName) == Literal("Jerome Edgar", lang="en")
    assert g.value(res("character/jerry-edgar"), CU.firstAppearance) == res("novel/the-black-echo")


def test_new_characters(dataset):
    g = dataset.graph
    for iri, label in (("character/jerry-vincent", "Jerry Vincent"), ("character/carl-nash", "Carl Nash")):
        c = res(iri)
        assert (c, RDF.type, CU.Character) in g
        assert (c, RDFS.label, Literal(label, lang="en")) in g
        assert g.value(c, RDFS.comment) is not None


def test_lucia_soto_alt_label_and_comment(dataset):
    g = dataset.graph
    c = res("character/lucia-soto")
    assert (c, RDFS.label, Literal("Lucia Soto", lang="en")) in g
    assert g.value(c, RDFS.comment) is not None
    assert g.value(c, CU.firstAppearance) == res("novel/the-burning-room")


def test_comments_added(dataset):
    g = dataset.graph
    for name in (
        "kiz-rider",
        "renee-ballard",
        "honey-chandler",
        "cassie-black",
        "maddie-bosch",
        "irvin-irving",
        "howard-elias",
        "tutu",
        "sam-scales",
        "dana-berg",
        "walter-elliot",
        "louis-roulet",
        "david-chu",
    ):
        assert g.value(res(f"character/{name}"), RDFS.comment) is not None, name


def test_full_names_from_character_lists(dataset):
    g = dataset.graph
    expected = {
        "character/detective-kurlen": "Howard Kurlen",
        "character/corliss": "Dwayne Corliss",
        "character/mary-holder": "Mary Townes Holder",
    }
    for iri, name in expected.items():
        assert g.value(res(iri), CU.fullName) == Literal(name, lang="en")


def test_inferred_first_appearances(dataset):
    g = dataset.graph
    expected = {
        "character/jesus-menendez": "novel/the-lincoln-lawyer",
        "character/ronaldo-arrango": "novel/blood-work",
        "character/lance-cronyn": "novel/two-kinds-of-truth",
        "character/finbar-mcshane": "novel/desert-star",
        "character/tutu": "novel/the-late-show",
        "character/dana-berg": "novel/the-law-of-innocence",
    }
    for iri, novel in expected.items():
        assert g.value(res(iri), CU.firstAppearance) == res(novel), iri


def test_lance_cronyn_and_tapscott(dataset):
    g = dataset.graph
    for iri, label in (
        ("character/lance-cronyn", "Lance Cronyn"),
        ("character/bob-tapscott", "Bob Tapscott"),
        ("character/ken-chastain", "Ken Chastain"),
    ):
        assert (res(iri), RDF.type, CU.Character) in g
        assert (res(iri), RDFS.label, Literal(label, lang="en")) in g
