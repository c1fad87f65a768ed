"""Compliance report files: one report dict rendered as CSV for analysts, XLSX for spreadsheet users and
PDF for officials, each labelled in Indonesian (the default) or English.

The same dict must always give the same bytes, because the SHA-256 of every file is recorded as proof that
it was not altered afterwards: nothing here may read the clock or produce random identifiers.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

from chalicelib.domain.text import one_line
from chalicelib.i18n import Text

DASH = "–"
AUTHOR = "Aduan"

L = {
    # figures
    "received": Text("Diterima", "Received"),
    "verified_within_deadline": Text("Terverifikasi ≤ 3 hari kerja", "Verified within 3 working days"),
    "first_response_within_deadline": Text("Tindak lanjut pertama ≤ 5 hari kerja",
                                           "First follow-up within 5 working days"),
    "completed_within_deadline": Text("Selesai dalam batas waktu", "Completed within the deadline"),
    "completion_rate": Text("Tingkat penyelesaian", "Completion rate"),
    "first_response_working_days_average": Text("Rata-rata hari kerja sampai jawaban pertama",
                                                "Average working days to first answer"),
    "first_response_working_days_p90": Text("Persentil ke-90 hari kerja sampai jawaban pertama",
                                            "90th percentile working days to first answer"),
    "open_overdue_at_end": Text("Terlambat dan masih terbuka di akhir periode",
                                "Open and overdue at period end"),
    "escalated": Text("Eskalasi ke Ombudsman", "Escalations to the Ombudsman"),
    "recorded_late": Text("Dicatat terlambat", "Recorded late"),
    "duplicates": Text("Duplikat", "Duplicates"),
    "rating_average": Text("Rata-rata penilaian", "Average rating"),
    "compliance_index": Text("Indeks kepatuhan", "Compliance index"),
    "verified": Text("Terverifikasi", "Verified"),
    "archived": Text("Diarsipkan", "Archived"),
    "dispositioned": Text("Didisposisikan ke instansi", "Routed to an agency"),
    "transferred": Text("Dialihkan ke instansi lain", "Transferred to another agency"),
    "responded": Text("Ditindaklanjuti instansi", "Answered by the agency"),
    "closed": Text("Selesai", "Closed"),
    "auto_closed": Text("Selesai otomatis", "Closed automatically"),
    "reopened": Text("Dibuka kembali", "Reopened"),
    "breached": Text("Batas waktu terlewati", "Deadlines missed"),
    "received_by_kind": Text("Diterima menurut jenis: {}", "Received by kind: {}"),
    "received_by_channel": Text("Diterima menurut kanal: {}", "Received by channel: {}"),
    # report kinds and channels
    "kind.complaint": Text("Pengaduan", "Complaint"),
    "kind.aspiration": Text("Aspirasi", "Aspiration"),
    "kind.information_request": Text("Permintaan informasi", "Information request"),
    "channel.web": Text("Situs web", "Website"),
    "channel.api": Text("API", "API"),
    "channel.sms": Text("SMS", "SMS"),
    "channel.whatsapp": Text("WhatsApp", "WhatsApp"),
    "channel.social_media": Text("Media sosial", "Social media"),
    "channel.walk_in": Text("Datang langsung", "Walk-in"),
    "channel.letter": Text("Surat", "Letter"),
    "channel.phone": Text("Telepon", "Phone"),
    "channel.complaint_box": Text("Kotak pengaduan", "Complaint box"),
    # sections, sheets and columns
    "identity": Text("Identitas laporan", "Report identity"),
    "item": Text("Keterangan", "Item"),
    "value": Text("Nilai", "Value"),
    "title": Text("Judul", "Title"),
    "report_id": Text("ID laporan", "Report ID"),
    "scope": Text("Cakupan", "Scope"),
    "scope_code": Text("Kode cakupan", "Scope code"),
    "period": Text("Periode", "Period"),
    "previous_period": Text("Periode sebelumnya", "Previous period"),
    "this_period": Text("Periode ini", "This period"),
    "from": Text("Dari", "From"),
    "to": Text("Sampai", "To"),
    "summary": Text("Ringkasan", "Summary"),
    "figure": Text("Angka", "Figure"),
    "change": Text("Perubahan", "Change"),
    "change_note": Text("Perubahan persentase dinyatakan dalam poin persentase (pp).",
                        "Changes of percentages are in percentage points (pp)."),
    "percentage_points": Text("pp", "pp"),
    "ranking": Text("Peringkat instansi", "Agency ranking"),
    "agencies": Text("Instansi", "Agencies"),
    "agency": Text("Instansi", "Agency"),
    "rank": Text("Peringkat", "Rank"),
    "region_code": Text("Kode wilayah", "Region code"),
    "regions": Text("Wilayah", "Regions"),
    "region": Text("Wilayah", "Region"),
    "topics_sheet": Text("Topik", "Topics"),
    "top_topics": Text("Topik teratas", "Top topics"),
    "topic": Text("Topik", "Topic"),
    "topic_code": Text("Kode topik", "Topic code"),
    "reports": Text("Jumlah laporan", "Reports"),
    "weekly": Text("Tren mingguan", "Weekly trend"),
    "compliance_by_agency": Text("Kepatuhan SLA per instansi (indeks kepatuhan)",
                                 "SLA compliance by agency (compliance index)"),
    "no_data": Text("Tidak ada data", "No data"),
    "more_agencies": Text("…dan {} instansi lainnya", "…and {} more agencies"),
    "agencies_not_shown": Text("{} instansi lainnya tidak ditampilkan", "{} more agencies not shown"),
    "page": Text("Halaman {}", "Page {}"),
    "definitions": Text("Definisi", "Definitions"),
    "first_response_working_days": Text("Hari kerja sampai jawaban pertama", "Working days to first answer"),
    "open_overdue": Text("Terlambat dan masih terbuka", "Open and overdue"),
    # definitions, keyed "definition.<label key>"
    "definition.received": Text(
        "laporan yang masuk pada periode, menurut tanggal diterima (waktu setempat instansi).",
        "reports that came in during the period, by the date received (agency local time)."),
    "definition.verified_within_deadline": Text(
        "verifikasi pada periode yang selesai sebelum batas waktu verifikasi.",
        "verifications done in the period before the verification deadline."),
    "definition.first_response_within_deadline": Text(
        "tindak lanjut pertama instansi pada periode (kabar perkembangan publik pertama atau jawaban akhir, "
        "mana yang lebih dulu) yang dikirim sebelum batas waktunya.",
        "first follow-ups in the period (the first public progress update or the final answer, whichever "
        "came first) given within their deadline."),
    "definition.completed_within_deadline": Text(
        "laporan yang ditutup pada periode yang jawaban akhirnya dikirim sebelum batas waktu penyelesaian.",
        "reports closed in the period whose final answer came before the completion deadline."),
    "definition.completion_rate": Text(
        "laporan selesai pada periode ÷ laporan yang didisposisikan ke instansi pada periode, "
        "dikurangi yang dialihkan ke instansi lain dan yang digabung sebagai duplikat. Semua persentase "
        "dipotong (tidak dibulatkan) ke dua desimal.",
        "reports closed in the period ÷ reports routed to the agency in the period, "
        "less those transferred away and those merged as duplicates. All percentages are cut (not "
        "rounded) to two decimals."),
    "definition.first_response_working_days": Text(
        "dari disposisi sampai jawaban pertama, tanpa hari libur nasional dan cuti bersama; "
        "persentil ke-90 dengan metode peringkat terdekat.",
        "from disposition to first answer, without public holidays and joint leave; "
        "90th percentile by the nearest-rank method."),
    "definition.open_overdue": Text(
        "laporan yang batas waktunya terlewati dan belum ditangani pada akhir periode.",
        "reports past a deadline and not yet handled at the end of the period."),
    "definition.escalated": Text(
        "laporan yang oleh pelapor dibawa ke Ombudsman pada periode (UU 37/2008 pasal 24).",
        "reports the reporter took to the Ombudsman in the period (Law 37/2008 art. 24)."),
    "definition.recorded_late": Text(
        "laporan (surat, telepon, datang langsung, kotak pengaduan) yang dicatat petugas pada periode "
        "lebih lama setelah diterima daripada yang dibolehkan kebijakan tanpa alasan; alasannya ada di "
        "riwayat laporan.",
        "reports (letters, calls, walk-ins, complaint box) an officer recorded in the period longer after "
        "their receipt than the policy allows without a reason; the reason is in the report's timeline."),
    "definition.duplicates": Text(
        "laporan yang pada periode digabung dengan laporan lain tentang hal yang sama; dihitung terpisah: "
        "tidak masuk angka batas waktu, dan yang digabung setelah didisposisikan tidak masuk penyebut "
        "tingkat penyelesaian.",
        "reports merged in the period into another report about the same matter; counted apart: no "
        "deadline figure counts them, and those merged after routing leave the completion rate's "
        "denominator."),
    "definition.rating_average": Text(
        "rata-rata penilaian pelapor (1–5) yang diberikan pada periode.",
        "the average of the reporters' ratings (1–5) given in the period."),
    "definition.compliance_index": Text(
        "rata-rata dari persentase yang tersedia di atas (tingkat penyelesaian dibatasi 100).",
        "the average of the percentages above that are available (completion rate capped at 100)."),
}

DEFINED_FIGURES = ("received", "verified_within_deadline", "first_response_within_deadline",
                   "completed_within_deadline", "completion_rate", "first_response_working_days",
                   "open_overdue", "escalated", "recorded_late", "duplicates", "rating_average",
                   "compliance_index")

KINDS = ("complaint", "aspiration", "information_request")
CHANNELS = ("web", "api", "sms", "whatsapp", "social_media", "walk_in", "letter", "phone", "complaint_box")

# Value kinds: how a number is formatted for people (PDF) and in spreadsheets (XLSX).
TEXT, DATE, COUNT, PERCENT, DECIMAL = "text", "date", "count", "percent", "decimal"
XLSX_FORMATS = {DATE: "yyyy-mm-dd", COUNT: "#,##0", PERCENT: "0.00", DECIMAL: "0.00"}


def label(key: str, language: str) -> str:
    return L[key].render(language)


def _pick(texts, language: str) -> str:
    """A bilingual {"id": …, "en": …} value of the report, or a plain string."""
    if isinstance(texts, dict):
        return texts.get(language) or texts.get("id") or ""
    return texts or ""


def _period_label(report: dict, which: str, language: str) -> str:
    """which: "period" or "previous_period"."""
    return _pick((report.get(which) or {}).get("label"), language)


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


# --- figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str  # label key; also the key of report["change"] when the report carries one
    kind: str
    path: tuple[str, ...]  # where the value sits in a figures dict

    def read(self, figures: dict | None):
        value = figures
        for step in self.path:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
        return value


KEY_FIGURES = (
    Figure("received", COUNT, ("received",)),
    Figure("verified_within_deadline", PERCENT, ("verified_within_deadline", "percent")),
    Figure("first_response_within_deadline", PERCENT, ("first_response_within_deadline", "percent")),
    Figure("completed_within_deadline", PERCENT, ("completed_within_deadline", "percent")),
    Figure("completion_rate", PERCENT, ("completion_rate", "percent")),
    Figure("first_response_working_days_average", DECIMAL, ("first_response_working_days", "average")),
    Figure("first_response_working_days_p90", DECIMAL, ("first_response_working_days", "p90")),
    Figure("open_overdue_at_end", COUNT, ("open_overdue_at_end",)),
    Figure("escalated", COUNT, ("escalated",)),
    Figure("recorded_late", COUNT, ("recorded_late",)),
    Figure("duplicates", COUNT, ("duplicates",)),
    Figure("rating_average", DECIMAL, ("rating", "average")),
    Figure("compliance_index", DECIMAL, ("compliance_index",)),
)
COMPLIANCE_INDEX = KEY_FIGURES[-1]

OTHER_COUNTS = tuple(Figure(key, COUNT, (key,)) for key in (
    "verified", "archived", "dispositioned", "transferred", "responded", "closed", "auto_closed",
    "reopened", "breached"))


def _breakdown_lines(report: dict, field: str, known: tuple[str, ...], prefix: str,
                     language: str) -> list[tuple[str, Figure]]:
    """Lines for received_by_kind / received_by_channel: known keys first, then any others by name."""
    present = set()
    for figures in (report.get("summary"), report.get("previous")):
        present.update((figures or {}).get(field) or {})
    keys = [key for key in known if key in present] + sorted(present - set(known))
    return [(label(field, language).format(_breakdown_name(f"{prefix}.{key}", key, language)),
             Figure(f"{field}.{key}", COUNT, (field, key))) for key in keys]


def _breakdown_name(label_key: str, key: str, language: str) -> str:
    """A kind or channel the labels do not know yet is shown by its key rather than failing."""
    return label(label_key, language) if label_key in L else key


def _change(report: dict, figure: Figure):
    """The report's own change where it has one; otherwise this period minus the previous one."""
    changes = report.get("change") or {}
    if figure.key in changes:
        return changes[figure.key]
    this, previous = figure.read(report.get("summary")), figure.read(report.get("previous"))
    if this is None or previous is None:
        return None
    return round(this - previous, 2)


