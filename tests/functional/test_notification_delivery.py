"""Notifications reach the people they are for, once: the reporter by e-mail and SMS, the
right staff by e-mail. Failures are retried with backoff, and what could not be delivered
is shown to admins, who may send it again. A sender that crashes or runs twice at once
never sends a message twice."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, store
from chalicelib.services import delivery
from chalicelib.store import outbox, reports
from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import DeliveryStatus
from tests.conftest import WIB, create_staff_account, on, run_job, staff_email, submit

REPORTER_NAME = "Siti Rahmawati"
REPORTER_EMAIL = "siti@example.id"
REPORTER_PHONE = "+6281234567890"
EMAIL_ONLY_REPORTER = {"name": REPORTER_NAME, "email": REPORTER_EMAIL}
DAY = "2026-11-23"  # a Monday
START = datetime.fromisoformat(DAY).replace(hour=10, tzinfo=WIB)  # what on(DAY, 10) freezes


def send(seconds_after_start: float = 0) -> delivery.DeliveryResult:
    return delivery.send_notifications(now=START + timedelta(seconds=seconds_after_start))


def reporter_sms(mailbox) -> list[dict]:
    return [sms for sms in mailbox.sms() if sms["to"] == REPORTER_PHONE]


def every_text(mailbox) -> list[str]:
    return ([email["subject"] + "\n" + email["body"] for email in mailbox.emails()]
            + [sms["body"] for sms in mailbox.sms()])


def staff_recipients(emails: list[dict]) -> set[str]:
    return {address for email in emails for address in email["to"]} - {REPORTER_EMAIL}


def run_sender_and_collect(client, mailbox) -> tuple[list[dict], list[dict]]:
    """Run the scheduled sender; the e-mails and SMS that run sent (all of them, in order)."""
    emails_before, sms_before = len(mailbox.emails()), len(mailbox.sms())
    run_job(client, "send_notifications")
    return mailbox.emails()[emails_before:], mailbox.sms()[sms_before:]


def outbox_rows(tracking_id: str) -> list[NotificationModel]:
    store.ready()
    return list(NotificationModel.scan(NotificationModel.tracking_id == tracking_id, consistent_read=True))


def outbox_row(tracking_id: str, recipient: str, channel: str = "email") -> NotificationModel:
    [row] = [row for row in outbox_rows(tracking_id) if row.recipient == recipient and row.channel == channel]
    return row


def dead_letters(staff, name: str) -> list[dict]:
    response = staff.get(name, "/admin/notifications")
    assert response.status_code == 200, response.json
    return response.json["items"]


def dead_letter(staff, name: str, tracking_id: str, recipient: str, channel: str = "email") -> dict:
    [letter] = [item for item in dead_letters(staff, name) if item["tracking_id"] == tracking_id
                and item["recipient"] == recipient and item["channel"] == channel]
    return letter


def retry(staff, name: str, notification_id: str):
    return staff.post(name, f"/admin/notifications/{notification_id}/retry")


def _addresses_of(request: dict) -> list[str]:
    if "PhoneNumber" in request:
        return [request["PhoneNumber"]]
    return [address for group in request["Destination"].values() for address in group]


class Refusals:
    """SES or SNS refusing messages to one address (the first ``times`` of them, or all) with
    an error naming the address, as the providers do; other messages go through."""

    def __init__(self, monkeypatch, service: str, *, to: str, code: str, times: int | None = None):
        client, method, self.operation = ((aws.ses(), "send_email", "SendEmail") if service == "ses"
                                          else (aws.sns(), "publish", "Publish"))
        self.real = getattr(client, method)
        self.to, self.code, self.times = to, code, times
        self.attempts = 0
        self.active = True
        monkeypatch.setattr(client, method, self._call)

    def stop(self) -> None:
        self.active = False

    def _call(self, **request):
        if self.to in _addresses_of(request):
            self.attempts += 1
            if self.active and (self.times is None or self.attempts <= self.times):
                error = {"Code": self.code, "Message": f"Request refused for {self.to}"}
                raise ClientError({"Error": error}, self.operation)
        return self.real(**request)


# --- the reporter and the staff hear of what happens ---------------------------------------


def test_the_reporter_hears_of_each_step_once_by_email_and_sms(client, staff, mailbox):
    with on(DAY, 8):
        receipt = submit(client)
        tracking_id, token = receipt["tracking_id"], receipt["access_token"]
        heard = [run_sender_and_collect(client, mailbox)]

    steps = [
        ("pupr_admin", "verify", {"agency_id": "dpupr-tanjungpinang"}),
        ("pupr_admin", "transfer", {"agency_id": "dishub-tanjungpinang", "reason": "Rambu lalu lintas."}),
        ("dishub_admin", "start", {}),
        ("dishub_admin", "respond", {"message": "Lubang sudah ditambal."}),
        ("dishub_admin", "close", {}),
    ]
    for hour, (name, action, body) in enumerate(steps, start=9):
        with on(DAY, hour):
            staff.sign_out_all()
            done = staff.act(name, tracking_id, action, body)
            assert done.status_code == 200, done.json
            heard.append(run_sender_and_collect(client, mailbox))

    to_reporter = [([e for e in emails if REPORTER_EMAIL in e["to"]],
                    [s for s in sms if s["to"] == REPORTER_PHONE]) for emails, sms in heard]
    news_by_step = [[email["subject"] for email in emails] for emails, _ in to_reporter]
    assert news_by_step == [
        [f"[Aduan {tracking_id}] Laporan Anda telah diterima"],
        [f"[Aduan {tracking_id}] Laporan Anda telah diverifikasi"],
        [f"[Aduan {tracking_id}] Laporan Anda dialihkan"],
        [],  # starting work is not news for the reporter
        [f"[Aduan {tracking_id}] Laporan Anda telah ditindaklanjuti"],
        [f"[Aduan {tracking_id}] Laporan Anda telah selesai"],
    ]
    assert [len(sms) for _, sms in to_reporter] == [1, 1, 1, 0, 1, 1]
    assert all(email["to"] == [REPORTER_EMAIL] for email in mailbox.emails_to(REPORTER_EMAIL))

    for email in mailbox.emails_to(REPORTER_EMAIL):
        body = email["body"]
        indonesian, english = body.split("--- English ---")
        assert f"Nomor pelacakan: {tracking_id}" in indonesian and "Tracking id" not in indonesian
        assert f"Tracking id: {tracking_id}" in english and "Nomor pelacakan" not in english
        assert f"https://aduan.test/track/{tracking_id}" in body
    for sms in reporter_sms(mailbox):
        assert len(sms["body"]) <= 160
        assert sms["body"].startswith(f"Aduan {tracking_id}: ")

    assert all(REPORTER_NAME not in text for text in every_text(mailbox))
    # The access code travels once, in the body of the e-mailed receipt; never in an SMS or a subject.
    receipt_email = mailbox.emails_to(REPORTER_EMAIL)[0]
    assert [text for text in every_text(mailbox) if token in text] == [
        receipt_email["subject"] + "\n" + receipt_email["body"]]
    assert token not in receipt_email["subject"]


def test_staff_emails_go_to_the_admins_of_the_agency_holding_the_report(client, staff, mailbox):
    with on(DAY, 9):
        tracking_id = submit(client)["tracking_id"]
        new_report_emails, _ = run_sender_and_collect(client, mailbox)
        assert staff_recipients(new_report_emails) == {staff_email("pupr_admin")}
        assert staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"}).status_code == 200
        run_sender_and_collect(client, mailbox)

    with on(DAY, 10):
        staff.sign_out_all()
        transferred = staff.act("pupr_admin", tracking_id, "transfer",
                                {"agency_id": "dishub-tanjungpinang", "reason": "Rambu lalu lintas."})
        assert transferred.status_code == 200, transferred.json
        transfer_emails, _ = run_sender_and_collect(client, mailbox)
        assert staff_recipients(transfer_emails) == {staff_email("dishub_admin")}
        [to_dishub] = [email for email in transfer_emails if staff_email("dishub_admin") in email["to"]]
        assert to_dishub["subject"] == f"[Aduan {tracking_id}] Laporan dialihkan ke instansi Anda"


def test_staff_emails_about_an_anonymous_report_do_not_reveal_the_reporter(client, staff, mailbox):
    with on(DAY, 10):
        tracking_id = submit(client, privacy="anonymous")["tracking_id"]
        emails, _ = run_sender_and_collect(client, mailbox)

    to_staff = [email for email in emails if REPORTER_EMAIL not in email["to"]]
    assert [email["to"] for email in to_staff] == [[staff_email("pupr_admin")]]
    text = to_staff[0]["subject"] + to_staff[0]["body"]
    assert tracking_id in text
    for identity in (REPORTER_NAME, "Siti", REPORTER_EMAIL, REPORTER_PHONE, "0812 3456 7890", "81234567890"):
        assert identity not in text
    assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1  # the reporter still hears of it


def test_a_reporter_without_contact_details_is_sent_nothing_and_nothing_fails(client, staff, mailbox):
    with on(DAY, 10):
        name_only = submit(client, reporter={"name": "X"})["tracking_id"]
        nobody = submit(client, reporter=None)["tracking_id"]
        result = run_job(client, "send_notifications")

        assert result["sent"] == 2  # the agency admin's e-mail about each report, nothing else
        assert result["failed"] == result["undeliverable"] == result["retrying"] == 0
        assert mailbox.sms() == []
        assert [email["to"] for email in mailbox.emails()] == [[staff_email("pupr_admin")]] * 2
        assert {row.recipient for tid in (name_only, nobody) for row in outbox_rows(tid)} == {"agency_admins"}
        assert dead_letters(staff, "national") == []


def test_running_the_sender_again_with_nothing_new_sends_nothing(client, staff, mailbox):
    with on(DAY, 10):
        submit(client)
        first = run_job(client, "send_notifications")
        assert first["sent"] == 3  # the reporter's e-mail and SMS, the agency admin's e-mail
        sent = (len(mailbox.emails()), len(mailbox.sms()))

    with on(DAY, 11):
        again = run_job(client, "send_notifications")
        assert again["sent"] == 0
        assert (len(mailbox.emails()), len(mailbox.sms())) == sent


# --- failures: retried with backoff, then dead letters admins can see and send again -------


def test_a_throttled_email_is_retried_with_backoff_and_delivered_once(client, staff, mailbox, monkeypatch):
    throttling = Refusals(monkeypatch, "ses", to=REPORTER_EMAIL, code="Throttling", times=2)
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]

    send(0)
    assert throttling.attempts == 1
    assert mailbox.emails_to(REPORTER_EMAIL) == []
    row = outbox_row(tracking_id, "reporter")
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)

    assert send(59).sent == 0  # the first retry waits 60 s
    assert throttling.attempts == 1

    send(60)
    assert throttling.attempts == 2
    assert mailbox.emails_to(REPORTER_EMAIL) == []

    assert send(60 + 119).sent == 0  # the second retry waits twice as long
    assert throttling.attempts == 2

    assert send(60 + 120).sent == 1
    assert send(3600).sent == 0
    assert throttling.attempts == 3
    assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1
    assert outbox_row(tracking_id, "reporter").status == DeliveryStatus.SENT


def test_an_email_that_keeps_failing_becomes_a_dead_letter_after_five_attempts(client, staff, mailbox,
                                                                               monkeypatch):
    throttling = Refusals(monkeypatch, "ses", to=REPORTER_EMAIL, code="Throttling")
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        for attempt in range(5):
            send(attempt * 1000)  # well past each backoff
        send(100_000)
        assert throttling.attempts == 5
        assert mailbox.emails_to(REPORTER_EMAIL) == []

        letter = dead_letter(staff, "national", tracking_id, "reporter")
        assert (letter["status"], letter["attempts"]) == ("failed", 5)
        assert "Throttling" in letter["last_error"]
        assert REPORTER_EMAIL not in letter["last_error"]

        assert dead_letter(staff, "pupr_admin", tracking_id, "reporter")["notification_id"] == \
            letter["notification_id"]
        assert dead_letters(staff, "dishub_admin") == []
        for name in ("binamarga_officer", "oversight"):
            assert staff.get(name, "/admin/notifications").status_code == 403


def test_a_message_the_provider_refuses_for_good_is_a_dead_letter_at_once(client, staff, mailbox, monkeypatch):
    rejected = Refusals(monkeypatch, "ses", to=REPORTER_EMAIL, code="MessageRejected")
    invalid_phone = Refusals(monkeypatch, "sns", to=REPORTER_PHONE, code="InvalidParameter")
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        result = send(0)
        assert (result.failed, result.retrying) == (2, 0)
        send(100_000)
        assert (rejected.attempts, invalid_phone.attempts) == (1, 1)

        email = dead_letter(staff, "national", tracking_id, "reporter", "email")
        sms = dead_letter(staff, "national", tracking_id, "reporter", "sms")
        assert (email["status"], email["attempts"]) == (sms["status"], sms["attempts"]) == ("failed", 1)
        assert "MessageRejected" in email["last_error"] and REPORTER_EMAIL not in email["last_error"]
        assert "InvalidParameter" in sms["last_error"] and "81234567890" not in sms["last_error"]


def test_an_admin_sends_a_dead_letter_again_and_it_is_delivered_once(client, staff, mailbox, monkeypatch):
    rejected = Refusals(monkeypatch, "ses", to=REPORTER_EMAIL, code="MessageRejected")
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        send(0)
        letter_id = dead_letter(staff, "national", tracking_id, "reporter")["notification_id"]
        assert retry(staff, "dishub_admin", letter_id).status_code == 403  # another agency's
        assert retry(staff, "pupr_admin", f"{tracking_id}.0000000000000000").status_code == 404
        rejected.stop()  # the address was fixed

        retried = retry(staff, "pupr_admin", letter_id)
        assert retried.status_code == 200, retried.json
        assert retried.json["status"] == "pending"
        assert retry(staff, "pupr_admin", letter_id).status_code == 409  # already pending

        assert send(1).sent == 1
        assert send(2).sent == 0
        assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1
        assert dead_letters(staff, "national") == []
        assert retry(staff, "national", letter_id).status_code == 409  # sent
        sent_to_admin = outbox_row(tracking_id, "agency_admins")
        assert retry(staff, "national", sent_to_admin.notification_id).status_code == 409


def test_a_report_to_an_agency_without_admins_shows_its_message_as_undeliverable(client, staff, mailbox):
    with on(DAY, 10):
        tracking_id = submit(client, agency_id="dinsos-tanjungpinang")["tracking_id"]
        result = run_job(client, "send_notifications")

        assert result["undeliverable"] == 1
        letter = dead_letter(staff, "national", tracking_id, "agency_admins")
        assert (letter["status"], letter["agency_id"]) == ("undeliverable", "dinsos-tanjungpinang")
        assert len(mailbox.emails_to(REPORTER_EMAIL)) == 1  # the reporter's receipt went out
        assert staff_recipients(mailbox.emails()) == set()


# --- no message twice: a crashed sender, two senders at once -------------------------------


class SenderCrash(BaseException):
    """The sender's process dies (a Lambda timeout, an out-of-memory kill)."""


