"""Use case: anyone lists the reports that are public, by region and topic, one page at a time.

A report is listed once verified, unless it is confidential or was archived (domain/queues.py
``public_list_keys``). Each listing is one Query on a sparse index (eight shards merged for the
whole country); the topic is a filter on it. Nothing scans.
"""
from __future__ import annotations

import re

from chalicelib.domain import views
from chalicelib.domain.queues import NATIONAL_SHARDS
from chalicelib.errors import invalid
from chalicelib.i18n import Text
from chalicelib.services.queues import page_size, refusing_foreign_cursors
from chalicelib.store import reference, reports
from chalicelib.store.models import ReportModel

DEFAULT_PAGE = 20
MAX_PAGE = 50
_PROVINCE = re.compile(r"^\d{2}$")
_REGENCY = re.compile(r"^\d{2}\.\d{2}$")
_TOP_LEVEL_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def _region(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not (_PROVINCE.match(raw) or _REGENCY.match(raw)):
        raise invalid("region_code", "string_pattern_mismatch",
                      Text("Kode provinsi (mis. 21) atau kabupaten/kota (mis. 21.72).",
                           "A province code (e.g. 21) or a regency/city code (e.g. 21.72)."))
    if reference.get_region(raw) is None:
        raise invalid("region_code", "unknown_region", Text("Kode wilayah tidak dikenal.", "Unknown region code."))
    return raw


def _topic(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not _TOP_LEVEL_TOPIC.match(raw):
        raise invalid("topic", "string_pattern_mismatch",
                      Text("Kode topik utama, mis. kesehatan.", "A top-level topic id, e.g. kesehatan."))
    if not reference.topic_exists(raw):
        raise invalid("topic", "unknown_topic", Text("Topik tidak dikenal.", "Unknown topic."))
    return raw


def list_reports(params: dict[str, str]) -> dict:
    limit = page_size(params.get("limit"), DEFAULT_PAGE, MAX_PAGE)
    region_code = _region(params.get("region_code"))
    topic = _topic(params.get("topic"))
    if region_code is None:
        index, hash_keys = ReportModel.public_by_shard, [f"public#{n}" for n in range(NATIONAL_SHARDS)]
    elif _PROVINCE.match(region_code):
        index, hash_keys = ReportModel.public_by_province, [region_code]
    else:
        index, hash_keys = ReportModel.public_by_region, [region_code]
    # A top-level topic takes in its subtopics ("kesehatan.rumah-sakit").
    topic_filter = (ReportModel.topic == topic) | ReportModel.topic.startswith(f"{topic}.") if topic else None
    with refusing_foreign_cursors():
        items, cursor = reports.list_index(index, hash_keys, limit=limit, cursor=params.get("cursor"),
                                           filter_condition=topic_filter, newest_first=True)
    names = reference.agency_names({item.agency_id for item in items})
    return {"region_code": region_code, "topic": topic,
            "items": [views.public_list_item(item, names.get(item.agency_id)) for item in items], "cursor": cursor}
