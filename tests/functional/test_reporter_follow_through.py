"""The reporter's side after submitting: replies, feedback, escalation."""
from __future__ import annotations

from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import pending_shards
from tests.conftest import Staff, on, submit


def bearer(receipt: dict) -> dict:
    return {"Authorization": f"Bearer {receipt['access_token']}"}


def answered_report(client, officer: Staff, **overrides) -> dict:
    receipt = submit(client, **overrides)
    tracking_id = receipt["tracking_id"]
    officer.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
    officer.act("pupr_admin", tracking_id, "start")
    officer.act("pupr_admin", tracking_id, "respond", {"message": "Lubang sudah ditambal kemarin."})
    return receipt


def outbox(tracking_id: str) -> list[tuple[str, str]]:
    return sorted((n.event_type, n.recipient)
                  for shard in pending_shards() for n in NotificationModel.pending.query(shard)
                  if n.tracking_id == tracking_id)


# --- replies ------------------------------------------------------------------------------


def test_a_reply_needs_the_access_token(client, staff):
    receipt = answered_report(client, staff)
    path = f"/reports/{receipt['tracking_id']}/replies"

    without = client.post(path, {"message": "Belum beres."})
    wrong = client.post(path, {"message": "Belum beres."}, headers={"Authorization": "Bearer salah"})

    assert (without.status_code, wrong.status_code) == (401, 401)
    assert client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt)).json["status"] == "responded"


def test_a_wrong_token_on_a_confidential_report_looks_like_no_report_at_all(client, staff):
    receipt = answered_report(client, staff, privacy="confidential")

    response = client.post(f"/reports/{receipt['tracking_id']}/replies", {"message": "Belum beres."},
                           headers={"Authorization": "Bearer salah"})

    assert response.status_code == 404


def test_the_reply_goes_back_to_the_agency_and_stays_between_reporter_and_staff(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]

    replied = client.post(f"/reports/{tracking_id}/replies", {"message": "Masih berlubang di sisi kiri."},
                          headers=bearer(receipt))

    assert replied.json["status"] == "reporter_replied"
    assert replied.json["timeline"][-1]["message"] == "Masih berlubang di sisi kiri."
    assert "Masih berlubang" not in str(client.get(f"/reports/{tracking_id}").json)
    assert ("reporter_replied", "agency_admins") in outbox(tracking_id)
    inbox = staff.get("pupr_admin", "/admin/reports?queue=inbox").json["items"]
    assert [item["tracking_id"] for item in inbox] == [tracking_id]


def test_a_reply_after_the_completion_date_gives_the_agency_a_fresh_five_days_not_an_overdue(client, staff):
    with on("2026-11-23"):
        receipt = submit(client, kind="aspiration")
        tracking_id = receipt["tracking_id"]
        officer = Staff(client)
        officer.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
        officer.act("pupr_admin", tracking_id, "start")
    with on("2026-11-24"):
        Staff(client).act("pupr_admin", tracking_id, "respond", {"message": "Usulan diterima."})
    with on("2026-12-02"):  # after the aspiration's completion date (30 Nov)
        replied = client.post(f"/reports/{tracking_id}/replies", {"message": "Kapan dilaksanakan?"},
                              headers=bearer(receipt))
        overdue = Staff(client).get("pupr_admin", "/admin/reports?queue=overdue").json["items"]
        escalation = client.post(f"/reports/{tracking_id}/escalation", headers=bearer(receipt))

    assert replied.json["deadlines"]["first_response_due"] == "2026-12-09T23:59:59+07:00"
    assert overdue == []
    assert escalation.json["error"]["code"] == "agency_not_overdue"


def test_the_agency_answers_a_reply_rather_than_closing_over_it(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]
    client.post(f"/reports/{tracking_id}/feedback", {"resolved": False}, headers=bearer(receipt))

    response = staff.act("pupr_admin", tracking_id, "close")

    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_transition"


def test_the_reporter_cannot_reply_before_the_agency_has_answered(client):
    receipt = submit(client)

    response = client.post(f"/reports/{receipt['tracking_id']}/replies", {"message": "Halo?"},
                           headers=bearer(receipt))

    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_transition"


# --- feedback -----------------------------------------------------------------------------


def test_resolved_feedback_closes_the_report_with_the_rating_once(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]

    first = client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 4, "comment": "Terima kasih"},
                        headers=bearer(receipt))
    second = client.post(f"/reports/{tracking_id}/feedback", {"resolved": False, "rating": 1},
                         headers=bearer(receipt))

    assert first.json["status"] == "closed"
    assert first.json["feedback"]["rating"] == 4
    assert second.status_code == 409
    assert second.json["error"]["code"] == "feedback_already_given"
    assert ("closed", "reporter") in outbox(tracking_id)


