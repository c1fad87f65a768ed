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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
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


class RegionsByParentIndex(GlobalSecondaryIndex):
    """``GET /regions?parent_code=``: a province's regencies and cities, or a regency's kecamatan."""

    class Meta:
        index_name = "regions_by_parent"
        projection = AllProjection()

    parent_code = UnicodeAttribute(hash_key=True)
    region_code = UnicodeAttribute(range_key=True)


class RegionModel(Model):
    """A Kemendagri region. Kecamatan (level ``district``) carry no ``country``, so the country
    index holds the 552 provinces, regencies and cities a form lists, not 7,800 rows."""

    class Meta:
        table_name = "regions"
        billing_mode = ON_DEMAND

    region_code = UnicodeAttribute(hash_key=True)
    country = UnicodeAttribute(null=True)
    name = UnicodeAttribute()
    level = UnicodeAttribute()  # province | regency | city | district
    parent_code = UnicodeAttribute(null=True)
    time_zone = UnicodeAttribute()
    coordinator_agency_id = UnicodeAttribute(null=True)
    by_country = RegionsByCountryIndex()
    by_parent = RegionsByParentIndex()


class AgenciesByRegionIndex(GlobalSecondaryIndex):
    """``GET /agencies?region_code=``: the agencies of one region."""

    class Meta:
        index_name = "agencies_by_region"
        projection = AllProjection()

    region_code = UnicodeAttribute(hash_key=True)
    agency_id = UnicodeAttribute(range_key=True)


class AgenciesByTimeZoneIndex(GlobalSecondaryIndex):
    """The daily digest: the agencies whose morning it is."""

    class Meta:
        index_name = "agencies_by_time_zone"
        projection = AllProjection()

    time_zone = UnicodeAttribute(hash_key=True)
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
    # Government affairs (urusan) it handles: where the routing table's defaults send a topic.
    affairs = ListAttribute(of=UnicodeAttribute, default=list)
    # Generated from the standard template, not yet confirmed or renamed by an admin.
    template = BooleanAttribute(default=False)
    merged_into = UnicodeAttribute(null=True)  # when removed by merging it into another agency
    # A unit officer's final answer reaches the reporter only once an agency admin approves it.
    answers_need_approval = BooleanAttribute(default=False)
    by_region = AgenciesByRegionIndex()
    by_time_zone = AgenciesByTimeZoneIndex()


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
    reporter_answer_due = UnicodeAttribute(null=True)  # while the agency waits for the reporter


class BreachAttribute(MapAttribute):
    """A deadline the agency missed: marked once, by the SLA sweep or by the change that ended the
    stage late before the sweep came by; resolved when the agency finishes the stage."""

    stage = UnicodeAttribute()  # verification | first_response | completion
    deadline = UnicodeAttribute()  # as it was shown, with the agency's UTC offset
    agency_id = UnicodeAttribute(null=True)  # the agency that missed it
    detected_at = UTCDateTimeAttribute()
    resolved_at = UTCDateTimeAttribute(null=True)


class DraftAnswerAttribute(MapAttribute):
    """A unit officer's final answer waiting for the agency admin's approval (issue 18 §4)."""

    message = UnicodeAttribute()
    public = BooleanAttribute(default=True)
    attachment_ids = ListAttribute(of=UnicodeAttribute, default=list)  # staff files to show with it
    drafted_by = UnicodeAttribute()
    drafted_at = UTCDateTimeAttribute()
    from_status = UnicodeAttribute()  # where a returned draft sends the report back, and whose clocks run


class AttachmentAttribute(MapAttribute):
    """A file the reporter or staff declared; it is stored in S3 under
    ``attachments/<tracking_id>/<attachment_id>`` once uploaded (domain/attachments.py)."""

    attachment_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()  # bytes declared; the upload may not be larger
    added_at = UTCDateTimeAttribute()
    added_by_role = UnicodeAttribute(null=True)  # an ActorRole; none: the reporter
    added_by = UnicodeAttribute(null=True)  # the staff member's username
    # A staff file is shown with one update or answer: that event's key and visibility.
    event_key = UnicodeAttribute(null=True)
    event_visibility = UnicodeAttribute(null=True)
    # Hidden from the public view by staff (faces, number plates, personal data), and why.
    hidden_at = UTCDateTimeAttribute(null=True)
    hidden_by = UnicodeAttribute(null=True)
    hidden_reason = UnicodeAttribute(null=True)


