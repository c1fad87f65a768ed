"""`python -m devtools.bench_jobs`: what the SLA sweep and the notification sender cost per item.

A world of N reports whose verification deadline has just passed (each with a reporter who gave an
e-mail address and a phone number, at agencies with two admins, in a region whose coordinator has
one, and two national admins) is swept once, then the sender delivers what the sweep queued: per
breached report, the agency's admins, the coordinator's, the national admins' and the reporter's
e-mail and SMS (5 messages). SES and SNS are fakes that answer at once. Moto stands in for DynamoDB
in-process (one call at a time, as in the tests) and its own CPU time, far above DynamoDB's, is
measured apart: the sender's own work is the CPU time of the run less moto's. Its messages per
second add DynamoDB's round trips (DYNAMODB_ROUND_TRIP_SECONDS each, modelled) spread over the
sender's threads: what a Lambda sustains when SES and SNS answer at once. The CPU-only ceiling and
the wall clock with moto in-process are printed too. Every AWS call is counted (the fakes' too). Prints figures;
asserts nothing.

    python -m devtools.bench_jobs [--reports 400] [--rows]
"""
from __future__ import annotations

import argparse
import itertools
import json
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from devtools.bench_sweep import _environment, _stored_item

REPORTS = 400  # x 5 messages each: 2,000 queued notifications
AGENCIES = 200  # many agencies, as a national run sees: per-run caches help less
REGION, COORDINATOR = "21.72", "diskominfo-bench"
# The goals of issue 17 (goal 3).
CALLS_PER_NOTIFICATION_GOAL = 3.0
MESSAGES_PER_SECOND_GOAL = 150.0
# A DynamoDB request for a small item in the same region: single-digit milliseconds.
DYNAMODB_ROUND_TRIP_SECONDS = 0.005
SWEEP_CALLS_PER_DUE_REPORT_GOAL = "batched reads (< 2 calls per due report)"


class CallMeter:
    """Counts every AWS call by service and operation, the fake SES and SNS included."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()

    @contextmanager
    def watching(self):
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        meter = self

        def counted(client, operation_name, api_params):
            meter.calls[(client.meta.service_model.service_name, operation_name)] += 1
            return original(client, operation_name, api_params)

        BaseClient._make_api_call = counted
        try:
            yield self
        finally:
            BaseClient._make_api_call = original

    def total(self) -> int:
        return sum(self.calls.values())

    def by_operation(self) -> dict[str, int]:
        return {f"{service}:{operation}": count for (service, operation), count in sorted(self.calls.items())}


class MotoTime:
    """CPU time spent inside moto's DynamoDB (and whatever else it answers) while watching."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextmanager
    def watching(self):
        from moto.core.botocore_stubber import BotocoreStubber

        original = BotocoreStubber.__call__
        meter = self

        def timed(stubber, event_name, request, **kwargs):
            started = time.thread_time()
            try:
                return original(stubber, event_name, request, **kwargs)
            finally:
                meter.seconds += time.thread_time() - started  # under moto's lock: one caller at a time

        BotocoreStubber.__call__ = timed
        try:
            yield self
        finally:
            BotocoreStubber.__call__ = original


class FakeProvider:
    """SES and SNS answering at once, counted by the meter like real calls."""

    def __init__(self, meter: CallMeter) -> None:
        self.meter = meter
        self.ids = itertools.count()
        self.sent = 0
        self._lock = threading.Lock()  # the sender calls from several threads

    def send_email(self, **request):
        return self._answer("ses", "SendEmail")

    def publish(self, **request):
        return self._answer("sns", "Publish")

    def _answer(self, service: str, operation: str) -> dict:
        with self._lock:
            self.meter.calls[(service, operation)] += 1
            self.sent += 1
            return {"MessageId": f"fake-{next(self.ids)}"}


