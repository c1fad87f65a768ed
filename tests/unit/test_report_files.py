"""Compliance report files: what analysts, spreadsheet users and officials see, and byte-identical output."""
import copy
import csv
import io
import time
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from chalicelib.services.report_files import csv_bytes, pdf_bytes, xlsx_bytes


def figures(received=12, verified_percent=90.0, compliance_index=78.55, recorded_late=1) -> dict:
    return {
        "received": received, "verified": 10, "archived": 1, "dispositioned": 10, "transferred": 1,
        "responded": 8, "closed": 7, "auto_closed": 2, "reopened": 1, "escalated": 1, "breached": 3,
        "recorded_late": recorded_late,
        "received_by_kind": {"complaint": 9, "aspiration": 2, "information_request": 1},
        "received_by_channel": {"web": 8, "api": 2, "letter": 2},
        "verified_within_deadline": {"count": 9, "of": 10, "percent": verified_percent},
        "first_response_within_deadline": {"count": 6, "of": 8, "percent": 75.0},
        "completed_within_deadline": {"count": 5, "of": 7, "percent": 71.43},
        "completion_rate": {"count": 7, "of": 9, "percent": 77.78},
        "first_response_working_days": {"average": 3.25, "p90": 6, "answers": 8},
        "open_overdue_at_end": 2,
        "rating": {"average": 4.2, "count": 5},
        "compliance_index": compliance_index,
    }


def empty_figures() -> dict:
    return {
        "received": 0, "verified": 0, "archived": 0, "dispositioned": 0, "transferred": 0,
        "responded": 0, "closed": 0, "auto_closed": 0, "reopened": 0, "escalated": 0, "breached": 0,
        "recorded_late": 0, "received_by_kind": {}, "received_by_channel": {},
        "verified_within_deadline": {"count": 0, "of": 0, "percent": None},
        "first_response_within_deadline": {"count": 0, "of": 0, "percent": None},
        "completed_within_deadline": {"count": 0, "of": 0, "percent": None},
        "completion_rate": {"count": 0, "of": 0, "percent": None},
        "first_response_working_days": {"average": None, "p90": None, "answers": 0},
        "open_overdue_at_end": 0,
        "rating": {"average": None, "count": 0},
        "compliance_index": None,
    }


WEEKS = [("2026-09-28", "2026-10-04", 3, 1), ("2026-10-05", "2026-10-11", 4, 2),
         ("2026-10-12", "2026-10-18", 2, 2), ("2026-10-19", "2026-10-25", 1234, 1),
         ("2026-10-26", "2026-10-31", 2, 1)]
TITLE = {"id": "Laporan Kepatuhan Pengelolaan Pengaduan", "en": "Complaint Handling Compliance Report"}
TOPICS = [("kesehatan", "Kesehatan", "Health", 12), ("jalan", "Jalan dan Jembatan", "Roads and Bridges", 9),
          ("pendidikan", "Pendidikan", "Education", 4)]


def sample_report(agency_name="Dinas PUPR Kota Tanjungpinang") -> dict:
    return {
        "id": "national.2026-10",
        "title": TITLE,
        "scope": {"type": "national", "code": "national", "name": {"id": "Nasional", "en": "National"}},
        "period": {"from": "2026-10-01", "to": "2026-10-31",
                   "label": {"id": "Oktober 2026", "en": "October 2026"}},
        "previous_period": {"from": "2026-09-01", "to": "2026-09-30",
                            "label": {"id": "September 2026", "en": "September 2026"}},
        "summary": figures(received=1234, verified_percent=95.96, recorded_late=4),
        "previous": figures(received=1231, verified_percent=98.46),
        "change": {"received": 3, "verified_within_deadline": -2.5, "first_response_within_deadline": 1.0,
                   "completed_within_deadline": None, "completion_rate": 4.1,
                   "first_response_working_days_average": -0.5, "open_overdue_at_end": 1,
                   "recorded_late": 3, "rating_average": 0.2, "compliance_index": 1.3},
        "agencies": [
            {"rank": 1, "agency_id": "dpupr-tanjungpinang", "name": agency_name, "region_code": "21.72",
             "figures": figures(received=40, compliance_index=91.5)},
            {"rank": 2, "agency_id": "dinkes-bintan", "name": "Dinas Kesehatan Kabupaten Bintan",
             "region_code": "21.02",
             "figures": figures(received=7, verified_percent=50.0, compliance_index=62.25, recorded_late=2)},
        ],
        "regions": [{"region_code": "21", "name": "Kepulauan Riau", "figures": figures(received=47)}],
        "topics": [{"topic": topic, "name": {"id": indonesian, "en": english}, "reports": reports}
                   for topic, indonesian, english, reports in TOPICS],
        "weekly": [{"from": start, "to": end, "received": received, "closed": closed}
                   for start, end, received, closed in WEEKS],
    }


