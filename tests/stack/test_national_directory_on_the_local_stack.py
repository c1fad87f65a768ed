"""`make run` serves all of Indonesia: every region, an agency directory for each, WIT where it applies,
and the system's own routing."""
from __future__ import annotations

from collections import Counter

import requests


def test_every_province_regency_and_city_is_served_with_its_agencies(site):
    regions = requests.get(f"{site.url}/regions", timeout=30).json()["regions"]
    levels = Counter(region["level"] for region in regions)
    assert levels["province"] == 38 and levels["regency"] + levels["city"] == 514 and "district" not in levels

    papua = requests.get(f"{site.url}/regions?parent_code=91", timeout=30).json()["regions"]
    jayapura = next(region for region in papua if region["region_code"] == "91.71")
    assert (jayapura["name"], jayapura["time_zone"]) == ("Kota Jayapura", "Asia/Jayapura")
    districts = requests.get(f"{site.url}/regions?parent_code=91.71", timeout=30).json()["regions"]
    assert {"Abepura", "Heram"} <= {district["name"] for district in districts}

    agencies = requests.get(f"{site.url}/agencies?region_code=91.71", timeout=30).json()["agencies"]
    by_id = {agency["agency_id"]: agency for agency in agencies}
    assert by_id["diskominfo-91-71"]["coordinator"] is True
    assert by_id["dpupr-91-71"]["name"] == "Dinas Pekerjaan Umum dan Penataan Ruang Kota Jayapura"


def test_a_citizen_in_kota_jayapura_sees_deadlines_in_wit(site):
    created = requests.post(f"{site.url}/reports", json={
        "kind": "complaint", "title": "Jalan berlubang di Abepura, sering ada pengendara jatuh",
        "description": "Lubang besar di jalan depan pasar Youtefa belum diperbaiki sejak bulan lalu.",
        "region_code": "91.71", "privacy": "public"}, timeout=30)

    assert created.status_code == 201, created.text
    receipt = created.json()
    assert receipt["agency"]["agency_id"] == "dpupr-91-71"  # routed by the system, not left to the coordinator
    assert receipt["received_at"].endswith("+09:00")
    assert receipt["deadlines"]["verification_due"].endswith("23:59:59+09:00")


def test_the_pekalongan_pothole_is_suggested_to_its_dinas_pupr(site):
    answer = requests.post(f"{site.url}/suggestions", json={
        "title": "Jalan berlubang di depan SD, sering ada pengendara jatuh", "region_code": "33.75"}, timeout=30)

    assert answer.status_code == 200, answer.text
    assert answer.json()["topics"][0]["topic_id"].startswith("pekerjaan-umum-dan-penataan-ruang")
    assert answer.json()["agency"]["agency_id"] == "dpupr-pekalongan"
