"""The local stand-in for EventBridge (devtools/scheduler.py) reads schedules as EventBridge does.

EventBridge cron has six fields, ``cron(minutes hours day-of-month month day-of-week year)``,
runs in UTC, and numbers the days of the week 1 = SUN .. 7 = SAT.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from devtools.scheduler import cron_matches, is_due, rate_seconds, scheduled_event, scheduled_functions

WIB = ZoneInfo("Asia/Jakarta")


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


def test_every_hour_on_the_hour_fires_at_minute_zero_only():
    hourly = "cron(0 * * * ? *)"

    assert cron_matches(hourly, utc("2026-11-24T00:00"))
    assert cron_matches(hourly, utc("2026-11-24T23:00"))
    assert not cron_matches(hourly, utc("2026-11-24T00:01"))
    assert not cron_matches(hourly, utc("2026-11-24T10:59"))


def test_the_first_of_the_month_fires_once_at_midnight_utc():
    monthly = "cron(0 0 1 * ? *)"

    assert cron_matches(monthly, utc("2026-12-01T00:00"))
    assert not cron_matches(monthly, utc("2026-12-01T01:00"))
    assert not cron_matches(monthly, utc("2026-12-02T00:00"))
    # The schedule is in UTC: 07:00 WIB on the 1st is midnight UTC, midnight WIB is still the 30th in UTC.
    assert cron_matches(monthly, datetime(2026, 12, 1, 7, 0, tzinfo=WIB))
    assert not cron_matches(monthly, datetime(2026, 12, 1, 0, 0, tzinfo=WIB))


@pytest.mark.parametrize("weekdays", ["MON-FRI", "2-6", "mon-fri"])
def test_weekday_ranges_use_eventbridge_numbering_where_sunday_is_one(weekdays):
    expression = f"cron(0 1 ? * {weekdays} *)"
    week = {day: utc(f"2026-11-{day}T01:00") for day in range(22, 29)}  # Sun 22 .. Sat 28 Nov 2026

    assert [day for day, at in week.items() if cron_matches(expression, at)] == [23, 24, 25, 26, 27]


def test_a_single_day_of_the_week_by_number_or_name():
    sunday, monday, saturday = utc("2026-11-22T01:00"), utc("2026-11-23T01:00"), utc("2026-11-28T01:00")

    assert cron_matches("cron(0 1 ? * 1 *)", sunday)
    assert not cron_matches("cron(0 1 ? * 1 *)", monday)
    assert cron_matches("cron(0 1 ? * SUN *)", sunday)
    assert cron_matches("cron(0 1 ? * 7 *)", saturday)
    assert cron_matches("cron(0 1 ? * SAT,SUN *)", saturday)
    assert not cron_matches("cron(0 1 ? * SAT,SUN *)", monday)


def test_month_names_and_years():
    assert cron_matches("cron(0 0 1 JAN ? *)", utc("2027-01-01T00:00"))
    assert not cron_matches("cron(0 0 1 JAN ? *)", utc("2026-12-01T00:00"))
    assert cron_matches("cron(0 0 1 JAN ? 2027)", utc("2027-01-01T00:00"))
    assert not cron_matches("cron(0 0 1 JAN ? 2028)", utc("2027-01-01T00:00"))


def test_steps_fire_from_their_start_every_n_minutes():
    quarter_hours = "cron(0/15 * * * ? *)"
    fired = [minute for minute in range(60) if cron_matches(quarter_hours, utc("2026-11-24T10:00")
                                                             + timedelta(minutes=minute))]
    assert fired == [0, 15, 30, 45]

    offset = [minute for minute in range(60) if cron_matches("cron(5/20 * * * ? *)", utc("2026-11-24T10:00")
                                                             + timedelta(minutes=minute))]
    assert offset == [5, 25, 45]


def test_something_that_is_not_a_cron_expression_never_fires():
    assert not cron_matches("rate(15 minutes)", utc("2026-11-24T10:00"))


def test_rates_in_seconds():
    assert rate_seconds("rate(15 minutes)") == 900
    assert rate_seconds("rate(1 minute)") == 60
    assert rate_seconds("rate(2 hours)") == 7200
    assert rate_seconds("rate(1 day)") == 86400
    assert rate_seconds("cron(0 * * * ? *)") is None
    assert rate_seconds("rate(15 fortnights)") is None


def test_a_rate_is_due_a_full_period_after_the_last_run():
    last_run = utc("2026-11-24T10:00")

    assert not is_due("rate(15 minutes)", last_run + timedelta(minutes=14), last_run)
    assert is_due("rate(15 minutes)", last_run + timedelta(minutes=15), last_run)
    assert is_due("rate(15 minutes)", last_run + timedelta(minutes=40), last_run)
    assert is_due("rate(15 minutes)", last_run, None)


def test_a_cron_runs_once_in_the_minute_it_matches():
    hourly = "cron(0 * * * ? *)"
    ten = utc("2026-11-24T10:00")

    assert is_due(hourly, ten, None)
    assert is_due(hourly, ten, utc("2026-11-24T09:00"))
    assert not is_due(hourly, ten, ten)
    assert not is_due(hourly, utc("2026-11-24T10:01"), utc("2026-11-24T09:00"))


def test_every_scheduled_function_of_the_app_is_understood_by_the_local_scheduler():
    from app import app

    schedules = dict(scheduled_functions(app))

    assert {"sla_sweep", "auto_close", "send_notifications", "daily_digest"} <= set(schedules)
    for name, expression in schedules.items():
        if rate_seconds(expression) is not None:
            continue
        assert expression.startswith("cron(") and len(expression[5:-1].split()) == 6, f"{name}: {expression}"
        # Parses without error and fires at some minute of 2026 (stops at the first match).
        minutes = (utc("2026-01-01T00:00") + timedelta(minutes=n) for n in range(365 * 24 * 60))
        assert any(cron_matches(expression, at) for at in minutes), f"{name} never fires: {expression}"


def test_the_app_schedules_match_what_the_jobs_promise():
    from app import app

    schedules = dict(scheduled_functions(app))

    assert rate_seconds(schedules["sla_sweep"]) == 15 * 60
    assert rate_seconds(schedules["auto_close"]) == 15 * 60
    assert rate_seconds(schedules["send_notifications"]) == 60
    # The digest runs every hour on the hour, so 07:00 comes round in WIB, WITA and WIT.
    digest = schedules["daily_digest"]
    assert all(cron_matches(digest, utc(f"2026-11-24T{hour:02d}:00")) for hour in range(24))
    assert not cron_matches(digest, utc("2026-11-24T00:30"))


def test_the_event_looks_like_an_eventbridge_scheduled_event():
    event = scheduled_event("sla_sweep", utc("2026-11-24T03:15"))

    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["time"] == "2026-11-24T03:15:00Z"
    assert event["resources"][0].endswith("rule/aduan-sla_sweep")
