"""The figures oversight bodies judge agencies by, computed from counter totals (pure rules).

Every figure is a flow over the period's days (agency local time), so a closed period's
figures never change: received; verifications, first answers and completions within their
deadline; completion rate; working days to the first answer (average, 90th percentile by
nearest rank); reports open and overdue at the period's end; escalations; reports recorded
late; average rating; and a compliance index that ranks agencies.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.domain import statistics
from chalicelib.domain.permissions import AGENCY_SCOPE
from chalicelib.i18n import Text

MONTH_NAMES = (
    Text("Januari", "January"), Text("Februari", "February"), Text("Maret", "March"), Text("April", "April"),
    Text("Mei", "May"), Text("Juni", "June"), Text("Juli", "July"), Text("Agustus", "August"),
    Text("September", "September"), Text("Oktober", "October"), Text("November", "November"),
    Text("Desember", "December"),
)
_COUNTS = ("received", "verified", "archived", "dispositioned", "transferred", "responded", "closed",
           "auto_closed", "reopened", "escalated", "breached", statistics.RECORDED_LATE, statistics.DUPLICATES)
# Percent figures: name -> (within metric, measured metric)
_WITHIN_DEADLINE = {
    "verified_within_deadline": ("verification_within_deadline", "verification_measured"),
    "first_response_within_deadline": ("first_response_within_deadline", "first_response_measured"),
    "completed_within_deadline": ("completion_within_deadline", "completion_measured"),
}
TOP_TOPICS = 10


# --- periods and scopes ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def month(cls, month: str) -> "Period":
        """``2026-10`` -> the whole of October 2026."""
        first = date.fromisoformat(f"{month}-01")
        return cls(first, _next_month(first) - timedelta(days=1))

    @property
    def is_month(self) -> bool:
        return self.first.day == 1 and self.last == _next_month(self.first) - timedelta(days=1)

    @property
    def key(self) -> str:
        """Stable in file keys and report ids: ``2026-10`` or ``2026-10-01_2026-10-15``."""
        return self.first.isoformat()[:7] if self.is_month else f"{self.first.isoformat()}_{self.last.isoformat()}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The month before a month; otherwise as many days just before."""
        if self.is_month:
            return Period.month((self.first - timedelta(days=1)).isoformat()[:7])
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def label(self) -> Text:
        if self.is_month:
            name = MONTH_NAMES[self.first.month - 1]
            return Text(f"{name.id} {self.first.year}", f"{name.en} {self.first.year}")
        return Text(f"{_day_label(self.first, 'id')} – {_day_label(self.last, 'id')}",
                    f"{_day_label(self.first, 'en')} – {_day_label(self.last, 'en')}")

    def as_dict(self) -> dict:
        label = self.label()
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "label": {"id": label.id, "en": label.en}}

    def weeks(self) -> list["Period"]:
        """Monday-to-Sunday weeks, clipped to the period."""
        weeks, start = [], self.first
        while start <= self.last:
            end = min(start + timedelta(days=6 - start.weekday()), self.last)
            weeks.append(Period(start, end))
            start = end + timedelta(days=1)
        return weeks


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _day_label(day: date, language: str) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1].render(language)} {day.year}"


class ScopeType:
    NATIONAL = "national"
    REGION = "region"
    AGENCY = AGENCY_SCOPE


@dataclass(frozen=True)
class Scope:
    """What a statistic or report covers: the nation, a region (and what lies in it) or an agency."""

    type: str
    code: str  # "national", a Kemendagri region code, or an agency id

    @classmethod
    def parse(cls, text: str) -> "Scope | None":
        """``national``, ``region:21.72`` or ``agency:dpupr-tanjungpinang``; None if malformed."""
        if text == ScopeType.NATIONAL:
            return cls(ScopeType.NATIONAL, ScopeType.NATIONAL)
        kind, _, code = text.partition(":")
        if kind in (ScopeType.REGION, ScopeType.AGENCY) and code and len(code) <= 100:
            return cls(kind, code)
        return None

    @property
    def text(self) -> str:
        return self.type if self.type == ScopeType.NATIONAL else f"{self.type}:{self.code}"

    @property
    def key(self) -> str:
        """Safe in S3 keys and report ids."""
        return self.type if self.type == ScopeType.NATIONAL else f"{self.type}-{self.code}"

    @property
    def counter_scope(self) -> str:
        if self.type == ScopeType.NATIONAL:
            return statistics.NATIONAL_SCOPE
        if self.type == ScopeType.REGION:
            return statistics.region_scope(self.code)
        return statistics.agency_scope(self.code)


def report_id(scope: Scope, period: Period) -> str:
    return f"{scope.key}.{period.key}"


# --- figures -------------------------------------------------------------------------------


def _percent(count: int, of: int) -> float | None:
    """Cut (not rounded) to two decimals, as SP4N-LAPOR! publishes it: 904 of 942 is 95.96%,
    and nothing short of all is ever shown as 100%."""
    return _cut(100 * count / of) if of else None


