"""`python -m devtools.bench_cost`: what one typical report costs in AWS, and the monthly bill at
550, 55,000 and 1,000,000 reports a day.

How: the app runs in-process under moto, as in the tests, and goes through TYPICAL_LIFECYCLE N times
over fresh reports, after one warm-up lifecycle that is not counted; then each scheduled function
runs idle, plus one 07:00 digest and one monthly compliance report. A meter wrapped around botocore's
``BaseClient._make_api_call`` sees every AWS call and
- prices each DynamoDB request as on-demand billing does, from item sizes (moto's ConsumedCapacity
  is a fixed fake): reads per 4 KB (half when eventually consistent), writes per 1 KB of the larger
  of the item before and after, transactions twice, plus the writes to each index the change touches;
- adds up the storage the writes leave (item and index entries, 100 bytes overhead each);
- counts e-mail recipients (SES), SMS parts (SNS) and S3 requests.
Lambda durations are in-process wall times with DynamoDB in moto's memory: stand-ins for the real
ones, which add network latency (a few ms per DynamoDB call) and lose moto's overhead. Log volume is
what the app writes per invocation (Powertools logs and metrics). Prices: devtools/prices.json.
Prints tables; asserts nothing.

Capacity (d): each partition's write units per lifecycle, from the same meter (table partitions and
index partitions apart), scaled to WCU/s at 1 million reports a day with a 10x peak. Before the
measured lifecycles, today's counter items of the benchmark report's scopes are filled with every
metric, in every shard, as a day at national scale leaves them: their writes cost what they would.

    python -m devtools.bench_cost [--lifecycles 30] [--rows]

``--rows`` adds one ``ROW {json}`` line per headline figure for ``make bench``.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import math
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

from devtools.bench_sweep import _environment as _bench_sweep_environment

PRICES = json.loads(Path(__file__).with_name("prices.json").read_text())
# Memory per function as deployed (the prod stage's settings in .chalice/config.json).
MEMORY_MB = {name: settings["lambda_memory_size"] for name, settings in json.loads(
    (Path(__file__).resolve().parent.parent / ".chalice" / "config.json").read_text())["lambda_functions"].items()}
DAYS_PER_MONTH = 30.4
REPORTS_PER_DAY_AT_SCALE, PEAK_FACTOR = 1_000_000, 10  # issue 17's national scale and its peak
REPORTS_PER_DAY = (550, 55_000, REPORTS_PER_DAY_AT_SCALE)
JOBS = ("sla_sweep", "auto_close", "send_notifications", "daily_digest")  # measured idle
# How often EventBridge runs each function (chalicelib/schedules.py). Of the hourly digest runs, those
# at 07:00 in a zone with agencies (WIB and WITA here) on ~21 working days do the work.
RUNS_PER_MONTH = {"sla_sweep": 4 * 24 * DAYS_PER_MONTH, "auto_close": 4 * 24 * DAYS_PER_MONTH,
                  "send_notifications": 60 * 24 * DAYS_PER_MONTH,
                  "daily_digest": 24 * DAYS_PER_MONTH - 2 * 21, "daily_digest at 07:00": 2 * 21,
                  "monthly_compliance_report": 1}
IDLE_RUNS = 5
TTL_TABLES = {"idempotency_keys"}  # records expire after a day: they do not accumulate
ITEM_OVERHEAD_BYTES = 100  # DynamoDB's storage overhead per item, in the table and in each index
LAMBDA_PLATFORM_LOG_BYTES = 300  # the START, END and REPORT lines Lambda logs per invocation (approx.)
PHASES = ("submit", "views", "staff work", "feedback", "delivery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifecycles", type=int, default=30)
    parser.add_argument("--rows", action="store_true", help="also print ROW lines for make bench")
    args = parser.parse_args()
    _environment()
    started = time.perf_counter()
    cold_start = _cold_start_seconds()
    per_report, schedules, touched = measure(args.lifecycles)
    print_lifecycle(per_report, args.lifecycles, cold_start)
    print_schedules(schedules)
    print_monthly_costs(per_report, schedules)
    hottest = print_partitions(per_report, touched, args.lifecycles)
    print(f"\nran in {time.perf_counter() - started:.0f} s")
    if args.rows:
        print_rows(per_report, hottest)


# --- what one report goes through ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    phase: str
    who: str  # citizen (submits) | reporter (access token) | public | agency_admin | unit_officer
    method: str
    path: str
    body: dict | None = None


SUBMISSION = {"kind": "complaint", "title": "Jalan berlubang di Jalan Ganet",
              "description": "Lubang besar dekat simpang Batu 8 membahayakan pengendara motor, "
                             "terutama malam hari saat hujan. Mohon segera ditambal.",
              "region_code": "21.72", "agency_id": "dpupr-tanjungpinang",
              "topic": "pekerjaan-umum-dan-penataan-ruang", "privacy": "public",
              "location": {"address": "Jl. Ganet, Tanjungpinang Timur", "lat": 0.9186, "lon": 104.5097},
              "reporter": {"name": "Siti Rahmawati", "email": "siti@example.id", "phone": "0812 3456 7890"}}
REPORT, CASE = "/reports/{tracking_id}", "/admin/reports/{tracking_id}"
# In the order it happens: the reporter (3 times) and the public (twice, plus the list) look in as it moves.
TYPICAL_LIFECYCLE = [
    Step("submit", "public", "GET", "/forms/challenge"),  # the form's bot check, solved while the person writes
    Step("submit", "citizen", "POST", "/reports", SUBMISSION),
    Step("views", "reporter", "GET", REPORT),
    Step("staff work", "agency_admin", "GET", "/admin/reports?queue=verification"),
    Step("staff work", "agency_admin", "GET", CASE),
    Step("staff work", "agency_admin", "POST", CASE + "/verify", {"agency_id": "dpupr-tanjungpinang",
         "unit_id": "dpupr-tanjungpinang.bina-marga", "complexity": "simple"}),
    Step("views", "public", "GET", "/reports?region_code=21"),
    Step("views", "public", "GET", REPORT),
    Step("views", "reporter", "GET", REPORT),
    Step("staff work", "unit_officer", "GET", "/admin/reports?queue=inbox"),
    Step("staff work", "unit_officer", "GET", CASE),
    Step("staff work", "unit_officer", "POST", CASE + "/start", {}),
    Step("staff work", "unit_officer", "POST", CASE + "/respond",
         {"message": "Lubang sudah ditambal kemarin oleh tim Bina Marga.", "public": True}),
    Step("views", "reporter", "GET", REPORT),
    Step("views", "public", "GET", REPORT),
    Step("feedback", "reporter", "POST", REPORT + "/feedback", {"resolved": True, "rating": 5}),
]  # then "delivery": send_notifications delivers what all this queued
STAFF_LOGINS = {"agency_admin": ("admin.dpupr-tanjungpinang", "Instansi#2026"),
                "unit_officer": ("petugas.binamarga", "Petugas#2026")}  # demo accounts (devtools/seed.py)


def _environment() -> None:
    from chalicelib.domain.limits import limits

    _bench_sweep_environment()
    recipients = {"ombudsman-ri": ["laporan@ombudsman.example.id"],
                  "ombudsman-kepri": ["kepri@ombudsman.example.id"]}
    os.environ.update({"TABLE_PREFIX": "aduan-cost-", "FILES_BUCKET": "aduan-cost-files",
                       "POWERTOOLS_LOG_LEVEL": "INFO",  # as deployed: the log volume is part of the cost
                       "PUBLIC_BASE_URL": "https://aduan.example.id",
                       "OVERSIGHT_RECIPIENTS": json.dumps(recipients), "GUARD_SECRET": "bench-guard-secret",
                       # Every request comes from one address here; the counting is still measured.
                       "RATE_LIMITS": json.dumps({name: {"count": 10**6} for name in limits()})})


def _solved(issued: dict) -> dict:
    """The headers the web form sends once its worker (static/formcheck.js) has solved the challenge."""
    challenge, bits = issued["challenge"], issued["difficulty"]
    nonce = next(str(n) for n in itertools.count()
                 if int.from_bytes(hashlib.sha256(f"{challenge}{n}".encode()).digest(), "big") >> (256 - bits) == 0)
    return {"X-Aduan-Challenge": challenge, "X-Aduan-Nonce": nonce, "X-Aduan-Trap": ""}


def _cold_start_seconds() -> float:
    """Importing ``app`` in a fresh interpreter: most of a Lambda cold start's init phase."""
    code = "import time; t=time.perf_counter(); import app; print(time.perf_counter()-t)"
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          env=dict(os.environ), capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


