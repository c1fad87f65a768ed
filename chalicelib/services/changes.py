"""A change to a report, collected while a use case runs and written in one transaction.

A use case mutates the report, adds timeline events, counters and notifications to a
``Change``; ``commit`` derives the index keys from the report's new state and hands
everything to the repository, which writes it all or nothing under a version check.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib.domain import clocks, duties, phones, queues, statistics
from chalicelib.domain.calendar import WorkingDayCalendar, local_date
from chalicelib.domain.clocks import Stage
from chalicelib.domain.reports import ActorRole, EventType, Status, Visibility
from chalicelib.domain.statistics import CounterIncrement
from chalicelib.store import reference, reports
from chalicelib.store.models import (BreachAttribute, NotificationModel, ReportEventModel, ReportModel,
                                     ReporterAttribute)

# A deadline is 23:59:59; the report is overdue from the next second.
OVERDUE_AFTER = timedelta(seconds=1)


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
    OVERSIGHT_BODY = "oversight_body"  # one configured address of an oversight body
    # The reporters of the reports merged into this one (its ``followers``): the sender turns one
    # such row into a reporter row per follower and channel (services/delivery.py).
    FOLLOWERS = "followers"


# A public update of a report with followers reaches them too (services/duplicates.py).
FOLLOWED_EVENTS = frozenset({EventType.VERIFIED, EventType.ARCHIVED, EventType.TRANSFERRED, EventType.UPDATED,
                             EventType.RESPONDED, EventType.CLOSED, EventType.DEADLINE_BREACHED, EventType.ESCALATED})


class Channel:
    EMAIL = "email"
    SMS = "sms"
    FAN_OUT = "fan_out"  # a followers row: expanded by the sender, never sent itself


def deadlines_of(report: ReportModel) -> clocks.Deadlines:
    return clocks.Deadlines.from_strings(report.deadlines.as_dict() if report.deadlines else {})


def clock_status(report: ReportModel) -> Status:
    """The status whose clocks run: a final answer awaiting approval keeps those of where it was drafted."""
    status = Status(report.status)
    if status == Status.AWAITING_APPROVAL and report.draft_answer is not None:
        return Status(report.draft_answer.from_status)
    return status


def agency_deadline_of(report: ReportModel) -> datetime | None:
    """The deadline the handling agency is held to now; past it, the report is overdue."""
    return clocks.agency_deadline(clock_status(report), deadlines_of(report), bool(report.answer_pending))


def done_keys_of(report: ReportModel) -> set[str]:
    return set(report.duties_done or [])


def duties_of(report: ReportModel, calendar: WorkingDayCalendar) -> list[duties.Duty]:
    return duties.all_duties(clock_status(report), deadlines_of(report), bool(report.answer_pending),
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
    counters: list[CounterIncrement] = field(default_factory=list)
    notifications: list[NotificationModel] = field(default_factory=list)
    updates: list[tuple] = field(default_factory=list)  # (item, update actions) in the same transaction
    # Other reports changed in the same transaction (a duplicate's original), each under its version.
    linked: list[Change] = field(default_factory=list)
    _calendar: WorkingDayCalendar | None = None
    _deadlines_to_record: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        report = self.report
        self.status_before = Status(report.status)
        self.agency_before = report.agency_id
        self.topic_before = report.topic
        self.time_zone_before = report.time_zone
        self.running_before = clocks.running_deadlines(clock_status(report), deadlines_of(report),
                                                       bool(report.answer_pending))
        self.overdue_before = any(breach.resolved_at is None for breach in report.breaches or [])
        self.breaches_added: list[BreachAttribute] = []

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
        self._deadlines_to_record = True

    def move_to(self, status: Status) -> None:
        self.report.status = status.value

    def event(self, event_type: EventType, visibility: Visibility, *, message: str | None = None,
              note: str | None = None, details: dict | None = None, at: datetime | None = None) -> ReportEventModel:
        """Add a timeline event, and return it; ``at`` when it happened before this change (a breach found late)."""
        actor = self.actor
        at = at or self.now
        details = {key: value for key, value in (details or {}).items() if value is not None}
        if self._deadlines_to_record:
            # The timeline keeps the deadlines each change set, so every figure can be recomputed from it.
            details["deadlines"] = {name: value for name, value in self.report.deadlines.as_dict().items() if value}
            self._deadlines_to_record = False
        if note:
            details["note"] = note
        event = ReportEventModel(
            self.report.tracking_id, reports.event_key(at, len(self.events)),
            event_type=event_type.value, at=at, actor_role=actor.role.value, actor_agency_id=actor.agency_id, actor_username=actor.username,
            visibility=visibility.value, status_from=self.status_before.value, status_to=self.report.status,
            message=message, details=details or None)
        self.events.append(event)
        return event

    def count(self, metrics: dict[str, int], *, agency_id: str | None = None, at: datetime | None = None,
              as_before: bool = False) -> None:
        """Add to the counters of every scope the report counts in, on the local day of ``at``
        (by default now): of its current agency unless ``agency_id`` says another, or of the agency,
        topic and time zone it had before this change (``as_before``)."""
        if not metrics:
            return
        report = self.report
        if as_before:
            agency_id, topic, time_zone = self.agency_before, self.topic_before, self.time_zone_before
        else:
            agency_id, topic, time_zone = agency_id or report.agency_id, report.topic, report.time_zone
        self.counters += statistics.increments(
            metrics, local_date(at or self.now, time_zone), agency_id=agency_id,
            region_code=report.region_code, topic=topic, kind=report.kind, channel=report.channel)

    def breach(self, stage: Stage, deadline: datetime, *, found_late: bool = False) -> dict:
        """Mark a missed deadline once, for the agency that held the report: on the report, in its
        timeline and in the counters of the day it was missed. Returns the details messages carry.

        ``found_late``: the change that ended the stage late found it before any sweep did; its
        timeline event goes where the deadline passed.
        """
        report = self.report
        missed_at = deadline + OVERDUE_AFTER
        breach = BreachAttribute(stage=stage.value, deadline=deadline.isoformat(),
                                 agency_id=self.agency_before, detected_at=self.now)
        report.breaches = list(report.breaches or []) + [breach]
        self.breaches_added.append(breach)
        details = {"stage": stage.value, "deadline": deadline.isoformat()}
        self.event(EventType.DEADLINE_BREACHED, Visibility.PUBLIC, details=details,
                   at=missed_at if found_late else None)
        self.count(statistics.event_metrics(EventType.DEADLINE_BREACHED, breached_stage=stage.value),
                   at=missed_at, as_before=True)
        return details

    def notify(self, event_type: EventType, recipient: str, *, agency_id: str | None = None,
               details: dict | None = None) -> None:
        self.notifications += notifications(self.report, event_type, recipient, self.now, agency_id=agency_id,
                                            details=details, acted_by=self.actor.username)
        if recipient == Recipient.REPORTER and self.report.followers and self._public_update(event_type):
            self.notifications.append(outbox_row(
                f"{self.report.tracking_id}.followers.{secrets.token_hex(8)}", event_type.value, Recipient.FOLLOWERS,
                Channel.FAN_OUT, self.now, tracking_id=self.report.tracking_id,
                agency_id=agency_id or self.report.agency_id, details=details, acted_by=self.actor.username))

    def _public_update(self, event_type: EventType) -> bool:
        """Whether the reporter hears of something the public may read (followers hear of that,
        never of a hold or an answer meant for the reporter alone)."""
        if event_type not in FOLLOWED_EVENTS:
            return False
        main = [event for event in self.events if event.event_type != EventType.DEADLINE_BREACHED.value]
        return bool(self.events) and (main or self.events)[-1].visibility == Visibility.PUBLIC.value


def reporter_channels(contact: ReporterAttribute | None) -> list[str]:
    """How a reporter hears of their report: by e-mail when they gave one, by SMS when they gave a
    mobile number (a landline is kept for staff to call, but takes no SMS)."""
    if contact is None:
        return []
    return [channel for channel, reachable in ((Channel.EMAIL, bool(contact.email)),
                                               (Channel.SMS, phones.is_mobile(contact.phone))) if reachable]


def notifications(report: ReportModel, event_type: EventType, recipient: str, now: datetime, *,
                  agency_id: str | None = None, details: dict | None = None,
                  acted_by: str | None = None) -> list[NotificationModel]:
    """Outbox rows, one per channel: the reporter by e-mail and SMS when they gave those, staff by e-mail.

    ``agency_id``: whose staff hear of it, when not the report's agency (a coordinator).
    ``acted_by``: the username of the staff member whose action this is, who is not told of it.
    """
    channels = reporter_channels(report.reporter) if recipient == Recipient.REPORTER else [Channel.EMAIL]
    return [outbox_row(f"{report.tracking_id}.{secrets.token_hex(8)}", event_type.value, recipient, channel, now,
                       tracking_id=report.tracking_id, agency_id=agency_id or report.agency_id,
                       unit_id=report.unit_id, details=details, acted_by=acted_by)
            for channel in channels]


def outbox_row(notification_id: str, event_type: str, recipient: str, channel: str, now: datetime, *,
               tracking_id: str | None, agency_id: str | None, unit_id: str | None = None,
               details: dict | None = None, acted_by: str | None = None) -> NotificationModel:
    """A message waiting for the sender, due at once."""
    now_key = queues.utc_key(now)
    return NotificationModel(
        notification_id, tracking_id=tracking_id, event_type=event_type, recipient=recipient,
        channel=channel, agency_id=agency_id, unit_id=unit_id, details=details, acted_by=acted_by,
        status="pending", attempts=0, created_at=now_key, next_attempt_at=now_key,
        pending_shard=f"pending#{queues.shard_of(notification_id)}")


def refresh_index_keys(report: ReportModel, now: datetime, calendar: WorkingDayCalendar, *,
                       entered_queue: bool) -> None:
    """Re-derive the queue, deadline, sweep and public-list index keys from the report's state.

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
    keys.update(queues.public_list_keys(tracking_id=report.tracking_id, status=Status(report.status),
                                        privacy=report.privacy, region_code=report.region_code,
                                        verified_at=report.verified_at))
    read = report.suggestion
    keys["routed_watch"] = queues.routed_watch_key(Status(report.status), bool(read and read.routed),
                                                   read.coordinator_id if read else None)
    for name, value in keys.items():
        setattr(report, name, value)


