"""Score each candidate against what the graph knows, explain the score, and choose the links to accept.

Every score is out of 100, in three parts:

| kind | label | year | third part |
|---|---|---|---|
| novel | 40 | 30 (publication date, P577) | author by label (P50) 20 + class 10 (novel; literary work 5) |
| series | 40 | 30 (start time, P580; else P577) | class 30 (television series) |
| film | 40 | 30 (publication date, P577) | class 30 (film) |
| person | 40 | — | class 30 (human) + occupation (P106) 30 |

Label: 40 for the entity's English label as the item's label (``@en`` or ``@mul``), 25 for its French
label, 20 for a match on an alias only. Year: 30 for the same year, 15 for one year apart (a British and an
American edition), 0 otherwise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from kgtool.reconcile.entities import OCCUPATION_NAMES, Entity, year_of
from kgtool.reconcile.lookup import CLASS_NAMES, CLASSES, Candidate

ACCEPTED, TIE, RUNNER_UP, BELOW, NONE = "accepted", "tie", "runner-up", "below threshold", "no candidate"


@dataclass(frozen=True)
class Scored:
    """A candidate for an entity, its score, why, and its status in the review."""

    entity: Entity
    candidate: Candidate
    score: int
    reasons: tuple[str, ...]
    status: str = ""

    @property
    def why(self) -> str:
        """The reasons on one line."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Review:
    """One entity's candidates, best first (none when nothing matched)."""

    entity: Entity
    candidates: tuple[Scored, ...]

    @property
    def accepted(self) -> Scored | None:
        """The accepted candidate, if any."""
        return next((s for s in self.candidates if s.status == ACCEPTED), None)


def fold(text: str) -> str:
    """``text`` compared loosely: case, accents and surrounding spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def score(entity: Entity, found: list[Candidate]) -> list[Scored]:
    """Each item of ``found`` (the rows of every label of ``entity``) scored once, with its best label match."""
    best: dict[str, Scored] = {}
    for candidate in found:
        scored = score_one(entity, candidate)
        if candidate.qid not in best or scored.score > best[candidate.qid].score:
            best[candidate.qid] = scored
    return sorted(best.values(), key=lambda s: (-s.score, len(s.candidate.qid), s.candidate.qid))


def score_one(entity: Entity, candidate: Candidate) -> Scored:
    """The score of one candidate for ``entity``, and the reasons for each part."""
    parts = [_label(candidate)]
    if entity.kind != "person":
        dates, what = candidate.dates, "publication date"
        if entity.kind == "series" and (candidate.starts or not candidate.dates):
            dates, what = candidate.starts, "start time"
        parts.append(_year(entity.year, dates, what))
    parts.append(_class(entity.kind, candidate.classes))
    if entity.kind == "novel":
        parts.append(_author(entity.authors, candidate.authors))
    if entity.kind == "person":
        parts.append(_occupation(entity, candidate.occupations))
    return Scored(entity, candidate, sum(p for p, _ in parts), tuple(r for _, r in parts))


def _label(candidate: Candidate) -> tuple[int, str]:
    text, lang = str(candidate.text), candidate.text.language or ""
    if candidate.via == "alias":
        return 20, f"alias {text!r}@{lang} (+20)"
    if lang == "fr":
        return 25, f"French label {text!r} (+25)"
    return 40, f"exact label {text!r} (+40)"


def _year(year: int | None, dates: tuple[str, ...], what: str) -> tuple[int, str]:
    if year is None:
        return 0, "no year in the graph (+0)"
    years = sorted({y for d in dates if (y := year_of(d)) is not None})
    if not years:
        return 0, f"no {what} on the item (+0)"
    if year in years:
        return 30, f"{what} {year} matches (+30)"
    if any(abs(y - year) == 1 for y in years):
        return 15, f"{what} {', '.join(map(str, years))} is one year from {year} (+15)"
    return 0, f"{what} {', '.join(map(str, years))} is not {year} (+0)"


def _class(kind: str, classes: frozenset[str]) -> tuple[int, str]:
    weight = 10 if kind == "novel" else 30
    own, *others = CLASSES[kind]
    if own in classes:
        return weight, f"class {CLASS_NAMES[own]} (+{weight})"
    for other in others:
        if other in classes:
            return weight // 2, f"class {CLASS_NAMES[other]}, not {CLASS_NAMES[own]} (+{weight // 2})"
    names = ", ".join(sorted(CLASS_NAMES.get(c, c) for c in classes)) or "none"
    return 0, f"class {names}, not {CLASS_NAMES[own]} (+0)"


def _author(authors: tuple[str, ...], found: tuple[str, ...]) -> tuple[int, str]:
    if not authors:
        return 0, "no author in the graph (+0)"
    if not found:
        return 0, "no author on the item (+0)"
    matching = sorted({a for a in found if fold(a) in {fold(b) for b in authors}})
    if matching:
        return 20, f"author {matching[0]} matches (+20)"
    return 0, f"author {', '.join(found)}, not {', '.join(authors)} (+0)"


def _occupation(entity: Entity, found: frozenset[str]) -> tuple[int, str]:
    if not entity.occupations:
        return 0, "no occupation known in the graph (+0)"
    if not found:
        return 0, "no occupation on the item (+0)"
    matching = sorted(found & entity.occupations)
    if matching:
        names = ", ".join(OCCUPATION_NAMES.get(q, q) for q in matching)
        return 30, f"occupation {names} fits {'/'.join(entity.parts)} (+30)"
    return 0, f"no occupation fits {'/'.join(entity.parts)} (+0)"


def review(entity: Entity, found: list[Candidate], min_score: int) -> Review:
    """``entity``'s candidates ranked, with their status: the single best one at or above ``min_score`` is
    accepted; candidates sharing the best score are a tie (none accepted)."""
    ranked = score(entity, found)
    if not ranked:
        return Review(entity, ())
    top = ranked[0].score
    tied = sum(1 for s in ranked if s.score == top) > 1
    statuses = []
    for s in ranked:
        if s.score < min_score:
            status = BELOW
        elif s.score == top:
            status = TIE if tied else ACCEPTED
        else:
            status = RUNNER_UP
        statuses.append(Scored(s.entity, s.candidate, s.score, s.reasons, status))
    return Review(entity, tuple(statuses))
