"""The console's administration API: who may list staff accounts, read and add agencies, and
read and change the holiday calendar (DESIGN §1, §3), and what a changed calendar does to
the deadlines of reports submitted afterwards (DESIGN §2).
"""
from __future__ import annotations

import pytest

from devtools import demo_data, directory
from tests.conftest import STAFF_ACCOUNTS, on, submit

PUPR, DISHUB = "dpupr-tanjungpinang", "dishub-tanjungpinang"

NEW_AGENCY = {
    "agency_id": "bapenda-tanjungpinang",
    "name": "Badan Pendapatan Daerah Kota Tanjungpinang",
    "short_name": "Bapenda Tanjungpinang",
    "region_code": "21.72",
    "time_zone": "Asia/Jakarta",
    "coordinator": False,
    "units": [{"unit_id": "bapenda-tanjungpinang.pbb", "name": "Bidang Pajak Bumi dan Bangunan"},
              {"unit_id": "bapenda-tanjungpinang.retribusi", "name": "Bidang Retribusi Daerah"}],
}


def contract_error(response, status: int, code: str) -> dict:
    """The error object of a refusal, after checking its status, shape and code."""
    assert response.status_code == status, response.json
    assert set(response.json) == {"error"}
    error = response.json["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code, error
    assert error["message"]
    for detail in error["details"]:
        assert set(detail) == {"field", "code", "message"}
    return error


def detail_codes(error: dict) -> dict[str, str]:
    return {detail["field"]: detail["code"] for detail in error["details"]}


def usernames(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["username"] for item in response.json["items"]]


def delete(staff, name: str, path: str, **kwargs):
    return staff.client.request("DELETE", path, headers={**staff.headers(name), **kwargs.pop("headers", {})},
                                **kwargs)


# --- the staff directory: GET /admin/users -------------------------------------------------


def test_a_national_admin_lists_every_staff_account_in_username_order(staff):
    response = staff.get("national", "/admin/users")

    everyone = sorted(username for username, *_ in STAFF_ACCOUNTS.values())
    assert usernames(response) == everyone
    assert response.json["cursor"] is None
    assert response.headers["Cache-Control"] == "no-store"
    officer = next(item for item in response.json["items"] if item["username"] == "petugas.binamarga")
    assert officer == {"username": "petugas.binamarga", "role": "unit_officer", "agency_id": PUPR,
                       "unit_id": "dpupr-tanjungpinang.bina-marga", "email": "petugas.binamarga@aduan.test",
                       "phone": None, "created_at": officer["created_at"], "disabled_at": None}
    assert officer["created_at"]


def test_the_directory_comes_in_pages_that_together_list_everyone_once(staff):
    seen, cursor, pages = [], None, 0
    while True:
        path = "/admin/users?limit=2" + (f"&cursor={cursor}" if cursor else "")
        response = staff.get("national", path)
        page = usernames(response)
        assert len(page) <= 2
        seen += page
        pages += 1
        cursor = response.json["cursor"]
        if cursor is None:
            break
        assert pages < 10, "the cursor never ends"

    assert seen == sorted(username for username, *_ in STAFF_ACCOUNTS.values())


def test_a_national_admin_filters_by_agency_by_role_or_both(staff):
    assert usernames(staff.get("national", f"/admin/users?agency_id={PUPR}")) == [
        "admin.dpupr-tanjungpinang", "petugas.binamarga", "petugas.sda"]
    assert usernames(staff.get("national", "/admin/users?role=unit_officer")) == [
        "petugas.binamarga", "petugas.sda"]
    assert usernames(staff.get("national", f"/admin/users?agency_id={PUPR}&role=agency_admin")) == [
        "admin.dpupr-tanjungpinang"]
    assert usernames(staff.get("national", "/admin/users?role=oversight")) == ["ombudsman"]


def test_an_agency_admin_sees_only_its_own_agency_and_the_accounts_it_creates(staff):
    assert usernames(staff.get("pupr_admin", "/admin/users")) == [
        "admin.dpupr-tanjungpinang", "petugas.binamarga", "petugas.sda"]
    assert usernames(staff.get("pupr_admin", f"/admin/users?agency_id={PUPR}&role=unit_officer")) == [
        "petugas.binamarga", "petugas.sda"]

    created = staff.post("pupr_admin", "/admin/users", {
        "username": "petugas.ciptakarya", "password": "Kuat#Sekali2026", "role": "unit_officer",
        "agency_id": PUPR, "unit_id": "dpupr-tanjungpinang.cipta-karya"})
    assert created.status_code == 201, created.json

    assert "petugas.ciptakarya" in usernames(staff.get("pupr_admin", "/admin/users"))
    assert "petugas.ciptakarya" not in usernames(staff.get("dishub_admin", "/admin/users"))


def test_an_agency_admin_may_not_list_another_agency(staff):
    error = contract_error(staff.get("pupr_admin", f"/admin/users?agency_id={DISHUB}"), 403, "forbidden")

    assert "instansi Anda" in error["message"]


@pytest.mark.parametrize("name", ["binamarga_officer", "oversight"])
def test_unit_officers_and_oversight_may_not_list_staff(staff, name):
    contract_error(staff.get(name, "/admin/users"), 403, "forbidden")


def test_the_directory_refuses_bad_filters_and_foreign_cursors(staff):
    error = contract_error(staff.get("national", "/admin/users?role=superuser"), 422, "validation_failed")
    assert detail_codes(error) == {"role": "enum"}
    error = contract_error(staff.get("national", "/admin/users?limit=0"), 422, "validation_failed")
    assert detail_codes(error) == {"limit": "out_of_range"}
    error = contract_error(staff.get("national", "/admin/users?agency_id=Not%20An%20Id"), 422, "validation_failed")
    assert detail_codes(error) == {"agency_id": "string_pattern_mismatch"}

    # A cursor from the role listing is not a position in the all-roles listing.
    cursor = staff.get("national", "/admin/users?role=unit_officer&limit=1").json["cursor"]
    assert cursor
    error = contract_error(staff.get("national", f"/admin/users?cursor={cursor}"), 400, "bad_request")
    assert detail_codes(error) == {"cursor": "invalid_cursor"}


def test_the_directory_needs_a_signed_in_caller(client):
    contract_error(client.get("/admin/users"), 401, "unauthorized")


# --- agencies: GET/POST /admin/agencies ----------------------------------------------------


def test_any_staff_member_lists_a_regions_agencies_with_their_units(staff):
    response = staff.get("binamarga_officer", "/admin/agencies?region_code=21.72")

    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    by_id = {item["agency_id"]: item for item in response.json["items"]}
    expected = {a["agency_id"] for a in demo_data.AGENCIES if a["region_code"] == "21.72"}
    assert set(by_id) == expected
    assert by_id[PUPR]["units"] == [
        {"unit_id": "dpupr-tanjungpinang.bina-marga", "name": "Bidang Bina Marga"},
        {"unit_id": "dpupr-tanjungpinang.cipta-karya", "name": "Bidang Cipta Karya"},
        {"unit_id": "dpupr-tanjungpinang.sumber-daya-air", "name": "Bidang Sumber Daya Air"}]
    assert by_id[DISHUB]["units"] == []
    assert by_id["diskominfo-tanjungpinang"]["coordinator"] is True
    assert by_id[PUPR] | {"units": None} == {
        "agency_id": PUPR, "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang",
        "short_name": "Dinas PUPR Tanjungpinang", "region_code": "21.72", "time_zone": "Asia/Jakarta",
        "coordinator": False, "active": True, "affairs": ["pekerjaan-umum-dan-penataan-ruang"], "template": False,
        "merged_into": None, "answers_need_approval": False, "units": None}


def test_without_a_region_every_active_agency_is_listed_without_units(staff):
    response = staff.get("oversight", "/admin/agencies?limit=20")

    assert response.status_code == 200, response.json
    items, cursor = response.json["items"], response.json["cursor"]
    while cursor:  # thousands in a country: a page at a time
        page = staff.get("oversight", f"/admin/agencies?limit=20&cursor={cursor}").json
        items, cursor = items + page["items"], page["cursor"]
    expected = [*demo_data.AGENCIES, *directory.national_bodies()]
    assert [item["agency_id"] for item in items] == sorted(a["agency_id"] for a in expected)
    assert all("units" not in item for item in items)


def test_every_agency_of_the_country_comes_in_pages_by_id(staff):
    first = staff.get("oversight", "/admin/agencies?limit=10").json
    second = staff.get("oversight", f"/admin/agencies?limit=10&cursor={first['cursor']}").json

    ids = [item["agency_id"] for item in first["items"] + second["items"]]
    assert len(ids) == 20 and ids == sorted(ids) and len(set(ids)) == 20
    assert staff.get("oversight", "/admin/agencies?cursor=bm90LWEtY3Vyc29y").status_code == 400
    assert staff.get("oversight", "/admin/agencies?limit=501").status_code == 422


def test_one_agency_is_shown_with_its_units_and_an_unknown_one_is_a_404(staff):
    response = staff.get("dishub_admin", f"/admin/agencies/{PUPR}")
    assert response.status_code == 200, response.json
    assert len(response.json["units"]) == 3

    contract_error(staff.get("dishub_admin", "/admin/agencies/dinas-tidak-ada"), 404, "not_found")
    contract_error(staff.get("dishub_admin", "/admin/agencies/NOT_AN_ID"), 404, "not_found")


def test_agencies_of_an_unknown_or_malformed_region_are_refused(staff):
    error = contract_error(staff.get("national", "/admin/agencies?region_code=99.99"), 422, "validation_failed")
    assert detail_codes(error) == {"region_code": "unknown_region"}
    error = contract_error(staff.get("national", "/admin/agencies?region_code=21-72"), 422, "validation_failed")
    assert detail_codes(error) == {"region_code": "string_pattern_mismatch"}


def test_agencies_need_a_signed_in_caller(client):
    contract_error(client.get("/admin/agencies"), 401, "unauthorized")
    contract_error(client.post("/admin/agencies", NEW_AGENCY), 401, "unauthorized")


def test_a_national_admin_adds_an_agency_that_citizens_can_then_report_to(client, staff):
    response = staff.post("national", "/admin/agencies", NEW_AGENCY)

    assert response.status_code == 201, response.json
    assert response.headers["Location"] == "/admin/agencies/bapenda-tanjungpinang"
    assert response.json == {**NEW_AGENCY, "active": True, "affairs": [], "template": False, "merged_into": None,
                             "answers_need_approval": False}
    shown = staff.get("pupr_admin", "/admin/agencies/bapenda-tanjungpinang").json
    assert shown["units"] == NEW_AGENCY["units"]
    listed = staff.get("pupr_admin", "/admin/agencies?region_code=21.72").json["items"]
    assert "bapenda-tanjungpinang" in [item["agency_id"] for item in listed]
    public = client.get("/agencies?region_code=21.72").json["agencies"]
    assert "bapenda-tanjungpinang" in [agency["agency_id"] for agency in public]

    receipt = submit(client, agency_id="bapenda-tanjungpinang", topic=None)
    assert receipt["agency"]["agency_id"] == "bapenda-tanjungpinang"


def test_the_same_agency_id_twice_is_a_409_and_changes_nothing(staff):
    assert staff.post("national", "/admin/agencies", NEW_AGENCY).status_code == 201

    again = dict(NEW_AGENCY, name="Nama Lain Sama Sekali", units=[
        {"unit_id": "bapenda-tanjungpinang.lain", "name": "Bidang Lain"}])
    error = contract_error(staff.post("national", "/admin/agencies", again), 409, "agency_exists")

    assert detail_codes(error) == {"agency_id": "agency_exists"}
    shown = staff.get("national", "/admin/agencies/bapenda-tanjungpinang").json
    assert shown["name"] == NEW_AGENCY["name"]
    assert shown["units"] == NEW_AGENCY["units"]


def test_a_national_agency_takes_region_id_and_a_region_keeps_one_coordinator(staff):
    national = {"agency_id": "ombudsman-ri", "name": "Ombudsman Republik Indonesia", "short_name": "ORI",
                "region_code": "ID", "time_zone": "Asia/Jakarta"}
    created = staff.post("national", "/admin/agencies", national)
    assert created.status_code == 201, created.json
    assert created.json["units"] == [] and created.json["coordinator"] is False

    second_coordinator = dict(NEW_AGENCY, coordinator=True, units=[])
    error = contract_error(staff.post("national", "/admin/agencies", second_coordinator), 409, "coordinator_exists")
    assert detail_codes(error) == {"coordinator": "coordinator_exists"}
    assert staff.get("national", "/admin/agencies/bapenda-tanjungpinang").status_code == 404


def test_the_first_coordinator_of_a_region_receives_its_reports_that_name_no_agency(client, staff):
    from chalicelib.store.models import RegionModel

    # Kota Batam: a region of Kepulauan Riau with no agency yet; reports go up to the province.
    RegionModel("21.71", name="Kota Batam", level="city", parent_code="21", time_zone="Asia/Jakarta",
                country="ID").save()
    assert submit(client, region_code="21.71", agency_id=None)["agency"]["agency_id"] == "diskominfo-kepri"

    coordinator = {"agency_id": "diskominfo-batam", "name": "Dinas Komunikasi dan Informatika Kota Batam",
                   "short_name": "Diskominfo Batam", "region_code": "21.71", "time_zone": "Asia/Jakarta",
                   "coordinator": True}
    created = staff.post("national", "/admin/agencies", coordinator)
    assert created.status_code == 201, created.json

    assert submit(client, region_code="21.71", agency_id=None)["agency"]["agency_id"] == "diskominfo-batam"
    assert RegionModel.get("21.71").coordinator_agency_id == "diskominfo-batam"
    rival = dict(coordinator, agency_id="dinas-lain-batam", short_name="Dinas Lain")
    contract_error(staff.post("national", "/admin/agencies", rival), 409, "coordinator_exists")


@pytest.mark.parametrize("name", ["pupr_admin", "coordinator_admin", "binamarga_officer", "oversight"])
def test_only_a_national_admin_adds_agencies(staff, name):
    contract_error(staff.post(name, "/admin/agencies", NEW_AGENCY), 403, "forbidden")

    assert staff.get("national", "/admin/agencies/bapenda-tanjungpinang").status_code == 404


@pytest.mark.parametrize("change, field, code", [
    ({"region_code": "99.99"}, "region_code", "unknown_region"),
    ({"time_zone": "Asia/Makassar"}, "time_zone", "time_zone_mismatch"),
    ({"time_zone": "Asia/Singapore"}, "time_zone", "literal_error"),
    ({"agency_id": "Bapenda Kota"}, "agency_id", "string_pattern_mismatch"),
    ({"units": [{"unit_id": "dpupr-tanjungpinang.pbb", "name": "Bidang PBB"}]}, "units.0.unit_id",
     "unit_outside_agency"),
    ({"units": [{"unit_id": "bapenda-tanjungpinang.pbb", "name": "A"},
                {"unit_id": "bapenda-tanjungpinang.pbb", "name": "B"}]}, "units.1.unit_id", "duplicate_unit"),
    ({"units": [{"unit_id": f"bapenda-tanjungpinang.u{n}", "name": "U"} for n in range(51)]}, "units", "too_long"),
    ({"coordinator": "ya"}, "coordinator", "bool_type"),
    ({"extra": 1}, "extra", "extra_forbidden"),
])
def test_a_malformed_agency_is_refused_with_the_field_named(staff, change, field, code):
    error = contract_error(staff.post("national", "/admin/agencies", {**NEW_AGENCY, **change}), 422,
                           "validation_failed")

    assert detail_codes(error) == {field: code}
    assert staff.get("national", "/admin/agencies/bapenda-tanjungpinang").status_code == 404


# --- holidays: GET/POST/DELETE /admin/holidays ---------------------------------------------


def test_any_staff_member_reads_the_national_holidays_of_a_year_in_date_order(staff):
    response = staff.get("binamarga_officer", "/admin/holidays?year=2026")

    assert response.status_code == 200, response.json
    assert response.json["year"] == 2026
    items = response.json["items"]
    assert [item["date"] for item in items] == sorted(item["date"] for item in items)
    assert all(item["source"] == "national" and item["added_by"] is None for item in items)
    by_date = {item["date"]: item for item in items}
    assert by_date["2026-08-17"]["name"] == "Hari Kemerdekaan Republik Indonesia"
    assert by_date["2026-08-17"]["name_en"] == "Independence Day"
    assert "Cuti Bersama" in by_date["2026-03-18"]["name"]  # joint leave counts too


def test_the_holiday_calendar_defaults_to_this_year_in_wib(staff):
    with on("2027-01-01", 3):  # already 2027 in Jakarta while still 2026 in UTC
        staff.sign_out_all()
        response = staff.get("oversight", "/admin/holidays")

    assert response.status_code == 200, response.json
    assert response.json["year"] == 2027
    assert response.json["items"][0]["date"] == "2027-01-01"


@pytest.mark.parametrize("year", ["2019", "2101", "dua-ribu", "-2026"])
def test_a_year_outside_2020_to_2100_is_refused(staff, year):
    error = contract_error(staff.get("national", f"/admin/holidays?year={year}"), 422, "validation_failed")

    assert detail_codes(error) == {"year": "out_of_range"}


def test_an_added_holiday_moves_the_deadline_of_reports_submitted_afterwards_only(client, staff):
    with on("2026-11-23", 10):  # Monday; no national holiday this week
        staff.sign_out_all()
        before = submit(client)
        # 3 working days after Monday: Tue 24, Wed 25, Thu 26.
        assert before["deadlines"]["verification_due"] == "2026-11-26T23:59:59+07:00"

        added = staff.post("national", "/admin/holidays", {"date": "2026-11-25", "name": "Pilkada serentak"})
        assert added.status_code == 201, added.json
        assert added.json == {"date": "2026-11-25", "name": "Pilkada serentak", "name_en": None,
                              "source": "added", "added_by": "admin.nasional"}

        after = submit(client)
        assert after["deadlines"]["verification_due"] == "2026-11-27T23:59:59+07:00"
        # Deadlines already set are not recomputed.
        case = staff.get("pupr_admin", f"/admin/reports/{before['tracking_id']}").json
        assert case["deadlines"]["verification_due"] == "2026-11-26T23:59:59+07:00"

        listed = staff.get("binamarga_officer", "/admin/holidays?year=2026").json["items"]
        assert {"date": "2026-11-25", "name": "Pilkada serentak", "name_en": None, "source": "added",
                "added_by": "admin.nasional"} in listed
        assert [item["date"] for item in listed] == sorted(item["date"] for item in listed)

        removed = delete(staff, "national", "/admin/holidays/2026-11-25")
        assert removed.status_code == 200, removed.json
        assert removed.json["date"] == "2026-11-25"
        assert submit(client)["deadlines"]["verification_due"] == "2026-11-26T23:59:59+07:00"
        listed = staff.get("national", "/admin/holidays?year=2026").json["items"]
        assert all(item["source"] == "national" for item in listed)


def test_the_same_date_added_twice_is_a_409(staff):
    body = {"date": "2026-11-25", "name": "Pilkada serentak"}
    assert staff.post("national", "/admin/holidays", body).status_code == 201

    error = contract_error(staff.post("national", "/admin/holidays", dict(body, name="Lagi")), 409,
                           "holiday_exists")
    assert detail_codes(error) == {"date": "holiday_exists"}


def test_a_weekend_or_a_national_holiday_is_refused_with_the_reason(staff):
    saturday = staff.post("national", "/admin/holidays", {"date": "2026-11-28", "name": "Kerja bakti"})
    error = contract_error(saturday, 422, "validation_failed")
    assert detail_codes(error) == {"date": "weekend"}
    assert "Sabtu" in error["message"]
    in_english = staff.client.post("/admin/holidays", {"date": "2026-11-29", "name": "Kerja bakti"},
                                   headers={**staff.headers("national"), "Accept-Language": "en"})
    assert "Sunday" in contract_error(in_english, 422, "validation_failed")["message"]

    christmas = staff.post("national", "/admin/holidays", {"date": "2026-12-25", "name": "Natal"})
    error = contract_error(christmas, 422, "validation_failed")
    assert detail_codes(error) == {"date": "national_holiday"}
    assert "Natal" in error["message"]

    listed = staff.get("national", "/admin/holidays?year=2026").json["items"]
    assert all(item["source"] == "national" for item in listed)


@pytest.mark.parametrize("body, field, code", [
    ({"date": "2019-12-31", "name": "Terlalu awal"}, "date", "year_out_of_range"),
    ({"date": "2101-01-03", "name": "Terlalu jauh"}, "date", "year_out_of_range"),
    ({"date": "2026-02-30", "name": "Tidak ada"}, "date", "date_parsing"),
    ({"date": "2026-11-25"}, "name", "missing"),
    ({"date": "2026-11-25", "name": "Libur", "recurring": True}, "recurring", "extra_forbidden"),
])
def test_a_malformed_holiday_is_refused_with_the_field_named(staff, body, field, code):
    error = contract_error(staff.post("national", "/admin/holidays", body), 422, "validation_failed")

    assert detail_codes(error) == {field: code}


@pytest.mark.parametrize("name", ["pupr_admin", "binamarga_officer", "oversight"])
def test_only_a_national_admin_adds_or_removes_holidays(staff, name):
    contract_error(staff.post(name, "/admin/holidays", {"date": "2026-11-25", "name": "Libur"}), 403, "forbidden")
    assert staff.post("national", "/admin/holidays", {"date": "2026-11-25", "name": "Libur"}).status_code == 201

    contract_error(delete(staff, name, "/admin/holidays/2026-11-25"), 403, "forbidden")
    listed = staff.get(name, "/admin/holidays?year=2026").json["items"]
    assert "2026-11-25" in [item["date"] for item in listed]


def test_removing_a_date_that_is_not_an_added_holiday_is_a_404(staff):
    contract_error(delete(staff, "national", "/admin/holidays/2026-11-25"), 404, "not_found")
    error = contract_error(delete(staff, "national", "/admin/holidays/2026-12-25"), 404, "not_found")
    assert "nasional" in error["message"]
    error = contract_error(delete(staff, "national", "/admin/holidays/25-12-2026"), 422, "validation_failed")
    assert detail_codes(error) == {"date": "date_parsing"}


def test_the_holiday_calendar_needs_a_signed_in_caller(client):
    contract_error(client.get("/admin/holidays"), 401, "unauthorized")
    contract_error(client.request("DELETE", "/admin/holidays/2026-11-25"), 401, "unauthorized")


# --- the contract ----------------------------------------------------------------------


def test_every_answer_matches_its_schema_published_in_openapi(client, staff):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    document = client.get("/openapi.json").json
    base = "https://aduan.test/openapi.json"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(document))

    def check(response, status: int, path: str, method: str) -> None:
        assert response.status_code == status, response.json
        schema = document["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator({"$ref": f"{base}{schema['$ref']}"}, registry=registry,
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(response.json)]
        assert errors == [], errors

    check(staff.get("national", "/admin/users"), 200, "/admin/users", "get")
    check(staff.get("national", "/admin/agencies"), 200, "/admin/agencies", "get")
    check(staff.get("national", "/admin/agencies?region_code=21.72"), 200, "/admin/agencies", "get")
    check(staff.post("national", "/admin/agencies", NEW_AGENCY), 201, "/admin/agencies", "post")
    check(staff.get("national", f"/admin/agencies/{PUPR}"), 200, "/admin/agencies/{agency_id}", "get")
    check(staff.get("national", "/admin/agencies/tidak-ada"), 404, "/admin/agencies/{agency_id}", "get")
    check(staff.post("national", "/admin/holidays", {"date": "2026-11-25", "name": "Libur"}), 201,
          "/admin/holidays", "post")
    check(staff.get("national", "/admin/holidays?year=2026"), 200, "/admin/holidays", "get")
    check(staff.post("national", "/admin/holidays", {"date": "2026-11-25", "name": "Libur"}), 409,
          "/admin/holidays", "post")
    check(delete(staff, "national", "/admin/holidays/2026-11-25"), 200, "/admin/holidays/{date}", "delete")


