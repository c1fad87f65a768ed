"""Use case: a report arrives (web form, API, or recorded by an officer) and is stored."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from chalicelib import store
from chalicelib.config import get_settings
from chalicelib.domain import permissions, routing, sla, statistics, suggestion, tracking, views
from chalicelib.domain.calendar import local_date
from chalicelib.domain.formats import IDEMPOTENCY_KEY_PATTERN
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reports import ActorRole, Channel, EventType, Status, Visibility
from chalicelib.errors import (
    BadRequest,
    FieldProblem,
    Forbidden,
    IdempotencyKeyReused,
    invalid,
)
from chalicelib.i18n import Text
from chalicelib.observability import count_report_submitted, logger, tracer
from chalicelib.services import checks, duplicates
from chalicelib.services import routing as routing_service
from chalicelib.services.changes import Channel as NotificationChannel
from chalicelib.services.changes import Recipient, calendar_around, notifications, refresh_index_keys
from chalicelib.services.limits import guard_secret
from chalicelib.services.tracking import tracking_url
from chalicelib.store import faults, reference, reports
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import (
    AgencyModel,
    DeadlinesAttribute,
    IdempotencyRecordModel,
    LocationAttribute,
    NotificationModel,
    ReporterAttribute,
    ReportEventModel,
    ReportModel,
    SuggestionAttribute,
)

if TYPE_CHECKING:
    from chalicelib.schemas import RecordedReport, ReportSubmission

_MAX_ATTEMPTS = 4
_CODE_FORM = "access_code"  # an idempotency record whose report opens with the short access code


@dataclass(frozen=True)
class Submitted:
    receipt: dict
    replayed: bool


@dataclass(frozen=True)
class Destination:
    """The agency a new report goes to, and what Aduan read in its text on the way."""

    agency: AgencyModel
    suggestion: SuggestionAttribute | None = None


def _coordinator(region_code: str, agencies: routing_service.Agencies) -> AgencyModel:
    for region in routing.enclosing_regions(region_code):
        for agency in agencies.of(region):
            if agency.coordinator:
                return agency
    raise RuntimeError(f"no coordinating agency for region {region_code}")


def _destination(submission: ReportSubmission, *, may_route: bool) -> Destination:
    """The agency the citizen chose if it has authority there. Otherwise the agency the routing table
    gives for the topic the text is about, when Aduan is sure enough of the topic (``may_route``: a
    citizen's report), else the region's coordinator, who reads and routes it (No Wrong Door)."""
    if submission.agency_id:
        return Destination(checks.agency_with_authority(submission.agency_id, submission.region_code))
    agencies = routing_service.Agencies()
    coordinator = _coordinator(submission.region_code, agencies)
    matches = suggestion.suggest_topics(submission.title, submission.description, limit=1)
    if not matches:
        return Destination(coordinator)
    best = matches[0]
    chosen = submission.topic
    # A topic the reporter chose counts when the text agrees with it; a disagreement is not sure.
    agrees = chosen is None or chosen.split(".")[0] == best.topic_id.split(".")[0]
    topic_id = chosen if chosen and agrees and "." in chosen else best.topic_id
    routed = routing_service.route(submission.region_code, topic_id, agencies)
    sure = may_route and agrees and best.score >= get_settings().routing_confidence
    goes_there = sure and routed is not None and routed.agency.agency_id != coordinator.agency_id
    read = SuggestionAttribute(topic_id=topic_id, score=round(best.score, 3), matched=list(best.matched),
                               agency_id=routed.agency.agency_id if routed else None, routed=goes_there,
                               coordinator_id=coordinator.agency_id if goes_there else None)
    return Destination(routed.agency if goes_there else coordinator, read)


def _check_references(submission: ReportSubmission) -> None:
    if reference.get_region(submission.region_code) is None:
        raise invalid("region_code", "unknown_region",
                      Text("Kode wilayah tidak dikenal.", "Unknown region code."))
    if submission.topic:
        checks.existing_topic(submission.topic)


def _request_hash(submission: ReportSubmission, channel: str) -> str:
    canonical = json.dumps({"channel": channel, **submission.model_dump(mode="json")}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: IdempotencyRecordModel, request_hash: str, idempotency_key: str) -> Submitted:
    if not secrets.compare_digest(record.request_hash, request_hash):
        raise IdempotencyKeyReused(Text(
            "Idempotency-Key ini sudah dipakai untuk laporan dengan isi berbeda.",
            "This Idempotency-Key was already used for a report with a different body."),
            [FieldProblem("Idempotency-Key", "idempotency_key_reused",
                          Text("Gunakan kunci baru untuk laporan baru.", "Use a new key for a new report."))])
    report = reports.get_report(record.tracking_id)
    if record.code_form == _CODE_FORM:
        code = tracking.access_code_for_idempotent_request(idempotency_key, record.token_nonce)
    else:  # stored before access codes: its report opens with the long token
        code = tracking.legacy_access_token_for_idempotent_request(idempotency_key, record.token_nonce)
    return Submitted(_receipt(report, code), replayed=True)


def _receipt(report: ReportModel, access_code: str, agency: AgencyModel | None = None) -> dict:
    """``agency``: the report's, when the caller has it (a report just stored)."""
    agency = agency or reference.get_agency(report.agency_id)
    return views.receipt(report, agency.name if agency else report.agency_id, access_code,
                         tracking_url(report.tracking_id))


def _acknowledgements(report: ReportModel, access_code: str, now: datetime,
                      recorded_by: str | None) -> list[NotificationModel]:
    """The reporter hears the report arrived and the agency's admins that it awaits them (an admin who
    recorded it for their own agency is not told of it). The reporter's e-mail is also the receipt:
    its row carries the access code, sealed, until it is sent."""
    to_reporter = notifications(report, EventType.SUBMITTED, Recipient.REPORTER, now, acted_by=recorded_by)
    for row in to_reporter:
        if row.channel == NotificationChannel.EMAIL:
            row.sealed_access_code = tracking.seal_access_code(guard_secret(), row.notification_id, access_code)
    return to_reporter + notifications(report, EventType.SUBMITTED, Recipient.AGENCY_ADMINS, now, acted_by=recorded_by)


def validate_idempotency_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not re.match(IDEMPOTENCY_KEY_PATTERN, key):
        raise BadRequest(Text("Idempotency-Key tidak valid.", "Invalid Idempotency-Key."),
                         [FieldProblem("Idempotency-Key", "invalid_format",
                                       Text("8–128 karakter: huruf, angka, _ . : -",
                                            "8–128 characters: letters, digits, _ . : -"))])
    return key


@dataclass(frozen=True)
class Recording:
    """A report an officer wrote down: by whom, and whether (and why) long after it was received."""

    officer: Principal
    late: bool = False
    late_reason: str | None = None


def record_report(principal: Principal, recorded: RecordedReport) -> Submitted:
    """An officer writes down a report received in person, by letter, by phone or in the box."""
    if not permissions.can_record_reports(principal):
        raise Forbidden(Text("Peran Anda tidak dapat mencatat laporan.", "Your role may not record reports."))
    if recorded.agency_id and not permissions.may_record_for(principal, recorded.agency_id):
        raise Forbidden(Text(
            "Anda hanya dapat mencatat laporan untuk instansi Anda sendiri. Tanpa instansi, laporan "
            "diteruskan ke koordinator wilayahnya.",
            "You may record reports only for your own agency. With no agency named, the region's "
            "coordinator receives the report."))
    now = datetime.now(timezone.utc)
    received_at = recorded.received_at.astimezone(timezone.utc)
    if received_at > now:
        raise invalid("received_at", "date_in_future",
                      Text("Waktu diterima tidak boleh di masa depan.", "received_at must not be in the future."))
    policy = sla.policy_in_force(now.date())
    if received_at < now - timedelta(days=policy.recorded_report_max_age_days):
        raise invalid("received_at", "too_old",
                      Text("Laporan yang diterima lebih dari dua tahun lalu tidak dapat dicatat.",
                           "Reports received more than two years ago cannot be recorded."))
    late_after = policy.recorded_report_late_reason_after_days
    late = received_at < now - timedelta(days=late_after)
    if late and recorded.late_reason is None:
        raise invalid("late_reason", "late_reason_required",
                      Text(f"Laporan yang diterima lebih dari {late_after} hari lalu perlu alasan "
                           "keterlambatan pencatatan.",
                           f"A report received more than {late_after} days ago needs the reason it is "
                           "recorded so late."))
    fields = recorded.model_dump(mode="json", exclude={"channel", "received_at", "late_reason"}, exclude_none=True)
    if "agency_id" not in fields and principal.role in permissions.AGENCY_ROLES:
        # No Wrong Door at the counter too: the officer's own agency takes it if it has authority there;
        # otherwise (and for national admins) the region's coordinator does, as for citizens.
        own = reference.get_agency(principal.agency_id)
        if own is not None and routing.has_authority(own.region_code, recorded.region_code):
            fields["agency_id"] = own.agency_id
    from chalicelib.schemas import ReportSubmission  # loaded already: the route validated ``recorded``

    submission = ReportSubmission.model_validate_json(json.dumps(fields))
    return submit_report(submission, channel=Channel(recorded.channel), received_at=received_at,
                         recording=Recording(principal, late, recorded.late_reason))


def _suggestion_details(read: SuggestionAttribute | None) -> dict:
    """Staff read in the timeline what the text suggested and whether the system routed on it."""
    if read is None:
        return {}
    return {"suggestion": {"topic_id": read.topic_id, "score": read.score, "matched": list(read.matched),
                           "agency_id": read.agency_id, "routed_by_system": read.routed}}


def _recording_details(recording: Recording | None) -> dict:
    """Staff read in the timeline that a report was recorded late and why (views keep both from the public)."""
    if recording is None:
        return {}
    details = {"recorded_late": True} if recording.late else {}
    if recording.late_reason:
        details["late_reason"] = recording.late_reason
    return details


@tracer.capture_method
def submit_report(submission: ReportSubmission, *, channel: Channel,
                  received_at: datetime | None = None, idempotency_key: str | None = None,
                  recording: Recording | None = None) -> Submitted:
    """Store a new report with its first timeline event, counters and notifications, all or nothing.

    ``received_at`` is when the report really arrived (an officer records letters and
    walk-ins later); by default, now. The clocks start from it. A report recorded late counts
    as such on the day it was recorded, so the period in which it was back-dated shows it.
    """
    settings = store.ready()
    request_hash = _request_hash(submission, channel.value)
    key_hash = tracking.hash_secret(idempotency_key) if idempotency_key else None
    now = datetime.now(timezone.utc)
    received_at = received_at or now
    # Both reads depend on the request alone: made at once (the second is wasted on a replay).
    record, seen_before = at_once(
        lambda: reports.get_idempotency_record(key_hash) if key_hash else None,
        lambda: duplicates.seen_before(submission.title, submission.description, submission.region_code, received_at))
    if record is not None:
        return _replay(record, request_hash, idempotency_key)

    _check_references(submission)
    destination = _destination(submission, may_route=recording is None)
    agency = destination.agency
    received_day = local_date(received_at, agency.time_zone)
    calendar = calendar_around(received_at)
    policy = sla.policy_in_force(received_day)
    verification_due = sla.verification_due(received_at, agency.time_zone, calendar)

    nonce = secrets.token_urlsafe(16)
    access_code = (tracking.access_code_for_idempotent_request(idempotency_key, nonce)
                   if idempotency_key else tracking.new_access_code())
    counters = statistics.increments(
        statistics.submission_metrics(kind=submission.kind, channel=channel.value), received_day,
        agency_id=agency.agency_id, region_code=submission.region_code, topic=submission.topic,
        kind=submission.kind, channel=channel.value)
    if recording and recording.late:
        counters += statistics.increments(
            {statistics.RECORDED_LATE: 1}, local_date(now, agency.time_zone),
            agency_id=agency.agency_id, region_code=submission.region_code, topic=submission.topic,
            kind=submission.kind, channel=channel.value)

    for attempt in range(_MAX_ATTEMPTS):
        tracking_id = tracking.new_tracking_id()
        report = ReportModel(
            tracking_id,
            kind=submission.kind, privacy=submission.privacy, channel=channel.value,
            status=Status.SUBMITTED.value, title=submission.title, description=submission.description,
            region_code=submission.region_code, topic=submission.topic,
            requested_agency_id=submission.agency_id, agency_id=agency.agency_id,
            suggestion=destination.suggestion,
            time_zone=agency.time_zone,
            location=LocationAttribute(**submission.location.model_dump(exclude_none=True))
            if submission.location else None,
            incident_date=submission.incident_date.isoformat() if submission.incident_date else None,
            reporter=ReporterAttribute(**submission.reporter.model_dump(exclude_none=True))
            if submission.reporter else None,
            access_token_hash=tracking.access_code_hash(tracking_id, access_code),
            received_at=received_at, submitted_at=now, sla_policy_id=policy.id,
            recorded_by=recording.officer.username if recording else None,
            deadlines=DeadlinesAttribute(verification_due=verification_due.isoformat()),
        )
        refresh_index_keys(report, now, calendar, entered_queue=True)
        arrival = duplicates.at_arrival(report, seen_before)  # likely duplicates for staff; its own index items
        first_event = ReportEventModel(
            report.tracking_id, reports.event_key(now),
            event_type=(EventType.RECORDED if recording else EventType.SUBMITTED).value,
            at=now, actor_role=recording.officer.role.value if recording else ActorRole.REPORTER.value,
            actor_agency_id=recording.officer.agency_id if recording else None,
            actor_username=recording.officer.username if recording else None,
            visibility=Visibility.PUBLIC.value, status_to=Status.SUBMITTED.value,
            details={"channel": channel.value, "received_at": received_at.isoformat(), "agency_id": agency.agency_id,
                     "deadlines": {"verification_due": verification_due.isoformat()},
                     **_recording_details(recording), **_suggestion_details(destination.suggestion),
                     **arrival.details},
        )
        record = IdempotencyRecordModel(
            key_hash, request_hash=request_hash, tracking_id=report.tracking_id, token_nonce=nonce,
            code_form=_CODE_FORM, created_at=now, expires_at=now + timedelta(hours=settings.idempotency_ttl_hours),
        ) if key_hash else None
        try:
            outbox = _acknowledgements(report, access_code, now, recording.officer.username if recording else None)
            reports.insert_report(report, first_event, counters, outbox, record, also=arrival.index)
            break
        except reports.TrackingIdTaken:
            continue
        except reports.WriteConflict as conflict:
            if attempt == _MAX_ATTEMPTS - 1:
                raise faults.unavailable() from conflict
        except reports.IdempotencyKeyTaken:
            return _replay(reports.get_idempotency_record(key_hash), request_hash, idempotency_key)
    else:
        raise RuntimeError("could not store the report after several attempts")

    logger.info("report submitted", extra={"tracking_id": report.tracking_id, "kind": report.kind,
                                           "channel": report.channel, "agency_id": report.agency_id,
                                           "privacy": report.privacy})
    count_report_submitted(report.kind, report.channel)
    return Submitted(_receipt(report, access_code, agency), replayed=False)
