"""What the scheduled jobs owe a report, and when: reminders, breaches and auto-close.

Each running deadline brings a reminder (to the agency, a working day before it) and a
breach (the moment it has passed); a report answered and waiting for its reporter brings
an auto-close. A duty is done once; the report records which (``done_keys``), so doing
the work again finds nothing left.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from enum import Enum
from zoneinfo import ZoneInfo

from chalicelib.domain import clocks, sla
from chalicelib.domain.calendar import WorkingDayCalendar, local_date
from chalicelib.domain.clocks import Deadlines, Stage
from chalicelib.domain.reports import Status

# Reminders go out at the start of office hours, not at midnight.
REMINDER_LOCAL_TIME = time(8, 0)
# A deadline is the last second of its day; it is breached once that second is over.
_BREACH_AFTER = timedelta(seconds=1)


class DutyKind(str, Enum):
    REMINDER = "reminder"
    BREACH = "breach"
    AUTO_CLOSE = "auto_close"
    REPORTER_SILENT = "reporter_silent"  # the pause waiting for the reporter has reached its limit


class Family(str, Enum):
    """Which job does a duty: the SLA sweep (reminders, breaches) or auto-close (the reporter's clocks)."""

    SLA = "sla"
    CLOSE = "close"


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    stage: Stage | None  # None for the reporter's clocks
    deadline: datetime
    at: datetime  # when it falls due

    @property
    def key(self) -> str:
        return key_of(self.kind, self.stage, self.deadline)

    @property
    def family(self) -> Family:
        return Family.CLOSE if self.kind in (DutyKind.AUTO_CLOSE, DutyKind.REPORTER_SILENT) else Family.SLA


def key_of(kind: DutyKind, stage: Stage | None, deadline: datetime) -> str:
    """Names a duty for one stage and one deadline: a fresh deadline is a new duty."""
    utc_deadline = deadline.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{kind.value}:{stage.value if stage else '-'}:{utc_deadline}"


def carried_over(done_keys: set[str], stage: Stage, old_deadline: datetime, new_deadline: datetime,
                 now: datetime) -> set[str]:
    """Done keys after a pause moved a deadline.

    If the moved deadline has passed too, the breach already marked for the old one stands
    for it: the agency is not escalated twice for one late stage. A moved deadline still
    ahead is a fresh chance, with its own reminder and breach.
    """
    if new_deadline >= now:
        return set(done_keys)
    carried = set(done_keys)
    for kind in (DutyKind.REMINDER, DutyKind.BREACH):
        if key_of(kind, stage, old_deadline) in done_keys:
            carried.add(key_of(kind, stage, new_deadline))
    return carried


def reminder_time(deadline: datetime, time_zone: str, calendar: WorkingDayCalendar) -> datetime:
    """Start of office hours on the working day that is the policy's reminder distance before the deadline."""
    due_day = local_date(deadline, time_zone)
    working_days_before = sla.policy_in_force(due_day).reminder_working_days_before
    day = due_day
    while working_days_before > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            working_days_before -= 1
    return datetime.combine(day, REMINDER_LOCAL_TIME, tzinfo=ZoneInfo(time_zone))


def all_duties(status: Status, deadlines: Deadlines, answer_pending: bool, time_zone: str,
               calendar: WorkingDayCalendar) -> list[Duty]:
    """Every duty the report's current state brings, done or not."""
    duties = []
    for stage, deadline in clocks.running_deadlines(status, deadlines, answer_pending):
        duties.append(Duty(DutyKind.REMINDER, stage, deadline, reminder_time(deadline, time_zone, calendar)))
        duties.append(Duty(DutyKind.BREACH, stage, deadline, deadline + _BREACH_AFTER))
    if status == Status.RESPONDED and deadlines.auto_close_due:
        duties.append(Duty(DutyKind.AUTO_CLOSE, None, deadlines.auto_close_due,
                           deadlines.auto_close_due + _BREACH_AFTER))
    if status == Status.AWAITING_REPORTER and deadlines.reporter_answer_due:
        duties.append(Duty(DutyKind.REPORTER_SILENT, None, deadlines.reporter_answer_due,
                           deadlines.reporter_answer_due + _BREACH_AFTER))
    return duties


def _outstanding(duties: list[Duty], done_keys: set[str], now: datetime) -> list[Duty]:
    """Duties not done, less reminders of deadlines that have already passed (the breach says more)."""
    return [duty for duty in duties if duty.key not in done_keys
            and not (duty.kind == DutyKind.REMINDER and now > duty.deadline)]


def due_now(duties: list[Duty], done_keys: set[str], now: datetime) -> list[Duty]:
    return [duty for duty in _outstanding(duties, done_keys, now) if duty.at <= now]


def next_duty(duties: list[Duty], done_keys: set[str], now: datetime) -> Duty | None:
    """The duty that falls due first, of those still outstanding (it may already be due)."""
    outstanding = _outstanding(duties, done_keys, now)
    return min(outstanding, key=lambda duty: duty.at) if outstanding else None
