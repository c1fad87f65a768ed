"""The scheduled functions hold agencies to their deadlines: breaches found, marked once,
escalated by e-mail; answered reports close themselves on their auto-close day."""
from __future__ import annotations

from tests.conftest import on, run_job, staff_email, submit

OLD_LETTER = {
    "kind": "complaint", "title": "Surat tentang drainase tersumbat",
    "description": "Surat warga RT 03 tentang saluran air yang tersumbat sejak musim hujan.",
    "region_code": "21.72", "agency_id": "dpupr-tanjungpinang",
    "topic": "pekerjaan-umum-dan-penataan-ruang", "privacy": "public", "channel": "letter",
    "received_at": "2026-06-02T09:00:00+07:00", "late_reason": "Surat baru ditemukan saat arsip dipindahkan.",
    "reporter": {"name": "Pak RT", "email": "rt03@example.id"},
}


def overdue_ids(staff, name: str) -> list[str]:
    response = staff.get(name, "/admin/reports?queue=overdue")
    assert response.status_code == 200, response.json
    return [item["tracking_id"] for item in response.json["items"]]


def test_a_long_unverified_letter_is_escalated_once(client, staff, mailbox):
    with on("2026-11-23", 10):
        recorded = staff.post("pupr_admin", "/admin/reports", OLD_LETTER)
        assert recorded.status_code == 201, recorded.json
        tracking_id = recorded.json["tracking_id"]
        run_job(client, "send_notifications")  # the receipt and the new-report mail
        before = len(mailbox.emails())

        sweep = run_job(client, "sla_sweep")
        assert sweep["handled"] == {"breach": 1}
        assert tracking_id in overdue_ids(staff, "pupr_admin")
        assert tracking_id in overdue_ids(staff, "national")

        case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
        assert [(b["stage"], b["deadline"]) for b in case["breaches"]] == [
            ("verification", "2026-06-05T23:59:59+07:00")]  # 3 working days from Tue 2 June
        assert [e["event_type"] for e in case["timeline"]].count("deadline_breached") == 1

        run_job(client, "send_notifications")
        escalations = mailbox.emails()[before:]
        recipients = {address for email in escalations for address in email["to"]}
        assert {staff_email("pupr_admin"), staff_email("coordinator_admin"), staff_email("national"),
                "rt03@example.id"} <= recipients
        assert staff_email("dishub_admin") not in recipients
        assert all(tracking_id in email["subject"] and tracking_id in email["body"] for email in escalations)

        sent_so_far = len(mailbox.emails())
        again = run_job(client, "sla_sweep")
        assert again["handled"] == {}
        run_job(client, "send_notifications")
        assert len(mailbox.emails()) == sent_so_far
        case_again = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
        assert len(case_again["breaches"]) == 1


def test_an_answered_report_closes_itself_on_its_auto_close_day_not_before(client, staff, mailbox):
    with on("2026-11-23", 9):  # Monday
        tracking_id = submit(client)["tracking_id"]
        assert staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"}).status_code == 200
        assert staff.act("pupr_admin", tracking_id, "start").status_code == 200
        answered = staff.act("pupr_admin", tracking_id, "respond", {"message": "Lubang sudah ditambal."})
        assert answered.status_code == 200, answered.json
        # 10 working days after Mon 23 Nov: 24-27 Nov, 30 Nov-4 Dec, 7 Dec.
        assert answered.json["deadlines"]["auto_close_due"] == "2026-12-07T23:59:59+07:00"

    with on("2026-12-07", 23):
        staff.sign_out_all()
        run_job(client, "auto_close")
        assert staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json["status"] == "responded"

    with on("2026-12-08", 0):
        staff.sign_out_all()
        result = run_job(client, "auto_close")
        assert result["handled"] == {"auto_close": 1}
        case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
        assert case["status"] == "closed"
        assert case["timeline"][-1]["event_type"] == "auto_closed"
        assert case["timeline"][-1]["label"]["en"].startswith("Closed automatically")
        assert run_job(client, "auto_close")["handled"] == {}
        run_job(client, "send_notifications")
        closing = [email for email in mailbox.emails_to("siti@example.id")
                   if "selesai" in email["subject"]]
        assert len(closing) == 1
