"""The sender and the sweep at volume: messages go out on several threads, each once, a busy
DynamoDB stops every thread and the next run sends the rest; what a run needs is read once; a
message being sent keeps its place in the pending index; sent rows expire, dead letters stay."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from botocore.client import BaseClient

from chalicelib import store
from chalicelib.config import get_settings
from chalicelib.domain.queues import utc_key
from chalicelib.services import delivery, sweep
from chalicelib.store import outbox
from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import DeliveryStatus
from tests.conftest import WIB, on, staff_email, submit
from devtools.expire_sent_notifications import give_sent_rows_an_expiry
from tests.functional.test_faults import faults  # noqa: F401 - the fixture

DAY = "2026-11-23"  # a Monday
START = datetime.fromisoformat(DAY).replace(hour=10, tzinfo=WIB)
REPORTS = 8


def send(seconds_after_start: float = 0) -> delivery.DeliveryResult:
    return delivery.send_notifications(now=START + timedelta(seconds=seconds_after_start))


def reporter(number: int) -> dict:
    return {"name": f"Warga {number}", "email": f"warga{number}@example.id", "phone": f"0812 0000 {number:04d}"}


def submit_many(client) -> list[str]:
    """Reports from different reporters: per report, the reporter's e-mail and SMS and the admin's e-mail."""
    with on(DAY, 10):
        return [submit(client, title=f"Jalan berlubang nomor {n}", reporter=reporter(n))["tracking_id"]
                for n in range(REPORTS)]


def rows_of(tracking_id: str) -> list[NotificationModel]:
    store.ready()
    return list(NotificationModel.scan(NotificationModel.tracking_id == tracking_id, consistent_read=True))


def assert_each_heard_once(mailbox) -> None:
    for number in range(REPORTS):
        assert len(mailbox.emails_to(f"warga{number}@example.id")) == 1, number
    assert Counter(sms["to"] for sms in mailbox.sms()) == {f"+628120000{n:04d}": 1 for n in range(REPORTS)}
    assert len(mailbox.emails_to(staff_email("pupr_admin"))) == REPORTS


class Calls:
    """DynamoDB requests by operation and table, while watching."""

    def __init__(self, monkeypatch) -> None:
        self.made: Counter[tuple[str, str]] = Counter()
        real_call = BaseClient._make_api_call

        def call(client, operation, params):
            if client.meta.service_model.service_name == "dynamodb":
                tables = params.get("RequestItems") or {params.get("TableName", ""): None}
                for table in tables:
                    self.made[(operation, table.rsplit("-", 1)[-1])] += 1
            return real_call(client, operation, params)

        monkeypatch.setattr(BaseClient, "_make_api_call", call)

    def of(self, operation: str, table: str) -> int:
        return self.made[(operation, table)]


# --- several threads, each message once ---------------------------------------------------------


def test_many_reports_messages_go_out_on_the_senders_threads_each_once(client, staff, mailbox, monkeypatch):
    monkeypatch.setenv("NOTIFY_SEND_CONCURRENCY", "4")
    get_settings.cache_clear()
    get_settings()  # read now: the test client applies the stage's own environment while it invokes
    submit_many(client)

    result = send(0)

    assert (result.sent, result.taken_by_others, result.stopped_early) == (3 * REPORTS, 0, False)
    assert send(1).sent == 0
    assert_each_heard_once(mailbox)


def test_a_busy_dynamodb_on_one_thread_stops_the_others_and_the_next_run_sends_the_rest_once(
        client, staff, mailbox, faults):  # noqa: F811 - the fixture
    submit_many(client)
    outage = faults.inject("dynamodb", "PutItem", "ThrottlingException", table="outbox", let_through=6,
                           only_if=lambda params: params["Item"]["status"]["S"] == "sending")

    stopped = send(0)
    assert stopped.aws_unavailable is True
    assert 0 < stopped.sent < 3 * REPORTS

    outage.end()
    resumed = send(1)
    assert (resumed.sent, resumed.unconfirmed) == (3 * REPORTS - stopped.sent, 0)
    assert_each_heard_once(mailbox)


def test_a_run_reads_each_report_once_and_each_agencys_admins_once(client, staff, mailbox, monkeypatch):
    tracking_ids = submit_many(client)
    calls = Calls(monkeypatch)

    assert send(0).sent == 3 * REPORTS

    assert calls.of("GetItem", "reports") == len(tracking_ids)  # 3 messages each
    assert calls.of("GetItem", "agencies") + calls.of("BatchGetItem", "agencies") <= len(outbox.pending_shards())
    assert calls.of("Query", "staff") == 1  # Dinas PUPR's admins, for every report
    assert calls.of("PutItem", "outbox") == 2 * 3 * REPORTS  # taken, then sent


def test_the_sweep_reads_the_due_reports_in_one_request_per_page(client, staff, monkeypatch):
    with on("2026-11-23", 10):  # verification due Thu 26 Nov
        for _ in range(5):
            submit(client)
    calls = Calls(monkeypatch)

    with on("2026-11-30", 10):
        assert sweep.sla_sweep().handled == {"breach": 5}

    assert calls.of("BatchGetItem", "reports") == 1
    assert calls.of("GetItem", "reports") == 0


# --- the pending index, the lease, and rows of the previous sender ------------------------------


class SenderCrash(BaseException):
    """The sender's process dies while SES has the message."""


