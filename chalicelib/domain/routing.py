"""No Wrong Door: which agencies may receive a report about a region.

Kemendagri codes nest by prefix (``21`` Kepulauan Riau ⊃ ``21.72`` Kota Tanjungpinang),
so authority and the chain of coordinators follow from the codes themselves.
"""
from __future__ import annotations

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
