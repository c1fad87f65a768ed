"""Which clock runs in which status, and how a pause moves a deadline."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain import clocks
from chalicelib.domain.calendar import WorkingDayCalendar
from chalicelib.domain.reports import Status

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkingDayCalendar()


def wib(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=WIB)


DEADLINES = clocks.Deadlines(verification_due=wib("2026-11-26T23:59:59"),
                             first_response_due=wib("2026-12-07T23:59:59"),
                             completion_due=wib("2026-12-01T23:59:59"),
                             auto_close_due=wib("2026-12-10T23:59:59"))


def test_an_unverified_report_is_held_to_its_verification_deadline():
    assert clocks.agency_deadline(Status.SUBMITTED, DEADLINES, answer_pending=False) == DEADLINES.verification_due


def test_with_the_agency_the_earlier_of_follow_up_and_completion_counts_until_it_answers():
    assert clocks.agency_deadline(Status.IN_PROGRESS, DEADLINES, answer_pending=True) == DEADLINES.completion_due
    later = clocks.Deadlines(first_response_due=wib("2026-11-30T23:59:59"),
                             completion_due=wib("2026-12-11T23:59:59"))
    assert clocks.agency_deadline(Status.DISPOSITIONED, later, answer_pending=True) == later.first_response_due
    assert clocks.agency_deadline(Status.IN_PROGRESS, later, answer_pending=False) == later.completion_due


def test_after_a_reporters_reply_only_the_fresh_follow_up_deadline_counts():
    # Completion was due 1 Dec; the reply on 2 Dec gives the agency until 9 Dec to answer again.
    replied = clocks.Deadlines(first_response_due=wib("2026-12-09T23:59:59"),
                               completion_due=wib("2026-12-01T23:59:59"))
    assert clocks.agency_deadline(Status.REPORTER_REPLIED, replied, answer_pending=True) == replied.first_response_due


def test_no_agency_clock_runs_while_paused_answered_or_finished():
    for status in (Status.ON_HOLD, Status.RESPONDED, Status.CLOSED, Status.ARCHIVED):
        assert clocks.agency_deadline(status, DEADLINES, answer_pending=True) is None


def test_a_pause_counts_the_working_days_after_it_began_up_to_the_day_it_ended():
    # Held Tuesday 22 Dec, resumed Tuesday 29 Dec: 23, 28, 29 Dec (24 cuti bersama, 25 Christmas).
    assert clocks.paused_working_days(wib("2026-12-22T10:00"), wib("2026-12-29T10:00"), "Asia/Jakarta",
                                      CALENDAR) == 3
    assert clocks.paused_working_days(wib("2026-12-22T10:00"), wib("2026-12-22T16:00"), "Asia/Jakarta",
                                      CALENDAR) == 0


def test_a_deadline_extended_over_new_year_skips_the_holiday():
    extended = clocks.extended(wib("2026-12-31T23:59:59"), 2, "Asia/Jakarta", CALENDAR)
    assert extended == wib("2027-01-06T23:59:59")  # 4 Jan, (5 Jan Isra Mi'raj), 6 Jan


def test_deadlines_survive_storage_as_text():
    assert clocks.Deadlines.from_strings(DEADLINES.as_strings()) == DEADLINES
