"""Tracking a report by its id, the reference lists and the published contract (DESIGN §3)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chalicelib.domain.tracking import ALPHABET, new_tracking_id
from devtools import demo_data

TOPICS_FILE = Path(__file__).resolve().parents[2] / "chalicelib" / "data" / "lapor_topics.json"

REPORTER = {"name": "Dewi Anggraini Lestari", "email": "dewi.lestari.5521@contoh.id",
            "phone": "0821 7788 9900"}
# The phone as the API stores it (E.164) and as it was typed, without spaces.
REPORTER_TRACES = ["Dewi", "Anggraini", "Lestari", "dewi.lestari.5521", "contoh.id",
                   "0821 7788 9900", "082177889900", "+6282177889900", "6282177889900", "77889900"]


def report(privacy: str) -> dict:
    return {
        "kind": "complaint",
        "title": "Pungutan liar di kantor kelurahan",
        "description": "Petugas meminta uang untuk surat keterangan domisili yang seharusnya gratis.",
        "region_code": "21.72",
        "privacy": privacy,
        "reporter": REPORTER,
    }


def submit(client, privacy: str) -> dict:
    response = client.post("/reports", report(privacy))
    assert response.status_code == 201, response.json
    return response.json


def raw_text(response) -> str:
    body = response.body
    return body.decode("utf-8") if isinstance(body, bytes) else str(body)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_contract_error(response) -> dict:
    body = response.json
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert isinstance(body["error"]["details"], list)
    return body["error"]


# --- the public view and the reporter's view ---------------------------------------------


def test_the_public_view_of_a_public_report_shows_the_reporters_name_but_no_contact(client):
    receipt = submit(client, "public")

    response = client.get(f"/reports/{receipt['tracking_id']}")

    assert response.status_code == 200
    view = response.json
    assert view["view"] == "public"
    assert view["tracking_id"] == receipt["tracking_id"]
    assert view["status"] == "submitted"
    assert [entry["event_type"] for entry in view["timeline"]] == ["submitted"]
    assert view["reporter"] == {"name": REPORTER["name"]}
    text = raw_text(response)
    for contact in ("dewi.lestari.5521", "contoh.id", "77889900"):
        assert contact not in text, contact
    assert receipt["access_token"] not in text


def test_the_public_view_of_an_anonymous_report_shows_nothing_of_the_reporter(client):
    receipt = submit(client, "anonymous")

    response = client.get(f"/reports/{receipt['tracking_id']}")

    assert response.status_code == 200
    assert response.json["view"] == "public"
    assert response.json["title"] == "Pungutan liar di kantor kelurahan"
    assert response.json.get("reporter") is None
    text = raw_text(response)
    for trace in REPORTER_TRACES:
        assert trace not in text, trace


def test_a_confidential_report_has_no_public_view_and_looks_like_a_report_that_does_not_exist(client):
    receipt = submit(client, "confidential")

    confidential = client.get(f"/reports/{receipt['tracking_id']}")
    missing = client.get(f"/reports/{new_tracking_id()}")

    assert confidential.status_code == missing.status_code == 404
    assert confidential.json == missing.json
    assert_contract_error(confidential)
    for trace in REPORTER_TRACES + ["Pungutan liar"]:
        assert trace not in raw_text(confidential), trace


def test_with_the_access_token_the_reporter_of_a_confidential_report_sees_everything(client):
    receipt = submit(client, "confidential")

    response = client.get(f"/reports/{receipt['tracking_id']}", headers=bearer(receipt["access_token"]))

    assert response.status_code == 200
    view = response.json
    assert view["view"] == "reporter"
    assert view["privacy"] == "confidential"
    assert view["title"] == "Pungutan liar di kantor kelurahan"
    assert view["reporter"] == {"name": REPORTER["name"], "email": REPORTER["email"],
                                "phone": "+6282177889900"}
    assert view["deadlines"]["verification_due"] == receipt["deadlines"]["verification_due"]
    assert [entry["event_type"] for entry in view["timeline"]] == ["submitted"]


def test_the_access_token_of_one_report_does_not_open_another(client):
    mine = submit(client, "public")
    theirs = submit(client, "public")

    response = client.get(f"/reports/{theirs['tracking_id']}", headers=bearer(mine["access_token"]))

    assert response.status_code == 401
    assert "Dewi" not in raw_text(response)


def test_a_wrong_token_on_a_confidential_report_looks_like_no_report_at_all(client):
    mine = submit(client, "confidential")
    theirs = submit(client, "confidential")

    wrong_token = client.get(f"/reports/{theirs['tracking_id']}", headers=bearer(mine["access_token"]))
    unknown = client.get("/reports/K7M2Q-X9T4Q", headers=bearer(mine["access_token"]))

    assert wrong_token.status_code == unknown.status_code == 404
    assert wrong_token.json == unknown.json
    assert "Dewi" not in raw_text(wrong_token)


@pytest.mark.parametrize("authorization", [
    "Bearer not-the-right-token-at-all-0000000000000",
    "Bearer ",
    "Basic xyz",
    "xyz",
], ids=["wrong token", "empty bearer", "basic scheme", "no scheme"])
def test_a_wrong_or_malformed_authorization_is_refused_with_401(client, authorization):
    receipt = submit(client, "public")

    response = client.get(f"/reports/{receipt['tracking_id']}", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert assert_contract_error(response)["code"] == "unauthorized"
    assert "Pungutan liar" not in raw_text(response)


def test_a_tracking_id_typed_in_lower_case_or_without_the_hyphen_still_finds_the_report(client):
    tracking_id = submit(client, "public")["tracking_id"]

    for typed in (tracking_id.lower(), tracking_id.replace("-", ""), tracking_id.replace("-", "").lower()):
        response = client.get(f"/reports/{typed}")
        assert response.status_code == 200, typed
        assert response.json["tracking_id"] == tracking_id


def test_a_tracking_id_with_a_wrong_check_symbol_is_refused_as_invalid(client):
    tracking_id = submit(client, "public")["tracking_id"]
    wrong_check = ALPHABET[(ALPHABET.index(tracking_id[-1]) + 1) % len(ALPHABET)]

    response = client.get(f"/reports/{tracking_id[:-1]}{wrong_check}")

    assert response.status_code == 400
    assert [d["field"] for d in assert_contract_error(response)["details"]] == ["tracking_id"]


def test_a_single_misheard_symbol_is_caught_instead_of_reaching_another_report(client):
    tracking_id = submit(client, "public")["tracking_id"]
    misheard = ALPHABET[(ALPHABET.index(tracking_id[0]) + 1) % len(ALPHABET)]

    response = client.get(f"/reports/{misheard}{tracking_id[1:]}")

    assert response.status_code == 400


def test_a_well_formed_tracking_id_of_no_report_is_not_found(client):
    response = client.get(f"/reports/{new_tracking_id()}")

    assert response.status_code == 404
    assert assert_contract_error(response)["code"] == "not_found"


# --- reference lists ---------------------------------------------------------------------


def test_the_regions_list_has_the_eight_demo_regions_with_kutai_timur_in_wita(client):
    response = client.get("/regions")

    assert response.status_code == 200
    regions = {region["region_code"]: region for region in response.json["regions"]}
    assert set(regions) == {"21", "21.72", "61", "61.71", "33", "33.75", "64", "64.08"}
    assert regions["64.08"]["name"] == "Kabupaten Kutai Timur"
    assert regions["64.08"]["time_zone"] == "Asia/Makassar"
    assert regions["64.08"]["parent_code"] == "64"
    assert regions["21.72"]["time_zone"] == "Asia/Jakarta"


def test_the_agencies_of_tanjungpinang_are_its_own_opds_with_exactly_one_coordinator(client):
    response = client.get("/agencies?region_code=21.72")

    assert response.status_code == 200
    agencies = response.json["agencies"]
    expected = {a["agency_id"] for a in demo_data.AGENCIES if a["region_code"] == "21.72"}
    assert {agency["agency_id"] for agency in agencies} == expected
    assert "dpupr-tanjungpinang" in expected
    assert all(agency["region_code"] == "21.72" for agency in agencies)
    assert [a["agency_id"] for a in agencies if a["coordinator"]] == ["diskominfo-tanjungpinang"]


@pytest.mark.parametrize("query", ["", "?region_code=", "?region_code=Tanjungpinang"])
def test_listing_agencies_without_a_valid_region_code_is_refused_with_422(client, query):
    response = client.get(f"/agencies{query}")

    assert response.status_code == 422
    assert [d["field"] for d in assert_contract_error(response)["details"]] == ["region_code"]


def test_the_topics_are_the_38_lapor_topics_with_their_subtopics(client):
    catalog = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))

    response = client.get("/topics")

    assert response.status_code == 200
    topics = response.json["topics"]
    assert len(topics) == 38
    assert [t["topic_id"] for t in topics] == [t["topic_id"] for t in catalog["topics"]]
    assert {t["topic_id"]: [s["topic_id"] for s in t["subtopics"]] for t in topics} == {
        t["topic_id"]: [s["topic_id"] for s in t["subtopics"]] for t in catalog["topics"]}
    by_id = {t["topic_id"]: t for t in topics}
    assert "agama.haji-dan-umroh" in [s["topic_id"] for s in by_id["agama"]["subtopics"]]
    assert all(t["name_id"] and t["name_en"] for t in topics)


# --- the published contract --------------------------------------------------------------


def walk_refs(node, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value)
            else:
                walk_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_refs(value, found)
    return found


def resolve_pointer(document: dict, ref: str):
    assert ref.startswith("#/"), f"{ref} points outside the document"
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


@pytest.fixture
def openapi_document(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json


def test_the_api_describes_itself_in_openapi_3_1(openapi_document):
    assert re.fullmatch(r"3\.1\.\d+", openapi_document["openapi"])
    assert openapi_document["info"]["title"] and openapi_document["info"]["version"]


def test_every_route_of_the_app_is_documented_with_its_methods(openapi_document):
    from app import app
    from chalicelib.api.web import PAGE_PATHS

    documented = {path: {method.upper() for method in operations}
                  for path, operations in openapi_document["paths"].items()}
    routes = {path: set(methods) for path, methods in app.routes.items()
              if path != "/{proxy+}" and path not in PAGE_PATHS}
    assert not PAGE_PATHS & set(documented), "pages are not part of the JSON API"
    assert PAGE_PATHS <= set(app.routes), "every page has a route"

    assert routes, "the app has no routes?"
    for path, methods in routes.items():
        assert path in documented, f"{path} is not documented"
        assert methods <= documented[path], f"{path}: {methods - documented[path]} not documented"


def test_every_schema_reference_in_the_document_resolves_inside_it(openapi_document):
    refs = walk_refs(openapi_document, [])

    assert "#/components/schemas/Receipt" in refs
    assert "#/components/schemas/ErrorResponse" in refs
    for ref in set(refs):
        assert isinstance(resolve_pointer(openapi_document, ref), dict), ref
    submit = openapi_document["paths"]["/reports"]["post"]
    assert submit["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/ReportSubmission"


def test_the_openapi_document_is_a_valid_openapi_specification(openapi_document):
    validator = pytest.importorskip("openapi_spec_validator")

    validator.validate(openapi_document)


# --- paths and methods that do not exist -------------------------------------------------


def test_an_unknown_path_is_a_404_in_the_contract_shape(client):
    response = client.get("/laporan-saya")

    assert response.status_code == 404
    assert assert_contract_error(response)["code"] == "not_found"


def test_an_unsupported_method_is_a_405_in_the_contract_shape(client):
    response = client.request("PUT", "/reports", body=report("public"))

    assert response.status_code == 405
    assert assert_contract_error(response)["code"] == "method_not_allowed"
