"""Staff attach photos and documents to progress updates and answers (proof of action), and hide a
reporter's file from the public view.

A staff file is uploaded first (``POST /admin/reports/{id}/attachments``, a presigned POST as for
reporters), then shown with one update or answer (``attachment_ids``): it reaches whoever may read
that event. The uploads are simulated as in test_attachments.py.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import submit
from tests.functional.test_attachments import PDF, PNG, add, bearer, policy_of, schema_errors, upload

PUPR = "dpupr-tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"


def verified(client, staff, *, unit_id: str | None = None, **report) -> tuple[str, dict]:
    """A complaint to Dinas PUPR, verified and routed there (to a unit when given)."""
    receipt = submit(client, **report)
    body = {"agency_id": PUPR, **({"unit_id": unit_id} if unit_id else {})}
    response = staff.act("pupr_admin", receipt["tracking_id"], "verify", body)
    assert response.status_code == 200, response.json
    return receipt["tracking_id"], bearer(receipt["access_token"])


def declare(staff, name: str, tracking_id: str, content: bytes = PNG, filename: str = "perbaikan.png",
            content_type: str = "image/png", **extra):
    return staff.post(name, f"/admin/reports/{tracking_id}/attachments",
                      {"filename": filename, "content_type": content_type, "size": len(content), **extra})


def staff_file(staff, tracking_id: str, name: str = "pupr_admin", content: bytes = PNG, **declared) -> str:
    """A staff file declared and uploaded; its attachment id."""
    response = declare(staff, name, tracking_id, content, **declared)
    assert response.status_code == 201, response.json
    upload(response.json, content)
    return response.json["attachment_id"]


def entries(view: dict, event_type: str) -> list[dict]:
    return [entry for entry in view["timeline"] if entry["event_type"] == event_type]


def shown_with(view: dict, event_type: str) -> list[list[str]]:
    """The file names shown with each event of a type, oldest first."""
    return [[item["filename"] for item in entry["attachments"]] for entry in entries(view, event_type)]


def test_three_public_updates_and_the_answer_show_their_photos_to_the_reporter_and_the_public(client, staff, mailbox):
    tracking_id, reporter = verified(client, staff)
    messages = ["Tim meninjau lokasi.", "Pengaspalan dimulai.", "Pengaspalan selesai, menunggu marka."]
    for number, message in enumerate(messages, start=1):
        photo = staff_file(staff, tracking_id, filename=f"kemajuan-{number}.png")
        updated = staff.act("pupr_admin", tracking_id, "update", {"message": message, "attachment_ids": [photo]})
        assert updated.status_code == 200, updated.json
    letter = staff_file(staff, tracking_id, content=PDF, filename="berita-acara.pdf", content_type="application/pdf")
    answered = staff.act("pupr_admin", tracking_id, "respond",
                         {"message": "Jalan sudah diperbaiki.", "attachment_ids": [letter]})
    assert answered.status_code == 200, answered.json

    reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
    public_view = client.get(f"/reports/{tracking_id}").json
    case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json

    for view in (reporters_view, public_view, case):
        assert shown_with(view, "updated") == [["kemajuan-1.png"], ["kemajuan-2.png"], ["kemajuan-3.png"]]
        assert [entry["message"] for entry in entries(view, "updated")] == messages
        assert shown_with(view, "responded") == [["berita-acara.pdf"]]
        assert view["attachments"] == [], "the report's own list holds the reporter's files only"
    [photo] = entries(public_view, "updated")[0]["attachments"]
    assert photo["content_type"] == "image/png" and photo["size"] == len(PNG)
    assert urlsplit(photo["url"]).path.endswith(f"attachments/{tracking_id}/{photo['attachment_id']}")
    assert "added_by" not in photo and "hidden_reason" not in photo, "who uploaded it is for staff"
    [letter_for_staff] = entries(case, "responded")[0]["attachments"]
    assert letter_for_staff["added_by"] == "admin.dpupr-tanjungpinang"
    assert letter_for_staff["added_by_role"] == "agency_admin" and letter_for_staff["public"] is True
    assert entries(case, "responded")[0]["details"]["attachment_ids"] == [letter]
    # The uploads themselves are staff business; the reporter hears of the updates, as before.
    assert entries(reporters_view, "staff_attachment_added") == []
    assert [entry["visibility"] for entry in entries(case, "staff_attachment_added")] == ["internal"] * 4


def test_the_upload_form_is_for_a_key_the_server_makes(client, staff):
    tracking_id, _ = verified(client, staff)

    response = declare(staff, "pupr_admin", tracking_id, PNG, filename="../../lain/foto.png")
    smuggled = declare(staff, "pupr_admin", tracking_id, key=f"attachments/{tracking_id}/mine")

    assert response.status_code == 422, "a path in the name is refused as for reporters"
    assert smuggled.status_code == 422 and smuggled.json["error"]["details"][0]["field"] == "key"
    answer = declare(staff, "pupr_admin", tracking_id).json
    assert set(answer) == {"attachment_id", "upload", "expires_in", "max_bytes", "version"}
    key = f"attachments/{tracking_id}/{answer['attachment_id']}"
    assert answer["upload"]["fields"]["key"] == key
    assert {"key": key} in policy_of(answer)["conditions"]
    assert ["content-length-range", 1, len(PNG)] in policy_of(answer)["conditions"]


def test_an_internal_updates_photo_stays_with_staff(client, staff):
    tracking_id, reporter = verified(client, staff)
    photo = staff_file(staff, tracking_id, filename="rapat-internal.png")

    noted = staff.act("pupr_admin", tracking_id, "update",
                      {"message": "Menunggu alat berat.", "public": False, "attachment_ids": [photo]})

    assert noted.status_code == 200, noted.json
    assert shown_with(noted.json, "updated") == [["rapat-internal.png"]]
    assert entries(noted.json, "updated")[0]["attachments"][0]["public"] is False
    for view in (client.get(f"/reports/{tracking_id}", headers=reporter).json,
                 client.get(f"/reports/{tracking_id}").json):
        assert "rapat-internal.png" not in str(view)
        assert photo not in str(view)
    # Shown once: it cannot be shown again with a public update.
    again = staff.act("pupr_admin", tracking_id, "update", {"message": "Kabar.", "attachment_ids": [photo]})
    assert again.status_code == 422
    assert again.json["error"]["details"][0]["code"] == "attachment_already_shown"
    # Hiding it from the public tells staff only: the reporter never learns of a file they do not see.
    hidden = staff.post("pupr_admin", f"/admin/reports/{tracking_id}/attachments/{photo}/hide",
                        {"reason": "Dokumen internal."})
    assert entries(hidden.json, "attachment_hidden")[0]["visibility"] == "internal"
    assert "rapat-internal.png" not in str(client.get(f"/reports/{tracking_id}", headers=reporter).json)


def test_a_public_report_shows_staff_photos_publicly_others_only_to_their_reporter(client, staff):
    cases = {privacy: verified(client, staff, privacy=privacy) for privacy in ("public", "anonymous", "confidential")}
    for tracking_id, _ in cases.values():
        photo = staff_file(staff, tracking_id)
        assert staff.act("pupr_admin", tracking_id, "update",
                         {"message": "Sudah ditambal.", "attachment_ids": [photo]}).status_code == 200

    for privacy, (tracking_id, reporter) in cases.items():
        assert shown_with(client.get(f"/reports/{tracking_id}", headers=reporter).json, "updated") == [
            ["perbaikan.png"]], privacy
    assert shown_with(client.get(f"/reports/{cases['public'][0]}").json, "updated") == [["perbaikan.png"]]
    # An anonymous reporter may be recognised in a photo of their street: as with their own files.
    assert shown_with(client.get(f"/reports/{cases['anonymous'][0]}").json, "updated") == [[]]
    assert client.get(f"/reports/{cases['confidential'][0]}").status_code == 404


def test_an_answer_for_the_reporter_alone_keeps_its_file_from_the_public(client, staff):
    tracking_id, reporter = verified(client, staff)
    staff.act("pupr_admin", tracking_id, "start")
    letter = staff_file(staff, tracking_id, content=PDF, filename="surat.pdf", content_type="application/pdf")

    answered = staff.act("pupr_admin", tracking_id, "respond",
                         {"message": "Rincian kami kirim kepada Anda.", "public": False, "attachment_ids": [letter]})

    assert answered.status_code == 200, answered.json
    assert shown_with(client.get(f"/reports/{tracking_id}", headers=reporter).json, "responded") == [["surat.pdf"]]
    public_view = client.get(f"/reports/{tracking_id}").json
    assert entries(public_view, "responded") == [] and "surat.pdf" not in str(public_view)


def test_a_file_that_cannot_be_shown_is_refused_naming_it_and_nothing_changes(client, staff):
    tracking_id, _ = verified(client, staff)
    other_id, _ = verified(client, staff)
    arrived = staff_file(staff, tracking_id)
    declared_only = declare(staff, "pupr_admin", tracking_id).json["attachment_id"]
    elsewhere = staff_file(staff, other_id)
    receipt = submit(client)
    reporters_own = add(client, receipt).json["attachment_id"]
    before = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json

    refused = staff.act("pupr_admin", tracking_id, "update", {
        "message": "Kabar.", "attachment_ids": [arrived, declared_only, elsewhere, reporters_own, arrived]})

    assert refused.status_code == 422, refused.json
    assert [(problem["field"], problem["code"]) for problem in refused.json["error"]["details"]] == [
        ("attachment_ids.1", "attachment_not_uploaded"), ("attachment_ids.2", "unknown_attachment"),
        ("attachment_ids.3", "unknown_attachment"), ("attachment_ids.4", "attachment_repeated")]
    assert declared_only in refused.json["error"]["details"][0]["message"]
    after = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert after["version"] == before["version"] and after["timeline"] == before["timeline"]
    assert after["status"] == "dispositioned"
    # The one that could be shown still can.
    assert staff.act("pupr_admin", tracking_id, "update",
                     {"message": "Kabar.", "attachment_ids": [arrived]}).status_code == 200


@pytest.mark.parametrize(("ids", "code"), [
    (["../etc/passwd"], "string_pattern_mismatch"),
    (["a" * 16] * 11, "too_long"),
    ("abcdefghijklmnop", "list_type"),
])
def test_attachment_ids_of_the_wrong_shape_are_refused(client, staff, ids, code):
    tracking_id, _ = verified(client, staff)

    refused = staff.act("pupr_admin", tracking_id, "update", {"message": "Kabar.", "attachment_ids": ids})

    assert refused.status_code == 422
    assert refused.json["error"]["details"][0]["code"] == code


@pytest.mark.parametrize(("name", "status"), [
    ("national", 201), ("pupr_admin", 201), ("binamarga_officer", 201),
    ("sda_officer", 403), ("dishub_admin", 403), ("oversight", 403),
])
def test_staff_who_may_answer_the_report_may_upload_for_it(client, staff, name, status):
    tracking_id, _ = verified(client, staff, unit_id=BINA_MARGA)

    response = declare(staff, name, tracking_id)

    assert response.status_code == status, response.json
    case = staff.get("national", f"/admin/reports/{tracking_id}").json
    assert len(entries(case, "staff_attachment_added")) == (1 if status == 201 else 0)


def test_nobody_uploads_without_signing_in(client, staff):
    tracking_id, reporter = verified(client, staff)

    anonymous = client.post(f"/admin/reports/{tracking_id}/attachments",
                            {"filename": "a.png", "content_type": "image/png", "size": 10})
    with_reporters_token = client.post(f"/admin/reports/{tracking_id}/attachments",
                                       {"filename": "a.png", "content_type": "image/png", "size": 10},
                                       headers=reporter)

    assert anonymous.status_code == 401 and with_reporters_token.status_code == 401


def test_files_are_uploaded_only_while_an_update_or_answer_can_be_posted(client, staff):
    unverified = submit(client)["tracking_id"]
    archived = submit(client)["tracking_id"]
    staff.act("pupr_admin", archived, "archive", {"reason": "spam"})

    waiting = declare(staff, "pupr_admin", unverified)
    finished = declare(staff, "pupr_admin", archived)

    assert waiting.status_code == 409 and waiting.json["error"]["code"] == "no_answer_possible"
    assert finished.status_code == 409 and finished.json["error"]["code"] == "report_finished"


def test_the_upload_keeps_to_the_version_read_and_tells_the_next_one(client, staff):
    tracking_id, _ = verified(client, staff)
    version = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json["version"]

    stale = declare(staff, "pupr_admin", tracking_id, expected_version=version - 1)
    first = declare(staff, "pupr_admin", tracking_id, expected_version=version)
    second = declare(staff, "pupr_admin", tracking_id, expected_version=first.json["version"])
    upload(first.json, PNG)
    upload(second.json, PNG)
    updated = staff.act("pupr_admin", tracking_id, "update", {
        "message": "Dua foto.", "attachment_ids": [first.json["attachment_id"], second.json["attachment_id"]],
        "expected_version": second.json["version"]})

    assert stale.status_code == 409 and stale.json["error"]["code"] == "version_conflict"
    assert first.json["version"] == version + 1 and second.json["version"] == version + 2
    assert updated.status_code == 200, updated.json
    assert len(entries(updated.json, "updated")[0]["attachments"]) == 2


def test_staff_files_and_the_reporters_have_limits_of_their_own(client, staff):
    receipt = submit(client)
    tracking_id, reporter = receipt["tracking_id"], bearer(receipt["access_token"])
    assert staff.act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR}).status_code == 200
    for _ in range(3):
        assert add(client, receipt).status_code == 201
    for number in range(30):
        assert declare(staff, "pupr_admin", tracking_id, filename=f"foto-{number}.png").status_code == 201

    refused = declare(staff, "pupr_admin", tracking_id)
    english = client.post(f"/admin/reports/{tracking_id}/attachments",
                          {"filename": "a.png", "content_type": "image/png", "size": 10},
                          headers={**staff.headers("pupr_admin"), "Accept-Language": "en"})

    assert refused.status_code == 409 and refused.json["error"]["code"] == "too_many_attachments"
    assert "30" in refused.json["error"]["message"]
    assert "attach" in client.get(f"/reports/{tracking_id}", headers=reporter).json["reporter_actions"]
    assert add(client, receipt).status_code == 201, "the agency's files use none of the reporter's ten"
    assert english.json["error"]["message"] == "Staff can attach at most 30 files to a report."


def test_hiding_a_reporters_photo_takes_it_from_the_public_view_only(client, staff):
    receipt = submit(client)
    tracking_id, reporter = receipt["tracking_id"], bearer(receipt["access_token"])
    photo = add(client, receipt).json
    upload(photo, PNG)
    case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert case["attachments"][0]["public"] is True

    hidden = staff.post("pupr_admin", f"/admin/reports/{tracking_id}/attachments/{photo['attachment_id']}/hide",
                        {"reason": "Wajah orang terlihat jelas.", "expected_version": case["version"]})

    assert hidden.status_code == 200, hidden.json
    [for_staff] = hidden.json["attachments"]
    assert for_staff["public"] is False and for_staff["hidden_reason"] == "Wajah orang terlihat jelas."
    assert for_staff["hidden_at"].endswith("+07:00")
    public_view = client.get(f"/reports/{tracking_id}").json
    reporters_view = client.get(f"/reports/{tracking_id}", headers=reporter).json
    assert public_view["attachments"] == [] and photo["attachment_id"] not in str(public_view)
    assert [item["attachment_id"] for item in reporters_view["attachments"]] == [photo["attachment_id"]]
    [event] = entries(reporters_view, "attachment_hidden")
    assert event["message"] == "Wajah orang terlihat jelas."
    assert event["details"]["filename"] == "lubang-jalan.png"
    assert entries(public_view, "attachment_hidden") == []

    shown_again = staff.post("national", f"/admin/reports/{tracking_id}/attachments/{photo['attachment_id']}/unhide")
    assert shown_again.status_code == 200, shown_again.json
    assert [item["attachment_id"] for item in client.get(f"/reports/{tracking_id}").json["attachments"]] == [
        photo["attachment_id"]]
    assert entries(shown_again.json, "attachment_unhidden")[0]["actor_username"] == "admin.nasional"


def test_a_staff_photo_shown_publicly_by_mistake_can_be_hidden_too(client, staff):
    tracking_id, reporter = verified(client, staff)
    photo = staff_file(staff, tracking_id)
    staff.act("pupr_admin", tracking_id, "update", {"message": "Sudah ditambal.", "attachment_ids": [photo]})

    hidden = staff.post("pupr_admin", f"/admin/reports/{tracking_id}/attachments/{photo}/hide",
                        {"reason": "Pelat nomor kendaraan terbaca."})

    assert hidden.status_code == 200, hidden.json
    assert shown_with(client.get(f"/reports/{tracking_id}").json, "updated") == [[]]
    assert shown_with(client.get(f"/reports/{tracking_id}", headers=reporter).json, "updated") == [["perbaikan.png"]]


@pytest.mark.parametrize(("name", "status"), [
    ("binamarga_officer", 403), ("oversight", 403), ("dishub_admin", 403), ("coordinator_admin", 403),
])
def test_only_the_reports_admins_may_hide_a_file(client, staff, name, status):
    tracking_id, _ = verified(client, staff, unit_id=BINA_MARGA)
    photo = staff_file(staff, tracking_id)

    response = staff.post(name, f"/admin/reports/{tracking_id}/attachments/{photo}/hide",
                          {"reason": "Wajah orang terlihat."})

    assert response.status_code == status, response.json
    case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json
    assert entries(case, "attachment_hidden") == []


def test_hiding_is_refused_when_it_changes_nothing_or_names_no_file(client, staff):
    receipt = submit(client)
    tracking_id = receipt["tracking_id"]
    photo = add(client, receipt).json["attachment_id"]
    path = f"/admin/reports/{tracking_id}/attachments/{photo}"

    no_reason = staff.post("pupr_admin", f"{path}/hide", {})
    not_hidden = staff.post("pupr_admin", f"{path}/unhide")
    first = staff.post("pupr_admin", f"{path}/hide", {"reason": "Ada data pribadi."})
    twice = staff.post("pupr_admin", f"{path}/hide", {"reason": "Ada data pribadi."})
    stale = staff.post("pupr_admin", f"{path}/unhide", {"expected_version": 1})
    unknown = staff.post("pupr_admin", f"/admin/reports/{tracking_id}/attachments/AAAAAAAAAAAAAAAA/hide",
                         {"reason": "Ada data pribadi."})

    assert no_reason.status_code == 422 and no_reason.json["error"]["details"][0]["field"] == "reason"
    assert not_hidden.status_code == 409 and not_hidden.json["error"]["code"] == "not_hidden"
    assert first.status_code == 200
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_hidden"
    assert stale.status_code == 409 and stale.json["error"]["code"] == "version_conflict"
    assert unknown.status_code == 404


def test_the_answers_match_the_schemas_published_in_openapi(client, staff):
    tracking_id, reporter = verified(client, staff)
    answer = declare(staff, "pupr_admin", tracking_id).json
    upload(answer, PNG)
    updated = staff.act("pupr_admin", tracking_id, "update",
                        {"message": "Sudah ditambal.", "attachment_ids": [answer["attachment_id"]]}).json

    assert schema_errors(client, "StaffAttachmentUpload", answer) == []
    assert schema_errors(client, "CaseView", updated) == []
    for view in (client.get(f"/reports/{tracking_id}", headers=reporter).json,
                 client.get(f"/reports/{tracking_id}").json):
        assert shown_with(view, "updated") == [["perbaikan.png"]]
        assert schema_errors(client, "ReportView", view) == []
    document = client.get("/openapi.json").json
    assert document["paths"]["/admin/reports/{tracking_id}/attachments"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["$ref"] == "#/components/schemas/StaffAttachment"
    assert "attachment_ids" in document["components"]["schemas"]["UpdateAction"]["properties"]
    assert "attachment_ids" in document["components"]["schemas"]["RespondAction"]["properties"]