# --- the meter --------------------------------------------------------------------------------


def item_size(item: dict | None) -> int:
    """Bytes of an item in DynamoDB's wire format, as DynamoDB counts them for billing."""
    return sum(len(name.encode()) + _value_size(value) for name, value in (item or {}).items())


def _value_size(value: dict) -> int:
    (kind, content), = value.items()
    if kind == "S":
        return len(content.encode())
    if kind == "N":  # about one byte per two significant digits, plus one
        return len(content.strip("-").replace(".", "").strip("0") or "0") // 2 + 1
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":  # 3 bytes, plus each element's name, value and 1 byte
        return 3 + sum(len(name.encode()) + _value_size(element) + 1 for name, element in content.items())
    if kind == "L":
        return 3 + sum(_value_size(element) + 1 for element in content)
    return len(content) if kind == "B" else sum(len(str(element).encode()) for element in content)


def _hash_key(key_schema: list[dict]) -> str:
    return next(key["AttributeName"] for key in key_schema if key["KeyType"] == "HASH")


def _key_text(value: dict) -> str:
    (content,) = value.values()
    return str(content)


def _units(size: int, unit_bytes: int) -> int:
    return max(1, math.ceil(size / unit_bytes))


def _sms_parts(text: str) -> int:
    """A long SMS is sent, and billed, in parts: 160/153 characters in GSM 7-bit (taken as ASCII),
    else 70/67."""
    single, part = (160, 153) if text.isascii() else (70, 67)
    return 1 if len(text) <= single else math.ceil(len(text) / part)


