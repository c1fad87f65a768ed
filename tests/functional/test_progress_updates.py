"""Progress updates (tindak lanjut bertahap): the agency tells the reporter how the work goes
while the case stays open. The first public update meets the first follow-up deadline; only the
final answer meets the completion deadline and starts the auto-close clock.

Kota Tanjungpinang (WIB), November 2026: no holidays until Christmas.
"""
from __future__ import annotations

from tests.conftest import Staff, end_of_day, event_types, on, run_job, verified_investigation


def test_a_public_update_meets_the_first_follow_up_and_keeps_the_case_open(client, staff, mailbox):
    tracking_id, reporter = verified_investigation(client)

    with on("2026-11-05"):
        updated = Staff(client).act("pupr_admin", tracking_id, "update",
                                    {"message": "Tim sudah meninjau lokasi; pengaspalan dijadwalkan.",
                                     "note": "anggaran dari pos pemeliharaan"})
        assert updated.status_code == 200, updated.json
        view = updated.json
        assert view["status"] == "in_progress"
        assert view["deadlines"]["completion_due"] == end_of_day("2027-02-01")
        assert view["deadlines"]["auto_close_due"] is None
        assert "respond" in [allowed["action"] for allowed in view["allowed_actions"]]
        run_job(client, "send_notifications")

    [update_mail] = [mail for mail in mailbox.emails_to("siti@example.id")
                     if "Perkembangan tindak lanjut" in mail["subject"]]
    assert "Tim sudah meninjau" not in update_mail["body"]  # the words are read behind the access token
    assert any("kabar perkembangan" in sms["body"] for sms in mailbox.sms())

    with on("2026-11-12"):
        # The first follow-up deadline (10 Nov) has passed: the sweep finds nothing missed.
        run_job(client, "sla_sweep")
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        public_view = client.get(f"/reports/{tracking_id}").json
    assert "deadline_breached" not in event_types(reporters_view)
    for seen in (reporters_view, public_view):
        update = [entry for entry in seen["timeline"] if entry["event_type"] == "updated"]
        assert [entry["message"] for entry in update] == ["Tim sudah meninjau lokasi; pengaspalan dijadwalkan."]
        assert "note" not in update[0]["details"]

    with on("2026-11-20"):
        Staff(client).act("pupr_admin", tracking_id, "update", {"message": "Pengaspalan dimulai pekan depan."})
        answered = Staff(client).act("pupr_admin", tracking_id, "respond",
                                     {"message": "Jalan sudah diaspal ulang sepanjang 200 meter."})
        assert answered.json["status"] == "responded"
        assert answered.json["deadlines"]["auto_close_due"] == end_of_day("2026-12-04")
    with on("2026-11-23"):
        closed = client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5}, headers=reporter)
        assert closed.json["status"] == "closed"

    with on("2026-12-01", 8):
        summary = Staff(client).get("pupr_admin", "/admin/stats?period=2026-11").json["summary"]
    # One first follow-up, two working days after disposition (4 and 5 November), within its deadline.
    assert summary["first_response_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}
    assert summary["first_response_working_days"]["average"] == 2.0
    assert summary["first_response_working_days"]["answers"] == 1
    assert summary["responded"] == 1  # final answers only
    assert summary["completed_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}


def test_an_internal_update_is_for_staff_only_and_meets_no_deadline(client, staff):
    tracking_id, reporter = verified_investigation(client)

    with on("2026-11-05"):
        noted = Staff(client).act("pupr_admin", tracking_id, "update",
                                  {"message": "Menunggu jadwal alat berat.", "public": False})
        assert noted.status_code == 200, noted.json
        assert noted.json["status"] == "dispositioned"
        assert event_types(noted.json)[-1] == "updated"

    with on("2026-11-11"):
        run_job(client, "sla_sweep")
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert "updated" not in event_types(reporters_view)
    assert "Menunggu jadwal" not in str(reporters_view)
    breaches = [entry["details"]["stage"] for entry in case["timeline"] if entry["event_type"] == "deadline_breached"]
    assert breaches == ["first_response"]


def test_after_the_reporter_replies_only_a_new_final_answer_meets_the_restarted_deadline(client, staff):
    tracking_id, reporter = verified_investigation(client)
    with on("2026-11-04"):
        Staff(client).act("pupr_admin", tracking_id, "start")
        answered = Staff(client).act("pupr_admin", tracking_id, "respond", {"message": "Sudah kami perbaiki."})
        assert answered.json["status"] == "responded"
    with on("2026-11-05"):
        replied = client.post(f"/reports/{tracking_id}/replies", {"message": "Lubangnya masih ada."},
                              headers=reporter)
        assert replied.json["deadlines"]["first_response_due"] == end_of_day("2026-11-12")

    with on("2026-11-06"):
        updated = Staff(client).act("pupr_admin", tracking_id, "update", {"message": "Kami periksa ulang."})
        assert updated.json["status"] == "reporter_replied"
        assert updated.json["deadlines"]["first_response_due"] == end_of_day("2026-11-12")

    with on("2026-11-13"):
        run_job(client, "sla_sweep")
        case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json
        overdue = Staff(client).get("pupr_admin", "/admin/reports?queue=overdue").json
    assert [entry["details"]["stage"] for entry in case["timeline"]
            if entry["event_type"] == "deadline_breached"] == ["first_response"]
    assert tracking_id in [item["tracking_id"] for item in overdue["items"]]


def test_no_update_once_the_final_answer_is_given(client, staff):
    tracking_id, _ = verified_investigation(client)
    with on("2026-11-04"):
        Staff(client).act("pupr_admin", tracking_id, "start")
        Staff(client).act("pupr_admin", tracking_id, "respond", {"message": "Sudah kami perbaiki."})
        refused = Staff(client).act("pupr_admin", tracking_id, "update", {"message": "Tambahan."})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "invalid_transition"
