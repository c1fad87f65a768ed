"""Answer templates: national admins keep the national defaults, agency admins their agency's, and the
forms that answer a reporter get them filled for the report, without an anonymous reporter's name.

Rights are written down here, independently of chalicelib.domain.permissions:

- reading: everyone the national defaults; agency staff their own agency's, never another's; national
  admins and oversight any agency's when they name it;
- writing: national admins the national defaults and any agency's; agency admins their own agency's;
  unit officers and oversight nothing;
- filled for a report: whoever may answer it (its agency's admins, its unit's officers, national admins).
"""
from __future__ import annotations

import pytest

from chalicelib.domain.messages import format_deadline
from tests.conftest import submit

PUPR, DISHUB = "dpupr-tanjungpinang", "dishub-tanjungpinang"
PUPR_NAME = "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"
DEFAULTS = ["ID.jawaban-akhir", "ID.permintaan-keterangan", "ID.tindak-lanjut-awal"]
TEMPLATE = {"name": "Jalan dijadwalkan diperbaiki", "purposes": ["update", "respond"],
            "body": "Yth. {sapaan},\n\nPerbaikan jalan pada laporan {nomor_laporan} telah dijadwalkan oleh "
                    "{instansi}.\n\nHormat kami,\n{instansi}"}


@pytest.fixture
def defaults(staff):
    from devtools import seed

    assert sorted(seed.seed_answer_templates()) == DEFAULTS
    return staff


def put(staff, who: str, template_id: str, body: dict):
    return staff.client.request("PUT", f"/admin/templates/{template_id}", body, headers=staff.headers(who))


def delete(staff, who: str, template_id: str, version):
    return staff.client.request("DELETE", f"/admin/templates/{template_id}?expected_version={version}",
                                headers=staff.headers(who))


def create(staff, who: str, **overrides) -> dict:
    response = staff.post(who, "/admin/templates", {**TEMPLATE, **overrides})
    assert response.status_code == 201, response.json
    assert response.headers["Location"] == f"/admin/templates/{response.json['template_id']}"
    return response.json


def listed(staff, who: str, query: str = "") -> list[str]:
    response = staff.get(who, f"/admin/templates{query}")
    assert response.status_code == 200, response.json
    return [item["template_id"] for item in response.json["items"]]


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code, response.json
    return response.json["error"]


# --- who sees which templates ---------------------------------------------------------------------------


def test_agency_staff_see_the_national_defaults_and_their_own_agencys_templates_only(defaults):
    staff = defaults
    pupr = create(staff, "pupr_admin")
    dishub = create(staff, "dishub_admin", name="Lampu lalu lintas diperbaiki")

    national_first = DEFAULTS + [pupr["template_id"]]
    assert listed(staff, "pupr_admin") == national_first
    assert listed(staff, "binamarga_officer") == national_first
    assert listed(staff, "dishub_admin") == DEFAULTS + [dishub["template_id"]]
    assert listed(staff, "pupr_admin", f"?agency_id={PUPR}") == national_first
    refused(staff.get("pupr_admin", f"/admin/templates?agency_id={DISHUB}"), 403, "forbidden")
    refused(staff.get("binamarga_officer", f"/admin/templates?agency_id={DISHUB}"), 403, "forbidden")


def test_national_admins_and_oversight_see_the_defaults_and_the_agency_they_name(defaults):
    staff = defaults
    pupr = create(staff, "pupr_admin")

    assert listed(staff, "national") == DEFAULTS
    assert listed(staff, "national", f"?agency_id={PUPR}") == DEFAULTS + [pupr["template_id"]]
    assert listed(staff, "oversight", f"?agency_id={PUPR}") == DEFAULTS + [pupr["template_id"]]
    assert listed(staff, "national", "?purpose=update") == ["ID.tindak-lanjut-awal"]
    problem = refused(staff.get("national", "/admin/templates?agency_id=tidak-ada"), 422, "validation_failed")
    assert problem["details"][0]["field"] == "agency_id"
    refused(staff.get("national", "/admin/templates?purpose=close"), 422, "validation_failed")
    assert staff.client.get("/admin/templates").status_code == 401


