"""Look candidates up on a SPARQL endpoint with Wikidata's vocabulary, politely.

Politeness towards a public service (the Wikidata Query Service by default):

- **batched**: one request looks up many labels at once (``VALUES ?text { … }``, :data:`DEFAULT_BATCH` labels);
- **named**: the User-Agent names kgtool, the project and a contact URL (Wikimedia's User-Agent policy);
- **rate-limited**: at most ``rate`` requests per second, retries included (:class:`RateLimit`);
- **backing off**: HTTP 429 and 503 (and 502, 504, dropped connections) are tried again after waits that
  double, and never sooner than the server's ``Retry-After``
  (:func:`kgtool.query.endpoint.call_with_retries`).

The requests go through :class:`kgtool.query.endpoint.Endpoint` (SPARQLWrapper): an unreachable endpoint
or an answer that is not SPARQL JSON results is an :class:`~kgtool.errors.EndpointError` (exit code 2).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef, Variable

from kgtool.defaults import DEFAULT_BATCH, DEFAULT_RATE, PROJECT_URL, WIKIDATA_SPARQL
from kgtool.errors import EndpointError, UsageError
from kgtool.namespaces import WD
from kgtool.query.endpoint import DEFAULT_TIMEOUT, Endpoint, Retry
from kgtool.version import __version__

#: tries in all, first wait, longest wait: 429 and 503 are the service asking to slow down
POLITE_RETRY = Retry(attempts=5, first_delay=1.0, max_delay=30.0, statuses=frozenset({429, 503}))

#: the Wikidata classes (P31) a candidate may have, per kind; the first is the kind's own
CLASSES: dict[str, tuple[str, ...]] = {
    "novel": ("Q8261", "Q7725634"),  # novel, literary work
    "series": ("Q5398426",),  # television series
    "film": ("Q11424",),  # film
    "person": ("Q5",),  # human
}
CLASS_NAMES = {
    "Q8261": "novel",
    "Q7725634": "literary work",
    "Q5398426": "television series",
    "Q11424": "film",
    "Q5": "human",
}


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item found by one of the labels looked up, with what it says of itself."""

    qid: str
    text: Literal
    via: str
    label: str
    classes: frozenset[str] = field(default_factory=frozenset)
    dates: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    occupations: frozenset[str] = field(default_factory=frozenset)


class RateLimit:
    """At most ``per_second`` calls per second: :meth:`wait` sleeps until the next call is allowed."""

    def __init__(self, per_second: float) -> None:
        if not per_second > 0:
            raise UsageError(f"--rate {per_second:g}: expected a positive number of requests per second")
        self.interval = 1.0 / per_second
        self.calls = 0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Sleep until the next request may go, then count it."""
        with self._lock:
            now = time.monotonic()
            if now < self._next:
                time.sleep(self._next - now)
                now = self._next
            self._next = now + self.interval
            self.calls += 1


def user_agent(contact: str = PROJECT_URL) -> str:
    """The User-Agent: kgtool's name and version, the project, and where to reach its maintainers."""
    return f"kgtool/{__version__} (connelly-kg reconcile; +{contact}) SPARQLWrapper"


