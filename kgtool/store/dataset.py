"""Find and load the graph's source files, and remember where each subject is written.

The graph is the ontology (``ontology/connelly.ttl``) plus every ``data/*.ttl`` file, plus any extra
files a command names. Each file is parsed by rdflib; a syntax error becomes an :class:`InputError`
naming ``file:line``. While loading, the line on which each subject's statement starts is recorded so
that reports can point contributors at the right place.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from kgtool.defaults import ALLOW_REMOTE_CONTEXTS
from kgtool.errors import InputError, read_text
from kgtool.namespaces import bind_prefixes
from kgtool.store.packaged import packaged_root
from kgtool.text import display_path

ONTOLOGY_FILE = Path("ontology/connelly.ttl")
SHAPES_FILE = Path("ontology/shapes.ttl")
DATA_DIR = Path("data")
QUERIES_DIR = Path("queries")

FORMATS_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml"}

_SYNTAX_NAMES = {"turtle": "Turtle", "trig": "TriG", "nt": "N-Triples"}
MAX_LITERAL = 16 * 1024 * 1024
"""The longest literal kgtool reads (16 MiB of characters)."""
_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)
_EXTERNAL_DTD = re.compile(r"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)

_NETWORK_REF = re.compile(r"^(?!file:)[A-Za-z][\w+.-]*:")
"""A reference with a URL scheme other than ``file:`` (a JSON-LD context fetched over the network)."""
_DIRECTIVE = re.compile(r"^\s*(@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"^\s*(@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_BAD_SYNTAX = re.compile(r"^Bad syntax \((.*)\) at \^ in:", re.MULTILINE | re.DOTALL)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")


@dataclass(frozen=True)
class Location:
    """A place in a source file: the file and its 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Dataset:
    """The loaded graph, the files it came from, and where each subject is described."""

    graph: Graph
    root: Path
    files: list[Path]
    locations: dict[Node, Location] = field(default_factory=dict)

    def location(self, node: Node) -> Location | None:
        """Where ``node`` is described as a subject, if it is."""
        return self.locations.get(node)

    def label(self, node: Node, lang: str = "en") -> str:
        """The label of ``node`` in ``lang``, else in English, else any label, else its IRI's last part."""
        return label_of(self.graph, node, lang)

    def relative(self, path: Path) -> Path:
        """``path`` relative to the current directory when it lies below it, for short messages."""
        return display_path(path)


def label_of(graph: Graph, node: Node, lang: str = "en") -> str:
    """The label of ``node`` in ``lang``, falling back to English, then any label, then the IRI."""
    return label_from([o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)], node, lang)


def label_from(labels: list[Literal], node: Node, lang: str = "en") -> str:
    """The label of ``node`` among its ``labels``: in ``lang``, else English, else any, else its IRI's last part.

    Where several labels qualify (data the shapes refuse, but a report must still name it), the first in code
    point order: the same answer whatever order the graph yields them in."""
    ordered = sorted(labels, key=lambda label: (str(label), label.language or ""))
    for wanted in (lang, "en"):
        for label in ordered:
            if label.language == wanted:
                return str(label)
    if ordered:
        return str(ordered[0])
    if isinstance(node, URIRef):
        return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return str(node)


def find_root(start: Path | None = None) -> Path:
    """The project folder holding ``ontology/`` and ``data/``.

    ``KGTOOL_ROOT`` wins; otherwise the nearest folder at or above ``start`` (the current directory)
    that holds the ontology; otherwise the checkout this package was installed from (an editable
    install); otherwise the graph packaged in the wheel (:mod:`kgtool.store.packaged`).
    """
    env = os.environ.get("KGTOOL_ROOT")
    if env:
        root = Path(env)
        if not (root / ONTOLOGY_FILE).is_file():
            raise InputError(f"KGTOOL_ROOT={env} holds no {ONTOLOGY_FILE}")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ONTOLOGY_FILE).is_file() and (folder / DATA_DIR).is_dir():
            return folder
    package_checkout = Path(__file__).resolve().parents[2]
    if (package_checkout / ONTOLOGY_FILE).is_file():
        return package_checkout
    packaged = packaged_root()
    if packaged is not None:
        return packaged
    raise InputError(
        "cannot find the connelly-kg data: run kgtool inside a checkout of the project or set KGTOOL_ROOT to its folder"
    )


def source_files(root: Path, extra: list[Path] | None = None) -> list[Path]:
    """The ontology, every ``data/*.ttl`` file in name order, then ``extra`` files.

    Anything else in ``data/`` (``new.TTL``, ``notes.txt``, a sub-folder) is an :class:`InputError`, never
    silently skipped: a contributor's file that kgtool would not read must not look as if it were checked.
    Hidden files (``.gitkeep``) are left alone.
    """
    data = root / DATA_DIR
    for entry in sorted(data.iterdir()) if data.is_dir() else []:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            raise InputError(
                f"{display_path(entry)}: a folder in {DATA_DIR}/: kgtool reads only {DATA_DIR}/*.ttl files"
            )
        if entry.suffix != ".ttl":
            raise InputError(
                f"{display_path(entry)}: kgtool reads only {DATA_DIR}/*.ttl files (lower-case .ttl): "
                "rename it or move it out of data/"
            )
    files = [root / ONTOLOGY_FILE, *sorted(data.glob("*.ttl"))]
    for path in extra or []:
        if path.resolve() not in {f.resolve() for f in files}:
            files.append(path)
    return files