def empty_report() -> dict:
    report = sample_report()
    report.update(summary=empty_figures(), previous=empty_figures(), change=dict.fromkeys(report["change"]),
                  agencies=[], regions=[], topics=[], weekly=[])
    return report


def csv_rows(report, language="id") -> list[list[str]]:
    data = csv_bytes(report, language)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def row_starting(rows, first_cell) -> list[str]:
    return next(row for row in rows if row and row[0] == first_cell)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def indonesian_pdf() -> bytes:
    return pdf_bytes(sample_report())


def test_csv_holds_the_figures_next_to_indonesian_headings():
    rows = csv_rows(sample_report())

    assert row_starting(rows, "Diterima")[:4] == ["Diterima", "1234", "1231", "3"]
    assert row_starting(rows, "Terverifikasi ≤ 3 hari kerja")[1:4] == ["95.96", "98.46", "-2.5"]
    assert row_starting(rows, "Judul")[1] == "Laporan Kepatuhan Pengelolaan Pengaduan"
    assert row_starting(rows, "Periode")[1:] == ["Oktober 2026", "2026-10-01", "2026-10-31"]
    ranking_header = row_starting(rows, "Peringkat")
    assert ranking_header[:4] == ["Peringkat", "Instansi", "Kode wilayah", "Diterima"]
    second_agency = row_starting(rows, "2")
    assert second_agency[1] == "Dinas Kesehatan Kabupaten Bintan"
    assert second_agency[ranking_header.index("Terverifikasi ≤ 3 hari kerja")] == "50.0"
    assert second_agency[ranking_header.index("Indeks kepatuhan")] == "62.25"
    assert row_starting(rows, "Kepulauan Riau")[1:3] == ["21", "47"]
    assert row_starting(rows, "Jalan dan Jembatan") == ["Jalan dan Jembatan", "jalan", "9"]
    assert row_starting(rows, "2026-10-19") == ["2026-10-19", "2026-10-25", "1234", "1"]


def test_every_format_shows_how_many_reports_were_recorded_late():
    rows = csv_rows(sample_report())
    assert row_starting(rows, "Dicatat terlambat")[:4] == ["Dicatat terlambat", "4", "1", "3"]
    ranking_header = row_starting(rows, "Peringkat")
    assert row_starting(rows, "2")[ranking_header.index("Dicatat terlambat")] == "2"
    assert row_starting(csv_rows(sample_report(), "en"), "Recorded late")[1] == "4"

    agencies = load_workbook(io.BytesIO(xlsx_bytes(sample_report())))["Instansi"]
    header = [cell.value for cell in agencies[1]]
    assert agencies.cell(row=3, column=header.index("Dicatat terlambat") + 1).value == 2

    text = pdf_text(pdf_bytes(sample_report(), "en"))
    assert "Recorded late\n4\n1\n+3" in text  # this period, the previous one, the change
    assert "Recorded late: reports (letters, calls, walk-ins, complaint box) an officer recorded" in text


def test_csv_separates_sections_with_a_blank_row():
    rows = csv_rows(sample_report())

    headings = [rows[index + 1][0] for index, row in enumerate(rows) if row == []]
    assert headings == ["Ringkasan", "Peringkat instansi", "Wilayah", "Topik teratas", "Tren mingguan"]
    assert rows[0] == ["Identitas laporan"]


def test_csv_in_english():
    rows = csv_rows(sample_report(), "en")

    assert row_starting(rows, "Verified within 3 working days")[1] == "95.96"
    assert row_starting(rows, "Received")[1] == "1234"
    assert row_starting(rows, "Rank")[1] == "Agency"
    assert row_starting(rows, "Health")[2] == "12"
    assert row_starting(rows, "Period")[1] == "October 2026"


def test_csv_neutralises_formulas_in_agency_names():
    rows = csv_rows(sample_report(agency_name='=HYPERLINK("x")'))

    assert row_starting(rows, "1")[1] == "'=HYPERLINK(\"x\")"
    assert row_starting(rows, "Terverifikasi ≤ 3 hari kerja")[3] == "-2.5"  # numbers stay numbers


def test_xlsx_sheets_hold_the_ranking_as_numbers():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sample_report())))

    assert workbook.sheetnames == ["Ringkasan", "Instansi", "Wilayah", "Topik", "Tren mingguan"]
    agencies = workbook["Instansi"]
    header = [cell.value for cell in agencies[1]]
    assert header[:3] == ["Peringkat", "Instansi", "Kode wilayah"]
    assert all(cell.font.bold for cell in agencies[1])
    assert agencies.freeze_panes == "A2"
    rows = [[cell.value for cell in row] for row in agencies.iter_rows(min_row=2)]
    assert [(row[0], row[1]) for row in rows] == [(1, "Dinas PUPR Kota Tanjungpinang"),
                                                  (2, "Dinas Kesehatan Kabupaten Bintan")]
    verified = header.index("Terverifikasi ≤ 3 hari kerja")
    assert rows[1][verified] == 50.0
    assert agencies.cell(row=3, column=verified + 1).number_format == "0.00"
    assert rows[0][header.index("Indeks kepatuhan")] == 91.5
    assert rows[0][header.index("Diterima")] == 40