def test_the_list_says_what_each_caller_may_edit_and_offers_the_placeholder_vocabulary(defaults):
    staff = defaults
    create(staff, "pupr_admin")

    by_admin = staff.get("pupr_admin", "/admin/templates").json
    by_officer = staff.get("binamarga_officer", "/admin/templates").json

    assert [(item["scope"], item["may_edit"]) for item in by_admin["items"]] == [
        ("national", False)] * 3 + [("agency", True)]
    assert {item["may_edit"] for item in by_officer["items"]} == {False}
    own = by_admin["items"][-1]
    assert (own["agency_id"], own["created_by"], own["version"]) == (PUPR, "admin.dpupr-tanjungpinang", 1)
    assert own["placeholders"] == ["sapaan", "nomor_laporan", "instansi"]
    assert [entry["name"] for entry in by_admin["vocabulary"]] == [
        "nomor_laporan", "judul_laporan", "tanggal_diterima", "instansi", "batas_tindak_lanjut",
        "batas_penyelesaian", "sapaan"]
    assert by_admin["items"][0]["created_by"] == "stage-setup"


# --- who may write --------------------------------------------------------------------------------------


def test_national_admins_write_defaults_and_any_agencys_agency_admins_only_their_own(defaults):
    staff = defaults

    national_default = create(staff, "national")
    for_dishub = create(staff, "national", agency_id=DISHUB)
    own = create(staff, "pupr_admin")

    assert (national_default["scope"], national_default["agency_id"]) == ("national", None)
    assert national_default["template_id"].startswith("ID.")
    assert (for_dishub["scope"], for_dishub["agency_id"]) == ("agency", DISHUB)
    assert (own["scope"], own["agency_id"]) == ("agency", PUPR)
    assert own["template_id"].startswith(f"{PUPR}.")
    for who, body in (("pupr_admin", {**TEMPLATE, "agency_id": DISHUB}), ("binamarga_officer", TEMPLATE),
                      ("binamarga_officer", {**TEMPLATE, "agency_id": PUPR}), ("oversight", TEMPLATE)):
        refused(staff.post(who, "/admin/templates", body), 403, "forbidden")
    assert len(listed(staff, "national", f"?agency_id={PUPR}")) == len(DEFAULTS) + 2  # one default more, one own


def test_changes_and_removals_outside_the_callers_rights_are_refused_and_change_nothing(defaults):
    staff = defaults
    own = create(staff, "pupr_admin")
    other = create(staff, "dishub_admin")
    change = {**TEMPLATE, "name": "Diubah", "expected_version": 1}

    # Readable but not theirs to change: 403. Another agency's, not even readable: 404.
    for who, template_id in (("pupr_admin", "ID.jawaban-akhir"), ("binamarga_officer", own["template_id"]),
                             ("oversight", own["template_id"]), ("oversight", "ID.jawaban-akhir")):
        refused(put(staff, who, template_id, change), 403, "forbidden")
        refused(delete(staff, who, template_id, 1), 403, "forbidden")
    refused(put(staff, "pupr_admin", other["template_id"], change), 404, "not_found")
    refused(delete(staff, "pupr_admin", other["template_id"], 1), 404, "not_found")
    refused(put(staff, "pupr_admin", "ID.tidak-ada", change), 404, "not_found")
    refused(put(staff, "pupr_admin", "bukan id", change), 404, "not_found")

    after = staff.get("national", f"/admin/templates?agency_id={PUPR}").json["items"]
    assert {(item["name"], item["version"]) for item in after} == {
        ("Tanda terima dan tindak lanjut awal", 1), ("Jawaban akhir tindak lanjut", 1),
        ("Permintaan keterangan tambahan", 1), (TEMPLATE["name"], 1)}


def test_a_national_admin_changes_a_default_and_an_agencys_template(defaults):
    staff = defaults
    own = create(staff, "pupr_admin")

    default = put(staff, "national", "ID.jawaban-akhir", {**TEMPLATE, "name": "Jawaban akhir (baru)",
                                                          "purposes": ["respond"], "expected_version": 1})
    agency = put(staff, "national", own["template_id"], {**TEMPLATE, "purposes": ["respond"], "expected_version": 1})

    assert default.status_code == 200, default.json
    assert (default.json["name"], default.json["version"], default.json["updated_by"]) == (
        "Jawaban akhir (baru)", 2, "admin.nasional")
    assert (agency.json["purposes"], agency.json["version"]) == (["respond"], 2)
    # Now for the final answer only, it is no longer offered on the update form.
    assert listed(staff, "pupr_admin", "?purpose=update") == ["ID.tindak-lanjut-awal"]