def _world(reports: int, now: datetime) -> None:
    """Reference data, staff and the overdue reports, written directly (not measured)."""
    import boto3

    from chalicelib import store
    from chalicelib.domain.tracking import new_tracking_id
    from chalicelib.store.models import AgencyModel, RegionModel, ReportModel, StaffModel

    settings = store.ready()
    RegionModel(REGION, name="Kota Bench", level="city", parent_code="21", time_zone="Asia/Jakarta",
                coordinator_agency_id=COORDINATOR).save()
    agencies = [f"agency-{number:03d}" for number in range(AGENCIES)]
    for agency_id in agencies + [COORDINATOR]:
        AgencyModel(agency_id, name=f"Dinas {agency_id}", short_name=agency_id, region_code=REGION,
                    time_zone="Asia/Jakarta", coordinator=agency_id == COORDINATOR).save()
    people = [(f"admin{n}.{agency_id}", "agency_admin", agency_id) for agency_id in agencies for n in (1, 2)]
    people += [(f"admin.{COORDINATOR}", "agency_admin", COORDINATOR),
               ("national1", "national_admin", "kemenpan-rb"), ("national2", "national_admin", "kemenpan-rb")]
    for username, role, agency_id in people:
        StaffModel(username, role=role, agency_id=agency_id, email=f"{username}@bench.example.id",
                   created_at=now).save()
    client = boto3.client("dynamodb", region_name=settings.aws_region)
    batch = []
    for number in range(reports):
        item = _stored_item(new_tracking_id(), now, -timedelta(minutes=1 + number % 600),
                            agencies[number % AGENCIES])
        item["region_code"] = {"S": REGION}
        item["reporter"] = {"M": {"name": {"S": "Warga"}, "email": {"S": f"warga{number}@example.id"},
                                  "phone": {"S": f"+62812000{number:05d}"}}}
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == 25:
            client.batch_write_item(RequestItems={ReportModel.Meta.table_name: batch})
            batch = []
    if batch:
        client.batch_write_item(RequestItems={ReportModel.Meta.table_name: batch})


def measure(reports: int) -> dict:
    from moto import mock_aws

    from devtools.emulator import one_call_at_a_time

    moto_time = MotoTime()
    with mock_aws(), moto_time.watching(), one_call_at_a_time():
        from chalicelib import aws, store
        from chalicelib.config import get_settings
        from devtools import bootstrap

        get_settings.cache_clear()
        threads = getattr(get_settings(), "notify_send_concurrency", 1)  # a sender without threads: 1
        store._configured_for = None
        bootstrap.create_tables()
        # Noon UTC (19:00 WIB, a weekday or not: the verification deadlines have passed either way).
        now = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
        _world(reports, now)

        from chalicelib.services import delivery, sweep
        from chalicelib.store import jobs

        jobs.record_run("sla_sweep", now, now.date() - timedelta(days=1))  # steady state
        swept = CallMeter()
        started = time.perf_counter()
        with swept.watching():
            result = sweep.sla_sweep(now)
        sweep_seconds = time.perf_counter() - started
        breached = result.handled.get("breach", 0)

        sent = CallMeter()
        provider = FakeProvider(sent)
        real_ses, real_sns = aws.ses, aws.sns
        aws.ses, aws.sns = (lambda: provider), (lambda: provider)
        try:
            moto_before, cpu_before, started = moto_time.seconds, time.process_time(), time.perf_counter()
            with sent.watching():
                delivered = delivery.send_notifications(now + timedelta(seconds=1), time_budget_seconds=3600)
            send_seconds = time.perf_counter() - started
            own_cpu_seconds = time.process_time() - cpu_before - (moto_time.seconds - moto_before)
        finally:
            aws.ses, aws.sns = real_ses, real_sns
    return {"reports": reports, "breached": breached, "sweep": swept, "sweep_seconds": sweep_seconds,
            "send": sent, "send_seconds": send_seconds, "own_cpu_seconds": own_cpu_seconds, "threads": threads,
            "messages": provider.sent,
            "delivery": delivered.as_dict()}


