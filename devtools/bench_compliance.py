"""`make bench-compliance`: the DynamoDB reads of a monthly compliance report with 1,000 and with
100,000 reports in the month.

Each world holds the same agencies (the demo ones, or with ``--agencies`` synthetic ones up to
that many, e.g. 650 as in SP4N-LAPOR!: slow, as moto reads its whole table for every Query)
and the counters that many reports would have left: each report received,
most verified and routed with a topic, answered, closed, some late, rated or escalated. The
counters are added up in memory with the app's own rules (``domain/statistics.py``) and
written as the items those increments produce, which is far quicker under moto than one
transaction per report. Then it builds the national, a provincial and an agency report and
prints what they read. Reads should follow agencies, regions and topics, not reports.
Asserts nothing (a benchmark, not a test). Runs under moto in-process.

    python -m devtools.bench_compliance [--sizes 1000,100000] [--agencies 0]
"""
from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from datetime import date, timedelta

from devtools.bench_sweep import ReadMeter, _environment

MONTH = "2026-10"
_KINDS = ("complaint", "aspiration", "information_request")
_CHANNELS = ("web", "api", "sms", "walk_in", "letter")


def _add_agencies(total: int) -> list[tuple[str, str, str]]:
    """Synthetic agencies up to ``total``, spread over the demo regions; returns (id, region, zone) of all."""
    from chalicelib.store import reference
    from chalicelib.store.models import AgencyModel

    regions = [region for region in reference.list_regions() if region.parent_code]
    agencies = [(agency.agency_id, agency.region_code, agency.time_zone)
                for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
                for agency in reference.agencies_in_time_zone(zone)]
    with AgencyModel.batch_write() as batch:
        for number in range(len(agencies), total):
            region = regions[number % len(regions)]
            agency_id = f"opd-{number:04d}-{region.region_code.replace('.', '-')}"
            batch.save(AgencyModel(agency_id, name=f"Perangkat Daerah {number}", short_name=f"OPD {number}",
                                   region_code=region.region_code, time_zone=region.time_zone))
            agencies.append((agency_id, region.region_code, region.time_zone))
    return agencies


def _counters_of(reports: int, agencies: list, topics: list[str], shards: int) -> dict:
    """(partition, period#group) -> metrics, as ``reports`` reports in the month would leave them."""
    from chalicelib.domain import statistics
    from chalicelib.domain.reports import EventType

    rng = random.Random(reports)
    items: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first = date.fromisoformat(f"{MONTH}-01")

    def add(metrics: dict, day: date, agency, topic, kind, channel) -> None:
        region = agency[1] if agency[1] != "ID" else "21.72"
        for increment in statistics.increments(metrics, day, agency_id=agency[0], region_code=region,
                                               topic=topic, kind=kind, channel=channel):
            for key, added in statistics.counter_items(increment, rng.randrange(shards)).items():
                for name, amount in added.items():
                    items[key][name] += amount

    for _ in range(reports):
        agency, topic = rng.choice(agencies), rng.choice(topics)
        kind, channel = rng.choice(_KINDS), rng.choice(_CHANNELS)
        day = first + timedelta(days=rng.randrange(31))
        add(statistics.submission_metrics(kind=kind, channel=channel), day, agency, None, kind, channel)
        if rng.random() < 0.9:
            add(statistics.event_metrics(EventType.VERIFIED, within_deadline=rng.random() < 0.85), day, agency,
                topic, kind, channel)
            add(statistics.disposition_metrics(topic), day, agency, topic, kind, channel)
            if rng.random() < 0.8:
                add(statistics.event_metrics(EventType.RESPONDED, within_deadline=rng.random() < 0.8,
                                             first_answer_working_days=rng.randint(0, 15)),
                    day, agency, topic, kind, channel)
                if rng.random() < 0.8:
                    add(statistics.event_metrics(EventType.CLOSED, within_deadline=rng.random() < 0.9),
                        day, agency, topic, kind, channel)
                    add(statistics.event_metrics(EventType.FEEDBACK, rating=rng.randint(1, 5)), day, agency,
                        topic, kind, channel)
        if rng.random() < 0.1:
            add(statistics.event_metrics(EventType.DEADLINE_BREACHED, breached_stage="verification")
                | {statistics.OVERDUE_OPEN: 1}, day, agency, topic, kind, channel)
    return items