class TableShape:
    """A table's keys and global secondary indexes, from its PynamoDB model."""

    def __init__(self, model, prefix: str) -> None:
        schema = model._get_schema()
        self.name = model.Meta.table_name.removeprefix(prefix)
        self.key_names = [key["AttributeName"] for key in schema["key_schema"]]
        self.indexes = [([key["AttributeName"] for key in index["key_schema"]], index["projection"])
                        for index in schema.get("global_secondary_indexes", [])]
        self.index_names = [index["index_name"] for index in schema.get("global_secondary_indexes", [])]
        # The partition (hash) key of the table and of each index; PynamoDB lists the keys in no set order.
        self.hash_name = _hash_key(schema["key_schema"])
        self.index_hash_names = [_hash_key(index["key_schema"]) for index in schema.get("global_secondary_indexes", [])]

    def _entry(self, index, item: dict | None) -> dict | None:
        """The item as the index holds it; None without every index key (sparse indexes)."""
        index_keys, projection = index
        if not item or any(name not in item for name in index_keys):
            return None
        if projection["ProjectionType"] == "ALL":
            return item
        kept = {*self.key_names, *index_keys, *projection.get("NonKeyAttributes", [])}
        return {name: value for name, value in item.items() if name in kept}

    def index_writes(self, old: dict | None, new: dict | None) -> list[tuple[str, str, int]]:
        """(index, partition key value, write units) of each index entry the change writes."""
        writes = []
        for name, hash_name, index in zip(self.index_names, self.index_hash_names, self.indexes):
            before, after = self._entry(index, old), self._entry(index, new)
            if before == after:
                continue  # not in the index, or nothing it projects changed: no index write
            if before is None or after is None:  # entry added or removed
                entry = before or after
                writes.append((name, _key_text(entry[hash_name]), _units(item_size(entry), 1024)))
            elif any(before[key] != after[key] for key in index[0]):  # key moved: delete + put
                writes += [(name, _key_text(before[hash_name]), _units(item_size(before), 1024)),
                           (name, _key_text(after[hash_name]), _units(item_size(after), 1024))]
            else:
                writes.append((name, _key_text(after[hash_name]),
                               _units(max(item_size(before), item_size(after)), 1024)))
        return writes

    def index_write_units(self, old: dict | None, new: dict | None) -> int:
        return sum(units for _, _, units in self.index_writes(old, new))

    def stored_bytes(self, item: dict | None) -> int:
        entries = [item] + [self._entry(index, item) for index in self.indexes] if item else []
        return sum(item_size(entry) + ITEM_OVERHEAD_BYTES for entry in entries if entry is not None)


@dataclass
class Usage:
    """What the calls of one phase (or one scheduled run) used."""

    api_requests: float = 0
    invocations: float = 0
    billed_ms: float = 0  # Lambda bills each invocation rounded up to 1 ms
    dynamodb_requests: float = 0
    scans: float = 0
    emails: float = 0  # recipients: SES bills each one
    sms: float = 0  # parts
    s3_requests: float = 0
    log_bytes: float = 0
    read_units: Counter = field(default_factory=Counter)  # by table
    write_units: Counter = field(default_factory=Counter)
    storage_bytes: Counter = field(default_factory=Counter)
    # Write units by (table or index, partition key value): what each partition takes.
    partition_units: Counter = field(default_factory=Counter)


def combined(usages, factor: float = 1.0) -> Usage:
    """The sum of some Usages times ``factor`` (Counter.update, not +, which would drop freed storage)."""
    total = Usage()
    for usage in usages:
        for name in (f.name for f in fields(Usage)):
            value = getattr(usage, name)
            if isinstance(value, Counter):
                getattr(total, name).update({key: amount * factor for key, amount in value.items()})
            else:
                setattr(total, name, getattr(total, name) + value * factor)
    return total


_NOT_BILLED_AWAY = ("FilterExpression", "ProjectionExpression", "Select", "AttributesToGet")