def rows_of(figures: dict) -> list[dict]:
    send, sweep_meter = figures["send"], figures["sweep"]
    messages, breached = max(figures["messages"], 1), max(figures["breached"], 1)
    per_message = send.total() / messages
    dynamodb_calls = sum(count for (service, _), count in send.calls.items() if service == "dynamodb")
    modelled_seconds = figures["own_cpu_seconds"] + dynamodb_calls * DYNAMODB_ROUND_TRIP_SECONDS / figures["threads"]
    per_second = figures["messages"] / modelled_seconds
    per_cpu_second = figures["messages"] / figures["own_cpu_seconds"] if figures["own_cpu_seconds"] > 0 else 0.0
    per_second_with_moto = figures["messages"] / figures["send_seconds"] if figures["send_seconds"] else 0.0
    sweep_per_report = sweep_meter.total() / breached
    sweep_reads = sum(count for (service, operation), count in sweep_meter.calls.items()
                      if operation in ("GetItem", "BatchGetItem", "Query"))
    return [
        {"figure": "sender: AWS calls per notification", "value": f"{per_message:.2f}",
         "goal": f"<= {CALLS_PER_NOTIFICATION_GOAL:g}", "met": per_message <= CALLS_PER_NOTIFICATION_GOAL},
        {"figure": "sender: AWS calls per breached report (5 messages)", "value": f"{send.total() / breached:.1f}",
         "goal": f"<= {5 * CALLS_PER_NOTIFICATION_GOAL:g}",
         "met": send.total() / breached <= 5 * CALLS_PER_NOTIFICATION_GOAL},
        {"figure": f"sender: messages/s, own work + {DYNAMODB_ROUND_TRIP_SECONDS * 1000:g} ms DynamoDB round trips "
                   f"on {figures['threads']} thread(s), SES/SNS stubbed ({figures['messages']:,} queued)",
         "value": f"{per_second:.0f}", "goal": f">= {MESSAGES_PER_SECOND_GOAL:g}",
         "met": per_second >= MESSAGES_PER_SECOND_GOAL},
        {"figure": "sender: messages per CPU second of its own work (one vCPU's ceiling)",
         "value": f"{per_cpu_second:.0f}", "goal": "(information)", "met": None},
        {"figure": "sender: messages/s wall clock with moto in-process (moto's CPU included)",
         "value": f"{per_second_with_moto:.0f}", "goal": "(information)", "met": None},
        {"figure": "sweep: AWS calls per due report", "value": f"{sweep_per_report:.2f}",
         "goal": SWEEP_CALLS_PER_DUE_REPORT_GOAL, "met": sweep_per_report < 2},
        {"figure": "sweep: read requests per due report", "value": f"{sweep_reads / breached:.2f}",
         "goal": "batched (well under 1)", "met": sweep_reads / breached < 0.5},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=REPORTS)
    parser.add_argument("--rows", action="store_true", help="also print ROW lines for `make bench`")
    arguments = parser.parse_args()
    _environment()
    figures = measure(arguments.reports)
    print(f"{figures['reports']:,} overdue reports: the sweep marked {figures['breached']:,} breaches in "
          f"{figures['sweep_seconds']:.1f} s, the sender sent {figures['messages']:,} messages in "
          f"{figures['send_seconds']:.1f} s (moto in-process, SES/SNS stubbed), "
          f"{figures['own_cpu_seconds']:.2f} CPU s of its own")
    print(f"  sweep calls:  {figures['sweep'].by_operation()}")
    print(f"  sender calls: {figures['send'].by_operation()}")
    print(f"  sender result: {figures['delivery']}")
    print()
    rows = rows_of(figures)
    width = max(len(row["figure"]) for row in rows)
    print(f"{'figure':<{width}}  {'value':>8}  goal")
    for row in rows:
        mark = {True: "met", False: "NOT met", None: ""}[row["met"]]
        print(f"{row['figure']:<{width}}  {row['value']:>8}  {row['goal']} {mark}")
    if arguments.rows:
        for row in rows:
            print("ROW " + json.dumps(row))


if __name__ == "__main__":
    main()
