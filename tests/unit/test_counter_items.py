"""Where statistics counters are written: hot scopes over shard partitions, every item small."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from chalicelib.domain import statistics
from chalicelib.domain.reports import Channel, EventType, Kind
from chalicelib.domain.clocks import Stage

TOPICS = [topic["topic_id"] for topic in json.loads(
    (Path(statistics.__file__).parent.parent / "data" / "lapor_topics.json").read_text())["topics"]]
LARGEST_COUNT = 10**9  # a count no day reaches: its number takes the most bytes it can


def stored_bytes(partition: str, sort_key: str, metrics: list[str]) -> int:
    """DynamoDB's size of an item: attribute names plus values (a number: 1 byte per 2 digits, +1)."""
    number = len(str(LARGEST_COUNT)) // 2 + 1
    return (len("scope") + len(partition) + len("period_shard") + len(sort_key)
            + sum(len(metric) + number for metric in metrics))


def changes_of_a_national_day() -> list[dict[str, int]]:
    """What the changes of a day at national scale add to a scope, as the services count them
    (merged per change, as a transaction writes them): every kind, channel, topic, answer day."""
    stages = [stage.value for stage in Stage]
    breaches = [statistics.event_metrics(EventType.DEADLINE_BREACHED, breached_stage=stage)
                | {statistics.OVERDUE_OPEN: 1} for stage in stages]
    changes = []
    for kind in Kind:
        for channel in Channel:
            received = statistics.submission_metrics(kind=kind.value, channel=channel.value)
            changes += [received, received | {statistics.RECORDED_LATE: 1}]
    for topic in TOPICS:
        for on_time in (True, False):
            verified = statistics.event_metrics(EventType.VERIFIED, within_deadline=on_time)
            changes += [verified | statistics.disposition_metrics(topic) | breach for breach in breaches]
        changes.append(statistics.event_metrics(EventType.TRANSFERRED) | statistics.disposition_metrics(topic)
                       | {statistics.OVERDUE_OPEN: -1})
    for days in range(statistics.FIRST_RESPONSE_DAYS_CAP + 5):
        for on_time in (True, False):
            answered = statistics.event_metrics(EventType.RESPONDED, within_deadline=on_time,
                                                first_answer_working_days=days)
            changes += [answered | breach for breach in breaches]
    for event in EventType:
        for on_time in (True, False, None):
            changes += [statistics.event_metrics(event, within_deadline=on_time, rating=5) | breach
                        for breach in breaches]
    changes += [statistics.duplicate_metrics(had_reached_agency=True), {statistics.OVERDUE_OPEN: -1}]
    return changes


def test_an_item_holding_all_a_national_day_adds_to_it_stays_within_one_write_unit():
    items: dict[str, set[str]] = {}
    for change in changes_of_a_national_day():
        for group, metrics in statistics.item_groups(change).items():
            items.setdefault(group, set()).update(metrics)
    longest_scope = statistics.shard_partition(max((f"topic#{topic}" for topic in TOPICS), key=len), 99)

    sizes = {group: stored_bytes(longest_scope, f"D#2026-11-23#{group}", metrics) for group, metrics in items.items()}

    assert len(set().union(*items.values())) > 130 and len(items) == 9
    assert max(sizes.values()) <= 1024, sizes


def test_a_change_adds_to_one_item_per_scope():
    verified = (statistics.event_metrics(EventType.VERIFIED, within_deadline=True)
                | statistics.disposition_metrics("kesehatan"))
    answered = statistics.event_metrics(EventType.RESPONDED, within_deadline=False, first_answer_working_days=7)

    assert list(statistics.item_groups(verified)) == [statistics.family_group("topic_kesehatan")]
    assert list(statistics.item_groups(answered)) == ["w0"]
    assert list(statistics.item_groups(statistics.submission_metrics(kind="complaint", channel="web"))) == ["r"]
    assert list(statistics.item_groups(statistics.event_metrics(EventType.CLOSED, within_deadline=True))) == ["e"]


def test_a_hot_scope_is_written_to_one_shard_partition_and_read_from_all():
    increment = statistics.CounterIncrement("national", "D#2026-11-23", {"received": 1, "verified": 1})

    items = statistics.counter_items(increment, 3)

    assert items == {("national#03", "D#2026-11-23#r"): {"received": 1, "verified": 1}}
    assert statistics.partitions_of("national", 4) == ["national#00", "national#01", "national#02", "national#03"]
    assert statistics.partitions_of("agency#dpupr-tanjungpinang", 4) == ["agency#dpupr-tanjungpinang"]


def test_an_agency_scope_keeps_one_partition_whatever_the_shard():
    increment = statistics.CounterIncrement("agency#dpupr-tanjungpinang", "M#2026-11", {"overdue_open": -1})

    assert statistics.counter_items(increment, 5) == {("agency#dpupr-tanjungpinang", "M#2026-11#e"): {"overdue_open": -1}}


def test_groups_and_shards_of_one_period_add_up_when_read():
    assert statistics.period_of_key("D#2026-11-23#w1") == "D#2026-11-23"
    assert statistics.period_of_key("D#2026-11-23#03") == "D#2026-11-23"  # an item written before issue 17
    assert statistics.covers(statistics.day_range(date(2026, 11, 23), date(2026, 11, 23)), "D#2026-11-23#t0")
