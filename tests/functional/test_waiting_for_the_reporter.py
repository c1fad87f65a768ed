"""No dead ends: the agency asks the reporter for missing information and its clocks pause; the
reporter answers a hold or a question in words; and the reporter may go to the Ombudsman once
any deadline was missed, verification included.

Kota Tanjungpinang (WIB), November 2026: no holidays until Christmas; the Lunar New Year joint
leave (5 February 2027) falls inside a moved completion deadline.
"""
from __future__ import annotations

from tests.conftest import (
    Staff,
    end_of_day,
    event_types,
    on,
    run_job,
    staff_email,
    submit,
    verified_investigation,
)

PUPR = "dpupr-tanjungpinang"


def ask_for_photos(client, tracking_id: str) -> dict:
    with on("2026-11-05"):
        asked = Staff(client).act("pupr_admin", tracking_id, "ask_reporter",
                                  {"message": "Mohon kirim foto lubang dan nama gang terdekat."})
        assert asked.status_code == 200, asked.json
        run_job(client, "send_notifications")
    return asked.json


def test_the_agency_asks_the_reporter_and_its_clocks_pause_until_the_answer(client, staff, mailbox):
    tracking_id, reporter = verified_investigation(client)
    asked = ask_for_photos(client, tracking_id)
    assert asked["status"] == "awaiting_reporter"
    # The reporter has 10 working days to answer.
    assert asked["deadlines"]["reporter_answer_due"] == end_of_day("2026-11-19")
    assert asked["paused_at"] == "2026-11-05T10:00:00+07:00"

    [question_mail] = [mail for mail in mailbox.emails_to("siti@example.id")
                       if "meminta keterangan tambahan" in mail["subject"]]
    assert "19 November 2026" in question_mail["body"]

    with on("2026-11-06"):
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        public_view = client.get(f"/reports/{tracking_id}").json
    assert reporters_view["paused_at"] == "2026-11-05T10:00:00+07:00"
    assert "reply" in reporters_view["reporter_actions"]
    question = [entry for entry in reporters_view["timeline"] if entry["event_type"] == "info_requested"]
    assert question[0]["message"] == "Mohon kirim foto lubang dan nama gang terdekat."
    assert "info_requested" not in event_types(public_view)

    with on("2026-11-09"):  # Monday
        answered = client.post(f"/reports/{tracking_id}/replies",
                               {"message": "Gang Mawar, depan masjid. Foto saya lampirkan."}, headers=reporter)
        assert answered.status_code == 200, answered.json
        run_job(client, "send_notifications")
    view = answered.json
    assert view["status"] == "in_progress"
    assert view["paused_at"] is None
    # Paused on Friday 6 and Monday 9 November: both deadlines move two working days later.
    assert view["deadlines"]["first_response_due"] == end_of_day("2026-11-12")
    assert view["deadlines"]["completion_due"] == end_of_day("2027-02-03")
    assert view["deadlines"]["reporter_answer_due"] is None
    assert any("Pelapor menanggapi" in mail["subject"] for mail in mailbox.emails_to(staff_email("pupr_admin")))

    with on("2026-11-11"):
        run_job(client, "sla_sweep")
        case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert "deadline_breached" not in event_types(case)


def test_when_the_reporter_stays_silent_the_clocks_run_again_after_the_limit(client, staff, mailbox):
    tracking_id, reporter = verified_investigation(client)
    ask_for_photos(client, tracking_id)

    with on("2026-11-19", 15):
        assert run_job(client, "auto_close")["handled"] == {}  # the reporter still has today
    with on("2026-11-23"):  # the job ran late: the pause still ends with its limit
        assert run_job(client, "auto_close")["handled"] == {"reporter_silent": 1}
        assert run_job(client, "auto_close")["handled"] == {}
        run_job(client, "send_notifications")
        case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json
        refused = client.post(f"/reports/{tracking_id}/replies", {"message": "Maaf terlambat."}, headers=reporter)
    assert case["status"] == "in_progress"
    assert event_types(case)[-1] == "reporter_silent"
    # Paused for the ten working days of the limit (6-19 November), not up to the late run.
    assert case["deadlines"]["first_response_due"] == end_of_day("2026-11-24")
    assert case["deadlines"]["completion_due"] == end_of_day("2027-02-16")
    assert any("Pelapor tidak memberi keterangan" in mail["subject"]
               for mail in mailbox.emails_to(staff_email("pupr_admin")))
    assert refused.status_code == 409


def test_staff_may_withdraw_the_question(client, staff):
    tracking_id, _ = verified_investigation(client)
    ask_for_photos(client, tracking_id)
    with on("2026-11-06"):
        resumed = Staff(client).act("pupr_admin", tracking_id, "resume", {"note": "foto sudah dikirim lewat WA"})
    assert resumed.json["status"] == "in_progress"
    assert resumed.json["deadlines"]["first_response_due"] == end_of_day("2026-11-11")


def test_a_reporter_answers_a_hold_in_words_and_verification_goes_on(client, staff, mailbox):
    with on("2026-11-02"):
        receipt = submit(client)
        tracking_id, reporter = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
        assert receipt["deadlines"]["verification_due"] == end_of_day("2026-11-05")
    with on("2026-11-03"):
        Staff(client).act("pupr_admin", tracking_id, "hold", {"message": "Di mana tepatnya lubang itu?"})
        on_hold = client.get(f"/reports/{tracking_id}", headers=reporter).json
    assert "reply" in on_hold["reporter_actions"]
    assert "attach" in on_hold["reporter_actions"]

    with on("2026-11-05"):
        answered = client.post(f"/reports/{tracking_id}/replies", {"message": "Depan SD Negeri 5, Jalan Ganet."},
                               headers=reporter)
        run_job(client, "send_notifications")
    assert answered.status_code == 200, answered.json
    assert answered.json["status"] == "submitted"
    # Paused on 4 and 5 November: verification is due two working days later.
    assert answered.json["deadlines"]["verification_due"] == end_of_day("2026-11-09")
    assert answered.json["timeline"][-1]["message"] == "Depan SD Negeri 5, Jalan Ganet."
    assert any("Pelapor menanggapi" in mail["subject"] for mail in mailbox.emails_to(staff_email("pupr_admin")))


def test_the_reporter_may_escalate_once_even_verification_was_late(client, staff):
    with on("2026-11-02"):
        receipt = submit(client)
        tracking_id, reporter = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
    with on("2026-11-05"):
        early = client.post(f"/reports/{tracking_id}/escalation", {}, headers=reporter)
    assert early.status_code == 409 and early.json["error"]["code"] == "agency_not_overdue"

    with on("2026-11-06"):
        run_job(client, "sla_sweep")
        Staff(client).act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR})
        assert "escalate" in client.get(f"/reports/{tracking_id}", headers=reporter).json["reporter_actions"]
        escalated = client.post(f"/reports/{tracking_id}/escalation", {"reason": "Verifikasi terlambat."},
                                headers=reporter)
    assert escalated.status_code == 200, escalated.json
    assert escalated.json["escalated_at"] is not None
