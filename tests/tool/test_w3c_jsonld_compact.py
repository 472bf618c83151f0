"""kgtool.export.compaction.compact gives exactly ``pyld.jsonld.compact``'s output on the W3C JSON-LD compaction
suite (tests/w3c/json-ld-compact, from w3c/json-ld-api, W3C test suite licence in its LICENSE.md) and on what a
Turtle file can hold; on a pyld version it was not proved on, it is plain pyld."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph

from kgtool.export import compaction

SUITE = Path(__file__).resolve().parents[1] / "w3c" / "json-ld-compact"
BASE = "https://w3c.github.io/json-ld-api/tests/"


def loader(url: str, options=None) -> dict:  # noqa: ARG001 (pyld's signature)
    """The suite's files from the copy here; nothing from the network."""
    if not url.startswith(BASE):
        raise jsonld.JsonLdError("not in the suite", "jsonld.LoadDocumentError", code="loading document failed")
    path = SUITE / url[len(BASE) :]
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(path.read_text(encoding="utf-8")),
    }


def cases() -> list[dict]:
    manifest = json.loads((SUITE / "compact-manifest.jsonld").read_text(encoding="utf-8"))
    return [t for t in manifest["sequence"] if "jld:PositiveEvaluationTest" in t["@type"]]


def outcome(function):
    try:
        return ("ok", function())
    except jsonld.JsonLdError as exc:
        return ("error", getattr(exc, "code", None) or exc.type)


@pytest.mark.parametrize("case", cases(), ids=lambda t: t["@id"])
def test_compaction_equals_pyld_on_the_w3c_suite(case):
    options = {"base": BASE + case["input"], "documentLoader": loader}
    for key in ("processingMode", "compactArrays", "compactToRelative"):
        if key in case.get("option", {}):
            options[key] = case["option"][key]
    document = loader(BASE + case["input"])["document"]
    context = loader(BASE + case["context"])["document"]
    expected = outcome(lambda: jsonld.compact(copy.deepcopy(document), copy.deepcopy(context), dict(options)))
    expanded = outcome(lambda: jsonld.expand(copy.deepcopy(document), dict(options)))
    if expanded[0] == "error" or not isinstance(context.get("@context"), (dict, list, str)):
        pytest.skip("pyld cannot expand the input, or the context file has no @context: nothing to compare")
    got = outcome(lambda: compaction.compact(expanded[1], copy.deepcopy(context["@context"]), dict(options)))
    assert got == expected


EDGE_TURTLE = """
@prefix ex: <http://example.org/> .
ex:a ex:p "x"^^<http://example.org/dt%20with%20space> , "y"@en-GB , "z" , 3 , 2.5 , true ;
     ex:q <http://example.org/iri%20encoded> , [ ex:r "nested" ] ;
     ex:s ("list" ex:b) .
"""


def test_compaction_equals_pyld_on_what_turtle_can_hold():
    graph = Graph().parse(data=EDGE_TURTLE, format="turtle")
    expanded = jsonld.from_rdf(graph.serialize(format="nt"), {"format": "application/n-quads", "useNativeTypes": True})
    context = {"ex": "http://example.org/", "p": {"@id": "ex:p"}, "q": {"@id": "ex:q", "@type": "@id"}}
    assert compaction.compact(copy.deepcopy(expanded), context, {}) == jsonld.compact(
        expanded, {"@context": context}, {}
    )


@pytest.mark.parametrize(
    "value",
    [
        {"@id": "http://example.org/a b", "http://example.org/p": [{"@value": "x"}]},  # an IRI with a space
        {"@id": "http://example.org/a", "http://example.org/p": [{"@value": "x", "@type": "_:dt"}]},  # blank datatype
        {"@id": "http://example.org/a", "http://example.org/p": [{"@value": "x", "@type": "http://example.org/a b"}]},
        {"@id": "relative", "http://example.org/p": [{"@id": "also relative"}]},
    ],
)
def test_compaction_equals_pyld_on_edge_cases(value):
    context = {"ex": "http://example.org/", "p": {"@id": "ex:p"}}
    expected = outcome(lambda: jsonld.compact([copy.deepcopy(value)], {"@context": context}, {}))
    assert outcome(lambda: compaction.compact([copy.deepcopy(value)], context, {})) == expected


def test_an_unproved_pyld_version_gets_plain_pyld(monkeypatch):
    monkeypatch.setattr(compaction, "PROVED_ON", frozenset())
    compaction.fast_path.cache_clear()
    try:
        assert not compaction.fast_path()
        expanded = [{"@id": "http://example.org/a", "http://example.org/p": [{"@value": "x"}]}]
        context = {"p": "http://example.org/p"}
        assert compaction.compact(expanded, context, {}) == jsonld.compact(expanded, {"@context": context}, {})
    finally:
        compaction.fast_path.cache_clear()
