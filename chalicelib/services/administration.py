"""Use cases of the console's administration pages: the staff directory, agencies with their
units, and the holiday calendar that working-day deadlines are counted with.

Every listing reads by key or index (staff by agency or by role, agencies by region or time
zone, units and holidays by their partition); nothing is scanned.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import calendar, permissions, routing
from chalicelib.domain.formats import AGENCY_ID_PATTERN, AGENCY_REGION_PATTERN
from chalicelib.domain.permissions import Principal, Role
from chalicelib.errors import (
    INVALID_REQUEST,
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    ValidationFailed,
    invalid,
)
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import accounts, periods
from chalicelib.services.queues import page_size, refusing_foreign_cursors
from chalicelib.store import reference, reports, staff
from chalicelib.store.models import AgencyModel, AuditEntryModel, HolidayModel, UnitModel

if TYPE_CHECKING:
    from chalicelib.schemas import AgencyChange, AgencyMerge, NewAgency, NewHoliday

# The years the holiday calendar may be read and added to.
FIRST_YEAR, LAST_YEAR = 2020, 2100

_ADMINS_ONLY = Text("Hanya admin yang dapat melihat daftar akun petugas.",
                    "Only admins may list staff accounts.")
_OWN_AGENCY_ONLY = Text("Anda hanya dapat melihat akun petugas instansi Anda.",
                        "You may only list your own agency's staff.")
_NATIONAL_ADMINS_ONLY = Text("Hanya admin nasional yang dapat melakukan ini.",
                             "Only national admins may do this.")
_AGENCY_NOT_FOUND = Text("Instansi tidak ditemukan.", "No such agency.")
_WEEKDAY_NAMES = {5: ("Sabtu", "Saturday"), 6: ("Minggu", "Sunday")}


# --- the staff directory ----------------------------------------------------------------


def list_staff(principal: Principal, params: dict[str, str]) -> dict:
    """``GET /admin/users``: national admins list anyone, agency admins their own agency's staff."""
    agency_id = params.get("agency_id")
    if agency_id is None and principal.role == Role.AGENCY_ADMIN:
        agency_id = principal.agency_id
    if not permissions.may_list_staff(principal, agency_id):
        raise Forbidden(_OWN_AGENCY_ONLY if principal.role == Role.AGENCY_ADMIN else _ADMINS_ONLY)
    if agency_id is not None and not re.match(AGENCY_ID_PATTERN, agency_id):
        raise invalid("agency_id", "string_pattern_mismatch",
                      Text("Contoh: dpupr-tanjungpinang", "Example: dpupr-tanjungpinang"))
    role = params.get("role")
    roles = [member.value for member in Role]
    if role is not None and role not in roles:
        names = ", ".join(roles)
        raise invalid("role", "enum", Text(f"Harus salah satu dari: {names}.", f"Must be one of: {names}."))
    limit = page_size(params.get("limit"))
    with refusing_foreign_cursors():
        members, cursor = staff.directory_page(agency_id=agency_id, role=role, limit=limit,
                                               cursor=params.get("cursor"))
    return {"agency_id": agency_id, "role": role, "items": [accounts.member_view(m) for m in members], "cursor": cursor}


# --- agencies and their units -----------------------------------------------------------


def _agency(agency: AgencyModel, units: list[UnitModel] | None) -> dict:
    view = {"agency_id": agency.agency_id, "name": agency.name, "short_name": agency.short_name,
            "region_code": agency.region_code, "time_zone": agency.time_zone,
            "coordinator": bool(agency.coordinator), "active": bool(agency.active),
            "affairs": list(agency.affairs or []), "template": bool(agency.template),
            "merged_into": agency.merged_into, "answers_need_approval": bool(agency.answers_need_approval)}
    if units is not None:
        view["units"] = [{"unit_id": unit.unit_id, "name": unit.name} for unit in units]
    return view


def _known_region(region_code: str):
    """The stored region, or None for the national level; 422 for a code that is neither."""
    if region_code == reference.NATIONAL_REGION:
        return None
    region = reference.get_region(region_code)
    if region is None:
        raise invalid("region_code", "unknown_region",
                      Text("Kode wilayah tidak dikenal.", "Unknown region code."))
    return region