# --- the national directory: renaming, removing and merging generated agencies -------------------


def _patch(staff, who, agency_id, body):
    return staff.client.request("PATCH", f"/admin/agencies/{agency_id}", body, headers=staff.headers(who))


def test_a_national_admin_renames_an_agency_sets_its_affairs_and_the_change_is_audited(staff):
    changed = _patch(staff, "national", "bkn", {
        "name": "Badan Kepegawaian Negara Republik Indonesia", "affairs": ["kepegawaian"],
        "reason": "Nama resmi dan urusan kepegawaian."})

    assert changed.status_code == 200, changed.json
    assert (changed.json["name"], changed.json["affairs"], changed.json["template"]) == (
        "Badan Kepegawaian Negara Republik Indonesia", ["kepegawaian"], False)
    assert staff.get("pupr_admin", "/admin/agencies/bkn").json["name"] == "Badan Kepegawaian Negara Republik Indonesia"
    from chalicelib.store.routing import audit_trail

    entry, = audit_trail("agency#bkn", 5)
    assert (entry.actor_username, entry.action, entry.reason) == (
        "admin.nasional", "agency.changed", "Nama resmi dan urusan kepegawaian.")
    assert entry.details.as_dict()["before"]["name"] == "Badan Kepegawaian Negara"

    contract_error(_patch(staff, "pupr_admin", "bkn", {"name": "BKN baru", "reason": "Coba ubah."}), 403, "forbidden")
    contract_error(_patch(staff, "national", "bkn", {"affairs": ["bukan-urusan"], "reason": "Coba ubah."}),
                   422, "validation_failed")
    contract_error(_patch(staff, "national", "tidak-ada", {"name": "Apa saja", "reason": "Coba ubah."}),
                   404, "not_found")


