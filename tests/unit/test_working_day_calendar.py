"""Working days and deadlines against the real 2026 Indonesian holiday and cuti bersama list."""

from datetime import date, datetime, timezone

import pytest

from chalicelib.domain.calendar import WorkingDayCalendar, deadline_after, local_date

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"


@pytest.fixture
def calendar():
    return WorkingDayCalendar()


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


def test_nyepi_and_idul_fitri_joint_leave_are_not_working_days(calendar):
    for day in range(18, 25):  # Wed 18 March .. Tue 24 March 2026
        assert not calendar.is_working_day(date(2026, 3, day))
    assert calendar.is_working_day(date(2026, 3, 17))
    assert calendar.is_working_day(date(2026, 3, 25))


def test_holiday_names_come_in_indonesian_and_english(calendar):
    assert calendar.holiday_name(date(2026, 3, 19)) == "Hari Suci Nyepi"
    assert calendar.holiday_name(date(2026, 3, 18)) == "Cuti Bersama Hari Suci Nyepi"
    assert calendar.holiday_name(date(2026, 12, 24), language="en") == "Christmas Joint Holiday"
    assert calendar.holiday_name(date(2026, 3, 17)) is None


def test_a_weekend_is_not_a_working_day_but_has_no_holiday_name(calendar):
    saturday = date(2026, 4, 11)
    assert not calendar.is_working_day(saturday)
    assert calendar.holiday_name(saturday) is None


def test_admin_added_holiday_is_named_and_not_a_working_day():
    calendar = WorkingDayCalendar(extra_holidays=[date(2026, 3, 26)])
    assert not calendar.is_working_day(date(2026, 3, 26))
    assert calendar.holiday_name(date(2026, 3, 26)) == "Hari libur tambahan"
    assert calendar.holiday_name(date(2026, 3, 26), language="en") == "Additional holiday"


def test_three_working_days_from_tuesday_before_nyepi_end_on_friday_after_lebaran(calendar):
    # Off: 18 (Nyepi joint), 19 (Nyepi), 20 (Idul Fitri joint), 21-22 weekend, 23-24 joint leave.
    received = datetime.fromisoformat("2026-03-17T10:00:00+07:00")
    due = deadline_after(received, 3, WIB, calendar)
    assert due.isoformat() == "2026-03-27T23:59:59+07:00"


def test_admin_added_holiday_pushes_the_deadline_one_working_day_later():
    calendar = WorkingDayCalendar(extra_holidays=[date(2026, 3, 26)])
    received = datetime.fromisoformat("2026-03-17T10:00:00+07:00")
    due = deadline_after(received, 3, WIB, calendar)
    assert due.isoformat() == "2026-03-30T23:59:59+07:00"  # 25, 27, then Monday 30


def test_report_received_on_friday_evening_counts_from_monday(calendar):
    received = datetime.fromisoformat("2026-04-10T19:00:00+07:00")
    assert deadline_after(received, 3, WIB, calendar).isoformat() == "2026-04-15T23:59:59+07:00"


def test_friday_morning_and_friday_evening_get_the_same_deadline_because_the_start_day_never_counts(calendar):
    morning = datetime.fromisoformat("2026-04-10T07:00:00+07:00")
    evening = datetime.fromisoformat("2026-04-10T19:00:00+07:00")
    assert deadline_after(morning, 3, WIB, calendar) == deadline_after(evening, 3, WIB, calendar)


def test_report_received_on_saturday_counts_from_monday(calendar):
    received = datetime.fromisoformat("2026-04-11T09:00:00+07:00")
    assert deadline_after(received, 3, WIB, calendar).isoformat() == "2026-04-15T23:59:59+07:00"


def test_report_received_on_good_friday_counts_from_the_following_monday(calendar):
    received = datetime.fromisoformat("2026-04-03T09:00:00+07:00")
    assert deadline_after(received, 3, WIB, calendar).isoformat() == "2026-04-08T23:59:59+07:00"


def test_report_received_on_a_monday_does_not_count_that_monday(calendar):
    received = datetime.fromisoformat("2026-04-13T08:00:00+07:00")
    assert deadline_after(received, 3, WIB, calendar).isoformat() == "2026-04-16T23:59:59+07:00"


def test_zero_working_days_is_the_end_of_the_local_start_day(calendar):
    received = datetime.fromisoformat("2026-04-11T09:00:00+07:00")
    assert deadline_after(received, 0, WIB, calendar).isoformat() == "2026-04-11T23:59:59+07:00"


def test_start_day_is_the_local_date_in_the_agency_time_zone():
    instant = utc("2026-03-17T17:30:00")
    assert local_date(instant, WIB) == date(2026, 3, 18)
    assert local_date(instant, "UTC") == date(2026, 3, 17)


def test_same_instant_is_tuesday_night_in_jakarta_but_wednesday_in_makassar(calendar):
    instant = utc("2026-05-12T16:30:00")
    assert local_date(instant, WIB) == date(2026, 5, 12)  # 23:30 WIB
    assert local_date(instant, WITA) == date(2026, 5, 13)  # 00:30 WITA

    # WIB counts Wed 13, Mon 18, Tue 19 (14 Ascension Day, 15 its joint holiday).
    assert deadline_after(instant, 3, WIB, calendar).isoformat() == "2026-05-19T23:59:59+07:00"
    # WITA starts on the 13th, so counts Mon 18, Tue 19, Wed 20.
    assert deadline_after(instant, 3, WITA, calendar).isoformat() == "2026-05-20T23:59:59+08:00"


def test_jayapura_deadline_carries_the_wit_offset(calendar):
    instant = utc("2026-05-12T16:30:00")  # 01:30 WIT on Wed 13 May
    due = deadline_after(instant, 3, WIT, calendar)
    assert due.isoformat() == "2026-05-20T23:59:59+09:00"
    assert due.astimezone(timezone.utc).isoformat() == "2026-05-20T14:59:59+00:00"


def test_deadline_crosses_christmas_and_new_year(calendar):
    started = datetime.fromisoformat("2026-12-23T10:00:00+07:00")
    # Off: 24 Dec joint leave, 25 Christmas, weekend, 1 Jan 2027 New Year, 5 Jan 2027 Isra Mi'raj.
    assert deadline_after(started, 3, WIB, calendar).isoformat() == "2026-12-30T23:59:59+07:00"
    assert deadline_after(started, 5, WIB, calendar).isoformat() == "2027-01-04T23:59:59+07:00"
    assert deadline_after(started, 6, WIB, calendar).isoformat() == "2027-01-06T23:59:59+07:00"


def test_naive_start_is_rejected(calendar):
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_after(datetime(2026, 3, 17, 10, 0), 3, WIB, calendar)


def test_negative_working_days_are_rejected(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 17), -1)


def test_add_zero_working_days_returns_the_start_day(calendar):
    assert calendar.add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 21)


def test_working_days_between_skips_holidays_and_excludes_the_start_day(calendar):
    assert calendar.working_days_between(date(2026, 3, 17), date(2026, 3, 27)) == 3
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1  # Fri -> Mon
    assert calendar.working_days_between(date(2026, 12, 23), date(2027, 1, 6)) == 6


def test_working_days_between_is_zero_when_end_is_not_after_start(calendar):
    assert calendar.working_days_between(date(2026, 3, 27), date(2026, 3, 27)) == 0
    assert calendar.working_days_between(date(2026, 3, 27), date(2026, 3, 17)) == 0


def test_working_days_between_undoes_add_working_days(calendar):
    start = date(2026, 5, 12)
    assert calendar.working_days_between(start, calendar.add_working_days(start, 10)) == 10
