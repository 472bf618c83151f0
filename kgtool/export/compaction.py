"""pyld's JSON-LD compaction, made fast for graph-sized input by memoising what repeats.

Compacting a graph of 100k triples with ``pyld.jsonld.compact`` takes about 8 s: pyld expands its input
again, then for every value of every node selects a term by walking the context, and looks the term's
definition up several times. :class:`Compactor` is pyld's own processor (pyld 3) that keeps the answers
of its pure steps instead of computing them again, without changing any result:

* ``_compact_iri`` (term selection, compact IRIs, IRIs relative to ``@base``) is a pure function of the
  active context, the IRI, the flags and what it reads of the value, so its answers are kept, keyed by
  :meth:`Compactor._shape`;
* ``_compact_value`` of a value object reads its ``@value`` only to ask whether it is a string, and
  returns it or puts it in the object it returns, so its answer is kept as a template per term and shape;
* pyld expands its input again before compacting it: :func:`compact` skips that when the expansion would
  give the input back unchanged (:func:`kept_by_expansion`), as for what ``from_rdf`` writes;
* a node object of the form ``from_rdf`` writes (``@id``, ``@type`` and properties whose values are
  value objects, node references or node objects) in a context without scoped contexts, ``@nest`` or
  containers other than ``@set`` and ``@language`` is compacted by :meth:`Compactor._compact_node`,
  which takes the branches pyld's ``_compact`` takes for such input, in the same order, calling pyld's
  own functions for each step; any other node, value or context goes to pyld's ``_compact``.

tests/tool/test_compaction.py compares the results with plain ``pyld.jsonld.compact`` on the real graph, the
schema.org view and graphs built to reach every branch.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pyld.jsonld import JsonLdProcessor

JsonObject = dict[str, Any]

_MISSING = object()
_READ_FURTHER = ("@index", "@graph", "@list", "@preserve")
_VALUE_KEYS = frozenset({"@value", "@type", "@language"})
_LABELS = frozenset({"@type", "@language"})
_CONTAINERS = frozenset({"@set", "@language"})
# pyld 3's test for an absolute IRI (a scheme, a colon, no white space), written out here so that no private
# function of pyld is imported.
_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")


class _Probe(str):
    """A string that is only ever itself: it stands for a string ``@value`` while a template is made."""


PROVED_ON = frozenset({"3.3.0"})
"""The pyld versions on which :class:`Compactor` was proved to give ``pyld.jsonld.compact``'s output (it
follows pyld's internal steps): tests/tool/test_compaction.py, and the W3C compaction suite in
tests/tool/test_w3c_jsonld_compact.py. With any other version, plain ``pyld.jsonld.compact`` runs."""


@cache
def fast_path() -> bool:
    """Whether the installed pyld is one :class:`Compactor` was proved on (:data:`PROVED_ON`)."""
    try:
        return version("PyLD") in PROVED_ON
    except PackageNotFoundError:
        return False


def compact(expanded: list[JsonObject], context: JsonObject, options: JsonObject) -> JsonObject:
    """``pyld.jsonld.compact(expanded, {"@context": context}, options)``, by :class:`Compactor` where proved.

    pyld expands its input before compacting it; that is skipped when it would give the input back
    unchanged (:func:`kept_by_expansion`), as it does for what pyld's ``from_rdf`` writes. On a pyld version
    the compactor was not proved on, plain ``pyld.jsonld.compact`` runs.
    """
    if not fast_path():
        from pyld import jsonld

        return jsonld.compact(expanded, {"@context": context}, options)
    skip = kept_by_expansion(expanded)
    return Compactor().compact(expanded, {"@context": context}, {**options, "skipExpansion": skip})


def kept_by_expansion(nodes: list[JsonObject]) -> bool:
    """Whether pyld's expansion (without a context) gives ``nodes`` back unchanged.

    True for a list of node objects that are not bare references, whose keys are ``@id``, ``@type`` (a
    list) or IRIs, whose property values are non-empty lists of value objects (``@value`` with a
    lowercase ``@language`` or an ``@type``), node references and such node objects, and whose IRIs are
    blank node labels or absolute IRIs (:func:`_kept_iri`). Expansion lowercases language tags and
    resolves or drops IRIs that are not absolute; nothing else of this form changes.
    """
    kept: set[str] = set()  # the IRIs found kept so far (most recur, and pyld's strings are shared)

    def iri_kept(iri: Any) -> bool:
        if not isinstance(iri, str):
            return False
        if iri not in kept:
            if not _kept_iri(iri):
                return False
            kept.add(iri)
        return True

    def node_kept(node: JsonObject) -> bool:
        for key, values in node.items():
            if key == "@id":
                if not iri_kept(values):
                    return False
            elif key == "@type":
                if not isinstance(values, list) or not values or not all(map(iri_kept, values)):
                    return False
            elif key.startswith("@") or not iri_kept(key) or not isinstance(values, list) or not values:
                return False
            else:
                for value in values:
                    if not isinstance(value, dict) or not value:
                        return False
                    if "@value" in value:
                        if not value_kept(value):
                            return False
                    elif len(value) == 1 and "@id" in value:
                        if not iri_kept(value["@id"]):
                            return False
                    elif not node_kept(value):
                        return False
        return True

    def value_kept(value: JsonObject) -> bool:
        if not _VALUE_KEYS.issuperset(value):
            return False
        literal, language, type_ = value["@value"], value.get("@language"), value.get("@type")
        if language is not None:
            return (
                type_ is None
                and isinstance(literal, str)
                and isinstance(language, str)
                and language == language.lower()
            )
        if type_ == "@json":
            return True
        # a value's @type must be an absolute IRI to pyld's expansion (not a blank node, no white space)
        return isinstance(literal, str | int | float) and (type_ is None or _datatype_kept(type_))

    return all(isinstance(node, dict) and not _is_bare(node) and node_kept(node) for node in nodes)


class Compactor(JsonLdProcessor):
    """pyld's processor with its IRI and value compaction memoised and a direct path for plain nodes."""

    def __init__(self) -> None:
        super().__init__()
        self._iris: dict[tuple, Any] = {}
        self._items: dict[tuple, tuple[str, bool, bool]] = {}
        self._values: dict[tuple, Any] = {}
        self._references: dict[tuple, tuple[bool, str | None]] = {}
        self._plain: dict[int, bool] = {}
        self._contexts: dict[int, JsonObject] = {}  # keeps every context whose id is in a key alive

    def _compact_iri(self, active_ctx, iri, value=None, vocab=False, base=None, reverse=False):  # type: ignore[no-untyped-def]
        """pyld's ``_compact_iri``, memoised on everything it reads (see :meth:`_shape`)."""
        shape = self._shape(active_ctx, value)
        if shape is _MISSING:
            return super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
        key = (id(active_ctx), iri, shape, vocab, base, reverse)
        found = self._iris.get(key, _MISSING)
        if found is _MISSING:
            self._contexts[id(active_ctx)] = active_ctx
            found = self._iris[key] = super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
        return found

    def _shape(self, active_ctx: JsonObject, value: Any) -> Any:
        """What pyld 3's ``_compact_iri`` (and the ``_select_term`` it calls) reads of ``value``, as a key.

        Of a value object (``@value``): its keys and the values of all but ``@value``. Of a node object:
        whether it has an ``@id`` and, if so, whether that IRI compacts to a term defined as exactly that
        IRI (``_select_term`` then prefers ``@vocab`` terms), which it cannot if no term of the context
        maps to it (the inverse context lists the IRI of every term). Objects with ``@index``, ``@graph``,
        ``@list`` or ``@preserve`` are read further: ``_MISSING``, not memoised.
        """
        if value is None:
            return None
        if not isinstance(value, dict) or not value.keys().isdisjoint(_READ_FURTHER):
            return _MISSING
        if "@value" in value:
            rest = tuple(sorted((key, item) for key, item in value.items() if key != "@value"))
            return ("value", rest) if all(isinstance(item, str) for _, item in rest) else _MISSING
        if "@id" not in value:
            return ("node",)
        node_id = value["@id"]
        if not isinstance(node_id, str):
            return _MISSING
        if node_id not in self._get_inverse_context(active_ctx):
            return ("node", False)
        term = self._compact_iri(active_ctx, node_id, None, vocab=True)
        mapping = active_ctx["mappings"].get(term)
        return ("node", bool(term is not None and mapping and mapping["@id"] == node_id))

    def _compact(self, active_ctx, active_property, element, options):  # type: ignore[no-untyped-def]
        """pyld's ``_compact``, or :meth:`_compact_node` for a plain node object in a plain context."""
        if (
            isinstance(element, dict)
            and options["compactArrays"]
            and options["link"] is False
            and (active_property is None or not active_property.startswith("@"))
            and self._is_plain(active_ctx)
        ):
            compacted = self._compact_node(active_ctx, element, options)
            if compacted is not None:
                return compacted
        return super()._compact(active_ctx, active_property, element, options)

    def _is_plain(self, active_ctx: JsonObject) -> bool:
        """Whether no term has a scoped context or ``@nest``, and every container is ``@set``/``@language``."""
        plain = self._plain.get(id(active_ctx))
        if plain is None:
            self._contexts[id(active_ctx)] = active_ctx
            plain = self._plain[id(active_ctx)] = "previousContext" not in active_ctx and all(
                mapping is None
                or (
                    "@context" not in mapping
                    and "@nest" not in mapping
                    and _CONTAINERS.issuperset(JsonLdProcessor.arrayify(mapping.get("@container", [])))
                )
                for mapping in active_ctx["mappings"].values()
            )
        return plain

    def _compact_node(self, active_ctx: JsonObject, element: JsonObject, options: JsonObject) -> JsonObject | None:
        """pyld 3's ``_compact`` of a node object as from_rdf writes them, in a plain context; else None.

        The node has an ``@id`` string, an ``@type`` list of strings and properties (not keywords) whose
        values are non-empty lists of value objects (``@value`` with an ``@type`` or ``@language``
        string), node references (``@id`` alone) or node objects (neither lists nor graphs). In a plain
        context pyld's scoped-context steps change nothing (no term has a context, so the active context
        stays the same throughout), and a value is never a list, a graph, or in a map other than a
        language map: these are the branches of ``_compact`` that run, in its order. For anything else
        this returns None (having only memoised answers on the way), and pyld's ``_compact`` does the work.
        """
        if "@value" in element or "@list" in element or (len(element) == 1 and "@id" in element):
            return None
        add_value = JsonLdProcessor.add_value
        rval: JsonObject = {}
        for expanded_property, expanded_value in sorted(element.items()):
            if expanded_property == "@id":
                if not isinstance(expanded_value, str):
                    return None
                compacted = self._compact_iri(active_ctx, expanded_value, vocab=False, base=options.get("base", ""))
                add_value(rval, self._compact_iri(active_ctx, "@id"), [compacted])
            elif expanded_property == "@type":
                if not isinstance(expanded_value, list) or not all(isinstance(iri, str) for iri in expanded_value):
                    return None
                add_value(rval, *self._compact_types(active_ctx, expanded_value))
            elif expanded_property.startswith("@") or not isinstance(expanded_value, list) or not expanded_value:
                return None
            else:
                for item in expanded_value:
                    if not isinstance(item, dict) or "@list" in item or "@graph" in item:
                        return None
                    if "@value" in item:
                        if not _VALUE_KEYS.issuperset(item) or not all(
                            isinstance(item[k], str) for k in _LABELS & item.keys()
                        ):
                            return None
                        term, language_map, as_set = self._item(active_ctx, expanded_property, item)
                        compacted_item = self._compact_value_object(active_ctx, term, item, options)
                    elif len(item) == 1 and "@id" in item:
                        if not isinstance(item["@id"], str):
                            return None
                        term, language_map, as_set = self._item(active_ctx, expanded_property, item)
                        compacted_item = self._compact_reference(active_ctx, term, item["@id"], options)
                    else:
                        term, language_map, as_set = self._item(active_ctx, expanded_property, item)
                        compacted_item = self._compact(active_ctx, term, item, options)
                    if language_map:
                        map_object = rval.setdefault(term, {})
                        if isinstance(compacted_item, dict) and "@value" in compacted_item:
                            compacted_item = compacted_item["@value"]
                        key = item.get("@language") or self._compact_iri(active_ctx, "@none")
                        add_value(map_object, key, compacted_item, {"propertyIsArray": as_set})
                    else:
                        add_value(rval, term, compacted_item, {"propertyIsArray": as_set or compacted_item == []})
        return rval

    def _compact_types(self, active_ctx: JsonObject, types: list[str]) -> tuple[str, Any, JsonObject]:
        """The key, value and ``add_value`` options pyld's ``_compact`` gives ``@type`` in a plain context."""
        compacted = [self._compact_iri(active_ctx, iri, vocab=True) for iri in types]
        value: Any = compacted[0] if len(compacted) == 1 else compacted
        alias = self._compact_iri(active_ctx, "@type")
        container = JsonLdProcessor.arrayify(JsonLdProcessor.get_context_value(active_ctx, alias, "@container"))
        is_array = ("@set" in container and self._processing_mode(active_ctx, 1.1)) or value == []
        return alias, value, {"propertyIsArray": is_array}

    def _item(self, active_ctx: JsonObject, expanded_property: str, item: JsonObject) -> tuple[str, bool, bool]:
        """The term pyld chooses for a value of ``expanded_property``, and whether its container has
        ``@language`` and ``@set``; kept per property and value shape (the term depends on nothing else).
        """
        shape = self._shape(active_ctx, item)
        key = (id(active_ctx), expanded_property, shape)
        found = self._items.get(key) if shape is not _MISSING else None
        if found is None:
            term = self._compact_iri(active_ctx, expanded_property, item, vocab=True, reverse=False)
            container = JsonLdProcessor.arrayify(JsonLdProcessor.get_context_value(active_ctx, term, "@container"))
            found = (term, "@language" in container, "@set" in container)
            if shape is not _MISSING:
                self._contexts[id(active_ctx)] = active_ctx
                self._items[key] = found
        return found

    def _compact_value_object(self, active_ctx: JsonObject, term: str, value: JsonObject, options: JsonObject) -> Any:
        """pyld's ``_compact_value`` of a value object, from a template made once per term and shape."""
        literal = value["@value"]
        rest = tuple(sorted((key, item) for key, item in value.items() if key != "@value"))
        key = (id(active_ctx), term, rest, isinstance(literal, str))
        template = self._values.get(key)
        if template is None:
            self._contexts[id(active_ctx)] = active_ctx
            template = self._values[key] = self._value_template(active_ctx, term, value, options)
        if template is False:
            return self._compact_value(active_ctx, term, value, options)
        probe, answer = template
        if answer is None:
            return literal
        return {name: literal if item is probe else item for name, item in answer.items()}

    def _value_template(self, active_ctx: JsonObject, term: str, value: JsonObject, options: JsonObject) -> Any:
        """pyld's answer for ``value`` with a probe as its ``@value``: ``(probe, None)`` if it is the probe.

        ``_compact_value`` reads ``@value`` only to ask whether it is a string, and returns it or puts it
        in the object it returns, so its answer for the probe is its answer for every such value, with the
        value in the probe's place. False if the answer is not of that form: pyld is then asked every time.
        """
        probe = _Probe() if isinstance(value["@value"], str) else object()
        answer = self._compact_value(active_ctx, term, {**value, "@value": probe}, options)
        if answer is probe:
            return (probe, None)
        if isinstance(answer, dict) and [item is probe for item in answer.values()].count(True) == 1:
            return (probe, answer)
        return False

    def _compact_reference(self, active_ctx: JsonObject, term: str, iri: str, options: JsonObject) -> Any:
        """pyld 3's ``_compact_value`` of the node reference ``{"@id": iri}`` under ``term``.

        What it looks up for ``term`` (the expanded term, its ``@type`` and the alias of ``@id``) is kept.
        """
        plan = self._references.get((id(active_ctx), term))
        if plan is None:
            self._contexts[id(active_ctx)] = active_ctx
            expanded_property = self._expand_iri(active_ctx, term, vocab=True)
            type_ = JsonLdProcessor.get_context_value(active_ctx, term, "@type")
            scalar = type_ in ("@id", "@vocab") or expanded_property == "@graph"
            alias = None if scalar else self._compact_iri(active_ctx, "@id")
            plan = self._references[(id(active_ctx), term)] = (type_ == "@vocab", alias)
        vocab, alias = plan
        compacted = self._compact_iri(active_ctx, iri, vocab=vocab, base=options.get("base", ""))
        return compacted if alias is None else {alias: compacted}


def _is_bare(node: JsonObject) -> bool:
    """An empty object or a bare node reference: expansion drops them from the top level."""
    return not node or (len(node) == 1 and "@id" in node)


def _kept_iri(iri: str) -> bool:
    """Whether pyld's ``_expand_iri`` with no context returns ``iri`` as it is: a blank node label, or a
    string with a scheme (before a first colon) that is followed by ``//`` or that pyld finds absolute.
    """
    colon = iri.find(":")
    return colon > 0 and (iri[:colon] == "_" or iri[colon + 1 :].startswith("//") or bool(_ABSOLUTE_IRI.match(iri)))


def _datatype_kept(iri: Any) -> bool:
    """Whether pyld's expansion keeps a value's ``@type``: an absolute IRI by its rule, never a blank node."""
    return isinstance(iri, str) and not iri.startswith("_:") and bool(_ABSOLUTE_IRI.match(iri))