# --- versions, removal, the audit trail --------------------------------------------------------------------


def test_a_change_from_a_stale_version_is_a_conflict_and_removal_needs_the_current_one(defaults):
    staff = defaults
    template = create(staff, "pupr_admin")
    template_id = template["template_id"]

    first = put(staff, "pupr_admin", template_id, {**TEMPLATE, "body": "Yth. {sapaan}, sudah dijadwalkan.",
                                                   "expected_version": 1})
    stale = put(staff, "national", template_id, {**TEMPLATE, "name": "Versi lama", "expected_version": 1})
    stale_removal = delete(staff, "pupr_admin", template_id, 1)
    no_version = staff.client.request("DELETE", f"/admin/templates/{template_id}", headers=staff.headers("pupr_admin"))

    assert first.status_code == 200 and first.json["version"] == 2, first.json
    assert refused(stale, 409, "version_conflict")["details"][0]["message"] == "Versi sekarang: 2"
    refused(stale_removal, 409, "version_conflict")
    assert refused(no_version, 422, "validation_failed")["details"][0]["field"] == "expected_version"
    assert staff.get("pupr_admin", "/admin/templates").json["items"][-1]["body"] == "Yth. {sapaan}, sudah dijadwalkan."

    removed = delete(staff, "pupr_admin", template_id, 2)

    assert removed.status_code == 200, removed.json
    assert removed.json["template_id"] == template_id
    assert listed(staff, "pupr_admin") == DEFAULTS
    refused(put(staff, "pupr_admin", template_id, {**TEMPLATE, "expected_version": 2}), 404, "not_found")
    refused(delete(staff, "pupr_admin", template_id, 2), 404, "not_found")

    from chalicelib.store.routing import audit_trail

    trail = audit_trail(f"template#{template_id}", 10)
    assert [(entry.action, entry.actor_username) for entry in trail] == [
        ("template.removed", "admin.dpupr-tanjungpinang"), ("template.changed", "admin.dpupr-tanjungpinang"),
        ("template.created", "admin.dpupr-tanjungpinang")]
    assert trail[1].details.as_dict()["body"] == "Yth. {sapaan}, sudah dijadwalkan."


# --- placeholders checked when saved ------------------------------------------------------------------------


def test_an_unknown_or_malformed_placeholder_is_refused_naming_it_and_nothing_is_stored(defaults):
    staff = defaults
    template = create(staff, "pupr_admin")

    unknown = staff.post("pupr_admin", "/admin/templates",
                         {**TEMPLATE, "body": "Yth. {nama_pelapor}, laporan {alamat}."})
    malformed = put(staff, "pupr_admin", template["template_id"],
                    {**TEMPLATE, "body": "Laporan {Nomor Laporan} diterima.", "expected_version": 1})
    english = staff.client.post("/admin/templates", {**TEMPLATE, "body": "Yth. {nama}, terima kasih."},
                                headers={**staff.headers("pupr_admin"), "Accept-Language": "en"})

    [problem] = refused(unknown, 422, "validation_failed")["details"]
    assert (problem["field"], problem["code"]) == ("body", "unknown_placeholder")
    assert "{nama_pelapor}, {alamat}" in problem["message"]
    [problem] = refused(malformed, 422, "validation_failed")["details"]
    assert (problem["field"], problem["code"]) == ("body", "malformed_placeholder")
    assert "{Nomor Laporan}" in problem["message"]
    assert refused(english, 422, "validation_failed")["details"][0]["message"].startswith(
        "Unknown placeholders: {nama}.")
    after = staff.get("pupr_admin", "/admin/templates").json["items"]
    assert len(after) == len(DEFAULTS) + 1 and after[-1]["version"] == 1


