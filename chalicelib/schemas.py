"""Request and response schemas: the same models validate requests and generate OpenAPI."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal, Optional
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from chalicelib.domain.reports import Kind, Privacy, Status
from chalicelib.domain.tracking import ALPHABET

# The first calendar day to begin anywhere in Indonesia (WIT, UTC+9) bounds "not in the future".
_EASTERNMOST_TIME_ZONE = ZoneInfo("Asia/Jayapura")
# C0 and C1 controls (U+0080–U+009F can start terminal escapes); tab and newlines stay allowed.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_PHONE = re.compile(r"^(?:\+62|62|0)(\d{8,13})$")

REGION_CODE_PATTERN = r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$"
AGENCY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
TOPIC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}(\.[a-z0-9][a-z0-9-]{0,99})?$"
# Lookups by agency region also take "ID", the national level.
AGENCY_REGION_PATTERN = f"({REGION_CODE_PATTERN})|(^ID$)"
_TRACKING_SYMBOL = "[" + "".join(dict.fromkeys(ALPHABET + ALPHABET.lower())) + "]"
TRACKING_ID_PATTERN = f"^{_TRACKING_SYMBOL}{{5}}-?{_TRACKING_SYMBOL}{{5}}$"
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"


def _no_control_characters(value: str) -> str:
    if _CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError("control_characters", "must not contain control characters")
    return value


def _email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.match(value):
        raise PydanticCustomError("invalid_email", "is not a valid e-mail address")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _phone(value: str) -> str:
    """Indonesian numbers in any common writing become E.164 (+62…)."""
    match = _PHONE.match(re.sub(r"[\s().-]", "", value))
    if not match:
        raise PydanticCustomError("invalid_phone", "is not a valid Indonesian phone number")
    return "+62" + match.group(1)


def _not_in_future(value: date) -> date:
    if value > datetime.now(_EASTERNMOST_TIME_ZONE).date():
        raise PydanticCustomError("date_in_future", "must not be in the future")
    return value


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=150),
                  AfterValidator(_no_control_characters)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000),
                        AfterValidator(_no_control_characters)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
                 AfterValidator(_no_control_characters)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=25), AfterValidator(_phone)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500),
                    AfterValidator(_no_control_characters)]
PastDate = Annotated[date, AfterValidator(_not_in_future)]


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
    incident_date: Optional[PastDate] = None
    privacy: Privacy = Privacy.PUBLIC
    reporter: Optional[Reporter] = None


# --- responses (documented in OpenAPI; built by the views) ---------------------------


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


class Receipt(BaseModel):
    """Answer to ``POST /reports``. The access token is shown only here: keep it."""

    tracking_id: str
    access_token: str
    status: Status
    status_label: Label
    kind: Kind
    privacy: Privacy
    agency: AgencyRef
    received_at: datetime
    deadlines: Deadlines
    tracking_url: str


class TimelineEntry(BaseModel):
    event_type: str
    label: Label
    at: datetime
    actor_role: str
    actor_agency_id: Optional[str] = None
    status_to: Optional[Status] = None
    message: Optional[str] = None


class ReportView(BaseModel):
    """``GET /reports/{tracking_id}``: public view, or the reporter's view with the token."""

    view: Literal["public", "reporter"]
    tracking_id: str
    kind: Kind
    privacy: Privacy
    status: Status
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
    reporter: Optional[Reporter] = None
    timeline: list[TimelineEntry]


class Region(BaseModel):
    region_code: str
    name: str
    level: Literal["province", "regency", "city"]
    parent_code: Optional[str] = None
    time_zone: str


class RegionList(BaseModel):
    regions: list[Region]


class Agency(BaseModel):
    agency_id: str
    name: str
    short_name: str
    region_code: str
    time_zone: str
    coordinator: bool


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
