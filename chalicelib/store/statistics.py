"""Counter items read back: one Query per scope and key range, shards added up.

The counter model declares only its keys (metrics are added by name), so items are read
raw through the table connection and every number attribute is taken as a metric.
"""
from __future__ import annotations

from collections import Counter

from chalicelib import store
from chalicelib.domain.statistics import (
    AGENCIES_IN_USE,
    IN_USE_SHARDS,
    agency_of_marker,
    in_use_until,
    period_of_key,
)
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import StatCounterModel

_KEYS = ("scope", "period_shard")


def counters_by_period(scope: str, key_ranges: list[tuple[str, str]]) -> dict[str, Counter]:
    """period key (``M#2026-10``, ``D#2026-11-03``) -> metrics summed over its shards."""
    store.ready()
    connection = StatCounterModel._get_connection()

    def items_between(low: str, high: str):
        def read() -> list[dict]:
            items, start = [], None
            while True:
                page = connection.query(scope, range_key_condition=StatCounterModel.period_shard.between(low, high),
                                        exclusive_start_key=start)
                items += page.get("Items", [])
                start = page.get("LastEvaluatedKey")
                if not start:
                    return items
        return read

    periods: dict[str, Counter] = {}
    for items in at_once(*(items_between(low, high) for low, high in key_ranges)):  # the ranges at once
        for item in items:
            metrics = periods.setdefault(period_of_key(item["period_shard"]["S"]), Counter())
            for name, value in item.items():
                if name not in _KEYS and "N" in value:
                    metrics[name] += int(value["N"])
    return periods


def agencies_in_use(until_month: str) -> set[str]:
    """Every agency that had a report counted by the end of ``until_month`` (YYYY-MM), from the
    in-use markers' few partitions."""
    store.ready()
    connection = StatCounterModel._get_connection()
    found: set[str] = set()
    for shard in range(IN_USE_SHARDS):
        start = None
        while True:
            page = connection.query(f"{AGENCIES_IN_USE}#{shard}",
                                    range_key_condition=StatCounterModel.period_shard <= in_use_until(until_month),
                                    exclusive_start_key=start, attributes_to_get=["period_shard"])
            found.update(agency_of_marker(item["period_shard"]["S"]) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    return found
