"""Reports officers record (``POST /admin/reports``): walk-ins, letters, calls and complaint-box
slips, written down with the moment they were really received.

Agency staff record for their own agency where it has authority, otherwise for the region's
coordinator (No Wrong Door), and never for another agency: a back-dated report would charge it
with deadlines it never had. National admins record for any agency; oversight records nothing.
A report recorded more than the policy's 14 days after it was received needs the reason, which
staff read in its timeline, and counts as recorded late in the agency's figures.
"""
from __future__ import annotations

from tests.conftest import STAFF_PASSWORD, Staff, create_staff_account, on, run_job

WALK_IN = {"kind": "complaint", "channel": "walk_in", "title": "Pungutan liar di loket KTP",
           "description": "Warga datang ke kantor dan melaporkan diminta membayar Rp50.000 untuk KTP-el.",
           "region_code": "64.08", "privacy": "anonymous",
           "reporter": {"name": "Pak Yohanes", "phone": "0813 4567 8910"}}
PUPR = "dpupr-tanjungpinang"
TANJUNGPINANG_COORDINATOR = "diskominfo-tanjungpinang"
DINSOS_PONTIANAK = ("admin.dinsos-pontianak", "dinsos-pontianak")
LATE_REASON = "Surat terselip di bagian umum dan baru diteruskan ke petugas pengaduan."


def letter_to_pupr(received_at: str, **overrides) -> dict:
    return {"kind": "complaint", "channel": "letter", "title": "Surat tentang drainase tersumbat",
            "description": "Surat warga RT 03 tentang saluran air yang tersumbat sejak musim hujan.",
            "region_code": "21.72", "agency_id": PUPR, "privacy": "public", "received_at": received_at,
            "reporter": {"name": "Pak RT", "email": "rt03@example.id"}, **overrides}