def crash_when_recording_the_first_sent_message(monkeypatch) -> list[str]:
    """The sender dies after handing a message to SES, before recording it; returns its id."""
    crashed: list[str] = []
    real_save = outbox.save

    def save(row: NotificationModel) -> None:
        if row.status == DeliveryStatus.SENT and not crashed:
            crashed.append(row.notification_id)
            raise SenderCrash()
        real_save(row)

    monkeypatch.setattr(outbox, "save", save)
    return crashed


def test_a_message_whose_sender_crashed_is_never_sent_again_but_shown_as_unconfirmed(client, staff, mailbox,
                                                                                     monkeypatch):
    with on(DAY, 10):
        tracking_id = submit(client, reporter=EMAIL_ONLY_REPORTER)["tracking_id"]
        assert len(outbox_rows(tracking_id)) == 2  # the reporter's receipt, the agency admin's e-mail
        crashed = crash_when_recording_the_first_sent_message(monkeypatch)
        with pytest.raises(SenderCrash):
            send(0)
        assert len(mailbox.emails()) == 1

        assert send(1).sent == 1  # the other message
        assert send(299).sent == 0  # the crashed one is still leased
        assert send(300).unconfirmed == 1
        for later in (301, 10_000, 100_000):
            assert send(later).sent == 0

        for address in (REPORTER_EMAIL, staff_email("pupr_admin")):
            assert len(mailbox.emails_to(address)) == 1
        [unconfirmed] = dead_letters(staff, "national")
        assert (unconfirmed["notification_id"], unconfirmed["status"]) == (crashed[0], "unconfirmed")


