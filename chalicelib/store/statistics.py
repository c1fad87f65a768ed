"""Counter items: written with a change (``counter_updates``), read back per scope (``counters_by_period``).

The counter model declares only its keys (metrics are added by name), so items are read raw
through the table connection and every number attribute is taken as a metric. A hot scope's
shard partitions are read at once, in threads: they are independent reads.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from pynamodb.expressions.operand import Path

from chalicelib import store
from chalicelib.domain.statistics import (
    AGENCIES_IN_USE,
    IN_USE_SHARDS,
    CounterIncrement,
    agency_of_marker,
    counter_items,
    in_use_until,
    partitions_of,
    period_of_key,
)
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import StatCounterModel

_KEYS = ("scope", "period_shard")


def counter_updates(counters: list[CounterIncrement],
                    shard_of: Callable[[str], int]) -> list[tuple[StatCounterModel, list]]:
    """The item updates that add ``counters``: what goes to one scope and period is added up first
    (a transaction may touch an item only once, and the change's metrics then share an item), each
    hot scope in the shard ``shard_of(scope)`` picks, once per scope."""
    merged: dict[tuple[str, str], dict[str, int]] = {}
    for counter in counters:
        metrics = merged.setdefault((counter.scope, counter.period), {})
        for metric, amount in counter.metrics.items():
            metrics[metric] = metrics.get(metric, 0) + amount
    shards: dict[str, int] = {}
    updates = []
    for (scope, period), metrics in merged.items():
        shard = shards.setdefault(scope, shard_of(scope))
        for (partition, sort_key), added in counter_items(CounterIncrement(scope, period, metrics), shard).items():
            updates.append((StatCounterModel(partition, sort_key),
                            [Path(metric).add(amount) for metric, amount in added.items()]))
    return updates


def _query_all(partition: str, range_condition, **options) -> list[dict]:
    connection = StatCounterModel._get_connection()
    items, start = [], None
    while True:
        page = connection.query(partition, range_key_condition=range_condition, exclusive_start_key=start, **options)
        items += page.get("Items", [])
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def _items_of(reads: list[Callable[[], list[dict]]]) -> list[dict]:
    """Every item the reads return, the reads made at once (store/concurrent.py)."""
    return [item for items in at_once(*reads) for item in items]


def counters_by_period(scope: str, key_ranges: list[tuple[str, str]]) -> dict[str, Counter]:
    """period key (``M#2026-10``, ``D#2026-11-03``) -> metrics summed over its groups and shards."""
    settings = store.ready()
    reads = [lambda partition=partition, low=low, high=high:
             _query_all(partition, StatCounterModel.period_shard.between(low, high))
             for partition in partitions_of(scope, settings.hot_counter_shards) for low, high in key_ranges]
    periods: dict[str, Counter] = {}
    for item in _items_of(reads):
        metrics = periods.setdefault(period_of_key(item["period_shard"]["S"]), Counter())
        for name, value in item.items():
            if name not in _KEYS and "N" in value:
                metrics[name] += int(value["N"])
    return periods


def agencies_in_use(until_month: str) -> set[str]:
    """Every agency that had a report counted by the end of ``until_month`` (YYYY-MM), from the
    in-use markers' few partitions."""
    store.ready()
    reads = [lambda shard=shard: _query_all(f"{AGENCIES_IN_USE}#{shard}",
                                            StatCounterModel.period_shard <= in_use_until(until_month),
                                            attributes_to_get=["period_shard"])
             for shard in range(IN_USE_SHARDS)]
    return {agency_of_marker(item["period_shard"]["S"]) for item in _items_of(reads)}
