"""Reports, their timelines, counters, notifications and idempotency records: written together or not at all."""
from __future__ import annotations

import base64
import binascii
import json
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.domain.statistics import CounterIncrement
from chalicelib.store import faults
from chalicelib.store.concurrent import at_once
from chalicelib.store.statistics import counter_updates
from chalicelib.store.models import (
    IdempotencyRecordModel,
    NotificationModel,
    ReportEventModel,
    ReportModel,
)


class TrackingIdTaken(Exception):
    """The random tracking id collided with an existing report; draw another."""


class IdempotencyKeyTaken(Exception):
    """Another request with the same Idempotency-Key got there first."""


class WriteConflict(Exception):
    """A concurrent transaction touched the same items; the caller may retry at once."""


class VersionConflict(Exception):
    """The report changed since it was read: someone else acted on it first."""


class InvalidCursor(Exception):
    """A pagination cursor that this listing did not hand out."""


def event_key(at: datetime, sequence: int = 0) -> str:
    """Sorts by time, then by order within one change; the random tail keeps writers apart."""
    return f"{at.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{sequence:02d}{secrets.token_hex(3)}"


def get_report(tracking_id: str) -> ReportModel | None:
    return store.get_or_none(ReportModel, tracking_id, consistent_read=True)


def reports_by_id(tracking_ids: list[str], *, consistent_read: bool = False) -> dict[str, ReportModel]:
    """Several reports in one BatchGetItem per 100 (ids not found are left out)."""
    store.ready()
    return {report.tracking_id: report
            for report in ReportModel.batch_get(sorted(set(tracking_ids)), consistent_read=consistent_read)} \
        if tracking_ids else {}


def get_report_unless_privacy(tracking_id: str, privacy: str) -> ReportModel | None:
    """The report, unless it has that privacy. DynamoDB leaves such a report out of the answer
    itself (a Query on the key with a filter, read at the cost of a GetItem), so what comes back,
    and all the work after it, is the same as for an id that does not exist."""
    store.ready()
    return next(iter(ReportModel.query(tracking_id, filter_condition=ReportModel.privacy != privacy,
                                       consistent_read=True)), None)


def timeline(tracking_id: str) -> list[ReportEventModel]:
    store.ready()
    return list(ReportEventModel.query(tracking_id, consistent_read=True))


def get_idempotency_record(key_hash: str) -> IdempotencyRecordModel | None:
    return store.get_or_none(IdempotencyRecordModel, key_hash, consistent_read=True)


def _add_counters(transaction: TransactWrite, counters: list[CounterIncrement], shards: int) -> None:
    # One shard per scope and change: its metrics stay together, in as few items as their groups.
    for item, actions in counter_updates(counters, lambda scope: random.randrange(shards)):
        transaction.update(item, actions=actions)


def _add_history(transaction: TransactWrite, events: list[ReportEventModel], counters: list[CounterIncrement],
                 notifications: list[NotificationModel], shards: int) -> None:
    """What goes with every report write: its timeline events, notifications and counters."""
    for event in events:
        transaction.save(event, condition=ReportEventModel.event_key.does_not_exist())
    for notification in notifications:
        transaction.save(notification, condition=NotificationModel.notification_id.does_not_exist())
    _add_counters(transaction, counters, shards)


def _reasons(error: TransactWriteError) -> list[str | None]:
    return [reason.code if reason else None for reason in (error.cancellation_reasons or [])]


def _is_conflict(error: TransactWriteError, reasons: list[str | None]) -> bool:
    return "TransactionConflict" in reasons or error.cause_response_code == "TransactionConflictException"


def insert_report(report: ReportModel, first_event: ReportEventModel,
                  counters: list[CounterIncrement], notifications: list[NotificationModel],
                  idempotency: IdempotencyRecordModel | None = None, also: list[Model] | None = None) -> None:
    """Write a new report, its first event, counters, notifications and idempotency record in one go
    (and ``also``: items that go with it, such as its likely-duplicate index entries)."""
    settings = store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            transaction.save(report, condition=ReportModel.tracking_id.does_not_exist())
            if idempotency is not None:
                transaction.save(idempotency, condition=IdempotencyRecordModel.key_hash.does_not_exist())
            _add_history(transaction, [first_event], counters, notifications, settings.hot_counter_shards)
            for item in also or []:
                transaction.save(item)
    except TransactWriteError as error:
        reasons = _reasons(error)
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise TrackingIdTaken() from error
        if idempotency is not None and len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise IdempotencyKeyTaken() from error
        if _is_conflict(error, reasons):
            raise WriteConflict() from error
        if faults.is_passing(error):
            raise faults.unavailable() from error
        raise


