"""Request and response schemas: the same models validate requests and generate OpenAPI."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal, Optional
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.domain import phones
from chalicelib.domain import templates
from chalicelib.domain.attachments import (
    ALLOWED_CONTENT_TYPES,
    ATTACHMENT_ID_PATTERN,
    DOWNLOAD_EXPIRES_SECONDS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_EVENT,
    MAX_FILENAME_LENGTH,
)
from chalicelib.domain.formats import (
    AGENCY_ID_PATTERN,
    AGENCY_REGION_PATTERN,
    REGION_CODE_PATTERN,
    TOPIC_ID_PATTERN,
    TRACKING_ID_PATTERN,
    UNIT_ID_PATTERN,
    USERNAME_PATTERN,
)
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.permissions import Role
from chalicelib.domain.reports import EARLIEST_INCIDENT_DATE, ArchiveReason, Complexity, Kind, Privacy, Status
from chalicelib.domain.text import LINE_CONTROLS, TEXT_CONTROLS
from chalicelib.store.reference import AGENCY_TIME_ZONES

# The first calendar day to begin anywhere in Indonesia (WIT, UTC+9) bounds "not in the future".
_EASTERNMOST_TIME_ZONE = ZoneInfo("Asia/Jayapura")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def _refusing(controls: re.Pattern):
    """A validator refusing text in which ``controls`` finds anything."""

    def check(value: str) -> str:
        if controls.search(value):
            raise PydanticCustomError("control_characters", "must not contain control characters")
        return value
    return check


# Put after a str's own constraints: ``Annotated[str, StringConstraints(...), SingleLine]``
# (domain/text.py says which characters each refuses).
SingleLine = AfterValidator(_refusing(LINE_CONTROLS))
MultiLine = AfterValidator(_refusing(TEXT_CONTROLS))


def _email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.match(value):
        raise PydanticCustomError("invalid_email", "is not a valid e-mail address")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _phone(value: str) -> str:
    """Indonesian numbers in any common writing become E.164 (+62…), landlines too: staff may call
    them; only mobile numbers are sent SMS (domain/phones.py)."""
    e164 = phones.to_e164(value)
    if e164 is None:
        raise PydanticCustomError("invalid_phone", "is not a valid Indonesian phone number")
    return e164


def _plausible_instant(value: datetime) -> datetime:
    # Far-off years overflow when converted to UTC and are typing mistakes anyway.
    if not 2000 <= value.year <= 2100:
        raise PydanticCustomError("date_out_of_range", "must be between the years 2000 and 2100")
    return value


def _incident_day(value: date) -> date:
    if value < EARLIEST_INCIDENT_DATE:
        raise PydanticCustomError("date_before_republic", "must not be before {earliest}",
                                  {"earliest": EARLIEST_INCIDENT_DATE.isoformat()})
    if value > datetime.now(_EASTERNMOST_TIME_ZONE).date():
        raise PydanticCustomError("date_in_future", "must not be in the future")
    return value


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=150), SingleLine]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000),
                        MultiLine]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), SingleLine]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=25), AfterValidator(_phone)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500), SingleLine]
IncidentDate = Annotated[date, AfterValidator(_incident_day)]
Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=5000), MultiLine]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), MultiLine]
AgencyId = Annotated[str, Field(pattern=AGENCY_ID_PATTERN)]
UnitId = Annotated[str, Field(pattern=UNIT_ID_PATTERN)]
TopicId = Annotated[str, Field(pattern=TOPIC_ID_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, use_enum_values=True)


class Location(_Strict):
    """Where it happened: an address, optionally with coordinates (both or neither)."""

    address: Optional[Address] = None
    lat: Optional[float] = Field(default=None, ge=-90, le=90)
    lon: Optional[float] = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _coordinates_come_in_pairs(self) -> "Location":
        if (self.lat is None) != (self.lon is None):
            raise PydanticCustomError("coordinates_incomplete", "lat and lon must be given together")
        if self.address is None and self.lat is None:
            raise PydanticCustomError("location_empty", "give an address or coordinates")
        return self


class Reporter(_Strict):
    name: Optional[Name] = None
    email: Optional[Email] = None
    phone: Optional[Phone] = None


class ReportSubmission(_Strict):
    """Body of ``POST /reports``."""

    kind: Kind
    title: Title
    description: Description
    region_code: Annotated[str, Field(pattern=REGION_CODE_PATTERN, examples=["21.72"])]
    topic: Optional[Annotated[str, Field(pattern=TOPIC_ID_PATTERN)]] = None
    agency_id: Optional[Annotated[str, Field(pattern=AGENCY_ID_PATTERN)]] = None
    location: Optional[Location] = None
    incident_date: Optional[IncidentDate] = None
    privacy: Privacy = Privacy.PUBLIC
    reporter: Optional[Reporter] = None


class SuggestionRequest(_Strict):
    """Body of ``POST /suggestions``: what a citizen has typed so far."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=150), SingleLine] = ""
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), MultiLine] = ""
    region_code: Optional[Annotated[str, Field(pattern=REGION_CODE_PATTERN, examples=["33.75"])]] = None