class Meter:
    """Watches every AWS call and adds what it uses to the current phase's Usage."""

    def __init__(self, shapes: dict[str, TableShape]) -> None:
        self.shapes, self.usage, self.phase = shapes, defaultdict(Usage), "setup"
        self.lifecycle = 0  # which measured lifecycle is running (0: none)
        self.touched: defaultdict[tuple[str, str], set[int]] = defaultdict(set)  # partition -> lifecycles
        self.overhead = 0.0  # seconds spent measuring, taken off the measured durations
        self.logs = io.StringIO()  # where the app's log lines go while measured: only their size matters

    @contextmanager
    def installed(self):
        from botocore.client import BaseClient

        from chalicelib.observability import logger

        original, stream = BaseClient._make_api_call, logger.registered_handler.stream

        def metered(client, operation: str, params: dict):
            service = client.meta.service_model.service_name
            return self._call(partial(original, client), service, operation, params)

        BaseClient._make_api_call, logger.registered_handler.stream = metered, self.logs
        try:
            yield self
        finally:
            BaseClient._make_api_call, logger.registered_handler.stream = original, stream

    def timed(self, call, *args, api: bool):
        """One invocation: its duration without the meter's own time, and the bytes it logged."""
        overhead, logged, usage = self.overhead, self.logs.tell(), self.usage[self.phase]
        with redirect_stdout(self.logs):  # Powertools metrics (EMF) are printed, i.e. logged too
            started = time.perf_counter()
            result = call(*args)
            elapsed = time.perf_counter() - started - (self.overhead - overhead)
        usage.invocations += 1
        usage.api_requests += api
        usage.billed_ms += math.ceil(elapsed * 1000)
        usage.log_bytes += self.logs.tell() - logged  # characters: the logs are ASCII
        return result

    def _call(self, raw, service: str, operation: str, params: dict):
        usage = self.usage[self.phase]
        if service in ("ses", "sesv2") and operation.startswith("Send"):
            to = params.get("Destination", {})
            usage.emails += sum(len(to.get(f"{kind}Addresses", [])) for kind in ("To", "Cc", "Bcc"))
        elif service == "sns" and operation == "Publish" and "PhoneNumber" in params:
            usage.sms += _sms_parts(params["Message"])
        elif service == "s3":
            usage.s3_requests += 1
        if service != "dynamodb":
            return raw(operation, params)

        def item_now(table: str, key: dict) -> dict | None:  # read around the meter: not counted
            return raw("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True}).get("Item")

        started = time.perf_counter()
        writes = self._writes_of(operation, params)
        before = [item_now(table, key) for table, key, _ in writes]
        self.overhead += time.perf_counter() - started
        parsed, failure = {}, None
        try:
            parsed = raw(operation, params)
        except Exception as error:  # a refused conditional write still costs its units
            failure = error
        started = time.perf_counter()
        usage.dynamodb_requests += 1
        usage.scans += operation == "Scan"
        if not writes and not failure:
            self._account_read(raw, usage, operation, params, parsed)
        for (table, key, kind), old in zip(writes, before):
            shape, new = self.shapes[table], item_now(table, key)
            if kind == "ConditionCheck":  # billed as a transactional read of the item: 2 RRU per 4 KB
                usage.read_units[shape.name] += 2 * _units(item_size(old), 4096)
                continue
            # Transactions cost twice on the table; their index writes are taken as ordinary ones.
            table_units = (2 if operation == "TransactWriteItems" else 1) * _units(max(item_size(old),
                                                                                      item_size(new)), 1024)
            index_writes = shape.index_writes(old, new)
            usage.write_units[shape.name] += table_units + sum(units for _, _, units in index_writes)
            partitions = [(shape.name, _key_text(key[shape.hash_name]), table_units), *index_writes]
            for where, partition, units in partitions:
                usage.partition_units[(where, partition)] += units
                self.touched[(where, partition)].add(self.lifecycle)
            usage.storage_bytes[shape.name] += shape.stored_bytes(new) - shape.stored_bytes(old)
        self.overhead += time.perf_counter() - started
        if failure:
            raise failure
        return parsed

    def _writes_of(self, operation: str, params: dict) -> list[tuple[str, dict, str]]:
        """(table, key, kind) of every item the request writes or checks."""
        if operation in ("PutItem", "UpdateItem", "DeleteItem"):
            entries = [(operation, params)]
        elif operation == "BatchWriteItem":
            entries = [(kind, {"TableName": table, **body})
                       for table, requests in params["RequestItems"].items()
                       for request in requests for kind, body in request.items()]
        elif operation == "TransactWriteItems":
            entries = [next(iter(entry.items())) for entry in params["TransactItems"]]
        else:
            return []
        return [(body["TableName"], body.get("Key") or {name: body["Item"][name] for name in
                                                        self.shapes[body["TableName"]].key_names}, kind)
                for kind, body in entries]

    def _account_read(self, raw, usage: Usage, operation: str, params: dict, parsed: dict) -> None:
        if operation in ("GetItem", "Query", "Scan"):
            # DynamoDB bills what it read, before a filter, a projection or a count dropped anything.
            if any(part in params for part in _NOT_BILLED_AWAY):
                parsed = raw(operation, _without_filters(params))
            items = [parsed["Item"]] if parsed.get("Item") else parsed.get("Items", [])
            # Priced on the total size read, at least one unit per request (also when nothing is found).
            units = _units(sum(item_size(item) for item in items), 4096)
            consistency = 1 if params.get("ConsistentRead") else 2  # eventually consistent: half
            usage.read_units[self.shapes[params["TableName"]].name] += units / consistency
        elif operation == "BatchGetItem":
            bare = {table: {"Keys": request["Keys"], "ConsistentRead": request.get("ConsistentRead", False)}
                    for table, request in params["RequestItems"].items()}
            responses = raw(operation, {"RequestItems": bare})["Responses"]
            for table, request in bare.items():  # each item rounded up on its own; a missing one costs 1
                found = responses.get(table, [])
                units = sum(_units(item_size(item), 4096) for item in found)
                units += len(request["Keys"]) - len(found)
                usage.read_units[self.shapes[table].name] += units / (1 if request["ConsistentRead"] else 2)
        elif operation == "TransactGetItems":
            for entry, response in zip(params["TransactItems"], parsed.get("Responses", [])):
                usage.read_units[self.shapes[entry["Get"]["TableName"]].name] += 2 * _units(
                    item_size(response.get("Item")), 4096)


def _without_filters(params: dict) -> dict:
    """The same read without what DynamoDB applies after reading, and the placeholders only those used."""
    bare = {name: value for name, value in params.items() if name not in _NOT_BILLED_AWAY}
    expression = bare.get("KeyConditionExpression", "")
    for placeholders in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
        kept = {name: value for name, value in bare.pop(placeholders, {}).items()
                if re.search(re.escape(name) + r"(?!\w)", expression)}
        if kept:
            bare[placeholders] = kept
    return bare


# --- running it -------------------------------------------------------------------------------


def measure(lifecycles: int) -> tuple[dict[str, Usage], dict[str, Usage]]:
    """Usage per report by phase (mean), and per run of each scheduled function."""
    from moto import mock_aws

    with mock_aws():
        from chalice.test import Client

        from chalicelib.auth import reset_key_cache
        from chalicelib.config import get_settings
        from chalicelib.store.models import ALL_MODELS
        from devtools import bootstrap, seed

        get_settings.cache_clear()
        created = bootstrap.create_all()
        os.environ.update(USER_POOL_ID=created["user_pool_id"],
                          USER_POOL_CLIENT_ID=created["user_pool_client_id"])
        get_settings.cache_clear()
        reset_key_cache()
        seed.seed_reference_data()
        seed.seed_staff_accounts()
        # Read now: Chalice's test client swaps in the dev stage's environment while it calls the app.
        prefix = get_settings().table_prefix
        from app import app

        meter = Meter({model.Meta.table_name: TableShape(model, prefix) for model in ALL_MODELS})
        with Client(app) as chalice, meter.installed():
            tokens = {who: _sign_in(chalice, *login) for who, login in STAFF_LOGINS.items()}
            _run_lifecycle(chalice, tokens, meter)  # warm-up: imports, signing keys, caches
            _fill_counters_as_at_national_scale()
            meter.usage.clear()
            meter.touched.clear()
            for number in range(1, lifecycles + 1):
                meter.lifecycle = number
                _run_lifecycle(chalice, tokens, meter)
            meter.lifecycle = 0
            per_report = {phase: combined([meter.usage[phase]], 1 / lifecycles) for phase in PHASES}
            touched = dict(meter.touched)
            meter.usage.clear()
            _run_schedules(chalice, meter)
    schedules = {name: combined([usage], 1 / (IDLE_RUNS if name in JOBS else 1))
                 for name, usage in meter.usage.items() if name != "settling"}
    return per_report, schedules, touched


def _fill_counters_as_at_national_scale() -> None:
    """Today's counter items of every scope the benchmark report counts in, in every shard, holding
    every metric a day at national scale gives them (every kind, channel, topic, answer day...)."""
    from zoneinfo import ZoneInfo

    from chalicelib.config import get_settings
    from chalicelib.domain import statistics
    from chalicelib.domain.clocks import Stage
    from chalicelib.domain.reports import Channel, Kind
    from chalicelib.store import reference
    from chalicelib.store.statistics import counter_updates

    every = statistics.every_metric([kind.value for kind in Kind], [channel.value for channel in Channel],
                                    [topic.topic_id for topic in reference.list_topics()],
                                    [stage.value for stage in Stage])
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the benchmark agency's local day
    scopes = statistics.scopes_of(agency_id=SUBMISSION["agency_id"], region_code=SUBMISSION["region_code"],
                                  topic=SUBMISSION["topic"], kind=SUBMISSION["kind"], channel="web")
    filled = [statistics.CounterIncrement(scope, statistics.day_key(today), {metric: 1 for metric in every})
              for scope in scopes]
    for shard in range(get_settings().hot_counter_shards):
        for item, actions in counter_updates(filled, lambda scope: shard):
            item.update(actions=actions)


def _sign_in(chalice, username: str, password: str) -> str:
    """Staff sign in once per working session, not per report: not counted."""
    response = chalice.http.post("/auth/login", headers={"Content-Type": "application/json"},
                                 body=json.dumps({"username": username, "password": password}))
    return json.loads(response.body)["id_token"]


def _run_lifecycle(chalice, tokens: dict, meter: Meter) -> None:
    tracking_id = access_token = version = None
    form_check: dict = {}
    for step in TYPICAL_LIFECYCLE:
        meter.phase = step.phase
        headers = {"Content-Type": "application/json"}
        if step.who == "citizen":
            headers.update({"X-Aduan-Client": "web", "Idempotency-Key": str(uuid.uuid4()), **form_check})  # as the form
        elif step.who != "public":
            headers["Authorization"] = f"Bearer {tokens.get(step.who, access_token)}"
        body = step.body
        if body is not None and step.path.startswith("/admin/"):
            body = {**body, "expected_version": version}  # the console sends the version it showed
        path = step.path.format(tracking_id=tracking_id)
        response = meter.timed(chalice.http.request, step.method, path, headers,
                               json.dumps(body).encode() if body is not None else b"", api=True)
        if response.status_code >= 400:
            raise RuntimeError(f"{step.method} {path}: {response.status_code} {response.body[:300]!r}")
        answer = json.loads(response.body)
        if "challenge" in answer:
            form_check = _solved(answer)
        tracking_id = answer.get("tracking_id", tracking_id)
        access_token = answer.get("access_token", access_token)
        version = answer.get("version", version)
    meter.phase = "delivery"
    _invoke(chalice, meter, "send_notifications")


def _invoke(chalice, meter: Meter, name: str) -> None:
    from devtools.scheduler import scheduled_event

    meter.timed(chalice.lambda_.invoke, name, scheduled_event(name), api=False)


def _run_schedules(chalice, meter: Meter) -> None:
    import time_machine

    from chalicelib.services.changes import calendar_around

    now = datetime.now(timezone.utc)
    # 12:00 UTC is evening all over Indonesia: no digest is due, and every report is closed.
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    noon += timedelta(days=1 if noon <= now else 0)
    with time_machine.travel(noon, tick=True):
        for name in JOBS:
            meter.phase = "settling"  # a stage's first sweep reads back 800 day buckets, once
            _invoke(chalice, meter, name)
            meter.phase = name
            for _ in range(IDLE_RUNS):
                _invoke(chalice, meter, name)
    morning = noon.replace(hour=0) + timedelta(days=1)  # 00:00 UTC is 07:00 WIB
    while not calendar_around(morning).is_working_day(morning.date()):
        morning += timedelta(days=1)
    with time_machine.travel(morning, tick=True):
        meter.phase = "daily_digest at 07:00"
        _invoke(chalice, meter, "daily_digest")
    # On the 1st the month of this benchmark's reports is last month: its report holds them.
    first_of_next_month = (noon.replace(day=1) + timedelta(days=32)).replace(day=1, hour=0)
    with time_machine.travel(first_of_next_month, tick=True):
        meter.phase = "monthly_compliance_report"
        _invoke(chalice, meter, "monthly_compliance_report")


# --- what it costs ----------------------------------------------------------------------------

# One line per service: (service, monthly quantity, how shown, price in prices.json, quantity per price).
BILL = [("DynamoDB reads", "read_units", "{:,.0f} RRU", "dynamodb_per_million_read_units", 1e6),
        ("DynamoDB writes", "write_units", "{:,.0f} WRU", "dynamodb_per_million_write_units", 1e6),
        ("DynamoDB storage", "stored_gb", "{:,.2f} GB", "dynamodb_storage_per_gb_month", 1),
        ("DynamoDB PITR backup", "stored_gb", "{:,.2f} GB", "dynamodb_pitr_per_gb_month", 1),
        ("Lambda requests", "lambda_requests", "{:,.0f}", "lambda_per_million_requests", 1e6),
        ("Lambda duration", "gb_seconds", "{:,.0f} GB-s", "lambda_per_gb_second_x86", 1),
        ("API Gateway (REST)", "api_requests", "{:,.0f} req", "api_gateway_rest_per_million_requests", 1e6),
        ("SES e-mail", "emails", "{:,.0f} mails", "ses_per_thousand_emails", 1000),
        ("SNS SMS (Indonesia)", "sms", "{:,.0f} SMS", "sns_sms_indonesia_per_message", 1),
        ("S3 (no attachments)", "s3_requests", "{:,.0f} req", "s3_put_per_thousand", 1000),
        ("CloudWatch Logs ingestion", "log_gb", "{:,.2f} GB", "cloudwatch_logs_ingestion_per_gb", 1),
        ("KMS customer managed key", "keys", "{:,.0f} key", "kms_customer_managed_key_per_month", 1),
        ("Cognito (staff: free tier)", "keys", "-", "cognito_per_month", 1)]
STORAGE_LINES = ("DynamoDB storage", "DynamoDB PITR backup")


def _usd(amount: float, price: str, per: float = 1) -> float:
    return amount * PRICES[price] / per


def _gb_seconds(billed_ms: float, function: str) -> float:
    return billed_ms / 1000 * MEMORY_MB[function] / 1024


def _schedule_month(name: str, run: Usage) -> dict[str, float]:
    """A scheduled function's load over a month at the measured per-run figures."""
    runs = RUNS_PER_MONTH[name]
    return {"lambda_requests": runs, "gb_seconds": runs * _gb_seconds(run.billed_ms, name.split()[0]),
            "read_units": runs * sum(run.read_units.values()),
            "write_units": runs * sum(run.write_units.values()),
            "log_gb": runs * (run.log_bytes + LAMBDA_PLATFORM_LOG_BYTES) / 2**30}


def _monthly_quantities(per_report: dict[str, Usage], schedules: dict[str, Usage], reports_per_day: int,
                        month: int) -> dict[str, float]:
    reports = reports_per_day * DAYS_PER_MONTH
    api = combined(usage for phase, usage in per_report.items() if phase != "delivery")
    total = combined(per_report.values())
    # Delivery rides on the every-minute runs counted in (b): only its time beyond an idle run is per report.
    delivery_ms = max(0.0, per_report["delivery"].billed_ms - schedules["send_notifications"].billed_ms)
    kept_bytes = sum(size for table, size in total.storage_bytes.items() if table not in TTL_TABLES)
    quantities = Counter({
        "read_units": sum(total.read_units.values()) * reports,
        "write_units": sum(total.write_units.values()) * reports,
        "stored_gb": kept_bytes * reports * (month - 0.5) / 2**30,  # the mean held during the month
        "lambda_requests": api.api_requests * reports, "api_requests": api.api_requests * reports,
        "gb_seconds": reports * (_gb_seconds(api.billed_ms, "api_handler")
                                 + _gb_seconds(delivery_ms, "send_notifications")),
        "emails": total.emails * reports, "sms": total.sms * reports,
        "s3_requests": total.s3_requests * reports, "keys": 1,
        "log_gb": (total.log_bytes + LAMBDA_PLATFORM_LOG_BYTES * api.invocations) * reports / 2**30})
    for name, run in schedules.items():
        quantities.update(_schedule_month(name, run))
    return quantities


def print_lifecycle(per_report: dict[str, Usage], lifecycles: int, cold_start: float) -> None:
    total = combined(per_report.values())
    print(f"\n(a) ONE TYPICAL REPORT LIFECYCLE: mean of {lifecycles}, after one warm-up lifecycle")
    print(f"{'phase':<11} {'API req':>7} {'Lambda ms':>9} {'DDB req':>7} {'RRU':>7} {'WRU':>7} "
          f"{'e-mails':>7} {'SMS':>5} {'S3 req':>6} {'log KB':>6} {'storage B':>9}")
    for phase, usage in [*per_report.items(), ("total", total)]:
        print(f"{phase:<11} {usage.api_requests:>7.1f} {usage.billed_ms:>9.1f} "
              f"{usage.dynamodb_requests:>7.1f} {sum(usage.read_units.values()):>7.1f} "
              f"{sum(usage.write_units.values()):>7.1f} {usage.emails:>7.1f} {usage.sms:>5.1f} "
              f"{usage.s3_requests:>6.1f} {usage.log_bytes / 1024:>6.1f} "
              f"{sum(usage.storage_bytes.values()):>9,.0f}")
    print(f"\n{'table':<18} {'RRU':>7} {'WRU':>7} {'storage B':>9}")
    for table in sorted(set(total.read_units) | set(total.write_units) | set(total.storage_bytes)):
        note = "  (TTL: gone after a day)" if table in TTL_TABLES else ""
        if table.endswith("duplicate_terms"):
            note = "  (likely duplicates: index items, TTL 60 days; reads at arrival and in each case view)"
        print(f"{table:<18} {total.read_units[table]:>7.1f} {total.write_units[table]:>7.1f} "
              f"{total.storage_bytes[table]:>9,.0f}{note}")
    init_gb_s = _gb_seconds(cold_start * 1000, "api_handler")
    print(f"""
Scan requests per lifecycle: {total.scans:.0f}. Staff sign-in (once per working session) is not counted.
Lambda ms: in-process wall time per invocation under moto, rounded up to 1 ms as Lambda bills it: a stand-in
for real durations, which add network latency per DynamoDB call and lose moto's overhead. 'delivery' is one
send_notifications run delivering this lifecycle's messages (its idle baseline is in (b)).
Storage B: what the writes leave, item and index entries with 100 B overhead each (delivery frees
pending-index entries). stat_counters items are shared by a day's reports: their share per report falls
as volume grows.
Cold start: importing app takes {cold_start * 1000:.0f} ms in a fresh interpreter, {init_gb_s:.2f} GB-s per \
cold api_handler (AWS bills the init phase since Aug 2025): 1,000 a day would cost \
${_usd(init_gb_s * 1000 * DAYS_PER_MONTH, 'lambda_per_gb_second_x86'):.2f}/month, not in the totals.""")


def print_schedules(schedules: dict[str, Usage]) -> None:
    print(f"\n(b) FIXED MONTHLY LOAD OF THE SCHEDULES (idle: mean of {IDLE_RUNS} runs with nothing due)")
    print(f"{'function':<26} {'MB':>5} {'runs/month':>10} {'ms/run':>7} {'RRU/run':>7} {'WRU/run':>7} "
          f"{'scans':>5} {'GB-s/month':>10} {'USD/month':>9}")
    for name, run in schedules.items():
        month = _schedule_month(name, run)
        usd = sum(_usd(month.get(quantity, 0), price, per) for _, quantity, _, price, per in BILL)
        print(f"{name:<26} {MEMORY_MB[name.split()[0]]:>5} {month['lambda_requests']:>10,.0f} "
              f"{run.billed_ms:>7.0f} {sum(run.read_units.values()):>7.1f} "
              f"{sum(run.write_units.values()):>7.1f} {run.scans:>5.0f} {month['gb_seconds']:>10,.1f} "
              f"{usd:>9.3f}")
    print("""USD: Lambda requests and duration, DynamoDB units and log ingestion of those runs.
'daily_digest at 07:00' (a working morning, the 41 demo agencies) and the monthly compliance report (this
benchmark's reports) are dominated by per-agency queries: at national scale (~650 agencies) they read and
last far longer (README: the national report reads ~1,000 RRU at 41 agencies and 100,000 reports). At
100x volume each sweep run also finds more due reminders and breaches; delivery is charged per report.""")


def print_monthly_costs(per_report: dict[str, Usage], schedules: dict[str, Usage]) -> None:
    print(f"\n(c) MONTHLY COST, USD ({DAYS_PER_MONTH} days a month; prices: {PRICES['region']} list prices "
          f"as of {PRICES['as_of']}, devtools/prices.json)")
    print(f"{'service':<30}" + "".join(f" {f'{volume:,} reports/day':>31}" for volume in REPORTS_PER_DAY))
    totals = {}
    for month in (1, 12):
        quantities = [_monthly_quantities(per_report, schedules, volume, month) for volume in REPORTS_PER_DAY]
        totals[month] = [sum(_usd(quantity[key], price, per) for _, key, _, price, per in BILL)
                         for quantity in quantities]
        if month == 12:
            print("after a year, storage has grown:")
        for service, key, shown, price, per in BILL:
            if month == 1 or service in STORAGE_LINES:
                print(f"{service + (f', month {month}' if service in STORAGE_LINES else ''):<30}" + "".join(
                    f" {shown.format(quantity[key]):>19} {_usd(quantity[key], price, per):>11,.2f}"
                    for quantity in quantities))
        print(f"{f'TOTAL, month {month}':<30}" + "".join(f" {usd:>31,.2f}" for usd in totals[month]))
    photo = []
    for volume in REPORTS_PER_DAY:  # the upload (1 PUT), 3 downloads, 1 MB kept
        reports = volume * DAYS_PER_MONTH
        requests = _usd(reports, "s3_put_per_thousand", 1000) + _usd(3 * reports, "s3_get_per_thousand", 1000)
        month_1, month_12 = (requests + _usd(reports * (month - 0.5) / 1024, "s3_standard_per_gb_month")
                             for month in (1, 12))
        photo.append(f"{volume:,}/day ${month_1:,.2f} in month 1, ${month_12:,.2f} in month 12")
    print(f"""
Option, not in the totals: one 1 MB photo per report (1 PUT, 3 GETs, kept): S3 {'; '.join(photo)};
plus one API request for the upload form.
Per-report figures are scaled linearly; the schedules' at today's per-run figures (see (b)).
Prices: {PRICES['note']}""")


# --- capacity: the partitions a national peak writes to ------------------------------------

PARTITION_LIMIT_WCU = 1000  # DynamoDB's write throughput per partition (table or index)
# The largest share of the country's reports that can reach a partition of a family, where it is
# not all of them (the nation, a kind, a channel, a topic, a province: counted as 1, the worst case).
SHARE_AT_SCALE = [  # (table or index, partition pattern, share, why)
    ("stat_counters", r"agency#.+", 0.10, "one agency: a national body (BPJS, PLN) at most ~10%"),
    ("stat_counters", r"region#\d+", 0.20, "one province: Jawa Barat has ~18% of the people"),
    ("stat_counters", r"region#\d+\..+", 0.05, "one regency/city or kecamatan: the largest has ~2% of the people"),
    ("stat_counters", r"agencies_in_use#\d", 0.25, "1/8 of agencies, the largest among them"),
    ("reports_by_agency_queue", r".+", 0.10, "one agency's queue"),
    ("reports_by_unit_queue", r".+", 0.10, "one unit's queue"),
    ("reports_by_agency_due", r".+", 0.10, "one agency's deadlines"),
    ("reports_by_routed_watch", r".+", 0.10, "one coordinator's watch"),
    ("reports_public_by_region", r".+", 0.05, "one regency/city"),
    ("reports_public_by_province", r".+", 0.20, "one province: Jawa Barat has ~18% of the people"),
    ("duplicate_terms", r".+", 0.05, "one regency/city and word"),
    ("rate_limits", r".+", 0.001, "one caller address (here every report comes from one)"),
]


def _family(where: str, partition: str) -> tuple[str, int]:
    """The family a partition belongs to and over how many partitions its writes spread evenly."""
    from chalicelib.config import get_settings
    from chalicelib.domain import queues, statistics

    scope, _, shard = partition.rpartition("#")
    if where == "stat_counters" and len(shard) == 2 and shard.isdigit() and statistics.is_hot(scope):
        return f"{scope}#<shard>", get_settings().hot_counter_shards
    if where in ("reports_by_national_queue", "reports_by_due_shard", "reports_public_by_shard") and shard.isdigit():
        return f"{scope}#<shard>", queues.NATIONAL_SHARDS
    return partition, 1


def _share(where: str, family: str) -> tuple[float, str]:
    for table, pattern, share, why in SHARE_AT_SCALE:
        if table == where and re.fullmatch(pattern, family):
            return share, why
    return 1.0, "every report (worst case)"


def print_partitions(per_report: dict[str, Usage], touched: dict[tuple[str, str], set[int]],
                     lifecycles: int) -> list[tuple[float, str]]:
    """Each partition family every benchmark report wrote to, at peak; returns (WCU/s, name), hottest first."""
    peak_reports_per_second = REPORTS_PER_DAY_AT_SCALE * PEAK_FACTOR / 86_400
    units = combined(per_report.values()).partition_units
    families: dict[tuple[str, str], list] = {}  # (where, family) -> [WCU per lifecycle, shards, lifecycles]
    for (where, partition), per_lifecycle in units.items():
        family, shards = _family(where, partition)
        entry = families.setdefault((where, family), [0.0, shards, set()])
        entry[0] += per_lifecycle
        entry[2] |= touched.get((where, partition), set())
    shared = {key: entry for key, entry in families.items() if len(entry[2]) == lifecycles}
    print(f"\n(d) PARTITIONS AT PEAK: {REPORTS_PER_DAY_AT_SCALE:,} reports/day x {PEAK_FACTOR} = "
          f"{peak_reports_per_second:,.1f} reports/s; limit {PARTITION_LIMIT_WCU:,} WCU/s per partition")
    print(f"{'table or index':<28} {'partition':<44} {'WCU/report':>10} {'shards':>6} {'share':>5} "
          f"{'WCU/s':>7}  share basis")
    rows = []
    for (where, family), (per_lifecycle, shards, _) in shared.items():
        share, why = _share(where, family)
        rows.append((per_lifecycle * peak_reports_per_second * share / shards, where, family, per_lifecycle,
                     shards, share, why))
    rows.sort(key=lambda row: (-row[0], row[1], row[2]))
    for rate, where, family, per_lifecycle, shards, share, why in rows:
        print(f"{where:<28} {family[:44]:<44} {per_lifecycle:>10.1f} {shards:>6} {share:>5.2f} {rate:>7,.0f}  {why}")
    hottest = [(rate, f"{where} {family}") for rate, where, family, *_ in rows]
    print("""Partitions that every benchmark report wrote to (one per report, such as its own item, are left out).
WCU/report: write units per lifecycle on the family (transactions twice; index entries apart), spread over
its shards; share: of the country's reports, the most that reach one such partition. Counter items were
filled first with every metric of a national-scale day, so their writes cost what they would then.""")
    return hottest


def _row(figure: str, value: str, goal: str, met: bool | None) -> None:
    print("ROW " + json.dumps({"figure": figure, "value": value, "goal": goal, "met": met}))


def print_rows(per_report: dict[str, Usage], hottest: list[tuple[float, str]]) -> None:
    total = combined(per_report.values())
    write_units, read_units = sum(total.write_units.values()), sum(total.read_units.values())
    _row("DynamoDB WRU per report lifecycle", f"{write_units:.0f}", "<= 120 (from 228)", write_units <= 120)
    _row("DynamoDB RRU per report lifecycle", f"{read_units:.0f}", "-", None)
    _row("  of which statistics counters (WRU)", f"{total.write_units['stat_counters']:.0f}", "-", None)
    rate, name = hottest[0] if hottest else (0.0, "-")
    _row("Hottest partition at 1M reports/day x10 peak (WCU/s)", f"{rate:,.0f} ({name})",
         f"<= {PARTITION_LIMIT_WCU:,}", rate <= PARTITION_LIMIT_WCU)
    counters = [(rate, name) for rate, name in hottest if name.startswith("stat_counters")]
    if counters:
        _row("Hottest counter partition at peak (WCU/s)", f"{counters[0][0]:,.0f} ({counters[0][1]})",
             f"<= {PARTITION_LIMIT_WCU:,}", counters[0][0] <= PARTITION_LIMIT_WCU)


if __name__ == "__main__":
    main()