def _cut(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


def _ratio(count: int, of: int) -> dict:
    return {"count": count, "of": of, "percent": _percent(count, of)}


def nearest_rank_percentile(histogram: Mapping[int, int], fraction: float) -> int | None:
    """The smallest value at or below which ``fraction`` of the observations lie."""
    total = sum(histogram.values())
    if total == 0:
        return None
    needed = math.ceil(fraction * total)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= needed:
            return value
    return None


def first_response_histogram(totals: Mapping[str, int]) -> dict[int, int]:
    prefix = statistics.FIRST_RESPONSE_DAYS_PREFIX
    return {int(name[len(prefix):]): count for name, count in totals.items()
            if name.startswith(prefix) and count}


def _breakdown(totals: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {name[len(prefix):]: count for name, count in sorted(totals.items())
            if name.startswith(prefix) and count}


def figures(totals: Mapping[str, int], open_overdue_at_end: int) -> dict:
    """The figures of one scope and period from its summed counters."""
    def total(name: str) -> int:
        return int(totals.get(name, 0))

    result: dict = {name: total(name) for name in _COUNTS}
    result["received_by_kind"] = _breakdown(totals, "received_kind_")
    result["received_by_channel"] = _breakdown(totals, "received_channel_")
    for name, (within, measured) in _WITHIN_DEADLINE.items():
        result[name] = _ratio(total(within), total(measured))
    # Duplicates merged while with the agency are never closed on their own: they leave the denominator.
    result["completion_rate"] = _ratio(total("closed"), max(total("dispositioned") - total("transferred")
                                                            - total(statistics.DUPLICATES_DISPOSITIONED), 0))
    answers = total("first_response_count")
    result["first_response_working_days"] = {
        "average": round(total("first_response_working_days_sum") / answers, 2) if answers else None,
        "p90": nearest_rank_percentile(first_response_histogram(totals), 0.9),
        "answers": answers,
    }
    result["open_overdue_at_end"] = open_overdue_at_end
    ratings = total("rating_count")
    result["rating"] = {"average": round(total("rating_sum") / ratings, 2) if ratings else None, "count": ratings}
    result["compliance_index"] = compliance_index(result)
    return result


def compliance_index(figures_of_scope: Mapping) -> float | None:
    """The mean of the percentages that could be measured; completion rate counts at most 100."""
    parts = [figures_of_scope[name]["percent"] for name in _WITHIN_DEADLINE]
    rate = figures_of_scope["completion_rate"]["percent"]
    parts.append(min(rate, 100.0) if rate is not None else None)
    measured = [part for part in parts if part is not None]
    return _cut(sum(measured) / len(measured)) if measured else None


# name in "change" -> how to read it from figures
_COMPARED = {
    "received": lambda f: f["received"],
    "verified_within_deadline": lambda f: f["verified_within_deadline"]["percent"],
    "first_response_within_deadline": lambda f: f["first_response_within_deadline"]["percent"],
    "completed_within_deadline": lambda f: f["completed_within_deadline"]["percent"],
    "completion_rate": lambda f: f["completion_rate"]["percent"],
    "first_response_working_days_average": lambda f: f["first_response_working_days"]["average"],
    "open_overdue_at_end": lambda f: f["open_overdue_at_end"],
    "escalated": lambda f: f["escalated"],
    "recorded_late": lambda f: f["recorded_late"],
    "duplicates": lambda f: f["duplicates"],
    "rating_average": lambda f: f["rating"]["average"],
    "compliance_index": lambda f: f["compliance_index"],
}


def change(current: Mapping, previous: Mapping) -> dict:
    """This period minus the previous one (percentage points for percentages); None if either is unknown."""
    result = {}
    for name, read in _COMPARED.items():
        now, before = read(current), read(previous)
        result[name] = None if now is None or before is None else round(now - before, 2)
    return result


def ranked(rows: list[dict]) -> list[dict]:
    """Agencies best first: by compliance index (unmeasured last), then more reports, then name."""
    ordered = sorted(rows, key=lambda row: (row["figures"]["compliance_index"] is None,
                                            -(row["figures"]["compliance_index"] or 0),
                                            -row["figures"]["received"], row["name"]))
    return [dict(row, rank=position) for position, row in enumerate(ordered, start=1)]


def top_topics(totals: Mapping[str, int], limit: int = TOP_TOPICS) -> list[tuple[str, int]]:
    """Topics of the reports routed to agencies in the scope, most first."""
    counts = _breakdown(totals, statistics.TOPIC_PREFIX)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]


# --- summing counters ------------------------------------------------------------------------


@dataclass
class ScopeHistory:
    """One scope's counter items (shards added up), as read for the periods a caller asked for."""

    by_period: Mapping[str, Mapping[str, int]]  # "M#2026-10" / "D#2026-11-03" -> metrics

    @staticmethod
    def key_ranges_for(periods: list[Period]) -> list[tuple[str, str]]:
        """What to read so each period and its open-overdue count at the end can be summed: the
        period's day items, and the running totals' month items from the beginning in one range."""
        ranges = {key_range for period in periods for key_range in
                  [statistics.day_range(period.first, period.last)] + statistics.key_ranges(statistics.EPOCH,
                                                                                            period.last)}
        months = [key_range for key_range in ranges if key_range[0].startswith(statistics.MONTH)]
        days = sorted(key_range for key_range in ranges if key_range[0].startswith(statistics.DAY))
        merged = [(min(low for low, _ in months), max(high for _, high in months))] if months else []
        for low, high in days:
            if merged and merged[-1][0].startswith(statistics.DAY) and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
            else:
                merged.append((low, high))
        return merged

    def _sum(self, ranges: list[tuple[str, str]]) -> dict[str, int]:
        summed: dict[str, int] = {}
        for period, metrics in self.by_period.items():
            if any(statistics.covers(key_range, period) for key_range in ranges):
                for name, amount in metrics.items():
                    summed[name] = summed.get(name, 0) + amount
        return summed

    def totals(self, first: date, last: date) -> dict[str, int]:
        return self._sum([statistics.day_range(first, last)])

    def open_overdue_at(self, last: date) -> int:
        """Reports open past a deadline at the end of ``last``: every change up to then, summed."""
        return self._sum(statistics.key_ranges(statistics.EPOCH, last)).get(statistics.OVERDUE_OPEN, 0)

    def figures(self, period: Period) -> dict:
        return figures(self.totals(period.first, period.last), self.open_overdue_at(period.last))