@contextmanager
def literals_as_written() -> Iterator[None]:
    """Within this block, rdflib keeps each literal's lexical form as written (``rdflib.NORMALIZE_LITERALS`` off).

    By default rdflib rewrites a typed literal it can read into its canonical form as it parses it, and reads some
    ill-typed ones as valid: ``"none"^^xsd:boolean`` becomes ``"false"``, ``"01"^^xsd:integer`` ``"1"``. Those are
    other RDF terms than the data's: validation would pass an ill-typed value, a report would show another value
    than the file's, and publishing would change the data. Every parse of project data goes through this.

    The setting is rdflib's, for the whole process: blocks that overlap (in threads) share one switch, set by
    the first to enter and restored by the last to leave, so that none turns it back on under another.
    """
    global _readers, _normalize_saved
    with _READERS_LOCK:
        if _readers == 0:
            _normalize_saved = rdflib.NORMALIZE_LITERALS
            rdflib.NORMALIZE_LITERALS = False
        _readers += 1
    try:
        yield
    finally:
        with _READERS_LOCK:
            _readers -= 1
            if _readers == 0:
                rdflib.NORMALIZE_LITERALS = _normalize_saved


_READERS_LOCK = threading.Lock()
_readers = 0
"""How many :func:`literals_as_written` blocks are open, in every thread."""
_normalize_saved = True
"""rdflib's setting before the first of the open blocks."""


def parse_file(
    path: Path, display: Path | None = None, into: Graph | None = None
) -> tuple[Graph, dict[Node, Location]]:
    """Parse one RDF file; return its graph (``into``, when given, to save a copy) and the line of each
    subject it describes.

    Raises :class:`InputError` (``file:line: reason``) when the file is missing or malformed.
    """
    shown = display or path
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(f"{shown}: unknown RDF file type {path.suffix!r} (expected one of {known})")
    text = read_text(path, shown)
    check_text(text, fmt, shown)
    graph = Graph() if into is None else into
    public_id = path.resolve().as_uri()
    try:
        with literals_as_written():
            graph.parse(data=text, format=fmt, publicID=public_id)
    except BadSyntax as exc:
        raise InputError(
            f"{shown}:{exc.lines + 1}: {_SYNTAX_NAMES.get(fmt, fmt)} syntax error: {syntax_problem(exc)}"
        ) from None
    except RecursionError:
        line, depth = deepest(text)
        raise InputError(
            f"{shown}:{line}: nesting too deep for the parser ({depth} levels of brackets at this line)"
        ) from None
    except InputError:
        raise
    except Exception as exc:  # rdflib raises many types for malformed input
        if isinstance(exc.__context__, RecursionError) or "recursion depth" in str(exc):
            line, depth = deepest(text)
            raise InputError(
                f"{shown}:{line}: nesting too deep for the parser ({depth} levels of brackets at this line)"
            ) from None
        raise InputError(f"{shown}: cannot parse as {fmt}: {_one_line(exc)}") from None
    if len(text) > MAX_LITERAL:
        _check_literal_sizes(graph, text, shown)
    locations = subject_lines(text, public_id, shown) if fmt in ("turtle", "trig") else {}
    return graph, locations


def check_text(text: str, fmt: str, shown: object) -> None:
    """Refuse what no parser should be given: RDF/XML entity declarations (an entity-expansion bomb) or an
    external DTD; JSON-LD remote contexts (fetched over the network) unless allowed."""
    if fmt == "xml":
        found = _ENTITY.search(text) or _EXTERNAL_DTD.search(text)
        if found:
            raise InputError(
                f"{shown}:{_line_at(text, found.start())}: RDF/XML with a DTD entity declaration or an external DTD is "
                "refused (entities can expand without bound, and a DTD can be fetched from the network)"
            )
    elif fmt == "json-ld" and not remote_contexts_allowed():
        remote = _remote_context(_json(text, shown))
        if remote is not None:
            start = text.find(remote)
            raise InputError(
                f"{shown}:{_line_at(text, max(start, 0))}: a remote JSON-LD context ({remote}) is refused: kgtool "
                f"reads local input without going on the network (set {ALLOW_REMOTE_CONTEXTS}=1 to allow it)"
            )


def _json(text: str, shown: object) -> object:
    import json

    try:
        return json.loads(text)
    except RecursionError:
        line, depth = deepest(text)
        raise InputError(f"{shown}:{line}: nesting too deep for the parser ({depth} levels)") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{shown}:{exc.lineno}: JSON syntax error: {exc.msg}") from None