# --- neutral tables, shared by the three formats -------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT


@dataclass
class DataTable:
    heading: str
    columns: list[Column]
    rows: list[list]
    row_kinds: list[str] | None = None  # per-row number kind, for tables whose rows mix kinds

    def kind_of(self, row_index: int, column_index: int) -> str:
        column_kind = self.columns[column_index].kind
        if column_kind in (TEXT, DATE) or self.row_kinds is None:
            return column_kind
        return self.row_kinds[row_index]


def _identity_table(report: dict, language: str) -> DataTable:
    period, previous = report.get("period") or {}, report.get("previous_period") or {}
    scope = report.get("scope") or {}
    rows = [
        [label("title", language), _pick(report.get("title"), language)],
        [label("report_id", language), report.get("id", "")],
        [label("scope", language), _pick(scope.get("name"), language)],
        [label("scope_code", language), scope.get("code", "")],
        [label("period", language), _pick(period.get("label"), language), period.get("from", ""),
         period.get("to", "")],
        [label("previous_period", language), _pick(previous.get("label"), language), previous.get("from", ""),
         previous.get("to", "")],
    ]
    columns = [Column(label("item", language)), Column(label("value", language)),
               Column(label("from", language), DATE), Column(label("to", language), DATE)]
    return DataTable(label("identity", language), columns, rows)


