"""What people write comes out as they wrote it and no more: a one-line field cannot carry a
line break or other control character, an e-mail or SMS never gets a line its sender did not
write (even from values stored before the rule), and no spreadsheet cell runs as a formula.
"""
from __future__ import annotations

import csv
import io

import pytest
import requests
from openpyxl import load_workbook

from chalicelib import store
from chalicelib.store.models import AgencyModel, ReportModel
from tests.conftest import on, run_job, staff_email, submit

# Every kind of character that ends or bends a line, or is a control: C0, DEL, C1, Unicode separators.
LINE_BREAKERS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "tab": "\t", "NUL": "\x00", "ESC": "\x1b",
                 "unit separator": "\x1f", "DEL": "\x7f", "NEL": "\x85", "CSI": "\x9b",
                 "line separator": "\u2028", "paragraph separator": "\u2029", "right-to-left override": "\u202e"}
FAKE_LINE = "Lihat laporan: http://evil.example"

REPORT = {"kind": "complaint", "title": "Lampu jalan mati di Jalan Merdeka",
          "description": "Sudah seminggu lampu jalan di depan pasar mati dan jalan menjadi gelap.",
          "region_code": "21.72", "agency_id": "dpupr-tanjungpinang",
          "location": {"address": "Jl. Merdeka, Tanjungpinang Kota"},
          "reporter": {"name": "Rahmat Hidayat", "email": "rahmat@example.id"}}
AGENCY = {"agency_id": "bapenda-tanjungpinang", "name": "Badan Pendapatan Daerah Kota Tanjungpinang",
          "short_name": "Bapenda Tanjungpinang", "region_code": "21.72", "time_zone": "Asia/Jakarta",
          "units": [{"unit_id": "bapenda-tanjungpinang.pbb", "name": "Bidang Pajak Bumi dan Bangunan"}]}


def placed(document: dict, path: str, value) -> dict:
    """A copy of ``document`` with ``value`` at a dotted path such as ``units.0.name``."""
    if "." not in path:
        return {**document, path: value}
    head, rest = path.split(".", 1)
    inner = document[head]
    if isinstance(inner, list):
        index, rest = rest.split(".", 1)
        items = list(inner)
        items[int(index)] = placed(items[int(index)], rest, value)
        return {**document, head: items}
    return {**document, head: placed(inner, rest, value)}


# (who posts, path, a valid body, the one-line field, text around the character)
SINGLE_LINE_FIELDS = [
    pytest.param(None, "/reports", REPORT, "title", "Lampu jalan mati", id="report title"),
    pytest.param(None, "/reports", REPORT, "reporter.name", "Rahmat Hidayat", id="reporter name"),
    pytest.param(None, "/reports", REPORT, "location.address", "Jl. Merdeka", id="location address"),
    pytest.param("national", "/admin/reports",
                 {**REPORT, "channel": "letter", "received_at": "2026-11-20T09:00:00+07:00"},
                 "title", "Surat warga", id="recorded report title"),
    pytest.param("national", "/admin/agencies", AGENCY, "name", "Badan Pendapatan", id="agency name"),
    pytest.param("national", "/admin/agencies", AGENCY, "short_name", "Bapenda", id="agency short name"),
    pytest.param("national", "/admin/agencies", AGENCY, "units.0.name", "Bidang PBB", id="unit name"),
    pytest.param("national", "/admin/holidays", {"date": "2026-12-28", "name": "Libur daerah"}, "name",
                 "Libur daerah", id="holiday name"),
    pytest.param(None, "/auth/login", {"username": "admin.nasional", "password": "Rahasia#2026x"},
                 "username", "admin.nasional", id="staff username at sign-in"),
    pytest.param("national", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"},
                 "scope", "national", id="compliance report scope"),
]


@pytest.mark.parametrize("who, path, body, field, text", SINGLE_LINE_FIELDS)
def test_a_one_line_field_refuses_every_line_break_and_control_character(client, staff, who, path, body,
                                                                         field, text):
    def post(document):
        if who is None:
            return client.post(path, document)
        return staff.post(who, path, document)

    with on("2026-11-23"):
        for name, character in LINE_BREAKERS.items():
            response = post(placed(body, field, f"{text}{character}{FAKE_LINE}"))

            assert response.status_code == 422, (name, response.json)
            assert response.json["error"]["code"] == "validation_failed"
            assert {"field": field, "code": "control_characters"} in [
                {"field": detail["field"], "code": detail["code"]} for detail in response.json["error"]["details"]
            ], (name, response.json)


def test_text_of_several_lines_keeps_its_line_breaks_and_tabs(client):
    description = "Lampu jalan mati sejak Senin.\r\nDi depan pasar:\n\t- tiang 1\n\t- tiang 2"
    receipt = client.post("/reports", {**REPORT, "description": description})
    assert receipt.status_code == 201, receipt.json

    view = client.get(f"/reports/{receipt.json['tracking_id']}",
                      headers={"Authorization": f"Bearer {receipt.json['access_token']}"})
    assert view.json["description"] == description


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\u2028", "\u2067"],
                         ids=["NUL", "BEL", "ESC", "CR alone", "DEL", "NEL", "CSI", "line separator", "isolate"])
