"""Approval of final answers (optional per agency): where an agency asks for it, a unit officer's
final answer waits for an agency admin, who publishes it (counted then) or returns it with a note;
the clocks keep running meanwhile. Off by default.

Kota Tanjungpinang (WIB), November 2026: no holidays.
"""
from __future__ import annotations

from tests.conftest import Staff, end_of_day, event_types, on, run_job, staff_email, submit

PUPR = "dpupr-tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"


def require_approval(client, on_or_off: bool = True) -> dict:
    response = Staff(client).client.request(
        "PATCH", f"/admin/agencies/{PUPR}", {"answers_need_approval": on_or_off, "reason": "SOP jawaban berjenjang"},
        headers=Staff(client).headers("pupr_admin"))
    assert response.status_code == 200, response.json
    return response.json


def assigned_report(client) -> tuple[str, dict]:
    """A complaint verified on Monday 2 November to Bina Marga (first follow-up due 9 November)."""
    with on("2026-11-02", 9):
        receipt = submit(client)
    with on("2026-11-02", 11):
        verified = Staff(client).act("pupr_admin", receipt["tracking_id"], "verify",
                                     {"agency_id": PUPR, "unit_id": BINA_MARGA})
        assert verified.json["deadlines"]["first_response_due"] == end_of_day("2026-11-09")
        Staff(client).act("binamarga_officer", receipt["tracking_id"], "start")
    return receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}


def test_only_the_agencys_admins_or_national_admins_switch_approval_on(client, staff):
    with on("2026-11-02"):
        assert require_approval(client)["answers_need_approval"] is True
        other = staff.client.request("PATCH", f"/admin/agencies/{PUPR}",
                                     {"answers_need_approval": False, "reason": "Uji coba pengaturan instansi"},
                                     headers=staff.headers("dishub_admin"))
        rename = staff.client.request("PATCH", f"/admin/agencies/{PUPR}", {"name": "Dinas Lain", "reason": "Uji coba pengaturan instansi"},
                                      headers=staff.headers("pupr_admin"))
        officer = staff.client.request("PATCH", f"/admin/agencies/{PUPR}",
                                       {"answers_need_approval": False, "reason": "Uji coba pengaturan instansi"},
                                       headers=staff.headers("binamarga_officer"))
        agency = staff.get("dishub_admin", f"/admin/agencies/{PUPR}").json
    assert (other.status_code, rename.status_code, officer.status_code) == (403, 403, 403)
    assert agency["answers_need_approval"] is True and agency["name"] != "Dinas Lain"


