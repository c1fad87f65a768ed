"""Likely duplicates: which reports are probably about the same matter (pure rules).

Two reports are compared by the distinctive content words of their title and description
(roots, as topic suggestions read them: ``suggestion.content_terms``) and, when both have
coordinates, by distance. Finding candidates needs no Scan: each report writes one index item
per distinctive term under ``<regency or city>#<term>``, ordered by receipt (store/duplicates.py),
and a check reads those partitions for the window.

Scoring (deterministic, explainable): common words (``common_terms``: a street is a "jalan") weigh
``common_weight``, the rest 1. Similarity is the mean of the weighted Jaccard index (shared ÷ all
terms of both) and the weighted overlap (shared ÷ the smaller report's terms), so a short report
that says little but the same as a long one still scores. Both with coordinates: within
``near_metres`` the score gains up to ``near_bonus`` (more the nearer); beyond ``far_metres`` it is
multiplied by ``far_factor`` (another place). A candidate needs ``min_shared_terms`` in common and
a score of ``threshold``; the best ``shown`` are listed. Everything tunable is data:
``chalicelib/data/duplicates.json``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from chalicelib.domain.suggestion import content_terms

POLICY_PATH = Path(__file__).parent.parent / "data" / "duplicates.json"
_EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class DuplicatePolicy:
    window_days: int
    keep_days: int
    indexed_terms: int
    reads_per_term: int
    min_shared_terms: int
    threshold: float
    shown: int
    recorded_at_arrival: int
    near_metres: float
    near_bonus: float
    far_metres: float
    far_factor: float
    common_weight: float
    common_terms: frozenset[str]

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


@lru_cache(maxsize=1)
def policy() -> DuplicatePolicy:
    data = json.loads(POLICY_PATH.read_text(encoding="utf-8"))
    fields = {name: data[name] for name in DuplicatePolicy.__dataclass_fields__ if name != "common_terms"}
    return DuplicatePolicy(**fields, common_terms=frozenset(data["common_terms"]))


def area_of(region_code: str) -> str:
    """The regency or city a report's region lies in (``21.72.01`` -> ``21.72``): where duplicates are looked for."""
    return ".".join(region_code.split(".")[:2])


def indexed_terms(title: str, description: str, rules: DuplicatePolicy | None = None) -> list[str]:
    """The report's most distinctive terms, at most ``indexed_terms``: the title's first, then the
    description's, common words last."""
    rules = rules or policy()
    terms = list(dict.fromkeys(content_terms(title) + content_terms(description)))
    ordered = ([term for term in terms if term not in rules.common_terms]
               + [term for term in terms if term in rules.common_terms])
    return ordered[: rules.indexed_terms]


def term_key(area: str, term: str) -> str:
    return f"{area}#{term}"


def _utc(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_key(received_at: datetime, tracking_id: str) -> str:
    return f"{_utc(received_at)}#{tracking_id}"


def entry_range(received_at: datetime, rules: DuplicatePolicy, *, later_too: bool) -> tuple[str, str]:
    """The sort-key range a check reads: the window before the report, and after it too when
    ``later_too`` (a case opened later also lists reports that came after it)."""
    first = _utc(received_at - rules.window)
    last = _utc(received_at + rules.window) if later_too else _utc(received_at)
    return first, last + "#~"


def expires_at(received_at: datetime, rules: DuplicatePolicy) -> datetime:
    return received_at + timedelta(days=rules.keep_days)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Indexed:
    """What the index holds of a report: its terms and where it is, if it said."""

    tracking_id: str
    terms: tuple[str, ...]
    point: tuple[float, float] | None = None


@dataclass(frozen=True)
class Candidate:
    tracking_id: str
    score: float  # 0..1
    shared: tuple[str, ...]
    distance_m: int | None = None


def score(own: Indexed, other: Indexed, rules: DuplicatePolicy | None = None) -> Candidate | None:
    """How likely ``other`` is about the same matter as ``own``; None when not likely enough."""
    rules = rules or policy()

    def weight(terms) -> float:
        return sum(rules.common_weight if term in rules.common_terms else 1.0 for term in terms)

    mine, theirs = set(own.terms), set(other.terms)
    shared = mine & theirs
    if len(shared) < rules.min_shared_terms:
        return None
    jaccard = weight(shared) / weight(mine | theirs)
    overlap = weight(shared) / min(weight(mine), weight(theirs))
    value = (jaccard + overlap) / 2
    distance = None
    if own.point is not None and other.point is not None:
        distance = distance_m(own.point, other.point)
        if distance <= rules.near_metres:
            value += rules.near_bonus * (1 - distance / rules.near_metres)
        elif distance >= rules.far_metres:
            value *= rules.far_factor
    value = round(min(value, 1.0), 3)
    if value < rules.threshold:
        return None
    return Candidate(other.tracking_id, value, tuple(sorted(shared)),
                     None if distance is None else int(round(distance)))


def ranked(own: Indexed, others: list[Indexed], rules: DuplicatePolicy | None = None,
           limit: int | None = None) -> list[Candidate]:
    """The likely duplicates among ``others``, best first (then the older report first)."""
    rules = rules or policy()
    found = [candidate for other in others if other.tracking_id != own.tracking_id
             if (candidate := score(own, other, rules)) is not None]
    found.sort(key=lambda candidate: (-candidate.score, candidate.distance_m is None,
                                      candidate.distance_m or 0, candidate.tracking_id))
    return found[: rules.shown if limit is None else limit]