def test_a_template_needs_a_name_a_purpose_and_text_within_limits(defaults):
    staff = defaults
    for body, field in (({**TEMPLATE, "purposes": []}, "purposes"), ({**TEMPLATE, "purposes": ["close"]}, "purposes.0"),
                        ({**TEMPLATE, "name": "A\nB"}, "name"), ({**TEMPLATE, "body": "x" * 4001}, "body"),
                        ({**TEMPLATE, "colour": "red"}, "colour")):
        problem = refused(staff.post("pupr_admin", "/admin/templates", body), 422, "validation_failed")
        assert problem["details"][0]["field"] == field, problem
    assert listed(staff, "pupr_admin") == DEFAULTS


# --- filled for a report -------------------------------------------------------------------------------------


def verified_for_bina_marga(client, staff, **report) -> dict:
    receipt = submit(client, **report)
    verified = staff.act("pupr_admin", receipt["tracking_id"], "verify",
                         {"agency_id": PUPR, "unit_id": BINA_MARGA, "complexity": "simple", "expected_version": 1})
    assert verified.status_code == 200, verified.json
    return verified.json


def filled(staff, who: str, tracking_id: str, query: str = "") -> dict:
    response = staff.get(who, f"/admin/reports/{tracking_id}/templates{query}")
    assert response.status_code == 200, response.json
    return {item["template_id"]: item for item in response.json["items"]}


def test_the_officer_gets_the_templates_filled_for_the_report(client, defaults):
    staff = defaults
    own = create(staff, "pupr_admin")
    create(staff, "dishub_admin")
    case = verified_for_bina_marga(client, staff)
    tracking_id = case["tracking_id"]

    items = filled(staff, "binamarga_officer", tracking_id, "?purpose=respond")

    assert list(items) == ["ID.jawaban-akhir", "ID.tindak-lanjut-awal", own["template_id"]]  # not Dinas Perhubungan's
    assert list(filled(staff, "binamarga_officer", tracking_id, "?purpose=ask_reporter")) == ["ID.permintaan-keterangan"]
    from datetime import datetime

    completion = format_deadline(datetime.fromisoformat(case["deadlines"]["completion_due"]), "id")
    assert completion.endswith(" WIB")
    assert items["ID.tindak-lanjut-awal"]["text"] == (
        "Yth. Bapak/Ibu Siti Rahmawati,\n\n"
        f"Terima kasih telah menyampaikan laporan nomor {tracking_id} perihal \"Jalan berlubang di Jalan Ganet\". "
        f"Laporan tersebut telah kami terima dan saat ini sedang ditindaklanjuti oleh {PUPR_NAME}.\n\n"
        "Perkembangan penanganannya akan kami sampaikan melalui halaman pelacakan laporan. Kami berupaya "
        f"menyelesaikannya paling lambat {completion}.\n\n"
        f"Hormat kami,\n{PUPR_NAME}")
    assert items[own["template_id"]]["text"].startswith(
        f"Yth. Bapak/Ibu Siti Rahmawati,\n\nPerbaikan jalan pada laporan {tracking_id} telah dijadwalkan")
    assert {item["unfilled"] == [] for item in items.values()} == {True}
    assert list(filled(staff, "pupr_admin", tracking_id, "?purpose=update")) == [
        "ID.tindak-lanjut-awal", own["template_id"]]

    # The filled text is an answer the respond action takes as it is.
    answer = staff.act("binamarga_officer", tracking_id, "start", {})
    answered = staff.act("binamarga_officer", tracking_id, "respond",
                         {"message": items["ID.jawaban-akhir"]["text"], "expected_version": answer.json["version"]})
    assert answered.status_code == 200, answered.json


def test_an_anonymous_reporters_name_never_reaches_the_filled_text(client, defaults):
    staff = defaults
    anonymous = verified_for_bina_marga(client, staff, privacy="anonymous",
                                        reporter={"name": "Budi Santoso", "email": "budi@example.id"})
    confidential = verified_for_bina_marga(client, staff, privacy="confidential")

    for who in ("pupr_admin", "binamarga_officer", "national"):
        response = staff.get(who, f"/admin/reports/{anonymous['tracking_id']}/templates")
        assert response.status_code == 200, response.json
        assert "Budi" not in response.body.decode()
        texts = [item["text"] for item in response.json["items"]]
        assert texts and all(text.startswith("Yth. Bapak/Ibu Pelapor,") for text in texts)
    # The agency handling a confidential report knows who it is, as the case view does.
    assert filled(staff, "pupr_admin", confidential["tracking_id"])["ID.jawaban-akhir"]["text"].startswith(
        "Yth. Bapak/Ibu Siti Rahmawati,")