class TopicSuggestion(BaseModel):
    topic_id: str = Field(description="A top-level topic id, or a subtopic id <topic>.<subtopic>.")
    name: str
    score: float = Field(description="0..1: how sure; at ROUTING_CONFIDENCE or more a report is routed at once.")
    matched: list[str] = Field(description="The words of the text that decided it, most telling first.")


class SuggestedAgency(BaseModel):
    agency_id: str
    name: str


class Suggestions(BaseModel):
    topics: list[TopicSuggestion]
    agency: Optional[SuggestedAgency] = Field(
        default=None, description="What the routing table gives for the region and the best topic.")


class RuleChangeRequest(_Strict):
    topic_id: Annotated[str, Field(pattern=TOPIC_ID_PATTERN)]
    agency_id: Optional[AgencyId] = Field(description="The agency that handles it here; null removes the override.")
    expected_version: Annotated[int, Field(ge=0)] = Field(
        description="The override's version as read (0: there is none), so two admins never overwrite each other.")


class RoutingChange(_Strict):
    """Body of ``PUT /admin/routing?region_code=``: overrides to set or remove, all or none."""

    changes: Annotated[list[RuleChangeRequest], Field(min_length=1, max_length=25)]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=500), MultiLine] = Field(
        description="Why: kept in the audit trail.")


class RoutedAgency(BaseModel):
    agency_id: str
    name: str
    template: bool


class RoutingOverride(BaseModel):
    agency_id: str
    version: int
    updated_by: str
    updated_at: datetime


class RoutingRow(BaseModel):
    topic_id: str
    name: str
    source: Literal["override", "default", "none"] = Field(
        description="override: a national admin's rule; default: data/routing_defaults.json; none: the coordinator.")
    rule_topic_id: Optional[str] = Field(default=None, description="The topic or subtopic the deciding rule is for.")
    rule_region: Optional[str] = Field(default=None, description="Where the deciding override is set (or ID).")
    affair: Optional[str] = Field(default=None, description="The government affair a default names.")
    agency: Optional[RoutedAgency] = None
    override: Optional[RoutingOverride] = Field(default=None, description="The override set for this very region.")


class RoutingTable(BaseModel):
    """``GET /admin/routing``: who handles each topic in a region, and why."""

    region_code: str
    rows: list[RoutingRow]
    affairs: dict[str, dict[str, str]]
    history: list[dict]


class RoutingMiss(BaseModel):
    region_code: str
    topic_id: str
    topic_name: str
    transfers: int
    reroutes: int
    routed_to: Optional[RoutedAgency] = None
    last_at: Optional[datetime] = None


class RoutingMisses(BaseModel):
    month: str
    region_code: Optional[str] = None
    items: list[RoutingMiss]


class RecordedReport(ReportSubmission):
    """Body of ``POST /admin/reports``: a report an officer received in person, by letter or phone.

    ``agency_id``: agency staff may name only their own agency (403 otherwise); with none named,
    their agency takes it where it has authority, else the region's coordinator. National admins
    may name any agency.
    """

    channel: Literal["walk_in", "letter", "phone", "complaint_box"]
    received_at: Annotated[AwareDatetime, AfterValidator(_plausible_instant)]
    late_reason: Optional[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
                                    MultiLine]] = Field(
        default=None, description="Why it is recorded only now: required when received_at is older than the SLA "
                                  "policy's recorded_report_late_reason_after_days; staff see it in the timeline "
                                  "and the report counts as recorded late.")


# --- staff --------------------------------------------------------------------------


class Login(_Strict):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128),
                        SingleLine]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class NewStaffUser(_Strict):
    """Body of ``POST /admin/users``."""

    username: Annotated[str, Field(pattern=USERNAME_PATTERN)]
    password: Annotated[str, StringConstraints(min_length=10, max_length=256)]
    role: Role
    agency_id: Optional[AgencyId] = None
    unit_id: Optional[UnitId] = None
    email: Optional[Email] = None
    phone: Optional[Phone] = None


AgencyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200),
                       SingleLine]
AgencyShortName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60),
                            SingleLine]
# A transaction writes the agency, its units and the region it may coordinate: at most 100 items.
MAX_NEW_UNITS = 50
AffairId = Annotated[str, Field(pattern=r"^[a-z][a-z-]{2,80}$")]


class NewAgencyUnit(_Strict):
    unit_id: Annotated[UnitId, Field(description="<agency_id>.<unit>, e.g. dpupr-tanjungpinang.bina-marga")]
    name: Name


class NewAgency(_Strict):
    """Body of ``POST /admin/agencies``: an agency and, optionally, its units."""

    agency_id: Annotated[AgencyId, Field(examples=["dpupr-bintan"])]
    name: AgencyName
    short_name: AgencyShortName
    region_code: Annotated[str, Field(pattern=AGENCY_REGION_PATTERN, examples=["21.72"],
                                      description="An existing Kemendagri region code, or ID for a national agency.")]
    time_zone: Literal[AGENCY_TIME_ZONES] = Field(description="The region's own zone (WIB, WITA or WIT).")
    coordinator: bool = Field(default=False, description="The region's coordinating admin (one per region).")
    units: list[NewAgencyUnit] = Field(default_factory=list, max_length=MAX_NEW_UNITS)
    affairs: list[AffairId] = Field(default_factory=list, max_length=10, description=(
        "Government affairs it handles (ids of GET /admin/routing's affairs): the routing table's defaults "
        "send a topic's reports in its region to the agency for the topic's affair."))


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=500), MultiLine]


