"""POST /reports refuses what is malformed, in the contract's error shape, and stores nothing."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine

from chalicelib.store.models import (
    IdempotencyRecordModel,
    ReportEventModel,
    ReportModel,
    StatCounterModel,
)

VALID = {
    "kind": "complaint",
    "title": "Lampu jalan mati di Jalan Merdeka",
    "description": "Sudah seminggu lampu jalan di depan pasar mati dan jalan menjadi gelap.",
    "region_code": "21.72",
    "agency_id": "dpupr-tanjungpinang",
    "topic": "pekerjaan-umum-dan-penataan-ruang",
    "location": {"address": "Jl. Merdeka, Tanjungpinang Kota", "lat": 0.92, "lon": 104.45},
    "incident_date": "2026-01-15",
    "privacy": "public",
    "reporter": {"name": "Rahmat Hidayat", "email": "rahmat@example.id", "phone": "081234567890"},
}


def without(key: str) -> dict:
    return {k: v for k, v in VALID.items() if k != key}


def changed(**fields) -> dict:
    return {**VALID, **fields}


def changed_inside(part: str, **fields) -> dict:
    return {**VALID, part: {**VALID[part], **fields}}


def as_json(document) -> str:
    return json.dumps(document)


TOMORROW_EVERYWHERE = (date.today() + timedelta(days=2)).isoformat()

# (case id, raw body, extra headers, expected status, field named in details or None)
MALFORMED = [
    ("missing kind", as_json(without("kind")), {}, 422, "kind"),
    ("unknown kind", as_json(changed(kind="praise")), {}, 422, "kind"),
    ("title of 151 characters", as_json(changed(title="J" * 151)), {}, 422, "title"),
    ("title too short", as_json(changed(title="Abc")), {}, 422, "title"),
    ("title only spaces", as_json(changed(title="        ")), {}, 422, "title"),
    ("description of 5001 characters", as_json(changed(description="d" * 5001)), {}, 422, "description"),
    ("unknown field at top level", as_json(changed(urgent=True)), {}, 422, "urgent"),
    ("unknown field inside reporter", as_json(changed_inside("reporter", nik="1234567890123456")),
     {}, 422, "reporter.nik"),
    ("region code in a bad format", as_json(changed(region_code="21-72")), {}, 422, "region_code"),
    ("unknown region", as_json(changed(region_code="99.99", agency_id=None)), {}, 422, "region_code"),
    ("unknown agency", as_json(changed(agency_id="dinas-yang-tidak-ada")), {}, 422, "agency_id"),
    ("unknown topic", as_json(changed(topic="astrologi")), {}, 422, "topic"),
    ("unknown subtopic", as_json(changed(topic="agama.astrologi")), {}, 422, "topic"),
    ("bad e-mail", as_json(changed_inside("reporter", email="rahmat@@example")), {}, 422, "reporter.email"),
    ("bad phone", as_json(changed_inside("reporter", phone="12-34")), {}, 422, "reporter.phone"),
    ("latitude 91", as_json(changed_inside("location", lat=91)), {}, 422, "location.lat"),
    ("longitude -181", as_json(changed_inside("location", lon=-181)), {}, 422, "location.lon"),
    ("latitude without longitude", as_json(changed(location={"lat": 0.92})), {}, 422, "location"),
    ("incident date 2026-02-30", as_json(changed(incident_date="2026-02-30")), {}, 422, "incident_date"),
    ("incident date in the future", as_json(changed(incident_date=TOMORROW_EVERYWHERE)),
     {}, 422, "incident_date"),
    ("incident date not a string", as_json(changed(incident_date=20260101)), {}, 422, "incident_date"),
    ("incident date before 1945", as_json(changed(incident_date="1944-12-31")), {}, 422, "incident_date"),
    ("incident date in year 1", as_json(changed(incident_date="0001-01-01")), {}, 422, "incident_date"),
    ("privacy secret", as_json(changed(privacy="secret")), {}, 422, "privacy"),
    ("title as a number", as_json(changed(title=1234567)), {}, 422, "title"),
    ("body not JSON", '{"kind": "complaint", "title": ', {}, 400, "body"),
    ("body a JSON array", as_json([VALID]), {}, 422, "body"),
    ("empty body", "", {}, 400, "body"),
    ("body over 32 KB", as_json(changed(description="x" * 33_000)), {}, 413, None),
    ("Content-Type text/plain", as_json(VALID), {"Content-Type": "text/plain"}, 415, None),
    ("control character in the title", as_json(changed(title="Lampu jalan\u0007 mati")), {}, 422, "title"),
    ("Idempotency-Key too short", as_json(VALID), {"Idempotency-Key": "abc"}, 400, "Idempotency-Key"),
]

CASES = [pytest.param(*case[1:], id=case[0]) for case in MALFORMED] + [
    pytest.param(as_json(changed(title="Lampu jalan\u009b2J mati")), {}, 422, "title",
                 id="C1 control character in the title"),
]


def assert_contract_error(response) -> dict:
    """The body is exactly ``{"error": {"code", "message", "details": [{"field", "code", "message"}]}}``."""
    body = response.json
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    for detail in error["details"]:
        assert set(detail) == {"field", "code", "message"}, detail
        assert detail["field"] is None or isinstance(detail["field"], str)
        assert isinstance(detail["code"], str) and isinstance(detail["message"], str)
    return error


def stored_counts() -> dict[str, int]:
    # Scans are for tests only: the application never scans.
    return {model.__name__: model.count() for model in
            (ReportModel, ReportEventModel, StatCounterModel, IdempotencyRecordModel)}


NOTHING_STORED = {"ReportModel": 0, "ReportEventModel": 0, "StatCounterModel": 0,
                  "IdempotencyRecordModel": 0}


def test_the_valid_body_used_as_the_base_of_the_table_is_accepted(client):
    # Otherwise every refusal below could have the wrong cause.
    response = client.request("POST", "/reports", raw=as_json(VALID))

    assert response.status_code == 201, response.json
    assert stored_counts()["ReportModel"] == 1


@pytest.mark.parametrize("raw, headers, status, field", CASES)
def test_a_malformed_report_is_refused_in_the_contract_shape_and_nothing_is_stored(
        client, raw, headers, status, field):
    response = client.request("POST", "/reports", raw=raw,
                              headers={"Idempotency-Key": "retry-key-0001", **headers})

    assert response.status_code < 500, response.json
    assert response.status_code == status, response.json
    error = assert_contract_error(response)
    if field is not None:
        assert field in [detail["field"] for detail in error["details"]], error
    assert stored_counts() == NOTHING_STORED


def test_an_error_names_every_offending_field_at_once(client):
    response = client.post("/reports", changed(title="x", privacy="secret",
                                               reporter={"email": "not-an-email"}))

    assert response.status_code == 422
    fields = {detail["field"] for detail in assert_contract_error(response)["details"]}
    assert {"title", "privacy", "reporter.email"} <= fields


def test_an_error_is_explained_in_english_when_the_caller_asks_for_english(client):
    indonesian = client.post("/reports", without("kind"))
    english = client.post("/reports", without("kind"), headers={"Accept-Language": "en-US,en;q=0.9"})

    assert english.status_code == indonesian.status_code == 422
    assert english.json["error"]["message"] == "The request is not valid."
    assert indonesian.json["error"]["message"] != english.json["error"]["message"]


@pytest.mark.parametrize("incident_date", ["1945-01-01", "2026-11-21"])
def test_an_incident_from_1945_up_to_today_in_the_easternmost_zone_is_accepted(client, incident_date):
    # 23:30 WIB on 20 November is already 01:30 on the 21st in Jayapura (WIT): today for someone there.
    with time_machine.travel(datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc), tick=False):
        response = client.post("/reports", changed(incident_date=incident_date))

    assert response.status_code == 201, response.json


def test_an_incident_after_today_in_the_easternmost_zone_is_refused_naming_the_field(client):
    with time_machine.travel(datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc), tick=False):
        response = client.post("/reports", changed(incident_date="2026-11-22"))

    assert response.status_code == 422
    assert [(d["field"], d["code"]) for d in assert_contract_error(response)["details"]] == [
        ("incident_date", "date_in_future")]


def test_an_incident_before_1945_is_refused_naming_the_earliest_date(client):
    response = client.post("/reports", changed(incident_date="1944-12-31"), headers={"Accept-Language": "en"})

    assert response.status_code == 422
    [detail] = assert_contract_error(response)["details"]
    assert (detail["field"], detail["code"]) == ("incident_date", "date_before_republic")
    assert "1945-01-01" in detail["message"]


# --- Idempotency-Key ---------------------------------------------------------------------


def test_the_same_idempotency_key_and_body_twice_return_the_same_report_stored_once(client):
    headers = {"Idempotency-Key": "mobile-app:4f1c2b7e-retry"}

    first = client.post("/reports", VALID, headers=headers)
    second = client.post("/reports", VALID, headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json["tracking_id"] == first.json["tracking_id"]
    assert second.json["access_token"] == first.json["access_token"]
    assert second.json["deadlines"] == first.json["deadlines"]
    assert {k.lower(): v for k, v in second.headers.items()}.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in {k.lower() for k in first.headers}
    assert stored_counts()["ReportModel"] == 1
    assert stored_counts()["ReportEventModel"] == 1
    # The replayed token really opens the report.
    view = client.get(f"/reports/{first.json['tracking_id']}",
                      headers={"Authorization": f"Bearer {second.json['access_token']}"})
    assert view.status_code == 200 and view.json["view"] == "reporter"


def test_the_same_idempotency_key_with_a_different_body_is_refused_with_409(client):
    headers = {"Idempotency-Key": "mobile-app:4f1c2b7e-retry"}
    client.post("/reports", VALID, headers=headers)
    counts_after_first = stored_counts()

    response = client.post("/reports", changed(title="Lampu jalan mati di Jalan Pos"), headers=headers)

    assert response.status_code == 409
    assert assert_contract_error(response)["code"] == "idempotency_key_reused"
    assert stored_counts() == counts_after_first


def test_different_idempotency_keys_with_the_same_body_store_two_reports(client):
    first = client.post("/reports", VALID, headers={"Idempotency-Key": "form-submit-0001"})
    second = client.post("/reports", VALID, headers={"Idempotency-Key": "form-submit-0002"})

    assert first.json["tracking_id"] != second.json["tracking_id"]
    assert first.json["access_token"] != second.json["access_token"]
    assert stored_counts()["ReportModel"] == 2
