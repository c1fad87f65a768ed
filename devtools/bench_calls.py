"""`python -m devtools.bench_calls`: the AWS calls each public and staff route makes once warm, and in
how many sequential rounds.

How: the app runs in-process under moto, as in the tests (devtools/bench_cost.py), with the demo
reference data and staff accounts. One scenario goes through every route (a report's whole life,
the listings, reference data, sign-in, a transfer, an archive); it runs twice, each step of the
first pass being the warm-up of the same step of the second (imports, signing keys, the warm
container's caches), and the second pass is counted. Staff records are kept for an hour here (10 s
by default: an officer's first request after a pause reads theirs, one GetItem more).

A meter wrapped around botocore's ``BaseClient._make_api_call`` counts every call and rounds: a call
that starts while no other call is in flight opens a round, calls that start while one is in
flight share it. Each call waits ``--latency-ms`` (default 8 ms, about a DynamoDB call from
Lambda) before it goes to moto, standing in for the network, so calls made concurrently overlap
as they would against AWS. Prints a table (``--rows``: also one ROW line per figure for
`make bench`); asserts nothing.

    python -m devtools.bench_calls [--rows] [--latency-ms 8]
"""
from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import os
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field

from devtools.bench_cost import SUBMISSION
from devtools.bench_sweep import _environment as _bench_sweep_environment

# Goals of issue 17 (round trips per request, after warm-up).
SUBMIT_CALLS_GOAL = 2
TRACKING_CALLS_GOAL = 2
STAFF_ACTION_CALLS_GOAL = 3
NATIONAL_QUEUE_ROUNDS_GOAL = 1


@dataclass
class Measured:
    calls: Counter = field(default_factory=Counter)  # "dynamodb:Query" -> n
    rounds: int = 0
    limits: int = 0  # abuse-limit counters and the web form's single-use marks (rate_limits table)
    duplicates: int = 0  # likely-duplicate reads: the term index, and the candidates' BatchGetItem

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    @property
    def others(self) -> int:
        """Calls besides abuse limits and likely duplicates: reference data, the report, its timeline, writes."""
        return self.total - self.limits - self.duplicates


def _tables(params: dict) -> list[str]:
    return [params["TableName"]] if "TableName" in params else list(params.get("RequestItems", {}))


class CallMeter:
    """Counts AWS calls and the rounds they make, across threads."""

    def __init__(self, latency_seconds: float, table_prefix: str) -> None:
        self.latency, self.table_prefix = latency_seconds, table_prefix
        self._lock = threading.Lock()
        self._in_flight = 0
        self.current: Measured | None = None

    @contextmanager
    def installed(self):
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        meter = self

        def metered(client, operation: str, params: dict):
            measured = meter.current
            with meter._lock:
                if measured is not None:
                    if meter._in_flight == 0:
                        measured.rounds += 1
                    measured.calls[f"{client.meta.service_model.service_name}:{operation}"] += 1
                    tables = _tables(params)
                    measured.limits += any(table.endswith("rate_limits") for table in tables)
                    measured.duplicates += any(table.endswith("duplicate_terms") for table in tables) or (
                        operation == "BatchGetItem" and tables == [f"{meter.table_prefix}reports"])
                meter._in_flight += 1
            try:
                time.sleep(meter.latency)
                return original(client, operation, params)
            finally:
                with meter._lock:
                    meter._in_flight -= 1

        BaseClient._make_api_call = metered
        try:
            yield self
        finally:
            BaseClient._make_api_call = original

    @contextmanager
    def measuring(self):
        measured = Measured()
        self.current = measured
        try:
            yield measured
        finally:
            self.current = None


# --- the scenario -----------------------------------------------------------------------------

# The same report as bench_cost's typical lifecycle.
UNROUTED = {**SUBMISSION, "agency_id": None, "topic": None,
            "title": "Lampu jalan mati", "description": "Lampu penerangan jalan di Jl. Pramuka mati sejak seminggu."}
