"""The reporter adds photos and PDFs to a report: upload straight to S3, then listed in the views.

Under ``mock_aws`` a browser's multipart POST cannot be sent, so the tests read the conditions
out of the signed policy and put the file with boto3, as S3 would store it after the POST.
"""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from tests.conftest import TEST_ENVIRONMENT, submit

BUCKET = TEST_ENVIRONMENT["FILES_BUCKET"]
# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def add(client, receipt: dict, body: dict | None = None, token: str | None = None):
    body = body or {"filename": "lubang-jalan.png", "content_type": "image/png", "size": len(PNG)}
    return client.post(f"/reports/{receipt['tracking_id']}/attachments", body,
                       headers=bearer(token if token is not None else receipt["access_token"]))


def upload(answer: dict, content: bytes) -> None:
    """What S3 keeps after the browser's POST: the object under the form's key and type."""
    fields = answer["upload"]["fields"]
    boto3.client("s3", region_name=TEST_ENVIRONMENT["AWS_REGION"]).put_object(
        Bucket=BUCKET, Key=fields["key"], Body=content, ContentType=fields["Content-Type"])


def policy_of(answer: dict) -> dict:
    return json.loads(base64.b64decode(answer["upload"]["fields"]["policy"]))


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_the_reporter_gets_an_upload_form_for_exactly_the_declared_file(client):
    receipt = submit(client)
    tracking_id = receipt["tracking_id"]

    response = add(client, receipt)

    assert response.status_code == 201, response.json
    answer = response.json
    assert set(answer) == {"attachment_id", "upload", "expires_in", "max_bytes"}
    assert answer["expires_in"] == 600 and answer["max_bytes"] == len(PNG)
    key = f"attachments/{tracking_id}/{answer['attachment_id']}"
    fields = answer["upload"]["fields"]
    assert fields["key"] == key and fields["Content-Type"] == "image/png"
    assert BUCKET in answer["upload"]["url"]
    policy = policy_of(answer)
    conditions = policy["conditions"]
    assert {"bucket": BUCKET} in conditions
    assert {"key": key} in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, len(PNG)] in conditions
    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert 590 <= (expires - datetime.now(timezone.utc)).total_seconds() <= 600


def test_an_uploaded_photo_is_listed_for_the_reporter_with_a_short_lived_link(client):
    receipt = submit(client)
    tracking_id, token = receipt["tracking_id"], receipt["access_token"]
    answer = add(client, receipt).json

    before = client.get(f"/reports/{tracking_id}", headers=bearer(token)).json
    assert before["attachments"] == [], "declared but not uploaded yet"
    assert "attachment_added" in [entry["event_type"] for entry in before["timeline"]]

    upload(answer, PNG)
    view = client.get(f"/reports/{tracking_id}", headers=bearer(token)).json

    [listed] = view["attachments"]
    assert {key: listed[key] for key in ("attachment_id", "filename", "content_type", "size")} == {
        "attachment_id": answer["attachment_id"], "filename": "lubang-jalan.png",
        "content_type": "image/png", "size": len(PNG)}
    assert listed["added_at"].endswith("+07:00")
    query = query_of(listed["url"])
    assert query["X-Amz-Expires"] == "300"
    assert query["response-content-type"] == "image/png"
    assert query["response-content-disposition"] == "inline"
    assert urlsplit(listed["url"]).path.endswith(f"attachments/{tracking_id}/{answer['attachment_id']}")
    stored = boto3.client("s3", region_name=TEST_ENVIRONMENT["AWS_REGION"]).get_object(
        Bucket=BUCKET, Key=f"attachments/{tracking_id}/{answer['attachment_id']}")
    assert stored["Body"].read() == PNG


def test_a_pdf_downloads_under_its_name_safely_quoted(client):
    receipt = submit(client)
    name = 'Surat "balasan" kelurahan é.pdf'
    answer = add(client, receipt, {"filename": name, "content_type": "application/pdf", "size": len(PDF)}).json
    upload(answer, PDF)

    [listed] = client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt["access_token"])).json[
        "attachments"]

    assert listed["filename"] == name
    disposition = query_of(listed["url"])["response-content-disposition"]
    assert disposition == ('attachment; filename="Surat _balasan_ kelurahan _.pdf"; '
                           "filename*=UTF-8''Surat%20%22balasan%22%20kelurahan%20%C3%A9.pdf")
    assert query_of(listed["url"])["response-content-type"] == "application/pdf"


def test_the_public_sees_the_attachments_of_a_public_report_only(client):
    public, anonymous = submit(client, privacy="public"), submit(client, privacy="anonymous")
    for receipt in (public, anonymous):
        upload(add(client, receipt).json, PNG)

    public_view = client.get(f"/reports/{public['tracking_id']}").json
    anonymous_view = client.get(f"/reports/{anonymous['tracking_id']}").json
    anonymous_for_reporter = client.get(f"/reports/{anonymous['tracking_id']}",
                                        headers=bearer(anonymous["access_token"])).json

    assert [item["filename"] for item in public_view["attachments"]] == ["lubang-jalan.png"]
    assert anonymous_view["attachments"] == []
    assert len(anonymous_for_reporter["attachments"]) == 1
    # The timeline tells only the reporter and staff that a file was added.
    assert "attachment_added" not in [entry["event_type"] for entry in public_view["timeline"]]


def test_staff_see_the_attachments_in_the_case(client, staff):
    receipt = submit(client, privacy="anonymous")
    answer = add(client, receipt).json
    upload(answer, PNG)

    case = staff.get("pupr_admin", f"/admin/reports/{receipt['tracking_id']}")

    assert case.status_code == 200, case.json
    assert [item["attachment_id"] for item in case.json["attachments"]] == [answer["attachment_id"]]
    event = next(entry for entry in case.json["timeline"] if entry["event_type"] == "attachment_added")
    assert event["visibility"] == "reporter"
    assert event["details"]["attachment_id"] == answer["attachment_id"]


