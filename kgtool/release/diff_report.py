"""A :class:`~kgtool.release.diff.GraphDiff` as text, JSON or Markdown (a changelog, a pull-request comment)."""

from __future__ import annotations

import json

from kgtool.errors import UsageError
from kgtool.release.diff import EntityChange, GraphDiff
from kgtool.text import curie, plural

FORMATS = ("text", "json", "markdown")

_SECTIONS = (
    ("new", "New entities"),
    ("deleted", "Deleted entities"),
    ("renamed", "Renamed entities (changed IRIs)"),
    ("deprecated", "Deprecated entities"),
    ("changed", "Changed entities"),
)


def render_diff(diff: GraphDiff, fmt: str = "text") -> str:
    """``diff`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(diff_json(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(diff)
    if fmt == "text":
        return _text(diff)
    raise UsageError(f"unknown diff format {fmt!r}; choose one of {', '.join(FORMATS)}")


def summary(diff: GraphDiff) -> str:
    """One line: ``3 new entities, 1 deleted, 2 changed; +40 triples, −5 triples; 1 breaking change``."""
    if diff.empty:
        return "no changes"
    parts = [
        plural(diff.count("new"), "new entity", "new entities"),
        f"{diff.count('deleted')} deleted",
        f"{diff.count('renamed')} renamed",
        f"{diff.count('deprecated')} deprecated",
        f"{diff.count('changed')} changed",
    ]
    triples = f"+{diff.triples_added} triples, −{diff.triples_removed} triples"
    return f"{', '.join(parts)}; {triples}; {plural(len(diff.breaking), 'breaking change')}"


def diff_json(diff: GraphDiff) -> dict:
    """The diff as plain JSON values."""
    return {
        "old": diff.old,
        "new": diff.new,
        "summary": {
            "new": diff.count("new"),
            "deleted": diff.count("deleted"),
            "renamed": diff.count("renamed"),
            "deprecated": diff.count("deprecated"),
            "changed": diff.count("changed"),
            "triplesAdded": diff.triples_added,
            "triplesRemoved": diff.triples_removed,
            "breaking": len(diff.breaking),
        },
        "entities": [change.as_json() for change in diff.entities],
    }


def _title(change: EntityChange) -> str:
    if not change.iri:
        return change.label
    return f"{curie(change.iri)} ({change.label})"


def _note(change: EntityChange) -> str:
    """What happened to the entity's IRI, and whether that breaks links."""
    note = _what(change)
    if change.breaking:
        note += ": BREAKING, links to this IRI break (deprecate it with owl:deprecated and dcterms:isReplacedBy)"
    return note


def _what(change: EntityChange) -> str:
    if change.status == "renamed":
        note = f"renamed to {curie(str(change.new_iri))}"
    elif change.status == "deprecated":
        note = f"deprecated, replaced by {curie(str(change.new_iri))}"
    elif change.status == "deleted":
        note = "deleted"
    else:
        note = ""
    return note


def _lines(change: EntityChange) -> list[tuple[str, str]]:
    """``(sign, text)`` per fact: ``~`` changed, ``-`` removed, ``+`` added."""
    lines = [("~", f"{p} {old} → {new}") for p, old, new in change.changed]
    lines += [("-", f"{f.predicate} {f.value}".strip()) for f in change.removed]
    lines += [("+", f"{f.predicate} {f.value}".strip()) for f in change.added]
    return lines


def _text(diff: GraphDiff) -> str:
    out = [f"kgtool diff {diff.old} → {diff.new}: {summary(diff)}"]
    if diff.breaking:
        out.append("")
        out.append("Breaking changes:")
        out += [f"  {_title(change)}: {_what(change)}" for change in diff.breaking]
    for status, heading in _SECTIONS:
        changes = [c for c in diff.entities if c.status == status]
        if not changes:
            continue
        out += ["", f"{heading} ({len(changes)}):"]
        for change in changes:
            note = _note(change)
            out.append(f"  {_title(change)}" + (f"  [{note}]" if note else ""))
            out += [f"    {sign} {text}" for sign, text in _lines(change)]
    return "\n".join(out) + "\n"


def _markdown(diff: GraphDiff) -> str:
    out = [f"## Changes from `{diff.old}` to `{diff.new}`", "", summary(diff).capitalize() + "."]
    if diff.breaking:
        out += ["", "### ⚠️ Breaking changes", ""]
        out += [f"- `{curie(c.iri)}` ({_escape(c.label)}): {_what(c)}" for c in diff.breaking]
    for status, heading in _SECTIONS:
        changes = [c for c in diff.entities if c.status == status]
        if not changes:
            continue
        out += ["", f"### {heading} ({len(changes)})", ""]
        for change in changes:
            note = _what(change) + (" (breaking)" if change.breaking else "")
            title = f"`{curie(change.iri)}` ({_escape(change.label)})" if change.iri else _escape(change.label)
            out.append(f"- {title}" + (f" — {note}" if note else ""))
            out += [f"  - {sign} `{text}`" for sign, text in _lines(change)]
    return "\n".join(out) + "\n"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "'")
