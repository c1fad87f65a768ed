"""The reporter's access code (issue 18 §7): a short code people can write down, typed any way they
write it, a long token of an older report still working, the same code for an idempotent replay; the
receipt e-mailed with the code, which leaves the outbox once sent; the QR code printed on the receipt
holds the tracking URL and nothing else."""
from __future__ import annotations

import json
import re
import secrets

from botocore.exceptions import ClientError

from chalicelib import aws, store
from chalicelib.domain import tracking
from chalicelib.domain.tracking import ALPHABET
from chalicelib.store.models import IdempotencyRecordModel, NotificationModel, ReportModel
from tests.conftest import run_job

ACCESS_CODE = re.compile(f"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}")
REPORTER_EMAIL = "siti@example.id"
REPORTER_PHONE = "+6281234567890"
REPORT = {"kind": "aspiration", "title": "Tambah lampu jalan", "region_code": "21.72",
          "description": "Mohon tambah lampu di Jalan Ganet yang gelap.",
          "reporter": {"email": REPORTER_EMAIL, "phone": "0812 3456 7890"}}


def bearer(code: str) -> dict:
    return {"Authorization": f"Bearer {code}"}


def typed_forms(code: str) -> list[str]:
    """How people copy a code from paper or a phone: as printed, in lower case, run together, with spaces."""
    return [code, code.lower(), code.replace("-", ""), code.replace("-", " "), f"  {code.lower().replace('-', ' - ')} "]


def outbox_rows(tracking_id: str) -> list[NotificationModel]:
    store.ready()
    return list(NotificationModel.scan(NotificationModel.tracking_id == tracking_id, consistent_read=True))


def receipt_row(tracking_id: str) -> NotificationModel:
    [row] = [row for row in outbox_rows(tracking_id) if row.recipient == "reporter" and row.channel == "email"]
    return row


# --- the code ---------------------------------------------------------------------------------


def test_a_new_report_gets_a_grouped_sixteen_symbol_code_that_opens_it_however_it_is_typed(client):
    receipt = client.post("/reports", REPORT).json
    code, tracking_id = receipt["access_token"], receipt["tracking_id"]

    assert ACCESS_CODE.fullmatch(code), code
    for typed in typed_forms(code):
        view = client.get(f"/reports/{tracking_id}", headers=bearer(typed))
        assert (view.status_code, view.json["view"]) == (200, "reporter"), typed
    attached = client.post(f"/reports/{tracking_id}/attachments",
                           {"filename": "lampu.jpg", "content_type": "image/jpeg", "size": 2048},
                           headers=bearer(code.lower().replace("-", " ")))
    assert attached.status_code == 201, attached.json


def test_a_code_wrong_by_one_symbol_short_of_one_or_of_another_report_opens_nothing(client):
    mine, theirs = client.post("/reports", REPORT).json, client.post("/reports", REPORT).json
    code = mine["access_token"]
    one_off = code[:-1] + ("2" if code[-1] != "2" else "3")

    for wrong in (one_off, code[:-1], code[:-1] + "0", theirs["access_token"]):
        refused = client.get(f"/reports/{mine['tracking_id']}", headers=bearer(wrong))
        assert (refused.status_code, refused.json["error"]["code"]) == (401, "unauthorized"), wrong


def test_only_a_hash_salted_with_the_tracking_id_is_stored(client):
    receipt = client.post("/reports", REPORT).json
    code, tracking_id = receipt["access_token"], receipt["tracking_id"]

    stored = ReportModel.get(tracking_id, consistent_read=True)
    text = json.dumps(stored.serialize(), default=str)
    assert code not in text and code.replace("-", "") not in text
    assert stored.access_token_hash == tracking.hash_secret(f"{tracking_id}\n{code.replace('-', '')}")


def test_a_report_filed_before_access_codes_still_opens_with_its_long_token(client):
    receipt = client.post("/reports", REPORT).json
    tracking_id = receipt["tracking_id"]
    long_token = secrets.token_urlsafe(32)
    report = ReportModel.get(tracking_id, consistent_read=True)
    report.update(actions=[ReportModel.access_token_hash.set(tracking.hash_secret(long_token))])

    opened = client.get(f"/reports/{tracking_id}", headers=bearer(long_token))
    assert (opened.status_code, opened.json["view"]) == (200, "reporter")
    feedback = client.post(f"/reports/{tracking_id}/feedback", {"resolved": True}, headers=bearer(long_token))
    assert feedback.status_code == 409  # past the token: there is no answer to rate yet
    for wrong in (long_token.upper() if long_token.upper() != long_token else long_token + "x",
                  long_token[:-1], receipt["access_token"]):
        assert client.get(f"/reports/{tracking_id}", headers=bearer(wrong)).status_code == 401


def test_an_idempotent_replay_returns_the_same_code(client):
    headers = {"Idempotency-Key": "mobile-app:7c1d-retry"}
    first = client.post("/reports", REPORT, headers=headers).json
    replayed = client.post("/reports", REPORT, headers=headers)

    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.json["access_token"] == first["access_token"]
    assert ACCESS_CODE.fullmatch(first["access_token"])
    assert client.get(f"/reports/{first['tracking_id']}",
                      headers=bearer(replayed.json["access_token"].lower())).status_code == 200


def test_a_replay_of_a_request_stored_before_codes_returns_the_long_token_that_opens_its_report(client):
    key = "mobile-app:old-0001"
    first = client.post("/reports", REPORT, headers={"Idempotency-Key": key}).json
    # As stored before access codes: the record without its code form, the report with the token's hash.
    [record] = IdempotencyRecordModel.scan()
    record.code_form = None
    record.save()
    long_token = tracking.legacy_access_token_for_idempotent_request(key, record.token_nonce)
    ReportModel.get(first["tracking_id"]).update(
        actions=[ReportModel.access_token_hash.set(tracking.hash_secret(long_token))])

    replayed = client.post("/reports", REPORT, headers={"Idempotency-Key": key}).json

    assert replayed["tracking_id"] == first["tracking_id"] and replayed["access_token"] == long_token
    assert client.get(f"/reports/{first['tracking_id']}", headers=bearer(long_token)).status_code == 200


