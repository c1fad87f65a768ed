"""Likely duplicates: found when a report arrives and in the case view; merged by staff.

- **Arrival** (``seen_before``, ``at_arrival``): the new report's distinctive terms are looked up in
  the term index for the window before it (one Query per term, all at once); the best few are kept on the report
  (``possible_duplicates``) and their number in its first timeline event, and the report's own
  index items go into its transaction.
- **Case view** (``likely_for``): the same lookup, the window before and after the report, and
  only reports the caller may view (a candidate outside their scope is left out entirely).
- **Merging** (``merge``, the ``duplicate`` action): the report moves to ``duplicate`` (the state
  machine says from where) linked to the original (``duplicate_of``, following an original that
  was itself merged); in the same transaction the original counts one more reporter and adds the
  report (and whoever followed it) to its ``followers``, under its own version. The reporter is
  told, and from then on hears of the original's public updates (a followers row in the outbox,
  expanded by the sender) and reads its public answers on their own tracking page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain import duplicates as rules_of
from chalicelib.domain import permissions, statistics, tracking, views
from chalicelib.domain.duplicates import Indexed
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reports import STATUS_LABELS, EventType, Status, Visibility
from chalicelib.errors import invalid
from chalicelib.i18n import Text
from chalicelib.services.changes import Change, Recipient
from chalicelib.store import duplicates as index
from chalicelib.store import reports
from chalicelib.store.models import DuplicateTermModel, ReportModel

# An original keeps at most this many followers (its item must stay small); more still count as reporters.
MAX_FOLLOWERS = 300
# Links followed from a merged report to its original (a chain forms only when an original is merged later).
_MAX_HOPS = 5
_WITH_AGENCY_BEFORE = (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.AWAITING_REPORTER, Status.RESPONDED,
                       Status.REPORTER_REPLIED)


def _point(report: ReportModel) -> tuple[float, float] | None:
    location = report.location
    if location is None or location.lat is None or location.lon is None:
        return None
    return float(location.lat), float(location.lon)


def _indexed(report: ReportModel, rules) -> Indexed:
    terms = rules_of.indexed_terms(report.title, report.description, rules)
    return Indexed(report.tracking_id, tuple(terms), _point(report))


@dataclass
class Arrival:
    details: dict = field(default_factory=dict)  # for the first timeline event (staff only)
    index: list[DuplicateTermModel] = field(default_factory=list)  # to write with the report


def seen_before(title: str, description: str, region_code: str, received_at) -> list[Indexed]:
    """The reads of ``at_arrival``: reports of the area sharing a new report's terms, in the window
    before it (made once, before its tracking id is drawn)."""
    rules = rules_of.policy()
    terms = rules_of.indexed_terms(title, description, rules)
    if not terms:
        return []
    return index.sharing_terms(rules_of.area_of(region_code), terms,
                               rules_of.entry_range(received_at, rules, later_too=False), rules)


def at_arrival(report: ReportModel, found: list[Indexed]) -> Arrival:
    """Record on a report about to be stored the likely duplicates among ``found`` (``seen_before``)."""
    rules = rules_of.policy()
    own = _indexed(report, rules)
    if not own.terms:
        return Arrival()
    likely = rules_of.ranked(own, found, rules, limit=rules.recorded_at_arrival)
    report.possible_duplicates = [candidate.tracking_id for candidate in likely] or None
    details = {"possible_duplicates": len(likely)} if likely else {}
    return Arrival(details, index.index_items(report, list(own.terms), rules))


def likely_for(principal: Principal, report: ReportModel) -> list[dict]:
    """``likely_duplicates`` of the case view: reports the caller may view, best first."""
    if report.status == Status.DUPLICATE.value:
        return []
    rules = rules_of.policy()
    own = _indexed(report, rules)
    if not own.terms:
        return []
    found = index.sharing_terms(rules_of.area_of(report.region_code), list(own.terms),
                                rules_of.entry_range(report.received_at, rules, later_too=True), rules)
    listed = []
    candidates = rules_of.ranked(own, found, rules, limit=2 * rules.shown)
    stored = reports.reports_by_id([candidate.tracking_id for candidate in candidates])
    for candidate in candidates:
        other = stored.get(candidate.tracking_id)
        if (other is None or other.status == Status.DUPLICATE.value
                or not permissions.can_view(principal, other.agency_id, other.unit_id)):
            continue  # merged ones appear through their original; others' reports not at all
        entry = {"tracking_id": other.tracking_id, "title": other.title, "status": other.status,
                 "status_label": views.label_of(STATUS_LABELS[Status(other.status)]),
                 "agency_id": other.agency_id,
                 "received_at": views.local_iso(other.received_at, other.time_zone),
                 "reporters": reporters_of(other), "score": candidate.score, "shared_terms": list(candidate.shared)}
        if candidate.distance_m is not None:
            entry["distance_m"] = candidate.distance_m
        listed.append(entry)
        if len(listed) == rules.shown:
            break
    return listed


def reporters_of(report: ReportModel) -> int:
    return int(report.reporters or 1)


# --- merging ----------------------------------------------------------------------------------

_NOT_AVAILABLE = Text("Laporan tujuan tidak ditemukan atau di luar kewenangan Anda.",
                      "The report named is not found or outside your scope.")


def original_of(report: ReportModel) -> ReportModel | None:
    """The report a merged report ended up in (following originals merged later), or None."""
    current = report
    for _ in range(_MAX_HOPS):
        if not current.duplicate_of:
            return current if current is not report else None
        following = reports.get_report(current.duplicate_of)
        if following is None:
            return None
        current = following
    return current


def merge(change: Change, body, principal: Principal) -> None:
    """The ``duplicate`` action's handler: the status has moved as the state machine says."""
    report = change.report
    target_id = tracking.normalize_tracking_id(body.of)
    if target_id is None:
        raise invalid("of", "invalid_tracking_id", Text("Nomor pelacakan tidak valid.", "Not a valid tracking id."))
    if target_id == report.tracking_id:
        raise invalid("of", "same_report", Text("Laporan tidak dapat menjadi duplikat dirinya sendiri.",
                                                "A report cannot be a duplicate of itself."))
    target = reports.get_report(target_id)
    original = (original_of(target) if target is not None and target.duplicate_of else target)
    if original is None or not permissions.can_view(principal, original.agency_id, original.unit_id):
        raise invalid("of", "report_not_available", _NOT_AVAILABLE)
    if original.tracking_id == report.tracking_id:
        raise invalid("of", "same_report", Text(
            "Laporan tujuan sudah digabung ke laporan ini.", "The report named was merged into this one."))
    if original.status == Status.ARCHIVED.value:
        raise invalid("of", "original_archived", Text("Laporan yang diarsipkan tidak dapat menjadi laporan induk.",
                                                      "An archived report cannot take duplicates."))
    moving_followers = list(report.followers or [])
    moving_reporters = reporters_of(report)
    report.duplicate_of = original.tracking_id
    report.closed_at = change.now
    report.answer_pending = False
    report.paused_at = None
    report.followers = None
    report.reporters = None
    shown = views.is_publicly_visible(original)
    merged_into = {"merged_into": original.tracking_id} if shown else {}
    change.event(EventType.MARKED_DUPLICATE, Visibility.PUBLIC, message=body.message, note=body.note,
                 details={"duplicate_of": original.tracking_id, **merged_into})
    change.count(statistics.duplicate_metrics(had_reached_agency=change.status_before in _WITH_AGENCY_BEFORE))
    change.notify(EventType.MARKED_DUPLICATE, Recipient.REPORTER, details=merged_into or None)

    linked = Change(original, change.now, change.actor)
    original.reporters = reporters_of(original) + moving_reporters
    followers = list(dict.fromkeys((original.followers or []) + [report.tracking_id] + moving_followers))
    original.followers = followers[:MAX_FOLLOWERS]
    linked.event(EventType.DUPLICATE_LINKED, Visibility.INTERNAL,
                 details={"duplicate": report.tracking_id, "reporters": original.reporters})
    change.linked.append(linked)