def test_a_deadline_not_set_yet_is_written_so_and_listed(client, defaults):
    staff = defaults
    receipt = submit(client)  # not verified: no follow-up deadlines yet

    item = filled(staff, "pupr_admin", receipt["tracking_id"])["ID.tindak-lanjut-awal"]

    assert "paling lambat (belum ditetapkan)." in item["text"]
    assert item["unfilled"] == ["batas_penyelesaian"]


def test_filled_templates_follow_the_case_views_scope(client, defaults):
    staff = defaults
    tracking_id = verified_for_bina_marga(client, staff)["tracking_id"]

    refused(staff.get("dishub_admin", f"/admin/reports/{tracking_id}/templates"), 403, "forbidden")
    refused(staff.get("sda_officer", f"/admin/reports/{tracking_id}/templates"), 403, "forbidden")
    # Oversight reads the case but answers nobody.
    refused(staff.get("oversight", f"/admin/reports/{tracking_id}/templates"), 403, "forbidden")
    refused(staff.get("pupr_admin", "/admin/reports/K7M2Q-X9T4Q/templates"), 404, "not_found")
    refused(staff.get("pupr_admin", "/admin/reports/bukan-nomor/templates"), 400, "bad_request")
    refused(staff.get("pupr_admin", f"/admin/reports/{tracking_id}/templates?purpose=hold"), 422,
            "validation_failed")
    assert staff.client.get(f"/admin/reports/{tracking_id}/templates").status_code == 401


# --- the defaults a stage starts with ---------------------------------------------------------------------------


def test_seeding_the_defaults_again_keeps_what_admins_changed_or_removed(defaults):
    staff = defaults
    from devtools import seed

    put(staff, "national", "ID.jawaban-akhir", {**TEMPLATE, "name": "Jawaban kami", "expected_version": 1})
    delete(staff, "national", "ID.permintaan-keterangan", 1)

    assert seed.seed_answer_templates() == []
    names = {item["template_id"]: item["name"] for item in staff.get("national", "/admin/templates").json["items"]}
    assert names == {"ID.jawaban-akhir": "Jawaban kami", "ID.tindak-lanjut-awal": "Tanda terima dan tindak lanjut awal"}


# --- the contract ----------------------------------------------------------------------------------------------


def test_every_answer_matches_its_schema_published_in_openapi(client, defaults):
    staff = defaults
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    document = client.get("/openapi.json").json
    base = "https://aduan.test/openapi.json"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(document))

    def check(response, status: int, path: str, method: str) -> dict:
        assert response.status_code == status, response.json
        schema = document["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator({"$ref": f"{base}{schema['$ref']}"}, registry=registry,
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(response.json)] == []
        return response.json

    created = check(staff.post("pupr_admin", "/admin/templates", TEMPLATE), 201, "/admin/templates", "post")
    check(staff.get("pupr_admin", "/admin/templates"), 200, "/admin/templates", "get")
    check(put(staff, "pupr_admin", created["template_id"], {**TEMPLATE, "expected_version": 1}), 200,
          "/admin/templates/{template_id}", "put")
    check(put(staff, "pupr_admin", created["template_id"], {**TEMPLATE, "expected_version": 1}), 409,
          "/admin/templates/{template_id}", "put")
    check(delete(staff, "pupr_admin", created["template_id"], 2), 200, "/admin/templates/{template_id}", "delete")
    tracking_id = verified_for_bina_marga(client, staff)["tracking_id"]
    check(staff.get("binamarga_officer", f"/admin/reports/{tracking_id}/templates"), 200,
          "/admin/reports/{tracking_id}/templates", "get")
    check(staff.get("oversight", f"/admin/reports/{tracking_id}/templates"), 403,
          "/admin/reports/{tracking_id}/templates", "get")
