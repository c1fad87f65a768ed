"""The system sorts: topic suggestions, the routing table national admins keep, reports routed
at once to the agency that handles them (the coordinator watching), and the misses counted."""
from __future__ import annotations

from tests.conftest import submit
from tests.functional.test_administration import contract_error

POTHOLE = {"title": "Jalan berlubang di depan SD, sering ada pengendara jatuh",
           "description": "Lubang besar di Jalan Ganet dekat SD, jalan rusak parah dan belum diperbaiki."}
VAGUE = {"title": "Mohon perhatian bapak ibu", "description": "Saya ingin menyampaikan sesuatu kepada bapak ibu."}
HEALTH_CARD = {"title": "Kartu BPJS Kesehatan saya ditolak",
               "description": "Kartu BPJS Kesehatan saya tidak aktif padahal iuran sudah dibayar tiap bulan."}


def test_a_pothole_in_kota_pekalongan_is_suggested_as_public_works_for_its_dinas_pupr(client):
    response = client.post("/suggestions", {**POTHOLE, "description": "", "region_code": "33.75"})

    assert response.status_code == 200, response.json
    best = response.json["topics"][0]
    assert best["topic_id"].split(".")[0] == "pekerjaan-umum-dan-penataan-ruang"
    assert any("berlubang" in word for word in best["matched"])
    assert 0 < best["score"] <= 1
    assert response.json["agency"] == {"agency_id": "dpupr-pekalongan",
                                       "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pekalongan"}


def test_suggestions_without_a_region_name_no_agency_and_bad_input_is_refused(client):
    answer = client.post("/suggestions", {"title": "Akta kelahiran anak belum jadi di dukcapil"}).json
    assert answer["topics"][0]["topic_id"].startswith("kependudukan") and answer["agency"] is None
    assert client.post("/suggestions", {"title": "", "description": ""}).json == {"topics": [], "agency": None}
    contract_error(client.post("/suggestions", {"title": "x", "region_code": "99.99"}), 422, "validation_failed")
    contract_error(client.post("/suggestions", {"title": "x", "extra": 1}), 422, "validation_failed")


def test_a_sure_suggestion_sends_the_report_straight_to_the_agency_and_the_coordinator_watches(client, staff):
    receipt = submit(client, **POTHOLE, agency_id=None, topic=None)
    assert receipt["agency"]["agency_id"] == "dpupr-tanjungpinang"

    queue = staff.get("pupr_admin", "/admin/reports?queue=verification").json["items"]
    assert receipt["tracking_id"] in [item["tracking_id"] for item in queue]
    watched = staff.get("coordinator_admin", "/admin/reports?queue=routed").json["items"]
    assert [item["tracking_id"] for item in watched] == [receipt["tracking_id"]]
    assert staff.get("coordinator_admin", "/admin/queues").json["counts"]["routed"]["count"] == 1

    case = staff.get("coordinator_admin", f"/admin/reports/{receipt['tracking_id']}").json
    assert case["suggestion"]["routed_by_system"] is True
    assert case["suggestion"]["topic_id"].startswith("pekerjaan-umum-dan-penataan-ruang")
    assert case["suggestion"]["agency_id"] == "dpupr-tanjungpinang"
    submitted = case["timeline"][0]["details"]["suggestion"]
    assert submitted["routed_by_system"] is True and submitted["matched"]
    # Staff read why; the public and the reporter see no such thing.
    public = client.get(f"/reports/{receipt['tracking_id']}").json
    assert "suggestion" not in str(public)


def test_the_coordinator_re_routes_a_report_the_system_sent_wrongly_and_the_miss_is_counted(client, staff):
    receipt = submit(client, **POTHOLE, agency_id=None, topic=None)
    case = staff.get("coordinator_admin", f"/admin/reports/{receipt['tracking_id']}").json
    assert {a["action"] for a in case["allowed_actions"]} >= {"verify", "hold", "archive"}

    moved = staff.act("coordinator_admin", receipt["tracking_id"], "verify",
                      {"agency_id": "dishub-tanjungpinang", "topic": "perhubungan",
                       "expected_version": case["version"]})

    assert moved.status_code == 200, moved.json
    assert moved.json["agency"]["agency_id"] == "dishub-tanjungpinang"
    assert staff.get("coordinator_admin", "/admin/reports?queue=routed").json["items"] == []
    misses = staff.get("national", "/admin/routing/misses?region_code=21").json["items"]
    assert [(m["region_code"], m["topic_id"].split(".")[0], m["reroutes"], m["transfers"]) for m in misses] == [
        ("21.72", "pekerjaan-umum-dan-penataan-ruang", 1, 0)]
    # Once verified, the coordinator's watch is over.
    assert staff.get("coordinator_admin", f"/admin/reports/{receipt['tracking_id']}").status_code == 403


def test_a_transfer_counts_as_a_miss_of_its_topic_in_its_region(client, staff):
    receipt = submit(client)  # to Dinas PUPR, topic pekerjaan-umum-dan-penataan-ruang
    case = staff.get("pupr_admin", f"/admin/reports/{receipt['tracking_id']}").json
    verified = staff.act("pupr_admin", receipt["tracking_id"], "verify",
                         {"agency_id": "dpupr-tanjungpinang", "expected_version": case["version"]}).json
    sent_back = staff.act("pupr_admin", receipt["tracking_id"], "transfer",
                          {"agency_id": "dishub-tanjungpinang", "reason": "Kewenangan Dinas Perhubungan.",
                           "expected_version": verified["version"]})
    assert sent_back.status_code == 200, sent_back.json

    misses = staff.get("oversight", "/admin/routing/misses").json["items"]
    assert [(m["region_code"], m["topic_id"], m["transfers"], m["reroutes"]) for m in misses] == [
        ("21.72", "pekerjaan-umum-dan-penataan-ruang", 1, 0)]