def hold_senders_together(monkeypatch, senders: int) -> list[tuple]:
    """Make concurrent senders read each outbox shard at the same moment, so they race for
    the same messages. Returns what went to SES and SNS."""
    handed_over: list[tuple] = []
    shard_read = threading.Barrier(senders, timeout=30)
    real_due = outbox.due
    ses, sns = aws.ses(), aws.sns()
    real_send_email, real_publish = ses.send_email, sns.publish

    def due(shard, until_key):
        rows = list(real_due(shard, until_key))
        shard_read.wait()
        return iter(rows)

    def send_email(**request):
        handed_over.append((tuple(_addresses_of(request)), request["Message"]["Subject"]["Data"]))
        return real_send_email(**request)

    def publish(**request):
        handed_over.append(((request["PhoneNumber"],), request["Message"]))
        return real_publish(**request)

    monkeypatch.setattr(outbox, "due", due)
    monkeypatch.setattr(ses, "send_email", send_email)
    monkeypatch.setattr(sns, "publish", publish)
    return handed_over


def test_two_senders_running_at_once_send_each_message_once(client, staff, mailbox, monkeypatch):
    with on(DAY, 10):
        tracking_ids = [submit(client, title=f"Jalan berlubang nomor {n}")["tracking_id"] for n in range(3)]
        handed_over = hold_senders_together(monkeypatch, senders=2)
        results: list[delivery.DeliveryResult] = []
        errors: list[BaseException] = []

        def sender() -> None:
            try:
                results.append(send(0))
            except BaseException as error:  # noqa: BLE001 - reported by the test thread below
                errors.append(error)

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    messages = 3 * len(tracking_ids)  # per report: the reporter's e-mail and SMS, the admin's e-mail
    assert sum(result.sent for result in results) == messages
    # Both read every row before either took one: each message was contested, and lost once.
    assert sum(result.taken_by_others for result in results) == messages
    assert len(handed_over) == messages
    assert max(Counter(handed_over).values()) == 1
    assert len(mailbox.emails()) + len(mailbox.sms()) == messages
    assert {row.status for tid in tracking_ids for row in outbox_rows(tid)} == {DeliveryStatus.SENT}


