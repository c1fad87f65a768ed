"""Which numbers an SMS goes to: Indonesian mobile numbers, however they are written; never a
landline, a toll-free or premium number, or a short code."""
from __future__ import annotations

import pytest

from chalicelib.domain import phones


@pytest.mark.parametrize("written, e164", [
    ("0812 3456 7890", "+6281234567890"),  # Telkomsel
    ("0857-1234-5678", "+6285712345678"),  # Indosat
    ("0896 1234 5678", "+6289612345678"),  # Tri
    ("0817.123.4567", "+628171234567"),  # XL
    ("0838 1234 5678", "+6283812345678"),  # Axis
    ("0881 2345 6789", "+6288123456789"),  # Smartfren
    ("+62 812-3456-7890", "+6281234567890"),
    ("+6281234567890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("+62 (0)812 3456 7890", "+6281234567890"),  # the trunk 0 written after the country code
    ("0811 123456", "+62811123456"),  # an old ten-digit Telkomsel number
    ("0812 3456 78901", "+62812345678901"),  # thirteen digits, the longest
])
def test_mobile_numbers_take_an_sms_in_e164(written, e164):
    assert phones.is_mobile(written)
    assert phones.sms_number(written) == e164


@pytest.mark.parametrize("written, e164", [
    ("021-5551234", "+62215551234"),  # Jakarta
    ("(021) 5551 2345", "+622155512345"),
    ("0771 21234", "+6277121234"),  # Tanjungpinang
    ("0778-456789", "+62778456789"),  # Batam
    ("+62 24 3541234", "+62243541234"),  # Semarang, from abroad
    ("62215551234", "+62215551234"),
    ("0800 1 500 000", "+628001500000"),  # toll-free
    ("0809 1234567", "+628091234567"),  # premium rate
    ("0804 1 500 000", "+628041500000"),  # shared cost
])
def test_landlines_and_service_numbers_are_indonesian_numbers_but_take_no_sms(written, e164):
    assert phones.to_e164(written) == e164
    assert not phones.is_mobile(written)
    assert phones.sms_number(written) is None


@pytest.mark.parametrize("written", [
    "112",  # emergency
    "1500 123",  # a call centre
    "3636",  # an SMS short code
    "0812 345",  # too short for a mobile number
    "0812 3456 789012",  # too long
    "+65 8123 4567",  # Singapore
    "",
    None,
])
def test_short_codes_foreign_and_malformed_numbers_get_no_sms(written):
    assert not phones.is_mobile(written)
    assert phones.sms_number(written) is None


def test_a_mobile_number_of_unlisted_length_is_not_mobile_even_with_a_mobile_prefix():
    assert phones.to_e164("0812 3456 7") == "+6281234567"
    assert not phones.is_mobile("0812 3456 7")  # nine digits written nationally


def test_every_prefix_in_the_numbering_data_is_a_mobile_access_code():
    plan = phones.mobile_plan()
    assert len(plan.prefixes) == 40
    assert all(prefix.startswith("08") and len(prefix) == 4 for prefix in plan.prefixes)
    assert not {"0800", "0804", "0809", "0868"} & plan.prefixes
    assert (plan.min_length, plan.max_length) == (10, 13)
