"""Likely duplicates: listed when a report arrives and in the case view, merged by staff.

Several people report the same dark street lamp on Jalan Ganet in Kota Tanjungpinang; staff see
the reports side by side, merge them into one, and every reporter hears of the one answer.
"""
from __future__ import annotations

from tests.conftest import Staff, on, run_job, submit
from tests.functional.test_attachments import schema_errors

LAMP = {"title": "Lampu jalan mati di Jalan Ganet",
        "description": "Lampu penerangan jalan di Jalan Ganet sudah seminggu mati, gelap dan rawan kecelakaan.",
        "agency_id": "dishub-tanjungpinang", "topic": None}
LAMP_AGAIN = {"title": "PJU mati di Jl. Ganet",
              "description": "Lampu jalan dekat simpang Ganet padam sejak Senin malam, gelap sekali.",
              "agency_id": "dishub-tanjungpinang", "topic": None,
              "reporter": {"name": "Andi", "email": "andi@example.id"}}
POTHOLE = {"title": "Pungutan liar di kantor kelurahan",
           "description": "Petugas meminta uang tambahan untuk surat pengantar nikah.", "topic": None,
           "agency_id": "dishub-tanjungpinang"}
GANET = (0.9186, 104.5097)


def at(lat: float, lon: float, metres_north: float = 0.0) -> dict:
    return {"address": "Jl. Ganet", "lat": round(lat + metres_north / 111_320, 6), "lon": lon}


def case(staff: Staff, who: str, tracking_id: str) -> dict:
    response = staff.get(who, f"/admin/reports/{tracking_id}")
    assert response.status_code == 200, response.json
    return response.json


def events(view: dict) -> list[str]:
    return [entry["event_type"] for entry in view["timeline"]]


def listed(view: dict) -> list[str]:
    return [entry["tracking_id"] for entry in view["likely_duplicates"]]


def test_reports_about_the_same_lamp_list_each_other_and_others_do_not(client, staff):
    with on("2026-11-02"):
        first = submit(client, **LAMP)["tracking_id"]
        other_regency = submit(client, **dict(LAMP, region_code="61.71", agency_id=None))["tracking_id"]
        other_matter = submit(client, **POTHOLE)["tracking_id"]
    with on("2026-11-05"):
        staff.sign_out_all()
        second = submit(client, **LAMP_AGAIN)["tracking_id"]
    with on("2026-12-15"):  # 43 days later: the same words, but a new matter by now
        much_later = submit(client, **LAMP)["tracking_id"]

        first_view = case(staff, "national", first)
        second_view = case(staff, "national", second)
        lonely = {tracking_id: listed(case(staff, "national", tracking_id))
                  for tracking_id in (other_regency, other_matter, much_later)}
    assert listed(first_view) == [second]
    assert schema_errors(client, "CaseView", second_view) == []
    assert listed(second_view) == [first]
    entry = second_view["likely_duplicates"][0]
    assert entry["title"] == LAMP["title"] and entry["status"] == "submitted"
    assert entry["agency_id"] == "dishub-tanjungpinang" and 0 < entry["score"] <= 1
    assert {"lampu", "mati", "ganet"} <= set(entry["shared_terms"])
    assert lonely == {other_regency: [], other_matter: [], much_later: []}

    # Found on arrival too: the second report's first event says so (staff only).
    arrival = second_view["timeline"][0]
    assert arrival["details"]["possible_duplicates"] == 1
    public = client.get(f"/reports/{second}").json
    assert "possible_duplicates" not in public["timeline"][0]["details"]
    assert "likely_duplicates" not in public


def test_a_report_at_the_same_spot_ranks_first_and_one_five_km_away_is_not_listed(client, staff):
    with on("2026-11-02"):
        without_place = submit(client, **LAMP)["tracking_id"]
        near = submit(client, **dict(LAMP, location=at(*GANET, metres_north=50)))["tracking_id"]
        far = submit(client, **dict(LAMP, location=at(*GANET, metres_north=5000)))["tracking_id"]
        newest = submit(client, **dict(LAMP_AGAIN, location=at(*GANET)))["tracking_id"]
        view = case(staff, "national", newest)
    assert listed(view) == [near, without_place]
    assert view["likely_duplicates"][0]["distance_m"] == 50
    assert "distance_m" not in view["likely_duplicates"][1]
    assert view["likely_duplicates"][0]["score"] > view["likely_duplicates"][1]["score"]
    assert far not in listed(view)


def test_staff_see_only_candidates_they_may_view(client, staff):
    with on("2026-11-02"):
        at_dishub = submit(client, **LAMP)["tracking_id"]
        at_pupr = submit(client, **dict(LAMP_AGAIN, agency_id="dpupr-tanjungpinang"))["tracking_id"]
        view = case(staff, "pupr_admin", at_pupr)
        assert listed(view) == []  # Dishub's report exists, but PUPR sees nothing of it
        assert listed(case(staff, "national", at_pupr)) == [at_dishub]


