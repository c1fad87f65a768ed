"""The figures of a scope and period, with its agencies, regions, topics and weekly trend.

Built only from counters: for each scope read, a Query for its day items in the period and
one for the running totals' month items, so the cost follows the number of agencies and
regions in the scope (and the days and months covered), never the number of reports.
"""
from __future__ import annotations

from collections.abc import Iterable

from chalicelib.domain import statistics
from chalicelib.domain.compliance import Period, Scope, ScopeHistory, ScopeType, change, ranked, top_topics
from chalicelib.errors import NotFound
from chalicelib.i18n import Text
from chalicelib.store import reference
from chalicelib.store import statistics as counters
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import AgencyModel, RegionModel

NATIONAL_NAME = Text("Nasional", "National")
_UNKNOWN_SCOPE = Text("Wilayah atau instansi tidak dikenal.", "Unknown region or agency.")


def history(counter_scope: str, periods: list[Period]) -> ScopeHistory:
    return ScopeHistory(counters.counters_by_period(counter_scope, ScopeHistory.key_ranges_for(periods)))


def _scope_name(scope: Scope, agency: AgencyModel | None) -> Text:
    """The scope's name; NotFound for a region or agency that does not exist."""
    if scope.type == ScopeType.NATIONAL:
        return NATIONAL_NAME
    named = reference.get_region(scope.code) if scope.type == ScopeType.REGION else agency
    if named is None:
        raise NotFound(_UNKNOWN_SCOPE)
    return Text(named.name, named.name)


def _child_regions(scope: Scope) -> list[RegionModel]:
    """National: the provinces; a province: its regencies and cities; below that, none."""
    if scope.type == ScopeType.AGENCY:
        return []
    regions = reference.list_regions()
    if scope.type == ScopeType.NATIONAL:
        return [region for region in regions if region.parent_code is None]
    return [region for region in regions if region.parent_code == scope.code]


def _agencies_in(scope: Scope, child_regions: list[RegionModel], period: Period) -> list[AgencyModel]:
    """The agencies whose reports a national or regional scope covers."""
    if scope.type == ScopeType.NATIONAL:
        # Agencies that had no report by the end of the period have no figures to rank.
        return reference.agencies_by_id(counters.agencies_in_use(period.last.isoformat()[:7]))
    codes = [scope.code] + [region.region_code for region in child_regions]
    return [agency for code in codes for agency in reference.list_agencies(code)]


def _weekly(scope_history: ScopeHistory, period: Period) -> list[dict]:
    weeks = []
    for week in period.weeks():
        totals = scope_history.totals(week.first, week.last)
        weeks.append({"from": week.first.isoformat(), "to": week.last.isoformat(),
                      "received": totals.get("received", 0), "closed": totals.get("closed", 0)})
    return weeks


def _topics(totals: dict[str, int]) -> list[dict]:
    names = {topic.topic_id: {"id": topic.name_id, "en": topic.name_en} for topic in reference.list_topics()}
    return [{"topic": topic, "name": names.get(topic, {"id": topic, "en": topic}), "reports": count}
            for topic, count in top_topics(totals)]


def _rows(items: Iterable, scope_of, name_of, key: str, period: Period) -> list[dict]:
    items = list(items)
    # Each row's counters are a Query of their own: all read at once.
    histories = at_once(*(lambda item=item: history(scope_of(item), [period]) for item in items))
    return [{key: getattr(item, key), "name": name_of(item), "figures": item_history.figures(period)}
            for item, item_history in zip(items, histories)]


def build(scope: Scope, period: Period, *, each_agency: bool = True) -> dict:
    """Everything a compliance report or the statistics page shows for a scope and period.

    ``each_agency``: rank every agency of the scope (reports); otherwise only a region's own
    agencies are listed, and the nation is broken down by province (the console).
    """
    the_agency = reference.get_agency(scope.code) if scope.type == ScopeType.AGENCY else None
    name = _scope_name(scope, the_agency)
    previous_period = period.previous()
    scope_history = history(scope.counter_scope, [period, previous_period])
    summary, previous = scope_history.figures(period), scope_history.figures(previous_period)
    child_regions = _child_regions(scope)
    if scope.type == ScopeType.AGENCY:
        agencies = [the_agency]
    elif scope.type == ScopeType.NATIONAL and not each_agency:
        agencies = []
    else:
        agencies = _agencies_in(scope, child_regions, period)
        if not each_agency:
            agencies = [agency for agency in agencies if agency.region_code == scope.code]
    agency_rows = _rows(agencies, lambda agency: statistics.agency_scope(agency.agency_id),
                        lambda agency: agency.name, "agency_id", period)
    for row, agency in zip(agency_rows, agencies):
        row["region_code"] = agency.region_code
    return {
        "id": None,
        "title": {"id": "Laporan Kepatuhan Pengelolaan Pengaduan", "en": "Complaint Handling Compliance Report"},
        "scope": {"type": scope.type, "code": scope.code, "name": {"id": name.id, "en": name.en}},
        "period": period.as_dict(),
        "previous_period": previous_period.as_dict(),
        "summary": summary,
        "previous": previous,
        "change": change(summary, previous),
        "agencies": ranked(agency_rows),
        "regions": _rows(child_regions, lambda region: statistics.region_scope(region.region_code),
                         lambda region: region.name, "region_code", period),
        "topics": _topics(scope_history.totals(period.first, period.last)),
        "weekly": _weekly(scope_history, period),
    }
