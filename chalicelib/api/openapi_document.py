"""The OpenAPI document of ``GET /openapi.json``: the contract, generated from the schemas that
validate requests. Imported by the route's first request (chalicelib/api/openapi.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.domain.attachments import ATTACHMENT_ID_PATTERN
from chalicelib.domain.formats import (
    AGENCY_ID_PATTERN,
    AGENCY_REGION_PATTERN,
    IDEMPOTENCY_KEY_PATTERN,
    REGION_CODE_PATTERN,
    TRACKING_ID_PATTERN,
)
from chalicelib.domain.lifecycle import ACTION_LABELS, STAFF_ACTIONS
from chalicelib.domain.permissions import Role
from chalicelib.domain.queues import Queue
from chalicelib.domain.reports import Status
from chalicelib.domain.templates import TEMPLATE_ID_PATTERN, Purpose
from chalicelib.schemas import (
    ACTION_BODIES,
    AgencyChange,
    AgencyDirectory,
    AgencyList,
    AgencyMerge,
    AgencyRecord,
    AttachmentUpload,
    CaseView,
    ComplianceReportDetail,
    ComplianceReportList,
    ComplianceReportRequest,
    ErrorResponse,
    Escalation,
    Feedback,
    FilledTemplates,
    FormChallenge,
    HolidayCalendar,
    HideAttachment,
    HolidayEntry,
    Login,
    NewAgency,
    NewAttachment,
    NewHoliday,
    NewStaffUser,
    NewTemplate,
    PublicReportList,
    QueueCounts,
    QueuePage,
    Receipt,
    RecordedReport,
    RegionList,
    Reply,
    ReportSubmission,
    ReportView,
    RoutingChange,
    RoutingMisses,
    RoutingTable,
    SignedInStaff,
    StaffAttachment,
    StaffAttachmentUpload,
    StaffDirectoryPage,
    StaffMember,
    StaffUser,
    Statistics,
    SuggestionRequest,
    Suggestions,
    TemplateChange,
    TemplateList,
    TemplateView,
    Tokens,
    TopicList,
    UndeliveredNotification,
    UndeliveredPage,
    UnhideAttachment,
)

API_VERSION = "1.0.0"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    responses: dict[int, type[BaseModel] | None]
    request: type[BaseModel] | None = None
    parameters: list[dict] = field(default_factory=list)
    security: list[dict] | None = None
    tags: tuple[str, ...] = ()


_TRACKING_ID = {"name": "tracking_id", "in": "path", "required": True,
                "description": "Nomor pelacakan / tracking id, e.g. K7M2Q-X9T4Q",
                "schema": {"type": "string", "pattern": TRACKING_ID_PATTERN}}
_IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                    "description": "Retry-safe submission: the same key and body return the same report.",
                    "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN}}
_REGION_CODE = {"name": "region_code", "in": "query", "required": True,
                "description": "Kemendagri region code (e.g. 21.72), or ID for national agencies.",
                "schema": {"type": "string", "pattern": AGENCY_REGION_PATTERN}}

_ATTACHMENT_ID = {"name": "attachment_id", "in": "path", "required": True,
                  "schema": {"type": "string", "pattern": ATTACHMENT_ID_PATTERN}}
_AGENCY_ID = {"name": "agency_id", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": AGENCY_ID_PATTERN}}
_PARENT_CODE = {"name": "parent_code", "in": "query", "required": False,
                "description": "Only the regions directly inside this one: a province's regencies and cities "
                               "(e.g. 33), or a regency's kecamatan (e.g. 33.75).",
                "schema": {"type": "string", "pattern": REGION_CODE_PATTERN}}

_WEB_FORM_HEADERS = [
    {"name": "X-Aduan-Client", "in": "header", "required": False,
     "description": "web: sent by the app's own form, which must then prove it (the two headers below); "
                    "anything else is the api channel.", "schema": {"type": "string", "enum": ["web"]}},
    {"name": "X-Aduan-Challenge", "in": "header", "required": False,
     "description": "With X-Aduan-Client: web, a challenge from GET /forms/challenge, usable once.",
     "schema": {"type": "string"}},
    {"name": "X-Aduan-Nonce", "in": "header", "required": False,
     "description": "With X-Aduan-Client: web, the nonce that solves the challenge.",
     "schema": {"type": "string", "pattern": "^[0-9A-Za-z]{1,32}$"}},
]

_STAFF = [{"staffIdToken": []}]
_REPORTER = [{"reportAccessToken": []}]


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_QUEUE_PARAMETERS = [
    _query("queue", "verification | inbox | answered | done | overdue | routed (what the system sent to "
                    "agencies of the caller's region as its coordinator, still unverified)",
           {"type": "string", "enum": [q.value for q in Queue]}),
    _query("status", "Only this status (within its queue).", {"type": "string", "enum": [s.value for s in Status]}),
    _query("agency_id", "Only this agency (agency roles: their own).", {"type": "string", "pattern": AGENCY_ID_PATTERN}),
    _query("cursor", "From the previous page's cursor.", {"type": "string"}),
    _query("limit", "Page size, 1–100 (default 25).", {"type": "integer", "minimum": 1, "maximum": 100}),
]
_STATS_PARAMETERS = [
    _query("scope", "national, region:<code> or agency:<id> (default: national, or the caller's agency).",
           {"type": "string"}),
    _query("period", "A calendar month, YYYY-MM (default: this month).", {"type": "string", "pattern": r"^\d{4}-\d{2}$"}),
    _query("from", "First day of a span (with to), instead of period.", {"type": "string", "format": "date"}),
    _query("to", "Last day of a span (with from).", {"type": "string", "format": "date"}),
]
_STAFF_DIRECTORY_PARAMETERS = [
    _query("agency_id", "Only this agency's staff (agency admins: their own, the default).",
           {"type": "string", "pattern": AGENCY_ID_PATTERN}),
    _query("role", "Only this role.", {"type": "string", "enum": [r.value for r in Role]}),
    *_QUEUE_PARAMETERS[-2:],
]
_PUBLIC_LIST_PARAMETERS = [
    _query("region_code", "A province (21) or a regency/city (21.72).",
           {"type": "string", "pattern": r"^\d{2}(\.\d{2})?$"}),
    _query("topic", "A top-level topic id; takes in its subtopics.", {"type": "string"}),
    _query("cursor", "From the previous page's cursor.", {"type": "string"}),
    _query("limit", "Page size, 1–50 (default 20).", {"type": "integer", "minimum": 1, "maximum": 50}),
]
_TEMPLATE_ID = {"name": "template_id", "in": "path", "required": True,
                "description": "<owner>.<id>: ID for a national default, else the agency's id",
                "schema": {"type": "string", "pattern": TEMPLATE_ID_PATTERN}, "example": "ID.jawaban-akhir"}
_TEMPLATE_PURPOSE = _query("purpose", "Only templates for this form.",
                           {"type": "string", "enum": [purpose.value for purpose in Purpose]})
_ACTION_ERRORS = {400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
                  409: ErrorResponse, 422: ErrorResponse}
_REPORTER_ERRORS = {400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse,
                    422: ErrorResponse, 429: ErrorResponse}

OPERATIONS: tuple[Operation, ...] = (
    Operation("post", "/reports", "submitReport", "Kirim laporan / Submit a report",
              {201: Receipt, 400: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse,
               415: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
              request=ReportSubmission, parameters=[_IDEMPOTENCY_KEY, *_WEB_FORM_HEADERS], tags=("citizen",)),
    Operation("get", "/forms/challenge", "getFormChallenge",
              "Tantangan formulir web / A proof-of-work challenge for the web form", {200: FormChallenge},
              tags=("citizen",)),
    Operation("get", "/reports/{tracking_id}", "getReport",
              "Lacak laporan / Track a report (reporter view with the access token)",
              {200: ReportView, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse},
              parameters=[_TRACKING_ID], security=[{}, {"reportAccessToken": []}], tags=("citizen",)),
    Operation("get", "/regions", "listRegions", "Daftar wilayah / Regions", {200: RegionList, 422: ErrorResponse},
              parameters=[_PARENT_CODE], tags=("reference",)),
    Operation("get", "/agencies", "listAgencies", "Instansi di wilayah / Agencies of a region",
              {200: AgencyList, 422: ErrorResponse}, parameters=[_REGION_CODE], tags=("reference",)),
    Operation("get", "/topics", "listTopics", "Topik laporan / Topics", {200: TopicList},
              tags=("reference",)),
    Operation("post", "/reports/{tracking_id}/replies", "replyToAnswer",
              "Tanggapi jawaban instansi / Reply to the agency's answer", {200: ReportView, **_REPORTER_ERRORS},
              request=Reply, parameters=[_TRACKING_ID], security=_REPORTER, tags=("citizen",)),
    Operation("post", "/reports/{tracking_id}/feedback", "giveFeedback",
              "Beri penilaian / Feedback: resolved (closes) or not (back to the agency)",
              {200: ReportView, **_REPORTER_ERRORS}, request=Feedback, parameters=[_TRACKING_ID],
              security=_REPORTER, tags=("citizen",)),
    Operation("get", "/reports", "listPublicReports",
              "Laporan publik / Verified, non-confidential reports, newest verification first",
              {200: PublicReportList, 400: ErrorResponse, 422: ErrorResponse},
              parameters=_PUBLIC_LIST_PARAMETERS, tags=("citizen",)),
    Operation("post", "/reports/{tracking_id}/attachments", "addAttachment",
              "Tambah lampiran / Add an attachment: answers with a presigned S3 POST to upload the file to",
              {201: AttachmentUpload, **_REPORTER_ERRORS}, request=NewAttachment, parameters=[_TRACKING_ID],
              security=_REPORTER, tags=("citizen",)),
    Operation("post", "/reports/{tracking_id}/escalation", "escalateToOmbudsman",
              "Laporkan ke Ombudsman / Escalate (when the agency is overdue or it is unresolved)",
              {200: ReportView, **_REPORTER_ERRORS}, request=Escalation, parameters=[_TRACKING_ID],
              security=_REPORTER, tags=("citizen",)),
    Operation("post", "/auth/login", "login", "Masuk / Staff sign-in (Cognito USER_PASSWORD_AUTH)",
              {200: Tokens, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
              request=Login, tags=("staff",)),
    Operation("get", "/admin/me", "whoAmI",
              "Akun yang masuk / The signed-in staff member and what the console offers them",
              {200: SignedInStaff, 401: ErrorResponse}, security=_STAFF, tags=("staff",)),
    Operation("get", "/admin/queues", "countQueues",
              "Jumlah per antrean / How many reports wait in each queue (counting stops at 999)",
              {200: QueueCounts, 401: ErrorResponse}, security=_STAFF, tags=("staff",)),
    Operation("post", "/admin/users", "createStaffUser",
              "Buat akun petugas / Create a staff account", {201: StaffUser, **_ACTION_ERRORS},
              request=NewStaffUser, security=_STAFF, tags=("staff",)),
    *(Operation("post", f"/admin/users/{{username}}/{change}", f"{change}StaffUser", summary,
                {200: StaffMember, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse},
                parameters=[{"name": "username", "in": "path", "required": True, "schema": {"type": "string"}}],
                security=_STAFF, tags=("administration",))
      for change, summary in (("disable", "Nonaktifkan akun / Disable a staff account: refused at once"),
                              ("enable", "Aktifkan akun / Enable a disabled staff account"))),
    Operation("get", "/admin/reports", "listQueue", "Antrean kerja / A work queue, one page",
              {200: QueuePage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=_QUEUE_PARAMETERS, security=_STAFF, tags=("staff",)),
    Operation("post", "/admin/reports", "recordReport",
              "Catat laporan / Record a walk-in, letter, call or complaint-box report",
              {201: Receipt, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              request=RecordedReport, security=_STAFF, tags=("staff",)),
    Operation("get", "/admin/reports/{tracking_id}", "getCase",
              "Detail laporan / The case with version, deadlines, timeline and allowed actions",
              {200: CaseView, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse},
              parameters=[_TRACKING_ID], security=_STAFF, tags=("staff",)),
    *(Operation("post", f"/admin/reports/{{tracking_id}}/{action.value}", f"{action.value}Report",
                f"{ACTION_LABELS[action].id} / {ACTION_LABELS[action].en}", {200: CaseView, **_ACTION_ERRORS},
                request=ACTION_BODIES[action], parameters=[_TRACKING_ID], security=_STAFF, tags=("staff",))
      for action in STAFF_ACTIONS),
    Operation("post", "/admin/reports/{tracking_id}/attachments", "addStaffAttachment",
              "Lampiran petugas / A file for a progress update or answer: answers with a presigned S3 POST; "
              "send its attachment_id with update or respond to show it",
              {201: StaffAttachmentUpload, **_ACTION_ERRORS}, request=StaffAttachment, parameters=[_TRACKING_ID],
              security=_STAFF, tags=("staff",)),
    *(Operation("post", f"/admin/reports/{{tracking_id}}/attachments/{{attachment_id}}/{change}",
                f"{change}Attachment", summary, {200: CaseView, **_ACTION_ERRORS}, request=body,
                parameters=[_TRACKING_ID, _ATTACHMENT_ID], security=_STAFF, tags=("staff",))
      for change, body, summary in (
          ("hide", HideAttachment, "Sembunyikan lampiran dari publik / Hide an attachment from the public view "
                                   "(the reporter and staff still see it; the reason goes in the timeline)"),
          ("unhide", UnhideAttachment, "Tampilkan lagi untuk publik / Show a hidden attachment to the public again"))),
    Operation("get", "/admin/notifications", "listUndeliveredNotifications",
              "Notifikasi gagal terkirim / Notifications that could not be delivered (admins)",
              {200: UndeliveredPage, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=_QUEUE_PARAMETERS[-2:], security=_STAFF, tags=("staff",)),
    Operation("post", "/admin/notifications/{notification_id}/retry", "retryNotification",
              "Kirim ulang notifikasi / Send an undelivered notification again",
              {200: UndeliveredNotification, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
               409: ErrorResponse},
              parameters=[{"name": "notification_id", "in": "path", "required": True, "schema": {"type": "string"}}],
              security=_STAFF, tags=("staff",)),
    Operation("get", "/admin/stats", "getStatistics",
              "Statistik / Figures of a scope and period (agency staff: their own agency)",
              {200: Statistics, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse},
              parameters=_STATS_PARAMETERS, security=_STAFF, tags=("statistics",)),
    Operation("post", "/admin/compliance-reports", "createComplianceReport",
              "Buat laporan kepatuhan / Build a compliance report of a month or a span of days",
              {201: ComplianceReportDetail, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse,
               404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse},
              request=ComplianceReportRequest, security=_STAFF, tags=("statistics",)),
    Operation("get", "/admin/compliance-reports", "listComplianceReports",
              "Daftar laporan kepatuhan / Compliance reports, newest period first",
              {200: ComplianceReportList, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=_QUEUE_PARAMETERS[-2:], security=_STAFF, tags=("statistics",)),
    Operation("get", "/admin/compliance-reports/{report_id}", "getComplianceReport",
              "Laporan kepatuhan / A compliance report: figures and download links",
              {200: ComplianceReportDetail, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse},
              parameters=[{"name": "report_id", "in": "path", "required": True, "schema": {"type": "string"},
                           "example": "national.2026-10"}],
              security=_STAFF, tags=("statistics",)),
    Operation("get", "/admin/users", "listStaffUsers",
              "Daftar akun petugas / Staff accounts (national admin: all; agency admin: own agency)",
              {200: StaffDirectoryPage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse,
               422: ErrorResponse},
              parameters=_STAFF_DIRECTORY_PARAMETERS, security=_STAFF, tags=("administration",)),
    Operation("post", "/suggestions", "suggestTopics",
              "Saran topik / Topic suggestions for a text, and who would handle the best one in a region",
              {200: Suggestions, 422: ErrorResponse, 429: ErrorResponse}, request=SuggestionRequest,
              tags=("citizen",)),
    Operation("get", "/admin/routing", "getRoutingTable",
              "Tabel penerusan / Who handles each topic in a region, by which rule",
              {200: RoutingTable, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=[_REGION_CODE], security=_STAFF, tags=("administration",)),
    Operation("put", "/admin/routing", "changeRoutingTable",
              "Ubah tabel penerusan / Set or remove overrides for a region, all or none, audited",
              {200: RoutingTable, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse},
              request=RoutingChange, parameters=[_REGION_CODE], security=_STAFF, tags=("administration",)),
    Operation("get", "/admin/routing/misses", "listRoutingMisses",
              "Salah terusan / The region and topic pairs people re-routed or sent back most in a month",
              {200: RoutingMisses, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=[{"name": "month", "in": "query", "required": False, "schema": {"type": "string"},
                           "description": "YYYY-MM (WIB); this month without it."},
                          {**_REGION_CODE, "required": False, "description": "Only this region and those inside it."}],
              security=_STAFF, tags=("administration",)),
    Operation("get", "/admin/agencies", "listAgenciesForStaff",
              "Daftar instansi / Agencies: of a region with their units, or every active agency by pages",
              {200: AgencyDirectory, 400: ErrorResponse, 401: ErrorResponse, 422: ErrorResponse},
              parameters=[{**_REGION_CODE, "required": False,
                           "description": "Kemendagri region code, or ID; without it every active agency "
                                          "(no units), a page at a time by id."},
                          _query("limit", "Without region_code: 1–500, 100 by default.", {"type": "integer"}),
                          _query("cursor", "Without region_code: from the previous page's cursor.",
                                 {"type": "string"})],
              security=_STAFF, tags=("administration",)),
    Operation("patch", "/admin/agencies/{agency_id}", "changeAgency",
              "Ubah instansi / Rename an agency, set its affairs or remove it (national admin, audited)",
              {200: AgencyRecord, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse,
               422: ErrorResponse}, request=AgencyChange, parameters=[_AGENCY_ID], security=_STAFF,
              tags=("administration",)),
    Operation("post", "/admin/agencies/{agency_id}/merge", "mergeAgency",
              "Gabungkan instansi / Merge an agency into another: its affairs move, it is removed (audited)",
              {200: AgencyRecord, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse,
               422: ErrorResponse}, request=AgencyMerge, parameters=[_AGENCY_ID], security=_STAFF,
              tags=("administration",)),
    Operation("post", "/admin/agencies", "createAgency",
              "Tambah instansi / Add an agency with its units (national admin)",
              {201: AgencyRecord, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse,
               409: ErrorResponse, 422: ErrorResponse},
              request=NewAgency, security=_STAFF, tags=("administration",)),
    Operation("get", "/admin/agencies/{agency_id}", "getAgency", "Instansi / An agency with its units",
              {200: AgencyRecord, 401: ErrorResponse, 404: ErrorResponse},
              parameters=[_AGENCY_ID], security=_STAFF, tags=("administration",)),
    Operation("get", "/admin/holidays", "listHolidays",
              "Hari libur / Non-working days of a year besides weekends: national and added",
              {200: HolidayCalendar, 401: ErrorResponse, 422: ErrorResponse},
              parameters=[_query("year", "2020–2100 (default: this year in WIB).",
                                 {"type": "integer", "minimum": 2020, "maximum": 2100})],
              security=_STAFF, tags=("administration",)),
    Operation("post", "/admin/holidays", "addHoliday",
              "Tambah hari libur / Add a non-working day (national admin); deadlines already set are "
              "not recomputed",
              {201: HolidayEntry, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse,
               409: ErrorResponse, 422: ErrorResponse},
              request=NewHoliday, security=_STAFF, tags=("administration",)),
    Operation("delete", "/admin/holidays/{date}", "removeHoliday",
              "Hapus hari libur tambahan / Remove an added holiday (national admin); deadlines already "
              "set are not recomputed",
              {200: HolidayEntry, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
               422: ErrorResponse},
              parameters=[{"name": "date", "in": "path", "required": True,
                           "schema": {"type": "string", "format": "date"}, "example": "2026-11-25"}],
              security=_STAFF, tags=("administration",)),
    Operation("get", "/admin/templates", "listTemplates",
              "Templat jawaban / Answer templates: the national defaults and one agency's (agency staff: their own), "
              "with the placeholder vocabulary",
              {200: TemplateList, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse},
              parameters=[_query("agency_id", "National admins and oversight: also this agency's templates.",
                                 {"type": "string", "pattern": AGENCY_ID_PATTERN}), _TEMPLATE_PURPOSE],
              security=_STAFF, tags=("staff",)),
    Operation("post", "/admin/templates", "createTemplate",
              "Buat templat jawaban / Create an answer template (national admin: a national default or any "
              "agency's; agency admin: its agency's)",
              {201: TemplateView, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse,
               422: ErrorResponse},
              request=NewTemplate, security=_STAFF, tags=("staff",)),
    Operation("put", "/admin/templates/{template_id}", "changeTemplate",
              "Ubah templat jawaban / Change an answer template, guarded by its version (audited)",
              {200: TemplateView, **_ACTION_ERRORS}, request=TemplateChange, parameters=[_TEMPLATE_ID],
              security=_STAFF, tags=("staff",)),
    Operation("delete", "/admin/templates/{template_id}", "removeTemplate",
              "Hapus templat jawaban / Remove an answer template, guarded by its version (audited)",
              {200: TemplateView, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse,
               422: ErrorResponse},
              parameters=[_TEMPLATE_ID, {"name": "expected_version", "in": "query", "required": True,
                                         "description": "The version you read; 409 if it changed.",
                                         "schema": {"type": "integer", "minimum": 1}}],
              security=_STAFF, tags=("staff",)),
    Operation("get", "/admin/reports/{tracking_id}/templates", "fillTemplates",
              "Templat terisi / The templates the caller may use on a report, filled for it (an anonymous "
              "reporter is greeted without their name)",
              {200: FilledTemplates, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
               422: ErrorResponse},
              parameters=[_TRACKING_ID, _TEMPLATE_PURPOSE], security=_STAFF, tags=("staff",)),
    Operation("get", "/openapi.json", "getOpenApi", "This document", {200: None}, tags=("meta",)),
)


def _json(schema_ref: dict) -> dict:
    return {"application/json": {"schema": schema_ref}}


@lru_cache(maxsize=1)
def build_spec() -> dict:
    models = {op.request for op in OPERATIONS if op.request}
    response_models = {m for op in OPERATIONS for m in op.responses.values() if m}
    keyed = [(m, "validation") for m in models] + [(m, "serialization") for m in response_models]
    refs, definitions = models_json_schema(keyed, ref_template="#/components/schemas/{model}")
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        operation: dict = {"operationId": op.operation_id, "summary": op.summary, "tags": list(op.tags),
                           "parameters": op.parameters, "responses": {}}
        if op.request:
            operation["requestBody"] = {"required": True,
                                        "content": _json(refs[(op.request, "validation")])}
        if op.security is not None:
            operation["security"] = op.security
        for status, model in op.responses.items():
            description = "OK" if status < 400 else "Error in the contract's shape"
            operation["responses"][str(status)] = (
                {"description": description, "content": _json(refs[(model, "serialization")])}
                if model else {"description": description, "content": {"application/json": {"schema": {}}}})
        paths.setdefault(op.path, {})[op.method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Aduan API", "version": API_VERSION,
                 "description": "Pengelolaan pengaduan pelayanan publik / public-service complaints."},
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "reportAccessToken": {
                    "type": "http", "scheme": "bearer",
                    "description": "The access code from the receipt of POST /reports (e.g. K7M2-Q9T4-XHWB-3DPA; "
                                   "any letter case, dashes and spaces optional), or the long token of a "
                                   "report filed before codes. Every request presenting one counts against "
                                   "the caller's token_checks limit (429 with Retry-After past it)."},
                "staffIdToken": {
                    "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                    "description": "The id_token from POST /auth/login (Cognito)."}},
        },
    }
