"""``daily_digest``: at 07:00 agency time on working days, each agency's admins get one e-mail
with what is new, what falls due this or the next working day, and what is overdue.

The job runs every hour and serves the time zones where it is seven o'clock. The digest
goes through the outbox under an id made of the agency and the day, so running the job
twice sends it once. Agencies with nothing to report get no mail. A throttle or outage stops
the run and leaves the zone's morning open, so the next hourly run serves the rest of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from chalicelib.config import get_settings
from chalicelib.domain.calendar import WorkingDayCalendar
from chalicelib.domain.clocks import END_OF_DAY
from chalicelib.domain.queues import Queue, utc_key
from chalicelib.domain.reports import EventType
from chalicelib.observability import logger
from chalicelib.services.changes import Channel, Recipient, calendar_around, outbox_row
from chalicelib.domain.permissions import Role
from chalicelib.store import faults, jobs, outbox, reference, reports, staff
from chalicelib.store.models import AgencyModel, ReportModel

DIGEST_LOCAL_TIME = time(7, 0)
# Lines listed per section; the totals count everything.
_LINES_PER_SECTION = 20


@dataclass
class DigestResult:
    time_zones: list[str] = field(default_factory=list)
    agencies_checked: int = 0
    digests_queued: int = 0
    already_queued: int = 0
    aws_unavailable: bool = False  # stopped by a throttle or outage; the next run resumes

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def daily_digest(now: datetime | None = None) -> DigestResult:
    now = now or datetime.now(timezone.utc)
    result = DigestResult()
    try:
        calendar = calendar_around(now)
        for zone in reference.AGENCY_TIME_ZONES:
            today = now.astimezone(ZoneInfo(zone)).date()
            is_morning = now.astimezone(ZoneInfo(zone)).hour == DIGEST_LOCAL_TIME.hour
            if (is_morning and calendar.is_working_day(today)) or jobs.open_from(_job(zone)) == today:
                result.time_zones.append(zone)
                _serve(zone, today, now, calendar, result)
    except Exception as error:
        if not faults.is_passing(error):
            raise
        logger.warning("daily digest stopped: AWS busy or unavailable", exc_info=True)
        result.aws_unavailable = True
    logger.info("daily digest", extra=result.as_dict())
    return result


def _job(zone: str) -> str:
    return f"daily_digest#{zone}"


def _serve(zone: str, today: date, now: datetime, calendar: WorkingDayCalendar, result: DigestResult) -> None:
    """The digests of a zone's agencies; the zone's morning stays open until every one is queued."""
    jobs.record_run(_job(zone), now, today)
    # Only agencies with an active admin: a digest goes to admins, and most of the ~11,000 agencies
    # of the national directory have none yet (a query per agency each would be 40,000 a morning).
    staffed = {member.agency_id for member in staff.in_role(Role.AGENCY_ADMIN.value) if not member.disabled_at}
    for agency in reference.agencies_in_time_zone(zone):
        if agency.agency_id not in staffed:
            continue
        result.agencies_checked += 1
        details = _digest_of(agency, now, calendar)
        if details is None:
            continue
        row = outbox_row(f"digest.{agency.agency_id}.{details['day'][:10]}", EventType.DAILY_DIGEST.value,
                         Recipient.AGENCY_ADMINS, Channel.EMAIL, now, tracking_id=None,
                         agency_id=agency.agency_id, details=details)
        if outbox.insert(row):
            result.digests_queued += 1
        else:
            result.already_queued += 1
    jobs.record_run(_job(zone), now, None)


def _line(report: ReportModel, zone: ZoneInfo) -> dict:
    due = datetime.fromisoformat(report.next_due_at.replace("Z", "+00:00")).astimezone(zone) \
        if report.next_due_at else None
    return {"tracking_id": report.tracking_id, "title": report.title, "due": due.isoformat() if due else None}


def _digest_of(agency: AgencyModel, now: datetime, calendar: WorkingDayCalendar) -> dict | None:
    zone = ZoneInfo(agency.time_zone)
    local_now = now.astimezone(zone)
    today = local_now.date()
    # New since the previous working day's digest, so Monday's covers the weekend.
    previous = today - timedelta(days=1)
    while not calendar.is_working_day(previous):
        previous -= timedelta(days=1)
    since = datetime.combine(previous, DIGEST_LOCAL_TIME, tzinfo=zone)
    due_until = datetime.combine(calendar.add_working_days(today, 1), END_OF_DAY, tzinfo=zone)
    new_verification, new_verification_total = reports.entered_agency_queue_since(
        agency.agency_id, Queue.VERIFICATION.value, utc_key(since), _LINES_PER_SECTION)
    new_inbox, new_inbox_total = reports.entered_agency_queue_since(
        agency.agency_id, Queue.INBOX.value, utc_key(since), _LINES_PER_SECTION)
    sections = {
        "new": (sorted(new_verification + new_inbox, key=lambda report: report.queue_since)[:_LINES_PER_SECTION],
                new_verification_total + new_inbox_total),
        "due_soon": reports.agency_due_between(agency.agency_id, utc_key(now), utc_key(due_until),
                                               _LINES_PER_SECTION),
        "overdue": reports.agency_due_between(agency.agency_id, None, utc_key(now), _LINES_PER_SECTION),
    }
    if not any(total for _, total in sections.values()):
        return None
    return {
        "agency_name": agency.name,
        "day": local_now.replace(minute=0, second=0, microsecond=0).isoformat(),
        "console_url": f"{get_settings().public_base_url}/console",
        "totals": {name: total for name, (_, total) in sections.items()},
        **{name: [_line(report, zone) for report in items] for name, (items, _) in sections.items()},
    }