def save_change(report: ReportModel, events: list[ReportEventModel], counters: list[CounterIncrement],
                notifications: list[NotificationModel],
                linked: list[tuple[ReportModel, list[ReportEventModel]]] | None = None,
                updates: list[tuple] = ()) -> None:
    """Write a changed report with its events, counters and notifications, all or nothing.

    The report is saved on condition that its version is still the one that was read, so
    two people acting at once never overwrite each other: the second gets VersionConflict,
    also while the first one's transaction is still under way on the report. A conflict on
    another item (a shared counter) or a throttle changed nothing: ServiceUnavailable.
    ``linked``: other reports changed with it (a duplicate's original), each under its own version
    check, with their events; a conflict on one of them is a VersionConflict too.
    """
    settings = store.ready()
    linked = linked or []
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            transaction.save(report)  # PynamoDB adds "version = <read version>" and increments it
            for other, _ in linked:
                transaction.save(other)
            _add_history(transaction, events + [event for _, other_events in linked for event in other_events],
                         counters, notifications, settings.hot_counter_shards)
            for item, actions in updates:  # other tallies the change makes (routing misses)
                transaction.update(item, actions=actions)
    except TransactWriteError as error:
        reasons = _reasons(error)
        if reasons and any(reason in ("ConditionalCheckFailed", "TransactionConflict")
                           for reason in reasons[: 1 + len(linked)]):
            raise VersionConflict() from error
        if faults.is_passing(error):
            raise faults.unavailable() from error
        raise


# --- listings -------------------------------------------------------------------------

_END = "end"
# Far below DynamoDB's own key limits; every real key is a few dozen characters.
_MAX_KEY_LENGTH = 256


def _encode_cursor(positions: dict[str, dict | str | None]) -> str | None:
    if all(position == _END for position in positions.values()):
        return None
    return base64.urlsafe_b64encode(json.dumps(positions, sort_keys=True).encode()).decode().rstrip("=")


def _is_position(value, hash_key: str, table_key: str, hash_name: str, range_name: str) -> bool:
    """A position this listing could have handed out: not begun, the end, or a key in its partition."""
    if value is None or value == _END:
        return True
    if not isinstance(value, dict) or sorted(value) != sorted({table_key, hash_name, range_name}):
        return False
    if not all(isinstance(part, dict) and list(part) == ["S"] and isinstance(part["S"], str)
               and 0 < len(part["S"]) <= _MAX_KEY_LENGTH for part in value.values()):
        return False
    return value[hash_name]["S"] == hash_key


def _decode_cursor(cursor: str | None, hash_keys: list[str], table_key: str, hash_name: str,
                   range_name: str) -> dict[str, dict | str | None]:
    if not cursor:
        return {key: None for key in hash_keys}
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        positions = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor() from None
    if not isinstance(positions, dict) or sorted(positions) != sorted(hash_keys):
        raise InvalidCursor()
    if not all(_is_position(positions[key], key, table_key, hash_name, range_name) for key in hash_keys):
        raise InvalidCursor()
    return positions


def _index_key_names(index: GlobalSecondaryIndex) -> tuple[str, str]:
    hash_name = range_name = ""
    for attribute in index.Meta.attributes.values():
        if attribute.is_hash_key:
            hash_name = attribute.attr_name
        elif attribute.is_range_key:
            range_name = attribute.attr_name
    return hash_name, range_name