class AgencyChange(_Strict):
    """Body of ``PATCH /admin/agencies/{agency_id}``: rename, set its affairs, or remove it (``active``: false)."""

    name: Optional[AgencyName] = None
    short_name: Optional[AgencyShortName] = None
    affairs: Optional[Annotated[list[AffairId], Field(max_length=10)]] = None
    active: Optional[bool] = Field(default=None, description=(
        "false removes it from every list and from routing; refused for a coordinator or while it holds "
        "open reports."))
    answers_need_approval: Optional[bool] = Field(default=None, description=(
        "true: a unit officer's final answer reaches the reporter only once an agency admin approves it. "
        "The agency's own admins may change this field (and only this one)."))
    reason: Reason = Field(description="Why: kept in the audit trail.")


class AgencyMerge(_Strict):
    """Body of ``POST /admin/agencies/{agency_id}/merge``: this agency's affairs go to ``into``, and it is removed."""

    into: AgencyId
    reason: Reason


class NewHoliday(_Strict):
    """Body of ``POST /admin/holidays``: a non-working day beyond the national calendar."""

    date: Annotated[date, Field(description="YYYY-MM-DD, a weekday of 2020–2100 not already a holiday.")]
    name: Name


# --- answer templates -------------------------------------------------------------------

TemplateName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3,
                                                max_length=templates.MAX_NAME_CHARACTERS), SingleLine]
TemplateBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10,
                                                max_length=templates.MAX_BODY_CHARACTERS), MultiLine]
_PLACEHOLDER_HELP = ("Indonesian text; placeholders in braces, from the vocabulary GET /admin/templates lists: "
                     + ", ".join(f"{{{name}}}" for name in templates.VOCABULARY)
                     + ". An unknown or malformed placeholder, or a stray brace, is refused (422 naming it).")


class NewTemplate(_Strict):
    """Body of ``POST /admin/templates``."""

    name: TemplateName
    purposes: Annotated[list[templates.Purpose], Field(min_length=1, max_length=len(templates.Purpose),
                                                       description="The forms that offer it: update, respond.")]
    body: TemplateBody = Field(description=_PLACEHOLDER_HELP)
    agency_id: Optional[AgencyId] = Field(default=None, description=(
        "Whose template: an agency admin's own agency (the default for them); national admins name an agency, "
        "or none for a national default."))


class TemplateChange(_Strict):
    """Body of ``PUT /admin/templates/{template_id}``: the whole template as it should read now."""

    name: TemplateName
    purposes: Annotated[list[templates.Purpose], Field(min_length=1, max_length=len(templates.Purpose))]
    body: TemplateBody = Field(description=_PLACEHOLDER_HELP)
    expected_version: Annotated[int, Field(ge=1)] = Field(description="The version you read; 409 if it changed.")


class _Action(_Strict):
    note: Optional[Note] = Field(default=None, description="Internal note; staff only.")
    expected_version: Optional[int] = Field(default=None, ge=1,
                                            description="The version you read; 409 if it changed.")


class VerifyAction(_Action):
    agency_id: AgencyId
    unit_id: Optional[UnitId] = None
    topic: Optional[TopicId] = None
    complexity: Optional[Complexity] = None
    privacy: Optional[Privacy] = None


class HoldAction(_Action):
    message: Message = Field(description="What the reporter is asked to complete; the reporter sees it.")


class ResumeAction(_Action):
    pass


class ArchiveAction(_Action):
    reason: ArchiveReason
    message: Optional[Message] = Field(default=None, description="Explanation the reporter sees.")


class TransferAction(_Action):
    agency_id: AgencyId
    reason: Message = Field(description="Why it is not this agency's authority (staff only).")


class AssignAction(_Action):
    unit_id: UnitId


class StartAction(_Action):
    pass


AttachmentIds = Annotated[list[Annotated[str, Field(pattern=ATTACHMENT_ID_PATTERN)]],
                          Field(max_length=MAX_ATTACHMENTS_PER_EVENT, description=(
                              "Files staff uploaded for this (POST /admin/reports/{tracking_id}/attachments), "
                              "each arrived and not shown with another event: they are shown with this one, to "
                              "whoever may read it."))]


class UpdateAction(_Action):
    message: Message
    public: bool = Field(default=True, description="True: the reporter sees the update (and the public, for a "
                                                   "public report), and the first one meets the first "
                                                   "follow-up deadline. False: an internal progress note "
                                                   "for staff only.")
    attachment_ids: AttachmentIds = Field(default_factory=list)


