"""A pyoxigraph store's graph as N-Triples batches to publish, and a checksum of a graph's content.

Publishing a million triples never builds rdflib's graph: Oxigraph writes the store's default graph as
N-Triples into a temporary file (its own serialiser, in Rust), and the batches are read back from that
file. A blank node means one node only within one request, so every set of connected blank nodes travels
in one batch: the triples that touch a blank node (a small part of the graph: series entries) are grouped
by connected blank nodes in memory, and sent first; the others stream from the file.

The checksum tells whether a store holds exactly a graph without fetching it twice: it is the sum (modulo
2**128) of a hash of each triple without blank nodes and of a canonical hash of each set of connected blank
nodes (colour refinement: each blank node is named by what surrounds it, so renaming blank nodes, as every
store does, leaves it unchanged). Adding per unit makes it independent of order; two different graphs
with the same count and checksum would need a hash collision, or two sets of connected blank nodes that
colour refinement cannot tell apart (regular structures that kgtool's data, with its labelled series
entries, does not have).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

MODULUS = 1 << 128
ROUNDS = 3
"""Rounds of colour refinement for a set of connected blank nodes."""


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), "big")


def split_line(line: str) -> tuple[str, str, str]:
    """``(subject, predicate, object)`` of one N-Triples line as Oxigraph writes it (single spaces, `` .``)."""
    first = line.index(" ")
    second = line.index(" ", first + 1)
    return line[:first], line[first + 1 : second], line[second + 1 : len(line) - 2]


def blank_nodes(line: str) -> tuple[str, ...]:
    """The blank nodes (``_:x``) that are the subject or the object of an N-Triples line."""
    if "_:" not in line:
        return ()
    subject, _, obj = split_line(line)
    return tuple(term for term in (subject, obj) if term.startswith("_:"))


@dataclass
class Content:
    """A graph's N-Triples lines sorted into the lines without blank nodes (counted and hashed) and the
    sets of lines of connected blank nodes (kept)."""

    plain: int = 0
    plain_sum: int = 0
    units: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, lines: Iterable[str]) -> Content:
        """Read ``lines`` (N-Triples, one triple a line, as Oxigraph writes them) once."""
        content = cls()
        parent: dict[str, str] = {}

        def root(node: str) -> str:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        blank: list[tuple[str, tuple[str, ...]]] = []
        plain_sum = plain = 0
        for raw in lines:
            line = raw.rstrip("\n")
            if not line:
                continue
            nodes = blank_nodes(line)
            if not nodes:
                plain += 1
                plain_sum += _hash(line)
                continue
            blank.append((line, nodes))
            roots = [root(parent.setdefault(node, node)) for node in nodes]
            if len(roots) == 2 and roots[0] != roots[1]:
                parent[roots[1]] = roots[0]
        grouped: dict[str, list[str]] = {}
        for line, nodes in blank:
            grouped.setdefault(root(nodes[0]), []).append(line)
        content.plain, content.plain_sum, content.units = plain, plain_sum % MODULUS, list(grouped.values())
        return content

    @property
    def triples(self) -> int:
        """How many triples (lines) were read."""
        return self.plain + sum(len(unit) for unit in self.units)

    def checksum(self) -> str:
        """The graph's checksum (see the module's notes), as 32 hexadecimal digits."""
        total = self.plain_sum + sum(_hash(canonical_unit(unit)) for unit in self.units)
        return f"{total % MODULUS:032x}"


def canonical_unit(lines: list[str]) -> str:
    """The lines of a set of connected blank nodes with each blank node named by colour refinement."""
    parsed = [split_line(line) for line in lines]
    colour = {term: "" for s, _, o in parsed for term in (s, o) if term.startswith("_:")}
    for _ in range(ROUNDS if len(colour) > 1 else 0):
        seen: dict[str, list[str]] = {node: [] for node in colour}
        for s, p, o in parsed:
            if s in colour:
                seen[s].append(f"> {p} {colour.get(o, o)}")
            if o in colour:
                seen[o].append(f"< {p} {colour.get(s, s)}")
        colour = {node: _colour(edges) for node, edges in seen.items()}
    return "\n".join(sorted(f"{colour.get(s, s)} {p} {colour.get(o, o)}" for s, p, o in parsed))


def _colour(edges: list[str]) -> str:
    return "_:" + hashlib.blake2b("\n".join(sorted(edges)).encode("utf-8"), digest_size=8).hexdigest()


def checksum_lines(lines: Iterable[str]) -> tuple[int, str]:
    """``(triples, checksum)`` of a graph given as N-Triples lines in Oxigraph's form."""
    content = Content.of(lines)
    return content.triples, content.checksum()


