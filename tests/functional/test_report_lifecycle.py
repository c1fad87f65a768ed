"""A report's whole life through the API, with the deadlines checked to the day.

The story runs over Christmas and New Year 2026/27 in Kota Tanjungpinang (WIB), so the
deadlines cross cuti bersama (24 Dec), Christmas (25 Dec), New Year (1 Jan) and
Isra Mi'raj (5 Jan 2027).
"""
from __future__ import annotations

from tests.conftest import Staff, on, submit


def end_of(day: str) -> str:
    return f"{day}T23:59:59+07:00"


def statuses_in_timeline(view: dict) -> list[str]:
    return [entry["event_type"] for entry in view["timeline"]]


def test_a_complaint_lives_through_every_state_with_deadlines_counted_in_working_days(client, staff):
    with on("2026-12-21"):  # Monday
        receipt = submit(client)
        tracking_id, token = receipt["tracking_id"], receipt["access_token"]
        reporter = {"Authorization": f"Bearer {token}"}
        # 3 working days: 22, 23 Dec, (24 cuti bersama, 25 Christmas, weekend), 28 Dec.
        assert receipt["deadlines"]["verification_due"] == end_of("2026-12-28")

    with on("2026-12-22"):
        held = Staff(client).act("pupr_admin", tracking_id, "hold",
                                 {"message": "Mohon lampirkan foto lokasi.", "note": "foto belum ada"})
        assert held.status_code == 200, held.json
        assert held.json["status"] == "on_hold"

    with on("2026-12-29"):
        resumed = Staff(client).act("pupr_admin", tracking_id, "resume")
        assert resumed.json["status"] == "submitted"
        # Paused on the working days 23, 28 and 29 Dec: the deadline moves three working days later.
        assert resumed.json["deadlines"]["verification_due"] == end_of("2026-12-31")

    with on("2026-12-30"):
        verified = Staff(client).act("pupr_admin", tracking_id, "verify",
                                     {"agency_id": "dpupr-tanjungpinang", "complexity": "simple"})
        assert verified.json["status"] == "dispositioned"
        # 31 Dec, (1 Jan), 4, (5 Jan Isra Mi'raj), 6, 7, 8 Jan.
        assert verified.json["deadlines"]["first_response_due"] == end_of("2027-01-08")
        assert verified.json["deadlines"]["completion_due"] == end_of("2027-01-21")

    with on("2026-12-31"):
        transferred = Staff(client).act("pupr_admin", tracking_id, "transfer",
                                        {"agency_id": "dishub-tanjungpinang",
                                         "reason": "Rambu lalu lintas, bukan jalan."})
        assert transferred.json["agency"]["agency_id"] == "dishub-tanjungpinang"
        assert transferred.json["status"] == "dispositioned"
        # Fresh clocks for the new agency, from the day of the transfer.
        assert transferred.json["deadlines"]["first_response_due"] == end_of("2027-01-11")
        assert transferred.json["deadlines"]["completion_due"] == end_of("2027-01-22")
        assert transferred.json["tracking_id"] == tracking_id
        # The old agency no longer sees it; the new one does.
        assert Staff(client).get("pupr_admin", f"/admin/reports/{tracking_id}").status_code == 403

    with on("2027-01-04"):
        started = Staff(client).act("dishub_admin", tracking_id, "start")
        assert started.json["status"] == "in_progress"

    with on("2027-01-06"):
        answered = Staff(client).act("dishub_admin", tracking_id, "respond",
                                     {"message": "Rambu akan dipasang minggu ini."})
        assert answered.json["status"] == "responded"
        assert answered.json["deadlines"]["auto_close_due"] == end_of("2027-01-20")

    with on("2027-01-07"):
        replied = client.post(f"/reports/{tracking_id}/replies", {"message": "Belum ada rambu sampai hari ini."},
                              headers=reporter)
        assert replied.status_code == 200, replied.json
        assert replied.json["status"] == "reporter_replied"
        # The follow-up clock starts again from the reply; the auto-close clock stops.
        assert replied.json["deadlines"]["first_response_due"] == end_of("2027-01-14")
        assert replied.json["deadlines"]["auto_close_due"] is None

    with on("2027-01-08"):
        again = Staff(client).act("dishub_admin", tracking_id, "respond", {"message": "Rambu sudah dipasang."})
        assert again.json["deadlines"]["auto_close_due"] == end_of("2027-01-22")

    with on("2027-01-11"):
        reopened = client.post(f"/reports/{tracking_id}/feedback", {"resolved": False, "rating": 2},
                               headers=reporter)
        assert reopened.json["status"] == "reporter_replied"
        assert reopened.json["deadlines"]["first_response_due"] == end_of("2027-01-18")
        case = Staff(client).get("dishub_admin", f"/admin/reports/{tracking_id}").json
        assert case["reopened_count"] == 1

    with on("2027-01-12"):
        Staff(client).act("dishub_admin", tracking_id, "respond", {"message": "Rambu diganti yang lebih besar."})

    with on("2027-01-13"):
        closed = Staff(client).act("dishub_admin", tracking_id, "close", {"message": "Selesai ditangani."})
        assert closed.json["status"] == "closed"
        assert closed.json["allowed_actions"] == []

    with on("2027-01-14"):
        rated = client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5}, headers=reporter)
        assert rated.status_code == 200, rated.json
        assert rated.json["status"] == "closed"
        assert rated.json["feedback"]["rating"] == 5

    seen_by_reporter = client.get(f"/reports/{tracking_id}", headers=reporter).json
    assert statuses_in_timeline(seen_by_reporter) == [
        "submitted", "held", "resumed", "verified", "transferred", "started", "responded",
        "reporter_replied", "responded", "feedback", "reopened", "responded", "closed", "feedback"]
    # Internal notes and the transfer's reason stay with staff.
    text = str(seen_by_reporter)
    assert "foto belum ada" not in text and "bukan jalan" not in text

    with on("2027-01-14", hour=11):
        seen_by_staff = Staff(client).get("dishub_admin", f"/admin/reports/{tracking_id}").json
    transfer = next(e for e in seen_by_staff["timeline"] if e["event_type"] == "transferred")
    assert transfer["details"]["reason"] == "Rambu lalu lintas, bukan jalan."
    assert transfer["actor_username"] == "admin.dpupr-tanjungpinang"
    assert [e["status_to"] for e in seen_by_staff["timeline"]][-2:] == ["closed", "closed"]