# --- what the merged report's reporter (and the public) read ----------------------------------


def merged_view(report: ReportModel) -> dict | None:
    """On a merged report's tracking page: the original it joined, with its status and public
    answers; only its existence when the original is confidential."""
    if not report.duplicate_of:
        return None
    original = original_of(report)
    if original is None or not views.is_publicly_visible(original):
        return {"tracking_id": None, "label": views.label_of(_MERGED_HIDDEN)}
    answers = [entry for entry in views.timeline(reports.timeline(original.tracking_id), original.time_zone, "public")
               if entry["event_type"] in (EventType.UPDATED.value, EventType.RESPONDED.value, EventType.CLOSED.value,
                                          EventType.AUTO_CLOSED.value) and entry["message"]]
    from chalicelib.services.tracking import tracking_url

    return {"tracking_id": original.tracking_id, "tracking_url": tracking_url(original.tracking_id),
            "label": views.label_of(Text(f"Digabung dengan laporan {original.tracking_id}",
                                         f"Merged with report {original.tracking_id}")),
            "title": original.title, **views.status_fields(original.status, "public"),
            "reporters": reporters_of(original), "answers": answers}


_MERGED_HIDDEN = Text("Digabung dengan laporan lain tentang hal yang sama",
                      "Merged with another report about the same matter")
