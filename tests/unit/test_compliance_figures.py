"""The rules behind the compliance figures, without AWS: periods, which counter items cover a
span, percentages, the 90th percentile, the compliance index and the agency ranking."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import statistics
from chalicelib.domain.compliance import (
    Period,
    Scope,
    ScopeHistory,
    change,
    figures,
    nearest_rank_percentile,
    ranked,
    report_id,
)


def test_a_month_is_its_calendar_days_and_the_period_before_it_is_the_month_before():
    february = Period.month("2028-02")
    assert (february.first, february.last) == (date(2028, 2, 1), date(2028, 2, 29))
    assert february.previous() == Period.month("2028-01")
    assert Period.month("2026-01").previous() == Period.month("2025-12")
    assert february.key == "2028-02" and february.label().id == "Februari 2028"


def test_a_span_of_days_is_compared_with_as_many_days_just_before():
    span = Period(date(2026, 10, 5), date(2026, 10, 18))
    assert span.previous() == Period(date(2026, 9, 21), date(2026, 10, 4))
    assert span.key == "2026-10-05_2026-10-18"
    assert span.label().en == "5 October 2026 – 18 October 2026"


def test_weeks_run_monday_to_sunday_and_are_clipped_to_the_period():
    weeks = Period.month("2026-11").weeks()
    assert (weeks[0].first, weeks[0].last) == (date(2026, 11, 1), date(2026, 11, 1))  # a Sunday
    assert (weeks[1].first, weeks[1].last) == (date(2026, 11, 2), date(2026, 11, 8))
    assert (weeks[-1].first, weeks[-1].last) == (date(2026, 11, 30), date(2026, 11, 30))
    assert sum(week.days for week in weeks) == 30


@pytest.mark.parametrize("text, expected", [
    ("national", Scope("national", "national")),
    ("region:21.72", Scope("region", "21.72")),
    ("agency:dpupr-tanjungpinang", Scope("agency", "dpupr-tanjungpinang")),
    ("region:", None), ("planet:mars", None), ("agency", None),
])
def test_scopes_are_read_from_their_text(text, expected):
    assert Scope.parse(text) == expected


def test_report_ids_are_stable_per_scope_and_period():
    assert report_id(Scope("region", "21.72"), Period.month("2026-10")) == "region-21.72.2026-10"
    assert report_id(Scope("national", "national"), Period(date(2026, 10, 1), date(2026, 10, 15))) == (
        "national.2026-10-01_2026-10-15")


def test_running_totals_read_whole_months_from_month_items_and_the_rest_from_day_items():
    assert statistics.key_ranges(date(2020, 1, 1), date(2026, 11, 15)) == [
        ("M#2020-01", "M#2026-10#~"), ("D#2026-11-01", "D#2026-11-15#~")]
    assert statistics.key_ranges(date(2026, 10, 1), date(2026, 10, 31)) == [("M#2026-10", "M#2026-10#~")]


def test_a_day_item_counts_in_the_totals_of_its_day_and_the_running_total_sums_everything_before():
    history = ScopeHistory({
        "D#2026-10-30": {"received": 2, statistics.OVERDUE_OPEN: 1},
        "M#2026-10": {statistics.OVERDUE_OPEN: 1},
        "D#2026-11-02": {"received": 1, statistics.OVERDUE_OPEN: -1},
        "M#2026-11": {statistics.OVERDUE_OPEN: -1},
        "D#2026-09-30": {"received": 5},
    })
    assert history.totals(date(2026, 10, 1), date(2026, 10, 31)) == {"received": 2, statistics.OVERDUE_OPEN: 1}
    assert history.open_overdue_at(date(2026, 10, 31)) == 1
    assert history.open_overdue_at(date(2026, 11, 1)) == 1
    assert history.open_overdue_at(date(2026, 11, 2)) == 0


def test_the_90th_percentile_is_the_nearest_rank():
    assert nearest_rank_percentile({1: 9, 20: 1}, 0.9) == 1
    assert nearest_rank_percentile({1: 8, 20: 2}, 0.9) == 20
    assert nearest_rank_percentile({3: 1}, 0.9) == 3
    assert nearest_rank_percentile({}, 0.9) is None


def test_figures_turn_counters_into_percentages_rates_and_averages():
    result = figures({"received": 942, "dispositioned": 950, "transferred": 8, "closed": 904,
                      "verification_measured": 3, "verification_within_deadline": 2,
                      "first_response_count": 2, "first_response_working_days_sum": 7,
                      "first_response_wd_2": 1, "first_response_wd_5": 1,
                      "rating_sum": 9, "rating_count": 2}, open_overdue_at_end=4)

    assert result["completion_rate"] == {"count": 904, "of": 942, "percent": 95.96}
    assert result["verified_within_deadline"]["percent"] == 66.66
    assert result["first_response_within_deadline"] == {"count": 0, "of": 0, "percent": None}
    assert result["first_response_working_days"] == {"average": 3.5, "p90": 5, "answers": 2}
    assert result["rating"] == {"average": 4.5, "count": 2}
    assert result["open_overdue_at_end"] == 4
    # the mean of what could be measured: 66.66 and 95.96
    assert result["compliance_index"] == 81.31


def test_nothing_measured_gives_no_index_and_no_change():
    empty = figures({}, 0)
    assert empty["compliance_index"] is None
    assert change(empty, empty)["compliance_index"] is None
    assert change(empty, empty)["received"] == 0


def test_agencies_rank_by_index_then_by_reports_with_the_unmeasured_last():
    def row(name, index, received):
        return {"name": name, "figures": {"compliance_index": index, "received": received}}

    order = ranked([row("C", None, 50), row("B", 90.0, 3), row("A", 90.0, 10), row("D", 99.5, 1)])
    assert [(entry["name"], entry["rank"]) for entry in order] == [("D", 1), ("A", 2), ("B", 3), ("C", 4)]
