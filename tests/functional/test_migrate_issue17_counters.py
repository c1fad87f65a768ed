"""The one-off migration of issue 17 (devtools/migrate_issue17_counters.py): counters written in the
old shape read the same once it has run, however often it runs and wherever it was stopped."""
from __future__ import annotations

import boto3
import pytest

from chalicelib.config import get_settings
from chalicelib.domain import statistics
from chalicelib.store.models import StatCounterModel
from devtools import migrate_issue17_counters as migration
from tests.conftest import on, submit

PUPR = "dpupr-tanjungpinang"
TOPIC = "pekerjaan-umum-dan-penataan-ruang"
FIGURES = ("/admin/stats?scope=national&period=2026-10", "/admin/stats?scope=region:21&period=2026-10",
           "/admin/stats?scope=region:21.72&period=2026-10", f"/admin/stats?scope=agency:{PUPR}&period=2026-10")


def day(staff, date: str):
    staff.sign_out_all()  # a staff token lasts a day: sign in again on each
    return on(date)


def table():
    return boto3.resource("dynamodb", region_name=get_settings().aws_region).Table(StatCounterModel.Meta.table_name)


def rewritten_in_the_old_shape() -> int:
    """Every counter as it was stored before issue 17: one partition per scope, the shard in the
    sort key (``#00`` where a scope was not sharded; provinces were), every metric of a period in
    one item. Returns how many old items of today's hot scopes there are."""
    counters = table()
    old: dict[tuple[str, str], dict[str, int]] = {}
    for item in counters.scan()["Items"]:  # test set-up: the whole (small) table
        partition = item["scope"]
        if partition.startswith(statistics.AGENCIES_IN_USE):
            continue  # the in-use markers kept their keys
        scope, _, shard = partition.rpartition("#")
        if not (len(shard) == 2 and shard.isdigit() and statistics.is_hot(scope)):
            scope, shard = partition, "03" if partition.startswith("region#") and "." not in partition else "00"
        period = statistics.period_of_key(item["period_shard"])
        metrics = old.setdefault((scope, f"{period}#{shard}"), {})
        for name, value in item.items():
            if name not in ("scope", "period_shard"):
                metrics[name] = metrics.get(name, 0) + int(value)
        counters.delete_item(Key={"scope": item["scope"], "period_shard": item["period_shard"]})
    for (scope, period_shard), metrics in old.items():
        counters.put_item(Item={"scope": scope, "period_shard": period_shard, **metrics})
    return sum(statistics.is_hot(scope) for scope, _ in old)


@pytest.fixture
def october(client, staff):
    """A month of work: reports received, verified, answered, closed and one archived."""
    with on("2026-10-05"):
        ids = [submit(client)["tracking_id"] for _ in range(3)]
        other = submit(client, kind="aspiration")["tracking_id"]
    with day(staff, "2026-10-06"):
        for tracking_id in ids:
            assert staff.act("national", tracking_id, "verify", {"agency_id": PUPR, "topic": TOPIC}).status_code == 200
        assert staff.act("national", other, "archive", {"reason": "duplicate"}).status_code == 200
    with day(staff, "2026-10-08"):
        assert staff.act("national", ids[0], "start").status_code == 200
        assert staff.act("national", ids[0], "respond", {"message": "Sudah ditambal."}).status_code == 200
    with day(staff, "2026-10-20"):
        assert staff.act("national", ids[0], "close").status_code == 200


def figures(staff) -> list[dict]:
    with day(staff, "2026-11-02"):
        answers = [staff.get("national", path) for path in FIGURES]
    assert all(answer.status_code == 200 for answer in answers)
    return [answer.json for answer in answers]


def test_counters_in_the_old_shape_read_the_same_once_migrated(october, staff):
    before = figures(staff)
    assert before[0]["summary"]["received"] == 4

    old_items = rewritten_in_the_old_shape()
    assert old_items > 0
    in_the_old_shape = figures(staff)
    assert in_the_old_shape[0]["summary"]["received"] == 0  # the nation's old partition is not read
    assert in_the_old_shape[1:] == before[1:]  # a region's or an agency's old items are read as they are

    done = migration.migrate()

    assert done["old_items_found"] == done["moved"] == old_items and done["left_for_another_run"] == 0
    assert figures(staff) == before


def test_running_it_again_changes_nothing(october, staff):
    before = figures(staff)
    rewritten_in_the_old_shape()
    migration.migrate()

    again = migration.migrate()

    assert again["old_items_found"] == 0
    assert figures(staff) == before


def test_a_run_stopped_half_way_is_finished_by_the_next(october, staff, monkeypatch):
    before = figures(staff)
    old_items = rewritten_in_the_old_shape()
    move, moves = migration._move, []

    def stopping_after_three(*args):
        if len(moves) == 3:
            raise KeyboardInterrupt
        moves.append(args)
        return move(*args)

    monkeypatch.setattr(migration, "_move", stopping_after_three)
    with pytest.raises(KeyboardInterrupt):
        migration.migrate()
    monkeypatch.setattr(migration, "_move", move)

    rest = migration.migrate()

    assert rest["moved"] == old_items - 3
    assert figures(staff) == before


def test_an_old_item_written_to_while_it_is_moved_is_left_for_the_next_run(october, staff, monkeypatch):
    before = figures(staff)
    rewritten_in_the_old_shape()
    counters, move = table(), migration._move
    national = next(item for item in counters.scan()["Items"]
                    if item["scope"] == "national" and item["period_shard"].startswith("D#"))

    def written_meanwhile(client, table_name, scope, item, shards):
        if item["scope"]["S"] == "national" and item["period_shard"]["S"] == national["period_shard"]:
            counters.update_item(Key={"scope": "national", "period_shard": national["period_shard"]},
                                 UpdateExpression="ADD received :one", ExpressionAttributeValues={":one": 1})
        return move(client, table_name, scope, item, shards)

    monkeypatch.setattr(migration, "_move", written_meanwhile)
    first = migration.migrate()
    monkeypatch.setattr(migration, "_move", move)
    second = migration.migrate()

    assert first["left_for_another_run"] == 1 and second["moved"] == 1 and second["left_for_another_run"] == 0
    assert figures(staff)[0]["summary"]["received"] == before[0]["summary"]["received"] + 1
