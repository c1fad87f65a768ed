"""The routing table's overrides, the misses that tell where it is wrong, and their audit trail."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.store import faults
from chalicelib.store.cache import cached, forget_all
from chalicelib.store.models import AuditEntryModel, RoutingMissModel, RoutingRuleModel


class RuleVersionConflict(Exception):
    """An override changed since the caller read it."""


def overrides_for(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The overrides stored under any of these (region, topic) keys, in one BatchGetItem (or as this
    container read them lately)."""
    return dict(_overrides_for(tuple(sorted(set(keys)))))


@cached
def _overrides_for(unique: tuple[tuple[str, str], ...]) -> dict[tuple[str, str], str]:
    store.ready()
    return {(rule.region_code, rule.topic_id): rule.agency_id
            for rule in RoutingRuleModel.batch_get(list(unique),
                                                   attributes_to_get=["region_code", "topic_id", "agency_id"])}


def rules_of(region_code: str) -> list[RoutingRuleModel]:
    store.ready()
    return list(RoutingRuleModel.query(region_code, consistent_read=True))


@dataclass(frozen=True)
class RuleChange:
    """Set (``agency_id``) or remove (None) the override of a topic in a region, if still at ``expected_version``
    (0: there is none)."""

    region_code: str
    topic_id: str
    agency_id: str | None
    expected_version: int


def change_rules(changes: list[RuleChange], audit: list[AuditEntryModel], now: datetime, by: str) -> None:
    """Every change and its audit entry in one transaction: all apply, or none (RuleVersionConflict)."""
    store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            for change in changes:
                # PynamoDB conditions each write on the version set here (None: there must be none).
                rule = RoutingRuleModel(change.region_code, change.topic_id)
                if change.expected_version:
                    rule.version = change.expected_version
                if change.agency_id is None:
                    transaction.delete(rule, condition=None if change.expected_version else
                                       RoutingRuleModel.version.does_not_exist())
                else:
                    rule.agency_id, rule.updated_at, rule.updated_by = change.agency_id, now, by
                    transaction.save(rule)
            for entry in audit:
                transaction.save(entry, condition=AuditEntryModel.at_key.does_not_exist())
    except TransactWriteError as error:
        faults.raise_cancelled(error, RuleVersionConflict())
    finally:
        forget_all()  # routing reads the new overrides at once in this container


def audit_trail(subject: str, limit: int) -> list[AuditEntryModel]:
    """The latest entries of a subject, newest first."""
    store.ready()
    return list(AuditEntryModel.query(subject, scan_index_forward=False, limit=limit, consistent_read=True))


def misses_of(month: str, region_prefix: str | None) -> list[RoutingMissModel]:
    store.ready()
    condition = RoutingMissModel.pair.startswith(region_prefix) if region_prefix else None
    return list(RoutingMissModel.query(month, range_key_condition=condition))


def miss_update(month: str, region_code: str, topic_id: str, kind: str, now: datetime):
    """The update that counts one miss (``transfers`` or ``reroutes``), to go into a report's transaction."""
    counter = RoutingMissModel.transfers if kind == "transfers" else RoutingMissModel.reroutes
    return (RoutingMissModel(month, f"{region_code}#{topic_id}"),
            [counter.add(1), RoutingMissModel.last_at.set(now)])
