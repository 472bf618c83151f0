"""Checks beyond the shapes: SPARQL SELECT queries in ``checks/`` that return only violations.

As ROBOT's ``report`` and ODK's ``*-violation`` queries do, each ``checks/NAME.rq`` is one check: a
comment header that says the problem and the fix (``# Problem: …`` and ``# Fix: …``), then a SELECT
that returns ``?entity ?property ?value`` (``?property`` and ``?value`` may stay unbound) and an
optional ``?message``, one row per violation. ``checks/profile.yaml`` gives each check its severity
(``error``, ``warning`` or ``info``).

The queries run on Oxigraph (rdflib's SPARQL engine takes seconds for what Oxigraph does in
milliseconds): on the store of a :class:`~kgtool.store.view.StoreView`. Restricted to some entities, a
check runs once per entity with ``?entity`` substituted (SEP-0007 substitution), so it costs the same
whatever the graph's size; except a check with a sub-SELECT that does not return ``?entity`` (a substituted
``?entity`` does not reach it): it runs once over the whole graph and its rows for those entities are kept.
Where a message needs more than SPARQL (a "did you mean" among the ontology's terms, the reading of a BCP 47
language tag), the query finds the candidates and Python only words the message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from kgtool.errors import InputError
from kgtool.namespaces import CU
from kgtool.sparql_text import read_query_file
from kgtool.store.view import as_view
from kgtool.validate.findings import Finding

if TYPE_CHECKING:
    from kgtool.store.dataset import Dataset
    from kgtool.store.view import StoreView

CHECKS_DIR = Path("checks")
PROFILE_FILE = CHECKS_DIR / "profile.yaml"
SEVERITY_LEVELS = ("error", "warning", "info")
SUPPORTED_LANGUAGES = ("en", "fr")

_HEADER_FIELD = re.compile(r"^#\s*(Problem|Fix):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s+(\S.*)$")


@dataclass(frozen=True)
class Check:
    """One SPARQL check: its name (the file name), query, documented problem and fix, and severity."""

    name: str
    path: Path
    query: str
    problem: str
    fix: str
    severity: str
    variables: frozenset[str]

    @cached_property
    def whole_graph(self) -> bool:
        """Whether a sub-SELECT of the query does not return ``?entity``: a substituted ``?entity`` does not
        reach it, so for each entity it would do its whole work again."""
        code = re.sub(r"#[^\n]*", "", self.query)  # comments (a '#' in an IRI only makes this True: still correct)
        projections = re.findall(r"\bSELECT\b(.*?)\bWHERE\b", code, flags=re.IGNORECASE | re.DOTALL)
        return any(not re.search(r"[?$]entity\b", projection) for projection in projections[1:])


def load_checks(root: Path) -> list[Check]:
    """Every ``checks/*.rq`` under ``root``, in name order, with its severity from the profile.

    Raises :class:`InputError` for a query that is not a SELECT returning ``?entity``, a header without
    ``Problem:`` and ``Fix:``, and a profile that misses a check, names an unknown one or gives a
    severity other than error, warning or info.
    """
    folder = root / CHECKS_DIR
    if not folder.is_dir():
        raise InputError(f"{CHECKS_DIR}/: no such folder in {root} (it holds the SPARQL checks and profile.yaml)")
    profile = load_profile(root / PROFILE_FILE)
    checks = []
    for path in sorted(folder.glob("*.rq")):
        shown = CHECKS_DIR / path.name
        text = read_query_file(path)
        variables = _select_variables(text, shown)
        if "entity" not in variables:
            raise InputError(f"{shown}: a check must return ?entity (and may return ?property, ?value, ?message)")
        problem, fix = _header(text, shown)
        if path.stem not in profile:
            raise InputError(f"{PROFILE_FILE}: no severity for check {path.stem!r} (add '{path.stem}: error')")
        checks.append(Check(path.stem, shown, text, problem, fix, profile[path.stem][0], variables))
    known = {check.name for check in checks}
    for name, (_, line) in profile.items():
        if name not in known:
            raise InputError(f"{PROFILE_FILE}:{line}: check {name!r} has no file {CHECKS_DIR / (name + '.rq')}")
    return checks


def load_profile(path: Path) -> dict[str, tuple[str, int]]:
    """``{check name: (severity, line)}`` from the profile file (a YAML mapping)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{PROFILE_FILE}: no such file (it gives each check its severity)") from None
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise InputError(f"{PROFILE_FILE}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{PROFILE_FILE}: expected lines 'check-name: error|warning|info'")
    profile: dict[str, tuple[str, int]] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(value, yaml.ScalarNode) or value.value not in SEVERITY_LEVELS:
            shown = value.value if isinstance(value, yaml.ScalarNode) else "a list or mapping"
            raise InputError(
                f"{PROFILE_FILE}:{line}: check {key.value!r} has severity {shown!r}; expected error, warning or info"
            )
        profile[str(key.value)] = (value.value, line)
    return profile


def run_checks(source: StoreView | Dataset, checks: list[Check], focus: Iterable[Node] | None = None) -> list[Finding]:
    """Run ``checks`` over the whole graph, or only for the entities in ``focus``; return located findings.

    With ``focus``, each check runs once per focus entity and once per blank node that entity owns (a
    book's series entry), with ``?entity`` bound to it: the result equals the whole-graph run's rows
    whose entity is one of them. A check with a sub-SELECT that does not return ``?entity`` runs once over
    the whole graph instead (bound, it would repeat that sub-SELECT's work for each entity), and keeps the
    rows of those entities.
    """
    from pyoxigraph import Variable

    if not checks:
        return []
    view = as_view(source)
    bindings: list[dict] = [{}]
    kept = None
    if focus is not None:
        subjects = _with_owned_blank_nodes(view, focus)
        kept = {term for term in map(view.to_oxigraph, subjects) if term is not None}
        bindings = [{Variable("entity"): term} for term in kept]
    messages = _Messages(view)
    findings = []
    for check in checks:
        whole = kept is not None and check.whole_graph
        for substitutions in [{}] if whole else bindings:
            for row in view.store.query(check.query, substitutions=substitutions or None):
                if whole and row["entity"] not in kept:
                    continue
                entity = view.to_rdflib(row["entity"])
                if entity is None:
                    continue
                prop, value, given = (
                    view.to_rdflib(row[name]) if name in check.variables else None
                    for name in ("property", "value", "message")
                )
                message = str(given) if given is not None else check.problem
                refine = MESSAGES.get(check.name)
                if refine is not None:
                    message = refine(messages, entity, prop, value, message)
                owner = view.owner(entity)
                findings.append(
                    Finding(
                        severity=check.severity,
                        entity=owner,
                        label=view.label(owner),
                        message=message,
                        path=prop if isinstance(prop, URIRef) else None,
                        value=value,
                        check=check.name,
                        location=view.locate(owner),
                    )
                )
    return list(dict.fromkeys(findings))


def _header(text: str, shown: Path) -> tuple[str, str]:
    """The ``Problem:`` and ``Fix:`` paragraphs of a check's comment header."""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER_FIELD.match(line):
            current = fields.setdefault(match.group(1), [])
            current.append(match.group(2))
        elif current is not None and line.startswith("#  ") and (match := _CONTINUATION.match(line)):
            current.append(match.group(1))
        else:
            current = None
    missing = [name for name in ("Problem", "Fix") if name not in fields]
    if missing:
        wanted = " and ".join(f"'# {name}: …'" for name in missing)
        raise InputError(f"{shown}:1: the comment header needs {wanted} (what is wrong, and how to fix it)")
    return " ".join(fields["Problem"]), " ".join(fields["Fix"])


def _select_variables(text: str, shown: Path) -> frozenset[str]:
    """The variables a SELECT query returns; :class:`InputError` (``file:line:column``) for anything else."""
    from pyoxigraph import QuerySolutions, Store

    try:
        result = Store().query(text)
    except SyntaxError as exc:
        where, _, reason = str(exc).removeprefix("error at ").partition(": ")
        raise InputError(f"{shown}:{where}: SPARQL syntax error: {reason}") from None
    if not isinstance(result, QuerySolutions):
        raise InputError(f"{shown}: a check must be a SELECT query returning ?entity ?property ?value")
    return frozenset(v.value for v in result.variables)


def _with_owned_blank_nodes(view: StoreView, focus: Iterable[Node]) -> list[Node]:
    """The focus entities, each followed by the blank nodes it owns (recursively)."""
    out: list[Node] = []
    seen: set[Node] = set()
    stack = list(reversed(list(focus)))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        out.append(node)
        stack.extend(o for o in view.objects(node) if isinstance(o, BNode) and o not in seen)
    return out


class _Messages:
    """What the Python-worded messages need to know about the graph, computed once per run."""

    def __init__(self, view: StoreView) -> None:
        self.view = view

    @cached_property
    def terms(self) -> dict[URIRef, set[URIRef]]:
        """Every term the ontology defines in the cu: namespace, with its types."""
        defined: dict[URIRef, set[URIRef]] = {}
        query = f"SELECT ?term ?kind WHERE {{ ?term a ?kind FILTER (STRSTARTS(STR(?term), {str(CU)!r})) }}"
        for term, kind in self.view.store.query(query):
            defined.setdefault(self.view.to_rdflib(term), set()).add(self.view.to_rdflib(kind))
        return defined

    def nearest_term(self, term: URIRef, as_property: bool) -> URIRef | None:
        """The defined cu: term closest in spelling to ``term`` (a property when ``as_property``)."""
        property_kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
        candidates = {
            str(t)[len(str(CU)) :].lower(): t
            for t, kinds in self.terms.items()
            if as_property == bool(kinds & property_kinds)
        }
        local = str(term)[len(str(CU)) :].lower()
        match = difflib.get_close_matches(local, list(candidates), n=1, cutoff=0.6)
        return candidates[match[0]] if match else None


def _unknown_term_message(messages: _Messages, entity: Node, prop: Node, value: Node, message: str) -> str:
    """Add "did you mean cu:…?" with the ontology's nearest term."""
    as_property = isinstance(prop, URIRef) and prop.startswith(str(CU)) and prop not in messages.terms
    term = prop if as_property else value
    if not isinstance(term, URIRef):
        return message
    nearest = messages.nearest_term(term, as_property=as_property)
    if nearest is None:
        return f"{message} No term of the ontology is close: a new term goes into ontology/connelly.ttl first."
    return f"{message} Did you mean cu:{str(nearest)[len(str(CU)) :]}?"


# A BCP 47 language tag (RFC 5646, section 2.1), without the grandfathered irregular tags.
_BCP47 = re.compile(
    r"^(?:(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
    r"(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+)$"
)


def _language_tag_message(messages: _Messages, entity: Node, prop: Node, value: Node, message: str) -> str:
    """Say what is wrong with the tag: not BCP 47, not a language code, or a language the graph does not hold."""
    if not isinstance(value, Literal) or not value.language:
        return message
    tag = value.language
    match = _BCP47.match(tag.lower())
    guess = next((lang for lang in SUPPORTED_LANGUAGES if tag.lower().startswith(lang)), None)
    advice = f" Write @{guess}." if guess else " Labels, names and comments are in English (@en) or French (@fr)."
    if match is None:
        return f"@{tag} is not a well-formed BCP 47 language tag.{advice}"
    language = match.group("language") or ""
    if not 2 <= len(language.split("-")[0]) <= 3:
        return f"@{tag} is not a language code (BCP 47 language subtags have 2 or 3 letters, as in @en).{advice}"
    if language.split("-")[0] in SUPPORTED_LANGUAGES:
        return f"@{tag} is a regional or script variant; the graph keeps plain @en and @fr.{advice}"
    return f"@{tag} is a language the graph does not hold.{advice}"


MESSAGES: dict[str, Callable[[_Messages, Node, Node, Node, str], str]] = {
    "unknown-term": _unknown_term_message,
    "language-tag": _language_tag_message,
}
