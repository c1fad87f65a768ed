"""Reading the scope and period a statistics request or a compliance report asks for."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from chalicelib.domain import permissions, statistics
from chalicelib.domain.compliance import Period, Scope, ScopeType
from chalicelib.domain.permissions import Principal
from chalicelib.errors import Forbidden, invalid
from chalicelib.i18n import Text

# Reports are read at the scale of months and years; a longer span is a mistake more often than not.
MAX_DAYS = 366
# "Today" for periods: the national reference zone, where the monthly report runs.
REFERENCE_ZONE = ZoneInfo("Asia/Jakarta")
_NOT_YOURS = Text("Statistik ini di luar kewenangan akun Anda.", "These statistics are outside your account's scope.")


def today() -> date:
    return datetime.now(timezone.utc).astimezone(REFERENCE_ZONE).date()


def default_scope(principal: Principal) -> Scope:
    if principal.sees_everything or not principal.agency_id:
        return Scope(ScopeType.NATIONAL, ScopeType.NATIONAL)
    return Scope(ScopeType.AGENCY, principal.agency_id)


def scope_for(principal: Principal, raw: str | None) -> Scope:
    """The requested scope (by default the caller's own), if the caller may read it."""
    if raw is None:
        scope = default_scope(principal)
    else:
        scope = Scope.parse(raw)
        if scope is None:
            raise invalid("scope", "invalid_scope",
                          Text("Gunakan 'national', 'region:<kode wilayah>' atau 'agency:<id instansi>'.",
                               "Use 'national', 'region:<region code>' or 'agency:<agency id>'."))
    if not permissions.may_read_statistics(principal, scope.type, scope.code):
        raise Forbidden(_NOT_YOURS)
    return scope


def _date(field: str, raw) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise invalid(field, "invalid_date", Text("Tanggal harus berformat YYYY-MM-DD.",
                                                  "A date as YYYY-MM-DD.")) from None


def period_for(month: str | None, first, last, *, default_to_this_month: bool) -> Period:
    """A calendar month (``2026-10``) or a span of days (``from``/``to``), started by today."""
    if month is not None and (first is not None or last is not None):
        raise invalid("period", "period_or_range", Text("Pilih 'period' atau 'from'/'to', bukan keduanya.",
                                                        "Give 'period' or 'from'/'to', not both."))
    if month is None and first is None and last is None:
        if not default_to_this_month:
            raise invalid("period", "period_required", Text("Sebutkan 'period' (YYYY-MM) atau 'from' dan 'to'.",
                                                            "Give 'period' (YYYY-MM) or 'from' and 'to'."))
        month = today().isoformat()[:7]
    if month is not None:
        try:
            period = Period.month(month) if len(month) == 7 else None
        except ValueError:
            period = None
        if period is None:
            raise invalid("period", "invalid_period", Text("Periode harus berformat YYYY-MM.", "A month as YYYY-MM."))
    else:
        if first is None or last is None:
            field = "from" if first is None else "to"
            raise invalid(field, "range_incomplete", Text("Sebutkan 'from' dan 'to'.", "Give both 'from' and 'to'."))
        period = Period(_date("from", first), _date("to", last))
        if period.last < period.first:
            raise invalid("to", "range_reversed", Text("'to' tidak boleh sebelum 'from'.", "'to' must not be before 'from'."))
        if period.days > MAX_DAYS:
            raise invalid("to", "range_too_long", Text(f"Paling lama {MAX_DAYS} hari.", f"At most {MAX_DAYS} days."))
    if period.first > today():
        raise invalid("period", "period_in_future", Text("Periode belum dimulai.", "The period has not begun."))
    if period.first < statistics.EPOCH:
        raise invalid("period", "period_too_early", Text(f"Data dimulai {statistics.EPOCH.isoformat()}.",
                                                         f"Data begins on {statistics.EPOCH.isoformat()}."))
    return period
