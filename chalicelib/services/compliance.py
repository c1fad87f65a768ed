"""Compliance reports for oversight bodies: built from counters, stored in S3 with their
SHA-256, listed and read by staff, and e-mailed monthly to each body for its scope.

A report's id and file keys are fixed by scope and period (``national.2026-10``), so
building a closed period again writes the same figures to the same keys; each build is
recorded as a generation with the hash of its figures, so a change would show.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from chalicelib.config import get_settings
from chalicelib.domain import messages, permissions
from chalicelib.domain.compliance import Period, Scope, report_id
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reports import EventType
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import figures, periods
from chalicelib.services.changes import Channel, Recipient, outbox_row
from chalicelib.services.queues import page_size, refusing_foreign_cursors
from chalicelib.store import compliance as records
from chalicelib.store import outbox, reports
from chalicelib.store.models import ComplianceReportModel, GenerationAttribute, ReportFileAttribute

LANGUAGES = ("id", "en")
# format -> (renderer in report_files, content type)
FORMATS = {
    "csv": ("csv_bytes", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx_bytes", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf_bytes", "application/pdf"),
}
_FILE_STEM = {"id": "laporan-kepatuhan", "en": "compliance-report"}
_NOT_FOUND = Text("Laporan kepatuhan tidak ditemukan.", "Compliance report not found.")
_BUSY = Text("Laporan yang sama sedang dibuat; coba lagi sebentar lagi.",
             "The same report is being built right now; try again shortly.")


def canonical_json(document: dict) -> bytes:
    """The figures as stored and hashed: the same figures always give the same bytes."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _folder(scope: Scope, period: Period) -> str:
    return f"compliance-reports/{scope.key}/{period.key}"


def headline(summary: dict) -> dict:
    """The figures shown in lists and e-mails."""
    return {
        "received": summary["received"],
        "verified_within_deadline": summary["verified_within_deadline"]["percent"],
        "first_response_within_deadline": summary["first_response_within_deadline"]["percent"],
        "completed_within_deadline": summary["completed_within_deadline"]["percent"],
        "completion_rate": summary["completion_rate"]["percent"],
        "closed": summary["closed"],
        "open_overdue_at_end": summary["open_overdue_at_end"],
        "escalated": summary["escalated"],
        "compliance_index": summary["compliance_index"],
    }


def generate(scope: Scope, period: Period, generated_by: str) -> tuple[ComplianceReportModel, dict]:
    """Build the report from counters, store its files and record this generation; returns the
    record and the figures."""
    # Imported here: the PDF and spreadsheet libraries would slow every function's cold start.
    from chalicelib.services import report_files

    record_id = report_id(scope, period)
    document = figures.build(scope, period)
    document["id"] = record_id
    folder = _folder(scope, period)
    figures_json = canonical_json(document)
    figures_sha = _sha256(figures_json)
    stored = [_store(f"{folder}/figures.json", figures_json, "application/json", "json", "id")]
    for language in LANGUAGES:
        for extension, (renderer, content_type) in FORMATS.items():
            body = getattr(report_files, renderer)(document, language)
            stored.append(_store(f"{folder}/{_FILE_STEM[language]}.{extension}", body, content_type, extension,
                                 language))
    now = datetime.now(timezone.utc)
    record = records.get(record_id) or ComplianceReportModel(
        record_id, scope=scope.text, period_from=period.first.isoformat(), period_to=period.last.isoformat(),
        listed_at=f"{period.last.isoformat()}#{record_id}")
    record.scope_name = document["scope"]["name"]["id"]
    record.summary = headline(document["summary"])
    record.files = stored
    record.generated_at = now
    record.generations = list(record.generations or []) + [
        GenerationAttribute(generated_at=now, generated_by=generated_by, figures_sha256=figures_sha)]
    try:
        records.save(record)
    except records.ReportChanged:
        raise Conflict(_BUSY, code="report_being_generated") from None
    return record, document


def _store(key: str, body: bytes, content_type: str, file_format: str, language: str) -> ReportFileAttribute:
    digest = _sha256(body)
    records.put_file(key, body, content_type, digest)
    return ReportFileAttribute(format=file_format, language=language, key=key, sha256=digest, size=len(body))


# --- staff API ---------------------------------------------------------------------------------


def request_report(principal: Principal, body) -> dict:
    """``POST /admin/compliance-reports``: build a report of a month or a span of days, now."""
    scope = periods.scope_for(principal, body.scope)
    period = periods.period_for(body.period, body.from_, body.to, default_to_this_month=False)
    record, document = generate(scope, period, principal.username)
    return dict(detail(record), figures=document)


def _readable(principal: Principal, record: ComplianceReportModel) -> bool:
    scope = Scope.parse(record.scope)
    return scope is not None and permissions.may_read_statistics(principal, scope.type, scope.code)


def get_report(principal: Principal, raw_id: str) -> dict:
    record = records.get(raw_id) if len(raw_id) <= 200 else None
    if record is None:
        raise NotFound(_NOT_FOUND)
    if not _readable(principal, record):
        raise Forbidden(Text("Laporan ini di luar kewenangan akun Anda.", "This report is outside your account's scope."))
    view = detail(record)
    figures_file = next(item for item in record.files if item.format == "json")
    view["figures"] = json.loads(records.read_file(figures_file.key))
    return view