def _summary_lines(report: dict, language: str) -> list[tuple[str, Figure]]:
    return ([(label(figure.key, language), figure) for figure in KEY_FIGURES + OTHER_COUNTS]
            + _breakdown_lines(report, "received_by_kind", KINDS, "kind", language)
            + _breakdown_lines(report, "received_by_channel", CHANNELS, "channel", language))


def _summary_table(report: dict, language: str) -> DataTable:
    lines = _summary_lines(report, language)
    rows = [[text, figure.read(report.get("summary")), figure.read(report.get("previous")),
             _change(report, figure)] for text, figure in lines]
    columns = [Column(label("figure", language))] + [
        Column(label(key, language), DECIMAL) for key in ("this_period", "previous_period", "change")]
    return DataTable(label("summary", language), columns, rows, [figure.kind for _, figure in lines])


def _figure_columns(language: str) -> list[Column]:
    return [Column(label(figure.key, language), figure.kind) for figure in KEY_FIGURES]


def _figure_values(figures: dict | None) -> list:
    return [figure.read(figures) for figure in KEY_FIGURES]


def _ranking_table(report: dict, language: str) -> DataTable:
    columns = [Column(label("rank", language), COUNT), Column(label("agency", language)),
               Column(label("region_code", language))] + _figure_columns(language)
    rows = [[agency.get("rank"), agency.get("name", ""), agency.get("region_code", "")]
            + _figure_values(agency.get("figures")) for agency in report.get("agencies") or []]
    return DataTable(label("ranking", language), columns, rows)


