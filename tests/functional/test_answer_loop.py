"""Issue 18's walk through the whole answer loop: a complaint needing investigation (60 working
days) at Dinas PUPR Kota Tanjungpinang, which approves its officers' final answers. Bina Marga
posts three public progress updates with photos, asks the reporter for missing information (the
clocks pause), and submits its final answer, which the agency admin approves; the reporter says it
is resolved. Every deadline and figure comes out as the README's definitions say.

November and December 2026 (WIB): Christmas joint leave (24 December) and Christmas (25 December)
fall inside the auto-close clock; the completion deadline crosses New Year, Isra Mi'raj (5 January)
and the Lunar New Year joint leave (5 February 2027).
"""
from __future__ import annotations

import boto3

from tests.conftest import TEST_ENVIRONMENT, Staff, end_of_day, on, run_job, submit

PUPR = "dpupr-tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"
# A real 1x1 PNG: the proof of the repair.
PHOTO = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def photo_of(client, tracking_id: str, name: str) -> str:
    """An officer uploads a photo of the work as the console does: declare it, then POST it to S3."""
    declared = Staff(client).post("binamarga_officer", f"/admin/reports/{tracking_id}/attachments",
                                  {"filename": name, "content_type": "image/png", "size": len(PHOTO)})
    assert declared.status_code == 201, declared.json
    boto3.client("s3", region_name=TEST_ENVIRONMENT["AWS_REGION"]).put_object(
        Bucket=TEST_ENVIRONMENT["FILES_BUCKET"], Key=declared.json["upload"]["fields"]["key"], Body=PHOTO,
        ContentType="image/png")
    return declared.json["attachment_id"]


def officer(client, tracking_id: str, action: str, body: dict | None = None) -> dict:
    response = Staff(client).act("binamarga_officer", tracking_id, action, body or {})
    assert response.status_code == 200, (action, response.json)
    return response.json


def test_a_sixty_day_investigation_from_report_to_resolved(client, staff, mailbox):
    with on("2026-11-02"):
        switched = staff.client.request("PATCH", f"/admin/agencies/{PUPR}",
                                        {"answers_need_approval": True, "reason": "SOP jawaban berjenjang"},
                                        headers=staff.headers("pupr_admin"))
        assert switched.status_code == 200, switched.json
        receipt = submit(client)
        tracking_id, reporter = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
        assert receipt["deadlines"]["verification_due"] == end_of_day("2026-11-05")

    with on("2026-11-03"):
        verified = Staff(client).act("pupr_admin", tracking_id, "verify",
                                     {"agency_id": PUPR, "unit_id": BINA_MARGA, "complexity": "investigation"})
        assert verified.json["deadlines"]["first_response_due"] == end_of_day("2026-11-10")
        assert verified.json["deadlines"]["completion_due"] == end_of_day("2027-02-01")
    with on("2026-11-04"):
        officer(client, tracking_id, "start")

    with on("2026-11-05"):  # the first public update: the first follow-up, 2 working days after disposition
        first = officer(client, tracking_id, "update", {
            "message": "Tim Bina Marga sudah meninjau lokasi dan mengukur kerusakan.",
            "attachment_ids": [photo_of(client, tracking_id, "tinjauan.png")]})
        assert first["status"] == "in_progress"

    with on("2026-11-09"):
        asked = officer(client, tracking_id, "ask_reporter",
                        {"message": "Sejak kapan lubang ini ada? Apakah pernah ada kecelakaan?"})
        assert asked["status"] == "awaiting_reporter"
        assert asked["deadlines"]["reporter_answer_due"] == end_of_day("2026-11-23")
        paused = client.get(f"/reports/{tracking_id}", headers=reporter).json
        assert paused["paused_at"] == "2026-11-09T10:00:00+07:00"
    with on("2026-11-11"):
        answered = client.post(f"/reports/{tracking_id}/replies",
                               {"message": "Sejak Agustus; dua pengendara motor pernah jatuh."}, headers=reporter)
        assert answered.json["status"] == "in_progress"
        # Paused on 10 and 11 November: completion moves two working days, across Lunar New Year.
        assert answered.json["deadlines"]["completion_due"] == end_of_day("2027-02-03")

    with on("2026-11-16"):
        officer(client, tracking_id, "update", {"message": "Material aspal sudah dipesan.",
                                                "attachment_ids": [photo_of(client, tracking_id, "material.png")]})
    with on("2026-12-01"):
        officer(client, tracking_id, "update", {"message": "Pengaspalan sedang dikerjakan.",
                                                "attachment_ids": [photo_of(client, tracking_id, "pengaspalan.png")]})
    with on("2026-12-10"):
        drafted = officer(client, tracking_id, "respond",
                          {"message": "Jalan Ganet sudah diaspal ulang sepanjang 200 meter pada 9 Desember 2026.",
                           "attachment_ids": [photo_of(client, tracking_id, "hasil.png")]})
        assert drafted["status"] == "awaiting_approval"
        assert "Jalan Ganet sudah diaspal" not in str(client.get(f"/reports/{tracking_id}", headers=reporter).json)
    with on("2026-12-11"):
        approved = Staff(client).act("pupr_admin", tracking_id, "approve", {})
        assert approved.json["status"] == "responded"
        # 10 working days for the reporter, across the Christmas joint leave and Christmas.
        assert approved.json["deadlines"]["auto_close_due"] == end_of_day("2026-12-29")

    with on("2026-12-14"):
        reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
        public_view = client.get(f"/reports/{tracking_id}").json
        closed = client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5}, headers=reporter)
        assert closed.json["status"] == "closed"
        run_job(client, "sla_sweep")

    for seen in (reporters_view, public_view):
        updates = [entry for entry in seen["timeline"] if entry["event_type"] == "updated"]
        assert [len(entry["attachments"]) for entry in updates] == [1, 1, 1]
        answers = [entry for entry in seen["timeline"] if entry["event_type"] == "responded"]
        assert [entry["message"] for entry in answers] == [
            "Jalan Ganet sudah diaspal ulang sepanjang 200 meter pada 9 Desember 2026."]
        assert [attachment["filename"] for attachment in answers[0]["attachments"]] == ["hasil.png"]
    assert "info_requested" in [entry["event_type"] for entry in reporters_view["timeline"]]
    assert "info_requested" not in [entry["event_type"] for entry in public_view["timeline"]]
    case = Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert case["breaches"] == []

    with on("2027-01-04", 8):
        november = Staff(client).get("pupr_admin", "/admin/stats?period=2026-11").json["summary"]
        december = Staff(client).get("pupr_admin", "/admin/stats?period=2026-12").json["summary"]
    assert november["received"] == 1
    assert november["verified_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}
    assert november["first_response_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}
    assert november["first_response_working_days"] == {"average": 2.0, "p90": 2, "answers": 1}
    assert november["responded"] == 0 and november["closed"] == 0
    assert december["responded"] == 1
    assert december["completed_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}
    assert december["rating"] == {"average": 5.0, "count": 1}
    assert december["breached"] == 0
