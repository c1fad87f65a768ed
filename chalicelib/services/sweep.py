"""The scheduled jobs that hold agencies to their deadlines: ``sla_sweep`` and ``auto_close`` (which
also ends a pause waiting for a reporter who did not answer in time).

Both read the sparse sweep index one UTC-day bucket at a time, from the oldest bucket
they have not emptied up to today, and only the part already due: the cost follows the
work that is due, not the number of reports. The due reports are re-read a page at a time (one
BatchGetItem, consistent) and each is handled in one transaction under its version, and records the duties it has done, so a second run (or
two at once) finds nothing more to do and queues nothing more to send. A throttle or outage
stops the run without moving its mark: the next run does what this one could not.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from chalicelib.config import get_settings
from chalicelib.domain import duties, queues
from chalicelib.domain.calendar import WorkingDayCalendar
from chalicelib.domain.duties import Duty, DutyKind, Family
from chalicelib.domain.lifecycle import Action, next_status
from chalicelib.domain.reports import ActorRole, EventType, Status, Visibility
from chalicelib.observability import logger
from chalicelib.services import changes
from chalicelib.services.changes import Actor, Change, Recipient, calendar_around, done_keys_of, duties_of
from chalicelib.services.workflow import close_report, end_reporter_pause
from chalicelib.store import faults, jobs, reference, reports
from chalicelib.store.models import ReportModel

SYSTEM = Actor(ActorRole.SYSTEM)
# Buckets stay open a day longer than strictly needed: an index entry written just before
# midnight may reach the index after the next run has started.
_BUCKETS_KEPT_OPEN = timedelta(days=1)
# Due reports re-read together: BatchGetItem's limit (a page read just before it is handled, so a
# report seldom changes in between; if it does, its version check says so and the next run retries).
_REPORTS_PER_READ = 100


@dataclass
class RunResult:
    job: str
    handled: dict[str, int] = field(default_factory=dict)  # duty kind -> reports
    reports_read: int = 0
    conflicts: int = 0
    failures: int = 0
    stopped_early: bool = False
    aws_unavailable: bool = False  # stopped by a throttle or outage; the next run resumes

    def as_dict(self) -> dict:
        return {"job": self.job, "handled": self.handled, "reports_read": self.reports_read,
                "conflicts": self.conflicts, "failures": self.failures, "stopped_early": self.stopped_early,
                "aws_unavailable": self.aws_unavailable}


def sla_sweep(now: datetime | None = None, *, time_budget_seconds: float | None = None) -> RunResult:
    return _run("sla_sweep", Family.SLA, now or datetime.now(timezone.utc), time_budget_seconds)


def auto_close(now: datetime | None = None, *, time_budget_seconds: float | None = None) -> RunResult:
    return _run("auto_close", Family.CLOSE, now or datetime.now(timezone.utc), time_budget_seconds)


@dataclass
class _Run:
    """What one run shares between the reports it handles."""

    family: Family
    now: datetime
    calendar: WorkingDayCalendar
    coordinators: dict[str, str | None] = field(default_factory=dict)  # region -> coordinating agency

    def coordinator_of(self, region_code: str) -> str | None:
        if region_code not in self.coordinators:
            region = reference.get_region(region_code)
            self.coordinators[region_code] = region.coordinator_agency_id if region else None
        return self.coordinators[region_code]


def _first_bucket_day(job: str, today: date) -> date:
    """Where this run starts: the oldest bucket not yet emptied, at most the day before yesterday.

    With no record of earlier runs (a new stage, or lost job state) it looks back as far as any
    report of the stage can have been filed: one cheap Query per empty day, once.
    """
    recorded = jobs.open_from(job)
    if recorded is None:
        recorded = today - timedelta(days=get_settings().sweep_first_run_lookback_days)
    return min(recorded, today - _BUCKETS_KEPT_OPEN)


def _run(job: str, family: Family, now: datetime, time_budget_seconds: float | None) -> RunResult:
    result = RunResult(job)
    try:
        _work_through_buckets(job, family, now, time_budget_seconds, result)
    except Exception as error:
        if not faults.is_passing(error):
            raise
        # DynamoDB is throttling or out: stop here. Whatever was not done is still due and the
        # mark where the next run starts has not moved, so the next run picks it up.
        logger.warning("scheduled job stopped: AWS busy or unavailable", exc_info=True, extra={"job": job})
        result.stopped_early = result.aws_unavailable = True
    logger.info("scheduled job ran", extra=result.as_dict())
    return result


def _work_through_buckets(job: str, family: Family, now: datetime, time_budget_seconds: float | None,
                          result: RunResult) -> None:
    started = time.monotonic()
    run = _Run(family, now, calendar_around(now))
    today = now.astimezone(timezone.utc).date()
    until = queues.utc_key(now)
    still_open: list[date] = []
    day = _first_bucket_day(job, today)
    while day <= today:
        bucket_unfinished = False
        for tracking_id, report in _due_reports(f"{family.value}#{day.isoformat()}", until):
            if time_budget_seconds is not None and time.monotonic() - started > time_budget_seconds:
                result.stopped_early = True
                break
            result.reports_read += 1
            try:
                done = _attend(report, run)
            except reports.VersionConflict:
                # Someone acted on it meanwhile; their write re-files the report. The bucket stays
                # open all the same: a write still under way may yet fail.
                result.conflicts += 1
                bucket_unfinished = True
                continue
            except Exception as error:
                if faults.is_passing(error):
                    raise
                logger.exception("scheduled duty failed", extra={"tracking_id": tracking_id, "job": job})
                result.failures += 1
                bucket_unfinished = True
                continue
            for kind in done:
                result.handled[kind.value] = result.handled.get(kind.value, 0) + 1
        if bucket_unfinished or result.stopped_early:
            still_open.append(day)
        if result.stopped_early:
            break
        day += timedelta(days=1)
    jobs.record_run(job, now, min(still_open + [today - _BUCKETS_KEPT_OPEN]))


def _due_reports(bucket: str, until_key: str) -> Iterator[tuple[str, ReportModel | None]]:
    """The bucket's due reports as stored now (None: gone), read a page at a time."""
    due = reports.due_in_bucket(bucket, until_key)
    while page := list(itertools.islice(due, _REPORTS_PER_READ)):
        stored = reports.reports_by_id(page, consistent_read=True)
        for tracking_id in page:
            yield tracking_id, stored.get(tracking_id)