def sign_in_dinsos_pontianak(client) -> dict:
    """An agency admin of Kota Pontianak, far from Tanjungpinang's agencies."""
    username, agency_id = DINSOS_PONTIANAK
    create_staff_account(username, "agency_admin", agency_id, None)
    response = client.post("/auth/login", {"username": username, "password": STAFF_PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['id_token']}"}


def verification_queue(staff, name: str = "national") -> list[str]:
    response = staff.get(name, "/admin/reports?queue=verification")
    assert response.status_code == 200, response.json
    return [item["tracking_id"] for item in response.json["items"]]


def assert_forbidden(response) -> None:
    assert response.status_code == 403, response.json
    assert set(response.json["error"]) == {"code", "message", "details"}
    assert response.json["error"]["code"] == "forbidden"


# --- recording and its clock ---------------------------------------------------------------


def test_an_officer_records_a_walk_in_and_the_clock_starts_when_it_was_received(client, staff):
    with on("2026-11-25"):
        response = staff.post("national", "/admin/reports",
                              {**WALK_IN, "received_at": "2026-11-20T16:30:00+08:00"})
        case = staff.get("national", f"/admin/reports/{response.json['tracking_id']}").json

    assert response.status_code == 201, response.json
    # Received Friday 20 Nov in Kutai Timur (WITA): due three working days later, end of day WITA.
    assert response.json["received_at"] == "2026-11-20T16:30:00+08:00"
    assert response.json["deadlines"]["verification_due"] == "2026-11-25T23:59:59+08:00"
    assert response.json["agency"]["agency_id"] == "diskominfo-kutaitimur"
    assert case["channel"] == "walk_in"
    assert case["timeline"][0]["event_type"] == "recorded"
    assert case["timeline"][0]["actor_username"] == "admin.nasional"
    assert "recorded_late" not in case["timeline"][0]["details"]
    assert case["reporter"]["identity_hidden"] is True


def test_a_recorded_report_from_the_future_or_older_than_two_years_is_refused(client, staff):
    with on("2026-11-23"):
        officer = Staff(client)
        future = officer.post("national", "/admin/reports", {**WALK_IN, "received_at": "2026-11-24T09:00:00+08:00"})
        ancient = officer.post("national", "/admin/reports", {**WALK_IN, "received_at": "2024-11-20T09:00:00+08:00"})
        naive = officer.post("national", "/admin/reports", {**WALK_IN, "received_at": "2026-11-20T09:00:00"})
        year_one = officer.post("national", "/admin/reports", {**WALK_IN, "received_at": "0001-01-01T00:00:00+07:00"})

    assert (future.status_code, ancient.status_code, naive.status_code, year_one.status_code) == (422,) * 4
    assert year_one.json["error"]["details"][0]["code"] == "date_out_of_range"
    assert future.json["error"]["details"][0]["field"] == "received_at"
    assert ancient.json["error"]["details"][0]["code"] == "too_old"


# --- for whom staff may record ----------------------------------------------------------------


def test_an_officers_own_agency_takes_what_it_records_when_it_has_authority(client, staff):
    body = {**WALK_IN, "region_code": "21.72", "channel": "letter", "received_at": "2026-11-20T09:00:00+07:00"}
    with on("2026-11-25"):
        by_admin = staff.post("pupr_admin", "/admin/reports", body)
        by_officer = staff.post("binamarga_officer", "/admin/reports", body)
        naming_itself = staff.post("binamarga_officer", "/admin/reports", {**body, "agency_id": PUPR})

    assert [r.status_code for r in (by_admin, by_officer, naming_itself)] == [201, 201, 201]
    assert {r.json["agency"]["agency_id"] for r in (by_admin, by_officer, naming_itself)} == {PUPR}


def test_a_back_dated_letter_aimed_at_another_agency_is_refused_and_charges_it_nothing(client, staff, mailbox):
    # The attack: Dinsos Pontianak records a "letter" for Dinas PUPR Tanjungpinang received 300
    # days ago, so that the sweep marks PUPR's breach and mails its admins and the nation.
    with on("2026-11-23"):
        pontianak = sign_in_dinsos_pontianak(client)
        from_pontianak = client.post("/admin/reports", letter_to_pupr("2026-01-27T09:00:00+07:00",
                                                                      late_reason=LATE_REASON), headers=pontianak)
        from_a_unit_officer = staff.post("binamarga_officer", "/admin/reports",
                                         letter_to_pupr("2026-01-27T09:00:00+07:00", agency_id="dishub-tanjungpinang",
                                                        late_reason=LATE_REASON))
        sweep = run_job(client, "sla_sweep")
        run_job(client, "send_notifications")
        queue = verification_queue(staff)

    assert_forbidden(from_pontianak)
    assert_forbidden(from_a_unit_officer)
    assert "Surat tentang drainase" not in str(from_pontianak.json)
    assert sweep["handled"] == {}
    assert mailbox.emails() == [] and queue == []


def test_a_report_outside_the_officers_authority_goes_to_that_regions_coordinator(client, staff):
    # No Wrong Door at the counter: a Pontianak officer receives a walk-in about Tanjungpinang.
    walk_in = {**WALK_IN, "region_code": "21.72", "received_at": "2026-11-20T09:00:00+07:00"}
    with on("2026-11-23"):
        pontianak = sign_in_dinsos_pontianak(client)
        response = client.post("/admin/reports", walk_in, headers=pontianak)
        naming_own_agency = client.post("/admin/reports", {**walk_in, "agency_id": "dinsos-pontianak"},
                                        headers=pontianak)

    assert response.status_code == 201, response.json
    assert response.json["agency"]["agency_id"] == TANJUNGPINANG_COORDINATOR
    assert naming_own_agency.status_code == 422
    assert naming_own_agency.json["error"]["details"][0] == {
        "field": "agency_id", "code": "agency_outside_region",
        "message": naming_own_agency.json["error"]["details"][0]["message"]}


def test_national_admins_record_for_any_agency(client, staff):
    with on("2026-11-23"):
        response = staff.post("national", "/admin/reports",
                              {**WALK_IN, "region_code": "61.71", "agency_id": "dpupr-pontianak",
                               "received_at": "2026-11-20T09:00:00+07:00"})

    assert response.status_code == 201, response.json
    assert response.json["agency"]["agency_id"] == "dpupr-pontianak"


def test_oversight_viewers_do_not_record_reports(client, staff):
    with on("2026-11-23"):
        response = staff.post("oversight", "/admin/reports", {**WALK_IN, "received_at": "2026-11-20T09:00:00+08:00"})
        queue = verification_queue(staff)

    assert_forbidden(response)
    assert queue == []


# --- recorded late ------------------------------------------------------------------------------


def test_a_report_recorded_more_than_fourteen_days_after_receipt_needs_a_reason(client, staff):
    with on("2026-11-23", 10):  # 10:00 WIB
        late = staff.post("pupr_admin", "/admin/reports", letter_to_pupr("2026-11-09T09:59:00+07:00"))
        blank = staff.post("pupr_admin", "/admin/reports",
                           letter_to_pupr("2026-11-09T09:59:00+07:00", late_reason="   "))
        rambling = staff.post("pupr_admin", "/admin/reports",
                              letter_to_pupr("2026-11-09T09:59:00+07:00", late_reason="x" * 501))
        just_in_time = staff.post("pupr_admin", "/admin/reports", letter_to_pupr("2026-11-09T10:01:00+07:00"))
        queue = verification_queue(staff)

    assert late.status_code == 422
    assert late.json["error"]["details"][0]["field"] == "late_reason"
    assert late.json["error"]["details"][0]["code"] == "late_reason_required"
    assert [blank.status_code, rambling.status_code] == [422, 422]
    assert {blank.json["error"]["details"][0]["field"], rambling.json["error"]["details"][0]["field"]} == {
        "late_reason"}
    assert just_in_time.status_code == 201, just_in_time.json
    assert queue == [just_in_time.json["tracking_id"]]


def test_staff_read_why_a_report_was_recorded_late_and_the_public_does_not(client, staff):
    with on("2026-11-23"):
        recorded = staff.post("pupr_admin", "/admin/reports",
                              letter_to_pupr("2026-10-01T09:00:00+07:00", late_reason=LATE_REASON))
        tracking_id = recorded.json["tracking_id"]
        as_agency = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
        as_oversight = staff.get("oversight", f"/admin/reports/{tracking_id}").json
        public = client.get(f"/reports/{tracking_id}")
        as_reporter = client.get(f"/reports/{tracking_id}",
                                 headers={"Authorization": f"Bearer {recorded.json['access_token']}"})

    assert recorded.status_code == 201, recorded.json
    for view in (as_agency, as_oversight):
        first = view["timeline"][0]
        assert first["event_type"] == "recorded"
        assert first["details"]["recorded_late"] is True
        assert first["details"]["late_reason"] == LATE_REASON
    assert public.status_code == as_reporter.status_code == 200
    for answer in (public, as_reporter):
        assert LATE_REASON not in str(answer.json)
        assert "recorded_late" not in str(answer.json)


def test_reports_recorded_late_count_for_the_agency_on_the_day_they_were_recorded(client, staff):
    with on("2026-11-23"):
        late = staff.post("pupr_admin", "/admin/reports",
                          letter_to_pupr("2026-10-01T09:00:00+07:00", late_reason=LATE_REASON))
        on_time = staff.post("pupr_admin", "/admin/reports", letter_to_pupr("2026-11-20T09:00:00+07:00"))
        # A reason given when none is needed is kept, but the report is not late.
        explained = staff.post("pupr_admin", "/admin/reports",
                               letter_to_pupr("2026-11-20T09:00:00+07:00", late_reason="Dicatat sore hari."))
    assert [late.status_code, on_time.status_code, explained.status_code] == [201, 201, 201]
    with on("2026-12-01"):
        staff.sign_out_all()
        november = staff.get("pupr_admin", "/admin/stats?period=2026-11").json
        october = staff.get("pupr_admin", "/admin/stats?period=2026-10").json
        national = staff.get("oversight", "/admin/stats?scope=national&period=2026-11").json

    assert november["summary"]["recorded_late"] == 1
    assert november["summary"]["received"] == 2
    assert october["summary"]["received"] == 1 and october["summary"]["recorded_late"] == 0
    assert national["summary"]["recorded_late"] == 1
    assert november["change"]["recorded_late"] == 1


def test_the_api_description_names_the_late_reason_and_the_figure(client):
    schemas = client.get("/openapi.json").json["components"]["schemas"]

    assert "late_reason" in schemas["RecordedReport"]["properties"]
    assert "recorded_late" in schemas["Figures"]["required"]