def _settle_breaches(change: Change) -> None:
    """The one place missed deadlines are kept: mark those this change ended late before any
    sweep saw them, resolve those whose stage is done, and keep the open-overdue count."""
    report = change.report
    now = change.now
    status, deadlines, pending = clock_status(report), deadlines_of(report), bool(report.answer_pending)
    moved_agency = report.agency_id != change.agency_before
    running_after = {} if moved_agency else dict(clocks.running_deadlines(status, deadlines, pending))
    marked = {(breach.stage, breach.deadline) for breach in report.breaches or []}
    for stage, due in change.running_before:
        if due < now and running_after.get(stage) != due and (stage.value, due.isoformat()) not in marked:
            change.breach(stage, due, found_late=True)
    for breach in report.breaches or []:
        if breach.resolved_at is None and (moved_agency or not clocks.breach_still_open(
                Stage(breach.stage), datetime.fromisoformat(breach.deadline), status, deadlines, pending, now)):
            breach.resolved_at = now
    overdue_after = any(breach.resolved_at is None for breach in report.breaches or [])
    became_overdue = not change.overdue_before and bool(change.breaches_added)
    if became_overdue:
        first_missed = min(datetime.fromisoformat(breach.deadline) for breach in change.breaches_added)
        change.count({statistics.OVERDUE_OPEN: 1}, at=first_missed + OVERDUE_AFTER, as_before=True)
    if (change.overdue_before or became_overdue) and not overdue_after:
        change.count({statistics.OVERDUE_OPEN: -1}, as_before=True)


def commit(change: Change) -> None:
    report = change.report
    _settle_breaches(change)
    report.updated_at = change.now
    status = Status(report.status)
    entered_queue = (report.agency_id != change.agency_before
                     or queues.QUEUE_OF_STATUS[status] != queues.QUEUE_OF_STATUS[change.status_before])
    refresh_index_keys(report, change.now, change.calendar, entered_queue=entered_queue)
    for other in change.linked:
        other.report.updated_at = change.now
    reports.save_change(report, change.events, change.counters,
                        change.notifications + [row for other in change.linked for row in other.notifications],
                        linked=[(other.report, other.events) for other in change.linked], updates=change.updates)
