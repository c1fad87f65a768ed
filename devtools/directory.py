"""The national directory: every region of Indonesia and an agency for each government affair there.

Built from three data files in devtools/data/: the Kemendagri region list (regions.json, see
build_regions.py), the standard regional agencies (agency_template.json) and the national bodies
(national_agencies.json). The real agencies of the demo regions (demo_data.AGENCIES) take the place
of the template's for the affairs they cover, so a demo city keeps its real Dinas names.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from devtools import demo_data
from devtools.demo_data import NATIONAL_REGION_CODE, Agency, Region

DATA = Path(__file__).resolve().parent / "data"
NATIONAL_TIME_ZONE = "Asia/Jakarta"
# The administrative cities and regency of DKI Jakarta have no Dinas of their own but a Suku Dinas.
_ADMINISTRATIVE = ("Kota Administrasi ", "Kabupaten Administrasi ")


def _read(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@cache
def regions() -> tuple[Region, ...]:
    """Every province, regency/city and kecamatan, with its province's time zone."""
    source = _read("regions.json")
    zones = source["time_zones"]
    return tuple(
        Region(region_code=item["code"], name=item["name"], level=item["level"],
               parent_code=item["code"].rsplit(".", 1)[0] if "." in item["code"] else None,
               time_zone=zones[item["code"][:2]])
        for item in source["regions"])


def template() -> list[dict]:
    return _read("agency_template.json")["agencies"]


def national_bodies() -> list[Agency]:
    return [Agency(**body, region_code=NATIONAL_REGION_CODE, time_zone=NATIONAL_TIME_ZONE, coordinator=False,
                   affairs=[], template=False)
            for body in _read("national_agencies.json")["agencies"]]


def _suffix(region: Region) -> str:
    return "Provinsi " + region["name"] if region["level"] == "province" else region["name"]


def _short_suffix(region: Region) -> str:
    name = region["name"]
    if region["level"] == "province":
        return "Prov. " + name
    for prefix in _ADMINISTRATIVE:
        if name.startswith(prefix):
            return name[len(prefix):]
    return "Kab. " + name.removeprefix("Kabupaten ") if region["level"] == "regency" else name


def template_agency(entry: dict, region: Region) -> Agency:
    name = entry["name"]
    if region["name"].startswith(_ADMINISTRATIVE) and name.startswith("Dinas "):
        name = "Suku " + name
    return Agency(agency_id=f"{entry['key']}-{region['region_code'].replace('.', '-')}",
                  name=f"{name} {_suffix(region)}", short_name=f"{entry['short_name']} {_short_suffix(region)}",
                  region_code=region["region_code"], time_zone=region["time_zone"],
                  coordinator=bool(entry.get("coordinator")), affairs=[entry["affair"]], template=True)


def agencies() -> list[Agency]:
    """The demo's real agencies, the national bodies, and the template's for every other region and affair."""
    real = demo_data.AGENCIES
    covered = {(agency["region_code"], affair) for agency in real for affair in agency["affairs"]}
    has_coordinator = {agency["region_code"] for agency in real if agency["coordinator"]}
    known = {agency["agency_id"] for agency in real}
    result = list(real) + [body for body in national_bodies() if body["agency_id"] not in known]
    entries = template()
    for region in regions():
        if region["level"] == "district":
            continue
        for entry in entries:
            if region["level"] not in entry["levels"] or (region["region_code"], entry["affair"]) in covered:
                continue
            agency = template_agency(entry, region)
            if agency["coordinator"] and region["region_code"] in has_coordinator:
                agency["coordinator"] = False
            result.append(agency)
    return result