class AskReporterAction(_Action):
    message: Message = Field(description="What the reporter should add; they answer with a reply.")


class RespondAction(_Action):
    message: Message
    public: bool = Field(default=True, description="False: only the reporter and staff see the answer.")
    attachment_ids: AttachmentIds = Field(default_factory=list)


class ApproveAction(_Action):
    message: Optional[Message] = Field(default=None, description="The answer as edited by the approver; "
                                                                  "absent: the officer's draft as written.")
    public: Optional[bool] = Field(default=None, description="Absent: as the officer chose.")


class ReturnAction(_Action):
    message: Message = Field(description="What the officer should change; staff only.")


class CloseAction(_Action):
    message: Optional[Message] = None


class DuplicateAction(_Action):
    of: str = Field(pattern=TRACKING_ID_PATTERN,
                    description="The tracking id of the report about the same matter. If that one was itself "
                                "merged, the report goes to the one it was merged into.")
    message: Optional[Message] = Field(default=None, description="Explanation the reporter sees.")


# The body each staff action takes (one route per action, each documented with its own).
ACTION_BODIES: dict[Action, type[_Action]] = {
    Action.VERIFY: VerifyAction, Action.HOLD: HoldAction, Action.RESUME: ResumeAction,
    Action.ARCHIVE: ArchiveAction, Action.TRANSFER: TransferAction, Action.ASSIGN: AssignAction,
    Action.START: StartAction, Action.UPDATE: UpdateAction,
    Action.ASK_REPORTER: AskReporterAction, Action.RESPOND: RespondAction, Action.APPROVE: ApproveAction,
    Action.RETURN: ReturnAction, Action.CLOSE: CloseAction,
    Action.DUPLICATE: DuplicateAction,
}


# --- reporter follow-through ----------------------------------------------------------


class Reply(_Strict):
    message: Message


class Feedback(_Strict):
    resolved: bool
    rating: Optional[int] = Field(default=None, ge=1, le=5)
    comment: Optional[Message] = None


class Escalation(_Strict):
    reason: Optional[Message] = None


def _plain_filename(value: str) -> str:
    if "/" in value or "\\" in value:
        raise PydanticCustomError("path_separator", "must be a file name, without / or \\")
    if not value.strip("."):
        raise PydanticCustomError("invalid_filename", "is not a file name")
    return value


class NewAttachment(_Strict):
    """Body of ``POST /reports/{tracking_id}/attachments``: the file the reporter is about to upload."""

    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_FILENAME_LENGTH),
                        SingleLine, AfterValidator(_plain_filename), Field(examples=["lubang-jalan.jpg"])]
    content_type: Literal[ALLOWED_CONTENT_TYPES]
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, description="Bytes; the upload may not be larger.")


class StaffAttachment(NewAttachment):
    """Body of ``POST /admin/reports/{tracking_id}/attachments``: a file staff are about to upload for a
    progress update or final answer (staff files have a limit per report of their own, apart from the
    reporter's)."""

    expected_version: Optional[int] = Field(default=None, ge=1,
                                            description="The version you read; 409 if it changed.")


class HideAttachment(_Action):
    """Body of ``POST /admin/reports/{tracking_id}/attachments/{attachment_id}/hide``."""

    reason: Reason = Field(description="Why the public may not see it (a face, a number plate, personal data); "
                                       "the reporter and staff read it in the timeline.")


class UnhideAttachment(_Action):
    """Body of ``POST /admin/reports/{tracking_id}/attachments/{attachment_id}/unhide``."""


# --- responses (documented in OpenAPI; built by the views) ---------------------------


