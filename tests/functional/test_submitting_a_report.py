"""A citizen submits a report with POST /reports and gets a receipt (DESIGN §2–3)."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

import boto3
import holidays
import pytest

from chalicelib.config import get_settings
from chalicelib.domain.statistics import partitions_of
from chalicelib.domain.tracking import ALPHABET
from chalicelib.store.models import (
    HolidayModel,
    IdempotencyRecordModel,
    ReportEventModel,
    ReportModel,
    StatCounterModel,
)

TRACKING_ID = re.compile(f"^[{ALPHABET}]{{5}}-[{ALPHABET}]{{5}}$")
ACCESS_CODE = re.compile(f"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")

ROAD_COMPLAINT = {
    "kind": "complaint",
    "title": "Jalan berlubang di Jalan Ganet",
    "description": "Lubang besar di dekat simpang Batu 8 sudah dua minggu tidak diperbaiki.",
    "region_code": "21.72",
    "agency_id": "dpupr-tanjungpinang",
    "topic": "pekerjaan-umum-dan-penataan-ruang",
    "location": {"address": "Jl. Ganet, Tanjungpinang Timur", "lat": 0.9186, "lon": 104.5097},
    "privacy": "public",
    "reporter": {"name": "Siti Rahmawati", "email": "siti@example.id", "phone": "0812 3456 7890"},
}

NATIONAL_CALENDAR = holidays.Indonesia(categories=("public", "government"), years=2026)


def header(response, name: str) -> str | None:
    return {key.lower(): value for key, value in response.headers.items()}.get(name.lower())


def freeze_intake_clock(monkeypatch, instant: datetime) -> None:
    """The intake service reads the time with ``datetime.now(timezone.utc)``: make that ``instant``."""

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr("chalicelib.services.intake.datetime", FrozenDatetime)


@pytest.fixture
def dynamodb(aws):
    return boto3.client("dynamodb", region_name=StatCounterModel.Meta.region)


def stored_counters(dynamodb, scope: str) -> list[dict]:
    """Counter items of a scope with all their metrics, in each of its partitions (shards).

    The model declares only the keys (metrics are added with ADD), so PynamoDB drops
    the metric attributes when it builds items: read the model's table directly.
    """
    items = [item for partition in partitions_of(scope, get_settings().hot_counter_shards)
             for item in dynamodb.query(TableName=StatCounterModel.Meta.table_name, ConsistentRead=True,
                                        KeyConditionExpression="#scope = :scope",
                                        ExpressionAttributeNames={"#scope": "scope"},
                                        ExpressionAttributeValues={":scope": {"S": partition}})["Items"]]
    return [{name: next(iter(value.values())) for name, value in item.items()} for item in items]


def leaf_values(document) -> list:
    """Every scalar inside a (DynamoDB-serialised) item, however deeply nested."""
    if isinstance(document, dict):
        return [leaf for value in document.values() for leaf in leaf_values(value)]
    if isinstance(document, (list, tuple, set)):
        return [leaf for value in document for leaf in leaf_values(value)]
    return [document]


def received_total(dynamodb, scope: str) -> int:
    return sum(int(item.get("received", 0)) for item in stored_counters(dynamodb, scope))


# --- the receipt ------------------------------------------------------------------------


def test_a_valid_report_is_accepted_with_a_receipt_the_citizen_can_track_it_with(client):
    response = client.post("/reports", ROAD_COMPLAINT)

    assert response.status_code == 201
    receipt = response.json
    assert TRACKING_ID.match(receipt["tracking_id"]), receipt["tracking_id"]
    assert ACCESS_CODE.match(receipt["access_token"]), receipt["access_token"]
    assert receipt["status"] == "submitted"
    assert receipt["kind"] == "complaint"
    assert receipt["privacy"] == "public"
    assert receipt["agency"]["agency_id"] == "dpupr-tanjungpinang"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T23:59:59\+07:00", receipt["deadlines"]["verification_due"])
    assert header(response, "Location") == f"/reports/{receipt['tracking_id']}"
    assert receipt["tracking_url"] == f"https://aduan.test/track/{receipt['tracking_id']}"


def test_two_reports_get_different_tracking_ids_and_access_tokens(client):
    first = client.post("/reports", ROAD_COMPLAINT).json
    second = client.post("/reports", ROAD_COMPLAINT).json

    assert first["tracking_id"] != second["tracking_id"]
    assert first["access_token"] != second["access_token"]


def test_the_receipt_matches_the_receipt_schema_published_in_openapi(client):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    receipt = client.post("/reports", ROAD_COMPLAINT).json
    document = client.get("/openapi.json").json

    base = "https://aduan.test/openapi.json"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(document))
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{base}#/components/schemas/Receipt"}, registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(receipt), key=lambda error: list(error.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]

    # And the schema is not vacuous: a receipt without its tracking id is refused.
    broken = {key: value for key, value in receipt.items() if key != "tracking_id"}
    assert not validator.is_valid(broken)


# --- the verification deadline (DESIGN §2: 3 working days, end of day, agency local time) ---


def test_verification_is_due_three_working_days_after_receipt_skipping_nyepi_and_idul_fitri_leave(
        client, monkeypatch):
    # Tuesday 2026-03-17, 10:00 WIB. Nyepi and Idul Fitri with their joint leave close
    # every day from Wednesday 03-18 to Tuesday 03-24.
    assert all(date(2026, 3, day) in NATIONAL_CALENDAR for day in (18, 19, 20, 23, 24))
    freeze_intake_clock(monkeypatch, datetime(2026, 3, 17, 3, 0, tzinfo=timezone.utc))

    receipt = client.post("/reports", ROAD_COMPLAINT).json

    assert receipt["received_at"] == "2026-03-17T10:00:00+07:00"
    # Working days 1, 2, 3 = Wed 03-25, Thu 03-26, Fri 03-27.
    assert receipt["deadlines"]["verification_due"] == "2026-03-27T23:59:59+07:00"


def test_verification_deadline_of_a_kutai_timur_agency_counts_from_its_own_local_day_in_wita(
        client, monkeypatch):
    # 2026-05-12 16:30 UTC is still Tuesday in Jakarta (23:30 WIB) but already Wednesday
    # 2026-05-13 00:30 in Kutai Timur (WITA). Ascension Day (Thu 05-14) and its joint
    # leave (Fri 05-15) follow.
    assert date(2026, 5, 14) in NATIONAL_CALENDAR and date(2026, 5, 15) in NATIONAL_CALENDAR
    assert all(date(2026, 5, day) not in NATIONAL_CALENDAR for day in (13, 18, 19, 20))
    freeze_intake_clock(monkeypatch, datetime(2026, 5, 12, 16, 30, tzinfo=timezone.utc))

    receipt = client.post("/reports", dict(ROAD_COMPLAINT, region_code="64.08",
                                           agency_id="dpu-kutaitimur")).json

    assert receipt["received_at"] == "2026-05-13T00:30:00+08:00"
    # Working days after Wed 05-13: Mon 05-18, Tue 05-19, Wed 05-20 (in WIB it would be 05-19).
    assert receipt["deadlines"]["verification_due"] == "2026-05-20T23:59:59+08:00"


def test_a_holiday_added_by_an_admin_moves_the_verification_deadline_by_one_working_day(
        client, monkeypatch):
    freeze_intake_clock(monkeypatch, datetime(2026, 3, 17, 3, 0, tzinfo=timezone.utc))
    HolidayModel("2026", "2026-03-26", name="Hari libur daerah").save()

    receipt = client.post("/reports", ROAD_COMPLAINT).json

    # Without the extra holiday it would be Fri 03-27; Thu 03-26 is now off, so Mon 03-30.
    assert receipt["deadlines"]["verification_due"] == "2026-03-30T23:59:59+07:00"


# --- No Wrong Door: which agency receives it ---------------------------------------------


def test_a_report_without_an_agency_goes_to_the_coordinator_of_its_city(client):
    # Words that say nothing of a topic: nothing for the system to route on (tests/functional/test_routing.py).
    body = {key: value for key, value in ROAD_COMPLAINT.items() if key not in ("agency_id", "topic")}
    body.update(title="Mohon perhatian bapak ibu", description="Saya ingin menyampaikan sesuatu kepada bapak ibu.")

    pontianak = client.post("/reports", dict(body, region_code="61.71"))
    tanjungpinang = client.post("/reports", body)

    assert pontianak.status_code == 201
    assert pontianak.json["agency"]["agency_id"] == "diskominfo-pontianak"
    assert tanjungpinang.json["agency"]["agency_id"] == "diskominfo-tanjungpinang"
    stored = ReportModel.get(pontianak.json["tracking_id"])
    assert stored.agency_id == "diskominfo-pontianak" and stored.requested_agency_id is None


def test_a_national_agency_accepts_reports_from_any_region(client):
    for region_code in ("21.72", "64.08", "33"):
        response = client.post("/reports", dict(ROAD_COMPLAINT, region_code=region_code,
                                                agency_id="kemenpan-rb"))
        assert response.status_code == 201, (region_code, response.json)
        assert response.json["agency"]["agency_id"] == "kemenpan-rb"


def test_an_agency_from_another_region_is_refused_naming_agency_id(client):
    response = client.post("/reports", dict(ROAD_COMPLAINT, agency_id="dpu-kutaitimur"))

    assert response.status_code == 422
    assert [problem["field"] for problem in response.json["error"]["details"]] == ["agency_id"]
    assert ReportModel.count() == 0


# --- what is stored ----------------------------------------------------------------------


def test_a_submission_stores_the_report_its_first_timeline_event_and_its_counters(client, dynamodb):
    receipt = client.post("/reports", ROAD_COMPLAINT).json
    tracking_id = receipt["tracking_id"]

    stored = ReportModel.get(tracking_id, consistent_read=True)
    assert stored.status == "submitted"
    assert stored.title == ROAD_COMPLAINT["title"]
    assert stored.agency_id == "dpupr-tanjungpinang"
    assert stored.channel == "api"
    assert stored.reporter.phone == "+6281234567890"
    assert stored.deadlines.verification_due == receipt["deadlines"]["verification_due"]

    events = list(ReportEventModel.query(tracking_id))
    assert [(event.event_type, event.status_to, event.visibility) for event in events] == [
        ("submitted", "submitted", "public")]

    for scope in ("national", "agency#dpupr-tanjungpinang", "region#21.72", "region#21",
                  "topic#pekerjaan-umum-dan-penataan-ruang", "kind#complaint", "channel#api"):
        assert received_total(dynamodb, scope) == 1, scope
    assert received_total(dynamodb, "agency#diskominfo-tanjungpinang") == 0


def test_a_subtopic_is_counted_under_its_top_level_topic(client, dynamodb):
    client.post("/reports", dict(ROAD_COMPLAINT, topic="agama.haji-dan-umroh"))

    assert received_total(dynamodb, "topic#agama") == 1
    assert received_total(dynamodb, "topic#agama.haji-dan-umroh") == 0


def test_the_access_token_is_not_stored_in_clear(client):
    receipt = client.post("/reports", ROAD_COMPLAINT).json
    token = receipt["access_token"]

    stored = ReportModel.get(receipt["tracking_id"], consistent_read=True)
    assert stored.access_token_hash and stored.access_token_hash != token
    assert token not in json.dumps(stored.serialize())
    assert token not in leaf_values(stored.serialize())
    for event in ReportEventModel.query(receipt["tracking_id"]):
        assert token not in json.dumps(event.serialize(), default=str)


def test_a_report_sent_with_an_idempotency_key_does_not_store_its_token_in_clear_either(client):
    receipt = client.post("/reports", ROAD_COMPLAINT, headers={"Idempotency-Key": "form-7f3a9c21"}).json
    token = receipt["access_token"]
    stored_items = [ReportModel.get(receipt["tracking_id"]), *IdempotencyRecordModel.scan()]
    assert all(token not in json.dumps(item.serialize(), default=str) for item in stored_items)
    assert all("form-7f3a9c21" not in json.dumps(item.serialize(), default=str) for item in stored_items)


# --- observability -----------------------------------------------------------------------


def emf_lines(captured: str, metric: str) -> list[dict]:
    lines = []
    for line in captured.splitlines():
        try:
            document = json.loads(line)
        except ValueError:
            continue
        if isinstance(document, dict) and metric in document and "_aws" in document:
            lines.append(document)
    return lines


def test_each_submission_emits_one_report_submitted_metric_by_kind_and_channel(client, capsys):
    capsys.readouterr()
    client.post("/reports", dict(ROAD_COMPLAINT, kind="aspiration"))

    [metric] = emf_lines(capsys.readouterr().out, "ReportSubmitted")
    [directive] = metric["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "Aduan"
    assert [m["Name"] for m in directive["Metrics"]] == ["ReportSubmitted"]
    assert {"kind", "channel"} <= set(directive["Dimensions"][0])
    assert metric["kind"] == "aspiration"
    assert metric["channel"] == "api"
    assert metric["ReportSubmitted"] in (1, 1.0, [1.0], [1])


def test_a_refused_report_emits_no_report_submitted_metric(client, capsys):
    capsys.readouterr()
    client.post("/reports", dict(ROAD_COMPLAINT, agency_id="dpu-kutaitimur"))

    assert emf_lines(capsys.readouterr().out, "ReportSubmitted") == []


def test_logs_never_contain_the_reporters_name_email_or_phone(client, app_logs, capsys):
    reporter = {"name": "Kusumawardhani Prasetyaningrum", "email": "kusuma.pras.7731@contoh.id",
                "phone": "0813-9911-4477"}

    accepted = client.post("/reports", dict(ROAD_COMPLAINT, reporter=reporter))
    client.get(f"/reports/{accepted.json['tracking_id']}",
               headers={"Authorization": f"Bearer {accepted.json['access_token']}"})
    client.post("/reports", dict(ROAD_COMPLAINT, reporter=reporter, agency_id="dpu-kutaitimur"))
    captured = capsys.readouterr()

    assert accepted.status_code == 201
    logs = app_logs.getvalue()
    assert "report submitted" in logs and "request refused" in logs  # the logs were captured
    for secret in ("Kusumawardhani", "Prasetyaningrum", "kusuma.pras.7731", "0813-9911-4477",
                   "081399114477", "+6281399114477", "6281399114477",
                   accepted.json["access_token"]):
        for output in (logs, captured.out, captured.err):
            assert secret not in output, secret