LOGINS = {"national": ("admin.nasional", "Nasional#2026"),
          "agency_admin": ("admin.dpupr-tanjungpinang", "Instansi#2026"),
          "dishub_admin": ("admin.dishub-tanjungpinang", "Instansi#2026"),
          "unit_officer": ("petugas.binamarga", "Petugas#2026")}  # demo accounts (devtools/seed.py)
STAFF_ACTION = "staff action"
GOALS = {"POST /reports": (SUBMIT_CALLS_GOAL, "calls"), "GET /reports/{id} (reporter)": (TRACKING_CALLS_GOAL, "calls"),
         "GET /reports/{id} (public)": (TRACKING_CALLS_GOAL, "calls"),
         "GET /admin/queues (national)": (NATIONAL_QUEUE_ROUNDS_GOAL, "rounds"),
         "GET /admin/reports?queue=verification (national)": (NATIONAL_QUEUE_ROUNDS_GOAL, "rounds"),
         "GET /admin/reports?queue=overdue (national)": (NATIONAL_QUEUE_ROUNDS_GOAL, "rounds")}


def _solved(issued: dict) -> dict:
    """The headers the web form sends once it has solved the challenge (static/formcheck.js)."""
    challenge, bits = issued["challenge"], issued["difficulty"]
    nonce = next(str(n) for n in itertools.count()
                 if int.from_bytes(hashlib.sha256(f"{challenge}{n}".encode()).digest(), "big") >> (256 - bits) == 0)
    return {"X-Aduan-Client": "web", "X-Aduan-Challenge": challenge, "X-Aduan-Nonce": nonce, "X-Aduan-Trap": ""}


