"""Load reference data (regions, agencies, units, the LAPOR! topic list) and demo reports.

Every write is a put of the same item, so running it again changes nothing.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from chalicelib import store
from chalicelib.domain.permissions import Principal, Role
from chalicelib.domain.reports import Channel
from chalicelib.schemas import ReportSubmission
from chalicelib.services import accounts, intake, templates
from chalicelib.store import reference, staff
from chalicelib.store.models import (
    AgencyModel,
    RegionModel,
    StaffModel,
    SubtopicAttribute,
    TopicModel,
    UnitModel,
)
from chalicelib.store.reference import TOPIC_CATALOG
from devtools import demo_data, directory

TOPICS_FILE = Path(__file__).resolve().parent.parent / "chalicelib" / "data" / "lapor_topics.json"


def seed_reference_data(national: bool = False) -> dict:
    """The topics and, by default, the demo regions and agencies (what the tests use); ``national``:
    every region of Indonesia and the national directory of agencies (what ``make run`` and a stage load).

    Runs again safely: an agency already stored is left as it is (an admin may have renamed or
    deactivated it) and a region keeps the coordinator it has.
    """
    store.ready()
    regions = directory.regions() if national else demo_data.REGIONS
    agencies = directory.agencies() if national else [*demo_data.AGENCIES, *directory.national_bodies()]
    coordinators = {a["region_code"]: a["agency_id"] for a in agencies if a["coordinator"]}
    stored_coordinators = {region.region_code: region.coordinator_agency_id for region in RegionModel.batch_get(
        [r["region_code"] for r in regions], attributes_to_get=["region_code", "coordinator_agency_id"])}
    with RegionModel.batch_write() as batch:
        for region in regions:
            code = region["region_code"]
            # Kecamatan stay out of the country index: GET /regions lists provinces, regencies and cities.
            country = None if region["level"] == "district" else reference.COUNTRY
            batch.save(RegionModel(**region, country=country,
                                   coordinator_agency_id=stored_coordinators.get(code) or coordinators.get(code)))
    stored = {agency.agency_id for agency in AgencyModel.batch_get(
        [a["agency_id"] for a in agencies], attributes_to_get=["agency_id"])}
    added = [agency for agency in agencies if agency["agency_id"] not in stored]
    with AgencyModel.batch_write() as batch:
        for agency in added:
            batch.save(AgencyModel(**agency))
    with UnitModel.batch_write() as batch:
        for unit in demo_data.UNITS:
            batch.save(UnitModel(**unit))
    catalog = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    assert catalog["catalog"] == TOPIC_CATALOG
    with TopicModel.batch_write() as batch:
        for position, topic in enumerate(catalog["topics"]):
            batch.save(TopicModel(
                TOPIC_CATALOG, topic["topic_id"], position=position, name_id=topic["name_id"],
                name_en=topic["name_en"],
                subtopics=[SubtopicAttribute(**sub) for sub in topic["subtopics"]]))
    return {"regions": len(regions), "agencies": len(agencies), "agencies_added": len(added),
            "units": len(demo_data.UNITS), "topics": len(catalog["topics"])}


DEMO_REPORTS = [
    ("demo-report-jalan-berlubang", {
        "kind": "complaint", "title": "Jalan berlubang di Jalan Ganet",
        "description": "Lubang besar di Jalan Ganet dekat simpang Batu 8 sudah dua minggu tidak "
                       "diperbaiki dan membahayakan pengendara motor pada malam hari.",
        "region_code": "21.72", "agency_id": "dpupr-tanjungpinang",
        "topic": "pekerjaan-umum-dan-penataan-ruang",
        "location": {"address": "Jl. Ganet, Batu IX, Tanjungpinang Timur", "lat": 0.9186, "lon": 104.5097},
        "privacy": "public", "reporter": {"name": "Siti Rahmawati", "email": "siti@example.id"}}),
    ("demo-report-pungli-ktp", {
        "kind": "complaint", "title": "Dimintai biaya untuk cetak ulang KTP-el",
        "description": "Petugas meminta uang Rp100.000 agar KTP-el saya dicetak lebih cepat, "
                       "padahal layanan ini gratis.",
        "region_code": "61.71", "privacy": "anonymous",
        "reporter": {"name": "Budi Santoso", "phone": "0812 5678 1234"}}),
    ("demo-report-beasiswa", {
        "kind": "information_request", "title": "Syarat beasiswa daerah untuk mahasiswa",
        "description": "Mohon informasi syarat dan jadwal pendaftaran beasiswa daerah tahun ini.",
        "region_code": "64.08", "privacy": "public"}),
]


# A letter an officer recorded, received eight days ago and never verified: the first
# sweep finds its verification deadline passed and escalates it.
DEMO_OVERDUE_LETTER = ("demo-report-surat-lampu-jalan", {
    "kind": "complaint", "title": "Surat warga: lampu jalan padam di Jalan Pramuka",
    "description": "Surat Ketua RT 02 RW 05: lampu jalan di sepanjang Jalan Pramuka padam sejak sebulan "
                   "lalu sehingga rawan kecelakaan dan kejahatan.",
    "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "privacy": "public",
    "reporter": {"name": "Ketua RT 02", "email": "rt02.pramuka@example.id"}})


def seed_demo_reports() -> list[dict]:
    """Demo reports, sent with fixed Idempotency-Keys so a second run returns the same ones."""
    receipts = []
    for key, body in DEMO_REPORTS:
        result = intake.submit_report(ReportSubmission.model_validate_json(json.dumps(body)), channel=Channel.WEB,
                                      idempotency_key=key)
        receipts.append(result.receipt)
    key, body = DEMO_OVERDUE_LETTER
    officer = Principal(agency_admin_username("dpupr-tanjungpinang"), Role.AGENCY_ADMIN, "dpupr-tanjungpinang")
    result = intake.submit_report(ReportSubmission.model_validate_json(json.dumps(body)), channel=Channel.LETTER,
                                  received_at=datetime.now(timezone.utc) - timedelta(days=8),
                                  idempotency_key=key, recording=intake.Recording(officer))
    receipts.append(result.receipt)
    return receipts


def seed_answer_templates() -> list[str]:
    """The national default answer templates, each written once ever (an admin's edit or removal stands)."""
    return templates.seed_national_defaults(demo_data.DEFAULT_TEMPLATES)


# Demo accounts for the local stage only; never created in a deployed stage.
NATIONAL_ADMIN = ("admin.nasional", "Nasional#2026")
AGENCY_ADMIN_PASSWORD = "Instansi#2026"
UNIT_OFFICER = ("petugas.binamarga", "Petugas#2026", "dpupr-tanjungpinang", "dpupr-tanjungpinang.bina-marga")
OVERSIGHT = ("ombudsman", "Ombudsman#2026")


def agency_admin_username(agency_id: str) -> str:
    return f"admin.{agency_id}"


def demo_accounts() -> list[dict]:
    """Every demo account: who it is, its password, role, agency and unit."""
    national, national_password = NATIONAL_ADMIN
    officer, officer_password, officer_agency, officer_unit = UNIT_OFFICER
    oversight, oversight_password = OVERSIGHT
    result = [{"username": national, "password": national_password, "role": Role.NATIONAL_ADMIN,
               "agency_id": "kemenpan-rb", "unit_id": None}]
    result += [{"username": agency_admin_username(agency["agency_id"]), "password": AGENCY_ADMIN_PASSWORD,
                "role": Role.AGENCY_ADMIN, "agency_id": agency["agency_id"], "unit_id": None}
               for agency in [*demo_data.AGENCIES, *directory.national_bodies()] if agency["agency_id"] != "kemenpan-rb"]
    result += [{"username": officer, "password": officer_password, "role": Role.UNIT_OFFICER,
                "agency_id": officer_agency, "unit_id": officer_unit},
               {"username": oversight, "password": oversight_password, "role": Role.OVERSIGHT,
                "agency_id": None, "unit_id": None}]
    return result


def seed_staff_accounts() -> list[dict]:
    """Create the demo accounts that are missing (Cognito and the staff directory)."""
    store.ready()
    accounts_made = demo_accounts()
    for account in accounts_made:
        if staff.get_staff(account["username"]) is not None:
            continue
        email = f"{account['username']}@aduan.example.id"
        staff.add_staff(StaffModel(account["username"], role=account["role"].value,
                                   agency_id=account["agency_id"], unit_id=account["unit_id"], email=email,
                                   created_at=datetime.now(timezone.utc), created_by="seed"))
        accounts.create_cognito_user(account["username"], account["password"], account["role"],
                                     account["agency_id"], account["unit_id"], email, None)
    return accounts_made
