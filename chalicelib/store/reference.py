"""Regions, agencies, units, topics and admin-added holidays: read by key or index, never scanned.

Readers marked ``@cached`` answer from what this container read lately (store/cache.py); every
write here forgets that at once. Administration and jobs that must see the table as it is now use
the readers without it (``read_agency``, ``units_of``, ``added_holidays``).
"""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.store import faults
from chalicelib.store.cache import cache, cached, forget_all
from chalicelib.store.models import AgencyModel, HolidayModel, RegionModel, TopicModel, UnitModel

COUNTRY = "ID"
# National agencies carry this in place of a Kemendagri region code.
NATIONAL_REGION = "ID"
TOPIC_CATALOG = "lapor-2025"
# Every agency keeps one of Indonesia's three zones: WIB, WITA, WIT.
AGENCY_TIME_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


@cached
def list_regions() -> list[RegionModel]:
    store.ready()
    return list(RegionModel.by_country.query(COUNTRY))


@cached
def regions_inside(parent_code: str) -> list[RegionModel]:
    store.ready()
    return list(RegionModel.by_parent.query(parent_code))


@cached
def get_region(region_code: str) -> RegionModel | None:
    return store.get_or_none(RegionModel, region_code)


@cached
def list_agencies(region_code: str) -> list[AgencyModel]:
    store.ready()
    return [agency for agency in AgencyModel.by_region.query(region_code) if agency.active]


@cached
def get_agency(agency_id: str) -> AgencyModel | None:
    return read_agency(agency_id)


def read_agency(agency_id: str) -> AgencyModel | None:
    """The agency as stored now (e.g. for a message about to be sent)."""
    return store.get_or_none(AgencyModel, agency_id)


def agency_names(agency_ids: set[str]) -> dict[str, str]:
    """agency id -> name for a page of a listing (ids not found are left out): those this container
    read lately as they were, the others in one BatchGetItem."""
    agencies, missing = {}, []
    for agency_id in sorted(agency_ids):
        found, agency, generation = cache().kept(get_agency.cache_key(agency_id))
        if found:
            agencies[agency_id] = agency
        else:
            missing.append(agency_id)
    if missing:
        store.ready()
        read = {agency.agency_id: agency for agency in AgencyModel.batch_get(missing)}
        for agency_id in missing:
            agencies[agency_id] = read.get(agency_id)
            cache().keep(get_agency.cache_key(agency_id), read.get(agency_id), generation)
    return {agency_id: agency.name for agency_id, agency in agencies.items() if agency is not None}


def agencies_by_id(agency_ids: set[str]) -> list[AgencyModel]:
    """The active agencies among these ids, by id, in BatchGetItems of 100."""
    store.ready()
    found = AgencyModel.batch_get(sorted(agency_ids)) if agency_ids else []
    return sorted((agency for agency in found if agency.active), key=lambda agency: agency.agency_id)


@cached
def unit_exists(agency_id: str, unit_id: str) -> bool:
    return store.get_or_none(UnitModel, agency_id, unit_id) is not None


@cached
def list_topics() -> list[TopicModel]:
    store.ready()
    return sorted(TopicModel.query(TOPIC_CATALOG), key=lambda topic: topic.position)


@cached
def _topic_ids() -> frozenset[str]:
    return frozenset(topic_id for topic in list_topics()
                     for topic_id in [topic.topic_id, *(sub.topic_id for sub in topic.subtopics)])


def topic_exists(topic_id: str) -> bool:
    """A top-level topic id, or ``<topic>.<subtopic>``."""
    return topic_id in _topic_ids()


@cached
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
    finally:
        forget_all()  # this container reads the change at once (and what another made, when refused)


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
    finally:
        forget_all()


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
    finally:
        forget_all()


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
    finally:
        forget_all()
    return holiday
