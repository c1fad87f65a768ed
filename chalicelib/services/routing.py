"""Use cases: which agency a report should go to (the routing table), topic suggestions, the
table's administration and the misses that show where it is wrong."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from chalicelib.domain import permissions, routing, suggestion
from chalicelib.domain.formats import AGENCY_REGION_PATTERN
from chalicelib.domain.permissions import Principal
from chalicelib.errors import INVALID_REQUEST, Conflict, FieldProblem, Forbidden, ValidationFailed, invalid
from chalicelib.i18n import Text
from chalicelib.store import reference
from chalicelib.store import routing as table
from chalicelib.store.models import AgencyModel, AuditEntryModel

if TYPE_CHECKING:
    from chalicelib.schemas import RoutingChange, SuggestionRequest

WIB = ZoneInfo("Asia/Jakarta")
_HISTORY_SHOWN = 20
_MISSES_SHOWN = 50
_NOT_ALLOWED = Text("Hanya admin nasional yang dapat mengubah tabel penerusan.",
                    "Only national admins may change the routing table.")
_MAY_NOT_READ = Text("Peran Anda tidak dapat membaca tabel penerusan.", "Your role may not read the routing table.")


@dataclass(frozen=True)
class Routed:
    agency: AgencyModel
    decision: routing.Decision


class Agencies:
    """The active agencies of the regions around a report, each region queried once per request."""

    def __init__(self) -> None:
        self._by_region: dict[str, list[AgencyModel]] = {}

    def of(self, region_code: str) -> list[AgencyModel]:
        if region_code not in self._by_region:
            self._by_region[region_code] = reference.list_agencies(region_code)
        return self._by_region[region_code]

    def resolve(self, target: routing.Target | None, region_code: str) -> AgencyModel | None:
        """The agency a target names, if it may take reports about the region; for an affair, the
        agency for it in the innermost region around the report that has one."""
        if target is None:
            return None
        if target.agency_id:
            agency = reference.get_agency(target.agency_id)
            ok = agency is not None and agency.active and routing.has_authority(agency.region_code, region_code)
            return agency if ok else None
        for region in routing.enclosing_regions(region_code)[:-1]:
            for agency in self.of(region):
                if target.affair in (agency.affairs or []):
                    return agency
        return None


def route(region_code: str, topic_id: str, agencies: Agencies | None = None) -> Routed | None:
    """The agency that handles a topic in a region by the routing table, or None (the coordinator)."""
    overrides = table.overrides_for(routing.override_keys(region_code, topic_id))
    decision = routing.decide(region_code, topic_id, overrides)
    agency = (agencies or Agencies()).resolve(decision.target, region_code)
    return Routed(agency, decision) if agency else None


# --- suggestions ------------------------------------------------------------------------------


def suggest(request: SuggestionRequest) -> dict:
    """``POST /suggestions``: the likely topics of a text and, for a region, who would handle the best."""
    if request.region_code and reference.get_region(request.region_code) is None:
        raise invalid("region_code", "unknown_region", Text("Kode wilayah tidak dikenal.", "Unknown region code."))
    matches = suggestion.suggest_topics(request.title, request.description)
    routed = route(request.region_code, matches[0].topic_id) if matches and request.region_code else None
    return {"topics": [{"topic_id": m.topic_id, "name": m.name, "score": round(m.score, 3),
                        "matched": list(m.matched)} for m in matches],
            "agency": {"agency_id": routed.agency.agency_id, "name": routed.agency.name} if routed else None}


# --- the table, as national admins read and change it --------------------------------------------


def _region(raw: str | None) -> str:
    if not raw or not re.match(AGENCY_REGION_PATTERN, raw):
        raise invalid("region_code", "missing" if not raw else "string_pattern_mismatch",
                      Text("Kode wilayah Kemendagri, atau ID untuk seluruh negeri.",
                           "A Kemendagri region code, or ID for the whole country."))
    if raw != routing.NATIONAL and reference.get_region(raw) is None:
        raise invalid("region_code", "unknown_region", Text("Kode wilayah tidak dikenal.", "Unknown region code."))
    return raw


def _agency_view(agency: AgencyModel | None) -> dict | None:
    return {"agency_id": agency.agency_id, "name": agency.name, "template": bool(agency.template)} if agency else None


def _audit_view(entry: AuditEntryModel) -> dict:
    return {"at": entry.at.isoformat(), "by": entry.actor_username, "action": entry.action,
            "reason": entry.reason, **(entry.details.as_dict() if entry.details else {})}


def routing_table(principal: Principal, params: dict[str, str]) -> dict:
    """``GET /admin/routing?region_code=``: for every topic, and every subtopic with a rule of its own,
    who handles it in the region, by which rule; the overrides stored for the region; recent changes."""
    if not permissions.may_read_routing(principal):
        raise Forbidden(_MAY_NOT_READ)
    region_code = _region(params.get("region_code"))
    chain = routing.enclosing_regions(region_code)
    stored = {region: {rule.topic_id: rule for rule in table.rules_of(region)} for region in chain}
    overrides = {(region, topic): rule.agency_id for region, rules in stored.items() for topic, rule in rules.items()}
    names = suggestion.topic_names()
    with_rules = {topic for rules in stored.values() for topic in rules}
    agencies = Agencies()
    rows = []
    for topic in reference.list_topics():
        subtopics = [sub.topic_id for sub in topic.subtopics
                     if sub.topic_id in with_rules or routing.has_default(sub.topic_id)]
        for topic_id in [topic.topic_id, *subtopics]:
            decision = routing.decide(region_code, topic_id, overrides)
            own = stored[region_code].get(topic_id)
            agency = agencies.resolve(decision.target, region_code) if region_code != routing.NATIONAL else (
                reference.get_agency(decision.target.agency_id) if decision.target and decision.target.agency_id
                else None)
            rows.append({
                "topic_id": topic_id, "name": names.get(topic_id, topic_id),
                "source": decision.source, "rule_topic_id": decision.topic_id, "rule_region": decision.rule_region,
                "affair": decision.target.affair if decision.target else None,
                "agency": _agency_view(agency),
                "override": {"agency_id": own.agency_id, "version": own.version, "updated_by": own.updated_by,
                             "updated_at": own.updated_at.isoformat()} if own else None,
            })
    return {"region_code": region_code, "rows": rows,
            "affairs": routing.affairs(),
            "history": [_audit_view(entry) for entry in table.audit_trail(_subject(region_code), _HISTORY_SHOWN)]}


def _subject(region_code: str) -> str:
    return f"routing#{region_code}"


def change_routing(principal: Principal, params: dict[str, str], body: RoutingChange) -> dict:
    """``PUT /admin/routing?region_code=``: set or remove overrides, with the reason, all or none."""
    if not permissions.may_change_routing(principal):
        raise Forbidden(_NOT_ALLOWED)
    region_code = _region(params.get("region_code"))
    topics = [change.topic_id for change in body.changes]
    if len(set(topics)) != len(topics):
        raise invalid("changes", "topic_repeated", Text("Setiap topik cukup sekali.", "Name each topic once."))
    problems = []
    for n, change in enumerate(body.changes):
        if not reference.topic_exists(change.topic_id):
            problems.append(FieldProblem(f"changes[{n}].topic_id", "unknown_topic",
                                         Text("Topik tidak dikenal.", "Unknown topic.")))
        if change.agency_id is not None:
            agency = reference.get_agency(change.agency_id)
            if agency is None or not agency.active:
                problems.append(FieldProblem(f"changes[{n}].agency_id", "unknown_agency",
                                             Text("Instansi tidak ditemukan.", "No such agency.")))
            elif region_code != routing.NATIONAL and not routing.has_authority(agency.region_code, region_code):
                problems.append(FieldProblem(f"changes[{n}].agency_id", "agency_outside_region",
                                             Text("Instansi ini tidak berwenang di wilayah tersebut.",
                                                  "This agency has no authority in that region.")))
            elif region_code == routing.NATIONAL and agency.region_code != routing.NATIONAL:
                problems.append(FieldProblem(f"changes[{n}].agency_id", "agency_outside_region",
                                             Text("Untuk seluruh negeri hanya instansi pusat.",
                                                  "For the whole country, only a national agency.")))
    if problems:
        raise ValidationFailed(INVALID_REQUEST, problems)
    now = datetime.now(timezone.utc)
    before = {rule.topic_id: rule.agency_id for rule in table.rules_of(region_code)}
    audit = [AuditEntryModel(_subject(region_code), f"{now.isoformat()}#{n}", at=now,
                             actor_username=principal.username, actor_role=principal.role.value,
                             action="routing.set" if change.agency_id else "routing.removed",
                             details={"topic_id": change.topic_id, "from_agency_id": before.get(change.topic_id),
                                      "to_agency_id": change.agency_id},
                             reason=body.reason)
             for n, change in enumerate(body.changes)]
    try:
        table.change_rules([table.RuleChange(region_code, change.topic_id, change.agency_id, change.expected_version)
                            for change in body.changes], audit, now, principal.username)
    except table.RuleVersionConflict:
        raise Conflict(Text("Tabel penerusan sudah diubah oleh orang lain; muat ulang lalu coba lagi.",
                            "Someone else changed the routing table; reload it and try again."),
                       code="version_conflict") from None
    return routing_table(principal, {"region_code": region_code})


# --- misses -------------------------------------------------------------------------------------


def month_of(instant: datetime) -> str:
    return instant.astimezone(WIB).strftime("%Y-%m")


def misses(principal: Principal, params: dict[str, str]) -> dict:
    """``GET /admin/routing/misses?month=&region_code=``: the (region, topic) pairs whose reports people
    moved most often: sent back as not the agency's authority, or re-routed from where the system sent them."""
    if not permissions.may_read_routing(principal):
        raise Forbidden(_MAY_NOT_READ)
    month = params.get("month") or month_of(datetime.now(timezone.utc))
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", month):
        raise invalid("month", "string_pattern_mismatch", Text("Contoh: 2026-12", "Example: 2026-12"))
    region = params.get("region_code")
    if region is not None:
        region = _region(region)
    items = table.misses_of(month, None if region in (None, routing.NATIONAL) else region)
    items.sort(key=lambda item: (-(item.transfers + item.reroutes), item.pair))
    names = suggestion.topic_names()
    agencies = Agencies()  # the pairs share regions: each region's agencies are read once
    shown = []
    for item in items[:_MISSES_SHOWN]:
        region_code, topic_id = item.pair.split("#", 1)
        routed = route(region_code, topic_id, agencies)
        shown.append({"region_code": region_code, "topic_id": topic_id, "topic_name": names.get(topic_id, topic_id),
                      "transfers": int(item.transfers), "reroutes": int(item.reroutes),
                      "routed_to": _agency_view(routed.agency if routed else None),
                      "last_at": item.last_at.isoformat() if item.last_at else None})
    return {"month": month, "region_code": region, "items": shown}