class Scenario:
    def __init__(self, chalice, meter: CallMeter) -> None:
        self.chalice, self.meter = chalice, meter
        self.tokens: dict[str, str] = {}
        self.results: dict[str, Measured] = {}

    def request(self, name: str, method: str, path: str, body=None, who: str | None = None,
                headers: dict | None = None) -> dict:
        headers = {"Content-Type": "application/json", **(headers or {})}
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        with self.meter.measuring() as measured:
            response = self.chalice.http.request(method, path, headers=headers,
                                                 body=json.dumps(body).encode() if body is not None else b"")
        if response.status_code >= 400:
            raise RuntimeError(f"{name}: {method} {path}: {response.status_code} {response.body[:300]!r}")
        self.results[name] = measured
        return json.loads(response.body) if response.body else {}

    def act(self, name: str, who: str, tracking_id: str, action: str, body: dict, version: int) -> dict:
        return self.request(name, "POST", f"/admin/reports/{tracking_id}/{action}",
                            {**body, "expected_version": version}, who=who)

    def run(self) -> None:
        for who, (username, password) in LOGINS.items():
            answer = self.request("POST /auth/login", "POST", "/auth/login",
                                  {"username": username, "password": password})
            self.tokens[who] = answer["id_token"]
        self.request("GET /regions", "GET", "/regions")
        self.request("GET /regions?parent_code=21", "GET", "/regions?parent_code=21")
        self.request("GET /agencies?region_code=21.72", "GET", "/agencies?region_code=21.72")
        self.request("GET /topics", "GET", "/topics")
        self.request("POST /suggestions", "POST", "/suggestions",
                     {"title": UNROUTED["title"], "description": UNROUTED["description"], "region_code": "21.72"})
        form = _solved(self.request("GET /forms/challenge", "GET", "/forms/challenge"))
        receipt = self.request("POST /reports", "POST", "/reports", SUBMISSION,
                               headers={**form, "Idempotency-Key": str(uuid.uuid4())})
        self.request("POST /reports (API, routed by topic)", "POST", "/reports", UNROUTED)
        tracking_id, reporter = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
        case = f"/admin/reports/{tracking_id}"
        self.request("GET /reports/{id} (reporter)", "GET", f"/reports/{tracking_id}", headers=reporter)
        self.request("GET /reports/{id} (public)", "GET", f"/reports/{tracking_id}")
        self.request("GET /reports?region_code=21", "GET", "/reports?region_code=21")
        self.request("GET /admin/queues (national)", "GET", "/admin/queues", who="national")
        self.request("GET /admin/queues (agency)", "GET", "/admin/queues", who="agency_admin")
        self.request("GET /admin/queues (unit)", "GET", "/admin/queues", who="unit_officer")
        self.request("GET /admin/reports?queue=verification (national)", "GET", "/admin/reports?queue=verification",
                     who="national")
        self.request("GET /admin/reports?queue=overdue (national)", "GET", "/admin/reports?queue=overdue",
                     who="national")
        self.request("GET /admin/reports?queue=verification (agency)", "GET", "/admin/reports?queue=verification",
                     who="agency_admin")
        version = self.request("GET /admin/reports/{id}", "GET", case, who="agency_admin")["version"]
        version = self.act("verify", "agency_admin", tracking_id, "verify",
                           {"agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.bina-marga",
                            "complexity": "simple"}, version)["version"]
        version = self.act("start", "unit_officer", tracking_id, "start", {}, version)["version"]
        version = self.act("respond", "unit_officer", tracking_id, "respond",
                           {"message": "Lubang sudah ditambal kemarin oleh tim Bina Marga.", "public": True},
                           version)["version"]
        self.request("POST /reports/{id}/replies", "POST", f"/reports/{tracking_id}/replies",
                     {"message": "Masih ada lubang kecil di sebelahnya."}, headers=reporter)
        version = self.request("GET /admin/reports/{id} (after a reply)", "GET", case, who="agency_admin")["version"]
        self.act("respond again", "agency_admin", tracking_id, "respond",
                 {"message": "Lubang kecil juga sudah ditambal.", "public": True}, version)
        self.request("POST /reports/{id}/feedback", "POST", f"/reports/{tracking_id}/feedback",
                     {"resolved": True, "rating": 5}, headers=reporter)

        other = self.request("POST /reports (to transfer)", "POST", "/reports",
                             {**SUBMISSION, "agency_id": "dishub-tanjungpinang"})["tracking_id"]
        version = self.request("GET /admin/reports/{id} (to transfer)", "GET", f"/admin/reports/{other}",
                               who="dishub_admin")["version"]
        version = self.act("hold", "dishub_admin", other, "hold", {"message": "Mohon lengkapi lokasi."},
                           version)["version"]
        version = self.act("resume", "dishub_admin", other, "resume", {}, version)["version"]
        version = self.act("verify (dispose to itself)", "dishub_admin", other, "verify",
                           {"agency_id": "dishub-tanjungpinang"}, version)["version"]
        self.act("transfer", "dishub_admin", other, "transfer",
                 {"agency_id": "dpupr-tanjungpinang", "reason": "Urusan jalan, bukan perhubungan."}, version)
        version = self.request("GET /admin/reports/{id} (transferred)", "GET", f"/admin/reports/{other}",
                               who="agency_admin")["version"]
        self.act("assign", "agency_admin", other, "assign", {"unit_id": "dpupr-tanjungpinang.bina-marga"}, version)

        spam = self.request("POST /reports (spam)", "POST", "/reports", SUBMISSION)["tracking_id"]
        version = self.request("GET /admin/reports/{id} (spam)", "GET", f"/admin/reports/{spam}",
                               who="agency_admin")["version"]
        self.act("archive", "agency_admin", spam, "archive", {"reason": "spam"}, version)
        self.request("GET /admin/stats (national)", "GET", "/admin/stats?scope=national", who="national")
        self.request("GET /admin/me", "GET", "/admin/me", who="agency_admin")


STAFF_ACTIONS = ("verify", "start", "respond", "respond again", "hold", "resume", "verify (dispose to itself)",
                 "transfer", "assign", "archive")


