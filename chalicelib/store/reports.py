"""Reports, their timelines, counters and idempotency records: written together or not at all."""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.operand import Path
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.domain.statistics import is_hot
from chalicelib.store.models import (
    IdempotencyRecordModel,
    ReportEventModel,
    ReportModel,
    StatCounterModel,
)


class TrackingIdTaken(Exception):
    """The random tracking id collided with an existing report; draw another."""


class IdempotencyKeyTaken(Exception):
    """Another request with the same Idempotency-Key got there first."""


class WriteConflict(Exception):
    """A concurrent transaction touched the same items; the caller may retry."""


@dataclass(frozen=True)
class CounterIncrement:
    scope: str
    period: str
    metrics: dict[str, int]


def event_key(at: datetime) -> str:
    """Sorts by time; the random tail keeps two events of the same instant apart."""
    return f"{at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{secrets.token_hex(3)}"


def get_report(tracking_id: str) -> ReportModel | None:
    return store.get_or_none(ReportModel, tracking_id, consistent_read=True)


def timeline(tracking_id: str) -> list[ReportEventModel]:
    store.ready()
    return list(ReportEventModel.query(tracking_id, consistent_read=True))


def get_idempotency_record(key_hash: str) -> IdempotencyRecordModel | None:
    return store.get_or_none(IdempotencyRecordModel, key_hash, consistent_read=True)


def insert_report(report: ReportModel, first_event: ReportEventModel,
                  counters: list[CounterIncrement],
                  idempotency: IdempotencyRecordModel | None = None) -> None:
    """Write a new report, its first event, its counters and its idempotency record in one go."""
    settings = store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            transaction.save(report, condition=ReportModel.tracking_id.does_not_exist())
            if idempotency is not None:
                transaction.save(idempotency, condition=IdempotencyRecordModel.key_hash.does_not_exist())
            transaction.save(first_event, condition=ReportEventModel.event_key.does_not_exist())
            for counter in counters:
                shards = settings.hot_counter_shards if is_hot(counter.scope) else 1
                item = StatCounterModel(counter.scope, f"{counter.period}#{random.randrange(shards):02d}")
                transaction.update(item, actions=[Path(metric).add(amount)
                                                  for metric, amount in counter.metrics.items()])
    except TransactWriteError as error:
        reasons = [reason.code if reason else None for reason in error.cancellation_reasons]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise TrackingIdTaken() from error
        if idempotency is not None and len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise IdempotencyKeyTaken() from error
        if "TransactionConflict" in reasons or error.cause_response_code == "TransactionConflictException":
            raise WriteConflict() from error
        raise
