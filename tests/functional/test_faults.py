"""When AWS throttles or is briefly out, nothing is half done, lost or sent twice.

Faults are injected where the SDK hands back what is left after its own retries. A request
then answers 503 ``temporarily_unavailable`` with ``Retry-After`` and changes nothing, so the
same request succeeds later; a scheduled job stops and its next run does the rest.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from chalicelib import store
from chalicelib.config import get_settings
from chalicelib.domain.queues import utc_key
from chalicelib.services import delivery
from chalicelib.store.models import (
    ComplianceReportModel,
    IdempotencyRecordModel,
    NotificationModel,
    ReportEventModel,
    ReportModel,
    StatCounterModel,
)
from chalicelib.store.outbox import DeliveryStatus
from tests.conftest import WIB, on, run_job, submit

PUPR = "dpupr-tanjungpinang"
REPORTER_EMAIL = "siti@example.id"
REPORTER_PHONE = "+6281234567890"
ROAD_COMPLAINT = {"kind": "complaint", "title": "Jalan berlubang di Jalan Ganet",
                  "description": "Lubang besar dekat simpang Batu 8 membahayakan pengendara motor.",
                  "region_code": "21.72", "agency_id": PUPR, "privacy": "public",
                  "reporter": {"name": "Siti Rahmawati", "email": REPORTER_EMAIL, "phone": "0812 3456 7890"}}


@dataclass
class Fault:
    """One AWS operation failing as a busy or unavailable service answers, until it ends."""

    service: str
    operation: str
    code: str
    status: int = 400
    table: str | None = None  # logical table name, e.g. "outbox"
    only_if: Callable[[dict], bool] | None = None
    let_through: int = 0  # matching calls that still succeed before the fault starts
    cancelled_on: str | None = None  # TransactionCanceled: the table of the item that met a conflict
    times: int | None = None  # how many calls fail; None: until ended
    failed: int = 0
    ended: bool = False

    def end(self) -> None:
        self.ended = True

    def applies_to(self, service: str, operation: str, params: dict) -> bool:
        if self.ended or (service, operation) != (self.service, self.operation):
            return False
        if self.table and not any(name.endswith(f"-{self.table}") for name in _tables_of(params)):
            return False
        if self.only_if and not self.only_if(params):
            return False
        if self.let_through:
            self.let_through -= 1
            return False
        return self.times is None or self.failed < self.times

    def error(self, params: dict) -> ClientError:
        self.failed += 1
        response = {"Error": {"Code": self.code, "Message": f"{self.code} (injected)"},
                    "ResponseMetadata": {"HTTPStatusCode": self.status}}
        if self.cancelled_on:
            items = [next(iter(item.values()))["TableName"] for item in params["TransactItems"]]
            conflict = next(i for i, name in enumerate(items) if name.endswith(f"-{self.cancelled_on}"))
            response["CancellationReasons"] = [{"Code": "TransactionConflict" if i == conflict else "None"}
                                               for i in range(len(items))]
        return ClientError(response, self.operation)


def _tables_of(params: dict) -> list[str]:
    if "TransactItems" in params:
        return [next(iter(item.values()))["TableName"] for item in params["TransactItems"]]
    return [params.get("TableName", "")]


class AwsFaults:
    def __init__(self, monkeypatch):
        self.injected: list[Fault] = []
        real_call = BaseClient._make_api_call
        injected = self.injected

        def call(client, operation, params):
            service = client.meta.service_model.service_name
            for fault in injected:
                if fault.applies_to(service, operation, params):
                    raise fault.error(params)
            return real_call(client, operation, params)

        monkeypatch.setattr(BaseClient, "_make_api_call", call)

    def inject(self, service: str, operation: str, code: str, **options) -> Fault:
        fault = Fault(service, operation, code, **options)
        self.injected.append(fault)
        return fault


@pytest.fixture
def faults(monkeypatch) -> AwsFaults:
    return AwsFaults(monkeypatch)


# What DynamoDB answers a write when it is busy: throttled, over its limits, briefly failing, or a
# transaction cancelled because another one held a shared statistics counter at that moment.
BUSY_DYNAMODB = [
    pytest.param({"code": "ProvisionedThroughputExceededException"}, id="throughput-exceeded"),
    pytest.param({"code": "ThrottlingException"}, id="throttling"),
    pytest.param({"code": "RequestLimitExceeded"}, id="request-limit"),
    pytest.param({"code": "InternalServerError", "status": 500}, id="internal-error"),
    pytest.param({"code": "TransactionCanceledException", "cancelled_on": "stat_counters"},
                 id="transaction-conflict-on-a-counter"),
]


def assert_busy(response) -> None:
    assert response.status_code == 503, response.json
    assert response.headers["Retry-After"] == str(get_settings().busy_retry_after_seconds)
    assert response.json == {"error": {"code": "temporarily_unavailable",
                                       "message": "Layanan sedang sibuk; coba lagi sebentar lagi.",
                                       "details": []}}


def stored(model) -> int:
    store.ready()
    return model.count()  # a Scan: fine for a test's handful of items, never in the app


def everything_a_report_writes() -> dict[str, int]:
    return {model.__name__: stored(model) for model in
            (ReportModel, ReportEventModel, StatCounterModel, IdempotencyRecordModel, NotificationModel)}


# --- requests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("busy", BUSY_DYNAMODB)
def test_a_submission_dynamodb_cannot_take_answers_503_stores_nothing_and_succeeds_once_when_sent_again(
        client, faults, busy):
    key = {"Idempotency-Key": "form-busy-7f3a9c21"}
    outage = faults.inject("dynamodb", "TransactWriteItems", **busy)

    assert_busy(client.post("/reports", ROAD_COMPLAINT, headers=key))
    assert set(everything_a_report_writes().values()) == {0}

    outage.end()
    first = client.post("/reports", ROAD_COMPLAINT, headers=key)
    again = client.post("/reports", ROAD_COMPLAINT, headers=key)
    assert first.status_code == again.status_code == 201, first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["tracking_id"] == first.json["tracking_id"]
    assert stored(ReportModel) == stored(IdempotencyRecordModel) == 1


def test_the_busy_answer_is_in_english_when_asked(client, faults):
    faults.inject("dynamodb", "TransactWriteItems", "ThrottlingException")

    response = client.post("/reports", ROAD_COMPLAINT, headers={"Accept-Language": "en"})

    assert response.status_code == 503
    assert response.json["error"]["message"] == "The service is busy; try again shortly."


def test_a_conflict_on_a_shared_counter_is_retried_at_once_and_the_report_stored_once(client, faults):
    conflict = faults.inject("dynamodb", "TransactWriteItems", "TransactionCanceledException",
                             cancelled_on="stat_counters", times=1)

    response = client.post("/reports", ROAD_COMPLAINT)

    assert response.status_code == 201, response.json
    assert conflict.failed == 1
    assert stored(ReportModel) == 1


@pytest.mark.parametrize("path", ["/reports/{tracking_id}", "/regions", "/agencies?region_code=21.72"])
def test_a_throttled_read_answers_503_never_500(client, faults, path):
    tracking_id = submit(client)["tracking_id"]
    faults.inject("dynamodb", "GetItem", "ProvisionedThroughputExceededException")
    faults.inject("dynamodb", "Query", "ProvisionedThroughputExceededException")

    assert_busy(client.get(path.format(tracking_id=tracking_id)))


def case_of(staff, tracking_id: str) -> dict:
    response = staff.get("pupr_admin", f"/admin/reports/{tracking_id}")
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.parametrize("busy", BUSY_DYNAMODB)
def test_a_staff_action_dynamodb_cannot_take_answers_503_and_leaves_the_report_as_it_was(
        client, staff, faults, busy):
    tracking_id = submit(client)["tracking_id"]
    before = case_of(staff, tracking_id)
    verify = {"agency_id": PUPR, "expected_version": before["version"]}
    outage = faults.inject("dynamodb", "TransactWriteItems", **busy)

    assert_busy(staff.act("pupr_admin", tracking_id, "verify", verify))

    outage.end()
    after = case_of(staff, tracking_id)
    assert (after["version"], after["status"], after["timeline"]) == (
        before["version"], before["status"], before["timeline"])
    sent_again = staff.act("pupr_admin", tracking_id, "verify", verify)
    assert sent_again.status_code == 200, sent_again.json
    assert (sent_again.json["version"], sent_again.json["status"]) == (before["version"] + 1, "dispositioned")


def test_a_staff_action_meeting_another_write_on_the_same_report_is_a_version_conflict(client, staff, faults):
    tracking_id = submit(client)["tracking_id"]
    faults.inject("dynamodb", "TransactWriteItems", "TransactionCanceledException", cancelled_on="reports")

    response = staff.act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR})

    assert response.status_code == 409
    assert response.json["error"]["code"] == "version_conflict"


# --- the SLA sweep -------------------------------------------------------------------------------


def breach_notifications(tracking_id: str) -> list[NotificationModel]:
    store.ready()
    return list(NotificationModel.scan((NotificationModel.tracking_id == tracking_id)
                                       & (NotificationModel.event_type == "deadline_breached")))


def breach_events(staff, tracking_id: str) -> list[dict]:
    return [entry for entry in case_of(staff, tracking_id)["timeline"]
            if entry["event_type"] == "deadline_breached"]


@pytest.mark.parametrize("busy", BUSY_DYNAMODB)
def test_a_sweep_stopped_by_dynamodb_midway_marks_each_breach_once_on_its_next_run(client, staff, faults, busy):
    with on("2026-11-23", 10):  # verification due Thu 26 Nov
        overdue = [submit(client)["tracking_id"] for _ in range(2)]
    outage = faults.inject("dynamodb", "TransactWriteItems", let_through=1, **busy)

    with on("2026-11-30", 10):
        stopped = run_job(client, "sla_sweep")
        assert (stopped["handled"], stopped["aws_unavailable"]) == ({"breach": 1}, True)
        outage.end()
        resumed = run_job(client, "sla_sweep")
        assert (resumed["handled"], resumed["aws_unavailable"]) == ({"breach": 1}, False)
        assert run_job(client, "sla_sweep")["handled"] == {}

        for tracking_id in overdue:
            assert len(breach_events(staff, tracking_id)) == 1
            assert len(case_of(staff, tracking_id)["breaches"]) == 1
        queued = [breach_notifications(tracking_id) for tracking_id in overdue]
        assert len(queued[0]) == len(queued[1]) == 5  # agency, coordinator, nation, reporter by e-mail and SMS


def test_a_sweep_that_cannot_read_its_index_does_nothing_and_the_next_run_does_it(client, staff, faults):
    with on("2026-11-23", 10):
        tracking_id = submit(client)["tracking_id"]
    outage = faults.inject("dynamodb", "Query", "ProvisionedThroughputExceededException", table="reports")

    with on("2026-11-30", 10):
        assert run_job(client, "sla_sweep")["aws_unavailable"] is True
        outage.end()
        assert breach_events(staff, tracking_id) == []
        assert run_job(client, "sla_sweep")["handled"] == {"breach": 1}
        assert len(breach_events(staff, tracking_id)) == 1


# --- the sender ----------------------------------------------------------------------------------

DAY = "2026-11-23"
START = datetime.fromisoformat(DAY).replace(hour=10, tzinfo=WIB)


def send(seconds_after_start: float = 0) -> delivery.DeliveryResult:
    return delivery.send_notifications(now=START + timedelta(seconds=seconds_after_start))


def reporters_row(tracking_id: str, channel: str) -> NotificationModel:
    store.ready()
    [row] = NotificationModel.scan((NotificationModel.tracking_id == tracking_id)
                                   & (NotificationModel.recipient == "reporter")
                                   & (NotificationModel.channel == channel), consistent_read=True)
    return row


def reporter_messages(mailbox, channel: str) -> list[dict]:
    if channel == "sms":
        return [sms for sms in mailbox.sms() if sms["to"] == REPORTER_PHONE]
    return mailbox.emails_to(REPORTER_EMAIL)


@pytest.mark.parametrize("service, operation, channel, code, status", [
    ("ses", "SendEmail", "email", "Throttling", 400),
    ("ses", "SendEmail", "email", "ServiceUnavailable", 503),
    ("sns", "Publish", "sms", "Throttled", 400),
    ("sns", "Publish", "sms", "InternalError", 500),
])
def test_a_message_ses_or_sns_cannot_take_is_tried_again_later_and_sent_once(
        client, mailbox, faults, service, operation, channel, code, status):
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
    faults.inject(service, operation, code, status=status, times=1)

    assert send(0).retrying == 1
    row = reporters_row(tracking_id, channel)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert row.next_attempt_at == utc_key(START + timedelta(seconds=60))
    assert reporter_messages(mailbox, channel) == []

    assert send(59).sent == 0  # not due before its backoff
    assert send(60).sent == 1
    for later in (61, 3600, 86_400):
        assert send(later).sent == 0
    assert len(reporter_messages(mailbox, channel)) == 1
    assert reporters_row(tracking_id, channel).status == DeliveryStatus.SENT


@pytest.mark.parametrize("operation, table, only_if", [
    pytest.param("Query", "outbox", None, id="reading-the-outbox"),
    pytest.param("GetItem", "reports", None, id="looking-up-the-report"),
    pytest.param("PutItem", "outbox", lambda params: params["Item"]["status"]["S"] == "sending",
                 id="taking-a-message"),
])
def test_a_sender_dynamodb_stops_leaves_each_message_as_it_was_and_the_next_run_sends_it_once(
        client, mailbox, faults, operation, table, only_if):
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
    outage = faults.inject("dynamodb", operation, "ProvisionedThroughputExceededException", table=table,
                           only_if=only_if)

    stopped = send(0)
    assert (stopped.sent, stopped.aws_unavailable) == (0, True)
    row = reporters_row(tracking_id, "email")
    assert (row.status, int(row.attempts or 0)) == (DeliveryStatus.PENDING, 0)

    outage.end()
    assert send(1).sent == 2  # the reporter's e-mail and SMS (the agency has no admins here)
    assert send(3600).sent == 0
    assert len(reporter_messages(mailbox, "email")) == len(reporter_messages(mailbox, "sms")) == 1


def test_a_message_sent_whose_result_dynamodb_would_not_record_is_never_sent_again_but_shown_unconfirmed(
        client, staff, mailbox, faults):
    with on(DAY, 10):
        tracking_id = submit(client, reporter={"name": "Siti Rahmawati", "email": REPORTER_EMAIL})["tracking_id"]
    faults.inject("dynamodb", "PutItem", "ThrottlingException", table="outbox", times=1,
                  only_if=lambda params: (params["Item"]["status"]["S"], params["Item"]["recipient"]["S"])
                  == ("sent", "reporter"))

    assert send(0).aws_unavailable is True
    assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1

    send(1)  # the agency admin's message, if the run stopped before it
    assert send(300).unconfirmed == 1  # once its lease has run out
    for later in (301, 3600, 86_400):
        assert send(later).sent == 0
    assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1
    assert reporters_row(tracking_id, "email").status == DeliveryStatus.UNCONFIRMED
    with on(DAY, 11):
        [letter] = staff.get("national", "/admin/notifications").json["items"]
    assert (letter["tracking_id"], letter["status"]) == (tracking_id, "unconfirmed")


# --- compliance reports --------------------------------------------------------------------------

S3_BUSY = [pytest.param("SlowDown", 503, id="slow-down"),
           pytest.param("ServiceUnavailable", 503, id="service-unavailable"),
           pytest.param("InternalError", 500, id="internal-error")]


@pytest.mark.parametrize("code, status", S3_BUSY)
def test_a_compliance_report_s3_cannot_store_answers_503_leaves_no_record_and_is_built_when_asked_again(
        client, staff, faults, code, status):
    with on("2026-11-02", 9):
        outage = faults.inject("s3", "PutObject", code, status=status, let_through=3)

        assert_busy(staff.post("national", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"}))
        assert stored(ComplianceReportModel) == 0
        assert staff.get("national", "/admin/compliance-reports/national.2026-10").status_code == 404

        outage.end()
        built = staff.post("national", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"})
        assert built.status_code == 201, built.json
        record = staff.get("national", "/admin/compliance-reports/national.2026-10").json
        assert len(record["generations"]) == 1


OMBUDSMAN = "laporan@ombudsman.example.id"


def test_a_monthly_run_s3_stops_fails_for_lambda_to_run_again_and_then_each_body_gets_its_report_once(
        client, mailbox, faults, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_RECIPIENTS", json.dumps({"ombudsman-ri": [OMBUDSMAN]}))
    get_settings.cache_clear()
    get_settings()  # read now: the test client applies the stage's own environment while it invokes
    outage = faults.inject("s3", "PutObject", "SlowDown", status=503, let_through=2)

    with on("2026-11-01", 7):
        with pytest.raises(ClientError):  # the function fails: Lambda runs it again, the alarm tells operators
            run_job(client, "monthly_compliance_report")
        assert stored(ComplianceReportModel) == stored(NotificationModel) == 0

        outage.end()
        assert run_job(client, "monthly_compliance_report")["queued"] == 1
        assert run_job(client, "monthly_compliance_report")["already_queued"] == 1
        run_job(client, "send_notifications")
    assert len(mailbox.emails_to(OMBUDSMAN)) == 1


# --- the daily digest ----------------------------------------------------------------------------


def test_a_digest_morning_stopped_by_dynamodb_is_finished_by_the_next_hourly_run_each_admin_mailed_once(
        client, staff, mailbox, faults):
    with on("2026-11-23", 10):
        submit(client)
        submit(client, agency_id="dishub-tanjungpinang")
    outage = faults.inject("dynamodb", "PutItem", "ThrottlingException", table="outbox", let_through=1,
                           only_if=lambda params: params["Item"]["event_type"]["S"] == "daily_digest")

    with on("2026-11-24", 7):
        stopped = run_job(client, "daily_digest")
        assert (stopped["digests_queued"], stopped["aws_unavailable"]) == (1, True)
    outage.end()
    with on("2026-11-24", 8):
        assert run_job(client, "daily_digest")["digests_queued"] == 1
    with on("2026-11-24", 9):
        assert run_job(client, "daily_digest")["time_zones"] == []
        run_job(client, "send_notifications")
    for admin in ("admin.dpupr-tanjungpinang", "admin.dishub-tanjungpinang"):
        digests = [email for email in mailbox.emails_to(f"{admin}@aduan.test")
                   if "Ringkasan harian" in email["subject"]]
        assert len(digests) == 1, admin