def _attend(report: ReportModel | None, run: _Run) -> set[DutyKind]:
    """Do what is due for one report, in one transaction; returns the kinds of duty done."""
    if report is None:
        return set()
    tracking_id = report.tracking_id
    current = duties_of(report, run.calendar)
    due = [duty for duty in duties.due_now(current, done_keys_of(report), run.now) if duty.family == run.family]
    if not due:
        return set()  # the index was behind the report
    change = Change(report, run.now, SYSTEM, _calendar=run.calendar)
    for duty in due:
        _HANDLERS[duty.kind](change, duty, run)
    # Remember only what still matters: keys of deadlines that no longer run are dropped.
    current_keys = {duty.key for duty in current}
    report.duties_done = sorted((done_keys_of(report) & current_keys) | {duty.key for duty in due})
    changes.commit(change)
    logger.info("scheduled duties done", extra={"tracking_id": tracking_id,
                                                  "duties": [duty.key for duty in due]})
    return {duty.kind for duty in due}


def _remind(change: Change, duty: Duty, run: _Run) -> None:
    report = change.report
    details = {"stage": duty.stage.value, "deadline": duty.deadline.isoformat()}
    change.event(EventType.REMINDED, Visibility.INTERNAL, details=details)
    change.notify(EventType.REMINDED, Recipient.AGENCY_ADMINS, details=details)
    if report.unit_id:
        change.notify(EventType.REMINDED, Recipient.UNIT_OFFICERS, details=details)


def _mark_breach(change: Change, duty: Duty, run: _Run) -> None:
    """Mark the missed deadline once; tell the agency, its coordinator, the national admins and the reporter."""
    report = change.report
    details = change.breach(duty.stage, duty.deadline)
    change.notify(EventType.DEADLINE_BREACHED, Recipient.AGENCY_ADMINS, details=details)
    coordinator = run.coordinator_of(report.region_code)
    if coordinator and coordinator != report.agency_id:
        change.notify(EventType.DEADLINE_BREACHED, Recipient.COORDINATOR_ADMINS, agency_id=coordinator,
                      details=details)
    change.notify(EventType.DEADLINE_BREACHED, Recipient.NATIONAL_ADMINS, details=details)
    change.notify(EventType.DEADLINE_BREACHED, Recipient.REPORTER, details=details)


def _close_unanswered(change: Change, duty: Duty, run: _Run) -> None:
    change.move_to(next_status(Status(change.report.status), Action.AUTO_CLOSE))
    close_report(change, event_type=EventType.AUTO_CLOSED)


def _go_on_without_reporter(change: Change, duty: Duty, run: _Run) -> None:
    """The reporter did not answer the agency's question in time: its clocks run again, moved by
    the working days of the pause up to its limit (not up to when this job happened to run)."""
    change.move_to(next_status(Status(change.report.status), Action.REPORTER_SILENT))
    paused = end_reporter_pause(change, min(run.now, duty.deadline))
    change.event(EventType.REPORTER_SILENT, Visibility.REPORTER, details={"paused_working_days": paused})
    change.notify(EventType.REPORTER_SILENT, Recipient.AGENCY_ADMINS)
    if change.report.unit_id:
        change.notify(EventType.REPORTER_SILENT, Recipient.UNIT_OFFICERS)


_HANDLERS = {DutyKind.REMINDER: _remind, DutyKind.BREACH: _mark_breach, DutyKind.AUTO_CLOSE: _close_unanswered,
             DutyKind.REPORTER_SILENT: _go_on_without_reporter}