# What a queue listing shows, so the queue indexes need not carry whole reports.
QUEUE_FIELDS = ["kind", "privacy", "status", "title", "region_code", "topic", "agency_id", "unit_id",
                "received_at", "next_due_at", "escalated_at", "version"]
# DynamoDB refuses an INCLUDE projection that names one of the index's own keys.
DUE_QUEUE_FIELDS = [field for field in QUEUE_FIELDS if field != "next_due_at"]


class ReportsByAgencyQueueIndex(GlobalSecondaryIndex):
    """An agency's queues: ``<agency_id>#<queue>``, oldest first."""

    class Meta:
        index_name = "reports_by_agency_queue"
        projection = IncludeProjection(QUEUE_FIELDS)

    agency_queue = UnicodeAttribute(hash_key=True)
    queue_since = UnicodeAttribute(range_key=True)


class ReportsByUnitQueueIndex(GlobalSecondaryIndex):
    """A unit's queues (only reports assigned to a unit): ``<unit_id>#<queue>``."""

    class Meta:
        index_name = "reports_by_unit_queue"
        projection = IncludeProjection(QUEUE_FIELDS)

    unit_queue = UnicodeAttribute(hash_key=True)
    queue_since = UnicodeAttribute(range_key=True)


class ReportsByNationalQueueIndex(GlobalSecondaryIndex):
    """Every agency's queues at once, spread over shards: ``<queue>#<shard>``."""

    class Meta:
        index_name = "reports_by_national_queue"
        projection = IncludeProjection(QUEUE_FIELDS)

    national_queue = UnicodeAttribute(hash_key=True)
    queue_since = UnicodeAttribute(range_key=True)


class ReportsByAgencyDueIndex(GlobalSecondaryIndex):
    """Sparse: reports whose agency deadline is running, by that deadline (overdue queue)."""

    class Meta:
        index_name = "reports_by_agency_due"
        projection = IncludeProjection(DUE_QUEUE_FIELDS)

    due_agency = UnicodeAttribute(hash_key=True)
    next_due_at = UnicodeAttribute(range_key=True)


class ReportsByDueShardIndex(GlobalSecondaryIndex):
    """Sparse: every running agency deadline nationally, spread over shards: ``due#<shard>``."""

    class Meta:
        index_name = "reports_by_due_shard"
        projection = IncludeProjection(DUE_QUEUE_FIELDS)

    due_shard = UnicodeAttribute(hash_key=True)
    next_due_at = UnicodeAttribute(range_key=True)


class ReportsBySweepBucketIndex(GlobalSecondaryIndex):
    """Sparse: reports a scheduled job owes something, by family and UTC day it falls due.

    ``sweep_bucket`` is ``sla#2026-11-23`` (reminders, breaches) or ``close#2026-11-23``
    (auto-close); ``sweep_at`` is when. The jobs re-read each report, so keys suffice.
    """

    class Meta:
        index_name = "reports_by_sweep_bucket"
        projection = KeysOnlyProjection()

    sweep_bucket = UnicodeAttribute(hash_key=True)
    sweep_at = UnicodeAttribute(range_key=True)


# What a line of the public list shows: never the description, never anything of the reporter.
PUBLIC_LIST_FIELDS = ["kind", "status", "title", "region_code", "topic", "agency_id", "received_at", "time_zone"]


class ReportsPublicByRegionIndex(GlobalSecondaryIndex):
    """Sparse: verified, non-confidential reports of a regency or city (``21.72``), newest verification first."""

    class Meta:
        index_name = "reports_public_by_region"
        projection = IncludeProjection(PUBLIC_LIST_FIELDS)

    public_region = UnicodeAttribute(hash_key=True)
    public_since = UnicodeAttribute(range_key=True)


class ReportsPublicByProvinceIndex(GlobalSecondaryIndex):
    """Sparse: the same reports of a province (``21``)."""

    class Meta:
        index_name = "reports_public_by_province"
        projection = IncludeProjection(PUBLIC_LIST_FIELDS)

    public_province = UnicodeAttribute(hash_key=True)
    public_since = UnicodeAttribute(range_key=True)


class ReportsPublicByShardIndex(GlobalSecondaryIndex):
    """Sparse: the same reports nationally, spread over shards: ``public#<shard>``."""

    class Meta:
        index_name = "reports_public_by_shard"
        projection = IncludeProjection(PUBLIC_LIST_FIELDS)

    public_shard = UnicodeAttribute(hash_key=True)
    public_since = UnicodeAttribute(range_key=True)