def _write(items: dict) -> None:
    import boto3

    from chalicelib import store
    from chalicelib.store.models import StatCounterModel

    settings = store.ready()
    client = boto3.client("dynamodb", region_name=settings.aws_region)
    requests = [{"PutRequest": {"Item": {"scope": {"S": scope}, "period_shard": {"S": period_shard},
                                         **{name: {"N": str(amount)} for name, amount in metrics.items()}}}}
                for (scope, period_shard), metrics in items.items()]
    for start in range(0, len(requests), 25):
        client.batch_write_item(RequestItems={StatCounterModel.Meta.table_name: requests[start:start + 25]})


def measure(reports: int, agency_count: int) -> dict:
    from moto import mock_aws

    with mock_aws():
        from chalicelib import store
        from chalicelib.config import get_settings
        from devtools import bootstrap, seed

        get_settings.cache_clear()
        store._configured_for = None
        bootstrap.create_tables()
        bootstrap.create_bucket()
        seed.seed_reference_data()
        agencies = _add_agencies(agency_count)
        from chalicelib.store import reference

        topics = [topic.topic_id for topic in reference.list_topics()]
        items = _counters_of(reports, agencies, topics, get_settings().hot_counter_shards)
        _write(items)

        from chalicelib.domain.compliance import Period, Scope
        from chalicelib.services import figures

        results = []
        for scope in (Scope("national", "national"), Scope("region", "21"), Scope("agency", agencies[0][0])):
            meter = ReadMeter()
            started = time.perf_counter()
            with meter.watching():
                figures.build(scope, Period.month(MONTH))
            results.append((scope.text, meter, time.perf_counter() - started))
    return {"reports": reports, "agencies": len(agencies), "counter_items": len(items), "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--agencies", type=int, default=0, help="synthetic agencies up to this many in all")
    parser.add_argument("--rows", action="store_true", help="also print the figures for `make bench`")
    arguments = parser.parse_args()
    _environment()
    rows = []
    for size in (int(part) for part in arguments.sizes.split(",")):
        print(f"counting {size:,} reports in {MONTH}…", flush=True)
        rows.append(measure(size, arguments.agencies))
    print()
    print(f"{'reports':>9} {'agencies':>9} {'counter items':>14} {'scope':>20} {'read requests':>14} "
          f"{'items read':>11} {'read units':>11} {'scans':>6} {'build (moto) s':>15}")
    for row in rows:
        for scope, meter, seconds in row["results"]:
            print(f"{row['reports']:>9,} {row['agencies']:>9} {row['counter_items']:>14,} {scope:>20} "
                  f"{sum(meter.requests.values()):>14} {meter.items:>11} {meter.read_units:>11.1f} "
                  f"{meter.scans:>6} {seconds:>15.2f}")
    print("\nRead units follow DynamoDB's pricing (4 KB per unit, Query eventually consistent); the figures "
          "exclude the S3 writes and rendering of the files; wall time is moto's, not DynamoDB's.")
    if arguments.rows:
        from devtools.bench import row

        fewest = {}
        for each in rows:
            for scope, meter, _ in each["results"]:
                fewest[scope] = min(fewest.get(scope, 10**9), sum(meter.requests.values()))
        for each in rows:
            for scope, meter, _ in each["results"]:
                requests = sum(meter.requests.values())
                row(f"compliance report reads, {scope}, {each['reports']:,} reports", requests,
                    "follows scopes, not reports", requests <= fewest[scope] * 1.1 and meter.scans == 0)


if __name__ == "__main__":
    main()