def test_a_vague_report_goes_to_the_coordinator_as_before(client, staff):
    receipt = submit(client, **VAGUE, agency_id=None, topic=None)
    assert receipt["agency"]["agency_id"] == "diskominfo-tanjungpinang"
    assert staff.get("coordinator_admin", "/admin/reports?queue=routed").json["items"] == []


def test_a_reporters_topic_the_text_does_not_support_is_not_sure_enough_to_route(client):
    receipt = submit(client, **POTHOLE, agency_id=None, topic="kesehatan")
    assert receipt["agency"]["agency_id"] == "diskominfo-tanjungpinang"


def test_bpjs_reaches_the_national_body_whatever_the_region_sends_health_to(client, staff):
    response = client.post("/suggestions", {**HEALTH_CARD, "region_code": "21.72"})
    assert response.json["agency"]["agency_id"] == "bpjs-kesehatan"
    assert submit(client, **HEALTH_CARD, agency_id=None, topic=None)["agency"]["agency_id"] == "bpjs-kesehatan"


def test_the_routing_table_shows_who_handles_each_topic_and_why(staff):
    table = staff.get("national", "/admin/routing?region_code=21.72")
    assert table.status_code == 200, table.json
    rows = {row["topic_id"]: row for row in table.json["rows"]}
    works = rows["pekerjaan-umum-dan-penataan-ruang"]
    assert (works["source"], works["affair"], works["agency"]["agency_id"]) == (
        "default", "pekerjaan-umum-dan-penataan-ruang", "dpupr-tanjungpinang")
    assert rows["kesehatan.administrasi-bpjs-kesehatan"]["agency"]["agency_id"] == "bpjs-kesehatan"
    assert rows["topik-lainnya"]["source"] == "none" and rows["topik-lainnya"]["agency"] is None
    assert staff.get("oversight", "/admin/routing?region_code=21.72").status_code == 200
    contract_error(staff.get("pupr_admin", "/admin/routing?region_code=21.72"), 403, "forbidden")
    contract_error(staff.get("national", "/admin/routing?region_code=99.99"), 422, "validation_failed")


def test_a_national_admin_overrides_a_topic_for_a_region_with_a_reason_and_reports_follow(client, staff):
    change = {"changes": [{"topic_id": "pekerjaan-umum-dan-penataan-ruang", "agency_id": "dishub-tanjungpinang",
                           "expected_version": 0}],
              "reason": "Jalan kota dipegang Dishub sejak reorganisasi 2026."}
    changed = staff.client.request("PUT", "/admin/routing?region_code=21.72", change, headers=staff.headers("national"))
    assert changed.status_code == 200, changed.json
    row = next(row for row in changed.json["rows"] if row["topic_id"] == "pekerjaan-umum-dan-penataan-ruang")
    assert (row["source"], row["rule_region"], row["agency"]["agency_id"]) == ("override", "21.72",
                                                                              "dishub-tanjungpinang")
    assert row["override"]["version"] == 1 and row["override"]["updated_by"] == "admin.nasional"
    entry = changed.json["history"][0]
    assert (entry["by"], entry["topic_id"], entry["from_agency_id"], entry["to_agency_id"], entry["reason"]) == (
        "admin.nasional", "pekerjaan-umum-dan-penataan-ruang", None, "dishub-tanjungpinang", change["reason"])

    assert submit(client, **POTHOLE, agency_id=None, topic=None)["agency"]["agency_id"] == "dishub-tanjungpinang"

    # Someone who read before the change cannot overwrite it.
    stale = staff.client.request("PUT", "/admin/routing?region_code=21.72", change, headers=staff.headers("national"))
    contract_error(stale, 409, "version_conflict")
    removed = staff.client.request("PUT", "/admin/routing?region_code=21.72", {
        "changes": [{"topic_id": "pekerjaan-umum-dan-penataan-ruang", "agency_id": None, "expected_version": 1}],
        "reason": "Kembali ke bawaan."}, headers=staff.headers("national"))
    assert removed.status_code == 200, removed.json
    assert [entry["action"] for entry in removed.json["history"]] == ["routing.removed", "routing.set"]
    assert submit(client, **POTHOLE, agency_id=None, topic=None)["agency"]["agency_id"] == "dpupr-tanjungpinang"


def test_overrides_are_refused_for_agencies_without_authority_and_for_agency_admins(staff):
    def put(who, agency_id, region="21.72"):
        return staff.client.request("PUT", f"/admin/routing?region_code={region}", {
            "changes": [{"topic_id": "perhubungan", "agency_id": agency_id, "expected_version": 0}],
            "reason": "Uji coba perubahan."}, headers=staff.headers(who))

    contract_error(put("national", "dishub-pontianak"), 422, "validation_failed")
    contract_error(put("national", "dishub-tanjungpinang", region="ID"), 422, "validation_failed")
    contract_error(put("coordinator_admin", "dishub-tanjungpinang"), 403, "forbidden")
    assert staff.get("national", "/admin/routing?region_code=21.72").json["history"] == []