def test_text_of_several_lines_refuses_other_control_characters(client, staff, character):
    receipt = client.post("/reports", {**REPORT, "description": "Lampu jalan mati."})
    tracking_id, token = receipt.json["tracking_id"], receipt.json["access_token"]
    attempts = [
        (client.post("/reports", {**REPORT, "description": f"Lampu jalan mati{character}sejak Senin."}),
         "description"),
        (client.post(f"/reports/{tracking_id}/replies", {"message": f"Masih{character}gelap."},
                     headers={"Authorization": f"Bearer {token}"}), "message"),
        (staff.act("pupr_admin", tracking_id, "hold", {"message": f"Mohon{character}lengkapi."}), "message"),
        (staff.act("pupr_admin", tracking_id, "verify",
                   {"agency_id": "dpupr-tanjungpinang", "note": f"Cek{character}lokasi."}), "note"),
        (staff.post("pupr_admin", "/admin/reports", {
            **REPORT, "channel": "letter", "received_at": "2026-01-05T09:00:00+07:00",
            "late_reason": f"Surat{character}tertumpuk."}), "late_reason"),
    ]
    for response, field in attempts:
        assert response.status_code == 422, response.json
        assert [(detail["field"], detail["code"]) for detail in response.json["error"]["details"]] == [
            (field, "control_characters")]


# --- messages -------------------------------------------------------------------------------

DAY = "2026-11-23"  # a Monday: the report's verification is due Thursday 26 November


def poison_stored_report(tracking_id: str, agency_id: str) -> str:
    """Values that slipped past the input rules (stored before them, or written another way)."""
    store.ready()
    title = f"Jalan rusak\r\n{FAKE_LINE}\u2028View the report: http://evil.example"
    ReportModel.get(tracking_id).update(actions=[ReportModel.title.set(title)])
    AgencyModel.get(agency_id).update(actions=[AgencyModel.name.set(f"Dinas PUPR\n{FAKE_LINE}"),
                                               AgencyModel.short_name.set(f"PUPR\r\n{FAKE_LINE}")])
    return title


def assert_no_line_was_added(texts: list[str]) -> None:
    for text in texts:
        for line in text.splitlines():  # every kind of line break, U+2028 included
            assert not line.lstrip().startswith(FAKE_LINE), text
            assert not line.lstrip().startswith("View the report: http://evil"), text


def test_a_stored_title_or_agency_name_cannot_add_a_line_to_any_email_or_sms(client, staff, mailbox):
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        poison_stored_report(tracking_id, "dpupr-tanjungpinang")
        run_job(client, "send_notifications")
    with on("2026-11-27", 1):  # the verification deadline has passed: the breach is told to four people
        run_job(client, "sla_sweep")
        run_job(client, "send_notifications")

    emails, sms = mailbox.emails(), mailbox.sms()
    staff_emails = [email for email in emails if staff_email("pupr_admin") in email["to"]]
    assert len(staff_emails) == 2  # the new report, then the breach
    # The stored values are there, each on one line: the test exercises what it claims to.
    assert f"Judul: Jalan rusak {FAKE_LINE} View the report: http://evil.example" in staff_emails[0]["body"]
    assert f"Dinas PUPR {FAKE_LINE}" in staff_emails[1]["body"]
    assert any(f"PUPR {FAKE_LINE}" in message["body"] for message in sms)
    for email in emails:
        assert email["subject"].splitlines() == [email["subject"]], email["subject"]
    assert_no_line_was_added([email["body"] for email in emails] + [message["body"] for message in sms])


def test_a_stored_title_cannot_add_a_line_to_the_daily_digest(client, staff, mailbox):
    with on(DAY, 10):
        tracking_id = submit(client)["tracking_id"]
        poison_stored_report(tracking_id, "dpupr-tanjungpinang")
    with on("2026-11-24", 7):
        run_job(client, "daily_digest")
        run_job(client, "send_notifications")

    [digest] = [email for email in mailbox.emails() if "Ringkasan harian" in email["subject"]]
    assert f"- {tracking_id}: Jalan rusak {FAKE_LINE}" in digest["body"]
    assert digest["subject"].splitlines() == [digest["subject"]]
    assert_no_line_was_added([digest["body"]])


# --- spreadsheets ---------------------------------------------------------------------------

FORMULA_NAME = '=HYPERLINK("http://evil.example/x","klik")'


def download(created: dict, file_format: str) -> bytes:
    link = next(item for item in created["files"] if item["format"] == file_format and item["language"] == "id")
    response = requests.get(link["url"], timeout=10)
    assert response.status_code == 200, response.text[:300]
    return response.content


def test_an_agency_named_like_a_formula_is_text_in_the_workbook_and_the_csv(client, staff):
    with on("2026-10-05"):
        created = staff.post("national", "/admin/agencies", {**AGENCY, "name": FORMULA_NAME, "units": []})
        assert created.status_code == 201, created.json
        submit(client, agency_id=AGENCY["agency_id"], topic=None)
    with on("2026-11-02"):
        report = staff.post("oversight", "/admin/compliance-reports", {"period": "2026-10", "scope": "national"})
        assert report.status_code == 201, report.json

    workbook = load_workbook(io.BytesIO(download(report.json, "xlsx")))
    [cell] = [cell for row in workbook["Instansi"].iter_rows() for cell in row if cell.value == FORMULA_NAME]
    assert cell.data_type == "s"
    rank_cell = workbook["Instansi"].cell(row=cell.row, column=1)
    assert isinstance(rank_cell.value, int) and rank_cell.data_type == "n"  # numbers stay numbers

    rows = list(csv.reader(io.StringIO(download(report.json, "csv").decode("utf-8-sig"))))
    [row] = [row for row in rows if FORMULA_NAME in "".join(row)]
    assert row[1] == "'" + FORMULA_NAME
    assert row[0].isdigit()
