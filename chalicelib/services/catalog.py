"""Use case: reference data for forms and clients (regions, agencies, topics)."""
from __future__ import annotations

import re

from chalicelib.domain.formats import AGENCY_REGION_PATTERN, REGION_CODE_PATTERN
from chalicelib.errors import FieldProblem, ValidationFailed
from chalicelib.i18n import Text
from chalicelib.store import reference


def regions(parent_code: str | None = None) -> dict:
    """Provinces, regencies and cities; with ``parent_code``, the regions directly inside that one."""
    if parent_code is None:
        found = reference.list_regions()
    elif re.match(REGION_CODE_PATTERN, parent_code):
        found = reference.regions_inside(parent_code)
    else:
        raise ValidationFailed(
            Text("Parameter parent_code harus kode wilayah Kemendagri.",
                 "The parent_code parameter must be a Kemendagri region code."),
            [FieldProblem("parent_code", "string_pattern_mismatch", Text("Contoh: 33", "Example: 33"))])
    return {"regions": [
        {"region_code": r.region_code, "name": r.name, "level": r.level,
         "parent_code": r.parent_code, "time_zone": r.time_zone}
        for r in found]}


def agencies(region_code: str | None) -> dict:
    if not region_code or not re.match(AGENCY_REGION_PATTERN, region_code):
        raise ValidationFailed(
            Text("Parameter region_code wajib diisi dengan kode wilayah Kemendagri atau ID.",
                 "The region_code parameter must be a Kemendagri region code or ID."),
            [FieldProblem("region_code", "missing" if not region_code else "string_pattern_mismatch",
                          Text("Contoh: 21.72", "Example: 21.72"))])
    return {"agencies": [
        {"agency_id": a.agency_id, "name": a.name, "short_name": a.short_name,
         "region_code": a.region_code, "time_zone": a.time_zone, "coordinator": a.coordinator}
        for a in reference.list_agencies(region_code)]}


def topics() -> dict:
    return {"catalog": reference.TOPIC_CATALOG, "topics": [
        {"topic_id": t.topic_id, "name_id": t.name_id, "name_en": t.name_en,
         "subtopics": [{"topic_id": s.topic_id, "name_id": s.name_id} for s in t.subtopics]}
        for t in reference.list_topics()]}
