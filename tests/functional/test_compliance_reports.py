"""Statistics and compliance reports, as the people who read them see them: the figures match
what was done through the API, the files open and hold the same numbers, each body gets its
monthly report once, and nobody reads another agency's figures.

October 2026 at Dinas PUPR Kota Tanjungpinang (no holidays that month):
- A: submitted Mon 5 Oct, verified Tue 6, answered Wed 7 (1 working day), closed Thu 8.
- B: submitted Mon 5 Oct, verified Tue 6, answered Thu 15, past its follow-up deadline (Tue 13).
- C: submitted Mon 5 Oct, verified Mon 12, past its verification deadline (Thu 8); answered Wed 14.
- D: submitted Mon 26 Oct, never verified: overdue from Fri 30 Oct, still open at the month's end.
- E: to Dishub, archived.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
import requests
from openpyxl import load_workbook
from pypdf import PdfReader

from chalicelib.config import get_settings
from tests.conftest import on, run_job, submit

PUPR = "dpupr-tanjungpinang"
DISHUB = "dishub-tanjungpinang"
TOPIC = "pekerjaan-umum-dan-penataan-ruang"
OMBUDSMAN = "pengaduan@ombudsman.example.id"
KEMENPAN = "sp4n@menpan.example.id"
KEPRI_OFFICE = "kepri@ombudsman.example.id"


def verify(staff, tracking_id: str, agency_id: str = PUPR):
    response = staff.act("national", tracking_id, "verify", {"agency_id": agency_id, "topic": TOPIC})
    assert response.status_code == 200, response.json


def answer(staff, tracking_id: str):
    assert staff.act("national", tracking_id, "start").status_code == 200
    response = staff.act("national", tracking_id, "respond", {"message": "Sudah ditangani petugas."})
    assert response.status_code == 200, response.json


def day(staff, date: str, hour: int = 9):
    staff.sign_out_all()
    return on(date, hour)


@pytest.fixture
def october(client, staff) -> dict[str, str]:
    with day(staff, "2026-10-05"):
        ids = {name: submit(client)["tracking_id"] for name in "ABC"}
        ids["E"] = submit(client, agency_id=DISHUB)["tracking_id"]
    with day(staff, "2026-10-06"):
        verify(staff, ids["A"])
        verify(staff, ids["B"])
        assert staff.act("national", ids["E"], "archive", {"reason": "duplicate"}).status_code == 200
    with day(staff, "2026-10-07"):
        answer(staff, ids["A"])
    with day(staff, "2026-10-08"):
        assert staff.act("national", ids["A"], "close").status_code == 200
    with day(staff, "2026-10-12"):
        verify(staff, ids["C"])
    with day(staff, "2026-10-14"):
        answer(staff, ids["C"])
    with day(staff, "2026-10-15"):
        answer(staff, ids["B"])
    with day(staff, "2026-10-26"):
        ids["D"] = submit(client)["tracking_id"]
    with on("2026-10-30", 1):
        run_job(client, "sla_sweep")
    return ids


def pupr_october(staff) -> dict:
    with day(staff, "2026-11-02"):
        response = staff.post("pupr_admin", "/admin/compliance-reports", {"period": "2026-10"})
    assert response.status_code == 201, response.json
    return response.json


# --- the figures ---------------------------------------------------------------------------


def test_the_report_of_a_month_counts_what_was_done_through_the_api(october, staff):
    created = pupr_october(staff)
    assert created["id"] == "agency-dpupr-tanjungpinang.2026-10"
    with day(staff, "2026-11-02"):
        figures = staff.get("pupr_admin", f"/admin/compliance-reports/{created['id']}").json["figures"]
    assert figures == created["figures"]
    summary = figures["summary"]

    assert summary["received"] == 4
    assert summary["verified"] == 3
    assert summary["verified_within_deadline"] == {"count": 2, "of": 3, "percent": 66.66}
    assert summary["first_response_within_deadline"] == {"count": 2, "of": 3, "percent": 66.66}
    assert summary["completed_within_deadline"] == {"count": 1, "of": 1, "percent": 100.0}
    assert summary["closed"] == 1
    assert summary["completion_rate"] == {"count": 1, "of": 3, "percent": 33.33}
    assert summary["first_response_working_days"] == {"average": 3.33, "p90": 7, "answers": 3}
    # C's verification and B's first answer were late; D is past its verification deadline.
    assert summary["breached"] == 3
    assert summary["open_overdue_at_end"] == 1
    assert figures["weekly"][0] == {"from": "2026-10-01", "to": "2026-10-04", "received": 0, "closed": 0}
    assert figures["weekly"][1] == {"from": "2026-10-05", "to": "2026-10-11", "received": 3, "closed": 1}


def test_the_month_after_counts_the_overdue_report_handled_and_compares_with_october(october, client, staff):
    with day(staff, "2026-11-03"):
        verify(staff, october["D"])
    with day(staff, "2026-12-01", 8):
        response = staff.get("pupr_admin", "/admin/stats?period=2026-11")
    assert response.status_code == 200, response.json
    november = response.json

    assert november["summary"]["verified_within_deadline"] == {"count": 0, "of": 1, "percent": 0.0}
    assert november["summary"]["open_overdue_at_end"] == 0
    assert november["previous"]["open_overdue_at_end"] == 1
    assert november["change"]["open_overdue_at_end"] == -1
    assert november["change"]["received"] == -4


def test_the_national_report_ranks_agencies_and_rolls_up_regions_and_topics(october, staff):
    with day(staff, "2026-11-02"):
        created = staff.post("oversight", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"})
        assert created.status_code == 201, created.json
        figures = staff.get("oversight", f"/admin/compliance-reports/{created.json['id']}").json["figures"]

    ranking = {row["agency_id"]: row for row in figures["agencies"]}
    assert ranking[PUPR]["rank"] == 1
    assert ranking[PUPR]["figures"]["received"] == 4
    assert ranking[DISHUB]["figures"]["archived"] == 1
    assert [row["rank"] for row in figures["agencies"]] == list(range(1, len(figures["agencies"]) + 1))
    provinces = {row["region_code"]: row["figures"]["received"] for row in figures["regions"]}
    assert provinces["21"] == 5 and provinces["61"] == 0
    assert figures["summary"]["received"] == 5
    assert figures["topics"][0]["topic"] == TOPIC and figures["topics"][0]["reports"] == 3


# --- the files -----------------------------------------------------------------------------


def download(created: dict, file_format: str, language: str = "id") -> bytes:
    link = next(item for item in created["files"] if item["format"] == file_format and item["language"] == language)
    response = requests.get(link["url"], timeout=10)
    assert response.status_code == 200, response.text[:300]
    assert hashlib.sha256(response.content).hexdigest() == link["sha256"]
    return response.content


def test_the_csv_xlsx_and_pdf_open_and_hold_the_same_numbers(october, staff):
    created = pupr_october(staff)

    rows = list(csv.reader(io.StringIO(download(created, "csv").decode("utf-8-sig"))))
    received_row = next(row for row in rows if row and row[0] == "Diterima")
    assert received_row[1] == "4"
    verified_row = next(row for row in rows if row and row[0].startswith("Terverifikasi"))
    assert "66.66" in verified_row[1]

    workbook = load_workbook(io.BytesIO(download(created, "xlsx")))
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert summary["Diterima"] == 4
    assert summary["Terlambat dan masih terbuka di akhir periode"] == 1

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(download(created, "pdf"))).pages)
    assert "Oktober 2026" in text
    assert "66,66" in text and "33,33" in text

    english = download(created, "csv", "en").decode("utf-8-sig")
    assert "Received" in english and "October 2026" in english


def test_building_a_closed_month_again_gives_the_same_figures_and_files(october, staff):
    first = pupr_october(staff)
    second = pupr_october(staff)

    assert second["id"] == first["id"]
    generations = second["generations"]
    assert len(generations) == 2
    assert generations[0]["figures_sha256"] == generations[1]["figures_sha256"]
    assert [item["sha256"] for item in second["files"]] == [item["sha256"] for item in first["files"]]


# --- who reads what ------------------------------------------------------------------------


def test_agency_staff_read_their_own_agency_only(october, staff):
    with day(staff, "2026-11-02"):
        assert staff.get("pupr_admin", "/admin/stats").json["scope"]["code"] == PUPR
        assert staff.get("binamarga_officer", "/admin/stats?period=2026-10").status_code == 200
        for path in ("/admin/stats?scope=national", f"/admin/stats?scope=agency:{DISHUB}",
                     "/admin/stats?scope=region:21.72"):
            response = staff.get("pupr_admin", path)
            assert response.status_code == 403, (path, response.json)
        refused = staff.post("pupr_admin", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"})
        assert refused.status_code == 403
        national = staff.post("national", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"})
        assert national.status_code == 201
        assert staff.get("pupr_admin", f"/admin/compliance-reports/{national.json['id']}").status_code == 403
        pupr = staff.post("pupr_admin", "/admin/compliance-reports", {"period": "2026-10"})
        assert [item["id"] for item in staff.get("pupr_admin", "/admin/compliance-reports").json["items"]] == [
            pupr.json["id"]]
        listed = {item["id"] for item in staff.get("oversight", "/admin/compliance-reports").json["items"]}
        assert listed == {national.json["id"], pupr.json["id"]}
        assert staff.get("dishub_admin", f"/admin/compliance-reports/{pupr.json['id']}").status_code == 403


@pytest.mark.parametrize("body, field", [
    ({"period": "2026-13"}, "period"),
    ({"period": "Oktober"}, "period"),
    ({"period": "2026-10", "from": "2026-10-01", "to": "2026-10-31"}, "period"),
    ({"from": "2026-10-10", "to": "2026-10-01"}, "to"),
    ({"from": "2025-01-01", "to": "2026-10-01"}, "to"),
    ({"from": "2026-10-01"}, "to"),
    ({"period": "2027-01"}, "period"),
    ({}, "period"),
    ({"period": "2026-10", "scope": "planet:mars"}, "scope"),
])
def test_a_bad_request_is_refused_with_the_field_named_and_builds_nothing(client, staff, body, field):
    with day(staff, "2026-11-02"):
        response = staff.post("national", "/admin/compliance-reports", body)
        assert response.status_code == 422, response.json
        assert field in [detail["field"] for detail in response.json["error"]["details"]]
        assert staff.get("national", "/admin/compliance-reports").json["items"] == []


def test_an_unknown_region_is_not_found(client, staff):
    with day(staff, "2026-11-02"):
        response = staff.get("national", "/admin/stats?scope=region:99.99")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


# --- the monthly run -----------------------------------------------------------------------


@pytest.fixture
def recipients(monkeypatch):
    monkeypatch.setenv("OVERSIGHT_RECIPIENTS", json.dumps(
        {"ombudsman-ri": [OMBUDSMAN], "kemenpan-rb": [KEMENPAN], "ombudsman-kepri": [KEPRI_OFFICE]}))
    get_settings.cache_clear()
    get_settings()  # read now: the test client applies the stage's own environment while it invokes
    yield
    get_settings.cache_clear()


def monthly_run(client) -> dict:
    with on("2026-11-01", 7):
        result = run_job(client, "monthly_compliance_report")
        run_job(client, "send_notifications")
    return result


def test_each_oversight_recipient_gets_last_months_report_once(october, client, staff, mailbox, recipients):
    with day(staff, "2026-10-20"):
        # Built mid-month on demand: the monthly run must not send these partial figures.
        assert staff.post("national", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"}
                          ).status_code == 201

    result = monthly_run(client)
    again = monthly_run(client)

    assert result["period"] == "2026-10" and result["queued"] == 3
    assert again["queued"] == 0 and again["already_queued"] == 3
    for address in (OMBUDSMAN, KEMENPAN, KEPRI_OFFICE):
        assert len(mailbox.emails_to(address)) == 1, address
    national_mail = mailbox.emails_to(OMBUDSMAN)[0]
    assert "Oktober 2026" in national_mail["subject"]
    assert "Laporan diterima: 5" in national_mail["body"]
    assert "Terlambat dan masih terbuka di akhir periode: 1" in national_mail["body"]
    assert "national.2026-10" in national_mail["body"] and "X-Amz-Signature" in national_mail["body"]
    kepri_mail = mailbox.emails_to(KEPRI_OFFICE)[0]
    assert "Kepulauan Riau" in kepri_mail["subject"]
    assert "region-21.2026-10" in kepri_mail["body"]
    assert not any(PUPR in email["body"] for email in mailbox.emails_to(KEMENPAN))
    with day(staff, "2026-11-02"):
        national = staff.get("national", "/admin/compliance-reports/national.2026-10").json
    assert national["figures"]["summary"]["open_overdue_at_end"] == 1
    assert [generation["generated_by"] for generation in national["generations"]] == ["admin.nasional", "system"]


def test_a_deadline_missed_and_made_good_before_any_sweep_is_still_counted_and_shown(client, staff):
    with day(staff, "2026-10-05"):
        tracking_id = submit(client)["tracking_id"]
    with day(staff, "2026-10-09", 8):  # verification was due Thu 8 Oct; no sweep has run
        verify(staff, tracking_id)
        case = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json

    assert case["breaches"] == [{"stage": "verification", "deadline": "2026-10-08T23:59:59+07:00",
                                 "detected_at": "2026-10-09T08:00:00+07:00",
                                 "resolved_at": "2026-10-09T08:00:00+07:00"}]
    missed = [entry for entry in case["timeline"] if entry["event_type"] == "deadline_breached"]
    assert [entry["at"] for entry in missed] == ["2026-10-09T00:00:00+07:00"]
    with day(staff, "2026-10-09", 9):
        october = staff.get("pupr_admin", "/admin/stats?period=2026-10").json["summary"]
    assert october["breached"] == 1
    assert october["verified_within_deadline"] == {"count": 0, "of": 1, "percent": 0.0}
    assert october["open_overdue_at_end"] == 0
