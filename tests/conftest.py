"""Every test runs against moto's in-process AWS (no server, no network), with fresh tables."""
from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from ipaddress import IPv4Address
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from chalice.local import LambdaEventConverter
from moto import mock_aws

from chalicelib.config import get_settings
from chalicelib.store.cache import forget_all as forget_reference_data

TEST_ENVIRONMENT = {
    "ADUAN_STAGE": "test",
    "TABLE_PREFIX": "aduan-test-",
    "FILES_BUCKET": "aduan-test-files",
    "AWS_DEFAULT_REGION": "ap-southeast-3",
    "AWS_REGION": "ap-southeast-3",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Aduan",
    "PUBLIC_BASE_URL": "https://aduan.test",
    "GUARD_SECRET": "test-guard-secret",
}


def use_test_environment(monkeypatch) -> None:
    # An endpoint left over from `make run` would send requests past mock_aws.
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in TEST_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    forget_reference_data()


def use_user_pool(monkeypatch, created: dict) -> None:
    """Point the app at the user pool bootstrap made, and forget keys of an earlier pool."""
    from chalicelib.auth import reset_key_cache

    monkeypatch.setenv("USER_POOL_ID", created["user_pool_id"])
    monkeypatch.setenv("USER_POOL_CLIENT_ID", created["user_pool_client_id"])
    get_settings.cache_clear()
    reset_key_cache()


