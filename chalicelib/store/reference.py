"""Regions, agencies, units, topics and admin-added holidays: read by key or index, never scanned."""
from __future__ import annotations

from datetime import date

from chalicelib import store
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


def get_region(region_code: str) -> RegionModel | None:
    return store.get_or_none(RegionModel, region_code)


def list_agencies(region_code: str) -> list[AgencyModel]:
    store.ready()
    return [agency for agency in AgencyModel.by_region.query(region_code) if agency.active]


def get_agency(agency_id: str) -> AgencyModel | None:
    return store.get_or_none(AgencyModel, agency_id)


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


def all_agencies() -> list[AgencyModel]:
    """Every active agency of the country, one Query per time zone."""
    return [agency for zone in AGENCY_TIME_ZONES for agency in agencies_in_time_zone(zone)]