class SuggestionAttribute(MapAttribute):
    """What Aduan read in the text at arrival: the best topic, how sure, the words that decided it,
    and the agency the routing table gives for it; ``routed``: the report went there at once."""

    topic_id = UnicodeAttribute()
    score = NumberAttribute()
    matched = ListAttribute(of=UnicodeAttribute, default=list)
    agency_id = UnicodeAttribute(null=True)
    routed = BooleanAttribute(default=False)
    coordinator_id = UnicodeAttribute(null=True)  # the region's coordinator, who may re-route it


class ReportsByRoutedWatchIndex(GlobalSecondaryIndex):
    """A coordinator's "routed by the system" queue: reports sent straight to an agency of its
    region that are not verified yet (sparse: the key is set only while that lasts)."""

    class Meta:
        index_name = "reports_by_routed_watch"
        projection = AllProjection()

    routed_watch = UnicodeAttribute(hash_key=True)
    queue_since = UnicodeAttribute(range_key=True)


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
    suggestion = SuggestionAttribute(null=True)
    # The region's coordinator, while a report routed by the system waits for verification.
    routed_watch = UnicodeAttribute(null=True)
    agency_id = UnicodeAttribute()
    unit_id = UnicodeAttribute(null=True)
    complexity = UnicodeAttribute(null=True)  # complaints: simple | investigation
    time_zone = UnicodeAttribute()
    location = LocationAttribute(null=True)
    incident_date = UnicodeAttribute(null=True)
    reporter = ReporterAttribute(null=True)
    access_token_hash = UnicodeAttribute()
    received_at = UTCDateTimeAttribute()
    submitted_at = UTCDateTimeAttribute()
    recorded_by = UnicodeAttribute(null=True)  # the officer who wrote down a walk-in, letter, call
    sla_policy_id = UnicodeAttribute()
    deadlines = DeadlinesAttribute(default=dict)
    # Milestones, in UTC; they decide the within-deadline statistics.
    verified_at = UTCDateTimeAttribute(null=True)
    disposed_at = UTCDateTimeAttribute(null=True)  # to the current agency (verification or transfer)
    first_answered_at = UTCDateTimeAttribute(null=True)
    answered_at = UTCDateTimeAttribute(null=True)  # the latest answer
    answer_pending = BooleanAttribute(default=False)
    paused_at = UTCDateTimeAttribute(null=True)
    draft_answer = DraftAnswerAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    archive_reason = UnicodeAttribute(null=True)
    escalated_at = UTCDateTimeAttribute(null=True)
    reopened_count = NumberAttribute(default=0)
    feedback_resolved = BooleanAttribute(null=True)
    feedback_rating = NumberAttribute(null=True)
    feedback_at = UTCDateTimeAttribute(null=True)
    breaches = ListAttribute(of=BreachAttribute, default=list)
    duties_done = ListAttribute(of=UnicodeAttribute, default=list)  # keys of domain/duties.Duty
    attachments = ListAttribute(of=AttachmentAttribute, default=list)
    # Likely duplicates (services/duplicates.py): those found when it arrived (staff only); the
    # report it was merged into; and on that one, how many people reported the matter and the
    # merged reports whose reporters follow it.
    possible_duplicates = ListAttribute(of=UnicodeAttribute, null=True)
    duplicate_of = UnicodeAttribute(null=True)
    reporters = NumberAttribute(null=True)  # none: 1
    followers = ListAttribute(of=UnicodeAttribute, null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    # Index keys, derived from the fields above by domain/queues.py on every write.
    agency_queue = UnicodeAttribute(null=True)
    unit_queue = UnicodeAttribute(null=True)
    national_queue = UnicodeAttribute(null=True)
    queue_since = UnicodeAttribute(null=True)
    due_agency = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    next_due_at = UnicodeAttribute(null=True)  # UTC ISO, sorts as time
    sweep_bucket = UnicodeAttribute(null=True)
    sweep_at = UnicodeAttribute(null=True)
    public_region = UnicodeAttribute(null=True)
    public_province = UnicodeAttribute(null=True)
    public_shard = UnicodeAttribute(null=True)
    public_since = UnicodeAttribute(null=True)  # "<verified_at UTC>#<tracking_id>"
    version = VersionAttribute()

    by_agency_queue = ReportsByAgencyQueueIndex()
    by_unit_queue = ReportsByUnitQueueIndex()
    by_national_queue = ReportsByNationalQueueIndex()
    by_agency_due = ReportsByAgencyDueIndex()
    by_due_shard = ReportsByDueShardIndex()
    by_sweep_bucket = ReportsBySweepBucketIndex()
    public_by_region = ReportsPublicByRegionIndex()
    public_by_province = ReportsPublicByProvinceIndex()
    public_by_shard = ReportsPublicByShardIndex()
    by_routed_watch = ReportsByRoutedWatchIndex()


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
    visibility = UnicodeAttribute()  # public | reporter | internal (domain/reports.py)
    actor_username = UnicodeAttribute(null=True)  # staff only; never shown to the reporter
    status_from = UnicodeAttribute(null=True)
    status_to = UnicodeAttribute(null=True)
    message = UnicodeAttribute(null=True)
    details = MapAttribute(null=True)


class DuplicateTermModel(Model):
    """Likely duplicates found without a Scan: one item per distinctive content term of a report,
    written with the report, under ``<regency or city code>#<term>`` and ordered by receipt, so
    reports of a region sharing a term within the window are one Query away. Gone with TTL."""

    class Meta:
        table_name = "duplicate_terms"
        billing_mode = ON_DEMAND

    term_key = UnicodeAttribute(hash_key=True)  # "21.72#lampu"
    entry = UnicodeAttribute(range_key=True)  # "<received_at UTC ISO>#<tracking_id>"
    tracking_id = UnicodeAttribute()
    terms = ListAttribute(of=UnicodeAttribute)  # every term the report was indexed under
    lat = NumberAttribute(null=True)
    lon = NumberAttribute(null=True)
    expires_at = TTLAttribute()


class StatCounterModel(Model):
    """Counters kept at write time: one item per scope partition, period and metric group
    (domain/statistics.py ``counter_items``).

    ``scope`` is the partition: ``agency#dpupr-tanjungpinang``, ``region#21.72``, ``region#21``, or a
    hot scope's shard such as ``national#03``, ``topic#kesehatan#01``; metrics are number attributes
    added to atomically.
    """

    class Meta:
        table_name = "stat_counters"
        billing_mode = ON_DEMAND

    scope = UnicodeAttribute(hash_key=True)
    # "<period>#<group>": "D#2026-11-23#e", "M#2026-11#e" (before issue 17 "<period>#<shard>").
    period_shard = UnicodeAttribute(range_key=True)


class IdempotencyRecordModel(Model):
    """A request made with an ``Idempotency-Key``, kept for a day, keyed by its hash."""

    class Meta:
        table_name = "idempotency_keys"
        billing_mode = ON_DEMAND

    key_hash = UnicodeAttribute(hash_key=True)
    request_hash = UnicodeAttribute()
    tracking_id = UnicodeAttribute()
    token_nonce = UnicodeAttribute()
    # "access_code": the report's secret is the short code derived from the key and nonce; absent on
    # records stored before codes, whose report holds the long token (see domain/tracking.py).
    code_form = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class RateLimitCounterModel(Model):
    """Requests of one client under one limit in one fixed window; gone with TTL after the window.

    ``counter`` is ``<limit>#<client hash>#<window start>``; a form challenge once used is the
    counter ``form_challenge#<challenge id>`` at one.
    """

    class Meta:
        table_name = "rate_limits"
        billing_mode = ON_DEMAND

    counter = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class StaffByAgencyIndex(GlobalSecondaryIndex):
    """The staff of an agency: who gets its notifications."""

    class Meta:
        index_name = "staff_by_agency"
        projection = AllProjection()

    agency_id = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)