def list_index(index: GlobalSecondaryIndex, hash_keys: list[str], *, limit: int, cursor: str | None,
               range_condition: Condition | None = None, filter_condition: Condition | None = None,
               newest_first: bool = False) -> tuple[list, str | None]:
    """One page of a listing over one index partition, or several merged in range-key order.

    The cursor records where each partition stopped, so the next page continues each of
    them; raises InvalidCursor for a cursor of another listing.
    """
    store.ready()
    hash_name, range_name = _index_key_names(index)
    table_key = index._model._hash_keyname
    positions = _decode_cursor(cursor, hash_keys, table_key, hash_name, range_name)
    fetched: list[tuple[str, Model]] = []
    exhausted: dict[str, bool] = {}

    def page_of(hash_key: str):
        def read() -> tuple[list, bool]:
            results = index.query(hash_key, range_key_condition=range_condition, filter_condition=filter_condition,
                                  limit=limit, page_size=limit, last_evaluated_key=positions[hash_key],
                                  scan_index_forward=not newest_first)
            items = list(results)
            return items, results.last_evaluated_key is None
        return read

    open_keys = [hash_key for hash_key in hash_keys if positions[hash_key] != _END]
    for hash_key, (items, ended) in zip(open_keys, at_once(*(page_of(hash_key) for hash_key in open_keys))):
        fetched += [(hash_key, item) for item in items]
        exhausted[hash_key] = ended
    fetched.sort(key=lambda pair: (getattr(pair[1], range_name) or "", getattr(pair[1], table_key)),
                 reverse=newest_first)
    page = fetched[:limit]
    taken_from: dict[str, Model] = {}
    for hash_key, item in page:
        taken_from[hash_key] = item  # the last one taken from each partition
    left_behind = {hash_key for hash_key, _ in fetched[limit:]}
    for hash_key in hash_keys:
        if positions[hash_key] == _END:
            continue
        if hash_key in taken_from and (hash_key in left_behind or not exhausted[hash_key]):
            item = taken_from[hash_key]
            positions[hash_key] = {table_key: {"S": getattr(item, table_key)}, hash_name: {"S": hash_key},
                                   range_name: {"S": getattr(item, range_name)}}
        elif hash_key not in left_behind and exhausted[hash_key]:
            positions[hash_key] = _END
    return [item for _, item in page], _encode_cursor(positions)


def count_in(partitions: list[tuple[GlobalSecondaryIndex, str]], range_condition: Condition | None,
             filter_condition: Condition | None, cap: int) -> int:
    """Items in some index partitions, counted with Select=COUNT up to just past ``cap``, one
    partition after another (reading no further once past it)."""
    store.ready()
    total = 0
    for index, hash_key in partitions:
        total += index.count(hash_key, range_condition, filter_condition=filter_condition, limit=cap + 1 - total)
        if total > cap:
            break
    return total


@dataclass(frozen=True)
class Count:
    """What to count: items of some index partitions, in a key range, passing a filter."""

    partitions: list[tuple[GlobalSecondaryIndex, str]]
    range_condition: Condition | None = None
    filter_condition: Condition | None = None


def counts_at_once(counts: dict[str, Count], cap: int) -> dict[str, int]:
    """Several counts, every partition of every one read at once (one round trip), each partition
    counted up to just past ``cap``; a total past ``cap`` only says so."""
    reads = [(name, lambda index=index, hash_key=hash_key, count=count: index.count(
                 hash_key, count.range_condition, filter_condition=count.filter_condition, limit=cap + 1))
             for name, count in counts.items() for index, hash_key in count.partitions]
    totals = dict.fromkeys(counts, 0)
    for (name, _), found in zip(reads, at_once(*(read for _, read in reads))):
        totals[name] += found
    return totals


def due_in_bucket(bucket: str, until_key: str) -> Iterator[str]:
    """Tracking ids in a sweep bucket whose duty falls due at or before ``until_key`` (UTC)."""
    store.ready()
    for item in ReportModel.by_sweep_bucket.query(bucket, ReportModel.sweep_at <= until_key):
        yield item.tracking_id


def _limited_with_total(index: GlobalSecondaryIndex, hash_key: str, condition: Condition,
                        limit: int) -> tuple[list[ReportModel], int]:
    """The first ``limit`` items of an index range, and how many there are in all."""
    store.ready()
    items = list(index.query(hash_key, condition, limit=limit))
    total = len(items) if len(items) < limit else index.count(hash_key, condition)
    return items, total


def entered_agency_queue_since(agency_id: str, queue: str, since_key: str,
                               limit: int) -> tuple[list[ReportModel], int]:
    return _limited_with_total(ReportModel.by_agency_queue, f"{agency_id}#{queue}",
                               ReportModel.queue_since >= since_key, limit)


def agency_due_between(agency_id: str, after_key: str | None, until_key: str,
                       limit: int) -> tuple[list[ReportModel], int]:
    """Reports of an agency whose running deadline is in (after, until], soonest first."""
    condition = (ReportModel.next_due_at.between(after_key, until_key) if after_key
                 else ReportModel.next_due_at <= until_key)
    return _limited_with_total(ReportModel.by_agency_due, agency_id, condition, limit)


def holds_open_reports(agency_id: str) -> bool:
    """Whether any report waits with the agency: in its verification queue, its inbox, or answered."""
    return count_in([(ReportModel.by_agency_queue, f"{agency_id}#{queue}")
                     for queue in ("verification", "inbox", "answered")], None, None, 0) > 0