# --- messages go where people work: staff to the console, never about their own action,
# --- SMS only to mobile numbers ----------------------------------------------------------

LANDLINE = "(0771) 21234"  # Tanjungpinang
COLLEAGUE = "admin2.dpupr-tanjungpinang"  # a second admin of Dinas PUPR


def console_link(tracking_id: str) -> str:
    return f"https://aduan.test/console#/reports/{tracking_id}"


def tracking_link(tracking_id: str) -> str:
    return f"https://aduan.test/track/{tracking_id}"


def verify_at_pupr(staff, tracking_id: str):
    """Dinas PUPR's admin verifies the report for Dinas PUPR."""
    return staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})


def test_staff_emails_open_the_case_in_the_console_and_the_reporters_the_tracking_page(client, staff,
                                                                                        mailbox):
    with on(DAY, 9):
        tracking_id = submit(client)["tracking_id"]
        run_job(client, "send_notifications")
        verified = staff.act("national", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang",
                                                                 "unit_id": "dpupr-tanjungpinang.bina-marga"})
        assert verified.status_code == 200, verified.json
        run_job(client, "send_notifications")

    new_report, routed = mailbox.emails_to(staff_email("pupr_admin"))
    [assigned] = mailbox.emails_to(staff_email("binamarga_officer"))
    assert assigned["subject"] == f"[Aduan {tracking_id}] Laporan ditugaskan ke unit Anda"
    for email in (new_report, routed, assigned):
        indonesian, english = email["body"].split("--- English ---")
        assert f"Buka di konsol: {console_link(tracking_id)}\n" in indonesian
        assert f"Open it in the console: {console_link(tracking_id)}\n" in english
        assert "/track/" not in email["body"]
    for email in mailbox.emails_to(REPORTER_EMAIL):
        assert f"Lihat laporan: {tracking_link(tracking_id)}\n" in email["body"]
        assert "/console" not in email["body"]