def test_a_message_being_sent_keeps_its_place_in_the_pending_index_and_is_unconfirmed_after_its_lease(
        client, staff, mailbox, monkeypatch):
    with on(DAY, 10):
        tracking_id = submit(client, reporter={"name": "Siti", "email": "siti@example.id"})["tracking_id"]
    [queued] = [row for row in rows_of(tracking_id) if row.recipient == "reporter"]

    def crash(outgoing):
        if outgoing.addresses == ["siti@example.id"]:
            raise SenderCrash()
        return "message-id"

    monkeypatch.setattr(delivery, "_send", crash)
    with pytest.raises(SenderCrash):
        send(0)

    [taken] = [row for row in rows_of(tracking_id) if row.recipient == "reporter"]
    assert (taken.status, taken.pending_shard, taken.next_attempt_at) == (
        DeliveryStatus.SENDING, queued.pending_shard, queued.next_attempt_at)
    assert taken.lease_until == utc_key(START + timedelta(seconds=get_settings().notify_lease_seconds))
    assert send(299).unconfirmed == 0
    assert send(300).unconfirmed == 1


def test_a_message_the_previous_sender_took_is_understood_its_lease_in_the_next_attempt(client, staff, mailbox):
    """Rows a sender of the previous release took (before the lease had its own attribute) held
    the lease's end in ``next_attempt_at``: they count as being sent until then, unconfirmed after."""
    with on(DAY, 10):
        tracking_id = submit(client, reporter={"name": "Siti", "email": "siti@example.id"})["tracking_id"]
    [row] = [row for row in rows_of(tracking_id) if row.recipient == "reporter"]
    row.status, row.attempts = DeliveryStatus.SENDING, 1
    row.next_attempt_at = utc_key(START + timedelta(seconds=300))
    outbox.save(row)

    assert send(0).taken_by_others == 0  # not due before its lease ends: the index does not show it
    assert send(299).unconfirmed == 0
    assert send(300).unconfirmed == 1
    assert mailbox.emails_to("siti@example.id") == []


# --- sent rows expire, dead letters stay ---------------------------------------------------------


def test_a_sent_message_expires_after_the_retention_period_and_a_dead_letter_stays(
        client, staff, mailbox, monkeypatch):
    monkeypatch.setenv("NOTIFY_SENT_RETENTION_DAYS", "7")
    get_settings.cache_clear()
    get_settings()  # read now: the test client applies the stage's own environment while it invokes
    with on(DAY, 10):
        tracking_id = submit(client, agency_id="dinsos-tanjungpinang")["tracking_id"]  # no admins there
    send(0)

    rows = {row.recipient + "/" + row.channel: row for row in rows_of(tracking_id)}
    for sent in ("reporter/email", "reporter/sms"):
        assert rows[sent].status == DeliveryStatus.SENT
        assert rows[sent].expires_at == START.astimezone(timezone.utc) + timedelta(days=7)
    letter = rows["agency_admins/email"]
    assert (letter.status, letter.expires_at) == (DeliveryStatus.UNDELIVERABLE, None)


def test_rows_sent_before_expiries_existed_get_one_from_the_one_off_script_once(client, staff, mailbox):
    with on(DAY, 10):
        sent_earlier = submit(client, agency_id="dinsos-tanjungpinang")["tracking_id"]  # no admins there
    send(0)
    for row in rows_of(sent_earlier):
        if row.status == DeliveryStatus.SENT:  # as the previous release left them: no expiry
            row.update(actions=[NotificationModel.expires_at.remove()])
    with on(DAY, 11):
        still_pending = submit(client)["tracking_id"]

    first, again = give_sent_rows_an_expiry(), give_sent_rows_an_expiry()

    assert (first.given_expiry, again.given_expiry) == (2, 0)  # the reporter's e-mail and SMS
    retention = timedelta(days=get_settings().notify_sent_retention_days)
    for row in rows_of(sent_earlier):
        expected = START.astimezone(timezone.utc) + retention if row.status == DeliveryStatus.SENT else None
        assert row.expires_at == expected, (row.recipient, row.status)
    assert {(row.status, row.expires_at) for row in rows_of(still_pending)} == {(DeliveryStatus.PENDING, None)}
