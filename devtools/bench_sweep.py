"""`make bench-sweep`: the SLA sweep's DynamoDB reads with 1,000 and with 100,000 stored reports.

Both worlds hold the same 50 reports whose verification deadline has just passed; the
rest have deadlines later today or in the coming weeks. The sweep should read about the
same in both, because it reads only the due part of the sweep index. Prints the figures;
asserts nothing (a benchmark, not a test). Runs under moto in-process.

    python -m devtools.bench_sweep [--sizes 1000,100000] [--due 50]
"""
from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

DUE = 50
_READ_OPERATIONS = ("GetItem", "Query", "BatchGetItem", "Scan")


def _environment() -> None:
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        os.environ.pop(name, None)
    os.environ.update({"ADUAN_STAGE": "bench", "TABLE_PREFIX": "aduan-bench-", "AWS_DEFAULT_REGION": "ap-southeast-3",
                       "AWS_REGION": "ap-southeast-3", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "POWERTOOLS_LOG_LEVEL": "WARNING", "POWERTOOLS_TRACE_DISABLED": "true"})


class ReadMeter:
    """Counts DynamoDB read requests and the items and capacity they return, for every client."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.items = 0
        self.read_units = 0.0
        self.scans = 0

    @contextmanager
    def watching(self):
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        meter = self

        def counted(client, operation_name, api_params):
            parsed = original(client, operation_name, api_params)
            if client.meta.service_model.service_name == "dynamodb":
                meter.record(operation_name, parsed)
            return parsed

        BaseClient._make_api_call = counted
        try:
            yield self
        finally:
            BaseClient._make_api_call = original

    def record(self, name: str, parsed: dict) -> None:
        if name not in _READ_OPERATIONS:
            return
        self.requests[name] += 1
        self.scans += name == "Scan"
        returned = parsed.get("Items") or ([parsed["Item"]] if parsed.get("Item") else [])
        self.items += len(returned)
        # What DynamoDB would charge: 4 KB units, halved for eventually consistent index reads.
        size = sum(len(str(item)) for item in returned)
        units = max(1, -(-size // 4096))
        self.read_units += units / 2 if name == "Query" else units


def _stored_item(tracking_id: str, now: datetime, due_in: timedelta, agency_id: str) -> dict:
    """A report as the table holds it, submitted and waiting for verification."""
    from chalicelib.domain.duties import Family
    from chalicelib.domain.queues import shard_of, sweep_bucket, utc_key

    received = now + due_in - timedelta(days=5)
    deadline = now + due_in
    breach_at = deadline + timedelta(seconds=1)
    reminder_at = deadline - timedelta(days=1)  # close enough for a benchmark
    next_at = breach_at if reminder_at <= now else reminder_at
    shard = shard_of(tracking_id)
    return {
        "tracking_id": {"S": tracking_id}, "kind": {"S": "complaint"}, "privacy": {"S": "public"},
        "channel": {"S": "web"}, "status": {"S": "submitted"}, "title": {"S": "Jalan berlubang"},
        "description": {"S": "Lubang besar dekat simpang membahayakan pengendara motor." * 3},
        "region_code": {"S": "21.72"}, "agency_id": {"S": agency_id}, "time_zone": {"S": "Asia/Jakarta"},
        "access_token_hash": {"S": "0" * 64}, "received_at": {"S": received.strftime("%Y-%m-%dT%H:%M:%S.%f+0000")},
        "submitted_at": {"S": received.strftime("%Y-%m-%dT%H:%M:%S.%f+0000")},
        "sla_policy_id": {"S": "permenpan-rb-62-2018"},
        "deadlines": {"M": {"verification_due": {"S": deadline.isoformat()}}},
        "agency_queue": {"S": f"{agency_id}#verification"}, "national_queue": {"S": f"verification#{shard}"},
        "queue_since": {"S": f"{utc_key(received)}#{tracking_id}"}, "due_agency": {"S": agency_id},
        "due_shard": {"S": f"due#{shard}"}, "next_due_at": {"S": utc_key(deadline)},
        "sweep_bucket": {"S": sweep_bucket(Family.SLA.value, next_at, now)}, "sweep_at": {"S": utc_key(next_at)},
        "version": {"N": "1"},
    }


def _fill(size: int, due: int, now: datetime) -> None:
    import boto3

    from chalicelib import store
    from chalicelib.domain.tracking import new_tracking_id
    from chalicelib.store.models import ReportModel

    settings = store.ready()
    client = boto3.client("dynamodb", region_name=settings.aws_region)
    table = ReportModel.Meta.table_name
    rng = random.Random(size)
    batch = []
    for number in range(size):
        if number < due:
            due_in = -timedelta(minutes=rng.randint(1, 600))  # deadline just passed
        elif number % 3 == 0:
            due_in = timedelta(minutes=rng.randint(60, 600))  # later today: same bucket, not yet due
        else:
            due_in = timedelta(days=rng.randint(2, 60), minutes=rng.randint(0, 1440))
        agency = f"agency-{number % 500:03d}"
        batch.append({"PutRequest": {"Item": _stored_item(new_tracking_id(), now, due_in, agency)}})
        if len(batch) == 25:
            client.batch_write_item(RequestItems={table: batch})
            batch = []
    if batch:
        client.batch_write_item(RequestItems={table: batch})


def measure(size: int, due: int) -> dict:
    from moto import mock_aws

    with mock_aws():
        from chalicelib import store
        from chalicelib.config import get_settings
        from devtools import bootstrap

        get_settings.cache_clear()
        store._configured_for = None
        bootstrap.create_tables()
        # Noon UTC: the due reports' deadlines passed earlier today, none crosses midnight.
        now = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
        started = time.perf_counter()
        _fill(size, due, now)
        filled_in = time.perf_counter() - started

        from chalicelib.services import sweep
        from chalicelib.store import jobs

        # Steady state: earlier runs have emptied every bucket before yesterday.
        jobs.record_run("sla_sweep", now, now.date() - timedelta(days=1))
        meter = ReadMeter()
        started = time.perf_counter()
        with meter.watching():
            result = sweep.sla_sweep(now)
        swept_in = time.perf_counter() - started
    return {"size": size, "due": due, "handled": result.handled.get("breach", 0), "meter": meter,
            "filled_in": filled_in, "swept_in": swept_in}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--due", type=int, default=DUE)
    parser.add_argument("--rows", action="store_true", help="also print the figures for `make bench`")
    arguments = parser.parse_args()
    _environment()
    rows = []
    for size in (int(part) for part in arguments.sizes.split(",")):
        print(f"filling {size:,} reports…", flush=True)
        rows.append(measure(size, arguments.due))
        print(f"  filled in {rows[-1]['filled_in']:.0f} s, swept in {rows[-1]['swept_in']:.0f} s", flush=True)
    print()
    print(f"{'stored reports':>15} {'due':>5} {'handled':>8} {'read requests':>14} {'items read':>11} "
          f"{'read units':>11} {'scans':>6} {'sweep (moto) s':>15}")
    for row in rows:
        meter = row["meter"]
        print(f"{row['size']:>15,} {row['due']:>5} {row['handled']:>8} {sum(meter.requests.values()):>14} "
              f"{meter.items:>11} {meter.read_units:>11.1f} {meter.scans:>6} {row['swept_in']:>15.2f}")
    for row in rows:
        print(f"  {row['size']:,}: {dict(row['meter'].requests)}")
    print("\nRead units follow DynamoDB's pricing (4 KB per unit, index queries eventually consistent); "
          "wall time is moto's, not DynamoDB's.")
    if arguments.rows:
        from devtools.bench import row

        fewest = min(sum(each["meter"].requests.values()) for each in rows)
        for each in rows:
            requests = sum(each["meter"].requests.values())
            row(f"sweep read requests, {each['due']} due of {each['size']:,} stored", requests,
                "follows due reports, not stored", requests <= fewest * 1.1 and each["meter"].scans == 0)
            row(f"sweep read units, {each['due']} due of {each['size']:,} stored", f"{each['meter'].read_units:.1f}")


if __name__ == "__main__":
    main()