def list_agencies(params: dict[str, str]) -> dict:
    """``GET /admin/agencies``: a region's agencies with their units, or a page of every agency without them."""
    region_code = params.get("region_code")
    if region_code is None:
        # About 11,000 across Indonesia: a page at a time, by id.
        limit = page_size(params.get("limit"), default=100, most=500)
        with refusing_foreign_cursors():
            agencies, cursor = reference.agencies_page(limit, params.get("cursor"))
        return {"region_code": None, "items": [_agency(agency, None) for agency in agencies], "cursor": cursor}
    if not re.match(AGENCY_REGION_PATTERN, region_code):
        raise invalid("region_code", "string_pattern_mismatch",
                      Text("Contoh: 21.72, atau ID untuk instansi pusat.",
                           "Example: 21.72, or ID for national agencies."))
    _known_region(region_code)
    return {"region_code": region_code,
            "items": [_agency(agency, reference.units_of(agency.agency_id))
                      for agency in reference.list_agencies(region_code)]}


def get_agency(agency_id: str) -> dict:
    """``GET /admin/agencies/{agency_id}``: one agency (active or not) with its units."""
    agency = reference.get_agency(agency_id) if re.match(AGENCY_ID_PATTERN, agency_id) else None
    if agency is None:
        raise NotFound(_AGENCY_NOT_FOUND)
    return _agency(agency, reference.units_of(agency_id))


def _agency_problems(new: NewAgency, region) -> list[FieldProblem]:
    problems = []
    if region is not None and region.time_zone != new.time_zone:
        problems.append(FieldProblem("time_zone", "time_zone_mismatch", Text(
            f"Wilayah {new.region_code} memakai {region.time_zone}; instansinya harus sama.",
            f"Region {new.region_code} keeps {region.time_zone}; its agencies must too.")))
    seen: set[str] = set()
    for position, unit in enumerate(new.units):
        field = f"units.{position}.unit_id"
        if not unit.unit_id.startswith(f"{new.agency_id}."):
            problems.append(FieldProblem(field, "unit_outside_agency", Text(
                f"Kode unit harus diawali '{new.agency_id}.'.",
                f"The unit id must start with '{new.agency_id}.'.")))
        elif unit.unit_id in seen:
            problems.append(FieldProblem(field, "duplicate_unit", Text("Kode unit ini sudah ada di daftar.",
                                                                       "This unit id is listed twice.")))
        seen.add(unit.unit_id)
    return problems


def _coordinator_taken(region_code: str) -> Conflict:
    return Conflict(Text(f"Wilayah {region_code} sudah mempunyai instansi koordinator.",
                         f"Region {region_code} already has a coordinating agency."),
                    [FieldProblem("coordinator", "coordinator_exists",
                                  Text("Satu wilayah hanya mempunyai satu koordinator.",
                                       "A region has one coordinating agency."))],
                    code="coordinator_exists")


def create_agency(principal: Principal, new: NewAgency) -> dict:
    """``POST /admin/agencies``: the agency and its units, written together, only if the id is new."""
    if not permissions.may_manage_agencies(principal):
        raise Forbidden(_NATIONAL_ADMINS_ONLY)
    region = _known_region(new.region_code)
    problems = _agency_problems(new, region)
    if problems:
        raise ValidationFailed(INVALID_REQUEST, problems)
    if new.coordinator:
        current = region.coordinator_agency_id if region is not None else None
        if current is None:
            current = next((a.agency_id for a in reference.list_agencies(new.region_code) if a.coordinator),
                           None)
        if current is not None:
            raise _coordinator_taken(new.region_code)
    _refuse_unknown_affairs(new.affairs)
    agency = AgencyModel(new.agency_id, name=new.name, short_name=new.short_name, region_code=new.region_code,
                         time_zone=new.time_zone, coordinator=new.coordinator, active=True,
                         affairs=list(dict.fromkeys(new.affairs)))
    units = [UnitModel(new.agency_id, unit.unit_id, name=unit.name) for unit in new.units]
    try:
        reference.add_agency(agency, units,
                             region.region_code if new.coordinator and region is not None else None)
    except reference.AgencyExists:
        raise Conflict(Text("Kode instansi sudah dipakai.", "The agency id is taken."),
                       [FieldProblem("agency_id", "agency_exists",
                                     Text("Pilih kode lain.", "Choose another."))],
                       code="agency_exists") from None
    except reference.CoordinatorTaken:
        raise _coordinator_taken(new.region_code) from None
    logger.info("agency created", extra={"agency_id": new.agency_id, "region_code": new.region_code,
                                         "units": len(units), "by": principal.username})
    return _agency(agency, units)


def _refuse_unknown_affairs(affairs: list[str] | None, field: str = "affairs") -> None:
    unknown = [affair for affair in affairs or [] if affair not in routing.affairs()]
    if unknown:
        raise invalid(field, "unknown_affair", Text(f"Urusan tidak dikenal: {', '.join(unknown)}.",
                                                    f"Unknown affairs: {', '.join(unknown)}."))


