"""Which statistics counters a change adds to: kept at write time, read by the stats and reports.

Every change adds its metrics to each scope the report counts in (the nation, its agency,
its regions, its topic, its kind and its channel), in the item of its local day: any span of
days sums its day items. The open-overdue count is a running total summed from the beginning,
so its changes also go into month items, and reading it at a day's end takes the months
before plus that month's days. Scopes that many reports touch at once are split into shards
that readers add up.
"""
from __future__ import annotations

import hashlib

from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.domain.reports import EventType
from chalicelib.domain.routing import enclosing_regions

NATIONAL_SCOPE = "national"
MONTH = "M"
DAY = "D"
# Working days to a first answer are counted one bucket per day up to here; the last bucket
# holds this many or more, so percentiles are exact below it.
FIRST_RESPONSE_DAYS_CAP = 60
FIRST_RESPONSE_DAYS_PREFIX = "first_response_wd_"
TOPIC_PREFIX = "topic_"
# Reports open with a missed deadline: +1 when a report becomes overdue, -1 when it stops
# being so; its value at a moment is the sum of every change up to then.
OVERDUE_OPEN = "overdue_open"
RUNNING_TOTALS = frozenset({OVERDUE_OPEN})
# Reports an officer recorded longer after their receipt than the SLA policy allows without a
# reason: counted on the day they were recorded, not the (earlier) day they were received.
RECORDED_LATE = "recorded_late"
# Reports merged into another about the same matter, counted apart on the day they were merged;
# those merged after they reached an agency also leave the completion rate's denominator.
DUPLICATES = "duplicates"
DUPLICATES_DISPOSITIONED = "duplicates_dispositioned"


@dataclass(frozen=True)
class CounterIncrement:
    scope: str
    period: str  # "M#2026-11" or "D#2026-11-23"
    metrics: dict[str, int]


def month_key(month: str) -> str:
    return f"{MONTH}#{month}"


def day_key(day: date) -> str:
    return f"{DAY}#{day.isoformat()}"


def counter_periods(local_day: date) -> tuple[str, str]:
    """The month item and the day item a change on this local day adds to."""
    return month_key(local_day.isoformat()[:7]), day_key(local_day)


def agency_scope(agency_id: str) -> str:
    return f"agency#{agency_id}"


def region_scope(region_code: str) -> str:
    return f"region#{region_code}"


def topic_scope(topic: str) -> str:
    return f"topic#{top_topic(topic)}"


def top_topic(topic: str) -> str:
    return topic.split(".", 1)[0]


def scopes_of(*, agency_id: str, region_code: str, topic: str | None, kind: str, channel: str) -> list[str]:
    """Every scope a report counts in: the nation, its agency, its regions, topic, kind and channel."""
    scopes = [NATIONAL_SCOPE, agency_scope(agency_id)]
    scopes += [region_scope(code) for code in enclosing_regions(region_code)[:-1]]
    if topic:
        scopes.append(topic_scope(topic))
    scopes += [f"kind#{kind}", f"channel#{channel}"]
    return scopes


def increments(metrics: dict[str, int], local_day: date, *, agency_id: str, region_code: str,
               topic: str | None, kind: str, channel: str) -> list[CounterIncrement]:
    """One change's metrics, added to every scope of the report in its day (and the running
    totals in its month too)."""
    running = {name: amount for name, amount in metrics.items() if name in RUNNING_TOTALS}
    month, day = counter_periods(local_day)
    scopes = scopes_of(agency_id=agency_id, region_code=region_code, topic=topic, kind=kind, channel=channel)
    return ([CounterIncrement(scope, day, dict(metrics)) for scope in scopes]
            + [CounterIncrement(scope, month, dict(running)) for scope in scopes if running]
            + [in_use_marker(agency_id, local_day)])


# Of the ~11,000 agencies of the national directory most never get a report; the national figures
# rank those in use by the end of the period, found in a few small partitions instead of a Query
# per agency. One marker per agency and month it counted in, so a closed month's list stays as it was.
AGENCIES_IN_USE = "agencies_in_use"
IN_USE_SHARDS = 8


def in_use_marker(agency_id: str, local_day: date) -> CounterIncrement:
    shard = int.from_bytes(hashlib.sha256(agency_id.encode()).digest()[:2], "big") % IN_USE_SHARDS
    return CounterIncrement(f"{AGENCIES_IN_USE}#{shard}", f"U#{local_day.isoformat()[:7]}#{agency_id}",
                            {"changes": 1})


def in_use_until(month: str) -> str:
    """The highest marker key of agencies in use by the end of ``month`` (YYYY-MM); ids sort below "~"."""
    return f"U#{month}#~"


def agency_of_marker(period_shard: str) -> str:
    """``U#2026-11#dpupr-tanjungpinang#00`` -> ``dpupr-tanjungpinang``."""
    return period_shard.split("#")[2]