def checksum_store(store: pyoxigraph.Store) -> tuple[int, str]:
    """``(triples, checksum)`` of the default graph of a pyoxigraph ``store``."""
    with dumped(store) as path, path.open(encoding="utf-8") as lines:
        return checksum_lines(lines)


@dataclass
class Batches:
    """The N-Triples of a graph in batches: the sets of connected blank nodes first, then the other lines.

    ``sizes`` (triples per batch) is known before anything is sent; iterating yields each batch's text.
    """

    path: Path
    content: Content
    sizes: list[int]

    @classmethod
    def plan(cls, path: Path, size: int) -> Batches:
        """Read the N-Triples file ``path`` once and split it into batches of about ``size`` triples."""
        with path.open(encoding="utf-8") as lines:
            content = Content.of(lines)
        sizes = [0]
        for unit in content.units:
            if sizes[-1] and sizes[-1] + len(unit) > size:
                sizes.append(0)
            sizes[-1] += len(unit)
        rest = content.plain
        while rest:
            room = size - sizes[-1] if sizes[-1] < size else 0
            if not room:
                sizes.append(0)
                room = size
            take = min(room, rest)
            sizes[-1] += take
            rest -= take
        return cls(path, content, sizes)

    @property
    def triples(self) -> int:
        """How many triples the batches hold."""
        return self.content.triples

    def __len__(self) -> int:
        return len(self.sizes)

    def __iter__(self) -> Iterator[str]:
        sizes = iter(self.sizes)
        batch: list[str] = []
        goal = next(sizes)

        def full() -> bool:
            return len(batch) >= goal

        for unit in self.content.units:
            batch.extend(unit)
            if full():
                yield "\n".join(batch) + "\n"
                batch, goal = [], next(sizes, 0)
        with self.path.open(encoding="utf-8") as lines:
            for raw in lines:
                line = raw.rstrip("\n")
                if not line or blank_nodes(line):
                    continue
                batch.append(line)
                if full():
                    yield "\n".join(batch) + "\n"
                    batch, goal = [], next(sizes, 0)
        if batch or self.sizes == [0]:  # an empty graph is one empty batch: it still replaces the graph
            yield "\n".join(batch) + "\n" if batch else ""


@contextmanager
def dumped(store: pyoxigraph.Store) -> Iterator[Path]:
    """The default graph of ``store`` written by Oxigraph as N-Triples into a temporary file (removed after)."""
    import pyoxigraph

    with tempfile.TemporaryDirectory(prefix="kgtool-publish-") as folder:
        path = Path(folder) / "graph.nt"
        store.dump(str(path), format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        yield path


@contextmanager
def ntriples_batches(store: pyoxigraph.Store, size: int) -> Iterator[Batches]:
    """The default graph of ``store`` as :class:`Batches` of about ``size`` triples (see the module's notes)."""
    with dumped(store) as path:
        yield Batches.plan(path, size)


def oxigraph_lines(body: bytes, media: str) -> Iterator[str]:
    """The triples of an RDF document (a store's answer) as N-Triples lines in Oxigraph's form, read back from
    a temporary file (so that a million triples are never a list of strings in memory)."""
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.from_media_type(media)
    if fmt is None:
        raise ValueError(f"{media} is not an RDF syntax Oxigraph reads")
    with tempfile.TemporaryDirectory(prefix="kgtool-verify-") as folder:
        path = Path(folder) / "answer.nt"
        pyoxigraph.serialize(pyoxigraph.parse(body, format=fmt), str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
        with path.open(encoding="utf-8") as lines:
            yield from lines