def _active_agency(raw_id: str) -> AgencyModel:
    agency = reference.get_agency(raw_id) if re.match(AGENCY_ID_PATTERN, raw_id) else None
    if agency is None or not agency.active:
        raise NotFound(_AGENCY_NOT_FOUND)
    return agency


def _refuse_removing(agency: AgencyModel) -> None:
    """A coordinator cannot go (its region would have nobody to route to), nor an agency holding reports."""
    if agency.coordinator:
        raise Conflict(Text("Instansi koordinator tidak dapat dihapus; tetapkan koordinator lain dahulu.",
                            "A coordinating agency cannot be removed; make another the coordinator first."),
                       code="coordinator_cannot_be_removed")
    if reports.holds_open_reports(agency.agency_id):
        raise Conflict(Text("Instansi ini masih memegang laporan yang belum selesai; alihkan dahulu.",
                            "This agency still holds open reports; transfer them first."),
                       code="agency_has_open_reports")


def _audit(principal: Principal, agency_id: str, action: str, details: dict, reason: str, n: int = 0):
    now = datetime.now(timezone.utc)
    return AuditEntryModel(f"agency#{agency_id}", f"{now.isoformat()}#{n}", at=now, actor_username=principal.username,
                           actor_role=principal.role.value, action=action, details=details, reason=reason)


def change_agency(principal: Principal, agency_id: str, change: AgencyChange) -> dict:
    """``PATCH /admin/agencies/{id}``: rename, set affairs, remove, or set how it works; audited. A national
    admin's change confirms a generated agency, so it is no longer marked ``template``. The agency's own
    admins may change how it works (``answers_need_approval``) and nothing else."""
    settings_only = change.model_fields_set <= {"answers_need_approval", "reason"}
    if not (permissions.may_manage_agencies(principal)
            or (settings_only and permissions.may_change_agency_settings(principal, agency_id))):
        raise Forbidden(_NATIONAL_ADMINS_ONLY)
    agency = _active_agency(agency_id)
    _refuse_unknown_affairs(change.affairs)
    if change.active is False:
        _refuse_removing(agency)
    fields = {"name": change.name, "short_name": change.short_name,
              "affairs": list(dict.fromkeys(change.affairs)) if change.affairs is not None else None,
              "active": change.active, "answers_need_approval": change.answers_need_approval}
    fields = {name: value for name, value in fields.items() if value is not None}
    actions = [getattr(AgencyModel, name).set(value) for name, value in fields.items()]
    if permissions.may_manage_agencies(principal):
        actions.append(AgencyModel.template.set(False))
    before = {name: getattr(agency, name) if name != "affairs" else list(agency.affairs or []) for name in fields}
    try:
        reference.change_agencies([(AgencyModel(agency_id), actions)],
                                  [_audit(principal, agency_id, "agency.changed",
                                          {"before": before, "after": fields}, change.reason)])
    except reference.AgencyChanged:
        raise NotFound(_AGENCY_NOT_FOUND) from None
    logger.info("agency changed", extra={"agency_id": agency_id, "fields": sorted(fields), "by": principal.username})
    return get_agency(agency_id)


def merge_agency(principal: Principal, agency_id: str, merge: AgencyMerge) -> dict:
    """``POST /admin/agencies/{id}/merge``: the agency's affairs go to ``into``, which must have authority
    wherever it had, and it is removed (named as merged); routing follows the affairs."""
    if not permissions.may_manage_agencies(principal):
        raise Forbidden(_NATIONAL_ADMINS_ONLY)
    agency = _active_agency(agency_id)
    if merge.into == agency_id:
        raise invalid("into", "same_agency", Text("Pilih instansi lain.", "Choose another agency."))
    target = reference.get_agency(merge.into)
    if target is None or not target.active:
        raise invalid("into", "unknown_agency", Text("Instansi tidak ditemukan.", "No such agency."))
    if not routing.has_authority(target.region_code, agency.region_code):
        raise invalid("into", "agency_outside_region", Text(
            "Instansi tujuan harus berwenang di wilayah instansi yang digabung.",
            "The agency merged into must have authority in the merged agency's region."))
    _refuse_removing(agency)
    affairs = list(dict.fromkeys([*(target.affairs or []), *(agency.affairs or [])]))
    try:
        reference.change_agencies(
            [(AgencyModel(agency_id), [AgencyModel.active.set(False), AgencyModel.merged_into.set(merge.into),
                                       AgencyModel.template.set(False)]),
             (AgencyModel(merge.into), [AgencyModel.affairs.set(affairs), AgencyModel.template.set(False)])],
            [_audit(principal, agency_id, "agency.merged", {"into": merge.into}, merge.reason),
             _audit(principal, merge.into, "agency.merged_in", {"from": agency_id, "affairs": affairs}, merge.reason)])
    except reference.AgencyChanged:
        raise Conflict(Text("Salah satu instansi baru saja diubah; muat ulang lalu coba lagi.",
                            "One of the agencies just changed; reload and try again."),
                       code="version_conflict") from None
    logger.info("agency merged", extra={"agency_id": agency_id, "into": merge.into, "by": principal.username})
    return get_agency(merge.into)


