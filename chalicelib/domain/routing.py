"""No Wrong Door: which agencies may receive a report about a region, and which one should.

Kemendagri codes nest by prefix (``21`` Kepulauan Riau ⊃ ``21.72`` Kota Tanjungpinang),
so authority and the chain of coordinators follow from the codes themselves.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NATIONAL = "ID"


def has_authority(agency_region_code: str, report_region_code: str) -> bool:
    """National agencies everywhere; a regional agency in its region and the regions inside it."""
    return (agency_region_code == NATIONAL
            or report_region_code == agency_region_code
            or report_region_code.startswith(agency_region_code + "."))


def enclosing_regions(region_code: str) -> list[str]:
    """The region and every region that contains it, innermost first, then the nation."""
    parts = region_code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)] + [NATIONAL]


# --- the routing table ------------------------------------------------------------------
# Who handles a topic in a region: an override a national admin set (for the region, a region
# around it, or the whole country), else the default of data/routing_defaults.json, which names a
# government affair (the region's agency for it) or a national body. A subtopic's rules come
# before its topic's, so "BPJS" reaches BPJS even where the region sends health to its Dinkes.

DEFAULTS_PATH = Path(__file__).parent.parent / "data" / "routing_defaults.json"


@dataclass(frozen=True)
class Target:
    """Where a rule sends reports: one agency, or the region's agency for an affair."""

    agency_id: str | None = None
    affair: str | None = None


@dataclass(frozen=True)
class Decision:
    """The rule that decides a (region, topic): which target, and where the rule comes from."""

    target: Target | None  # None: no rule, the region's coordinator reads and routes it
    topic_id: str | None  # the topic or subtopic the deciding rule is for
    source: str  # "override" | "default" | "none"
    rule_region: str | None = None  # the override's region (a region around the report's, or ID)


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return json.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))


def affairs() -> dict[str, dict]:
    """Government affairs (urusan) by id, with their names."""
    return _defaults()["affairs"]


def default_target(topic_id: str) -> Target | None:
    """What the defaults say for exactly this topic or subtopic (no falling back to its parent)."""
    table = _defaults()["subtopics" if "." in topic_id else "topics"]
    entry = table.get(topic_id)
    return Target(**entry) if entry else None


def has_default(topic_id: str) -> bool:
    return topic_id in _defaults()["subtopics" if "." in topic_id else "topics"]


def topic_levels(topic_id: str) -> list[str]:
    """The subtopic, then its topic."""
    parent = topic_id.split(".", 1)[0]
    return [topic_id, parent] if parent != topic_id else [topic_id]


def override_keys(region_code: str, topic_id: str) -> list[tuple[str, str]]:
    """Every (region, topic) an override could be stored under for this report, in the order they decide."""
    return [(region, topic) for topic in topic_levels(topic_id) for region in enclosing_regions(region_code)]


def decide(region_code: str, topic_id: str, overrides: dict[tuple[str, str], str]) -> Decision:
    """The deciding rule: for the subtopic then the topic, an override from the innermost region
    out to the nation, else that level's default."""
    for topic in topic_levels(topic_id):
        for region in enclosing_regions(region_code):
            agency_id = overrides.get((region, topic))
            if agency_id:
                return Decision(Target(agency_id=agency_id), topic, "override", region)
        if has_default(topic):
            target = default_target(topic)  # null in the defaults: the coordinator reads it
            return Decision(target, topic, "default" if target else "none")
    return Decision(None, None, "none")