class StaffByRoleIndex(GlobalSecondaryIndex):
    """Everyone in a role, e.g. the national admins who hear of every breach."""

    class Meta:
        index_name = "staff_by_role"
        projection = AllProjection()

    role = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)


class StaffModel(Model):
    """The staff directory: Cognito holds the credentials, this holds who is where."""

    class Meta:
        table_name = "staff"
        billing_mode = ON_DEMAND

    username = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute()
    agency_id = UnicodeAttribute(null=True)  # oversight viewers may belong to no agency in the system
    unit_id = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)
    # A disabled account is refused on every request, whatever its token says.
    disabled_at = UTCDateTimeAttribute(null=True)
    disabled_by = UnicodeAttribute(null=True)
    by_agency = StaffByAgencyIndex()
    by_role = StaffByRoleIndex()


class PendingNotificationsIndex(GlobalSecondaryIndex):
    """Sparse: notifications to deliver (or being delivered), spread over shards, by next attempt.

    Taking a message leaves its key where it is (the lease is its own attribute), so a take
    rewrites the index entry in place instead of moving it; a retry moves it to its next attempt.
    """

    class Meta:
        index_name = "notifications_pending"
        projection = AllProjection()

    pending_shard = UnicodeAttribute(hash_key=True)
    next_attempt_at = UnicodeAttribute(range_key=True)


