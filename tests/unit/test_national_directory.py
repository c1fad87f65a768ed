"""The vendored region list and the agency directory generated from it: counts, codes, zones, names."""
import re
from collections import Counter

from devtools import demo_data, directory

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"


def _by_code():
    return {region["region_code"]: region for region in directory.regions()}


def test_every_province_regency_and_city_of_indonesia_is_there_with_its_kemendagri_code():
    levels = Counter(region["level"] for region in directory.regions())
    assert levels["province"] == 38
    assert levels["regency"] + levels["city"] == 514
    assert (levels["regency"], levels["city"]) == (416, 98)
    assert levels["district"] > 7000
    patterns = {"province": r"\d{2}", "regency": r"\d{2}\.\d{2}", "city": r"\d{2}\.\d{2}",
                "district": r"\d{2}\.\d{2}\.\d{2}"}
    regions = _by_code()
    assert len(regions) == len(directory.regions())
    for region in regions.values():
        assert re.fullmatch(patterns[region["level"]], region["region_code"]), region
        if region["level"] != "province":
            assert regions[region["parent_code"]]["time_zone"] == region["time_zone"], region
    assert regions["33.75"]["name"] == "Kota Pekalongan" and regions["33.26"]["name"] == "Kabupaten Pekalongan"


def test_each_region_keeps_its_provinces_legal_time_zone():
    regions = _by_code()
    assert {regions[code]["time_zone"] for code in ("11", "21", "31", "36", "61", "62")} == {WIB}
    assert {regions[code]["time_zone"] for code in ("51", "52", "53", "63", "64", "65", "73")} == {WITA}
    assert {regions[code]["time_zone"] for code in ("81", "82", "91", "92", "93", "94", "95", "96")} == {WIT}
    assert regions["91.71"] == {"region_code": "91.71", "name": "Kota Jayapura", "level": "city",
                                "parent_code": "91", "time_zone": WIT}
    assert regions["51.71"]["time_zone"] == WITA  # Kota Denpasar
    assert regions["64.08"]["time_zone"] == WITA  # Kabupaten Kutai Timur


def test_the_demo_regions_are_the_national_lists_own():
    regions = _by_code()
    for region in demo_data.REGIONS:
        assert regions[region["region_code"]] == region


def test_every_province_regency_and_city_has_one_coordinator_and_the_standard_dinas():
    agencies = directory.agencies()
    ids = [agency["agency_id"] for agency in agencies]
    assert len(ids) == len(set(ids))
    assert 10_000 <= len(agencies) <= 12_000
    places = [region for region in directory.regions() if region["level"] != "district"]
    coordinators = Counter(agency["region_code"] for agency in agencies if agency["coordinator"])
    assert all(coordinators[region["region_code"]] == 1 for region in places)
    assert coordinators["ID"] == 1  # KemenPAN-RB
    affairs = {(agency["region_code"], affair) for agency in agencies for affair in agency["affairs"]}
    for region in places:
        for affair in ("pekerjaan-umum-dan-penataan-ruang", "kependudukan", "sosial", "kesehatan", "pendidikan"):
            assert (region["region_code"], affair) in affairs, (region, affair)


def test_generated_agencies_are_named_after_their_region_and_marked_as_template():
    agencies = {agency["agency_id"]: agency for agency in directory.agencies()}
    jayapura = agencies["dpupr-91-71"]
    assert jayapura == {
        "agency_id": "dpupr-91-71", "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Jayapura",
        "short_name": "Dinas PUPR Kota Jayapura", "region_code": "91.71", "time_zone": WIT,
        "coordinator": False, "affairs": ["pekerjaan-umum-dan-penataan-ruang"], "template": True}
    assert agencies["dinkes-33"]["name"] == "Dinas Kesehatan Provinsi Jawa Tengah"
    assert agencies["disdukcapil-33-26"]["short_name"] == "Disdukcapil Kab. Pekalongan"
    assert agencies["dishub-31-71"]["name"] == "Suku Dinas Perhubungan Kota Administrasi Jakarta Pusat"


def test_the_demo_cities_keep_their_real_agencies_and_get_only_the_missing_affairs():
    agencies = directory.agencies()
    in_pekalongan = [agency for agency in agencies if agency["region_code"] == "33.75"]
    public_works = [agency["agency_id"] for agency in in_pekalongan
                    if "pekerjaan-umum-dan-penataan-ruang" in agency["affairs"]]
    assert public_works == ["dpupr-pekalongan"]
    assert [a["agency_id"] for a in in_pekalongan if a["coordinator"]] == ["diskominfo-pekalongan"]
    assert "disnaker-33-75" in {agency["agency_id"] for agency in in_pekalongan}
    assert not any(agency["template"] for agency in demo_data.AGENCIES)


def test_national_bodies_are_national():
    bodies = {agency["agency_id"]: agency for agency in directory.agencies() if agency["region_code"] == "ID"}
    for agency_id in ("bpjs-kesehatan", "bpjs-ketenagakerjaan", "pln", "pertamina", "kemenpan-rb"):
        assert agency_id in bodies
    assert bodies["pln"]["time_zone"] == WIB