def submission_metrics(*, kind: str, channel: str) -> dict[str, int]:
    return {"received": 1, f"received_kind_{kind}": 1, f"received_channel_{channel}": 1}


# The event that is the milestone of each stage whose deadline is measured (the first follow-up:
# the first public update or the final answer, whichever comes first).
_STAGE_OF_EVENT = {
    EventType.VERIFIED: "verification",
    EventType.UPDATED: "first_response",
    EventType.RESPONDED: "first_response",
    EventType.CLOSED: "completion",
    EventType.AUTO_CLOSED: "completion",
}
# Counted for the agency that receives a report, whether by verification or by transfer.
DISPOSITIONED_METRIC = "dispositioned"
_COUNTED_EVENTS = {
    EventType.VERIFIED: ("verified",),
    EventType.ARCHIVED: ("archived",),
    EventType.TRANSFERRED: ("transferred",),
    EventType.RESPONDED: ("responded",),  # final answers (progress updates count only as a first follow-up)
    EventType.CLOSED: ("closed",),
    EventType.AUTO_CLOSED: ("closed", "auto_closed"),
    EventType.DEADLINE_BREACHED: ("breached",),
    EventType.REOPENED: ("reopened",),
    EventType.ESCALATED: ("escalated",),
}


def event_metrics(event_type: EventType, *, within_deadline: bool | None = None,
                  first_answer_working_days: int | None = None,
                  rating: int | None = None, breached_stage: str | None = None) -> dict[str, int]:
    """metric -> amount for one timeline event.

    ``within_deadline`` is whether the stage this event completes (verification, first
    follow-up, completion) met its deadline; None when the event completes no stage, or
    completes one again (a second answer is not a first follow-up).
    """
    metrics = {name: 1 for name in _COUNTED_EVENTS.get(event_type, ())}
    stage = _STAGE_OF_EVENT.get(event_type)
    if stage and within_deadline is not None:
        metrics[f"{stage}_measured"] = 1
        if within_deadline:
            metrics[f"{stage}_within_deadline"] = 1
    if first_answer_working_days is not None:
        metrics["first_response_working_days_sum"] = first_answer_working_days
        metrics["first_response_count"] = 1
        bucket = min(first_answer_working_days, FIRST_RESPONSE_DAYS_CAP)
        metrics[f"{FIRST_RESPONSE_DAYS_PREFIX}{bucket}"] = 1
    if breached_stage is not None:
        metrics[f"{breached_stage}_breached"] = 1
    if rating is not None:
        metrics["rating_sum"] = rating
        metrics["rating_count"] = 1
    return metrics


def duplicate_metrics(*, had_reached_agency: bool) -> dict[str, int]:
    """A report merged into another: no deadline figure counts it from then on (it is not answered
    or closed on its own), and one that reached an agency leaves the completion rate's denominator."""
    metrics = {DUPLICATES: 1}
    if had_reached_agency:
        metrics[DUPLICATES_DISPOSITIONED] = 1
    return metrics


def disposition_metrics(topic: str | None) -> dict[str, int]:
    """A report reached an agency; its topic counts where the agency's topics are ranked."""
    metrics = {DISPOSITIONED_METRIC: 1}
    if topic:
        metrics[f"{TOPIC_PREFIX}{top_topic(topic)}"] = 1
    return metrics


def is_hot(scope: str) -> bool:
    """Scopes that any report in the country may touch: the nation, a topic, a kind, a channel.

    With every write one small item, a partition that took every report of a 1M-a-day peak would
    take ~930 WCU/s (``python -m devtools.bench_cost``, table (d)): just under DynamoDB's 1,000, so
    these are spread over shards. A province takes its share only (the largest, Jawa Barat, ~18%
    of the people: ~170 WCU/s), so it stays one partition and is read with one Query.
    """
    return scope == NATIONAL_SCOPE or scope.startswith(("topic#", "kind#", "channel#"))


# --- where a counter lives: partition and item -------------------------------------------


def shard_partition(scope: str, shard: int) -> str:
    """``national``, 3 -> ``national#03``: one of a hot scope's partitions."""
    return f"{scope}#{shard:02d}"


def partitions_of(scope: str, shards: int) -> list[str]:
    """Every partition a scope's counters are in: its shards if hot, else the scope itself."""
    return [shard_partition(scope, shard) for shard in range(shards)] if is_hot(scope) else [scope]


# A period's metrics are split over a few items, so that an item holding every metric it can hold
# stays under 1 KB (tests/unit/test_counter_items.py) and every write costs one write unit. The large
# families are split: the first-answer histogram in three, the topics in four. A change adds its other
# metrics to the item of its one family metric (a verification to its topic's, a first answer to its
# day's), or else to the received or the events item: one item per scope and change.
RECEIVED_GROUP, EVENTS_GROUP = "r", "e"
_HISTOGRAM_GROUP_DAYS = 20  # buckets 0..19 in "w0", 20..39 in "w1", 40..FIRST_RESPONSE_DAYS_CAP in "w2"
_TOPIC_GROUPS = 4