def measure(latency_seconds: float) -> dict[str, Measured]:
    from moto import mock_aws

    from devtools.emulator import one_call_at_a_time

    from chalicelib.domain.limits import limits

    _bench_sweep_environment()
    os.environ.update({"TABLE_PREFIX": "aduan-calls-", "FILES_BUCKET": "aduan-calls-files",
                       "PUBLIC_BASE_URL": "https://aduan.example.id", "GUARD_SECRET": "bench-guard-secret",
                       # A staff record is read again after this many seconds (10 by default): the counted
                       # pass comes well within an hour of the warm-up, as an officer's next request does.
                       "STAFF_RECORD_CACHE_SECONDS": "3600",
                       # Every request comes from one address here; the counting is still measured.
                       "RATE_LIMITS": json.dumps({name: {"count": 10**6} for name in limits()})})
    with mock_aws(), one_call_at_a_time():
        from chalice.test import Client

        from chalicelib.auth import reset_key_cache
        from chalicelib.config import get_settings
        from devtools import bootstrap, seed

        get_settings.cache_clear()
        created = bootstrap.create_all()
        os.environ.update(USER_POOL_ID=created["user_pool_id"], USER_POOL_CLIENT_ID=created["user_pool_client_id"])
        get_settings.cache_clear()
        reset_key_cache()
        seed.seed_reference_data()
        seed.seed_staff_accounts()
        from app import app

        meter = CallMeter(latency_seconds, get_settings().table_prefix)
        with Client(app) as chalice, meter.installed():
            Scenario(chalice, meter).run()  # warm-up: every step once
            counted = Scenario(chalice, meter)
            counted.run()
    return counted.results


def _shown(measured: Measured) -> str:
    return ", ".join(f"{name.split(':')[1]}×{n}" if n > 1 else name.split(":")[1]
                     for name, n in sorted(measured.calls.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="also print one ROW line per figure (make bench)")
    parser.add_argument("--latency-ms", type=float, default=8.0)
    args = parser.parse_args()
    with redirect_stdout(io.StringIO()):  # the app's metrics (EMF) are printed
        results = measure(args.latency_ms / 1000)
    print("\nAWS CALLS PER REQUEST, after one warm-up request of the same kind (in-process, moto)")
    print("limits: abuse-limit counters and form marks; dup.: likely-duplicate reads; other: the rest")
    print(f"{'route':<52} {'calls':>5} {'rounds':>6} {'limits':>6} {'dup.':>4} {'other':>5}  calls made")
    for name, measured in results.items():
        print(f"{name:<52} {measured.total:>5} {measured.rounds:>6} {measured.limits:>6} {measured.duplicates:>4} "
              f"{measured.others:>5}  {_shown(measured)}")
    actions = [results[name] for name in STAFF_ACTIONS]
    worst = max(actions, key=lambda measured: (measured.total, measured.rounds))
    print(f"\nstaff actions: at most {worst.total} calls, at most {max(m.rounds for m in actions)} rounds")
    if not args.rows:
        return
    rows = []
    for name, measured in [*((name, results[name]) for name in GOALS), (STAFF_ACTION, worst)]:
        goal, unit = GOALS.get(name, (STAFF_ACTION_CALLS_GOAL, "calls"))
        value = measured.total if unit == "calls" else measured.rounds
        shown = name if name != STAFF_ACTION else f"{name} (the most of {', '.join(STAFF_ACTIONS)})"
        rows.append({"figure": f"AWS {unit} per request: {shown}", "value": str(value),
                     "goal": f"<= {goal}", "met": value <= goal})
        if unit == "calls":
            rows.append({"figure": f"AWS calls per request besides abuse limits and likely duplicates: {name}",
                         "value": f"{measured.others} (of {measured.total}, in {measured.rounds} rounds)",
                         "goal": f"<= {goal}", "met": measured.others <= goal})
    for name, measured in results.items():
        if name not in GOALS and name not in STAFF_ACTIONS:
            rows.append({"figure": f"AWS calls (rounds) per request: {name}",
                         "value": f"{measured.total} ({measured.rounds})", "goal": "-", "met": None})
    for row in rows:
        print("ROW " + json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