def test_the_admin_who_acted_is_not_emailed_about_it_but_a_colleague_is(client, staff, mailbox):
    create_staff_account(COLLEAGUE, "agency_admin", "dpupr-tanjungpinang", None)
    with on(DAY, 9):
        tracking_id = submit(client)["tracking_id"]
        new_report, _ = run_sender_and_collect(client, mailbox)
        # Nobody acted on a citizen's report yet: both admins hear of it, in one e-mail.
        assert [email["to"] for email in new_report if REPORTER_EMAIL not in email["to"]] == [
            sorted([staff_email("pupr_admin"), f"{COLLEAGUE}@aduan.test"])]

        assert verify_at_pupr(staff, tracking_id).status_code == 200
        routed, _ = run_sender_and_collect(client, mailbox)

    [to_staff] = [email for email in routed if REPORTER_EMAIL not in email["to"]]
    assert to_staff["subject"] == f"[Aduan {tracking_id}] Laporan baru didisposisikan ke instansi Anda"
    assert to_staff["to"] == [f"{COLLEAGUE}@aduan.test"]
    rows = [row for row in outbox_rows(tracking_id) if row.event_type == "verified"]
    assert {(row.recipient, row.acted_by) for row in rows} == {("reporter", "admin.dpupr-tanjungpinang"),
                                                              ("agency_admins", "admin.dpupr-tanjungpinang")}