class FailedNotificationsIndex(GlobalSecondaryIndex):
    """Sparse: notifications that could not be delivered, for admins to see (the dead letters)."""

    class Meta:
        index_name = "notifications_failed"
        projection = AllProjection()

    failed_shard = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class NotificationModel(Model):
    """The outbox: one message on one channel, written in the same transaction as its cause.

    It names who is to hear of what, not their addresses: the sender looks those up when
    it delivers, so no contact details are copied here. Status moves pending -> sending ->
    sent, or back to pending for a retry, or to failed / unconfirmed / undeliverable, or straight
    to skipped when there is rightly nobody to send it to (only the person who acted, a number
    that takes no SMS). A sent or skipped row expires (TTL) after the retention period; dead
    letters stay until sent again.
    """

    class Meta:
        table_name = "outbox"
        billing_mode = ON_DEMAND

    notification_id = UnicodeAttribute(hash_key=True)
    tracking_id = UnicodeAttribute(null=True)  # none for a daily digest
    event_type = UnicodeAttribute()
    recipient = UnicodeAttribute()  # reporter | agency_admins | coordinator_admins | unit_officers | national_admins
    channel = UnicodeAttribute()  # email | sms | fan_out
    agency_id = UnicodeAttribute(null=True)  # whose staff hear of it (the report's agency for the reporter)
    unit_id = UnicodeAttribute(null=True)
    details = MapAttribute(null=True)  # what the message says beyond the report: a stage, a digest
    acted_by = UnicodeAttribute(null=True)  # the staff member whose action it tells of: not sent to them
    status = UnicodeAttribute(default="pending")
    attempts = NumberAttribute(default=0)
    created_at = UnicodeAttribute()  # UTC ISO
    next_attempt_at = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)  # UTC ISO: while sending, when the sender counts as stopped
    pending_shard = UnicodeAttribute(null=True)
    failed_shard = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    skipped_because = UnicodeAttribute(null=True)  # why a finished row was not sent (status skipped)
    sent_at = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    # The receipt e-mail's access code, sealed under the stage's secret; removed once sent or given up.
    sealed_access_code = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # set once sent: DynamoDB deletes the row after the retention
    version = VersionAttribute()
    pending = PendingNotificationsIndex()
    failed = FailedNotificationsIndex()


class JobStateModel(Model):
    """What a scheduled job remembers between runs, e.g. the oldest bucket it has not emptied."""

    class Meta:
        table_name = "job_state"
        billing_mode = ON_DEMAND

    job = UnicodeAttribute(hash_key=True)
    open_from = UnicodeAttribute(null=True)  # ISO date
    last_run_at = UTCDateTimeAttribute(null=True)


class ComplianceReportsByListingIndex(GlobalSecondaryIndex):
    """``GET /admin/compliance-reports`` for national and oversight staff: every report, newest period first."""

    class Meta:
        index_name = "compliance_reports_by_listing"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    listed_at = UnicodeAttribute(range_key=True)


class ComplianceReportsByScopeIndex(GlobalSecondaryIndex):
    """``GET /admin/compliance-reports`` for an agency: the reports of its own scope."""

    class Meta:
        index_name = "compliance_reports_by_scope"
        projection = AllProjection()

    scope = UnicodeAttribute(hash_key=True)
    listed_at = UnicodeAttribute(range_key=True)


class ReportFileAttribute(MapAttribute):
    """One stored file of a compliance report and the SHA-256 of its bytes."""

    format = UnicodeAttribute()  # json | csv | xlsx | pdf
    language = UnicodeAttribute()  # id | en
    key = UnicodeAttribute()  # S3 object key
    sha256 = UnicodeAttribute()
    size = NumberAttribute()


class GenerationAttribute(MapAttribute):
    """Each time a report was built: when, by whom, and the hash of its figures then."""

    generated_at = UTCDateTimeAttribute()
    generated_by = UnicodeAttribute()
    figures_sha256 = UnicodeAttribute()