def test_merging_a_duplicate_links_it_tells_its_reporter_and_forwards_the_answer(client, staff, mailbox):
    with on("2026-11-02"):
        original = submit(client, **LAMP)
        duplicate = submit(client, **LAMP_AGAIN)
        x, d = original["tracking_id"], duplicate["tracking_id"]
        version = case(staff, "dishub_admin", d)["version"]
        assert "duplicate" in [a["action"] for a in case(staff, "dishub_admin", d)["allowed_actions"]]

        stale = staff.act("dishub_admin", d, "duplicate", {"of": x, "expected_version": version + 1})
        assert stale.status_code == 409 and stale.json["error"]["code"] == "version_conflict"
        itself = staff.act("dishub_admin", d, "duplicate", {"of": d})
        assert itself.status_code == 422 and itself.json["error"]["details"][0]["code"] == "same_report"
        foreign = staff.act("pupr_admin", d, "duplicate", {"of": x})
        assert foreign.status_code == 403

        merged = staff.act("dishub_admin", d, "duplicate",
                           {"of": x, "note": "lampu yang sama", "expected_version": version})
        assert merged.status_code == 200, merged.json
        assert merged.json["status"] == "duplicate" and merged.json["duplicate_of"] == x
        assert merged.json["allowed_actions"] == []
        assert "marked_duplicate" in events(merged.json)
        original_case = case(staff, "dishub_admin", x)
        assert original_case["reporters"] == 2
        assert "duplicate_linked" in events(original_case)
        assert client.get(f"/reports/{x}").json["reporters"] == 2

        again = staff.act("dishub_admin", d, "duplicate", {"of": x})
        assert again.status_code == 409 and again.json["error"]["code"] == "invalid_transition"

        run_job(client, "send_notifications")
        told = [mail for mail in mailbox.emails_to("andi@example.id") if "digabung" in mail["subject"]]
        assert len(told) == 1 and x in told[0]["body"], mailbox.emails_to("andi@example.id")

        # The reporter of the duplicate, tracking it, sees it joined the original.
        mine = client.get(f"/reports/{d}", headers={"Authorization": f"Bearer {duplicate['access_token']}"}).json
        assert mine["status"] == "duplicate"
        assert mine["merged_into"]["tracking_id"] == x
        assert mine["merged_into"]["label"]["id"] == f"Digabung dengan laporan {x}"
        assert schema_errors(client, "ReportView", mine) == []
        assert schema_errors(client, "CaseView", merged.json) == []
        assert schema_errors(client, "ReportView", client.get(f"/reports/{d}").json) == []
        assert [entry["details"] for entry in mine["timeline"]
                if entry["event_type"] == "marked_duplicate"] == [{"merged_into": x}]

    with on("2026-11-03"):
        staff.sign_out_all()
        staff.act("dishub_admin", x, "verify", {"agency_id": "dishub-tanjungpinang"})
        staff.act("dishub_admin", x, "start")
        staff.act("dishub_admin", x, "respond", {"message": "Lampu sudah diganti tadi pagi."})
        before = len(mailbox.emails_to("andi@example.id"))
        run_job(client, "send_notifications")  # expands the followers' row
        run_job(client, "send_notifications")  # sends what it queued
        news = mailbox.emails_to("andi@example.id")[before:]
        assert [mail["subject"] for mail in news if "ditindaklanjuti" in mail["subject"]], news
        answered = [mail for mail in news if "ditindaklanjuti" in mail["subject"]][0]
        assert x in answered["body"] and f"/track/{d}" in answered["body"]
        mine = client.get(f"/reports/{d}", headers={"Authorization": f"Bearer {duplicate['access_token']}"}).json
        assert mine["merged_into"]["status"] == "responded"
        assert [a["message"] for a in mine["merged_into"]["answers"]] == ["Lampu sudah diganti tadi pagi."]


def test_a_duplicate_of_a_duplicate_goes_to_the_original(client, staff):
    with on("2026-11-02"):
        x = submit(client, **LAMP)["tracking_id"]
        b = submit(client, **LAMP_AGAIN)["tracking_id"]
        c = submit(client, **LAMP)["tracking_id"]
        assert staff.act("dishub_admin", b, "duplicate", {"of": x}).status_code == 200
        merged = staff.act("dishub_admin", c, "duplicate", {"of": b})
        assert merged.status_code == 200, merged.json
        assert merged.json["duplicate_of"] == x
        assert case(staff, "dishub_admin", x)["reporters"] == 3
        # Merged reports are not offered again as candidates; their original is.
        assert listed(case(staff, "national", submit(client, **LAMP)["tracking_id"])) == [x]
        # The original cannot be merged into a report merged into it.
        back = staff.act("dishub_admin", x, "duplicate", {"of": b})
        assert back.status_code == 422 and back.json["error"]["details"][0]["code"] == "same_report"


def test_duplicates_are_counted_apart_in_statistics_and_compliance(client, staff):
    with on("2026-11-02"):
        x = submit(client, **LAMP)["tracking_id"]
        d = submit(client, **LAMP_AGAIN)["tracking_id"]
        for tracking_id in (x, d):
            assert staff.act("dishub_admin", tracking_id, "verify",
                             {"agency_id": "dishub-tanjungpinang"}).status_code == 200
    with on("2026-11-04"):
        staff.sign_out_all()
        assert staff.act("dishub_admin", d, "duplicate", {"of": x}).status_code == 200
        staff.act("dishub_admin", x, "start")
        staff.act("dishub_admin", x, "respond", {"message": "Sudah diperbaiki."})
        staff.act("dishub_admin", x, "close")
    with on("2026-12-01", 9):
        staff.sign_out_all()
        stats = staff.get("dishub_admin", "/admin/stats?period=2026-11&scope=agency:dishub-tanjungpinang")
        assert stats.status_code == 200, stats.json
        summary = stats.json["summary"]
        assert summary["duplicates"] == 1
        assert summary["received"] == 2
        # One matter, closed: the duplicate neither waits for an answer nor counts as closed.
        assert summary["completion_rate"] == {"count": 1, "of": 1, "percent": 100.0}
        assert summary["first_response_within_deadline"]["of"] == 1
        assert summary["completed_within_deadline"]["of"] == 1
        created = staff.post("national", "/admin/compliance-reports",
                             {"scope": "agency:dishub-tanjungpinang", "period": "2026-11"})
        assert created.status_code == 201, created.json
        figures = staff.get("national", f"/admin/compliance-reports/{created.json['id']}").json["figures"]
        assert figures["summary"]["duplicates"] == 1