def test_an_officers_answer_waits_for_approval_is_returned_then_published_and_counted_then(client, staff, mailbox):
    with on("2026-11-02"):
        require_approval(client)
    tracking_id, reporter = assigned_report(client)

    with on("2026-11-04"):
        drafted = Staff(client).act("binamarga_officer", tracking_id, "respond",
                                    {"message": "Lubang sudah ditambal."})
        assert drafted.status_code == 200, drafted.json
        queue = Staff(client).get("pupr_admin", "/admin/reports?queue=awaiting_approval").json
        counts = Staff(client).get("pupr_admin", "/admin/queues").json["counts"]
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        run_job(client, "send_notifications")
    assert drafted.json["status"] == "awaiting_approval"
    assert drafted.json["draft_answer"]["message"] == "Lubang sudah ditambal."
    assert "approve" not in [allowed["action"] for allowed in drafted.json["allowed_actions"]]
    assert [item["tracking_id"] for item in queue["items"]] == [tracking_id]
    assert counts["awaiting_approval"]["count"] == 1
    # Nothing of the draft reaches the reporter, and the follow-up deadline still runs.
    assert "Lubang sudah ditambal" not in str(reporters_view)
    assert reporters_view["deadlines"]["first_response_due"] == end_of_day("2026-11-09")
    assert any("menunggu persetujuan" in mail["subject"] for mail in mailbox.emails_to(staff_email("pupr_admin")))

    with on("2026-11-05"):
        returned = Staff(client).act("pupr_admin", tracking_id, "return",
                                     {"message": "Sebutkan tanggal penambalan dan lampirkan foto."})
        run_job(client, "send_notifications")
    assert returned.json["status"] == "in_progress"
    assert returned.json["draft_answer"] is None
    assert any("dikembalikan" in mail["subject"] for mail in mailbox.emails_to(staff_email("binamarga_officer")))

    with on("2026-11-06"):
        Staff(client).act("binamarga_officer", tracking_id, "respond",
                          {"message": "Lubang ditambal pada 5 November 2026."})
    with on("2026-11-10"):  # after the first follow-up deadline: the clocks kept running
        run_job(client, "sla_sweep")
        approved = Staff(client).act("pupr_admin", tracking_id, "approve",
                                     {"message": "Lubang di Jalan Ganet ditambal pada 5 November 2026."})
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "responded"
    assert approved.json["deadlines"]["auto_close_due"] == end_of_day("2026-11-24")
    answers = [entry for entry in reporters_view["timeline"] if entry["event_type"] == "responded"]
    assert [entry["message"] for entry in answers] == ["Lubang di Jalan Ganet ditambal pada 5 November 2026."]
    assert "answer_drafted" not in event_types(reporters_view) and "answer_returned" not in event_types(reporters_view)
    assert [entry["details"]["stage"] for entry in reporters_view["timeline"]
            if entry["event_type"] == "deadline_breached"] == ["first_response"]

    with on("2026-12-01", 8):
        summary = Staff(client).get("pupr_admin", "/admin/stats?period=2026-11").json["summary"]
    # Counted at publication (10 November), late, six working days after disposition.
    assert summary["first_response_within_deadline"] == {"count": 0, "of": 1, "percent": 0.0}
    assert summary["first_response_working_days"]["average"] == 6.0


def test_the_reporter_and_the_public_see_an_answer_awaiting_approval_as_work_in_progress(client, staff):
    with on("2026-11-02"):
        require_approval(client)
    tracking_id, reporter = assigned_report(client)
    with on("2026-11-04"):
        Staff(client).act("binamarga_officer", tracking_id, "respond", {"message": "Lubang sudah ditambal."})
        Staff(client).act("binamarga_officer", tracking_id, "update", {"message": "Tim sudah di lokasi."})
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        public_view = client.get(f"/reports/{tracking_id}").json
        listed = client.get("/reports?region_code=21.72").json["items"]
        case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json

    in_progress = {"id": "Terdisposisi – Sedang Diproses", "en": "Dispositioned – in progress"}
    [list_item] = [item for item in listed if item["tracking_id"] == tracking_id]
    for outside in (reporters_view, public_view, list_item):
        assert (outside["status"], outside["status_label"]) == ("in_progress", in_progress)
        assert "awaiting_approval" not in str(outside) and "Persetujuan" not in str(outside)
    # The update posted meanwhile reaches them, as an update of work in progress.
    assert [entry["status_to"] for entry in public_view["timeline"] if entry["event_type"] == "updated"] == [
        "in_progress"]
    assert case["status"] == "awaiting_approval"
    assert case["status_label"]["id"] == "Jawaban Menunggu Persetujuan"
    assert [entry["status_to"] for entry in case["timeline"] if entry["event_type"] == "updated"] == [
        "awaiting_approval"]


def test_without_the_setting_or_from_an_admin_the_answer_goes_straight_to_the_reporter(client, staff):
    tracking_id, _ = assigned_report(client)
    with on("2026-11-03"):
        officer = Staff(client).act("binamarga_officer", tracking_id, "respond", {"message": "Sudah ditambal."})
    assert officer.json["status"] == "responded"

    with on("2026-11-03"):
        require_approval(client)
    other_id, _ = assigned_report(client)
    with on("2026-11-04"):
        admin = Staff(client).act("pupr_admin", other_id, "respond", {"message": "Sudah ditambal."})
    assert admin.json["status"] == "responded"
    assert admin.json["answer_needs_approval"] is False
