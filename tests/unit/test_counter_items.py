"""Where statistics counters are written: hot scopes over shard partitions, every item small."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from chalicelib.domain import statistics
from chalicelib.domain.reports import Channel, Kind
from chalicelib.domain.clocks import Stage

TOPICS = [topic["topic_id"] for topic in json.loads(
    (Path(statistics.__file__).parent.parent / "data" / "lapor_topics.json").read_text())["topics"]]
LARGEST_COUNT = 10**9  # a count no day reaches: its number takes the most bytes it can


def stored_bytes(partition: str, sort_key: str, metrics: list[str]) -> int:
    """DynamoDB's size of an item: attribute names plus values (a number: 1 byte per 2 digits, +1)."""
    number = len(str(LARGEST_COUNT)) // 2 + 1
    return (len("scope") + len(partition) + len("period_shard") + len(sort_key)
            + sum(len(metric) + number for metric in metrics))


def test_an_item_holding_every_metric_of_its_group_stays_within_one_write_unit():
    every = statistics.every_metric([kind.value for kind in Kind], [channel.value for channel in Channel],
                                    TOPICS, [stage.value for stage in Stage])
    longest_scope = statistics.shard_partition(max((f"topic#{topic}" for topic in TOPICS), key=len), 99)
    groups: dict[str, list[str]] = {}
    for metric in every:
        groups.setdefault(statistics.metric_group(metric), []).append(metric)

    sizes = {group: stored_bytes(longest_scope, f"D#2026-11-23#{group}", metrics) for group, metrics in groups.items()}

    assert len(every) > 130 and len(groups) >= 5
    assert max(sizes.values()) <= 1024, sizes


def test_a_hot_scope_is_written_to_one_shard_partition_and_read_from_all():
    increment = statistics.CounterIncrement("national", "D#2026-11-23", {"received": 1, "verified": 1})

    items = statistics.counter_items(increment, 3)

    assert items == {("national#03", "D#2026-11-23#r"): {"received": 1},
                     ("national#03", "D#2026-11-23#e"): {"verified": 1}}
    assert statistics.partitions_of("national", 4) == ["national#00", "national#01", "national#02", "national#03"]
    assert statistics.partitions_of("agency#dpupr-tanjungpinang", 4) == ["agency#dpupr-tanjungpinang"]


def test_an_agency_scope_keeps_one_partition_whatever_the_shard():
    increment = statistics.CounterIncrement("agency#dpupr-tanjungpinang", "M#2026-11", {"overdue_open": -1})

    assert statistics.counter_items(increment, 5) == {("agency#dpupr-tanjungpinang", "M#2026-11#e"): {"overdue_open": -1}}


def test_groups_and_shards_of_one_period_add_up_when_read():
    assert statistics.period_of_key("D#2026-11-23#w1") == "D#2026-11-23"
    assert statistics.period_of_key("D#2026-11-23#03") == "D#2026-11-23"  # an item written before issue 17
    assert statistics.covers(statistics.day_range(date(2026, 11, 23), date(2026, 11, 23)), "D#2026-11-23#t0")