def test_an_agency_holding_open_reports_or_coordinating_a_region_is_not_removed(client, staff):
    submit(client, agency_id="dishub-tanjungpinang", topic="perhubungan")
    contract_error(_patch(staff, "national", "dishub-tanjungpinang", {"active": False, "reason": "Digabung."}),
                   409, "agency_has_open_reports")
    contract_error(_patch(staff, "national", "diskominfo-tanjungpinang", {"active": False, "reason": "Dihapus."}),
                   409, "coordinator_cannot_be_removed")
    removed = _patch(staff, "national", "kemendag", {"active": False, "reason": "Tidak dipakai di LAPOR!."})
    assert removed.status_code == 200 and removed.json["active"] is False
    assert "kemendag" not in {a["agency_id"] for a in client.get("/agencies?region_code=ID").json["agencies"]}


def test_merging_moves_the_affairs_and_routing_follows(client, staff):
    # Tanjungpinang's social affairs go to its Dinas Sosial; merge it into the health office.
    merged = staff.post("national", "/admin/agencies/dinsos-tanjungpinang/merge",
                        {"into": "dinkes-tanjungpinang", "reason": "Perda SOTK 2026: digabung."})

    assert merged.status_code == 200, merged.json
    assert merged.json["affairs"] == ["kesehatan", "sosial"]
    gone = staff.get("national", "/admin/agencies/dinsos-tanjungpinang").json
    assert (gone["active"], gone["merged_into"]) == (False, "dinkes-tanjungpinang")
    receipt = submit(client, agency_id=None, topic=None, title="Bansos PKH tidak cair sejak tiga bulan",
                     description="Bantuan sosial PKH keluarga kami tidak cair, padahal terdaftar di DTKS.")
    assert receipt["agency"]["agency_id"] == "dinkes-tanjungpinang"
    contract_error(staff.post("national", "/admin/agencies/dlh-tanjungpinang/merge",
                              {"into": "dlh-pontianak", "reason": "Salah wilayah."}), 422, "validation_failed")


