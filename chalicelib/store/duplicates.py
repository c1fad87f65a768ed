"""The likely-duplicate term index: written with each new report, read by Query (never Scan)."""
from __future__ import annotations

from chalicelib import store
from chalicelib.domain import duplicates
from chalicelib.domain.duplicates import DuplicatePolicy, Indexed
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import DuplicateTermModel, ReportModel


def index_items(report: ReportModel, terms: list[str], rules: DuplicatePolicy) -> list[DuplicateTermModel]:
    """One item per term, to be written in the report's own transaction."""
    area = duplicates.area_of(report.region_code)
    location = report.location
    lat = location.lat if location is not None else None
    lon = location.lon if location is not None else None
    both = lat is not None and lon is not None
    return [DuplicateTermModel(duplicates.term_key(area, term), duplicates.entry_key(report.received_at,
                                                                                       report.tracking_id),
                               tracking_id=report.tracking_id, terms=list(terms),
                               lat=lat if both else None, lon=lon if both else None,
                               expires_at=duplicates.expires_at(report.received_at, rules))
            for term in terms]


def sharing_terms(area: str, terms: list[str], key_range: tuple[str, str], rules: DuplicatePolicy) -> list[Indexed]:
    """Reports of the area indexed under any of ``terms`` in the range: one Query per term, all at
    once, newest first, at most ``reads_per_term`` items each."""
    store.ready()
    found: dict[str, Indexed] = {}
    low, high = key_range

    def read(term: str):
        return lambda: list(DuplicateTermModel.query(
            duplicates.term_key(area, term), DuplicateTermModel.entry.between(low, high),
            scan_index_forward=False, limit=rules.reads_per_term, page_size=rules.reads_per_term))

    for items in at_once(*(read(term) for term in terms)):
        for item in items:
            if item.tracking_id not in found:
                point = (float(item.lat), float(item.lon)) if item.lat is not None and item.lon is not None else None
                found[item.tracking_id] = Indexed(item.tracking_id, tuple(item.terms or ()), point)
    return list(found.values())