class ComplianceReportModel(Model):
    """A compliance report of a scope and period: its files in S3, their hashes, every generation.

    ``report_id`` is ``<scope key>.<period key>`` (``national.2026-10``), stable, so building
    the same period again replaces the files under the same keys and adds a generation.
    """

    class Meta:
        table_name = "compliance_reports"
        billing_mode = ON_DEMAND

    report_id = UnicodeAttribute(hash_key=True)
    scope = UnicodeAttribute()  # "national", "region:21", "agency:dpupr-tanjungpinang"
    scope_name = UnicodeAttribute()
    period_from = UnicodeAttribute()
    period_to = UnicodeAttribute()
    listing = UnicodeAttribute(default="all")
    listed_at = UnicodeAttribute()  # "<period_to>#<report_id>": newest period first
    summary = MapAttribute(null=True)  # the headline figures shown in lists and e-mails
    files = ListAttribute(of=ReportFileAttribute, default=list)
    generations = ListAttribute(of=GenerationAttribute, default=list)
    generated_at = UTCDateTimeAttribute()
    version = VersionAttribute()
    by_listing = ComplianceReportsByListingIndex()
    by_scope = ComplianceReportsByScopeIndex()


# --- routing ----------------------------------------------------------------------------


class RoutingRuleModel(Model):
    """An override in the routing table: in this region (or ``ID``, the whole country) reports on
    this topic or subtopic go to this agency, whatever the defaults (data/routing_defaults.json) say."""

    class Meta:
        table_name = "routing_rules"
        billing_mode = ON_DEMAND

    region_code = UnicodeAttribute(hash_key=True)
    topic_id = UnicodeAttribute(range_key=True)
    agency_id = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()
    version = VersionAttribute()


class RoutingMissModel(Model):
    """How often reports on a topic in a region had to be moved by people, per month: sent back as
    not the agency's authority (transfers) or routed elsewhere than the system had sent them."""

    class Meta:
        table_name = "routing_misses"
        billing_mode = ON_DEMAND

    month = UnicodeAttribute(hash_key=True)  # YYYY-MM, WIB
    pair = UnicodeAttribute(range_key=True)  # "<region code>#<topic id>"
    transfers = NumberAttribute(default=0)
    reroutes = NumberAttribute(default=0)
    last_at = UTCDateTimeAttribute(null=True)


class AuditEntryModel(Model):
    """Who changed shared configuration, when, from what to what and why; newest last per subject."""

    class Meta:
        table_name = "audit_log"
        billing_mode = ON_DEMAND

    subject = UnicodeAttribute(hash_key=True)  # e.g. "routing#21.72"
    at_key = UnicodeAttribute(range_key=True)  # "<UTC ISO>#<n>"
    at = UTCDateTimeAttribute()
    actor_username = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    action = UnicodeAttribute()
    details = MapAttribute(null=True)
    reason = UnicodeAttribute(null=True)


# --- answer templates ---------------------------------------------------------------------


class AnswerTemplateModel(Model):
    """A template of an answer to a reporter (domain/templates.py): the national defaults under owner
    ``ID``, an agency's under its id, so what a caller may use is two Queries, each a partition."""

    class Meta:
        table_name = "answer_templates"
        billing_mode = ON_DEMAND

    owner = UnicodeAttribute(hash_key=True)  # "ID" | agency id
    template_id = UnicodeAttribute(range_key=True)  # "<owner>.<slug>", as the API names it
    name = UnicodeAttribute()
    purposes = ListAttribute(of=UnicodeAttribute)  # the forms that offer it: update | respond
    body = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()
    version = VersionAttribute()


ALL_MODELS: tuple[type[Model], ...] = (
    RoutingRuleModel, RoutingMissModel, AuditEntryModel, AnswerTemplateModel,
    RegionModel, AgencyModel, UnitModel, TopicModel, HolidayModel,
    ReportModel, ReportEventModel, StatCounterModel, IdempotencyRecordModel, StaffModel,
    NotificationModel, JobStateModel, ComplianceReportModel, RateLimitCounterModel, DuplicateTermModel,
)
_LOGICAL_NAMES = {model: model.Meta.table_name for model in ALL_MODELS}


def configure_models(settings: Settings) -> None:
    """Point every model at the stage's table and region (idempotent)."""
    for model, logical_name in _LOGICAL_NAMES.items():
        model.Meta.table_name = settings.table_name(logical_name)
        model.Meta.region = settings.aws_region
        model.Meta.max_retry_attempts = settings.aws_max_attempts - 1
        model.Meta.connect_timeout_seconds = settings.aws_connect_timeout_seconds
        model.Meta.read_timeout_seconds = settings.aws_read_timeout_seconds
        model._connection = None
