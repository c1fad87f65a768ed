"""Which deadline clocks run in each status, and how pauses move them (DESIGN §2).

Deadlines are stored as ISO 8601 strings in the agency's time zone; the numbers of
working days come from the SLA policy in force (``sla.py``), never from here.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import Enum
from zoneinfo import ZoneInfo

from chalicelib.domain import sla
from chalicelib.domain.calendar import WorkingDayCalendar, local_date
from chalicelib.domain.reports import Status
from chalicelib.i18n import Text

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Deadlines:
    verification_due: datetime | None = None
    first_response_due: datetime | None = None
    completion_due: datetime | None = None
    auto_close_due: datetime | None = None
    reporter_answer_due: datetime | None = None  # the end of a pause waiting for the reporter

    def as_strings(self) -> dict[str, str | None]:
        return {name: value.isoformat() if value else None for name, value in self.__dict__.items()}

    @classmethod
    def from_strings(cls, stored: dict) -> "Deadlines":
        return cls(**{name: datetime.fromisoformat(stored[name]) if stored.get(name) else None
                      for name in cls.__dataclass_fields__})


def at_disposition(now: datetime, kind: str, complexity: str | None, time_zone: str,
                   calendar: WorkingDayCalendar, deadlines: Deadlines) -> Deadlines:
    """Verification or transfer hands the report to an agency: fresh follow-up clocks."""
    return replace(deadlines,
                   first_response_due=sla.first_response_due(now, time_zone, calendar),
                   completion_due=sla.completion_due(now, kind, complexity, time_zone, calendar),
                   auto_close_due=None)


def at_answer(now: datetime, time_zone: str, calendar: WorkingDayCalendar,
              deadlines: Deadlines) -> Deadlines:
    """The agency answered: the reporter has until auto-close to reply."""
    return replace(deadlines, auto_close_due=sla.auto_close_due(now, time_zone, calendar))


def at_reporter_reply(now: datetime, time_zone: str, calendar: WorkingDayCalendar,
                      deadlines: Deadlines) -> Deadlines:
    """The reporter replied (or said it is not resolved): the follow-up clock starts again."""
    return replace(deadlines, first_response_due=sla.first_response_due(now, time_zone, calendar),
                   auto_close_due=None)


def at_question_to_reporter(now: datetime, time_zone: str, calendar: WorkingDayCalendar,
                            deadlines: Deadlines) -> Deadlines:
    """The agency asked the reporter for information: its clocks pause until the reporter answers,
    at the latest until the policy's limit."""
    return replace(deadlines, reporter_answer_due=sla.reporter_answer_due(now, time_zone, calendar))


def after_reporter_pause(paused_days: int, answer_pending: bool, time_zone: str, calendar: WorkingDayCalendar,
                         deadlines: Deadlines) -> Deadlines:
    """The pause is over: the agency's running deadlines move later by the working days paused."""
    def moved(due: datetime | None) -> datetime | None:
        return extended(due, paused_days, time_zone, calendar) if due else None

    return replace(deadlines, completion_due=moved(deadlines.completion_due),
                   first_response_due=moved(deadlines.first_response_due) if answer_pending
                   else deadlines.first_response_due,
                   reporter_answer_due=None)


def paused_working_days(paused_at: datetime, resumed_at: datetime, time_zone: str,
                        calendar: WorkingDayCalendar) -> int:
    """Working days after the day the pause began, up to and including the day it ended."""
    return calendar.working_days_between(local_date(paused_at, time_zone), local_date(resumed_at, time_zone))


def extended(due: datetime, working_days: int, time_zone: str, calendar: WorkingDayCalendar) -> datetime:
    """A deadline moved later by the working days a report was paused."""
    day = calendar.add_working_days(local_date(due, time_zone), working_days)
    return datetime.combine(day, END_OF_DAY, tzinfo=ZoneInfo(time_zone))


class Stage(str, Enum):
    """A stage of handling whose deadline the agency is held to (DESIGN §2)."""

    VERIFICATION = "verification"
    FIRST_RESPONSE = "first_response"
    COMPLETION = "completion"


STAGE_LABELS = {
    Stage.VERIFICATION: Text("verifikasi", "verification"),
    Stage.FIRST_RESPONSE: Text("tindak lanjut pertama", "first follow-up"),
    Stage.COMPLETION: Text("penyelesaian", "completion"),
}


def running_deadlines(status: Status, deadlines: Deadlines, answer_pending: bool) -> list[tuple[Stage, datetime]]:
    """The deadlines the handling agency is held to now, by stage.

    After an answer the clock that runs is the reporter's (auto-close), not the agency's;
    on hold, the verification clock is paused; waiting for the reporter, the follow-up clocks are.
    """
    if status == Status.SUBMITTED:
        running = [(Stage.VERIFICATION, deadlines.verification_due)]
    elif status == Status.REPORTER_REPLIED:
        # The agency has answered once; what it owes now is its next answer, within a fresh
        # follow-up deadline, even if the original completion date has passed.
        running = [(Stage.FIRST_RESPONSE, deadlines.first_response_due)]
    elif status in (Status.DISPOSITIONED, Status.IN_PROGRESS):
        running = [(Stage.COMPLETION, deadlines.completion_due)]
        if answer_pending:
            running.insert(0, (Stage.FIRST_RESPONSE, deadlines.first_response_due))
    else:
        running = []
    return [(stage, due) for stage, due in running if due is not None]


_OPEN_STATUSES = {
    Stage.VERIFICATION: (Status.SUBMITTED, Status.ON_HOLD),  # on hold the clock pauses; the work is not done
    # A pause does not cure a deadline already missed.
    Stage.FIRST_RESPONSE: (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.AWAITING_REPORTER, Status.REPORTER_REPLIED),
    Stage.COMPLETION: (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.AWAITING_REPORTER),
}
_DUE_FIELD = {Stage.VERIFICATION: "verification_due", Stage.FIRST_RESPONSE: "first_response_due",
              Stage.COMPLETION: "completion_due"}


def breach_still_open(stage: Stage, missed: datetime, status: Status, deadlines: Deadlines,
                      answer_pending: bool, now: datetime) -> bool:
    """Whether a missed deadline still makes the report overdue: until the agency finishes the
    stage, or a pause moves the stage's deadline to a time still ahead."""
    if status not in _OPEN_STATUSES[stage] or (stage == Stage.FIRST_RESPONSE and not answer_pending):
        return False
    current = getattr(deadlines, _DUE_FIELD[stage])
    return current is None or current == missed or current < now


def agency_deadline(status: Status, deadlines: Deadlines, answer_pending: bool) -> datetime | None:
    """The earliest deadline the handling agency is held to now; past it, the report is overdue."""
    running = running_deadlines(status, deadlines, answer_pending)
    return min(due for _, due in running) if running else None
