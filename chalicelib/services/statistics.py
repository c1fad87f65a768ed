"""``GET /admin/stats``: the figures of a scope and period for the console.

The same figures as a compliance report, read live from the counters; the nation is broken
down by province, a region by its own agencies, so one request stays a few dozen Queries.
"""
from __future__ import annotations

from chalicelib.domain.permissions import Principal
from chalicelib.services import figures, periods


def stats(principal: Principal, params: dict[str, str]) -> dict:
    scope = periods.scope_for(principal, params.get("scope"))
    period = periods.period_for(params.get("period"), params.get("from"), params.get("to"),
                                default_to_this_month=True)
    return figures.build(scope, period, each_agency=False)