def test_xlsx_keeps_a_name_that_starts_like_a_formula_as_text():
    name = '=HYPERLINK("http://evil.example/x","klik")'
    agencies = load_workbook(io.BytesIO(xlsx_bytes(sample_report(agency_name=name))))["Instansi"]

    assert agencies["B2"].value == name and agencies["B2"].data_type == "s"
    assert agencies["A2"].value == 1 and agencies["A2"].data_type == "n"


def test_xlsx_writes_a_stored_name_holding_control_characters_on_one_line():
    report = sample_report(agency_name="Dinas PUPR\r\n\x07Tanjungpinang")
    workbook = load_workbook(io.BytesIO(xlsx_bytes(report)))

    assert workbook["Instansi"]["B2"].value == "Dinas PUPR Tanjungpinang"


def test_xlsx_summary_weekly_chart_and_english_sheet_names():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sample_report())))
    summary_rows = [[cell.value for cell in row] for row in workbook["Ringkasan"].iter_rows()]
    assert ["Terverifikasi ≤ 3 hari kerja", 95.96, 98.46, -2.5] in summary_rows
    weekly = workbook["Tren mingguan"]
    assert [cell.value for cell in weekly[5]] == [datetime(2026, 10, 19), datetime(2026, 10, 25), 1234, 1]
    assert weekly["A5"].number_format == "yyyy-mm-dd"
    assert len(weekly._charts) == 1

    english = load_workbook(io.BytesIO(xlsx_bytes(sample_report(), "en")))
    assert english.sheetnames == ["Summary", "Agencies", "Regions", "Topics", "Weekly trend"]


def test_xlsx_archive_entries_carry_a_fixed_time():
    archive = zipfile.ZipFile(io.BytesIO(xlsx_bytes(sample_report())))

    assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "2026-11-01T00:00:00Z" in core


def test_pdf_text_shows_title_period_indonesian_numbers_and_definitions(indonesian_pdf):
    text = pdf_text(indonesian_pdf)

    assert "Laporan Kepatuhan Pengelolaan Pengaduan" in text
    assert "Oktober 2026" in text
    assert "95,96%" in text
    assert "1.234" in text
    assert "Terverifikasi ≤ 3 hari kerja" in text
    assert "Definisi" in text
    assert "Dinas Kesehatan Kabupaten Bintan" in text


def test_pdf_in_english_uses_english_labels_and_numbers():
    text = pdf_text(pdf_bytes(sample_report(), "en"))

    assert "October 2026" in text
    assert "95.96%" in text
    assert "1,234" in text
    assert "Definitions" in text
    assert "Definisi" not in text


def test_pdf_truncates_long_rankings_and_says_how_many_are_left():
    report = sample_report()
    template = report["agencies"][1]
    report["agencies"] = [dict(copy.deepcopy(template), rank=rank, name=f"Instansi {rank}")
                          for rank in range(1, 61)]

    text = pdf_text(pdf_bytes(report))

    assert "Instansi 50" in text and "Instansi 51" not in text
    assert "…dan 10 instansi lainnya" in text
    assert "45 instansi lainnya tidak ditampilkan" in text


def test_pdf_survives_markup_in_names():
    text = pdf_text(pdf_bytes(sample_report(agency_name="Dinas <b>& Co")))

    assert "Dinas <b>& Co" in text


def test_the_same_report_gives_the_same_bytes_even_a_second_later():
    renders = (csv_bytes, xlsx_bytes, pdf_bytes)
    first = [render(sample_report()) for render in renders]
    assert [render(sample_report()) for render in renders] == first
    time.sleep(1.1)  # past the one-second resolution of zip and PDF timestamps
    assert [render(sample_report()) for render in renders] == first


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_empty_report_renders_in_every_format(language):
    report = empty_report()

    rows = csv_rows(report, language)
    compliance_index = "Indeks kepatuhan" if language == "id" else "Compliance index"
    assert row_starting(rows, compliance_index)[1:] == ["", "", ""]
    assert load_workbook(io.BytesIO(xlsx_bytes(report, language))).sheetnames
    text = pdf_text(pdf_bytes(report, language))
    assert ("Tidak ada data" if language == "id" else "No data") in text
    assert "–" in text