def test_a_file_larger_than_declared_is_not_listed(client):
    """S3 refuses it on upload; an emulator that does not must not make it a listed file either."""
    receipt = submit(client)
    answer = add(client, receipt).json
    upload(answer, PNG + b"more bytes than declared")

    view = client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt["access_token"])).json

    assert view["attachments"] == []


def test_only_the_access_token_adds_attachments(client):
    receipt = submit(client)
    confidential = submit(client, privacy="confidential")

    wrong = add(client, receipt, token="not-the-token")
    missing = client.post(f"/reports/{receipt['tracking_id']}/attachments",
                          {"filename": "a.png", "content_type": "image/png", "size": 10})
    hidden = add(client, confidential, token="not-the-token")

    assert wrong.status_code == 401 and wrong.json["error"]["code"] == "unauthorized"
    assert missing.status_code == 401
    assert hidden.status_code == 404, "a wrong token must not reveal a confidential report"
    assert add(client, {**receipt, "tracking_id": "AAAAA-AAAAA"}).status_code in (400, 404)
    view = client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt["access_token"])).json
    assert "attachment_added" not in [entry["event_type"] for entry in view["timeline"]]


def test_the_eleventh_attachment_is_refused(client):
    receipt = submit(client)
    for number in range(10):
        response = add(client, receipt, {"filename": f"foto-{number}.jpg", "content_type": "image/jpeg", "size": 1000})
        assert response.status_code == 201, response.json

    refused = add(client, receipt)

    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "too_many_attachments"
    assert "10" in refused.json["error"]["message"]
    english = client.post(f"/reports/{receipt['tracking_id']}/attachments",
                          {"filename": "a.png", "content_type": "image/png", "size": 10},
                          headers={**bearer(receipt["access_token"]), "Accept-Language": "en"})
    assert english.json["error"]["message"] == "A report can have at most 10 attachments."


def test_a_finished_report_takes_no_more_attachments(client, staff):
    receipt = submit(client)
    archived = staff.act("pupr_admin", receipt["tracking_id"], "archive", {"reason": "duplicate"})
    assert archived.status_code == 200, archived.json

    refused = add(client, receipt)

    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "report_finished"


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"filename": "a.gif", "content_type": "image/gif", "size": 10}, "content_type", "literal_error"),
    ({"filename": "a.html", "content_type": "text/html", "size": 10}, "content_type", "literal_error"),
    ({"filename": "../etc/passwd", "content_type": "image/png", "size": 10}, "filename", "path_separator"),
    ({"filename": "C:\\foto.png", "content_type": "image/png", "size": 10}, "filename", "path_separator"),
    ({"filename": "foto\n.png", "content_type": "image/png", "size": 10}, "filename", "control_characters"),
    ({"filename": "x" * 201, "content_type": "image/png", "size": 10}, "filename", "string_too_long"),
    ({"filename": "..", "content_type": "image/png", "size": 10}, "filename", "invalid_filename"),
    ({"filename": "a.png", "content_type": "image/png", "size": 0}, "size", "greater_than_equal"),
    ({"filename": "a.png", "content_type": "image/png", "size": 10_485_761}, "size", "less_than_equal"),
    ({"filename": "a.png", "content_type": "image/png", "size": "10"}, "size", "int_type"),
    ({"filename": "a.png", "content_type": "image/png"}, "size", "missing"),
])
def test_a_bad_declaration_is_refused_naming_the_field(client, body, field, code):
    receipt = submit(client)

    response = add(client, receipt, body)

    assert response.status_code == 422, response.json
    assert [(problem["field"], problem["code"]) for problem in response.json["error"]["details"]] == [(field, code)]


def test_ten_megabytes_is_the_largest_declared_size(client):
    receipt = submit(client)

    response = add(client, receipt, {"filename": "scan.pdf", "content_type": "application/pdf",
                                     "size": 10_485_760})

    assert response.status_code == 201, response.json
    assert ["content-length-range", 1, 10_485_760] in policy_of(response.json)["conditions"]


def schema_errors(client, name: str, body: dict) -> list[str]:
    """What in ``body`` disagrees with the schema ``name`` published at /openapi.json."""
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    document = client.get("/openapi.json").json
    base = "https://aduan.test/openapi.json"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(document))
    validator = jsonschema.Draft202012Validator({"$ref": f"{base}#/components/schemas/{name}"}, registry=registry,
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(body)]


def test_the_answers_match_the_schemas_published_in_openapi(client, staff):
    receipt = submit(client)
    answer = add(client, receipt).json
    upload(answer, PNG)
    reporter_view = client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt["access_token"])).json
    public_view = client.get(f"/reports/{receipt['tracking_id']}").json
    case = staff.get("pupr_admin", f"/admin/reports/{receipt['tracking_id']}").json

    assert schema_errors(client, "AttachmentUpload", answer) == []
    for view in (reporter_view, public_view):
        assert len(view["attachments"]) == 1
        assert schema_errors(client, "ReportView", view) == []
    assert schema_errors(client, "CaseView", case) == []
    document = client.get("/openapi.json").json
    operation = document["paths"]["/reports/{tracking_id}/attachments"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/NewAttachment"
    assert document["components"]["schemas"]["NewAttachment"]["properties"]["content_type"]["enum"] == [
        "image/jpeg", "image/png", "image/webp", "application/pdf"]
