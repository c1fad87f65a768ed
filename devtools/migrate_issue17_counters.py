"""`python -m devtools.migrate_issue17_counters <dev|prod>`: a deployed stage's statistics counters
moved to issue 17's keys, once, right after that version is deployed (running it again is safe).

Before issue 17 a hot scope's counters (then the nation, provinces, topics, kinds, channels) were one
partition each, sharded in the sort key: ``national`` / ``D#2026-11-23#03``, every metric of the day
in that item. Now the nation, topics, kinds and channels have a partition per shard and a period's
metrics are split by group (domain/statistics.py): ``national#03`` / ``D#2026-11-23#e``. Readers no
longer look in their old partitions, so until this has run their figures miss what was counted
before.

For each item of an old hot partition, one transaction adds its metrics to the new items of the same
shard and deletes it, on condition that it still holds exactly what was read:
- resumable: a run stopped half-way leaves each item either moved or not, and the next run moves
  the rest;
- idempotent: a moved item is gone, so nothing is added twice;
- exact with traffic: a write still reaching an old item (a container of the previous version
  finishing its request) cancels that item's move, which the next run retries.
Counters of the other scopes (agencies, regions, provinces included) stay where they are: their
old items (``D#2026-11-23#00``, a province's ``#03``) are read together with the new grouped ones
in the same partition.

No Scan: the old partitions are the known hot scopes (the nation, every kind and channel, the
topics of the catalog), each read with Query. The reports need no rewriting: their public-list
index keys did not change.

    python -m devtools.migrate_issue17_counters prod [--dry-run]
"""
from __future__ import annotations

import argparse
import json

_KEYS = ("scope", "period_shard")


def hot_scopes() -> list[str]:
    """Every hot scope there can be counters of: the old partitions to empty."""
    from chalicelib.domain import statistics
    from chalicelib.domain.reports import Channel, Kind
    from chalicelib.store import reference

    return ([statistics.NATIONAL_SCOPE] + [f"kind#{kind.value}" for kind in Kind]
            + [f"channel#{channel.value}" for channel in Channel]
            + [statistics.topic_scope(topic.topic_id) for topic in reference.list_topics()])


def _old_items(client, table: str, scope: str):
    start = None
    while True:
        page = client.query(TableName=table, ConsistentRead=True, KeyConditionExpression="#scope = :scope",
                            ExpressionAttributeNames={"#scope": "scope"},
                            ExpressionAttributeValues={":scope": {"S": scope}},
                            **({"ExclusiveStartKey": start} if start else {}))
        yield from page.get("Items", [])
        start = page.get("LastEvaluatedKey")
        if not start:
            return


def _move(client, table: str, scope: str, item: dict, shards: int) -> bool:
    """One old item's metrics added to its new items and the old item deleted, in one transaction;
    False when the item changed (or went) since it was read."""
    from botocore.exceptions import ClientError

    from chalicelib.domain import statistics

    period, _, old_shard = item["period_shard"]["S"].rpartition("#")
    metrics = {name: int(value["N"]) for name, value in item.items() if name not in _KEYS and "N" in value}
    names = {f"#m{number}": name for number, name in enumerate(metrics)}
    unchanged = " AND ".join(["attribute_exists(#scope)"] + [f"{placeholder} = :m{placeholder[2:]}"
                                                             for placeholder in names])
    delete = {"Delete": {"TableName": table, "Key": {key: item[key] for key in _KEYS},
                         "ConditionExpression": unchanged,
                         "ExpressionAttributeNames": {"#scope": "scope", **names},
                         **({"ExpressionAttributeValues": {f":m{placeholder[2:]}": item[name]
                                                           for placeholder, name in names.items()}}
                            if names else {})}}
    increment = statistics.CounterIncrement(scope, period, metrics)
    updates = []
    for (partition, sort_key), added in statistics.counter_items(increment, int(old_shard) % shards).items():
        placeholders = {f"#a{number}": name for number, name in enumerate(added)}
        updates.append({"Update": {
            "TableName": table, "Key": {"scope": {"S": partition}, "period_shard": {"S": sort_key}},
            "UpdateExpression": "ADD " + ", ".join(f"{placeholder} :a{placeholder[2:]}" for placeholder in placeholders),
            "ExpressionAttributeNames": placeholders,
            "ExpressionAttributeValues": {f":a{placeholder[2:]}": {"N": str(added[name])}
                                          for placeholder, name in placeholders.items()}}})
    try:
        client.transact_write_items(TransactItems=[delete, *updates])
    except ClientError as error:
        if error.response["Error"]["Code"] in ("TransactionCanceledException", "ConditionalCheckFailedException"):
            return False
        raise
    return True


def migrate(dry_run: bool = False) -> dict:
    """Every old hot-scope item moved; what was found, moved, and left for another run."""
    import boto3

    from chalicelib import store
    from chalicelib.store.models import StatCounterModel

    settings = store.ready()
    client = boto3.client("dynamodb", region_name=settings.aws_region)
    table = StatCounterModel.Meta.table_name
    found = moved = 0
    for scope in hot_scopes():
        for item in _old_items(client, table, scope):
            found += 1
            if not dry_run:
                moved += _move(client, table, scope, item, settings.hot_counter_shards)
    return {"table": table, "old_items_found": found, "moved": moved,
            "left_for_another_run": 0 if dry_run else found - moved, "dry_run": dry_run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("dev", "prod"))
    parser.add_argument("--dry-run", action="store_true", help="count the items to move, change nothing")
    args = parser.parse_args()

    from devtools.stage_setup import point_at_stage

    point_at_stage(args.stage)
    print(json.dumps(migrate(args.dry_run)))


if __name__ == "__main__":
    main()
