"""Small text helpers every layer uses: plural forms, CURIEs and paths as users read them."""

from __future__ import annotations

from pathlib import Path

from kgtool.namespaces import PREFIXES


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``n`` and ``word`` agreed in number: ``plural(1, "entity", "entities")`` is ``"1 entity"``."""
    return f"{n} {word if n == 1 else (plural_form or word + 's')}"


def curie(iri: str) -> str:
    """``iri`` as a CURIE of one of the project's prefixes (``res:series/ballard``), else ``<iri>``."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return f"<{text}>"


def display_path(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it, for short messages; else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