def list_reports(principal: Principal, params: dict[str, str]) -> dict:
    """Newest period first: every report for national and oversight staff, an agency's own for its staff."""
    limit = page_size(params.get("limit"))
    if principal.sees_everything:
        index, partition = ComplianceReportModel.by_listing, "all"
    else:
        scope = periods.default_scope(principal)
        if not permissions.may_read_statistics(principal, scope.type, scope.code):
            raise Forbidden(Text("Akun Anda tidak memiliki laporan kepatuhan.", "Your account has no compliance reports."))
        index, partition = ComplianceReportModel.by_scope, scope.text
    with refusing_foreign_cursors():
        rows, cursor = reports.list_index(index, [partition], limit=limit, cursor=params.get("cursor"),
                                          newest_first=True)
    return {"items": [summary_view(record) for record in rows], "cursor": cursor}


def summary_view(record: ComplianceReportModel) -> dict:
    return {
        "id": record.report_id, "scope": record.scope, "scope_name": record.scope_name,
        "period": {"from": record.period_from, "to": record.period_to},
        "generated_at": record.generated_at.isoformat(timespec="seconds"),
        "summary": record.summary.as_dict() if record.summary else None,
    }


def download_links(record: ComplianceReportModel, expires_in: int) -> list[dict]:
    links = []
    for item in record.files:
        if item.format == "json":
            continue
        filename = f"{record.report_id}.{item.language}.{item.format}"
        links.append({"format": item.format, "language": item.language, "sha256": item.sha256,
                      "size": int(item.size), "url": records.download_url(item.key, filename, expires_in)})
    return links


def detail(record: ComplianceReportModel) -> dict:
    view = summary_view(record)
    view["generations"] = [{"generated_at": generation.generated_at.isoformat(timespec="seconds"),
                            "generated_by": generation.generated_by,
                            "figures_sha256": generation.figures_sha256} for generation in record.generations]
    view["files"] = download_links(record, get_settings().report_link_seconds)
    return view


# --- monthly delivery to oversight bodies ------------------------------------------------------

_BODIES_PATH = Path(__file__).parent.parent / "data" / "oversight_bodies.json"
# The month is over everywhere once it is over in WIB, Indonesia's westernmost zone; the
# hour after lets the SLA sweep mark deadlines that ended with the month.
_PERIOD_SETTLED = timedelta(hours=1)
SYSTEM_USER = "system"


@dataclass(frozen=True)
class OversightBody:
    body_id: str
    name: str
    scope: Scope


def oversight_bodies() -> list[OversightBody]:
    document = json.loads(_BODIES_PATH.read_text(encoding="utf-8"))
    return [OversightBody(body["id"], body["name"], Scope.parse(body["scope"])) for body in document["bodies"]]


def address_hash(address: str) -> str:
    return _sha256(address.strip().lower().encode())[:16]


def _settled_after(period: Period) -> datetime:
    day_after = datetime.combine(period.last + timedelta(days=1), datetime.min.time(), tzinfo=periods.REFERENCE_ZONE)
    return day_after + _PERIOD_SETTLED


@dataclass
class MonthlyRun:
    period: str
    reports_built: int = 0
    queued: int = 0
    already_queued: int = 0
    bodies_without_recipients: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def monthly_compliance_report(now: datetime | None = None) -> MonthlyRun:
    """Last month's report for each oversight body's scope, e-mailed once to each of its recipients.

    Safe to run again: a report already built after the month was over is reused, and each
    e-mail is an outbox row whose id names the report, body and address, written only once.
    """
    now = now or datetime.now(timezone.utc)
    this_month = now.astimezone(periods.REFERENCE_ZONE).date().replace(day=1)
    period = Period.month((this_month - timedelta(days=1)).isoformat()[:7])
    run = MonthlyRun(period.key)
    recipients = get_settings().oversight_recipients
    built: dict[Scope, ComplianceReportModel] = {}
    for body in oversight_bodies():
        addresses = sorted({address.strip() for address in recipients.get(body.body_id, []) if address.strip()})
        if not addresses:
            run.bodies_without_recipients.append(body.body_id)
            continue
        record = built.get(body.scope)
        if record is None:
            record = records.get(report_id(body.scope, period))
            if record is None or record.generated_at < _settled_after(period):
                record, _ = generate(body.scope, period, SYSTEM_USER)
                run.reports_built += 1
            built[body.scope] = record
        for address in addresses:
            row = outbox_row(f"compliance.{record.report_id}.{body.body_id}.{address_hash(address)}",
                             EventType.COMPLIANCE_REPORT.value, Recipient.OVERSIGHT_BODY, Channel.EMAIL, now,
                             tracking_id=None, agency_id=None,
                             details={"report_id": record.report_id, "body_id": body.body_id,
                                      "address_hash": address_hash(address)})
            if outbox.insert(row):
                run.queued += 1
            else:
                run.already_queued += 1
    logger.info("monthly compliance report", extra=run.as_dict())
    return run


def compose_notice(details: dict) -> tuple[str | None, messages.Message | None]:
    """The address and e-mail of one queued compliance report (the sender calls this)."""
    body = next((body for body in oversight_bodies() if body.body_id == details["body_id"]), None)
    addresses = get_settings().oversight_recipients.get(details["body_id"], []) if body else []
    address = next((address.strip() for address in addresses if address_hash(address) == details["address_hash"]),
                   None)
    record = records.get(details["report_id"])
    if body is None or address is None or record is None:
        return None, None
    settings = get_settings()
    period = Period(date.fromisoformat(record.period_from), date.fromisoformat(record.period_to))
    links = [(link["format"], link["language"], link["url"])
             for link in download_links(record, settings.report_email_link_seconds)]
    notice = messages.ComplianceNotice(
        body_name=body.name, scope_name=record.scope_name, period_label=period.label(),
        headline=record.summary.as_dict() if record.summary else {}, links=links,
        link_days=max(1, settings.report_email_link_seconds // 86400),
        console_url=f"{settings.public_base_url}/console#/compliance/{record.report_id}")
    return address, messages.compliance_email(notice)