def family_group(metric: str) -> str | None:
    """The group of a metric of a large family (a first-answer day, a topic); None for the others."""
    if metric.startswith(FIRST_RESPONSE_DAYS_PREFIX):
        days = int(metric.removeprefix(FIRST_RESPONSE_DAYS_PREFIX))
        return f"w{min(days // _HISTOGRAM_GROUP_DAYS, FIRST_RESPONSE_DAYS_CAP // _HISTOGRAM_GROUP_DAYS - 1)}"
    if metric.startswith(TOPIC_PREFIX):
        return f"t{hashlib.sha256(metric.encode()).digest()[0] % _TOPIC_GROUPS}"
    return None


def item_groups(metrics: dict[str, int]) -> dict[str, dict[str, int]]:
    """group -> metrics: where one change's metrics for a scope and period go. Readers add up every
    item of a period, so a metric may be in several of its items."""
    groups: dict[str, dict[str, int]] = {}
    others: dict[str, int] = {}
    for metric, amount in metrics.items():
        family = family_group(metric)
        if family:
            groups.setdefault(family, {})[metric] = amount
        else:
            others[metric] = amount
    if others:
        anchor = (next(iter(groups)) if len(groups) == 1
                  else RECEIVED_GROUP if any(metric.startswith("received") for metric in others) else EVENTS_GROUP)
        groups.setdefault(anchor, {}).update(others)
    return groups


def counter_items(increment: CounterIncrement, shard: int) -> dict[tuple[str, str], dict[str, int]]:
    """(partition, sort key) -> metrics: the items one increment (or a change's increments of one
    scope and period, added up) adds to, in its scope's ``shard`` (ignored for a scope that is not
    hot). In-use markers keep their own keys."""
    if increment.scope.startswith(AGENCIES_IN_USE):
        return {(increment.scope, increment.period): dict(increment.metrics)}
    partition = shard_partition(increment.scope, shard) if is_hot(increment.scope) else increment.scope
    return {(partition, f"{increment.period}#{group}"): metrics
            for group, metrics in item_groups(increment.metrics).items()}


def every_metric(kinds: list[str], channels: list[str], topics: list[str], stages: list[str]) -> list[str]:
    """Every metric a day item can hold, as a day at national scale fills them (sizes, benchmarks)."""
    metrics: dict[str, int] = {}
    for kind in kinds:
        for channel in channels:
            metrics.update(submission_metrics(kind=kind, channel=channel))
    for event in EventType:
        metrics.update(event_metrics(event, within_deadline=True, rating=5))
    metrics.update(event_metrics(EventType.RESPONDED, first_answer_working_days=0))
    metrics.update({f"{FIRST_RESPONSE_DAYS_PREFIX}{days}": 1 for days in range(FIRST_RESPONSE_DAYS_CAP + 1)})
    metrics.update({f"{stage}_breached": 1 for stage in stages})
    metrics.update(duplicate_metrics(had_reached_agency=True))
    for topic in topics:
        metrics.update(disposition_metrics(topic))
    metrics.update({RECORDED_LATE: 1, OVERDUE_OPEN: 1})
    return sorted(metrics)


# --- reading: which items cover a span of days -----------------------------------------

# Before anything was counted: where sums over all time (the open-overdue count) start.
EPOCH = date(2020, 1, 1)
_AFTER_SHARDS = "#~"  # sorts after every "#<shard>" of the same period


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month_start(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def day_range(first: date, last: date) -> tuple[str, str]:
    """The sort-key range of the day items of ``first``..``last``."""
    return day_key(first), day_key(last) + _AFTER_SHARDS


def key_ranges(first: date, last: date) -> list[tuple[str, str]]:
    """Sort-key ranges that cover the days ``first``..``last`` for running totals: whole months
    from month items, the days of a partly covered month from day items."""
    whole_from = first if first.day == 1 else _next_month_start(first)
    whole_to = last if _next_month_start(last) - timedelta(days=1) == last else _month_start(last) - timedelta(days=1)
    if whole_from > whole_to:
        return [(day_key(first), day_key(last) + _AFTER_SHARDS)]
    ranges = []
    if first < whole_from:
        ranges.append((day_key(first), day_key(whole_from - timedelta(days=1)) + _AFTER_SHARDS))
    ranges.append((month_key(whole_from.isoformat()[:7]), month_key(whole_to.isoformat()[:7]) + _AFTER_SHARDS))
    if whole_to < last:
        ranges.append((day_key(whole_to + timedelta(days=1)), day_key(last) + _AFTER_SHARDS))
    return ranges


def period_of_key(period_shard: str) -> str:
    """``M#2026-11#e`` -> ``M#2026-11``: the groups of one period (and the shards of items written
    before issue 17, ``M#2026-11#03``) add up."""
    return period_shard.rsplit("#", 1)[0]


def covers(key_range: tuple[str, str], period: str) -> bool:
    low, high = key_range
    return low <= period <= high