def test_when_only_the_admin_who_acted_would_hear_the_message_is_finished_unsent_not_failed(client, staff,
                                                                                             mailbox):
    with on(DAY, 9):
        tracking_id = submit(client)["tracking_id"]
        run_job(client, "send_notifications")
        assert verify_at_pupr(staff, tracking_id).status_code == 200
        emails_before = len(mailbox.emails_to(staff_email("pupr_admin")))
        result = run_job(client, "send_notifications")

        assert (result["sent"], result["skipped"]) == (2, 1)  # the reporter's e-mail and SMS; not the admin's
        assert result["failed"] == result["undeliverable"] == result["retrying"] == 0
        assert len(mailbox.emails_to(staff_email("pupr_admin"))) == emails_before
        [row] = [row for row in outbox_rows(tracking_id)
                 if row.event_type == "verified" and row.recipient == "agency_admins"]
        assert (row.status, row.skipped_because) == ("skipped", "only the person who acted would hear of it")
        assert row.pending_shard is None and row.failed_shard is None and row.expires_at is not None
        assert dead_letters(staff, "national") == []
        assert run_job(client, "send_notifications")["skipped"] == 0  # finished: never looked at again


def test_an_admin_recording_a_walk_in_for_their_agency_is_not_told_of_it(client, staff, mailbox):
    create_staff_account(COLLEAGUE, "agency_admin", "dpupr-tanjungpinang", None)
    with on(DAY, 10):
        recorded = staff.post("pupr_admin", "/admin/reports", {
            "kind": "complaint", "title": "Jalan berlubang di Jalan Ganet",
            "description": "Warga datang langsung melaporkan lubang besar dekat simpang Batu 8.",
            "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "channel": "walk_in",
            "received_at": "2026-11-23T09:30:00+07:00"})
        assert recorded.status_code == 201, recorded.json
        emails, _ = run_sender_and_collect(client, mailbox)

    assert [email["to"] for email in emails] == [[f"{COLLEAGUE}@aduan.test"]]