def lookup_query(texts: Iterable[Literal]) -> str:
    """The SELECT that finds the items labelled (or aliased) with any of ``texts``, and their facts."""
    values = " ".join(text.n3() for text in texts)
    classes = " ".join(f"wd:{qid}" for qids in CLASSES.values() for qid in qids)
    return f"""PREFIX wd: <{WD}>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?text ?item ?via (SAMPLE(?enName) AS ?itemLabel) (SAMPLE(?mulName) AS ?itemMulLabel)
       (GROUP_CONCAT(DISTINCT STR(?class); separator=" ") AS ?classes)
       (GROUP_CONCAT(DISTINCT STR(?date); separator=" ") AS ?dates)
       (GROUP_CONCAT(DISTINCT STR(?start); separator=" ") AS ?starts)
       (GROUP_CONCAT(DISTINCT ?authorName; separator="|") AS ?authors)
       (GROUP_CONCAT(DISTINCT STR(?occupation); separator=" ") AS ?occupations)
WHERE {{
  VALUES ?text {{ {values} }}
  {{ ?item rdfs:label ?text . BIND("label" AS ?via) }} UNION {{ ?item skos:altLabel ?text . BIND("alias" AS ?via) }}
  ?item wdt:P31 ?class .
  VALUES ?class {{ {classes} }}
  OPTIONAL {{ ?item rdfs:label ?enName . FILTER(LANG(?enName) = "en") }}
  OPTIONAL {{ ?item rdfs:label ?mulName . FILTER(LANG(?mulName) = "mul") }}
  OPTIONAL {{ ?item wdt:P577 ?date }}
  OPTIONAL {{ ?item wdt:P580 ?start }}
  OPTIONAL {{ ?item wdt:P50 ?author . ?author rdfs:label ?authorName . FILTER(LANG(?authorName) IN ("en", "mul")) }}
  OPTIONAL {{ ?item wdt:P106 ?occupation }}
}}
GROUP BY ?text ?item ?via
"""


class Lookup:
    """Batched, rate-limited label lookups on one endpoint; :attr:`requests` counts the HTTP requests sent."""

    def __init__(
        self,
        url: str = WIKIDATA_SPARQL,
        rate: float = DEFAULT_RATE,
        batch_size: int = DEFAULT_BATCH,
        timeout: float = DEFAULT_TIMEOUT,
        contact: str = PROJECT_URL,
        retry: Retry = POLITE_RETRY,
    ) -> None:
        if batch_size < 1:
            raise UsageError(f"--batch-size {batch_size}: expected a positive whole number")
        self.limit = RateLimit(rate)
        self.batch_size = batch_size
        self.endpoint = Endpoint(
            url, graph=None, timeout=timeout, retry=retry, agent=user_agent(contact), throttle=self.limit.wait
        )
        self.batches = 0

    @property
    def requests(self) -> int:
        """HTTP requests sent so far, retries included."""
        return self.limit.calls

    def candidates(self, texts: Iterable[Literal]) -> dict[Literal, list[Candidate]]:
        """Every item found for each of ``texts`` (looked up ``batch_size`` at a time)."""
        unique = list(dict.fromkeys(texts))
        found: dict[Literal, list[Candidate]] = {text: [] for text in unique}
        for start in range(0, len(unique), self.batch_size):
            batch = unique[start : start + self.batch_size]
            self.batches += 1
            for candidate in self._batch(batch):
                if candidate.text in found:
                    found[candidate.text].append(candidate)
        return found

    def _batch(self, texts: list[Literal]) -> list[Candidate]:
        result = self.endpoint.query(lookup_query(texts))
        names = [str(v) for v in (result.vars or [])]
        if "item" not in names or "text" not in names:
            raise EndpointError(
                f"the SPARQL endpoint {self.endpoint.url} answered results without the ?text and ?item columns "
                f"(it gave {', '.join('?' + n for n in names) or 'none'}): is it a SPARQL endpoint?"
            )
        return [c for row in result.bindings if (c := _candidate(row)) is not None]


def _candidate(row: dict) -> Candidate | None:
    """A result row as a :class:`Candidate` (``None`` for an item that is not a Wikidata entity)."""
    item, text = row.get(Variable("item")), row.get(Variable("text"))
    if not isinstance(item, URIRef) or not str(item).startswith(str(WD)) or not isinstance(text, Literal):
        return None
    qid = str(item)[len(str(WD)) :]

    def words(name: str, sep: str = " ") -> tuple[str, ...]:
        value = row.get(Variable(name))
        return tuple(w for w in str(value or "").split(sep) if w)

    return Candidate(
        qid=qid,
        text=text,
        via=str(row.get(Variable("via")) or "label"),
        label=str(row.get(Variable("itemLabel")) or row.get(Variable("itemMulLabel")) or qid),
        classes=frozenset(c.removeprefix(str(WD)) for c in words("classes")),
        dates=words("dates"),
        starts=words("starts"),
        authors=words("authors", "|"),
        occupations=frozenset(o.removeprefix(str(WD)) for o in words("occupations")),
    )