def work_unit(nodeid: str) -> str:
    """Which tests one process runs together when `make test` spreads them over several: those on
    the local stack (browser and stack) share one stack and one Chromium, those of tests/infra one
    build of the packaged stages (and Chalice's dependency cache, which two builds at once would
    both write); the rest go file by file, so a module's shared world is built once."""
    path = nodeid.split("::")[0]
    if path.startswith(("tests/browser/", "tests/stack/")):
        return "local-stack"
    if path.startswith("tests/infra/"):
        return "infra"
    return path


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` hands out work_unit()s, in the order collected (the local stack first,
    then the long functional modules, the short unit tests last to even out the end). pytest-xdist's
    own loadgroup reads no xdist_group marks under pytest 9.2 (it renames a node id pytest no longer
    reads)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False
    return WorkUnits(config, log)


@pytest.fixture(scope="session", autouse=True)
def aws_calls_of_the_session():
    """Every AWS call the app makes in any test, by function: tests/infra checks each against
    the function's IAM role, so a path only some test takes cannot need a permission no role has.
    Saved at the end where RECORD_TO says (each of `make test`'s parallel processes does)."""
    from tests.infra.aws_calls import RECORD_TO, Recorder, save

    with Recorder().watching() as recorder:
        yield recorder
    if os.environ.get(RECORD_TO):
        process = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
        save(recorder.calls, Path(os.environ[RECORD_TO]) / f"{process}.json")


@pytest.fixture(scope="session", autouse=True)
def moto_takes_one_call_at_a_time():
    """DynamoDB serialises conflicting writes; in-process moto does not and can drop a committed
    write, so every test's threads reach moto in turn (the same lock as `make run`'s emulator)."""
    from devtools.emulator import one_call_at_a_time

    with one_call_at_a_time():
        yield


@pytest.fixture(scope="session", autouse=True)
def botocore_models_read_once():
    """mock_aws gives each test a new boto3 session, which would read botocore's JSON service
    models again (a good part of a test's set-up): sessions share one loader, as a session's clients do."""
    import botocore.session

    with mock.patch.object(botocore.session, "create_loader", functools.cache(botocore.session.create_loader)):
        yield


@pytest.fixture(scope="session", autouse=True)
def moto_user_pools_key_read_once():
    """moto signs every user pool's tokens with the same key from its resources; reading it checks
    the RSA key again for each pool (each test's), so it is read once (the app's token checks use PyJWT)."""
    from moto.cognitoidp import models

    key = models.jwk.RSAKey.import_key(models.load_resource("cognitoidp/resources/jwks-private.json"))
    with mock.patch.object(models, "jwk", SimpleNamespace(RSAKey=SimpleNamespace(import_key=lambda data: key))):
        yield


# DynamoDB's answers that moto holds as DynamoDB JSON already (and nothing in them to rename).
_PLAIN_JSON_OPERATIONS = frozenset({"GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"})


@pytest.fixture(scope="session", autouse=True)
def moto_answers_dynamodb_json_as_it_is():
    """moto walks botocore's output shape for every value of every item it returns (~0.3 s for the
    topic catalog, read in every test that submits a report); these operations' answers are DynamoDB
    JSON already, so they are written out as they are."""
    from moto.core.responses import ActionResult

    original = ActionResult.execute_result

    def execute_result(self, context):
        operation = context.operation_model
        if (context.service_model.service_name == "dynamodb" and operation.name in _PLAIN_JSON_OPERATIONS
                and isinstance(self.result, dict)):
            version = context.service_model.metadata.get("jsonVersion", "1.0")
            return 200, {"Content-Type": f"application/x-amz-json-{version}"}, json.dumps(self.result)
        return original(self, context)

    with mock.patch.object(ActionResult, "execute_result", execute_result):
        yield


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch):
    use_test_environment(monkeypatch)
    yield
    get_settings.cache_clear()


@pytest.fixture
def aws(aws_environment, monkeypatch):
    """Moto's AWS with every table, the bucket and the sender identity, but no data."""
    with mock_aws():
        from devtools import bootstrap

        use_user_pool(monkeypatch, bootstrap.create_all())
        yield


@pytest.fixture
def seeded(aws):
    """Tables holding the demo regions, agencies, units and the LAPOR! topic list."""
    from devtools import seed

    seed.seed_reference_data()


@pytest.fixture
def client(seeded):
    from chalice.test import Client

    from app import app

    with Client(app) as chalice_client:
        yield ApiClient(chalice_client)


# Numbers the test client's addresses (10.0.0.1, 10.0.0.2, ...); next() on a count is atomic.
_ADDRESS_NUMBERS = itertools.count(1)


class _CallerAddress(threading.local):
    """The address of the request this thread is making (requests run in the caller's thread)."""

    value = LambdaEventConverter.LOCAL_SOURCE_IP


_CALLER = _CallerAddress()


@pytest.fixture(scope="session", autouse=True)
def caller_addresses():
    """Chalice's test client puts one fixed address in every request's context: make it the caller's."""
    with mock.patch.object(LambdaEventConverter, "LOCAL_SOURCE_IP", property(lambda converter: _CALLER.value)):
        yield


class ApiClient:
    """Chalice's test client with JSON in and out, like a real HTTP caller.

    It stands for many people: each request comes from an address of its own, so abuse limits
    per address never trip a test by accident; ``from_address`` gives one caller's view.
    """

    def __init__(self, chalice_client, address: str | None = None):
        self.chalice = chalice_client
        self.address = address

    def from_address(self, address: str) -> ApiClient:
        """The same client, every request from ``address`` (API Gateway's ``identity.sourceIp``)."""
        return ApiClient(self.chalice, address)

    def request(self, method: str, path: str, body=None, headers=None, raw: bytes | str | None = None):
        headers = dict(headers or {})
        if body is not None:
            raw = json.dumps(body)
        if raw is not None:
            headers.setdefault("Content-Type", "application/json")
        _CALLER.value = self.address or str(IPv4Address("10.0.0.0") + next(_ADDRESS_NUMBERS))
        response = self.chalice.http.request(method, path, headers=headers, body=raw or b"")
        is_json = response.headers.get("Content-Type", "application/json").startswith("application/json")
        response.json = json.loads(response.body) if response.body and is_json else None
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)


@pytest.fixture
def app_logs(monkeypatch):
    """Everything the app logs during the test, as text (Powertools holds its own stream)."""
    import io

    from chalicelib.observability import logger

    buffer = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", buffer)
    return buffer


# --- staff -------------------------------------------------------------------------------

STAFF_PASSWORD = "Rahasia#2026x"
# name -> (username, role, agency, unit): two agencies of Kota Tanjungpinang, two units of one of them.
STAFF_ACCOUNTS = {
    "national": ("admin.nasional", "national_admin", "kemenpan-rb", None),
    "pupr_admin": ("admin.dpupr-tanjungpinang", "agency_admin", "dpupr-tanjungpinang", None),
    "dishub_admin": ("admin.dishub-tanjungpinang", "agency_admin", "dishub-tanjungpinang", None),
    "coordinator_admin": ("admin.diskominfo-tanjungpinang", "agency_admin", "diskominfo-tanjungpinang", None),
    "binamarga_officer": ("petugas.binamarga", "unit_officer", "dpupr-tanjungpinang",
                          "dpupr-tanjungpinang.bina-marga"),
    "sda_officer": ("petugas.sda", "unit_officer", "dpupr-tanjungpinang", "dpupr-tanjungpinang.sumber-daya-air"),
    "oversight": ("ombudsman", "oversight", None, None),
}


class Staff:
    """Signs the test staff in through ``POST /auth/login`` and builds their headers."""

    def __init__(self, client: ApiClient):
        self.client = client
        self._tokens: dict[str, str] = {}

    def token(self, name: str) -> str:
        if name not in self._tokens:
            username = STAFF_ACCOUNTS[name][0]
            response = self.client.post("/auth/login", {"username": username, "password": STAFF_PASSWORD})
            assert response.status_code == 200, response.json
            self._tokens[name] = response.json["id_token"]
        return self._tokens[name]

    def sign_out_all(self) -> None:
        """Forget every token, e.g. after travelling in time past their expiry."""
        self._tokens.clear()

    def headers(self, name: str) -> dict:
        return {"Authorization": f"Bearer {self.token(name)}"}

    def get(self, name: str, path: str, **kwargs):
        return self.client.get(path, headers=self.headers(name), **kwargs)

    def post(self, name: str, path: str, body=None, **kwargs):
        return self.client.post(path, body, headers=self.headers(name), **kwargs)

    def act(self, name: str, tracking_id: str, action: str, body=None):
        return self.post(name, f"/admin/reports/{tracking_id}/{action}", body if body is not None else {})


def create_staff_account(username: str, role: str, agency_id: str | None, unit_id: str | None,
                         password: str = STAFF_PASSWORD) -> None:
    from datetime import datetime, timezone

    from chalicelib.domain.permissions import Role
    from chalicelib.services import accounts
    from chalicelib.store import staff
    from chalicelib.store.models import StaffModel

    staff.add_staff(StaffModel(username, role=role, agency_id=agency_id, unit_id=unit_id,
                               email=f"{username}@aduan.test", created_at=datetime.now(timezone.utc)))
    accounts.create_cognito_user(username, password, Role(role), agency_id, unit_id,
                                 f"{username}@aduan.test", None)


@pytest.fixture
def staff(client) -> Staff:
    """The accounts in STAFF_ACCOUNTS, signed in on first use."""
    for username, role, agency_id, unit_id in STAFF_ACCOUNTS.values():
        create_staff_account(username, role, agency_id, unit_id)
    return Staff(client)


def submit(client: ApiClient, **overrides) -> dict:
    """A citizen's complaint to Dinas PUPR Kota Tanjungpinang; returns the receipt."""
    body = {"kind": "complaint", "title": "Jalan berlubang di Jalan Ganet",
            "description": "Lubang besar dekat simpang Batu 8 membahayakan pengendara motor.",
            "region_code": "21.72", "agency_id": "dpupr-tanjungpinang",
            "topic": "pekerjaan-umum-dan-penataan-ruang", "privacy": "public",
            "reporter": {"name": "Siti Rahmawati", "email": "siti@example.id", "phone": "0812 3456 7890"}}
    body.update(overrides)
    body = {key: value for key, value in body.items() if value is not None}
    response = client.post("/reports", body)
    assert response.status_code == 201, response.json
    return response.json


def web_form_headers(client: ApiClient) -> dict:
    """What the web form sends with a report: its channel and a challenge it solved (as citizen.js does)."""
    issued = client.get("/forms/challenge").json
    challenge, bits = issued["challenge"], issued["difficulty"]
    nonce = next(str(n) for n in itertools.count()
                 if int.from_bytes(hashlib.sha256(f"{challenge}{n}".encode()).digest(), "big") >> (256 - bits) == 0)
    return {"X-Aduan-Client": "web", "X-Aduan-Challenge": challenge, "X-Aduan-Nonce": nonce, "X-Aduan-Trap": ""}


WIB = ZoneInfo("Asia/Jakarta")


def end_of_day(day: str) -> str:
    """A deadline on ``day`` as the API writes it for an agency in WIB: the day's last second."""
    return f"{day}T23:59:59+07:00"


def event_types(view: dict) -> list[str]:
    return [entry["event_type"] for entry in view["timeline"]]


def verified_investigation(client) -> tuple[str, dict]:
    """A complaint to Dinas PUPR Kota Tanjungpinang received Monday 2 November 2026 and verified on
    Tuesday as needing investigation: first follow-up due 10 November, completion 1 February 2027
    (60 working days, across Christmas, New Year and Isra Mi'raj). Returns its id and the
    reporter's headers."""
    with on("2026-11-02"):
        receipt = submit(client)
    with on("2026-11-03"):
        verified = Staff(client).act("pupr_admin", receipt["tracking_id"], "verify",
                                     {"agency_id": "dpupr-tanjungpinang", "complexity": "investigation"})
        assert verified.status_code == 200, verified.json
        assert verified.json["deadlines"]["first_response_due"] == end_of_day("2026-11-10")
        assert verified.json["deadlines"]["completion_due"] == end_of_day("2027-02-01")
    return receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}


@contextmanager
def on(day: str, hour: int = 10):
    """Run as if it were ``day`` at ``hour``:00 WIB (frozen). Sign staff in inside the block:
    a token issued at another moment is expired or not yet valid here."""
    with time_machine.travel(datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB), tick=False):
        yield


# --- what was sent -----------------------------------------------------------------------


class Mailbox:
    """The e-mails and SMS moto's SES and SNS accepted, in the order they were sent."""

    def _backend(self, backends):
        from moto.core import DEFAULT_ACCOUNT_ID

        return backends[DEFAULT_ACCOUNT_ID][TEST_ENVIRONMENT["AWS_REGION"]]

    def emails(self) -> list[dict]:
        from moto.ses.models import ses_backends

        sent = []
        for message in self._backend(ses_backends).sent_messages:
            destinations = message.destinations
            to = [address for kind in ("ToAddresses", "CcAddresses", "BccAddresses")
                  for address in destinations.get(kind, [])]
            sent.append({"to": to, "subject": message.subject, "body": message.body, "source": message.source})
        return sent

    def emails_to(self, address: str) -> list[dict]:
        return [email for email in self.emails() if address in email["to"]]

    def sms(self) -> list[dict]:
        from moto.sns.models import sns_backends

        return [{"to": phone, "body": text}
                for phone, text, *_ in self._backend(sns_backends).sms_messages.values()]


@pytest.fixture
def mailbox(aws) -> Mailbox:
    return Mailbox()


def run_job(client: ApiClient, name: str) -> dict:
    """Run a scheduled function as EventBridge would, through Chalice's test client."""
    from devtools.scheduler import scheduled_event

    return client.chalice.lambda_.invoke(name, scheduled_event(name)).payload


def staff_email(name: str) -> str:
    return f"{STAFF_ACCOUNTS[name][0]}@aduan.test"


# --- the whole local stack, as `make run` serves it -------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    url: str
    emulator: str
    demo_reports: list[tuple[str, str]] = field(default_factory=list)  # (tracking id, access token)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """`make run`'s stack (`python -m devtools.local`) on free ports, with its demo data, once per
    session (the browser tests and the stack tests share it); stopped at the end."""
    port, emulator_port = _free_port(), _free_port()
    log_path = tmp_path_factory.mktemp("stack") / "local.log"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("AWS_") and key not in ("ADUAN_STAGE", "TABLE_PREFIX", "FILES_BUCKET",
                                                         "PUBLIC_BASE_URL", "USER_POOL_ID", "USER_POOL_CLIENT_ID")}
    env.update(PORT=str(port), EMULATOR_PORT=str(emulator_port), PYTHONUNBUFFERED="1",
               ADUAN_NO_SCHEDULER="1",
               # Every caller of the local stack is 127.0.0.1, and the tests send more reports
               # from it in an hour than one address may (tests/functional covers the limits).
               RATE_LIMITS=json.dumps({"reports": {"count": 1000}}))
    log = open(log_path, "w+")
    process = subprocess.Popen([sys.executable, "-m", "devtools.local"], cwd=Path(__file__).resolve().parent.parent, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    text = ""
    while "Press Ctrl-C" not in text:
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail("the local stack did not start:\n" + log_path.read_text()[-3000:])
        time.sleep(0.5)
        text = log_path.read_text()
    demo = re.findall(r"^  ([0-9A-Z]{5}-[0-9A-Z]{5})  (\S+)  \(", text, flags=re.MULTILINE)
    yield Site(url=f"http://127.0.0.1:{port}", emulator=f"http://127.0.0.1:{emulator_port}",
               demo_reports=demo)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()