def test_a_landline_reporter_gets_no_sms_while_a_mobile_one_does(client, staff, mailbox):
    with on(DAY, 10):
        mobile = submit(client)
        landline = submit(client, title="Jalan berlubang di Jalan Pramuka",
                          reporter={"email": "budi@example.id", "phone": LANDLINE})
        landline_only = submit(client, title="Jalan berlubang di Jalan Sultan",
                               reporter={"phone": "021-5551234"})
        result = run_job(client, "send_notifications")

    assert [sms["to"] for sms in mailbox.sms()] == [REPORTER_PHONE]
    assert len(mailbox.emails_to("budi@example.id")) == 1  # the landline reporter still hears by e-mail
    assert result["failed"] == result["undeliverable"] == result["skipped"] == 0
    # No SMS row is ever queued for a landline.
    to_landline_reporter = [row for row in outbox_rows(landline["tracking_id"]) if row.recipient == "reporter"]
    assert [row.channel for row in to_landline_reporter] == ["email"]
    assert [row.recipient for row in outbox_rows(landline_only["tracking_id"])] == ["agency_admins"]
    # The receipt says so, and why.
    assert mobile["notifications"] == {"email": True, "sms": True, "notice": None}
    assert landline["notifications"]["email"] is True and landline["notifications"]["sms"] is False
    assert "bukan nomor ponsel" in landline["notifications"]["notice"]["id"]
    assert "e-mail only" in landline["notifications"]["notice"]["en"]
    assert landline_only["notifications"]["sms"] is False
    assert "tracking page" in landline_only["notifications"]["notice"]["en"]


def test_an_sms_queued_for_a_landline_before_the_rule_is_not_sent(client, staff, mailbox):
    """Rows queued before landlines were left out: the sender checks the number again."""
    from chalicelib.services.changes import outbox_row as queued

    with on(DAY, 10):
        tracking_id = submit(client, reporter={"phone": LANDLINE})["tracking_id"]
        store.ready()
        assert outbox.insert(queued(f"{tracking_id}.old", "submitted", "reporter", "sms", START,
                                    tracking_id=tracking_id, agency_id="dpupr-tanjungpinang"))
        result = run_job(client, "send_notifications")

    assert mailbox.sms() == []
    assert (result["skipped"], result["failed"], result["undeliverable"]) == (1, 0, 0)
    row = outbox.get(f"{tracking_id}.old")
    assert (row.status, row.skipped_because) == ("skipped", "the reporter's number is not a mobile number")


def test_a_number_stored_as_written_goes_to_sns_in_e164(client, staff, mailbox):
    """Reports stored before numbers were normalised at intake still reach SNS as +62…"""
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        store.ready()
        report = reports.get_report(tracking_id)
        report.reporter.phone = "0812-3456-7890"
        report.save()
        run_job(client, "send_notifications")

    assert [sms["to"] for sms in mailbox.sms()] == [REPORTER_PHONE]


def test_a_follower_with_a_landline_hears_of_the_original_by_email_only(client, staff, mailbox):
    with on(DAY, 9):
        original = submit(client)["tracking_id"]
        follower = submit(client, title="Lubang di Jalan Ganet dekat Batu 8",
                          reporter={"email": "budi@example.id", "phone": LANDLINE})["tracking_id"]
        assert staff.act("pupr_admin", follower, "duplicate", {"of": original}).status_code == 200
        run_job(client, "send_notifications")
        sms_before = len(mailbox.sms())

        assert verify_at_pupr(staff, original).status_code == 200
        run_job(client, "send_notifications")  # expands the followers' row
        run_job(client, "send_notifications")  # sends what it queued

    assert [sms["to"] for sms in mailbox.sms()[sms_before:]] == [REPORTER_PHONE]  # the original's reporter
    assert [email["subject"] for email in mailbox.emails_to("budi@example.id")][-1] == \
        f"[Aduan {follower}] Laporan Anda telah diverifikasi"
    assert {row.channel for row in outbox_rows(follower) if row.event_type == "verified"} == {"email"}
