"""Checks of the references a request names (agency, unit, topic), with one wording each."""
from __future__ import annotations

from chalicelib.domain import routing
from chalicelib.errors import invalid
from chalicelib.i18n import Text
from chalicelib.store import reference
from chalicelib.store.models import AgencyModel


def existing_agency(agency_id: str, field: str = "agency_id") -> AgencyModel:
    agency = reference.get_agency(agency_id)
    if agency is None or not agency.active:
        raise invalid(field, "unknown_agency", Text("Instansi tidak ditemukan.", "No such agency."))
    return agency


def agency_with_authority(agency_id: str, region_code: str, field: str = "agency_id") -> AgencyModel:
    """No Wrong Door: an agency may receive a report only about a region it has authority in."""
    agency = existing_agency(agency_id, field)
    if not routing.has_authority(agency.region_code, region_code):
        raise invalid(field, "agency_outside_region",
                      Text("Instansi ini tidak berwenang di wilayah tersebut.",
                           "This agency has no authority in that region."))
    return agency


def existing_unit(agency_id: str, unit_id: str) -> None:
    if not reference.unit_exists(agency_id, unit_id):
        raise invalid("unit_id", "unknown_unit",
                      Text("Unit kerja tidak ditemukan di instansi ini.", "No such unit in this agency."))


def existing_topic(topic: str) -> None:
    if not reference.topic_exists(topic):
        raise invalid("topic", "unknown_topic", Text("Topik tidak dikenal.", "Unknown topic."))
