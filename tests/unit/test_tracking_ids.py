import math
import re
import secrets
from collections import Counter

import pytest

from chalicelib.domain import tracking
from chalicelib.domain.routing import enclosing_regions, has_authority


def test_tracking_ids_are_short_readable_and_carry_a_check_symbol():
    tracking_id = tracking.new_tracking_id()
    assert len(tracking_id) == 11 and tracking_id[5] == "-"
    assert set(tracking_id.replace("-", "")) <= set(tracking.ALPHABET)
    assert not set("01ILOU") & set(tracking_id)
    assert tracking.normalize_tracking_id(tracking_id) == tracking_id


def test_tracking_ids_do_not_follow_a_sequence():
    ids = {tracking.new_tracking_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert len({tracking_id[:4] for tracking_id in ids}) > 500


def test_an_id_read_out_in_lower_case_or_without_the_hyphen_is_understood():
    assert tracking.normalize_tracking_id("k7m2q x9t4q") == "K7M2Q-X9T4Q"
    assert tracking.normalize_tracking_id("K7M2QX9T4Q") == "K7M2Q-X9T4Q"


def test_every_single_misheard_symbol_is_caught_by_the_check_symbol():
    valid = "K7M2QX9T4Q"
    for position in range(len(valid)):
        for symbol in tracking.ALPHABET:
            if symbol != valid[position]:
                mistaken = valid[:position] + symbol + valid[position + 1:]
                assert tracking.normalize_tracking_id(mistaken) is None, mistaken


def test_swapped_neighbours_are_caught():
    valid = "K7M2QX9T4Q"
    for position in range(len(valid) - 1):
        swapped = valid[:position] + valid[position + 1] + valid[position] + valid[position + 2:]
        if swapped != valid:
            assert tracking.normalize_tracking_id(swapped) is None, swapped


TRACKING_ID = "K7M2Q-X9T4Q"


def test_an_access_code_is_sixteen_symbols_of_the_tracking_alphabet_in_four_groups_and_at_least_75_bits():
    code = tracking.new_access_code()

    assert re.fullmatch(f"[{tracking.ALPHABET}]{{4}}(-[{tracking.ALPHABET}]{{4}}){{3}}", code), code
    assert not set("01ILOU") & set(code)
    assert len(tracking.ALPHABET) == 30
    assert tracking.ACCESS_CODE_BITS == pytest.approx(78.51, abs=0.01)
    assert tracking.ACCESS_CODE_BITS >= 75 > (tracking.ACCESS_CODE_SYMBOLS - 1) * math.log2(len(tracking.ALPHABET))


def test_access_codes_are_random_in_every_position():
    codes = [tracking.new_access_code().replace("-", "") for _ in range(3000)]

    assert len(set(codes)) == len(codes)
    for position in range(tracking.ACCESS_CODE_SYMBOLS):
        seen = Counter(code[position] for code in codes)
        assert set(seen) == set(tracking.ALPHABET), position  # 3000 draws: every symbol turns up
        assert max(seen.values()) < 3 * len(codes) / len(tracking.ALPHABET), position


@pytest.mark.parametrize("typed", ["K7M2-Q9T4-XHWB-3DPA", "k7m2-q9t4-xhwb-3dpa", "K7M2Q9T4XHWB3DPA",
                                   "k7m2 q9t4 xhwb 3dpa", "  K7M2 - Q9T4 - XHWB - 3DPA ", "K7M2–Q9T4—XHWB−3DPA",
                                   "K7M2\u00a0Q9T4\tXHWB\n3DPA"])
def test_a_code_typed_in_any_letter_case_with_or_without_spaces_and_dashes_is_understood(typed):
    assert tracking.normalize_access_code(typed) == "K7M2Q9T4XHWB3DPA"


@pytest.mark.parametrize("typed", ["K7M2-Q9T4-XHWB-3DP", "K7M2-Q9T4-XHWB-3DPAA", "K7M2-Q9T4-XHWB-3DP0",
                                   "K7M2-Q9T4-XHWB-3DPO", "K7M2-Q9T4-XHWB-3DPU", "K7M2-Q9T4-XHWB-3DP!", ""])
def test_what_cannot_be_a_code_is_not_read_as_one(typed):
    """The alphabet has no look-alikes (0/O, 1/I/L) nor U, so a typed one is a wrong code, never another code."""
    assert tracking.normalize_access_code(typed) is None


def test_only_the_salted_hash_of_a_code_is_stored_and_it_opens_its_own_report_only():
    code = tracking.new_access_code()
    stored = tracking.access_code_hash(TRACKING_ID, code)

    assert code not in stored and code.replace("-", "") not in stored
    assert stored != tracking.access_code_hash("K7M2Q-X9T5P", code)  # another report's hash of the same code
    assert tracking.token_matches(code, stored, TRACKING_ID)
    assert tracking.token_matches(code.lower().replace("-", " "), stored, TRACKING_ID)
    assert not tracking.token_matches(code, stored, "K7M2Q-X9T5P")
    wrong = ("2" if code[0] != "2" else "3") + code[1:]
    assert not tracking.token_matches(wrong, stored, TRACKING_ID)


def test_a_long_token_of_a_report_filed_before_codes_still_matches_its_plain_hash():
    token = secrets.token_urlsafe(32)
    stored = tracking.hash_secret(token)

    assert tracking.token_matches(token, stored, TRACKING_ID)
    assert not tracking.token_matches(token + "x", stored, TRACKING_ID)
    assert not tracking.token_matches(token.upper(), stored, TRACKING_ID)  # a token is exact, unlike a code


def test_an_idempotent_retry_recovers_the_same_code_only_with_the_same_key():
    first = tracking.access_code_for_idempotent_request("client-key-0001", "nonce")

    assert tracking.normalize_access_code(first) is not None and len(first) == 19
    assert first == tracking.access_code_for_idempotent_request("client-key-0001", "nonce")
    assert first != tracking.access_code_for_idempotent_request("client-key-0002", "nonce")
    assert first != tracking.access_code_for_idempotent_request("client-key-0001", "other nonce")
    legacy = tracking.legacy_access_token_for_idempotent_request("client-key-0001", "nonce")
    assert len(legacy) == 43 and legacy == tracking.legacy_access_token_for_idempotent_request("client-key-0001", "nonce")


def test_a_sealed_code_opens_only_for_its_row_under_the_stage_secret():
    code = tracking.new_access_code()
    sealed = tracking.seal_access_code("stage-secret", "K7M2Q-X9T4Q.ab12", code)

    assert code not in sealed and code.replace("-", "") not in sealed
    assert sealed != tracking.seal_access_code("stage-secret", "K7M2Q-X9T4Q.ab12", code)  # a fresh nonce each time
    assert tracking.open_sealed_access_code("stage-secret", "K7M2Q-X9T4Q.ab12", sealed) == code
    assert tracking.open_sealed_access_code("stage-secret", "K7M2Q-X9T4Q.cd34", sealed) is None
    assert tracking.open_sealed_access_code("another-secret", "K7M2Q-X9T4Q.ab12", sealed) is None
    assert tracking.open_sealed_access_code("stage-secret", "K7M2Q-X9T4Q.ab12", "not sealed") is None


def test_agencies_have_authority_in_their_region_and_inside_it_national_ones_everywhere():
    assert has_authority("21.72", "21.72")
    assert has_authority("21", "21.72")
    assert has_authority("ID", "64.08")
    assert not has_authority("61.71", "21.72")
    assert not has_authority("2", "21.72")


def test_coordinators_are_looked_for_from_the_region_outwards():
    assert enclosing_regions("21.72") == ["21.72", "21", "ID"]