def test_the_reporter_sees_their_own_rating_and_comment_and_the_public_sees_neither(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]

    client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5, "comment": "Cepat dan rapi."},
                headers=bearer(receipt))
    reporters = client.get(f"/reports/{tracking_id}", headers=bearer(receipt)).json
    public = client.get(f"/reports/{tracking_id}").json

    assert {key: reporters["feedback"][key] for key in ("resolved", "rating", "comment")} == {
        "resolved": True, "rating": 5, "comment": "Cepat dan rapi."}
    assert "feedback" not in public
    assert "Cepat dan rapi" not in str(public)


def test_not_resolved_sends_it_back_to_the_agency_counted_as_reopened(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]

    response = client.post(f"/reports/{tracking_id}/feedback", {"resolved": False, "rating": 2},
                           headers=bearer(receipt))

    assert response.json["status"] == "reporter_replied"
    case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert case["reopened_count"] == 1
    assert [a["action"] for a in case["allowed_actions"]] == ["assign", "update", "respond", "transfer", "duplicate"]


def test_a_closed_report_can_be_reopened_within_ten_working_days_and_not_after(client, staff):
    with on("2026-11-23"):
        officer = Staff(client)
        late = answered_report(client, officer)
        in_time = answered_report(client, officer)
        officer.act("pupr_admin", late["tracking_id"], "close")
        officer.act("pupr_admin", in_time["tracking_id"], "close")

    with on("2026-12-07"):  # the 10th working day after 23 Nov
        reopened = client.post(f"/reports/{in_time['tracking_id']}/feedback", {"resolved": False},
                               headers=bearer(in_time))
    with on("2026-12-08"):
        refused = client.post(f"/reports/{late['tracking_id']}/feedback", {"resolved": False},
                              headers=bearer(late))

    assert reopened.json["status"] == "reporter_replied"
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "reopen_window_passed"


# --- escalation to the Ombudsman ----------------------------------------------------------


def test_escalation_waits_until_the_agency_misses_its_deadline(client, staff):
    with on("2026-11-23"):
        receipt = submit(client)
        tracking_id = receipt["tracking_id"]
        too_early_to_verify = client.post(f"/reports/{tracking_id}/escalation", headers=bearer(receipt))
        Staff(client).act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
    with on("2026-11-30", hour=23):  # first follow-up due at the end of this day
        within_deadline = client.post(f"/reports/{tracking_id}/escalation", headers=bearer(receipt))
    with on("2026-12-01", hour=8):
        escalated = client.post(f"/reports/{tracking_id}/escalation", {"reason": "Tidak ada tanggapan."},
                                headers=bearer(receipt))
        twice = client.post(f"/reports/{tracking_id}/escalation", headers=bearer(receipt))

    # Not even verification was late yet.
    assert too_early_to_verify.status_code == 409
    assert too_early_to_verify.json["error"]["code"] == "agency_not_overdue"
    assert within_deadline.status_code == 409
    assert within_deadline.json["error"]["code"] == "agency_not_overdue"
    assert escalated.status_code == 200
    assert escalated.json["escalated_at"] == "2026-12-01T08:00:00+07:00"
    assert twice.json["error"]["code"] == "already_escalated"
    assert ("escalated", "national_admins") in outbox(tracking_id)


def test_escalation_is_open_once_the_reporter_says_it_is_not_resolved(client, staff):
    receipt = answered_report(client, staff)
    tracking_id = receipt["tracking_id"]
    client.post(f"/reports/{tracking_id}/feedback", {"resolved": False}, headers=bearer(receipt))

    response = client.post(f"/reports/{tracking_id}/escalation", headers=bearer(receipt))

    assert response.status_code == 200
    assert response.json["timeline"][-1]["event_type"] == "escalated"


def test_a_matter_older_than_two_years_cannot_be_escalated(client, staff):
    with on("2026-11-23"):
        receipt = submit(client, incident_date="2024-11-20")
        officer = Staff(client)
        officer.act("pupr_admin", receipt["tracking_id"], "verify", {"agency_id": "dpupr-tanjungpinang"})
    with on("2026-12-15"):
        response = client.post(f"/reports/{receipt['tracking_id']}/escalation", headers=bearer(receipt))

    assert response.status_code == 409
    assert response.json["error"]["code"] == "matter_too_old"


# --- privacy in the logs ------------------------------------------------------------------


def test_an_anonymous_reporters_name_and_contacts_never_reach_the_logs(client, staff, app_logs):
    receipt = answered_report(client, staff, privacy="anonymous")
    client.post(f"/reports/{receipt['tracking_id']}/feedback", {"resolved": False}, headers=bearer(receipt))
    staff.get("pupr_admin", f"/admin/reports/{receipt['tracking_id']}")

    logged = app_logs.getvalue()
    assert receipt["tracking_id"] in logged
    for secret in ("Siti Rahmawati", "siti@example.id", "81234567890", receipt["access_token"]):
        assert secret not in logged