def _regions_table(report: dict, language: str) -> DataTable:
    columns = [Column(label("region", language)), Column(label("region_code", language)),
               *_figure_columns(language)]
    rows = [[region.get("name", ""), region.get("region_code", "")] + _figure_values(region.get("figures"))
            for region in report.get("regions") or []]
    return DataTable(label("regions", language), columns, rows)


def _topics_table(report: dict, language: str) -> DataTable:
    columns = [Column(label("topic", language)), Column(label("topic_code", language)),
               Column(label("reports", language), COUNT)]
    rows = [[_pick(topic.get("name"), language) or topic.get("topic", ""), topic.get("topic", ""),
             topic.get("reports")] for topic in report.get("topics") or []]
    return DataTable(label("top_topics", language), columns, rows)


def _weekly_table(report: dict, language: str) -> DataTable:
    columns = [Column(label("from", language), DATE), Column(label("to", language), DATE),
               Column(label("received", language), COUNT), Column(label("closed", language), COUNT)]
    rows = [[week.get("from", ""), week.get("to", ""), week.get("received"), week.get("closed")]
            for week in report.get("weekly") or []]
    return DataTable(label("weekly", language), columns, rows)


# --- CSV ------------------------------------------------------------------------------------------------

# A spreadsheet treats a cell starting with one of these as a formula; agency names come from admins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def csv_bytes(report: dict, language: str = "id") -> bytes:
    """Sections one after another, each a heading row, a header row and data rows; UTF-8 with a BOM."""
    tables = [_identity_table(report, language), _summary_table(report, language),
              _ranking_table(report, language), _regions_table(report, language),
              _topics_table(report, language), _weekly_table(report, language)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([_csv_cell(table.heading)])
        writer.writerow([_csv_cell(column.label) for column in table.columns])
        writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX -----------------------------------------------------------------------------------------------

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BOLD = Font(bold=True)


def _report_moment(report: dict) -> datetime:
    """Midnight UTC after the period: a timestamp that depends on the report only."""
    period_end = (report.get("period") or {}).get("to")
    day = date.fromisoformat(period_end) + timedelta(days=1) if period_end else date(2000, 1, 1)
    return datetime(day.year, day.month, day.day)


def _put(sheet, row: int, column: int, value):
    """A cell holding ``value``; text is stored as text, whatever it starts with."""
    if not isinstance(value, str):
        return sheet.cell(row=row, column=column, value=value)
    # openpyxl refuses control characters in a cell; a stored name may predate the input rule.
    cell = sheet.cell(row=row, column=column, value=one_line(value))
    # openpyxl would store "=HYPERLINK(…)" (an agency name, say) as a live formula.
    cell.data_type = "s"
    return cell


def _write_table(sheet, table: DataTable, first_row: int) -> int:
    """Header row and data rows from first_row on; returns the row after the table."""
    for column_index, column in enumerate(table.columns, start=1):
        cell = _put(sheet, first_row, column_index, column.label)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_index, row in enumerate(table.rows):
        for column_index, value in enumerate(row):
            kind = table.kind_of(row_index, column_index)
            value = _spreadsheet_value(value, kind)
            cell = _put(sheet, first_row + 1 + row_index, column_index + 1, value)
            if isinstance(value, int | float | date) and kind in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[kind]
    return first_row + 1 + len(table.rows)


def _spreadsheet_value(value, kind: str):
    """ISO dates become real dates, so a spreadsheet can sort and chart them."""
    if kind == DATE and isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _fit_columns(sheet) -> None:
    """Wide enough for the values; long headers wrap instead of widening the column."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            text = str(cell.value)
            length = min(len(text), 18) if cell.font.bold else len(text)
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 50)


def _table_sheet(workbook: Workbook, title: str, table: DataTable):
    sheet = workbook.create_sheet(title)
    _write_table(sheet, table, 1)
    sheet.freeze_panes = "A2"
    _fit_columns(sheet)
    return sheet


def _summary_sheet(workbook: Workbook, report: dict, language: str) -> None:
    sheet = workbook.active
    sheet.title = label("summary", language)
    after_identity = _write_table(sheet, _identity_table(report, language), 1)
    summary_header_row = after_identity + 1
    _write_table(sheet, _summary_table(report, language), summary_header_row)
    sheet.freeze_panes = f"A{summary_header_row + 1}"
    _fit_columns(sheet)
    # The figure labels are the only long texts worth reading whole.
    sheet.column_dimensions["A"].width = 50


def _weekly_chart(sheet, weeks: int, language: str) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = label("weekly", language)
    received_and_closed = Reference(sheet, min_col=3, max_col=4, min_row=1, max_row=1 + weeks)
    chart.add_data(received_and_closed, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=1 + weeks))
    # openpyxl 3.1 marks axes as deleted unless told otherwise, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, "F2")


def _fixed_time_zip(archive_bytes: bytes) -> bytes:
    """The same archive with every entry stamped 1980-01-01, in the same order."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # otherwise it depends on the OS the file is made on
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


def _workbook(report: dict, language: str) -> Workbook:
    workbook = Workbook()
    _summary_sheet(workbook, report, language)
    _table_sheet(workbook, label("agencies", language), _ranking_table(report, language))
    _table_sheet(workbook, label("regions", language), _regions_table(report, language))
    _table_sheet(workbook, label("topics_sheet", language), _topics_table(report, language))
    weekly = _weekly_table(report, language)
    weekly_sheet = _table_sheet(workbook, label("weekly", language), weekly)
    if weekly.rows:
        _weekly_chart(weekly_sheet, len(weekly.rows), language)
    properties = workbook.properties
    properties.created = properties.modified = _report_moment(report)
    properties.creator = properties.lastModifiedBy = AUTHOR
    properties.title = _pick(report.get("title"), language)
    return workbook


def xlsx_bytes(report: dict, language: str = "id") -> bytes:
    """A workbook with summary, agencies, regions, topics and weekly sheets, numbers kept as numbers."""
    buffer = io.BytesIO()
    # Workbook.save stamps "modified" with the current time; the writer underneath leaves it alone.
    ExcelWriter(_workbook(report, language), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_time_zip(buffer.getvalue())


# --- PDF: numbers for people ---------------------------------------------------------------------------

_INDONESIAN_SEPARATORS = str.maketrans(",.", ".,")


def _localised(text: str, language: str) -> str:
    return text.translate(_INDONESIAN_SEPARATORS) if language == "id" else text


def format_number(value, kind: str, language: str) -> str:
    """95.96 → "95,96%" in Indonesian, "95.96%" in English; None → "–"."""
    if value is None:
        return DASH
    if kind == PERCENT:
        return _localised(f"{value:,.2f}%", language)
    if isinstance(value, int) or kind == COUNT:
        return _localised(f"{value:,.0f}", language)
    return _localised(f"{value:,.2f}", language)


def format_change(value, kind: str, language: str) -> str:
    if value is None:
        return DASH
    sign = "+" if value > 0 else ""
    text = sign + format_number(value, DECIMAL if kind == PERCENT else kind, language)
    return f"{text} {label('percentage_points', language)}" if kind == PERCENT else text


# --- PDF: fonts and styles -----------------------------------------------------------------------------

FONT, BOLD_FONT = "AduanVera", "AduanVera-Bold"
RECEIVED_COLOUR, CLOSED_COLOUR = colors.HexColor("#1f5fa8"), colors.HexColor("#2e9e5b")
INDEX_COLOUR, TOPIC_COLOUR = colors.HexColor("#1f5fa8"), colors.HexColor("#c77c1e")
HEADER_BACKGROUND, GRID_COLOUR = colors.HexColor("#e8edf3"), colors.HexColor("#b8c2cc")
MARGIN = 15 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN


def _register_fonts() -> None:
    # The standard PDF fonts cannot show "≤"; Vera ships with reportlab and can.
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD_FONT, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD_FONT, italic=FONT, boldItalic=BOLD_FONT)


def _style(name: str, size: float, bold: bool = False, **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD_FONT if bold else FONT, fontSize=size, leading=size * 1.25,
                          **extra)


STYLES = {
    "title": _style("title", 16, bold=True, spaceAfter=4),
    "subtitle": _style("subtitle", 10, spaceAfter=2),
    "heading": _style("heading", 12, bold=True, spaceBefore=12, spaceAfter=6, keepWithNext=1),
    "body": _style("body", 9, spaceAfter=3),
    "note": _style("note", 7.5, textColor=colors.HexColor("#555555"), spaceBefore=3),
    "cell": _style("cell", 6.5),
    "header_cell": _style("header_cell", 6, bold=True),
    "upright_header": _style("upright_header", 6, bold=True),
    "summary_cell": _style("summary_cell", 8.5),
    "summary_header": _style("summary_header", 8.5, bold=True),
}


def _paragraph(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _no_data(language: str) -> Paragraph:
    return _paragraph(label("no_data", language), "body")


def _section(title: str, *flowables) -> KeepTogether:
    """A heading kept on the same page as what it introduces."""
    return KeepTogether([_paragraph(title, "heading"), *flowables])


def _table_style(font_size: float, padding: float) -> TableStyle:
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.25),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ])