def _remote_context(value: object) -> str | None:
    """The first context reference of a JSON-LD document that is a URL with a network scheme, if any."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                if key in ("@context", "@import"):
                    for ref in inner if isinstance(inner, list) else [inner]:
                        if isinstance(ref, str) and _NETWORK_REF.match(ref):
                            return ref
                stack.append(inner)
    return None


def remote_contexts_allowed() -> bool:
    """Whether JSON-LD input may name remote contexts (:data:`ALLOW_REMOTE_CONTEXTS` set to 1)."""
    return os.environ.get(ALLOW_REMOTE_CONTEXTS, "").strip().lower() in ("1", "yes", "true")


def deepest(text: str) -> tuple[int, int]:
    """The line at which brackets (``[ ( {``, outside strings, IRIs and comments) nest deepest, and that depth."""
    depth = best = 0
    best_at = line = 1
    quote = ""
    index, size = 0, len(text)
    while index < size:
        ch = text[index]
        if ch == "\n":
            line += 1
        if quote:
            if ch == "\\":
                index += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        elif ch in "[({":
            depth += 1
            if depth > best:
                best, best_at = depth, line
        elif ch in "])}":
            depth -= 1
        index += 1
    return best_at, best


def _check_literal_sizes(graph: Graph, text: str, shown: object) -> None:
    for literal in graph.objects():
        if isinstance(literal, Literal) and len(literal) > MAX_LITERAL:
            start = text.find(str(literal)[:200])
            where = f":{_line_at(text, start)}" if start >= 0 else ""
            raise InputError(
                f"{shown}{where}: a literal of {len(literal)} characters: kgtool reads literals of at most "
                f"{MAX_LITERAL // (1024 * 1024)} MiB"
            )


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def syntax_problem(error: BadSyntax) -> str:
    """What rdflib's Turtle parser found wrong, read from its public message
    (``at line N of <uri>:\nBad syntax (WHAT) at ^ in: …``), not from its private attributes."""
    found = _BAD_SYNTAX.search(str(error))
    return found.group(1) if found else _one_line(error)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def subject_lines(text: str, base: str, display: Path) -> dict[Node, Location]:
    """Map each subject that starts a statement at the beginning of a line to that line.

    The project's Turtle style writes each entity's subject at column 0; that is all this relies on.
    """
    prefixes: dict[str, str] = {}
    found: dict[Node, Location] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _BASE.match(line):
            base = urljoin(base, match.group(2))
            continue
        if match := _DIRECTIVE.match(line):
            prefixes[match.group(2)] = urljoin(base, match.group(3))
            continue
        token = _SUBJECT.match(line)
        if not token:
            continue
        iri = _resolve(token.group(1), base, prefixes)
        if iri is not None and iri not in found:
            found[iri] = Location(display, number)
    return found


def _resolve(token: str, base: str, prefixes: dict[str, str]) -> URIRef | None:
    if token.startswith("<"):
        return URIRef(urljoin(base, token[1:-1]))
    prefix, _, local = token.partition(":")
    if prefix in prefixes:
        return URIRef(prefixes[prefix] + local.replace("\\", ""))
    return None


def load_dataset(extra: list[Path] | None = None, root: Path | None = None) -> Dataset:
    """Load the ontology, the data files and ``extra`` files into one graph with subject locations.

    A subject described in several files is located in the first, except that a candidate (``extra``)
    file wins: that is the file under review, where a contributor's change to the entity is.
    """
    root = root or find_root()
    files = source_files(root, extra)
    graph = bind_prefixes(Graph())
    locations: dict[Node, Location] = {}
    for path in files:
        _, where = parse_file(path, display_path(path), into=graph)
        for node, location in where.items():
            if path in (extra or []):
                locations[node] = location
            else:
                locations.setdefault(node, location)
    return Dataset(graph=graph, root=root, files=files, locations=locations)


def load_shapes(root: Path) -> Graph:
    """The SHACL shapes graph: a new copy at each call, of the file parsed once per process while it is unchanged.

    The copies share their blank nodes, so a process that validates again and again (a test session, a server)
    knows the shapes graph again: :func:`kgtool.validate.engine.validate_shapes` checks it once.
    """
    path = root / SHAPES_FILE
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    parsed = _PARSED_SHAPES.get(key) if key is not None else None
    if parsed is None:
        parsed, _ = parse_file(path, display_path(path))
        if key is not None:
            while len(_PARSED_SHAPES) >= 8:
                _PARSED_SHAPES.pop(next(iter(_PARSED_SHAPES)))
            _PARSED_SHAPES[key] = parsed
    graph = Graph()
    for prefix, namespace in parsed.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph += parsed
    return graph


_PARSED_SHAPES: dict[tuple, Graph] = {}
"""The shapes files parsed, by path, inode, modification time and size (the last few)."""
