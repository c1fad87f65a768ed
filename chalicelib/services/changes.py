"""A change to a report, collected while a use case runs and written in one transaction.

A use case mutates the report, adds timeline events, counters and notifications to a
``Change``; ``commit`` derives the index keys from the report's new state and hands
everything to the repository, which writes it all or nothing under a version check.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.domain import clocks, duties, queues, statistics
from chalicelib.domain.calendar import WorkingDayCalendar, local_date
from chalicelib.domain.reports import ActorRole, EventType, Status, Visibility
from chalicelib.store import reference, reports
from chalicelib.store.models import NotificationModel, ReportEventModel, ReportModel


@dataclass(frozen=True)
class Actor:
    """Who did something, as the timeline records it."""

    role: ActorRole
    agency_id: str | None = None
    username: str | None = None


REPORTER = Actor(ActorRole.REPORTER)


class Recipient:
    """Who a notification is for; the sender resolves addresses when it delivers."""

    REPORTER = "reporter"
    AGENCY_ADMINS = "agency_admins"
    UNIT_OFFICERS = "unit_officers"
    COORDINATOR_ADMINS = "coordinator_admins"  # the region's coordinating agency (Diskominfo)
    NATIONAL_ADMINS = "national_admins"


class Channel:
    EMAIL = "email"
    SMS = "sms"


def deadlines_of(report: ReportModel) -> clocks.Deadlines:
    return clocks.Deadlines.from_strings(report.deadlines.as_dict() if report.deadlines else {})


def agency_deadline_of(report: ReportModel) -> datetime | None:
    """The deadline the handling agency is held to now; past it, the report is overdue."""
    return clocks.agency_deadline(Status(report.status), deadlines_of(report), bool(report.answer_pending))


def done_keys_of(report: ReportModel) -> set[str]:
    return set(report.duties_done or [])


def duties_of(report: ReportModel, calendar: WorkingDayCalendar) -> list[duties.Duty]:
    return duties.all_duties(Status(report.status), deadlines_of(report), bool(report.answer_pending),
                             report.time_zone, calendar)


def calendar_around(instant: datetime) -> WorkingDayCalendar:
    """National holidays plus admin-added dates for the years a deadline can reach."""
    year = instant.year
    return WorkingDayCalendar(reference.extra_holidays(range(year - 1, year + 2)))


@dataclass
class Change:
    report: ReportModel
    now: datetime
    actor: Actor
    events: list[ReportEventModel] = field(default_factory=list)
    counters: list[reports.CounterIncrement] = field(default_factory=list)
    notifications: list[NotificationModel] = field(default_factory=list)
    _calendar: WorkingDayCalendar | None = None

    def __post_init__(self) -> None:
        self.status_before = Status(self.report.status)
        self.agency_before = self.report.agency_id

    @property
    def calendar(self) -> WorkingDayCalendar:
        if self._calendar is None:
            self._calendar = calendar_around(self.now)
        return self._calendar

    @property
    def deadlines(self) -> clocks.Deadlines:
        return deadlines_of(self.report)

    def set_deadlines(self, deadlines: clocks.Deadlines) -> None:
        stored = self.report.deadlines
        for name, value in deadlines.as_strings().items():
            setattr(stored, name, value)

    def move_to(self, status: Status) -> None:
        self.report.status = status.value

    def event(self, event_type: EventType, visibility: Visibility, *, message: str | None = None,
              note: str | None = None, details: dict | None = None) -> None:
        actor = self.actor
        details = {key: value for key, value in (details or {}).items() if value is not None}
        if note:
            details["note"] = note
        self.events.append(ReportEventModel(
            self.report.tracking_id, reports.event_key(self.now, len(self.events)),
            event_type=event_type.value, at=self.now, actor_role=actor.role.value, actor_agency_id=actor.agency_id, actor_username=actor.username,
            visibility=visibility.value, status_from=self.status_before.value, status_to=self.report.status,
            message=message, details=details or None))

    def count(self, metrics: dict[str, int], *, agency_id: str | None = None) -> None:
        """Add to the counters of every scope the report counts in (by default its current agency)."""
        report = self.report
        period = statistics.period_of(local_date(self.now, report.time_zone).isoformat())
        for scope in statistics.scopes_of(agency_id=agency_id or report.agency_id,
                                          region_code=report.region_code, topic=report.topic):
            self.counters.append(reports.CounterIncrement(scope, period, dict(metrics)))

    def notify(self, event_type: EventType, recipient: str, *, agency_id: str | None = None,
               details: dict | None = None) -> None:
        self.notifications += notifications(self.report, event_type, recipient, self.now,
                                            agency_id=agency_id, details=details)


def notifications(report: ReportModel, event_type: EventType, recipient: str, now: datetime, *,
                  agency_id: str | None = None, details: dict | None = None) -> list[NotificationModel]:
    """Outbox rows, one per channel: the reporter by e-mail and SMS when they gave those, staff by e-mail.

    ``agency_id``: whose staff hear of it, when not the report's agency (a coordinator).
    """
    if recipient == Recipient.REPORTER:
        contact = report.reporter
        channels = [channel for channel, given in ((Channel.EMAIL, contact and contact.email),
                                                   (Channel.SMS, contact and contact.phone)) if given]
    else:
        channels = [Channel.EMAIL]
    return [outbox_row(f"{report.tracking_id}.{secrets.token_hex(8)}", event_type.value, recipient, channel, now,
                       tracking_id=report.tracking_id, agency_id=agency_id or report.agency_id,
                       unit_id=report.unit_id, details=details)
            for channel in channels]


def outbox_row(notification_id: str, event_type: str, recipient: str, channel: str, now: datetime, *,
               tracking_id: str | None, agency_id: str | None, unit_id: str | None = None,
               details: dict | None = None) -> NotificationModel:
    """A message waiting for the sender, due at once."""
    now_key = queues.utc_key(now)
    return NotificationModel(
        notification_id, tracking_id=tracking_id, event_type=event_type, recipient=recipient,
        channel=channel, agency_id=agency_id, unit_id=unit_id, details=details, status="pending",
        attempts=0, created_at=now_key, next_attempt_at=now_key,
        pending_shard=f"pending#{queues.shard_of(notification_id)}")


def refresh_index_keys(report: ReportModel, now: datetime, calendar: WorkingDayCalendar, *,
                       entered_queue: bool) -> None:
    """Re-derive the queue, deadline and sweep index keys from the report's state.

    ``entered_queue``: the report has just come into its queue (new, another queue, another
    agency), so it lines up behind what is there; otherwise it keeps its place.
    """
    entered = now
    if not entered_queue and report.queue_since:
        entered = datetime.fromisoformat(report.queue_since.split("#", 1)[0].replace("Z", "+00:00"))
    keys = queues.index_keys(
        tracking_id=report.tracking_id, status=Status(report.status), agency_id=report.agency_id,
        unit_id=report.unit_id, entered_queue_at=entered, agency_deadline=agency_deadline_of(report),
        next_duty=duties.next_duty(duties_of(report, calendar), done_keys_of(report), now), now=now)
    for name, value in keys.items():
        setattr(report, name, value)


def commit(change: Change) -> None:
    report = change.report
    report.updated_at = change.now
    status = Status(report.status)
    entered_queue = (report.agency_id != change.agency_before
                     or queues.QUEUE_OF_STATUS[status] != queues.QUEUE_OF_STATUS[change.status_before])
    refresh_index_keys(report, change.now, change.calendar, entered_queue=entered_queue)
    reports.save_change(report, change.events, change.counters, change.notifications)