# --- the holiday calendar ---------------------------------------------------------------


def _added(holiday: HolidayModel) -> dict:
    return {"date": holiday.date, "name": holiday.name, "name_en": None, "source": "added",
            "added_by": holiday.added_by}


def _year(raw: str | None) -> int:
    if raw is None:
        return periods.today().year
    if not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise invalid("year", "out_of_range", Text(f"Tahun {FIRST_YEAR}–{LAST_YEAR}.",
                                                   f"A year from {FIRST_YEAR} to {LAST_YEAR}."))
    return int(raw)


def holidays_of(params: dict[str, str]) -> dict:
    """``GET /admin/holidays``: national holidays, joint leave and added days of a year, by date."""
    year = _year(params.get("year"))
    national = [{"date": day.isoformat(), "name": name_id, "name_en": name_en, "source": "national",
                 "added_by": None} for day, name_id, name_en in calendar.national_holidays(year)]
    added = [_added(holiday) for holiday in reference.added_holidays(year)]
    items = sorted(national + added, key=lambda item: (item["date"], item["source"] != "national"))
    return {"year": year, "items": items}


def _refuse_day(code: str, reason: Text) -> ValidationFailed:
    return ValidationFailed(reason, [FieldProblem("date", code, reason)])


def add_holiday(principal: Principal, new: NewHoliday) -> dict:
    """``POST /admin/holidays``: a weekday that deadlines set from now on skip (set ones stay)."""
    if not permissions.may_manage_holidays(principal):
        raise Forbidden(_NATIONAL_ADMINS_ONLY)
    day = new.date
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _refuse_day("year_out_of_range", Text(
            f"Hari libur hanya dapat ditambahkan untuk tahun {FIRST_YEAR}–{LAST_YEAR}.",
            f"Holidays can only be added for the years {FIRST_YEAR} to {LAST_YEAR}."))
    if day.weekday() in _WEEKDAY_NAMES:
        name_id, name_en = _WEEKDAY_NAMES[day.weekday()]
        raise _refuse_day("weekend", Text(
            f"{day.isoformat()} jatuh pada hari {name_id}, yang memang bukan hari kerja.",
            f"{day.isoformat()} is a {name_en}, which is never a working day."))
    national = calendar.WorkingDayCalendar()
    if national.holiday_name(day) is not None:
        raise _refuse_day("national_holiday", Text(
            f"{day.isoformat()} sudah hari libur nasional ({national.holiday_name(day, 'id')}).",
            f"{day.isoformat()} is already a national holiday ({national.holiday_name(day, 'en')})."))
    holiday = HolidayModel(str(day.year), day.isoformat(), name=new.name, added_by=principal.username)
    try:
        reference.add_holiday(holiday)
    except reference.HolidayExists:
        raise Conflict(Text(f"{day.isoformat()} sudah ditambahkan sebagai hari libur.",
                            f"{day.isoformat()} has already been added as a holiday."),
                       [FieldProblem("date", "holiday_exists", Text("Sudah ada.", "Already added."))],
                       code="holiday_exists") from None
    logger.info("holiday added", extra={"date": holiday.date, "by": principal.username})
    return _added(holiday)


def remove_holiday(principal: Principal, raw_date: str) -> dict:
    """``DELETE /admin/holidays/{date}``: an added holiday no longer counts in new deadlines."""
    if not permissions.may_manage_holidays(principal):
        raise Forbidden(_NATIONAL_ADMINS_ONLY)
    try:
        day = date.fromisoformat(raw_date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date) else None
    except ValueError:
        day = None
    if day is None:
        raise invalid("date", "date_parsing", Text("Bukan tanggal yang valid (YYYY-MM-DD).",
                                                   "Not a real date (YYYY-MM-DD)."))
    removed = reference.remove_holiday(day)
    if removed is None:
        national = calendar.WorkingDayCalendar()
        if national.holiday_name(day) is not None:
            raise NotFound(Text(f"{day.isoformat()} adalah hari libur nasional, yang tidak dapat dihapus.",
                                f"{day.isoformat()} is a national holiday, which cannot be removed."))
        raise NotFound(Text(f"{day.isoformat()} bukan hari libur tambahan.",
                            f"{day.isoformat()} is not an added holiday."))
    logger.info("holiday removed", extra={"date": removed.date, "by": principal.username})
    return _added(removed)
