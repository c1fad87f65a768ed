"""PynamoDB models: the only code that knows tables, keys and indexes.

Table names carry the stage prefix; ``configure_models`` sets them (and the region)
on first use, so nothing reads the environment at import time. Every index is named
after the query it serves.
"""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.config import Settings

ON_DEMAND = "PAY_PER_REQUEST"


# --- reference data -----------------------------------------------------------------


class RegionsByCountryIndex(GlobalSecondaryIndex):
    """``GET /regions``: every region of the country in code order, in one Query."""

    class Meta:
        index_name = "regions_by_country"
        projection = AllProjection()

    country = UnicodeAttribute(hash_key=True)
    region_code = UnicodeAttribute(range_key=True)


class RegionModel(Model):
    class Meta:
        table_name = "regions"
        billing_mode = ON_DEMAND

    region_code = UnicodeAttribute(hash_key=True)
    country = UnicodeAttribute(default="ID")
    name = UnicodeAttribute()
    level = UnicodeAttribute()  # province | regency | city
    parent_code = UnicodeAttribute(null=True)
    time_zone = UnicodeAttribute()
    coordinator_agency_id = UnicodeAttribute(null=True)
    by_country = RegionsByCountryIndex()


class AgenciesByRegionIndex(GlobalSecondaryIndex):
    """``GET /agencies?region_code=``: the agencies of one region."""

    class Meta:
        index_name = "agencies_by_region"
        projection = AllProjection()

    region_code = UnicodeAttribute(hash_key=True)
    agency_id = UnicodeAttribute(range_key=True)


class AgencyModel(Model):
    class Meta:
        table_name = "agencies"
        billing_mode = ON_DEMAND

    agency_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    short_name = UnicodeAttribute()
    region_code = UnicodeAttribute()  # "ID" for national agencies
    time_zone = UnicodeAttribute()
    coordinator = BooleanAttribute(default=False)
    active = BooleanAttribute(default=True)
    by_region = AgenciesByRegionIndex()


class UnitModel(Model):
    """Units (unit kerja) of an agency; queried by agency."""

    class Meta:
        table_name = "units"
        billing_mode = ON_DEMAND

    agency_id = UnicodeAttribute(hash_key=True)
    unit_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()


class SubtopicAttribute(MapAttribute):
    topic_id = UnicodeAttribute()
    name_id = UnicodeAttribute()


class TopicModel(Model):
    """One item per top-level topic of a catalog, holding its subtopics."""

    class Meta:
        table_name = "topics"
        billing_mode = ON_DEMAND

    catalog = UnicodeAttribute(hash_key=True)
    topic_id = UnicodeAttribute(range_key=True)
    position = NumberAttribute()
    name_id = UnicodeAttribute()
    name_en = UnicodeAttribute()
    subtopics = ListAttribute(of=SubtopicAttribute, default=list)


class HolidayModel(Model):
    """Non-working days an admin adds beyond the national calendar, by year."""

    class Meta:
        table_name = "holidays"
        billing_mode = ON_DEMAND

    year = UnicodeAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)  # ISO date
    name = UnicodeAttribute()
    added_by = UnicodeAttribute(null=True)


# --- reports ------------------------------------------------------------------------


class LocationAttribute(MapAttribute):
    address = UnicodeAttribute(null=True)
    lat = NumberAttribute(null=True)
    lon = NumberAttribute(null=True)


class ReporterAttribute(MapAttribute):
    name = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)


class DeadlinesAttribute(MapAttribute):
    """Deadlines as ISO 8601 strings with the agency's UTC offset, as shown to people."""

    verification_due = UnicodeAttribute(null=True)
    first_response_due = UnicodeAttribute(null=True)
    completion_due = UnicodeAttribute(null=True)
    auto_close_due = UnicodeAttribute(null=True)


class ReportModel(Model):
    class Meta:
        table_name = "reports"
        billing_mode = ON_DEMAND

    tracking_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    privacy = UnicodeAttribute()
    channel = UnicodeAttribute()
    status = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute()
    region_code = UnicodeAttribute()
    topic = UnicodeAttribute(null=True)
    requested_agency_id = UnicodeAttribute(null=True)
    agency_id = UnicodeAttribute()
    time_zone = UnicodeAttribute()
    location = LocationAttribute(null=True)
    incident_date = UnicodeAttribute(null=True)
    reporter = ReporterAttribute(null=True)
    access_token_hash = UnicodeAttribute()
    received_at = UTCDateTimeAttribute()
    submitted_at = UTCDateTimeAttribute()
    sla_policy_id = UnicodeAttribute()
    deadlines = DeadlinesAttribute(default=dict)
    version = VersionAttribute()


class ReportEventModel(Model):
    """The timeline: one item per event, in time order under the report's id."""

    class Meta:
        table_name = "report_events"
        billing_mode = ON_DEMAND

    tracking_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)  # "<UTC ISO time>#<random>"
    event_type = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    actor_role = UnicodeAttribute()
    actor_agency_id = UnicodeAttribute(null=True)
    public = BooleanAttribute()
    status_from = UnicodeAttribute(null=True)
    status_to = UnicodeAttribute(null=True)
    message = UnicodeAttribute(null=True)
    details = MapAttribute(null=True)


class StatCounterModel(Model):
    """Counters kept at write time: one item per scope, month and shard.

    ``scope`` is e.g. ``national``, ``region#21.72``, ``agency#dpupr-tanjungpinang``
    or ``topic#kesehatan``; metrics are number attributes added to atomically.
    """

    class Meta:
        table_name = "stat_counters"
        billing_mode = ON_DEMAND

    scope = UnicodeAttribute(hash_key=True)
    period_shard = UnicodeAttribute(range_key=True)  # "2026-11#03"


class IdempotencyRecordModel(Model):
    """A request made with an ``Idempotency-Key``, kept for a day, keyed by its hash."""

    class Meta:
        table_name = "idempotency_keys"
        billing_mode = ON_DEMAND

    key_hash = UnicodeAttribute(hash_key=True)
    request_hash = UnicodeAttribute()
    tracking_id = UnicodeAttribute()
    token_nonce = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


ALL_MODELS: tuple[type[Model], ...] = (
    RegionModel, AgencyModel, UnitModel, TopicModel, HolidayModel,
    ReportModel, ReportEventModel, StatCounterModel, IdempotencyRecordModel,
)
_LOGICAL_NAMES = {model: model.Meta.table_name for model in ALL_MODELS}


def configure_models(settings: Settings) -> None:
    """Point every model at the stage's table and region (idempotent)."""
    for model, logical_name in _LOGICAL_NAMES.items():
        model.Meta.table_name = settings.table_name(logical_name)
        model.Meta.region = settings.aws_region
        model._connection = None
