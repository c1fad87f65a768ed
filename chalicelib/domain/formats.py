"""How identifiers are written (regular expressions): the request schemas validate bodies with them,
services check path and query parameters with them. Kept apart from chalicelib/schemas.py so that
code which never reads a request body (the scheduled functions) never loads pydantic."""
from __future__ import annotations

from chalicelib.domain.tracking import ALPHABET

REGION_CODE_PATTERN = r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$"
AGENCY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
TOPIC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}(\.[a-z0-9][a-z0-9-]{0,99})?$"
# Lookups by agency region also take "ID", the national level.
AGENCY_REGION_PATTERN = f"({REGION_CODE_PATTERN})|(^ID$)"
_TRACKING_SYMBOL = "[" + "".join(dict.fromkeys(ALPHABET + ALPHABET.lower())) + "]"
TRACKING_ID_PATTERN = f"^{_TRACKING_SYMBOL}{{5}}-?{_TRACKING_SYMBOL}{{5}}$"
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
UNIT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}\.[a-z0-9][a-z0-9-]{0,62}$"
