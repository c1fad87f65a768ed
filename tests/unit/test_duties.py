"""What the scheduled jobs owe a report, and when: reminders, breaches and auto-close (no AWS).

The dates are checked against the real Indonesian calendar: 24 Dec 2026 is cuti bersama,
25 Dec Christmas, 1 Jan 2027 New Year.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain import clocks
from chalicelib.domain.calendar import WorkingDayCalendar
from chalicelib.domain.clocks import Deadlines, Stage
from chalicelib.domain.duties import Duty, DutyKind, all_duties, due_now, next_duty, reminder_time
from chalicelib.domain.queues import sweep_bucket
from chalicelib.domain.reports import Status

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
CALENDAR = WorkingDayCalendar()


def local(iso: str, zone: str = WIB) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(zone))


def end_of(day: str, zone: str = WIB) -> datetime:
    return local(f"{day}T23:59:59", zone)


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


def kinds(duties: list[Duty]) -> list[tuple[str, str | None]]:
    return [(duty.kind.value, duty.stage.value if duty.stage else None) for duty in duties]


# A complaint submitted Mon 23 Nov 2026 (no holiday that week or the next).
SUBMITTED = Deadlines(verification_due=end_of("2026-11-26"))
# Verified Mon 23 Nov: first response in 5 working days, completion of a simple complaint in 14.
WITH_AGENCY = Deadlines(verification_due=end_of("2026-11-26"), first_response_due=end_of("2026-11-30"),
                        completion_due=end_of("2026-12-11"))
ANSWERED = replace(WITH_AGENCY, auto_close_due=end_of("2026-12-14"))


# --- when the reminder goes out --------------------------------------------------------------


def test_a_friday_deadline_is_reminded_on_thursday_at_eight():
    assert reminder_time(end_of("2026-11-27"), WIB, CALENDAR) == local("2026-11-26T08:00")


def test_a_monday_deadline_is_reminded_on_the_friday_before():
    assert reminder_time(end_of("2026-11-30"), WIB, CALENDAR) == local("2026-11-27T08:00")


def test_the_reminder_of_a_deadline_after_christmas_skips_the_holidays():
    # The calendar facts the expectation rests on.
    assert not CALENDAR.is_working_day(date(2026, 12, 24))  # cuti bersama
    assert not CALENDAR.is_working_day(date(2026, 12, 25))  # Christmas
    assert CALENDAR.is_working_day(date(2026, 12, 23))
    assert CALENDAR.is_working_day(date(2026, 12, 28))

    assert reminder_time(end_of("2026-12-28"), WIB, CALENDAR) == local("2026-12-23T08:00")


def test_a_deadline_after_new_year_is_reminded_on_the_last_working_day_of_the_year():
    assert not CALENDAR.is_working_day(date(2027, 1, 1))
    assert reminder_time(end_of("2027-01-04"), WIB, CALENDAR) == local("2026-12-31T08:00")


def test_a_wita_agency_is_reminded_at_eight_in_its_own_time_zone():
    reminder = reminder_time(end_of("2026-11-27", WITA), WITA, CALENDAR)

    assert reminder == local("2026-11-26T08:00", WITA)
    assert reminder.utcoffset() == timedelta(hours=8)
    assert reminder.astimezone(timezone.utc) == utc("2026-11-26T00:00:00")


def test_the_reminder_day_is_the_agencys_day_even_when_the_deadline_is_given_in_utc():
    # Friday 27 Nov 23:59:59 WIT is 14:59:59 UTC the same day; Thursday 08:00 WIT is 23:00 UTC on Wednesday.
    reminder = reminder_time(utc("2026-11-27T14:59:59"), WIT, CALENDAR)

    assert reminder == local("2026-11-26T08:00", WIT)
    assert reminder.astimezone(timezone.utc) == utc("2026-11-25T23:00:00")


# --- which duties each status brings ---------------------------------------------------------


def test_an_unverified_report_owes_the_verification_reminder_and_breach():
    duties = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)

    assert kinds(duties) == [("reminder", "verification"), ("breach", "verification")]
    reminder, breach = duties
    assert reminder.at == local("2026-11-25T08:00")
    # The deadline is the last second of Thursday; it is breached the moment that second is over.
    assert breach.at == local("2026-11-27T00:00:00")
    assert {duty.deadline for duty in duties} == {end_of("2026-11-26")}


def test_a_report_with_the_agency_and_no_answer_yet_owes_first_response_and_completion():
    duties = all_duties(Status.DISPOSITIONED, WITH_AGENCY, True, WIB, CALENDAR)

    assert sorted(kinds(duties)) == [("breach", "completion"), ("breach", "first_response"),
                                     ("reminder", "completion"), ("reminder", "first_response")]
    at = {(duty.kind, duty.stage): duty.at for duty in duties}
    assert at[(DutyKind.REMINDER, Stage.FIRST_RESPONSE)] == local("2026-11-27T08:00")
    assert at[(DutyKind.BREACH, Stage.FIRST_RESPONSE)] == local("2026-12-01T00:00")
    assert at[(DutyKind.REMINDER, Stage.COMPLETION)] == local("2026-12-10T08:00")
    assert at[(DutyKind.BREACH, Stage.COMPLETION)] == local("2026-12-12T00:00")


def test_once_the_agency_has_answered_only_completion_is_owed_while_it_still_works_on_it():
    duties = all_duties(Status.IN_PROGRESS, WITH_AGENCY, False, WIB, CALENDAR)

    assert kinds(duties) == [("reminder", "completion"), ("breach", "completion")]


def test_an_answered_report_owes_only_its_auto_close():
    duties = all_duties(Status.RESPONDED, ANSWERED, False, WIB, CALENDAR)

    assert kinds(duties) == [("auto_close", None)]
    assert duties[0].at == local("2026-12-15T00:00")


@pytest.mark.parametrize("status", [Status.ON_HOLD, Status.CLOSED, Status.ARCHIVED])
def test_a_paused_or_finished_report_owes_nothing(status):
    assert all_duties(status, ANSWERED, True, WIB, CALENDAR) == []


# --- what is due now ---------------------------------------------------------------------------


def test_the_reminder_is_due_from_eight_on_the_day_before_and_the_breach_after_the_deadline():
    duties = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)

    assert due_now(duties, set(), local("2026-11-25T07:59:59")) == []
    assert kinds(due_now(duties, set(), local("2026-11-25T08:00"))) == [("reminder", "verification")]
    assert kinds(due_now(duties, set(), end_of("2026-11-26"))) == [("reminder", "verification")]


def test_once_the_deadline_has_passed_the_reminder_is_dropped_and_only_the_breach_is_due():
    duties = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)

    assert kinds(due_now(duties, set(), local("2026-11-27T00:00:00"))) == [("breach", "verification")]
    assert kinds(due_now(duties, set(), local("2026-12-07T10:00"))) == [("breach", "verification")]


def test_a_duty_done_is_not_due_again():
    duties = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)
    reminder, breach = duties

    assert due_now(duties, {reminder.key}, local("2026-11-26T09:00")) == []
    assert due_now(duties, {reminder.key, breach.key}, local("2026-11-27T09:00")) == []


def test_a_moved_deadline_is_a_new_duty_with_its_own_reminder():
    before = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)
    done = {duty.key for duty in due_now(before, set(), local("2026-11-25T08:00"))}
    # Held Tue 24 Nov, resumed Mon 30 Nov: four working days paused, due Wed 2 Dec.
    moved = clocks.extended(SUBMITTED.verification_due, 4, WIB, CALENDAR)
    assert moved == end_of("2026-12-02")
    after = all_duties(Status.SUBMITTED, Deadlines(verification_due=moved), False, WIB, CALENDAR)

    assert {duty.key for duty in after}.isdisjoint(done)
    assert due_now(after, done, local("2026-11-30T10:00")) == []
    reminder = due_now(after, done, local("2026-12-01T08:00"))
    assert kinds(reminder) == [("reminder", "verification")]
    assert reminder[0].deadline == end_of("2026-12-02")


def test_the_next_duty_is_the_earliest_outstanding_one():
    duties = all_duties(Status.DISPOSITIONED, WITH_AGENCY, True, WIB, CALENDAR)
    first = next_duty(duties, set(), local("2026-11-23T10:00"))
    assert (first.kind, first.stage, first.at) == (DutyKind.REMINDER, Stage.FIRST_RESPONSE,
                                                   local("2026-11-27T08:00"))

    then = next_duty(duties, {first.key}, local("2026-11-27T08:00"))
    assert (then.kind, then.stage, then.at) == (DutyKind.BREACH, Stage.FIRST_RESPONSE,
                                                local("2026-12-01T00:00"))


def test_the_next_duty_may_already_be_due_and_is_none_when_all_is_done():
    duties = all_duties(Status.SUBMITTED, SUBMITTED, False, WIB, CALENDAR)
    late = local("2026-12-07T10:00")

    overdue = next_duty(duties, set(), late)
    assert (overdue.kind, overdue.at) == (DutyKind.BREACH, local("2026-11-27T00:00"))
    assert next_duty(duties, {overdue.key}, late) is None


# --- the day bucket a job reads to find a duty --------------------------------------------------


def test_a_duty_already_due_is_filed_under_todays_utc_date():
    a_week_ago = local("2026-11-16T08:00")
    assert sweep_bucket("sla", a_week_ago, local("2026-11-23T10:00")) == "sla#2026-11-23"
    # 06:00 WIB on Tuesday is still Monday in UTC.
    assert sweep_bucket("sla", a_week_ago, local("2026-11-24T06:00")) == "sla#2026-11-23"


def test_a_future_duty_is_filed_under_the_utc_date_it_falls_due():
    now = local("2026-11-23T10:00")
    # A deadline at 23:59:59 WIB is 16:59:59 UTC the same day.
    assert sweep_bucket("close", end_of("2026-11-26"), now) == "close#2026-11-26"
    # 08:00 WIB is 01:00 UTC the same day; 08:00 WIT is 23:00 UTC the day before.
    assert sweep_bucket("sla", local("2026-11-25T08:00"), now) == "sla#2026-11-25"
    assert sweep_bucket("sla", local("2026-11-25T08:00", WIT), now) == "sla#2026-11-24"