class ComplianceReportRequest(_Strict):
    """Body of ``POST /admin/compliance-reports``: a calendar month, or a span of days."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    scope: Optional[Annotated[str, Field(max_length=110, examples=["national", "region:21.72",
                                                                   "agency:dpupr-tanjungpinang"]),
                              SingleLine]] = None
    period: Optional[Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])]] = None
    from_: Optional[date] = Field(default=None, alias="from")
    to: Optional[date] = None


class Ratio(BaseModel):
    count: int
    of: int
    percent: Optional[float] = Field(description="count ÷ of × 100, two decimals; null when of is 0")


class WorkingDays(BaseModel):
    average: Optional[float]
    p90: Optional[int] = Field(description="90th percentile, nearest rank")
    answers: int


class RatingFigures(BaseModel):
    average: Optional[float]
    count: int


class Figures(BaseModel):
    """The figures of one scope for one period (agency local days)."""

    received: int
    verified: int
    archived: int
    dispositioned: int
    transferred: int
    responded: int
    closed: int
    auto_closed: int
    reopened: int
    escalated: int
    breached: int
    recorded_late: int = Field(description="reports recorded in the period more than the SLA policy's days "
                                           "after they were received (each with its reason in the timeline)")
    duplicates: int = Field(default=0, description="reports merged in the period into another about the same "
                                                   "matter (Duplikat); counted apart from every deadline figure")
    received_by_kind: dict[str, int]
    received_by_channel: dict[str, int]
    verified_within_deadline: Ratio
    first_response_within_deadline: Ratio
    completed_within_deadline: Ratio
    completion_rate: Ratio = Field(description="closed ÷ (dispositioned − transferred − duplicates merged after "
                                               "routing)")
    first_response_working_days: WorkingDays
    open_overdue_at_end: int
    rating: RatingFigures
    compliance_index: Optional[float]


class BilingualName(BaseModel):
    id: str
    en: str


class PeriodView(BaseModel):
    from_: date = Field(alias="from")
    to: date
    label: BilingualName


class ScopeView(BaseModel):
    type: Literal["national", "region", "agency"]
    code: str
    name: BilingualName


class AgencyFigures(BaseModel):
    rank: int
    agency_id: str
    name: str
    region_code: str
    figures: Figures


class RegionFigures(BaseModel):
    region_code: str
    name: str
    figures: Figures


class TopicCount(BaseModel):
    topic: str
    name: BilingualName
    reports: int


class WeekCount(BaseModel):
    from_: date = Field(alias="from")
    to: date
    received: int
    closed: int


class Statistics(BaseModel):
    """``GET /admin/stats``, and the figures of a compliance report."""

    id: Optional[str]
    title: BilingualName
    scope: ScopeView
    period: PeriodView
    previous_period: PeriodView
    summary: Figures
    previous: Figures
    change: dict[str, Optional[float]] = Field(description="this period minus the previous (percentage points)")
    agencies: list[AgencyFigures]
    regions: list[RegionFigures]
    topics: list[TopicCount]
    weekly: list[WeekCount]


class ReportFile(BaseModel):
    format: Literal["csv", "xlsx", "pdf"]
    language: Literal["id", "en"]
    sha256: str
    size: int
    url: str = Field(description="presigned download link, short-lived")


class Generation(BaseModel):
    generated_at: datetime
    generated_by: str
    figures_sha256: str


class ComplianceReportSummary(BaseModel):
    id: str
    scope: str
    scope_name: str
    period: dict[str, date]
    generated_at: datetime
    summary: Optional[dict[str, Optional[float]]]


class ComplianceReportList(BaseModel):
    items: list[ComplianceReportSummary]
    cursor: Optional[str]


class ComplianceReportDetail(ComplianceReportSummary):
    generations: list[Generation]
    files: list[ReportFile]
    figures: Optional[Statistics] = None


class Label(BaseModel):
    id: str
    en: str


class AgencyRef(BaseModel):
    agency_id: str
    name: str


class Deadlines(BaseModel):
    verification_due: Optional[datetime] = None
    first_response_due: Optional[datetime] = None
    completion_due: Optional[datetime] = None
    auto_close_due: Optional[datetime] = None
    reporter_answer_due: Optional[datetime] = Field(
        default=None, description="status awaiting_reporter: the end of the pause the agency's question started.")


class ReceiptNotifications(BaseModel):
    """How the reporter will hear of the report: by e-mail when they gave one, by SMS only when
    they gave a mobile number; ``notice`` says so when the number given is a landline."""

    email: bool
    sms: bool
    notice: Optional[Label] = None


class Receipt(BaseModel):
    """Answer to ``POST /reports``. The access code is shown only here (and in the receipt e-mail to
    the reporter's address, if they gave one): keep it."""

    tracking_id: str
    access_token: Annotated[str, Field(
        description="The access code: 16 symbols of the tracking-id alphabet in groups of four (30^16, "
                    "78.5 bits). Send it as `Authorization: Bearer <code>`, in any letter case, with or "
                    "without the dashes or spaces. Only its hash is stored. (A replay of a request made "
                    "before access codes existed returns that report's long token.)",
        examples=["K7M2-Q9T4-XHWB-3DPA"])]
    status: Status
    status_label: Label
    kind: Kind
    privacy: Privacy
    agency: AgencyRef
    received_at: datetime
    deadlines: Deadlines
    tracking_url: str
    notifications: ReceiptNotifications


class AttachmentView(BaseModel):
    """An attachment whose file has been uploaded."""

    attachment_id: str
    filename: str
    content_type: Literal[ALLOWED_CONTENT_TYPES]
    size: int = Field(description="Bytes declared when it was added (the upload is at most this).")
    added_at: datetime
    url: str = Field(description=f"Presigned download link, valid {DOWNLOAD_EXPIRES_SECONDS} seconds: images "
                                 "open inline, a PDF downloads under its file name.")
    # staff only
    added_by_role: Optional[str] = Field(default=None, description="Staff only: reporter, or the staff role.")
    added_by: Optional[str] = Field(default=None, description="Staff only: the staff member's username.")
    public: Optional[bool] = Field(default=None, description="Staff only: whether the public view shows it now.")
    hidden_at: Optional[datetime] = Field(default=None, description="Staff only: when it was hidden from the public.")
    hidden_reason: Optional[str] = Field(default=None, description="Staff only: why.")


class TimelineEntry(BaseModel):
    event_type: str
    label: Label
    at: datetime
    actor_role: str
    actor_agency_id: Optional[str] = None
    status_to: Optional[Status] = None
    message: Optional[str] = None
    details: dict = Field(default_factory=dict)
    # staff only
    visibility: Optional[Literal["public", "reporter", "internal"]] = None
    actor_username: Optional[str] = None
    status_from: Optional[Status] = None
    attachments: list[AttachmentView] = Field(
        default_factory=list, description="Files staff showed with this update or answer, for whoever may read "
                                          "it (publicly only on a public report, never one hidden from the public).")


class FeedbackView(BaseModel):
    """The reporter's latest feedback: in the reporter's and the staff's views, never the public's."""

    resolved: Optional[bool] = None
    rating: Optional[int] = None
    comment: Optional[str] = None
    at: datetime


class UploadForm(BaseModel):
    url: str = Field(description="POST here as multipart/form-data: every field below, then the file as `file`.")
    fields: dict[str, str]


class AttachmentUpload(BaseModel):
    """Answer to ``POST /reports/{tracking_id}/attachments``: where the browser uploads the file itself."""

    attachment_id: str
    upload: UploadForm
    expires_in: int = Field(description="Seconds the upload form works.")
    max_bytes: int = Field(description="The largest file the form accepts: the size declared.")


class StaffAttachmentUpload(AttachmentUpload):
    """Answer to ``POST /admin/reports/{tracking_id}/attachments``."""

    version: int = Field(description="The report's version now: send it as expected_version with the update, "
                                     "answer or next file.")


class MergedInto(BaseModel):
    """The report a duplicate was merged into (``Digabung dengan laporan X``); only its existence
    (tracking_id null) when that report is confidential."""

    tracking_id: Optional[str]
    label: Label
    tracking_url: Optional[str] = None
    title: Optional[str] = None
    status: Optional[Status] = None
    status_label: Optional[Label] = None
    reporters: Optional[int] = None
    answers: list[TimelineEntry] = Field(default_factory=list, description="its public answers and closing")


class LikelyDuplicate(BaseModel):
    """A report probably about the same matter (same regency or city, similar words, near when both
    have coordinates, within the window); only reports the caller may view."""

    tracking_id: str
    title: str
    status: Status
    status_label: Label
    agency_id: str
    received_at: datetime
    reporters: int
    score: float = Field(ge=0, le=1)
    shared_terms: list[str]
    distance_m: Optional[int] = Field(default=None, description="when both reports have coordinates")


class ReportView(BaseModel):
    """``GET /reports/{tracking_id}``: public view, or the reporter's view with the token."""

    view: Literal["public", "reporter", "staff"]
    tracking_id: str
    kind: Kind
    privacy: Privacy
    status: Status = Field(description="Outside the staff view an answer awaiting approval shows as in_progress.")
    status_label: Label
    title: str
    description: str
    region_code: str
    topic: Optional[str] = None
    agency: AgencyRef
    location: Optional[Location] = None
    incident_date: Optional[date] = None
    received_at: datetime
    deadlines: Deadlines
    paused_at: Optional[datetime] = Field(
        default=None, description="Since when clocks are paused: on hold, verification's; waiting for the "
                                  "reporter, the agency's follow-up and completion deadlines'.")
    answer_pending: bool = Field(default=False, description=(
        "The agency still owes its first follow-up, or an answer to the reporter's reply: "
        "deadlines.first_response_due runs."))
    escalated_at: Optional[datetime] = None
    reporter: Optional[Reporter] = None
    feedback: Optional[FeedbackView] = None
    timeline: list[TimelineEntry]
    attachments: list[AttachmentView] = Field(
        default_factory=list, description="Uploaded files: always for the reporter and staff; in the public view "
                                          "only of a public report (never an anonymous one).")
    reporter_actions: Optional[list[Literal["reply", "feedback", "escalate", "attach"]]] = Field(
        default=None, description="Reporter's view only: what the access token may do now without being refused.")
    reporters: int = Field(default=1, description="People who reported this matter: its reporter and those of the "
                                                  "reports merged into it as duplicates.")
    merged_into: Optional[MergedInto] = Field(
        default=None, description="Public and reporter views of a report merged as a duplicate: the report it "
                                  "joined, whose updates and answers its reporter now receives.")


class StaffReporter(BaseModel):
    identity_hidden: bool
    name: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    contactable: Optional[bool] = None


class AllowedAction(BaseModel):
    action: str
    label: Label


class Breach(BaseModel):
    """A deadline the agency missed: marked by the SLA sweep, or by the late action that ended the stage."""

    stage: Literal["verification", "first_response", "completion"]
    deadline: datetime
    detected_at: datetime
    resolved_at: Optional[datetime] = Field(description="when the agency finished the stage; null while overdue")


class ArrivalSuggestion(BaseModel):
    """What Aduan read in the text when the report arrived."""

    topic_id: str
    score: float
    matched: list[str]
    agency_id: Optional[str] = Field(default=None, description="What the routing table gave for the topic.")
    routed_by_system: bool = Field(description="The report went straight to that agency, not the coordinator.")
    coordinator_id: Optional[str] = Field(default=None, description="The coordinator who may re-route it.")


class DraftAnswer(BaseModel):
    message: str
    public: bool
    attachment_ids: list[str] = Field(default_factory=list, description="Staff files shown with it once approved.")
    drafted_by: str
    drafted_at: datetime
    from_status: Status


class CaseView(ReportView):
    """``GET /admin/reports/{tracking_id}`` and the answer to every action: the case for staff."""

    reporter: StaffReporter  # type: ignore[assignment]
    version: int
    channel: str
    unit_id: Optional[str] = None
    complexity: Optional[Literal["simple", "investigation"]] = None
    submitted_at: datetime
    verified_at: Optional[datetime] = None
    disposed_at: Optional[datetime] = None
    first_answered_at: Optional[datetime] = None
    answered_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None
    archive_reason: Optional[str] = None
    reopened_count: int
    next_due_at: Optional[str] = None
    breaches: list[Breach]
    suggestion: Optional[ArrivalSuggestion] = None
    allowed_actions: list[AllowedAction]
    duplicate_of: Optional[str] = Field(default=None, description="status duplicate: the report it was merged into")
    likely_duplicates: list[LikelyDuplicate] = Field(
        default_factory=list, description="Reports probably about the same matter, best first (staff only).")
    draft_answer: Optional[DraftAnswer] = Field(
        default=None, description="status awaiting_approval: the unit officer's final answer, for staff only.")
    answer_needs_approval: bool = Field(
        default=False, description="The caller's respond becomes a draft for the agency admin's approval.")


class QueueItem(BaseModel):
    tracking_id: str
    title: str
    kind: Kind
    privacy: Privacy
    status: Status
    status_label: Label
    agency_id: str
    unit_id: Optional[str] = None
    region_code: str
    topic: Optional[str] = None
    received_at: Optional[datetime] = None
    next_due_at: Optional[str] = None
    overdue: bool
    escalated: bool
    version: int


class QueuePage(BaseModel):
    queue: Literal["verification", "inbox", "awaiting_approval", "answered", "done", "overdue", "routed"]
    status: Optional[Status] = None
    agency_id: Optional[str] = None
    items: list[QueueItem]
    cursor: Optional[str] = Field(default=None, description="Pass as ?cursor= for the next page; null at the end.")


class PublicReportItem(BaseModel):
    """One line of the public list: never the description, never anything of the reporter."""

    tracking_id: str
    title: str
    kind: Kind
    status: Status
    status_label: Label
    region_code: str
    topic: Optional[str] = None
    agency: AgencyRef
    received_at: datetime


class PublicReportList(BaseModel):
    """``GET /reports``: verified, non-confidential reports, newest verification first."""

    region_code: Optional[str] = None
    topic: Optional[str] = None
    items: list[PublicReportItem]
    cursor: Optional[str] = Field(default=None, description="Pass as ?cursor= for the next page; null at the end.")


class UndeliveredNotification(BaseModel):
    """A notification that could not be delivered; it names who was to hear, never an address."""

    notification_id: str
    tracking_id: Optional[str] = None
    event_type: str
    recipient: Literal["reporter", "agency_admins", "coordinator_admins", "unit_officers", "national_admins"]
    channel: Literal["email", "sms"]
    agency_id: Optional[str] = None
    status: Literal["pending", "failed", "unconfirmed", "undeliverable"] = Field(
        description="failed: refused or out of retries; unconfirmed: the sender stopped mid-send, so it is "
                    "not retried automatically; undeliverable: nobody to send it to; pending: queued again.")
    attempts: int
    last_error: Optional[str] = None
    created_at: str


class UndeliveredPage(BaseModel):
    items: list[UndeliveredNotification]
    cursor: Optional[str] = Field(default=None, description="Pass as ?cursor= for the next page; null at the end.")


class FormChallenge(BaseModel):
    """The web form's proof of work: find a nonce so that SHA-256(challenge + nonce) starts with
    ``difficulty`` zero bits, and send both (headers X-Aduan-Challenge, X-Aduan-Nonce) once."""

    challenge: str
    difficulty: int
    expires_in: int


class Tokens(BaseModel):
    id_token: str
    access_token: str
    refresh_token: Optional[str] = None
    expires_in: int
    token_type: Literal["Bearer"]


class StaffUser(BaseModel):
    username: str
    role: Role
    agency_id: Optional[str] = None
    unit_id: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None


class StaffMember(StaffUser):
    created_at: Optional[datetime] = None
    disabled_at: Optional[datetime] = Field(
        default=None, description="Set while the account is disabled: every request it makes is refused.")


class StaffDirectoryPage(BaseModel):
    """``GET /admin/users``: staff accounts in username order, one page."""

    agency_id: Optional[str] = Field(description="The agency listed (an agency admin's own); null: every agency.")
    role: Optional[Role] = None
    items: list[StaffMember]
    cursor: Optional[str] = Field(default=None, description="Pass as ?cursor= for the next page; null at the end.")


class Agency(BaseModel):
    agency_id: str
    name: str
    short_name: str
    region_code: str
    time_zone: str
    coordinator: bool


class AgencyUnit(BaseModel):
    unit_id: str
    name: str


class AgencyRecord(Agency):
    active: bool
    affairs: list[str] = Field(default_factory=list, description=(
        "Government affairs (urusan) it handles; the routing table's defaults send a topic's reports "
        "to the region's agency for the topic's affair."))
    template: bool = Field(default=False, description=(
        "Generated from the standard list of regional agencies; a national admin may rename or merge it."))
    merged_into: Optional[str] = Field(default=None, description="Removed by merging it into this agency.")
    answers_need_approval: bool = Field(default=False, description=(
        "A unit officer's final answer reaches the reporter only once an agency admin approves it."))
    units: Optional[list[AgencyUnit]] = Field(
        default=None, description="Only for one agency, or when the list is of one region.")


class AgencyDirectory(BaseModel):
    """``GET /admin/agencies``: active agencies, of one region or, a page at a time, of the whole country."""

    region_code: Optional[str] = None
    items: list[AgencyRecord]
    cursor: Optional[str] = Field(default=None, description="Without region_code: the next page's cursor.")


class HolidayEntry(BaseModel):
    """A non-working day. Adding or removing one counts in deadlines set from then on; deadlines
    already set are not recomputed."""

    date: date
    name: str = Field(description="Indonesian name; an added holiday's name as the admin wrote it.")
    name_en: Optional[str] = Field(default=None, description="English name (national holidays only).")
    source: Literal["national", "added"] = Field(
        description="national: public holidays and joint leave (cuti bersama); added: by a national admin.")
    added_by: Optional[str] = None


class HolidayCalendar(BaseModel):
    """``GET /admin/holidays``: the non-working days of a year besides weekends, by date."""

    year: int
    items: list[HolidayEntry]


class TemplateView(BaseModel):
    template_id: str = Field(examples=["ID.jawaban-akhir", "dpupr-tanjungpinang.3f9a1c07be"])
    scope: Literal["national", "agency"]
    agency_id: Optional[str] = Field(default=None, description="null for a national default.")
    name: str
    purposes: list[templates.Purpose]
    body: str
    placeholders: list[str] = Field(description="The placeholders it uses, in order of appearance.")
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    may_edit: bool = Field(description="Whether the caller may change or remove it.")


class PlaceholderInfo(BaseModel):
    name: str = Field(examples=["nomor_laporan"])
    description: Label


class TemplateLimits(BaseModel):
    name: int
    body: int


class TemplateList(BaseModel):
    """``GET /admin/templates``: the national defaults first, then the agency's; each by name."""

    agency_id: Optional[str]
    purpose: Optional[templates.Purpose]
    items: list[TemplateView]
    vocabulary: list[PlaceholderInfo]
    limits: TemplateLimits


class FilledTemplate(BaseModel):
    template_id: str
    name: str
    scope: Literal["national", "agency"]
    purposes: list[templates.Purpose]
    text: str = Field(description="The template filled for the report, ready for the form's message.")
    unfilled: list[str] = Field(description=f"Placeholders the report has no value for yet, written as "
                                            f"'{templates.NOT_SET}'.")


class FilledTemplates(BaseModel):
    """``GET /admin/reports/{tracking_id}/templates``."""

    tracking_id: str
    purpose: Optional[templates.Purpose]
    items: list[FilledTemplate]


class StaffAgency(BaseModel):
    agency_id: str
    name: str
    time_zone: str


class StaffOffers(BaseModel):
    """What the console offers the caller: decided by the same rules the API enforces."""

    record_reports: bool
    read_statistics: bool
    create_users: bool
    manage_agencies: bool
    manage_holidays: bool
    manage_templates: bool = Field(description="Create answer templates: the national defaults or the caller's "
                                               "agency's.")


class SignedInStaff(BaseModel):
    """``GET /admin/me``."""

    username: str
    role: Role
    agency: Optional[StaffAgency]
    unit_id: Optional[str]
    may: StaffOffers


class QueueCount(BaseModel):
    count: int
    more: bool = Field(description="true when there are more than `count` (counting stops at the cap)")


class QueueCounts(BaseModel):
    """``GET /admin/queues``: how many reports wait in each queue, within the caller's scope."""

    agency_id: Optional[str]
    unit_id: Optional[str]
    cap: int
    counts: dict[Literal["verification", "inbox", "awaiting_approval", "answered", "overdue", "routed"], QueueCount]


class Region(BaseModel):
    region_code: str
    name: str
    level: Literal["province", "regency", "city", "district"]
    parent_code: Optional[str] = None
    time_zone: str


class RegionList(BaseModel):
    regions: list[Region]


class AgencyList(BaseModel):
    agencies: list[Agency]


class Subtopic(BaseModel):
    topic_id: str
    name_id: str


class Topic(BaseModel):
    topic_id: str
    name_id: str
    name_en: str
    subtopics: list[Subtopic]


class TopicList(BaseModel):
    catalog: str
    topics: list[Topic]


class ErrorDetail(BaseModel):
    field: Optional[str]
    code: str
    message: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorResponse(BaseModel):
    error: ErrorInfo