def test_an_archived_report_is_finished_for_everyone(client, staff):
    receipt = submit(client)
    tracking_id = receipt["tracking_id"]

    archived = staff.act("pupr_admin", tracking_id, "archive", {"reason": "duplicate",
                                                                "message": "Sama dengan laporan sebelumnya."})

    assert archived.json["status"] == "archived"
    assert archived.json["archive_reason"] == "duplicate"
    assert archived.json["allowed_actions"] == []
    refused = staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "invalid_transition"
    public = client.get(f"/reports/{tracking_id}").json
    assert public["status"] == "archived"
    assert public["timeline"][-1]["details"] == {"archive_reason": "duplicate"}


def test_an_illegal_move_is_refused_naming_what_is_allowed_now(client, staff):
    tracking_id = submit(client)["tracking_id"]

    response = staff.act("pupr_admin", tracking_id, "respond", {"message": "Sudah kami tangani."})

    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "invalid_transition"
    assert error["details"][0]["message"] == "verify, hold, archive, duplicate"
    assert "verify, hold, archive, duplicate" in error["message"]
    assert staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json["version"] == 1


def test_an_investigated_complaint_gets_sixty_working_days_and_an_information_request_five(client, staff):
    with on("2026-11-23"):
        complaint = submit(client)["tracking_id"]
        request = submit(client, kind="information_request")["tracking_id"]
        officer = Staff(client)
        deep = officer.act("pupr_admin", complaint, "verify", {"agency_id": "dpupr-tanjungpinang",
                                                               "complexity": "investigation"})
        info = officer.act("pupr_admin", request, "verify", {"agency_id": "dpupr-tanjungpinang"})

    # 60 working days from Monday 23 Nov 2026, skipping 24-25 Dec and 1 and 5 Jan.
    assert deep.json["deadlines"]["completion_due"] == end_of("2027-02-22")
    assert info.json["deadlines"]["completion_due"] == end_of("2026-11-30")
    assert info.json["complexity"] is None


def test_a_wrong_expected_version_changes_nothing(client, staff):
    tracking_id = submit(client)["tracking_id"]

    response = staff.act("pupr_admin", tracking_id, "verify",
                         {"agency_id": "dpupr-tanjungpinang", "expected_version": 7})

    assert response.status_code == 409
    assert response.json["error"]["code"] == "version_conflict"
    case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert (case["status"], case["version"], len(case["timeline"])) == ("submitted", 1, 1)


def test_verification_may_tighten_a_reporters_privacy_but_never_loosen_it(client, staff):
    anonymous = submit(client, privacy="anonymous")["tracking_id"]
    public = submit(client)["tracking_id"]

    loosened = staff.act("pupr_admin", anonymous, "verify", {"agency_id": "dpupr-tanjungpinang",
                                                             "privacy": "public"})
    tightened = staff.act("pupr_admin", public, "verify", {"agency_id": "dpupr-tanjungpinang",
                                                           "privacy": "confidential"})

    assert loosened.status_code == 422
    assert loosened.json["error"]["details"][0]["code"] == "privacy_loosened"
    assert tightened.json["privacy"] == "confidential"
    assert client.get(f"/reports/{public}").status_code == 404


def test_routing_to_an_agency_without_authority_in_the_region_is_refused(client, staff):
    tracking_id = submit(client)["tracking_id"]

    response = staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-pontianak"})

    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == "agency_id"
    assert staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json["status"] == "submitted"
