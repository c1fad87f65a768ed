"""The public list of reports (``GET /reports``): verified, never confidential, by region and topic."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import time_machine

from chalicelib.domain import queues
from chalicelib.domain.reports import Status
from chalicelib.store import reports as report_store
from tests.conftest import WIB, Staff, on, submit

DAY = "2026-11-16"  # a Monday
HEALTH = "kesehatan"
ROADS = "pekerjaan-umum-dan-penataan-ruang"
LIST_FIELDS = {"tracking_id", "title", "kind", "status", "status_label", "region_code", "topic", "agency",
               "received_at"}


def file_report(client, region_code: str, agency_id: str, topic: str | None, privacy: str = "public") -> str:
    return submit(client, region_code=region_code, agency_id=agency_id, topic=topic, privacy=privacy)["tracking_id"]


def verify(client, tracking_id: str, agency_id: str, hour: int, minute: int = 0, **extra) -> dict:
    """Verified by the national admin at ``hour``:``minute`` WIB on DAY (so the order is known)."""
    at = datetime.fromisoformat(DAY).replace(hour=hour, minute=minute, tzinfo=WIB)
    with time_machine.travel(at, tick=False):
        response = Staff(client).act("national", tracking_id, "verify", {"agency_id": agency_id, **extra})
    assert response.status_code == 200, response.json
    return response.json


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"/reports{query}")
    assert response.status_code == 200, response.json
    return [item["tracking_id"] for item in response.json["items"]]


def every_page(client, query: str, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        separator = "&" if query else ""
        suffix = f"?{query}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(f"/reports{suffix}")
        assert response.status_code == 200, response.json
        pages.append([item["tracking_id"] for item in response.json["items"]])
        cursor = response.json["cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursor never ends"


@pytest.fixture
def reports(client, staff) -> dict[str, str]:
    """Reports in two provinces, verified one after another (newest last), plus some never listed."""
    with on(DAY, 8):
        ids = {
            "tpi_roads": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS),
            "tpi_health_sub": file_report(client, "21.72", "dinkes-tanjungpinang", f"{HEALTH}.pelayanan-kesehatan"),
            "tpi_health_anon": file_report(client, "21.72", "dinkes-tanjungpinang", HEALTH, "anonymous"),
            "kepri_province": file_report(client, "21", "diskominfo-kepri", None),
            "ptk_health": file_report(client, "61.71", "dinkes-pontianak", HEALTH),
            "ptk_roads": file_report(client, "61.71", "dpupr-pontianak", ROADS),
            # never listed:
            "unverified": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS),
            "on_hold": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS),
            "confidential": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS, "confidential"),
            "made_confidential": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS),
            "archived": file_report(client, "21.72", "dpupr-tanjungpinang", ROADS),
        }
    order = ["tpi_roads", "tpi_health_sub", "tpi_health_anon", "kepri_province", "ptk_health", "ptk_roads"]
    agencies = {"tpi_roads": "dpupr-tanjungpinang", "tpi_health_sub": "dinkes-tanjungpinang",
                "tpi_health_anon": "dinkes-tanjungpinang", "kepri_province": "diskominfo-kepri",
                "ptk_health": "dinkes-pontianak", "ptk_roads": "dpupr-pontianak"}
    for minute, name in enumerate(order, start=1):
        verify(client, ids[name], agencies[name], 9, minute)
    verify(client, ids["made_confidential"], "dpupr-tanjungpinang", 10, privacy="confidential")
    with on(DAY, 10):
        officer = Staff(client)
        assert officer.act("national", ids["on_hold"], "hold", {"message": "Mohon lengkapi lokasi."}).status_code == 200
        assert officer.act("national", ids["archived"], "archive", {"reason": "duplicate"}).status_code == 200
    return ids


def names(ids: dict[str, str], tracking_ids: list[str]) -> list[str]:
    by_id = {tracking_id: name for name, tracking_id in ids.items()}
    return [by_id[tracking_id] for tracking_id in tracking_ids]


def test_the_whole_country_newest_verification_first(client, reports):
    response = client.get("/reports")

    assert response.status_code == 200
    assert names(reports, listed(client)) == ["ptk_roads", "ptk_health", "kepri_province", "tpi_health_anon",
                                              "tpi_health_sub", "tpi_roads"]
    item = response.json["items"][0]
    assert set(item) == LIST_FIELDS
    assert item["agency"] == {"agency_id": "dpupr-pontianak", "name": item["agency"]["name"]}
    assert item["agency"]["name"] != "dpupr-pontianak"
    assert item["status"] == "dispositioned" and item["status_label"]["en"]
    assert item["region_code"] == "61.71" and item["topic"] == ROADS
    assert item["received_at"].endswith("+07:00")
    assert response.json["cursor"] is None


def test_nothing_of_the_reporter_and_no_description_is_listed(client, reports):
    text = client.get("/reports").body
    text = text.decode() if isinstance(text, bytes) else text

    for trace in ("Siti", "siti@example.id", "3456 7890", "+6281234567890", "Lubang besar"):
        assert trace not in text


def test_a_province_lists_its_cities_and_itself(client, reports):
    assert names(reports, listed(client, "?region_code=21")) == ["kepri_province", "tpi_health_anon",
                                                                 "tpi_health_sub", "tpi_roads"]
    assert names(reports, listed(client, "?region_code=61")) == ["ptk_roads", "ptk_health"]
    assert listed(client, "?region_code=33") == []


def test_a_city_lists_its_own_reports(client, reports):
    assert names(reports, listed(client, "?region_code=21.72")) == ["tpi_health_anon", "tpi_health_sub",
                                                                    "tpi_roads"]
    assert names(reports, listed(client, "?region_code=61.71")) == ["ptk_roads", "ptk_health"]


def test_a_topic_takes_in_its_subtopics(client, reports):
    assert names(reports, listed(client, f"?topic={HEALTH}")) == ["ptk_health", "tpi_health_anon", "tpi_health_sub"]
    assert names(reports, listed(client, f"?topic={HEALTH}&region_code=21.72")) == ["tpi_health_anon",
                                                                                    "tpi_health_sub"]
    assert names(reports, listed(client, f"?topic={ROADS}&region_code=61")) == ["ptk_roads"]


def test_unverified_held_archived_and_confidential_reports_never_appear(client, reports):
    never = {reports[name] for name in ("unverified", "on_hold", "confidential", "made_confidential", "archived")}
    for query in ("", "?region_code=21", "?region_code=21.72", f"?topic={ROADS}"):
        assert never.isdisjoint(listed(client, query)), query


def test_reports_off_the_list_carry_no_public_index_keys(client, reports):
    for name in ("unverified", "on_hold", "confidential", "made_confidential", "archived"):
        stored = report_store.get_report(reports[name])
        keys = (stored.public_region, stored.public_province, stored.public_shard, stored.public_since)
        assert keys == (None, None, None, None), name
    listed_report = report_store.get_report(reports["tpi_roads"])
    assert listed_report.public_region == "21.72" and listed_report.public_province == "21"
    assert listed_report.public_shard == f"public#{queues.shard_of(reports['tpi_roads'])}"
    province_report = report_store.get_report(reports["kepri_province"])
    assert province_report.public_region is None and province_report.public_province == "21"


@pytest.mark.parametrize(("status", "privacy", "verified", "listed_now"), [
    (Status.DISPOSITIONED, "public", True, True),
    (Status.CLOSED, "anonymous", True, True),
    (Status.DISPOSITIONED, "confidential", True, False),  # made confidential by the verify action
    (Status.ARCHIVED, "public", True, False),
    (Status.SUBMITTED, "public", False, False),
    (Status.ON_HOLD, "public", False, False),
])
def test_every_write_sets_or_clears_the_public_keys(status, privacy, verified, listed_now):
    verified_at = datetime(2026, 11, 16, 2, 0, tzinfo=timezone.utc) if verified else None

    keys = queues.public_list_keys(tracking_id="K7M2Q-X9T4Q", status=status, privacy=privacy,
                                   region_code="21.72", verified_at=verified_at)

    assert set(keys) == {"public_region", "public_province", "public_shard", "public_since"}
    if listed_now:
        assert keys["public_since"] == "2026-11-16T02:00:00Z#K7M2Q-X9T4Q"
        assert keys["public_region"] == "21.72" and keys["public_province"] == "21"
    else:
        assert set(keys.values()) == {None}


def test_closing_keeps_a_report_on_the_list(client, reports):
    with on(DAY, 11):
        officer = Staff(client)
        assert officer.act("national", reports["tpi_roads"], "start", {}).status_code == 200
        assert officer.act("national", reports["tpi_roads"], "respond",
                           {"message": "Jalan sudah ditambal."}).status_code == 200
        closed = officer.act("national", reports["tpi_roads"], "close", {})
    assert closed.status_code == 200, closed.json

    items = client.get("/reports?region_code=21.72").json["items"]

    assert [item["status"] for item in items if item["tracking_id"] == reports["tpi_roads"]] == ["closed"]


def test_pages_follow_the_cursor_over_every_report_once(client, reports):
    expected = listed(client)
    for limit in (1, 2, 4):
        pages = every_page(client, "", limit)
        flat = [tracking_id for page in pages for tracking_id in page]
        assert flat == expected, limit
        assert all(len(page) <= limit for page in pages)
    province = [tracking_id for page in every_page(client, "region_code=21", 3) for tracking_id in page]
    assert province == listed(client, "?region_code=21")
    health = [tracking_id for page in every_page(client, f"topic={HEALTH}", 1) for tracking_id in page]
    assert health == listed(client, f"?topic={HEALTH}")


@pytest.mark.parametrize(("query", "status", "field", "code"), [
    ("?region_code=21.72.01", 422, "region_code", "string_pattern_mismatch"),
    ("?region_code=ID", 422, "region_code", "string_pattern_mismatch"),
    ("?region_code=99", 422, "region_code", "unknown_region"),
    ("?topic=kesehatan.pelayanan-kesehatan", 422, "topic", "string_pattern_mismatch"),
    ("?topic=Kesehatan", 422, "topic", "string_pattern_mismatch"),
    ("?topic=bukan-topik", 422, "topic", "unknown_topic"),
    ("?limit=0", 422, "limit", "out_of_range"),
    ("?limit=51", 422, "limit", "out_of_range"),
    ("?limit=abc", 422, "limit", "out_of_range"),
    ("?cursor=not-a-cursor", 400, "cursor", "invalid_cursor"),
])
def test_bad_parameters_are_refused_in_the_contract_shape(client, query, status, field, code):
    response = client.get(f"/reports{query}")

    assert response.status_code == status, response.json
    error = response.json["error"]
    assert set(error) == {"code", "message", "details"}
    assert [(problem["field"], problem["code"]) for problem in error["details"]] == [(field, code)]


def test_a_cursor_of_another_list_is_refused(client, reports):
    cursor = client.get("/reports?region_code=21&limit=1").json["cursor"]
    assert cursor

    response = client.get(f"/reports?region_code=61&cursor={cursor}")

    assert response.status_code == 400
    assert response.json["error"]["details"][0]["code"] == "invalid_cursor"


def test_the_list_matches_the_schema_published_in_openapi(client, reports):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    page = client.get("/reports?limit=3").json
    document = client.get("/openapi.json").json
    base = "https://aduan.test/openapi.json"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(document))
    validator = jsonschema.Draft202012Validator({"$ref": f"{base}#/components/schemas/PublicReportList"},
                                                registry=registry,
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    assert len(page["items"]) == 3 and page["cursor"]
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(page)] == []
    assert "get" in document["paths"]["/reports"] and "post" in document["paths"]["/reports"]