# --- PDF: sections -------------------------------------------------------------------------------------


def _pdf_heading(report: dict, language: str) -> list:
    scope = report.get("scope") or {}
    scope_text = _pick(scope.get("name"), language)
    if scope.get("type") not in (None, "national") and scope.get("code"):
        scope_text += f" ({scope['code']})"
    period = f"{label('period', language)}: {_period_label(report, 'period', language)}"
    previous = f"{label('previous_period', language)}: {_period_label(report, 'previous_period', language)}"
    return [
        _paragraph(_pick(report.get("title"), language), "title"),
        _paragraph(f"{label('scope', language)}: {scope_text}", "subtitle"),
        _paragraph(_joined(period, previous), "subtitle"),
    ]


def _pdf_summary(report: dict, language: str) -> KeepTogether:
    period = _period_label(report, "period", language)
    previous = _period_label(report, "previous_period", language)
    header = [_paragraph(text, "summary_header")
              for text in (label("figure", language), period, previous, label("change", language))]
    rows = [[_paragraph(label(figure.key, language), "summary_cell"),
             format_number(figure.read(report.get("summary")), figure.kind, language),
             format_number(figure.read(report.get("previous")), figure.kind, language),
             format_change(_change(report, figure), figure.kind, language)] for figure in KEY_FIGURES]
    table = Table([header] + rows, colWidths=[CONTENT_WIDTH - 3 * 85, 85, 85, 85], repeatRows=1)
    table.setStyle(_table_style(8.5, 3))
    return _section(label("summary", language), table, _paragraph(label("change_note", language), "note"))