def test_an_officer_recorded_report_gets_a_code_the_citizen_opens_it_with(client, staff):
    recorded = staff.post("pupr_admin", "/admin/reports", {
        **REPORT, "channel": "walk_in", "received_at": "2026-12-01T09:00:00+07:00"})

    assert recorded.status_code == 201, recorded.json
    code = recorded.json["access_token"]
    assert ACCESS_CODE.fullmatch(code)
    assert client.get(f"/reports/{recorded.json['tracking_id']}", headers=bearer(code.lower())).status_code == 200


# --- the receipt by e-mail ---------------------------------------------------------------------


def test_the_receipt_email_is_the_one_acknowledgement_and_holds_the_id_the_code_and_the_link(client, mailbox,
                                                                                             app_logs):
    receipt = client.post("/reports", REPORT).json
    tracking_id, code = receipt["tracking_id"], receipt["access_token"]
    pending = receipt_row(tracking_id)
    assert pending.sealed_access_code
    assert all(code not in json.dumps(row.serialize(), default=str) for row in outbox_rows(tracking_id))

    run_job(client, "send_notifications")

    [email] = mailbox.emails_to(REPORTER_EMAIL)  # one message: the acknowledgement is the receipt
    assert email["subject"] == f"[Aduan {tracking_id}] Laporan Anda telah diterima"
    indonesian, english = email["body"].split("--- English ---")
    assert f"Nomor pelacakan: {tracking_id}" in indonesian and f"Kode akses: {code}" in indonesian
    assert f"Tracking id: {tracking_id}" in english and f"Access code: {code}" in english
    assert f"https://aduan.test/track/{tracking_id}" in indonesian and "Jangan berikan" in indonesian
    assert code not in email["subject"]
    [sms] = [sms for sms in mailbox.sms() if sms["to"] == REPORTER_PHONE]
    assert code not in sms["body"]
    # Once sent, the row keeps no trace of the code; the logs never had one.
    sent = receipt_row(tracking_id)
    assert sent.status == "sent" and sent.sealed_access_code is None
    assert code not in app_logs.getvalue()


def test_a_report_without_an_email_address_has_no_code_in_its_outbox(client, mailbox):
    receipt = client.post("/reports", {**REPORT, "reporter": {"phone": "0812 3456 7890"}}).json

    assert all(row.sealed_access_code is None for row in outbox_rows(receipt["tracking_id"]))
    run_job(client, "send_notifications")
    assert receipt["access_token"] not in json.dumps(mailbox.sms())


def test_a_receipt_email_given_up_keeps_no_code_and_sent_again_goes_without_it(client, staff, mailbox,
                                                                               monkeypatch):
    ses = aws.ses()
    real_send = ses.send_email

    def refusing_the_reporter(**request):
        if REPORTER_EMAIL in request["Destination"].get("ToAddresses", []):
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "refused"}}, "SendEmail")
        return real_send(**request)

    monkeypatch.setattr(ses, "send_email", refusing_the_reporter)
    receipt = client.post("/reports", REPORT).json
    run_job(client, "send_notifications")

    dead = receipt_row(receipt["tracking_id"])
    assert dead.status == "failed" and dead.sealed_access_code is None

    monkeypatch.setattr(ses, "send_email", real_send)
    assert staff.post("national", f"/admin/notifications/{dead.notification_id}/retry").status_code == 200
    run_job(client, "send_notifications")
    [email] = mailbox.emails_to(REPORTER_EMAIL)
    assert receipt["tracking_id"] in email["body"] and receipt["access_token"] not in email["body"]
    assert "Kode akses" not in email["body"]


# --- the QR code on the printed receipt ----------------------------------------------------------


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a QR code drawn as segno draws SVG: a white square, then one black path of
    horizontal runs, "M x y.5" to start, "m dx dy" to move relative, "h n" for n dark modules."""
    path = re.search(r'<path[^>]* stroke="#000"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHh])([^MmHh]+)", path):
        values = [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        else:
            dark.update((int(x) + step, int(y)) for step in range(int(values[0])))
            x += values[0]
    return dark


def expected_modules(text: str, border: int = 4) -> set[tuple[int, int]]:
    import segno

    matrix = segno.make_qr(text, error="m").matrix
    return {(column + border, row + border) for row, line in enumerate(matrix) for column, bit in enumerate(line) if bit}


def test_the_receipts_qr_code_holds_the_tracking_url_and_never_the_code(client):
    receipt = client.post("/reports", REPORT).json
    tracking_id = receipt["tracking_id"]

    response = client.get(f"/track/{tracking_id.lower().replace('-', '')}/qr")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    svg = response.body.decode()
    assert qr_modules(svg) == expected_modules(f"https://aduan.test/track/{tracking_id}")
    assert qr_modules(svg) != expected_modules(f"https://aduan.test/track/{tracking_id}#{receipt['access_token']}")
    assert "<script" not in svg


def test_a_qr_code_reads_no_report_and_refuses_what_is_no_tracking_id(client):
    # A well-formed id of no report gets its QR code like any other: the picture says nothing of existence.
    assert client.get("/track/K7M2Q-X9T4Q/qr").status_code == 200
    refused = client.get("/track/K7M2Q-X9T4R/qr")
    assert refused.status_code == 400
    assert refused.json["error"]["details"][0]["code"] == "invalid_tracking_id"
