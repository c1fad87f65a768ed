"""SLA policies: shipped regulation numbers, choice by effective date, and the derived deadlines."""

import json
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from chalicelib.domain.calendar import WorkingDayCalendar
from chalicelib.domain.sla import (
    DEFAULT_POLICIES_PATH,
    SlaPolicy,
    auto_close_due,
    completion_due,
    first_response_due,
    load_policies,
    policy_in_force,
    verification_due,
)

WIB = "Asia/Jakarta"

OLD_POLICY = SlaPolicy(
    id="old",
    title="Old regulation",
    effective_from=date(2018, 1, 1),
    verification_days=3,
    first_response_days=5,
    auto_close_days=10,
    reporter_answer_days=10,
    completion_days={
        "aspiration": 5,
        "information_request": 5,
        "complaint_simple": 14,
        "complaint_investigation": 60,
    },
    escalation_max_age_days=730,
    reminder_working_days_before=1,
    reopen_window_working_days=10,
    recorded_report_max_age_days=730,
    recorded_report_late_reason_after_days=14,
)
NEW_POLICY = replace(
    OLD_POLICY, id="new", title="New regulation", effective_from=date(2026, 6, 1), verification_days=2
)
TWO_POLICIES = (OLD_POLICY, NEW_POLICY)


@pytest.fixture
def calendar():
    return WorkingDayCalendar()


def wib(iso: str) -> datetime:
    return datetime.fromisoformat(iso + "+07:00")


def test_shipped_policy_has_the_permenpan_rb_62_2018_numbers():
    (policy,) = load_policies()
    assert policy.id == "permenpan-rb-62-2018"
    assert policy.effective_from == date(2018, 1, 1)
    assert policy.verification_days == 3
    assert policy.first_response_days == 5
    assert policy.auto_close_days == 10
    assert dict(policy.completion_days) == {
        "aspiration": 5,
        "information_request": 5,
        "complaint_simple": 14,
        "complaint_investigation": 60,
    }
    assert policy.escalation_max_age_days == 730
    assert policy.reminder_working_days_before == 1
    assert policy.reopen_window_working_days == 10
    assert policy.recorded_report_max_age_days == 730
    assert policy.recorded_report_late_reason_after_days == 14


def test_completion_days_depend_on_kind_and_complaint_complexity():
    policy = load_policies()[0]
    assert policy.completion_days_for("aspiration", None) == 5
    assert policy.completion_days_for("information_request", None) == 5
    assert policy.completion_days_for("complaint", "simple") == 14
    assert policy.completion_days_for("complaint", "investigation") == 60


def test_complaint_without_complexity_counts_as_simple():
    assert load_policies()[0].completion_days_for("complaint", None) == 14


def test_unknown_kind_or_complexity_is_rejected():
    policy = load_policies()[0]
    with pytest.raises(ValueError):
        policy.completion_days_for("praise", None)
    with pytest.raises(ValueError):
        policy.completion_days_for("complaint", "hard")


def test_no_policy_is_in_force_before_the_first_effective_date():
    with pytest.raises(ValueError):
        policy_in_force(date(2017, 12, 31))


def test_newer_policy_applies_from_its_effective_date_and_the_older_one_before():
    assert policy_in_force(date(2026, 5, 31), TWO_POLICIES) is OLD_POLICY
    assert policy_in_force(date(2026, 6, 1), TWO_POLICIES) is NEW_POLICY
    assert policy_in_force(date(2027, 1, 1), TWO_POLICIES) is NEW_POLICY


def test_policy_is_chosen_by_the_local_start_day_not_the_utc_one(calendar):
    # 2026-05-31T16:30Z is 23:30 WIB on Sunday 31 May: old policy, 3 days; 1 June is Pancasila Day.
    before = datetime(2026, 5, 31, 16, 30, tzinfo=timezone.utc)
    assert verification_due(before, WIB, calendar, TWO_POLICIES).isoformat() == "2026-06-04T23:59:59+07:00"
    # An hour later it is 00:30 WIB on 1 June: new policy, 2 days counted from 2 June.
    after = datetime(2026, 5, 31, 17, 30, tzinfo=timezone.utc)
    assert verification_due(after, WIB, calendar, TWO_POLICIES).isoformat() == "2026-06-03T23:59:59+07:00"


def test_verification_is_due_three_working_days_after_nyepi_and_lebaran_leave(calendar):
    due = verification_due(wib("2026-03-17T10:00:00"), WIB, calendar)
    assert due.isoformat() == "2026-03-27T23:59:59+07:00"


def test_first_response_is_due_five_working_days_later_across_new_year(calendar):
    # 28, 29, 30, 31 Dec, then 4 Jan 2027 (24-25 Dec and 1 Jan are off).
    due = first_response_due(wib("2026-12-23T10:00:00"), WIB, calendar)
    assert due.isoformat() == "2027-01-04T23:59:59+07:00"


def test_information_request_is_completed_within_five_working_days(calendar):
    due = completion_due(wib("2026-03-17T10:00:00"), "information_request", None, WIB, calendar)
    assert due.isoformat() == "2026-03-31T23:59:59+07:00"  # 25, 26, 27, 30, 31 March


def test_investigated_complaint_gets_more_time_than_a_simple_one(calendar):
    started = wib("2026-03-17T10:00:00")
    simple = completion_due(started, "complaint", "simple", WIB, calendar)
    investigation = completion_due(started, "complaint", "investigation", WIB, calendar)
    assert calendar.working_days_between(date(2026, 3, 17), simple.date()) == 14
    assert calendar.working_days_between(date(2026, 3, 17), investigation.date()) == 60
    assert investigation.isoformat() == "2026-06-26T23:59:59+07:00"


def test_answered_report_auto_closes_ten_working_days_later(calendar):
    # From Fri 8 May: skips Ascension Day 14, its joint holiday 15, and lands before Idul Adha on 27 May.
    due = auto_close_due(wib("2026-05-08T15:00:00"), WIB, calendar)
    assert due.isoformat() == "2026-05-26T23:59:59+07:00"


def test_naive_received_at_is_rejected(calendar):
    with pytest.raises(ValueError, match="timezone-aware"):
        verification_due(datetime(2026, 3, 17, 10, 0), WIB, calendar)


def shipped_entry():
    return json.loads(DEFAULT_POLICIES_PATH.read_text(encoding="utf-8"))["policies"][0]


def write_policies(tmp_path, *entries):
    path = tmp_path / "policies.json"
    path.write_text(json.dumps({"policies": list(entries)}), encoding="utf-8")
    return path


def test_policies_are_loaded_oldest_first(tmp_path):
    newer = {**shipped_entry(), "id": "newer", "effective_from": "2026-06-01"}
    policies = load_policies(write_policies(tmp_path, newer, shipped_entry()))
    assert [p.id for p in policies] == ["permenpan-rb-62-2018", "newer"]


def test_two_policies_on_the_same_date_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="same date"):
        load_policies(write_policies(tmp_path, shipped_entry(), {**shipped_entry(), "id": "copy"}))


def test_a_zero_deadline_is_rejected(tmp_path):
    entry = shipped_entry()
    entry["working_days"]["verification"] = 0
    with pytest.raises(ValueError, match="verification"):
        load_policies(write_policies(tmp_path, entry))