# --- reference data kept in a warm container --------------------------------------------


def agency_names_of_tanjungpinang(client) -> dict[str, str]:
    agencies = client.get("/agencies?region_code=21.72").json["agencies"]
    return {agency["agency_id"]: agency["name"] for agency in agencies}


def test_a_rename_made_here_shows_at_once_and_one_made_elsewhere_within_the_reference_cache_time(
        client, staff, monkeypatch):
    import time

    from chalicelib.config import get_settings
    from chalicelib.store import cache
    from chalicelib.store.models import AgencyModel

    assert agency_names_of_tanjungpinang(client)[PUPR] == "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang"
    renamed = _patch(staff, "national", PUPR, {"name": "Dinas PUPR Kota Tanjungpinang", "reason": "Nama resmi."})
    assert renamed.status_code == 200, renamed.json
    assert agency_names_of_tanjungpinang(client)[PUPR] == "Dinas PUPR Kota Tanjungpinang"

    # Another container's change reaches the table only: this one keeps what it read for a while.
    AgencyModel(PUPR).update(actions=[AgencyModel.name.set("Dinas PU Kota Tanjungpinang")])
    assert agency_names_of_tanjungpinang(client)[PUPR] == "Dinas PUPR Kota Tanjungpinang"
    later = time.monotonic() + get_settings().reference_cache_seconds
    monkeypatch.setattr(cache.cache(), "_clock", lambda: later)
    assert agency_names_of_tanjungpinang(client)[PUPR] == "Dinas PU Kota Tanjungpinang"