def _fit(text: str, width: float, font_size: float) -> str:
    """Shorten a chart label with "…" until it fits the width."""
    if pdfmetrics.stringWidth(text, FONT, font_size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, font_size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _value_axis_top(values: list) -> float:
    return max([value for value in values if value is not None] + [0]) or 1


def _count_step(top: float) -> int:
    """Whole-number ticks, about five of them: counts have no fractions to label."""
    return max(1, -(-int(top) // 5))


def _weekly_chart_drawing(report: dict, language: str) -> Drawing:
    weeks = report.get("weekly") or []
    drawing = Drawing(CONTENT_WIDTH, 210)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, CONTENT_WIDTH - 60, 135
    chart.data = [[week.get("received") or 0 for week in weeks], [week.get("closed") or 0 for week in weeks]]
    every = max(1, -(-len(weeks) // 12))  # label about a dozen weeks at most, so the labels do not overlap
    chart.categoryAxis.categoryNames = [_week_label(week) if index % every == 0 else ""
                                        for index, week in enumerate(weeks)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    top = _value_axis_top(chart.data[0] + chart.data[1]) * 1.1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, _count_step(top)
    chart.valueAxis.labelTextFormat = lambda value: format_number(round(value), COUNT, language)
    chart.bars[0].fillColor, chart.bars[1].fillColor = RECEIVED_COLOUR, CLOSED_COLOUR
    chart.bars.strokeColor = None
    drawing.add(chart)
    drawing.add(_legend([(RECEIVED_COLOUR, label("received", language)),
                         (CLOSED_COLOUR, label("closed", language))], 40, 200))
    return drawing


def _week_label(week: dict) -> str:
    try:
        start, end = date.fromisoformat(week["from"]), date.fromisoformat(week["to"])
    except (KeyError, TypeError, ValueError):
        return str(week.get("from", ""))
    return f"{start:%d/%m}–{end:%d/%m}"


def _legend(pairs: list, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = FONT, 8
    legend.colorNamePairs = pairs
    legend.dx = legend.dy = 8
    legend.deltax = 90
    return legend


def _horizontal_bars(names: list[str], values: list, colour, value_format, value_max: float,
                     value_step: float) -> Drawing:
    """Bars top-down in the given order, names on the left, values at the bar ends."""
    label_width, font_size, bar_height = 170, 7, 16
    drawing = Drawing(CONTENT_WIDTH, bar_height * len(names) + 30)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 5, 20
    chart.width, chart.height = CONTENT_WIDTH - label_width - 45, bar_height * len(names)
    # HorizontalBarChart puts the first category at the bottom.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_fit(name, label_width - 6, font_size) for name in reversed(names)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = font_size
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, value_max, value_step
    chart.valueAxis.labelTextFormat = value_format
    chart.bars[0].fillColor, chart.bars.strokeColor = colour, None
    chart.barLabelFormat = value_format
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, font_size
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    return drawing


def _pdf_weekly(report: dict, language: str) -> KeepTogether:
    if not report.get("weekly"):
        return _section(label("weekly", language), _no_data(language))
    return _section(label("weekly", language), _weekly_chart_drawing(report, language))


def _pdf_topics(report: dict, language: str) -> KeepTogether:
    topics = report.get("topics") or []
    if not topics:
        return _section(label("top_topics", language), _no_data(language))
    names = [_pick(topic.get("name"), language) or topic.get("topic", "") for topic in topics]
    values = [topic.get("reports") or 0 for topic in topics]
    top = _value_axis_top(values) * 1.15
    drawing = _horizontal_bars(names, values, TOPIC_COLOUR,
                               lambda value: format_number(round(value), COUNT, language),
                               top, _count_step(top))
    return _section(label("top_topics", language), drawing)


CHART_AGENCIES = 15


def _pdf_compliance(report: dict, language: str) -> KeepTogether:
    agencies = report.get("agencies") or []
    # The list is ranked best first; agencies with nothing measured have no bar to draw.
    measured = [agency for agency in agencies if COMPLIANCE_INDEX.read(agency.get("figures")) is not None]
    shown = measured[:CHART_AGENCIES]
    if not shown:
        return _section(label("compliance_by_agency", language), _no_data(language))
    names = [agency.get("name", "") for agency in shown]
    indexes = [COMPLIANCE_INDEX.read(agency.get("figures")) for agency in shown]
    drawing = _horizontal_bars(names, indexes, INDEX_COLOUR,
                               lambda value: format_number(float(value), DECIMAL, language), 100, 20)
    flowables = [drawing]
    if len(agencies) > len(shown):
        flowables.append(_paragraph(label("agencies_not_shown", language).format(len(agencies) - len(shown)),
                                    "note"))
    return _section(label("compliance_by_agency", language), *flowables)


RANKING_ROWS = 50
FIGURE_COLUMN_WIDTH = 30
UPRIGHT_HEADER_HEIGHT = 80


class _UprightHeader(Flowable):
    """A column heading turned to read bottom to top: eleven figure columns must fit across A4 portrait,
    and their labels are too long to lie flat in a column as narrow as a number."""

    def __init__(self, text: str):
        super().__init__()
        self.paragraph = _paragraph(text, "upright_header")
        self.thickness = 0

    def wrap(self, available_width, available_height):
        _, self.thickness = self.paragraph.wrap(UPRIGHT_HEADER_HEIGHT, available_height)
        return self.thickness, UPRIGHT_HEADER_HEIGHT

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.rotate(90)
        self.paragraph.drawOn(self.canv, 0, -self.thickness)
        self.canv.restoreState()


def _figure_cells(figures: dict | None, language: str) -> list[str]:
    return [format_number(figure.read(figures), figure.kind, language) for figure in KEY_FIGURES]


def _figures_table(leading: list[tuple[str, float | None]], rows: list[list], language: str) -> Table:
    """Leading columns (header, width; the one without a width takes the spare room), then the key figures."""
    figure_widths = [FIGURE_COLUMN_WIDTH] * len(KEY_FIGURES)
    spare = CONTENT_WIDTH - sum(width or 0 for _, width in leading) - sum(figure_widths)
    widths = [width or spare for _, width in leading] + figure_widths
    headers = [_paragraph(text, "header_cell") if width is None else _UprightHeader(text)
               for text, width in leading]
    headers += [_UprightHeader(label(figure.key, language)) for figure in KEY_FIGURES]
    table = Table([headers] + rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style(6.5, 2))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "BOTTOM")]))
    return table


def _pdf_ranking(report: dict, language: str) -> list:
    agencies = report.get("agencies") or []
    heading = _paragraph(label("ranking", language), "heading")
    if not agencies:
        return [KeepTogether([heading, _no_data(language)])]
    rows = [[str(agency.get("rank", "")), _paragraph(agency.get("name", ""), "cell"),
             agency.get("region_code", ""), *_figure_cells(agency.get("figures"), language)]
            for agency in agencies[:RANKING_ROWS]]
    leading = [(label("rank", language), 18), (label("agency", language), None),
               (label("region_code", language), 30)]
    table = _figures_table(leading, rows, language)
    table.setStyle(TableStyle([("ALIGN", (0, 1), (0, -1), "RIGHT")]))
    flowables = [heading, table]
    if len(agencies) > RANKING_ROWS:
        more = label("more_agencies", language).format(len(agencies) - RANKING_ROWS)
        flowables.append(_paragraph(more, "note"))
    return flowables


def _pdf_regions(report: dict, language: str) -> list:
    regions = report.get("regions") or []
    if not regions:
        return []
    rows = [[_paragraph(region.get("name", ""), "cell"), region.get("region_code", "")]
            + _figure_cells(region.get("figures"), language) for region in regions]
    leading = [(label("region", language), None), (label("region_code", language), 30)]
    return [_paragraph(label("regions", language), "heading"), _figures_table(leading, rows, language)]


def _pdf_definitions(language: str) -> KeepTogether:
    paragraphs = [Paragraph(f"<b>{escape(label(key, language))}</b>: "
                            f"{escape(label('definition.' + key, language))}", STYLES["body"])
                  for key in DEFINED_FIGURES]
    return _section(label("definitions", language), *paragraphs)


def _footer(report: dict, language: str):
    text = _joined(_pick(report.get("title"), language), _period_label(report, "period", language))

    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, label("page", language).format(document.page))
        canvas.restoreState()

    return draw


def pdf_bytes(report: dict, language: str = "id") -> bytes:
    """The officials' version: summary, charts, ranking, regions and the definitions of every figure."""
    _register_fonts()
    title = _pick(report.get("title"), language)
    subject = _joined(_pick((report.get("scope") or {}).get("name"), language),
                      _period_label(report, "period", language))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title=title, author=AUTHOR,
                                 subject=subject, creator=AUTHOR, lang=language,
                                 leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=MARGIN, bottomMargin=MARGIN + 5 * mm)
    story = [*_pdf_heading(report, language), _pdf_summary(report, language),
             _pdf_weekly(report, language), _pdf_topics(report, language), _pdf_compliance(report, language),
             *_pdf_ranking(report, language), *_pdf_regions(report, language), _pdf_definitions(language)]
    footer = _footer(report, language)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
