"""Regions, agencies, units, topics and admin-added holidays: read by key or index, never scanned."""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.store import faults
from chalicelib.store.models import AgencyModel, HolidayModel, RegionModel, TopicModel, UnitModel

COUNTRY = "ID"
# National agencies carry this in place of a Kemendagri region code.
NATIONAL_REGION = "ID"
TOPIC_CATALOG = "lapor-2025"
# Every agency keeps one of Indonesia's three zones: WIB, WITA, WIT.
AGENCY_TIME_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def list_regions() -> list[RegionModel]:
    store.ready()
    return list(RegionModel.by_country.query(COUNTRY))


def regions_inside(parent_code: str) -> list[RegionModel]:
    store.ready()
    return list(RegionModel.by_parent.query(parent_code))


def get_region(region_code: str) -> RegionModel | None:
    return store.get_or_none(RegionModel, region_code)


def list_agencies(region_code: str) -> list[AgencyModel]:
    store.ready()
    return [agency for agency in AgencyModel.by_region.query(region_code) if agency.active]


def get_agency(agency_id: str) -> AgencyModel | None:
    return store.get_or_none(AgencyModel, agency_id)


def agency_names(agency_ids: set[str]) -> dict[str, str]:
    """agency id -> name for a page of a listing, in one BatchGetItem (ids not found are left out)."""
    store.ready()
    if not agency_ids:
        return {}
    return {agency.agency_id: agency.name
            for agency in AgencyModel.batch_get(sorted(agency_ids), attributes_to_get=["agency_id", "name"])}


def agencies_by_id(agency_ids: set[str]) -> list[AgencyModel]:
    """The active agencies among these ids, by id, in BatchGetItems of 100."""
    store.ready()
    found = AgencyModel.batch_get(sorted(agency_ids)) if agency_ids else []
    return sorted((agency for agency in found if agency.active), key=lambda agency: agency.agency_id)


def unit_exists(agency_id: str, unit_id: str) -> bool:
    return store.get_or_none(UnitModel, agency_id, unit_id) is not None


def list_topics() -> list[TopicModel]:
    store.ready()
    return sorted(TopicModel.query(TOPIC_CATALOG), key=lambda topic: topic.position)


def topic_exists(topic_id: str) -> bool:
    """A top-level topic id, or ``<topic>.<subtopic>``."""
    parent_id = topic_id.split(".", 1)[0]
    parent = store.get_or_none(TopicModel, TOPIC_CATALOG, parent_id)
    if parent is None:
        return False
    return topic_id == parent_id or any(sub.topic_id == topic_id for sub in parent.subtopics)


def extra_holidays(years: range) -> list[date]:
    store.ready()
    return [date.fromisoformat(item.date)
            for year in years for item in HolidayModel.query(str(year))]


def agencies_in_time_zone(time_zone: str) -> list[AgencyModel]:
    store.ready()
    return [agency for agency in AgencyModel.by_time_zone.query(time_zone) if agency.active]


def agencies_page(limit: int, cursor: str | None) -> tuple[list[AgencyModel], str | None]:
    """One page of every active agency in the country, by id (three partitions, one per time zone)."""
    from chalicelib.store.reports import list_index  # the one merged-partition pager

    return list_index(AgencyModel.by_time_zone, list(AGENCY_TIME_ZONES), limit=limit, cursor=cursor,
                      filter_condition=AgencyModel.active == True)  # noqa: E712 (a condition, not a test)


# --- administration: agencies, units and added holidays --------------------------------


class AgencyExists(Exception):
    """Another agency already has this id."""


class CoordinatorTaken(Exception):
    """The region already has a coordinating agency."""


class HolidayExists(Exception):
    """The date is already an added holiday."""


def units_of(agency_id: str) -> list[UnitModel]:
    store.ready()
    return list(UnitModel.query(agency_id))


def add_agency(agency: AgencyModel, units: list[UnitModel], coordinates_region: str | None) -> None:
    """The agency and its units in one transaction, only if the id is new.

    ``coordinates_region``: the stored region whose coordinating agency this becomes, on
    condition that it has none yet.
    """
    store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            transaction.save(agency, condition=AgencyModel.agency_id.does_not_exist())
            for unit in units:
                transaction.save(unit, condition=UnitModel.unit_id.does_not_exist())
            if coordinates_region is not None:
                transaction.update(RegionModel(coordinates_region),
                                   actions=[RegionModel.coordinator_agency_id.set(agency.agency_id)],
                                   condition=RegionModel.region_code.exists()
                                   & RegionModel.coordinator_agency_id.does_not_exist())
    except TransactWriteError as error:
        reasons = [reason.code if reason else None for reason in (error.cancellation_reasons or [])]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise AgencyExists() from error
        if coordinates_region is not None and reasons and reasons[-1] == "ConditionalCheckFailed":
            raise CoordinatorTaken() from error
        raise


class AgencyChanged(Exception):
    """The agency is gone, or changed (e.g. removed) since it was read."""


def change_agencies(changes: list[tuple[AgencyModel, list]], audit: list) -> None:
    """Update agencies (each on condition that it exists and is still active) with their audit entries,
    all in one transaction."""
    store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            for agency, actions in changes:
                transaction.update(agency, actions=actions,
                                   condition=AgencyModel.agency_id.exists() & (AgencyModel.active == True))  # noqa: E712
            for entry in audit:
                transaction.save(entry, condition=entry.__class__.at_key.does_not_exist())
    except TransactWriteError as error:
        faults.raise_cancelled(error, AgencyChanged())


def added_holidays(year: int) -> list[HolidayModel]:
    store.ready()
    return list(HolidayModel.query(str(year), consistent_read=True))


def add_holiday(holiday: HolidayModel) -> None:
    store.ready()
    try:
        holiday.save(condition=HolidayModel.date.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise HolidayExists() from error
        raise


def remove_holiday(day: date) -> HolidayModel | None:
    """Delete an added holiday; the deleted item, or None when the date was not one."""
    store.ready()
    holiday = store.get_or_none(HolidayModel, str(day.year), day.isoformat(), consistent_read=True)
    if holiday is None:
        return None
    try:
        holiday.delete(condition=HolidayModel.date.exists())
    except DeleteError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return None  # removed by someone else in between
        raise
    return holiday
