"""Indonesian phone numbers: one way of writing them (E.164, +62…) and whether one takes an SMS.

A mobile number is the trunk 0 (+62 from abroad), a mobile network's access code (0811, 0857,
0896, …) and the subscriber: 10 to 13 digits written nationally. Which access codes are mobile
is data, ``data/mobile_prefixes.json``, with its source. Everything else (a landline such as
021 or 0771 with its area code, toll-free 0800, premium 0809, a short code) gets no SMS.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MOBILE_PREFIXES_PATH = Path(__file__).parent.parent / "data" / "mobile_prefixes.json"

# The separators people write (0812-3456-7890, (021) 555 1234, 0812.3456.7890) carry nothing.
_SEPARATORS = re.compile(r"[\s().-]")
# +62 / 62 / 0, then the national significant number (never starting with 0: "+62 0812…" is
# "+62 812…" with the trunk 0 written by habit).
_WRITTEN = re.compile(r"^(?:(?:\+62|62)0?|0)([1-9]\d{7,12})$")


@dataclass(frozen=True)
class MobilePlan:
    prefixes: frozenset[str]  # national access codes, "0812"
    min_length: int  # digits written nationally, the 0 included
    max_length: int


@cache
def mobile_plan(path: Path = MOBILE_PREFIXES_PATH) -> MobilePlan:
    data = json.loads(path.read_text(encoding="utf-8"))
    return MobilePlan(frozenset(data["prefixes"]), data["national_length"]["min"], data["national_length"]["max"])


def to_e164(written: str | None) -> str | None:
    """``0812 3456 7890``, ``+62 812-3456-7890``, ``6281234567890`` → ``+6281234567890``;
    None for what is not an Indonesian number."""
    match = _WRITTEN.match(_SEPARATORS.sub("", written or ""))
    return "+62" + match.group(1) if match else None


def is_mobile(number: str | None, plan: MobilePlan | None = None) -> bool:
    """Whether an SMS can reach this number: an Indonesian mobile network's, of a mobile number's length."""
    e164 = to_e164(number)
    if e164 is None:
        return False
    plan = plan or mobile_plan()
    national = "0" + e164[3:]
    return national[:4] in plan.prefixes and plan.min_length <= len(national) <= plan.max_length


def sms_number(number: str | None) -> str | None:
    """The number as SNS takes it (E.164), or None when it cannot take an SMS."""
    return to_e164(number) if is_mobile(number) else None
